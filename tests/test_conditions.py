"""Conditions: text, composition, the targets GC1 and IM1, the animal phenotypes AN1-AN3, the
site pattern of primary hyperparathyroidism, reversal, and the vascular compartment."""

import json
import re
import warnings

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

import osteon
from osteon import conditions
from osteon.cli.app import app
from osteon.errors import InputError, OsteonWarning, UnknownNameError

YEAR = 365.25
SITES = ("lumbar_spine", "femoral_neck", "total_hip")


def run(cond=None, patient="female, age 60", duration=2 * YEAR, save=None, regimen=None):
    save = np.arange(0.0, duration + 1e-9, YEAR / 12) if save is None else save
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", OsteonWarning)
        r = osteon.simulate("osteon", regimen, patient=patient, duration=duration, save=save,
                            conditions=cond)
    return r.to_pandas(clinical=False)


def change(d, base, col, i=-1):
    """% change from t=0 at row i, net of the same subject without the condition."""
    return 100.0 * (d[col].values[i] / d[col].values[0] - base[col].values[i] / base[col].values[0])


@pytest.fixture(scope="module")
def base60():
    return run()


# ------------------------------------------------------------------------------- text
@pytest.mark.parametrize(("text", "cid", "severity", "onset", "offset"), [
    ("glucocorticoids 7.5 mg/d from 0 for 2 years", "glucocorticoids", 7.5, 0.0, 2 * YEAR),
    ("bed rest for 17 weeks", "bed_rest", 0.226, 0.0, 119.0),
    ("klotho deficiency", "klotho_deficiency", 0.0, 0.0, None),
    ("primary hyperparathyroidism", "primary_hyperparathyroidism", 106.0, 0.0, None),
    ("OPG deficiency", "opg_deficiency", 0.02, 0.0, None),
    ("rheumatoid arthritis", "rheumatoid_arthritis", 1.0, 0.0, None),
    ("vitamin D deficiency", "vitamin_d_deficiency", 10.0, 0.0, None),
    ("prednisone 20mg/day from 6 months until 18 months", "glucocorticoids", 20.0, YEAR / 2,
     1.5 * YEAR),
    ("aromatase inhibitor 87.8%", "aromatase_inhibitor", 87.8, 0.0, None),
    ("vitamin D deficiency 25 nmol/L", "vitamin_d_deficiency", 10.0, 0.0, None),
    ("primary hyperparathyroidism 12 pmol/L for 1 year", "primary_hyperparathyroidism",
     12 * 9.43, 0.0, YEAR),
])
def test_texts_parse(text, cid, severity, onset, offset):
    c = conditions.parse(text)
    assert c.condition.id == cid
    assert c.severity == pytest.approx(severity)
    assert c.onset == pytest.approx(onset)
    assert (c.offset is None) == (offset is None)
    if offset is not None:
        assert c.offset == pytest.approx(offset)


@pytest.mark.parametrize("text", ["glucocorticoids 7.5 mg/d from 30 days for 2 years",
                                  "bed rest for 17 weeks", "surgical menopause from 1 years",
                                  "CKD 20 mL/min", "opg excess 4 fold for 6 months"])
def test_canonical_text_parses_back_to_the_same_course(text):
    c = conditions.parse(text)
    again = conditions.parse(c.to_text())
    assert (again.condition, again.severity, again.onset, again.offset) == \
        (c.condition, c.severity, c.onset, c.offset)


@pytest.mark.parametrize(("text", "onset", "onset_age", "offset", "canonical"), [
    ("primary hyperparathyroidism 150 pg/mL since age 60", 0.0, 60.0, None,
     "primary hyperparathyroidism 150 pg/mL since age 60"),
    ("PHPT from age 52.5 until 1 year", 0.0, 52.5, YEAR,
     "primary hyperparathyroidism 106 pg/mL since age 52.5 until 1 years"),
    ("vitamin D deficiency 12 ng/mL for the past 5 years", -5 * YEAR, None, None,
     "vitamin d deficiency 12 ng/mL for the past 5 years"),
    ("CKD 20 for the last 18 months", -1.5 * YEAR, None, None,
     "chronic kidney disease 20 mL/min/1.73m2 for the past 18 months"),
    ("glucocorticoids 7.5 mg/d from -5 years", -5 * YEAR, None, None,
     "glucocorticoid excess 7.5 mg/day for the past 5 years"),
    # a past exposure that ended 3 years before the start, and one that goes on into the run
    ("glucocorticoids 7.5 mg/d from -5 years for 2 years", -5 * YEAR, None, -3 * YEAR,
     "glucocorticoid excess 7.5 mg/day from -5 years for 2 years"),
    ("glucocorticoids for the past 2 years until 6 months", -2 * YEAR, None, YEAR / 2,
     "glucocorticoid excess 7.5 mg/day from -2 years for 30 months"),
])
def test_an_established_condition_reads_and_writes_its_onset_before_the_start(
        text, onset, onset_age, offset, canonical):
    c = conditions.parse(text)
    assert c.established
    assert c.onset == pytest.approx(onset)
    assert c.onset_age == onset_age
    assert c.offset == (None if offset is None else pytest.approx(offset))
    assert c.to_text() == canonical
    again = conditions.parse(canonical)
    assert (again.condition, again.severity, again.onset, again.onset_age, again.offset) == \
        (c.condition, c.severity, pytest.approx(c.onset), c.onset_age, c.offset if c.offset is None
         else pytest.approx(c.offset))


def test_an_onset_age_resolves_on_the_patients_clock_and_is_checked_against_it():
    c = conditions.parse("primary hyperparathyroidism since age 60")
    assert c.start_day(65.0) == pytest.approx(-5 * YEAR)
    assert c.start_day(60.0) == 0.0  # at her age: it acts from the start
    assert conditions.parse("PHPT for the past 5 years").start_day(30.0) == pytest.approx(-5 * YEAR)
    with pytest.raises(InputError, match=r"onset at age 60 is after the patient's age \(55\)"):
        c.start_day(55.0)
    with pytest.raises(InputError, match=r"at age 24 in a patient of 30.*>= 25.*at most 5 years"):
        conditions.parse("PHPT for the past 6 years").start_day(30.0)
    with pytest.raises(InputError, match="needs a patient"):
        c.start_day(None)
    # seen from the start, an established course acts from t = 0 (or not at all, if it ended)
    assert c.in_run().onset == 0.0 and c.in_run().onset_age is None
    assert conditions.parse("glucocorticoids from -5 years for 2 years").in_run() is None
    assert conditions.parse("bed rest for 17 weeks").established is False


def test_a_course_object_takes_an_onset_age_or_a_negative_onset():
    phpt = conditions.get("phpt")
    assert phpt.course(150.0, onset_age=60).to_text() == \
        "primary hyperparathyroidism 150 pg/mL since age 60"
    assert phpt.course(onset="-5 years").onset == pytest.approx(-5 * YEAR)
    for kw, words in (({"onset_age": 24.0}, ["onset_age must be >= 25", "got 24.0"]),
                      ({"onset_age": "60"}, ["onset_age", "finite number of years", "'60'"]),
                      ({"onset_age": 60.0, "onset": 10.0}, ["not both", "onset 10.0"]),
                      ({"onset_age": 60.0, "offset": -1.0}, ["after the start", "-1 d"])):
        with pytest.raises(InputError) as e:
            phpt.course(**kw)
        for w in words:
            assert w in str(e.value), (kw, str(e.value))


@pytest.mark.parametrize(("text", "words"), [
    ("glucocorticoids -5 mg/d", ["dose", "(0, 2000] mg/day", "-5"]),
    ("PHPT since age 20", ["onset_age must be >= 25", "20"]),
    ("PHPT since 60", ["expected 'age <years>' after 'since'"]),
    ("PHPT since age", ["expected an age in years after 'since age'", "end of the text"]),
    ("PHPT since age 60 for 2 years", ["'for <duration>' cannot follow an onset at an age",
                                       "until"]),
    ("PHPT for the past 5 years from 1 year", ["onset is given twice", "'for the past'",
                                               "'from'"]),
    ("PHPT for the past 0 years", ["time before the start must be > 0 days", "'0 years'"]),
    ("bed rest for 2 weeks for 3 weeks", ["offset is given twice"]),
    # it said "condition 'bed rest for -2 weeks' for must be >= 0 days" (no field, and 0 is
    # refused too, as an offset not after the onset)
    ("bed rest for -2 weeks", ["the duration after 'for' must be > 0 days", "-2 weeks"]),
    ("bed rest for 0 weeks", ["the duration after 'for' must be > 0 days", "0 weeks"]),
    ("glucocorticoids 5000 mg/d", ["dose", "5000"]),
    ("bed rest 1.5", ["loading", "[0, 1)"]),
    ("klotho deficiency 2", ["klotho", "2"]),
    ("glucocorticoids 7.5 pints", ["unknown unit 'pints'", "mg/day"]),
    ("bed rest for ever", ["expected a duration", "'ever'"]),
    ("surgical menopause 3", ["takes no severity"]),
    ("bed rest for 2 weeks from 3 weeks banana", ["unexpected 'banana'"]),
    ("glucocorticoids from 1 year until 6 months", ["offset", "after onset"]),
])
def test_bad_condition_text_names_the_problem(text, words):
    with pytest.raises(InputError) as e:
        conditions.parse(text)
    for w in words:
        assert w in str(e.value)


@pytest.mark.parametrize(("text", "number", "what"), [
    ("glucocorticoids 7.5 mg/d from 6 for 1", "6", "a time after 'from'"),
    ("glucocorticoids 7.5 mg/d from 6 months for 1", "1", "a duration after 'for'"),
    ("bed rest until 17", "17", "a time after 'until'"),
    ("surgical menopause from 0.5", "0.5", "a time after 'from'"),
])
def test_a_bare_number_of_time_is_refused_as_ambiguous(text, number, what):
    # it was read as days: 'from 6 for 1' ran from day 6 for one day
    with pytest.raises(InputError) as e:
        conditions.parse(text)
    msg = str(e.value)
    assert text in msg and what in msg
    assert f"'{number}' alone could mean days, months or years" in msg
    assert f"'{number} months'" in msg and f"'{number} years'" in msg


@pytest.mark.parametrize(("text", "punct", "phrase"), [
    ("glucocorticoids 7.5 mg/d for 1 year; x", "';'", "'1 year'"),
    ("bed rest for 17 weeks,", "','", "'17 weeks'"),
])
def test_punctuation_after_a_time_unit_is_named_not_read_as_a_missing_unit(text, punct, phrase):
    # it said 'a duration after for needs a unit' and suggested '1 months', the unit being there
    with pytest.raises(InputError) as e:
        conditions.parse(text)
    msg = str(e.value)
    assert f"unexpected {punct} after {phrase}" in msg and "--condition A --condition B" in msg
    assert "needs a unit" not in msg


def test_a_bare_zero_is_a_time_in_any_unit():
    c = conditions.parse("glucocorticoids 7.5 mg/d from 0 for 2 years")
    assert c.onset == 0.0 and c.offset == pytest.approx(2 * YEAR)
    # the canonical text says 'from 0' and parses back
    assert conditions.parse(c.to_text()).onset == 0.0


@pytest.mark.parametrize(("texts", "when"), [
    (["vitamin D deficiency 12 ng/mL", "vitamin D deficiency 8 ng/mL"], "from day 0 on"),
    (["glucocorticoids 7.5 mg/d", "glucocorticoids 7.5 mg/d"], "from day 0 on"),
    # an alias of the same condition, overlapping for six months
    (["glucocorticoids 7.5 mg/d for 1 year", "prednisone 5 mg/d from 6 months for 1 year"],
     "from day 182.625 to day 365.25"),
])
def test_the_same_condition_twice_at_once_is_refused_naming_both(texts, when):
    # they stacked: 12 and 8 ng/mL acted as worse than 8 alone
    with pytest.raises(InputError) as e:
        conditions.courses(texts)
    msg = str(e.value)
    assert repr(texts[0]) in msg and repr(texts[1]) in msg
    assert f"overlap ({when})" in msg and "one course per period" in msg
    with pytest.raises(InputError, match="overlap"):  # the simulation refuses it too
        osteon.simulate("osteon", duration=30, save=2, conditions=texts)


def test_courses_of_one_condition_that_follow_each_other_pass():
    # a change of dose: one ends where the next starts
    cs = conditions.courses(["glucocorticoids 7.5 mg/d for 1 year",
                             "glucocorticoids 15 mg/d from 1 year for 1 year",
                             conditions.get("bed rest").course(onset=10.0, offset=20.0),
                             "glucocorticoids 5 mg/d from 3 years"])
    assert [c.condition.id for c in cs] == ["glucocorticoids", "glucocorticoids", "bed_rest",
                                            "glucocorticoids"]
    # two conditions on one input still compose
    assert len(conditions.courses(["rheumatoid arthritis", "inflammation"])) == 2


def test_unknown_condition_lists_the_known_ones():
    with pytest.raises(UnknownNameError) as e:
        conditions.parse("scurvy for 2 years")
    assert "unknown condition" in str(e.value) and "glucocorticoids" in str(e.value)


def test_every_condition_has_a_card_and_sourced_parameters():
    from osteon.model.parameter import source_is_complete

    assert len(conditions.names()) >= 15
    for name in conditions.names():
        c = conditions.get(name)
        assert c.card.mechanism and c.card.calibrated_to and c.card.reversal
        assert c.acts_on and all(a in conditions.COMBINE for a in c.acts_on)
        for q in c.parameters:
            assert q.unit, (name, q.name)
            # Godschalk & Downs 1988 was read without its DOI/PMID (the two shape parameters)
            if q.name not in ("gc_ed50", "gc_hill"):
                assert source_is_complete(q.source, q.evidence), (name, q.name, q.source)
        text = conditions.card_text(name)
        assert c.card.name in text


def test_the_card_names_the_parameters_that_size_each_path():
    # what a biologist switches off to see how much of the phenotype a path explains
    klotho = conditions.card_text("klotho deficiency")
    for name in ("klotho_osteoblast_effect", "klotho_osteoclast_effect", "klotho_opg_effect",
                 "vascular_klotho_gain"):
        assert f"  {name} = " in klotho, name
    bed_rest = {p.name for p in conditions.effect_parameters(("loading",))}
    assert bed_rest == {"mechanostat_rankl_gain", "mechanostat_opg_gain",
                        "sclerostin_unloading_gain"}
    assert [p.name for p in conditions.effect_parameters(("GFR",))] == [
        "calcium_excretion_nephron_scaling"]
    assert "  calcium_excretion_nephron_scaling = 0 " in conditions.card_text("ckd")
    spec = osteon.models.load("osteon")
    for p in conditions.effect_parameters(tuple(conditions.COMBINE)):
        assert p.name in spec.parameter_names


@pytest.mark.parametrize(("name", "value", "domain"), [
    ("gc_emax", 1.0, "in [0, 1)"),  # suppression s < Emax: osteoblast apoptosis x 1/(1 - s)
    ("myeloma_wnt_suppression", 1.2, "in [0, 1]"),  # commitment x (1 - suppression burden)
    ("myeloma_opg_suppression", -0.1, "in [0, 1]"),
    ("ckd_normal_gfr", 45.0, "> 45"),  # klotho divides by (normal GFR - 45)
    ("gc_ed50", "much", ">= 0"),
])
def test_condition_parameters_are_refused_outside_their_formulas_domain(name, value, domain):
    with pytest.raises(InputError) as err, conditions.parameter_overrides({name: value}):
        pass
    assert f"'{name}' must be a finite number {domain}" in str(err.value)
    assert f"got {value!r}" in str(err.value) or f"got {value:g}" in str(err.value)


# ------------------------------------------------------------------------------- composition
def test_conditions_start_at_onset_and_combine_multiplicatively():
    spec = osteon.models.load("osteon")
    base = {"osteoblast_opg_gain": np.array([2.0]), "bone_rankl_gain": np.array([1.0]),
            "osteoblast_apoptosis_gain": np.array([1.0]), "vascular_opg_gain": np.array([1.0])}
    cs = conditions.courses(["glucocorticoids 30 mg/d from 10 days for 20 days",
                             "opg deficiency 0.5 from 20 days"])
    steps = conditions.events(cs, spec, base, 100.0)
    at = {(s.time, s.name): s.value for s in steps}
    gc = cs[0].effects()["osteoblast_opg_gain"]
    assert at[(10.0, "osteoblast_opg_gain")] == pytest.approx(2.0 * gc)
    assert at[(20.0, "osteoblast_opg_gain")] == pytest.approx(2.0 * gc * 0.5)
    assert at[(30.0, "osteoblast_opg_gain")] == pytest.approx(2.0 * 0.5)  # GC ended
    assert at[(30.0, "bone_rankl_gain")] == pytest.approx(1.0)


def test_no_condition_leaves_the_model_unchanged(base60):
    d = run("glucocorticoids 7.5 mg/d from 1 years", duration=YEAR / 2,
            save=np.linspace(0, YEAR / 2, 7))
    assert np.allclose(d["bmd_lumbar_spine"].values, base60["bmd_lumbar_spine"].values[:7],
                       rtol=1e-6)


def test_postmenopausal_woman_on_prednisone_who_starts_denosumab():
    kw = dict(patient="female, age 65", duration=2 * YEAR)
    gc = run("glucocorticoids 7.5 mg/d", **kw)
    both = run("glucocorticoids 7.5 mg/d", regimen="denosumab 60 mg sc q6mo x 4", **kw)
    dmab = run(None, regimen="denosumab 60 mg sc q6mo x 4", **kw)
    ls = lambda d: d["bmd_lumbar_spine"].values[-1] / d["bmd_lumbar_spine"].values[0]  # noqa: E731
    assert ls(gc) < ls(both) < ls(dmab)


def test_result_records_its_conditions():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", OsteonWarning)
        r = osteon.simulate("osteon", patient="male, age 50", duration="3 months",
                            conditions=["bed rest for 4 weeks", "rheumatoid arthritis"])
    assert r.attrs["conditions"] == ["bed rest 0.226 fraction of habitual from 0 for 4 weeks",
                                     "rheumatoid arthritis 1 relative to untreated active RA "
                                     "from 0"]


def test_a_conditions_parameters_are_overridden_like_a_drugs():
    def ls(**kw):
        r = osteon.simulate("osteon", duration=100, save=[0.0, 100.0], **kw)
        return float(r["bmd_lumbar_spine"][0][-1]), r

    gc = ["glucocorticoids 7.5 mg/d"]
    none, _ = ls()
    shipped, _ = ls(conditions=gc)
    milder, r = ls(conditions=gc, parameters={"gc_emax": 0.3})
    nil, _ = ls(conditions=gc, parameters={"gc_emax": 0.0})  # no suppression: no effect
    assert shipped < milder < none
    assert nil == pytest.approx(none, rel=1e-9)
    assert r.attrs["condition_parameters"] == {"gc_emax": 0.3}
    assert r.summary()["condition_parameters"] == {"gc_emax": 0.3}  # summary.json says it too
    # a model parameter the caller overrides is recorded too (the klotho card's OPG rise, off)
    kl = osteon.simulate("osteon", conditions=["klotho deficiency"], duration=10, save=2,
                         parameters={"klotho_opg_effect": 0.0}, patient="female, age 40")
    assert kl.summary()["parameter_overrides"] == {"klotho_opg_effect": 0.0}
    with pytest.raises(InputError, match=r"'gc_emax' must be a finite number in \[0, 1\).*; "
                                         r"got 1\.5"):
        ls(conditions=gc, parameters={"gc_emax": 1.5})
    with pytest.raises(InputError, match=r"one value for every subject .*a column of population"):
        ls(conditions=gc, parameters={"gc_emax": [0.3, 0.4]})
    with pytest.raises(UnknownNameError, match=r"'gc_emax'.*of condition 'glucocorticoids', which "
                                               r"the run does not impose"):
        ls(conditions=["bed rest"], parameters={"gc_emax": 0.3})
    with pytest.raises(UnknownNameError, match=r"unknown parameter 'gc_emaxx' \(did you mean "
                                               r"'gc_emax', a parameter of condition "
                                               r"'glucocorticoids'\?\)"):
        ls(conditions=gc, parameters={"gc_emaxx": 0.3})


def test_a_population_column_gives_each_subject_its_own_condition_parameter():
    """gc_emax varies between subjects as a model parameter does: each subject of the population
    loses the bone that a run of its own with that value gives."""
    gc = ["glucocorticoids 7.5 mg/d"]
    kw = dict(duration=100, save=[0.0, 100.0], conditions=gc)
    pop = pd.DataFrame({"subject_id": ["a", "b", "c"], "gc_emax": [0.0, 0.3, 0.6]})
    # a scalar of another parameter of the same condition still holds for every subject
    r = osteon.simulate("osteon", population=pop, parameters={"gc_ed50": 30.0}, **kw)
    end = r["bmd_lumbar_spine"][:, -1]
    for s, g in enumerate(pop.gc_emax):
        alone = osteon.simulate("osteon", parameters={"gc_emax": g, "gc_ed50": 30.0}, **kw)
        assert end[s] == pytest.approx(alone["bmd_lumbar_spine"][0, -1], rel=1e-6)
    assert end[0] > end[1] > end[2]  # the larger the maximal suppression, the more bone lost
    none = osteon.simulate("osteon", duration=100, save=[0.0, 100.0])
    assert end[0] == pytest.approx(none["bmd_lumbar_spine"][0, -1], rel=1e-6)  # Emax 0: none
    assert r.attrs["condition_parameters"] == {"gc_ed50": 30.0, "gc_emax": [0.0, 0.3, 0.6]}
    assert "gc_emax" not in r.parameters.columns  # the table holds the model's parameters
    # the column wins over a scalar of the same parameter, as for the model's parameters
    both = osteon.simulate("osteon", population=pop, parameters={"gc_emax": 0.9, "gc_ed50": 30.0},
                           **kw)
    assert both["bmd_lumbar_spine"][:, -1] == pytest.approx(end, rel=1e-12)


def test_a_population_column_of_a_condition_parameter_is_checked():
    gc = ["glucocorticoids 7.5 mg/d"]
    kw = dict(duration=10, save=2)

    def pop(values, name="gc_emax"):
        return pd.DataFrame({"subject_id": ["a", "b"], name: values})

    with pytest.raises(InputError, match=r"Parameter 'gc_emax' must be a finite number in "
                                         r"\[0, 1\) \[dimensionless\] \(population row 1 "
                                         r"\(subject_id 'b'\), condition 'glucocorticoids'\); "
                                         r"got 1\.5"):
        osteon.simulate("osteon", population=pop([0.3, 1.5]), conditions=gc, **kw)
    with pytest.raises(InputError, match=r"'gc_emax'.*no value in population row 0 "
                                         r"\(subject_id 'a'\): the cell is empty"):
        osteon.simulate("osteon", population=pop([np.nan, 0.3]), conditions=gc, **kw)
    with pytest.raises(InputError, match=r"'gc_emax'.*row 1.*got 'high' \(not a number\)"):
        osteon.simulate("osteon", population=pop([0.3, "high"]), conditions=gc, **kw)
    with pytest.raises(UnknownNameError, match=r"'gc_emax' in this run \(population column\): it "
                                               r"is a parameter of condition 'glucocorticoids', "
                                               r"which the run does not impose"):
        osteon.simulate("osteon", population=pop([0.3, 0.4]), conditions=["bed rest"], **kw)
    with pytest.raises(UnknownNameError, match=r"'gc_emax'.*condition 'glucocorticoids'.*not "
                                               r"impose"):
        osteon.simulate("osteon", population=pop([0.3, 0.4]), **kw)
    with pytest.raises(UnknownNameError, match=r"unknown parameter 'gc_emaxx' \(did you mean "
                                               r"'gc_emax', a parameter of condition "
                                               r"'glucocorticoids'\?\)"):
        osteon.simulate("osteon", population=pop([0.3, 0.4], "gc_emaxx"), conditions=gc, **kw)


def test_cli_param_overrides_a_condition_parameter():
    args = ["simulate", "--days", "30", "--points", "2", "--condition",
            "glucocorticoids 7.5 mg/d", "--param"]
    assert runner.invoke(app, [*args, "gc_emax=0.3"]).exit_code == 0
    bad = runner.invoke(app, [*args, "gc_emax=1.3"])
    assert bad.exit_code == 2 and "[0, 1)" in bad.output and "--param gc_emax=1.3" in bad.output
    typo = runner.invoke(app, [*args, "gc_emaxx=0.3"])
    assert typo.exit_code == 2 and "did you mean 'gc_emax', a parameter of condition" in typo.output


# ------------------------------------------------------------------------------- GC1
@pytest.fixture(scope="module")
def gc1():
    save = np.arange(0.0, YEAR + 1e-9, YEAR / 12)
    b = run(None, duration=YEAR, save=save)
    return b, {dose: run(f"glucocorticoids {dose} mg/d", duration=YEAR, save=save)
               for dose in (8.7, 18.9)}


@pytest.mark.parametrize(("dose", "site", "target", "tol"), [
    (8.7, "lumbar_spine", -1.7, 0.2),   # fitted (Emax)
    (8.7, "femoral_neck", -1.3, 0.5),   # check; trial 95 % CI -1.8 to -0.7
    (18.9, "lumbar_spine", -3.6, 1.6),  # check; trial 95 % CI -5.2 to -2.0
    (18.9, "femoral_neck", -3.1, 2.0),  # check; trial 95 % CI -5.1 to -1.1
])
def test_gc1_one_year_loss(gc1, dose, site, target, tol):
    b, d = gc1
    assert change(d[dose], b, f"bmd_{site}", 12) == pytest.approx(target, abs=tol)


def test_gc1_loss_is_fastest_in_the_first_months(gc1):
    b, d = gc1
    for dose in (8.7, 18.9):
        first = -change(d[dose], b, "bmd_lumbar_spine", 6)
        second = -change(d[dose], b, "bmd_lumbar_spine", 12) - first
        assert first > second > 0


def test_gc_formation_falls_at_once_and_recovers_after_stopping():
    save = np.arange(0.0, YEAR + 1e-9, 7.0)
    b = run(None, duration=YEAR, save=save)
    d = run("glucocorticoids 20 mg/d for 26 weeks", duration=YEAR, save=save)
    p1np = d["p1np"].values / b["p1np"].values
    assert p1np[2] < 0.9  # two weeks in
    assert abs(p1np[-1] - 1.0) < abs(p1np[20] - 1.0)  # back towards baseline after stopping
    slope_on = d["bmd_lumbar_spine"].values[26] - d["bmd_lumbar_spine"].values[13]
    slope_off = d["bmd_lumbar_spine"].values[52] - d["bmd_lumbar_spine"].values[39]
    assert slope_off > slope_on


# ------------------------------------------------------------------------------- IM1
@pytest.fixture(scope="module")
def im1():
    save = np.array([0.0, 17 * 7.0, 17 * 7.0 + YEAR / 2])
    return run(None, duration=save[-1], save=save), run("bed rest for 17 weeks",
                                                       duration=save[-1], save=save)


@pytest.mark.parametrize(("site", "target", "tol"), [
    ("lumbar_spine", -3.9, 0.2),  # fitted (bed-rest loading)
    ("femoral_neck", -3.6, 1.0),  # check
    # check (the trochanter in LeBlanc 1990): missed by 0.05 point since the total hip's
    # trabecular share is fitted to FREEDOM's hip gain (0.35, was 0.4): the hip is not
    # unloaded more than the spine, and the total hip stands in for the half-trabecular
    # trochanter
    pytest.param("total_hip", -4.6, 1.5, marks=pytest.mark.xfail(
        strict=True, raises=AssertionError,
        reason="IM1.trochanter miss: -3.05 vs -4.6 +- 1.5 (one loading input; total hip for the "
               "trochanter)")),
])
def test_im1_seventeen_weeks_of_bed_rest(im1, site, target, tol):
    b, d = im1
    assert change(d, b, f"bmd_{site}", 1) == pytest.approx(target, abs=tol)


def test_im1_little_recovery_in_six_months_of_reambulation(im1):
    b, d = im1
    for site in SITES:
        lost = -change(d, b, f"bmd_{site}", 1)
        regained = change(d, b, f"bmd_{site}", 2) + lost
        assert 0.0 < regained < 0.5 * lost


@pytest.mark.parametrize("text", ["spaceflight for 1 year",
                                  "primary hyperparathyroidism 300 pg/mL for 1 year"])
def test_sustained_high_resorption_and_its_end_keep_every_state_in_its_domain(text):
    # PR2010's exchangeable bone calcium Q integrates J15 - J14 and nothing reads it; in the
    # integrated model a year of no loading drove it to about -120 mmol and parathyroidectomy
    # after a year of PTH excess below zero, so with the calcium mass balance off the integrated
    # model holds it at Q0 (on, the default: tests/test_calcium_balance.py)
    save = np.arange(0.0, 2 * YEAR + 1e-9, YEAR / 12)
    with warnings.catch_warnings():
        warnings.simplefilter("error", OsteonWarning)  # a state below zero warns
        r = osteon.simulate("osteon", patient="female, age 60", duration=2 * YEAR, save=save,
                            conditions=text, parameters={"calcium_mass_balance": 0.0})
    d = r.to_pandas(clinical=False)
    assert d["bmd_total_hip"].values[12] < 0.95 * d["bmd_total_hip"].values[0]  # it did act
    assert np.allclose(d["Q"].values, 100.0, rtol=1e-6)


# ------------------------------------------------------------------------------- PHPT
def test_primary_hyperparathyroidism_cortical_sites_lose_more_than_the_spine(base60):
    d = run("primary hyperparathyroidism")
    pth = d["pth"].values[12] * 9.43
    assert 65.0 < pth < 106.0  # above the reference range; the normal glands are suppressed
    ls = change(d, base60, "bmd_lumbar_spine")
    assert change(d, base60, "bmd_femoral_neck") < ls < 0
    assert change(d, base60, "bmd_total_hip") < ls
    assert d["cortical_porosity"].values[-1] > base60["cortical_porosity"].values[-1]
    assert d["ctx"].values[12] > base60["ctx"].values[12]  # high turnover


def test_parathyroidectomy_regains_bone(base60):
    d = run("primary hyperparathyroidism for 1 year")
    at_surgery = change(d, base60, "bmd_lumbar_spine", 12)
    assert change(d, base60, "bmd_lumbar_spine", 24) > at_surgery


@pytest.fixture(scope="module")
def phpt_from_diagnosis():
    """Untreated PHPT followed 15 years from diagnosis, the disease running 5 years before it
    (assumed), in a woman of 52 at onset: BMD % change from diagnosis at +6 and +15 years."""
    save = np.array([5.0, 11.0, 20.0]) * YEAR
    d = run("primary hyperparathyroidism", patient="female, age 52", duration=20 * YEAR,
            save=save)
    return {s: 100 * (d[f"bmd_{s}"].values[1:] / d[f"bmd_{s}"].values[0] - 1)
            for s in ("lumbar_spine", "femoral_neck")}


def test_untreated_phpt_bone_holds_for_years_after_diagnosis(phpt_from_diagnosis):
    # Silverberg 1995: no change over 6 years; Rubin 2008 (PMID 18544625): the spine stable for
    # 15 years. The cortical space PTH holds open has levelled off by diagnosis
    ls6, ls15 = phpt_from_diagnosis["lumbar_spine"]
    fn6, _ = phpt_from_diagnosis["femoral_neck"]
    assert abs(ls15) < 3.0 and abs(fn6) < 3.0
    assert ls6 > -3.0


@pytest.mark.xfail(strict=True, raises=AssertionError,
                   reason="reported miss at the edge (SILVERBERG95.ls): the spine gains 3.3 % in "
                   "the 6 years after diagnosis where the cohort was stable (0 +- 3): the "
                   "mechanostat answers the stiffness the cortex lost by raising trabecular bone")
def test_untreated_phpt_spine_is_stable_for_six_years(phpt_from_diagnosis):
    assert phpt_from_diagnosis["lumbar_spine"][0] < 3.0


@pytest.mark.xfail(strict=True, raises=AssertionError,
                   reason="reported miss (RUBIN.fn): after diagnosis the femoral neck is stable "
                   "for 15 years (-0.5 %) where Rubin 2008's patients lost 10 +- 3 %: the "
                   "cortical space levels off and nothing else thins the neck")
def test_untreated_phpt_femoral_neck_loses_by_fifteen_years(phpt_from_diagnosis):
    assert phpt_from_diagnosis["femoral_neck"][1] == pytest.approx(-10.0, abs=6.0)


@pytest.fixture(scope="module")
def phpt_established():
    """Plasma PTH (pg/mL) and calcium (mmol/L) of a woman of 65 with PHPT for the past 5
    years, by severity."""
    out = {}
    for sev in (106.0, 150.0):
        d = run(f"primary hyperparathyroidism {sev:g} pg/mL for the past 5 years",
                patient="female, age 65", duration=30.0, save=[0.0, 30.0])
        out[sev] = (d["pth"].values[0] * 9.43, d["calcium"].values[0])
    return out


def test_phpt_severity_is_the_pth_with_the_normal_glands_unsuppressed(phpt_established):
    # the card: the adenoma adds (severity - 36 pg/mL); calcium suppresses the normal glands,
    # so plasma PTH settles 15-25 pg/mL below the severity (106 -> 88, 150 -> 129)
    for sev, (pth, _) in phpt_established.items():
        assert sev - 25.0 < pth < sev - 15.0, (sev, pth)
        assert pth > sev - 36.0  # the suppressed normal glands still add some


@pytest.mark.xfail(strict=True, raises=AssertionError,
                   reason="reported miss (the card's notes): established PHPT holds plasma "
                   "calcium at 2.49-2.52 mmol/L, upper normal; patients followed without "
                   "surgery ran at 2.68 +- 0.10 (Wermers 1998): Peterson & Riggs's renal "
                   "reabsorption saturates in PTH")
def test_established_phpt_calcium_is_that_of_mild_disease(phpt_established):
    for _, ca in phpt_established.values():
        assert 2.58 < ca < 2.8


def test_a_condition_in_force_before_the_start_is_in_the_t0_row():
    # her ovaries were removed 5 years ago: estrogen is low at t = 0 as at t = 1, and the
    # observables that read a condition's parameter are continuous across the start
    d = run("surgical menopause from -5 years", patient="female, age 45", duration=30,
            save=[0.0, 1.0, 30.0])
    assert d["estrogen"].values[0] == pytest.approx(d["estrogen"].values[1], rel=1e-9)
    assert d["estrogen"].values[0] < 0.3
    assert d["rankl_opg_ratio"].values[0] == pytest.approx(d["rankl_opg_ratio"].values[1],
                                                           rel=1e-3)
    d = run("vitamin D deficiency 12 ng/mL for the past 5 years", duration=30,
            save=[0.0, 1.0, 30.0])
    assert d["serum_25ohd_total"].values[0] == pytest.approx(12.0)


def test_events_and_onsets_at_zero_keep_the_pre_event_t0_row():
    # a dose at 0 and a condition from 0 act after the t = 0 point (the pre-event value, as in
    # NONMEM); a condition from before the start is in it
    d = run(["surgical menopause from -5 years", "vitamin D deficiency 12 ng/mL from 0 days"],
            patient="female, age 45", regimen="denosumab 60 mg sc q6mo x 2", duration=30,
            save=[0.0, 1.0, 30.0])
    assert d["denosumab_depot"].values[0] == 0.0 < d["denosumab_depot"].values[1]
    assert d["serum_25ohd_total"].values[0] > 20.0
    assert d["serum_25ohd_total"].values[1] == pytest.approx(12.0)
    assert d["estrogen"].values[0] == pytest.approx(d["estrogen"].values[1], rel=1e-9)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", OsteonWarning)
        r = osteon.simulate("osteon", [osteon.events.ParameterStep(0.0, "serum_25ohd", 12.0)],
                            patient="female, age 60", duration=30, save=[0.0, 1.0])
    d = r.to_pandas(clinical=False)
    assert d["serum_25ohd_total"].values[0] > 20.0
    assert d["serum_25ohd_total"].values[1] == pytest.approx(12.0)


def test_a_past_onset_with_an_offset_ahead_is_continuous_at_the_start():
    # the observables that read the condition's parameters (RANKL, here) are those of its state
    # at t = 0, whether it ends ahead or ended before the start
    kw = dict(patient="female, age 60", duration=YEAR, save=[0.0, 30.0, YEAR / 2, YEAR])
    d = run("glucocorticoids for the past 2 years until 6 months", **kw)
    assert d["rankl"].values[0] == pytest.approx(d["rankl"].values[1], rel=0.01)
    ended = run("glucocorticoids 7.5 mg/d from -5 years for 2 years", **kw)
    assert ended["rankl"].values[0] == pytest.approx(ended["rankl"].values[1], rel=0.01)


def test_vitamin_d_deficiency_and_ckd_raise_pth(base60):
    for text in ("vitamin D deficiency 8", "chronic kidney disease 20"):
        d = run(text, duration=YEAR, save=np.arange(0.0, YEAR + 1, YEAR / 12))
        assert d["pth"].values[-1] > 1.2 * base60["pth"].values[12], text
        assert change(d, base60, "bmd_femoral_neck", 12) < 0, text


def test_bone_cell_klotho_effects_act_only_beyond_the_heterozygotes_deficit():
    """The kl/kl effects on bone cells were applied linearly in the klotho deficit, so CKD's
    partial loss (klotho 0.56 at eGFR 37) took 44 % of the kl/kl mouse's osteoblast loss and
    drove the hip's excess loss at stage 3B (KANG). The kl/kl syndrome is recessive: up to the
    heterozygote's deficit (klotho_bone_threshold, 0.5) they do not act; at klotho 0 they keep
    their size; the vessel's klotho effects stay linear."""
    from osteon.library.integrated import disease, vascular

    spec = osteon.models.load("osteon")
    p = {q.name: q.value for q in spec.parameters}
    gains = (disease.commitment_gain, disease.osteoclast_formation_gain, disease.opg_gain)
    for klotho in (1.0, 0.75, 0.5):
        assert [g({**p, "klotho": klotho}) for g in gains] == [1.0, 1.0, 1.0], klotho
    assert [g({**p, "klotho": 0.0}) for g in gains] == pytest.approx([0.4, 0.7, 2.0])
    assert [g({**p, "klotho": 0.25}) for g in gains] == pytest.approx([0.7, 0.85, 1.5])
    args = dict(f=0.0, c=0.0, phosphate=1.0, estrogen=1.0, sasp_systemic=0.0, rankl_rel=1.0,
                opg_rel=1.0, xp=np)
    drive = [vascular.rates(p={**p, "klotho": k}, **args)[0] for k in (1.0, 0.75, 0.5)]
    assert drive[0] < drive[1] < drive[2]  # the vessel reads the deficit from its first step
    # in the model: at stage 3B the bone-cell effect sizes change nothing; kl/kl's do
    kw = dict(patient="male, age 54", duration=YEAR, save=[0.0, YEAR])
    for text, idle in (("chronic kidney disease 37", True), ("klotho deficiency", False)):
        a = osteon.simulate("osteon", conditions=[text], **kw)
        with warnings.catch_warnings(record=True) as rec:  # the idle run says so
            warnings.simplefilter("always", OsteonWarning)
            b = osteon.simulate("osteon", conditions=[text], parameters={
                "klotho_osteoblast_effect": 0.0, "klotho_osteoclast_effect": 0.0,
                "klotho_opg_effect": 0.0}, **kw)
        said = any("only where the klotho deficit passes" in str(w.message) for w in rec)
        assert said is idle, text
        same = a["bmd_total_hip"][0][-1] == pytest.approx(b["bmd_total_hip"][0][-1], rel=1e-9)
        assert bool(same) is idle, text


def test_calcium_excretion_nephron_scaling_lowers_urine_calcium_only_where_gfr_falls():
    """PR2010's reabsorption capacity keeps the healthy adult's baseline calcium excretion as a
    constant, so urine calcium stays at the healthy level at any GFR (3.3-3.8 mmol/day at eGFR
    22 in the model), where it falls with eGFR in CKD (CRIC). Scaled with GFR (the opt-in
    calcium_excretion_nephron_scaling = 1) it falls; at the healthy GFR nothing changes, and
    off (the default) the model is PR2010's."""
    from osteon.library import peterson_riggs2010 as pr

    kw = dict(patient="male, age 54", duration=YEAR, save=[0.0, YEAR])
    urine = {}
    for cond in (None, "chronic kidney disease 22"):
        for s in (0.0, 1.0):
            with warnings.catch_warnings(record=True) as got:
                warnings.simplefilter("always", OsteonWarning)
                r = osteon.simulate("osteon", conditions=[cond] if cond else None,
                                    parameters={"calcium_excretion_nephron_scaling": s}, **kw)
            idle = [w for w in got if "acts only where GFR is away from" in str(w.message)]
            assert len(idle) == (cond is None), cond  # said where nothing moves GFR
            urine[cond, s] = r["calcium_urinary_excretion"][0][-1]
    assert urine[None, 1.0] == urine[None, 0.0]
    assert urine["chronic kidney disease 22", 1.0] < 0.6 * urine["chronic kidney disease 22", 0.0]
    assert urine["chronic kidney disease 22", 0.0] > 0.85 * urine[None, 0.0]
    # the reference model's equations: off is the published excretion at any GFR
    s0 = {k: np.array([v]) for k, v in pr.INITIAL.items()}
    p = {q.name: np.array([q.value]) for q in pr.PARAMETERS}
    ratios = pr.coupling_ratios(s0, p, np)
    for gfr in (pr.HEALTHY_GFR, 0.3 * pr.HEALTHY_GFR):
        q = {**p, "GFR": np.array([gfr])}
        off = pr.endocrine(s0, q, np, **ratios)["J27"]
        on = pr.endocrine(s0, q, np, **ratios, calcium_excretion_nephron_scaling=1.0)["J27"]
        if gfr == pr.HEALTHY_GFR:
            assert on == off
        else:
            assert on < 0.5 * off


@pytest.mark.parametrize("engine", ["scipy", pytest.param("jax", marks=pytest.mark.slow)])
def test_end_stage_kidney_failure_solves_with_calcitriol_at_zero_not_below(engine):
    # eGFR 5 (the severity's lower bound) raises phosphate above 2.2 mM, where Peterson &
    # Riggs's phosphate Emax (101 % inhibition) made 1-alpha-hydroxylase production negative:
    # calcitriol crossed zero near 380 days, C8 ** 12.5 turned NaN and the solve failed (from
    # 400 days on). Production is floored at 0 in the integrated model.
    if engine == "jax":
        pytest.importorskip("jax")
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always", OsteonWarning)
        r = osteon.simulate("osteon", patient="female, age 60", duration=3 * YEAR,
                            conditions="chronic kidney disease 5", save=np.arange(0.0, 3 * YEAR
                                                                                + 1, 30.0),
                            solver=osteon.Solver(engine=engine))
    # no state may leave its domain: nothing is warned (the vessel index, 2.5 -> 23.1 in 3
    # years of end-stage kidney failure, approaches the top of its score, 24, and stays below
    # it: tests/test_vascular_range)
    said = [str(w.message) for w in got if issubclass(w.category, OsteonWarning)]
    assert said == []
    d = r.to_pandas(clinical=False)
    assert d["vascular_calcification_index"].iloc[-1] > 5 * d["vascular_calcification_index"].iloc[0]
    assert d["vascular_calcification_index"].max() < 24
    assert d["phosphate"].max() > 2.2  # the regime the floor is for
    assert d["calcitriol"].min() > -1e-6 * d["calcitriol"].iloc[0]
    assert np.isfinite(d.drop(columns="subject_id").to_numpy(dtype=float)).all()
    assert d["pth"].iloc[-1] > 2 * d["pth"].iloc[0]  # secondary hyperparathyroidism


# ------------------------------------------------------------------------------- AN1-AN3
def test_an1_klotho_deficiency_low_turnover_osteopenia(base60):
    d = run("klotho deficiency")
    ctx = d["ctx"].values[-1] / base60["ctx"].values[-1]
    p1np = d["p1np"].values[-1] / base60["p1np"].values[-1]
    assert p1np < ctx < 1.0  # turnover falls, formation more than resorption
    assert all(change(d, base60, f"bmd_{s}") < 0 for s in SITES)
    assert d["opg"].values[-1] > base60["opg"].values[-1]  # OPG up
    assert (d["vascular_calcification_index"].values[-1]
            > base60["vascular_calcification_index"].values[-1])


def test_an2_opg_deficiency_high_turnover_loss_and_arterial_calcification(base60):
    d = run("OPG deficiency")
    assert d["ctx"].values[-1] > base60["ctx"].values[-1]
    assert d["p1np"].values[-1] > base60["p1np"].values[-1]
    assert all(change(d, base60, f"bmd_{s}") < 0 for s in SITES)
    assert d["cortical_porosity"].values[-1] > base60["cortical_porosity"].values[-1]
    vci = d["vascular_calcification_index"].values[-1] - d["vascular_calcification_index"].values[0]
    vci0 = (base60["vascular_calcification_index"].values[-1]
            - base60["vascular_calcification_index"].values[0])
    assert vci > 2.0 * vci0


def test_an3_opg_excess_gains_bone_and_prevents_estrogen_deficiency_loss():
    kw = dict(patient="female, age 45, menopause at 55", duration=2 * YEAR)
    base = run(None, **kw)
    excess = run("opg excess", **kw)
    assert all(change(excess, base, f"bmd_{s}") > 0 for s in SITES)
    assert excess["ctx"].values[-1] < base["ctx"].values[-1]


@pytest.mark.xfail(strict=True, reason="the condition's illustrative default, a 3-fold OPG "
                   "excess, does not prevent the loss after surgical menopause (LS -6.3 % in 2 "
                   "years); AN3 is read at the transgenic animals' scale (the next test)")
def test_an3_opg_excess_prevents_estrogen_deficiency_loss():
    kw = dict(patient="female, age 45, menopause at 55", duration=2 * YEAR)
    base = run(None, **kw)
    ovx = run("surgical menopause", **kw)
    ovx_opg = run(["surgical menopause", "opg excess"], **kw)
    assert change(ovx, base, "bmd_lumbar_spine") < -2.0
    assert ovx_opg["bmd_lumbar_spine"].values[-1] >= ovx_opg["bmd_lumbar_spine"].values[0]


def test_an3_at_the_transgenic_scale_prevents_the_loss_after_surgical_menopause():
    """OPG-transgenic rats carry serum OPG up to 260-fold (Ominsky 2009), and Simonet 1997's
    prevention was recombinant OPG in ovariectomized rats: at that scale the spine loses nothing
    after surgical menopause, while surgical menopause alone costs it several percent."""
    from osteon.validation.catalog import OPG_TG_FOLD

    kw = dict(patient="female, age 45, menopause at 55", duration=2 * YEAR)
    excess = f"opg excess {OPG_TG_FOLD:g} fold"
    ovx = run("surgical menopause", **kw)
    ovx_opg = run(["surgical menopause", excess], **kw)
    assert ovx["bmd_lumbar_spine"].values[-1] < 0.95 * ovx["bmd_lumbar_spine"].values[0]
    assert ovx_opg["bmd_lumbar_spine"].values[-1] >= ovx_opg["bmd_lumbar_spine"].values[0]
    # serum OPG at the animals' scale, and resorption held below the untreated woman's
    base = run(None, **kw)
    assert ovx_opg["opg"].values[-1] > 100.0 * base["opg"].values[-1]
    assert ovx_opg["ctx"].values[-1] < base["ctx"].values[-1]


@pytest.mark.parametrize("text", ["surgical menopause", "anastrozole"])
def test_women_only_conditions_are_refused_for_a_man(text):
    # 'male, age 65' with surgical menopause ran and did nothing (the condition acts on a
    # woman's ovarian and aromatase estradiol only)
    cid = conditions.get(text).id
    with pytest.raises(InputError) as e:
        osteon.simulate("osteon", patient="male, age 65", duration=30, save=2, conditions=text)
    msg = str(e.value)
    assert f"condition '{cid}'" in msg and "for women only" in msg
    assert "the patient 'sex=male age=65' is male" in msg
    # a man given as parameters, and the man of a population, are refused too
    with pytest.raises(InputError, match=r"subject 0 \(female = 0\) is male"):
        osteon.simulate("osteon", parameters={"female": 0.0, "age_start": 65.0}, duration=30,
                        save=2, conditions=text)
    pop = pd.DataFrame({"subject_id": ["ann", "bob"], "sex": ["female", "male"],
                        "age": [60.0, 65.0]})
    with pytest.raises(InputError, match=r"subject 'bob' \('sex=male age=65'\) is male"):
        osteon.simulate("osteon", population=pop, duration=30, save=2, conditions=text)
    assert "women only" in conditions.card_text(text)


def test_aromatase_inhibitor_for_men_names_why_it_is_not_modelled():
    with pytest.raises(InputError) as e:
        osteon.simulate("osteon", patient="male, age 70", duration=30, save=2,
                        conditions="aromatase inhibitor")
    msg = str(e.value)
    assert "not modelled for men" in msg and "PMID 19820017" in msg
    assert "15 to 12 pg/mL" in msg and "testosterone" in msg


# ------------------------------------------------------------------------------- reversal
@pytest.mark.parametrize("text", [
    "glucocorticoids 15 mg/d", "rheumatoid arthritis", "multiple myeloma", "bone metastases",
    "klotho deficiency", "opg deficiency", "senescent cell burden", "aromatase inhibitor",
    "vitamin d deficiency 8", "primary hyperparathyroidism",
])
def test_each_condition_reverses_when_it_ends(base60, text):
    d = run(f"{text} for 1 year")
    during = change(d, base60, "bmd_lumbar_spine", 12) - change(d, base60, "bmd_lumbar_spine", 6)
    after = change(d, base60, "bmd_lumbar_spine", 24) - change(d, base60, "bmd_lumbar_spine", 18)
    assert during < 0
    assert after > during  # loss stops or bone is regained


def test_myeloma_uncouples_formation_from_resorption(base60):
    d = run("multiple myeloma")
    assert d["ctx"].values[6] > base60["ctx"].values[6]
    assert d["p1np"].values[6] < base60["p1np"].values[6]


# ------------------------------------------------------------------------------- vessels
def test_vascular_index_rises_with_age_and_more_in_women():
    kw = dict(duration=25 * YEAR, save=np.array([0.0, 25 * YEAR]))
    men = run(None, patient="male, age 55", **kw)["vascular_calcification_index"].values
    women = run(None, patient="female, age 55", **kw)["vascular_calcification_index"].values
    assert men[1] == pytest.approx(9.6, rel=0.02)   # fitted (Kiel 2001)
    assert men[0] == pytest.approx(1.6, rel=0.02)   # fitted
    assert women[1] > men[1]  # estrogen loss adds to aging
    young = run(None, patient="female, age 30", duration=YEAR, save=np.array([0.0, YEAR]))
    assert young["vascular_calcification_index"].values[-1] < 0.1


def test_vascular_index_women_after_25_years():
    # fitted: the vessel's estrogen gain is estimated with the men's level (it was an assumed
    # 0.027, which gave 11.2)
    women = run(None, patient="female, age 55", duration=25 * YEAR,
                save=np.array([0.0, 25 * YEAR]))["vascular_calcification_index"].values
    assert women[1] == pytest.approx(9.9, rel=0.1)


def test_vascular_index_women_at_55():
    # Kiel 2001: women 1.2 at the first films (men 1.6, fitted); met since the vessel wall's
    # RANKL gate reads the vessel's own OPG (it read bone's, which menopause lowers: 1.8)
    women = run(None, patient="female, age 55", duration=YEAR,
                save=np.array([0.0, YEAR]))["vascular_calcification_index"].values
    assert women[0] == pytest.approx(1.2, abs=0.5)


@pytest.mark.parametrize("text", ["rheumatoid arthritis", "surgical menopause",
                                  "senescent cell burden", "chronic kidney disease 15",
                                  "vitamin k deficiency"])
def test_estrogen_loss_inflammation_senescence_and_ckd_calcify_vessels(text):
    kw = dict(patient="female, age 45, menopause at 55", duration=5 * YEAR,
              save=np.array([0.0, 5 * YEAR]))
    b = run(None, **kw)
    d = run(text, **kw)
    assert (d["vascular_calcification_index"].values[-1]
            > 1.02 * b["vascular_calcification_index"].values[-1]), text
    if text != "vitamin k deficiency":  # MGP acts on vessels only
        assert change(d, b, "bmd_lumbar_spine") < 0, text


def test_daily_teriparatide_does_not_drive_the_vessels():
    # each injection halves marrow OPG for hours; the vessel wall's gate reads its own OPG, so
    # the osteogenic drive does not switch on with every dose (intermittent PTH(1-34) did not
    # calcify, and rather inhibited, the aorta of LDLR-null diabetic mice: Shao JS et al., J
    # Biol Chem 2003;278:50195, abstract, not read here)
    kw = dict(patient="female, age 65", duration=60.0, save=np.array([0.0, 60.0]))
    b = run(None, **kw)
    d = run(None, regimen="teriparatide 20 ug sc daily for 60 days", **kw)
    for name in ("vsmc_osteogenic", "vascular_calcification_index"):
        grown_b = b[name].values[1] - b[name].values[0]
        grown_d = d[name].values[1] - d[name].values[0]
        assert grown_d == pytest.approx(grown_b, rel=0.05, abs=1e-9), name


def test_denosumab_leaves_vascular_calcification_unchanged():
    kw = dict(patient="female, age 74", duration=3 * YEAR, save=np.array([0.0, 3 * YEAR]))
    b = run(None, **kw)["vascular_calcification_index"].values
    d = run(None, regimen="denosumab 60 mg sc q6mo x 6", **kw)["vascular_calcification_index"].values
    assert (d[1] - d[0]) == pytest.approx(b[1] - b[0], rel=0.05)  # Samelson 2014: 22 % vs 22 %


def test_restoring_opg_stops_calcification_but_does_not_reverse_it(base60):
    d = run("OPG deficiency for 1 year")
    v = d["vascular_calcification_index"].values
    assert np.all(np.diff(v) >= -1e-9)  # mineral is not resorbed
    rate_on = v[12] - v[6]
    rate_off = v[24] - v[18]
    # growth slows but goes on: mineral already laid down seeds more (a deviation from Min
    # 2000, where transgenic OPG prevented calcification)
    assert rate_off < rate_on


# ------------------------------------------------------------------------------- CLI
runner = CliRunner()


def test_cli_conditions_list_and_show():
    r = runner.invoke(app, ["conditions", "list"])
    assert r.exit_code == 0 and "glucocorticoids" in r.output and "bed_rest" in r.output
    # every id whole at 80 and 60 columns (it was 'chronic_kidney_d…'), nothing cut
    for width in ("80", "60"):
        r = runner.invoke(app, ["conditions", "list"], env={"COLUMNS": width})
        assert r.exit_code == 0 and "…" not in r.output
        ids = {line.split("│")[1].strip() for line in r.output.splitlines()
               if line.startswith("│") and line.split("│")[1].strip()}
        assert ids == set(conditions.names()), width
    r = runner.invoke(app, ["conditions", "show", "bed rest"])
    assert r.exit_code == 0 and "LeBlanc" in r.output and "loading" in r.output
    r = runner.invoke(app, ["conditions", "show", "scurvy"])
    assert r.exit_code == 2 and "unknown condition 'scurvy'" in r.output


def test_cli_simulate_with_repeated_conditions(tmp_path):
    from osteon.errors import ReadoutCaveatWarning

    # two conditions that are FRAX risk factors: their relative risks multiply (warned)
    with pytest.warns(ReadoutCaveatWarning, match="glucocorticoids, rheumatoid arth"):
        r = runner.invoke(app, ["simulate", "--patient", "female, age 65", "--years", "1",
                                "--points", "13", "--condition", "glucocorticoids 7.5 mg/d",
                                "--condition", "rheumatoid arthritis", "--treat",
                                "denosumab 60 mg sc q6mo x 2", "--out", str(tmp_path)])
    assert r.exit_code == 0, r.output
    summary = json.loads((tmp_path / "summary.json").read_text())
    text = json.dumps(summary)
    assert "glucocorticoid" in text and "rheumatoid arthritis" in text
    header = (tmp_path / "trajectory.csv").read_text().splitlines()[0]
    assert "vascular_calcification_index" in header


@pytest.mark.parametrize(("arg", "words"), [
    ("scurvy", ["unknown condition 'scurvy'"]),
    ("glucocorticoids 5000 mg/d", ["dose must lie in", "5000"]),
])
def test_cli_bad_condition_exits_2_with_one_line(arg, words):
    r = runner.invoke(app, ["simulate", "--patient", "female, age 65", "--condition", arg])
    assert r.exit_code == 2
    for w in words:
        assert w in r.output


def test_cli_the_same_condition_twice_exits_2_naming_both():
    r = runner.invoke(app, ["simulate", "--patient", "female, age 65", "--condition",
                            "vitamin D deficiency 12 ng/mL", "--condition",
                            "vitamin D deficiency 8 ng/mL"])
    assert r.exit_code == 2
    out = " ".join(r.output.split())
    assert "'vitamin D deficiency 12 ng/mL'" in out and "'vitamin D deficiency 8 ng/mL'" in out
    assert "overlap" in out


def test_a_vitamin_d_deficiency_lies_below_the_replete_level():
    """'vitamin D deficiency 80 ng/mL' was accepted (a factor 80/30 on her 25(OH)D: more, not
    less); a deficiency's severity now lies below the replete 30 ng/mL the model's subject has."""
    from osteon.conditions.text import parse_course

    with pytest.raises(InputError, match=r"\(0, 30\) ng/mL; got 80"):
        parse_course("vitamin D deficiency 80 ng/mL")
    with pytest.raises(InputError, match=r"\(0, 30\) ng/mL"):
        parse_course("vitamin D deficiency 75 nmol/L")  # 30 ng/mL: replete, not deficient
    assert parse_course("vitamin D deficiency 25 nmol/L").severity == 10.0


def test_kidney_function_lost_is_not_regained():
    """'chronic kidney disease 30 mL/min from 0 for 2 years' ran, and PTH and phosphate were
    back to normal in year 3, though the card takes kidney function lost as not regained: an
    offset is refused, unless a course no milder follows (a progression)."""
    text = "chronic kidney disease 30 mL/min from 0 for 2 years"
    with pytest.raises(InputError) as e:
        conditions.courses([text])
    msg = str(e.value)
    for words in (repr(text), "takes no offset", "not regained", "transplant",
                  "leave out 'for'/'until'", "'chronic kidney disease <eGFR> from 2 years'"):
        assert words in msg, words
    # the run refuses it too, given as text or as a Course object, ended before the start too
    ckd = conditions.get("ckd")
    for given in (text, ckd.course(30.0, offset="1 year"), "ckd 30 from -5 years for 2 years"):
        with pytest.raises(InputError, match="takes no offset"):
            osteon.simulate("osteon", patient="female, age 65", duration=30, save=2,
                            conditions=[given])
    # a progression passes; a recovery does not
    assert len(conditions.courses(["ckd 45 for 2 years", "ckd 20 from 2 years"])) == 2
    assert len(conditions.courses(["ckd 45 for 2 years", "ckd 45 from 2 years"])) == 2
    with pytest.raises(InputError, match=r"a milder eGFR \(30 -> 45 mL/min/1.73m2\).*not "
                                         r"regained"):
        conditions.courses([text, "ckd 45 from 2 years"])
    # without an offset it runs, and the card says so
    assert conditions.courses(["ckd 30 mL/min"])[0].offset is None
    assert "no offset: a course that ends is refused" in conditions.card_text("ckd")
    # the only condition so declared is the one whose card says what it takes is not regained
    assert [c.id for c in conditions.CONDITIONS if c.no_offset] == ["chronic_kidney_disease"]
    assert all(("not regained" in c.card.reversal) == bool(c.no_offset)
               for c in conditions.CONDITIONS)


@pytest.mark.parametrize(("text", "severity", "words"), [
    # a fraction elsewhere (klotho, myeloma): here 0.85 % suppression, which does nothing
    ("aromatase inhibitor 0.85", 0.85, ["0.85 without a unit is read as 0.85 % estradiol "
                                        "suppression", "'85 %'"]),
    # it said "a fraction 1 is written '100 %'", a value the domain (0, 100) % refuses
    ("anastrozole 1 for 1 year", 1.0, ["read as 1 %", "a fraction 1 would be 100 %, outside "
                                       "(0, 100) %"]),
    # a European lab's 25 nmol/L is severe deficiency; 25 ng/mL is above the breakpoint
    ("vitamin D deficiency 25", 25.0, ["25 without a unit is read as 25 ng/mL",
                                       "25 nmol/L is 10 ng/mL", "'25 nmol/L'"]),
    # labs report intact PTH in pg/mL or pmol/L; 100 fits both (100 pmol/L is 943 pg/mL)
    ("primary hyperparathyroidism 100", 100.0, ["100 without a unit is read as 100 pg/mL",
                                                "100 pmol/L is 943 pg/mL", "'100 pmol/L'"]),
])
def test_a_bare_severity_in_a_surprising_unit_is_warned_of(text, severity, words):
    with pytest.warns(OsteonWarning) as rec:
        c = conditions.parse(text)
    assert c.severity == pytest.approx(severity)
    msg = str(rec[0].message)
    assert msg.startswith(f"condition {text!r}: ")
    for w in words:
        assert w in msg, w


@pytest.mark.parametrize("text", ["aromatase inhibitor 85", "aromatase inhibitor 0.85 %",
                                  "aromatase inhibitor", "vitamin D deficiency 12 ng/mL",
                                  "vitamin D deficiency 25 nmol/L", "vitamin D deficiency",
                                  "klotho deficiency 0.5", "multiple myeloma 0.5",
                                  "chronic kidney disease 30",
                                  "primary hyperparathyroidism 150 pg/mL",
                                  "primary hyperparathyroidism 12 pmol/L",
                                  "primary hyperparathyroidism",
                                  # 500 pmol/L (4715 pg/mL) is past the domain: only pg/mL fits
                                  "primary hyperparathyroidism 500"])
def test_a_severity_with_its_unit_or_in_an_unambiguous_one_passes_quietly(text):
    conditions.parse(text)  # conftest turns an OsteonWarning into an error


def test_a_bare_severity_outside_its_domain_names_the_unit_it_may_be_meant_in():
    # 50 nmol/L is 20 ng/mL, inside (0, 30)
    with pytest.raises(InputError, match=r"must lie in \(0, 30\) ng/mL; got 50.0; in nmol/L, "
                                         r"write '50 nmol/L' \(20 ng/mL\)$"):
        conditions.parse("vitamin D deficiency 50")
    with pytest.raises(InputError, match=r"got 80.0$"):  # 32 ng/mL: not a deficiency either
        conditions.parse("vitamin D deficiency 80")


def test_a_bare_pth_below_the_pg_per_ml_domain_is_refused_naming_pmol_per_l():
    from osteon.conditions.catalog import PG_PER_PMOL_PTH

    # 'primary hyperparathyroidism 12' was refused as below 40 pg/mL without a word of pmol/L,
    # in which a lab may well have reported it: 12 pmol/L is 113.16 pg/mL
    with pytest.raises(InputError, match=r"PTH must lie in \[40, 2000\] pg/mL; got 12.0; in "
                                         r"pmol/L, write '12 pmol/L' \(113.16 pg/mL\)$"):
        conditions.parse("primary hyperparathyroidism 12")
    assert conditions.parse("primary hyperparathyroidism 12 pmol/L").severity == pytest.approx(
        12 * PG_PER_PMOL_PTH)
    # 3 pmol/L (28.3 pg/mL) is a normal PTH: below the domain in either unit, no unit offered
    with pytest.raises(InputError, match=r"got 3.0$"):
        conditions.parse("primary hyperparathyroidism 3")


def test_the_idle_warning_gives_a_dimensioned_neutral_value_its_unit():
    """The renal switch's warning said GFR 'is away from 5.99988' with no unit (L/hour); a
    dimensionless input (klotho) keeps its bare number."""
    from osteon.conditions import idle_parameters
    from osteon.models import load

    spec = load("osteon")
    gfr = spec.parameter("GFR")
    (line,) = idle_parameters(spec, {"calcium_excretion_nephron_scaling": 1.0}, [])
    assert f"GFR is away from {gfr.value:g} {gfr.unit}, which" in line
    (line,) = idle_parameters(spec, {"klotho_opg_effect": 0.0}, [])
    assert "klotho is away from 1, which" in line


def test_a_parameter_that_acts_only_through_a_condition_input_is_warned_of_without_one():
    """'--param klotho_opg_effect=0' ran the same as without it (nothing lowers klotho), while
    '--param gc_emax=0' without glucocorticoids is refused (gc_emax is the condition's own)."""
    with pytest.warns(OsteonWarning) as rec:
        r = runner.invoke(app, ["simulate", "--patient", "female, age 40", "--years", "1",
                                "--points", "3", "--param", "klotho_opg_effect=0"])
    assert r.exit_code == 0, r.output
    msg = str(rec[0].message)
    for words in ("parameter 'klotho_opg_effect' acts only where klotho is away from 1",
                  "nothing in this run moves", "the run is the same as without it",
                  "klotho_deficiency or chronic_kidney_disease",
                  "--condition 'klotho deficiency'"):
        assert words in msg, words
    # several of one input in one line; each input its own
    with pytest.warns(OsteonWarning) as rec:
        osteon.simulate("osteon", duration=30, save=2, parameters={
            "inflammation_tcell_gain": 0.0, "vascular_inflammation_gain": 2.0,
            "mgp_inhibition_gain": 0.0})
    lines = sorted(str(w.message) for w in rec)
    assert len(lines) == 2
    assert lines[0].startswith("parameter 'mgp_inhibition_gain' acts only where mgp_activity")
    assert lines[1].startswith("parameters 'inflammation_tcell_gain', "
                               "'vascular_inflammation_gain' act only where inflammation is "
                               "away from 0")
    assert "rheumatoid_arthritis or inflammation" in lines[1]
    # a population's column is a parameter set too
    with pytest.warns(OsteonWarning, match="'sasp_propagation_gain' acts only where sasp_extra"):
        osteon.simulate("osteon", duration=30, save=2,
                        population=pd.DataFrame({"sasp_propagation_gain": [0.0, 2.0]}))


def test_a_step_of_a_condition_input_at_the_conditions_own_step_is_refused():
    """'--condition inflammation --set inflammation=0' ran as the condition alone (LS -2.60 %
    in a year, as without the step): the condition's step of its input at its onset, sorted
    after the user's at the same time, replaced it without a word."""
    r = runner.invoke(app, ["simulate", "--patient", "female, age 55", "--days", "30",
                            "--points", "3", "--condition", "inflammation",
                            "--set", "inflammation=0"])
    assert r.exit_code == 2, r.output
    text = " ".join(r.output.split())
    for needle in ("a step of 'inflammation' at t=0 d", "condition 'inflammation' sets that "
                   "input at the same time", "would replace it"):
        assert needle in text, text
    with pytest.raises(InputError, match="a step of 'klotho' at t=10 d"):
        osteon.simulate("osteon", [osteon.events.ParameterStep(10.0, "klotho", 1.0)],
                        duration=30, save=2, conditions="klotho deficiency from 10 days")
    # after the onset the step is the user's: it acts
    d = osteon.simulate("osteon", [osteon.events.ParameterStep(10.0, "klotho", 1.0)],
                        duration=30, save=[0.0, 30.0], conditions="klotho deficiency")
    base = osteon.simulate("osteon", duration=30, save=[0.0, 30.0])
    kl = osteon.simulate("osteon", duration=30, save=[0.0, 30.0], conditions="klotho deficiency")
    assert abs(d["p1np"][0][-1] - base["p1np"][0][-1]) < abs(kl["p1np"][0][-1]
                                                              - base["p1np"][0][-1])


def _loading_steps(result) -> list[tuple[float, float]]:
    """(time, value) of the run's steps of loading, as the engine applied them, in order."""
    found = (re.fullmatch(r"ParameterStep\(time=(.+), name='loading', value=(.+)\)", text)
             for text in result.attrs["events"])
    return [(float(m[1]), float(m[2])) for m in found if m]


def test_a_users_step_of_a_condition_input_persists_through_the_conditions_later_steps():
    """Bed rest (loading x0.226 for 17 weeks) with '--set loading=0.5@60': the end of bed rest,
    at day 119, set loading back to the subject's own 1.0, replacing the user's 0.5 without a
    word. The course's later step acts on the user's value in force then."""
    steps = [osteon.events.ParameterStep(60.0, "loading", 0.5)]
    mid = osteon.simulate("osteon", steps, duration=200, save=[0.0, 119.0, 200.0],
                          conditions="bed rest for 17 weeks")
    assert _loading_steps(mid) == [(0.0, pytest.approx(0.226)), (60.0, 0.5), (119.0, 0.5)]
    # a run that steps it to 0.5 again after the end is the same run: the user's 0.5 held
    again = osteon.simulate("osteon", [*steps, osteon.events.ParameterStep(150.0, "loading", 0.5)],
                            duration=200, save=[0.0, 119.0, 200.0],
                            conditions="bed rest for 17 weeks")
    for v in ("OCa", "OBa", "p1np", "ctx"):
        np.testing.assert_allclose(mid[v][0], again[v][0], rtol=1e-6, err_msg=v)
    # a user's step before the onset is the subject's value the bed rest multiplies, and what
    # its end restores
    before = osteon.simulate("osteon", [osteon.events.ParameterStep(10.0, "loading", 1.5)],
                             duration=200, save=[0.0, 200.0],
                             conditions="bed rest from 30 days for 17 weeks")
    assert _loading_steps(before) == [(10.0, 1.5), (30.0, pytest.approx(1.5 * 0.226)),
                                      (149.0, 1.5)]
    # after the condition's end the user's step stands as it is, and acts
    after = osteon.simulate("osteon", [osteon.events.ParameterStep(150.0, "loading", 0.5)],
                            duration=200, save=[0.0, 200.0], conditions="bed rest for 17 weeks")
    assert _loading_steps(after) == [(0.0, pytest.approx(0.226)), (119.0, 1.0), (150.0, 0.5)]
    plain = osteon.simulate("osteon", duration=200, save=[0.0, 200.0],
                            conditions="bed rest for 17 weeks")
    assert after["ctx"][0][-1] > plain["ctx"][0][-1] * 1.001  # less loading: more resorption


def test_a_users_step_of_a_condition_input_persists_in_the_cli(tmp_path):
    out = tmp_path / "run"
    r = runner.invoke(app, ["simulate", "--days", "200", "--points", "3", "--condition",
                            "bed rest for 17 weeks", "--set", "loading=0.5@60",
                            "--set", "loading=0.8@150", "--out", str(out)])
    assert r.exit_code == 0, r.output
    events = json.loads((out / "summary.json").read_text())["events"]
    steps = [e for e in events if "name='loading'" in e]
    assert steps == ["ParameterStep(time=0.0, name='loading', value=0.226)",
                     "ParameterStep(time=60.0, name='loading', value=0.5)",
                     "ParameterStep(time=119.0, name='loading', value=0.5)",
                     "ParameterStep(time=150.0, name='loading', value=0.8)"]


def test_the_start_point_is_before_a_condition_from_0_and_what_it_moves_at_once_is_said():
    """'--condition "vitamin D deficiency"' showed serum_25ohd_total starting at 30 ng/mL, the
    subject's own, without a word: the t = 0 point is before what starts at 0 (as at any
    event's time, and as every other variable's t = 0 point); the result now says which
    variables the onset moves at once, and to what."""
    save = [0.0, 1e-6, 30.0]
    d = osteon.simulate("osteon", patient="female, age 70", conditions="vitamin D deficiency",
                        duration=30, save=save)
    own = osteon.simulate("osteon", patient="female, age 70", duration=30, save=save)
    # every variable's t = 0 point is the subject's before the onset
    np.testing.assert_allclose(d.values[0, 0], own.values[0, 0], rtol=1e-12)
    assert d["serum_25ohd_total"][0][0] == pytest.approx(30.0)
    after = d.attrs["after_events_at_start"]
    assert list(after) == ["serum_25ohd_total"]
    assert after["serum_25ohd_total"] == [pytest.approx(10.0)]  # the default severity
    assert d["serum_25ohd_total"][0][1] == pytest.approx(after["serum_25ohd_total"][0])
    assert own.attrs["after_events_at_start"] == {}
    # a deficiency she already has acts at t = 0: nothing moves at the start
    had = osteon.simulate("osteon", patient="female, age 70", duration=30, save=save,
                          conditions="vitamin D deficiency 12 ng/mL for the past 5 years")
    assert had["serum_25ohd_total"][0][0] == pytest.approx(12.0)
    assert had.attrs["after_events_at_start"] == {}
    r = runner.invoke(app, ["simulate", "--patient", "female, age 70", "--days", "30",
                            "--points", "3", "--condition", "vitamin D deficiency"])
    assert r.exit_code == 0, r.output
    text = " ".join(r.output.split())
    assert "start: the value at t = 0 before what starts at 0" in text
    assert "just after it: serum_25ohd_total 10 ng/mL" in text


def test_a_stepped_parameter_that_acts_only_through_a_condition_input_is_warned_of_too():
    """'--set klotho_opg_effect=0' (a step, not the parameter set) ran the same as without it,
    without a word, where '--param klotho_opg_effect=0' warned."""
    with pytest.warns(OsteonWarning) as rec:
        r = runner.invoke(app, ["simulate", "--patient", "female, age 40", "--days", "60",
                                "--points", "3", "--set", "klotho_opg_effect=0@10"])
    assert r.exit_code == 0, r.output
    lines = [str(w.message) for w in rec if "acts only where" in str(w.message)]
    assert len(lines) == 1
    assert lines[0].startswith("parameter 'klotho_opg_effect' acts only where klotho is away "
                               "from 1, which nothing in this run moves")
    with pytest.warns(OsteonWarning, match="'inflammation_tcell_gain' acts only where"):
        osteon.simulate("osteon", [osteon.events.ParameterStep(10.0, "inflammation_tcell_gain",
                                                               0.0)], duration=30, save=2)
    # a step of the input itself moves it: quiet
    with warnings.catch_warnings():
        warnings.simplefilter("error", OsteonWarning)
        osteon.simulate("osteon", [osteon.events.ParameterStep(10.0, "klotho_opg_effect", 0.0),
                                   osteon.events.ParameterStep(10.0, "klotho", 0.5)],
                        duration=30, save=2)


@pytest.mark.parametrize(("cond", "lowest"), [
    ("klotho deficiency 50 %", "0.5"),
    # CKD's klotho at eGFR 35 is about 0.54 of normal: the README's CKD example
    ("chronic kidney disease 35 mL/min", "0.54"),
])
def test_a_klotho_bone_effect_is_warned_of_where_klotho_stays_within_the_threshold(cond, lowest):
    """'--param klotho_opg_effect=0' with CKD at eGFR 35 or 'klotho deficiency 50 %' ran the
    same as without it, without a word: the bone-cell effects act only beyond the klotho
    deficit klotho_bone_threshold (0.5), which the run's klotho never passes."""
    with pytest.warns(OsteonWarning) as rec:
        osteon.simulate("osteon", duration=30, save=2, conditions=cond,
                        parameters={"klotho_opg_effect": 0.0, "vascular_klotho_gain": 1.0})
    lines = [str(w.message) for w in rec if "klotho_bone_threshold" in str(w.message)]
    assert len(lines) == 1, [str(w.message) for w in rec]
    assert lines[0].startswith("parameter 'klotho_opg_effect' acts on bone cells only where the "
                               "klotho deficit passes klotho_bone_threshold (0.5)")
    assert f"klotho stays at {lowest} or above" in lines[0]
    assert "the run is the same as without it" in lines[0]
    # vascular_klotho_gain, also given, is not named idle: the vessel's effects act at any deficit
    assert "the vessel's klotho effects (vascular_klotho_gain" in lines[0]
    # beyond the threshold it acts: quiet (a lower threshold too)
    for kw in ({"conditions": "klotho deficiency 0.3"},
               {"conditions": cond, "parameters": {"klotho_bone_threshold": 0.3}}):
        with warnings.catch_warnings():
            warnings.simplefilter("error", OsteonWarning)
            osteon.simulate("osteon", duration=30, save=2, conditions=kw["conditions"],
                            parameters={"klotho_opg_effect": 0.0, **kw.get("parameters", {})})


@pytest.mark.parametrize("kw", [
    {"conditions": "klotho deficiency"},
    # eGFR 20: klotho 0.44, past the bone effects' threshold (at eGFR 40, klotho 0.58, the
    # effect is idle and said to be: test_a_klotho_bone_effect_is_warned_of_...)
    {"conditions": "chronic kidney disease 20 from 10 days"},
    {"parameters": {"klotho": 0.95}},  # the input itself, away from normal
    {"population": pd.DataFrame({"klotho": [1.0, 0.95]})},
    {"regimen": [osteon.events.ParameterStep(10.0, "klotho", 0.5)]},
])
def test_a_run_that_moves_the_input_passes_quietly(kw):
    parameters = {"klotho_opg_effect": 0.0, **kw.pop("parameters", {})}
    # a klotho held below normal from the start has no steady state (vessels calcify on):
    # those runs start from the model's initial values
    initial = "model" if "klotho" in parameters or "population" in kw else "steady_state"
    osteon.simulate("osteon", duration=30, save=2, parameters=parameters, initial=initial, **kw)


def test_the_parameters_said_to_act_only_through_an_input_are_those_the_model_has():
    """Read from the right-hand side: a parameter that changes no rate and no observable at
    the inputs' neutral values (at the baseline state of a woman of 60 and at states around
    it), and changes them once a condition input moves, acts only through that input. The
    drug layer's inputs (vitamin_d_repletion) are the drugs', not the user's."""
    from osteon.drugs.base import COMBINE as DRUG_INPUTS
    from osteon.library import load

    spec = load("osteon")
    r = osteon.simulate("osteon", patient="female, age 60", duration=1.0, save=[0.0, 1.0])
    y0 = np.asarray(r.baseline[:, :spec.n_states], dtype=float)
    rng = np.random.default_rng(0)
    y = np.vstack([y0, *(y0 * np.exp(rng.normal(0.0, 0.3, y0.shape)) + 1e-3 * (y0 == 0.0)
                         for _ in range(4))])
    row = r.parameters.iloc[0]
    base = {k: np.full(len(y), float(row[k])) for k in r.parameters.columns if k != "subject_id"}

    def rates(p):
        with np.errstate(all="ignore"):
            obs = spec.observe(0.0, y, p, np)
            return np.concatenate([np.asarray(spec.rhs(0.0, y, p, np)).ravel(),
                                   *(np.asarray(v, dtype=float).ravel() for v in obs.values())])

    def acts(p, name, values):
        ref = rates(p)
        return any(not np.allclose(rates({**p, name: np.full(len(y), v)}), ref, rtol=1e-12,
                                   atol=0.0, equal_nan=True) for v in values)

    # each condition input as each condition that moves it does (the catalog's default
    # severity): the bone-cell klotho effects act only beyond the heterozygote's deficit
    # (klotho_bone_threshold), which klotho deficiency's default reaches and CKD's does not
    moved: dict[str, list] = {}
    for c in conditions.CONDITIONS:
        for name, eff in c.course().effects().items():
            new = base[name] * eff if conditions.COMBINE[name] == "multiply" else base[name] + eff
            if not np.allclose(new, base[name]):
                moved.setdefault(name, []).append({**base, name: new})
    found: dict[str, set[str]] = {}
    for q in spec.parameters:
        if q.name in conditions.COMBINE or q.name in DRUG_INPUTS:
            continue
        v = float(row[q.name])
        values = [x for x in ((0.5 * v, 2.0 * v) if v else (0.5, 2.0)) if q.admits(x)]
        if not values or acts(base, q.name, values):
            continue
        for inp, ps in moved.items():
            if any(acts(p, q.name, values) for p in ps):
                found.setdefault(inp, set()).add(q.name)
    assert found == {k: set(v) for k, v in conditions.ONLY_THROUGH_INPUT.items()}


def test_the_spaceflight_card_says_what_the_model_gives():
    """The card said a man of 45 loses 'about 3.5 points at the spine and 3 at the total hip'
    and regains '30 %'; the checks it names give -3.70, -2.35 and 31.6 %."""
    from osteon import validation

    got = {o.target.id: o.observed for o in validation.run(["SF1", "SF2"]).outcomes}
    note = " ".join(conditions.get("spaceflight").card.notes)
    assert (f"loses {-got['SF1.ls']:.1f} points at the spine and {-got['SF1.th']:.1f} at the "
            f"total hip in 6 months") in note
    assert f"{got['SF2.recovery']:.0f} % of the spine's loss is regained 9 months" in note


@pytest.mark.parametrize("text, says, not_said", [
    ("secondary hyperparathyroidism", ["vitamin_d_deficiency", "chronic_kidney_disease"],
     "did you mean 'primary_hyperparathyroidism'"),
    ("secondary hyperparathyroidism 150 pg/mL from 0", ["vitamin_d_deficiency"],
     "did you mean"),
    ("hyperthyroidism", ["not modelled", "a disease of the parathyroid"], "did you mean"),
    ("thyrotoxicosis", ["not modelled"], "did you mean"),
])
def test_misleading_near_names_get_their_own_hint(text, says, not_said):
    """Sweep finding 8: 'hyperthyroidism' and 'secondary hyperparathyroidism' were offered
    primary_hyperparathyroidism, a different disease; secondary hyperparathyroidism is modelled
    through its causes."""
    from osteon import conditions

    with pytest.raises(UnknownNameError) as e:
        conditions.parse(text)
    msg = str(e.value)
    assert not_said not in msg
    for words in says:
        assert words in msg
    assert "allowed: aromatase_inhibitor" in msg
    # a near misspelling still gets its did-you-mean
    with pytest.raises(UnknownNameError, match="did you mean 'primary_hyperparathyroidism'"):
        conditions.parse("primary hyperparathyroidsm")


def test_every_name_a_condition_card_lists_is_accepted_in_any_case():
    # (no miss here, unlike the drug cards' aliases: kept as the guard that each name the card
    # lists under 'also written' is one get, 'osteon conditions show' and a course accept)
    from osteon.conditions.catalog import CONDITIONS

    for cond in CONDITIONS:
        card = conditions.card_text(cond.id)
        for alias in cond.aliases:
            assert alias in card
            for written in (alias, alias.upper(), alias.title()):
                assert conditions.get(written).id == cond.id, written
                assert conditions.parse(written).condition.id == cond.id, written
                r = CliRunner().invoke(app, ["conditions", "show", written])
                assert r.exit_code == 0, (written, r.output)


@pytest.mark.parametrize("rx", ["teriparatide 20 ug/day sc continuous infusion for 6 months",
                                "teriparatide 20 ug/day sc continuous infusion from 1 month "
                                "for 6 months"])
def test_an_infusion_into_an_input_a_condition_sets_is_refused_naming_the_drug(rx):
    # primary hyperparathyroidism adds to IPTHinf, the input teriparatide's infusion enters:
    # at day 0 the refusal spoke of a user's step; from 1 month the infusion's rate replaced the
    # condition's input without a word, and its end set it to 0, ending the condition
    with pytest.warns(OsteonWarning, match="avoid PTH-receptor agonists"), \
            pytest.raises(InputError) as e:
        osteon.simulate("osteon", rx, patient="female, age 60",
                        conditions="primary hyperparathyroidism", duration=200, save=[0, 200])
    msg = str(e.value)
    assert msg.startswith("teriparatide as a continuous infusion enters 'IPTHinf', which "
                          "condition 'primary_hyperparathyroidism' also sets")
    assert "give teriparatide as doses" in msg


def test_klotho_card_says_serum_opg_jumps_at_onset_before_it_falls_with_the_osteoblasts():
    """The card said serum OPG is '10-11 % lower over the first year' at 40: the run shows it
    about 80 % above the untreated control just after the onset (the per-osteoblast doubling on
    the osteoblasts there), back below it within weeks, and lower at 1 year; simulate's table
    printed that maximum (3.06e4 pM against 1.82e4 at the start) without the card saying why."""
    t = np.array([0.0, 0.01, 7.0, 42.0, 365.25])
    kw = {"patient": "female, age 40", "duration": "1 year", "save": t}
    kl = osteon.simulate("osteon", conditions=["klotho deficiency"], **kw)["opg"][0]
    ctl = osteon.simulate("osteon", **kw)["opg"][0]
    rel = kl / ctl - 1.0
    assert rel[0] == pytest.approx(0.0, abs=1e-9)
    assert rel[1] > 0.5 and rel[2] > 0.2  # up at the onset and for days after
    assert rel[3] < -0.05 and rel[4] < -0.05  # below the control from about a month on
    note = " ".join(conditions.card_text("klotho deficiency").split())
    assert "just after the onset" in note and "lower from about the fourth week" in note


def test_the_readme_conditions_row_of_opg_excess_says_which_part_is_missed():
    """The README's conditions table said 'AN3: bone gained, surgical-menopause loss
    prevented' as if both were met, while AN3.prevention was missed (LS -6.3 % against 0 ± 1)
    and the paragraph below the table said so. Now the row says what each part gives."""
    from pathlib import Path

    from osteon import validation

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    (row,) = [line for line in readme.splitlines() if line.startswith("| OPG deficiency (AN2)")]
    an3 = row.split("AN3:")[1]
    outcomes = validation.run(["AN3"]).outcomes
    assert {o.target.id for o in outcomes} == {"AN3.gain", "AN3.prevention"}
    for o in outcomes:
        if o.status == "miss":  # said, with what the model gives
            assert "missed" in an3 and f"{o.observed:.1f}".replace("-", "−") in an3, an3
    if all(o.status == "pass" for o in outcomes):
        assert "missed" not in an3


def test_the_glucocorticoid_card_gives_the_resorption_rise_the_run_gives():
    """The card said resorption (osteoclasts, CTX) is 'up by only 1-1.5 % ... throughout' the
    year at 7.5 mg/day in a man of 72; against no treatment CTX is +1.5 % at 3 months and falls
    to +0.7 % at 12."""
    t = np.arange(5) * 365.25 / 4
    kw = {"patient": "male, age 72", "duration": "1 year", "save": t}
    gc = osteon.simulate("osteon", conditions=["glucocorticoids 7.5 mg/d"], **kw)
    ctl = osteon.simulate("osteon", **kw)
    ctx = 100.0 * (gc["ctx"][0] / ctl["ctx"][0] - 1.0)
    p1np = 100.0 * (gc["p1np"][0] / ctl["p1np"][0] - 1.0)
    assert np.all(np.diff(ctx[1:]) < 0.0)  # the rise wanes over the year
    mechanism = " ".join(conditions.get("glucocorticoids").card.mechanism.split())
    said = (f"CTX is up {ctx[1]:.1f} % at 3 months, waning to {ctx[4]:.1f} % at 12, and "
            f"formation (P1NP) down {-p1np[1]:.0f} % throughout")
    assert said in mechanism, said


def test_the_inflammatory_cards_say_at_what_age_the_ra_gain_was_fitted():
    """The card said the T-cell RANKL gain is calibrated to Gough 1994's LS -2.4 vs -0.6
    %/year without an age; it was fitted in a woman of 60 (GOUGH), and a woman of 40 given the
    condition loses 0.7 points more than without it in a year, not 1.8."""
    def excess(age):
        kw = {"patient": f"female, age {age}", "duration": "1 year", "save": 2}
        ra = osteon.simulate("osteon", conditions=["rheumatoid arthritis"], **kw)
        ctl = osteon.simulate("osteon", **kw)
        return 100.0 * (ra["bmd_lumbar_spine"][0][-1] / ra["bmd_lumbar_spine"][0][0]
                        - ctl["bmd_lumbar_spine"][0][-1] / ctl["bmd_lumbar_spine"][0][0])

    at = {age: excess(age) for age in (40, 60)}
    assert at[40] > at[60] + 0.5  # a younger woman loses clearly less
    for cid in ("rheumatoid_arthritis", "inflammation"):
        said = " ".join(conditions.get(cid).card.calibrated_to)
        assert f"fitted in a woman of 60 (GOUGH: {at[60]:.1f} points" in said, said
        assert f"{at[40]:.1f} at 40" in said, said


def test_every_card_names_the_parameters_that_act_only_through_its_inputs():
    """The cards' 'sized in the model by' was read from parameter names alone: OPG deficiency's
    card named none, though vascular_rankl_gain=0 takes its vessel arm away (the calcification
    index of a woman of 60 after 2 years 11.0 -> 2.91, the level without the disease), nor did
    vitamin K deficiency's (mgp_inhibition_gain) or senescent-cell burden's
    (sasp_propagation_gain), which the run's idle-parameter check knows act through them."""
    for cond in conditions.CONDITIONS:
        card = conditions.card_text(cond.id)
        for inp in cond.acts_on:
            for name in conditions.ONLY_THROUGH_INPUT.get(inp, ()):
                assert f"\n  {name} = " in card, (cond.id, name)
    kw = {"patient": "female, age 60", "duration": "2 years", "save": 2}
    vessel = {g: osteon.simulate("osteon", conditions=["opg deficiency"],
                                 parameters=None if g is None else {"vascular_rankl_gain": g},
                                 **kw)["vascular_calcification_index"][0][-1]
              for g in (None, 0.0)}
    none = osteon.simulate("osteon", **kw)["vascular_calcification_index"][0][-1]
    assert vessel[None] > 2.0 * none and vessel[0.0] == pytest.approx(none, rel=1e-3)


def test_a_klotho_threshold_that_cannot_act_is_said():
    """'klotho deficiency' (klotho 0) with --param klotho_bone_threshold=0.2 ran the same as
    without it, silently, though its card lists the threshold among the parameters to override
    to see what each path explains: at klotho 0 the deficit beyond the threshold, rescaled to
    1 at klotho 0, is 1 whatever the threshold. A partial loss is moved by it."""
    kw = dict(patient="female, age 40", duration=YEAR, save=[0.0, YEAR])
    for text, idle in (("klotho deficiency", True), ("klotho deficiency 30 %", False)):
        a = osteon.simulate("osteon", conditions=[text], **kw)
        with warnings.catch_warnings(record=True) as rec:
            warnings.simplefilter("always", OsteonWarning)
            b = osteon.simulate("osteon", conditions=[text],
                                parameters={"klotho_bone_threshold": 0.2}, **kw)
        said = [str(w.message) for w in rec if "klotho_bone_threshold" in str(w.message)]
        assert bool(said) is idle, (text, said)
        assert all("klotho is only 1 or 0 in this run" in m for m in said)
        same = a["bmd_total_hip"][0][-1] == pytest.approx(b["bmd_total_hip"][0][-1], rel=1e-9)
        assert bool(same) is idle, text


@pytest.mark.parametrize(("text", "params", "inert"), [
    ("vitamin D deficiency 20 ng/mL", None, True),
    ("vitamin D deficiency 17.6 ng/mL", None, True),
    ("vitamin D deficiency 12 ng/mL", None, False),
    # her own level or the breakpoint given: what counts is the level the course brings her to
    ("vitamin D deficiency 20 ng/mL", {"vitd_breakpoint": 25.0}, False),
    ("vitamin D deficiency 12 ng/mL", {"vitd_breakpoint": 5.0}, True),
])
def test_a_vitamin_d_deficiency_above_the_breakpoint_is_said_to_do_nothing(text, params, inert):
    """'vitamin D deficiency 20 ng/mL' ran as without it but for the 25(OH)D readout and said
    nothing: at or above vitd_breakpoint (17.6 ng/mL) calcitriol synthesis is not
    substrate-limited in the model, which only the card said. With a vitamin D supplement the
    level matters (its kinetics start from it), and nothing is said."""
    kw = dict(patient="female, age 60", duration=YEAR, save=[0.0, YEAR], parameters=params)
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always", OsteonWarning)
        a = osteon.simulate("osteon", conditions=[text], **kw)
    said = [str(w.message) for w in rec if "changes only the 25(OH)D readout" in str(w.message)]
    assert len(said) == int(inert), said
    b = osteon.simulate("osteon", **kw)
    same = a["pth"][0][-1] == pytest.approx(b["pth"][0][-1], rel=1e-9)
    assert bool(same) is inert
    if inert:
        assert "vitd_breakpoint" in said[0] and "vitamin_d_deficiency" in said[0]
        assert a["serum_25ohd_total"][0][-1] < b["serum_25ohd_total"][0][-1]  # the readout
        osteon.simulate("osteon", "vitamin D 1000 IU oral daily", conditions=[text], **kw)


def test_a_surgical_menopause_after_the_natural_one_says_how_little_it_removes():
    """'surgical menopause' in a woman past her menopause changes little (spine vs control over
    2 years: -4.5 points at 50, -1.1 at 52, 0.00 at 60) and the run said nothing (only the
    card did). It now says what the ovaries still make at onset; before her menopause, nothing."""
    import re

    def said(patient, **kw):
        with warnings.catch_warnings(record=True) as got:
            warnings.simplefilter("always", OsteonWarning)
            r = osteon.simulate("osteon", patient=patient, duration="2 years", save=2,
                                conditions="surgical menopause", **kw)
        lines = [str(w.message) for w in got if "ovaries then make" in str(w.message)]
        return lines, r

    none, _ = said("female, age 50")
    assert none == []
    assert said("female, age 53, menopause at 55")[0] == []  # her own menopause is later
    (late,), r = said("female, age 60")
    assert "begins at age 60, after the subject's menopause (age_menopause 51.4)" in late
    share = float(re.search(r"make ([\d.e+-]+) % of", late).group(1))
    assert share < 0.01  # the transition is over: nothing left to remove
    control = osteon.simulate("osteon", patient="female, age 60", duration="2 years", save=2)
    # what is left to remove moves the spine by parts per million in 2 years (2e-6 measured)
    assert (r["bmd_lumbar_spine"][0][-1] == pytest.approx(control["bmd_lumbar_spine"][0][-1],
                                                          rel=1e-5))
    (early,), _ = said("female, age 52")
    assert 5 < float(re.search(r"make ([\d.e+-]+) % of", early).group(1)) < 50  # 18 % left
