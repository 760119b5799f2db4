"""Drug PK checked against the figures of the sources each drug cites (a PK review found the
model's own peaks, troughs or texts disagreeing with them)."""

from __future__ import annotations

import pytest

from osteon.drugs import decoys, denosumab


def _param(drug, name):
    return next(p for p in drug.parameters if p.name == name)


@pytest.mark.parametrize("drug_id", ["opg_fc", "rank_fc"])
def test_decoy_pk_says_where_its_values_come_from(drug_id):
    # the decoys' F and Vc were described as 'taken equal to denosumab's' while denosumab
    # carries another PK (F 1.0, Vc 4.67 L): the text names the Peterson 2004 values it holds
    drug = decoys.DRUGS[drug_id]
    dmab = {p.name: p.value for p in denosumab.PARAMETERS}
    for short, openbonemin in (("F", 0.729), ("Vc", 2.340)):
        par = _param(drug, f"{drug_id}_{short}")
        assert par.value == pytest.approx(openbonemin)
        if par.value != dmab[f"denosumab_{short}"]:
            assert "equal to denosumab's" not in par.source
        assert "OpenBoneMin" in par.source and "Peterson" in par.source
