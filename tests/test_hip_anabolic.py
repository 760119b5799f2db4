"""The proximal femur's trabecular bone may receive only part of the PTH-receptor signal's
formation (hip_anabolic_response, 1 by default: one trabecular compartment for every site):
below 1, daily teriparatide builds less trabecular bone at the hip than in the spine (McClung
2005, QCT: femoral neck +4.9 %, spine +19.0 % at 18 months); nothing else moves the hip's
trabecular bone apart from the spine's."""

from __future__ import annotations

import numpy as np
import pytest

import osteon
from osteon.library.integrated import bone_mass
from osteon.readouts.densitometry import young_adult_mean

TPTD = "teriparatide 20 ug sc daily for 4 months"
#: the share osteon calibrate found fitted to McClung's QCT and Neer's neck (not shipped)
FITTED = 0.46


def _bmd(r, site: str, femur: np.ndarray) -> np.ndarray:
    """A site's BMD from the compartments (calcium mass balance's missing mineral aside: the
    ratio of two sites' readings cancels it)."""
    p = r.parameters
    w = float(np.asarray(p[f"trabecular_share_{site}"]).ravel()[0])
    return young_adult_mean(site) * (w * r["bone_trabecular"][0] * femur
                                     + (1 - w) * (r["bone_cortical"][0]
                                                  + r["cortical_periosteal"][0]))


def test_the_ratio_stays_one_without_anabolic_signals():
    """Aging and an antiresorptive change the hip's trabecular bone as the spine's: the ratio
    stays 1 (to 1e-6: the life course's PTH leaves the anabolic signal near 1e-12, which moves
    it by about 1e-9 from 25 to 70) and the hip's BMD reads the skeleton's trabecular
    compartment."""
    for rx in (None, "denosumab 60 mg sc q6mo x 2"):
        r = osteon.simulate("osteon", rx, patient="female, age 70", duration="1 year", save=5)
        assert np.allclose(r["femoral_trabecular_ratio"][0], 1.0, rtol=0, atol=1e-6), rx
        assert np.allclose(r["bone_trabecular_femoral"][0], r["bone_trabecular"][0], rtol=1e-6,
                           atol=0), rx


@pytest.fixture(scope="module")
def teriparatide():
    return {h: osteon.simulate("osteon", TPTD, patient="female, age 65", duration="4 months",
                               save=5, parameters=None if h is None else
                               {"hip_anabolic_response": h})
            for h in (None, FITTED, 0.0)}


def test_by_default_one_trabecular_compartment_serves_every_site(teriparatide):
    r = teriparatide[None]
    assert np.all(r["femoral_trabecular_ratio"][0] == 1.0)  # (1 - h) = 0 exactly
    assert np.all(r["bone_trabecular_femoral"][0] == r["bone_trabecular"][0])


def test_below_one_teriparatide_builds_less_trabecular_bone_at_the_hip(teriparatide):
    r = teriparatide[FITTED]
    spine = r["bone_trabecular"][0]
    hip = r["bone_trabecular_femoral"][0]
    assert spine[-1] > spine[0] and hip[-1] < spine[-1]
    ratio = r["femoral_trabecular_ratio"][0]
    assert np.all(np.diff(ratio) < 0) and ratio[-1] < 0.995
    # the hip's BMD reads the femur's trabecular bone, the spine's the compartment
    for site in bone_mass.FEMORAL_SITES:
        ratio_sites = r[f"bmd_{site}"][0] / r["bmd_lumbar_spine"][0]
        expect = _bmd(r, site, ratio) / _bmd(r, "lumbar_spine", np.ones_like(ratio))
        assert ratio_sites == pytest.approx(expect, rel=1e-9), site


def test_the_share_spans_the_spines_response_to_none(teriparatide):
    """1 (the default): the hip's trabecular bone gains as the spine's; 0: it gets formation
    without the PTH-receptor signal's part and gains less than at a share between; the spine is
    the same in all three."""
    same, part, none = (teriparatide[h] for h in (None, FITTED, 0.0))
    for r in (part, none):
        # (to the solver: the extra state moves its step choices)
        assert r["bmd_lumbar_spine"][0] == pytest.approx(same["bmd_lumbar_spine"][0], rel=1e-6)
    hip = {k: r["bmd_femoral_neck"][0, -1] for k, r in (("part", part), ("same", same),
                                                          ("none", none))}
    assert hip["none"] < hip["part"] < hip["same"]


def test_the_share_is_a_fraction():
    with pytest.raises(osteon.errors.InputError, match="hip_anabolic_response"):
        osteon.simulate("osteon", patient="female, age 65", duration="1 month",
                        parameters={"hip_anabolic_response": 1.5})
