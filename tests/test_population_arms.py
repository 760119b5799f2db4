"""A virtual trial on the command line: ``osteon simulate --population FILE --compare RX
--compare RX``: the same subjects in every arm, paired differences, paired dropping."""

import json

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

import osteon
import osteon.simulation
from osteon.cli.app import app

runner = CliRunner()
DMAB = "denosumab 60 mg sc q6mo x 2"
QS = [0.05, 0.5, 0.95]


@pytest.fixture(scope="module")
def trial(tmp_path_factory):
    """3 subjects, denosumab against no treatment, 1 year, 3 saved points."""
    tmp = tmp_path_factory.mktemp("trial")
    pop = tmp / "cohort.csv"
    pop.write_text("subject_id,sex,age,t_score_femoral_neck\na,female,68,-2.6\n"
                   "b,female,72,-1.5\nc,female,75,-2.0\n")
    out = tmp / "out"
    r = runner.invoke(app, ["simulate", "--population", str(pop), "--compare", DMAB,
                            "--compare", "none", "--years", "1", "--points", "3",
                            "--out", str(out)], env={"COLUMNS": "220"})
    return r, out


def failing_in_the_treated_arm(real):
    """osteon.simulate where subject 'bad' cannot start in a treated arm (her adipogenic drift
    made absurd there), as a solve that fails in one arm only."""

    def simulate(model, regimen=None, *, population=None, **kw):
        if regimen is not None:
            population = population.copy()
            population.loc[population.subject_id == "bad", "adipogenic_drift_rate"] = 1e6
        return real(model, regimen, population=population, **kw)

    return simulate


def _end_change(result, var):
    if var in result.variables:
        y = result[var]
    else:
        clin = result.clinical()
        y = clin[var].to_numpy(dtype=float).reshape(result.n_subjects, result.times.size)
    return 100 * (y[:, -1] / y[:, 0] - 1)


def test_population_arms_write_each_arm_as_a_population_run_and_the_arms_on_top(trial):
    r, out = trial
    assert r.exit_code == 0, r.output
    for k in (1, 2):
        for f in ("trajectory.csv", "trajectory.parquet", "parameters.csv", "summary.json",
                  "figure.png", "population.csv"):
            assert (out / f"arm_{k}" / f).is_file(), (k, f)
    assert (out / "arms.csv").is_file() and (out / "summary.json").is_file()
    assert (out / "arms.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "wrote arms.csv, summary.json, arms.png and each arm's population" in r.output
    a1, a2 = (osteon.Result.load(out / f"arm_{k}") for k in (1, 2))
    # the same subjects, in the same order, in every arm
    assert a1.subject_ids == a2.subject_ids == ("a", "b", "c")
    assert a1.model.id == "osteon+denosumab" and a2.model.id == "osteon"
    np.testing.assert_allclose(a1["age_years"][:, 0], a2["age_years"][:, 0])
    summary = json.loads((out / "summary.json").read_text())
    assert [a["prescription"] for a in summary["arms"]] == [DMAB, "none"]
    assert summary["subjects_in_every_arm"] == ["a", "b", "c"] and summary["dropped"] == []
    assert "not a trial's confidence interval" in summary["paired_differences"]
    # the terminal: one table, the arms side by side, and the difference column
    assert "arms: 1 = denosumab 60 mg sc q6mo x 2; 2 = none" in r.output
    assert "arm 2 - arm 1" in r.output and "3 subjects in every arm" in r.output


def test_population_arms_paired_differences_are_the_subjects_own(trial):
    """arms.csv's percentiles are those of the arms' saved trajectories, and its paired
    differences those of each subject's value in arm 2 minus hers in arm 1."""
    r, out = trial
    assert r.exit_code == 0, r.output
    a1, a2 = (osteon.Result.load(out / f"arm_{k}") for k in (1, 2))
    table = pd.read_csv(out / "arms.csv")
    cols = ["q0.05", "q0.5", "q0.95"]
    diffs = [f"paired_difference_{c}" for c in cols]
    for key, var in (("bmd_total_hip_change", "bmd_total_hip"),
                     ("bmd_lumbar_spine_change", "bmd_lumbar_spine"),
                     ("ctx_change", "ctx_on_assay"), ("p1np_change", "p1np_on_assay")):
        c1, c2 = _end_change(a1, var), _end_change(a2, var)
        row1 = table[(table.arm == 1) & (table.readout == key) & (table["at"] == "end")].iloc[0]
        row2 = table[(table.arm == 2) & (table.readout == key) & (table["at"] == "end")].iloc[0]
        assert row1[cols].to_numpy(dtype=float) == pytest.approx(np.quantile(c1, QS), rel=1e-9)
        assert row2[cols].to_numpy(dtype=float) == pytest.approx(np.quantile(c2, QS), rel=1e-9)
        assert row2[diffs].to_numpy(dtype=float) == pytest.approx(
            np.quantile(c2 - c1, QS), rel=1e-9, abs=1e-12)
        assert row2["paired_n"] == 3 and pd.isna(row1["paired_n"])
    # denosumab raises hip BMD in every subject: every paired difference is below zero
    hip = table[(table.arm == 2) & (table.readout == "bmd_total_hip_change")
                & (table["at"] == "end")].iloc[0]
    assert hip["paired_difference_q0.95"] < 0
    # the 10-year fracture probabilities at the end, levels in %, and their paired difference
    clin1, clin2 = a1.clinical(), a2.clinical()
    f1 = clin1[clin1.time_days == a1.times[-1]].set_index("subject_id").fracture_risk_10y_hip
    f2 = clin2[clin2.time_days == a2.times[-1]].set_index("subject_id").fracture_risk_10y_hip
    row = table[(table.arm == 2) & (table.readout == "fracture_risk_10y_hip")].iloc[0]
    assert list(row[diffs].to_numpy(dtype=float)) == pytest.approx(
        np.quantile((f2 - f1).loc[["a", "b", "c"]], QS), rel=1e-9)
    # each whole year too (year_1 is the end of a 1-year run)
    assert set(table[table.readout == "ctx_change"]["at"]) == {"year_1", "end"}


def test_population_arms_drop_a_subject_from_every_arm_when_she_fails_in_one(tmp_path,
                                                                            monkeypatch):
    """A subject who fails in one arm only is left out of every arm (the arms stay paired) with
    --on-failure drop; without it the error names the arm and says how."""
    pop = tmp_path / "cohort.csv"
    pop.write_text("subject_id,sex,age,adipogenic_drift_rate\nok1,female,68,0.02\n"
                   "bad,female,66,0.02\nok2,female,70,0.02\n")
    monkeypatch.setattr(osteon.simulation, "simulate", failing_in_the_treated_arm(
        osteon.simulation.simulate))
    args = ["simulate", "--population", str(pop), "--compare", "none", "--compare", DMAB,
            "--days", "30", "--points", "2"]
    r = runner.invoke(app, args)
    assert r.exit_code == 2
    assert f"--compare arm 2 ('{DMAB}')" in r.output and "subject 'bad'" in r.output
    assert "give --on-failure drop to leave the failed subjects out of every arm" in r.output
    out = tmp_path / "out"
    r = runner.invoke(app, [*args, "--on-failure", "drop", "--out", str(out)],
                      env={"COLUMNS": "220"})
    assert r.exit_code == 0, r.output
    assert "2 subjects in every arm (1 dropped from every arm)" in r.output
    assert "1 of 3 subjects failed in some arm and are left out of every arm" in r.output
    assert f"subject 'bad' failed in arm 2 ('{DMAB}')" in r.output
    a1, a2 = (osteon.Result.load(out / f"arm_{k}") for k in (1, 2))
    assert a1.subject_ids == a2.subject_ids == ("ok1", "ok2")
    # she solved in arm 1 (untreated) and is recorded there as dropped, with why
    s1 = json.loads((out / "arm_1" / "summary.json").read_text())["status"]
    s2 = json.loads((out / "arm_2" / "summary.json").read_text())["status"]
    assert [(s["subject_id"], s["status"]) for s in s1] == [("ok1", "ok"), ("bad", "dropped"),
                                                            ("ok2", "ok")]
    assert "failed in arm 2" in s1[1]["message"]
    assert [s["status"] for s in s2] == ["ok", "failed", "ok"]
    top = json.loads((out / "summary.json").read_text())
    assert top["subjects_in_every_arm"] == ["ok1", "ok2"]
    assert [(d["subject_id"], d["arm"]) for d in top["dropped"]] == [("bad", 2)]
    table = pd.read_csv(out / "arms.csv")
    assert set(table["n"]) == {2} and set(table["paired_n"].dropna()) == {2}
    c1 = _end_change(a1, "bmd_total_hip")
    c2 = _end_change(a2, "bmd_total_hip")
    row = table[(table.arm == 2) & (table.readout == "bmd_total_hip_change")
                & (table["at"] == "end")].iloc[0]
    assert row["paired_difference_q0.5"] == pytest.approx(np.median(c2 - c1), rel=1e-9)


@pytest.mark.parametrize("arms, needle", [
    ([DMAB, "unobtanium 5 mg daily"], "--compare arm 2 ('unobtanium 5 mg daily'): "),
    (["none", "denosumab 60 mg sc every fortnightish"],
     "--compare arm 2 ('denosumab 60 mg sc every fortnightish'): "),
    (["none", "placebo"], "--compare arms must differ: 'none' and 'placebo' are the same arm"),
    ([DMAB], "--compare needs at least two arms; got 1"),
])
def test_population_arms_refuse_a_bad_arm_before_anything_runs(tmp_path, monkeypatch, arms,
                                                               needle):
    pop = tmp_path / "cohort.csv"
    pop.write_text("sex,age\nfemale,70\n")

    def must_not_run(*args, **kw):
        raise AssertionError("an arm ran before every arm's text was read")

    monkeypatch.setattr(osteon.simulation, "simulate", must_not_run)
    out = tmp_path / "out"
    r = runner.invoke(app, ["simulate", "--population", str(pop),
                            *(x for a in arms for x in ("--compare", a)), "--days", "10",
                            "--points", "2", "--out", str(out)])
    assert r.exit_code == 2, r.output
    lines = r.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and needle in lines[0], r.output
    assert not out.exists()


def test_population_arms_refuse_treat_beside_them(tmp_path):
    pop = tmp_path / "cohort.csv"
    pop.write_text("sex,age\nfemale,70\n")
    r = runner.invoke(app, ["simulate", "--population", str(pop), "--compare", "none",
                            "--compare", DMAB, "--treat", DMAB, "--days", "10"])
    assert r.exit_code == 2
    assert "cannot be combined with --model, --set or --treat" in r.output


@pytest.fixture(scope="module")
def api_trial(trial):
    """The same trial as ``trial``, through the Python API on the same file."""
    _, out = trial
    return osteon.simulate_arms(out.parent / "cohort.csv", [DMAB, "none"], duration="1 year",
                                save=3)


def test_the_api_gives_the_cli_s_arms_csv_summary_json_and_arms(trial, api_trial):
    """osteon.simulate_arms is what the command line runs: its table is arms.csv, its summary
    summary.json, and each arm's result the arm's directory."""
    r, out = trial
    assert r.exit_code == 0, r.output
    from osteon.io.results import _EXACT

    written = pd.read_csv(out / "arms.csv", **_EXACT)
    frame = api_trial.to_pandas()
    # 2 arms x (5 changes at year 1 and the end, 2 fracture probabilities at the end)
    assert list(frame.columns) == list(written.columns) and len(frame) == len(written) == 24
    pd.testing.assert_frame_equal(frame, written, check_dtype=False, check_exact=True)
    summary = json.loads((out / "summary.json").read_text())
    assert api_trial.summary() == {**summary, "population": str(out.parent / "cohort.csv")}
    assert api_trial.prescriptions == (DMAB, "none") and api_trial.dropped == ()
    for k in (1, 2):
        saved = osteon.Result.load(out / f"arm_{k}")
        assert api_trial[k].subject_ids == saved.subject_ids
        np.testing.assert_array_equal(api_trial[k].times, saved.times)
        np.testing.assert_array_equal(api_trial[k].values, saved.values)
    assert api_trial[DMAB] is api_trial[1]


def test_population_arms_say_a_drug_column_is_not_used_where_the_drug_is_not_given(tmp_path):
    """IIV on denosumab's PK with a placebo comparator: the column varies the denosumab arm's
    subjects; the placebo arm leaves it out and the terminal and summary.json say so."""
    pop = tmp_path / "cohort.csv"
    pop.write_text("subject_id,sex,age,denosumab_kel,denosumab_F\nslow,female,68,0.015,0.6\n"
                   "fast,female,68,0.045,0.6\n")
    out = tmp_path / "out"
    r = runner.invoke(app, ["simulate", "--population", str(pop), "--compare", "placebo",
                            "--compare", "denosumab 60 mg sc q6mo x 1", "--days", "60",
                            "--points", "3", "--out", str(out)], env={"COLUMNS": "220"})
    assert r.exit_code == 0, r.output
    note = ('arm 1 ("placebo"): population columns denosumab_kel, denosumab_F apply only where '
            'denosumab is given; not used in this arm')
    assert r.output.count(note) == 1
    top = json.loads((out / "summary.json").read_text())
    assert top["notes"] == [note]
    assert [a["population_columns_not_used"] for a in top["arms"]] == [
        ["denosumab_kel", "denosumab_F"], []]
    treated = osteon.Result.load(out / "arm_2")
    serum = treated["denosumab_serum"][:, -1]
    assert serum[0] > 1.5 * serum[1] > 0  # their kel, not the card's, in the arm with the drug


def test_population_arms_refuse_a_drug_column_no_arm_gives(tmp_path):
    pop = tmp_path / "cohort.csv"
    pop.write_text("sex,age,denosumab_kel\nfemale,70,0.03\n")
    r = runner.invoke(app, ["simulate", "--population", str(pop), "--compare", "none",
                            "--compare", "alendronate 70 mg oral weekly x 4", "--days", "10",
                            "--points", "2"])
    assert r.exit_code == 2
    assert (f"--population '{pop}': population column 'denosumab_kel' is a parameter of drug "
            f"'denosumab', which no arm gives (arms: 'none', 'alendronate 70 mg oral weekly "
            f"x 4'); ") in " ".join(r.output.split())


def test_population_arms_take_a_drug_param_in_the_arms_giving_the_drug(tmp_path):
    """--param denosumab_kel with a placebo arm was refused by that arm; it now acts in the
    denosumab arm only, and the placebo arm says, once, that it left it out."""
    pop = tmp_path / "cohort.csv"
    pop.write_text("subject_id,sex,age\na,female,68\nb,female,72\n")
    out = tmp_path / "out"
    base = ["simulate", "--population", str(pop), "--compare", "placebo", "--compare",
            "denosumab 60 mg sc q6mo x 1", "--days", "60", "--points", "3"]
    r = runner.invoke(app, [*base, "--param", "denosumab_kel=0.015", "--out", str(out)],
                      env={"COLUMNS": "220"})
    assert r.exit_code == 0, r.output
    note = ('arm 1 ("placebo"): parameter denosumab_kel applies only where denosumab is given; '
            'not used in this arm')
    assert r.output.count(note) == 1
    top = json.loads((out / "summary.json").read_text())
    assert top["notes"] == [note]
    assert [a["parameters_not_used"] for a in top["arms"]] == [["denosumab_kel"], []]
    treated = osteon.Result.load(out / "arm_2")
    assert list(treated.parameters["denosumab_kel"]) == [0.015, 0.015]
