"""A virtual population on the command line: ``osteon simulate --population FILE``.

The file is read (:func:`osteon.io.population.read_population`) into the DataFrame that
:func:`osteon.simulate` takes as ``population`` (one row per subject; columns named like
parameters, like :class:`~osteon.Patient` fields, and an optional ``subject_id``), and the
simulation checks it as it checks a DataFrame given in Python. The terminal then shows the
population's readouts at the start and the end, median and 5th-95th percentile across subjects
(:meth:`Result.summarize`), and the change of each subject's BMD from her start; the Z-scores
of the subjects whose class they decide, and below the table, once, the caveat of a malignancy
in bone, as a single subject's table has them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from osteon.io.population import (  # noqa: F401 (read here by the command line)
    FORMATS,
    _patient_numbers,
    read_population,
)
from osteon.trial import QUANTILES  # the interval shown beside the median
from osteon.trial import whole_years as _whole_years


def context(path: Path, message: str, option: str = "--population") -> str:
    """``message`` (an error of the simulation) with the file named where it is about the
    population, and how its rows are counted."""
    if "population" not in message or option in message:  # not about it, or already named
        return message
    rows = " (rows counted from 0 after the header)" if "population row" in message else ""
    return f"{option} {str(path)!r}{rows}: {message}"


def _cell(values: Any, fmt: str) -> str:
    """``median [lo, hi]`` of a row of quantiles; '-' where there is none."""
    lo, mid, hi = (float(v) for v in values)
    if not np.isfinite(mid):
        return "-"
    return f"{mid:{fmt}} [{lo:{fmt}}, {hi:{fmt}}]"


def population_table(result: Any) -> Any:
    """The population at the start and the end, median [5th, 95th percentile] across the
    subjects solved: for a model with areal BMD, BMD by site (and each subject's % change),
    T-scores, the Z-scores of the subjects whose class they decide, the 10-year fracture
    probabilities, CTX and P1NP (and their % change) and the WHO/ISCD classes, captioned as
    a single subject's table is; for another model, every variable (and its % change)."""
    from rich.markup import escape
    from rich.table import Table

    from osteon.readouts.densitometry import SITES

    n = result.n_subjects
    clinical, labels, rows, derived = _rows(result)
    stats = result.summarize(QUANTILES, variables=[r[0] for r in rows]
                             + (["who_class"] if clinical else []), clinical=clinical)
    qcols = [c for c in stats.columns if c.startswith("q")]
    t0, t1 = result.times[0], result.times[-1]
    first, last = stats[stats.time_days == t0], stats[stats.time_days == t1]

    # subjects that failed (dropped, listed after the table) are not in the statistics
    status = getattr(result, "status", None)
    failed = int((status["status"] != "ok").sum()) if status is not None else 0
    size = (f"{n} of {n + failed} subjects ({failed} failed, not counted)" if failed
            else f"{n} subject{'s' if n != 1 else ''}")
    table = Table(title=f"Population of {size}, start and end: "
                        f"median [5th, 95th percentile] across subjects", title_justify="left")
    for col in ("readout", "start", "end", "change [%]"):
        table.add_column(col, justify="left" if col == "readout" else "right")
    # the Z-scores that decide some subject's class, below the T-scores
    z_rows = _z_rows(result, labels, derived) if clinical else []
    for var, label, fmt, change in rows:
        a = first[first.variable == var].iloc[0]
        b = last[last.variable == var].iloc[0]
        cells = [_cell(a[qcols], fmt), _cell(b[qcols], fmt)]
        for k, row in enumerate((a, b)):  # a readout some subjects lack (outside ages 50-90)
            if 0 < row["n"] < n:
                cells[k] += f" (n={int(row['n'])})"
        pct = "-"
        if change:
            pct = _cell(_change_quantiles(result, var), "+.1f")
        table.add_row(*(escape(c) for c in (label, *cells, pct)))  # '[ng/mL' is no style
        if var == f"t_score_{SITES[-1]}":
            for z_label, z_cells in z_rows:
                table.add_row(*(escape(c) for c in (z_label, *z_cells, "-")))
    if clinical:
        from osteon.cli.app import CLASS_COLUMN

        table.add_row(CLASS_COLUMN, _classes(first), _classes(last), "")
    notes = []
    if derived:
        counted = ", ".join(f"{labels[s]} for {k} of {n}" for s, k in derived.items())
        notes.append(f"* derived by the model from the sites given ({counted}): neither the WHO "
                     f"class nor the fracture risk rests on its level")
    if clinical:
        from osteon.cli.app import CLASS_CAPTION

        if z_rows:
            notes.append(Z_CAPTION)
        notes.append(CLASS_CAPTION)
        notes.append("change: each subject's end against her start; fracture probabilities: "
                     "osteon's hazard model (not FRAX)")
    table.caption = escape("; ".join(notes)) or None
    return table


def _rows(result: Any) -> tuple[bool, dict[str, str], list[tuple[str, str, str, bool]],
                                 dict[str, int]]:
    """What the population table shows: whether the model has clinical readouts, the sites'
    labels, its rows (variable, label, format, whether each subject's % change is shown) and
    how many subjects' readings the model derived, per site."""
    from osteon.readouts.densitometry import SITES

    clinical = result.clinical() is not None
    labels = {"lumbar_spine": "spine", "total_hip": "total hip", "femoral_neck": "femoral neck"}
    rows: list[tuple[str, str, str, bool]] = []  # (variable, label, format, % change)
    if not clinical:
        rows = [(v, f"{v} [{result.units[v]}]", ".4g", True) for v in result.variables]
        return clinical, labels, rows, {}
    derived = _derived_counts(result)
    for s in SITES:
        mark = "*" if derived.get(s) else ""
        rows.append((f"bmd_{s}", f"BMD {labels[s]}{mark} [g/cm²]", ".3f", True))
    for s in SITES:
        mark = "*" if derived.get(s) else ""
        rows.append((f"t_score_{s}", f"T {labels[s]}{mark}", "+.2f", False))
    for o, label in (("hip", "hip"), ("major", "major"),
                     ("clinical_vertebral", "clinical vertebral")):
        rows.append((f"fracture_risk_10y_{o}", f"{label} fracture, 10 y [%]", ".1f", False))
    rows.append(("ctx_on_assay", "CTX [ng/mL, IDS-iSYS]", ".3f", True))
    rows.append(("p1np_on_assay", "P1NP [ng/mL, IDS-iSYS]", ".1f", True))
    return clinical, labels, rows, derived


def population_frame(result: Any) -> Any:
    """The population table's numbers as a table (``population.csv`` in ``--out``): per
    readout, at the start, each whole year saved and the end, the number of subjects with it
    and its 5th, 50th and 95th percentiles across them (``at``: start, year_1, ..., end), the
    same of each subject's % change from her start (``at``: change_percent_year_1, ...,
    change_percent at the end), and the share of the subjects in each WHO/ISCD class
    (``level``, ``share``) at those times."""
    import pandas as pd

    clinical, _, rows, _ = _rows(result)
    stats = result.summarize(QUANTILES, variables=[r[0] for r in rows]
                             + (["who_class"] if clinical else []), clinical=clinical)
    qcols = [c for c in stats.columns if c.startswith("q")]
    times = result.times
    # the start, each whole year saved (a protocol's 12- and 24-month visits) and the end
    when = [("start", 0), *((f"year_{y}", k) for y, k in _whole_years(times)),
            ("end", times.size - 1)]
    out = []
    for var, label, _, change in rows:
        for at, k in when:
            row = stats[(stats.time_days == times[k]) & (stats.variable == var)].iloc[0]
            out.append({"variable": var, "readout": label, "at": at,
                        "time_days": float(times[k]), "unit": row["unit"], "n": int(row["n"]),
                        **{c: float(row[c]) for c in qcols}})
        for at, k in when[1:] if change else ():
            y = _change_values(result, var, k)
            q = np.quantile(y, QUANTILES) if y.size else np.full(len(QUANTILES), np.nan)
            out.append({"variable": var, "readout": label,
                        "at": "change_percent" + ("" if at == "end" else f"_{at}"),
                        "time_days": float(times[k]), "unit": "%", "n": int(y.size),
                        **{c: float(v) for c, v in zip(qcols, q, strict=True)}})
    if clinical:
        for at, t in ((at, times[k]) for at, k in when):
            who = stats[(stats.time_days == t) & (stats.variable == "who_class")]
            for level, share, k in zip(who.level, who["mean"], who["n"], strict=True):
                out.append({"variable": "who_class", "readout": "WHO/ISCD class", "at": at,
                            "time_days": float(t), "unit": "fraction of subjects", "n": int(k),
                            "level": level, "share": float(share)})
    return pd.DataFrame(out, columns=["variable", "readout", "at", "time_days", "unit", "n",
                                      *qcols, "level", "share"])


#: what the population's Z rows are (the single-subject tables show a subject's Z-scores where
#: they decide her class: osteon.cli.app.Z_CAPTION)
Z_CAPTION = ("Z: the Z-scores of the subjects whose class they decide (ISCD: before menopause, "
             "men under 50; Z <= -2.0 is below the expected range for age), n= how many where "
             "fewer than all")


def _z_rows(result: Any, labels: dict[str, str],
            derived: dict[str, int]) -> list[tuple[str, list[str]]]:
    """The Z-score rows: at the start and the end, median [5th, 95th percentile] of the
    Z-scores of the subjects whose class the Z-score decides then (ISCD: before menopause, men
    under 50; :func:`osteon.readouts.clinical.read_by_z`), as the single-subject tables show a
    subject's Z-score where it decides her class; a site only where some subject has one so
    read (a site without a reference curve has none)."""
    import pandas as pd

    from osteon.readouts.clinical import read_by_z
    from osteon.readouts.densitometry import SITES

    clin = result.clinical()
    n = result.n_subjects
    ends = [clin[clin.time_days == t] for t in (result.times[0], result.times[-1])]
    by_z = [rows.who_class.map(read_by_z).astype(bool) for rows in ends]
    out = []
    for s in SITES:
        col = f"z_score_{s}"
        if col not in clin.columns:
            continue
        values = [pd.to_numeric(rows[col][z], errors="coerce").dropna().to_numpy(dtype=float)
                  for rows, z in zip(ends, by_z, strict=True)]
        if not any(v.size for v in values):
            continue
        cells = []
        for v in values:
            cell = _cell(np.quantile(v, QUANTILES), "+.2f") if v.size else "-"
            cells.append(cell + (f" (n={v.size})" if 0 < v.size < n else ""))
        mark = "*" if derived.get(s) else ""
        out.append((f"Z {labels[s]}{mark}", cells))
    return out


def _change_quantiles(result: Any, var: str) -> np.ndarray:
    """The quantiles of each subject's % change of ``var`` from her start to the end (NaN
    where a subject starts at zero)."""
    pct = _change_values(result, var)
    return np.quantile(pct, QUANTILES) if pct.size else np.full(len(QUANTILES), np.nan)


def _change_values(result: Any, var: str, k: int = -1) -> np.ndarray:
    """Each subject's % change of ``var`` from her start to the saved time ``k`` (the end),
    those that have one (not where she starts at zero or lacks the readout)."""
    if var in result.variables:
        y = result[var]
    else:
        clin = result.clinical()
        y = clin[var].to_numpy(dtype=float).reshape(result.n_subjects, result.times.size)
    with np.errstate(invalid="ignore", divide="ignore"):
        pct = 100.0 * (y[:, k] / y[:, 0] - 1.0)
    return pct[np.isfinite(pct)]


def _classes(rows: Any) -> str:
    """The WHO classes at one time, each with its share of the subjects."""
    who = rows[(rows.variable == "who_class") & (rows["mean"] > 0)]
    parts = [f"{level} {100 * share:.0f} %" for level, share in
             sorted(zip(who.level, who["mean"], strict=True), key=lambda x: -x[1])]
    return ", ".join(parts) or "-"


def _derived_counts(result: Any) -> dict[str, int]:
    """Per site, how many subjects' readings the model derived from the sites they gave (a
    subject who gave none has the model's own person at every site, as in a single run)."""
    from osteon.readouts.clinical import subject_patients
    from osteon.readouts.densitometry import SITES

    counts = dict.fromkeys(SITES, 0)
    for patient in subject_patients(result):
        given = list(patient.target_bmd()) if patient is not None else []
        if given:
            for s in SITES:
                counts[s] += s not in given
    return {s: k for s, k in counts.items() if k}
