"""osteon.sample_population and ``osteon population sample``: a virtual population drawn from
distributions the user gives, reproducible by seed, with inclusion criteria met by rejection,
and bad distributions, names and out-of-domain draws refused, never clipped. The numbers of the
distributions here are test inputs (illustrative), not a cohort's values."""

import math

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

import osteon
from osteon.cli.app import app
from osteon.errors import InputError, UnknownNameError
from osteon.io.population import read_population
from osteon.population_sampling import (
    Bernoulli,
    Choice,
    Fixed,
    LogNormal,
    Normal,
    TruncatedNormal,
    Uniform,
    parse_distribution,
    summarize_sample,
)

runner = CliRunner()

COHORT = {"sex": "female", "age": Uniform(65, 80), "t_score_femoral_neck": Normal(-2.3, 0.6),
          "prior_fracture": Bernoulli(0.2)}


def _phi(x: float) -> float:
    return math.exp(-x * x / 2) / math.sqrt(2 * math.pi)


def _Phi(x: float) -> float:
    return 0.5 * (1 + math.erf(x / math.sqrt(2)))


# ---------------------------------------------------------------------------- reproducibility
def test_the_same_seed_gives_the_same_table_and_another_seed_another():
    a = osteon.sample_population(300, seed=7, columns=COHORT, where="age >= 70")
    b = osteon.sample_population(300, seed=7, columns=COHORT, where="age >= 70")
    c = osteon.sample_population(300, seed=8, columns=COHORT, where="age >= 70")
    pd.testing.assert_frame_equal(a, b)
    assert not np.allclose(a["age"], c["age"])
    assert list(a.columns) == ["subject_id", *COHORT]
    assert a["subject_id"].iloc[0] == "s001" and a["subject_id"].is_unique
    assert a.attrs["sampling"]["seed"] == 7 and a.attrs["sampling"]["where"] == "age >= 70"


def test_the_first_subjects_of_a_larger_draw_are_those_of_a_smaller_one():
    small = osteon.sample_population(40, seed=3, columns=COHORT, where="age >= 70")
    large = osteon.sample_population(5000, seed=3, columns=COHORT, where="age >= 70")
    cols = list(COHORT)
    pd.testing.assert_frame_equal(small[cols], large[cols].iloc[:40])


# ---------------------------------------------------------------------------------- moments
AGE = r"column 'age' takes age in years, 25 to 100 \(the life course of model 'osteon' starts at 25\)"
N = 20000  # the bounds below are about 4 standard errors of each moment at this n


@pytest.fixture(scope="module")
def large():
    return osteon.sample_population(N, seed=2026, columns={
        "sex": Choice({"female": 0.7, "male": 0.3}),
        "age": Uniform(60, 90),
        "t_score_lumbar_spine": Normal(-2.5, 1.0),
        "t_score_total_hip": Normal(-1.8, 0.8),
        "t_score_femoral_neck": TruncatedNormal(-2.3, 0.6, -4.0, -2.0),
        "denosumab_kel": LogNormal(0.03, 0.3),
        "smoker": Bernoulli(0.15),
    }, correlations={("t_score_lumbar_spine", "t_score_total_hip"): 0.6})


def test_a_large_draw_has_the_moments_of_its_distributions(large):
    f = large
    assert len(f) == N
    assert abs(f["t_score_lumbar_spine"].mean() - -2.5) < 0.03
    assert abs(f["t_score_lumbar_spine"].std() - 1.0) < 0.03
    assert abs(f["t_score_total_hip"].mean() - -1.8) < 0.025
    assert abs(f["age"].mean() - 75.0) < 0.25
    assert abs(f["age"].std() - 30 / math.sqrt(12)) < 0.15
    assert f["age"].between(60, 90).all()
    # the truncated normal's mean: mu + sd (phi(a) - phi(b)) / (Phi(b) - Phi(a))
    a, b = (-4.0 + 2.3) / 0.6, (-2.0 + 2.3) / 0.6
    mean = -2.3 + 0.6 * (_phi(a) - _phi(b)) / (_Phi(b) - _Phi(a))
    assert abs(f["t_score_femoral_neck"].mean() - mean) < 0.01
    assert f["t_score_femoral_neck"].between(-4.0, -2.0).all()
    # the log-normal by median and CV
    kel = f["denosumab_kel"]
    assert abs(kel.median() / 0.03 - 1) < 0.015
    assert abs(kel.std() / kel.mean() - 0.3) < 0.015
    assert abs(np.log(kel).std() - math.sqrt(math.log(1 + 0.3 ** 2))) < 0.01
    assert abs((f["sex"] == "female").mean() - 0.7) < 0.015
    assert f["smoker"].dtype == bool and abs(f["smoker"].mean() - 0.15) < 0.012
    r = np.corrcoef(f["t_score_lumbar_spine"], f["t_score_total_hip"])[0, 1]
    assert abs(r - 0.6) < 0.03
    # columns not paired are drawn independently
    assert abs(np.corrcoef(f["age"], f["t_score_lumbar_spine"])[0, 1]) < 0.03


def test_a_man_has_no_age_at_menopause_and_a_woman_her_draw(large):
    f = osteon.sample_population(400, seed=1, columns={
        "sex": Choice({"female": 0.5, "male": 0.5}), "age": 70,
        "age_at_menopause": TruncatedNormal(51, 3, 40, 60)})
    men = f["sex"] == "male"
    assert 0 < men.sum() < 400
    assert f.loc[men, "age_at_menopause"].isna().all()
    assert f.loc[~men, "age_at_menopause"].between(40, 60).all()
    assert (f["age"] == 70.0).all()


def test_the_summary_gives_each_column_s_moments_or_shares():
    f = osteon.sample_population(500, seed=0, columns=COHORT)
    s = summarize_sample(f).set_index("column")
    assert s.loc["age", "distribution"] == "uniform(low=65, high=80)"
    assert f"mean {f['age'].mean():.4g}" in s.loc["age", "in the table"]
    assert s.loc["sex", "in the table"] == "female 100.0 %"
    share = 100 * f["prior_fracture"].mean()
    assert f"True {share:.1f} %" in s.loc["prior_fracture", "in the table"]


# ------------------------------------------------------------------------------------ where
def test_the_inclusion_criteria_hold_for_every_subject_and_the_share_is_the_normal_s():
    where = "t_score_femoral_neck <= -2.5 and -4.0 < t_score_femoral_neck"
    f = osteon.sample_population(5000, seed=11, columns=COHORT, where=where)
    assert len(f) == 5000
    assert (f["t_score_femoral_neck"] <= -2.5).all() and (f["t_score_femoral_neck"] > -4).all()
    p = _Phi((-2.5 + 2.3) / 0.6) - _Phi((-4.0 + 2.3) / 0.6)
    assert abs(f.attrs["sampling"]["accepted_share"] - p) < 0.02
    g = osteon.sample_population(300, seed=0, columns={
        "sex": Choice({"female": 0.5, "male": 0.5}), "age": Uniform(50, 90),
        "prior_fracture": Bernoulli(0.3)},
        where="(sex == 'female' or age >= 80) and not prior_fracture")
    assert ((g["sex"] == "female") | (g["age"] >= 80)).all() and not g["prior_fracture"].any()
    assert (g["sex"] == "male").any()


def test_too_low_an_acceptance_is_refused_with_its_rate():
    cols = {"sex": "female", "age": Uniform(65, 80), "t_score_femoral_neck": Normal(-1.0, 0.5)}
    where = "t_score_femoral_neck <= -2.5"  # 3 SD below the mean: about 0.13 %
    with pytest.raises(InputError, match=r"where 't_score_femoral_neck <= -2.5' accepted \d+ "
                       r"of 4096 subjects drawn \(0\.\d+ %\), under the lowest acceptance "
                       r"allowed \(1 %, min_acceptance\)"):
        osteon.sample_population(100, seed=0, columns=cols, where=where)
    f = osteon.sample_population(5, seed=0, columns=cols, where=where, min_acceptance=1e-4)
    assert (f["t_score_femoral_neck"] <= -2.5).all()


@pytest.mark.parametrize("where, message", [
    ("age = 70", r"cannot be read.*compare with ==, not ="),
    ("agee >= 70", r"names 'agee', not a column drawn \(did you mean 'age'\?\)"),
    ("sex == 'f'", r"the only text a column holds is 'female' or 'male'"),
    ("age", r"must be a yes/no criterion"),
    ("sex < 'male'", r"compared with == or != only"),
    ("abs(age) > 70", r"not read \(a criterion compares columns with numbers"),
    ("__import__('os').getcwd() == 1", r"not read"),
    ("age >= 'female'", r"compares values of one kind"),
])
def test_a_bad_criterion_is_refused_naming_what_is_wrong(where, message):
    with pytest.raises(InputError, match=message):
        osteon.sample_population(10, seed=0, columns=COHORT, where=where)


# ----------------------------------------------------------------------------- bad inputs
@pytest.mark.parametrize("make, message", [
    (lambda: Normal(0, 0), r"Normal\.sd must be a finite number > 0"),
    (lambda: Normal(0, -1), r"Normal\.sd must be a finite number > 0.*got -1"),
    (lambda: Normal(float("nan"), 1), r"Normal\.mean must be a number"),
    (lambda: Normal("1", 1), r"Normal\.mean must be a number.*got '1'"),
    (lambda: Normal(True, 1), r"Normal\.mean must be a number"),
    (lambda: Uniform(2, 1), r"Uniform needs finite low < high; got low=2, high=1"),
    (lambda: Uniform(0, math.inf), r"Uniform needs finite low < high"),
    (lambda: TruncatedNormal(0, 1, 2, 1), r"TruncatedNormal needs low < high"),
    (lambda: LogNormal(0, 0.3), r"LogNormal\.median must be a finite number > 0; got 0"),
    (lambda: LogNormal(1, 0), r"LogNormal\.cv must be a finite number > 0"),
    (lambda: LogNormal.from_omega(1, -0.1), r"omega must be a finite number > 0"),
    (lambda: Bernoulli(1.5), r"Bernoulli\.p must be a number from 0 to 1.*got 1\.5"),
    (lambda: Choice({"female": 0.5}), r"Choice probabilities must sum to 1; they sum to 0\.5"),
    (lambda: Choice({"female": -0.5, "male": 1.5}), r"probability of 'female' must be from 0"),
    (lambda: Choice({}), r"Choice takes a mapping value -> probability"),
])
def test_bad_distribution_parameters_are_refused(make, message):
    with pytest.raises(InputError, match=message):
        make()


def test_lognormal_from_omega_is_the_same_distribution():
    d = LogNormal.from_omega(0.03, 0.294)
    assert abs(d.cv - 0.3) < 0.002 and abs(d.omega - 0.294) < 1e-12


@pytest.mark.parametrize("kwargs, error, message", [
    ({"columns": {"t_scor_femoral_neck": Normal(-2, 1)}}, UnknownNameError,
     r"unknown population column 't_scor_femoral_neck' \(did you mean 't_score_femoral_neck'"),
    ({"columns": {"subject_id": "a"}}, InputError, r"'subject_id' is not drawn"),
    ({"columns": {"female": 1.0}}, InputError, r"set by the patient \('female' by her sex\)"),
    ({"columns": {"t_score_total_hip": Normal(-2, 1), "bmd_total_hip": Normal(0.7, 0.1)}},
     InputError, r"give one site's reading twice"),
    ({"columns": {}}, InputError, r"columns must be a non-empty mapping"),
    ({"columns": COHORT, "seed": None}, InputError, r"seed must be a whole number >= 0"),
    ({"columns": COHORT, "seed": -1}, InputError, r"seed must be a whole number >= 0"),
    ({"columns": COHORT, "n": 0}, InputError, r"n \(how many subjects\) must be a whole number"),
    ({"columns": COHORT, "n": 2.5}, InputError, r"n \(how many subjects\) must be a whole"),
    ({"columns": COHORT, "min_acceptance": 0}, InputError, r"min_acceptance must be a number"),
    ({"columns": {**COHORT, "t_score_total_hip": Normal(-2, 1)},
      "correlations": {("age", "t_score_total_hip"): 0.5}}, InputError,
     r"column 'age' is uniform\(low=65, high=80\); a correlation is between Normal columns"),
    ({"columns": {**COHORT, "t_score_total_hip": Normal(-2, 1)},
      "correlations": {("t_score_femoral_neck", "t_score_total_hip"): 1.2}}, InputError,
     r"must be a number from -1 to 1; got 1\.2"),
    ({"columns": {**COHORT, "t_score_total_hip": Normal(-2, 1)},
      "correlations": {("t_score_femoral_neck", "t_score_hip"): 0.5}}, InputError,
     r"names 't_score_hip', not a column drawn"),
    ({"columns": {"a1": Normal(0, 1)}, "model": "lemaire2004"}, UnknownNameError, r"a1"),
])
def test_bad_columns_and_arguments_are_refused_before_drawing(kwargs, error, message):
    args = {"n": 10, "seed": 0, **kwargs}
    n = args.pop("n")
    with pytest.raises(error, match=message):
        osteon.sample_population(n, **args)


def test_correlations_that_cannot_hold_together_are_refused():
    cols = {c: Normal(-2, 1) for c in ("t_score_lumbar_spine", "t_score_total_hip",
                                       "t_score_femoral_neck")}
    corr = {("t_score_lumbar_spine", "t_score_total_hip"): 0.9,
            ("t_score_total_hip", "t_score_femoral_neck"): 0.9,
            ("t_score_lumbar_spine", "t_score_femoral_neck"): -0.9}
    with pytest.raises(InputError, match=r"cannot hold together.*not positive semi-definite"):
        osteon.sample_population(10, seed=0, columns=cols, correlations=corr)


@pytest.mark.parametrize("column, dist, message", [
    # bounded: refused before drawing, naming the column, its domain and the range given
    ("age", Uniform(10, 80), AGE + r"; uniform\(low=10, "
     r"high=80\) ranges from 10 to 80, outside it"),
    ("bmi", TruncatedNormal(25, 4, 5, 40), r"column 'bmi' takes BMI in kg/m², > 10 and <= 70"),
    ("age", Fixed(101), AGE + r"; fixed\(101\) gives 101"),
    ("denosumab_kel", Fixed(-0.01), r"column 'denosumab_kel' takes parameter denosumab_kel > 0 "
     r"\[1/day\]; fixed\(-0\.01\) gives -0\.01"),
    ("sex", Choice({"female": 0.5, "x": 0.5}), r"column 'sex' takes 'female' or 'male'.*'x'"),
    ("sex", Normal(0, 1), r"column 'sex' takes 'female' or 'male'; normal\(mean=0, sd=1\) "
     r"draws numbers"),
    ("smoker", Uniform(0, 1), r"column 'smoker' takes yes or no.*give bernoulli\(p\)"),
    ("smoker", Fixed("maybe"), r"column 'smoker' takes yes or no.*gives 'maybe'"),
    ("age", Bernoulli(0.5), AGE + r"; bernoulli\(p=0\.5\) "
     r"gives [01]"),
    ("secondary_mineralization", Normal(0.5, 0.1), r"is a switch \(parameter "
     r"secondary_mineralization 0 or 1"),
    # unbounded: the subjects drawn outside, with the range drawn and a truncated alternative
    ("age", Normal(60, 20), AGE + r"; normal\(mean=60, "
     r"sd=20\) drew \d+ of 2000 subjects outside it \(drawn from [-\d.]+ to [-\d.]+\); osteon "
     r"refuses them rather than clip them: give a truncated distribution within it, e\.g\. "
     r"truncnormal\(60, 20, 25, 100\)"),
    ("t_score_femoral_neck", Normal(-5, 1), r"takes the T-score at the femoral neck, -5\.72 to "
     r"10; normal\(mean=-5, sd=1\) drew \d+ of 2000"),
])
def test_a_column_that_can_fall_outside_its_domain_is_refused_never_clipped(column, dist,
                                                                           message):
    with pytest.raises(InputError, match=message):
        osteon.sample_population(2000, seed=0, columns={column: dist})


def test_a_truncated_distribution_within_the_domain_is_drawn():
    f = osteon.sample_population(2000, seed=0, columns={
        "age": TruncatedNormal(60, 20, 25, 100), "secondary_mineralization": Bernoulli(0.5)})
    assert f["age"].between(25, 100).all() and f["age"].min() < 30
    assert set(f["secondary_mineralization"]) == {0.0, 1.0}
    # a where criterion that keeps an unbounded draw inside the domain: no subject outside
    g = osteon.sample_population(500, seed=0, columns={"age": Normal(60, 20)},
                                 where="age >= 40 and age <= 95")
    assert g["age"].between(40, 95).all()


@pytest.mark.parametrize("text, dist", [
    ("normal(-2.3, 0.6)", Normal(-2.3, 0.6)),
    ("normal(mean=-2.3, sd=0.6)", Normal(-2.3, 0.6)),
    ("Normal(-2.3, sd=0.6)", Normal(-2.3, 0.6)),
    ("truncnormal(70, 8, 65, 85)", TruncatedNormal(70, 8, 65, 85)),
    ("truncnormal(-2, 1, -inf, -2.5)", TruncatedNormal(-2, 1, -math.inf, -2.5)),
    ("uniform(65, 80)", Uniform(65, 80)),
    ("lognormal(median=0.03, cv=0.3)", LogNormal(0.03, 0.3)),
    ("bernoulli(0.2)", Bernoulli(0.2)),
    ("choice(female:0.6, male:0.4)", Choice({"female": 0.6, "male": 0.4})),
    ("choice(0:0.5, 1:0.5)", Choice({0.0: 0.5, 1.0: 0.5})),
    ("fixed(70)", Fixed(70.0)),
    ("female", Fixed("female")),
    ("70", Fixed(70.0)),
])
def test_the_command_line_s_distributions_read_as_python_s(text, dist):
    assert parse_distribution(text) == dist


@pytest.mark.parametrize("text, message", [
    ("gauss(0, 1)", r"unknown distribution 'gauss'"),
    ("normall(0, 1)", r"did you mean 'normal'"),
    ("normal(0)", r"normal takes 2 values \(mean, sd\)"),
    ("normal(0, 1, 2)", r"normal takes 2 values"),
    ("normal(mean=0, sigma=1)", r"normal takes mean, sd; got 'sigma'"),
    ("normal(0, 1", r"cannot read distribution"),
    ("choice(female, male)", r"choice lists VALUE:PROBABILITY pairs"),
    ("normal(0, abc)", r"Normal\.sd must be a number"),
])
def test_the_command_line_s_bad_distributions_are_refused(text, message):
    with pytest.raises(InputError, match=message):
        parse_distribution(text)


# --------------------------------------------------------------------- into the simulations
def test_a_sampled_population_runs_as_a_virtual_trial():
    pop = osteon.sample_population(2, seed=5, columns={
        "sex": "female", "age": Uniform(65, 75), "t_score_femoral_neck": Normal(-2.5, 0.4),
        "prior_fracture": Bernoulli(0.5), "denosumab_kel": LogNormal(0.03, 0.3)})
    # a drug's parameter column is read by runs that give the drug: every arm here does
    trial = osteon.simulate_arms(pop, ["denosumab 60 mg sc q6mo x 2", "denosumab 60 mg sc once"],
                                 duration="30 days", save=2)
    assert trial.subject_ids == tuple(pop["subject_id"])
    start = trial[1].clinical()
    t0 = start[start.time_days == 0].set_index("subject_id")
    assert np.allclose(t0.loc[list(pop["subject_id"]), "t_score_femoral_neck"],
                       pop["t_score_femoral_neck"], atol=0.01)


def test_the_command_line_writes_the_table_simulate_population_reads(tmp_path):
    out = tmp_path / "cohort.csv"
    r = runner.invoke(app, ["population", "sample", "--n", "2", "--seed", "0",
                            "--column", "age=uniform(65, 80)", "--column", "sex=female",
                            "--column", "t_score_femoral_neck=normal(-2.3, 0.6)",
                            "--column", "prior_fracture=bernoulli(0.3)",
                            "--where", "t_score_femoral_neck <= -2.0", "--out", str(out)])
    assert r.exit_code == 0, r.output
    table = read_population(out)
    api = osteon.sample_population(2, seed=0, columns={
        "age": Uniform(65, 80), "sex": "female", "t_score_femoral_neck": Normal(-2.3, 0.6),
        "prior_fracture": Bernoulli(0.3)}, where="t_score_femoral_neck <= -2.0")
    assert list(table["subject_id"]) == list(api["subject_id"])
    assert np.allclose(table["age"], api["age"], rtol=0, atol=0)  # written exactly
    assert "2 subjects (seed 0;" in r.output and "accepted by --where" in r.output
    assert "uniform(low=65, high=80)" in r.output and f"wrote {out}" in r.output
    s = runner.invoke(app, ["simulate", "--population", str(out), "--days", "30",
                            "--points", "2"])
    assert s.exit_code == 0, s.output
    assert "Population of 2 subjects" in s.output


@pytest.mark.parametrize("args, message", [
    (["--column", "age"], r"--column takes NAME=DISTRIBUTION"),
    (["--column", "age=uniform(65, 80)", "--column", "age=uniform(60, 70)"],
     r"--column 'age' is given more than once"),
    (["--column", "age=normal(70, 0)"], r"--column 'age=normal\(70, 0\)': Normal\.sd must"),
    (["--column", "age=uniform(65, 80)", "--where", "age >= 100"],
     r"--where 'age >= 100' accepted 0 of 4096.*--min-acceptance"),
    (["--column", "age=uniform(65, 80)", "--correlation", "age"], r"--correlation takes A,B=R"),
    (["--column", "age=uniform(65, 80)", "--n", "0"], r"--n must be a whole number >= 1"),
])
def test_the_command_line_refuses_bad_input_in_one_line(tmp_path, args, message):
    base = ["population", "sample", "--seed", "0", "--out", str(tmp_path / "c.csv")]
    if "--n" not in args:
        base += ["--n", "5"]
    r = runner.invoke(app, [*base, *args])
    assert r.exit_code == 2
    assert r.output.startswith("error: ") and len(r.output.strip().splitlines()) == 1, r.output
    import re
    assert re.search(message, r.output), r.output
    assert not (tmp_path / "c.csv").exists()


def test_the_command_line_refuses_an_unknown_table_type(tmp_path):
    r = runner.invoke(app, ["population", "sample", "--n", "2", "--seed", "0", "--column",
                            "age=70", "--out", str(tmp_path / "c.xlsx")])
    assert r.exit_code == 2 and "unknown file type '.xlsx'" in r.output
