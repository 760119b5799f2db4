"""Attribution of the life-course bone loss to the integrated model's aging mechanisms."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from osteon.aging import attribute_aging, mechanisms
from osteon.cli.app import app
from osteon.errors import InputError
from osteon.readouts.densitometry import SITES


def test_the_model_has_six_aging_switches():
    assert set(mechanisms()) == {"aging_estrogen", "aging_igf1", "aging_sasp_systemic",
                                 "aging_adipogenic_drift", "aging_senescence",
                                 "aging_sclerostin"}


@pytest.fixture(scope="module")
def woman():
    return attribute_aging("female, age 30, menopause at 51", to_age=80)


def test_without_any_aging_mechanism_the_young_adult_keeps_her_bone(woman):
    for s in SITES:
        assert woman.change_none[s] == pytest.approx(0.0, abs=1e-3), s
        assert woman.change_all[s] < -15.0, s  # and with them she loses a lot


def test_each_mechanism_costs_bone_and_the_parts_close_the_total(woman):
    for m, by_site in woman.attributable.items():
        assert by_site["lumbar_spine"] < 0.0, m
    frame = woman.to_frame()
    assert list(frame["mechanism"][-3:]) == ["interactions", "all off", "all on"]
    for s in SITES:
        parts = frame[f"attributable_{s}"].iloc[:-2].sum()  # mechanisms + interactions
        assert parts == pytest.approx(woman.change_all[s] - woman.change_none[s], abs=1e-9)
    # ranked by the spine loss each explains
    spine = list(frame["attributable_lumbar_spine"].iloc[:len(woman.attributable)])
    assert spine == sorted(spine)


def test_estrogen_loss_costs_a_woman_more_than_a_man(woman):
    man = attribute_aging("male, age 30", to_age=80, only=["aging_estrogen"])
    assert (woman.attributable["aging_estrogen"]["lumbar_spine"]
            < man.attributable["aging_estrogen"]["lumbar_spine"] <= 0.0)


@pytest.mark.parametrize("kwargs,field", [
    ({"patient": "female, age 60, t_score_femoral_neck=-2"}, "patient"),
    ({"to_age": 50.0}, "to_age"), ({"to_age": 120.0}, "to_age"), ({"to_age": "80"}, "to_age"),
    ({"only": ["aging_gravity"]}, "only"), ({"only": []}, "only"),
])
def test_bad_input_names_the_field(kwargs, field):
    args = {"patient": "female, age 60"} | kwargs
    with pytest.raises(InputError, match=field):
        attribute_aging(args.pop("patient"), **args)


def test_cli_prints_json_and_writes_the_figure(tmp_path):
    res = CliRunner().invoke(app, ["aging", "--patient", "female, age 45, menopause at 50",
                                   "--to-age", "60", "--mechanism", "aging_estrogen",
                                   "--json", "--out", str(tmp_path)])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert out["start_age"] == 45 and out["end_age"] == 60
    rows = {r["mechanism"]: r for r in out["rows"]}
    assert rows["aging_estrogen"]["attributable_lumbar_spine"] < 0.0
    assert (tmp_path / "attribution.png").stat().st_size > 0
    assert (tmp_path / "attribution.csv").read_text().startswith("mechanism,")
    bad = CliRunner().invoke(app, ["aging", "--to-age", "20"])
    assert bad.exit_code == 2 and "to_age" in bad.output


def test_cli_table_prints_all_on_and_all_off_as_their_whole_change():
    # with one mechanism chosen, 'all off' keeps the others: all on's attributable points
    # (all on - all off) are not its change, which the footer says the row is
    res = CliRunner().invoke(app, ["aging", "--patient", "female, age 50, menopause at 51",
                                   "--to-age", "52", "--mechanism", "aging_estrogen"])
    assert res.exit_code == 0, res.output
    js = CliRunner().invoke(app, ["aging", "--patient", "female, age 50, menopause at 51",
                                  "--to-age", "52", "--mechanism", "aging_estrogen", "--json"])
    rows = {r["mechanism"]: r for r in json.loads(js.output)["rows"]}
    line = next(x for x in res.output.splitlines() if "all on" in x)
    assert f"{rows['all on']['change_lumbar_spine']:+.1f}" in line
    assert abs(rows["all on"]["change_lumbar_spine"]
               - rows["all on"]["attributable_lumbar_spine"]) > 0.1  # the two readings differ


def test_cli_mechanisms_are_named_with_the_option():
    for extra in (["--mechanism", "aging_foo"],
                  ["--mechanism", "aging_igf1", "--mechanism", "aging_igf1"]):
        res = CliRunner().invoke(app, ["aging", "--patient", "female, age 50", "--to-age", "51",
                                       *extra])
        assert res.exit_code == 2 and "--mechanism must name aging switches" in res.output


def test_a_warning_every_run_gives_is_given_once():
    """'osteon aging --to-age 95' printed the age-scope warning once per run, 2 + N times."""
    from osteon.errors import OsteonWarning

    with pytest.warns(OsteonWarning) as rec:
        attribute_aging("female, age 30", to_age=95, mechanism=["aging_igf1"])
    said = [str(w.message) for w in rec]
    assert said[0] == (
        "the run takes the patient from age 30 to 95, past the age scope of model 'osteon' "
        "(25-90 years, its card): beyond 90 its life-course drivers are extrapolated, not "
        "checked against data")
    # nothing else: the vessel index stays below 24, the top of its score, at any age
    # (tests/test_vascular_range)
    assert len(said) == 1, said
    with pytest.warns(OsteonWarning):
        res = CliRunner().invoke(app, ["aging", "--to-age", "95", "--mechanism", "aging_igf1"])
    assert res.exit_code == 0, res.output


@pytest.mark.parametrize(("patient", "named"), [
    ("female, age 30, glucocorticoids", "got glucocorticoids in"),
    ("male, age 40, smoker, prior fracture", "got prior_fracture, smoker in"),
    ("female, age 30, bmi 31", "got bmi in"),
    ("female, age 30, alcohol 4 units/day", "got alcohol_units_per_day in"),
])
def test_risk_factors_are_refused_as_a_bmd_is(patient, named):
    """'female, age 30, glucocorticoids' was accepted though the flag changes no bone (and
    every run warned that it raises the fracture readouts only), while a BMD is refused."""
    with pytest.raises(InputError, match="sex, age and menopause only") as e:
        attribute_aging(patient, to_age=40)
    assert named in str(e.value) and "fracture readouts" in str(e.value)
    res = CliRunner().invoke(app, ["aging", "--patient", patient, "--to-age", "40"])
    assert res.exit_code == 2 and named in " ".join(res.output.split())


def test_mechanism_is_the_api_name_of_the_clis_option_and_only_still_works():
    by_mechanism = attribute_aging("female, age 50", to_age=52, mechanism=["aging_igf1"])
    by_only = attribute_aging("female, age 50", to_age=52, only=["aging_igf1"])
    assert by_mechanism.change_without == by_only.change_without
    assert list(by_mechanism.change_without) == ["aging_igf1"]
    with pytest.raises(InputError, match=r"mechanism must name aging switches.*'aging_gravity'"):
        attribute_aging("female, age 50", to_age=52, mechanism=["aging_gravity"])
    with pytest.raises(InputError, match="give mechanism or only"):
        attribute_aging("female, age 50", to_age=52, mechanism=["aging_igf1"],
                        only=["aging_igf1"])


def test_one_mechanism_may_be_named_as_a_string_and_none_twice():
    """mechanism='aging_igf1' (one name, as the CLI's one --mechanism) was refused with
    "must name aging switches among aging_estrogen, aging_igf1, ...; got 'aging_igf1'": the
    string was read letter by letter. A name given twice ran silently in Python while the CLI
    refused it."""
    one = attribute_aging("female, age 50", to_age=52, mechanism="aging_igf1")
    assert list(one.change_without) == ["aging_igf1"]
    assert one.change_without == attribute_aging("female, age 50", to_age=52,
                                                 mechanism=["aging_igf1"]).change_without
    with pytest.raises(InputError, match=r"mechanism must name .* each once.*aging_igf1"):
        attribute_aging("female, age 50", to_age=52, mechanism=["aging_igf1", "aging_igf1"])
    with pytest.raises(InputError, match=r"only must name .*'aging_gravity'"):
        attribute_aging("female, age 50", to_age=52, only="aging_gravity")


def test_an_assumed_menopause_is_said_where_the_patient_gives_none():
    """'osteon aging --patient "female, age 30"' ran her life course with menopause at the
    median 51.4 without a word (simulate notes it), though the estrogen part depends on it."""
    said = attribute_aging("female, age 50", to_age=52, mechanism="aging_igf1")
    assert len(said.notes) == 1 and "51.4 years, was assumed" in said.notes[0]
    assert "aging_estrogen" in said.notes[0] and "menopause at 49" in said.notes[0]
    assert said.to_dict()["notes"] == list(said.notes)
    for given in ("female, age 50, menopause at 51", "male, age 50"):
        assert attribute_aging(given, to_age=52, mechanism="aging_igf1").notes == ()
    res = CliRunner().invoke(app, ["aging", "--patient", "female, age 50", "--to-age", "52",
                                   "--mechanism", "aging_igf1"])
    assert res.exit_code == 0, res.output
    assert "note: menopause not given" in " ".join(res.output.split())
    js = CliRunner().invoke(app, ["aging", "--patient", "female, age 50", "--to-age", "52",
                                  "--mechanism", "aging_igf1", "--json"])
    assert "51.4 years, was assumed" in json.loads(js.output)["notes"][0]
    quiet = CliRunner().invoke(app, ["aging", "--patient", "female, age 50, menopause at 51",
                                     "--to-age", "52", "--mechanism", "aging_igf1"])
    assert "note:" not in quiet.output
