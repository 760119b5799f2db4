"""Solver options, immutable and validated."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

from osteon.errors import InputError

METHODS = ("BDF", "LSODA", "Radau")


@dataclass(frozen=True)
class Solver:
    """How the ODEs are integrated (SciPy ``solve_ivp``).

    Defaults: ``method="BDF"`` (the models are stiff: cell lifetimes of days next to cytokine
    binding in minutes), ``rtol=1e-8`` and ``atol=1e-10``. ``atol`` is relative to each state's
    declared ``scale`` (its typical magnitude): for a state of scale 1e-3 pM the absolute tolerance is
    1e-13 pM, so states of very different magnitudes are integrated to the same relative accuracy.

    For a population of N subjects, integrated as one block-diagonal system, SciPy's error norm
    is the RMS over all components; both tolerances are divided by sqrt(N). This guarantees that
    every subject's local error stays within the bound it would have alone (an upper bound: with
    similar subjects each is solved up to sqrt(N) times more tightly, which costs roughly 1.3-2.6x
    more steps for N = 1000; see benchmarks/bench_simulate.py).
    """

    method: str = "BDF"
    rtol: float = 1e-8
    atol: float = 1e-10
    max_step: float = math.inf
    first_step: float | None = None

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise InputError(f"Solver.method must be one of {', '.join(METHODS)}; got {self.method!r}")
        for field in ("rtol", "atol"):
            v = getattr(self, field)
            if not (isinstance(v, int | float) and math.isfinite(v) and 0 < v < 1):
                raise InputError(f"Solver.{field} must be in (0, 1); got {v!r}")
        if not (self.max_step > 0):
            raise InputError(f"Solver.max_step must be > 0 days; got {self.max_step!r}")
        if self.first_step is not None and not (self.first_step > 0):
            raise InputError(f"Solver.first_step must be > 0 days; got {self.first_step!r}")

    def replace(self, **changes: Any) -> Solver:
        return replace(self, **changes)

    def as_dict(self) -> dict[str, Any]:
        """JSON-safe: an unlimited max_step is written as None."""
        return {"method": self.method, "rtol": self.rtol, "atol": self.atol,
                "max_step": None if math.isinf(self.max_step) else self.max_step,
                "first_step": self.first_step}

    @classmethod
    def coerce(cls, value: Any) -> Solver:
        if value is None:
            return cls()
        if isinstance(value, cls):
            return value
        if isinstance(value, str):
            return cls(method=value)
        if isinstance(value, dict):
            return cls(**value)
        raise InputError(f"solver must be a Solver, a method name or a dict; got {value!r}")
