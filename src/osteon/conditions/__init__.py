"""Conditions: disease drivers with onset, offset and severity in real units.

::

    import osteon
    r = osteon.simulate("osteon", "denosumab 60 mg sc q6mo x 4", duration="2 years",
                        patient="female, age 65",
                        conditions=["glucocorticoids 7.5 mg/d", "rheumatoid arthritis"])

A condition (:mod:`osteon.conditions.catalog`) maps its severity onto the integrated model's
inputs; a :class:`Course` places it in time. :func:`events` turns the courses of a simulation
into parameter steps: at every onset and offset each input the courses touch takes the
subject's own value combined with the effects of every course then active (factors multiply,
increments add), so conditions compose with each other, with the patient and with any drug.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from osteon.conditions.base import (
    COMBINE,
    Condition,
    ConditionCard,
    Course,
    Severity,
    parameter_overrides,
)
from osteon.conditions.catalog import CONDITIONS
from osteon.conditions.text import _fmt_days, format_course, parse_course
from osteon.errors import InputError, UnknownNameError, did_you_mean, unknown_name
from osteon.events import ParameterStep
from osteon.model.spec import ModelSpec

_BY_ID = {c.id: c for c in CONDITIONS}
_NAMES: dict[str, Condition] = {}
for _c in CONDITIONS:
    for _n in (_c.id, *_c.aliases):
        _NAMES[" ".join(_n.lower().replace("_", " ").replace("-", " ").split())] = _c


#: diseases that are not conditions of osteon, whose closest id would name a different disease
#: (the closest to 'hyperthyroidism' is primary_hyperparathyroidism): the error says instead how
#: they are modelled, or that they are not
NOT_CONDITIONS = {
    "secondary hyperparathyroidism": (
        "secondary hyperparathyroidism is modelled through its cause: 'vitamin_d_deficiency' or "
        "'chronic_kidney_disease', whose PTH rises with it; 'primary_hyperparathyroidism' is the "
        "parathyroid's own disease (an adenoma)"),
    "hyperthyroidism": (
        "hyperthyroidism is not modelled, thyroid hormone not being in the model; "
        "'primary_hyperparathyroidism' is a different disease, a disease of the parathyroid"),
    "thyrotoxicosis": (
        "thyrotoxicosis (hyperthyroidism) is not modelled, thyroid hormone not being in the model; "
        "'primary_hyperparathyroidism' is a different disease, a disease of the parathyroid"),
}


def _unknown(text: str):
    """The error for an unknown condition ``text``: its own hint where the text names a disease
    of :data:`NOT_CONDITIONS` (alone or followed by its severity and timing), else the closest
    id."""
    key = " ".join(str(text).lower().replace("_", " ").replace("-", " ").split())
    hint = next((h for phrase, h in NOT_CONDITIONS.items()
                 if key == phrase or key.startswith(phrase + " ")), None)
    return unknown_name("condition", text, _BY_ID, "osteon.conditions", hint=hint)


def names() -> list[str]:
    """Ids of every condition osteon models."""
    return sorted(_BY_ID)


def get(name: str) -> Condition:
    """The condition ``name`` (an id or an alias such as ``"bed rest"``)."""
    key = " ".join(str(name).lower().replace("_", " ").replace("-", " ").split())
    if key not in _NAMES:
        raise _unknown(name)
    return _NAMES[key]


def find(words: list[str], text: str) -> tuple[Condition, int]:
    """The condition named by the longest run of leading ``words``, and how many it used."""
    for n in range(len(words), 0, -1):
        key = " ".join(" ".join(words[:n]).replace("_", " ").replace("-", " ").split())
        if key in _NAMES:
            return _NAMES[key], n
    raise _unknown(text)


def parse(text: str) -> Course:
    """A condition course from text (see :mod:`osteon.conditions.text`)."""
    return parse_course(text)


def courses(conditions: Any) -> list[Course]:
    """Normalize ``conditions``: None, a text, a :class:`Course` or a :class:`Condition`, or a
    list of them."""
    if conditions is None:
        return []
    items: Iterable[Any] = (conditions if isinstance(conditions, list | tuple)
                            else [conditions])
    out = []
    given = []  # each course as the user gave it, for the errors
    for item in items:
        if isinstance(item, str):
            out.append(parse_course(item))
            given.append(repr(item))
        elif isinstance(item, Course):
            out.append(item)
            given.append(repr(format_course(item)))
        elif isinstance(item, Condition):
            out.append(item.course())
            given.append(f"condition '{item.id}'")
        else:
            raise InputError(f"conditions must be texts such as 'bed rest for 17 weeks', "
                             f"Courses or Conditions; got {type(item).__name__}")
    _refuse_overlaps(out, given)
    _refuse_offsets(out, given)
    return out


def _refuse_offsets(course_list: list[Course], given: list[str]) -> None:
    """Refuse the offset of a course whose condition takes none (``Condition.no_offset``:
    'chronic kidney disease 30 mL/min from 0 for 2 years' ran, and PTH and phosphate were back
    to normal in year 3, though the card takes kidney function lost as not regained). A course
    that passes at its offset to a course of the same condition, no milder, is a progression
    and passes ('... 45 mL/min for 2 years' and '... 20 mL/min from 2 years')."""
    for i, c in enumerate(course_list):
        cond = c.condition
        if not cond.no_offset or c.offset is None:
            continue
        nxt = [n for n in course_list if n.condition is cond and n is not c
               and math.isclose(n.onset, c.offset, rel_tol=0.0, abs_tol=1e-9)]
        if not nxt:
            sev = f" <{cond.severity.name}>" if cond.severity is not None else ""
            name = cond.aliases[0] if cond.aliases else cond.id.replace("_", " ")
            raise InputError(
                f"condition {given[i]} ends at day {c.offset:g}, but '{cond.id}' takes no "
                f"offset: {cond.no_offset}; leave out 'for'/'until', or, for a progression, "
                f"follow it with a course no milder from that time "
                f"('{name}{sev} from {_fmt_days(c.offset)}')")
        later = nxt[0]
        if cond.severity is not None and cond.severity.milder(later.severity, c.severity):
            raise InputError(
                f"condition {given[i]} passes at day {c.offset:g} to "
                f"{given[course_list.index(later)]}, a milder {cond.severity.name} "
                f"({c.severity:g} -> {later.severity:g} {cond.severity.unit}): "
                f"{cond.no_offset}")


def _refuse_overlaps(course_list: list[Course], given: list[str]) -> None:
    """Refuse two courses of one condition that are active at the same time: their effects
    would compose as two conditions' do (factors multiply, increments add), so two vitamin D
    deficiencies of 12 and 8 ng/mL acted as one worse than 8, and one glucocorticoid dose given
    twice as more than that dose. Courses that follow each other (one ends where the next
    starts) are a change of severity and pass."""
    def end(c: Course) -> float:
        return math.inf if c.offset is None else c.offset

    for j, b in enumerate(course_list):
        for i, a in enumerate(course_list[:j]):
            if a.condition is b.condition and a.onset < end(b) and b.onset < end(a):
                start, stop = max(a.onset, b.onset), min(end(a), end(b))
                when = (f"from day {start:g} to day {stop:g}" if math.isfinite(stop)
                        else f"from day {start:g} on")
                raise InputError(
                    f"conditions {given[i]} and {given[j]} are both '{a.condition.id}' and "
                    f"overlap ({when}): the same condition twice would act as two conditions "
                    f"(their effects compose); give one course per period, e.g. a change of "
                    f"severity as '... for 1 year' and '... from 1 year'")


def split_parameters(parameters: Any, course_list: list[Course], *,
                     where: str = "parameters") -> tuple[Any, dict[str, float]]:
    """``parameters`` (a simulation's overrides) as (the model's and its drugs', the checked
    values of the parameters of the conditions in ``course_list``: ``gc_emax``, ...).

    A condition parameter takes one value for every subject, inside its domain. A parameter of a
    condition the run does not impose is refused, naming the condition. Anything but a mapping
    is passed on unchanged (the model refuses it). ``where`` names the input in errors."""
    if not isinstance(parameters, Mapping):
        return parameters, {}
    mine = {q.name: (c.condition.id, q) for c in course_list for q in c.condition.parameters}
    model: dict[str, Any] = {}
    own: dict[str, float] = {}
    for name, value in parameters.items():
        if name in mine:
            cid, q = mine[name]
            if np.ndim(value) != 0:
                raise InputError(f"Parameter '{name}' of condition '{cid}' takes one value for "
                                 f"every subject ({where}); got shape {np.shape(value)} (a "
                                 f"value per subject is a column of population=)")
            own[name] = q.check(value, where=f"{where}, condition '{cid}'")
        elif (owner := _owner(name)) is not None:
            raise UnknownNameError(f"unknown parameter '{name}' in this run ({where}): it is a "
                                   f"parameter of condition '{owner}', which the run does not "
                                   f"impose; give the condition too, or leave the parameter out")
        else:
            model[name] = value
    return model, own


def split_population(population: Any, course_list: list[Course]) -> tuple[Any, dict[str, np.ndarray]]:
    """``population`` without its columns that name a parameter of a condition in
    ``course_list`` (``gc_emax``, ...), and those columns' checked values, one per subject.

    Each value is checked against the parameter's domain as a scalar override is (the error
    names the row and its subject). A column naming a parameter of a condition the run does not
    impose is refused, naming the condition. Anything but a DataFrame is passed on unchanged
    (the simulation refuses it)."""
    import pandas as pd

    if not isinstance(population, pd.DataFrame):
        return population, {}
    mine = {q.name: (c.condition.id, q) for c in course_list for q in c.condition.parameters}
    ids = (list(population["subject_id"]) if "subject_id" in population.columns
           else list(range(len(population))))
    own: dict[str, np.ndarray] = {}
    for name in population.columns:
        if name in mine:
            cid, q = mine[name]
            for i, v in enumerate(population[name].to_numpy(dtype=object)):
                if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA:
                    # 'got nan' read as a value written; the cell holds none
                    raise InputError(
                        f"Parameter '{name}' of condition '{cid}' has no value in population "
                        f"row {i} (subject_id {ids[i]!r}): the cell is empty (NaN); a parameter "
                        f"column needs a finite number {q.domain} [{q.unit}] in every row: give "
                        f"one (the condition's is {q.value:g}), or leave the column out")
            own[name] = np.array([
                q.check(v, where=f"population row {i} (subject_id {ids[i]!r}), condition "
                                 f"'{cid}'")
                for i, v in enumerate(population[name].to_numpy(dtype=object))], dtype=float)
        elif isinstance(name, str) and (owner := _owner(name)) is not None:
            raise UnknownNameError(f"unknown parameter '{name}' in this run (population column): "
                                   f"it is a parameter of condition '{owner}', which the run does "
                                   f"not impose; give the condition too, or leave the column out")
    if not own:
        return population, {}
    return population.drop(columns=list(own)), own


def misspelled_parameter(name: str, course_list: list[Course]) -> UnknownNameError | None:
    """The error for ``name``, not a parameter of the model, where it is close to a parameter of
    a condition in the run (``gc_emaxx``): the model's own error would list only its parameters."""
    mine = {q.name: c.condition.id for c in course_list for q in c.condition.parameters}
    hint = did_you_mean(name, mine)
    if not hint:
        return None
    close = hint.split("'")[1]
    return UnknownNameError(f"unknown parameter '{name}'{hint[:-2]}, a parameter of condition "
                            f"'{mine[close]}'?)")


def _owner(name: str) -> str | None:
    """The id of the condition whose parameter ``name`` is, if any."""
    return next((c.id for c in CONDITIONS for q in c.parameters if q.name == name), None)


def events(course_list: list[Course], spec: ModelSpec, base: Mapping[str, np.ndarray],
           t_end: float, per_subject: Mapping[str, np.ndarray] | None = None,
           user_steps: Iterable[Any] = ()) -> list[ParameterStep]:
    """Parameter steps of ``course_list`` on top of the subjects' own values ``base``.

    ``per_subject`` gives condition parameters (``gc_emax``, ...) one value per subject (the
    columns of :func:`split_population`): the effects of a course whose condition has one of
    them are computed for each subject with that subject's values.

    ``user_steps``: the run's own steps (``--set``, ParameterStep). A user's step of an input
    sets it from its time on, over the courses in force then; a course's later step (an onset,
    an offset) acts on the user's value in force at that moment, with the effects of the
    courses that began after the user's step (those in force at it are in the user's value):
    so the user's value persists through a course's later steps (the end of bed rest restored
    the subject's own loading, replacing a ``--set loading=...`` made during it)."""
    if not course_list:
        return []
    effects = [_course_effects(c, per_subject or {}) for c in course_list]
    touched = sorted({name for c in course_list for name in c.effects()})
    missing = [n for n in touched if n not in spec.parameter_names]
    if missing:
        raise InputError(f"conditions act on inputs {missing} that model '{spec.id}' does not "
                         f"have; conditions act on the integrated model 'osteon'")
    times = sorted({c.onset for c in course_list if c.onset < t_end}
                   | {c.offset for c in course_list if c.offset is not None and c.offset < t_end})
    mine: dict[str, list[Any]] = {}
    for ev in sorted((e for e in user_steps if isinstance(e, ParameterStep)),
                     key=lambda e: e.time):
        mine.setdefault(ev.name, []).append(ev)
    out = []
    for t in times:
        for name in touched:
            value = np.asarray(base[name], dtype=float).copy()
            since = -math.inf  # the user's last step of the input at or before t: its value
            for ev in mine.get(name, ()):
                if ev.time <= t:
                    since = ev.time
                    value = np.broadcast_arrays(value, np.asarray(ev.value, dtype=float))[1].copy()
            active = [eff for c, eff in zip(course_list, effects, strict=True)
                      if c.active(t) and c.onset > since]
            for eff in active:
                if name in eff:
                    value = value * eff[name] if COMBINE[name] == "multiply" else value + eff[name]
            out.append(ParameterStep(t, name, value if value.size > 1 else float(value[0])))
    return out


def _course_effects(course: Course, per_subject: Mapping[str, np.ndarray]
                    ) -> dict[str, Any]:
    """The effects of ``course``: one number per input, or one per subject where the course's
    condition has a parameter in ``per_subject``."""
    own = {q.name for q in course.condition.parameters} & set(per_subject)
    if not own:
        return course.effects()
    n = len(next(iter(per_subject.values())))
    rows = []
    for i in range(n):
        with parameter_overrides({name: float(per_subject[name][i]) for name in own}):
            rows.append(course.effects())
    return {name: np.array([r[name] for r in rows], dtype=float) for name in rows[0]}


#: model parameters that size what a condition input does, beyond the name rule of
#: :func:`effect_parameters` (the mechanostat turns the loading input into RANKL, OPG and
#: sclerostin)
_EFFECT_PARAMETERS: dict[str, tuple[str, ...]] = {
    "loading": ("mechanostat_rankl_gain", "mechanostat_opg_gain", "sclerostin_unloading_gain"),
    # the opt-in scaling of the kidney's calcium excretion with GFR (off by default)
    "GFR": ("calcium_excretion_nephron_scaling",),
}


#: the integrated model's parameters whose only action is through a condition input away from
#: its neutral value, read from its equations (library/integrated/disease.py and vascular.py:
#: each multiplies 1 - klotho, inflammation, 1 - mgp_activity, sasp_extra or the vessel's OPG
#: deficit; endocrine.py: GFR's departure from the healthy adult's); a test checks the list
#: against the model's right-hand side. Set in a run where nothing moves the input, they
#: change nothing
ONLY_THROUGH_INPUT: dict[str, tuple[str, ...]] = {
    "klotho": ("klotho_osteoblast_effect", "klotho_osteoclast_effect", "klotho_opg_effect",
               "klotho_bone_threshold", "vascular_klotho_gain", "klotho_phosphate_uptake_gain"),
    "inflammation": ("inflammation_tcell_gain", "inflammation_osteoblast_gain",
                     "inflammation_opg_gain", "vascular_inflammation_gain"),
    "mgp_activity": ("mgp_inhibition_gain",),
    "sasp_extra": ("sasp_propagation_gain",),
    # RANKL drives the vessel wall only where its OPG falls below the young adult's
    "vascular_opg_gain": ("vascular_rankl_gain",),
    # the kidney's calcium reabsorption capacity follows GFR only where GFR leaves the healthy
    # adult's (library/peterson_riggs2010.py, renal calcium)
    "GFR": ("calcium_excretion_nephron_scaling",),
}


def idle_parameters(spec: ModelSpec, given: Mapping[str, Any], course_list: list[Course],
                    stepped: Iterable[str] = ()) -> list[str]:
    """One line per condition input that ``given`` (parameter name -> value(s): a run's
    ``parameters`` and a population's columns) sizes through :data:`ONLY_THROUGH_INPUT` while
    nothing in the run moves it: no course in ``course_list`` acts on it, ``given`` holds it
    at its neutral value and no event steps it (``stepped``: the names events set; a step of
    one of the sizing parameters is set by the user too, like ``given``).
    ``klotho_opg_effect=0`` without a klotho-lowering condition ran the same as without it,
    while ``gc_emax=0`` without glucocorticoids is refused (a condition's own parameter); so did
    the step ``--set klotho_opg_effect=0``, without the warning ``--param`` gave."""
    stepped = set(stepped)
    moved = {name for c in course_list for name in c.condition.acts_on} | stepped
    out = []
    for inp, names in ONLY_THROUGH_INPUT.items():
        idle = [n for n in names if n in given or n in stepped]
        if not idle or inp in moved or inp not in spec.parameter_names:
            continue
        neutral = spec.parameter(inp).value
        unit = spec.parameter(inp).unit
        neutral_text = f"{neutral:g}" if unit in ("", "dimensionless") else f"{neutral:g} {unit}"
        if inp in given and np.any(np.asarray(given[inp], dtype=float) != neutral):
            continue
        # the most specific first (klotho deficiency acts on klotho alone, CKD on GFR too)
        movers = sorted((c for c in CONDITIONS if inp in c.acts_on), key=lambda c: len(c.acts_on))
        example = movers[0].aliases[0] if movers[0].aliases else movers[0].id
        one = len(idle) == 1
        out.append(f"parameter{'' if one else 's'} {', '.join(repr(n) for n in idle)} "
                   f"act{'s' if one else ''} only where {inp} is away from {neutral_text}, which "
                   f"nothing in this run moves: the run is the same as without "
                   f"{'it' if one else 'them'}; add a condition that moves it "
                   f"({' or '.join(c.id for c in movers)}, e.g. --condition '{example}')")
    return out


#: the klotho effects on bone cells, which act only beyond the klotho deficit
#: ``klotho_bone_threshold`` (library/integrated/disease.py, klotho_bone_deficit); the vessel's
#: klotho effects act at any deficit
KLOTHO_BONE_EFFECTS = ("klotho_osteoblast_effect", "klotho_osteoclast_effect", "klotho_opg_effect")


def klotho_bone_idle(spec: ModelSpec, given: Mapping[str, Any], course_list: list[Course],
                     stepped: Iterable[str] = ()) -> tuple[list[str], float, float]:
    """(The klotho bone-cell effects that ``given`` or a step sets and that do not act, the
    lowest klotho of the run, the threshold): they do not act where the run's conditions lower
    klotho but never past ``klotho_bone_threshold``, since they read the deficit beyond it. The
    lowest klotho is the product of every course's (they multiply) and the subject's own; a
    step of klotho or of the threshold leaves it unknown, and none is named (nor where no
    condition moves klotho: :func:`idle_parameters` says that)."""
    stepped = set(stepped)
    names = [n for n in KLOTHO_BONE_EFFECTS if n in given or n in stepped]
    movers = [c for c in course_list if "klotho" in c.condition.acts_on]
    if (not names or not movers or "klotho" not in spec.parameter_names
            or {"klotho", "klotho_bone_threshold"} & stepped):
        return [], 1.0, 0.0
    lowest = float(np.min(np.asarray(given.get("klotho", spec.parameter("klotho").value),
                                     dtype=float)))
    for c in movers:
        lowest *= float(c.effects().get("klotho", 1.0))
    threshold = float(np.min(np.asarray(
        given.get("klotho_bone_threshold", spec.parameter("klotho_bone_threshold").value),
        dtype=float)))
    if 1.0 - lowest > threshold + 1e-12:
        return [], lowest, threshold
    return names, lowest, threshold


def below_threshold_parameters(spec: ModelSpec, given: Mapping[str, Any],
                               course_list: list[Course], stepped: Iterable[str] = ()
                               ) -> list[str]:
    """The line for the klotho bone-cell effects :func:`klotho_bone_idle` finds idle:
    ``--param klotho_opg_effect=0`` with CKD at eGFR 35 (klotho 0.54) or 'klotho deficiency
    50 %' ran the same as without it and said nothing."""
    names, lowest, threshold = klotho_bone_idle(spec, given, course_list, stepped)
    if not names:
        return klotho_threshold_idle(spec, given, course_list, stepped)
    movers = [c.condition.id for c in course_list if "klotho" in c.condition.acts_on]
    one = len(names) == 1
    return [f"parameter{'' if one else 's'} {', '.join(repr(n) for n in names)} "
            f"act{'s' if one else ''} on bone cells only where the klotho deficit passes "
            f"klotho_bone_threshold ({threshold:g}), and klotho stays at {lowest:.2g} or above "
            f"in this run ({', '.join(movers)}): the run is the same as "
            f"without {'it' if one else 'them'}; the vessel's klotho effects "
            f"(vascular_klotho_gain, klotho_phosphate_uptake_gain) act at any deficit; a "
            f"deeper klotho loss or a lower klotho_bone_threshold lets "
            f"{'it' if one else 'them'} act"]


def inert_courses(spec: ModelSpec, given: Mapping[str, Any], course_list: list[Course],
                  stepped: Iterable[str] = ()) -> list[str]:
    """One line per course that acts on nothing but a readout in the run: a vitamin D
    deficiency whose 25(OH)D (the subject's own level times the course's factor) is at or above
    ``vitd_breakpoint`` for every subject, where calcitriol synthesis is not substrate-limited,
    so calcitriol, PTH, calcium and bone are as without it; only the 25(OH)D readout shows it.
    'vitamin D deficiency 20 ng/mL' ran so and said nothing; only the card said it. Nothing is
    said where a vitamin D supplement is in the model (its kinetics start from the level), nor
    where a step of the level or of the breakpoint leaves it unknown."""
    if ({"serum_25ohd", "vitd_breakpoint"} & set(stepped)
            or not {"serum_25ohd", "vitd_breakpoint"} <= set(spec.parameter_names)
            or "vitamin_d_25ohd" in spec.state_names):
        return []
    own = np.asarray(given.get("serum_25ohd", spec.parameter("serum_25ohd").value), dtype=float)
    breakpoint = np.asarray(given.get("vitd_breakpoint", spec.parameter("vitd_breakpoint").value),
                            dtype=float)
    unit = spec.parameter("vitd_breakpoint").unit
    out = []
    for c in course_list:
        if "serum_25ohd" not in c.condition.acts_on:
            continue
        level = own * float(c.effects().get("serum_25ohd", 1.0))
        if np.all(level >= breakpoint - 1e-12):
            out.append(f"condition '{c.condition.id}' ({format_course(c)!r}) changes only the "
                       f"25(OH)D readout (serum_25ohd_total) in this run: the level it brings "
                       f"the subject to, {np.min(level):.3g} {unit}, is at or above "
                       f"vitd_breakpoint ({np.max(breakpoint):.3g} {unit}), below which alone "
                       f"calcitriol synthesis is substrate-limited in the model (its card), so "
                       f"calcitriol, PTH, calcium and bone are as without it; a deficiency below "
                       f"the breakpoint acts")
    return out


def ovaries_already_spent(p: Mapping[str, Any], course_list: list[Course]) -> list[str]:
    """One line per surgical menopause that begins after the subject's own menopause (for every
    subject of the run): it removes only the estradiol the ovaries still make at that age, the
    tail of the model's menopausal transition (:func:`drivers.ovarian_share`), not a
    premenopausal woman's ovarian estradiol. 'surgical menopause' in a woman of 60 ran so and said
    nothing (its card says it changes nothing past natural menopause); the line gives the share
    left, so a woman a year past her menopause is told how much remains rather than 'nothing'.
    ``p`` holds the run's resolved parameters (one value, or one per subject)."""
    need = ("age_start", "age_menopause", "menopause_lag", "menopause_width", "female")
    if not all(k in p for k in need):
        return []
    from osteon.library.integrated.drivers import ovarian_share

    out = []
    for c in course_list:
        if c.condition.id != "surgical_menopause":
            continue
        start = np.asarray(p["age_start"], dtype=float)
        age = (np.full_like(start, c.onset_age) if c.onset_age is not None
               else start + float(c.onset) / 365.25)
        menopause = np.asarray(p["age_menopause"], dtype=float)
        if not np.all((age > menopause) & (np.asarray(p["female"]) == 1.0)):
            continue
        share = np.asarray(ovarian_share(age, p, np), dtype=float)
        out.append(f"condition 'surgical_menopause' ({format_course(c)!r}) begins at age "
                   f"{np.min(age):.3g}{'' if np.ptp(age) == 0 else f'-{np.max(age):.3g}'}, after "
                   f"the subject's menopause (age_menopause {np.max(menopause):.3g}): the "
                   f"ovaries then make {100 * np.max(share):.2g} % of their premenopausal "
                   f"estradiol in the model (the menopausal transition's tail), and that is "
                   f"all it removes (its card: past natural menopause it changes nothing)")
    return out


def klotho_threshold_idle(spec: ModelSpec, given: Mapping[str, Any], course_list: list[Course],
                          stepped: Iterable[str] = ()) -> list[str]:
    """The line for ``klotho_bone_threshold`` given (or stepped) where klotho is only 1 or 0
    in the run (the subject's own 1, every course that moves it at 0): the bone-cell effects
    read the deficit beyond the threshold rescaled to 1 at klotho 0, so they are off or at
    their full size whatever the threshold. 'klotho deficiency' (0) with
    ``--param klotho_bone_threshold=0.2`` ran the same as without it and said nothing, though
    the card lists the threshold among the parameters to override. No condition moving klotho
    is :func:`idle_parameters`' case."""
    stepped = set(stepped)
    movers = [c for c in course_list if "klotho" in c.condition.acts_on]
    if (("klotho_bone_threshold" not in given and "klotho_bone_threshold" not in stepped)
            or not movers or "klotho" in stepped or "klotho" not in spec.parameter_names):
        return []
    own = np.asarray(given.get("klotho", spec.parameter("klotho").value), dtype=float)
    if np.any(own != 1.0) or any(float(c.effects().get("klotho", 1.0)) != 0.0 for c in movers):
        return []
    return [f"parameter 'klotho_bone_threshold' changes nothing here: klotho is only 1 or 0 in "
            f"this run ({', '.join(c.condition.id for c in movers)} at 0), and the klotho "
            f"effects on bone cells read the deficit beyond the threshold rescaled to 1 at "
            f"klotho 0, so they are off or at their full size whatever the threshold: the run "
            f"is the same as without it; a partial klotho loss (e.g. --condition 'klotho "
            f"deficiency 30 %') shows it"]


def effect_parameters(inputs: tuple[str, ...]) -> list[Any]:
    """The integrated model's parameters that size the effects of condition ``inputs``: those
    named ``<input>_...`` or ``..._<input>_...`` (e.g. ``klotho_opg_effect``,
    ``vascular_inflammation_gain``), the mechanostat gains of ``loading`` and those of
    :data:`ONLY_THROUGH_INPUT` (``vascular_rankl_gain`` for ``vascular_opg_gain``). Overriding one
    (``--param NAME=0``) shows how much of a phenotype that path explains."""
    from osteon.library import load

    spec = load("osteon")
    out = []
    for inp in inputs:
        # and those known to act only through it (ONLY_THROUGH_INPUT), whatever their names:
        # OPG deficiency's card named none, though vascular_rankl_gain sizes its vessel arm
        known = (*_EFFECT_PARAMETERS.get(inp, ()), *ONLY_THROUGH_INPUT.get(inp, ()))
        for p in spec.parameters:
            if (p.name.startswith(inp + "_") or f"_{inp}_" in p.name
                    or p.name in known) and p not in out:
                out.append(p)
    return out


def card_text(name: str) -> str:
    """A condition's card as text: mechanism, severity, effects, parameters with sources."""
    cond = get(name)
    c = cond.card
    lines = [f"{c.name} [{cond.id}]", "", f"mechanism: {c.mechanism}"]
    if cond.aliases:
        lines.append(f"also written: {', '.join(cond.aliases)}")
    if cond.severity is not None:
        sev = cond.severity
        lines.append(f"severity: {sev.name} ({sev.description}) in {sev.domain()}; default "
                     f"{sev.default:g} {sev.unit}" + (f" - {sev.default_note}"
                                                     if sev.default_note else ""))
        if sev.aliases:
            lines.append(f"  units accepted: {', '.join(sorted({sev.unit, *sev.aliases}))}")
    else:
        lines.append("severity: none (on or off)")
    lines.append(f"acts on the model's inputs: {', '.join(cond.acts_on)} "
                 f"({', '.join(sorted({COMBINE[n] for n in cond.acts_on}))})")
    sized = effect_parameters(cond.acts_on)
    if sized:
        lines.append("sized in the model by (override with --param NAME=VALUE to see what each "
                     "path explains):")
        lines += [f"  {q.name} = {q.value:g} {q.unit}: {q.description}" for q in sized]
    lines += [f"calibrated to: {t}" for t in c.calibrated_to]
    lines.append(f"when it ends: {c.reversal}")
    if cond.not_for_men:
        lines.append(f"women only: a man's run with it is refused: {cond.not_for_men}")
    if cond.no_offset:
        lines.append(f"no offset: a course that ends is refused (unless a course no milder "
                     f"follows it): {cond.no_offset}")
    if c.malignancy:  # the readouts' caveat, said before a run
        from osteon.readouts.clinical import MALIGNANCY_CAVEAT

        lines.append(f"fracture readouts: a malignancy in bone: {MALIGNANCY_CAVEAT}")
    lines += [f"note: {n}" for n in c.notes]
    if cond.parameters:
        lines += ["", "parameters (override with --param NAME=VALUE, or parameters= of "
                  "osteon.simulate, in a run with the condition):"]
        for q in cond.parameters:
            lines.append(f"  {q.name} = {q.value:g} {q.unit} ({q.evidence}): {q.description}")
            lines.append(f"      source: {q.source}")
    return "\n".join(lines)


def refuse_for_men(course_list: list[Course], men: list[str]) -> None:
    """Refuse a course of a condition that does not apply to men (``not_for_men``) where
    ``men`` (how each male subject is named: "the patient 'male, age 65'", ...) is not empty:
    it would run as a no-op."""
    for c in course_list:
        if c.condition.not_for_men and men:
            more = f" (and {len(men) - 1} more)" if len(men) > 1 else ""
            raise InputError(f"condition '{c.condition.id}' ({format_course(c)!r}) is for women "
                             f"only, and {men[0]}{more} is male: "
                             f"{c.condition.not_for_men}")


def describe(course_list: list[Course]) -> list[str]:
    """The canonical texts of ``course_list``."""
    return [format_course(c) for c in course_list]


__all__ = ["COMBINE", "CONDITIONS", "Condition", "ConditionCard", "Course", "Severity",
           "below_threshold_parameters", "card_text", "courses", "describe", "events", "find",
           "get", "idle_parameters", "inert_courses", "klotho_bone_idle", "names",
           "ovaries_already_spent",
           "parameter_overrides", "parse", "refuse_for_men", "split_parameters",
           "split_population"]
