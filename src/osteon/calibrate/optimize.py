"""Multistart optimization of a calibration problem with SciPy, and its saved result.

Starts are a Latin hypercube in the unit cube of the scaled bounds, drawn from ``seed``; each
start runs a local optimizer:

- ``least_squares`` (default): SciPy's trust-region reflective least squares on the weighted
  residuals, with finite-difference Jacobians. A failed evaluation is a wall of large residuals
  the trust region retreats from; it is counted and its reason kept.
- ``nelder-mead`` / ``powell``: SciPy ``minimize`` on the cost; a failed evaluation is an
  infinite cost the simplex or line search steps away from.

The best start gives the estimates. The result keeps the seed, the starts, the method, its
settings and the versions of osteon, Python, NumPy and SciPy, so that it can be rerun.
"""

from __future__ import annotations

import json
import math
import platform
import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from osteon.calibrate.objective import Objective
from osteon.calibrate.problem import CalibrationProblem
from osteon.errors import InputError
from osteon.parallel import process_pool

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


@dataclass
class Start:
    """One local optimization: where it started and ended, its cost and how it stopped."""

    index: int
    u0: list[float]
    u: list[float]
    values: dict[str, float]
    cost: float
    n_evaluations: int
    status: str  # "converged", "stopped" (evaluation budget) or "failed"
    message: str
    seconds: float
    #: evaluations that failed on the way, with their reasons
    failed_evaluations: list[str] = field(default_factory=list)


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

    @property
    def best(self) -> Start:
        return min(self.starts, key=lambda s: s.cost)

    def fit_rows(self) -> list[dict[str, Any]]:
        """Observed vs published for each training target, with pass or miss."""
        rows = []
        for tid, obs in self.readings.items():
            exp, tol = self.expected[tid], self.tolerance[tid]
            rows.append({"id": tid, "observed": obs, "expected": exp, "tolerance": tol,
                         "residual": (obs - exp) / tol, "passed": abs(obs - exp) <= tol})
        return rows

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> CalibrationResult:
        d = dict(d)
        d["starts"] = [Start(**s) for s in d["starts"]]
        return cls(**d)

    def save(self, path: str | Path) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.to_dict(), indent=1, allow_nan=True) + "\n")
        return path


def read_parameters(*paths: str | Path) -> dict[str, float]:
    """The estimates in files that ``osteon calibrate`` wrote: a result (``--out DIR`` writes
    DIR/PROBLEM.json, :meth:`CalibrationResult.save`) or its ``--json`` output (one result per
    problem, by id); of several files, or problems, together. Only the ``estimates`` are read:
    the values a fit held ``fixed`` are other problems' estimates (give their files too). A
    name two files give different values is refused, as is anything that is not such a file."""
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


def versions() -> dict[str, str]:
    import scipy

    from osteon._version import __version__

    return {"osteon": __version__, "python": platform.python_version(),
            "numpy": np.__version__, "scipy": scipy.__version__,
            "platform": platform.platform(terse=True)}


def _run_start(problem: CalibrationProblem, fixed: Mapping[str, float], index: int,
               u0: np.ndarray, method: str, max_evaluations: int) -> Start:
    from scipy.optimize import least_squares, minimize

    obj = Objective(problem, dict(fixed))
    t0 = time.perf_counter()
    d = len(problem.estimates)
    if method == "least_squares":
        first = obj.evaluate(problem.values(u0))
        if first.failure:  # no wall to retreat from at the start itself
            return Start(index, u0.tolist(), u0.tolist(), first.values, float("inf"),
                         obj.n_evaluations, "failed", first.failure,
                         time.perf_counter() - t0, [first.failure])
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
                 status, message, time.perf_counter() - t0, list(obj.failures))


def calibrate(problem: CalibrationProblem, *, n_starts: int = 4, seed: int = 0,
              method: str = "least_squares", n_jobs: int = 1,
              fixed: Mapping[str, float] | None = None, max_evaluations: int = 200,
              progress: Callable[[Start], None] | None = None) -> CalibrationResult:
    """Estimate ``problem``'s parameters by multistart local optimization.

    ``fixed`` holds values of other parameters (the estimates of the problems it comes
    ``after``); ``n_jobs`` runs starts in parallel processes (``-1``: all cores).
    """
    if method not in METHODS:
        raise InputError(f"method must be one of {', '.join(METHODS)}; got {method!r}")
    if not (isinstance(n_starts, int) and n_starts >= 1):
        raise InputError(f"n_starts must be an integer >= 1; got {n_starts!r}")
    if not (isinstance(seed, int) and seed >= 0):
        raise InputError(f"seed must be an integer >= 0; got {seed!r}")
    if not (isinstance(max_evaluations, int) and max_evaluations >= 1):
        raise InputError(f"max_evaluations must be an integer >= 1; got {max_evaluations!r}")
    n_jobs = _jobs(n_jobs)
    problem.check_names()
    fixed = dict(fixed or {})
    t0 = time.perf_counter()
    starts_u = latin_hypercube(n_starts, len(problem.estimates), seed)
    args = [(problem, fixed, i, u0, method, max_evaluations) for i, u0 in enumerate(starts_u)]
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
    best = min(starts, key=lambda s: s.cost)
    obj = Objective(problem, fixed)
    final = obj.evaluate(best.values)
    return CalibrationResult(
        problem=problem.id, estimates=dict(best.values), cost=final.cost,
        readings=final.readings,
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
        failures=[f"start {s.index} (" + ", ".join(f"{k} {v:.4g}" for k, v in s.values.items())
                  + f"): {s.message}" for s in starts if s.status == "failed"])


def _run_start_packed(a: tuple) -> Start:
    return _run_start(*a)


def _jobs(n_jobs: int) -> int:
    import os

    if not isinstance(n_jobs, int) or n_jobs == 0 or n_jobs < -1:
        raise InputError(f"n_jobs must be a positive integer or -1 (all cores); got {n_jobs!r}")
    return (os.cpu_count() or 1) if n_jobs == -1 else n_jobs
