"""A dose record's ``cmt`` names only a dosing compartment of its own drug, by a route that
enters it (the API sweep's finding 1: 60 mg of denosumab could be added to sclerostin, in pmol/L,
or counted as zoledronic acid bound to bone; an oral dose could enter the sc depot)."""

import pytest
from typer.testing import CliRunner

import osteon
from osteon import drugs
from osteon.cli.app import app
from osteon.dosing import Dose, Regimen, parse
from osteon.errors import InputError

P = "female, age 68"


def _run(rx, days=10):
    return osteon.simulate("osteon", rx, patient=P, duration=days, save=[0, days])


@pytest.mark.parametrize("cmt", ["sclerostin", "zoledronic_acid_plasma", "bone_trabecular",
                                 "OCa", "denosumab_peripheral", "denosumab_target"])
def test_a_dose_into_a_state_that_is_not_its_drugs_dosing_compartment_is_refused(cmt):
    with pytest.raises(InputError) as err:
        _run(Regimen(Dose(0, "denosumab", 60, "mg", "sc", cmt=cmt)))
    msg = str(err.value)
    assert "Dose.cmt" in msg and "denosumab_depot (sc)" in msg and "denosumab_central (iv)" in msg
    assert f"got '{cmt}'" in msg


def test_a_route_that_does_not_enter_the_named_compartment_is_refused():
    with pytest.raises(InputError, match=r"Dose.route of a dose into denosumab_depot must be sc"
                                         r".*got route 'oral'"):
        _run(Regimen(Dose(0, "denosumab", 60, "mg", "oral", cmt="depot")))
    with pytest.raises(InputError, match=r"into PTH_amount must be iv.*got route 'sc'"):
        _run(Regimen(Dose(0, "teriparatide", 20, "ug", "sc", cmt="PTH_amount")))


def test_a_cmt_typo_names_what_the_user_wrote():
    with pytest.raises(InputError) as err:
        _run(Regimen(Dose(0, "denosumab", 60, "mg", "sc", cmt="denosumab_dep")))
    msg = str(err.value)
    assert "got 'denosumab_dep'" in msg and "denosumab_denosumab_dep" not in msg
    assert "did you mean 'denosumab_depot'" in msg


def test_the_prescription_text_and_the_cli_refuse_it_too():
    text = "denosumab 60 mg sc into sclerostin q6mo x 2"
    with pytest.raises(InputError, match=r"Dose.cmt of denosumab .* got 'sclerostin'"):
        _run(parse(text))
    r = CliRunner().invoke(app, ["simulate", "--patient", P, "--treat", text, "--days", "10"])
    assert r.exit_code == 2 and "got 'sclerostin'" in r.output


def test_the_dosing_compartments_run_and_the_short_name_is_the_full_one():
    short = _run(Regimen(Dose(0, "denosumab", 60, "mg", "sc", cmt="depot")))
    full = _run(Regimen(Dose(0, "denosumab", 60, "mg", "sc", cmt="denosumab_depot")))
    default = _run(Regimen(Dose(0, "denosumab", 60, "mg", "sc")))
    assert (short.values == full.values).all() and (full.values == default.values).all()
    iv = _run(Regimen(Dose(0, "denosumab", 60, "mg", "iv", cmt="central")))
    assert iv["denosumab_serum"][0, -1] > default["denosumab_serum"][0, -1]


def test_every_drugs_dosing_compartments_hold_its_dose_amounts():
    spec = osteon.models.load("osteon")
    for name in drugs.names():
        d = drugs.get(name)
        composed = drugs.compose(spec, [d])
        units = {s.name: s.unit for s in composed.states}
        for state, routes in drugs.dosing_compartments(d).items():
            assert routes, (name, state)
            if state in d.routes.values():
                continue  # a route's own compartment: the drug's card defines it
            assert units[state] == d.amount_unit, (name, state)


def test_an_input_over_a_time_of_a_bolus_only_drug_says_what_to_write():
    """The label's 'zoledronic acid 5 mg iv over 15 minutes once' was refused as a 'continuous
    infusion', the message dropped the 'over 15 minutes' that caused it and gave no fix."""
    text = "zoledronic acid 5 mg iv over 15 minutes once"
    with pytest.raises(InputError) as err:
        _run(text)
    msg = str(err.value)
    assert "continuous-infusion form" not in msg
    assert "got an input over 15 minutes in the dose of 5 mg zoledronic_acid iv over 15 minutes" in msg
    assert "leave out 'over 15 minutes'" in msg and "iv into zoledronic_acid_plasma" in msg
    # what it says to write runs
    assert _run("zoledronic acid 5 mg iv once").ok
    with pytest.raises(InputError, match=r"got an input at 20 mg/day .* leave out 'at 20 mg/day'"):
        _run(Regimen(Dose(0, "zoledronic acid", 5, "mg", "iv", rate=20)))


@pytest.mark.parametrize("dose", [
    Dose(0, "calcium", 500, "mg/day", "oral", cmt="OBa", duration=10),  # continuous
    Dose(0, "calcium", 500, "mg", "oral", cmt="denosumab_depot", rate=50),  # at a rate
    Dose(0, "vitamin_d", 600, "ug", "oral", cmt="nowhere", duration=5),  # over a time
    Dose(0, "teriparatide", 20, "ug/day", "sc", cmt="TERISC", duration=5),  # a bolus's, not its
])
def test_an_infusion_into_a_state_its_input_does_not_enter_is_refused(dose):
    # an infusion's cmt was not read: calcium 'into OBa' or into denosumab's depot ran as
    # calcium into its tablet, silently
    with pytest.raises(InputError) as err:
        _run(Regimen(dose))
    msg = str(err.value)
    target = drugs.get(dose.drug).infusion_state
    assert msg.startswith("Dose.cmt of an infusion of ") and f"must be {target}" in msg
    assert f"got '{dose.cmt}'" in msg


def test_an_infusion_into_its_own_compartment_runs_as_without_cmt():
    runs = [_run(Regimen(Dose(0, "vitamin_d", 20, "ug/day", "oral", cmt=cmt, duration=5)))
            for cmt in (None, "vitamin_d_store", "store")]
    assert all((r.values == runs[0].values).all() for r in runs[1:])
    tpt = [_run(Regimen(Dose(0, "teriparatide", 20, "ug/day", "sc", cmt=cmt, duration=5)))
           for cmt in (None, "PTH_amount")]
    assert (tpt[0].values == tpt[1].values).all()


def test_every_infusion_state_is_where_the_input_enters():
    # the state each drug's infusion_state names is the one, and the only one, whose rate its
    # infusion parameter moves
    import numpy as np

    spec = osteon.models.load("osteon")
    for name in drugs.names():
        d = drugs.get(name)
        if d.infusion_parameter is None:
            assert d.infusion_state is None, name
            continue
        composed = drugs.compose(spec, [d])
        p = {k: np.asarray(v, dtype=float) for k, v in composed.resolve_parameters({}, 1).items()}
        y = np.asarray(composed.steady_state_guess(p), dtype=float).reshape(1, -1)
        f0 = np.asarray(composed.rhs(0.0, y, p, np))[0]
        f1 = np.asarray(composed.rhs(0.0, y, {**p, d.infusion_parameter: np.array([1.0])}, np))[0]
        moved = [composed.state_names[i] for i in np.flatnonzero(f1 != f0)]
        assert moved == [d.infusion_state], name
