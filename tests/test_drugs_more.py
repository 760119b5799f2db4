"""Romosozumab, the estrogen-receptor agonists (estradiol, raloxifene, genistein) and the RANKL
decoys (OPG-Fc, RANK-Fc) composed with the integrated model: cards and sources, dose conversion,
PK shape, direction of every effect, and the trial targets (met, or reported as missed).

Targets (../shared/reference/targets.md and the drug cards); tolerances are stated per test:
RO2 (FRAME, Cosman 2016, PMID 27641143; targets.md marks the numbers *verify*): BMD vs placebo
    at 12 months LS +13.3, TH +6.8, FN +5.9 points. Tolerance 1.5 points (2 for LS).
RO3 (McClung 2014, PMID 24382002): LS +11.3 % on 210 mg monthly vs -0.1 % on placebo at 12
    months. Tolerance 2 points.
RO4 (EVENITY label, section 12.2): P1NP peak about +145 % vs placebo 2 weeks after the first
    dose, back to placebo by month 9 and about -15 % at month 12; CTX about -55 % vs placebo at
    2 weeks. Tolerances 30 points (P1NP) and 15 points (CTX).
MORE (Ettinger 1999, doi:10.1001/jama.282.7.637): raloxifene 60 mg/d, BMD vs placebo at 36
    months LS +2.6 %, FN +2.1 % (numbers from the brief; not found in the abstract text read).
    Tolerance 1 point.
Marini 2007 (PMID 17577003, abstract): genistein 54 mg/d for 24 months, BMD genistein minus
    placebo LS 0.10 g/cm2 (0.08-0.12), FN 0.062 g/cm2 (0.049-0.073). Tolerance: the 95 % CI.
Bekker 2001 (PMID 11204435, abstract): OPG-Fc 3 mg/kg sc once, urinary NTX about -80 % at day
    4. Tolerance 15 points (CTX stands in for NTX).
"""

import numpy as np
import pytest

import osteon
from osteon import drugs
from osteon.dosing import Dose, Regimen
from osteon.drugs import estrogens
from osteon.errors import InputError
from osteon.events import Bolus, ParameterStep
from osteon.library import load
from osteon.model.parameter import Evidence, source_is_complete
from osteon.units import unit_registry

MONTH = 365.25 / 12
YEAR = 365.25
NEW = ("romosozumab", "estradiol", "raloxifene", "genistein", "opg_fc", "rank_fc")


def test_registry_cards_and_sourced_parameters():
    assert set(NEW) <= set(drugs.names())
    ureg = unit_registry()
    for name in NEW:
        drug = drugs.get(name)
        text = drugs.describe(name)
        assert drug.id == name and drug.card.mechanism in text
        for a in drug.acts_on:
            assert a in text
        for p in drug.parameters:
            assert p.name.startswith(name) and p.unit and p.name in text
            ureg.parse_units(p.unit)
            assert p.admits(p.value), p.name
            assert source_is_complete(p.source, p.evidence), (p.name, p.source)
            if p.evidence is Evidence.ASSUMPTION:
                assert p.source.startswith("assumption"), p.name
    assert drugs.get("OPG-Fc").id == "opg_fc"
    romo = drugs.card("romosozumab")
    notes = " ".join(romo.notes)
    assert "2.5 %" in notes and "1.9 %" in notes and "28892457" in notes


def test_effects_are_neutral_without_drug():
    for name in NEW:
        drug = drugs.get(name)
        spec = drugs.compose(load("osteon"), [name])
        p = {q.name: np.array([q.value]) for q in spec.parameters}
        d = {s: np.zeros(1) for s in drug.state_names}
        for key, value in drug.effects(d, p, np).items():
            assert np.all(value == 0.0), (name, key)


def test_the_parameters_said_to_act_only_through_a_drug_input_are_those_the_model_has():
    """Read from the right-hand side: a parameter of the integrated model that changes no rate
    and no observable with every drug input at its neutral value (at the baseline state of a
    woman of 60 and at states around it; a state at 0 there, the tolerance to a sclerostin
    blockade never given, stays 0, as in a run without the drug), and changes them once a drug
    input moves, acts only through those inputs (osteon validate listed wnt_blockade_opg_gain
    among the parameters that acted in a denosumab arm)."""
    from osteon import conditions
    from osteon.drugs.base import COMBINE, ONLY_THROUGH_DRUG_INPUT, neutral

    spec = load("osteon")
    r = osteon.simulate("osteon", patient="female, age 60", duration=1.0, save=[0.0, 1.0])
    y0 = np.asarray(r.baseline[:, :spec.n_states], dtype=float)
    # a state that is 0 without the drug may carry the solver's round-off from the life course
    # (the tolerance to a blockade never given: -2.8e-29 once the state vector grew by one), which
    # would make its time constant act at baseline: those are 0
    scales = np.array([st.scale for st in spec.states])
    y0[np.abs(y0) < 1e-20 * scales] = 0.0
    rng = np.random.default_rng(0)
    y = np.vstack([y0, *(y0 * np.exp(rng.normal(0.0, 0.3, y0.shape)) for _ in range(4))])
    row = r.parameters.iloc[0]
    base = {k: np.full(len(y), float(row[k])) for k in r.parameters.columns if k != "subject_id"}
    assert all(np.all(base[k] == neutral(k)) for k in COMBINE)

    def rates(p):
        with np.errstate(all="ignore"):
            obs = spec.observe(0.0, y, p, np)
            return np.concatenate([np.asarray(spec.rhs(0.0, y, p, np)).ravel(),
                                   *(np.asarray(v, dtype=float).ravel() for v in obs.values())])

    def acts(p, name, values):
        ref = rates(p)
        return any(not np.allclose(rates({**p, name: np.full(len(y), v)}), ref, rtol=1e-12,
                                   atol=0.0, equal_nan=True) for v in values)

    # each drug input moved as a drug would: a gain raised by half, a fraction or level to 0.3
    moved = {k: {**base, k: base[k] * 1.5 if rule == "multiply" else base[k] + 0.3}
             for k, rule in COMBINE.items()}
    found: dict[str, set[str]] = {}
    for q in spec.parameters:
        if q.name in conditions.COMBINE or q.name in COMBINE:
            continue
        v = float(row[q.name])
        values = [x for x in ((0.5 * v, 2.0 * v) if v else (0.5, 2.0)) if q.admits(x)]
        if not values or acts(base, q.name, values):
            continue
        for inp, p in moved.items():
            if acts(p, q.name, values):
                found.setdefault(q.name, set()).add(inp)
    assert found == {k: set(v) for k, v in ONLY_THROUGH_DRUG_INPUT.items()}


def test_dose_events_convert_units_routes_and_infusions():
    spec = drugs.compose(load("osteon"), list(NEW))
    (b,) = drugs.dose_events(Dose(0, "romosozumab", 210, "mg", "sc"), spec)
    assert (b.time, b.state) == (0.0, "romosozumab_depot")
    assert b.amount == pytest.approx(210e-3 / 149_000 * 1e9)  # nmol
    assert drugs.dose_events(Dose(1, "estradiol", 1, "mg", "oral"), spec) == [
        Bolus(1.0, "estradiol_gut", 1.0)]
    (g,) = drugs.dose_events(Dose(0, "genistein", 54_000, "ug", "oral"), spec)
    assert g.state == "genistein_gut" and g.amount == pytest.approx(54.0)
    assert drugs.dose_events(Dose(0, "opg_fc", 210, "mg", "sc"), spec) == [
        Bolus(0.0, "opg_fc_depot", 210.0)]
    on, off = Regimen.parse("estradiol 1 mg/day oral continuous infusion for 6 months").events(spec)
    assert isinstance(on, ParameterStep) and (on.name, on.value) == ("estradiol_input", 1.0)
    assert off.time == pytest.approx(6 * MONTH) and off.value == 0.0
    with pytest.raises(InputError, match=r"romosozumab is given sc.*got route 'oral'"):
        drugs.dose_events(Dose(0, "romosozumab", 210, "mg", "oral"), spec)
    with pytest.raises(InputError, match=r"has no zero-order input form.*got a continuous infusion"):
        Regimen.parse("opg_fc 10 mg/day sc continuous infusion for 1 month").events(spec)


def test_estradiol_pk_reaches_the_steady_state_it_was_derived_from():
    # 1 mg/day oral: 30-50 pg/mL (Lobo 2007, secondary); the volume is derived from 40 pg/mL
    p = {q.name: q.value for q in drugs.get("estradiol").parameters}
    k = np.log(2) / p["estradiol_half_life"]
    css = p["estradiol_F"] * 1.0 / (k * p["estradiol_V"]) * 1e6
    assert 30 <= css <= 50
    # genistein: the derived absorption puts the one-compartment peak at 8.4 h (King 1998)
    ka, ke = estrogens._GEN_KA_H, estrogens._GEN_KE_H
    assert np.log(ka / ke) / (ka - ke) == pytest.approx(8.4, rel=1e-3)


# --------------------------------------------------------------------------- romosozumab

ROMO_SAVE = np.array([0, 2, 4, 5, 6, 7, 8, 10, 14, 21, 30, 45, 60, 91, 120, 182, 274, 365])


@pytest.fixture(scope="module")
def romo():
    kw = {"duration": 365.25, "save": ROMO_SAVE, "parameters": {"age_start": 65.0}}
    return (osteon.simulate("osteon", "romosozumab 210 mg sc monthly x 12", **kw).to_pandas(),
            osteon.simulate("osteon", **kw).to_pandas())


def _rel(r, pbo, col, day):
    i = int(np.flatnonzero(day == ROMO_SAVE)[0])
    return 100.0 * (r[col].iloc[i] / pbo[col].iloc[i] - 1.0)


def test_romosozumab_pk_peaks_within_days_and_halves_in_about_two_weeks(romo):
    r, _ = romo
    c = r["romosozumab_serum"].to_numpy()
    first = ROMO_SAVE <= 21
    assert 3 <= ROMO_SAVE[first][np.argmax(c[first])] <= 10  # label: peak about day 5
    # label half-life 12.8 d (as given in Davis's Drug Guide, secondary); 30 % tolerance
    t_half = 14 * np.log(2) / np.log(c[ROMO_SAVE == 7][0] / c[ROMO_SAVE == 21][0])
    assert t_half == pytest.approx(12.8, rel=0.3)
    assert r["romosozumab_sclerostin_bound"].iloc[1:].min() > 0.9


def test_romosozumab_raises_formation_and_bmd_early(romo):
    r, pbo = romo
    assert _rel(r, pbo, "wnt_signal", 7) > 10
    assert _rel(r, pbo, "p1np", 14) > 10 and _rel(r, pbo, "p1np", 30) > 20
    assert _rel(r, pbo, "opg", 14) > 5
    assert _rel(r, pbo, "bmd_lumbar_spine", 91) > 1.0
    assert _rel(r, pbo, "bmd_total_hip", 91) > 0.5
    assert _rel(r, pbo, "bmd_femoral_neck", 91) > 0.5


def test_ro2_romosozumab_hip_bmd_at_12_months(romo):
    r, pbo = romo
    assert _rel(r, pbo, "bmd_total_hip", 365) == pytest.approx(6.8, abs=1.5)


@pytest.mark.xfail(strict=True, raises=AssertionError,
                   reason="at 65 the femoral neck gains more than FRAME's +5.9 +- 1.5 vs "
                   "placebo, as at FRAME's age, 71 (RO2.fn, missed): the neck gains as much as "
                   "the total hip with both calcium switches on")
def test_ro2_romosozumab_femoral_neck_at_65(romo):
    r, pbo = romo
    assert _rel(r, pbo, "bmd_femoral_neck", 365) == pytest.approx(5.9, abs=1.5)


def test_ro4_romosozumab_lowers_ctx_within_days(romo):
    # a training target (calibration problem 'romosozumab', RO4.ctx, read at 71): the OPG that
    # the freed Wnt adds holds RANKL, and resorbing osteoclasts are lost as under a decoy drug
    r, pbo = romo
    assert _rel(r, pbo, "ctx", 14) == pytest.approx(-55, abs=15)
    assert _rel(r, pbo, "ctx", 4) < -30  # within days: faster than any halt of formation
    assert _rel(r, pbo, "opg", 2) > 30


@pytest.mark.xfail(strict=True, raises=AssertionError,
                   reason="reported miss: by 6 months CTX is above placebo (the label has "
                   "it below placebo through the year): the antiresorptive arm wanes with the "
                   "anabolic one, and with the calcium mass balance the formation surge draws "
                   "plasma calcium and PTH rises; the trial's calcium and vitamin D are not in "
                   "this scenario")
def test_ro4_romosozumab_ctx_not_above_placebo_at_six_months(romo):
    r, pbo = romo
    assert _rel(r, pbo, "ctx", 182) < 10


def test_romosozumabs_antiresorptive_arm_needs_blockade():
    """wnt_blockade_opg_gain acts on the Wnt a sclerostin antibody frees only: without the drug
    the model is unchanged whatever its value, and with the drug and a gain of 0 CTX does not
    fall (the OPG it adds is what holds RANKL)."""
    kw = {"duration": 28.0, "save": np.array([0.0, 14.0, 28.0]), "parameters": {"age_start": 65.0}}
    zero = {"parameters": {"age_start": 65.0, "wnt_blockade_opg_gain": 0.0}}
    a = osteon.simulate("osteon", **kw)
    b = osteon.simulate("osteon", **{**kw, **zero})
    np.testing.assert_array_equal(a.values, b.values)
    rx = "romosozumab 210 mg sc monthly x 12"
    with_arm = osteon.simulate("osteon", rx, **kw).to_pandas()
    without = osteon.simulate("osteon", rx, **{**kw, **zero}).to_pandas()
    pbo = a.to_pandas()
    assert with_arm["ctx"].iloc[1] < 0.6 * pbo["ctx"].iloc[1]
    assert without["ctx"].iloc[1] > 0.9 * pbo["ctx"].iloc[1]


def test_ro4_romosozumab_p1np_peak(romo):
    # a training target (calibration problem 'romosozumab'): the fit reproduces it
    r, pbo = romo
    assert _rel(r, pbo, "p1np", 14) == pytest.approx(145, abs=30)
    # the rise is fast (matrix synthesis of the osteoblasts present, not recruitment) and the
    # peak comes in the first month
    assert _rel(r, pbo, "p1np", 7) > 100
    days = ROMO_SAVE[ROMO_SAVE <= 91]
    peak_day = days[np.argmax([_rel(r, pbo, "p1np", d) for d in days])]
    assert 5 <= peak_day <= 30


def test_ro4_romosozumab_anabolic_response_wanes(romo):
    # label: P1NP back at placebo by month 9 while the monthly doses go on; the tolerance
    # time is fitted to the peak and the hip gain only, so this is a check
    r, pbo = romo
    assert r["wnt_blockade_tolerance"].iloc[-1] > 0.9
    assert _rel(r, pbo, "p1np", 91) < 0.5 * _rel(r, pbo, "p1np", 14)
    assert _rel(r, pbo, "p1np", 274) < 0.15 * _rel(r, pbo, "p1np", 14)
    # the Wnt signal itself stays up: the drug still holds sclerostin
    assert _rel(r, pbo, "wnt_signal", 274) > 10


@pytest.mark.xfail(strict=True, raises=AssertionError,
                   reason="reported miss at 65 without the trial's calcium and vitamin D: P1NP "
                   "at 9 months is more than 15 points above placebo; with the calcium mass "
                   "balance the formation surge raises PTH, which FRAME's supplements blunt "
                   "(RO4.waning, read at 71 with them, is met)")
def test_ro4_romosozumab_p1np_back_at_placebo_by_nine_months(romo):
    r, pbo = romo
    assert _rel(r, pbo, "p1np", 274) == pytest.approx(0, abs=15)


@pytest.mark.xfail(strict=True, raises=AssertionError,
                   reason="reported miss: P1NP above placebo at 12 months (label about "
                   "-15 %): tolerance removes only the freed part of the Wnt signal, so "
                   "formation cannot fall below placebo while the drug is given")
def test_ro4_romosozumab_p1np_below_placebo_at_12_months(romo):
    r, pbo = romo
    assert _rel(r, pbo, "p1np", 365) == pytest.approx(-15, abs=15)


def test_romosozumab_tolerance_resolves_after_stopping():
    # after the last dose the antibody is cleared, the tolerance fades and formation returns to
    # placebo's without a rebound below it
    kw = {"duration": 2 * YEAR, "save": np.array([0.0, 365.0, 547.0, 730.0]),
          "parameters": {"age_start": 65.0}}
    r = osteon.simulate("osteon", "romosozumab 210 mg sc monthly x 12", **kw).to_pandas()
    p = osteon.simulate("osteon", **kw).to_pandas()
    assert r["wnt_blockade_tolerance"].iloc[-1] < 0.1
    rel = 100.0 * (r["p1np"] / p["p1np"] - 1.0)
    assert abs(rel.iloc[-1]) < 5.0


def test_wnt_tolerance_needs_blockade():
    # natural sclerostin changes (unloading raises it) free no Wnt, so no tolerance builds and
    # the freed-Wnt terms stay neutral
    r = osteon.simulate("osteon", patient="female, age 65", conditions="bed rest for 17 weeks",
                        duration="6 months", save=8).to_pandas()
    assert r["sclerostin"].iloc[2] > 1.5 * r["sclerostin"].iloc[0]  # during bed rest
    assert np.abs(r["wnt_blockade_tolerance"].to_numpy()).max() < 1e-12


def test_ro3_romosozumab_spine_bmd_at_12_months(romo):
    r, pbo = romo
    assert _rel(r, pbo, "bmd_lumbar_spine", 365) == pytest.approx(11.3 + 0.1, abs=2.0)


@pytest.mark.xfail(strict=True, raises=AssertionError,
                   reason="reported miss: the spine gain is flat in the monthly dose and "
                   "falls slightly with it (70 >= 140 >= 210 mg, +10.3 / +10.2 / +10.2 points vs "
                   "placebo; McClung 2014's phase 2 gains rose with dose, only the 210 mg arm "
                   "was read). "
                   "With the PK fitted to the label's trough every monthly dose keeps the bound "
                   "fraction, whose half-saturation is the clearance's Km (0.07 ug/mL), at about "
                   "0.9 or more all month, so the doses block alike; the tolerance follows the "
                   "time-averaged blockade and releases nothing below placebo between doses, so "
                   "less blockade leaves less tolerance (see the romosozumab card's notes)")
def test_ro3_romosozumab_spine_gain_rises_with_monthly_dose():
    # the phase 2 scenario (RO3: age 67, 12 months); placebo is the same for every arm, so the
    # order of the gains from baseline is the order of the gains vs placebo
    kw = {"duration": 365.25, "save": np.array([0.0, 365.25]), "parameters": {"age_start": 67.0}}
    gain = []
    for mg in (70, 140, 210):
        ls = osteon.simulate("osteon", f"romosozumab {mg} mg sc monthly x 12",
                             **kw).to_pandas()["bmd_lumbar_spine"]
        gain.append(100.0 * (ls.iloc[-1] / ls.iloc[0] - 1.0))
    assert gain[0] < gain[1] < gain[2], gain


# --------------------------------------------------------------------------- estrogens

E_SAVE = np.array([0, 30, 182.625, 365.25, 730.5, 1095.75])


@pytest.fixture(scope="module")
def estrogen_runs():
    kw = {"duration": "3 years", "save": E_SAVE, "parameters": {"age_start": 65.0}}
    out = {"placebo": osteon.simulate("osteon", **kw).to_pandas()}
    for rx in ("estradiol 1 mg/day", "raloxifene 60 mg/day", "genistein 54 mg/day"):
        out[rx.split()[0]] = osteon.simulate(
            "osteon", f"{rx} oral continuous infusion for 3 years", **kw).to_pandas()
    return out


def _erel(runs, drug, col, i):
    return 100.0 * (runs[drug][col].iloc[i] / runs["placebo"][col].iloc[i] - 1.0)


def test_estradiol_lowers_resorption_and_keeps_bmd(estrogen_runs):
    r = estrogen_runs
    assert r["estradiol"]["estradiol_serum"].iloc[2] == pytest.approx(40.0, rel=0.01)
    assert _erel(r, "estradiol", "ctx", 1) < -30 and _erel(r, "estradiol", "ctx", 2) < -30
    assert _erel(r, "estradiol", "p1np", 2) < 0  # coupled formation follows resorption down
    for site in ("bmd_lumbar_spine", "bmd_total_hip", "bmd_femoral_neck"):
        assert _erel(r, "estradiol", site, 2) > 0.5


def test_raloxifene_and_genistein_are_weaker_than_estradiol(estrogen_runs):
    r = estrogen_runs
    for i in (2, 5):
        ctx = {d: _erel(r, d, "ctx", i) for d in ("estradiol", "raloxifene", "genistein")}
        ls = {d: _erel(r, d, "bmd_lumbar_spine", i) for d in ctx}
        assert ctx["estradiol"] < min(ctx["raloxifene"], ctx["genistein"])
        assert max(ctx["raloxifene"], ctx["genistein"]) < 0
        assert ls["estradiol"] > max(ls["raloxifene"], ls["genistein"])
        assert min(ls["raloxifene"], ls["genistein"]) > 0


@pytest.mark.xfail(strict=True, raises=AssertionError,
                   reason="raloxifene's agonism, now fitted to MORE "
                   "(raloxifene_intrinsic_activity), is below genistein's assumed 0.3, which was "
                   "chosen as 'below raloxifene's' when that was an assumed 0.5: genistein's "
                   "value needs revisiting")
def test_genistein_is_weaker_than_raloxifene(estrogen_runs):
    r = estrogen_runs
    assert _erel(r, "raloxifene", "ctx", 5) < _erel(r, "genistein", "ctx", 5)


def test_more_raloxifene_femoral_neck_bmd_at_3_years(estrogen_runs):
    assert _erel(estrogen_runs, "raloxifene", "bmd_femoral_neck", 5) == pytest.approx(2.1, abs=1.0)


def test_more_raloxifene_spine_bmd_at_3_years(estrogen_runs):
    assert _erel(estrogen_runs, "raloxifene", "bmd_lumbar_spine", 5) == pytest.approx(2.6, abs=1.0)


@pytest.mark.xfail(strict=True, raises=AssertionError,
                   reason="reported miss (MARINI.ls): genistein minus placebo at 24 months is "
                   "far below Marini 2007's LS +0.10 and FN +0.062 g/cm2; the assumed weak "
                   "agonism (0.3 x occupancy) gives far less")
def test_marini_genistein_bmd_at_24_months(estrogen_runs):
    r = estrogen_runs
    ls = r["genistein"]["bmd_lumbar_spine"].iloc[4] - r["placebo"]["bmd_lumbar_spine"].iloc[4]
    fn = r["genistein"]["bmd_femoral_neck"].iloc[4] - r["placebo"]["bmd_femoral_neck"].iloc[4]
    assert 0.08 <= ls <= 0.12 and 0.049 <= fn <= 0.073


@pytest.mark.slow
def test_daily_estradiol_tablets_match_the_infusion_average():
    kw = {"duration": 30.5, "save": [0.0, 29.9], "parameters": {"age_start": 65.0}}
    daily = osteon.simulate("osteon", "estradiol 1 mg oral daily for 1 month", **kw)
    infusion = osteon.simulate("osteon", "estradiol 1 mg/day oral continuous infusion for 1 month",
                               **kw)
    pbo = osteon.simulate("osteon", **kw)
    ctx = {k: r["ctx"][0][-1] / pbo["ctx"][0][-1] for k, r in
           (("daily", daily), ("infusion", infusion))}
    assert ctx["daily"] < 0.7
    assert ctx["daily"] == pytest.approx(ctx["infusion"], rel=0.15)


# --------------------------------------------------------------------------- decoys

D_SAVE = np.array([0, 1, 4, 7, 14, 42])


@pytest.fixture(scope="module")
def decoy_runs():
    kw = {"duration": 42, "save": D_SAVE, "parameters": {"age_start": 65.0}}
    out = {"placebo": osteon.simulate("osteon", **kw).to_pandas()}
    for d in ("opg_fc", "rank_fc"):
        out[d] = osteon.simulate("osteon", f"{d} 210 mg sc once", **kw).to_pandas()
    return out


def test_rankl_decoys_lower_free_rankl_and_resorption(decoy_runs):
    r = decoy_runs
    pbo = r["placebo"]
    for d in ("opg_fc", "rank_fc"):
        # held RANKL in the first days; by day 7 the PTH that the fall of resorption calls up
        # (less calcium from bone) raises RANKL production again
        assert (r[d]["rankl"].iloc[1:3] < 0.95 * pbo["rankl"].iloc[1:3]).all()
        assert (r[d]["pth"].iloc[2:4] > 1.2 * pbo["pth"].iloc[2:4]).all()
        assert (r[d]["ctx"].iloc[2:5] < pbo["ctx"].iloc[2:5]).all()
        # free again by 6 weeks; OPG-Fc's back near placebo (Bekker 2001: NTX still -14 % at
        # 6 weeks), RANK-Fc's, which held more RANKL for longer, still raised by the PTH that
        # its deeper fall of resorption called up
        assert r[d]["rankl"].iloc[-1] > 0.85 * pbo["rankl"].iloc[-1]
    assert r["opg_fc"]["rankl"].iloc[-1] == pytest.approx(pbo["rankl"].iloc[-1], rel=0.15)
    # RANK's affinity for RANKL is 34-fold OPG's in the model: the same dose holds more RANKL
    assert r["rank_fc"]["rankl"].iloc[2] < r["opg_fc"]["rankl"].iloc[2]
    assert r["rank_fc"]["ctx"].iloc[3] < r["opg_fc"]["ctx"].iloc[3]


def test_bekker_opg_fc_ntx_at_day_4_and_6_weeks(decoy_runs):
    r = decoy_runs
    change = 100 * (r["opg_fc"]["ctx"].iloc[2] / r["placebo"]["ctx"].iloc[2] - 1)
    assert change == pytest.approx(-80, abs=15)
    # nearly back by 6 weeks (NTX -14 %): the fitted loss of resorbing osteoclasts acts only
    # while most RANKL is held
    change = 100 * (r["opg_fc"]["ctx"].iloc[-1] / r["placebo"]["ctx"].iloc[-1] - 1)
    assert change == pytest.approx(-14, abs=15)
