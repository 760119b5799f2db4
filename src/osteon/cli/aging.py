"""``osteon aging``: how much of the bone lost between two ages each aging mechanism explains."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from osteon.errors import OsteonError


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code=2)


def aging(
    patient: Annotated[str, typer.Option(
        help="Sex, age and menopause, e.g. 'female, age 30, menopause at 51' (no BMD, risk "
             "factors or BMI: the population-average life course).")]
    = "female, age 30, menopause at 51",
    to_age: Annotated[float, typer.Option("--to-age", help="Age to read the loss at (years).")]
    = 80.0,
    mechanism: Annotated[list[str] | None, typer.Option(
        "--mechanism", help="An aging switch to attribute (repeatable; default: all of them: "
        "aging_estrogen, aging_igf1, aging_sasp_systemic, aging_adipogenic_drift, "
        "aging_senescence, aging_sclerostin). In Python, the mechanism "
        "argument of osteon.aging.attribute_aging.")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the table as one JSON object.")]
    = False,
    out: Annotated[Path | None, typer.Option(help="Write attribution.csv and attribution.png "
                                             "here.")] = None,
) -> None:
    """Attribute the BMD change between two ages to the integrated model's aging mechanisms:
    the life course with all of them on, with each switched off in turn (from the young adult
    on) and with all off; prints the percentage points each explains by site."""
    from osteon.aging import attribute_aging, mechanisms
    from osteon.cli._paths import not_a_directory

    if (bad := not_a_directory(out, "--out")) is not None:
        raise _fail(bad)
    if mechanism:
        unknown = [m for m in mechanism if m not in mechanisms()]
        twice = sorted({m for m in mechanism if mechanism.count(m) > 1})
        if unknown or twice:
            raise _fail(f"--mechanism must name aging switches among {', '.join(mechanisms())}, "
                        f"each once; got {', '.join(mechanism)}")
    try:
        result = attribute_aging(patient, to_age=to_age, mechanism=mechanism)
    except OsteonError as exc:
        raise _fail(str(exc)) from None
    frame = result.to_frame()
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        frame.to_csv(out / "attribution.csv", index=False)
        fig = result.plot()
        fig.savefig(out / "attribution.png", dpi=120)
    if json_out:
        typer.echo(json.dumps(result.to_dict(), allow_nan=False))
        return
    from rich.console import Console
    from rich.table import Table

    from osteon.readouts.densitometry import SITES

    table = Table(title=f"{result.patient}: BMD change from {result.start_age:g} to "
                        f"{result.end_age:g} years explained by each aging mechanism "
                        "(percentage points; one at a time)")
    table.add_column("mechanism")
    for s in SITES:
        table.add_column(s.replace("_", " "), justify="right")
    table.add_column("what")
    for row in frame.to_dict(orient="records"):
        # the two worlds are printed as their whole change (the footer's reading); a subset of
        # mechanisms leaves a change with all of them off, so all on's attributable differs
        key = "change" if row["mechanism"] in ("all off", "all on") else "attributable"
        table.add_row(row["mechanism"], *(f"{row[f'{key}_{s}']:+.1f}" for s in SITES),
                      row["what"])
    console = Console()
    if not console.is_terminal:
        console = Console(width=140)
    console.print(table)
    console.print("'all on' is the whole change; 'all off' the change with none of them; "
                  "'interactions' what the one-at-a-time parts leave.")
    for note in result.notes:
        console.print(f"note: {note}", highlight=False, markup=False)
    if out is not None:
        console.print(f"wrote attribution.csv, attribution.png to {out}")
