"""osteon: a simulator of the bone remodeling system.

Quick use::

    import osteon
    osteon.models.list()
    result = osteon.simulate("lemaire2004", osteon.ParameterStep("20 days", "I_O", 2e5),
                             duration="140 days")
    result.to_pandas()

A virtual trial, the same subjects in every arm::

    trial = osteon.simulate_arms(population, ["denosumab 60 mg sc q6mo x 2", "none"],
                                 duration="1 year")
    trial.to_pandas()  # per arm: median [5th, 95th percentile], paired differences from arm 1
    trial.plot()

A virtual population drawn from distributions the user gives (osteon ships none; the numbers
here are illustrative)::

    from osteon.population_sampling import Normal, Uniform
    population = osteon.sample_population(200, seed=0, columns={
        "sex": "female", "age": Uniform(65, 80), "t_score_femoral_neck": Normal(-2.3, 0.6)},
        where="t_score_femoral_neck <= -2.5")
"""

from typing import TYPE_CHECKING, Any

from osteon._version import __version__
from osteon.engines.options import Solver
from osteon.errors import (
    InputError,
    ModelDefinitionError,
    OsteonError,
    SimulationError,
    SteadyStateError,
    UnknownNameError,
)
from osteon.events import Bolus, ParameterStep, StateScale
from osteon.model import Evidence, ModelSpec, Observable, Parameter, State

if TYPE_CHECKING:
    from osteon import models
    from osteon.aging import attribute_aging
    from osteon.dosing import Regimen
    from osteon.patient import Patient
    from osteon.population_sampling import sample_population
    from osteon.result import Result
    from osteon.simulation import simulate
    from osteon.trial import TrialResult, simulate_arms

_LAZY = {"simulate": ("osteon.simulation", "simulate"), "Result": ("osteon.result", "Result"),
         "models": ("osteon.models", None), "Patient": ("osteon.patient", "Patient"),
         "attribute_aging": ("osteon.aging", "attribute_aging"),
         "Regimen": ("osteon.dosing", "Regimen"),
         "simulate_arms": ("osteon.trial", "simulate_arms"),
         "sample_population": ("osteon.population_sampling", "sample_population"),
         "TrialResult": ("osteon.trial", "TrialResult")}


def __getattr__(name: str) -> Any:
    """Import the heavy parts (SciPy, pandas) on first use, keeping ``import osteon`` fast."""
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        mod = importlib.import_module(module)
        value = mod if attr is None else getattr(mod, attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'osteon' has no attribute {name!r}")

__all__ = [
    "Bolus",
    "Evidence",
    "InputError",
    "ModelDefinitionError",
    "ModelSpec",
    "Observable",
    "OsteonError",
    "Parameter",
    "ParameterStep",
    "Patient",
    "Regimen",
    "Result",
    "SimulationError",
    "Solver",
    "State",
    "StateScale",
    "SteadyStateError",
    "TrialResult",
    "UnknownNameError",
    "__version__",
    "attribute_aging",
    "models",
    "sample_population",
    "simulate",
    "simulate_arms",
]
