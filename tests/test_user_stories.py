"""The user stories of the project brief (what people type, what they expect back), end to end.

Stories 1, 6 and 7 are tested beside their features (test_patient_simulation.py, test_clinical.py,
test_aging.py), 5 and 8-10 in test_cli.py, test_validation.py, test_calibrate.py and the parser
tests.
"""

from __future__ import annotations

import json

import numpy as np
from typer.testing import CliRunner

import osteon
from osteon import conditions
from osteon.cli.app import app


def test_story_2_denosumab_rebound_and_zoledronate_blunting_it(tmp_path):
    res = CliRunner().invoke(app, [
        "simulate", "--patient", "female, age 68, t_score_lumbar_spine=-2.9",
        "--compare", "denosumab 60 mg sc q6mo for 5 years",
        "--compare", "denosumab 60 mg sc q6mo for 5 years then zoledronic acid 5 mg iv x 1",
        "--years", "7", "--out", str(tmp_path)])
    assert res.exit_code == 0, res.output
    summary = json.loads((tmp_path / "summary.json").read_text())
    stop, zol = summary["arms"]
    # no untreated arm: each arm says the FNIH surrogate is not computed, and why
    for arm in (stop, zol):
        assert arm["fnih_surrogate"]["status"] == "not computed"
        assert "untreated arm" in arm["fnih_surrogate"]["reason"]
    ls_stop = stop["bmd_change_percent"]["lumbar_spine"]["by_year"]
    ls_zol = zol["bmd_change_percent"]["lumbar_spine"]["by_year"]
    assert ls_stop["5"] > 5.0                        # gained on denosumab
    assert ls_stop["7"] < ls_stop["5"] - 5.0         # lost after stopping (the rebound)
    assert ls_zol["7"] > ls_stop["7"] + 3.0          # a zoledronate infusion blunts the loss
    # the terminal shows the rebound year by year (it showed one line per arm): every whole year,
    # each arm, BMD by site and CTX, the numbers of summary.json
    assert "arms: 1 = denosumab 60 mg sc q6mo for 5 years; 2 = denosumab" in res.output
    rows, year = {}, None
    for line in res.output.splitlines():
        cells = [c.strip() for c in line.split("│")[1:-1]]
        if len(cells) == 6 and cells[1].isdigit():
            year = cells[0] or year
            rows[(year, int(cells[1]))] = cells[2:]
    assert sorted({y for y, _ in rows}, key=int) == [str(y) for y in range(1, 8)]
    for k, arm in ((1, stop), (2, zol)):
        for y in map(str, range(1, 8)):
            want = [arm["bmd_change_percent"][site]["by_year"][y]
                    for site in ("lumbar_spine", "total_hip", "femoral_neck")]
            want.append(arm["marker_change_percent"]["ctx"]["by_year"][y])
            assert rows[(y, k)] == [f"{v:+.1f}" for v in want], (y, k)
    # CTX comes back from its suppression once the last denosumab dose wears off; after the
    # zoledronate infusion it stays suppressed
    ctx_stop = stop["marker_change_percent"]["ctx"]["by_year"]
    ctx_zol = zol["marker_change_percent"]["ctx"]["by_year"]
    assert ctx_stop["7"] > ctx_stop["5"] + 50.0 and ctx_zol["7"] < ctx_stop["7"] - 20.0
    assert (tmp_path / "figure.png").stat().st_size > 10_000


def test_story_3_the_same_in_python():
    patient = osteon.Patient(sex="female", age=68, t_score={"lumbar_spine": -2.9})
    rx = osteon.Regimen.parse("romosozumab 210 mg sc monthly x 12 then alendronate 70 mg oral "
                              "weekly for 2 years")
    result = osteon.simulate("osteon", rx, patient=patient, duration="3 years")
    df = result.to_pandas()
    for col in ("subject_id", "time_days", "bmd_lumbar_spine", "ctx", "p1np"):
        assert col in df.columns
    assert df["bmd_lumbar_spine"].iloc[-1] > df["bmd_lumbar_spine"].iloc[0]
    assert result.plot() is not None


def test_story_4_how_much_of_the_klotho_phenotype_the_opg_rise_explains():
    kw = dict(patient="female, age 40", duration="5 years", save=np.array([0.0, 5 * 365.25]),
              conditions=conditions.courses(["klotho deficiency"]))
    full = osteon.simulate("osteon", **kw)
    no_opg = osteon.simulate("osteon", parameters={"klotho_opg_effect": 0.0}, **kw)
    # the OPG rise is part of the low turnover: without it resorption is higher
    assert no_opg["ctx"][0][-1] > 1.05 * full["ctx"][0][-1]
    assert full["opg"][0][-1] > no_opg["opg"][0][-1]
