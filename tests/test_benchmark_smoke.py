"""Smoke test of benchmarks/bench_simulate.py in a tiny configuration (a few seconds)."""

from __future__ import annotations

import importlib.util
import math
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_simulate.py"


def _load_bench():
    spec = importlib.util.spec_from_file_location("osteon_bench_simulate", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up in sys.modules
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(spec.name, None)
        raise
    return module


def test_benchmark_runs_quick_and_reports_positive_throughput():
    bench = _load_bench()
    lines: list[str] = []
    rows = bench.main(["--quick", "--subjects", "5", "--years", "1", "--repeats", "1"],
                      out=lines.append)
    assert [r.model for r in rows] == ["komarova2003", "lemaire2004", "pivonka2008"]
    for r in rows:
        assert r.n_subjects == 5
        assert r.failures == 0
        assert math.isfinite(r.throughput) and r.throughput > 0
        assert math.isfinite(r.single_ms) and r.single_ms > 0
        assert math.isfinite(r.population_s) and r.population_s > 0
    text = "\n".join(lines)
    assert "throughput [subject-years/s]" in text
    assert "initial='model'" in text  # Komarova's perturbed start is stated


def test_benchmark_population_is_lognormal_around_published_values():
    import numpy as np

    bench = _load_bench()
    pop, n_oob = bench.log_normal_population("lemaire2004", ("D_R", "k_B"), 4000,
                                             np.random.default_rng(1))
    assert n_oob == 0 and len(pop) == 4000
    log_kb = np.log(pop["k_B"].to_numpy())
    assert abs(np.exp(np.median(log_kb)) / 0.189 - 1) < 0.02
    cv = pop["k_B"].std() / pop["k_B"].mean()
    assert abs(cv - 0.20) < 0.02
