"""What a condition is in osteon: a severity in real units mapped onto the model's inputs.

A :class:`Condition` has a card (mechanism, what it is calibrated to, how it reverses), its own
parameters (with units and sources), a :class:`Severity` (unit, allowed domain, default) and an
``effects(severity, q)`` function returning, for each model input it acts on, a factor
(inputs combined by multiplication) or an increment (inputs combined by addition); ``q`` holds
the condition's parameters by name. :class:`Course` places a condition in time (onset, offset)
at a severity. The model's equations never name a condition.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from osteon.errors import InputError
from osteon.model.parameter import Parameter
from osteon.units import to_days

#: how the effects of several conditions on one model input combine (and the kind of value a
#: condition gives: a factor or an increment)
COMBINE: dict[str, str] = {
    # multiplied: the condition gives a factor on the subject's own value
    "loading": "multiply",
    "bone_rankl_gain": "multiply",
    "osteoblast_opg_gain": "multiply",
    "vascular_opg_gain": "multiply",
    "tcell_rankl_gain": "multiply",
    "osteoclast_formation_gain": "multiply",
    "osteoblast_apoptosis_gain": "multiply",
    "osteoblast_commitment_gain": "multiply",
    "sclerostin_production_gain": "multiply",
    "klotho": "multiply",
    "ovarian_function": "multiply",
    "aromatase_activity": "multiply",
    "mgp_activity": "multiply",
    "GFR": "multiply",
    "serum_25ohd": "multiply",
    # added: the condition gives an increment
    "inflammation": "add",
    "sasp_extra": "add",
    "rankl_tumor": "add",
    "opg_exogenous": "add",
    "IPTHinf": "add",
}


@dataclass(frozen=True)
class Severity:
    """How bad a condition is, in real units: ``name`` in ``unit``, within [low, high]."""

    name: str
    unit: str
    default: float
    low: float = 0.0
    high: float = math.inf
    low_open: bool = False
    high_open: bool = False
    #: the units a text may give it in, with the factor to ``unit``
    aliases: Mapping[str, float] = field(default_factory=dict)
    description: str = ""
    default_note: str = ""

    def domain(self) -> str:
        lo = "(" if self.low_open else "["
        hi = ")" if self.high_open or math.isinf(self.high) else "]"
        high = "inf" if math.isinf(self.high) else f"{self.high:g}"
        return f"{lo}{self.low:g}, {high}{hi} {self.unit}"

    def check(self, value: float, condition: str) -> float:
        v = float(value)
        bad = (not math.isfinite(v) or v < self.low or v > self.high
               or (self.low_open and v == self.low) or (self.high_open and v == self.high))
        if bad:
            raise InputError(f"condition '{condition}': {self.name} must lie in {self.domain()}; "
                             f"got {value!r}")
        return v


@dataclass(frozen=True)
class ConditionCard:
    """What a person reads before trusting a condition module."""

    name: str
    mechanism: str
    calibrated_to: tuple[str, ...]
    reversal: str
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)
class Condition:
    id: str
    card: ConditionCard
    severity: Severity | None
    effects: Callable[[float, Mapping[str, float]], Mapping[str, float]]
    parameters: tuple[Parameter, ...] = ()
    aliases: tuple[str, ...] = ()

    @property
    def acts_on(self) -> tuple[str, ...]:
        sev = self.severity.default if self.severity is not None else 1.0
        return tuple(self.effects(sev, self.parameter_values()))

    def parameter_values(self) -> dict[str, float]:
        """The condition's parameters by name, with any :func:`parameter_overrides` applied."""
        over = _OVERRIDES.get()
        return {q.name: over.get(q.name, q.value) for q in self.parameters}

    def course(self, severity: float | None = None, *, onset: Any = 0.0,
               offset: Any = None) -> Course:
        return Course(self, severity, onset, offset)


#: condition-parameter values that replace the catalog's while a :func:`parameter_overrides`
#: block runs (calibration and sensitivity analysis vary them)
_OVERRIDES: ContextVar[Mapping[str, float]] = ContextVar("condition_parameter_overrides",
                                                         default=MappingProxyType({}))


@contextmanager
def parameter_overrides(values: Mapping[str, float]) -> Iterator[None]:
    """Use ``values`` for the named condition parameters (``gc_emax``, ...) inside the block.

    Names must be parameters of some condition; the values are checked against each parameter's
    bounds.
    """
    from osteon.conditions.catalog import CONDITIONS

    known = {q.name: q for c in CONDITIONS for q in c.parameters}
    checked: dict[str, float] = {}
    for name, value in values.items():
        if name not in known:
            raise InputError(f"condition parameter must be one of {', '.join(sorted(known))}; "
                             f"got {name!r}")
        checked[name] = known[name].check(value, where="condition parameter override")
    token = _OVERRIDES.set(MappingProxyType({**_OVERRIDES.get(), **checked}))
    try:
        yield
    finally:
        _OVERRIDES.reset(token)


@dataclass(frozen=True)
class Course:
    """A condition from ``onset`` to ``offset`` (days or text; ``None`` = to the end)."""

    condition: Condition
    severity: float | None = None
    onset: Any = 0.0
    offset: Any = None

    def __post_init__(self) -> None:
        cid = self.condition.id
        sev = self.condition.severity
        if sev is None:
            if self.severity is not None:
                raise InputError(f"condition '{cid}' has no severity; got {self.severity!r}")
        else:
            value = sev.default if self.severity is None else self.severity
            object.__setattr__(self, "severity", sev.check(value, cid))
        onset = to_days(self.onset, field=f"condition '{cid}' onset")
        object.__setattr__(self, "onset", onset)
        if self.offset is not None:
            offset = to_days(self.offset, field=f"condition '{cid}' offset")
            if offset <= onset:
                raise InputError(f"condition '{cid}': offset ({offset:g} d) must come after onset "
                                 f"({onset:g} d)")
            object.__setattr__(self, "offset", offset)

    def effects(self) -> dict[str, float]:
        sev = self.severity if self.severity is not None else 1.0
        out = dict(self.condition.effects(sev, self.condition.parameter_values()))
        unknown = [k for k in out if k not in COMBINE]
        if unknown:  # pragma: no cover - a programming error in a condition module
            raise InputError(f"condition '{self.condition.id}' acts on {unknown}, inputs without "
                             f"a combination rule")
        return out

    def active(self, t: float) -> bool:
        return self.onset <= t and (self.offset is None or t < self.offset)

    def to_text(self) -> str:
        from osteon.conditions.text import format_course

        return format_course(self)
