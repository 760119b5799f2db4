"""Bone turnover markers: assay-specific reference intervals, status, change from baseline."""

import math

import numpy as np
import pytest

from osteon.errors import InputError, UnknownNameError
from osteon.readouts import ASSAYS, marker_status, percent_change, read_marker, reference_interval

ALL_INTERVALS = [(assay, marker, ref)
                 for assay, a in ASSAYS.items()
                 for marker, by_ref in a.intervals.items()
                 for ref in by_ref]


@pytest.mark.parametrize("assay,marker,reference,low,high", [
    # Michelsen et al., Bone 2013 (PMID 24076251), IDS-iSYS
    ("IDS-iSYS", "P1NP", "premenopausal", 19.3, 76.3),
    ("IDS-iSYS", "CTX", "premenopausal", 0.05, 0.67),
    ("IDS-iSYS", "BSAP", "premenopausal", 6.0, 22.7),
    ("IDS-iSYS", "P1NP", "postmenopausal", 18.2, 102.3),
    ("IDS-iSYS", "CTX", "postmenopausal", 0.09, 1.05),
    ("IDS-iSYS", "BSAP", "postmenopausal", 8.1, 31.6),
    # Bone 2012 (PMID 22348982), automated assays
    ("Roche Elecsys", "CTX", "premenopausal", 0.111, 0.791),
    ("Roche Elecsys", "P1NP", "premenopausal", 17.3, 83.4),
    ("Beckman Access Ostase", "BSAP", "premenopausal", 5.8, 17.5),
])
def test_published_intervals(assay, marker, reference, low, high):
    ri = reference_interval(marker, assay, reference)
    assert (ri.low, ri.high, ri.unit) == (low, high, "ng/mL")
    assert "PMID" in ri.source


def test_every_interval_is_tested_above():
    assert len(ALL_INTERVALS) == 9


@pytest.mark.parametrize("assay,marker,reference", ALL_INTERVALS)
def test_edges_inside_and_just_outside(assay, marker, reference):
    ri = reference_interval(marker, assay, reference)
    assert marker_status(ri.low, marker, assay, reference) == "inside"
    assert marker_status(ri.high, marker, assay, reference) == "inside"
    assert marker_status((ri.low + ri.high) / 2, marker, assay, reference) == "inside"
    assert marker_status(np.nextafter(ri.low, -np.inf), marker, assay, reference) == "below"
    assert marker_status(np.nextafter(ri.high, np.inf), marker, assay, reference) == "above"


def test_status_hand_cases_and_vectorized():
    assert marker_status(19.29, "P1NP") == "below"  # default: IDS-iSYS, premenopausal
    assert marker_status(76.31, "P1NP") == "above"
    assert marker_status(90.0, "P1NP", reference="postmenopausal") == "inside"  # 18.2-102.3
    out = marker_status(np.array([[0.04, 0.05], [0.67, 0.68]]), "ctx")
    assert out.shape == (2, 2) and out.dtype == object
    assert out.tolist() == [["below", "inside"], ["inside", "above"]]
    assert marker_status(0.0, "CTX") == "below"  # zero (undetectable) is a valid value


def test_aliases():
    assert marker_status(50, "PINP", "ids") == marker_status(50, "P1NP", "IDS-iSYS")
    assert reference_interval("beta-CTX", "roche", "pre").high == 0.791
    assert reference_interval("bone ALP", "access ostase").low == 5.8
    assert reference_interval("bap", "IDS", "post").high == 31.6


def test_percent_change():
    assert percent_change(75.0, 100.0) == -25.0
    assert percent_change(0.3, 0.6) == pytest.approx(-50.0)
    assert percent_change(50.0, 40.0) == pytest.approx(25.0)
    assert percent_change(0.0, 12.0) == -100.0
    np.testing.assert_allclose(percent_change(np.array([30.0, 60.0, 90.0]), 60.0), [-50.0, 0.0, 50.0])
    np.testing.assert_allclose(percent_change(1.0, np.array([0.5, 2.0])), [100.0, -50.0])


@pytest.mark.parametrize("value,baseline,needle", [
    (10.0, 0.0, r"baseline must be a finite number > 0 ng/mL; got 0.0"),
    (10.0, -4.0, r"baseline must be a finite number > 0"),
    (-1.0, 10.0, r"value must be a finite number >= 0 ng/mL; got -1.0"),
    (math.nan, 10.0, r"value must be a finite number >= 0"),
    (10.0, math.inf, r"baseline must be"),
    ("high", 10.0, r"value must be"),
    ([1.0, 2.0, 3.0], [1.0, 2.0], r"must broadcast"),
])
def test_percent_change_errors(value, baseline, needle):
    with pytest.raises(InputError, match=needle):
        percent_change(value, baseline)


def test_read_marker():
    r = read_marker(0.45, "ctx", "Roche Elecsys", baseline=0.9)
    assert (r.marker, r.assay, r.reference, r.unit) == ("CTX", "Roche Elecsys", "premenopausal", "ng/mL")
    assert r.interval == (0.111, 0.791)
    assert r.value == 0.45 and r.status == "inside"
    assert r.change_percent == pytest.approx(-50.0)
    r2 = read_marker(110.0, "P1NP", "IDS-iSYS", reference="postmenopausal")
    assert r2.status == "above" and r2.change_percent is None and r2.interval == (18.2, 102.3)
    with pytest.raises(AttributeError):
        r2.status = "inside"  # frozen


def test_marker_errors():
    with pytest.raises(UnknownNameError, match=r"unknown marker 'osteocalcin'; allowed: P1NP, CTX, BSAP"):
        marker_status(10, "osteocalcin")
    with pytest.raises(UnknownNameError, match=r"unknown assay 'Siemens'.*allowed: IDS-iSYS"):
        marker_status(10, "P1NP", "Siemens")
    with pytest.raises(UnknownNameError, match=r"unknown reference population 'men'"):
        marker_status(10, "P1NP", "IDS-iSYS", "men")
    with pytest.raises(UnknownNameError, match=r"'Roche Elecsys' has no postmenopausal interval for "
                                               r"marker 'CTX'; it has: premenopausal"):
        marker_status(0.3, "CTX", "roche", "postmenopausal")
    with pytest.raises(UnknownNameError, match=r"'Roche Elecsys' has no interval for marker 'BSAP'"):
        read_marker(10, "BSAP", "Roche Elecsys")
    with pytest.raises(InputError, match=r"P1NP concentration must be a finite number >= 0 ng/mL; got -3"):
        marker_status(-3, "P1NP")
    with pytest.raises(InputError, match=r"got inf \(element 1 of 2\)"):
        marker_status([1.0, math.inf], "CTX")
    with pytest.raises(InputError, match=r"marker must be a text"):
        marker_status(1.0, None)
    with pytest.raises(InputError, match=r"baseline must be a finite number > 0"):
        read_marker(40.0, "P1NP", baseline=0)


def test_premenopausal_centre_and_on_assay_by_hand():
    from osteon.readouts.markers import on_assay, premenopausal_centre

    assert premenopausal_centre("CTX", "IDS-iSYS") == pytest.approx(np.sqrt(0.05 * 0.67))
    assert premenopausal_centre("P1NP", "roche") == pytest.approx(np.sqrt(17.3 * 83.4))
    assert on_assay(2.0, "CTX", "Roche Elecsys") == pytest.approx(2.0 * np.sqrt(0.111 * 0.791))
    assert on_assay(np.array([1.0, 0.5]), "P1NP").shape == (2,)
    with pytest.raises(InputError, match="ratio to the young adult"):
        on_assay(-1.0, "CTX")


def test_men_ctx_interval_follows_the_two_published_age_bands():
    from osteon.readouts.markers import MEN_CTX_BANDS, men_ctx_interval

    # Michelsen et al., Bone 2013 (PMID 24076251), abstract: men 25-29 y 0.12-0.83 ng/mL,
    # 75-79 y 0.05-0.58 ng/mL (IDS-iSYS)
    assert [(band, ri.low, ri.high) for band, ri in MEN_CTX_BANDS] == [
        ((25, 29), 0.12, 0.83), ((75, 79), 0.05, 0.58)]
    assert men_ctx_interval(27.5) == pytest.approx((0.12, 0.83), rel=1e-12)
    assert men_ctx_interval(77.5) == pytest.approx((0.05, 0.58), rel=1e-12)
    # halfway between the band middles: halfway between the limits; the nearest band beyond
    assert men_ctx_interval(52.5) == pytest.approx((0.085, 0.705), rel=1e-12)
    assert men_ctx_interval(95.0) == men_ctx_interval(77.5)
    assert men_ctx_interval(20.0) == men_ctx_interval(27.5)
    low, high = men_ctx_interval(np.array([50.0, 60.0, 70.0]))
    assert np.all(np.diff(low) < 0) and np.all(np.diff(high) < 0)  # falls with age
    for bad in ("70", float("nan"), True):
        with pytest.raises(InputError, match="age must be a finite number of years"):
            men_ctx_interval(bad)
