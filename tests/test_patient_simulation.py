"""Patients in simulations: life course to their age, BMD individualization, the CLI."""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

import osteon
from osteon.cli.app import app
from osteon.errors import InputError, OsteonWarning
from osteon.library.integrated import bone_mass
from osteon.readouts.densitometry import (
    REFERENCE,
    YOUNG_ADULT_MEAN_MALE,
    bmd_from_t_score,
    t_score,
    z_score,
)


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
    with pytest.raises(InputError, match=r"'age_start'.*\[25, 100\].*\(population row 0 "
                                         r"\(subject_id 0\)\); got 20"):
        osteon.simulate("osteon", population=pd.DataFrame({"age_start": [20.0, 65.0]}),
                        duration=30, save=2, on_failure="drop")


def test_man_has_no_menopause_and_loses_less():
    m = osteon.simulate("osteon", patient="male, age 70", duration=30, save=2)
    f = osteon.simulate("osteon", patient="female, age 70", duration=30, save=2)
    assert m["estrogen"][0, 0] > f["estrogen"][0, 0]
    assert m["bmd_lumbar_spine"][0, 0] > f["bmd_lumbar_spine"][0, 0]


def test_a_man_of_30_has_a_young_mans_bmd_not_a_womans():
    """Men's young-adult BMD is their own (densitometry.YOUNG_ADULT_MEAN_MALE), while their
    T-scores are read against the women's reference (ISCD): at 30 the model's man stood at the
    women's total hip (0.937 g/cm², Z -0.91 against the men's curve)."""
    man = osteon.simulate("osteon", patient="male, age 30", duration=1, save=2)
    woman = osteon.simulate("osteon", patient="female, age 30", duration=1, save=2)
    th = man["bmd_total_hip"][0, 0]
    assert th == pytest.approx(YOUNG_ADULT_MEAN_MALE["total_hip"].mean, rel=0.01)
    assert 0.6 < t_score(th, "total_hip") < 0.85  # young men's mean is T +0.76
    assert abs(z_score(th, "total_hip", 30, "male")) < 0.3
    assert 0.55 < t_score(man["bmd_femoral_neck"][0, 0], "femoral_neck") < 0.8  # mean: +0.71
    for site in ("total_hip", "femoral_neck", "lumbar_spine"):
        ratio = YOUNG_ADULT_MEAN_MALE[site].mean / REFERENCE[site].mean
        assert man[f"bmd_{site}"][0, 0] / woman[f"bmd_{site}"][0, 0] == pytest.approx(ratio,
                                                                                     rel=0.01)


def test_a_man_given_a_t_score_starts_at_that_t_score():
    """A man's T-score -2.5 is a BMD on the women's scale (ISCD); the bone he is given reads
    that BMD through the men's young-adult mean, so he starts at exactly -2.5."""
    p = osteon.Patient(sex="male", age=70, t_score={"femoral_neck": -2.5})
    r = osteon.simulate("osteon", patient=p, duration="1 year", save=3)
    fn = r["bmd_femoral_neck"][0]
    assert fn[0] == pytest.approx(bmd_from_t_score(-2.5, "femoral_neck"), rel=1e-9)
    assert t_score(fn[0], "femoral_neck") == -2.5
    assert r.clinical()["who_class"].iloc[0] == "osteoporosis"
    assert abs(fn[-1] / fn[0] - 1) < 0.02  # in balance: no drift back to his age's bone
    # two sites solve his two compartments through the men's means too: 10 % below the
    # model's man of 65 at both
    own = osteon.simulate("osteon", patient="male, age 65", duration=30, save=2)
    given = {s: 0.9 * float(own[f"bmd_{s}"][0, 0]) for s in ("lumbar_spine", "femoral_neck")}
    r2 = osteon.simulate("osteon", patient=osteon.Patient(sex="male", age=65, bmd=given),
                         duration=30, save=2)
    for site, v in given.items():
        assert r2[f"bmd_{site}"][0, 0] == pytest.approx(v, rel=1e-6)


def test_womens_bmd_is_the_womens_reference_times_her_bone_exactly():
    """The men's young-adult level leaves women's BMD bit for bit what it was: the NHANES III
    (hips) and spine reference means times her bone and mineral."""
    r = osteon.simulate("osteon", patient="female, age 60", duration="1 year", save=3)
    p = {k: float(r.parameters[k].iloc[0]) for k in r.parameters.columns if k != "subject_id"}
    # (the osteoid's share reads the compartments' mineral, volume x density: 1 by default)
    s = {k: r[k][0] for k in ("bone_trabecular", "bone_cortical", "osteoid_calcium",
                              "mineral_trabecular", "mineral_cortical", "cortical_periosteal")}
    mineral = 1.0 - p["calcium_mass_balance"] * bone_mass.mineral_deficit(s, p, np)
    for site in ("lumbar_spine", "total_hip", "femoral_neck"):
        w = p[f"trabecular_share_{site}"]
        mix = w * s["bone_trabecular"] + (1.0 - w) * s["bone_cortical"]
        assert np.array_equal(r[f"bmd_{site}"][0], REFERENCE[site].mean * mix * mineral), site


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


def test_a_run_past_the_models_age_scope_is_warned():
    from osteon.errors import OsteonWarning

    # 'female, age 95' for 5 years ran to 100 without a word; the card's scope is 25-90
    with pytest.warns(OsteonWarning, match=r"takes the patient from age 95 to 100, past the age "
                                           r"scope of model 'osteon' \(25-90 years, its card\)"):
        osteon.simulate("osteon", patient="female, age 95", duration="5 years", save=2)
    with pytest.warns(OsteonWarning, match=r"subject 'b' from age 92 to 93"):
        osteon.simulate("osteon", duration="1 year", save=2, population=pd.DataFrame(
            {"subject_id": ["a", "b"], "sex": ["female", "male"], "age": [60.0, 92.0]}))
    # inside the scope (the life course from 25 to 90 ends on its edge) nothing is said
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        osteon.simulate("osteon", patient="female, age 85", duration="5 years", save=2)
    assert osteon.models.load("osteon").card.age_scope == (25.0, 90.0)


def test_a_patient_at_the_upper_age_is_told_no_time_is_left():
    """'female, age 100' for 0.1 years said 'give at most 0 years (0 days)', a duration that is
    itself refused; now it says no time is left and to give a younger age."""
    with pytest.raises(InputError, match=r"the patient is 100, at the upper age .* no time is "
                                         r"left to simulate; give an age below 100"):
        osteon.simulate("osteon", patient="female, age 100", duration="0.1 years", save=2)
    with pytest.raises(InputError, match=r"so give at most 0.5 years \(182.625 days\)"):
        osteon.simulate("osteon", patient="female, age 99.5", duration="1 year", save=2)


def test_age_start_is_bounded_as_a_patients_age():
    from osteon.patient import AGE_RANGE

    # age_start went to 110 while a patient stops at 100
    assert osteon.models.load("osteon").parameter("age_start").bounds[1] == AGE_RANGE[1] == 100
    with pytest.raises(InputError, match=r"'age_start'.*in \[25, 100\].*got 105"):
        osteon.simulate("osteon", parameters={"age_start": 105.0}, duration=30, save=2)
    pop = pd.DataFrame({"subject_id": ["a", "b"], "age_start": [60.0, 99.0]})
    with pytest.raises(InputError, match=r"takes subject 'b' from age_start 99 to age 101; a "
                                         r"subject is at most 100 years old, as a patient is, so "
                                         r"give at most 1 years"):
        osteon.simulate("osteon", population=pop, duration="2 years", save=2)


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


def test_a_short_run_prints_her_clinical_readouts_at_start_and_end():
    """A clinician's 2-year run printed 88 lines of model states and not one T-score, WHO class
    or fracture probability (they were only in summary.json)."""
    res = CliRunner().invoke(app, ["simulate", "--patient", "female, age 70, "
                                   "t_score_femoral_neck=-2.6", "--treat",
                                   "zoledronic acid 5 mg iv yearly x 2", "--years", "2"])
    assert res.exit_code == 0, res.output
    text = res.output[res.output.index("Clinical readouts"):]
    start = next(line for line in text.splitlines() if line.lstrip("│ ").startswith("start"))
    end = next(line for line in text.splitlines() if line.lstrip("│ ").startswith("end"))
    assert "70.0" in start and "-2.6 " in start and "osteoporosis" in start
    assert "72.0" in end
    assert "*" in start.split("│")[3]  # the spine is derived, and marked so
    assert "* derived by the model" in text
    # the decades table marks the derived sites the same way
    res = CliRunner().invoke(app, ["simulate", "--patient", "female, age 60, "
                                   "t_score_femoral_neck=-2.0", "--years", "20", "--points", "41"])
    table = res.output[res.output.index("By decade"):]
    row = next(line for line in table.splitlines() if line.lstrip("│ ").startswith("70"))
    cells = [c.strip() for c in row.split("│")]
    assert cells[2].endswith("*") and cells[3].endswith("*") and not cells[4].endswith("*")
    assert "* derived by the model" in table


def test_the_by_decade_table_labels_the_true_age_of_each_row():
    # the end of a 4.6-year run from 68 was labelled '73' (she is 72.6)
    res = CliRunner().invoke(app, ["simulate", "--patient", "female, age 68", "--years", "4.6",
                                   "--points", "47"], env={"COLUMNS": "120"})
    assert res.exit_code == 0, res.output
    table = res.output[res.output.index("By decade"):]
    ages = [line.split("│")[1].strip() for line in table.splitlines() if line.startswith("│")]
    assert ages == ["68", "70", "72.6"], ages
    assert "*" not in table  # no BMD given: every site is her own, none derived


def _compartments(text):
    """Her trabecular and cortical bone at the start, and those of the model's person of her
    age and sex (the warnings of a multi-site reading recorded, not raised)."""
    import warnings

    from osteon.errors import OsteonWarning
    from osteon.patient import Patient

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", OsteonWarning)
        r = osteon.simulate("osteon", patient=text, duration=1, save=2)
    p = Patient.parse(text)
    model = osteon.simulate("osteon", patient=f"{p.sex}, age {p.age:g}", duration=1, save=2)
    return ((r["bone_trabecular"][0, 0], r["bone_cortical"][0, 0]),
            (model["bone_trabecular"][0, 0], model["bone_cortical"][0, 0]),
            [str(w.message) for w in caught])


@pytest.mark.parametrize("text", [
    "female, age 65, t_score_lumbar_spine=0.5, t_score_femoral_neck=-3.5",
    "female, age 70, t_score_lumbar_spine=-1.0, t_score_femoral_neck=-2.6",
    "female, age 68, t_score_lumbar_spine=-2.9, t_score_femoral_neck=-0.5",
    "male, age 80, t_score_lumbar_spine=-3.5, t_score_total_hip=-1.0, "
    "t_score_femoral_neck=-1.2"])
def test_discordant_sites_keep_the_compartments_in_their_bounds_and_say_what_is_missed(text):
    """A spine and a neck far apart were read as trabecular bone x2.97 and cortical bone x0.15
    of her age's (spine -1.0, neck -2.6 at 70), or refused as 'inconsistent between sites'
    (spine +0.5, neck -3.5). The proportion now stays within the model's life course widened
    by the population's spread, and the warning names each site missed and by how much."""
    from osteon.individualize import PROPORTION_BOUNDS

    (bt, bc), _, messages = _compartments(text)
    lo, hi = PROPORTION_BOUNDS
    assert lo * (1 - 1e-9) <= bt / bc <= hi * (1 + 1e-9)
    assert bt > 0 and bc > 0
    miss = next(m for m in messages if "misses" in m)
    assert re.search(r"held at the (upper|lower) bound", miss)
    assert re.search(r"\w+ by [+-]\d\.\d\d SD \(given T -?\d\.\d\d, the model's bone", miss)
    # one warning says both sides of the fit: the sites missed and, where the compartments
    # end up far apart, what that does to her turnover (two warnings said it twice)
    patient_warnings = [m for m in messages if m.startswith("Patient(")]
    assert len(patient_warnings) == 1


def test_the_proportion_bounds_rest_on_the_models_life_course():
    """PROPORTION_LIFE_COURSE is what the model's women and men span from 25 to 90: if the
    life course changes, the bound must be re-read."""
    from osteon.individualize import PROPORTION_LIFE_COURSE

    props = []
    for sex in ("female", "male"):
        for age in (25, 50, 70, 89.9):
            r = osteon.simulate("osteon", patient=f"{sex}, age {age}", duration=1, save=2)
            props.append(r["bone_trabecular"][0, 0] / r["bone_cortical"][0, 0])
    assert min(props) == pytest.approx(PROPORTION_LIFE_COURSE[0], abs=0.01)
    assert max(props) == pytest.approx(PROPORTION_LIFE_COURSE[1], abs=0.01)


def test_a_discordant_patients_drug_response_stays_near_the_single_sites():
    """Denosumab for a year: spine +13.2 %, hip +12.0 % for spine -1.0 with neck -2.6 at 70
    (the compartments x2.97 and x0.15), against +7.3 and +5.3 % with the neck alone (FREEDOM 12
    months about +5.5 and +3.2 %). Within the bounds it stays within 1.25 times the neck
    alone's (stated factor: the discordant reading still has more trabecular bone, whose
    turnover a drug acts on)."""
    import warnings

    from osteon.errors import OsteonWarning

    rx = "denosumab 60 mg sc q6mo x 2"
    change = {}
    for text in ("female, age 70, t_score_lumbar_spine=-1.0, t_score_femoral_neck=-2.6",
                 "female, age 70, t_score_femoral_neck=-2.6"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", OsteonWarning)
            r = osteon.simulate("osteon", patient=text, regimen=rx, duration="1 year", save=2)
        change[text] = {s: r[f"bmd_{s}"][0, -1] / r[f"bmd_{s}"][0, 0] - 1
                        for s in ("lumbar_spine", "total_hip")}
    both, one = change.values()
    for s in ("lumbar_spine", "total_hip"):
        assert one[s] > 0.03
        assert 1.0 / 1.25 < both[s] / one[s] < 1.25, (s, both[s], one[s])


def test_the_hip_sites_together_scale_both_compartments_by_one_factor():
    """The total hip and the femoral neck (trabecular shares 0.26 and 0.33) cannot tell the
    compartments apart: a neck 0.4 SD below the hip, the usual pattern, was refused as
    'inconsistent between sites' (or read as half the trabecular bone). Both compartments now
    take one factor, the SD-weighted least-squares fit to the two, and the miss is warned."""
    from osteon.errors import OsteonWarning

    text = "female, age 70, t_score_total_hip=-2.0, t_score_femoral_neck=-2.4"
    with pytest.warns(OsteonWarning, match=r"nearly the same trabecular share.*one factor"):
        r = osteon.simulate("osteon", patient=text, duration=1, save=2)
    model = osteon.simulate("osteon", patient="female, age 70", duration=1, save=2)
    f_t = r["bone_trabecular"][0, 0] / model["bone_trabecular"][0, 0]
    f_c = r["bone_cortical"][0, 0] / model["bone_cortical"][0, 0]
    assert f_t == pytest.approx(f_c, rel=1e-9)  # one factor: her turnover stays her age's
    th = t_score(r["bmd_total_hip"][0, 0], "total_hip")
    fn = t_score(r["bmd_femoral_neck"][0, 0], "femoral_neck")
    assert -2.4 < fn < th < -2.0 + 1e-9 or -2.4 < th < fn < -2.0  # between the two given
    assert abs((th + 2.0) + (fn + 2.4)) < 0.05  # the misses balance (equal SD weights)
    # near-equal readings are kept within the warning's 0.1 SD, without a warning
    r2 = osteon.simulate("osteon", patient="female, age 70, t_score_total_hip=-2.0, "
                         "t_score_femoral_neck=-2.05", duration=1, save=2)
    assert abs(t_score(r2["bmd_total_hip"][0, 0], "total_hip") + 2.0) < 0.1


def test_a_multi_site_reading_that_moves_turnover_or_misses_a_site_is_warned():
    from osteon.errors import OsteonWarning

    # spine -2.9 with the neck at -0.5 was read as almost no trabecular bone: turnover (CTX)
    # fell 50-fold without a word; the proportion is now bounded (PROPORTION_BOUNDS), and what
    # it moves is still warned
    with pytest.warns(OsteonWarning) as caught:
        r = osteon.simulate("osteon", patient="female, age 68, t_score_lumbar_spine=-2.9, "
                            "t_score_femoral_neck=-0.5", duration=10, save=2)
    messages = " | ".join(str(w.message) for w in caught)
    assert re.search(r"trabecular bone x0\.\d\d and cortical bone x1\.\d\d", messages)
    assert "held at the lower bound" in messages
    one = osteon.simulate("osteon", patient="female, age 68, t_score_lumbar_spine=-2.9",
                          duration=10, save=2)
    assert r["ctx"][0, 0] < 0.9 * one["ctx"][0, 0]  # what the warning is about
    # three sites, two compartments: the start keeps none of them, and says so
    with pytest.warns(OsteonWarning, match=r"cannot match all 3 sites.*femoral_neck by "
                                           r"[+-]\d\.\d\d SD \(given T -2\.80"):
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


# ------------------------------------------------------------------ populations and patients
def _assert_same_run(pop_result, i, one, site_rtol=1e-5, state_tol=1e-4):
    """Subject ``i`` of ``pop_result`` is the single run ``one`` to solver tolerance: the
    population integrates with the batched Rodas4, one patient with BDF (rtol 1e-6 each)."""
    scales = one.model.state_scales
    k = scales.size
    # relative to the larger of a state's scale and its value, as the solvers weigh their error
    # (a man's vascular calcification of 5.8 at 72, after a 47-year life course, differed by
    # 1.0e-4 between the two, 1.7e-5 of itself)
    ref = np.maximum(scales, np.abs(one.values[0][:, :k]))
    gap = np.abs(pop_result.values[i][:, :k] - one.values[0][:, :k]) / ref
    assert gap.max() < state_tol
    for var in ("bmd_lumbar_spine", "bmd_total_hip", "bmd_femoral_neck", "ctx", "p1np"):
        # the solvers control error relative to each state's scale, not to a marker suppressed
        # 10-fold by the drug: a marker is compared to site_rtol of its value at the start too
        np.testing.assert_allclose(pop_result[var][i], one[var][0], rtol=site_rtol,
                                   atol=site_rtol * abs(one[var][0][0]), err_msg=var)


def test_a_population_around_a_patient_gives_each_subject_its_own_single_run():
    """Virtual patients around one clinical description: each row's parameters (a drug's PK,
    a life-course rate) act on her life course, her individualization and her treatment."""
    patient = "female, age 68, t_score_lumbar_spine=-2.9"
    rx = "denosumab 60 mg sc q6mo x 2"
    pop = pd.DataFrame({"subject_id": ["slow", "fast"], "denosumab_kel": [0.02, 0.04],
                        "sclerostin_age_rate": [0.010, 0.015]})
    r = osteon.simulate("osteon", rx, patient=patient, population=pop, duration="1 year", save=5)
    assert r.subject_ids == ("slow", "fast") and r.ok
    assert list(r.parameters["denosumab_kel"]) == [0.02, 0.04]
    assert list(r.parameters["age_start"]) == [68.0, 68.0]
    # her BMD at the start, whatever her parameters
    assert r["bmd_lumbar_spine"][:, 0] == pytest.approx(
        [bmd_from_t_score(-2.9, "lumbar_spine")] * 2, rel=1e-9)
    for i, row in pop.drop(columns="subject_id").iterrows():
        one = osteon.simulate("osteon", rx, patient=patient, parameters=row.to_dict(),
                              duration="1 year", save=5)
        _assert_same_run(r, i, one)
    # the rows differ: another life course reaches another hip for the same spine, and faster
    # clearance lets CTX return before the second dose
    assert r["bmd_total_hip"][0, 0] != pytest.approx(r["bmd_total_hip"][1, 0], rel=1e-3)
    assert r["ctx"][1, 2] > 3 * r["ctx"][0, 2]
    assert r.attrs["patient"] == osteon.Patient.parse(patient).to_text()
    assert r.attrs["patients"] == [r.attrs["patient"]] * 2
    clin = r.clinical()
    assert set(clin["who_class"][clin["time_days"] == 0]) == {"osteoporosis"}


def test_a_population_column_the_patient_sets_is_refused_naming_the_patient_field():
    patient = "female, age 68, t_score_lumbar_spine=-2.9"
    for column, field in (("age_start", "'age_start' by her age"),
                          ("habitual_load", "'habitual_load' by her BMD or T-score"),
                          ("female", "'female' by her sex")):
        pop = pd.DataFrame({column: [1.0, 1.0]})
        with pytest.raises(InputError, match=rf"population columns \['{column}'\] are set by the "
                                             rf"patient \({field}.*give them through the patient"):
            osteon.simulate("osteon", patient=patient, population=pop, duration=30, save=2)
    # nor with patients read from the rows, nor in parameters=
    pop = pd.DataFrame({"sex": ["female", "male"], "age": [60, 70], "age_menopause": [50, 50]})
    with pytest.raises(InputError, match=r"\['age_menopause'\] are set by the patient "
                                         r"\('age_menopause' by her age_at_menopause"):
        osteon.simulate("osteon", population=pop, duration=30, save=2)
    with pytest.raises(InputError, match=r"parameters \['osteocyte_density'\] are set by the"):
        osteon.simulate("osteon", patient=patient, parameters={"osteocyte_density": 1.0},
                        population=pd.DataFrame({"k_bmsc": [0.4, 0.6]}), duration=30, save=2)


@pytest.mark.parametrize("drift", [1e5, 1e6])
def test_a_subject_whose_life_course_fails_is_reported_without_sinking_the_others(tmp_path,
                                                                                   drift):
    # adipogenic drift 5e6 or 5e7 times the model's drives her life course out of the model's
    # domain near age 49 (SciPy's BDF and the batched Rodas4 both stop): her active osteoblasts
    # decay to zero, where round-off below it makes the calcium fluxes non-finite. The batched
    # Rodas4 crept there for tens of minutes (steps of about 3e-5 d, at 1e5 on one machine and
    # 1e6 on another) until it failed a subject whose trial steps keep leaving the domain
    patient = "female, age 68, t_score_lumbar_spine=-2.9"
    pop = pd.DataFrame({"subject_id": ["ok", "bad"], "adipogenic_drift_rate": [0.02, drift]})
    with pytest.raises(osteon.errors.SimulationError,
                       match=r"failed for subject 'bad' \(1 of 2 failed\): no start: the life "
                             r"course to the patient's age failed.*run-in") as e:
        osteon.simulate("osteon", patient=patient, population=pop, duration=30, save=2)
    assert [f["subject_id"] for f in e.value.failures] == ["bad"]
    r = osteon.simulate("osteon", patient=patient, population=pop, duration=30, save=2,
                        on_failure="drop")
    assert r.subject_ids == ("ok",)
    assert list(r.status["status"]) == ["ok", "failed"]
    assert "life course to the patient's age failed" in r.status["message"][1]
    assert r.status["t_reached_days"][1] == 0.0
    # her young adult's steady state was solved before her life course failed (it was NaN)
    assert (r.status["steady_state_residual"] <= 1e-8).all()
    assert r["bmd_lumbar_spine"][0, 0] == pytest.approx(bmd_from_t_score(-2.9, "lumbar_spine"),
                                                        rel=1e-9)
    one = osteon.simulate("osteon", patient=patient, duration=30, save=2)
    _assert_same_run(r, 0, one)
    # every subject requested has its parameters (the failed one: those it was attempted with),
    # so the result saves and loads back
    assert list(r.parameters["subject_id"]) == ["ok", "bad"]
    assert r.parameters["adipogenic_drift_rate"][1] == drift
    r.save(tmp_path / "run")
    back = osteon.Result.load(tmp_path / "run")
    assert list(back.status["status"]) == ["ok", "failed"]
    assert back.clinical()["t_score_lumbar_spine"][0] == pytest.approx(-2.9)


def test_only_the_patients_whose_joint_life_course_fails_are_run_alone(monkeypatch):
    # the life courses of a population of patients run together; one failing there made every
    # patient's run again alone. Now the failing one alone is run again (her own reason); the
    # others keep the joint run, bitwise what they get in a population without her
    from osteon import individualize

    alone = []
    single = individualize.patient_start

    def spy(spec, patient, *a, **kw):
        alone.append(patient.age)
        return single(spec, patient, *a, **kw)

    monkeypatch.setattr(individualize, "patient_start", spy)
    pop = pd.DataFrame({"subject_id": ["a", "bad", "b"], "sex": ["female"] * 3,
                        "age": [68, 66, 72], "t_score_lumbar_spine": [-2.9, -2.5, -2.0],
                        "adipogenic_drift_rate": [0.02, 1e6, 0.03]})
    r = osteon.simulate("osteon", population=pop, duration=30, save=2, on_failure="drop")
    assert alone == [66]
    assert list(r.status["status"]) == ["ok", "failed", "ok"]
    assert r.status["message"][1].startswith("no start: the life course to the patient's age "
                                             "failed (before the simulation): model 'osteon': "
                                             "the run-in")
    without = osteon.simulate("osteon", population=pop.drop(index=1), duration=30, save=2)
    assert r.subject_ids == without.subject_ids == ("a", "b")
    np.testing.assert_array_equal(r.values, without.values)
    np.testing.assert_array_equal(r.baseline, without.baseline)
    # and, to the solvers' tolerance, her single-patient run
    one = osteon.simulate("osteon", patient="female, age 68, t_score_lumbar_spine=-2.9",
                          duration=30, save=2)
    _assert_same_run(r, 0, one)


def test_a_population_of_patients_gives_each_row_its_single_patient_run():
    """Columns named like Patient fields make each row a patient: her life course, her BMD, her
    risk factors in the clinical readouts. A missing value is a field not given."""
    pop = pd.DataFrame({"subject_id": ["w", "m"], "sex": ["female", "male"], "age": [68, 72],
                        "age_at_menopause": [48.0, None], "t_score_femoral_neck": [-2.6, None],
                        "prior_fracture": [True, False]})
    r = osteon.simulate("osteon", population=pop, duration=60, save=3)
    texts = ["sex=female age=68 menopause_age=48 t_score_femoral_neck=-2.6 prior_fracture=yes",
             "sex=male age=72"]
    assert r.attrs["patients"] == texts and r.attrs["patient"] is None
    assert list(r.parameters["female"]) == [1.0, 0.0]
    assert r["age_years"][:, 0] == pytest.approx([68.0, 72.0])
    assert r["bmd_femoral_neck"][0, 0] == pytest.approx(bmd_from_t_score(-2.6, "femoral_neck"),
                                                        rel=1e-9)
    clin = r.clinical()
    for i, text in enumerate(texts):
        one = osteon.simulate("osteon", patient=text, duration=60, save=3)
        _assert_same_run(r, i, one)
        mine = clin[clin["subject_id"] == r.subject_ids[i]].reset_index(drop=True)
        pd.testing.assert_series_equal(mine["who_class"], one.clinical()["who_class"])
        np.testing.assert_allclose(mine["fracture_risk_10y_hip"],
                                   one.clinical()["fracture_risk_10y_hip"], rtol=1e-5)
    # her prior fracture is hers alone: severe osteoporosis for her, not for him
    assert set(clin["who_class"][clin["subject_id"] == "w"]) == {"severe osteoporosis"}
    assert "severe osteoporosis" not in set(clin["who_class"][clin["subject_id"] == "m"])


def test_a_population_says_whose_start_warned_and_records_it_in_status():
    """Two rows may describe one patient; the warning of a subject's individualization (sites
    no bone matches) named only the patient, and status["warnings"] stayed empty: it now names
    her subject id and her status row records it."""
    pop = pd.DataFrame({"subject_id": ["both", "one"], "sex": ["female"] * 2, "age": [75, 75],
                        "t_score_lumbar_spine": [-3.1, -3.1],
                        "t_score_femoral_neck": [-3.0, None]})
    with pytest.warns(OsteonWarning) as said:
        r = osteon.simulate("osteon", population=pop, duration=30, save=2)
    cannot = [str(w.message) for w in said if "cannot match both sites" in str(w.message)]
    assert len(cannot) == 1 and cannot[0].startswith("subject 'both': Patient(sex='female'")
    notes = dict(zip(r.status["subject_id"], r.status["warnings"], strict=True))
    assert "cannot match both sites" in notes["both"] and notes["one"] == ""
    assert not notes["both"].startswith("subject")  # the row names her already


def test_population_columns_vary_the_patient_and_keep_her_other_fields():
    patient = "female, age 68, t_score_lumbar_spine=-2.9, smoker"
    pop = pd.DataFrame({"age": [60.0, 75.0], "t_score_lumbar_spine": [None, -2.0]})
    r = osteon.simulate("osteon", patient=patient, population=pop, duration=30, save=2)
    assert r.attrs["patients"] == ["sex=female age=60 t_score_lumbar_spine=-2.9 smoker=yes",
                                   "sex=female age=75 t_score_lumbar_spine=-2 smoker=yes"]
    assert r.attrs["initial"] == "patients: one per subject (attrs['patients'])"
    assert r["age_years"][:, 0] == pytest.approx([60.0, 75.0])
    assert r["bmd_lumbar_spine"][:, 0] == pytest.approx(
        [bmd_from_t_score(-2.9, "lumbar_spine"), bmd_from_t_score(-2.0, "lumbar_spine")],
        rel=1e-9)
    # a BMD column replaces her T-score at that site
    pop = pd.DataFrame({"bmd_lumbar_spine": [0.80, 0.85]})
    r = osteon.simulate("osteon", patient=patient, population=pop, duration=30, save=2)
    assert r["bmd_lumbar_spine"][:, 0] == pytest.approx([0.80, 0.85], rel=1e-9)


def test_bad_patient_rows_are_refused_naming_the_row():
    with pytest.raises(InputError, match=r"population row 1 \(subject_id 'b'\): Patient\.sex "
                                         r"must be 'female' or 'male'.*got 'x'"):
        osteon.simulate("osteon", population=pd.DataFrame(
            {"subject_id": ["a", "b"], "sex": ["female", "x"], "age": [60, 60]}), duration=30)
    with pytest.raises(InputError, match=r"population row 0 \(subject_id 0\): a population "
                                         r"without patient= .* needs 'sex'"):
        osteon.simulate("osteon", population=pd.DataFrame({"age": [60, 70]}), duration=30)
    with pytest.raises(InputError, match=r"'menopause_age' and 'age_at_menopause' are the same"):
        osteon.simulate("osteon", patient="female, age 60", population=pd.DataFrame(
            {"menopause_age": [50], "age_at_menopause": [50]}), duration=30)
    with pytest.raises(InputError, match=r"subject 1: the patient must be at least 25 years old"):
        osteon.simulate("osteon", patient="female, age 60",
                        population=pd.DataFrame({"age": [60, 20]}), duration=30)
    with pytest.raises(InputError, match=r"initial= cannot be set with patient="):
        osteon.simulate("osteon", patient="female, age 60", initial="model",
                        population=pd.DataFrame({"k_bmsc": [0.4, 0.6]}), duration=30)


# ------------------------------------------------------------------ established conditions
YEAR = 365.25


def _states(r, names, k=0):
    return {n: r[n][0][k] for n in names}


def test_an_established_condition_starts_where_her_own_course_with_it_would_be():
    """'for the past 5 years' in a woman of 65 is the woman of 60 with the condition from 0,
    read 5 years on: her life course runs with it (no BMD given, so nothing is rescaled)."""
    names = ("pth", "calcium", "ctx", "bmd_lumbar_spine", "bmd_femoral_neck",
             "cortical_pth_space")
    cond = "primary hyperparathyroidism 150 pg/mL"
    onset = osteon.simulate("osteon", patient="female, age 60", conditions=cond,
                            duration=5 * YEAR, save=[0.0, 5 * YEAR])
    now = osteon.simulate("osteon", patient="female, age 65", duration=30.0, save=[0.0, 30.0],
                          conditions=f"{cond} for the past 5 years")
    for n in names:
        assert now[n][0][0] == pytest.approx(onset[n][0][-1], rel=2e-3), n
    # 'since age 60' is the same onset
    since = osteon.simulate("osteon", patient="female, age 65", duration=30.0,
                            save=[0.0, 30.0], conditions=f"{cond} since age 60")
    for n in names:
        assert since[n][0][0] == pytest.approx(now[n][0][0], rel=1e-6), n
    assert since.attrs["conditions"] == [f"{cond} since age 60"]


def test_established_phpt_starts_at_its_steady_pth_without_the_onset_crisis():
    """The user's sweep: a step onset at t = 0 in a healthy woman gives plasma calcium 3.6
    mmol/L at day 17 (a crisis) and PTH rising from normal; the established disease starts at
    its own PTH and calcium, which hold (no transient), and bone moves little in 6 months."""
    save = np.arange(0.0, 0.5 * YEAR + 1e-9, 1.0)
    # the step's crisis passes 3.5 mmol/L, which the run reports as severe hypercalcaemia
    with pytest.warns(OsteonWarning, match=r"above 3.5 mmol/L: severe hypercalcaemia"):
        step = osteon.simulate("osteon", patient="female, age 65", save=save,
                               duration=0.5 * YEAR,
                               conditions="primary hyperparathyroidism 150 pg/mL")
    est = osteon.simulate("osteon", patient="female, age 65", save=save, duration=0.5 * YEAR,
                          conditions="primary hyperparathyroidism 150 pg/mL since age 60")
    healthy_pth = 3.8  # pmol/L, the model's woman of 65 (PR2010's 3.85 normal)
    assert step["pth"][0][0] == pytest.approx(healthy_pth, rel=0.02)
    assert step["calcium"][0].max() > 3.4  # the step's crisis
    pth, ca = est["pth"][0], est["calcium"][0]
    assert pth[0] > 3 * healthy_pth and abs(pth[-1] / pth[0] - 1) < 0.01
    assert ca.max() - ca.min() < 0.01 and 2.45 < ca[0] < 2.6
    for site in ("lumbar_spine", "femoral_neck"):
        b = est[f"bmd_{site}"][0]
        assert abs(b[-1] / b[0] - 1) < 0.01, site
        s = step[f"bmd_{site}"][0]
        assert s[-1] / s[0] - 1 < -0.1, site  # the step loses a decade's worth in 6 months


def test_an_established_condition_keeps_the_given_bmd_as_her_bmd_now():
    p = "female, age 65, t_score_femoral_neck=-2.5"
    r = osteon.simulate("osteon", patient=p, duration=YEAR, save=[0.0, YEAR],
                        conditions="primary hyperparathyroidism since age 55")
    assert r["bmd_femoral_neck"][0][0] == pytest.approx(bmd_from_t_score(-2.5, "femoral_neck"),
                                                        rel=1e-9)
    assert r["pth"][0][0] > 2 * 3.8  # her state is the disease's, her bone the reading


def test_an_established_vitamin_d_deficiency_starts_with_secondary_hyperparathyroidism():
    """The README's woman of 84 with 25(OH)D 12 ng/mL: she has the deficiency now, so PTH is
    already raised at the start (and supplements bring it down from there)."""
    save = [0.0, 182.0]
    replete = osteon.simulate("osteon", patient="female, age 84", duration=182.0, save=save)
    est = osteon.simulate("osteon", patient="female, age 84", duration=182.0, save=save,
                          conditions="vitamin D deficiency 12 ng/mL for the past 5 years")
    step = osteon.simulate("osteon", patient="female, age 84", duration=182.0, save=save,
                           conditions="vitamin D deficiency 12 ng/mL")
    assert step["pth"][0][0] == pytest.approx(replete["pth"][0][0], rel=1e-6)
    assert est["pth"][0][0] > 1.3 * replete["pth"][0][0]
    assert est["pth"][0][-1] == pytest.approx(est["pth"][0][0], rel=0.01)
    assert est["calcitriol"][0][0] < 0.8 * replete["calcitriol"][0][0]


def test_a_past_exposure_lowers_the_start_and_does_not_act_in_the_run():
    save = [0.0, YEAR]
    none = osteon.simulate("osteon", patient="female, age 65", duration=YEAR, save=save)
    past = osteon.simulate("osteon", patient="female, age 65", duration=YEAR, save=save,
                           conditions="glucocorticoids 20 mg/d from -5 years for 2 years")
    assert past["bmd_lumbar_spine"][0][0] < none["bmd_lumbar_spine"][0][0] - 0.005
    assert not [e for e in past.attrs["events"] if "apoptosis" in e]
    assert past.attrs["conditions"] == ["glucocorticoid excess 20 mg/day from -5 years for 2 "
                                        "years"]


def test_each_subject_of_a_population_runs_the_established_condition_on_her_own_clock():
    pop = pd.DataFrame({"subject_id": ["a", "b"], "age": [60.0, 70.0]})
    r = osteon.simulate("osteon", patient="female, age 65", population=pop, duration=30.0,
                        save=[0.0, 30.0], conditions="primary hyperparathyroidism since age 58")
    for i, age in enumerate((60.0, 70.0)):
        alone = osteon.simulate("osteon", patient=f"female, age {age:g}", duration=30.0,
                                save=[0.0, 30.0],
                                conditions="primary hyperparathyroidism since age 58")
        for n in ("pth", "calcium", "bmd_femoral_neck"):
            assert r[n][i][0] == pytest.approx(alone[n][0][0], rel=1e-4), (i, n)
    young = pd.DataFrame({"subject_id": ["a", "b"], "age": [55.0, 70.0]})
    with pytest.raises(InputError, match=r"subject 'a': .*onset at age 58 is after the "
                                         r"patient's age \(55\)"):
        osteon.simulate("osteon", patient="female, age 65", population=young, duration=30.0,
                        conditions="primary hyperparathyroidism since age 58")


@pytest.mark.parametrize(("kw", "words"), [
    ({"patient": None, "conditions": "PHPT for the past 2 years"},
     ["began before the start and needs a patient", "onset >= 0"]),
    ({"patient": "female, age 30", "conditions": "PHPT for the past 6 years"},
     ["at age 24 in a patient of 30", ">= 25", "at most 5 years before the start"]),
    ({"patient": "female, age 65", "conditions": "PHPT since age 70"},
     ["onset at age 70 is after the patient's age (65)", "'from 5 years'"]),
])
def test_an_onset_before_the_life_course_or_after_her_age_is_refused(kw, words):
    with pytest.raises(InputError) as e:
        osteon.simulate("osteon", duration=30.0, **kw)
    for w in words:
        assert w in str(e.value)


def test_cli_simulates_an_established_condition(tmp_path):
    r = CliRunner().invoke(app, ["simulate", "--patient", "female, age 65", "--years", "0.5",
                                 "--points", "7", "--condition",
                                 "primary hyperparathyroidism 150 pg/mL since age 60",
                                 "--out", str(tmp_path)])
    assert r.exit_code == 0, r.output
    text = json.dumps(json.loads((tmp_path / "summary.json").read_text()))
    assert "primary hyperparathyroidism 150 pg/mL since age 60" in text
    bad = CliRunner().invoke(app, ["simulate", "--patient", "female, age 65", "--years", "1",
                                   "--condition", "PHPT since age 70"])
    assert bad.exit_code == 2 and "after the patient's age (65)" in bad.output


def test_a_cohorts_yes_no_columns_may_be_spelled_as_a_csv_gives_them():
    """A cohort read from CSV gives a risk factor as 1/0 or yes/no: 'prior_fracture' [1, 0] was
    refused ('must be True or False; got np.int64(1)'). Other values are still refused."""
    cohort = pd.DataFrame({"sex": ["female", "male", "female"], "age": [68, 72, 70],
                           "prior_fracture": [1, 0, "yes"], "smoker": ["no", "Yes", 0]})
    r = osteon.simulate("osteon", population=cohort, duration="10 days", save=2)
    assert r.attrs["patients"] == ["sex=female age=68 prior_fracture=yes",
                                   "sex=male age=72 smoker=yes",
                                   "sex=female age=70 prior_fracture=yes"]
    bad = pd.DataFrame({"sex": ["female"], "age": [68], "prior_fracture": [2]})
    with pytest.raises(InputError, match=r"row 0 .*prior_fracture must be True or False; got 2$"):
        osteon.simulate("osteon", population=bad, duration="10 days", save=2)


def test_a_cohorts_bad_number_is_shown_as_given_not_as_numpys_type():
    """An age of 700 read from a table was shown as 'got np.int64(700)'."""
    bad = pd.DataFrame({"sex": ["female", "female"], "age": [68, 700]})
    with pytest.raises(InputError, match=r"population row 1 \(subject_id 1\): Patient\.age must "
                                         r"be between 18 and 100 years; got 700$"):
        osteon.simulate("osteon", population=bad, duration="10 days", save=2)
    bad = pd.DataFrame({"age": [68.0], "bmi": [-3.5]})
    with pytest.raises(InputError, match=r"row 0 .*Patient\.bmi.*got -3\.5$") as err:
        osteon.simulate("osteon", patient="female, age 60", population=bad, duration=10, save=2)
    assert "np." not in str(err.value)
