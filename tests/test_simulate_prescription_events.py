"""simulate() given a list that mixes prescriptions with events, as the CLI's --treat with --set:
the drugs composed once, every dose check said, the doses merged with the events."""

import warnings

import numpy as np
import pytest

import osteon
from osteon import Bolus, ParameterStep
from osteon.dosing import Regimen
from osteon.errors import InputError

YEAR = 365.25
START = {"age_start": 65}  # a woman of 65 by the aging model's parameter (no patient: fast)


def _run(regimen, **kw):
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        r = osteon.simulate("osteon", regimen, parameters=START, duration=YEAR, save=41, **kw)
    return r, [str(w.message) for w in said]


def test_prescription_and_step_match_the_cli_treat_and_set():
    from osteon.cli.app import _run as cli_run

    rx = "denosumab 60 mg sc q6mo x 2"
    step = ParameterStep(100, "sclerostin_age_rate", 0.0)
    listed, _ = _run([rx, step])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cli = cli_run("osteon", None, YEAR, ["sclerostin_age_rate=0@100"], ["age_start=65"],
                      "steady_state", 41, treat=rx)
    assert listed.variables == cli.variables
    np.testing.assert_allclose(listed.values, cli.values, rtol=1e-9, atol=0)
    # the step acted (not just the prescription) and the doses were given (not just the step)
    alone, _ = _run(rx)
    stepped, _ = _run(step)
    assert not np.allclose(listed["sclerostin"], alone["sclerostin"], rtol=1e-6)
    assert listed["denosumab_serum"].max() > 0 and "denosumab_serum" not in stepped.variables
    # a Regimen and a tuple read as the text and a list
    again, _ = _run((Regimen.parse(rx), step))
    np.testing.assert_array_equal(again.values, listed.values)


def test_a_step_of_a_drug_parameter_needs_and_gets_the_composed_model():
    r, _ = _run(["denosumab 60 mg sc q6mo x 2", ParameterStep(200, "denosumab_kel", 0.1)])
    base, _ = _run("denosumab 60 mg sc q6mo x 2")
    late = r.times > 200
    assert (r["denosumab_serum"][0, late] < base["denosumab_serum"][0, late]).all()


def test_label_warning_fires_through_the_list_and_two_prescriptions_are_given_together():
    # 13 doses of romosozumab in the year, in two prescriptions: only composed (as +) do they
    # pass the label's 12
    first = "romosozumab 210 mg sc every 4 weeks x 7"
    second = "romosozumab 210 mg sc every 4 weeks x 6 from day 196"
    r, said = _run([first, ParameterStep(50, "sclerostin_age_rate", 0.0), second])
    assert any("13 doses of romosozumab" in s for s in said), said
    _, each = _run([first, ParameterStep(50, "sclerostin_age_rate", 0.0)])
    assert not any("doses of romosozumab in the run" in s for s in each)
    summed, _ = _run([Regimen.parse(first) + Regimen.parse(second),
                      ParameterStep(50, "sclerostin_age_rate", 0.0)])
    np.testing.assert_array_equal(r.values, summed.values)


def test_dose_checks_run_through_the_list():
    rx = "denosumab 60 mg sc q6mo x 2"
    _, stacked = _run([rx, rx, ParameterStep(100, "sclerostin_age_rate", 0.0)])
    _, plus = _run(Regimen.parse(rx) + Regimen.parse(rx))
    dose_lines = [s for s in plus if "denosumab" in s]
    assert dose_lines and all(line in stacked for line in dose_lines)
    _, late = _run(["denosumab 60 mg sc x 1 from day 400",
                    ParameterStep(100, "sclerostin_age_rate", 0.0)])
    assert any("at or after the end" in s and "denosumab" in s for s in late), late


def test_an_event_given_after_the_end_is_still_reported_beside_a_prescription():
    _, said = _run(["denosumab 60 mg sc q6mo x 2", ParameterStep(400, "sclerostin_age_rate", 0.0)])
    assert any("ParameterStep on 'sclerostin_age_rate' at t=400" in s for s in said), said
    # the prescription's own doses past the end are cut by design: not reported as events
    assert not any("Bolus" in s for s in said)


def test_what_cannot_be_combined_is_refused_naming_it():
    class Both:
        def events(self, model):
            return [ParameterStep(100, "sclerostin_age_rate", 0.0)]

    with pytest.raises(InputError, match=r"prescriptions \(text or Regimen\) and events.*Both"):
        osteon.simulate("osteon", ["denosumab 60 mg sc q6mo x 2", Both()], duration=30)
    table = Regimen.parse("denosumab 60 mg sc q6mo x 2").to_frame()
    with pytest.raises(InputError, match=r"different start dates"):
        osteon.simulate("osteon", [
            Regimen.from_frame(table, start_date="2024-01-01"),
            Regimen.from_frame(table, start_date="2024-02-01"),
            ParameterStep(10, "sclerostin_age_rate", 0.0)], duration=30)
    with pytest.raises(InputError, match=r"events \(ParameterStep, Bolus, StateScale\) or "
                                         r"prescriptions"):
        osteon.simulate("lemaire2004", [ParameterStep(10, "I_O", 1.0), 3], duration=30)
    # a dose into a drug's depot without its prescription: the drug is not in the model
    with pytest.raises(osteon.errors.UnknownNameError, match="denosumab_depot"):
        osteon.simulate("osteon", [Bolus(0, "denosumab_depot", 1.0)], duration=30)


def test_an_object_with_drug_events_but_no_prescription_is_told_to_list_the_prescription():
    rx = Regimen.parse("denosumab 60 mg sc q6mo x 2")

    class Both:  # the object route composes no drug: its doses name states the model lacks
        def events(self, model):
            return [*rx.events(model, until=YEAR), ParameterStep(100, "sclerostin_age_rate", 0.0)]

    with pytest.raises(osteon.errors.UnknownNameError,
                       match=r"denosumab_depot.*only a prescription adds to the model"):
        osteon.simulate("osteon", Both(), duration=30)


def test_a_population_sharing_one_adherence_draw_is_warned(tmp_path):
    """Regimen.with_adherence draws the missed doses once from its seed; a population given it
    (in Python or by --treat '... with adherence P seed S') had every subject miss the same
    doses, silently, so adherence added no spread between the virtual subjects: it is warned."""
    import pandas as pd
    from typer.testing import CliRunner

    from osteon.cli.app import app

    rx = Regimen.parse("alendronate 70 mg oral weekly for 1 year").with_adherence(0.5, 3)
    pop = pd.DataFrame({"age_start": [65.0, 70.0]})
    with pytest.warns(osteon.errors.OsteonWarning,
                      match=r"adherence \(0\.5, seed 3\) draws its missed doses once, and all "
                            r"2 subjects of the population take that one draw"):
        r = osteon.simulate("osteon", rx, population=pop, duration=20, save=2)
    assert r.attrs["events"]  # the one draw, for both
    with warnings.catch_warnings():
        warnings.simplefilter("error", osteon.errors.OsteonWarning)
        # one subject, or no adherence: nothing shared to warn of
        osteon.simulate("osteon", rx, population=pop.iloc[:1], duration=20, save=2)
        osteon.simulate("osteon", Regimen.parse("alendronate 70 mg oral weekly for 1 year"),
                        population=pop, duration=20, save=2)
    cohort = tmp_path / "cohort.csv"
    cohort.write_text("sex,age\nfemale,65\nfemale,70\n")
    with pytest.warns(osteon.errors.OsteonWarning,
                      match="all 2 subjects of the population take that one draw"):
        got = CliRunner().invoke(app, ["simulate", "--population", str(cohort), "--treat",
                                       "alendronate 70 mg oral weekly for 1 year with "
                                       "adherence 0.5 seed 3", "--days", "20", "--points", "2"])
    assert got.exit_code == 0, got.output
