"""``osteon population sample``: draw a virtual population into the table that ``osteon simulate
--population FILE`` reads (:func:`osteon.sample_population`), and print what was drawn.

osteon ships no default distributions: each ``--column`` gives its own (the cohort's numbers,
from its source), and the examples in the help are illustrative.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from osteon.errors import OsteonError


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code=2)


#: how the Python arguments' names read as the options typed, in the library's refusals
_OPTIONS = {"n (how many subjects)": "--n", "seed": "--seed"}


def sample(
    n: Annotated[int, typer.Option("--n", help="How many subjects (a whole number >= 1).")],
    seed: Annotated[int, typer.Option(
        help="Seed of the draw (a whole number >= 0): the same seed, columns and --where give "
             "the same table.")],
    column: Annotated[list[str], typer.Option(
        "--column", help="NAME=DISTRIBUTION, repeatable, one per column: a Patient field (sex, "
        "age, age_at_menopause, bmi, t_score_SITE, bmd_SITE, prior_fracture, ...) or a "
        "model parameter (a drug's too), in its unit; DISTRIBUTION is normal(MEAN, SD), "
        "truncnormal(MEAN, SD, LOW, HIGH), uniform(LOW, HIGH), lognormal(MEDIAN, CV) (CV a "
        "fraction: 0.3 is 30 %), bernoulli(P), choice(VALUE:P, VALUE:P, ...), fixed(VALUE) or a "
        "bare value. osteon has no default: e.g. (illustrative) 'age=uniform(65, 80)', "
        "'sex=female', 't_score_femoral_neck=normal(-2.3, 0.6)'.")],
    out: Annotated[Path, typer.Option(
        help="The table to write: .csv, .tsv or .parquet (what --population reads).")],
    where: Annotated[str | None, typer.Option(
        help="Inclusion criteria, met by rejection: comparisons of columns with numbers joined "
             "by and/or/not, e.g. 't_score_femoral_neck <= -2.5 and age >= 65'.")] = None,
    correlation: Annotated[list[str] | None, typer.Option(
        "--correlation", help="A,B=R: the correlation R (-1 to 1) of two normal columns, "
        "repeatable; none unless given.")] = None,
    model: Annotated[str, typer.Option(
        "--model", "-m", help="The model whose parameters a column may name.")] = "osteon",
    min_acceptance: Annotated[float, typer.Option(
        "--min-acceptance", help="The lowest share of the subjects drawn --where may accept "
        "(0.01 is 1 %); below it the draw is refused with the share found.")] = 0.01,
) -> None:
    """Draw a virtual population from the distributions given and write it as the table
    `osteon simulate --population FILE` reads; print what was drawn (subjects, the share the
    criteria accepted, each column's mean and SD or shares)."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from osteon.cli._usage import as_options
    from osteon.io.population import FORMATS
    from osteon.population_sampling import parse_distribution, sample_population, summarize_sample

    kind = FORMATS.get(out.suffix.lower())
    if kind is None:
        raise _fail(f"--out {str(out)!r}: unknown file type {out.suffix or '(none)'!r}; give a "
                    f".csv, .tsv (or .tab) or .parquet file")
    if out.is_dir():
        raise _fail(f"--out {str(out)!r} is a directory; give a table file (.csv, .tsv or "
                    f".parquet)")
    columns = {}
    for text in column:
        name, eq, dist = text.partition("=")
        name = name.strip()
        if not eq or not name or not dist.strip():
            raise _fail(f"--column takes NAME=DISTRIBUTION, e.g. 'age=uniform(65, 80)'; got "
                        f"{text!r}")
        if name in columns:
            raise _fail(f"--column {name!r} is given more than once; give each column once")
        try:
            columns[name] = parse_distribution(dist)
        except OsteonError as exc:
            raise _fail(f"--column {text!r}: {exc}") from None
    pairs = {}
    for text in correlation or []:
        left, eq, r = text.rpartition("=")
        a, comma, b = left.partition(",")
        try:
            value = float(r)
        except ValueError:
            value = None
        if not eq or not comma or value is None:
            raise _fail(f"--correlation takes A,B=R, e.g. 't_score_lumbar_spine,"
                        f"t_score_total_hip=0.6'; got {text!r}")
        pairs[(a.strip(), b.strip())] = value
    try:
        frame = sample_population(n, seed=seed, columns=columns, where=where,
                                  correlations=pairs or None, model=model,
                                  min_acceptance=min_acceptance)
    except OsteonError as exc:
        message = as_options(str(exc), _OPTIONS).replace("min_acceptance", "--min-acceptance")
        raise _fail(message.replace("where ", "--where ", 1) if message.startswith("where ")
                    else message) from None
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        if kind == "parquet":
            frame.to_parquet(out, index=False)
        else:
            frame.to_csv(out, index=False, sep="," if kind == "csv" else "\t")
    except OSError as exc:
        raise _fail(f"--out {str(out)!r} cannot be written: {exc.strerror or exc}") from None
    info = frame.attrs["sampling"]
    share = (f"{info['drawn']} drawn, {100 * info['accepted_share']:.1f} % accepted by "
             f"--where {info['where']!r}" if info["where"] else "no --where")
    table = Table(title=f"{n} subjects (seed {seed}; {share})", title_justify="left",
                  caption="the distributions are the ones given (osteon ships none)",
                  caption_justify="left")
    for col in ("column", "distribution", "in the table"):
        table.add_column(col)
    for _, row in summarize_sample(frame).iterrows():
        table.add_row(*(escape(str(row[c])) for c in ("column", "distribution", "in the table")))
    Console(width=max(100, Console().width)).print(table)
    typer.echo(f"wrote {out}")
