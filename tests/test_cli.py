"""The osteon command line, run as a user would (subprocess) and in-process (CliRunner)."""

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from osteon.cli.app import app

runner = CliRunner()


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "osteon.cli.app", *args], capture_output=True,
                          text=True, timeout=120)


def test_models_list_show_citation():
    r = runner.invoke(app, ["models", "list"])
    assert r.exit_code == 0
    for mid in ("komarova2003", "lemaire2004", "pivonka2008"):
        assert mid in r.output
    r = runner.invoke(app, ["models", "show", "lemaire2004"])
    assert r.exit_code == 0
    assert "K_L_P" in r.output and "Table 1" in r.output and "doi:10.1016/j.jtbi.2004.03.023" in r.output
    assert "Known deviations" in r.output
    r = runner.invoke(app, ["models", "citation", "pivonka2008"])
    assert r.exit_code == 0 and r.output.startswith("@article{pivonka2008,")
    assert "author = {Pivonka, P. and Zimak, J. and " in r.output
    r = runner.invoke(app, ["models", "citation", "osteon"])
    assert r.exit_code == 0 and r.output.startswith("@misc{osteon,") and "journal" not in r.output


def test_help_keeps_brackets_and_reflows_docstrings():
    # Rich markup used to eat "[jax]" and "[@TIME]" as style tags
    r = runner.invoke(app, ["simulate", "--help"], env={"COLUMNS": "200"})
    assert r.exit_code == 0
    assert "pip install 'osteon[jax]'" in r.output
    assert "NAME=VALUE[@TIME]" in r.output
    r = runner.invoke(app, ["--help"], env={"COLUMNS": "200"})
    # the docstring's hard line break after "the observed" is reflowed, not kept
    assert "the observed value, the published one" in " ".join(r.output.split())
    assert "│              value, the published one" not in r.output


def test_calibrate_help_lists_every_shipped_problem_in_solving_order():
    from osteon.calibrate.shipped import PROBLEMS
    from osteon.cli.calibrate import SHIPPED_NAMES

    assert SHIPPED_NAMES.split(", ") == list(PROBLEMS)
    r = runner.invoke(app, ["calibrate", "--help"], env={"COLUMNS": "200"})
    assert r.exit_code == 0
    assert SHIPPED_NAMES in " ".join(r.output.replace("│", " ").split())


def test_simulate_prints_a_table_without_out():
    r = runner.invoke(app, ["simulate", "--model", "lemaire2004", "--days", "140",
                            "--set", "I_O=2e5@20", "--set", "I_O=0@80days"])
    assert r.exit_code == 0, r.output
    assert "lemaire2004: 140 days" in r.output
    assert "opg" in r.output and "pM" in r.output


def test_simulate_table_says_its_min_and_max_are_of_the_saved_times():
    """Komarova 2003's single remodeling cycle with --points 11: the table's max of osteoblasts
    read 219.2 and min of bone mass 99.77, with nothing saying that the course (which reaches
    396 cells and 89.8 % at days 14 and 12) was only seen at 11 times; the title now says what
    min and max are read on, and with more --points they are the course's."""
    import numpy as np

    def cells(output: str, name: str) -> list[str]:
        row = next(line for line in output.splitlines() if line.startswith(f"│ {name} "))
        return [c.strip() for c in row.split("│")[1:-1]]

    args = ["simulate", "--model", "komarova2003", "--initial", "model", "--days", "1000"]
    coarse = runner.invoke(app, [*args, "--points", "11"], env={"COLUMNS": "200"})
    assert coarse.exit_code == 0, coarse.output
    assert "min and max of the 11 saved times" in coarse.output
    fine = runner.invoke(app, [*args, "--points", "20001"], env={"COLUMNS": "200"})
    assert "min and max of the 20001 saved times" in fine.output
    assert float(cells(fine.output, "osteoblasts")[5]) == pytest.approx(395.8, abs=0.1)
    assert float(cells(coarse.output, "osteoblasts")[5]) < 300.0  # what 11 times can see
    assert np.isfinite(float(cells(fine.output, "bone_mass")[4]))


def test_simulate_writes_the_five_files(tmp_path):
    out = tmp_path / "run"
    r = runner.invoke(app, ["simulate", "--model", "pivonka2008", "--years", "0.5",
                            "--set", "P_OPG_d=2e5", "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in out.iterdir()) == [
        "figure.png", "parameters.csv", "summary.json", "trajectory.csv", "trajectory.parquet"]
    csv = pd.read_csv(out / "trajectory.csv")
    assert list(csv.columns[:2]) == ["subject_id", "time_days"]
    assert {"OBp", "OBa", "OCa", "BV", "opg", "rankl"} <= set(csv.columns)
    assert csv.time_days.iloc[-1] == pytest.approx(0.5 * 365.25)
    pq = pd.read_parquet(out / "trajectory.parquet")
    pd.testing.assert_frame_equal(pq, csv, check_dtype=False)
    summary = json.loads((out / "summary.json").read_text())
    assert summary["model"] == "pivonka2008"
    assert summary["duration_days"] == pytest.approx(182.625)
    assert summary["status"][0]["status"] == "ok"
    bv = summary["subjects"][0]["variables"]["BV"]
    assert bv["unit"] == "percent" and bv["start"] == pytest.approx(100) and bv["end"] > 100
    assert (out / "figure.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("args,needle", [
    (["--model", "lemaire2003"], "unknown model id 'lemaire2003' (did you mean 'lemaire2004'?)"),
    (["--model", "lemaire2004", "--set", "k_X=1"], "unknown parameter 'k_X'"),
    (["--model", "lemaire2004", "--set", "k_B=nan"], "Parameter 'k_B'"),
    (["--model", "lemaire2004", "--set", "k_B=-1"], "must be a finite number > 0 [1/day]"),
    (["--model", "lemaire2004", "--set", "f0=2"], "in [0, 1]"),
    (["--model", "lemaire2004", "--set", "k_B"], "--set expects NAME=VALUE[@TIME]; got 'k_B'"),
    (["--model", "lemaire2004", "--set", "k_B=fast"],
     "--set k_B: value must be a number in 1/day (the parameter's unit), or a number with a "
     "unit convertible to it; got 'fast'"),
    (["--model", "lemaire2004", "--set", "k_B=1@soon"], "time must be"),
    (["--model", "lemaire2004", "--days", "-5"], "--days must be a finite number > 0; got -5"),
    (["--model", "lemaire2004", "--years", "1", "--days", "3"], "not both"),
    (["--model", "lemaire2004", "--param", "k_B=1@3"], "--param expects NAME=VALUE"),
    (["--model", "lemaire2004", "--initial", "cold"], "--initial must be"),
    # 1e8 gave numpy's ArrayMemoryError traceback
    (["--points", "100000000"], "--points must be between 2 and 1000000 (the most saved times "
                                "a run keeps, a memory bound); got 100000000"),
    (["--points", "1"], "--points must be between 2 and 1000000"),
    (["--points", "100000000", "--compare", "none", "--patient", "female, age 65"],
     "--points must be between 2 and 1000000"),
])
def test_bad_input_is_one_line_on_stderr_and_exit_2(args, needle):
    proc = run_cli("simulate", *args)
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("error: ")
    assert needle in lines[0]
    assert proc.stdout == ""


@pytest.mark.parametrize("args,needle", [
    (["--treat", "denosumab 60 mg sc x 1", "--treat", "zoledronic acid 5 mg iv x 1"],
     "--treat was given 2 times ('denosumab 60 mg sc x 1', 'zoledronic acid 5 mg iv x 1') and takes "
     "one value; give one --treat joining the prescriptions with 'and' to give them together "
     "(--treat \"denosumab 60 mg sc x 1 and zoledronic acid 5 mg iv x 1\") or with 'then'"),
    (["--patient", "male, age 70"], "--patient was given 2 times ('female, age 65', 'male, age 70')"),
    (["--years", "1"], "--years was given 2 times (0.2, 1) and takes one value; give one duration"),
    (["--model", "osteon", "-m", "lemaire2004"], "--model was given 2 times ('osteon', 'lemaire2004')"),
    (["--points", "5", "--points", "7"], "--points was given 2 times (5, 7)"),
    (["--out", "a", "--out", "b"], "--out was given 2 times ('a', 'b')"),
    (["--engine", "scipy", "--engine", "jax"], "--engine was given 2 times ('scipy', 'jax')"),
])
def test_a_repeated_single_valued_option_is_refused(args, needle, tmp_path):
    # a sweep found '--treat A --treat B' ran B only (typer keeps the last value), and the same
    # for --patient and --years
    proc = subprocess.run([sys.executable, "-m", "osteon.cli.app", "simulate", "--patient",
                           "female, age 65", "--years", "0.2", *args], capture_output=True, text=True,
                          timeout=120, cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith("error: ") and len(proc.stderr.strip().splitlines()) == 1
    assert needle in proc.stderr
    assert proc.stdout == "" and not any(tmp_path.iterdir())


def test_the_combined_treat_the_error_suggests_gives_both_drugs():
    from osteon.cli._once import prescription_hint
    from osteon.dosing import parse

    hint = prescription_hint(["denosumab 60 mg sc x 1", "zoledronic acid 5 mg iv yearly x 2 then "
                              "alendronate 70 mg oral weekly"])
    suggested = hint.split('--treat "')[1].split('"')[0]
    r = parse(suggested)
    assert r.drugs == ("denosumab", "zoledronic_acid", "alendronate")
    assert r == parse("denosumab 60 mg sc x 1") + parse("zoledronic acid 5 mg iv yearly x 2 then "
                                                        "alendronate 70 mg oral weekly")


@pytest.mark.parametrize("args,needle", [
    (["assess", "--patient", "female, age 65", "--patient", "male, age 80"],
     "--patient was given 2 times ('female, age 65', 'male, age 80') and takes one value; give "
     "one patient (all the fields in one text"),
    (["assess", "--patient", "female, age 65", "--ctx", "0.3", "--ctx=0.5"],
     "--ctx was given 2 times (0.3, 0.5) and takes one value; give it once"),
    (["aging", "--to-age", "70", "--to-age", "90"], "--to-age was given 2 times (70, 90)"),
    (["calibrate", "--method", "powell", "--method", "nelder-mead", "--list"],
     "--method was given 2 times ('powell', 'nelder-mead')"),
    (["calibrate", "--targets", "a.csv", "--targets", "b.csv"],
     "--targets was given 2 times ('a.csv', 'b.csv') and takes one value; give one table"),
    (["sensitivity", "-n4", "--samples", "8"], "--samples was given 2 times (4, 8)"),
    # --regimen is --treat's former name: the two are one option, given twice here
    (["sensitivity", "--treat", "denosumab 60 mg sc x 1", "--regimen", "romosozumab 210 mg sc "
      "monthly x 12 then denosumab 60 mg sc q6mo x 2"],
     "give one --treat joining the prescriptions with 'and' to give them together (--treat "
     "\"denosumab 60 mg sc x 1 and (romosozumab 210 mg sc monthly x 12 then denosumab 60 mg sc "
     "q6mo x 2)\") or with 'then' to give them one after the other"),
    (["validate", "--area", "denosumab", "--area", "fluoride", "--list"],
     "--area was given 2 times ('denosumab', 'fluoride')"),
    (["simulate", "--patient", "female, age 65", "--points", "5", "--points=7"],
     "--points was given 2 times (5, 7)"),
])
def test_every_command_refuses_a_repeated_single_valued_option(args, needle):
    # 'osteon assess --patient "female, age 65" --patient "male, age 80"' assessed the man: click
    # keeps the last value of an option given twice, and only simulate refused it
    r = runner.invoke(app, args)
    assert r.exit_code == 2, r.output
    assert r.output.startswith("error: ") and len(r.output.strip().splitlines()) == 1
    assert needle in r.output


def test_every_command_is_one_that_refuses_a_repeat():
    import typer.main

    from osteon.cli._once import OnceCommand

    def leaves(command, path=()):
        for name, sub in (getattr(command, "commands", None) or {}).items():
            yield from leaves(sub, (*path, name))
        if not getattr(command, "commands", None):
            yield " ".join(path), command

    found = dict(leaves(typer.main.get_command(app)))
    assert {"assess", "simulate", "aging", "calibrate", "sensitivity", "validate", "models show",
            "drugs show", "conditions show"} <= set(found)
    assert [name for name, c in found.items() if not isinstance(c, OnceCommand)] == []


@pytest.mark.parametrize("args,needle", [
    # each reaches the command, which judges the values (not the parse, which would say 'was
    # given 2 times')
    (["aging", "--mechanism", "aging_igf1", "--mechanism", "aging_igf1"],
     "--mechanism must name aging switches among"),
    (["calibrate", "--estimate", "gc_emax=0.1:0.9", "--estimate", "gc_ic50=1:10"],
     "--estimate needs --targets"),
    (["sensitivity", "--model", "lemaire2004", "-p", "D_C", "-p", "k_P", "--output", "C",
      "--output", "C", "--at", "1year", "-n", "4"], "outputs (--output) give 'C' twice"),
    (["simulate", "--compare", "none", "--compare", "none"], "--compare needs a --patient"),
])
def test_repeatable_options_stay_repeatable(args, needle):
    r = runner.invoke(app, args)
    assert r.exit_code == 2 and needle in r.output and "was given 2 times" not in r.output


def test_repeated_values_of_a_repeatable_option_and_a_repeated_flag_run():
    r = runner.invoke(app, ["calibrate", "--list", "--list", "vitamin_d", "life_course"])
    assert r.exit_code == 0, r.output
    assert r.output.startswith("life_course: ") and "\nvitamin_d " in r.output
    r = runner.invoke(app, ["simulate", "--model", "lemaire2004", "--days", "140",
                            "--set", "I_O=2e5@20", "--set", "I_O=0@80days", "--param", "D_C=3e-3",
                            "--param", "k_B=0.2"])
    assert r.exit_code == 0, r.output


@pytest.mark.parametrize("args,needle", [
    (["--param", "D_C=3e-3", "--param", "D_C=4e-3"],
     "--param D_C was given twice ('3e-3' and '4e-3'); a parameter takes one value"),
    (["--set", "I_P=1@20", "--set", "I_P=2@20"],
     "--set I_P was given twice at 20 days ('1' and '2')"),
    # the same time in other words is the same time
    (["--set", "I_P=1@20", "--set", "I_P=2@20 days"],
     "--set I_P was given twice at 20 days ('1' and '2')"),
    (["--set", "I_P=1", "--set", "I_P=2@0"], "--set I_P was given twice at 0 days ('1' and '2')"),
])
def test_a_parameter_given_twice_is_refused_not_replaced(args, needle):
    # the second value silently replaced the first (summary.json: D_C 0.004), though the
    # README says a second value is refused, as osteon sensitivity -p D_C -p D_C is
    r = runner.invoke(app, ["simulate", "--model", "lemaire2004", "--years", "1", *args])
    assert r.exit_code == 2, r.output
    assert needle in r.output, r.output


def test_a_parameter_given_twice_is_refused_in_every_compare_arm():
    r = runner.invoke(app, ["simulate", "--patient", "female, age 65", "--years", "1",
                            "--compare", "none", "--param", "klotho=0.9", "--param", "klotho=0.8"])
    assert r.exit_code == 2 and "--param klotho was given twice ('0.9' and '0.8')" in r.output


def test_steps_of_one_parameter_at_different_times_are_a_schedule():
    r = runner.invoke(app, ["simulate", "--model", "lemaire2004", "--days", "60", "--points",
                            "5", "--set", "I_P=1@20", "--set", "I_P=0@40"])
    assert r.exit_code == 0, r.output


@pytest.mark.parametrize(("args", "needles"), [
    # a condition's own parameter (its card says: override with --param) was 'unknown parameter
    # ... in model 'osteon' (did you mean 'rankl_production_young'?)'
    (["--patient", "female, age 55", "--condition", "multiple myeloma",
      "--set", "tumor_rankl_production=0@100"],
     ["'tumor_rankl_production' is a parameter of condition 'multiple_myeloma'",
      "cannot be stepped", "--param tumor_rankl_production=VALUE"]),
    # a state was 'unknown parameter 'OBa' ... (did you mean 'A_OBa'?)'
    (["--model", "pivonka2008", "--set", "OBa=0.001@10"],
     ["'OBa' is a state of model 'pivonka2008', not a parameter", "Bolus", "StateScale"]),
    (["--model", "lemaire2004", "--set", "pi_L=0.1@10"],
     ["'pi_L' is an observable of model 'lemaire2004', not a parameter"]),
])
def test_a_step_of_a_name_that_is_no_model_parameter_says_what_it_is(args, needles):
    r = runner.invoke(app, ["simulate", "--days", "30", "--points", "3", *args])
    assert r.exit_code == 2, r.output
    text = " ".join(r.output.split())
    for needle in needles:
        assert needle in text, text
    assert "did you mean" not in text


def test_a_python_step_of_a_state_says_what_it_is():
    import osteon
    from osteon.errors import UnknownNameError
    from osteon.events import ParameterStep

    with pytest.raises(UnknownNameError, match="'C' is a state of model 'lemaire2004'"):
        osteon.simulate("lemaire2004", [ParameterStep(10.0, "C", 0.0)], duration=20.0)


def _trajectory(args, out):
    r = runner.invoke(app, ["simulate", "--model", "lemaire2004", "--days", "60", "--points", "4",
                            *args, "--out", str(out)])
    assert r.exit_code == 0, r.output
    return pd.read_csv(out / "trajectory.csv"), json.loads((out / "summary.json").read_text())


def test_a_value_with_a_unit_is_converted_as_the_api_converts_a_quantity(tmp_path):
    # '--set "I_P=1 nM/day@20"' said 'value must be a number'; the API takes a Quantity
    with_units, s1 = _trajectory(["--set", "I_P=1 nM/day@20", "--param", "D_C=3 fM/day"],
                                 tmp_path / "u")
    bare, plain = _trajectory(["--set", "I_P=1000@20", "--param", "D_C=3e-3"], tmp_path / "b")
    pd.testing.assert_frame_equal(with_units, bare, rtol=1e-9)
    assert s1["parameter_overrides"]["D_C"] == pytest.approx(plain["parameter_overrides"]["D_C"])


@pytest.mark.parametrize("args,needle", [
    # another dimension: the API's refusal, naming the unit expected and the Quantity given
    (["--set", "I_P=1 nM@20"], "Parameter 'I_P' of model 'lemaire2004' must be in pM/day or a "
                               "unit convertible to it"),
    (["--param", "D_C=3e-3 1/day"], "Parameter 'D_C' of model 'lemaire2004' must be in pM/day"),
    (["--set", "I_P=1 parsecs_per_fortnight"],
     "--set I_P: unknown unit 'parsecs_per_fortnight' in 'I_P=1 parsecs_per_fortnight'; give a "
     "number in pM/day (the parameter's unit)"),
    (["--param", "D_C=lots"], "--param D_C: value must be a number in pM/day (the parameter's "
                              "unit), or a number with a unit convertible to it; got 'lots'"),
    # an unknown name is the error, not the value
    (["--param", "D_X=lots"], "unknown parameter 'D_X'"),
])
def test_a_value_of_the_wrong_unit_or_none_is_refused_naming_the_unit(args, needle):
    r = runner.invoke(app, ["simulate", "--model", "lemaire2004", "--days", "60", *args])
    assert r.exit_code == 2, r.output
    assert needle in " ".join(r.output.split()), r.output


def test_help_after_a_repeat_is_help_and_shows_types_and_defaults():
    r = runner.invoke(app, ["assess", "--assay", "a", "--assay", "b", "--help"],
                      env={"COLUMNS": "200"})
    assert r.exit_code == 0 and "Usage: osteon assess" in r.output
    text = " ".join(r.output.replace("│", " ").split())
    assert "[default: IDS-iSYS]" in text
    r = runner.invoke(app, ["simulate", "--help"], env={"COLUMNS": "200"})
    text = " ".join(r.output.replace("│", " ").split())
    for default in ("[default: osteon]", "[default: steady_state]", "[default: 1001]",
                    "[default: scipy]"):
        assert default in text


def test_a_second_name_for_show_is_refused():
    r = runner.invoke(app, ["drugs", "show", "denosumab", "romosozumab"])
    assert r.exit_code == 2 and "unexpected extra argument" in r.output


@pytest.mark.parametrize("args,line", [
    (["simulate", "--model", "lemaire2004", "--years", "abc"],
     "error: --years (Duration in years) must be a number; got 'abc'"),
    (["assess", "--patient", "female, age 65", "--ctx", "abc"],
     "error: --ctx (Serum CTX in ng/mL) must be a number; got 'abc'"),
    (["simulate", "--model", "lemaire2004", "--points", "1.5"],
     "error: --points (Number of saved time points) must be a whole number; got '1.5'"),
    (["sensitivity", "-n", "x"],  # a short option, and its long name in the error
     "error: --samples (Sobol base samples) must be a whole number; got 'x'"),
    (["sensitivity", "--samples=1e"],
     "error: --samples (Sobol base samples) must be a whole number; got '1e'"),
    (["simulate", "--foo", "1"],
     "error: No such option: --foo (Possible options: --out); see 'osteon simulate --help'"),
    (["simulate", "--years"],
     "error: Option '--years' requires an argument; see 'osteon simulate --help'"),
    (["frobnicate"], "error: No such command 'frobnicate'; see 'osteon --help'"),
    (["models", "show"], "error: Missing argument 'model_id'; see 'osteon models show --help'"),
])
def test_click_refusals_are_one_error_line_with_the_value(args, line):
    """Click's own refusals (a value of the wrong type, an unknown option or command) printed a
    usage line and a box without the value given; they are osteon's one line, exit 2."""
    r = runner.invoke(app, args)
    assert r.exit_code == 2, r.output
    assert r.output.strip().splitlines() == [line], r.output
    proc = run_cli(*args)  # on stderr; the program's name as run ('python -m osteon.cli.app')
    shown = line.replace("see 'osteon", "see 'python -m osteon.cli.app")
    assert proc.returncode == 2 and proc.stderr.strip().splitlines() == [shown], proc.stderr


def test_a_refused_value_of_another_type_keeps_clicks_reason_and_the_value():
    import typer

    from osteon.cli._usage import BadParameter, message

    simulate = typer.main.get_command(app).commands["simulate"]
    out = next(p for p in simulate.params if p.name == "out")
    exc = BadParameter("Path 'x' is a file.", param=out)
    assert message(exc, None, ["x"]) == "--out: Path 'x' is a file; got 'x'"
    years = next(p for p in simulate.params if p.name == "years")
    exc = BadParameter("Input should be a valid number", param=years)
    assert message(exc, None, ["2", "abc"]) == \
        "--years (Duration in years) must be a number; got 'abc'"  # the one refused


def test_nan_value_names_field_domain_and_value():
    proc = run_cli("simulate", "--model", "lemaire2004", "--set", "k_B=nan")
    assert "Parameter 'k_B' of model 'lemaire2004' must be a finite number > 0 [1/day]" in proc.stderr
    assert "got nan" in proc.stderr


def test_unknown_model_for_show_is_exit_2():
    proc = run_cli("models", "show", "nope")
    assert proc.returncode == 2 and proc.stderr.startswith("error: unknown model id 'nope'")


def test_out_dir_that_cannot_be_written(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    proc = run_cli("simulate", "--model", "lemaire2004", "--days", "5", "--out", str(blocker / "sub"))
    # refused before the simulation (it was found when the files were written, after it)
    assert proc.returncode == 2 and proc.stderr.startswith("error: --out must be a directory")
    assert f"which cannot be created: '{blocker}' is a file" in proc.stderr


def test_version_and_warnings_read_as_one_line():
    r = run_cli("--version")
    assert r.returncode == 0 and r.stdout.startswith("osteon "), r.stdout + r.stderr
    r = run_cli("simulate", "--model", "pivonka2008", "--years", "3", "--set", "P_PTH_d=1e3")
    assert r.returncode == 0, r.stderr
    assert "warning: model 'pivonka2008'" in r.stderr and "below zero" in r.stderr
    # not Python's default display: source path, category and the code line
    assert "OsteonWarning" not in r.stderr and "app.py" not in r.stderr


def test_change_column_has_no_percent_for_a_start_at_round_off_or_a_sign_change(capsys):
    from types import SimpleNamespace

    import numpy as np

    from osteon.cli.app import _print_table

    # (subject, time, variable): a depot and a signal at round-off, a real change, a
    # balance that changes sign (calcium_bone_balance read -624.91 %) and a log that stays
    # negative (resorption_log_memory -0.0527 -> -0.538 read -921.77 %)
    values = np.array([[[-1.356e-41, 5.02e-12, 2.0, -0.1964, -0.05267],
                        [0.00148, 0.0, 3.0, 4.373, -0.3],
                        [0.00148, 0.0, 3.0, -2.875, -0.5382]]])
    fake = SimpleNamespace(model=SimpleNamespace(id="m"), times=np.array([0.0, 1.0, 2.0]),
                           variables=["depot", "signal", "x", "balance", "log_memory"],
                           units={"depot": "pmol", "signal": "1", "x": "pM",
                                  "balance": "mmol/day", "log_memory": "dimensionless"},
                           values=values)
    _print_table(fake)
    out = capsys.readouterr().out
    for name in ("depot", "signal"):
        line = next(line for line in out.splitlines() if name in line)
        assert "%" not in line and line.rstrip(" │|").endswith("-")
    assert "+50.00 %" in out
    line = next(line for line in out.splitlines() if "balance" in line)
    assert "%" not in line and "-2.679 mmol/day" in line
    line = next(line for line in out.splitlines() if "log_memory" in line)
    assert "%" not in line and "-0.4855 dimensionless" in line


def test_a_prescription_running_past_the_end_is_not_reported_as_ignored():
    # an infusion's end past (or at) the end of the run is the prescription's, not a late event
    for span in ("1 year", "3 years"):
        res = runner.invoke(app, ["simulate", "--patient", "female, age 65", "--years", "1",
                                  "--points", "3", "--treat",
                                  f"raloxifene 60 mg/day oral continuous infusion for {span}"])
        assert res.exit_code == 0, res.output
        assert "ignored" not in res.output
    from osteon.errors import OsteonWarning

    with pytest.warns(OsteonWarning, match=r"ParameterStep on 'I_O' at t=500 d"):
        res = runner.invoke(app, ["simulate", "--model", "lemaire2004", "--days", "140",
                                  "--set", "I_O=2e5@500"])
    assert res.exit_code == 0


def test_an_out_path_that_is_a_file_is_refused_before_any_work(tmp_path):
    afile = tmp_path / "afile"
    afile.write_text("")
    # a path under a file cannot be created either: it was found only when the output was
    # written, after the work (validate --out afile/sub: NotADirectoryError once all had run)
    for out in (afile, afile / "sub", afile / "sub" / "deeper"):
        for args in (["simulate", "--model", "lemaire2004", "--days", "10", "--out", str(out)],
                     ["validate", "DX1", "--out", str(out)],
                     ["calibrate", "glucocorticoids", "--export-petab", str(out)],
                     ["calibrate", "glucocorticoids", "--out", str(out)],
                     ["sensitivity", "--model", "pivonka2008", "-p", "k_res", "-p", "D_OBu",
                      "--output", "OCa", "--at", "30", "-n", "4", "--out", str(out)],
                     ["aging", "--patient", "female, age 50", "--to-age", "51", "--out",
                      str(out)]):
            res = runner.invoke(app, args)
            assert res.exit_code == 2, (args, res.output)
            assert "must be a directory" in res.output and "Traceback" not in res.output, args
            if out != afile:
                assert f"'{afile}' is a file" in res.output, (args, res.output)
    assert afile.read_text() == ""


def test_validate_out_holding_the_wrong_kind_of_entry_is_refused_before_any_work(tmp_path):
    """validate --out DIR with a file at DIR/plots (or a folder at DIR/index.html) ran every
    target and then crashed with FileExistsError (IsADirectoryError) writing the report."""
    for name, make in (("plots", lambda p: p.write_text("")), ("index.html", Path.mkdir),
                       ("summary.md", Path.mkdir)):
        out = tmp_path / name.replace(".", "_")
        out.mkdir()
        make(out / name)
        res = runner.invoke(app, ["validate", "DX1", "--out", str(out)])
        assert res.exit_code == 2, res.output
        flat = " ".join(res.output.split())
        kind = "a file" if name == "plots" else "a folder"
        assert f"is {kind}, where the command" in flat and name in flat, flat
        assert "Traceback" not in res.output
        assert sorted(p.name for p in out.iterdir()) == [name]  # nothing was written


# ------------------------------------------------------------------ --population FILE
def test_simulate_population_runs_one_patient_per_row(tmp_path):
    """A cohort file whose columns are Patient fields: one subject per row, each starting at
    her own T-score and read with her own risk factors; the terminal shows the population."""
    import numpy as np

    import osteon

    cohort = tmp_path / "cohort.csv"
    cohort.write_text("subject_id,sex,age,t_score_femoral_neck,prior_fracture\n"
                      "007,female,68,-2.6,yes\nb,female,72,-1.5,0\nc,male,75,-2.0,\n")
    out = tmp_path / "run"
    r = runner.invoke(app, ["simulate", "--population", str(cohort), "--treat",
                            "denosumab 60 mg sc once", "--days", "60", "--points", "3",
                            "--out", str(out)], env={"COLUMNS": "200"})
    assert r.exit_code == 0, r.output
    back = osteon.Result.load(out)
    assert back.subject_ids == ("007", "b", "c")  # as written: '007' is not read as 7
    assert back.model.id == "osteon+denosumab"
    assert back.attrs["patients"] == [
        "sex=female age=68 t_score_femoral_neck=-2.6 prior_fracture=yes",
        "sex=female age=72 t_score_femoral_neck=-1.5", "sex=male age=75 t_score_femoral_neck=-2"]
    clin = back.clinical()
    start = clin[clin.time_days == 0.0].set_index("subject_id")
    np.testing.assert_allclose(start.loc[["007", "b", "c"], "t_score_femoral_neck"],
                               [-2.6, -1.5, -2.0], atol=1e-6)
    assert back["age_years"][:, 0] == pytest.approx([68.0, 72.0, 75.0])
    # her risk factors are her row's: T -2.6 with a prior fracture is severe osteoporosis
    assert list(start.who_class) == ["severe osteoporosis", "osteopenia", "osteopenia"]
    # the terminal: medians and 5th-95th percentiles, the start T-score's median of the rows
    assert "Population of 3 subjects, start and end: median [5th, 95th percentile]" in r.output
    row = next(line for line in r.output.splitlines() if "T femoral neck" in line)
    lo, mid, hi = np.quantile([-2.6, -1.5, -2.0], [0.05, 0.5, 0.95])
    assert f"{mid:+.2f} [{lo:+.2f}, {hi:+.2f}]" in row
    bmd = next(line for line in r.output.splitlines() if "BMD femoral neck" in line)
    change = 100 * (back["bmd_femoral_neck"][:, -1] / back["bmd_femoral_neck"][:, 0] - 1)
    lo, mid, hi = np.quantile(change, [0.05, 0.5, 0.95])
    assert bmd.rstrip(" │").endswith(f"{mid:+.1f} [{lo:+.1f}, {hi:+.1f}]") and mid > 0
    assert "CTX [ng/mL, IDS-iSYS]" in r.output and "hip fracture, 10 y [%]" in r.output
    # P1NP, the formation marker a protocol reads beside CTX, with each subject's % change
    p1np = clin.pivot(index="subject_id", columns="time_days", values="p1np_on_assay")
    row = next(line for line in r.output.splitlines() if "P1NP [ng/mL, IDS-iSYS]" in line)
    lo, mid, hi = np.quantile(p1np.iloc[:, 0], [0.05, 0.5, 0.95])
    assert f"{mid:.1f} [{lo:.1f}, {hi:.1f}]" in row
    lo, mid, hi = np.quantile(100 * (p1np.iloc[:, -1] / p1np.iloc[:, 0] - 1), [0.05, 0.5, 0.95])
    assert row.rstrip(" │").endswith(f"{mid:+.1f} [{lo:+.1f}, {hi:+.1f}]") and mid < 0
    # the sites the patients did not give are marked as the model's
    assert "T spine*" in r.output and "spine for 3 of 3" in r.output
    # every class here is read by T (WHO): no Z rows, no malignancy to caveat
    assert "│ Z " not in r.output and "caveat:" not in r.output
    summary = json.loads((out / "summary.json").read_text())
    assert [s["subject_id"] for s in summary["subjects"]] == ["007", "b", "c"]
    # the table's numbers are saved too (they were only printed): population.csv
    assert "population.csv to" in r.output
    table = pd.read_csv(out / "population.csv")
    fn = table[(table.variable == "t_score_femoral_neck") & (table["at"] == "start")].iloc[0]
    assert fn["n"] == 3 and fn["q0.5"] == pytest.approx(-2.0, abs=1e-6)
    got = table[(table.variable == "bmd_femoral_neck") & (table["at"] == "change_percent")]
    assert got[["q0.05", "q0.5", "q0.95"]].to_numpy()[0] == pytest.approx(
        np.quantile(change, [0.05, 0.5, 0.95]), rel=1e-12)
    who = table[(table.variable == "who_class") & (table["at"] == "start")]
    assert dict(zip(who.level, who.share, strict=True)) == pytest.approx(
        {"severe osteoporosis": 1 / 3, "osteopenia": 2 / 3})


def test_simulate_population_shows_the_z_scores_class_caption_and_malignancy_caveat(tmp_path):
    """The population table lacked what a single subject's table has: the Z-scores that decide
    the class of a woman before menopause or a man under 50 (ISCD), the class column's
    caption, and the caveat of a malignancy in bone (said once for the population)."""
    import numpy as np

    import osteon
    from osteon.errors import ReadoutCaveatWarning

    cohort = tmp_path / "cohort.csv"
    cohort.write_text("subject_id,sex,age,t_score_lumbar_spine\nA,female,40,-1.5\n"
                      "B,female,70,-2.8\nC,male,45,-2.2\n")
    out = tmp_path / "run"
    with pytest.warns(ReadoutCaveatWarning):
        r = runner.invoke(app, ["simulate", "--population", str(cohort), "--condition",
                                "multiple myeloma", "--days", "60", "--points", "3", "--out",
                                str(out)], env={"COLUMNS": "200"})
    assert r.exit_code == 0, r.output
    with pytest.warns(ReadoutCaveatWarning):  # said again by the result loaded
        clin = osteon.Result.load(out).clinical()
    start = clin[clin.time_days == 0.0].set_index("subject_id")
    # A (premenopausal) and C (a man of 45) are read by Z; B by T
    z = start.loc[["A", "C"], "z_score_lumbar_spine"].to_numpy(dtype=float)
    lo, mid, hi = np.quantile(z, [0.05, 0.5, 0.95])
    row = next(line for line in r.output.splitlines() if line.startswith("│ Z spine"))
    assert f"{mid:+.2f} [{lo:+.2f}, {hi:+.2f}] (n=2)" in row
    text = " ".join(r.output.split())
    assert "│ WHO/ISCD class" in r.output
    assert "Z: the Z-scores of the subjects whose class they decide" in text
    assert "WHO/ISCD class: the densitometric category at that age, not a diagnosis" in text
    assert text.count("caveat: Multiple myeloma bone disease is a malignancy in bone") == 1


def test_simulate_population_of_parameters_without_a_patient(tmp_path):
    """Parameter columns on a model without patients: every variable's start and end."""
    pop = tmp_path / "pop.tsv"
    pop.write_text("k_B\tD_C\n0.1\t2.1e-3\n0.3\t2.6e-3\n")
    r = runner.invoke(app, ["simulate", "--model", "lemaire2004", "--population", str(pop),
                            "--days", "30", "--points", "3", "--set", "I_O=2e5"],
                      env={"COLUMNS": "200"})
    assert r.exit_code == 0, r.output
    assert "Population of 2 subjects" in r.output
    opg = next(line for line in r.output.splitlines() if line.startswith("│ opg [pM]"))
    assert opg.count("[") == 4  # start, end and change, each with its interval


@pytest.mark.parametrize("text,args,needle", [
    (None, [], "--population '{f}': no such file"),
    ("", [], "--population '{f}' is empty; give a header row"),
    ("sex,age\n", [], "--population '{f}' has a header but no rows"),
    ("sex,age,t_scor_femoral_neck\nfemale,70,-2\n", [],
     "--population '{f}': unknown population column 't_scor_femoral_neck' (did you mean "
     "'t_score_femoral_neck'?): a column names a parameter of model 'osteon', a Patient field"),
    ("sex,age\nfemale,70\nfemale,700\n", [],
     "--population '{f}' (rows counted from 0 after the header): population row 1 "
     "(subject_id 1): Patient.age must be between 18 and 100 years; got 700"),
    # one bad cell made pandas read the column as text, and row 0's valid '70' was blamed
    ("subject_id,sex,age,t_score_femoral_neck\na,female,70,-2.7\nb,female,abc,\n", [],
     "--population '{f}' (rows counted from 0 after the header): population row 1 (subject_id "
     "'b'), column 'age' takes a number (age in years, 18 to 100; an empty cell for a value not "
     "given); got 'abc'"),
    ("subject_id,sex,age,t_score_femoral_neck\na,female,70,-2.7\nb,female,75,x\n", [],
     "population row 1 (subject_id 'b'), column 't_score_femoral_neck' takes a number (the "
     "T-score at the femoral neck; an empty cell for a value not given); got 'x'"),
    ("sex,age,menopause_age\nfemale,70,50\nfemale,60,49\nfemale,65,fifty\n", [],
     "population row 2 (subject_id 2), column 'menopause_age' takes a number (age at menopause "
     "in years, 30 to 65; an empty cell for a value not given); got 'fifty'"),
    ("denosumab_kel\n0.01\n-1\n", ["--patient", "female, age 68", "--treat",
                                   "denosumab 60 mg sc once"],
     "(population row 1 (subject_id 1)); got -1"),
    ("age_start\n60\n", ["--patient", "female, age 68"],
     "population columns ['age_start'] are set by the patient ('age_start' by her age)"),
    ("sex,age,age\nfemale,70,71\n", [], "column 'age' is given more than once"),
    (",sex,age\n0,female,70\n", [], "column 1 of the header has no name"),
    # pandas read the extra field as a row label: sex 70, age 3
    ("sex,age\nfemale,70,3\n", [], "--population '{f}': line 2 has 3 fields, the header 2"),
    # --compare with --population is a virtual trial (tests/test_population_arms.py); the
    # population file is still read, and refused, as a single --population run's is
    ("sex,age,age\nfemale,70,71\n", ["--compare", "none", "--compare",
                                      "denosumab 60 mg sc once"],
     "column 'age' is given more than once"),
])
def test_simulate_population_file_errors_name_the_file_column_and_row(tmp_path, text, args,
                                                                        needle):
    f = tmp_path / "cohort.csv"
    if text is not None:
        f.write_text(text)
    r = runner.invoke(app, ["simulate", "--population", str(f), "--days", "10", "--points", "3",
                            *args])
    assert r.exit_code == 2, r.output
    lines = r.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), r.output
    assert needle.format(f=f) in lines[0]


def test_population_file_numbers_written_as_text_are_numbers():
    """A Patient column read as text (one cell pandas could not read as a number) keeps its
    numbers: '70' is 70, an empty cell a value not given; text that is no number is refused."""
    import numpy as np

    from osteon.cli.population import _patient_numbers
    from osteon.errors import InputError

    frame = pd.DataFrame({"sex": ["female"] * 3, "age": ["70", " 71.5 ", None],
                          "bmd_femoral_neck": ["0.61", np.nan, "6.1e-1"], "D_C": ["x", "y", "z"]})
    out = _patient_numbers(frame, "--population 'p.csv'")
    assert out["age"].tolist()[:2] == [70.0, 71.5] and np.isnan(out["age"].iloc[2])
    assert out["bmd_femoral_neck"].tolist()[::2] == [0.61, 0.61]
    assert out["D_C"].tolist() == ["x", "y", "z"]  # a parameter column: the simulation checks it
    for bad in ("1_000", "70 years", "0x46"):
        frame = pd.DataFrame({"sex": ["female"], "age": [bad]})
        with pytest.raises(InputError, match=rf"row 0 \(subject_id 0\), column 'age' takes a "
                                             rf"number .*; got '{bad}'"):
            _patient_numbers(frame, "--population 'p.csv'")


def test_simulate_population_file_types(tmp_path):
    import numpy as np

    (tmp_path / "cohort.xlsx").write_text("sex,age\nfemale,70\n")
    r = runner.invoke(app, ["simulate", "--population", str(tmp_path / "cohort.xlsx")])
    assert r.exit_code == 2 and "unknown file type '.xlsx'; give a .csv, .tsv (or .tab) or " \
        ".parquet file" in r.output
    (tmp_path / "bad.parquet").write_text("not parquet")
    r = runner.invoke(app, ["simulate", "--population", str(tmp_path / "bad.parquet")])
    assert r.exit_code == 2 and "cannot be read as PARQUET" in r.output
    # a Parquet table runs as its CSV does, its values exact
    pd.DataFrame({"subject_id": ["x", "y"], "k_B": [0.1, 0.1 + 1e-12]}).to_parquet(
        tmp_path / "pop.parquet")
    r = runner.invoke(app, ["simulate", "--model", "lemaire2004", "--population",
                            str(tmp_path / "pop.parquet"), "--days", "5", "--points", "2",
                            "--out", str(tmp_path / "out")])
    assert r.exit_code == 0, r.output
    import osteon

    back = osteon.Result.load(tmp_path / "out")
    assert list(back.parameters.k_B) == [0.1, 0.1 + 1e-12] and back.subject_ids == ("x", "y")
    assert np.all(np.isfinite(back["R"]))


def test_simulate_population_saves_each_whole_year_and_its_readouts(tmp_path):
    """A protocol reads BMD change at 12 and 24 months; a population run saved only --points
    evenly spaced times (3 over 400 days: none at 12 months) and showed start and end: it now
    saves each whole year, as --compare does, and population.csv gives each year's readouts
    and % change."""
    import numpy as np

    import osteon

    pop = tmp_path / "cohort.csv"
    pop.write_text("sex,age\nfemale,65\nfemale,72\n")
    out = tmp_path / "out"
    r = runner.invoke(app, ["simulate", "--population", str(pop), "--days", "400", "--points",
                            "3", "--out", str(out)])
    assert r.exit_code == 0, r.output
    back = osteon.Result.load(out)
    np.testing.assert_allclose(back.times, [0.0, 200.0, 365.25, 400.0])
    table = pd.read_csv(out / "population.csv")
    spine = table[table.variable == "bmd_lumbar_spine"].set_index("at")
    assert list(spine.index) == ["start", "year_1", "end", "change_percent_year_1",
                                 "change_percent"]
    y = back["bmd_lumbar_spine"]
    assert spine.loc["year_1", "q0.5"] == pytest.approx(np.median(y[:, 2]), rel=1e-12)
    assert spine.loc["change_percent_year_1", ["q0.05", "q0.5", "q0.95"]].to_numpy(
        dtype=float) == pytest.approx(np.quantile(100 * (y[:, 2] / y[:, 0] - 1),
                                                  [0.05, 0.5, 0.95]), rel=1e-12)
    # where --points holds every whole year already, they are what is saved
    r = runner.invoke(app, ["simulate", "--population", str(pop), "--days", "730.5",
                            "--points", "3", "--out", str(tmp_path / "two")])
    assert r.exit_code == 0, r.output
    assert osteon.Result.load(tmp_path / "two").times.size == 3


def test_simulate_population_on_failure_drop_runs_the_others_and_lists_the_failed(tmp_path):
    """One implausible row stopped a whole --population run with no way to keep the others
    (osteon.simulate has on_failure='drop'; the command line had nothing like it): the error
    now says how, and --on-failure drop runs the others, lists the failed subject with her
    reason and records her in summary.json's status."""
    pop = tmp_path / "cohort.csv"
    pop.write_text("subject_id,sex,age,adipogenic_drift_rate\nok1,female,68,0.02\n"
                   "bad,female,66,1e6\n")
    args = ["simulate", "--population", str(pop), "--days", "30", "--points", "2"]
    r = runner.invoke(app, args)
    assert r.exit_code == 2
    assert "failed for subject 'bad' (1 of 2 failed)" in r.output
    assert "give --on-failure drop to leave the failed subjects out" in r.output
    r = runner.invoke(app, [*args, "--on-failure", "drop", "--out", str(tmp_path / "out")],
                      env={"COLUMNS": "200"})
    assert r.exit_code == 0, r.output
    assert "Population of 1 of 2 subjects (1 failed, not counted)," in r.output
    assert "1 of 2 subjects failed and are left out" in r.output
    assert "subject 'bad' (at day 0): no start: the life course" in r.output
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert [(s["subject_id"], s["status"]) for s in summary["status"]] == [("ok1", "ok"),
                                                                           ("bad", "failed")]
    r = runner.invoke(app, [*args, "--on-failure", "skip"])
    assert r.exit_code == 2 and "--on-failure must be 'raise' or 'drop'; got 'skip'" in r.output


def test_treat_refuses_then_after_a_single_dose_instead_of_giving_both_at_once(tmp_path):
    # '--treat "A x 1 then B"' ran as 'A x 1 and B', both on day 0, without a word
    proc = subprocess.run([sys.executable, "-m", "osteon.cli.app", "simulate", "--patient",
                           "female, age 68", "--years", "0.2", "--treat",
                           "denosumab 60 mg sc x 1 then zoledronic acid 5 mg iv x 1"],
                          capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith("error: ") and len(proc.stderr.strip().splitlines()) == 1
    assert ("'denosumab 60 mg sc x 1' has no length" in proc.stderr
            and "'denosumab 60 mg sc every 6 months x 1 then ...'" in proc.stderr)
    assert proc.stdout == "" and not any(tmp_path.iterdir())


def test_treat_whose_doses_all_fall_after_the_end_warns_the_run_is_untreated(tmp_path):
    # '--treat "... from day 400" --years 1' ran untreated without a word, while --set after
    # the end warns
    proc = subprocess.run([sys.executable, "-m", "osteon.cli.app", "simulate", "--treat",
                           "denosumab 60 mg sc x 1 from day 40", "--days", "30"],
                          capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert ("warning: ignored, at or after the end of the simulation (t=30 d): 1 dose of "
            "denosumab (t=40 d): no dose of the regimen falls inside the run, so the run is "
            "untreated") in proc.stderr


@pytest.mark.parametrize("option", ["--treat", "--regimen"])
def test_sensitivity_takes_treat_as_simulate_does_and_regimen_still(option):
    # simulate took --treat and sensitivity --regimen for the same prescription
    # the prescription is read: its drug's parameter is a factor (refused without it), and the
    # unknown output stops the command before any run
    r = runner.invoke(app, ["sensitivity", option, "denosumab 60 mg sc q6mo x 2", "-p",
                            "denosumab_kel", "-p", "D_RANKL", "--output", "nope", "-n", "4"])
    assert r.exit_code == 2 and "unknown output of 'osteon' 'nope'" in r.output, r.output
    r = runner.invoke(app, ["sensitivity", "-p", "denosumab_kel", "-p", "D_RANKL", "--output", "nope",
                            "-n", "4"])
    assert r.exit_code == 2 and ("unknown parameter 'denosumab_kel' in this sensitivity "
                                 "problem: it is a parameter of drug 'denosumab', which the "
                                 "problem does not prescribe") in r.output, r.output


@pytest.mark.parametrize("args,needle", [
    (["--output", "nope"], "unknown output of 'lemaire2004' 'nope'"),
    (["-p", "D_C=-1:2"], "Parameter 'D_C' of model 'lemaire2004' must be a finite number > 0"),
])
def test_sensitivity_refuses_bad_outputs_and_bounds_before_announcing_the_runs(args, needle,
                                                                               tmp_path):
    # the refusal came after 'sobol: 2 parameters, 16 runs of lemaire2004', as if runs had begun
    r = runner.invoke(app, ["sensitivity", "--model", "lemaire2004", "-p", "k_P", "--output", "C",
                            "--at", "30", "-n", "4", "--n-jobs", "1", "--out", str(tmp_path / "s"),
                            *(args if args[0] == "-p" else ["-p", "D_C", *args])])
    assert r.exit_code == 2 and needle in r.output
    assert "runs of" not in r.output and not (tmp_path / "s").exists()


def test_the_terminal_table_shows_round_off_about_zero_as_zero_and_says_so(capsys):
    """Sweep finding 12: states that start empty or empty again read tiny negatives from the
    solver's round-off (serum denosumab -3.3e-7 ng/mL, SC -8e-52 in the simulate table). The
    values are not clipped (the files keep them); the terminal's table shows a value within
    round-off of zero as 0 and its caption says so."""
    from types import SimpleNamespace

    import numpy as np

    from osteon.cli.app import _print_table

    values = np.array([[[0.0, 1.0], [5000.0, 2.0], [-3.3e-7, 0.5], [2.0, 1.5]]])
    result = SimpleNamespace(model=SimpleNamespace(id="stub"), times=np.array([0, 1, 2, 3.0]),
                             variables=("serum", "cells"), values=values,
                             units={"serum": "ng/mL", "cells": "pM"})
    _print_table(result)
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if "serum" in line)
    cells = [c.strip() for c in row.split("│")[1:-1]]
    assert cells[:6] == ["serum", "ng/mL", "0", "2", "0", "5000"]
    assert "-3.3e-07" not in out
    assert "round-off" in " ".join(out.split()) and "files keep" in " ".join(out.split())
    row = next(line for line in out.splitlines() if "cells" in line)
    assert [c.strip() for c in row.split("│")[1:-1]][4] == "0.5"
    # nothing about zero: no note
    result.values = np.abs(values) + 1.0
    _print_table(result)
    assert "round-off" not in capsys.readouterr().out
