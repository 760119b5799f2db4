"""Speed figures of regimens on the integrated model (issue 4: teriparatide daily for 2 years in
one patient <= 2 s; denosumab every 6 months for 10 years <= 1 s). Prints its figures; not a test.

    python benchmarks/bench_drugs.py [--skip-daily]
"""

from __future__ import annotations

import argparse
import time


def timed(rx: str, years: float, age: float = 65.0) -> tuple[float, int]:
    import osteon

    t = time.perf_counter()
    r = osteon.simulate("osteon", rx, duration=years * 365.25, save=int(years * 12) + 1,
                        parameters={"age_start": age})
    return time.perf_counter() - t, r.attrs["n_rhs_evaluations"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--skip-daily", action="store_true", help="skip the 2-year daily teriparatide")
    a = ap.parse_args()
    import osteon

    osteon.simulate("osteon", duration=10, save=2)  # import and build once
    cases = [("denosumab 60 mg sc q6mo x 20", 10.0, 1.0),
             ("zoledronic acid 5 mg iv yearly x 3", 3.0, None),
             ("alendronate 70 mg oral weekly for 1 year", 1.0, None)]
    if not a.skip_daily:
        cases.append(("teriparatide 20 ug sc daily for 2 years", 2.0, 2.0))
    for rx, years, goal in cases:
        wall, n_rhs = timed(rx, years)
        g = f"; goal <= {goal:g} s" if goal else ""
        print(f"{rx!r} over {years:g} y from age 65: {wall:.1f} s ({n_rhs} rhs evaluations{g})")


if __name__ == "__main__":
    main()
