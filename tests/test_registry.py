"""Every parameter of every library model carries a unit pint reads and a complete source."""

import re

import pytest

import osteon
from osteon.library import ids, load
from osteon.model.parameter import Evidence, source_is_complete
from osteon.units import unit_registry

ALL = ids()


def test_library_ids():
    assert {"komarova2003", "lemaire2004", "pivonka2008"} <= set(ALL)
    assert [r["id"] for r in osteon.models.list()] == ALL


@pytest.mark.parametrize("model_id", ALL)
def test_every_parameter_has_unit_and_source(model_id):
    spec = load(model_id)
    ureg = unit_registry()
    missing = []
    for p in spec.parameters:
        ureg.parse_units(p.unit)  # raises if pint cannot read it
        if not p.unit.strip() or not source_is_complete(p.source, p.evidence):
            missing.append(p.name)
        assert isinstance(p.evidence, Evidence)
        assert p.description.strip(), p.name
        assert p.admits(p.value), p.name
    assert not missing, f"{model_id}: parameters without unit or DOI/PMID + location: {missing}"


@pytest.mark.parametrize("model_id", ALL)
def test_states_observables_and_card(model_id):
    spec = load(model_id)
    ureg = unit_registry()
    for s in (*spec.states, *spec.observables):
        ureg.parse_units(s.unit)
        assert s.description.strip()
    card = spec.card
    assert card is not None
    if model_id == "osteon":  # osteon's own model: no paper, it names the models it builds on
        assert "Pivonka 2008" in card.summary and "Peterson & Riggs 2010" in card.summary
    else:
        assert re.match(r"10\.\d{4,}/", card.doi)
        assert card.pmid.isdigit()
    assert card.deviations, "a card must say how the implementation departs from the paper"
    text = osteon.models.show(model_id)
    for p in spec.parameters:
        assert p.name in text
    bib = osteon.models.citation(model_id)
    kind = "misc" if model_id == "osteon" else "article"  # osteon's own model is software
    assert bib.startswith(f"@{kind}{{{model_id},") and card.doi in bib


@pytest.mark.parametrize("model_id", ALL)
def test_citation_names_each_author_as_bibtex_reads_a_name(model_id):
    """'Pivonka P and Zimak J' read as surnames P and J (BibTeX takes a name's last word for
    the surname): each author is 'Surname, I. N.', or a group braced whole."""
    bib = osteon.models.citation(model_id)
    fields = dict(re.findall(r"^  (\w+) = \{(.*)\},?$", bib, flags=re.M))
    names = fields["author"].split(" and ")
    card = load(model_id).card
    assert len(names) == len(card.authors.split(","))
    if model_id == "osteon":
        # software, not a paper: no journal (it was '@article' in journal 'osteon model library')
        assert bib.startswith("@misc{osteon,") and "journal" not in fields
        assert names == ["{osteon developers}"]
        assert fields["version"] == osteon.__version__
        return
    assert bib.startswith(f"@article{{{model_id},") and fields["journal"]
    for name, given in zip(names, card.authors.split(","), strict=True):
        surname, comma, initials = name.partition(", ")
        assert comma and surname == given.split()[0], name
        assert re.fullmatch(r"([A-Z]\. )*[A-Z]\.", initials), name
    if model_id == "pivonka2008":
        assert fields["author"].startswith("Pivonka, P. and Zimak, J. and Smith, D. W. and ")


def test_source_check_rejects_incomplete_sources():
    assert not source_is_complete("Lemaire 2004", Evidence.PUBLISHED_MODEL)
    assert not source_is_complete("doi:10.1016/j.jtbi.2004.03.023", Evidence.PUBLISHED_MODEL)
    assert source_is_complete("doi:10.1016/j.jtbi.2004.03.023, Table 1", Evidence.PUBLISHED_MODEL)
    assert source_is_complete("PMID 15234198, Fig. 2", Evidence.ANIMAL)
    assert not source_is_complete("PMID 15234198, Fig. 2", Evidence.ASSUMPTION)
    assert source_is_complete("assumption: RANK held constant, as the paper does", Evidence.ASSUMPTION)


def test_a_unit_pint_cannot_read_fails_at_build():
    from osteon.errors import ModelDefinitionError
    from osteon.model import Parameter

    with pytest.raises(ModelDefinitionError, match=r"cannot be parsed"):
        Parameter("x", 1.0, "pM/dya", "d", "PMID 1, Table 1")


def test_model_lookup_is_cached_and_immutable():
    a, b = load("lemaire2004"), load("lemaire2004")
    assert a is b
    with pytest.raises(AttributeError):
        a.id = "other"  # type: ignore[misc]


def test_cards_speak_of_their_sources_not_of_the_sessions_that_wrote_them():
    """pivonka2008's card said the paper's values 'could not be read in this session'."""
    from osteon import conditions, drugs

    texts = {f"model {m}": repr(load(m).card) for m in ALL}
    texts |= {f"condition {c}": conditions.card_text(c) for c in conditions.names()}
    texts |= {f"drug {d}": drugs.describe(d) for d in drugs.names()}
    said = {k: m.group(0) for k, v in texts.items()
            if (m := re.search(r"\b(this|that|the|previous|earlier|last|development) "
                               r"session\b", v, re.IGNORECASE))}
    assert not said


def test_the_readmes_table_of_models_counts_the_integrated_models_states():
    """The README's Models table said the osteon model has 38 states; the two mineral-density
    states of secondary mineralization (in the model, off by default) made it 40."""
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if line.startswith("| `osteon` (default) |"))
    states = row.split("|")[3].strip()
    assert states.startswith(f"{len(load('osteon').states)}: "), states[:40]
    for name in ("mineral_trabecular", "mineral_cortical"):
        assert name in load("osteon").state_names
