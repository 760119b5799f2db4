"""A team's own targets from a table: osteon validate --targets and osteon calibrate --targets
(user story 9)."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from osteon.cli.app import app
from osteon.errors import InputError
from osteon.validation.table import check_observables, read_targets
from osteon.validation.target import arm

DATA = Path(__file__).parent / "data" / "freedom_ctx.csv"
HEADER = "id,observable,reading,time,value,tolerance,source"


def _write(tmp_path: Path, text: str, name: str = "t.csv") -> Path:
    p = tmp_path / name
    p.write_text(text)
    return p


def test_a_table_becomes_targets_with_scenarios():
    ctx, th = read_targets(DATA)
    assert (ctx.id, ctx.role, ctx.expected, ctx.tolerance, ctx.unit) == (
        "FREEDOM.ctx_6mo", "training", -72.0, 10.0, "%")
    assert ctx.measure.kind == "vs_control" and ctx.measure.observable == "ctx"
    assert ctx.measure.at == pytest.approx(6 * 365.25 / 12)
    assert ctx.scenario.arm.patient == "female, age 72"
    assert ctx.scenario.arm.regimen == "denosumab 60 mg sc x 1"
    assert ctx.scenario.control.regimen is None  # untreated control
    assert th.role == "check" and th.unit == "points" and th.area == "user"
    assert "doi:10.1056/NEJMoa0809493" in th.source


def test_every_problem_of_a_bad_table_is_named_with_its_line_and_column(tmp_path):
    bad = _write(tmp_path, HEADER + "\nA B,bmd_lumbar_spine,changes,soon,x,0,\n"
                 "ok,ctx,value,1 year,0.3,0.1,PMID 1\nok,ctx,value,1 year,0.3,0.1,PMID 1\n")
    with pytest.raises(InputError) as err:
        read_targets(bad)
    text = str(err.value)
    for part in ("line 2, column id", "line 2, column reading", "line 2, column time",
                 "line 2, column value", "line 2, column tolerance", "line 2, column source",
                 "line 4, column id: unique"):
        assert part in text, part


@pytest.mark.parametrize("text,match", [
    ("id,observable\n", "missing column"),
    (HEADER + ",colour\n", "unknown column"),
    (HEADER + "\n", "no rows"),
    (HEADER + ",control_regimen\nx,ctx,change,1 year,-50,10,PMID 1,denosumab 60 mg sc x 1\n",
     "column control_regimen"),
    # a control's conditions on a reading without a control were reported under
    # control_regimen, a column the row left empty
    (HEADER + ",control_conditions\nx,ctx,change,1 year,-50,10,PMID 1,glucocorticoids\n",
     r"column control_conditions: empty unless the reading is against a control \(vs_control, "
     r"points_vs_control\); got 'glucocorticoids'$"),
    (HEADER + ",duration\nx,ctx,change,1 year,-50,10,PMID 1,6 months\n", "column duration"),
    (HEADER + ",role\nx,ctx,change,1 year,-50,10,PMID 1,fit\n", "column role"),
])
def test_bad_tables(tmp_path, text, match):
    with pytest.raises(InputError, match=match):
        read_targets(_write(tmp_path, text))
    with pytest.raises(InputError, match="existing CSV"):
        read_targets(tmp_path / "none.csv")


def test_every_bad_prescription_is_named_with_its_line_and_column(tmp_path):
    bad = _write(tmp_path, HEADER + ",regimen,control_regimen\n"
                 "a,ctx,change,1 year,-50,10,PMID 1,denosumabb 60 mg sc x 1,\n"
                 "b,ctx,change,1 year,-50,10,PMID 1,alendronat 70 mg oral weekly x 52,\n"
                 "c,ctx,vs_control,1 year,-50,10,PMID 1,,zoledronat 5 mg iv x 1\n")
    with pytest.raises(InputError) as err:
        read_targets(bad)
    text = str(err.value)
    for part in ("line 2, column regimen: \"denosumabb", "line 3, column regimen: \"alendronat",
                 "line 4, column control_regimen: \"zoledronat"):
        assert part in text, part
    res = CliRunner().invoke(app, ["validate", "--targets", str(bad)])
    assert res.exit_code == 2 and "line 4, column control_regimen" in res.output


def test_bad_patients_and_conditions_are_refused_when_the_table_is_read(tmp_path):
    bad = _write(tmp_path, HEADER + ",patient,conditions,control_conditions,duration\n"
                 "a,ctx,change,1 year,-5,2,PMID 1,\"female, age 172\",,,\n"
                 "b,ctx,change,1 year,-5,2,PMID 1,,glucocorticoidz 7.5 mg/d; bed rest,,\n"
                 "c,ctx,vs_control,1 year,-5,2,PMID 1,,,glucocorticoids 7.5 furlongs,\n"
                 "d,ctx,change,1 year,-5,2,PMID 1,\"male, age 95\",,,10 years\n"
                 "e,ctx,change,1 year,-5,2,PMID 1,\"female, age 99\",,,\n"
                 "f,ctx,change,1 year,-5,2,PMID 1,\"male, age 60\",surgical menopause,,\n"
                 "g,ctx,change,1 year,-5,2,PMID 1,,bed rest; bed rest 0.5 for 1 month,,\n")
    with pytest.raises(InputError) as err:
        read_targets(bad)
    text = str(err.value)
    for part in ("line 2, column patient: Patient.age must be between 18 and 100 years; got 172",
                 "line 3, column conditions: unknown condition 'glucocorticoidz 7.5 mg/d'",
                 "line 4, column control_conditions: condition 'glucocorticoids 7.5 furlongs'",
                 "line 5, column duration: the patient (male, age 95) would pass the model's "
                 "oldest age, 100 years, before the end: at most 5 years",
                 "line 7, column conditions: condition 'surgical_menopause' ('surgical "
                 "menopause from 0') is for women only, and the patient (male, age 60) is male",
                 "line 8, column conditions: conditions 'bed rest' and 'bed rest 0.5 for 1 "
                 "month' are both 'bed_rest' and overlap"):
        assert part in text, part
    assert "line 6" not in text  # 99 + 1 year is the oldest age itself
    res = CliRunner().invoke(app, ["validate", "--targets", str(bad)])
    assert res.exit_code == 2 and "line 2, column patient" in res.output, res.output
    petab = CliRunner().invoke(app, ["calibrate", "--targets", str(bad), "--estimate",
                                     "gc_emax=0.1:0.9:lin", "--export-petab",
                                     str(tmp_path / "petab")])
    assert petab.exit_code == 2 and "line 2, column patient" in petab.output, petab.output
    assert not (tmp_path / "petab").exists()


def test_observables_are_checked_against_the_model_and_the_drugs(tmp_path):
    good = read_targets(_write(tmp_path, HEADER + ",regimen\nx,denosumab_serum,value,1 month,"
                               "5,2,PMID 1,denosumab 60 mg sc x 1\n"))
    check_observables(good)  # a drug's observable, with the drug prescribed
    with pytest.raises(InputError, match=r"'bmd_spine'.*'denosumab_serum'"):
        read_targets(_write(tmp_path, HEADER + "\nx,bmd_spine,change,1 year,-1,1,PMID 1\n"
                            "y,denosumab_serum,value,1 month,5,2,PMID 1\n", "b.csv"))
    (t,) = good  # targets built in code are checked by check_observables
    bad = [replace(t, measure=replace(t.measure, observable="bmd_spine")),
           replace(t, id="y", scenario=replace(t.scenario, arm=arm()))]
    with pytest.raises(InputError, match=r"x: 'bmd_spine'.*y: 'denosumab_serum'"):
        check_observables(bad)


def test_unknown_observables_are_named_with_the_other_problems_of_the_table(tmp_path):
    bad = _write(tmp_path, HEADER + ",regimen,control_regimen\n"
                 "E.1,bmd_ls,change,1 year,2,1,PMID 1,,\n"
                 "E.2,ctx,change,1 year,2,1,,,\n"
                 "E.3,CTX,change,1 year,2,1,PMID 1,,\n"
                 "E.4,denosumab_serum,value,1 month,5,2,PMID 1,,\n"
                 "E.5,denosumab_serum,vs_control,1 month,5,2,PMID 1,denosumab 60 mg sc x 1,\n"
                 "E.6,denosumab_serum,value,1 month,5,2,PMID 1,denosumabb 60 mg sc x 1,\n"
                 "E.7,bmd_total_hip,change,1 year,2,1,PMID 1,denosumab 60 mg sc x 1,\n")
    with pytest.raises(InputError) as err:
        read_targets(bad)
    text = str(err.value)
    for part in ("t.csv line 2, column observable: a variable of the integrated model",
                 "(did you mean 'bmd_lumbar_spine'?); got 'bmd_ls'",
                 "line 3, column source",  # reported in the same pass
                 "line 4, column observable", "(did you mean 'ctx'?); got 'CTX'",
                 "line 5, column observable", "a variable of denosumab: it needs denosumab in "
                 "the regimen column); got 'denosumab_serum'",
                 "line 6, column observable", "it needs denosumab in both arms' prescriptions",
                 "line 7, column regimen"):
        assert part in text, part
    assert "line 7, column observable" not in text  # the prescription's cell says it all
    assert "line 8" not in text
    res = CliRunner().invoke(app, ["validate", "--targets", str(bad)])
    assert res.exit_code == 2 and "line 2, column observable" in res.output, res.output


def test_the_unit_column_is_checked_and_a_value_is_converted_to_the_observables_unit(tmp_path):
    good = _write(tmp_path, HEADER + ",unit,regimen\n"
                  "a,bmd_lumbar_spine,value,1 year,750,20,PMID 1,mg/cm2,\n"
                  "b,bmd_lumbar_spine,value,1 year,0.75,0.02,PMID 1,,\n"
                  "c,ctx,value,1 year,300,100,PMID 1,pg/mL,\n"
                  "d,cortical_porosity,value,1 year,8,2,PMID 1,%,\n"
                  "e,bmd_total_hip,change,1 year,2,1,PMID 1,%,\n"
                  "f,ctx,points_vs_control,1 year,-30,5,PMID 1,points,denosumab 60 mg sc x 1\n"
                  "g,ctx,vs_control,1 year,-30,5,PMID 1,,denosumab 60 mg sc x 1\n"
                  "h,ctx,value,1 year,1.1,0.35,PMID 1,ug/L,\n"
                  "i,bmd_total_hip,value,1 year,7,0.5,PMID 1,kg/m^2,\n"
                  "j,ctx,value,1 year,0.123456789,0.01,PMID 1,ug/L,\n")
    a, b, c, d, e, f, g, h, i, j = read_targets(good)
    # converted and rounded to the digits given: exactly the decimal, without pint's float
    # noise (300 pg/mL is 0.29999999999999993 ng/mL to pint, 1.1 ug/L 1.0999999999999999)
    assert (a.expected, a.tolerance, a.unit) == (0.75, 0.02, "g/cm^2")
    assert "given as 750 \u00b1 20 mg/cm2, converted to g/cm^2 (to the given significant " \
        "digits)" in a.tolerance_why
    assert (b.expected, b.tolerance, b.unit) == (0.75, 0.02, "g/cm^2")  # not the observable
    assert "converted" not in b.tolerance_why
    assert (c.expected, c.tolerance, c.unit) == (0.3, 0.1, "ng/mL")
    assert (d.expected, d.tolerance, d.unit) == (0.08, 0.02, "dimensionless")
    assert (h.expected, h.tolerance, h.unit) == (1.1, 0.35, "ng/mL")
    assert (i.expected, i.tolerance, i.unit) == (0.7, 0.05, "g/cm^2")
    assert (j.expected, j.tolerance) == (0.123456789, 0.01)  # every digit given is kept
    assert (e.unit, f.unit, g.unit) == ("%", "points", "%")
    bad = _write(tmp_path, HEADER + ",unit\n"
                 "a,bmd_lumbar_spine,change,1 year,2,1,PMID 1,g/cm2\n"
                 "b,ctx,value,1 year,0.3,0.1,PMID 1,mg/cm^2\n"
                 "c,ctx,value,1 year,0.3,0.1,PMID 1,bananas\n"
                 "d,ctx,points_vs_control,1 year,-30,5,PMID 1,%\n"
                 "e,ctx,vs_control,1 year,-30,5,PMID 1,points\n", "b.csv")
    with pytest.raises(InputError) as err:
        read_targets(bad)
    text = str(err.value)
    for part in ("b.csv line 2, column unit: empty or '%': a change reading is in %; got 'g/cm2'",
                 "line 3, column unit: empty or a unit of ctx's dimension (its unit is ng/mL",
                 "got 'mg/cm^2'", "line 4, column unit: a unit pint reads",
                 "line 5, column unit: empty or 'points'", "got '%'",
                 "line 6, column unit: empty or '%': a vs_control reading"):
        assert part in text, part


def test_a_measured_bmd_or_ctx_in_mg_per_cm2_or_pg_per_ml_magnitudes_is_refused(tmp_path):
    """800 for a spine BMD in g/cm^2 is 800 mg/cm^2, 300 for a CTX in ng/mL is 300 pg/mL: the
    table was read as 800 g/cm^2 and fitted; it is refused as a patient's BMD and osteon assess
    --ctx are, with the row, the column, the value and the unit it looks like."""
    bad = _write(tmp_path, "id,patient,observable,reading,time,value,tolerance,source,unit\n"
                 "LS.val,\"female, age 72\",bmd_lumbar_spine,value,1 day,800,50,x,\n"
                 "CTX.val,\"female, age 72\",ctx,value,1 day,300,50,x,\n"
                 "FN.val,,bmd_femoral_neck,value,1 year,0.05,0.01,x,\n"
                 "CTX.conv,,ctx,value,1 year,0.3,0.1,x,ug/mL\n"
                 "LS.ok,,bmd_lumbar_spine,value,1 year,800,50,x,mg/cm2\n"
                 "CTX.ok,,ctx,value,1 year,300,100,x,pg/mL\n"
                 "LS.change,,bmd_lumbar_spine,change,1 year,800,50,x,\n", "mg.csv")
    with pytest.raises(InputError) as err:
        read_targets(bad)
    text = str(err.value)
    for part in ("mg.csv line 2, column value: row 'LS.val', a measured bmd_lumbar_spine: value "
                 "at lumbar_spine must be between 0.2094 and 2.147 g/cm\u00b2",
                 "BMD is in g/cm\u00b2, not mg/cm\u00b2", "got 800.0; a value in another unit may "
                 "name it in the unit column (e.g. mg/cm^2)",
                 "mg.csv line 3, column value: row 'CTX.val', a measured ctx: value must be a "
                 "serum CTX in ng/mL, > 0 and <= 10 ng/mL", "got 300.0: 300 looks like pg/mL",
                 "so give value=0.3", "(e.g. pg/mL)",
                 "mg.csv line 4, column value: row 'FN.val'", "got 0.05",
                 "mg.csv line 5, column value: row 'CTX.conv'", "got 300.0",
                 "that is the cell's 0.3 ug/mL in ng/mL: check the unit column"):
        assert part in text, part
    for line in (6, 7, 8):  # converted from the unit given; a change is a %, not a BMD
        assert f"line {line}" not in text, text
    petab = CliRunner().invoke(app, ["calibrate", "--targets", str(bad), "--estimate",
                                     "gc_emax=0.1:0.9:lin", "--export-petab",
                                     str(tmp_path / "petab")])
    assert petab.exit_code == 2 and "row 'LS.val'" in petab.output, petab.output
    assert not (tmp_path / "petab").exists()


def test_cli_validate_runs_the_table():
    res = CliRunner().invoke(app, ["validate", "--targets", str(DATA), "--json"])
    assert res.exit_code == 0, res.output
    rows = {r["id"]: r for r in json.loads(res.output)}
    assert set(rows) == {"FREEDOM.ctx_6mo", "FREEDOM.th_12mo"}
    assert rows["FREEDOM.ctx_6mo"]["observed"] < -50.0  # denosumab suppresses CTX
    bad = CliRunner().invoke(app, ["validate", "DM1", "--targets", str(DATA)])
    assert bad.exit_code == 2


@pytest.fixture(scope="module")
def fitted(tmp_path_factory) -> Path:
    """What osteon calibrate writes for the FREEDOM table's training row (--out DIR)."""
    out = tmp_path_factory.mktemp("fitted")
    res = CliRunner().invoke(app, [
        "calibrate", "--targets", str(DATA), "--estimate", "denosumab_bone_access=0.01:1",
        "--starts", "1", "--out", str(out), "--json"])
    assert res.exit_code == 0, res.output
    return out / "freedom_ctx.json"


def test_cli_calibrate_fits_the_table_and_exports_petab(tmp_path, fitted):
    result = json.loads(fitted.read_text())
    assert 0.01 <= result["estimates"]["denosumab_bone_access"] <= 1.0
    assert result["readings"]["FREEDOM.ctx_6mo"] == pytest.approx(-72.0, abs=1.0)
    assert "FREEDOM.th_12mo" not in result["readings"]  # check rows are not fitted
    # the record says what was fitted: the table, and each row's experiment and reading (it
    # kept only the published values and tolerances, so the fit could not be rerun from it)
    assert result["description"] == "your targets from freedom_ctx.csv"
    assert list(result["targets"]) == ["FREEDOM.ctx_6mo"]
    row = result["targets"]["FREEDOM.ctx_6mo"]
    assert row["scenario"]["arm"]["regimen"] == "denosumab 60 mg sc x 1"
    assert row["scenario"]["arm"]["patient"] == "female, age 72"
    assert row["scenario"]["control"]["regimen"] is None  # the untreated control
    assert (row["measure"]["kind"], row["measure"]["observable"]) == ("vs_control", "ctx")
    assert row["measure"]["at"] == pytest.approx(6 * 365.25 / 12)
    assert (row["time"], row["unit"]) == ("6 months", "%")
    assert "doi:10.1056/NEJMoa0809493" in row["source"]
    petab = CliRunner().invoke(app, ["calibrate", "--targets", str(DATA), "--estimate",
                                     "denosumab_bone_access=0.01:1", "--export-petab",
                                     str(tmp_path / "petab")])
    assert petab.exit_code == 0, petab.output
    assert (tmp_path / "petab" / "freedom_ctx" / "measurements.tsv").exists()
    for args, match in ((["--estimate", "denosumab_bone_access=0.01"], "NAME=LOWER:UPPER"),
                        ([], "at least one --estimate"),
                        (["--estimate", "denosumab_bone_access=0.01:1", "--write-estimates"],
                         "--write-estimates")):
        bad = CliRunner().invoke(app, ["calibrate", "--targets", str(DATA), *args])
        assert bad.exit_code == 2 and match in bad.output, (args, bad.output)


def test_cli_calibrate_shows_each_fitted_reading_with_its_unit(tmp_path):
    # a value row given in pg/mL is fitted in ng/mL, the observable's unit: the fit table
    # showed '0.2' for the 200 pg/mL the table gave, with no unit beside it
    from rich.console import Console

    from osteon import calibrate
    from osteon.cli.calibrate import _print_result

    table = _write(tmp_path, HEADER + ",regimen,unit\n"
                   "U.ctx,ctx,value,6 months,200,50,PMID 1,denosumab 60 mg sc x 1,pg/mL\n"
                   "U.ls,bmd_lumbar_spine,change,6 months,3,0.5,PMID 1,denosumab 60 mg sc x 1,\n")
    targets = tuple(read_targets(table))
    problem = calibrate.CalibrationProblem(
        "t", "d", (calibrate.Estimate("denosumab_bone_access", 0.01, 1.0),), targets)
    start = calibrate.Start(0, [0.5], [0.5], {"denosumab_bone_access": 0.1}, 1.0, 3,
                            "converged", "", 1.0)
    result = calibrate.CalibrationResult(
        "t", {"denosumab_bone_access": 0.1}, 1.0, {"U.ctx": 0.15, "U.ls": 3.2},
        {t.id: t.expected for t in targets}, {t.id: t.tolerance for t in targets}, [start], 0,
        1, "least_squares", {}, {}, {}, "", 1.0)
    console = Console(record=True, width=200)
    _print_result(console, problem, result)
    rows = {}
    for line in console.export_text().splitlines():
        cells = [c.strip() for c in line.replace("┃", "│").split("│")[1:-1]]
        if cells and cells[0] in ("target", "U.ctx", "U.ls"):
            rows[cells[0]] = cells[1:]
    assert rows == {"target": ["observed", "published", "tolerance", "unit", "pass"],
                    "U.ctx": ["0.15", "0.2", "± 0.05", "ng/mL", "miss"],
                    "U.ls": ["3.2", "3", "± 0.5", "%", "pass"]}


def test_cli_calibrate_refuses_a_blocked_result_path_before_solving(tmp_path, monkeypatch):
    # a directory where --out writes the result was found only when the solved result was
    # saved (IsADirectoryError: the run lost); a file where --export-petab puts the problem's
    # folder ended in FileExistsError
    def never(*args, **kwargs):
        raise AssertionError("solved before the paths were checked")

    monkeypatch.setattr("osteon.calibrate.calibrate", never)
    (tmp_path / "out" / "freedom_ctx.json").mkdir(parents=True)
    res = CliRunner().invoke(app, ["calibrate", "--targets", str(DATA), "--estimate",
                                   "denosumab_bone_access=0.01:1", "--out",
                                   str(tmp_path / "out")])
    assert res.exit_code == 2, res.output
    assert "freedom_ctx.json is a directory, where problem freedom_ctx's result is written" \
        in res.output
    (tmp_path / "petab").mkdir()
    (tmp_path / "petab" / "freedom_ctx").write_text("")
    res = CliRunner().invoke(app, ["calibrate", "--targets", str(DATA), "--estimate",
                                   "denosumab_bone_access=0.01:1", "--export-petab",
                                   str(tmp_path / "petab")])
    assert res.exit_code == 2, res.output
    assert "freedom_ctx is a file, where problem freedom_ctx's PEtab tables go" in res.output
    assert not isinstance(res.exception, OSError)


@pytest.mark.parametrize(("estimate", "words"), [
    ("gc_emax=0.1:5", ["estimate 'gc_emax' must lie in its domain (in [0, 1)", "upper 5"]),
    ("gc_emax=0.1:5:lin", ["estimate 'gc_emax' must lie in its domain (in [0, 1)", "upper 5"]),
    ("gc_emax=0:0.5", ["--estimate gc_emax=0:0.5", "log10 scale needs lower > 0"]),
    ("gc_emax=0.5:0.1:lin", ["--estimate gc_emax=0.5:0.1:lin", "lower < upper"]),
])
def test_cli_calibrate_refuses_estimate_bounds_outside_the_domain(tmp_path, estimate, words):
    table = _write(tmp_path, HEADER + ",conditions\nGC.ls,bmd_lumbar_spine,change,1 year,-1.7,1,"
                   "Lems 2016,glucocorticoids 8.7 mg/d\n")
    for extra in (["--list"], ["--export-petab", str(tmp_path / "petab")]):
        res = CliRunner().invoke(app, ["calibrate", "--targets", str(table), "--estimate",
                                       estimate, *extra])
        assert res.exit_code == 2, res.output
        for w in words:
            assert w in res.output, (w, res.output)
    assert not (tmp_path / "petab").exists()


def test_a_spreadsheet_export_with_a_byte_order_mark_and_tabs_reads(tmp_path):
    rows = ["id\tpatient\tregimen\tobservable\treading\ttime\tvalue\ttolerance\tsource",
            "X.ctx\tfemale, age 72\tdenosumab 60 mg sc x 1\tctx\tvs_control\t6 months\t-72"
            "\t10\tCummings 2009, doi:10.1056/NEJMoa0809493"]
    p = tmp_path / "t.tsv"
    p.write_bytes(b"\xef\xbb\xbf" + "\n".join(rows).encode())  # Excel's "UTF-8 (BOM)"
    (t,) = read_targets(p)
    assert t.id == "X.ctx" and t.scenario.arm.patient == "female, age 72"


def test_a_spreadsheets_capitals_and_empty_columns_and_rows_read(tmp_path):
    text = ("ID , Observable,READING,Time,Value,Tolerance,Source,,\n"
            "C.1,ctx,change,1 year,-2,1,PMID 1,,\n"
            ",,,,,,,,\n"
            "\n"
            "C.2,ctx,change,1 year,-2,1,\"PMID 1,\nfigure 2\",,\n"
            ",,,,,,,,\n")
    c1, c2 = read_targets(_write(tmp_path, text))
    assert (c1.id, c2.id, c2.source) == ("C.1", "C.2", "PMID 1,\nfigure 2")
    # a line number counts the empty lines and the lines of a quoted cell
    bad = _write(tmp_path, text.replace("C.2", "C 2").replace("1,,\n", "1,,x\n", 1)
                 + "C.3,ctx,change,1 year,-2,1,\n", "b.csv")
    with pytest.raises(InputError) as err:
        read_targets(bad)
    msg = str(err.value)
    for part in ("b.csv line 2, column 9 (under an empty header): empty, or a header naming "
                 "the column; got 'x'", "b.csv line 5, column id", "b.csv line 8, column source"):
        assert part in msg, part
    longer = _write(tmp_path, HEADER + "\nA.1,ctx,change,1 year,-2,1,PMID 1,,extra\n", "l.csv")
    with pytest.raises(InputError, match=r"l.csv line 2, column 9 \(beyond the header\)"):
        read_targets(longer)


@pytest.mark.parametrize(("name", "text", "words"), [
    ("t.csv", HEADER.replace(",", ";") + "\nS.1;ctx;change;1 year;-2;1;PMID 1\n",
     ["with ';' in it: the columns are not separated by commas", "save it again with commas"]),
    ("t.csv", HEADER.replace(",", "\t") + "\nS.1\tctx\tchange\t1 year\t-2\t1\tPMID 1\n",
     ["with tabs in it", "name it .tsv"]),
    ("t.tsv", HEADER + "\nS.1,ctx,change,1 year,-2,1,PMID 1\n",
     ["with commas in it: the columns are not separated by tabs", "name it .csv"]),
    ("t.csv", HEADER + ",Control Regimen,colour\n",
     ["unknown column(s) 'Control Regimen' (did you mean 'control_regimen'?), 'colour'"]),
    ("t.csv", HEADER + ",ID\n", ["named more than once id"]),
    # a trial's digitized results come with SEs: the column they went in was refused as
    # unknown without a word on where an SE goes
    ("t.csv", HEADER.replace("tolerance", "SE") + "\n",
     ["missing column(s) tolerance", "unknown column(s) 'SE' (the value's SE or 95 % CI "
      "half-width goes in tolerance: the check's acceptance window and the fit's noise scale"]),
])
def test_a_table_in_the_wrong_form_is_refused_with_the_reason(tmp_path, name, text, words):
    with pytest.raises(InputError) as err:
        read_targets(_write(tmp_path, text, name))
    for w in words:
        assert w in str(err.value), (w, str(err.value))



@pytest.mark.parametrize(("name", "data"), [
    # a spreadsheet's 'Unicode text' is UTF-16; a workbook or Parquet file is binary: each
    # ended in a UnicodeDecodeError traceback
    ("u16.csv", (HEADER + "\nA.1,ctx,change,1 year,-2,1,PMID 1\n").encode("utf-16")),
    ("u16.tsv", (HEADER.replace(",", "\t") + "\n").encode("utf-16")),
    ("t.xlsx", b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xff\xfe"),
])
def test_a_file_that_is_not_utf8_text_is_refused_saying_how_to_save_it(tmp_path, name, data):
    p = tmp_path / name
    p.write_bytes(data)
    with pytest.raises(InputError, match=rf"^targets file {re.escape(name)} is not a table of "
                                         r"UTF-8 text \(.+\): save it as CSV UTF-8"):
        read_targets(p)
    res = CliRunner().invoke(app, ["validate", "--targets", str(p)])
    assert res.exit_code == 2 and "save it as CSV UTF-8" in res.output, res.output
    assert "Traceback" not in res.output


def test_a_bare_time_is_refused_unless_the_header_names_its_unit(tmp_path):
    bare = _write(tmp_path, HEADER + ",duration\n"
                  "B.1,ctx,change,6,-2,1,PMID 1,\n"
                  "B.2,ctx,change,6 months,-2,1,PMID 1,12\n"
                  "B.3,ctx,change,0.5 years,-2,1,PMID 1,\n")
    with pytest.raises(InputError) as err:
        read_targets(bare)
    text = str(err.value)
    for part in ("t.csv line 2, column time: a time with its unit, such as '6 days' or "
                 "'6 months'", "name it in the header instead: 'time (months)'); got '6'",
                 "t.csv line 3, column duration: a time with its unit, such as '12 days' or "
                 "'12 months'"):
        assert part in text, part
    assert "line 4" not in text
    res = CliRunner().invoke(app, ["validate", "--targets", str(bare)])
    assert res.exit_code == 2 and "line 2, column time" in res.output, res.output
    months = 365.25 / 12
    for header, at, shown in (("Time (Months)", 6 * months, "6 months"),
                              ("time_days", 6.0, "6 days"), ("time [weeks]", 42.0, "6 weeks"),
                              ("time (year)", 6 * 365.25, "6 years")):
        table = _write(tmp_path, HEADER.replace("time", header) + ",duration (months)\n"
                       "D.1,ctx,change,6,-2,1,PMID 1,\n"
                       "D.2,ctx,change,3 months,-2,1,PMID 1,9\n"
                       "D.3,ctx,change,1.5,-2,1,PMID 1,100 weeks\n", "d.csv")
        d1, d2, d3 = read_targets(table)
        assert d1.measure.at == pytest.approx(at) and d1.time == shown, header
        assert d1.scenario.duration == pytest.approx(at)  # duration defaults to the time
        assert d2.measure.at == pytest.approx(3 * months) and d2.time == "3 months"
        assert d2.scenario.duration == pytest.approx(9 * months)  # the duration's own unit
        assert d3.scenario.duration == pytest.approx(700.0)  # a cell's unit wins over the header
    for header, words in (("time (furlongs)", ["'time (furlongs)' names the unit 'furlongs'",
                                               "days, weeks, months or years"]),
                          ("time_unit", ["'time_unit' names the unit 'unit'"]),
                          ("time,time (days)", ["named more than once time"])):
        with pytest.raises(InputError) as err:
            read_targets(_write(tmp_path, HEADER.replace("time", header) + "\n", "h.csv"))
        for w in words:
            assert w in str(err.value), (w, str(err.value))


def test_an_arm_that_is_its_own_control_is_refused(tmp_path):
    cols = HEADER + ",regimen,conditions,control_regimen,control_conditions\n"
    same = _write(tmp_path, cols +
                  "S.1,ctx,vs_control,6 months,-50,10,PMID 1,denosumab 60 mg sc x 1,,"
                  "denosumab 60 mg SC once,\n"  # spelled otherwise, the same dose
                  "S.2,ctx,points_vs_control,1 year,-5,2,PMID 1,,glucocorticoids 7.5 mg/d,,"
                  "glucocorticoids 7.5 mg/day\n"
                  "S.3,ctx,vs_control,1 year,0,2,PMID 1,,,,\n"
                  # the third dose falls after the row's end: the same simulation
                  "S.4,ctx,vs_control,6 months,-50,10,PMID 1,denosumab 60 mg sc q6mo x 3,,"
                  "denosumab 60 mg sc q6mo x 2,\n"
                  "D.1,ctx,vs_control,1 year,-50,10,PMID 1,denosumab 60 mg sc x 1,,"
                  "denosumab 30 mg sc x 1,\n"
                  "D.2,ctx,vs_control,1 year,-5,2,PMID 1,,glucocorticoids 7.5 mg/d,,"
                  "glucocorticoids 15 mg/d\n"
                  "D.3,ctx,change,1 year,-5,2,PMID 1,,,,\n")
    with pytest.raises(InputError) as err:
        read_targets(same)
    text = str(err.value)
    for part in ("t.csv line 2: the arm (regimen 'denosumab 60 mg sc x 1', conditions empty: "
                 "none) is the same as its control (control_regimen 'denosumab 60 mg SC once', "
                 "control_conditions empty: none)", "so the vs_control reading is 0 by "
                 "construction",
                 "t.csv line 3: the arm (regimen empty: untreated, conditions 'glucocorticoids "
                 "7.5 mg/d') is the same as its control (control_regimen empty: untreated, "
                 "control_conditions 'glucocorticoids 7.5 mg/day')",
                 "the points_vs_control reading is 0",
                 "t.csv line 4: the arm (regimen empty: untreated, conditions empty: none)",
                 "t.csv line 5: the arm (regimen 'denosumab 60 mg sc q6mo x 3'",
                 "the same doses up to the row's end (182.625 days)"):
        assert part in text, (part, text)
    assert "line 6" not in text and "line 7" not in text and "line 8" not in text
    res = CliRunner().invoke(app, ["validate", "--targets", str(same)])
    assert res.exit_code == 2 and "line 2: the arm" in res.output, res.output


def test_a_simulations_warnings_stay_with_the_row_in_the_report(tmp_path):
    table = _write(tmp_path, HEADER + ",regimen,control_regimen\n"
                   "W.1,ctx,change,1 month,-50,10,PMID 1,denosumab 60000 mg sc x 1,\n"
                   "W.2,ctx,vs_control,1 month,-50,10,PMID 1,denosumab 60 mg sc x 1,"
                   "denosumab 60 ug sc x 1\n"
                   "W.3,ctx,change,1 month,-50,10,PMID 1,denosumab 60 mg sc x 1,\n")
    res = CliRunner().invoke(app, ["validate", "--targets", str(table), "--json"])
    assert res.exit_code == 0, res.output
    rows = {r["id"]: r for r in json.loads(res.output)}
    (high,) = rows["W.1"]["warnings"]
    assert high.startswith("denosumab 60000 mg is 1e+03 times the usual single dose") and \
        high.endswith("check the unit"), high
    (low,) = rows["W.2"]["warnings"]  # the arm's dose is the usual one; the control's is not
    assert low.startswith("control arm: denosumab 60 ug is 0.001 times the usual"), low
    assert rows["W.3"]["warnings"] == []
    assert rows["W.3"]["status"] in ("pass", "miss")
    text = CliRunner().invoke(app, ["validate", "--targets", str(table)])
    assert text.exit_code == 0, text.output
    flat = " ".join(text.output.split())  # the terminal wraps long lines
    assert "warning: denosumab 60000 mg is 1e+03 times the usual single dose" in flat, flat
    assert "warning: control arm: denosumab 60 ug is 0.001 times" in flat, flat
    md = CliRunner().invoke(app, ["validate", "--targets", str(table), "--markdown"])
    assert "- **W.1**: denosumab 60000 mg is 1e+03 times" in md.output, md.output
    assert "**W.3**:" not in md.output


@pytest.mark.parametrize(("text", "digits"), [
    ("750", 3), ("0.020", 2), ("0.02", 1), ("1.50e2", 3), ("-0.0035", 2), ("+12.0", 3),
    ("0", 1), ("7.", 1), ("1.2345678901234567890", 17)])
def test_the_significant_digits_of_a_cell(text, digits):
    from osteon.validation.table import _significant_digits

    assert _significant_digits(text) == digits


def test_check_rows_run_at_the_fitted_values(tmp_path, fitted):
    from osteon import calibrate

    estimate = json.loads(fitted.read_text())["estimates"]["denosumab_bone_access"]
    shipped = calibrate.current_value("denosumab_bone_access")
    assert abs(estimate / shipped - 1.0) > 0.01  # else the test could not tell them apart
    runs = {}
    for extra in ([], ["--parameters", str(fitted)]):
        res = CliRunner().invoke(app, ["validate", "--targets", str(DATA), "--role", "check",
                                       "--json", *extra])
        assert res.exit_code == 0, res.output
        (runs[bool(extra)],) = json.loads(res.output)
    assert runs[True]["id"] == "FREEDOM.th_12mo" and runs[True]["role"] == "check"
    assert runs[True]["parameters"] == {"denosumab_bone_access": estimate}
    assert runs[False]["parameters"] == {}
    assert "denosumab_bone_access=" in runs[True]["scenario"]
    assert runs[True]["observed"] != pytest.approx(runs[False]["observed"], rel=1e-3)
    # the Python way gives the same reading
    checks = [t for t in read_targets(DATA) if t.role == "check"]
    report = calibrate.evaluate_targets(checks, calibrate.read_parameters(fitted))
    assert report.parameters == {"denosumab_bone_access": estimate}
    assert report.outcomes[0].observed == pytest.approx(runs[True]["observed"], rel=1e-12)
    # the training row at the fitted values is what the fit recorded
    res = CliRunner().invoke(app, ["validate", "--targets", str(DATA), "--role", "training",
                                   "--parameters", str(fitted), "--json"])
    (train,) = json.loads(res.output)
    recorded = json.loads(fitted.read_text())["readings"]["FREEDOM.ctx_6mo"]
    assert train["observed"] == pytest.approx(recorded, rel=1e-9)
    text = CliRunner().invoke(app, ["validate", "--targets", str(DATA), "--role", "check",
                                    "--parameters", str(fitted)])
    assert text.exit_code == 0, text.output
    flat = " ".join(text.output.split())
    assert (f"with the parameters of {fitted}: denosumab_bone_access = {estimate:.6g} "
            f"(tables: {shipped:.6g})") in flat, flat
    md = CliRunner().invoke(app, ["validate", "--targets", str(DATA), "--parameters",
                                  str(fitted), "--markdown"])
    # the report names the file the values came from (summary.md and index.html too), so a
    # report kept alone still says which calibration it checked
    assert (f"Parameters replacing the tables' values (from {fitted}): denosumab_bone_access = "
            in " ".join(md.output.split()))


def _result(tmp_path: Path, name: str, data) -> Path:
    p = tmp_path / name
    p.write_text(data if isinstance(data, str) else json.dumps(data))
    return p


def _record(problem: str, estimates, status: str = "converged", **more) -> dict:
    """A result as osteon calibrate writes it (its record: starts, seed, method, versions)."""
    return {"problem": problem, "estimates": estimates, "cost": 0.1,
            "starts": [{"index": 0, "status": status, "message": "", "cost": 0.1}],
            "seed": 0, "method": "least_squares", "versions": {"osteon": "0"}, **more}


def test_read_parameters_reads_calibrates_files_and_refuses_others(tmp_path):
    from osteon.calibrate import read_parameters

    one = _result(tmp_path, "a.json", _record("a", {"gc_emax": 0.5}))
    both = _result(tmp_path, "b.json", {"x": _record("x", {"gc_hill": 1.2}),
                                        "y": _record("y", {"gc_ed50": 30})})
    assert read_parameters(one, both) == {"gc_emax": 0.5, "gc_hill": 1.2, "gc_ed50": 30.0}
    assert read_parameters(one, one) == {"gc_emax": 0.5}  # the same value twice is one value
    failed = {"index": 0, "status": "failed", "message": "target S2: a stand-in", "cost": None}
    for name, data, words in (
            ("c.json", _record("c", {"gc_emax": 0.6}),
             ["problem 'c': estimate 'gc_emax' is 0.6, but parameters file a.json, problem "
              "'a' gives 0.5"]),
            ("d.json", "{not json", ["d.json must be the JSON that osteon calibrate writes",
                                     "it is not JSON"]),
            ("e.json", [1, 2], ["e.json must be", "got list"]),
            ("f.json", {"cost": 1.0, "seed": 0}, ["f.json must be", "got an object with keys "
                                                  "'cost', 'seed'"]),
            ("g.json", {}, ["got an empty object"]),
            ("h.json", '{"problem": "h", "estimates": {"gc_emax": NaN}, "seed": 0, "method": '
                       '"m", "versions": {}, "starts": [{"status": "converged"}]}',
             ["problem 'h': estimate 'gc_emax' must be a finite number; got nan"]),
            ("i.json", _record("i", {"gc_emax": "0.5"}), ["must be a finite number; got '0.5'"]),
            ("j.json", _record("j", {"gc emax": 0.5}), ["must be a parameter name; got "
                                                        "'gc emax'"]),
            ("k.json", _record("k", []), ["'estimates' must map each parameter's name"]),
            ("l.json", _record("l", {"gc_emax": True}), ["must be a finite number; got True"]),
            # hand-written: the README said a file calibrate did not write is refused, and it
            # was read
            ("m.json", {"estimates": {"gc_emax": 0.5}},
             ["parameters file m.json, problem 'm': not a result osteon calibrate wrote: it "
              "lacks 'problem', 'starts', 'seed', 'method', 'versions'", "hand-written"]),
            ("n.json", _record("n", {"gc_emax": 0.5}, starts=[]),
             ["problem 'n': 'starts' must list the starts calibrate ran"]),
            # every start failed: a file written before calibrate refused such a run held the
            # untried start point, with "cost": Infinity (Python's json reads it)
            ("o.json", json.dumps(_record("o", {"gc_emax": 0.5}, starts=[failed],
                                          cost=float("inf"),
                                          failures=["start 0 (gc_emax 0.5): target S2: a "
                                                    "stand-in"])),
             ["problem 'o': every start of this calibration failed, so it has no estimates "
              "(the values it holds are where a start began, never evaluated successfully): "
              "start 0 (gc_emax 0.5): target S2: a stand-in; remove the cause and run osteon "
              "calibrate again"]),
            ("p.json", _record("p", {}, starts=[failed], cost=None),
             ["problem 'p': every start of this calibration failed, so it has no estimates: "
              "start 0: target S2: a stand-in"])):
        with pytest.raises(InputError) as err:
            read_parameters(one, _result(tmp_path, name, data))
        for w in words:
            assert w in str(err.value), (w, str(err.value))
    with pytest.raises(InputError, match="parameters file must be an existing file"):
        read_parameters(tmp_path / "none.json")


def test_cli_validate_refuses_parameters_that_act_nowhere_or_outside_their_domain(tmp_path):
    for estimates, words in (
            ({"denosumab_bone_acess": 0.3}, ["--parameters p.json: 'denosumab_bone_acess' is "
                                             "not a parameter of any target's model, drug or "
                                             "condition (did you mean 'denosumab_bone_access'?)"]),
            ({"denosumab_bone_access": 1.5}, ["'denosumab_bone_access' must lie in its domain "
                                              "(in (0, 1] dimensionless); got 1.5"]),
            ({"gc_emax": 0.5}, ["'gc_emax' is a parameter of condition 'glucocorticoids', which "
                                "none of the targets' arms impose"])):
        p = _result(tmp_path, "p.json", _record("p", estimates))
        res = CliRunner().invoke(app, ["validate", "--targets", str(DATA), "--parameters",
                                       str(p)])
        assert res.exit_code == 2, res.output
        for w in words:
            assert w in " ".join(res.output.split()), (w, res.output)
    bad = _result(tmp_path, "q.json", "[]")
    res = CliRunner().invoke(app, ["validate", "--targets", str(DATA), "--parameters", str(bad)])
    assert res.exit_code == 2 and "q.json must be the JSON that osteon calibrate writes" in \
        " ".join(res.output.split()), res.output
    res = CliRunner().invoke(app, ["validate", "--targets", str(DATA), "--role", "fit"])
    assert res.exit_code == 2 and "--role must be 'training' or 'check'; got 'fit'" in res.output


def test_mass_concentrations_of_molar_observables_are_converted_by_their_molar_mass(tmp_path):
    """US laboratories report PTH in pg/mL and calcium and phosphorus in mg/dL, where the model's
    units are pmol/L and mmol/L; such rows were refused as of another dimension."""
    good = _write(tmp_path, HEADER + ",unit,regimen\n"
                  "a,pth,value,1 year,94.3,9.43,PMID 1,pg/mL,none\n"
                  "b,calcium,value,1 year,10.0,0.4,PMID 1,mg/dL,placebo\n"
                  "c,phosphate,value,1 year,3.5,0.5,PMID 1,mg/dL,\n"
                  "d,calcitriol,value,1 year,41.7,10.0,PMID 1,pg/mL,\n")
    a, b, c, d = read_targets(good)
    assert (a.expected, a.tolerance, a.unit) == (10.0, 1.0, "pmol/L")
    assert (b.expected, b.tolerance, b.unit) == (2.5, 0.1, "mmol/L")  # 3 digits, as 10.0
    assert c.expected == 1.1  # 3.5 mg/dL of phosphorus is 1.13 mmol/L, to the 2 digits given
    assert d.expected == 100.0  # 41.7 pg/mL of calcitriol is 100.1 pmol/L, to 3 digits
    assert a.scenario.arm.regimen is None and b.scenario.arm.regimen is None  # untreated
    bad = _write(tmp_path, HEADER + ",unit\n"
                 "a,ctx,value,1 year,0.3,0.1,PMID 1,pmol/L\n", "b.csv")
    with pytest.raises(InputError, match="its unit is ng/mL"):
        read_targets(bad)  # no molar mass for CTX: a molar unit is still refused


def test_a_change_of_a_drugs_level_is_refused_when_the_table_is_read(tmp_path):
    """A % change from the start of denosumab_serum failed at run time with 'ZeroDivisionError:
    float division by zero': a drug's level is 0 before its first dose."""
    table = _write(tmp_path, HEADER + ",regimen,control_regimen\n"
                   "S.v,denosumab_serum,value,6 months,0.05,0.02,PMID 1,denosumab 60 mg sc x 1,\n"
                   "S.c,denosumab_serum,change,6 months,5,1,PMID 1,denosumab 60 mg sc x 1,\n"
                   "S.p,denosumab_serum,points_vs_control,6 months,5,1,PMID 1,"
                   "denosumab 60 mg sc x 1,denosumab 30 mg sc x 1\n"
                   "S.k,denosumab_serum,vs_control,6 months,5,1,PMID 1,"
                   "denosumab 60 mg sc x 1,denosumab 30 mg sc x 1\n")
    with pytest.raises(InputError) as err:
        read_targets(table)
    text = str(err.value)
    assert ("t.csv line 3, column reading: 'value' for denosumab_serum, which is 0 at the start "
            "(denosumab is not in the body before its first dose): a 'change' reading is the % "
            "change from the start, undefined from 0") in text, text
    assert "got 'change'" in text
    assert "t.csv line 4, column reading: 'value' for denosumab_serum" in text
    assert "got 'points_vs_control'" in text
    assert "line 2" not in text and "line 5" not in text  # a value, and both arms dosed
    res = CliRunner().invoke(app, ["validate", "--targets", str(table)])
    assert res.exit_code == 2 and "line 3, column reading" in res.output


def test_every_drug_variable_is_0_before_the_first_dose():
    """What the table's refusal of a % change of a drug's variable rests on."""
    import numpy as np

    from osteon import drugs
    from osteon.validation.table import _drug_variables

    read = _drug_variables()
    for name in drugs.names():
        d = drugs.get(name)
        # the amounts of drug start at 0; a state that does not (denosumab's total target,
        # relative to its baseline: 1) is not among the variables the refusal covers
        for s in d.states:
            assert (s.name in read) == (s.initial == 0.0), (name, s.name)
        assert any(s.initial == 0.0 for s in d.states) or not d.states, name
        if d.observe is not None:
            start = {s.name: np.full(1, s.initial) for s in d.states}
            p = {q.name: np.array([q.value]) for q in d.parameters}
            for var, v in d.observe(start, p, np).items():
                assert np.all(np.asarray(v) == 0.0), (name, var)


def test_a_relative_reading_of_a_quantity_at_0_says_why_it_cannot_be_made():
    """Where no table stands in between (a target built in Python), the run reports the reason,
    not 'ZeroDivisionError: float division by zero'."""
    from osteon import calibrate
    from osteon.validation.report import run
    from osteon.validation.target import Measure, Scenario, Target, arm, months

    t = Target("S.c", "S", "user", "serum denosumab change", 5.0, "%", "PMID 1", role="training",
               tolerance=1.0, tolerance_why="given",
               scenario=Scenario(arm("denosumab 60 mg sc x 1", patient="female, age 72"),
                                 months(6)),
               measure=Measure("change", "denosumab_serum", months(6)))
    (o,) = run([t]).outcomes
    assert o.status == "error" and o.observed is None
    assert o.reason == ("InputError: a % change reading of denosumab_serum is undefined: "
                        "denosumab_serum is 0 at the start (0 days), so nothing can be relative "
                        "to it (a drug's level is 0 before its first dose); read its 'value' "
                        "instead"), o.reason
    obj = calibrate.Objective(calibrate.CalibrationProblem(
        "s", "d", (calibrate.Estimate("denosumab_kel", 0.005, 0.02),), (t,)))
    ev = obj.evaluate({"denosumab_kel": 0.01})
    assert ev.failure.startswith("target S.c: InputError: a % change reading of "
                                 "denosumab_serum is undefined"), ev.failure


def test_a_patient_younger_than_the_life_course_start_is_refused_when_read(tmp_path):
    """'female, age 20' passed the table check (only the oldest age was checked), then ran as
    an error row with exit code 0: the integrated model's life course starts at 25."""
    bad = _write(tmp_path, HEADER + ",patient,role\n"
                 "a,ctx,change,6 months,-50,10,PMID 1,\"female, age 20\",training\n"
                 "b,ctx,change,6 months,-50,10,PMID 1,\"female, age 25\",training\n")
    message = ("line 2, column patient: the patient's age must be from 25 to 100 years (the "
               "integrated model's life course starts from the young adult at 25); got 20 "
               "('female, age 20')")
    with pytest.raises(InputError) as err:
        read_targets(bad)
    assert message in str(err.value) and "line 3" not in str(err.value)
    res = CliRunner().invoke(app, ["validate", "--targets", str(bad)])
    assert res.exit_code == 2 and message in " ".join(res.output.split()), res.output
    res = CliRunner().invoke(app, ["calibrate", "--targets", str(bad), "--estimate",
                                   "denosumab_bone_access=0.01:1"])
    assert res.exit_code == 2 and message in " ".join(res.output.split()), res.output


def test_the_same_dose_in_another_mass_unit_is_the_same_arm(tmp_path):
    """'denosumab 60000 ug sc x 1' as the control of 'denosumab 60 mg sc x 1' ran ('0 vs 0'):
    the doses were compared field by field, 60 mg against 60000 ug."""
    cols = HEADER + ",regimen,control_regimen\n"
    table = _write(tmp_path, cols +
                   "S.1,ctx,vs_control,6 months,-50,10,PMID 1,denosumab 60 mg sc x 1,"
                   "denosumab 60000 ug sc x 1\n"
                   "S.2,ctx,vs_control,6 months,-50,10,PMID 1,teriparatide 20 ug sc daily,"
                   "teriparatide 0.02 mg sc daily\n"
                   "D.1,ctx,vs_control,6 months,-50,10,PMID 1,denosumab 60 mg sc x 1,"
                   "denosumab 6000 ug sc x 1\n")
    with pytest.raises(InputError) as err:
        read_targets(table)
    text = str(err.value)
    assert ("t.csv line 2: the arm (regimen 'denosumab 60 mg sc x 1', conditions empty: none) "
            "is the same as its control (control_regimen 'denosumab 60000 ug sc x 1'") in text
    assert "t.csv line 3: the arm (regimen 'teriparatide 20 ug sc daily'" in text
    assert "line 4" not in text


def test_a_unitless_pth_calcium_or_phosphate_that_reads_as_another_unit_is_refused(tmp_path):
    """'pth,value,6 months,40,10' was read as 40 pmol/L (ten times the model's PTH), where
    laboratories report PTH in pg/mL (40 pg/mL is 4.2 pmol/L); CTX and BMD were checked."""
    bad = _write(tmp_path, HEADER + ",unit\n"
                 "a,pth,value,6 months,40,10,PMID 1,\n"
                 "b,calcium,value,6 months,9.5,0.5,PMID 1,\n"
                 "c,phosphate,value,6 months,3.5,0.5,PMID 1,\n"
                 "d,pth,value,6 months,4.2,1,PMID 1,\n"        # pmol/L: read
                 "e,pth,value,6 months,40,10,PMID 1,pmol/L\n"  # the unit written: read
                 "f,pth,change,6 months,40,10,PMID 1,\n")      # a % change: no unit question
    with pytest.raises(InputError) as err:
        read_targets(bad)
    text = " ".join(str(err.value).split())
    assert ("line 2, column value: row 'a', a measured pth without a unit is read in pmol/L, up "
            "to 10 pmol/L (adult reference interval 1.6-6.9 pmol/L); got 40: 40 looks like "
            "pg/mL, the unit laboratories also report (40 pg/mL is 4.24 pmol/L); write the unit "
            "in the unit column (pg/mL, or pmol/L if it is meant)") in text
    assert "line 3, column value: row 'b', a measured calcium" in text and "9.5 mg/dL" in text
    assert "line 4, column value: row 'c', a measured phosphate" in text
    assert not any(f"line {n}" in text for n in (5, 6, 7))
