"""Solver options, immutable and validated."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

from osteon.errors import InputError, did_you_mean
from osteon.units import as_float, is_real

METHODS = ("auto", "BDF", "LSODA", "Radau", "Rodas4", "Rodas5P")
ENGINES = ("scipy", "jax")


@dataclass(frozen=True)
class Solver:
    """How the ODEs are integrated.

    Methods: ``"BDF"``, ``"LSODA"``, ``"Radau"`` (SciPy ``solve_ivp``) and ``"Rodas4"`` (osteon's
    batched Rosenbrock method, a step size and an error control per subject; see
    :mod:`osteon.engines.rosenbrock`). The default ``"auto"`` is BDF for one subject and Rodas4
    for a population. Tolerances: ``rtol=1e-6`` and ``atol=1e-8`` by default (COPASI's and
    libRoadRunner's relative tolerance); ``atol`` is relative to each state's declared ``scale``
    (its typical magnitude): for a state of scale 1e-3 pM the absolute tolerance is 1e-11 pM, so
    states of very different magnitudes are integrated to the same relative accuracy. At the
    defaults the clinical outputs (BMD, CTX, P1NP) of a drug regimen are within about 2e-5
    (relative) of a run at rtol 1e-8 / atol 1e-10, far inside what a trial reports, at a third
    to a half of its cost; ask for tighter tolerances when comparing solvers to 1e-7 or better.
    A model may loosen both for states that relax within hours (``State.tolerance``: the
    integrated model's plasma PTH and phosphate, its subcutaneous depots and its RUNX2 and BCL2
    signals, ten times looser), whose local errors decay instead of accumulating: 2 years of
    daily teriparatide then take about a third fewer steps, with BMD within 5e-6 and the
    markers within 5e-5 (relative) of a run with every state at the solver's tolerances
    (``state_tolerances=False``). The SciPy methods take one ``rtol`` for all states, so there
    a state's factor widens its absolute tolerance by (factor - 1) x rtol x its scale.

    With Rodas4 each subject's error is controlled on its own. With a SciPy method a population
    of N subjects is integrated as one block-diagonal system whose error norm is the RMS over all
    components; both tolerances are then divided by sqrt(N), which guarantees that every
    subject's local error stays within the bound it would have alone (at the price of more
    steps; see benchmarks/bench_simulate.py).

    ``engine="jax"`` (optional, ``pip install "osteon[jax]"``) integrates with a Rosenbrock
    method compiled by JAX together with the whole dosing history
    (:mod:`osteon.engines.jax_engine`): much faster for long regimens of frequent doses and for
    large populations, after a compilation of tens of seconds that is cached. Its methods are
    ``"Rodas5P"`` (order 5; "auto" resolves to it: at the default tolerance it needs about half
    the steps of Rodas4, and on the integrated model it is also the faster of the two at rtol
    1e-6 and 1e-4) and ``"Rodas4"`` (the NumPy solver's method). The
    pre-equilibration run-in over the life course is compiled too (its own program, compiled
    once); a patient's individualization (``patient=``), which solves for the inputs that give
    the patient's BMD, stays on SciPy's BDF.
    """

    method: str = "auto"
    rtol: float = 1e-6
    atol: float = 1e-8
    max_step: float = math.inf
    first_step: float | None = None
    engine: str = "scipy"
    state_tolerances: bool = True

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise InputError(f"Solver.method must be one of {', '.join(METHODS)}"
                             f"{did_you_mean(self.method, METHODS)}; got {self.method!r}")
        if self.engine not in ENGINES:
            raise InputError(f"Solver.engine must be one of {', '.join(ENGINES)}; "
                             f"got {self.engine!r}")
        if self.engine == "jax" and self.method not in ("auto", "Rodas4", "Rodas5P"):
            raise InputError(f"Solver.method must be 'auto', 'Rodas4' or 'Rodas5P' with "
                             f"engine='jax' (the compiled engine integrates with a Rosenbrock "
                             f"method); got {self.method!r}")
        if self.engine == "scipy" and self.method == "Rodas5P":
            raise InputError("Solver.method 'Rodas5P' runs on the compiled engine only: use "
                             "engine='jax' with it, or 'Rodas4' (the batched NumPy Rosenbrock "
                             "solver) on engine='scipy'")
        for field in ("rtol", "atol"):
            v = getattr(self, field)
            if not (is_real(v) and math.isfinite(as_float(v)) and 0 < as_float(v) < 1):
                raise InputError(f"Solver.{field} must be in (0, 1); got {v!r}")
            object.__setattr__(self, field, as_float(v))  # np.float32(1e-6): JSON-safe in attrs
        for field in ("max_step", "first_step"):  # a bool is no step (True was 1 day)
            v = getattr(self, field)
            if v is None and field == "first_step":
                continue
            if not (is_real(v) and as_float(v) > 0):
                raise InputError(f"Solver.{field} must be a number > 0 days; got {v!r}")
            object.__setattr__(self, field, as_float(v))
        if not isinstance(self.state_tolerances, bool):
            raise InputError(f"Solver.state_tolerances must be True or False; got "
                             f"{self.state_tolerances!r}")

    def method_for(self, n_subjects: int) -> str:
        """The method used for ``n_subjects`` (``"auto"`` resolved)."""
        if self.method != "auto":
            return self.method
        if self.engine == "jax":
            return "Rodas5P"
        return "BDF" if n_subjects == 1 else "Rodas4"

    def replace(self, **changes: Any) -> Solver:
        return replace(self, **changes)

    def as_dict(self) -> dict[str, Any]:
        """JSON-safe: an unlimited max_step is written as None."""
        return {"method": self.method, "rtol": self.rtol, "atol": self.atol,
                "max_step": None if math.isinf(self.max_step) else self.max_step,
                "first_step": self.first_step, "engine": self.engine,
                "state_tolerances": self.state_tolerances}

    @classmethod
    def coerce(cls, value: Any) -> Solver:
        if value is None:
            return cls()
        if isinstance(value, cls):
            return value
        if isinstance(value, str):
            return cls(method=value)
        if isinstance(value, dict):
            import dataclasses

            names = [f.name for f in dataclasses.fields(cls)]
            unknown = [k for k in value if k not in names]
            if unknown:
                from osteon.errors import did_you_mean

                raise InputError(f"unknown solver option '{unknown[0]}'"
                                 f"{did_you_mean(str(unknown[0]), names)}; allowed: "
                                 f"{', '.join(names)}")
            return cls(**value)
        raise InputError(f"solver must be a Solver, a method name or a dict; got {value!r}")
