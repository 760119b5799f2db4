"""The vascular calcification index and the top of the score it is fitted on.

The index is fitted to the Framingham aortic calcification score of lateral lumbar films (Kiel
2001: men 1.6 -> 9.6, women 1.2 -> 9.9 over 25 years), a score that runs 0-24 (Kauppila 1997:
L1-L4, anterior and posterior wall each graded 0-3). The index has no ceiling (mineral seeds
more mineral), so a condition held for decades took it to 595 (klotho deficiency since 50) and
1.6e6 (OPG deficiency since 30) without a word. A run now warns, once per subject, where it
passes 24 (:class:`Observable`'s ``high``), naming the value, when and why.
"""

import warnings

import numpy as np
import pytest

import osteon
from osteon.errors import ModelDefinitionError, OsteonWarning
from osteon.model.spec import Observable

ABOVE = (r"vascular_calcification_index [\d.e+]+ {when} \(highest [\d.e+]+ at t=[\d.]+ d\), "
         r"above 24: beyond the score's scale")


def _vascular_warnings(record) -> list[str]:
    return [str(w.message) for w in record if "vascular_calcification_index" in str(w.message)]


def test_a_condition_held_for_decades_warns_at_the_start():
    with pytest.warns(OsteonWarning, match=ABOVE.format(when="at the start")) as got:
        r = osteon.simulate("osteon", patient="female, age 70", duration="1 year",
                            conditions="klotho deficiency since age 50")
    v = r["vascular_calcification_index"][0]
    assert v[0] > 24  # 595 when written: the index itself is unchanged, only said
    assert len(_vascular_warnings(got)) == 1  # once, not once per time point
    msg = _vascular_warnings(got)[0]
    assert msg.startswith("model 'osteon', subject 0: ")
    assert "Kauppila" in msg and "nothing here is fitted above" in msg
    assert "above 24" in r.status.warnings[0]


def test_a_run_that_passes_the_bound_says_when():
    # the README's CKD example: 19.7 at 70 after 8 years of eGFR 35, past 24 within the run
    with pytest.warns(OsteonWarning, match=ABOVE.format(when=r"from t=[\d.]+ d")):
        r = osteon.simulate("osteon", patient="female, age 70, t_score_femoral_neck=-2.2",
                            duration="3 years",
                            conditions="chronic kidney disease 35 mL/min since age 62")
    v = r["vascular_calcification_index"][0]
    assert v[0] < 24 < v[-1]


@pytest.mark.parametrize("sex", ["female", "male"])
def test_the_default_life_course_to_90_stays_on_the_scale(sex):
    with warnings.catch_warnings():
        warnings.simplefilter("error", OsteonWarning)
        r = osteon.simulate("osteon", patient=f"{sex}, age 25", duration="65 years")
    v = r["vascular_calcification_index"][0]
    assert np.all(v <= 24)  # 19.1 (women) and 18.6 (men) at 90 when written
    assert r.status.warnings[0] == ""


def test_the_fitted_framingham_course_does_not_warn():
    with warnings.catch_warnings():
        warnings.simplefilter("error", OsteonWarning)
        r = osteon.simulate("osteon", patient="male, age 55", duration="25 years")
    assert r["vascular_calcification_index"][0][-1] == pytest.approx(9.6, abs=0.2)


def test_a_bound_needs_its_note_and_low_below_high():
    with pytest.raises(ModelDefinitionError, match="high bound needs its high_note"):
        Observable("x", "dimensionless", "x", high=1.0)
    with pytest.raises(ModelDefinitionError, match="low must be below high"):
        Observable("x", "dimensionless", "x", low=2.0, low_note="a", high=1.0, high_note="b")


def test_models_show_lists_the_bound():
    text = osteon.models.show("osteon")
    assert "a run warns above 24: beyond the score's scale" in text
    assert "a run warns below 1.9: severe hypocalcaemia" in text
