"""Fracture-risk hazard model: 10-year and lifetime probability of hip, clinical vertebral and major
osteoporotic fracture (MOF), with death as a competing risk.

**This is not FRAX.** FRAX's coefficients and hazard functions are not public; Kanis JA et al.,
Osteoporos Int 2008;19:385-397 (PMID 18292978) describes only its structure (Poisson models of
fracture and death hazards, per-risk-factor relative risks from meta-analyses, femoral-neck BMD as a
gradient of risk, probabilities integrated with death competing). This module rebuilds that *structure*
from published, cited numbers (registry: :mod:`osteon.readouts.fracture_data`). Its outputs are of the
same magnitude as published FRAX examples (see the tests) but will differ from FRAX for any given
person. Differences from FRAX that we know of:

- population: US non-Hispanic white hip-fracture rates (Ettinger 2010, Table 1, NIS 2006); the other
  MOF sites are age- and sex-specific ratios to hip from US Medicare data (2011 paper, Table 2),
  extrapolated below 65. FRAX uses country files and (for most countries) Swedish MOF/hip ratios;
- mortality: the US period life table for 2019 (Social Security Administration, 2020 Trustees
  Report), all races; FRAX uses national life tables too, and raises the death hazard for some
  risk factors and at low BMD — not done here;
- risk factors multiply independently; FRAX fits interactions with age and between factors (e.g.
  BMI x BMD) that are not public. RRs are not normalized for their population prevalence;
- BMI is accepted and range-checked but does not enter (its RRs, De Laet 2005, could not be
  verified); FRAX uses BMI when BMD is absent;
- the clinical vertebral outcome is reported separately (FRAX reports only hip and MOF);
- MOF hazard is the sum of the four site hazards (hip, clinical spine, forearm, humerus), each
  graded by its own BMD gradient, turnover gradient and risk-factor RRs, with no discount for
  overlap (Ettinger 2010 discounted 10-20%); this slightly overstates the probability of a *first*
  MOF, and it keeps hip <= MOF and clinical vertebral <= MOF for every input by construction;
- ages 50-90 only (FRAX accepts 40-90): the hip table starts at 50;
- a continuous turnover term from serum CTX (Johansson 2014's gradient per SD) when CTX is given
  (a simulated trajectory), and the vertebral outcome graded by lumbar-spine BMD when it is known;
  FRAX uses neither;
- extra multipliers ``turnover_rr`` and ``quality_rr`` for simulated treatment effects.

Model
-----
Hazards are per year. The model has three *parts*: ``hip``, ``clinical_vertebral`` and
``forearm_humerus`` (forearm and humerus together). For part k, sex s, attained age x::

    h_k(x) = h_pop,k(x, s) · B_k(x) · C_k · R_k(x) · quality_rr   (· turnover_rr for hip only)
    B_k(x) = GR_k(x)^(−Z(x)) / exp((ln GR_k(x))² / 2)         (1 when no T-score is given)
    Z(x)   = (BMD_T − mean_FN(x, s)) / sd_FN(x, s),   BMD_T = 0.858 + 0.120·T   (g/cm², NHANES III)
    C_k    = GC_k^(Zc) / exp((ln GC_k)² / 2),   Zc = (ln CTX − μ_s(x)) / σ_s(x)   (1 when no CTX)

so that averaging h_k over Z ~ N(0, 1) returns h_pop,k (E[GR^(−Z)] = exp((ln GR)²/2)); C_k is
normalized the same way over Zc ~ N(0, 1), the CTX distribution of the person's own reference
population (sex s, and for men attained age x), so that its average is the hazard without a
CTX (a CTX at that population's geometric centre carries exp(−(ln GC)²/2), 0.979 for hip).
R_k is the product of the clinical risk-factor RRs (hip RRs for the hip part,
osteoporotic-fracture RRs for the other two). The reported outcomes are ``hip`` = h_hip,
``clinical_vertebral`` = h_clinical_vertebral and::

    major = h_hip + h_clinical_vertebral + h_forearm_humerus

so MOF contains hip and clinical spine for every input by construction (a MOF hazard graded as a
whole by the MOF gradient and RRs would let the hip probability exceed the MOF one at very low BMD
or with risk factors whose hip RR is far above their osteoporotic-fracture RR).

- Clinical vertebral part with a lumbar-spine T-score: Z is the spine's, BMD_T = 1.047 + 0.110·T
  (densitometry.REFERENCE) against the age- and sex-specific spine curve
  (reference_curves.REFERENCE_CURVES, held constant outside its decade midpoints), and GR = 2.3
  (Marshall 1996, spine BMD for vertebral fracture). Without it, femoral-neck Z and GR 1.5.
- Turnover: GC = 1.23 (hip part) and 1.18 (other parts) per SD of serum CTX (Johansson 2014, men
  and women); μ and σ are the middle and the width / 3.92 of ln of an IDS-iSYS central-95 %
  interval of the person's own population (Michelsen 2013): for women the postmenopausal one
  (0.09-1.05 ng/mL, women 50-79, whatever the age), for men the men's at the attained age
  (0.12-0.83 ng/mL at 25-29, 0.05-0.58 at 75-79, each limit linear in age between the bands and
  held beyond them: markers.men_ctx_interval, an assumption), so that a man's CTX is not read
  as low turnover for being a man's (read against the postmenopausal women, a simulated man of
  70 had Z −0.91 and a 10-year hip probability 19 % below the one without CTX). CTX from another
  assay is put on that scale by the ratio of the assays' premenopausal geometric centres (the
  integrated model's CTX is on the Elecsys scale); the assumptions are listed at
  fracture_data.GR_CTX. Where the pre-treatment CTX is known
  (``ctx_baseline``: a trial reading, a simulated trajectory), the hip and forearm-humerus parts
  read CTX as no lower than 40 % of it: a fall deeper than 60 % earns them nothing more
  (fracture_data.CTX_FALL_CREDITED_NONVERTEBRAL, Eastell 2003 and FREEDOM's nonvertebral course,
  Austin 2012; an assumption); the clinical vertebral part keeps the whole term.

- h_pop,hip: Ettinger 2010 rates, log-linear between age-group midpoints (85+ placed at 90),
  log-linear extrapolation of the first segment down to 50, constant above 90.
- h_pop,vert = h_pop,hip · r_spine(x, s); h_pop,forearm_humerus = h_pop,hip · (r_forearm + r_humerus);
  h_pop,MOF = h_pop,hip · (1 + r_spine + r_forearm + r_humerus), with r_site the site/hip incidence
  ratio from Medicare IRRs (method in :func:`site_to_hip_ratio`).
- GR: hip 2.88 (women) / 2.94 (men) per SD at 65 (Johnell 2005), ln GR linear in age through 3.7 at
  50 (Kanis 2007); vertebral 1.5 (Marshall 1996, hip-site BMD for non-hip fractures); forearm and
  humerus 1.38 / 1.41, Johnell 2005's gradient for any osteoporotic fracture at 65, held constant
  (``gradient_of_risk(..., "major")`` returns it; ASSUMPTION: applied to the MOF sites beyond hip
  and spine). The major hazard's own ratio per SD is that of the sum of its parts, not one number.
  ``gradient_of_risk(..., source="marshall1996")`` gives Marshall's age-free values (hip 2.6,
  spine-BMD vertebral 2.3, other 1.5).
- Death: h_d(x) = −ln(1 − q_s(⌊x⌋)), constant within each year of age, from the probabilities of
  dying q(x) of the US 2019 period life table (SSA, 2020 Trustees Report; fracture_data.LIFE_TABLE_QX).

Probability over a horizon of T years from age a, state (T-score, risk factors) held fixed while age
advances, piecewise-constant hazards on monthly steps (exact within a step)::

    p_k = Σ_i S_i · (h_k,i / H_i) · (1 − exp(−H_i Δt)),   H_i = h_k,i + h_d,i,
    S_i = exp(−Σ_{j<i} H_j Δt)

Lifetime = to age 100. Results are percent.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from osteon.errors import InputError
from osteon.readouts import fracture_data as fd
from osteon.readouts import markers as mk
from osteon.readouts.densitometry import REFERENCE, check_t_score
from osteon.readouts.reference_curves import REFERENCE_CURVES
from osteon.units import holds_bool

OUTCOMES: tuple[str, ...] = ("hip", "major", "clinical_vertebral")
"""Outcomes reported by :func:`fracture_probability`."""

PARTS: tuple[str, ...] = ("hip", "clinical_vertebral", "forearm_humerus")
"""The parts of the major osteoporotic fracture hazard, each with its own gradients and RRs: the
``major`` hazard is their sum (hip, clinical spine, forearm and humerus fractures)."""

AGE_RANGE: tuple[float, float] = (50.0, 90.0)
"""Ages accepted (years). FRAX accepts 40-90; this model starts at 50 because its hip table does."""

MAX_AGE = 100.0
"""End of the 'lifetime' horizon (years)."""

STEP_YEARS = 1.0 / 12.0
"""Integration step (years)."""

BMI_RANGE: tuple[float, float] = (10.0, 70.0)
"""BMI accepted, kg/m² (open at 10, closed at 70)."""

_SEX_ALIASES = {"female": "female", "f": "female", "woman": "female", "women": "female",
                "male": "male", "m": "male", "man": "male", "men": "male"}
_NON_HIP_SITES = ("spine", "forearm", "humerus")


# ---------------------------------------------------------------------------------------------
# input checks
# ---------------------------------------------------------------------------------------------


def canonical_sex(sex: Any) -> str:
    """Return ``"female"`` or ``"male"``; raise :class:`InputError` for anything else."""
    key = sex.strip().lower() if isinstance(sex, str) else None
    if key not in _SEX_ALIASES:
        raise InputError(f"sex must be one of 'female'/'f' or 'male'/'m'; got {sex!r}")
    return _SEX_ALIASES[key]


def _float_array(value: Any, field: str, what: str) -> np.ndarray:
    if isinstance(value, str | bytes) or holds_bool(value):  # NumPy reads True as 1.0
        raise InputError(f"{field} must be {what}; got {value!r}")
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError) as exc:
        raise InputError(f"{field} must be {what}; got {value!r}") from exc
    if not np.all(np.isfinite(arr)):
        raise InputError(f"{field} must be {what}; got {value!r}")
    return arr


def _check_age(age: Any) -> np.ndarray:
    lo, hi = AGE_RANGE
    what = (f"a number of years in [{lo:g}, {hi:g}] (FRAX's range is 40-90; the US hip-fracture table "
            f"used here starts at 50)")
    arr = _float_array(age, "age", what)
    bad = (arr < lo) | (arr > hi)
    if bad.any():
        raise InputError(f"age must be {what}; got {arr[bad].ravel()[0]!r}")
    return arr


def _check_positive_array(value: Any, field: str) -> np.ndarray:
    arr = _float_array(value, field, "a finite number > 0 (or an array of them)")
    if np.any(arr <= 0):
        raise InputError(f"{field} must be finite numbers > 0; got "
                         f"{float(arr[arr <= 0].ravel()[0])!r}")
    return arr


def _check_flag(value: Any, field: str) -> bool:
    if not isinstance(value, bool | np.bool_):
        raise InputError(f"{field} must be True or False; got {value!r}")
    return bool(value)


# ---------------------------------------------------------------------------------------------
# population hazards
# ---------------------------------------------------------------------------------------------


def _loglinear(x: np.ndarray, xs: np.ndarray, log_ys: np.ndarray, extrapolate_low: bool) -> np.ndarray:
    """exp of a piecewise-linear interpolation of ``log_ys``; constant above the last knot; below the
    first knot either the first segment's slope (``extrapolate_low``) or constant."""
    out = np.interp(x, xs, log_ys)
    if extrapolate_low:
        slope = (log_ys[1] - log_ys[0]) / (xs[1] - xs[0])
        out = np.where(x < xs[0], log_ys[0] + slope * (x - xs[0]), out)
    return np.exp(out)


def hip_hazard(age: Any, sex: str) -> np.ndarray:
    """Population hip-fracture hazard (1/year) at ``age`` for ``sex`` (Ettinger 2010, Table 1)."""
    s = canonical_sex(sex)
    xs = fd.group_midpoints(fd.HIP_AGE_GROUPS)
    ys = np.log(np.asarray(fd.HIP_INCIDENCE_PER_1000[s]) / 1000.0)
    return _loglinear(np.asarray(age, dtype=float), xs, ys, extrapolate_low=True)


def death_hazard(age: Any, sex: str) -> np.ndarray:
    """Death hazard (1/year) at ``age`` for ``sex``: −ln(1 − q(x)) of the US 2019 period life table
    for the completed year of age x (constant within a year of age, and at q(119) beyond)."""
    s = canonical_sex(sex)
    mu, first = _life_table_hazards(s)
    x = np.asarray(age, dtype=float)
    _check_table_age(x)
    idx = np.clip(np.floor(x).astype(int) - first, 0, mu.size - 1)
    return mu[idx]


@lru_cache(maxsize=2)
def _life_table_hazards(sex: str) -> tuple[np.ndarray, int]:
    q = np.asarray(fd.LIFE_TABLE_QX[sex], dtype=float)
    return -np.log1p(-q), fd.LIFE_TABLE_FIRST_AGE


def _check_table_age(x: np.ndarray) -> None:
    if np.any(~np.isfinite(x)) or np.any(x < fd.LIFE_TABLE_FIRST_AGE):
        raise InputError(f"age must be a number of years >= {fd.LIFE_TABLE_FIRST_AGE} (the first "
                         f"age of the life table); got {x!r}")


def _cumulative_death_hazard(x: np.ndarray, sex: str) -> np.ndarray:
    """Integral of the death hazard from the table's first age to ``x`` (exact for the
    piecewise-constant hazard)."""
    mu, first = _life_table_hazards(sex)
    _check_table_age(x)
    cum = np.concatenate(([0.0], np.cumsum(mu)))
    u = x - first
    i = np.clip(np.floor(u).astype(int), 0, mu.size - 1)
    return cum[i] + mu[i] * (u - i)


def _survival_from_65(x: np.ndarray, sex: str) -> np.ndarray:
    return np.exp(-(_cumulative_death_hazard(x, sex) - _cumulative_death_hazard(np.asarray(65.0), sex)))


@lru_cache(maxsize=1)
def _site_ratio_tables() -> dict[tuple[str, str], tuple[np.ndarray, np.ndarray, float]]:
    """For each (site, sex): (knot ages, log site/hip ratio at the knots, log-slope below the knots)."""
    mids = fd.group_midpoints(fd.MEDICARE_AGE_GROUPS)
    # person-years weights of the Medicare population by sex and age group (stationary population
    # from 65 under the life table's death hazard, equal numbers of each sex at 65: ASSUMPTION)
    edges = [(lo, hi + 1 if hi is not None else 110.0) for lo, hi in fd.MEDICARE_AGE_GROUPS]
    weights = {}
    for s in ("female", "male"):
        w = []
        for lo, hi in edges:
            x = np.linspace(lo, hi, 201)
            w.append(float(np.trapezoid(_survival_from_65(x, s), x)))
        weights[s] = np.asarray(w)
    sex_irr = {site: {"female": 1.0, "male": float(v["male"])} for site, v in fd.MEDICARE_SITES.items()}
    age_irr = {site: np.asarray(v["age"], dtype=float) for site, v in fd.MEDICARE_SITES.items()}

    def weighted_irr(site: str) -> float:
        return sum(float(np.sum(weights[s] * sex_irr[site][s] * age_irr[site])) for s in weights)

    hip = fd.MEDICARE_SITES["hip"]
    out = {}
    for site in _NON_HIP_SITES:
        # reference-cell (women, 65-69) rate ratio site/hip from the crude rates and mean IRRs
        k = (float(fd.MEDICARE_SITES[site]["crude"]) / float(hip["crude"])) * (
            weighted_irr("hip") / weighted_irr(site))
        for s in ("female", "male"):
            log_r = (np.log(k) + np.log(sex_irr[site][s] / sex_irr["hip"][s])
                     + np.log(age_irr[site] / age_irr["hip"]))
            slope = float(np.polyfit(mids, log_r, 1)[0])
            out[(site, s)] = (mids, log_r, slope)
    return out


def site_to_hip_ratio(age: Any, sex: str, site: str) -> np.ndarray:
    """Incidence ratio of ``site`` ('spine', 'forearm', 'humerus') to hip fracture at ``age``.

    From MEDICARE2011 Table 2: ratio = K · [IRR_sex,site / IRR_sex,hip] · [IRR_age,site / IRR_age,hip],
    where K, the site/hip ratio in the reference cell (women 65-69), is the ratio of the crude rates
    divided by the ratio of the person-year-weighted mean IRRs (weights: a stationary population
    from 65 under this module's death hazard — an assumption). Log-linear between age-group
    midpoints; below 67.5 extrapolated with the least-squares log-slope (assumption, see the
    registry); constant above 90.
    """
    if site not in _NON_HIP_SITES:
        raise InputError(f"site must be one of {', '.join(_NON_HIP_SITES)}; got {site!r}")
    xs, log_r, slope = _site_ratio_tables()[(site, canonical_sex(sex))]
    x = np.asarray(age, dtype=float)
    out = np.interp(x, xs, log_r)
    out = np.where(x < xs[0], log_r[0] + slope * (x - xs[0]), out)
    return np.exp(out)


def population_hazard(age: Any, sex: str, outcome: str) -> np.ndarray:
    """Population (average-person) hazard of ``outcome`` in 1/year at ``age`` for ``sex``."""
    return _population_hazards(age, sex)[_check_outcome(outcome)]


def _population_hazards(age: Any, sex: str) -> dict[str, np.ndarray]:
    """Population hazards (1/year) of each outcome of :data:`OUTCOMES` and each part of
    :data:`PARTS` (``major`` is the sum of the parts)."""
    hip = hip_hazard(age, sex)
    ratios = {site: site_to_hip_ratio(age, sex, site) for site in _NON_HIP_SITES}
    parts = {"hip": hip, "clinical_vertebral": hip * ratios["spine"],
             "forearm_humerus": hip * (ratios["forearm"] + ratios["humerus"])}
    return {**parts, "major": parts["hip"] + parts["clinical_vertebral"] + parts["forearm_humerus"]}


def _check_outcome(outcome: Any) -> str:
    if outcome not in OUTCOMES:
        raise InputError(f"outcome must be one of {', '.join(OUTCOMES)}; got {outcome!r}")
    return outcome


# ---------------------------------------------------------------------------------------------
# BMD
# ---------------------------------------------------------------------------------------------


def gradient_of_risk(age: Any, outcome: str, *, sex: str = "female", source: str = "johnell2005") -> Any:
    """Relative risk per SD decrease in femoral-neck BMD (Z-score) for ``outcome`` at ``age``.

    ``source="johnell2005"`` (default, the model's own): hip ln GR linear in age through
    3.7 at 50 (Kanis 2007) and 2.88 women / 2.94 men at 65 (Johnell 2005), floored at 1.5; MOF 1.38 /
    1.41 (Johnell 2005, any osteoporotic fracture at 65, held constant); clinical vertebral 1.5
    (Marshall 1996). The model applies the MOF value to the forearm and humerus part only: its
    ``major`` hazard is the sum of the hip, clinical vertebral and forearm-humerus parts, each with
    its own gradient (:data:`PARTS`), so the major hazard's ratio per SD is not a single number.
    ``source="marshall1996"``: Marshall's age-free values (hip 2.6, vertebral 2.3 for *spine* BMD,
    major 1.5). Returns a float for a scalar age, else an array.
    """
    outcome = _check_outcome(outcome)
    s = canonical_sex(sex)
    x = np.asarray(age, dtype=float)
    if source == "marshall1996":
        gr = np.full(x.shape, fd.GR_MARSHALL[outcome].value)
    elif source == "johnell2005":
        gr = _gr_model(x, s, outcome)
    else:
        raise InputError(f"source must be 'johnell2005' or 'marshall1996'; got {source!r}")
    return float(gr) if gr.ndim == 0 else gr


def _gr_model(x: np.ndarray, sex: str, outcome: str) -> np.ndarray:
    if outcome == "hip":
        g65 = np.log(fd.GR_HIP_65[sex].value)
        slope = (g65 - np.log(fd.GR_HIP_50.value)) / 15.0
        return np.maximum(np.exp(g65 + slope * (x - 65.0)), fd.GR_MIN_HIP.value)
    if outcome == "major":
        return np.full(x.shape, fd.GR_MOF_65[sex].value)
    return np.full(x.shape, fd.GR_VERTEBRAL_FN.value)


def femoral_neck_z_score(t_score: Any, age: Any, sex: str) -> np.ndarray:
    """Z-score (SD from the mean at that age and sex) of a femoral-neck T-score.

    BMD = 0.858 + 0.120·T g/cm² (densitometry.REFERENCE), Z = (BMD − mean(age)) / sd(age), with the
    age-specific NHANES III mean and SD of :data:`fracture_data.FN_BMD_BY_AGE` (an assumption, see
    there) interpolated linearly between decade midpoints and held constant outside them.
    """
    ref = REFERENCE["femoral_neck"]
    bmd = ref.mean + np.asarray(t_score, dtype=float) * ref.sd
    mean, sd = _fn_mean_sd(age, sex)
    return (bmd - mean) / sd


def _fn_mean_sd(age: Any, sex: str) -> tuple[np.ndarray, np.ndarray]:
    """Femoral-neck BMD mean and SD (g/cm²) at ``age`` (:data:`fracture_data.FN_BMD_BY_AGE`)."""
    s = canonical_sex(sex)
    xs = np.asarray(fd.FN_BMD_MIDPOINTS)
    x = np.asarray(age, dtype=float)
    return (np.interp(x, xs, fd.FN_BMD_BY_AGE[s]["mean"]),
            np.interp(x, xs, fd.FN_BMD_BY_AGE[s]["sd"]))


def femoral_neck_mean_t_score(age: Any, sex: str) -> Any:
    """The femoral-neck T-score of the mean BMD at ``age`` for ``sex``: the T-score whose
    :func:`femoral_neck_z_score` is 0 at that age (same table and interpolation)."""
    ref = REFERENCE["femoral_neck"]
    t = (_fn_mean_sd(age, sex)[0] - ref.mean) / ref.sd
    return float(t) if np.ndim(t) == 0 else t


def lumbar_spine_z_score(t_score: Any, age: Any, sex: str) -> np.ndarray:
    """Z-score (SD from the mean at that age and sex) of a lumbar-spine T-score, for the vertebral
    gradient.

    BMD = 1.047 + 0.110·T g/cm² (densitometry.REFERENCE), Z = (BMD − mean(age)) / sd(age) with the
    lumbar-spine curve of :data:`reference_curves.REFERENCE_CURVES` (an assumption, see there),
    interpolated linearly between decade midpoints and held constant outside them (ASSUMPTION: the
    curve ends at 80 and the fracture model runs to 100; :mod:`reference_curves` itself refuses
    those ages for a clinical Z-score).
    """
    ref = REFERENCE["lumbar_spine"]
    bmd = ref.mean + np.asarray(t_score, dtype=float) * ref.sd
    mean, sd = _ls_mean_sd(age, sex)
    return (bmd - mean) / sd


def _ls_mean_sd(age: Any, sex: str) -> tuple[np.ndarray, np.ndarray]:
    """Lumbar-spine BMD mean and SD (g/cm²) at ``age`` (:data:`reference_curves.REFERENCE_CURVES`,
    held constant outside the decade midpoints)."""
    curve = REFERENCE_CURVES[("lumbar_spine", canonical_sex(sex))]
    x = np.asarray(age, dtype=float)
    return np.interp(x, curve.midpoints, curve.mean), np.interp(x, curve.midpoints, curve.sd)


def lumbar_spine_mean_t_score(age: Any, sex: str) -> Any:
    """The lumbar-spine T-score of the mean BMD at ``age`` for ``sex``: the T-score whose
    :func:`lumbar_spine_z_score` is 0 at that age (same curve and interpolation)."""
    ref = REFERENCE["lumbar_spine"]
    t = (_ls_mean_sd(age, sex)[0] - ref.mean) / ref.sd
    return float(t) if np.ndim(t) == 0 else t


def bmd_multiplier(z_score: Any, age: Any, sex: str, outcome: str, *,
                   site: str = "femoral_neck") -> np.ndarray:
    """GR^(−Z) / E_Z[GR^(−Z)] for Z ~ N(0, 1): the BMD factor on the population hazard (mean 1).

    For ``major`` the population-weighted mean of its parts' factors (:data:`PARTS`; femoral-neck
    Z for all three), also of mean 1. ``site="lumbar_spine"`` (clinical vertebral only) grades by
    spine BMD with Marshall's 2.3."""
    if site == "femoral_neck" and _check_outcome(outcome) == "major":
        pop = _population_hazards(age, sex)
        return sum(pop[k] * _part_bmd_factor(z_score, age, sex, k) for k in PARTS) / pop["major"]
    if site == "lumbar_spine":
        if _check_outcome(outcome) != "clinical_vertebral":
            raise InputError(f"a lumbar-spine gradient is used for outcome 'clinical_vertebral' "
                             f"only; got outcome {outcome!r}")
        gr = np.full(np.shape(age), fd.GR_VERTEBRAL_LS.value)
    elif site == "femoral_neck":
        gr = np.asarray(gradient_of_risk(age, outcome, sex=sex))
    else:
        raise InputError(f"site must be 'femoral_neck' or 'lumbar_spine'; got {site!r}")
    return _normalized_gradient_factor(z_score, gr)


def _normalized_gradient_factor(z_score: Any, gr: Any) -> np.ndarray:
    log_gr = np.log(gr)
    return np.exp(-np.asarray(z_score, dtype=float) * log_gr - 0.5 * log_gr**2)


def _part_gradient(age: Any, sex: str, part: str) -> np.ndarray:
    """The femoral-neck gradient of one part of :data:`PARTS` (forearm and humerus: the MOF
    gradient of :func:`gradient_of_risk`)."""
    outcome = "major" if part == "forearm_humerus" else part
    return np.asarray(gradient_of_risk(age, outcome, sex=sex))


def _part_bmd_factor(z_score: Any, age: Any, sex: str, part: str) -> np.ndarray:
    """The femoral-neck BMD factor of one part of :data:`PARTS`."""
    return _normalized_gradient_factor(z_score, _part_gradient(age, sex, part))


def _change_factor(z_change: Any, gr: Any) -> np.ndarray:
    """GR^(-dZ): the factor of a BMD change of dZ SD at a site whose level is not known (the
    population's BMD distribution shifted by dZ: E[GR^-(Z + dZ)] / E[GR^-Z])."""
    return np.exp(-np.asarray(z_change, dtype=float) * np.log(gr))


def _ctx_log_scale() -> tuple[float, float]:
    """(μ, σ) of ln CTX (ng/mL) in postmenopausal women: the middle and width / 3.92 of ln of the
    IDS-iSYS postmenopausal central-95 % interval (see fracture_data.GR_CTX)."""
    ref = mk.reference_interval("CTX", "IDS-iSYS", "postmenopausal")
    lo, hi = np.log(ref.low), np.log(ref.high)
    return 0.5 * (lo + hi), (hi - lo) / (2.0 * 1.959963984540054)


def _ctx_log_scale_men(age: Any) -> tuple[np.ndarray, np.ndarray]:
    """(μ, σ) of ln CTX (ng/mL) in men at ``age`` (years): the middle and width / 3.92 of ln of
    the IDS-iSYS men's central-95 % interval at that age (:func:`markers.men_ctx_interval`),
    as :func:`_ctx_log_scale` reads the women's."""
    low, high = mk.men_ctx_interval(age)
    lo, hi = np.log(low), np.log(high)
    return 0.5 * (lo + hi), (hi - lo) / (2.0 * 1.959963984540054)


def _ctx_reference(sex: Any, age: Any) -> tuple[Any, Any]:
    """(μ, σ) of ln CTX on the IDS-iSYS of the reference population of ``sex``: postmenopausal
    women (any age), or men of ``age`` (years; required for a man)."""
    if canonical_sex(sex) == "female":
        return _ctx_log_scale()
    if age is None:
        raise InputError("a man's serum CTX is read against the men of his age (the men's "
                         "reference interval falls with age); give age; got age=None")
    return _ctx_log_scale_men(_float_array(age, "age", "a finite number of years"))


def ctx_z_score(ctx: Any, assay: str = "IDS-iSYS", *, sex: str = "female",
                age: Any = None) -> Any:
    """SD of ln CTX above the mean of the reference population of ``sex``, for serum ``ctx``
    (ng/mL, > 0) measured on ``assay``: postmenopausal women (whatever ``age``), or men of
    ``age`` (years, broadcasts with ``ctx``; the men's interval falls with age). Another
    assay's value is first put on the IDS-iSYS scale by the ratio of the two assays'
    premenopausal geometric centres (ASSUMPTION: a value's ratio to the premenopausal centre
    does not depend on the assay, nor on the sex)."""
    c = _check_positive_array(ctx, "ctx")
    name = mk.canonical_assay(assay)
    if name != "IDS-iSYS":
        c = mk.on_assay(c / mk.premenopausal_centre("CTX", name), "CTX", "IDS-iSYS")
    mu, sigma = _ctx_reference(sex, age)
    z = (np.log(c) - mu) / sigma
    return float(z) if z.ndim == 0 else z


def ctx_population_centre(assay: str = "IDS-iSYS", *, sex: str = "female",
                          age: Any = None) -> Any:
    """Serum CTX (ng/mL on ``assay``) at the centre of the reference distribution of ``sex``:
    exp(μ), the geometric centre of the IDS-iSYS postmenopausal interval (women) or of the
    men's interval at ``age`` (men), put on ``assay``'s scale the way :func:`ctx_z_score`
    reads it back (its Z is 0)."""
    name = mk.canonical_assay(assay)
    mu, _ = _ctx_reference(sex, age)
    c = np.exp(mu)
    if name != "IDS-iSYS":
        c = c / mk.premenopausal_centre("CTX", "IDS-iSYS") * mk.premenopausal_centre("CTX", name)
    return float(c) if np.ndim(c) == 0 else c


def turnover_multiplier(ctx: Any, outcome: str, assay: str = "IDS-iSYS", *,
                        sex: str = "female", age: Any = None) -> Any:
    """GC^(Zc) / E[GC^(Zc)]: the continuous turnover factor on the hazard of ``outcome`` for serum
    CTX ``ctx`` (ng/mL on ``assay``, > 0); GC per SD from Johansson 2014 (hip 1.23, other
    outcomes 1.18), Zc from :func:`ctx_z_score` against the reference population of ``sex``
    (postmenopausal women; men of ``age``). For ``major`` this is the factor of its clinical
    vertebral and forearm-humerus parts; its hip part takes the hip factor (:data:`PARTS`).
    Mean 1 over that population (log-normal CTX), so a CTX at its geometric centre carries
    exp(−(ln GC)²/2), 0.979 (hip) or 0.986, for either sex; see fracture_data.GR_CTX for the
    assumptions."""
    outcome = _check_outcome(outcome)
    log_gc = np.log(fd.GR_CTX["hip" if outcome == "hip" else "other"].value)
    out = np.exp(np.asarray(ctx_z_score(ctx, assay, sex=sex, age=age)) * log_gc
                 - 0.5 * log_gc**2)
    return float(out) if out.ndim == 0 else out


# ---------------------------------------------------------------------------------------------
# clinical risk factors and extra multipliers
# ---------------------------------------------------------------------------------------------


def _rr(entry: fd.RiskFactorRR, outcome: str, age: np.ndarray) -> np.ndarray:
    hip = outcome == "hip"
    rr50 = entry.rr_hip if hip else entry.rr_osteoporotic
    rr85 = entry.rr_hip_85 if hip else entry.rr_osteoporotic_85
    if rr85 is None:
        return np.full(age.shape, rr50)
    frac = np.clip((age - 50.0) / 35.0, 0.0, 1.0)
    return np.exp(np.log(rr50) + frac * (np.log(rr85) - np.log(rr50)))


def gc_high_dose_factor(age: Any, outcome: str) -> np.ndarray:
    """The factor on the glucocorticoid hazards at a high current dose (Kanis 2011,
    :data:`fracture_data.GC_HIGH_DOSE_ADJUSTMENT`) at ``age``: hip's adjustment for
    ``"hip"``, the major osteoporotic fracture's for the others; linear between the table's
    ages, constant beyond."""
    adj = fd.GC_HIGH_DOSE_ADJUSTMENT
    col = adj["hip"] if outcome == "hip" else adj["major"]
    return 1.0 + np.interp(np.asarray(age, dtype=float), adj["age"], col) / 100.0


def risk_factor_multiplier(age: Any, outcome: str, *, prior_fracture: bool = False,
                           parental_hip_fracture: bool = False, smoker: bool = False,
                           glucocorticoids: bool = False, rheumatoid_arthritis: bool = False,
                           alcohol_units_per_day: float = 0.0,
                           glucocorticoids_high_dose: bool = False) -> np.ndarray:
    """Product of the RRs (:data:`fracture_data.RISK_FACTORS`) of the factors present, at ``age``.

    Hip uses the hip RRs; MOF and clinical vertebral use the osteoporotic-fracture RRs. In the
    major hazard these apply to its clinical vertebral and forearm-humerus parts; its hip part
    takes the hip RRs (:data:`PARTS`), so the major hazard's ratio for a factor lies between the
    two. ``glucocorticoids_high_dose`` (a current dose of :data:`fracture_data.GC_HIGH_DOSE`
    or more; only with ``glucocorticoids``) multiplies the glucocorticoid RR by
    :func:`gc_high_dose_factor`.
    """
    outcome = _check_outcome(outcome)
    x = np.asarray(age, dtype=float)
    present = {"prior_fracture": prior_fracture, "parental_hip_fracture": parental_hip_fracture,
               "smoker": smoker, "glucocorticoids": glucocorticoids,
               "rheumatoid_arthritis": rheumatoid_arthritis,
               "alcohol_gt_2_units": alcohol_units_per_day > fd.ALCOHOL_THRESHOLD.value}
    if glucocorticoids_high_dose and not glucocorticoids:
        raise InputError("glucocorticoids_high_dose raises the glucocorticoid factor at a high "
                         "current dose; give it with glucocorticoids=True; got it without")
    out = np.ones(x.shape)
    for name, on in present.items():
        if on:
            out = out * _rr(fd.RISK_FACTORS[name], outcome, x)
    if glucocorticoids_high_dose:
        out = out * gc_high_dose_factor(x, outcome)
    return out


def turnover_relative_risk(ctx_ratio_to_upper_limit: Any = None, *,
                           above: bool | None = None) -> Any:
    """Hip-fracture relative hazard for a high bone-resorption marker (EPIDOS, Garnero 1996).

    The published dichotomy, offered as a ``turnover_rr`` for a person whose CTX is known only as
    above or below the premenopausal range. Simulated trajectories use the graded
    :func:`turnover_multiplier` instead (never both: that would count turnover twice).

    Give either ``ctx_ratio_to_upper_limit`` (CTX divided by the upper limit of the premenopausal
    range, > 0) or ``above`` (True/False). Returns 2.2 (OR, 95% CI 1.3-3.6) when CTX is above the
    premenopausal upper limit (ratio > 1), else 1.0. EPIDOS reported only this dichotomy, so no
    graded effect is invented for ratios above 1.
    """
    if (ctx_ratio_to_upper_limit is None) == (above is None):
        raise InputError("turnover_relative_risk needs exactly one of ctx_ratio_to_upper_limit "
                         f"(number > 0) or above (bool); got {ctx_ratio_to_upper_limit!r}, {above!r}")
    if above is not None:
        flag = _check_flag(above, "above")
        return fd.TURNOVER_OR_HIGH_CTX.value if flag else 1.0
    ratio = _check_positive_array(ctx_ratio_to_upper_limit, "ctx_ratio_to_upper_limit")
    rr = np.where(ratio > 1.0, fd.TURNOVER_OR_HIGH_CTX.value, 1.0)
    return float(rr) if rr.ndim == 0 else rr


NONVERTEBRAL = "nonvertebral"
"""A composite outcome for trial readings (:func:`fracture_hazard` only): hip, forearm and
humerus fractures (the hip and forearm-humerus parts of :data:`PARTS`), the nonvertebral sites
of the model. Trials' 'nonvertebral' fractures also
count pelvis, ribs, leg and others; their relative risk is read on these three."""


def fracture_hazard(age: Any, sex: str, outcome: str, *, z_score: Any = None,
                    spine_z_score: Any = None, ctx: Any = None, ctx_assay: str = "IDS-iSYS",
                    multiplier: Any = 1.0, ctx_baseline: Any = None) -> np.ndarray:
    """Hazard (1/year) of ``outcome`` for a person with femoral-neck ``z_score`` (None: population
    hazard) times a further ``multiplier`` (risk factors, quality; the same for every part). For
    the clinical vertebral outcome (and the clinical vertebral part of ``major``) a lumbar-spine
    ``spine_z_score`` replaces the femoral neck's; ``ctx`` (ng/mL on ``ctx_assay``) adds the
    continuous turnover factor (:func:`turnover_multiplier`), and ``ctx_baseline`` (the
    pre-treatment CTX, same assay; None: not known) limits the fall of CTX that the hip and
    forearm-humerus parts are credited with (:func:`credited_ctx`).

    ``outcome="major"`` is the sum of the hip, clinical vertebral and forearm-humerus parts
    (:data:`PARTS`), each with its own BMD and turnover gradients; ``outcome="nonvertebral"``
    (:data:`NONVERTEBRAL`) is the sum of the hip and forearm-humerus parts. Risk factors whose RR
    differs between hip and other fractures are applied part by part by
    :func:`fracture_hazards` and :func:`fracture_probability`."""
    parts = {"major": PARTS, NONVERTEBRAL: ("hip", "forearm_humerus")}.get(outcome)
    if parts is None:
        parts = (_check_outcome(outcome),)
    if ctx_baseline is not None:
        if ctx is None:
            raise InputError("ctx_baseline (the pre-treatment serum CTX) needs ctx; got "
                             "ctx_baseline without ctx")
        ctx_baseline = _check_positive_array(ctx_baseline, "ctx_baseline")
    pop = _population_hazards(age, sex)
    total = 0.0
    for part in parts:
        total = total + _part_hazard(age, sex, part, pop[part], z_score, spine_z_score, ctx,
                                     ctx_assay, ctx_baseline=ctx_baseline)
    return total * np.asarray(multiplier, dtype=float)


def _part_hazard(age: Any, sex: str, part: str, h_pop: np.ndarray, z_score: Any,
                 spine_z_score: Any, ctx: Any, ctx_assay: str, z_change: Any = None,
                 spine_z_change: Any = None, ctx_baseline: Any = None) -> np.ndarray:
    """Hazard (1/year) of one part of :data:`PARTS` before risk factors and multipliers: its
    population hazard ``h_pop`` times its BMD factor and its turnover factor (at the CTX of
    :func:`credited_ctx`). Where neither BMD that grades the part is known, a known change of it
    (``z_change`` at the femoral neck, ``spine_z_change`` at the spine, in SD) moves the
    population's hazard along its gradient."""
    h = h_pop
    if part == "clinical_vertebral" and spine_z_score is not None:
        h = h * bmd_multiplier(spine_z_score, age, sex, part, site="lumbar_spine")
    elif z_score is not None:
        h = h * _part_bmd_factor(z_score, age, sex, part)
    elif part == "clinical_vertebral" and spine_z_change is not None:
        h = h * _change_factor(spine_z_change, fd.GR_VERTEBRAL_LS.value)
    elif z_change is not None:
        h = h * _change_factor(z_change, _part_gradient(age, sex, part))
    if ctx is not None:
        h = h * turnover_multiplier(credited_ctx(ctx, part, ctx_baseline),
                                    "hip" if part == "hip" else "major", ctx_assay, sex=sex,
                                    age=age)
    return h


def credited_ctx(ctx: Any, part: str, ctx_baseline: Any = None) -> Any:
    """The serum CTX that the turnover term of ``part`` (one of :data:`PARTS`) reads: ``ctx``
    itself, except that the nonvertebral parts (hip, forearm-humerus;
    fracture_data.CTX_FLOORED_PARTS) read it as no lower than 40 % of the pre-treatment
    ``ctx_baseline`` (same assay and unit as ``ctx``; None: no floor), so that a fall deeper than
    60 % earns them nothing more (fracture_data.CTX_FALL_CREDITED_NONVERTEBRAL: the fall over
    which a treatment-induced change of CTX has been related to fracture risk, Eastell 2003;
    FREEDOM's modest nonvertebral benefit under far deeper suppression, Austin 2012). The
    clinical vertebral part reads ``ctx`` whole. A rise above the baseline is never limited."""
    if part not in PARTS:
        raise InputError(f"part must be one of {', '.join(PARTS)}; got {part!r}")
    if ctx_baseline is None or part not in fd.CTX_FLOORED_PARTS:
        return ctx
    floor = (1.0 - fd.CTX_FALL_CREDITED_NONVERTEBRAL.value) * np.asarray(ctx_baseline, dtype=float)
    out = np.maximum(np.asarray(ctx, dtype=float), floor)
    return float(out) if out.ndim == 0 else out


# ---------------------------------------------------------------------------------------------
# probability
# ---------------------------------------------------------------------------------------------


def _horizon_years(horizon: Any, age: np.ndarray) -> np.ndarray:
    what = "'10y', 'lifetime', or a number of years > 0 with age + horizon <= 100"
    if isinstance(horizon, str):
        key = horizon.strip().lower()
        if key == "lifetime":
            return MAX_AGE - age
        if key.endswith("y"):
            key = key[:-1]
        try:
            years = float(key)
        except ValueError as exc:
            raise InputError(f"horizon must be {what}; got {horizon!r}") from exc
    else:
        years = float(_float_array(horizon, "horizon", what)) if np.ndim(horizon) == 0 else np.nan
    if not np.isfinite(years) or years <= 0 or np.any(age + years > MAX_AGE + 1e-9):
        raise InputError(f"horizon must be {what}; got {horizon!r}")
    return np.full(age.shape, years)


def _competing_probability(h_fx: np.ndarray, h_d: np.ndarray, dt: np.ndarray) -> np.ndarray:
    """Σ_i S_i (h_fx/H)(1 − e^{−H dt}) along the last axis (piecewise-constant hazards)."""
    H = h_fx + h_d
    cum = np.cumsum(H * dt, axis=-1)
    s_start = np.exp(-(cum - H * dt))
    return np.sum(s_start * (h_fx / H) * -np.expm1(-H * dt), axis=-1)


def fracture_probability(age: Any, sex: str, *, t_score_femoral_neck: Any = None, bmi: Any = None,
                         prior_fracture: bool = False, parental_hip_fracture: bool = False,
                         smoker: bool = False, glucocorticoids: bool = False,
                         rheumatoid_arthritis: bool = False, alcohol_units_per_day: float = 0.0,
                         t_score_lumbar_spine: Any = None, ctx: Any = None,
                         ctx_assay: str = "IDS-iSYS", turnover_rr: float = 1.0, quality_rr: float = 1.0,
                         horizon: Any = "10y", t_change_femoral_neck: Any = None,
                         t_change_lumbar_spine: Any = None,
                         ctx_baseline: Any = None,
                         glucocorticoids_high_dose: bool = False) -> dict[str, Any]:
    """Probability (percent) of a first hip, clinical vertebral and major osteoporotic fracture.

    ``age`` (years, 50-90), ``t_score_femoral_neck`` (−10..10, or None for the population average),
    ``t_score_lumbar_spine`` (grades the clinical vertebral outcome instead of the femoral neck;
    None: femoral neck) and ``ctx`` (serum CTX, ng/mL on ``ctx_assay``, > 0; None: the
    population average) may be arrays; they broadcast together. The state (T-scores, CTX, factors)
    is held fixed while age advances; death competes. ``horizon``: ``"10y"`` (default),
    ``"lifetime"`` (to age 100) or a number of years. ``bmi`` (kg/m², (10, 70]) is checked but does
    not enter (see the module docstring). ``turnover_rr`` (e.g. :func:`turnover_relative_risk`)
    multiplies the hip hazard only (EPIDOS studied hip fracture), and so the hip part of the
    major hazard; do not give it together with ``ctx``. ``quality_rr`` multiplies all three.
    ``ctx_baseline`` (the pre-treatment CTX on ``ctx_assay``, > 0; needs ``ctx``; None: not
    known) limits the fall of CTX credited to the hip and forearm-humerus parts
    (:func:`credited_ctx`).
    The major hazard is the sum of its parts (:data:`PARTS`), so hip <= major and clinical
    vertebral <= major for every input. ``t_change_femoral_neck`` and ``t_change_lumbar_spine``
    (T-score units) are the change of a site whose level is not known (a simulated patient's
    site she did not give): where no BMD grades a part, its population hazard moves along the
    part's gradient by that change (:func:`_change_factor`); not with that site's T-score.
    ``glucocorticoids_high_dose``: a current glucocorticoid dose of 7.5 mg/day or more
    (with ``glucocorticoids``; Kanis 2011's adjustment, :func:`risk_factor_multiplier`).

    Returns ``{"hip": p, "major": p, "clinical_vertebral": p}`` (float or array, percent).
    """
    s, a, flags, alcohol = _inputs(
        age, sex, t_score_femoral_neck, t_score_lumbar_spine, ctx, ctx_assay, bmi, prior_fracture,
        parental_hip_fracture, smoker, glucocorticoids, rheumatoid_arthritis,
        alcohol_units_per_day, turnover_rr, quality_rr, t_change_femoral_neck,
        t_change_lumbar_spine, ctx_baseline, glucocorticoids_high_dose)
    ages = a["age"]
    years = _horizon_years(horizon, ages)

    n_steps = int(np.ceil(np.max(years) / STEP_YEARS - 1e-9)) if ages.size else 0
    start = np.arange(n_steps) * STEP_YEARS
    dt = np.clip(years[..., None] - start, 0.0, STEP_YEARS)
    x = ages[..., None] + start + 0.5 * dt  # attained age at the middle of each step
    h_d = death_hazard(x, s)
    hazards = _hazards(x, s, {k: v[..., None] for k, v in a.items()}, flags, alcohol, ctx_assay)
    out = {}
    for outcome in OUTCOMES:
        p = 100.0 * _competing_probability(hazards[outcome], h_d, dt)
        out[outcome] = float(p) if p.ndim == 0 else p
    return out


def fracture_hazards(age: Any, sex: str, *, t_score_femoral_neck: Any = None, bmi: Any = None,
                     prior_fracture: bool = False, parental_hip_fracture: bool = False,
                     smoker: bool = False, glucocorticoids: bool = False,
                     rheumatoid_arthritis: bool = False, alcohol_units_per_day: float = 0.0,
                     t_score_lumbar_spine: Any = None, ctx: Any = None,
                     ctx_assay: str = "IDS-iSYS", turnover_rr: float = 1.0,
                     quality_rr: float = 1.0, t_change_femoral_neck: Any = None,
                     t_change_lumbar_spine: Any = None,
                     ctx_baseline: Any = None,
                     glucocorticoids_high_dose: bool = False) -> dict[str, Any]:
    """Hazards (1/year) of hip, clinical vertebral and major osteoporotic fracture at ``age`` now,
    for the same inputs as :func:`fracture_probability` (checked the same way)."""
    s, a, flags, alcohol = _inputs(
        age, sex, t_score_femoral_neck, t_score_lumbar_spine, ctx, ctx_assay, bmi, prior_fracture,
        parental_hip_fracture, smoker, glucocorticoids, rheumatoid_arthritis,
        alcohol_units_per_day, turnover_rr, quality_rr, t_change_femoral_neck,
        t_change_lumbar_spine, ctx_baseline, glucocorticoids_high_dose)
    hazards = _hazards(a["age"], s, a, flags, alcohol, ctx_assay)
    return {o: float(h) if np.ndim(h) == 0 else h for o, h in hazards.items()}


def _inputs(age: Any, sex: Any, t_fn: Any, t_ls: Any, ctx: Any, ctx_assay: str, bmi: Any,
            prior_fracture: Any, parental_hip_fracture: Any, smoker: Any, glucocorticoids: Any,
            rheumatoid_arthritis: Any, alcohol_units_per_day: Any, turnover_rr: Any,
            quality_rr: Any, dt_fn: Any = None, dt_ls: Any = None, ctx_baseline: Any = None,
            gc_high_dose: Any = False,
            ) -> tuple[str, dict[str, np.ndarray], dict[str, bool], float]:
    """Checked inputs: (sex, broadcast arrays by name, risk-factor flags, alcohol units/day)."""
    s = canonical_sex(sex)
    arrays = {"age": _check_age(age)}
    if t_fn is not None:
        arrays["t_fn"] = check_t_score(t_fn, "femoral_neck", field="t_score_femoral_neck")
    if t_ls is not None:
        arrays["t_ls"] = check_t_score(t_ls, "lumbar_spine", field="t_score_lumbar_spine")
    for key, value, level, site in (("dt_fn", dt_fn, t_fn, "femoral_neck"),
                                    ("dt_ls", dt_ls, t_ls, "lumbar_spine")):
        if value is None:
            continue
        if level is not None:
            raise InputError(f"give t_score_{site} (the level) or t_change_{site} (the change of "
                             f"a site whose level is not known), not both; got both")
        arrays[key] = _float_array(value, f"t_change_{site}", "finite numbers of T-score units")
        if not np.all(np.isfinite(arrays[key])):
            raise InputError(f"t_change_{site} must be finite numbers of T-score units; got "
                             f"{value!r}")
    if ctx is not None:
        arrays["ctx"] = _check_positive_array(ctx, "ctx")
        mk.canonical_assay(ctx_assay)
    if ctx_baseline is not None:
        if ctx is None:
            raise InputError("ctx_baseline (the pre-treatment serum CTX) needs ctx; got "
                             "ctx_baseline without ctx")
        arrays["ctx_baseline"] = _check_positive_array(ctx_baseline, "ctx_baseline")
    if bmi is not None:
        b = _float_array(bmi, "bmi", "a number of kg/m² in (10, 70]")
        if np.any((b <= BMI_RANGE[0]) | (b > BMI_RANGE[1])):
            raise InputError(f"bmi must be a number of kg/m² in (10, 70]; got {bmi!r}")
    flags = {name: _check_flag(val, name) for name, val in (
        ("prior_fracture", prior_fracture), ("parental_hip_fracture", parental_hip_fracture),
        ("smoker", smoker), ("glucocorticoids", glucocorticoids),
        ("rheumatoid_arthritis", rheumatoid_arthritis),
        ("glucocorticoids_high_dose", gc_high_dose))}
    if flags["glucocorticoids_high_dose"] and not flags["glucocorticoids"]:
        raise InputError("glucocorticoids_high_dose raises the glucocorticoid factor at a high "
                         "current dose; give it with glucocorticoids=True; got it without")
    from osteon.patient import ALCOHOL_RANGE

    lo, hi = ALCOHOL_RANGE
    alcohol = _float_array(alcohol_units_per_day, "alcohol_units_per_day",
                           f"a number of units/day in [{lo:g}, {hi:g}]")
    if alcohol.ndim != 0 or not lo <= alcohol <= hi:
        raise InputError(f"alcohol_units_per_day must be a number of units/day in [{lo:g}, "
                         f"{hi:g}] (above {hi:g} more likely a slip than a daily intake); got "
                         f"{alcohol_units_per_day!r}")
    arrays["turnover"] = _check_positive_array(turnover_rr, "turnover_rr")
    arrays["quality"] = _check_positive_array(quality_rr, "quality_rr")
    if ctx is not None and np.any(arrays["turnover"] != 1.0):
        raise InputError("give either ctx (the graded turnover term) or turnover_rr (a turnover "
                         "relative risk), not both: turnover would be counted twice; got both")
    a = dict(zip(arrays, np.broadcast_arrays(*arrays.values()), strict=True))
    return s, a, flags, float(alcohol)


def _hazards(x: np.ndarray, s: str, a: dict[str, np.ndarray], flags: dict[str, bool],
             alcohol: float, ctx_assay: str) -> dict[str, np.ndarray]:
    """Hazard of each outcome at attained ages ``x``; the arrays of ``a`` broadcast against x.

    Each part of :data:`PARTS` takes its own gradients and RRs (hip RRs and ``turnover_rr`` for
    the hip part, osteoporotic-fracture RRs for the others); ``major`` is their sum."""
    z_fn = femoral_neck_z_score(a["t_fn"], x, s) if "t_fn" in a else None
    z_ls = lumbar_spine_z_score(a["t_ls"], x, s) if "t_ls" in a else None
    # a change of T of a site whose level is not known, in SD of that age
    dz_fn = (a["dt_fn"] * REFERENCE["femoral_neck"].sd / _fn_mean_sd(x, s)[1]
             if "dt_fn" in a else None)
    dz_ls = (a["dt_ls"] * REFERENCE["lumbar_spine"].sd / _ls_mean_sd(x, s)[1]
             if "dt_ls" in a else None)
    pop = _population_hazards(x, s)
    rr = {o: risk_factor_multiplier(x, o, alcohol_units_per_day=alcohol, **flags)
          for o in ("hip", "major")}
    parts = {}
    for part in PARTS:
        mult = a["quality"] * (rr["hip"] * a["turnover"] if part == "hip" else rr["major"])
        parts[part] = mult * _part_hazard(x, s, part, pop[part], z_fn, z_ls, a.get("ctx"),
                                          ctx_assay, z_change=dz_fn, spine_z_change=dz_ls,
                                          ctx_baseline=a.get("ctx_baseline"))
    return {"hip": parts["hip"], "clinical_vertebral": parts["clinical_vertebral"],
            "major": parts["hip"] + parts["clinical_vertebral"] + parts["forearm_humerus"]}


def survival_probability(age: Any, sex: str, years: Any) -> Any:
    """Probability of being alive ``years`` after ``age`` under this module's death hazard."""
    s = canonical_sex(sex)
    a = np.asarray(age, dtype=float)
    cum = _cumulative_death_hazard(a + np.asarray(years, dtype=float), s) - _cumulative_death_hazard(a, s)
    out = np.exp(-cum)
    return float(out) if out.ndim == 0 else out


# ---------------------------------------------------------------------------------------------
# documentation table
# ---------------------------------------------------------------------------------------------


def risk_factor_table() -> pd.DataFrame:
    """Every relative risk / gradient used by the model, with its source and assumption flag. The
    hip rows apply to hip fracture and to the hip part of the major hazard (:data:`PARTS`)."""
    rows = []
    for rf in fd.RISK_FACTORS.values():
        for outcome, rr, rr85 in (("hip", rf.rr_hip, rf.rr_hip_85),
                                  ("clinical_vertebral/non-hip parts of major", rf.rr_osteoporotic,
                                   rf.rr_osteoporotic_85)):
            rows.append({"factor": rf.factor, "outcome": outcome, "rr": rr,
                         "rr_at_85": rr85, "unit": "relative risk", "bmd": rf.bmd_adjusted,
                         "source": rf.source, "assumption": rf.assumption, "note": rf.note})
    adj = fd.GC_HIGH_DOSE_ADJUSTMENT
    for outcome, col in (("hip", "hip"), ("clinical_vertebral/non-hip parts of major", "major")):
        rows.append({"factor": "glucocorticoids_high_dose", "outcome": outcome,
                     "rr": float(gc_high_dose_factor(50.0, col)), "rr_at_85":
                     float(gc_high_dose_factor(85.0, col)), "unit": "factor on the glucocorticoid RR",
                     "bmd": "", "source": adj["source"], "assumption": True, "note": adj["note"]})
    grs = [("bmd_per_sd_at_65_female", "hip", fd.GR_HIP_65["female"]),
           ("bmd_per_sd_at_65_male", "hip", fd.GR_HIP_65["male"]),
           ("bmd_per_sd_at_50", "hip", fd.GR_HIP_50),
           ("bmd_per_sd_at_65_female", "forearm_humerus part of major", fd.GR_MOF_65["female"]),
           ("bmd_per_sd_at_65_male", "forearm_humerus part of major", fd.GR_MOF_65["male"]),
           ("bmd_per_sd", "clinical_vertebral", fd.GR_VERTEBRAL_FN),
           ("lumbar_spine_bmd_per_sd", "clinical_vertebral", fd.GR_VERTEBRAL_LS),
           ("ctx_per_sd", "hip", fd.GR_CTX["hip"]),
           ("ctx_per_sd", "clinical_vertebral/non-hip parts of major", fd.GR_CTX["other"]),
           ("ctx_fall_credited", "hip and forearm_humerus parts",
            fd.CTX_FALL_CREDITED_NONVERTEBRAL),
           ("ctx_above_premenopausal_range", "hip", fd.TURNOVER_OR_HIGH_CTX)]
    for factor, outcome, num in grs:
        rows.append({"factor": factor, "outcome": outcome, "rr": num.value, "rr_at_85": None,
                     "unit": num.unit, "bmd": "", "source": num.source, "assumption": num.assumption,
                     "note": num.note})
    return pd.DataFrame(rows)
