"""The prescription language: :func:`parse` text into a :class:`~osteon.dosing.Regimen`, and back.

A stage is ``DRUG AMOUNT UNIT [+ DRUG AMOUNT UNIT ...] ROUTE SCHEDULE``, e.g.
``"denosumab 60 mg sc q6mo x 6"`` or ``"calcium 1000 mg + vitamin D 800 IU oral daily"``
(drugs joined by ``+`` share one schedule; the same drug twice adds up, and a simulation warns
where concurrent items of one drug give more than its usual single dose). Words are
case-insensitive; whitespace is free.

- Drug: one or more words of letters, digits and hyphens (the first starting with a letter), up
  to the amount; normalized to an id (``"zoledronic acid"`` -> ``zoledronic_acid``, ``"OPG-Fc"``
  -> ``opg_fc``) with a few aliases (:data:`~osteon.dosing._vocab.DRUG_ALIASES`: zoledronate,
  vit D, vitamin D3, cholecalciferol, PTH 1-34, E2, ..., and brand names: Prolia, Forteo,
  Reclast, Evenity, ...). Names are not checked against a drug
  list unless ``known_drugs`` is given.
- Amount and unit: ``60 mg``, ``2.5 mg``, ``20 ug`` (``µg``, ``mcg``), ``1 g``, ``800 IU``,
  ``10 mmol``, ``2 sessions`` (exercise); a continuous infusion in ``ug/day``, ``mg/day`` or ``IU/day``.
- Route: ``sc``, ``iv``, ``oral``, ``im``, ``transdermal`` (``po``, ``subcutaneous``,
  ``intravenous``, ...), after each drug or once after the last (shared by those without one);
  exercise is dosed in sessions (``session``) by the route ``training``, which may be left out
  (``"exercise 2 sessions weekly for 8 months"``).
  Optional per drug: ``into CMT`` (the compartment), ``over N minutes|hours|days`` or
  ``at R mg/day`` (a zero-order input).
- Schedule: ``once`` or ``x 1`` (a single dose); a frequency (``daily``/``qd``/``once daily``,
  ``weekly``/``qw``, ``monthly``, ``yearly``/``annually``/``once a year``, ``every N days|weeks|
  months|years``, ``every 2 weeks``, ``q6mo``/``q6m``/``q2w``/``q 6 months``/``q6 months``) with an optional
  limit ``x N [doses]`` or ``for N days|weeks|months|years`` (``x N days`` = ``for N days``);
  ``continuous infusion for N ...`` for a ``/day`` unit. A frequency after a finite schedule
  repeats it as a cycle: ``daily x 3 days every month x 6`` is 3 daily doses, every month, 6 times.
  The stage's start may come before its (last) limit, as conditions are written: ``weekly from
  6 months for 1 year`` is ``weekly for 1 year from 6 months`` (the canonical text), and so for
  ``continuous infusion from 6 months for 2 years`` and ``... every month from 6 months x 6``.
- Stages: ``A then B`` (B starts when A ends; A must not be open-ended nor a single dose, which
  ends as it is given: ``x 1 then`` would be ``and``, write ``q6mo x 1 then``; nor a group that
  such a dose ends, given by ``from`` when the others end or later); ``A and B`` (concurrent;
  binds looser than ``then``); parentheses group.
- Modifiers after a stage or a parenthesized group, applied left to right: ``from day N``
  (delay), ``until day N`` (stop), ``holiday from day N to day M``, ``with adherence P seed S``;
  their times count from the start of that stage or group, and may also be written ``6 months``,
  ``2 years``: calendar months and years when a start date is given, as a schedule's are (a
  month is 365.25/12 days without one); ``day N`` and ``N days|weeks`` are plain days. At the
  very end, ``starting 2026-01-15`` sets the calendar start date of the whole regimen.

See :mod:`osteon.dosing.regimen` for what the schedules mean (end of a stage, ``for N`` counting,
calendar). :func:`format_prescription` writes the canonical text (``"denosumab 60 mg sc every
6 months x 6"``), and ``parse(format_prescription(r)) == r``.

Errors raise :class:`PrescriptionError` quoting the word, its position (words counted from 1,
``+`` and parentheses counting as words) and what was expected there.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import NoReturn

from osteon.dosing import _schedule as sch
from osteon.dosing._format import format_prescription
from osteon.dosing._vocab import (
    DRUG_ALIASES,
    NUMBER,
    RESERVED,
    alias_key,
    canonical_route,
    canonical_unit,
    drug_id,
    is_number,
    is_rate_unit,
    suggest_drug,
)
from osteon.dosing.records import Dose
from osteon.dosing.regimen import Regimen
from osteon.errors import InputError, did_you_mean


class PrescriptionError(InputError):
    """A prescription text that cannot be read; ``word`` is 1-based (``None`` at the end of the text)."""

    def __init__(self, message: str, *, text: str = "", token: str | None = None,
                 word: int | None = None, expected: str = "") -> None:
        super().__init__(message)
        self.text, self.token, self.word, self.expected = text, token, word, expected


_FREQ_WORDS: dict[str, tuple[float, str]] = {
    "daily": (1, "day"), "qd": (1, "day"), "od": (1, "day"),
    "weekly": (1, "week"), "qw": (1, "week"), "qwk": (1, "week"), "fortnightly": (2, "week"),
    "monthly": (1, "month"), "qm": (1, "month"), "qmo": (1, "month"),
    "yearly": (1, "year"), "annually": (1, "year"), "qy": (1, "year"), "qyr": (1, "year"),
}
_SPAN_UNITS: dict[str, str] = {
    **dict.fromkeys(("day", "days", "d"), "day"),
    **dict.fromkeys(("week", "weeks", "wk", "wks", "w"), "week"),
    **dict.fromkeys(("month", "months", "mo", "mos", "mon"), "month"),
    **dict.fromkeys(("year", "years", "yr", "yrs", "y"), "year"),
    **dict.fromkeys(("hour", "hours", "hr", "hrs", "h"), "hour"),
}
_Q_RE = re.compile(rf"q({NUMBER})({'|'.join(sorted(_SPAN_UNITS, key=len, reverse=True))}|m)")
_X_RE = re.compile(r"[x×](\d\S*)")
_ATTACHED_RE = re.compile(rf"({NUMBER})([a-zµμ]+(?:/[a-z]+)?)")
_NAME_WORD = re.compile(r"[a-z0-9][a-z0-9_-]*")
_CMT_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_COUNT_WORDS = ("doses", "dose", "times", "cycles", "cycle")

_EXPECT_UNIT = ("one of mg, ug, g, IU, mmol, session (or ug/day, mg/day, IU/day for a continuous "
                "infusion)")
_EXPECT_ROUTE = ("a route: one of sc, iv, oral, im, transdermal, training (or po, subcutaneous, "
                 "intravenous)")
_EXPECT_FREQ = ("a schedule: a frequency (daily, weekly, monthly, yearly, every N days|weeks|months|"
                "years, q6mo, q2w, qd), 'once', 'x 1', or 'continuous infusion for N ...' for a /day unit")
_EXPECT_LIMIT = "a whole number >= 1 (x N [doses]) or a length (x N days|weeks|months|years)"
_EXPECT_TIME = "a time such as 'day 30', '6 months' or '2 years'"
_EXPECT_NEXT = ("'then', 'and', a modifier (from day N, until day N, holiday from day N to day M, "
                "with adherence P seed S), 'starting YYYY-MM-DD' or the end")
_EXPECT_LIMIT_PLACE = ("'x N' or 'for N ...' only once per frequency, right after it or after its start "
                       "('weekly for 1 year from 6 months' or 'weekly from 6 months for 1 year')")


@dataclass
class _Item:
    drug: str
    amt: float
    unit: str
    route: str | None
    cmt: str | None
    rate: float | None
    duration: float | None
    at: int  # word index of the drug name
    unit_at: int


def parse(text: str, *, known_drugs: Iterable[str] | None = None) -> Regimen:
    """Read a prescription (see the module docstring) into a :class:`Regimen`.

    ``known_drugs``: drug names or ids; when given, a drug outside them is an error with a
    did-you-mean. Raises :class:`PrescriptionError` (an :class:`~osteon.errors.InputError`).
    """
    if not isinstance(text, str):
        raise InputError(f"a prescription must be a text such as 'denosumab 60 mg sc q6mo x 6'; got {text!r}")
    if not text.strip():
        raise PrescriptionError(f"prescription text is empty; expected e.g. 'denosumab 60 mg sc q6mo x 6'; "
                                f"got {text!r}", text=text, expected="a prescription")
    known: set[str] | None = None
    if known_drugs is not None:
        if isinstance(known_drugs, str):
            known_drugs = [known_drugs]
        known = set()
        for k in known_drugs:
            key = drug_id(k)
            if key is None:
                raise InputError(f"known_drugs must hold drug names such as 'denosumab'; got {k!r}")
            known.add(key)
    return _Parser(text, known).regimen()


class _Parser:
    def __init__(self, text: str, known: set[str] | None) -> None:
        self.text = text
        self.words = re.sub(r"([()+])", r" \1 ", text).split()
        self.low = [w.lower() for w in self.words]
        self.i = 0
        self.known = known
        self.start: tuple[sch.Time, int] | None = None  # a stage's 'from' written before its limit

    # -- helpers ------------------------------------------------------------------------------

    def peek(self, k: int = 0) -> str:
        j = self.i + k
        return self.low[j] if j < len(self.low) else ""

    def fail(self, problem: str, expected: str, at: int | None = None, *, hint: str = "",
             shown: str | None = None) -> NoReturn:
        """Raise: ``"<text>": <problem> '<word>' at word N<hint>; expected <expected>``."""
        j = self.i if at is None else at
        if j < len(self.words):
            tok: str | None = self.words[j]
            msg = (f'"{self.text}": {problem} \'{shown or tok}\' at word {j + 1}{hint}; '
                   f'expected {expected}')
            word: int | None = j + 1
        else:
            tok, word = None, None
            msg = f'"{self.text}": the text ends after word {len(self.words)}; expected {expected}'
        raise PrescriptionError(msg, text=self.text, token=tok, word=word, expected=expected)

    def _split_interval(self) -> tuple[str | None, str]:
        """A 'qN' followed by a misspelt unit word ('q6 mnths'): the two words as typed and a
        suggestion of the form that reads ('q6mo'); (None, '') otherwise."""
        m = re.fullmatch(rf"q({NUMBER})", self.peek())
        unit = self.peek(1)
        if m is None or not unit or not unit[0].isalpha():
            return None, ""
        close = difflib.get_close_matches(unit, list(_SPAN_UNITS), n=1, cutoff=0.5)
        span = _SPAN_UNITS[close[0]] if close else {"m": "month", "w": "week", "d": "day",
                                                     "y": "year"}.get(unit[0])
        if span is None or span == "hour":
            return None, ""
        short = {"day": "d", "week": "w", "month": "mo", "year": "y"}[span]
        n = m.group(1)
        return (f"{self.peek()} {unit}",
                f" (did you mean 'q{n}{short}', every {n} {span}{'' if n == '1' else 's'}?)")

    @contextlib.contextmanager
    def guard(self, at: int) -> Iterator[None]:
        """Re-raise a domain error of the regimen layer with the word it comes from."""
        try:
            yield
        except PrescriptionError:
            raise
        except InputError as exc:
            tok = self.words[at] if at < len(self.words) else ""
            raise PrescriptionError(f'"{self.text}": {exc} (at \'{tok}\', word {at + 1})', text=self.text,
                                    token=tok, word=at + 1, expected=str(exc)) from None

    def number(self, problem: str, expected: str, *, positive: bool = True) -> float:
        tok = self.peek()
        if not is_number(tok) or (positive and float(tok) <= 0):
            self.fail(problem, expected)
        self.i += 1
        return float(tok)

    # -- grammar ------------------------------------------------------------------------------

    def regimen(self) -> Regimen:
        r = self.expr()
        if self.peek() == "starting":
            self.i += 1
            try:
                start = dt.date.fromisoformat(self.peek())
            except ValueError:
                self.fail("bad start date", "an ISO date such as 2026-01-15 after 'starting'")
            self.i += 1
            r = r.starting(start)
        if self.i < len(self.words):
            if self.peek() == "+":
                self.fail("unexpected", "'+' only between drugs before their shared route and schedule "
                          "('A 1 mg + B 2 mg oral daily'); join separate schedules with 'and'")
            if self.peek() in ("for", "x", "×") or _X_RE.fullmatch(self.peek()):
                self.fail("a count or length where none can be:", _EXPECT_LIMIT_PLACE)
            self.fail("unexpected word", _EXPECT_NEXT)
        return r

    def expr(self) -> Regimen:
        r = self.seq()
        while self.peek() == "and":
            self.i += 1
            r = r + self.seq()
        return r

    def seq(self) -> Regimen:
        k = self.i
        r = self.term()
        while self.peek() == "then":
            if r.is_open_ended:
                self.fail("open-ended stage (no 'x N', 'for N ...' or 'until') before",
                          "'x N' or 'for N days|weeks|months|years' to end the stage before 'then'")
            with self.guard(self.i):  # a single dose ends as it is given: 'then' would be 'and'
                r._check_has_length(text=re.sub(r"\( | \)", lambda m: m[0].strip(),
                                                " ".join(self.words[k:self.i])))
            self.i += 1
            k = self.i
            r = r.then(self.term())
        return r

    def term(self) -> Regimen:
        if self.peek() == "(":
            opened = self.i
            self.i += 1
            r = self.expr()
            if self.peek() != ")":
                self.fail("unexpected word", f"')' closing the '(' at word {opened + 1}, 'then' or 'and'")
            self.i += 1
        else:
            r = self.stage()
        while True:
            w, j = self.peek(), self.i
            if w == "from":
                self.i += 1
                t = self.when()
                with self.guard(j):
                    r = r.delay(t)
            elif w == "until" or (w == "stop" and self.peek(1) == "at"):
                self.i += 1 if w == "until" else 2
                t = self.when()
                with self.guard(j):
                    r = r.stop(t)
            elif w == "holiday":
                self.i += 2 if self.peek(1) == "from" else 1
                a = self.when()
                if self.peek() not in ("to", "until"):
                    self.fail("unexpected word", "'to' between the holiday's first and last day")
                self.i += 1
                b = self.when()
                with self.guard(j):
                    r = r.holiday(a, b)
            elif w == "adherence" or (w == "with" and self.peek(1) == "adherence"):
                self.i += 1 if w == "adherence" else 2
                p = self.number("bad adherence probability", "a number in (0, 1], e.g. 0.8")
                if self.peek() != "seed":
                    self.fail("unexpected word", "'seed S' (a whole number) after the adherence probability")
                self.i += 1
                if not self.peek().isdigit():
                    self.fail("bad adherence seed", "a whole number >= 0")
                seed = int(self.peek())
                self.i += 1
                with self.guard(j):
                    r = r.with_adherence(p, seed)
            else:
                return r

    def time(self) -> float:
        """``day N`` or ``N <time unit>``, in days (no calendar: an input's duration)."""
        t = self.when()
        return sch.nominal_days(t)

    def when(self) -> sch.Time:
        """A modifier's time: ``day N`` or ``N <time unit>``; months and years stay a calendar
        :class:`~osteon.dosing._schedule.Span` (see :func:`~osteon.dosing._schedule.time_value`)."""
        if self.peek() == "day" and is_number(self.peek(1)):
            self.i += 2
            return float(self.low[self.i - 1])
        if not is_number(self.peek()):
            self.fail("bad time", _EXPECT_TIME)
        try:
            t = sch.time_value(f"{self.peek()} {self.peek(1)}", "time")
        except InputError:
            self.fail("unknown time unit", "days, weeks, months or years", at=self.i + 1)
        self.i += 2
        return t

    # -- a stage ------------------------------------------------------------------------------

    def stage(self) -> Regimen:
        items = [self.item()]
        while self.peek() == "+":
            self.i += 1
            items.append(self.item())
        route = items[-1].route
        if route is None and all(it.unit == "session" for it in items):
            route = "training"  # exercise sessions need no route word
        if route is None:
            self.fail("missing route before", _EXPECT_ROUTE)
        rate = is_rate_unit(items[0].unit)
        for it in items[1:]:
            if is_rate_unit(it.unit) != rate:
                self.fail(f"a rate unit and an amount unit cannot share a schedule ('{items[0].unit}' "
                          f"and '{it.unit}'): unit", "all drugs joined by '+' in amounts (mg, ug, g, "
                          "IU, mmol) or all in rates (ug/day, mg/day, IU/day)", at=it.unit_at)
        for it in items:
            it.route = it.route or route
        self.start = None
        r = Regimen._make(self.schedule(items, rate), None)
        if self.start is not None:  # 'weekly from 6 months for 1 year': the stage's start
            t, j = self.start
            with self.guard(j):
                r = r.delay(t)
        return r

    def item(self) -> _Item:
        start = self.i
        words: list[str] = []
        while self.i < len(self.words):
            w = self.peek()
            if is_number(w) or _ATTACHED_RE.fullmatch(w):
                break
            if re.fullmatch("-" + NUMBER + r"\S*", w):
                self.fail("bad dose amount", "a number > 0")
            if words and re.fullmatch(r"(\d+\.?\d*|\.\d+)[eE][+-]?\d+|\d+,\d+", w):
                self.fail("bad dose amount", "a plain decimal number > 0, such as 60 or 2.5 "
                          "(no exponent, no decimal comma)")
            if w in RESERVED and alias_key([*words, w]) in DRUG_ALIASES:
                words.append(w)  # a listed name ending in a reserved word: 'resistance training'
                self.i += 1
                continue
            if w in RESERVED or not _NAME_WORD.fullmatch(w) or (not words and not w[0].isalpha()):
                if not words:
                    self.fail("missing drug name before", "a drug name such as 'denosumab' or "
                              "'zoledronic acid' (words starting with a letter)")
                self.fail("missing dose amount before", "the dose amount (a number > 0) after the drug name")
            words.append(w)
            self.i += 1
        if not words:
            self.fail("missing drug name before", "a drug name such as 'denosumab'")
        drug = drug_id(" ".join(words))
        if drug is None:
            self.fail("bad drug name", "a drug name of words of letters, digits and hyphens", at=start)
        if self.known is not None and drug not in self.known:
            allowed = ", ".join(sorted(self.known)[:25])
            self.fail("unknown drug", f"one of the known drugs: {allowed}", at=start,
                      hint=suggest_drug(drug, self.known), shown=" ".join(self.words[start:self.i]))
        if self.i >= len(self.words):
            self.fail("", "the dose amount (a number > 0) after the drug name")
        m = _ATTACHED_RE.fullmatch(self.peek())
        amount_at = self.i
        if m:
            amt, unit_text, unit_at = float(m.group(1)), m.group(2), self.i
        else:
            amt, unit_text, unit_at = float(self.peek()), self.peek(1), self.i + 1
        if amt <= 0:
            self.fail("bad dose amount", "a number > 0", at=amount_at)
        self.i = unit_at
        unit = canonical_unit(unit_text)
        if unit is None:
            self.fail("unknown dose unit", _EXPECT_UNIT,
                      hint=did_you_mean(unit_text, ("mg", "ug", "g", "iu")))
        self.i += 1
        it = _Item(drug, amt, unit, None, None, None, None, start, unit_at)
        self.attributes(it)
        return it

    def attributes(self, it: _Item) -> None:
        """Route, ``into CMT``, ``over N <time>``, ``at R <unit>/day``, in any order."""
        while True:
            w, j = self.peek(), self.i
            route = canonical_route(w) if w else None
            if route is not None:
                if it.route is not None:
                    self.fail("second route", "one route per drug")
                it.route = route
                self.i += 1
            elif w == "into":
                self.i += 1
                if not _CMT_RE.fullmatch(self.words[self.i] if self.i < len(self.words) else ""):
                    self.fail("bad compartment name", "a compartment name (letters, digits, underscores) "
                              "after 'into'")
                it.cmt = self.words[self.i]
                self.i += 1
            elif w in ("over", "at"):
                if is_rate_unit(it.unit) or it.rate is not None or it.duration is not None:
                    self.fail("unexpected", "one 'over N <time>' or 'at R <unit>/day' per drug given in "
                              "an amount unit (a /day unit is already a rate)")
                self.i += 1
                if w == "over":
                    it.duration = self.time()
                    if it.duration <= 0:
                        self.fail("bad input duration", "a time > 0 after 'over'", at=j + 1)
                else:
                    it.rate = self.number("bad rate", "a number > 0 after 'at'")
                    u, _, per = self.peek().partition("/")
                    if canonical_unit(u) != it.unit or per not in ("day", "d"):
                        self.fail("bad rate unit", f"'{it.unit}/day' (the dose's unit per day)")
                    self.i += 1
            else:
                return

    def schedule(self, items: list[_Item], rate: bool) -> sch.Node:
        node: sch.Node
        if rate:
            if self.peek() == "continuous" and self.peek(1) == "infusion":
                self.i += 2
            elif self.peek() in ("infusion", "continuously"):
                self.i += 1
            else:
                self.fail(f"a rate unit ({items[0].unit}) is a continuous infusion; unexpected",
                          "'continuous infusion for N days|weeks|months|years'")
            self.start_before_limit()
            if self.peek() != "for":
                self.fail("unexpected", "'for N days|weeks|months|years' (the infusion's duration)")
            j = self.i
            length = self.limit()[1]
            if length is None:
                self.fail("a continuous infusion needs a duration, not a count:", "'for N days|weeks|"
                          "months|years'", at=j)
            with self.guard(items[0].at):
                node = sch.Give(self.doses(items, length.days()), length)
        else:
            if self.peek() in ("continuous", "infusion", "continuously"):
                self.fail(f"a continuous infusion needs a rate unit such as ug/day, not '{items[0].unit}':",
                          "a frequency, or a dose unit ug/day, mg/day or IU/day", at=self.i)
            with self.guard(items[0].at):
                node = sch.Give(self.doses(items, None))
            j = self.i
            span = self.freq()
            if span is not None:
                node = self.repeat(node, span, j)
            elif self.peek() == "once":
                self.i += 1
            elif self.peek() in ("x", "×") and self.peek(1) == "1" and self.peek(2) not in _SPAN_UNITS:
                self.i += 2
                if self.peek() in _COUNT_WORDS:
                    self.i += 1
            elif self.peek() in ("x", "×") or _X_RE.fullmatch(self.peek()):
                self.fail("a count without a frequency:", "a frequency before 'x N' (e.g. 'yearly x 3'), "
                          "or 'once' / 'x 1' for a single dose")
            elif self.i < len(self.words) and self.peek() not in ("then", "and", ")"):
                shown, hint = self._split_interval()
                self.fail("unknown frequency", _EXPECT_FREQ, shown=shown, hint=hint or did_you_mean(
                    self.peek(), (*_FREQ_WORDS, "once", "every")))
            else:
                self.fail("missing schedule before", _EXPECT_FREQ)
        while True:
            j = self.i
            span = self.freq()
            if span is None:
                return node
            if self.start is not None:  # whose start: the cycle's or each repetition's?
                self.fail("a start inside a cycle:", "'from ...' after the cycle's last frequency "
                          "and its limit ('daily x 3 days every month x 6 from 2 weeks')",
                          at=self.start[1])
            node = self.repeat(node, span, j)

    def doses(self, items: list[_Item], duration: float | None) -> tuple[Dose, ...]:
        return tuple(Dose(0.0, it.drug, it.amt, it.unit, it.route or "", it.cmt, rate=it.rate,
                          duration=duration if duration is not None else it.duration) for it in items)

    def repeat(self, node: sch.Node, span: sch.Span, at: int) -> sch.Repeat:
        if sch.is_open(node):
            self.fail("a frequency after an open-ended schedule:", "'x N' or 'for N ...' to end the "
                      "schedule before it is repeated", at=at)
        count, length = self.limit()
        if count is None and length is None and self.start_before_limit():
            count, length = self.limit()
        assert isinstance(node, sch.Give | sch.Repeat)
        return sch.Repeat(node, span, count, length)

    def start_before_limit(self) -> bool:
        """``from T`` followed by ``x N`` / ``for N ...``: the start of the stage written before
        its limit (``weekly from 6 months for 1 year``, as conditions are written), consumed into
        :attr:`start`; True when found. Otherwise nothing is consumed (a ``from`` then is a
        modifier after the stage)."""
        if self.peek() != "from":
            return False
        j = self.i
        self.i += 1
        t = self.when()
        if not (self.peek() in ("for", "x", "×") or _X_RE.fullmatch(self.peek())):
            self.i = j
            return False
        self.start = (t, j)
        return True

    def span(self, n: float, unit_word: str, at: int) -> sch.Span:
        if n <= 0:
            self.fail("bad interval", "a number > 0", at=at)
        unit = "month" if unit_word == "m" else _SPAN_UNITS[unit_word]
        return sch.Span(n / 24.0, "day") if unit == "hour" else sch.Span(n, unit)

    def freq(self) -> sch.Span | None:
        """A frequency at the current word (consumed), or ``None``."""
        w, w1, w2, j = self.peek(), self.peek(1), self.peek(2), self.i
        if w in _FREQ_WORDS:
            self.i += 1
            return sch.Span(*_FREQ_WORDS[w])
        m = _Q_RE.fullmatch(w)
        if m:
            self.i += 1
            return self.span(float(m.group(1)), m.group(2), j)
        if w == "q" and is_number(w1) and w2 in _SPAN_UNITS:
            self.i += 3
            return self.span(float(w1), w2, j + 1)
        m = re.fullmatch(rf"q({NUMBER})", w)
        if m and w1 in _SPAN_UNITS:  # "q6 months"
            self.i += 2
            return self.span(float(m.group(1)), w1, j)
        if w == "every":
            if w1 in _SPAN_UNITS:
                self.i += 2
                return self.span(1.0, w1, j)
            if w1 == "other" and w2 in _SPAN_UNITS:
                self.i += 3
                return self.span(2.0, w2, j)
            if is_number(w1):
                if w2 not in _SPAN_UNITS:
                    self.fail("unknown time unit", "days, weeks, months or years", at=j + 2)
                self.i += 3
                return self.span(float(w1), w2, j + 1)
            self.fail("bad interval after 'every':", "every N days|weeks|months|years", at=j + 1)
        if w == "once":
            if w1 in _FREQ_WORDS and _FREQ_WORDS[w1][0] == 1:
                self.i += 2
                return sch.Span(*_FREQ_WORDS[w1])
            if w1 in ("a", "per", "each") and w2 in _SPAN_UNITS:
                self.i += 3
                return self.span(1.0, w2, j)
        return None

    def limit(self) -> tuple[int | None, sch.Span | None]:
        """``x N [doses]``, ``x N <time>``, ``for N <time>``, ``for N doses``, or nothing."""
        w, j = self.peek(), self.i
        m = _X_RE.fullmatch(w)
        if w in ("x", "×") or m:
            if m:
                n_text, n_at = m.group(1), j
                self.i += 1
            else:
                n_text, n_at = self.peek(1), j + 1
                self.i += 2
        elif w == "for":
            n_text, n_at = self.peek(1), j + 1
            self.i += 2
        else:
            return None, None
        if self.peek() in _SPAN_UNITS:
            if not is_number(n_text) or float(n_text) <= 0:
                self.fail("bad length", "a number > 0 of days, weeks, months or years", at=n_at)
            self.i += 1
            return None, self.span(float(n_text), self.low[self.i - 1], n_at)
        if self.peek() in _COUNT_WORDS:
            self.i += 1
        elif w == "for":
            if is_number(n_text):
                self.fail("unknown time unit", "days, weeks, months or years (or doses)")
            self.fail("bad length", "a number > 0 of days, weeks, months or years", at=n_at)
        if not n_text.isdigit() or int(n_text) < 1:
            self.fail("bad dose count", _EXPECT_LIMIT, at=n_at)
        return int(n_text), None


format = format_prescription
"""Alias of :func:`format_prescription` (``prescription.format(r)``)."""
