"""The vascular calcification index and the top of the score it is fitted on.

The index is fitted to the Framingham aortic calcification score of lateral lumbar films (Kiel
2001: men 1.6 -> 9.6, women 1.2 -> 9.9 over 25 years), a score that runs 0-24 (Kauppila 1997:
L1-L4, anterior and posterior wall each graded 0-3 by the calcified share of its length). The
index once compounded without bound (mineral seeds more mineral), so a condition held for
decades took it to 595 (klotho deficiency since 50) and 1.6e6 (OPG deficiency since 30), and a
run could only warn past 24. Mineral now grows only on wall not yet calcified (1 - C / 24), so
the index approaches 24 and never passes it, and the fit to Kiel's means is kept.
"""

import warnings

import numpy as np
import pytest

import osteon
from osteon.errors import ModelDefinitionError, OsteonWarning
from osteon.library.integrated import vascular
from osteon.model.spec import Observable


def _index(**kw) -> np.ndarray:
    with warnings.catch_warnings():
        warnings.simplefilter("error", OsteonWarning)  # nothing is said: the index is on scale
        r = osteon.simulate("osteon", **kw)
    return np.asarray(r["vascular_calcification_index"][0])


def _rates(c):
    p = {q.name: q.value for q in osteon.models.load("osteon").parameters}
    return vascular.rates(0.2, c, 1.6, 0.5, 1.0, 1.0, 1.0, p, np)[1]


def test_mineral_grows_only_on_wall_not_yet_calcified():
    low, mid, top = _rates(1.0), _rates(12.0), _rates(24.0)
    assert low > 0 and mid > 0
    assert top == pytest.approx(0.0, abs=1e-15)  # a wall calcified throughout takes no more
    assert _rates(23.9) < _rates(20.0)  # seeding loses to the wall that is left near the top
    assert _rates(24.5) < 0  # past the top (a solver's overshoot) it is pulled back, not kept


def test_a_condition_held_for_decades_reaches_the_top_without_passing_it():
    v = _index(patient="female, age 70", duration="1 year",
               conditions="klotho deficiency since age 50", save=5)
    assert 23.5 < v[0] <= 24.0  # 595 before the uncalcified-wall factor
    assert np.all(v <= 24.0) and np.all(np.diff(v) >= 0)  # never resorbed, never past 24
    v = _index(patient="female, age 80", duration="1 year",
               conditions="opg deficiency since age 30", save=5)
    assert np.all(v <= 24.0) and v[-1] > 23.5  # 1.6e6 before


def test_end_stage_kidney_failure_approaches_the_top_within_years():
    v = _index(patient="female, age 60", duration="3 years",
               conditions="chronic kidney disease 5", save=13)
    assert v[-1] > 5 * v[0]  # 2.5 -> 23.1 when written
    assert np.all(v < 24.0)
    # growth slows as the wall fills: the last year adds less than the one before it
    assert v[-1] - v[-5] < v[-5] - v[-9]


@pytest.mark.parametrize("sex", ["female", "male"])
def test_the_default_life_course_to_90_stays_on_the_scale(sex):
    v = _index(patient=f"{sex}, age 25", duration="65 years", save=3)
    assert np.all(v <= 24)  # 16.1 (women) and 15.8 (men) at 90 when written
    assert v[-1] > 9.6  # and it keeps rising past Kiel's means at 80


def test_the_fitted_framingham_course_is_kept():
    assert _index(patient="male, age 55", duration="25 years", save=2)[-1] == pytest.approx(
        9.6, abs=0.2)
    assert _index(patient="female, age 55", duration="25 years", save=2)[-1] == pytest.approx(
        9.9, abs=1.0)


def test_a_bound_needs_its_note_and_low_below_high():
    with pytest.raises(ModelDefinitionError, match="high bound needs its high_note"):
        Observable("x", "dimensionless", "x", high=1.0)
    with pytest.raises(ModelDefinitionError, match="low must be below high"):
        Observable("x", "dimensionless", "x", low=2.0, low_note="a", high=1.0, high_note="b")


def test_models_show_lists_the_bound_and_the_score():
    text = osteon.models.show("osteon")
    assert "a run warns below 1.9: severe hypocalcaemia" in text
    assert "(1 - C/24)" in text and "never passes" in text
