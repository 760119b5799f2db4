"""The architecture of bone built by anabolic signals: a fracture benefit beyond BMD (issue 6:
'anabolic agents reduce risk more than their BMD gain alone predicts')."""

from __future__ import annotations

import math

import numpy as np
import pytest

import osteon
from osteon.library.integrated import bone_mass
from osteon.readouts.densitometry import REFERENCE, young_adult_mean
from osteon.readouts.fracture_data import GR_VERTEBRAL_LS


def test_the_factor_gives_the_bmd_share_of_the_benefit_by_construction():
    """With spine BMD dZ (SD) built by anabolic signals, BMD alone gives GR^-dZ and the
    architecture GR^-(gamma dZ): BMD is then the share s of the log-hazard reduction."""
    bmd_log = -math.log(GR_VERTEBRAL_LS.value)
    ref = REFERENCE["lumbar_spine"]
    for female in (1.0, 0.0):  # a man's anabolic bone is a share of his own young spine
        p = {"trabecular_share_lumbar_spine": 0.5, "anabolic_bmd_share": 0.35, "female": female}
        q = ref.sd / young_adult_mean("lumbar_spine", female)  # 1 SD of spine BMD
        rr = bone_mass.anabolic_fracture_rr({"anabolic_trabecular": q, "anabolic_cortical": q},
                                            p, np)
        assert bmd_log / (bmd_log + math.log(rr)) == pytest.approx(0.35, rel=1e-12)


def test_no_anabolic_bone_without_anabolic_signals():
    """Untreated, or on an antiresorptive (whose bone gain is the refilled remodeling space and
    whose secondary PTH rise is slow): no architecture credit."""
    r = osteon.simulate("osteon", patient="female, age 70", duration="2 years", save=3)
    assert np.all(r["anabolic_fracture_rr"][0] == pytest.approx(1.0, abs=1e-6))
    a = osteon.simulate("osteon", "alendronate 70 mg oral weekly for 1 year",
                        parameters={"age_start": 70.0}, duration="1 year", save=3)
    assert a["bmd_lumbar_spine"][0, -1] > a["bmd_lumbar_spine"][0, 0]
    assert np.all(a["anabolic_fracture_rr"][0] == pytest.approx(1.0, abs=1e-6))


@pytest.mark.slow
def test_teriparatide_builds_bone_whose_benefit_outlasts_the_course():
    r = osteon.simulate("osteon", "teriparatide 20 ug sc daily for 18 months",
                        parameters={"age_start": 69.0}, duration="36 months", save=13)
    rr = r["anabolic_fracture_rr"][0]
    t = r.times / 365.25
    on = t <= 1.5
    assert np.all(np.diff(rr[on]) <= 1e-9) and rr[on][-1] < 0.8  # falls while treated
    after = rr[t >= 1.5]
    assert np.all(np.diff(after) >= -1e-9) and after[-1] < 0.95  # relaxes slowly after
