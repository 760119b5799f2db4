"""The FNIH trial-level surrogate (Bouxsein 2019, PMID 30674078): the abstract's worked examples,
the shape of the line, and bad input."""

import math

import numpy as np
import pytest

from osteon.errors import InputError
from osteon.readouts import trial_surrogate as ts


@pytest.mark.parametrize("point", ts.PUBLISHED_POINTS, ids=lambda p: f"{p.outcome}-{p.th_difference:g}")
def test_the_abstracts_examples_are_reproduced(point):
    # a 2 % or 6 % total-hip improvement: 28 % or 66 % fewer vertebral, 16 % or 40 % fewer hip
    assert ts.expected_rr(point.th_difference, point.outcome) == pytest.approx(point.rr, rel=1e-12)


def test_the_registry_holds_the_abstracts_numbers():
    assert {(p.outcome, p.th_difference, p.reduction) for p in ts.PUBLISHED_POINTS} == {
        ("vertebral", 2.0, 28.0), ("vertebral", 6.0, 66.0), ("hip", 2.0, 16.0), ("hip", 6.0, 40.0)}
    assert all("PMID 30674078" in p.source for p in ts.PUBLISHED_POINTS)


def test_log_linear_in_the_difference_and_steeper_for_vertebral_fractures():
    d = np.linspace(-2.0, 10.0, 13)
    for outcome in ts.OUTCOMES:
        rr = ts.expected_rr(d, outcome)
        assert np.all(np.diff(rr) < 0)
        assert np.allclose(np.diff(np.log(rr)), np.diff(np.log(rr))[0])  # log-linear
    a_v, b_v = ts.coefficients("vertebral")
    a_h, b_h = ts.coefficients("hip")
    assert b_v < b_h < 0
    # no difference between arms: close to no effect (intercepts from the published points)
    assert abs(a_v) < 0.05 and abs(a_h) < 0.01
    # an arm that loses more than placebo has a relative risk above 1
    assert ts.expected_rr(-3.0, "vertebral") > 1.0
    assert isinstance(ts.expected_rr(4.0, "hip"), float)
    assert ts.expected_rr(4.0, "hip") == pytest.approx(math.exp(a_h + 4.0 * b_h))


def test_bad_input_names_the_field_and_the_domain():
    with pytest.raises(InputError, match=r"outcome must be one of vertebral, hip.*nonvertebral.*"
                                         r"got 'nonvertebral'"):
        ts.expected_rr(3.0, "nonvertebral")
    with pytest.raises(InputError, match=r"th_difference must be finite.*got nan"):
        ts.expected_rr(float("nan"), "hip")
    with pytest.raises(InputError, match=r"th_difference must be a number of points.*got 'six'"):
        ts.expected_rr("six", "hip")
