"""The one-subject float path of the NumPy engine: the same numbers as the array path, taken for
every shipped model, and handing back to NumPy wherever floats would behave differently."""

import numpy as np
import pytest

import osteon
from osteon import drugs
from osteon.engines import scipy_engine
from osteon.engines.scalar import FLOATS, Row, float_rhs
from osteon.library import load
from osteon.model.spec import ModelSpec, State


def _array_rhs(spec, p):
    return lambda t, y: np.asarray(spec.rhs(t, y[None, :], p, np), dtype=float)[0]


def _points(spec, seed=0):
    rng = np.random.default_rng(seed)
    y0 = spec.initial_values(1)[0]
    scales = spec.state_scales
    base = np.where(y0 != 0.0, y0, scales)
    return [y0, base * rng.uniform(0.7, 1.3, y0.size), base * rng.uniform(0.2, 3.0, y0.size)]


SPECS = {
    **{m: (lambda m=m: load(m)) for m in ("komarova2003", "lemaire2004", "pivonka2008",
                                          "peterson_riggs2010", "osteon")},
    "osteon+every drug": lambda: drugs.compose(load("osteon"), drugs.names()),
}


@pytest.mark.parametrize("name", list(SPECS))
def test_float_path_gives_the_array_paths_derivatives_for_every_model(name):
    spec = SPECS[name]()
    p = spec.resolve_parameters({"age_start": 70.0} if "osteon" in name else None)
    array_rhs = _array_rhs(spec, p)
    y0 = spec.initial_values(1)[0]
    fast = float_rhs(spec, p, 0.0, y0, array_rhs)
    assert fast is not array_rhs, "the float path was not taken"
    # near the start, and far from it (where some models leave their domain: NumPy gives nan
    # and so must the float path)
    for t, y in zip((0.0, 3.7, 400.0), _points(spec), strict=True):
        with np.errstate(all="ignore"):
            want = array_rhs(t, y)
            got = fast(t, y)
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-14 * spec.state_scales.max(),
                                   equal_nan=True)


def test_one_subject_simulations_take_the_float_path_and_agree_with_arrays(monkeypatch):
    taken = []

    def recording(spec, p, t0, y0, array_rhs):
        fn = float_rhs(spec, p, t0, y0, array_rhs)
        taken.append(fn is not array_rhs)
        return fn

    def run():
        # a tight tolerance: the two paths differ only by rounding, which adaptive steps carry
        # up to the solver's tolerance (at rtol 1e-6 the runs differed by 1e-6 to 4e-6
        # relative, depending on the order the tests ran in); at 1e-10 that noise is far
        # below the comparison, and a wrong float right-hand side is not
        r = osteon.simulate("osteon", "denosumab 60 mg sc q6mo x 1", duration=200.0, save=5,
                            parameters={"age_start": 66.0},
                            solver=osteon.Solver(rtol=1e-10, atol=1e-12))
        return r.to_xarray()

    monkeypatch.setattr(scipy_engine, "float_rhs", recording)
    floats = run()
    assert taken and all(taken)
    monkeypatch.setattr(scipy_engine, "float_rhs", lambda spec, p, t0, y0, array_rhs: array_rhs)
    arrays = run()
    for v in ("bmd_lumbar_spine", "ctx", "denosumab_serum", "pth"):
        np.testing.assert_allclose(floats[v].values, arrays[v].values, rtol=1e-8, atol=1e-14)


def _toy(rhs):
    return ModelSpec(id="toy", version="0", time_unit="day",
                     states=(State("x", "1", "x", initial=1.0, scale=1.0),
                             State("z", "1", "z", initial=1.0, scale=1.0)),
                     parameters=load("komarova2003").parameters[:1], rhs=rhs)


def test_floats_hand_back_to_numpy_where_they_would_raise_or_turn_complex():
    def rhs(t, y, p, xp):
        x, z = y[:, 0], y[:, 1]
        # a negative base to a fractional power: complex in Python, nan in NumPy;
        # division by zero: an exception in Python, inf in NumPy
        return xp.stack([x ** 0.5, 1.0 / z], axis=-1)

    spec = _toy(rhs)
    p = spec.resolve_parameters()
    array_rhs = _array_rhs(spec, p)
    fast = float_rhs(spec, p, 0.0, np.array([4.0, 2.0]), array_rhs)
    assert fast is not array_rhs
    np.testing.assert_array_equal(fast(0.0, np.array([4.0, 2.0])), [2.0, 0.5])
    with np.errstate(all="ignore"):
        got = fast(0.0, np.array([-4.0, 0.0]))
    assert np.isnan(got[0]) and np.isinf(got[1])


def test_a_model_using_what_floats_lack_keeps_the_array_path():
    def rhs(t, y, p, xp):
        return xp.stack([xp.clip(y[:, 0], 0.0, 1.0), -y[:, 1]], axis=-1)

    spec = _toy(rhs)
    p = spec.resolve_parameters()
    array_rhs = _array_rhs(spec, p)
    assert float_rhs(spec, p, 0.0, np.array([0.5, 1.0]), array_rhs) is array_rhs


def test_a_float_path_that_disagrees_at_the_check_is_not_used():
    def rhs(t, y, p, xp):
        # floats and arrays differ on purpose: xp is FLOATS only on the float path
        bump = 1e-6 if xp is FLOATS else 0.0
        return xp.stack([-y[:, 0] + bump, -y[:, 1]], axis=-1)

    spec = _toy(rhs)
    p = spec.resolve_parameters()
    array_rhs = _array_rhs(spec, p)
    assert float_rhs(spec, p, 0.0, np.array([1.0, 1.0]), array_rhs) is array_rhs


def test_row_indexes_as_the_models_index_arrays():
    r = Row([1.0, 2.0, 3.0])
    assert r[:, 1] == 2.0 and r[:, 1:].v == [2.0, 3.0]
    assert FLOATS.maximum(float("nan"), 1.0) != FLOATS.maximum(float("nan"), 1.0)  # nan kept
    assert FLOATS.minimum(2.0, float("nan")) != FLOATS.minimum(2.0, float("nan"))
    assert FLOATS.logaddexp(1000.0, 1000.0) == pytest.approx(np.logaddexp(1000.0, 1000.0))


def test_float_rhs_needs_one_value_per_parameter():
    spec = load("komarova2003")
    p = spec.resolve_parameters(n_subjects=2)
    array_rhs = _array_rhs(spec, p)
    y = spec.initial_values(1)[0]
    assert float_rhs(spec, p, 0.0, y, array_rhs) is array_rhs
