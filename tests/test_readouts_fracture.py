"""Tests of the fracture-risk hazard model (osteon.readouts.fracture)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from osteon.errors import InputError
from osteon.readouts import fracture as fx
from osteon.readouts import fracture_data as fd
from osteon.readouts import markers as mk

OUT = ("hip", "major", "clinical_vertebral")


# --------------------------------------------------------------------------- gradient of risk


@pytest.mark.parametrize("sex,expected", [("female", 2.88), ("male", 2.94)])
def test_hip_gradient_at_65_is_johnell2005(sex, expected):
    # FX2: Johnell 2005 abstract, FN BMD -> hip fracture at 65 years
    assert fx.gradient_of_risk(65, "hip", sex=sex) == pytest.approx(expected, rel=1e-12)


def test_marshall1996_gradients():
    # FX1: Marshall 1996 (PMID 8634613): hip 2.6, spine-BMD vertebral 2.3, other sites 1.5
    assert fx.gradient_of_risk(70, "hip", source="marshall1996") == 2.6
    assert fx.gradient_of_risk(70, "clinical_vertebral", source="marshall1996") == 2.3
    assert fx.gradient_of_risk(70, "major", source="marshall1996") == 1.5


@pytest.mark.parametrize("outcome", ["hip", "clinical_vertebral"])
@pytest.mark.parametrize("sex", ["female", "male"])
@pytest.mark.parametrize("age", [50.0, 65.0, 80.0])
def test_hazard_ratio_per_sd_equals_gradient(age, sex, outcome):
    z = np.array([0.7, -0.3, -1.8])
    h = fx.fracture_hazard(age, sex, outcome, z_score=z)
    h_lower = fx.fracture_hazard(age, sex, outcome, z_score=z - 1.0)
    np.testing.assert_allclose(h_lower / h, fx.gradient_of_risk(age, outcome, sex=sex), rtol=1e-12)


@pytest.mark.parametrize("sex", ["female", "male"])
@pytest.mark.parametrize("age", [50.0, 65.0, 80.0])
def test_major_hazard_is_the_sum_of_its_parts_each_with_its_own_gradient(age, sex):
    # MOF = hip + clinical spine + forearm and humerus; the forearm-humerus part is graded by the
    # MOF gradient of Johnell 2005 (gradient_of_risk(..., "major")), the others by their own
    z = np.array([0.7, -0.3, -1.8])
    major = fx.fracture_hazard(age, sex, "major", z_score=z)
    hip = fx.fracture_hazard(age, sex, "hip", z_score=z)
    vert = fx.fracture_hazard(age, sex, "clinical_vertebral", z_score=z)
    rest = major - hip - vert
    rest_lower = (fx.fracture_hazard(age, sex, "major", z_score=z - 1.0)
                  - fx.fracture_hazard(age, sex, "hip", z_score=z - 1.0)
                  - fx.fracture_hazard(age, sex, "clinical_vertebral", z_score=z - 1.0))
    np.testing.assert_allclose(rest_lower / rest, fx.gradient_of_risk(age, "major", sex=sex),
                               rtol=1e-9)
    # the major hazard's own ratio per SD lies between its parts' gradients, above the MOF one
    ratio = fx.fracture_hazard(age, sex, "major", z_score=z - 1.0) / major
    assert np.all(ratio > fx.gradient_of_risk(age, "major", sex=sex))
    assert np.all(ratio < fx.gradient_of_risk(age, "hip", sex=sex))
    # the BMD factor of "major" is the population-weighted mean of its parts' factors
    pop = {o: fx.population_hazard(age, sex, o) for o in OUT}
    np.testing.assert_allclose(fx.bmd_multiplier(z, age, sex, "major") * pop["major"], major,
                               rtol=1e-12)


def test_hip_gradient_higher_at_50_than_80_and_mof_about_1_4():
    for sex in ("female", "male"):
        g50, g65, g80 = fx.gradient_of_risk([50, 65, 80], "hip", sex=sex)
        assert g50 > g65 > g80 > 1.5
        assert g50 == pytest.approx(3.7)  # Kanis 2007 abstract
        assert fx.gradient_of_risk(65, "major", sex=sex) == pytest.approx(1.4, abs=0.03)


@pytest.mark.parametrize("outcome", OUT)
@pytest.mark.parametrize("age", [52.0, 67.0, 84.0])
def test_population_average_of_person_hazard_is_population_hazard(age, outcome):
    # E_Z[h(Z)] over Z ~ N(0,1), by 80-point Gauss-Hermite quadrature (exact to ~1e-12 here)
    nodes, weights = np.polynomial.hermite_e.hermegauss(80)
    h = fx.fracture_hazard(age, "female", outcome, z_score=nodes)
    mean = np.sum(weights * h) / np.sqrt(2 * np.pi)
    assert mean == pytest.approx(fx.population_hazard(age, "female", outcome), rel=1e-9)
    # and it is not trivially flat: the hazard at Z = -2 is several times the population one
    assert h[np.argmin(abs(nodes + 2))] > 1.5 * fx.population_hazard(age, "female", outcome)


# --------------------------------------------------------------------------- population tables


def test_hip_hazard_reproduces_ettinger_table_at_group_midpoints():
    mids = fd.group_midpoints(fd.HIP_AGE_GROUPS)
    for sex, rates in fd.HIP_INCIDENCE_PER_1000.items():
        np.testing.assert_allclose(fx.hip_hazard(mids, sex) * 1000, rates, rtol=1e-12)


def test_site_ratios_reproduce_medicare_irr_pattern():
    # ratio(age)/ratio(65-69 midpoint) must equal the IRR quotient of MEDICARE2011 Table 2
    mids = fd.group_midpoints(fd.MEDICARE_AGE_GROUPS)
    for site in ("spine", "forearm", "humerus"):
        r = fx.site_to_hip_ratio(mids, "female", site)
        irr = np.asarray(fd.MEDICARE_SITES[site]["age"]) / np.asarray(fd.MEDICARE_SITES["hip"]["age"])
        np.testing.assert_allclose(r / r[0], irr, rtol=1e-12)
        men = fx.site_to_hip_ratio(mids, "male", site)
        sex_q = fd.MEDICARE_SITES[site]["male"] / fd.MEDICARE_SITES["hip"]["male"]
        np.testing.assert_allclose(men / r, sex_q, rtol=1e-12)


def test_life_table_mortality_reproduces_the_tables_life_expectancy():
    # e(65) integrated from the hazard built from q(x) against the e(x) column of the same table;
    # 0.03 y: the table's e(x) assumes deaths in mid-year, the hazard here is constant in a year
    t = np.linspace(0, 55, 55001)
    for sex, e65 in fd.LIFE_EXPECTANCY_65.items():
        surv = fx.survival_probability(65.0, sex, t)
        assert np.trapezoid(surv, t) == pytest.approx(e65.value, abs=0.03)
    assert fx.death_hazard(80, "male") > fx.death_hazard(80, "female")
    # one year of the table: surviving from 80 to 81 is 1 - q(80)
    q80 = fd.LIFE_TABLE_QX["female"][80 - fd.LIFE_TABLE_FIRST_AGE]
    assert fx.survival_probability(80.0, "female", 1.0) == pytest.approx(1 - q80, rel=1e-12)
    assert fx.survival_probability(80.5, "female", 0.25) == pytest.approx((1 - q80) ** 0.25,
                                                                          rel=1e-12)


def test_death_hazard_outside_the_life_table_is_an_error():
    with pytest.raises(InputError, match="age"):
        fx.death_hazard(30.0, "female")


# --------------------------------------------------------------------------- probabilities


def test_probabilities_rise_with_age():
    ages = np.arange(50.0, 81.0, 5.0)
    for sex in ("female", "male"):
        p = fx.fracture_probability(ages, sex, t_score_femoral_neck=-2.0)
        for o in OUT:
            assert np.all(np.diff(p[o]) > 0), (sex, o, p[o])


def test_probabilities_fall_with_higher_t_score():
    t = np.linspace(-4.0, 2.0, 13)
    p = fx.fracture_probability(65.0, "female", t_score_femoral_neck=t)
    for o in OUT:
        assert np.all(np.diff(p[o]) < 0), (o, p[o])


@pytest.mark.parametrize("factor", ["prior_fracture", "parental_hip_fracture", "smoker",
                                    "glucocorticoids", "rheumatoid_arthritis", "alcohol"])
def test_each_risk_factor_raises_every_probability(factor):
    kwargs = {"alcohol_units_per_day": 3.0} if factor == "alcohol" else {factor: True}
    base = fx.fracture_probability(70.0, "female", t_score_femoral_neck=-1.5)
    with_rf = fx.fracture_probability(70.0, "female", t_score_femoral_neck=-1.5, **kwargs)
    for o in OUT:
        assert with_rf[o] > base[o] * 1.05, (factor, o)


def test_alcohol_threshold_at_two_units():
    base = fx.fracture_probability(70.0, "male")
    assert fx.fracture_probability(70.0, "male", alcohol_units_per_day=2.0) == base
    assert fx.fracture_probability(70.0, "male", alcohol_units_per_day=2.5)["hip"] > base["hip"]


def test_turnover_and_quality_multipliers():
    assert fx.turnover_relative_risk(above=True) == 2.2
    assert fx.turnover_relative_risk(above=False) == 1.0
    assert fx.turnover_relative_risk(1.4) == 2.2
    assert fx.turnover_relative_risk(0.9) == 1.0
    base = fx.fracture_probability(78.0, "female", t_score_femoral_neck=-2.0)
    hi = fx.fracture_probability(78.0, "female", t_score_femoral_neck=-2.0,
                                 turnover_rr=fx.turnover_relative_risk(above=True))
    assert hi["hip"] > 1.5 * base["hip"]
    # EPIDOS studied hip fracture only: it raises the major hazard through its hip part only
    assert base["hip"] < base["major"] < hi["major"]
    assert hi["clinical_vertebral"] == base["clinical_vertebral"]
    h0 = fx.fracture_hazards(78.0, "female", t_score_femoral_neck=-2.0)
    h1 = fx.fracture_hazards(78.0, "female", t_score_femoral_neck=-2.0, turnover_rr=2.2)
    assert h1["major"] - h0["major"] == pytest.approx(h1["hip"] - h0["hip"], rel=1e-12)
    q = fx.fracture_probability(78.0, "female", t_score_femoral_neck=-2.0, quality_rr=0.5)
    for o in OUT:
        assert q[o] < 0.6 * base[o]


def test_lifetime_at_least_ten_year():
    ages = np.array([50.0, 65.0, 80.0, 90.0])
    for sex in ("female", "male"):
        p10 = fx.fracture_probability(ages, sex, t_score_femoral_neck=-2.5, prior_fracture=True)
        plife = fx.fracture_probability(ages, sex, t_score_femoral_neck=-2.5, prior_fracture=True,
                                        horizon="lifetime")
        for o in OUT:
            assert np.all(plife[o] >= p10[o] - 1e-9)
            assert np.all(plife[o][:2] > p10[o][:2] * 1.2)  # lifetime adds real risk when young
            assert plife[o][-1] == pytest.approx(p10[o][-1], rel=1e-9)  # at 90 both end at 100


def test_competing_risk_sanity():
    age, sex = 85.0, "female"
    p = fx.fracture_probability(age, sex, t_score_femoral_neck=-3.0)["hip"] / 100
    x = age + (np.arange(120) + 0.5) / 12
    z = fx.femoral_neck_z_score(-3.0, x, sex)
    h = fx.fracture_hazard(x, sex, "hip", z_score=z)
    h_d = fx.death_hazard(x, sex)
    no_death = 1 - np.exp(-np.sum(h) / 12)
    assert p < no_death  # death removes people before they can fracture
    assert p > 0.5 * no_death  # but does not wipe the risk out
    # fracture is one way of leaving the fracture-free-and-alive state: p < 1 - S_joint(10 y)
    s_joint = np.exp(-np.sum(h + h_d) / 12)
    assert p < 1 - s_joint
    # and the remainder is death before fracture, which must be substantial at 85
    assert 1 - s_joint - p > 0.3


def test_ten_year_equals_numeric_horizon_and_lifetime_to_100():
    a = fx.fracture_probability(60.0, "female", horizon="10y")
    b = fx.fracture_probability(60.0, "female", horizon=10)
    assert a == b
    c = fx.fracture_probability(60.0, "female", horizon=40)
    d = fx.fracture_probability(60.0, "female", horizon="lifetime")
    for o in OUT:
        assert c[o] == pytest.approx(d[o], rel=1e-12)


def test_lifetime_hip_risk_of_us_white_woman_at_50():
    # North American lifetime risk of hip fracture from 50 in white women: 17.5% (quoted in
    # van Staa TP et al. Bone 2001;29:517, doi:10.1016/S8756-3282(01)00614-7, introduction, from
    # Melton 1992). Tolerance: factor 1.3 (a different decade of incidence and mortality).
    p = fx.fracture_probability(50.0, "female", horizon="lifetime")["hip"]
    assert 17.5 / 1.3 < p < 17.5 * 1.3


def test_vectorized_shapes_and_scalars():
    p = fx.fracture_probability(np.array([55.0, 75.0]), "m", t_score_femoral_neck=np.array([[-1.0], [-2.0]]))
    assert p["hip"].shape == (2, 2)
    s = fx.fracture_probability(70, "female")
    assert isinstance(s["hip"], float)


# --------------------------------------------------------------------------- FRAX comparison
#
# Kanis JA et al. Osteoporos Int 2008;19:385 (PMID 18292978), Table 3: UK FRAX 10-year probability (%)
# for BMI 25 kg/m², no clinical risk factors, by age and femoral-neck T-score. Values for T = -1, -2, -3.
# Checked against the table as PMC2267485 prints it (its footnote: the osteoporotic fracture is hip,
# clinical spine, humerus or forearm, the model's four sites).
# Tolerance: within a factor of 2 either way. Defence: (1) this model uses US white incidence, FRAX UK
# uses UK incidence; (2) FRAX's BMI term and its fitted interactions are not public (this model has no
# BMI); (3) mortality and the T->Z conversion here rest on labelled assumptions. A factor of 2 in hip
# risk is ~0.65 SD of femoral-neck BMD at GR 2.9 — loose, but it fails on a wrong table, a wrong
# gradient or a sign error (e.g. T used as Z, or the hip hazard in per-100 instead of per-1).

FRAX_UK_T3 = {
    ("hip", "female"): {50: (0.2, 0.8, 3.2), 60: (0.4, 1.4, 4.4), 70: (0.9, 2.4, 6.3), 80: (2.1, 4.4, 9.5)},
    ("hip", "male"): {50: (0.4, 1.3, 4.7), 60: (0.6, 1.9, 5.6), 70: (1.1, 2.6, 5.9), 80: (1.9, 3.4, 6.1)},
    ("major", "female"): {50: (3.8, 5.2, 8.5), 60: (5.6, 7.9, 12.6), 70: (8.4, 11.5, 18.2),
                          80: (10.1, 13.8, 21.7)},
    ("major", "male"): {50: (3.5, 5.1, 9.2), 60: (4.5, 6.8, 11.5), 70: (5.5, 8.2, 12.8),
                        80: (5.2, 7.6, 11.3)},
}
T_COLUMNS = (-1.0, -2.0, -3.0)
_ABOVE_AT_OLD_AGE = (
    "model above UK FRAX by 2.0-2.5x: a level gap of about 2x at 70-80 that is there without any "
    "BMD term too (women with a prior fracture, test_uk_frax_hip_gap_at_old_age_is_in_the_level_"
    "not_the_bmd_term), so in the population hazard (US NIS 2006 incidence, US 2019 mortality) "
    "or FRAX's age terms, not the T->Z conversion; for men at 80 also a steeper step per T unit "
    "than FRAX's (1.99x against 1.79x), which FRAX's extra death hazard at low BMD (not in this "
    "model) may flatten (catalog FRAX_MISS)")
_MOF_CARRIES_HIP = (
    "model above UK FRAX by 2.06x: the major hazard contains the hip part, which is 2.4x above "
    "UK FRAX for men at 80 with T -3 (the hip rows' gap) and is graded by the steep hip gradient")
KNOWN_GAPS = {("hip", "male", 80, -1.0): _ABOVE_AT_OLD_AGE, ("hip", "male", 80, -2.0): _ABOVE_AT_OLD_AGE,
              ("hip", "male", 80, -3.0): _ABOVE_AT_OLD_AGE,
              ("hip", "female", 70, -1.0): _ABOVE_AT_OLD_AGE,
              ("major", "male", 80, -3.0): _MOF_CARRIES_HIP}


def _frax_cases(known: bool):
    cases = []
    for (outcome, sex), rows in FRAX_UK_T3.items():
        for age, values in rows.items():
            for t, ref in zip(T_COLUMNS, values, strict=True):
                key = (outcome, sex, age, t)
                if (key in KNOWN_GAPS) != known:
                    continue
                marks = (pytest.mark.xfail(strict=True, reason=KNOWN_GAPS[key]),) if known else ()
                cases.append(pytest.param(outcome, sex, age, t, ref, marks=marks))
    return cases


@pytest.mark.parametrize("outcome,sex,age,t,ref", _frax_cases(known=False))
def test_ten_year_probability_same_magnitude_as_uk_frax(outcome, sex, age, t, ref):
    p = fx.fracture_probability(age, sex, t_score_femoral_neck=t)[outcome]
    assert ref / 2 <= p <= ref * 2, f"model {p:.2f}% vs FRAX UK {ref}%"


@pytest.mark.parametrize("outcome,sex,age,t,ref", _frax_cases(known=True))
def test_ten_year_probability_known_gap_to_uk_frax(outcome, sex, age, t, ref):
    p = fx.fracture_probability(age, sex, t_score_femoral_neck=t)[outcome]
    assert ref / 2 <= p <= ref * 2, f"model {p:.2f}% vs FRAX UK {ref}%"


FRAX_UK_PRIOR_FRACTURE_WOMEN = {50: (7.4, 0.8), 60: (12.0, 2.1), 70: (20.0, 4.9), 80: (28.0, 11.0)}
"""Kanis 2008 Table 2(b): women, BMI 25, previous fragility fracture, no BMD; age: (major, hip) %."""


@pytest.mark.parametrize("age", sorted(FRAX_UK_PRIOR_FRACTURE_WOMEN))
def test_prior_fracture_without_bmd_same_magnitude_as_uk_frax(age):
    # Same factor-2 tolerance as the T-score rows.
    frax_mof, frax_hip = FRAX_UK_PRIOR_FRACTURE_WOMEN[age]
    p = fx.fracture_probability(age, "female", prior_fracture=True)
    assert frax_mof / 2 <= p["major"] <= frax_mof * 2
    assert frax_hip / 2 <= p["hip"] <= frax_hip * 2


def test_uk_frax_hip_gap_at_old_age_is_in_the_level_not_the_bmd_term():
    """The diagnosis of FX3.hip_male_80_T-2 (catalog FRAX_MISS), kept true here: the model's
    hip excess over UK FRAX at 70-80 is as large without any BMD term (women with a prior
    fracture) as at T -1, and absent at 50, so it is not the T-to-Z conversion; for men at 80
    it is that level gap (about x2) plus a steeper step from T -1 to -2 than FRAX's."""
    def log2_gap(age, sex, ref, **kw):
        return float(np.log2(fx.fracture_probability(age, sex, **kw)["hip"] / ref))

    prior = {age: log2_gap(age, "female", FRAX_UK_PRIOR_FRACTURE_WOMEN[age][1], prior_fracture=True)
             for age in (50, 70, 80)}
    assert abs(prior[50]) < 0.25
    for age in (70, 80):
        at_t1 = log2_gap(age, "female", FRAX_UK_T3[("hip", "female")][age][0],
                         t_score_femoral_neck=-1.0)
        assert prior[age] > 0.75 and abs(prior[age] - at_t1) < 0.2, (age, prior[age], at_t1)
    frax = FRAX_UK_T3[("hip", "male")][80]
    p = [fx.fracture_probability(80, "male", t_score_femoral_neck=t)["hip"] for t in (-1.0, -2.0)]
    level = np.log2(p[0] / frax[0])
    step = np.log2((p[1] / p[0]) / (frax[1] / frax[0]))
    assert 0.9 < level < 1.1 and 0.1 < step < 0.2, (level, step)
    # the step is not the model treating men as women: at 80 its men's hip hazard is within
    # 7 % of women's at the same BMD, as De Laet 1997 found (BMJ 315:221, abstract)
    for t in (1.0, 0.0, -1.0, -2.0, -3.0, -4.0):
        men, women = (fx.fracture_hazards(80.0, s, t_score_femoral_neck=t)["hip"]
                      for s in ("male", "female"))
        assert men / women == pytest.approx(1.0, abs=0.07), (t, men / women)


def test_major_gradient_excess_over_uk_frax_lies_where_non_hip_fractures_dominate():
    """The diagnosis of FX2.mof_65, kept true here: from T -1 to -2 (where forearm, humerus and
    spine make most of the major hazard) the model's major probability rises more than 5 %
    faster per T unit than UK FRAX's (1.52-1.54x against 1.37-1.41x), while from T -2 to -3
    (hip weightier) it rises as FRAX's does, within 5 % (FRAX printed to 0.1 %)."""
    for age, frax in FRAX_UK_T3[("major", "female")].items():
        p = [fx.fracture_probability(age, "female", t_score_femoral_neck=t)["major"]
             for t in T_COLUMNS]
        assert p[1] / p[0] > 1.05 * frax[1] / frax[0], (age, p, frax)
        assert p[2] / p[1] == pytest.approx(frax[2] / frax[1], rel=0.05), (age, p, frax)


# --------------------------------------------------------------------------- table and errors


def test_risk_factor_table_lists_every_rr_with_source():
    df = fx.risk_factor_table()
    assert isinstance(df, pd.DataFrame)
    assert set(fd.RISK_FACTORS) <= set(df["factor"])
    assert df["source"].str.len().min() > 20
    assert {"rr", "unit", "assumption"} <= set(df.columns)
    smoke_hip = df[(df.factor == "smoker") & (df.outcome == "hip")]["rr"].item()
    assert smoke_hip == 1.84


@pytest.mark.parametrize("kwargs,field", [
    ({"age": 45.0}, "age"), ({"age": 91.0}, "age"), ({"age": np.nan}, "age"),
    ({"sex": "x"}, "sex"),
    ({"t_score_femoral_neck": -11.0}, "t_score_femoral_neck"),
    ({"t_score_femoral_neck": np.array([0.0, 12.0])}, "t_score_femoral_neck"),
    ({"alcohol_units_per_day": -1.0}, "alcohol_units_per_day"),
    ({"alcohol_units_per_day": 50.0}, r"alcohol_units_per_day must be a number of units/day in "
                                      r"\[0, 30\].*got 50"),
    ({"bmi": 10.0}, "bmi"), ({"bmi": 71.0}, "bmi"),
    ({"turnover_rr": 0.0}, "turnover_rr"), ({"quality_rr": -1.0}, "quality_rr"),
    ({"horizon": "decade"}, "horizon"), ({"horizon": 45.0}, "horizon"),
    ({"smoker": "yes"}, "smoker"),
    ({"ctx": 0.0}, "ctx"), ({"ctx": -0.3}, "ctx"), ({"ctx": np.nan}, "ctx"),
    ({"t_score_lumbar_spine": -11.0}, "t_score_lumbar_spine"),
    ({"ctx": 0.3, "ctx_assay": "abbott"}, "assay"),
    ({"ctx": 0.3, "turnover_rr": 2.2}, "ctx"),
])
def test_bad_input_raises_input_error_naming_field(kwargs, field):
    args = {"age": 60.0, "sex": "female"}
    args.update(kwargs)
    age, sex = args.pop("age"), args.pop("sex")
    with pytest.raises(InputError, match=field):
        fx.fracture_probability(age, sex, **args)


def test_bmi_upper_bound_is_inclusive():
    assert fx.fracture_probability(60.0, "female", bmi=70.0)["hip"] > 0


def test_turnover_relative_risk_needs_exactly_one_argument():
    with pytest.raises(InputError):
        fx.turnover_relative_risk()
    with pytest.raises(InputError):
        fx.turnover_relative_risk(1.2, above=True)
    with pytest.raises(InputError, match="ctx_ratio_to_upper_limit"):
        fx.turnover_relative_risk(-1.0)


# --------------------------------------------------------------------------- spine BMD, turnover


def test_lumbar_spine_z_score_by_hand():
    # T -2.5 -> 1.047 - 2.5 x 0.110 = 0.772 g/cm2; women 61-70 (midpoint 66): 0.952 +- 0.142
    assert fx.lumbar_spine_z_score(-2.5, 66.0, "female") == pytest.approx(
        (0.772 - 0.952) / 0.142, rel=1e-12)
    # held at the last decade (71-80, midpoint 76) beyond it
    assert fx.lumbar_spine_z_score(-2.5, 88.0, "female") == pytest.approx(
        (0.772 - 0.902) / 0.167, rel=1e-12)


def test_vertebral_gradient_is_marshall_spine_when_spine_bmd_is_known():
    # FX1: spine BMD -> vertebral fracture 2.3 per SD (Marshall 1996)
    h0 = fx.fracture_hazard(70.0, "female", "clinical_vertebral", z_score=0.0, spine_z_score=0.0)
    h1 = fx.fracture_hazard(70.0, "female", "clinical_vertebral", z_score=0.0, spine_z_score=-1.0)
    assert h1 / h0 == pytest.approx(2.3, rel=1e-12)
    # without it, the femoral neck's 1.5
    f1 = fx.fracture_hazard(70.0, "female", "clinical_vertebral", z_score=-1.0)
    f0 = fx.fracture_hazard(70.0, "female", "clinical_vertebral", z_score=0.0)
    assert f1 / f0 == pytest.approx(1.5, rel=1e-12)
    # the spine does not enter hip; it enters MOF through its clinical vertebral part only
    base = fx.fracture_probability(70.0, "female", t_score_femoral_neck=-2.0)
    low = fx.fracture_probability(70.0, "female", t_score_femoral_neck=-2.0,
                                  t_score_lumbar_spine=-3.5)
    high = fx.fracture_probability(70.0, "female", t_score_femoral_neck=-2.0,
                                   t_score_lumbar_spine=0.0)
    assert low["hip"] == base["hip"]
    assert low["clinical_vertebral"] > base["clinical_vertebral"] > high["clinical_vertebral"]
    assert low["major"] > base["major"] > high["major"]
    hb = fx.fracture_hazards(70.0, "female", t_score_femoral_neck=-2.0)
    hl = fx.fracture_hazards(70.0, "female", t_score_femoral_neck=-2.0, t_score_lumbar_spine=-3.5)
    assert hl["major"] - hb["major"] == pytest.approx(
        hl["clinical_vertebral"] - hb["clinical_vertebral"], rel=1e-12)
    with pytest.raises(InputError, match="clinical_vertebral"):
        fx.bmd_multiplier(-1.0, 70.0, "female", "hip", site="lumbar_spine")


def test_ctx_z_score_spans_the_postmenopausal_interval():
    # IDS-iSYS postmenopausal central 95 %: 0.09-1.05 ng/mL
    assert fx.ctx_z_score(np.array([0.09, 1.05])) == pytest.approx([-1.959964, 1.959964], rel=1e-6)
    assert fx.ctx_z_score(np.sqrt(0.09 * 1.05)) == pytest.approx(0.0, abs=1e-12)
    # Elecsys's premenopausal centre sits where IDS-iSYS's does
    z_e = fx.ctx_z_score(np.sqrt(0.111 * 0.791), assay="Roche Elecsys")
    assert z_e == pytest.approx(fx.ctx_z_score(np.sqrt(0.05 * 0.67)), rel=1e-12)


@pytest.mark.parametrize("outcome,gc", [("hip", 1.23), ("major", 1.18), ("clinical_vertebral", 1.18)])
def test_turnover_gradient_per_sd_is_johansson2014(outcome, gc):
    mu, sigma = np.log(np.sqrt(0.09 * 1.05)), (np.log(1.05) - np.log(0.09)) / 3.919928
    one_sd_up = np.exp(mu + sigma)
    at_mean = np.exp(mu)
    ratio = fx.turnover_multiplier(one_sd_up, outcome) / fx.turnover_multiplier(at_mean, outcome)
    assert ratio == pytest.approx(gc, rel=1e-6)
    # normalized: the postmenopausal population (log-normal CTX) averages to 1
    z = np.linspace(-8.0, 8.0, 4001)
    w = np.exp(-0.5 * z**2) / np.sqrt(2.0 * np.pi)
    mean = np.trapezoid(w * fx.turnover_multiplier(np.exp(mu + sigma * z), outcome), z)
    assert mean == pytest.approx(1.0, abs=1e-9)


def test_a_womans_ctx_term_ignores_age_and_reads_the_postmenopausal_interval():
    # women keep the age-free postmenopausal interval: giving sex and age changes nothing
    ctx = np.array([0.05, 0.3, 1.2])
    for age in (50.0, 70.0, 90.0):
        assert np.array_equal(fx.ctx_z_score(ctx, sex="female", age=age), fx.ctx_z_score(ctx))
        for o in OUT:
            assert np.array_equal(fx.turnover_multiplier(ctx, o, sex="f", age=age),
                                  fx.turnover_multiplier(ctx, o))
    assert fx.ctx_population_centre(sex="female", age=80.0) == fx.ctx_population_centre()


def test_a_mans_ctx_z_score_reads_the_men_of_his_age():
    # Michelsen 2013 (PMID 24076251) men, IDS-iSYS: 0.12-0.83 ng/mL at 25-29 y, 0.05-0.58 at
    # 75-79 y, each band placed at its middle; the nearest band holds beyond
    for age, (lo, hi) in ((27.5, (0.12, 0.83)), (77.5, (0.05, 0.58)), (90.0, (0.05, 0.58))):
        z = fx.ctx_z_score(np.array([lo, hi]), sex="male", age=age)
        assert z == pytest.approx([-1.959964, 1.959964], rel=1e-6), age
    # in between, each limit linear in age: at 70, 0.0605-0.6175 ng/mL
    c70 = fx.ctx_population_centre(sex="male", age=70.0)
    assert c70 == pytest.approx(np.sqrt(0.0605 * 0.6175), rel=1e-12)
    # the same CTX reads higher against older men (their interval falls with age), and a man's
    # centre sits below the postmenopausal women's (0.307 ng/mL)
    z = fx.ctx_z_score(0.2, sex="m", age=np.array([50.0, 60.0, 70.0, 77.5]))
    assert np.all(np.diff(z) > 0)
    assert c70 < 0.7 * fx.ctx_population_centre()
    # another assay: put on the IDS-iSYS scale as for women
    assert fx.ctx_z_score(fx.ctx_population_centre("roche", sex="male", age=70.0), "roche",
                          sex="male", age=70.0) == pytest.approx(0.0, abs=1e-12)
    with pytest.raises(InputError, match="give age"):
        fx.ctx_z_score(0.2, sex="male")


@pytest.mark.parametrize("outcome,gc", [("hip", 1.23), ("major", 1.18), ("clinical_vertebral", 1.18)])
def test_a_man_at_his_centre_carries_what_a_woman_at_hers_does(outcome, gc):
    """The term is centred on the man's own population: at the centre of the men of his age
    his factor is the woman's at the postmenopausal centre, exp(-(ln GC)^2 / 2) (0.979 hip,
    0.986 other), and over his population (log-normal CTX) it averages to 1, the factor assess
    uses when no CTX is given. (Read against the postmenopausal women, a man of 70 at his
    centre, 0.193 ng/mL, had Z -0.74 and a hip factor of 0.84.)"""
    at_centre = np.exp(-0.5 * np.log(gc) ** 2)
    assert fx.turnover_multiplier(fx.ctx_population_centre(), outcome) == pytest.approx(
        at_centre, rel=1e-12)
    z = np.linspace(-8.0, 8.0, 4001)
    w = np.exp(-0.5 * z**2) / np.sqrt(2.0 * np.pi)
    for age in (55.0, 70.0, 77.5, 85.0):
        c0 = fx.ctx_population_centre(sex="male", age=age)
        assert fx.turnover_multiplier(c0, outcome, sex="male", age=age) == pytest.approx(
            at_centre, rel=1e-12), age
        lo, hi = mk.men_ctx_interval(age)
        mu, sigma = np.log(c0), np.log(hi / lo) / 3.919928
        mean = np.trapezoid(w * fx.turnover_multiplier(np.exp(mu + sigma * z), outcome,
                                                       sex="male", age=age), z)
        assert mean == pytest.approx(1.0, abs=1e-6), age


def test_a_man_at_his_centre_keeps_the_probability_without_ctx():
    """A man whose CTX sits at the centre of the men of his age has, within 2.5 %, the 10-year
    probabilities of the same man without a CTX (the population average). What remains: the
    centre's factor 0.979 (hip) / 0.986 against the average's 1, while the men's centre falls
    with attained age (to 77.5 y), so a CTX held fixed reads slightly higher year by year
    (ratios 0.98-1.01). Read against the postmenopausal women, his hip probability at 70 was 16 %
    lower."""
    for age in (50.0, 60.0, 70.0, 77.5, 85.0):
        c0 = fx.ctx_population_centre(sex="male", age=age)
        p0 = fx.fracture_probability(age, "male", t_score_femoral_neck=-2.0)
        p1 = fx.fracture_probability(age, "male", t_score_femoral_neck=-2.0, ctx=c0)
        for o in OUT:
            assert p1[o] == pytest.approx(p0[o], rel=0.025), (age, o)


def test_lower_ctx_lowers_every_probability():
    lo = fx.fracture_probability(72.0, "female", t_score_femoral_neck=-2.5, ctx=0.1)
    hi = fx.fracture_probability(72.0, "female", t_score_femoral_neck=-2.5, ctx=0.8)
    for o in OUT:
        assert lo[o] < 0.8 * hi[o], o


def test_risk_factor_table_lists_the_turnover_and_spine_gradients():
    table = fx.risk_factor_table()
    assert {"ctx_per_sd", "lumbar_spine_bmd_per_sd"} <= set(table["factor"])
    row = table[(table["factor"] == "ctx_per_sd") & (table["outcome"] == "hip")].iloc[0]
    assert row["rr"] == 1.23 and "Calcif Tissue Int" in row["source"]


def test_nonvertebral_composite_is_hip_forearm_and_humerus_with_their_own_gradients():
    ages = np.array([55.0, 70.0, 85.0])
    for sex in ("female", "male"):
        nv = fx.fracture_hazard(ages, sex, fx.NONVERTEBRAL)
        mof = fx.fracture_hazard(ages, sex, "major")
        vert = fx.fracture_hazard(ages, sex, "clinical_vertebral")
        # population level: the major-fracture sites without the spine
        np.testing.assert_allclose(nv, mof - vert, rtol=1e-12)
    # low BMD raises the hip part by the steep hip gradient, the rest by the MOF gradient
    z = -2.0
    nv = fx.fracture_hazard(70.0, "female", fx.NONVERTEBRAL, z_score=z)
    hip = fx.fracture_hazard(70.0, "female", "hip", z_score=z)
    rest = nv - hip
    rest_pop = (fx.fracture_hazard(70.0, "female", fx.NONVERTEBRAL)
                - fx.fracture_hazard(70.0, "female", "hip"))
    log_gr = np.log(fx.gradient_of_risk(70.0, "major", sex="female"))
    assert rest / rest_pop == pytest.approx(np.exp(-z * log_gr - 0.5 * log_gr**2), rel=1e-12)
    # and it is the major hazard without its clinical vertebral part, for any person
    kw = dict(z_score=np.array([-2.5, 0.5]), spine_z_score=-1.0, ctx=0.6, multiplier=1.7)
    np.testing.assert_allclose(
        fx.fracture_hazard(70.0, "female", fx.NONVERTEBRAL, **kw),
        fx.fracture_hazard(70.0, "female", "major", **kw)
        - fx.fracture_hazard(70.0, "female", "clinical_vertebral", **kw), rtol=1e-12)
    assert hip / fx.fracture_hazard(70.0, "female", "hip") > rest / rest_pop
    # a trial reading only: no population table of its own
    with pytest.raises(InputError, match="outcome must be one of"):
        fx.population_hazard(70.0, "female", fx.NONVERTEBRAL)


def test_a_change_at_a_site_of_unknown_level():
    """A T-score change at a site whose level is not known moves the population hazard along
    the gradient: GR^(-dZ) with dZ the change in SD of that age; no change is the population."""
    from osteon.readouts.densitometry import REFERENCE
    from osteon.readouts.fracture_data import FN_BMD_BY_AGE, FN_BMD_MIDPOINTS

    base = fx.fracture_hazards(70.0, "female")
    same = fx.fracture_hazards(70.0, "female", t_change_femoral_neck=0.0)
    assert same["hip"] == pytest.approx(base["hip"], rel=1e-12)
    up = fx.fracture_hazards(70.0, "female", t_change_femoral_neck=0.5)
    sd = np.interp(70.0, FN_BMD_MIDPOINTS, FN_BMD_BY_AGE["female"]["sd"])
    dz = 0.5 * REFERENCE["femoral_neck"].sd / sd
    gr = fx.gradient_of_risk(70.0, "hip", sex="female")
    assert up["hip"] == pytest.approx(base["hip"] * gr ** -dz, rel=1e-9)
    # the spine's change grades the vertebral outcome by the spine's gradient, 2.3 per SD
    v = fx.fracture_hazards(70.0, "female", t_change_lumbar_spine=1.0)
    assert v["clinical_vertebral"] < base["clinical_vertebral"]
    assert v["hip"] == pytest.approx(base["hip"], rel=1e-12)


def test_a_level_and_a_change_of_one_site_are_refused_together():
    with pytest.raises(InputError, match=r"t_score_femoral_neck .* or t_change_femoral_neck"):
        fx.fracture_probability(70.0, "female", t_score_femoral_neck=-2.0,
                                t_change_femoral_neck=0.3)
    with pytest.raises(InputError, match="t_change_lumbar_spine must be finite"):
        fx.fracture_probability(70.0, "female", t_change_lumbar_spine=float("nan"))


# --------------------------------------------------------------------------- the fall of CTX credited


def test_the_nonvertebral_parts_are_credited_a_fall_of_ctx_only_down_to_40_percent():
    """fracture_data.CTX_FALL_CREDITED_NONVERTEBRAL (Eastell 2003; FREEDOM's nonvertebral course,
    Austin 2012): with the pre-treatment CTX known, the hip and forearm-humerus parts read CTX as
    no lower than 40 % of it; the vertebral part reads it whole; rises are not limited."""
    num = fd.CTX_FALL_CREDITED_NONVERTEBRAL
    assert num.value == 0.60 and num.assumption
    assert "J Bone Miner Res 2003" in num.source and "PMID 22095631" in num.source
    assert fd.CTX_FLOORED_PARTS == ("hip", "forearm_humerus")
    base, deep = 0.30, np.array([0.01, 0.12, 0.2, 0.6])
    np.testing.assert_allclose(fx.credited_ctx(deep, "hip", base), [0.12, 0.12, 0.2, 0.6])
    np.testing.assert_allclose(fx.credited_ctx(deep, "forearm_humerus", base),
                               [0.12, 0.12, 0.2, 0.6])
    np.testing.assert_array_equal(fx.credited_ctx(deep, "clinical_vertebral", base), deep)
    np.testing.assert_array_equal(fx.credited_ctx(deep, "hip", None), deep)
    with pytest.raises(InputError, match="part must be one of"):
        fx.credited_ctx(0.1, "major", base)
    # the hazards: a 97 % fall is a 60 % fall for hip, forearm and humerus, and whole for the spine
    kw = dict(z_score=-2.0, spine_z_score=-2.5)
    for outcome in ("hip", fx.NONVERTEBRAL):
        floored = fx.fracture_hazard(72.0, "female", outcome, ctx=0.009, ctx_baseline=base, **kw)
        at_floor = fx.fracture_hazard(72.0, "female", outcome, ctx=0.4 * base, **kw)
        assert floored == pytest.approx(at_floor, rel=1e-12)
        assert floored > fx.fracture_hazard(72.0, "female", outcome, ctx=0.009, **kw)
        # a fall within the floor, and a rise, count in full
        for c in (0.2, 0.9):
            assert fx.fracture_hazard(72.0, "female", outcome, ctx=c, ctx_baseline=base, **kw) \
                == pytest.approx(fx.fracture_hazard(72.0, "female", outcome, ctx=c, **kw),
                                 rel=1e-12)
    vert = [fx.fracture_hazard(72.0, "female", "clinical_vertebral", ctx=0.009, **b, **kw)
            for b in ({}, {"ctx_baseline": base})]
    assert vert[0] == pytest.approx(vert[1], rel=1e-12)
    # the major hazard is still the sum of its parts, each with its own reading of CTX
    parts = sum(fx.fracture_hazard(72.0, "female", o, ctx=0.009, ctx_baseline=base, **kw)
                for o in ("hip", "clinical_vertebral"))
    rest = (fx.fracture_hazard(72.0, "female", fx.NONVERTEBRAL, ctx=0.009, ctx_baseline=base, **kw)
            - fx.fracture_hazard(72.0, "female", "hip", ctx=0.009, ctx_baseline=base, **kw))
    assert fx.fracture_hazard(72.0, "female", "major", ctx=0.009, ctx_baseline=base, **kw) \
        == pytest.approx(parts + rest, rel=1e-12)


def test_probabilities_take_the_pre_treatment_ctx_and_check_it():
    kw = dict(t_score_femoral_neck=-2.5, t_score_lumbar_spine=-2.8)
    free = fx.fracture_probability(72.0, "female", ctx=0.009, **kw)
    floored = fx.fracture_probability(72.0, "female", ctx=0.009, ctx_baseline=0.30, **kw)
    at_floor = fx.fracture_probability(72.0, "female", ctx=0.12, **kw)
    assert floored["hip"] == pytest.approx(at_floor["hip"], rel=1e-12)
    assert floored["clinical_vertebral"] == pytest.approx(free["clinical_vertebral"], rel=1e-12)
    assert free["major"] < floored["major"] < at_floor["major"]
    h = fx.fracture_hazards(72.0, "female", ctx=0.009, ctx_baseline=0.30, **kw)
    assert h["hip"] == pytest.approx(fx.fracture_hazards(72.0, "female", ctx=0.12, **kw)["hip"],
                                     rel=1e-12)
    # arrays broadcast; a baseline needs a CTX and must be a concentration > 0
    arr = fx.fracture_probability(72.0, "female", ctx=np.array([0.009, 0.5]), ctx_baseline=0.3,
                                  **kw)
    assert arr["hip"].shape == (2,)
    with pytest.raises(InputError, match=r"ctx_baseline .* needs ctx"):
        fx.fracture_probability(72.0, "female", ctx_baseline=0.3, **kw)
    with pytest.raises(InputError, match=r"ctx_baseline .* needs ctx"):
        fx.fracture_hazard(72.0, "female", "hip", ctx_baseline=0.3)
    for bad in (0.0, -0.2, np.nan):
        with pytest.raises(InputError, match="ctx_baseline"):
            fx.fracture_probability(72.0, "female", ctx=0.1, ctx_baseline=bad, **kw)
    table = fx.risk_factor_table()
    assert "ctx_fall_credited" in set(table["factor"])


def test_parental_hip_fracture_uses_the_parental_hip_figures():
    """Sweep finding 7: 'parental hip fracture' carried Kanis 2004's parental ANY-fracture
    figures (hip 1.49, osteoporotic 1.18), the parental-hip ones being unread. McCloskey 2025's
    FRAX-update meta-analysis (Osteoporos Int 36:1725, PMID 40848065, abstract) gives a
    parental history of hip fracture hip HR 1.37 and MOF 1.19."""
    from osteon.readouts.fracture_data import RISK_FACTORS

    rf = RISK_FACTORS["parental_hip_fracture"]
    assert (rf.rr_hip, rf.rr_osteoporotic) == (1.37, 1.19)
    assert "40848065" in rf.source and not rf.assumption
    base = fx.fracture_hazards(65.0, "female", t_score_femoral_neck=-2.0)
    with_rf = fx.fracture_hazards(65.0, "female", t_score_femoral_neck=-2.0,
                                  parental_hip_fracture=True)
    assert with_rf["hip"] / base["hip"] == pytest.approx(1.37, rel=1e-9)
    assert with_rf["clinical_vertebral"] / base["clinical_vertebral"] == pytest.approx(
        1.19, rel=1e-9)


@pytest.mark.parametrize("age, hip, other", [(50.0, 1.25, 1.20), (70.0, 1.20, 1.15),
                                             (75.0, 1.15, 1.125), (85.0, 1.10, 1.10)])
def test_a_high_glucocorticoid_dose_raises_the_glucocorticoid_hazards(age, hip, other):
    """Sweep finding 4: the glucocorticoid factor was one at any dose of 5 mg/day or more. Kanis
    2011's FRAX adjustment for doses of 7.5 mg/day or more (Osteoporos Int 22:809, its table as
    reproduced by Liu 2013, Allergy Asthma Clin Immunol 9:30, Table 7): hip +25/+25/+20/+10 %
    at 50/60/70/80-90, major +20/+15/+15/+10 %; linear between the decades."""
    kw = {"t_score_femoral_neck": -2.0, "glucocorticoids": True}
    base = fx.fracture_hazards(age, "female", **kw)
    high = fx.fracture_hazards(age, "female", **kw, glucocorticoids_high_dose=True)
    assert high["hip"] / base["hip"] == pytest.approx(hip, rel=1e-9)
    assert high["clinical_vertebral"] / base["clinical_vertebral"] == pytest.approx(other,
                                                                                   rel=1e-9)
    assert other < high["major"] / base["major"] < hip or hip == other
    with pytest.raises(InputError, match="glucocorticoids_high_dose"):
        fx.fracture_hazards(age, "female", t_score_femoral_neck=-2.0,
                            glucocorticoids_high_dose=True)


def test_a_glucocorticoid_course_sets_the_high_dose_while_it_lasts():
    from osteon.readouts.clinical import RiskFactors, condition_factors, factor_labels

    t = np.array([0.0, 30.0, 200.0, 365.25, 400.0, 700.0])
    f = condition_factors(["glucocorticoids 7.5 mg/d from 0 for 1 year"], t)
    assert f["glucocorticoids"].tolist() == [False, True, True, True, True, True]
    assert f["glucocorticoids_high_dose"].tolist() == [False, True, True, True, False, False]
    f5 = condition_factors(["glucocorticoids 5 mg/d from 0 for 1 year"], t)
    assert not f5.get("glucocorticoids_high_dose", np.zeros(t.shape, bool)).any()
    labels = factor_labels(RiskFactors(), f, t.shape)
    assert labels[1] == "glucocorticoids at 7.5 mg/day or more (condition)"
    assert labels[4] == "glucocorticoids (condition)"
