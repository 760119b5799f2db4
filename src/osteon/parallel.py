"""Worker processes for ``n_jobs``: forked where that is safe, started fresh where it is not.

Forking is the fastest start on Linux, but a process that has imported JAX runs threads that a
fork does not copy (JAX warns that the child may deadlock). Once JAX is loaded (the compiled
engine was used in this process), workers start from a fresh interpreter ("forkserver") instead;
the work items were pickled either way, so nothing else changes.
"""

from __future__ import annotations

import multiprocessing
import sys
from concurrent.futures import ProcessPoolExecutor


def process_pool(max_workers: int) -> ProcessPoolExecutor:
    """A process pool of ``max_workers`` that is safe with JAX loaded."""
    if "jax" in sys.modules and "forkserver" in multiprocessing.get_all_start_methods():
        return ProcessPoolExecutor(max_workers=max_workers,
                                   mp_context=multiprocessing.get_context("forkserver"))
    return ProcessPoolExecutor(max_workers=max_workers)
