"""Events applied between integration segments, never inside the equations.

An event happens at a time (days, or a text such as ``"6 months"``). The simulation integrates up
to the event, applies it, and goes on. A value saved exactly at an event's time is the value just
before the event (the NONMEM convention for an observation at a dose time).

- :class:`ParameterStep` — a parameter takes a new value from ``time`` on (an infusion rate of
  OPG switched on, a production rate changed).
- :class:`Bolus` — an exogenous amount added to (or, negative, taken from) a state at once.
- :class:`StateScale` — a state multiplied by a factor at once (e.g. half the osteoclasts removed).

A value (a step's value, a bolus's amount) is a number in the unit the model declares for the
parameter or state, or a pint Quantity, converted to that unit when the event meets the model
(:func:`collect_events`); a Quantity of another dimension is refused there.

A regimen (coming with the dosing layer) is anything with a method ``events(model)`` returning
such events; a plain event or list of events is accepted wherever a regimen is.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol, runtime_checkable

import numpy as np

from osteon.errors import InputError, UnknownNameError
from osteon.model.spec import ModelSpec
from osteon.units import holds_bool, is_quantity, magnitude_in, to_days


def _time(value: Any, cls: str) -> float:
    return to_days(value, field=f"{cls}.time")


def _finite(value: Any, field: str) -> Any:
    """``value`` as a float or a float array, refused unless finite. A pint Quantity is kept
    (its magnitude checked): only the model knows the unit it converts to."""
    if is_quantity(value):
        _finite(value.magnitude, field)
        return value
    if isinstance(value, str) or holds_bool(value):  # NumPy would read True as 1.0
        raise InputError(f"{field} must be a number (or one per subject); got {value!r}")
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise InputError(f"{field} must be a number (or one per subject); got {value!r}") from None
    if not np.isfinite(arr).all():
        raise InputError(f"{field} must be finite; got {value!r}")
    return float(arr) if arr.ndim == 0 else arr


def not_steppable(spec: ModelSpec, name: str) -> UnknownNameError | None:
    """The error for a step of ``name`` where it names no parameter of ``spec`` but something a
    user may well take for one: a state, an observable, or a parameter of a condition (each
    was refused as an unknown parameter with a 'did you mean' naming another parameter:
    ``OBa``, 'did you mean A_OBa'); else None (an unknown name is the model's to refuse)."""
    if name in spec.parameter_names:
        return None
    where = f"model '{spec.id}'"
    if name in spec.state_names or spec.renamed.get(name) in spec.state_names:
        now = f" (now '{spec.renamed[name]}')" if name in spec.renamed else ""
        return UnknownNameError(
            f"'{name}'{now} is a state of {where}, not a parameter: a step sets a parameter from its "
            f"time on; a state is changed at a time by a Bolus (an amount added) or a "
            f"StateScale (a factor) event (osteon.events), or given as initial=")
    if name in {o.name for o in spec.observables}:
        return UnknownNameError(
            f"'{name}' is an observable of {where}, not a parameter: it is computed from the "
            f"states and parameters, so it cannot be set; step a parameter it depends on "
            f"(osteon models show {spec.id})")
    from osteon.conditions import _owner

    if (owner := _owner(name)) is not None:
        return UnknownNameError(
            f"'{name}' is a parameter of condition '{owner}': it sizes the condition's effects "
            f"for the whole run and cannot be stepped at a time; give it for the run with "
            f"--param {name}=VALUE (parameters= of osteon.simulate) together with the "
            f"condition")
    return None


@dataclass(frozen=True)
class ParameterStep:
    """From ``time`` on, parameter ``name`` equals ``value`` (one value, or one per subject)."""

    time: float  # days; a text such as '6 months' is accepted and converted
    name: str
    value: Any

    def __post_init__(self) -> None:
        object.__setattr__(self, "time", _time(self.time, "ParameterStep"))
        object.__setattr__(self, "value", _finite(self.value, f"ParameterStep '{self.name}'.value"))

    def validate(self, spec: ModelSpec, n: int) -> None:
        if (err := not_steppable(spec, self.name)) is not None:
            raise err
        spec.resolve_parameters({self.name: self.value}, n, where=f"step at t={self.time:g} d")

    def in_units(self, spec: ModelSpec) -> ParameterStep:
        """This step with a pint Quantity value converted to the parameter's unit."""
        if not is_quantity(self.value):
            return self
        return replace(self, value=spec.parameter(self.name).magnitude(
            self.value, where=f"step at t={self.time:g} d", model=spec.id))


@dataclass(frozen=True)
class InfusionStep(ParameterStep):
    """A :class:`ParameterStep` made by a drug's continuous infusion: from ``time`` on, its
    input rate ``name`` (``IPTHinf``, ``calcium_input``, ...) equals ``value``; ``drug`` is the
    drug's id. It acts as any step does; the simulation reads its origin to refuse an infusion
    into an input a condition of the run also sets."""

    drug: str = ""


@dataclass(frozen=True)
class Bolus:
    """Add ``amount`` (the state's unit, or a pint Quantity; negative removes) to ``state`` at
    ``time``."""

    time: float  # days; a text such as '6 months' is accepted and converted
    state: str
    amount: Any

    def __post_init__(self) -> None:
        object.__setattr__(self, "time", _time(self.time, "Bolus"))
        object.__setattr__(self, "amount", _finite(self.amount, f"Bolus '{self.state}'.amount"))

    def validate(self, spec: ModelSpec, n: int) -> None:
        self.in_units(spec)

    def in_units(self, spec: ModelSpec) -> Bolus:
        """This bolus with a pint Quantity amount converted to the state's unit."""
        st = spec.states[spec.state_index(self.state)]
        if not is_quantity(self.amount):
            return self
        return replace(self, amount=magnitude_in(
            self.amount, st.unit, what=f"Bolus '{self.state}'.amount of model '{spec.id}'",
            where=f"at t={self.time:g} d"))


@dataclass(frozen=True)
class StateScale:
    """Multiply ``state`` by ``factor`` (>= 0; a number, or a dimensionless pint Quantity such
    as 50 percent) at ``time``."""

    time: float  # days; a text such as '6 months' is accepted and converted
    state: str
    factor: Any

    def __post_init__(self) -> None:
        object.__setattr__(self, "time", _time(self.time, "StateScale"))
        f = _finite(magnitude_in(self.factor, "dimensionless",
                                 what=f"StateScale '{self.state}'.factor"),
                    f"StateScale '{self.state}'.factor")
        if np.any(np.asarray(f) < 0):
            raise InputError(f"StateScale '{self.state}'.factor must be >= 0; got {self.factor!r}")
        object.__setattr__(self, "factor", f)

    def validate(self, spec: ModelSpec, n: int) -> None:
        spec.state_index(self.state)

    def in_units(self, spec: ModelSpec) -> StateScale:
        return self  # a factor is a number (a Quantity was made dimensionless on construction)


Event = ParameterStep | Bolus | StateScale


@runtime_checkable
class HasEvents(Protocol):
    def events(self, model: ModelSpec) -> Sequence[Event]: ...


def collect_events(regimen: Any, spec: ModelSpec, n: int) -> list[Event]:
    """Normalize ``regimen`` (None, an event, events, or an object with ``events()``): each
    event checked against ``spec`` and its values in the model's units (a Quantity converted)."""
    if regimen is None:
        return []
    if isinstance(regimen, ParameterStep | Bolus | StateScale):
        items: Iterable[Any] = [regimen]
    elif isinstance(regimen, HasEvents):
        items = regimen.events(spec)
    elif isinstance(regimen, list | tuple):
        items = regimen
    else:
        raise InputError(
            f"regimen must be None, an event (ParameterStep, Bolus, StateScale), a list of events "
            f"or a Regimen; got {type(regimen).__name__}"
        )
    out: list[Event] = []
    for ev in items:
        if not isinstance(ev, ParameterStep | Bolus | StateScale):
            raise InputError(f"regimen items must be events (ParameterStep, Bolus, StateScale) "
                             f"or prescriptions (text or Regimen); got {ev!r}")
        ev.validate(spec, n)
        out.append(ev.in_units(spec))
    seen: dict[tuple[str, float], ParameterStep] = {}
    for ev in out:  # two values for one parameter at one time: the later would silently win
        if isinstance(ev, ParameterStep):
            if (first := seen.get((ev.name, ev.time))) is not None:
                raise InputError(f"parameter '{ev.name}' is stepped twice at t={ev.time:g} d "
                                 f"(to {first.value!r} and to {ev.value!r}); the second would "
                                 f"replace the first: give one step per parameter and time")
            seen[(ev.name, ev.time)] = ev
    return sorted(out, key=lambda e: e.time)


class NegativeStateError(InputError):
    """A state event would drive a nonnegative state below zero. ``row`` is the subject's row
    among the ``n`` subjects integrated together: the message names it only as a row (and a
    lone subject not at all), since a row is not the subject id the user sees;
    :meth:`naming` gives the error naming her as the caller knows her."""

    def __init__(self, head: str, tail: str, row: int, n: int) -> None:
        self.head, self.tail, self.row, self.n = head, tail, row, n
        super().__init__(f"{head}{f' for the subject in row {row}' if n > 1 else ''}{tail}")

    def __reduce__(self):  # pickled (a worker's error) with the parts it is built from
        return type(self), (self.head, self.tail, self.row, self.n)

    def naming(self, who: str) -> InputError:
        """The error naming the subject as ``who`` (``"subject 'bad'"``)."""
        return InputError(f"{self.head} for {who}{self.tail}")


def apply_state_event(ev: Bolus | StateScale, spec: ModelSpec, y: np.ndarray,
                      rows: np.ndarray | None = None, n: int | None = None) -> np.ndarray:
    """Apply a state event to ``y`` (n, k); refuse to drive a nonnegative state below zero
    (:class:`NegativeStateError`).

    ``rows``: where ``y`` holds only some of the ``n`` subjects the event was given for, their
    rows (an amount or factor per subject is taken at them; the error gives its row among all).
    """
    y = y.copy()
    j = spec.state_index(ev.state)
    value = np.asarray(ev.amount if isinstance(ev, Bolus) else ev.factor, dtype=float)
    if rows is not None and value.ndim and value.size > 1:
        value = value[rows]
    if isinstance(ev, Bolus):
        y[:, j] = y[:, j] + value
    else:
        y[:, j] = y[:, j] * value
    st = spec.states[j]
    if st.nonnegative and (y[:, j] < 0).any():  # only a Bolus can do this (factors are >= 0)
        s = int(np.flatnonzero(y[:, j] < 0)[0])
        amount = float(np.atleast_1d(value)[min(s, value.size - 1)])
        raise NegativeStateError(
            f"Bolus of {amount:g} {st.unit} at t={ev.time:g} d would make '{ev.state}' negative",
            f" ({y[s, j] - amount:.4g} before); the amount removed must be at most what is there",
            s if rows is None else int(rows[s]), y.shape[0] if n is None else n)
    return y
