"""``osteon validate``: run the published targets and report observed vs published."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from osteon.errors import OsteonError


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code=2)


def validate(
    only: Annotated[list[str] | None, typer.Argument(
        help="Target ids or groups (e.g. DM3, NH1.ls_window); all when none.")] = None,
    area: Annotated[str | None, typer.Option(help="Only this area, e.g. 'denosumab'.")] = None,
    role: Annotated[str | None, typer.Option(help="'training' or 'check'.")] = None,
    fast: Annotated[bool, typer.Option("--fast", help="Leave out the slow targets (daily "
                                       "injections over months).")] = False,
    json_out: Annotated[bool, typer.Option("--json", help="Print a JSON list (id, kind, "
                                           "observed, expected, tolerance, unit, passed, "
                                           "source, ...).")] = False,
    markdown: Annotated[bool, typer.Option("--markdown", help="Print the summary table and "
                                           "the misses as Markdown (the README's).")] = False,
    out: Annotated[Path | None, typer.Option(help="Write index.html (one plot per target), "
                                             "validation.json and summary.md (the --markdown "
                                             "text) here.")] = None,
    list_only: Annotated[bool, typer.Option("--list", help="List the targets; run nothing.")]
    = False,
    targets_file: Annotated[Path | None, typer.Option(
        "--targets", help="Run your own targets instead, from a CSV/TSV table (columns: id, "
        "observable, reading, time, value, tolerance, source; optional patient, regimen, "
        "conditions, control_regimen, ...; see osteon.validation.table); --role picks its "
        "training or check rows.")] = None,
    parameters: Annotated[list[Path] | None, typer.Option(
        "--parameters", help="Run the targets with these values instead of the tables': a "
        "result of osteon calibrate (its --out DIR/PROBLEM.json, or its --json output; "
        "repeatable). Its estimates are set in every arm whose model, drugs or conditions have "
        "them; each row records those that acted in it.")] = None,
) -> None:
    """Run the validation targets: each published result with its scenario, the observed
    value, the published one with its tolerance, pass or miss; then a summary by area and by
    training/check. Each miss's likely cause is in the report (--out, --markdown, --json), not
    in the terminal table; the exit code is 0 unless the input is bad. With --parameters, the
    targets run at a calibration's estimates (e.g. a table's check rows at the values fitted to
    its training rows: osteon validate --targets T.csv --role check --parameters
    runs/mine/T.json)."""
    from osteon import validation
    from osteon.cli._paths import in_the_way, not_a_directory
    from osteon.validation.report import REPORT_FILES, REPORT_FOLDERS

    if (bad := not_a_directory(out, "--out")
            or in_the_way(out, "--out", files=REPORT_FILES, folders=REPORT_FOLDERS)) is not None:
        raise _fail(bad)
    # an output option the run would drop is refused, not ignored
    if json_out and markdown:
        raise _fail("--json and --markdown each print the whole report, in one format: give "
                    "one of them (--out writes both: validation.json and summary.md)")
    if list_only and (markdown or out is not None):
        given = "--markdown" if markdown else "--out"
        raise _fail(f"--list and {given} cannot be combined: --list runs nothing, so there is "
                    f"no report to {'print' if markdown else 'write'} (--list takes --json)")
    try:
        if targets_file is not None:
            if only or area or fast:
                raise _fail("--targets runs the table's targets: it cannot be combined with "
                            "target ids, --area or --fast")
            from osteon.validation.table import check_observables, read_targets

            targets = read_targets(targets_file)
            check_observables(targets)
            if role is not None:
                if role not in ("training", "check"):
                    raise _fail(f"--role must be 'training' or 'check'; got {role!r}")
                targets = [t for t in targets if t.role == role]
                if not targets:
                    raise _fail(f"targets file {targets_file.name} has no {role} rows (role "
                                f"column; empty: training)")
        else:
            chosen = list(only or ())
            try:
                targets = validation.select(chosen, area=area, role=role, fast=fast)
            except validation.NoTargetSelectedError as exc:  # said with the options
                raise _fail(validation.none_selected(exc.only, exc.area, exc.role, exc.fast,
                                                     options=True)) from None
        values: dict[str, float] = {}
        if parameters:
            from osteon.calibrate import check_values, read_parameters

            values = read_parameters(*parameters)
            check_values(targets, values, "--parameters " + ", ".join(p.name for p in parameters))
    except OsteonError as exc:
        raise _fail(str(exc)) from None
    if not targets:  # (validation.select refuses an empty selection, naming the filters)
        raise _fail("no target is selected")
    if list_only:
        if json_out:
            import json

            typer.echo(json.dumps([{"id": t.id, "group": t.group, "area": t.area,
                                    "role": t.role, "what": t.what} for t in targets]))
            return
        for t in targets:
            typer.echo(f"{t.id:28s} {t.area:17s} {t.role:8s} {t.what}")
        return
    quiet = json_out or markdown
    progress = None if quiet else _printer()
    if parameters:
        from osteon.calibrate import evaluate_targets

        if not quiet:
            typer.echo("with the parameters of " + ", ".join(str(p) for p in parameters) + ": "
                       + validation.report.Report([], parameters=values).parameters_text())
        report = evaluate_targets(targets, values, progress=progress, check=False)
        report.parameters_from = tuple(str(p) for p in parameters)
    else:
        report = validation.report.run(targets, progress=progress)
    if json_out:
        typer.echo(report.to_json())
    elif markdown:
        typer.echo(report.markdown(), nl=False)
    else:
        _print_summary(report)
    if out is not None:
        path = report.write_html(out)
        if not quiet:
            typer.echo(f"report: {path}")


def _printer():
    from rich.console import Console
    from rich.markup import escape

    console = Console()

    def show(o, i: int, n: int) -> None:
        t = o.target
        colour = {"pass": "green", "miss": "red", "error": "red", "skipped": "yellow"}[o.status]
        obs = "—" if o.observed is None else f"{o.observed:.3g}"
        console.print(f"[{colour}]{o.status:7s}[/] {t.id:28s} {obs:>9s} vs "
                      f"{t.criterion()} {t.unit}  [dim]{escape((o.reason or '')[:80])}[/]")
        for w in o.warnings:  # in full: a warning cut short may lose its advice
            console.print(f"        [yellow]warning:[/] {escape(w)}", soft_wrap=True)

    return show


def _print_summary(report) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"osteon validation: {len(report.outcomes)} targets, "
                  f"{report.n_simulations} simulations, {report.seconds:.0f} s")
    for col in ("area", "role", "targets", "pass", "miss", "error", "skipped"):
        table.add_column(col, justify="left" if col in ("area", "role") else "right")
    for r in report.summary_rows():
        table.add_row(r["area"], r["role"], *(str(r[k]) for k in (
            "targets", "passed", "missed", "errors", "skipped")))
    Console().print(table)
