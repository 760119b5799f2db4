"""Drivers of the integrated model that change with age: estrogen, IGF-1, systemic SASP,
marrow adipogenic drift, and the mechanical loading input.

Every driver is a pure function of the subject's age (years) and parameters, normalized to 1
(or 0 for an added burden) in the young adult at ``AGE_REF`` years, so the young-adult steady
state of the integrated model is the steady state of its published core.
"""

from __future__ import annotations

from osteon.library.integrated import disease
from osteon.library.integrated._common import YEAR, assumption, fitted, handset, param, switch
from osteon.model.estimates import estimated
from osteon.model.parameter import Evidence

#: the young-adult reference age at which every age driver equals its baseline (years)
AGE_REF = 25.0
#: the ages the model is built and checked for (years; the card's scope, and its life-course
#: experiment from 25 to 90): a run past 90 is warned (osteon.simulate), its drivers
#: extrapolated
AGE_SCOPE = (AGE_REF, 90.0)
#: the oldest start, as the oldest patient (osteon.patient.AGE_RANGE)
AGE_START_MAX = 100.0

SWAN_E2 = ("Sowers MR et al., J Clin Endocrinol Metab 2008;93:3847, "
           "doi:10.1210/jc.2008-1056, PMID 18647803")

BAUM2018 = ("Baum T et al., Front Endocrinol 2018;9:141, doi:10.3389/fendo.2018.00141")

PARAMETERS = (
    param("age_start", AGE_REF, "year", "age of the subject at t = 0 (the drivers are evaluated "
          "at age_start + t)", "assumption: simulation input; the life course starts from the "
          "young-adult steady state at 25 years (no younger start: the drivers are not at rest "
          "before it); at most 100, the oldest patient (osteon.patient.AGE_RANGE; past the "
          "model's scope of 25-90, a run is warned)", Evidence.ASSUMPTION,
          bounds=(AGE_REF, AGE_START_MAX)),
    param("female", 1.0, "dimensionless", "sex: 1 = female (menopause), 0 = male (slow "
          "estrogen decline)", "assumption: simulation input (covariate)", Evidence.ASSUMPTION,
          bounds=(0.0, 1.0)),
    param("age_menopause", 51.4, "year", "age at the final menstrual period (FMP)",
          "Gold EB et al., Am J Epidemiol 2001;153:865, SWAN, doi:10.1093/aje/153.9.865, "
          "PMID 11323317, Results section (median age at natural menopause 51.4 y)",
          Evidence.HUMAN_COHORT, bounds=(30.0, 65.0)),
    param("estrogen_postmenopausal", 0.2, "dimensionless",
          "postmenopausal estradiol relative to the premenopausal level",
          f"{SWAN_E2}, text (fitted mean E2 64.5 pg/mL 2 y before the FMP, 21 pg/mL 2 y after, "
          "14.8 pg/mL 8 y after: 0.23); bioavailable E2 17 vs 3 pg/mL in pre- vs "
          "postmenopausal women (Khosla S et al., J Clin Endocrinol Metab 2005, PMID 15998772, "
          "text: 0.18)", Evidence.HUMAN_COHORT, bounds=(0.0, 1.0), lower_open=True),
    param("menopause_width", 0.8, "year", "width of the logistic estradiol fall around the FMP "
          "(10-90 % of the fall spans 4.39 widths: 3.5 y)",
          "derived: the SWAN E2 fall spans about 3.5 y (10-90 %): "
          f"{SWAN_E2}, text (E2 stable until 2 y before the FMP, 67 % lower 2 y after), inside "
          "the 4.2 y decline (2.0 y before to 2.2 y after the FMP) of Randolph JF Jr et al., J "
          "Clin Endocrinol Metab 2011, text; 3.5 / 4.39 = 0.80 y", Evidence.HUMAN_COHORT,
          lower_open=True),
    fitted("menopause_lag", estimated("menopause_lag"),
           "year", "offset after the FMP of the steepest fall of the "
           "estrogen signal bone responds to (negative: before the FMP)",
           "the timing of LS loss around the FMP (NH3: -1.7 %/y in the 2 y before the FMP, "
           "Greendale GA et al., J Bone Miner Res 2012;27:111, PMID 21976317, text); serum E2 "
           "itself falls fastest at the FMP (Sowers 2008, PMID 18647803, text): bone loss leads "
           "it", bounds=(-5.0, 5.0)),
    assumption("male_estrogen_decline", 0.009, "1/year", "relative yearly decline of "
               "bioavailable estradiol in men after age_ref",
               "about 0.9 %/y, the order of the fall of bioavailable sex steroids with age in "
               "men (free testosterone about 2 %/y cross-sectionally in the Massachusetts Male "
               "Aging Study, Feldman HA et al., J Clin Endocrinol Metab 2002; bioavailable E2 "
               "lower in elderly men, Khosla S et al., J Clin Endocrinol Metab 2001, PMID "
               "11502778); no primary yearly E2 rate was read"),
    assumption("igf1_decline", 0.02, "1/year", "relative yearly decline of serum IGF-1 after "
               "age_ref (exponential)",
               "medians 206, 147 and 103 ng/mL at 25-39, 40-59 and >= 60 y in healthy Italian "
               "adults (Gasco V et al., Endocrine Abstracts 2007;14:P453, a conference abstract: "
               "about -2 %/y); the continuous fall is confirmed by Bidlingmaier M et al., J Clin "
               "Endocrinol Metab 2014, PMID 24606072"),
    handset("sasp_systemic_rate", 0.035, "1/year", "exponential growth rate of the systemic "
           "(non-skeletal) senescent-cell burden and its SASP with age",
           "the rise of circulating SASP factors with age (Schafer MJ et al., JCI Insight "
           "2020;5:e133668, doi:10.1172/jci.insight.133668, PMID 32554926, Fig. 1); scale "
           "assumption"),
    param("adipogenic_drift_rate", 0.02, "1/year", "logit-scale yearly rise of the fraction of "
          "marrow stromal commitment to adipocytes",
          f"{BAUM2018}, text (women's L1-L4 marrow fat 27.2 % in their 20s, 50.5 % in their 70s: "
          "logit rise 1.0 over 50 y); marrow fat used as a proxy for stromal commitment",
          Evidence.HUMAN_COHORT),
    param("adipogenic_fraction_young", 0.272, "dimensionless", "fraction of marrow stromal "
          "commitment to adipocytes in the young adult",
          f"{BAUM2018}, text (marrow proton-density fat fraction 27.2 % in women in their 20s); "
          "used as a proxy for stromal commitment", Evidence.HUMAN_COHORT, bounds=(0.0, 1.0),
          lower_open=True, upper_open=True),
    assumption("adipogenic_commitment_gain", 0.2, "dimensionless", "exponent of the osteogenic "
               "share of stromal commitment on osteoblast recruitment",
               "marrow fat is a proxy: the osteoblast/adipocyte switch is one of several aging "
               "mechanisms; a sub-linear response keeps premenopausal loss near the slow rates "
               "observed (NH6)"),
    param("loading", 1.0, "dimensionless", "mechanical loading relative to habitual daily "
          "loading (0 = complete unloading, bed rest; > 1 = exercise)",
          "assumption: simulation input; the strain stimulus is this load divided by bone "
          "stiffness", Evidence.ASSUMPTION, bounds=(0.0, 5.0)),
    switch("aging_estrogen", "estrogen loss (menopause in women, slow decline in men)"),
    switch("aging_igf1", "IGF-1 decline with age"),
    switch("aging_sasp_systemic", "systemic SASP from non-skeletal senescent cells"),
    switch("aging_adipogenic_drift", "marrow stromal adipogenic drift"),
)


def age_years(t, p):
    """Age in years at simulation time ``t`` (days)."""
    return p["age_start"] + t / YEAR


def _sigmoid(x, xp):
    return 0.5 * (1.0 + xp.tanh(0.5 * x))


def _menopausal_fall(age, p, xp):
    """The menopausal transition's sigmoid at ``age`` and at AGE_REF (the young reference)."""
    fall = _sigmoid((age - p["age_menopause"] - p["menopause_lag"]) / p["menopause_width"], xp)
    fall_ref = _sigmoid((AGE_REF - p["age_menopause"] - p["menopause_lag"])
                        / p["menopause_width"], xp)
    return fall, fall_ref


def ovarian_share(age, p, xp):
    """The ovaries' part of a woman's estradiol at ``age`` relative to the young adult's: 1
    before the menopausal transition, falling to 0 after it (what an oophorectomy then removes)."""
    fall, fall_ref = _menopausal_fall(age, p, xp)
    return 1.0 - (fall - fall_ref) / (1.0 - fall_ref)


def estrogen(age, p, xp):
    """Estradiol relative to the young adult of the same sex (1 = premenopausal level)."""
    post = p["estrogen_postmenopausal"]
    # normalized so the young woman at AGE_REF is exactly 1
    fall, fall_ref = _menopausal_fall(age, p, xp)
    e_female = 1.0 - (1.0 - post) * (fall - fall_ref) / (1.0 - fall_ref)
    e_male = xp.exp(-p["male_estrogen_decline"] * (age - AGE_REF))
    # the ovarian and aromatase parts of a woman's estradiol, scaled by the disease inputs
    e_female = disease.estrogen_split(1.0 + p["aging_estrogen"] * (e_female - 1.0), post, p)
    e_male = 1.0 + p["aging_estrogen"] * (e_male - 1.0)
    return p["female"] * e_female + (1.0 - p["female"]) * e_male


def igf1(age, p, xp):
    """Serum IGF-1 relative to the young adult."""
    return xp.exp(-p["aging_igf1"] * p["igf1_decline"] * (age - AGE_REF))


def sasp_systemic(age, p, xp):
    """Systemic SASP burden above the young adult (0 at AGE_REF)."""
    return p["aging_sasp_systemic"] * (xp.exp(p["sasp_systemic_rate"] * (age - AGE_REF)) - 1.0)


def adipogenic_fraction(age, p, xp):
    """Fraction of stromal commitment to adipocytes (logistic drift from its young value)."""
    a0 = p["adipogenic_fraction_young"]
    logit = xp.log(a0 / (1.0 - a0)) + (p["aging_adipogenic_drift"] * p["adipogenic_drift_rate"]
                                      * (age - AGE_REF))
    return 1.0 / (1.0 + xp.exp(-logit))


def osteogenic_commitment(age, p, xp):
    """Osteogenic share of stromal commitment relative to the young adult (1 at AGE_REF)."""
    share = (1.0 - adipogenic_fraction(age, p, xp)) / (1.0 - p["adipogenic_fraction_young"])
    return share ** p["adipogenic_commitment_gain"]


__all__ = [
    "AGE_REF",
    "PARAMETERS",
    "adipogenic_fraction",
    "age_years",
    "estrogen",
    "igf1",
    "osteogenic_commitment",
    "sasp_systemic",
]
