"""Densitometric diagnosis: the WHO classes of a T-score, and the ISCD rule for which score to use.

WHO classification of a T-score (WHO Study Group. Assessment of fracture risk and its application
to screening for postmenopausal osteoporosis. World Health Organ Tech Rep Ser 1994;843:1-129)::

    T >= -1.0                           normal
    -2.5 < T < -1.0                     osteopenia (low bone mass)
    T <= -2.5                           osteoporosis
    T <= -2.5 and a fragility fracture  severe (established) osteoporosis

Boundaries are exact: T = -1.0 is normal and T = -2.5 is osteoporosis. A score is classed as it
is reported, to one decimal (:data:`SCORE_REPORT_DECIMALS`, the ISCD convention for DXA reports),
so that round-off (-2.4999999999 from a T-score taken to BMD and back, or a start fitted to two
sites) cannot move a patient across a threshold, and the T-score osteon prints (one decimal)
and the class it prints beside it never disagree: -2.46 is reported -2.5, osteoporosis.
One function, :func:`report_score`, makes the reported score, for the classes and for every
score osteon prints (:func:`format_score`): one decimal, a tie (in decimal, once float noise
below :data:`SCORE_TIE_DECIMALS` decimals is gone) going away from zero, so -2.45 is -2.5,
-1.05 is -1.1 and -0.95 is -1.0 whatever their binary forms.

Which score applies (ISCD Official Positions: "Application of the 1994 WHO classification to
populations other than postmenopausal Caucasian women: the 2005 ISCD Official Positions",
J Clin Densitom 2006;9:22-30, doi:10.1016/j.jocd.2006.05.004, PMID 16731428; retained in the 2013
positions, Schousboe JT, Shepherd JA, Bilezikian JP, Baim S. J Clin Densitom 2013;16:455-466,
doi:10.1016/j.jocd.2013.08.004):

- postmenopausal women and men aged 50 and over: T-scores, WHO classes;
- premenopausal women and men under 50: Z-scores, where Z <= -2.0 is "below the expected range for
  age" and Z > -2.0 "within the expected range for age".

The ISCD adult positions apply from age 20 (under 20 the pediatric positions apply; ISCD 2003
positions, J Clin Densitom 2004;7:17-26, PMID 14742884), so ages below 20 are refused.

Overall diagnosis: the lowest score among the lumbar spine, total hip and femoral neck measured
(ISCD Official Positions).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from typing import Any

import numpy as np

from osteon.errors import InputError
from osteon.readouts import densitometry as dxa
from osteon.readouts.reference_curves import canonical_sex
from osteon.units import as_float, holds_bool, is_real

WHO_NORMAL_MIN = -1.0
"""T-score at or above which BMD is normal (WHO TRS 843, 1994)."""
WHO_OSTEOPOROSIS_MAX = -2.5
"""T-score at or below which BMD is in the osteoporosis range (WHO TRS 843, 1994)."""
ISCD_Z_LOW = -2.0
"""Z-score at or below which BMD is "below the expected range for age" (ISCD 2005/2013)."""
ISCD_T_SCORE_MIN_AGE_MEN = 50.0
"""Age (years) from which men are classified by T-score (ISCD 2005/2013)."""
ISCD_ADULT_MIN_AGE = 20.0
"""Youngest age (years) the ISCD adult positions cover (ISCD 2003, PMID 14742884)."""

SCORE_REPORT_DECIMALS = 1
"""Decimals a T- or Z-score is reported to, and classified at. ISCD Official Positions,
"Nomenclature and Decimal Digits in DXA Reporting": T-scores and Z-scores to one decimal digit
(e.g. -2.3), BMD to three (2007 positions: Baim S et al., J Clin Densitom 2008;11:75-91,
doi:10.1016/j.jocd.2007.12.007, PMID 18442754; kept in the 2013 and 2019 adult positions).
ASSUMPTION (labelled: the position was recalled, its text not read here): the WHO thresholds and
the ISCD Z threshold are applied to the score as reported, as a clinician applies them to the
report's T-score, so a computed -2.46 (reported -2.5) is osteoporosis and -1.04 (reported -1.0)
is normal. The classes' boundaries stay exact on the reported score."""

SCORE_TIE_DECIMALS = 9
"""Decimals to which a score is taken as exact before it is rounded to the reported decimal:
below 1e-9 a difference is float noise (a T-score taken to BMD and back, the scaled rounding of
:data:`densitometry.T_SCORE_DECIMALS`), far below any precision of DXA, so a score within it of
a tie (-2.45, -1.05) is that tie, whichever side of it its binary form falls."""

SCORE_TIE_RULE = "away from zero"
"""How a tie is reported (:func:`report_score`): -2.45 is -2.5, +0.05 is +0.1.
ASSUMPTION (labelled: what DXA software does at a tie is not documented to us, and the ISCD
positions give the decimals, not the tie rule): away from zero, because it is symmetric (-x is
reported as minus what x is) and it puts each tie at a WHO or ISCD threshold on the side of the
threshold (-2.45 osteoporosis, -1.05 osteopenia, Z -1.95 below the expected range), where the
class edges the figures draw (-2.45, -1.05, -1.95) already put it. Python's ``round`` and
``format`` read the float's binary value instead (-2.45 is -2.5 there but -2.15 is -2.1,
-2.25 -2.2 and -0.95 -0.9): no rule a report could state."""

_QUANTUM = Decimal(1).scaleb(-SCORE_REPORT_DECIMALS)
_NOISE = Decimal(1).scaleb(-SCORE_TIE_DECIMALS)


def report_score(score: float) -> float:
    """A T- or Z-score as reported: to :data:`SCORE_REPORT_DECIMALS` (one) decimal, first taken
    to :data:`SCORE_TIE_DECIMALS` decimals (float noise off), a tie then going away from zero
    (:data:`SCORE_TIE_RULE`): -2.45 is -2.5, -2.15 is -2.2, -0.95 is -1.0, +0.05 is +0.1,
    -2.4999999 is -2.5, -1.04 is -1.0. The one rule behind every class (:func:`who_class`,
    :func:`z_class`) and every printed score (:func:`format_score`). A zero is +0.0 (-0.04 is
    0.0, not -0.0). Not validated (:func:`reported` is); a non-finite score is returned as is."""
    x = float(score)
    if not math.isfinite(x):
        return x
    exact = Decimal(x).quantize(_NOISE, rounding=ROUND_HALF_EVEN)  # Decimal(x): the exact binary value
    return float(exact.quantize(_QUANTUM, rounding=ROUND_HALF_UP)) + 0.0  # HALF_UP: away from zero


def format_score(score: float) -> str:
    """A T- or Z-score as osteon prints it, signed: :func:`report_score`'s digits ("-2.5",
    "+0.1"), so the digit printed is the one the class reads."""
    return f"{report_score(score):+.{SCORE_REPORT_DECIMALS}f}"


_HALF_REPORTED = 0.5 * 10.0 ** -SCORE_REPORT_DECIMALS
# Where the class changes on the computed score, a consequence of classing the reported one
# (SCORE_REPORT_DECIMALS): half a reported decimal beyond each threshold. The figures draw the
# bands at these edges, so a line crosses an edge where its class changes. The edge value itself
# is a tie, reported away from zero (SCORE_TIE_RULE), so it takes the class of the threshold it
# is half a decimal from: -1.05 osteopenia, -2.45 osteoporosis, Z -1.95 below the range.
WHO_NORMAL_EDGE = round(WHO_NORMAL_MIN - _HALF_REPORTED, SCORE_REPORT_DECIMALS + 1)
"""Computed T-score above which the class is normal: -1.05 (-1.04 is reported -1.0; -1.05
itself is reported -1.1, osteopenia)."""
WHO_OSTEOPOROSIS_EDGE = round(WHO_OSTEOPOROSIS_MAX + _HALF_REPORTED, SCORE_REPORT_DECIMALS + 1)
"""Computed T-score at or below which the class is osteoporosis: -2.45 (reported -2.5; -2.46
too)."""
ISCD_Z_EDGE = round(ISCD_Z_LOW + _HALF_REPORTED, SCORE_REPORT_DECIMALS + 1)
"""Computed Z-score at or below which it is below the expected range: -1.95 (reported -2.0;
-1.96 too)."""

NORMAL, OSTEOPENIA, OSTEOPOROSIS, SEVERE = "normal", "osteopenia", "osteoporosis", "severe osteoporosis"
BELOW_EXPECTED = "below the expected range for age"
WITHIN_EXPECTED = "within the expected range for age"


def _rounded(score: Any, field: str) -> np.ndarray:
    """Validate scores (finite, within T_SCORE_RANGE) and round them to T_SCORE_DECIMALS."""
    return np.round(_checked(score, field), dxa.T_SCORE_DECIMALS)


def _checked(score: Any, field: str) -> np.ndarray:
    """Validate scores (finite, within T_SCORE_RANGE); return them as a float array."""
    lo, hi = dxa.T_SCORE_RANGE
    what = f"a number between {lo:g} and {hi:g}"
    if isinstance(score, str | bytes) or holds_bool(score):  # NumPy reads True as 1.0
        raise InputError(f"{field} must be {what}; got {score!r}")
    try:
        arr = np.asarray(score, dtype=float)
    except (TypeError, ValueError) as exc:
        raise InputError(f"{field} must be {what}; got {score!r}") from exc
    bad = ~np.isfinite(arr) | (arr < lo) | (arr > hi)
    if bad.any():
        i = int(np.flatnonzero(bad.ravel())[0])
        got = f"{score!r}" if arr.ndim == 0 else f"{float(arr.ravel()[i])!r} (element {i} of {arr.size})"
        raise InputError(f"{field} must be {what}; got {got}")
    return arr


def reported(score: Any, field: str = "T-score") -> np.ndarray:
    """Score(s) as reported and classed (:func:`report_score`, element by element), validated
    (finite, within :data:`densitometry.T_SCORE_RANGE`): the class always goes with the score
    printed (:func:`format_score`)."""
    arr = _checked(score, field)
    # numpy's rounding (scale by ten, round to the integer, divide) gives report_score's value
    # everywhere but near a tie, where the scaled value's round-off can pick the other side:
    # there (a millionth of a reported decimal, far wider than the noise report_score removes)
    # report_score decides. The same values, and an array of a long run classed fast.
    flat = arr.ravel()
    out = np.round(flat, SCORE_REPORT_DECIMALS) + 0.0  # + 0.0: -0.0 is 0.0, as report_score
    scaled = flat * 10.0 ** SCORE_REPORT_DECIMALS
    near = np.abs(scaled - np.floor(scaled) - 0.5) < 1e-6
    if near.any():
        out[near] = [report_score(v) for v in flat[near].tolist()]
    return out.reshape(arr.shape)


def _as_bool(value: Any, field: str) -> bool:
    if isinstance(value, bool | np.bool_):
        return bool(value)
    raise InputError(f"{field} must be True or False; got {value!r}")


def _text_out(labels: np.ndarray) -> Any:
    return str(labels) if labels.ndim == 0 else labels


def who_class(t_score: Any, *, fragility_fracture: bool = False) -> Any:
    """WHO class of T-score(s): "normal", "osteopenia", "osteoporosis" or "severe osteoporosis".

    ``t_score`` is a number (returns a str) or an array (returns a numpy array of str, dtype
    object, same shape). ``fragility_fracture=True`` turns osteoporosis into severe osteoporosis.
    The class is that of the T-score as reported, to one decimal (:func:`report_score`): -2.46,
    -2.45 and -2.4999999 are -2.5, osteoporosis; -1.04 is -1.0, normal; -1.05 is -1.1, osteopenia.
    """
    t = reported(t_score, "T-score")
    fracture = _as_bool(fragility_fracture, "fragility_fracture")
    low = SEVERE if fracture else OSTEOPOROSIS
    labels = np.where(t >= WHO_NORMAL_MIN, NORMAL, np.where(t <= WHO_OSTEOPOROSIS_MAX, low, OSTEOPENIA))
    return _text_out(labels.astype(object))


def z_class(z_score: Any) -> Any:
    """ISCD class of Z-score(s): "below the expected range for age" (Z <= -2.0) or "within ...",
    of the Z-score as reported, to one decimal (:func:`report_score`): -1.96 and -1.95 are -2.0,
    below."""
    z = reported(z_score, "Z-score")
    labels = np.where(z <= ISCD_Z_LOW, BELOW_EXPECTED, WITHIN_EXPECTED)
    return _text_out(labels.astype(object))


def _check_age(age: Any) -> float:
    if not is_real(age):  # a Decimal is a number; a bool is not
        raise InputError(f"age must be a number of years >= {ISCD_ADULT_MIN_AGE:g}; got {age!r}")
    a = as_float(age)
    if not np.isfinite(a) or a < ISCD_ADULT_MIN_AGE:
        raise InputError(f"age must be a finite number of years >= {ISCD_ADULT_MIN_AGE:g} (the ISCD adult "
                         f"positions; under 20 the pediatric positions apply); got {age!r}")
    return a


def applicable_score(sex: str, age: Any, menopausal: bool | None = None) -> str:
    """"T" or "Z": the score the ISCD positions prefer for this person.

    ``menopausal`` (True/False) is required for women and ignored for men.
    """
    sx = canonical_sex(sex)
    a = _check_age(age)
    if sx == "male":
        return "T" if a >= ISCD_T_SCORE_MIN_AGE_MEN else "Z"
    if menopausal is None:
        raise InputError("menopausal must be True or False for a woman (ISCD: T-scores after menopause, "
                         "Z-scores before); got None")
    return "T" if _as_bool(menopausal, "menopausal") else "Z"


@dataclass(frozen=True)
class SiteDiagnosis:
    """The score used at one site, its value, and its class."""

    site: str
    score_type: str  # "T" or "Z"
    value: float
    classification: str


@dataclass(frozen=True)
class Diagnosis:
    """Per-site scores and classes, and the overall result (the lowest-scoring site)."""

    score_type: str  # "T" or "Z"
    sites: tuple[SiteDiagnosis, ...]  # in the order of densitometry.SITES
    overall: SiteDiagnosis
    sex: str
    age: float
    menopausal: bool | None
    fragility_fracture: bool

    @property
    def classification(self) -> str:
        """The overall class."""
        return self.overall.classification


def _site_values(values: Any, name: str) -> dict[str, float]:
    if values is None:
        return {}
    if not isinstance(values, Mapping):
        raise InputError(f"{name} must be a mapping site -> value such as {{'femoral_neck': ...}}; "
                         f"got {values!r}")
    out: dict[str, float] = {}
    for key, v in values.items():
        site = dxa.canonical_site(key)
        if site in out:
            raise InputError(f"{name} gives site '{site}' twice (as '{key}' and an alias)")
        if np.ndim(v) != 0:
            raise InputError(f"{name}[{key!r}] must be a single number; got {v!r}")
        out[site] = v
    return out


def diagnose(*, sex: str, age: Any, menopausal: bool | None = None, fragility_fracture: bool = False,
             bmd: Mapping[str, Any] | None = None, t_scores: Mapping[str, Any] | None = None,
             z_scores: Mapping[str, Any] | None = None) -> Diagnosis:
    """Diagnose from densitometry at one or more of the sites in :data:`densitometry.SITES`.

    Give, per site, either the areal BMD (``bmd``, g/cm²) or the score itself (``t_scores`` or
    ``z_scores``); a site may appear in only one of them. The score type follows
    :func:`applicable_score`. From BMD, T-scores use :func:`densitometry.t_score` and Z-scores
    :func:`densitometry.z_score` (age/sex reference curves, available only for some sites). Scores of
    the other type cannot be used (T cannot stand in for Z or back): that raises :class:`InputError`.
    """
    sx = canonical_sex(sex)
    a = _check_age(age)
    fracture = _as_bool(fragility_fracture, "fragility_fracture")
    if menopausal is not None:
        _as_bool(menopausal, "menopausal")
    kind = applicable_score(sx, a, menopausal)
    given = {"bmd": _site_values(bmd, "bmd"), "t_scores": _site_values(t_scores, "t_scores"),
             "z_scores": _site_values(z_scores, "z_scores")}
    right, wrong = ("t_scores", "z_scores") if kind == "T" else ("z_scores", "t_scores")
    if given[wrong]:
        who = f"{sx} aged {a:g}" + (f", menopausal={menopausal}" if sx == "female" else "")
        raise InputError(f"ISCD: a {who} is classified by {kind}-scores, so {wrong} cannot be used; "
                         f"give bmd or {right}")
    both = set(given["bmd"]) & set(given[right])
    if both:
        raise InputError(f"site(s) {', '.join(sorted(both))} given both as bmd and as {right}; give one")
    if not given["bmd"] and not given[right]:
        raise InputError(f"diagnose needs bmd or {right} for at least one of {', '.join(dxa.SITES)}")

    results: list[SiteDiagnosis] = []
    for site in dxa.SITES:
        if site in given[right]:
            score = float(_rounded(given[right][site], f"{kind}-score at {site}"))
        elif site in given["bmd"]:
            b = given["bmd"][site]
            score = float(dxa.t_score(b, site) if kind == "T" else dxa.z_score(b, site, a, sx))
        else:
            continue
        label = who_class(score, fragility_fracture=fracture) if kind == "T" else z_class(score)
        results.append(SiteDiagnosis(site=site, score_type=kind, value=score, classification=label))
    overall = min(results, key=lambda r: r.value)  # first lowest in SITES order on a tie
    return Diagnosis(score_type=kind, sites=tuple(results), overall=overall, sex=sx, age=a,
                     menopausal=None if menopausal is None else bool(menopausal),
                     fragility_fracture=fracture)
