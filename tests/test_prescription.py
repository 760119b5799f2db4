"""The prescription language: examples, variants, errors, canonical text."""

import datetime as dt
import math

import pytest

from osteon.dosing import Dose, PrescriptionError, Regimen, format_prescription, parse
from osteon.dosing import prescription as rx
from osteon.errors import InputError
from osteon.units import DAYS_PER_MONTH, DAYS_PER_YEAR

M, Y = DAYS_PER_MONTH, DAYS_PER_YEAR


def recs(text, until=None):
    return parse(text).expand(until)


def times(text, until=None, drug=None):
    return [d.time for d in recs(text, until) if drug is None or d.drug == drug]


# ------------------------------------------------------------------------------------------------
# the examples
# ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "n", "interval", "end"), [
    ("denosumab 60 mg sc q6mo x 6", 6, 6 * M, 36 * M),
    ("denosumab 60 mg sc q6mo x 20", 20, 6 * M, 10 * Y),
    ("zoledronic acid 5 mg iv yearly x 3", 3, Y, 3 * Y),
    ("alendronate 70 mg oral weekly for 5 years", 261, 7, 5 * Y),  # 7k < 1826.25 -> k <= 260
    ("abaloparatide 80 ug sc daily for 18 months", 548, 1, 18 * M),  # 547.875 d
    ("teriparatide 20 ug sc daily for 21 months", 640, 1, 21 * M),  # 639.1875 d
    ("estradiol 1 mg oral daily for 3 years", 1096, 1, 3 * Y),  # 1095.75 d
])
def test_single_stage_examples(text, n, interval, end):
    r = parse(text)
    out = r.expand()
    assert [d.time for d in out] == pytest.approx([k * interval for k in range(n)], abs=1e-9)
    assert r.end == pytest.approx(end, abs=1e-9)
    assert len({(d.drug, d.amt, d.unit, d.route, d.cmt) for d in out}) == 1
    assert all(d.ii == 0 and d.addl == 0 and d.rate is None and d.duration is None for d in out)


def test_amounts_units_routes_and_drug_ids():
    (d,) = recs("zoledronic acid 5 mg iv once")
    assert (d.drug, d.amt, d.unit, d.route, d.cmt) == ("zoledronic_acid", 5.0, "mg", "iv", None)
    d = recs("denosumab 60 mg sc q6mo x 6")[0]
    assert (d.drug, d.amt, d.unit, d.route) == ("denosumab", 60.0, "mg", "sc")
    d = recs("abaloparatide 80 ug sc daily for 18 months")[0]
    assert (d.amt, d.unit) == (80.0, "ug")
    d = recs("alendronate 70 mg oral weekly for 5 years")[0]
    assert d.route == "oral"


def test_single_doses_end_when_given():
    once, x1 = parse("zoledronic acid 5 mg iv once"), parse("zoledronic acid 5 mg iv x 1")
    assert once == x1
    assert times("zoledronic acid 5 mg iv once") == [0.0] and once.end == 0.0
    yearly_once = parse("zoledronic acid 5 mg iv yearly x 1")
    assert times("zoledronic acid 5 mg iv yearly x 1") == [0.0] and yearly_once.end == Y


def test_sequence_starts_where_the_previous_ends():
    text = "teriparatide 20 ug sc daily for 2 years then denosumab 60 mg sc q6mo for 3 years"
    r = parse(text)
    t_pth = times(text, drug="teriparatide")
    t_dmab = times(text, drug="denosumab")
    assert t_pth == [float(k) for k in range(731)]  # 0..730 < 730.5
    assert t_dmab == pytest.approx([2 * Y + k * 6 * M for k in range(6)])
    assert r.end == pytest.approx(5 * Y)


def test_sequence_into_open_ended():
    text = "romosozumab 210 mg sc monthly x 12 then alendronate 70 mg oral weekly"
    r = parse(text)
    assert r.is_open_ended and r.end == math.inf
    assert times(text, until=2 * Y, drug="romosozumab") == pytest.approx([k * M for k in range(12)])
    alen = times(text, until=2 * Y, drug="alendronate")
    assert alen[0] == Y and alen[1] == Y + 7 and alen[-1] < 2 * Y <= alen[-1] + 7
    with pytest.raises(InputError, match="open-ended"):
        r.expand()


def test_three_stages():
    r = parse("a 1 mg sc weekly x 2 then b 2 mg sc weekly x 2 then c 3 mg sc once")
    assert [(d.drug, d.time) for d in r.expand()] == [("a", 0), ("a", 7), ("b", 14), ("b", 21), ("c", 28)]
    assert r.end == 28


def test_continuous_infusion():
    r = parse("teriparatide 20 ug/day sc continuous infusion for 6 months")
    (d,) = r.expand()
    assert (d.time, d.amt, d.unit, d.duration, d.rate) == (0.0, 20.0, "ug/day", 6 * M, None)
    assert r.end == 6 * M
    later = parse("teriparatide 20 ug/day sc continuous infusion for 6 months then denosumab 60 mg sc once")
    assert later.expand()[-1].time == 6 * M


def test_open_ended_examples():
    r = parse("raloxifene 60 mg oral daily")
    assert r.is_open_ended and times("raloxifene 60 mg oral daily", until=3) == [0, 1, 2]
    both = recs("calcium 1000 mg + vitamin D 800 IU oral daily", until=3)
    assert [(d.time, d.drug, d.amt, d.unit, d.route) for d in both] == [
        (t, drug, amt, unit, "oral") for t in (0.0, 1.0, 2.0)
        for drug, amt, unit in (("calcium", 1000.0, "mg"), ("vitamin_d", 800.0, "IU"))]


def test_dasatinib_quercetin_cycles():
    text = "dasatinib 100 mg + quercetin 1000 mg oral daily x 3 days every month x 6"
    r = parse(text)
    expected = [m * M + d for m in range(6) for d in range(3)]
    assert len(expected) == 18
    assert times(text, drug="dasatinib") == pytest.approx(expected)
    assert times(text, drug="quercetin") == pytest.approx(expected)
    assert {(d.drug, d.amt) for d in r.expand()} == {("dasatinib", 100.0), ("quercetin", 1000.0)}
    assert r.end == pytest.approx(6 * M)
    assert r == parse("dasatinib 100 mg + quercetin 1000 mg oral daily for 3 days monthly x 6")


def test_plus_shares_the_schedule_and_route():
    r = parse("calcium 1000 mg + vitamin D 800 IU oral daily x 4")
    assert [d.drug for d in r.expand()] == ["calcium", "vitamin_d"] * 4
    mixed = parse("zoledronic acid 5 mg iv + calcium 1000 mg oral once")
    # at one time, sorted by drug (the order written does not show in the records)
    assert [(d.drug, d.route) for d in mixed.expand()] == [("calcium", "oral"), ("zoledronic_acid", "iv")]


# ------------------------------------------------------------------------------------------------
# variants
# ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("variants", "n"), [
    (["q6mo", "q6m", "q 6 months", "every 6 months", "Q6MO", "every 6 mo"], 6 * M),
    (["every 2 weeks", "q2w", "q2wk", "fortnightly", "every 2 wk"], 14),
    (["qd", "once daily", "daily", "once a day", "every day", "q1d", "od"], 1),
    (["weekly", "qw", "once weekly", "once a week", "every week"], 7),
    (["monthly", "qm", "once a month", "every month", "q1mo"], M),
    (["yearly", "annually", "once a year", "every year", "q12mo", "qy"], Y),
    (["q12h", "every 12 hours", "every 0.5 days"], 0.5),
])
def test_frequency_variants(variants, n):
    for v in variants:
        assert times(f"drug 1 mg sc {v} x 3") == pytest.approx([0, n, 2 * n]), v


@pytest.mark.parametrize(("a", "b"), [
    ("x 4", "x 4 doses"),
    ("x 4", "x4"),
    ("x 4", "for 4 doses"),
    ("for 1 year", "for 12 months"),
    ("for 1 year", "x 1 year"),
    ("for 2 weeks", "for 14 days"),
    ("for 1 week", "x 7 days"),
])
def test_limit_variants_give_the_same_doses(a, b):
    assert times(f"drug 1 mg sc daily {a}") == times(f"drug 1 mg sc daily {b}")


@pytest.mark.parametrize(("a", "b"), [
    # the start may come before the limit, as in conditions ('from 6 months for 2 years'); it
    # failed with "unexpected word 'for' ...; expected ... 'for N ...'"
    ("alendronate 70 mg oral weekly from 6 months for 1 year",
     "alendronate 70 mg oral weekly for 1 year from 6 months"),
    ("denosumab 60 mg sc q6mo from day 30 x 4", "denosumab 60 mg sc q6mo x 4 from day 30"),
    ("calcium 1000 mg/day oral continuous infusion from 6 months for 2 years",
     "calcium 1000 mg/day oral continuous infusion for 2 years from 6 months"),
    ("d 1 mg oral daily x 3 days every month from 2 weeks x 6",
     "d 1 mg oral daily x 3 days every month x 6 from 2 weeks"),
    ("a 1 mg sc weekly from 6 months x 3 then b 1 mg sc once",
     "a 1 mg sc weekly x 3 from 6 months then b 1 mg sc once"),
    ("a 1 mg sc weekly from 1 year for 1 year until 6 months starting 2024-02-29",
     "a 1 mg sc weekly for 1 year from 1 year until 6 months starting 2024-02-29"),
])
def test_the_start_before_or_after_the_limit(a, b):
    assert parse(a) == parse(b)
    assert str(parse(a)) == str(parse(b))
    assert parse(str(parse(a))) == parse(a)


def test_a_start_before_the_limit_is_the_stage_start():
    text = "alendronate 70 mg oral weekly from 6 months for 1 year"
    r = parse(text)
    assert times(text)[0] == 6 * M and len(times(text)) == 53 and r.end == 6 * M + Y
    assert str(r) == "alendronate 70 mg oral weekly for 1 year from 6 months"
    # without a limit after it, 'from' stays a modifier of the (open-ended) stage
    assert parse("a 1 mg sc weekly from 6 months").is_open_ended


@pytest.mark.parametrize(("text", "word", "fragment"), [
    # a second limit, or a limit after a group: the message no longer offers 'for N ...' there
    ("alendronate 70 mg oral weekly x 4 from 6 months for 1 year", 11,
     "a count or length where none can be: 'for' at word 11; expected 'x N' or 'for N ...' only "
     "once per frequency, right after it or after its start ('weekly for 1 year from 6 months' or "
     "'weekly from 6 months for 1 year')"),
    ("(a 1 mg sc weekly) from 6 months for 1 year", 11, "a count or length where none can be"),
    ("a 1 mg sc weekly x 3 x 4", 8, "a count or length where none can be: 'x' at word 8"),
    # whose start: the cycle's or each repetition's? refused, with the form that says it
    ("a 1 mg sc daily from 2 weeks x 3 days every month x 6", 6,
     "a start inside a cycle: 'from' at word 6; expected 'from ...' after the cycle's last "
     "frequency and its limit ('daily x 3 days every month x 6 from 2 weeks')"),
])
def test_misplaced_limits_and_starts_say_where_they_go(text, word, fragment):
    with pytest.raises(PrescriptionError) as err:
        parse(text)
    assert err.value.word == word
    assert fragment in str(err.value)
    assert "expected 'then', 'and', 'x N'" not in str(err.value)


def test_for_n_counting():
    assert times("drug 1 mg sc daily for 7 days") == [0, 1, 2, 3, 4, 5, 6]
    assert times("drug 1 mg sc daily for 1 day") == [0]
    assert times("drug 1 mg sc weekly for 1 week") == [0]
    assert len(times("drug 1 mg sc daily for 2 years")) == 731
    assert parse("drug 1 mg sc daily for 7 days").end == 7


def test_units_decimals_case_and_whitespace():
    for unit in ("ug", "µg", "μg", "mcg", "UG"):
        assert recs(f"teriparatide 20 {unit} sc once")[0].unit == "ug"
    assert recs("calcium 1.5 g oral once")[0].amt == 1.5
    assert recs("x 2.5 mg oral once")[0].amt == 2.5
    assert recs("vitamin d 800 iu oral once")[0].unit == "IU"
    assert recs("teriparatide 20 ug/day sc continuous infusion for 6 months")[0].unit == "ug/day"
    assert recs("teriparatide 20 mcg/day sc infusion for 1 month")[0].unit == "ug/day"
    assert parse("  DENOSUMAB   60mg  SC\tQ6MO  x 6 ") == parse("denosumab 60 mg sc q6mo x 6")
    assert parse("calcium 1000 mg+vitamin D 800 IU po daily") == parse(
        "calcium 1000 mg + vitamin_d 800 IU oral daily")


def test_route_aliases():
    assert recs("a 1 mg po once")[0].route == "oral"
    assert recs("a 1 mg subcutaneous once")[0].route == "sc"
    assert recs("a 1 mg intravenous once")[0].route == "iv"
    assert recs("a 1 mg intramuscular once")[0].route == "im"
    assert recs("estradiol 50 ug transdermal once")[0].route == "transdermal"


@pytest.mark.parametrize(("name", "drug_id"), [
    ("zoledronate", "zoledronic_acid"),
    ("Zoledronic Acid", "zoledronic_acid"),
    ("vit d", "vitamin_d"),
    ("vitamin D3", "vitamin_d"),
    ("cholecalciferol", "vitamin_d"),
    ("PTH 1-34", "teriparatide"),
    ("E2", "estradiol"),
    ("OPG-Fc", "opg_fc"),
    ("some new drug", "some_new_drug"),
])
def test_drug_names_and_aliases(name, drug_id):
    assert recs(f"{name} 1 mg sc once")[0].drug == drug_id


def test_known_drugs():
    known = ["denosumab", "teriparatide", "zoledronic acid"]
    assert parse("zoledronate 5 mg iv once", known_drugs=known).drugs == ("zoledronic_acid",)
    with pytest.raises(PrescriptionError, match=r"unknown drug 'denosumb' at word 1 \(did you mean "
                       r"'denosumab'\?\); expected one of the known drugs: denosumab, teriparatide"):
        parse("denosumb 60 mg sc once", known_drugs=known)
    with pytest.raises(PrescriptionError, match=r"unknown drug 'opg fc' at word 9"):
        parse("denosumab 60 mg sc q6mo x 1 then opg fc 1 mg sc once", known_drugs=known)
    # the suggestion reads the aliases too: 'zoledronat' is one letter from 'zoledronate', and
    # was offered 'alendronate' (the closest id)
    everything = ["alendronate", "denosumab", "zoledronic_acid"]
    with pytest.raises(PrescriptionError, match=r"did you mean 'zoledronic acid'\?"):
        parse("zoledronat 5 mg iv once", known_drugs=everything)


# ------------------------------------------------------------------------------------------------
# errors
# ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "token", "word", "fragment"), [
    ("denosumab 60 kg sc q6mo", "kg", 3, "unknown dose unit 'kg' at word 3 (did you mean 'g'?); expected one "
                                         "of mg, ug, g, IU"),
    ("denosumab 0 mg sc q6mo", "0", 2, "bad dose amount '0' at word 2; expected a number > 0"),
    ("denosumab -60 mg sc q6mo", "-60", 2, "bad dose amount '-60' at word 2; expected a number > 0"),
    ("denosumab 6e1 mg sc q6mo", "6e1", 2, "bad dose amount '6e1' at word 2; expected a plain "
     "decimal number > 0, such as 60 or 2.5 (no exponent, no decimal comma)"),
    ("denosumab 1,5 mg sc", "1,5", 2, "bad dose amount '1,5' at word 2; expected a plain decimal"),
    ("denosumab 60 mg sc q6mo x 0", "0", 7, "bad dose count '0' at word 7; expected a whole number >= 1"),
    ("denosumab 60 mg sc q6mo x 1.5", "1.5", 7, "bad dose count '1.5' at word 7"),
    ("denosumab 60 mg sc biannually", "biannually", 5, "unknown frequency 'biannually' at word 5"),
    # the user story's typo: both words quoted, and the form that reads suggested
    ("denosumab 60 mg sc q6 mnths", "q6", 5, "unknown frequency 'q6 mnths' at word 5 (did you mean "
                                            "'q6mo', every 6 months?); expected a schedule"),
    ("denosumab 60 mg q6mo x 6", "q6mo", 4,
     "missing route before 'q6mo' at word 4; expected a route: one of sc"),
    ("raloxifene 60 mg oral daily then denosumab 60 mg sc once", "then", 6,
     "open-ended stage (no 'x N', 'for N ...' or 'until') before 'then' at word 6"),
    ("denosumab 60 mg sc x 3", "x", 5, "a count without a frequency: 'x' at word 5"),
    ("60 mg sc once", "60", 1, "missing drug name before '60' at word 1"),
    ("denosumab sc q6mo", "sc", 2, "missing dose amount before 'sc' at word 2"),
    ("teriparatide 20 ug/day sc daily", "daily", 5, "a rate unit (ug/day) is a continuous infusion"),
    ("teriparatide 20 ug sc continuous infusion for 6 months", "continuous", 5, "needs a rate unit"),
    ("denosumab 60 mg sc every 6 fortnights", "fortnights", 7, "unknown time unit 'fortnights' at word 7"),
    ("denosumab 60 mg sc q6mo for 0 years", "0", 7, "bad length '0' at word 7"),
    ("denosumab 60 mg sc q6mo x 6 please", "please", 8, "unexpected word 'please' at word 8"),
    ("a 1 mg sc once + b 2 mg sc once", "+", 6, "unexpected '+' at word 6"),
    ("a 1 mg sc daily every month x 3", "every", 6,
     "a frequency after an open-ended schedule: 'every' at word 6"),
    ("a 1 mg + b 2 ug/day sc once", "ug/day", 7, "cannot share a schedule"),
    ("a 1 mg sc once starting 2026-13-01", "2026-13-01", 7, "bad start date '2026-13-01' at word 7"),
    ("a 1 mg sc once with adherence 1.5 seed 3", "with", 6,
     "adherence probability must be a number in (0, 1]"),
])
def test_errors_quote_the_token_and_position(text, token, word, fragment):
    with pytest.raises(PrescriptionError) as err:
        parse(text)
    e = err.value
    assert isinstance(e, InputError)
    assert (e.token, e.word) == (token, word)
    assert str(e).startswith(f'"{text}": ')
    assert fragment in str(e)
    assert e.expected


def test_q_number_then_a_unit_word_reads_as_the_interval():
    assert parse("denosumab 60 mg sc q6 months x 4") == parse("denosumab 60 mg sc q6mo x 4")
    assert parse("alendronate 70 mg oral q1 week for 1 year") == parse(
        "alendronate 70 mg oral weekly for 1 year")


def test_errors_at_the_end_and_empty():
    with pytest.raises(PrescriptionError,
                       match=r'"denosumab 60 mg sc": the text ends after word 4; expected a schedule') as err:
        parse("denosumab 60 mg sc")
    assert err.value.token is None and err.value.word is None
    with pytest.raises(PrescriptionError, match="the text ends after word 2; expected one of mg, ug"):
        parse("denosumab 60")
    with pytest.raises(PrescriptionError, match="empty"):
        parse("   ")
    with pytest.raises(InputError, match="must be a text"):
        parse(60)  # type: ignore[arg-type]


# ------------------------------------------------------------------------------------------------
# canonical text and the extended grammar
# ------------------------------------------------------------------------------------------------

EXAMPLES = [
    "denosumab 60 mg sc q6mo x 6", "denosumab 60 mg sc q6mo x 20",
    "alendronate 70 mg oral weekly for 5 years",
    "teriparatide 20 ug sc daily for 2 years then denosumab 60 mg sc q6mo for 3 years",
    "zoledronic acid 5 mg iv yearly x 3", "zoledronic acid 5 mg iv x 1", "zoledronic acid 5 mg iv once",
    "romosozumab 210 mg sc monthly x 12 then alendronate 70 mg oral weekly",
    "abaloparatide 80 ug sc daily for 18 months", "teriparatide 20 ug sc daily for 21 months",
    "teriparatide 20 ug/day sc continuous infusion for 6 months", "estradiol 1 mg oral daily for 3 years",
    "raloxifene 60 mg oral daily", "dasatinib 100 mg + quercetin 1000 mg oral daily x 3 days every month x 6",
    "calcium 1000 mg + vitamin D 800 IU oral daily",
]


@pytest.mark.parametrize("text", EXAMPLES)
def test_format_parses_back_to_an_equal_regimen(text):
    r = parse(text)
    canonical = format_prescription(r)
    assert parse(canonical) == r
    assert format_prescription(parse(canonical)) == canonical
    assert str(r) == canonical == rx.format(r)


def test_canonical_text():
    assert str(parse("denosumab 60 mg sc q6mo x 6")) == "denosumab 60 mg sc every 6 months x 6"
    assert str(parse("Zoledronate 5 mg IV x 1")) == "zoledronic acid 5 mg iv once"
    assert str(parse("calcium 1000 mg + vit D 800 iu po qd")) == (
        "calcium 1000 mg + vitamin d 800 IU oral daily")
    assert str(parse("a 2.50 mg sc q2w for 1 year")) == "a 2.5 mg sc every 2 weeks for 1 year"
    assert str(parse("d 100 mg + q 1000 mg po daily x 3 days every month x 6")) == (
        "d 100 mg + q 1000 mg oral daily for 3 days monthly x 6")


def test_modifiers_groups_and_start_date():
    r = parse("(denosumab 60 mg sc q6mo x 4 and calcium 1000 mg oral daily) until 2 years "
              "starting 2026-01-15")
    base = parse("denosumab 60 mg sc q6mo x 4") + parse("calcium 1000 mg oral daily")
    # '2 years' from 2026-01-15 is 2028-01-15 (day 730), not day 730.5: calcium's day-730 dose is cut
    assert r == base.stop("2 years").starting("2026-01-15") != base.stop(2 * Y).starting("2026-01-15")
    assert max(r.to_frame()["date"]) == dt.date(2028, 1, 14)
    assert str(r) == ("(denosumab 60 mg sc every 6 months x 4 and calcium 1000 mg oral daily) "
                      "until 2 years starting 2026-01-15")
    a = parse("alendronate 70 mg oral weekly x 10 holiday from day 14 to day 35 from day 3")
    assert a == parse("alendronate 70 mg oral weekly x 10").holiday(14, 35).delay(3)
    assert parse("a 1 mg po daily for 1 year with adherence 0.75 seed 4") == parse(
        "a 1 mg po daily for 1 year").with_adherence(0.75, 4)
    # 'and' binds looser than 'then'
    assert parse("a 1 mg sc weekly x 1 then b 1 mg sc once and c 1 mg sc once") == (
        parse("a 1 mg sc weekly x 1").then(parse("b 1 mg sc once")) + parse("c 1 mg sc once"))
    assert parse("a 1 mg sc weekly x 2 then (b 1 mg sc once and c 1 mg sc once)") == (
        parse("a 1 mg sc weekly x 2").then(parse("b 1 mg sc once") + parse("c 1 mg sc once")))


def test_records_built_in_python_format_and_parse_back():
    r = Regimen(Dose(10, "OPG-Fc", 1.25, "mg", "sc", cmt="depot", ii=3.5, addl=4),
                Dose(0, "iv iron", 500, "mg", "iv", duration="30 minutes"),
                Dose(2, "zoledronic acid", 5, "mg", "iv", rate=480),
                Dose(0, "teriparatide", 20, "ug/day", "sc", duration=28, ii=56, addl=2))
    text = str(r)
    assert "opg fc 1.25 mg sc into depot every 3.5 days x 5 from day 10" in text
    assert "iv-iron 500 mg iv over" in text
    assert "at 480 mg/day" in text
    assert parse(text) == r
    assert parse(text).expand() == r.expand()


def test_overlapping_infusions_of_one_drug_add_their_rates():
    # taken one by one, the second infusion's start replaced the first's rate and the first's
    # end stopped the second while it ran: two concurrent 20 ug/day infusions acted as one
    import osteon.library
    from osteon.drugs import compose

    spec = compose(osteon.library.load("osteon"), ["teriparatide"])
    r = Regimen.parse("teriparatide 20 ug/day sc continuous infusion for 6 months and "
                      "teriparatide 10 ug/day sc continuous infusion for 6 months from 3 months")
    steps = [(e.time, e.value) for e in r.events(spec, until=400)]
    one = Regimen.parse("teriparatide 10 ug/day sc continuous infusion for 1 month")
    per_ug = one.events(spec, until=400)[0].value / 10.0  # the rate parameter per ug/day
    assert [t for t, _ in steps] == pytest.approx([0.0, 91.3125, 182.625, 273.9375])
    assert [v / per_ug for _, v in steps] == pytest.approx([20.0, 30.0, 10.0, 0.0])


@pytest.mark.parametrize(("text", "canonical", "days"), [
    ("zoledronic acid 5 mg iv over 15 minutes yearly x 3", "over 15 minutes yearly x 3", 15 / 1440),
    ("zoledronic acid 5 mg iv over 90 min once", "over 90 minutes once", 90 / 1440),
    ("zoledronic acid 5 mg iv over 1 minute once", "over 1 minute once", 1 / 1440),
    ("iv-iron 500 mg iv over 2 hours once", "over 2 hours once", 2 / 24),
    # 120 x (1/1440) is not 2 x (1/24) in floats: the words that read back to the same record
    ("iv-iron 500 mg iv over 120 minutes once", "over 120 minutes once", 2 / 24),
    ("iv-iron 500 mg iv over 1 hr once", "over 1 hour once", 1 / 24),
    ("iv-iron 500 mg iv over 0.5 days once", "over 12 hours once", 0.5),
    ("iv-iron 500 mg iv over 1 day once", "over 1 day once", 1.0),
    ("iv-iron 500 mg iv over 24 hours once", "over 1 day once", 1.0),
    ("iv-iron 500 mg iv over 3 days once", "over 3 days once", 3.0),
    ("iv-iron 500 mg iv over 45 seconds once", "over 0.0005208333333333333 days once", 45 / 86400),
])
def test_an_input_duration_prints_in_minutes_hours_or_days(text, canonical, days):
    # 'over 15 minutes' printed as 'over 0.010416666666666668 days': exact, but no one writes it
    r = parse(text)
    assert str(r).endswith(" iv " + canonical)
    assert parse(str(r)) == r and str(parse(str(r))) == str(r)
    # the records and their table keep the duration in days, the project's time unit
    assert [d.duration for d in r.expand()] == pytest.approx([days] * len(r.expand()), rel=1e-15)
    assert list(r.to_frame()["duration"]) == pytest.approx([days] * len(r.expand()), rel=1e-15)
