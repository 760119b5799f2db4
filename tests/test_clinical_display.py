"""What the CLI and the figures show a clinician: her reading, each fact once, what decides the
class, and what the readouts leave out (user reports verified by a clinician)."""

import warnings

import numpy as np
import pytest

from osteon.errors import OsteonWarning

TWO_SITES = "female, age 65, t_score_fn=-2.6, t_score_ls=-2.8"
ARMS = ["alendronate 70 mg oral weekly for 5 years", "none"]


@pytest.fixture(scope="module")
def two_site_arms():
    """The two arms of a patient whose two sites the model's bone cannot both match, and every
    warning their runs said (recorded, so each can be counted)."""
    from osteon.cli.compare import run_arms
    from osteon.patient import Patient

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        arms = run_arms(ARMS, patient=Patient.parse(TWO_SITES), duration=60.0, points=3)
    return arms, caught


def test_the_compare_figure_draws_her_reading_not_the_models_bone(two_site_arms):
    """Her femoral neck started at the model's 0.572 g/cm² (T -2.38, in the osteopenia band)
    while she gave T -2.6 (0.546), which summary.json and the run's figure read."""
    import matplotlib.pyplot as plt

    from osteon.cli.compare import plot_arms
    from osteon.readouts.clinical import reported_bmd, subject_patients
    from osteon.readouts.densitometry import REFERENCE

    arms, _ = two_site_arms
    fig = plot_arms(arms)
    for ax, site, t in zip(fig.axes[:3], ("lumbar_spine", "total_hip", "femoral_neck"),
                           (-2.8, None, -2.6), strict=True):
        for line, r in zip(ax.lines, arms.values(), strict=True):
            y = line.get_ydata()
            np.testing.assert_allclose(y, reported_bmd(r, 0, subject_patients(r)[0])[site])
            if t is not None:  # a site she gave starts where she gave it
                assert y[0] == pytest.approx(REFERENCE[site].mean + t * REFERENCE[site].sd)
                clin = r.clinical()
                assert clin[f"t_score_{site}"].iloc[0] == pytest.approx(t)
    neck = fig.axes[2].lines[0].get_ydata()[0]
    assert neck != pytest.approx(next(iter(arms.values()))["bmd_femoral_neck"][0][0], rel=1e-3)
    plt.close(fig)


def test_the_arms_say_her_individualization_once(two_site_arms):
    """Every arm starts from the same patient: the warning on the fit of her two sites was
    printed once per arm."""
    _, caught = two_site_arms
    fits = [w for w in caught if "cannot match both sites given" in str(w.message)]
    assert len(fits) == 1 and issubclass(fits[0].category, OsteonWarning)


def test_said_once_keeps_each_distinct_warning_and_the_filters_outside():
    from osteon.cli.compare import said_once

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with said_once():
            for arm in ("a", "b"):
                warnings.warn("shared", OsteonWarning, stacklevel=1)
                warnings.warn(f"arm {arm} only", OsteonWarning, stacklevel=1)
    assert [str(w.message) for w in caught] == ["shared", "arm a only", "arm b only"]
    # under an error filter (pytest's), the block runs to its end and the first one raises
    ran = []
    with pytest.raises(OsteonWarning, match="shared"), said_once():
        warnings.warn("shared", OsteonWarning, stacklevel=1)
        ran.append(True)
    assert ran == [True]
