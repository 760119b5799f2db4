"""Integration engines. SciPy is the default and needs no compiler; JAX is an optional extra."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from osteon.engines.options import Solver


def integrate(spec, y0: np.ndarray, p: Mapping[str, np.ndarray], t_save: np.ndarray,
              events: Sequence, solver: Solver, *, drop_failed: bool = False):
    """Integrate from t=0 to ``t_save[-1]`` on the solver's engine, applying ``events``; with
    ``drop_failed``, subjects the engine tells apart leave when they fail and the others go on
    (see :func:`osteon.engines.scipy_engine.integrate`)."""
    if solver.engine == "jax":
        from osteon.engines.jax_engine import integrate as integrate_jax

        return integrate_jax(spec, y0, p, t_save, events, solver, drop_failed=drop_failed)
    from osteon.engines.scipy_engine import integrate as integrate_scipy

    return integrate_scipy(spec, y0, p, t_save, events, solver, drop_failed=drop_failed)


__all__ = ["Solver", "integrate"]
