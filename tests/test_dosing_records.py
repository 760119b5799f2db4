"""Dose records (NONMEM vocabulary) and their table form."""

import math

import numpy as np
import pandas as pd
import pytest

from osteon.dosing import COLUMNS, Dose, from_frame, parse, to_frame
from osteon.errors import InputError
from osteon.units import DAYS_PER_MONTH


def test_normalizes_names_units_routes_and_times():
    d = Dose("6 months", "Zoledronic Acid", 5, "MG", "Intravenous")
    assert (d.time, d.drug, d.amt, d.unit, d.route) == (
        6 * DAYS_PER_MONTH, "zoledronic_acid", 5.0, "mg", "iv")
    assert isinstance(d.amt, float)
    assert Dose(0, "zoledronate", 5, "mg", "iv").drug == "zoledronic_acid"
    assert Dose(0, "OPG-Fc", 1, "mg", "sc").drug == "opg_fc"
    assert Dose(0, "vitamin D3", 800, "iu", "po").drug == "vitamin_d"
    assert Dose(0, "vitamin D3", 800, "iu", "po").unit == "IU"
    assert Dose(0, "vitamin D3", 800, "iu", "po").route == "oral"
    assert Dose(0, "teriparatide", 20, "µg", "subcutaneous").unit == "ug"
    assert Dose(0, "teriparatide", 20, "mcg", "sc").unit == "ug"
    assert Dose(0, "teriparatide", 20, "mcg/day", "sc", duration=30).unit == "ug/day"


def test_defaults_and_numpy_inputs():
    d = Dose(np.float64(3.0), "denosumab", np.int64(60), "mg", "sc", addl=np.int64(2), ii=np.float64(7))
    assert (d.cmt, d.rate, d.duration) == (None, None, None)
    assert d.addl == 2 and isinstance(d.addl, int)
    assert isinstance(d.time, float) and isinstance(d.amt, float)


@pytest.mark.parametrize(("kwargs", "fragments"), [
    ({"time": -1}, ["Dose.time", ">= 0", "-1"]),
    ({"time": "6 fortnights"}, ["Dose.time", "fortnights"]),
    ({"drug": "5-FU"}, ["Dose.drug", "starting with a letter", "'5-FU'"]),
    ({"drug": "sc"}, ["Dose.drug", "'sc'"]),
    ({"amt": 0}, ["Dose.amt", "> 0", "got 0"]),
    ({"amt": float("nan")}, ["Dose.amt", "> 0", "nan"]),
    ({"amt": "60"}, ["Dose.amt", "number", "'60'"]),
    ({"unit": "kg"}, ["Dose.unit", "mg, ug, g, IU", "'kg'"]),
    ({"route": "nasal"}, ["Dose.route", "sc, iv, oral, im, transdermal", "'nasal'"]),
    ({"cmt": "two words"}, ["Dose.cmt", "compartment name", "'two words'"]),
    ({"ii": -7}, ["Dose.ii", ">= 0", "-7"]),
    ({"addl": 2.5}, ["Dose.addl", "whole number >= 0", "2.5"]),
    ({"addl": -1}, ["Dose.addl", "whole number >= 0", "-1"]),
    ({"addl": True, "ii": 1}, ["Dose.addl", "True"]),
    ({"addl": 3}, ["Dose.addl", "ii > 0", "ii=0"]),
    ({"rate": -5}, ["Dose.rate", "> 0", "-5"]),
    ({"duration": 0}, ["Dose.duration", "> 0", "0"]),
    ({"rate": 5, "duration": 1}, ["both rate", "duration", "one of the two"]),
])
def test_validation_names_field_domain_and_value(kwargs, fragments):
    base = {"time": 0, "drug": "denosumab", "amt": 60, "unit": "mg", "route": "sc"}
    with pytest.raises(InputError) as err:
        Dose(**{**base, **kwargs})
    for f in fragments:
        assert f in str(err.value)


def test_continuous_infusion_needs_a_duration_and_no_rate():
    with pytest.raises(InputError, match=r"Dose.duration .* required for a continuous infusion in ug/day"):
        Dose(0, "teriparatide", 20, "ug/day", "sc")
    with pytest.raises(InputError, match=r"Dose.rate must be None for a continuous infusion"):
        Dose(0, "teriparatide", 20, "ug/day", "sc", rate=20, duration=None)


def test_all_problems_reported_at_once():
    with pytest.raises(InputError, match=r"^3 problems in Dose: .*Dose.time.*Dose.amt.*Dose.route"):
        Dose(-1, "denosumab", 0, "mg", "nasal")


def test_infusion_properties():
    bolus = Dose(0, "denosumab", 60, "mg", "sc")
    assert not bolus.is_infusion and bolus.input_duration == 0.0
    by_rate = Dose(0, "zoledronic acid", 5, "mg", "iv", rate=480)
    assert by_rate.is_infusion and by_rate.input_duration == pytest.approx(5 / 480)
    by_dur = Dose(0, "zoledronic acid", 5, "mg", "iv", duration="15 minutes")
    assert by_dur.input_duration == pytest.approx(15 / 1440)
    cont = Dose(0, "teriparatide", 20, "ug/day", "sc", duration=30)
    assert cont.is_infusion and cont.input_duration == 30.0


def test_expand_gives_single_records_at_time_plus_k_ii():
    d = Dose(10, "denosumab", 60, "mg", "sc", ii="6 months", addl=3, cmt="depot")
    out = d.expand()
    assert [r.time for r in out] == [10 + k * 6 * DAYS_PER_MONTH for k in range(4)]
    assert all(r.ii == 0 and r.addl == 0 and r.cmt == "depot" and r.amt == 60 for r in out)
    single = Dose(5, "denosumab", 60, "mg", "sc", ii=14)  # ii without addl: one dose
    assert [r.time for r in single.expand()] == [5.0]


def test_replace_revalidates():
    d = Dose(0, "denosumab", 60, "mg", "sc")
    assert d.replace(amt=30).amt == 30.0
    with pytest.raises(InputError, match=r"Dose\.amt"):
        d.replace(amt=-1)


# ------------------------------------------------------------------------------------------------
# table form
# ------------------------------------------------------------------------------------------------

RECORDS = [
    Dose(0, "denosumab", 60, "mg", "sc"),
    Dose(1.5, "teriparatide", 20, "ug/day", "sc", duration=30.25, cmt="depot"),
    Dose(7, "zoledronic acid", 5, "mg", "iv", rate=480, ii=365.25, addl=2),
    Dose(0.1, "vitamin d", 800, "IU", "oral", ii=1, addl=9),
]


def test_to_frame_columns_types_and_nan_where_absent():
    df = to_frame(RECORDS)
    assert tuple(df.columns) == COLUMNS == (
        "time", "drug", "amt", "unit", "route", "cmt", "ii", "addl", "rate", "duration")
    assert len(df) == 4
    assert df["addl"].dtype == np.int64 and df["time"].dtype == np.float64
    # a bolus left to its drug's compartment gets the route's (Drug.routes); an infusion none
    assert list(df["cmt"][[0, 1, 3]]) == ["denosumab_depot", "depot", "vitamin_d_store"]
    assert math.isnan(df["cmt"][2])
    assert math.isnan(df["rate"][0]) and df["rate"][2] == 480
    assert math.isnan(df["duration"][0]) and df["duration"][1] == 30.25
    assert list(df["addl"]) == [0, 0, 2, 9]


def test_a_continuous_infusion_row_has_nonmem_amt_and_rate():
    # it was amt 1000, unit mg/day, rate NaN: NONMEM's AMT is the amount of the dose and RATE
    # the amount per time
    (row,) = parse("calcium 1000 mg/day oral continuous infusion for 2 years").to_frame().to_dict("records")
    assert (row["amt"], row["unit"], row["rate"], row["duration"]) == (730500.0, "mg", 1000.0, 730.5)
    assert math.isnan(row["cmt"])  # an input rate, not a dose into a compartment
    df = to_frame([Dose(1.5, "teriparatide", 20, "ug/day", "sc", duration=30.25, ii=56, addl=2)])
    assert df[["amt", "unit", "rate", "duration", "ii", "addl"]].values.tolist() == [
        [605.0, "ug", 20.0, 30.25, 56.0, 2]]
    # an amount over a time or at a rate keeps NONMEM's form: amt the total, one of rate/duration
    zol = to_frame(parse("zoledronic acid 5 mg iv over 15 minutes once").expand()).iloc[0]
    assert (zol["amt"], zol["unit"], math.isnan(zol["rate"])) == (5, "mg", True)
    assert zol["duration"] == pytest.approx(15 / 1440)


def test_cmt_is_the_compartment_the_bolus_enters():
    recs = parse("denosumab 60 mg sc once and teriparatide 20 ug sc once and zoledronic acid 5 mg iv "
                 "once and alendronate 70 mg oral once and denosumab 60 mg iv once and newdrug 1 mg "
                 "sc once").expand()
    df = to_frame(recs)
    assert {(d, r): None if c != c else c for d, r, c in zip(df["drug"], df["route"], df["cmt"],
                                                            strict=True)} == {
        ("denosumab", "sc"): "denosumab_depot", ("teriparatide", "sc"): "TERISC",
        ("zoledronic_acid", "iv"): "zoledronic_acid_plasma", ("alendronate", "oral"): "alendronate_gut",
        ("denosumab", "iv"): None, ("newdrug", "sc"): None,
    }  # a route the drug has not, a drug osteon does not model: not known
    assert from_frame(to_frame(recs)) == recs  # the drug's own compartment reads back as None
    # a compartment the record names is kept as named, and reads back as named
    named = [Dose(0, "denosumab", 60, "mg", "sc", cmt="depot"),
             Dose(0, "denosumab", 60, "mg", "sc", cmt="denosumab_central")]
    assert list(to_frame(named)["cmt"]) == ["depot", "denosumab_central"]
    assert from_frame(to_frame(named)) == named
    # naming the drug's own compartment means the drug's default
    assert from_frame(to_frame([Dose(0, "denosumab", 60, "mg", "sc", cmt="denosumab_depot")])) == [
        Dose(0, "denosumab", 60, "mg", "sc")]


def test_from_frame_reads_the_nonmem_and_the_old_infusion_rows():
    want = [Dose(0, "calcium", 1000, "mg/day", "oral", duration=730.5)]
    new = pd.DataFrame({"time": [0.0], "drug": ["calcium"], "amt": [730500.0], "unit": ["mg"],
                        "route": ["oral"], "rate": [1000.0], "duration": [730.5]})
    old = pd.DataFrame({"time": [0.0], "drug": ["calcium"], "amt": [1000.0], "unit": ["mg/day"],
                        "route": ["oral"], "rate": [np.nan], "duration": [730.5]})
    assert from_frame(new) == from_frame(old) == want
    assert from_frame(new.assign(unit="mcg", amt=730500 * (1 + 1e-8))) == [
        Dose(0, "calcium", 1000, "ug/day", "oral", duration=730.5)]
    with pytest.raises(InputError, match=r"dose table row 0: Dose.amt of a continuous infusion "
                                         r"\(rate and duration given\) must be the total, rate x "
                                         r"duration = 1000 x 730.5 = 730500 mg; got 1000.0"):
        from_frame(new.assign(amt=1000.0))
    with pytest.raises(InputError, match=r"dose table row 0: rate \(1000.0\) and duration \(730.5\) "
                                         r"together are a continuous infusion, given in mg, ug or IU "
                                         r"per day; got unit 'mmol'"):
        from_frame(new.assign(unit="mmol"))
    assert from_frame(new.assign(drug="vitamin_d", unit="IU")) == [
        Dose(0, "vitamin_d", 1000, "IU/day", "oral", duration=730.5)]
    with pytest.raises(InputError, match=r"dose table row 0: Dose.rate must be a finite number > 0; "
                                         r"got -1.0"):
        from_frame(new.assign(rate=-1.0))


def test_frame_round_trip_is_exact():
    assert from_frame(to_frame(RECORDS)) == RECORDS
    assert from_frame(to_frame([])) == []
    assert tuple(to_frame([]).columns) == COLUMNS


def test_from_frame_optional_columns_and_nan():
    df = pd.DataFrame({"time": [0.0, 2.0], "drug": ["denosumab", "Vit D"], "amt": [60, 800],
                       "unit": ["mg", "iu"], "route": ["sc", "po"], "addl": [np.nan, 1.0],
                       "ii": [np.nan, 1.0]})
    recs = from_frame(df)
    assert recs[0] == Dose(0, "denosumab", 60, "mg", "sc")
    assert recs[1] == Dose(2, "vitamin_d", 800, "IU", "oral", ii=1, addl=1)


def test_from_frame_errors_name_column_or_row():
    good = to_frame(RECORDS)
    with pytest.raises(InputError, match=r"unknown column 'dose'; allowed: time, drug, amt"):
        from_frame(good.assign(dose=1))
    with pytest.raises(InputError, match=r"unknown column 'ammt' \(did you mean 'amt'\?\)"):
        from_frame(good.rename(columns={"amt": "ammt"}))
    with pytest.raises(InputError, match=r"lacks column\(s\) route"):
        from_frame(good.drop(columns="route"))
    bad = good.copy()
    bad.loc[2, "amt"] = -5.0
    with pytest.raises(InputError, match=r"dose table row 2: Dose.amt must be a finite number > 0; got -5"):
        from_frame(bad)
    with pytest.raises(InputError, match="DataFrame"):
        from_frame(RECORDS)  # type: ignore[arg-type]
    with pytest.raises(InputError, match="Dose records"):
        to_frame(["denosumab"])  # type: ignore[list-item]


def test_a_continuous_infusion_in_iu_per_day_for_a_drug_dosed_in_iu():
    # 'vitamin D 800 IU/day ... continuous infusion' was refused ('unknown dose unit'), and
    # Dose(..., "IU/day", ...) suggested ug/day, 40 times the dose, while 800 IU daily was taken
    import osteon

    text = "vitamin D 800 IU/day oral continuous infusion for 30 days"
    r = parse(text)
    (d,) = r.expand()
    assert (d.amt, d.unit, d.duration) == (800.0, "IU/day", 30.0)
    assert parse(str(r)) == r
    assert Dose(0, "vitamin D", 800, "iu/day", "oral", duration=30) == d
    row = to_frame([d]).iloc[0]  # NONMEM's form: the total in IU, the rate per day
    assert (row["amt"], row["unit"], row["rate"], row["duration"]) == (24000.0, "IU", 800.0, 30.0)
    assert from_frame(to_frame([d])) == [d]
    # the drug's IU (40 IU = 1 ug cholecalciferol) as for its IU doses: the same run as 20 ug/day
    iu = osteon.simulate("osteon", text, duration=40, save=5)
    ug = osteon.simulate("osteon", "vitamin D 20 ug/day oral continuous infusion for 30 days",
                         duration=40, save=5)
    np.testing.assert_allclose(iu.values, ug.values, rtol=1e-9, atol=0)
    assert iu["vitamin_d_25ohd_supplement"][0, -1] > iu["vitamin_d_25ohd_supplement"][0, 0]
    # a drug not dosed in IU refuses it, naming its units and what was given
    with pytest.raises(InputError, match=r"calcium .*dose unit must be one of mg, g, .*; got "
                                         r"'IU/day'"):
        osteon.simulate("osteon", "calcium 800 IU/day oral continuous infusion for 30 days",
                        duration=40)
