"""Speed figures of regimens on the integrated model (issue 4: teriparatide daily for 2 years in
one patient <= 2 s; denosumab every 6 months for 10 years <= 1 s). Prints its figures; not a test.

    python benchmarks/bench_drugs.py [--skip-daily] [--engine scipy|jax|both] [--rtol R ...]
                                     [--strict-states] [--repeat N]

Each figure is the wall time of one ``osteon.simulate`` call from a 65-year-old's life course
(steady state, run-in and assembly included), at the default tolerances unless ``--rtol`` adds
others (with atol = rtol / 100, as the defaults: rtol 1e-6, atol 1e-8; ``--rtol 1e-8`` is the
earlier default). With the JAX engine the first call of each shape compiles (reported as
"cold"); the figure that counts is the next call ("warm"), with the steady state searched again; a repeated
call for the same subject also finds the steady state remembered (printed beside it). With
``--rtol`` the largest relative difference of spine BMD from the default-tolerance run is
printed beside each time; ``--strict-states`` also times each case with every state held to
the solver's tolerances (``Solver(state_tolerances=False)``, the behaviour before states that
relax within hours were loosened). ``--repeat N`` times the (warm) call N times and prints the fastest
and the median: the shared 2-core machine these figures come from runs long jobs at two speeds
(the same compiled 2-year teriparatide run took 8.2, 8.6, 16.0, 16.6 and 16.1 s), so a single
figure can be either.
"""

from __future__ import annotations

import argparse
import time


def timed(rx: str, years: float, engine: str, rtol: float | None = None,
          remember: bool = False, state_tolerances: bool = True):
    """Wall time of one call; unless ``remember``, the steady-state search is done afresh (the
    search result is remembered within a process for the same subject and parameters)."""
    import osteon
    from osteon import Solver
    from osteon.model import steady_state

    if not remember:
        steady_state._CACHE.clear()
    solver = (Solver(engine=engine, state_tolerances=state_tolerances) if rtol is None
              else Solver(engine=engine, rtol=rtol, atol=rtol * 1e-2,
                          state_tolerances=state_tolerances))
    t = time.perf_counter()
    r = osteon.simulate("osteon", rx, duration=years * 365.25, save=int(years * 12) + 1,
                        parameters={"age_start": 65.0}, solver=solver)
    return time.perf_counter() - t, r


def _stages(result) -> int:
    """Stages of the compiled engine's method (its rhs count is steps x stages)."""
    from osteon.engines.tableaus import TABLEAUS

    return TABLEAUS[result.attrs["solver"]["method_used"]].stages


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--skip-daily", action="store_true", help="skip the 2-year daily teriparatide")
    ap.add_argument("--engine", choices=("scipy", "jax", "both"), default="both")
    ap.add_argument("--rtol", type=float, action="append", default=[],
                    help="also time at this relative tolerance (repeatable)")
    ap.add_argument("--strict-states", action="store_true",
                    help="also time each case with every state held to the solver's tolerances "
                         "(Solver(state_tolerances=False); the default loosens states that "
                         "relax within hours)")
    ap.add_argument("--repeat", type=int, default=1,
                    help="time the (warm) call this many times; print the fastest and median")
    a = ap.parse_args()
    if a.repeat < 1:
        ap.error(f"--repeat must be an integer >= 1; got {a.repeat}")
    import numpy as np

    import osteon

    osteon.simulate("osteon", duration=10, save=2)  # import and build once
    cases = [("denosumab 60 mg sc q6mo x 20", 10.0, 1.0),
             ("zoledronic acid 5 mg iv yearly x 3", 3.0, None),
             ("alendronate 70 mg oral weekly for 1 year", 1.0, None)]
    if not a.skip_daily:
        cases.append(("teriparatide 20 ug sc daily for 2 years", 2.0, 2.0))
    engines = ("scipy", "jax") if a.engine == "both" else (a.engine,)
    if "jax" in engines:
        from osteon.engines.jax_engine import available

        if not available():
            print("JAX is not installed (pip install 'osteon[jax]'): the jax figures are skipped")
            engines = tuple(e for e in engines if e != "jax")
    def spread(times: list[float]) -> str:
        if len(times) == 1:
            return f"{times[0]:.2f} s"
        return (f"{min(times):.2f} s (fastest of {len(times)}; median "
                f"{float(np.median(times)):.2f} s)")

    for rx, years, goal in cases:
        g = f"; goal <= {goal:g} s" if goal else ""
        for engine in engines:
            wall, ref = timed(rx, years, engine)
            n_rhs = ref.attrs["n_rhs_evaluations"]
            if engine == "jax":
                warm = []
                for _ in range(a.repeat):
                    t, ref = timed(rx, years, engine)
                    warm.append(t)
                again, _ = timed(rx, years, engine, remember=True)
                steps = ref.attrs["n_rhs_evaluations"] / _stages(ref)
                print(f"{rx!r} over {years:g} y from age 65, jax: {spread(warm)} warm "
                      f"({again:.2f} s with the steady state remembered from the call "
                      f"before), {wall:.1f} s cold (compilation); {steps:,.0f} steps, "
                      f"{steps / (years * 365.25):.0f} a day, {1e6 * min(warm) / steps:.0f} us "
                      f"a step with the run-in and assembly{g}")
            else:
                rest = [timed(rx, years, engine)[0] for _ in range(a.repeat - 1)]
                print(f"{rx!r} over {years:g} y from age 65, scipy: {spread([wall, *rest])} "
                      f"({n_rhs} rhs evaluations{g})")
            spine = ref["bmd_lumbar_spine"][0]
            if a.strict_states:  # the same compiled program (the factors are an argument)
                wall, r = timed(rx, years, engine, state_tolerances=False)
                dev = float(np.max(np.abs(spine / r["bmd_lumbar_spine"][0] - 1.0)))
                print(f"    every state at the solver's tolerance (state_tolerances=False): "
                      f"{wall:.2f} s, {r.attrs['n_rhs_evaluations']:,} rhs evaluations (the "
                      f"default: {ref.attrs['n_rhs_evaluations']:,}); the default's spine BMD "
                      f"within {dev:.1e} (relative) of it")
            for rtol in a.rtol:
                if engine == "jax":
                    timed(rx, years, engine, rtol)  # same program: no new compilation
                wall, r = timed(rx, years, engine, rtol)
                dev = float(np.max(np.abs(r["bmd_lumbar_spine"][0] / spine - 1.0)))
                print(f"    rtol {rtol:g}: {wall:.2f} s; spine BMD within {dev:.1e} "
                      f"(relative) of the default-tolerance run")


if __name__ == "__main__":
    main()
