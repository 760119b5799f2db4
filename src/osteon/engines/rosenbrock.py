"""A batched stiff integrator: the Rodas4 Rosenbrock method with a step size per subject.

A population is a stack of independent systems. Integrated as one block-diagonal system (SciPy's
BDF), every subject takes the steps the hardest subject needs at each moment, and one error norm
covers all of them. Here every subject has its own time, step size and error control, while all
subjects advance together in one vectorized NumPy pass per stage: the right-hand side is
evaluated once per stage for the whole batch, and the (k x k) linear systems are solved as a
batch. This is what makes thousands of virtual patients over decades affordable without a
compiler.

Method: Rodas4 (Hairer E, Wanner G. Solving Ordinary Differential Equations II, 2nd ed.,
Springer 1996, section IV.7, Table 7.2: 6 stages, order 4 with an embedded order-3 estimate,
L-stable and stiffly accurate), written in the KPP form (Sandu A et al., Atmos Environ
1997;31:3459)::

    G = I / (h gamma) - J
    Y_i = y + sum_j a_ij K_j,   G K_i = f(t + alpha_i h, Y_i) + sum_j (c_ij / h) K_j + h gamma_i f_t
    y_new = y + sum_j m_j K_j,  error = sum_j e_j K_j

Each subject's state is scaled by the model's state scales, so the tolerances read as in the
SciPy engine (``atol`` relative to each state's scale, ``rtol`` relative to the value), applied
to each subject on its own (an RMS over that subject's states). The Jacobian is a forward
difference, recomputed at every accepted point together with the explicit time derivative
``f_t``; all the perturbed copies of the population go through the right-hand side in one call
(the subjects stacked, their parameters repeated), so a step costs a handful of calls. A small
population differences every column; a large one groups the columns by a sparsity pattern that
is learned, not frozen: a pattern found where the solve starts misses the dependencies that
switch on later (a rate behind ``maximum(x - threshold, 0)``, a branch of ``where``), and a
Jacobian without them made the steps collapse (denosumab: PTH crosses the cortical-space
threshold within a day of the dose, and the steps fell to about 5e-5 d) or the solve fail.
The right-hand side must accept an array of times (one per subject), as every model here does.

A subject that makes no headway is failed on its own while the others go on: its step size
below the spacing of numbers at its time, too many trial steps between two of its save times,
or too many trial steps whose rates turn non-finite there (see ``_MAX_NONFINITE_PER_SAVE``);
``BatchSolution.failures`` gives each failed subject's reason by its row, and the reasons name
no row: a row of the batch is not the subject id the user sees (a population's ``subject_id``,
or a subset of it), so the caller names the subject.

A subject that reached its last save time or failed leaves the batch: the arrays of the others
are cut to them, so it costs no more right-hand-side or Jacobian evaluations and its
non-finite rates reach none. Every subject's arithmetic is its own (rows of elementwise
operations, its own linear system), and the Jacobian keeps the way of differencing chosen for
the whole population, so the others' solutions are unchanged to the bit. The guard counters
above are per subject and travel with it; a subject that leaves is never counted again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from osteon.engines.options import Solver
from osteon.engines.tableaus import RODAS4
from osteon.model.spec import ModelSpec

# Rodas4 (Hairer & Wanner 1996, Table IV.7.2) in the KPP transformed form, from the one table
# of coefficients (osteon.engines.tableaus)
_GAMMA = RODAS4.gamma
_ALPHA = RODAS4.alpha
_GAMMAS = RODAS4.gammas
_A = RODAS4.a
_C = RODAS4.c
_M = RODAS4.m
_E = RODAS4.e
_ORDER_EST = RODAS4.order_est  # the estimator's local order (embedded order + 1)
_S = RODAS4.stages

_SAFETY, _FAC_MIN, _FAC_MAX = 0.9, 0.2, 6.0
_MAX_ITERATIONS = 200_000

# A subject that makes no headway is failed on its own (the others go on), as standard stiff
# solvers fail a solve; the step-size control alone never gives up on it:
#
# - "too much work": at most this many trial steps (accepted or rejected) between two of a
#   subject's save times. SUNDIALS CVODE counts its mxstep per output time in the same way
#   (default 500, which healthy runs here exceed: a life-course run-in to one save time takes
#   up to about 750 steps); Hairer & Wanner's RODAS (NMAX) and diffrax (max_steps) count per
#   solve.
_MAX_STEPS_PER_SAVE = 10_000
# - "the model keeps leaving its domain": at most this many trial steps whose rates or solution
#   turn non-finite between two of a subject's save times. Such a trial is retried with a step
#   ten times shorter, as CVODE retries a step after a recoverable right-hand-side failure; CVODE
#   fails the step after 10 of them in a row (MXNCF). Here they need not come in a row: a state
#   that has decayed to zero (active osteoblasts under a runaway adipogenic drift) is carried
#   as round-off of either sign, a rate non-finite below zero (a fractional power) fails the
#   trials that land it there whatever their length, the successful ones between them are short
#   and the subject creeps (about 3e-5 d a step at t = 8888 d, toward _MAX_ITERATIONS for tens
#   of minutes). A healthy run has none of these trials, so the count runs over the interval.
_MAX_NONFINITE_PER_SAVE = 50


@dataclass
class BatchSolution:
    """What the segment loop needs, shaped like SciPy's OdeResult (``y`` is (n*k, m))."""

    y: np.ndarray
    t: np.ndarray
    status: int
    message: str
    n_steps: np.ndarray  # accepted steps per subject
    n_rejected: np.ndarray
    #: row (of ``y0``) -> why that subject stopped; the reasons name no row, which is the
    #: caller's to translate (a row of a batch is not the population's subject id)
    failures: dict[int, str] = field(default_factory=dict)
    #: each subject's time when the solve returned (its last save time where it finished)
    t_reached: np.ndarray | None = None
    #: the row whose reason ``message`` gives (the subject that stopped first), if any
    row: int | None = None


def solve_batch(spec: ModelSpec, y0: np.ndarray, p: Mapping[str, np.ndarray], t0: float,
                t1: float, t_eval: np.ndarray, solver: Solver, counter: list[int]) -> BatchSolution:
    """Integrate every subject (rows of ``y0``) from ``t0`` to ``t1``; values at ``t_eval``.

    ``t_eval`` must be sorted, inside (t0, t1] and end at ``t1``; or, shaped (n, m), one row of
    save times per subject (each row sorted, after ``t0``; a subject stops at its last one, and
    ``t1`` is then unused). Every subject lands exactly on its save times (its step is shortened
    to reach the next one), so no interpolation is used.
    """
    n, k = y0.shape
    scale = spec.state_scales
    rtol, atol = solver.rtol, solver.atol
    if solver.state_tolerances:  # per state, in the scaled variables
        loose = spec.state_tolerances
        rtol, atol = rtol * loose, atol * loose
    eps_jac = np.sqrt(np.finfo(float).eps)
    # the subjects still integrating (the batch): ``ids`` their rows of y0, ``p_now`` their
    # parameters. A subject that reached its last save time or failed leaves the batch (at the
    # top of the loop), so it costs no more evaluations and its non-finite rates reach no
    # Jacobian
    ids = np.arange(n)
    p_now: Mapping[str, np.ndarray] = p

    def f(t: np.ndarray, z: np.ndarray) -> np.ndarray:
        counter[0] += 1
        with np.errstate(all="ignore"):
            return np.asarray(spec.rhs(t, z * scale, p_now, np), dtype=float) / scale

    jacobian = _Jacobian(spec, p, n, k, eps_jac, counter)

    z = y0 / scale
    t = np.full(n, float(t0))
    t_rows = np.broadcast_to(np.asarray(t_eval, dtype=float), (n, np.shape(t_eval)[-1]))
    t_first = t_rows[0].copy()
    m = t_rows.shape[1]
    out = np.full((n, m, k), np.nan)
    next_i = np.zeros(n, dtype=int)  # index of the next save time per subject
    # by row of y0: steps, rejections, failures and the time each subject stopped at
    n_steps = np.zeros(n, dtype=int)
    n_rej = np.zeros(n, dtype=int)
    failed = np.zeros(n, dtype=bool)
    t_reached = np.full(n, float(t0))
    was_rejected = np.zeros(n, dtype=bool)
    message = "The solver successfully reached the end of the integration interval."
    failures: dict[int, str] = {}
    # per subject since its last save time (or the start): trial steps, and those whose rates or
    # solution turned non-finite; the save time itself, and the first trial point (time, scaled
    # state) with non-finite rates of the latest such trial
    tried = np.zeros(n, dtype=int)
    tried_rej = np.zeros(n, dtype=int)
    tried_nonfinite = np.zeros(n, dtype=int)
    t_saved = np.full(n, float(t0))
    off_t = np.full(n, np.nan)
    off_z = np.full((n, k), np.nan)

    f0 = f(t, z)
    span = t_rows[:, -1] - t0
    if solver.first_step is not None:
        h = np.minimum(solver.first_step, span)
    else:
        d0 = np.sqrt(np.mean((z / (atol + rtol * np.abs(z))) ** 2, axis=1))
        d1 = np.sqrt(np.mean((f0 / (atol + rtol * np.abs(z))) ** 2, axis=1))
        with np.errstate(divide="ignore", invalid="ignore"):
            h = np.where((d0 > 1e-5) & (d1 > 1e-5), 0.01 * d0 / d1, 1e-6)
        h = np.minimum(np.where(np.isfinite(h), h, 1e-6), span)
    h = np.minimum(h, solver.max_step)
    jac_at: np.ndarray | None = None  # (n,k,k) Jacobian at the current points
    ft: np.ndarray | None = None
    eye = np.eye(k)

    for _ in range(_MAX_ITERATIONS):
        done = (next_i >= m) | failed[ids]
        if done.any():  # they leave the batch
            t_reached[ids[done]] = t[done]
            keep = ~done
            ids = ids[keep]
            if not ids.size:
                break
            (z, t, t_rows, next_i, h, f0, was_rejected, tried, tried_rej, tried_nonfinite,
             t_saved, off_t, off_z) = (a[keep] for a in (
                z, t, t_rows, next_i, h, f0, was_rejected, tried, tried_rej, tried_nonfinite,
                t_saved, off_t, off_z))
            if jac_at is not None and ft is not None:
                jac_at, ft = jac_at[keep], ft[keep]
            p_now = _rows(p_now, keep)
            jacobian.keep(keep)
        rows_all = np.arange(ids.size)
        target = t_rows[rows_all, next_i]
        h_step = np.minimum(h, target - t)
        landing = h_step >= target - t
        t_step = np.where(landing, target, t + h_step)
        h_step = t_step - t

        if jac_at is None:
            jac_at, ft = jacobian(t, z, f0)
        assert ft is not None
        g = eye / (h_step * _GAMMA)[:, None, None] - jac_at
        try:
            g_inv = np.linalg.inv(g)
        except np.linalg.LinAlgError:
            g_inv = np.linalg.pinv(g)
        ks = np.empty((_S, ids.size, k))
        off = np.zeros(ids.size, dtype=bool)  # a stage's rates were non-finite
        for i in range(_S):
            if i == 0:
                fi = f0
            else:
                zi = z + np.einsum("j,jnk->nk", _A[i, :i], ks[:i])
                ti = t + _ALPHA[i] * h_step
                fi = f(ti, zi)
                first = ~off & ~np.isfinite(fi).all(axis=1)
                if first.any():
                    off_t[first], off_z[first] = ti[first], zi[first]
                    off |= first
            rhs = fi + h_step[:, None] * _GAMMAS[i] * ft
            if i:
                rhs = rhs + np.einsum("j,jnk->nk", _C[i, :i], ks[:i]) / h_step[:, None]
            ks[i] = np.einsum("nij,nj->ni", g_inv, rhs)
        z_new = z + np.einsum("j,jnk->nk", _M, ks)
        err_vec = np.einsum("j,jnk->nk", _E, ks)
        tol = atol + rtol * np.maximum(np.abs(z), np.abs(z_new))
        err = np.sqrt(np.mean((err_vec / tol) ** 2, axis=1))
        finite = np.isfinite(err) & np.isfinite(z_new).all(axis=1)
        accept = finite & (err <= 1.0)
        reject = ~accept

        with np.errstate(divide="ignore", invalid="ignore"):
            fac = _SAFETY * np.where(err > 0, err, 1e-10) ** (-1.0 / _ORDER_EST)
        fac = np.clip(np.nan_to_num(fac, nan=_FAC_MIN), _FAC_MIN, _FAC_MAX)
        fac = np.where(finite, fac, 0.1)
        # no growth on a rejection, nor on the step right after one (Hairer & Wanner's RODAS)
        fac = np.where(reject | (accept & was_rejected), np.minimum(fac, 1.0), fac)
        was_rejected = reject
        # a step shortened to land on a save time does not shrink the step size that follows
        h_next = np.where(landing & accept, np.maximum(h, h_step * fac), h_step * fac)
        h = np.minimum(h_next, solver.max_step)
        n_rej[ids] += reject
        tried += 1
        tried_rej += reject
        tried_nonfinite += ~finite

        if accept.any():
            z = np.where(accept[:, None], z_new, z)
            t = np.where(accept, t_step, t)
            n_steps[ids] += accept
            hit = accept & landing
            if hit.any():
                rows = np.flatnonzero(hit)
                out[ids[rows], next_i[rows], :] = z[rows] * scale
                next_i[rows] += 1
                tried[rows] = tried_rej[rows] = tried_nonfinite[rows] = 0
                t_saved[rows] = t[rows]
            f_new = f(t, z)
            f0 = np.where(accept[:, None], f_new, f0)
            jac_new, ft_new = jacobian(t, z, f0)
            jac_at = np.where(accept[:, None, None], jac_new, jac_at)
            ft = np.where(accept[:, None], ft_new, ft)

        # a subject still short of its last save time (one that just reached it is done)
        going = next_i < m
        tiny = going & (h < 1e-12 * np.maximum(np.abs(t), 1.0))
        for s in np.flatnonzero(tiny):
            failures[int(ids[s])] = (f"Required step size is less than spacing between "
                                     f"numbers (at t={t[s]:.6g} d)")
        still = going & ~tiny
        leaving = still & (tried_nonfinite >= _MAX_NONFINITE_PER_SAVE)
        for s in np.flatnonzero(leaving):
            where = _domain(spec, p_now, ids.size, s, off_t[s], off_z[s] * scale)
            failures[int(ids[s])] = (
                f"the model keeps leaving its domain (at t={t[s]:.6g} d): the rates "
                f"turned non-finite on {tried_nonfinite[s]} of {tried[s]} trial steps since "
                f"t={t_saved[s]:.6g} d, the step size is down to {h[s]:.3g} d"
                + (f"; {where}" if where else ""))
        work = still & ~leaving & (tried >= _MAX_STEPS_PER_SAVE)
        for s in np.flatnonzero(work):
            failures[int(ids[s])] = (
                f"too much work (at t={t[s]:.6g} d): {tried[s]} trial steps "
                f"({tried_rej[s]} rejected) since t={t_saved[s]:.6g} d without reaching its "
                f"save time t={target[s]:.6g} d, the step size is down to {h[s]:.3g} d; "
                f"{_fastest(spec, f0[s])}")
        failed[ids] |= tiny | leaving | work
    else:
        t_reached[ids] = t
        failed[ids] |= next_i < m
        message = f"more than {_MAX_ITERATIONS} steps"

    status = -1 if failed.any() else 0
    t_out = t_first if status == 0 else np.array([float(t_reached[failed].min())])
    first_row = None
    if failures:  # the subject that stopped first (t_out)
        first_row = min(failures, key=lambda s: t_reached[s])
        message = failures[first_row]
        if len(failures) > 1:
            message += f" (and {len(failures) - 1} more subjects)"
    y_out = out.transpose(0, 2, 1).reshape(n * k, m)  # SciPy's layout: row s*k + j
    return BatchSolution(y=y_out, t=t_out, status=status, message=message,
                         n_steps=n_steps, n_rejected=n_rej, failures=failures,
                         t_reached=t_reached, row=first_row)


def _rows(p: Mapping[str, np.ndarray], keep: np.ndarray) -> dict[str, np.ndarray]:
    """The parameters of the rows ``keep`` of a batch: a per-subject array is cut, a value
    every subject shares (a scalar) is kept as it is, so each subject's rates are computed as
    before."""
    out = {}
    for name, v in p.items():
        a = np.asarray(v)
        out[name] = a[keep] if a.ndim and a.shape[0] == keep.size else a
    return out


def _domain(spec: ModelSpec, p: Mapping[str, np.ndarray], n: int, s: int, t: float,
            y: np.ndarray) -> str:
    """What is out of the model's domain at subject ``s``'s trial point (t, y): the states whose
    rates are non-finite there (evaluated again), and the nonnegative states below zero (by any
    amount: round-off below a state's zero is enough for a fractional power)."""
    if not np.isfinite(t):
        return ""
    mine = {name: np.broadcast_to(np.asarray(v, dtype=float), (n,))[s:s + 1]
            for name, v in p.items()}
    try:
        with np.errstate(all="ignore"):
            d = np.asarray(spec.rhs(np.array([t]), y[None, :], mine, np), dtype=float).ravel()
    except Exception:  # a diagnosis must not hide the failure it explains
        d = np.full(y.shape, np.nan)
    parts = []
    bad = [st.name for j, st in enumerate(spec.states) if not np.isfinite(d[j])]
    if bad:
        parts.append(f"non-finite rates of {', '.join(bad)}")
    low = [f"{st.name} = {y[j]:.3g} {st.unit}" for j, st in enumerate(spec.states)
           if st.nonnegative and y[j] < 0]
    if low:
        parts.append(f"below zero: {', '.join(low)}")
    head = f"at the trial point t={t:.6g} d"
    return f"{head}: {'; '.join(parts)}" if parts else head


def _fastest(spec: ModelSpec, rates: np.ndarray, top: int = 3) -> str:
    """The states with the fastest rates (relative to each state's scale, per day) at a
    subject's current point, non-finite ones first."""
    order = np.argsort(-np.where(np.isfinite(rates), np.abs(rates), np.inf), kind="stable")
    return "fastest rates (per the state's scale): " + ", ".join(
        f"{spec.states[j].name} {rates[j]:.3g}/d" for j in order[:top])


class _Jacobian:
    """Forward-difference Jacobians (n, k, k) in scaled states and the explicit time derivative
    of f (n, k), from one batched evaluation of the right-hand side.

    The perturbed copies of the population (one per column or column group, and one with the
    time moved) are stacked with their parameters repeated and go through the right-hand side
    in one call (in chunks of at most ``max_rows`` rows).

    - Up to ``dense_rows`` rows for every column (a small population): every entry is
      differenced, and the call costs about what one evaluation does.
    - Beyond: columns that share no row of the sparsity pattern are moved together (a greedy
      coloring). The pattern is the union of the nonzeros of full Jacobians: at the start, at
      two points with every state moved by +1 % and -3 % (dependencies that vanish at a steady
      state), every ``refresh_every`` calls, and whenever a grouped difference moves a row that
      the pattern gives to none of the group's columns. A dependency that switches on during the
      solve is thus learned within a few steps, and the pattern only grows.
    """

    #: rows of one batched call (bounds the memory of the stacked evaluation)
    max_rows = 50_000
    #: populations with at most this many rows in a full difference are differenced in full
    dense_rows = 500
    #: grouped Jacobians between two full ones
    refresh_every = 16

    def __init__(self, spec: ModelSpec, p: Mapping[str, np.ndarray], n: int, k: int,
                 eps: float, counter: list[int]) -> None:
        self.spec, self.n, self.k, self.eps, self.counter = spec, n, k, eps, counter
        self.scale = spec.state_scales
        self.copies = max(1, self.max_rows // max(n, 1))
        self._p = {name: np.broadcast_to(np.asarray(v), (n,)) for name, v in p.items()}
        self._tiled: dict[int, dict[str, np.ndarray]] = {}
        self.dense_only = n * (k + 1) <= self.dense_rows
        self.pattern: np.ndarray | None = None  # (k, k) rows x columns
        self.groups: list[list[int]] = []
        self._group_of = np.zeros(k, dtype=int)
        self._covered = np.zeros((0, k), dtype=bool)
        self._since_full = 0

    def keep(self, rows: np.ndarray) -> None:
        """Go on with the subjects ``rows`` (a mask of the current batch) only. How the columns
        are differenced (in full or grouped) stays as chosen for the whole population, and the
        pattern learned so far is kept, so a subject's Jacobian is computed as before."""
        self._p = {name: v[rows] for name, v in self._p.items()}
        self._tiled = {}
        self.n = int(np.count_nonzero(rows))
        self.copies = max(1, self.max_rows // max(self.n, 1))

    def _params(self, copies: int) -> dict[str, np.ndarray]:
        if copies not in self._tiled:
            self._tiled[copies] = {name: np.tile(v, copies) for name, v in self._p.items()}
        return self._tiled[copies]

    def _f_stacked(self, t: np.ndarray, z: np.ndarray) -> np.ndarray:
        """f on (m, n) times and (m, n, k) scaled states: m copies of the population."""
        m = t.shape[0]
        out = np.empty((m, self.n, self.k))
        for lo in range(0, m, self.copies):
            hi = min(lo + self.copies, m)
            c = hi - lo
            self.counter[0] += c  # as many evaluations of the population's right-hand side
            with np.errstate(all="ignore"):
                v = self.spec.rhs(t[lo:hi].reshape(c * self.n),
                                  (z[lo:hi] * self.scale).reshape(c * self.n, self.k),
                                  self._params(c), np)
            out[lo:hi] = np.asarray(v, dtype=float).reshape(c, self.n, self.k) / self.scale
        return out

    def _differences(self, t: np.ndarray, z: np.ndarray, f0: np.ndarray,
                     groups: list[list[int]]):
        """f differences (G + 1, n, k): copy g with the columns of ``groups[g]`` moved, the last
        with the time moved; and the moves dz (n, k) and dt (n,)."""
        n, k = z.shape
        m = len(groups)
        dz = self.eps * np.maximum(np.abs(z), 1.0)
        dt = self.eps * np.maximum(np.abs(t), 1.0)
        zz = np.broadcast_to(z, (m + 1, n, k)).copy()
        for g, cols in enumerate(groups):
            zz[g][:, cols] += dz[:, cols]
        tt = np.broadcast_to(t, (m + 1, n)).copy()
        tt[m] += dt
        return self._f_stacked(tt, zz) - f0, dz, dt

    def _full(self, t: np.ndarray, z: np.ndarray, f0: np.ndarray):
        k = self.k
        df, dz, dt = self._differences(t, z, f0, [[j] for j in range(k)])
        jac = (df[:k] / dz.T[:, :, None]).transpose(1, 2, 0)  # [s, i, j] = df[j, s, i] / dz[s, j]
        return jac, df[k] / dt[:, None]

    def _learn(self, jac: np.ndarray) -> None:
        """Add the nonzeros (and non-finite entries) of ``jac`` to the pattern; recolor if it
        grew."""
        found = (jac != 0).any(axis=0)  # nan != 0 too: a column without a finite derivative
        if self.pattern is None:
            self.pattern = np.eye(self.k, dtype=bool) | found
        elif not (found & ~self.pattern).any():
            return
        else:
            self.pattern = self.pattern | found
        pattern = self.pattern
        self.groups = []
        for j in sorted(range(self.k), key=lambda c: -int(pattern[:, c].sum())):
            for g in self.groups:
                if not (pattern[:, j][:, None] & pattern[:, g]).any():
                    g.append(j)
                    break
            else:
                self.groups.append([j])
        for g, cols in enumerate(self.groups):
            self._group_of[cols] = g
        self._covered = np.array([pattern[:, cols].any(axis=1) for cols in self.groups])

    def __call__(self, t: np.ndarray, z: np.ndarray, f0: np.ndarray):
        """The Jacobian at (t, z) and the explicit time derivative of f (n, k)."""
        if self.dense_only:
            return self._full(t, z, f0)
        if self.pattern is None:  # the start, and two points off it
            jac, ft = self._full_and_learn(t, z, f0)
            for factor in (1.01, 0.97):
                zz = z * factor
                self._learn(self._full(t, zz, self._f_stacked(t[None], zz[None])[0])[0])
            return jac, ft
        if self._since_full >= self.refresh_every:
            return self._full_and_learn(t, z, f0)
        df, dz, dt = self._differences(t, z, f0, self.groups)
        m = len(self.groups)
        if ((df[:m] != 0) & ~self._covered[:, None, :]).any():
            # a group's difference moved a row none of its columns has: a dependency switched on
            return self._full_and_learn(t, z, f0)
        self._since_full += 1
        jac = (df[self._group_of] / dz.T[:, :, None]).transpose(1, 2, 0)
        jac = np.where(self.pattern[None], jac, 0.0)
        return jac, df[m] / dt[:, None]

    def _full_and_learn(self, t: np.ndarray, z: np.ndarray, f0: np.ndarray):
        jac, ft = self._full(t, z, f0)
        self._learn(jac)
        self._since_full = 0
        return jac, ft
