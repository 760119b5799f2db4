"""Number registry for :mod:`osteon.readouts.fracture` (the fracture-risk hazard model).

Every number here carries its unit and its source. Where a number could not be checked against a
primary text while this module was written, its entry says ``assumption=True`` and why.

Population: the United States, non-Hispanic white (the population of the hip-fracture table).

Sources (short keys used below)
-------------------------------
ETTINGER2010
    Ettinger B, Black DM, Dawson-Hughes B, Pressman AR, Melton LJ 3rd. Updated fracture incidence
    rates for the US version of FRAX. Osteoporos Int 2010;21(1):25-33, doi:10.1007/s00198-009-1032-9,
    PMID 19705048. Table 1: annual hip-fracture incidence per 1,000, National Inpatient Sample 2006,
    US non-Hispanic white, by sex and 5-year age group.
MEDICARE2011
    Osteoporos Int 2011;22(4):1263-1274, doi:10.1007/s00198-010-1300-8 (PMC3767033), Table 2:
    fracture incidence rate ratios for demographic variables by type of fracture, Medicare
    beneficiaries (aged >= 65) 2000-2005, with the crude incidence rate of each site.
JOHNELL2005
    Johnell O, Kanis JA, Oden A, et al. Predictive value of BMD for hip and other fractures.
    J Bone Miner Res 2005;20(7):1185-1194, doi:10.1359/JBMR.050304 (abstract).
KANIS2007
    Kanis JA, Oden A, Johnell O, et al. The use of clinical risk factors enhances the performance of
    BMD in the prediction of hip and osteoporotic fractures in men and women. Osteoporos Int
    2007;18(8):1033-1046, doi:10.1007/s00198-007-0343-y (abstract).
MARSHALL1996
    Marshall D, Johnell O, Wedel H. Meta-analysis of how well measures of bone mineral density predict
    occurrence of osteoporotic fractures. BMJ 1996;312:1254-1259, doi:10.1136/bmj.312.7041.1254,
    PMID 8634613 (abstract).
Risk-factor meta-analyses: see :data:`RISK_FACTORS` (each entry names its paper).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

ETTINGER2010 = ("Ettinger B et al. Osteoporos Int 2010;21:25-33, doi:10.1007/s00198-009-1032-9, "
                "PMID 19705048, Table 1 (NIS 2006, US non-Hispanic white)")
MEDICARE2011 = ("Osteoporos Int 2011;22(4):1263-1274, doi:10.1007/s00198-010-1300-8 (PMC3767033), "
                "Table 2 (Medicare beneficiaries 2000-2005)")
JOHNELL2005 = ("Johnell O et al. J Bone Miner Res 2005;20:1185-1194, doi:10.1359/JBMR.050304, "
               "abstract (gradient of risk per SD at age 65)")
KANIS2007 = ("Kanis JA et al. Osteoporos Int 2007;18:1033-1046, doi:10.1007/s00198-007-0343-y, "
             "abstract (GR of BMD alone for hip fracture at age 50)")
MARSHALL1996 = ("Marshall D, Johnell O, Wedel H. BMJ 1996;312:1254-1259, doi:10.1136/bmj.312.7041.1254, "
                "PMID 8634613, abstract")
KANIS2008 = ("Kanis JA et al. FRAX and the assessment of fracture probability in men and women from the "
             "UK. Osteoporos Int 2008;19:385-397, doi:10.1007/s00198-007-0543-5, PMID 18292978")


@dataclass(frozen=True)
class Number:
    """One number with its unit, source and (where it applies) the assumption behind it."""

    value: float
    unit: str
    source: str
    assumption: bool = False
    note: str = ""


# ---------------------------------------------------------------------------------------------
# Hip-fracture incidence (population baseline)
# ---------------------------------------------------------------------------------------------

HIP_AGE_GROUPS: tuple[tuple[float, float | None], ...] = (
    (50, 54), (55, 59), (60, 64), (65, 69), (70, 74), (75, 79), (80, 84), (85, None))
"""Age groups of :data:`HIP_INCIDENCE_PER_1000` (years; ``None`` = open-ended 85+)."""

HIP_INCIDENCE_PER_1000: dict[str, tuple[float, ...]] = {
    "female": (0.29, 0.57, 1.05, 2.03, 3.94, 7.93, 14.47, 26.05),
    "male": (0.28, 0.38, 0.66, 1.18, 2.10, 4.02, 8.13, 16.30),
}
"""Annual hip-fracture incidence, per 1,000 person-years, by :data:`HIP_AGE_GROUPS`.
Source: ETTINGER2010 Table 1, column "National Inpatient Sample, 2006"."""

OPEN_GROUP_MIDPOINT = Number(
    90.0, "year", "ASSUMPTION",
    assumption=True,
    note=("Representative age of the open 85+ groups (hip: ETTINGER2010; site ratios: MEDICARE2011). "
          "The papers give no mean age for 85+; 90 y is taken as its centre. Hazards are held constant "
          "above this age (no data on the slope beyond it)."))

# ---------------------------------------------------------------------------------------------
# Other MOF sites, as age- and sex-specific ratios to hip (MEDICARE2011, Table 2)
# ---------------------------------------------------------------------------------------------

MEDICARE_AGE_GROUPS: tuple[tuple[float, float | None], ...] = (
    (65, 69), (70, 74), (75, 79), (80, 84), (85, None))
"""Age groups of :data:`MEDICARE_SITES` (years)."""

MEDICARE_SITES: dict[str, dict[str, Any]] = {
    # crude: crude incidence per 1,000 person-years; male: IRR male vs female; age: IRR by age group
    "hip": {"crude": 8.65, "male": 0.59, "age": (1.00, 1.96, 3.91, 7.55, 15.16)},
    "spine": {"crude": 6.30, "male": 0.58, "age": (1.00, 1.72, 2.80, 4.24, 6.00)},
    "forearm": {"crude": 3.45, "male": 0.23, "age": (1.00, 1.27, 1.65, 2.00, 2.34)},
    "humerus": {"crude": 2.74, "male": 0.38, "age": (1.00, 1.43, 2.06, 2.70, 3.86)},
}
"""Crude incidence (per 1,000 person-years), sex IRR (male vs female) and age IRRs (vs 65-69) of
hip, spine (clinical vertebral), distal radius/ulna (forearm) and humerus fractures.
Source: MEDICARE2011 Table 2. The IRRs are mutually adjusted for the demographic variables of that
table (sex, race/ethnicity, age, calendar year)."""

RATIO_EXTRAPOLATION_NOTE = (
    "ASSUMPTION: MEDICARE2011 covers ages >= 65 only. Below the 65-69 group the log of each site/hip "
    "ratio is extrapolated linearly in age with the least-squares slope over the five Medicare age "
    "groups; ratios fall with age in all three sites, so this raises the non-hip share at 50-64, in "
    "the direction published ratio data show (Chakhtoura M et al. J Bone Miner Res 2021;36:1942, "
    "doi:10.1002/jbmr.4395, abstract: MOF/hip ratios 2-10-fold higher at younger ages).")

# ---------------------------------------------------------------------------------------------
# Mortality (competing risk)
# ---------------------------------------------------------------------------------------------

SSA_TR2020 = ("Social Security Administration, Office of the Chief Actuary. Period life tables, "
              "2020 Trustees Report, Alternative 2 (intermediate) mortality probabilities, calendar "
              "year 2019, Social Security area population, files PerLifeTables_F_Alt2_TR2020.csv "
              "and PerLifeTables_M_Alt2_TR2020.csv "
              "(https://www.ssa.gov/oact/HistEst/PerLifeTables/2020/PerLifeTables2020.html; read "
              "from the copy kept in econ-ark/HARK, HARK/datasets/life_tables/us_ssa), column q(x)")

LIFE_TABLE_FIRST_AGE = 40
"""Age (years) of the first entry of :data:`LIFE_TABLE_QX`; one entry per year of age to 119."""

LIFE_TABLE_QX: dict[str, tuple[float, ...]] = {
    "female": (
        0.001376, 0.001464, 0.001564, 0.001679, 0.001810, 0.001955, 0.002120, 0.002320, 0.002559,
        0.002833,  # 40-49
        0.003128, 0.003437, 0.003767, 0.004118, 0.004486, 0.004891, 0.005312, 0.005704, 0.006052,
        0.006381,  # 50-59
        0.006749, 0.007184, 0.007665, 0.008201, 0.008810, 0.009516, 0.010332, 0.011262, 0.012318,
        0.013517,  # 60-69
        0.014932, 0.016542, 0.018264, 0.020080, 0.022068, 0.024397, 0.027127, 0.030199, 0.033635,
        0.037514,  # 70-79
        0.042051, 0.047237, 0.052902, 0.059030, 0.065802, 0.073457, 0.082201, 0.092176, 0.103449,
        0.116024,  # 80-89
        0.129877, 0.144964, 0.161234, 0.178630, 0.197092, 0.215754, 0.234311, 0.252433, 0.269768,
        0.285954,  # 90-99
        0.303111, 0.321297, 0.340575, 0.361010, 0.382670, 0.405631, 0.429968, 0.455767, 0.483113,
        0.512099,  # 100-109
        0.542825, 0.575395, 0.609918, 0.646514, 0.685304, 0.726423, 0.766937, 0.805284, 0.845548,
        0.887826,  # 110-119
    ),
    "male": (
        0.002318, 0.002408, 0.002522, 0.002668, 0.002848, 0.003055, 0.003297, 0.003593, 0.003951,
        0.004366,  # 40-49
        0.004820, 0.005311, 0.005848, 0.006432, 0.007061, 0.007730, 0.008433, 0.009161, 0.009910,
        0.010683,  # 50-59
        0.011532, 0.012426, 0.013281, 0.014072, 0.014851, 0.015723, 0.016748, 0.017910, 0.019237,
        0.020751,  # 60-69
        0.022510, 0.024509, 0.026708, 0.029110, 0.031780, 0.034902, 0.038483, 0.042389, 0.046613,
        0.051287,  # 70-79
        0.056692, 0.062917, 0.069848, 0.077519, 0.086070, 0.095668, 0.106456, 0.118536, 0.131963,
        0.146749,  # 80-89
        0.162884, 0.180341, 0.199082, 0.219057, 0.240208, 0.261164, 0.281517, 0.300836, 0.318678,
        0.334612,  # 90-99
        0.351343, 0.368910, 0.387355, 0.406723, 0.427059, 0.448412, 0.470833, 0.494375, 0.519093,
        0.545048,  # 100-109
        0.572300, 0.600916, 0.630961, 0.662509, 0.695635, 0.730417, 0.766937, 0.805284, 0.845548,
        0.887826,  # 110-119
    ),
}
"""Probability of dying between exact ages x and x + 1, US period life table for 2019, by sex.
Source: SSA_TR2020 (the 2019 rows: the Trustees' intermediate estimate from data through 2017).

The table is for the whole Social Security area population, all races; the fracture incidence
(ETTINGER2010) is for non-Hispanic white Americans, whose mortality differs a little (an
ASSUMPTION that the difference does not matter at the model's precision). FRAX also raises the
death hazard for some risk factors and at low BMD; this model does not. The death hazard is held
constant within each year of age (mu = -ln(1 - q(x))) and at q(119) beyond 119."""

LIFE_EXPECTANCY_65: dict[str, Number] = {
    "female": Number(20.59, "year", SSA_TR2020 + ", column e(x), age 65",
                     note="period life expectancy at exact age 65, US 2019; checks the hazard "
                          "built from q(x) (tests)"),
    "male": Number(18.06, "year", SSA_TR2020 + ", column e(x), age 65",
                   note="period life expectancy at exact age 65, US 2019; checks the hazard "
                        "built from q(x) (tests)"),
}
"""Period life expectancy at exact age 65 (years), US 2019, from the same table."""

# ---------------------------------------------------------------------------------------------
# Femoral-neck BMD by age (to turn a T-score into a Z-score)
# ---------------------------------------------------------------------------------------------

FN_BMD_AGE_GROUPS: tuple[tuple[float, float | None], ...] = ((50, 59), (60, 69), (70, 79), (80, None))

FN_BMD_MIDPOINTS: tuple[float, ...] = (55.0, 65.0, 75.0, 85.0)
"""Ages (years) at which :data:`FN_BMD_BY_AGE` is placed; 85 for the open 80+ group is an ASSUMPTION."""

FN_BMD_BY_AGE: dict[str, dict[str, tuple[float, ...]]] = {
    "female": {"mean": (0.77, 0.71, 0.65, 0.59), "sd": (0.12, 0.12, 0.12, 0.12)},
    "male": {"mean": (0.84, 0.79, 0.75, 0.69), "sd": (0.13, 0.13, 0.13, 0.13)},
}
"""Femoral-neck areal BMD (g/cm²), mean and SD by age group, non-Hispanic white adults.

ASSUMPTION: approximate NHANES III values (Looker AC et al. Osteoporos Int 1998;8:468-489,
doi:10.1007/s001980050093, PMID 9850356) rounded to 0.01 g/cm²; the paper was located but its tables
could not be read when this module was written, so these are not verified against it. Replace by the
Z-score curves of :mod:`osteon.readouts.densitometry` once they exist."""

FN_BMD_NOTE = (
    "ASSUMPTION: approximate NHANES III femoral-neck means/SDs by age decade (Looker 1998, PMID 9850356), "
    "not verified against the paper's tables; interpolated linearly between decade midpoints "
    "(55, 65, 75, 85 y) and held constant outside them.")

# ---------------------------------------------------------------------------------------------
# Gradient of risk (RR per SD decrease in femoral-neck BMD, as a Z-score)
# ---------------------------------------------------------------------------------------------

GR_HIP_65: dict[str, Number] = {
    "female": Number(2.88, "per SD", JOHNELL2005, note="95% CI 2.31-3.59"),
    "male": Number(2.94, "per SD", JOHNELL2005, note="95% CI 2.02-4.27"),
}
"""Hip fracture, femoral-neck BMD, at age 65."""

GR_HIP_50 = Number(
    3.7, "per SD", KANIS2007,
    note=("GR of hip BMD alone for hip fracture at age 50 (sexes combined). Combined with GR_HIP_65 it "
          "sets the age slope; JOHNELL2005 states only that the hip GR is significantly higher at 50 "
          "than at 80. ASSUMPTION: ln(GR) linear in age through these two points (same cohorts, same "
          "group), extrapolated to 50-100 and floored at GR_MIN_HIP."))

GR_MIN_HIP = Number(
    1.5, "per SD", MARSHALL1996,
    assumption=True,
    note=("ASSUMPTION: the extrapolated hip GR is not allowed below the all-sites GR of MARSHALL1996 "
          "(1.5 per SD); this only acts at very old ages."))

GR_MOF_65: dict[str, Number] = {
    "female": Number(1.38, "per SD", JOHNELL2005, note="any osteoporotic fracture; 95% CI 1.28-1.48"),
    "male": Number(1.41, "per SD", JOHNELL2005, note="any osteoporotic fracture; 95% CI 1.33-1.51"),
}
"""Any osteoporotic fracture, femoral-neck BMD, at age 65. JOHNELL2005 reports that this GR rises with
age but the slope is not in the abstract: ASSUMPTION, held constant at the age-65 value.

The model grades its forearm-humerus part of MOF by it (ASSUMPTION: Johnell's osteoporotic
fractures include hip and spine, which the model grades by their own gradients, hip 2.88 / 2.94 at
65 and vertebral 1.5 or 2.3 for spine BMD). The MOF hazard, the sum of its parts, is therefore
steeper than this value: 1.54 (women) / 1.64 (men) per SD from Z +0.5 to Z -0.5 at 65
(population shares of the parts at that age)."""

TOTAL_HIP_NOT_USED = (
    "FRAX's BMD input is the femoral neck (Kanis 2008), and this model's BMD gradients are per SD "
    "of femoral-neck BMD (Johnell 2005) or, for the vertebral outcome, of lumbar-spine BMD "
    "(Marshall 1996); no source was read that lets the total hip stand in for the neck")
"""Why a total-hip BMD or T-score does not grade the fracture risk (:func:`clinical.assess` says
so in ``fracture_risk_basis``; a simulated patient's total hip individualizes her bone, and the
risk is graded as for any site she did not give by the femoral neck's change since the start).

What was looked for and not found, or not readable (a search of stored public pages):

- a position that total-hip BMD may replace femoral-neck BMD in FRAX: the executive summary of
  the 2010 ISCD-IOF FRAX Position Development Conference ('Joint Official Positions of the
  ISCD and IOF on FRAX', J Clin Densitom 2011, doi:10.1016/j.jocd.2011.05.007; Hans DB et al.,
  14:171-180), ISCD's 'FRAX Positions' page, and the resource paper (Kanis JA et al.,
  Interpretation and use of FRAX in clinical practice, Osteoporos Int 2011;22:2395,
  doi:10.1007/s00198-011-1713-z) were located, but only their opening paragraphs could be
  read, which say nothing of the total hip; no
  Manitoba comparison of FRAX with total-hip and femoral-neck BMD could be read either;
- a gradient per SD of total-hip BMD usable here. Marshall 1996 (abstract) gives 2.6 (2.0-3.5)
  per SD below the age-adjusted mean for 'measurement at hip' and hip fracture, without naming
  the hip region; the Study of Osteoporotic Fractures (J Am Geriatr Soc 2004;52:1479-1486,
  PMID 15341549, abstract) gives 1.84 per SD (0.13 g/cm²) of total-hip BMD for hip fracture
  over 10 years in women aged 66 and over, adjusted for other predictors the model does not
  have. Both are per SD at the person's age (a Z-score), and no sourced total-hip BMD by age
  for women could be read (:mod:`~osteon.readouts.reference_curves`), so a woman's total-hip
  T-score cannot be put on that scale; Johnell 2005's abstract reports the femoral neck only."""

GR_VERTEBRAL_FN = Number(
    1.5, "per SD", MARSHALL1996,
    note=("Hip-site BMD for non-hip fractures: 'all measuring sites had similar predictive abilities "
          "(RR 1.5, 1.4-1.6)' except spine BMD for vertebral (2.3) and hip BMD for hip (2.6)."))

GR_VERTEBRAL_LS = Number(
    2.3, "per SD", MARSHALL1996,
    note=("SPINE BMD for vertebral fracture, 95% CI 1.9-2.8: the model's gradient for the clinical "
          "vertebral outcome whenever lumbar-spine BMD is known (a simulated trajectory, or a "
          "record with a lumbar-spine T-score); femoral-neck BMD with GR_VERTEBRAL_FN otherwise."))

GR_MARSHALL: dict[str, Number] = {
    "hip": Number(2.6, "per SD", MARSHALL1996, note="hip BMD for hip fracture, 95% CI 2.0-3.5"),
    "clinical_vertebral": Number(2.3, "per SD", MARSHALL1996,
                                 note="SPINE BMD for vertebral fracture, 95% CI 1.9-2.8"),
    "major": Number(1.5, "per SD", MARSHALL1996, note="all other site/fracture pairs, 95% CI 1.4-1.6"),
}
"""Age-independent gradients of risk of MARSHALL1996 (women), offered as ``source="marshall1996"``."""

# ---------------------------------------------------------------------------------------------
# Clinical risk factors
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RiskFactorRR:
    """Relative risk of one clinical risk factor for hip and for osteoporotic (MOF) fracture."""

    factor: str
    rr_hip: float
    rr_osteoporotic: float
    bmd_adjusted: str  # how the RR relates to BMD adjustment
    source: str
    note: str = ""
    assumption: bool = False
    rr_hip_85: float | None = None  # age-dependent factors: value at age 85 (the rr_* are at 50)
    rr_osteoporotic_85: float | None = None


RISK_FACTORS: dict[str, RiskFactorRR] = {
    "prior_fracture": RiskFactorRR(
        "prior_fracture", 1.86, 1.86, "not adjusted (BMD adjustment lowered the RR only marginally)",
        "Kanis JA et al. A meta-analysis of previous fracture and subsequent fracture risk. "
        "Bone 2004;35:375-382 (abstract)",
        note=("Abstract: RR any fracture 1.86 (1.75-1.98); 'the risk ratio was similar for osteoporotic "
              "fracture or hip fracture'. ASSUMPTION: 1.86 used for hip and MOF; the abstract also says "
              "the hip RR fell with age, which is not modelled."),
        assumption=True),
    "parental_hip_fracture": RiskFactorRR(
        "parental_hip_fracture", 1.37, 1.19, "not BMD-adjusted (slightly lower with BMD)",
        "McCloskey EV et al. Family history of fracture and fracture risk: a meta-analysis to "
        "update the FRAX risk assessment tool. Osteoporos Int 2025;36(9):1725-1741, "
        "doi:10.1007/s00198-025-07607-w, PMID 40848065 (abstract)",
        note=("A parental history of HIP fracture (42 cohorts, 350,542 men and women; adjusted "
              "for age, sex and follow-up time): hip HR 1.37 (1.23-1.52), major osteoporotic "
              "fracture 1.19 (1.12-1.27); 'slightly reduced but remained significant' with BMD "
              "(those values not in the abstract); no difference between men and women, so "
              "the two are combined. The MOF HR stands in for the osteoporotic RR of the other "
              "factors. It replaces Kanis 2004's (Bone 35:1029) parental ANY-fracture figures, "
              "hip 1.49 and osteoporotic 1.18, used while the parental-hip figures were "
              "unread.")),
    "smoker": RiskFactorRR(
        "smoker", 1.84, 1.29, "not adjusted (hip 1.60 with BMD)",
        "Kanis JA et al. Smoking and fracture risk: a meta-analysis. Osteoporos Int 2005;16:155-162, "
        "doi:10.1007/s00198-004-1640-3, PMID 15175845 (abstract)",
        note="hip 1.84 (1.52-2.22), BMD-adjusted 1.60 (1.27-2.02); osteoporotic 1.29"),
    "glucocorticoids": RiskFactorRR(
        "glucocorticoids", 4.42, 2.63, "BMD-adjusted (little change without BMD)",
        "Kanis JA et al. A meta-analysis of prior corticosteroid use and fracture risk. "
        "J Bone Miner Res 2004;19:893-899, doi:10.1359/JBMR.040134 (abstract)",
        note=("RR at age 50 -> 85: hip 4.42 -> 2.48, osteoporotic 2.63 -> 1.71. ASSUMPTION: ln(RR) "
              "linear in age between 50 and 85, constant above 85."),
        rr_hip_85=2.48, rr_osteoporotic_85=1.71),
    "rheumatoid_arthritis": RiskFactorRR(
        "rheumatoid_arthritis", 2.23, 1.49, "independent of femoral-neck BMD",
        "Kanis JA et al. Rheumatoid arthritis and subsequent fracture risk: an individual person "
        "meta-analysis to update FRAX. Osteoporos Int (abstract; 29 cohorts)",
        note=("hip HR 2.23 (1.85-2.69); any clinical fracture 1.49 (1.35-1.65), 'of similar magnitude "
              "for osteoporotic fracture and MOF'. The RR of the original (2008) FRAX could not be "
              "found; this is the FRAX-update meta-analysis by the same group.")),
    "alcohol_gt_2_units": RiskFactorRR(
        "alcohol_gt_2_units", 1.68, 1.38, "no interaction with BMD",
        "Kanis JA et al. Alcohol intake as a risk factor for fracture. Osteoporos Int 2005;16:737-742, "
        "doi:10.1007/s00198-004-1734-y, PMID 15455194 (abstract)",
        note=("> 2 units/day: hip 1.68 (1.19-2.36), osteoporotic 1.38 (1.16-1.65); no increase at "
              "<= 2 units/day. FRAX asks '3 or more units'; here the RR applies above 2 units/day.")),
}
"""Relative risks of the clinical risk factors (dimensionless). Applied directly to the population
hazard (no prevalence normalization: the prevalences in the US population could not be sourced), which
overstates the population-average hazard by the small share of people carrying each factor.

The hip RR applies to hip fracture and to the hip part of MOF; the osteoporotic-fracture RR to
clinical vertebral fracture and the other parts of MOF (spine, forearm, humerus). ASSUMPTION: the
meta-analyses' osteoporotic fractures include hip, so their non-hip RR is probably a little lower
than the osteoporotic one; the model's MOF ratio for a factor lies between the two RRs (smoking at
70 in women: 1.42, against 1.29 osteoporotic and 1.84 hip)."""

ALCOHOL_THRESHOLD = Number(2.0, "units/day", RISK_FACTORS["alcohol_gt_2_units"].source,
                           note="RR applies when intake is above this")

# ---------------------------------------------------------------------------------------------
# When a simulated condition sets a risk factor (osteon.readouts.clinical.condition_factors)
# ---------------------------------------------------------------------------------------------

ISCD_IOF2011_GC = ("Official Positions for FRAX clinical regarding glucocorticoids: the impact of "
                   "the use of glucocorticoids on the estimate by FRAX of the 10 year risk of "
                   "fracture (joint ISCD-IOF Position Development Conference on FRAX). J Clin "
                   "Densitom 2011, doi:10.1016/j.jocd.2011.05.014, abstract")
VAN_STAA2000 = ("van Staa TP, Leufkens HGM, Abenhaim L, Zhang B, Cooper C. Use of oral "
                "corticosteroids and risk of fractures. J Bone Miner Res 2000;15(6):993-1000, "
                "abstract (GPRD cohort, 244,235 oral corticosteroid users)")

GC_FACTOR_MIN_DOSE = Number(
    5.0, "mg/day (prednisolone equivalent)", ISCD_IOF2011_GC,
    note=("FRAX's glucocorticoid risk factor is 'past or present exposure of 3 months or more "
          "of use of a daily dose of 5 mg or more of prednisolone or equivalent' (ISCD-IOF "
          "2011, abstract): a glucocorticoid condition below this dose does not set the "
          "factor. This is FRAX's definition, not a dose without risk: VAN_STAA2000 found a "
          "hip-fracture rate ratio during treatment of 0.99 (0.82-1.20) below 2.5 mg/day, "
          "1.77 (1.55-2.02) at 2.5-7.5 and 2.27 (1.94-2.66) at 7.5 or more, so 2.5-5 mg/day "
          "is likely understated. The condition's dose is in prednisone equivalents, taken "
          "as equal to prednisolone mg for mg (the condition's card). ASSUMPTION: the "
          "condition also stands for endogenous excess (Cushing's syndrome, its card's name); "
          "given as a prednisone-equivalent dose it sets the factor as oral use would, though "
          "FRAX asks about oral glucocorticoids."))
"""Smallest dose (prednisolone-equivalent mg/day) of a glucocorticoid condition that sets the
glucocorticoid risk factor of the fracture readouts."""

GC_FACTOR_MIN_EXPOSURE = Number(
    3.0, "months", ISCD_IOF2011_GC,
    note=("Past exposure counts once it lasted 3 months or more (ISCD-IOF 2011: 'past or "
          "present exposure of 3 months or more'); the RR (RISK_FACTORS['glucocorticoids'], "
          "Kanis 2004) is that of ever use, 'current and past use' (its abstract). "
          "ASSUMPTIONS: (1) a current course at GC_FACTOR_MIN_DOSE or more sets the factor "
          "from its onset, whatever its length (FRAX asks about current exposure; the "
          "position's 3 months are read as a condition on past exposure only); (2) the "
          "exposure is the time spent at such doses summed over the run's glucocorticoid "
          "courses, before the start included; (3) once it reaches 3 months the factor stays "
          "for the rest of the run after the courses end, as FRAX's ever use does, although "
          "VAN_STAA2000 found that 'all fracture risks declined toward baseline rapidly after "
          "cessation': long after stopping, the projection likely overstates the risk."))
"""Past glucocorticoid exposure (months at GC_FACTOR_MIN_DOSE or more) after which the risk
factor outlasts the courses."""

KANIS2011_GC = ("Kanis JA, Johansson H, Oden A, McCloskey EV. Guidance for the adjustment of FRAX "
                "according to the dose of glucocorticoids. Osteoporos Int 2011;22(3):809-816, "
                "doi:10.1007/s00198-010-1524-7, PMID 21229233 (abstract read); its table of "
                "adjustments by age read as reproduced in Liu D et al. A practical guide to the "
                "monitoring and management of the complications of systemic corticosteroid "
                "therapy. Allergy Asthma Clin Immunol 2013;9:30, doi:10.1186/1710-1492-9-30, "
                "Table 7 ('reproduced from Kanis et al. 2011')")

GC_HIGH_DOSE = Number(
    7.5, "mg/day (prednisolone equivalent)", KANIS2011_GC,
    note=("Kanis 2011's high dose: '>7.5 mg daily' in its abstract, 'High >= 7.5' in the table "
          "as reproduced (Liu 2013, Table 7); the table's is used, as van Staa 2000's top band "
          "is '7.5 mg or more'. Medium doses (2.5-7.5 mg/day) take FRAX's unadjusted value. "
          "Low doses (< 2.5 mg/day: hip -35 %, major -20 %, all ages) are not used: below "
          "GC_FACTOR_MIN_DOSE (5 mg/day) a glucocorticoid condition sets no factor at all "
          "(ISCD-IOF 2011's definition)."))
"""Current glucocorticoid dose (prednisolone-equivalent mg/day) from which the glucocorticoid
factor's hazards are raised by :data:`GC_HIGH_DOSE_ADJUSTMENT`."""

GC_HIGH_DOSE_ADJUSTMENT: dict[str, Any] = {
    "age": (40.0, 50.0, 60.0, 70.0, 80.0, 90.0),
    "hip": (25.0, 25.0, 25.0, 20.0, 10.0, 10.0),
    "major": (20.0, 20.0, 15.0, 15.0, 10.0, 10.0),
    "unit": "% change of the 10-year probability",
    "source": KANIS2011_GC,
    "note": ("Kanis 2011 (UK FRAX, GPRD dose responses): at a high dose the 10-year probability "
             "of hip fracture is revised up by 25 % at 40-60, 20 % at 70 and 10 % at 80-90 "
             "(all ages +20 %), of a major osteoporotic fracture by 20 % at 40-50, 15 % at "
             "60-70, 10 % at 80-90 (all ages +15 %, the abstract's 'about 15 %'). "
             "ASSUMPTIONS: (1) linear in age between the table's decades, constant beyond; "
             "(2) the probability's change is applied to the hazards (a 10-year probability "
             "well below 1 scales nearly as its hazard; death competes, so slightly less); "
             "(3) the hip change to hip fracture and the hip part of the major hazard, the "
             "major change to its other parts and to clinical vertebral fracture, as the RRs "
             "are (RISK_FACTORS), so the model's major change lies between the two; "
             "(4) it applies while the current dose is high: Kanis 2011's dose responses are "
             "'during exposure', and after a course ends the factor is FRAX's ever use, "
             "unadjusted."),
}
"""FRAX's adjustment of the glucocorticoid factor at a high current dose (Kanis 2011): % change
of the 10-year hip and major osteoporotic fracture probability by age (years)."""

# ---------------------------------------------------------------------------------------------
# Bone turnover
# ---------------------------------------------------------------------------------------------

TURNOVER_OR_HIGH_CTX = Number(
    2.2, "odds ratio",
    "Garnero P et al. Markers of bone resorption predict hip fracture in elderly women: the EPIDOS "
    "prospective study. J Bone Miner Res 1996;11:1531-1538, doi:10.1002/jbmr.5650111021, PMID 8889854",
    note=("Urinary CTX above the upper limit of the premenopausal range: hip-fracture OR 2.2 (1.3-3.6), "
          "independent of femoral-neck BMD and gait speed; women > 75 y, 22-month follow-up. Used as a "
          "relative hazard (hip fracture is rare over 22 months, so OR ~ RR)."))


JOHANSSON2014 = ("Johansson H, Oden A, Kanis JA, McCloskey EV, et al. A meta-analysis of reference "
                  "markers of bone turnover for prediction of fracture. Calcif Tissue Int "
                  "2014;94(5):560-567, abstract (read at www.ndorms.ox.ac.uk/publications/457455; "
                  "PMID and DOI not verified)")

GR_CTX: dict[str, Number] = {
    "hip": Number(1.23, "per SD of serum CTX", JOHANSSON2014,
                  note=("hip fracture, 95% CI 1.04-1.47; prospective cohorts of untreated men and "
                        "women, unadjusted for BMD")),
    "other": Number(1.18, "per SD of serum CTX", JOHANSSON2014,
                    note=("any fracture, 95% CI 1.05-1.34, unadjusted for BMD; used for the major "
                          "osteoporotic and clinical vertebral outcomes (no vertebral-specific "
                          "gradient is given)")),
}
"""Gradient of risk per SD increase of serum CTX (hazard ratio), the model's continuous turnover term.

ASSUMPTIONS: (1) the SD is that of ln(CTX) in the person's own reference population, taken
from an IDS-iSYS central 95 % interval (:mod:`osteon.readouts.markers`; Michelsen 2013) as
(ln high - ln low) / (2 x 1.96), i.e. CTX taken as log-normal there: for women the
postmenopausal interval (women 50-79, used at every age), for men the men's interval at the
attained age (it falls with age; :func:`osteon.readouts.markers.men_ctx_interval`, linear in
age between the two age bands the abstract gives); the meta-analysis, which pooled men and
women, does not state the scale of its SD in the abstract, nor whether it was taken within each
sex. (2) The population mean of ln(CTX) is the middle of that interval. (3) The observational
gradient applies to a treatment-induced change of CTX as to a difference between people (the
premise of using markers to monitor treatment; not established beyond the range of untreated
variation), except that for the nonvertebral parts a fall below the pre-treatment level is
credited only down to the floor of :data:`CTX_FALL_CREDITED_NONVERTEBRAL`, where that level is
known. (4) The gradient is unadjusted for BMD and multiplies the BMD term as if independent, so
part of turnover's effect may be counted twice; a later meta-analysis (Tian A et al. J Orthop
Surg Res 2019;14:68, doi:10.1186/s13018-019-1100-6, abstract) gives a similar gradient adjusted
for covariates, 1.20 (1.05-1.37)."""


EASTELL2003 = ("Eastell R et al. Relationship of early changes in bone resorption to the reduction in "
               "fracture risk with risedronate. J Bone Miner Res 2003;18(6):1051-1056, "
               "doi:10.1359/jbmr.2003.18.6.1051, PMID 12817758, abstract")
AUSTIN2012 = ("Austin M et al. Relationship between bone mineral density changes with denosumab "
              "treatment and risk reduction for vertebral and nonvertebral fractures. J Bone Miner "
              "Res 2012;27(3):687-693, doi:10.1002/jbmr.1472, PMID 22095631 (PMC3415619), abstract "
              "and Table 2 (FREEDOM)")

CTX_FALL_CREDITED_NONVERTEBRAL = Number(
    0.60, "fraction of the pre-treatment serum CTX", EASTELL2003 + "; " + AUSTIN2012,
    assumption=True,
    note=("The deepest fall of serum CTX below its pre-treatment level that the turnover term "
          "credits to the NONVERTEBRAL parts of the hazard (hip, forearm-humerus): CTX is read "
          "there as no lower than 40 % of the pre-treatment value (a 60 % fall, 1.46 SD of ln "
          "CTX), deeper suppression adding nothing; the clinical vertebral part keeps the whole "
          "term. Applied where the pre-treatment CTX is known (the trial readings of the "
          "validation, the projections of a simulated trajectory); one CTX with no baseline "
          "(osteon assess) is read as a difference between people, Johansson's setting. "
          "EASTELL2003: 693 women on risedronate 5 mg/day; urinary CTX fell by a median 60 % at "
          "3-6 months; its change accounted for 67 % of the vertebral and 77 % of the "
          "nonvertebral fracture reduction over 3 years, and its relation to vertebral risk was "
          "not linear, with little further improvement beyond a fall (the threshold sits past "
          "where the copy of the abstract that was read ends): a treatment-induced fall has been "
          "related to fracture risk only up to about this depth, and the between-people gradient "
          "(GR_CTX) only over the untreated range, about 2 SD either side. AUSTIN2012 Table 2: in "
          "FREEDOM, with CTX suppressed far below this from the first month, the nonvertebral HR "
          "was 0.84 (0.65-1.11) at 12 months, 0.79 (0.64-0.96) at 24 and 0.80 (0.67-0.95) at 36, "
          "following the total-hip BMD difference (3.3, 5.1, 6.4 points), while the new vertebral "
          "RR was already 0.39 (0.26-0.58) at 12 months (0.29 at 24, 0.32 at 36). ASSUMPTIONS: "
          "the floor is the median fall of EASTELL2003 (a urinary CTX, risedronate); it acts on "
          "the nonvertebral parts only because FREEDOM's vertebral benefit, unlike its "
          "nonvertebral one, is near full within a year of a small BMD gain. That choice is read "
          "off FREEDOM, the trial of targets DM2.hip and DM2.nonvertebral, so their agreement is "
          "not independent evidence for it (floors from 40 to 65 % all meet both; 70 % and "
          "deeper miss DM2.nonvertebral; bounding the vertebral part too misses DM1, 0.62 vs "
          "0.32 +- 0.10)."))
"""Largest treatment-induced fall of serum CTX (fraction of the pre-treatment value) credited to
the nonvertebral parts of the hazard; see its note for the sources and the assumptions."""

CTX_FLOORED_PARTS: tuple[str, ...] = ("hip", "forearm_humerus")
"""The parts of the hazard (fracture.PARTS) whose turnover term stops at
:data:`CTX_FALL_CREDITED_NONVERTEBRAL` (an assumption, see its note)."""


def group_midpoints(groups: tuple[tuple[float, float | None], ...]) -> np.ndarray:
    """Midpoint age of each group (closed groups: (lo + hi + 1) / 2; open group: OPEN_GROUP_MIDPOINT)."""
    mids = [(lo + hi + 1) / 2 if hi is not None else OPEN_GROUP_MIDPOINT.value for lo, hi in groups]
    return np.asarray(mids, dtype=float)
