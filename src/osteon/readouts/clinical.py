"""Clinical readouts along a trajectory, and for one person without a simulation.

What a clinician reads, computed from what the model (or a patient record) gives:

- ``t_score_<site>`` from areal BMD (:func:`densitometry.t_score`), at the three DXA sites;
- ``z_score_<site>`` against the age- and sex-matched reference curve where one exists
  (:mod:`reference_curves`; missing otherwise, never guessed), and outside the curve's ages;
- ``who_class``: the ISCD rule (:func:`diagnosis.applicable_score`) decides the score. For
  postmenopausal women and men aged 50 or more it is the WHO class of the lowest T-score of the
  three sites ("severe osteoporosis" when a fragility fracture is recorded); before that it is the
  Z-score class of the lowest Z-score ("below/within the expected range for age"), or
  ``"Z-score applies (no reference curve)"`` when no site has a curve;
- ``ctx_status``, ``p1np_status``, ``bsap_status``: the marker against the assay's premenopausal
  reference interval (:mod:`markers`; IDS-iSYS by default) - ``below``, ``inside``, ``above``.
  The model's markers are anchored at the young adult (``ctx_young``, ``p1np_young``,
  ``bsap_young``: each a premenopausal interval's geometric centre), so each is read on the chosen
  assay as its ratio to the young adult times that assay's premenopausal centre
  (:func:`markers.on_assay`); a marker the assay has no interval for gets no status column;
- ``ctx_on_assay``, ``p1np_on_assay``, ``bsap_on_assay``: that reading (ng/mL on the chosen
  assay), the value the status and the figure show. The model's own ``ctx``, ``p1np`` and
  ``bsap`` are on the scale of their young-adult anchors (Roche Elecsys for CTX and P1NP,
  Beckman Access Ostase for BSAP), so on another assay they differ from these (CTX 0.2963 ng/mL
  on Elecsys is 0.183 on IDS-iSYS);
- ``fracture_risk_10y_<outcome>`` and ``fracture_risk_lifetime_<outcome>`` (percent) for hip,
  major osteoporotic and clinical vertebral fracture (:mod:`fracture`; not FRAX), with the
  femoral-neck T-score (the lumbar spine's for the vertebral outcome, and so for the spine
  part of the major outcome, which is the sum of its sites), the risk factors (the patient's
  and those the run's conditions set, below), the graded turnover term of serum CTX
  (Johansson 2014; the model's CTX read on the IDS-iSYS scale as for the statuses, against the
  subject's own population: postmenopausal women, or men of the attained age,
  :func:`osteon.readouts.fracture.ctx_z_score`) and the
  tissue-quality multiplier
  ``tissue_fracture_rr`` of the model (fluoride's brittle bone). Defined for ages 50-90 only:
  outside them the value is missing (NaN in a frame, ``null`` in JSON), never extrapolated.
  For a patient given with BMD at some sites, the WHO class reads those sites only, and a site
  she did not give grades her risk only through its change since the start
  (``t_change_<site>`` of :func:`fracture.fracture_probability`); the vertebral outcome is
  graded by the neck when she gave the neck but not the spine, as :func:`assess` does. A total
  hip she gave decides the class but grades no outcome (the gradients are the femoral neck's
  and the spine's: :data:`~osteon.readouts.fracture_data.TOTAL_HIP_NOT_USED`): given alone, her
  risk starts at the population average for her age, as :func:`assess` gives it, and moves
  with the change of the neck the model derives from it.
  The turnover term reads ``ctx_sustained`` where the model has it: CTX averaged on a log scale
  with weights fading over about a year (``turnover_memory_time``), because a probability over 10 years
  projects the turnover a regimen sustains, not the point of its dosing cycle (on denosumab
  every 6 months the CTX of the moment swings about 10-fold, and a projection read from it
  swung the 10-year hip probability twofold with every dose). The trial relative risks of the
  validation integrate the hazard at the CTX of each moment. The turnover at the start of the
  run is taken as the pre-treatment level: the hip and forearm-humerus parts are credited with a
  fall of CTX only down to 40 % of it (:func:`osteon.readouts.fracture.credited_ctx`).
- ``risk_factors`` (text): the risk factors in that time's projections, each with where it
  came from: ``(patient)``, the patient's text; ``(condition)``, a condition of the run;
  ``(patient, condition)``, both, counted once (a factor is yes or no); ``none``.

A condition sets FRAX's factor while the factor's definition holds (:func:`condition_factors`):
the glucocorticoid condition at 5 mg/day or more (prednisolone equivalent) from its onset
to its offset (in the rows in (onset, offset], as the model's inputs: a row saved at an event is
the value before it), and after it once 3 months of such doses are reached (FRAX's ever use, past or present:
ISCD-IOF 2011; the RR is that of ever use, Kanis 2004); the rheumatoid-arthritis condition from
its onset on (a diagnosis: its offset is disease control). Their RRs hold with BMD known
(adjusted for it, or independent of it), so they multiply the BMD term of the bone the
condition takes, as FRAX enters both. The generic inflammation condition sets no factor.

For one person without a simulation (:func:`assess`, ``osteon assess``) the same readouts, and
what each input contributes to the fracture risk (:func:`risk_contributions`, one input at a
time: the hazard ratio now against a stated comparison - the factor absent, or a T-score or CTX
at the average for age - and the 10-year probability of that comparison).

Sex comes from the model parameter ``female``; menopause from ``age_menopause``; risk factors
from the patient each subject started from (``result.attrs["patients"]``, one per subject, or
``result.attrs["patient"]`` in a result saved before it) and from the run's conditions
(``result.attrs["conditions"]``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from osteon.errors import InputError
from osteon.readouts import densitometry as dxa
from osteon.readouts import diagnosis as dx
from osteon.readouts import fracture as fx
from osteon.readouts import fracture_data as fd
from osteon.readouts import markers as mk
from osteon.readouts.reference_curves import REFERENCE_CURVES

OUTCOMES = fx.OUTCOMES
HORIZONS = {"10y": "10y", "lifetime": "lifetime"}
MARKER_COLUMNS = {"ctx": "CTX", "p1np": "P1NP", "bsap": "BSAP"}
NO_CURVE = "Z-score applies (no reference curve)"

NOT_CLASSED = (f"not classed ({{kind}}-score outside {dxa.T_SCORE_RANGE[0]:g} to "
               f"{dxa.T_SCORE_RANGE[1]:g})")
"""The class of a simulated time whose deciding score (a model output) lies outside
:data:`osteon.readouts.densitometry.T_SCORE_RANGE`, where no class is defined: the score is
reported as computed, the class is this text, and :func:`classify` warns (a score out there as
*input* is refused as a typing or unit mistake; the model may reach it, e.g. years of an
anabolic drug from a T-score near +10, and the run stays readable)."""
#: the classes :func:`classify` reads from a Z-score (ISCD: women before menopause, men under 50)
Z_CLASSES = (dx.BELOW_EXPECTED, dx.WITHIN_EXPECTED, NO_CURVE, NOT_CLASSED.format(kind="Z"))


def read_by_z(who_class: Any) -> bool:
    """Whether a ``who_class`` value is read from the Z-score (:data:`Z_CLASSES`): the Z-scores
    then decide it, not the T-scores."""
    return isinstance(who_class, str) and who_class in Z_CLASSES


@dataclass(frozen=True)
class RiskFactors:
    """The clinical risk factors the fracture model takes (all default to absent)."""

    prior_fracture: bool = False
    parental_hip_fracture: bool = False
    smoker: bool = False
    glucocorticoids: bool = False
    rheumatoid_arthritis: bool = False
    alcohol_units_per_day: float = 0.0
    bmi: float | None = None
    #: a current glucocorticoid dose of 7.5 mg/day or more (a condition's: the patient's text
    #: gives no dose), which raises the glucocorticoid factor (Kanis 2011; only with it)
    glucocorticoids_high_dose: bool = False

    @classmethod
    def of(cls, patient: Any) -> RiskFactors:
        if patient is None:
            return cls()
        return cls(prior_fracture=patient.prior_fracture,
                   parental_hip_fracture=patient.parental_hip_fracture, smoker=patient.smoker,
                   glucocorticoids=patient.glucocorticoids,
                   rheumatoid_arthritis=patient.rheumatoid_arthritis,
                   alcohol_units_per_day=patient.alcohol_units_per_day, bmi=patient.bmi)

    def as_kwargs(self) -> dict[str, Any]:
        return {"prior_fracture": self.prior_fracture,
                "parental_hip_fracture": self.parental_hip_fracture, "smoker": self.smoker,
                "glucocorticoids": self.glucocorticoids,
                "rheumatoid_arthritis": self.rheumatoid_arthritis,
                "alcohol_units_per_day": self.alcohol_units_per_day, "bmi": self.bmi,
                "glucocorticoids_high_dose": self.glucocorticoids_high_dose}


CONDITION_FACTORS: dict[str, str] = {"glucocorticoids": "glucocorticoids",
                                     "rheumatoid_arthritis": "rheumatoid_arthritis"}
"""The conditions (:mod:`osteon.conditions` ids) that set a risk factor of the fracture
readouts, and the factor (a :class:`RiskFactors` field) each sets; when: :func:`condition_factors`.
The generic ``inflammation`` condition sets none (FRAX's factor is rheumatoid arthritis)."""

#: what :func:`condition_factors` may set: the factors, and the glucocorticoid dose's modifier
CONDITION_FACTOR_NAMES = (*dict.fromkeys(CONDITION_FACTORS.values()), "glucocorticoids_high_dose")


def condition_factors(conditions: Sequence[Any], times: Any, age: float | None = None
                      ) -> dict[str, np.ndarray]:
    """Whether each risk factor a condition of the run sets applies at each of ``times`` (days on
    the simulation's clock): ``{factor: bool array}``, only the factors some condition sets.

    ``conditions``: the run's courses (texts as ``result.attrs["conditions"]`` keeps them, or
    :class:`~osteon.conditions.Course`); ``age``: the patient's age at the start, years (places
    an onset given as her age; needed only for those).

    - ``glucocorticoids``: FRAX's factor is past or present oral glucocorticoid use of 3 months
      or more at 5 mg/day of prednisolone or more (ISCD-IOF 2011 official position; the RR of
      Kanis 2004 is that of ever use, current and past). A glucocorticoid course at
      :data:`~osteon.readouts.fracture_data.GC_FACTOR_MIN_DOSE` (5 mg/day) or more sets it after
      its onset while it lasts, and after it for the rest of the run once the time spent at
      such doses (all courses, before the start included) has reached
      :data:`~osteon.readouts.fracture_data.GC_FACTOR_MIN_EXPOSURE` (3 months); a lower dose
      never sets it. The assumptions (a course counts from its onset whatever its length; past
      use keeps counting, though the excess risk falls quickly after stopping, van Staa 2000)
      are stated there. ``glucocorticoids_high_dose``: while a course at
      :data:`~osteon.readouts.fracture_data.GC_HIGH_DOSE` (7.5 mg/day) or more is in force
      (not after it ends), the factor's hazards are raised by Kanis 2011's adjustment
      (:data:`~osteon.readouts.fracture_data.GC_HIGH_DOSE_ADJUSTMENT`).
    - ``rheumatoid_arthritis``: FRAX's factor is the diagnosis, yes or no. A rheumatoid-
      arthritis course sets it after its onset for the rest of the run, at any activity and
      after its offset: the condition's offset is disease control (its card), not cure.
      ASSUMPTION: the RR (Kanis' individual-person meta-analysis, fracture_data.RISK_FACTORS)
      applies to controlled disease as to active.

    When, at a row's time: a row shows what the model integrated up to that time, as the
    state and parameters saved there do. An onset or an offset in the run is an event, and a
    time saved at an event's time is the pre-event value (:mod:`osteon.events`), so a course
    of the run is in the rows at times in (onset, offset]: not in the row at its onset (a course
    from 0 is not in the t = 0 row, as its parameters and the state are not), and still in the
    row at its offset (its inputs switch off just after that row is saved). A course begun
    before the start (``since age 60``, ``for the past 5 years``) is in the rows in [0, offset]
    (in force at the start, in her start parameters); one that ended at or before the start is
    in none (not in the run, :meth:`~osteon.conditions.Course.in_run`).

    Both RRs hold with BMD known (glucocorticoids: adjusted for BMD, Kanis 2004; rheumatoid
    arthritis: independent of femoral-neck BMD), so they multiply the BMD term of a trajectory
    whose BMD the condition lowers without counting that loss twice, as FRAX enters both."""
    from osteon.conditions import courses as to_courses
    from osteon.units import DAYS_PER_MONTH

    t = np.asarray(times, dtype=float)
    out: dict[str, np.ndarray] = {}
    exposure = np.zeros(t.shape)  # days at a dose that counts, up to each time
    gc_min_days = fd.GC_FACTOR_MIN_EXPOSURE.value * DAYS_PER_MONTH
    for c in to_courses(list(conditions or [])):
        factor = CONDITION_FACTORS.get(c.condition.id)
        if factor is None:
            continue
        start = c.start_day(age)
        end = np.inf if c.offset is None else float(c.offset)
        now = out.setdefault(factor, np.zeros(t.shape, dtype=bool))
        # an onset in the run (from 0 on) is an event: the point saved at its time is the
        # pre-event value, the t = 0 row of a course 'from 0' included, so the factor is on
        # after it; a course begun before the start (established: 'since age 60', 'for the
        # past 5 years') is in force at t = 0, in the t = 0 row as in her state
        after_onset = (t >= start) if c.established else (t > start)
        # an offset in the run is an event too: the row saved at it is the pre-event value,
        # the course's inputs still in force, so the factor is on there; a course ended at or
        # before the start is not in the run
        before_end = (t <= end) if end > 0.0 else np.zeros(t.shape, dtype=bool)
        if factor == "glucocorticoids":
            if c.severity < fd.GC_FACTOR_MIN_DOSE.value:
                continue
            now |= after_onset & before_end
            exposure += np.clip(np.minimum(t, end) - start, 0.0, None)
            if c.severity >= fd.GC_HIGH_DOSE.value:
                high = out.setdefault("glucocorticoids_high_dose",
                                      np.zeros(t.shape, dtype=bool))
                high |= after_onset & before_end
        else:
            now |= after_onset
    if "glucocorticoids" in out:
        out["glucocorticoids"] |= exposure >= gc_min_days * (1.0 - 1e-12)
    return out


def factor_labels(factors: RiskFactors, from_conditions: Mapping[str, np.ndarray] | None,
                  shape: tuple[int, ...]) -> np.ndarray:
    """The risk factors that enter the fracture projections at each time, as text (the
    ``risk_factors`` column): each named with where it came from, ``(patient)`` for the
    patient's text, ``(condition)`` for a condition of the run (:func:`condition_factors`),
    ``(patient, condition)`` for both (counted once); ``"none"`` without any. BMI is not named:
    it does not enter the hazards."""
    out = np.empty(shape, dtype=object)
    for mask, set_by_conditions in _condition_groups(from_conditions, shape):
        words = []
        high = factors.glucocorticoids_high_dose or "glucocorticoids_high_dose" in set_by_conditions
        for name, word in _FACTOR_LABELS.items():
            whence = ([] if not getattr(factors, name) else ["patient"]) + (
                ["condition"] if name in set_by_conditions else [])
            if whence:
                word = f"{word} {GC_HIGH_DOSE_WORDS}" if name == "glucocorticoids" and high \
                    else word
                words.append(f"{word} ({', '.join(whence)})")
        if factors.alcohol_units_per_day > fd.ALCOHOL_THRESHOLD.value:
            words.append(f"alcohol {factors.alcohol_units_per_day:g} units/day (patient)")
        out[mask] = "; ".join(words) if words else "none"
    return out


def factor_names(factors: RiskFactors) -> list[str]:
    """The clinical risk factors present in ``factors`` that enter the hazards, in words (BMI
    does not enter; alcohol counts above :data:`~osteon.readouts.fracture_data.ALCOHOL_THRESHOLD`)."""
    out = [word for name, word in _FACTOR_LABELS.items() if getattr(factors, name)]
    if factors.alcohol_units_per_day > fd.ALCOHOL_THRESHOLD.value:
        out.append(f"alcohol {factors.alcohol_units_per_day:g} units/day")
    return out


STACKED_FACTORS_CAVEAT = (
    "their relative risks are multiplied as if independent: each comes from its own "
    "meta-analysis (osteon.readouts.fracture_data.RISK_FACTORS), estimated without the other "
    "factors in the model, and no term says how they interact, while FRAX enters its factors "
    "together in one fitted model that is not public. ASSUMPTION: factors that occur "
    "together share part of their excess risk, so "
    "the product overstates it; read these probabilities as an upper bound, which may lie far "
    "above FRAX's")
"""Why a fracture probability with two or more clinical risk factors is an upper bound
(:func:`warn_stacked_factors`)."""


def stacked_factors_message(names: Sequence[str], where: str = "") -> str:
    """The caveat on ``names`` (two or more risk factors) combined in one probability."""
    return (f"fracture probabilities{where} combine {len(names)} clinical risk factors "
            f"({', '.join(names)}): {STACKED_FACTORS_CAVEAT}")


def warn_stacked_factors(names: Sequence[str], where: str = "", stacklevel: int = 3) -> None:
    """Warn (:class:`~osteon.errors.ReadoutCaveatWarning`) when ``names`` holds two or more
    clinical risk factors: their RRs multiply as if independent (:data:`STACKED_FACTORS_CAVEAT`).
    One factor alone, or none, is not warned of."""
    import warnings

    from osteon.errors import ReadoutCaveatWarning

    if len(names) >= 2:
        warnings.warn(stacked_factors_message(names, where), ReadoutCaveatWarning,
                      stacklevel=stacklevel)


MALIGNANCY_CAVEAT = (
    "its pathological fractures (lytic lesions, vertebral collapse) are not in osteon's hazard "
    "model, which is that of primary osteoporosis, so the fracture probabilities leave them out "
    "and understate the risk; the WHO class, too, is a category of primary osteoporosis")
"""Why the fracture readouts of a run with a skeletal malignancy (a condition whose card has
``malignancy``: myeloma, bone metastases) leave out its fractures (:func:`malignancy_caveat`)."""


def malignancies(conditions: Sequence[Any]) -> list[str]:
    """The names of the run's conditions (texts as ``result.attrs["conditions"]`` keeps them,
    or courses) that are a malignancy in bone (:attr:`ConditionCard.malignancy
    <osteon.conditions.base.ConditionCard>`), each once, in order."""
    from osteon.conditions import courses as to_courses

    return list(dict.fromkeys(c.condition.card.name for c in to_courses(list(conditions or []))
                              if c.condition.card.malignancy))


def malignancy_caveat(conditions: Sequence[Any]) -> str | None:
    """The caveat on the fracture readouts of a run with a malignancy in bone, naming it
    (:data:`MALIGNANCY_CAVEAT`); ``None`` without one."""
    names = malignancies(conditions)
    if not names:
        return None
    if len(names) > 1:
        return (f"{' and '.join(names)} are malignancies in bone: "
                + MALIGNANCY_CAVEAT.replace("its pathological", "their pathological", 1))
    return f"{names[0]} is a malignancy in bone: {MALIGNANCY_CAVEAT}"


def clinical_caveats(result: Any) -> list[str]:
    """What the clinical readouts of ``result`` leave out, as summary.json's ``clinical``
    ``caveats`` and the lines below simulate's table give it: the pathological fractures of a
    malignancy in bone (:func:`malignancy_caveat`), when the run has one."""
    conditions = (result.attrs.get("conditions") if hasattr(result, "attrs") else None) or []
    caveat = malignancy_caveat(conditions)
    return [] if caveat is None else [caveat]


def has_curve(site: str, sex: str) -> bool:
    return (site, sex) in REFERENCE_CURVES


def z_scores(bmd: np.ndarray, site: str, age: np.ndarray, sex: str) -> np.ndarray:
    """Z-scores where the curve covers the age; NaN where there is no curve or age outside it."""
    out = np.full(np.shape(bmd), np.nan)
    if not has_curve(site, sex):
        return out
    lo, hi = REFERENCE_CURVES[(site, sex)].age_range
    inside = (age >= lo) & (age < hi)
    if inside.any():
        out[inside] = dxa.z_score(bmd[inside], site, age[inside], sex)
    return out


def classify(t: dict[str, np.ndarray], z: dict[str, np.ndarray], age: np.ndarray, sex: str,
             menopausal: np.ndarray, fragility_fracture: bool) -> np.ndarray:
    """The ISCD/WHO class at each time (object array of text), from the sites in ``t`` and
    ``z`` (the lowest decides)."""
    t_low = np.min(np.stack(list(t.values())), axis=0)
    use_t = (age >= dx.ISCD_T_SCORE_MIN_AGE_MEN) if sex == "male" else menopausal
    out = np.empty(age.shape, dtype=object)
    outside = _outside_scores(t_low, use_t, "lowest T-score")
    if (use_t & ~outside).any():
        out[use_t & ~outside] = dx.who_class(t_low[use_t & ~outside],
                                             fragility_fracture=fragility_fracture)
    if (~use_t).any():
        zz = np.stack(list(z.values()))
        have = ~np.all(np.isnan(zz), axis=0)
        z_low = np.where(have, np.nanmin(np.where(np.isnan(zz), np.inf, zz), axis=0), np.nan)
        z_out = _outside_scores(z_low, ~use_t & have, "lowest Z-score")
        outside |= z_out
        for i in np.flatnonzero(~use_t):
            out[i] = (NOT_CLASSED.format(kind="Z") if z_out[i] else
                      dx.z_class(z_low[i]) if have[i] else NO_CURVE)
    out[use_t & outside] = NOT_CLASSED.format(kind="T")
    return out



def _outside_scores(score: np.ndarray, where: np.ndarray, what: str,
                    so: str = "") -> np.ndarray:
    """Where a finite score (a model output) lies outside
    :data:`~osteon.readouts.densitometry.T_SCORE_RANGE`, where the readouts are defined; warned
    once per call, saying what is not read there (``so``; by default the class)."""
    import warnings

    from osteon.errors import OsteonWarning

    lo, hi = dxa.T_SCORE_RANGE
    with np.errstate(invalid="ignore"):
        outside = where & np.isfinite(score) & ((score < lo) | (score > hi))
    if outside.any():
        i = int(np.flatnonzero(outside)[0])
        kind = "Z" if "Z-score" in what else "T"
        so = so or f"who_class is '{NOT_CLASSED.format(kind=kind)}' there"
        warnings.warn(f"a simulated {what} reaches {score[i]:.6g}, outside {lo:g} to "
                      f"{hi:g} where the readouts are defined, at {int(outside.sum())} of "
                      f"{outside.size} saved times: {so} (the score itself is reported as "
                      f"computed)", OsteonWarning, stacklevel=3)
    return outside


def fracture_risks(age: np.ndarray, sex: str, t_fn: np.ndarray | None, factors: RiskFactors,
                   ctx: np.ndarray | None = None, quality_rr: np.ndarray | None = None,
                   t_ls: np.ndarray | None = None,
                   ctx_assay: str = "IDS-iSYS", *, t_change_fn: np.ndarray | None = None,
                   t_change_ls: np.ndarray | None = None,
                   ctx_baseline: float | None = None,
                   from_conditions: Mapping[str, np.ndarray] | None = None
                   ) -> dict[str, np.ndarray]:
    """10-year and lifetime probabilities (percent) at each age; NaN outside 50-90 years. ``ctx``
    (ng/mL on ``ctx_assay``) adds the graded turnover term, ``ctx_baseline`` (its pre-treatment
    level, same assay; None: not known) limits the fall credited to the nonvertebral parts
    (fracture.credited_ctx); ``t_ls`` grades the vertebral outcome by the lumbar spine.
    ``t_change_fn`` / ``t_change_ls``: the change of a site whose level is not known (instead of
    ``t_fn`` / ``t_ls``; see :func:`fracture.fracture_probability`). ``from_conditions``: the
    risk factors a simulated condition sets, each a yes/no per age (:func:`condition_factors`),
    joined to ``factors`` where they apply; a factor both give counts once."""
    lo, hi = fx.AGE_RANGE
    ok = (age >= lo) & (age <= hi)
    # a simulated T-score outside the range the probability is defined on: NaN there, warned
    for t, site in ((t_fn, "femoral neck"), (t_ls, "lumbar spine")):
        if t is not None:
            ok &= ~_outside_scores(np.asarray(t, dtype=float), ok, f"T-score at the {site}",
                                   "the fracture probabilities are not computed (NaN) there")
    cols = {f"fracture_risk_{h}_{o}": np.full(age.shape, np.nan)
            for h in HORIZONS for o in OUTCOMES}
    for mask, present in with_conditions(factors, from_conditions, age.shape):
        sel = ok & mask
        if not sel.any():
            continue
        quality = 1.0 if quality_rr is None else quality_rr[sel]
        for h in HORIZONS:
            p = fx.fracture_probability(age[sel], sex, t_score_femoral_neck=_at(t_fn, sel),
                                        t_score_lumbar_spine=_at(t_ls, sel),
                                        t_change_femoral_neck=_at(t_change_fn, sel),
                                        t_change_lumbar_spine=_at(t_change_ls, sel),
                                        ctx=_at(ctx, sel), ctx_assay=ctx_assay,
                                        ctx_baseline=None if ctx is None else ctx_baseline,
                                        quality_rr=quality, horizon=h, **present.as_kwargs())
            for o in OUTCOMES:
                cols[f"fracture_risk_{h}_{o}"][sel] = p[o]
    return cols


def with_conditions(factors: RiskFactors, from_conditions: Mapping[str, np.ndarray] | None,
                    shape: tuple[int, ...]) -> list[tuple[np.ndarray, RiskFactors]]:
    """``factors`` joined with the factors a condition sets (:func:`condition_factors`): one
    (mask over ``shape``, the factors present there) for each combination that occurs. A
    factor is yes/no, so one the patient's text and a condition both give counts once."""
    return [(mask, replace(factors, **dict.fromkeys(names, True)))
            for mask, names in _condition_groups(from_conditions, shape)]


def _condition_groups(from_conditions: Mapping[str, np.ndarray] | None,
                      shape: tuple[int, ...]) -> list[tuple[np.ndarray, tuple[str, ...]]]:
    """(mask over ``shape``, the factors the conditions set there) for each combination that
    occurs; the masks cover ``shape`` once."""
    if not from_conditions:
        return [(np.ones(shape, dtype=bool), ())]
    names = list(from_conditions)
    allowed = sorted(CONDITION_FACTOR_NAMES)
    unknown = [n for n in names if n not in allowed]
    if unknown:
        raise InputError(f"from_conditions must name risk factors a condition sets "
                         f"({', '.join(allowed)}); got {unknown}")
    on = np.stack([np.broadcast_to(np.asarray(from_conditions[n], dtype=bool), shape)
                   for n in names]).reshape(len(names), -1)
    out = []
    for combo in np.unique(on, axis=1).T:
        mask = np.all(on == combo[:, None], axis=0).reshape(shape)
        out.append((mask, tuple(n for n, yes in zip(names, combo, strict=True) if yes)))
    return out


def _at(values: np.ndarray | None, ok: np.ndarray) -> np.ndarray | None:
    return None if values is None else values[ok]


def _start_observables(result: Any, i: int, row: pd.Series) -> dict[str, float]:
    """The model's observables at the start of the run (its baseline state), whatever times
    were saved."""
    spec = result.model
    y0 = np.asarray(result.baseline, dtype=float)[i:i + 1]
    p = {k: np.asarray([float(row[k])]) for k in spec.parameter_names}
    obs = spec.observe(np.zeros(1), y0, p, np)
    return {k: float(np.asarray(v, dtype=float).ravel()[0]) for k, v in obs.items()}


def _sex_of(female: float) -> str:
    return "female" if female >= 0.5 else "male"


def t_score_age(sex: str, age_menopause: float) -> float:
    """The age (years) from which the ISCD rule reads a subject by T-score and its WHO class
    (``who_class``, :func:`classify`): her menopause for a woman, 50 for a man; before it, by
    Z-score."""
    return float(age_menopause) if sex == "female" else dx.ISCD_T_SCORE_MIN_AGE_MEN


def menopause_age(age_menopause: float, conditions: Any, age_start: float) -> float:
    """A woman's age at menopause for the ISCD rule: her natural menopause (``age_menopause``),
    or the onset of a surgical menopause among the run's ``conditions`` if earlier (a woman
    after bilateral oophorectomy is postmenopausal, so her BMD is read by T-score; ISCD
    Official Positions 2013, PMID 24076161: T-scores for postmenopausal women, Z-scores for
    women before menopause). ``age_start``: her age at the run's start. A course that ends
    (ovarian suppression stopped: function resumes) does not count: ASSUMPTION, a reversible
    suppression leaves her premenopausal for the rule."""
    from osteon.conditions import courses
    from osteon.errors import InputError

    out = float(age_menopause)
    for text in list(conditions or []):
        try:
            (c,) = courses([text])
        except InputError:  # a text this version no longer reads: the natural menopause
            continue
        if c.condition.id != "surgical_menopause" or c.offset is not None:
            continue
        try:
            onset = age_start + c.start_day(age_start) / 365.25
        except InputError:
            continue
        out = min(out, onset)
    return out


def t_score_ages(result: Any) -> np.ndarray:
    """:func:`t_score_age` of each subject of ``result`` (sex from ``female``, menopause from
    ``age_menopause`` or a surgical menopause of the run, :func:`menopause_age`, as
    :func:`trajectory_frame` reads them)."""
    pars = result.parameters.set_index("subject_id")
    conditions = (result.attrs.get("conditions") if hasattr(result, "attrs") else None) or []
    out = []
    for i, sid in enumerate(result.subject_ids):
        row = pars.loc[sid] if sid in pars.index else pars.iloc[i]
        age0 = float(result["age_years"][i][0]) if "age_years" in result.variables else 0.0
        out.append(t_score_age(_sex_of(float(row["female"])),
                               menopause_age(float(row["age_menopause"]), conditions, age0)))
    return np.asarray(out, dtype=float)


def trajectory_frame(result: Any, *, assay: str = "IDS-iSYS") -> pd.DataFrame | None:
    """The clinical columns of ``result`` (one row per subject and saved time), or ``None`` when
    the model has no areal BMD (the published reference models)."""
    needed = [f"bmd_{s}" for s in dxa.SITES] + ["age_years"]
    if not all(v in result.variables for v in needed):
        return None
    patients = subject_patients(result)
    conditions = (result.attrs.get("conditions") if hasattr(result, "attrs") else None) or []
    pars = result.parameters.set_index("subject_id")
    frames = []
    stacked: dict[str, None] = {}  # the factors of any combination of two or more, in order
    n_stacked = 0
    for i, sid in enumerate(result.subject_ids):
        patient = patients[i]
        given = tuple(patient.target_bmd()) if patient is not None else ()
        factors = RiskFactors.of(patient)
        # the risk factors the run's conditions set (glucocorticoids, rheumatoid arthritis),
        # at each time; the patient's text may give them too (counted once)
        from_conditions = condition_factors(conditions, result.times,
                                            None if patient is None else float(patient.age))
        fragility = bool(patient.prior_fracture) if patient is not None else False
        row = pars.loc[sid] if sid in pars.index else pars.iloc[i]
        sex = _sex_of(float(row["female"]))
        age = result["age_years"][i]
        menopausal = (age >= t_score_age(sex, menopause_age(float(row["age_menopause"]),
                                                            conditions, float(age[0])))) \
            if sex == "female" else np.zeros_like(age, dtype=bool)
        cols: dict[str, Any] = {"subject_id": [sid] * age.size, "time_days": result.times}
        start = _start_observables(result, i, row)
        bmd = reported_bmd(result, i, patient, start)
        t = {s: np.asarray(dxa.t_score(bmd[s], s)) for s in dxa.SITES}
        z = {s: z_scores(bmd[s], s, age, sex) for s in dxa.SITES}
        for s in dxa.SITES:
            cols[f"t_score_{s}"] = t[s]
        for s in dxa.SITES:
            cols[f"z_score_{s}"] = z[s]
        # a patient's class rests on the sites she gave, and her fracture risk on the neck and
        # spine among them (a total hip grades no outcome), as assess reads her; the model's
        # other sites are shown, but their level is the model's average bone
        read = given or dxa.SITES
        cols["who_class"] = classify({s: t[s] for s in read}, {s: z[s] for s in read}, age, sex,
                                     menopausal, fragility)
        for var, marker in MARKER_COLUMNS.items():
            if var in result.variables and marker in mk.ASSAYS[mk.canonical_assay(assay)].intervals:
                value = result[var][i]
                young = f"{var}_young"
                if young in row.index:
                    value = mk.on_assay(value / float(row[young]), marker, assay)
                cols[f"{var}_on_assay"] = np.asarray(value, dtype=float)
                cols[f"{var}_status"] = mk.marker_status(value, marker, assay)
        quality = result["tissue_fracture_rr"][i] if "tissue_fracture_rr" in result.variables \
            else None
        ctx = None
        # the projections read the turnover sustained over about the past year where the model
        # keeps it (ctx_sustained), so that they do not swing with each dose of a drug
        turnover = "ctx_sustained" if "ctx_sustained" in result.variables else "ctx"
        if turnover in result.variables and "ctx_young" in row.index:
            ctx = np.asarray(mk.on_assay(result[turnover][i] / float(row["ctx_young"]), "CTX"))
        grading = {s: (t[s], None) for s in ("femoral_neck", "lumbar_spine")}
        if given:
            for s in grading:
                if s not in given:  # not given: only its change since the start grades
                    grading[s] = (None, t[s] - dxa.t_score(start[f"bmd_{s}"], s))
            if "femoral_neck" in given and "lumbar_spine" not in given:
                # the neck grades the vertebral outcome, as in assess
                grading["lumbar_spine"] = (None, None)
        # the start of the run is the pre-treatment turnover: the nonvertebral parts are
        # credited with a fall of CTX only down to 40 % of it (fracture.credited_ctx)
        baseline = None
        if ctx is not None:
            baseline = float(mk.on_assay(start[turnover] / float(row["ctx_young"]), "CTX"))
        cols.update(fracture_risks(age, sex, grading["femoral_neck"][0], factors, ctx, quality,
                                   grading["lumbar_spine"][0],
                                   t_change_fn=grading["femoral_neck"][1],
                                   t_change_ls=grading["lumbar_spine"][1],
                                   ctx_baseline=baseline, from_conditions=from_conditions))
        cols["risk_factors"] = factor_labels(factors, from_conditions, age.shape)
        lo, hi = fx.AGE_RANGE
        combos = [factor_names(present) for mask, present
                  in with_conditions(factors, from_conditions, age.shape)
                  if (mask & (age >= lo) & (age <= hi)).any()]
        if any(len(c) >= 2 for c in combos):
            n_stacked += 1
            stacked.update(dict.fromkeys(n for c in combos if len(c) >= 2 for n in c))
        frames.append(pd.DataFrame(cols))
    n = len(result.subject_ids)
    # once for the result (its clinical frame is computed once and kept: Result.clinical)
    warn_stacked_factors(list(stacked), "" if n == 1 else f" of {n_stacked} of {n} subjects")
    if (caveat := malignancy_caveat(conditions)) is not None:
        import warnings

        from osteon.errors import ReadoutCaveatWarning

        warnings.warn(caveat, ReadoutCaveatWarning, stacklevel=3)
    return pd.concat(frames, ignore_index=True)


def reported_bmd(result: Any, i: int, patient: Any,
                 start: Mapping[str, float] | None = None) -> dict[str, np.ndarray]:
    """Subject ``i``'s areal BMD (g/cm²) by site as the clinical columns read it: at a site the
    patient gave, what she gave changed by the model's relative change there since the start
    (``given x bmd(t) / bmd(0)``: the start reads exactly what she gave, whatever the
    individualized bone's own level at that site, and the run's % change of BMD is the
    model's, as ``summary()`` reports it); at a site she did not give, the model's
    ``bmd_<site>``. The model's two compartments cannot match every combination of sites
    (three sites, a total hip and a neck apart, a spine and a hip far apart;
    :func:`osteon.individualize.patient_start`), so its own level at a given site may differ
    from hers. (A change added in g/cm² instead would carry the model's change on a bone 1 SD
    above hers to her lower BMD: +0.38 against +0.26 SD at the neck in a year of denosumab.)
    A single site is matched, so there the two are the same. ``start``: the model's
    observables at the start (:func:`_start_observables`), computed here when not given."""
    given = patient.target_bmd() if patient is not None else {}
    if given and start is None:
        row = result.parameters.set_index("subject_id").loc[result.subject_ids[i]]
        start = _start_observables(result, i, row)
    out = {}
    for s in dxa.SITES:
        model = np.asarray(result[f"bmd_{s}"][i], dtype=float)
        out[s] = given[s] * model / start[f"bmd_{s}"] if s in given else model
    return out


def column_units(columns, assay: str = "IDS-iSYS") -> dict[str, str]:
    """The unit of each clinical column of :func:`trajectory_frame` among ``columns`` (the
    marker columns on ``assay``'s scale; classes and statuses are text)."""
    name = mk.canonical_assay(assay)
    out = {}
    for c in columns:
        if c.startswith(("t_score_", "z_score_")):
            out[c] = "SD"
        elif c.startswith("fracture_risk_"):
            out[c] = "%"
        elif c.endswith("_on_assay"):
            out[c] = mk.unit_on_scale(mk.UNIT, name)
        elif c.endswith("_status"):
            out[c] = f"text (vs the {name} premenopausal interval)"
        elif c in ("who_class", "risk_factors"):
            out[c] = "text"
    return out


def subject_patients(result: Any) -> list[Any]:
    """The :class:`~osteon.patient.Patient` of each of ``result``'s subjects (``None`` where the
    run had no patient): from ``attrs["patients"]`` (one text per row of ``status``) where the
    run recorded it, else the one ``attrs["patient"]`` for every subject."""
    from osteon.patient import Patient

    attrs = result.attrs if hasattr(result, "attrs") else {}
    texts = attrs.get("patients")
    if texts:
        requested = [str(s) for s in result.status["subject_id"]]
        by_id = dict(zip(requested, texts, strict=True))
        return [Patient.parse(by_id[str(sid)]) for sid in result.subject_ids]
    text = attrs.get("patient")
    return [Patient.parse(text) if text else None for _ in result.subject_ids]


def derived_sites(result: Any, k: int = 0) -> list[str]:
    """The BMD sites the model derived for subject ``k`` from the sites her patient gave (the
    ``model_derived`` of summary.json's ``bmd_sites``), in :data:`~osteon.readouts.
    densitometry.SITES`' order: none when she gave none (every site is then the model's own
    average person's, which the captions say instead) or the run had no patient."""
    from osteon.readouts.densitometry import SITES

    patient = subject_patients(result)[k]
    given = list(patient.target_bmd()) if patient is not None else []
    return [s for s in SITES if s not in given] if given else []


#: how a derived site is marked in the figures (the tables mark it * with DERIVED_CAPTION)
DERIVED_MARK = "* (derived by the model)"


def at_times(frame: pd.DataFrame, subject: Any, which: str) -> dict[str, Any]:
    """The clinical readouts of one subject at the start or end, JSON-ready (NaN -> None)."""
    rows = frame[frame["subject_id"] == subject]
    row = rows.iloc[0] if which == "start" else rows.iloc[-1]
    out = {}
    for k, v in row.items():
        if k in ("subject_id",):
            continue
        if isinstance(v, float | np.floating):
            out[k] = None if not np.isfinite(v) else float(v)
        else:
            out[k] = v.item() if isinstance(v, np.generic) else v
    return out


DECADE_COLUMNS = ("t_score_lumbar_spine", "t_score_total_hip", "t_score_femoral_neck",
                  "z_score_lumbar_spine", "z_score_total_hip", "z_score_femoral_neck",
                  "who_class", "fracture_risk_10y_hip", "fracture_risk_10y_major")
"""The readouts of :func:`by_decade`'s rows (besides the age): the Z-scores too, which decide
the class where it is read by Z (:func:`read_by_z`)."""


def by_decade(frame: pd.DataFrame, subject: Any, age: np.ndarray) -> list[dict[str, Any]]:
    """One subject's T- and Z-scores, class and 10-year fracture probabilities at the start, at
    each whole decade of age the run passes (the saved time nearest to it) and at the end;
    JSON-ready (NaN -> None)."""
    rows = frame[frame["subject_id"] == subject].reset_index(drop=True)
    age = np.asarray(age, dtype=float)
    picks = [0]
    for decade in range(int(np.ceil(age[0] / 10.0)) * 10, int(np.floor(age[-1] / 10.0)) * 10 + 1,
                        10):
        picks.append(int(np.argmin(np.abs(age - decade))))
    picks.append(age.size - 1)
    out = []
    for i in dict.fromkeys(picks):
        row: dict[str, Any] = {"age_years": float(age[i])}
        for col in DECADE_COLUMNS:
            v = rows.at[i, col] if col in rows.columns else None
            if isinstance(v, float | np.floating):
                v = float(v) if np.isfinite(v) else None
            row[col] = v
        out.append(row)
    return out


# --------------------------------------------------------------------------------------------
# one person, no simulation
# --------------------------------------------------------------------------------------------

def assess(patient: Any, *, assay: str = "IDS-iSYS", ctx: float | None = None) -> dict[str, Any]:
    """Readouts for one person from their record alone (``osteon assess``).

    T-scores at every site given (as BMD or T-score); Z-scores where the BMD is known (given, or
    from a T-score) and a reference curve covers the age; the ISCD/WHO class; the fracture
    probabilities (percent) from the femoral-neck T-score when given (else the population
    average at that age and sex; a total hip is classed but grades no outcome, and
    ``fracture_risk_basis`` says so and why: fracture_data.TOTAL_HIP_NOT_USED), the
    lumbar-spine T-score for the vertebral outcome, the risk factors and, when ``ctx`` (serum
    CTX, ng/mL on ``assay``, in ``0 < ctx <=`` :data:`~osteon.readouts.markers.SERUM_CTX_MAX`)
    is given, the
    graded turnover term (against postmenopausal women for a woman, men of that age for a
    man); then ``ctx_status`` against the assay's
    premenopausal interval. Keys follow the trajectory's column names, with their meaning: the
    CTX given is ``ctx_on_assay`` (ng/mL on ``assay``, named by the ``assay`` key), and ``ctx``
    is the same CTX on the model's scale (the trajectory's ``ctx``: its ratio to the
    premenopausal centre of ``assay`` times the model's ``ctx_young``, 0.2963 ng/mL, the Roche
    Elecsys centre; :func:`markers.on_assay` read back). ``--ctx 0.8`` on the IDS-iSYS is
    ``ctx_on_assay`` 0.8 and ``ctx`` 1.30.
    """
    from osteon.patient import Patient

    if isinstance(patient, str):
        patient = Patient.parse(patient)
    sex = patient.sex
    age = float(patient.age)
    bmd = patient.target_bmd()
    out: dict[str, Any] = {"sex": sex, "age_years": age}
    t = {s: float(dxa.t_score(v, s)) for s, v in bmd.items()}
    for s in dxa.SITES:
        out[f"t_score_{s}"] = t.get(s)
    z: dict[str, float | None] = {}
    for s in dxa.SITES:
        zz = z_scores(np.array([bmd[s]]), s, np.array([age]), sex)[0] if s in bmd else np.nan
        z[s] = float(zz) if np.isfinite(zz) else None
        out[f"z_score_{s}"] = z[s]
    menopausal = sex == "female" and age >= (patient.menopause_age or 0.0)
    kind = dx.applicable_score(sex, age, menopausal if sex == "female" else None)
    out["score_type"] = kind
    if not t:
        out["who_class"] = None
    elif kind == "T":
        low = min(t.values())
        out["who_class"] = dx.who_class(low, fragility_fracture=patient.prior_fracture)
    else:
        zs = [v for v in z.values() if v is not None]
        out["who_class"] = dx.z_class(min(zs)) if zs else NO_CURVE
    lo, hi = fx.AGE_RANGE
    factors = RiskFactors.of(patient)
    if ctx is not None:
        ctx = mk.check_serum_ctx(ctx, assay=assay)  # in ng/mL: a pg/mL value is refused
        fx.ctx_z_score(ctx, assay, sex=sex, age=age)  # checks that the assay measures CTX
        # as the trajectory's columns: ctx_on_assay on the assay given, ctx on the model's scale
        out["ctx_on_assay"] = ctx
        out["ctx"] = ctx / mk.premenopausal_centre("CTX", assay) * model_ctx_young()
        out["ctx_status"] = mk.marker_status(ctx, "CTX", assay)
    for h in HORIZONS:
        if lo <= age <= hi:
            p = fx.fracture_probability(age, sex, t_score_femoral_neck=t.get("femoral_neck"),
                                        t_score_lumbar_spine=t.get("lumbar_spine"),
                                        ctx=ctx, ctx_assay=assay, horizon=h,
                                        **factors.as_kwargs())
        else:
            p = dict.fromkeys(OUTCOMES)
        for o in OUTCOMES:
            out[f"fracture_risk_{h}_{o}"] = p[o]
    out["fracture_risk_basis"] = ("femoral-neck T-score and risk factors"
                                  if "femoral_neck" in t else
                                  "risk factors only (no femoral-neck BMD: the population-average "
                                  "hazard over the BMD distribution at each age, for the sex)")
    if "lumbar_spine" in t:
        out["fracture_risk_basis"] += "; lumbar-spine T-score for the clinical vertebral outcome"
    if "total_hip" in t:  # given, shown and classed, but it grades no outcome: say so
        out["fracture_risk_basis"] += (
            f"; total-hip T-score {dx.format_score(t['total_hip'])} given but not used for the fracture "
            f"risk ({fd.TOTAL_HIP_NOT_USED}"
            + ("" if "femoral_neck" in t else
               ": the hip and major outcomes are the population average for the age and sex; "
               "give the femoral-neck T-score or BMD to grade them") + ")")
    if ctx is not None:
        out["fracture_risk_basis"] += "; serum CTX (graded turnover term)"
    if patient.bmi is not None:  # read and checked, so say it: FRAX uses it, this model not
        out["fracture_risk_basis"] += "; BMI not used (the model's hazards have no BMI term)"
    if not lo <= age <= hi:
        out["fracture_risk_basis"] = (f"not computed: the fracture model covers ages "
                                      f"{lo:g}-{hi:g}")
    if lo <= age <= hi:  # two or more factors: an upper bound (STACKED_FACTORS_CAVEAT)
        warn_stacked_factors(factor_names(factors))
    out["contributions"] = (risk_contributions(age, sex, factors, t.get("femoral_neck"),
                                               t.get("lumbar_spine"), ctx=ctx, assay=assay)
                            if lo <= age <= hi else [])
    out["assay"] = mk.canonical_assay(assay)
    out["notes"] = assessment_notes(patient, t)
    return out


def assessment_notes(patient: Any, t: Mapping[str, float]) -> list[str]:
    """What :func:`assess` assumed where the patient's text was silent (``notes``, printed
    below its table): the BMD, when no site was given; her menopause, when a woman's age at it
    was not given and the assumed median made her premenopausal (read by Z-score, no WHO
    class)."""
    age, sex = float(patient.age), patient.sex
    out = []
    if not t:
        who = "woman" if sex == "female" else "man"
        lo, hi = fx.AGE_RANGE
        mean = (f" (mean T {dx.format_score(fx.femoral_neck_mean_t_score(age, sex))}; approximate NHANES III "
                f"means, an assumption: fracture_data.FN_BMD_BY_AGE)" if lo <= age <= hi else "")
        out.append(f"no BMD or T-score given: the fracture probabilities average the hazard over "
                   f"the population's femoral-neck BMD at age {age:g}{mean}, and there is no "
                   f"WHO class; a simulation of this patient (osteon simulate --patient) starts "
                   f"instead from the model's own average {who} of that age, whose T-scores are "
                   f"the model's, so its probabilities at the start differ from these")
    if (note := assumed_menopause_note(patient, age)) is not None:
        out.append(note)
    return out


def assumed_menopause_note(patient: Any, age: float, *, simulated: bool = False,
                           surgical: float | None = None) -> str | None:
    """The note that a woman's menopause was assumed at the population median, when her text
    gives no age at menopause and ``age`` (her age at the assessment, or at a simulation's start)
    is below it: until then she is read as premenopausal (ISCD: a Z-score, no WHO class).
    ``None`` for a man, a woman whose age at menopause was given, or one past the median.
    ``simulated``: worded for a run, whose estrogen also falls at the assumed age;
    ``surgical``: her age at a surgical menopause of the run (:func:`menopause_age`), which
    ends the premenopausal reading there (no note when it is at or before ``age``)."""
    from osteon.patient import MEDIAN_AGE_AT_MENOPAUSE, MEDIAN_AGE_AT_MENOPAUSE_SOURCE

    if (patient is None or patient.sex != "female" or patient.age_at_menopause is not None
            or not age < MEDIAN_AGE_AT_MENOPAUSE):
        return None
    if surgical is not None and surgical < MEDIAN_AGE_AT_MENOPAUSE:
        if surgical <= age:  # postmenopausal from the start: nothing was assumed that shows
            return None
        return (f"menopausal status not given: the median age at natural menopause, "
                f"{MEDIAN_AGE_AT_MENOPAUSE:g} years, was assumed, but the run's surgical "
                f"menopause at {surgical:.1f} comes first, so until then she is read as "
                f"premenopausal: before menopause ISCD reads a Z-score, not a T-score, and "
                f"there is no WHO class")
    source = MEDIAN_AGE_AT_MENOPAUSE_SOURCE.split(",")[0]  # the first author
    head = (f"menopausal status not given: the median age at natural menopause, "
            f"{MEDIAN_AGE_AT_MENOPAUSE:g} years, was assumed ({source} et al. 2001, SWAN: "
            f"osteon.patient.MEDIAN_AGE_AT_MENOPAUSE_SOURCE), so ")
    tail = ("if she is postmenopausal, or her menopause is known or expected at another age, "
            "give it in the patient text, e.g. 'menopause at 49'")
    if simulated:
        return (head + f"the run's estrogen falls at {MEDIAN_AGE_AT_MENOPAUSE:g} and until then "
                f"she is read as premenopausal: before menopause ISCD reads a Z-score, not a "
                f"T-score, and there is no WHO class; " + tail)
    return (head + f"at {age:g} she is read as premenopausal: before menopause ISCD reads a "
            f"Z-score, not a T-score, and there is no WHO class; " + tail)


@lru_cache(maxsize=1)
def model_ctx_young() -> float:
    """The integrated model's default ``ctx_young`` (ng/mL): the young-adult anchor of its
    ``ctx`` observable, on the Roche Elecsys scale (that assay's premenopausal centre)."""
    from osteon.library import load

    return float(next(p.value for p in load("osteon").parameters if p.name == "ctx_young"))


#: how the glucocorticoid factor's label says a high current dose (Kanis 2011's adjustment)
GC_HIGH_DOSE_WORDS = "at 7.5 mg/day or more"
_FACTOR_LABELS = {"prior_fracture": "prior fracture",
                  "parental_hip_fracture": "parental hip fracture", "smoker": "smoker",
                  "glucocorticoids": "glucocorticoids",
                  "rheumatoid_arthritis": "rheumatoid arthritis"}
_FACTOR_ABSENT = {"prior_fracture": "no prior fracture",
                  "parental_hip_fracture": "no parental hip fracture", "smoker": "non-smoker",
                  "glucocorticoids": "no glucocorticoids",
                  "rheumatoid_arthritis": "no rheumatoid arthritis"}


def risk_contributions(age: float, sex: str, factors: RiskFactors, t_fn: float | None = None,
                       t_ls: float | None = None, *, ctx: float | None = None,
                       assay: str = "IDS-iSYS") -> list[dict[str, Any]]:
    """What each input contributes to one person's fracture risk (``osteon assess``).

    One row for each risk factor present, and for the femoral-neck and lumbar-spine T-scores and
    serum CTX when given, each against a *comparison*: the same person, everything else kept,
    with

    - a risk factor: absent;
    - a T-score: the T-score of the mean BMD for her age and sex now (Z-score 0;
      :func:`fracture.femoral_neck_mean_t_score`, :func:`fracture.lumbar_spine_mean_t_score`),
      held fixed as hers is while age advances;
    - CTX: the centre of the reference distribution of the sex (:func:`fracture.ctx_population_centre`):
      postmenopausal women, or men of that age.

    Keys: ``factor`` (the input and, in brackets, its comparison), ``compared_with`` (the
    comparison in words), ``hazard_ratio_<outcome>`` (hazard now, with the input over the
    comparison) and ``fracture_risk_10y_<outcome>_without`` (10-year probability, percent, of
    the comparison). Every hazard ratio keeps its side of 1 at every age of the horizon, so an
    input with a hazard ratio above 1 never has a lower 10-year probability than its comparison.
    (The comparison for a T-score is not "BMD unknown": the population-average hazard averages
    over the BMD spread at each future age, while a T-score is held fixed, so against it a low
    T-score could raise the hazard now and lower the 10-year probability.)
    Contributions are one at a time: they do not add up (the hazards multiply, and death
    competes)."""
    kwargs = {**factors.as_kwargs(), "t_score_femoral_neck": t_fn, "t_score_lumbar_spine": t_ls,
              "ctx": ctx, "ctx_assay": assay}
    present: list[tuple[str, str, dict[str, Any]]] = []
    if t_fn is not None:
        t_avg = fx.femoral_neck_mean_t_score(age, sex)
        shown, avg = dx.format_score(t_fn), dx.format_score(t_avg)  # as reported and classed
        compared = f"T {avg}, the mean femoral-neck BMD for age {age:g}, held fixed"
        present.append((f"femoral-neck T {shown} (vs T {avg}, mean for age)", compared,
                        {"t_score_femoral_neck": t_avg}))
    if t_ls is not None:
        t_avg = fx.lumbar_spine_mean_t_score(age, sex)
        shown, avg = dx.format_score(t_ls), dx.format_score(t_avg)
        compared = f"T {avg}, the mean lumbar-spine BMD for age {age:g}, held fixed"
        present.append((f"lumbar-spine T {shown} (vertebral; vs T {avg}, mean for age)",
                        compared, {"t_score_lumbar_spine": t_avg}))
    if ctx is not None:
        c0 = fx.ctx_population_centre(assay, sex=sex, age=age)
        population = ("postmenopausal" if fx.canonical_sex(sex) == "female"
                      else f"men aged {age:g}")
        compared = (f"CTX {c0:.2f} ng/mL, the geometric centre of the {population} range "
                    f"on {mk.canonical_assay(assay)}")
        present.append((f"CTX {ctx:g} ng/mL (vs {c0:.2f}, {population} centre)", compared,
                        {"ctx": c0}))
    for name, label in _FACTOR_LABELS.items():
        if kwargs[name]:
            present.append((f"{label} (vs {_FACTOR_ABSENT[name]})", _FACTOR_ABSENT[name],
                            {name: False}))
    alcohol = factors.alcohol_units_per_day
    if alcohol > fx.fd.ALCOHOL_THRESHOLD.value:
        below = f"{fx.fd.ALCOHOL_THRESHOLD.value:g} units/day or less"
        present.append((f"alcohol {alcohol:g} units/day (vs {below})", below,
                        {"alcohol_units_per_day": 0.0}))
    if not present:
        return []
    h_with = fx.fracture_hazards(age, sex, **kwargs)
    out = []
    for label, compared, change in present:
        without = {**kwargs, **change}
        h_without = fx.fracture_hazards(age, sex, **without)
        p_without = fx.fracture_probability(age, sex, horizon="10y", **without)
        row: dict[str, Any] = {"factor": label, "compared_with": compared}
        for o in OUTCOMES:
            row[f"hazard_ratio_{o}"] = float(h_with[o] / h_without[o])
        for o in OUTCOMES:
            row[f"fracture_risk_10y_{o}_without"] = float(p_without[o])
        out.append(row)
    return out
