"""Conditions as people write them: ``"glucocorticoids 7.5 mg/d from 0 for 2 years"``.

Grammar (words are case-insensitive)::

    <condition name> [<number> [<unit>]] [from <time>] [for <duration> | until <time>]

The name is any condition id or alias (``bed rest``, ``klotho deficiency``, ``OPG
deficiency``...). The severity is a number in the condition's unit or one of its accepted units
(``mg/d``, ``pg/mL``, ``%``...); left out, the condition's default applies. Times are a number
of days or a number with a unit (``6 months``, ``2 years``). Without ``from`` the condition
starts at 0; without ``for``/``until`` it lasts to the end of the simulation.
"""

from __future__ import annotations

import re

from osteon.conditions.base import Condition, Course
from osteon.errors import InputError

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_TIME_WORDS = ("day", "days", "d", "week", "weeks", "wk", "wks", "month", "months", "mo", "year",
               "years", "y", "yr", "yrs", "hour", "hours", "h")
_TIME_CANON = {"d": "days", "wk": "weeks", "wks": "weeks", "mo": "months", "y": "years",
               "yr": "years", "yrs": "years", "h": "hours"}


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
    offset_kind, offset = None, None
    i = 0
    while i < len(rest):
        word = rest[i]
        if word in ("from", "starting", "at"):
            onset, i = _time(rest, i + 1, text, f"a time after '{word}'")
        elif word == "for":
            offset, i = _time(rest, i + 1, text, "a duration after 'for'")
            offset_kind = "for"
        elif word in ("until", "to"):
            offset, i = _time(rest, i + 1, text, f"a time after '{word}'")
            offset_kind = "until"
        else:
            expected = ("a severity number, 'from <time>', 'for <duration>' or 'until <time>'"
                        if cond.severity is not None else
                        "'from <time>', 'for <duration>' or 'until <time>' (this condition has "
                        "no severity)")
            raise InputError(f"condition {text!r}: unexpected '{word}'; expected {expected}")
    from osteon.units import to_days

    start = to_days(onset, field=f"condition {text!r} onset")
    end = None
    if offset is not None:
        d = to_days(offset, field=f"condition {text!r} {offset_kind}")
        end = start + d if offset_kind == "for" else d
    return Course(cond, severity, start, end)


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
    if len(rest) > 1 and rest[1] not in ("from", "for", "until", "to", "starting", "at"):
        allowed = ", ".join(sorted({sev.unit, *sev.aliases}))
        raise InputError(f"condition {text!r}: unknown unit '{rest[1]}' for the {sev.name} of "
                         f"'{cond.id}'; expected one of: {allowed}")
    return value, rest[1:]


def _time(rest: list[str], i: int, text: str, what: str) -> tuple[str | float, int]:
    if i >= len(rest) or not _NUMBER.match(rest[i]):
        got = f"'{rest[i]}'" if i < len(rest) else "the end of the text"
        raise InputError(f"condition {text!r}: expected {what} (e.g. '6 months', '2 years', or "
                         f"days); got {got}")
    if i + 1 < len(rest) and rest[i + 1] in _TIME_WORDS:
        unit = _TIME_CANON.get(rest[i + 1], rest[i + 1])
        return f"{rest[i]} {unit}", i + 2
    return float(rest[i]), i + 1


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
    parts.append(f"from {_fmt_days(course.onset)}")
    if course.offset is not None:
        parts.append(f"for {_fmt_days(course.offset - course.onset)}")
    return " ".join(parts)
