"""The compiled engine: the whole dosing history integrated in one XLA program (JAX, optional).

The SciPy engine drives the solver from Python: every step pays Python's and SciPy's overhead,
and every dose restarts the integrator. A daily subcutaneous injection over two years is 730
segments of hour-scale pharmacokinetics and signaling, which costs minutes that way. Here the
model's right-hand side (written once against an array namespace) is traced with ``jax.numpy``
and the integrator, the segment loop over events and the subject axis are compiled together:

- **method**: a Rosenbrock method of :mod:`osteon.engines.tableaus`, by default Rodas5P
  (Steinebach 2023; order 5 with an order-4 error estimate, 8 stages), or Rodas4 (Hairer &
  Wanner 1996, Table IV.7.2; the NumPy batched solver's method), with the step-size control of
  :mod:`osteon.engines.rosenbrock` and the exact Jacobian and time derivative from one
  forward-mode pass of automatic differentiation instead of finite differences. At rtol
  1e-8 Rodas5P takes about half of Rodas4's steps on the integrated model (2 years of daily
  teriparatide: 123,000 against 235,000) and agrees with it to about 1e-8 (relative);
- **segments**: the time axis is cut at every event time and every save time; a ``lax.scan``
  runs over the segments, applying the events that open each one (boluses, state scalings,
  parameter steps) and integrating to its end, so a saved value at an event time is the value
  just before the event, as in the SciPy engine;
- **subjects**: ``vmap`` over the subject axis; every subject has its own step size and error
  control (an RMS over its own scaled states), as in the NumPy solver.

Tolerances read as in the other engines (``atol`` relative to each state's declared scale). A
subject whose step size collapses or whose rates stop being finite is reported as failed at the
time it reached, with the reason; its later values are not used.

Parameters that every subject has at the model's own default value, and that no event steps,
are compiled in as constants (XLA folds them: a power with a constant exponent becomes a product
or a root, a zero gain drops its term; a quarter to a third off a run of the integrated model);
the others are arguments. Compilation takes tens of seconds for the integrated model; the compiled
program is kept for the rest of the process for every model, subject count, (padded) segment
count and set of compiled-in parameters already seen, and,
unless ``OSTEON_JAX_CACHE`` is set to ``0``, in JAX's persistent compilation cache
(``~/.cache/osteon/jax`` or ``$OSTEON_JAX_CACHE``), so a later process loads it instead.

Install with ``pip install "osteon[jax]"``; JAX runs on CPU, and on a GPU where jaxlib has one.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from osteon.engines.options import Solver
from osteon.engines.rosenbrock import _FAC_MAX, _FAC_MIN, _MAX_NONFINITE_PER_SAVE, _SAFETY
from osteon.engines.tableaus import TABLEAUS
from osteon.errors import InputError, OsteonError
from osteon.events import Bolus, Event, ParameterStep, StateScale
from osteon.model.spec import ModelSpec

#: steps (accepted and rejected) one subject may take in one segment before it is failed
MAX_STEPS_PER_SEGMENT = 200_000
#: trial steps with non-finite rates or solution one subject may take in one segment (a segment
#: ends at every save and event time) before it is failed: the NumPy solver's guard against a
#: subject that keeps leaving its domain (see osteon.engines.rosenbrock), which otherwise creeps
#: on ever-rejected trials toward MAX_STEPS_PER_SEGMENT
MAX_NONFINITE_PER_SEGMENT = _MAX_NONFINITE_PER_SAVE

_STATUS = {1: "more than {n} steps in one segment", 2: "required step size is less than spacing "
           "between numbers", 3: "non-finite rates: the model left its domain",
           4: "the model keeps leaving its domain: the rates turned non-finite on {nf} trial "
              "steps in one segment"}


class JaxUnavailableError(OsteonError, ImportError):
    """The JAX engine was asked for, and JAX is not installed."""


def _jax():
    try:
        import jax
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise JaxUnavailableError(
            "Solver(engine='jax') needs JAX: pip install 'osteon[jax]' (or use the default "
            "engine='scipy')") from exc
    _configure_cache(jax)
    return jax


_cache_set = False


def _configure_cache(jax) -> None:
    global _cache_set
    if _cache_set:
        return
    _cache_set = True
    where = os.environ.get("OSTEON_JAX_CACHE", "")
    if where == "0":
        return
    path = Path(where) if where else Path.home() / ".cache" / "osteon" / "jax"
    try:
        path.mkdir(parents=True, exist_ok=True)
        jax.config.update("jax_compilation_cache_dir", str(path))
        jax.config.update("jax_persistent_cache_min_compile_time_secs", 1.0)
    except (OSError, AttributeError):  # a read-only home: compile every process
        pass


def _pad(m: int) -> int:
    """Segment counts are padded (with empty segments) to few sizes, so few programs compile."""
    if m > 1024:
        return -(-m // 512) * 512
    size = 16
    while size < m:
        size *= 2
    return size


def _plan(spec: ModelSpec, n: int, t_save: np.ndarray, events: Sequence[Event],
          params: Mapping[str, np.ndarray]):
    """The segment table: ends, per-segment state updates at the start, parameter values."""
    t_end = float(t_save[-1])
    bounds = sorted({e.time for e in events if 0.0 < e.time < t_end} | {float(t) for t in t_save
                                                                         if t > 0.0} | {t_end})
    m = len(bounds)
    mp = _pad(m)
    starts = np.array([0.0, *bounds[:-1]])
    ends = np.array(bounds)
    # padding: empty segments at the end
    starts = np.concatenate([starts, np.full(mp - m, t_end)])
    ends = np.concatenate([ends, np.full(mp - m, t_end)])
    # state updates are stored for the states that events touch only (a population on daily
    # doses would otherwise carry n x segments x every state)
    touched = sorted({spec.state_index(e.state) for e in events
                      if isinstance(e, Bolus | StateScale) and e.time < t_end})
    col = {j: c for c, j in enumerate(touched)}
    add = np.zeros((n, mp, len(touched)))
    mul = np.ones((n, mp, len(touched)))
    reset = np.zeros(mp, dtype=bool)
    stepped = sorted({e.name for e in events if isinstance(e, ParameterStep)})
    pvals = {name: np.repeat(np.broadcast_to(params[name], (n,))[:, None], mp, axis=1).copy()
             for name in stepped}
    seg_of = {t: i for i, t in enumerate(starts[:m])}
    for ev in events:
        if ev.time >= t_end:
            continue
        i = seg_of[ev.time]
        if isinstance(ev, ParameterStep):
            v = np.broadcast_to(np.asarray(ev.value, dtype=float), (n,))
            pvals[ev.name][:, i:] = v[:, None]
            reset[i] = True
            continue
        j = spec.state_index(ev.state)
        c = col[j]
        if isinstance(ev, Bolus):
            amount = np.broadcast_to(np.asarray(ev.amount, dtype=float), (n,))
            if spec.states[j].nonnegative and (amount < 0).any():
                raise InputError(f"Solver(engine='jax') does not take negative boluses on the "
                                 f"nonnegative state '{ev.state}' (t={ev.time:g} d); use "
                                 f"engine='scipy', which checks the amount removed")
            if (mul[:, i, c] != 1.0).any():
                raise InputError(f"Solver(engine='jax'): a Bolus on '{ev.state}' after a "
                                 f"StateScale at the same time (t={ev.time:g} d) is not "
                                 f"supported; use engine='scipy'")
            add[:, i, c] += amount
        else:
            factor = np.broadcast_to(np.asarray(ev.factor, dtype=float), (n,))
            mul[:, i, c] *= factor
            add[:, i, c] *= factor
        reset[i] = True
    save_at = np.searchsorted(ends[:m], t_save[t_save > 0.0])
    return starts, ends, add, mul, tuple(touched), reset, pvals, save_at, m


@lru_cache(maxsize=32)
def _program(spec: ModelSpec, stepped: tuple[str, ...], touched: tuple[int, ...], one: bool,
             method: str = "Rodas5P", baked: tuple[tuple[str, float], ...] = ()):
    """The compiled solve for ``spec``: (z0, params, stepped values, segment table, tolerances)
    -> (z at every segment end, status, time reached, accepted steps, rejected steps).

    ``baked`` parameters (name, value) are compiled in as constants and are not arguments: XLA
    folds them (a power with a constant exponent becomes a product or a square root, a gain of
    0 removes its term), which takes a quarter to a third off a run of the integrated model."""
    jax = _jax()
    import jax.numpy as jnp
    from jax import lax
    from jax.scipy.linalg import lu_factor, lu_solve

    scale = jnp.asarray(spec.state_scales, dtype=jnp.float64)
    k = scale.shape[0]
    tab = TABLEAUS[method]
    n_stages, gamma, order_est = tab.stages, tab.gamma, tab.order_est
    a = jnp.asarray(tab.a)
    c = jnp.asarray(tab.c)
    m_w = jnp.asarray(tab.m)
    e_w = jnp.asarray(tab.e)
    alpha = jnp.asarray(tab.alpha)
    gammas = jnp.asarray(tab.gammas)

    constants = {name: jnp.full((1,), value, dtype=jnp.float64) for name, value in baked}

    def one_subject(z0, p, pstep, t_stop, starts, ends, add, mul, reset, rtol, atol, max_step,
                    h_first, loose):
        p = {**constants, **p}
        def f(t, z, pp):
            y = (z * scale)[None, :]
            return spec.rhs(t, y, pp, jnp)[0] / scale

        def f_tz(tz, pp):
            out = f(tz[0], tz[1:], pp)
            return out, out

        def initial_h(t, z, pp, span):
            f0 = f(t, z, pp)
            w = (atol + rtol * jnp.abs(z)) * loose
            d0 = jnp.sqrt(jnp.mean((z / w) ** 2))
            d1 = jnp.sqrt(jnp.mean((f0 / w) ** 2))
            h = jnp.where((d0 > 1e-5) & (d1 > 1e-5), 0.01 * d0 / d1, 1e-6)
            h = jnp.where(jnp.isfinite(h), h, 1e-6)
            h = jnp.where(h_first > 0, h_first, h)
            return jnp.minimum(jnp.minimum(h, span), max_step)

        def segment(carry, seg):
            z, h, status, t_fail, n_acc, n_rej = carry
            t0, t1, add_i, mul_i, reset_i, pstep_i = seg
            t1 = jnp.minimum(t1, jnp.maximum(t_stop, t0))  # a subject stops at its own end
            pp = {**p, **{name: pstep_i[j][None] for j, name in enumerate(stepped)}}
            cols = jnp.asarray(touched, dtype=jnp.int32)
            z_ev = z.at[cols].multiply(mul_i).at[cols].add(add_i / scale[cols])
            z = jnp.where(status == 0, z_ev, z)
            span = t1 - t0
            h = jnp.where(reset_i | (h <= 0), initial_h(t0, z, pp, jnp.maximum(span, 1e-300)), h)

            def cond(s):
                return (s[0] < t1) & (s[3] == 0)  # (t, z, h, status, ...)

            def body(s):
                t, z, h, status, was_rej, n_a, n_r, it, nf = s
                left = t1 - t
                landing = h >= left
                hs = jnp.where(landing, left, h)
                t_step = jnp.where(landing, t1, t + hs)
                hs = t_step - t
                # the rates, their Jacobian and their time derivative in one forward-mode
                # pass over (t, z): one primal evaluation and k + 1 tangents
                jac_tz, f0 = jax.jacfwd(f_tz, has_aux=True)(jnp.concatenate([t[None], z]), pp)
                ft, jac = jac_tz[:, 0], jac_tz[:, 1:]
                g = jnp.eye(k) / (hs * gamma) - jac
                lu = lu_factor(g)
                ks = jnp.zeros((n_stages, k))
                for i in range(n_stages):
                    if i == 0:
                        fi = f0
                        rhs = fi + hs * gammas[0] * ft
                    else:
                        zi = z + a[i, :i] @ ks[:i]
                        fi = f(t + alpha[i] * hs, zi, pp)
                        rhs = fi + hs * gammas[i] * ft + (c[i, :i] @ ks[:i]) / hs
                    ks = ks.at[i].set(lu_solve(lu, rhs))
                z_new = z + m_w @ ks
                err_vec = e_w @ ks
                tol = (atol + rtol * jnp.maximum(jnp.abs(z), jnp.abs(z_new))) * loose
                err = jnp.sqrt(jnp.mean((err_vec / tol) ** 2))
                finite = jnp.isfinite(err) & jnp.all(jnp.isfinite(z_new))
                accept = finite & (err <= 1.0)
                fac = _SAFETY * jnp.where(err > 0, err, 1e-10) ** (-1.0 / order_est)
                fac = jnp.clip(jnp.nan_to_num(fac, nan=_FAC_MIN), _FAC_MIN, _FAC_MAX)
                fac = jnp.where(finite, fac, 0.1)
                fac = jnp.where(~accept | was_rej, jnp.minimum(fac, 1.0), fac)
                h_next = jnp.where(landing & accept, jnp.maximum(h, hs * fac), hs * fac)
                h_next = jnp.minimum(h_next, max_step)
                t_new = jnp.where(accept, t_step, t)
                z_out = jnp.where(accept, z_new, z)
                tiny = h_next < 1e-12 * jnp.maximum(jnp.abs(t_new), 1.0)
                it = it + 1
                nf = nf + (~finite).astype(jnp.int32)
                status = jnp.where(tiny & (t_new < t1), jnp.where(finite, 2, 3),
                                   jnp.where(nf >= MAX_NONFINITE_PER_SEGMENT, 4,
                                             jnp.where(it >= MAX_STEPS_PER_SEGMENT, 1, 0))
                                   ).astype(jnp.int32)
                return (t_new, z_out, h_next, status, ~accept, n_a + accept.astype(jnp.int32),
                        n_r + (~accept).astype(jnp.int32), it, nf)

            zero = jnp.zeros((), jnp.int32)
            init = (t0, z, h, status, jnp.zeros((), bool), zero, zero, zero, zero)
            t_r, z_r, h_r, st, _, na, nr, _, _ = lax.while_loop(cond, body, init)
            failed_now = (status == 0) & (st != 0)
            t_fail = jnp.where(failed_now, t_r, t_fail)
            return (z_r, h_r, st, t_fail, n_acc + na, n_rej + nr), z_r

        zero = jnp.zeros((), jnp.int32)
        carry0 = (z0, jnp.asarray(-1.0, jnp.float64), zero, jnp.asarray(jnp.inf, jnp.float64),
                  zero, zero)
        segs = (starts, ends, add, mul, reset, pstep)
        (_, _, status, t_fail, n_acc, n_rej), zs = lax.scan(segment, carry0, segs)
        return zs, status, t_fail, n_acc, n_rej

    if one:  # one subject: no batch axis in the compiled loop (vmap of size 1 costs per step)
        def single(z0, p, pstep, t_stop, starts, ends, add, mul, *rest):
            out = one_subject(z0[0], {name: v[0] for name, v in p.items()}, pstep[0], t_stop[0],
                              starts, ends, add[0], mul[0], *rest)
            return tuple(x[None] for x in out)

        return jax.jit(single)
    return jax.jit(jax.vmap(one_subject, in_axes=(0, 0, 0, 0, None, None, 0, 0, None, None,
                                                  None, None, None, None)))


def _x64(jax):
    """Double precision for the program (a context: the user's own JAX settings are kept)."""
    if hasattr(jax, "enable_x64"):
        return jax.enable_x64(True)
    from jax.experimental import enable_x64  # jax < 0.6

    return enable_x64()


def _baked(spec: ModelSpec, params: Mapping[str, np.ndarray],
           stepped: tuple[str, ...]) -> tuple[tuple[str, float], ...]:
    """The parameters every subject has at the model's own default value and no event steps:
    compiled in as constants. A program is compiled once per set of such values, so varying a
    parameter (a population, a sensitivity analysis) traces that one, and changing no default
    keeps the compiled program (in this process and in the persistent cache)."""
    defaults = spec.default_parameters()
    out = []
    for name in sorted(params):
        if name in stepped or name not in defaults:
            continue
        v = np.asarray(params[name], dtype=float)
        d = float(defaults[name])
        if np.isfinite(d) and bool(np.all(v == d)):
            out.append((name, d))
    return tuple(out)


def _run(spec, y0, params, stepped, pstep, t_stop, starts, ends, add, mul, touched, reset,
         solver):
    jax = _jax()
    scale = np.asarray(spec.state_scales, dtype=float)
    baked = _baked(spec, params, stepped)
    names = {name for name, _ in baked}
    with _x64(jax):
        method = solver.method_for(y0.shape[0])
        program = _program(spec, stepped, touched, y0.shape[0] == 1, method, baked)
        out = program(y0 / scale, {name: v[:, None] for name, v in params.items()
                                   if name not in names}, pstep,
                      t_stop, starts, ends, add, mul, reset, solver.rtol, solver.atol,
                      min(solver.max_step, 1e300), solver.first_step or 0.0,
                      spec.state_tolerances if solver.state_tolerances
                      else np.ones(len(spec.states)))
        return tuple(np.asarray(x) for x in out)


def _subject_message(status: np.ndarray, t_fail: np.ndarray, s: int) -> str:
    """Why the subject of row ``s`` failed, and when; the row is not named (it is not the
    subject id the user sees: the caller names the subject)."""
    msg = _STATUS[int(status[s])].format(n=MAX_STEPS_PER_SEGMENT, nf=MAX_NONFINITE_PER_SEGMENT)
    return f"{msg} (at t={float(t_fail[s]):.6g} d, engine='jax')"


def _message(status: np.ndarray, t_fail: np.ndarray) -> tuple[float, str, int]:
    """The time the first failed subject stopped, its reason and its row."""
    bad = np.flatnonzero(status != 0)
    s = int(bad[np.argmin(t_fail[bad])])
    return float(t_fail[s]), _subject_message(status, t_fail, s), s


def integrate_until(spec: ModelSpec, y0: np.ndarray, p: Mapping[str, np.ndarray],
                    t_stop: np.ndarray, solver: Solver
                    ) -> tuple[np.ndarray, dict[int, tuple[float, str]]]:
    """Each subject's state at its own end time ``t_stop`` (n,), no events (a run-in); and each
    failed subject's (time reached, reason) by its row (the others' states are theirs: each
    subject is integrated on its own in the compiled loop). The reasons name no row."""
    n = y0.shape[0]
    params = {name: np.broadcast_to(np.asarray(v, dtype=float), (n,)) for name, v in p.items()}
    t_stop = np.asarray(t_stop, dtype=float)
    mp = _pad(1)
    longest = float(t_stop.max())
    starts, ends = np.zeros(mp), np.full(mp, longest)
    starts[1:] = longest
    reset = np.zeros(mp, dtype=bool)
    zs, status, t_fail, _, _ = _run(spec, y0, params, (), np.zeros((n, mp, 0)), t_stop, starts,
                                    ends, np.zeros((n, mp, 0)), np.ones((n, mp, 0)), (), reset,
                                    solver)
    status, t_fail = np.asarray(status), np.asarray(t_fail, dtype=float)
    failures = {int(s): (float(t_fail[s]), _subject_message(status, t_fail, int(s)))
                for s in np.flatnonzero(status != 0)}
    return zs[:, 0, :] * np.asarray(spec.state_scales, dtype=float), failures


def integrate(spec: ModelSpec, y0: np.ndarray, p: Mapping[str, np.ndarray], t_save: np.ndarray,
              events: Sequence[Event], solver: Solver, *, drop_failed: bool = False):
    """Same contract as :func:`osteon.engines.scipy_engine.integrate` (each subject is
    integrated on its own in the compiled loop, so with ``drop_failed`` the failed rows are
    always told apart and the others' trajectories are whole)."""
    from osteon.engines.scipy_engine import SegmentFailure, Trajectory

    n, k = y0.shape
    params = {name: np.broadcast_to(np.asarray(v, dtype=float), (n,)) for name, v in p.items()}
    starts, ends, add, mul, touched, reset, pvals, save_at, m = _plan(spec, n, t_save, events,
                                                                      params)
    stepped = tuple(sorted(pvals))
    pstep = (np.stack([pvals[s] for s in stepped], axis=-1) if stepped
             else np.zeros((n, starts.size, 0)))
    zs, status, t_fail, n_acc, n_rej = _run(spec, y0, params, stepped, pstep,
                                            np.full(n, np.inf), starts, ends, add, mul, touched,
                                            reset, solver)
    ys = zs[:, :m, :] * np.asarray(spec.state_scales, dtype=float)
    out_y = np.empty((n, t_save.size, k))
    first = 0
    if t_save[0] == 0.0:
        out_y[:, 0, :] = y0
        first = 1
    out_y[:, first:, :] = ys[:, save_at, :]
    # the parameters in force at each save time (for observables): the segment ending there
    seg_params: list[tuple[np.ndarray, dict[str, np.ndarray]]] = []
    base = {name: np.asarray(v, dtype=float).copy() for name, v in p.items()}
    if first:  # the save at t = 0 is before any event
        seg_params.append((np.array([0]), {name: v.copy() for name, v in base.items()}))
    # save times whose stepped parameters are equal share one entry (one pass of the
    # observables over all of them)
    groups: dict[bytes, list[int]] = {}
    for i in np.unique(save_at):
        key = b"".join(pvals[s][:, i].tobytes() for s in stepped)
        groups.setdefault(key, []).append(int(i))
    for members in groups.values():
        idx = first + np.flatnonzero(np.isin(save_at, members))
        i = members[0]
        vals = {**base, **{s: pvals[s][:, i].copy() for s in stepped}}
        seg_params.append((idx, vals))
    # right-hand-side evaluations: six per step attempt (the stages); the Jacobian's and f_t's
    # forward-mode passes are not counted
    n_rhs = int((n_acc + n_rej).sum()) * TABLEAUS[solver.method_for(n)].stages
    failure = None
    if (status != 0).any():
        reached, msg, row = _message(status, t_fail)
        if drop_failed:
            bad = np.flatnonzero(status != 0)
            for s in bad:  # what a failed subject did not reach is not hers
                out_y[s, t_save > t_fail[s], :] = np.nan
            more = f" (and {bad.size - 1} more subjects)" if bad.size > 1 else ""
            rows = {int(s): (float(t_fail[s]), _subject_message(status, t_fail, int(s)))
                    for s in bad}
            return Trajectory(out_y, seg_params, SegmentFailure(reached, msg + more, row, rows),
                              n_rhs)
        saved = int((t_save <= reached).sum())
        failure = SegmentFailure(reached, msg, row)
        return Trajectory(out_y[:, :saved], [(i[i < saved], v) for i, v in seg_params
                                             if (i < saved).any()], failure, n_rhs)
    return Trajectory(out_y, seg_params, None, n_rhs)


def available() -> bool:
    """Whether JAX can be imported (the engine is usable)."""
    try:
        import jax  # noqa: F401
    except ImportError:
        return False
    return True


__all__ = ["MAX_NONFINITE_PER_SEGMENT", "MAX_STEPS_PER_SEGMENT", "JaxUnavailableError",
           "available", "integrate", "integrate_until"]
