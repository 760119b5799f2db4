"""Consistency of the fracture-risk readouts that ``osteon assess`` prints.

- Major osteoporotic fracture (hip, clinical spine, forearm, humerus) contains hip and clinical
  vertebral fracture, so neither probability may exceed the major one, for any input the model
  accepts (it once did: hip 40.4 % vs major 33.1 % at 60 with a femoral-neck T-score of -4 and
  glucocorticoids).
- The contributions table: an input whose hazard ratio (now, against its stated comparison) is
  above 1 must not have a lower 10-year probability than that comparison, and below 1 not a
  higher one (it once did: T -2.1 at 70, hip HR 1.135 but 4.70 % with vs 5.13 % "without").
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from osteon.readouts import fracture as fx
from osteon.readouts.clinical import RiskFactors, assess, risk_contributions
from osteon.readouts.densitometry import T_SCORE_RANGE

OUTCOMES = ("hip", "major", "clinical_vertebral")
# tolerance for probabilities (percentage points) that saturate near 100 % at extreme inputs:
# only floating-point rounding, far below any printed digit
EPS = 1e-9

FACTOR_SETS = {
    "none": {},
    "glucocorticoids": {"glucocorticoids": True},
    "prior+smoker+alcohol": {"prior_fracture": True, "smoker": True, "alcohol_units_per_day": 4.0},
    "all": {"prior_fracture": True, "parental_hip_fracture": True, "smoker": True,
            "glucocorticoids": True, "rheumatoid_arthritis": True, "alcohol_units_per_day": 4.0},
}
# (lumbar-spine T-score, serum CTX ng/mL, turnover_rr): the other inputs assess and the
# simulations pass
EXTRAS = [(None, None, 1.0), (T_SCORE_RANGE[0], None, 1.0), (-4.0, 2.0, 1.0), (1.0, 0.05, 1.0),
          (None, None, 2.2)]


@pytest.mark.parametrize("horizon", ["10y", "lifetime"])
@pytest.mark.parametrize("sex", ["female", "male"])
@pytest.mark.parametrize("factors", list(FACTOR_SETS))
def test_hip_and_clinical_vertebral_never_exceed_major(horizon, sex, factors):
    ages = np.arange(50.0, 90.0 + 1e-9, 2.0)[:, None]
    t_fn = np.concatenate(([T_SCORE_RANGE[0], -7.0, -5.0], np.arange(-4.0, 2.01, 0.5)))[None, :]
    for t_ls, ctx, turnover in EXTRAS:
        p = fx.fracture_probability(ages, sex, t_score_femoral_neck=t_fn, t_score_lumbar_spine=t_ls,
                                    ctx=ctx, turnover_rr=turnover, horizon=horizon,
                                    **FACTOR_SETS[factors])
        case = (sex, factors, horizon, t_ls, ctx, turnover)
        assert np.all(p["hip"] <= p["major"] + EPS), case
        assert np.all(p["clinical_vertebral"] <= p["major"] + EPS), case
        # not vacuous: where nothing saturates, MOF is strictly above both
        unsaturated = p["major"] < 99.0
        assert np.all(p["hip"][unsaturated] < p["major"][unsaturated]), case
        assert np.all(p["clinical_vertebral"][unsaturated] < p["major"][unsaturated]), case


def test_the_reported_case_at_every_age():
    # the reported case: femoral-neck T -4 and glucocorticoids, ages 50-89, through assess
    for age in range(50, 90):
        out = assess(f"female, age {age}, t_score_femoral_neck=-4, glucocorticoids")
        for h in ("10y", "lifetime"):
            assert out[f"fracture_risk_{h}_hip"] < out[f"fracture_risk_{h}_major"], (age, h)
            assert (out[f"fracture_risk_{h}_clinical_vertebral"]
                    < out[f"fracture_risk_{h}_major"]), (age, h)


def test_major_hazard_is_hip_plus_the_other_sites_for_any_input():
    kw = dict(t_score_femoral_neck=np.array([-6.0, -2.5, 1.0]), t_score_lumbar_spine=-3.0,
              ctx=0.7, glucocorticoids=True, smoker=True)
    h = fx.fracture_hazards(65.0, "female", **kw)
    assert np.all(h["major"] > h["hip"] + h["clinical_vertebral"])
    # the rest is forearm and humerus, at the population level the Medicare ratios to hip
    pop = fx.fracture_hazards(65.0, "female")
    ratio = (fx.site_to_hip_ratio(65.0, "female", "forearm")
             + fx.site_to_hip_ratio(65.0, "female", "humerus"))
    assert pop["major"] - pop["hip"] - pop["clinical_vertebral"] == pytest.approx(
        pop["hip"] * ratio, rel=1e-12)


# --------------------------------------------------------------------------- contributions


def _check_rows(age, sex, factors, t_fn, t_ls, ctx):
    rows = risk_contributions(age, sex, factors, t_fn, t_ls, ctx=ctx)
    kw = {**factors.as_kwargs(), "t_score_femoral_neck": t_fn, "t_score_lumbar_spine": t_ls,
          "ctx": ctx}
    p = fx.fracture_probability(age, sex, **kw)
    for row in rows:
        assert row["compared_with"], row
        for o in OUTCOMES:
            hr, without = row[f"hazard_ratio_{o}"], row[f"fracture_risk_10y_{o}_without"]
            where = (sex, age, t_fn, t_ls, ctx, row["factor"], o, hr, p[o], without)
            if hr > 1.0 + 1e-12:
                assert p[o] > without, where
            elif hr < 1.0 - 1e-12:
                assert p[o] < without, where
            else:
                assert p[o] == pytest.approx(without, rel=1e-9), where
    return rows


@pytest.mark.parametrize("sex", ["female", "male"])
def test_contribution_hazard_ratios_agree_with_the_probabilities(sex):
    combos = itertools.product(range(50, 91, 5), np.arange(-4.0, 1.51, 0.3),
                               [(None, None), (-1.9, 0.8), (0.5, 0.15)])
    for age, t_fn, (t_ls, ctx) in combos:
        factors = RiskFactors(smoker=True, glucocorticoids=age % 10 == 0)
        rows = _check_rows(float(age), sex, factors, round(float(t_fn), 2), t_ls, ctx)
        assert len(rows) == (4 if t_ls is not None else 2) + (age % 10 == 0)


@pytest.mark.parametrize(("text", "outcome"), [
    ("female, age 70, t_score_femoral_neck=-2.1", "hip"),  # was HR 1.135, 4.70 % vs 5.13 %
    ("female, age 70, t_score_femoral_neck=-1.8", "major"),  # was HR 1.051, 15.77 % vs 16.32 %
    ("female, age 70, bmd_femoral_neck=0.60, smoker, bmi 22", "hip"),  # README: 1.19, 8.82 vs 9.22
])
def test_a_t_score_below_the_mean_for_age_raises_the_probability(text, outcome):
    out = assess(text)
    row = next(r for r in out["contributions"] if r["factor"].startswith("femoral-neck"))
    assert row[f"hazard_ratio_{outcome}"] > 1.0
    assert out[f"fracture_risk_10y_{outcome}"] > row[f"fracture_risk_10y_{outcome}_without"]
    # and the comparison is stated: the mean BMD for age, as a T-score
    t_mean = fx.femoral_neck_mean_t_score(70.0, "female")
    assert f"vs T {t_mean:+.1f}, mean for age" in row["factor"]


@pytest.mark.parametrize("sex", ["female", "male"])
def test_a_t_score_at_the_mean_for_age_contributes_nothing(sex):
    t_fn = fx.femoral_neck_mean_t_score(75.0, sex)
    t_ls = fx.lumbar_spine_mean_t_score(75.0, sex)
    assert fx.lumbar_spine_z_score(t_ls, 75.0, sex) == pytest.approx(0.0, abs=1e-12)
    ctx = fx.ctx_population_centre(sex=sex, age=75.0)  # his own: men of 75, not women's
    rows = risk_contributions(75.0, sex, RiskFactors(), t_fn, t_ls, ctx=ctx)
    p = fx.fracture_probability(75.0, sex, t_score_femoral_neck=t_fn, t_score_lumbar_spine=t_ls,
                                ctx=ctx)
    assert len(rows) == 3
    for row in rows:
        for o in OUTCOMES:
            assert row[f"hazard_ratio_{o}"] == pytest.approx(1.0, rel=1e-12)
            assert row[f"fracture_risk_10y_{o}_without"] == pytest.approx(p[o], rel=1e-12)
