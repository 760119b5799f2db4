"""The anabolic arm of PTH: PTH-receptor signaling (Peterson & Riggs 2010's RUNX2/CREB/BCL2) in
the integrated model. Daily PTH peaks build, a sustained rise does not: the pattern decides, not
the drug (PT3)."""

from __future__ import annotations

import numpy as np
import pytest

import osteon
from osteon.library import peterson_riggs2010 as pr
from osteon.library.integrated import pth_signaling

AGE = 69.0
DAYS = 14


def _run(rx=None, days=DAYS, **params):
    save = np.arange(0.0, days + 1e-9, 1.0 / 24.0)
    return osteon.simulate("osteon", rx, duration=days, save=save,
                           parameters={"age_start": AGE, **params})


@pytest.fixture(scope="module")
def control():
    return _run()


@pytest.fixture(scope="module")
def daily():
    return _run(f"teriparatide 20 ug sc daily for {DAYS} days")


@pytest.fixture(scope="module")
def infusion():
    return _run(f"teriparatide 20 ug/day sc continuous infusion for {DAYS} days")


def _last_day(r, name):
    return r[name][0][-25:-1]


def test_the_cascade_rests_at_the_young_adult_steady_state():
    # the young adult's plasma PTH is Peterson & Riggs' 3.85 pmol/L to within a few 1e-4
    r = osteon.simulate("osteon", duration=30.0, save=[0.0, 30.0], parameters={"age_start": 25.0})
    assert r["ob_bcl2"][0] == pytest.approx([100.0, 100.0], rel=5e-4)
    assert r["ob_runx2"][0] == pytest.approx([10.0, 10.0], rel=5e-4)
    assert np.all(r["pth_anabolic_signal"][0] < 1e-6)
    # the receptor is adapted to the PTH level it sees
    assert r["pth_adapted"][0] == pytest.approx(r["pth"][0], rel=1e-4)


def test_a_steady_fall_of_pth_is_not_anabolic():
    """Peterson & Riggs' cascade alone turns a steady PTH fall into a BCL2 rise; the receptor's
    adaptation to the PTH level keeps that out (three times the dietary calcium, at rest)."""
    oral = {q.name: q.value for q in pr.PARAMETERS}["OralCa"]
    low = osteon.simulate("osteon", duration=30.0, save=[0.0, 30.0],
                          parameters={"age_start": AGE, "OralCa": 3.0 * oral})
    ref = osteon.simulate("osteon", duration=30.0, save=[0.0, 30.0], parameters={"age_start": AGE})
    assert low["pth"][0][0] < 0.9 * ref["pth"][0][0]
    assert low["ob_bcl2"][0] == pytest.approx([100.0, 100.0], rel=1e-4)
    assert np.all(low["pth_anabolic_signal"][0] < 1e-6)


def test_the_anabolic_signal_is_zero_at_rest_and_grows_with_bcl2():
    p = {q.name: np.array([q.value]) for q in pth_signaling.PARAMETERS}
    bcl2 = np.array([80.0, 100.0, 103.0, 106.0, 110.0, 120.0])
    a = np.array([pth_signaling.anabolic_signal(np.array([b]), p, np)[0] for b in bcl2])
    assert np.all(a[:2] == 0.0) and a[2] < 1e-3
    assert np.all(np.diff(a[2:]) > 0)
    # above the smoothed step it is Peterson & Riggs' RUNX2 term (RUNX2 = BCL2 - 90)
    relief = pr.runx2_elimination_relief(np.array([30.0]), p, np)[0]
    rest = pr.runx2_elimination_relief(np.array([10.0]), p, np)[0]
    assert a[-1] == pytest.approx(relief - rest, rel=1e-6)
    assert rest == pytest.approx(p["E0RUNX2kbEffFACT"][0] - 1.0, rel=1e-12)


def test_a_sustained_pth_rise_lowers_bcl2_at_steady_state():
    """The incoherent feed-forward loop: RUNX2 falls more than CREB rises."""
    p = {q.name: q.value for q in pr.PARAMETERS}
    for pth in (5.0, 10.0, 40.0):
        # steady state of the cascade at a constant PTH
        ec50 = p["EmaxPTHRX2x"] * 3.85 / (p["RX2Kout0"] - p["E0rx2Kout"]) - 3.85
        rx2 = p["RX2Kout0"] * p["RX20"] / (p["E0rx2Kout"] + p["EmaxPTHRX2x"] * pth / (pth + ec50))
        d = pr.pth_signalling(rx2, 10.0, 100.0, pth, p)
        assert d["RX2"] == pytest.approx(0.0, abs=1e-12)
        ec50c = p["EmaxPTHcreb"] * 3.85 / (1.0 - p["E0crebKin"]) - 3.85
        creb = p["CREB0"] * (p["E0crebKin"] + p["EmaxPTHcreb"] * pth / (pth + ec50c))
        assert 0.693 * rx2 * creb / p["bcl2Kout"] < 100.0


def test_daily_teriparatide_drives_the_anabolic_signal_and_formation(control, daily):
    a = _last_day(daily, "pth_anabolic_signal")
    assert a.max() > 0.02 and a.mean() > 0.01
    # each peak drives RUNX2 down (BCL2 falls), and between peaks RUNX2 recovers while CREB,
    # slow, stays raised: BCL2 stands above its threshold
    bcl2 = _last_day(daily, "ob_bcl2")
    assert bcl2.max() > 105.0 and bcl2.min() < 90.0
    assert _last_day(daily, "ob_creb").min() > 10.1
    p1np = daily["p1np"][0][-1] / control["p1np"][0][-1] - 1.0
    assert p1np > 0.02  # formation follows within two weeks (the infusion: < 1 %)


def test_the_same_amount_as_an_infusion_leaves_the_anabolic_arm_silent(control, daily, infusion):
    # the same daily amount, the mean PTH as high: the pattern, not the dose, decides
    assert _last_day(infusion, "pth").mean() > 0.9 * _last_day(daily, "pth").mean()
    assert np.all(infusion["pth_anabolic_signal"][0] < 1e-5)
    assert _last_day(infusion, "ob_bcl2").max() < 101.0
    assert infusion["p1np"][0][-1] / control["p1np"][0][-1] - 1.0 < 0.01
    # while resorption rises through the catabolic arm
    assert infusion["ctx"][0][-1] > control["ctx"][0][-1]


def test_endogenous_pulses_are_anabolic_too(control):
    """No drug: the model's pulsatile PTH secretion input, at the mean rate of a daily dose."""
    rate = pr.teriparatide_pmol(20.0) / 24.0  # pmol/hour, averaged over the day
    save = np.arange(0.0, DAYS + 1e-9, 1.0 / 24.0)
    r = osteon.simulate("osteon", [osteon.ParameterStep(0.0, "pth_pulse_secretion", rate)],
                        duration=DAYS, save=save, parameters={"age_start": AGE})
    assert _last_day(r, "pth_anabolic_signal").max() > 0.02
    assert r["p1np"][0][-1] > control["p1np"][0][-1]


def test_without_the_gain_daily_teriparatide_builds_nothing(control):
    r = _run(f"teriparatide 20 ug sc daily for {DAYS} days", pth_anabolic_gain=0.0)
    assert _last_day(r, "pth_anabolic_signal").max() > 0.02  # the signal is there
    assert r["p1np"][0][-1] / control["p1np"][0][-1] - 1.0 < 0.01  # nothing listens


def test_primary_hyperparathyroidism_leaves_the_anabolic_arm_silent():
    r = osteon.simulate("osteon", duration=180.0, save=[0.0, 90.0, 180.0],
                        patient="female, age 60", conditions=["primary hyperparathyroidism"])
    assert r["pth"][0][-1] > 1.5 * r["pth"][0][0]
    assert np.all(r["pth_anabolic_signal"][0] < 1e-5)
