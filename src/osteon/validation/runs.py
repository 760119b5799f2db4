"""Simulating the scenarios of the targets: each distinct arm once, saved where the targets read.

Targets that share a scenario share its simulation; the save grid of an arm is a regular grid
(weekly up to 2 years, monthly up to 10, quarterly beyond) plus every time a target reads, so no
reading is interpolated between distant points. A failed simulation is kept as its error and
reported by every target that needs it; it never stops the other targets. The osteon warnings of
a simulation (a dose far from the drug's usual one, a state that left its domain, ...) are kept
with its arm (:meth:`Runs.warnings`) for the targets that read it; other warnings (the solver's)
are dropped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from osteon.errors import InputError
from osteon.validation.target import MONTH, WEEK, YEAR, Arm, Scenario


@dataclass
class Course:
    """One simulated arm, as arrays: ``times`` (days), ``age`` (years, or None) and variables."""

    times: np.ndarray
    age: np.ndarray | None
    values: dict[str, np.ndarray]
    result: Any

    def series(self, name: str) -> np.ndarray:
        if name not in self.values:
            raise InputError(f"observable must be one of the model's variables; got {name!r}")
        return self.values[name]

    def at(self, name: str, when: float, axis: str = "days") -> float:
        """``name`` at ``when`` (days, or age in years), interpolated linearly."""
        x = self.times if axis == "days" else self.age
        if x is None:
            raise InputError("an age-axis reading needs a model with age_years")
        if not (x[0] - 1e-9 <= when <= x[-1] + 1e-9):
            raise InputError(f"reading time must lie within the simulated span "
                             f"[{x[0]:g}, {x[-1]:g}] ({axis}); got {when:g}")
        return float(np.interp(when, x, self.series(name)))


def grid(duration: float) -> np.ndarray:
    """The regular save grid of an arm ``duration`` days long (its end included)."""
    step = WEEK if duration <= 2 * YEAR else (MONTH if duration <= 10 * YEAR else YEAR / 4)
    return np.append(np.arange(0.0, duration, step), duration)


def on_grid(times: np.ndarray, duration: float) -> np.ndarray:
    """Mask of the ``times`` that are points of the regular grid: readers that integrate over a
    course use only these, so that their result does not depend on which other targets, read
    at other times, were run beside them."""
    g = grid(duration)
    idx = np.clip(np.searchsorted(g, times), 1, len(g) - 1)
    near = np.minimum(np.abs(times - g[idx - 1]), np.abs(times - g[idx]))
    keep = near <= 1e-6
    if keep.sum() != len(g):
        raise InputError(f"the course lacks points of its regular save grid ({keep.sum()} of "
                         f"{len(g)} found)")
    return keep


class Runs:
    """The cache of simulated arms for one validation run."""

    def __init__(self) -> None:
        self._extra: dict[tuple[Arm, float], set[float]] = {}
        self._done: dict[tuple[Arm, float], Course | Exception] = {}
        self._warnings: dict[tuple[Arm, float], list[str]] = {}

    def request(self, scenario: Scenario, times: Iterable[float]) -> None:
        """Note that a target will read ``scenario`` at ``times`` (days)."""
        for a in (scenario.arm, scenario.control):
            if a is not None:
                self._extra.setdefault((a, scenario.duration), set()).update(times)

    def course(self, a: Arm, duration: float) -> Course:
        """The simulated arm (simulated on first use); raises the simulation's error."""
        key = (a, duration)
        if key not in self._done:
            self._done[key] = self._simulate(a, duration)
        got = self._done[key]
        if isinstance(got, Exception):
            raise got
        return got

    def warnings(self, a: Arm, duration: float) -> list[str]:
        """The osteon warnings the simulation of ``a`` gave (empty if not simulated here)."""
        return list(self._warnings.get((a, duration), ()))

    def simulated_warnings(self) -> dict[tuple[Arm, float], list[str]]:
        """The osteon warnings of each arm simulated here (failed ones too; not those put)."""
        return {k: list(v) for k, v in self._warnings.items()}

    def put(self, a: Arm, duration: float, course: Course) -> None:
        """Reuse ``course`` for ``a`` (simulated elsewhere with the same save times)."""
        self._done[(a, duration)] = course

    def courses(self) -> dict[tuple[Arm, float], Course]:
        """The arms simulated so far (failures left out)."""
        return {k: v for k, v in self._done.items() if isinstance(v, Course)}

    def _simulate(self, a: Arm, duration: float) -> Course | Exception:
        from osteon._tally import recording
        from osteon.simulation import simulate

        extra = [t for t in self._extra.get((a, duration), ()) if 0.0 <= t <= duration]
        save = np.unique(np.concatenate([grid(duration), np.asarray(extra, float)]))
        # what osteon warns the user of, by the rule every tally of runs follows (the solver's
        # chatter and a former name's deprecation left out: osteon._tally.recording)
        with recording() as said:
            try:
                r = simulate(a.model, a.regimen, patient=a.patient,
                             parameters=dict(a.parameters) or None,
                             conditions=list(a.conditions) or None,
                             duration=duration, save=save)
            except Exception as exc:
                r = exc
        self._warnings[(a, duration)] = list(said)
        if isinstance(r, Exception):
            return r
        values = {v: r[v][0] for v in r.variables}
        age = values.get("age_years")
        return Course(r.times, age, values, r)

    def __len__(self) -> int:
        return sum(1 for v in self._done.values() if isinstance(v, Course))
