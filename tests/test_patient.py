"""Patient, its text parser, and the densitometry reference (T-score <-> BMD)."""

import dataclasses
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from osteon.errors import InputError, UnknownNameError
from osteon.patient import ALCOHOL_RANGE, MEDIAN_AGE_AT_MENOPAUSE, Patient, parse_patient
from osteon.readouts import REFERENCE, SITES, bmd_from_t_score, canonical_site, t_score
from osteon.readouts.densitometry import plausible_bmd_range, plausible_t_score_range

# ---------------------------------------------------------------------------------------------
# densitometry
# ---------------------------------------------------------------------------------------------


def test_reference_values_and_sources():
    assert SITES == ("lumbar_spine", "total_hip", "femoral_neck")
    assert (REFERENCE["femoral_neck"].mean, REFERENCE["femoral_neck"].sd) == (0.858, 0.120)
    assert (REFERENCE["total_hip"].mean, REFERENCE["total_hip"].sd) == (0.942, 0.122)
    assert (REFERENCE["lumbar_spine"].mean, REFERENCE["lumbar_spine"].sd) == (1.047, 0.110)
    assert "9850356" in REFERENCE["femoral_neck"].source
    assert "9850356" in REFERENCE["total_hip"].source
    assert REFERENCE["lumbar_spine"].assumption and "ASSUMPTION" in REFERENCE["lumbar_spine"].source
    assert not REFERENCE["femoral_neck"].assumption


def test_femoral_neck_threshold_is_exactly_minus_2_5():
    assert t_score(0.858 - 2.5 * 0.120, "femoral_neck") == -2.5
    assert t_score(0.858, "femoral_neck") == 0.0
    assert bmd_from_t_score(-2.5, "femoral_neck") == pytest.approx(0.558, abs=1e-12)


@pytest.mark.parametrize("site", SITES)
def test_t_score_and_bmd_are_inverse(site):
    t = np.linspace(plausible_t_score_range(site)[0], 10, 41)
    bmd = bmd_from_t_score(t, site)
    assert isinstance(bmd, np.ndarray) and bmd.shape == t.shape
    np.testing.assert_allclose(t_score(bmd, site), t, atol=1e-9)


@given(site=st.sampled_from(SITES), t=st.floats(-4.5, 10, allow_nan=False))
def test_inverse_property(site, t):
    assert t_score(bmd_from_t_score(t, site), site) == pytest.approx(t, abs=1e-9)


def test_vectorized_shapes_and_scalars():
    assert isinstance(t_score(0.7, "fn"), float)
    assert isinstance(bmd_from_t_score(-1, "ls"), float)
    out = t_score([[0.7, 0.8], [0.9, 1.0]], "total_hip")
    assert out.shape == (2, 2)


def test_site_aliases():
    assert canonical_site("fn") == canonical_site("Neck") == canonical_site("femoral neck") == "femoral_neck"
    assert canonical_site("ls") == canonical_site("spine") == canonical_site("L1-L4") == "lumbar_spine"
    assert canonical_site("th") == canonical_site("hip") == canonical_site("Total-Hip") == "total_hip"


def test_unknown_site_did_you_mean():
    with pytest.raises(UnknownNameError, match=r"unknown densitometry site 'femoral_nek'.*did you mean "
                                               r"'femoral_neck'.*allowed: lumbar_spine"):
        t_score(0.7, "femoral_nek")


@pytest.mark.parametrize("bad", [0.0, -0.1, math.nan, math.inf, "0.8", True, [0.8, -1.0]])
def test_bad_bmd(bad):
    with pytest.raises(InputError, match=r"bmd at femoral_neck must be a finite number > 0 g/cm²; got"):
        t_score(bad, "fn")


def test_bad_bmd_in_array_names_element():
    with pytest.raises(InputError, match=r"got -1\.0 \(element 1 of 2\)"):
        t_score([0.8, -1.0], "fn")


@pytest.mark.parametrize("bad", [-15, -6.2, 10.01, math.nan, [0.0, 11.0]])
def test_bad_t_score(bad):
    with pytest.raises(InputError, match=r"T-score at total_hip must be a number between -6\.177 and "
                                         r"10 \(the lower end is a BMD of 0\.1884 g/cm², 20 % of the "
                                         r"young-adult mean 0\.942 g/cm², a plausibility bound.*\); got"):
        bmd_from_t_score(bad, "total_hip")


def test_t_score_bounds_are_allowed():
    # the floor is a fifth of the young-adult mean BMD; the top, T-score 10
    assert plausible_t_score_range("fn") == (-5.72, 10.0)
    for site in SITES:
        lo, hi = plausible_t_score_range(site)
        assert bmd_from_t_score(lo, site) == pytest.approx(0.2 * REFERENCE[site].mean, rel=1e-9)
        assert bmd_from_t_score(hi, site) == pytest.approx(plausible_bmd_range(site)[1])
    assert bmd_from_t_score(10, "lumbar_spine") == pytest.approx(1.047 + 1.10)
    # -10 at the lumbar spine was a BMD of 1.047 - 1.10 = -0.053 g/cm²
    with pytest.raises(InputError, match=r"got -10"):
        bmd_from_t_score(-10, "lumbar_spine")


# ---------------------------------------------------------------------------------------------
# Patient construction and validation
# ---------------------------------------------------------------------------------------------


def test_defaults_and_normalization():
    p = Patient("F", 60)
    assert p.sex == "female" and p.age == 60.0 and isinstance(p.age, float)
    assert p.age_at_menopause is None and p.bmi is None
    assert dict(p.bmd) == {} and dict(p.t_score) == {}
    assert not any([p.prior_fracture, p.parental_hip_fracture, p.smoker, p.glucocorticoids,
                    p.rheumatoid_arthritis])
    assert p.alcohol_units_per_day == 0.0
    assert Patient("man", 60).sex == "male" and Patient("Woman", 60).sex == "female"
    assert Patient("M", 60, bmd=None, t_score=None) == Patient("male", 60)


def test_frozen_and_hashable():
    p = Patient("female", 60, t_score={"fn": -2.0})
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.age = 70  # type: ignore[misc]
    with pytest.raises(TypeError):
        p.t_score["femoral_neck"] = 0.0  # type: ignore[index]
    assert hash(p) == hash(Patient("female", 60, t_score={"femoral_neck": -2.0}))


def test_repr_is_readable():
    p = Patient("female", 72, t_score={"fn": -2.6}, prior_fracture=True)
    assert repr(p) == ("Patient(sex='female', age=72, t_score={'femoral_neck': -2.6}, "
                       "prior_fracture=True)")


def test_menopause_age_property():
    assert Patient("female", 60).menopause_age == MEDIAN_AGE_AT_MENOPAUSE == 51.4
    assert Patient("female", 60, age_at_menopause=45).menopause_age == 45.0
    assert Patient("male", 60).menopause_age is None


def test_target_bmd_combines_bmd_and_t_score():
    p = Patient("female", 65, bmd={"ls": 0.9}, t_score={"femoral_neck": -2.5})
    assert list(p.target_bmd()) == ["lumbar_spine", "femoral_neck"]
    assert p.target_bmd()["lumbar_spine"] == 0.9
    assert p.target_bmd()["femoral_neck"] == pytest.approx(0.558)


def test_replace_returns_new_validated_patient():
    p = Patient("female", 60)
    q = p.replace(age=70, smoker=True)
    assert (q.age, q.smoker, p.age, p.smoker) == (70.0, True, 60.0, False)
    with pytest.raises(InputError, match=r"Patient.age must be between 18 and 100 years; got 200"):
        p.replace(age=200)
    with pytest.raises(UnknownNameError, match=r"unknown Patient field 'agee' \(did you mean 'age'\?\)"):
        p.replace(agee=70)


@pytest.mark.parametrize("age", [18, 18.0, 50, 100])
def test_age_ok(age):
    assert Patient("female", age).age == age


@pytest.mark.parametrize("age", [17.9, 100.1, 200, -1, math.nan, math.inf])
def test_age_out_of_domain(age):
    with pytest.raises(InputError, match=r"Patient\.age must be between 18 and 100 years; got"):
        Patient("female", age)


def test_age_message_exact():
    with pytest.raises(InputError) as exc:
        Patient("female", 200)
    assert str(exc.value) == "Patient.age must be between 18 and 100 years; got 200"


@pytest.mark.parametrize("age", ["50", None, True])
def test_age_must_be_a_number(age):
    with pytest.raises(InputError, match=r"Patient\.age must be a number between 18 and 100 years"):
        Patient("female", age)


@pytest.mark.parametrize("text", ["glucocorticoids 2.5 mg/d", "steroids 5mg", "glucocorticoids 7.5"])
def test_a_glucocorticoid_dose_is_pointed_to_the_condition(text):
    # the dose was read as a second age ("a bare number is read as the age")
    with pytest.raises(InputError, match=r"a glucocorticoid dose is not read here.*--condition "
                                         r"'glucocorticoids [\d.]+ mg/day'"):
        Patient.parse(f"female, age 72, {text}")
    assert Patient.parse("female, age 72, glucocorticoids").glucocorticoids


@pytest.mark.parametrize("sex", ["x", "", None, "fmale"])
def test_bad_sex(sex):
    with pytest.raises(InputError, match=r"Patient\.sex must be 'female' or 'male'"):
        Patient(sex, 50)


def test_menopause_bounds_and_men():
    assert Patient("female", 50, age_at_menopause=30).age_at_menopause == 30.0
    assert Patient("female", 50, age_at_menopause=65).age_at_menopause == 65.0
    assert Patient("female", 40, age_at_menopause=51).age_at_menopause == 51.0  # still to come
    for bad in (29.9, 65.5):
        with pytest.raises(InputError, match=r"Patient\.age_at_menopause must be between 30 and 65 years"):
            Patient("female", 50, age_at_menopause=bad)
    with pytest.raises(InputError, match=r"age_at_menopause is only for women.*got 50 for sex='male'"):
        Patient("male", 60, age_at_menopause=50)


def test_bmi_bounds():
    assert Patient("female", 50, bmi=70).bmi == 70.0
    assert Patient("female", 50, bmi=10.01).bmi == 10.01
    for bad in (10, 70.1, 0, -5):
        with pytest.raises(InputError, match=r"Patient\.bmi must be > 10 and <= 70 kg/m²; got"):
            Patient("female", 50, bmi=bad)


def test_alcohol_bounds():
    assert Patient("female", 50, alcohol_units_per_day=0).alcohol_units_per_day == 0.0
    assert Patient("female", 50, alcohol_units_per_day=30).alcohol_units_per_day == 30.0
    # 50 units/day was accepted (no source); the fracture model's RR is one step above 2
    for bad in (-0.1, 30.5, 50):
        with pytest.raises(InputError, match=r"alcohol_units_per_day must be between 0 and 30 units/day"):
            Patient("female", 50, alcohol_units_per_day=bad)
    with pytest.raises(InputError, match=r"alcohol_units_per_day must be between 0 and 30"):
        Patient.parse("female, age 60, alcohol 50 units/day")


def test_flags_must_be_bool():
    with pytest.raises(InputError, match=r"Patient\.smoker must be True or False; got 'yes'"):
        Patient("female", 50, smoker="yes")  # type: ignore[arg-type]


def test_same_site_in_bmd_and_t_score_fails():
    with pytest.raises(InputError, match=r"site femoral_neck is given in both bmd.*and t_score"):
        Patient("female", 60, bmd={"femoral_neck": 0.7}, t_score={"fn": -2.0})


def test_site_twice_through_alias_fails():
    with pytest.raises(InputError, match=r"Patient\.bmd gives site femoral_neck twice"):
        Patient("female", 60, bmd={"fn": 0.7, "femoral_neck": 0.71})


def test_t_score_bounds_in_patient():
    # -7.1 at the femoral neck was accepted: a BMD of 0.858 - 7.1 * 0.120 = 0.006 g/cm². The
    # floor is a fifth of the young-adult mean (0.1716 g/cm², T -5.72), a labelled assumption
    assert Patient("female", 60, t_score={"fn": -5.72}).t_score["femoral_neck"] == -5.72
    assert Patient("female", 60, t_score={"th": 10}).t_score["total_hip"] == 10.0
    assert Patient("female", 60, t_score={"ls": -7.6}).t_score["lumbar_spine"] == -7.6
    for t in (-5.73, -7.1, -7.2, -10, -15):
        with pytest.raises(InputError, match=r"Patient\.t_score at femoral_neck must be a number "
                                             r"between -5\.72 and 10 \(the lower end is a BMD of "
                                             r"0\.1716 g/cm², 20 % of the young-adult mean 0\.858 "
                                             r"g/cm², a plausibility bound: see osteon\.readouts\."
                                             r"densitometry\.MIN_BMD_FRACTION\); got " + str(t)):
            Patient("female", 60, t_score={"fn": t})
    text = Patient.parse  # the text form reads the same, and says which text
    with pytest.raises(InputError, match=r"between -5\.72 and 10 .*got -7\.1 \(reading \"female"):
        text("female, age 60, t_score_femoral_neck=-7.1")
    with pytest.raises(InputError, match=r"Patient\.t_score at lumbar_spine must be a number between "
                                         r"-7\.615 and 10"):
        Patient("female", 60, t_score={"ls": -7.7})


def test_bmd_bounds_in_patient():
    assert Patient("female", 60, bmd={"fn": 0.1716}).bmd["femoral_neck"] == 0.1716
    with pytest.raises(InputError, match=r"Patient\.bmd at femoral_neck must be between 0\.1716 and "
                                         r"2\.058 g/cm² \(T-score -5\.72 to 10; BMD is in g/cm², not "
                                         r"mg/cm²; the lower end is a BMD of 0\.1716 g/cm².*\); "
                                         r"got 0\.1$"):
        Patient("female", 60, bmd={"fn": 0.1})
    with pytest.raises(InputError, match=r"got 620"):  # mg/cm²
        Patient("female", 60, bmd={"fn": 620})


@pytest.mark.parametrize("text", [
    "female, 72, BMD 840 mg/cm2 at the spine", "female, 72, BMD 840 mg/cm² at the spine",
    "female, 72, bmd_lumbar_spine=840 mg/cm2", "female, 72, bmd_lumbar_spine=840 mg/cm²",
    "female, 72, bmd_ls=840mg/cm^2", "female, 72, spine bmd of 840 MG/CM2"])
def test_a_bmd_in_mg_per_cm2_is_read_as_g_per_cm2(text):
    # "BMD 840 mg/cm2 at the spine" was refused as "a T-score or BMD needs a site" though the
    # site was given, and "bmd_lumbar_spine=840 mg/cm2" as "cannot read 'mg/cm2'"
    p = parse_patient(text)
    assert p.bmd == {"lumbar_spine": 0.84} and dict(p.t_score) == {}
    assert parse_patient(p.to_text()) == p  # written back in g/cm²
    assert "bmd_lumbar_spine=0.84" in p.to_text()


def test_a_bmd_in_mg_per_cm2_outside_the_range_names_both_units():
    with pytest.raises(InputError, match=r"cannot read 'BMD 0\.84 mg/cm2 at the spine' .*BMD at "
                                         r"lumbar_spine must be between 0\.2094 and 2\.147 g/cm² "
                                         r"\(209\.4 to 2147 mg/cm²\); got 0\.84 mg/cm², which "
                                         r"is 0\.00084 g/cm²"):
        parse_patient("female, 72, BMD 0.84 mg/cm2 at the spine")
    with pytest.raises(InputError, match=r"got 5000 mg/cm², which is 5 g/cm²"):
        parse_patient("female, 72, bmd_fn=5000 mg/cm2")
    # a number without its unit is g/cm², and 840 is refused as before, naming mg/cm²
    with pytest.raises(InputError, match=r"BMD is in g/cm², not mg/cm².*got 840"):
        parse_patient("female, 72, BMD 840 at the spine")


@pytest.mark.parametrize("bad", [0, -0.2, math.nan, 800])
def test_bad_bmd_in_patient(bad):
    with pytest.raises(InputError, match=r"Patient\.bmd at total_hip must be"):
        Patient("female", 60, bmd={"th": bad})


def test_unknown_site_in_patient():
    with pytest.raises(InputError, match=r"Patient\.bmd: unknown densitometry site 'wrist'"):
        Patient("female", 60, bmd={"wrist": 0.5})


def test_every_problem_reported_at_once():
    with pytest.raises(InputError) as exc:
        Patient("x", 200, bmi=5, smoker="no", alcohol_units_per_day=-1)  # type: ignore[arg-type]
    msg = str(exc.value)
    assert msg.startswith("5 problems in Patient:")
    for part in ("Patient.sex", "Patient.age", "Patient.bmi", "Patient.smoker",
                 "Patient.alcohol_units_per_day"):
        assert part in msg


# ---------------------------------------------------------------------------------------------
# parser
# ---------------------------------------------------------------------------------------------


def test_parse_menopause_at():
    p = Patient.parse("female, age 50, menopause at 51")
    assert p == Patient("female", 50, age_at_menopause=51)


def test_parse_key_value_with_spaces():
    p = Patient.parse("sex=female age=50 menopause_age=51 t_score_femoral_neck=-1.8")
    assert p == Patient("female", 50, age_at_menopause=51, t_score={"femoral_neck": -1.8})


def test_parse_spine_t_score():
    assert Patient.parse("female, age 68, t_score_lumbar_spine=-2.9") == Patient(
        "female", 68, t_score={"lumbar_spine": -2.9})


def test_parse_flags():
    p = Patient.parse("female, age 72, t_score_femoral_neck=-2.6, prior fracture, glucocorticoids")
    assert p == Patient("female", 72, t_score={"femoral_neck": -2.6}, prior_fracture=True,
                        glucocorticoids=True)


def test_parse_man_with_everything():
    p = Patient.parse("male, 70 years, bmi 27, bmd_total_hip=0.80, smoker, alcohol 3 units/day, "
                      "parental hip fracture, rheumatoid arthritis")
    assert p == Patient("male", 70, bmi=27, bmd={"total_hip": 0.80}, smoker=True,
                        alcohol_units_per_day=3, parental_hip_fracture=True, rheumatoid_arthritis=True)


@pytest.mark.parametrize("text, expected", [
    ("woman aged 55", Patient("female", 55)),
    ("f 60", Patient("female", 60)),
    ("M, 60", Patient("male", 60)),
    ("60-year-old woman", Patient("female", 60)),
    ("sex = male; age: 80", Patient("male", 80)),
    ("female age=50years bmi=27kg/m2", Patient("female", 50, bmi=27)),
    ("female 65, age_at_menopause=48", Patient("female", 65, age_at_menopause=48)),
    ("female 65, menopause at age 48", Patient("female", 65, age_at_menopause=48)),
    ("female 65 tscore_fn -2.1", Patient("female", 65, t_score={"femoral_neck": -2.1})),
    ("female 65 t_score_neck=-2.1", Patient("female", 65, t_score={"femoral_neck": -2.1})),
    ("female 65 t_score_ls=-2.1 t_score_th=-1", Patient("female", 65, t_score={"ls": -2.1, "th": -1})),
    ("female 65 t_score_spine=-3 bmd_hip=0.7", Patient("female", 65, t_score={"ls": -3}, bmd={"th": 0.7})),
    ("female 65 bmd_fn 0.6 g/cm2", Patient("female", 65, bmd={"fn": 0.6})),
    # the clinic's word order (the README's own example)
    ("female, age 68, T-score -2.7 at the femoral neck",
     Patient("female", 68, t_score={"femoral_neck": -2.7})),
    ("female 68, t-score of -2.7 at femoral neck, T-score -1.9 in the lumbar spine",
     Patient("female", 68, t_score={"femoral_neck": -2.7, "ls": -1.9})),
    ("female 70, femoral neck T-score of -2.5, smoker",
     Patient("female", 70, t_score={"fn": -2.5}, smoker=True)),
    ("female 70, BMD 0.62 g/cm2 at the total hip", Patient("female", 70, bmd={"th": 0.62})),
    ("female 70, bmd of 0.8 at the spine", Patient("female", 70, bmd={"ls": 0.8})),
    ("male 60 alcohol=2", Patient("male", 60, alcohol_units_per_day=2)),
    ("male 60 alcohol_units_per_day=2.5", Patient("male", 60, alcohol_units_per_day=2.5)),
    ("male 60, non-smoker, no prior fracture", Patient("male", 60)),
    ("male 60 smoker=yes prior_fracture=no", Patient("male", 60, smoker=True)),
])
def test_parse_variants(text, expected):
    assert parse_patient(text) == expected


def test_parse_unknown_token_quotes_token_and_text():
    with pytest.raises(InputError) as exc:
        Patient.parse("female, age 50, menopaus at 51")
    msg = str(exc.value)
    assert msg.startswith("cannot read 'menopaus at 51' in \"female, age 50, menopaus at 51\"")
    assert "did you mean 'menopause at N'" in msg
    assert "expected one of sex" in msg and "menopause at N" in msg and "prior fracture" in msg


def test_parse_unknown_key_in_key_value_text():
    with pytest.raises(InputError, match=r"cannot read 'menopaus_age=51' in \"sex=female age=50 "
                                         r"menopaus_age=51 bmi 27\" \(did you mean 'menopause_age=N'\?\)"):
        Patient.parse("sex=female age=50 menopaus_age=51 bmi 27")


def test_parse_number_that_does_not_parse():
    with pytest.raises(InputError, match=r"cannot read 'age fifty' in \"female, age fifty\": 'fifty' "
                                         r"is not a number"):
        Patient.parse("female, age fifty")


def test_parse_t_score_without_site():
    with pytest.raises(InputError, match=r"cannot read 't_score=-2'.*needs a site"):
        Patient.parse("female, age 60, t_score=-2")


def test_parse_t_score_at_an_unknown_site():
    with pytest.raises(InputError, match=r"cannot read 'T-score -2.7 at the knee'.*needs a site.*"
                                         r"'T-score T at the <site>'"):
        Patient.parse("female, age 68, T-score -2.7 at the knee")


def test_parse_misspelled_flag():
    with pytest.raises(InputError, match=r"cannot read 'prior fractur' .*did you mean 'prior fracture'"):
        Patient.parse("female, 60, prior fractur")


def test_parse_bad_sex_value():
    with pytest.raises(InputError, match=r"cannot read 'sex=fmale'.*did you mean 'female'"):
        Patient.parse("sex=fmale age=50")


@pytest.mark.parametrize("text, missing", [
    ("female", "does not give the age"),
    ("age 50", "does not give the sex"),
    ("smoker", "does not give the sex .* and the age"),
])
def test_parse_missing_sex_or_age(text, missing):
    with pytest.raises(InputError, match=missing):
        Patient.parse(text)


def test_parse_field_given_twice():
    with pytest.raises(InputError, match=r"cannot read 'age 60' .*age is already given \('age 50'\)"):
        Patient.parse("female, age 50, age 60")


def test_parse_decimal_comma_hint():
    with pytest.raises(InputError, match=r"cannot read '80'.*decimals with a point"):
        Patient.parse("male, 70 years, bmd_total_hip=0,80")


def test_parse_validation_errors_name_field_and_text():
    with pytest.raises(InputError, match=r"Patient\.age must be between 18 and 100 years; got 200.*"
                                         r"reading \"male, age 200\""):
        Patient.parse("male, age 200")
    with pytest.raises(InputError, match=r"age_at_menopause is only for women"):
        Patient.parse("male, age 60, menopause at 50")
    with pytest.raises(InputError, match=r"given in both bmd"):
        Patient.parse("female, 60, bmd_fn=0.7, t_fn=-2")


@pytest.mark.parametrize("text", ["", "   ", None, 5])
def test_parse_empty_or_not_text(text):
    with pytest.raises(InputError, match=r"patient text"):
        parse_patient(text)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# round trip
# ---------------------------------------------------------------------------------------------


def test_to_text_canonical_form():
    p = Patient("male", 70, bmi=27, bmd={"th": 0.8}, smoker=True, alcohol_units_per_day=3)
    assert p.to_text() == ("sex=male age=70 bmi=27 bmd_total_hip=0.8 smoker=yes "
                           "alcohol_units_per_day=3")
    assert Patient.parse(p.to_text()) == p


_sites = st.lists(st.sampled_from(SITES), unique=True, max_size=3)


@st.composite
def patients(draw):
    sex = draw(st.sampled_from(["female", "male"]))
    chosen = draw(_sites)
    n_bmd = draw(st.integers(0, len(chosen)))
    bmd = {s: draw(st.floats(*plausible_bmd_range(s))) for s in chosen[:n_bmd]}
    tsc = {s: draw(st.floats(*plausible_t_score_range(s))) for s in chosen[n_bmd:]}
    return Patient(
        sex=sex,
        age=draw(st.floats(18, 100)),
        age_at_menopause=draw(st.none() | st.floats(30, 65)) if sex == "female" else None,
        bmi=draw(st.none() | st.floats(10, 70, exclude_min=True)),
        bmd=bmd,
        t_score=tsc,
        prior_fracture=draw(st.booleans()),
        parental_hip_fracture=draw(st.booleans()),
        smoker=draw(st.booleans()),
        glucocorticoids=draw(st.booleans()),
        rheumatoid_arthritis=draw(st.booleans()),
        alcohol_units_per_day=draw(st.floats(*ALCOHOL_RANGE)),
    )


@settings(max_examples=300)
@given(patients())
def test_round_trip(p):
    text = p.to_text()
    assert Patient.parse(text) == p
    assert eval(repr(p), {"Patient": Patient}) == p  # repr is valid Python too


def test_every_patient_text_in_the_readme_parses():
    """The README's examples (CLI --patient and Python patient=) are read as written."""
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    texts = re.findall(r'patient[= ]"([^"]+)"', readme)
    assert len(texts) >= 10  # the pattern still finds the examples
    for text in texts:
        assert isinstance(parse_patient(text), Patient), text


@pytest.mark.parametrize(("text", "form"), [
    ("female, age 85, alcohol", "alcohol N units/day"),
    ("female, age 60, bmi", "bmi N"),
    ("female, menopause, age 60", "menopause at N"),
])
def test_a_keyword_without_its_value_says_what_it_needs(text, form):
    """'alcohol' alone was answered "did you mean 'alcohol'?", the word just given."""
    with pytest.raises(InputError) as err:
        Patient.parse(text)
    msg = str(err.value)
    assert f"needs its value: {form}" in msg
    assert "did you mean" not in msg


@pytest.mark.parametrize("text", ["ex-smoker", "ex smoker", "exsmoker", "former smoker",
                                  "past smoker", "quit smoking", "stopped smoking 10 years ago"])
def test_past_smoking_is_not_offered_as_smoker(text):
    """Sweep finding 8: 'ex-smoker' was answered 'did you mean smoker?', and following the hint
    nearly doubled her 10-year hip risk (5.1 -> 9.2 %): FRAX's smoking is current smoking."""
    with pytest.raises(InputError) as e:
        Patient.parse(f"female, age 70, {text}")
    msg = str(e.value)
    assert "did you mean 'smoker'" not in msg
    assert "current smoking" in msg and "past smoking is not a risk factor" in msg
    # a current smoker is still read
    assert Patient.parse("female, age 70, current smoker").smoker
