"""The model framework: parameters with provenance, states, observables, specs, steady states."""

from osteon.model.parameter import Evidence, Parameter, source_is_complete
from osteon.model.spec import Card, ModelSpec, Observable, State
from osteon.model.steady_state import SteadyState, find_steady_state, relative_residual

__all__ = [
    "Card",
    "Evidence",
    "ModelSpec",
    "Observable",
    "Parameter",
    "State",
    "SteadyState",
    "find_steady_state",
    "relative_residual",
    "source_is_complete",
]
