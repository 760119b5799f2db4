"""The vessel wall: osteogenic transition of vascular smooth muscle and medial calcification.

No published mechanistic ODE model of vascular calcification was found to reproduce (see the
model card), so this module is this project's own, built from the mechanisms the literature
describes and labelled so parameter by parameter:

    D = g_age SASP_sys + g_E (1 - E)+ + g_infl inflammation + g_kl (1 - klotho)
        + g_rankl (RANKL / RANKL_young) (1 - OPG_vessel)+ + g_pi (Pi - Pi_thr)+ / Pi_thr

    d f / dt = k_on D (1 - f) - k_off f                        osteogenic VSMC fraction
    d C / dt = k_min f (Pi / Pi_young) (1 + u_kl (1 - klotho)) (1 + u_mgp (1 - MGP)) (1 + C / C_seed)
                 x (1 - C / 24)

- ``f``: fraction of medial smooth muscle cells that have taken the osteochondrogenic
  (RUNX2-expressing) phenotype; 0 in the young adult. High phosphate induces RUNX2 (Cbfa-1)
  above the physiological 1.4 mmol/L (Jono S et al., Circ Res 2000;87:e10, abstract text);
  inflammation, estrogen loss, aging (systemic SASP) and klotho loss push the transition;
  RANKL acts on vascular cells only where OPG is lacking (RANKL enhances calcification only in
  OPG-deficient VSMCs: Callegari A et al., J Vasc Res 2014;51:118, abstract text), so RANKL
  blockade leaves calcification unchanged in adults with normal OPG (FREEDOM: progression 22 %
  on denosumab and on placebo, Samelson EJ et al., J Bone Miner Res 2014;29:450, abstract
  text). ``OPG_vessel`` is the vessel wall's own OPG relative to the young adult's (what
  vascular cells make, plus exogenous OPG: :func:`.rankl_opg.vessel_opg`), not the marrow's
  free OPG: osteoblastic OPG falls for hours after every teriparatide injection and with
  estrogen loss, and reading it here made each injection switch the vessel drive on (and
  menopause raise it) with no evidence that the artery follows marrow OPG.
- ``C``: the calcification index, mineral laid down by osteogenic cells, faster at higher
  phosphate, when klotho no longer restrains phosphate uptake (Hu MC et al., J Am Soc Nephrol
  2011;22:124, abstract text), where mineral is already there to seed more (the last factor:
  hydroxyapatite crystals nucleate further growth), only on wall not yet calcified (the last
  factor, 1 - C / 24: the score grades the calcified share of each wall segment, so 24 is a
  wall calcified throughout and the index can approach it but never pass it; an assumption
  of the form, taken from the score's construction, Kauppila 1997) and when matrix Gla
  protein is lacking
  (MGP-null mice die of arterial calcification: Luo G et al., Nature 1997;386:78, doi:10.1038/386078a0,
  PMID 9052783, abstract text). Hydroxyapatite once formed is not resorbed (Millan A et al.,
  Front Cell Dev Biol 2021, doi:10.3389/fcell.2021.633465, review): C has no loss term, so
  OPG given after calcification has formed prevents more but does not reverse it (Min H et al.,
  J Exp Med 2000;192:463, abstract text). Wherever ``f`` > 0 at the start (klotho below 1,
  inflammation, vascular OPG lacking, phosphate above the threshold, extra SASP), ``C`` has no
  steady state but the top of the score (24, reached only as time runs out); no other rate
  reads it, so it is declared accumulating: the steady-state start solves the rest and ``C``
  starts at its initial value, 0, and grows.

The index is on the scale of the semiquantitative aortic calcification score read on lateral
lumbar films in the Framingham cohort, and calibrated to its 25-year course in men (Kiel DP et
al., Calcif Tissue Int 2001;68:271, abstract text: men 1.6 -> 9.6, women 1.2 -> 9.9), which sets
the level, the seeding and the estrogen gain (the women's 25-year value). The ages of
that cohort are not in the abstract; the films of 1967-70 are taken at age 55 (assumption: the
original cohort was 30-62 years old at enrolment in 1948-51, and the 25-year survivors are its
younger part).
"""

from __future__ import annotations

from osteon.library.integrated._common import assumption, fitted, param
from osteon.model.estimates import estimated
from osteon.model.parameter import Evidence
from osteon.model.spec import Observable, State

JONO = "Jono S et al., Circ Res 2000;87:e10, doi:10.1161/01.RES.87.7.e10, abstract text"
KIEL = ("aortic calcification index of the Framingham cohort over 25 years (Kiel DP et al., "
        "Calcif Tissue Int 2001;68:271, doi:10.1007/BF02390833, abstract text)")

STATES = (
    State("vsmc_osteogenic", "dimensionless", "fraction of medial vascular smooth muscle cells "
          "in the osteochondrogenic (RUNX2+) phenotype", initial=0.0, scale=0.01),
    State("vascular_calcification", "dimensionless", "vessel-wall calcification index (mineral "
          "laid down; not resorbed)", initial=0.0, scale=1.0, accumulates=True),
)

#: the reference phosphate of Peterson & Riggs 2010 (their phosphate effects are relative to it)
PHOSPHATE_YOUNG = 1.2  # mmol/L

#: the top of the score the index is fitted on: lateral lumbar films, aortic wall at L1-L4,
#: anterior and posterior wall graded 0-3 per segment, summed (antero-posterior severity score,
#: "AAC-24": KAUPPILA)
SCORE_MAX = 24.0
KAUPPILA = ("Kauppila LI et al., Atherosclerosis 1997;132:245, doi:10.1016/S0021-9150(97)00106-8, "
            "PMID 9242971, abstract text")

OBSERVABLES = (
    Observable("vascular_calcification_index", "dimensionless", "vessel-wall (aortic medial) "
               "calcification index; 0 = none, on the scale of the Framingham aortic "
               f"calcification score of lateral lumbar films (0-24, {KAUPPILA}; it approaches "
               "24, a wall calcified throughout, and cannot pass it)"),
)

PARAMETERS = (
    assumption("vsmc_transition_rate", 1.0, "1/year", "rate of the osteogenic transition of "
               "VSMCs per unit of drive",
               "phenotype switching takes days to weeks in culture (Jono 2000); in vivo slower, "
               "set to one per year per unit drive"),
    assumption("vsmc_reversion_rate", 1.0, "1/year", "rate at which osteogenic VSMCs return "
               "to the contractile phenotype when the drive falls",
               "the phenotype is reversible in culture when phosphate normalises; not measured "
               "in vivo"),
    assumption("vascular_aging_gain", 0.02, "dimensionless", "osteogenic drive per unit of "
               "systemic SASP (inflammaging)",
               "sets the unit of the drive (about 0.1 at 75 years: a tenth of the media "
               "osteogenic); the level of calcification is fitted through calcification_rate"),
    fitted("vascular_estrogen_gain", estimated("vascular_estrogen_gain"), "dimensionless",
           "osteogenic drive per unit of estradiol deficit below the young adult (estrogen "
           "deficiency is taken to raise calcification, as it goes with faster bone loss in "
           "women; it was an assumed 0.027, which gave the women 11.2 at 80)",
           f"the women's 25-year course beside the men's ({KIEL}: women 1.2 -> 9.9, men 1.6 -> "
           f"9.6), fitted together with the level and the seeding: the similar courses of both "
           f"sexes leave a small estrogen effect"),
    assumption("vascular_inflammation_gain", 0.1, "dimensionless", "osteogenic drive per unit "
               "of inflammation",
               "IL-6 and TNF-alpha promote the osteogenic transition of VSMCs (Callegari 2014); "
               "size chosen (one unit of inflammation = the drive of aging at about 76 years)"),
    assumption("vascular_klotho_gain", 0.5, "dimensionless", "osteogenic drive at klotho = 0",
               "klotho-null and klotho-haploinsufficient mice calcify (Hu 2011; Memon F et al., "
               "Kidney Int 2008;74:566, doi:10.1038/ki.2008.218, abstract text); size chosen"),
    assumption("vascular_rankl_gain", 0.5, "dimensionless", "osteogenic drive of RANKL (per "
               "unit of free RANKL relative to the young adult) where OPG is fully lacking",
               "OPG-null mice calcify the aorta and renal arteries from 2 weeks of age (Bucay N "
               "et al., Genes Dev 1998;12:1260, PMID 9573043, abstract text); size chosen"),
    param("phosphate_calcification_threshold", 1.4, "mmol/L", "phosphate above which VSMCs "
          "take the osteogenic phenotype and mineralise", JONO, Evidence.IN_VITRO,
          lower_open=True),
    assumption("vascular_phosphate_gain", 5.0, "dimensionless", "osteogenic drive per relative "
               "phosphate excess over the threshold",
               f"dose-dependent mineralisation above the threshold ({JONO}); size chosen"),
    fitted("calcification_rate", estimated("calcification_rate"),
           "1/year", "index laid down per year by a fully "
           "osteogenic media at the young adult's phosphate, before seeding",
           f"{KIEL}, men: level (films at age 55 and 80, assumption)"),
    fitted("calcification_seed", estimated("calcification_seed"),
           "dimensionless", "index at which existing mineral "
           "doubles the growth rate (crystal nucleation on mineral already there), before the "
           "uncalcified wall left (1 - C / 24) slows it",
           f"{KIEL}, men: the 6-fold rise over 25 years"),
    assumption("klotho_phosphate_uptake_gain", 1.0, "dimensionless", "rise of VSMC phosphate "
               "uptake (mineral growth) at klotho = 0",
               "klotho suppresses sodium-dependent phosphate uptake by VSMCs (Hu 2011); size "
               "chosen (uptake doubles without klotho)"),
    assumption("mgp_inhibition_gain", 4.0, "dimensionless", "rise of mineral growth without "
               "carboxylated MGP", "MGP-null arteries calcify within weeks (Luo 1997); size "
               "chosen"),
)


def rates(f, c, phosphate, estrogen, sasp_systemic, rankl_rel, opg_rel, p, xp):
    """d f/dt and d C/dt per day (``f`` osteogenic fraction, ``c`` calcification index)."""
    excess_pi = xp.maximum(phosphate - p["phosphate_calcification_threshold"], 0.0)
    drive = (p["vascular_aging_gain"] * sasp_systemic
             + p["vascular_estrogen_gain"] * xp.maximum(1.0 - estrogen, 0.0)
             + p["vascular_inflammation_gain"] * p["inflammation"]
             + p["vascular_klotho_gain"] * (1.0 - p["klotho"])
             + p["vascular_rankl_gain"] * rankl_rel * xp.maximum(1.0 - opg_rel, 0.0)
             + p["vascular_phosphate_gain"] * excess_pi / p["phosphate_calcification_threshold"])
    df = (p["vsmc_transition_rate"] * drive * (1.0 - f) - p["vsmc_reversion_rate"] * f) / 365.25
    growth = (p["calcification_rate"] * f * phosphate / PHOSPHATE_YOUNG
              * (1.0 + p["klotho_phosphate_uptake_gain"] * (1.0 - p["klotho"]))
              * (1.0 + p["mgp_inhibition_gain"] * (1.0 - p["mgp_activity"]))
              * (1.0 + c / p["calcification_seed"])
              * (1.0 - c / SCORE_MAX))
    return df, growth / 365.25
