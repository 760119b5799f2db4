import warnings

import pytest

from osteon.errors import OsteonWarning


@pytest.fixture(autouse=True)
def _osteon_warnings_visible():
    """osteon warnings are part of behaviour: tests that expect one use pytest.warns."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", OsteonWarning)
        yield
