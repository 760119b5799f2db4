"""The compiled JAX engine: the same trajectories as the SciPy engine across every kind of event,
per subject in a population, on the integrated model with a drug, and failures reported with
their reason. Skipped where JAX is not installed (the engine is an optional extra)."""

import os
import re
import sys

import numpy as np
import pandas as pd
import pytest

import osteon
from osteon import Solver
from osteon.errors import InputError, SimulationError
from osteon.events import Bolus, ParameterStep, StateScale
from osteon.model import ModelSpec, Parameter, State

os.environ.setdefault("OSTEON_JAX_CACHE", "0")  # tests leave no compilation cache behind


def test_solver_engine_validated():
    with pytest.raises(InputError, match=r"Solver.engine must be one of scipy, jax; got 'numba'"):
        Solver(engine="numba")
    with pytest.raises(InputError, match=r"'auto', 'Rodas4' or 'Rodas5P' with engine='jax'.*"
                                         r"got 'BDF'"):
        Solver(engine="jax", method="BDF")
    with pytest.raises(InputError, match=r"'Rodas5P' runs on the compiled engine only"):
        Solver(method="Rodas5P")
    assert Solver(engine="jax").method_for(1) == "Rodas5P"
    assert Solver(engine="jax").method_for(100) == "Rodas5P"
    assert Solver(engine="jax", method="Rodas4").method_for(1) == "Rodas4"
    assert Solver().method_for(1) == "BDF"
    assert Solver(engine="jax").as_dict()["engine"] == "jax"


def test_missing_jax_is_a_clear_error(monkeypatch):
    from osteon.engines import jax_engine

    monkeypatch.setitem(sys.modules, "jax", None)  # import jax now raises ImportError
    with pytest.raises(jax_engine.JaxUnavailableError, match=r"pip install 'osteon\[jax\]'"):
        jax_engine._jax()
    assert not jax_engine.available()


def test_cli_rejects_unknown_engine():
    from typer.testing import CliRunner

    from osteon.cli.app import app

    res = CliRunner().invoke(app, ["simulate", "--model", "lemaire2004", "--days", "5",
                                   "--engine", "gpu"])
    assert res.exit_code != 0
    assert "--engine must be one of scipy, jax; got 'gpu'" in res.output


jax = pytest.importorskip("jax")

TIGHT = {"rtol": 1e-9, "atol": 1e-11}


def _pair(model, regimen=None, **kw):
    scipy = osteon.simulate(model, regimen, solver=Solver(**TIGHT), **kw)
    compiled = osteon.simulate(model, regimen, solver=Solver(engine="jax", **TIGHT), **kw)
    return scipy, compiled


def test_every_event_kind_gives_scipy_trajectory():
    # OPG infusion on and off (parameter steps), osteoclasts halved, a bolus of osteoblasts;
    # saves fall on the event times, where the value is the one just before the event
    events = [ParameterStep(20, "I_O", 2e5), Bolus(30, "B", 2e-4), StateScale(50, "C", 0.5),
              ParameterStep(80, "I_O", 0.0)]
    save = np.unique(np.concatenate([np.linspace(0, 140, 57), [20, 30, 50, 80]]))
    a, b = _pair("lemaire2004", events, duration=140, save=save)
    assert b.attrs["solver"]["engine"] == "jax"
    assert b.attrs["solver"]["method_used"] == "Rodas5P"
    assert np.isfinite(b.values).all()
    np.testing.assert_allclose(b.values, a.values, rtol=1e-6, atol=1e-12)
    # the event's effect is there: osteoclasts at t=50 (before) and just after differ by half
    i50 = int(np.flatnonzero(save == 50)[0])
    c = a.to_pandas()["C"].to_numpy()
    assert c[i50 + 1] < 0.75 * c[i50]
    assert b.attrs["n_rhs_evaluations"] > 0


def test_population_each_subject_as_scipy():
    pop = pd.DataFrame({"subject_id": ["a", "b", "c"], "k_B": [0.15, 0.189, 0.25]})
    events = [ParameterStep(10, "I_O", np.array([0.0, 1e5, 3e5])), StateScale(40, "C", 0.7)]
    a, b = _pair("lemaire2004", events, population=pop, duration=100, save=41)
    assert b.subject_ids == ("a", "b", "c")
    np.testing.assert_allclose(b.values, a.values, rtol=1e-6, atol=1e-12)
    # the subjects differ (each took its own parameters and doses)
    assert np.ptp(b.to_pandas().groupby("subject_id")["C"].last().to_numpy()) > 0


def test_default_parameters_compiled_in_give_the_same_trajectory(monkeypatch):
    from osteon.engines import jax_engine
    from osteon.library import load

    spec = load("lemaire2004")
    params = spec.resolve_parameters({"k_B": np.array([0.15, 0.189])}, 2)
    params["I_O"] = np.array([0.0, 0.0])
    baked = dict(jax_engine._baked(spec, params, ("I_O",)))
    # a parameter that varies between subjects, or that an event steps, stays an argument
    assert "k_B" not in baked and "I_O" not in baked
    assert baked["D_C"] == spec.default_parameters()["D_C"] and len(baked) == len(params) - 2
    # and a parameter set off its default is not compiled in, even when all subjects share it
    params["D_C"] = np.full(2, 2 * spec.default_parameters()["D_C"])
    assert "D_C" not in dict(jax_engine._baked(spec, params, ()))

    events = [ParameterStep(10, "I_O", 1e5), StateScale(40, "C", 0.7)]
    kw = dict(duration=100, save=41, solver=Solver(engine="jax", **TIGHT))
    with_constants = osteon.simulate("lemaire2004", events, **kw)
    monkeypatch.setattr(jax_engine, "_baked", lambda *a: ())
    as_arguments = osteon.simulate("lemaire2004", events, **kw)
    np.testing.assert_allclose(with_constants.values, as_arguments.values, rtol=1e-9,
                               atol=1e-14)


def test_failure_names_subject_time_and_reason(blowup_model):
    from osteon.engines import jax_engine

    # x' = k x^2 from x = 1 blows up at t = 1/k: 10 days for k = 0.1
    pop = pd.DataFrame({"subject_id": ["ok", "bad"], "k": [1e-3, 0.1]})
    with pytest.raises(SimulationError, match=r"subject 'bad'.*stopped at t=.*engine='jax'") as e:
        osteon.simulate(blowup_model, population=pop, duration=100, initial={"x": 1.0},
                        solver=Solver(engine="jax"))
    assert 9 < e.value.failures[0]["t_reached"] <= 10.0 + 1e-6
    r = osteon.simulate(blowup_model, population=pop, duration=100, initial={"x": 1.0},
                        solver=Solver(engine="jax"), on_failure="drop")
    assert r.subject_ids == ("ok",)
    assert np.isfinite(r.values).all()
    # her reason named 'subject 0', her row when solved alone; the row is the engine's, not the
    # subject id the table shows: the reason names none, the engine gives the row apart
    assert re.search(r"subject \d", r.status["message"][1]) is None, r.status["message"][1]
    assert "(at t=" in r.status["message"][1]
    traj = jax_engine.integrate(blowup_model, np.ones((2, 1)), {"k": np.array([1e-3, 0.1])},
                                np.array([0.0, 100.0]), [], Solver(engine="jax"))
    assert traj.failure.row == 1 and "subject" not in traj.failure.message
    _, failed = jax_engine.integrate_until(blowup_model, np.ones((2, 1)),
                                           {"k": np.array([1e-3, 0.1])}, np.array([100.0, 100.0]),
                                           Solver(engine="jax"))
    assert list(failed) == [1] and "subject" not in failed[1][1]


@pytest.mark.parametrize("method", ["Rodas4", "Rodas5P"])
def test_a_subject_that_keeps_leaving_its_domain_is_failed_quickly(edge_model, method):
    # the trial steps of the subject at the edge keep turning non-finite: Rodas4 crept through
    # 200,000 steps in one segment, Rodas5P until its step size collapsed (t = 7.2 d); both now
    # stop near t = 4 d, and the other subject finishes
    pop = pd.DataFrame({"subject_id": ["ok", "edge"], "k": [0.1, 5.0]})
    kw = dict(population=pop, duration=20, save=5, initial="model",
              solver=Solver(engine="jax", method=method))
    with pytest.raises(SimulationError,
                       match=r"subject 'edge'.*stopped at t=\S+ d of 20 d: the model keeps "
                             r"leaving its domain: the rates turned non-finite on 50 trial steps "
                             r"in one segment .*engine='jax'") as e:
        osteon.simulate(edge_model, **kw)
    assert 3 < e.value.failures[0]["t_reached"] < 5
    r = osteon.simulate(edge_model, **kw, on_failure="drop")
    assert r.subject_ids == ("ok",)
    assert np.isfinite(r.values).all()


def test_negative_bolus_on_nonnegative_state_refused():
    with pytest.raises(InputError, match=r"engine='jax'\) does not take negative boluses.*'B'"):
        osteon.simulate("lemaire2004", Bolus(5, "B", -1e-5), duration=10,
                        solver=Solver(engine="jax"))


def test_integrated_model_with_denosumab_as_scipy():
    # a 65-year-old woman (life course run-in compiled too), denosumab every 6 months for 2 years:
    # BMD, markers and the drug's concentration agree with the SciPy engine
    kw = {"duration": 730.5, "save": 25, "parameters": {"age_start": 65.0}}
    a, b = _pair("osteon", "denosumab 60 mg sc q6mo x 4", **kw)
    pa, pb = a.to_pandas(), b.to_pandas()
    for col in ("bmd_lumbar_spine", "bmd_total_hip", "ctx", "p1np"):
        np.testing.assert_allclose(pb[col], pa[col], rtol=1e-6)
    assert pb["ctx"].iloc[6] < 0.5 * pb["ctx"].iloc[0]  # the drug acted


def test_t0_row_of_a_condition_before_the_start_as_scipy():
    # her ovaries removed 5 years ago (in the t = 0 row) and vitamin D deficiency from 0 with a
    # dose at 0 (after it): the same t = 0 row and trajectory on both engines
    kw = {"duration": 30.0, "save": [0.0, 1.0, 30.0], "patient": "female, age 45",
          "conditions": ["surgical menopause from -5 years",
                         "vitamin D deficiency 12 ng/mL from 0 days"]}
    a, b = _pair("osteon", "denosumab 60 mg sc q6mo x 2", **kw)
    pa, pb = a.to_pandas(clinical=False), b.to_pandas(clinical=False)
    for col in ("estrogen", "serum_25ohd_total", "rankl_opg_ratio", "denosumab_depot", "ctx"):
        np.testing.assert_allclose(pb[col], pa[col], rtol=1e-6, atol=1e-12)
    assert pb["estrogen"].iloc[0] == pytest.approx(pb["estrogen"].iloc[1])
    assert pb["serum_25ohd_total"].iloc[0] > 20.0 and pb["denosumab_depot"].iloc[0] == 0.0


def _toy_stiff():
    # x' = -lam (x - cos t) - sin t has x = cos t for any stiffness lam (the time derivative of
    # the rates enters every Rosenbrock stage); z' = -k z decays exactly
    def rhs(t, y, p, xp):
        x, z = y[:, 0], y[:, 1]
        return xp.stack([-p["lam"] * (x - xp.cos(t)) - xp.sin(t), -p["k"] * z], axis=-1)

    spec = ModelSpec(id="toy_stiff", version="0", time_unit="day",
                     states=(State("x", "pM", "tracks cos t", initial=1.0, nonnegative=False),
                             State("z", "pM", "decays", initial=1.0)),
                     parameters=(Parameter("lam", 1e4, "1/day", "stiffness", "PMID 1, Table 1"),
                                 Parameter("k", 0.1, "1/day", "decay", "PMID 1, Table 1")),
                     rhs=rhs)
    return spec, pd.DataFrame({"lam": [10.0, 1e6], "k": [0.01, 1.0]})


@pytest.mark.parametrize("method", ["Rodas4", "Rodas5P"])
def test_exact_solutions_of_a_stiff_non_autonomous_problem(method):
    spec, pop = _toy_stiff()
    r = osteon.simulate(spec, population=pop, duration=10, save=11, initial="model",
                        solver=Solver(engine="jax", method=method, rtol=1e-7, atol=1e-9))
    assert r.attrs["solver"]["method_used"] == method
    t = r.times
    for s, k in enumerate(pop.k):
        np.testing.assert_allclose(r["x"][s], np.cos(t), atol=2e-6)
        np.testing.assert_allclose(r["z"][s], np.exp(-k * t), rtol=2e-6, atol=1e-8)


def test_rodas5p_is_the_higher_order_method():
    # at a tight tolerance the order-5 method meets the exact solution with far fewer stage
    # evaluations than Rodas4 (a mistyped coefficient would cost it its order, and so its
    # error or its step sizes)
    spec, pop = _toy_stiff()
    runs = {m: osteon.simulate(spec, population=pop, duration=10, save=11, initial="model",
                               solver=Solver(engine="jax", method=m, rtol=1e-9, atol=1e-11))
            for m in ("Rodas4", "Rodas5P")}
    t = runs["Rodas5P"].times
    for s, k in enumerate(pop.k):
        np.testing.assert_allclose(runs["Rodas5P"]["x"][s], np.cos(t), atol=2e-9)
        np.testing.assert_allclose(runs["Rodas5P"]["z"][s], np.exp(-k * t), rtol=2e-9,
                                   atol=1e-11)
    assert (runs["Rodas5P"].attrs["n_rhs_evaluations"]
            < 0.5 * runs["Rodas4"].attrs["n_rhs_evaluations"])


@pytest.mark.slow
def test_population_life_course_run_in_and_denosumab_as_scipy():
    # two women of different ages: the compiled run-in (each to her own age) and a year of
    # denosumab agree with the SciPy engine (NumPy Rodas4 for populations)
    pop = pd.DataFrame({"age_start": [58.0, 71.0]})
    a, b = _pair("osteon", "denosumab 60 mg sc q6mo x 2", population=pop, duration=365.25,
                 save=13)
    for col in ("bmd_lumbar_spine", "bmd_femoral_neck", "ctx"):
        np.testing.assert_allclose(b[col], a[col], rtol=1e-6)


@pytest.mark.slow
def test_a_subject_whose_compiled_run_in_fails_is_reported_without_sinking_the_others():
    # 5e7 times the model's adipogenic drift drives 'bad' out of the model's domain in her life
    # course; 'ok' runs on (each subject is its own loop in the compiled run-in) as she does alone
    pop = pd.DataFrame({"subject_id": ["ok", "bad"], "age_start": [68.0, 68.0],
                        "adipogenic_drift_rate": [0.02, 1e6]})
    solver = Solver(engine="jax")
    with pytest.raises(SimulationError, match=r"failed for subject 'bad' \(1 of 2 failed\): "
                                              r"no start: the run-in from the reference steady "
                                              r"state failed at t=\S+ d of \S+ d: .*engine='jax'"):
        osteon.simulate("osteon", population=pop, duration=30, save=3, solver=solver)
    r = osteon.simulate("osteon", population=pop, duration=30, save=3, solver=solver,
                        on_failure="drop")
    assert r.subject_ids == ("ok",) and list(r.status["status"]) == ["ok", "failed"]
    assert "engine='jax'" in r.status["message"][1] and r.status["t_reached_days"][1] == 0.0
    assert np.isfinite(r.values).all()
    one = osteon.simulate("osteon", parameters={"age_start": 68.0, "adipogenic_drift_rate": 0.02},
                          duration=30, save=3, solver=solver)
    np.testing.assert_allclose(r.values[0], one.values[0], rtol=1e-9, atol=1e-12)


def test_worker_processes_do_not_fork_a_process_with_jax_loaded():
    # JAX runs threads a fork does not copy; n_jobs pools start fresh interpreters once it is in
    from osteon.parallel import process_pool

    assert "jax" in sys.modules
    with process_pool(1) as pool:
        assert pool._mp_context.get_start_method() == "forkserver"
        assert pool.submit(abs, -3).result() == 3
