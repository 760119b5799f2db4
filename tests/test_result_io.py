"""Result.save and Result.load: a result's directory (the files ``osteon simulate --out``
writes) reads back to the same result."""

import json

import numpy as np
import pandas as pd
import pytest

import osteon
from osteon.errors import InputError


def assert_same_result(a, b):
    assert b.model.id == a.model.id and b.model.version == a.model.version
    np.testing.assert_array_equal(b.values, a.values)  # exactly: no digits lost on the way
    np.testing.assert_array_equal(b.times, a.times)
    np.testing.assert_array_equal(b.baseline, a.baseline)
    assert b.subject_ids == a.subject_ids
    assert [type(s) for s in b.subject_ids] == [type(s) for s in a.subject_ids]
    assert b.variables == a.variables and dict(b.units) == dict(a.units)
    assert b.attrs == a.attrs
    pd.testing.assert_frame_equal(b.status, a.status)
    pd.testing.assert_frame_equal(b.parameters, a.parameters)


@pytest.fixture(scope="module")
def treated_population():
    """Two women on denosumab with glucocorticoids of their own strength (a drug composed into
    the model, a condition, a per-subject condition parameter and clinical readouts)."""
    pop = pd.DataFrame({"subject_id": ["a", "b"], "age_start": [45.0, 70.0],
                        "gc_emax": [0.2, 0.5]})
    return osteon.simulate("osteon", "denosumab 60 mg sc q6mo x 2", population=pop,
                           duration="1 year", save=4, conditions=["glucocorticoids 7.5 mg/d"],
                           parameters={"gc_ed50": 30.0})


def test_a_saved_run_says_what_was_prescribed(treated_population, tmp_path):
    """A saved run (Result.save, osteon simulate --treat --out, a population's) listed its doses
    only as depot amounts ('Bolus(... denosumab_depot, amount=60.0)'), never the prescription:
    summary.json now says it (a text as written, a Regimen with its adherence and seed), and
    it loads back with the result; a run without one says null."""
    from typer.testing import CliRunner

    from osteon.cli.app import app
    from osteon.dosing import Regimen

    assert treated_population.summary()["prescription"] == "denosumab 60 mg sc q6mo x 2"
    treated_population.save(tmp_path / "pop")
    saved = json.loads((tmp_path / "pop" / "summary.json").read_text())
    assert saved["prescription"] == "denosumab 60 mg sc q6mo x 2"
    assert osteon.Result.load(tmp_path / "pop").attrs["prescription"] == saved["prescription"]
    rx = Regimen.parse("zoledronic acid 5 mg iv x 1").with_adherence(0.5, 2)  # seed 2 gives it
    r = osteon.simulate("osteon", rx, patient="female, age 70", duration=5, save=2)
    assert r.summary()["prescription"] == "zoledronic acid 5 mg iv once with adherence 0.5 seed 2"
    assert osteon.simulate("lemaire2004", duration=5, save=2).summary()["prescription"] is None
    pop = tmp_path / "cohort.csv"
    pop.write_text("sex,age\nfemale,70\nfemale,72\n")
    out = tmp_path / "cli"
    got = CliRunner().invoke(app, ["simulate", "--population", str(pop), "--treat",
                                   "denosumab 60 mg sc q6mo x 2", "--days", "5", "--points",
                                   "2", "--out", str(out)])
    assert got.exit_code == 0, got.output
    assert json.loads((out / "summary.json").read_text())["prescription"] == \
        "denosumab 60 mg sc q6mo x 2"


def test_a_saved_population_loads_back_equal(treated_population, tmp_path):
    r = treated_population
    written = r.save(tmp_path / "run")
    assert sorted(p.name for p in written) == ["parameters.csv", "summary.json",
                                               "trajectory.csv", "trajectory.parquet"]
    back = osteon.Result.load(tmp_path / "run")
    assert back.model.id == "osteon+denosumab"  # composed again from the id
    assert_same_result(r, back)
    assert back.attrs["condition_parameters"] == {"gc_ed50": 30.0, "gc_emax": [0.2, 0.5]}
    # the clinical readouts are computed again from what was saved, and agree
    pd.testing.assert_frame_equal(back.to_pandas(), r.to_pandas())
    summary = json.loads((tmp_path / "run" / "summary.json").read_text())
    assert summary["columns"]["who_class"] == "text"
    assert summary["columns"]["bmd_lumbar_spine"] == "g/cm^2"
    assert summary["result"]["format"] == "osteon-result/1"
    # the CSV alone is enough (the float written in its shortest exact form)
    (tmp_path / "run" / "trajectory.parquet").unlink()
    assert_same_result(r, osteon.Result.load(tmp_path / "run"))


def test_failed_subjects_and_a_model_outside_the_library(blowup_model, tmp_path):
    pop = pd.DataFrame({"subject_id": [10, 20, 30], "k": [1e-3, 0.1, 2e-3]})
    r = osteon.simulate(blowup_model, population=pop, duration=100, save=5,
                        initial={"x": 1.0}, on_failure="drop")
    assert list(r.status.status) == ["ok", "failed", "ok"]
    r.save(tmp_path)
    with pytest.raises(InputError, match=r"model 'toy_blowup' is not in the library.*"
                                         r"Result\.load\(path, model=spec\)"):
        osteon.Result.load(tmp_path)
    back = osteon.Result.load(tmp_path, model=blowup_model)
    assert_same_result(r, back)
    assert back.subject_ids == (10, 30) and back.status.message[1] != ""
    # the given start's residual (no steady state solved): a number, read back as written
    assert np.isfinite(back.status.steady_state_residual).all()
    np.testing.assert_array_equal(back.status.steady_state_residual, r.status.steady_state_residual)
    with pytest.raises(InputError, match=r"model 'lemaire2004'.*other variables than the saved "
                                         r"result of 'toy_blowup'"):
        osteon.Result.load(tmp_path, model=osteon.models.load("lemaire2004"))


def test_the_command_lines_out_directory_loads(tmp_path):
    from typer.testing import CliRunner

    from osteon.cli.app import app

    out = tmp_path / "cli"
    run = CliRunner().invoke(app, ["simulate", "--model", "lemaire2004", "--days", "30",
                                   "--points", "7", "--param", "k_B=0.2", "--out", str(out)])
    assert run.exit_code == 0, run.output
    assert "parameters.csv" in run.output
    back = osteon.Result.load(out)
    same = osteon.simulate("lemaire2004", duration=30, save=7, parameters={"k_B": 0.2})
    np.testing.assert_allclose(back.values, same.values, rtol=1e-12)
    assert back.attrs["parameter_overrides"] == {"k_B": 0.2}
    assert back.parameters.k_B.iloc[0] == 0.2


def test_save_and_load_refuse_what_they_cannot_do(tmp_path):
    r = osteon.simulate("lemaire2004", duration=10, save=2)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(InputError, match=r"writes a directory of files; '.*file' is a file"):
        r.save(blocker)
    with pytest.raises(InputError, match=r"reads a directory written by Result\.save or osteon "
                                         r"simulate --out; '.*empty' has no summary\.json"):
        osteon.Result.load(tmp_path / "empty")
    arms = tmp_path / "arms"
    arms.mkdir()
    # a comparison written before its arms were saved as results (trajectory_<k>.csv only)
    (arms / "summary.json").write_text(json.dumps(
        {"arms": [{"prescription": "none", "trajectory": "trajectory_1.csv"}]}))
    with pytest.raises(InputError, match=r"no 'result' record: a comparison of arms \(--compare\)"
                                         r".*did not save each arm as a result \(run the "
                                         r"comparison again\)"):
        osteon.Result.load(arms)
    r.save(tmp_path / "old")
    path = tmp_path / "old" / "summary.json"
    summary = json.loads(path.read_text())
    summary["result"]["format"] = "osteon-result/0"
    path.write_text(json.dumps(summary))
    with pytest.raises(InputError, match=r"in format 'osteon-result/0'; this osteon reads "
                                         r"'osteon-result/1'"):
        osteon.Result.load(tmp_path / "old")
    with pytest.raises(InputError, match=r"model=\.\.\.\) must be a ModelSpec; got str"):
        osteon.Result.load(tmp_path / "old", model="lemaire2004")
    pop = pd.DataFrame({"subject_id": ["a", 1], "k_B": [0.2, 0.3]})
    odd = osteon.simulate("lemaire2004", population=pop, duration=10, save=2)
    with pytest.raises(InputError, match=r"subject ids that are all text or all numbers \(a "
                                         r"parquet column has one type\); got \['a', 1\]"):
        odd.save(tmp_path / "odd")
    assert not (tmp_path / "odd").exists()  # nothing written before everything is ready


def test_a_result_saved_with_its_drugs_in_another_order_loads_back(tmp_path):
    # drugs are now composed sorted by id (a + b and b + a simulate one model); a result saved
    # before, its model id naming them as written, is rebuilt in that order
    from osteon import drugs
    from osteon.dosing import parse

    spec = osteon.models.load("osteon")
    old = drugs.composed_as_saved(spec, ["teriparatide", "denosumab"])
    assert old.id == "osteon+teriparatide+denosumab"
    assert drugs.compose(spec, ["teriparatide", "denosumab"]).id == "osteon+denosumab+teriparatide"
    rx = parse("teriparatide 20 ug sc daily x 3 and denosumab 60 mg sc once")
    r = osteon.simulate(old, rx.events(old, until=5.0), duration=5, save=2)
    r.save(tmp_path / "run")
    assert_same_result(r, osteon.Result.load(tmp_path / "run"))
