"""Benchmark of :func:`osteon.simulate` for every library model.

For each model it measures

1. the wall time of one 10-year single-subject simulation (end-to-end ``simulate()`` call,
   steady-state solve included; median of ``--repeats`` runs after one warm-up run), and
2. the throughput of a population (default 1,000 subjects) with a documented subset of rate
   constants perturbed log-normally (CV 20 %), in subject-years simulated per wall second, with
   the time of the steady-state (pre-equilibration) solve reported separately.

Every run is non-trivial: the steady state of Lemaire 2004 is perturbed at t=0 by continuous
exogenous PTH, that of Pivonka 2008 by exogenous PTH for the first 100 days (continuous PTH for
10 years drives its bone volume far below zero), and Komarova 2003 (whose steady state is an
unstable equilibrium where nothing happens) starts from its published perturbed initial values
(``initial="model"``).

Run::

    python benchmarks/bench_simulate.py            # 1,000 subjects, 10 years, 7 repeats
    python benchmarks/bench_simulate.py --quick    # 100 subjects, 3 repeats
    python benchmarks/bench_simulate.py --models lemaire2004 --subjects 200 --years 2

This is a script, not a test; ``tests/test_benchmark_smoke.py`` runs :func:`main` in a tiny
configuration.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import statistics
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

import osteon
from osteon.errors import OsteonWarning, SimulationError
from osteon.model import find_steady_state

DAYS_PER_YEAR = 365.25
CV = 0.20
#: log-normal sigma for a coefficient of variation of 20 %: CV^2 = exp(sigma^2) - 1
SIGMA = math.sqrt(math.log1p(CV**2))


@dataclass(frozen=True)
class Scenario:
    """What is simulated for one model."""

    model: str
    initial: str
    events: tuple[Any, ...]
    description: str
    #: parameters perturbed in the population (cell differentiation / apoptosis rate constants)
    perturbed: tuple[str, ...]
    #: (variable, label) reported at the end of the single-subject run
    readouts: tuple[tuple[str, str], ...] = field(default_factory=tuple)


SCENARIOS: dict[str, Scenario] = {
    "komarova2003": Scenario(
        model="komarova2003",
        initial="model",
        events=(),
        description=("initial='model' (published perturbed start x1=11, x2=212, z=100; the "
                     "steady state is an unstable equilibrium where nothing happens), no events"),
        perturbed=("alpha1", "alpha2", "beta1", "beta2", "k1", "k2"),
        readouts=(("osteoclasts", "osteoclasts [cell]"), ("bone_mass", "bone mass [%]")),
    ),
    "lemaire2004": Scenario(
        model="lemaire2004",
        initial="steady_state",
        events=(osteon.ParameterStep(0, "I_P", 1e3),),
        description=("steady-state baseline, then continuous PTH from t=0: "
                     "ParameterStep(0, 'I_P', 1e3 pM/day)"),
        perturbed=("D_R", "d_B", "k_B", "D_C", "D_A"),
        readouts=(("B", "active osteoblasts B [pM]"), ("C", "active osteoclasts C [pM]")),
    ),
    "pivonka2008": Scenario(
        model="pivonka2008",
        initial="steady_state",
        # Continuous PTH for 10 years drives the linear bone-volume balance far below zero
        # (BV ~ -445 % at 10 y: outside the model's domain), so this is the card's documented
        # experiment instead: PTH for 100 days, then withdrawal and return of the cells to
        # baseline (BV settles near 84 %).
        events=(osteon.ParameterStep(0, "P_PTH_d", 1e3), osteon.ParameterStep(100, "P_PTH_d", 0)),
        description=("steady-state baseline, then PTH for 100 days: "
                     "ParameterStep(0, 'P_PTH_d', 1e3 pM/day), ParameterStep(100, 'P_PTH_d', 0)"),
        perturbed=("D_OBu", "D_OBp", "A_OBa", "D_OCp", "A_OCa"),
        readouts=(("OCa", "active osteoclasts OCa [pM]"), ("BV", "bone volume BV [%]")),
    ),
}


@dataclass
class Row:
    """One line of the final table."""

    model: str
    single_ms: float
    single_runs_ms: list[float]
    n_subjects: int
    population_s: float
    steady_state_s: float
    throughput: float  # subject-years simulated per second (successful subjects only)
    failures: int
    n_rhs_single: int
    n_rhs_population: int
    n_out_of_bounds: int
    domain_warnings: int  # subjects whose nonnegative states went below zero (if reported)


# ------------------------------------------------------------------------------------ helpers
def log_normal_population(model: str, names: Sequence[str], n: int,
                          rng: np.random.Generator) -> tuple[pd.DataFrame, int]:
    """``n`` subjects with ``names`` drawn log-normally (median = published value, CV 20 %).

    ``theta_i = theta_published * exp(eta_i)``, ``eta_i ~ N(0, SIGMA^2)``, independent per
    parameter (the usual pharmacometric parametrisation; the mean is ``exp(SIGMA^2/2)`` ~ 1.0198
    times the published value). Subjects with any value outside the parameter's bounds are
    dropped (none are for the (0, inf) rate constants used here); their count is returned.
    """
    spec = osteon.models.load(model)
    cols = {}
    for name in names:
        par = spec.parameter(name)
        cols[name] = par.value * np.exp(rng.normal(0.0, SIGMA, size=n))
    pop = pd.DataFrame(cols)
    ok = np.ones(n, dtype=bool)
    for name in names:
        par = spec.parameter(name)
        ok &= np.array([par.admits(v) for v in pop[name]])
    pop = pop[ok].reset_index(drop=True)
    pop.insert(0, "subject_id", [f"s{i:05d}" for i in range(len(pop))])
    return pop, int((~ok).sum())


def _time(fn: Callable[[], Any]) -> tuple[float, Any]:
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def machine_info() -> dict[str, str]:
    import scipy

    return {
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpu_count": str(os.cpu_count()),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "pandas": pd.__version__,
        "osteon": osteon.__version__,
    }


# ---------------------------------------------------------------------------------- benchmark
def bench_model(sc: Scenario, *, subjects: int, years: float, repeats: int, seed: int,
                out: Callable[[str], None]) -> Row:
    duration = years * DAYS_PER_YEAR
    events = list(sc.events)

    def single():
        return osteon.simulate(sc.model, events, duration=duration, initial=sc.initial)

    out(f"\n== {sc.model}")
    out(f"   scenario: {sc.description}; {years:g} years")
    # 1. single subject: one warm-up (model build, imports, caches), then `repeats` timed runs
    res = single()
    times = []
    for _ in range(repeats):
        dt, res = _time(single)
        times.append(dt)
    single_s = statistics.median(times)
    out(f"   single subject: median {single_s * 1e3:.1f} ms over {repeats} runs "
        f"(min {min(times) * 1e3:.1f}, max {max(times) * 1e3:.1f}); "
        f"{res.attrs['n_rhs_evaluations']} RHS evaluations")
    for var, label in sc.readouts:
        v = res[var][0]
        out(f"     {label}: t=0 {v[0]:.6g} -> t={years:g} y {v[-1]:.6g} "
            f"(min {v.min():.6g}, max {v.max():.6g})")

    # 2. population
    rng = np.random.default_rng(seed)
    pop, n_oob = log_normal_population(sc.model, sc.perturbed, subjects, rng)
    n = len(pop)
    out(f"   population: {n} subjects, log-normal CV {CV:.0%} (sigma {SIGMA:.4f}, median = "
        f"published value) on {', '.join(sc.perturbed)}; seed {seed}"
        + (f"; {n_oob} draws outside bounds dropped" if n_oob else ""))
    ss_s = 0.0
    if sc.initial == "steady_state":
        spec = osteon.models.load(sc.model)
        cols = [c for c in pop.columns if c != "subject_id"]
        p = spec.resolve_parameters({c: pop[c].to_numpy() for c in cols}, n)
        ss_s, _ = _time(lambda: find_steady_state(spec, p, n, keep=frozenset(cols)))
    failures = 0
    n_rhs_pop = 0
    domain_warnings = 0
    t0 = time.perf_counter()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", OsteonWarning)  # counted from result.status below
            pres = osteon.simulate(sc.model, events, population=pop, duration=duration,
                                   initial=sc.initial, on_failure="drop")
    except SimulationError as exc:  # every subject failed, or the batch failed as a whole
        pop_s = time.perf_counter() - t0
        failures = n
        out(f"   population FAILED: {exc}")
    else:
        pop_s = time.perf_counter() - t0
        failures = int((pres.status["status"] != "ok").sum())
        n_rhs_pop = int(pres.attrs["n_rhs_evaluations"])
        if "warnings" in pres.status.columns:
            domain_warnings = int((pres.status["warnings"].fillna("") != "").sum())
    ok_subjects = n - failures
    throughput = ok_subjects * years / pop_s if pop_s > 0 else math.nan
    split = (f"steady-state solve {ss_s:.3f} s (timed separately), integration and the rest "
             f"~{max(pop_s - ss_s, 0.0):.3f} s" if sc.initial == "steady_state"
             else "no steady-state solve (initial='model')")
    out(f"   population wall {pop_s:.3f} s ({split}); {n_rhs_pop} RHS evaluations of the "
        f"whole block; {failures} failed; {domain_warnings} with domain warnings; "
        f"{throughput:,.0f} subject-years/s")
    if failures:
        bad = pres.status[pres.status["status"] != "ok"] if failures < n else None
        if bad is not None:
            out(f"   failed subjects (first 5): {list(bad['subject_id'][:5])}; "
                f"{bad['message'].iloc[0]}")
    return Row(model=sc.model, single_ms=single_s * 1e3, single_runs_ms=[t * 1e3 for t in times],
               n_subjects=n, population_s=pop_s, steady_state_s=ss_s, throughput=throughput,
               failures=failures, n_rhs_single=int(res.attrs["n_rhs_evaluations"]),
               n_rhs_population=n_rhs_pop, n_out_of_bounds=n_oob,
               domain_warnings=domain_warnings)


def format_table(rows: Sequence[Row], years: float) -> str:
    head = ("model", f"single {years:g}-y [ms]", "population N", "population wall [s]",
            "steady-state solve [s]", "throughput [subject-years/s]", "failures")
    body = [(r.model, f"{r.single_ms:.1f}", f"{r.n_subjects}", f"{r.population_s:.2f}",
             f"{r.steady_state_s:.3f}" if r.steady_state_s else "-",
             f"{r.throughput:,.0f}", f"{r.failures}") for r in rows]
    widths = [max(len(h), *(len(b[i]) for b in body)) for i, h in enumerate(head)]

    def line(cells):
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                         for i, (c, w) in enumerate(zip(cells, widths, strict=True)))

    sep = "  ".join("-" * w for w in widths)
    return "\n".join([line(head), sep, *(line(b) for b in body)])


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--subjects", type=int, default=None,
                    help="population size (default 1000; 100 with --quick)")
    ap.add_argument("--years", type=float, default=10.0, help="simulated years (default 10)")
    ap.add_argument("--repeats", type=int, default=None,
                    help="timed single-subject runs after one warm-up (default 7; 3 with --quick)")
    ap.add_argument("--models", default=",".join(SCENARIOS),
                    help=f"comma-separated model ids (default all: {','.join(SCENARIOS)})")
    ap.add_argument("--seed", type=int, default=20240601, help="seed of the population draws")
    ap.add_argument("--quick", action="store_true", help="100 subjects, 3 repeats")
    args = ap.parse_args(argv)
    if args.subjects is None:
        args.subjects = 100 if args.quick else 1000
    if args.repeats is None:
        args.repeats = 3 if args.quick else 7
    if args.subjects < 1 or args.repeats < 1 or not args.years > 0:
        ap.error("--subjects and --repeats must be >= 1 and --years > 0")
    args.models = [m.strip() for m in args.models.split(",") if m.strip()]
    unknown = [m for m in args.models if m not in SCENARIOS]
    if unknown:
        ap.error(f"unknown model(s) {unknown}; choose from {', '.join(SCENARIOS)}")
    return args


def main(argv: Sequence[str] | None = None, out: Callable[[str], None] = print) -> list[Row]:
    """Run the benchmark; print progress and the table; return the rows."""
    args = parse_args(argv)
    info = machine_info()
    out("osteon simulate() benchmark")
    out("machine: " + "; ".join(f"{k} {v}" for k, v in info.items()))
    out(f"settings: {args.years:g} years, {args.subjects} subjects, {args.repeats} repeats, "
        f"default solver (BDF, rtol 1e-8, atol 1e-10 x state scale), default 1001 save points")
    rows = [bench_model(SCENARIOS[m], subjects=args.subjects, years=args.years,
                        repeats=args.repeats, seed=args.seed, out=out) for m in args.models]
    out("")
    out(format_table(rows, args.years))
    out("single: end-to-end simulate() of one subject (steady-state solve included), median. "
        "steady-state solve: find_steady_state() on the population, timed separately (it is "
        "part of the population wall time). throughput: successful subjects x years / "
        "population wall time.")
    out("komarova2003 starts from initial='model' (its published perturbed start; its steady "
        "state is an unstable equilibrium where nothing happens); lemaire2004 from steady state "
        "with continuous PTH from t=0; pivonka2008 from steady state with PTH for days 0-100.")
    out("machine: " + "; ".join(f"{k} {v}" for k, v in info.items()))
    return rows


if __name__ == "__main__":
    main(sys.argv[1:])
