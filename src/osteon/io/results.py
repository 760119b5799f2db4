"""A result's directory: what ``osteon simulate --out DIR`` and :meth:`Result.save` write, and
:meth:`Result.load` reads back.

``trajectory.csv`` and ``trajectory.parquet``
    The wide table of :meth:`Result.to_pandas` (the model's variables, then the clinical
    readouts), one row per subject and saved time; the same table in two formats.
``parameters.csv``
    Every parameter of every subject requested (the table ``Result.parameters``).
``summary.json``
    What a person reads (start and end of each variable, BMD change, clinical readouts, the
    unit of every column, conditions, overrides, solver, status) and, under ``"result"``, what
    a reload needs beyond the tables: the format, the model id, variables and units, the
    subject ids, the baseline state and the attrs, as JSON gives them back (a tuple as a list).
``figure.png``
    Only when asked for (the command line always asks).

A comparison (``osteon simulate --compare``) writes its own summary.json and figure.png, and
each arm's result in ``arm_<k>/`` (k in the order of the arms), a directory of the files above
without the figure: :meth:`Result.load` reads an arm's directory, and refuses the comparison's
own, naming the arms' directories.

Everything is computed before anything is written. Numbers round-trip exactly: parquet keeps
the float64 values, JSON and the CSV files write each float's shortest exact form (read back
exactly: pandas 2 is asked for ``float_precision="round_trip"``)
"""

from __future__ import annotations

import io
import json
import math
import numbers
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from osteon.errors import InputError

FORMAT = "osteon-result/1"
SUMMARY = "summary.json"
PARAMETERS = "parameters.csv"
#: how read_csv gives back each float exactly: pandas 3 does by default (and deprecates the
#: option), pandas 2's default parser may be one unit in the last place off
_EXACT: dict[str, Any] = ({} if int(pd.__version__.split(".")[0]) >= 3
                          else {"float_precision": "round_trip"})


def trajectory_files(result: Any, stem: str = "trajectory") -> dict[str, bytes]:
    """``<stem>.csv`` and ``<stem>.parquet``: the wide table of ``result``."""
    df = result.to_pandas("wide")
    buf = io.BytesIO()
    df.to_parquet(buf, index=False)
    return {f"{stem}.csv": df.to_csv(index=False).encode(), f"{stem}.parquet": buf.getvalue()}


def summary_record(result: Any) -> dict[str, Any]:
    """summary.json's content: :meth:`Result.summary`, the events, and the reload record."""
    _subject_ids(result.status["subject_id"])  # every subject requested, failed ones too
    summary = result.summary()
    summary["events"] = result.attrs.get("events", [])
    summary["result"] = {
        "format": FORMAT,
        "model_id": result.model.id,
        "model_version": result.model.version,
        "variables": list(result.variables),
        "units": {v: result.units[v] for v in result.variables},
        "subject_ids": _subject_ids(result.subject_ids),
        "baseline": np.asarray(result.baseline, dtype=float).tolist(),
        "attrs": _json_value(dict(result.attrs), "attrs"),
    }
    return summary


def result_files(result: Any, *, figure: bool = False) -> dict[str, bytes]:
    """Every file of ``result``'s directory, by name, as bytes."""
    text = json.dumps(summary_record(result), indent=2, allow_nan=False) + "\n"
    files = trajectory_files(result)
    files[PARAMETERS] = result.parameters.to_csv(index=False).encode()
    files[SUMMARY] = text.encode()
    if figure:
        import matplotlib.pyplot as plt

        fig = result.plot()
        png = io.BytesIO()
        fig.savefig(png, dpi=120)
        plt.close(fig)
        files["figure.png"] = png.getvalue()
    return files


def write_files(files: dict[str, bytes], out: Path) -> list[Path]:
    """Write ``files`` into the directory ``out`` (made if missing); their paths. A name may
    hold a subdirectory (``arm_1/summary.json``), made if missing."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, data in files.items():
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        paths.append(path)
    return paths


def save(result: Any, path: str | Path, *, figure: bool = False) -> list[Path]:
    """Write ``result`` into the directory ``path``; the paths written."""
    out = Path(path)
    if out.exists() and not out.is_dir():
        raise InputError(f"Result.save(path) writes a directory of files; {str(out)!r} is a file")
    return write_files(result_files(result, figure=figure), out)


def load(path: str | Path, *, model: Any = None) -> Any:
    """The :class:`Result` saved in the directory ``path``. ``model``: the
    :class:`~osteon.model.ModelSpec` it was simulated with, needed only for a model that is not
    in the library (a model id with drugs, ``osteon+denosumab``, is composed again)."""
    from osteon.model.spec import ModelSpec
    from osteon.result import Result

    if model is not None and not isinstance(model, ModelSpec):
        raise InputError(f"Result.load(model=...) must be a ModelSpec; got "
                         f"{type(model).__name__}")
    where = Path(path)
    summary = _summary(where)
    record = summary["result"]
    spec = _model(record, model)
    ids = list(record["subject_ids"])
    saved = tuple(record["variables"])  # a renamed variable under its former name
    variables = tuple(spec.renamed.get(v, v) for v in saved)
    frame = _trajectory(where)
    missing = [v for v in saved if v not in frame.columns]
    n = len(ids)
    if missing or n == 0 or len(frame) % n:
        raise InputError(f"{str(where / 'trajectory.parquet')!r} does not match its "
                         f"{SUMMARY}: " + (f"no columns {missing[:5]}" if missing else
                                           f"{len(frame)} rows for {n} subjects"))
    nt = len(frame) // n
    got = [str(s) for s in frame["subject_id"].to_numpy()[::nt]]
    if got != [str(s) for s in ids]:
        raise InputError(f"the trajectory in {str(where)!r} holds subjects {got[:5]}, its "
                         f"{SUMMARY} {[str(s) for s in ids][:5]}")
    values = frame[list(saved)].to_numpy(dtype=float).reshape(n, nt, len(variables))
    status = _status(summary["status"])
    parameters = pd.read_csv(where / PARAMETERS, **_EXACT) \
        if (where / PARAMETERS).is_file() else None
    if parameters is None:
        raise InputError(f"no {PARAMETERS} in {str(where)!r} (written by Result.save and "
                         f"osteon simulate --out since format {FORMAT})")
    parameters["subject_id"] = list(status["subject_id"])
    return Result(
        model=spec,
        times=frame["time_days"].to_numpy(dtype=float)[:nt].copy(),
        subject_ids=tuple(ids),
        values=values,
        variables=variables,
        units={spec.renamed.get(v, v): u for v, u in record["units"].items()},
        status=status,
        parameters=parameters,
        baseline=np.asarray(record["baseline"], dtype=float).reshape(n, spec.n_states),
        attrs=dict(record["attrs"]),
    )


# ---------------------------------------------------------------------- helpers
def _summary(where: Path) -> dict[str, Any]:
    summary_path = where / SUMMARY
    if not summary_path.is_file():
        raise InputError(f"Result.load(path) reads a directory written by Result.save or osteon "
                         f"simulate --out; {str(where)!r} has no {SUMMARY}")
    summary = json.loads(summary_path.read_text())
    record = summary.get("result") if isinstance(summary, dict) else None
    if record is None:
        what = (_arms_hint(where, summary["arms"]) if "arms" in summary
                else "written by an osteon without Result.load")
        raise InputError(f"{str(summary_path)!r} has no 'result' record: {what}")
    if record.get("format") != FORMAT:
        raise InputError(f"{str(summary_path)!r} is in format {record.get('format')!r}; this "
                         f"osteon reads {FORMAT!r}")
    return summary


def _arms_hint(where: Path, arms: Any) -> str:
    """What to load instead of a comparison's directory: each arm's own directory."""
    rows = [a for a in arms if isinstance(a, dict)] if isinstance(arms, list) else []
    dirs = [(a["directory"], a.get("prescription")) for a in rows if a.get("directory")]
    if not dirs or len(dirs) != len(rows):
        return ("a comparison of arms (--compare), which is not one result; it was written by "
                "an osteon that did not save each arm as a result (run the comparison again)")
    shown = ", ".join(f"Result.load({str(where / d)!r}) ({rx})" for d, rx in dirs)
    return (f"a comparison of arms (--compare), which is not one result; each arm is one, "
            f"in its own directory: {shown}")


def _model(record: dict[str, Any], model: Any) -> Any:
    if model is None:
        from osteon import drugs
        from osteon.library import load as load_model

        base, *given = str(record["model_id"]).split("+")
        try:
            spec = load_model(base)
        except InputError as exc:
            raise InputError(f"the saved result's model {record['model_id']!r} is not in the "
                             f"library ({exc}); give it: Result.load(path, model=spec)") from None
        spec = drugs.composed_as_saved(spec, given) if given else spec
    else:
        spec = model
    names = [*spec.state_names, *spec.observable_names]
    if names != [spec.renamed.get(v, v) for v in record["variables"]]:
        raise InputError(f"model {spec.id!r} (version {spec.version!r}) has other variables "
                         f"than the saved result of {record['model_id']!r} (version "
                         f"{record['model_version']!r}): {len(names)} against "
                         f"{len(record['variables'])}")
    return spec


def _trajectory(where: Path) -> pd.DataFrame:
    if (where / "trajectory.parquet").is_file():
        return pd.read_parquet(where / "trajectory.parquet")
    if (where / "trajectory.csv").is_file():
        return pd.read_csv(where / "trajectory.csv", dtype={"subject_id": str}, **_EXACT)
    raise InputError(f"no trajectory.parquet or trajectory.csv in {str(where)!r}")


def _status(rows: list[dict[str, Any]]) -> pd.DataFrame:
    status = pd.DataFrame(rows)
    for col in status.columns:  # JSON wrote NaN as null: a number column stays float
        if col != "subject_id" and all(v is None or (isinstance(v, numbers.Real)
                                                     and not isinstance(v, bool))
                                       for v in status[col].tolist()):
            status[col] = status[col].astype(float)
    status["subject_id"] = [r["subject_id"] for r in rows]
    return status


def _subject_ids(ids: Any) -> list[Any]:
    """The subject ids as JSON and a parquet column keep them: all text, or all finite
    numbers."""
    out = []
    for s in ids:
        v = s.item() if isinstance(s, np.generic) else s
        if not (isinstance(v, str) or (isinstance(v, numbers.Real) and math.isfinite(v))):
            raise InputError(f"Result.save keeps subject ids that are text or numbers; got "
                             f"{s!r} ({type(s).__name__})")
        out.append(v)
    if len({isinstance(v, str) for v in out}) > 1:
        raise InputError(f"Result.save keeps subject ids that are all text or all numbers (a "
                         f"parquet column has one type); got {out[:5]}")
    return out


def _json_value(v: Any, where: str) -> Any:
    """``v`` as JSON values (numpy scalars and arrays as numbers and lists, tuples as lists)."""
    if isinstance(v, np.ndarray | np.generic):
        v = v.tolist()
    if isinstance(v, dict):
        return {str(k): _json_value(x, f"{where}[{k!r}]") for k, x in v.items()}
    if isinstance(v, list | tuple):
        return [_json_value(x, where) for x in v]
    if v is None or isinstance(v, str | bool | int):
        return v
    if isinstance(v, float):
        if not math.isfinite(v):
            raise InputError(f"Result.save writes finite numbers; {where} holds {v!r}")
        return v
    raise InputError(f"Result.save writes attrs that JSON can hold; {where} is a "
                     f"{type(v).__name__}")
