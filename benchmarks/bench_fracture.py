"""Speed of the fracture-risk readouts: 10-year probabilities for 1,000 (age, T-score) points at
once, the work the clinical columns of a long trajectory do (goal: under 50 ms on this project's
2-core machine). Prints its figures; not a test.

    python benchmarks/bench_fracture.py [--points 1000] [--repeats 5]
"""

from __future__ import annotations

import argparse
import time

import numpy as np


def main(argv: list[str] | None = None) -> float:
    from osteon.readouts import fracture as fx

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--points", type=int, default=1000)
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args(argv)
    ages = np.linspace(50, 80, args.points)
    t = np.linspace(-3.5, 0.5, args.points)
    fx.fracture_probability(ages, "female", t_score_femoral_neck=t)  # warm the caches
    walls = []
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        fx.fracture_probability(ages, "female", t_score_femoral_neck=t)
        walls.append(time.perf_counter() - t0)
    best = min(walls)
    print(f"10-year probabilities, {args.points} points: best {1e3 * best:.1f} ms, "
          f"median {1e3 * float(np.median(walls)):.1f} ms over {args.repeats} (goal < 50 ms)")
    return best


if __name__ == "__main__":
    main()
