"""osteon.simulate_arms: a virtual trial in Python, the same subjects in every arm, paired
dropping, its figure, and the inputs it refuses (its table against the command line's arms.csv:
tests/test_population_arms.py)."""

import numpy as np
import pandas as pd
import pytest

import osteon
import osteon.simulation
from osteon.trial import short_label

DMAB = "denosumab 60 mg sc q6mo x 2"


def _cohort() -> pd.DataFrame:
    return pd.DataFrame({"subject_id": ["ok1", "bad", "ok2"], "sex": ["female"] * 3,
                         "age": [68, 66, 70], "adipogenic_drift_rate": [0.02] * 3})


def _failing_in_the_treated_arm(monkeypatch):
    """'bad' cannot start in a treated arm (an absurd adipogenic drift there)."""
    real = osteon.simulation.simulate

    def simulate(model, regimen=None, *, population=None, **kw):
        if regimen is not None:
            population = population.copy()
            population.loc[population.subject_id == "bad", "adipogenic_drift_rate"] = 1e6
        return real(model, regimen, population=population, **kw)

    monkeypatch.setattr(osteon.simulation, "simulate", simulate)


@pytest.fixture(scope="module")
def dropped():
    """3 subjects, no treatment (None) against a Regimen, 30 days, 'bad' failing in arm 2."""
    with pytest.MonkeyPatch.context() as mp:
        _failing_in_the_treated_arm(mp)
        return osteon.simulate_arms(_cohort(), [None, osteon.Regimen.parse(DMAB)],
                                    duration="30 days", save=2, on_failure="drop")


def test_a_subject_failing_in_one_arm_is_dropped_from_every_arm(dropped):
    trial = dropped
    canonical = str(osteon.Regimen.parse(DMAB))
    assert trial.prescriptions == ("none", canonical)
    assert trial.subject_ids == ("ok1", "ok2") and trial.n_subjects == 2
    assert trial[1].subject_ids == trial[2].subject_ids == ("ok1", "ok2")
    assert trial[1].values.shape[0] == trial[2].values.shape[0] == 2
    assert trial.subjects_requested == 3 and len(trial.dropped) == 1
    d = trial.dropped[0]
    assert (d["subject_id"], d["arm"], d["prescription"]) == ("bad", 2, canonical)
    assert d["message"]
    # she solved in arm 1 and is recorded there as dropped, with the arm she failed in
    s1 = trial[1].status.set_index("subject_id")
    s2 = trial[2].status.set_index("subject_id")
    assert s1.loc["bad", "status"] == "dropped" and "failed in arm 2" in s1.loc["bad", "message"]
    assert s2.loc["bad", "status"] == "failed"
    frame = trial.to_pandas()
    assert set(frame["n"]) == {2} and set(frame["paired_n"].dropna()) == {2}
    assert trial.summary()["dropped"][0]["subject_id"] == "bad"
    assert trial.summary()["population"] is None  # a DataFrame, not a file
    assert "1 dropped" in repr(trial)


def test_a_failure_raises_naming_the_arm_without_drop(monkeypatch):
    _failing_in_the_treated_arm(monkeypatch)
    with pytest.raises(osteon.SimulationError) as err:
        osteon.simulate_arms(_cohort(), ["none", DMAB], duration="30 days", save=2)
    assert str(err.value).startswith(f"arms[1] ('{DMAB}'): ") and "'bad'" in str(err.value)
    assert err.value.arm == 2 and err.value.prescription == DMAB
    assert {f.get("subject_id") for f in err.value.failures} == {"bad"}


def test_no_subject_in_every_arm_is_an_error_not_an_empty_trial(monkeypatch):
    """One subject fails in the treated arm, the other in the untreated one: each arm has a
    subject, no subject is in both."""
    real = osteon.simulation.simulate

    def simulate(model, regimen=None, *, population=None, **kw):
        if model == "osteon":  # the arm's run, not a patient's life course inside it
            population = population.copy()
            who = "y" if regimen is None else "x"
            population.loc[population.subject_id == who, "adipogenic_drift_rate"] = 1e6
        return real(model, regimen, population=population, **kw)

    monkeypatch.setattr(osteon.simulation, "simulate", simulate)
    cohort = _cohort().iloc[[0, 2]].assign(subject_id=["x", "y"])
    with pytest.raises(osteon.SimulationError, match=r"no subject solved in every arm; "
                                                     r"subject 'y' failed in arm 1: .*; "
                                                     r"subject 'x' failed in arm 2: "):
        osteon.simulate_arms(cohort, ["none", DMAB], duration="30 days", save=2,
                             on_failure="drop")


def test_the_figure_has_a_panel_per_readout_and_a_line_and_band_per_arm(dropped):
    import matplotlib.pyplot as plt

    fig = dropped.plot()
    try:
        axes = fig.axes
        assert len(axes) == 6
        drawn = [ax for ax in axes if ax.axison]
        assert [ax.get_title() for ax in drawn] == [
            "BMD spine change, % from the subject's start",
            "BMD total hip change, % from the subject's start",
            "BMD femoral neck change, % from the subject's start",
            "CTX change, % from the subject's start", "P1NP change, % from the subject's start"]
        for ax in drawn:
            medians = [ln for ln in ax.lines if ln.get_label().startswith(("1:", "2:"))]
            assert len(medians) == 2  # one per arm, beside the zero line
            assert len(ax.collections) == 2  # one band per arm
            assert medians[0].get_color() != medians[1].get_color()
        # the median line is the median across the subjects in every arm
        t = dropped[2].times
        y = dropped[2]["bmd_total_hip"]
        expected = np.median(100 * (y / y[:, :1] - 1), axis=0)
        np.testing.assert_allclose(drawn[1].lines[1].get_ydata(), expected, rtol=1e-12)
        np.testing.assert_allclose(drawn[1].lines[1].get_xdata(), t / 365.25, rtol=1e-12)
        legend = axes[5].get_legend()
        assert [x.get_text() for x in legend.get_texts()] == [
            "1: none", short_label(2, str(osteon.Regimen.parse(DMAB)))]
        title = fig._suptitle.get_text()
        assert "2 subjects in every arm" in title and "1 of 3 dropped" in title
        assert "not a confidence interval" in title
    finally:
        plt.close(fig)


def test_a_long_arm_label_is_folded_and_cut():
    text = ("teriparatide 20 ug sc daily for 2 years then denosumab 60 mg sc q6mo for 3 years "
            "then zoledronic acid 5 mg iv yearly for 3 years")
    label = short_label(3, text)
    assert label.startswith("3: teriparatide 20 ug sc daily")
    assert all(len(line) <= 32 for line in label.splitlines()) and label.endswith("...")
    assert short_label(1, "none") == "1: none"


@pytest.mark.parametrize("kwargs, needle", [
    ({"arms": DMAB}, "arms must be a list of at least two arms"),
    ({"arms": [DMAB]}, "arms needs at least two arms; got 1"),
    ({"arms": ["none", "placebo"]},
     "arms must differ: 'none' and 'placebo' are the same arm (no treatment)"),
    ({"arms": [None, "none"]}, "arms must differ: 'none' and 'none' are the same arm"),
    ({"arms": ["none", "unobtanium 5 mg daily"]}, "arms[1] ('unobtanium 5 mg daily'): "),
    ({"arms": ["none", 60]}, "arms[1] ('60'): an arm must be a prescription"),
    ({"population": 7}, "population must be a pandas DataFrame (one row per subject) or the "
                        "path of a .csv, .tsv or .parquet table; got int"),
    ({"population": pd.DataFrame({"age": []})}, "population has no rows"),
    ({"population": "no_such_file.csv"}, "population 'no_such_file.csv': no such file"),
    ({"on_failure": "skip"}, "on_failure must be 'raise' or 'drop'; got 'skip'"),
    ({"duration": "-1 year"}, "duration must be > 0 days; got '-1 year'"),
])
def test_bad_input_is_refused_before_any_arm_runs(monkeypatch, kwargs, needle):
    def must_not_run(*args, **kw):
        raise AssertionError("an arm ran before the inputs were checked")

    monkeypatch.setattr(osteon.simulation, "simulate", must_not_run)
    given = {"population": pd.DataFrame({"sex": ["female"], "age": [70]}),
             "arms": ["none", DMAB], **kwargs}
    with pytest.raises(osteon.InputError) as err:
        osteon.simulate_arms(given.pop("population"), given.pop("arms"), **given)
    assert needle in str(err.value)


# ---------------------------------------------------------------- a drug's column (its PK's IIV)
DMAB1 = "denosumab 60 mg sc q6mo x 1"


def _iiv_cohort() -> pd.DataFrame:
    """Two subjects alike but for denosumab's elimination rate (1/day; the card's is 0.0295)."""
    return pd.DataFrame({"subject_id": ["slow", "fast"], "sex": ["female"] * 2,
                         "age": [68, 68], "denosumab_kel": [0.015, 0.045]})


@pytest.fixture(scope="module")
def iiv_trial():
    """Placebo against denosumab, 60 days, the cohort varying denosumab_kel."""
    return osteon.simulate_arms(_iiv_cohort(), ["placebo", DMAB1], duration="60 days", save=3)


def test_a_drug_column_applies_in_the_arm_giving_the_drug_and_is_recorded_elsewhere(iiv_trial):
    trial = iiv_trial
    assert trial.subject_ids == ("slow", "fast")
    # the denosumab arm's subjects differ by their kel: the slower eliminated has more in serum
    serum = trial[DMAB1]["denosumab_serum"][:, -1]
    assert serum[0] > 1.5 * serum[1] > 0
    # that arm is the population run of the same table with the drug
    alone = osteon.simulate("osteon", DMAB1, population=_iiv_cohort(), duration="60 days",
                            save=3)
    np.testing.assert_array_equal(trial[DMAB1].values, alone.values)
    # the placebo arm has no denosumab and did not use the column: recorded, never silent
    assert "denosumab_serum" not in trial["placebo"].variables
    assert dict(trial.ignored_columns) == {"placebo": ("denosumab_kel",)}
    note = ('arm 1 ("placebo"): population column denosumab_kel applies only where denosumab '
            'is given; not used in this arm')
    assert trial.notes == (note,)
    summary = trial.summary()
    assert [a["population_columns_not_used"] for a in summary["arms"]] == [["denosumab_kel"], []]
    assert summary["notes"] == [note]


def test_a_single_population_run_without_the_drug_still_refuses_its_column():
    with pytest.raises(osteon.InputError, match="a parameter of drug 'denosumab', which this "
                                                "run does not give"):
        osteon.simulate("osteon", population=_iiv_cohort(), duration="30 days", save=2)


def test_the_note_names_each_drug_of_the_columns_an_arm_leaves_out():
    from osteon.trial import ignored_note

    assert ignored_note(2, "alendronate 70 mg oral weekly x 4",
                        ["denosumab_kel", "denosumab_F", "romosozumab_CL"]) == (
        'arm 2 ("alendronate 70 mg oral weekly x 4"): population columns denosumab_kel, '
        'denosumab_F apply only where denosumab is given and romosozumab_CL only where '
        'romosozumab is given; not used in this arm')


@pytest.mark.parametrize("column, value, arms, needle", [
    ("denosumab_kel", 0.03, ["none", "alendronate 70 mg oral weekly x 4"],
     "population column 'denosumab_kel' is a parameter of drug 'denosumab', which no arm gives "
     "(arms: 'none', 'alendronate 70 mg oral weekly x 4'); "),
    ("denosumab_kel", -0.03, ["none", DMAB],
     "Parameter 'denosumab_kel' of model 'osteon+denosumab' must be a finite number > 0 "
     "[1/day] (population row 0 (subject_id 'slow')); got -0.03"),
    ("denosumab_kel", float("nan"), [DMAB, "none"],
     "Parameter 'denosumab_kel' of model 'osteon+denosumab' has no value in population row 0 "
     "(subject_id 'slow')"),
])
def test_a_drug_column_is_refused_before_any_arm_runs(monkeypatch, column, value, arms, needle):
    def must_not_run(*args, **kw):
        raise AssertionError("an arm ran before the population's drug columns were checked")

    monkeypatch.setattr(osteon.simulation, "simulate", must_not_run)
    cohort = _iiv_cohort().assign(**{column: [value, 0.03]})
    with pytest.raises(osteon.InputError) as err:
        osteon.simulate_arms(cohort, arms, duration="30 days", save=2)
    assert needle in str(err.value)


# ------------------------------------------------------- a drug's parameter given to every arm
def test_a_drug_parameter_applies_in_the_arms_giving_the_drug_and_is_recorded_elsewhere():
    """parameters={'denosumab_kel': ...} with a placebo arm was refused by that arm (its model
    has no denosumab); it now acts, as a population's column does, only where denosumab is
    given, and the placebo arm records that it left it out."""
    cohort = _iiv_cohort().drop(columns="denosumab_kel")
    trial = osteon.simulate_arms(cohort, ["placebo", DMAB1], duration="60 days", save=3,
                                 parameters={"denosumab_kel": 0.015})
    plain = osteon.simulate_arms(cohort, ["placebo", DMAB1], duration="60 days", save=3)
    # the denosumab arm ran with the slower elimination: more drug in serum at 60 days
    assert (trial[DMAB1]["denosumab_serum"][:, -1]
            > 1.2 * plain[DMAB1]["denosumab_serum"][:, -1]).all()
    # the placebo arm ran as without it, and says it left it out
    np.testing.assert_array_equal(trial["placebo"].values, plain["placebo"].values)
    assert dict(trial.ignored_parameters) == {"placebo": ("denosumab_kel",)}
    assert dict(trial.ignored_columns) == {}
    note = ('arm 1 ("placebo"): parameter denosumab_kel applies only where denosumab is given; '
            'not used in this arm')
    assert trial.notes == (note,)
    summary = trial.summary()
    assert [a["parameters_not_used"] for a in summary["arms"]] == [["denosumab_kel"], []]
    assert summary["notes"] == [note]


@pytest.mark.parametrize("value, arms, needle", [
    (0.03, ["none", "alendronate 70 mg oral weekly x 4"],
     "parameter 'denosumab_kel' is a parameter of drug 'denosumab', which no arm gives (arms: "
     "'none', 'alendronate 70 mg oral weekly x 4')"),
    (-0.03, ["none", DMAB], "must be a finite number > 0 [1/day]"),
])
def test_a_drug_parameter_is_refused_before_any_arm_runs(monkeypatch, value, arms, needle):
    def must_not_run(*args, **kw):
        raise AssertionError("an arm ran before the drug's parameters were checked")

    monkeypatch.setattr(osteon.simulation, "simulate", must_not_run)
    with pytest.raises(osteon.InputError) as err:
        osteon.simulate_arms(_iiv_cohort().drop(columns="denosumab_kel"), arms,
                             duration="30 days", save=2, parameters={"denosumab_kel": value})
    assert needle in str(err.value)
