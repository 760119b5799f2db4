"""Speed figures of the integrated osteon model (issue: one life 25-90 y <= 1 s; 1,000 patients
over 10 years <= 60 s). Prints its figures; not a test.

The population is 1,000 women aged 45-75 with their own age at menopause and turnover; each
starts from her own life course (the young-adult steady state integrated to her age, the
model's run-in, which is included in the wall time) and is then simulated for 10 years. It is
timed at the default tolerance (rtol 1e-6, atol 1e-8) and at rtol 1e-8 (atol 1e-10, the
earlier default), with the largest difference in BMD between the two printed. With ``--engine
jax`` the population runs on the compiled engine: the first call of each shape compiles, so each
is timed twice ("cold" with the compilation, then "warm").

    python benchmarks/bench_osteon.py [--subjects 1000] [--years 10] [--repeats 3] [--quick]
                                      [--engine scipy|jax]
"""

from __future__ import annotations

import argparse
import time

import numpy as np


def life_course(repeats: int) -> list[float]:
    import osteon
    from osteon.model import steady_state

    walls = []
    for _ in range(repeats):
        steady_state._CACHE.clear()  # every run searches its steady state (none remembered)
        t = time.perf_counter()
        osteon.simulate("osteon", duration="65 years", save=261)
        walls.append(time.perf_counter() - t)
    return walls


def population(n: int, years: float, seed: int, rtol: float | None, engine: str = "scipy"):
    import pandas as pd

    import osteon

    rng = np.random.default_rng(seed)
    pop = pd.DataFrame({
        "age_start": rng.uniform(45.0, 75.0, n),
        "age_menopause": rng.normal(51.4, 3.0, n).clip(42.0, 58.0),
        "turnover_trabecular": 0.25 * rng.lognormal(0.0, 0.2, n),
        "estrogen_rankl_gain": osteon.models.load("osteon").parameter("estrogen_rankl_gain").value
        * rng.lognormal(0.0, 0.2, n),
    })
    from osteon.model import steady_state

    steady_state._CACHE.clear()  # every run searches its steady states (none remembered)
    solver = (osteon.Solver(engine=engine) if rtol is None
              else osteon.Solver(rtol=rtol, atol=rtol * 1e-2, engine=engine))
    t = time.perf_counter()
    r = osteon.simulate("osteon", population=pop, duration=years * 365.25,
                        save=int(years * 4) + 1, solver=solver)
    return time.perf_counter() - t, r


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--subjects", type=int, default=1000)
    ap.add_argument("--years", type=float, default=10.0)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--quick", action="store_true", help="20 subjects, 1 repeat (smoke run)")
    ap.add_argument("--engine", choices=("scipy", "jax"), default="scipy")
    a = ap.parse_args()
    if a.quick:
        a.subjects, a.repeats = 20, 1
    import osteon

    osteon.simulate("osteon", duration=10, save=2)  # import and build once
    walls = life_course(a.repeats)
    print(f"osteon life course 25-90 y, one subject: median {np.median(walls):.2f} s "
          f"(runs: {', '.join(f'{w:.2f}' for w in walls)}; goal <= 1 s)")
    walls = {}
    bmd = {}
    for rtol in (None, 1e-8):
        cold = ""
        if a.engine == "jax":
            wall, _ = population(a.subjects, a.years, a.seed, rtol, a.engine)
            cold = f", jax warm; {wall:.1f} s cold with the compilation"
        wall, r = population(a.subjects, a.years, a.seed, rtol, a.engine)
        walls[rtol], bmd[rtol] = wall, r["bmd_lumbar_spine"]
        label = ("default rtol 1e-6" if rtol is None else f"rtol {rtol:g}") + cold
        print(f"osteon population {a.subjects} subjects x {a.years:g} y ({label}, "
              f"{r.attrs['solver']['method_used']}): {wall:.1f} s "
              f"({a.subjects * a.years / wall:.0f} subject-years/s; goal for 1,000 x 10 y <= 60 s)")
    diff = np.abs(bmd[None] / bmd[1e-8] - 1.0).max()
    print(f"largest relative difference in lumbar-spine BMD, default vs rtol 1e-8: {diff:.1e}")


if __name__ == "__main__":
    main()
