"""Regimens: dose schedules combined concurrently (``a + b``) and in sequence (``a.then(b)``).

A :class:`Regimen` is immutable. Times are days from the regimen's start (time 0).

- **End.** Every regimen has an :attr:`~Regimen.end`. A finite schedule ``every I x N`` ends one
  interval after its last dose, at ``N * I`` (the last dose "covers" its interval: denosumab every
  6 months x 2 ends at 12 months); ``every I for L`` ends at ``L``; a single dose with no interval
  (``once``) ends when it is given (at once for a bolus, after its input time for an infusion); a
  continuous infusion ends when its duration is over; a stop ends it at the stop. An open-ended
  schedule (``raloxifene 60 mg oral daily``) has ``end = inf``: nothing can follow it with
  :meth:`~Regimen.then`, and it is expanded only up to an ``until``. Nor can anything follow a
  single dose (``once``, ``x 1``), whose end is the dose itself: the next stage would start with
  it, as with ``+``; ``every 6 months x 1`` ends one interval later and may be followed. Nor a
  group that such a dose ends: one given when the other parts end or later (``denosumab q6mo
  x 2 + zoledronic acid once from 12 months``: the next would start with the zoledronic acid).
- **Counting.** ``every I for L`` gives doses at 0, I, 2I, ... strictly before L (within 1e-9 d):
  ``daily for 7 days`` is 7 doses, ``daily for 2 years`` is 731 doses without a calendar
  (2 years = 730.5 d) and 730 or 731 with one; ``x N`` is exactly N doses, the same as
  ``for N * I``.
- **Calendar.** Without a start date a month is 365.25/12 days and a year 365.25 days. With one
  (:meth:`~Regimen.starting`), monthly and yearly doses fall on the same day of the month (clamped
  to the month's end: from Jan 31, Feb 28 then Mar 31), lengths ``for N months`` are calendar
  months, and times are still days from the start date. The times of :meth:`~Regimen.stop`,
  :meth:`~Regimen.holiday` and :meth:`~Regimen.delay` (and of ``until``, ``holiday from ... to``
  and ``from`` in a prescription) are counted the same way: a number (``day N``) is plain days, a
  text in months or years (``"1 year"``, ``"18 months"``) is calendar months or years from the
  start of what they modify (without a start date, 365.25/12 days a month), so a monthly or
  yearly dose falls on the same side of a stop or of a holiday's limits with or without a start
  date. From 2024-07-01, ``q6mo x 4 holiday from 1 year to 18 months`` withholds the dose of
  2025-07-01 (day 365, at the holiday's start, which is included) and gives that of 2026-01-01
  (day 549, at its end, which is excluded), as without a date it withholds day 365.25 and gives
  day 547.875. So ``stop("1 year")`` and ``stop(365.25)`` are different regimens (equal in
  their doses only without a start date).
- **Concurrent parts.** ``a + b`` (``and``, a dose group ``x 1 mg + y 2 mg``) is equal to ``b + a``
  and gives the same records in the same order: by time, then by drug, route, compartment, unit,
  amount (the text keeps the order written).
- **Adherence.** :meth:`~Regimen.with_adherence` drops each dose independently with probability
  ``1 - p``, drawn in time order from ``numpy.random.default_rng(seed)`` (so the doses kept before
  a time do not depend on ``until``). Infusions (records with a rate or duration) are never dropped.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from osteon.dosing import _schedule as sch
from osteon.dosing.records import Dose, dates_for, from_frame, to_frame
from osteon.errors import InputError
from osteon.units import as_float, as_whole, is_real, shown, to_days

if TYPE_CHECKING:
    import pandas as pd


def _date(value: Any) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):  # also a pandas Timestamp
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            return dt.date.fromisoformat(value.strip())
    raise InputError(f"start date must be a datetime.date or an ISO date text such as '2026-01-15'; "
                     f"got {value!r}")


class Regimen:
    """An immutable dosing regimen; build it from :class:`Dose` records or parse a prescription.

    ``Regimen(Dose(...), Dose(...))`` gives the records concurrently (each a NONMEM record with its
    own ``time``, ``ii``, ``addl``); ``Regimen.parse("denosumab 60 mg sc q6mo x 6")`` reads the
    prescription language (:mod:`osteon.dosing.prescription`). ``str(regimen)`` is its canonical
    prescription text, which parses back to an equal regimen.
    """

    __slots__ = ("_node", "_start")
    _node: sch.Node
    _start: dt.date | None

    def __init__(self, *doses: Dose, start_date: dt.date | str | None = None) -> None:
        if not doses:
            raise InputError("Regimen needs at least one Dose; got none")
        for d in doses:
            if not isinstance(d, Dose):
                raise InputError(f"Regimen takes Dose records (or use Regimen.parse for text); got {d!r}")
        nodes = tuple(sch.from_dose(d) for d in doses)
        object.__setattr__(self, "_node", nodes[0] if len(nodes) == 1 else sch.Together(nodes))
        object.__setattr__(self, "_start", _date(start_date))

    @classmethod
    def _make(cls, node: sch.Node, start: dt.date | None) -> Regimen:
        r = cls.__new__(cls)
        object.__setattr__(r, "_node", node)
        object.__setattr__(r, "_start", start)
        return r

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"Regimen is immutable; use its methods (then, stop, ...) to make a new one "
                             f"(tried to set {name!r})")

    @staticmethod
    def parse(text: str, *, known_drugs: Iterable[str] | None = None) -> Regimen:
        """Read a prescription such as ``"denosumab 60 mg sc q6mo x 6"``; see :func:`osteon.dosing.parse`."""
        from osteon.dosing.prescription import parse

        return parse(text, known_drugs=known_drugs)

    @classmethod
    def from_frame(cls, df: pd.DataFrame, *, start_date: dt.date | str | None = None) -> Regimen:
        """A regimen of the records of a dose table (see :func:`~osteon.dosing.to_frame`).

        With a ``date`` column (as :meth:`to_frame` writes) and no ``start_date``, the start date
        is read back from it (each date must be the start date plus the whole days of its time).
        With both, the dates must agree with ``start_date`` the same way: a table dated from
        another start is refused, not re-dated. The records round-trip exactly; the structure
        (stages, end) does not: a table of single doses ends at its last dose.
        """
        records = from_frame(df)
        start = _date(start_date)
        if "date" in df.columns and len(df):
            import pandas as pd

            days = [d.date() for d in pd.to_datetime(df["date"])]
            given = start
            if start is None:
                start = days[0] - dt.timedelta(days=math.floor(records[0].time))
            expected = dates_for((r.time for r in records), start)
            if expected != days:
                if given is not None:
                    i = next(k for k, (a, b) in enumerate(zip(expected, days, strict=True)) if a != b)
                    raise InputError(f"dose table column 'date' must be start_date ({given}) plus the "
                                     f"whole days of 'time' on every row; row {i} (time "
                                     f"{records[i].time:g}) is dated {days[i]}, not {expected[i]} "
                                     f"(drop the column or the start_date, or correct one)")
                raise InputError("dose table column 'date' must be the start date plus the whole days of "
                                 "'time' on every row; it is not (give start_date= or drop the column)")
        return cls(*records, start_date=start)

    # -- properties ---------------------------------------------------------------------------

    @property
    def start_date(self) -> dt.date | None:
        """The calendar date of time 0, or ``None`` (months are then 365.25/12 days)."""
        return self._start

    @property
    def end(self) -> float:
        """Days from the start to the end of the regimen (``inf`` if open-ended); see the module doc."""
        return sch.end(self._node, self._start)

    @property
    def is_open_ended(self) -> bool:
        """True when some schedule has neither a count, a length nor a stop."""
        return sch.is_open(self._node)

    @property
    def drugs(self) -> tuple[str, ...]:
        """The drug ids, each once, in order of appearance."""
        return tuple(dict.fromkeys(sch.drugs(self._node)))

    # -- combining ----------------------------------------------------------------------------

    @staticmethod
    def _coerce(other: Any) -> Regimen:
        if isinstance(other, Regimen):
            return other
        if isinstance(other, Dose):
            return Regimen(other)
        if isinstance(other, str):
            return Regimen.parse(other)
        raise InputError(f"a regimen can be combined with a Regimen, a Dose or a prescription text; "
                         f"got {type(other).__name__}")

    def _with_start(self, other: Regimen) -> dt.date | None:
        if self._start and other._start and self._start != other._start:
            raise InputError(f"cannot combine regimens with different start dates ({self._start} and "
                             f"{other._start}); set one start date on the combined regimen")
        return self._start or other._start

    def __add__(self, other: Any) -> Regimen:
        """Concurrent: both start at time 0 of the combined regimen. The same drug in both adds
        up (``a + a`` is twice the dose); a simulation warns where concurrent items of one drug
        give more than its usual single dose (:func:`osteon.drugs.stacked_doses`).

        Commutative: ``a + b == b + a`` (equal, same hash), with the same records in the same
        order (:meth:`expand`, :meth:`to_frame`: by time, then drug, route, compartment, unit,
        amount), the same adherence draws, and the same simulation (the model composes its
        drugs sorted by id, :func:`osteon.drugs.compose`). Only the text (``str``) and
        :attr:`drugs` keep the order written."""
        o = self._coerce(other)
        parts = [p for r in (self, o) for p in
                 (r._node.parts if isinstance(r._node, sch.Together) else (r._node,))]
        return Regimen._make(sch.Together(tuple(parts)), self._with_start(o))

    def __radd__(self, other: Any) -> Regimen:
        if isinstance(other, int) and other == 0:  # sum(regimens)
            return self
        return self._coerce(other) + self

    def then(self, other: Any) -> Regimen:
        """In sequence: ``other`` starts when this regimen ends (:attr:`end`). Refused after an
        open-ended regimen (it never ends) and after a single dose (``once``, ``x 1``: it ends as
        it is given, so ``other`` would start with it; give it an interval, ``every 6 months
        x 1``, or use ``+``)."""
        o = self._coerce(other)
        if self.is_open_ended:
            raise InputError(f"cannot start a regimen after '{self}': it is open-ended (end = inf; no "
                             f"'x N', 'for N ...' or stop), so it never ends; give it a count, a length "
                             f"or .stop(at) first")
        start = self._with_start(o)
        self._check_has_length(start)
        parts = [p for r in (self, o) for p in
                 (r._node.parts if isinstance(r._node, sch.Series) else (r._node,))]
        return Regimen._make(sch.Series(tuple(parts)), start)

    def _check_has_length(self, start: dt.date | None = None, text: str | None = None) -> None:
        """Refuse ``then`` after a stage whose end is only a single dose (``once``, ``x 1``):
        the next would start with it, as with ``and`` (:func:`~osteon.dosing._schedule.lengthless`).
        ``text``: the stage as the user wrote it (the parser's words), else its canonical text."""
        origin = start or self._start
        stage = sch.lengthless(self._node, origin)
        if stage is None:
            return
        shown = text or Regimen._make(stage, None).format()
        spans = {}
        with contextlib.suppress(ImportError):
            from osteon.drugs import usual_interval

            spans = {d: s for d in sch.drugs(stage) if (s := usual_interval(d)) is not None}
        used: set[str] = set()  # the drugs of the single doses that set the stage's end
        fixed = sch.with_interval(stage, spans, origin, 0.0, used)
        texts = {spans[d].text() for d in used}
        if fixed is not None and len(texts) == 1 and sch.lengthless(fixed, origin) is None:
            span = texts.pop()
            words = Regimen._make(fixed, None).format()
            if isinstance(fixed, sch.Together | sch.Series):
                words = f"({words})"  # a group before 'then' (which binds tighter than 'and')
            how = (f"'{words} then ...' (the next starts one dosing "
                   f"interval, {span}, later)")
        else:
            how = ("a dosing interval, 'every N days|weeks|months|years x 1 then ...' (the next "
                   "starts one interval later)")
        raise InputError(f"'{shown}' has no length (a single dose, with no dosing interval or "
                         f"'for N ...'), so 'then' cannot tell when the next drug starts (it would "
                         f"start with that dose, as with 'and'): write {how}, or 'and' to give "
                         f"both at once")

    # -- modifying ----------------------------------------------------------------------------

    def stop(self, at: float | str) -> Regimen:
        """Cut at ``at`` (days, or a text such as ``"1 year"``; see the module doc's calendar):
        doses at or after it dropped, infusions running then truncated."""
        return Regimen._make(sch.Stop(self._node, sch.time_value(at, "stop.at")), self._start)

    def holiday(self, start: float | str, end: float | str) -> Regimen:
        """A drug holiday: no doses from ``start`` (included) to ``end`` (excluded), days or texts
        such as ``"1 year"`` (see the module doc's calendar); infusions interrupted over it."""
        a = sch.time_value(start, "holiday.start")
        b = sch.time_value(end, "holiday.end")
        if not sch.nominal_days(b) > sch.nominal_days(a):
            raise InputError(f"holiday.end must be > holiday.start ({sch.nominal_days(a):g} d); "
                             f"got {end!r}")
        return Regimen._make(sch.Holiday(self._node, a, b), self._start)

    def delay(self, t: float | str) -> Regimen:
        """The same regimen started ``t`` later (days ``>= 0``, or a text such as ``"6 months"``;
        see the module doc's calendar)."""
        by = sch.time_value(t, "delay.t")
        return self if by == 0 else Regimen._make(sch.Shift(self._node, by), self._start)

    def starting(self, date: dt.date | str | None) -> Regimen:
        """The same regimen with time 0 on calendar ``date`` (a date or ISO text); ``None`` removes it."""
        return Regimen._make(self._node, _date(date))

    def with_adherence(self, probability: float, seed: int) -> Regimen:
        """Each dose taken with ``probability`` in (0, 1], independently, reproducibly from ``seed``.

        Continuous infusions are always given. Each drug's doses draw, in time order, from a
        stream of their own, seeded by ``seed`` and the drug id: the same seed misses the same
        alendronate doses in "alendronate ..." and in "alendronate ..." + "calcium ...", so
        arms that differ in a drug share the other drugs' adherence (common random numbers),
        and a longer run misses the same doses in the span they share."""
        p = probability
        if not is_real(p) or not (0 < as_float(p) <= 1):
            raise InputError(f"adherence probability must be a number in (0, 1]; got {probability!r}")
        whole = as_whole(seed)
        if whole is None or whole < 0:
            raise InputError(f"adherence seed must be a whole number >= 0; got {shown(seed)}")
        return Regimen._make(sch.Adherence(self._node, as_float(p), whole), self._start)

    # -- expanding ----------------------------------------------------------------------------

    def expand(self, until: float | str | None = None) -> list[Dose]:
        """Single dose records (``ii = 0``, ``addl = 0``) sorted by time, those before ``until`` days.

        Records at the same time are sorted by drug, route, compartment, unit, amount, rate and
        duration, so the order concurrent parts were written in does not show.

        An open-ended regimen needs ``until``; a finite one gives all its doses without it.
        """
        if until is None:
            if self.is_open_ended:
                raise InputError(f"'{self}' is open-ended (end = inf): expand(until=...) needs the "
                                 f"time (days or text such as '10 years') to expand it to")
            limit = math.inf
        else:
            limit = to_days(until, field="until")
        return sch.sort(sch.expand(self._node, self._start, 0.0, limit))

    def to_frame(self, until: float | str | None = None, *, dates: bool = True) -> pd.DataFrame:
        """:meth:`expand` as a dose table; with a start date (and ``dates``), plus a ``date`` column."""
        records = self.expand(until)
        df = to_frame(records)
        if dates and self._start is not None:
            df["date"] = dates_for((r.time for r in records), self._start)
        return df

    def events(self, model: Any, until: float | str | None = None) -> list[Any]:
        """Engine events (:mod:`osteon.events`) of every dose, from ``osteon.drugs.dose_events``.

        This is the hook :func:`osteon.simulate` calls; simulate passes ``until`` (the simulation's
        duration) so that open-ended regimens are expanded to the end of the simulation.
        """
        try:
            from osteon.drugs import dose_events  # type: ignore[attr-defined]
        except ImportError as exc:
            raise InputError(f"the drug layer is not available (osteon.drugs.dose_events cannot be "
                             f"imported: {exc}); a Regimen cannot be turned into model events "
                             f"without it") from exc
        if until is None and self.is_open_ended:
            raise InputError(f"'{self}' is open-ended (end = inf): events(model, until=...) needs the "
                             f"simulation's end (days or text such as '10 years') to expand it to")
        out: list[Any] = []
        infusions: list[Any] = []
        for record in self.expand(until):
            if record.is_infusion:
                infusions.extend(dose_events(record, model))
            else:
                out.extend(dose_events(record, model))
        return out + _summed_infusions(infusions)

    # -- text and identity --------------------------------------------------------------------

    def format(self) -> str:
        """The canonical prescription text; :meth:`parse` reads it back to an equal regimen."""
        from osteon.dosing._format import format_prescription

        return format_prescription(self)

    def __str__(self) -> str:
        return self.format()

    def __repr__(self) -> str:
        return f"Regimen.parse({self.format()!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Regimen):
            return NotImplemented
        return self._node == other._node and self._start == other._start

    def __hash__(self) -> int:
        return hash((self._node, self._start))

    @property
    def node(self) -> sch.Node:
        """The structure (internal; for the prescription formatter and tests)."""
        return self._node


def _summed_infusions(steps: list[Any]) -> list[Any]:
    """The rate steps of infusions (each a start step to its rate and an end step to 0, from
    ``osteon.drugs.dose_events``) as one piecewise-constant rate per parameter: infusions of a
    drug that overlap add, so two concurrent 20 ug/day infusions give 40 ug/day. Taken one by
    one, the second infusion's start replaced the first's rate and the first's end stopped the
    second while it ran."""
    from osteon.events import InfusionStep

    deltas: dict[str, dict[float, float]] = {}
    drug: dict[str, str] = {}  # the input's drug (each drug has its own input parameter)
    for start, end in zip(steps[0::2], steps[1::2], strict=True):
        drug[start.name] = getattr(start, "drug", "")
        per = deltas.setdefault(start.name, {})
        per[start.time] = per.get(start.time, 0.0) + float(start.value)
        per[end.time] = per.get(end.time, 0.0) - float(start.value)
    out = []
    for name, per in deltas.items():
        level, peak = 0.0, 0.0
        for t in sorted(per):
            level += per[t]
            peak = max(peak, level)
            # what the additions and removals leave of a rate that has ended is round-off
            out.append(InfusionStep(t, name, 0.0 if abs(level) <= 1e-12 * peak else level,
                                    drug=drug[name]))
    return out

