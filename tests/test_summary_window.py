"""summary() says what it measures (the API sweep's finding 2): a run saved at trial visits
(``save=[100, 365.25]``) gave its day-100 BMD as the 'start' and the change from day 100 as
'change_percent', and a run of 365.25 days saved up to day 100 a 'duration_days' of 100."""

import json

import pytest

import osteon

P = "female, age 68"
RX = "denosumab 60 mg sc once"


@pytest.fixture(scope="module")
def runs():
    return (osteon.simulate("osteon", RX, patient=P, duration=365.25, save=[100, 365.25]),
            osteon.simulate("osteon", RX, patient=P, duration=365.25, save=[0, 100, 365.25]))


def test_a_run_saved_from_day_0_to_its_end_reports_start_end_and_change(runs):
    _, whole = runs
    s = whole.summary()
    ls = s["bmd"]["lumbar_spine"]
    j = whole.variables.index("bmd_lumbar_spine")
    assert ls["start"] == whole.values[0, 0, j] and ls["end"] == whole.values[0, -1, j]
    assert ls["change_percent"] == pytest.approx(100 * (ls["end"] / ls["start"] - 1))
    assert (s["duration_days"], s["first_saved_day"], s["last_saved_day"]) == (365.25, 0.0, 365.25)
    assert set(s["clinical"]) >= {"start", "end"}


def test_a_run_saved_after_day_0_never_calls_a_later_value_its_start(runs):
    visits, whole = runs
    s = visits.summary()
    ls = s["bmd"]["lumbar_spine"]
    assert "start" not in ls and "change_percent" not in ls
    assert ls["first_saved"] == pytest.approx(whole["bmd_lumbar_spine"][0, 1])  # day 100
    assert ls["change_percent_saved"] == pytest.approx(
        100 * (ls["last_saved"] / ls["first_saved"] - 1))
    assert s["first_saved_day"] == 100.0 and s["duration_days"] == 365.25
    assert "start" not in s["subjects"][0]["variables"]["ctx"]
    assert set(s["clinical"]) >= {"first_saved", "last_saved"} and "start" not in s["clinical"]


def test_duration_is_the_simulated_duration_not_the_last_saved_time(tmp_path):
    c = osteon.simulate("lemaire2004", osteon.ParameterStep(200, "I_O", 2e5), duration=365.25,
                        save=[0, 100])
    s = c.summary()
    assert s["duration_days"] == 365.25 and s["last_saved_day"] == 100.0
    assert "last_saved" in s["subjects"][0]["variables"]["B"]
    c.save(tmp_path / "run")
    on_disk = json.loads((tmp_path / "run" / "summary.json").read_text())
    assert on_disk["duration_days"] == 365.25
    assert osteon.Result.load(tmp_path / "run").summary()["duration_days"] == 365.25
