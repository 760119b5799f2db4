"""The API sweep's cosmetic findings: times as text in a sensitivity problem (#10), case-blind
suggestions (#11)."""

import pandas as pd
import pytest

import osteon
from osteon.dosing import Regimen
from osteon.errors import InputError, UnknownNameError, did_you_mean


def test_a_sensitivity_problem_reads_times_as_text_like_the_cli():
    """times=("1 year",) raised a bare TypeError ('must be real number, not str')."""
    from osteon import sensitivity as sa

    f = (sa.Factor("k_B", 0.1, 0.2), sa.Factor("k_O", 0.1, 0.2))
    p = sa.SensitivityProblem("lemaire2004", f, outputs=("B",), times=("1 year", 30), n=4)
    assert p.times == (365.25, 30.0) == sa.parse_times(["1 year", "30 days"])
    assert sa.SensitivityProblem("lemaire2004", f, "B", "6 months", n=4).times == (182.625,)
    with pytest.raises(InputError, match=r"sensitivity problem: times must be a number of days "
                                         r"or a text such as .*; got 'banana'"):
        sa.SensitivityProblem("lemaire2004", f, outputs=("B",), times=("banana",), n=4)


@pytest.mark.parametrize(("name", "choices", "meant"), [
    ("D_c", ["D_A", "D_C", "D_R"], "D_C"),
    ("I_o", ["I_B", "I_O", "I_R"], "I_O"),
    ("b", ["B", "C", "R"], "B"),
    ("bdf", ["BDF", "LSODA", "Radau"], "BDF"),
    ("ADDL", ["addl", "amt", "ii"], "addl"),
    ("Denosumab_Dep", ["denosumab_depot", "depot"], "denosumab_depot"),
])
def test_suggestions_do_not_count_case(name, choices, meant):
    assert did_you_mean(name, choices) == f" (did you mean '{meant}'?)"


def test_the_callers_suggest_the_name_that_differs_only_in_case():
    with pytest.raises(UnknownNameError, match=r"'D_c'.*did you mean 'D_C'"):
        osteon.simulate("lemaire2004", parameters={"D_c": 1.0}, duration=10)
    with pytest.raises(InputError, match=r"did you mean 'BDF'.*got 'bdf'"):
        osteon.Solver(method="bdf")
    frame = pd.DataFrame({"time": [0.0], "drug": ["denosumab"], "amt": [60.0], "unit": ["mg"],
                          "route": ["sc"], "ADDL": [1]})
    with pytest.raises(InputError, match=r"'ADDL' \(did you mean 'addl'"):
        Regimen.from_frame(frame)


def test_a_condition_parameter_without_its_condition_is_left_out_and_named_as_such():
    """leave_out_inert left gc_emax in without the glucocorticoid condition, and analyze then
    called it an unknown parameter of 'osteon' (simulate says 'give the condition too')."""
    from osteon import sensitivity as sa

    f = (sa.Factor("gc_emax", 0.1, 0.5), sa.Factor("sclerostin_age_rate", 0.01, 0.015),
         sa.Factor("menopause_lag", 1.0, 2.0))
    p = sa.SensitivityProblem("osteon", f, outputs=("ctx",), times=(30.0,),
                              patient="female, age 68", method="morris", n=2)
    assert sa.inert_factors(p, probe=False) == {
        "gc_emax": "a parameter of condition 'glucocorticoids', which this scenario does not impose"}
    with pytest.raises(UnknownNameError, match=r"'gc_emax' .* condition 'glucocorticoids', which "
                                               r"the problem does not impose; give the condition"):
        sa.check(p)


def test_a_nan_in_the_initial_array_is_named():
    """initial=[1e-3, nan, 1e-3] said 'must be finite with shape (3,)...; got shape (3,)'."""
    import numpy as np

    with pytest.raises(InputError, match=r"initial array must be finite; got nan at element 1 "
                                         r"\('B' \[pM\]\)$"):
        osteon.simulate("lemaire2004", initial=np.array([1e-3, np.nan, 1e-3]), duration=10)
    with pytest.raises(InputError, match=r"got shape \(2,\)"):
        osteon.simulate("lemaire2004", initial=np.array([1e-3, 1e-3]), duration=10)


@pytest.mark.parametrize(("brand", "drug"), [("Prolia", "denosumab"), ("forteo", "teriparatide"),
                                             ("Reclast", "zoledronic_acid"), ("Evenity", "romosozumab"),
                                             ("Fosamax", "alendronate"), ("Sprycel", "dasatinib")])
def test_brand_names_are_their_drugs(brand, drug):
    """'prolia 60 mg sc q6mo x 2' parsed, then simulate said 'unknown drug' with no suggestion."""
    from osteon import drugs
    from osteon.dosing import parse

    assert parse(f"{brand} 1 mg sc once").drugs == (drug,)
    assert drugs.get(brand).id == drug
