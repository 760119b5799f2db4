"""A model output outside a readout's domain leaves the run readable (the API sweep's finding
6): a valid patient (lumbar spine T +9.5, inside the accepted -10 to 10) on a year of
romosozumab passed T +10, and to_pandas, clinical, summary, save, at and plot all raised an
InputError blaming an input."""

import warnings

import numpy as np
import pytest

import osteon
from osteon.errors import InputError, OsteonWarning
from osteon.readouts import clinical as cl
from osteon.readouts import diagnosis as dx

OUT = "not classed (T-score outside -10 to 10)"


@pytest.fixture(scope="module")
def run():
    return osteon.simulate("osteon", "romosozumab 210 mg sc monthly x 12",
                           patient="female, age 60, t_score_lumbar_spine=9.5", duration="1 year",
                           save=53)


def test_a_simulated_t_score_past_10_is_reported_not_classed_and_warned(run, tmp_path):
    with (pytest.warns(OsteonWarning, match=r"simulated T-score at the lumbar spine reaches "
                                            r"1\d\.\d+.*fracture probabilities are not computed"),
          pytest.warns(OsteonWarning, match=r"simulated lowest T-score reaches 1\d\.\d+, outside "
                                            r"-10 to 10.*who_class is 'not classed")):
        df = run.to_pandas()
    t = df["t_score_lumbar_spine"].to_numpy()
    past = t > 10
    assert past.any() and not past.all()  # the run crosses +10 within the year
    assert (df["who_class"][past] == OUT).all() and (df["who_class"][~past] != OUT).all()
    assert df["fracture_risk_10y_major"][past].isna().all()
    assert df["fracture_risk_10y_major"][~past].notna().all()
    with warnings.catch_warnings():  # said once, when the readouts were made
        warnings.simplefilter("error")
        assert run.summary()["clinical"]["end"]["who_class"] == OUT
        assert run.at(365.25)["who_class"].iloc[0] == OUT
        run.save(tmp_path / "run")
        run.to_xarray()


def test_a_score_given_as_input_outside_the_range_is_still_refused():
    with pytest.raises(InputError, match=r"T-score must be a number between -10 and 10; got 10.5"):
        dx.who_class(10.5)
    with pytest.raises(InputError, match="t_score"):
        osteon.Patient.parse("female, age 60, t_score_lumbar_spine=10.5")


def test_classify_marks_only_the_times_outside():
    age = np.array([60.0, 60.1, 60.2])
    t = {"lumbar_spine": np.array([9.0, 10.2, -10.5])}
    z = {"lumbar_spine": np.full(3, np.nan)}
    with pytest.warns(OsteonWarning, match="at 2 of 3 saved times"):
        out = cl.classify(t, z, age, "female", np.ones(3, bool), False)
    assert list(out) == ["normal", OUT, OUT]
