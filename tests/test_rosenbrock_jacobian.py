"""The batched Rodas4 solver's Jacobian: dependencies that are absent where a solve starts and
switch on later (a rate behind ``maximum(x - threshold, 0)``) must be in the Jacobian once they
are active. A sparsity pattern frozen at the start of the solve missed them: the steps collapsed
(the population denosumab run took minutes) or the solve failed."""

import numpy as np
import pandas as pd
import pytest

import osteon
from osteon import Solver
from osteon.engines.rosenbrock import _Jacobian, solve_batch
from osteon.model import ModelSpec, Parameter, State


def _kink_model() -> ModelSpec:
    # x' = 1 (a clock from 0); v' = -L (v - max(x - 1, 0)): v stays 0 until t = 1, then tracks
    # t - 1 stiffly. dv'/dx is 0 at the start and L after t = 1.
    def rhs(t, y, p, xp):
        x, v = y[:, 0], y[:, 1]
        return xp.stack([xp.ones_like(x), -p["L"] * (v - xp.maximum(x - 1.0, 0.0))], axis=-1)

    return ModelSpec(id="toy_kink", version="0", time_unit="day",
                     states=(State("x", "pM", "clock", initial=0.0, nonnegative=False),
                             State("v", "pM", "tracks max(x - 1, 0)", initial=0.0,
                                   nonnegative=False)),
                     parameters=(Parameter("L", 1e4, "1/day", "stiffness", "PMID 1, Table 1"),),
                     rhs=rhs)


def _exact_v(t: float, lam: np.ndarray) -> np.ndarray:
    s = max(t - 1.0, 0.0)
    return s - (1.0 - np.exp(-lam * s)) / lam


# a small population differences every column; a large one groups columns by a learned pattern
# (dense_rows 0 forces the grouped path on two subjects)
_PATHS = pytest.mark.parametrize("dense_rows", [_Jacobian.dense_rows, 0], ids=["full", "grouped"])


@_PATHS
def test_jacobian_has_the_dependency_that_switches_on_after_its_first_call(monkeypatch,
                                                                          dense_rows):
    monkeypatch.setattr(_Jacobian, "dense_rows", dense_rows)
    monkeypatch.setattr(_Jacobian, "refresh_every", 3)
    spec = _kink_model()
    lam = np.array([1e4, 1e3])
    jacobian = _Jacobian(spec, {"L": lam}, 2, 2, np.sqrt(np.finfo(float).eps), [0])

    def at(z):
        t = np.zeros(2)
        return jacobian(t, z, np.asarray(spec.rhs(t, z, {"L": lam}, np), dtype=float))

    jac, _ = at(np.zeros((2, 2)))  # below the threshold: dv'/dx = 0
    np.testing.assert_allclose(jac[:, 1, 0], 0.0, atol=1e-6)
    above = np.array([[2.0, 0.5], [1.5, 0.25]])
    # above it dv'/dx = L: in the Jacobian at once (full differences) or once the pattern is
    # refreshed (grouped columns: within refresh_every calls), and from then on
    calls = 0
    while True:
        calls += 1
        jac, _ = at(above)
        if np.allclose(jac[:, 1, 0], lam, rtol=1e-6):
            break
        assert calls <= _Jacobian.refresh_every, "the dependency that switched on is missing"
    assert calls == 1 or not dense_rows
    for _ in range(2 * _Jacobian.refresh_every):
        jac, ft = at(above)
        np.testing.assert_allclose(jac[:, 1, 0], lam, rtol=1e-6)
        np.testing.assert_allclose(jac[:, 1, 1], -lam, rtol=1e-6)
        np.testing.assert_allclose(jac[:, 0, :], 0.0, atol=1e-6)
        np.testing.assert_allclose(ft, 0.0, atol=1e-6)


@_PATHS
def test_rodas4_follows_a_dependency_that_switches_on_mid_solve(monkeypatch, dense_rows):
    monkeypatch.setattr(_Jacobian, "dense_rows", dense_rows)
    spec = _kink_model()
    pop = pd.DataFrame({"L": [1e4, 1e3]})
    r = osteon.simulate(spec, population=pop, duration=3, save=7, initial="model",
                        solver=Solver(method="Rodas4", rtol=1e-8, atol=1e-10))
    for s, lam in enumerate(pop.L):
        exact = np.array([_exact_v(t, lam) for t in r.times])
        np.testing.assert_allclose(r["v"][s], exact, rtol=1e-7, atol=1e-10)
    # the step count stays that of a smooth problem (a frozen pattern needed > 200,000 steps and
    # failed)
    sol = solve_batch(spec, np.zeros((2, 2)), {"L": pop.L.to_numpy()}, 0.0, 3.0,
                      np.array([3.0]), Solver(method="Rodas4", rtol=1e-8, atol=1e-10), [0])
    assert sol.status == 0
    assert sol.n_steps.max() < 1000


def test_osteon_population_on_denosumab_matches_single_subjects():
    # after the dose PTH crosses the cortical-space threshold: the population (Rodas4) must give
    # each woman's single-subject run (BDF)
    pop = pd.DataFrame({"subject_id": ["a", "b"], "age_start": [55.0, 70.0]})
    regimen = "denosumab 60 mg sc x 1"
    tight = {"rtol": 1e-8, "atol": 1e-10}  # agreement to 2e-6 needs more than the defaults
    r = osteon.simulate("osteon", regimen, population=pop, duration="30 days", save=4,
                        solver=tight)
    assert r.attrs["solver"]["method_used"] == "Rodas4"
    for s, age in enumerate(pop.age_start):
        one = osteon.simulate("osteon", regimen, parameters={"age_start": age},
                              duration="30 days", save=4, solver=tight)
        for name in ("bmd_lumbar_spine", "ctx", "p1np"):
            np.testing.assert_allclose(r[name][s], one[name][0], rtol=2e-6)
        assert r["ctx"][s][-1] < 0.2 * r["ctx"][s][0]  # the dose acted
    assert r.attrs["n_rhs_evaluations"] > 0

