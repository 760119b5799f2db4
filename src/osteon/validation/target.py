"""What a validation target is: a published number, the scenario that reproduces it, the
quantity read off the simulation, and the rule that says whether the model meets it.

A target is data. Its :class:`Scenario` names what is simulated (model, patient, prescription,
conditions, parameters, duration) and, for trial results reported against placebo, the control
arm. Its :class:`Measure` names how the simulated number is read (a % change between two times,
a % difference from the control arm, a rate, a value, or one of the named readers of
:mod:`osteon.validation.measures`). Its criterion compares the reading with the published value:
``within`` a stated tolerance, or ``above``/``below`` a bound for the qualitative targets
(directions and rankings).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from osteon.errors import InputError

YEAR = 365.25
MONTH = YEAR / 12.0
WEEK = 7.0

#: what a target is for: fitted parameters were chosen to meet "training" targets; "check"
#: targets were never fitted to
ROLES: tuple[str, ...] = ("training", "check")
#: how a reading is compared with the published value
COMPARES: tuple[str, ...] = ("within", "above", "below")
#: what a target checks
KINDS: tuple[str, ...] = ("simulation", "readout", "verification")
#: the built-in ways of reading a number off a scenario (named readers are added in measures.py)
MEASURE_KINDS: tuple[str, ...] = ("change", "vs_control", "points_vs_control", "value", "named")


def years(x: float) -> float:
    """``x`` years in days (year = 365.25 days)."""
    return x * YEAR


def months(x: float) -> float:
    """``x`` months in days (month = 365.25/12 days)."""
    return x * MONTH


def weeks(x: float) -> float:
    """``x`` weeks in days."""
    return x * WEEK


@dataclass(frozen=True)
class Arm:
    """One simulated arm: a subject of ``model`` with a prescription, conditions and parameter
    overrides (or a patient text for the integrated model)."""

    regimen: str | None = None
    conditions: tuple[str, ...] = ()
    parameters: tuple[tuple[str, float], ...] = ()
    patient: str | None = None
    model: str = "osteon"

    def label(self) -> str:
        parts = [self.patient] if self.patient else []
        parts += [f"{k}={v:g}" for k, v in self.parameters]
        parts += [self.regimen] if self.regimen else []
        parts += list(self.conditions)
        return "; ".join(parts) or "no treatment"


def arm(regimen: str | None = None, *, conditions: tuple[str, ...] | list[str] = (),
        patient: str | None = None, model: str = "osteon", **parameters: float) -> Arm:
    """Shorthand: ``arm("denosumab 60 mg sc q6mo x 6", age_start=65)``."""
    return Arm(regimen, tuple(conditions), tuple(sorted(parameters.items())), patient, model)


@dataclass(frozen=True)
class Scenario:
    """What is simulated: ``arm`` (and, for results against placebo, ``control``) over
    ``duration`` days from the start of the simulation."""

    arm: Arm
    duration: float
    control: Arm | None = None

    def __post_init__(self) -> None:
        if not (isinstance(self.duration, (int, float)) and math.isfinite(self.duration)
                and self.duration > 0):
            raise InputError(f"scenario duration must be a number of days > 0; got "
                             f"{self.duration!r}")

    def label(self) -> str:
        text = f"{self.arm.label()} for {self.duration / YEAR:.3g} y"
        if self.control is not None:
            text += f" vs {self.control.label()}"
        return text


@dataclass(frozen=True)
class Measure:
    """How the simulated number is read.

    - ``change``: 100·(y(at)/y(start) − 1) in the arm; with ``per_year`` divided by the years
      between them.
    - ``vs_control``: 100·(y_arm(at)/y_control(at) − 1), the trials' "% vs placebo".
    - ``points_vs_control``: % change in the arm minus % change in the control, from ``start``
      to ``at`` (percentage points, the trials' "placebo-adjusted" difference).
    - ``value``: y(at).
    - ``named``: the reader ``name`` of :mod:`osteon.validation.measures` with ``args``.

    Times are days from the start, or ages in years when ``axis == "age"``.
    """

    kind: str
    observable: str = ""
    at: float = 0.0
    start: float = 0.0
    axis: str = "days"
    per_year: bool = False
    name: str = ""
    args: tuple[tuple[str, Any], ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in MEASURE_KINDS:
            raise InputError(f"measure kind must be one of {', '.join(MEASURE_KINDS)}; got "
                             f"{self.kind!r}")
        if self.axis not in ("days", "age"):
            raise InputError(f"measure axis must be 'days' or 'age'; got {self.axis!r}")
        if self.kind == "named" and not self.name:
            raise InputError("a named measure needs the reader's name")
        if self.kind != "named" and not self.observable:
            raise InputError(f"a {self.kind!r} measure needs an observable")

    def times(self) -> tuple[float, ...]:
        """The times (days) the reading needs saved exactly; empty on the age axis."""
        if self.axis == "age" or self.kind == "named":
            return ()
        return (self.start, self.at)

    def describe(self) -> str:
        unit = "y of age" if self.axis == "age" else "d"
        if self.kind == "named":
            return self.name.replace("_", " ")
        if self.kind == "value":
            return f"{self.observable} at {self.at:g} {unit}"
        span = f"{self.start:g}\u2192{self.at:g} {unit}"
        what = {"change": "% change", "vs_control": "% vs control",
                "points_vs_control": "points vs control"}[self.kind]
        return f"{self.observable} {what} ({span}{', per year' if self.per_year else ''})"


@dataclass(frozen=True)
class Target:
    """A published result and how osteon is checked against it."""

    id: str
    group: str
    area: str
    what: str
    expected: float
    unit: str
    source: str
    role: str = "check"
    compare: str = "within"
    tolerance: float = 0.0
    tolerance_why: str = ""
    scenario: Scenario | None = None
    measure: Measure | None = None
    kind: str = "simulation"
    check: str = ""
    check_args: tuple[tuple[str, Any], ...] = ()
    time: str = ""
    site: str = ""
    miss_cause: str = ""
    tags: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        problems = []
        if self.role not in ROLES:
            problems.append(f"role must be one of {', '.join(ROLES)}; got {self.role!r}")
        if self.compare not in COMPARES:
            problems.append(f"compare must be one of {', '.join(COMPARES)}; got {self.compare!r}")
        if self.kind not in KINDS:
            problems.append(f"kind must be one of {', '.join(KINDS)}; got {self.kind!r}")
        if self.compare == "within" and not (self.tolerance > 0 and self.tolerance_why):
            problems.append("a 'within' target needs a tolerance > 0 and the reason for it")
        if self.kind == "simulation" and (self.scenario is None or self.measure is None):
            problems.append("a simulation target needs a scenario and a measure")
        if self.kind != "simulation" and not self.check:
            problems.append(f"a {self.kind} target names its check function")
        if not self.source:
            problems.append("a target needs its source")
        if problems:
            raise InputError(f"target {self.id!r}: " + "; ".join(problems))

    def passes(self, observed: float) -> bool:
        """Whether ``observed`` meets the target (never for NaN)."""
        if not math.isfinite(observed):
            return False
        if self.compare == "above":
            return observed > self.expected
        if self.compare == "below":
            return observed < self.expected
        return abs(observed - self.expected) <= self.tolerance

    def criterion(self) -> str:
        """The pass rule in words: ``-1.7 ± 1`` or ``> 0``."""
        if self.compare == "above":
            return f"> {self.expected:g}"
        if self.compare == "below":
            return f"< {self.expected:g}"
        return f"{self.expected:g} \u00b1 {self.tolerance:g}"
