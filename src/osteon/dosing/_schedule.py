"""The structure behind a :class:`~osteon.dosing.Regimen`: immutable schedule nodes and their expansion.

A node is expanded from an absolute start time ``t0`` (days from the regimen start). Lengths and
intervals are :class:`Span` values (a number of days, weeks, months or years) kept symbolic until
expansion, so that with a calendar start date a month is a calendar month:

- without a date, a month is 365.25/12 days and a year 365.25 days;
- with a date, ``n`` whole months after a day are the same day of the month ``n`` months later,
  clamped to the month's end (Jan 31 + 1 month = Feb 28, + 2 months = Mar 31: each is counted from
  the schedule's start, never step by step); a fraction of a month is that fraction of the calendar
  month that follows; a year is 12 months.

Expansion yields single records (``ii = 0``, ``addl = 0``). A record is kept when its time is
strictly before ``until`` (a simulation's end: a dose at the end has no effect inside it).
Repetitions are not merged: a cycle body longer than its repeat interval simply overlaps the next.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
import zlib
from collections import Counter
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from osteon.dosing._vocab import num
from osteon.dosing.records import Dose
from osteon.errors import InputError
from osteon.units import DAYS_PER_MONTH, DAYS_PER_YEAR, as_float, as_whole, is_real, shown, to_days

TIME_UNITS: tuple[str, ...] = ("day", "week", "month", "year")
EPS = 1e-9
"""Days: a dose is "strictly before" the end of a ``for N ...`` stage when earlier by more than this."""
MAX_REPEATS = 1_000_000


@dataclass(frozen=True)
class Span:
    """A length of time ``n`` (> 0) ``unit`` (day, week, month, year), calendar-aware on expansion."""

    n: float
    unit: str

    def __post_init__(self) -> None:
        if not is_real(self.n) or not math.isfinite(as_float(self.n)) or as_float(self.n) <= 0:
            raise InputError(f"a time span must be a finite number > 0 of {'/'.join(TIME_UNITS)}s; "
                             f"got {self.n!r}")
        if self.unit not in TIME_UNITS:
            raise InputError(f"a time span unit must be one of {', '.join(TIME_UNITS)}; got {self.unit!r}")
        object.__setattr__(self, "n", as_float(self.n))

    def days(self) -> float:
        """The nominal length in days (no calendar)."""
        return self.n * {"day": 1.0, "week": 7.0, "month": DAYS_PER_MONTH, "year": DAYS_PER_YEAR}[self.unit]

    def text(self) -> str:
        return f"{num(self.n)} {self.unit}{'' if self.n == 1 else 's'}"


def _add_months(d: dt.date, months: int) -> dt.date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return dt.date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def advance(origin: dt.date | None, t: float, n: float, unit: str) -> float:
    """The time ``n`` ``unit`` after time ``t`` (days from ``origin``; see the module docstring)."""
    if unit == "day":
        return t + n
    if unit == "week":
        return t + 7.0 * n
    if origin is None:
        return t + n * (DAYS_PER_MONTH if unit == "month" else DAYS_PER_YEAR)
    months = n if unit == "month" else 12.0 * n
    whole = math.floor(months)
    day0 = math.floor(t)
    d0 = origin + dt.timedelta(days=day0)
    a = float((_add_months(d0, whole) - origin).days)
    frac = months - whole
    if frac:  # that fraction of the calendar month that follows
        a += frac * ((_add_months(d0, whole + 1) - origin).days - a)
    return a + (t - day0)


Time = float | Span
"""A modifier's time (a stop, a holiday's limits, a delay) after the start of what it modifies:
plain days (a number), or a :class:`Span` of months or years, which is calendar months or years
when the regimen has a start date, as the schedules' own intervals and lengths are."""

_CALENDAR_UNITS: dict[str, str] = {
    **dict.fromkeys(("mo", "mon", "mos", "month", "months"), "month"),
    **dict.fromkeys(("y", "yr", "yrs", "year", "years"), "year"),
}
_TIME_TEXT = re.compile(r"\s*((?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\s*([A-Za-z]+)\s*")


def time_value(value: object, field: str) -> Time:
    """A modifier's time from days (a number), a text (``"6 months"``, ``"2 years"``, ``"30 days"``)
    or a :class:`Span`: a positive number of months or years stays a :class:`Span` (calendar-aware
    on expansion), anything else is days (checked and converted by :func:`osteon.units.to_days`)."""
    if isinstance(value, Span):
        return value if value.unit in ("month", "year") else value.days()
    m = _TIME_TEXT.fullmatch(value) if isinstance(value, str) else None
    if m and m.group(2).lower() in _CALENDAR_UNITS:
        n = float(m.group(1))
        if math.isfinite(n) and n > 0:
            return Span(n, _CALENDAR_UNITS[m.group(2).lower()])
        if n == 0:
            return 0.0
    return to_days(value, field=field)


def offset(origin: dt.date | None, t0: float, x: Time) -> float:
    """The time ``x`` after ``t0`` (days from ``origin``): ``t0 + x`` days, or a span counted on the
    calendar as :func:`advance` counts it."""
    if isinstance(x, Span):
        return advance(origin, t0, x.n, x.unit)
    return t0 + x


def nominal_days(x: Time) -> float:
    """``x`` in days without a calendar (a month 365.25/12 days, a year 365.25)."""
    return x.days() if isinstance(x, Span) else x


def time_text(x: Time) -> str:
    """``x`` as prescription words: ``day 30`` or ``6 months``."""
    return x.text() if isinstance(x, Span) else f"day {num(x)}"


# ------------------------------------------------------------------------------------------------
# nodes
# ------------------------------------------------------------------------------------------------

def bag(items: tuple[Any, ...]) -> frozenset[tuple[Any, int]]:
    """``items`` as a multiset: concurrent items are equal whatever their order, each counted."""
    return frozenset(Counter(items).items())


@dataclass(frozen=True, eq=False)
class Give:
    """``items`` given together at the start (templates at time 0). With ``length``: a continuous
    infusion of ``/day`` items lasting ``length`` (their ``duration`` is recomputed on a calendar).
    Equal to a group of the same items in any order (:func:`bag`)."""

    items: tuple[Dose, ...]
    length: Span | None = None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Give):
            return NotImplemented
        return self.length == other.length and bag(self.items) == bag(other.items)

    def __hash__(self) -> int:
        return hash(("give", bag(self.items), self.length))

    def __post_init__(self) -> None:
        if not self.items:
            raise InputError("a dose group needs at least one Dose")
        for d in self.items:
            if d.time != 0 or d.ii != 0 or d.addl != 0:
                raise InputError(f"a dose group holds templates at time 0 without ii/addl; got {d!r}")
            rate_unit = d.unit.endswith("/day")
            if rate_unit != (self.length is not None):
                raise InputError(f"drug '{d.drug}' in {d.unit}: a continuous infusion (a /day unit) "
                                 f"needs a length, and only a /day unit can have one")
        if self.length is not None:
            days = self.length.days()
            object.__setattr__(self, "items", tuple(d.replace(duration=days) for d in self.items))


@dataclass(frozen=True)
class Repeat:
    """``body`` given every ``every``: ``count`` times, or while strictly before ``length`` is over,
    or without end when both are ``None``."""

    body: Give | Repeat
    every: Span
    count: int | None = None
    length: Span | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.body, Give | Repeat):
            raise InputError(f"only a dose group or a schedule can be repeated; got "
                             f"{type(self.body).__name__}")
        if is_open(self.body):
            raise InputError("an open-ended schedule cannot be repeated; give it 'x N' or 'for N ...'")
        if self.count is not None and self.length is not None:
            raise InputError("give a count or a length, not both")
        if self.count is not None:
            count = as_whole(self.count)
            if count is None or count < 1:
                raise InputError(f"a dose count must be a whole number >= 1; got "
                                 f"{shown(self.count)}")
            object.__setattr__(self, "count", count)


@dataclass(frozen=True, eq=False)
class Together:
    """Concurrent parts, each starting at the same time. Equal to the same parts in any order
    (:func:`bag`): ``a + b == b + a``, as they give the same doses (:func:`sort`); the parts
    keep the order they were written in for the prescription text."""

    parts: tuple[Node, ...]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Together):
            return NotImplemented
        return bag(self.parts) == bag(other.parts)

    def __hash__(self) -> int:
        return hash(("together", bag(self.parts)))


@dataclass(frozen=True)
class Series:
    """Parts one after the other; each starts when the previous ends (all but the last finite)."""

    parts: tuple[Node, ...]

    def __post_init__(self) -> None:
        for p in self.parts[:-1]:
            if is_open(p):
                raise InputError("an open-ended part (no count, length or stop) can only be the last "
                                 "of a sequence")


@dataclass(frozen=True)
class Shift:
    """``body`` started ``by`` (days, or a calendar :class:`Span`) later."""

    body: Node
    by: Time


@dataclass(frozen=True)
class Stop:
    """``body`` cut at ``at`` (days, or a calendar :class:`Span`) after its start: doses at or after
    it dropped, infusions truncated."""

    body: Node
    at: Time


@dataclass(frozen=True)
class Holiday:
    """``body`` without the doses in [``start``, ``end``) after its start (days, or calendar
    :class:`Span` values); infusions interrupted. A window that a calendar makes empty
    (``day 29`` to ``1 month`` from a January 31: Feb 28 is day 28) removes nothing."""

    body: Node
    start: Time
    end: Time


@dataclass(frozen=True)
class Adherence:
    """``body`` with each non-infusion dose kept with probability ``p``, drawn from ``seed``
    (one stream per drug: :func:`adherence_draws`)."""

    body: Node
    p: float
    seed: int


Node = Give | Repeat | Together | Series | Shift | Stop | Holiday | Adherence


def adherences(node: Node) -> list[Adherence]:
    """The :class:`Adherence` nodes in ``node``, outermost first."""
    if isinstance(node, Adherence):
        return [node, *adherences(node.body)]
    if isinstance(node, Together | Series):
        return [a for part in node.parts for a in adherences(part)]
    body = getattr(node, "body", None)
    return adherences(body) if body is not None else []


def is_open(node: Node) -> bool:
    """True when the node never ends (an open-ended repetition not cut by a stop)."""
    if isinstance(node, Give):
        return False
    if isinstance(node, Repeat):
        return (node.count is None and node.length is None) or is_open(node.body)
    if isinstance(node, Stop):
        return False
    if isinstance(node, Together):
        return any(is_open(p) for p in node.parts)
    if isinstance(node, Series):
        return is_open(node.parts[-1])
    return is_open(node.body)


def end(node: Node, origin: dt.date | None, t0: float = 0.0) -> float:
    """When ``node`` started at ``t0`` ends (``inf`` when open-ended).

    A dose group ends when its longest input is in (at once for boluses); a repetition ``x N`` ends
    N intervals after its start (one interval after the last dose: the last dose's coverage); a
    ``for N ...`` repetition when N ... are over; a stop at the stop; a sequence with its last part.
    """
    if isinstance(node, Give):
        if node.length is not None:
            return advance(origin, t0, node.length.n, node.length.unit)
        return t0 + max(d.input_duration for d in node.items)
    if isinstance(node, Repeat):
        if node.count is not None:
            return advance(origin, t0, node.count * node.every.n, node.every.unit)
        if node.length is not None:
            return advance(origin, t0, node.length.n, node.length.unit)
        return math.inf
    if isinstance(node, Together):
        return max(end(p, origin, t0) for p in node.parts)
    if isinstance(node, Series):
        t = t0
        for p in node.parts:
            t = end(p, origin, t)
        return t
    if isinstance(node, Shift):
        return end(node.body, origin, offset(origin, t0, node.by))
    if isinstance(node, Stop):
        return min(end(node.body, origin, t0), offset(origin, t0, node.at))
    return end(node.body, origin, t0)


def lengthless(node: Node, origin: dt.date | None, t0: float = 0.0) -> Node | None:
    """The stage of ``node`` (started at ``t0``) whose end is only the moment a single dose is
    given, or ``None`` when an interval, a length or a stop sets the end.

    A single dose (``once``, ``x 1``: a dose group without a length, a bolus or an input over
    some time) has no dosing interval, so the end of a stage made of it is the dose itself, and
    ``then`` would start the next stage with it, as ``and`` does. ``every 6 months x 1`` ends
    one interval later and ``continuous infusion for 90 days`` when it is over: they have a
    length. For a sequence, the answer is its last stage's; concurrent parts are lengthless when
    any part that ends last is: a single dose given (by ``from``) when the others' courses end,
    or later, would have the next stage start with it (``(denosumab q6mo x 2 and zoledronic
    acid once from 12 months) then ...``); one given before the others end is inside their
    course. A stop before the body's end sets the end, so has a length.
    """
    if isinstance(node, Give):
        return node if node.length is None else None
    if isinstance(node, Repeat):
        return None
    if isinstance(node, Series):
        t = t0
        for p in node.parts[:-1]:
            t = end(p, origin, t)
        return lengthless(node.parts[-1], origin, t)
    if isinstance(node, Together):
        return node if _ending_lengthless(node, origin, t0) else None
    if isinstance(node, Shift):
        return node if lengthless(node.body, origin, offset(origin, t0, node.by)) is not None else None
    if isinstance(node, Stop) and offset(origin, t0, node.at) < end(node.body, origin, t0):
        return None
    return node if lengthless(node.body, origin, t0) is not None else None


def _ending_lengthless(node: Together, origin: dt.date | None, t0: float) -> list[int]:
    """The indices of ``node``'s parts that end last (within :data:`EPS`) and are lengthless."""
    ends = [end(p, origin, t0) for p in node.parts]
    last = max(ends)
    return [k for k, (p, e) in enumerate(zip(node.parts, ends, strict=True))
            if e >= last - EPS and lengthless(p, origin, t0) is not None]


def with_interval(node: Node, interval: dict[str, Span], origin: dt.date | None = None,
                  t0: float = 0.0, used: set[str] | None = None) -> Node | None:
    """``node`` (started at ``t0``) with each single dose that :func:`lengthless` finds setting
    its end given every ``interval[drug]`` once (``x 1``), its first drug's; ``None`` when a
    drug has no interval there. Single doses inside the course of others are left as they are.
    ``used``: filled with the drugs whose interval was used."""
    if isinstance(node, Give):
        if node.length is not None:
            return node
        drug = node.items[0].drug
        span = interval.get(drug)
        if span is not None and used is not None:
            used.add(drug)
        return None if span is None else Repeat(node, span, count=1)
    if isinstance(node, Repeat):
        return node
    if isinstance(node, Series):
        t = t0
        for p in node.parts[:-1]:
            t = end(p, origin, t)
        last = with_interval(node.parts[-1], interval, origin, t, used)
        return None if last is None else replace(node, parts=(*node.parts[:-1], last))
    if isinstance(node, Together):
        ending = _ending_lengthless(node, origin, t0)
        parts = [with_interval(p, interval, origin, t0, used) if k in ending else p
                 for k, p in enumerate(node.parts)]
        return None if any(p is None for p in parts) else replace(node, parts=tuple(parts))
    if isinstance(node, Stop) and offset(origin, t0, node.at) < end(node.body, origin, t0):
        return node
    t = offset(origin, t0, node.by) if isinstance(node, Shift) else t0
    body = with_interval(node.body, interval, origin, t, used)
    return None if body is None else replace_body(node, body)


def expand(node: Node, origin: dt.date | None, t0: float, until: float) -> list[Dose]:
    """Single records of ``node`` started at ``t0``, with time < ``until`` (not sorted)."""
    if t0 >= until:
        return []
    if isinstance(node, Give):
        if node.length is None:
            return [d._at(t0) for d in node.items]
        dur = advance(origin, t0, node.length.n, node.length.unit) - t0
        return [d._at(t0, duration=float(dur)) for d in node.items]
    if isinstance(node, Repeat):
        return _expand_repeat(node, origin, t0, until)
    if isinstance(node, Together):
        return [d for p in node.parts for d in expand(p, origin, t0, until)]
    if isinstance(node, Series):
        out: list[Dose] = []
        t = t0
        for p in node.parts:
            if t >= until:
                break
            out += expand(p, origin, t, until)
            t = end(p, origin, t)
        return out
    if isinstance(node, Shift):
        return expand(node.body, origin, offset(origin, t0, node.by), until)
    if isinstance(node, Stop):
        stop = offset(origin, t0, node.at)
        return [c for d in expand(node.body, origin, t0, min(until, stop)) for c in _cut(d, stop, math.inf)]
    if isinstance(node, Holiday):
        a, b = offset(origin, t0, node.start), offset(origin, t0, node.end)
        if b <= a:  # a window the calendar makes empty
            return expand(node.body, origin, t0, until)
        # an infusion split by the holiday resumes at its end, which may lie past ``until``
        return [c for d in expand(node.body, origin, t0, until) for c in _cut(d, a, b) if c.time < until]
    recs = sort(expand(node.body, origin, t0, until))
    return [d for d, u in zip(recs, adherence_draws(recs, node.seed), strict=True)
            if d.is_infusion or u < node.p]


def adherence_draws(recs: list[Dose], seed: int) -> list[float]:
    """One uniform draw per dose record (``recs`` in time order): each drug's doses draw, in
    time order, from their own stream, seeded by ``seed`` and the drug id (CRC-32 of it, the
    same in every Python process), so adding a drug to a regimen (calcium beside alendronate)
    leaves which doses of the others are missed with the same seed unchanged: arms that differ
    in a drug share the others' adherence (common random numbers)."""
    streams: dict[str, Any] = {}
    out = []
    for d in recs:
        if d.drug not in streams:
            streams[d.drug] = np.random.default_rng([seed, zlib.crc32(d.drug.encode())])
        out.append(float(streams[d.drug].random()))
    return out


def _expand_repeat(node: Repeat, origin: dt.date | None, t0: float, until: float) -> list[Dose]:
    limit = math.inf if node.length is None else advance(origin, t0, node.length.n, node.length.unit) - EPS
    if node.count is None and node.length is None and math.isinf(until):
        raise InputError("an open-ended schedule needs 'until' to be expanded")
    out: list[Dose] = []
    k = 0
    while node.count is None or k < node.count:
        start = advance(origin, t0, k * node.every.n, node.every.unit)
        if start >= limit or start >= until:
            break
        out += expand(node.body, origin, start, until)
        k += 1
        if k > MAX_REPEATS:
            raise InputError(f"a schedule every {node.every.text()} repeats more than {MAX_REPEATS:,} "
                             f"times before t={num(until)} d; give a shorter 'until'")
    return out


def _cut(d: Dose, a: float, b: float) -> list[Dose]:
    """``d`` without what falls in [a, b): a dose there dropped, an infusion split or truncated."""
    if not d.is_infusion:
        return [] if a <= d.time < b else [d]
    t1 = d.time + d.input_duration
    if t1 <= a or d.time >= b:
        return [d]
    out = []
    if d.time < a:
        out.append(_part(d, d.time, a))
    if t1 > b:
        out.append(_part(d, b, t1))
    return out


def _part(d: Dose, t: float, t1: float) -> Dose:
    """The part of infusion ``d`` from ``t`` to ``t1``."""
    dur = t1 - t
    if d.unit.endswith("/day"):
        return d.replace(time=t, duration=dur)
    if d.rate is not None:
        return d.replace(time=t, amt=d.rate * dur)
    return d.replace(time=t, amt=d.amt * dur / d.input_duration, duration=dur)


def order(d: Dose) -> tuple[Any, ...]:
    """The key records are sorted by: time, then drug, route, compartment, unit, amount, rate
    and duration. Two records with the same key are the same dose (expanded records all have
    ``ii = addl = 0``), so the order of concurrent parts (``a + b``, ``b + a``) does not show in
    the sorted records, nor in the events and adherence draws that follow them."""
    return (d.time, d.drug, d.route, d.cmt or "", d.unit, d.amt,
            0.0 if d.rate is None else d.rate, 0.0 if d.duration is None else d.duration)


def sort(records: list[Dose]) -> list[Dose]:
    """Records by :func:`order`: by time, records at the same time by a key of their own."""
    return sorted(records, key=order)


def from_dose(d: Dose) -> Node:
    """The node of one NONMEM record: its dose group, repeated every ``ii`` ``addl + 1`` times,
    shifted to ``time``."""
    if d.unit.endswith("/day"):
        assert d.duration is not None
        node: Node = Give((d.replace(time=0.0, ii=0.0, addl=0),), Span(d.duration, "day"))
    else:
        node = Give((d.replace(time=0.0, ii=0.0, addl=0),))
    if d.ii > 0:
        node = Repeat(node, Span(d.ii, "day"), count=d.addl + 1)
    return Shift(node, d.time) if d.time > 0 else node


def drugs(node: Node) -> list[str]:
    """Drug ids in order of first appearance."""
    if isinstance(node, Give):
        return [d.drug for d in node.items]
    if isinstance(node, Together | Series):
        return [x for p in node.parts for x in drugs(p)]
    return drugs(node.body)


def replace_body(node: Node, body: Node) -> Node:
    return replace(node, body=body)  # type: ignore[call-arg]


Path = tuple[tuple[str, int], ...]
"""Where a dose template sits in a structure: from the root, ``("series", k)`` for the k-th part of a
sequence, ``("together", k)`` for the k-th of concurrent parts, ``("give", k)`` for the k-th drug of
a dose group (the other nodes have one body and add nothing)."""


def bolus_paths(node: Node, origin: dt.date | None, until: float) -> list[Path | None]:
    """For each record of ``sort(expand(node, origin, 0, until))``, in that order, the
    :data:`Path` of the dose template a bolus comes from, ``None`` for an infusion. One template
    gives at most one bolus at a time; see :func:`concurrent` for two templates.

    The bolus templates are numbered in their ``ii`` (0 in every template and expanded record,
    and not in the sort key :func:`order`) and the structure is expanded again: the number
    moves no time and no record in the sort, so both expansions give the same records in the
    same order."""
    paths: list[Path] = []

    def number(d: Dose, path: Path) -> Dose:
        paths.append(path)
        return d if d.is_infusion else d.replace(ii=float(len(paths)))

    def renumber(n: Node, path: Path) -> Node:
        if isinstance(n, Give):  # numbered templates: past Give's check that ii is 0
            g = object.__new__(Give)
            object.__setattr__(g, "items", tuple(number(d, (*path, ("give", k)))
                                                 for k, d in enumerate(n.items)))
            object.__setattr__(g, "length", n.length)
            return g
        if isinstance(n, Together | Series):
            kind = "together" if isinstance(n, Together) else "series"
            return replace(n, parts=tuple(renumber(p, (*path, (kind, k)))
                                          for k, p in enumerate(n.parts)))
        return replace_body(n, renumber(n.body, path))

    numbered = sort(expand(renumber(node, ()), origin, 0.0, until))
    if [order(d) for d in numbered] != [order(d) for d in sort(expand(node, origin, 0.0, until))]:
        raise AssertionError("numbering the dose templates moved a dose")  # see the docstring
    return [None if d.is_infusion else paths[int(d.ii) - 1] for d in numbered]


def concurrent(a: Path, b: Path) -> bool:
    """True when the templates at ``a`` and ``b`` are given concurrently: they part at concurrent
    parts (``and``, ``Regimen + Regimen``, ``Regimen(d1, d2)``) or in one dose group (``a 1 mg +
    b 2 mg oral daily``), not as stages of a sequence (``then``) nor as one template."""
    for x, y in zip(a, b, strict=False):
        if x != y:
            return x[0] != "series"
    return False
