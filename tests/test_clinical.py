"""Clinical readouts carried through simulations (trajectory columns, summary, figure) and
``osteon assess`` for one person without a simulation."""

import json

import numpy as np
import pytest
from typer.testing import CliRunner

import osteon
from osteon import drugs
from osteon.cli.app import app
from osteon.errors import InputError, ReadoutCaveatWarning
from osteon.readouts import REFERENCE, t_score
from osteon.readouts.clinical import assess
from osteon.readouts.markers import reference_interval

FN = REFERENCE["femoral_neck"]


# ---------------------------------------------------------------------------- assess

@pytest.mark.parametrize(("t", "fracture", "expected"), [
    (-1.0, False, "normal"), (-1.1, False, "osteopenia"), (-2.4, False, "osteopenia"),
    (-2.5, False, "osteoporosis"), (-2.5, True, "severe osteoporosis"),
    # classed as reported, to one decimal: -1.01 is -1.0 and -2.49 is -2.5
    (-1.01, False, "normal"), (-2.49, False, "osteoporosis"),
])
def test_who_class_at_the_boundaries(t, fracture, expected):
    text = f"female, age 65, t_score_femoral_neck={t}" + (", prior fracture" if fracture else "")
    assert assess(text)["who_class"] == expected


def _class_of_printed(t: float) -> str:
    """The WHO class of a T-score as osteon prints it (one decimal, diagnosis.format_score)."""
    from osteon.readouts.diagnosis import format_score

    shown = float(format_score(t))
    return "normal" if shown >= -1.0 else "osteoporosis" if shown <= -2.5 else "osteopenia"


def _assess_rows(text: str) -> dict[str, str]:
    """``osteon assess``'s printed table: the readout's row (its cells joined) by first cell."""
    out = CliRunner().invoke(app, ["assess", "--patient", text])
    assert out.exit_code == 0, out.output
    rows = {}
    for line in out.output.splitlines():
        cells = [c.strip() for c in line.strip("│ ").split("│")]
        if len(cells) >= 2 and cells[0]:
            rows[cells[0]] = cells[-1]
    return rows, out.output


def _contributions_text(output: str) -> str:
    """The first column of ``osteon assess``'s contributions table (the inputs, wrapped over
    lines), as one text."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if "input (vs" in line)
    return " ".join(line.split("│")[1].strip() for line in lines[start:]
                    if line.startswith("│"))


@pytest.mark.parametrize(("t", "shown", "who"), [
    (-0.95, "-1.0", "normal"), (-1.05, "-1.1", "osteopenia"), (-2.15, "-2.2", "osteopenia"),
    (-2.25, "-2.3", "osteopenia"), (-2.45, "-2.5", "osteoporosis"),
    (-2.55, "-2.6", "osteoporosis"), (0.05, "+0.1", "normal"), (-0.05, "-0.1", "normal"),
])
def test_assess_prints_a_tie_away_from_zero_with_the_class_of_that_digit(t, shown, who):
    """-2.45 and -1.05 printed -2.5 and -1.1, but -0.95, -2.15 and -2.25 printed -0.9, -2.1 and
    -2.2: Python's format reads the float's binary value. One rule now: a tie away from zero,
    in the table, the contributions row and the class."""
    rows, output = _assess_rows(f"female, age 66, t_score_fn={t}")
    assert rows["t_score_femoral_neck"] == shown and rows["who_class"] == who, output
    assert f"femoral-neck T {shown} (vs T" in _contributions_text(output), output
    out = assess(f"female, age 66, t_score_fn={t}")
    assert out["who_class"] == who == _class_of_printed(out["t_score_femoral_neck"])
    assert out["contributions"][0]["factor"].startswith(f"femoral-neck T {shown} (vs T ")


def test_a_bmd_exactly_at_a_tie_prints_and_classes_the_tie_away_from_zero():
    """bmd_fn=0.60 is T -2.15 exactly (femoral neck 0.858 ± 0.120 g/cm²); it printed -2.1, and
    'T -2.1' in the contributions row."""
    rows, output = _assess_rows("female, age 66, bmd_fn=0.60")
    assert rows["t_score_femoral_neck"] == "-2.2" and rows["who_class"] == "osteopenia", output
    assert "femoral-neck T -2.2 (vs T" in _contributions_text(output), output
    out = assess("female, age 66, bmd_fn=0.60")
    assert out["t_score_femoral_neck"] == pytest.approx(-2.15, abs=1e-12)
    assert out["contributions"][0]["factor"].startswith("femoral-neck T -2.2 (vs T ")
    # at the osteoporosis edge through a BMD: printed -2.5, osteoporosis
    rows, output = _assess_rows(f"female, age 66, bmd_fn={FN.mean - 2.45 * FN.sd!r}")
    assert rows["t_score_femoral_neck"] == "-2.5" and rows["who_class"] == "osteoporosis", output


#: T-scores at and around the WHO boundaries: -2.4999999 and -1.0000001 as round-off leaves
#: them, -2.46 and -1.04 printed as the boundary, -1.05/-0.95/-2.45 on either side of a half
AT_THE_BOUNDARIES = (-1.0, -2.5, -2.4999999, -1.0000001, -2.46, -1.04, -1.05, -0.95, -2.45,
                     -2.54, -2.44)


@pytest.mark.parametrize("site", ["lumbar_spine", "total_hip", "femoral_neck"])
def test_assess_prints_a_t_score_and_a_class_that_agree_at_the_boundaries(site):
    """T -2.4999999 was printed -2.5 (one decimal) beside 'osteopenia'."""
    from osteon.readouts import bmd_from_t_score

    for t in AT_THE_BOUNDARIES:
        out = assess(f"female, age 65, t_score_{site}={t}")
        assert out["who_class"] == _class_of_printed(out[f"t_score_{site}"]), (t, out)
    for t, want in ((-1.0, "normal"), (-2.5, "osteoporosis")):  # the same through a BMD
        bmd = bmd_from_t_score(t, site)
        out = assess(f"female, age 65, bmd_{site}={bmd!r}")
        assert out["who_class"] == want == _class_of_printed(out[f"t_score_{site}"]), (t, out)
    table = CliRunner().invoke(app, ["assess", "--patient", f"female, age 65, t_score_{site}="
                                                            "-2.4999999"])
    assert table.exit_code == 0, table.output
    row = next(line for line in table.output.splitlines() if f"t_score_{site}" in line)
    assert row.split()[-2:] == ["-2.5", "│"] and "osteoporosis" in table.output, table.output


@pytest.mark.parametrize("site", ["lumbar_spine", "total_hip", "femoral_neck"])
def test_a_simulation_starts_with_a_t_score_and_a_class_that_agree_at_the_boundaries(site):
    """The start of an individualized patient re-derives her T-score from the model's BMD:
    the class at the start goes with the T-score printed, and with assess's."""
    for t in (-1.0, -2.5, -2.4999999, -1.0000001, -2.46, -1.04):
        text = f"female, age 65, t_score_{site}={t}"
        r = osteon.simulate("osteon", patient=text, duration=10, save=2)
        start = r.summary()["clinical"]["start"]
        assert start["who_class"] == _class_of_printed(start[f"t_score_{site}"]) \
            == assess(text)["who_class"], (t, start)
        assert r.clinical()["who_class"].iloc[0] == start["who_class"]


def test_who_class_from_bmd_exactly_at_minus_2_5():
    bmd = FN.mean - 2.5 * FN.sd  # 0.558 g/cm2
    out = assess(f"female, age 70, bmd_femoral_neck={bmd!r}")
    assert out["t_score_femoral_neck"] == -2.5
    assert out["who_class"] == "osteoporosis"


def test_lowest_site_decides_the_class():
    out = assess("female, age 66, t_score_lumbar_spine=-2.6, t_score_femoral_neck=-1.2")
    assert out["who_class"] == "osteoporosis"


def test_premenopausal_woman_is_read_by_z_score():
    out = assess("female, age 40, menopause at 51, t_score_lumbar_spine=-2.6")
    assert out["score_type"] == "Z"
    # the spine curve exists for women: Z from the BMD of that T-score, and its ISCD class
    assert out["z_score_lumbar_spine"] is not None
    assert out["who_class"] in ("below the expected range for age",
                                "within the expected range for age")
    assert out["fracture_risk_10y_hip"] is None  # the fracture model starts at 50


def test_risk_rises_with_each_risk_factor_and_falls_with_bmd():
    base = assess("female, age 65, t_score_femoral_neck=-2.0")
    for factor in ("prior fracture", "parental hip fracture", "smoker", "glucocorticoids",
                   "rheumatoid arthritis", "alcohol 3 units/day"):
        more = assess(f"female, age 65, t_score_femoral_neck=-2.0, {factor}")
        assert more["fracture_risk_10y_hip"] > base["fracture_risk_10y_hip"], factor
        assert more["fracture_risk_10y_major"] > base["fracture_risk_10y_major"], factor
    better = assess("female, age 65, t_score_femoral_neck=-1.0")
    assert better["fracture_risk_10y_hip"] < base["fracture_risk_10y_hip"]
    assert base["fracture_risk_lifetime_hip"] >= base["fracture_risk_10y_hip"]


def test_a_spine_t_score_grades_the_vertebral_risk_only():
    base = assess("female, age 70, t_score_femoral_neck=-2.0")
    low = assess("female, age 70, t_score_femoral_neck=-2.0, t_score_lumbar_spine=-3.5")
    high = assess("female, age 70, t_score_femoral_neck=-2.0, t_score_lumbar_spine=0.5")
    assert low["fracture_risk_10y_hip"] == base["fracture_risk_10y_hip"]
    assert (low["fracture_risk_10y_clinical_vertebral"] > base["fracture_risk_10y_clinical_vertebral"]
            > high["fracture_risk_10y_clinical_vertebral"])
    # and MOF through its clinical vertebral part, which it contains
    assert (low["fracture_risk_10y_major"] > base["fracture_risk_10y_major"]
            > high["fracture_risk_10y_major"])
    assert low["fracture_risk_10y_major"] > low["fracture_risk_10y_clinical_vertebral"]
    assert "lumbar-spine T-score" in low["fracture_risk_basis"]
    assert "lumbar-spine" not in base["fracture_risk_basis"]


def test_assess_says_what_each_input_contributes():
    from osteon.readouts import fracture as fx
    from osteon.readouts.diagnosis import format_score

    text = "female, age 72, t_score_femoral_neck=-2.6, prior fracture, glucocorticoids"
    with pytest.warns(ReadoutCaveatWarning, match="multiplied as if independent"):
        out = assess(text)  # two factors: the stacked-factors caveat
    rows = {r["factor"].split(" (")[0]: r for r in out["contributions"]}
    assert set(rows) == {"femoral-neck T -2.6", "prior fracture", "glucocorticoids"}
    # a risk factor's hazard ratio is its relative risk at that age (Kanis meta-analyses): the
    # hip RR for hip, the osteoporotic-fracture RR for clinical vertebral, and for MOF (hip part
    # with the hip RR, the other parts with the osteoporotic one) a value between the two
    for name, flag in (("prior fracture", "prior_fracture"), ("glucocorticoids", "glucocorticoids")):
        rr_hip = float(fx.risk_factor_multiplier(72.0, "hip", **{flag: True}))
        rr_osteo = float(fx.risk_factor_multiplier(72.0, "clinical_vertebral", **{flag: True}))
        assert rows[name]["hazard_ratio_hip"] == pytest.approx(rr_hip, rel=1e-12)
        assert rows[name]["hazard_ratio_clinical_vertebral"] == pytest.approx(rr_osteo, rel=1e-12)
        lo, hi = sorted((rr_hip, rr_osteo))
        assert lo - 1e-12 <= rows[name]["hazard_ratio_major"] <= hi + 1e-12
        assert rows[name]["compared_with"] == f"no {name}"
    # the comparison of a risk factor is the same person without it
    alone = assess("female, age 72, t_score_femoral_neck=-2.6, glucocorticoids")
    assert rows["prior fracture"]["fracture_risk_10y_hip_without"] == pytest.approx(
        alone["fracture_risk_10y_hip"], rel=1e-12)
    # the comparison of a T-score is the mean BMD for her age (Z = 0), held fixed like hers
    t_mean = fx.femoral_neck_mean_t_score(72.0, "female")
    assert fx.femoral_neck_z_score(t_mean, 72.0, "female") == pytest.approx(0.0, abs=1e-12)
    average = fx.fracture_probability(72.0, "female", t_score_femoral_neck=t_mean,
                                      prior_fracture=True, glucocorticoids=True)
    row = rows["femoral-neck T -2.6"]
    for o in ("hip", "major", "clinical_vertebral"):
        assert row[f"fracture_risk_10y_{o}_without"] == pytest.approx(average[o], rel=1e-12)
        assert row[f"hazard_ratio_{o}"] > 1.0  # below the average for 72
        assert out[f"fracture_risk_10y_{o}"] > row[f"fracture_risk_10y_{o}_without"]
    assert row["factor"] == f"femoral-neck T -2.6 (vs T {format_score(t_mean)}, mean for age)"
    assert "held fixed" in row["compared_with"]
    assert assess("female, age 72")["contributions"] == []
    assert assess("female, age 45, prior fracture")["contributions"] == []  # outside 50-90


def test_assess_warns_when_risk_factors_are_stacked_and_names_them():
    """Two or more clinical risk factors: their RRs multiply as if independent, so the
    probability is an upper bound (a ReadoutCaveatWarning naming them); one factor is not
    warned of (the conftest turns any OsteonWarning into an error)."""
    import warnings

    text = "female, age 75, t_score_femoral_neck=-3.0, prior fracture, rheumatoid arthritis"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assess(text + ", alcohol 4 units/day")
    said = [str(w.message) for w in caught if issubclass(w.category, ReadoutCaveatWarning)]
    assert len(said) == 1
    assert "3 clinical risk factors (prior fracture, rheumatoid arthritis, alcohol 4 units/day)" \
        in said[0]
    assert "upper bound" in said[0] and "ASSUMPTION" in said[0]
    with pytest.warns(ReadoutCaveatWarning, match=r"\(prior fracture, rheumatoid arthritis\)"):
        assess(text)
    assess("female, age 75, t_score_femoral_neck=-3.0, rheumatoid arthritis")  # one: silent
    assess("female, age 75, prior fracture, alcohol 2 units/day")  # 2 units/day is no factor
    assess("female, age 45, prior fracture, smoker")  # no probability outside 50-90: silent


def test_a_simulation_warns_once_of_a_patients_factor_stacked_with_a_conditions():
    """The patient's smoking and the glucocorticoid condition enter together: one warning for
    the result, however often its clinical readouts are read (not one per time point)."""
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        r = osteon.simulate("osteon", patient="female, age 65, smoker", duration=60, save=3,
                            conditions=["glucocorticoids 7.5 mg/d from 0 for 2 years"])
        r.clinical()
        r.summary()
        r.to_pandas()
    said = [str(w.message) for w in caught if issubclass(w.category, ReadoutCaveatWarning)]
    assert len(said) == 1
    assert "2 clinical risk factors (smoker, glucocorticoids)" in said[0]
    # the smoker alone: no warning
    osteon.simulate("osteon", patient="female, age 65, smoker", duration=60, save=3).summary()


def test_assess_says_which_bmd_it_assumed_and_that_a_simulation_starts_elsewhere():
    """Without BMD, assess averages over the population's BMD for the age while a simulation
    starts from the model's own average woman: each says so (their t=0 risks differ)."""
    out = assess("female, age 65")
    (note,) = [n for n in out["notes"] if n.startswith("no BMD or T-score given")]
    assert "mean T -1.2" in note and "model's own average woman" in note
    assert assess("female, age 65, t_score_femoral_neck=-2.0")["notes"] == []
    cli = CliRunner().invoke(app, ["assess", "--patient", "female, age 65"])
    assert "note: no BMD or T-score given" in cli.output
    sim = CliRunner().invoke(app, ["simulate", "--patient", "female, age 65", "--days", "30",
                                   "--points", "3"])
    assert sim.exit_code == 0, sim.output
    assert "are the model's own average person's at this age, not" in " ".join(
        sim.output.split())


@pytest.mark.parametrize("age", [50, 51])
def test_assess_says_the_median_menopause_was_assumed_before_it(age):
    """A woman of 50-51 without her menopause age is read as premenopausal (median 51.4 y
    assumed): a Z-score and no WHO class. The output says so and how to give it; given, she is
    classed."""
    text = f"female, age {age}, t_score_femoral_neck=-2.7"
    out = assess(text)
    assert out["score_type"] == "Z"
    (note,) = out["notes"]
    for words in ("menopausal status not given", "51.4 years", "Gold EB", "Z-score",
                  "'menopause at 49'"):
        assert words in note
    given = assess(text + ", menopause at 49")  # what the note tells her to write
    assert given["score_type"] == "T" and given["who_class"] == "osteoporosis"
    assert given["notes"] == []
    assert assess("female, age 52, t_score_femoral_neck=-2.7")["notes"] == []  # past it
    sim = CliRunner().invoke(app, ["simulate", "--patient", text, "--days", "30",
                                   "--points", "3"])  # a run says it too, below its table
    assert sim.exit_code == 0, sim.output
    assert "note: menopausal status not given" in " ".join(sim.output.split())


def test_assess_says_bmi_is_read_but_not_used():
    # BMI 15 and 40 gave the same probabilities, and nothing said why
    lean, heavy = assess("female, age 72, bmi 15"), assess("female, age 72, bmi 40")
    assert lean["fracture_risk_10y_hip"] == heavy["fracture_risk_10y_hip"]
    assert "BMI not used" in lean["fracture_risk_basis"]
    assert "BMI" not in assess("female, age 72")["fracture_risk_basis"]


def test_assess_with_a_serum_ctx():
    from osteon.readouts import fracture as fx

    base = assess("female, age 72, t_score_femoral_neck=-2.6")
    high = assess("female, age 72, t_score_femoral_neck=-2.6", ctx=0.8)
    low = assess("female, age 72, t_score_femoral_neck=-2.6", ctx=0.1)
    assert high["ctx_status"] == "above" and low["ctx_status"] == "inside"  # IDS-iSYS 0.05-0.67
    for o in ("hip", "major", "clinical_vertebral"):
        assert low[f"fracture_risk_10y_{o}"] < base[f"fracture_risk_10y_{o}"] < high[
            f"fracture_risk_10y_{o}"], o
    row = next(r for r in high["contributions"] if r["factor"].startswith("CTX 0.8"))
    # against the centre of the postmenopausal distribution (its Z is 0): 1.23 per SD (hip)
    c0 = fx.ctx_population_centre()
    assert fx.ctx_z_score(c0) == pytest.approx(0.0, abs=1e-12)
    assert row["hazard_ratio_hip"] == pytest.approx(1.23 ** fx.ctx_z_score(0.8), rel=1e-9)
    centre = assess("female, age 72, t_score_femoral_neck=-2.6", ctx=c0)
    assert row["fracture_risk_10y_hip_without"] == pytest.approx(centre["fracture_risk_10y_hip"])
    assert high["fracture_risk_10y_hip"] > row["fracture_risk_10y_hip_without"]
    assert fx.ctx_z_score(fx.ctx_population_centre("roche"), "roche") == pytest.approx(0.0,
                                                                                     abs=1e-12)
    assert "serum CTX" in high["fracture_risk_basis"]
    # the same ratio to the premenopausal centre reads the same on another assay
    elecsys = assess("female, age 72, t_score_femoral_neck=-2.6",
                     ctx=0.8 * (0.111 * 0.791) ** 0.5 / (0.05 * 0.67) ** 0.5, assay="roche")
    assert elecsys["fracture_risk_10y_hip"] == pytest.approx(high["fracture_risk_10y_hip"])
    with pytest.raises(InputError, match="ctx"):
        assess("female, age 72", ctx=0.0)
    res = CliRunner().invoke(app, ["assess", "--patient", "female, age 72", "--ctx", "0.8",
                                   "--json"])
    assert res.exit_code == 0 and json.loads(res.output)["ctx_status"] == "above"


def test_a_ctx_outside_its_ng_per_ml_domain_is_refused_with_the_likely_unit():
    from osteon.readouts.markers import SERUM_CTX_MAX

    who = "female, age 72, t_score_femoral_neck=-2.6"
    # the domain's ends are accepted, and a high-turnover value above the intervals too
    for ok in (0.005, 3.0, SERUM_CTX_MAX):
        assert assess(who, ctx=ok)["ctx_on_assay"] == ok
    # 50 is an adult's CTX in pg/mL (0.05 ng/mL): refused, naming the field, domain, value, unit
    with pytest.raises(InputError, match=r"ctx must be a serum CTX in ng/mL, > 0 and <= 10 "
                                         r"ng/mL .*got 50: 50 looks like pg/mL .*0\.05 ng/mL, "
                                         r"so give ctx=0\.05"):
        assess(who, ctx=50)
    with pytest.raises(InputError, match=r"got 10\.01: .*pg/mL"):
        assess(who, ctx=10.01)
    with pytest.raises(InputError, match=r"got 200000\.0: far above a serum CTX"):
        assess(who, ctx=2e5)
    for bad in (float("nan"), float("inf"), -0.3, "0.5", True, [0.5]):
        with pytest.raises(InputError, match=r"ctx must be .*serum CTX in ng/mL"):
            assess(who, ctx=bad)
    res = CliRunner().invoke(app, ["assess", "--patient", who, "--ctx", "50"])
    assert res.exit_code == 2, res.output
    assert res.output.startswith("error: --ctx must be a serum CTX in ng/mL")
    assert "looks like pg/mL" in res.output and "give --ctx=0.05" in res.output
    ok = CliRunner().invoke(app, ["assess", "--patient", who, "--ctx", "10", "--json"])
    assert ok.exit_code == 0 and json.loads(ok.output)["ctx_status"] == "above"


def test_assess_ctx_keys_mean_what_the_trajectory_columns_mean():
    # --ctx 0.8 (IDS-iSYS) came back as "ctx": 0.8, while the trajectory's ctx is on the model's
    # Roche Elecsys scale and the assay's value is ctx_on_assay: the same key, two meanings
    res = osteon.simulate("osteon", patient="female, age 65", duration=30, save=2)
    for assay in ("IDS-iSYS", "Roche Elecsys"):
        clin = res.clinical(assay=assay)
        on_assay = float(clin["ctx_on_assay"].iloc[0])
        out = assess("female, age 65", ctx=on_assay, assay=assay)
        assert out["ctx_on_assay"] == on_assay and out["assay"] == assay
        assert out["ctx"] == pytest.approx(float(res["ctx"][0][0]), rel=1e-12), assay
        assert out["ctx_status"] == clin["ctx_status"].iloc[0]
    # 0.8 on the IDS-iSYS (premenopausal centre 0.183) is 0.8 / 0.183 x 0.2963 on the model's
    # scale (the Elecsys centre, sqrt(0.111 x 0.791))
    out = assess("female, age 72", ctx=0.8)
    assert out["ctx_on_assay"] == 0.8
    assert out["ctx"] == pytest.approx(0.8 / (0.05 * 0.67) ** 0.5 * (0.111 * 0.791) ** 0.5,
                                       rel=1e-12)
    # on the model's own assay a CTX is read back as given (ctx_young is the Elecsys centre
    # itself, not a rounding of it)
    same = assess("female, age 72", ctx=0.8, assay="Roche Elecsys")
    assert same["ctx"] == pytest.approx(0.8, rel=1e-12)
    assert "ctx" not in assess("female, age 72") and "ctx_on_assay" not in assess("female, age 72")
    cli = CliRunner().invoke(app, ["assess", "--patient", "female, age 72", "--ctx", "0.8",
                                   "--json"])
    got = json.loads(cli.output)
    assert (got["ctx_on_assay"], got["assay"]) == (0.8, "IDS-iSYS")
    assert got["ctx"] == pytest.approx(out["ctx"], rel=1e-12)
    table = CliRunner().invoke(app, ["assess", "--patient", "female, age 72", "--ctx", "0.8"])
    assert "0.8 ng/mL (IDS-iSYS)" in table.output
    assert " 1.3 ng/mL (model scale: Roche Elecsys)" in table.output  # 1.2952 to 3 digits


@pytest.mark.parametrize("text", ["female, age 65, t_score_total_hip=-3.5",
                                  "female, age 65, T-score -3.5 at the hip",
                                  "female, age 65, t_score_total_hip=1.0",
                                  "female, age 65, bmd_total_hip=0.6"])
def test_a_total_hip_alone_is_classed_and_says_it_does_not_grade_the_risk(text):
    # a total hip of T -3.5 or +1.0 gave hip 2.78 %, major 11.25 %, vertebral 3.38 % (those of
    # "female, age 65"), no contribution row and nothing that said the total hip was not used,
    # while the README said the fracture risk rests on the sites she gave. No source was read
    # that lets the total hip stand in for the femoral neck: the risk stays the population
    # average, and the basis says the total hip was given, not used, and why
    none = assess("female, age 65")
    out = assess(text)
    t = out["t_score_total_hip"]
    assert out["who_class"] == ("normal" if t > -1 else "osteopenia" if t > -2.5
                                else "osteoporosis")
    for h in ("10y", "lifetime"):
        for o in ("hip", "major", "clinical_vertebral"):
            assert out[f"fracture_risk_{h}_{o}"] == none[f"fracture_risk_{h}_{o}"]
    assert out["contributions"] == []
    basis = out["fracture_risk_basis"]
    assert f"total-hip T-score {t:+.1f} given but not used for the fracture risk" in basis
    assert "FRAX's BMD input is the femoral neck" in basis
    assert "no source was read that lets the total hip stand in for the neck" in basis
    assert "population average for the age and sex" in basis
    assert "give the femoral-neck T-score or BMD" in basis
    assert "total-hip" not in none["fracture_risk_basis"]


def test_a_total_hip_with_the_neck_is_said_unused_and_the_neck_grades():
    neck = assess("male, age 70, t_score_femoral_neck=-1.5")
    both = assess("male, age 70, t_score_femoral_neck=-1.5, t_score_total_hip=-3.0")
    assert both["who_class"] == "osteoporosis" and neck["who_class"] == "osteopenia"
    assert both["fracture_risk_10y_hip"] == neck["fracture_risk_10y_hip"]
    assert both["fracture_risk_basis"].startswith("femoral-neck T-score and risk factors; "
                                                  "total-hip T-score -3.0 given but not used")
    assert "population average" not in both["fracture_risk_basis"]


def test_cli_assess_says_the_total_hip_is_not_used():
    who = "female, age 65, T-score -3.5 at the hip"
    res = CliRunner().invoke(app, ["assess", "--patient", who, "--json"])
    assert res.exit_code == 0, res.output
    assert "total-hip T-score -3.5 given but not used" in json.loads(res.output)[
        "fracture_risk_basis"]
    table = CliRunner().invoke(app, ["assess", "--patient", who])
    assert "given but not used" in " ".join(table.output.split())


def test_a_simulated_total_hip_alone_starts_at_the_risk_assess_gives():
    # simulate individualizes her bone to the total hip but grades the risk as assess does: at
    # the start the population average (with the model's CTX), then the derived neck's change
    from osteon.readouts import markers as mk

    text = "female, age 65, t_score_total_hip=-2.0"
    r = osteon.simulate("osteon", patient=text, duration=30, save=2)
    clin = r.clinical()
    assert clin["t_score_total_hip"].iloc[0] == pytest.approx(-2.0, abs=0.01)
    ctx = mk.on_assay(r["ctx_sustained"][0][0] / float(r.parameters["ctx_young"].iloc[0]),
                      "CTX")
    out = assess(text, ctx=ctx)
    assert clin["who_class"].iloc[0] == out["who_class"] == "osteopenia"
    for o in ("hip", "major", "clinical_vertebral"):
        assert clin[f"fracture_risk_10y_{o}"].iloc[0] == pytest.approx(
            out[f"fracture_risk_10y_{o}"], rel=1e-9), o
    assert r.summary()["bmd_sites"]["given"] == ["total_hip"]
    res = CliRunner().invoke(app, ["simulate", "--patient", text, "--days", "30"])
    assert res.exit_code == 0, res.output
    assert "the total hip given decides the WHO class but grades no fracture outcome" in " ".join(
        res.output.split())


def test_without_femoral_neck_bmd_the_basis_says_so():
    out = assess("female, age 65, prior fracture")
    assert out["fracture_risk_10y_major"] > 0
    assert "no femoral-neck BMD" in out["fracture_risk_basis"]


@pytest.mark.parametrize("text", ["female, age 200", "female, age 60, t_score_femoral_neck=-15",
                                  "female, age 60, bmd_femoral_neck=0",
                                  "female, age 60, bmd_femoral_neck=-0.2"])
def test_impossible_inputs_are_refused(text):
    with pytest.raises(InputError):
        assess(text)


def test_cli_assess_json_keys_follow_the_trajectory_columns():
    res = CliRunner().invoke(app, ["assess", "--patient",
                                   "female, age 65, t_score_femoral_neck=-2.7, prior fracture",
                                   "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    for key in ("t_score_femoral_neck", "who_class", "fracture_risk_10y_hip",
                "fracture_risk_10y_major", "fracture_risk_lifetime_hip"):
        assert key in out
    assert out["who_class"] == "severe osteoporosis"
    assert 0.0 < out["fracture_risk_10y_hip"] < out["fracture_risk_10y_major"] < 100.0
    assert [r["factor"] for r in out["contributions"]] == [
        "femoral-neck T -2.7 (vs T -1.2, mean for age)", "prior fracture (vs no prior fracture)"]
    assert [r["compared_with"] for r in out["contributions"]] == [
        "T -1.2, the mean femoral-neck BMD for age 65, held fixed", "no prior fracture"]
    table = CliRunner().invoke(app, ["assess", "--patient",
                                     "female, age 65, t_score_femoral_neck=-2.7, prior fracture"])
    assert "What each input contributes" in table.output and "prior fracture" in table.output


def test_cli_assess_bad_input_exits_2_with_one_error_line():
    res = CliRunner().invoke(app, ["assess", "--patient", "female, age 60, t_score_fn=-15"])
    assert res.exit_code == 2
    assert "t_score" in res.output.lower() or "t-score" in res.output.lower()


# ---------------------------------------------------------------------------- trajectories

@pytest.fixture(scope="module")
def course():
    # 45 -> 60: crosses menopause (Z -> T) and the fracture model's lower age (50)
    return osteon.simulate("osteon", patient="female, age 45, menopause at 51, prior fracture",
                           duration="15 years", save=61)


def test_trajectory_gains_the_clinical_columns(course):
    df = course.to_pandas()
    for col in ("t_score_lumbar_spine", "t_score_total_hip", "t_score_femoral_neck",
                "z_score_femoral_neck", "who_class", "ctx_status", "p1np_status",
                "fracture_risk_10y_hip", "fracture_risk_10y_major"):
        assert col in df.columns, col
    j = course.variables.index("bmd_femoral_neck")
    assert np.allclose(df["t_score_femoral_neck"], t_score(course.values[0, :, j],
                                                           "femoral_neck"))


def test_score_type_switches_at_menopause_and_risk_starts_at_50(course):
    clin = course.clinical()
    age = course["age_years"][0]
    before = age < 51.0
    assert all("expected range" in c or "no reference curve" in c
               for c in clin["who_class"][before])
    assert set(clin["who_class"][age > 51.5]) <= {"normal", "osteopenia", "severe osteoporosis"}
    risk = clin["fracture_risk_10y_hip"].to_numpy()
    assert np.isnan(risk[age < 50]).all()
    assert np.isfinite(risk[age >= 50]).all()
    assert risk[-1] > risk[age >= 50][0]  # older and less bone


def test_marker_status_matches_the_interval(course):
    # the model's CTX is anchored at the young adult (ctx_young); on an assay it reads as its ratio
    # to that times the assay's premenopausal geometric centre
    young = float(course.parameters["ctx_young"].iloc[0])
    for assay, (lo, hi) in (("IDS-iSYS", (0.05, 0.67)), ("Roche Elecsys", (0.111, 0.791))):
        clin = course.clinical(assay=assay)
        ri = reference_interval("CTX", assay)
        assert (ri.low, ri.high) == (lo, hi)
        ctx = course["ctx"][0] / young * np.sqrt(lo * hi)
        expected = np.where(ctx < lo, "below", np.where(ctx > hi, "above", "inside"))
        assert list(clin["ctx_status"]) == list(expected), assay
        # the value the status reads is a column too; the model's own ctx is on Elecsys
        np.testing.assert_allclose(clin["ctx_on_assay"], ctx, rtol=1e-12)
        if assay == "Roche Elecsys":  # ctx_young is that assay's premenopausal centre
            np.testing.assert_allclose(clin["ctx_on_assay"], course["ctx"][0], rtol=1e-12)
    # Elecsys has no BSAP interval: no status column rather than an error
    assert "bsap_status" not in course.clinical(assay="roche").columns
    assert "bsap_status" in course.clinical().columns


def test_marker_statuses_agree_across_assays_for_the_young_adult():
    res = osteon.simulate("osteon", patient="female, age 30", duration="1 year", save=5)
    for assay in ("IDS-iSYS", "Roche Elecsys"):
        clin = res.clinical(assay=assay)
        assert set(clin["ctx_status"]) == {"inside"} and set(clin["p1np_status"]) == {"inside"}


def test_summary_has_clinical_start_and_end(course):
    s = course.summary()
    start, end = s["clinical"]["start"], s["clinical"]["end"]
    assert start["fracture_risk_10y_hip"] is None  # age 45
    assert end["fracture_risk_10y_hip"] > 0
    assert end["t_score_femoral_neck"] < start["t_score_femoral_neck"]
    json.dumps(s, allow_nan=False)  # strict JSON: missing values are null, never NaN


def test_reference_models_have_no_clinical_columns():
    r = osteon.simulate("lemaire2004", duration=10, save=5)
    assert r.clinical() is None
    assert "who_class" not in r.to_pandas().columns


def test_figure_has_the_clinical_panels(course):
    fig = course.plot()
    titles = [ax.get_title() for ax in fig.axes]
    assert any(t.startswith("T-score and WHO class") for t in titles)
    assert any(t.startswith("10-year fracture probability") for t in titles)
    assert "CTX (serum)" in titles


def test_t_score_ages_are_where_who_class_reads_the_t_score(course):
    from osteon.readouts.clinical import t_score_ages

    clin = course.clinical()
    who = {"normal", "osteopenia", "osteoporosis", "severe osteoporosis"}
    by_t = clin["who_class"].isin(who).to_numpy()
    assert by_t.any() and not by_t.all()  # 45 -> 60 crosses her menopause at 51
    np.testing.assert_array_equal(by_t, course["age_years"][0] >= t_score_ages(course)[0])


def test_a_surgical_menopause_reads_her_by_t_score_from_its_onset():
    """A woman of 40 whose ovaries are removed at 41 is postmenopausal from then on: her class
    is read by T-score (WHO classes) from 41, as the figure's bands are drawn; an ovarian
    suppression that ends leaves her read by Z-score. (The class was 'within the expected
    range for age' until her natural menopause at 51.4 in both.)"""
    from osteon.readouts.clinical import t_score_ages

    who = {"normal", "osteopenia", "osteoporosis", "severe osteoporosis"}
    kw = dict(patient="female, age 40", duration=3 * 365.25, save=7)
    r = osteon.simulate("osteon", conditions=["surgical menopause from 1 year"], **kw)
    age = r["age_years"][0]
    by_t = r.clinical()["who_class"].isin(who).to_numpy()
    np.testing.assert_array_equal(by_t, age >= 41.0 - 1e-9)
    assert t_score_ages(r)[0] == pytest.approx(41.0)
    ended = osteon.simulate("osteon", conditions=["surgical menopause from 1 year for 1 year"],
                            **kw)
    assert not ended.clinical()["who_class"].isin(who).any()
    assert t_score_ages(ended)[0] == pytest.approx(ended.parameters["age_menopause"].iloc[0])


def _t_panel(fig):
    return next(ax for ax in fig.axes if ax.get_title().startswith("T-score and WHO class"))


def _bands(ax, gid):
    """(x0, x1) of each patch of the panel whose gid starts with ``gid``."""
    return [(p.get_x(), p.get_x() + p.get_width()) for p in ax.patches
            if (p.get_gid() or "").startswith(gid)]


@pytest.mark.parametrize(("patient", "years"), [("female, age 40", 1),
                                                ("female, age 48, menopause at 50", 3),
                                                ("male, age 48", 3)])
def test_who_bands_are_shaded_only_where_the_t_score_applies(patient, years):
    """A woman of 40 is read by her Z-score ('within the expected range for age', ISCD), so her
    T-score panel shades no WHO band at her ages; across menopause (or 50 for a man) the bands
    start where who_class starts reading the T-score, and the Z band Z <= -2.0 covers the ages
    before."""
    import matplotlib.pyplot as plt

    r = osteon.simulate("osteon", patient=patient, duration=f"{years} years", save=years + 1)
    clin = r.clinical()
    age = r["age_years"][0]
    by_z = clin["who_class"].str.contains("expected range for age").to_numpy()
    assert by_z[0]
    fig = r.plot()
    ax = _t_panel(fig)
    who, z_band = _bands(ax, "who_band"), _bands(ax, "iscd_z_band")
    for x0, x1 in who:  # no WHO band over an age read by the Z-score
        assert not ((age[by_z] >= x0) & (age[by_z] <= x1)).any(), (x0, x1)
    for x0, x1 in z_band:  # nor the Z band over an age read by the T-score
        assert not ((age[~by_z] >= x0) & (age[~by_z] < x1)).any(), (x0, x1)
    assert z_band and min(x0 for x0, _ in z_band) == age[0]
    if by_z.all():
        assert who == []
        assert "Z-score where the ISCD rule reads it" in ax.get_title()
    else:  # the three WHO bands from the first age read by T to the end
        assert len(who) == 3 and {x1 for _, x1 in who} == {age[-1]}
        assert {x0 for x0, _ in who} <= {a for a in age[~by_z]} | {51.0 if "female" in patient
                                                                  else 50.0}
    labels = ax.get_legend_handles_labels()[1]
    assert "Z-score, where it applies" in [t.get_text() for t in ax.get_legend().get_texts()]
    assert any(lab.startswith("Z ≤ -2") for lab in labels)
    plt.close(fig)


def test_who_bands_cover_the_whole_run_after_menopause():
    import matplotlib.pyplot as plt

    r = osteon.simulate("osteon", patient="female, age 65", duration=60, save=3)
    fig = r.plot()
    ax = _t_panel(fig)
    age = r["age_years"][0]
    assert ax.get_title() == "T-score and WHO class"
    assert sorted(_bands(ax, "who_band")) == [(age[0], age[-1])] * 3
    assert _bands(ax, "iscd_z_band") == []
    plt.close(fig)


def _band_edges(ax, gid):
    """(y0, y1) of the first patch of the panel whose gid is ``gid``."""
    p = next(p for p in ax.patches if p.get_gid() == gid)
    return p.get_y(), p.get_y() + p.get_height()


def test_the_bands_edges_are_where_the_class_of_the_drawn_score_changes():
    """The class is read from the score as reported (one decimal), but the bands were drawn at
    -1.0 and -2.5: a T-score of -2.46, osteoporosis (reported -2.5), sat above the osteoporosis
    band. The edges are now half a reported decimal beyond the thresholds."""
    import matplotlib.pyplot as plt

    from osteon.readouts.diagnosis import (
        BELOW_EXPECTED,
        NORMAL,
        OSTEOPENIA,
        OSTEOPOROSIS,
        WITHIN_EXPECTED,
        who_class,
        z_class,
    )

    eps = 1e-9  # far below a reported decimal, far above the float round-off of the edges
    fig = osteon.simulate("osteon", patient="female, age 65", duration=60, save=3).plot()
    ax = _t_panel(fig)
    low, high = _band_edges(ax, "who_band:osteopenia")
    assert _band_edges(ax, "who_band:osteoporosis")[1] == low
    assert _band_edges(ax, "who_band:normal")[0] == high
    assert (low, high) == pytest.approx((-2.45, -1.05), abs=1e-12)
    assert [who_class(t) for t in (low - eps, low + eps, high - eps, high + eps)] == [
        OSTEOPOROSIS, OSTEOPENIA, OSTEOPENIA, NORMAL]
    assert who_class(-2.46) == OSTEOPOROSIS and low > -2.46  # drawn in the band it is classed
    assert who_class(-1.04) == NORMAL and high < -1.04
    plt.close(fig)
    # the Z band of a woman read by her Z-score
    fig = osteon.simulate("osteon", patient="female, age 40", duration="1 year", save=2).plot()
    top = _band_edges(_t_panel(fig), "iscd_z_band")[1]
    assert top == pytest.approx(-1.95, abs=1e-12)
    assert [z_class(z) for z in (top - eps, top + eps)] == [BELOW_EXPECTED, WITHIN_EXPECTED]
    plt.close(fig)


def test_the_who_bands_both_figures_draw_are_edged_at_the_class_edges():
    # the run's figure and --compare's (cli.compare.plot_arms, on BMD) draw _WHO_BANDS
    from osteon.plotting import _WHO_BANDS
    from osteon.readouts.diagnosis import WHO_NORMAL_EDGE, WHO_OSTEOPOROSIS_EDGE

    edges = sorted({e for low, high, _, _ in _WHO_BANDS for e in (low, high)})
    assert edges == [-10.0, WHO_OSTEOPOROSIS_EDGE, WHO_NORMAL_EDGE, 10.0]


def _panels(fig):
    return {ax.get_ylabel(): ax for ax in fig.axes if ax.axison}


@pytest.mark.parametrize("condition", ["vitamin k deficiency", "klotho deficiency"])
def test_figure_shows_the_vessel_wall_when_a_condition_acts_on_it(condition):
    """Vitamin K deficiency acts on the vessel wall only, klotho deficiency raises its
    calcification many-fold: the figure adds the vessel panel (a fourth row)."""
    import matplotlib.pyplot as plt

    r = osteon.simulate("osteon", patient="female, age 65", conditions=[condition],
                        duration=60, save=3)
    fig = r.plot()
    ax = _panels(fig)["vascular_calcification_index"]
    np.testing.assert_allclose(ax.get_lines()[0].get_ydata(),
                               r["vascular_calcification_index"][0])
    assert sum(a.axison for a in fig.axes) == 10
    plt.close(fig)


def test_figure_leaves_out_the_vessel_wall_where_nothing_moves_it():
    import matplotlib.pyplot as plt

    r = osteon.simulate("osteon", patient="female, age 65",
                        conditions=["glucocorticoids 7.5 mg/day"], duration=60, save=3)
    fig = r.plot()
    assert "vascular_calcification_index" not in _panels(fig)
    assert len(fig.axes) == 9  # the 3 x 3 figure: no drug, no vessel
    plt.close(fig)


def test_figure_shows_drug_levels_as_the_compare_figure_does():
    import matplotlib.pyplot as plt

    from osteon.plotting import DRUG_LEVEL_LINTHRESH, drug_level_variables

    r = osteon.simulate("osteon", "denosumab 60 mg sc once", patient="female, age 65",
                        duration=60, save=5)
    assert drug_level_variables(r) == ["denosumab_serum"]
    fig = r.plot()
    ax = next(ax for ax in fig.axes if ax.get_title().startswith("Drug levels"))
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["denosumab_serum [ng/mL]"]
    assert ax.get_yscale() == "symlog"
    assert ax.yaxis.get_transform().linthresh == DRUG_LEVEL_LINTHRESH
    np.testing.assert_allclose(ax.get_lines()[0].get_ydata(), r["denosumab_serum"][0])
    assert "vascular_calcification_index" not in _panels(fig)  # denosumab does not move it
    assert [a.axison for a in fig.axes[9:]] == [True, False, False]
    plt.close(fig)


@pytest.mark.parametrize("name", drugs.names())
def test_figure_draws_the_level_each_drug_declares(name):
    """The drug panel draws the levels each drug's module declares (``Drug.levels``), in their
    units. It chose columns by name (``*_serum``, ``*_bone_bound``), and left out the plasma
    levels of raloxifene, genistein, dasatinib and quercetin, the 25(OH)D vitamin D adds and
    the PTH analogs' depots. One dose of the usual size (1 in the drug's amount unit where the
    usual regimen gives none), the level read about an hour later."""
    import matplotlib.pyplot as plt

    from osteon.library import load
    from osteon.plotting import drug_level_variables

    drug = drugs.get(name)
    target = next(iter(drug.routes.values()))
    dose = osteon.Bolus(0.0, target, drugs.usual_dose(name) or 1.0)
    r = osteon.simulate(drugs.compose(load("osteon"), [name]), dose, duration=2,
                        save=[0.0, 0.05, 1.0, 2.0])
    levels = list(drug.levels)
    assert drug_level_variables(r) == levels
    fig = r.plot()
    panel = [ax for ax in fig.axes if ax.get_title().startswith("Drug levels")]
    if not levels:  # exercise: no level of a drug in the body, no panel
        assert panel == []
        plt.close(fig)
        return
    (ax,) = panel
    assert [t.get_text() for t in ax.get_legend().get_texts()] == \
        [f"{v} [{r.units[v]}]" for v in levels]
    for line, v in zip(ax.get_lines(), levels, strict=True):
        np.testing.assert_allclose(line.get_ydata(), r[v][0])
        assert r[v][0][0] == 0.0 and r[v][0].max() > 0.0, v  # none before the dose, then some
    plt.close(fig)


def test_every_concentration_a_drug_reports_is_one_of_its_levels():
    """A drug whose module reports a serum or plasma concentration draws it: a drug added
    without declaring it in ``levels`` is caught here, whatever its column's name."""
    from osteon.units import unit_registry

    ureg = unit_registry()
    concentrations = [ureg("g/L").dimensionality, ureg("mol/L").dimensionality]
    seen = 0
    for name in drugs.names():
        drug = drugs.get(name)
        for o in drug.observables:
            if ureg(o.unit).dimensionality in concentrations:
                seen += 1
                assert o.name in drug.levels, (name, o.name, o.unit)
    assert seen >= len(drugs.names()) // 2


def test_figure_title_names_the_conditions():
    r = osteon.simulate("osteon", patient="female, age 40", conditions=["klotho deficiency"],
                        duration=30, save=3)
    assert "klotho deficiency" in r.plot()._suptitle.get_text()


def test_population_figure_colours_lines_by_what_the_legend_names():
    # lines were coloured in drawing order, so with several women the legend's "lumbar spine"
    # colour was the first woman's spine and the next colours went to the other women
    import pandas as pd

    pop = pd.DataFrame({"age_start": [55.0, 65.0, 75.0]})
    r = osteon.simulate("osteon", population=pop, duration=60, save=3)
    fig = r.plot()
    for ax in fig.axes[:3]:  # BMD, T-scores, fracture probabilities
        legend = {t.get_text(): h.get_color()
                  for t, h in zip(ax.get_legend().get_texts(), ax.get_legend().legend_handles,
                                  strict=True)}
        lines = {}
        for line in ax.get_lines():
            lines.setdefault(line.get_color(), 0)
            lines[line.get_color()] += 1
        assert set(lines) == set(legend.values()), ax.get_title()
        assert set(lines.values()) == {3}, ax.get_title()  # each series: one line per woman


def test_population_figure_says_how_many_subjects_it_draws_and_names_them():
    """A figure draws at most 10 subjects; with 12 it said '(12 subjects)' (plot_result) or
    nothing (the clinical figure) over 10 unnamed sets of lines: it now says the first 10 are
    drawn and names each subject at the end of her line."""
    import pandas as pd

    pop = pd.DataFrame({"subject_id": [f"s{k}" for k in range(12)],
                        "age_start": [55.0 + k for k in range(12)]})
    r = osteon.simulate("osteon", population=pop, duration=30, save=2)
    fig = r.plot()
    assert "(12 subjects, the first 10 drawn)" in fig._suptitle.get_text()
    assert [t.get_text() for t in fig.axes[0].texts] == [f"s{k}" for k in range(10)]
    few = osteon.simulate("osteon", population=pop.iloc[:3], duration=30, save=2).plot()
    assert "(3 subjects)" in few._suptitle.get_text()
    assert [t.get_text() for t in few.axes[0].texts] == ["s0", "s1", "s2"]
    lem = osteon.simulate("lemaire2004", population=pd.DataFrame({"k_B": [0.1] * 12}),
                          duration=5, save=2)
    assert lem.plot()._suptitle.get_text() == "lemaire2004 (12 subjects, the first 10 drawn)"


# ---------------------------------------------------------------------------- density vs quality

def test_fluoride_raises_bmd_and_fracture_risk_together():
    """The density-quality dissociation: on sodium fluoride the femoral-neck T-score ends higher
    than on placebo, yet the 10-year probability of a major fracture ends higher too."""
    kw = {"patient": "female, age 68, menopause at 51", "duration": "4 years", "save": 9}
    pl = osteon.simulate("osteon", **kw).clinical()
    rx = osteon.simulate("osteon", "sodium fluoride 75 mg/day oral continuous infusion for "
                         "4 years", **kw).clinical()
    assert rx["t_score_femoral_neck"].iloc[-1] > pl["t_score_femoral_neck"].iloc[-1] + 0.5
    assert rx["fracture_risk_10y_major"].iloc[-1] > pl["fracture_risk_10y_major"].iloc[-1]
    assert rx["fracture_risk_10y_hip"].iloc[-1] > pl["fracture_risk_10y_hip"].iloc[-1]


# ---------------------------------------------------------------------------- sustained turnover

def test_projections_do_not_swing_with_each_denosumab_dose():
    """The 10-year probabilities read the turnover sustained over about a year, not the CTX of
    the moment: in the second year of denosumab every 6 months CTX swings more than 5-fold
    between doses, while the 10-year hip probability moves less than 3 % between
    any two readings 10 days apart (it halved at every dose when read from the CTX of the
    moment).
    Suppressed turnover still lowers it over the two years, by about as much as FREEDOM's hip
    HR (0.60, 0.37-0.97, at 3 years): the hip part is credited with a fall of CTX only down to
    40 % of the pre-treatment level (it fell below 0.6 of the start while the whole fall
    counted)."""
    r = osteon.simulate("osteon", "denosumab 60 mg sc q6mo x 4", save="10 days",
                        patient="female, age 70, t_score_femoral_neck=-2.5", duration="2 years")
    df = r.to_pandas()
    second = df[df["time_days"] > 365.0]  # past the first year's settling onto the regimen
    ctx = second["ctx"].to_numpy()
    assert ctx.max() / ctx.min() > 5.0
    hip = second["fracture_risk_10y_hip"].to_numpy()
    assert np.max(np.abs(np.diff(hip)) / hip[:-1]) < 0.03
    assert 0.37 * df["fracture_risk_10y_hip"].iloc[0] < hip[-1] \
        < 0.8 * df["fracture_risk_10y_hip"].iloc[0]


def test_sustained_turnover_starts_at_the_patients_own():
    """An individualized patient's sustained CTX starts at her CTX of the moment (within the
    lag of the life course's slow rise), so her start's fracture projection is her own."""
    for text in ("female, age 70, t_score_femoral_neck=-2.5",
                 "female, age 66, t_score_femoral_neck=-2.0, t_score_total_hip=-1.9"):
        df = osteon.simulate("osteon", patient=text, duration="1 day", save=[0.0]).to_pandas()
        assert df["ctx_sustained"].iloc[0] == pytest.approx(df["ctx"].iloc[0], rel=0.01)


# ---------------------------------------------------------------------------- the sites she gave

@pytest.mark.parametrize("text", ["female, age 65, t_score_femoral_neck=-1.8",
                                  "male, age 70, t_score_femoral_neck=-2.0",
                                  "female, age 68, t_score_lumbar_spine=-2.9",
                                  "female, age 66, t_score_total_hip=-1.5",
                                  "female, age 70, t_score_femoral_neck=-2.3, "
                                  "t_score_lumbar_spine=-3.0"])
def test_a_simulated_patient_starts_where_assess_reads_her(text):
    """The WHO class and the fracture probabilities of a simulation's start rest on the sites
    she gave, as assess reads her, not on the model's derived sites. (A woman of 65 with a
    femoral-neck T-score of -1.8 was classed 'osteoporosis' by the model's derived spine, -2.87,
    and her 10-year vertebral probability was 7.0 % against assess's 3.5 %.)"""
    if text.count("t_score") > 1:  # two sites: read as a compartment difference, and warned
        with pytest.warns(osteon.errors.OsteonWarning, match="difference between compartments.*"
                          "so do the % changes of BMD on a drug"):
            df = osteon.simulate("osteon", patient=text, duration="1 day",
                                 save=[0.0]).to_pandas()
    else:
        df = osteon.simulate("osteon", patient=text, duration="1 day", save=[0.0]).to_pandas()
    start = df.iloc[0]
    a = assess(text, ctx=float(start["ctx_on_assay"]))
    assert start["who_class"] == a["who_class"]
    for outcome in ("hip", "major", "clinical_vertebral"):
        # the simulation reads her sustained CTX, assess the CTX of the moment (within 1 %)
        assert start[f"fracture_risk_10y_{outcome}"] == pytest.approx(
            a[f"fracture_risk_10y_{outcome}"], rel=0.01), outcome


@pytest.mark.parametrize("text", [
    "female, age 66, t_score_total_hip=-1.6, t_score_femoral_neck=-2.5",
    "female, age 70, t_score_lumbar_spine=-1.0, t_score_total_hip=-1.2, "
    "t_score_femoral_neck=-2.6",
    "female, age 70, t_score_lumbar_spine=-1.0, t_score_femoral_neck=-2.6"])
def test_sites_the_model_cannot_all_match_still_report_what_she_gave(text):
    """Two compartments cannot match three sites, nor a neck and a total hip apart (nearly the
    same mix), nor a spine and neck far apart within their physiological bounds. The start read
    the refitted T-scores as measured (TH -1.6, FN -2.5 at 66 became -2.0 and -2.0: osteopenia,
    hip 3.1 % against assess's osteoporosis, 4.8 %). Every site she gave now reads what she gave
    plus the model's change since, and the start matches assess (within the CTX difference)."""
    from osteon.patient import Patient

    with pytest.warns(osteon.errors.OsteonWarning) as caught:
        r = osteon.simulate("osteon", patient=text, duration="1 year", save=[0.0, 365.25])
    assert any("misses" in str(w.message) for w in caught)
    df = r.to_pandas()
    start, end = df.iloc[0], df.iloc[-1]
    given = Patient.parse(text).t_score
    for site, value in given.items():
        assert start[f"t_score_{site}"] == pytest.approx(value, abs=1e-9), site
        # a year on: her BMD moved by the model's own relative change at that site
        ratio = r[f"bmd_{site}"][0, -1] / r[f"bmd_{site}"][0, 0]
        bmd = REFERENCE[site].mean + value * REFERENCE[site].sd
        assert end[f"t_score_{site}"] == pytest.approx(t_score(bmd * ratio, site), abs=1e-9)
        assert abs(end[f"t_score_{site}"] - value) > 1e-3  # (the year moved it)
    a = assess(text, ctx=float(start["ctx_on_assay"]))
    assert start["who_class"] == a["who_class"]
    for outcome in ("hip", "major", "clinical_vertebral"):
        assert start[f"fracture_risk_10y_{outcome}"] == pytest.approx(
            a[f"fracture_risk_10y_{outcome}"], rel=0.01), outcome


@pytest.mark.parametrize(("text", "rel"), [("male, age 70, t_score_femoral_neck=-2.0", 0.04),
                                           ("female, age 70, t_score_femoral_neck=-2.0", 0.01)])
def test_an_untreated_start_matches_assess_without_a_ctx(text, rel):
    """The turnover term of a simulated man reads his CTX against the men of his age, not the
    postmenopausal women: his start's 10-year probabilities match assess's for the same man
    without a CTX (which leaves the term out: the population average) within 4 %. They were
    19 % (hip) and 16 % (major) lower: the model's man of 70 has CTX 0.174 ng/mL on the
    IDS-iSYS, Z -0.91 against the women's 0.09-1.05 ng/mL. What remains (hip 0.972, major
    0.978, vertebral 0.981): his CTX sits 10 % below the centre of the men of 70 (0.193 ng/mL,
    Z -0.18), a CTX at the centre carries 0.979 (hip) or 0.986 against the average's 1,
    and the men's centre falls with attained age, so his CTX held fixed reads a little higher
    year by year. The woman's start is unchanged (within 1 %: her CTX sits 0.12 SD above the
    postmenopausal centre)."""
    df = osteon.simulate("osteon", patient=text, duration="1 day", save=[0.0]).to_pandas()
    a = assess(text)
    for outcome in ("hip", "major", "clinical_vertebral"):
        for h in ("10y", "lifetime"):
            key = f"fracture_risk_{h}_{outcome}"
            assert df[key].iloc[0] == pytest.approx(a[key], rel=rel), key


def test_assess_reads_a_mans_ctx_against_the_men_of_his_age():
    from osteon.readouts import fracture as fx

    text = "male, age 70, t_score_femoral_neck=-2.0"
    c0 = fx.ctx_population_centre(sex="male", age=70.0)
    out = assess(text, ctx=c0)
    row = next(r for r in out["contributions"] if r["factor"].startswith("CTX"))
    assert "men aged 70 centre" in row["factor"] and "men aged 70 range" in row["compared_with"]
    assert row["hazard_ratio_hip"] == pytest.approx(1.0, rel=1e-12)
    base = assess(text)
    assert out["fracture_risk_10y_hip"] == pytest.approx(base["fracture_risk_10y_hip"], rel=0.01)


def test_the_derived_spine_does_not_class_her():
    """Her derived spine is shown (it is the model's bone) but does not decide her class."""
    df = osteon.simulate("osteon", patient="female, age 65, t_score_femoral_neck=-1.8",
                         duration="1 day", save=[0.0]).to_pandas()
    assert df["t_score_lumbar_spine"].iloc[0] < -2.5
    assert df["who_class"].iloc[0] == "osteopenia"


def test_a_site_she_did_not_give_grades_risk_by_its_change():
    """A spine-only patient on denosumab: her hip risk falls with the model's gain at the neck
    she did not give (its change grades the population's hip hazard), not only with CTX."""
    from osteon.readouts import fracture as fx
    from osteon.readouts.markers import on_assay

    text = "female, age 68, t_score_lumbar_spine=-2.9"
    rx = osteon.simulate("osteon", "denosumab 60 mg sc q6mo x 6", patient=text,
                         duration="3 years", save=[0.0, 3 * 365.25])
    df = rx.to_pandas()
    gain = df["t_score_femoral_neck"].iloc[-1] - df["t_score_femoral_neck"].iloc[0]
    assert gain > 0.2
    young = float(rx.parameters["ctx_young"].iloc[0])
    ctx = [float(on_assay(v / young, "CTX")) for v in df["ctx_sustained"]]
    end = df.iloc[-1]
    kw = {"t_score_lumbar_spine": float(end["t_score_lumbar_spine"]), "ctx": ctx[-1],
          "ctx_baseline": ctx[0], "quality_rr": float(end["tissue_fracture_rr"])}
    with_gain = fx.fracture_probability(float(end["age_years"]), "female",
                                        t_change_femoral_neck=gain, **kw)["hip"]
    without = fx.fracture_probability(float(end["age_years"]), "female", **kw)["hip"]
    assert end["fracture_risk_10y_hip"] == pytest.approx(with_gain, rel=1e-9)
    assert with_gain < 0.9 * without


# ---------------------------------------------------------------------------- conditions' factors

def _projection(result, row, **factors):
    """The 10-year probabilities of ``row`` of ``result`` (a woman given with her femoral neck
    only) recomputed with the fracture module from the trajectory's own inputs, with
    ``factors`` as the risk factors."""
    from osteon.readouts import fracture as fx
    from osteon.readouts.markers import on_assay

    df = result.to_pandas()
    young = float(result.parameters["ctx_young"].iloc[0])
    ctx = [float(on_assay(v / young, "CTX")) for v in df["ctx_sustained"]]
    r = df.iloc[row]
    return fx.fracture_probability(float(r["age_years"]), "female",
                                   t_score_femoral_neck=float(r["t_score_femoral_neck"]),
                                   ctx=ctx[row], ctx_baseline=ctx[0],
                                   quality_rr=float(r["tissue_fracture_rr"]), **factors)


GC_TEXT = "female, age 65, t_score_femoral_neck=-2"
GC_COURSE = "glucocorticoids 7.5 mg/d from 0 for 2 years"
#: the label of the glucocorticoid factor while a course of 7.5 mg/day or more is in force
#: (Kanis 2011's high-dose adjustment raises it then)
GC_HIGH = "glucocorticoids at 7.5 mg/day or more"


@pytest.fixture(scope="module")
def on_glucocorticoids():
    return osteon.simulate("osteon", patient=GC_TEXT, conditions=[GC_COURSE], duration="3 years",
                           save=[0.0, 365.25, 3 * 365.25])


def test_a_glucocorticoid_condition_sets_the_risk_factor(on_glucocorticoids):
    """A woman simulated on prednisone 7.5 mg/day has FRAX's glucocorticoid factor in her
    projections, on top of the bone the condition takes (its RR is adjusted for BMD, Kanis
    2004): her 10-year probabilities are those of the fracture module with the factor, at the
    trajectory's own BMD and CTX, and above those without it by the RR's amount. (Only the bone
    loss entered before: a woman of 65 with a neck T-score of -2 read 12.4 % for a major
    fracture at the start, as without glucocorticoids.) After 2 years at 7.5 mg/day (3 months
    or more), the factor stays when the course has ended, as FRAX's ever use does. The course
    is 'from 0': an event at 0, after the t = 0 row (the pre-event value), which is hers
    without it. While the course is in force (the row at 1 year) its dose, 7.5 mg/day, is
    Kanis 2011's high dose, which raises the factor; after it ends (3 years) the factor is ever
    use, unadjusted."""
    df = on_glucocorticoids.to_pandas()
    for row, high in ((1, True), (2, False)):
        with_gc = _projection(on_glucocorticoids, row, glucocorticoids=True,
                              glucocorticoids_high_dose=high)
        without = _projection(on_glucocorticoids, row)
        for o in ("hip", "major", "clinical_vertebral"):
            assert df[f"fracture_risk_10y_{o}"].iloc[row] == pytest.approx(with_gc[o], rel=1e-9)
            assert with_gc[o] > 1.3 * without[o], (row, o)
        if high:  # above ever use's by the adjustment (+20 % hip, +15 % major at 66)
            ever = _projection(on_glucocorticoids, row, glucocorticoids=True)
            for o in ("hip", "major", "clinical_vertebral"):
                assert with_gc[o] > 1.08 * ever[o], (row, o)
        assert df["risk_factors"].iloc[row] == (f"{GC_HIGH} (condition)" if high
                                                else "glucocorticoids (condition)")
    start = _projection(on_glucocorticoids, 0)
    for o in ("hip", "major", "clinical_vertebral"):
        assert df[f"fracture_risk_10y_{o}"].iloc[0] == pytest.approx(start[o], rel=1e-9)
    assert df["risk_factors"].iloc[0] == "none"
    s = on_glucocorticoids.summary()
    assert s["columns"]["risk_factors"] == "text"
    assert s["clinical"]["end"]["risk_factors"] == "glucocorticoids (condition)"


def test_the_patients_glucocorticoids_and_the_condition_count_once(on_glucocorticoids):
    """'..., glucocorticoids' in her text and the condition: the factor is yes or no, so the
    projections are those of the condition alone (the text's flag does not touch her bone)."""
    both = osteon.simulate("osteon", patient=GC_TEXT + ", glucocorticoids",
                           conditions=[GC_COURSE], duration="3 years",
                           save=[0.0, 365.25, 3 * 365.25]).to_pandas()
    alone = on_glucocorticoids.to_pandas()
    for o in ("hip", "major", "clinical_vertebral"):  # after the course's onset at 0
        np.testing.assert_array_equal(both[f"fracture_risk_10y_{o}"][1:],
                                      alone[f"fracture_risk_10y_{o}"][1:])
    # at t = 0 (before the onset): her text's factor alone
    with_gc = _projection(on_glucocorticoids, 0, glucocorticoids=True)
    assert both["fracture_risk_10y_major"].iloc[0] == pytest.approx(with_gc["major"], rel=1e-9)
    assert list(both["risk_factors"]) == ["glucocorticoids (patient)",
                                          f"{GC_HIGH} (patient, condition)",
                                          "glucocorticoids (patient, condition)"]


def test_rheumatoid_arthritis_sets_its_factor_from_onset_and_after_control():
    """The rheumatoid-arthritis condition sets FRAX's RA factor from its onset; its offset is
    disease control, not cure, so the factor stays after it."""
    year = 365.25
    r = osteon.simulate("osteon", patient=GC_TEXT,
                        conditions=["rheumatoid arthritis from 1 year for 1 year"],
                        duration="3 years", save=[0.0, 1.5 * year, 3 * year])
    df = r.to_pandas()
    for row, ra in ((0, False), (1, True), (2, True)):
        expected = _projection(r, row, rheumatoid_arthritis=ra)
        assert df["fracture_risk_10y_major"].iloc[row] == pytest.approx(expected["major"],
                                                                        rel=1e-9)
        if ra:
            assert expected["major"] > 1.2 * _projection(r, row)["major"]
    assert list(df["risk_factors"]) == ["none"] + ["rheumatoid arthritis (condition)"] * 2


@pytest.mark.parametrize(("courses", "on_at_months"), [
    # at 5 mg/day or more: while the course lasts, and after it once 3 months were reached;
    # an onset in the run is an event, after the point saved at its time (the pre-event value:
    # a course from 0 is not in the t = 0 row)
    (["glucocorticoids 7.5 mg/d from 0 for 2 months"], (1,)),
    (["glucocorticoids 7.5 mg/d from 0 for 6 months"], (1, 3, 4, 12)),
    (["glucocorticoids 7.5 mg/d from 0 for 2 months",  # two short courses, 4 months in all
      "glucocorticoids 10 mg/d from 3 months for 2 months"], (1, 4, 12)),
    # below 5 mg/day: never (FRAX's definition)
    (["glucocorticoids 2.5 mg/d from 0 for 2 years"], ()),
    # an exposure that ended before the start: ever use
    (["glucocorticoids 7.5 mg/d from -10 years for 3 years"], (0, 1, 3, 4, 12)),
    # a course she already has is in force at t = 0, its row included
    (["glucocorticoids 7.5 mg/d since age 60"], (0, 1, 3, 4, 12)),
    (["glucocorticoids 7.5 mg/d for the past 5 years"], (0, 1, 3, 4, 12)),
    (["glucocorticoids 7.5 mg/d since age 65"], (0, 1, 3, 4, 12)),  # her age: already hers
    (["rheumatoid arthritis since age 60"], (0, 1, 3, 4, 12)),
    (["rheumatoid arthritis from 0"], (1, 3, 4, 12)),
    (["rheumatoid arthritis from 4 months for 1 month"], (12,)),
    (["inflammation"], ()),  # not FRAX's rheumatoid arthritis
])
def test_when_a_condition_sets_its_factor(courses, on_at_months):
    from osteon.readouts import fracture_data as fd
    from osteon.readouts.clinical import condition_factors
    from osteon.units import DAYS_PER_MONTH

    # the cases straddle FRAX's 5 mg/day and 3 months
    assert 2.5 < fd.GC_FACTOR_MIN_DOSE.value <= 7.5 and 2.0 < fd.GC_FACTOR_MIN_EXPOSURE.value <= 4
    months = np.array([0, 1, 3, 4, 12])
    got = condition_factors(courses, months * DAYS_PER_MONTH, age=65.0)
    on = np.zeros(months.shape, dtype=bool)
    for f in got.values():
        on |= f
    assert list(months[on]) == list(on_at_months)


def test_a_condition_from_0_is_not_a_risk_factor_in_the_start_row():
    """'glucocorticoids 7.5 mg/d from 0' counted the factor in the t = 0 row (hip 4.5 %, major
    22.4 % against 1.5 and 11.0 % without it, at the same T-scores), though the course begins
    at the start, an event after the t = 0 point as its parameters and state are. One she
    already has ('for the past 5 years') is in that row."""
    year = 365.25
    kw = {"patient": "female, age 65", "duration": "2 years", "save": [0.0, year, 2 * year]}
    none = osteon.simulate("osteon", **kw).to_pandas()
    new = osteon.simulate("osteon", conditions=["glucocorticoids 7.5 mg/d from 0"],
                          **kw).to_pandas()
    past = osteon.simulate("osteon", conditions=["glucocorticoids 7.5 mg/d for the past 5 years"],
                           **kw).to_pandas()
    for o in ("hip", "major", "clinical_vertebral"):
        assert new[f"fracture_risk_10y_{o}"].iloc[0] == pytest.approx(
            none[f"fracture_risk_10y_{o}"].iloc[0], rel=1e-9)
        assert new[f"fracture_risk_10y_{o}"].iloc[1] > 1.3 * none[f"fracture_risk_10y_{o}"].iloc[1]
        assert past[f"fracture_risk_10y_{o}"].iloc[0] > 1.3 * none[f"fracture_risk_10y_{o}"].iloc[0]
    assert list(new["risk_factors"]) == ["none"] + [f"{GC_HIGH} (condition)"] * 2
    assert set(past["risk_factors"]) == {f"{GC_HIGH} (condition)"}


def test_a_row_at_a_conditions_end_has_its_risk_factor_as_the_model_has_its_inputs():
    """A row saved exactly at a course's offset showed the factor off ('none', major 11.0 %),
    though an offset is an event and the row is the pre-event value: the model integrated the
    course up to it (its state there is that of a longer course). The course is in the rows in
    (onset, offset], as its inputs are."""
    kw = {"patient": "female, age 65", "duration": 90, "save": [0.0, 30.0, 60.0, 61.0]}
    short = osteon.simulate("osteon", conditions=["glucocorticoids 7.5 mg/d from 30 days for 30 days"],
                            **kw).to_pandas()
    longer = osteon.simulate("osteon", conditions=["glucocorticoids 7.5 mg/d from 30 days for 60 days"],
                             **kw).to_pandas()
    none = osteon.simulate("osteon", **kw).to_pandas()
    # what the model integrated: at the offset (row 2) the short course's state is the longer
    # one's, not the untreated; at its onset (row 1) it is the untreated's
    for col in ("ctx_on_assay", "bmd_lumbar_spine"):
        # the two runs integrate the same inputs to t = 60 but end a segment there or not, so
        # they agree to the solver's tolerance (rtol 1e-6), not to rounding
        assert short[col].iloc[2] == pytest.approx(longer[col].iloc[2], rel=1e-5)
        assert short[col].iloc[2] != pytest.approx(none[col].iloc[2], rel=1e-4)
        assert short[col].iloc[1] == pytest.approx(none[col].iloc[1], rel=1e-7)
    assert list(short["risk_factors"]) == ["none", "none", f"{GC_HIGH} (condition)", "none"]
    assert list(longer["risk_factors"]) == ["none", "none"] + [f"{GC_HIGH} (condition)"] * 2
    for o in ("hip", "major", "clinical_vertebral"):
        col = f"fracture_risk_10y_{o}"
        assert short[col].iloc[2] == pytest.approx(longer[col].iloc[2], rel=1e-6)
        # a day after: off (1 month is short of FRAX's 3), only its lower BMD left
        assert short[col].iloc[3] < 1.05 * none[col].iloc[3] < longer[col].iloc[3] / 1.2


@pytest.mark.parametrize(("course", "on"), [
    # a course of the run: in (onset, offset], its offset's row included (pre-event value)
    ("glucocorticoids 7.5 mg/d from 30 days for 30 days", [False, False, True, True, False]),
    ("glucocorticoids 7.5 mg/d from 30 days until 60 days", [False, False, True, True, False]),
    # one she already has, ended in the run: in [0, offset]
    ("glucocorticoids 7.5 mg/d from -30 days for 90 days", [True, True, True, True, False]),
    # one that ended at the start is not in the run (1 month: not 3 months of past use)
    ("glucocorticoids 7.5 mg/d from -30 days for 30 days", [False, False, False, False, False]),
])
def test_a_condition_factor_is_on_from_after_its_onset_to_its_offset(course, on):
    from osteon.readouts.clinical import condition_factors

    got = condition_factors([course], [0.0, 30.0, 45.0, 60.0, 60.001], age=65.0)
    assert list(got["glucocorticoids"]) == on


def test_cli_says_which_risk_factors_entered_the_projections():
    """The start/end table names the factors a condition set (the caption wraps: read it as
    one line)."""
    res = CliRunner().invoke(app, ["simulate", "--patient", GC_TEXT, "--condition",
                                   "glucocorticoids 7.5 mg/d from -1 month for 2 months",
                                   "--years", "1", "--points", "3"])
    assert res.exit_code == 0, res.output
    text = " ".join(res.output[res.output.index("Clinical readouts"):].split())
    assert (f"risk factors in the fracture probabilities: {GC_HIGH} (condition) at the "
            f"start, none at the end") in text
    # a course from 0 begins after the start's row (the pre-event value)
    res = CliRunner().invoke(app, ["simulate", "--patient", GC_TEXT, "--condition",
                                   "glucocorticoids 7.5 mg/d from 0 for 6 months",
                                   "--years", "1", "--points", "3"])
    assert res.exit_code == 0, res.output
    text = " ".join(res.output[res.output.index("Clinical readouts"):].split())
    assert ("risk factors in the fracture probabilities: none at the start, glucocorticoids "
            "(condition) at the end") in text
    res = CliRunner().invoke(app, ["simulate", "--patient", GC_TEXT, "--years", "1",
                                   "--points", "3"])
    assert res.exit_code == 0, res.output
    assert "risk factors in" not in res.output
