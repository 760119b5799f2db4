"""The batched Rodas4 engine: accuracy on problems with exact solutions, per-subject error
control, agreement with SciPy's BDF on the published and integrated models, failures."""

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
