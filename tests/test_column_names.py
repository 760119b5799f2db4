"""A trajectory's columns are unique ignoring case, so it goes to a case-insensitive store (an
SQL table, Excel, a file per column on a case-insensitive file system) without a clash.

The integrated model's plasma PTH amount was ``PTH`` (Peterson & Riggs 2010's name) beside its
plasma PTH concentration ``pth``: ``to_sql`` into sqlite failed with a duplicate column. The
amount is now ``PTH_amount``; the former name is still read, with a warning."""

import json
import sqlite3
from collections import Counter

import pandas as pd
import pytest

import osteon
from osteon import drugs
from osteon.errors import OsteonDeprecationWarning
from osteon.library import ids, load


def _clashes(names):
    counts = Counter(n.lower() for n in names)
    return sorted(n for n in names if counts[n.lower()] > 1)


@pytest.mark.parametrize("model", ids())
def test_no_two_columns_of_a_library_model_differ_only_by_case(model):
    r = osteon.simulate(model, duration=10, save=3)
    columns = list(r.to_pandas("wide").columns)
    assert len(columns) > 3
    assert _clashes(columns) == []
    assert _clashes(r.to_pandas("long")["variable"].unique()) == []


def test_every_drug_composed_with_the_model_keeps_names_unique_ignoring_case():
    spec = drugs.compose(load("osteon"), drugs.names())
    names = [*spec.state_names, *spec.observable_names]
    assert len(names) > len(load("osteon").state_names) + len(drugs.names())
    assert _clashes(names) == []


@pytest.fixture(scope="module")
def treated():
    """Drugs of several kinds (both PTH analogs, which feed plasma PTH) and conditions."""
    rx = ("abaloparatide 80 ug sc daily x 5 and teriparatide 20 ug sc daily x 5 and "
          "denosumab 60 mg sc once and raloxifene 60 mg oral daily x 10 and "
          "vitamin D 800 IU oral daily x 10")
    return osteon.simulate("osteon", rx, patient="female, age 66", duration=20, save=5,
                           conditions=["glucocorticoids 7.5 mg/day", "chronic kidney disease"])


def test_a_treated_run_goes_to_sql(treated):
    wide = treated.to_pandas("wide")
    assert {"pth", "PTH_amount", "abaloparatide_depot", "denosumab_serum", "who_class"} \
        <= set(wide.columns)
    assert _clashes(wide.columns) == []
    with sqlite3.connect(":memory:") as db:  # sqlite's column names ignore case
        wide.to_sql("trajectory", db, index=False)
        back = pd.read_sql("SELECT pth, PTH_amount FROM trajectory", db)
    pd.testing.assert_series_equal(back["pth"], wide["pth"], check_names=False)
    pd.testing.assert_series_equal(back["PTH_amount"], wide["PTH_amount"], check_names=False)


def test_the_plasma_pth_amount_is_the_concentration_times_the_volume(treated):
    v1 = treated.parameters["V1"].to_numpy()[:, None]
    pd.testing.assert_frame_equal(pd.DataFrame(treated["PTH_amount"] / v1),
                                  pd.DataFrame(treated["pth"]), rtol=1e-12)
    assert treated.units["PTH_amount"] == "pmol" and treated.units["pth"] == "pmol/L"


def test_the_former_name_is_read_with_a_warning(treated):
    with pytest.warns(OsteonDeprecationWarning, match="'PTH'.*now 'PTH_amount'"):
        old = treated["PTH"]
    assert (old == treated["PTH_amount"]).all()
    # an event naming the former state still doses the renamed one
    kw = {"duration": 2, "save": 3, "initial": "model"}
    with pytest.warns(OsteonDeprecationWarning, match="PTH_amount"):
        a = osteon.simulate("osteon", osteon.Bolus(1.0, "PTH", 500.0), **kw)
    b = osteon.simulate("osteon", osteon.Bolus(1.0, "PTH_amount", 500.0), **kw)
    assert (a.values == b.values).all()
    assert b["pth"][0, -1] != osteon.simulate("osteon", **kw)["pth"][0, -1]


def test_a_result_saved_under_the_former_name_loads(treated, tmp_path):
    treated.save(tmp_path / "run")
    back = osteon.Result.load(tmp_path / "run")
    assert back.variables == treated.variables
    assert (back.values == treated.values).all()
    # as an osteon before the rename wrote it: 'PTH' in the tables and the summary
    summary_path = tmp_path / "run" / "summary.json"
    summary = json.loads(summary_path.read_text())
    record = summary["result"]
    record["variables"] = ["PTH" if v == "PTH_amount" else v for v in record["variables"]]
    record["units"] = {("PTH" if v == "PTH_amount" else v): u for v, u in record["units"].items()}
    summary_path.write_text(json.dumps(summary))
    for name in ("trajectory.parquet", "trajectory.csv"):
        path = tmp_path / "run" / name
        frame = pd.read_parquet(path) if name.endswith("parquet") else pd.read_csv(path)
        frame = frame.rename(columns={"PTH_amount": "PTH"})
        frame.to_parquet(path) if name.endswith("parquet") else frame.to_csv(path, index=False)
    old = osteon.Result.load(tmp_path / "run")
    assert old.variables == treated.variables
    assert dict(old.units) == dict(treated.units)
    assert (old["PTH_amount"] == treated["PTH_amount"]).all()


def test_the_former_name_is_a_variable_of_the_result_with_a_warning(treated):
    with pytest.warns(OsteonDeprecationWarning, match="'PTH'.*now 'PTH_amount'"):
        assert "PTH" in treated
    assert "PTH_amount" in treated and "PTH_typo" not in treated  # no warning for these
    assert 3 not in treated


def test_summarize_reads_the_former_name_as_the_current_one(treated):
    with pytest.warns(OsteonDeprecationWarning, match="'PTH'.*now 'PTH_amount'"):
        old = treated.summarize(variables=["PTH", "pth"])
    new = treated.summarize(variables=["PTH_amount", "pth"])
    pd.testing.assert_frame_equal(old, new)
    assert set(old.variable) == {"PTH_amount", "pth"}
    with pytest.warns(OsteonDeprecationWarning):  # both names: the variable once
        both = treated.summarize(variables=["PTH", "PTH_amount"])
    assert list(both.variable.unique()) == ["PTH_amount"]
    assert len(both) == len(treated.times)


def test_plot_draws_the_former_name_under_the_current_one(treated):
    import matplotlib.pyplot as plt

    with pytest.warns(OsteonDeprecationWarning, match="'PTH'.*now 'PTH_amount'"):
        fig = treated.plot(variables=["PTH"])
    try:
        ax = fig.axes[0]
        assert ax.get_ylabel() == "PTH_amount [pmol]"
        assert (ax.lines[0].get_ydata() == treated["PTH_amount"][0]).all()
    finally:
        plt.close(fig)


def test_a_dose_into_the_former_compartment_doses_the_renamed_state():
    """Dose(cmt='PTH') was taken for the drug's own compartment 'teriparatide_PTH' and refused
    as an unknown state."""
    from osteon.dosing import Dose, Regimen

    kw = {"duration": 2, "save": 3, "initial": "model"}

    def run(route="sc", **cmt):  # a dose into plasma PTH is an iv bolus (test_dose_compartments)
        return osteon.simulate("osteon", Regimen(Dose(1.0, "teriparatide", 20, "ug", route, **cmt)),
                               **kw)

    with pytest.warns(OsteonDeprecationWarning, match="'PTH'.*now 'PTH_amount'"):
        old = run("iv", cmt="PTH")
    new = run("iv", cmt="PTH_amount")
    assert old.variables == new.variables
    assert (old.values == new.values).all()
    # dosed straight into plasma, not into the subcutaneous depot
    assert (new["pth"][0, -1] != run()["pth"][0, -1])


def test_a_sensitivity_output_under_the_former_name_is_read():
    pytest.importorskip("SALib")
    from osteon import sensitivity as sa

    f = (sa.Factor("calcification_rate", 1.0, 2.0), sa.Factor("igf1_gain", 0.01, 0.1))
    p = sa.SensitivityProblem("osteon", f, ("PTH", "PTH_amount"), (10.0,), method="morris", n=2)
    with pytest.warns(OsteonDeprecationWarning, match="'PTH'.*now 'PTH_amount'"):
        res = sa.analyze(p, n_jobs=1)
    old, new = (res.indices[res.indices.output == o].drop(columns="output").reset_index(drop=True)
                for o in ("PTH", "PTH_amount"))
    assert len(old) > 0
    pd.testing.assert_frame_equal(old, new)
