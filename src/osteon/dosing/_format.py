"""Writing a :class:`~osteon.dosing.Regimen` as canonical prescription text.

The text uses the forms :func:`osteon.dosing.prescription.parse` reads: ``every N <unit>s`` (or
``daily``/``weekly``/``monthly``/``yearly`` for N = 1), ``x N``, ``for N <unit>s``, ``once``,
``continuous infusion for ...``, an input's ``over`` time in whole days, hours or minutes where
it is one (``over 15 minutes``), numbers in their shortest exact decimal form, modifier times as
``day N`` (or ``N months``/``N years``, calendar-aware); ``then`` and ``and`` with parentheses
where needed. Parsing the text gives back an equal regimen.
"""

from __future__ import annotations

from osteon.dosing import _schedule as sch
from osteon.dosing._vocab import RESERVED, is_rate_unit, num
from osteon.dosing.records import Dose
from osteon.dosing.regimen import Regimen
from osteon.errors import InputError

_FREQ_SINGULAR = {"day": "daily", "week": "weekly", "month": "monthly", "year": "yearly"}


def format_prescription(regimen: Regimen) -> str:
    """The canonical prescription text of ``regimen`` (``parse`` reads it back to an equal regimen)."""
    if not isinstance(regimen, Regimen):
        raise InputError(f"format_prescription takes a Regimen; got {type(regimen).__name__}")
    text = _expr(regimen.node)
    if regimen.start_date is not None:
        text += f" starting {regimen.start_date.isoformat()}"
    return text


def _expr(node: sch.Node) -> str:
    parts = node.parts if isinstance(node, sch.Together) else (node,)
    return " and ".join(_seq(p) for p in parts)


def _seq(node: sch.Node) -> str:
    parts = node.parts if isinstance(node, sch.Series) else (node,)
    return " then ".join(_term(p) for p in parts)


def _term(node: sch.Node) -> str:
    if isinstance(node, sch.Together | sch.Series):
        return f"({_expr(node)})"
    if isinstance(node, sch.Shift):
        return f"{_term(node.body)} from {sch.time_text(node.by)}"
    if isinstance(node, sch.Stop):
        return f"{_term(node.body)} until {sch.time_text(node.at)}"
    if isinstance(node, sch.Holiday):
        return (f"{_term(node.body)} holiday from {sch.time_text(node.start)} to "
                f"{sch.time_text(node.end)}")
    if isinstance(node, sch.Adherence):
        return f"{_term(node.body)} with adherence {num(node.p)} seed {node.seed}"
    return _stage(node)


def _stage(node: sch.Give | sch.Repeat) -> str:
    layers: list[sch.Repeat] = []
    while isinstance(node, sch.Repeat):
        layers.append(node)
        node = node.body
    words = [_items(node.items)]
    if node.length is not None:
        words.append(f"continuous infusion for {node.length.text()}")
    elif not layers:
        words.append("once")
    for layer in reversed(layers):
        e = layer.every
        words.append(_FREQ_SINGULAR[e.unit] if e.n == 1 else f"every {e.text()}")
        if layer.count is not None:
            words.append(f"x {layer.count}")
        elif layer.length is not None:
            words.append(f"for {layer.length.text()}")
    return " ".join(words)


def _items(items: tuple[Dose, ...]) -> str:
    shared = len({d.route for d in items}) == 1  # then written once, after the last unit
    parts = []
    for k, d in enumerate(items):
        words = [drug_text(d.drug), num(d.amt), d.unit]
        if not shared or k == len(items) - 1:
            words.append(d.route)
        if d.cmt is not None:
            words += ["into", d.cmt]
        if d.duration is not None and not is_rate_unit(d.unit):
            words += ["over", duration_text(d.duration)]
        if d.rate is not None:
            words += ["at", num(d.rate), f"{d.unit}/day"]
        parts.append(" ".join(words))
    return " + ".join(parts)


_DURATION_UNITS = (("day", 1.0), ("hour", 24.0), ("minute", 1440.0))


def duration_text(days: float, *, exact: bool = True) -> str:
    """An input's ``duration`` (days) as the words a person writes after ``over``: whole days as
    ``N days``, else whole hours as ``N hours``, else whole minutes as ``N minutes`` (``15 minutes``,
    not ``0.010416666666666668 days``); any other length in days. The words read back to exactly
    ``days`` (the parser's own conversion is checked), so ``parse(format(r)) == r``; the dose
    records keep the duration in days. ``exact=False`` (a message, not text to read back): any
    other length in days to 4 significant digits."""
    for unit, per_day in _DURATION_UNITS:
        n = round(days * per_day)
        if n >= 1 and abs(days * per_day - n) <= 1e-9 * n:
            text = f"{n} {unit}{'' if n == 1 else 's'}"
            if sch.nominal_days(sch.time_value(text, "duration")) == days:
                return text
    return f"{num(days) if exact else f'{days:.4g}'} {'day' if days == 1 else 'days'}"


def drug_text(drug: str) -> str:
    """A drug id as prescription words: ``zoledronic_acid`` -> ``zoledronic acid``; hyphens where a
    word alone would not read as part of a name (``iv_iron`` -> ``iv-iron``, ``pth_1_84`` -> ``pth-1-84``)."""
    words = drug.split("_")
    if any(w in RESERVED or w[0].isdigit() for w in words):
        return "-".join(words)
    return " ".join(words)
