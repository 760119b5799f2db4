"""Reading a virtual population's table file (.csv, .tsv or .parquet) into the DataFrame that
:func:`osteon.simulate` and :func:`osteon.simulate_arms` take as ``population``: one row per
subject; columns named like parameters, like :class:`~osteon.Patient` fields, and an optional
``subject_id``. It refuses what a table cannot be (no header, a column without a name, a column
given twice, no rows) and, in a CSV or TSV, a cell of a numeric Patient column (``age``,
``t_score_<site>``, ...) that is not a number, naming its row and column; the simulation checks
the rest as it checks a DataFrame given in Python. ``osteon simulate --population FILE`` reads
its file here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from osteon.errors import InputError

#: the file types read, by suffix: CSV, TSV and Parquet (pandas reads each without extras)
FORMATS = {".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".parquet": "parquet", ".pq": "parquet"}


def read_population(path: Path, option: str = "--population") -> Any:
    """The population table in ``path`` as a DataFrame; refused, naming the file, where it is
    missing, unreadable, of an unknown type, or not a table with named columns and rows."""
    import pandas as pd

    from osteon.io.results import _EXACT

    where = f"{option} {str(path)!r}"
    kind = FORMATS.get(path.suffix.lower())
    if not path.exists():
        raise InputError(f"{where}: no such file")
    if path.is_dir():
        raise InputError(f"{where} is a directory; give a table file (.csv, .tsv or .parquet)")
    if kind is None:
        raise InputError(f"{where}: unknown file type {path.suffix or '(none)'!r}; give a .csv, "
                         f".tsv (or .tab) or .parquet file, one row per subject")
    try:
        if kind == "parquet":
            frame = pd.read_parquet(path)
            header = [str(c) for c in frame.columns]
        else:
            sep = "," if kind == "csv" else "\t"
            header = _text_header(path, sep, where)
            # subject ids as written ('007' stays '007'); an empty cell is a value not given
            frame = pd.read_csv(path, sep=sep, skipinitialspace=True, dtype={"subject_id": str},
                                index_col=False, encoding="utf-8-sig", **_EXACT)
    except InputError:  # what _text_header found, already worded
        raise
    except pd.errors.EmptyDataError:
        raise InputError(f"{where} is empty; give a header row naming the columns, then one "
                         f"row per subject") from None
    except UnicodeDecodeError:
        raise InputError(f"{where} is not UTF-8 text; save the table as UTF-8 CSV (or "
                         f"Parquet)") from None
    except pd.errors.ParserError as exc:
        raise InputError(f"{where} cannot be read as {kind.upper()}: {exc}") from None
    except OSError as exc:
        raise InputError(f"{where} cannot be read: {exc.strerror or exc}") from None
    except ValueError as exc:  # pyarrow's ArrowInvalid: not a Parquet file
        raise InputError(f"{where} cannot be read as {kind.upper()}: {exc}") from None
    for k, name in enumerate(header):
        if not str(name).strip():
            raise InputError(f"{where}: column {k + 1} of the header has no name (a row index "
                             f"written by pandas' to_csv without index=False? name it "
                             f"subject_id or leave it out)")
    twice = sorted({c for c in header if header.count(c) > 1})
    if twice:
        raise InputError(f"{where}: column {twice[0]!r} is given more than once; give each "
                         f"column once")
    if len(frame) == 0:
        raise InputError(f"{where} has a header but no rows; give one row per subject")
    if kind != "parquet":
        frame = _patient_numbers(frame, where)
    return frame


def _patient_domains() -> dict[str, str]:
    """What each numeric Patient column of a population takes (the Patient checks the range)."""
    from osteon.individualize import PATIENT_COLUMNS
    from osteon.patient import AGE_RANGE, ALCOHOL_RANGE, BMI_RANGE, MENOPAUSE_AGE_RANGE

    out = {}
    for c in PATIENT_COLUMNS:
        if c == "age":
            out[c] = f"age in years, {AGE_RANGE[0]:g} to {AGE_RANGE[1]:g}"
        elif c in ("age_at_menopause", "menopause_age"):
            out[c] = (f"age at menopause in years, {MENOPAUSE_AGE_RANGE[0]:g} to "
                      f"{MENOPAUSE_AGE_RANGE[1]:g}")
        elif c == "bmi":
            out[c] = f"BMI in kg/m², > {BMI_RANGE[0]:g} and <= {BMI_RANGE[1]:g}"
        elif c == "alcohol_units_per_day":
            out[c] = f"UK units a day, {ALCOHOL_RANGE[0]:g} to {ALCOHOL_RANGE[1]:g}"
        elif c.startswith("t_score_"):
            out[c] = f"the T-score at the {c.removeprefix('t_score_').replace('_', ' ')}"
        elif c.startswith("bmd_"):
            out[c] = f"areal BMD in g/cm² at the {c.removeprefix('bmd_').replace('_', ' ')}"
    return out


def _patient_numbers(frame: Any, where: str) -> Any:
    """``frame`` with its numeric Patient columns as numbers, cell by cell: one cell that is not
    a number makes pandas read its whole column as text, and the Patient would then refuse the
    first row's valid '70' rather than the cell at fault. A number written as text is that
    number; an empty cell stays a value not given; any other cell is refused, naming its row,
    column and value."""
    import pandas as pd

    domains = _patient_domains()
    columns = [c for c in frame.columns if c in domains
               and not pd.api.types.is_numeric_dtype(frame[c])]
    if not columns:
        return frame
    ids = (list(frame["subject_id"]) if "subject_id" in frame.columns
           else list(range(len(frame))))
    converted = {c: [_number(v) for v in frame[c]] for c in columns}
    for i in range(len(frame)):
        for c in columns:
            if converted[c][i] is None:
                raise InputError(f"{where} (rows counted from 0 after the header): population "
                                 f"row {i} (subject_id {ids[i]!r}), column {c!r} takes a number "
                                 f"({domains[c]}; an empty cell for a value not given); got "
                                 f"{frame[c].iloc[i]!r}")
    out = frame.copy()
    for c in columns:
        out[c] = pd.Series(converted[c], index=frame.index, dtype=float)
    return out


def _number(value: Any) -> float | None:
    """A cell of a numeric column as a float (NaN for an empty one); ``None`` for text that is
    not a number."""
    import pandas as pd

    if pd.api.types.is_scalar(value) and pd.isna(value):
        return float("nan")
    if isinstance(value, bool | np.bool_) or not isinstance(value, str | int | float | np.number):
        return None
    if isinstance(value, str):
        text = value.strip()
        if "_" in text:  # Python reads '1_000'; a table does not
            return None
        try:
            value = float(text)
        except ValueError:
            return None
    return float(value)


def _text_header(path: Path, sep: str, where: str) -> list[str]:
    """The header of a CSV or TSV file as written (pandas renames a second 'age' to 'age.1'),
    every row checked to have as many fields as it: pandas reads a row with one more as having
    a row label first ('female,70,3' under 'sex,age' became sex 70, age 3) and one with fewer
    as ending in empty values."""
    import csv

    header: list[str] | None = None
    with path.open(newline="", encoding="utf-8-sig") as f:
        reader = csv.reader(f, delimiter=sep, skipinitialspace=True)
        try:
            for row in reader:
                if not row:  # a blank line, which pandas skips too
                    continue
                if header is None:
                    header = row
                elif len(row) != len(header):
                    raise InputError(f"{where}: line {reader.line_num} has {len(row)} "
                                     f"field{'s' if len(row) != 1 else ''}, the header "
                                     f"{len(header)}; give every row one value per column (a "
                                     f"value not given: nothing between the separators)")
        except csv.Error as exc:
            raise InputError(f"{where}: line {reader.line_num} cannot be read: {exc}") from None
    if header is None:
        raise InputError(f"{where} is empty; give a header row naming the columns, then one "
                         f"row per subject")
    return header
