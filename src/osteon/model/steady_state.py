"""The homeostatic steady state, found by root finding and checked.

Baseline is the steady state (PEtab pre-equilibration), not a long run-in. A damped Newton
iteration runs for all subjects at once (each subject's small Jacobian by finite differences on
the vectorized right-hand side); subjects where it fails are integrated forward for a long time and
polished by Newton again. The result is accepted only when every subject's relative residual

    max_i |dy_i/dt| * (1 day) / max(|y_i|, scale_i)

is at most ``tol`` (default 1e-8); otherwise :class:`SteadyStateError` names the subject (by the
id the caller gives, else by its row; a lone subject is not named).

States free at steady state (bone mass) keep their initial value and are not solved for, but their
rate must vanish too. States that accumulate (``State.accumulates``: the vessel wall's mineral)
keep their initial value and are left out of the residual: under some parameters they grow
without bound (no steady state exists), and the steady state is that of the other states, which
do not read them (checked), so the run starts there and they grow from their initial value.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from osteon.errors import ModelDefinitionError, SteadyStateError
from osteon.model.spec import ModelSpec

RESIDUAL_TOL = 1e-8
#: how far below zero, relative to its scale, a nonnegative state may land by rounding alone
ZERO_ROUNDOFF = 1e-12
#: the largest change, relative as in the residual, of another state's rate per change of an
#: accumulating state by its scale that is still read as rounding (no dependence)
FEEDBACK_ROUNDOFF = 1e-13


@dataclass(frozen=True)
class SteadyState:
    """Steady states (n_subjects, n_states), their residuals and how each was found."""

    y: np.ndarray
    residual: np.ndarray
    method: tuple[str, ...]


def _rhs(spec: ModelSpec, t: float, y: np.ndarray, p: Mapping[str, np.ndarray],
         keep: frozenset[str]) -> np.ndarray:
    """The RHS at a candidate steady state ``y``, with baseline references taken from ``y``."""
    return np.asarray(spec.rhs(t, y, spec.with_baseline_references(p, y, keep), np), dtype=float)


def _steady(spec: ModelSpec) -> np.ndarray:
    """Mask of the states that have a steady state (all but the accumulating ones)."""
    return np.array([not s.accumulates for s in spec.states], dtype=bool)


def relative_residual(spec: ModelSpec, y: np.ndarray, p: Mapping[str, np.ndarray],
                      t: float = 0.0, keep: frozenset[str] = frozenset()) -> np.ndarray:
    """Per-subject max of |dy/dt|·(1 day)/max(|y|, scale) over the states that have a steady
    state (accumulating states are left out)."""
    f = _rhs(spec, t, y, p, keep)
    denom = np.maximum(np.abs(y), spec.state_scales[None, :])
    r = np.abs(f) / denom
    r = np.where(np.isfinite(r), r, np.inf)
    return r[:, _steady(spec)].max(axis=1)


def _subject(p: Mapping[str, np.ndarray], n: int, s: int) -> dict[str, np.ndarray]:
    """The parameters of subject ``s`` of ``n``, each as an array of one value."""
    return {k: np.broadcast_to(np.asarray(v, dtype=float), (n,))[s:s + 1] for k, v in p.items()}


def _worst_state(spec: ModelSpec, y: np.ndarray, p: Mapping[str, np.ndarray], t: float,
                 keep: frozenset[str]) -> str:
    """The state (of one subject ``y`` (1, n_states)) whose relative rate is the largest."""
    f = _rhs(spec, t, y, p, keep)[0]
    r = np.abs(f) / np.maximum(np.abs(y[0]), spec.state_scales)
    r = np.where(np.isfinite(r), r, np.inf)
    r = np.where(_steady(spec), r, -np.inf)
    return spec.state_names[int(np.argmax(r))]


def _holding(spec: ModelSpec) -> ModelSpec:
    """``spec`` with its accumulating states held still (for the integration fallback: they would
    grow over its long horizon, and the others do not read them)."""
    steady = _steady(spec)
    if steady.all():
        return spec
    rhs = spec.rhs

    def held(t, y, p, xp):
        return xp.where(steady, rhs(t, y, p, xp), 0.0)

    return dataclasses.replace(spec, rhs=held)


def _check_no_feedback(spec: ModelSpec, y: np.ndarray, p: Mapping[str, np.ndarray], t: float,
                       keep: frozenset[str]) -> None:
    """Refuse an accumulating state that another state's rate reads: holding it at its initial
    value would then move the steady state of the others."""
    acc = np.flatnonzero(~_steady(spec))
    if not acc.size:
        return
    steady = _steady(spec)
    f0 = _rhs(spec, t, y, p, keep)
    denom = np.maximum(np.abs(y), spec.state_scales[None, :])[:, steady]
    for j in acc:
        yp = y.copy()
        yp[:, j] += spec.states[j].scale
        change = np.abs(_rhs(spec, t, yp, p, keep) - f0)[:, steady] / denom
        change = np.where(np.isfinite(change), change, np.inf)
        reading = change.max(axis=0) > FEEDBACK_ROUNDOFF
        if reading.any():
            others = [n for n, k in zip(spec.state_names, steady, strict=True) if k]
            names = [n for n, r in zip(others, reading, strict=True) if r]
            raise ModelDefinitionError(
                f"model '{spec.id}': state '{spec.states[j].name}' is declared accumulating "
                f"(held at its initial value at steady state, its rate free), but the rates of "
                f"{names} depend on it; a state that feeds back must be solved for "
                f"(accumulates=False)")


#: rows of one batched right-hand-side call in the finite-difference Jacobian
_BATCH_ROWS = 20_000


def _jacobian(spec: ModelSpec, t: float, y: np.ndarray, p: Mapping[str, np.ndarray],
              keep: frozenset[str], f0: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """Forward-difference Jacobian (n, m, m) of the free states ``idx``.

    The right-hand side is vectorized over subjects, so the perturbed copies of every subject
    (one per column) go through it together, as extra subjects with the same parameters, in
    calls of at most ``_BATCH_ROWS`` rows."""
    n, k = y.shape
    scales = spec.state_scales
    J = np.empty((n, idx.size, idx.size))
    per_call = max(1, _BATCH_ROWS // n)
    for start in range(0, idx.size, per_call):
        cols = idx[start:start + per_call]
        m = cols.size
        h = 1e-7 * np.maximum(np.abs(y[:, cols]), scales[cols])  # (n, m)
        yp = np.repeat(y[None], m, axis=0)  # (m, n, k): copy c moves state cols[c]
        yp[np.arange(m), :, cols] += h.T
        pp = {name: np.tile(np.broadcast_to(np.asarray(v, dtype=float), (n,)), m)
              for name, v in p.items()}
        fp = _rhs(spec, t, yp.reshape(m * n, k), pp, keep).reshape(m, n, k)
        J[:, :, start:start + m] = ((fp[:, :, idx] - f0[None, :, idx])
                                    / h.T[:, :, None]).transpose(1, 2, 0)
    return J


def _newton(spec: ModelSpec, y: np.ndarray, p: Mapping[str, np.ndarray], free: np.ndarray,
            t: float, keep: frozenset[str], max_iter: int = 60,
            target: float = 1e-13) -> np.ndarray:
    """Damped Newton on the free states of every subject at once; returns the last iterate."""
    y = y.copy()
    n, _ = y.shape
    idx = np.flatnonzero(free)
    scales = spec.state_scales
    nonneg = np.array([s.nonnegative for s in spec.states])

    def scaled_norm(yy: np.ndarray) -> np.ndarray:
        f = _rhs(spec, t, yy, p, keep)[:, idx]
        d = np.maximum(np.abs(yy[:, idx]), scales[idx])
        v = np.abs(f) / d
        v = np.where(np.isfinite(v), v, np.inf)
        return v.max(axis=1)

    for _ in range(max_iter):
        f0 = _rhs(spec, t, y, p, keep)
        res = scaled_norm(y)
        active = res > target
        if not active.any():
            break
        J = _jacobian(spec, t, y, p, keep, f0, idx)
        try:
            step = np.linalg.solve(J, -f0[:, idx][..., None])[..., 0]
        except np.linalg.LinAlgError:
            step = np.zeros((n, idx.size))
            for s in range(n):
                step[s] = np.linalg.lstsq(J[s], -f0[s, idx], rcond=None)[0]
        step = np.where(np.isfinite(step), step, 0.0)
        alpha = np.ones(n)
        # keep nonnegative states strictly positive: cut the step where it would cross zero
        for col, j in enumerate(idx):
            if nonneg[j]:
                neg = step[:, col] < 0
                with np.errstate(divide="ignore", invalid="ignore"):
                    lim = np.where(neg, 0.9 * y[:, j] / -step[:, col], np.inf)
                alpha = np.minimum(alpha, np.where(y[:, j] > 0, lim, alpha))
        accepted = np.zeros(n, dtype=bool)
        for _ in range(30):
            trial = y.copy()
            trial[:, idx] = y[:, idx] + alpha[:, None] * step
            better = scaled_norm(trial) < res
            newly = better & ~accepted & active
            y[newly] = trial[newly]
            accepted |= newly
            if (accepted | ~active).all():
                break
            alpha = np.where(accepted, alpha, alpha * 0.5)
        if not (accepted & active).any():
            break
    return y


#: recent steady states by (model, subjects, settings, parameter values): the search is a pure
#: function of them, and the same subject is often started many times in one process (the arms
#: of a comparison, the targets of a validation run, repeated calls in a notebook)
_CACHE: OrderedDict[tuple, SteadyState] = OrderedDict()
_CACHE_SIZE = 32


def _key(spec: ModelSpec, p: Mapping[str, np.ndarray], n_subjects: int, tol: float, t: float,
         keep: frozenset[str]) -> tuple:
    digest = hashlib.blake2b(digest_size=20)
    for name, v in sorted(p.items()):
        arr = np.ascontiguousarray(v, dtype=float)
        digest.update(f"{name}{arr.shape}".encode())
        digest.update(arr.tobytes())
    return (spec, n_subjects, tol, t, keep, digest.digest())


def _copy(ss: SteadyState) -> SteadyState:
    return SteadyState(y=ss.y.copy(), residual=ss.residual.copy(), method=ss.method)


def find_steady_state(spec: ModelSpec, p: Mapping[str, np.ndarray], n_subjects: int,
                      *, guess: np.ndarray | None = None, tol: float = RESIDUAL_TOL,
                      t: float = 0.0, keep: frozenset[str] = frozenset(),
                      subject_ids: Sequence[object] | None = None) -> SteadyState:
    """Steady state of ``spec`` with parameters ``p`` for every subject, checked to ``tol``.

    A :class:`SteadyStateError` names the subject it is about by ``subject_ids`` (one per
    subject, the ids the user sees), or without them by its row; one subject is not named.

    Baseline-reference parameters (``spec.baseline_references``) follow the candidate state,
    except those named in ``keep`` (set explicitly by the user). Without a ``guess`` the result
    is remembered for the same model, subjects, settings and parameter values (the last 32), and
    a repeated call returns a copy of it.
    """
    if guess is not None:
        return _find(spec, p, n_subjects, guess, tol, t, keep, subject_ids)
    key = _key(spec, p, n_subjects, tol, t, keep)
    hit = _CACHE.get(key)
    if hit is None:
        hit = _find(spec, p, n_subjects, None, tol, t, keep, subject_ids)
        _CACHE[key] = hit
        if len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    else:
        _CACHE.move_to_end(key)
    return _copy(hit)


def _kept_references(spec: ModelSpec, keep: frozenset[str]) -> str:
    """What a failed search says of the baseline references the user set (``keep``): each is
    otherwise the subject's own steady state of its state, and held elsewhere the balance it
    enters (the Pivonka bone volume) need not settle; '--param OBa_ref=0.001' gave only 'no
    steady state found ... largest in BV'."""
    kept = [(par, st) for par, st in spec.baseline_references.items() if par in keep]
    if not kept:
        return ""
    names = ", ".join(f"'{par}'" for par, _ in kept)
    states = ", ".join(f"'{st}'" for _, st in kept)
    return (f"; {names} given explicitly: otherwise set at pre-equilibration to the subject's "
            f"own steady state of {states}; held at another value, the balance "
            f"{'it enters' if len(kept) == 1 else 'they enter'} may have no steady state: leave "
            f"{'it' if len(kept) == 1 else 'them'} out, start from initial='model' "
            f"(--initial model), or step {'it' if len(kept) == 1 else 'them'} from a time on "
            f"(--set NAME=VALUE@TIME)")


def _find(spec: ModelSpec, p: Mapping[str, np.ndarray], n_subjects: int,
          guess: np.ndarray | None, tol: float, t: float, keep: frozenset[str],
          subject_ids: Sequence[object] | None = None) -> SteadyState:
    if guess is None:
        guess = (np.asarray(spec.steady_state_guess(p), dtype=float)
                 if spec.steady_state_guess is not None else spec.initial_values(n_subjects))
    y = np.broadcast_to(guess, (n_subjects, spec.n_states)).astype(float).copy()
    # the states solved for: not those free at steady state (bone mass), not accumulating ones
    free = np.array([not (s.free_at_steady_state or s.accumulates) for s in spec.states])
    _check_no_feedback(spec, y, p, t, keep)
    y = _newton(spec, y, p, free, t, keep)
    res = relative_residual(spec, y, p, t, keep)
    method = ["newton"] * n_subjects
    bad = np.flatnonzero(~(res <= tol) | ~np.isfinite(y).all(axis=1))
    if bad.size:
        from osteon.engines.scipy_engine import integrate_to_rest

        sub_p = {k: v[bad] for k, v in p.items()}
        y_int = integrate_to_rest(_holding(spec), y[bad], sub_p)
        y_pol = _newton(spec, y_int, sub_p, free, t, keep)
        res_pol = relative_residual(spec, y_pol, sub_p, t, keep)
        for k, s in enumerate(bad):
            if np.isfinite(res_pol[k]) and res_pol[k] < res[s]:
                y[s], res[s], method[s] = y_pol[k], res_pol[k], "integration+newton"
    why: dict[int, str] = {}  # each subject that failed, by row: its reason, naming no one
    for s in np.flatnonzero(~(res <= tol)):
        s = int(s)
        why[s] = (f"no steady state found: relative residual {res[s]:.3g} "
                  f"> {tol:g} (max |dy/dt|·1 day / max(|y|, scale)), largest in "
                  f"'{_worst_state(spec, y[s:s + 1], _subject(p, n_subjects, s), t, keep)}'"
                  f"; state at the last iterate "
                  f"{ {k: float(v) for k, v in zip(spec.state_names, np.round(y[s], 12), strict=True)} }"
                  + _kept_references(spec, keep))
    if why:
        s = min(why)
        raise SteadyStateError(
            f"model '{spec.id}': no steady state found"
            + (f" for {_who(n_subjects, s, subject_ids)} ({len(why)} of {n_subjects} "
               f"subjects failed)" if n_subjects > 1 else "")
            + why[s].removeprefix("no steady state found"), rows=why,
            residuals={k: float(res[k]) for k in why})
    neg = [(i, st.name) for i, st in enumerate(spec.states) if st.nonnegative]
    for i, name in neg:
        # a state whose steady state is zero lands a rounding error either side of it; within
        # ZERO_ROUNDOFF of its scale below zero it is that zero, and is set to it
        tiny = (y[:, i] < 0) & (y[:, i] >= -ZERO_ROUNDOFF * spec.states[i].scale)
        y[tiny, i] = 0.0
        for s in np.flatnonzero(y[:, i] < 0):
            why.setdefault(int(s), f"steady state has negative '{name}' ({y[s, i]:.4g}); the "
                                   f"parameters admit no physiological steady state")
    if why:
        s = min(why)
        raise SteadyStateError(
            f"model '{spec.id}': steady state"
            f"{' of ' + _who(n_subjects, s, subject_ids) if n_subjects > 1 else ''} "
            + why[s].removeprefix("steady state "), rows=why,
            residuals={k: float(res[k]) for k in why})
    return SteadyState(y=y, residual=res, method=tuple(method))


def _who(n_subjects: int, s: int, subject_ids: Sequence[object] | None) -> str:
    """Subject ``s`` of several, by the id the user sees where the caller gives the ids (a row
    of the arrays is not one: a population's ids are its own, and a subset's rows are not the
    population's)."""
    if subject_ids is not None and len(subject_ids) == n_subjects:
        return f"subject {subject_ids[s]!r}"
    return f"the subject in row {s}"
