"""State.tolerance: a per-state factor on the solver's tolerances for states that relax within
hours, honoured by every engine, and the integrated model's use of it."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import osteon
from osteon import Solver, drugs
from osteon.errors import InputError, ModelDefinitionError
from osteon.library import load
from osteon.model import ModelSpec, Parameter, State, find_steady_state


def test_tolerance_factor_validated():
    for bad in (0.5, 0.0, -1.0, math.nan, math.inf):
        with pytest.raises(ModelDefinitionError, match=r"'x'.*tolerance must be a finite factor "
                                                       r">= 1"):
            State("x", "pM", "a state", initial=1.0, tolerance=bad)
    assert State("x", "pM", "a state", initial=1.0).tolerance == 1.0
    with pytest.raises(InputError, match=r"Solver.state_tolerances must be True or False; got "
                                         r"'yes'"):
        Solver(state_tolerances="yes")
    assert Solver().as_dict()["state_tolerances"] is True


def _toy(tolerance: float) -> ModelSpec:
    # x' = -lam (x - cos w t) - w sin w t has x = cos w t: a fast-varying state whose error
    # sets the steps; z' = -k z, slow, decays exactly
    def rhs(t, y, p, xp):
        x, z = y[:, 0], y[:, 1]
        w = p["w"]
        return xp.stack([-p["lam"] * (x - xp.cos(w * t)) - w * xp.sin(w * t), -p["k"] * z],
                        axis=-1)

    return ModelSpec(id="toy_tolerance", version="0", time_unit="day",
                     states=(State("x", "pM", "tracks cos w t", initial=1.0, nonnegative=False,
                                   tolerance=tolerance),
                             State("z", "pM", "decays", initial=1.0)),
                     parameters=(Parameter("lam", 50.0, "1/day", "relaxation", "PMID 1, Table 1"),
                                 Parameter("w", 20.0, "1/day", "frequency", "PMID 1, Table 1"),
                                 Parameter("k", 0.05, "1/day", "decay", "PMID 1, Table 1")),
                     rhs=rhs)


def _engines():
    out = [("scipy", "BDF", 1), ("scipy", "Rodas4", 2)]
    try:
        import jax  # noqa: F401
    except ImportError:
        return out
    return [*out, ("jax", "Rodas5P", 1)]


@pytest.mark.parametrize("engine,method,n", _engines())
def test_every_engine_honours_the_factor(engine, method, n):
    spec = _toy(100.0)
    runs = {}
    for per_state in (True, False):
        kw = ({"population": pd.DataFrame({"k": [0.05, 0.02]})} if n > 1 else {})
        runs[per_state] = osteon.simulate(
            spec, duration=5, save=51, initial="model", **kw,
            solver=Solver(engine=engine, method=method, state_tolerances=per_state))
    loose, strict = runs[True], runs[False]
    # the loosened state no longer sets the steps ...
    assert (loose.attrs["n_rhs_evaluations"] < 0.7 * strict.attrs["n_rhs_evaluations"])
    t = loose.times
    ks = [0.05, 0.02][:n]
    for s, k in enumerate(ks):
        # ... and each state keeps the accuracy its own tolerance asks: x to about 100 x
        # the solver's, the slow z to the solver's
        assert np.max(np.abs(strict["x"][s] - np.cos(20.0 * t))) < 2e-5
        assert np.max(np.abs(loose["x"][s] - np.cos(20.0 * t))) < 2e-3
        np.testing.assert_allclose(loose["z"][s], np.exp(-k * t), rtol=1e-5)
    # a factor of 1 is the solver's own tolerance: the same run either way
    same = [osteon.simulate(_toy(1.0), duration=5, save=51, initial="model",
                            solver=Solver(engine=engine, method=method, state_tolerances=flag))
            for flag in (True, False)]
    np.testing.assert_array_equal(same[0]["x"], same[1]["x"])


def test_integrated_models_loosened_states_relax_within_hours():
    # the factor is for states whose step errors decay before they reach the bone: each state
    # given one must relax within a quarter of a day at the reference steady state (the diagonal
    # of the Jacobian: its own rate's dependence on it; abaloparatide in plasma, the slowest,
    # 2.5 hours)
    spec = drugs.compose(load("osteon"), ("teriparatide", "abaloparatide"))
    loosened = [j for j, st in enumerate(spec.states) if st.tolerance != 1.0]
    assert {spec.states[j].name for j in loosened} >= {"PTH_amount", "TERISC", "ob_runx2",
                                                      "abaloparatide_depot"}
    p = {k: np.atleast_1d(np.asarray(v, dtype=float))
         for k, v in spec.default_parameters().items()}
    y = np.asarray(find_steady_state(spec, p, 1).y, dtype=float).reshape(1, -1)
    f0 = np.asarray(spec.rhs(0.0, y, p, np), dtype=float)[0]
    for j in loosened:
        st = spec.states[j]
        dy = 1e-6 * max(abs(y[0, j]), st.scale)
        y2 = y.copy()
        y2[0, j] += dy
        diag = (np.asarray(spec.rhs(0.0, y2, p, np), dtype=float)[0, j] - f0[j]) / dy
        assert diag < 0 and -1.0 / diag < 0.25, (st.name, diag)


def test_daily_teriparatide_keeps_its_readings_with_fewer_evaluations():
    runs = {flag: osteon.simulate("osteon", "teriparatide 20 ug sc daily for 20 days",
                                  duration=20, save=5, parameters={"age_start": 65.0},
                                  solver=Solver(state_tolerances=flag))
            for flag in (True, False)}
    assert (runs[True].attrs["n_rhs_evaluations"]
            < 0.9 * runs[False].attrs["n_rhs_evaluations"])
    for col in ("bmd_lumbar_spine", "bmd_femoral_neck", "ctx", "p1np"):
        np.testing.assert_allclose(runs[True][col], runs[False][col], rtol=1e-4)
