"""The objective of a calibration problem: weighted residuals of the training targets.

For a target with published value ``y``, tolerance ``s`` and simulated reading ``m(θ)``, the
residual is ``(m(θ) − y) / s``: the tolerance is the noise scale (PEtab's ``noiseParameters``
of a normal noise model). A normal prior on the parameter scale adds ``(x − loc) / scale``. The
cost is half the sum of squared residuals (the negative log-likelihood without its constant).

Each experiment runs only as long as its readings need (:func:`experiments`): a scenario whose
targets all read it by day 181.6 of a 3-year trial (denosumab's CTX at 6 months) stops there,
since nothing after a reading (a later dose, the rest of the trial) changes it. What lies
after the latest reading is not simulated, so a solve that would fail there, or a warning it
would give, does not reach the evaluation; the validation report runs the whole scenario.

A failed evaluation (a solve that stops, a reading that cannot be made) never crashes the
optimizer: the cost is infinite and the reason is kept in :attr:`Objective.failures` (for least
squares, which needs finite residuals, the residuals are a wall of :data:`FAILED_RESIDUAL`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import numpy as np

from osteon._tally import Tally
from osteon.calibrate.problem import (
    CalibrationProblem,
    applied,
    arms_of,
    check_fixed,
    check_values,
    split_values,
    to_scale,
    with_values,
)
from osteon.validation.target import Scenario, Target

#: the weighted residual every measurement takes where an evaluation failed (least squares):
#: a cost far above any reachable one (a target 1000 tolerances off)
FAILED_RESIDUAL = 1e3


def horizon(target: Target) -> float | None:
    """The day up to which ``target``'s reading needs its scenario simulated: the later of the
    two days a built-in reading on the days axis takes (its ``start`` and ``at``; 0 for a
    reading at the start alone), or None where the reading needs the scenario as given: a named
    reader (a window's peak or area, a rate over the trial, a fracture relative risk, a rise to
    the scenario's end: they read the whole course on the regular save grid, which depends on
    the duration) or a reading on the age axis."""
    m = target.measure
    if m is None or m.kind == "named" or m.axis != "days":
        return None
    return max(m.start, m.at)


def experiments(targets, scenarios: list[Scenario] | None = None) -> list[Scenario]:
    """Each target's scenario (``scenarios``, one per target, default the targets' own) cut to
    the latest day any target that reads the same scenario needs (:func:`horizon`). A scenario
    one of whose targets needs it whole keeps its duration, and so does one read at day 0
    alone. The arm and its control are cut alike, so a reading against the control compares
    the same days; the readings at and before the new end are those of the whole scenario to
    the solver's tolerance (the solution up to a day does not depend on what comes after it:
    the doses and condition steps after the end are left out, and a reading at the end is the
    state before any event at that day, as in the whole run)."""
    targets = list(targets)
    if scenarios is None:
        scenarios = [t.scenario for t in targets]
    ends: dict[Scenario, float | None] = {}
    for t, s in zip(targets, scenarios, strict=True):
        h = horizon(t)
        if s not in ends:
            ends[s] = h
        elif ends[s] is not None:
            ends[s] = None if h is None else max(ends[s], h)
    return [replace(s, duration=end) if (end := ends[s]) is not None and 0 < end < s.duration
            else s for s in scenarios]


class EvaluationError(Exception):
    """An objective evaluation failed; the message says which target and why."""


@dataclass
class Evaluation:
    """One evaluation: the parameter values, each target's reading, residuals and cost (inf and
    ``failure`` when it failed)."""

    values: dict[str, float]
    readings: dict[str, float]
    residuals: np.ndarray
    cost: float
    failure: str = ""
    #: what osteon warned of in the evaluation's simulations (each distinct text once)
    warnings: list[str] = field(default_factory=list)


@dataclass
class Objective:
    """Evaluates ``problem`` with ``fixed`` values held (upstream estimates)."""

    problem: CalibrationProblem
    fixed: Mapping[str, float] = field(default_factory=dict)
    n_evaluations: int = 0
    failures: list[str] = field(default_factory=list)
    strict: bool = False
    #: simulate every scenario for its whole duration (as the validation report does), not only
    #: up to its latest reading (:func:`experiments`); the readings are the same to the solver's
    #: tolerance, at a greater cost (benchmarks/bench_calibrate.py compares the two)
    whole_course: bool = False
    #: arms without conditions, kept between evaluations: an arm's parameter overrides are part
    #: of its key, so only arms the estimates do not touch (placebo arms) are reused
    _kept: dict = field(default_factory=dict, repr=False)
    #: what the kept arms' simulations warned of (said again in each evaluation that reads them)
    _kept_warnings: dict = field(default_factory=dict, repr=False)
    #: each warning of the evaluations, with the number of evaluations that gave it
    warned: Tally = field(default_factory=Tally)

    def __post_init__(self) -> None:
        # a typo, or an estimate also held fixed, would be silently ignored (check_fixed)
        check_fixed(self.problem, self.fixed)

    @property
    def n_residuals(self) -> int:
        return len(self.problem.targets) + sum(e.prior is not None for e in self.problem.estimates)

    def evaluate(self, values: Mapping[str, float]) -> Evaluation:
        """Simulate every target's scenario with ``values`` and read the targets."""
        from osteon.conditions import parameter_overrides
        from osteon.validation.measures import read
        from osteon.validation.runs import Runs

        self.n_evaluations += 1
        allv = {**dict(self.problem.fixed), **dict(self.fixed), **dict(values)}
        model_values, condition_values = split_values(allv)
        scenarios = [with_values(t.scenario, model_values) for t in self.problem.targets
                     if t.scenario is not None]
        if not self.whole_course:
            scenarios = experiments(self.problem.targets, scenarios)
        runs = Runs()
        for t, s in zip(self.problem.targets, scenarios, strict=True):
            assert t.measure is not None
            runs.request(s, t.measure.times())
        for (a, duration), course in self._kept.items():
            runs.put(a, duration, course)
        readings: dict[str, float] = {}
        failure = ""
        with parameter_overrides(condition_values):
            for t, s in zip(self.problem.targets, scenarios, strict=True):
                assert t.measure is not None
                try:
                    obs = read(t.measure, s, runs).observed
                except Exception as exc:
                    failure = f"target {t.id}: {type(exc).__name__}: {exc}"
                    break
                if not math.isfinite(obs):
                    failure = f"target {t.id}: the reading is not a finite number ({obs})"
                    break
                readings[t.id] = float(obs)
        est = set(self.problem.names)
        simulated = runs.simulated_warnings()
        said = [w for k in self._kept for w in self._kept_warnings.get(k, ())]
        said = list(dict.fromkeys([*(w for ws in simulated.values() for w in ws), *said]))
        self.warned.add(said)
        for k, c in runs.courses().items():
            if k in simulated and not k[0].conditions \
                    and not est & {n for n, _ in k[0].parameters}:
                self._kept[k] = c
                self._kept_warnings[k] = simulated[k]
        if failure:
            self.failures.append(f"{_fmt(values)}: {failure}")
            return Evaluation(dict(values), readings, np.full(self.n_residuals, np.inf),
                              math.inf, failure, said)
        r = [(readings[t.id] - t.expected) / t.tolerance for t in self.problem.targets]
        for e in self.problem.estimates:
            if e.prior is not None:
                r.append((to_scale(values[e.name], e.scale) - e.prior.loc) / e.prior.scale)
        res = np.asarray(r, float)
        return Evaluation(dict(values), readings, res, 0.5 * float(res @ res), "", said)

    # the two faces the optimizers need, on the unit cube of the scaled bounds
    def residuals(self, u: np.ndarray) -> np.ndarray:
        """Residuals at ``u``. Least squares cannot take inf, so a failed evaluation is a wall:
        every residual :data:`FAILED_RESIDUAL` (the trust region retreats from it); the failure
        and its reason stay in :attr:`failures`, and the optimizer's end point is evaluated
        again before it is reported. With ``strict``, a failure raises
        :class:`EvaluationError` instead."""
        ev = self.evaluate(self.problem.values(u))
        if ev.failure:
            if self.strict:
                raise EvaluationError(ev.failure)
            return np.full(self.n_residuals, FAILED_RESIDUAL)
        return ev.residuals

    def cost(self, u: np.ndarray) -> float:
        """Cost at ``u``: inf (reason recorded) when the evaluation fails."""
        return self.evaluate(self.problem.values(u)).cost


def _fmt(values: Mapping[str, float]) -> str:
    return ", ".join(f"{k}={v:.6g}" for k, v in values.items())


def evaluate_targets(targets, values: Mapping[str, float], progress=None, *,
                     check: bool = True):
    """The validation :class:`~osteon.validation.Report` of ``targets`` with ``values`` set in
    every scenario (model, drug and condition parameters): the fit of a calibration's estimates
    on targets it was not fitted to. The report's ``parameters`` are ``values``; each outcome's
    ``parameters`` those that act in its arms (not one that acts only through a condition or
    drug input that nothing in the arm moves within the run:
    :func:`~osteon.calibrate.problem.applied`). With ``check``, a value that acts in no
    target's arm, or lies outside its parameter's domain, is refused (:func:`check_values`)::

        from osteon import calibrate
        from osteon.validation.table import read_targets
        checks = [t for t in read_targets("mytrial.csv") if t.role == "check"]
        report = calibrate.evaluate_targets(
            checks, calibrate.read_parameters("runs/mine/mytrial.json"))
    """
    from osteon.conditions import parameter_overrides
    from osteon.validation.report import run
    from osteon.validation.runs import Runs

    targets = list(targets)
    values = dict(values)
    if check:
        check_values(targets, values)
    model_values, condition_values = split_values(values)
    moved = [replace(t, scenario=with_values(t.scenario, model_values))
             if t.scenario is not None else t for t in targets]
    runs = Runs()
    with parameter_overrides(condition_values):
        report = run(moved, progress=progress, runs=runs)
    report.parameters = values
    done = runs.courses()
    for o, m in zip(report.outcomes, moved, strict=True):
        s = o.target.scenario
        if s is None or m.scenario is None:
            o.parameters = {}
            continue
        # each arm's course as the run left it: a drug prescribed but not dosed within it
        # moved nothing
        courses = {a: c for a, b in zip(arms_of(s), arms_of(m.scenario), strict=True)
                   if (c := done.get((b, m.scenario.duration))) is not None}
        o.parameters = applied(s, values, courses)
    return report


#: a reading that moves by less than this share of its target's tolerance between an
#: estimate's bounds does not move (a parameter that acts nowhere gives identical readings)
UNMOVED = 1e-6


def idle_estimates(problem: CalibrationProblem, fixed: Mapping[str, float] | None = None,
                   evaluate=None) -> list[str]:
    """The estimates of ``problem`` that no reading depends on: one line per estimate whose
    every target reads the same (to :data:`UNMOVED` of its tolerance) at its lower bound, the
    middle of its scaled bounds and its upper bound, the other estimates at their middles
    (1 + 2 x estimates evaluations). A model parameter that acts only with a drug or condition
    no arm has (``wnt_blockade_opg_gain`` without a sclerostin antibody) would otherwise be
    'estimated' as the random start it stays at. An estimate whose evaluation fails at some
    point is not idle (the failure depends on it). ``evaluate`` maps a list of value dicts to
    their :class:`Evaluation` s (default: one after the other)."""
    fixed = dict(fixed or {})
    d = len(problem.estimates)
    mid = np.full(d, 0.5)
    points = [mid]
    for i in range(d):
        for end in (0.0, 1.0):
            u = mid.copy()
            u[i] = end
            points.append(u)
    values = [problem.values(u) for u in points]
    if evaluate is None:
        obj = Objective(problem, fixed)
        evals = [obj.evaluate(v) for v in values]
    else:
        evals = list(evaluate(values))
    centre = evals[0]
    if centre.failure:
        return []
    idle = []
    for i, e in enumerate(problem.estimates):
        ends = evals[1 + 2 * i: 3 + 2 * i]
        if any(ev.failure for ev in ends):
            continue
        if all(abs(ev.readings[t.id] - centre.readings[t.id]) <= UNMOVED * t.tolerance
               for ev in ends for t in problem.targets):
            idle.append(e.name)
    return idle


def idle_message(problem: CalibrationProblem, idle: list[str]) -> str:
    """Why ``idle`` (from :func:`idle_estimates`) are refused."""
    targets = ", ".join(t.id for t in problem.targets)
    bounds = {e.name: f"[{e.lower:g}, {e.upper:g}]" for e in problem.estimates}
    one = len(idle) == 1
    return (f"calibration problem {problem.id!r}: no reading of these targets ({targets}) "
            f"changes between the bounds of " + ", ".join(f"'{n}' {bounds[n]}" for n in idle)
            + f", so the data cannot inform {'it' if one else 'them'} (the fit would return "
            f"the random start as a 'converged' estimate: {'it acts' if one else 'they act'} only "
            f"with a drug or condition none of the targets' arms has, or not on these "
            f"readings); add targets that depend on {'it' if one else 'them'}, or leave "
            f"{'it' if one else 'them'} out")
