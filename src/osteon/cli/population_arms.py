"""A virtual trial on the command line: ``osteon simulate --population FILE --compare RX
--compare RX``.

Every arm runs the same subjects: the same rows of the same table (so the same patients, the
same parameter columns and the same subject ids; nothing is drawn at random per subject, and
a prescription's adherence draw is its own ``seed``, as written in the arm's text). Each arm is
saved as a single ``--population`` run saves it, in ``arm_<k>/``; ``arms.csv`` and the top-level
``summary.json`` give, per arm and readout, the median [5th, 95th percentile] across subjects and,
for every arm after the first, the same of each subject's difference from her own value in the
first arm. Those percentiles are the spread of the virtual population, not a trial's confidence
interval (:data:`SPREAD_NOTE`).

With ``--on-failure drop`` a subject who fails in any arm is left out of every arm (status
``dropped`` in the arms where she solved, with the arm and reason she failed in), so the arms
stay paired: :func:`pair_arms`.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import numpy as np

from osteon.cli.population import QUANTILES, _whole_years
from osteon.errors import InputError

#: what the paired differences' percentiles are (arms.csv, summary.json, the terminal)
SPREAD_NOTE = ("paired differences: each subject's value in the arm minus her value in arm 1, "
               "median [5th, 95th percentile] across the virtual population's subjects; this is "
               "the spread of the virtual population, not a trial's confidence interval")

_SITES = (("lumbar_spine", "spine"), ("total_hip", "total hip"),
          ("femoral_neck", "femoral neck"))
#: each readout: (key in arms.csv, label, where its per-subject values come from, kind)
#: kind 'change': % change from the subject's start, at each whole year and the end;
#: kind 'level': the value itself, at the end only
READOUTS = (*((f"bmd_{s}_change", f"BMD {label} change [%]", f"bmd_{s}", "change")
              for s, label in _SITES),
            ("ctx_change", "CTX change [%]", "ctx_on_assay", "change"),
            ("p1np_change", "P1NP change [%]", "p1np_on_assay", "change"),
            ("fracture_risk_10y_hip", "hip fracture, 10 y [%]", "fracture_risk_10y_hip",
             "level"),
            ("fracture_risk_10y_major", "major fracture, 10 y [%]",
             "fracture_risk_10y_major", "level"))


def check_arms(prescriptions: list[str]) -> None:
    """Refuse, before anything runs, fewer than two arms, an arm given twice (whatever its
    spelling) and a prescription osteon cannot read or whose drug it does not know."""
    from osteon import drugs
    from osteon.cli.compare import NO_TREATMENT, refuse_repeated_arms
    from osteon.dosing import Regimen

    if len(prescriptions) >= 2:  # fewer: refused below, before any arm is read
        for k, rx in enumerate(prescriptions):
            if rx.strip().lower() not in NO_TREATMENT:
                try:
                    Regimen.parse(rx, known_drugs=drugs.names())
                except InputError as exc:
                    raise InputError(f"--compare arm {k + 1} ({rx!r}): {exc}") from None
    refuse_repeated_arms(prescriptions)


def pair_arms(arms: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The arms with only the subjects every arm solved, and the subjects left out: for each,
    ``subject_id``, the ``arm`` (1-based) and ``prescription`` she failed in first, and why
    (``message``). In an arm where she solved, her status becomes ``dropped`` with that reason;
    where she failed, it stays as it was."""
    names = list(arms)
    failed: dict[Any, dict[str, Any]] = {}
    for k, name in enumerate(names):
        status = arms[name].status
        for row in status[status["status"] != "ok"].itertuples(index=False):
            failed.setdefault(row.subject_id, {"subject_id": row.subject_id, "arm": k + 1,
                                               "prescription": name,
                                               "message": str(row.message)})
    if not failed:
        return arms, []
    out = {}
    for name in names:
        out[name] = _without(arms[name], failed)
    return out, list(failed.values())


def _without(result: Any, failed: dict[Any, dict[str, Any]]) -> Any:
    """``result`` without the subjects in ``failed`` (those it solved marked ``dropped``)."""
    keep = [i for i, s in enumerate(result.subject_ids) if s not in failed]
    if len(keep) == len(result.subject_ids):
        return result
    status = result.status.copy()
    for j, sid in enumerate(status["subject_id"]):
        if sid in failed and status.at[status.index[j], "status"] == "ok":
            f = failed[sid]
            status.at[status.index[j], "status"] = "dropped"
            status.at[status.index[j], "message"] = (
                f"left out of every arm to keep the arms paired: she failed in arm {f['arm']} "
                f"({f['prescription']!r}): {f['message']}")
    attrs = dict(result.attrs)
    after = attrs.get("after_events_at_start")
    if after:  # per subject kept
        attrs["after_events_at_start"] = {v: [vals[i] for i in keep] for v, vals in after.items()}
    return dataclasses.replace(result, subject_ids=tuple(result.subject_ids[i] for i in keep),
                               values=result.values[keep], baseline=result.baseline[keep],
                               status=status, attrs=attrs)


def subject_values(result: Any, source: str) -> np.ndarray:
    """Each subject's ``source`` at every saved time, shape (n_subjects, n_times): a model
    variable, or a clinical readout (NaN where she has none)."""
    if source in result.variables:
        return np.asarray(result[source], dtype=float)
    clin = result.clinical()
    if clin is None or source not in clin.columns:
        return np.full((result.n_subjects, result.times.size), np.nan)
    import pandas as pd

    y = pd.to_numeric(clin[source], errors="coerce").to_numpy(dtype=float)
    return y.reshape(result.n_subjects, result.times.size)


def readout_values(result: Any) -> dict[tuple[str, str], tuple[float, np.ndarray]]:
    """Per (readout key, ``at``): the saved time (days) and each subject's value, in the order
    of ``result.subject_ids``. ``at`` is ``year_1``, ... and ``end`` for a % change from her
    start, ``end`` for a level."""
    times = result.times
    # as population.csv: each whole year saved, and the end (also where it is a whole year)
    when = [*((f"year_{y}", k) for y, k in _whole_years(times)), ("end", times.size - 1)]
    out = {}
    for key, _, source, kind in READOUTS:
        y = subject_values(result, source)
        if kind == "change":
            with np.errstate(invalid="ignore", divide="ignore"):
                for at, k in when:
                    out[(key, at)] = (float(times[k]), 100.0 * (y[:, k] / y[:, 0] - 1.0))
        else:
            out[(key, "end")] = (float(times[-1]), y[:, -1])
    return out


def _quantiles(v: np.ndarray) -> tuple[int, list[float]]:
    v = v[np.isfinite(v)]
    if not v.size:
        return 0, [float("nan")] * len(QUANTILES)
    return int(v.size), [float(q) for q in np.quantile(v, QUANTILES)]


def arms_frame(arms: dict[str, Any]) -> Any:
    """arms.csv: per arm and readout, the number of subjects with it and its 5th, 50th and 95th
    percentiles across them; for an arm after the first, the number of subjects with it in
    both arms and the percentiles of each subject's value here minus hers in arm 1
    (``paired_difference_*``, in percentage points: every readout is a percent)."""
    import pandas as pd

    names = list(arms)
    first = arms[names[0]]
    ref = readout_values(first)
    labels = {key: (label, kind) for key, label, _, kind in READOUTS}
    qn = [f"q{q:g}" for q in QUANTILES]
    rows = []
    for k, name in enumerate(names):
        r = arms[name]
        if r.subject_ids != first.subject_ids:  # pair_arms makes them the same
            raise AssertionError("the arms' subjects differ; pair them first (pair_arms)")
        for (key, at), (t, v) in readout_values(r).items():
            label, kind = labels[key]
            n, q = _quantiles(v)
            row = {"arm": k + 1, "prescription": name, "readout": key, "label": label,
                   "at": at, "time_days": t,
                   "unit": "% change from the subject's start" if kind == "change" else "%",
                   "n": n, **dict(zip(qn, q, strict=True))}
            if k > 0:
                dn, dq = _quantiles(v - ref[(key, at)][1])
                row.update({"versus_arm": 1, "paired_n": dn,
                            **{f"paired_difference_{c}": x for c, x in zip(qn, dq, strict=True)},
                            "paired_difference_unit": "percentage points",
                            "paired_difference_is": SPREAD_NOTE})
            rows.append(row)
    columns = ["arm", "prescription", "readout", "label", "at", "time_days", "unit", "n", *qn,
               "versus_arm", "paired_n", *(f"paired_difference_{c}" for c in qn),
               "paired_difference_unit", "paired_difference_is"]
    frame = pd.DataFrame(rows, columns=columns)
    for c in ("versus_arm", "paired_n"):  # counts, empty in arm 1's rows
        frame[c] = frame[c].astype("Int64")
    return frame


def _cell(mid: float, lo: float, hi: float, fmt: str = "+.1f") -> str:
    """``median [lo, hi]``; '-' where no subject has one."""
    if not np.isfinite(mid):
        return "-"
    return f"{mid:{fmt}} [{lo:{fmt}}, {hi:{fmt}}]"


def arms_table(frame: Any, n_subjects: int, dropped: int) -> tuple[str, Any]:
    """The terminal's one table: the readouts at the end by arm side by side, median [5th, 95th
    percentile] across subjects, and each later arm's paired difference from arm 1; a legend
    numbering the arms."""
    from rich.markup import escape
    from rich.table import Table

    names = list(dict.fromkeys(frame["prescription"]))
    legend = "arms: " + "; ".join(f"{k + 1} = {name}" for k, name in enumerate(names))
    size = (f"{n_subjects} subjects in every arm ({dropped} dropped from every arm)" if dropped
            else f"{n_subjects} subject{'s' if n_subjects != 1 else ''} in every arm")
    end = frame[frame["at"] == "end"]
    table = Table(title=f"Arms side by side at the end ({end['time_days'].iloc[0]:g} days), "
                        f"{size}: median [5th, 95th percentile] across subjects",
                  title_justify="left", caption=escape(
                      SPREAD_NOTE + "; each whole year's readouts are in arms.csv (--out)"),
                  caption_justify="left")
    table.add_column("readout")
    for k in range(len(names)):
        table.add_column(f"arm {k + 1}", justify="right")
    for k in range(1, len(names)):
        table.add_column(f"arm {k + 1} - arm 1", justify="right")
    for key, label, _, kind in READOUTS:
        rows = end[end["readout"] == key].sort_values("arm")
        fmt = "+.1f" if kind == "change" else ".1f"  # a level has no sign; a difference has
        cells = [_cell(r["q0.5"], r["q0.05"], r["q0.95"], fmt) for _, r in rows.iterrows()]
        diffs = [_cell(r["paired_difference_q0.5"], r["paired_difference_q0.05"],
                       r["paired_difference_q0.95"]) for _, r in rows.iloc[1:].iterrows()]
        table.add_row(escape(label), *(escape(c) for c in (*cells, *diffs)))
    return legend, table


def summary(arms: dict[str, Any], frame: Any, dropped: list[dict[str, Any]],
            population: Path, requested: int) -> dict[str, Any]:
    """The top-level summary.json: the population file, the subjects every arm ran, those
    dropped, each arm's directory, and arms.csv's rows."""
    first = next(iter(arms.values()))

    def clean(v: Any) -> Any:
        if isinstance(v, float | np.floating):
            return float(v) if np.isfinite(v) else None
        if isinstance(v, np.integer):
            return int(v)
        return v

    return {
        "population": str(population),
        "subjects_requested": requested,
        "subjects_in_every_arm": [clean(s) for s in first.subject_ids],
        "dropped": [{k: clean(v) for k, v in d.items()} for d in dropped],
        "duration_days": first.duration_days,
        "arms": [{"arm": k + 1, "prescription": name, "directory": f"arm_{k + 1}"}
                 for k, name in enumerate(arms)],
        "paired_differences": SPREAD_NOTE,
        "readouts": [{k: clean(v) for k, v in row.items()}
                     for row in frame.to_dict(orient="records")],
    }
