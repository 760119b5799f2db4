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
def edge_model() -> ModelSpec:
    """a decays to zero at rate k, fed by b's deviation from the track 2 + sin t that b follows
    stiffly (zero in exact arithmetic); c grows with sqrt(a). Once a has decayed to the size of
    b's error it is carried as noise of either sign, and trial points below a's zero have a
    non-finite rate of c whatever the step's length: the integrated model's active osteoblasts
    under a runaway adipogenic drift (at round-off, a fractional power of them in the calcium
    fluxes). k = 5 reaches that edge near t = 4 d; k = 0.1 stays clear of it for 20 d."""
    def rhs(t, y, p, xp):
        a, b, c = y[:, 0], y[:, 1], y[:, 2]
        track = 2.0 + xp.sin(t)
        return xp.stack([-p["k"] * a + 10.0 * (b - track),
                         -1e3 * (b - track) + xp.cos(t),
                         a ** 0.5 - 0.01 * c], axis=-1)

    return ModelSpec(id="toy_edge", version="0", time_unit="day",
                     states=(State("a", "pM", "decays to zero", initial=1.0),
                             State("b", "pM", "tracks 2 + sin t", initial=2.0),
                             State("c", "pM", "grows with sqrt(a)", initial=1.0)),
                     parameters=(Parameter("k", 0.1, "1/day", "decay of a", "PMID 1, Table 1"),),
                     rhs=rhs)


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
