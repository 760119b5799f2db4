"""Endocrine module: the Peterson & Riggs 2010 calcium-PTH-calcitriol-phosphate system.

The equations and parameters are those of the ``peterson_riggs2010`` reference model (one source
of truth); here they are coupled to this model's bone cells, and PTH secretion can be normal,
continuously excessive (autonomous secretion, as in primary hyperparathyroidism) or pulsatile
(a smooth periodic bump, the pattern of once-daily PTH injections or of pulsatile secretion).
"""

from __future__ import annotations

import dataclasses
import math

from osteon.library import peterson_riggs2010 as pr
from osteon.library.integrated._common import FAST_STATE_TOLERANCE, PR2010, param
from osteon.model.parameter import Evidence

#: Bone calcium. Qbone (non-exchangeable, the skeleton's mineral) is not a state: the skeleton is
#: the bone_mass module's, so the model has one bone mass, not two. Q, the immediately
#: exchangeable calcium of the bone surfaces, is a state. By default (calcium_mass_balance 0) it
#: is PR2010's: release J14 is written with the constant Q0, bone calcium's net flux to plasma
#: J14 - J15 follows the cell ratios, not the bone the cells make or remove, and Q is held at Q0
#: (as an integrator of J15 - J14, which nothing reads, it drifted below zero under sustained
#: high resorption). With calcium_mass_balance 1, plasma exchanges with Q through J14, read at
#: Q's content (J14 Q / Q0), and J15 (uptake, which follows plasma calcium and so buffers it),
#: and Q pays for the mineral the skeleton gains (or takes what it loses; the osteoid of
#: bone_mass takes its mineral after a lag): total body calcium is conserved between gut,
#: plasma, Q, the skeleton and urine.
_DROPPED = ("Qbone",)
#: PR2010's states this model names otherwise (PR name -> this model's): PR's plasma PTH amount
#: ``PTH`` (pmol) differed from this model's plasma PTH concentration ``pth`` (pmol/L) only by
#: case, so a trajectory could not go to a case-insensitive store (SQL, Excel, a file system)
RENAMED = {"PTH": "PTH_amount"}
#: PR2010's states that relax within hours (plasma PTH and phosphate, the subcutaneous PTH
#: depots; relaxation times at the reference steady state 8 min to 1.4 h): the solver holds
#: them to FAST_STATE_TOLERANCE times its tolerances (a solver setting, not a model change)
FAST_STATES = ("PTH", "SC", "ECCPhos", "TERISC")
STATES = tuple(dataclasses.replace(s, name=RENAMED.get(s.name, s.name),
                                   tolerance=FAST_STATE_TOLERANCE if s.name in FAST_STATES else 1.0)
               for s in pr.STATES if s.name in pr.ENDOCRINE_STATES and s.name not in _DROPPED)
#: PR2010's molar ratio of phosphate to calcium in bone mineral exchange (J41 = 0.464 J14)
PHOSPHATE_PER_CALCIUM = 0.464
_NAMES = {s.name for s in pr.STATES if s.name in pr.ENDOCRINE_STATES and s.name not in _DROPPED}

#: PR parameters the endocrine equations read (the bone-cell baselines they need included)
_USED = ("V1", "GFR", "Q0", "OC0", "CaDay", "J14OCgam", "J14OCmax", "FracJ14", "MOCratioGam",
         "FracJ15", "HApMRT", "PhosEffGam", "PO4inhPTHgam", "PhosEff0",
         "PhosEff50", "AlphOHgam", "T67", "T65", "T35", "CaPOgam", "T33", "T34", "Reabs50",
         "T16", "T7", "T9", "ScaEffGam", "T71", "T70", "T46", "T52", "T49", "T55", "T28", "T0",
         "T81", "T87", "T77", "T80", "CtriolPTgam", "CtriolMax", "CtriolMin", "PTout", "T58",
         "T59", "T61", "IPTHinf", "T57", "TERICL", "TERIVC", "T69", "IPTHint", "T64", "OralCa",
         "OralPhos", "F12", "QboneInit")

#: molar mass of calcium, g/mol (standard atomic weight)
CA_MOLAR_MASS = 40.078

#: read from the abstract; its DOI and PMID were not at hand, so the values are carried as
#: labelled assumptions (the registry asks a DOI or PMID of a sourced value)
HEANEY_ABRAMS_2004 = ("assumption: the values of Heaney RP, Abrams SA, J Clin Endocrinol Metab "
                      "2004;89(3):1193 (jcem.endojournals.org/cgi/content/full/89/3/1193; DOI "
                      "and PMID not at hand), abstract text: 553 calcium balance studies in women "
                      "of mean age 48.8 y pooled with 76 in girls give an endogenous fecal "
                      "calcium of 0.8067 mg/cm height per day at 0 % and 0.1799 at 100 % "
                      "absorption; total digestive entry = EFC / [0.223 + 0.777 (1 - fractional "
                      "absorption)]")

PARAMETERS = (
    *(p for p in pr.PARAMETERS if p.name in _USED),
    param("digestive_calcium_entry", 0.8067, "mg/cm/day", "calcium entering the gut from "
          "digestive secretions and sloughed mucosa per cm of body height (the endogenous fecal "
          "calcium at 0 % absorption); it does not scale with intake",
          HEANEY_ABRAMS_2004, Evidence.ASSUMPTION),
    param("digestive_calcium_distal_share", 0.1799 / 0.8067, "dimensionless", "share of the "
          "digestive calcium entry that enters beyond the absorptive surface (lost to the "
          "feces even at 100 % absorption)", f"{HEANEY_ABRAMS_2004}; 0.1799 / 0.8067 = 0.223",
          Evidence.ASSUMPTION, bounds=(0.0, 1.0)),
    param("body_height", 161.3, "cm", "body height (scales the digestive calcium entry)",
          "assumption: the mean height of US women aged 20 and over, 161.3 cm (63.5 in; "
          "NHANES 2015-2018, Fryar CD et al., Vital Health Stat 3(46), 2021; quoted, not read)",
          Evidence.ASSUMPTION, lower_open=True),
    param("calcium_mass_balance", 1.0, "dimensionless", "1: the mineral the bone compartments "
          "gain is drawn from plasma through the exchangeable bone calcium Q, whose release is "
          "read at its content (calcium is conserved); 0: PR2010's exchange, release at the "
          "constant Q0 and a net bone flux that follows the cell ratios, Q held at Q0 "
          "(intermediate values blend the two)",
          "assumption: on by default (the shipped estimates were fitted with it on; 0 "
          "reproduces PR2010's exchange; README, Conditions: calcium mass balance)",
          Evidence.ASSUMPTION, bounds=(0.0, 1.0)),
    param("calcium_excretion_nephron_scaling", 0.0, "dimensionless", "0: PR2010's renal "
          "calcium reabsorption, whose capacity leaves the healthy adult's baseline excretion "
          "(0.149997 mmol/hour) as a constant, so that at any GFR the same amount is excreted "
          "at the healthy plasma calcium, PTH and calcitriol (its fraction of the filtered load "
          "grows as 1/GFR); 1: that baseline excretion scales with GFR (x GFR / 6 L/hour), so "
          "the healthy fraction (3.5 % of the PTH-sensitive load) is excreted at any GFR and "
          "urine calcium falls with GFR; intermediate values blend the two. Off by default: "
          "on, a man of 54 at eGFR 22 holds plasma calcium at 2.45 mmol/L with PTH only 1.3-fold "
          "(1.1-fold at eGFR 37), where PTH rises at eGFR 30-44 (iPTH >= 70 pg/mL in 38 % vs "
          "8 % at eGFR >= 60: NHANES 2003-2004, 3949 adults, PMC2615703, abstract) and "
          "calcium stays near 2.30 mmol/L in CKD 3-4 (9.2 +- 0.7 mg/dL, 2144 patients: Lim "
          "LM et al., BMC Nephrol 2014;15:183, doi:10.1186/1471-2369-15-183, abstract): the "
          "kidney retains the calcium and PR2010's parathyroid pool, grown with the fall of "
          "calcitriol, raises plasma calcium instead of PTH",
          "assumption: the intact-nephron hypothesis (the nephrons left in chronic kidney "
          "disease each filter and reabsorb as healthy ones do; Bricker NS et al., Am J Med "
          "1960;28:77; DOI and PMID not at hand) applied to PR2010's renal calcium "
          f"reabsorption ({PR2010}, renal calcium handling); 24-h urine calcium falls with "
          "eGFR in CKD (CRIC, 3768 patients: Liu J et al., J Clin Endocrinol Metab "
          "2022;107:e281, doi:10.1210/clinem/dgab574, abstract); 0 reproduces PR2010",
          Evidence.ASSUMPTION, bounds=(0.0, 1.0)),
    param("pth_reference", 3.85, "pmol/L", "plasma PTH of the young adult, which maps to "
          "Pivonka 2008's bone-cell PTH (2.907 pM)",
          f"{PR2010}, Table 1 (baseline PTH 3.85 pmol/L)", Evidence.PUBLISHED_MODEL,
          lower_open=True),
    param("pth_pulse_secretion", 0.0, "pmol/hour", "mean rate of pulsatile PTH secretion or "
          "delivery added to plasma PTH (0 = no pulses)",
          "assumption: input for pulsatile PTH; 0 at baseline", Evidence.ASSUMPTION),
    param("pth_pulse_period", 1.0, "day", "period of PTH pulses",
          "assumption: input for pulsatile PTH (once daily by default)", Evidence.ASSUMPTION,
          lower_open=True),
    param("serum_25ohd", 30.0, "ng/mL", "the subject's own serum 25-hydroxyvitamin D (vitamin D "
          "status; a deficiency condition lowers it, supplements add to it)",
          "assumption: a vitamin D replete adult, at the 30 ng/mL sufficiency threshold of Holick "
          "MF et al., J Clin Endocrinol Metab 2011;96:1911, doi:10.1210/jc.2011-0385, PMID "
          "21646368 (guideline text); any level above vitd_breakpoint acts the same",
          Evidence.ASSUMPTION, lower_open=True),
    param("vitd_breakpoint", 17.6, "ng/mL", "serum 25(OH)D below which renal calcitriol "
          "synthesis becomes substrate-limited (PR2010's T65 x min(25(OH)D / breakpoint, 1), "
          "first order below it: assumption)",
          "PTH rises below a 25(OH)D breakpoint of 44 nmol/L (17.6 ng/mL) (Aloia JF et al., Am J "
          "Clin Nutr 2006;84:602, doi:10.1093/ajcn/84.3.602, PMID 16960175, abstract text)",
          Evidence.HUMAN_COHORT, lower_open=True),
    param("pth_pulse_width", 2.0, "hour", "width (standard deviation) of each PTH pulse",
          "assumption: input for pulsatile PTH; plasma PTH stays raised for a few hours after a "
          "subcutaneous injection", Evidence.ASSUMPTION, lower_open=True),
)

missing = set(_USED) - {p.name for p in PARAMETERS}
if missing:  # pragma: no cover - a programming error caught at import
    raise ImportError(f"peterson_riggs2010 lacks parameters {sorted(missing)}")


def pulse(t, p, xp):
    """Pulsatile PTH (pmol/hour): a von Mises bump per period with the given mean rate."""
    period_h = p["pth_pulse_period"] * 24.0
    kappa = (period_h / (2.0 * math.pi * p["pth_pulse_width"])) ** 2
    phase = 2.0 * math.pi * (t * 24.0) / period_h
    # normalized so its mean over a period is 1 (large-kappa Laplace approximation of I0)
    shape = xp.exp(kappa * (xp.cos(phase) - 1.0)) * xp.sqrt(2.0 * math.pi * kappa)
    return p["pth_pulse_secretion"] * shape


def rates(t, s, p, xp, *, oc_ratio, moc_ratio, ob_ratio):
    """Derivatives per DAY of the endocrine states, and the PR signals (pth_conc, ca_conc...)."""
    # no non-exchangeable pool (the skeleton is bone_mass's); release reads Q below
    p = {**p, "k14a": 0.0}
    s = {**s, "Qbone": 0.0, **{pr_name: s[name] for pr_name, name in RENAMED.items()}}
    # vitamin D status: 1-alpha-hydroxylation is substrate-limited below the breakpoint
    vitd = xp.minimum((p["serum_25ohd"] + p["vitamin_d_repletion"]) / p["vitd_breakpoint"], 1.0)
    p = {**p, "T65": p["T65"] * vitd}
    # a PTH1R agonist that is not PTH (abaloparatide) acts on the kidney and 1-alpha-hydroxylase
    # beside plasma PTH, without entering the PTH mass balance
    out = pr.endocrine(s, p, xp, oc_ratio=oc_ratio, moc_ratio=moc_ratio, ob_ratio=ob_ratio,
                       phos_effect_floor=True, pth_agonist=p["pth_receptor_agonism"],
                       calcium_excretion_nephron_scaling=p["calcium_excretion_nephron_scaling"])
    out["PTH"] = out["PTH"] + pulse(t, p, xp)
    # PR writes release with the constant Q0; with the mass balance on it is read at the
    # exchangeable pool's content, and the pool pays for the bone's mineral (model.rhs)
    m = p["calcium_mass_balance"]
    release = out["J14"] * (1.0 + m * (s["Q"] / p["Q0"] - 1.0))
    out["P"] = out["P"] + release - out["J14"]
    out["ECCPhos"] = out["ECCPhos"] + PHOSPHATE_PER_CALCIUM * (release - out["J14"])
    out["J14"] = release
    # off, Q relaxes to Q0 at the exchange's own rate (J14 / Q0, about a day)
    out["Q"] = m * (out["J15"] - release) + (1.0 - m) * (p["Q0"] - s["Q"]) * out["J14"] / p["Q0"]
    # supplement calcium joins the absorbable gut pool at the gut's true fractional absorption
    true_fraction = true_absorption_fraction(out["F11"], p)
    out["T"] = out["T"] + p["calcium_supplement"] * true_fraction
    derivs = {RENAMED.get(k, k): 24.0 * out[k] for k in _NAMES}
    signals = {k: out[k] for k in pr.ENDOCRINE_SIGNALS}
    signals["ca_true_absorption"] = true_fraction
    return derivs, signals


def true_absorption_fraction(net_fraction, p):
    """The gut's true fractional calcium absorption, from PR2010's net fraction of the diet.

    PR2010 absorbs a calcitriol-regulated share F11 of the oral intake I, net of the calcium that
    digestive secretions bring into the gut (its urine balances that net uptake). Heaney & Abrams
    2004 split the secretions' calcium E (set by body size, not by intake) into a part entering
    before the absorptive surface, absorbed with the food's efficiency a, and a distal share d
    lost in full: endogenous fecal calcium = E (1 - (1 - d) a). So F11 I = a I - E (1 - (1 - d) a),
    and a = (F11 I + E) / (I + (1 - d) E). Calcium added to the diet is absorbed at a and brings
    no extra secretion, so it is not charged the endogenous loss that F11 carries (assumption:
    a is that of the diet, no saturation at the added load).
    """
    entry = p["digestive_calcium_entry"] * p["body_height"] / CA_MOLAR_MASS / 24.0  # mmol/hour
    diet = p["OralCa"]
    return (net_fraction * diet + entry) / (diet + (1.0 - p["digestive_calcium_distal_share"])
                                            * entry)
