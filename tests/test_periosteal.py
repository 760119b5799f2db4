"""The PTH-receptor signal may lay cortical bone on the periosteum (modeling-based formation,
``periosteal_anabolic_rate``): bone size that every site's cortical part reads, that waits as
osteoid for its mineral and counts in P1NP, and that is remodeled with the cortex once laid.
Nothing but that signal lays it."""

from __future__ import annotations

import numpy as np
import pytest

import osteon
from osteon.library.integrated import bone_mass
from osteon.readouts.densitometry import young_adult_mean

TPTD = "teriparatide 20 ug sc daily for 4 months"
RATE = 0.3  # 1/year at the signal's full share: a value for the tests, not a fitted one


@pytest.fixture(scope="module")
def teriparatide():
    out = {}
    for k in (0.0, RATE):
        out[k] = osteon.simulate("osteon", TPTD, patient="female, age 65", duration="4 months",
                                 save=9, parameters={"periosteal_anabolic_rate": k,
                                                     "calcium_mass_balance": 0.0})
    return out


def test_nothing_but_the_pth_receptor_signal_lays_periosteal_bone():
    """Aging and an antiresorptive lay none: to 1e-6 (the life course's PTH leaves the signal
    near 1e-12, which lays 1.3e-9 of the cortex from 25 to 70 at this rate)."""
    for rx in (None, "denosumab 60 mg sc q6mo x 2"):
        r = osteon.simulate("osteon", rx, patient="female, age 70", duration="1 year", save=5,
                            parameters={"periosteal_anabolic_rate": RATE})
        assert np.all(np.abs(r["cortical_periosteal"][0]) < 1e-6), rx


def test_at_rate_zero_the_cortex_is_the_remodeled_matrix(teriparatide):
    """(to round-off: the start is a solve of the life course)"""
    r = teriparatide[0.0]
    assert np.all(np.abs(r["cortical_periosteal"][0]) < 1e-15)


def test_teriparatide_lays_periosteal_bone_that_every_site_reads(teriparatide):
    r, r0 = teriparatide[RATE], teriparatide[0.0]
    perio = r["cortical_periosteal"][0]
    assert perio[0] < 1e-6 and np.all(np.diff(perio) > 0) and perio[-1] > 1e-3
    p = r.parameters
    for site in bone_mass.BMD_SITES:
        w = float(np.asarray(p[f"trabecular_share_{site}"]).ravel()[0])
        femur = r["femoral_trabecular_ratio"][0] if site in bone_mass.FEMORAL_SITES else 1.0
        expect = young_adult_mean(site) * (w * r["bone_trabecular"][0] * femur
                                           + (1 - w) * (r["bone_cortical"][0] + perio))
        assert r[f"bmd_{site}"][0] == pytest.approx(expect, rel=1e-12), site
        # more BMD than without it, the more the more cortical the site
        assert r[f"bmd_{site}"][0, -1] > r0[f"bmd_{site}"][0, -1], site
    gain = {s: r[f"bmd_{s}"][0, -1] / r0[f"bmd_{s}"][0, -1] for s in bone_mass.BMD_SITES}
    assert gain["total_hip"] > gain["lumbar_spine"]


def test_the_rate_follows_the_signal(teriparatide):
    """The bone laid is k x (1 - 1/commitment gain) a day; read back from the run, the rate of
    the state less the cortex's relative rate is that (to the solver's step)."""
    r = teriparatide[RATE]
    t = r.times
    perio = r["cortical_periosteal"][0]
    cortex = r["bone_cortical"][0]
    # d(P / cortex)/dt = apposition / cortex
    laid = np.diff(perio / cortex) / np.diff(t) * 0.5 * (cortex[1:] + cortex[:-1])
    assert np.all(laid > 0)
    assert laid.max() < RATE / 365.25  # (1 - 1/gain) < 1


def test_the_bone_laid_counts_in_formation_markers(teriparatide):
    r, r0 = teriparatide[RATE], teriparatide[0.0]
    # the same remodeling, to the solver's step, and more P1NP: the periosteum's collagen
    assert r["ctx"][0, -1] == pytest.approx(r0["ctx"][0, -1], rel=1e-3)
    assert r["p1np"][0, -1] > r0["p1np"][0, -1] * 1.01


def test_the_periosteal_bone_is_remodeled_with_the_cortex():
    """Laid bone follows the cortex's relative rate: with no signal its share of the cortex
    holds."""
    s = {"bone_cortical": 0.8, "cortical_periosteal": 0.04}
    dbc = -0.8 * 0.01 / 365.25
    d = bone_mass.periosteal_rate(s, dbc, 0.0)
    assert d == pytest.approx(0.04 * (-0.01 / 365.25), rel=1e-12)
    assert bone_mass.periosteal_apposition(0.5, {"periosteal_anabolic_rate": 0.2}) == (
        pytest.approx(0.1 / 365.25))


def test_the_rate_must_not_be_negative():
    with pytest.raises(osteon.errors.InputError, match="periosteal_anabolic_rate"):
        osteon.simulate("osteon", patient="female, age 65", duration="1 month",
                        parameters={"periosteal_anabolic_rate": -0.1})
