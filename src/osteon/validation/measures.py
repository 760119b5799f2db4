"""Reading a number off a scenario: the built-in measures and the named readers.

Each reading returns the observed number and, for the report's plot, the simulated course it
comes from (x, y and their labels) and where on it the published value sits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from osteon.errors import InputError
from osteon.validation.runs import Course, Runs, on_grid
from osteon.validation.target import YEAR, Measure, Scenario


@dataclass
class Reading:
    """An observed number and the course behind it."""

    observed: float
    x: np.ndarray | None = None
    y: np.ndarray | None = None
    xlabel: str = ""
    ylabel: str = ""
    at: float | None = None
    y_expected_scale: float = 1.0  # the published value, multiplied by this, is drawn at ``at``


def _x(c: Course, axis: str) -> tuple[np.ndarray, str]:
    if axis == "age":
        if c.age is None:
            raise InputError("an age-axis reading needs a model with age_years")
        return c.age, "age (years)"
    return c.times / YEAR, "time (years)"


def _on(c: Course, ref: Course, name: str) -> np.ndarray:
    """``ref``'s ``name`` on ``c``'s save times."""
    return np.interp(c.times, ref.times, ref.series(name))


def _divide(num: float, den: float, what: str, name: str, where: str) -> float:
    """``num / den`` for a relative reading ``what`` of ``name``; where ``den``, the value of
    ``name`` it is relative to (at ``where``), is 0 the reading is undefined: an
    :class:`InputError` says so (a ZeroDivisionError said only 'float division by zero')."""
    if den == 0.0:
        raise InputError(f"a {what} reading of {name} is undefined: {name} is 0 {where}, so "
                         f"nothing can be relative to it (a drug's level is 0 before its first "
                         f"dose); read its 'value' instead")
    return num / den


def _relative(y: np.ndarray, ref: np.ndarray | float) -> np.ndarray:
    """``100·(y/ref − 1)`` for the plot's curve: inf or nan where ``ref`` is 0, without the
    division warning (the reading itself is checked by :func:`_divide`)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return 100.0 * (y / ref - 1.0)


def read(measure: Measure, scenario: Scenario, runs: Runs) -> Reading:
    """The observed number of ``measure`` in ``scenario``."""
    if measure.kind == "named":
        fn = READERS.get(measure.name)
        if fn is None:
            raise InputError(f"measure name must be one of {', '.join(sorted(READERS))}; got "
                             f"{measure.name!r}")
        return fn(runs, scenario, **dict(measure.args))
    c = runs.course(scenario.arm, scenario.duration)
    name, ax = measure.observable, measure.axis
    x, xlabel = _x(c, ax)
    scale = 1.0 if ax == "age" else 1.0 / YEAR
    at = measure.at * scale
    if measure.kind == "value":
        return Reading(c.at(name, measure.at, ax), x, c.series(name), xlabel, name, at)
    unit = "y of age" if ax == "age" else "days"
    start = f"at the start ({measure.start:g} {unit})"
    if measure.kind == "change":
        y0 = c.at(name, measure.start, ax)
        span = (measure.at - measure.start) / (1.0 if ax == "age" else YEAR)
        per = span if measure.per_year else 1.0
        obs = 100.0 * (_divide(c.at(name, measure.at, ax), y0, "% change", name, start)
                       - 1.0) / per
        label = f"{name}, % change from {measure.start * scale:g}"
        return Reading(obs, x, _relative(c.series(name), y0), xlabel, label, at, per)
    if scenario.control is None:
        raise InputError(f"a {measure.kind!r} measure needs a scenario with a control arm")
    k = runs.course(scenario.control, scenario.duration)
    ctrl = _on(c, k, name)
    if measure.kind == "vs_control":
        obs = 100.0 * (_divide(c.at(name, measure.at, ax), k.at(name, measure.at, ax),
                               "% vs control", name,
                               f"in the control arm at {measure.at:g} {unit}") - 1.0)
        return Reading(obs, x, _relative(c.series(name), ctrl), xlabel,
                       f"{name}, % vs control", at)
    y0, k0 = c.at(name, measure.start, ax), k.at(name, measure.start, ax)
    obs = 100.0 * (_divide(c.at(name, measure.at, ax), y0, "points vs control", name,
                           f"in the arm {start}")
                   - _divide(k.at(name, measure.at, ax), k0, "points vs control", name,
                             f"in the control arm {start}"))
    return Reading(obs, x, _relative(c.series(name), y0) - _relative(ctrl, k0), xlabel,
                   f"{name}, points vs control", at)


# ---------------------------------------------------------------------------------- readers
Reader = Callable[..., Reading]
READERS: dict[str, Reader] = {}


def reader(fn: Reader) -> Reader:
    READERS[fn.__name__] = fn
    return fn


@reader
def loss_share_before_age(runs: Runs, s: Scenario, *, state: str, age: float,
                          end: float) -> Reading:
    """Share (%) of the loss of ``state`` from its young value to ``end`` that happens before
    ``age`` (NH4: trabecular bone loses early, cortical late)."""
    c = runs.course(s.arm, s.duration)
    y = c.series(state)
    y_young = float(y[0])
    lost = y_young - c.at(state, end, "age")
    if lost <= 0:
        raise InputError(f"{state} does not fall by age {end:g}; no share of loss to read")
    share = 100.0 * (y_young - c.at(state, age, "age")) / lost
    return Reading(share, c.age, 100.0 * (y_young - y) / lost, "age (years)",
                   f"% of the loss of {state} by {end:g}", age)


@reader
def trabecular_minus_cortical_share(runs: Runs, s: Scenario, *, age: float,
                                    end: float) -> Reading:
    """Trabecular minus cortical share (points) of lifetime loss before ``age`` (NH4 order)."""
    t = loss_share_before_age(runs, s, state="bone_trabecular", age=age, end=end)
    c = loss_share_before_age(runs, s, state="bone_cortical", age=age, end=end)
    return Reading(t.observed - c.observed, t.x, None if t.y is None or c.y is None
                   else t.y - c.y, t.xlabel, "trabecular minus cortical share (points)", age)


@reader
def peak_vs_control(runs: Runs, s: Scenario, *, observable: str, start: float,
                    end: float) -> Reading:
    """Largest 100·(arm/control − 1) of ``observable`` between ``start`` and ``end`` (days)."""
    return _extreme_vs_control(runs, s, observable, start, end, np.max)


@reader
def peak(runs: Runs, s: Scenario, *, observable: str, start: float, end: float) -> Reading:
    """Largest value of ``observable`` in the arm between ``start`` and ``end`` (days), in its
    own unit (a serum level's maximum after a dose)."""
    c = runs.course(s.arm, s.duration)
    y = c.series(observable)
    # the regular grid only, so that the reading does not depend on the targets run beside it
    window = (on_grid(c.times, s.duration) & (c.times >= start - 1e-9)
              & (c.times <= end + 1e-9))
    if not window.any():
        raise InputError(f"no saved time between {start:g} and {end:g} days")
    i = int(np.flatnonzero(window)[int(np.argmax(y[window]))])
    return Reading(float(y[i]), c.times / YEAR, y, "time (years)", observable,
                   float(c.times[i] / YEAR))


@reader
def area(runs: Runs, s: Scenario, *, observable: str, start: float, end: float) -> Reading:
    """Area under ``observable`` in the arm from ``start`` to ``end`` (days): its unit times
    days (trapezoids on the regular save grid, the ends interpolated)."""
    c = runs.course(s.arm, s.duration)
    y = c.series(observable)
    inner = on_grid(c.times, s.duration) & (c.times > start) & (c.times < end)
    t = np.concatenate(([start], c.times[inner], [end]))
    v = np.concatenate(([c.at(observable, start)], y[inner], [c.at(observable, end)]))
    # the plot draws the area from ``start`` to each time (the same trapezoids), so that the
    # published area sits on a curve of its own quantity, not on the level's
    running = np.concatenate(([0.0], np.cumsum(0.5 * (v[1:] + v[:-1]) * np.diff(t))))
    return Reading(float(np.trapezoid(v, t)), t / YEAR, running, "time (years)",
                   f"area under {observable}", float(end / YEAR))


@reader
def nadir_vs_control(runs: Runs, s: Scenario, *, observable: str, start: float,
                     end: float) -> Reading:
    """Lowest 100·(arm/control − 1) of ``observable`` between ``start`` and ``end`` (days)."""
    return _extreme_vs_control(runs, s, observable, start, end, np.min)


def _extreme_vs_control(runs: Runs, s: Scenario, name: str, start: float, end: float,
                        pick: Callable[[np.ndarray], Any]) -> Reading:
    if s.control is None:
        raise InputError("a reading against control needs a scenario with a control arm")
    c = runs.course(s.arm, s.duration)
    k = runs.course(s.control, s.duration)
    rel = 100.0 * (c.series(name) / _on(c, k, name) - 1.0)
    window = (c.times >= start - 1e-9) & (c.times <= end + 1e-9)
    if not window.any():
        raise InputError(f"no saved time between {start:g} and {end:g} days")
    value = float(pick(rel[window]))
    i = int(np.flatnonzero(window)[int(np.argmax(rel[window] == value))])
    return Reading(value, c.times / YEAR, rel, "time (years)", f"{name}, % vs control",
                   float(c.times[i] / YEAR))


@reader
def change_difference(runs: Runs, s: Scenario, *, first: str, second: str,
                      at: float) -> Reading:
    """% change of ``first`` minus % change of ``second`` from 0 to ``at`` days, both against
    the control arm at ``at`` (e.g. formation falls more than resorption: P1NP minus CTX)."""
    if s.control is None:
        raise InputError("a reading against control needs a scenario with a control arm")
    c = runs.course(s.arm, s.duration)
    k = runs.course(s.control, s.duration)
    rel = {n: _relative(c.series(n), _on(c, k, n)) for n in (first, second)}
    where = f"in the control arm at {at:g} days"
    obs = 100.0 * (_divide(c.at(first, at), k.at(first, at), "% vs control", first, where)
                   - _divide(c.at(second, at), k.at(second, at), "% vs control", second, where))
    return Reading(obs, c.times / YEAR, rel[first] - rel[second], "time (years)",
                   f"{first} minus {second}, % vs control", at / YEAR)


@reader
def site_loss_ratio(runs: Runs, s: Scenario, *, numerator: str, denominator: str,
                    at: float) -> Reading:
    """Ratio of the % losses vs control of two sites at ``at`` days (PHPT: cortical sites lose
    more than the spine, so femoral neck / lumbar spine > 1)."""
    a = read(Measure("vs_control", numerator, at), s, runs)
    b = read(Measure("vs_control", denominator, at), s, runs)
    if b.observed >= 0:
        raise InputError(f"{denominator} does not fall vs control; the ratio of losses is "
                         "undefined")
    # the plot: the same ratio at each time, left out where the denominator's loss is under a
    # tenth of its loss at ``at`` (at the start neither has lost, and a ratio over a loss near
    # 0 runs off to hundreds and hides the reading)
    ratio = None
    if a.y is not None and b.y is not None:
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(b.y < 0.1 * b.observed, a.y / b.y, np.nan)
    return Reading(a.observed / b.observed, a.x, ratio, a.xlabel,
                   f"{numerator} loss / {denominator} loss", at / YEAR)


@reader
def regained_fraction(runs: Runs, s: Scenario, *, observable: str, low: float,
                      end: float) -> Reading:
    """Fraction (%) of the loss vs control at ``low`` days regained by ``end`` days."""
    lost = -read(Measure("vs_control", observable, low), s, runs).observed
    later = read(Measure("vs_control", observable, end), s, runs)
    if lost <= 0:
        raise InputError(f"{observable} is not below control at {low:g} days")
    # the plot's curve is the share regained by each time from ``low`` on (0 at ``low``), the
    # quantity of the published bound, not the % vs control it is computed from
    assert later.x is not None  # a vs_control reading always carries its course
    after = later.x >= low / YEAR - 1e-12
    return Reading(100.0 * (lost + later.observed) / lost, later.x[after],
                   None if later.y is None else 100.0 * (lost + later.y[after]) / lost,
                   later.xlabel, f"% of the loss at day {low:.0f} regained", end / YEAR)


@reader
def first_half_share(runs: Runs, s: Scenario, *, observable: str, at: float) -> Reading:
    """Share (%) of the loss vs control at ``at`` days that happened in its first half (loss
    fastest early: > 50)."""
    whole = read(Measure("vs_control", observable, at), s, runs)
    half = read(Measure("vs_control", observable, at / 2), s, runs)
    if whole.observed >= 0:
        raise InputError(f"{observable} does not fall vs control by {at:g} days")
    # the plot's curve is the share of the loss at ``at`` reached by each time (100 at ``at``),
    # the quantity of the published bound, not the % vs control it is computed from
    return Reading(100.0 * half.observed / whole.observed, whole.x,
                   None if whole.y is None else 100.0 * whole.y / whole.observed, whole.xlabel,
                   f"% of the loss at day {at:.0f}", at / 2 / YEAR)


@reader
def change_vs_control_increment(runs: Runs, s: Scenario, *, observable: str) -> Reading:
    """100·(Δarm/Δcontrol − 1): the arm's increase of ``observable`` over the scenario against
    the control's (e.g. calcification progression on a drug vs placebo)."""
    if s.control is None:
        raise InputError("a reading against control needs a scenario with a control arm")
    c = runs.course(s.arm, s.duration)
    k = runs.course(s.control, s.duration)
    dk = k.at(observable, s.duration) - k.at(observable, 0.0)
    if dk <= 0:
        raise InputError(f"{observable} does not rise in the control arm")
    obs = 100.0 * ((c.at(observable, s.duration) - c.at(observable, 0.0)) / dk - 1.0)
    # the plot: the same reading from the start to each time (where the control has risen),
    # so that it ends at the observed value, where the published one is drawn
    rise = _on(c, k, observable) - k.at(observable, 0.0)
    up = rise > 0
    running = 100.0 * ((c.series(observable)[up] - c.at(observable, 0.0)) / rise[up] - 1.0)
    return Reading(obs, c.times[up] / YEAR, running, "time (years)",
                   "rise vs control's rise, %", s.duration / YEAR)


@reader
def fracture_rr(runs: Runs, s: Scenario, *, outcome: str, sex: str = "female") -> Reading:
    """Relative risk of ``outcome`` fractures over the scenario, arm vs control: the ratio of
    the hazards of :mod:`osteon.readouts.fracture` integrated over the trial, each arm with its
    own femoral-neck BMD (gradient of risk; the lumbar spine's for the vertebral outcome), serum
    CTX (the graded turnover term) and tissue quality; the other risk factors are shared by both
    arms and cancel."""
    if s.control is None:
        raise InputError("a fracture relative risk needs a scenario with a control arm")
    hazards = []
    curves = []
    t0 = None
    for a in (s.arm, s.control):
        c = runs.course(a, s.duration)
        keep = on_grid(c.times, s.duration)
        t, h = c.times[keep], _fracture_hazard_course(c, outcome, sex)[keep]
        t0 = t if t0 is None else t0
        hazards.append(float(np.sum(0.5 * (h[1:] + h[:-1]) * np.diff(t))))
        curves.append(np.interp(t0, t, h))
    # the plot: the ratio of the hazards integrated from the start to each time, which at the
    # end is the reading (the instantaneous ratio, drawn before, is not the published RR)
    assert t0 is not None
    cum = [np.cumsum(0.5 * (h[1:] + h[:-1]) * np.diff(t0)) for h in curves]
    return Reading(hazards[0] / hazards[1], t0[1:] / YEAR, cum[0] / cum[1], "time (years)",
                   f"{outcome} RR (hazards from 0)", float(t0[-1] / YEAR))


@reader
def fracture_rate_ratio(runs: Runs, s: Scenario, *, outcome: str, on_start: float,
                        on_end: float, off_start: float, off_end: float,
                        sex: str = "female") -> Reading:
    """Within the arm: the mean ``outcome`` fracture hazard from ``off_start`` to ``off_end``
    (days) over its mean from ``on_start`` to ``on_end`` (e.g. off treatment vs on treatment),
    with the hazard of :func:`fracture_rr` (BMD, serum CTX, tissue quality, attained age)."""
    c = runs.course(s.arm, s.duration)
    keep = on_grid(c.times, s.duration)
    h = _fracture_hazard_course(c, outcome, sex)[keep]
    t = c.times[keep]

    def mean(lo: float, hi: float) -> float:
        if not (t[0] <= lo < hi <= t[-1] + 1e-9):
            raise InputError(f"a fracture rate window must lie within the scenario (0 to "
                             f"{t[-1]:g} d); got {lo:g} to {hi:g} d")
        grid = np.linspace(lo, hi, 200)
        return float(np.trapezoid(np.interp(grid, t, h), grid) / (hi - lo))

    base = mean(on_start, on_end)
    # the plot: the mean hazard from ``off_start`` to each later time over the on-treatment
    # mean, which at ``off_end`` is the reading (the instantaneous hazard, drawn before, is not)
    x = np.append(t[(t > off_start + 1e-9) & (t < off_end - 1e-9)], off_end)
    running = np.array([mean(off_start, hi) for hi in x]) / base
    return Reading(mean(off_start, off_end) / base, x / YEAR, running, "time (years)",
                   f"{outcome}: mean hazard from day {off_start:.0f} / on-treatment",
                   off_end / YEAR)


def _fracture_hazard_course(c: Any, outcome: str, sex: str) -> np.ndarray:
    """The ``outcome`` fracture hazard (1/year) along course ``c``: its femoral-neck and
    lumbar-spine BMD as Z-scores, its serum CTX (its value at the start taken as the
    pre-treatment level) and its tissue quality."""
    from osteon.readouts import densitometry as dxa
    from osteon.readouts import fracture as fx
    from osteon.readouts import markers as mk

    if c.age is None:
        raise InputError("a fracture hazard needs a model with age_years")
    t_fn = np.asarray(dxa.t_score(c.series("bmd_femoral_neck"), "femoral_neck"))
    z = fx.femoral_neck_z_score(t_fn, c.age, sex)
    t_ls = np.asarray(dxa.t_score(c.series("bmd_lumbar_spine"), "lumbar_spine"))
    z_ls = fx.lumbar_spine_z_score(t_ls, c.age, sex)
    mult = c.series("tissue_fracture_rr") if "tissue_fracture_rr" in c.values else 1.0
    ctx = np.asarray(mk.on_assay(c.series("ctx") / _parameter(c, "ctx_young"), "CTX"))
    # the arm's CTX at the start is its pre-treatment level: the hip and forearm-humerus parts
    # are credited with a fall of CTX only down to 40 % of it (fracture.credited_ctx)
    return np.asarray(fx.fracture_hazard(c.age, sex, outcome, z_score=z, spine_z_score=z_ls,
                                         ctx=ctx, multiplier=mult, ctx_baseline=ctx[0]))


def _parameter(c: Any, name: str) -> float:
    """The value of parameter ``name`` in the (single-subject) simulation behind ``c``."""
    pars = c.result.parameters
    if name not in pars.columns:
        raise InputError(f"this reading needs the model parameter {name!r}")
    return float(pars[name].iloc[0])


@reader
def surrogate_fracture_rr(runs: Runs, s: Scenario, *, outcome: str) -> Reading:
    """The trial's relative risk of ``outcome`` (vertebral or hip) predicted from its total-hip
    BMD difference at the end (arm change minus control change, points) by the FNIH
    meta-regression (:mod:`osteon.readouts.trial_surrogate`)."""
    from osteon.readouts import trial_surrogate as ts

    diff = read(Measure("points_vs_control", "bmd_total_hip", s.duration), s, runs)
    curve = None if diff.y is None else ts.expected_rr(diff.y, outcome)
    return Reading(ts.expected_rr(diff.observed, outcome), diff.x, curve, diff.xlabel,
                   f"{outcome} fracture RR from the total-hip BMD difference",
                   s.duration / YEAR)


@reader
def slope(runs: Runs, s: Scenario, *, observable: str, start: float, end: float) -> Reading:
    """Mean rate of change of ``observable`` (its unit per year) between ages ``start`` and
    ``end``."""
    c = runs.course(s.arm, s.duration)
    y0 = c.at(observable, start, "age")
    rate = (c.at(observable, end, "age") - y0) / (end - start)
    x, xlabel = _x(c, "age")
    # the plot: the mean rate from ``start`` to each later age, which at ``end`` is the reading
    # (the level, drawn before, is not the published rate)
    after = x > start + 1e-9
    running = (c.series(observable)[after] - y0) / (x[after] - start)
    return Reading(rate, x[after], running, xlabel,
                   f"mean rate from age {start:g} (/y)", end)


@reader
def difference_vs_control(runs: Runs, s: Scenario, *, observable: str, at: float) -> Reading:
    """Arm minus control of ``observable`` at ``at`` days, in its own unit."""
    if s.control is None:
        raise InputError("a reading against control needs a scenario with a control arm")
    c = runs.course(s.arm, s.duration)
    k = runs.course(s.control, s.duration)
    obs = c.at(observable, at) - k.at(observable, at)
    return Reading(obs, c.times / YEAR, c.series(observable) - _on(c, k, observable),
                   "time (years)", f"{observable}, arm minus control", at / YEAR)
