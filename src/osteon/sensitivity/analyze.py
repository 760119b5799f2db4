"""Running a sensitivity problem: SALib samples, one simulation per sample (spread over
``n_jobs`` processes), SALib indices per output and time, a ranked table and a figure.

A sample whose simulation fails stops the analysis (no further run is started) with a
:class:`SensitivityError` naming the sample and reason: Sobol and Morris indices need every run,
and a failed run is never turned into a number. What the runs warn of is reported once per
warning, with the number of runs that gave it (:class:`osteon._tally.Tally`).

Every parameter's index is also read as a change of the output, in the output's unit (its
``effect``: Morris's mean |change| over the trajectories' steps, mu* x delta; for Sobol the
root-mean-square change when the parameter alone is redrawn, sqrt(2 ST Var)), and compared
with the output's numerical ``floor``: the change the solver resolves, its relative tolerance
times the output's largest magnitude over the runs (plus its absolute tolerance where the output
is a state). A parameter whose effect is at most the floor has no effect the simulations can
tell from rounding: it is reported as ``below_floor``, listed after the ranked parameters and
left unranked (an output that depends on one parameter gave the others Morris mu* of 1e-13,
round-off, which used to be ranked first).
"""

from __future__ import annotations

import itertools
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from osteon._tally import Tally, recording
from osteon.engines.options import Solver
from osteon.errors import InputError, OsteonError, OsteonWarning
from osteon.parallel import capped_workers, process_pool
from osteon.sensitivity.problem import SCALES, SensitivityProblem, check_factors, time_label
from osteon.units import as_whole, shown

#: the indices each method reports, and the one tables are ranked by
INDICES = {"sobol": ("ST", "S1"), "morris": ("mu_star", "sigma", "mu")}
RANK_BY = {"sobol": "ST", "morris": "mu_star"}
#: how far a Sobol index (its point estimate) may leave [0, 1] before analyze() warns, as a
#: share of the output's variance. An assumption, not a published bound: 0.05 changes no reading
#: of a ranking (such an index reads as 0 or 1), and it spares the README's own example (n=64,
#: a woman from 50: ctx's igf1_gain S1 -0.0033 ± 0.0014, an index of 0), while n=2 gave ST 11.4
IMPOSSIBLE_MARGIN = 0.05
#: the solver of every run (the defaults of :func:`osteon.simulate`: rtol 1e-6, atol 1e-8 of each
#: state's scale); the numerical floor is read from its tolerances
SOLVER = Solver()
#: the words a parameter below the numerical floor is reported with
NO_EFFECT = "no effect (below numerical floor)"


class SensitivityError(OsteonError):
    """Some samples of a sensitivity analysis could not be simulated."""


def _salib():
    try:
        import SALib  # noqa: F401
    except ImportError:  # pragma: no cover - depends on the installation
        raise InputError("sensitivity analysis needs SALib: pip install 'osteon[sensitivity]'"
                         ) from None


def sample(problem: SensitivityProblem) -> np.ndarray:
    """The parameter samples (runs x factors) of ``problem``'s method."""
    _salib()
    if problem.method == "sobol":
        from SALib.sample import sobol

        return sobol.sample(problem.salib(), problem.n, calc_second_order=False,
                            seed=problem.seed)
    from SALib.sample import morris

    return morris.sample(problem.salib(), problem.n, num_levels=problem.num_levels,
                         seed=problem.seed)


def _simulate_chunk(problem: SensitivityProblem, rows: np.ndarray, first: int
                    ) -> tuple[np.ndarray, list[str], Tally]:
    """Simulate ``rows`` of samples; outputs (rows x outputs x times), failures and the
    warnings of the runs (each distinct one with the number of runs that gave it)."""
    from osteon.conditions import parameter_overrides
    from osteon.simulation import simulate

    cond_names = set()
    if problem.conditions:
        from osteon import conditions as cond

        cond_names = {q.name for c in cond.courses(list(problem.conditions))
                      for q in c.condition.parameters}
    names = [f.name for f in problem.factors]
    times = np.asarray(problem.times, float)
    save = np.unique(np.concatenate([[0.0], times]))
    idx = np.searchsorted(save, times)
    out = np.full((len(rows), len(problem.outputs), len(times)), np.nan)
    failures = []
    warned = Tally()
    for i, row in enumerate(rows):
        values = dict(zip(names, (float(x) for x in row), strict=True))
        model_values = {k: v for k, v in values.items() if k not in cond_names}
        cond_values = {k: v for k, v in values.items() if k in cond_names}
        said: list[str] = []
        try:
            with recording() as said, parameter_overrides(cond_values):
                r = simulate(problem.model, problem.regimen, patient=problem.patient,
                             parameters=model_values,
                             conditions=list(problem.conditions) or None,
                             duration=problem.duration, save=save, solver=SOLVER)
                for j, name in enumerate(problem.outputs):  # a former name: warned at the check
                    out[i, j] = np.asarray(r[name][0])[idx]
        except Exception as exc:
            failures.append(f"sample {first + i} ({', '.join(f'{k}={v:.4g}' for k, v in values.items())}): "
                            f"{type(exc).__name__}: {exc}")
        warned.add(said)
        if failures:  # the analysis stops: the rest of the chunk is not run
            break
    return out, failures, warned


def _simulate_chunk_packed(a: tuple) -> tuple[np.ndarray, list[str], Tally]:
    return _simulate_chunk(*a)


@dataclass
class SensitivityResult:
    """Indices in long form: ``indices`` has columns output, time (days), parameter, index
    (ST/S1 or mu_star/sigma/mu), value and conf (the 95 % confidence half-width: SALib's
    bootstrap for ST, S1 and mu*; for Morris's sigma and mu, a bootstrap of the trajectories'
    elementary effects in the same way, :func:`_morris_confidence`), and the
    parameter's effect on the output in the output's unit (``effect``), the output's numerical
    floor (``floor``) and whether the effect is at most the floor (``below_floor``: no effect
    the simulations resolve; see the module's text)."""

    problem: SensitivityProblem
    indices: pd.DataFrame
    n_runs: int
    seconds: float
    #: what the analysis warned of (also issued as :class:`~osteon.errors.OsteonWarning`): each
    #: distinct warning of the runs once, 'in 6 of 8 runs: ...', and an impossible index
    warnings: list[str] = field(default_factory=list)
    #: each output's unit (a marker's with its assay scale: 'ng/mL (Roche Elecsys scale)'),
    #: which Morris's indices are in (per the parameter's range); empty for a hand-built result
    units: dict[str, str] = field(default_factory=dict)

    def table(self, output: str | None = None, time: float | None = None) -> pd.DataFrame:
        """The indices of one output at one time, one row per parameter, ranked (ST for Sobol,
        mu* for Morris), with the factor's range and scale. Parameters whose effect is below the
        output's numerical floor (``below_floor``) follow the ranked ones, by name, with no rank
        (NA)."""
        output = output or self.problem.outputs[0]
        time = self.problem.times[0] if time is None else time
        if output not in self.problem.outputs:
            raise InputError(f"output must be one of {list(self.problem.outputs)}; got "
                             f"{output!r}")
        if time not in self.problem.times:
            raise InputError(f"time must be one of {list(self.problem.times)} days; got {time!r}")
        d = self.indices[(self.indices.output == output) & (self.indices.time == time)]
        wide = d.pivot(index="parameter", columns="index", values="value")
        conf = d.pivot(index="parameter", columns="index", values="conf").add_suffix("_conf")
        tab = wide.join(conf)
        cols = [c for k in INDICES[self.problem.method] for c in (k, f"{k}_conf")]
        tab = tab[cols]
        if "below_floor" in d.columns:  # (a result built by hand may lack the floor)
            per = d.groupby("parameter")[["effect", "floor", "below_floor"]].first()
            tab = tab.join(per)
            tab["below_floor"] = tab["below_floor"].astype(bool)
        else:
            tab["effect"], tab["floor"], tab["below_floor"] = np.nan, np.nan, False
        key = RANK_BY[self.problem.method]
        ranked = tab[~tab["below_floor"]].sort_values(key, ascending=False)
        tab = pd.concat([ranked, tab[tab["below_floor"]].sort_index()])
        ranges = {f.name: (f.lower, f.upper, f.scale) for f in self.problem.factors}
        tab.insert(0, "low", [ranges[p][0] for p in tab.index])
        tab.insert(1, "high", [ranges[p][1] for p in tab.index])
        tab.insert(2, "scale", [ranges[p][2] for p in tab.index])
        tab.insert(0, "rank", pd.array(list(range(1, len(ranked) + 1))
                                       + [pd.NA] * (len(tab) - len(ranked)), dtype="Int64"))
        return tab

    def summary(self, left_out: dict[str, str] | None = None,
                indices: bool = False) -> dict[str, Any]:
        """What was analysed and how, as ``summary.json`` under ``osteon sensitivity --out``
        holds it (and ``--json`` prints it, with ``indices``): the model and scenario, the method,
        n, seed and runs, each factor's range and scale, each output's unit, the times, the
        factors left out (``left_out``: name -> why, from
        :func:`~osteon.sensitivity.leave_out_inert`), the warnings, and per output and time the
        parameters ranked and those of no effect, as :meth:`table` orders them. With
        ``indices``, every row of :attr:`indices` (``indices.csv``) too. indices.csv alone
        named no model, scenario, seed or range, so a run could not be read or repeated."""
        from osteon import __version__

        p = self.problem
        ranking = []
        for o in p.outputs:
            for t in p.times:
                tab = self.table(o, t)
                ranking.append({"output": o, "time_days": t, "time": time_label(t),
                                "ranked": [str(n) for n in tab.index[tab["rank"].notna()]],
                                "no_effect": [str(n) for n in tab.index[tab["below_floor"]]]})
        out: dict[str, Any] = {
            "osteon_version": __version__, "model": p.model, "patient": p.patient,
            "regimen": p.regimen, "conditions": list(p.conditions), "method": p.method,
            "n": p.n, "seed": p.seed,
            **({"num_levels": p.num_levels} if p.method == "morris" else {}),
            "n_runs": self.n_runs, "seconds": round(self.seconds, 3),
            "ranked_by": RANK_BY[p.method],
            "factors": [{"name": f.name, "lower": f.lower, "upper": f.upper, "scale": f.scale}
                        for f in p.factors],
            "left_out": dict(left_out or {}),
            "outputs": {o: self.units.get(o) for o in p.outputs},
            "times_days": list(p.times), "ranking": ranking, "warnings": list(self.warnings)}
        if indices:
            rows = self.indices.astype(object).where(self.indices.notna(), None)
            out["indices"] = rows.to_dict(orient="records")
        return out

    def to_xarray(self):
        """The indices as an xarray Dataset over (output, time, parameter), one variable per
        index and one per confidence half-width."""
        import xarray as xr

        d = self.indices.set_index(["output", "time", "parameter", "index"])
        ds = xr.Dataset({"value": d["value"].to_xarray(), "conf": d["conf"].to_xarray()})
        return ds

    def plot(self, path: str | Path, output: str | None = None) -> Path:
        """A figure: bars of the ranking index (with its confidence) for ``output`` at each
        time, parameters ranked at the last time."""
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        output = output or self.problem.outputs[0]
        key = RANK_BY[self.problem.method]
        last = self.table(output, self.problem.times[-1])
        order = list(last.index)
        fig, ax = plt.subplots(figsize=(7.5, 0.35 * len(order) + 1.8))
        nt = len(self.problem.times)
        h = 0.8 / nt
        for k, t in enumerate(self.problem.times):
            tab = self.table(output, t).reindex(order)
            # an index below the numerical floor is drawn as none (it is rounding)
            none = tab["below_floor"].to_numpy(bool)
            y = np.arange(len(order)) + k * h
            ax.barh(y, np.where(none, 0.0, tab[key]), height=h,
                    xerr=np.where(none, 0.0, tab[f"{key}_conf"].fillna(0.0)),
                    label=time_label(t), capsize=2)
            if self.problem.method == "sobol":
                ax.scatter(np.where(none, 0.0, tab["S1"]), y, color="k", s=10, zorder=3,
                           label="S1 (first order)" if k == 0 else None)
        ax.set_yticks(np.arange(len(order)) + 0.4 - h / 2,
                      [f"{p} (no effect)" if b else p
                       for p, b in zip(order, last["below_floor"], strict=True)])
        ax.invert_yaxis()
        ax.set_xlabel(_axis_label(key, output, self.units.get(output)))
        ax.set_title(_figure_title(self.problem, output), fontsize=10)
        ax.legend(fontsize=8)
        fig.tight_layout()
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(path, dpi=120)
        plt.close(fig)
        return path


def _axis_label(key: str, output: str, unit: str | None) -> str:
    """The x label of a figure ranked by ``key``: Sobol's indices are shares of the variance;
    Morris's mu* is a change of ``output`` in its unit per the parameter's whole range (SALib's
    elementary effect: the change over a step of the range, divided by the step as a fraction
    of it)."""
    if key == "ST":
        return "total-order Sobol index ST, share of the variance (dots: first-order S1)"
    per = f"{unit} per the parameter's range" if unit else "per the parameter's range"
    return f"Morris mu* (mean |elementary effect| on {output}),\n{per}"


def _figure_title(problem: SensitivityProblem, output: str) -> str:
    """The figure's title: the model, the output and the scenario it was varied in (the
    prescription, patient and conditions), so a figure read alone says what it ranks."""
    scenario = [x for x in (problem.regimen, problem.patient, *problem.conditions) if x]
    return (f"{problem.model}: sensitivity of {output} ({problem.method}, n={problem.n})"
            + (f"\n{'; '.join(scenario)}" if scenario else ""))


def output_units(problem: SensitivityProblem) -> dict[str, str]:
    """Each output's unit as a run's :attr:`osteon.Result.units` gives it (a marker's with its
    assay scale)."""
    from osteon.readouts.markers import unit_on_scale
    from osteon.result import model_scales

    spec = _spec(problem)
    scales = model_scales(spec)
    out = {}
    for o in problem.outputs:
        name = spec.renamed.get(o, o)  # a former name: warned at the check
        unit = spec.unit_of(name)
        out[o] = unit_on_scale(unit, scales[name]) if name in scales else unit
    return out


def analyze(problem: SensitivityProblem, *, n_jobs: int = -1,
            progress: Callable[[int, int], None] | None = None) -> SensitivityResult:
    """Sample, simulate and compute the indices of ``problem``; ``n_jobs`` processes
    (``-1``: all cores; more than the cores is warned of and runs on the cores)."""
    _salib()
    given, n_jobs = n_jobs, as_whole(n_jobs)
    if n_jobs is None or n_jobs == 0 or n_jobs < -1:
        raise InputError(f"n_jobs must be a whole number >= 1 or -1 (all cores); got "
                         f"{shown(given)}")
    check(problem)
    jobs = _workers(n_jobs)
    t0 = time.perf_counter()
    X = sample(problem)
    chunks = _chunks(len(X), jobs * 4)
    jobs = min(jobs, len(chunks))  # a pool starts every worker at once, used or not
    Y = np.empty((len(X), len(problem.outputs), len(problem.times)))
    failures: list[str] = []
    warned = Tally()
    done = 0
    args = [(problem, X[a:b], a) for a, b in chunks]
    # a failed run stops the analysis: no further chunk is started (the indices need every
    # run, so the rest of a 544-run design would be spent for nothing)
    if jobs == 1:
        for (a, b), arg in zip(chunks, args, strict=True):
            y, f, w = _simulate_chunk_packed(arg)
            Y[a:b] = y
            failures += f
            warned.merge(w)
            done += w.n
            if progress is not None:
                progress(done, len(X))
            if failures:
                break
    else:
        pool = process_pool(jobs)
        try:
            futures = [pool.submit(_simulate_chunk_packed, arg) for arg in args]
            for (a, b), fut in zip(chunks, futures, strict=True):
                y, f, w = fut.result()
                Y[a:b] = y
                failures += f
                warned.merge(w)
                done += w.n
                if progress is not None:
                    progress(done, len(X))
                if failures:
                    break
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
    said = warned.lines("runs")
    if failures:
        raise SensitivityError(
            f"a sensitivity run failed, so no index can be computed (Sobol and Morris need "
            f"every run): the analysis stopped after {done} of {len(X)} runs; "
            + "; ".join(failures[:3])
            + ("".join(f"; warned {w}" for w in said)))
    for line in said:
        warnings.warn(line, OsteonWarning, stacklevel=2)
    scales = _state_scales(problem)
    rows = []
    for j, out in enumerate(problem.outputs):
        for k, t in enumerate(problem.times):
            floor = numerical_floor(Y[:, j, k], scales.get(out), SOLVER)
            rows += _indices(problem, X, Y[:, j, k], out, t, floor)
    indices = pd.DataFrame(rows)
    if problem.method == "sobol" and (line := _warn_impossible(problem, indices)):
        said.append(line)
    return SensitivityResult(problem, indices, len(X), time.perf_counter() - t0, said,
                             output_units(problem))


def _workers(n_jobs: int) -> int:
    """The processes to run on: ``n_jobs`` (``-1``: every core), at most the machine's cores
    (:func:`osteon.parallel.capped_workers`, which warns of more)."""
    return capped_workers(n_jobs, stacklevel=4)


def _warn_impossible(problem: SensitivityProblem, indices: pd.DataFrame) -> str:
    """Warn (never clip) when a Sobol index lies outside [0, 1] by more than
    :data:`IMPOSSIBLE_MARGIN`, or the first-order indices of an output and time sum above 1 by
    more (:func:`_inconsistent`); the warning's text is returned ('' when none).

    S1 and ST are shares of the output's variance, so they lie in [0, 1]; SALib's estimators
    can leave that range by sampling error, and a small excursion is read as the nearest bound
    (a small negative S1 as 0, as SALib's maintainers advise:
    https://github.com/SALib/SALib/issues/102). One far outside means the base sample is too
    small for the estimate to mean anything, e.g. ST = 4.8 ± 2.7 from n = 2. The point estimate
    decides, not its interval: at a tiny n the bootstrap interval is as wild as the estimate
    (ST = 11.4 ± 25 from n = 2 lies 'inside' it). An index below the numerical floor is a share
    of rounding, not of the output's variance, and is left out (an output that no parameter
    moves gave ST 0.875 ± 5.8 from round-off alone).
    """
    if "below_floor" in indices.columns:
        indices = indices[~indices["below_floor"].astype(bool)]
    m = IMPOSSIBLE_MARGIN
    bad = indices[(indices["value"] > 1 + m) | (indices["value"] < -m)]
    odd = _inconsistent(indices, m)
    if bad.empty and not odd:
        return ""
    heads, items = [], []
    if not bad.empty:
        heads.append(f"{len(bad)} Sobol {'index lies' if len(bad) == 1 else 'indices lie'} "
                     f"outside [0, 1] by more than {m:g}")
        items += [f"{r.output} at {r.time:g} d: {r.parameter} {r['index']} {r.value:.3g} ± "
                  f"{r.conf:.2g}" for _, r in bad.head(4).iterrows()]
        if len(bad) > 4:
            items[-1] += f" (and {len(bad) - 4} more)"
    if odd:
        heads.append(f"the first-order indices of {len(odd)} output"
                     f"{'' if len(odd) == 1 else 's'} and time{'' if len(odd) == 1 else 's'} "
                     f"sum above 1 by more than {m:g} (shares of the output's variance sum to "
                     f"at most 1; Sobol 2001, doi 10.1016/S0378-4754(00)00270-6)")
        items += odd[:4]
        if len(odd) > 4:
            items[-1] += f" (and {len(odd) - 4} more)"
    line = (f"{' and '.join(heads)}, so n={problem.n} base samples ({problem.n_runs} runs) "
            f"are too few for the indices to mean anything: {'; '.join(items)}. Rerun with a "
            f"larger n (--samples), e.g. {max(4 * problem.n, 64)}")
    warnings.warn(line, OsteonWarning, stacklevel=3)
    return line


def _inconsistent(indices: pd.DataFrame, margin: float) -> list[str]:
    """Each output and time of ``indices`` whose first-order Sobol indices sum above 1 by more
    than ``margin``, as text: the main effects of independent parameters are parts of the
    output's variance, so their shares sum to at most the whole (Sobol 2001, Math. Comput.
    Simul. 55:271, doi:10.1016/S0378-4754(00)00270-6, the decomposition of the variance), and
    estimates summing above it come from too small a base sample, though each lies in [0, 1]
    (osteon on denosumab, ctx at 1 year, n=8: S1 of 0.525, 0.562, 0.288, 0.225, ... summing to
    1.66, unwarned). An S1 above its ST is as impossible but is not warned of: SALib estimates
    the two with different estimators, whose difference for a parameter without interactions
    (S1 = ST) is noise of either sign (pivonka2008, 3 parameters, n=64: S1 0.719 beside ST
    0.658) and says nothing about the ranking."""
    out = []
    for (o, t), d in indices.groupby(["output", "time"], sort=False):
        s1 = d.loc[d["index"] == "S1", "value"]
        if (total := float(s1.sum())) > 1 + margin:
            out.append(f"{o} at {t:g} d: the {len(s1)} S1 sum to {total:.3g}")
    return out


def numerical_floor(y: np.ndarray, scale: float | None, solver: Solver) -> float:
    """The smallest change of an output (in its unit) the runs resolve: ``solver.rtol`` times
    the output's largest magnitude over the runs ``y``, plus ``solver.atol`` times the state's
    scale where the output is a state (``scale``; an observable has none).

    An assumption, not a derived bound: the solver keeps each step's local error within atol
    + rtol |y| (atol relative to the state's scale, :class:`~osteon.engines.options.Solver`),
    so two runs that differ by less than that may differ by the integration's error alone (the
    global error is not bounded by it, and is often smaller: the round-off seen was 1e-15 of
    the output).
    """
    magnitude = float(np.max(np.abs(y))) if np.size(y) else 0.0
    return solver.rtol * magnitude + (solver.atol * scale if scale is not None else 0.0)


def _effects(problem: SensitivityProblem, y: np.ndarray, s: Any) -> np.ndarray:
    """Each parameter's effect on the output, in the output's unit: Morris's mean |change| of an
    elementary step (mu* x delta, SALib's unscaled elementary effect being change / delta);
    Sobol's root-mean-square change when the parameter alone is redrawn (sqrt(2 ST Var): the
    A and AB_i runs of Saltelli's sample, without second order: A, AB_1..AB_d, B per base
    row)."""
    d = len(problem.factors)
    if problem.method == "morris":
        delta = problem.num_levels / (2.0 * (problem.num_levels - 1))
        return np.asarray(s["mu_star"], dtype=float) * delta
    blocks = y.reshape(-1, d + 2)
    return np.sqrt(np.mean((blocks[:, [0]] - blocks[:, 1:d + 1]) ** 2, axis=0))


#: bootstrap resamples and level of the Morris confidence half-widths: SALib's defaults for
#: mu*'s (``SALib.analyze.morris.analyze``: num_resamples=100, conf_level=0.95)
MORRIS_RESAMPLES, MORRIS_CONF_LEVEL = 100, 0.95


def morris_elementary_effects(problem: SensitivityProblem, X: np.ndarray,
                              y: np.ndarray) -> np.ndarray:
    """The elementary effects (trajectories x parameters) of a Morris sample ``X`` (SALib's,
    in the parameters' units) and its outputs ``y``: along each trajectory of d + 1 points one
    parameter moves by +-delta (delta = levels / (2 (levels - 1)) of its range), and its effect
    is the change of ``y`` over that signed step (Morris 1991, doi:10.1080/00401706.1991.10484804,
    the elementary effect; SALib's unscaled effects, whose mean |.| is its mu*)."""
    d = len(problem.factors)
    lo = np.array([f.lower for f in problem.factors])
    span = np.array([f.upper for f in problem.factors]) - lo
    steps = np.diff(((X - lo) / span).reshape(-1, d + 1, d), axis=1)  # (T, d steps, d factors)
    moved = np.argmax(np.abs(steps), axis=2)  # the factor each step moves
    sign = np.sign(np.take_along_axis(steps, moved[..., None], axis=2)[..., 0])
    delta = problem.num_levels / (2.0 * (problem.num_levels - 1))
    dy = np.diff(y.reshape(-1, d + 1), axis=1)
    ee = np.empty_like(dy)
    ee[np.arange(dy.shape[0])[:, None], moved] = dy / (sign * delta)
    return ee


def _morris_confidence(problem: SensitivityProblem, X: np.ndarray,
                       y: np.ndarray) -> dict[str, np.ndarray]:
    """The 95 % confidence half-widths of Morris's mu and sigma, which SALib does not give (it
    gives mu*'s): the trajectories resampled with replacement, as SALib resamples them for
    mu* (``MORRIS_RESAMPLES`` times), the half-width being z(0.975) times the standard deviation
    of the resampled statistic: the normal interval on the bootstrap standard error (Efron &
    Tibshirani 1993, An Introduction to the Bootstrap, Ch. 6), SALib's for mu*."""
    from scipy.stats import norm

    ee = morris_elementary_effects(problem, X, y)
    n = ee.shape[0]
    rng = np.random.default_rng(problem.seed + 2)
    picks = ee[rng.integers(0, n, size=(MORRIS_RESAMPLES, n))]  # (resamples, n, d)
    z = norm.ppf(0.5 + MORRIS_CONF_LEVEL / 2)
    return {"mu_conf": z * picks.mean(axis=1).std(axis=0, ddof=1),
            "sigma_conf": z * picks.std(axis=1, ddof=1).std(axis=0, ddof=1)}


def _indices(problem: SensitivityProblem, X: np.ndarray, y: np.ndarray, output: str,
             t: float, floor: float = 0.0) -> list[dict[str, Any]]:
    names = [f.name for f in problem.factors]
    if np.ptp(y) == 0:
        # every run gave the same value: no parameter moves this output (SALib would divide by
        # a zero variance)
        keys = INDICES[problem.method]
        return [{"output": output, "time": t, "parameter": n, "index": k, "value": 0.0,
                 "conf": 0.0, "effect": 0.0, "floor": floor, "below_floor": True}
                for n in names for k in keys]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if problem.method == "sobol":
            from SALib.analyze import sobol

            # the bootstrap's seed: SALib's sobol.analyze leaves a seed of 0 unseeded
            s = sobol.analyze(problem.salib(), y, calc_second_order=False,
                              seed=problem.seed + 1, print_to_console=False)
            pairs = {"ST": ("ST", "ST_conf"), "S1": ("S1", "S1_conf")}
        else:
            from SALib.analyze import morris

            s = morris.analyze(problem.salib(), X, y, num_levels=problem.num_levels,
                               seed=problem.seed + 1, print_to_console=False)
            s = {**s, **_morris_confidence(problem, X, y)}
            pairs = {"mu_star": ("mu_star", "mu_star_conf"), "sigma": ("sigma", "sigma_conf"),
                     "mu": ("mu", "mu_conf")}
    effects = _effects(problem, y, s)
    rows = []
    for i, n in enumerate(names):
        for key, (v, c) in pairs.items():
            rows.append({"output": output, "time": t, "parameter": n, "index": key,
                         "value": float(s[v][i]), "conf": float(s[c][i]),
                         "effect": float(effects[i]), "floor": floor,
                         "below_floor": bool(effects[i] <= floor)})
    return rows


def _chunks(n: int, k: int) -> list[tuple[int, int]]:
    edges = np.linspace(0, n, min(n, k) + 1).round().astype(int)
    return [(int(a), int(b)) for a, b in itertools.pairwise(edges) if b > a]


def _spec(problem: SensitivityProblem):
    """The problem's model, with its prescription's drugs."""
    from osteon.library import load

    spec = load(problem.model)
    if problem.regimen:
        from osteon import drugs
        from osteon.dosing import parse

        spec = drugs.compose(spec, parse(problem.regimen).drugs)
    return spec


def _state_scales(problem: SensitivityProblem) -> dict[str, float]:
    """The scale (typical magnitude, which the absolute tolerance is relative to) of each state
    of the problem's model, under its current name and any former name (``ModelSpec.renamed``)."""
    spec = _spec(problem)
    scales = {st.name: st.scale for st in spec.states}
    scales.update({old: scales[new] for old, new in spec.renamed.items() if new in scales})
    return scales


def check(problem: SensitivityProblem) -> None:
    """Raise, before any run, unless each factor is a parameter of the problem (its bounds in
    the parameter's domain) and each output a variable the model reports: what :func:`analyze`
    checks first, for a caller that reports the runs before starting them (the CLI)."""
    check_factors(problem)
    _check_outputs(problem)


def _check_outputs(problem: SensitivityProblem) -> None:
    """Raise unless every output is a variable the model reports."""
    spec = _spec(problem)
    known = set(spec.state_names) | set(spec.observable_names)
    # a former name is read (warned: ModelSpec.current_name), as each run's Result reads it
    bad = [o for o in problem.outputs if o not in known and spec.current_name(o) not in known]
    if bad:
        from osteon.errors import unknown_name

        raise unknown_name(f"output of {problem.model!r}", bad[0], sorted(known))


def parse_factor(text: str) -> tuple[str, float | None, float | None, str]:
    """``"name"``, ``"name=LOW:HIGH"`` or ``"name=LOW:HIGH:log"`` (``:linear``, the default):
    the name, the bounds (``None`` without) and the scale."""
    if "=" not in text:
        return text.strip(), None, None, "linear"
    name, rng = text.split("=", 1)
    parts = rng.split(":")
    scale = "linear"
    if len(parts) == 3 and parts[2].strip() in SCALES:
        scale = parts.pop().strip()
    try:
        lo, hi = (float(x) for x in parts)
    except ValueError:
        raise InputError(f"a factor with bounds is written name=LOW:HIGH, or "
                         f"name=LOW:HIGH:log to sample it on a log scale; got {text!r}"
                         ) from None
    return name.strip(), lo, hi, scale


def factors_from(model: str, texts: Sequence[str] | None, spread: float,
                 regimen: str | None, conditions: Sequence[str]):
    """Factors from ``name`` / ``name=LOW:HIGH`` texts (``None``: the fitted parameters;
    ``["all"]``: every non-zero parameter), each without bounds varied by ±``spread``."""
    from osteon.sensitivity.problem import Factor, default_factors

    if not texts or list(texts) == ["all"]:
        return default_factors(model, list(texts) if texts else None, spread=spread,
                               regimen=regimen, conditions=conditions)
    out = []
    for t in texts:
        name, lo, hi, scale = parse_factor(t)
        if lo is None or hi is None:
            out += default_factors(model, [name], spread=spread, regimen=regimen,
                                   conditions=conditions)
        else:
            out.append(Factor(name, lo, hi, scale))
    return tuple(out)


def probe_runs(problem: SensitivityProblem) -> int:
    """How many runs :func:`inert_factors` makes to probe ``problem``: one at the parameters'
    values and one at each bound of each factor not left out from the model's structure
    (0 where none is left to probe)."""
    left = len(_probed(problem, _structural(problem)))
    return 1 + 2 * left if left else 0


def _structural(problem: SensitivityProblem) -> dict[str, str]:
    """The factors of ``problem`` that cannot act from the model's declared structure alone
    (no run): see :func:`inert_factors`."""
    from osteon.conditions import ONLY_THROUGH_INPUT
    from osteon.sensitivity.problem import _parameters

    params = _parameters(problem.model, problem.regimen, problem.conditions)
    names = [f.name for f in problem.factors]
    moved = set(names)
    if problem.conditions:
        from osteon import conditions as cond

        moved |= {n for c in cond.courses(list(problem.conditions))
                  for n in c.condition.acts_on}
    spec = _spec(problem)
    out: dict[str, str] = {}
    for inp, gated in ONLY_THROUGH_INPUT.items():
        if inp in moved or inp not in spec.parameter_names:
            continue
        neutral = spec.parameter(inp).value
        for n in gated:
            if n in names:
                out[n] = (f"acts only where {inp} is away from {neutral:g}, which no condition "
                          f"of this scenario moves")
    # a parameter of a condition the scenario does not impose (gc_emax without the
    # glucocorticoid condition) has nothing to act on
    from osteon.conditions import _owner

    for n in names:
        if n not in params and n not in out and (owner := _owner(n)) is not None:
            out[n] = f"a parameter of condition '{owner}', which this scenario does not impose"
    return out


def _probed(problem: SensitivityProblem, structural: dict[str, str]) -> list[int]:
    """The indices of the factors :func:`inert_factors` probes with runs."""
    from osteon.sensitivity.problem import _parameters

    params = _parameters(problem.model, problem.regimen, problem.conditions)
    return [i for i, f in enumerate(problem.factors)
            if f.name not in structural and f.name in params]


def inert_factors(problem: SensitivityProblem, *, probe: bool = True,
                  n_jobs: int = 1) -> dict[str, str]:
    """The factors of ``problem`` that cannot act in its scenario, each with why (a phrase).

    First from the model's declared structure, without a run: a parameter that acts only through
    a condition input (:data:`osteon.conditions.ONLY_THROUGH_INPUT`, e.g.
    ``inflammation_tcell_gain`` through ``inflammation``) that none of the problem's conditions
    and none of its factors moves. Then, with ``probe``, from runs: one at every factor's
    parameter value and, for each factor left, one at each of its bounds (the others at their
    values; 1 + 2 x factors runs, one after the other): a factor none of whose ends moves any
    output at any time by more than the output's numerical floor (:func:`numerical_floor`, the
    limit the analysis reports 'no effect' at) acts only with a drug or condition the scenario
    lacks (``wnt_blockade_opg_gain`` without a sclerostin antibody), or not on these outputs
    (a vessel's parameter on a BMD). The probe sees each factor with the others at their
    values: one that acts only where another factor leaves its value would be called inert
    (none of the model's fitted parameters is known to). A run that fails leaves its factors
    in (the analysis will report the failure). The probe's runs (:func:`probe_runs`) are spread
    over ``n_jobs`` processes as :func:`analyze` spreads its own (``-1``: all cores): under
    daily teriparatide a year's run takes about half a minute, and 33 runs one after the other
    were a quarter of an hour before the first line."""
    from osteon.sensitivity.problem import _parameters

    given, n_jobs = n_jobs, as_whole(n_jobs)
    if n_jobs is None or n_jobs == 0 or n_jobs < -1:
        raise InputError(f"n_jobs must be a whole number >= 1 or -1 (all cores); got "
                         f"{shown(given)}")
    params = _parameters(problem.model, problem.regimen, problem.conditions)
    names = [f.name for f in problem.factors]
    out = _structural(problem)
    left = _probed(problem, out)
    if not probe or not left:
        return out
    nominal = np.array([params[n].value if n in params else np.nan for n in names])
    rows = [nominal]
    for i in left:
        for end in (problem.factors[i].lower, problem.factors[i].upper):
            row = nominal.copy()
            row[i] = end
            rows.append(row)
    rows = np.asarray(rows)
    jobs = _workers(n_jobs)
    with warnings.catch_warnings():  # the analysis's own runs report what the scenario warns of
        warnings.simplefilter("ignore")
        if jobs == 1:
            y, _, _ = _simulate_chunk(problem, rows, 0)
        else:
            chunks = _chunks(len(rows), jobs)
            with process_pool(min(jobs, len(chunks))) as pool:
                parts = list(pool.map(_simulate_chunk_packed,
                                      [(problem, rows[a:b], a) for a, b in chunks]))
            y = np.concatenate([part[0] for part in parts])
    scales = _state_scales(problem)
    floors = np.array([[numerical_floor(y[:, j, k], scales.get(o), SOLVER)
                        for k in range(len(problem.times))]
                       for j, o in enumerate(problem.outputs)])
    at = " and ".join(time_label(t) for t in problem.times)
    for m, i in enumerate(left):
        ends = y[1 + 2 * m: 3 + 2 * m]
        if np.all(np.abs(ends - y[0]) <= floors):  # NaN (a failed run) is not inert
            out[names[i]] = (f"moves none of the outputs at {at} beyond the numerical floor "
                             f"between its bounds: it acts only with a drug or condition this "
                             f"scenario lacks, or not on these outputs")
    return out


def leave_out_inert(problem: SensitivityProblem, *, n_jobs: int = 1
                    ) -> tuple[SensitivityProblem, dict[str, str]]:
    """``problem`` without the factors that cannot act in its scenario
    (:func:`inert_factors`), and those left out with why. For the default factors (the
    model's fitted parameters, :func:`~osteon.sensitivity.default_factors`), many of which act
    only with a drug or condition (a plain 60-year-old woman: 10 of 15), so that the design's
    runs go to parameters that can move the outputs. Raises :class:`InputError` if fewer than
    2 are left."""
    from dataclasses import replace

    inert = inert_factors(problem, n_jobs=n_jobs)
    kept = tuple(f for f in problem.factors if f.name not in inert)
    if len(kept) < 2:
        raise InputError(
            f"only {len(kept)} of the {len(problem.factors)} default parameters can act in this "
            f"scenario ({left_out_line(inert)}); name at least 2 parameters to vary")
    if not inert:
        return problem, inert
    with warnings.catch_warnings():  # what the problem advised, it advised when it was made
        warnings.simplefilter("ignore", OsteonWarning)
        return replace(problem, factors=kept), inert


def left_out_line(inert: dict[str, str], total: int | None = None) -> str:
    """One line naming the ``inert`` factors (from :func:`inert_factors`), grouped by why."""
    whys: dict[str, list[str]] = {}
    for name, why in inert.items():
        whys.setdefault(why, []).append(name)
    of = f" of the {total} default parameters" if total is not None else ""
    return (f"left out {len(inert)}{of}, which cannot act in this scenario: "
            + "; ".join(f"{', '.join(ns)} ({why})" for why, ns in whys.items()))
