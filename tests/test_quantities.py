"""pint Quantities as values: converted to the unit the model declares, or refused.

A Quantity's unit was dropped (its magnitude read as if in the model's unit): 2.1 fM/day ran as
2.1 pM/day, 1000x, and 2.1e-3 kg ran as a rate. Times given as Quantities were converted already.
The Quantities here come from a registry of their own, as a user's do (not osteon's)."""

import numpy as np
import pandas as pd
import pint
import pytest

import osteon
from osteon.errors import InputError
from osteon.model import Parameter
from osteon.units import unit_registry

Q = pint.UnitRegistry().Quantity  # not osteon's registry


def _run(*regimen, **kw):
    return osteon.simulate("lemaire2004", list(regimen) or None, duration=40, save=41, **kw)


def test_a_parameter_given_as_a_quantity_is_converted_to_its_unit():
    plain = _run(parameters={"D_C": 2.1e-3})
    for value in (Q(2.1, "fM/day"), Q(2.1e-3 / 24, "pM/hour"), unit_registry().Quantity(2.1e-3,
                                                                                        "pM/day")):
        r = _run(parameters={"D_C": value})
        assert r.parameters["D_C"].iloc[0] == pytest.approx(2.1e-3, rel=1e-12)
        assert r.attrs["parameter_overrides"]["D_C"] == pytest.approx(2.1e-3, rel=1e-12)
        np.testing.assert_allclose(r.values, plain.values, rtol=1e-9)
    # a value per subject, as one Quantity of an array or a list of Quantities
    pop = pd.DataFrame({"k_B": [0.1, 0.2]})
    for value in (Q(np.array([2.0, 3.0]), "fM/day"), [Q(2.0, "fM/day"), Q(3e-3, "pM/day")]):
        r = osteon.simulate("lemaire2004", population=pop, parameters={"D_C": value}, duration=5)
        assert r.parameters["D_C"].tolist() == pytest.approx([2e-3, 3e-3], rel=1e-12)


def test_a_quantity_of_another_dimension_is_refused_naming_the_parameter_and_its_unit():
    with pytest.raises(InputError, match=r"Parameter 'D_C' of model 'lemaire2004' must be in "
                                         r"pM/day or a unit convertible to it \(\[substance\] / "
                                         r"\[length\] \*\* 3 / \[time\]\) \(parameters\); got "
                                         r"0.0021 kilogram \(\[mass\]\)"):
        _run(parameters={"D_C": Q(2.1e-3, "kg")})
    with pytest.raises(InputError, match=r"Parameter 'D_C' .* must be in pM/day or a unit "
                                         r"convertible to it .*; got 0.5 dimensionless "
                                         r"\(dimensionless\)"):
        _run(parameters={"D_C": Q(0.5, "dimensionless")})
    # inside the unit, outside the domain: the value in the parameter's unit, and as given
    with pytest.raises(InputError, match=r"must be a finite number > 0 \[pM/day\] "
                                         r"\(parameters\); got -0.002 \(given as -2.0 femtomolar / "
                                         r"day\)"):
        _run(parameters={"D_C": Q(-2.0, "fM/day")})


def test_population_columns_of_quantities_are_converted_row_by_row():
    pop = pd.DataFrame({"subject_id": ["a", "b"], "D_C": [Q(2.1, "fM/day"), Q(2.2e-3, "pM/day")]})
    r = osteon.simulate("lemaire2004", population=pop, duration=5)
    assert r.parameters["D_C"].tolist() == pytest.approx([2.1e-3, 2.2e-3], rel=1e-12)
    pop.loc[1, "D_C"] = Q(2.2e-3, "kg")
    with pytest.raises(InputError, match=r"Parameter 'D_C' .* \(population row 1 \(subject_id "
                                         r"'b'\)\); got 0.0022 kilogram"):
        osteon.simulate("lemaire2004", population=pop, duration=5)


def test_a_pint_pandas_column_is_converted():
    pytest.importorskip("pint_pandas")
    pop = pd.DataFrame({"D_C": pd.Series([2.1, 2.2], dtype="pint[fM/day]")})
    r = osteon.simulate("lemaire2004", population=pop, duration=5)
    assert r.parameters["D_C"].tolist() == pytest.approx([2.1e-3, 2.2e-3], rel=1e-12)


def test_a_condition_parameter_given_as_a_quantity_is_converted():
    from osteon import conditions

    course = conditions.courses("glucocorticoids 7.5 mg/d")
    _, own = conditions.split_parameters({"gc_ed50": Q(0.0338, "g/day"),
                                          "gc_emax": Q(50, "percent")}, course)
    assert own == {"gc_ed50": pytest.approx(33.8), "gc_emax": pytest.approx(0.5)}
    with pytest.raises(InputError, match=r"Parameter 'gc_ed50' must be in mg/day .*\(parameters, "
                                         r"condition 'glucocorticoids'\); got 2 day"):
        conditions.split_parameters({"gc_ed50": Q(2, "day")}, course)


def test_percent_and_dimensionless_convert_into_each_other():
    from osteon.units import magnitude_in

    par = Parameter("share", 10.0, "percent", "a share", "assumption: a test parameter only")
    assert par.check(Q(0.25, "dimensionless")) == pytest.approx(25.0)
    # a sequence converts each item: np.asarray(float) would read 0.25 for 0.25 (25 percent)
    assert list(par.magnitude([Q(0.25, "dimensionless"), 3.0])) == [pytest.approx(25.0), 3.0]
    assert magnitude_in(Q(50, "percent"), "dimensionless", what="x") == pytest.approx(0.5)
    assert magnitude_in(2.5, "pM", what="x") == 2.5  # a plain number is in the unit already


def test_event_values_given_as_quantities_are_converted_to_the_models_units():
    plain = _run(osteon.ParameterStep(20, "I_O", 2e5), osteon.Bolus(10, "C", 1e-3))
    r = _run(osteon.ParameterStep(20, "I_O", Q(2e8, "fM/day")), osteon.Bolus(10, "C", Q(1, "fM")))
    np.testing.assert_allclose(r.values, plain.values, rtol=1e-9)
    assert r.attrs["events"] == plain.attrs["events"]  # recorded in the model's units
    # 1 nM is 1000 pM, not 1 pM
    big = _run(osteon.Bolus(10, "C", Q(1, "nM")))
    assert big.at(11)["C"].iloc[0] > 400.0
    np.testing.assert_allclose(big.values, _run(osteon.Bolus(10, "C", 1000.0)).values, rtol=1e-9)
    half = _run(osteon.StateScale(10, "C", Q(50, "percent")))
    np.testing.assert_allclose(half.values, _run(osteon.StateScale(10, "C", 0.5)).values,
                               rtol=1e-12)


def test_event_values_of_another_dimension_are_refused():
    with pytest.raises(InputError, match=r"Parameter 'I_O' of model 'lemaire2004' must be in "
                                         r"pM/day .*\(step at t=20 d\); got 200000.0 kilogram"):
        _run(osteon.ParameterStep(20, "I_O", Q(2e5, "kg")))
    with pytest.raises(InputError, match=r"Bolus 'C'.amount of model 'lemaire2004' must be in pM "
                                         r"or a unit convertible to it .*\(at t=10 d\); got "
                                         r"0.001 kilogram \(\[mass\]\)"):
        _run(osteon.Bolus(10, "C", Q(1e-3, "kg")))
    with pytest.raises(InputError, match=r"StateScale 'C'.factor must be in dimensionless or a "
                                         r"unit convertible to it; got 2 day \(\[time\]\)"):
        osteon.StateScale(10, "C", Q(2, "day"))
    with pytest.raises(InputError, match=r"ParameterStep 'I_O'.value must be finite"):
        osteon.ParameterStep(20, "I_O", Q(float("nan"), "pM/day"))


def test_initial_values_given_as_quantities():
    r = osteon.simulate("lemaire2004", initial={"C": Q(1, "fM")}, duration=5)
    assert r["C"][0, 0] == pytest.approx(1e-3) and r.attrs["initial"] == {"C": pytest.approx(1e-3)}
    with pytest.raises(InputError, match=r"initial value of 'C' of model 'lemaire2004' must be in "
                                         r"pM .*; got 1 kilogram"):
        osteon.simulate("lemaire2004", initial={"C": Q(1, "kg")}, duration=5)
    # an array has one unit per state: a Quantity there is refused, pointing to the mapping
    for initial in (Q(np.ones(3), "pM"), [Q(1, "pM")] * 3):
        with pytest.raises(InputError, match=r"initial as an array takes numbers in each state's "
                                             r"own unit \(R \[pM\], B \[pM\], C \[pM\]\).*mapping"):
            osteon.simulate("lemaire2004", initial=initial, duration=5)


def test_a_slope_unit_reads_as_ng_per_ml_per_ug_per_day():
    # 'ng/mL per ug/day' parsed as ((ng/mL)/ug)/day, a rate of the wrong dimension: a
    # Quantity in the right unit was refused, one in the wrong unit converted (the unit of
    # vitamin D's former linear slope, Heaney 2003's 0.70 nmol/L per ug/day)
    slope = Parameter("slope", 0.70 / 2.496, "ng/mL/(ug/day)", "a steady-state rise per dose "
                      "rate", "assumption: a unit check only")
    per = Q(0.70, "nmol/L") / Q(1, "ug/day") * Q(400.64, "g/mol")  # Heaney 2003, in ng/mL
    assert slope.magnitude(per) == pytest.approx(slope.value, rel=1e-3)
