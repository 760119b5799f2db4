"""Conditions as people write them: ``"glucocorticoids 7.5 mg/d from 0 for 2 years"``.

Grammar (words are case-insensitive)::

    <condition name> [<number> [<unit>]] [from <time> | since age <years> | for the past <duration>]
                     [for <duration> | until <time>]

The name is any condition id or alias (``bed rest``, ``klotho deficiency``, ``OPG
deficiency``...). The severity is a number in the condition's unit or one of its accepted units
(``mg/d``, ``pg/mL``, ``%``...); left out, the condition's default applies. A number without
a unit is read in the condition's unit, with a warning where it may well be meant otherwise:
``aromatase inhibitor 0.85`` is 0.85 % (a fraction is ``85 %``), ``vitamin D deficiency 25`` is
25 ng/mL (25 nmol/L is 10 ng/mL), ``primary hyperparathyroidism 100`` is 100 pg/mL (100 pmol/L
is 943 pg/mL); one that lies in the domain only in the other unit is refused with it
(``primary hyperparathyroidism 12``: write ``12 pmol/L``, 113.16 pg/mL). Times are a number
with a unit (``6 months``, ``2 years``, ``90 days``), on the simulation's clock (0 at its start);
a bare number other than 0 is refused, as prescriptions and target tables refuse it: ``from 6
for 1`` could mean days, months or years. Without an onset the condition starts at 0; without
``for``/``until`` it lasts to the end of the simulation.

A condition the patient already has began before the start (an *established* condition): her
life course runs with it from its onset, so the simulation starts from the state it has brought
her to. Its onset is ``since age 60`` (or ``from age 60``: her age at onset, from 25, the life
course's start, to her age), ``for the past 5 years`` or ``from -5 years`` (before the start).
``for <duration>`` counts from the onset; after ``since age`` only ``until <time>`` (on the
simulation's clock) may end it.
"""

from __future__ import annotations

import re
import warnings

from osteon.conditions.base import Condition, Course
from osteon.errors import InputError, OsteonWarning
from osteon.units import to_days

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_TIME_WORDS = ("day", "days", "d", "week", "weeks", "wk", "wks", "month", "months", "mo", "year",
               "years", "y", "yr", "yrs", "hour", "hours", "h")
_TIME_CANON = {"d": "days", "wk": "weeks", "wks": "weeks", "mo": "months", "y": "years",
               "yr": "years", "yrs": "years", "h": "hours"}


_TRAILING = ";,:!?"  # punctuation a time word may be glued to, which no phrase takes


def _norm(text: str) -> str:
    return " ".join(text.lower().replace("_", " ").replace("-", " ").split())


def _split_number_unit(tok: str) -> list[str]:
    """'7.5mg/d' -> ['7.5', 'mg/d']; '80%' -> ['80', '%']."""
    m = re.match(r"^([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)(\S+)$", tok)
    return [m.group(1), m.group(2)] if m and not _NUMBER.match(tok) else [tok]


def parse_course(text: str) -> Course:
    """One condition course from its text."""
    from osteon.conditions import find

    if not isinstance(text, str) or not text.strip():
        raise InputError(f"condition must be a non-empty text such as 'bed rest for 17 weeks'; "
                         f"got {text!r}")
    words = text.lower().split()
    cond, used = find(words, text)
    rest = [p for w in words[used:] for p in _split_number_unit(w)]
    severity, rest = _severity(cond, rest, text)
    onset: str | float = 0.0
    onset_age: float | None = None
    offset_kind, offset = None, None
    given: dict[str, str] = {}  # 'onset'/'offset' -> the words that gave it

    def once(what: str, words: str) -> None:
        if what in given:
            raise InputError(f"condition {text!r}: the {what} is given twice ('{given[what]}' "
                             f"and '{words}'); give it once")
        given[what] = words

    i = 0
    while i < len(rest):
        word = rest[i]
        if word in ("from", "since") and i + 1 < len(rest) and rest[i + 1] == "age":
            once("onset", f"{word} age")
            onset_age, i = _age(rest, i + 2, text, f"'{word} age'")
        elif word == "since":
            raise InputError(f"condition {text!r}: expected 'age <years>' after 'since' (e.g. "
                             f"'since age 60'); an onset from the start is 'from <time>', one "
                             f"before it 'for the past 5 years'")
        elif word == "for" and rest[i + 1:i + 3] in (["the", "past"], ["the", "last"]):
            once("onset", f"for the {rest[i + 2]}")
            past, i = _time(rest, i + 3, text, f"a duration after 'for the {rest[i + 2]}'")
            onset = -to_days(past, field=f"condition {text!r}: the time before the start",
                             allow_zero=False)
        elif word in ("from", "starting", "at"):
            once("onset", word)
            onset, i = _time(rest, i + 1, text, f"a time after '{word}'")
        elif word == "for":
            once("offset", word)
            offset, i = _time(rest, i + 1, text, "a duration after 'for'")
            offset_kind = "for"
        elif word in ("until", "to"):
            once("offset", word)
            offset, i = _time(rest, i + 1, text, f"a time after '{word}'")
            offset_kind = "until"
        else:
            expected = ("a severity number, 'from <time>', 'since age <years>', 'for the past "
                        "<duration>', 'for <duration>' or 'until <time>'"
                        if cond.severity is not None else
                        "'from <time>', 'since age <years>', 'for the past <duration>', 'for "
                        "<duration>' or 'until <time>' (this condition has no severity)")
            raise InputError(f"condition {text!r}: unexpected '{word}'; expected {expected}")
    start = to_days(onset, field=f"condition {text!r} onset", allow_negative=True)
    end = None
    if offset is not None:
        if offset_kind == "for":
            if onset_age is not None:
                raise InputError(f"condition {text!r}: 'for <duration>' cannot follow an onset "
                                 f"at an age (the start is on the patient's clock, the end on "
                                 f"the simulation's); give 'until <time>' from the start, or the "
                                 f"onset from the start ('from -5 years for 2 years')")
            end = start + to_days(offset, field=f"condition {text!r}: the duration after "
                                  f"'for'", allow_zero=False)
        else:
            end = to_days(offset, field=f"condition {text!r} until", allow_negative=True)
    return Course(cond, severity, start, end, onset_age)


def _age(rest: list[str], i: int, text: str, what: str) -> tuple[float, int]:
    """The age (years) after ``what``, with an optional 'years'."""
    if i >= len(rest) or not _NUMBER.match(rest[i]):
        got = f"'{rest[i]}'" if i < len(rest) else "the end of the text"
        raise InputError(f"condition {text!r}: expected an age in years after {what} (e.g. "
                         f"'since age 60'); got {got}")
    j = i + 2 if i + 1 < len(rest) and rest[i + 1] in ("years", "year", "y", "yr", "yrs") else i + 1
    return float(rest[i]), j


def _severity(cond: Condition, rest: list[str], text: str) -> tuple[float | None, list[str]]:
    if not rest or not _NUMBER.match(rest[0]):
        return None, rest
    if cond.severity is None:
        raise InputError(f"condition {text!r}: '{cond.id}' takes no severity; got '{rest[0]}'")
    value = float(rest[0])
    sev = cond.severity
    units = {k.lower(): v for k, v in sev.aliases.items()}
    units.setdefault(sev.unit.lower(), 1.0)
    # a unit may span words ('mg daily'); try the longest first
    for n in (5, 4, 3, 2, 1):
        cand = " ".join(rest[1:1 + n])
        if len(rest) > n and cand in units:
            return value * units[cand], rest[1 + n:]
    if len(rest) > 1 and rest[1] not in ("from", "since", "for", "until", "to", "starting", "at"):
        allowed = ", ".join(sorted({sev.unit, *sev.aliases}))
        raise InputError(f"condition {text!r}: unknown unit '{rest[1]}' for the {sev.name} of "
                         f"'{cond.id}'; expected one of: {allowed}")
    _bare_severity(cond, value, rest[0], units, text)
    return value, rest[1:]


def _bare_severity(cond: Condition, value: float, given: str, units: dict[str, float],
                   text: str) -> None:
    """Warn where a severity given without a unit is read in a unit it may well not be meant
    in: 'aromatase inhibitor 0.85' read as 0.85 % (a fraction elsewhere: klotho, myeloma),
    'vitamin D deficiency 25' as 25 ng/mL (a European lab's 25 nmol/L is 10 ng/mL), 'primary
    hyperparathyroidism 100' as 100 pg/mL (a lab's 100 pmol/L is 943 pg/mL). Only the other
    units in which the number lies in the domain too are named: 'primary hyperparathyroidism
    500' is 500 pg/mL without a word (500 pmol/L, 4715 pg/mL, is past the domain)."""
    sev = cond.severity
    assert sev is not None
    others = [(u, value * units[u.lower()]) for u in sev.also_meant_in
              if sev.contains(value * units[u.lower()])]
    try:
        sev.check(value, cond.id)  # out of its domain: refused here, not warned of
    except InputError as exc:
        fits = [f"in {u}, write '{given} {u}' ({v:g} {sev.unit})" for u, v in others]
        raise InputError("; ".join([str(exc), *fits])) from None
    if sev.unit == "%" and value <= 1.0:
        # 'aromatase inhibitor 1' was told to write '100 %', which the domain refuses
        fraction = (f"a fraction {given} is written '{100 * value:g} %'"
                    if sev.contains(100 * value) else
                    f"a fraction {given} would be {100 * value:g} %, outside {sev.domain()}")
        warnings.warn(f"condition {text!r}: {given} without a unit is read as {given} % "
                      f"{sev.name}; {fraction}", OsteonWarning, stacklevel=5)
    elif others:
        alt = "; ".join(f"{given} {u} is {v:g} {sev.unit} (write '{given} {u}')"
                        for u, v in others)
        warnings.warn(f"condition {text!r}: {given} without a unit is read as {given} "
                      f"{sev.unit}; {alt}", OsteonWarning, stacklevel=5)


def _time(rest: list[str], i: int, text: str, what: str) -> tuple[str | float, int]:
    if i >= len(rest) or not _NUMBER.match(rest[i]):
        got = f"'{rest[i]}'" if i < len(rest) else "the end of the text"
        raise InputError(f"condition {text!r}: expected {what} (e.g. '6 months', '2 years' or "
                         f"'90 days'); got {got}")
    if i + 1 < len(rest) and rest[i + 1] in _TIME_WORDS:
        unit = _TIME_CANON.get(rest[i + 1], rest[i + 1])
        return f"{rest[i]} {unit}", i + 2
    if i + 1 < len(rest) and rest[i + 1].rstrip(_TRAILING) in _TIME_WORDS:
        # 'for 1 year; x': the unit is there, with punctuation the phrase does not take
        tok = rest[i + 1]
        raise InputError(f"condition {text!r}: unexpected {tok[len(tok.rstrip(_TRAILING)):]!r} "
                         f"after '{rest[i]} {tok.rstrip(_TRAILING)}'; a condition is one phrase "
                         f"such as 'glucocorticoids 7.5 mg/d for 1 year' (give several as "
                         f"separate conditions: --condition A --condition B)")
    if float(rest[i]) == 0.0:  # 0 is 0 in every unit
        return 0.0, i + 1
    # a bare number could mean days, months or years (prescriptions and target tables refuse
    # it for the same reason)
    n = rest[i]
    raise InputError(f"condition {text!r}: {what} needs a unit: '{n}' alone could mean days, "
                     f"months or years; write e.g. '{n} months', '{n} years' or '{n} days'")


def _fmt_days(days: float) -> str:
    years = days / 365.25
    if days == 0:
        return "0"
    if abs(years - round(years)) < 1e-9:
        return f"{round(years)} years"
    months = days / (365.25 / 12)
    if abs(months - round(months)) < 1e-9:
        return f"{round(months)} months"
    weeks = days / 7
    if abs(weeks - round(weeks)) < 1e-9:
        return f"{round(weeks)} weeks"
    return f"{days:g} days"


def format_course(course: Course) -> str:
    """The canonical text of a course (parses back to the same course)."""
    cond = course.condition
    parts = [cond.aliases[0] if cond.aliases else cond.id.replace("_", " ")]
    if cond.severity is not None and course.severity is not None:
        parts.append(f"{course.severity:g} {cond.severity.unit}")
    if course.onset_age is not None:
        parts.append(f"since age {course.onset_age:g}")
        if course.offset is not None:
            parts.append(f"until {_fmt_days(course.offset)}")
        return " ".join(parts)
    if course.onset < 0 and course.offset is None:
        parts.append(f"for the past {_fmt_days(-course.onset)}")
        return " ".join(parts)
    parts.append(f"from {_fmt_days(course.onset)}")
    if course.offset is not None:
        parts.append(f"for {_fmt_days(course.offset - course.onset)}")
    return " ".join(parts)
