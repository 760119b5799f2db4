"""The simulate() entry point: shapes, time, events, populations, failures, exports."""

import re

import numpy as np
import pandas as pd
import pytest

import osteon
from osteon import Bolus, ParameterStep, Solver, StateScale
from osteon.errors import InputError, SimulationError, SteadyStateError, UnknownNameError
from osteon.library import load
from osteon.model import ModelSpec, Parameter, State


def test_result_has_subject_dimension_and_exports():
    r = osteon.simulate("lemaire2004", duration="140 days", save="7 days")
    assert r.values.shape == (1, r.times.size, len(r.variables))
    assert r.times[0] == 0 and r.times[-1] == 140 and np.allclose(np.diff(r.times)[:-1], 7)
    wide = r.to_pandas()
    assert list(wide.columns[:2]) == ["subject_id", "time_days"]
    assert {"R", "B", "C", "opg", "rankl", "pth"} <= set(wide.columns)
    assert len(wide) == r.times.size
    long = r.to_pandas("long")
    assert list(long.columns) == ["subject_id", "time_days", "variable", "value", "unit", "text"]
    assert set(long.loc[long.variable == "C", "unit"]) == {"pM"}
    assert len(long) == r.times.size * len(r.variables)
    assert long.text.isna().all()  # no text readouts in a model without areal BMD
    ds = r.to_xarray()
    assert ds["C"].dims == ("subject", "time") and ds["C"].attrs["units"] == "pM"
    for key in ("model_id", "model_version", "osteon_version", "solver"):
        assert key in ds.attrs
    assert ds.attrs["model_id"] == "lemaire2004"
    assert r.status.loc[0, "status"] == "ok"
    assert not np.isnan(r.values).any()
    with pytest.raises(InputError, match=r"wide.*long"):
        r.to_pandas("tall")


@pytest.fixture(scope="module")
def two_women():
    """The integrated model for a woman of 45 (Z-score classes) and one of 70 (WHO classes)."""
    pop = pd.DataFrame({"subject_id": ["young", "old"], "age_start": [45.0, 70.0]})
    return osteon.simulate("osteon", population=pop, duration="1 year", save=4)


def test_long_form_holds_the_clinical_readouts_of_the_wide_form(two_women):
    r = two_women
    wide, long = r.to_pandas(), r.to_pandas("long")
    readouts = [c for c in wide.columns if c not in ("subject_id", "time_days")]
    assert len(long) == len(wide) * len(readouts)
    # the wide form's column order, within each subject and time
    assert list(long.variable[:len(readouts)]) == readouts
    assert {"who_class", "ctx_status", "t_score_femoral_neck", "fracture_risk_10y_hip"} \
        <= set(long.variable)
    back = long.set_index(["subject_id", "time_days", "variable"])
    for c in readouts:
        got = back.xs(c, level="variable")
        want = wide.set_index(["subject_id", "time_days"])[c]
        if c in ("who_class", "ctx_status", "p1np_status", "bsap_status", "risk_factors"):
            assert got.value.isna().all(), c
            assert list(got.text.astype(object)) == list(want), c
        else:
            assert got.text.isna().all(), c
            np.testing.assert_array_equal(got.value.to_numpy(), want.to_numpy(dtype=float))
    classes = set(long.loc[long.variable == "who_class", "text"])
    assert "osteoporosis" in classes or "osteopenia" in classes  # the woman of 70: T-score
    assert "within the expected range for age" in classes  # the woman of 45: Z-score
    units = dict(zip(long.variable, long.unit, strict=False))
    assert units["who_class"] == "text" and units["t_score_lumbar_spine"] == "SD"
    assert units["fracture_risk_10y_hip"] == "%" and units["bmd_lumbar_spine"] == "g/cm^2"
    assert units == {k: v for k, v in r.summary()["columns"].items() if k in units}
    # outside ages 50-90 a fracture probability is missing in both forms, not made up
    young = long[(long.subject_id == "young") & (long.variable == "fracture_risk_10y_hip")]
    assert young.value.isna().all()
    plain = r.to_pandas("long", clinical=False)
    assert set(plain.variable) == set(r.variables) and plain.text.isna().all()


def test_summarize_gives_mean_sd_and_quantiles_across_subjects_per_time():
    pop = pd.DataFrame({"subject_id": list("abcdefg"),
                        "D_C": np.linspace(1.6e-3, 2.8e-3, 7)})  # osteoclast differentiation
    r = osteon.simulate("lemaire2004", population=pop, duration=60, save=5)
    s = r.summarize((0.1, 0.5, 0.9))
    assert list(s.columns) == ["time_days", "variable", "level", "unit", "n", "mean", "sd",
                               "q0.1", "q0.5", "q0.9"]
    assert len(s) == r.times.size * len(r.variables) and s.level.isna().all()
    c = s[s.variable == "C"]
    np.testing.assert_array_equal(c.time_days.to_numpy(), r.times)
    assert set(c.unit) == {"pM"} and set(c.n) == {7}
    np.testing.assert_allclose(c["mean"], r["C"].mean(axis=0), rtol=1e-12)
    np.testing.assert_allclose(c.sd, r["C"].std(axis=0, ddof=1), rtol=1e-10)
    for q in (0.1, 0.5, 0.9):
        np.testing.assert_allclose(c[f"q{q:g}"], np.quantile(r["C"], q, axis=0), rtol=1e-12)
    assert c.sd.iloc[-1] > 0  # the subjects differ: a spread that could have been 0
    # one quantile, and the variables asked for
    one = r.summarize(0.5, variables=["C", "R"])
    assert list(one.columns[-1:]) == ["q0.5"] and list(one.variable[:2]) == ["C", "R"]
    # one subject: its value, and no SD
    alone = osteon.simulate("lemaire2004", duration=60, save=5).summarize()
    a = alone[alone.variable == "C"]
    assert set(a.n) == {1} and a.sd.isna().all() and (a["q0.05"] == a["mean"]).all()


@pytest.mark.parametrize(("quantiles", "needle"), [
    ((0.05, 95), r"fractions in \[0, 1\]; got 95 \(a percentile\? give 0\.95\)"),
    ((-0.1,), r"fractions in \[0, 1\]; got -0\.1$"),
    ((float("nan"),), r"got nan"),
    (("0.5",), r"got '0\.5' \(not a number\)"),
    ((True,), r"got True \(not a number\)"),
    ((0.5, 0.5), r"each quantile once; got 0\.5 twice"),
    ("median", r"one, or a sequence.*got 'median'"),
    ({"q": 0.5}, r"one, or a sequence"),
])
def test_summarize_refuses_bad_quantiles(quantiles, needle):
    r = osteon.simulate("lemaire2004", duration=10, save=2)
    with pytest.raises(InputError, match=r"summarize\(quantiles=\.\.\.\) .*" + needle):
        r.summarize(quantiles)


def test_summarize_refuses_unknown_variables():
    r = osteon.simulate("lemaire2004", duration=10, save=2)
    with pytest.raises(UnknownNameError, match=r"unknown variable 'rankL'.*did you mean 'rankl'"):
        r.summarize(variables=["rankL"])
    with pytest.raises(InputError, match=r"list of variable names.*got 'C'"):
        r.summarize(variables="C")


def test_summarize_includes_the_clinical_readouts(two_women):
    r = two_women
    s = r.summarize()
    who = s[s.variable == "who_class"]
    assert set(who.unit) == {"fraction of subjects"} and who.level.notna().all()
    # at each time the classes' fractions add up to all the subjects
    np.testing.assert_allclose(who.groupby("time_days")["mean"].sum(), 1.0, rtol=1e-12)
    wide = r.to_pandas()
    for t, rows in who.groupby("time_days"):
        at = wide[wide.time_days == t]
        for _, row in rows.iterrows():
            assert row["mean"] == pytest.approx((at.who_class == row.level).mean())
    # a fracture probability is missing at 45: the statistics are the woman of 70's alone
    hip = s[s.variable == "fracture_risk_10y_hip"]
    old = wide[wide.subject_id == "old"].fracture_risk_10y_hip.to_numpy()
    assert set(hip.n) == {1} and hip.sd.isna().all() and set(hip.unit) == {"%"}
    np.testing.assert_allclose(hip["mean"], old, rtol=1e-12)
    np.testing.assert_allclose(hip["q0.95"], old, rtol=1e-12)
    t = s[s.variable == "t_score_lumbar_spine"]
    assert set(t.n) == {2} and (t.sd > 0).all() and set(t.unit) == {"SD"}
    assert "who_class" not in set(r.summarize(clinical=False).variable)


def test_result_lookup_by_name_membership_and_bad_keys():
    r = osteon.simulate("lemaire2004", duration="14 days", save="7 days")
    assert "C" in r and "rankl" in r
    assert "time" not in r and 0 not in r  # the save times are r.times, not a variable
    with pytest.raises(UnknownNameError, match=r"unknown variable 'rankL'.*did you mean 'rankl'"):
        r["rankL"]
    # a non-name key is an input error naming what a result takes (was a TypeError from the
    # spelling suggestion)
    with pytest.raises(InputError, match=r"indexed by the name of a state or observable.*got 0"):
        r[0]


@pytest.mark.parametrize("text,days", [("10 years", 3652.5), ("6 months", 182.625),
                                       ("140 days", 140.0), ("17 weeks", 119.0), (30, 30.0)])
def test_calendar_durations(text, days):
    r = osteon.simulate("lemaire2004", duration=text, save=3)
    assert r.times[-1] == pytest.approx(days)


def test_values_saved_at_an_event_time_are_pre_event():
    ev = [Bolus(10, "C", 1e-3)]
    r = osteon.simulate("lemaire2004", ev, duration=20, save=[0, 10, 10.5, 20])
    C = r["C"][0]
    assert C[1] == pytest.approx(C[0], rel=1e-9)        # at t=10 the bolus is not yet in
    assert C[2] > C[0] + 5e-4                          # just after, it is


def test_parameter_steps_reproduce_opg_infusion_experiment():
    # Lemaire 2004 Fig. 2C: OPG infusion (days 20-80) lowers osteoclasts; they recover after.
    ev = [ParameterStep(20, "I_O", 2e5), ParameterStep(80, "I_O", 0.0)]
    r = osteon.simulate("lemaire2004", ev, duration=140, save="1 day")
    C, t = r["C"][0], r.times
    base = C[0]
    assert C[(t > 0) & (t <= 20)].max() == pytest.approx(base, rel=1e-8)
    assert C[(t > 20) & (t <= 80)].min() < 0.2 * base
    assert C[-1] == pytest.approx(base, rel=0.05)
    opg = r["opg"][0]
    assert opg[t == 50][0] > 5 * opg[0]


def test_lemaire_continuous_pth_is_catabolic():
    ev = [ParameterStep(20, "I_P", 1e3), ParameterStep(80, "I_P", 0.0)]
    r = osteon.simulate("lemaire2004", ev, duration=140, save="1 day")
    i = np.searchsorted(r.times, 79)
    rel_C = r["C"][0, i] / r["C"][0, 0]
    rel_B = r["B"][0, i] / r["B"][0, 0]
    assert rel_C > 1.2 and rel_C > rel_B  # osteoclasts rise more than osteoblasts


def test_lemaire_rankl_then_opg_reverses():
    ev = [ParameterStep(20, "I_L", 1e4), ParameterStep(80, "I_O", 9e4)]
    r = osteon.simulate("lemaire2004", ev, duration=140, save="1 day")
    C, t = r["C"][0], r.times
    assert C[np.searchsorted(t, 79)] > 1.5 * C[0]
    assert C[-1] < C[np.searchsorted(t, 79)]


def test_pivonka_opg_and_rankl_move_bone_volume_in_opposite_directions():
    up = osteon.simulate("pivonka2008", ParameterStep(0, "P_OPG_d", 2e5), duration=100, save=11)
    down = osteon.simulate("pivonka2008", ParameterStep(0, "P_RANKL_d", 1e2), duration=100, save=11)
    assert up["BV"][0, -1] > 100.5 and down["BV"][0, -1] < 99.5
    assert up["rankl"][0, -1] < up["rankl"][0, 0]


def test_pivonka_structure_switches_take_0_or_1_only():
    """The card says each switch expresses RANKL or OPG on a cell stage (1) or not (0), the
    paper's model structures; 0.5 (as --set or a parameter) ran silently, a structure the paper
    does not define. It is refused naming the switch and its values; 0 and 1 still run."""
    for where in ("parameters", "step"):
        with pytest.raises(InputError, match=r"'s_rankl_oba' of model 'pivonka2008' is a switch "
                                             r"and must be 0 or 1.*got 0\.5"):
            if where == "parameters":
                osteon.simulate("pivonka2008", duration=10, parameters={"s_rankl_oba": 0.5})
            else:
                osteon.simulate("pivonka2008", ParameterStep(5, "s_rankl_oba", 0.5), duration=10)
    r = osteon.simulate("pivonka2008", duration=10, save=3,
                        parameters={"s_rankl_oba": 1.0, "s_opg_obp": 1.0})
    assert np.isfinite(r.values).all()


def test_komarova_single_remodeling_cycle():
    r = osteon.simulate("komarova2003", duration=1000, initial="model", save="1 day")
    x1, z = r["osteoclasts"][0], r["bone_mass"][0]
    assert x1[0] == 11 and x1[-1] == pytest.approx(1.0607, rel=1e-3)
    assert z.min() < 99.9                      # resorption phase
    assert abs(z[-1] - 100) < 0.1              # the cycle refills the cavity


def test_komarova_exponents_without_a_steady_state_are_refused_naming_them():
    """g11 = 1.5 with the published g12, g21, g22 makes gamma = g12 g21 - (1 - g11)(1 - g22) = 0,
    the divisor of the steady state's exponents: the run gave eight numpy RuntimeWarnings and
    'no steady state ... {'osteoclasts': nan, ...}' (or, from the published start, non-finite
    rates); it is now refused before anything runs, naming gamma, the exponents and the rule.
    gamma != 0 still runs (g11 = 0.9, the paper's stronger autocrine loop)."""
    import warnings

    for initial in ("steady_state", "model"):
        with warnings.catch_warnings():
            warnings.simplefilter("error", RuntimeWarning)  # no numpy warning on the way
            with pytest.raises(InputError, match=r"gamma = g12 g21 - \(1 - g11\)\(1 - g22\) "
                               r"!= 0.*got gamma = 0 from g11=1\.5, g12=1, g21=-0\.5, g22=0"):
                osteon.simulate("komarova2003", duration=10, initial=initial,
                                parameters={"g11": 1.5})
    pop = pd.DataFrame({"g11": [0.5, 1.5]})
    with pytest.raises(InputError, match=r"population \(subject row 1\)"):
        osteon.simulate("komarova2003", duration=10, population=pop)
    r = osteon.simulate("komarova2003", duration=10, parameters={"g11": 0.9}, save=3)
    assert np.isfinite(r.values).all()


def test_state_scale_and_bolus_validation():
    r = osteon.simulate("lemaire2004", StateScale(5, "C", 0.5), duration=10, save=[0, 5, 5.0001])
    assert r["C"][0, 2] == pytest.approx(0.5 * r["C"][0, 1], rel=1e-3)
    with pytest.raises(InputError, match=r"negative"):
        osteon.simulate("lemaire2004", Bolus(5, "C", -1.0), duration=10)
    with pytest.raises(InputError, match=r"unknown state 'Q'"):
        osteon.simulate("lemaire2004", Bolus(5, "Q", 1.0), duration=10)


def test_population_vectorized_equals_individual_runs():
    spec = load("lemaire2004")
    rng = np.random.default_rng(1)
    pop = pd.DataFrame({"subject_id": ["a", "b", "c", "d"],
                        "D_C": 2.1e-3 * rng.lognormal(0, 0.2, 4),
                        "k_B": 0.189 * rng.lognormal(0, 0.2, 4)})
    ev = [ParameterStep(20, "I_P", 1e3)]
    r = osteon.simulate(spec, ev, population=pop, duration=100, save=21)
    assert r.subject_ids == ("a", "b", "c", "d")
    assert list(r.to_pandas().subject_id.unique()) == ["a", "b", "c", "d"]
    for i, row in pop.drop(columns="subject_id").iterrows():
        one = osteon.simulate(spec, ev, parameters=row.to_dict(), duration=100, save=21)
        np.testing.assert_allclose(r.values[i], one.values[0], rtol=2e-6, atol=0)
    # deterministic
    again = osteon.simulate(spec, ev, population=pop, duration=100, save=21)
    np.testing.assert_array_equal(again.values, r.values)


def test_lsoda_and_bdf_agree():
    ev = [ParameterStep(0, "P_PTH_d", 1e3)]
    a = osteon.simulate("pivonka2008", ev, duration=200, save=21)
    b = osteon.simulate("pivonka2008", ev, duration=200, save=21, solver="LSODA")
    np.testing.assert_allclose(a["OCa"], b["OCa"], rtol=1e-5)
    pop = pd.DataFrame({"D_OCp": [2.1e-3, 2.5e-3]})
    c = osteon.simulate("pivonka2008", ev, population=pop, duration=200, save=21, solver="LSODA")
    np.testing.assert_allclose(c["OCa"][0], a["OCa"][0], rtol=1e-5)


def test_failed_solve_names_subject_time_and_reason(blowup_model):
    spec = blowup_model
    pop = pd.DataFrame({"subject_id": ["ok1", "bad", "ok2"], "k": [1e-3, 0.1, 2e-3]})
    with pytest.raises(SimulationError, match=r"subject 'bad'.*1 of 3 failed.*stopped at t=") as e:
        osteon.simulate(spec, population=pop, duration=100, initial={"x": 1.0})
    assert e.value.failures[0]["subject_id"] == "bad"
    assert 9 < e.value.failures[0]["t_reached"] <= 10.0 + 1e-6
    r = osteon.simulate(spec, population=pop, duration=100, initial={"x": 1.0}, on_failure="drop")
    assert r.subject_ids == ("ok1", "ok2")
    assert list(r.status.status) == ["ok", "failed", "ok"]
    assert "bad" not in set(r.to_pandas().subject_id)
    assert np.isfinite(r.values).all()


#: two women of 68; 'bad' has 5e7 times the model's adipogenic drift, which drives her life course
#: (the run-in to her age) out of the model's domain near age 49: her active osteoblasts decay to
#: zero and the calcium fluxes turn non-finite (the patient path's failing life course)
RUN_IN_FAILS = pd.DataFrame({"subject_id": ["ok", "bad"], "age_start": [68.0, 68.0],
                             "adipogenic_drift_rate": [0.02, 1e6]})
#: her run-in from the young adult of 25 to 68, days
RUN_IN_DAYS = (68.0 - 25.0) * 365.25


@pytest.mark.parametrize("method", [None, "Rodas4", "BDF"])
def test_a_subject_whose_run_in_fails_is_reported_without_sinking_the_others(tmp_path, method):
    # the run-in failed the whole population (each engine's reason, no subject named); now the
    # failing subject never starts, as a patient whose life course fails, and the others run on
    run_in = (r"the run-in from the reference steady state failed at t=(\S+) d of "
              rf"{RUN_IN_DAYS:g} d: \S")
    with pytest.raises(SimulationError, match=rf"failed for subject 'bad' \(1 of 2 failed\): "
                                              rf"no start: {run_in}") as e:
        osteon.simulate("osteon", population=RUN_IN_FAILS, duration=30, save=3, solver=method)
    assert [f["subject_id"] for f in e.value.failures] == ["bad"]
    assert e.value.failures[0]["t_reached"] == 0.0
    r = osteon.simulate("osteon", population=RUN_IN_FAILS, duration=30, save=3, solver=method,
                        on_failure="drop")
    assert r.subject_ids == ("ok",)
    assert list(r.status["status"]) == ["ok", "failed"]
    reached = re.match(rf"no start: {run_in}", r.status["message"][1])
    # the reason names no batch row: 'subject 1' was her row, not the subject id 'bad' that the
    # table shows (the batched Rodas4 and JAX named the row)
    assert re.search(r"subject \d", r.status["message"][1]) is None, r.status["message"][1]
    # (SciPy reports the last save time reached where its solver stops on its own: 0 here)
    assert reached and 0.0 <= float(reached.group(1)) < RUN_IN_DAYS
    assert list(r.status["t_reached_days"]) == [30.0, 0.0]
    assert np.isfinite(r.values).all() and np.isfinite(r.baseline).all()
    assert r["age_years"][0, 0] == pytest.approx(68.0)
    # her run is her solo run: the same solver gives the same numbers; the default solves a
    # population's run-in with the batched Rodas4 and one subject's with BDF (rtol 1e-6 each)
    one = osteon.simulate("osteon", parameters=dict(RUN_IN_FAILS.iloc[0, 1:]), duration=30,
                          save=3, solver=method)
    if method is None:
        gap = np.abs(r.values[0][:, :r.model.n_states] - one.values[0][:, :r.model.n_states])
        assert (gap / r.model.state_scales).max() < 1e-4
        np.testing.assert_allclose(r["bmd_lumbar_spine"][0], one["bmd_lumbar_spine"][0],
                                   rtol=1e-5)
    else:
        np.testing.assert_allclose(r.values[0], one.values[0], rtol=1e-9, atol=1e-12)
    # every subject requested has its parameters, so the result saves and loads back
    assert list(r.parameters["subject_id"]) == ["ok", "bad"]
    assert list(r.parameters["adipogenic_drift_rate"]) == [0.02, 1e6]
    r.save(tmp_path / "run")
    back = osteon.Result.load(tmp_path / "run")
    assert list(back.status["status"]) == ["ok", "failed"]
    assert back.status["message"][1] == r.status["message"][1]


def test_a_joint_failure_names_the_subject_id_not_the_batch_row():
    # an engine knows its row among the subjects solved together (live: a subset of the
    # population, whose ids need not be 0..n-1); the message names the id the table shows
    from osteon.engines.scipy_engine import SegmentFailure
    from osteon.simulation import _named

    live, ids = np.array([0, 2, 3]), ["a", "b", 17, "d"]
    failure = SegmentFailure(5.0, "too much work (at t=5 d): ...", row=1)
    assert _named(failure, live, ids) == "too much work (at t=5 d): ... (subject 17)"
    assert _named(SegmentFailure(5.0, "BDF gave up"), live, ids) == "BDF gave up"


def _no_steady_state_for_bad() -> pd.DataFrame:
    """Two Pivonka subjects: 'bad' holds OBa_ref away from her own steady state of OBa, so the
    bone balance it enters has none (its BV drifts); 'ok' gives it at her own."""
    oba = float(osteon.simulate("pivonka2008", duration=1.0, save=2)["OBa"][0][0])
    return pd.DataFrame({"subject_id": ["ok", "bad"], "OBa_ref": [oba, 1e-3]})


def test_a_subject_without_a_steady_state_is_reported_without_sinking_the_others(tmp_path):
    # one subject's failed pre-equilibration raised for the whole population, even with
    # on_failure='drop', where a failed run-in or integration drops only that subject
    pop = _no_steady_state_for_bad()
    with pytest.raises(SteadyStateError, match=r"no steady state found for subject 'bad' "
                                               r"\(1 of 2 subjects failed\)"):
        osteon.simulate("pivonka2008", population=pop, duration=30.0, save=3)
    r = osteon.simulate("pivonka2008", population=pop, duration=30.0, save=3,
                        on_failure="drop")
    assert r.subject_ids == ("ok",)
    assert list(r.status["status"]) == ["ok", "failed"]
    assert list(r.status["t_reached_days"]) == [30.0, 0.0]
    msg = r.status["message"][1]
    assert msg.startswith("no start: no steady state found: relative residual "), msg
    assert "largest in 'BV'" in msg and "'OBa_ref' given explicitly" in msg
    assert "subject" not in msg.split(";")[0]  # her row is not named: the table names her
    # her residual is the search's last iterate's, the number her message gives (never NaN)
    res = r.status["steady_state_residual"][1]
    assert res > 1e-8 and f"relative residual {res:.3g} " in msg
    assert r.status["steady_state_residual"][0] <= 1e-8
    # the others' run is their own: as run alone
    one = osteon.simulate("pivonka2008", parameters={"OBa_ref": pop["OBa_ref"][0]},
                          duration=30.0, save=3)
    np.testing.assert_allclose(r.values[0], one.values[0], rtol=1e-9, atol=1e-15)
    np.testing.assert_allclose(r.baseline[0], one.baseline[0], rtol=1e-12)
    r.save(tmp_path / "run")
    back = osteon.Result.load(tmp_path / "run")
    assert list(back.status["status"]) == ["ok", "failed"]
    # every subject without one: nothing to report but the steady state's error
    with pytest.raises(SteadyStateError, match=r"\(2 of 2 subjects failed\)"):
        osteon.simulate("pivonka2008", population=pop.assign(OBa_ref=1e-3), duration=30.0,
                        on_failure="drop")


def test_a_subject_without_a_steady_state_skips_the_run_in(monkeypatch):
    # the aging model: the young adult's steady state of one subject is not found (Newton lands
    # her off it); she never starts (no run-in from a state she has not), the other runs on
    import osteon.model.steady_state as steady_state

    spec = load("osteon")
    i = spec.state_index("cortical_pth_space")
    newton = steady_state._newton

    def landing(spec, y, p, *args, **kwargs):  # 'bad' (her drift rate marks her) lands < 0
        y = newton(spec, y, p, *args, **kwargs)
        y[np.broadcast_to(p["adipogenic_drift_rate"], (y.shape[0],)) == 0.021, i] = -1.0
        return y

    monkeypatch.setattr(steady_state, "_newton", landing)
    monkeypatch.setattr(steady_state, "_CACHE", type(steady_state._CACHE)())
    pop = pd.DataFrame({"subject_id": ["ok", "bad"], "age_start": [30.0, 30.0],
                        "adipogenic_drift_rate": [0.02, 0.021]})
    r = osteon.simulate("osteon", population=pop, duration=30, save=3, on_failure="drop")
    assert r.subject_ids == ("ok",)
    assert r.status["message"][1].startswith("no start: no steady state found: relative "
                                             "residual ")
    assert r["age_years"][0, 0] == pytest.approx(30.0)
    one = osteon.simulate("osteon", parameters={"age_start": 30.0, "adipogenic_drift_rate": 0.02},
                          duration=30, save=3)
    np.testing.assert_allclose(r["bmd_lumbar_spine"][0], one["bmd_lumbar_spine"][0],
                               rtol=1e-5)


def test_a_lone_subject_whose_run_in_fails_still_raises_with_the_reason():
    with pytest.raises(SimulationError, match=r"^model 'osteon': the run-in from the reference "
                                              r"steady state failed at t=\S+ d of "
                                              rf"{RUN_IN_DAYS:g} d: \S") as e:
        osteon.simulate("osteon", parameters=dict(RUN_IN_FAILS.iloc[1, 1:]), duration=30,
                        on_failure="drop")
    assert e.value.failures[0]["subject_id"] == 0
    # a population whose every subject fails its run-in has nothing to report but the failure
    pop = RUN_IN_FAILS.assign(adipogenic_drift_rate=1e6)
    with pytest.raises(SimulationError, match=r"failed for subject 'ok' \(2 of 2 failed\): "
                                              r"no start: the run-in") as e:
        osteon.simulate("osteon", population=pop, duration=30, solver="BDF", on_failure="drop")
    assert [f["subject_id"] for f in e.value.failures] == ["ok", "bad"]


def _toy_undefined(root):
    """dx/dt = -x, with an observable whose ``root`` (of the parameter c, one per subject) is
    NaN where c is out of its domain, and selected away: numpy's 'invalid value', the values
    finite."""
    from osteon.model import Observable

    def rhs(t, y, p, xp):
        return xp.stack([-y[:, 0]], axis=-1)

    def observe(t, y, p, xp):
        c = xp.asarray(p["c"], dtype=float) * xp.ones(y.shape[0])
        r = root(c, xp)
        return {"z": xp.where(xp.isfinite(r), y[:, 0], 0.0)}

    return ModelSpec(id="toy_undefined", version="0", time_unit="day",
                     states=(State("x", "pM", "relaxes", initial=1.0),),
                     parameters=(Parameter("c", 3.0, "dimensionless", "a switch",
                                           "PMID 1, Table 1"),),
                     observables=(Observable("z", "pM", "x where c is in its domain"),),
                     observe=observe, rhs=rhs)


def test_undefined_arithmetic_in_a_joint_solve_is_given_to_the_subject_that_met_it():
    # every subject of a joint solve had the warning where one subject's values met numpy's
    # 'invalid value'; it is now hers alone, and said naming her
    spec = _toy_undefined(lambda c, xp: xp.sqrt(c - 2.0))  # undefined where c < 2
    pop = pd.DataFrame({"subject_id": ["a", "bad", "c", "d"], "c": [3.0, 1.0, 3.0, 4.0]})
    with pytest.warns(osteon.errors.OsteonWarning) as rec:
        r = osteon.simulate(spec, population=pop, duration=5, initial={"x": 1.0}, save=3)
    said = [str(w.message) for w in rec if "where they are undefined" in str(w.message)]
    assert len(said) == 1 and "(numpy: invalid value) for subject 'bad' (checked apart" in said[0]
    assert [("where they are undefined" in w) for w in r.status["warnings"]] == [
        False, True, False, False]
    assert "(numpy: invalid value) (hers: checked apart" in r.status["warnings"][1]
    # a lone subject's are hers, said as before
    with pytest.warns(osteon.errors.OsteonWarning, match=r"undefined \(numpy: invalid value\), "
                                                       r"as when"):
        one = osteon.simulate(spec, parameters={"c": 1.0}, duration=5, initial={"x": 1.0},
                              save=3)
    assert "where they are undefined" in one.status["warnings"][0]


def test_undefined_arithmetic_no_subject_meets_alone_names_those_not_cleared():
    # met only where subjects are computed together (c differs within the group): no subject
    # alone meets it, so the warning says it is the joint solve's and names those not cleared
    spec = _toy_undefined(lambda c, xp: xp.sqrt(0.5 - (xp.max(c) - xp.min(c))))
    pop = pd.DataFrame({"subject_id": ["a", "b", "c"], "c": [3.0, 4.0, 4.0]})
    with pytest.warns(osteon.errors.OsteonWarning) as rec:
        r = osteon.simulate(spec, population=pop, duration=5, initial={"x": 1.0}, save=3)
    said = [str(w.message) for w in rec if "where they are undefined" in str(w.message)]
    assert len(said) == 1
    assert ("(in the joint solve of 3 subjects: checked apart, subjects 'a', 'b', 'c' could "
            "not be cleared" in said[0]), said[0]
    assert all("could not be cleared" in w for w in r.status["warnings"])
    # ('b', 'c' share c: together they are clear; the group of all three is not)


def test_failure_raised_inside_scipy_is_placed_where_it_happened():
    # dx/dt = -sqrt(x) empties at t = 2; past it the rates are NaN, and BDF's Jacobian raises
    # inside SciPy: the error gave the segment's start (t=0) as where the solve stopped
    def rhs(t, y, p, xp):
        return xp.stack([-p["k"] * xp.sqrt(y[:, 0])], axis=-1)

    spec = ModelSpec(id="toy_sqrt", version="0", time_unit="day",
                     states=(State("x", "pM", "drains", initial=1.0),),
                     parameters=(Parameter("k", 1.0, "pM^0.5/day", "rate", "PMID 1, Table 1"),),
                     rhs=rhs)
    with pytest.raises(SimulationError, match=r"stopped at t=2 d of 10 d.*failed near t=2 d "
                                              r"\(the segment from t=0 d\)") as e:
        osteon.simulate(spec, duration=10, initial={"x": 1.0})
    assert e.value.failures[0]["t_reached"] == pytest.approx(2.0, abs=0.01)


def test_failure_message_names_the_states_that_left_their_domain():
    # x drains at a rate that does not vanish at zero and through sqrt(x), so it crosses zero
    # (near t = 0.69) and its rate turns NaN; y is fine: the message names x (its rate
    # non-finite, its value below zero) and not y
    def rhs(t, y, p, xp):
        return xp.stack([-p["k"] * (xp.sqrt(y[:, 0]) + 1.0), 0.1 - 0.1 * y[:, 1]], axis=-1)

    spec = ModelSpec(id="toy_sqrt2", version="0", time_unit="day",
                     states=(State("x", "pM", "drains", initial=1.0),
                             State("y", "pM", "relaxes", initial=1.0)),
                     parameters=(Parameter("k", 1.0, "pM^0.5/day", "rate", "PMID 1, Table 1"),),
                     rhs=rhs)
    with pytest.raises(SimulationError, match=r"model left its domain; at t=0\.\d+ d, "
                                              r"non-finite rates of x; below zero: x = -") as e:
        osteon.simulate(spec, duration=10, initial={"x": 1.0, "y": 1.0})
    assert "of x, y" not in str(e.value) and "y = " not in str(e.value)


def test_failed_solve_before_the_first_save_time_is_reported(blowup_model):
    # one subject, nothing saved between the start and the end: the solver stops (x blows up
    # at t = 10) before any save time, and the failure is still reported with its reason
    with pytest.raises(SimulationError, match=r"BDF solver stopped at t=0 d of 100 d: "
                       r"Required step size") as e:
        osteon.simulate(blowup_model, duration=100, save=[0, 100], initial={"x": 1.0},
                        parameters={"k": 0.1})
    assert e.value.failures[0]["t_reached"] == 0.0


def test_nonnegative_state_leaving_its_domain_warns_not_clips():
    with pytest.warns(osteon.errors.OsteonWarning, match=r"'BV' fell below zero"):
        r = osteon.simulate("pivonka2008", ParameterStep(0, "P_PTH_d", 1e3), duration="2 years")
    assert r["BV"][0].min() < 0  # reported, not clipped
    assert "BV" in r.status.warnings[0]


def test_solver_options_validated():
    with pytest.raises(InputError, match=r"Solver.method"):
        Solver(method="RK45")
    with pytest.raises(InputError, match=r"Solver.rtol must be in \(0, 1\); got 0"):
        Solver(rtol=0)
    with pytest.raises(InputError, match=r"save times must lie"):
        osteon.simulate("lemaire2004", duration=10, save=[0, 20])
    # a count and a spacing share one bound (a count of 1e8 failed inside numpy)
    with pytest.raises(InputError, match=r"save as a number of points must be between 2 and "
                                         r"1000000 \(the most a run keeps, a memory bound\); "
                                         r"got 100000000"):
        osteon.simulate("lemaire2004", duration=10, save=100_000_000)
    with pytest.raises(InputError, match=r"gives more than 1000000 points"):
        osteon.simulate("lemaire2004", duration=10, save="0.000001 days")


def test_state_event_at_time_zero_is_applied_once():
    # x' = 0: whatever the events do is all that happens
    def rhs(t, y, p, xp):
        return 0.0 * y

    spec = ModelSpec(id="toy_still", version="0", time_unit="day",
                     states=(State("x", "pM", "stays", initial=1.0),),
                     parameters=(Parameter("k", 1.0, "1/day", "unused", "PMID 1, Table 1"),),
                     rhs=rhs)
    events = [Bolus(0.0, "x", 2.0), Bolus(5.0, "x", 3.0), StateScale(0.0, "x", 2.0)]
    r = osteon.simulate(spec, events, duration=10, save=[0.0, 1.0, 10.0], initial="model")
    # at t=0 the saved value is the pre-event one; then (1 + 2) * 2 = 6, and +3 at day 5
    np.testing.assert_allclose(r["x"][0], [1.0, 6.0, 9.0])


def test_events_and_conditions_after_the_end_are_reported_not_dropped_silently():
    from osteon.errors import OsteonWarning

    with pytest.warns(OsteonWarning, match=r"ignored, at or after the end of the simulation "
                                           r"\(t=140 d\): ParameterStep on 'I_O' at t=500 d"):
        osteon.simulate("lemaire2004", [ParameterStep(500.0, "I_O", 2e5)], duration=140)
    with pytest.warns(OsteonWarning, match=r"condition 'glucocorticoids' from t=1826.25 d"):
        osteon.simulate("osteon", patient="female, age 60", duration="30 days",
                        conditions="glucocorticoids 7.5 mg/d from 5 years")


def test_a_drug_whose_doses_all_fall_after_the_end_is_reported_not_dropped_silently():
    # 'x 1 from day 400' in a 1-year run gave an untreated run without a word, while a
    # ParameterStep after the end warns
    from osteon.errors import OsteonWarning

    with pytest.warns(OsteonWarning, match=r"ignored, at or after the end of the simulation "
                                           r"\(t=30 d\): 1 dose of denosumab \(t=40 d\): no dose of "
                                           r"the regimen falls inside the run, so the run is untreated"):
        osteon.simulate("osteon", "denosumab 60 mg sc x 1 from day 40", duration="30 days")
    with pytest.warns(OsteonWarning, match=r"\(t=30 d\): 2 doses of denosumab \(t=30 to "
                                           r"212.625 d\).*the run is untreated"):  # at the end too
        osteon.simulate("osteon", "denosumab 60 mg sc q6mo x 2 from day 30", duration="30 days")
    with pytest.warns(OsteonWarning, match=r"\(t=30 d\): 1 dose of zoledronic_acid \(t=40 d\): no "
                                           r"dose of zoledronic_acid falls inside the run; give"):
        r = osteon.simulate("osteon", "denosumab 60 mg sc once and zoledronic acid 5 mg iv once "
                            "from day 40", duration="30 days")
    assert r["denosumab_depot"].max() > 0  # denosumab was given
    with pytest.warns(OsteonWarning, match=r"the doses of alendronate from t=40 d on: no dose of the "
                                           r"regimen falls inside the run"):
        osteon.simulate("osteon", "alendronate 70 mg oral weekly from day 40", duration="30 days")


def test_a_drug_whose_doses_a_holiday_or_stop_all_remove_is_reported():
    # none after the end either: the run was silently untreated
    from osteon.dosing import Regimen
    from osteon.errors import OsteonWarning

    base = Regimen.parse("denosumab 60 mg sc q6mo x 4")
    for rx in (base.holiday(0, "3 years"), base.stop(0)):
        with pytest.warns(OsteonWarning, match=r"no dose of denosumab is given in the run: the "
                                               r"regimen's stop, holiday or missed doses "
                                               r"\(adherence\) remove every one of them, so the "
                                               r"run is untreated"):
            osteon.simulate("osteon", rx, duration="30 days")


def test_a_regimen_only_cut_by_the_end_is_not_reported():
    # most regimens are prescribed for longer than the span simulated: the doses inside are
    # given, those after cut by design (conftest makes any OsteonWarning an error)
    for rx in ("denosumab 60 mg sc q6mo x 20", "alendronate 70 mg oral weekly"):
        osteon.simulate("osteon", rx, duration="30 days")


def test_result_at_reads_a_time_as_text_or_days():
    r = osteon.simulate("lemaire2004", duration="1 year", save=13)
    assert r.at("6 months").time_days.iloc[0] == pytest.approx(365.25 / 2)
    assert r.at(100).time_days.iloc[0] == pytest.approx(365.25 / 4)  # the nearest saved time
    with pytest.raises(InputError, match="time_days must be a number of days or a text"):
        r.at("six months")


def test_result_at_refuses_a_time_outside_the_saved_times():
    # '10 years' of a 100-day run read the last day (100.0) without a word
    r = osteon.simulate("lemaire2004", duration=100, save=11)
    with pytest.raises(InputError, match=r"time_days must lie within the saved times, 0 to 100 "
                                         r"days; got '10 years' \(3652.5 d\)"):
        r.at("10 years")
    with pytest.raises(InputError, match=r"within the saved times, 0 to 100 days; got 100.5"):
        r.at(100.5)
    assert r.at(100 * (1 + 1e-12)).time_days.iloc[0] == 100.0  # rounding, not a later time
    # between saved times: the nearer one, the earlier on a tie; never interpolated
    assert r.at(14).time_days.iloc[0] == 10.0 and r.at(16).time_days.iloc[0] == 20.0
    assert r.at(15).time_days.iloc[0] == 10.0
    np.testing.assert_array_equal(r.at(14)["C"], r["C"][:, 1])
    # saved times that do not start at 0: before the first is outside too
    late = osteon.simulate("lemaire2004", duration=100, save=[50.0, 60.0])
    with pytest.raises(InputError, match=r"within the saved times, 50 to 60 days; got 0"):
        late.at(0)


def test_result_at_gives_the_clinical_readouts_as_to_pandas_does():
    # at() is a time's rows of to_pandas(): the T-scores, WHO class, assay readings, statuses
    # and fracture probabilities too, for each subject (never interpolated: a class cannot be)
    pop = pd.DataFrame({"subject_id": ["p", "q"], "sex": ["female", "female"],
                        "age": [70, 62], "t_score_femoral_neck": [-2.7, -1.2]})
    r = osteon.simulate("osteon", population=pop, duration="2 years", save=5)
    wide = r.to_pandas()
    got = r.at("1 year")
    assert list(got.columns) == list(wide.columns)
    expected = wide[wide["time_days"] == r.times[2]].reset_index(drop=True)
    pd.testing.assert_frame_equal(got, expected)
    assert got["who_class"].tolist() == r.clinical()["who_class"].iloc[[2, 7]].tolist()
    assert np.isfinite(got["t_score_lumbar_spine"]).all()
    # between saved times: the nearer one's rows, clinical columns included
    pd.testing.assert_frame_equal(r.at(400), expected)
    # without the clinical readouts: the model's variables only
    assert list(r.at("1 year", clinical=False).columns) == \
        ["subject_id", "time_days", *r.variables]


def test_summary_gives_the_unit_of_every_trajectory_column():
    # trajectory.csv and .parquet carry no units; summary.json names them, the markers' scales
    # included (ctx on Roche Elecsys beside ctx_on_assay on the chosen assay)
    r = osteon.simulate("osteon", patient="female, age 65", duration=30, save=3)
    units = r.summary()["columns"]
    assert set(r.to_pandas().columns) <= set(units)
    assert units["ctx"] == "ng/mL (Roche Elecsys scale)"
    assert units["ctx_on_assay"] == "ng/mL (IDS-iSYS scale)"
    assert units["t_score_femoral_neck"] == "SD" and units["fracture_risk_10y_hip"] == "%"
    assert units["bmd_lumbar_spine"] == "g/cm^2" and units["time_days"] == "day"


def test_summary_says_which_sites_the_patient_gave_and_which_the_model_derived():
    # simulate grades vertebral risk with a spine T-score the model derives from a neck-only
    # patient, while assess has none: the summary says which sites are hers
    r = osteon.simulate("osteon", patient="female, age 70, t_score_femoral_neck=-2.6",
                        duration=30, save=3)
    assert r.summary()["bmd_sites"] == {"given": ["femoral_neck"],
                                        "model_derived": ["lumbar_spine", "total_hip"]}


def test_simulate_says_the_median_menopause_was_assumed_before_it():
    # a woman of 48 without her menopause age starts premenopausal (median 51.4 assumed): her
    # WHO class reads 'Z-score applies' until then, and the summary says why, as assess does
    r = osteon.simulate("osteon", patient="female, age 48, t_score_femoral_neck=-2.0",
                        duration=30, save=3)
    (note,) = r.summary()["notes"]
    for words in ("menopausal status not given", "51.4", "estrogen falls", "Z-score",
                  "'menopause at 49'"):
        assert words in note
    assert r.summary()["clinical"]["start"]["who_class"].startswith("Z-score applies")
    for given in ("female, age 48, menopause at 47, t_score_femoral_neck=-2.0",
                  "female, age 55, t_score_femoral_neck=-2.0", "male, age 48"):
        assert osteon.simulate("osteon", patient=given, duration=30, save=3).summary()[
            "notes"] == []
    # a surgical menopause of the run ends the premenopausal reading: no note from day 0, a
    # note up to its onset when later (the note said 'until 51.4' beside T-based classes)
    text = "female, age 42, t_score_lumbar_spine=-1.9"
    now = osteon.simulate("osteon", patient=text, conditions=["surgical menopause from 0"],
                          duration=30, save=3).summary()
    assert now["notes"] == [] and now["clinical"]["end"]["who_class"] == "osteopenia"
    later = osteon.simulate("osteon", patient=text, duration="3 years", save=3,
                            conditions=["surgical menopause from 2 years"]).summary()
    (note,) = later["notes"]
    assert "surgical menopause at 44.0 comes first" in note


def test_a_population_indexed_by_subject_id_keeps_its_ids():
    # df.set_index("subject_id") lost the ids: the subjects came back as 0, 1
    by_index = pd.DataFrame({"D_C": [2.1e-3, 2.6e-3]}, index=pd.Index(["x", "y"], name="subject_id"))
    r = osteon.simulate("lemaire2004", population=by_index, duration=10, save=3)
    assert r.subject_ids == ("x", "y")
    assert r.status["subject_id"].tolist() == ["x", "y"]
    assert r.parameters.set_index("subject_id")["D_C"].to_dict() == {"x": 2.1e-3, "y": 2.6e-3}
    by_column = osteon.simulate("lemaire2004", population=by_index.reset_index(), duration=10,
                                save=3)
    np.testing.assert_array_equal(r.values, by_column.values)
    # the same ids in both: read once; different ones: which holds? refused
    both = by_index.assign(subject_id=["x", "y"])
    assert osteon.simulate("lemaire2004", population=both, duration=10,
                           save=3).subject_ids == ("x", "y")
    with pytest.raises(InputError, match=r"population has subject ids in both its index \(named "
                                         r"subject_id\) and its subject_id column, and they "
                                         r"disagree: row 1 is 'y' in the index and 'z' in the "
                                         r"column"):
        osteon.simulate("lemaire2004", population=by_index.assign(subject_id=["x", "z"]),
                        duration=10)
    with pytest.raises(InputError, match=r"subject_id must be unique; 'x' is given more than"):
        osteon.simulate("lemaire2004", duration=10, population=pd.DataFrame(
            {"D_C": [2.1e-3, 2.6e-3]}, index=pd.Index(["x", "x"], name="subject_id")))


@pytest.mark.parametrize("engine", ["scipy", "jax"])
def test_a_subject_failing_in_a_joint_simulation_is_dropped_without_lone_solves(
        blowup_model, monkeypatch, engine):
    # 'bad' blows up at t = 10 d (between the events at 5 and 30 d): every subject was solved
    # again alone to find her (and the survivors once more together); the engine says which
    # row failed, and the others keep the joint solve, which went on without her
    if engine == "jax":
        pytest.importorskip("jax")
    from osteon import simulation

    solves: list[int] = []
    real = simulation.integrate

    def counted(spec, y0, *args, **kw):
        solves.append(y0.shape[0])
        return real(spec, y0, *args, **kw)

    monkeypatch.setattr(simulation, "integrate", counted)
    pop = pd.DataFrame({"subject_id": ["ok1", "bad", 7], "k": [1e-3, 0.1, 2e-3]})
    ev = [ParameterStep(5.0, "k", np.array([2e-3, 0.1, 3e-3])),
          Bolus(30.0, "x", np.array([0.5, 0.5, 0.25]))]
    kw = dict(duration=60, save=13, initial={"x": 1.0}, solver=Solver(engine=engine))
    r = osteon.simulate(blowup_model, ev, population=pop, on_failure="drop", **kw)
    assert solves == [3]
    assert r.subject_ids == ("ok1", 7)
    assert list(r.status["status"]) == ["ok", "failed", "ok"]
    msg = r.status["message"][1]
    assert msg and re.search(r"subject \d|row", msg) is None, msg  # a reason, no row
    assert 9 < r.status["t_reached_days"][1] < 10.01  # x = 1/(1 - k t) blows up at 10 d
    # the survivors: the joint run without her, to the solver's tolerance
    without = osteon.simulate(blowup_model, [ParameterStep(5.0, "k", np.array([2e-3, 3e-3])),
                                             Bolus(30.0, "x", np.array([0.5, 0.25]))],
                              population=pop.drop(index=1), **kw)
    np.testing.assert_allclose(r.values, without.values, rtol=1e-5, atol=0)
    # raised: named by her id, with the engine's reason, after one solve
    solves.clear()
    with pytest.raises(SimulationError, match=r"failed for subject 'bad' \(1 of 3 failed\): "
                                              r"the \S+ solver stopped at t=\S+ d of 60 d: \S"):
        osteon.simulate(blowup_model, ev, population=pop, **kw)
    assert solves == [3]


def test_raise_stops_the_joint_solve_at_the_first_failure(blowup_model, monkeypatch):
    # with the default on_failure='raise' the batched Rodas4 carried the others on to the end
    # (60 d) before the error, a whole solve no one reads; it stops where she fails (10 d)
    from osteon import simulation

    got = []
    real = simulation.integrate

    def kept(spec, y0, *args, **kw):
        got.append(real(spec, y0, *args, **kw))
        return got[-1]

    monkeypatch.setattr(simulation, "integrate", kept)
    pop = pd.DataFrame({"subject_id": ["ok1", "bad", 7], "k": [1e-3, 0.1, 2e-3]})
    ev = [ParameterStep(5.0, "k", np.array([2e-3, 0.1, 3e-3]))]
    kw = dict(duration=60, save=13, initial={"x": 1.0}, solver=Solver(method="Rodas4"))
    with pytest.raises(SimulationError, match=r"failed for subject 'bad' \(1 of 3 failed\): "
                                              r"the Rodas4 solver stopped at t=\S+ d of 60 d"):
        osteon.simulate(blowup_model, ev, population=pop, **kw)
    (traj,) = got
    assert traj.failure.rows is None and traj.failure.row == 1
    assert traj.y.shape[1] == 2  # the saves at 0 and 5 d: nothing past the failing segment
    # recorded ('drop'), the others go on to the end
    got.clear()
    r = osteon.simulate(blowup_model, ev, population=pop, on_failure="drop", **kw)
    (traj,) = got
    assert traj.y.shape[1] == 13 and r.subject_ids == ("ok1", 7)


def test_a_scipy_method_s_joint_failure_still_finds_the_subject_alone(blowup_model,
                                                                        monkeypatch):
    # BDF solves the population as one system: its failure says no row, so each subject is
    # solved alone to find hers, and the others together again
    from osteon import simulation

    solves: list[int] = []
    real = simulation.integrate

    def counted(spec, y0, *args, **kw):
        solves.append(y0.shape[0])
        return real(spec, y0, *args, **kw)

    monkeypatch.setattr(simulation, "integrate", counted)
    pop = pd.DataFrame({"subject_id": ["ok1", "bad", "ok2"], "k": [1e-3, 0.1, 2e-3]})
    kw = dict(duration=30, save=7, initial={"x": 1.0}, solver="BDF")
    r = osteon.simulate(blowup_model, population=pop, on_failure="drop", **kw)
    assert solves == [3, 1, 1, 1, 2]
    assert list(r.status["status"]) == ["ok", "failed", "ok"]
    without = osteon.simulate(blowup_model, population=pop.drop(index=1), **kw)
    np.testing.assert_array_equal(r.values, without.values)


def test_a_negative_bolus_names_the_subject_id_not_the_batch_row():
    # the population's subject 'b' (row 1) has too little C for the bolus; the error said
    # 'subject 1'; a lone subject's says no subject
    k = load("lemaire2004").parameter("K").value
    pop = pd.DataFrame({"subject_id": ["a", "b"], "K": [k, k]})
    take = Bolus(5, "C", np.array([-1e-9, -1.0]))
    with pytest.raises(InputError, match=r"would make 'C' negative for subject 'b' \("):
        osteon.simulate("lemaire2004", take, population=pop, duration=10)
    with pytest.raises(InputError, match=r"would make 'C' negative \(\S+ before\)"):
        osteon.simulate("lemaire2004", Bolus(5, "C", -1.0), duration=10)
