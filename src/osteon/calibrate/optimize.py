"""Multistart optimization of a calibration problem with SciPy, and its saved result.

Starts are a Latin hypercube in the unit cube of the scaled bounds, drawn from ``seed``; each
start runs a local optimizer:

- ``least_squares`` (default): SciPy's trust-region reflective least squares on the weighted
  residuals, with finite-difference Jacobians. A failed evaluation is a wall of large residuals
  the trust region retreats from; it is counted and its reason kept.
- ``nelder-mead`` / ``powell``: SciPy ``minimize`` on the cost; a failed evaluation is an
  infinite cost the simplex or line search steps away from.

The best start gives the estimates. The result keeps the seed, the starts, the method, its
settings, the versions of osteon, Python, NumPy and SciPy and what it was fitted to (each
target's experiment and reading), so that it can be rerun. Where
every start failed there are no estimates: :func:`calibrate` raises :class:`CalibrationError`,
whose ``result`` keeps the starts and their reasons. A result is written as strict JSON: a
cost that is not a finite number (a failed start's) is ``null``.
"""

from __future__ import annotations

import json
import math
import platform
import sys
import time
import warnings
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from osteon._tally import Tally
from osteon.calibrate.objective import Evaluation, Objective, idle_estimates, idle_message
from osteon.calibrate.problem import CalibrationProblem, check_fixed
from osteon.errors import InputError, OsteonError, OsteonWarning
from osteon.parallel import process_pool
from osteon.units import as_whole, shown

METHODS: tuple[str, ...] = ("least_squares", "nelder-mead", "powell")
#: termination of the local optimizers, on the unit cube of the scaled bounds
XTOL = 1e-6
FTOL = 1e-10
#: finite-difference step of the least-squares Jacobian on the unit cube (well above the noise
#: the ODE tolerances leave in a reading)
DIFF_STEP = 1e-3


def latin_hypercube(n: int, d: int, seed: int) -> np.ndarray:
    """``n`` points in [0, 1]^d, one per stratum of each axis (a Latin hypercube)."""
    rng = np.random.default_rng(seed)
    u = (rng.permuted(np.tile(np.arange(n), (d, 1)), axis=1).T + rng.random((n, d))) / n
    return u


def _strict(x: Any) -> Any:
    """``x`` (a result's dict) with every float that is not finite (a failed start's infinite
    cost) as None, so that it is strict JSON (``null``, not ``Infinity``)."""
    if isinstance(x, float):
        return x if math.isfinite(x) else None
    if isinstance(x, dict):
        return {k: _strict(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [_strict(v) for v in x]
    return x


def _cost(x: Any) -> float:
    """A cost read back from JSON: ``null`` is a failed evaluation's infinite cost."""
    return math.inf if x is None else float(x)


@dataclass
class Start:
    """One local optimization: where it started and ended, its cost and how it stopped."""

    index: int
    u0: list[float]
    u: list[float]
    values: dict[str, float]
    cost: float
    #: every objective evaluation of the start (finite-difference Jacobians included)
    n_evaluations: int
    status: str  # "converged", "stopped" (evaluation budget) or "failed"
    message: str
    seconds: float
    #: evaluations that failed on the way, with their reasons
    failed_evaluations: list[str] = field(default_factory=list)
    #: what osteon warned of in the start's simulations: each distinct warning (its first
    #: text) -> [the number of evaluations that gave it, whether its numbers varied between
    #: them] (:meth:`osteon._tally.Tally.counts`; a record from before the flag has the number)
    warnings: dict[str, list] = field(default_factory=dict)


@dataclass
class CalibrationResult:
    """The estimates of one problem and how they were obtained."""

    problem: str
    estimates: dict[str, float]
    cost: float
    readings: dict[str, float]
    expected: dict[str, float]
    tolerance: dict[str, float]
    starts: list[Start]
    seed: int
    n_starts: int
    method: str
    settings: dict[str, Any]
    fixed: dict[str, float]
    versions: dict[str, str]
    created: str
    seconds: float
    failures: list[str] = field(default_factory=list)
    #: what the simulations warned of, each distinct warning once with the number of
    #: evaluations (over every start) that gave it: 'in 40 of 52 evaluations: ...'; and, last,
    #: that the estimates' start stopped on its evaluation budget, where it did (:attr:`converged`)
    warnings: list[str] = field(default_factory=list)
    #: what the estimates were fitted to, so that the record alone can rerun the fit: the
    #: problem's description (a table's: its file) and each target's experiment as osteon runs
    #: it, the reading, its unit and source (:func:`fitted_to`); empty in a record from before
    description: str = ""
    targets: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def best(self) -> Start:
        return min(self.starts, key=lambda s: s.cost)

    @property
    def converged(self) -> bool:
        """Whether the start the estimates come from converged (``False`` where it stopped on
        its evaluation budget, ``max_evaluations``, or every start failed)."""
        solved = [s for s in self.starts if s.status != "failed"]
        return bool(solved) and min(solved, key=lambda s: s.cost).status == "converged"

    @property
    def solved(self) -> bool:
        """Whether some start succeeded (else there are no estimates)."""
        return any(s.status != "failed" for s in self.starts)

    def fit_rows(self) -> list[dict[str, Any]]:
        """Observed vs published for each training target, with pass or miss."""
        rows = []
        for tid, obs in self.readings.items():
            exp, tol = self.expected[tid], self.tolerance[tid]
            rows.append({"id": tid, "observed": obs, "expected": exp, "tolerance": tol,
                         "residual": (obs - exp) / tol, "passed": abs(obs - exp) <= tol})
        return rows

    def to_dict(self) -> dict[str, Any]:
        """The result as strict JSON data: a cost that is not finite is None."""
        return _strict(asdict(self))

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> CalibrationResult:
        d = dict(d)
        d["starts"] = [Start(**{**s, "cost": _cost(s["cost"])}) for s in d["starts"]]
        d["cost"] = _cost(d["cost"])
        return cls(**d)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=1, allow_nan=False)

    def save(self, path: str | Path) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.to_json() + "\n")
        return path


class CalibrationError(OsteonError):
    """Every start of a calibration failed, so it has no estimates. The message gives each
    start's reason; ``result`` is the record (starts, seed, settings; ``estimates`` empty)."""

    def __init__(self, message: str, result: CalibrationResult) -> None:
        super().__init__(message)
        self.result = result


#: what every result ``osteon calibrate`` writes records besides its estimates: where they came
#: from (a file without them was not written by calibrate)
RECORD: tuple[str, ...] = ("problem", "estimates", "starts", "seed", "method", "versions")


def read_parameters(*paths: str | Path) -> dict[str, float]:
    """The estimates in files that ``osteon calibrate`` wrote: a result (``--out DIR`` writes
    DIR/PROBLEM.json, :meth:`CalibrationResult.save`) or its ``--json`` output (one result per
    problem, by id); of several files, or problems, together. Only the ``estimates`` are read:
    the values a fit held ``fixed`` are other problems' estimates (give their files too). A
    name two files give different values is refused, as is anything that is not such a file:
    a hand-written ``{"estimates": {...}}`` lacks the record calibrate writes with every result
    (its starts, seed, method and versions: :data:`RECORD`), and a result whose every start
    failed has no estimates. To run targets at values of your own choosing, give them to
    :func:`osteon.calibrate.evaluate_targets` directly."""
    values: dict[str, float] = {}
    origin: dict[str, str] = {}
    for path in paths:
        p = Path(path)
        expected = ("the JSON that osteon calibrate writes: a result (--out DIR writes "
                    "DIR/PROBLEM.json, with its 'estimates') or its --json output ({problem: "
                    "result})")
        if not p.is_file():
            raise InputError(f"parameters file must be an existing file, {expected}; got "
                             f"{str(path)!r}")
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InputError(f"parameters file {p.name} must be {expected}; it is not JSON "
                             f"({exc})") from None
        if isinstance(data, dict) and "estimates" in data:
            results = {str(data.get("problem", p.stem)): data}
        elif isinstance(data, dict) and data and all(
                isinstance(r, dict) and "estimates" in r for r in data.values()):
            results = data
        else:
            got = (f"an object with keys {', '.join(map(repr, list(data)[:6]))}"
                   if isinstance(data, dict) and data else
                   "an empty object" if isinstance(data, dict) else type(data).__name__)
            raise InputError(f"parameters file {p.name} must be {expected}; got {got}")
        for problem, result in results.items():
            where = f"parameters file {p.name}, problem {problem!r}"
            missing = [k for k in RECORD if k not in result]
            if missing:
                raise InputError(
                    f"{where}: not a result osteon calibrate wrote: it lacks "
                    f"{', '.join(map(repr, missing))}, which calibrate records with every "
                    f"result so that its estimates can be traced to the run that found them; "
                    f"a hand-written file is refused (from Python, "
                    f"osteon.calibrate.evaluate_targets(targets, {{name: value}}) runs targets "
                    f"at values of your choosing)")
            _refuse_failed(result, where)
            estimates = result["estimates"]
            if not isinstance(estimates, dict) or not estimates:
                raise InputError(f"{where}: 'estimates' must map each parameter's name to its "
                                 f"value; got {estimates!r}")
            for name, value in estimates.items():
                if not (isinstance(name, str) and name.isidentifier()):
                    raise InputError(f"{where}: an estimate's name must be a parameter name; "
                                     f"got {name!r}")
                if isinstance(value, bool) or not isinstance(value, int | float) \
                        or not math.isfinite(value):
                    raise InputError(f"{where}: estimate {name!r} must be a finite number; got "
                                     f"{value!r}")
                if name in values and values[name] != float(value):
                    raise InputError(f"{where}: estimate {name!r} is {value!r}, but "
                                     f"{origin[name]} gives {values[name]!r}: which one holds?")
                values[name] = float(value)
                origin[name] = where
    return values


def _refuse_failed(result: Mapping[str, Any], where: str) -> None:
    """Raise :class:`InputError` unless some start of ``result`` succeeded: where every start
    failed there are no estimates (a file written before calibrate said so held the untried
    start point as its 'estimates', with an infinite cost)."""
    starts = result["starts"]
    if not (isinstance(starts, list) and starts
            and all(isinstance(s, dict) and "status" in s for s in starts)):
        raise InputError(f"{where}: 'starts' must list the starts calibrate ran, each with its "
                         f"'status'; got {starts!r}")
    if any(s["status"] != "failed" for s in starts):
        return
    reasons = result.get("failures") or [f"start {s.get('index')}: {s.get('message')}"
                                         for s in starts]
    held = (" (the values it holds are where a start began, never evaluated successfully)"
            if result["estimates"] else "")
    raise InputError(f"{where}: every start of this calibration failed, so it has no "
                     f"estimates{held}: {'; '.join(map(str, reasons))}; remove the cause and "
                     f"run osteon calibrate again")


def fitted_to(problem: CalibrationProblem) -> dict[str, dict[str, Any]]:
    """Each of ``problem``'s targets as a result records it: what it reads (``description``,
    ``time``, ``unit``, ``source``), its ``scenario`` (arm, control, duration) and ``measure``
    as data, enough to build the target again without the table or catalog it came from."""
    return {t.id: {"description": t.what, "time": t.time, "unit": t.unit, "source": t.source,
                   "scenario": asdict(t.scenario) if t.scenario is not None else None,
                   "measure": asdict(t.measure) if t.measure is not None else None}
            for t in problem.targets}


def versions() -> dict[str, str]:
    import scipy

    from osteon._version import __version__

    return {"osteon": __version__, "python": platform.python_version(),
            "numpy": np.__version__, "scipy": scipy.__version__,
            "platform": platform.platform(terse=True)}


def trace_line(problem_id: str, start: int, number: int, ev: Evaluation) -> str:
    """One objective evaluation as ``trace`` prints it: the problem, the start, the
    evaluation's number within the start, its cost (or that it failed and why) and the values
    it was at."""
    values = ", ".join(f"{k}={v:.6g}" for k, v in ev.values.items())
    said = f"failed: {ev.failure}" if ev.failure else f"cost {ev.cost:.6g}"
    return f"{problem_id} start {start} evaluation {number}: {said} at {values}"


def _run_start(problem: CalibrationProblem, fixed: Mapping[str, float], index: int,
               u0: np.ndarray, method: str, max_evaluations: int, trace: bool = False) -> Start:
    from scipy.optimize import least_squares, minimize

    obj = Objective(problem, dict(fixed))
    if trace:
        # each evaluation said on stderr as it ends (from the start's own process when starts
        # run in parallel), so a long start shows where it is
        evaluate = obj.evaluate

        def traced(values: Mapping[str, float]):
            ev = evaluate(values)
            print(trace_line(problem.id, index, obj.n_evaluations, ev), file=sys.stderr,
                  flush=True)
            return ev

        obj.evaluate = traced  # type: ignore[method-assign]
    t0 = time.perf_counter()
    d = len(problem.estimates)
    if method == "least_squares":
        first = obj.evaluate(problem.values(u0))
        if first.failure:  # no wall to retreat from at the start itself
            return Start(index, u0.tolist(), u0.tolist(), first.values, float("inf"),
                         obj.n_evaluations, "failed", first.failure,
                         time.perf_counter() - t0, [first.failure], obj.warned.counts())
        sol = least_squares(obj.residuals, u0, bounds=(np.zeros(d), np.ones(d)),
                            method="trf", diff_step=DIFF_STEP, x_scale=1.0, xtol=XTOL,
                            ftol=FTOL, gtol=FTOL, max_nfev=max_evaluations)
        u = np.clip(sol.x, 0.0, 1.0)
        status = "converged" if sol.status > 0 else "stopped"
        message = str(sol.message)
    else:
        opts = ({"xatol": XTOL, "fatol": FTOL, "maxfev": max_evaluations}
                if method == "nelder-mead" else
                {"xtol": XTOL, "ftol": FTOL, "maxfev": max_evaluations})
        sol = minimize(obj.cost, u0, method="Nelder-Mead" if method == "nelder-mead" else "Powell",
                       bounds=[(0.0, 1.0)] * d, options=opts)
        u = np.clip(sol.x, 0.0, 1.0)
        status = "converged" if sol.success else "stopped"
        message = str(sol.message)
    final = obj.evaluate(problem.values(u))
    if final.failure:
        status, message = "failed", final.failure
    return Start(index, u0.tolist(), u.tolist(), final.values, final.cost, obj.n_evaluations,
                 status, message, time.perf_counter() - t0, list(obj.failures),
                 obj.warned.counts())


def check_settings(*, n_starts: int = 4, seed: int = 0, method: str = "least_squares",
                   max_evaluations: int = 200, n_jobs: int = 1) -> tuple[int, int, int, int]:
    """:func:`calibrate`'s settings checked (:class:`InputError` naming the argument) and
    read: (n_starts, seed, max_evaluations, n_jobs) as ints, n_jobs -1 as the cores."""
    if method not in METHODS:
        raise InputError(f"method must be one of {', '.join(METHODS)}; got {method!r}")
    # counts: np.int64(4) (np.arange, a table's column) or 4.0 count as 4; True, 2.5 do not
    given = {"n_starts": n_starts, "seed": seed, "max_evaluations": max_evaluations}
    n_starts, seed, max_evaluations = (as_whole(v) for v in given.values())
    if n_starts is None or n_starts < 1:
        raise InputError(f"n_starts must be a whole number >= 1; got {shown(given['n_starts'])}")
    if seed is None or seed < 0:
        raise InputError(f"seed must be a whole number >= 0; got {shown(given['seed'])}")
    if max_evaluations is None or max_evaluations < 1:
        raise InputError(f"max_evaluations must be a whole number >= 1; got "
                         f"{shown(given['max_evaluations'])}")
    return n_starts, seed, max_evaluations, _jobs(n_jobs)


def calibrate(problem: CalibrationProblem, *, n_starts: int = 4, seed: int = 0,
              method: str = "least_squares", n_jobs: int = 1,
              fixed: Mapping[str, float] | None = None, max_evaluations: int = 200,
              progress: Callable[[Start], None] | None = None,
              trace: bool = False) -> CalibrationResult:
    """Estimate ``problem``'s parameters by multistart local optimization.

    ``fixed`` holds values of other parameters (the estimates of the problems it comes
    ``after``): a name that no model, drug or condition has is refused
    (:class:`~osteon.errors.UnknownNameError`, with a suggestion), and so is one of the
    problem's own estimates (:func:`~osteon.calibrate.problem.check_fixed`);
    ``n_jobs`` runs starts in parallel processes (``-1``: all cores).
    ``max_evaluations`` (N) is the local optimizer's budget per start as SciPy counts it
    (``max_nfev`` of least squares, ``maxfev`` of Nelder-Mead and Powell): least squares does
    not count its finite-difference Jacobian's evaluations (one per estimate, at the start and
    after each accepted step), and the start and end points are evaluated once more, so a start
    makes at most 2 + N·(1 + number of estimates) objective evaluations with least squares and
    N + 1 with the others (:attr:`Start.n_evaluations` counts them all). Before the starts,
    1 + 2 x (number of estimates) evaluations check that every estimate moves some reading
    between its bounds (:func:`~osteon.calibrate.objective.idle_estimates`): one that moves
    none is refused (:class:`InputError`), since its 'estimate' would be the random start.
    What the starts' simulations warned of is warned once per warning, with the number of
    evaluations that gave it, and kept in :attr:`CalibrationResult.warnings`; so is an
    estimate whose start stopped on its evaluation budget (:attr:`CalibrationResult.converged`
    is then False).
    With ``trace``, every evaluation of the starts is printed to stderr as it ends
    (:func:`trace_line`: start, number, cost or failure, values), the starts' progress.
    Raises :class:`CalibrationError` (with the record as its ``result``) when every start
    failed.
    """
    n_starts, seed, max_evaluations, n_jobs = check_settings(
        n_starts=n_starts, seed=seed, method=method, max_evaluations=max_evaluations,
        n_jobs=n_jobs)
    problem.check_names()
    fixed = dict(fixed or {})
    check_fixed(problem, fixed)
    t0 = time.perf_counter()
    # an estimate no reading depends on would come back as its random start, 'converged'
    if n_jobs == 1:
        idle = idle_estimates(problem, fixed)
    else:
        def evaluate(values):
            with process_pool(min(n_jobs, len(values))) as pool:
                return list(pool.map(_evaluate_packed,
                                     [(problem, fixed, v) for v in values]))
        idle = idle_estimates(problem, fixed, evaluate)
    if idle:
        raise InputError(idle_message(problem, idle))
    starts_u = latin_hypercube(n_starts, len(problem.estimates), seed)
    args = [(problem, fixed, i, u0, method, max_evaluations, trace)
            for i, u0 in enumerate(starts_u)]
    starts: list[Start] = []
    if n_jobs == 1 or n_starts == 1:
        for a in args:
            starts.append(_run_start(*a))
            if progress is not None:
                progress(starts[-1])
    else:
        with process_pool(min(n_jobs, n_starts)) as pool:
            for s in pool.map(_run_start_packed, args):
                starts.append(s)
                if progress is not None:
                    progress(s)
    warned = Tally()
    for s in starts:
        warned.merge(Tally.from_counts(s.warnings, s.n_evaluations))
    said = warned.lines("evaluations")
    for line in said:
        warnings.warn(line, OsteonWarning, stacklevel=2)
    failures = [f"start {s.index} (" + ", ".join(f"{k} {v:.4g}" for k, v in s.values.items())
                + f"): {s.message}" for s in starts if s.status == "failed"]
    solved = [s for s in starts if s.status != "failed"]
    final = None
    if solved:
        best = min(solved, key=lambda s: s.cost)
        final = Objective(problem, fixed).evaluate(best.values)
        if final.failure:  # the best end point, evaluated again, failed: no estimate to give
            failures.append(f"start {best.index}, its end point evaluated again: "
                            f"{final.failure}")
    result = CalibrationResult(
        problem=problem.id,
        estimates=dict(best.values) if final is not None and not final.failure else {},
        cost=final.cost if final is not None else math.inf,
        readings=final.readings if final is not None and not final.failure else {},
        expected={t.id: t.expected for t in problem.targets},
        tolerance={t.id: t.tolerance for t in problem.targets},
        starts=starts, seed=seed, n_starts=n_starts, method=method,
        settings={"xtol": XTOL, "ftol": FTOL, "diff_step": DIFF_STEP,
                  "max_evaluations": max_evaluations,
                  "start_design": "latin hypercube on the unit cube of the scaled bounds",
                  "estimates": [asdict(e) for e in problem.estimates]},
        fixed=fixed, versions=versions(),
        created=datetime.now(UTC).isoformat(timespec="seconds"),
        seconds=time.perf_counter() - t0,
        failures=failures, warnings=said, description=problem.description,
        targets=fitted_to(problem))
    if result.estimates and not result.converged:
        b = min(solved, key=lambda s: s.cost)
        line = (f"calibration problem {problem.id!r}: the estimates come from start {b.index}, "
                f"which stopped on its evaluation budget (max_evaluations={max_evaluations}) "
                f"before it converged: they are where it stopped, not an optimum "
                f"(CalibrationResult.converged is False); give a larger max_evaluations")
        result.warnings.append(line)  # the record keeps what was said
        warnings.warn(line, OsteonWarning, stacklevel=2)
    if not result.estimates:
        why = ("every start failed" if not solved else
               "the end point of the best start failed when it was evaluated again")
        raise CalibrationError(f"calibration problem {problem.id!r}: {why}, so there are no "
                               f"estimates: " + "; ".join(failures), result)
    return result


def _run_start_packed(a: tuple) -> Start:
    return _run_start(*a)


def _evaluate_packed(a: tuple) -> Evaluation:
    problem, fixed, values = a
    return Objective(problem, fixed).evaluate(values)


def _jobs(n_jobs: int) -> int:
    """``n_jobs`` checked, as the processes to run on: -1 every core, and more than the cores
    warned of and run on the cores (:func:`osteon.parallel.capped_workers`)."""
    from osteon.parallel import capped_workers

    jobs = as_whole(n_jobs)
    if jobs is None or jobs == 0 or jobs < -1:
        raise InputError(f"n_jobs must be a whole number >= 1 or -1 (all cores); got "
                         f"{shown(n_jobs)}")
    return capped_workers(jobs, stacklevel=5)
