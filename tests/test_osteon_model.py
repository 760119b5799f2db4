"""The integrated osteon model: baseline, directions of every mechanism, natural history targets.

Targets (../shared/reference/targets.md, copied here so the tests stand alone):
NH1 (Greendale 2012, PMID 21976317): LS -10.6 % from FMP-5 to FMP+5, 7.4 % of it from FMP-1 to
    FMP+2; FN -9.1 % (5.8 % in that window). Tolerance: 2 percentage points on the windows, 3 on
    the ten-year totals (the SWAN means carry about this much between-site and between-cohort
    spread; a calibrated model that misses by more is reported as a miss).
NH2 (Finkelstein 2008): postmenopausal LS loss faster than total-hip loss.
NH3 (SWAN, PMC2869543): LS -1.7 %/y in the 2 y before FMP, -3.3 %/y in the 2 y after, -1.1 %/y
    from 2 to 7 y after. Tolerance 1 %/y (0.6 for the late rate).
NH4 (Riggs 2008, PMID 17937534): 37 % of lifetime trabecular loss before 50 in women vs 6 % of
    cortical. Tolerance 15 points; direction (trabecular earlier than cortical) strict.
NH5 (Melton 2000, PMID 10646111): FN -1.0 %/y in women 30-94. Tolerance 0.5 %/y.
NH6 (review statement, soft): about -0.5 %/y in the 40s. Tolerance 0.4 %/y.
"""

from __future__ import annotations

import numpy as np
import pytest

import osteon
from osteon.events import ParameterStep
from osteon.library.integrated.rankl_opg import PIV_OBA, PIV_OBP, PIV_OCA
from osteon.readouts.densitometry import REFERENCE

FMP = 51.4
YEAR = 365.25


def _life(**params):
    save = np.arange(0.0, 65 * YEAR + 1, YEAR / 8)
    r = osteon.simulate("osteon", duration=65 * YEAR, save=save, parameters=params or None)
    df = r.to_pandas()
    age = df["age_years"].to_numpy()
    return lambda col, a: float(np.interp(a, age, df[col].to_numpy()))


@pytest.fixture(scope="module")
def life():
    return _life()


def change(at, col, a0, a1):
    return 100.0 * (at(col, a1) / at(col, a0) - 1.0)


# ------------------------------------------------------------------------------ baseline
def test_young_adult_steady_state_is_pivonka_and_reference_bmd():
    r = osteon.simulate("osteon", duration=10, save=2)
    s = r.to_pandas().iloc[0]
    # PR's own steady-state PTH is 3.8488, not its published 3.85 pmol/L, so the cells sit within
    # 1e-3 (not exactly at) Pivonka's steady state
    assert s["OBp"] == pytest.approx(PIV_OBP, rel=1e-3)
    assert s["OBa"] == pytest.approx(PIV_OBA, rel=1e-3)
    assert s["OCa"] == pytest.approx(PIV_OCA, rel=1e-3)
    for site, ref in REFERENCE.items():
        assert s[f"bmd_{site}"] == pytest.approx(ref.mean, rel=1e-9)
    # the young adult's markers sit at the centres of their premenopausal intervals (PMID 22348982)
    assert s["ctx"] == pytest.approx((0.111 * 0.791) ** 0.5, rel=1e-6)
    assert s["p1np"] == pytest.approx((17.3 * 83.4) ** 0.5, rel=1e-6)
    assert s["bsap"] == pytest.approx((5.8 * 17.5) ** 0.5, rel=1e-6)
    assert s["calcium"] == pytest.approx(2.35, abs=0.01)
    assert r.status["steady_state_residual"].iloc[0] <= 1e-8


def test_no_aging_no_menopause_means_no_change():
    off = {k: 0.0 for k in ("aging_estrogen", "aging_igf1", "aging_sasp_systemic",
                            "aging_adipogenic_drift", "aging_senescence", "aging_sclerostin")}
    r = osteon.simulate("osteon", duration="30 years", save=3, parameters=off)
    bmd = r["bmd_lumbar_spine"][0]
    assert bmd[-1] == pytest.approx(bmd[0], rel=1e-6)


# ------------------------------------------------------------------------------ directions
def _two_years(event_name, value, age=40.0):
    base = {"age_start": age, "aging_estrogen": 0.0}
    r = osteon.simulate("osteon", ParameterStep(0.0, event_name, value), parameters=base,
                        duration="2 years", save=3)
    ref = osteon.simulate("osteon", parameters=base, duration="2 years", save=3)
    return r, ref


def _end(r, col):
    return float(r[col][0, -1])


def test_rankl_up_raises_resorption_and_lowers_bmd():
    r, ref = _two_years("rankl_exogenous", 300.0)
    assert _end(r, "ctx") > 1.1 * _end(ref, "ctx")
    assert _end(r, "bmd_lumbar_spine") < _end(ref, "bmd_lumbar_spine") - 0.005


def test_opg_up_lowers_resorption_and_raises_bmd():
    r, ref = _two_years("opg_exogenous", 5.0e4)
    assert _end(r, "ctx") < 0.9 * _end(ref, "ctx")
    assert _end(r, "bmd_lumbar_spine") > _end(ref, "bmd_lumbar_spine") + 0.005


def test_unloading_lowers_bmd_and_raises_sclerostin():
    r, ref = _two_years("loading", 0.5)
    assert _end(r, "sclerostin") > 1.1 * _end(ref, "sclerostin")
    assert _end(r, "bmd_total_hip") < _end(ref, "bmd_total_hip") - 0.005


def test_less_sclerostin_raises_formation():
    r, ref = _two_years("sclerostin_production_gain", 0.3)
    assert _end(r, "wnt_signal") > _end(ref, "wnt_signal")
    assert _end(r, "p1np") > 1.05 * _end(ref, "p1np")


def test_estrogen_loss_raises_turnover_and_lowers_bmd_trabecular_first():
    base = {"age_start": 45.0, "age_menopause": 48.0}
    r = osteon.simulate("osteon", parameters=base, duration="8 years", save=9)
    ref = osteon.simulate("osteon", parameters={**base, "aging_estrogen": 0.0},
                          duration="8 years", save=9)
    assert _end(r, "ctx") > 1.3 * _end(ref, "ctx")
    assert _end(r, "p1np") > _end(ref, "p1np")
    ls = _end(r, "bmd_lumbar_spine") / _end(ref, "bmd_lumbar_spine") - 1
    fn = _end(r, "bmd_femoral_neck") / _end(ref, "bmd_femoral_neck") - 1
    assert ls < fn < 0  # trabecular-rich spine loses first and most


@pytest.mark.parametrize("switch", ["aging_senescence", "aging_sasp_systemic",
                                    "aging_adipogenic_drift", "aging_sclerostin",
                                    "aging_estrogen"])
def test_each_aging_switch_off_means_less_loss_30_to_80(life, switch):
    off = _life(**{switch: 0.0})
    for col in ("bmd_lumbar_spine", "bmd_femoral_neck"):
        assert change(off, col, 30, 80) > change(life, col, 30, 80) + 0.5, (switch, col)


def test_igf1_decline_acts_in_the_right_direction_at_its_calibrated_gain(life):
    """The calibration drives igf1_gain to the lower bound of its range (the SWAN and Melton
    targets ask for less lifelong loss, not more): the IGF-1 decline then adds little loss,
    but still some, and in the right direction."""
    off = _life(aging_igf1=0.0)
    for col in ("bmd_lumbar_spine", "bmd_femoral_neck"):
        assert change(off, col, 30, 80) > change(life, col, 30, 80), col


# ------------------------------------------------------------------------------ NH targets
def test_nh1_menopause_window(life):
    assert change(life, "bmd_lumbar_spine", FMP - 1, FMP + 2) == pytest.approx(-7.4, abs=2.0)
    assert change(life, "bmd_femoral_neck", FMP - 1, FMP + 2) == pytest.approx(-5.8, abs=2.0)


def test_nh1_ten_year_totals(life):
    assert change(life, "bmd_lumbar_spine", FMP - 5, FMP + 5) == pytest.approx(-10.6, abs=3.0)
    assert change(life, "bmd_femoral_neck", FMP - 5, FMP + 5) == pytest.approx(-9.1, abs=3.0)


def test_nh2_postmenopausal_spine_loses_faster_than_hip(life):
    assert (change(life, "bmd_lumbar_spine", FMP, FMP + 5)
            < change(life, "bmd_total_hip", FMP, FMP + 5) < 0)


def test_nh3_loss_rates_around_fmp(life):
    assert change(life, "bmd_lumbar_spine", FMP - 2, FMP) / 2 == pytest.approx(-1.7, abs=1.0)
    assert change(life, "bmd_lumbar_spine", FMP, FMP + 2) / 2 == pytest.approx(-3.3, abs=1.0)


def test_nh3_late_postmenopausal_rate(life):
    assert change(life, "bmd_lumbar_spine", FMP + 2, FMP + 7) / 5 == pytest.approx(-1.1, abs=0.6)


def test_nh4_trabecular_loss_starts_young(life):
    bt = lambda a: life("bone_trabecular", a)  # noqa: E731
    bc = lambda a: life("bone_cortical", a)  # noqa: E731
    trab_share = (1 - bt(50)) / (1 - bt(90))
    cort_share = (1 - bc(50)) / (1 - bc(90))
    assert trab_share > cort_share
    assert trab_share == pytest.approx(0.37, abs=0.15)


@pytest.mark.xfail(strict=True, raises=AssertionError,
                   reason="training miss: the least-squares optimum of the life-course problem "
                   "gives -0.49 %/y vs -1.0 +- 0.5 (NH6 pulls the other way; README, Calibration)")
def test_nh5_adult_femoral_neck_loss(life):
    assert change(life, "bmd_femoral_neck", 30, 90) / 60 == pytest.approx(-1.0, abs=0.5)


def test_nh6_slow_loss_in_the_fourth_decade(life):
    rate = change(life, "bmd_lumbar_spine", 40, 47) / 7
    assert rate == pytest.approx(-0.5, abs=0.4)
