"""Drugs composed with the integrated model: registry and cards, dose conversion, PK shape,
direction of every effect, and the trial targets (met, or reported as missed).

Targets (../shared/reference/targets.md and the drug cards):
DM6 (Cummings 2009, PMID 19671655): CTX -86 % vs placebo 1 month after denosumab. Tolerance 10
    points.
DM8 (Cummings 2018, PMID 29105841): after stopping denosumab, turnover markers exceed baseline
    by 6 months after the omitted dose. Tested as CTX > 110 % of placebo 9-12 months after a
    single dose.
Alendronate 10 mg daily (70 mg weekly is its weekly equivalent) for 3 y vs placebo: LS +8.8 %,
    FN +5.9 % (Liberman 1995, PMID 7477143). Tolerance 2 points.
PT3 (Neer 2001; Hofbauer 2004): daily PTH is anabolic, the same amount as a continuous
    infusion catabolic.
"""

import json
import re

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

import osteon
from osteon import drugs, validation
from osteon.cli.app import app
from osteon.dosing import Dose, Regimen
from osteon.errors import InputError, UnknownNameError
from osteon.events import Bolus, ParameterStep
from osteon.library import load
from osteon.library.peterson_riggs2010 import TERIPARATIDE_MW

MONTH = 365.25 / 12


def test_registry_cards_and_parameters():
    assert {"denosumab", "alendronate", "risedronate", "zoledronic_acid", "teriparatide",
            "abaloparatide"} <= set(drugs.names())
    assert drugs.get("Zoledronic Acid").id == "zoledronic_acid"
    # the names prescriptions accept (aliases too) find the drug card
    assert drugs.get("vitamin D3").id == drugs.get("cholecalciferol").id == "vitamin_d"
    assert drugs.get("OPG-Fc").id == "opg_fc"
    with pytest.raises(UnknownNameError, match=r"did you mean 'denosumab'"):
        drugs.get("denosumb")
    with pytest.raises(UnknownNameError, match=r"did you mean 'zoledronic acid'"):
        drugs.get("zoledronat")  # through its alias zoledronate, not the id alendronate
    for name in drugs.names():
        text = drugs.describe(name)
        assert drugs.card(name).mechanism in text
        for p in drugs.get(name).parameters:
            assert p.unit and p.source and p.name.startswith(name)
            assert p.name in text


@pytest.mark.parametrize("name", drugs.names())
def test_every_name_a_drug_card_lists_is_accepted_in_any_case(name):
    # the cards' aliases (calcium carbonate, resistance training, ...) were listed on the drug
    # but refused by drugs.get, 'osteon drugs show' and the prescriptions
    from osteon.dosing import parse

    drug = drugs.get(name)
    card = drugs.describe(name)
    unit, route = next(iter(drug.dose_units)), next(iter(drug.routes))
    for alias in drug.aliases:
        assert alias in card  # the card lists it ('also written: ...')
        for written in (alias, alias.upper(), alias.title()):
            assert drugs.get(written).id == name, written
            assert parse(f"{written} 1 {unit} {route} once").drugs == (name,), written
            r = CliRunner().invoke(app, ["drugs", "show", written])
            assert r.exit_code == 0 and r.output.startswith(drug.card.name), (written, r.output)
    if name in ("calcium", "exercise"):
        assert drug.aliases  # (the test reads something)


def test_card_targets_are_validation_targets():
    # a card names targets by their catalog id or group, so 'osteon validate' runs them
    known = {t.id for t in validation.TARGETS} | {t.group for t in validation.TARGETS}
    for name in drugs.names():
        assert set(drugs.card(name).targets) <= known, name


def test_dose_events_convert_units_routes_and_infusions():
    spec = drugs.compose(load("osteon"), ["denosumab", "teriparatide", "alendronate"])
    assert drugs.dose_events(Dose(0, "denosumab", 60, "mg", "sc"), spec) == [
        Bolus(0.0, "denosumab_depot", 60.0)]
    (b,) = drugs.dose_events(Dose(3, "teriparatide", 20, "ug", "sc"), spec)
    assert b.state == "TERISC" and b.amount == pytest.approx(20e6 / TERIPARATIDE_MW)
    (a,) = drugs.dose_events(Dose(7, "alendronate", 70, "mg", "oral"), spec)
    assert a.state == "alendronate_gut" and a.amount == 70.0
    on, off = Regimen.parse("teriparatide 20 ug/day sc continuous infusion for 6 months").events(spec)
    assert isinstance(on, ParameterStep) and (on.time, on.name) == (0.0, "IPTHinf")
    assert on.value == pytest.approx(20e6 / TERIPARATIDE_MW / 24.0)  # pmol/hour
    assert off.time == pytest.approx(6 * MONTH) and off.value == 0.0
    # the dose as a user reads it, not the record's repr
    with pytest.raises(InputError, match=r"denosumab is given sc.*got route 'oral' in the dose "
                                         r"of 60 mg denosumab oral at day 0$"):
        drugs.dose_events(Dose(0, "denosumab", 60, "mg", "oral"), spec)
    with pytest.raises(InputError, match=r"dose unit must be one of .*got 'IU'"):
        drugs.dose_events(Dose(0, "denosumab", 800, "IU", "sc"), spec)


def test_composition_adds_drug_states_and_leaves_the_baseline_alone():
    plain = osteon.simulate("osteon", duration=30, save=3)
    spec = drugs.compose(load("osteon"), ["denosumab", "zoledronic_acid"])
    assert spec.state_names[:plain.model.n_states] == plain.model.state_names
    assert {"denosumab_depot", "zoledronic_acid_surface"} <= set(spec.state_names)
    r = osteon.simulate(spec, duration=30, save=3)
    for v in ("bmd_lumbar_spine", "ctx", "OCa"):
        np.testing.assert_allclose(r[v], plain[v], rtol=1e-7)  # solver rtol 1e-8
    assert (r["denosumab_serum"] == 0).all()


@pytest.fixture(scope="module")
def denosumab_once():
    save = np.arange(0, 12 * MONTH + 1, MONTH / 2)
    kw = {"duration": "1 year", "save": save, "parameters": {"age_start": 65.0}}
    return (osteon.simulate("osteon", "denosumab 60 mg sc once", **kw).to_pandas(),
            osteon.simulate("osteon", **kw).to_pandas())


def test_denosumab_pk_peaks_within_weeks_and_clears_nonlinearly(denosumab_once):
    d, _ = denosumab_once
    c = d["denosumab_serum"].to_numpy()
    t = d["time_days"].to_numpy()
    assert 5 <= t[np.argmax(c)] <= 25  # Tmax about day 10 (Chen Q et al. 2018, PMID 29933364)
    at = lambda m: np.interp(m * MONTH, t, c)  # noqa: E731
    # target-mediated clearance (Sutjandra 2011): the fall speeds up as the free drug falls
    # below the quasi-steady-state constant Kss (1380 ng/mL)
    assert at(9) < 0.01 * c.max()
    assert at(6) / at(4.5) < at(3) / at(1.5)


def test_denosumab_suppresses_resorption_before_formation_and_raises_bmd(denosumab_once):
    d, pbo = denosumab_once
    rel = lambda col, i: d[col].iloc[i] / pbo[col].iloc[i]  # noqa: E731
    assert rel("ctx", 2) < 0.6        # 1 month
    assert rel("ctx", 2) < rel("p1np", 2)  # resorption falls first and deeper (DM5)
    assert rel("bmd_lumbar_spine", 12) > 1.004  # 6 months
    assert rel("bmd_total_hip", 12) > 1.003
    # RANKL is what the drug holds: free RANKL falls by more than 80 % at the peak
    assert d["rankl"].min() < 0.2 * pbo["rankl"].iloc[0]


@pytest.mark.xfail(strict=True, raises=AssertionError,
                   reason="reported miss (DM6.ctx_1mo): -96 % vs -86 +- 10 at 1 month; the "
                   "loss of resorbing osteoclasts under RANKL blockade is fitted to the day-3 "
                   "fall and the 6-month trough, and the depth at 1 month follows")
def test_dm6_denosumab_ctx_suppression_at_one_month(denosumab_once):
    d, pbo = denosumab_once
    change = 100 * (d["ctx"].iloc[2] / pbo["ctx"].iloc[2] - 1)
    assert change == pytest.approx(-86, abs=10)


def test_denosumab_ctx_falls_within_days_while_free_rankl_stays_held(denosumab_once):
    """The label's CTX fall by day 3 (about -85 %) is a training target of the loss of resorbing
    osteoclasts under RANKL blockade; that loss is steep in the share of RANKL held
    (rankl_blockade_survival_steepness), so the fit does not buy the trough's CTX with a drug
    that holds little RANKL: free RANKL stays below placebo while CTX is down."""
    d, pbo = denosumab_once
    early = osteon.simulate("osteon", "denosumab 60 mg sc once", duration=3, save=[0, 3],
                            parameters={"age_start": 65.0}).to_pandas()
    base = osteon.simulate("osteon", duration=3, save=[0, 3],
                           parameters={"age_start": 65.0}).to_pandas()
    assert early["ctx"].iloc[1] / base["ctx"].iloc[1] < 0.25
    on_drug = slice(1, 13)  # half a month to 6 months
    assert (d["ctx"].iloc[on_drug] < 0.5 * pbo["ctx"].iloc[on_drug]).all()
    assert (d["rankl"].iloc[on_drug] < pbo["rankl"].iloc[on_drug]).all()


@pytest.mark.xfail(strict=True, reason="reported miss: the marker overshoot after denosumab wears "
                   "off is small: osteoclasts follow the square root of their formation, and the "
                   "precursor supply is fixed")
def test_dm8_markers_overshoot_after_denosumab_wears_off(denosumab_once):
    d, pbo = denosumab_once
    late = slice(18, 25)  # 9-12 months
    assert (d["ctx"].iloc[late] / pbo["ctx"].iloc[late]).max() > 1.10


def test_dm8_spine_bmd_returns_to_pretreatment_after_stopping_denosumab():
    """DM8 (Cummings 2018): a year after the omitted dose spine BMD is back near its
    pre-treatment level, not far below it. That needs formation to follow resorption back up:
    suppressed resorption must not deplete the stromal progenitor pool. With the symmetric
    recruitment law (stromal_depletion_share 1) the pool shrinks and the spine undershoots."""
    save = [0.0, 24 * MONTH, 36 * MONTH]
    out = {}
    for share in (0.0, 1.0):
        kw = {"duration": 36 * MONTH, "save": save,
              "parameters": {"age_start": 72.0, "stromal_depletion_share": share}}
        d = osteon.simulate("osteon", "denosumab 60 mg sc q6mo x 4", **kw)
        pbo = osteon.simulate("osteon", **kw)
        ls = d["bmd_lumbar_spine"][0]
        out[share] = (100 * (ls[2] / ls[0] - 1), d["bmsc"][0][1] / pbo["bmsc"][0][1])
    (ls_back, pool), (ls_sym, pool_sym) = out[0.0], out[1.0]
    assert ls_back == pytest.approx(0.0, abs=2.0)          # DM8: 0 +/- 2 %
    assert pool > 0.8 and pool_sym < pool - 0.05          # the pool under suppression
    assert ls_sym < ls_back - 1.5                          # and what its depletion costs


def test_zoledronic_acid_once_keeps_acting_for_a_year():
    save = [0.0, MONTH, 12 * MONTH]
    kw = {"duration": "1 year", "save": save, "parameters": {"age_start": 70.0}}
    z = osteon.simulate("osteon", "zoledronic acid 5 mg iv once", **kw)
    pbo = osteon.simulate("osteon", **kw)
    ctx = z["ctx"][0] / pbo["ctx"][0]
    assert ctx[1] < 0.7 and ctx[2] < 0.7  # still suppressed a year after one infusion
    assert z["bmd_lumbar_spine"][0][-1] > pbo["bmd_lumbar_spine"][0][-1] * 1.01
    assert z["zoledronic_acid_bone_bound"][0][-1] > 0.5  # mg retained in bone


@pytest.mark.slow
@pytest.mark.xfail(strict=True, reason="reported miss (LIBERMAN.ls): the spine gain at 3 y is "
                   "below Liberman 1995's +8.8 % (secondary mineralization is off by "
                   "default; on, the spine gained +7.8 %: README); the femoral neck's +5.9 % "
                   "is met (LIBERMAN.fn)")
def test_alendronate_bmd_gain_of_the_trials_size():
    kw = {"duration": "3 years", "save": 2, "parameters": {"age_start": 68.0}}
    a = osteon.simulate("osteon", "alendronate 70 mg oral weekly for 3 years", **kw)
    pbo = osteon.simulate("osteon", **kw)
    for site, target in (("bmd_lumbar_spine", 8.8), ("bmd_femoral_neck", 5.9)):
        gain = 100 * (a[site][0][-1] - pbo[site][0][-1]) / pbo[site][0][0]
        assert gain == pytest.approx(target, abs=2)


@pytest.mark.xfail(strict=True, reason="reported miss (diagnosis in the bisphosphonate cards): "
                   "on continued zoledronic acid the spine levels off after about 18 months and "
                   "falls a little in year 3 (+4.4 to +4.0 %), where HORIZON and FIT saw it "
                   "keep rising; no secondary mineralization, and the mechanostat answers the "
                   "gained bone with more sclerostin")
def test_spine_keeps_rising_in_year_3_of_zoledronic_acid():
    save = np.array([0.0, 2.0, 3.0]) * 365.25
    z = osteon.simulate("osteon", "zoledronic acid 5 mg iv yearly x 3", duration=save[-1],
                        save=save, parameters={"age_start": 70.0})
    ls = z["bmd_lumbar_spine"][0]
    assert ls[1] > ls[0] * 1.03  # the gain of the first two years is there
    assert ls[2] > ls[1]


def test_the_year_3_spine_fall_on_zoledronic_acid_comes_with_more_sclerostin():
    """The diagnosis behind the miss above, as numbers that could fail: once the remodeling space
    has refilled, formation over resorption on treatment falls below the untreated woman's,
    because the lower strain of the gained bone raises sclerostin (the mechanostat)."""
    save = np.array([0.0, 2.0, 3.0]) * 365.25
    kw = {"duration": save[-1], "save": save, "parameters": {"age_start": 70.0}}
    z = osteon.simulate("osteon", "zoledronic acid 5 mg iv yearly x 3", **kw)
    pbo = osteon.simulate("osteon", **kw)
    balance = {k: r["formation_rate"][0][-1] / r["resorption_rate"][0][-1]
               for k, r in (("zol", z), ("pbo", pbo))}
    assert balance["zol"] < balance["pbo"] < 1.0
    assert z["sclerostin"][0][-1] > 1.1 * z["sclerostin"][0][0]
    assert z["strain"][0][-1] < z["strain"][0][0]


def test_the_decade_slide_on_alendronate_is_the_stromal_recruitment_withdrawn():
    """BONE2004's miss, diagnosed as numbers that could fail: on alendronate formation over
    resorption falls over the decade because suppressed resorption no longer recruits the
    marrow stromal pool (tgfb_stromal_gain); with that recruitment near 0 the treated balance
    stays near 1 and the spine keeps its gain from year 2 to year 10."""
    save = np.array([0.0, 2.0, 10.0]) * 365.25
    rx = "alendronate 70 mg oral weekly for 10 years"
    out = {}
    for name, extra in (("shipped", {}), ("no recruitment", {"tgfb_stromal_gain": 1e-6})):
        r = osteon.simulate("osteon", rx, duration=save[-1], save=save,
                            parameters={"age_start": 65.0, **extra})
        out[name] = (r["formation_rate"][0] / r["resorption_rate"][0], r["bmd_lumbar_spine"][0])
    balance, ls = out["shipped"]
    assert balance[2] < balance[1] - 0.05 and balance[2] < 0.93
    assert ls[2] < ls[1]
    balance, ls = out["no recruitment"]
    assert balance[2] > 0.98
    assert ls[2] > ls[1]


@pytest.mark.slow
def test_pt3_daily_pth_builds_bone_continuous_pth_removes_it():
    """The PTH paradox from the mechanism: the same daily amount, given as peaks or as a steady
    infusion (tests/test_pth_signaling.py shows why, in two weeks)."""
    kw = {"duration": "1 year", "save": 2, "parameters": {"age_start": 65.0}}
    daily = osteon.simulate("osteon", "teriparatide 20 ug sc daily for 1 year", **kw)
    infusion = osteon.simulate("osteon", "teriparatide 20 ug/day sc continuous infusion for "
                               "1 year", **kw)
    pbo = osteon.simulate("osteon", **kw)
    ls = {k: r["bmd_lumbar_spine"][0][-1] for k, r in
          (("daily", daily), ("infusion", infusion), ("pbo", pbo))}
    assert ls["daily"] > ls["pbo"] > ls["infusion"]


def test_cli_treat_writes_drug_columns_and_lists_drugs(tmp_path):
    runner = CliRunner()
    res = runner.invoke(app, ["simulate", "--patient", "female, age 70", "--treat",
                              "zoledronic acid 5 mg iv once", "--years", "0.5", "--points", "7",
                              "--out", str(tmp_path)])
    assert res.exit_code == 0, res.output
    header = (tmp_path / "trajectory.csv").read_text().splitlines()[0].split(",")
    assert {"zoledronic_acid_bone_bound", "zoledronic_acid_surface", "ctx"} <= set(header)
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["bmd"]["lumbar_spine"]["change_percent"] > 0
    res = runner.invoke(app, ["simulate", "--treat", "denosumab 60 kg sc once", "--days", "5"])
    assert res.exit_code == 2 and "unknown dose unit 'kg'" in res.output
    res = runner.invoke(app, ["drugs", "list"])
    assert res.exit_code == 0 and "zoledronic_acid" in res.output
    res = runner.invoke(app, ["drugs", "show", "denosumab"])
    assert res.exit_code == 0 and "rankl_decoy" in res.output


def test_cli_compare_columns_are_those_of_every_arm(tmp_path):
    # a drug only the second arm has: its columns and their units are in the comparison's
    # summary.json too, as in that arm's own (the first arm's alone left them out)
    res = CliRunner().invoke(app, ["simulate", "--patient", "female, age 70", "--compare",
                                   "none", "--compare", "zoledronic acid 5 mg iv once",
                                   "--days", "30", "--points", "3", "--out", str(tmp_path)])
    assert res.exit_code == 0, res.output
    summary = json.loads((tmp_path / "summary.json").read_text())
    columns = summary["columns"]
    drug = [c for c in columns if c.startswith("zoledronic_acid_")]
    assert len(drug) >= 4, columns
    for arm in summary["arms"]:
        own = json.loads((tmp_path / arm["directory"] / "summary.json").read_text())
        assert {c: columns[c] for c in own["columns"]} == own["columns"], arm["directory"]
        trajectory = pd.read_csv(tmp_path / arm["trajectory"], nrows=1)
        assert set(trajectory.columns) <= set(columns)
        # the comparison's per-arm shape, and the arm's own (a single run's) beside it
        assert set(arm["bmd_change_percent"]["total_hip"]) == {"end", "by_year"}
        assert arm["bmd_change_percent"]["total_hip"]["end"] == pytest.approx(
            own["bmd"]["total_hip"]["change_percent"], rel=1e-12, abs=1e-12)
    assert list(columns)[:2] == ["subject_id", "time_days"]


def test_cli_compare_runs_arms_on_one_patient(tmp_path):
    (tmp_path / "trajectory.csv").write_text("an earlier single run's\n")
    (tmp_path / "arm_3").mkdir()  # an earlier comparison's third arm
    res = CliRunner().invoke(app, ["simulate", "--patient", "female, age 70", "--compare",
                                   "zoledronic acid 5 mg iv once", "--compare", "none",
                                   "--condition", "glucocorticoids 7.5 mg/d",
                                   "--years", "1", "--points", "5", "--out", str(tmp_path)])
    assert res.exit_code == 0, res.output
    # the terminal: the arms numbered, and a row per whole year and arm (not one line per arm)
    assert "arms: 1 = zoledronic acid 5 mg iv once; 2 = none" in res.output
    assert "% change from the start, by year and arm" in res.output
    assert [line.split("│")[1].strip() for line in res.output.splitlines()
            if line.startswith("│")] == ["1", ""]
    # a result file this run did not write is named, not mistaken for part of it
    assert "also holds arm_3/, trajectory.csv from an earlier run" in res.output
    assert "each arm's result in arm_1, arm_2 (osteon.Result.load reads" in res.output
    summary = json.loads((tmp_path / "summary.json").read_text())
    # the run's patient and conditions; per arm its trajectory and clinical readouts
    assert summary["patient"] == "sex=female age=70"
    assert summary["conditions"] == ["glucocorticoid excess 7.5 mg/day from 0"]
    zol, none = summary["arms"]
    assert (zol["directory"], none["directory"]) == ("arm_1", "arm_2")
    assert (zol["trajectory"], none["trajectory"]) == ("arm_1/trajectory.csv",
                                                       "arm_2/trajectory.csv")
    for arm in (zol, none):
        assert {"start", "end"} <= set(arm["clinical"]) and arm["status"][0]["status"] == "ok"
    assert (zol["clinical"]["end"]["t_score_lumbar_spine"]
            > none["clinical"]["end"]["t_score_lumbar_spine"])
    # each arm's directory is a saved result: it loads, and is what the comparison reports
    # (the comparison's directory could not be loaded at all)
    from osteon.cli.compare import arm_summary

    for arm, k, model_id in ((zol, 1, "osteon+zoledronic_acid"), (none, 2, "osteon")):
        back = osteon.Result.load(tmp_path / arm["directory"])
        assert back.model.id == model_id and back.n_subjects == 1 and back.ok
        assert back.attrs["patient"] == "sex=female age=70"
        assert back.attrs["conditions"] == ["glucocorticoid excess 7.5 mg/day from 0"]
        pd.testing.assert_frame_equal(  # subject_id: ints, as object or int64
            back.to_pandas(), pd.read_parquet(tmp_path / f"arm_{k}" / "trajectory.parquet"),
            check_dtype=False, check_exact=True)
        again = arm_summary(back)
        for site in ("lumbar_spine", "total_hip", "femoral_neck"):
            assert again["bmd_change_percent"][site] == arm["bmd_change_percent"][site]
        assert again["marker_change_percent"] == arm["marker_change_percent"]
        assert back.summary()["clinical"]["end"] == arm["clinical"]["end"]
    assert zol["bmd_change_percent"] != none["bmd_change_percent"]
    with pytest.raises(InputError, match=r"a comparison of arms \(--compare\), which is not one "
                                         r"result; each arm is one, in its own directory: "
                                         r"Result\.load\('.*arm_1'\) \(zoledronic acid 5 mg iv "
                                         r"once\), Result\.load\('.*arm_2'\) \(none\)"):
        osteon.Result.load(tmp_path)
    assert zol["prescription"].startswith("zoledronic") and none["prescription"] == "none"
    for site in ("lumbar_spine", "total_hip", "femoral_neck"):
        assert zol["bmd_change_percent"][site]["by_year"]["1"] > \
            none["bmd_change_percent"][site]["by_year"]["1"]
    assert zol["marker_change_percent"]["ctx"]["end"] < -30 < none["marker_change_percent"]["ctx"]["end"]
    # markers by whole year too, as BMD (the terminal's CTX column reads them)
    for arm in (zol, none):
        ctx = arm["marker_change_percent"]["ctx"]
        assert list(ctx["by_year"]) == ["1"] and ctx["by_year"]["1"] == pytest.approx(ctx["end"])
    assert (tmp_path / "figure.png").exists()
    assert sorted(p.name for p in (tmp_path / "arm_2").iterdir()) == [
        "parameters.csv", "summary.json", "trajectory.csv", "trajectory.parquet"]
    # the FNIH trial-level surrogate, against the untreated arm, for the treated arm only
    fnih = zol["fnih_surrogate"]
    diff = (zol["bmd_change_percent"]["total_hip"]["end"]
            - none["bmd_change_percent"]["total_hip"]["end"])
    assert fnih["versus"] == "none" and fnih["total_hip_difference_points"] == pytest.approx(diff)
    assert diff > 0 and fnih["expected_rr"]["vertebral"] < fnih["expected_rr"]["hip"] < 1.0
    assert fnih["read_at_day"] == pytest.approx(365.25) and "on treatment" in fnih["note"]
    assert fnih["status"] == "computed"
    # one shape for every arm: the untreated arm says why it has no reading
    assert none["fnih_surrogate"] == {"status": "not computed", "reason": "this is the untreated "
                                      "arm the other arms are read against"}
    assert "fnih_surrogate" not in summary  # no second, top-level shape
    res = CliRunner().invoke(app, ["simulate", "--compare", "none", "--compare", "none"])
    assert res.exit_code == 2 and "error:" in res.output


@pytest.mark.parametrize("arms,needle", [
    (["none", "placebo"], "'none' and 'placebo' are the same arm (no treatment)"),
    (["Denosumab 60 mg SC x 1", "denosumab 60 mg sc once"],
     "'Denosumab 60 mg SC x 1' and 'denosumab 60 mg sc once' are the same arm (the prescription "
     "'denosumab 60 mg sc once')"),
    (["zoledronate 5 mg iv once", "none", "zoledronic acid 5 mg iv x 1"],
     "'zoledronate 5 mg iv once' and 'zoledronic acid 5 mg iv x 1' are the same arm"),
])
def test_cli_compare_refuses_the_same_arm_spelt_twice(arms, needle):
    # 'none' and 'placebo', or one prescription in two spellings, ran as two identical arms
    res = CliRunner().invoke(app, ["simulate", "--patient", "female, age 70", "--years", "0.1",
                                   *[a for arm in arms for a in ("--compare", arm)]])
    assert res.exit_code == 2
    assert "--compare arms must differ: " + needle in " ".join(res.output.split())


def test_cli_compare_applies_param_overrides_to_every_arm(tmp_path):
    """--param with --compare was refused; it now overrides the parameter in every arm (the
    baseline and the patient's life course are computed with it) and summary.json says so; a
    drug's parameter in the arms that give the drug, the others saying they leave it out."""
    arms = ["--compare", "zoledronic acid 5 mg iv once", "--compare", "none"]
    base = ["simulate", "--patient", "female, age 70", *arms, "--years", "0.5", "--points", "3"]
    res = CliRunner().invoke(app, [*base, "--param", "loading=0.8", "--out", str(tmp_path / "p")])
    assert res.exit_code == 0, res.output
    plain = CliRunner().invoke(app, [*base, "--out", str(tmp_path / "plain")])
    assert plain.exit_code == 0, plain.output
    with_p = json.loads((tmp_path / "p" / "summary.json").read_text())
    without = json.loads((tmp_path / "plain" / "summary.json").read_text())
    assert with_p["parameter_overrides"] == {"loading": 0.8}
    assert without["parameter_overrides"] == {}
    # every arm ran with it: each arm's trajectory differs from the same arm without it
    for k, name in ((1, "zoledronic"), (2, "none")):
        a = pd.read_csv(tmp_path / "p" / f"arm_{k}" / "trajectory.csv")
        b = pd.read_csv(tmp_path / "plain" / f"arm_{k}" / "trajectory.csv")
        assert a["bmd_total_hip"].iloc[0] != pytest.approx(b["bmd_total_hip"].iloc[0],
                                                           rel=1e-6), name
    # a drug's parameter acts only in the arms that give the drug (was refused, as one arm
    # does not have it): the untreated arm leaves it out and says so
    drug = CliRunner().invoke(app, [*base, "--param", "zoledronic_acid_Emax=0.5",
                                    "--out", str(tmp_path / "d")])
    assert drug.exit_code == 0, drug.output
    note = ('arm 2 ("none"): parameter zoledronic_acid_Emax applies only where zoledronic '
            'acid is given; not used in this arm')
    assert note in " ".join(drug.output.split()), drug.output
    with_d = json.loads((tmp_path / "d" / "summary.json").read_text())
    assert with_d["notes"] == [note]
    assert with_d["parameter_overrides"] == {"zoledronic_acid_Emax": 0.5}
    assert [a["parameters_not_used"] for a in with_d["arms"]] == [[], ["zoledronic_acid_Emax"]]
    # the treated arm used it (a weaker drug: less hip gained), the untreated arm is as before
    treated = pd.read_csv(tmp_path / "d" / "arm_1" / "trajectory.csv")["bmd_total_hip"]
    treated0 = pd.read_csv(tmp_path / "plain" / "arm_1" / "trajectory.csv")["bmd_total_hip"]
    assert treated.iloc[-1] / treated.iloc[0] < treated0.iloc[-1] / treated0.iloc[0]
    untreated_d = pd.read_csv(tmp_path / "d" / "arm_2" / "trajectory.csv")["bmd_total_hip"]
    untreated0 = pd.read_csv(tmp_path / "plain" / "arm_2" / "trajectory.csv")["bmd_total_hip"]
    assert list(untreated_d) == pytest.approx(list(untreated0), rel=1e-12)
    # a drug's parameter where no arm gives the drug is a mistake: refused naming the drug
    none_gives = CliRunner().invoke(app, [*base, "--param", "denosumab_kel=0.02"])
    assert none_gives.exit_code == 2
    assert ("'denosumab_kel' is a parameter of drug 'denosumab', which no arm gives"
            in " ".join(none_gives.output.split())), none_gives.output
    # and its value is checked against its domain in the arms that give the drug
    bad = CliRunner().invoke(app, [*base, "--param", "zoledronic_acid_Emax=-0.5"])
    assert bad.exit_code == 2 and "zoledronic_acid_Emax" in bad.output and "got -0.5" in bad.output
    # the parameter's own domain and a misspelling are checked as for a single run
    neg = CliRunner().invoke(app, [*base, "--param", "loading=-1"])
    assert neg.exit_code == 2 and "Parameter 'loading'" in neg.output and "got -1" in neg.output
    typo = CliRunner().invoke(app, [*base, "--param", "loadin=1"])
    assert typo.exit_code == 2 and "did you mean 'loading'" in typo.output
    # a drug parameter's misspelling is offered the drug's name, though the untreated arm
    # comes first (it was offered nothing: the error was the untreated model's)
    drug_typo = CliRunner().invoke(app, ["simulate", "--patient", "female, age 70", "--compare",
                                         "none", "--compare", "zoledronic acid 5 mg iv once",
                                         "--param", "zoledronic_acid_Emx=0.5"])
    assert drug_typo.exit_code == 2
    assert "did you mean 'zoledronic_acid_Emax'" in drug_typo.output, drug_typo.output
    still = CliRunner().invoke(app, [*base, "--set", "loading=0.8"])
    assert still.exit_code == 2 and "cannot be combined with --model, --set or --treat" in still.output


def test_compare_table_ends_with_the_end_between_whole_years():
    """A run that ends between whole years gets a last row at its end (so a half-year comparison
    shows something), read from the same summary as summary.json."""
    from rich.console import Console

    from osteon.cli.compare import arm_summary, run_arms, year_table

    arms = run_arms(["zoledronic acid 5 mg iv once", "none"], patient="female, age 70",
                    duration=1.5 * 365.25, points=4)
    legend, table = year_table(arms)
    console = Console(width=120, record=True)
    console.print(table)
    text = console.export_text()
    rows = [[c.strip() for c in line.split("│")[1:-1]] for line in text.splitlines()
            if line.startswith("│")]
    assert [r[:2] for r in rows] == [["1", "1"], ["", "2"], ["end (1.5)", "1"], ["", "2"]]
    zol = arm_summary(arms["zoledronic acid 5 mg iv once"])
    assert rows[2][2] == f"{zol['bmd_change_percent']['lumbar_spine']['end']:+.1f}"
    assert rows[0][5] == f"{zol['marker_change_percent']['ctx']['by_year']['1']:+.1f}"
    assert legend == "arms: 1 = zoledronic acid 5 mg iv once; 2 = none"


def test_compare_marker_extremes_do_not_depend_on_points():
    """A --compare arm's CTX lowest and highest after it (the rebound after denosumab stops) and
    when they fell are read on a 1-day grid from the same solve, not on the saved times: with 4
    saved points the nadir was read at 0.67 y and the rebound at 1.33 y (+3.1 %), with 25 at
    other times (+4.5 % at 1.25 y). The saved times stay those --points asks for."""
    from osteon.cli.compare import EXTREMES_GRID_DAYS, arm_summary, run_arms

    rx = "denosumab 60 mg sc q6mo x 2"
    reads = {}
    for points in (4, 25):
        arms = run_arms([rx, "none"], patient="female, age 70", duration=2 * 365.25,
                        points=points)
        assert arms[rx].times.size == points + (points == 4)  # + year 1, not among 4 points
        reads[points] = arm_summary(arms[rx])["marker_change_percent"]["ctx"]
    coarse, fine = reads[4], reads[25]
    step = EXTREMES_GRID_DAYS / 365.25
    for key in ("min", "max"):
        assert coarse[key] == pytest.approx(fine[key], abs=0.05)
    assert coarse["min_at_years"] == pytest.approx(fine["min_at_years"], abs=step)
    rebound = (coarse["max_after_min"], fine["max_after_min"])
    assert rebound[0]["percent"] == pytest.approx(rebound[1]["percent"], abs=0.05)
    assert rebound[0]["at_years"] == pytest.approx(rebound[1]["at_years"], abs=step)
    # a rebound above the start, between the 4 points' saved times (0.67, 1, 1.33 y)
    assert rebound[0]["percent"] > 4.5
    assert all(abs(rebound[0]["at_years"] - t) > 0.05 for t in (2 / 3, 1.0, 4 / 3))


def test_fnih_surrogate_has_one_shape_for_every_arm():
    """Without an untreated arm every arm gets a dict saying why there is no reading (it was a
    top-level string then, a dict per treated arm otherwise)."""
    from osteon.cli.compare import arm_fnih_surrogate

    arms = {"denosumab 60 mg sc q6mo x 2": object(), "zoledronic acid 5 mg iv once": object()}
    for name in arms:
        entry = arm_fnih_surrogate(arms, name, None)
        assert entry["status"] == "not computed" and "--compare none" in entry["reason"]
        assert set(entry) == {"status", "reason"}


def test_pth_analog_past_24_months_warns():
    from osteon.simulation import _warn_pth_analog_exposure

    with pytest.warns(osteon.errors.OsteonWarning, match=r"30.0 months exceeds the 24-month"):
        _warn_pth_analog_exposure(Regimen.parse("teriparatide 20 ug sc daily for 30 months"),
                                  40 * 365.25)
    with pytest.warns(osteon.errors.OsteonWarning, match=r"exceeds the 24-month"):
        _warn_pth_analog_exposure(Regimen.parse("abaloparatide 80 ug/day sc continuous infusion "
                                                "for 3 years"), 4 * 365.25)
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _warn_pth_analog_exposure(Regimen.parse("teriparatide 20 ug sc daily for 24 months"),
                                  40 * 365.25)
        # only the simulated span counts
        _warn_pth_analog_exposure(Regimen.parse("teriparatide 20 ug sc daily for 30 months"),
                                  365.25)


@pytest.mark.parametrize("text", [
    # two agonists together, one drug in two concurrent items, a daily amount split in two:
    # 13 months on treatment each, read as 26 months (the doses summed) before
    "teriparatide 20 ug sc daily for 13 months and abaloparatide 80 ug sc daily for 13 months",
    "teriparatide 20 ug sc daily for 13 months and teriparatide 20 ug sc daily for 13 months",
    "teriparatide 10 ug sc every 0.5 days for 13 months",
    "teriparatide 20 ug/day sc continuous infusion for 13 months and "
    "teriparatide 20 ug sc daily for 13 months",
])
def test_pth_analog_exposure_counts_time_on_treatment_not_doses(text):
    import warnings

    from osteon.simulation import _warn_pth_analog_exposure

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _warn_pth_analog_exposure(Regimen.parse(text), 40 * 365.25)
    # one after the other they add up: 12 + 13 months
    with pytest.warns(osteon.errors.OsteonWarning, match=r"25.0 months exceeds the 24-month"):
        _warn_pth_analog_exposure(Regimen.parse(text.replace(" and ", " then ").replace(
            "13 months then", "12 months then").replace("every 0.5 days for 13 months",
                                                        "every 0.5 days for 25 months")),
            40 * 365.25)


def test_compare_figure_reads_as_a_clinician_does():
    """Issue 6, 'everywhere': the arms' figure shades the WHO bands on each BMD panel, draws the
    markers on their premenopausal interval and the 10-year fracture probability of each arm."""
    from osteon.cli.compare import plot_arms, run_arms

    arms = run_arms(["zoledronic acid 5 mg iv once", "none"], patient="female, age 70",
                    duration=365.25, points=5)
    fig = plot_arms(arms)
    axes = fig.axes
    for ax in axes[:3]:  # BMD by site: at least the band her BMD lies in is shaded
        assert "WHO bands" in ax.get_title() and ax.patches
    for ax in axes[3:5]:
        assert "premenopausal" in ax.get_title() and len(ax.patches) == 1
    for ax in axes[6:8]:
        assert "fracture probability" in ax.get_title() and len(ax.lines) == 2
        zol, none = (line.get_ydata() for line in ax.lines)
        assert zol[-1] < none[-1]  # the treated arm's risk is lower at one year
    # the legends cover no data: both sit in the free panel, each drug level once (by style)
    assert axes[5].get_legend() is None and not axes[8].axison
    texts = [t.get_text() for t in axes[8].get_legend().get_texts()]
    assert texts == ["zoledronic_acid_bone_bound [mg]"]
    import matplotlib.pyplot as plt
    plt.close(fig)


def test_a_dose_far_from_the_usual_one_is_reported_as_a_likely_unit_slip():
    from osteon.errors import OsteonWarning

    assert drugs.usual_dose("denosumab") == 60.0 and drugs.usual_dose("exercise") == 2.0
    assert drugs.usual_dose("rank_fc") is None  # no human regimen: nothing to compare with
    for text, ratio in (("denosumab 60000 mg sc q6mo", "1e+03"), ("denosumab 60 ug sc q6mo",
                                                                   "0.001")):
        with pytest.warns(OsteonWarning, match=re.escape(f"{text.split(' sc')[0]} is {ratio} "
                                                         "times the usual single dose")):
            osteon.simulate("osteon", text, patient="female, age 65", duration=30)
    # trial doses stay quiet: FIT's 5 mg daily (1/14 of 70 mg weekly), 40 ug teriparatide
    for text in ("alendronate 5 mg oral daily", "teriparatide 40 ug sc daily",
                 "calcium 500 mg + vitamin D 6.25 ug oral daily"):
        assert drugs.implausible_doses(Regimen.parse(text).expand(until=30)) == [], text


def test_an_oral_bisphosphonate_given_iv_is_compared_by_what_reaches_the_circulation():
    # 70 mg iv weekly ran silently at about 130 times the exposure of 70 mg oral (0.76 %)
    for drug, f in (("alendronate", 0.0076), ("risedronate", 0.0063)):
        usual = drugs.usual_dose(drug)
        text = f"{drug} {usual:g} mg iv weekly"
        [line] = drugs.implausible_doses(Regimen.parse(text).expand(until=30))
        ratio = 1.0 / f
        assert f"{drug} {usual:g} mg iv is {ratio:.3g} times the usual single dose" in line
        assert f"oral bioavailability {100 * f:.3g} %, iv 100 %" in line
        assert "check the route and the unit" in line
        # the same amount by mouth, and an iv dose of what 70 mg oral delivers, stay quiet
        oral = Regimen.parse(f"{drug} {usual:g} mg oral weekly").expand(until=30)
        iv = Regimen.parse(f"{drug} {usual * f:.3g} mg iv weekly").expand(until=30)
        assert drugs.implausible_doses(oral) == [] and drugs.implausible_doses(iv) == []
    from osteon.errors import OsteonWarning

    with pytest.warns(OsteonWarning, match="alendronate 70 mg iv is 132 times"):
        osteon.simulate("osteon", "alendronate 70 mg iv weekly", patient="female, age 65",
                        duration=14, save=2)


def test_a_route_the_drug_is_not_given_by_is_refused_before_any_dose_comparison():
    """'alendronate 70 mg sc weekly x 1' warned '132 times the usual single dose ... sc 100 %'
    and then failed with 'alendronate is given iv or oral': only the route error is said."""
    text = "alendronate 70 mg sc weekly x 1"
    error = r"alendronate is given iv or oral in osteon; got route 'sc'"
    with pytest.raises(InputError, match=error):
        drugs.implausible_doses(Regimen.parse(text).expand(until=10))
    with pytest.raises(InputError, match=error):  # conftest: a warning first would fail here
        osteon.simulate("osteon", text, patient="female, age 68", duration=10)
    r = CliRunner().invoke(app, ["simulate", "--patient", "female, age 68", "--treat", text,
                                 "--days", "10"])
    assert r.exit_code == 2 and "route 'sc'" in r.output and "usual" not in r.output
    # a dose into a named compartment is the caller's routing and is compared as before
    dose = Dose(time=0.0, drug="alendronate", amt=70.0, unit="mg", route="sc",
                cmt="alendronate_gut")
    assert drugs.implausible_doses([dose]) != []


def test_every_route_of_a_multi_route_drug_names_its_bioavailability():
    # the dose check compares routes by the amount reaching the circulation
    for name in drugs.names():
        d = drugs.get(name)
        names = {p.name for p in d.parameters}
        assert set(d.bioavailability) <= set(d.routes), name
        assert set(d.bioavailability.values()) <= names, name
        if len(d.routes) > 1:
            assert set(d.routes) - set(d.bioavailability) == {"iv"}, name


@pytest.mark.parametrize("text", [
    "vitamin D 50000 IU oral weekly",  # a US repletion regimen
    "vitamin D 100000 IU oral once",  # a trial arm (ViDA's monthly, Trivedi's four-monthly)
    "vitamin D 100000 IU oral every 4 months",
    "vitamin D 500000 IU oral yearly",  # Sanders 2010, the largest documented bolus
])
def test_standard_vitamin_d_boluses_are_not_reported_as_unit_slips(text):
    # 50,000 IU weekly was '62.5 times the usual single dose; check the unit'
    assert drugs.implausible_doses(Regimen.parse(text).expand(until=400)) == [], text


@pytest.mark.parametrize(("text", "words", "check"), [
    # the same bolus every day: within the largest documented bolus, but its exposure rate is
    # 62.5 times 800 IU a day, above the largest studied regimen (250 ug = 10,000 IU a day)
    ("vitamin D 50000 IU oral daily", ["vitamin_d 50000 IU oral every 1 day is 62.5 times the "
                                       "usual exposure", "and above the largest studied regimen "
                                       "(vitamin D 250 ug oral daily)"], "the dose"),
    ("vitamin D 50000 IU oral every 2 days", ["every 2 days is 31.2 times the usual exposure"],
     "the dose"),
    # 50,000 ug for 50,000 IU: 2,000,000 IU, above the largest documented bolus
    ("vitamin D 50000 ug oral once", ["2.5e+03 times the usual single dose",
                                      "above the largest documented single dose "
                                      "(vitamin D 500000 IU oral once)"], "the unit"),
    ("vitamin D 2000000 IU oral yearly", ["above the largest documented single dose"],
     "the unit"),
])
def test_vitamin_d_too_often_or_above_the_largest_bolus_is_reported(text, words, check):
    [line] = drugs.implausible_doses(Regimen.parse(text).expand(until=400))
    for w in words:
        assert w in line, (w, line)
    assert line.endswith(f"check {check}")


STACKED = "denosumab 60 mg sc q6mo x 4 and denosumab 60 mg sc q6mo x 4"


def test_the_same_drug_given_twice_concurrently_warns_with_the_combined_amount():
    """'a + a' gave 120 mg of denosumab every 6 months without a word: each 60 mg record was
    checked alone against the usual 60 mg."""
    from osteon.errors import OsteonWarning

    words = ("denosumab: concurrent prescription items of the same drug stack to 120 mg sc at "
             "once (60 mg + 60 mg at day 0), 2 times the usual single dose 60 mg "
             "(denosumab 60 mg sc q6mo)")
    one = Regimen.parse("denosumab 60 mg sc q6mo x 4")
    for rx in (Regimen.parse(STACKED), one + one, one + "denosumab 60 mg sc q6mo x 4",
               Regimen.parse("denosumab 60 mg + denosumab 60 mg sc q6mo x 4"),
               Regimen(*2 * [Dose(0, "denosumab", 60, "mg", "sc", ii="6 months", addl=3)])):
        [line] = drugs.stacked_doses(rx, 800.0)
        assert line.startswith(words), (str(rx), line)
    # each item alone is the usual regimen: the stack is the one line
    assert drugs.dose_warnings(Regimen.parse(STACKED), 800.0) == drugs.stacked_doses(
        Regimen.parse(STACKED), 800.0)
    # the records alone (no items) are one schedule of 120 mg every 6 months: twice the usual
    # exposure rate
    [alone] = drugs.implausible_doses(Regimen.parse(STACKED).expand(until=800))
    assert "is 2 times the usual exposure" in alone, alone
    with pytest.warns(OsteonWarning, match=re.escape(words)):
        osteon.simulate("osteon", STACKED, patient="female, age 65", duration=10, save=2)
    with pytest.warns(OsteonWarning, match=re.escape(words)):  # the CLI's own check
        r = CliRunner().invoke(app, ["simulate", "--patient", "female, age 65", "--treat",
                                     STACKED, "--days", "10"])
    assert r.exit_code == 0, r.output


@pytest.mark.parametrize(("text", "words"), [
    # a second course 3 months into the first: 120 mg within one dosing interval
    ("denosumab 60 mg sc q6mo x 4 and denosumab 60 mg sc q6mo x 4 from 3 months",
     "stack to 120 mg sc within 164.4 days (60 mg + 60 mg from day 0 to 91.31; 90 % of the "
     "usual dosing interval, 182.6 days), 2 times the usual single dose 60 mg"),
    # 10 mg daily twice: 140 mg a week against 70 mg weekly
    ("alendronate 10 mg oral daily and alendronate 10 mg oral daily",
     "stack to 140 mg oral within 6.3 days (14 doses from day 0 to 6"),
    ("teriparatide 20 ug sc daily and teriparatide 20 ug sc daily",
     "stack to 40 ug sc at once (20 ug + 20 ug at day 0), 2 times the usual single dose 20 ug"),
])
def test_concurrent_items_of_one_drug_within_its_dosing_interval_are_summed(text, words):
    [line] = drugs.stacked_doses(Regimen.parse(text), 800.0)
    assert words in line, line


@pytest.mark.parametrize("text", [
    # different drugs together: a combination, not a double dose
    "denosumab 60 mg sc q6mo x 4 and zoledronic acid 5 mg iv yearly x 2",
    "dasatinib 100 mg + quercetin 1000 mg oral daily x 3 days every month x 6",
    "calcium 1000 mg + vitamin D 800 IU oral daily",
    # two halves that make the usual dose, also on a calendar (6 months from January 1st are
    # 181 days, less than 182.625)
    "denosumab 30 mg sc q6mo x 4 and denosumab 30 mg sc q6mo x 4",
    "denosumab 30 mg sc q6mo x 4 and denosumab 30 mg sc q6mo x 4 starting 2025-01-01",
    "alendronate 5 mg oral daily and alendronate 5 mg oral daily",
    "romosozumab 105 mg sc monthly x 12 and romosozumab 105 mg sc monthly x 12 starting "
    "2025-01-31",
    # one course after the other is not concurrent, even where a calendar brings doses closer
    "denosumab 60 mg sc q6mo x 2 then denosumab 60 mg sc q6mo x 2 starting 2025-01-01",
])
def test_combinations_split_doses_and_sequences_do_not_stack(text):
    assert drugs.stacked_doses(Regimen.parse(text), 800.0) == [], text


@pytest.mark.parametrize("name", drugs.names())
def test_every_drug_cards_usual_regimen_parses_so_the_dose_checks_apply(name):
    """Abaloparatide's usual regimen ('80 ug sc daily for up to 18-24 months') did not parse,
    so no dose of it was ever checked against its usual one."""
    card = drugs.card(name)
    if name in drugs.NO_USUAL_DOSE:  # exempt, with the reason the code gives
        assert drugs.NO_USUAL_DOSE[name]
        assert drugs.usual_dose(name) is None
        assert card.usual_regimen.startswith("none"), card.usual_regimen
        return
    usual = drugs.usual_dose(name)
    assert usual is not None, card.usual_regimen
    # the dose read is the card's first amount, in the drug's amount unit
    amount, unit = re.search(r"(\d+(?:\.\d+)?) ([A-Za-z]+)", card.usual_regimen).groups()
    units = drugs.get(name).dose_units
    factor = units[unit] if unit in units else units[unit.removesuffix("s")]  # sessions
    assert usual == pytest.approx(float(amount) * factor, rel=1e-12)
    # and the checks do apply: a thousand times it (beyond any documented single dose) is
    # reported as a slip
    first = Regimen.parse(re.split(r"\s*[(;,]|\s+with\s", card.usual_regimen)[0]
                          .replace(" up to ", " ")).expand(until=1.0)
    big = [d.replace(amt=d.amt * 1000) for d in first if d.drug == name]
    assert big and any(line.startswith(f"{name} ") for line in drugs.implausible_doses(big))


def test_every_exemption_names_a_drug():
    assert set(drugs.NO_USUAL_DOSE) <= set(drugs.names())


def test_a_doubled_abaloparatide_dose_warns():
    """Abaloparatide's card did not parse, so neither dose check saw it: two daily 80 ug items
    (160 ug a day) and 80 mg for 80 ug ran without a word."""
    from osteon.errors import OsteonWarning

    assert drugs.usual_dose("abaloparatide") == pytest.approx(80.0 * 1e6 / 3960.5)  # pmol
    doubled = "abaloparatide 80 ug sc daily x 5 and abaloparatide 80 ug sc daily x 5"
    words = ("abaloparatide: concurrent prescription items of the same drug stack to 160 ug sc "
             "at once (80 ug + 80 ug at day 0), 2 times the usual single dose 80 ug "
             "(abaloparatide 80 ug sc daily for up to 24 months)")
    [line] = drugs.stacked_doses(Regimen.parse(doubled), 800.0)
    assert line.startswith(words), line
    with pytest.warns(OsteonWarning, match=re.escape(words)):
        osteon.simulate("osteon", doubled, patient="female, age 68", duration=5, save=2)
    [line] = drugs.implausible_doses(Regimen.parse("abaloparatide 80 mg sc daily x 5")
                                     .expand(until=10))
    assert line.startswith("abaloparatide 80 mg is 1e+03 times the usual single dose"), line
    # the usual dose alone stays quiet
    assert drugs.implausible_doses(Regimen.parse("abaloparatide 80 ug sc daily x 5")
                                   .expand(until=10)) == []


def test_a_split_dose_that_makes_the_usual_dose_simulates_without_a_warning():
    # conftest turns an OsteonWarning into an error
    half = Regimen(Dose(0, "denosumab", 30, "mg", "sc", ii="6 months", addl=1))
    r = osteon.simulate("osteon", half + half, patient="female, age 65", duration=10, save=2)
    assert r.times[-1] == 10.0


def test_doses_given_at_once_are_checked_as_their_sum():
    # two weekly 50,000 IU records at once were reported as 'given every 0 days, inf times'
    text = "vitamin D 50000 IU oral weekly and vitamin D 50000 IU oral weekly"
    [line] = drugs.implausible_doses(Regimen.parse(text).expand(until=400))
    # 100,000 IU is within the largest documented bolus; 100,000 IU a week is not within the
    # largest studied regimen's 10,000 IU a day
    assert line.startswith("vitamin_d 100000 IU oral every 7 days is 17.9 times the usual "
                           "exposure"), line
    # ten stacked denosumab records are 600 mg at once, 10 times the usual: at the limit, and
    # eleven are past it
    assert drugs.implausible_doses(Regimen(*10 * [Dose(0, "denosumab", 60, "mg", "sc")])
                                   .expand()) == []
    [line] = drugs.implausible_doses(Regimen(*11 * [Dose(0, "denosumab", 60, "mg", "sc")])
                                     .expand())
    assert line.startswith("denosumab 660 mg is 11 times the usual single dose"), line


def test_the_dose_templates_of_a_regimen_are_found_behind_every_modifier():
    from osteon.dosing import _schedule as sch

    rx = Regimen.parse("(denosumab 60 mg sc + alendronate 70 mg oral q6mo x 4 and "
                       "calcium 1000 mg/day oral continuous infusion for 2 years) "
                       "holiday from 6 months to 1 year then alendronate 70 mg oral weekly "
                       "starting 2025-01-31").with_adherence(0.5, seed=3)
    records = rx.expand(until=1000)
    paths = sch.bolus_paths(rx.node, rx.start_date, 1000.0)
    assert len(paths) == len(records)
    by_path: dict = {}
    for r, p in zip(records, paths, strict=True):
        assert (p is None) == r.is_infusion
        if p is not None:
            by_path.setdefault(p, set()).add(r.drug)
    assert sorted(len(v) for v in by_path.values()) == [1, 1, 1]  # one drug per template
    dmab, = (p for p, v in by_path.items() if v == {"denosumab"})
    aln = sorted(p for p, v in by_path.items() if v == {"alendronate"})
    assert sch.concurrent(dmab, aln[0]) and not sch.concurrent(aln[0], aln[1])


def test_pth_analog_during_a_condition_its_label_says_to_avoid_warns():
    """Teriparatide/abaloparatide dosed while primary hyperparathyroidism, bone metastases or
    myeloma is active are warned (FORTEO label 5.1/5.2); not while the course is off."""
    import warnings

    from osteon import conditions
    from osteon.simulation import _warn_pth_analog_contraindications as warn

    rx = Regimen.parse("teriparatide 20 ug sc daily for 6 months")
    with pytest.warns(osteon.errors.OsteonWarning, match=r"during 'primary_hyperparathyroidism'.*"
                      r"hypercalcemic disorder"):
        warn(rx, conditions.courses(["primary hyperparathyroidism"]), 365.25)
    with pytest.warns(osteon.errors.OsteonWarning, match=r"abaloparatide given during "
                      r"'bone_metastases'.*osteosarcoma"):
        warn(Regimen.parse("abaloparatide 80 ug sc daily for 3 months"),
             conditions.courses(["bone metastases from 30 days"]), 365.25)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        # the condition starts after the last dose, or is not one the labels name
        warn(rx, conditions.courses(["primary hyperparathyroidism from 200 days"]), 365.25)
        warn(rx, conditions.courses(["glucocorticoids 7.5 mg/d"]), 365.25)
        warn(Regimen.parse("denosumab 60 mg sc q6mo x 2"),
             conditions.courses(["primary hyperparathyroidism"]), 365.25)


# the user's sweep: a usual dose given too often ran silently (the daily-equivalent check looked
# only at single doses already above 10 times the usual one)
FREQUENCY_SLIPS = [
    ("denosumab 60 mg sc daily for 10 days", 10,
     "denosumab 60 mg sc every 1 day is 183 times the usual exposure (denosumab 60 mg sc q6mo); "
     "check the dosing interval"),
    ("zoledronic acid 5 mg iv weekly for 4 weeks", 30,
     "zoledronic_acid 5 mg iv every 7 days is 52.2 times the usual exposure (zoledronic acid 5 "
     "mg iv yearly); check the dosing interval"),
    ("romosozumab 210 mg sc daily for 10 days", 10,
     "romosozumab 210 mg sc every 1 day is 30.4 times the usual exposure (romosozumab 210 mg sc "
     "monthly x 12); check the dosing interval"),
]


@pytest.mark.parametrize(("text", "days", "line"), FREQUENCY_SLIPS)
def test_a_usual_dose_given_more_often_than_usual_is_reported(text, days, line):
    from osteon.errors import OsteonWarning

    # 182.625 / 1, 365.25 / 7, 30.4375 / 1: the usual interval over the prescribed one
    assert drugs.dose_warnings(Regimen.parse(text), days) == [line]
    assert drugs.implausible_doses(Regimen.parse(text).expand(until=days)) == [line]
    with pytest.warns(OsteonWarning, match=re.escape(line)):
        r = CliRunner().invoke(app, ["simulate", "--patient", "female, age 65", "--treat", text,
                                     "--days", str(days)])
    assert r.exit_code == 0, r.output


def test_a_frequency_slip_warns_through_simulate_and_from_a_later_stage():
    from osteon.errors import OsteonWarning

    with pytest.warns(OsteonWarning, match=re.escape(FREQUENCY_SLIPS[0][2])):
        osteon.simulate("osteon", FREQUENCY_SLIPS[0][0], patient="female, age 65", duration=10,
                        save=2)
    # a stage of its own after a usual course: read within its prescription item
    text = "denosumab 60 mg sc q6mo x 2 then denosumab 60 mg sc daily x 10"
    assert drugs.dose_warnings(Regimen.parse(text), 800) == [FREQUENCY_SLIPS[0][2]]


@pytest.mark.parametrize(("text", "words"), [
    ("alendronate 70 mg oral daily", "alendronate 70 mg oral every 1 day is 7 times"),
    # twice as often as usual is reported; 1.5 times (every 4 months) is at the limit, below
    ("denosumab 60 mg sc q3mo", "denosumab 60 mg sc every 91.31 days is 2 times"),
    # compared as the amounts reaching the circulation: 0.5 mg iv daily for 70 mg oral weekly
    ("alendronate 0.5 mg iv daily", "alendronate 0.5 mg iv every 1 day is 6.58 times the usual "
     "exposure (alendronate 70 mg oral weekly), compared as the amounts reaching the circulation "
     "(oral bioavailability 0.76 %, iv 100 %); check the route and the dosing interval"),
])
def test_the_frequency_slip_names_the_interval_and_the_factor(text, words):
    [line] = drugs.dose_warnings(Regimen.parse(text), 800)
    assert line.startswith(words), line


@pytest.mark.parametrize("text", [
    # the label's alternatives give the usual exposure rate
    "alendronate 10 mg oral daily",
    "alendronate 70 mg oral weekly",
    "risedronate 5 mg oral daily",
    "risedronate 150 mg oral monthly",
    # two consecutive days a month (risedronate's 75 mg label form), read over whole months
    "risedronate 75 mg oral daily x 2 days every month x 12",
    # calendar months and half-years (28 days for 30.44, 181 for 182.6)
    "romosozumab 210 mg sc monthly x 12 starting 2025-01-31",
    "denosumab 60 mg sc q6mo x 4 starting 2025-01-01",
    "denosumab 60 mg sc every 4 months",  # 1.5 times the usual rate: at the limit
    # one course then another of the same drug: the seam is not read as one schedule
    "alendronate 35 mg oral weekly for 2 years then alendronate 70 mg oral weekly for 2 years",
    "denosumab 60 mg sc q6mo x 2 then denosumab 60 mg sc q6mo x 2 starting 2025-01-01",
    # the usual daily amount split through the day
    "calcium 500 mg oral every 0.5 days",
    # intermittent senolytics, as the validation gives them
    "dasatinib 100 mg + quercetin 1000 mg oral daily x 2 days every 4 weeks x 5",
    # more sessions than the usual 2 a week: exercise is exempt, with its reason
    "exercise 1 session daily",
    # an infusion at the rate of the largest studied regimen (Neer's 40 ug daily)
    "teriparatide 40 ug/day sc continuous infusion for 1 year",
])
def test_label_alternatives_calendars_and_sequences_are_not_frequency_slips(text):
    assert drugs.dose_warnings(Regimen.parse(text), 800) == [], text
    assert drugs.NO_FREQUENCY_CHECK["exercise"]


@pytest.mark.parametrize("name", sorted(set(drugs.names()) - set(drugs.NO_USUAL_DOSE)))
def test_every_cards_usual_regimen_is_not_a_frequency_slip(name):
    text = re.split(r"\s*[(;,]|\s+with\s", drugs.card(name).usual_regimen)[0]
    text = text.replace(" up to ", " ").replace("OPG-Fc", "opg_fc")
    assert drugs.dose_warnings(Regimen.parse(text), 800) == [], text


@pytest.mark.parametrize("text", [
    "denosumab 60 mg sc once", "denosumab 60 mg sc x 1", "zoledronic acid 5 mg iv daily x 1",
    "romosozumab 210 mg sc daily x 1",
])
def test_a_single_dose_is_never_a_frequency_slip(text):
    assert drugs.dose_warnings(Regimen.parse(text), 800) == [], text
    # nor is the first dose of a too-frequent schedule in a run that ends before the second
    assert drugs.dose_warnings(Regimen.parse("denosumab 60 mg sc daily"), 0.5) == []


def test_a_dose_and_a_frequency_slip_together_are_one_line():
    # 100 times the usual dose, daily: one line, a clause per rule
    [line] = drugs.dose_warnings(Regimen.parse("denosumab 6000 mg sc daily x 10"), 10)
    assert line == ("denosumab 6000 mg is 100 times the usual single dose (denosumab 60 mg sc "
                    "q6mo); and denosumab 6000 mg sc every 1 day is 1.83e+04 times the usual "
                    "exposure; check the unit and the dosing interval")
    # at the usual interval the exposure is the dose's: the single-dose clause alone
    [line] = drugs.dose_warnings(Regimen.parse("denosumab 6000 mg sc q6mo x 2"), 400)
    assert line == ("denosumab 6000 mg is 100 times the usual single dose (denosumab 60 mg sc "
                    "q6mo); check the unit")


def test_concurrent_items_of_one_drug_are_a_stack_not_a_frequency_slip():
    # two daily 10 mg items are 20 mg a day: stacked_doses reports them; read as one schedule
    # (records alone, no items) they would also be 'every 1 day, 2 times the usual exposure'
    text = "alendronate 10 mg oral daily and alendronate 10 mg oral daily"
    [line] = drugs.dose_warnings(Regimen.parse(text), 30)
    assert line.startswith("alendronate: concurrent prescription items"), line
    [alone] = drugs.implausible_doses(Regimen.parse(text).expand(until=30))
    assert alone.startswith("alendronate 20 mg oral every 1 day is 2 times"), alone


# one rule on exposure rates, whatever makes the rate: 40 ug daily passed (same interval) while
# 20 ug every 12 hours warned (more often), both 40 ug a day
@pytest.mark.parametrize("text", [
    "teriparatide 40 ug sc daily for 2 years",  # Neer 2001's high-dose arm
    "teriparatide 20 ug sc every 12 hours for 2 years",  # the same 40 ug a day
    "teriparatide 20 ug/day sc continuous infusion for 6 months",  # the usual rate, infused
    "teriparatide 40 ug/day sc continuous infusion for 6 months",
    "vitamin D 250 ug/day oral continuous infusion for 8 weeks",  # Barger-Lux 1998
    "calcium 2000 mg/day + vitamin D 40 ug/day oral continuous infusion for 1 month",  # Makras
    "denosumab 60 mg sc q6mo x 4 and calcium 1000 mg/day oral continuous infusion for 2 years",
])
def test_the_same_exposure_rate_gets_the_same_verdict_up_to_the_largest_studied_regimen(text):
    assert drugs.dose_warnings(Regimen.parse(text), 800) == [], text


@pytest.mark.parametrize(("text", "line"), [
    # 60 ug a day, as one dose or three: 3 times the usual exposure, above Neer's 40 ug
    ("teriparatide 60 ug sc daily for 2 years",
     "teriparatide 60 ug sc every 1 day is 3 times the usual exposure (teriparatide 20 ug sc "
     "daily for up to 24 months) and above the largest studied regimen (teriparatide 40 ug sc "
     "daily); check the dose"),
    ("teriparatide 20 ug sc every 8 hours for 2 years",
     "teriparatide 20 ug sc every 0.3333 days is 3 times the usual exposure (teriparatide 20 ug "
     "sc daily for up to 24 months) and above the largest studied regimen (teriparatide 40 ug "
     "sc daily); check the dosing interval"),
    # a larger dose at the usual interval: below 10 times the single dose, twice the exposure
    ("denosumab 120 mg sc q6mo x 4",
     "denosumab 120 mg sc every 182.6 days is 2 times the usual exposure (denosumab 60 mg sc "
     "q6mo); check the dose"),
])
def test_an_exposure_rate_above_the_rule_warns_whether_the_dose_or_the_interval_makes_it(
        text, line):
    assert drugs.dose_warnings(Regimen.parse(text), 800) == [line]


@pytest.mark.parametrize(("text", "line"), [
    # an infusion was not checked at all: 100 times the usual exposure ran silently
    ("teriparatide 2000 ug/day sc continuous infusion for 6 months",
     "teriparatide 2000 ug/day sc continuous infusion is 100 times the usual exposure "
     "(teriparatide 20 ug sc daily for up to 24 months) and above the largest studied regimen "
     "(teriparatide 40 ug sc daily); check the infusion rate"),
    # Barger-Lux's 1250 ug/day arm is not the ceiling (a slip for 50,000 IU weekly is likelier)
    ("vitamin D 1250 ug/day oral continuous infusion for 8 weeks",
     "vitamin_d 1250 ug/day oral continuous infusion is 62.5 times the usual exposure (vitamin D "
     "800 IU oral daily (with calcium 1000-1200 mg)) and above the largest studied regimen "
     "(vitamin D 250 ug oral daily); check the infusion rate"),
    ("sodium fluoride 150 mg/day oral continuous infusion for 4 years",
     "sodium_fluoride 150 mg/day oral continuous infusion is 2 times the usual exposure (sodium "
     "fluoride 75 mg oral daily (Riggs 1990); for long runs 'sodium fluoride 75 mg/day oral "
     "continuous infusion for 4 years'); check the infusion rate"),
    # infusions running at once are summed
    ("calcium 1500 mg/day + calcium 1500 mg/day oral continuous infusion for 1 year",
     "calcium 1500 mg/day + 1500 mg/day oral continuous infusion at once from day 0 is 3 times "
     "the usual exposure (calcium 1000 mg + vitamin D 800 IU oral daily) and above the largest "
     "studied regimen (calcium 2000 mg oral daily); check the infusion rate"),
])
def test_an_infusion_is_checked_by_its_exposure_rate(text, line):
    assert drugs.dose_warnings(Regimen.parse(text), 800) == [line]


def test_an_infusion_slip_warns_through_simulate_and_a_short_infusion_is_a_slow_dose():
    from osteon.errors import OsteonWarning

    text = "teriparatide 2000 ug/day sc continuous infusion for 6 months"
    # and the run says the plasma calcium such an infusion drives (4.3 mmol/L at day 5)
    with (pytest.warns(OsteonWarning, match=r"above 3.5 mmol/L: severe hypercalcaemia"),
          pytest.warns(OsteonWarning, match=re.escape(
              "teriparatide 2000 ug/day sc continuous infusion is 100 times the usual "
              "exposure"))):
        osteon.simulate("osteon", text, patient="female, age 65", duration=5, save=2)
    # the usual 20 ug given over an hour, every day: its amount over the day, the usual rate
    hourly = Regimen(*[Dose(float(k), "teriparatide", 20, "ug", "sc", duration=1 / 24)
                       for k in range(5)])
    assert drugs.implausible_doses(hourly.expand()) == []
    fast = Regimen(*[Dose(float(k), "teriparatide", 100, "ug", "sc", duration=1 / 24)
                     for k in range(5)])
    [line] = drugs.implausible_doses(fast.expand())
    # the hour named as written, not 'over 0.04167 days'
    assert line.startswith("teriparatide 100 ug over 1 hour sc continuous infusion is 5 "
                           "times the usual exposure"), line


class _StopError(Exception):
    """Raised by a stub in place of the solve: the warnings before it are what is checked."""


def test_label_limit_warnings_reach_the_cli_single_run(monkeypatch):
    """Sweep finding 9: the CLI's single run gives the solver the prescription's events, not the
    prescription, so the label-limit warnings of osteon.simulate never fired there (with or
    without --patient); the CLI says them itself."""
    import osteon.simulation
    from osteon.cli.app import _run

    def stub(*args, **kwargs):
        raise _StopError

    monkeypatch.setattr(osteon.simulation, "simulate", stub)
    for rx, years, said in (
            ("teriparatide 20 ug sc daily for 4 years", 4.0, r"exceeds the 24-month"),
            ("abaloparatide 80 ug sc daily for 5 years", 5.0, r"exceeds the 24-month"),
            ("romosozumab 210 mg sc monthly x 24", 2.5, r"24 doses of romosozumab in the run: the EVENITY")):
        with pytest.warns(osteon.errors.OsteonWarning, match=said), pytest.raises(_StopError):
            _run("osteon", years, None, [], [], "steady_state", 20, "female, age 65", rx)
    with (pytest.warns(osteon.errors.OsteonWarning, match=r"during 'primary_hyperparathyroidism'"),
          pytest.raises(_StopError)):
        _run("osteon", 1.0, None, [], [], "steady_state", 20, "female, age 65",
             "teriparatide 20 ug sc daily for 6 months",
             ["primary hyperparathyroidism 150 pg/mL from 0"])


def test_label_limit_warnings_reach_compare(monkeypatch):
    """Sweep finding 9, --compare: each arm's prescription reaches osteon.simulate as text, so
    its label-limit warnings are said (once, by the arms' said_once)."""
    import osteon.simulation
    from osteon.cli.compare import run_arms
    from osteon.patient import Patient

    def stub(*args, **kwargs):
        raise _StopError

    monkeypatch.setattr(osteon.simulation, "_patient_starts", stub)
    for rx, said in (("teriparatide 20 ug sc daily for 4 years", r"exceeds the 24-month"),
                     ("romosozumab 210 mg sc monthly x 36", r"36 doses of romosozumab")):
        with pytest.warns(osteon.errors.OsteonWarning, match=said), pytest.raises(_StopError):
            run_arms([rx, "none"], patient=Patient.parse("female, age 65"),
                     duration=4 * 365.25, points=10)


def test_romosozumab_past_12_monthly_doses_warns():
    """EVENITY US prescribing information (Amgen, 2019; DailyMed label updated 04/2020), section
    1 Limitations of Use and 2.2: limit the duration of use to 12 monthly doses."""
    import warnings

    from osteon.simulation import _warn_romosozumab_course

    with pytest.warns(osteon.errors.OsteonWarning, match=r"13 doses of romosozumab"):
        _warn_romosozumab_course(Regimen.parse("romosozumab 210 mg sc monthly x 13"), 3 * 365.25)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _warn_romosozumab_course(Regimen.parse("romosozumab 210 mg sc monthly x 12"), 3 * 365.25)
        # only the doses inside the simulated span count
        _warn_romosozumab_course(Regimen.parse("romosozumab 210 mg sc monthly x 24"), 300.0)


@pytest.mark.parametrize("text", [
    # the label's own administration: each monthly 210 mg as two 105 mg injections, one after
    # the other (section 2.1); 12 monthly doses were counted as 24
    "romosozumab 105 mg + romosozumab 105 mg sc monthly x 12",
    "romosozumab 105 mg sc monthly x 12 and romosozumab 105 mg sc monthly x 12",
])
def test_romosozumab_injections_given_at_once_are_one_monthly_dose(text):
    import warnings

    from osteon.simulation import _warn_romosozumab_course

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _warn_romosozumab_course(Regimen.parse(text), 3 * 365.25)
    with pytest.warns(osteon.errors.OsteonWarning, match=r"13 doses of romosozumab"):
        _warn_romosozumab_course(Regimen.parse(text.replace("x 12", "x 13")), 3 * 365.25)


class _Arm:
    """An arm's result as year_table and arm_summary read it: times and first-subject series."""

    def __init__(self, times, ctx):
        self.times = np.asarray(times, dtype=float)
        flat = np.ones_like(self.times)
        self._v = {"ctx": np.asarray(ctx, dtype=float)[None, :],
                   **{f"bmd_{s}": flat[None, :] for s in ("lumbar_spine", "total_hip",
                                                           "femoral_neck")},
                   "p1np": flat[None, :], "bsap": flat[None, :]}

    def __getitem__(self, name):
        return self._v[name]


def test_the_year_table_says_a_ctx_rebound_its_rows_hide():
    """Sweep finding 10: after the last denosumab dose CTX was -75.8 % at year 5 and -1.0 % at
    year 6, while it peaked at +8.1 % at 5.21 years: the rows hid the rebound. The caption now
    gives the highest CTX after its lowest, when the rows hide it, beside the untreated arm's
    at that time; summary.json gains when the extremes fell (new keys only)."""
    from rich.console import Console

    from osteon.cli.compare import arm_summary, year_table

    y = 365.25
    t = np.array([0.0, 1, 2, 3, 4, 5, 5.21, 5.5, 6, 7]) * y
    rebound = _Arm(t, [1.0, 0.3, 0.25, 0.24, 0.24, 0.242, 1.081, 1.05, 0.99, 1.0])
    untreated = _Arm(t, [1.0, 1.01, 1.02, 1.03, 1.04, 1.05, 1.06, 1.06, 1.07, 1.08])
    steady = _Arm(t, [1.0, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5])
    arms = {"denosumab 60 mg sc q6mo x 10": rebound, "zoledronic acid": steady,
            "none": untreated}
    s = arm_summary(rebound)["marker_change_percent"]["ctx"]
    assert s["max_after_min"]["percent"] == pytest.approx(8.1)
    assert s["max_after_min"]["at_years"] == pytest.approx(5.21)
    assert s["min_at_years"] == pytest.approx(3.0) and s["max_at_years"] == pytest.approx(5.21)
    assert {"end", "min", "max", "by_year"} <= set(s)  # what it had stays
    _, table = year_table(arms)
    console = Console(width=120, record=True)
    console.print(table)
    text = " ".join(console.export_text().split())
    assert ("CTX peak after its lowest, hidden between the rows: arm 1 +8.1 at 5.21 y "
            "(untreated arm then +6.0)") in text
    assert "arm 2" not in text.split("hidden between the rows")[1]  # no rebound: not named
    assert "arm 3" not in text.split("hidden between the rows")[1]  # its peak is a row's
