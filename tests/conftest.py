import warnings

import pytest

from osteon.errors import OsteonWarning
from osteon.model import ModelSpec, Parameter, State


@pytest.fixture(autouse=True)
def _osteon_warnings_visible():
    """osteon warnings are part of behaviour: tests that expect one use pytest.warns."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", OsteonWarning)
        yield


@pytest.fixture
def blowup_model() -> ModelSpec:
    """dx/dt = k x^2 blows up at t = 1/(k x0): a solve that must fail (initial given, the steady
    state x = 0 is not used)."""
    def rhs(t, y, p, xp):
        return xp.stack([p["k"] * y[:, 0] ** 2], axis=-1)

    return ModelSpec(id="toy_blowup", version="0", time_unit="day",
                     states=(State("x", "pM", "explodes", initial=1.0),),
                     parameters=(Parameter("k", 1e-3, "1/pM/day", "rate", "PMID 1, Table 1"),),
                     rhs=rhs)
