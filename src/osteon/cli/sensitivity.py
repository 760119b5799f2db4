"""``osteon sensitivity``: which parameters move an output, ranked (Sobol or Morris)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from osteon.errors import OsteonError

#: the problem's and analyze()'s arguments as this command's options
OPTIONS = {"n": "--samples (-n)", "seed": "--seed", "method": "--method", "times": "--at",
           "n_jobs": "--n-jobs", "spread": "--spread", "num_levels": "--levels"}


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code=2)


def sensitivity(
    model: Annotated[str, typer.Option(help="Model id (osteon models list).")] = "osteon",
    output: Annotated[list[str] | None, typer.Option(
        help="Variable to analyse (repeatable): bmd_lumbar_spine, bmd_total_hip, ctx, p1np, "
             "...")] = None,
    at: Annotated[list[str] | None, typer.Option(
        help="Time to read it (repeatable): '5 years', '6 months', days.")] = None,
    parameter: Annotated[list[str] | None, typer.Option(
        "--parameter", "-p", help="Parameter to vary (repeatable), as NAME (±spread) or "
        "NAME=LOW:HIGH (uniform), NAME=LOW:HIGH:log (uniform in its logarithm, for a range "
        "spanning decades); 'all' for every non-zero parameter. Default: the fitted ones that "
        "can act in this scenario (one that acts only with a drug or condition it lacks, or "
        "moves no output between its bounds, is left out, and the line before the runs says "
        "which and why); a parameter named is always varied.")] = None,
    spread: Annotated[float, typer.Option(help="Relative range of parameters given without "
                                          "bounds.")] = 0.2,
    method: Annotated[str, typer.Option(help="sobol or morris.")] = "sobol",
    samples: Annotated[int, typer.Option(
        "--samples", "-n", help="Sobol base samples (a power of 2; runs = n(d+2); an index "
        "outside [0, 1] by more than 0.05 warns that n is too small) or Morris "
        "trajectories (runs = n(d+1)).")] = 32,  # DEFAULT_N (a test holds them equal)
    seed: Annotated[int, typer.Option(help="Seed of the sampling and the bootstrap.")] = 0,
    levels: Annotated[int | None, typer.Option(
        "--levels", help="Morris only: the grid's levels p (a whole number >= 2, default 4; "
        "each step moves a parameter by p / (2 (p - 1)) of its range).")] = None,
    patient: Annotated[str | None, typer.Option(help="Patient text (integrated model): the "
                                                "life course runs to their age.")] = None,
    treat: Annotated[str | None, typer.Option(
        "--treat", "--regimen", help="Prescription text, as simulate's --treat (--regimen: "
        "its former name, still read).")] = None,
    condition: Annotated[list[str] | None, typer.Option(help="Condition text (repeatable).")]
    = None,
    n_jobs: Annotated[int, typer.Option("--n-jobs", help="Processes (-1: all cores; more than the "
                                      "cores is warned of and runs on the cores).")] = -1,
    out: Annotated[Path, typer.Option(help="Directory for indices.csv and the figures "
                                      "(sensitivity.png, or `sensitivity_<output>.png` for each "
                                      "of several outputs).")]
    = Path("runs/sensitivity"),
    json_out: Annotated[bool, typer.Option("--json", help="Print summary.json's object with "
                                           "every index (indices.csv's rows) as JSON on "
                                           "stdout; the tables go to stderr.")] = False,
) -> None:
    """Global sensitivity of an output to the model's parameters: SALib Sobol (S1, ST) or
    Morris (mu*, sigma) indices at each time, printed as a ranked table; writes indices.csv
    and one figure per output under --out: sensitivity.png for one output,
    `sensitivity_<output>.png` for each of several. What the runs warned of is printed once per
    warning, with the number of runs that gave it, and kept in warnings.txt."""
    from rich.console import Console

    from osteon import sensitivity as sa
    from osteon.cli._paths import not_a_directory
    from osteon.cli._usage import as_options
    from osteon.sensitivity.analyze import _workers

    if (bad := not_a_directory(out, "--out")) is not None:
        raise _fail(bad)
    console = Console(stderr=json_out)
    outputs = tuple(output or ["bmd_lumbar_spine"])
    try:
        if n_jobs == 0 or n_jobs < -1:  # before the line that reads as if the runs had started
            raise OsteonError(f"n_jobs must be a whole number >= 1 or -1 (all cores); got "
                              f"{n_jobs}")
        if levels is not None and method == "sobol":  # refused, not silently unused
            raise OsteonError(f"--levels sets the Morris grid; --method sobol has none (got "
                              f"--levels {levels}): use --method morris, or leave --levels out")
        texts = at or ["5 years"]
        times = sa.parse_times(texts)
        # each time as the user gave it in the tables' titles ('100 days', not '0.274 years')
        labels = dict(zip(times, (_as_given(w, t) for w, t in zip(texts, times, strict=True)),
                          strict=True))
        factors = sa.factors_from(model, parameter, spread, treat, condition or ())
        problem = sa.SensitivityProblem(model, factors, outputs, times, method=method,
                                        n=samples, seed=seed, patient=patient, regimen=treat,
                                        conditions=tuple(condition or ()),
                                        num_levels=4 if levels is None else levels)
        # outputs and bounds before the line below, which reads as if the runs had started
        sa.check(problem)
        inert: dict[str, str] = {}
        # the processes of the probe and the runs (more than the cores is warned of once)
        jobs = _workers(n_jobs)
        if not parameter:  # the defaults: those that cannot act here are left out, and said
            total = len(problem.factors)
            if probing := sa.probe_runs(problem):  # minutes where a run is slow (teriparatide)
                console.print(f"checking which of the {total} default parameters can act in "
                              f"this scenario: {probing} runs of {model}")
            problem, inert = sa.leave_out_inert(problem, n_jobs=jobs)
            factors = problem.factors
            left_out = (sa.left_out_line(inert, total) + "; name one with -p to vary it anyway"
                        if inert else None)
        else:  # named ones are all varied: the runs warn of one that acts only through a
            # condition input nothing moves, and the table says 'no effect' of the others
            left_out = None
    except OsteonError as exc:
        raise _fail(as_options(str(exc), OPTIONS)) from None
    if left_out:
        console.print(left_out, markup=False, highlight=False, soft_wrap=True)
    console.print(f"{method}: {len(factors)} parameters, {problem.n_runs} runs of {model}"
                  + (f" ({patient})" if patient else ""))
    try:
        with console.status("simulating") as status:
            res = sa.analyze(problem, n_jobs=jobs, progress=lambda d, n: status.update(
                f"simulating: {d}/{n} runs"))
    except OsteonError as exc:
        raise _fail(as_options(str(exc), OPTIONS)) from None
    for o in outputs:
        for t in times:
            console.print(ranked_table(res, o, t, console, when=labels.get(t)))
    out.mkdir(parents=True, exist_ok=True)
    res.indices.to_csv(out / "indices.csv", index=False)
    (out / "summary.json").write_text(json.dumps(res.summary(inert), indent=1, allow_nan=False)
                                      + "\n", encoding="utf-8")
    # what the runs warned of (printed as they were analysed), kept beside the indices
    said = out / "warnings.txt"
    if res.warnings:
        said.write_text("".join(f"{w}\n" for w in res.warnings), encoding="utf-8")
    elif said.exists():  # an earlier run's, not this one's
        said.unlink()
    for o in outputs:
        fig = res.plot(out / (f"sensitivity_{o}.png" if len(outputs) > 1 else "sensitivity.png"),
                       o)
        console.print(f"figure: {fig}")
    console.print(f"indices: {out / 'indices.csv'} ({res.n_runs} runs, {res.seconds:.0f} s); "
                  f"summary: {out / 'summary.json'}")
    if json_out:
        typer.echo(json.dumps(res.summary(inert, indices=True), indent=1, allow_nan=False))



def _as_given(text: str, days: float) -> str:
    """An --at time as given ('100 days', '6 months'); a bare number is days."""
    text = " ".join(str(text).split())
    try:
        float(text)
    except ValueError:
        return text
    return f"{days:g} days"


def ranked_table(res, output: str, t: float, console=None, when: str | None = None):
    """One output at one time as a rich table, ranked, that never cuts a parameter name.

    The factor's range has its own column where the table fits ``console`` on one line per
    parameter; otherwise it goes under the name, so that the names (up to 33 characters in the
    integrated model) and the indices still fit 80 columns: rich used to shrink the name column
    first, and an 80-column terminal (or a pipe) showed 'wnt_blockade_ac…',
    'wnt_blockade_op…' and 'wnt_blockade_to…' for three different parameters. The name column
    never shrinks (a terminal too narrow even for it folds a name, never crops it); the index
    cells wrap at their spaces.

    ``when``: the time as the title names it (the --at text as given); else
    :func:`osteon.sensitivity.time_label` (whole years, or days with years).
    """
    wide = _ranked_table(res, output, t, range_column=True, when=when)
    if console is None:
        return wide
    # the width the table takes unwrapped (a measure at the console's width is capped by it)
    unwrapped = console.measure(wide, options=console.options.update_width(10_000)).maximum
    if unwrapped <= console.width:
        return wide
    return _ranked_table(res, output, t, range_column=False, when=when)


def _ranked_table(res, output: str, t: float, *, range_column: bool, when: str | None = None):
    import pandas as pd
    from rich.table import Table
    from rich.text import Text

    from osteon import sensitivity as sa

    method = res.problem.method
    label = {"ST": "ST", "S1": "S1", "mu_star": "mu*", "sigma": "sigma", "mu": "mu"}
    tab = res.table(output, t)
    unit = getattr(res, "units", {}).get(output)
    # Morris's indices are changes of the output, in its unit per the parameter's range
    per = f"; mu*, sigma, mu in {unit} per range" if method == "morris" and unit else ""
    table = Table(title=f"{output} at {when or sa.time_label(t)} ({method}, ranked{per})")
    table.add_column("rank", overflow="fold")
    table.add_column("parameter" if range_column else "parameter (range)", no_wrap=True,
                     overflow="fold")
    if range_column:
        table.add_column("range", overflow="fold")
    keys = sa.INDICES[method]
    for k in keys:
        table.add_column(label[k], justify="right", overflow="fold")
    # Sobol indices are shares of variance (0-1); Morris's are in the output's units, which
    # can be far below 0.001 (or above 1000): significant digits there
    fmt = ".3f" if method == "sobol" else ".3g"
    for name, row in tab.iterrows():
        if row["below_floor"]:  # rounding, not an effect: no number, no rank
            cells = [sa.NO_EFFECT] + ["–"] * (len(keys) - 1)
        else:
            cells = []
            for k in keys:
                c = row[f"{k}_conf"]
                cells.append(f"{row[k]:{fmt}}" + ("" if c != c else f" ± {c:{fmt}}"))
        bounds = f"{row['low']:.4g} – {row['high']:.4g}" + (" (log)" if row["scale"] == "log"
                                                            else "")
        first = ([Text(str(name)), Text(bounds)] if range_column
                 else [Text.assemble(str(name), "\n", (bounds, "dim"))])
        rank = "–" if row["rank"] is pd.NA else str(int(row["rank"]))
        table.add_row(rank, *first, *cells)
    floor = tab["floor"].dropna()
    if not floor.empty:
        n_none = int(tab["below_floor"].sum())
        table.caption = (
            f"numerical floor {floor.iloc[0]:.3g} (the solver's rtol x the largest |{output}| "
            f"of the runs, + atol x scale for a state; an assumption): "
            + (f"{n_none} parameter{'s' if n_none > 1 else ''} move{'' if n_none > 1 else 's'} "
               f"{output} by no more: {sa.NO_EFFECT}, not ranked" if n_none else
               "every parameter moves it by more"))
    return table
