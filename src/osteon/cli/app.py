"""``osteon`` command line: ``models list|show|citation``, ``drugs list|show``, ``conditions
list|show``, ``population sample``, ``simulate``, ``assess``, ``validate``, ``calibrate`` and
``sensitivity``.

Bad input gives one line on stderr starting with ``error:`` and exit code 2.
"""

from __future__ import annotations

import re
import sys
import warnings
from pathlib import Path
from typing import Annotated

import typer

from osteon.cli._once import OnceCommand, prescription_hint, refusing_repeats
from osteon.cli._usage import OneLineGroup
from osteon.cli.aging import aging
from osteon.cli.calibrate import calibrate
from osteon.cli.population_sample import sample as population_sample
from osteon.cli.sensitivity import sensitivity
from osteon.cli.validate import validate
from osteon.errors import OsteonError, OsteonWarning, SimulationError

# Help texts are Markdown, not Rich markup: Rich would read the brackets of "osteon[jax]" or
# "NAME=VALUE[@TIME]" as style tags and drop them, and would keep docstrings' hard line breaks.
_MARKUP = "markdown"

app = typer.Typer(
    name="osteon",
    cls=OneLineGroup,
    rich_markup_mode=_MARKUP,
    help="Simulate the bone remodeling system: published models, perturbations and results.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
models_app = typer.Typer(cls=OneLineGroup, rich_markup_mode=_MARKUP,
                         help="Discover the model library.", no_args_is_help=True)
app.add_typer(models_app, name="models")
drugs_app = typer.Typer(cls=OneLineGroup, rich_markup_mode=_MARKUP,
                        help="The drugs osteon models: PK, mechanism, sources.",
                        no_args_is_help=True)
app.add_typer(drugs_app, name="drugs")
conditions_app = typer.Typer(cls=OneLineGroup, rich_markup_mode=_MARKUP,
                             help="The conditions osteon models: disease drivers, their "
                             "severities and sources.", no_args_is_help=True)
app.add_typer(conditions_app, name="conditions")
population_app = typer.Typer(cls=OneLineGroup, rich_markup_mode=_MARKUP,
                             help="Virtual populations: draw one from distributions given "
                             "(osteon ships none).", no_args_is_help=True)
app.add_typer(population_app, name="population")
# every command refuses a single-valued option given twice (click would keep the last)
_PATIENT_ONCE = ("give one patient (all the fields in one text, e.g. 'female, age 65, prior "
                 "fracture')")
app.command("validate", cls=OnceCommand)(validate)
app.command("calibrate", cls=refusing_repeats(targets_file="give one table"))(calibrate)
app.command("sensitivity", cls=refusing_repeats(
    patient=_PATIENT_ONCE,
    treat=lambda values: prescription_hint(values, arms=None)))(sensitivity)
app.command("aging", cls=refusing_repeats(patient=_PATIENT_ONCE))(aging)
population_app.command("sample", cls=refusing_repeats(
    where="give the criteria in one --where, joined by 'and'"))(population_sample)


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code=2)


def _print_version(value: bool) -> None:
    # eager: runs while the options are parsed, before the group asks for a command
    if value:
        from osteon._version import __version__

        typer.echo(f"osteon {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.",
                                          callback=_print_version, is_eager=True)] = False,
) -> None:
    pass


# ------------------------------------------------------------------------------------ models
@models_app.command("list", cls=OnceCommand)
def models_list() -> None:
    """List the models in the library."""
    from rich.console import Console
    from rich.table import Table

    from osteon import models

    table = Table(title="osteon model library")
    for col in ("id", "model", "states"):
        table.add_column(col)
    for row in models.list():
        doi = f" (doi:{row['doi']})" if row["doi"] else ""  # osteon's own model has none
        table.add_row(row["id"], f"{row['authors'].split(',')[0]} et al. {row['year']}: "
                      f"{row['title']}{doi}", row["states"])
    Console().print(table)


@models_app.command("show", cls=OnceCommand)
def models_show(model_id: Annotated[str, typer.Argument(help="Model id, e.g. lemaire2004.")]) -> None:
    """Print a model's card: paper, equations, states, parameters with units and sources."""
    from osteon import models

    try:
        typer.echo(models.show(model_id))
    except OsteonError as exc:
        raise _fail(str(exc)) from None


@models_app.command("citation", cls=OnceCommand)
def models_citation(model_id: Annotated[str, typer.Argument(help="Model id.")]) -> None:
    """Print the BibTeX entry of a model's paper."""
    from osteon import models

    try:
        typer.echo(models.citation(model_id))
    except OsteonError as exc:
        raise _fail(str(exc)) from None


# ------------------------------------------------------------------------------------ drugs
@drugs_app.command("list", cls=OnceCommand)
def drugs_list() -> None:
    """List the drugs with their class and usual regimen."""
    from rich.console import Console
    from rich.table import Table

    from osteon import drugs

    table = Table(title="osteon drugs")
    for col in ("id", "class", "usual regimen"):
        table.add_column(col)
    for name in drugs.names():
        c = drugs.card(name)
        table.add_row(name, c.drug_class, c.usual_regimen)
    Console().print(table)


@drugs_app.command("show", cls=OnceCommand)
def drugs_show(name: Annotated[str, typer.Argument(help="Drug id, e.g. denosumab.")]) -> None:
    """Print a drug's card: mechanism, PK and PD models, parameters with units and sources."""
    from osteon import drugs

    try:
        typer.echo(drugs.describe(name))
    except OsteonError as exc:
        raise _fail(str(exc)) from None


# ------------------------------------------------------------------------------------ conditions
@conditions_app.command("list", cls=OnceCommand)
def conditions_list() -> None:
    """List the conditions with their severity and its default."""
    from rich.console import Console
    from rich.table import Table

    from osteon import conditions

    table = Table(title="osteon conditions")
    # an id is what the user types: never cut (it was 'chronic_kidney_d…' at 80 columns); the
    # other columns wrap, and a long input name folds onto the next line rather than being cut
    table.add_column("id", no_wrap=True, min_width=max(map(len, conditions.names())))
    for col in ("name", "severity (default)", "acts on"):
        table.add_column(col, overflow="fold")
    for name in conditions.names():
        c = conditions.get(name)
        sev = (f"{c.severity.name}, {c.severity.unit} ({c.severity.default:g})"
               if c.severity is not None else "-")
        table.add_row(name, c.card.name, sev, ", ".join(c.acts_on))
    Console().print(table)


@conditions_app.command("show", cls=OnceCommand)
def conditions_show(name: Annotated[str, typer.Argument(
        help="Condition id or name, e.g. glucocorticoids or 'bed rest'.")]) -> None:
    """Print a condition's card: mechanism, severity, parameters with units and sources."""
    from osteon import conditions

    try:
        typer.echo(conditions.card_text(name))
    except OsteonError as exc:
        raise _fail(str(exc)) from None


# ------------------------------------------------------------------------------------ assess
@app.command(cls=refusing_repeats(patient=_PATIENT_ONCE))
def assess(
    patient: Annotated[str, typer.Option(
        help="The person, e.g. 'female, age 65, t_score_femoral_neck=-2.7, prior fracture'. "
             "Risk factors: prior fracture, parental hip fracture, smoker, glucocorticoids, "
             "rheumatoid arthritis, alcohol N units/day; bmi N is checked but not used by "
             "the fracture model.")],
    json_out: Annotated[bool, typer.Option("--json", help="Print one JSON object (keys as the "
                                           "trajectory columns, with their meaning: the --ctx "
                                           "given is ctx_on_assay, on the assay named by "
                                           "'assay'; ctx is it on the model's Roche Elecsys "
                                           "scale; probabilities in percent).")]
    = False,
    assay: Annotated[str, typer.Option(help="Marker assay for reference intervals.")]
    = "IDS-iSYS",
    ctx: Annotated[float | None, typer.Option(
        help="Serum CTX in ng/mL (not pg/mL) on --assay, > 0 and <= 10: its status and the "
             "graded turnover term of the fracture risk (Johansson 2014).")] = None,
) -> None:
    """Clinical readouts for one person without a simulation: T- and Z-scores, WHO class,
    10-year and lifetime fracture probabilities (a documented hazard model, not FRAX), and what
    each input contributes."""
    import json

    from osteon.readouts.clinical import assess as run_assess
    from osteon.readouts.markers import check_serum_ctx

    try:
        if ctx is not None:  # named as the user typed it
            ctx = check_serum_ctx(ctx, field="--ctx", assay=assay)
        out = run_assess(patient, assay=assay, ctx=ctx)
    except OsteonError as exc:
        raise _fail(str(exc)) from None
    if json_out:
        typer.echo(json.dumps(out, allow_nan=False))
        return
    _print_assessment(out)


def _print_assessment(out: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    from osteon.readouts.diagnosis import format_score

    table = Table(title=f"{out['sex']}, age {out['age_years']:g}")
    table.add_column("readout")
    table.add_column("value", justify="right")
    for key, value in out.items():
        if key in ("sex", "age_years", "contributions", "notes"):
            continue
        if value is None:
            shown = "-"
        elif key == "ctx_on_assay":
            shown = f"{value:.3g} ng/mL ({out['assay']})"
        elif key == "ctx":
            shown = f"{value:.3g} ng/mL (model scale: Roche Elecsys)"
        elif isinstance(value, float) and key.startswith("fracture_risk_"):
            shown = f"{value:.1f} %"
        elif key.startswith(("t_score_", "z_score_")):
            # T- and Z-scores to one decimal, as DXA reports them and as the class reads them:
            # one rule for both (osteon.readouts.diagnosis.report_score)
            shown = format_score(value)
        elif isinstance(value, float):
            shown = f"{value:g}"
        else:
            shown = str(value)
        table.add_row(key, shown)
    console = Console()
    if not console.is_terminal:
        console = Console(width=120)
    console.print(table)
    rows = out.get("contributions") or []
    if rows:
        contrib = Table(title="What each input contributes (one at a time, against the "
                              "comparison in brackets: hazard ratio now; the comparison's "
                              "10-year probability)")
        contrib.add_column("input (vs comparison)")
        for o in ("hip", "major", "clinical_vertebral"):
            contrib.add_column(f"{o.replace('_', ' ')}: HR", justify="right")
            contrib.add_column("10 y, comparison", justify="right")
        for r in rows:
            cells = [r["factor"]]
            for o in ("hip", "major", "clinical_vertebral"):
                cells += [f"{r[f'hazard_ratio_{o}']:.2f}",
                          f"{r[f'fracture_risk_10y_{o}_without']:.1f} %"]
            contrib.add_row(*cells)
        console.print(contrib)
    console.print("Fracture probabilities: osteon's hazard model with death as a competing risk "
                  "(not FRAX; see osteon.readouts.fracture).")
    for note in out.get("notes") or []:  # what was assumed where the patient's text was silent
        console.print(f"note: {note}", highlight=False, markup=False)


# ------------------------------------------------------------------------------------ simulate
@app.command(cls=refusing_repeats(
    treat=prescription_hint,
    patient="give one patient (all her fields in one text, e.g. 'female, age 65, prior "
            "fracture'), or a --population FILE of patients",
    years="give one duration (--years or --days)", days="give one duration (--years or --days)",
    population="give one table; it may hold any number of subjects"))
def simulate(
    model: Annotated[str, typer.Option("--model", "-m", help="Model id (osteon models list).")
                     ] = "osteon",
    patient: Annotated[str | None, typer.Option(
        help="A patient for the integrated model, e.g. 'female, age 50, menopause at 51' or "
             "'sex=female age=68 t_score_lumbar_spine=-2.9': the run starts from the life course "
             "to that age, individualized to any BMD or T-score given.")] = None,
    years: Annotated[float | None, typer.Option(help="Duration in years (365.25 d; decimals "
                                                     "such as 4.6 allowed).")] = None,
    days: Annotated[float | None, typer.Option(help="Duration in days.")] = None,
    set_: Annotated[list[str] | None, typer.Option(
        "--set", help="NAME=VALUE[@TIME]: from TIME on (default 0; days or e.g. '20days'), the "
                      "parameter takes VALUE (in its unit, or with a unit: 'I_P=1 nM/day@20'); "
                      "the baseline is the steady state without it, so the "
                      "run shows the response (the papers' perturbation experiments). Repeatable.",
    )] = None,
    param: Annotated[list[str] | None, typer.Option(
        "--param", help="NAME=VALUE: change the parameter set itself (the baseline steady state "
                        "is computed with it); VALUE in the parameter's unit, or with a unit "
                        "('D_C=3e-3 pM/day'). Repeatable. With --compare it applies to every "
                        "arm, a drug's parameter (denosumab_kel) only in the arms that give the "
                        "drug (each other arm says it leaves it out).",
    )] = None,
    treat: Annotated[str | None, typer.Option(
        help="A prescription, e.g. 'denosumab 60 mg sc q6mo x 6' or 'teriparatide 20 ug sc "
             "daily for 2 years then denosumab 60 mg sc q6mo for 3 years' (osteon drugs list); "
             "one --treat: drugs given together are joined by 'and' in it.",
    )] = None,
    condition: Annotated[list[str] | None, typer.Option(
        help="A condition, e.g. 'glucocorticoids 7.5 mg/d from 0 for 2 years', 'bed rest for "
             "17 weeks', 'klotho deficiency', 'primary hyperparathyroidism' (osteon conditions "
             "list). One the patient already has takes an onset before the start, 'primary "
             "hyperparathyroidism 150 pg/mL since age 60' or 'vitamin D deficiency 12 ng/mL for "
             "the past 5 years': her life course runs with it and she starts in the state it "
             "brought her to (an onset from 0 is a new disease). Repeatable; conditions combine "
             "with each other and with --treat.")] = None,
    compare: Annotated[list[str] | None, typer.Option(
        help="A treatment arm (a prescription, or 'none'); repeat for each arm. The arms run "
             "side by side on the same --patient, with the same --condition and --param; "
             "--out gets summary.json (every arm), one figure, and each arm's result in "
             "arm_1, arm_2, ... (the files of a single run's --out; osteon.Result.load reads "
             "each). With --population: every arm runs the same subjects, each arm_<k> is a "
             "--population run's --out, and arms.csv and summary.json give each arm's medians "
             "[5th, 95th percentile] and the subject-wise differences from arm 1, arms.png "
             "each arm's median and 5th-95th percentile band over time "
             "(osteon.simulate_arms in Python).")] = None,
    population: Annotated[Path | None, typer.Option(
        help="A virtual population: a table file (.csv, .tsv or .parquet), one row per subject, "
             "as osteon.simulate(population=...) takes it. Columns named like Patient fields "
             "(sex, age, age_at_menopause, bmi, t_score_SITE, bmd_SITE, prior_fracture, smoker, "
             "...; an empty cell is a field not given) make each row its own patient (with "
             "--patient: that patient with the row's fields); columns named like parameters "
             "vary them per subject (around --patient, or the model's own subject), a value "
             "in every row; "
             "subject_id names the rows (else 0, 1, ...: rows count from 0 after the header). "
             "Prints the median and 5th-95th percentile of BMD and its % change, T-scores, "
             "fracture risks, CTX and P1NP (and their % change) at start and end; --out "
             "writes every subject as a single run's --out does, and those numbers in "
             "population.csv. With --compare: the same subjects in every arm (a virtual "
             "trial); a column that is a drug's parameter (denosumab_kel) applies only in the "
             "arms that give the drug, and each other arm says it leaves it out (refused where "
             "no arm gives the drug).")] = None,
    on_failure: Annotated[str, typer.Option(
        "--on-failure",
        help="A --population's failed subject: 'raise' (default): a subject whose solve (or "
             "life course) fails stops the run and the error names her; 'drop': she is left "
             "out, the others run on, each failed subject is listed with why, and --out's "
             "summary.json records her in 'status' (osteon.simulate(on_failure='drop')); with "
             "--compare, one who fails in any arm is left out of every arm (the arms stay "
             "paired). A "
             "single patient's failure always stops the run.")] = "raise",
    initial: Annotated[str, typer.Option(
        help="Start from 'steady_state' (solved and checked) or 'model' (published initial "
             "values).")] = "steady_state",
    points: Annotated[int, typer.Option(
        help="Number of saved time points, evenly spaced (a --population or --compare run "
             "saves each whole year too: its 12- and 24-month readouts); the table's min and "
             "max are read on them, so a cycle or a peak between two is not seen.")] = 1001,
    out: Annotated[Path | None, typer.Option(
        help="Write trajectory.csv, trajectory.parquet, parameters.csv, summary.json and "
             "figure.png here (osteon.Result.load reads them back).")] = None,
    engine: Annotated[str, typer.Option(
        help="'scipy' (default) or 'jax': the compiled engine (pip install 'osteon[jax]'), "
             "faster for long regimens of frequent doses after a one-off compilation.")
    ] = "scipy",
) -> None:
    """Simulate a model and print a short table (a --population: its medians and percentiles),
    or write results to --out DIR."""
    from osteon.cli._paths import not_a_directory
    from osteon.engines.options import Solver
    from osteon.simulation import MAX_SAVE_POINTS

    if (bad := not_a_directory(out, "--out")) is not None:
        raise _fail(bad)
    if not 2 <= points <= MAX_SAVE_POINTS:
        raise _fail(f"--points must be between 2 and {MAX_SAVE_POINTS} (the most saved times a "
                    f"run keeps, a memory bound); got {points}")
    try:
        solver = Solver(engine=engine)
    except OsteonError as exc:
        raise _fail(str(exc).replace("Solver.engine", "--engine")) from None
    if on_failure not in ("raise", "drop"):
        raise _fail(f"--on-failure must be 'raise' or 'drop'; got {on_failure!r}")
    if compare and population is not None:
        _population_compare(compare, population, model, patient, years, days, set_, param,
                            treat, initial, points, out, condition or [], solver, on_failure)
        return
    if compare:
        _compare(compare, model, patient, years, days, set_, param, treat, points, out,
                 condition or [], solver)
        return
    from osteon.cli.population import context, read_population

    try:
        table = read_population(population) if population is not None else None
    except OsteonError as exc:
        raise _fail(str(exc)) from None
    try:
        result = _run(model, years, days, set_ or [], param or [], initial, points, patient,
                      treat, condition or [], solver, population=table, on_failure=on_failure)
    except SimulationError as exc:
        message = str(exc) if population is None else context(population, str(exc))
        if population is not None and on_failure == "raise" and _some_solved(exc, table):
            message += ("; give --on-failure drop to leave the failed subjects out and run the "
                        "others (each is listed with its reason)")
        raise _fail(message) from None
    except OsteonError as exc:
        raise _fail(str(exc) if population is None else context(population, str(exc))) from None
    except MemoryError:
        raise _fail(f"out of memory for {points} saved times of this run; give fewer --points "
                    f"(or a shorter run)") from None
    show = _print_population if population is not None else _print_decades
    if out is None:
        if population is None:
            _print_table(result)
        show(result)
        _print_failed(result)
        return
    try:
        written = write_outputs(result, out)
        if population is not None:  # the table below, as numbers
            from osteon.cli.population import population_frame

            written.append(out / "population.csv")
            population_frame(result).to_csv(written[-1], index=False)
    except OSError as exc:
        raise _fail(f"cannot write to --out {str(out)!r}: {exc.strerror or exc}") from None
    show(result)
    _print_failed(result)
    typer.echo(f"wrote {', '.join(p.name for p in written)} to {out}")
    _note_stale(out, written)


def _some_solved(exc: SimulationError, table) -> bool:
    """Whether ``exc`` (a population's failure) left some subject that did not fail: only then
    would --on-failure drop have a result to show."""
    return table is not None and 0 < len({f.get("subject_id") for f in exc.failures}) < len(table)


def _print_failed(result) -> None:
    """Each subject left out of the result (--on-failure drop), with the time reached and why,
    on stderr: the table above is of the others."""
    status = result.status
    failed = status[status["status"] != "ok"]
    if failed.empty:
        return
    typer.echo(f"{len(failed)} of {len(status)} subjects failed and are left out of the table "
               f"and the trajectories (summary.json's status records them):", err=True)
    for row in failed.itertuples(index=False):
        typer.echo(f"  subject {row.subject_id!r} (at day {row.t_reached_days:g}): "
                   f"{row.message}", err=True)


def _print_population(result) -> None:
    """The population at start and end: medians and 5th-95th percentiles across subjects."""
    from rich.console import Console

    from osteon.cli.population import population_table
    from osteon.readouts.clinical import clinical_caveats

    console = Console()
    if not console.is_terminal:
        console = Console(width=140)
    console.print(population_table(result))
    # what the clinical readouts leave out, once for the population (the conditions are every
    # subject's), as below a single subject's table
    _print_notes(console, {"clinical": {"caveats": clinical_caveats(result)}})


def _print_decades(result) -> None:
    """The first subject's T-scores (and the Z-scores where they decide the class), WHO/ISCD
    class and fracture risk by decade of age, when the run spans a whole decade (the integrated
    model's clinical readouts)."""
    summary = result.summary()
    clinical = summary.get("clinical")
    rows = (clinical or {}).get("by_decade") or []
    if len(rows) < 3:
        _print_start_end(result, summary)
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title="By decade (first subject): T-scores, WHO/ISCD class, 10-year fracture "
                        "probability")
    heads, scores = _score_cells(rows, _derived_sites(summary))
    for col in ("age", *heads, CLASS_COLUMN, "hip 10 y", "major 10 y"):
        _add_column(table, col)

    def num(v, fmt):
        return "-" if v is None else format(v, fmt)

    for r, cells in zip(rows, scores, strict=True):
        table.add_row(_age_label(r["age_years"]), *cells, str(r["who_class"]),
                      num(r["fracture_risk_10y_hip"], ".1f"), num(r["fracture_risk_10y_major"], ".1f"))
    table.caption = _with_factors(_join(_sites_caption(summary), _class_caption(heads)), clinical)
    console = Console()
    if not console.is_terminal:
        console = Console(width=120)
    console.print(table)
    _print_notes(console, summary)


#: the class column of the clinical tables: the WHO class where the T-score decides it, the
#: ISCD range for age where the Z-score does (clinical.classify)
CLASS_COLUMN = "WHO/ISCD class"
_SCORE_SITES = (("lumbar_spine", "spine"), ("total_hip", "total hip"),
                ("femoral_neck", "femoral neck"))
Z_CAPTION = ("Z: the Z-scores, shown where they decide the class (ISCD: before menopause, men "
             "under 50; Z <= -2.0 is below the expected range for age)")


def _score_cells(rows: list[dict], derived: set[str]) -> tuple[list[str], list[list[str]]]:
    """The score columns of a clinical table (rows as summary.json's ``clinical`` entries) and
    each row's cells: the T-scores and, where some row's class is read by Z-score
    (:func:`osteon.readouts.clinical.read_by_z`), the Z-scores beside them in those rows ('-'
    in a row the T-score decides), so the scores that decide the class are shown, as osteon
    assess shows both; only the sites with a Z-score in such a row (a site without a reference
    curve has none); a site the model derived is marked *."""
    from osteon.readouts.clinical import read_by_z
    from osteon.readouts.diagnosis import format_score

    by_z = [read_by_z(r.get("who_class")) for r in rows]
    columns = [("t", site, f"T {label}") for site, label in _SCORE_SITES]
    columns += [("z", site, f"Z {label}") for site, label in _SCORE_SITES
                if any(z and r.get(f"z_score_{site}") is not None
                       for r, z in zip(rows, by_z, strict=True))]

    def score(r, kind, site, z):  # as reported, the digit the class reads (report_score)
        v = r.get(f"{kind}_score_{site}") if kind == "t" or z else None
        return "-" if v is None else format_score(v) + ("*" if site in derived else "")

    cells = [[score(r, kind, site, z) for kind, site, _ in columns]
             for r, z in zip(rows, by_z, strict=True)]
    return [head for _, _, head in columns], cells


def _add_column(table, col: str) -> None:
    """A column of a clinical table: the labels and the class to the left, numbers right."""
    table.add_column(col, justify="left" if col in ("", CLASS_COLUMN) else "right")


#: what the class column is not: a WHO class is densitometric, so it changes as the T-score
#: crosses -2.5 on treatment ('severe osteoporosis' -> 'osteopenia'), which a clinician would
#: read as a re-diagnosis; NBHA (Siris ES et al., Osteoporos Int 2014;25:1439) diagnoses
#: osteoporosis after a hip or vertebral fragility fracture whatever the BMD, and that diagnosis
#: persists when the T-score improves on treatment
CLASS_CAPTION = ("WHO/ISCD class: the densitometric category at that age, not a diagnosis: "
                 "clinical diagnoses (NBHA 2014: osteoporosis after a hip or vertebral fragility "
                 "fracture, which persists as T improves on treatment) are not made by osteon")


def _class_caption(heads: list[str]) -> str | None:
    """The caption on the class column: what it is (:data:`CLASS_CAPTION`), and what the Z
    columns are, when shown."""
    return _join(CLASS_CAPTION, Z_CAPTION if any(h.startswith("Z ") for h in heads) else None)


def _join(*parts: str | None) -> str | None:
    return "; ".join(p for p in parts if p) or None


def _with_factors(caption: str | None, clinical: dict) -> str | None:
    """``caption`` and the risk factors in the fracture probabilities at the start and the end
    (the ``risk_factors`` column: the patient's and those her conditions set), when any."""
    start = (clinical.get("start") or {}).get("risk_factors")
    end = (clinical.get("end") or {}).get("risk_factors")
    if not start or not end or start == end == "none":
        return caption
    note = ("risk factors in the fracture probabilities: "
            + (start if start == end else f"{start} at the start, {end} at the end"))
    return f"{caption}; {note}" if caption else note


DERIVED_CAPTION = ("* derived by the model from the sites given: shown, but neither the WHO "
                   "class nor the fracture risk rests on its level")

TOTAL_HIP_CAPTION = ("the total hip given decides the WHO class but grades no fracture "
                     "outcome (the model grades by the femoral neck, FRAX's site, and no source "
                     "was read that lets the total hip stand in): the risk starts at the "
                     "population average for the age, as osteon assess gives it, and moves with "
                     "the derived neck's change")


NO_BMD_CAPTION = ("no BMD or T-score given: the T-scores (and the probabilities they grade) "
                  "are the model's own average person's at this age, not the population's; "
                  "osteon assess averages over the population's BMD for the age instead, so "
                  "its probabilities differ from the start's")


def _sites_caption(summary: dict) -> str | None:
    """The caption on the sites: those the model derived (marked *), and a total hip given
    without the femoral neck, which grades no fracture outcome."""
    sites = summary.get("bmd_sites") or {}
    given = set(sites.get("given") or [])
    parts = [DERIVED_CAPTION] if _derived_sites(summary) else []
    if "given" in sites and not given:
        parts.append(NO_BMD_CAPTION)
    if "total_hip" in given and "femoral_neck" not in given:
        parts.append(TOTAL_HIP_CAPTION)
    return "; ".join(parts) or None


def _derived_sites(summary: dict) -> set[str]:
    """The sites the model derived from the ones the patient gave (none when she gave none:
    then every site is the model's own person's)."""
    sites = summary.get("bmd_sites") or {}
    return set(sites.get("model_derived") or []) if sites.get("given") else set()


def _print_start_end(result, summary: dict) -> None:
    """The first subject's T-scores (and the Z-scores where they decide the class), WHO/ISCD
    class, 10-year fracture probabilities and CTX at the start and the end (a run shorter than
    the decades table), the sites the model derived marked."""
    clinical = summary.get("clinical") or {}
    start, end = clinical.get("start"), clinical.get("end")
    if not start or not end:
        return
    from rich.console import Console
    from rich.table import Table


    derived = _derived_sites(summary)
    ages = result["age_years"][0] if "age_years" in result.variables else None
    table = Table(title="Clinical readouts (first subject), start and end")
    heads, scores = _score_cells([start, end], derived)
    for col in ("", "age", *heads, CLASS_COLUMN, "hip 10 y %", "major 10 y %",
                "vertebral 10 y %", "CTX ng/mL"):
        _add_column(table, col)

    def num(v, fmt):
        return "-" if v is None else format(v, fmt)

    for label, row, age, cells in (("start", start, None if ages is None else ages[0], scores[0]),
                                   ("end", end, None if ages is None else ages[-1], scores[1])):
        table.add_row(label, num(age, ".1f"), *cells, str(row.get("who_class")),
                      num(row.get("fracture_risk_10y_hip"), ".1f"),
                      num(row.get("fracture_risk_10y_major"), ".1f"),
                      num(row.get("fracture_risk_10y_clinical_vertebral"), ".1f"),
                      num(row.get("ctx_on_assay"), ".3f"))
    table.caption = _with_factors(_join(_sites_caption(summary), _class_caption(heads),
                                        "CTX on the IDS-iSYS assay (ctx_on_assay)"), clinical)
    console = Console()
    if not console.is_terminal:
        console = Console(width=140)
    console.print(table)
    _print_notes(console, summary)


def _print_notes(console, summary: dict) -> None:
    """The run's notes (summary.json's ``notes``: what it assumed where the patient's text was
    silent), one line each below its table, as osteon assess prints its own; then what its
    clinical readouts leave out (``clinical``'s ``caveats``: a malignancy's fractures)."""
    for note in summary.get("notes") or []:
        console.print(f"note: {note}", highlight=False, markup=False)
    for caveat in (summary.get("clinical") or {}).get("caveats") or []:
        console.print(f"caveat: {caveat}", highlight=False, markup=False)


def _age_label(age: float) -> str:
    """An age as its row is: whole years where it is whole to a tenth (a decade, a whole start),
    else one decimal (the end of a 4.6-year run from 68 is 72.6, not '73')."""
    tenth = round(float(age), 1)
    return f"{tenth:.0f}" if tenth == round(tenth) else f"{tenth:.1f}"


def _compare(arms: list[str], model: str, patient: str | None, years, days, sets, params, treat,
             points: int, out: Path | None, condition_texts: list[str], solver=None) -> None:
    from osteon.cli.compare import run_arms, write_arms
    from osteon.errors import InputError
    from osteon.patient import Patient

    try:
        if model != "osteon" or sets or treat:
            raise InputError("--compare runs arms of the integrated model on one --patient; it "
                             "cannot be combined with --model, --set or --treat (each arm is its "
                             "own prescription; --param applies to every arm, a drug's "
                             "parameter only where the drug is given)")
        if patient is None:
            raise InputError("--compare needs a --patient (every arm starts from the same one)")
        from osteon import conditions

        courses = conditions.courses(condition_texts)
        overrides = _compare_overrides(model, list(arms), params or [], condition_texts) or None
        results = run_arms(list(arms), patient=Patient.parse(patient),
                           duration=_duration(years, days), points=points,
                           parameters=overrides, conditions=courses, solver=solver)
    except OsteonError as exc:
        raise _fail(str(exc)) from None
    _print_arms_by_year(results)
    from osteon.cli.compare import parameter_notes

    for line in parameter_notes(results):  # a drug's --param an arm without the drug left out
        typer.echo(line)
    if out is None:
        return
    try:
        written = write_arms(results, out)
    except OSError as exc:
        raise _fail(f"cannot write to --out {str(out)!r}: {exc.strerror or exc}") from None
    top = list(dict.fromkeys(p.relative_to(out).parts[0] for p in written))
    arms = [name for name in top if (out / name).is_dir()]
    typer.echo(f"wrote {', '.join(n for n in top if n not in arms)} and each arm's result in "
               f"{', '.join(arms)} (osteon.Result.load reads an arm's directory) to {out}")
    _note_stale(out, written)


def _population_compare(arms: list[str], population: Path, model: str, patient: str | None,
                        years, days, sets, params, treat, initial: str, points: int,
                        out: Path | None, condition_texts: list[str], solver,
                        on_failure: str) -> None:
    """A virtual trial: every --compare arm runs the same --population (the same rows) through
    osteon.simulate_arms, each arm saved as a single --population run is (arm_<k>/), with
    arms.csv, summary.json and arms.png on top and one table of the arms side by side
    (osteon.cli.population_arms)."""
    import dataclasses

    from osteon import trial as tr
    from osteon.cli.population import context, population_frame, read_population
    from osteon.errors import InputError

    try:
        if model != "osteon" or sets or treat:
            raise InputError("--compare with --population runs arms of the integrated model on "
                             "the same subjects; it cannot be combined with --model, --set or "
                             "--treat (each arm is its own prescription; --param and "
                             "--condition apply to every arm)")
        tr.check_arms(list(arms))
        duration = _duration(years, days)
        table = read_population(population)
    except OsteonError as exc:
        raise _fail(str(exc)) from None
    # each arm's options read as a single --population run reads them (its --param against
    # its own model, with its drugs; a drug's --param against the arms giving the drug), so an
    # error names the arm it is of
    overrides: dict = {}
    courses: list = []
    try:
        overrides = _compare_overrides(model, list(arms), params or [], condition_texts)
    except OsteonError as exc:
        raise _fail(context(population, str(exc))) from None
    for k, rx in enumerate(arms):
        try:
            courses = _arm_options(model, rx, condition_texts, initial, patient, table)
        except OsteonError as exc:
            raise _fail(f"--compare arm {k + 1} ({rx!r}): {context(population, str(exc))}"
                        ) from None
    try:
        trial = tr.simulate_arms(table, list(arms), duration=duration, patient=patient,
                                 parameters=overrides or None, conditions=courses or None,
                                 save=points, solver=solver, initial=initial,
                                 on_failure=on_failure)
    except OsteonError as exc:
        inner = exc.__cause__ if getattr(exc, "arm", None) is not None else exc
        if inner is not exc:  # an arm's: named as the command line numbers the arms
            message = (f"--compare arm {exc.arm} ({arms[exc.arm - 1]!r}): "
                       f"{context(population, str(inner))}")
            if (isinstance(inner, SimulationError) and on_failure == "raise"
                    and _some_solved(inner, table)):
                message += ("; give --on-failure drop to leave the failed subjects out of "
                            "every arm and run the others (each is listed with its reason)")
        elif getattr(exc, "no_subject_left", False):
            message = f"--population {str(population)!r}: {exc}"
        else:  # before any arm ran: a drug's column no arm gives, or its value out of domain
            message = context(population, str(exc))
        raise _fail(message) from None
    except MemoryError:
        raise _fail(f"out of memory for {points} saved times of this run; give fewer "
                    f"--points (or a shorter run)") from None
    trial = dataclasses.replace(trial, population=str(population))
    frame = trial.to_pandas()
    dropped = trial.dropped
    _print_population_arms(frame, trial.n_subjects, len(dropped))
    for line in trial.notes:  # a drug's column in an arm without the drug: said, once per arm
        typer.echo(line)
    if dropped:
        typer.echo(f"{len(dropped)} of {len(table)} subjects failed in some arm and are left out "
                   f"of every arm, so the arms stay paired (each arm's summary.json status "
                   f"records them):", err=True)
        for d in dropped:
            typer.echo(f"  subject {d['subject_id']!r} failed in arm {d['arm']} "
                       f"({d['prescription']!r}): {d['message']}", err=True)
    if out is None:
        return
    import json

    written: list[Path] = []
    try:
        with tr.said_once():  # a readout's caveat on the same subjects, once for every arm
            for k, r in enumerate(trial.arms.values()):
                where = out / f"arm_{k + 1}"
                written += write_outputs(r, where)
                written.append(where / "population.csv")
                population_frame(r).to_csv(written[-1], index=False)
            out.mkdir(parents=True, exist_ok=True)
            written.append(out / "arms.csv")
            frame.to_csv(written[-1], index=False)
            written.append(out / "summary.json")
            written[-1].write_text(json.dumps(tr.summary_json(trial, frame), indent=2,
                                              allow_nan=False) + "\n")
            written.append(out / "arms.png")
            tr.write_figure(trial, written[-1])
    except OSError as exc:
        raise _fail(f"cannot write to --out {str(out)!r}: {exc.strerror or exc}") from None
    top = list(dict.fromkeys(p.relative_to(out).parts[0] for p in written))
    dirs = [name for name in top if (out / name).is_dir()]
    typer.echo(f"wrote {', '.join(n for n in top if n not in dirs)} and each arm's population "
               f"in {', '.join(dirs)} (osteon.Result.load reads an arm's directory) to {out}")
    _note_stale(out, written)


def _arm_options(model: str, rx: str, condition_texts: list[str], initial: str,
                 patient: str | None, population) -> list:
    """A --compare arm's conditions, read as :func:`_run` reads a single run's, and its
    --initial checked."""
    from osteon import conditions

    courses = conditions.courses(list(condition_texts))
    _check_initial(initial, patient, population)
    return courses


def _compare_overrides(model: str, arms: list[str], params: list[str],
                       condition_texts: list[str]) -> dict:
    """--param overrides of --compare arms, each checked against every arm's model (with its
    drugs); a drug's parameter against the arms that give the drug (the others leave it out
    and say so: osteon.trial.drug_parameters)."""
    from osteon import conditions, drugs
    from osteon.dosing import Regimen
    from osteon.library import load
    from osteon.trial import untreated

    if not params:
        return {}
    base = load(model)
    specs = [base if untreated(rx) else
             drugs.compose(base, Regimen.parse(rx, known_drugs=drugs.names()).drugs)
             for rx in arms]
    return _param_overrides(params, specs, conditions.courses(list(condition_texts)),
                            arms=list(arms))


def _print_population_arms(frame, n_subjects: int, dropped: int) -> None:
    """The arms of a population side by side (osteon.cli.population_arms.arms_table)."""
    from rich.console import Console

    from osteon.cli.population_arms import arms_table

    legend, table = arms_table(frame, n_subjects, dropped)
    console = Console()
    if not console.is_terminal:
        console = Console(width=160)
    console.print(legend, highlight=False, soft_wrap=True, markup=False)
    console.print(table)


def _print_arms_by_year(results) -> None:
    """The arms side by side, year by year: BMD by site and CTX, % change from the start."""
    from rich.console import Console

    from osteon.cli.compare import year_table

    legend, table = year_table(results)
    console = Console()
    if not console.is_terminal:
        console = Console(width=120)
    console.print(legend, highlight=False, soft_wrap=True, markup=False)
    console.print(table)


def _duration(years: float | None, days: float | None) -> float:
    from osteon.errors import InputError
    from osteon.units import DAYS_PER_YEAR

    if years is not None and days is not None:
        raise InputError("give --years or --days, not both")
    if years is None and days is None:
        return DAYS_PER_YEAR
    value, name, factor = ((years, "--years", DAYS_PER_YEAR) if years is not None
                           else (days, "--days", 1.0))
    assert value is not None
    if not value > 0 or value != value or value == float("inf"):
        raise InputError(f"{name} must be a finite number > 0; got {value:g}")
    return value * factor


def _parse_assignment(text: str, option: str, allow_time: bool, unit_of=None):
    """``NAME=VALUE[@TIME]`` -> (name, value, time_days or None).

    VALUE is a number, in the parameter's unit, or a number with a unit (``1 nM/day``): a pint
    Quantity of osteon's registry, converted (or refused, naming the unit expected) where the
    parameter is checked, as the Python API does with a Quantity. ``unit_of(name)``: the
    parameter's unit, for the error of a value that is neither (it may raise for an unknown
    name, which is then the error)."""
    from osteon.errors import InputError
    from osteon.units import to_days

    form = "NAME=VALUE[@TIME]" if allow_time else "NAME=VALUE"
    name, sep, rest = text.partition("=")
    name = name.strip()
    if not sep or not name or not rest.strip():
        raise InputError(f"{option} expects {form}; got {text!r}")
    if not name.isidentifier():
        raise InputError(f"{option}: {name!r} is not a parameter name (in {text!r})")
    value_text, at, time_text = rest.partition("@")
    if at and not allow_time:
        raise InputError(f"{option} expects {form} (no @TIME); got {text!r}")
    value = _value(value_text.strip(), option, name, text, unit_of)
    when = to_days(time_text.strip(), field=f"{option} {name} time") if at else None
    if at and when is None:
        raise InputError(f"{option} expects {form}; got {text!r}")
    return name, value, when


_NUMBER_AND_UNIT = re.compile(r"([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*(\S.*)")


def _value(value_text: str, option: str, name: str, text: str, unit_of):
    """A --set/--param value: a float (in the parameter's unit) or a pint Quantity."""
    from osteon.errors import InputError
    from osteon.units import unit_registry

    try:
        return float(value_text)
    except ValueError:
        pass
    own = None
    m = _NUMBER_AND_UNIT.fullmatch(value_text)
    if m is not None:
        ureg = unit_registry()
        try:
            unit = ureg.parse_units(m.group(2).strip())
        except Exception:  # pint's UndefinedUnitError, or a text it cannot parse as a unit
            own = unit_of(name) if unit_of is not None else None
            expected = (f"{own} (the parameter's unit), or with a unit convertible to it"
                        if own else "the parameter's unit, or with a unit convertible to it")
            raise InputError(f"{option} {name}: unknown unit {m.group(2).strip()!r} in "
                             f"{text!r}; give a number in {expected}") from None
        return ureg.Quantity(float(m.group(1)), unit)
    own = unit_of(name) if unit_of is not None else None
    in_unit = (f" in {own} (the parameter's unit), or a number with a unit convertible to it"
               if own else " in the parameter's unit, or a number with a unit convertible to it")
    raise InputError(f"{option} {name}: value must be a number{in_unit}; got {value_text!r} in "
                     f"{text!r}")


def _param_overrides(params: list[str], specs: list, courses: list,
                     arms: list[str] | None = None) -> dict[str, float]:
    """``--param NAME=VALUE`` texts as overrides, each checked against every spec in ``specs``
    (one per --compare arm, each with its own drugs; ``arms`` names them; a drug's parameter
    against the arms that give the drug, the others leaving it out) or, for a parameter of a
    condition in the run (gc_emax, ...), against the condition's card."""
    from osteon import conditions, drugs
    from osteon.errors import InputError, UnknownNameError, did_you_mean

    overrides = {}
    given: dict[str, str] = {}  # the value text each name was given, for the error of a repeat
    for text in params:
        name, value, _ = _parse_assignment(
            text, "--param", allow_time=False,
            unit_of=lambda n: _unit_of(n, specs, courses))
        value_text = text.partition("=")[2].strip()
        if name in given:
            # a parameter set has one value: the second silently replaced the first
            raise InputError(f"--param {name} was given twice ({given[name]!r} and "
                             f"{value_text!r}); a parameter takes one value: give one --param "
                             f"{name}=VALUE")
        given[name] = value_text
        rest, _ = conditions.split_parameters({name: value}, courses, where=f"--param {text}")
        if rest:
            if not any(name in spec.parameter_names for spec in specs) and (
                    err := conditions.misspelled_parameter(name, courses)) is not None:
                raise err
            for spec in specs:
                try:
                    q = spec.parameter(name)
                except UnknownNameError:
                    if arms is None or len(specs) < 2:
                        raise
                    if not any(name in sp.parameter_names for sp in specs):
                        owner = drugs.parameter_owner(name)
                        if owner is not None:  # a drug's parameter, and no arm gives the drug
                            raise InputError(
                                f"--param {text}: '{name}' is a parameter of drug '{owner}', "
                                f"which no arm gives (arms: "
                                f"{', '.join(repr(a) for a in arms)}): prescribe "
                                f"{owner.replace('_', ' ')} in an arm, or leave it out") from None
                        # in no arm: the closest name of any arm (a drug's, where the first arm
                        # gives none, was offered nothing)
                        names = {n for sp in specs for n in sp.parameter_names}
                        raise UnknownNameError(
                            f"--param {text}: unknown parameter '{name}' in every arm's model"
                            f"{did_you_mean(name, names)}; see osteon models show osteon and "
                            f"osteon drugs show NAME") from None
                    # a drug's parameter where this arm does not give that drug: it acts in
                    # the arms that give it (osteon.trial.drug_parameters says so per arm)
                    continue
                q.check(value, model=spec.id, where=f"--param {text}")
        overrides[name] = value
    return overrides


def _unit_of(name: str, specs: list, courses: list) -> str:
    """The unit of ``--param`` ``name``: a condition's parameter's or the model's (an arm's);
    an unknown name raises the error that names it."""
    from osteon import conditions

    for c in courses:
        for q in c.condition.parameters:
            if q.name == name:
                return q.unit
    for spec in specs:
        if name in spec.parameter_names:
            return spec.parameter(name).unit
    if (err := conditions.misspelled_parameter(name, courses)) is not None:
        raise err
    return specs[0].parameter(name).unit  # raises the model's unknown-name error


def _run(model: str, years, days, sets: list[str], params: list[str], initial: str, points: int,
         patient: str | None = None, treat: str | None = None,
         condition_texts: list[str] | tuple[str, ...] = (), solver=None, population=None,
         on_failure: str = "raise"):
    from osteon.errors import InputError
    from osteon.events import ParameterStep
    from osteon.library import load
    from osteon.simulation import simulate as run_sim

    spec = load(model)
    duration = _duration(years, days)
    regimen = None
    if treat is not None:
        from osteon import drugs
        from osteon.dosing import Regimen

        regimen = Regimen.parse(treat, known_drugs=drugs.names())
        spec = drugs.compose(spec, regimen.drugs)
        from osteon.simulation import warn_doses_after_end

        warn_doses_after_end(regimen, duration)  # the events below leave those doses out
        from osteon.simulation import _warn_shared_adherence

        _warn_shared_adherence(regimen, population)  # given below as events, one set for all
        for line in drugs.dose_warnings(regimen, duration):
            warnings.warn(line, OsteonWarning, stacklevel=2)
    from osteon import conditions

    courses = conditions.courses(list(condition_texts))
    if regimen is not None:
        from osteon.simulation import warn_label_limits

        # the solver is given the prescription's events below, not the prescription, so the
        # labels' limits osteon.simulate checks on a prescription are checked here
        warn_label_limits(regimen, duration, courses)
    overrides = _param_overrides(params, [spec], courses)
    events = []
    steps: dict[tuple[str, float], str] = {}  # (name, time in days) -> the value text given
    from osteon.events import not_steppable

    def step_unit(name: str) -> str:
        if (err := not_steppable(spec, name)) is not None:
            raise err
        return spec.parameter(name).unit

    for text in sets:
        name, value, when = _parse_assignment(text, "--set", allow_time=True, unit_of=step_unit)
        if (err := not_steppable(spec, name)) is not None:
            raise err
        value_text = text.partition("=")[2].partition("@")[0].strip()
        key = (name, when or 0.0)
        if key in steps:
            # two steps of one parameter at one time: the later in the list silently won;
            # steps at different times are a schedule and stay allowed
            raise InputError(f"--set {name} was given twice at {key[1]:g} days ({steps[key]!r} "
                             f"and {value_text!r}); a parameter takes one value at a time: give "
                             f"one --set {name}=VALUE@TIME per time")
        steps[key] = value_text
        spec.parameter(name).check(value, model=spec.id, where=f"--set {text}")
        events.append(ParameterStep(when or 0.0, name, value))
    who = _check_initial(initial, patient, population)
    if regimen is not None:
        # the prescription's events at or past the end (an infusion's end) act on nothing
        dosing = [e for e in regimen.events(spec, until=duration) if e.time < duration]
        events = sorted([*events, *dosing], key=lambda e: e.time)
    result = run_sim(spec, events or None, patient=who, parameters=overrides or None,
                     population=population, duration=duration,
                     save=_with_whole_years(points, duration) if population is not None
                     else points, initial=initial,
                     conditions=courses or None, solver=solver, on_failure=on_failure)
    if treat is not None:  # given to the solver as its doses: the run records what was written
        result.attrs["prescription"] = treat
    return result


def _check_initial(initial: str, patient: str | None, population):
    """Refuse an --initial outside its domain, or beside a --patient or a --population whose
    columns describe patients (their state is the life course to their age); the patient read
    from --patient, or None."""
    from osteon.errors import InputError

    if initial not in ("steady_state", "model"):
        raise InputError(f"--initial must be 'steady_state' or 'model'; got {initial!r}")
    who = None
    if patient is not None:
        from osteon.patient import Patient

        who = Patient.parse(patient)
        if initial != "steady_state":
            raise InputError("--initial cannot be combined with --patient: the patient's state "
                             "is the life course to their age")
    if population is not None and initial != "steady_state":
        from osteon.individualize import PATIENT_COLUMNS

        given = [c for c in population.columns if c in PATIENT_COLUMNS]
        if given:
            raise InputError(f"--initial cannot be combined with a --population whose columns "
                             f"describe patients ({', '.join(given)}): each patient's state is "
                             f"the life course to their age")
    return who


def _with_whole_years(points: int, duration: float):
    """``points`` evenly spaced times and each whole year of ``duration`` (a population's
    12- and 24-month readouts, as a comparison's by_year): ``points`` where they hold every
    year already."""
    import numpy as np

    from osteon.units import DAYS_PER_YEAR

    even = np.linspace(0.0, duration, points)
    years = np.arange(DAYS_PER_YEAR, duration + 1e-9, DAYS_PER_YEAR)
    if all(np.isclose(even, y, rtol=0, atol=1e-6).any() for y in years):
        return points
    return np.unique(np.concatenate([even, years]))


def _print_table(result) -> None:
    import numpy as np
    from rich.console import Console
    from rich.table import Table

    # min and max are read on the saved times (--points), not between them: a cycle or a
    # dose's peak between two saved times is not in them, so the title says what they are of
    table = Table(title=f"{result.model.id}: {result.times[-1]:g} days; min and max of the "
                        f"{len(result.times)} saved times")
    # a name is never cut (it is what the user types back: result['...'], --set NAME=...); a
    # long unit (a marker's assay scale) folds onto a second line instead
    table.add_column("variable", no_wrap=True,
                     min_width=max((len(v) for v in result.variables), default=8))
    table.add_column("unit", overflow="fold")
    for col in ("start", "end", "min", "max", "change"):
        table.add_column(col, justify="right")
    rounded = False  # some value within round-off of zero shown as 0
    for j, v in enumerate(result.variables):
        y = result.values[0, :, j]
        # a start at (numerically) zero has no percent change: states that start empty (a drug
        # depot, a space not yet opened, a signal that is off) sit at round-off like 1e-41 or
        # 5e-12 (the smallest variables in the library's models, cells in pM, are about 1e-4)
        tiny = max(1e-9 * float(np.max(np.abs(y))), 1e-9)
        at_zero = not abs(y[0]) > tiny
        change = "-" if at_zero else f"{100 * (y[-1] - y[0]) / abs(y[0]):+.2f} %"
        if not at_zero and (y[0] < 0 or (y.min() < -tiny and y.max() > tiny)):
            # a balance that changes sign, or a negative start (a log, a deficit): a percent of
            # its start means nothing (resorption_log_memory -0.053 -> -0.54 read -921.77 %)
            change = f"{y[-1] - y[0]:+.4g} {result.units[v]}"
        # a value within round-off of zero (a state emptied again: serum denosumab -3.3e-7
        # ng/mL, a depot's -8e-52) is 0 here; the result and its files keep it as solved
        cells = [y[0], y[-1], y.min(), y.max()]
        rounded = rounded or any(c != 0.0 and abs(c) <= tiny for c in cells)
        table.add_row(v, result.units[v], *("0" if abs(c) <= tiny else f"{c:.4g}" for c in cells),
                      change)
    captions = [ROUND_OFF_CAPTION] if rounded else []
    if after := (getattr(result, "attrs", None) or {}).get("after_events_at_start"):
        shown = [f"{v} {after[v][0]:.4g} {result.units[v]}" for v in list(after)[:8]]
        more = f" and {len(after) - 8} more (attrs['after_events_at_start'])" \
            if len(after) > 8 else ""
        captions.append(START_CAPTION + ", ".join(shown) + more)
    if captions:
        table.caption = "\n".join(captions)
    console = Console()
    if not console.is_terminal:
        console = Console(width=120)
    console.print(table)


#: the caption of the simulate table when it shows a value within round-off of zero as 0
ROUND_OFF_CAPTION = ("0: within the solver's round-off of zero (at most 1e-9 of the variable's "
                     "largest value, or 1e-9); the result and its files keep the values as "
                     "solved, tiny negatives included, unclipped")


#: the caption of the simulate table where something happens at t = 0 (a condition from 0, a
#: --set at 0, a dose on day 0) that moves a variable at once; the values just after follow
START_CAPTION = ("start: the value at t = 0 before what starts at 0 (a value saved at an "
                 "event's time is the value before it, as in NONMEM; a condition the patient "
                 "already has, 'for the past 5 years', acts at t = 0 too); just after it: ")


_OUTPUT_FILE = (r"trajectory(_\d+)?\.(csv|parquet)|parameters\.csv|summary\.json|figure\.png"
                r"|population\.csv|arms\.csv|arms\.png")
_OUTPUT_DIR = r"arm_\d+"  # a comparison's arm (osteon.cli.compare.write_arms)


def _note_stale(out: Path, written: list[Path]) -> None:
    """Name the result files in ``out`` that this run did not write (an earlier run's, e.g. a
    single run's trajectory.csv beside a comparison's arm_1/, or an earlier comparison's
    arm_3/ beside this one's two arms): they are left alone."""
    import re

    mine = {p.relative_to(out).parts[0] for p in written}
    stale = sorted(p.name + ("/" if p.is_dir() else "") for p in out.iterdir()
                   if p.name not in mine and (
                       (p.is_file() and re.fullmatch(_OUTPUT_FILE, p.name))
                       or (p.is_dir() and re.fullmatch(_OUTPUT_DIR, p.name))))
    if stale:
        typer.echo(f"warning: {out} also holds {', '.join(stale)} from an earlier run; they are "
                   f"not part of this one", err=True)


def write_outputs(result, out: Path) -> list[Path]:
    """Write the result files (:func:`osteon.io.results.save`, the figure included)."""
    from osteon.io.results import save

    return save(result, out, figure=True)


def show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    """Warnings as a CLI user reads them: one line on stderr, without the library's source path
    and code line that Python's default display adds."""
    label = "warning" if issubclass(category, OsteonWarning) else f"warning ({category.__name__})"
    typer.echo(f"{label}: {message}", err=True)


def main() -> None:
    """Console-script entry point."""
    warnings.showwarning = show_warning
    try:
        app()
    except OsteonError as exc:  # anything not caught in a command
        typer.echo(f"error: {exc}", err=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
