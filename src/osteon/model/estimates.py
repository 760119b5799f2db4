"""The values of the parameters that ``osteon calibrate`` estimates: one file, the one source.

A parameter that a shipped calibration problem (:mod:`osteon.calibrate.shipped`) estimates takes
its value in the parameter tables from ``estimates.json`` next to this module, through
:func:`estimated`; the tables keep its unit, meaning and source. ``osteon calibrate
--write-estimates`` writes the file from a run of the problems, with the run's record (seed,
starts, method, versions) and each problem's fit, so that a value can always be traced to the
run that produced it and reproduced.

This module sits below the models (it reads a file and nothing else), so that the parameter
tables can use it without importing the calibration machinery.
"""

from __future__ import annotations

import json
import math
from functools import cache
from pathlib import Path
from typing import Any

from osteon.errors import InputError

ESTIMATES_FILE = Path(__file__).with_name("estimates.json")


@cache
def load(path: str | None = None) -> dict[str, Any]:
    """The estimates file (``ESTIMATES_FILE`` by default) as a dict."""
    p = Path(path) if path is not None else ESTIMATES_FILE
    try:
        data = json.loads(p.read_text())
    except FileNotFoundError:
        raise InputError(f"the calibrated estimates file {p} is missing; it ships with osteon "
                         f"(osteon calibrate --write-estimates writes it)") from None
    except json.JSONDecodeError as e:
        raise InputError(f"the calibrated estimates file {p} is not valid JSON: {e}") from None
    if not isinstance(data.get("problems"), dict):
        raise InputError(f"the calibrated estimates file {p} has no 'problems' table")
    return data


def _owners() -> dict[str, str]:
    owners: dict[str, str] = {}
    for pid, entry in load()["problems"].items():
        for name in entry["estimates"]:
            if name in owners:
                raise InputError(f"parameter '{name}' is estimated by two calibration problems "
                                 f"in {ESTIMATES_FILE.name}: '{owners[name]}' and '{pid}'")
            owners[name] = pid
    return owners


def names() -> tuple[str, ...]:
    """Every parameter the file holds an estimate of."""
    return tuple(_owners())


def problem_of(name: str) -> str:
    """The calibration problem that estimates ``name``."""
    owners = _owners()
    if name not in owners:
        raise InputError(f"parameter '{name}' has no calibrated estimate in "
                         f"{ESTIMATES_FILE.name}; estimated are: {', '.join(sorted(owners))}")
    return owners[name]


def estimated(name: str) -> float:
    """The calibrated value of ``name``."""
    return float(load()["problems"][problem_of(name)]["estimates"][name])


def provenance(name: str) -> str:
    """A phrase saying where ``name``'s value comes from ('' when it is not estimated)."""
    if name not in _owners():
        return ""
    pid = problem_of(name)
    run = load()["problems"][pid].get("run", {})
    return (f"; value estimated by osteon calibrate, problem '{pid}' (seed {run.get('seed')}, "
            f"{run.get('n_starts')} starts, {run.get('created', 'date not recorded')}; "
            f"osteon/model/{ESTIMATES_FILE.name})")


def write(results: dict[str, Any], path: str | Path | None = None,
          held: dict[str, dict[str, float]] | None = None) -> Path:
    """Write calibration results (``problem id -> CalibrationResult``) into the estimates file,
    each with its run's record; problems not in ``results`` keep their entries. A record's
    ``fixed`` are the values its fit held of other parameters: ``held[problem id]`` where
    given (``osteon calibrate`` gives every other problem's estimate that can act in the
    problem's arms, as held: :func:`osteon.calibrate.shipped.held`), else the result's own
    ``fixed`` (those the caller passed to the fit)."""
    held = held or {}
    p = Path(path) if path is not None else ESTIMATES_FILE
    problems = dict(json.loads(p.read_text())["problems"]) if p.exists() else {}
    for pid, r in results.items():
        if not r.estimates:
            raise InputError(f"calibration problem {pid!r} has no estimates (every start "
                             f"failed); the estimates file keeps its entry")
        problems[pid] = {
            "estimates": dict(r.estimates),
            "cost": r.cost if math.isfinite(r.cost) else None, "readings": dict(r.readings),
            "expected": dict(r.expected), "tolerance": dict(r.tolerance),
            "fixed": {k: float(v) for k, v in sorted(held.get(pid, r.fixed).items())},
            "run": {"seed": r.seed, "n_starts": r.n_starts, "method": r.method,
                    "created": r.created, "versions": dict(r.versions)},
        }
    data = {"about": "written by `osteon calibrate --write-estimates`; the parameter tables read "
                     "their estimated values from here (osteon.model.estimates). Do not edit by "
                     "hand: rerun the calibration.",
            "problems": problems}
    p.write_text(json.dumps(data, indent=1, allow_nan=False) + "\n")
    load.cache_clear()
    return p
