"""Worker processes for ``n_jobs``: forked where that is safe, started fresh where it is not.

Forking is the fastest start on Linux, but a process that has imported JAX runs threads that a
fork does not copy (JAX warns that the child may deadlock). Once JAX is loaded (the compiled
engine was used in this process), workers start from a fresh interpreter ("forkserver") instead;
the work items were pickled either way, so nothing else changes.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import warnings
from concurrent.futures import ProcessPoolExecutor


def process_pool(max_workers: int) -> ProcessPoolExecutor:
    """A process pool of ``max_workers`` that is safe with JAX loaded."""
    if "jax" in sys.modules and "forkserver" in multiprocessing.get_all_start_methods():
        return ProcessPoolExecutor(max_workers=max_workers,
                                   mp_context=multiprocessing.get_context("forkserver"))
    return ProcessPoolExecutor(max_workers=max_workers)


def capped_workers(n_jobs: int, stacklevel: int = 3) -> int:
    """The processes to run on for a checked ``n_jobs`` (``-1``: every core), at most the
    machine's cores.

    More processes than cores run no faster and each costs a start and its memory: a fork pool
    starts every worker at once, so ``n_jobs=1000`` started 1000 processes on 2 cores for a
    256-run sensitivity problem (96 s instead of 4 s). A larger ``n_jobs`` is warned of
    (:class:`~osteon.errors.OsteonWarning`) and runs on the cores; results do not depend on the
    number of processes."""
    from osteon.errors import OsteonWarning

    cores = os.cpu_count() or 1
    if n_jobs == -1:
        return cores
    if n_jobs > cores:
        warnings.warn(f"n_jobs {n_jobs} is more than this machine's {cores} cores; running "
                      f"{cores} processes (more would run no faster)", OsteonWarning,
                      stacklevel=stacklevel)
        return cores
    return n_jobs
