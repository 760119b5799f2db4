"""From a :class:`~osteon.patient.Patient` to the model state of that person.

1. Covariates become parameters: sex, age at menopause (the population median when not given).
2. The life course runs from the young-adult steady state (age 25, the reference age of the
   integrated model) to the patient's age.
3. Where BMD or a T-score is given, bone is individualized: with one site both compartments are
   scaled by the same factor; with two or more sites trabecular and cortical bone are solved by
   least squares in SD units (``BMD_site = mean_site (share_site trab + (1 - share_site) cort)
   m``, m the mineral factor of osteoid awaiting its mineral, re-solved until it settles), with
   the proportion trab / cort kept within :data:`PROPORTION_BOUNDS`, except where
   the sites' trabecular shares lie within :data:`SHARE_SPREAD_MIN` (the total hip and the
   femoral neck): they cannot tell the compartments apart, so one factor scales both, fitted
   to the sites in SD units. The
   habitual load is set so that the individualized bone is in mechanical balance (the bone a
   person has is the bone her loading history built), and the osteocyte density so that her
   osteocytes signal (sclerostin, RANKL, SASP) as the model's bone of that age does (her cells
   regulate the bone she has): the model does not drift back toward its own BMD.
The bone-balance references (OBa_ref, OCa_ref) stay those of the young adult.
"""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from osteon.errors import InputError, OsteonWarning, SimulationError
from osteon.model.spec import ModelSpec
from osteon.patient import FLAGS, Patient
from osteon.readouts import densitometry as dxa

#: days per year (osteon.units)
YEAR = 365.25

#: parameters a patient sets; the user may not set them too
PATIENT_PARAMETERS = ("female", "age_menopause", "age_start", "habitual_load",
                      "osteocyte_density")


@dataclass(frozen=True)
class PatientStart:
    """The state and parameters a simulation of ``patient`` starts from."""

    patient: Patient
    y0: np.ndarray  # (1, n_states)
    parameters: dict[str, float]
    bmd_model: dict[str, float]  # the life-course BMD at the patient's age, before individualizing
    #: the relative residual of the young adult's steady state her life course starts from
    #: (a simulation's ``status["steady_state_residual"]``, as for a run with ``age_start``)
    residual: float
    #: what her start warned of (a population's: said with her subject id), which a
    #: population's ``status["warnings"]`` records for her
    notes: tuple[str, ...] = ()


def _require_osteon(spec: ModelSpec) -> None:
    names = set(spec.parameter_names)
    missing = [n for n in PATIENT_PARAMETERS if n not in names]
    if missing:
        raise InputError(f"patient= needs a model with age, sex and menopause (the integrated "
                         f"model 'osteon'); model '{spec.id}' lacks parameters {missing}")


def covariates(patient: Patient) -> dict[str, float]:
    """The model parameters a patient's covariates set."""
    out = {"female": 1.0 if patient.is_female else 0.0}
    if patient.is_female and patient.menopause_age is not None:
        out["age_menopause"] = float(patient.menopause_age)
    return out


#: population columns that name a field of :class:`Patient` (``menopause_age`` as the patient's
#: text writes ``age_at_menopause``); ``t_score_<site>`` and ``bmd_<site>`` give that site's reading
PATIENT_COLUMNS: tuple[str, ...] = (
    "sex", "age", "age_at_menopause", "menopause_age", "bmi",
    *(f"t_score_{s}" for s in dxa.SITES), *(f"bmd_{s}" for s in dxa.SITES),
    *FLAGS, "alcohol_units_per_day")

#: what sets each parameter of :data:`PATIENT_PARAMETERS` (for the error that refuses it)
_SET_BY = {"female": "sex", "age_menopause": "age_at_menopause", "age_start": "age",
           "habitual_load": "BMD or T-score (bone individualized)",
           "osteocyte_density": "BMD or T-score (bone individualized)"}


def population_patients(patient: Any, population: Any) -> tuple[list[Patient] | None, Any]:
    """One :class:`Patient` per subject, and ``population`` without its patient columns.

    - ``patient`` alone (a Patient or its text): one subject.
    - ``patient`` and a population: every row is that patient, with the fields the row's patient
      columns (:data:`PATIENT_COLUMNS`) give; a missing value (NaN, None) keeps the patient's.
      A ``t_score_<site>`` or ``bmd_<site>`` value replaces the patient's reading at that site.
    - a population with patient columns and no ``patient``: each row's patient is read from its
      columns (``sex`` and ``age`` needed; a missing value is a field not given).
    - a population without patient columns, and no ``patient``: ``None`` (no patient).

    A row whose patient is invalid raises :class:`InputError` naming the row and subject."""
    if isinstance(patient, str):
        patient = Patient.parse(patient)
    if patient is not None and not isinstance(patient, Patient):
        raise InputError(f"patient must be an osteon.Patient or its text (\"female, age 68, "
                         f"t_score_lumbar_spine=-2.9\"); got {type(patient).__name__}")
    if not isinstance(population, pd.DataFrame):  # none, or refused by the simulation
        return ([patient] if patient is not None else None), population
    columns = [c for c in population.columns if c in PATIENT_COLUMNS]
    if patient is None and not columns:
        return None, population
    if "menopause_age" in columns and "age_at_menopause" in columns:
        raise InputError("population columns 'menopause_age' and 'age_at_menopause' are the same "
                         "Patient field (age at menopause, years); give one of them")
    ids = (list(population["subject_id"]) if "subject_id" in population.columns
           else list(range(len(population))))
    out = []
    for i in range(len(population)):
        given = {c: population[c].iloc[i] for c in columns}
        # a cell as Python gives it (a CSV's 700 is np.int64(700), which the message would show)
        given = {c: (v.item() if isinstance(v, np.generic) else v) for c, v in given.items()
                 if not (pd.api.types.is_scalar(v) and pd.isna(v))}
        try:
            out.append(_row_patient(patient, given))
        except InputError as exc:
            raise InputError(f"population row {i} (subject_id {ids[i]!r}): {exc}") from None
    return out, population.drop(columns=columns)


def _row_patient(patient: Patient | None, given: Mapping[str, Any]) -> Patient:
    """``patient`` (or nobody) with the fields of one population row."""
    fields: dict[str, Any] = ({} if patient is None else
                              {f.name: getattr(patient, f.name) for f in dataclasses.fields(patient)})
    row_t = {c.removeprefix("t_score_"): v for c, v in given.items() if c.startswith("t_score_")}
    row_b = {c.removeprefix("bmd_"): v for c, v in given.items() if c.startswith("bmd_")}
    # a site the row gives replaces the patient's reading there (a T-score or a BMD)
    fields["t_score"] = {**{s: v for s, v in fields.get("t_score", {}).items() if s not in row_b},
                         **row_t}
    fields["bmd"] = {**{s: v for s, v in fields.get("bmd", {}).items() if s not in row_t}, **row_b}
    for c, v in given.items():
        if not c.startswith(("t_score_", "bmd_")):
            fields["age_at_menopause" if c == "menopause_age" else c] = (
                _flag(v) if c in FLAGS else v)
    missing = [f for f in ("sex", "age") if f not in fields]
    if missing:
        raise InputError(f"a population without patient= reads each subject's patient from its "
                         f"columns, and needs {' and '.join(repr(m) for m in missing)} in every "
                         f"row; the row gives {dict(given)}")
    return Patient(**fields)


#: how a table's yes/no column may spell a risk factor (a CSV gives 1/0 or text)
_YES, _NO = ("yes", "y", "true", "1"), ("no", "n", "false", "0")


def _flag(value: Any) -> Any:
    """A population cell of a yes/no risk factor as True or False where it spells one (True,
    1, 'yes', ...); anything else unchanged, for the Patient to refuse with its field."""
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer) and value in (0, 1):
        return bool(value)
    if isinstance(value, float | np.floating) and value in (0.0, 1.0):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in _YES + _NO:
        return value.strip().lower() in _YES
    return value.item() if isinstance(value, np.generic) else value


def refuse_patient_parameters(parameters: Any, population: Any) -> None:
    """Refuse ``parameters`` or population columns naming a parameter the patient sets
    (:data:`PATIENT_PARAMETERS`), saying which field of the patient sets it."""
    for where, names in (("parameters", parameters if isinstance(parameters, Mapping) else ()),
                         ("population columns",
                          population.columns if isinstance(population, pd.DataFrame) else ())):
        clash = [n for n in PATIENT_PARAMETERS if n in set(names)]
        if clash:
            by = ", ".join(f"'{n}' by her {_SET_BY[n]}" for n in clash)
            raise InputError(f"{where} {clash} are set by the patient ({by}); give them through "
                             f"the patient instead: patient=, or population columns named like "
                             f"Patient fields ({', '.join(PATIENT_COLUMNS[:5])}, t_score_<site>, "
                             f"bmd_<site>, ...), one patient per row")


def life_course_parameters(patient: Patient,
                           parameters: Mapping[str, Any] | None) -> dict[str, Any]:
    """The parameters of the patient's life course: the user's, her covariates and her age."""
    user = dict(parameters or {})
    clash = sorted(set(user) & set(PATIENT_PARAMETERS))
    if clash:
        raise InputError(f"parameters {clash} are set by the patient (sex, age, menopause, BMD); "
                         f"give them through Patient instead")
    return {**user, **covariates(patient), "age_start": float(patient.age)}


def patient_start(spec: ModelSpec, patient: Patient, parameters: Mapping[str, Any] | None = None,
                  solver: Any = None, conditions: Sequence[Any] = (),
                  condition_values: Mapping[str, float] | None = None) -> PatientStart:
    """Run the life course to the patient's age and individualize bone to the given BMD.

    ``conditions`` are the established courses (:class:`~osteon.conditions.Course` with an
    onset before the start): her life course runs with them from their onsets, so she starts in
    the state they have brought her to; ``condition_values`` are the values of their parameters
    (``gc_emax``, ...) for her."""
    _require_osteon(spec)
    if not isinstance(patient, Patient):
        raise InputError(f"patient must be an osteon.Patient; got {type(patient).__name__}")
    base = life_course_parameters(patient, parameters)
    from osteon.simulation import patient_start_run

    with patient_start_run():  # the ages are checked on the run she was asked for
        y, p_run, residual = _life_course(spec, patient, base, solver, conditions,
                                          condition_values or {})
    return _individualize(spec, patient, base, y, p_run, residual)


def _life_course(spec: ModelSpec, patient: Patient, base: Mapping[str, Any], solver: Any,
                 conditions: Sequence[Any], condition_values: Mapping[str, float]
                 ) -> tuple[np.ndarray, dict[str, float], float]:
    """Her state at her age, the parameters of her life course (with the young adult's
    baseline references) and the residual of the young adult's steady state it starts from.

    Without conditions: the model's run-in, from the young-adult steady state to her age. With
    established ones: the run-in to the earliest onset, then her life course on from there with
    every course acting from its own onset (and to its offset), to her age."""
    from osteon.conditions import Course
    from osteon.simulation import simulate

    if not conditions:
        run = simulate(spec, parameters=base, duration=1.0, save=[0.0, 1.0], solver=solver)
        return (*_subject(spec, run, 0), _residual(run, 0))
    onsets = [c.start_day(patient.age) for c in conditions]  # checked: from age 25 to her age
    first = min(onsets)
    if first == 0.0:  # every onset at the start: nothing to run before it
        run = simulate(spec, parameters=base, duration=1.0, save=[0.0, 1.0], solver=solver)
        return (*_subject(spec, run, 0), _residual(run, 0))
    onset_age = patient.age + first / YEAR
    young = simulate(spec, parameters={**base, "age_start": onset_age}, duration=1.0,
                     save=[0.0, 1.0], solver=solver)
    y_onset, p_onset = _subject(spec, young, 0)
    refs = {k: p_onset[k] for k in spec.baseline_references}
    # her life course from the first onset: each course on the clock of this leg
    legs = [Course(c.condition, c.severity, onset - first,
                   None if c.offset is None else c.offset - first)
            for c, onset in zip(conditions, onsets, strict=True)]
    span = -first
    legs = [c for c in legs if c.onset < span]  # (an onset at her age acts from the start only)
    mine = {q.name for c in legs for q in c.condition.parameters}
    own = {k: v for k, v in condition_values.items() if k in mine}
    run = simulate(spec, parameters={**base, "age_start": onset_age, **refs, **own},
                   initial=y_onset[None, :], conditions=legs, duration=span, save=[0.0, span],
                   solver=solver)
    y = np.asarray(run.values[0, -1, :len(spec.states)], dtype=float)
    # her parameters are those of her age, without the conditions (the simulation steps them in
    # from its start), with the young adult's references
    return y, {**p_onset, **{k: float(v) for k, v in base.items()}, **refs}, _residual(young, 0)


def _subject(spec: ModelSpec, run: Any, i: int) -> tuple[np.ndarray, dict[str, float]]:
    """Subject ``i``'s baseline state and parameters in the run-in ``run`` (``i``: her row of
    the population run, also her subject id there; the run's baseline holds those that
    started, its parameters every row)."""
    y = np.asarray(run.baseline[list(run.subject_ids).index(i), :len(spec.states)],
                   dtype=float).copy()
    row = run.parameters.iloc[i]
    return y, {k: float(row[k]) for k in run.parameters.columns if k != "subject_id"}


def _residual(run: Any, i: int) -> float:
    """Subject ``i``'s steady-state residual in the run-in ``run`` (the young adult's)."""
    status = run.status
    return float(status["steady_state_residual"][status["subject_id"] == i].iloc[0])


def patient_starts(spec: ModelSpec, patients: Sequence[Patient],
                   parameters: Sequence[Mapping[str, Any]], solver: Any,
                   subject_ids: Sequence[Any], conditions: Sequence[Any] = (),
                   condition_values: Sequence[Mapping[str, float]] | None = None
                   ) -> list[PatientStart | SimulationError]:
    """Each subject's start: ``patients[i]`` with the parameters ``parameters[i]``.

    The life courses are integrated together (one population run-in, in which each subject
    fails on her own); a subject whose life course fails there is run again alone, and where
    it fails alone too she gets its :class:`SimulationError` in place of a start: the others
    keep their start from the joint run. With established
    ``conditions`` (``condition_values[i]``, subject i's values of their parameters) each
    life course runs alone: the onsets are on each patient's own clock. An input that cannot be
    individualized (sites no bone matches) raises :class:`InputError` naming the subject."""
    from osteon.simulation import patient_start_run, simulate

    _require_osteon(spec)
    values = list(condition_values) if condition_values is not None else [{}] * len(patients)
    bases = [life_course_parameters(pt, row) for pt, row in zip(patients, parameters, strict=True)]
    run = None
    if not conditions:
        try:
            with patient_start_run():
                run = simulate(spec, population=parameter_frame(spec, bases), duration=1.0,
                               save=[0.0, 1.0], solver=solver, on_failure="drop")
        except SimulationError:  # every one failed, or the joint solve where none alone does
            run = None
    # her start from the joint run; those it failed (or all, where it raised) are run alone
    joint = set() if run is None else set(run.subject_ids)
    out: list[PatientStart | SimulationError] = []
    for i, pt in enumerate(patients):
        # what her start warns of, said with her subject id: in a cohort the patient's text
        # alone does not tell which row it is (two rows may describe one patient)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                if run is not None and i in joint:
                    got: PatientStart | SimulationError = _individualize(
                        spec, pt, bases[i], *_subject(spec, run, i), _residual(run, i))
                else:
                    try:
                        got = patient_start(spec, pt, parameters[i], solver, conditions,
                                            values[i])
                    except SimulationError as exc:
                        got = exc
            except InputError as exc:
                raise InputError(f"subject {subject_ids[i]!r}: {exc}") from None
        mine = [w for w in caught if issubclass(w.category, OsteonWarning)]
        for w in caught:
            if w not in mine:  # a library's own warning, as it was
                warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
        said = dict.fromkeys((w.category, str(w.message)) for w in mine)  # each once
        for category, text in said:
            warnings.warn(f"subject {subject_ids[i]!r}: {text}", category, stacklevel=3)
        notes = tuple(text for _, text in said)
        out.append(dataclasses.replace(got, notes=notes) if isinstance(got, PatientStart)
                   else got)
    return out


def parameter_frame(spec: ModelSpec, rows: Sequence[Mapping[str, Any]],
                    subject_ids: Sequence[Any] | None = None) -> pd.DataFrame:
    """``rows`` (one mapping of parameters per subject) as a population: a parameter that some
    row lacks (a man's ``age_menopause``) takes the model's value there, as in that subject's
    own run."""
    names = list(dict.fromkeys(k for row in rows for k in row))
    frame = pd.DataFrame({k: [row.get(k, spec.parameter(k).value) for row in rows]
                          for k in names})
    if subject_ids is not None:
        frame.insert(0, "subject_id", list(subject_ids))
    return frame


def _individualize(spec: ModelSpec, patient: Patient, base: Mapping[str, Any], y: np.ndarray,
                   p_run: Mapping[str, float], residual: float) -> PatientStart:
    """Her state ``y`` at the end of her life course (parameters ``p_run``; ``residual``: of
    the young adult's steady state it started from), bone individualized."""
    from osteon.library.integrated import bone_mass
    from osteon.readouts.densitometry import REFERENCE, young_adult_mean

    y = np.array(y, dtype=float)
    refs = {k: float(p_run[k]) for k in spec.baseline_references}
    i_t, i_c = spec.state_index("bone_trabecular"), spec.state_index("bone_cortical")
    i_o = spec.state_index("osteoid_calcium")
    bt, bc = y[i_t], y[i_c]
    # her matrix keeps the mean mineral density of the model's woman of her age (secondary
    # mineralization: the density follows her turnover, which the scaling leaves alone)
    dens = {"mineral_trabecular": y[spec.state_index("mineral_trabecular")],
            "mineral_cortical": y[spec.state_index("mineral_cortical")]}
    m_t = bone_mass.effective_density(dens["mineral_trabecular"], p_run)
    m_c = bone_mass.effective_density(dens["mineral_cortical"], p_run)
    share = {site: p_run[f"trabecular_share_{site}"] for site in bone_mass.BMD_SITES}
    # the hip's trabecular bone relative to the compartment (1 unless anabolic signals acted);
    # a ratio, so the scaling below leaves it alone
    femur = y[spec.state_index("femoral_trabecular_ratio")]
    trab = {site: femur if site in bone_mass.FEMORAL_SITES else 1.0
            for site in bone_mass.BMD_SITES}
    # the cortex's bone laid on its periosteum (0 unless the PTH-receptor signal acted), as a
    # share of the cortical matrix, which the scaling keeps
    i_p = spec.state_index("cortical_periosteal")
    perio = y[i_p] / bc
    # the BMD her bone at the young adult's would read: her sex's young-adult mean, as the
    # model's readouts (a man's T-score is against the women's reference, his bone is not)
    young = {site: young_adult_mean(site, p_run["female"]) for site in bone_mass.BMD_SITES}

    def formed(b_t: float, b_c: float) -> float:
        s = {"bone_trabecular": b_t, "bone_cortical": b_c}
        return float(bone_mass.calcium_formed(s, 1.0, p_run, np))

    def osteoid(b_t: float, b_c: float) -> float:
        """Her osteoid: what her bone's formation surfaces lay down, in the proportion the
        model's woman of her age holds to hers."""
        return y[i_o] * formed(b_t, b_c) / formed(bt, bc)

    def mineral(b_t: float, b_c: float) -> float:
        """BMD's mineral factor: osteoid beyond the young adult's still awaits its mineral
        (calcium mass balance on; 1 otherwise)."""
        s = {"bone_trabecular": b_t, "bone_cortical": b_c, "osteoid_calcium": osteoid(b_t, b_c),
             "cortical_periosteal": b_c * perio, **dens}
        return 1.0 - p_run["calcium_mass_balance"] * float(bone_mass.mineral_deficit(s, p_run, np))

    def bmd(site: str, b_t: float, b_c: float) -> float:
        mix = share[site] * b_t * trab[site] * m_t + (1 - share[site]) * b_c * (1 + perio) * m_c
        return young[site] * mix * mineral(b_t, b_c)

    bmd_model = {site: bmd(site, bt, bc) for site in bone_mass.BMD_SITES}

    target = patient.target_bmd()
    bt_new, bc_new = bt, bc
    bound = None
    # sites of nearly the same trabecular share (the total hip and the femoral neck) cannot
    # tell the compartments apart: one factor for both, fitted to them in SD units
    shares = [share[s] for s in target]
    one_factor = len(target) > 1 and max(shares) - min(shares) < SHARE_SPREAD_MIN
    # the BMD of the scaled bone is linear in it but for the mineral factor, which the bone
    # scaling moves only slightly: solve at the factor of the last iterate until it settles
    for _ in range(50):
        m = mineral(bt_new, bc_new)
        if len(target) == 1:
            (site, value), = target.items()
            f = value / (bmd(site, bt, bc) / mineral(bt, bc) * m)
            b_next = (bt * f, bc * f)
        elif one_factor:
            a = {s: bmd(s, bt, bc) / mineral(bt, bc) * m for s in target}
            w = {s: 1.0 / REFERENCE[s].sd ** 2 for s in target}
            f = (sum(w[s] * a[s] * v for s, v in target.items())
                 / sum(w[s] * a[s] ** 2 for s in target))
            b_next = (bt * f, bc * f)
        elif target:
            a = np.array([[young[s] * share[s] * trab[s] * m_t * m,
                           young[s] * (1 - share[s]) * (1 + perio) * m_c * m] for s in target])
            b = np.array(list(target.values()))
            w = np.array([1.0 / REFERENCE[s].sd ** 2 for s in target])
            (t_next, c_next), bound = _bounded_fit(a, b, w, *PROPORTION_BOUNDS)
            b_next = (t_next, c_next)
        else:
            break
        done = max(abs(b_next[0] - bt_new), abs(b_next[1] - bc_new)) < 1e-14
        bt_new, bc_new = b_next
        if done:
            break
    if len(target) > 1:
        _warn_two_compartment_reading(patient, target, {s: bmd(s, bt_new, bc_new) for s in target},
                                      bt_new / bt, bc_new / bc, one_factor,
                                      bound if len(target) > 1 and not one_factor else None,
                                      bt_new / bc_new)
    y[i_o] = osteoid(bt_new, bc_new)
    y[i_t], y[i_c] = bt_new, bc_new
    # the cortical space PTH holds open keeps its share of the scaled cortex
    i_s = spec.state_index("cortical_pth_space")
    y[i_s] = y[i_s] * bc_new / bc
    y[i_p] = perio * bc_new
    # her sustained turnover (the fracture projections' CTX) moves with her bone's remodeling
    # surfaces as her CTX of the moment does
    i_m = spec.state_index("resorption_log_memory")
    surfaces = [float(bone_mass.skeletal_turnover({"bone_trabecular": t, "bone_cortical": c},
                                                  1.0, p_run, np)) for t, c in
                ((bt, bc), (bt_new, bc_new))]
    y[i_m] += np.log(surfaces[1] / surfaces[0])
    stiff_old = bone_mass.stiffness(bt, bc, p_run)
    stiff_new = bone_mass.stiffness(bt_new, bc_new, p_run)
    ft = p_run["skeletal_fraction_trabecular"]
    cells_old = ft * bt + (1.0 - ft) * bc
    cells_new = ft * bt_new + (1.0 - ft) * bc_new
    params = {**base, **refs,
              "habitual_load": p_run["habitual_load"] * stiff_new / stiff_old,
              "osteocyte_density": p_run["osteocyte_density"] * cells_old / cells_new}
    return PatientStart(patient=patient, y0=y[None, :], parameters=params, bmd_model=bmd_model,
                        residual=residual)


#: the trabecular-to-cortical proportion (``bone_trabecular / bone_cortical``, each 1 in the
#: model's young adult) a multi-site fit may give her. ASSUMPTION, from the model's own life
#: course widened by the population's spread: from 25 to 90 the model's women and men span
#: 0.48 (a woman of 90: 0.409 / 0.853) to 1.0 (25), see tests; widened by 2 young-adult SD of
#: the lumbar spine, the site most trabecular, as a fraction of its mean (2 x 0.110 / 1.047 =
#: 0.21, densitometry.REFERENCE; about 95 % of a population lies within 2 SD of its age's
#: mean), on the assumption that this spread may lie wholly in the proportion: 0.48 x 0.79 to
#: 1.0 x 1.21. Outside it the two compartments were read as e.g. trabecular bone x2.97 and
#: cortical bone x0.15 of her age's (spine -1.0 with the neck -2.6 at 70), a cortex no one
#: has, with a drug response 1.8 and 2.3 times the neck alone's at the spine and hip.
PROPORTION_LIFE_COURSE = (0.48, 1.0)
PROPORTION_SPREAD = 2.0 * 0.110 / 1.047
PROPORTION_BOUNDS = (PROPORTION_LIFE_COURSE[0] * (1.0 - PROPORTION_SPREAD),
                     PROPORTION_LIFE_COURSE[1] * (1.0 + PROPORTION_SPREAD))


def _bounded_fit(a: np.ndarray, b: np.ndarray, w: np.ndarray, q_lo: float,
                 q_hi: float) -> tuple[tuple[float, float], str | None]:
    """The trabecular and cortical bone ``x`` minimizing ``sum w (a x - b)^2`` with the
    proportion ``x[0] / x[1]`` in ``[q_lo, q_hi]`` (both positive), and which bound holds it
    (``"lower"``, ``"upper"``; ``None`` inside). The problem is convex on that cone, so where
    the free least squares lies outside it the optimum lies on one of its two edges."""
    r = np.sqrt(w)
    (x_t, x_c), *_ = np.linalg.lstsq(a * r[:, None], b * r, rcond=None)
    if x_c > 0 and x_t > 0 and q_lo <= x_t / x_c <= q_hi:
        return (float(x_t), float(x_c)), None
    best = None
    for name, q in (("lower", q_lo), ("upper", q_hi)):
        u = a @ np.array([q, 1.0])
        level = float(np.sum(w * u * b) / np.sum(w * u * u))
        cost = float(np.sum(w * (u * level - b) ** 2))
        if level > 0 and (best is None or cost < best[0]):
            best = (cost, (q * level, level), name)
    if best is None:
        raise InputError(f"no positive trabecular and cortical bone matches the BMDs given, "
                         f"{b.tolist()} g/cm²")
    return best[1], best[2]


#: compartment factors further apart than this (trabecular over cortical, either way) are
#: warned about: bone turnover scales with trabecular bone in the model (an assumption: where
#: the sites' difference is read as a compartment difference, her turnover moves with it)
COMPARTMENT_SPREAD_WARN = 1.5
#: given sites whose trabecular shares lie closer than this are not read as a compartment
#: difference (an assumption: the total hip and the femoral neck, 0.26 and 0.33, are nearly
#: the same mix, so a 0.4 SD difference between them became trabecular bone x0.5 or none at all
#: and was refused as inconsistent); both compartments take one factor, fitted to them
SHARE_SPREAD_MIN = 0.15
#: a given site the two-compartment solution misses by more than this (T-score units) is warned
SITE_MISS_WARN = 0.1


#: what the clinical columns read at a site the model's bone misses (readouts.clinical)
_KEPT = ("her T-scores, WHO class and fracture risk still read each site as she gave it, plus "
         "the model's change there since the start; the model's bmd_<site> columns are its "
         "bone's own level")


def _warn_two_compartment_reading(patient: Patient, target: Mapping[str, float],
                                  started: Mapping[str, float], f_trab: float,
                                  f_cort: float, one_factor: bool = False,
                                  bound: str | None = None, proportion: float = 1.0) -> None:
    """Warn where a multi-site patient is read in a way the user would not guess: sites whose
    difference becomes a large trabecular/cortical difference (which moves her bone turnover, as
    turnover follows trabecular bone), or given sites the two compartments cannot all match
    (each named with its miss in SD); ``bound``: the proportion held at that bound of
    :data:`PROPORTION_BOUNDS`."""
    import warnings

    from osteon.errors import OsteonWarning
    from osteon.readouts.densitometry import REFERENCE

    missed = {s: ((v - REFERENCE[s].mean) / REFERENCE[s].sd,
                  (started[s] - REFERENCE[s].mean) / REFERENCE[s].sd)
              for s, v in target.items() if abs(started[s] - v) / REFERENCE[s].sd > SITE_MISS_WARN}
    shown = ", ".join(f"{s} by {m - g:+.2f} SD (given T {g:.2f}, the model's bone {m:.2f})"
                      for s, (g, m) in missed.items())
    if missed and one_factor:
        warnings.warn(f"{patient!r}: the sites given have nearly the same trabecular share, so "
                      f"they cannot tell trabecular from cortical bone; both compartments are "
                      f"scaled by one factor fitted to them in SD units, which misses {shown}; "
                      f"{_KEPT}", OsteonWarning, stacklevel=3)
        return
    said = []  # one warning: the miss and the compartment reading are one fit's two sides
    if missed:
        why = (f"its trabecular-to-cortical proportion held at the {bound} bound, "
               f"{proportion:.2f} (allowed {PROPORTION_BOUNDS[0]:.2f} to "
               f"{PROPORTION_BOUNDS[1]:.2f}: the model's life course from 25 to 90 with the "
               f"population's spread, individualize.PROPORTION_BOUNDS)" if bound else
               "the least-squares fit in SD units")
        which = "both" if len(target) == 2 else f"all {len(target)}"
        said.append(f"the model's two bone compartments (trabecular, cortical) cannot match "
                    f"{which} sites given; its bone, {why}, misses {shown}; {_KEPT}")
    spread = f_trab / f_cort
    if not (1.0 / COMPARTMENT_SPREAD_WARN <= spread <= COMPARTMENT_SPREAD_WARN):
        said.append(f"{'Also, t' if said else 't'}he sites' difference is read as a difference "
                    f"between compartments: trabecular bone x{f_trab:.2f} and cortical bone "
                    f"x{f_cort:.2f} of the model's person of that age; bone turnover (CTX, "
                    f"P1NP) follows trabecular bone, so it moves with it, and so do the % "
                    f"changes of BMD on a drug ({'larger' if spread > 1.0 else 'smaller'} "
                    f"than with one site given). The model's own sites do not keep the "
                    f"reference curves' relation (its spine sits lower), so even equal T-scores "
                    f"can be read so; give one site to keep her turnover that of her age")
    if said:
        warnings.warn(f"{patient!r}: " + ". ".join(said), OsteonWarning, stacklevel=3)
