"""``osteon calibrate``: re-estimate the shipped fitted parameters from the training targets."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Annotated

import typer

from osteon.errors import OsteonError

#: the shipped problems in solving order (osteon.calibrate.shipped.PROBLEMS, which a test holds
#: this to; written out so that the CLI starts without importing the target catalog)
SHIPPED_NAMES = ("life_course, glucocorticoids, immobilization, inflammation, fluoride, vascular, "
                 "denosumab, hip_composition, romosozumab_pk, romosozumab, raloxifene, exercise, "
                 "pth_anabolic, vitamin_d, aromatase_inhibitor")


#: calibrate()'s arguments as this command's options
SETTINGS = {"n_starts": "--starts", "seed": "--seed", "method": "--method",
            "max_evaluations": "--max-evaluations", "n_jobs": "--n-jobs"}


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code=2)


def calibrate(
    problems: Annotated[list[str] | None, typer.Argument(
        help="Shipped problems to solve, in order (all when none): " + SHIPPED_NAMES + ".")]
    = None,
    starts: Annotated[int, typer.Option(help="Local optimizations per problem.")] = 4,
    seed: Annotated[int, typer.Option(help="Seed of the start design.")] = 0,
    method: Annotated[str, typer.Option(help="least_squares, nelder-mead or powell.")]
    = "least_squares",
    n_jobs: Annotated[int, typer.Option("--n-jobs", help="Parallel starts (-1: all cores).")]
    = 1,
    max_evaluations: Annotated[int, typer.Option(help=(
        "The local optimizer's evaluation budget per start, N, as SciPy counts it (least "
        "squares' max_nfev, Nelder-Mead's and Powell's maxfev). Least squares does not count "
        "the evaluations of its finite-difference Jacobian (one per estimate, at the start and "
        "after each accepted step), and osteon evaluates a start's first and last points once "
        "more: a start makes at most 2 + N x (1 + estimates) evaluations with least squares, "
        "N + 1 with nelder-mead or powell; each start's line says how many it made."))]
    = 200,
    out: Annotated[Path | None, typer.Option(help="Write each problem's result (estimates, "
                                             "starts, seed, versions) as DIR/PROBLEM.json.")]
    = None,
    check: Annotated[bool, typer.Option(
        "--check", help="Then run the check targets with the estimates (slow: the whole "
        "catalog) and report their fit separately.")] = False,
    export_petab: Annotated[Path | None, typer.Option(
        "--export-petab", help="Write the problems as PEtab tables under DIR/PROBLEM/ and "
        "stop (nothing is solved).")] = None,
    passes: Annotated[int, typer.Option(
        help="Solve the problems this many times over: from the second pass on, each problem "
             "holds every other at its latest estimate (the problems share the model, so the "
             "shipped values must be a fixed point). The change of each pass is printed.")] = 1,
    write_estimates: Annotated[bool, typer.Option(
        "--write-estimates", help="Write the estimates of the last pass into osteon's "
        "estimates file (osteon/model/estimates.json), which the parameter tables read.")]
    = False,
    list_only: Annotated[bool, typer.Option("--list", help="List the problems; solve nothing.")]
    = False,
    json_out: Annotated[bool, typer.Option("--json", help="Print the results as JSON.")]
    = False,
    trace: Annotated[bool, typer.Option(
        "--trace", help="Print every evaluation of every start to stderr as it ends (start, "
        "number, cost or failure, values): a long problem's progress.")] = False,
    targets_file: Annotated[Path | None, typer.Option(
        "--targets", help="Fit your own data instead: the training rows of a CSV/TSV target "
        "table (see osteon validate --targets), with the parameters given by --estimate.")]
    = None,
    estimate: Annotated[list[str] | None, typer.Option(
        "--estimate", help="With --targets: a parameter to estimate, NAME=LOWER:UPPER (log10 "
        "scale) or NAME=LOWER:UPPER:lin (repeatable); both bounds must lie in the parameter's "
        "own domain (gc_emax, a fraction, in [0, 1)).")] = None,
) -> None:
    """Solve the calibration problems of osteon's fitted parameters: multistart SciPy fits to
    the training targets, each problem after the ones it builds on. Prints each estimate beside
    the value in the parameter tables and the fit on the training targets."""
    from osteon import calibrate as cal
    from osteon.cli._paths import not_a_directory
    from osteon.cli._usage import as_options
    from osteon.errors import InputError

    for path, option in ((out, "--out"), (export_petab, "--export-petab")):
        if (bad := not_a_directory(path, option)) is not None:
            raise _fail(bad)
    try:
        # the settings before anything is read or printed, named as typed here
        cal.optimize.check_settings(n_starts=starts, seed=seed, method=method,
                                    max_evaluations=max_evaluations, n_jobs=n_jobs)
        if passes < 1:
            raise InputError(f"--passes must be a whole number >= 1; got {passes}")
        if targets_file is not None:
            if problems or write_estimates or check or passes != 1:
                raise _fail("--targets solves one problem from your table: it cannot be "
                            "combined with shipped problem names, --write-estimates, --check "
                            "or --passes")
            chosen = [_user_problem(targets_file, estimate or [])]
        elif estimate:
            raise _fail("--estimate needs --targets (the shipped problems name their own "
                        "estimates)")
        else:
            chosen = cal.select(problems or ())
        # where each problem's files go, before any is solved: a folder in the way of a
        # result file was found only when the solved result was saved, and the run was lost
        for p in chosen:
            if out is not None and (out / f"{p.id}.json").is_dir():
                raise _fail(f"--out {out}: {out / f'{p.id}.json'} is a directory, where "
                            f"problem {p.id}'s result is written; move it or give another "
                            f"--out")
            where = export_petab / p.id if export_petab is not None else None
            if where is not None and where.exists() and not where.is_dir():
                raise _fail(f"--export-petab {export_petab}: {where} is a file, where problem "
                            f"{p.id}'s PEtab tables go (a directory); move it or give another "
                            f"--export-petab")
    except OsteonError as exc:
        raise _fail(as_options(str(exc), SETTINGS)) from None
    if list_only:
        for p in chosen:
            after = f" (after {', '.join(p.after)})" if p.after else ""
            typer.echo(f"{p.id}{after}: {p.description}")
            typer.echo(f"  estimates: {', '.join(p.names)}")
            typer.echo(f"  targets:   {', '.join(t.id for t in p.targets)}")
        return
    if export_petab is not None:
        for p in chosen:
            path = cal.export_petab(p, export_petab / p.id)
            typer.echo(f"PEtab: {path}")
        return
    from rich.console import Console

    console = Console(stderr=json_out)
    results: dict[str, cal.CalibrationResult] = {}
    for k in range(1, passes + 1):
        before = {pid: dict(r.estimates) for pid, r in results.items()}
        if passes > 1:
            console.print(f"[bold]pass {k} of {passes}[/]")
        for p in chosen:
            console.print(f"[bold]{p.id}[/]: {', '.join(p.names)} from "
                          f"{', '.join(t.id for t in p.targets)}")
            try:
                r = cal.calibrate(p, n_starts=starts, seed=seed, method=method, n_jobs=n_jobs,
                                  max_evaluations=max_evaluations, fixed=cal.upstream(p, results),
                                  progress=lambda s: console.print(_start_line(s)), trace=trace)
            except cal.CalibrationError as exc:
                # no estimates: say why and stop (a later problem would hold this one's
                # parameters at values nobody estimated); the record is kept
                results[p.id] = exc.result
                if out is not None:
                    exc.result.save(out / f"{p.id}.json")
                if json_out:
                    typer.echo(json.dumps({k: v.to_dict() for k, v in results.items()},
                                          indent=1, allow_nan=False))
                typer.echo(f"error: {exc}", err=True)
                if out is not None:
                    typer.echo(f"the record of the failed starts is in {out / f'{p.id}.json'} "
                               f"(no estimates: osteon validate --parameters refuses it)",
                               err=True)
                raise typer.Exit(code=1) from None
            except OsteonError as exc:
                raise _fail(str(exc)) from None
            results[p.id] = r
            if not json_out:
                _print_result(console, p, r)
            if out is not None:
                r.save(out / f"{p.id}.json")
        if before:
            moved = cal.largest_change(before, results)
            console.print(f"pass {k}: the largest change of an estimate is {moved[1]:.3g} "
                          f"(relative, {moved[0]})")
    if write_estimates:
        from osteon.model import estimates

        # each record says what its fit held of the others' estimates (those that can act in
        # its arms): the values solved before it in this run, else the tables'
        held = {pid: cal.held(cal.get_problem(pid), r.fixed) for pid, r in results.items()}
        path = estimates.write(results, held=held)
        console.print(f"estimates written to {path}")
    if json_out:
        typer.echo(json.dumps({k: r.to_dict() for k, r in results.items()}, indent=1,
                              allow_nan=False))
    if check:
        _check(console, results)


def _start_line(s) -> str:
    """One start's progress line: its cost, or that it failed and why."""
    from rich.markup import escape

    if s.status == "failed":
        return (f"  start {s.index}: failed ({s.n_evaluations} evaluations, {s.seconds:.0f} s): "
                f"{escape(s.message)}")
    return (f"  start {s.index}: cost {s.cost:.4g} ({s.status}, {s.n_evaluations} evaluations, "
            f"{s.seconds:.0f} s)")


def _user_problem(path: Path, estimates: list[str]):
    """The calibration problem of a target table: its training rows, the given estimates."""
    from osteon import calibrate as cal
    from osteon.errors import InputError
    from osteon.validation.table import check_observables, read_targets

    if not estimates:
        raise InputError("--targets needs at least one --estimate NAME=LOWER:UPPER")
    parsed = []
    for text in estimates:
        name, sep, rest = text.partition("=")
        parts = rest.split(":")
        if not sep or len(parts) not in (2, 3) or (len(parts) == 3 and parts[2] not in
                                                   ("lin", "log10")):
            raise InputError(f"--estimate expects NAME=LOWER:UPPER or NAME=LOWER:UPPER:lin; "
                             f"got {text!r}")
        try:
            lower, upper = float(parts[0]), float(parts[1])
        except ValueError:
            raise InputError(f"--estimate {name.strip()}: bounds must be numbers; got "
                             f"{rest!r}") from None
        scale = parts[2] if len(parts) == 3 else "log10"
        try:
            parsed.append(cal.Estimate(name.strip(), lower, upper, scale=scale,
                                       why=f"given on the command line ({text})"))
        except InputError as exc:
            raise InputError(f"--estimate {text}: {exc}") from None
    targets = [t for t in read_targets(path) if t.role == "training"]
    if not targets:
        raise InputError(f"targets file {path.name} has no training rows to fit (role column)")
    check_observables(targets)
    problem = cal.CalibrationProblem(re.sub(r"\W", "_", path.stem), f"your targets from "
                                     f"{path.name}", tuple(parsed),
                                     tuple(targets))
    problem.check_names()
    return problem


def _print_result(console, problem, r) -> None:
    from rich.table import Table

    from osteon.calibrate import current_value

    tab = Table(title=f"{problem.id}: estimates (cost {r.cost:.4g}, best of {r.n_starts} "
                      f"starts, seed {r.seed})")
    for col in ("parameter", "estimate", "in the tables", "bounds", "scale"):
        tab.add_column(col)
    for e in problem.estimates:
        try:
            shipped = f"{current_value(e.name):.6g}"
        except KeyError:
            shipped = "—"
        tab.add_row(e.name, f"{r.estimates[e.name]:.6g}", shipped, f"[{e.lower:g}, {e.upper:g}]",
                    e.scale)
    console.print(tab)
    fit = Table(title=f"{problem.id}: fit on training targets")
    for col in ("target", "observed", "published", "tolerance", "unit", "pass"):
        fit.add_column(col)
    # each reading in its target's unit: a table's value row given in another unit (200
    # pg/mL) is fitted, and shown, converted to the observable's (0.2 ng/mL)
    units = {t.id: t.unit for t in problem.targets}
    for row in r.fit_rows():
        fit.add_row(row["id"], f"{row['observed']:.4g}", f"{row['expected']:g}",
                    f"± {row['tolerance']:g}", units.get(row["id"], ""),
                    "pass" if row["passed"] else "[red]miss[/]")
    console.print(fit)
    for f in r.failures:
        console.print(f"  [yellow]failed:[/] {f}")


def _check(console, results) -> None:
    from osteon import validation
    from osteon.calibrate import evaluate_targets

    values = {k: v for r in results.values() for k, v in r.estimates.items()}
    # every estimate, in every check target that has its parameter (check=False: an estimate
    # that acts in no check target is not an error here)
    report = evaluate_targets(validation.select(role="check"), values, check=False)
    rows = [r for r in report.summary_rows() if r["area"] == "all"]
    console.print("fit on check targets (never fitted to), with these estimates:")
    for r in rows:
        share = "—" if r["ran"] == 0 else f"{100 * r['passed'] / r['ran']:.0f} %"
        console.print(f"  {r['role']}: {r['passed']}/{r['ran']} pass ({share}), "
                      f"{r['missed']} miss, {r['errors']} error")
