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


def _table(output: str, title: str) -> list[list[str]]:
    """The cells of each line of the table titled ``title`` in ``output`` (header lines too)."""
    text = output[output.index(title):]
    return [[c.strip() for c in line.split("│" if line.startswith("│") else "┃")[1:-1]]
            for line in text.splitlines() if line.startswith(("│", "┃"))]


def _columns(rows: list[list[str]]) -> list[str]:
    """The headers of a table's columns, their wrapped lines joined (the header lines are
    before the first data row)."""
    heads = [r for r in rows[:3] if r and not r[-1].replace(".", "").strip("-+*").isdigit()]
    return [" ".join(filter(None, parts)) for parts in zip(*heads, strict=True)]


def test_the_start_end_table_shows_the_z_scores_that_decide_the_class():
    """A man of 40 read 'T spine -2.4 | WHO class: below the expected range for age': the
    Z-score that decides the class was not shown, under a column named for a WHO class he does
    not have."""
    from typer.testing import CliRunner

    from osteon.cli.app import app

    res = CliRunner().invoke(app, ["simulate", "--patient", "male, age 40, t_score_ls=-2.4",
                                   "--years", "0.5", "--points", "5"])
    assert res.exit_code == 0, res.output
    rows = _table(res.output, "Clinical readouts")
    start = next(r for r in rows if r[0] == "start")
    heads = _columns(rows[:rows.index(start)])
    assert "WHO class" not in heads and "WHO/ISCD class" in heads
    assert heads[2:4] == ["T spine", "T total hip"] and "Z spine" in heads
    assert start[heads.index("Z spine")] == "-2.2"  # as osteon assess reads him
    assert start[heads.index("WHO/ISCD class")].startswith("below the")  # wrapped
    assert "Z: the Z-scores, shown where they decide the class" in " ".join(res.output.split())


def test_the_decades_table_shows_the_z_scores_where_they_decide_the_class():
    """Before 50 a man is read by Z (ISCD), from 50 by T: the Z column shows his Z-score where
    it decides the class and '-' where the T-score does; summary.json's by_decade has both."""
    from typer.testing import CliRunner

    from osteon.cli.app import app
    from osteon.readouts.clinical import read_by_z

    res = CliRunner().invoke(app, ["simulate", "--patient", "male, age 45, t_score_ls=-2.4",
                                   "--years", "10", "--points", "21"])
    assert res.exit_code == 0, res.output
    rows = _table(res.output, "By decade")
    body = [r for r in rows if r and r[0][:1].isdigit()]
    heads = _columns(rows[:rows.index(body[0])])
    assert "Z spine" in heads and "WHO/ISCD class" in heads
    z, cls = heads.index("Z spine"), heads.index("WHO/ISCD class")
    first = {r[0]: r for r in body}
    assert first["45"][z] == "-2.1" and first["45"][cls].startswith("below the")
    assert first["50"][z] == "-" and first["50"][cls] == "osteoporosis"
    from osteon.patient import Patient
    from osteon.simulation import simulate

    r = simulate("osteon", patient=Patient.parse("male, age 45, t_score_ls=-2.4"),
                 duration=60.0, save=3)
    decade = r.summary()["clinical"]["by_decade"][0]
    assert decade["z_score_lumbar_spine"] == pytest.approx(
        r.clinical()["z_score_lumbar_spine"].iloc[0])
    assert read_by_z(decade["who_class"]) and not read_by_z("osteoporosis")


def test_a_malignancy_in_bone_says_the_fracture_readouts_leave_out_its_fractures(tmp_path):
    """A myeloma run showed osteoporosis-style fracture probabilities (10-year hip 2.3 %,
    'osteoporosis', risk factors none) with no word that its pathological fractures are not in
    the hazard model."""
    from typer.testing import CliRunner

    from osteon import conditions
    from osteon.cli.app import app
    from osteon.errors import ReadoutCaveatWarning
    from osteon.readouts.clinical import malignancies
    from osteon.simulation import simulate

    # a card attribute marks them, not their names
    marked = {n for n in conditions.names() if conditions.get(n).card.malignancy}
    assert marked == {"multiple_myeloma", "bone_metastases"}
    assert "pathological fractures" in conditions.card_text("myeloma")
    assert "pathological fractures" not in conditions.card_text("glucocorticoids")
    assert malignancies(["myeloma", "glucocorticoids 7.5 mg/day"]) == [
        "Multiple myeloma bone disease"]
    with pytest.warns(ReadoutCaveatWarning, match="pathological fractures") as said:
        r = simulate("osteon", patient="male, age 66", conditions=["multiple myeloma"],
                     duration=60.0, save=3)
        caveats = r.summary()["clinical"]["caveats"]
    assert sum("pathological" in str(w.message) for w in said) == 1  # once per result
    assert len(caveats) == 1 and "leave them out" in caveats[0]
    assert caveats[0].startswith("Multiple myeloma bone disease is a malignancy in bone")
    # the CLI says it under the table
    with pytest.warns(ReadoutCaveatWarning):
        res = CliRunner().invoke(app, ["simulate", "--patient", "male, age 66", "--condition",
                                       "bone metastases", "--years", "0.5", "--points", "3"])
    assert res.exit_code == 0, res.output
    assert "caveat: Osteolytic bone metastases is a malignancy in bone" in " ".join(
        res.output.split())
    # no caveat without one
    plain = simulate("osteon", patient="male, age 66", conditions=["glucocorticoids 7.5 mg/day"],
                     duration=60.0, save=3).summary()["clinical"]
    assert plain["caveats"] == []


def test_the_class_is_captioned_as_densitometric_not_a_diagnosis():
    """A woman with a prior fracture on denosumab read 'severe osteoporosis' -> 'osteopenia' ->
    'severe osteoporosis' as her T-score crossed -2.5: correct for the WHO class, but read as a
    re-diagnosis; the table says the class is densitometric and that osteon makes no clinical
    diagnosis (NBHA)."""
    from typer.testing import CliRunner

    from osteon.cli.app import app

    res = CliRunner().invoke(app, ["simulate", "--patient", "female, age 68, "
                                   "t_score_femoral_neck=-2.6, prior fracture", "--treat",
                                   "denosumab 60 mg sc q6mo x 1", "--years", "0.5",
                                   "--points", "3"])
    assert res.exit_code == 0, res.output
    text = " ".join(res.output[res.output.index("Clinical readouts"):].split())
    assert "severe osteoporosis" in text
    assert "WHO/ISCD class: the densitometric category at that age, not a diagnosis" in text
    assert "NBHA 2014" in text and "are not made by osteon" in text


def test_the_t_score_is_faint_where_the_z_score_is_read_and_the_legend_covers_no_label():
    """Before her menopause the solid spine T-score crossed the hatched Z band while her Z-score
    (what the class reads) did not, and the legend covered the 'normal' label and the top tick:
    the T-score is faint at the ages read by Z, and the legend sits below the panel."""
    import matplotlib.pyplot as plt

    from osteon.simulation import simulate

    r = simulate("osteon", patient="female, age 50, menopause at 51, t_score_ls=-1.8",
                 duration="2 years", save=9)
    fig = r.plot()
    ax = next(a for a in fig.axes if a.get_title().startswith("T-score and WHO class"))
    age = r["age_years"][0]
    spine = next(line for line in ax.lines if line.get_label() == "lumbar spine")
    faint = next(line for line in ax.lines if line.get_gid() == "t_score_read_by_z:lumbar_spine")
    read = np.isfinite(spine.get_ydata())
    assert not read[age < 51.0 - 1e-9].any() and read[age >= 51.0].all()
    assert np.isfinite(faint.get_ydata()[age < 51.0]).all()
    assert faint.get_alpha() < spine.get_alpha()
    assert ax.get_legend().get_bbox_to_anchor().y0 < ax.get_window_extent().y0  # below it
    plt.close(fig)


def test_compare_marks_the_sites_the_model_derived(two_site_arms):
    """Sweep finding 3: --compare's summary.json had no bmd_sites (each arm's had it) and its
    figure drew a derived site unmarked, deep in a WHO band she was never measured in; a single
    run's figure did not mark it either."""
    import json

    import matplotlib.pyplot as plt

    from osteon.cli.compare import _arm_files, plot_arms
    from osteon.plotting import plot_clinical

    arms, _ = two_site_arms
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        files = _arm_files(arms)
    summary = json.loads(files["summary.json"])
    first = next(iter(arms.values()))
    assert summary["bmd_sites"] == first.summary()["bmd_sites"]
    assert summary["bmd_sites"]["model_derived"] == ["total_hip"]
    fig = plot_arms(arms)
    titles = [ax.get_title() for ax in fig.axes[:3]]
    assert "*" in titles[1] and "derived by the model" in titles[1]
    assert "*" not in titles[0] and "*" not in titles[2]
    plt.close(fig)
    fig = plot_clinical(first)
    for ax in fig.axes[:2]:  # BMD and T-score panels: the legend names the derived site
        labels = ax.get_legend_handles_labels()[1]
        assert "total hip* (derived by the model)" in labels, labels
        assert "lumbar spine" in labels and "femoral neck" in labels
    plt.close(fig)


def test_a_patient_without_bmd_marks_no_site():
    """No site given: every site is the model's own average person's (the caption says so);
    none is marked derived."""
    from types import SimpleNamespace

    from osteon.readouts.clinical import derived_sites

    def run(attrs):
        return SimpleNamespace(attrs=attrs, subject_ids=(0,))

    assert derived_sites(run({"patient": "female, age 65"})) == []
    assert derived_sites(run({"patient": "female, age 65, t_score_fn=-2.6"})) == [
        "lumbar_spine", "total_hip"]
    assert derived_sites(run({})) == []
