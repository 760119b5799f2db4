"""Sodium fluoride and the tissue-quality state: BMD up, fracture risk up (density-quality
dissociation).

Target: Riggs BL et al., N Engl J Med 1990;322:802, PMID 2407957 (abstract): 75 mg/day sodium
fluoride + calcium for 4 years vs placebo + calcium, 202 women (mean age about 68): median BMD LS
+35 %, FN +12 % vs placebo; new vertebral fractures 163 vs 136 (ns), nonvertebral 72 vs 24.
Emax and the fragility of fluoride bone are fitted to LS +35 % and nonvertebral 72/24, so those
two tests check the fit (tolerance: 3 points and 0.3); FN and vertebral fractures are checks.

The fracture ratio here uses the BMD gradient for any fracture of Marshall D et al., BMJ
1996;312:1254, PMID 8634613 (1.5 per SD of BMD), the femoral-neck SD of the young-adult reference
(0.120 g/cm^2) and the tissue multiplier; vertebral fractures use the spine gradient of the same
meta-analysis (2.3 per SD) with the lumbar-spine SD (0.110 g/cm^2).
"""

import numpy as np
import pytest

import osteon
from osteon import drugs
from osteon.dosing import parse
from osteon.model.parameter import source_is_complete

YEAR = 365.25
T = 4 * YEAR
RX = "sodium fluoride 75 mg/day oral continuous infusion for 4 years"
PATIENT = "female, age 68, menopause at 51"


@pytest.fixture(scope="module")
def arms():
    save = np.linspace(0.0, T, 49)
    placebo = osteon.simulate("osteon", None, patient=PATIENT, duration=T, save=save)
    fluoride = osteon.simulate("osteon", RX, patient=PATIENT, duration=T, save=save)
    return placebo, fluoride


def _diff_points(rx, pl, var):
    a, b = rx[var][0], pl[var][0]
    return 100.0 * (a[-1] / a[0] - b[-1] / b[0])


def _fracture_ratio(rx, pl, site, sd, gradient):
    """Time-averaged hazard ratio vs placebo: BMD gradient x the tissue multiplier."""
    dz = (rx[f"bmd_{site}"][0] - pl[f"bmd_{site}"][0]) / sd
    return float(np.mean(rx["tissue_fracture_rr"][0] * gradient ** (-dz)))


def test_card_parameters_sourced_and_prescription_aliases():
    drug = drugs.get("sodium_fluoride")
    assert drug.card.targets == ("RIGGS",)
    for p in drug.parameters:
        assert source_is_complete(p.source, p.evidence), p.name
    r = parse("naf 75 mg oral daily x 3")
    assert r.drugs == ("sodium_fluoride",)
    assert parse("fluoride 75 mg oral daily x 3").drugs == ("sodium_fluoride",)


def test_serum_fluoride_on_the_trials_continuous_input_lies_in_the_trough_window(arms):
    # Pak 1990: troughs of 95-190 ng/mL (25 mg slow-release twice daily) are the therapeutic
    # window; the validation's continuous input makes the level flat, so every value is a
    # trough; the PK is derived from a single slow-release dose, so this is a check
    _, rx = arms
    c = rx["sodium_fluoride_serum"][0][6:]
    assert c.min() >= 95.0 and c.max() <= 190.0


def test_no_drug_leaves_tissue_quality_at_the_young_adult(arms):
    pl, _ = arms
    assert np.allclose(pl["tissue_fracture_rr"][0], 1.0, atol=1e-9)


def test_spine_bmd_gain_at_4_years_matches_riggs(arms):
    pl, rx = arms
    assert _diff_points(rx, pl, "bmd_lumbar_spine") == pytest.approx(35.0, abs=3.0)


def test_nonvertebral_fractures_triple_despite_the_bmd_gain(arms):
    pl, rx = arms
    assert _diff_points(rx, pl, "bmd_femoral_neck") > 5.0  # denser hip ...
    assert rx["tissue_fracture_rr"][0][-1] > 2.0  # ... of worse tissue
    assert _fracture_ratio(rx, pl, "femoral_neck", 0.120, 1.5) == pytest.approx(3.0, abs=0.3)


@pytest.mark.xfail(strict=True, reason="reported miss: FN +25 points vs placebo at 4 years "
                   "(Riggs 1990: +12); the model's femoral neck gains with the spine because "
                   "fluoride acts on all formation and the model has no cortical calcium steal")
def test_femoral_neck_gain_at_4_years(arms):
    pl, rx = arms
    assert _diff_points(rx, pl, "bmd_femoral_neck") == pytest.approx(12.0, abs=3.0)


def test_vertebral_fractures_not_reduced(arms):
    # Riggs 1990: 163 vs 136 new vertebral fractures (ns), a ratio of about 1.2; not fitted.
    # Tolerance: 0.8-1.6, a range of ratios a trial of this size would call "not reduced"
    pl, rx = arms
    assert 0.8 <= _fracture_ratio(rx, pl, "lumbar_spine", 0.110, 2.3) <= 1.6
