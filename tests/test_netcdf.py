"""Result.to_xarray() writes to netCDF and reads back: attrs, units, numbers and text readouts."""

import json

import numpy as np
import pandas as pd
import pytest
import xarray as xr

import osteon

# scipy is a dependency of osteon, and xarray's scipy engine writes netCDF-3 without netCDF4
pytest.importorskip("scipy.io")
ENGINE = "scipy"


def _round_trip(result, tmp_path):
    ds = result.to_xarray()
    path = tmp_path / "result.nc"
    ds.to_netcdf(path, engine=ENGINE)
    with xr.open_dataset(path, engine=ENGINE) as f:
        back = f.load()
    assert sorted(back.data_vars) == sorted(ds.data_vars)
    for v in ds.data_vars:
        assert back[v].attrs["units"] == ds[v].attrs["units"], v
        if ds[v].dtype == object:
            assert back[v].values.tolist() == ds[v].values.tolist(), v
        else:
            np.testing.assert_array_equal(back[v].values, ds[v].values, err_msg=v)
    np.testing.assert_array_equal(back["time"].values, result.times)
    assert back["time"].attrs["units"] == "day"
    assert back.attrs == ds.attrs
    return ds, back


def test_a_reference_model_run_without_a_patient_goes_to_netcdf(tmp_path):
    r = osteon.simulate("lemaire2004", duration=10, save=5)
    assert r.attrs["patient"] is None and r.attrs["patients"] is None
    ds, back = _round_trip(r, tmp_path)
    assert "patient" not in back.attrs and "patients" not in back.attrs  # None: left out
    assert back.attrs["model_id"] == "lemaire2004"
    assert json.loads(back.attrs["solver"]) == json.loads(json.dumps(r.attrs["solver"]))
    assert json.loads(back.attrs["conditions"]) == []
    assert "who_class" not in ds  # no areal BMD, no clinical readouts


def test_a_patient_on_a_drug_goes_to_netcdf_with_her_text_readouts(tmp_path):
    r = osteon.simulate("osteon", "denosumab 60 mg sc q6mo x 1", duration=60, save=4,
                        patient="female, age 70, t_score_femoral_neck -2.6, smoker")
    _ds, back = _round_trip(r, tmp_path)
    clin = r.clinical()
    for c in ("who_class", "ctx_status", "risk_factors"):
        assert back[c].dims == ("subject", "time")
        assert back[c].values[0].tolist() == clin[c].tolist(), c
    assert back["who_class"].values[0, 0] == "osteoporosis"
    assert back["risk_factors"].values[0, 0] == "smoker (patient)"
    np.testing.assert_array_equal(back["fracture_risk_10y_hip"].values[0],
                                  clin["fracture_risk_10y_hip"].to_numpy())
    assert back.attrs["patient"] == r.attrs["patient"]
    assert json.loads(back.attrs["patients"]) == r.attrs["patients"]
    assert json.loads(back.attrs["events"]) == r.attrs["events"] and r.attrs["events"]


def test_a_population_goes_to_netcdf(tmp_path):
    pop = pd.DataFrame({"subject_id": ["a", "b"], "D_C": [2.1e-3, 2.6e-3]})
    r = osteon.simulate("lemaire2004", population=pop, duration=10, save=3)
    _ds, back = _round_trip(r, tmp_path)
    assert back["subject"].values.tolist() == ["a", "b"]
    assert back["C"].shape == (2, 3)


def test_a_cohort_of_one_patient_per_row_goes_to_netcdf(tmp_path):
    cohort = pd.DataFrame({"subject_id": ["p", "q"], "sex": ["female", "female"],
                           "age": [70, 62], "t_score_femoral_neck": [-2.7, -1.2]})
    r = osteon.simulate("osteon", population=cohort, duration=30, save=3)
    assert r.attrs["patient"] is None and len(r.attrs["patients"]) == 2
    _ds, back = _round_trip(r, tmp_path)
    assert "patient" not in back.attrs
    assert json.loads(back.attrs["patients"]) == r.attrs["patients"]
    assert back["who_class"].values[:, 0].tolist() == ["osteoporosis", "osteopenia"]
    assert back["risk_factors"].values.shape == (2, 3)


def test_attrs_that_netcdf_cannot_hold_are_written_as_text():
    from osteon.result import _netcdf_attr

    assert _netcdf_attr(True) == "true"
    assert _netcdf_attr(np.int64(3)) == 3 and isinstance(_netcdf_attr(np.int64(3)), int)
    assert _netcdf_attr({"a": [np.float64(1.5), np.int64(2)]}) == '{"a": [1.5, 2]}'
    assert _netcdf_attr(("x", "y")) == '["x", "y"]'


def test_a_markers_assay_scale_is_the_same_in_every_export(tmp_path):
    # ctx and p1np are on the Roche Elecsys scale, ctx_on_assay on the IDS-iSYS: xarray and
    # netCDF say so as summary.json, the long table and Result.units do, in one spelling
    from osteon.units import unit_registry

    r = osteon.simulate("osteon", patient="female, age 65", duration=30, save=3)
    _ds, back = _round_trip(r, tmp_path)
    columns = r.summary()["columns"]
    long = r.to_pandas("long").drop_duplicates("variable").set_index("variable")["unit"]
    for v, assay in (("ctx", "Roche Elecsys"), ("p1np", "Roche Elecsys"),
                     ("ctx_on_assay", "IDS-iSYS"), ("p1np_on_assay", "IDS-iSYS")):
        unit = f"ng/mL ({assay} scale)"
        assert back[v].attrs["units"] == unit and back[v].attrs["scale"] == assay, v
        assert columns[v] == unit and long[v] == unit and r.scales[v] == assay, v
    assert r.units["ctx"] == "ng/mL (Roche Elecsys scale)"
    assert "scale" not in back["bsap"].attrs and back["bsap"].attrs["units"] == "ng/mL"
    # the part before the scale is the model's own unit, which pint reads
    assert r.model.unit_of("ctx") == "ng/mL"
    unit_registry().parse_units(r.model.unit_of("ctx"))
    for v in r.variables:
        assert back[v].attrs["units"] == columns[v] == r.units[v], v


def test_a_result_saved_with_a_bare_marker_unit_reads_back_with_its_scale(tmp_path):
    # summary.json's reload record of an osteon before the scale was in Result.units
    r = osteon.simulate("osteon", patient="female, age 65", duration=30, save=3)
    r.save(tmp_path / "run")
    path = tmp_path / "run" / "summary.json"
    summary = json.loads(path.read_text())
    summary["result"]["units"]["ctx"] = "ng/mL"
    path.write_text(json.dumps(summary))
    back = osteon.Result.load(tmp_path / "run")
    assert back.units["ctx"] == "ng/mL (Roche Elecsys scale)"
    assert dict(back.units) == dict(r.units)
