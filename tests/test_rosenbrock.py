"""The batched Rodas4 engine: accuracy on problems with exact solutions, per-subject error
control, agreement with SciPy's BDF on the published and integrated models, failures."""

import re

import numpy as np
import pandas as pd
import pytest

import osteon
from osteon import Solver
from osteon.engines.rosenbrock import solve_batch
from osteon.errors import SimulationError
from osteon.model import ModelSpec, Parameter, State

#: agreement to about 1e-7 needs tolerances tighter than the defaults (rtol 1e-6)
TIGHT_RODAS4 = Solver(method="Rodas4", rtol=1e-8, atol=1e-10)


def _stiff_tracking_model() -> ModelSpec:
    # x' = -lam (x - cos t) - sin t: exact x = cos t for x(0) = 1, whatever lam (stiff for large
    # lam); y' = -k y: exact y0 exp(-k t). Non-autonomous, two time scales.
    def rhs(t, y, p, xp):
        x, z = y[:, 0], y[:, 1]
        return xp.stack([-p["lam"] * (x - xp.cos(t)) - xp.sin(t), -p["k"] * z], axis=-1)

    return ModelSpec(id="toy_stiff", version="0", time_unit="day",
                     states=(State("x", "pM", "tracks cos t", initial=1.0, nonnegative=False),
                             State("z", "pM", "decays", initial=1.0)),
                     parameters=(Parameter("lam", 1e4, "1/day", "stiffness", "PMID 1, Table 1"),
                                 Parameter("k", 0.1, "1/day", "decay", "PMID 1, Table 1")),
                     rhs=rhs)


def _exact(t, k):
    return np.cos(t), np.exp(-k * t)


def test_rodas4_matches_exact_solutions_per_subject():
    spec = _stiff_tracking_model()
    pop = pd.DataFrame({"lam": [10.0, 1e6], "k": [0.01, 1.0]})
    solver = Solver(method="Rodas4", rtol=1e-6, atol=1e-8)
    r = osteon.simulate(spec, population=pop, duration=10, save=11, initial="model", solver=solver)
    assert r.attrs["solver"]["method_used"] == "Rodas4"
    for s, k in enumerate(pop.k):
        x, z = _exact(r.times, k)
        np.testing.assert_allclose(r["x"][s], x, atol=1e-5)
        np.testing.assert_allclose(r["z"][s], z, rtol=1e-5, atol=1e-7)


def test_rodas4_error_falls_with_tolerance():
    spec = _stiff_tracking_model()
    pop = pd.DataFrame({"lam": [1e6, 1e6], "k": [0.5, 2.0]})
    errs = []
    for rtol in (1e-4, 1e-6, 1e-8):
        r = osteon.simulate(spec, population=pop, duration=10, save=11, initial="model",
                            solver=Solver(method="Rodas4", rtol=rtol, atol=rtol))
        errs.append(max(np.abs(r["z"][s] - _exact(r.times, k)[1]).max()
                        for s, k in enumerate(pop.k)))
    assert errs[0] > errs[1] > errs[2]
    assert errs[2] < 1e-7


def test_each_subject_is_controlled_on_its_own():
    # a fast subject must not make a slow one take its steps: step counts differ per subject
    spec = _stiff_tracking_model()
    p = {"lam": np.array([1e6, 1e6]), "k": np.array([0.01, 5.0])}
    y0 = np.ones((2, 2))
    sol = solve_batch(spec, y0, p, 0.0, 10.0, np.array([10.0]), Solver(method="Rodas4"), [0])
    assert sol.status == 0
    assert sol.n_steps[0] < sol.n_steps[1]


def test_per_subject_save_rows_stop_each_subject_at_its_own_end():
    spec = _stiff_tracking_model()
    p = {"lam": np.array([1e6, 1e6]), "k": np.array([0.2, 0.2])}
    ends = np.array([[2.0], [7.5]])
    sol = solve_batch(spec, np.ones((2, 2)), p, 0.0, 7.5, ends, TIGHT_RODAS4, [0])
    y = sol.y[:, 0].reshape(2, 2)
    np.testing.assert_allclose(y[:, 1], np.exp(-0.2 * ends[:, 0]), rtol=1e-7)


def test_population_of_published_model_agrees_with_bdf():
    pop = pd.DataFrame({"k_B": [0.189 * 0.8, 0.189, 0.189 * 1.3]})
    ev = osteon.ParameterStep(20.0, "I_O", 2e5)
    a = osteon.simulate("lemaire2004", ev, population=pop, duration=140, save=15,
                        solver=TIGHT_RODAS4.replace(method="BDF"))
    b = osteon.simulate("lemaire2004", ev, population=pop, duration=140, save=15,
                        solver=TIGHT_RODAS4)
    for name in ("R", "B", "C"):
        np.testing.assert_allclose(b[name], a[name], rtol=1e-6)


def test_default_population_solver_is_rodas4_and_single_subject_bdf():
    one = osteon.simulate("lemaire2004", duration=10, save=2)
    two = osteon.simulate("lemaire2004", population=pd.DataFrame({"k_B": [0.18, 0.19]}),
                          duration=10, save=2)
    assert one.attrs["solver"]["method_used"] == "BDF"
    assert two.attrs["solver"]["method_used"] == "Rodas4"


def test_rodas4_failure_names_subject_and_time():
    def rhs(t, y, p, xp):
        return xp.stack([p["k"] * y[:, 0] ** 2], axis=-1)

    spec = ModelSpec(id="toy_blowup", version="0", time_unit="day",
                     states=(State("x", "pM", "explodes", initial=1.0),),
                     parameters=(Parameter("k", 1e-3, "1/pM/day", "rate", "PMID 1, Table 1"),),
                     rhs=rhs)
    pop = pd.DataFrame({"subject_id": ["ok", "bad"], "k": [1e-3, 0.1]})
    with pytest.raises(SimulationError, match=r"subject 'bad'.*Rodas4 solver stopped at t="):
        osteon.simulate(spec, population=pop, duration=100, initial={"x": 1.0}, solver="Rodas4")


def test_osteon_population_life_course_start_matches_single_subjects():
    # two women of different ages: the population's run-in (each to her own age) gives the
    # same start as simulating each alone
    pop = pd.DataFrame({"age_start": [40.0, 62.0], "age_menopause": [50.0, 53.0]})
    r = osteon.simulate("osteon", population=pop, duration="1 year", save=3)
    assert r.attrs["initial"].startswith("steady_state + run-in")
    for s in range(2):
        one = osteon.simulate("osteon", parameters=dict(pop.iloc[s]), duration="1 year", save=3)
        for site in ("bmd_lumbar_spine", "bmd_femoral_neck"):
            np.testing.assert_allclose(r[site][s], one[site][0], rtol=2e-6)
        assert one["age_years"][0][0] == pytest.approx(pop.age_start[s])


def test_a_subject_that_keeps_leaving_its_domain_fails_alone_within_a_few_hundred_steps(
        edge_model):
    # without a guard the subject at the edge crept (steps of about 1e-3 d, a third of them
    # rejected) toward the 200,000-iteration limit: minutes here, tens of minutes on the
    # integrated model; the other subject finishes
    spec = edge_model
    p = {"k": np.array([0.1, 5.0])}
    y0 = np.array([[1.0, 2.0, 1.0]] * 2)
    sol = solve_batch(spec, y0, p, 0.0, 20.0, np.array([20.0]), Solver(method="Rodas4"), [0])
    assert sol.status == -1 and list(sol.failures) == [1]
    assert sol.n_steps[1] + sol.n_rejected[1] < 1000
    assert sol.t[0] == pytest.approx(4.0, abs=0.5)
    # the reason names no row (a row of the batch is not the population's subject id): the
    # caller names the subject, from the row the solution gives
    assert sol.row == 1
    assert re.fullmatch(r"the model keeps leaving its domain \(at t=\S+ d\): the rates "
                        r"turned non-finite on 50 of \d+ trial steps since t=0 d, the step size "
                        r"is down to \S+ d; at the trial point t=\S+ d: non-finite rates of c; "
                        r"below zero: a = -\S+ pM", sol.message), sol.message
    y = sol.y[:, 0].reshape(2, 3)
    assert np.isfinite(y[0]).all() and np.isnan(y[1]).all()
    assert y[0, 0] == pytest.approx(np.exp(-0.1 * 20.0), rel=1e-4)
    assert y[0, 1] == pytest.approx(2.0 + np.sin(20.0), rel=1e-4)


def test_a_subject_that_makes_no_headway_fails_on_too_much_work(monkeypatch, edge_model):
    # the step budget between two save times (CVODE's mxstep) catches a subject that creeps
    # with finite rates; here the non-finite trials are let through to reach it
    from osteon.engines import rosenbrock

    monkeypatch.setattr(rosenbrock, "_MAX_NONFINITE_PER_SAVE", 10**9)
    monkeypatch.setattr(rosenbrock, "_MAX_STEPS_PER_SAVE", 400)
    spec = edge_model
    saves = np.arange(1.0, 21.0)  # healthy: well under 400 steps from one save time to the next
    sol = solve_batch(spec, np.array([[1.0, 2.0, 1.0]] * 2), {"k": np.array([0.1, 5.0])}, 0.0,
                      20.0, saves, Solver(method="Rodas4"), [0])
    assert sol.status == -1 and list(sol.failures) == [1]
    assert sol.row == 1
    assert re.fullmatch(r"too much work \(at t=\S+ d\): 400 trial steps \(\d+ rejected\) "
                        r"since t=(\d+) d without reaching its save time t=(\d+) d, the step size "
                        r"is down to \S+ d; fastest rates \(per the state's scale\): .*",
                        sol.message), sol.message
    assert np.isfinite(sol.y[:3]).all()


def test_a_subject_at_its_domain_edge_is_named_by_simulate_and_dropped_alone(edge_model):
    # (the budget of non-finite trials is per save interval: the dense default save times let
    # the subject creep about ten times as long before it fails)
    pop = pd.DataFrame({"subject_id": ["ok", "edge"], "k": [0.1, 5.0]})
    with pytest.raises(SimulationError,
                       match=r"failed for subject 'edge' \(1 of 2 failed\): the Rodas4 solver "
                             r"stopped at t=\S+ d of 20 d: the model keeps leaving its domain "
                             r"\(at t=.*below zero: a = -"):
        osteon.simulate(edge_model, population=pop, duration=20, save=5, solver="Rodas4",
                        initial="model")
    r = osteon.simulate(edge_model, population=pop, duration=20, save=5, solver="Rodas4",
                        initial="model", on_failure="drop")
    assert r.subject_ids == ("ok",)
    assert list(r.status["status"]) == ["ok", "failed"]


def test_finished_and_failed_subjects_leave_the_batch_and_the_others_are_unchanged(edge_model):
    # a subject that reached its last save time or failed still went through every right-hand
    # side and Jacobian of the batch (and its non-finite rates with it); it now leaves the
    # batch, and every subject's solution is still bitwise its solution alone
    from dataclasses import replace

    calls: list[np.ndarray] = []  # the values of k of the rows of each evaluation

    def rhs(t, y, p, xp):
        calls.append(np.broadcast_to(np.asarray(p["k"], dtype=float), (y.shape[0],)).copy())
        return edge_model.rhs(t, y, p, xp)

    spec = replace(edge_model, rhs=rhs)
    k = np.array([0.1, 5.0, 0.2])  # on to t = 20; failed near t = 4; done at t = 2
    ends = np.array([20.0, 20.0, 2.0])
    saves = np.linspace(0.25, 1.0, 4)[None, :] * ends[:, None]  # a row of save times each
    y0 = np.array([[1.0, 2.0, 1.0]] * 3)
    solver = Solver(method="Rodas4")
    sol = solve_batch(spec, y0, {"k": k}, 0.0, 20.0, saves, solver, [0])
    assert sol.status == -1 and list(sol.failures) == [1]
    assert sol.t_reached[0] == 20.0 and 3 < sol.t_reached[1] < 5 and sol.t_reached[2] == 2.0
    y = sol.y.reshape(3, 3, 4)
    for s in (0, 2):
        alone = solve_batch(edge_model, y0[s:s + 1], {"k": k[s:s + 1]}, 0.0, ends[s],
                            saves[s], solver, [0])
        assert alone.status == 0
        np.testing.assert_array_equal(y[s], alone.y)  # bitwise
        assert sol.n_steps[s] == alone.n_steps[0] and sol.n_rejected[s] == alone.n_rejected[0]
    # each of the two is evaluated up to where it stops, and never after: the evaluations
    # with its row are the first ones, and fewer than all
    for s in (1, 2):
        has = [bool((c == k[s]).any()) for c in calls]
        assert 0 < sum(has) < len(has) and has == sorted(has, reverse=True), s
