"""Bone turnover markers in serum: method-specific reference intervals and change from baseline.

Markers (all in ng/mL, which equals µg/L):

- ``P1NP``: procollagen type I N-terminal propeptide (formation);
- ``CTX``: C-terminal telopeptide of type I collagen, beta-isomerised (resorption);
- ``BSAP``: bone-specific alkaline phosphatase, measured as mass concentration (formation).

Marker concentrations differ between assays, so every interval belongs to one assay
(:data:`ASSAYS`). Each is the central 95 % of a healthy reference population (2.5th-97.5th
percentiles):

- ``IDS-iSYS`` (Immunodiagnostic Systems iSYS automated analyser): Michelsen J, Wallaschofski H,
  Friedrich N, et al. Reference intervals for serum concentrations of three bone turnover markers
  for men and women. Bone 2013;57:399-404, PMID 24076251 (Study of Health in Pomerania;
  abstract). Premenopausal women aged 30-54 (n = 382): P1NP 19.3-76.3, BSAP 6.0-22.7,
  CTX 0.05-0.67 ng/mL. Postmenopausal women aged 50-79 (n = 450): P1NP 18.2-102.3,
  BSAP 8.1-31.6, CTX 0.09-1.05 ng/mL. Men aged 25-79 (n = 1107): the intervals of P1NP and CTX
  fall with age (quantile regression) and the abstract gives two age bands: CTX 0.12-0.83 ng/mL
  at 25-29 years, 0.05-0.58 ng/mL at 75-79 (:data:`MEN_CTX_BANDS`, read by
  :func:`men_ctx_interval`; the marker statuses still read the premenopausal interval).
- ``Roche Elecsys`` (Elecsys 2010: serum beta-CrossLaps, total P1NP) and ``Beckman Access Ostase``
  (Ostase BAP on the Access immunoassay system): "Reference intervals of bone turnover markers in
  healthy premenopausal women: results from a cross-sectional European study", Bone 2012,
  doi:10.1016/j.bone.2012.02.003, PMID 22348982 (abstract; 194 women aged 35-39 from France and
  Denmark): CTX 0.111-0.791, P1NP 17.3-83.4 (Elecsys), BSAP 5.8-17.5 ng/mL (Access Ostase).
  No postmenopausal interval is given there.

Status against an interval: ``value < low`` → "below", ``value > high`` → "above", otherwise
"inside" (both edges count as inside). Change from baseline::

    change_percent = 100 * (value - baseline) / baseline
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from osteon.errors import InputError, UnknownNameError, did_you_mean
from osteon.units import as_float, holds_bool, is_real

UNIT = "ng/mL"
"""Unit of every marker here (ng/mL = µg/L)."""

MARKERS: tuple[str, ...] = ("P1NP", "CTX", "BSAP")

MARKER_ALIASES: dict[str, str] = {
    "p1np": "P1NP", "pinp": "P1NP", "total_p1np": "P1NP", "total_pinp": "P1NP", "intact_pinp": "P1NP",
    "ctx": "CTX", "s_ctx": "CTX", "ctx_i": "CTX", "beta_ctx": "CTX", "β_ctx": "CTX", "crosslaps": "CTX",
    "beta_crosslaps": "CTX",
    "bsap": "BSAP", "bap": "BSAP", "balp": "BSAP", "bone_alp": "BSAP", "ostase": "BSAP",
}
REFERENCES: tuple[str, ...] = ("premenopausal", "postmenopausal")
REFERENCE_ALIASES: dict[str, str] = {
    "premenopausal": "premenopausal", "pre": "premenopausal", "premenopause": "premenopausal",
    "postmenopausal": "postmenopausal", "post": "postmenopausal", "postmenopause": "postmenopausal",
}


@dataclass(frozen=True)
class ReferenceInterval:
    """A central-95 % reference interval of one marker on one assay in one population."""

    low: float  # ng/mL
    high: float  # ng/mL
    population: str
    source: str
    unit: str = UNIT


@dataclass(frozen=True)
class Assay:
    """A marker assay platform and the intervals published for it, by marker then reference."""

    name: str
    description: str
    intervals: dict[str, dict[str, ReferenceInterval]]


_MK1 = ("Michelsen J, Wallaschofski H, Friedrich N, et al. Bone 2013;57:399-404, PMID 24076251 (abstract), "
        "central 95 %")
_MK2 = ("Reference intervals of bone turnover markers in healthy premenopausal women: results from a "
        "cross-sectional European study. Bone 2012, doi:10.1016/j.bone.2012.02.003, PMID 22348982 "
        "(abstract)")
_SHIP_PRE = "Study of Health in Pomerania, premenopausal women aged 30-54 (n = 382)"
_SHIP_POST = "Study of Health in Pomerania, postmenopausal women aged 50-79 (n = 450)"
_EU_PRE = "European Caucasian premenopausal women aged 35-39, France and Denmark (n = 194)"

ASSAYS: dict[str, Assay] = {
    "IDS-iSYS": Assay("IDS-iSYS", "Immunodiagnostic Systems iSYS analyser (intact P1NP, CTX, BAP)", {
        "P1NP": {"premenopausal": ReferenceInterval(19.3, 76.3, _SHIP_PRE, _MK1),
                 "postmenopausal": ReferenceInterval(18.2, 102.3, _SHIP_POST, _MK1)},
        "CTX": {"premenopausal": ReferenceInterval(0.05, 0.67, _SHIP_PRE, _MK1),
                "postmenopausal": ReferenceInterval(0.09, 1.05, _SHIP_POST, _MK1)},
        "BSAP": {"premenopausal": ReferenceInterval(6.0, 22.7, _SHIP_PRE, _MK1),
                 "postmenopausal": ReferenceInterval(8.1, 31.6, _SHIP_POST, _MK1)},
    }),
    "Roche Elecsys": Assay("Roche Elecsys", "Roche Elecsys 2010 (serum beta-CrossLaps, total P1NP)", {
        "CTX": {"premenopausal": ReferenceInterval(0.111, 0.791, _EU_PRE, _MK2)},
        "P1NP": {"premenopausal": ReferenceInterval(17.3, 83.4, _EU_PRE, _MK2)},
    }),
    "Beckman Access Ostase": Assay("Beckman Access Ostase", "Ostase BAP on the Access immunoassay system", {
        "BSAP": {"premenopausal": ReferenceInterval(5.8, 17.5, _EU_PRE, _MK2)},
    }),
}
"""Assays by name, with their reference intervals (see the module docstring for sources)."""

ASSAY_ALIASES: dict[str, str] = {
    "ids_isys": "IDS-iSYS", "ids": "IDS-iSYS", "isys": "IDS-iSYS",
    "roche_elecsys": "Roche Elecsys", "roche": "Roche Elecsys", "elecsys": "Roche Elecsys",
    "beckman_access_ostase": "Beckman Access Ostase", "access_ostase": "Beckman Access Ostase",
    "beckman": "Beckman Access Ostase", "access": "Beckman Access Ostase",
}


def _key(text: str) -> str:
    return "_".join(text.strip().lower().replace("-", " ").replace("_", " ").split())


def _lookup(kind: str, value: Any, aliases: dict[str, str], allowed: tuple[str, ...] | list[str]) -> str:
    if not isinstance(value, str):
        raise InputError(f"{kind} must be a text, one of {', '.join(allowed)}; got {value!r}")
    key = _key(value)
    if key in aliases:
        return aliases[key]
    raise UnknownNameError(f"unknown {kind} '{value}'{did_you_mean(key, aliases)}; "
                           f"allowed: {', '.join(allowed)}")


_SHIP_MEN = "Study of Health in Pomerania, men aged {} (of 1107 men aged 25-79)"

MEN_CTX_BANDS: tuple[tuple[tuple[int, int], ReferenceInterval], ...] = (
    ((25, 29), ReferenceInterval(0.12, 0.83, _SHIP_MEN.format("25-29"), _MK1)),
    ((75, 79), ReferenceInterval(0.05, 0.58, _SHIP_MEN.format("75-79"), _MK1)),
)
"""Serum CTX central-95 % intervals (ng/mL, IDS-iSYS) of men, by age band in whole years:
the two bands the abstract of Michelsen 2013 (PMID 24076251, Results) prints, from its
age-specific intervals for 1107 men of the Study of Health in Pomerania fitted by quantile
regression ("Reference intervals for men for PINP and CTX decreased with age"). The paper's
intervals for the ages in between (its full text) were not found; a thesis on the same data
(Michelsen J, Referenzwerte für drei Parameter des Knochenstoffwechsels bei Frauen und Männern,
Universität Greifswald 2016, urn:nbn:de:gbv:9-002643-9, abstract) gives CTX 0.12-0.82 ng/mL at
25 years falling to 0.05-0.61 at 79, the same course. The ages between the bands are ASSUMED
(:func:`men_ctx_interval`)."""


def men_ctx_interval(age: Any) -> tuple[Any, Any]:
    """(low, high), ng/mL on the IDS-iSYS, of the central-95 % serum CTX interval of men at
    ``age`` (years): each limit of :data:`MEN_CTX_BANDS` placed at its band's middle (27.5 and
    77.5 years, whole years 25-29 and 75-79) and interpolated linearly in age between them.

    ASSUMPTIONS: (1) between the bands each limit is linear in age, the form of a quantile
    regression on age, the method the paper names (the form it fitted is not in the abstract;
    interpolating ln of each limit instead puts the geometric centre at 70 years 3 % lower,
    0.187 against 0.193 ng/mL); (2) outside the bands the nearest band holds (the men studied
    were 25-79; a projection runs to 100). Returns floats for a scalar ``age``, else arrays."""
    x = np.asarray(age, dtype=float) if not isinstance(age, str | bytes | bool) else None
    if x is None or not np.all(np.isfinite(x)):
        raise InputError(f"age must be a finite number of years (or an array of them); got "
                         f"{age!r}")
    mids = [0.5 * (lo + hi + 1) for (lo, hi), _ in MEN_CTX_BANDS]
    low = np.interp(x, mids, [ri.low for _, ri in MEN_CTX_BANDS])
    high = np.interp(x, mids, [ri.high for _, ri in MEN_CTX_BANDS])
    if low.ndim == 0:
        return float(low), float(high)
    return low, high


def canonical_marker(marker: Any) -> str:
    """"P1NP", "CTX" or "BSAP" for ``marker`` (accepts PINP, beta-CTX, BAP, bone ALP, ...)."""
    return _lookup("marker", marker, MARKER_ALIASES, MARKERS)


def unit_on_scale(unit: str, assay: str) -> str:
    """How a column's unit names the assay scale it is on, as summary.json, the long table,
    ``Result.units`` and ``to_xarray()`` all write it: ``"ng/mL (Roche Elecsys scale)"``
    (``unit`` as it is where it names that scale already). The part before the parenthesis is
    the unit pint reads."""
    suffix = f" ({assay} scale)"
    return unit if unit.endswith(suffix) else f"{unit}{suffix}"


def canonical_assay(assay: Any) -> str:
    """The :data:`ASSAYS` key for ``assay`` (accepts e.g. "ids", "roche", "access ostase")."""
    return _lookup("assay", assay, ASSAY_ALIASES, list(ASSAYS))


def reference_interval(marker: str, assay: str = "IDS-iSYS",
                       reference: str = "premenopausal") -> ReferenceInterval:
    """The interval of ``marker`` on ``assay`` for ``reference`` ("premenopausal"/"postmenopausal")."""
    m = canonical_marker(marker)
    a = canonical_assay(assay)
    r = _lookup("reference population", reference, REFERENCE_ALIASES, REFERENCES)
    by_ref = ASSAYS[a].intervals.get(m)
    if by_ref is None:
        raise UnknownNameError(f"assay '{a}' has no interval for marker '{m}'; it has: "
                               f"{', '.join(ASSAYS[a].intervals)}")
    if r not in by_ref:
        raise UnknownNameError(f"assay '{a}' has no {r} interval for marker '{m}'; "
                               f"it has: {', '.join(by_ref)}")
    return by_ref[r]


def premenopausal_centre(marker: str, assay: str = "IDS-iSYS") -> float:
    """Geometric centre, sqrt(low x high) in ng/mL, of ``marker``'s premenopausal interval on
    ``assay``: the value a premenopausal woman of average (log-scale) turnover reads there."""
    ri = reference_interval(marker, assay, "premenopausal")
    return float(np.sqrt(ri.low * ri.high))


def on_assay(ratio_to_young: Any, marker: str, assay: str = "IDS-iSYS") -> Any:
    """A marker given as its ratio to the premenopausal (young adult) level, put on ``assay``'s
    scale: ``ratio x`` :func:`premenopausal_centre`. ASSUMPTION: the ratio to the premenopausal
    level does not depend on the assay (assays differ in calibration, not in what they track)."""
    r = _concentrations(ratio_to_young, f"{canonical_marker(marker)} ratio to the young adult")
    out = r * premenopausal_centre(marker, assay)
    return float(out) if out.ndim == 0 else out


def _concentrations(value: Any, field: str, *, positive: bool = False) -> np.ndarray:
    what = f"a finite number {'> 0' if positive else '>= 0'} {UNIT}"
    if isinstance(value, str | bytes) or holds_bool(value):  # NumPy reads True as 1.0
        raise InputError(f"{field} must be {what}; got {value!r}")
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError) as exc:
        raise InputError(f"{field} must be {what}; got {value!r}") from exc
    bad = ~np.isfinite(arr) | ((arr <= 0) if positive else (arr < 0))
    if bad.any():
        i = int(np.flatnonzero(bad.ravel())[0])
        got = f"{value!r}" if arr.ndim == 0 else f"{float(arr.ravel()[i])!r} (element {i} of {arr.size})"
        raise InputError(f"{field} must be {what}; got {got}")
    return arr


SERUM_CTX_MAX = 10.0
"""Largest serum CTX (ng/mL, any assay here) accepted as a measured value (``osteon assess --ctx``).

ASSUMPTION (a plausibility bound, not a published limit), with its basis:

- adult central-95 % intervals end near 1 ng/mL: 1.05 ng/mL in postmenopausal women on the
  IDS-iSYS (Michelsen 2013, PMID 24076251, above); on the Roche Elecsys the age bands of adults
  aged 18 and over end at 0.635-1.060 ng/mL, and the highest band of any age, boys aged 10-15 in
  the growth spurt, at 2.457 ng/mL (:data:`CTX_PG_PER_ML_EXAMPLE`);
- high-turnover disease (hyperparathyroidism, Paget's disease, renal failure, where CTX is also
  cleared less) raises CTX above those intervals, so the bound is set well above them: about
  ten times the adults' upper reference limit, four times the growth-spurt one;
- the mistake it catches: laboratories that report CTX in pg/mL (= ng/L) give an adult's value
  as 25 to about 1,000 (the intervals of :data:`CTX_PG_PER_ML_EXAMPLE`), every one of them
  above 10. A value above the bound is refused with that reading, not clipped.
"""

CTX_PG_PER_ML_EXAMPLE = (
    "Mayo Clinic Laboratories, test ID CTX 'Beta-CrossLaps, Serum' (Roche electrochemiluminescence "
    "immunoassay), reference values in pg/mL, as reproduced in the test catalogs of laboratories "
    "that refer to it (e.g. nchlab.testcatalog.org/show/CTX): women 18-29 y 148-967, 50-59 y "
    "183-1060, premenopausal 136-689, postmenopausal 177-1015; men 18-29 y 238-1019; boys 10-15 y "
    "447-2457 pg/mL (an older edition: premenopausal 25-573, postmenopausal 104-1,008 pg/mL). "
    "Secondary reproduction of a laboratory's own intervals, not a publication."
)
"""Where the pg/mL reporting and the adult and childhood CTX intervals quoted above come from."""


def check_serum_ctx(value: Any, *, field: str = "ctx", assay: str = "IDS-iSYS") -> float:
    """A measured serum CTX (one number, ng/mL on ``assay``) checked against its domain,
    ``0 < ctx <= SERUM_CTX_MAX``; returned as a float. A value above the domain that would fit
    it read as pg/mL is refused with that reading (see :data:`SERUM_CTX_MAX`)."""
    domain = (f"serum CTX in {UNIT}, > 0 and <= {SERUM_CTX_MAX:g} {UNIT} (adult reference "
              f"intervals end near 1 {UNIT})")
    if not is_real(value):  # np.isscalar refused a Decimal; a bool is no CTX
        raise InputError(f"{field} must be one number, a {domain}; got {value!r}")
    x = as_float(value)
    if not np.isfinite(x) or x <= 0:
        raise InputError(f"{field} must be a {domain}; got {value!r}")
    if x > SERUM_CTX_MAX:
        if x / 1000.0 <= SERUM_CTX_MAX:
            hint = (f": {x:g} looks like pg/mL (= ng/L), the unit some laboratories report; "
                    f"{x:g} pg/mL is {x / 1000.0:.4g} {UNIT}, so give {field}={x / 1000.0:.4g} "
                    f"(a urine CTX, per mmol creatinine, is not read here)")
        else:
            hint = (f": far above a serum CTX in {UNIT} or in pg/mL; check the unit and that "
                    f"it is a serum (not urine) CTX")
        raise InputError(f"{field} must be a {domain} on {canonical_assay(assay)}; got "
                         f"{value!r}{hint}")
    return x


def marker_status(value: Any, marker: str, assay: str = "IDS-iSYS", reference: str = "premenopausal") -> Any:
    """"below", "inside" or "above" the reference interval (edges are inside).

    ``value`` (ng/mL) is a number (returns a str) or an array (returns a numpy array of str, dtype
    object, same shape).
    """
    ri = reference_interval(marker, assay, reference)
    arr = _concentrations(value, f"{canonical_marker(marker)} concentration")
    labels = np.where(arr < ri.low, "below", np.where(arr > ri.high, "above", "inside")).astype(object)
    return str(labels) if labels.ndim == 0 else labels


def percent_change(value: Any, baseline: Any) -> Any:
    """Change from ``baseline`` in percent: ``100 * (value - baseline) / baseline``.

    ``value`` >= 0 and ``baseline`` > 0 (same unit); numbers or arrays that broadcast.
    """
    v = _concentrations(value, "value")
    b = _concentrations(baseline, "baseline", positive=True)
    try:
        out = 100.0 * (v - b) / b
    except ValueError as exc:
        raise InputError(f"value (shape {v.shape}) and baseline (shape {b.shape}) must broadcast") from exc
    return float(out) if out.ndim == 0 else out


@dataclass(frozen=True)
class MarkerReading:
    """One marker result read against its assay's interval, with the change from baseline."""

    marker: str
    assay: str
    reference: str
    value: Any  # ng/mL
    unit: str
    interval: tuple[float, float]  # ng/mL
    status: Any  # "below" / "inside" / "above"
    change_percent: Any  # None without a baseline
    source: str


def read_marker(value: Any, marker: str, assay: str = "IDS-iSYS", baseline: Any = None,
                reference: str = "premenopausal") -> MarkerReading:
    """Read a marker result: its interval, status and (with ``baseline``) percent change."""
    ri = reference_interval(marker, assay, reference)
    status = marker_status(value, marker, assay, reference)
    change = None if baseline is None else percent_change(value, baseline)
    arr = np.asarray(value, dtype=float)
    return MarkerReading(marker=canonical_marker(marker), assay=canonical_assay(assay),
                         reference=REFERENCE_ALIASES[_key(reference)],
                         value=float(arr) if arr.ndim == 0 else arr, unit=UNIT,
                         interval=(ri.low, ri.high), status=status, change_percent=change, source=ri.source)
