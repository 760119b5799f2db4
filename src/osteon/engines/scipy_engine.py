"""The NumPy engine: vectorized subjects, piecewise integration between events (SciPy solvers
for one subject, the batched Rosenbrock solver for populations)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.integrate import solve_ivp

from osteon.engines.options import Solver
from osteon.engines.rosenbrock import BatchSolution, solve_batch
from osteon.engines.scalar import float_rhs
from osteon.events import Bolus, Event, ParameterStep, StateScale, apply_state_event
from osteon.model.spec import ModelSpec


@dataclass
class SegmentFailure:
    t_reached: float
    message: str
    #: the row (of the subjects integrated together) whose failure ``message`` gives, where the
    #: engine tells its subjects apart (the batched Rodas4, JAX); the message names no row,
    #: since a row is not the subject id the user sees
    row: int | None = None
    #: with ``drop_failed``, where the engine tells which subjects failed: every failed row's
    #: (time reached, reason), the others integrated to the end (the trajectory is whole)
    rows: dict[int, tuple[float, str]] | None = None


@dataclass
class Trajectory:
    """States at the save times, and the parameter set in force at each save time."""

    y: np.ndarray                        # (n, n_t, k)
    param_segments: list[tuple[np.ndarray, dict[str, np.ndarray]]]  # (save indices, params)
    failure: SegmentFailure | None
    n_rhs: int


def _sparsity(n: int, k: int):
    return None if n == 1 else sparse.kron(sparse.identity(n, format="csr"), np.ones((k, k)),
                                           format="csr")


def _solve(spec: ModelSpec, y0: np.ndarray, p: Mapping[str, np.ndarray], t0: float, t1: float,
           t_eval: np.ndarray, solver: Solver, counter: list[int],
           last_t: list[float] | None = None, last_y: list | None = None):
    """One segment with SciPy (or the batched Rodas4); ``last_t[0]``, when given, holds the
    latest time the rates were evaluated at (where a failure raised inside SciPy happened), and
    ``last_y[0]`` the states they were evaluated at (rows: subjects, or SciPy's columns)."""
    n, k = y0.shape
    seen = last_t if last_t is not None else [t0]
    seen_y = last_y if last_y is not None else [None]
    method = solver.method_for(n)
    if method == "Rodas4":
        return solve_batch(spec, y0, p, t0, t1, t_eval, solver, counter)
    shrink = np.sqrt(n)
    rtol = solver.rtol / shrink
    atol = np.tile(solver.atol * spec.state_scales, n) / shrink
    if solver.state_tolerances:  # SciPy's methods take one rtol: widen atol at the state's scale
        atol = atol + np.tile((spec.state_tolerances - 1.0) * rtol * spec.state_scales, n)

    if n == 1:
        # one subject: the right-hand side is vectorized over subjects, so SciPy's columns (the
        # finite-difference Jacobian's perturbed states) go through it in one call as if they
        # were subjects sharing the parameters; a single column goes through the float path
        def columns(t: float, ycols: np.ndarray) -> np.ndarray:
            return np.asarray(spec.rhs(t, ycols.T, p, np), dtype=float).T

        one = float_rhs(spec, p, t0, y0[0], lambda t, y: columns(t, y[:, None])[:, 0])

        def fun(t: float, ycols: np.ndarray) -> np.ndarray:
            counter[0] += 1
            seen[0] = t
            seen_y[0] = ycols.T
            if ycols.shape[1] == 1:
                return one(t, ycols[:, 0])[:, None]
            return columns(t, ycols)

        vectorized = True
    else:
        def fun(t: float, ycols: np.ndarray) -> np.ndarray:
            counter[0] += 1
            seen[0] = t
            seen_y[0] = ycols.reshape(n, k)
            return np.asarray(spec.rhs(t, ycols.reshape(n, k), p, np), dtype=float).ravel()

        vectorized = False

    opts: dict = {"rtol": rtol, "atol": atol, "max_step": solver.max_step,
                  "vectorized": vectorized}
    if solver.first_step is not None:
        opts["first_step"] = min(solver.first_step, t1 - t0)
    if n > 1:
        if method == "LSODA":
            opts["lband"] = opts["uband"] = k - 1
        else:
            opts["jac_sparsity"] = _sparsity(n, k)
    with np.errstate(all="ignore"):
        return solve_ivp(fun, (t0, t1), y0.ravel(), method=method, t_eval=t_eval, **opts)


def domain_report(spec: ModelSpec, y: np.ndarray | None, p: Mapping[str, np.ndarray],
                  t: float) -> str:
    """Which states' rates are non-finite, and which nonnegative states are below zero, at the
    states ``y`` (rows: subjects, or SciPy's columns of one subject) the rates were last
    evaluated at near ``t``; empty when nothing is out of its domain (or ``y`` is unknown)."""
    if y is None:
        return ""
    y = np.atleast_2d(np.asarray(y, dtype=float))
    if y.shape[1] != len(spec.states):
        return ""
    try:
        with np.errstate(all="ignore"):
            d = np.asarray(spec.rhs(t, y, p, np), dtype=float).reshape(y.shape)
    except Exception:  # a diagnosis must not hide the failure it explains
        d = np.full(y.shape, np.nan)
    parts = []
    bad = [st.name for j, st in enumerate(spec.states) if not np.isfinite(d[:, j]).all()]
    if bad:
        parts.append(f"non-finite rates of {', '.join(bad)}")
    low = [f"{st.name} = {y[:, j].min():.4g} {st.unit}" for j, st in enumerate(spec.states)
           if st.nonnegative and (y[:, j] < -1e-6 * st.scale).any()]
    if low:
        parts.append(f"below zero: {', '.join(low)}")
    nonfinite_y = [st.name for j, st in enumerate(spec.states) if not np.isfinite(y[:, j]).all()]
    if nonfinite_y:
        parts.append(f"non-finite states: {', '.join(nonfinite_y)}")
    return f"at t={t:g} d, " + "; ".join(parts) if parts else ""


def integrate(spec: ModelSpec, y0: np.ndarray, p: Mapping[str, np.ndarray], t_save: np.ndarray,
              events: Sequence[Event], solver: Solver, *, drop_failed: bool = False
              ) -> Trajectory:
    """Integrate from t=0 to t_save[-1], applying ``events`` between segments.

    A failure stops the integration: the trajectory holds the save times before it. With
    ``drop_failed``, where the engine tells which subjects failed (the batched Rodas4, which
    integrates each on its own), those leave and the others go on to the end with the method
    they started with: the trajectory is whole, a failed subject's values NaN where she did
    not reach, and ``failure.rows`` gives each failed row's (time reached, reason). Where the
    engine cannot tell (SciPy's methods, a solver that raises), it stops as without it."""
    n, k = y0.shape
    t_end = float(t_save[-1])
    params = {name: np.array(v, dtype=float) for name, v in p.items()}
    y = y0.astype(float).copy()
    out = np.full((n, t_save.size, k), np.nan) if drop_failed else np.empty((n, t_save.size, k))
    seg_params: list[tuple[np.ndarray, dict[str, np.ndarray]]] = []
    counter = [0]
    # the rows still integrating, and each failed row's (time reached, reason) (drop_failed)
    alive = np.arange(n)
    gone: dict[int, tuple[float, str]] = {}
    fixed = solver.replace(method=solver.method_for(n))  # a batch cut to one stays Rodas4
    # segment ends: every event time after the start, and the end (events at t = 0 are applied
    # once, before the first segment)
    times = sorted({e.time for e in events if 0.0 < e.time < t_end} | {t_end})
    t0 = 0.0
    # the save at t=0 is the pre-event state
    saved = 0
    if t_save[0] == 0.0:
        out[:, 0, :] = y
        seg_params.append((np.array([0]), {kk: v.copy() for kk, v in params.items()}))
        saved = 1
    for t1 in times:
        whole = alive.size == n
        for ev in (e for e in events if e.time == t0):
            if isinstance(ev, ParameterStep):
                params[ev.name] = np.broadcast_to(np.asarray(ev.value, dtype=float), (n,)).copy()
            elif isinstance(ev, Bolus | StateScale):
                if whole:
                    y = apply_state_event(ev, spec, y)
                else:  # the failed ones are left as they were
                    y[alive] = apply_state_event(ev, spec, y[alive], alive, n)
        mask = (t_save > t0) & (t_save <= t1)
        idx = np.flatnonzero(mask)
        if t1 > t0:
            with_end = idx.size == 0 or t_save[idx[-1]] != t1
            t_eval = np.append(t_save[idx], t1) if with_end else t_save[idx]
            last_t, last_y = [t0], [None]
            m = alive.size
            try:
                if whole:
                    sol = _solve(spec, y, params, t0, t1, t_eval, solver, counter, last_t,
                                 last_y)
                else:
                    sol = _solve(spec, y[alive], _cut(params, alive, n), t0, t1, t_eval,
                                 fixed, counter, last_t, last_y)
            except (ValueError, RuntimeError, FloatingPointError, np.linalg.LinAlgError) as exc:
                # non-finite rates reach the solver's linear algebra: the model left its domain
                where = domain_report(spec, last_y[0], params, last_t[0])
                return Trajectory(out[:, :saved], seg_params,
                                  SegmentFailure(last_t[0], f"the solver failed near "
                                                 f"t={last_t[0]:g} d (the segment from "
                                                 f"t={t0:g} d): {exc} (non-finite rates: the "
                                                 f"model left its domain"
                                                 f"{'; ' + where if where else ''})"),
                                  counter[0])
            ok = np.ones(m, dtype=bool)
            if sol.status != 0 or not np.isfinite(sol.y).all():
                if not (drop_failed and isinstance(sol, BatchSolution)):
                    # SciPy leaves t (and y) as empty lists when no save time was reached
                    ts = np.asarray(sol.t, dtype=float)
                    reached = float(ts[-1]) if ts.size else t0
                    msg = sol.message if sol.status != 0 else "non-finite values in the solution"
                    where = domain_report(spec, last_y[0], params, last_t[0])
                    if where:
                        msg = f"{msg} ({where})"
                    return Trajectory(out[:, :saved], seg_params,
                                      SegmentFailure(reached, msg, getattr(sol, "row", None)),
                                      counter[0])
                # each subject on her own: those that failed leave, the others go on
                ok = np.isfinite(sol.y.reshape(m, k, -1)).all(axis=(1, 2))
                ok[list(sol.failures)] = False
                reached_at = (sol.t_reached if sol.t_reached is not None
                              else np.full(m, float(sol.t[-1])))
                for r in np.flatnonzero(~ok):
                    gone[int(alive[r])] = (float(reached_at[r]), sol.failures.get(
                        int(r), sol.message if sol.status != 0
                        else "non-finite values in the solution"))
            if idx.size:
                cols = sol.y[:, : idx.size]
                vals = cols.T.reshape(idx.size, m, k).transpose(1, 0, 2)
                if whole:
                    out[:, idx, :] = vals
                else:
                    out[alive[:, None], idx[None, :], :] = vals
                seg_params.append((idx, {kk: v.copy() for kk, v in params.items()}))
                saved = idx[-1] + 1
            last = sol.y[:, -1].reshape(m, k)
            y[alive[ok]] = last[ok]
            alive = alive[ok]
            if not alive.size:
                break
        t0 = t1
    if gone:
        first = min(gone, key=lambda r: (gone[r][0], r))
        more = f" (and {len(gone) - 1} more subjects)" if len(gone) > 1 else ""
        return Trajectory(out, seg_params, SegmentFailure(gone[first][0], gone[first][1] + more,
                                                          first, dict(gone)), counter[0])
    return Trajectory(out, seg_params, None, counter[0])


def _cut(params: Mapping[str, np.ndarray], rows: np.ndarray, n: int) -> dict[str, np.ndarray]:
    """The parameters of ``rows`` of the ``n`` subjects (a value all share is kept as it is)."""
    return {name: v[rows] if v.ndim and v.shape[0] == n else v for name, v in params.items()}


def integrate_to_rest(spec: ModelSpec, y0: np.ndarray, p: Mapping[str, np.ndarray],
                      horizon: float = 1e5) -> np.ndarray:
    """Integrate far forward (fallback for the steady-state search); returns the final state."""
    solver = Solver(rtol=1e-10, atol=1e-12)
    try:
        sol = _solve(spec, y0, p, 0.0, horizon, np.array([horizon]), solver, [0])
    except (ValueError, FloatingPointError, np.linalg.LinAlgError):
        return y0
    if sol.status != 0 or not np.isfinite(sol.y).all():
        return y0
    return sol.y[:, -1].reshape(y0.shape)
