"""The validation report's small plots show what their rows say: the published value (or bound)
is drawn on a curve of the same quantity, so that where the curve meets it is the row's
observed value.

The readers are run on synthetic courses (no simulation): a course is made of known arrays
and handed to :class:`osteon.validation.runs.Runs` with ``put``.
"""

from __future__ import annotations

import numpy as np
import pytest

from osteon.validation import Measure, Scenario, arm
from osteon.validation.measures import read
from osteon.validation.report import Outcome, Report
from osteon.validation.runs import Course, Runs, grid
from osteon.validation.target import YEAR, Target


def _runs(duration: float, arm_curve, control_curve) -> tuple[Runs, Scenario]:
    """A scenario whose arm and control follow ``arm_curve(t)`` and ``control_curve(t)`` (t in
    days) for the observable ``y``, saved on the regular grid."""
    t = grid(duration)
    a, k = arm("x"), arm(None)
    runs = Runs()
    runs.put(a, duration, Course(t, None, {"y": np.asarray(arm_curve(t), float)}, None))
    runs.put(k, duration, Course(t, None, {"y": np.asarray(control_curve(t), float)}, None))
    return runs, Scenario(a, duration, control=k)


def _curve_at(reading) -> float:
    """The plotted curve where the published value is drawn."""
    return float(np.interp(reading.at, reading.x, reading.y))


def test_an_area_is_drawn_on_the_running_area_not_on_the_concentration():
    """VD1.auc28 and RO6.auc: an area under a serum level (ng/mL x day) was drawn as a point at
    the end of the level's curve (ng/mL), 25 times above it; the curve is now the area from the
    start, so it ends at the observed area, where the published one is drawn."""
    runs, s = _runs(28.0, lambda t: 10.0 * t * np.exp(-t / 5.0), lambda t: 0.0 * t)
    r = read(Measure("named", name="area", args=(("observable", "y"), ("start", 0.0),
                                                 ("end", 28.0))), s, runs)
    assert r.observed == pytest.approx(float(np.trapezoid(runs.course(s.arm, 28.0).series("y"),
                                                          grid(28.0))))
    assert _curve_at(r) == pytest.approx(r.observed, rel=1e-9)
    assert r.y[0] == 0.0 and np.all(np.diff(r.y) >= 0)  # an area from the start grows
    assert "area" in r.ylabel


def test_a_share_of_the_loss_in_the_first_half_is_drawn_on_the_share():
    """GC1.early: the bound (50 % of the year's loss in its first half) was drawn over the %
    vs control curve (about -2 %); the curve is now the share of the loss at ``at`` reached by
    each time, which at ``at``/2 is the observed share."""
    one = YEAR
    runs, s = _runs(one, lambda t: 100.0 - 2.0 * np.sqrt(t / one), lambda t: 100.0 + 0.0 * t)
    r = read(Measure("named", name="first_half_share",
                     args=(("observable", "y"), ("at", one))), s, runs)
    assert r.observed == pytest.approx(100.0 * np.sqrt(0.5), rel=1e-3)
    assert _curve_at(r) == pytest.approx(r.observed, rel=1e-9)
    assert float(np.interp(1.0, r.x, r.y)) == pytest.approx(100.0)  # all of it by the end
    assert "%" in r.ylabel and "loss" in r.ylabel


def test_a_regained_share_is_drawn_on_the_share_regained():
    """IM1.recovery and SF2.recovery: the bound (50 % of the loss regained) was drawn over the
    % vs control curve; the curve is now the share of the loss at ``low`` regained by each
    time, which at ``end`` is the observed share."""
    low, end = 119.0, 301.0  # weeks 17 and 43, on the weekly grid
    runs, s = _runs(end, lambda t: np.where(t < low, 100.0 - 4.0 * t / low,
                                            96.0 + 2.0 * (t - low) / (end - low)),
                    lambda t: 100.0 + 0.0 * t)
    r = read(Measure("named", name="regained_fraction",
                     args=(("observable", "y"), ("low", low), ("end", end))), s, runs)
    assert r.observed == pytest.approx(50.0, rel=1e-6)
    assert _curve_at(r) == pytest.approx(r.observed, rel=1e-9)
    assert float(np.interp(low / YEAR, r.x, r.y)) == pytest.approx(0.0, abs=1e-9)
    assert "regained" in r.ylabel


@pytest.mark.parametrize("measure", [
    Measure("change", "y", 196.0),
    Measure("change", "y", 196.0, start=49.0, per_year=True),
    Measure("vs_control", "y", 196.0),
    Measure("points_vs_control", "y", 196.0),
    Measure("value", "y", 196.0),
    Measure("named", name="peak_vs_control", args=(("observable", "y"), ("start", 0.0),
                                                   ("end", 300.0))),
    Measure("named", name="difference_vs_control", args=(("observable", "y"), ("at", 196.0))),
    Measure("named", name="change_difference", args=(("first", "y"), ("second", "y"),
                                                     ("at", 196.0))),
], ids=lambda m: m.name or f"{m.kind}{'_per_year' if m.per_year else ''}")
def test_every_reading_with_a_published_point_meets_it_on_its_own_curve(measure):
    """The rule the three readers above broke, for the other readings: the curve at the point
    where the published value is drawn is the observed value (times the drawing's scale). The
    times are saved ones (a target's reading times are saved exactly: Runs.request), weeks
    196 and 49 of the weekly grid."""
    runs, s = _runs(300.0, lambda t: 100.0 + 5.0 * np.sin(t / 40.0), lambda t: 100.0 - 0.01 * t)
    r = read(measure, s, runs)
    assert r.at is not None and r.y is not None
    assert _curve_at(r) == pytest.approx(r.observed * r.y_expected_scale, rel=1e-6, abs=1e-9)



def test_a_bound_target_says_it_has_no_tolerance_rather_than_an_empty_one(tmp_path):
    """The source cell of the HTML report ended in 'tolerance: ' with nothing after it for
    every above/below target and every verification: it now says what the criterion is."""
    runs, s = _runs(300.0, lambda t: 100.0 - 0.01 * t, lambda t: 100.0 + 0.0 * t)
    bound = Target("T.bound", "T", "test", "a bound", 0.0, "%", "a source, doi:10.0/x",
                   compare="below", scenario=s, measure=Measure("vs_control", "y", 300.0))
    within = Target("T.within", "T", "test", "a value", -3.0, "%", "a source, doi:10.0/x",
                    tolerance=1.0, tolerance_why="one point: the trial's CI", scenario=s,
                    measure=Measure("vs_control", "y", 300.0))
    outs = [Outcome(t, "pass", read(t.measure, s, runs).observed, reading=read(t.measure, s, runs))
            for t in (bound, within)]
    page = Report(outs).write_html(tmp_path).read_text()
    assert "tolerance: </small>" not in page
    assert "tolerance: one point: the trial&#x27;s CI" in page
    assert "bound (below 0 %): no tolerance" in page


def test_the_report_links_every_doi_pmid_and_pmc_of_a_source(tmp_path):
    """A reviewer reads a row's source to check it: its DOI, PMID and PMC id were plain text;
    they are now links (doi.org, PubMed, PubMed Central), the DOI's own parentheses kept and
    the sentence's comma or closing parenthesis left out."""
    _, s = _runs(300.0, lambda t: 100.0 - 0.01 * t, lambda t: 100.0 + 0.0 * t)
    source = ("Komarova SV et al., Bone 2003;33:206, doi:10.1016/S8756-3282(03)00157-1, PMID "
              "14499354 (SWAN, PMC2869543), and doi:10.1002/jbmr.534)")
    t = Target("T.src", "T", "test", "a bound", 0.0, "%", source, compare="below",
               scenario=s, measure=Measure("vs_control", "y", 300.0))
    page = Report([Outcome(t, "pass", -3.0)]).write_html(tmp_path).read_text()
    assert '<a href="https://doi.org/10.1016/S8756-3282(03)00157-1">' in page
    assert '<a href="https://pubmed.ncbi.nlm.nih.gov/14499354/">PMID 14499354</a>' in page
    assert '<a href="https://www.ncbi.nlm.nih.gov/pmc/articles/PMC2869543/">PMC2869543</a>' in page
    assert '<a href="https://doi.org/10.1002/jbmr.534">doi:10.1002/jbmr.534</a>)' in page


def test_each_sbml_cross_check_cites_its_own_curated_file():
    """REF.sbml_komarova2003 and REF.sbml_lemaire2004 shared one source naming both BioModels
    files; each now names its own (and its paper's DOI), not the other's."""
    from osteon.validation.catalog import TARGETS

    src = {t.id: t.source for t in TARGETS}
    assert "BIOMD0000000148" in src["REF.sbml_komarova2003"]
    assert "BIOMD0000000278" not in src["REF.sbml_komarova2003"]
    assert "BIOMD0000000278" in src["REF.sbml_lemaire2004"]
    assert "BIOMD0000000148" not in src["REF.sbml_lemaire2004"]


def test_a_rate_and_an_increment_are_drawn_as_running_readings_with_their_published_point():
    """NH2's loss rates (g/cm2 per year) and SAMELSON's calcification rise vs placebo had no
    published point on their plots (the curve was the level); the curve is now the reading
    from the start to each time, which ends at the observed value, where the published one
    is drawn."""
    t = grid(10 * YEAR)
    age = 50.0 + t / YEAR
    a, k = arm("x"), arm(None)
    runs = Runs()
    runs.put(a, 10 * YEAR, Course(t, age, {"y": 1.0 - 0.02 * (age - 50.0) ** 1.2}, None))
    runs.put(k, 10 * YEAR, Course(t, age, {"y": 1.0 + 0.0 * t}, None))
    r = read(Measure("named", name="slope", args=(("observable", "y"), ("start", 51.0),
                                                  ("end", 56.0))), Scenario(a, 10 * YEAR), runs)
    assert r.at == 56.0 and _curve_at(r) == pytest.approx(r.observed, rel=1e-6)
    assert "rate" in r.ylabel

    runs2, s = _runs(3 * YEAR, lambda t: 5.0 + 0.004 * t, lambda t: 5.0 + 0.005 * t)
    r = read(Measure("named", name="change_vs_control_increment", args=(("observable", "y"),)),
             s, runs2)
    assert r.observed == pytest.approx(-20.0, rel=1e-9)
    assert r.at == pytest.approx(3.0) and _curve_at(r) == pytest.approx(r.observed, rel=1e-9)


def test_a_trial_fracture_rr_is_drawn_with_its_published_value_on_the_running_ratio():
    """DM1 (FREEDOM's vertebral RR 0.32) and DM1.fnih drew the instantaneous hazard ratio (a
    saw-tooth between 0.3 and 0.6) and no published value at all; the curve is now the ratio
    of the hazards integrated from the start, which at 36 months is the observed RR, and the
    published RR with its tolerance is drawn there."""
    from osteon import validation

    for o in validation.run(["DM1"]).outcomes:
        r = o.reading
        assert r is not None and r.at == pytest.approx(3.0, abs=0.01), o.target.id
        assert _curve_at(r) == pytest.approx(o.observed, rel=1e-9), o.target.id


def test_a_site_loss_ratio_is_drawn_over_time_with_its_published_value():
    """SF1.site_order, PT3.phpt_direction and SILVERBERG had no plot at all (no curve); the
    ratio of the two sites' losses vs control is now drawn over time, meeting the reading at
    its time."""
    t = grid(300.0)
    a, k = arm("x"), arm(None)
    runs = Runs()
    runs.put(a, 300.0, Course(t, None, {"hip": 100.0 - 0.02 * t, "spine": 100.0 - 0.01 * t},
                              None))
    runs.put(k, 300.0, Course(t, None, {"hip": 100.0 + 0.0 * t, "spine": 100.0 + 0.0 * t},
                              None))
    r = read(Measure("named", name="site_loss_ratio", args=(
        ("numerator", "hip"), ("denominator", "spine"), ("at", 196.0))),
        Scenario(a, 300.0, control=k), runs)
    assert r.observed == pytest.approx(2.0) and r.y is not None
    assert _curve_at(r) == pytest.approx(r.observed, rel=1e-9)


def test_the_off_treatment_fracture_rate_ratio_is_drawn_as_its_running_mean():
    """DM8.vertebral_rate (FREEDOM's rate after stopping over the rate on treatment) drew the
    instantaneous hazard over the on-treatment mean; the curve is now the mean from the stop
    to each time, which at the window's end is the reading."""
    from osteon import validation

    o = validation.run(["DM8.vertebral_rate"]).outcomes[0]
    assert o.reading is not None and o.observed is not None
    assert _curve_at(o.reading) == pytest.approx(o.observed, rel=1e-9)
