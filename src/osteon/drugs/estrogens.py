"""Estrogen-receptor agonists: estradiol (hormone therapy), raloxifene (a SERM) and genistein
(a soy isoflavone), all taken by mouth once a day.

PK (one structure, parameters per drug): an oral dose enters a gut compartment, is absorbed
first-order with a bioavailability on the absorbed flux, and is cleared first-order from one
systemic compartment. Because a daily tablet makes one integration segment a day, each drug
also takes a continuous infusion (``estradiol 1 mg/day oral continuous infusion for 6 months``):
a zero-order input into the gut at the same daily amount, the average of daily dosing (the
within-day peaks and troughs are lost; with half-lives of 9 to 28 hours they are modest).

PD: each sets the integrated model's ``estrogen_agonism``, in units of the premenopausal
estradiol level, added to the endogenous signal:

- estradiol: serum E2 from the drug / premenopausal mean E2 (efficacy 1: it is the hormone);
- raloxifene and genistein: intrinsic activity x receptor occupancy C / (C + EC50) - partial
  agonists at the estrogen receptor in bone. Their intrinsic activities and EC50s are
  assumptions (no measured in-bone value was found); the trial BMD targets show how far off.
"""

from __future__ import annotations

import math

from osteon.drugs.base import MASS_UNITS_MG, Drug, DrugCard, pk
from osteon.model.estimates import estimated
from osteon.model.parameter import Evidence
from osteon.model.spec import Observable, State

_SOWERS = ("Sowers MR et al., J Clin Endocrinol Metab 2008;93:3847, doi:10.1210/jc.2008-1056, "
           "PMID 18647803, text (fitted mean E2 64.5 pg/mL 2 y before the final menstrual "
           "period)")
_KUHL = ("Kuhl H, Climacteric 2005;8 Suppl 1:3, doi:10.1080/13697130500148875 (oral estradiol: "
         "bioavailability about 5 %, elimination half-life 13-20 h), as summarized in a public "
         "encyclopedia text; the review itself was not read")
_LOBO = ("Lobo RA (ed.), Treatment of the Postmenopausal Woman, 3rd ed. 2007 (1 mg/day oral "
         "micronized estradiol gives 30-50 pg/mL serum E2 in postmenopausal women), as quoted in "
         "a public encyclopedia text (secondary source; no DOI or PMID for the book chapter)")
_EVISTA = ("EVISTA (raloxifene HCl) US prescribing information, section 12.3, Table (single dose: "
           "t1/2 27.7 h, CL/F 44.1 L/kg/h; multiple dose: t1/2 32.5 h, CL/F 47.4 L/kg/h; "
           "absolute bioavailability 2 %), text as mirrored publicly; summarized with the same "
           "numbers by Heringa M, Int J Clin Pharmacol Ther 2003;41:331, PMID 12940590, abstract")
_ETTINGER = ("Ettinger B et al., JAMA 1999;282:637, doi:10.1001/jama.282.7.637 (MORE; the BMD "
             "gains were not found in the abstract text read)")
_KING = ("King RA, Bursill DB, Am J Clin Nutr 1998;67:867, doi:10.1093/ajcn/67.5.867, abstract "
         "text (genistein peaks at 8.4 h after a soy meal, elimination half-life 5.7 h)")
_BUSBY = ("Busby MG et al., Am J Clin Nutr 2002;75:126, doi:10.1093/ajcn/75.1.126, PMID 11756070, "
          "abstract text (pseudo half-life of total genistein 9.2 h)")
_MANACH = ("Manach C et al., Am J Clin Nutr 2005;81(1 Suppl):230S, doi:10.1093/ajcn/81.1.230S "
           "(Cmax about 2 uM after 50 mg isoflavones), as quoted in a book chapter on isoflavone "
           "bioavailability (secondary source; the review itself was not read)")
_MARINI = ("Marini H et al., Ann Intern Med 2007;146:839, doi:10.7326/0003-4819-146-12-"
           "200706190-00005, PMID 17577003, abstract")

_GEN_MW = 270.24  # g/mol, genistein (C15H10O5)
_HOUR = 24.0


def _states(pre: str, name: str, scale: float) -> tuple[State, ...]:
    return (State(f"{pre}_gut", "mg", f"{name} in the gut (oral doses)", initial=0.0,
                  scale=scale),
            State(f"{pre}_central", "mg", f"{name} in the body (one systemic compartment)",
                  initial=0.0, scale=scale))


def _rates(pre: str):
    def rates(t, d, m, p, xp):
        absorbed = p[f"{pre}_ka"] * d[f"{pre}_gut"]
        return {
            f"{pre}_gut": p[f"{pre}_input"] - absorbed,
            f"{pre}_central": (p[f"{pre}_F"] * absorbed
                               - math.log(2.0) / p[f"{pre}_half_life"] * d[f"{pre}_central"]),
        }
    return rates


def _input(pre: str, name: str) -> object:
    return pk(f"{pre}_input", 0.0, "mg/day", f"zero-order oral input of {name} (a continuous "
              "infusion standing for the same daily dose)",
              "assumption: simulation input, zero unless a continuous infusion is prescribed",
              Evidence.ASSUMPTION)


# --------------------------------------------------------------------------- estradiol

_E2_HALF_LIFE_H = 16.5  # midpoint of 13-20 h (Kuhl 2005)
_E2_CSS = 40.0  # pg/mL, midpoint of 30-50 pg/mL on 1 mg/day (Lobo 2007)
_E2_F = 0.05
# apparent volume from the steady state of 1 mg/day: Css = F x dose / (k V)
_E2_V = _E2_F * 1.0e9 / (_E2_CSS * 1e3) / (math.log(2.0) / (_E2_HALF_LIFE_H / _HOUR))  # L

ESTRADIOL_PARAMETERS = (
    pk("estradiol_ka", math.log(2.0) / (2.0 / _HOUR), "1/day", "absorption rate constant of "
       "oral estradiol", "assumption: absorption within hours (serum E2 peaks a few hours after "
       "an oral dose); the value (absorption half-life 2 h) only shapes the first hours",
       Evidence.ASSUMPTION, lower_open=True),
    pk("estradiol_F", _E2_F, "dimensionless", "oral bioavailability of estradiol",
       f"{_KUHL}", Evidence.HUMAN_COHORT, bounds=(0.0, 1.0), lower_open=True),
    pk("estradiol_half_life", _E2_HALF_LIFE_H / _HOUR, "day", "elimination half-life of "
       "serum estradiol after oral dosing (includes the estrone/estrone-sulfate reservoir)",
       f"{_KUHL} (midpoint of 13-20 h)", Evidence.HUMAN_COHORT, lower_open=True),
    pk("estradiol_V", _E2_V, "L", "apparent volume of serum estradiol (amount in the body / "
       "serum E2)", f"derived: F x dose / (k x Css) with the steady state of 1 mg/day oral "
       f"(40 pg/mL, midpoint of 30-50 pg/mL; {_LOBO}), F and half-life as above; "
       f"{_KUHL}", Evidence.HUMAN_COHORT, lower_open=True),
    pk("estradiol_premenopausal", 64.5, "pg/mL", "premenopausal mean serum estradiol (the unit "
       "of the model's estrogen signal)", _SOWERS, Evidence.HUMAN_COHORT, lower_open=True),
    pk("estradiol_efficacy", 1.0, "dimensionless", "agonism per premenopausal-equivalent of "
       "serum E2", "assumption: exogenous estradiol is the endogenous hormone, so its serum "
       "level acts like endogenous E2 (efficacy 1)", Evidence.ASSUMPTION),
    _input("estradiol", "estradiol"),
)


def estradiol_serum(d, p):
    """Serum estradiol from the drug, pg/mL."""
    return d["estradiol_central"] / p["estradiol_V"] * 1e6  # mg/L -> pg/mL


def estradiol_effects(d, p, xp):
    return {"estrogen_agonism": p["estradiol_efficacy"] * estradiol_serum(d, p)
            / p["estradiol_premenopausal"]}


ESTRADIOL = Drug(
    id="estradiol",
    card=DrugCard(
        name="estradiol",
        drug_class="estrogen (menopausal hormone therapy)",
        mechanism="restores estrogen-receptor signaling in bone: less osteoblast and T-cell "
                  "RANKL, more OPG, shorter osteoclast life; resorption falls and BMD is kept",
        pk_model="oral: gut (ka) -> one compartment (F, first-order elimination); apparent "
                 "volume from the steady state of 1 mg/day; " + _KUHL,
        pd_model="estrogen_agonism = efficacy x serum E2 from the drug / premenopausal mean E2 "
                 "(64.5 pg/mL, SWAN), added to the endogenous signal",
        usual_regimen="estradiol 1 mg oral daily (with a progestogen if the uterus is intact)",
        notes=("A daily tablet makes one integration segment a day: for months or years of "
               "treatment prescribe 'estradiol 1 mg/day oral continuous infusion for N months', "
               "the same daily amount as a zero-order input (the daily peaks are lost).",
               "The estrone reservoir of oral estradiol is folded into one compartment and its "
               "half-life; estrone's own (weaker) agonism is not counted.",
               "The PK numbers come from secondary sources (a review and a textbook as quoted "
               "in a public encyclopedia), not from a label or a population PK model.",
               "Not modeled: endometrial, breast, venous-thrombosis and cardiovascular effects."),
    ),
    states=_states("estradiol", "estradiol", 1.0),
    parameters=ESTRADIOL_PARAMETERS,
    routes={"oral": "estradiol_gut"},
    amount_unit="mg",
    dose_units=MASS_UNITS_MG,
    rates=_rates("estradiol"),
    effects=estradiol_effects,
    observables=(Observable("estradiol_serum", "pg/mL", "serum estradiol from the drug (on top "
                            "of the endogenous level)"),),
    observe=lambda d, p, xp: {"estradiol_serum": estradiol_serum(d, p)},
    levels=("estradiol_serum",),
    acts_on=("estrogen_agonism",),
    infusion_parameter="estradiol_input",
    infusion_state="estradiol_gut",
)


# --------------------------------------------------------------------------- raloxifene

RALOXIFENE_PARAMETERS = (
    pk("raloxifene_ka", math.log(2.0) / (2.0 / _HOUR), "1/day", "absorption rate constant",
       "assumption: rapid absorption (label: absorbed rapidly; peak times are set by "
       "enterohepatic cycling, which the long half-life here stands for)", Evidence.ASSUMPTION,
       lower_open=True),
    pk("raloxifene_F", 0.02, "dimensionless", "absolute oral bioavailability", _EVISTA,
       Evidence.HUMAN_COHORT, bounds=(0.0, 1.0), lower_open=True),
    pk("raloxifene_half_life", 32.5 / _HOUR, "day", "plasma elimination half-life on multiple "
       "dosing (enterohepatic cycling included)", _EVISTA, Evidence.HUMAN_COHORT,
       lower_open=True),
    pk("raloxifene_CL_F_per_kg", 47.4 * _HOUR, "L/kg/day", "apparent oral clearance per kg on "
       "multiple dosing", _EVISTA, Evidence.HUMAN_COHORT, lower_open=True),
    pk("raloxifene_body_weight", 70.0, "kg", "body weight that scales the per-kg clearance",
       "assumption: a 70 kg woman (the model has no body weight)", Evidence.ASSUMPTION,
       lower_open=True),
    pk("raloxifene_EC50", 0.5, "ng/mL", "plasma raloxifene giving half-maximal agonism in bone",
       "assumption: below the average plasma level on 60 mg/day (about 0.75 ng/mL from the "
       "label's multiple-dose CL/F and a 70 kg woman), so the usual dose occupies most of the "
       "receptors; no measured in-bone potency was found", Evidence.ASSUMPTION,
       lower_open=True),
    pk("raloxifene_intrinsic_activity", estimated("raloxifene_intrinsic_activity"),
       "dimensionless", "maximal agonism in bone relative to the premenopausal estradiol level "
       "(a SERM is a partial agonist in bone)",
       f"fitted to the MORE spine BMD gain (LS +2.6 % vs placebo at 3 y, {_ETTINGER}; MORE.ls); "
       "the femoral-neck gain (+2.1 %, MORE.fn) is the check", Evidence.FITTED,
       bounds=(0.0, 1.0)),
    _input("raloxifene", "raloxifene"),
)


def raloxifene_plasma(d, p):
    """Plasma raloxifene, ng/mL; the apparent volume is CL/F / k (the central state holds the
    absorbed, bioavailable amount, so the volume is CL / k = F x CL/F / k)."""
    k = math.log(2.0) / p["raloxifene_half_life"]
    v = p["raloxifene_F"] * p["raloxifene_CL_F_per_kg"] * p["raloxifene_body_weight"] / k
    return d["raloxifene_central"] / v * 1e3  # mg/L -> ng/mL


def raloxifene_effects(d, p, xp):
    c = raloxifene_plasma(d, p)
    return {"estrogen_agonism": p["raloxifene_intrinsic_activity"] * c
            / (c + p["raloxifene_EC50"])}


RALOXIFENE = Drug(
    id="raloxifene",
    card=DrugCard(
        name="raloxifene",
        drug_class="selective estrogen-receptor modulator (SERM)",
        mechanism="an estrogen-receptor agonist in bone (antagonist in breast and uterus): "
                  "lowers resorption less than estradiol",
        pk_model="oral: gut (ka) -> one compartment, F 2 %, half-life 32.5 h, apparent CL/F "
                 "47.4 L/kg/h (multiple dose); " + _EVISTA,
        pd_model="estrogen_agonism = intrinsic activity x C / (C + EC50) (partial agonist; "
                 "intrinsic activity fitted to MORE spine BMD, EC50 an assumption)",
        usual_regimen="raloxifene 60 mg oral daily",
        notes=("For long runs prescribe 'raloxifene 60 mg/day oral continuous infusion for N "
               "years' (the daily amount as a zero-order input).",
               "The label's PK numbers are read from a public mirror of the label text and a "
               "review abstract (Heringa 2003), not from the FDA document itself.",
               "MORE: vertebral fractures 10.1 % placebo vs 6.6 % on 60 mg at 36 months "
               f"({_ETTINGER}, abstract text). Not modeled: venous thromboembolism, hot "
               "flushes, breast-cancer risk reduction."),
        targets=("MORE",),
    ),
    states=_states("raloxifene", "raloxifene", 1.0),
    parameters=RALOXIFENE_PARAMETERS,
    routes={"oral": "raloxifene_gut"},
    amount_unit="mg",
    dose_units=MASS_UNITS_MG,
    rates=_rates("raloxifene"),
    effects=raloxifene_effects,
    observables=(Observable("raloxifene_plasma", "ng/mL", "plasma raloxifene"),),
    observe=lambda d, p, xp: {"raloxifene_plasma": raloxifene_plasma(d, p)},
    levels=("raloxifene_plasma",),
    acts_on=("estrogen_agonism",),
    infusion_parameter="raloxifene_input",
    infusion_state="raloxifene_gut",
)


# --------------------------------------------------------------------------- genistein

_GEN_T12_H = 9.2  # total genistein (Busby 2002)
_GEN_TMAX_H = 8.4  # King & Bursill 1998


def _ka_from_tmax(tmax: float, ke: float) -> float:
    """Absorption rate constant (same unit as 1/tmax) giving a one-compartment peak at tmax."""
    lo, hi = ke * 1.0001, 50.0 * ke
    for _ in range(200):  # bisection: tmax falls as ka rises
        mid = 0.5 * (lo + hi)
        t = math.log(mid / ke) / (mid - ke)
        lo, hi = (mid, hi) if t > tmax else (lo, mid)
    return 0.5 * (lo + hi)


_GEN_KE_H = math.log(2.0) / _GEN_T12_H
_GEN_KA_H = _ka_from_tmax(_GEN_TMAX_H, _GEN_KE_H)
# apparent volume V/F from a peak of 2 uM after a single 50 mg dose
_GEN_PEAK_PER_F_V = _GEN_KA_H / (_GEN_KA_H - _GEN_KE_H) * (
    math.exp(-_GEN_KE_H * _GEN_TMAX_H) - math.exp(-_GEN_KA_H * _GEN_TMAX_H))
_GEN_V_F = _GEN_PEAK_PER_F_V * (50.0 / _GEN_MW * 1e3) / 2.0  # umol / uM = L

GENISTEIN_PARAMETERS = (
    pk("genistein_ka", _GEN_KA_H * _HOUR, "1/day", "absorption rate constant",
       f"derived: the one-compartment absorption rate that puts the peak at 8.4 h with the "
       f"9.2 h half-life ({_KING}; {_BUSBY})", Evidence.HUMAN_COHORT, lower_open=True),
    pk("genistein_F", 1.0, "dimensionless", "bioavailability on the absorbed flux (folded into "
       "the apparent volume V/F)", "assumption: F is not separated from the volume; the "
       "apparent volume V/F carries it", Evidence.ASSUMPTION, bounds=(0.0, 1.0),
       lower_open=True),
    pk("genistein_half_life", _GEN_T12_H / _HOUR, "day", "elimination half-life of total "
       "genistein", _BUSBY, Evidence.HUMAN_COHORT, lower_open=True),
    pk("genistein_V_F", _GEN_V_F, "L", "apparent volume V/F of total plasma genistein",
       f"derived: the volume giving a 2 uM peak after 50 mg with the absorption and half-life "
       f"above ({_MANACH}; treated as genistein alone); {_BUSBY}", Evidence.HUMAN_COHORT,
       lower_open=True),
    pk("genistein_EC50", 1.0, "umol/L", "plasma total genistein giving half-maximal agonism",
       "assumption: the order of the plasma levels reached on dietary-supplement doses (about "
       "1-4 uM); no in-bone potency was found", Evidence.ASSUMPTION, lower_open=True),
    pk("genistein_intrinsic_activity", 0.3, "dimensionless", "maximal agonism in bone relative "
       "to the premenopausal estradiol level (weak partial agonist)",
       "assumption: a phytoestrogen with weak estrogen-receptor agonism, below raloxifene's "
       "(0.3, chosen when raloxifene's was an assumed 0.5); not fitted - Marini 2007's BMD "
       f"effect is far larger ({_MARINI})",
       Evidence.ASSUMPTION, bounds=(0.0, 1.0)),
    _input("genistein", "genistein"),
)


def genistein_plasma(d, p):
    """Plasma total genistein, umol/L."""
    return d["genistein_central"] / _GEN_MW * 1e3 / p["genistein_V_F"]


def genistein_effects(d, p, xp):
    c = genistein_plasma(d, p)
    return {"estrogen_agonism": p["genistein_intrinsic_activity"] * c
            / (c + p["genistein_EC50"])}


GENISTEIN = Drug(
    id="genistein",
    card=DrugCard(
        name="genistein",
        drug_class="phytoestrogen (soy isoflavone)",
        mechanism="a weak estrogen-receptor agonist (ER-beta preferring)",
        pk_model="oral: gut (ka) -> one compartment; half-life 9.2 h (Busby 2002), peak 8.4 h "
                 "(King & Bursill 1998), apparent V/F from a 2 uM peak after 50 mg "
                 "(Manach 2005, secondary)",
        pd_model="estrogen_agonism = intrinsic activity x C / (C + EC50) (both assumptions)",
        usual_regimen="genistein 54 mg oral daily (Marini 2007)",
        notes=("Marini 2007 (54 mg/day for 24 months, osteopenic postmenopausal women): LS BMD "
               "+0.049 g/cm2 vs -0.053 g/cm2 on placebo, FN +0.035 vs -0.037 g/cm2 "
               f"({_MARINI}); not reproduced: the assumed weak agonism gives far less "
               "(MARINI.ls, missed).",
               "For long runs prescribe 'genistein 54 mg/day oral continuous infusion for N "
               "months'."),
        targets=("MARINI",),
    ),
    states=_states("genistein", "genistein", 50.0),
    parameters=GENISTEIN_PARAMETERS,
    routes={"oral": "genistein_gut"},
    amount_unit="mg",
    dose_units=MASS_UNITS_MG,
    rates=_rates("genistein"),
    effects=genistein_effects,
    observables=(Observable("genistein_plasma", "umol/L", "plasma total genistein"),),
    observe=lambda d, p, xp: {"genistein_plasma": genistein_plasma(d, p)},
    levels=("genistein_plasma",),
    acts_on=("estrogen_agonism",),
    infusion_parameter="genistein_input",
    infusion_state="genistein_gut",
)

DRUGS = {d.id: d for d in (ESTRADIOL, RALOXIFENE, GENISTEIN)}
