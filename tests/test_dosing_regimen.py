"""Regimens: structure, end convention, stop/holiday/delay, calendar, adherence, events."""

import datetime as dt
import math
import re
import sys
import types

import pytest

from osteon.dosing import Dose, Regimen, parse, to_frame
from osteon.errors import InputError
from osteon.events import Bolus
from osteon.units import DAYS_PER_MONTH, DAYS_PER_YEAR

DMAB = Dose(0, "denosumab", 60, "mg", "sc", ii="6 months", addl=1)  # q6mo x 2


def times(r, until=None):
    return [d.time for d in r.expand(until)]


# ------------------------------------------------------------------------------------------------
# construction and end
# ------------------------------------------------------------------------------------------------

def test_regimen_of_records_expands_like_the_records():
    a = Dose(3, "denosumab", 60, "mg", "sc", ii=10, addl=4)
    b = Dose(0, "calcium", 1000, "mg", "oral", ii=1, addl=20)
    r = Regimen(a, b)
    # by time, then drug: at day 3 calcium before denosumab, whatever the order written
    assert r.expand() == sorted(a.expand() + b.expand(), key=lambda d: (d.time, d.drug))
    assert r.drugs == ("denosumab", "calcium")


def test_end_is_one_interval_after_the_last_dose():
    r = Regimen(DMAB)
    assert times(r) == [0, 6 * DAYS_PER_MONTH]
    assert r.end == 12 * DAYS_PER_MONTH == DAYS_PER_YEAR
    assert Regimen(Dose(0, "zoledronic acid", 5, "mg", "iv")).end == 0.0  # once: no interval
    assert Regimen(Dose(0, "teriparatide", 20, "ug/day", "sc", duration=90)).end == 90.0
    assert Regimen(Dose(0, "zoledronic acid", 5, "mg", "iv", duration=0.5)).end == 0.5
    assert Regimen(Dose(30, "denosumab", 60, "mg", "sc")).end == 30.0


def test_needs_doses():
    with pytest.raises(InputError, match="at least one Dose"):
        Regimen()
    with pytest.raises(InputError, match="Dose records"):
        Regimen("denosumab 60 mg sc once")  # type: ignore[arg-type]


def test_then_starts_when_the_previous_ends():
    a, b = Regimen(DMAB), parse("alendronate 70 mg oral weekly x 3")
    r = a.then(b)
    assert times(r) == [0, 6 * DAYS_PER_MONTH, DAYS_PER_YEAR, DAYS_PER_YEAR + 7, DAYS_PER_YEAR + 14]
    assert r.end == DAYS_PER_YEAR + 21
    assert [d.drug for d in r.expand()] == ["denosumab"] * 2 + ["alendronate"] * 3
    # then() flattens: (a then b) then c == a then (b then c)
    c = parse("zoledronic acid 5 mg iv once")
    assert a.then(b).then(c) == a.then(b.then(c))


def test_then_after_open_ended_is_an_error_naming_the_problem():
    open_ended = parse("raloxifene 60 mg oral daily")
    assert open_ended.end == math.inf and open_ended.is_open_ended
    with pytest.raises(InputError, match=r"'raloxifene 60 mg oral daily': it is open-ended \(end = inf"):
        open_ended.then(Regimen(DMAB))
    stopped = open_ended.stop("1 year")
    assert not stopped.is_open_ended and stopped.end == DAYS_PER_YEAR
    assert stopped.then(Regimen(DMAB)).expand()[-1].time == DAYS_PER_YEAR + 6 * DAYS_PER_MONTH


def test_plus_is_concurrent_from_time_zero():
    a = parse("denosumab 60 mg sc q6mo x 2")
    b = parse("calcium 1000 mg oral every 100 days x 4")
    r = a + b
    assert times(r) == sorted(times(a) + times(b))
    assert r.end == max(a.end, b.end) == 400
    assert (a + b) + a == a + (b + a)  # flattened
    assert sum([a, b]) == a + b
    assert a + DMAB == a + Regimen(DMAB)
    assert a + "zoledronic acid 5 mg iv once" == a + parse("zoledronic acid 5 mg iv once")
    with pytest.raises(InputError, match="combined with a Regimen, a Dose or a prescription text"):
        a + 3


def test_plus_is_commutative_in_records_equality_and_table():
    # the same drug at the same time from both parts (two amounts), another drug beside it,
    # and a dose group of two drugs written in either order
    a = parse("alendronate 70 mg oral weekly for 8 weeks and calcium 500 mg oral daily for 8 weeks")
    b = parse("alendronate 35 mg oral weekly for 4 weeks")
    g1 = parse("calcium 500 mg + vitamin D 20 ug oral daily x 10")
    g2 = parse("vitamin D 20 ug + calcium 500 mg oral daily x 10")
    assert g1 == g2 and hash(g1) == hash(g2)
    for x, y in ((a + b, b + a), (a + g1, g2 + a), (b + Regimen(DMAB), Regimen(DMAB) + b)):
        assert x == y and hash(x) == hash(y)
        assert x.expand() == y.expand()
        assert x.to_frame().equals(y.to_frame())
        ax, ay = x.with_adherence(0.6, 7), y.with_adherence(0.6, 7)
        assert ax == ay and ax.expand() == ay.expand()
    # ordered by time, then drug, then amount: at day 0, alendronate 35 before 70, then calcium
    head = (a + b).to_frame().iloc[:3]
    assert list(zip(head["drug"], head["amt"], strict=True)) == [
        ("alendronate", 35.0), ("alendronate", 70.0), ("calcium", 500.0)]
    assert a + b != a + a  # still a multiset: counts matter
    assert a.then(b) != b.then(a)  # a sequence keeps its order


def test_plus_in_either_order_simulates_the_same_model_and_result():
    import numpy as np

    import osteon

    a = parse("alendronate 70 mg oral weekly for 4 weeks")
    b = parse("denosumab 60 mg sc once")
    x = osteon.simulate("osteon", a + b, duration="30 days").to_pandas()
    y = osteon.simulate("osteon", b + a, duration="30 days").to_pandas()
    assert list(x.columns) == list(y.columns)
    num = x.select_dtypes("number").columns
    np.testing.assert_array_equal(x[num].to_numpy(), y[num].to_numpy())


def test_expand_open_ended_needs_until_and_until_is_strict():
    r = parse("raloxifene 60 mg oral daily")
    with pytest.raises(InputError, match=r"open-ended .* expand\(until=...\)"):
        r.expand()
    assert times(r, until=5) == [0, 1, 2, 3, 4]
    assert len(r.expand("1 year")) == 366  # days 0..365 < 365.25
    assert times(parse("denosumab 60 mg sc q6mo x 4"), until=6 * DAYS_PER_MONTH) == [0.0]


# ------------------------------------------------------------------------------------------------
# stop, holiday, delay
# ------------------------------------------------------------------------------------------------

def test_stop_drops_doses_at_or_after_and_truncates_infusions():
    r = parse("alendronate 70 mg oral weekly x 10")
    assert times(r.stop(21)) == [0, 7, 14]
    assert r.stop(21).end == 21
    assert r.stop(1000).end == r.end == 70
    inf = Regimen(Dose(0, "teriparatide", 20, "ug/day", "sc", duration=90))
    (cut,) = inf.stop(30).expand()
    assert (cut.duration, cut.amt) == (30.0, 20.0)  # a rate: amt unchanged
    zero_order = Regimen(Dose(0, "x", 10, "mg", "iv", duration=4))
    (half,) = zero_order.stop(1).expand()
    assert (half.duration, half.amt) == (1.0, 2.5)
    by_rate = Regimen(Dose(0, "x", 10, "mg", "iv", rate=2.0))
    (part,) = by_rate.stop(1).expand()
    assert (part.rate, part.amt) == (2.0, 2.0)
    assert r.stop(0).expand() == []


def test_holiday_removes_doses_in_half_open_window():
    r = parse("alendronate 70 mg oral weekly x 10")
    assert times(r.holiday(14, 35)) == [0, 7, 35, 42, 49, 56, 63]
    assert r.holiday(14, 35).end == r.end
    inf = Regimen(Dose(0, "teriparatide", 20, "ug/day", "sc", duration=90))
    parts = inf.holiday(30, 60).expand()
    assert [(d.time, d.duration) for d in parts] == [(0, 30), (60, 30)]
    with pytest.raises(InputError, match=r"holiday.end must be > holiday.start"):
        r.holiday(10, 10)


def test_delay_shifts_everything():
    r = parse("denosumab 60 mg sc q6mo x 2")
    assert times(r.delay(30)) == [30, 30 + 6 * DAYS_PER_MONTH]
    assert r.delay("1 year").end == 2 * DAYS_PER_YEAR
    assert r.delay(0) == r
    with pytest.raises(InputError, match=r"delay.t must be >= 0 days; got -1"):
        r.delay(-1)


# ------------------------------------------------------------------------------------------------
# calendar
# ------------------------------------------------------------------------------------------------

# month ends, leap days (2024-02-29, 2028-02-29 crossed), a mid-year start, a year end
START_DATES = [None, "2024-01-31", "2024-07-01", "2024-02-29", "2024-03-01", "2023-08-31",
               "2025-12-31", "2027-10-31"]


def doses_given(r, start):
    """The indices (from 0) of the doses of ``r`` kept by a modifier ``m(r)``: the time of each
    kept dose among the unmodified regimen's, on the same calendar."""
    return lambda m: [times(r.starting(start)).index(t) for t in times(m(r).starting(start))]


@pytest.mark.parametrize("start", START_DATES)
def test_stop_and_holiday_keep_the_same_doses_whatever_the_start_date(start):
    # a sweep found: from 2024-07-01 the holiday from 1 year to 18 months did nothing (its limits
    # stayed at day 365.25 and 547.875 while the doses moved to days 365 and 549); from
    # 2024-01-31 it also dropped the 18-month dose; from 2024-03-01 a stop at 1 year kept the
    # 12-month dose (day 365 < 365.25)
    q6 = doses_given(parse("denosumab 60 mg sc q6mo x 4"), start)
    assert q6(lambda r: r.holiday("1 year", "18 months")) == [0, 1, 3]  # 12 mo withheld, 18 given
    assert q6(lambda r: r.stop("1 year")) == [0, 1]
    assert q6(lambda r: r.stop("18 months")) == [0, 1, 2]
    assert q6(lambda r: r.holiday("6 months", "1.5 years")) == [0, 3]
    monthly = doses_given(parse("romosozumab 210 mg sc monthly x 24"), start)
    assert monthly(lambda r: r.holiday("6 months", "1 year")) == [*range(6), *range(12, 24)]
    assert monthly(lambda r: r.stop("2 years")) == list(range(24))
    # the prescription words mean the same as the methods
    text = "denosumab 60 mg sc q6mo x 4 holiday from 1 year to 18 months"
    assert q6(lambda r: parse(text)) == [0, 1, 3]
    assert q6(lambda r: parse("denosumab 60 mg sc q6mo x 4 until 1 year")) == [0, 1]


@pytest.mark.parametrize("start", START_DATES[1:])
def test_calendar_modifier_limits_are_the_calendar_dates(start):
    s = dt.date.fromisoformat(start)
    r = parse("alendronate 70 mg oral daily for 3 years").starting(start)

    def day(years=0, months=0):  # the calendar date that many months on, clamped to the month end
        m = s.month - 1 + months + 12 * years
        y, mo = s.year + m // 12, m % 12 + 1
        last = (dt.date(y + mo // 12, mo % 12 + 1, 1) - dt.timedelta(days=1)).day
        return (dt.date(y, mo, min(s.day, last)) - s).days

    assert times(r.stop("1 year"))[-1] == day(1) - 1
    assert r.stop("1 year").end == day(1)
    held = sorted(set(times(r)) - set(times(r.holiday("1 year", "18 months"))))
    assert (held[0], held[-1]) == (day(1), day(0, 18) - 1)
    assert times(r.delay("6 months"))[0] == day(0, 6)
    # days stay days: a start date moves nothing given as 'day N', a number or 'N days'
    assert r.stop(365).end == r.stop("365").end == r.stop("365 days").end == 365
    assert r.holiday(100, 200) == r.holiday("100 days", "200 days")


def test_calendar_modifiers_count_from_their_stage():
    # the 'from' of the second stage counts from that stage's start, on the calendar
    r = parse("denosumab 60 mg sc monthly x 1 then (alendronate 70 mg oral monthly x 3 "
              "holiday from 1 month to 2 months) starting 2026-01-31")
    assert list(r.to_frame()["date"]) == [dt.date(2026, 1, 31), dt.date(2026, 2, 28),
                                          dt.date(2026, 4, 28)]
    # a window a calendar makes empty removes nothing (from Jan 31, 1 month on is day 28 < 29)
    daily = parse("alendronate 70 mg oral daily x 40").starting("2026-01-31")
    assert daily.holiday(29, "1 month").expand() == daily.expand()
    assert len(daily.starting(None).holiday(29, "1 month").expand()) == 38  # days 29, 30 < 30.44


def test_modifier_times_text_round_trips():
    r = parse("denosumab 60 mg sc q6mo x 4 holiday from 1 year to 18 months from 2 weeks "
              "until 3 yrs starting 2024-07-01")
    assert str(r) == ("denosumab 60 mg sc every 6 months x 4 holiday from 1 year to 18 months "
                      "from day 14 until 3 years starting 2024-07-01")
    assert parse(str(r)) == r
    base = parse("denosumab 60 mg sc q6mo x 4")
    assert base.stop("2 years") != base.stop(2 * DAYS_PER_YEAR)  # a calendar span, not 730.5 d
    assert base.stop("2 years").starting(None).expand() == base.stop(2 * DAYS_PER_YEAR).expand()
    assert base.stop("0 months") == base.stop(0)
    with pytest.raises(InputError, match=r"stop.at must be >= 0 days; got '-1 year'"):
        base.stop("-1 year")
    with pytest.raises(InputError, match=r"holiday.end must be > holiday.start \(365.25 d\); "
                                         r"got '12 months'"):
        base.holiday("1 year", "12 months")


def test_monthly_from_jan_31_clamps_to_month_end():
    r = parse("romosozumab 210 mg sc monthly x 12").starting("2026-01-31")
    df = r.to_frame()
    assert list(df["date"][:5]) == [dt.date(2026, 1, 31), dt.date(2026, 2, 28), dt.date(2026, 3, 31),
                                    dt.date(2026, 4, 30), dt.date(2026, 5, 31)]
    assert df["date"].iloc[-1] == dt.date(2026, 12, 31)
    assert list(df["time"][:3]) == [0.0, 28.0, 59.0]
    assert r.end == (dt.date(2027, 1, 31) - dt.date(2026, 1, 31)).days == 365


def test_calendar_lengths_and_leap_days():
    daily = parse("teriparatide 20 ug sc daily for 2 years")
    assert len(daily.expand()) == 731  # 730.5 days without a calendar
    assert len(daily.starting(dt.date(2026, 1, 15)).expand()) == 730  # 2026-01-15 -> 2028-01-15
    assert len(daily.starting(dt.date(2027, 6, 1)).expand()) == 731  # across 2028-02-29
    yearly = parse("zoledronic acid 5 mg iv yearly x 3").starting(dt.datetime(2024, 2, 29, 12))
    assert [d for d in yearly.to_frame()["date"]] == [dt.date(2024, 2, 29), dt.date(2025, 2, 28),
                                                      dt.date(2026, 2, 28)]
    monthly = parse("denosumab 60 mg sc monthly for 12 months").starting("2026-01-31")
    assert len(monthly.expand()) == 12


def test_calendar_sequence_starts_at_calendar_end():
    r = parse("denosumab 60 mg sc monthly x 1 then alendronate 70 mg oral monthly x 2 starting 2026-01-31")
    assert r.start_date == dt.date(2026, 1, 31)
    assert list(r.to_frame()["date"]) == [dt.date(2026, 1, 31), dt.date(2026, 2, 28), dt.date(2026, 3, 28)]


def test_start_date_round_trips_through_the_frame():
    r = parse("denosumab 60 mg sc q6mo x 4").starting("2026-01-31")
    back = Regimen.from_frame(r.to_frame())
    assert back.start_date == dt.date(2026, 1, 31)
    assert back.expand() == r.expand()
    assert "date" not in r.to_frame(dates=False)
    assert "date" not in parse("denosumab 60 mg sc q6mo x 4").to_frame()
    df = r.to_frame()
    df.loc[1, "date"] = dt.date(2030, 1, 1)
    with pytest.raises(InputError, match="column 'date' must be the start date plus the whole days"):
        Regimen.from_frame(df)
    # a start_date does not re-date a table that says otherwise (it silently replaced the
    # dates: API sweep #14); one that agrees with the dates is taken
    with pytest.raises(InputError, match=r"'date' must be start_date \(2026-01-31\) plus the whole "
                                         r"days of 'time' on every row; row 1 \(time 181\) is "
                                         r"dated 2030-01-01, not 2026-07-31"):
        Regimen.from_frame(df, start_date="2026-01-31")
    with pytest.raises(InputError, match=r"row 0 \(time 0\) is dated 2026-01-31, not 2020-01-01"):
        Regimen.from_frame(r.to_frame(), start_date="2020-01-01")
    assert Regimen.from_frame(r.to_frame(), start_date="2026-01-31").start_date == dt.date(2026, 1, 31)


def test_start_date_errors():
    r = parse("denosumab 60 mg sc once")
    with pytest.raises(InputError, match=r"start date must be .* ISO date .*; got '31/01/2026'"):
        r.starting("31/01/2026")
    with pytest.raises(InputError, match="different start dates"):
        r.starting("2026-01-01") + r.starting("2026-02-01")
    assert (r.starting("2026-01-01") + r).start_date == dt.date(2026, 1, 1)
    assert r.starting("2026-01-01").starting(None) == r


# ------------------------------------------------------------------------------------------------
# adherence
# ------------------------------------------------------------------------------------------------

def test_adherence_is_reproducible_and_near_p():
    base = parse("alendronate 70 mg oral daily for 10 years")
    a = base.with_adherence(0.8, seed=7)
    assert a.expand() == a.expand() == base.with_adherence(0.8, seed=7).expand()
    assert a.expand() != base.with_adherence(0.8, seed=8).expand()
    n_all, n_kept = len(base.expand()), len(a.expand())
    assert n_all == 3653
    assert abs(n_kept / n_all - 0.8) < 0.03  # binomial sd = 0.0066
    kept = {d.time for d in a.expand()}
    assert kept < {d.time for d in base.expand()}


def test_adherence_one_is_identical_and_infusions_are_kept():
    base = parse("alendronate 70 mg oral weekly x 50")
    assert base.with_adherence(1.0, seed=3).expand() == base.expand()
    inf = parse("teriparatide 20 ug/day sc continuous infusion for 7 days every month x 20")
    assert inf.with_adherence(0.1, seed=0).expand() == inf.expand()


def test_adherence_does_not_depend_on_until():
    r = parse("raloxifene 60 mg oral daily").with_adherence(0.5, seed=11)
    short, long = r.expand(100), r.expand(1000)
    assert long[:len(short)] == short
    assert 30 < len(short) < 70


@pytest.mark.parametrize("p", [0, -0.1, 1.5, float("nan"), "0.5", True])
def test_adherence_probability_domain(p):
    with pytest.raises(InputError, match=r"adherence probability must be a number in \(0, 1\]"):
        parse("alendronate 70 mg oral weekly x 5").with_adherence(p, seed=1)


def test_adherence_seed_domain():
    with pytest.raises(InputError, match="adherence seed must be a whole number >= 0; got -1"):
        parse("alendronate 70 mg oral weekly x 5").with_adherence(0.5, seed=-1)


# ------------------------------------------------------------------------------------------------
# frames, text, events
# ------------------------------------------------------------------------------------------------

def test_to_frame_and_from_frame_round_trip_records():
    r = parse("dasatinib 100 mg + quercetin 1000 mg oral daily x 3 days every month x 6")
    df = r.to_frame()
    assert len(df) == 36 and list(df.columns[:10]) == ["time", "drug", "amt", "unit", "route", "cmt", "ii",
                                                        "addl", "rate", "duration"]
    back = Regimen.from_frame(df)
    assert back.expand() == r.expand()
    assert to_frame(back.expand()).equals(df)


def test_text_and_repr():
    r = Regimen(DMAB)
    assert str(r) == r.format() == "denosumab 60 mg sc every 182.625 days x 2"
    assert parse(str(r)) == r
    assert repr(r) == "Regimen.parse('denosumab 60 mg sc every 182.625 days x 2')"
    assert Regimen.parse("denosumab 60 mg sc q6mo x 2") == parse("denosumab 60 mg sc every 6 months x 2")
    assert hash(parse("denosumab 60 mg sc q6mo x 2")) == hash(parse("Denosumab 60 MG SC  q6m x 2"))


def test_events_call_the_drug_layer(monkeypatch):
    calls = []

    def dose_events(record, model):
        calls.append((record, model))
        return [Bolus(record.time, "depot", record.amt)]

    monkeypatch.setitem(sys.modules, "osteon.drugs", types.SimpleNamespace(dose_events=dose_events))
    r = parse("denosumab 60 mg sc q6mo x 3")
    events = r.events("MODEL")
    assert [e.time for e in events] == times(r)
    assert all(m == "MODEL" for _, m in calls) and [c[0] for c in calls] == r.expand()
    open_ended = parse("raloxifene 60 mg oral daily")
    assert len(open_ended.events("MODEL", until="10 days")) == 10
    with pytest.raises(InputError, match="open-ended"):
        open_ended.events("MODEL")


def test_events_without_the_drug_layer_is_a_clear_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "osteon.drugs", None)  # import fails
    with pytest.raises(InputError, match=r"the drug layer is not available \(osteon.drugs.dose_events"):
        parse("denosumab 60 mg sc q6mo x 3").events("MODEL")


def test_regimen_is_immutable():
    r = Regimen(DMAB)
    with pytest.raises(AttributeError, match="Regimen is immutable"):
        r._node = None  # type: ignore[misc]
    with pytest.raises(AttributeError):
        r.node.body = None  # type: ignore[union-attr]
    assert r == Regimen(DMAB)


@pytest.mark.parametrize("text", [
    "denosumab 60 mg sc x 1 then zoledronic acid 5 mg iv x 1",
    "denosumab 60 mg sc once then zoledronic acid 5 mg iv x 1",
    "romosozumab 210 mg sc x 1 then alendronate 70 mg oral weekly",
    "zoledronic acid 5 mg iv over 15 minutes x 1 then alendronate 70 mg oral weekly",
    "denosumab 60 mg sc x 1 from day 30 then zoledronic acid 5 mg iv x 1",
    "denosumab 60 mg sc x 1 until day 30 then zoledronic acid 5 mg iv x 1",
    "(denosumab 60 mg sc x 1 and calcium 1000 mg oral once) then zoledronic acid 5 mg iv x 1",
    "denosumab 60 mg sc q6mo x 2 then zoledronic acid 5 mg iv once then alendronate 70 mg oral weekly",
])
def test_then_after_a_single_dose_is_refused_not_given_at_once(text):
    # a single dose has no length: 'then' started the next drug with it, as 'and' does
    with pytest.raises(InputError, match=r"has no length .* so 'then' cannot tell when the next "
                       r"drug starts .*'and' to give both at once \(at 'then', word \d+\)"):
        parse(text)


def test_then_after_a_single_dose_names_the_stage_and_the_form_to_write():
    with pytest.raises(InputError, match=r"'denosumab 60 mg sc x 1' has no length .*write "
                       r"'denosumab 60 mg sc every 6 months x 1 then \.\.\.' \(the next starts one "
                       r"dosing interval, 6 months, later\), or 'and'"):
        parse("denosumab 60 mg sc x 1 then zoledronic acid 5 mg iv x 1")
    with pytest.raises(InputError, match=r"'zoledronic acid 5 mg iv once' has no length .*write "
                       r"'zoledronic acid 5 mg iv yearly x 1 then \.\.\.'"):
        parse("denosumab 60 mg sc q6mo x 2 then zoledronic acid 5 mg iv once then "
              "alendronate 70 mg oral weekly")
    with pytest.raises(InputError, match=r"'\(a 1 mg sc once and b 1 mg sc once\)' has no length"
                       r".*'every N days\|weeks\|months\|years x 1 then \.\.\.'"):
        parse("(a 1 mg sc once and b 1 mg sc once) then c 1 mg sc once")
    # the Python API too
    with pytest.raises(InputError, match=r"'denosumab 60 mg sc once' has no length"):
        parse("denosumab 60 mg sc once").then(parse("zoledronic acid 5 mg iv once"))
    with pytest.raises(InputError, match=r"'zoledronic acid 5 mg iv once' has no length"):
        Regimen(Dose(0, "zoledronic acid", 5, "mg", "iv")).then(Regimen(DMAB))


def test_then_after_a_stage_with_a_length_starts_the_next_when_it_ends():
    # one dosing interval, a length, a continuous infusion or a stop gives the stage an end
    r = parse("denosumab 60 mg sc q6mo x 1 then zoledronic acid 5 mg iv x 1")
    assert times(r) == [0, 6 * DAYS_PER_MONTH]
    assert times(parse("denosumab 60 mg sc every 6 months for 6 months then zoledronic acid 5 mg iv "
                       "once")) == [0, 6 * DAYS_PER_MONTH]
    assert times(parse("teriparatide 20 ug/day sc continuous infusion for 90 days then denosumab "
                       "60 mg sc once")) == [0, 90]
    assert times(parse("denosumab 60 mg sc q6mo x 2 until day 30 then zoledronic acid 5 mg iv "
                       "once")) == [0, 30]
    # concurrent parts: the one that ends last has a length
    assert times(parse("(denosumab 60 mg sc q6mo x 1 and calcium 1000 mg oral once) then "
                       "zoledronic acid 5 mg iv once")) == [0, 0, 6 * DAYS_PER_MONTH]
    # a single dose as the last stage is fine: nothing starts after it
    assert times(parse("denosumab 60 mg sc q6mo x 1 then zoledronic acid 5 mg iv once")) == [
        0, 6 * DAYS_PER_MONTH]


@pytest.mark.parametrize("delay", ["12 months", "13 months", "day 400"])
def test_then_after_a_group_that_a_delayed_single_dose_ends_is_refused(delay):
    # the zoledronic acid given by 'from' when denosumab's course ends (12 months) or later set
    # the group's end, so alendronate started on its day, as 'and' would; now refused as 'x 1
    # then' is, with the form that gives the dose its dosing interval
    group = (f"(denosumab 60 mg sc q6mo x 2 and zoledronic acid 5 mg iv once from {delay}) then "
             "alendronate 70 mg oral weekly")
    with pytest.raises(InputError, match=re.escape(
            f"'(denosumab 60 mg sc q6mo x 2 and zoledronic acid 5 mg iv once from {delay})' has no "
            "length") + r".*write '\(denosumab 60 mg sc every 6 months x 2 and zoledronic acid 5 "
            r"mg iv yearly x 1 from .*\) then \.\.\.' \(the next starts one dosing interval, 1 "
            r"year, later\), or 'and'"):
        parse(group)
    with pytest.raises(InputError, match="has no length"):  # the Python API too
        (parse("denosumab 60 mg sc q6mo x 2") + parse(f"zoledronic acid 5 mg iv once from {delay}")
         ).then(parse("alendronate 70 mg oral weekly"))
    # the form the error offers: alendronate one year after the zoledronic acid
    fixed = parse(group.replace("iv once", "iv yearly x 1"))
    zol = [d.time for d in fixed.expand(until=2000) if d.drug == "zoledronic_acid"]
    aln = [d.time for d in fixed.expand(until=2000) if d.drug == "alendronate"]
    assert aln[0] == pytest.approx(zol[0] + 365.25) and len(zol) == 1


def test_a_single_dose_inside_a_groups_course_leaves_its_end_to_the_course():
    # given before denosumab's course ends, the zoledronic acid is inside it: the next starts
    # when the course ends, one dosing interval after the last denosumab
    r = parse("(denosumab 60 mg sc q6mo x 2 and zoledronic acid 5 mg iv once from 6 months) then "
              "alendronate 70 mg oral weekly x 2")
    assert [(round(d.time, 4), d.drug) for d in r.expand()] == [
        (0, "denosumab"), (182.625, "denosumab"), (182.625, "zoledronic_acid"),
        (365.25, "alendronate"), (372.25, "alendronate")]


def test_adherence_draws_per_drug_so_adding_a_drug_keeps_the_others_missed_doses():
    """'alendronate' and 'alendronate + calcium' with the same seed missed different
    alendronate doses (one stream for every drug's doses in time order)."""
    a = parse("alendronate 70 mg oral weekly for 8 weeks")
    c = parse("calcium 500 mg oral daily for 8 weeks")
    for seed in range(5):
        alone = [x.time for x in a.with_adherence(0.5, seed).expand()]
        both = (a + c).with_adherence(0.5, seed).expand()
        assert [x.time for x in both if x.drug == "alendronate"] == alone
        calcium = [x.time for x in c.with_adherence(0.5, seed).expand()]
        assert [x.time for x in both if x.drug == "calcium"] == calcium
    # the streams differ between drugs: the same schedule is not missed on the same days
    same = parse("alendronate 70 mg + risedronate 5 mg oral daily for 8 weeks")
    doses = same.with_adherence(0.5, 1).expand()
    assert ({x.time for x in doses if x.drug == "alendronate"}
            != {x.time for x in doses if x.drug == "risedronate"})
