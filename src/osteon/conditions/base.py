"""What a condition is in osteon: a severity in real units mapped onto the model's inputs.

A :class:`Condition` has a card (mechanism, what it is calibrated to, how it reverses), its own
parameters (with units and sources), a :class:`Severity` (unit, allowed domain, default) and an
``effects(severity, q)`` function returning, for each model input it acts on, a factor
(inputs combined by multiplication) or an increment (inputs combined by addition); ``q`` holds
the condition's parameters by name. :class:`Course` places a condition in time (onset, offset)
at a severity; an onset before the simulation's start (an established condition) is run in the
patient's life course. The model's equations never name a condition.
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
from osteon.library.integrated.drivers import AGE_REF
from osteon.model.parameter import Parameter
from osteon.units import as_float, is_real, to_days

#: the patient's youngest age at a condition's onset, years: her life course starts from the
#: young adult at the integrated model's reference age
LIFE_COURSE_START = AGE_REF

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
    #: which way the number worsens the condition ("higher", "lower"; "" where not declared):
    #: a condition that takes no offset (Condition.no_offset) may pass to a later course only
    #: at a severity no milder
    worse: str = ""
    #: units among ``aliases`` that a number given without a unit may well be meant in (a
    #: European lab's 25(OH)D in nmol/L, PTH in pmol/L): it is read in ``unit``, with a warning
    #: naming those in which it lies in the domain too
    also_meant_in: tuple[str, ...] = ()

    def milder(self, later: float, earlier: float) -> bool:
        """Whether ``later`` is a milder severity than ``earlier`` (False where :attr:`worse`
        is not declared)."""
        return (self.worse == "lower" and later > earlier) or \
            (self.worse == "higher" and later < earlier)

    def domain(self) -> str:
        lo = "(" if self.low_open else "["
        hi = ")" if self.high_open or math.isinf(self.high) else "]"
        high = "inf" if math.isinf(self.high) else f"{self.high:g}"
        return f"{lo}{self.low:g}, {high}{hi} {self.unit}"

    def contains(self, value: float) -> bool:
        """Whether ``value`` (in :attr:`unit`) lies in the domain."""
        v = float(value)
        return not (not math.isfinite(v) or v < self.low or v > self.high
                    or (self.low_open and v == self.low) or (self.high_open and v == self.high))

    def check(self, value: float, condition: str) -> float:
        if not is_real(value):  # True is no severity (float(True) is 1.0); nor is a text
            raise InputError(f"condition '{condition}': {self.name} must be a number in "
                             f"{self.domain()}; got {value!r}")
        v = as_float(value)
        if not self.contains(v):
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
    #: a malignancy in the skeleton (myeloma, metastases): its fractures are pathological
    #: fractures, which the fracture readouts (a hazard model of primary osteoporosis) leave
    #: out, and a low T-score is not osteoporosis's (osteon.readouts.clinical.MALIGNANCY_CAVEAT)
    malignancy: bool = False


@dataclass(frozen=True, eq=False)
class Condition:
    id: str
    card: ConditionCard
    severity: Severity | None
    effects: Callable[[float, Mapping[str, float]], Mapping[str, float]]
    parameters: tuple[Parameter, ...] = ()
    aliases: tuple[str, ...] = ()
    #: why the condition does not apply to men ("" where it applies to both sexes): a run that
    #: imposes it on a man is refused with this reason, as it would run as a no-op
    not_for_men: str = ""
    #: why a course of the condition does not end ("" where it may): what it takes is taken as
    #: not regained, so a course with an offset is refused with this reason unless a course of
    #: the same condition, no milder, follows from that offset (progression;
    #: osteon.conditions.courses checks it)
    no_offset: str = ""

    @property
    def acts_on(self) -> tuple[str, ...]:
        sev = self.severity.default if self.severity is not None else 1.0
        return tuple(self.effects(sev, self.parameter_values()))

    def parameter_values(self) -> dict[str, float]:
        """The condition's parameters by name, with any :func:`parameter_overrides` applied."""
        over = _OVERRIDES.get()
        return {q.name: over.get(q.name, q.value) for q in self.parameters}

    def course(self, severity: float | None = None, *, onset: Any = 0.0,
               offset: Any = None, onset_age: float | None = None) -> Course:
        return Course(self, severity, onset, offset, onset_age)


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


#: days per year, as the time units (osteon.units) count a year
_YEAR = 365.25


@dataclass(frozen=True)
class Course:
    """A condition from ``onset`` to ``offset`` (days or text; ``None`` = to the end).

    Times are on the simulation's clock (t = 0 at its start). An *established* condition began
    before the start and needs a patient (her life course runs with it from its onset, so the
    simulation starts from the state the disease has brought her to): a negative ``onset``
    (``-5 years``: 5 years before the start), or ``onset_age``, the patient's age at onset in
    years (``onset`` left at 0), at least the life course's start (:data:`LIFE_COURSE_START`)
    and at most the patient's age (checked by :meth:`start_day`). An ``offset`` is on the
    simulation's clock too; with ``onset_age`` it must be after the start.
    """

    condition: Condition
    severity: float | None = None
    onset: Any = 0.0
    offset: Any = None
    onset_age: float | None = None

    def __post_init__(self) -> None:
        cid = self.condition.id
        sev = self.condition.severity
        if sev is None:
            if self.severity is not None:
                raise InputError(f"condition '{cid}' has no severity; got {self.severity!r}")
        else:
            value = sev.default if self.severity is None else self.severity
            object.__setattr__(self, "severity", sev.check(value, cid))
        onset = to_days(self.onset, field=f"condition '{cid}' onset", allow_negative=True)
        object.__setattr__(self, "onset", onset)
        if self.onset_age is not None:
            age = self.onset_age
            if not is_real(age) or not math.isfinite(as_float(age)):
                raise InputError(f"condition '{cid}': onset_age (the patient's age at onset) "
                                 f"must be a finite number of years; got {age!r}")
            if as_float(age) < LIFE_COURSE_START:
                raise InputError(f"condition '{cid}': onset_age must be >= "
                                 f"{LIFE_COURSE_START:g} years (the life course starts from the "
                                 f"young adult at {LIFE_COURSE_START:g}); got {age!r}")
            if onset != 0.0:
                raise InputError(f"condition '{cid}': give onset (days from the start) or "
                                 f"onset_age (the patient's age at onset), not both; got onset "
                                 f"{self.onset!r} and onset_age {age!r}")
            object.__setattr__(self, "onset_age", as_float(age))
        if self.offset is not None:
            offset = to_days(self.offset, field=f"condition '{cid}' offset", allow_negative=True)
            if self.onset_age is not None and offset <= 0.0:
                raise InputError(f"condition '{cid}': with an onset at age {self.onset_age:g}, "
                                 f"the offset (on the simulation's clock) must come after the "
                                 f"start (> 0 d); got {offset:g} d (a course that ended before "
                                 f"the start: give its onset from the start, '... from -10 years "
                                 f"for 3 years')")
            if offset <= onset:
                raise InputError(f"condition '{cid}': offset ({offset:g} d) must come after onset "
                                 f"({onset:g} d)")
            object.__setattr__(self, "offset", offset)

    @property
    def established(self) -> bool:
        """Whether the course began before the simulation's start (a patient's life course)."""
        return self.onset_age is not None or self.onset < 0.0

    def start_day(self, age: float | None = None) -> float:
        """The onset on the simulation's clock (days; negative before the start) for a patient
        of ``age`` years at the start, checked against her life course: not before
        :data:`LIFE_COURSE_START` and, for ``onset_age``, not after ``age``."""
        cid = self.condition.id
        if not self.established:
            return self.onset
        if age is None:
            raise InputError(f"condition '{cid}' {self.to_text()!r} began before the start "
                             f"and needs a patient (patient=, --patient): her life course runs "
                             f"with it from its onset; without one, give an onset >= 0")
        if self.onset_age is not None:
            if self.onset_age > age + 1e-9:
                raise InputError(f"condition '{cid}': onset at age {self.onset_age:g} is after "
                                 f"the patient's age ({age:g}); an onset is at most her age "
                                 f"(an onset during the simulation is 'from <time>', e.g. "
                                 f"'from {self.onset_age - age:g} years')")
            return (self.onset_age - age) * _YEAR
        at = age + self.onset / _YEAR
        if at < LIFE_COURSE_START - 1e-9:
            raise InputError(f"condition '{cid}': onset {self.onset / _YEAR:g} years from the "
                             f"start puts it at age {at:.4g} in a patient of {age:g}; an onset "
                             f"must be at age >= {LIFE_COURSE_START:g} (the life course starts "
                             f"from the young adult at {LIFE_COURSE_START:g}), so at most "
                             f"{age - LIFE_COURSE_START:.4g} years before the start")
        return self.onset

    def in_run(self) -> Course | None:
        """The course as the simulation sees it from t = 0: an established course active at
        the start acts from 0 (``None`` where it ended before the start)."""
        if not self.established:
            return self
        if self.offset is not None and self.offset <= 0.0:
            return None
        return Course(self.condition, self.severity, 0.0, self.offset)

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
