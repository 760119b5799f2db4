"""Benchmark of the calibration objective: seconds per evaluation of each shipped problem.

For each problem (:mod:`osteon.calibrate.shipped`) the objective is evaluated at the shipped
estimates in two ways:

- ``whole``: every experiment simulated for its scenario's whole duration (the trial's length,
  as the validation report runs it: ``Objective(whole_course=True)``);
- ``cut``: every experiment simulated only up to the latest day its readings need (the default,
  :func:`osteon.calibrate.objective.experiments`).

Each way gets a fresh :class:`~osteon.calibrate.Objective`: one evaluation first (it simulates
the placebo arms, which the objective keeps while no estimate acts in them, and warms the
caches), then ``--repeats`` timed evaluations, the two ways taking turns (a machine whose load
comes and goes weighs on both alike), of which the median and the least are printed: what an
optimizer sees. The script also prints each experiment that is cut (its days before and after), the
cost both ways and the largest difference of a reading between them, in tolerances of its
target (the solver's tolerance, not a change of the objective).

Run::

    python benchmarks/bench_calibrate.py                      # every shipped problem
    python benchmarks/bench_calibrate.py denosumab immobilization --repeats 3

pth_anabolic takes about a minute an evaluation (21 months of daily injections); the whole list
about 10 minutes with one repeat. This is a script, not a test.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
import warnings
from collections.abc import Callable, Sequence

from osteon.calibrate import Objective, current_values, select
from osteon.calibrate.objective import experiments
from osteon.errors import OsteonWarning


def _timed(problem, values: dict[str, float], repeats: int):
    """Both ways' last evaluations and their timings (lists of seconds), the two ways taking
    turns so that a load that comes and goes on the machine falls on both alike."""
    ways = {"whole": Objective(problem, whole_course=True), "cut": Objective(problem)}
    last = {k: o.evaluate(values) for k, o in ways.items()}  # the kept placebo arms; caches
    seconds: dict[str, list[float]] = {k: [] for k in ways}
    for _ in range(repeats):
        for k, o in ways.items():
            t0 = time.perf_counter()
            last[k] = o.evaluate(values)
            seconds[k].append(time.perf_counter() - t0)
    return last, seconds


def main(argv: Sequence[str] | None = None, out: Callable[[str], None] = print) -> list[dict]:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    ap.add_argument("problems", nargs="*", help="shipped problems (default: all)")
    ap.add_argument("--repeats", type=int, default=1, help="timed evaluations per way (median)")
    args = ap.parse_args(argv)
    if args.repeats < 1:
        ap.error(f"--repeats must be >= 1; got {args.repeats}")
    out(f"osteon calibration objective, seconds per evaluation at the shipped estimates "
        f"(median and least of {args.repeats}; Python {platform.python_version()}, "
        f"{platform.machine()})")
    rows = []
    for p in select(args.problems):
        values = current_values(p)
        cut = experiments(p.targets)
        for t, s in zip(p.targets, cut, strict=True):
            assert t.scenario is not None
            if s.duration != t.scenario.duration:
                out(f"  {p.id}: {t.id} runs {s.duration:g} d of {t.scenario.duration:g} d")
        with warnings.catch_warnings():  # what the runs warn of is the objective's business
            warnings.simplefilter("ignore", OsteonWarning)
            last, seconds = _timed(p, values, args.repeats)
        whole, short = last["whole"], last["cut"]
        s_whole, s_cut = (statistics.median(seconds[k]) for k in ("whole", "cut"))
        m_whole, m_cut = (min(seconds[k]) for k in ("whole", "cut"))
        failed = whole.failure or short.failure
        shift = (max(abs(short.readings[t.id] - whole.readings[t.id]) / t.tolerance
                     for t in p.targets) if not failed else float("nan"))
        row = {"problem": p.id, "whole_s": s_whole, "cut_s": s_cut, "whole_min_s": m_whole,
               "cut_min_s": m_cut, "cost_whole": whole.cost,
               "cost_cut": short.cost, "max_reading_shift_tol": shift,
               "failure": failed}
        rows.append(row)
        out(f"{p.id:20s} whole {s_whole:7.3f} s (min {m_whole:.3f})  cut {s_cut:7.3f} s "
            f"(min {m_cut:.3f})  ({s_cut / s_whole:5.2f}x)  cost {whole.cost:.6g} -> {short.cost:.6g}  "
            f"largest reading shift {shift:.2g} tolerances"
            + (f"  FAILED: {failed}" if failed else ""))
    return rows


if __name__ == "__main__":
    main(sys.argv[1:])
