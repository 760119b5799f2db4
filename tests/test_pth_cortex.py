"""The cortical space PTH excess holds open (``pth_cortical_space`` 1, the default): it levels
off, refills when the excess ends or when resorption stops, and is absent without PTH excess or
with the switch off (0, where PTH excess adds unbalanced cortical resorption)."""

import warnings

import numpy as np
import pytest

import osteon
from osteon.errors import OsteonWarning
from osteon.library import load
from osteon.library.integrated import bone_mass

YEAR = 365.25
ON = {"pth_cortical_space": 1.0}


def run(cond=None, regimen=None, duration=15 * YEAR, save=None, patient="female, age 55",
        parameters=ON):
    save = np.arange(0.0, duration + 1e-9, YEAR) if save is None else save
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", OsteonWarning)
        r = osteon.simulate("osteon", regimen, patient=patient, duration=duration, save=save,
                            conditions=cond, parameters=parameters)
    return r.to_pandas(clinical=False)


@pytest.fixture(scope="module")
def severe():
    """Severe primary hyperparathyroidism (300 pg/mL) for 15 years, the switch on."""
    return run("primary hyperparathyroidism 300 pg/mL")


def test_severe_phpt_cortical_loss_levels_off(severe):
    cortex = severe["bone_cortical"].values
    early, late = cortex[0] - cortex[5], cortex[10] - cortex[15]
    assert early > 0.1  # severe disease thins the cortex within 5 years
    assert abs(late) < 0.2 * early  # and then levels off instead of running away
    assert cortex[-1] > 0.3  # at most half the cortex is held open


def test_switched_off_the_cortical_loss_does_not_level_off():
    assert float(load("osteon").resolve_parameters({})["pth_cortical_space"][0]) == 1.0
    d = run("primary hyperparathyroidism 300 pg/mL", duration=6 * YEAR,
            parameters={"pth_cortical_space": 0.0})
    cortex = d["bone_cortical"].values
    assert np.all(np.abs(d["cortical_pth_space"].values) < 1e-12)  # the space stays closed
    assert cortex[6] < 0.05 * cortex[0]  # hollowed out (with the switch on: above 0.3)


def test_space_settles_at_the_share_pth_holds_open(severe):
    params = {k: float(np.ravel(v)[0]) for k, v in load("osteon").resolve_parameters(ON).items()}
    pth = severe["pth"].values[-1]  # pmol/L
    share = float(bone_mass.pth_space_share(pth, params, np))
    space = severe["cortical_pth_space"].values[-1]
    held = space / (space + severe["bone_cortical"].values[-1])
    # resorption and formation are near balance by then, so the held share is near the target
    assert held == pytest.approx(share, rel=0.25)
    assert 0.3 < share < params["pth_cortical_max_share"]


def test_parathyroidectomy_refills_the_space():
    d = run("primary hyperparathyroidism for 5 years", duration=9 * YEAR)
    space = d["cortical_pth_space"].values
    assert space[5] > 0.1
    assert space[8] < 0.1 * space[5]  # refilled within 3 years of the cure
    assert d["bone_cortical"].values[8] > d["bone_cortical"].values[5] + 0.05


def test_an_antiresorptive_refills_part_of_the_space():
    save = np.array([5.0, 7.0]) * YEAR
    untreated = run("primary hyperparathyroidism", duration=7 * YEAR, save=save)
    treated = run("primary hyperparathyroidism",
                  "alendronate 10 mg oral daily for 2 years from 5 years", duration=7 * YEAR,
                  save=save)
    assert treated["cortical_pth_space"].values[0] == pytest.approx(
        untreated["cortical_pth_space"].values[0], rel=1e-6)
    assert treated["cortical_pth_space"].values[1] < untreated["cortical_pth_space"].values[1]
    assert treated["bmd_total_hip"].values[1] > untreated["bmd_total_hip"].values[1]


def test_no_space_without_pth_excess():
    d = run(duration=2 * YEAR)
    assert d["pth"].max() * 9.43 < 65.0
    assert np.all(np.abs(d["cortical_pth_space"].values) < 1e-12)


def test_with_the_space_more_exercise_still_builds_more_bone():
    """Exercise draws plasma calcium into new bone. With PR2010's exchange (calcium mass
    balance 0) PTH rose to about 90-100 pg/mL at 4 sessions a week, and with the space on that
    opened cortical space: 4 sessions built less spine bone than 2. With the mass balance (the
    default) PTH stays below the threshold and the dose response is monotone."""
    save = np.array([0.0, 243.0])

    def gain(n):
        d = run(None, f"exercise {n} sessions weekly for 8 months", duration=243.0, save=save,
                patient="female, age 65")
        return d["bmd_lumbar_spine"].values[-1] / d["bmd_lumbar_spine"].values[0]

    assert gain(4) > gain(2) > 1.0
    d = run(None, "exercise 4 sessions weekly for 8 months", duration=243.0,
            save=np.linspace(0.0, 243.0, 25), patient="female, age 65")
    assert d["pth"].max() * 9.43 < 65.0  # pmol/L to pg/mL: below the threshold
    assert np.all(np.abs(d["cortical_pth_space"].values) < 1e-9)


@pytest.mark.xfail(strict=True, reason="known defect: the space reads the instantaneous PTH, so "
                   "the few-hour peaks of daily teriparatide hold cortical space open (2.5 % of "
                   "the young cortex at 12 months of 20 ug), refilled after the last dose: BMD "
                   "rises for 6 months after stopping (PTOFF targets). Reading the day's level "
                   "(pth_adapted) instead was tried and reverted: at 37-40 ug and abaloparatide "
                   "80 ug that level passes the threshold for 6-9 hours a day, and more space "
                   "opened (PT2.fn_40 missed, PTOFF.th +4.4 % instead of +2.4 %)")
def test_daily_teriparatide_peaks_open_no_cortical_space():
    """The space models a sustained PTH excess (hyperparathyroidism); the hour-long peaks of a
    daily injection, which pass the threshold (65 pg/mL) for a few hours, should open none."""
    days = 10.0
    d = run(None, f"teriparatide 20 ug sc daily for {days:g} days", duration=days,
            save=np.arange(0.0, days + 1e-9, 1.0 / 24.0), patient="female, age 69")
    threshold = 65.0 / 9.43  # pmol/L
    assert d["pth"].max() > 2.0 * threshold  # the peaks pass it
    assert np.all(np.abs(d["cortical_pth_space"].values) < 1e-9)
