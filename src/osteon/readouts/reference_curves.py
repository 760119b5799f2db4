"""Age- and sex-matched BMD reference curves (mean and SD by age) for Z-scores.

A Z-score compares a BMD with people of the same age and sex::

    Z = (BMD - mean(site, sex, age)) / sd(site, sex, age)

Each curve is a table of age groups with the group's mean and SD (g/cm²). Between group midpoints
the mean and the SD are interpolated linearly in age (each separately); from the lower edge of the
first group to its midpoint, and from the last midpoint to the upper edge of the last group, they
are held flat at that group's value (a group mean describes its whole group). Ages outside the
groups' span are refused: nothing is extrapolated. An age group written ``a-b`` covers completed
years a..b, i.e. ages ``a <= age < b + 1`` in continuous years; its midpoint is ``(a + b + 1) / 2``.

Data (:data:`REFERENCE_CURVES`)
-------------------------------
The NCHS tables that were meant to feed these curves (Looker AC, Borrud LG, Hughes JP, et al.
Lumbar spine and proximal femur bone mineral density, bone mineral content, and bone area:
United States, 2005-2008. Vital Health Stat 11. 2012;(251); and the NHANES III femur tables of
Looker AC et al. Osteoporos Int 1998;8:468-489, PMID 9850356) could not be opened when this module
was written. The only age-by-sex table with means *and* SDs that could be read is the
"NHANES (reference values)" column of Table 3 of

    Varatharajan M, Abeysundara SP, Jayatilake ML, Abhayaratna S, Hewavithana PB. Sex and age
    specific bone mineral density trends in Sri Lankan adults support the need for normative
    reference data. Front Endocrinol 2026;17:1748490, doi:10.3389/fendo.2026.1748490 (PMC12995607).

It gives the lumbar spine for women and men and the hip for men in six age groups 21-30 .. 71-80.
These numbers are copied as printed (each was checked against the table's own difference column),
but they are a secondary reproduction: the NHANES cycle, race/ethnic group and spine region behind
them are not stated in the part of the paper that could be read, and "hip" is taken to be the total
hip. Every curve is therefore marked ``assumption=True``.

Not available (no sourced table with both means and SDs by age could be read): femoral neck for
women and men, and total hip for women. Table 3 of the Frontiers paper does not report the femoral
neck at all. The readable copy of that table (the PMC table page) breaks off after the women's
21-30 hip row (0.971 ± 0.114 g/cm²), so the women's hip rows for older ages are unread, not absent
from the paper. A second search (pages, code, docs and issues corpora) found only abstracts or
front matter, and no table of femoral neck or women's total hip BMD by age, for these sources:
Looker et al. 1998 (PMID 9850356); Looker et al. 2012 Vital Health Stat 11(251); Looker et al.,
Osteoporos Int 2012, NHANES III vs 2005-2008 femur neck BMD (PMID 21625885); Wang I et al., "Bones
of Inequality", J Clin Med Res 2025;6(3) (athenaeumpub.com); and a 2005-2020 NHANES trends abstract
that gives only rounded total-femur means without SDs. Asking for these curves raises
:class:`InputError`. Add a curve to :data:`REFERENCE_CURVES` once a table with means and SDs by age
has actually been read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from osteon.errors import InputError, UnknownNameError, did_you_mean
from osteon.units import holds_bool

SEXES: tuple[str, ...] = ("female", "male")

SEX_ALIASES: dict[str, str] = {
    "female": "female", "f": "female", "woman": "female", "women": "female",
    "male": "male", "m": "male", "man": "male", "men": "male",
}
"""Accepted spellings of sex (after lower-casing and stripping)."""


def canonical_sex(sex: Any) -> str:
    """Return ``"female"`` or ``"male"`` for ``sex`` (accepts f/m, woman/man, any case)."""
    if not isinstance(sex, str):
        raise InputError(f"sex must be 'female' or 'male' (or f, m, woman, man); got {sex!r}")
    key = sex.strip().lower()
    if key in SEX_ALIASES:
        return SEX_ALIASES[key]
    raise UnknownNameError(
        f"unknown sex '{sex}'{did_you_mean(key, SEX_ALIASES)}; allowed: female, male "
        f"(aliases: f, woman, women / m, man, men)"
    )


@dataclass(frozen=True)
class ReferenceCurve:
    """Mean and SD of areal BMD (g/cm²) by age group, for one site and sex."""

    site: str
    sex: str
    groups: tuple[tuple[int, int], ...]  # completed years (first, last) of each age group
    mean: tuple[float, ...]  # g/cm², one per group
    sd: tuple[float, ...]  # g/cm², one per group
    population: str
    source: str
    assumption: bool = False
    reason: str = ""  # why assumption is True
    unit: str = "g/cm^2"

    def __post_init__(self) -> None:
        n = len(self.groups)
        if n < 2 or len(self.mean) != n or len(self.sd) != n:
            raise ValueError(f"curve {self.site}/{self.sex}: need >= 2 groups with one mean and SD each")
        if any(s <= 0 for s in self.sd) or any(m <= 0 for m in self.mean):
            raise ValueError(f"curve {self.site}/{self.sex}: means and SDs must be > 0")
        edges = [(a, b + 1) for a, b in self.groups]
        if any(lo >= hi for lo, hi in edges) or any(edges[i][1] != edges[i + 1][0] for i in range(n - 1)):
            raise ValueError(f"curve {self.site}/{self.sex}: age groups must be contiguous and ordered")

    @property
    def midpoints(self) -> np.ndarray:
        """Group midpoints in years: ``(first + last + 1) / 2``."""
        return np.array([(a + b + 1) / 2.0 for a, b in self.groups])

    @property
    def age_range(self) -> tuple[float, float]:
        """Ages accepted, ``lo <= age < hi`` in years: the span of the groups."""
        return (float(self.groups[0][0]), float(self.groups[-1][1] + 1))

    def at(self, age: Any) -> tuple[np.ndarray, np.ndarray]:
        """Mean and SD (g/cm²) at ``age`` (years, number or array); see the module docstring."""
        arr = check_age(age, self)
        mid = self.midpoints
        return np.interp(arr, mid, self.mean), np.interp(arr, mid, self.sd)


def check_age(age: Any, curve: ReferenceCurve, *, field: str = "age") -> np.ndarray:
    """Validate ages (years) against the span of ``curve``; return them as a float array."""
    lo, hi = curve.age_range
    what = f"a number of years with {lo:g} <= age < {hi:g} (the age groups of the {curve.site} " \
           f"{curve.sex} reference curve)"
    where = f"{field} for the {curve.site} Z-score"
    if isinstance(age, str | bytes) or holds_bool(age):  # NumPy reads True as 1.0
        raise InputError(f"{where} must be {what}; got {age!r}")
    try:
        arr = np.asarray(age, dtype=float)
    except (TypeError, ValueError) as exc:
        raise InputError(f"{where} must be {what}; got {age!r}") from exc
    bad = ~np.isfinite(arr) | (arr < lo) | (arr >= hi)
    if bad.any():
        i = int(np.flatnonzero(bad.ravel())[0])
        got = f"{age!r}" if arr.ndim == 0 else f"{float(arr.ravel()[i])!r} (element {i} of {arr.size})"
        raise InputError(f"{where} must be {what}; got {got}")
    return arr


_FRONTIERS_2026 = ("Varatharajan M, Abeysundara SP, Jayatilake ML, Abhayaratna S, Hewavithana PB. "
                   "Front Endocrinol 2026;17:1748490, doi:10.3389/fendo.2026.1748490 (PMC12995607), "
                   "Table 3, column 'NHANES (reference values)', Mean (SD) g/cm2")
_SECONDARY = ("secondary reproduction of NHANES reference values: the survey cycle, race/ethnic group "
              "and DXA region behind them are not stated in the readable part of the source, and the "
              "primary NCHS tables (Looker et al. 2012, Vital Health Stat 11(251)) could not be opened")
_DECADES: tuple[tuple[int, int], ...] = ((21, 30), (31, 40), (41, 50), (51, 60), (61, 70), (71, 80))

REFERENCE_CURVES: dict[tuple[str, str], ReferenceCurve] = {
    ("lumbar_spine", "female"): ReferenceCurve(
        site="lumbar_spine", sex="female", groups=_DECADES,
        mean=(1.064, 1.065, 1.056, 0.993, 0.952, 0.902),
        sd=(0.106, 0.110, 0.134, 0.141, 0.142, 0.167),
        population="US women, NHANES (as reproduced by the source)", source=_FRONTIERS_2026,
        assumption=True, reason=_SECONDARY),
    ("lumbar_spine", "male"): ReferenceCurve(
        site="lumbar_spine", sex="male", groups=_DECADES,
        mean=(1.057, 1.042, 1.051, 1.053, 1.070, 1.068),
        sd=(0.110, 0.117, 0.129, 0.143, 0.142, 0.177),
        population="US men, NHANES (as reproduced by the source)", source=_FRONTIERS_2026,
        assumption=True, reason=_SECONDARY),
    ("total_hip", "male"): ReferenceCurve(
        site="total_hip", sex="male", groups=_DECADES,
        mean=(1.067, 1.029, 1.040, 1.015, 0.997, 0.961),
        sd=(0.120, 0.134, 0.130, 0.142, 0.137, 0.143),
        population="US men, NHANES (as reproduced by the source)", source=_FRONTIERS_2026,
        assumption=True, reason=_SECONDARY + "; the source's 'hip' is taken to be the total hip"),
}
"""Reference curves by (canonical site, sex); see the module docstring for what is missing and why."""


def reference_curve(site: str, sex: Any) -> ReferenceCurve:
    """The curve for canonical ``site`` and ``sex``; :class:`InputError` where none is sourced."""
    sx = canonical_sex(sex)
    curve = REFERENCE_CURVES.get((site, sx))
    if curve is None:
        have = ", ".join(f"{s} ({x})" for s, x in REFERENCE_CURVES)
        raise InputError(
            f"no sourced age/sex reference curve for site '{site}', sex '{sx}': Z-scores cannot be "
            f"computed there (see osteon.readouts.reference_curves); available: {have}"
        )
    return curve
