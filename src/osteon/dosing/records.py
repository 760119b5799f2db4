"""Dose records in the NONMEM vocabulary, and their table form.

A :class:`Dose` is one dosing record:

- ``time``: days from the start of the regimen (>= 0; a text such as ``"6 months"`` is converted
  with a month of 365.25/12 days — a record knows no calendar).
- ``drug``: the drug id, lowercase snake case (``"zoledronic_acid"``, ``"vitamin_d"``); a name such
  as ``"Zoledronic Acid"`` or an alias (``"zoledronate"``) is normalized.
- ``amt`` (> 0) in ``unit``: ``mg``, ``ug``, ``g``, ``IU``, ``mmol``; or, for a continuous
  infusion, ``ug/day`` / ``mg/day`` / ``IU/day``, and ``amt`` is then the infusion rate.
- ``route``: ``sc``, ``iv``, ``oral``, ``im``, ``transdermal`` (``po``, ``subcutaneous``,
  ``intravenous`` ... accepted).
- ``cmt``: the compartment dosed, or ``None`` for the drug's default dosing compartment (chosen by
  the drug layer). A named one must be a dosing compartment of the record's drug entered by its
  route (:func:`osteon.drugs.dosing_compartments`), and an infusion's the state its drug's input
  rate enters (``Drug.infusion_state``); the drug layer refuses any other at simulate.
- ``ii`` / ``addl`` (NONMEM): ``addl`` additional doses follow the first, every ``ii`` days;
  ``addl > 0`` needs ``ii > 0``.
- ``rate`` / ``duration`` (NONMEM RATE/DUR): a zero-order input of the whole ``amt`` at ``rate``
  per day, or over ``duration`` days; give one or neither (neither = a bolus). A continuous
  infusion (a ``/day`` unit) must have a ``duration`` and no ``rate``.

:func:`to_frame` / :func:`from_frame` write and read a table with exactly the columns of
:data:`COLUMNS`, in NONMEM's conventions (``amt`` the amount of one dose, ``rate`` amount per
day), which differ from the record's for a continuous infusion:

- A continuous infusion (a ``/day`` unit; the record's ``amt`` is its rate) is the row
  ``amt`` = the total over the infusion (rate x duration), ``unit`` the amount unit, ``rate`` the
  amount per day and ``duration`` in days: ``calcium 1000 mg/day`` for 730.5 days is amt 730500,
  unit mg, rate 1000, duration 730.5. ``rate`` and ``duration`` are both filled on such rows
  only (a bolus has neither, an amount given at a rate or over a time one of the two), so the
  row reads back to the same record; the old form (unit ``mg/day``, amt the rate, rate NaN) is
  still read.
- ``cmt`` is the record's compartment; where the record leaves it to the drug (``None``), a
  bolus gets the state its route enters (``Drug.routes``: ``denosumab`` sc -> ``denosumab_depot``,
  ``teriparatide`` sc -> ``TERISC``) when the drug layer knows the drug and the route, and that
  name reads back as ``None``. An infusion enters as an input rate (the drug's infusion
  parameter), not into a compartment: its ``cmt`` is NaN unless the record names one.

``cmt``, ``rate`` and ``duration`` are NaN where absent. The round trip is exact (a record that
names its drug's default compartment reads back as ``None``, which means the same).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from osteon.dosing._vocab import (
    AMOUNT_UNITS,
    RATE_UNITS,
    ROUTES,
    canonical_route,
    canonical_unit,
    drug_id,
    is_rate_unit,
)
from osteon.errors import InputError, did_you_mean
from osteon.units import as_float, as_whole, is_real, shown, to_days

if TYPE_CHECKING:
    import pandas as pd

COLUMNS: tuple[str, ...] = ("time", "drug", "amt", "unit", "route", "cmt", "ii", "addl", "rate", "duration")
"""The columns of a dose table, in order."""

_CMT_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _positive(value: Any, name: str, problems: list[str]) -> float | None:
    if not is_real(value):  # a Decimal or np.float32 is a number; True is not
        problems.append(f"Dose.{name} must be a number > 0; got {value!r}")
        return None
    x = as_float(value)
    if not math.isfinite(x) or x <= 0:
        problems.append(f"Dose.{name} must be a finite number > 0; got {value!r}")
        return None
    return x


def _days(value: Any, name: str, problems: list[str], *, allow_zero: bool = True) -> float | None:
    try:
        return to_days(value, field=f"Dose.{name}", allow_zero=allow_zero)
    except InputError as exc:
        problems.append(str(exc))
        return None


@dataclass(frozen=True)
class Dose:
    """One dosing record (NONMEM ``TIME AMT II ADDL RATE CMT``); validated and normalized on creation.

    ``Dose(0, "denosumab", 60, "mg", "sc", ii="6 months", addl=5)`` is six doses of 60 mg, 182.625
    days apart. Every problem raises :class:`~osteon.errors.InputError` naming the field, its
    allowed domain and the value given (all problems of one call at once).
    """

    time: float
    drug: str
    amt: float
    unit: str
    route: str
    cmt: str | None = None
    ii: float = 0.0
    addl: int = 0
    rate: float | None = None
    duration: float | None = None

    def __post_init__(self) -> None:
        problems: list[str] = []
        v: dict[str, Any] = {}
        v["time"] = _days(self.time, "time", problems)
        v["drug"] = drug_id(self.drug)
        if v["drug"] is None:
            problems.append("Dose.drug must be a drug name: words of letters, digits and hyphens, "
                            f"starting with a letter (e.g. 'zoledronic acid'); got {self.drug!r}")
        v["amt"] = _positive(self.amt, "amt", problems)
        v["unit"] = canonical_unit(self.unit)
        if v["unit"] is None:
            problems.append(f"Dose.unit must be one of {', '.join(AMOUNT_UNITS + RATE_UNITS)}"
                            f"{did_you_mean(str(self.unit), AMOUNT_UNITS + RATE_UNITS)}; got {self.unit!r}")
        v["route"] = canonical_route(self.route)
        if v["route"] is None:
            problems.append(f"Dose.route must be one of {', '.join(ROUTES)} (or po, subcutaneous, "
                            f"intravenous, intramuscular){did_you_mean(str(self.route), ROUTES)}; "
                            f"got {self.route!r}")
        if self.cmt is not None and not (isinstance(self.cmt, str) and _CMT_RE.fullmatch(self.cmt)):
            problems.append(f"Dose.cmt must be None (the drug's default compartment) or a compartment "
                            f"name such as 'depot' (letters, digits, underscores); got {self.cmt!r}")
        v["ii"] = _days(self.ii, "ii", problems)
        v["addl"] = self._addl(problems)
        v["rate"] = None if self.rate is None else _positive(self.rate, "rate", problems)
        v["duration"] = (None if self.duration is None
                         else _days(self.duration, "duration", problems, allow_zero=False))
        if v["addl"] and v["ii"] == 0:
            problems.append(f"Dose.addl = {v['addl']} additional doses need an interdose interval "
                            f"Dose.ii > 0 days; got ii={self.ii!r}")
        if self.rate is not None and self.duration is not None:
            problems.append(f"Dose gives both rate ({self.rate!r}) and duration ({self.duration!r}); "
                            f"give one of the two, or neither for a bolus")
        if v["unit"] is not None and is_rate_unit(v["unit"]):
            if self.rate is not None:
                problems.append(f"Dose.rate must be None for a continuous infusion in {v['unit']} "
                                f"(amt is already the rate); got {self.rate!r}")
            if self.duration is None:
                problems.append(f"Dose.duration (days > 0) is required for a continuous infusion in "
                                f"{v['unit']}; got None")
        if problems:
            raise InputError(problems[0] if len(problems) == 1
                             else f"{len(problems)} problems in Dose: " + "; ".join(problems))
        for name, value in v.items():
            object.__setattr__(self, name, value)

    def _addl(self, problems: list[str]) -> int | None:
        a = as_whole(self.addl)
        if a is None or a < 0:
            problems.append(f"Dose.addl must be a whole number >= 0; got {shown(self.addl)}")
            return None
        return a

    # -- derived -----------------------------------------------------------------------------

    @property
    def is_infusion(self) -> bool:
        """True for a zero-order input: a continuous infusion, or an amount given at a rate/over a time."""
        return self.rate is not None or self.duration is not None

    @property
    def input_duration(self) -> float:
        """Days over which one dose goes in: 0 for a bolus, ``duration``, or ``amt / rate``."""
        if self.duration is not None:
            return self.duration
        return self.amt / self.rate if self.rate is not None else 0.0

    def replace(self, **changes: Any) -> Dose:
        """A new, validated record with ``changes`` applied."""
        return dataclasses.replace(self, **changes)

    def expand(self) -> list[Dose]:
        """The ``addl + 1`` single records (``ii = 0``, ``addl = 0``) at ``time + k * ii``."""
        return [self._at(self.time + k * self.ii, ii=0.0, addl=0) for k in range(self.addl + 1)]

    def _at(self, time: float, **changes: Any) -> Dose:
        """This record at ``time`` (days >= 0), with ``changes`` (fields already in normal form).

        A fast copy for schedule expansion: ``time`` and ``changes`` are checked only for their
        basic domain, not normalized; use :meth:`replace` for user input.
        """
        values = {**self.__dict__, "time": float(time), **changes}
        if not (values["time"] >= 0 and math.isfinite(values["time"])):
            raise InputError(f"Dose.time must be a finite number >= 0 days; got {time!r}")
        if not all(values[k] is None or (isinstance(values[k], float) and values[k] > 0)
                   for k in ("amt", "rate", "duration")):
            return self.replace(time=time, **changes)  # let the validation word the problem
        new = object.__new__(Dose)
        new.__dict__.update(values)
        return new


# ------------------------------------------------------------------------------------------------
# table form
# ------------------------------------------------------------------------------------------------

@functools.cache
def default_cmt(drug: str, route: str) -> str | None:
    """The state a bolus of ``drug`` by ``route`` enters (the drug's ``routes``), or ``None``
    where the drug layer does not know the drug or gives it no such route."""
    try:
        from osteon import drugs
    except ImportError:  # the dosing layer works without the drug layer
        return None
    if drug not in drugs.names():
        return None
    return drugs.get(drug).routes.get(route)


def _table_cmt(r: Dose) -> str | None:
    if r.cmt is not None or r.is_infusion:
        return r.cmt
    return default_cmt(r.drug, r.route)


def to_frame(records: Iterable[Dose]) -> pd.DataFrame:
    """A table of ``records``, one row each, with exactly the columns of :data:`COLUMNS`.

    ``time``, ``amt``, ``ii``, ``rate``, ``duration`` are float64, ``addl`` int64, the others text;
    ``cmt``, ``rate`` and ``duration`` are NaN where absent. A continuous infusion's row has
    ``amt`` = its total, ``unit`` the amount unit and ``rate`` the amount per day; a bolus whose
    record leaves ``cmt`` to the drug gets the drug's compartment for its route (module doc).
    """
    import numpy as np
    import pandas as pd

    recs = list(records)
    for r in recs:
        if not isinstance(r, Dose):
            raise InputError(f"to_frame takes Dose records; got {r!r}")
    nan = float("nan")

    def text(values: list[Any]) -> np.ndarray:
        arr = np.empty(len(values), dtype=object)
        arr[:] = values
        return arr

    cont = [is_rate_unit(r.unit) for r in recs]  # a continuous infusion: amt is its rate
    cmts = [_table_cmt(r) for r in recs]
    return pd.DataFrame({
        "time": np.array([r.time for r in recs], dtype=float),
        "drug": text([r.drug for r in recs]),
        "amt": np.array([r.amt * r.duration if c else r.amt  # type: ignore[operator]
                         for r, c in zip(recs, cont, strict=True)], dtype=float),
        "unit": text([r.unit.removesuffix("/day") for r in recs]),
        "route": text([r.route for r in recs]),
        "cmt": text([nan if c is None else c for c in cmts]),
        "ii": np.array([r.ii for r in recs], dtype=float),
        "addl": np.array([r.addl for r in recs], dtype=np.int64),
        "rate": np.array([r.amt if c else nan if r.rate is None else r.rate
                          for r, c in zip(recs, cont, strict=True)], dtype=float),
        "duration": np.array([nan if r.duration is None else r.duration for r in recs], dtype=float),
    }, columns=list(COLUMNS))


def _absent(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def from_frame(df: pd.DataFrame) -> list[Dose]:
    """The records of a dose table (see :func:`to_frame`); the inverse of :func:`to_frame`.

    ``time``, ``drug``, ``amt``, ``unit`` and ``route`` are required; ``cmt``, ``ii``, ``addl``,
    ``rate`` and ``duration`` may be left out or NaN (absent: ``None``, 0, 0, ``None``, ``None``).
    A row with both ``rate`` and ``duration`` is a continuous infusion of ``rate`` per day for
    ``duration`` days, in mg, ug or IU; its ``amt`` must be their product (within 1e-6, relative).
    A bolus's ``cmt`` naming the compartment its drug's route enters reads as ``None``.
    A ``date`` column (written by :meth:`Regimen.to_frame`) is allowed and ignored here.
    """
    import pandas as pd

    if not isinstance(df, pd.DataFrame):
        raise InputError(f"from_frame takes a pandas DataFrame; got {type(df).__name__}")
    cols = [str(c) for c in df.columns]
    unknown = [c for c in cols if c not in COLUMNS and c != "date"]
    if unknown:
        raise InputError(f"dose table has unknown column '{unknown[0]}'"
                         f"{did_you_mean(unknown[0], COLUMNS)}; allowed: {', '.join(COLUMNS)} (and date)")
    missing = [c for c in COLUMNS[:5] if c not in cols]
    if missing:
        raise InputError(f"dose table lacks column(s) {', '.join(missing)}; required: "
                         f"{', '.join(COLUMNS[:5])}")
    out: list[Dose] = []
    for i, row in enumerate(df.to_dict("records")):
        kw = {c: row[c] for c in COLUMNS if c in row}
        kw = {k: (v.item() if hasattr(v, "item") else v) for k, v in kw.items()}
        for c in ("cmt", "rate", "duration"):
            if c in kw and _absent(kw[c]):
                kw[c] = None
        for c in ("ii", "addl"):
            if c in kw and _absent(kw[c]):
                kw[c] = 0
        try:
            if kw.get("rate") is not None and kw.get("duration") is not None:
                kw = _continuous(kw)
            d = Dose(**kw)
            if d.cmt is not None and not d.is_infusion and d.cmt == default_cmt(d.drug, d.route):
                d = d.replace(cmt=None)
            out.append(d)
        except InputError as exc:
            raise InputError(f"dose table row {i}: {exc}") from None
    return out


def _continuous(kw: dict[str, Any]) -> dict[str, Any]:
    """A table row with both ``rate`` and ``duration`` as a continuous infusion's record
    (``amt`` the rate, in a ``/day`` unit), its ``amt`` checked to be rate x duration."""
    unit = canonical_unit(kw["unit"]) if isinstance(kw["unit"], str) else None
    if unit is None or not is_rate_unit(f"{unit}/day"):
        units = [u.removesuffix("/day") for u in RATE_UNITS]
        allowed = f"{', '.join(units[:-1])} or {units[-1]}"
        raise InputError(f"rate ({kw['rate']!r}) and duration ({kw['duration']!r}) together are a "
                         f"continuous infusion, given in {allowed} per day; got unit "
                         f"{kw['unit']!r} (give one of rate and duration for an amount given at a "
                         f"rate or over a time)")
    rate, duration, amt = kw["rate"], kw["duration"], kw["amt"]
    problems: list[str] = []
    checked = [_positive(rate, "rate", problems), _days(duration, "duration", problems, allow_zero=False),
               _positive(amt, "amt", problems)]
    if problems:
        raise InputError("; ".join(problems))
    r, t, a = checked
    assert r is not None and t is not None and a is not None
    if not math.isclose(a, r * t, rel_tol=1e-6):
        raise InputError(f"Dose.amt of a continuous infusion (rate and duration given) must be the "
                         f"total, rate x duration = {r:g} x {t:g} = {r * t:g} {unit}; got {amt!r}")
    return {**kw, "amt": rate, "unit": f"{unit}/day", "rate": None}


def dates_for(times: Iterable[float], start: dt.date) -> list[dt.date]:
    """The calendar date of each time (days from ``start``): ``start + floor(time)`` days."""
    return [start + dt.timedelta(days=math.floor(t)) for t in times]
