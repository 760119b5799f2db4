"""One entry point: :func:`simulate`."""

from __future__ import annotations

import numbers
import re
import warnings
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from osteon._version import __version__
from osteon.engines import integrate
from osteon.engines.options import Solver
from osteon.errors import (
    InputError,
    OsteonWarning,
    SimulationError,
    SteadyStateError,
    UnknownNameError,
    did_you_mean,
)
from osteon.events import (
    Bolus,
    InfusionStep,
    NegativeStateError,
    ParameterStep,
    StateScale,
    apply_state_event,
    collect_events,
)
from osteon.model.spec import ModelSpec
from osteon.model.steady_state import find_steady_state, relative_residual
from osteon.result import Result
from osteon.units import holds_bool, is_quantity, is_real, magnitude_in, to_days

DEFAULT_SAVE_POINTS = 1001
#: the most saved times a run keeps, by a count or a spacing (ASSUMPTION: a memory bound; the
#: integrated model's trajectory is about 100 columns of 8 bytes, so 1e6 times hold about 1 GB
#: before its readouts; 1e8 failed inside numpy)
MAX_SAVE_POINTS = 1_000_000


#: a patient's risk factors that name a condition of the catalog: the flag enters the fracture
#: readouts only, the condition the bone and (osteon.readouts.clinical.condition_factors) the
#: fracture readouts
_FLAG_CONDITIONS = {"glucocorticoids": "glucocorticoids 7.5 mg/day",
                    "rheumatoid_arthritis": "rheumatoid arthritis"}


def _warn_flag_without_condition(patients, course_list) -> None:
    """Say that a risk factor of the patients' text (glucocorticoids, rheumatoid arthritis) raises
    the fracture readouts only, where the run does not also impose the condition on the bone.
    (The other way round needs no warning: the condition sets the risk factor itself, as the
    clinical readouts' ``risk_factors`` column says.)"""
    imposed = {c.condition.id for c in course_list}
    for flag, example in _FLAG_CONDITIONS.items():
        word = flag.replace("_", " ")
        if any(getattr(pt, flag) for pt in patients) and flag not in imposed:
            warnings.warn(f"the patient's risk factor '{word}' raises the fracture "
                          f"probabilities only; its effect on bone is the condition "
                          f"(conditions=['{example}'], --condition '{example}'), which this run "
                          f"does not impose", OsteonWarning, stacklevel=3)


@dataclass
class _Starts:
    """Where the subjects of patients start: their life course to their age, individualized."""

    ids: list[Any]  # every subject requested
    kept: np.ndarray  # the indices (into ids) of those that start
    failed: dict[int, SimulationError]  # index -> why her start failed
    attempted: dict[int, dict[str, float]]  # index -> the life-course parameters it failed with
    parameters: Any  # one patient: her parameters; a population: the frame of those that start
    initial: np.ndarray  # (len(kept), n_states)
    #: the residual of the young adult's steady state each subject's life course starts from,
    #: one per subject requested (those that failed to start too: it is solved before)
    residual: np.ndarray
    #: index -> what her start warned of (a population's individualization: sites no bone
    #: matches, ...), recorded in status["warnings"]
    notes: dict[int, str] = field(default_factory=dict)

    def failures(self) -> list[dict[str, Any]]:
        """The failed starts as :class:`SimulationError`'s failures."""
        return [{"index": i, "subject_id": self.ids[i], "t_reached": 0.0,
                 "message": _start_message(exc)} for i, exc in self.failed.items()]

    def with_failed(self, status: pd.DataFrame,
                    par_df: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
        """``status`` and ``par_df`` of the subjects that started, with a row for each that
        failed to start (its reason; the parameters its life course was attempted with), in the
        order requested."""
        position = {int(i): k for k, i in enumerate(self.kept)}
        rows, pars = [], []
        for i, sid in enumerate(self.ids):
            if i in position:
                rows.append(status.iloc[position[i]].to_dict())
                pars.append(par_df.iloc[position[i]].to_dict())
            else:
                rows.append({"subject_id": sid, "status": "failed",
                             "message": _start_message(self.failed[i]), "t_reached_days": 0.0,
                             "steady_state_residual": float(self.residual[i]), "warnings": ""})
                pars.append({"subject_id": sid, **self.attempted[i]})
        return (pd.DataFrame(rows, columns=status.columns),
                pd.DataFrame(pars, columns=par_df.columns))


def _start_message(exc: Exception) -> str:
    return f"no start: the life course to the patient's age failed (before the simulation): {exc}"


def _patient_starts(spec: ModelSpec, patients: list[Any], parameters: Any, population: Any,
                    initial: Any, solver: Solver, t_end: float, on_failure: str,
                    established: list[Any] | None = None,
                    condition_values: Mapping[str, float] | None = None,
                    condition_columns: Mapping[str, np.ndarray] | None = None) -> _Starts:
    """Each patient's start (one patient, or one per row of ``population``), checked first.

    ``established`` are the condition courses that began before the start: each life course
    runs with them (``condition_values`` their parameters' values for every subject,
    ``condition_columns`` one per subject requested)."""
    from osteon.individualize import (
        _require_osteon,
        life_course_parameters,
        parameter_frame,
        patient_start,
        patient_starts,
        refuse_patient_parameters,
    )

    _require_osteon(spec)
    refuse_patient_parameters(parameters, population)
    single = population is None
    ids, p_req = _parameters(spec, parameters, population)  # the rows' values checked
    for i, pt in enumerate(patients):
        who = "" if single else f"subject {ids[i]!r}: "
        _check_patient_age(spec, pt, t_end, who)
        for c in established:  # an onset from 25 to her age
            try:
                c.start_day(pt.age)
            except InputError as exc:
                raise InputError(f"{who}{exc}") from None
    if not (isinstance(initial, str) and initial == "steady_state"):
        raise InputError("initial= cannot be set with patient=: the patient's state is the "
                         "life course to their age, individualized to their BMD")
    # the patient's own life course is one subject's run-in: SciPy's BDF (a population's: the
    # batched Rodas4), not a compiled program
    scipy_solver = (solver if solver.engine == "scipy"
                    else solver.replace(engine="scipy", method="auto"))
    established = established or []
    own = [{**(condition_values or {}),
            **{k: float(v[i]) for k, v in (condition_columns or {}).items()}}
           for i in range(len(ids))]
    if single:
        start = patient_start(spec, patients[0], parameters, scipy_solver, established, own[0])
        return _Starts(ids, np.arange(1), {}, {}, start.parameters, start.y0,
                       np.array([start.residual]))
    columns = [c for c in population.columns if c != "subject_id"]
    rows = [{**(parameters or {}), **{c: float(p_req[c][i]) for c in columns}}
            for i in range(len(ids))]
    got = patient_starts(spec, patients, rows, scipy_solver, ids, established, own)
    failed = {i: g for i, g in enumerate(got) if isinstance(g, SimulationError)}
    kept = np.array([i for i in range(len(ids)) if i not in failed], dtype=int)
    attempted = {i: {k: float(v[0]) for k, v in spec.resolve_parameters(
        life_course_parameters(patients[i], rows[i]), 1).items()} for i in failed}
    residual = np.array([_young_residual(spec, attempted[i], frozenset(rows[i]))
                         if i in failed else got[i].residual for i in range(len(ids))])
    starts = _Starts(ids, kept, failed, attempted,
                     parameter_frame(spec, [got[i].parameters for i in kept],
                                     [ids[i] for i in kept]) if kept.size else None,
                     np.vstack([got[i].y0 for i in kept]) if kept.size else np.empty((0, 0)),
                     residual, {int(i): "; ".join(got[i].notes) for i in kept if got[i].notes})
    if failed and (on_failure == "raise" or not kept.size):
        f = starts.failures()[0]
        raise SimulationError(f"simulation of '{spec.id}' failed for subject "
                              f"{f['subject_id']!r} ({len(failed)} of {len(ids)} failed): "
                              f"{f['message']}", failures=starts.failures())
    return starts


def _young_residual(spec: ModelSpec, values: Mapping[str, float], explicit: frozenset[str]) -> float:
    """The residual of the young adult's steady state that the life course of a subject with
    the resolved parameters ``values`` starts from (solved before her life course, which is
    what failed: the steady state's own failure stops the whole run)."""
    p = {k: np.array([v], dtype=float) for k, v in values.items()}
    if spec.run_in is not None:
        p = {k: np.asarray(v, dtype=float) for k, v in spec.run_in(p)[0].items()}
    return float(find_steady_state(spec, p, 1, keep=explicit).residual[0])


def _check_patient_age(spec: ModelSpec, patient: Any, t_end: float, who: str) -> None:
    """A patient old enough for the model's life course, and not past 100 at the end."""
    from osteon.patient import AGE_RANGE

    if "age_start" in spec.parameter_names:  # the model's own youngest start (25: osteon)
        q = spec.parameter("age_start")
        if not q.admits(patient.age):
            raise InputError(f"{who}the patient must be at least {q.bounds[0]:g} years old for "
                             f"model '{spec.id}' (its life course starts from the young "
                             f"adult at {q.bounds[0]:g}; osteon assess reads a patient of any "
                             f"adult age, 18-100); got age {patient.age:g}")
    end_age = patient.age + t_end / 365.25
    room = (AGE_RANGE[1] - patient.age) * 365.25  # days left before the upper age
    if end_age > AGE_RANGE[1] + 1e-9 and room < 1.0:
        raise InputError(f"{who}the patient is {patient.age:g}, at the upper age of an adult "
                         f"model's patient ({AGE_RANGE[0]:g} to {AGE_RANGE[1]:g} years), so "
                         f"no time is left to simulate; give an age below {AGE_RANGE[1]:g} "
                         f"(osteon assess reads her at {patient.age:g})")
    if end_age > AGE_RANGE[1] + 1e-9:
        raise InputError(f"{who}duration takes the patient from age {patient.age:g} to "
                         f"{end_age:.4g}; an adult model's patient is {AGE_RANGE[0]:g} to "
                         f"{AGE_RANGE[1]:g} years old, so give at most "
                         f"{AGE_RANGE[1] - patient.age:.4g} years ("
                         f"{(AGE_RANGE[1] - patient.age) * 365.25:.6g} days)")


#: True while a patient's start (osteon.individualize) simulates one day at her age to read her
#: life course: the ages are checked on the run she was asked for, not on that inner one
_PATIENT_START: ContextVar[bool] = ContextVar("osteon_patient_start", default=False)


@contextmanager
def patient_start_run() -> Iterator[None]:
    """Mark the simulations inside the block as a patient's start (see :func:`_check_ages`)."""
    token = _PATIENT_START.set(True)
    try:
        yield
    finally:
        _PATIENT_START.reset(token)


def _check_ages(spec: ModelSpec, p: Mapping[str, np.ndarray], subject_ids: list[Any],
                t_end: float, patients: Any) -> None:
    """Refuse a subject past 100 at the end, as a patient is (:func:`_check_patient_age`), and
    warn where the run takes a subject past the model's age scope (its card's ``age_scope``:
    25-90 for osteon), where its drivers are extrapolated."""
    if "age_start" not in p or _PATIENT_START.get():
        return
    from osteon.patient import AGE_RANGE

    start = np.broadcast_to(np.asarray(p["age_start"], dtype=float), (len(subject_ids),))
    end = start + t_end / 365.25
    k = int(np.argmax(end))
    who = ("the patient" if patients is not None and len(subject_ids) == 1
           else f"subject {subject_ids[k]!r}")
    if patients is None and end[k] > AGE_RANGE[1] + 1e-9:
        raise InputError(f"duration takes {who} from age_start {start[k]:g} to age "
                         f"{end[k]:.4g}; a subject is at most {AGE_RANGE[1]:g} years old, as a "
                         f"patient is, so give at most {AGE_RANGE[1] - start[k]:.4g} years "
                         f"({(AGE_RANGE[1] - start[k]) * 365.25:.6g} days)")
    scope = spec.card.age_scope if spec.card is not None else None
    if scope is not None and end[k] > scope[1] + 1e-9:
        warnings.warn(f"the run takes {who} from age {start[k]:.4g} to {end[k]:.4g}, past the "
                      f"age scope of model '{spec.id}' ({scope[0]:g}-{scope[1]:g} years, its "
                      f"card): beyond {scope[1]:g} its life-course drivers are extrapolated, "
                      f"not checked against data", OsteonWarning, stacklevel=3)


def _overrides_record(spec: ModelSpec, parameters) -> dict[str, Any]:
    """``parameters`` as JSON-safe values (a number, or a list per subject) in the units of
    ``spec``'s parameters (a pint Quantity converted, as the run reads it)."""
    if not isinstance(parameters, Mapping):
        return {}
    out: dict[str, Any] = {}
    for name, value in parameters.items():
        if name in spec.parameter_names:
            value = spec.parameter(name).magnitude(value, where="parameters", model=spec.id)
        if is_quantity(value):  # a name the model refuses when it reads it
            out[str(name)] = repr(value)
            continue
        try:
            v = np.asarray(value, dtype=float)
        except (TypeError, ValueError):  # refused with its reason when the model reads it
            out[str(name)] = repr(value)
            continue
        out[str(name)] = float(v) if v.ndim == 0 else v.tolist()
    return out


def _refuse_steps_a_condition_replaces(events: list[Any], steps: list[Any],
                                       course_list: list[Any]) -> None:
    """Refuse a step of the run's (``--set``, a ParameterStep) of a condition input at a time
    the conditions step that input too (``steps``): sorted after it, theirs replaced it, so
    ``--condition inflammation --set inflammation=0`` ran as the condition alone, without a
    word. A step at another time stays: a course's later step acts on the user's value in force
    then (:func:`osteon.conditions.events`)."""
    for ev in events:  # a drug's infusion: its rate and its end would replace the condition's
        if isinstance(ev, InfusionStep):
            ids = [c.condition.id for c in course_list if ev.name in c.condition.acts_on]
            if ids:
                raise InputError(
                    f"{ev.drug} as a continuous infusion enters '{ev.name}', which condition "
                    f"{', '.join(repr(i) for i in ids)} also sets: giving both at once is not "
                    f"supported yet (the infusion's rate would replace the condition's input, "
                    f"and its end would remove it); give {ev.drug} as doses (e.g. daily sc), "
                    f"or run the condition and the infusion apart")
    at = {(ev.name, ev.time) for ev in steps}
    for ev in events:
        if isinstance(ev, ParameterStep) and (ev.name, ev.time) in at:
            ids = [c.condition.id for c in course_list if ev.name in c.condition.acts_on]
            who = ", ".join(f"'{i}'" for i in ids) or "a condition of the run"
            raise InputError(
                f"a step of '{ev.name}' at t={ev.time:g} d: condition {who} sets that input at "
                f"the same time (at its onset or end, on top of the subject's own value), and "
                f"its step would replace it: the run would be the condition's alone. To change "
                f"what the condition does, give its severity or the parameters that size it "
                f"(osteon conditions show ID); to override the input, step it after the onset")


def simulate(
    model: str | ModelSpec,
    regimen: Any = None,
    *,
    patient: Any = None,
    parameters: Mapping[str, Any] | None = None,
    population: pd.DataFrame | None = None,
    duration: float | str = "1 year",
    save: int | float | str | Any = None,
    solver: Solver | str | None = None,
    initial: str | Mapping[str, float] | Any = "steady_state",
    on_failure: str = "raise",
    conditions: Any = None,
) -> Result:
    """Simulate ``model`` from its baseline over ``duration``.

    Parameters
    ----------
    model
        A model id (``osteon.models.list()``) or a :class:`~osteon.model.ModelSpec`.
    patient
        An :class:`~osteon.Patient` (or its text, ``"female, age 50, menopause at 51"``) for the
        integrated model: the life course runs from the young-adult steady state to the
        patient's age, bone is individualized to any BMD or T-score given, and the simulation
        starts there (``initial`` must then be left at its default). The parameters the patient
        sets (``female``, ``age_menopause``, ``age_start``, ``habitual_load``,
        ``osteocyte_density``) cannot be given in ``parameters``, ``population`` or an event.
        With ``population``, every row is a virtual subject around this patient (see there).
    regimen
        A prescription (text such as ``"denosumab 60 mg sc q6mo x 4"``, or an
        :class:`osteon.dosing.Regimen`): the model is composed with its drugs and every dose up
        to the end becomes an event. Or events applied between integration segments: an event
        (``ParameterStep``, ``Bolus``, ``StateScale``), a list of them, or an object with
        ``events(model)``. Or a list mixing both, as ``osteon simulate --treat ... --set
        NAME=V@T``: ``[rx, ParameterStep("100 days", "sclerostin_age_rate", 0.0)]``. The drugs
        of its prescriptions are composed with the model once (so an event may step a drug's
        parameter, ``denosumab_kel``), every dose check and label warning is said as for the
        prescription alone, and the doses and the events run in time order. Several
        prescriptions in the list are given together, as ``+`` joins them (each from t = 0 of
        the run, their start dates equal or unset; one drug in two of them adds up, which the
        dose checks report); use ``.then()`` for a sequence. An object with ``events(model)``
        composes no drug: a dose it returns names a state the model lacks and is refused (give
        the prescription in the list instead), and it cannot be an item of a list holding a
        prescription. Two steps of one parameter at one time are refused.
    parameters
        Overrides of parameter values for every subject; the baseline is computed with them.
        A value is a number in the parameter's unit (``osteon.models.show``) or a pint
        Quantity (of any registry), converted to that unit; one of another dimension is
        refused. The parameters of a condition in ``conditions`` (``gc_emax``, ...) are
        overridden too (one value for every subject); the result records them in
        ``attrs["condition_parameters"]``.
    population
        A DataFrame, one row per subject; columns are parameter names (overriding
        ``parameters``), plus an optional ``subject_id`` (a column, or the index where it is
        named ``subject_id``; otherwise the subjects are numbered 0, 1, ...). A value is a
        number in the parameter's unit or a pint Quantity (converted; pint-pandas columns
        too). Subjects are integrated together.
        A column may name a parameter of a condition in ``conditions`` (``gc_emax``, ...):
        each subject's course of that condition then takes the subject's value (checked
        against the parameter's domain as in ``parameters``); ``attrs["condition_parameters"]``
        records the column as a list, one value per subject requested. A column naming a
        parameter of a condition the run does not impose is refused.

        With ``patient``, each row is that patient with the row's parameters: her life course
        to her age, her individualization to her BMD and her simulation all take them (the life
        courses are integrated together). Columns named like :class:`~osteon.Patient` fields
        (``sex``, ``age``, ``age_at_menopause`` or ``menopause_age``, ``bmi``,
        ``t_score_<site>``, ``bmd_<site>``, ``prior_fracture``, ``parental_hip_fracture``,
        ``smoker``, ``glucocorticoids``, ``rheumatoid_arthritis``, ``alcohol_units_per_day``)
        make each row its own patient: ``patient`` with those fields replaced (a site's T-score
        or BMD replaces the patient's reading at that site), or, without ``patient``, the patient
        the row's fields describe (``sex`` and ``age`` needed). A missing value (NaN, None) is a
        field not given (the patient's own). A subject whose life course fails is reported as
        any failed subject (``on_failure``), at ``t_reached_days`` 0; its row of
        ``result.parameters`` holds the parameters its life course was attempted with.
        ``attrs["patients"]`` holds each subject's patient (canonical text, in the order of
        ``status``), which the clinical readouts read her risk factors from;
        ``attrs["patient"]`` is the one patient's text where every subject is that patient,
        else ``None``.
    duration
        Days (number) or text: ``"10 years"``, ``"6 months"``, ``"140 days"``
        (month = 365.25/12 days). Must be > 0.
    save
        ``None``: 1001 evenly spaced times; an int N >= 2: N evenly spaced times; a spacing in
        days or text (``"7 days"``): every spacing, plus the end; or an array of times in
        [0, duration].
    solver
        A :class:`Solver`, a method name (``"auto"``, ``"BDF"``, ``"LSODA"``, ``"Radau"``,
        ``"Rodas4"``; ``"Rodas5P"`` with ``engine="jax"``) or a dict. Defaults: ``"auto"`` (BDF
        for one subject, the batched Rodas4 for a population, Rodas5P on the compiled engine),
        rtol 1e-6, atol 1e-8 relative to each state's scale.
    initial
        ``"steady_state"`` (default; the homeostatic baseline, solved and checked to a relative
        residual <= 1e-8; a model with a run-in, such as the aging ``osteon`` model, solves
        it for the young adult and integrates the life course to each subject's
        ``age_start``; a state that only accumulates, such as the vessel wall's calcification
        index, has no steady state where the parameters make it grow, and starts at its initial
        value and grows from there), ``"model"`` (the published initial values), a mapping
        ``{state: value}`` on top of the published initial values (a value in the state's
        unit, or a pint Quantity converted to it), or an array (n_states,) or
        (n_subjects, n_states) of numbers in the states' units. ``status["steady_state_residual"]``
        is the solved steady state's residual (the young adult's, for a run-in or a patient);
        for a start given here, the given start's residual (how far from rest it is).
    conditions
        Disease drivers (:mod:`osteon.conditions`): a text such as ``"glucocorticoids 7.5 mg/d
        from 0 for 2 years"`` or ``"bed rest for 17 weeks"``, a :class:`~osteon.conditions.Course`,
        or a list of them. Each acts from its onset to its offset (times from the start of the
        simulation) on top of the subject's own parameters; the baseline (and a patient's life
        course) is that of the subject without them. They compose with each other and with the
        regimen: a step of the regimen on an input a condition acts on (``loading`` under bed
        rest) sets it from its time on, over the courses in force then, and a course's later
        step (its end, another's onset) acts on that value, so the step holds through them.
        A condition the patient already has (``"primary hyperparathyroidism 150 pg/mL
        since age 60"``, ``"vitamin D deficiency 12 ng/mL for the past 5 years"``, a negative
        onset or ``onset_age``) needs ``patient``: her life course runs with it from its onset
        (at age 25 at the earliest, at her age at the latest) and the simulation starts from the
        state it has brought her to, with it acting from t = 0; a BMD or T-score given is her
        bone now, with the disease, and her bone is individualized to it as without one.
    on_failure
        ``"raise"`` (default): a failed solve raises :class:`SimulationError` naming the subject,
        the time reached and the solver's message. ``"drop"``: failed subjects are left out of
        the values and reported in ``result.status``. A subject of a population whose run-in
        fails (the aging model's life course to its ``age_start``) is one of them: it never
        starts (``t_reached_days`` 0; the message gives the time its run-in reached, its
        length and the solver's reason) and the others run on; a lone subject's failed run-in
        raises. So does a subject of a population without a steady state (its message the
        search's reason, its ``steady_state_residual`` the residual of the search's last
        iterate; a lone subject's, or every subject's, raises :class:`SteadyStateError`, as
        with ``"raise"``).
        Where the engine integrates each subject on its own (the batched Rodas4, JAX)
        a subject that fails leaves the joint solve and the others keep its result (with
        ``"raise"``, the solve stops at the first that fails and the error names her, the
        others not integrated further); with a SciPy method for several subjects, whose joint
        solve cannot tell, each subject is solved alone to find those that fail.
    """
    from osteon.library import load

    spec = load(model) if isinstance(model, str) else model
    if not isinstance(spec, ModelSpec):
        raise InputError(f"model must be a model id or a ModelSpec; got {type(model).__name__}")
    if on_failure not in ("raise", "drop"):
        raise InputError(f"on_failure must be 'raise' or 'drop'; got {on_failure!r}")
    solver = Solver.coerce(solver)
    t_end = to_days(duration, field="duration", allow_zero=False)
    from osteon import conditions as _conditions

    course_list = _conditions.courses(conditions)
    population = _ids_from_index(population)
    # what the caller set (a patient's start replaces parameters and population below)
    given = {**(dict(parameters) if isinstance(parameters, Mapping) else {}),
             **({str(k): population[k].to_numpy() for k in population.columns
                 if k != "subject_id"} if isinstance(population, pd.DataFrame) else {})}
    # the parameters of the conditions in the run (gc_emax, ...) size their effects, not the model
    parameters, condition_values = _conditions.split_parameters(parameters, course_list)
    # ... and a population's columns of them one value per subject (overriding parameters=)
    population, condition_columns = _conditions.split_population(population, course_list)
    condition_record = condition_columns  # every subject requested (some may fail to start)
    # one patient per subject (patient=, and/or a population's columns named like Patient fields)
    from osteon.individualize import population_patients

    patients, population = population_patients(patient, population)
    if patients is not None:  # before their life courses: a women-only condition on a man
        ids = (list(population["subject_id"]) if isinstance(population, pd.DataFrame)
               and "subject_id" in population.columns else list(range(len(patients))))
        _conditions.refuse_for_men(course_list, [
            (f"the patient {pt.to_text()!r}" if len(patients) == 1 else
             f"subject {sid!r} ({pt.to_text()!r})") for sid, pt in zip(ids, patients, strict=True)
            if not pt.is_female])
    # a prescription's doses and infusion ends past the end are cut or kept by design; only
    # events given as events are checked for landing after the end
    # one or more prescriptions in a list with events: the drugs composed once (several
    # prescriptions given together, as +), every dose check said, the doses merged with the events
    prescription, given_events = _split_regimen(regimen)
    prescribed = prescription is not None
    _warn_shared_adherence(prescription, population)
    warn_label_limits(prescription, t_end, course_list, stacklevel=3)
    spec, doses = _with_drugs(spec, prescription, t_end)
    regimen = given_events if doses is None else [*doses, *given_events]
    # before a patient adds her own (age, sex, ...); with the drugs' parameters known (units)
    overridden = _overrides_record(spec, parameters)
    for name in parameters if isinstance(parameters, Mapping) else ():
        if name not in spec.parameter_names and (
                err := _conditions.misspelled_parameter(name, course_list)) is not None:
            raise err
    for name in population.columns if isinstance(population, pd.DataFrame) else ():
        if name != "subject_id" and name not in spec.parameter_names and (
                err := _conditions.misspelled_parameter(name, course_list)) is not None:
            raise err
    # conditions the patient already has (an onset before the start) run in her life course; the
    # simulation sees them acting from its start
    established = [c for c in course_list if c.established]
    if established and patients is None:
        established[0].start_day(None)  # refused: an onset before the start needs a patient
    starts = None
    if patients is not None:
        starts = _patient_starts(spec, patients, parameters, population, initial, solver, t_end,
                                 on_failure, established, condition_values, condition_columns)
        if population is None:  # one patient: her parameters and state
            parameters, initial = starts.parameters, starts.initial
        else:  # each subject's row: her parameters, individualized, with the population's id
            population, parameters, initial = starts.parameters, None, starts.initial
            condition_columns = {k: v[starts.kept] for k, v in condition_columns.items()}
        _warn_flag_without_condition(patients, course_list)
    t_save = _save_times(save, t_end)

    subject_ids, p = _parameters(spec, parameters, population)
    n = len(subject_ids)
    _check_ages(spec, p, subject_ids, t_end, patients)
    if not _PATIENT_START.get():  # said on the run asked for, not on a patient's life course
        for line in _conditions.ovaries_already_spent(p, course_list):
            warnings.warn(line, OsteonWarning, stacklevel=2)
    if patients is None and "female" in p:  # a man given as the parameter female = 0
        _conditions.refuse_for_men(course_list, [
            f"subject {sid!r} (female = 0)" for sid, f in
            zip(subject_ids, np.broadcast_to(p["female"], (n,)), strict=True) if f == 0.0])
    try:
        if starts is not None and starts.failed:  # events for all subjects requested, given to those
            events = _subset_events(collect_events(regimen, spec, len(starts.ids)), starts.kept)
        else:
            events = collect_events(regimen, spec, n)
    except UnknownNameError as exc:  # a drug's state or parameter, its drug not composed
        if (hint := _drug_not_composed(exc, spec)) is not None:
            # its own advice for an event replaces the model's (osteon.drugs.not_given_hint)
            said = re.sub(r" \(a parameter of drug '[^']+', which this run does not give:[^)]*\)",
                          "", str(exc))
            raise UnknownNameError(f"{said}; {hint}") from None
        raise
    if starts is not None:
        from osteon.individualize import PATIENT_PARAMETERS

        stepped = sorted({e.name for e in events if isinstance(e, ParameterStep)}
                         & set(PATIENT_PARAMETERS))
        if stepped:
            raise InputError(f"parameters {stepped} are set by the patient (sex, age, menopause, "
                             f"BMD) and cannot be stepped by an event; give them through Patient "
                             f"instead")
    _warn_after_end(list(given_events) if prescribed else events, course_list, t_end)
    if not _PATIENT_START.get():  # said on the run asked for, not on a patient's life course
        stepped_names = {e.name for e in events if isinstance(e, ParameterStep)}
        for line in _conditions.idle_parameters(spec, given, course_list, stepped_names):
            warnings.warn(line, OsteonWarning, stacklevel=2)
        for line in _conditions.inert_courses(spec, given, course_list, stepped_names):
            warnings.warn(line, OsteonWarning, stacklevel=2)
        if not condition_columns:  # a condition's parameters per subject: klotho unknown here
            with _conditions.parameter_overrides(condition_values):
                lines = _conditions.below_threshold_parameters(spec, given, course_list,
                                                               stepped_names)
            for line in lines:
                warnings.warn(line, OsteonWarning, stacklevel=2)
    in_run = [r for c in course_list if (r := c.in_run()) is not None]
    # the parameters the run starts with: a condition already in force at the start (an
    # established course, run in in her life course) is in them, so the saved t = 0 point (the
    # state before any event at t = 0) shows its observables with it; the steps at t = 0 set the
    # same values, so the trajectory is unchanged. An onset at 0 stays an event at the start
    start_values: dict[str, np.ndarray] = {}
    if in_run:
        with _conditions.parameter_overrides(condition_values):
            steps = _conditions.events(in_run, spec, p, t_end, condition_columns, events)
            already = [c.in_run() for c in course_list if c.established]
            at_start = [ev for ev in _conditions.events(
                [c for c in already if c is not None], spec, p, t_end, condition_columns)
                if ev.time == 0.0]
        for ev in steps:
            ev.validate(spec, n)
        _refuse_steps_a_condition_replaces(events, steps, in_run)
        events = sorted([*events, *steps], key=lambda e: e.time)
        start_values = {ev.name: np.broadcast_to(np.asarray(ev.value, dtype=float), (n,)).copy()
                        for ev in at_start}
    explicit = frozenset(parameters or {}) | frozenset(
        c for c in (population.columns if population is not None else ()) if c != "subject_id")
    # a subject without a steady state never starts, as one whose run-in fails: the others go
    # on where the failures are to be recorded ('drop'); a lone subject's, or every subject's,
    # is the steady state's own error
    ss_failed: dict[int, str] = {}
    try:
        y0, initial_desc, residual = _initial(spec, initial, p, n, explicit, subject_ids)
    except SteadyStateError as exc:
        if on_failure == "raise" or n == 1 or not exc.rows or len(exc.rows) == n:
            raise
        ss_failed = exc.rows
        good = np.array([i for i in range(n) if i not in ss_failed])
        y_good, initial_desc, res_good = _initial(
            spec, initial, _take(p, good, n), good.size, explicit,
            [subject_ids[i] for i in good])
        # theirs has no state: NaN, kept out of every solve (their baseline references too)
        y0 = np.full((n, spec.n_states), np.nan)
        y0[good] = y_good
        # theirs: the residual of the search's last iterate (its reason says why it failed)
        residual = np.array([exc.residuals.get(i, np.nan) for i in range(n)], dtype=float)
        residual[good] = res_good
    run_in_failed: dict[int, tuple[float, float, str]] = {}
    if initial_desc == "steady_state":
        if spec.run_in is not None:
            y0, p, initial_desc, run_in_failed = _run_in(spec, y0, p, explicit, solver,
                                                         skip=frozenset(ss_failed))
        else:
            p = {k: np.asarray(v, dtype=float) for k, v in
                 spec.with_baseline_references(p, y0, explicit).items()}

    p_run = {**p, **start_values}  # p itself (the parameters table) stays without conditions
    if starts is not None:  # a patient's: the young adult's her life course starts from
        residual = starts.residual[starts.kept]
    elif residual is None:  # a start given (initial=): how far it is from rest, as it runs
        residual = relative_residual(spec, y0, p_run, 0.0, frozenset(spec.baseline_references))
    # a subject whose run-in failed never starts (t_reached 0), as a patient whose life course
    # fails; the others run on
    failures: list[dict[str, Any]] = sorted(
        [*({"index": s, "t_reached": 0.0, "message": "no start: " + _run_in_message(*f)}
           for s, f in run_in_failed.items()),
         *({"index": s, "t_reached": 0.0, "message": f"no start: {why}"}
           for s, why in ss_failed.items())], key=lambda f: f["index"])
    keep = np.ones(n, dtype=bool)
    keep[list(run_in_failed)] = False
    keep[list(ss_failed)] = False
    if n == 1 and run_in_failed:  # a lone subject: the run-in's own error, as before
        raise SimulationError(f"model '{spec.id}': {_run_in_message(*run_in_failed[0])}",
                              failures=[{**failures[0], "subject_id": subject_ids[0]}])
    live = np.flatnonzero(keep)
    if failures and (on_failure == "raise" or not live.size):
        _raise_failures(spec, subject_ids, failures, starts)
    # the others go on past a failure only where the failures are to be recorded ('drop')
    record = on_failure != "raise"
    fp_errors: list[str] = []  # numpy's floating-point errors in the solve, said in words
    traj = _integrate_rows(spec, y0, p_run, t_save, events, solver, live, subject_ids,
                           drop_failed=record and live.size > 1, fp_errors=fp_errors)
    # after a failure, fp_errors holds those of the solves that found it too
    failed_in_solve = traj.failure is not None
    if traj.failure is not None:
        found: list[dict[str, Any]] = []
        if traj.failure.rows is not None:  # the engine says which failed; the others ran on
            found = [{"index": int(live[r]), "t_reached": t, "message": msg}
                     for r, (t, msg) in sorted(traj.failure.rows.items())]
        elif not record and traj.failure.row is not None:  # the engine names the first: raised
            found.append({"index": int(live[traj.failure.row]),
                          "t_reached": traj.failure.t_reached, "message": traj.failure.message})
        elif live.size == 1:
            found.append({"index": int(live[0]), "t_reached": traj.failure.t_reached,
                          "message": traj.failure.message})
        else:  # find which subjects fail by solving each alone
            for s in live:
                sub = _integrate_rows(spec, y0, p_run, t_save, events, solver, np.array([s]),
                                      subject_ids, drop_failed=False, fp_errors=fp_errors)
                if sub.failure is not None:
                    found.append({"index": int(s), "t_reached": sub.failure.t_reached,
                                  "message": sub.failure.message})
            if not found:  # the batch failed but every subject alone succeeds
                found.append({"index": -1, "t_reached": traj.failure.t_reached,
                              "message": _named(traj.failure, live, subject_ids)})
        for f in found:
            if f["index"] >= 0:
                keep[f["index"]] = False
        # the simulation's failures first (its message names the first), those of the run-in
        failures = [*found, *failures]
        if on_failure == "raise" or not keep.any() or found[0]["index"] == -1:
            _raise_failures(spec, subject_ids, failures, starts,
                            (solver.method_for(live.size), t_end, live.size))
        ok_idx = np.flatnonzero(keep)
        if traj.failure.rows is not None:  # the others' joint result, as it is
            traj = _rows_of(traj, np.flatnonzero(np.isin(live, ok_idx)), live.size)
        else:
            traj = _integrate_rows(spec, y0, p_run, t_save, events, solver, ok_idx,
                                   subject_ids, drop_failed=False, fp_errors=fp_errors)
            if traj.failure is not None:  # pragma: no cover - defensive
                raise SimulationError(f"simulation of '{spec.id}' failed: "
                                      f"{_named(traj.failure, ok_idx, subject_ids)}")
    else:
        ok_idx = live

    assembly_errors: list[str] = []  # those met computing the observables, subject by subject
    with floating_point_errors(assembly_errors):
        values, variables, units = _assemble(spec, traj, t_save)
    with np.errstate(all="ignore"):  # a report of the t = 0 point; the solve's are said
        after_start = _after_start_events(spec, y0, p_run, events, ok_idx, values, variables,
                                          t_save)
    warnings_by_idx = _domain_warnings(spec, traj.y, t_save, ok_idx, subject_ids)
    if fp_errors or assembly_errors:
        whose, uncleared = _whose_fp_errors(
            spec, traj, y0, p_run, t_save, events,
            solver.replace(method=solver.method_for(live.size)), ok_idx, subject_ids,
            fp_errors, assembly_errors, recheck_group=failed_in_solve)
        _undefined_arithmetic_warning(
            spec, list(dict.fromkeys([*fp_errors, *assembly_errors])), ok_idx, subject_ids,
            warnings_by_idx, whose, uncleared)
    if not _PATIENT_START.get():  # said on the run asked for (its start included), once
        for s, msg in _bound_warnings(spec, values, variables, t_save, ok_idx,
                                      subject_ids).items():
            warnings_by_idx[s] = (warnings_by_idx[s] + "; " if s in warnings_by_idx else "") + msg
    if starts is not None:  # what each subject's start warned of, before her run's own
        for k, i in enumerate(starts.kept):
            if (note := starts.notes.get(int(i))) is not None and k < n:
                warnings_by_idx[k] = note + ("; " + warnings_by_idx[k] if k in warnings_by_idx
                                             else "")
    fail_by_idx = {f["index"]: f for f in failures}
    status = pd.DataFrame({
        "subject_id": list(subject_ids),
        "status": ["failed" if s in fail_by_idx else "ok" for s in range(n)],
        "message": [fail_by_idx[s]["message"] if s in fail_by_idx else "" for s in range(n)],
        "t_reached_days": [fail_by_idx[s]["t_reached"] if s in fail_by_idx else t_end
                           for s in range(n)],
        "steady_state_residual": np.asarray(residual, dtype=float),
        "warnings": [warnings_by_idx.get(s, "") for s in range(n)],
    })
    par_df = pd.DataFrame({k: v for k, v in p.items()})
    par_df.insert(0, "subject_id", list(subject_ids))
    if starts is not None and starts.failed:  # every subject requested, in the order given
        status, par_df = starts.with_failed(status, par_df)
    texts = [pt.to_text() for pt in patients] if patients is not None else None
    # one patient for every subject (patient=, with or without a population of parameters)
    patient_desc = texts[0] if texts and len(set(texts)) == 1 else None
    attrs = {
        "model_id": spec.id,
        "model_version": spec.version,
        "osteon_version": __version__,
        "solver": {**solver.as_dict(), "method_used": solver.method_for(n)},
        "initial": (f"patient: {patient_desc}" if patient_desc else
                    "patients: one per subject (attrs['patients'])" if texts else initial_desc),
        # canonical Patient text where every subject is that patient, else None ...
        "patient": patient_desc,
        # ... and each subject's, in the order of status (the clinical readouts' risk factors)
        "patients": texts,
        "time_unit": "day",
        "n_rhs_evaluations": traj.n_rhs,
        # the prescription as given (a text as written; a Regimen's canonical text, with its
        # adherence and seed), beside the doses it became: the saved run says what was given
        "prescription": str(prescription) if prescribed else None,
        "events": [repr(e) for e in events],
        # the t = 0 point is the value before the events at t = 0 (as at any event's time);
        # the variables they move at once, with their values just after (per subject kept)
        "after_events_at_start": after_start,
        "conditions": _conditions.describe(course_list),
        # a number, or a list per subject requested (a population's column)
        "condition_parameters": {**{k: v for k, v in condition_values.items()
                                    if k not in condition_record},
                                 **{k: v.tolist() for k, v in condition_record.items()}},
        # what the caller overrode (the model's and its drugs' parameters; a population's
        # columns are in the parameters table), so a run can be told from its files
        "parameter_overrides": overridden,
    }
    return Result(
        model=spec,
        times=t_save,
        subject_ids=tuple(subject_ids[i] for i in ok_idx),
        values=values,
        variables=variables,
        units=units,
        status=status,
        parameters=par_df,
        baseline=y0[ok_idx],
        attrs=attrs,
    )


# ---------------------------------------------------------------------- helpers
def _warn_shared_adherence(prescription: Any, population: Any) -> None:
    """Warn where a population of several subjects takes one prescription with an adherence:
    its missed doses are drawn once, from its seed, so every subject misses the same ones."""
    from osteon.dosing import Regimen
    from osteon.dosing._schedule import adherences

    n = len(population) if isinstance(population, pd.DataFrame) else 1
    if n < 2 or not isinstance(prescription, Regimen):
        return
    found = adherences(prescription._node)
    if found:
        a = found[0]
        warnings.warn(
            f"the prescription's adherence ({a.p:g}, seed {a.seed}) draws its missed doses once, "
            f"and all {n} subjects of the population take that one draw: they miss the same "
            f"doses, so adherence adds no between-subject spread; for each subject's own "
            f"draw, simulate each with her own Regimen.with_adherence(p, seed)",
            OsteonWarning, stacklevel=3)


def _split_regimen(regimen: Any) -> tuple[Any, Any]:
    """The prescription in ``regimen`` (``None`` if it has none) and what else it holds.

    A text or :class:`~osteon.dosing.Regimen` is the prescription, with nothing else. A list (or
    tuple) may mix prescriptions with events: its prescriptions are given together, as ``+``
    does (each from t = 0 of the run; one drug in two of them adds up, which the dose checks
    report), and its other items are returned as a list, to be checked as events. Anything else
    (``None``, an event, an object with ``events(model)``) has no prescription and is returned
    as it is."""
    from osteon.dosing import Regimen

    if isinstance(regimen, str | Regimen):
        return regimen, []
    if not isinstance(regimen, list | tuple):
        return None, regimen
    found = [item for item in regimen if isinstance(item, str | Regimen)]
    if not found:
        return None, regimen
    others = [item for item in regimen if not isinstance(item, str | Regimen)]
    for item in others:  # a regimen's events need the model its drugs compose; not an object's
        if not isinstance(item, ParameterStep | Bolus | StateScale):
            raise InputError(
                f"a regimen list with a prescription may hold prescriptions (text or Regimen) and "
                f"events (ParameterStep, Bolus, StateScale); got {item!r} "
                f"({type(item).__name__}); give its events in the list instead")
    prescriptions = [Regimen.parse(item) if isinstance(item, str) else item for item in found]
    combined = prescriptions[0]
    for other in prescriptions[1:]:
        combined = combined + other  # concurrent; different start dates are refused here
    return combined, others


def _drug_not_composed(exc: UnknownNameError, spec: ModelSpec) -> str | None:
    """Why a state or parameter an event names is unknown, where it is a drug's: only a
    prescription composes its drugs with the model (an object's ``events(model)`` and bare
    events do not)."""
    import re

    from osteon import drugs

    found = re.match(r"unknown (?:state|parameter) '([^']+)'", str(exc))
    if found is None or found[1] in spec.state_names or found[1] in spec.parameter_names:
        return None
    for drug_id in drugs.names():
        drug = drugs.get(drug_id)
        if found[1] in {x.name for x in (*drug.states, *drug.parameters)}:
            return (f"'{found[1]}' belongs to the drug {drug.id}, which only a prescription "
                    f"adds to the model: give the prescription and the events in one list, "
                    f"simulate(model, ['{drug.id} ...', ParameterStep(...), ...])")
    return None


def _with_drugs(spec: ModelSpec, regimen: Any, t_end: float) -> tuple[ModelSpec, Any]:
    """A prescription (text or :class:`~osteon.dosing.Regimen`) composes its drugs with the
    model and becomes the engine events of its doses up to the end of the simulation."""
    if isinstance(regimen, str):
        from osteon.dosing import parse

        regimen = parse(regimen)
    from osteon.dosing import Regimen

    if not isinstance(regimen, Regimen):
        return spec, regimen
    from osteon import drugs

    spec = drugs.compose(spec, regimen.drugs)  # unknown drugs are refused here
    warn_doses_after_end(regimen, t_end, stacklevel=3)
    odd = drugs.dose_warnings(regimen, t_end)  # doses, frequencies, concurrent items summed
    if odd:
        warnings.warn("; ".join(odd), OsteonWarning, stacklevel=3)
    return spec, regimen.events(spec, until=t_end)


def warn_doses_after_end(regimen: Any, t_end: float, stacklevel: int = 2) -> None:
    """Warn when no dose of a drug of ``regimen`` falls inside the run, all of its doses being
    at or after the end (``denosumab 60 mg sc x 1 from day 400`` in a 1-year run); with no
    dose of any drug inside, the run is untreated.

    A regimen that only runs past the end (``q6mo x 20`` in 3 years, an open-ended ``daily``)
    is cut there by design, as prescribed for longer than the simulated span: that is not
    reported, since most regimens would be. A drug whose doses a stop, a holiday or adherence
    all remove (none inside the run, none after it) is reported in its own words."""
    inside = {d.drug for d in regimen.expand(until=t_end)}
    missing = [d for d in regimen.drugs if d not in inside]
    if not missing:
        return
    # doses without end (an open-ended schedule): the first ones past the end
    later = (regimen.expand(until=t_end + max(t_end, 3650.0)) if regimen.is_open_ended
             else regimen.expand())
    parts, late, removed = [], [], []
    for drug in missing:
        times = [d.time for d in later if d.drug == drug and d.time >= t_end]
        if not times:  # none after the end either: a stop, holiday or adherence took them all
            removed.append(drug)
            continue
        late.append(drug)
        if regimen.is_open_ended:
            parts.append(f"the doses of {drug} from t={times[0]:g} d on")
        elif len(times) == 1:
            parts.append(f"1 dose of {drug} (t={times[0]:g} d)")
        else:
            parts.append(f"{len(times)} doses of {drug} (t={times[0]:g} to {times[-1]:g} d)")
    if removed:
        warnings.warn(f"no dose of {' or '.join(removed)} is given in the run: the regimen's "
                      f"stop, holiday or missed doses (adherence) remove every one of them"
                      + (", so the run is untreated" if not inside else "")
                      + f" ('{regimen}')", OsteonWarning, stacklevel=stacklevel + 1)
    if not parts:
        return
    what = ("no dose of the regimen falls inside the run, so the run is untreated" if not inside
            else f"no dose of {' or '.join(late)} falls inside the run")
    warnings.warn(f"ignored, at or after the end of the simulation (t={t_end:g} d): "
                  f"{'; '.join(parts)}: {what}; give a longer duration or an earlier start",
                  OsteonWarning, stacklevel=stacklevel + 1)


def _warn_after_end(events: list, course_list: list, t_end: float) -> None:
    """Warn about events and conditions that start at or after the end: they do nothing.
    (A prescription's doses past the end are cut by design and are not events here.)"""
    import warnings

    from osteon.errors import OsteonWarning

    late = [f"{type(e).__name__} on '{getattr(e, 'name', None) or getattr(e, 'state', '?')}' "
            f"at t={e.time:g} d" for e in events if e.time >= t_end]
    late += [f"condition '{c.condition.id}' from t={c.onset:g} d" for c in course_list
             if c.onset >= t_end]
    if late:
        warnings.warn(f"ignored, at or after the end of the simulation (t={t_end:g} d): "
                      f"{'; '.join(late)}", OsteonWarning, stacklevel=3)


def warn_label_limits(regimen: Any, t_end: float, course_list: Any = (),
                      stacklevel: int = 2) -> None:
    """Warn where a prescription (text or :class:`~osteon.dosing.Regimen`) passes a limit its
    drugs' labels set, in the simulated span: PTH-receptor agonists past 24 months
    (:func:`_warn_pth_analog_exposure`) or during a condition their labels say to avoid
    (:func:`_warn_pth_analog_contraindications`), romosozumab past 12 monthly doses
    (:func:`_warn_romosozumab_course`). The run still simulates what was asked.

    :func:`simulate` says them for a prescription it is given; a caller that hands the solver
    the prescription's events instead (the CLI's single run) calls this itself."""
    if isinstance(regimen, str):
        from osteon.dosing import parse

        regimen = parse(regimen)
    from osteon.dosing import Regimen

    if not isinstance(regimen, Regimen):
        return
    _warn_pth_analog_contraindications(regimen, list(course_list or []), t_end,
                                       stacklevel + 1)
    _warn_pth_analog_exposure(regimen, t_end, stacklevel + 1)
    _warn_romosozumab_course(regimen, t_end, stacklevel + 1)


#: lifetime limit of PTH-receptor agonist treatment on the labels (osteosarcoma in rats), days
PTH_ANALOG_LIMIT_DAYS = 24 * 365.25 / 12


def _warn_pth_analog_exposure(regimen: Any, t_end: float, stacklevel: int = 2) -> None:
    """Warn when teriparatide/abaloparatide exposure in the simulated span passes 24 months.

    The exposure is the time on treatment: the days covered by a dose (a bolus covers the day
    from its time, an infusion its duration within the span), each day counted once, so two
    agonists given together ('teriparatide ... and abaloparatide ...'), one drug in two
    concurrent items or a daily amount split in two doses count the days they cover, not the
    sum of their doses (13 months of both agonists together were read as 26 months)."""
    doses = [d for d in regimen.expand(until=t_end) if d.drug in ("teriparatide", "abaloparatide")]
    if not doses:
        return
    spans = sorted((d.time, d.time + (min(d.input_duration, t_end - d.time) if d.is_infusion
                                      else 1.0)) for d in doses)
    days, reach = 0.0, -np.inf
    for lo, hi in spans:  # the length of the union of the covered intervals
        if hi > reach:
            days += hi - max(lo, reach)
            reach = hi
    if days > PTH_ANALOG_LIMIT_DAYS + 1.0:
        warnings.warn(f"PTH-receptor agonist exposure of {days / 30.4375:.1f} months exceeds the "
                      f"24-month lifetime limit of the teriparatide and abaloparatide labels",
                      OsteonWarning, stacklevel=stacklevel + 1)


#: the most monthly doses of romosozumab the label allows. EVENITY (romosozumab-aqqg) US
#: prescribing information (Amgen, initial approval 2019; DailyMed, updated 04/2020), section 1
#: Limitations of Use: "the anabolic effect of EVENITY wanes after 12 monthly doses of therapy.
#: Therefore, the duration of EVENITY use should be limited to 12 monthly doses" (and section
#: 2.2: the treatment duration is 12 monthly doses); read from the label's text
ROMOSOZUMAB_LIMIT_DOSES = 12


def _warn_romosozumab_course(regimen: Any, t_end: float, stacklevel: int = 2) -> None:
    """Warn when more than :data:`ROMOSOZUMAB_LIMIT_DOSES` doses of romosozumab fall in the
    simulated span (every dose counts, whatever its amount or interval). Records given at once
    are one dose, as the dose checks sum them: the label gives each monthly 210 mg as two
    105 mg injections, one after the other (section 2.1, Important Dosage and Administration
    Instructions: 'Inject two 105 mg/1.17 mL prefilled syringes, one after the other'; read as
    the label's text is reproduced at prescriberpoint.com/therapies/evenity-471baba), which a
    prescription writes 'romosozumab 105 mg + romosozumab 105 mg sc monthly x 12' (12 doses,
    not 24)."""
    times = sorted(d.time for d in regimen.expand(until=t_end) if d.drug == "romosozumab")
    n = sum(1 for i, t in enumerate(times) if i == 0 or t - times[i - 1] > 1e-9)
    if n > ROMOSOZUMAB_LIMIT_DOSES:
        warnings.warn(f"{n} doses of romosozumab in the run: the EVENITY label limits its use "
                      f"to {ROMOSOZUMAB_LIMIT_DOSES} monthly doses, as its anabolic effect "
                      f"wanes after them (section 1, Limitations of Use), and advises an "
                      f"anti-resorptive after; simulated as asked", OsteonWarning,
                      stacklevel=stacklevel + 1)


#: conditions the PTH-receptor agonist labels say to avoid, and why. FORTEO (teriparatide) US
#: prescribing information, revised 11/2020: section 5.1 (osteosarcoma: avoid where its baseline
#: risk is raised, bone metastases and skeletal malignancies among the examples) and section 5.2
#: (hypercalcemia: avoid in an underlying hypercalcemic disorder such as primary
#: hyperparathyroidism). ASSUMPTIONS: myeloma counts as a skeletal malignancy; abaloparatide is
#: given the same class warnings (its own label was not read).
PTH_ANALOG_AVOID = {
    "primary_hyperparathyroidism": "an underlying hypercalcemic disorder (label section 5.2)",
    "bone_metastases": "a raised baseline risk of osteosarcoma (label section 5.1)",
    "multiple_myeloma": "a skeletal malignancy, a raised baseline risk of osteosarcoma (label "
                        "section 5.1)",
}


def _warn_pth_analog_contraindications(regimen: Any, course_list: list, t_end: float,
                                       stacklevel: int = 2) -> None:
    """Warn when teriparatide or abaloparatide is dosed while a condition its label says to
    avoid (:data:`PTH_ANALOG_AVOID`) is active; the simulation still runs as asked."""
    if not course_list:
        return
    doses = [d for d in regimen.expand(until=t_end) if d.drug in ("teriparatide", "abaloparatide")]
    if not doses:
        return
    for c in course_list:
        why = PTH_ANALOG_AVOID.get(c.condition.id)
        if why is None:
            continue
        start = -np.inf if c.established else c.onset
        stop = t_end if c.offset is None else c.offset
        dosed = [d for d in doses if start <= d.time < stop
                 or (d.is_infusion and d.time < stop and d.time + d.input_duration > start)]
        if dosed:
            drugs = sorted({d.drug for d in dosed})
            warnings.warn(f"{' and '.join(drugs)} given during '{c.condition.id}': the labels "
                          f"say to avoid PTH-receptor agonists in {why} (FORTEO prescribing "
                          f"information, 11/2020); simulated as asked", OsteonWarning,
                          stacklevel=stacklevel + 1)


def _domain_warnings(spec: ModelSpec, y: np.ndarray, t: np.ndarray, ok_idx: np.ndarray,
                     subject_ids: list[Any]) -> dict[int, str]:
    """Warn (never clip) where a nonnegative state went below zero beyond solver noise."""
    import warnings

    from osteon.errors import OsteonWarning

    out: dict[int, str] = {}
    for j, st in enumerate(spec.states):
        if not st.nonnegative:
            continue
        floor = -1e-6 * st.scale
        low = (y[:, :, j] < floor).any(axis=1)
        for row in np.flatnonzero(low):
            s = int(ok_idx[row])
            first = int(np.argmax(y[row, :, j] < floor))
            msg = (f"state '{st.name}' fell below zero at t={t[first]:.6g} d (minimum "
                   f"{y[row, :, j].min():.4g} {st.unit}): the model has left its physiological "
                   f"domain")
            out[s] = (out[s] + "; " if s in out else "") + msg
    for s, msg in list(out.items())[:5]:
        warnings.warn(f"model '{spec.id}', subject {subject_ids[s]!r}: {msg}", OsteonWarning,
                      stacklevel=3)
    return out


def _bound_warnings(spec: ModelSpec, values: np.ndarray, variables: tuple[str, ...],
                    t: np.ndarray, ok_idx: np.ndarray, subject_ids: list[Any]) -> dict[int, str]:
    """Warn where an observable with a bound (:class:`Observable`'s ``low`` or ``high``) lies
    beyond it: at the start (a condition's severity) or during the run; once per subject, the
    first value beyond the bound, when, and the extreme reached."""
    import warnings

    from osteon.errors import OsteonWarning

    out: dict[int, str] = {}
    for o in spec.observables:
        unit = "" if o.unit == "dimensionless" else f" {o.unit}"
        for bound, note, sign, word, extreme in ((o.low, o.low_note, -1.0, "below", "lowest"),
                                                 (o.high, o.high_note, 1.0, "above", "highest")):
            if bound is None:
                continue
            j = variables.index(o.name)
            v = values[:, :, j]
            beyond = sign * v > sign * bound
            for row in np.flatnonzero(beyond.any(axis=1)):
                s = int(ok_idx[row])
                first = int(np.argmax(beyond[row]))
                ext = int(np.argmax(sign * v[row]))
                when = ("at the start" if first == 0 else f"from t={t[first]:.6g} d")
                msg = (f"{o.name} {v[row, first]:.4g}{unit} {when} ({extreme} "
                       f"{v[row, ext]:.4g}{unit} at t={t[ext]:.6g} d), {word} "
                       f"{bound:g}{unit}: {note}")
                out[s] = (out[s] + "; " if s in out else "") + msg
    for s, msg in list(out.items())[:5]:
        warnings.warn(f"model '{spec.id}', subject {subject_ids[s]!r}: {msg}", OsteonWarning,
                      stacklevel=3)
    return out


def _subset_events(events, idx):
    """Events restricted to the subjects ``idx`` (per-subject values are sliced)."""
    from dataclasses import replace

    out = []
    for e in events:
        for attr in ("value", "amount", "factor"):
            v = getattr(e, attr, None)
            if isinstance(v, np.ndarray) and v.ndim == 1:
                e = replace(e, **{attr: v[np.atleast_1d(idx)]})
        out.append(e)
    return out


def _after_start_events(spec: ModelSpec, y0: np.ndarray, p: Mapping[str, np.ndarray],
                        events: list[Any], ok_idx: np.ndarray, values: np.ndarray,
                        variables: tuple[str, ...], t_save: np.ndarray) -> dict[str, list[float]]:
    """The variables that the events at t = 0 move at once, each with its value just after
    them for every subject kept (``ok_idx``): the saved t = 0 point is the value before them
    (a condition from 0 lowers serum_25ohd_total at once, its t = 0 point the subject's own).
    Empty where nothing happens at 0 or t = 0 is not saved."""
    at0 = [e for e in events if e.time == 0.0]
    if not at0 or not ok_idx.size or t_save[0] != 0.0:
        return {}
    m = ok_idx.size
    y = y0[ok_idx].copy()
    q = {k: np.broadcast_to(np.asarray(v, dtype=float), (len(y0),))[ok_idx].copy()
         for k, v in p.items()}
    for ev in _subset_events(at0, ok_idx):
        if isinstance(ev, ParameterStep):
            q[ev.name] = np.broadcast_to(np.asarray(ev.value, dtype=float), (m,)).copy()
        else:
            y = apply_state_event(ev, spec, y)
    after = y
    if spec.observables and spec.observe is not None:
        vals = spec.observe(np.zeros(m), y, q, np)
        after = np.concatenate([y, np.column_stack([
            np.broadcast_to(np.asarray(vals[o.name], dtype=float), (m,))
            for o in spec.observables])], axis=1)
    before = values[:, 0, :]
    moved = ~np.isclose(after, before, rtol=1e-9, atol=0.0).all(axis=0)
    return {variables[j]: [float(v) for v in after[:, j]] for j in np.flatnonzero(moved)}


def _save_times(save: Any, t_end: float) -> np.ndarray:
    if save is None:
        return np.linspace(0.0, t_end, DEFAULT_SAVE_POINTS)
    if isinstance(save, bool | np.bool_):
        raise InputError(f"save must be a number of points, a spacing or times; got {save!r}")
    if isinstance(save, numbers.Integral):  # np.int64(10) too: a count, as 10 is
        if not 2 <= save <= MAX_SAVE_POINTS:
            raise InputError(f"save as a number of points must be between 2 and "
                             f"{MAX_SAVE_POINTS} (the most a run keeps, a memory bound); got "
                             f"{save}")
        return np.linspace(0.0, t_end, int(save))
    if is_real(save) or isinstance(save, str) or hasattr(save, "magnitude"):
        step = to_days(save, field="save (spacing)", allow_zero=False)
        if t_end / step > MAX_SAVE_POINTS:
            raise InputError(f"save spacing {save!r} gives more than {MAX_SAVE_POINTS} points "
                             f"(the most a run keeps, a memory bound) over {t_end:g} d")
        t = np.arange(0.0, t_end, step)
        return np.append(t, t_end) if t[-1] < t_end else t
    arr = np.asarray(save, dtype=float)
    if arr.ndim != 1 or arr.size == 0 or not np.isfinite(arr).all():
        raise InputError("save times must be a non-empty 1-D array of finite days")
    if (arr < 0).any() or (arr > t_end).any():
        raise InputError(f"save times must lie in [0, {t_end:g}] days; got {arr.min():g}..{arr.max():g}")
    arr = np.unique(arr)
    return arr


def _ids_from_index(population: Any) -> Any:
    """``population`` with an index named ``subject_id`` (``df.set_index("subject_id")``) as its
    subject_id column; a frame with both, disagreeing, is refused. Anything else unchanged."""
    if not isinstance(population, pd.DataFrame) or population.index.name != "subject_id":
        return population
    index = list(population.index)
    if "subject_id" in population.columns:
        column = list(population["subject_id"])
        differ = [i for i, (a, b) in enumerate(zip(index, column, strict=True)) if a != b]
        if differ:
            i = differ[0]
            raise InputError(f"population has subject ids in both its index (named subject_id) "
                             f"and its subject_id column, and they disagree: row {i} is "
                             f"{index[i]!r} in the index and {column[i]!r} in the column; give "
                             f"them once")
        return population.reset_index(drop=True)
    return population.reset_index()


def _parameters(spec: ModelSpec, parameters: Mapping[str, Any] | None,
                population: pd.DataFrame | None) -> tuple[list[Any], dict[str, np.ndarray]]:
    if parameters is not None and not isinstance(parameters, Mapping):
        raise InputError(f"parameters must be a mapping name -> value; got {type(parameters).__name__}")
    overrides: dict[str, Any] = dict(parameters or {})
    if population is None:
        resolved = spec.resolve_parameters(overrides, 1, where="parameters")
        if spec.check_parameters is not None:
            spec.check_parameters(resolved, "parameters")
        return [0], resolved
    if not isinstance(population, pd.DataFrame):
        raise InputError(f"population must be a pandas DataFrame; got {type(population).__name__}")
    if len(population) == 0:
        raise InputError("population must have at least one row (one row per subject)")
    ids = (list(population["subject_id"]) if "subject_id" in population.columns
           else list(range(len(population))))
    missing = [i for i, v in enumerate(ids) if v is None or (isinstance(v, float) and v != v)]
    if missing:
        raise InputError(f"population.subject_id must name every subject; row {missing[0]} has "
                         f"none ({ids[missing[0]]!r})")
    if len(set(map(str, ids))) != len(ids):
        seen: set[str] = set()
        twice = next(str(v) for v in ids if str(v) in seen or seen.add(str(v)))
        raise InputError(f"population.subject_id must be unique; {twice!r} is given more than "
                         f"once")
    columns = [c for c in population.columns if c != "subject_id"]
    for col in columns:
        _population_column(spec, col)
        overrides[col] = population[col].to_numpy()
    try:
        resolved = spec.resolve_parameters(overrides, len(ids), where="population")
        if spec.check_parameters is not None:
            spec.check_parameters(resolved, "population")
        return ids, resolved
    except InputError:
        for col in columns:  # a column's bad value: named by its row and subject
            par = spec.parameter(col)
            for i, v in enumerate(overrides[col]):
                if _empty_cell(v):  # 'got nan' read as a value; in a Patient column it is none
                    raise InputError(
                        f"Parameter '{col}' of model '{spec.id}' has no value in population "
                        f"row {i} (subject_id {ids[i]!r}): the cell is empty (NaN); a "
                        f"parameter column needs a finite number {par.domain} [{par.unit}] in "
                        f"every row (an empty cell is a value not given only in a Patient "
                        f"column): give one (the model's is {par.value:g}), or leave the "
                        f"column out") from None
                par.check(v, where=f"population row {i} (subject_id {ids[i]!r})", model=spec.id)
        raise


def _empty_cell(value: Any) -> bool:
    """Whether a population cell holds no value (NaN, None, pandas' NA)."""
    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):  # an array or a Quantity: a value
        return False


def _population_column(spec: ModelSpec, name: Any) -> Any:
    """The parameter a population column names; an unknown column is refused, with the closest
    of what a column may name: a parameter, and, for a model that takes a patient, a field of
    :class:`~osteon.Patient` ('t_scor_femoral_neck' was offered 'trabecular_share_femoral_neck')."""
    from osteon.individualize import PATIENT_COLUMNS, PATIENT_PARAMETERS

    if name in spec.parameter_names or not all(n in spec.parameter_names
                                               for n in PATIENT_PARAMETERS):
        return spec.parameter(name)  # the model's own error where it takes no patient
    from osteon.drugs import not_given_hint

    if (drug := not_given_hint(name, spec, "the column")) is not None:
        raise UnknownNameError(f"unknown population column {name!r} in model '{spec.id}': "
                               f"{drug}")
    fields = [c for c in PATIENT_COLUMNS if not c.startswith(("t_score_", "bmd_"))]
    fields[fields.index("bmi") + 1:1] = ["t_score_<site>", "bmd_<site>"]
    hint = did_you_mean(name, [*spec.parameter_names, *PATIENT_COLUMNS, "subject_id"])
    raise UnknownNameError(f"unknown population column {name!r}{hint}: a column names a "
                           f"parameter of model '{spec.id}', a Patient field "
                           f"({', '.join(fields)}) or subject_id")


def _raise_failures(spec: ModelSpec, subject_ids: list[Any], failures: list[dict[str, Any]],
                    starts: _Starts | None,
                    solved: tuple[str, float, int] | None = None) -> None:
    """Raise :class:`SimulationError` naming the first of ``failures`` (index into
    ``subject_ids``, or -1: the subjects solved together), with every failure, those of the
    patients that never started (``starts``) first. ``solved`` (method, end, number of subjects
    solved together) where the first failed in the simulation; without it, before it (a
    run-in)."""
    f = failures[0]
    before = starts.failures() if starts is not None else []  # subjects that never started
    count = f"({len(failures) + len(before)} of {len(subject_ids) + len(before)} failed)"
    what, together = f["message"], len(subject_ids)
    if solved is not None:
        method, t_end, together = solved
        what = f"the {method} solver stopped at t={f['t_reached']:.6g} d of {t_end:g} d: {what}"
    who = (f"subject {subject_ids[f['index']]!r}" if f["index"] >= 0
           else f"the population of {together} solved together")
    raise SimulationError(
        f"simulation of '{spec.id}' failed for {who} {count}: {what}",
        failures=[*before, *({**ff, "subject_id": subject_ids[ff["index"]]
                              if ff["index"] >= 0 else None} for ff in failures)])


def _take(p: Mapping[str, Any], rows: np.ndarray, n: int) -> dict[str, np.ndarray]:
    """The parameters of subjects ``rows`` of ``n`` (one value per subject, or one for all)."""
    return {k: np.broadcast_to(np.asarray(v, dtype=float), (n,))[rows] for k, v in p.items()}


def _run_in(spec: ModelSpec, y_ss: np.ndarray, p: dict[str, np.ndarray], explicit: frozenset[str],
            solver: Solver, skip: frozenset[int] = frozenset()
            ) -> tuple[np.ndarray, dict[str, np.ndarray], str, dict[int, tuple[float, float, str]]]:
    """Integrate every subject from the reference steady state ``y_ss`` over its own run-in
    (but the rows in ``skip``: those without a steady state, which keep ``y_ss``).

    Subjects are integrated together to the longest run-in and each takes its state at its own
    run-in time; afterwards the subject's parameters hold, with the baseline references of the
    reference steady state (the young adult of an aging model). A subject whose run-in fails
    keeps ``y_ss`` as its state and is returned among the failures, by its row: (time reached,
    its run-in's length, the solver's reason); the others' states are their own.
    """
    assert spec.run_in is not None
    p_ref, durations = spec.run_in(p)
    p_ref = {k: np.asarray(v, dtype=float) for k, v in
             spec.with_baseline_references(p_ref, y_ss, explicit).items()}
    durations = np.broadcast_to(np.asarray(durations, dtype=float), (y_ss.shape[0],))
    refs = {k: p_ref[k] for k in spec.baseline_references if k not in explicit}
    p_out = {k: np.asarray(v, dtype=float) for k, v in {**p, **refs}.items()}
    y0 = y_ss.copy()
    run = np.array([s for s in range(y_ss.shape[0]) if s not in skip], dtype=int)
    if (durations[run] > 0).any():
        y_run, failed = _integrate_run_in(spec, y_ss[run], _take(p_ref, run, y_ss.shape[0]),
                                          durations[run], solver)
        y0[run] = y_run
        return (y0, p_out, f"steady_state + run-in (up to {durations[run].max():g} d)",
                {int(run[s]): f for s, f in failed.items()})
    return y0, p_out, "steady_state", {}


def _integrate_run_in(spec: ModelSpec, y_ss: np.ndarray, p_ref: dict[str, np.ndarray],
                      durations: np.ndarray, solver: Solver
                      ) -> tuple[np.ndarray, dict[int, tuple[float, float, str]]]:
    """Each subject's state at the end of its own run-in (0 = the steady state itself), and the
    subjects whose run-in failed, by row: (time reached, run-in length, reason); their state is
    ``y_ss``. The compiled and batched Rodas4 engines integrate each subject on its own, so
    they name the subjects that failed; where one joint solve fails, each subject is solved
    alone to find them, as the simulation itself does."""
    n = y_ss.shape[0]
    longest = float(durations.max())
    failed: dict[int, tuple[float, str]]
    if solver.engine == "jax":  # every subject stops at its own end, compiled
        from osteon.engines.jax_engine import integrate_until

        y_end, failed = integrate_until(spec, y_ss, p_ref, durations, solver)
    elif solver.method_for(n) == "Rodas4":  # every subject stops at its own end
        from osteon.engines.rosenbrock import solve_batch

        ends = np.where(durations > 0, durations, longest)[:, None]
        sol = solve_batch(spec, y_ss, p_ref, 0.0, longest, ends, solver, [0])
        y_end = sol.y[:, 0].reshape(n, spec.n_states)
        t_reached = (sol.t_reached if sol.t_reached is not None
                     else np.full(n, float(sol.t[-1])))
        # a subject failed with its own reason, or stopped short of its end (the iteration limit)
        rows = sorted(set(sol.failures) | set(np.flatnonzero(~np.isfinite(y_end).all(axis=1))))
        failed = {int(s): (float(t_reached[s]), sol.failures.get(int(s), sol.message))
                  for s in rows}
    else:  # one joint solve saved at every subject's end
        t_save = np.unique(np.append(durations, 0.0))
        traj = integrate(spec, y_ss, p_ref, t_save, [], solver)
        failed = {}
        if traj.failure is None:
            y_end = traj.y[np.arange(n), np.searchsorted(t_save, durations), :]
        elif n == 1:
            y_end, failed = y_ss, {0: (traj.failure.t_reached, traj.failure.message)}
        else:  # find which subjects fail by solving each alone
            y_end = y_ss.copy()
            for s in np.flatnonzero(durations > 0):
                one = integrate(spec, y_ss[s:s + 1], {k: np.broadcast_to(v, (n,))[s:s + 1]
                                                      for k, v in p_ref.items()},
                                np.array([0.0, durations[s]]), [], solver)
                if one.failure is None:
                    y_end[s] = one.y[0, -1]
                else:
                    failed[int(s)] = (one.failure.t_reached, one.failure.message)
            if not failed:  # the joint solve failed but every subject alone succeeds
                raise SimulationError(
                    f"model '{spec.id}': the run-in from the reference steady state of the "
                    f"{n} subjects solved together failed at t={traj.failure.t_reached:.6g} d "
                    f"of {longest:g} d: {traj.failure.message}")
    y0 = np.where((durations > 0)[:, None], y_end, y_ss)
    for s in failed:
        y0[s] = y_ss[s]
    return y0, {s: (t, float(durations[s]), msg) for s, (t, msg) in failed.items()}


@contextmanager
def floating_point_errors(said: list[str]) -> Iterator[list[str]]:
    """Record numpy's floating-point errors inside the block ('invalid value', 'overflow',
    'divide by zero'; each kind once, in order) into ``said`` instead of numpy's raw
    RuntimeWarnings, which name a line of the library and nothing the user can act on; the
    caller says what they mean (:func:`_undefined_arithmetic_warning`). Underflow is left as
    numpy has it (ignored by default)."""
    def call(kind: str, flag: int) -> None:
        if kind not in said:
            said.append(kind)

    with np.errstate(call=call, invalid="call", over="call", divide="call"):
        yield said


class UndefinedArithmeticWarning(OsteonWarning, RuntimeWarning):
    """The solve evaluated the model's equations where they are undefined (numpy's invalid
    value, overflow or division by zero): a RuntimeWarning too, so a filter on numpy's raw
    warnings in osteon's modules (the test suite's ``error``) still catches it."""


#: the most solves spent finding which subjects of a joint solve met floating-point errors
FP_RECHECK_SOLVES = 16


def _whose_fp_errors(spec: ModelSpec, traj: Any, y0: np.ndarray, p: Mapping[str, np.ndarray],
                     t_save: np.ndarray, events: list[Any], solver: Solver, ok_idx: np.ndarray,
                     subject_ids: list[Any], solve_kinds: list[str], assembly_kinds: list[str],
                     recheck_group: bool = False) -> tuple[dict[int, list[str]], list[int]]:
    """Which of the subjects ``ok_idx`` (the rows of ``traj``), solved together, met numpy's
    floating-point errors, and the kinds each met; and the subjects that could not be cleared.

    Halves of a group are checked apart and those that meet them halved again, down to one
    subject. The observables' (``assembly_kinds``; the engines evaluate the equations with
    numpy's errors off, so these are where they show) are computed again for each half of the
    saved trajectory: exact, and cheap. The solve's (``solve_kinds``) are checked by solving
    halves apart with the joint solve's method (the batched Rodas4 steps each subject on its
    own, so it repeats her steps), within :data:`FP_RECHECK_SOLVES` solves: the subjects of a
    group that meets them where no half does, or not re-checked within them, are not cleared.
    ``recheck_group``: ``solve_kinds`` came from other solves too (those that found the
    subjects that failed), so the group is solved again first. A lone subject's are hers."""
    m = len(ok_idx)
    whose: dict[int, list[str]] = {}
    uncleared: list[int] = []
    if len(subject_ids) == 1:
        return ({int(s): list(dict.fromkeys([*solve_kinds, *assembly_kinds])) for s in ok_idx},
                [])

    def assembled(pos: np.ndarray) -> list[str]:
        said: list[str] = []
        with floating_point_errors(said):
            _assemble(spec, _rows_of(traj, pos, m), t_save)
        return said

    budget = [FP_RECHECK_SOLVES]
    found = [0]  # subjects found, and groups not cleared, so far

    def solved(pos: np.ndarray) -> list[str] | None:
        if budget[0] <= 0:
            return None  # not re-checked
        budget[0] -= 1
        said: list[str] = []
        try:
            sub = _integrate_rows(spec, y0, p, t_save, events, solver, ok_idx[pos],
                                  subject_ids, drop_failed=False, fp_errors=said)
            if sub.failure is not None:  # a group that fails apart is not cleared
                said = said or list(solve_kinds)
        except (SimulationError, InputError):
            said = said or list(solve_kinds)
        return said

    def halve(pos: np.ndarray, check, known: list[str] | None) -> None:
        if known is None:
            known = check(pos)
            if known is None:
                uncleared.extend(int(ok_idx[k]) for k in pos)
                found[0] += 1
                return
        if not known:
            return
        if pos.size == 1:
            s = int(ok_idx[pos[0]])
            whose[s] = list(dict.fromkeys([*whose.get(s, []), *known]))
            found[0] += 1
            return
        before = found[0]
        h = pos.size // 2
        halve(pos[:h], check, None)
        halve(pos[h:], check, None)
        if found[0] == before:  # the group meets them, neither half does
            uncleared.extend(int(ok_idx[k]) for k in pos)
            found[0] += 1

    every = np.arange(m)
    if assembly_kinds:
        halve(every, assembled, list(assembly_kinds))
    if solve_kinds:
        halve(every, solved, None if recheck_group else list(solve_kinds))
    return whose, sorted(set(uncleared))


def _undefined_arithmetic_warning(spec: ModelSpec, kinds: list[str], ok_idx: np.ndarray,
                                  subject_ids: list[Any], out: dict[int, str],
                                  whose: dict[int, list[str]] | None = None,
                                  uncleared: list[int] = ()) -> None:
    """Say, once and in the status of the subjects it concerns, that the run met numpy's
    floating-point errors ``kinds``: ``whose`` (subject index -> the kinds she meets, checked
    apart from the others solved with her; :func:`_whose_fp_errors`) each have it as theirs;
    ``uncleared``, subjects of the joint solve that checking apart could not clear, have it said
    of the joint solve, naming them. Where neither names anyone (no subject kept meets them
    checked apart: a dropped subject's, or the joint solve's own steps), it is said once, in no
    status."""
    if whose is None:
        whose = {int(s): list(kinds) for s in ok_idx}

    def text(found: list[str], who: str) -> str:
        return (f"the solver evaluated the model's equations where they are undefined (numpy: "
                f"{', '.join(found)}){who}, as when a state that must stay positive, such as "
                f"the exchangeable bone calcium Q, went below zero: the run left the model's "
                f"physiological domain and its values from there on are not physiological (see "
                f"the state and bound warnings, and check the doses)")

    joint = len(subject_ids) > 1
    apart = "checked apart from the others solved with"
    said: list[str] = []
    for s, found in whose.items():
        msg = text(found, f" (hers: {apart} her)" if joint else "")
        out[s] = (out[s] + "; " if s in out else "") + msg
    if whose:
        ids = ", ".join(repr(subject_ids[s]) for s in whose)
        met = list(dict.fromkeys(k for f in whose.values() for k in f))
        plural = "s" if len(whose) > 1 else ""
        said.append(text(met, f" for subject{plural} {ids} ({apart} them)" if joint else ""))
    if uncleared:
        ids = ", ".join(repr(subject_ids[s]) for s in uncleared)
        plural = "s" if len(uncleared) > 1 else ""
        msg = text(kinds, f" (in the joint solve of {len(ok_idx)} subjects: checked apart, "
                          f"subject{plural} {ids} could not be cleared, the others were)")
        for s in uncleared:
            out[s] = (out[s] + "; " if s in out else "") + msg
        said.append(msg)
    if not said:
        said.append(text(kinds, f" (in the joint solve of {len(ok_idx)} subjects; checked apart, "
                                f"none of them meets them: a subject the run dropped, or the "
                                f"joint solve's own steps)"))
    for msg in said:  # from this module (stacklevel 1), so a filter on osteon's modules applies
        warnings.warn(f"model '{spec.id}': {msg}", UndefinedArithmeticWarning, stacklevel=1)


def _integrate_rows(spec: ModelSpec, y0: np.ndarray, p: Mapping[str, np.ndarray],
                    t_save: np.ndarray, events: list[Any], solver: Solver, rows: np.ndarray,
                    subject_ids: list[Any], *, drop_failed: bool,
                    fp_errors: list[str] | None = None) -> Any:
    """Integrate the subjects ``rows`` (indices into ``subject_ids``) together. With
    ``drop_failed`` (failures to be recorded), those the engine tells apart leave when they
    fail and the others go on (``failure.rows``, by row of ``rows``); without it the solve
    stops at the first failure. An event's error about one of them names her by her id."""
    n = len(subject_ids)
    whole = rows.size == n
    try:
        with floating_point_errors([] if fp_errors is None else fp_errors):
            return integrate(spec, y0 if whole else y0[rows],
                             p if whole else {k: v[rows] for k, v in p.items()}, t_save,
                             events if whole else _subset_events(events, rows), solver,
                             drop_failed=drop_failed)
    except NegativeStateError as err:
        if n == 1:  # a lone subject: named by no one
            raise
        raise err.naming(f"subject {subject_ids[int(rows[err.row])]!r}") from None


def _rows_of(traj: Any, rows: np.ndarray, n: int) -> Any:
    """The trajectory of ``rows`` of the ``n`` subjects of ``traj`` (a parameter value all share
    is kept as it is)."""
    from osteon.engines.scipy_engine import Trajectory

    def cut(v: np.ndarray) -> np.ndarray:
        return v[rows] if np.ndim(v) and np.shape(v)[0] == n else v

    return Trajectory(traj.y[rows], [(i, {k: cut(v) for k, v in ps.items()})
                                     for i, ps in traj.param_segments], None, traj.n_rhs)


def _named(failure: Any, rows: np.ndarray, subject_ids: list[Any]) -> str:
    """A joint solve's failure message naming, where the engine tells its subjects apart, the
    subject it is about by the id the user sees (``rows``: the indices into ``subject_ids`` of
    the subjects solved together; the engine knows its row among them only)."""
    if failure.row is None:
        return failure.message
    return f"{failure.message} (subject {subject_ids[int(rows[failure.row])]!r})"


def _run_in_message(t_reached: float, length: float, reason: str) -> str:
    return (f"the run-in from the reference steady state failed at t={t_reached:.6g} d of "
            f"{length:g} d: {reason}")


def _initial(spec: ModelSpec, initial: Any, p: dict[str, np.ndarray], n: int,
             explicit: frozenset[str], subject_ids: list[Any] | None = None):
    if isinstance(initial, str):
        if initial == "steady_state":
            if spec.run_in is not None:
                p = {k: np.asarray(v, dtype=float) for k, v in spec.run_in(p)[0].items()}
            ss = find_steady_state(spec, p, n, keep=explicit, subject_ids=subject_ids)
            return ss.y, "steady_state", ss.residual
        if initial == "model":
            return spec.initial_values(n), "model", None
        raise InputError(f"initial must be 'steady_state', 'model', a mapping or an array; got "
                         f"{initial!r}")
    if isinstance(initial, Mapping):
        y = spec.initial_values(n)
        record = {}
        for name, v in initial.items():
            j = spec.state_index(name)
            unit = spec.states[j].unit
            v = magnitude_in(v, unit, what=f"initial value of '{name}' of model '{spec.id}'")
            if holds_bool(v):  # NumPy reads True as 1.0
                raise InputError(f"initial value of '{name}' must be a number in {unit} (or one "
                                 f"per subject); got {v!r}")
            val = np.broadcast_to(np.asarray(v, dtype=float), (n,))
            if not np.isfinite(val).all():
                raise InputError(f"initial value of '{name}' must be finite; got {v!r}")
            if spec.states[j].nonnegative and (val < 0).any():
                raise InputError(f"initial value of '{name}' must be >= 0 {unit}; got {v!r}")
            y[:, j] = val
            record[name] = float(val[0])
        return y, record, None
    if is_quantity(initial) or (isinstance(initial, list | tuple | np.ndarray) and any(
            is_quantity(v) for v in np.asarray(initial, dtype=object).ravel())):
        raise InputError(f"initial as an array takes numbers in each state's own unit "
                         f"({', '.join(f'{s.name} [{s.unit}]' for s in spec.states)}); got "
                         f"pint Quantities: give them as a mapping {{state: value}}, where each "
                         f"is converted to its state's unit")
    if holds_bool(initial):
        raise InputError(f"initial array must hold numbers in each state's own unit; got "
                         f"{initial!r} (a bool, read as 1 or 0, is refused)")
    arr = np.asarray(initial, dtype=float)
    if arr.shape not in ((spec.n_states,), (n, spec.n_states)):
        raise InputError(f"initial array must be finite with shape ({spec.n_states},) or "
                         f"({n}, {spec.n_states}); got shape {arr.shape}")
    if not np.isfinite(arr).all():
        k = int(np.flatnonzero(~np.isfinite(arr.ravel()))[0])
        at = np.unravel_index(k, arr.shape)
        name = spec.states[at[-1]].name
        where = f"element {at[0]}" if arr.ndim == 1 else f"row {at[0]}, column {at[1]}"
        more = int((~np.isfinite(arr)).sum()) - 1
        also = f" and {more} more non-finite value{'s' if more > 1 else ''}" if more else ""
        raise InputError(f"initial array must be finite; got {float(arr[at])} at {where} "
                         f"('{name}' [{spec.states[at[-1]].unit}]){also}")
    return np.broadcast_to(arr, (n, spec.n_states)).copy(), "array", None


def _assemble(spec: ModelSpec, traj, t_save: np.ndarray):
    y = traj.y
    n, nt, k = y.shape
    variables = list(spec.state_names)
    units = {s.name: s.unit for s in spec.states}
    if spec.observables and spec.observe is not None:
        obs = np.empty((n, nt, len(spec.observables)))
        for idx, params in traj.param_segments:
            m = idx.size
            ys = y[:, idx, :].reshape(n * m, k)
            ps = {kk: np.repeat(v, m) for kk, v in params.items()}
            ts = np.tile(t_save[idx], n)
            vals = spec.observe(ts, ys, ps, np)
            for j, o in enumerate(spec.observables):
                obs[:, idx, j] = np.asarray(vals[o.name], dtype=float).reshape(n, m)
        y = np.concatenate([y, obs], axis=2)
        variables += list(spec.observable_names)
        units.update({o.name: o.unit for o in spec.observables})
    if not np.isfinite(y).all():
        raise SimulationError(f"model '{spec.id}': non-finite values in states or observables")
    return y, tuple(variables), units
