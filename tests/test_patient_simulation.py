"""Patients in simulations: life course to their age, BMD individualization, the CLI."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

import osteon
from osteon.cli.app import app
from osteon.errors import InputError
from osteon.readouts.densitometry import bmd_from_t_score


def test_t_score_is_matched_at_start_and_bone_does_not_drift_back():
    p = osteon.Patient(sex="female", age=68, t_score={"lumbar_spine": -2.9})
    r = osteon.simulate("osteon", patient=p, duration="1 year", save=3)
    ls = r["bmd_lumbar_spine"][0]
    assert ls[0] == pytest.approx(bmd_from_t_score(-2.9, "lumbar_spine"), rel=1e-9)
    assert r["age_years"][0, 0] == pytest.approx(68.0)
    # individualized bone is in mechanical balance: one year changes it by < 2 %
    assert abs(ls[-1] / ls[0] - 1) < 0.02
    assert r.attrs["initial"].startswith("patient: sex=female age=68")


@pytest.mark.parametrize("t_score", [-3.0, -0.5])
def test_individualized_bone_follows_the_course_of_the_models_woman_of_that_age(t_score):
    """A given BMD moves the level, not the course: untreated, a 70-year-old woman with a low or
    a high T-score changes by about the same % as the model's own woman of 70 (her osteocytes
    regulate the bone she has; with fewer osteocytes per the model's bone she used to regain
    about 1 %). Within 0.5 points: a more porous or a denser cortex renews at its own rate."""
    own = osteon.simulate("osteon", patient="female, age 70", duration="3 years", save=2)
    p = osteon.Patient(sex="female", age=70, t_score={"femoral_neck": t_score})
    r = osteon.simulate("osteon", patient=p, duration="3 years", save=2)
    for site in ("lumbar_spine", "total_hip", "femoral_neck"):
        x, y = own[f"bmd_{site}"][0], r[f"bmd_{site}"][0]
        assert x[-1] / x[0] < 0.995  # the model's woman of 70 loses bone
        assert 100 * (y[-1] / y[0] - x[-1] / x[0]) == pytest.approx(0.0, abs=0.5), site


@pytest.mark.parametrize("t_score", [0.0, 1.5])
def test_a_dense_older_skeleton_can_be_simulated(t_score):
    """A woman of 70 with a young adult's femoral neck or more: her cortex holds more matrix
    than the linear porosity law allows (it crossed zero porosity and the solver stopped);
    the pores now close exponentially above the young matrix."""
    p = osteon.Patient(sex="female", age=70, t_score={"femoral_neck": t_score})
    r = osteon.simulate("osteon", patient=p, duration="1 year", save=2)
    assert r["bmd_femoral_neck"][0, 0] == pytest.approx(bmd_from_t_score(t_score, "femoral_neck"),
                                                      rel=1e-9)
    assert 0.0 < r["cortical_porosity"][0, 0] < 0.05
    assert r["bmd_femoral_neck"][0, -1] < r["bmd_femoral_neck"][0, 0]  # she still loses bone


def test_two_sites_solve_trabecular_and_cortical():
    p = osteon.Patient(sex="female", age=60, bmd={"lumbar_spine": 0.85, "femoral_neck": 0.70})
    r = osteon.simulate("osteon", patient=p, duration=30, save=2)
    assert r["bmd_lumbar_spine"][0, 0] == pytest.approx(0.85, rel=1e-6)
    assert r["bmd_femoral_neck"][0, 0] == pytest.approx(0.70, rel=1e-6)


def test_start_without_bmd_is_the_life_course():
    young = osteon.simulate("osteon", patient="female, age 25", duration=30, save=2)
    assert young["bmd_femoral_neck"][0, 0] == pytest.approx(0.858, rel=1e-6)
    older = osteon.simulate("osteon", patient="female, age 70, menopause at 50", duration=30,
                            save=2)
    assert older["bmd_femoral_neck"][0, 0] < 0.858 * 0.9


def test_patient_younger_than_the_life_course_start_is_refused():
    # a Patient may be 18 (adult models), but the osteon life course starts at 25: at 20 the
    # steady-state search failed with a dump of every state
    with pytest.raises(InputError, match=r"the patient must be at least 25 years old for model "
                                         r"'osteon'.*got age 20"):
        osteon.simulate("osteon", patient="female, age 20", duration=30, save=2)
    with pytest.raises(InputError, match=r"'age_start'.*\[25, 110\].*\(population\); got 20"):
        osteon.simulate("osteon", population=pd.DataFrame({"age_start": [20.0, 65.0]}),
                        duration=30, save=2, on_failure="drop")


def test_man_has_no_menopause_and_loses_less():
    m = osteon.simulate("osteon", patient="male, age 70", duration=30, save=2)
    f = osteon.simulate("osteon", patient="female, age 70", duration=30, save=2)
    assert m["estrogen"][0, 0] > f["estrogen"][0, 0]
    assert m["bmd_lumbar_spine"][0, 0] > f["bmd_lumbar_spine"][0, 0]


def test_patient_errors():
    with pytest.raises(InputError, match="set by the patient"):
        osteon.simulate("osteon", patient="female, age 50", parameters={"female": 0.0})
    with pytest.raises(InputError, match=r"from age 95 to 155.*at most 5 years"):
        osteon.simulate("osteon", patient="female, age 95", duration="60 years")
    # nor can an event step them (age jumped from 60 to 30 on the second save)
    from osteon.events import ParameterStep

    for name, value in (("age_start", 30.0), ("female", 0.0)):
        with pytest.raises(InputError, match=f"'{name}'.*set by the patient"):
            osteon.simulate("osteon", [ParameterStep(0.0, name, value)],
                            patient="female, age 60", duration=30)
    res = CliRunner().invoke(app, ["simulate", "--patient", "female, age 60", "--days", "30",
                                   "--set", "age_start=30"])
    assert res.exit_code == 2 and "set by the patient" in res.output
    with pytest.raises(InputError, match="lacks parameters"):
        osteon.simulate("lemaire2004", patient="female, age 50")
    with pytest.raises(InputError, match="menopaus"):
        osteon.simulate("osteon", patient="female, age 50, menopaus at 51")


def test_cli_patient_life_course(tmp_path):
    out = tmp_path / "run"
    res = CliRunner().invoke(app, ["simulate", "--patient", "female, age 50, menopause at 51",
                                   "--years", "4.6", "--points", "50", "--out", str(out)])
    assert res.exit_code == 0, res.output
    import pandas as pd

    df = pd.read_csv(out / "trajectory.csv")
    for col in ("bmd_lumbar_spine", "bmd_total_hip", "bmd_femoral_neck", "ctx", "p1np", "bsap",
                "age_years", "OCa", "OBa"):
        assert col in df.columns
    assert df["age_years"].iloc[-1] == pytest.approx(54.6, abs=1e-6)
    summary = json.loads((out / "summary.json").read_text())
    for site in ("lumbar_spine", "total_hip", "femoral_neck"):
        s = summary["bmd"][site]
        assert s["change_percent"] == pytest.approx(100 * (s["end"] / s["start"] - 1))
        assert s["change_percent"] < 0  # through the menopause every site loses
    assert (out / "figure.png").stat().st_size > 10_000


def test_cli_bad_patient_text_quotes_the_token():
    res = CliRunner().invoke(app, ["simulate", "--patient", "female, age 50, menopaus at 51"])
    assert res.exit_code == 2
    assert "menopaus at 51" in res.output


def test_a_run_across_decades_reports_t_scores_by_decade(tmp_path):
    out = tmp_path / "decades"
    res = CliRunner().invoke(app, ["simulate", "--patient", "female, age 45, menopause at 51",
                                   "--years", "35", "--points", "421", "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert "By decade" in res.output
    rows = json.loads((out / "summary.json").read_text())["clinical"]["by_decade"]
    ages = [round(r["age_years"]) for r in rows]
    assert ages == [45, 50, 60, 70, 80]
    df = pd.read_csv(out / "trajectory.csv")
    for r in rows:  # each row is the trajectory's row at that age
        i = (df["age_years"] - r["age_years"]).abs().idxmin()
        assert r["t_score_femoral_neck"] == pytest.approx(df.at[i, "t_score_femoral_neck"])
        assert r["who_class"] == df.at[i, "who_class"]
    spine = [r["t_score_lumbar_spine"] for r in rows]
    assert spine == sorted(spine, reverse=True)  # she loses bone every decade
    assert rows[0]["fracture_risk_10y_hip"] is None  # 45: below the fracture model's ages
    assert rows[-1]["fracture_risk_10y_hip"] > rows[1]["fracture_risk_10y_hip"] > 0


def test_sites_that_no_positive_bone_matches_are_an_input_error_with_advice():
    p = osteon.Patient(sex="female", age=65, t_score={"lumbar_spine": 0.5, "femoral_neck": -3.5})
    with pytest.raises(InputError, match=r"inconsistent between sites.*give one site"):
        osteon.simulate("osteon", patient=p, duration=30, save=2)


def test_a_multi_site_reading_that_moves_turnover_or_misses_a_site_is_warned():
    from osteon.errors import OsteonWarning

    # spine -2.9 with the neck at -0.5 is read as almost no trabecular bone: turnover (CTX) fell
    # 50-fold without a word
    with pytest.warns(OsteonWarning, match=r"trabecular bone x0\.0\d and cortical bone x1\.5"):
        r = osteon.simulate("osteon", patient="female, age 68, t_score_lumbar_spine=-2.9, "
                            "t_score_femoral_neck=-0.5", duration=10, save=2)
    one = osteon.simulate("osteon", patient="female, age 68, t_score_lumbar_spine=-2.9",
                          duration=10, save=2)
    assert r["ctx"][0, 0] < 0.1 * one["ctx"][0, 0]  # what the warning is about
    # three sites, two compartments: the start keeps none of them, and says so
    with pytest.warns(OsteonWarning, match=r"cannot match all 3 sites.*femoral_neck T -2\.80 ->"):
        osteon.simulate("osteon", patient="female, age 68, t_score_lumbar_spine=-2.9, "
                        "t_score_total_hip=-1, t_score_femoral_neck=-2.8", duration=10, save=2)


def test_a_risk_factor_and_its_condition_are_told_apart():
    from osteon.errors import OsteonWarning

    # the flag raised the fracture risk and left her bone alone; the condition did the reverse
    with pytest.warns(OsteonWarning, match=r"risk factor 'glucocorticoids' raises the fracture "
                                           r"probabilities only"):
        osteon.simulate("osteon", patient="female, age 68, glucocorticoids", duration=10, save=2)
    osteon.simulate("osteon", patient="female, age 68, glucocorticoids",  # both: no warning
                    conditions=["glucocorticoids 7.5 mg/day"], duration=10, save=2)


def test_figure_says_why_a_young_patient_has_no_fracture_curve():
    import matplotlib.pyplot as plt

    young = osteon.simulate("osteon", patient="female, age 40", duration="1 year", save=5)
    old = osteon.simulate("osteon", patient="female, age 65", duration="1 year", save=5)
    for r, note in ((young, ["not computed: the fracture model covers ages 50-90"]), (old, [])):
        fig = r.plot()
        panel = next(ax for ax in fig.axes if "fracture probability" in ax.get_title())
        assert [t.get_text() for t in panel.texts] == note
        plt.close(fig)
