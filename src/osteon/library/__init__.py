"""The model library: one module and one card per model.

``list()``, ``load(id)``, ``show(id)``, ``citation(id)`` are re-exported as ``osteon.models``.
Models are built on first use (building checks every unit with pint), then cached.
"""

from __future__ import annotations

import importlib
from functools import cache

from osteon.errors import unknown_name
from osteon.model.spec import ModelSpec

#: id -> module that defines ``build() -> ModelSpec``
_REGISTRY: dict[str, str] = {
    "komarova2003": "osteon.library.komarova2003",
    "osteon": "osteon.library.integrated",
    "lemaire2004": "osteon.library.lemaire2004",
    "pivonka2008": "osteon.library.pivonka2008",
    "peterson_riggs2010": "osteon.library.peterson_riggs2010",
}


def ids() -> list[str]:
    """The ids of every model in the library."""
    return sorted(_REGISTRY)


@cache
def load(model_id: str) -> ModelSpec:
    """The :class:`ModelSpec` of ``model_id``."""
    if not isinstance(model_id, str) or model_id not in _REGISTRY:
        raise unknown_name("model id", str(model_id), _REGISTRY)
    return importlib.import_module(_REGISTRY[model_id]).build()
