"""A calibration problem, shaped like PEtab: parameters to estimate (bounds, scale, prior),
measurements (the training targets: published value, tolerance as the noise scale) and
experiments (each target's scenario, started from the subject's steady state).

Estimated parameters are addressed by name: a parameter of the scenario's model (the integrated
model's ``menopause_width``), of a drug it prescribes (``sodium_fluoride_Emax``) or of a
condition it imposes (``gc_emax``). Fixed values (``fixed``) replace the shipped ones in every
arm, so problems can be chained: a problem that comes ``after`` another is solved with that one's
estimates held.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache
from types import MappingProxyType
from typing import Any

from osteon.errors import InputError, OsteonWarning
from osteon.model.parameter import Parameter
from osteon.validation.target import Arm, Scenario, Target

#: parameter scales (PEtab's ``parameterScale``): bounds, starts and priors live on this scale
SCALES: tuple[str, ...] = ("lin", "log", "log10")
#: prior kinds (PEtab's ``objectivePriorType``): a normal density on the parameter scale
PRIORS: tuple[str, ...] = ("parameterScaleNormal",)


def to_scale(value: float, scale: str) -> float:
    """``value`` on ``scale`` (lin, log or log10)."""
    if scale == "lin":
        return value
    return math.log(value) if scale == "log" else math.log10(value)


def from_scale(x: float, scale: str) -> float:
    """The value of ``x`` given on ``scale``."""
    if scale == "lin":
        return x
    return math.exp(x) if scale == "log" else 10.0 ** x


@dataclass(frozen=True)
class Prior:
    """A normal prior on the parameter scale: ``loc`` and ``scale`` are on the estimate's scale;
    ``why`` says what it rests on."""

    loc: float
    scale: float
    why: str
    kind: str = "parameterScaleNormal"

    def __post_init__(self) -> None:
        if self.kind not in PRIORS:
            raise InputError(f"prior kind must be one of {', '.join(PRIORS)}; got {self.kind!r}")
        if not (math.isfinite(self.loc) and math.isfinite(self.scale) and self.scale > 0):
            raise InputError(f"prior loc must be finite and scale > 0; got loc={self.loc!r}, "
                             f"scale={self.scale!r}")
        if not self.why.strip():
            raise InputError("a prior needs the reason for it (why)")


@dataclass(frozen=True)
class Estimate:
    """A parameter to estimate within [``lower``, ``upper``] (values in the parameter's unit)."""

    name: str
    lower: float
    upper: float
    scale: str = "log10"
    prior: Prior | None = None
    why: str = ""

    def __post_init__(self) -> None:
        if not self.name.isidentifier():
            raise InputError(f"estimate name must be a parameter name; got {self.name!r}")
        if self.scale not in SCALES:
            raise InputError(f"estimate {self.name!r}: scale must be one of {', '.join(SCALES)}; "
                             f"got {self.scale!r}")
        if not (math.isfinite(self.lower) and math.isfinite(self.upper)
                and self.lower < self.upper):
            raise InputError(f"estimate {self.name!r}: bounds must be finite with lower < upper; "
                             f"got [{self.lower!r}, {self.upper!r}]")
        if self.scale != "lin" and self.lower <= 0:
            raise InputError(f"estimate {self.name!r}: a {self.scale} scale needs lower > 0; got "
                             f"{self.lower!r}")

    @property
    def bounds_scaled(self) -> tuple[float, float]:
        return to_scale(self.lower, self.scale), to_scale(self.upper, self.scale)

    def from_unit(self, u: float) -> float:
        """The value at ``u`` in [0, 1] of the scaled bounds."""
        lo, hi = self.bounds_scaled
        return from_scale(lo + u * (hi - lo), self.scale)

    def to_unit(self, value: float) -> float:
        lo, hi = self.bounds_scaled
        return (to_scale(value, self.scale) - lo) / (hi - lo)


@cache
def _arm_parameters(a: Arm) -> Mapping[str, Parameter]:
    """Parameters of ``a``'s model composed with the drugs of its prescription, by name."""
    from osteon.library import load

    spec = load(a.model)
    if a.regimen:
        from osteon import drugs
        from osteon.dosing import parse

        spec = drugs.compose(spec, parse(a.regimen).drugs)
    return MappingProxyType({q.name: q for q in spec.parameters})


@cache
def _arm_condition_parameters(a: Arm) -> Mapping[str, Parameter]:
    """Parameters of the conditions ``a`` imposes, by name."""
    from osteon import conditions

    return MappingProxyType({q.name: q for text in a.conditions
                             for q in conditions.parse(text).condition.parameters})


@cache
def condition_parameters() -> Mapping[str, Parameter]:
    """Every condition parameter by name (the catalog's :class:`Parameter`)."""
    from osteon.conditions.catalog import CONDITIONS

    return {q.name: q for c in CONDITIONS for q in c.parameters}


def arms_of(scenario: Scenario) -> tuple[Arm, ...]:
    return tuple(a for a in (scenario.arm, scenario.control) if a is not None)


def with_values(scenario: Scenario, values: Mapping[str, float]) -> Scenario:
    """``scenario`` with ``values`` set in every arm whose model (or drugs) has them and where
    they act (condition parameters are applied separately, by
    :func:`osteon.conditions.parameter_overrides`). A value idle in an arm (:func:`_idle_in`:
    inflammation_tcell_gain in an arm without inflammation, a problem's own control or another
    problem's held estimate) is left out of it: the run is the same, and a run given it warns
    that it cannot act, once per evaluation of every problem held after the one fitting it."""

    def one(a: Arm | None) -> Arm | None:
        if a is None:
            return None
        own = _arm_parameters(a)
        mine = {k: float(v) for k, v in values.items() if k in own}
        if mine:
            idle = _idle_in(a, values)
            mine = {k: v for k, v in mine.items() if k not in idle}
        if not mine:
            return a
        merged = {**dict(a.parameters), **mine}
        return replace(a, parameters=tuple(sorted(merged.items())))

    return replace(scenario, arm=one(scenario.arm), control=one(scenario.control))


def applied(scenario: Scenario, values: Mapping[str, float],
            courses: Mapping[Arm, Any] | None = None) -> dict[str, float]:
    """The ``values`` that act in ``scenario``: parameters of an arm's model, of a drug it
    prescribes or of a condition it imposes; not a model parameter that acts only through an
    input nothing in the arm moves: a condition input
    (:data:`osteon.conditions.ONLY_THROUGH_INPUT`, ``klotho_opg_effect``) or a drug input
    (:data:`osteon.drugs.base.ONLY_THROUGH_DRUG_INPUT`, ``wnt_blockade_opg_gain`` without a
    sclerostin antibody). ``courses`` (an arm of ``scenario`` -> its simulated
    :class:`~osteon.validation.runs.Course`, as the run that read it left it) tells a drug
    prescribed but never dosed within the run (its first dose after the end): where the drug's
    effect on an input stays at its neutral value at every saved time, it did not move it."""
    arms = arms_of(scenario)
    courses = courses or {}
    return {k: v for k, v in values.items()
            if any((k in _arm_parameters(a) and k not in _idle_in(a, values, courses.get(a)))
                   or k in _arm_condition_parameters(a) for a in arms)}


def _idle_in(a: Arm, values: Mapping[str, float], course: Any = None) -> set[str]:
    """The model parameters that act only through an input nothing in ``a`` moves: no condition
    of the arm acts on it (a condition input), no drug of its prescription does (a drug input;
    with ``course``, no drug does at some saved time of it), and neither the arm nor ``values``
    sets it; and the klotho effects on bone cells where the arm's conditions lower klotho but
    never past klotho_bone_threshold (CKD at eGFR 35, klotho 0.54), which they read the
    deficit beyond (:func:`osteon.conditions.klotho_bone_idle`)."""
    from osteon.conditions import ONLY_THROUGH_INPUT, klotho_bone_idle, parameter_overrides
    from osteon.conditions import parse as parse_condition
    from osteon.drugs.base import ONLY_THROUGH_DRUG_INPUT
    from osteon.library import load

    courses = [parse_condition(text) for text in a.conditions]
    moved = {n for c in courses for n in c.condition.acts_on}
    moved |= {k for k, _ in a.parameters} | set(values)
    moved |= _drug_moved(a, course)
    idle = {n for inp, names in ONLY_THROUGH_INPUT.items() if inp not in moved for n in names}
    given = {**dict(a.parameters), **values}
    own = {q.name for c in courses for q in c.condition.parameters}
    with parameter_overrides({k: v for k, v in given.items() if k in own}):  # ckd_klotho_at_45
        idle |= set(klotho_bone_idle(load(a.model), given, courses)[0])
    return idle | {n for n, inputs in ONLY_THROUGH_DRUG_INPUT.items() if not moved & set(inputs)}


def _drug_moved(a: Arm, course: Any = None) -> set[str]:
    """The drug inputs the drugs of ``a``'s prescription act on; with ``course`` (its simulated
    course), only those some drug's effect moves from the neutral value at a saved time (a drug
    whose first dose lies after the end leaves its inputs neutral throughout)."""
    if not a.regimen:
        return set()
    import numpy as np

    from osteon import drugs
    from osteon.dosing import parse
    from osteon.drugs.base import neutral

    given = [drugs.get(d) for d in parse(a.regimen).drugs]
    if course is None:
        return {inp for d in given for inp in d.acts_on}
    row = course.result.parameters.iloc[0]
    p = {k: float(row[k]) for k in course.result.parameters.columns if k != "subject_id"}
    moved = set()
    for d in given:
        if not d.acts_on:
            continue
        if not d.states or any(s.name not in course.values for s in d.states):
            moved |= set(d.acts_on)  # nothing to tell it by
            continue
        with np.errstate(all="ignore"):
            effects = d.effects({s.name: np.asarray(course.values[s.name], dtype=float)
                                 for s in d.states}, p, np)
        moved |= {inp for inp in d.acts_on if inp not in effects
                  or not np.all(np.asarray(effects[inp], dtype=float) == neutral(inp))}
    return moved


def check_values(targets, values: Mapping[str, float], where: str = "parameters") -> None:
    """Raise :class:`InputError` unless each of ``values`` is a parameter of some target's arm
    (its model, a drug it prescribes, a condition it imposes: elsewhere it would change
    nothing) and lies in that parameter's domain."""
    from osteon.errors import did_you_mean

    known: dict[str, Parameter] = {}
    for t in targets:
        if t.scenario is not None:
            for a in arms_of(t.scenario):
                known.update(_arm_parameters(a))
                known.update(_arm_condition_parameters(a))
    problems = []
    owners = {}
    if any(k not in known for k in values):
        from osteon.conditions.catalog import CONDITIONS

        owners = {q.name: c.id for c in CONDITIONS for q in c.parameters}
    for name, value in values.items():
        q = known.get(name)
        if q is None and name in owners:
            problems.append(f"'{name}' is a parameter of condition '{owners[name]}', which none "
                            f"of the targets' arms impose, so no reading depends on it")
        elif q is None:
            problems.append(f"'{name}' is not a parameter of any target's model, drug or "
                            f"condition{did_you_mean(name, known)}")
        elif not q.admits(value):
            problems.append(f"'{name}' must lie in its domain ({q.domain} {q.unit}); got "
                            f"{value:g}")
    if problems:
        raise InputError(f"{where}: " + "; ".join(problems))


def check_fixed(problem: CalibrationProblem, fixed: Mapping[str, float]) -> None:
    """Raise unless ``fixed`` (values held while ``problem`` is fitted) names only parameters
    osteon has and none of ``problem``'s estimates, each a number in its parameter's domain.

    A name no model of the problem's arms, no drug and no condition has is refused with
    :class:`~osteon.errors.UnknownNameError` (did you mean ...): a typo would otherwise be held
    'fixed' with no effect. A real parameter that none of the problem's arms has (another
    problem's drug) is accepted and acts nowhere (the estimates of other problems are passed
    whole: :func:`osteon.calibrate.upstream`). A name also estimated is refused: the estimate
    would override it in every evaluation."""
    from osteon import drugs
    from osteon.errors import UnknownNameError, did_you_mean
    from osteon.units import is_real

    own: dict[str, Parameter] = {}
    for t in problem.targets:
        if t.scenario is not None:
            for a in arms_of(t.scenario):
                own.update(_arm_parameters(a))
                own.update(_arm_condition_parameters(a))
    known = {**condition_parameters(),
             **{q.name: q for d in drugs.names() for q in drugs.get(d).parameters}, **own}
    unknown = [k for k in fixed if k not in known]
    if unknown:
        raise UnknownNameError(
            "fixed: " + "; ".join(f"'{k}' is not a parameter of problem {problem.id!r}'s models, "
                                  f"of a drug or of a condition{did_you_mean(k, known)}"
                                  for k in unknown))
    both = [k for k in fixed if k in problem.names]
    if both:
        raise InputError(f"fixed: {', '.join(repr(k) for k in both)} "
                         f"{'is an estimate' if len(both) == 1 else 'are estimates'} of problem "
                         f"{problem.id!r} ({', '.join(problem.names)}): a parameter is either "
                         f"estimated or held fixed; leave it out of fixed")
    bad = []
    for k, v in fixed.items():
        if not is_real(v) or not known[k].admits(float(v)):
            bad.append(f"'{k}' must be a number in its domain ({known[k].domain} "
                       f"{known[k].unit}); got {v!r}")
    if bad:
        raise InputError("fixed: " + "; ".join(bad))


def split_values(values: Mapping[str, float]) -> tuple[dict[str, float], dict[str, float]]:
    """``values`` as (model and drug parameters, condition parameters)."""
    cond = condition_parameters()
    return ({k: v for k, v in values.items() if k not in cond},
            {k: v for k, v in values.items() if k in cond})


@dataclass(frozen=True)
class CalibrationProblem:
    """Parameters to estimate from ``targets`` (training targets with a tolerance).

    ``after`` names problems whose estimates this one holds fixed (their shipped values, or the
    values just estimated when problems are run in sequence); ``fixed`` are further values held.
    """

    id: str
    description: str
    estimates: tuple[Estimate, ...]
    targets: tuple[Target, ...]
    after: tuple[str, ...] = ()
    fixed: tuple[tuple[str, float], ...] = ()

    def __post_init__(self) -> None:
        problems = []
        if not self.estimates:
            problems.append("it estimates nothing")
        names = [e.name for e in self.estimates]
        if len(set(names)) != len(names):
            problems.append(f"estimates repeat a name: {names}")
        if not self.targets:
            problems.append("it has no measurements (targets)")
        ids = [t.id for t in self.targets]
        if len(set(ids)) != len(ids):
            problems.append(f"targets repeat an id: {ids}")
        for t in self.targets:
            if t.kind != "simulation" or t.scenario is None or t.measure is None:
                problems.append(f"target {t.id!r} is not a simulation target")
            elif t.compare != "within":
                problems.append(f"target {t.id!r} is a bound ('{t.compare}'); calibration needs "
                                f"a published value with a tolerance")
        if problems:
            raise InputError(f"calibration problem {self.id!r}: " + "; ".join(problems))
        checks = [t.id for t in self.targets if t.role != "training"]
        if checks:  # a Target's default role is 'check': said, not refused
            warnings.warn(f"calibration problem {self.id!r} fits {len(checks)} target(s) whose "
                          f"role is 'check' ({', '.join(checks)}): a target the fit has seen "
                          f"is no longer an independent check; build them with "
                          f"role='training'", OsteonWarning, stacklevel=3)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(e.name for e in self.estimates)

    def check_names(self) -> None:
        """Raise unless every estimate (and fixed value) is a parameter of some scenario's model,
        drug or condition, and its bounds (the fixed value) lie in that parameter's domain: the
        optimizer evaluates the bounds themselves."""
        known: dict[str, Parameter] = {}
        for t in self.targets:
            assert t.scenario is not None
            for a in arms_of(t.scenario):
                known.update(_arm_parameters(a))
                known.update(_arm_condition_parameters(a))
        unknown = [n for n in (*self.names, *(k for k, _ in self.fixed)) if n not in known]
        # a condition's parameter acts only in arms with that condition: with none, the data
        # cannot inform it (the fit would return its start, 'converged')
        idle = [n for n in unknown if n in condition_parameters()]
        if idle:
            from osteon.conditions.catalog import CONDITIONS

            owners = {q.name: c.id for c in CONDITIONS for q in c.parameters}
            raise InputError(f"calibration problem {self.id!r}: " + "; ".join(
                f"'{n}' is a parameter of condition '{owners[n]}', which none of the targets' "
                f"arms impose, so no reading depends on it" for n in idle))
        if unknown:
            from osteon import drugs
            from osteon.errors import UnknownNameError, did_you_mean
            from osteon.model.parameter import retired

            for n in unknown:
                retired(n, f"calibration problem {self.id!r}")
            # the closest of every parameter osteon has (a slip in a condition's or another
            # drug's parameter then names it, and the next message says why it cannot act)
            names = {*known, *condition_parameters(),
                     *(q.name for d in drugs.names() for q in drugs.get(d).parameters)}
            raise UnknownNameError(f"calibration problem {self.id!r}: " + "; ".join(
                f"'{n}' is not a parameter of any target's model, drug or condition"
                f"{did_you_mean(n, names)}" for n in unknown))
        bad = []
        for e in self.estimates:
            q = known[e.name]
            if q.values:  # the optimizer would pass through the values between
                bad.append(f"'{e.name}' is a switch ({q.domain}), not an estimate: fix it")
                continue
            outside = [f"{end} {v:g}" for end, v in (("lower", e.lower), ("upper", e.upper))
                       if not q.admits(v)]
            if outside:
                bad.append(f"the bounds of estimate '{e.name}' must lie in its domain "
                           f"({q.domain} {q.unit}); got [{e.lower:g}, {e.upper:g}], "
                           f"{' and '.join(outside)} outside")
        for name, value in self.fixed:
            if not known[name].admits(value):
                bad.append(f"fixed value of '{name}' must lie in its domain "
                           f"({known[name].domain} {known[name].unit}); got {value:g}")
        if bad:
            raise InputError(f"calibration problem {self.id!r}: " + "; ".join(bad))

    def values(self, u) -> dict[str, float]:
        """Parameter values at the unit-cube point ``u``."""
        return {e.name: e.from_unit(float(x)) for e, x in zip(self.estimates, u, strict=True)}
