"""calibrate(fixed=...) says what it cannot hold (the API sweep's finding 3): a misspelt name
was held 'fixed' with no effect, a fixed value for an estimate was overridden by it, and a fit
whose best start stopped on its evaluation budget was returned without a word."""

import warnings

import pytest

from osteon import calibrate as cal
from osteon.errors import InputError, OsteonWarning, UnknownNameError


@pytest.fixture(scope="module")
def problem():
    return cal.get_problem("immobilization")


def test_a_misspelt_fixed_name_is_refused_with_a_suggestion(problem):
    name = problem.names[0]
    typo = name[:-2] + name[-1] + name[-2]  # two letters swapped
    for call in (lambda: cal.Objective(problem, {typo: 1.0}),
                 lambda: cal.calibrate(problem, n_starts=1, max_evaluations=1, fixed={typo: 1.0})):
        with pytest.raises(UnknownNameError, match=rf"fixed: '{typo}' is not a parameter.*"
                                                   rf"did you mean '{name}'"):
            call()
    with pytest.raises(UnknownNameError, match="'nope'"):
        cal.calibrate(problem, n_starts=1, max_evaluations=1, fixed={"nope": 1})


def test_a_fixed_value_for_an_estimate_is_refused(problem):
    name = problem.names[0]
    with pytest.raises(InputError, match=rf"fixed: '{name}' is an estimate of problem "
                                         r"'immobilization'.*leave it out of fixed"):
        cal.Objective(problem, {name: 30.0})


def test_a_fixed_value_outside_its_domain_is_refused(problem):
    with pytest.raises(InputError, match=r"fixed: 'habitual_load' must be a number in its domain"):
        cal.Objective(problem, {"habitual_load": -5.0})


def test_another_problems_parameter_is_accepted(problem):
    # the CLI holds every other problem's estimates fixed (cal.upstream), acting where an arm
    # has them
    other = next(n for q in cal.PROBLEMS.values() for n in q.names if n not in problem.names)
    assert cal.Objective(problem, {other: _table_value(other)}).fixed == {other: _table_value(other)}


def _table_value(name):
    from osteon import drugs
    from osteon.calibrate.problem import condition_parameters
    from osteon.library import load

    for q in (*load("osteon").parameters, *condition_parameters().values(),
              *(q for d in drugs.names() for q in drugs.get(d).parameters)):
        if q.name == name:
            return q.value
    raise AssertionError(name)


def test_a_fit_that_stopped_on_its_budget_says_so(problem):
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        r = cal.calibrate(problem, n_starts=1, max_evaluations=1)
    assert r.best.status == "stopped" and r.converged is False
    said = [str(w.message) for w in seen if issubclass(w.category, OsteonWarning)]
    assert any("stopped on its evaluation budget (max_evaluations=1)" in m for m in said), said
