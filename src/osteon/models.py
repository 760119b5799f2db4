"""Model discovery: ``osteon.models.list()``, ``load(id)``, ``show(id)``, ``citation(id)``."""

from __future__ import annotations

import builtins
import textwrap

from osteon.library import ids, load
from osteon.model.spec import ModelSpec

__all__ = ["citation", "list", "load", "show"]


def list() -> builtins.list[dict[str, str]]:
    """One row per library model: id, title, authors, year, DOI."""
    rows = []
    for mid in ids():
        spec = load(mid)
        c = spec.card
        rows.append({"id": mid, "title": c.title if c else "", "authors": c.authors if c else "",
                     "year": str(c.year) if c else "", "doi": c.doi if c else "",
                     "states": ", ".join(spec.state_names)})
    return rows


def _spec(model: str | ModelSpec) -> ModelSpec:
    return load(model) if isinstance(model, str) else model


def show(model: str | ModelSpec, width: int = 100) -> str:
    """A readable model card: paper, scope, equations, states, parameters with sources."""
    spec = _spec(model)
    c = spec.card
    out: builtins.list[str] = []
    wrap = lambda s, ind="  ": textwrap.fill(s, width, initial_indent=ind,  # noqa: E731
                                             subsequent_indent=ind + "  ")
    out.append(f"{spec.id} (version {spec.version})")
    if c:
        out.append(f"  {c.title}")
        out.append(f"  {c.authors}. {c.journal}, {c.year}. doi:{c.doi}"
                   + (f", PMID {c.pmid}" if c.pmid else ""))
        out += ["", "Summary", wrap(c.summary), "", "Scope", wrap(c.scope)]
        if c.equations.strip():
            out += ["", "Equations", textwrap.indent(textwrap.dedent(c.equations).strip("\n :"),
                                                     "  ")]
    out += ["", "States"]
    for s in spec.states:
        out.append(f"  {s.name:<12} [{s.unit}]  {s.description}")
    if spec.observables:
        out += ["", "Observables"]
        for o in spec.observables:
            out.append(f"  {o.name:<22} [{o.unit}]  {o.description}")
            for word, bound, note in (("below", o.low, o.low_note), ("above", o.high, o.high_note)):
                if bound is not None:
                    out.append(wrap(f"a run warns {word} {bound:g}: {note}", "      "))
    out += ["", "Parameters"]
    for p in spec.parameters:
        out.append(f"  {p.name:<12} = {p.value:<12.6g} [{p.unit}]  {p.description}")
        out.append(wrap(f"source: {p.source} ({p.evidence})", "      "))
    if c and c.deviations:
        out += ["", "Known deviations and corrections"]
        out += [wrap(f"- {d}") for d in c.deviations]
    if c and c.experiments:
        out += ["", "Experiments from the paper"]
        out += [wrap(f"- {e}") for e in c.experiments]
    return "\n".join(out)


def citation(model: str | ModelSpec) -> str:
    """BibTeX entry of the model's paper (``@article``), or of the model itself where it is
    software with no paper (``@misc``: osteon's own model)."""
    spec = _spec(model)
    c = spec.card
    if c is None:
        return ""
    key = c.bibtex_key or spec.id
    authors = " and ".join(_bibtex_name(a) for a in c.authors.split(","))
    if c.bibtex_type == "misc":
        from osteon._version import __version__

        fields = {
            "author": authors,
            "title": "{" + c.title + "}",
            "howpublished": f"Python package osteon, version {__version__}",
            "note": f"Model '{spec.id}' of the {c.journal}",
            "year": str(c.year),
            "version": __version__,
        }
    else:
        name = _journal_name(c.journal)
        rest = c.journal[len(name):].strip()
        volume = rest.split("(")[0].split(":")[0].strip()
        number = rest.split("(")[1].split(")")[0] if "(" in rest else ""
        pages = rest.split(":")[1].replace("-", "--") if ":" in rest else ""
        fields = {
            "author": authors,
            "title": "{" + c.title + "}",
            "journal": name,
            "year": str(c.year),
            "volume": volume,
            "number": number,
            "pages": pages,
            "doi": c.doi,
        }
        if c.pmid:
            fields["pmid"] = c.pmid
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields.items() if v)
    return f"@{c.bibtex_type}{{{key},\n{body}\n}}"


def _bibtex_name(author: str) -> str:
    """An author as BibTeX reads a name: 'Smith DW' (the card's, PubMed's order) -> 'Smith,
    D. W.' (BibTeX takes the last word of 'Smith DW' for the surname); a name without initials
    (a group, 'osteon developers') is braced, so BibTeX keeps it whole."""
    words = author.split()
    if len(words) >= 2 and words[-1].isalpha() and words[-1].isupper() and len(words[-1]) <= 3:
        return f"{' '.join(words[:-1])}, {' '.join(ch + '.' for ch in words[-1])}"
    return "{" + " ".join(words) + "}"


def _journal_name(journal: str) -> str:
    """The journal's name without volume/pages: 'J Theor Biol 229(3):293-309' -> 'J Theor Biol'."""
    words = []
    for w in journal.split(" "):
        if w[:1].isdigit():
            break
        words.append(w)
    return " ".join(words)
