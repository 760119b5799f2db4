"""Treatment arms side by side on one patient: ``osteon simulate --compare RX --compare RX``.

Every arm starts from the same individualized patient; an arm named ``none`` or ``placebo`` is
the untreated course. The summary gives, per arm, the BMD % change by site and the marker %
change at each whole year and at the end (the terminal shows them as one table, years by arms,
BMD by site and CTX: :func:`year_table`); one figure draws the arms together. A marker's
lowest and highest (and when, the rebound) are read on a 1-day grid from the same solve,
whatever ``--points`` saves (:func:`run_arms`). Each arm's
result is saved in its own directory, ``arm_<k>``, which :meth:`osteon.Result.load` reads. Every
arm has an ``fnih_surrogate`` entry of one shape (``status`` "computed" or "not computed", with
the ``reason``): when one arm is untreated, every other arm gets the fracture relative risks that
trials with its total-hip BMD difference had (the FNIH trial-level surrogate,
:mod:`osteon.readouts.trial_surrogate`).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np

from osteon.trial import (  # noqa: F401 (the arms' texts, as the command line reads them)
    NO_TREATMENT,
    arm_key,
    refuse_repeated_arms,
    said_once,
)
from osteon.units import DAYS_PER_YEAR

SITES = ("lumbar_spine", "total_hip", "femoral_neck")
MARKERS = ("ctx", "p1np", "bsap")


#: the spacing (days) of the grid each arm's marker lowest and highest (and when they fell,
#: the rebound) are read on, whatever --points saves: a numerical choice of this module (an
#: assumption, not a published value), fine beside the weeks a marker's nadir or rebound takes
EXTREMES_GRID_DAYS = 1.0


def run_arms(prescriptions: list[str], *, patient: Any, duration: float, points: int,
             parameters: dict[str, float] | None = None,
             conditions: Any = None, solver: Any = None) -> dict[str, Any]:
    """Simulate each prescription (or no treatment) from the same patient, with the same
    ``conditions``. Each arm keeps ``points`` evenly spaced times and each whole year; its
    markers' lowest and highest are read, from the same solve, on a grid of
    :data:`EXTREMES_GRID_DAYS` (``attrs["marker_extremes"]``, :func:`marker_extremes`), so
    that they and their times do not depend on ``points``. A drug's parameter in ``parameters``
    acts only in the arms that give the drug; each other arm leaves it out and records it
    (``attrs["parameters_not_used"]``, :func:`osteon.trial.drug_parameters`)."""
    import dataclasses

    from osteon.simulation import simulate
    from osteon.trial import drug_parameters

    refuse_repeated_arms(prescriptions)
    unused = drug_parameters(parameters, list(prescriptions))
    save = np.unique(np.concatenate([np.linspace(0.0, duration, points),
                                     np.arange(0.0, duration + 1e-9, DAYS_PER_YEAR)]))
    dense = np.unique(np.concatenate([save, np.arange(0.0, duration, EXTREMES_GRID_DAYS)]))
    kept = np.searchsorted(dense, save)  # the saved times, exactly, among the dense ones
    arms = {}
    with said_once():  # her individualization is each arm's: said once for them all
        for rx in prescriptions:
            regimen = None if rx.strip().lower() in NO_TREATMENT else rx
            left = unused.get(rx, ())
            values = ({n: v for n, v in parameters.items() if n not in left} if left
                      else parameters)
            full = simulate("osteon", regimen, patient=patient, parameters=values,
                            duration=duration, save=dense, conditions=conditions,
                            solver=solver)
            arms[rx] = _at_saved_times(full, kept)
            if left:
                arms[rx] = dataclasses.replace(
                    arms[rx], attrs={**arms[rx].attrs, "parameters_not_used": list(left)})
    return arms


def parameter_notes(arms: dict[str, Any]) -> list[str]:
    """One line per arm that left out a drug's parameter (its drug not given there)."""
    from osteon.trial import ignored_note

    return [ignored_note(k + 1, name, r.attrs["parameters_not_used"], kind="parameter")
            for k, (name, r) in enumerate(arms.items()) if r.attrs.get("parameters_not_used")]


def _at_saved_times(full: Any, kept: np.ndarray) -> Any:
    """``full`` (saved on the dense grid) at the times ``kept`` indexes, with its markers'
    extremes on the dense grid in ``attrs["marker_extremes"]``."""
    import dataclasses

    attrs = {**full.attrs, "marker_extremes": marker_extremes(full, EXTREMES_GRID_DAYS)}
    return dataclasses.replace(full, times=full.times[kept], values=full.values[:, kept, :],
                               attrs=attrs)


def marker_extremes(result: Any, grid_days: float | None = None) -> dict[str, Any]:
    """Each marker's lowest and highest on ``result``'s saved times (first subject), as %
    change from the start, when they fell (years), and the highest from the lowest on
    (``max_after_min``, a rebound after an antiresorptive stops); ``grid_days``: the spacing of
    the grid they were read on (:func:`run_arms`: :data:`EXTREMES_GRID_DAYS`), as given."""
    t = result.times
    out: dict[str, Any] = {"grid_days": grid_days}
    for m in MARKERS:
        v = result[m][0]
        lo = int(np.argmin(v))
        after = lo + int(np.argmax(v[lo:]))  # the highest from the lowest on: a rebound
        out[m] = {"min": 100.0 * (v.min() / v[0] - 1.0),
                  "max": 100.0 * (v.max() / v[0] - 1.0),
                  "min_at_years": float(t[lo]) / DAYS_PER_YEAR,
                  "max_at_years": float(t[int(np.argmax(v))]) / DAYS_PER_YEAR,
                  "max_after_min": {"percent": 100.0 * (v[after] / v[0] - 1.0),
                                    "at_years": float(t[after]) / DAYS_PER_YEAR}}
    return out


def arm_summary(result) -> dict[str, Any]:
    """BMD % change by site, and marker % change, at each whole year and at the end (markers
    also their lowest and highest, when those fell, in years, and the highest from the lowest
    on, ``max_after_min``: a rebound after an antiresorptive stops), all from the arm's start.
    The lowest and highest are those :func:`run_arms` read on its 1-day grid
    (``attrs["marker_extremes"]``, kept when the arm is saved and loaded), whatever
    ``--points`` saved; a result without them (run otherwise) has them read on its saved
    times."""
    t = result.times
    years = list(range(1, math.floor(t[-1] / DAYS_PER_YEAR + 1e-9) + 1))

    def by_year(v: np.ndarray) -> dict[str, float]:
        return {str(y): 100.0 * (float(np.interp(y * DAYS_PER_YEAR, t, v)) / v[0] - 1.0)
                for y in years}

    attrs = getattr(result, "attrs", None) or {}
    extremes = attrs.get("marker_extremes") or marker_extremes(result)
    out: dict[str, Any] = {"bmd_change_percent": {}, "marker_change_percent": {}}
    for site in SITES:
        v = result[f"bmd_{site}"][0]
        out["bmd_change_percent"][site] = {"end": 100.0 * (v[-1] / v[0] - 1.0),
                                           "by_year": by_year(v)}
    for m in MARKERS:
        v = result[m][0]
        e = extremes[m]
        out["marker_change_percent"][m] = {"end": 100.0 * (v[-1] / v[0] - 1.0),
                                           "min": e["min"], "max": e["max"],
                                           "by_year": by_year(v),
                                           # when (added keys: a reader of the others is unmoved)
                                           "min_at_years": e["min_at_years"],
                                           "max_at_years": e["max_at_years"],
                                           "max_after_min": dict(e["max_after_min"])}
    return out


_SITE_LABELS = {"lumbar_spine": "lumbar spine", "total_hip": "total hip",
                "femoral_neck": "femoral neck"}


def year_table(arms: dict[str, Any]) -> tuple[str, Any]:
    """What the terminal shows of a comparison: a legend numbering the arms, and one table of
    the % change from the start, as summary.json records it: rows each whole year (and the end,
    when the run ends between whole years) by arm, columns the BMD sites and CTX."""
    from rich.table import Table

    summaries = [arm_summary(r) for r in arms.values()]
    first = next(iter(arms.values()))
    t_end = float(first.times[-1]) / DAYS_PER_YEAR
    rows = [(str(y), str(y)) for y in range(1, math.floor(t_end + 1e-9) + 1)]
    if not rows or abs(t_end - float(rows[-1][0])) > 1e-9:
        rows.append((f"end ({t_end:.3g})", "end"))
    legend = "arms: " + "; ".join(f"{k + 1} = {name}" for k, name in enumerate(arms))
    table = Table(title="% change from the start, by year and arm", title_justify="left",
                  caption=_hidden_peaks(arms, summaries, rows), caption_justify="left")
    table.add_column("year", justify="right")
    table.add_column("arm", justify="right")
    for site in SITES:
        table.add_column(f"BMD {_SITE_LABELS[site]}", justify="right")
    table.add_column("CTX", justify="right")
    for label, key in rows:
        for k, s in enumerate(summaries):
            changes = [*(s["bmd_change_percent"][site] for site in SITES),
                       s["marker_change_percent"]["ctx"]]
            values = [c["end"] if key == "end" else c["by_year"][key] for c in changes]
            table.add_row(label if k == 0 else "", str(k + 1), *(f"{v:+.1f}" for v in values),
                          end_section=k == len(summaries) - 1)
    return legend, table


def _hidden_peaks(arms: dict[str, Any], summaries: list[dict], rows: list[tuple[str, str]]
                  ) -> str | None:
    """The caption of :func:`year_table`: each arm's highest CTX after its lowest (the rebound
    after an antiresorptive stops) where the table's rows, read at whole years, hide it (it
    rounds above every CTX the arm's rows show from its lowest on), with when and, where there
    is an untreated arm, its CTX then; None when no arm's is hidden."""
    ref = untreated_arm(arms)
    ref_v = None if ref is None else arms[ref]["ctx"][0]
    ref_t = None if ref is None else arms[ref].times
    parts = []
    for k, (name, s) in enumerate(zip(arms, summaries, strict=True)):
        ctx = s["marker_change_percent"]["ctx"]
        peak, when = ctx["max_after_min"]["percent"], ctx["max_after_min"]["at_years"]
        shown = [ctx["end"] if key == "end" else ctx["by_year"][key] for label, key in rows
                 if (float(key) if key != "end" else float(arms[name].times[-1]) /
                     DAYS_PER_YEAR) >= ctx["min_at_years"]]
        if not shown or not float(f"{peak:.1f}") > max(float(f"{v:.1f}") for v in shown):
            continue
        then = ""
        if ref is not None and name != ref:
            r = 100.0 * (float(np.interp(when * DAYS_PER_YEAR, ref_t, ref_v)) / ref_v[0] - 1.0)
            then = f" (untreated arm then {r:+.1f})"
        parts.append(f"arm {k + 1} {peak:+.1f} at {when:.3g} y{then}")
    if not parts:
        return None
    return "CTX peak after its lowest, hidden between the rows: " + "; ".join(parts)


def untreated_arm(arms: dict[str, Any]) -> str | None:
    """The name of the untreated arm, if there is one."""
    return next((name for name in arms if name.strip().lower() in NO_TREATMENT), None)


def fnih_surrogate(result, reference) -> dict[str, Any]:
    """The arm's total-hip BMD change minus the untreated arm's at the end (points), and the
    vertebral and hip fracture RR that trials with that difference had."""
    from osteon.readouts import trial_surrogate as ts

    arm, ref = result["bmd_total_hip"][0], reference["bmd_total_hip"][0]
    diff = 100.0 * (arm[-1] / arm[0] - ref[-1] / ref[0])
    # the trials' differences were read on treatment: a reading after a drug stops is not one
    return {"total_hip_difference_points": diff, "read_at_day": float(result.times[-1]),
            "note": ("read at the end of the run, as the trials' differences were read at "
                     "their end on treatment; after the last dose has worn off it is not a "
                     "trial-like reading"),
            "expected_rr": {o: ts.expected_rr(diff, o) for o in ts.OUTCOMES},
            "source": ts.BOUXSEIN2019}


def arm_fnih_surrogate(arms: dict[str, Any], name: str, ref: str | None) -> dict[str, Any]:
    """The ``fnih_surrogate`` entry of arm ``name``, one shape for every arm: ``status``
    "computed" with :func:`fnih_surrogate`'s reading against the untreated arm ``ref``, or
    "not computed" with the ``reason`` (no untreated arm; this arm is the untreated one)."""
    if ref is None:
        return {"status": "not computed",
                "reason": "it needs an untreated arm to read against (--compare none)"}
    if name == ref:
        return {"status": "not computed",
                "reason": "this is the untreated arm the other arms are read against"}
    return {"status": "computed", "versus": ref, **fnih_surrogate(arms[name], arms[ref])}


_LEVEL_STYLES = ("-", "--", ":", "-.")


def plot_arms(arms: dict[str, Any]):
    """Every arm in the same panels, as a clinician reads them: BMD by site as her reading
    (:func:`osteon.readouts.clinical.reported_bmd`, as the run's figure) on its WHO bands
    (in g/cm², edged where the class of the T-score as reported changes: T -1.05 and -2.45,
    plotting._WHO_BANDS), CTX and P1NP on the IDS-iSYS scale with the
    premenopausal interval, drug levels, and the 10-year hip and major fracture probability."""
    from osteon.plotting import _WHO_BANDS, DRUG_LEVEL_LINTHRESH, _pyplot, drug_level_variables
    from osteon.readouts.clinical import derived_sites, reported_bmd, subject_patients
    from osteon.readouts.densitometry import REFERENCE
    from osteon.readouts.markers import on_assay, reference_interval

    plt = _pyplot()
    fig, axes = plt.subplots(3, 3, figsize=(15, 11), squeeze=False)
    clinical = {name: r.clinical() for name, r in arms.items()}
    derived = set(derived_sites(next(iter(arms.values()))))
    level_styles: dict[str, tuple[str, str]] = {}
    for k, (name, r) in enumerate(arms.items()):
        x = r.times / DAYS_PER_YEAR
        colour = f"C{k % 10}"
        # her reading, as the run's figure and the T-scores and class draw it: at a site she
        # gave, what she gave changed by the model's relative change (clinical.reported_bmd),
        # not the model's own bone, whose level there may differ when it cannot match her sites
        bmd = reported_bmd(r, 0, subject_patients(r)[0])
        for ax, site in zip(axes[0], SITES, strict=True):
            ax.plot(x, bmd[site], color=colour, lw=1.4, label=name)
        for ax, (var, marker) in zip(axes[1, :2], (("ctx", "CTX"), ("p1np", "P1NP")),
                                     strict=True):
            y = r[var][0]
            young = f"{var}_young"
            if young in r.parameters.columns:
                y = on_assay(y / float(r.parameters[young].iloc[0]), marker)
            ax.plot(x, y, color=colour, lw=1.4, label=name)
        # colour: the arm; line style: the drug level (one style per level across arms)
        for var in drug_level_variables(r):
            if var not in level_styles:
                level_styles[var] = (_LEVEL_STYLES[len(level_styles) % len(_LEVEL_STYLES)],
                                     r.units[var])
            axes[1, 2].plot(x, r[var][0], color=colour, ls=level_styles[var][0], lw=1.2)
        clin = clinical[name]
        if clin is not None:
            for ax, col in zip(axes[2, :2], ("fracture_risk_10y_major", "fracture_risk_10y_hip"),
                               strict=True):
                ax.plot(x, clin[col].to_numpy(), color=colour, lw=1.4, label=name)
    for ax, site in zip(axes[0], SITES, strict=True):
        ref = REFERENCE[site]
        lo, hi = ax.get_ylim()
        for a, b, shade, label in _WHO_BANDS:
            y0, y1 = max(ref.mean + a * ref.sd, lo), min(ref.mean + b * ref.sd, hi)
            if y1 > y0:
                ax.axhspan(y0, y1, color=shade, alpha=0.8, lw=0, zorder=0)
                ax.text(0.99, (y0 + y1) / 2, label, transform=ax.get_yaxis_transform(),
                        ha="right", va="center", fontsize=7, color="0.35")
        ax.set_ylim(lo, hi)
        title = f"areal BMD, {site.replace('_', ' ')} [g/cm²] on the WHO bands"
        if site in derived:  # every arm's patient is the same: the first arm's sites
            title = (f"areal BMD, {site.replace('_', ' ')}* [g/cm²] on the WHO bands\n"
                     f"* derived by the model from the sites given, not measured")
        ax.set_title(title, fontsize=10)
    for ax, marker in zip(axes[1, :2], ("CTX", "P1NP"), strict=True):
        ri = reference_interval(marker)
        ax.axhspan(ri.low, ri.high, color="#deebf7", lw=0, zorder=0)
        ax.set_title(f"{marker} [ng/mL, IDS-iSYS scale]; premenopausal {ri.low:g}-{ri.high:g}",
                     fontsize=10)
    axes[1, 2].set_title("drug levels (each in its own unit)", fontsize=10)
    axes[1, 2].set_yscale("symlog", linthresh=DRUG_LEVEL_LINTHRESH)
    axes[2, 0].set_title("10-year major osteoporotic fracture probability [%] (not FRAX)",
                         fontsize=10)
    axes[2, 1].set_title("10-year hip fracture probability [%] (not FRAX)", fontsize=10)
    axes[2, 2].axis("off")
    # both legends go to the free panel, where they cover no data
    handles, labels = axes[0, 0].get_legend_handles_labels()
    arms_legend = axes[2, 2].legend(handles, labels, loc="upper left", fontsize=8, title="arms")
    if level_styles:
        from matplotlib.lines import Line2D

        axes[2, 2].add_artist(arms_legend)
        handles = [Line2D([], [], color="0.3", ls=style) for style, _ in level_styles.values()]
        labels = [f"{var} [{unit}]" for var, (_, unit) in level_styles.items()]
        axes[2, 2].legend(handles, labels, loc="lower left", fontsize=8,
                          title="drug levels (line style)")
    for ax in axes.flat:
        if ax.axison:
            ax.set_xlabel("years", fontsize=8)
            ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


def write_arms(arms: dict[str, Any], out: Path) -> list[Path]:
    """summary.json (the patient, the conditions, ``columns``: the unit of every column of any
    arm's trajectory, the union over the arms in their order, ``bmd_sites``: the sites the
    patient gave and those the model derived, as a single run's, and per arm its directory, the
    BMD and marker changes (``bmd_change_percent.<site>.{end, by_year}``,
    ``marker_change_percent.<marker>.{end, min, max, by_year, min_at_years, max_at_years,
    max_after_min}``: :func:`arm_summary`) and the
    clinical readouts at start and end, and the FNIH surrogate entry of
    :func:`arm_fnih_surrogate`), figure.png, and each arm's result in ``arm_<k>/`` (k in the
    order of the arms): the files of :meth:`Result.save` (trajectory.csv and .parquet,
    parameters.csv, summary.json), which :meth:`Result.load` reads back. All built before
    anything is written."""
    from osteon.io.results import write_files

    with said_once():  # a readout's caveat on the patient, once for every arm
        files = _arm_files(arms)
    return write_files(files, out)


def _arm_files(arms: dict[str, Any]) -> dict[str, bytes]:
    """What :func:`write_arms` writes, by path."""
    import io
    import json

    import matplotlib.pyplot as plt

    from osteon.io.results import result_files

    ref = untreated_arm(arms)
    rows = []
    tables = {}
    columns: dict[str, str] = {}  # every arm's columns: a drug's only some arms have
    for k, (name, r) in enumerate(arms.items()):
        whole = r.summary()
        for c, unit in whole["columns"].items():
            columns.setdefault(c, unit)
        where = f"arm_{k + 1}"
        row = {"prescription": name, "directory": where, "trajectory": f"{where}/trajectory.csv",
               **arm_summary(r), "clinical": whole.get("clinical"), "status": whole["status"]}
        row["fnih_surrogate"] = arm_fnih_surrogate(arms, name, ref)
        row["parameters_not_used"] = list(r.attrs.get("parameters_not_used") or [])
        rows.append(row)
        tables.update({f"{where}/{f}": data for f, data in result_files(r).items()})
    first = next(iter(arms.values()))
    summary: dict[str, Any] = {"patient": first.attrs.get("patient"),
                               "conditions": first.attrs.get("conditions", []),
                               # every arm's (a drug's acts only in the arms giving it)
                               "parameter_overrides": {
                                   k: v for r in arms.values()
                                   for k, v in dict(r.attrs.get("parameter_overrides")
                                                    or {}).items()},
                               "condition_parameters": dict(
                                   first.attrs.get("condition_parameters") or {}),
                               "duration_days": first.duration_days,
                               "columns": columns, "arms": rows}
    # the sites the patient gave and those the model derived, as a single run's summary.json
    # says them (every arm starts from the same patient); added after the keys it had
    sites = first.summary().get("bmd_sites")
    if sites is not None:
        summary["bmd_sites"] = sites
    if notes := parameter_notes(arms):  # a drug's --param an arm without the drug left out
        summary["notes"] = notes
    fig = plot_arms(arms)
    png = io.BytesIO()
    fig.savefig(png, dpi=120)
    plt.close(fig)
    return {"summary.json": (json.dumps(summary, indent=2, allow_nan=False) + "\n").encode(),
            **tables, "figure.png": png.getvalue()}
