"""Parameters as data with provenance: value, unit, bounds, description, source, evidence."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

import numpy as np

from osteon.errors import InputError, ModelDefinitionError
from osteon.units import check_unit, holds_bool, is_quantity, magnitude_in


class Evidence(StrEnum):
    """What kind of evidence a number rests on."""

    HUMAN_RCT = "human RCT"
    HUMAN_COHORT = "human cohort"
    ANIMAL = "animal"
    IN_VITRO = "in vitro"
    FITTED = "fitted"
    PUBLISHED_MODEL = "published model"
    ASSUMPTION = "assumption"

    def __str__(self) -> str:
        return self.value


#: a source must name a DOI or PMID (or say plainly that it is an assumption)
_SOURCE_ID = re.compile(r"(doi[:\s]\s*10\.\d{4,}/\S+|\b10\.\d{4,}/\S+|PMID[:\s]\s*\d+)", re.I)
#: ... and where in it: a table, figure, equation, section or page
_SOURCE_LOC = re.compile(r"\b(table|tab\.|fig|figure|eq|equation|section|sec\.|§|p\.|page|text)",
                         re.I)


def source_is_complete(source: str, evidence: Evidence) -> bool:
    """True when ``source`` cites a DOI/PMID and a place in it (or labels an assumption)."""
    if evidence is Evidence.ASSUMPTION:
        return "assumption" in source.lower() and len(source) > 20
    return bool(_SOURCE_ID.search(source)) and bool(_SOURCE_LOC.search(source))


#: former parameter name -> what became of it. A parameter whose meaning changed is renamed
#: and its former name refused with this text (not read as the new one, which would give the
#: caller's value another meaning); a state or observable renamed with its meaning kept is
#: read, warned, under its former name (:attr:`osteon.model.spec.ModelSpec.renamed`)
RETIRED: dict[str, str] = {
    "dasatinib_V": "it was dasatinib's one-compartment volume V/F (CL/F x t1/2 / ln 2); "
                   "dasatinib now has two compartments, whose central volume Vc/F (about 500 L) "
                   "is dasatinib_Vc and peripheral volume dasatinib_Vp",
    "vitamin_d_slope": "it was the linear steady-state rise of serum 25(OH)D per ug/day of "
                       "cholecalciferol (Heaney 2003); 25(OH)D3 now has Huang 2021's sigmoid "
                       "clearance, so the rise depends on the dose and on the own level: "
                       "vitamin_d_fraction_25ohd, vitamin_d_volume_25ohd, "
                       "vitamin_d_clearance_max, vitamin_d_c50 and vitamin_d_hill",
    "vitamin_d_half_life": "it was the fixed 15.1-day half-life of serum 25(OH)D3; its "
                           "clearance now rises with its level (Huang 2021: "
                           "vitamin_d_clearance_max, vitamin_d_c50, vitamin_d_hill)",
}


def retired(name: str, where: str = "") -> None:
    """Raise :class:`~osteon.errors.UnknownNameError` saying what became of ``name`` where it
    is a former parameter name (:data:`RETIRED`); else nothing."""
    if isinstance(name, str) and name in RETIRED:
        from osteon.errors import UnknownNameError

        loc = f" of {where}" if where else ""
        raise UnknownNameError(f"parameter '{name}'{loc} no longer exists: {RETIRED[name]}")


@dataclass(frozen=True, slots=True)
class Parameter:
    """One model parameter.

    ``bounds`` is the closed domain in which the model is defined (not a prior): a value outside
    it is rejected with an error, never clipped. ``lower_open``/``upper_open`` make an end open.
    ``values``, where given, are the only values the parameter takes (a switch: ``(0.0, 1.0)``,
    whose values between are not defined): any other is rejected as one outside the bounds.
    """

    name: str
    value: float
    unit: str
    description: str
    source: str
    evidence: Evidence = Evidence.PUBLISHED_MODEL
    bounds: tuple[float, float] = (0.0, math.inf)
    lower_open: bool = False
    upper_open: bool = False
    symbol: str = ""
    values: tuple[float, ...] = ()

    def __post_init__(self) -> None:
        if not self.name.isidentifier():
            raise ModelDefinitionError(f"Parameter name must be an identifier; got {self.name!r}")
        check_unit(self.unit)
        if not self.source.strip():
            raise ModelDefinitionError(f"Parameter {self.name!r} has no source")
        lo, hi = self.bounds
        if not lo <= hi:
            raise ModelDefinitionError(f"Parameter {self.name!r}: bounds {self.bounds} invalid")
        self.check(self.value, where="its default")

    def replace(self, **changes) -> Parameter:
        """A copy with ``changes`` applied (validated again)."""
        return replace(self, **changes)

    @property
    def domain(self) -> str:
        """The allowed domain in words, e.g. ``'> 0'``, ``'in [-2, 2]'`` or (a switch)
        ``'0 or 1'``."""
        if self.values:
            *rest, last = (f"{v:g}" for v in self.values)
            return f"{', '.join(rest)} or {last}" if rest else last
        lo, hi = self.bounds
        lo_s = f"{lo:g}"
        hi_s = f"{hi:g}"
        if math.isinf(lo) and math.isinf(hi):
            return "finite"
        if math.isinf(hi):
            return f"{'>' if self.lower_open else '>='} {lo_s}"
        if math.isinf(lo):
            return f"{'<' if self.upper_open else '<='} {hi_s}"
        return f"in {'(' if self.lower_open else '['}{lo_s}, {hi_s}{')' if self.upper_open else ']'}"

    def admits(self, value: float) -> bool:
        """Whether ``value`` is finite and inside the bounds."""
        if not math.isfinite(value):
            return False
        if self.values and value not in self.values:
            return False
        lo, hi = self.bounds
        ok_lo = value > lo if self.lower_open else value >= lo
        ok_hi = value < hi if self.upper_open else value <= hi
        return ok_lo and ok_hi

    def magnitude(self, value: Any, *, where: str = "", model: str = "") -> Any:
        """``value`` in this parameter's unit where it is a pint Quantity, e.g. 2.1 fM/day ->
        0.0021 for a parameter in pM/day: one Quantity (of an array too), or a sequence of them
        (a population's column, pint-pandas's included), converted each; anything else is
        returned unchanged. A Quantity of another dimension raises :class:`InputError` naming
        the parameter, its unit and the Quantity given."""
        m = f" of model '{model}'" if model else ""
        what = f"Parameter '{self.name}'{m}"
        if isinstance(value, list | tuple | np.ndarray) and not is_quantity(value):
            items = np.asarray(value, dtype=object)
            if any(is_quantity(v) for v in items.ravel()):  # not np.asarray(float): that
                # takes 50 percent as 0.5, and fails inside pint for a dimensioned one
                return np.array([magnitude_in(v, self.unit, what=what, where=where)
                                 for v in items.ravel()], dtype=object).reshape(items.shape)
            return value
        return magnitude_in(value, self.unit, what=what, where=where)

    def check(self, value: float, *, where: str = "", model: str = "") -> float:
        """Return ``float(value)`` or raise :class:`InputError` naming the parameter and domain.
        A pint Quantity is converted to the parameter's unit first (:meth:`magnitude`). A bool
        is refused: ``float(True)`` is 1.0, and ``True`` for a real value is almost always a
        mistake; so is text ('0.5'), which ``float`` would read."""
        given = value
        value = self.magnitude(value, where=where, model=model)
        if holds_bool(value):
            v = math.nan
            bad = f"{value!r} (a bool, not a number)"
        elif isinstance(value, str | bytes | np.str_):  # float('0.5') would read it
            v = math.nan
            try:
                float(value)
                bad = f"{value!r} (text, not a number: give the number itself)"
            except ValueError:
                bad = f"{value!r} (not a number)"
        else:
            try:
                v = float(value)
            except (TypeError, ValueError):
                v = math.nan
                bad = f"{value!r} (not a number)"
            else:
                bad = f"{v:g}" + (f" (given as {given})" if given is not value else "")
        if not self.admits(v):
            m = f" of model '{model}'" if model else ""
            w = f" ({where})" if where else ""
            if self.values:  # a switch: no value between its settings is defined
                raise InputError(
                    f"Parameter '{self.name}'{m} is a switch and must be {self.domain} "
                    f"(values between are not defined){w}; got {bad}")
            raise InputError(
                f"Parameter '{self.name}'{m} must be a finite number {self.domain} "
                f"[{self.unit}]{w}; got {bad}"
            )
        return v

    def __repr__(self) -> str:
        return f"Parameter({self.name}={self.value:g} {self.unit}, {self.evidence})"
