"""Units and calendar-aware time.

Time inside osteon is in days. At the boundary people write ``"10 years"``, ``"6 months"``,
``"140 days"``, ``"17 weeks"``: a year is 365.25 days and a month is 365.25/12 days (the
Julian-year convention, used by DESIGN.md and by NONMEM-style calendars).

pint is imported lazily: ``import osteon`` stays fast.
"""

from __future__ import annotations

import math
import numbers
import re
from decimal import Decimal
from functools import lru_cache
from typing import Any

import numpy as np

from osteon.errors import InputError

DAYS_PER_YEAR = 365.25
DAYS_PER_MONTH = DAYS_PER_YEAR / 12.0
DAYS_PER_WEEK = 7.0
HOURS_PER_DAY = 24.0

_TIME_UNITS: dict[str, float] = {
    "s": 1 / 86400, "sec": 1 / 86400, "second": 1 / 86400, "seconds": 1 / 86400,
    "min": 1 / 1440, "minute": 1 / 1440, "minutes": 1 / 1440,
    "h": 1 / 24, "hr": 1 / 24, "hrs": 1 / 24, "hour": 1 / 24, "hours": 1 / 24,
    "d": 1.0, "day": 1.0, "days": 1.0,
    "w": 7.0, "wk": 7.0, "wks": 7.0, "week": 7.0, "weeks": 7.0,
    "mo": DAYS_PER_MONTH, "mon": DAYS_PER_MONTH, "month": DAYS_PER_MONTH,
    "months": DAYS_PER_MONTH,
    "y": DAYS_PER_YEAR, "yr": DAYS_PER_YEAR, "yrs": DAYS_PER_YEAR, "year": DAYS_PER_YEAR,
    "years": DAYS_PER_YEAR,
}
_DURATION_RE = re.compile(r"^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*([A-Za-z]+)\s*$")


def is_real(value: Any) -> bool:
    """Whether ``value`` is a real number: an int or float, NumPy's integer and floating scalars
    (``np.int64(100)``, ``np.float32(2.5)``), a ``Fraction``, a ``Decimal``; not a bool (``True``
    is no number of days, and NumPy's ``np.True_`` neither) and not a text. Read it with
    :func:`as_float`."""
    return isinstance(value, numbers.Real | Decimal) and not isinstance(value, bool)


def as_float(value: Any) -> float:
    """``float(value)`` of a real number (:func:`is_real`), where that raises too: a
    ``Decimal('sNaN')`` is NaN and a ``Fraction`` beyond a float's range is +-inf, for the
    caller's finiteness check to refuse with its field."""
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf
    except ValueError:  # a signalling NaN
        return math.nan


def as_whole(value: Any) -> int | None:
    """``value`` as an int where it is a whole number: an int, a NumPy integer (``np.int64(3)``),
    or a real number with no fraction (``3.0``, ``np.float64(3)``, ``Decimal('3')``); ``None``
    for anything else: a bool (``True`` is no count), ``2.5``, NaN, inf, a text. The caller
    refuses ``None`` naming its field and domain."""
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return int(value)
    if not is_real(value) or not math.isfinite(as_float(value)):
        return None
    whole = int(value)
    return whole if whole == value else None


def holds_bool(value: Any) -> bool:
    """Whether ``value`` is a bool (``True``, ``np.True_``) or an array or sequence holding one:
    NumPy reads ``True`` as 1.0 without a word, and a real-valued input given ``True`` is almost
    always a mistake, so it is refused (naming the field) before any ``np.asarray(float)``."""
    if isinstance(value, bool | np.bool_):
        return True
    if isinstance(value, str | bytes) or is_real(value) or is_quantity(value):
        return False
    if isinstance(value, np.ndarray) and value.dtype != object:
        return value.dtype == np.bool_
    try:
        items = np.asarray(value, dtype=object)
    except Exception:  # not array-like: the caller's own check refuses it
        return False
    if items.dtype != object:
        return False
    return any(isinstance(v, bool | np.bool_) for v in items.ravel())


def shown(value: Any) -> str:
    """``repr(value)`` without NumPy's type: ``np.int64(0)`` is shown as ``0``, as a message
    names what was given, not how NumPy holds it."""
    return repr(value.item()) if isinstance(value, np.generic) else repr(value)


def to_days(value: Any, *, field: str = "time", allow_negative: bool = False,
            allow_zero: bool = True) -> float:
    """Convert a time given as days (number), text (``"6 months"``) or pint Quantity to days.

    Raises :class:`InputError` naming ``field`` for anything else, for NaN/inf, and for
    negative values unless ``allow_negative``.
    """
    days: float
    if isinstance(value, bool):
        raise InputError(f"{field} must be a time such as 140 (days) or '10 years'; got {value!r}")
    if is_real(value):
        days = as_float(value)
    elif isinstance(value, str) and _is_plain_number(value):
        days = float(value)
    elif isinstance(value, str):
        m = _DURATION_RE.match(value)
        if not m:
            raise InputError(
                f"{field} must be a number of days or a text such as '140 days', '6 months', "
                f"'10 years'; got {value!r}"
            )
        unit = m.group(2).lower()
        if unit not in _TIME_UNITS:
            raise InputError(
                f"{field}: unknown time unit '{m.group(2)}' in {value!r}; allowed: days, weeks, "
                f"months (365.25/12 days), years (365.25 days), hours, minutes"
            )
        days = float(m.group(1)) * _TIME_UNITS[unit]
    elif hasattr(value, "to") and hasattr(value, "magnitude"):
        try:
            days = float(value.to("day").magnitude)
        except Exception as exc:  # pint DimensionalityError
            raise InputError(f"{field} must have a time unit; got {value!r}") from exc
    else:
        raise InputError(
            f"{field} must be a number of days or a text such as '10 years'; got {value!r}"
        )
    if not math.isfinite(days):
        raise InputError(f"{field} must be finite; got {value!r}")
    if days < 0 and not allow_negative:
        # the bound the field has: > 0 where zero is refused too (a duration), else >= 0
        raise InputError(f"{field} must be {'>=' if allow_zero else '>'} 0 days; got {value!r}")
    if days == 0 and not allow_zero:
        raise InputError(f"{field} must be > 0 days; got {value!r}")
    return days


def _is_plain_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


@lru_cache(maxsize=1)
def unit_registry():  # pragma: no cover - trivial
    """The shared pint registry, with the count unit ``cell`` added."""
    import pint

    ureg = pint.UnitRegistry()
    ureg.define("cell = [cell_count] = cells")
    return ureg


def is_quantity(value: Any) -> bool:
    """Whether ``value`` is a pint Quantity, of osteon's registry or any other (pint-pandas's, a
    user's own ``pint.UnitRegistry()``)."""
    return all(hasattr(value, a) for a in ("magnitude", "units", "to", "unit_items"))


def magnitude_in(value: Any, unit: str, *, what: str, where: str = "") -> Any:
    """``value`` as a number (or an array of numbers) in ``unit``, where it is a pint Quantity;
    anything else is returned unchanged (a plain number is taken to be in ``unit`` already).

    A Quantity of another registry is read through its magnitude and the names of its units, so
    ``pint.UnitRegistry().Quantity(2.1, "fM/day")`` is 0.0021 in ``"pM/day"``. A Quantity of
    another dimension, or a unit osteon's registry does not know, raises :class:`InputError`
    naming ``what`` (the field), the unit expected and the Quantity given; ``where`` (the input,
    e.g. ``"parameters"``) is put in parentheses after the unit, as the parameters' errors do.
    """
    if not is_quantity(value):
        return value
    ureg = unit_registry()
    w = f" ({where})" if where else ""
    target = ureg.parse_units(unit)
    expected = (f"{unit} or a unit convertible to it"
                + ("" if target.dimensionless else f" ({target.dimensionality})"))
    try:
        if getattr(value, "_REGISTRY", None) is ureg:
            q = value
        else:  # another registry: rebuilt from its magnitude and the names of its units
            names = [f"({name}) ** {exp!r}" for name, exp in value.unit_items()]
            q = ureg.Quantity(value.magnitude, " * ".join(names) or "dimensionless")
    except Exception as exc:
        raise InputError(f"{what} must be in {expected}{w}; got {value}, whose unit "
                         f"osteon's unit registry cannot read ({exc})") from None
    try:
        out = q.to(target).magnitude
    except Exception:  # pint's DimensionalityError (or an offset unit it cannot convert)
        dim = "dimensionless" if q.dimensionless else str(q.dimensionality)
        raise InputError(f"{what} must be in {expected}{w}; got {value} ({dim})") \
            from None
    arr = np.asarray(out, dtype=float)
    return float(arr) if arr.ndim == 0 else arr


@lru_cache(maxsize=512)
def check_unit(unit: str) -> str:
    """Parse ``unit`` with pint and return it unchanged; raise if pint cannot read it."""
    from osteon.errors import ModelDefinitionError

    if not isinstance(unit, str) or not unit.strip():
        raise ModelDefinitionError(f"unit must be a non-empty text; got {unit!r}")
    try:
        unit_registry().parse_units(unit)
    except Exception as exc:
        raise ModelDefinitionError(f"unit {unit!r} cannot be parsed by pint: {exc}") from exc
    return unit
