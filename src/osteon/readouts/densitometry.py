"""Densitometry: areal BMD (DXA, g/cm²) and T-scores at the three diagnostic sites.

A T-score is the number of young-adult standard deviations a BMD lies from the young-adult mean::

    T = (BMD - mean_young) / sd_young          BMD = mean_young + T * sd_young

The young-adult references (:data:`REFERENCE`), one per site in :data:`SITES`:

- ``femoral_neck`` and ``total_hip``: NHANES III, non-Hispanic white women aged 20-29 (Looker AC,
  Wahner HW, Dunn WL, et al. Updated data on proximal femur bone mineral levels of US adults.
  Osteoporos Int 1998;8(5):468-489, doi:10.1007/s001980050093, PMID 9850356). This is the WHO
  reference standard for the femoral neck (Kanis JA et al., Bone 2008;42:467-475) and the database
  the ISCD recommends for hip T-scores; per ISCD, the same white-female reference is used for men,
  so these functions take no sex argument.
- ``lumbar_spine`` (L1-L4): there is no NHANES III spine reference; clinical T-scores use the
  manufacturer's database. Used here: the Hologic young-adult white-female L1-L4 reference,
  mean 1.047 g/cm², SD 0.110 (the Hologic QDR reference database, Kelly TL, 1990). These two
  numbers could not be verified against a primary text when this module was written and are
  marked as an assumption in :data:`REFERENCE`; a spine T-score is device-specific in any case.

All functions accept a number or an array (any shape) and return a float or an array of the same
shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from osteon.errors import InputError, UnknownNameError, did_you_mean

SITES: tuple[str, ...] = ("lumbar_spine", "total_hip", "femoral_neck")
"""The diagnostic DXA sites, in the order clinicians report them."""

T_SCORE_RANGE: tuple[float, float] = (-10.0, 10.0)
"""T-scores accepted as input; anything outside is a typing or unit mistake."""

T_SCORE_DECIMALS = 10
"""T-scores are rounded to this many decimals: floating-point noise (-2.4999999999999996) must not
move a patient across a diagnostic threshold such as -2.5. The change is far below any precision
of DXA (about 0.01 g/cm²)."""

SITE_ALIASES: dict[str, str] = {
    "lumbar_spine": "lumbar_spine", "ls": "lumbar_spine", "spine": "lumbar_spine",
    "lumbar": "lumbar_spine", "l1_l4": "lumbar_spine", "l1l4": "lumbar_spine",
    "total_hip": "total_hip", "th": "total_hip", "hip": "total_hip", "total_femur": "total_hip",
    "femoral_neck": "femoral_neck", "fn": "femoral_neck", "neck": "femoral_neck",
    "femur_neck": "femoral_neck",
}
"""Accepted spellings of each site (after lower-casing and turning spaces/hyphens into ``_``)."""


@dataclass(frozen=True)
class YoungAdultReference:
    """Young-adult BMD reference at one site: mean and SD in g/cm², with where they come from."""

    site: str
    mean: float  # g/cm²
    sd: float  # g/cm²
    population: str
    source: str
    assumption: bool = False  # True where the numbers could not be checked against the source
    unit: str = "g/cm^2"


_NHANES = ("Looker AC, Wahner HW, Dunn WL, et al. Osteoporos Int 1998;8(5):468-489, "
           "doi:10.1007/s001980050093, PMID 9850356")

REFERENCE: dict[str, YoungAdultReference] = {
    "lumbar_spine": YoungAdultReference(
        site="lumbar_spine", mean=1.047, sd=0.110,
        population="Hologic young-adult reference, white women, L1-L4 (manufacturer database)",
        source=("Hologic QDR reference database (Kelly TL 1990), as used by Hologic densitometers; "
                "ASSUMPTION: mean and SD not verified against a primary publication"),
        assumption=True),
    "total_hip": YoungAdultReference(
        site="total_hip", mean=0.942, sd=0.122,
        population="NHANES III non-Hispanic white women aged 20-29 (total femur ROI)",
        source=_NHANES),
    "femoral_neck": YoungAdultReference(
        site="femoral_neck", mean=0.858, sd=0.120,
        population="NHANES III non-Hispanic white women aged 20-29 (femur neck ROI)",
        source=_NHANES),
}
"""Young-adult reference per site (see the module docstring for sources)."""


def canonical_site(site: Any) -> str:
    """Return the canonical site name for ``site`` (``"fn"`` → ``"femoral_neck"``, ...).

    Raises :class:`UnknownNameError` (with a did-you-mean) for a name that is not a site.
    """
    if not isinstance(site, str):
        raise InputError(f"densitometry site must be a text such as 'femoral_neck'; got {site!r}")
    key = "_".join(site.strip().lower().replace("-", " ").replace("_", " ").split())
    if key in SITE_ALIASES:
        return SITE_ALIASES[key]
    raise UnknownNameError(
        f"unknown densitometry site '{site}'{did_you_mean(key, SITE_ALIASES)}; allowed: "
        f"{', '.join(SITES)} (aliases: ls/spine, th/hip, fn/neck)"
    )


def _as_array(value: Any, field: str, what: str) -> np.ndarray:
    if isinstance(value, str | bytes | bool | np.bool_):
        raise InputError(f"{field} must be {what}; got {value!r}")
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError) as exc:
        raise InputError(f"{field} must be {what}; got {value!r}") from exc
    return arr


def _first_bad(arr: np.ndarray, bad: np.ndarray, value: Any) -> str:
    if arr.ndim == 0:
        return f"{value!r}"
    i = int(np.flatnonzero(bad.ravel())[0])
    return f"{float(arr.ravel()[i])!r} (element {i} of {arr.size})"


def _out(arr: np.ndarray) -> Any:
    return float(arr) if arr.ndim == 0 else arr


def check_bmd(bmd: Any, site: str, *, field: str = "bmd") -> np.ndarray:
    """Validate areal BMD values (finite, > 0 g/cm²); return them as a float array."""
    what = "a finite number > 0 g/cm²"
    arr = _as_array(bmd, f"{field} at {site}", what)
    bad = ~np.isfinite(arr) | (arr <= 0)
    if bad.any():
        raise InputError(f"{field} at {site} must be {what}; got {_first_bad(arr, bad, bmd)}")
    return arr


def check_t_score(t: Any, site: str, *, field: str = "T-score") -> np.ndarray:
    """Validate T-scores (finite, within :data:`T_SCORE_RANGE`); return them as a float array."""
    lo, hi = T_SCORE_RANGE
    what = f"a number between {lo:g} and {hi:g}"
    arr = _as_array(t, f"{field} at {site}", what)
    bad = ~np.isfinite(arr) | (arr < lo) | (arr > hi)
    if bad.any():
        raise InputError(f"{field} at {site} must be {what}; got {_first_bad(arr, bad, t)}")
    return arr


def t_score(bmd: Any, site: str) -> Any:
    """T-score of areal BMD ``bmd`` (g/cm², number or array) at ``site``.

    Rounded to :data:`T_SCORE_DECIMALS` decimals, so that e.g. a femoral-neck BMD of
    0.858 - 2.5 * 0.120 g/cm² gives exactly -2.5.
    """
    ref = REFERENCE[canonical_site(site)]
    arr = check_bmd(bmd, ref.site)
    return _out(np.round((arr - ref.mean) / ref.sd, T_SCORE_DECIMALS))


def bmd_from_t_score(t: Any, site: str) -> Any:
    """Areal BMD (g/cm²) at ``site`` for T-score ``t`` (number or array in [-10, 10])."""
    ref = REFERENCE[canonical_site(site)]
    arr = check_t_score(t, ref.site)
    return _out(ref.mean + arr * ref.sd)


def bmd_range(site: str) -> tuple[float, float]:
    """The BMD interval (g/cm²) matching :data:`T_SCORE_RANGE` at ``site``, clipped to > 0."""
    ref = REFERENCE[canonical_site(site)]
    lo = ref.mean + T_SCORE_RANGE[0] * ref.sd
    return (max(lo, 0.0), ref.mean + T_SCORE_RANGE[1] * ref.sd)

