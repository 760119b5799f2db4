"""Bad input through the Python API, and calendar-aware time."""

import dataclasses
import math
import re
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import osteon
from osteon.errors import InputError, UnknownNameError
from osteon.units import DAYS_PER_MONTH, DAYS_PER_YEAR, to_days


def test_unknown_model_and_parameter():
    with pytest.raises(UnknownNameError, match=r"unknown model id 'pivonka2009'.*did you mean 'pivonka2008'"):
        osteon.simulate("pivonka2009")
    with pytest.raises(UnknownNameError, match=r"unknown parameter 'kB' in model 'lemaire2004'.*'k_B'"):
        osteon.simulate("lemaire2004", parameters={"kB": 0.2})
    with pytest.raises(KeyError):  # also a KeyError for mapping-style use
        osteon.models.load("nope")


@pytest.mark.parametrize("value,needle", [
    (math.nan, "got nan"), (math.inf, "got inf"), (-0.1, "got -0.1"), ("abc", "not a number"),
])
def test_parameter_value_domain(value, needle):
    with pytest.raises(InputError, match=r"Parameter 'k_B' of model 'lemaire2004' must be a finite "
                                         r"number > 0 \[1/day\].*" + needle):
        osteon.simulate("lemaire2004", parameters={"k_B": value})


def test_a_drug_parameter_in_a_run_without_the_drug_names_the_drug():
    """A trial's placebo arm run with its treated arm's population (a denosumab_kel column) was
    told only 'unknown population column' (and --param/parameters= 'unknown parameter', with a
    list of the model's own names): the error now says whose parameter it is and what to do,
    as for a parameter of a condition the run does not impose."""
    pop = pd.DataFrame({"sex": ["female"], "age": [68], "denosumab_kel": [0.03]})
    with pytest.raises(UnknownNameError, match=r"unknown population column 'denosumab_kel' in "
                                               r"model 'osteon\+zoledronic_acid': a parameter "
                                               r"of drug 'denosumab', which this run does not "
                                               r"give: a run prescribing denosumab has it; "
                                               r"prescribe the drug, or leave the column out$"):
        osteon.simulate("osteon", "zoledronic acid 5 mg iv x 1", population=pop, duration=10)
    with pytest.raises(UnknownNameError, match=r"unknown parameter 'zoledronic_acid_EC50' in "
                                               r"model 'osteon' \(a parameter of drug "
                                               r"'zoledronic_acid', which this run does not "
                                               r"give: .*prescribe the drug, or leave it out\)"):
        osteon.simulate("osteon", parameters={"zoledronic_acid_EC50": 1.0}, duration=10)
    with pytest.raises(UnknownNameError, match=r"'denosumab_kel' in model 'lemaire2004' \(a "
                                               r"parameter of drug 'denosumab', and drugs act "
                                               r"on the integrated model 'osteon' only"):
        osteon.simulate("lemaire2004", parameters={"denosumab_kel": 0.03}, duration=10)
    # an event's step of it keeps the events' own advice, said once
    with pytest.raises(UnknownNameError) as info:
        osteon.simulate("osteon", [osteon.ParameterStep(10, "denosumab_kel", 0.03)], duration=10)
    assert "only a prescription adds to the model" in str(info.value)
    assert "which this run does not give" not in str(info.value)


def test_an_empty_cell_of_a_parameter_column_is_said_to_be_empty():
    """An empty cell in a Patient column is a value not given, so a user reads one in a
    parameter column the same way; it was refused as 'got nan', a value she never wrote: the
    error now says the cell is empty, what the column needs and the model's value."""
    for empty in (np.nan, None, pd.NA):
        pop = pd.DataFrame({"subject_id": ["a", "b"], "k_B": pd.array([0.1, empty],
                                                                       dtype="object")})
        with pytest.raises(InputError, match=r"^Parameter 'k_B' of model 'lemaire2004' has no "
                                             r"value in population row 1 \(subject_id 'b'\): "
                                             r"the cell is empty \(NaN\); a parameter column "
                                             r"needs a finite number > 0 \[1/day\] in every "
                                             r"row .*the model's is 0\.189\), or leave the "
                                             r"column out$"):
            osteon.simulate("lemaire2004", population=pop, duration=5)
    with pytest.raises(InputError, match=r"\(population row 1 \(subject_id 1\)\); got inf$"):
        osteon.simulate("lemaire2004", population=pd.DataFrame({"k_B": [0.1, np.inf]}),
                        duration=5)


def test_an_empty_cell_of_a_condition_parameter_column_is_said_to_be_empty():
    """As a model parameter's column: a condition's (gc_emax) empty cell was refused as 'got
    nan', a value never written."""
    for empty in (np.nan, None, pd.NA):
        pop = pd.DataFrame({"subject_id": ["a", "b"],
                            "gc_emax": pd.array([empty, 0.3], dtype="object")})
        with pytest.raises(InputError, match=r"^Parameter 'gc_emax' of condition "
                                             r"'glucocorticoids' has no value in population row 0 "
                                             r"\(subject_id 'a'\): the cell is empty \(NaN\); .*"
                                             r"in \[0, 1\) \[dimensionless\] in every row: give "
                                             r"one \(the condition's is 0\.6\d+\), or leave the "
                                             r"column out$"):
            osteon.simulate("osteon", population=pop, conditions="glucocorticoids 7.5 mg/d",
                            duration=30)


def test_population_errors():
    with pytest.raises(UnknownNameError, match=r"unknown parameter 'weight'"):
        osteon.simulate("lemaire2004", population=pd.DataFrame({"weight": [70.0]}))
    # a model that takes a patient: a column may name a Patient field, and the closest is offered
    # ('t_scor_femoral_neck' was offered 'trabecular_share_femoral_neck')
    with pytest.raises(UnknownNameError, match=r"unknown population column 't_scor_femoral_neck' "
                                               r"\(did you mean 't_score_femoral_neck'\?\): a "
                                               r"column names a parameter of model 'osteon', a "
                                               r"Patient field \(sex, age, .*\) or subject_id"):
        osteon.simulate("osteon", duration=10, population=pd.DataFrame(
            {"sex": ["female"], "age": [70], "t_scor_femoral_neck": [-2.0]}))
    with pytest.raises(UnknownNameError, match=r"'subjectid' \(did you mean 'subject_id'\?\)"):
        osteon.simulate("osteon", duration=10, population=pd.DataFrame({"subjectid": ["a"]}))
    # the bad value's row and subject are named (a cohort of 100 said only 'got -1')
    with pytest.raises(InputError, match=r"Parameter 'k_B' of model 'lemaire2004' must be a "
                                         r"finite number > 0 \[1/day\] \(population row 1 "
                                         r"\(subject_id 20\)\); got -1$"):
        osteon.simulate("lemaire2004", population=pd.DataFrame({"subject_id": [10, 20],
                                                                "k_B": [0.1, -1.0]}))
    with pytest.raises(InputError, match=r"\(population row 0 \(subject_id 0\)\); got 'fast' "
                                         r"\(not a number\)"):
        osteon.simulate("lemaire2004", population=pd.DataFrame({"k_B": ["fast", 0.2]}))
    # text that reads as a number is still text: '0.2' ran as 0.2 (float() read it)
    with pytest.raises(InputError, match=r"\(population row 0 \(subject_id 0\)\); got '0.2' "
                                         r"\(text, not a number: give the number itself\)"):
        osteon.simulate("lemaire2004", population=pd.DataFrame({"k_B": ["0.2", "0.3"]}))
    with pytest.raises(InputError, match=r"\(parameters\); got '0.2' \(text, not a number"):
        osteon.simulate("lemaire2004", parameters={"k_B": "0.2"})
    with pytest.raises(InputError, match=r"at least one row"):
        osteon.simulate("lemaire2004", population=pd.DataFrame({"k_B": []}))
    with pytest.raises(InputError, match=r"subject_id must be unique; '1' is given more than once"):
        osteon.simulate("lemaire2004", population=pd.DataFrame({"subject_id": [1, 1], "k_B": [0.1, 0.2]}))
    # a missing id ran, and its subject came back as NaN in every output
    for missing in (None, math.nan):
        with pytest.raises(InputError, match=r"subject_id must name every subject; row 1"):
            osteon.simulate("lemaire2004", duration=5, population=pd.DataFrame(
                {"subject_id": ["a", missing], "k_B": [0.1, 0.2]}))


def test_solver_dict_with_an_unknown_option_is_named():
    with pytest.raises(InputError, match=r"unknown solver option 'methd' \(did you mean 'method'\?\)"):
        osteon.simulate("lemaire2004", duration=5, solver={"methd": "LSODA"})


@pytest.mark.parametrize("duration,needle", [
    (-1, "duration must be > 0 days; got -1"), (0, "duration must be > 0 days; got 0"),
    ("ten years", "duration must be a number of days or a text"), ("3 fortnights", "unknown time unit"),
    (math.nan, "duration must be finite"), (True, "duration must be a time"),
])
def test_bad_durations(duration, needle):
    with pytest.raises(InputError, match=needle):
        osteon.simulate("lemaire2004", duration=duration)


def test_bad_initial_and_regimen():
    with pytest.raises(InputError, match=r"initial value of 'C' must be >= 0 pM"):
        osteon.simulate("lemaire2004", initial={"C": -1.0}, duration=1)
    with pytest.raises(UnknownNameError, match=r"unknown state 'X'"):
        osteon.simulate("lemaire2004", initial={"X": 1.0}, duration=1)
    with pytest.raises(InputError, match=r"regimen must be"):
        osteon.simulate("lemaire2004", 42, duration=1)
    # a text regimen is a prescription: a malformed one names the missing piece
    with pytest.raises(InputError, match=r"ends after word 1; expected the dose amount"):
        osteon.simulate("lemaire2004", "denosumab", duration=1)
    # drugs act on the integrated model's inputs, not on a published reference model's
    with pytest.raises(InputError, match=r"drug 'denosumab' acts on \['rankl_decoy'\].*'osteon'"):
        osteon.simulate("lemaire2004", "denosumab 60 mg sc once", duration=1)
    with pytest.raises(InputError, match=r"ParameterStep 'I_O'.value must be finite"):
        osteon.ParameterStep(0, "I_O", math.nan)
    with pytest.raises(InputError, match=r"Parameter 'I_O'.*got -5"):
        osteon.simulate("lemaire2004", osteon.ParameterStep(0, "I_O", -5), duration=1)


def test_calendar_units():
    assert to_days("1 year") == DAYS_PER_YEAR == 365.25
    assert to_days("6 months") == pytest.approx(6 * 365.25 / 12)
    assert to_days("2 weeks") == 14 and to_days("36 h") == 1.5 and to_days("20") == 20
    from osteon.units import unit_registry

    assert to_days(unit_registry().Quantity(3, "week")) == pytest.approx(21)


@given(st.floats(min_value=0, max_value=1e4, allow_nan=False),
       st.sampled_from(["days", "weeks", "months", "years"]))
def test_duration_text_round_trip(n, unit):
    factor = {"days": 1, "weeks": 7, "months": DAYS_PER_MONTH, "years": DAYS_PER_YEAR}[unit]
    assert to_days(f"{n!r} {unit}") == pytest.approx(n * factor, rel=1e-12, abs=1e-12)


# no deadline: a property of the results, not a timing (each example runs two simulations,
# which a loaded machine can slow past hypothesis's default 200 ms)
@settings(deadline=None)
@given(st.lists(st.floats(min_value=0.01, max_value=50), min_size=1, max_size=4))
def test_parameter_steps_are_order_independent(times):
    evs = [osteon.ParameterStep(t, "I_O", 1e4 * (i + 1)) for i, t in enumerate(times)]
    if len(set(times)) < len(times):  # two values at one time: the order decided, so refused
        with pytest.raises(InputError, match="stepped twice at t="):
            osteon.simulate("lemaire2004", evs, duration=60, save=7)
        return
    a = osteon.simulate("lemaire2004", evs, duration=60, save=7)
    b = osteon.simulate("lemaire2004", list(reversed(evs)), duration=60, save=7)
    np.testing.assert_allclose(a.values, b.values, rtol=1e-12)


def test_a_parameter_stepped_twice_at_one_time_is_refused():
    # the second step silently replaced the first (the CLI already refused --set twice)
    evs = [osteon.ParameterStep(20, "I_P", 1.0), osteon.ParameterStep("20 days", "I_P", 2.0)]
    with pytest.raises(InputError, match=r"parameter 'I_P' is stepped twice at t=20 d \(to 1.0 "
                                         r"and to 2.0\)"):
        osteon.simulate("lemaire2004", evs, duration=60)
    evs[1] = osteon.ParameterStep(21, "I_P", 2.0)  # a schedule: allowed
    assert osteon.simulate("lemaire2004", evs, duration=60).ok


@pytest.mark.parametrize("number", [np.int64(20), np.int32(20), np.float32(20.0), np.uint16(20)])
def test_numpy_scalars_are_numbers_wherever_a_number_is_taken(number):
    # np.int64 (a CSV's integer column, np.arange) and np.float32 were refused as "not a number
    # of days"; every real number counts, a bool does not
    assert to_days(number) == 20.0 and type(to_days(number)) is float
    r = osteon.simulate("lemaire2004", [osteon.ParameterStep(number, "I_O", 2e5),
                                        osteon.Bolus(number, "C", 1e-4)],
                        duration=number * 2)
    assert r.times[-1] == 40.0 and len(r.attrs["events"]) == 2
    assert r.at(number).time_days.iloc[0] == pytest.approx(20.0)
    assert osteon.Solver(rtol=number / 1e7).rtol == pytest.approx(2e-6)
    assert type(osteon.Solver(rtol=number / 1e7).as_dict()["rtol"]) is float  # JSON-safe
    from osteon.dosing import parse

    rx = parse("zoledronic acid 5 mg iv once")
    assert len(rx.to_frame(until=number)) == 1
    assert str(rx.with_adherence(number / 40, np.int64(3))).endswith("adherence 0.5 seed 3")
    for flag in (True, np.bool_(True)):
        with pytest.raises(InputError, match=r"duration must be a .*; got (True|np.True_)"):
            to_days(flag, field="duration")


def test_save_as_a_numpy_integer_is_a_number_of_points():
    # np.int64(10) was read as an array of times ("save times must be a non-empty 1-D array")
    r = osteon.simulate("lemaire2004", duration=90, save=np.int64(10))
    np.testing.assert_allclose(r.times, np.linspace(0, 90, 10))
    r = osteon.simulate("lemaire2004", duration=90, save=np.float32(30))  # a spacing, as 30.0
    np.testing.assert_allclose(r.times, [0, 30, 60, 90])
    with pytest.raises(InputError, match=r"save as a number of points must be between 2 and "
                                         r"1000000 .*got 1"):
        osteon.simulate("lemaire2004", duration=90, save=np.int64(1))
    with pytest.raises(InputError, match=r"save must be a number of points, a spacing or times"):
        osteon.simulate("lemaire2004", duration=90, save=np.bool_(True))


def test_numpy_scalars_are_numbers_in_conditions_and_sensitivity():
    from osteon import conditions
    from osteon import sensitivity as sa
    from osteon.conditions.base import Course

    c = Course(conditions.get("glucocorticoids"), onset_age=np.int64(60))
    assert c.onset_age == 60.0 and type(c.onset_age) is float
    factors = sa.default_factors("lemaire2004", ["k_B"], spread=np.float32(0.5))
    lo_hi = {f.name: (f.lower, f.upper) for f in factors}
    k_b = osteon.models.load("lemaire2004").parameter("k_B").value
    assert lo_hi["k_B"] == (0.5 * k_b, 1.5 * k_b)  # in double precision, not float32's


# ------------------------------------------------------------- counts and Decimal numbers
@pytest.mark.parametrize("count", [np.int64(3), np.int32(3), np.uint8(3), np.float64(3.0), 3.0])
def test_counts_take_numpy_integers_and_whole_numbers(count):
    # np.int64(3) (a CSV's column, np.arange) was refused as 'must be a whole number' where
    # a plain 3 was taken; a count is its value, held as a Python int
    from osteon.dosing import parse
    from osteon.dosing.records import Dose

    d = Dose(0, "denosumab", 60, "mg", "sc", ii="6 months", addl=count)
    assert d.addl == 3 and type(d.addl) is int
    rx = parse("zoledronic acid 5 mg iv once").with_adherence(0.5, count)
    assert str(rx).endswith("adherence 0.5 seed 3")
    node = parse("denosumab 60 mg sc q6mo x 3")._node  # a Repeat of count 3
    rep = dataclasses.replace(node, count=count)
    assert rep.count == 3 and type(rep.count) is int
    assert dataclasses.replace(node.every, n=count).n == 3.0  # a span's length: a real number


@pytest.mark.parametrize("bad", [True, np.True_, 2.5, np.float64(2.5), "3", math.nan, None])
def test_counts_refuse_bools_fractions_and_text_naming_the_field(bad):
    from osteon.dosing import parse
    from osteon.dosing.records import Dose

    shown = repr(bad.item() if isinstance(bad, np.generic) else bad)
    with pytest.raises(InputError, match=r"^Dose\.addl must be a whole number >= 0; got "
                                         + re.escape(shown) + "$"):
        Dose(0, "denosumab", 60, "mg", "sc", ii="6 months", addl=bad)
    with pytest.raises(InputError, match=r"^adherence seed must be a whole number >= 0; got "
                                         + re.escape(shown) + "$"):
        parse("zoledronic acid 5 mg iv once").with_adherence(0.5, bad)
    if bad is not None:  # a Repeat's count of None is no count (open-ended or a length)
        node = parse("denosumab 60 mg sc q6mo x 3")._node
        with pytest.raises(InputError, match=r"^a dose count must be a whole number >= 1; got "
                                             + re.escape(shown) + "$"):
            dataclasses.replace(node, count=bad)


def test_a_negative_numpy_count_is_refused_without_numpys_type():
    from osteon.dosing import parse

    with pytest.raises(InputError, match=r"adherence seed must be a whole number >= 0; got -1$"):
        parse("zoledronic acid 5 mg iv once").with_adherence(0.5, np.int64(-1))


def test_decimal_numbers_are_numbers_wherever_a_number_is_taken():
    # Decimal('20') was refused as 'must be a number of days' (times), 'Patient.age must be a
    # number' and 'Dose.amt must be a number > 0', where a Fraction and np.float32 were taken;
    # parameter values read it already. Every finite Decimal is read as its float.
    from fractions import Fraction

    from osteon.conditions import get
    from osteon.conditions.base import Course
    from osteon.dosing import parse
    from osteon.dosing.records import Dose

    dec = Decimal("20")
    assert to_days(dec) == 20.0 and type(to_days(dec)) is float
    assert to_days(Decimal("1.5"), field="x") == 1.5
    r = osteon.simulate("lemaire2004", [osteon.ParameterStep(dec, "I_O", Decimal("2e5")),
                                        osteon.Bolus(dec, "C", Decimal("1e-4"))],
                        duration=dec * 2, save=3, parameters={"D_C": Decimal("2.1e-3")})
    assert r.times[-1] == 40.0 and len(r.attrs["events"]) == 2
    assert osteon.Patient(sex="female", age=Decimal("65.5")).age == 65.5
    assert osteon.Patient(sex="female", age=Fraction(131, 2)).age == 65.5
    assert Dose(0, "denosumab", Decimal("60"), "mg", "sc").amt == 60.0
    assert parse("zoledronic acid 5 mg iv once").with_adherence(Decimal("0.5"), 1) is not None
    assert osteon.Solver(rtol=Decimal("1e-6")).rtol == 1e-6
    assert type(osteon.Solver(rtol=Decimal("1e-6")).rtol) is float  # JSON-safe in attrs
    c = Course(get("glucocorticoids"), severity=Decimal("5"), onset_age=Decimal("60"))
    assert (c.severity, c.onset_age) == (5.0, 60.0) and type(c.onset_age) is float


@pytest.mark.parametrize("bad", [Decimal("NaN"), Decimal("sNaN"), Decimal("Infinity")])
def test_a_decimal_that_is_no_finite_number_is_refused_naming_the_field(bad):
    from osteon.dosing.records import Dose

    with pytest.raises(InputError, match=r"^duration must be finite; got Decimal"):
        to_days(bad, field="duration")
    with pytest.raises(InputError, match=r"^Patient\.age must be between 18 and 100 years; "
                                         r"got Decimal"):
        osteon.Patient(sex="female", age=bad)
    with pytest.raises(InputError, match=r"^Dose\.amt must be a finite number > 0; got Decimal"):
        Dose(0, "denosumab", bad, "mg", "sc")
    with pytest.raises(InputError, match=r"^Solver\.rtol must be in \(0, 1\); got Decimal"):
        osteon.Solver(rtol=bad)


# ------------------------------------------------------------- a bool is no real value
@pytest.mark.parametrize("flag", [True, np.True_, False])
def test_a_bool_for_a_real_valued_parameter_is_refused_naming_it(flag):
    # parameters={"D_C": True} ran with D_C = 1.0 without a word (float(True) is 1.0)
    msg = (r"^Parameter 'D_C' of model 'lemaire2004' must be a finite number > 0 \[pM/day\] "
           r"\((parameters|population row 1 \(subject_id 1\))\); got " + re.escape(repr(flag))
           + r" \(a bool, not a number\)$")
    with pytest.raises(InputError, match=msg):
        osteon.simulate("lemaire2004", parameters={"D_C": flag}, duration=1, save=2)
    with pytest.raises(InputError, match=msg):  # among numbers, as NumPy makes it 1.0
        osteon.models.load("lemaire2004").resolve_parameters({"D_C": [2e-3, flag]}, 2,
                                                             where="parameters")
    with pytest.raises(InputError, match=msg):
        osteon.simulate("lemaire2004", population=pd.DataFrame({"D_C": [2e-3, flag]},
                                                               dtype=object),
                        duration=1, save=2)
    with pytest.raises(InputError, match=r"^Parameter 'D_C' of model 'lemaire2004' must be .*"
                                         r"\(a bool, not a number\)$"):
        osteon.models.load("lemaire2004").with_parameters(D_C=flag)


def test_a_population_column_of_bools_is_refused_by_its_first_row():
    with pytest.raises(InputError, match=r"'D_C' .*\(population row 0 \(subject_id 0\)\); got "
                                         r"(True|np\.True_) \(a bool, not a number\)$"):
        osteon.simulate("lemaire2004", population=pd.DataFrame({"D_C": [True, False]}),
                        duration=1, save=2)


def test_a_bool_for_an_event_value_or_an_initial_value_is_refused_naming_it():
    with pytest.raises(InputError, match=r"^ParameterStep 'I_O'\.value must be a number \(or "
                                         r"one per subject\); got True$"):
        osteon.ParameterStep(10, "I_O", True)
    with pytest.raises(InputError, match=r"^Bolus 'C'\.amount must be a number .*got "
                                         r"\[1e-05, True\]$"):
        osteon.Bolus(10, "C", [1e-5, True])
    with pytest.raises(InputError, match=r"^StateScale 'C'\.factor must be a number .*got "
                                         r"np\.False_$"):
        osteon.StateScale(10, "C", np.False_)
    with pytest.raises(InputError, match=r"^initial value of 'C' must be a number in pM .*got "
                                         r"True$"):
        osteon.simulate("lemaire2004", initial={"C": True}, duration=1, save=2)
    with pytest.raises(InputError, match=r"^initial array must hold numbers .*a bool"):
        osteon.simulate("lemaire2004", initial=[7.7e-4, 7.3e-4, True], duration=1, save=2)


def test_a_bool_for_a_measured_bmd_or_a_condition_parameter_is_refused():
    from osteon.readouts import densitometry as dxa

    with pytest.raises(InputError, match=r"^bmd at femoral_neck must be .*got \[0\.8, True\]$"):
        dxa.check_bmd([0.8, True], "femoral_neck")
    with pytest.raises(InputError, match=r"Parameter 'gc_emax' .*got True \(a bool, not a "
                                         r"number\)$"):
        osteon.simulate("osteon", conditions=["glucocorticoids"], parameters={"gc_emax": True},
                        duration=1, save=2)


def test_cli_param_refuses_a_word_for_a_number():
    from typer.testing import CliRunner

    from osteon.cli.app import app

    for opt, text in (("--param", "D_C=true"), ("--set", "D_C=True@1")):
        res = CliRunner().invoke(app, ["simulate", "--model", "lemaire2004", "--days", "2",
                                       opt, text])
        assert res.exit_code != 0
        assert f"{opt} D_C: value must be a number in pM/day (the parameter's unit)" in \
            " ".join(res.output.split())
        assert "got 'true'" in res.output.lower()


def test_readouts_take_a_decimal_and_refuse_a_bool_among_numbers():
    # applicable_score's age and a serum CTX refused Decimal('65') ('must be a number'); the
    # T-score and age checks refused True but read [-2.6, True] as [-2.6, 1.0]
    from osteon.readouts import diagnosis, markers

    assert diagnosis.applicable_score("female", Decimal("65"), True) == \
        diagnosis.applicable_score("female", 65, True)
    assert markers.check_serum_ctx(Decimal("0.4")) == 0.4
    with pytest.raises(InputError, match=r"^ctx must be one number, .*got True$"):
        markers.check_serum_ctx(True)
    with pytest.raises(InputError, match=r"^age must be a number of years >= 20; got True$"):
        diagnosis.applicable_score("female", True, True)
    with pytest.raises(InputError, match=r"^T-score must be a number between .*got "
                                         r"\[-2\.6, True\]$"):
        diagnosis.who_class([-2.6, True])
