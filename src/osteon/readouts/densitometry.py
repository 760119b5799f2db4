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

T-scores of men are computed against these same women's references at all three sites: the ISCD
recommends NHANES III for femoral-neck and total-hip T-scores, the manufacturer's database for the
lumbar spine, and "a uniform Caucasian (non-race adjusted) female reference database ... to
calculate T-scores for men of all ethnic groups" (2013 ISCD Position Development Conference, Task
Force on Normative Databases, J Clin Densitom 2013;16(4):472-481, doi:10.1016/j.jocd.2013.08.001,
PMID 24076161, abstract statements 1, 2 and 4, read in a secondary reproduction of the abstract).

A young man's BMD is not a young woman's, though: the level a model's young adult sits at
(:func:`young_adult_mean`, the bone of the integrated model's ``bmd_<site>`` readouts at 1) is the
women's mean of :data:`REFERENCE` for women and :data:`YOUNG_ADULT_MEAN_MALE` for men.

A Z-score compares with people of the same age and sex instead (:func:`z_score`,
:func:`bmd_from_z_score`)::

    Z = (BMD - mean(site, sex, age)) / sd(site, sex, age)

with the curves of :mod:`osteon.readouts.reference_curves` (read its docstring: only some
site/sex curves could be sourced, and those are marked as assumptions).

Cross-manufacturer standardized BMD (:func:`standardized_bmd`, sBMD in g/cm²): one equation per
manufacturer and site, from the International DXA Standardization Committee cross-calibration of
100 women on a Hologic QDR 2000, a Lunar DPX-L and a Norland XR26 Mark II (Genant HK et al. J Bone
Miner Res 1994;9:1503-1514, doi:10.1002/jbmr.5650091002, PMID 7817795; spine region L2-L4)::

    sBMD = slope * (BMD - centre) + offset

- lumbar spine: Hui SL, Gao S, Zhou XH, et al. Universal standardization of bone density
  measurements: a method with optimal properties for calibration among several instruments.
  J Bone Miner Res 1997;12:1463-1470, doi:10.1359/jbmr.1997.12.9.1463, PMID 9286763 (their
  re-derivation on the 1994 data; the 1994 IDSC equations themselves are not implemented here:
  their coefficients could not be read). Hologic 1.0550 (BMD - 0.972) + 1.0436, Lunar
  0.9683 (BMD - 1.100) + 1.0436, Norland 0.9743 (BMD - 0.969) + 1.0436.
- total hip: the International Committee for Standards in Bone Measurement formulas
  (sBMD = 1000 (a + b BMD) mg/cm², here in g/cm²; Hanson J. Standardization of femur BMD. J Bone
  Miner Res 1997;12:1316-1317, as cited by Lu et al. 2001).
- femoral neck: Lu Y, Fuerst T, Hui S, Genant HK. Standardization of bone mineral density at
  femoral neck, trochanter and Ward's triangle. Osteoporos Int 2001;12:438-444,
  doi:10.1007/s001980170087, PMID 11446558.

The coefficients were read from secondary reproductions (the table of spine, femoral neck,
trochanter and total hip equations at courses.washington.edu/bonephys/opBMDs.html; the Hologic and
Lunar hip and neck equations also as quoted by Fan B, Lu Y, Genant H, et al., Osteoporos Int
2010), not from the primary papers. The spine equations were derived on L2-L4; applied to the
L1-L4 BMD used elsewhere here they are an approximation. Standardization removes the systematic
differences between manufacturers; it does not make an individual's scans on two machines
interchangeable (residual error of a few percent).

All functions accept a number or an array (any shape) and return a float or an array of the same
shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from osteon.errors import InputError, UnknownNameError, did_you_mean
from osteon.readouts.reference_curves import reference_curve
from osteon.units import holds_bool

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


@dataclass(frozen=True)
class YoungAdultMean:
    """Mean areal BMD (g/cm²) of young adults of one sex at one site (no SD: T-scores of both
    sexes are read against :data:`REFERENCE`), with where it comes from."""

    site: str
    sex: str
    mean: float  # g/cm²
    basis: str
    source: str
    assumption: bool = False
    unit: str = "g/cm^2"


_FRONTIERS_T3 = ("Varatharajan M et al. Front Endocrinol 2026;17:1748490, "
                 "doi:10.3389/fendo.2026.1748490 (PMC12995607), Table 3, column 'NHANES (reference "
                 "values)', age group 21-30")

MALE_TO_FEMALE_YOUNG: dict[str, tuple[float, float]] = {
    "lumbar_spine": (1.057, 1.064),
    "total_hip": (1.067, 0.971),
    "femoral_neck": (1.067, 0.971),
}
"""Young-adult mean BMD (g/cm²) of men and of women aged 21-30, (men, women), whose ratio puts the
men's level of :data:`YOUNG_ADULT_MEAN_MALE` against the women's of :data:`REFERENCE`.

Read from the NHANES column of Table 3 of the Frontiers paper (the source of
:mod:`osteon.readouts.reference_curves`; lumbar spine men 1.057 (SD 0.110), women 1.064 (0.106);
"hip" men 1.067 (0.120), women 0.971 (0.114)). ASSUMPTIONS: (1) the NHANES III tables of young men
(Looker AC et al. Osteoporos Int 1998;8:468-489, PMID 9850356; Looker AC et al. J Bone Miner Res
1997;12:1761-1768, which used 382 non-Hispanic white men aged 20-29 as its male reference) could
not be read, only their abstracts; (2) the Frontiers values are a secondary reproduction whose
survey cycle is not stated, and its women's hip (0.971) is 3 % above NHANES III's 0.942, so the
sexes' ratio is taken from it rather than its men's value (one survey's calibration for both
sexes, applied to the women's reference the model already stands on); (3) its "hip" is the total
hip; (4) the femoral neck, absent from the table, takes the total hip's ratio (1.099). The neck's
ratio is near that of :data:`osteon.readouts.fracture_data.FN_BMD_BY_AGE` at 50-59 (0.84 / 0.77 =
1.09, an approximation itself). The spine ratio (0.993) agrees with NHANES 2005-2008: "in the age
group 16-49, mean total lumbar spine BMD was similar or slightly higher for females compared with
males" (Looker AC et al. Vital Health Stat 11 2012;(251), abstract)."""

YOUNG_ADULT_MEAN_MALE: dict[str, YoungAdultMean] = {
    site: YoungAdultMean(
        site=site, sex="male", mean=REFERENCE[site].mean * men / women,
        basis=(f"the women's young-adult mean {REFERENCE[site].mean:g} g/cm² x the ratio of "
               f"men to women aged 21-30, {men:g} / {women:g} g/cm² (see MALE_TO_FEMALE_YOUNG)"),
        source=_FRONTIERS_T3, assumption=True)
    for site, (men, women) in MALE_TO_FEMALE_YOUNG.items()
}
"""Young men's mean BMD per site (g/cm²): lumbar spine 1.040, total hip 1.035, femoral neck 0.943,
T-scores -0.06, +0.76 and +0.71 against :data:`REFERENCE`. Assumptions: see
:data:`MALE_TO_FEMALE_YOUNG`."""


def young_adult_mean(site: str, female: Any = 1.0) -> Any:
    """Mean areal BMD (g/cm²) of young adults at ``site``: the women's (:data:`REFERENCE`) for
    ``female`` 1 and the men's (:data:`YOUNG_ADULT_MEAN_MALE`) for 0; a number or array of
    ``female`` values (the model's parameter) blends them linearly. For ``female`` 1 the result is
    exactly the women's mean (``mean * 1.0``), so women's readouts do not move by a rounding."""
    ref = REFERENCE[site]
    ratio = YOUNG_ADULT_MEAN_MALE[site].mean / ref.mean
    return ref.mean * (female + (1.0 - female) * ratio)


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
    if isinstance(value, str | bytes) or holds_bool(value):  # np.asarray reads True as 1.0
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


MIN_BMD_FRACTION = 0.2
"""The lowest areal BMD accepted as a measurement, as a fraction of the site's young-adult mean
(:data:`REFERENCE`): 0.172 g/cm² at the femoral neck (T-score -5.72), 0.188 g/cm² at the total
hip (T -6.18), 0.209 g/cm² at the lumbar spine (T -7.62). It bounds the BMDs, T-scores and
Z-scores people type (``Patient.bmd``, ``Patient.t_score``, :func:`bmd_from_t_score`,
:func:`bmd_from_z_score`), not the BMDs a simulation computes (:func:`t_score` reads any BMD > 0).

ASSUMPTION (a plausibility bound, not from a source): the hard limit is a BMD > 0, the T-score
of -mean/sd (-7.15 at the femoral neck), and a T-score just above it (-7.1) stood for a BMD of
0.006 g/cm², a femoral neck with under 1 % of a young adult's mineral. No published lowest adult
DXA value was found to put in its place; a fifth of the young-adult mean (a loss of four fifths
of the mineral per projected area) was chosen as a floor far below the values clinical practice
works with (osteoporosis is T <= -2.5; -5.72 at the femoral neck is more than twice as far below
the young-adult mean), so that it refuses slips (a digit or a sign misplaced, a T-score read
from a wrong site, a BMD in a wrong unit) rather than real extremes. A measured value below it
should be checked, not clipped; raise the fraction here if a sourced lower value is met."""


def plausible_bmd_range(site: str) -> tuple[float, float]:
    """The measured areal BMD (g/cm²) accepted at ``site``: from :data:`MIN_BMD_FRACTION` of
    the young-adult mean to the BMD of the top of :data:`T_SCORE_RANGE`, both ends included."""
    ref = REFERENCE[canonical_site(site)]
    return MIN_BMD_FRACTION * ref.mean, ref.mean + T_SCORE_RANGE[1] * ref.sd


def plausible_t_score_range(site: str) -> tuple[float, float]:
    """The T-scores accepted as a measurement at ``site``: those of :func:`plausible_bmd_range`
    (-5.72 to 10 at the femoral neck), both ends included."""
    ref = REFERENCE[canonical_site(site)]
    lo = round((plausible_bmd_range(site)[0] - ref.mean) / ref.sd, T_SCORE_DECIMALS)
    return lo, T_SCORE_RANGE[1]


def _floor_basis(site: str) -> str:
    ref = REFERENCE[site]
    lo = plausible_bmd_range(site)[0]
    return (f"the lower end is a BMD of {lo:.4g} g/cm², {100 * MIN_BMD_FRACTION:g} % of the "
            f"young-adult mean {ref.mean:g} g/cm², a plausibility bound: see "
            f"osteon.readouts.densitometry.MIN_BMD_FRACTION")


def check_measured_bmd(bmd: Any, site: str, *, field: str = "bmd") -> np.ndarray:
    """Validate measured areal BMD values (g/cm²) against :func:`plausible_bmd_range`."""
    site = canonical_site(site)
    arr = check_bmd(bmd, site, field=field)
    lo, hi = plausible_bmd_range(site)
    bad = (arr < lo) | (arr > hi)
    if bad.any():
        t_lo = plausible_t_score_range(site)[0]
        raise InputError(f"{field} at {site} must be between {lo:.4g} and {hi:.4g} g/cm² "
                         f"(T-score {t_lo:.4g} to {T_SCORE_RANGE[1]:g}; BMD is in g/cm², not "
                         f"mg/cm²; {_floor_basis(site)}); got {_first_bad(arr, bad, bmd)}")
    return arr


def check_measured_t_score(t: Any, site: str, *, field: str = "T-score") -> np.ndarray:
    """Validate measured T-scores against :func:`plausible_t_score_range`."""
    site = canonical_site(site)
    lo, hi = plausible_t_score_range(site)
    what = f"a number between {lo:.4g} and {hi:g}"
    arr = _as_array(t, f"{field} at {site}", what)
    bad = ~np.isfinite(arr) | (arr < lo) | (arr > hi)
    if bad.any():
        raise InputError(f"{field} at {site} must be {what} ({_floor_basis(site)}); got "
                         f"{_first_bad(arr, bad, t)}")
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
    """Areal BMD (g/cm²) at ``site`` for a measured T-score ``t`` (number or array in
    :func:`plausible_t_score_range`: -5.72 to 10 at the femoral neck)."""
    ref = REFERENCE[canonical_site(site)]
    arr = check_measured_t_score(t, ref.site)
    return _out(ref.mean + arr * ref.sd)


def bmd_range(site: str) -> tuple[float, float]:
    """The BMD interval (g/cm²) matching :data:`T_SCORE_RANGE` at ``site``, clipped to > 0."""
    ref = REFERENCE[canonical_site(site)]
    lo = ref.mean + T_SCORE_RANGE[0] * ref.sd
    return (max(lo, 0.0), ref.mean + T_SCORE_RANGE[1] * ref.sd)


def z_score(bmd: Any, site: str, age: Any, sex: str) -> Any:
    """Z-score of areal BMD ``bmd`` (g/cm²) at ``site`` against people of the same ``age`` (years)
    and ``sex`` ("female"/"male", or f/m, woman/man).

    ``bmd`` and ``age`` may be numbers or arrays; they broadcast against each other. Rounded to
    :data:`T_SCORE_DECIMALS` decimals like T-scores. Raises :class:`InputError` for an age outside
    the reference curve's age groups, or where no curve is sourced for that site and sex.
    """
    curve = reference_curve(canonical_site(site), sex)
    arr = check_bmd(bmd, curve.site)
    mean, sd = curve.at(age)
    try:
        z = (arr - mean) / sd
    except ValueError as exc:
        raise InputError(f"bmd (shape {arr.shape}) and age (shape {np.shape(mean)}) must broadcast "
                         f"against each other") from exc
    return _out(np.round(z, T_SCORE_DECIMALS))


def bmd_from_z_score(z: Any, site: str, age: Any, sex: str) -> Any:
    """Areal BMD (g/cm²) at ``site`` of Z-score ``z`` (in [-10, 10]) for ``age`` (years) and ``sex``.

    The inverse of :func:`z_score`: ``BMD = mean(age) + z * sd(age)``. A ``z`` whose BMD falls
    outside :func:`plausible_bmd_range` (for one, a BMD that would not be positive) raises
    :class:`InputError`.
    """
    curve = reference_curve(canonical_site(site), sex)
    zz = check_t_score(z, curve.site, field="Z-score")
    mean, sd = curve.at(age)
    try:
        bmd = mean + zz * sd
    except ValueError as exc:
        raise InputError(f"Z-score (shape {zz.shape}) and age (shape {np.shape(mean)}) must broadcast "
                         f"against each other") from exc
    lo, hi = plausible_bmd_range(curve.site)
    bad = ~((bmd >= lo) & (bmd <= hi))
    if bad.any():
        i = int(np.flatnonzero(bad.ravel())[0])
        b = float(bmd.ravel()[i])
        what = "a BMD <= 0 g/cm²" if b <= 0 else f"a BMD of {b:.4g} g/cm²"
        given = float(np.broadcast_to(zz, bmd.shape).ravel()[i])
        raise InputError(f"Z-score at {curve.site} gives {what} (element {i} of {bmd.size}: "
                         f"Z {given:g}); the BMD must be between {lo:.4g} and {hi:.4g} g/cm² "
                         f"({_floor_basis(curve.site)}; the upper end is T-score "
                         f"{T_SCORE_RANGE[1]:g})")
    return _out(bmd)


@dataclass(frozen=True)
class StandardizationEquation:
    """sBMD (g/cm²) = slope * (BMD - centre) + offset, for one manufacturer and site."""

    manufacturer: str
    site: str
    slope: float  # dimensionless
    centre: float  # g/cm²
    offset: float  # g/cm²
    source: str
    unit: str = "g/cm^2"

    def __call__(self, bmd: np.ndarray) -> np.ndarray:
        return self.slope * (bmd - self.centre) + self.offset


MANUFACTURERS: tuple[str, ...] = ("hologic", "lunar", "norland")

MANUFACTURER_ALIASES: dict[str, str] = {
    "hologic": "hologic", "lunar": "lunar", "ge": "lunar", "ge_lunar": "lunar",
    "ge_healthcare": "lunar", "norland": "norland",
}
"""Accepted spellings of each manufacturer (lower-cased, spaces/hyphens turned into ``_``)."""

_HUI_1997 = "Hui SL et al. J Bone Miner Res 1997;12:1463-1470, doi:10.1359/jbmr.1997.12.9.1463, PMID 9286763"
_ICSBM_HIP = ("ICSBM total-hip formulas: Hanson J. J Bone Miner Res 1997;12:1316-1317 (as cited by Lu et al. "
              "2001; coefficients read from secondary reproductions, see module docstring)")
_LU_2001 = ("Lu Y, Fuerst T, Hui S, Genant HK. Osteoporos Int 2001;12:438-444, doi:10.1007/s001980170087, "
            "PMID 11446558 (coefficients read from secondary reproductions, see module docstring)")

STANDARDIZATION: dict[tuple[str, str], StandardizationEquation] = {
    # lumbar spine (L2-L4 in the cross-calibration): sBMD = b (BMD - c) + 1.0436 g/cm²
    ("hologic", "lumbar_spine"): StandardizationEquation("hologic", "lumbar_spine", 1.0550, 0.972, 1.0436,
                                                         _HUI_1997),
    ("lunar", "lumbar_spine"): StandardizationEquation("lunar", "lumbar_spine", 0.9683, 1.100, 1.0436,
                                                       _HUI_1997),
    ("norland", "lumbar_spine"): StandardizationEquation("norland", "lumbar_spine", 0.9743, 0.969, 1.0436,
                                                         _HUI_1997),
    # total hip: sBMD = a + b BMD (published as 1000 (a + b BMD) mg/cm²)
    ("hologic", "total_hip"): StandardizationEquation("hologic", "total_hip", 1.008, 0.0, 0.006, _ICSBM_HIP),
    ("lunar", "total_hip"): StandardizationEquation("lunar", "total_hip", 0.979, 0.0, -0.031, _ICSBM_HIP),
    ("norland", "total_hip"): StandardizationEquation("norland", "total_hip", 1.012, 0.0, 0.026, _ICSBM_HIP),
    # femoral neck: sBMD = a + b BMD
    ("hologic", "femoral_neck"): StandardizationEquation("hologic", "femoral_neck", 1.087, 0.0, 0.019,
                                                         _LU_2001),
    ("lunar", "femoral_neck"): StandardizationEquation("lunar", "femoral_neck", 0.939, 0.0, -0.023, _LU_2001),
    ("norland", "femoral_neck"): StandardizationEquation("norland", "femoral_neck", 0.985, 0.0, 0.006,
                                                         _LU_2001),
}
"""sBMD equations by (manufacturer, canonical site); sources in the module docstring."""


def canonical_manufacturer(manufacturer: Any) -> str:
    """Return ``"hologic"``, ``"lunar"`` or ``"norland"`` (``"GE Lunar"`` → ``"lunar"``, ...)."""
    if not isinstance(manufacturer, str):
        raise InputError(f"DXA manufacturer must be a text such as 'hologic'; got {manufacturer!r}")
    key = "_".join(manufacturer.strip().lower().replace("-", " ").replace("_", " ").split())
    if key in MANUFACTURER_ALIASES:
        return MANUFACTURER_ALIASES[key]
    raise UnknownNameError(
        f"unknown DXA manufacturer '{manufacturer}'{did_you_mean(key, MANUFACTURER_ALIASES)}; allowed: "
        f"{', '.join(MANUFACTURERS)} (alias: GE Lunar)"
    )


def standardized_bmd(bmd: Any, manufacturer: str, site: str = "lumbar_spine") -> Any:
    """Standardized BMD (sBMD, g/cm²) of a ``manufacturer``'s areal BMD (g/cm²) at ``site``.

    See the module docstring for the equations and their sources.
    """
    key = (canonical_manufacturer(manufacturer), canonical_site(site))
    eq = STANDARDIZATION[key]
    arr = check_bmd(bmd, eq.site)
    return _out(eq(arr))
