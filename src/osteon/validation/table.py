"""Targets from a table: a team's own digitized results, for ``osteon validate --targets`` and
``osteon calibrate --targets`` (and, at the values the latter fitted to the training rows,
``osteon validate --targets T.csv --role check --parameters DIR/T.json``).

One row per published number (UTF-8 text: CSV with commas between the columns, or TSV with
tabs when the file ends in ``.tsv``; a file that is not UTF-8 text, such as a workbook or UTF-16
text, is refused, saying how to save it; a header whose only cell holds ``;``, tabs or commas is
refused as the wrong delimiter); a header names the columns, in any order and any case (``ID`` is ``id``;
spaces around a name are dropped). A column whose header cell is empty is left out when no cell
under it holds anything (a spreadsheet's trailing empty columns), and a row without any cell
filled is skipped (its trailing empty rows); a filled cell under an empty header or past the
header's last column is refused. Required:

- ``id``: unique text without spaces (e.g. ``MYTRIAL.ls_12mo``);
- ``observable``: a variable of the integrated model (``bmd_lumbar_spine``, ``ctx``, ``p1np``, ...)
  or of a drug of the row's ``regimen`` (``denosumab_serum``); for the two ``*_vs_control``
  readings, a variable of both arms' models;
- ``reading``: ``change`` (% change from the start in the arm), ``vs_control`` (% of the arm
  over the control at ``time``), ``points_vs_control`` (% change in the arm minus % change in the
  control: the trials' placebo-adjusted points) or ``value`` (the observable at ``time``);
- ``time``: when it is read, from the start of treatment, with its unit (``12 months``, ``2
  years``, ``90 days``, ``26 weeks``). A bare number (``6``) is refused: tables mean months by it
  as often as days. A table whose times are all in one unit may name it in the header instead,
  ``time (months)`` or ``time_months`` (days, weeks, months or years): its bare numbers are then
  in that unit (a cell that gives its own unit keeps it); ``duration`` likewise;
- ``value``: the published number, in the reading's unit: % for ``change`` and
  ``vs_control``, points for ``points_vs_control``, the observable's unit (``g/cm^2`` for BMD,
  ``ng/mL`` for ``ctx``; see the ``unit`` column) for ``value``;
- ``tolerance``: > 0, in the same unit: the acceptance window of the check and the noise scale
  of the fit (e.g. the 95 % CI half-width, or the SE);
- ``source``: where the number is from (DOI or PMID, table or figure).

Optional: ``patient`` (patient text, default ``female, age 65``); ``regimen`` (a
prescription; empty, ``none`` or ``placebo``: untreated); ``conditions`` (condition texts separated by ``;``);
``control_regimen`` and ``control_conditions`` (the control arm of the two ``*_vs_control``
readings; empty: untreated, without conditions); ``duration`` (default: ``time``; a time with
its unit, as ``time``);
``role`` (``training`` or ``check``; default ``training``); ``description``; ``unit``: the
unit of ``value`` and ``tolerance``. Empty means the reading's unit; for ``change`` and
``vs_control`` it may only say ``%``, for ``points_vs_control`` ``points`` (or ``percentage
points``, ``%-points``, ``pp``). A ``value`` row may give another unit of the observable's
dimension (``mg/cm^2`` for BMD, ``pg/mL`` for a marker, ``%`` for a dimensionless fraction):
its value and tolerance are converted to the observable's unit with pint (a digit after a
unit's letters is its power, ``cm2`` = ``cm^2``) and rounded to as many significant digits as
the cell gives (every digit from the first that is not 0, trailing zeros included: ``750``
mg/cm^2 has 3 and is 0.750 g/cm^2, not pint's 0.7500000000000001), the target carries that
unit, and its
``tolerance_why`` (in ``--json`` and the HTML report) says what was given and converted. PTH,
calcium, phosphate and calcitriol, in molar units in the model, may also be given as the mass
concentrations laboratories report (``pg/mL``, ``mg/dL``; phosphate as phosphorus), converted
by their molar masses (:data:`MOLAR_MASS_G_PER_MOL`). A unit of another dimension is refused.
A ``value`` of areal BMD or serum CTX (:data:`MEASURED_CHECKS`), in the observable's unit, is
checked as a patient's BMD and ``osteon assess --ctx`` are: 800 for a spine BMD in g/cm^2 (800
mg/cm^2) or 300 for a CTX in ng/mL (300 pg/mL) is refused, saying which unit it looks like;
so is a ``value`` of PTH, calcium or phosphate without a unit above what the model's unit
makes plausible (:data:`UNITLESS_CHECKS`: a PTH of 40 reads as pg/mL, not 40 pmol/L).

Every problem of the rows is reported at once, each naming its line in the file and its column
(a problem of the header is reported alone, before the rows are read); the patient, prescription
and condition cells are read by osteon's own parsers then, the observable is looked up in the
model of the row's arms (with a did-you-mean), a ``change`` or ``points_vs_control`` reading of a
drug's variable (0 before the first dose: nothing can change by a % from 0) and a patient who
would pass the model's oldest age before the row's end are refused, so that no row fails only
when it is simulated. A reading
against a control whose arm is the control itself (the same doses up to the row's end, the same
conditions; the patient is shared) is refused: it would be 0 by construction.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from osteon.conditions.catalog import PG_PER_PMOL_PTH
from osteon.errors import InputError, did_you_mean
from osteon.validation.target import ROLES, Measure, Scenario, Target, arm

READINGS: dict[str, str] = {"change": "%", "vs_control": "%", "points_vs_control": "points",
                            "value": ""}
"""The readings a table row may ask for, with their unit (``value``: the observable's)."""
#: molar masses (g/mol) of the observables whose unit is a molar concentration, so that a row
#: may give the mass concentration clinical laboratories report (PTH in pg/mL, calcium and
#: phosphate in mg/dL, calcitriol in pg/mL)
MOLAR_MASS_G_PER_MOL: dict[str, tuple[float, str]] = {
    "pth": (1000.0 * PG_PER_PMOL_PTH, "PTH(1-84), osteon.conditions.catalog.PG_PER_PMOL_PTH"),
    "calcium": (40.078, "standard atomic weight of calcium (IUPAC)"),
    "phosphate": (30.974, "phosphorus, the standard atomic weight (IUPAC): laboratories report "
                  "serum phosphate as phosphorus, mg/dL"),
    "calcitriol": (416.64, "1,25-dihydroxyvitamin D3, C27H44O3"),
}
#: cells of regimen and control_regimen that mean untreated (as osteon simulate --compare)
UNTREATED = ("none", "placebo", "no treatment", "untreated")

UNIT_SPELLINGS: dict[str, tuple[str, ...]] = {
    "%": ("%",), "points": ("points", "percentage points", "%-points", "pp")}
"""What the ``unit`` cell may say for each unit of a reading (besides empty), lower-cased."""

REQUIRED = ("id", "observable", "reading", "time", "value", "tolerance", "source")
OPTIONAL = ("patient", "regimen", "conditions", "control_regimen", "control_conditions",
            "duration", "role", "description", "unit")
#: headers a table of published results gives its spread under (lower-cased, as read): the
#: spread of a target is its tolerance, which the unknown-column message then says
SPREAD_COLUMNS = ("se", "sem", "s.e.", "s.e.m.", "stderr", "std_err", "std error",
                  "standard error", "standard_error", "sd", "s.d.", "std", "stdev",
                  "standard deviation", "ci", "95% ci", "ci95", "ci_95", "error", "sigma",
                  "uncertainty", "noise")
DEFAULT_PATIENT = "female, age 65"
TIME_COLUMNS = ("time", "duration")
"""The columns that hold a time; their header may name the unit of their bare numbers."""
HEADER_TIME_UNITS: dict[str, str] = {"day": "days", "days": "days", "week": "weeks",
                                     "weeks": "weeks", "month": "months", "months": "months",
                                     "year": "years", "years": "years"}
"""The units a time column's header may name (``time (months)``, ``time_months``)."""
_TIME_HEADER = re.compile(
    r"^(time|duration)\s*(?:\(\s*(\w*)\s*\)|\[\s*(\w*)\s*\]|_([a-z]+))$")


def read_targets(path: str | Path, *, area: str = "user") -> list[Target]:
    """The targets of the table at ``path`` (see the module docstring for its columns)."""
    from osteon.units import to_days

    p = Path(path)
    if not p.is_file():
        raise InputError(f"targets file must be an existing CSV or TSV file; got {str(path)!r}")
    delimiter = "\t" if p.suffix.lower() == ".tsv" else ","
    records: list[tuple[int, list[str]]] = []
    try:
        with p.open(newline="", encoding="utf-8-sig") as fh:  # -sig: spreadsheets write a BOM
            reader = csv.reader(fh, delimiter=delimiter)
            header = next(reader, [])
            last = reader.line_num
            for cells in reader:  # each with the line it starts on (a quoted cell may span)
                records.append((last + 1, cells))
                last = reader.line_num
    except (UnicodeDecodeError, csv.Error) as exc:  # a workbook, Parquet, UTF-16 text
        raise InputError(
            f"targets file {p.name} is not a table of UTF-8 text ({exc}): save it as CSV UTF-8 "
            f"(commas, .csv) or as tab-separated UTF-8 text (.tsv); a spreadsheet's workbook "
            f"(.xlsx, .ods), a Parquet file and UTF-16 text (a spreadsheet's 'Unicode text') "
            f"are not read") from None
    columns, header_units = _columns(p, header, delimiter)
    rows: list[tuple[int, dict[str, str], list[tuple[int, str]]]] = []
    for n, cells in records:
        cells = [c.strip() for c in cells]
        if not any(cells):
            continue  # an empty line, or a spreadsheet's empty row (",,,,")
        row = {name: cells[i] for i, name in enumerate(columns) if name and i < len(cells)}
        stray = [(i, c) for i, c in enumerate(cells) if c and (i >= len(columns) or not columns[i])]
        rows.append((n, row, stray))
    if not rows:
        raise InputError(f"targets file {p.name} has a header and no rows")
    problems: list[str] = []
    targets: list[Target] = []
    seen: set[str] = set()
    for n, row, stray in rows:
        where = f"{p.name} line {n}"
        before = len(problems)
        for i, cell in stray:
            label = "beyond the header" if i >= len(columns) else "under an empty header"
            problems.append(f"{where}, column {i + 1} ({label}): empty, or a header naming the "
                            f"column; got {cell!r}")

        def bad(column: str, what: str, got: str, _where: str = where) -> None:
            problems.append(f"{_where}, column {column}: {what}; got {got!r}")

        for col in ("regimen", "control_regimen"):  # 'none', 'placebo': untreated, as empty
            if row.get(col, "").strip().lower() in UNTREATED:
                row[col] = ""

        tid = row.get("id", "")
        if not tid or any(ch.isspace() for ch in tid):
            bad("id", "a text without spaces", tid)
        elif tid in seen:
            bad("id", "unique in the file", tid)
        seen.add(tid)
        reading = row.get("reading", "")
        if reading not in READINGS:
            bad("reading", f"one of {', '.join(READINGS)}", reading)
        numbers = {}
        for col in ("value", "tolerance"):
            try:
                numbers[col] = float(row.get(col, ""))
                if not math.isfinite(numbers[col]):
                    raise ValueError
            except ValueError:
                bad(col, "a finite number", row.get(col, ""))
        if "tolerance" in numbers and numbers["tolerance"] <= 0:
            bad("tolerance", "a number > 0 (the acceptance window and the fit's noise scale)",
                row["tolerance"])
        times: dict[str, float] = {}
        shown: dict[str, str] = {}
        for col in TIME_COLUMNS:
            text = row.get(col, "")
            if col == "duration" and not text:
                continue
            declared = header_units.get(col)
            if _is_bare_number(text) and declared is None:
                bad(col, f"a time with its unit, such as '{text} days' or '{text} months' (a "
                    f"bare number could mean either; a table whose times share one unit may "
                    f"name it in the header instead: '{col} (months)')", text)
                continue
            shown[col] = f"{text} {declared}" if _is_bare_number(text) else text
            try:
                times[col] = to_days(shown[col], field=col, allow_zero=False)
            except InputError:
                bad(col, "a time after the start with its unit, such as '12 months', '2 years' "
                    "or '90 days'" + (f" (or a bare number of {declared}, the header's unit)"
                                      if declared else ""), text)
        if "time" in times and times.get("duration", times["time"]) < times["time"]:
            bad("duration", "at least the reading's time", row["duration"])
        if not row.get("source"):
            bad("source", "where the number is from (DOI or PMID, table or figure)", "")
        role = row.get("role") or "training"
        if role not in ROLES:
            bad("role", f"one of {', '.join(ROLES)}", role)
        vs_control = reading in ("vs_control", "points_vs_control")
        for col in ("control_regimen", "control_conditions"):  # each named as it is filled
            if not vs_control and row.get(col):
                bad(col, "empty unless the reading is against a control (vs_control, "
                    "points_vs_control)", row[col])
        for column, message in [*_prescription_problems(row, vs_control),
                                *_observable_problems(row, vs_control),
                                *_baseline_problems(row, reading),
                                *_subject_problems(row, vs_control, times)]:
            problems.append(f"{where}, column {column}: {message}")
        unit, numbers, converted = _in_reading_unit(row, reading, vs_control, numbers, bad)
        if len(problems) == before:  # in the observable's unit: a measured value's domain
            for column, message in _plausibility_problems(row, reading, numbers, converted):
                problems.append(f"{where}, column {column}: {message}")
        if len(problems) > before:
            continue
        patient = row.get("patient") or DEFAULT_PATIENT
        conditions = [c.strip() for c in row.get("conditions", "").split(";") if c.strip()]
        ctrl_conditions = [c.strip() for c in row.get("control_conditions", "").split(";")
                           if c.strip()]
        duration = times.get("duration", times["time"])
        if vs_control and (same := _same_arms(row, duration)):
            problems.append(f"{where}: {same}")
            continue
        control = (arm(row.get("control_regimen") or None, conditions=ctrl_conditions,
                       patient=patient) if vs_control else None)
        scenario = Scenario(arm(row.get("regimen") or None, conditions=conditions,
                                patient=patient), duration, control)
        try:
            targets.append(Target(
                tid, tid.split(".")[0], area, row.get("description") or tid, numbers["value"],
                unit, row["source"], role=role, tolerance=numbers["tolerance"],
                tolerance_why=f"as given in {p.name}{converted}", scenario=scenario,
                measure=Measure(reading, row["observable"], times["time"]),
                time=shown["time"], site=row["observable"]))
        except InputError as exc:
            problems.append(f"{where}: {exc}")
    if problems:
        raise InputError(f"targets file {p.name}: " + "; ".join(problems))
    return targets


def _same_arms(row: dict[str, str], duration: float) -> str:
    """A message when the arm of a reading against its control is the control itself (the same
    doses up to ``duration`` days, the same conditions; the patient is shared), so the reading
    is zero by construction; else empty. The cells are known to parse."""
    from collections import Counter

    from osteon import conditions, drugs
    from osteon.dosing import parse

    def doses(column: str) -> list:
        text = row.get(column, "")
        return [_in_mg(d) for d in parse(text, known_drugs=drugs.names()).expand(
            until=duration)] if text else []

    def courses(column: str) -> Counter:
        return Counter(conditions.parse(c.strip()) for c in row.get(column, "").split(";")
                       if c.strip())

    if doses("regimen") != doses("control_regimen") or \
            courses("conditions") != courses("control_conditions"):
        return ""

    def label(regimen: str, conds: str) -> str:
        r = f"{regimen} {row[regimen]!r}" if row.get(regimen) else f"{regimen} empty: untreated"
        c = f"{conds} {row[conds]!r}" if row.get(conds) else f"{conds} empty: none"
        return f"{r}, {c}"

    return (f"the arm ({label('regimen', 'conditions')}) is the same as its control "
            f"({label('control_regimen', 'control_conditions')}): the same doses up to the "
            f"row's end ({duration:g} days), the same conditions and the same patient, so the "
            f"{row['reading']} reading is 0 by construction; the control arm is set by "
            f"control_regimen and control_conditions (empty: untreated, without conditions)")


#: mass units in mg: the same dose written in g, mg or ug is the same dose
_MG = {"g": 1e3, "mg": 1.0, "ug": 1e-3}


def _in_mg(dose):
    """``dose`` with a mass amount (and rate) in mg, rounded to 12 digits so that 60000 ug and
    60 mg compare equal; other units (IU, mmol) as given."""
    from dataclasses import replace

    unit, _, per = dose.unit.partition("/")
    if unit not in _MG:
        return dose

    def mg(x):
        return x if x is None else float(f"{x * _MG[unit]:.12g}")

    return replace(dose, amt=mg(dose.amt), rate=mg(dose.rate),
                   unit="mg" + (f"/{per}" if per else ""))


def _prescription_problems(row: dict[str, str], vs_control: bool) -> list[tuple[str, str]]:
    """(column, message) for each prescription cell of ``row`` that the prescription parser
    refuses (an unknown drug, a bad dose or interval); the control's only where it is read."""
    from osteon import drugs
    from osteon.dosing import parse

    columns = ("regimen", "control_regimen") if vs_control else ("regimen",)
    out = []
    for column in columns:
        if text := row.get(column, ""):
            try:
                parse(text, known_drugs=drugs.names())
            except InputError as exc:
                out.append((column, str(exc)))
    return out


def _is_bare_number(text: str) -> bool:
    """Whether ``text`` is a number without a unit (``6``, ``6.5``, ``1e2``)."""
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


def _columns(p: Path, header: list[str], delimiter: str) -> tuple[list[str], dict[str, str]]:
    """The column names of ``header`` (stripped, lower-cased; empty for an empty header cell)
    and the unit a time column's header names (``time (months)``: {"time": "months"}), or an
    :class:`InputError` naming what is missing, unknown, repeated or misread."""
    names = [h.strip().lower() for h in header]
    units: dict[str, str] = {}
    bad_units = []
    for i, name in enumerate(names):
        if m := _TIME_HEADER.match(name):
            unit = next(g for g in m.groups()[1:] if g is not None)
            if unit in HEADER_TIME_UNITS:
                names[i] = m.group(1)
                units[m.group(1)] = HEADER_TIME_UNITS[unit]
            else:
                bad_units.append(f"{header[i].strip()!r} names the unit {unit!r}")
    if bad_units:
        raise InputError(f"targets file {p.name}: the header of a time column may name the unit "
                         f"of its bare numbers, one of days, weeks, months or years (e.g. "
                         f"'time (months)' or 'time_months'); {'; '.join(bad_units)}")
    if len([h for h in names if h]) == 1:
        said = {";": "';'", "\t": "tabs", ",": "commas"}
        wrong = [d for d in said if d != delimiter and d in header[0]]
        if wrong:
            advice = {"\t": "name it .tsv, or save it with commas",
                      ",": "name it .csv, or save it with tabs",
                      ";": f"save it again with {said[delimiter]} (a spreadsheet set to a "
                           f"decimal comma writes ';' in its CSV)"}[wrong[0]]
            raise InputError(
                f"targets file {p.name}: the header is a single column, {header[0]!r}, with "
                f"{said[wrong[0]]} in it: the columns are not separated by "
                f"{said[delimiter]}, as a {'.tsv' if delimiter == chr(9) else '.csv'} file's "
                f"must be (a .csv file is read with commas, a .tsv file with tabs); {advice}")
    known = REQUIRED + OPTIONAL
    missing = [c for c in REQUIRED if c not in names]
    spread = (" (the value's SE or 95 % CI half-width goes in tolerance: the check's acceptance "
              "window and the fit's noise scale; an SD of the subjects is not it: its SE is SD/√n)")
    unknown = [f"{h.strip()!r}{spread if n in SPREAD_COLUMNS else did_you_mean(n, known)}"
               for h, n in zip(header, names, strict=True) if n and n not in known]
    twice = sorted({n for n in names if n and names.count(n) > 1})
    if missing or unknown or twice:
        parts = []
        if missing:
            parts.append(f"missing column(s) {', '.join(missing)}")
        if unknown:
            parts.append(f"unknown column(s) {', '.join(unknown)}")
        if twice:
            parts.append(f"column(s) named more than once {', '.join(twice)}")
        raise InputError(f"targets file {p.name}: {'; '.join(parts)}; the columns are "
                         f"{', '.join(REQUIRED)} (required) and {', '.join(OPTIONAL)}, in any "
                         f"case (time and duration may name their unit: 'time (months)')")
    return names, units


def _in_reading_unit(row: dict[str, str], reading: str, vs_control: bool,
                     numbers: dict[str, float],
                     bad: Callable[[str, str, str], None]) -> tuple[str, dict[str, float], str]:
    """The unit of the row's reading, its value and tolerance in that unit, and a note on what
    was converted (empty if nothing was); each problem of the unit cell goes to ``bad``.

    ``change``, ``vs_control`` and ``points_vs_control`` have their own unit (% or points: the
    cell may only say that); ``value`` is in the observable's unit, and a value given in another
    unit of the same dimension is converted to it (value and tolerance)."""
    from osteon.units import unit_registry

    given = row.get("unit", "")
    if reading not in READINGS:
        return "", numbers, ""  # reported on its own
    if READINGS[reading]:
        unit = READINGS[reading]
        if given and given.lower() not in UNIT_SPELLINGS[unit]:
            hint = (" (a % of the control's value is the vs_control reading)"
                    if reading == "points_vs_control" and given == "%" else "")
            spelled = ", ".join(repr(u) for u in UNIT_SPELLINGS[unit])
            bad("unit", f"empty or {spelled}: a {reading} reading is in {unit}{hint}", given)
        return unit, numbers, ""
    have = _observable_variables(row, vs_control) or {}
    own = have.get(row.get("observable", ""))
    ureg = unit_registry()
    if not given or given == own:
        return own or "", numbers, ""
    try:
        quantity = _quantity(ureg, 1.0, given)
    except Exception:
        bad("unit", "a unit pint reads, such as mg/cm^2 or ng/mL (empty: the observable's "
            "own unit)", given)
        return "", numbers, ""
    if own is None:  # the observable is reported on its own
        return "", numbers, ""
    molar = MOLAR_MASS_G_PER_MOL.get(row.get("observable", ""))
    mass = ureg.Quantity(molar[0], "g/mol") if molar else None
    if not quantity.is_compatible_with(own) and not (
            mass is not None and (quantity / mass).is_compatible_with(own)):
        also = (f" or a mass concentration (its molar mass, {molar[0]:g} g/mol, converts it)"
                if molar else "")
        bad("unit", f"empty or a unit of {row['observable']}'s dimension (its unit is {own}, "
            f"{ureg.parse_units(own).dimensionality}){also}", given)
        return own, numbers, ""

    def in_own(v: float):
        q = _quantity(ureg, v, given)
        return (q if q.is_compatible_with(own) else q / mass).to(own).magnitude

    converted = {k: _round_significant(float(in_own(v)), _significant_digits(row[k]))
                 for k, v in numbers.items()}
    shown = " \u00b1 ".join(f"{numbers[k]:g}" for k in ("value", "tolerance") if k in numbers)
    return own, converted, (f"; given as {shown} {given}, converted to {own} (to the given "
                            f"significant digits)")


def _significant_digits(text: str) -> int:
    """The significant digits of the number ``text`` as written: every digit of its mantissa
    from the first that is not 0 (``750``: 3, ``0.020``: 2, ``1.50e2``: 3; ``0``: 1), at most
    17 (a float holds no more)."""
    mantissa = re.split(r"[eE]", text.strip().lstrip("+-"))[0]
    digits = mantissa.replace(".", "").lstrip("0")
    return min(max(len(digits), 1), 17)


def _round_significant(x: float, digits: int) -> float:
    """``x`` rounded to ``digits`` significant digits (the float nearest that decimal)."""
    return float(f"{x:.{digits}g}")


def _quantity(ureg, magnitude: float, unit: str):
    """``magnitude`` in ``unit`` read by pint; a digit right after a unit's letters is its power
    (``mg/cm2`` is mg/cm^2, as spreadsheets write it) when pint does not read the text as is."""
    try:
        return ureg.Quantity(magnitude, unit)
    except Exception:
        powered = re.sub(r"(?<=[A-Za-z\u00b5\u03bc])(\d+)", r"^\1", unit)
        if powered == unit:
            raise
        return ureg.Quantity(magnitude, powered)


@lru_cache(maxsize=256)
def _variables(prescription: str) -> dict[str, str] | None:
    """Name -> unit of each variable (state or observable) of the integrated model composed with
    the drugs of ``prescription`` (empty: none); None when the prescription does not parse."""
    from osteon import drugs
    from osteon.dosing import parse
    from osteon.library import load

    spec = load("osteon")
    if prescription:
        try:
            rx = parse(prescription, known_drugs=drugs.names())
        except InputError:
            return None
        if rx.drugs:
            spec = drugs.compose(spec, rx.drugs)
    return {n: spec.unit_of(n) for n in (*spec.state_names, *spec.observable_names)}


@lru_cache(maxsize=1)
def _drug_variables() -> dict[str, str]:
    """Variable name -> the drug that has it, for every drug osteon models: the drug's
    observables and those of its states that start at 0 (the amounts of drug; a state of its
    target, such as denosumab's total target relative to its baseline, starts at 1)."""
    from osteon import drugs

    return {v.name: d for d in drugs.names()
            for v in (*(s for s in drugs.get(d).states if s.initial == 0.0),
                      *drugs.get(d).observables)}


def _observable_variables(row: dict[str, str], vs_control: bool) -> dict[str, str] | None:
    """Name -> unit of the variables the observable of ``row`` may name: those of the model of
    its arm and, for a reading against the control, of the control's too; None where a
    prescription of the row does not parse (that cell is reported on its own)."""
    columns = ("regimen", "control_regimen") if vs_control else ("regimen",)
    have: dict[str, str] | None = None
    for column in columns:
        arm_vars = _variables(row.get(column, ""))
        if arm_vars is None:
            return None
        have = arm_vars if have is None else {k: u for k, u in have.items() if k in arm_vars}
    return have


def _observable_problems(row: dict[str, str], vs_control: bool) -> list[tuple[str, str]]:
    """(column, message) for an observable that the model of the row's arms does not have,
    with a did-you-mean (a drug's variable needs that drug in the row's prescription)."""
    name = row.get("observable", "")
    have = _observable_variables(row, vs_control)
    if have is None:  # a prescription is refused: accept any drug's variable here
        have = {**(_variables("") or {}), **dict.fromkeys(_drug_variables(), "")}
    if name in have:
        return []
    of_drug = _drug_variables()
    what = ("a variable of the integrated model (e.g. bmd_lumbar_spine, bmd_total_hip, "
            "bmd_femoral_neck, ctx, p1np) or of a drug of the row's prescription")
    if name in of_drug:
        arms = "both arms' prescriptions (regimen and control_regimen)" if vs_control else \
            "the regimen column"
        hint = f" ({name!r} is a variable of {of_drug[name]}: it needs {of_drug[name]} in {arms})"
    else:
        hint = _suggest_observable(name, have)
    return [("observable", f"{what}{hint}; got {name!r}")]


#: the observables whose measured value (a ``value`` reading) is checked as a patient's or
#: ``osteon assess``'s is: areal BMD by site, serum CTX (the model's is on the Roche Elecsys
#: scale); a magnitude of mg/cm² or pg/mL is refused with that reading
MEASURED_CHECKS = ("bmd_lumbar_spine", "bmd_total_hip", "bmd_femoral_neck", "ctx",
                   "ctx_sustained")


#: serum observables whose laboratories also report them in another unit, where a value without
#: a unit above ``upper`` (in the model's unit) reads as that other unit: (upper, model's unit,
#: other unit, its factor (other per model unit), the reference interval in the model's unit).
#: An assumption, not a published bound: each upper lies above the adult reference interval
#: (and below where the other unit's reference values start), so a typical value in the other
#: unit is caught; a true value above it (a hyperparathyroid PTH, a hyperphosphataemia) is read
#: once its unit is written in the unit column. Calcitriol (pmol/L or pg/mL) and 25OHD (ng/mL
#: or nmol/L) overlap too far for a bound.
UNITLESS_CHECKS: dict[str, tuple[float, str, str, float, str]] = {
    # intact PTH 1.6-6.9 pmol/L (15-65 pg/mL)
    "pth": (10.0, "pmol/L", "pg/mL", PG_PER_PMOL_PTH, "1.6-6.9"),
    # total calcium 2.15-2.55 mmol/L (8.6-10.2 mg/dL)
    "calcium": (4.0, "mmol/L", "mg/dL", 40.078 / 10.0, "2.15-2.55"),
    # phosphate 0.8-1.45 mmol/L (2.5-4.5 mg/dL, as phosphorus)
    "phosphate": (2.0, "mmol/L", "mg/dL", 30.974 / 10.0, "0.8-1.45"),
}


def _unitless_problems(row: dict[str, str], reading: str,
                       numbers: dict[str, float]) -> list[tuple[str, str]]:
    """(column, message) for a ``value`` of an observable in :data:`UNITLESS_CHECKS` given
    without a unit and above its bound: a PTH of 40 with no unit was read as 40 pmol/L, where
    laboratories report pg/mL (40 pg/mL is 4.2 pmol/L, the model's PTH)."""
    name = row.get("observable", "")
    if reading != "value" or name not in UNITLESS_CHECKS or row.get("unit") \
            or "value" not in numbers:
        return []
    upper, unit, other, factor, ref = UNITLESS_CHECKS[name]
    x = numbers["value"]
    if x <= upper:
        return []
    return [("value", f"row {row.get('id', '')!r}, a measured {name} without a unit is read in "
                      f"{unit}, up to {upper:g} {unit} (adult reference interval {ref} {unit}); "
                      f"got {row['value']}: {x:g} looks like {other}, the unit laboratories "
                      f"also report ({x:g} {other} is {x / factor:.3g} {unit}); write the unit "
                      f"in the unit column ({other}, or {unit} if it is meant)")]


def _plausibility_problems(row: dict[str, str], reading: str, numbers: dict[str, float],
                           converted: str) -> list[tuple[str, str]]:
    """(column, message) for a ``value`` reading of BMD or CTX (:data:`MEASURED_CHECKS`)
    outside what a measurement can be, by the checks of a patient's BMD
    (:func:`~osteon.readouts.densitometry.check_measured_bmd`) and of ``osteon assess --ctx``
    (:func:`~osteon.readouts.markers.check_serum_ctx`): 800 for a spine BMD in g/cm² is 800
    mg/cm², 300 for a CTX in ng/mL is 300 pg/mL. ``numbers`` are in the observable's unit."""
    from osteon.readouts import densitometry as dxa
    from osteon.readouts import markers as mk

    name = row.get("observable", "")
    if reading != "value" or name not in MEASURED_CHECKS or "value" not in numbers:
        return _unitless_problems(row, reading, numbers)
    try:
        if name.startswith("bmd_"):
            dxa.check_measured_bmd(numbers["value"], name.removeprefix("bmd_"), field="value")
        else:
            mk.check_serum_ctx(numbers["value"], field="value", assay="Roche Elecsys")
    except InputError as exc:
        other = "mg/cm^2" if name.startswith("bmd_") else "pg/mL"
        own = "g/cm^2" if name.startswith("bmd_") else "ng/mL"
        note = (f"; that is the cell's {row['value']} {row['unit']} in {own}: check the unit "
                f"column" if converted else f"; a value in another unit may name it in the unit column "
                                  f"(e.g. {other})")
        return [("value", f"row {row.get('id', '')!r}, a measured {name}: {exc}{note}")]
    return []


def _baseline_problems(row: dict[str, str], reading: str) -> list[tuple[str, str]]:
    """(column, message) for a reading relative to the start (``change``,
    ``points_vs_control``) of a drug's variable: every drug state is 0 before the first dose,
    so the reading would divide by 0 (it failed at run time with 'ZeroDivisionError: float
    division by zero')."""
    name = row.get("observable", "")
    drug = _drug_variables().get(name)
    if reading not in ("change", "points_vs_control") or drug is None:
        return []
    what = "% change from the start" if reading == "change" else \
        "% change from the start minus the control's"
    return [("reading", f"'value' for {name}, which is 0 at the start ({drug} is not in the "
                        f"body before its first dose): a '{reading}' reading is the {what}, "
                        f"undefined from 0 (it failed when simulated with 'float division by "
                        f"zero'); 'value' reads the level at the time, in {name}'s unit or the "
                        f"unit column's; got {reading!r}")]


def _suggest_observable(name: str, have: dict[str, str]) -> str:
    """A did-you-mean for an unknown observable: the same name in another case, a BMD site's
    abbreviation (``bmd_ls``, ``bmd_fn``), else the closest observable, else the closest state."""
    from osteon.library import load
    from osteon.readouts.densitometry import SITE_ALIASES

    key = re.sub(r"[\s\-]+", "_", name.strip().lower())
    for known in have:
        if known.lower() == key:
            return f" (did you mean '{known}'?)"
    if key.startswith("bmd_") and f"bmd_{SITE_ALIASES.get(key[4:], '')}" in have:
        return f" (did you mean 'bmd_{SITE_ALIASES[key[4:]]}'?)"
    states = set(load("osteon").state_names)
    return (did_you_mean(key, [n for n in have if n not in states])
            or did_you_mean(key, list(have)))


def _subject_problems(row: dict[str, str], vs_control: bool,
                      times: dict[str, float]) -> list[tuple[str, str]]:
    """(column, message) for the patient and condition cells of ``row`` that their parsers
    refuse, and for a patient who would pass the model's oldest age before the row's end."""
    from osteon import conditions
    from osteon.patient import AGE_RANGE, Patient

    out = []
    text = row.get("patient") or DEFAULT_PATIENT
    patient = None
    try:
        patient = Patient.parse(text)
    except InputError as exc:
        out.append(("patient", str(exc)))
    else:
        from osteon.library import load

        # the integrated model's life course starts from the young adult (age_start's lower
        # bound): a younger patient passed this check, then every run of the row was an error
        young = load("osteon").parameter("age_start").bounds[0]
        if patient.age < young:
            out.append(("patient", f"the patient's age must be from {young:g} to "
                                   f"{AGE_RANGE[1]:g} years (the integrated model's life course "
                                   f"starts from the young adult at {young:g}); got "
                                   f"{patient.age:g} ({text!r})"))
        column = "duration" if "duration" in times else "time"
        span = times.get(column)
        if span is not None and patient.age + span / 365.25 > AGE_RANGE[1] + 1e-9:
            left = AGE_RANGE[1] - patient.age
            out.append((column, f"the patient ({text}) would pass the model's oldest age, "
                                f"{AGE_RANGE[1]:g} years, before the end: at most {left:.4g} "
                                f"years ({left * 365.25:.6g} days); got {row[column]!r}"))
    columns = ("conditions", "control_conditions") if vs_control else ("conditions",)
    for column in columns:
        items = [c.strip() for c in row.get(column, "").split(";") if c.strip()]
        fine = True
        for item in items:
            try:
                course = conditions.parse(item)
                if patient is not None and not patient.is_female:
                    conditions.refuse_for_men([course], [f"the patient ({text})"])
            except InputError as exc:
                out.append((column, str(exc)))
                fine = False
        if fine:  # one condition twice over the same period
            try:
                conditions.courses(items)
            except InputError as exc:
                out.append((column, str(exc)))
    return out


def check_observables(targets: list[Target]) -> None:
    """Raise :class:`InputError` naming each target whose observable its arms' model (the
    integrated model with the drugs of its prescriptions) does not have."""
    from osteon import drugs
    from osteon.dosing import Regimen
    from osteon.library import load

    bad = []
    for t in targets:
        if t.scenario is None or t.measure is None:
            continue
        names: set[str] | None = None
        for a in (t.scenario.arm, t.scenario.control):
            if a is None:
                continue
            spec = load(a.model)
            if a.regimen:
                rx = Regimen.parse(a.regimen, known_drugs=drugs.names())
                spec = drugs.compose(spec, rx.drugs)
            have = set(spec.state_names) | set(spec.observable_names)
            names = have if names is None else names & have
        if names is not None and t.measure.observable not in names:
            bad.append(f"{t.id}: {t.measure.observable!r}")
    if bad:
        raise InputError("observable must be a variable of the integrated model (e.g. "
                         "bmd_lumbar_spine, bmd_total_hip, bmd_femoral_neck, ctx, p1np) or of "
                         "a drug of the row's prescription; got " + ", ".join(bad))
