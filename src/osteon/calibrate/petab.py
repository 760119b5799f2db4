"""Export a calibration problem as PEtab (v1) tables, for pyPESTO/AMICI users to take further.

Written: ``parameters.tsv`` (estimated parameters with scale, bounds, nominal value and prior),
``conditions.tsv`` (one experiment per distinct scenario arm), ``observables.tsv`` (one
observable per target, normal noise), ``measurements.tsv`` (published value, time, noise scale =
the target's tolerance), ``problem.yaml``, and ``osteon_scenarios.json`` with each experiment as
osteon runs it (patient, prescription, conditions, duration).

What PEtab v1 cannot say is stated, not hidden: the model file is absent until osteon's SBML
export lands (``sbml_files`` is empty), and a reading that compares two times or an arm with its
placebo arm (a % change, points vs placebo), or that a named reader makes (the peak of a serum
level over a window, a fracture relative risk), is an osteon observable: its
``observableFormula`` names the model variable the reading is taken of, its ``osteonMeasure``
says in words what is read, and the measurement's ``time`` is where it is read on the
experiment's clock (days from its start: an age-axis reading's age less the subject's age at
the start, times 365.25; a window's end), with ``osteonReadAt`` in the target's own terms.
pyPESTO can use it through an osteon objective, not through AMICI alone.

Identifiers are made PEtab-safe (letters, digits, underscores); targets whose ids become the same
one (``A.b`` and ``A_b``) get distinct ids (``A_b``, ``A_b_2``: an id already valid keeps its
name), and ``osteonTargetId`` keeps each target's own id. An experiment that several readings
share runs as long as the latest of them (``osteon_scenarios.json``: ``duration_days``).
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from osteon.calibrate.problem import CalibrationProblem, arms_of
from osteon.errors import InputError
from osteon.validation.target import YEAR, Arm, Scenario, Target

PETAB_SCALES = {"lin": "lin", "log": "log", "log10": "log10"}


def _pid(text: str) -> str:
    """A PEtab identifier (ASCII letters, digits, underscores; starting with a letter)."""
    s = re.sub(r"\W", "_", text, flags=re.ASCII)
    return s if s[:1].isascii() and s[:1].isalpha() else f"x_{s}"


def unique_ids(texts) -> dict[str, str]:
    """The PEtab identifier of each distinct text: :func:`_pid` of it, made unique. A text that
    is already an identifier keeps it; another whose identifier is taken gets the first free
    ``_2``, ``_3``, ... (in the order given), so ``A.b`` and ``A_b`` become ``A_b_2`` and
    ``A_b``."""
    distinct = list(dict.fromkeys(texts))
    ids = {t: t for t in distinct if _pid(t) == t}
    taken = set(ids.values())
    for t in distinct:
        if t in ids:
            continue
        base = candidate = _pid(t)
        k = 2
        while candidate in taken:
            candidate = f"{base}_{k}"
            k += 1
        ids[t] = candidate
        taken.add(candidate)
    return ids


def start_age(a: Arm) -> float:
    """The subject's age (years) at the start of ``a``'s clock: the patient's age, else the
    arm's ``age_start``, else its model's (the integrated model's young adult, 25)."""
    if a.patient:
        from osteon.patient import Patient

        return float(Patient.parse(a.patient).age)
    given = dict(a.parameters)
    if "age_start" in given:
        return float(given["age_start"])
    from osteon.library import load

    spec = load(a.model)
    if "age_start" not in spec.parameter_names:
        raise InputError(f"an age-axis reading needs a model with an age; model {a.model!r} "
                         f"has no age_start")
    return float(spec.parameter("age_start").value)


def _fracture_bmd(outcome: str) -> str:
    return "bmd_lumbar_spine" if outcome == "vertebral" else "bmd_femoral_neck"


def _fracture_rr(a: dict[str, Any], s: Scenario) -> tuple[str, float, str, str]:
    return (_fracture_bmd(a["outcome"]), s.duration, "days",
            f"relative risk of {a['outcome']} fractures over days 0 to {s.duration:g}, arm vs "
            f"control: the ratio of the fracture hazards integrated over the trial, each from "
            f"its arm's femoral-neck and lumbar-spine BMD, serum ctx and tissue quality")


def _fracture_rate_ratio(a: dict[str, Any], s: Scenario) -> tuple[str, float, str, str]:
    return (_fracture_bmd(a["outcome"]), a["off_end"], "days",
            f"mean {a['outcome']} fracture hazard over days {a['off_start']:g} to "
            f"{a['off_end']:g} over its mean over days {a['on_start']:g} to {a['on_end']:g}, in "
            f"the arm (from its BMD, serum ctx and tissue quality)")


#: what a named reader reads: (the model variable the reading is taken of, the time it is taken
#: at, that time's axis: "days" or "age", the reading in words)
Named = tuple[str, float, str, str]
#: for each named reader of osteon.validation.measures, from its arguments and the scenario
NAMED: dict[str, Callable[[dict[str, Any], Scenario], Named]] = {
    "loss_share_before_age": lambda a, s: (
        a["state"], a["end"], "age",
        f"share (%) of the loss of {a['state']} from the start to age {a['end']:g} that "
        f"happens before age {a['age']:g}"),
    "trabecular_minus_cortical_share": lambda a, s: (
        "bone_trabecular", a["end"], "age",
        f"share (%) of the loss of bone_trabecular from the start to age {a['end']:g} that "
        f"happens before age {a['age']:g}, minus that of bone_cortical (points)"),
    "peak_vs_control": lambda a, s: (
        a["observable"], a["end"], "days",
        f"largest % difference of {a['observable']} from the control arm over days "
        f"{a['start']:g} to {a['end']:g}"),
    "peak": lambda a, s: (
        a["observable"], a["end"], "days",
        f"largest value of {a['observable']} in the arm over days {a['start']:g} to "
        f"{a['end']:g} (on the regular save grid)"),
    "area": lambda a, s: (
        a["observable"], a["end"], "days",
        f"area under {a['observable']} in the arm from day {a['start']:g} to day "
        f"{a['end']:g} (its unit x days)"),
    "nadir_vs_control": lambda a, s: (
        a["observable"], a["end"], "days",
        f"lowest % difference of {a['observable']} from the control arm over days "
        f"{a['start']:g} to {a['end']:g}"),
    "change_difference": lambda a, s: (
        a["first"], a["at"], "days",
        f"% difference of {a['first']} from the control arm at day {a['at']:g} minus that of "
        f"{a['second']} (points)"),
    "site_loss_ratio": lambda a, s: (
        a["numerator"], a["at"], "days",
        f"% loss vs the control arm of {a['numerator']} over that of {a['denominator']}, at "
        f"day {a['at']:g}"),
    "regained_fraction": lambda a, s: (
        a["observable"], a["end"], "days",
        f"share (%) of the loss of {a['observable']} vs the control arm at day {a['low']:g} "
        f"regained by day {a['end']:g}"),
    "first_half_share": lambda a, s: (
        a["observable"], a["at"], "days",
        f"share (%) of the loss of {a['observable']} vs the control arm at day {a['at']:g} "
        f"that happened by day {a['at'] / 2:g}"),
    "change_vs_control_increment": lambda a, s: (
        a["observable"], s.duration, "days",
        f"rise of {a['observable']} in the arm from day 0 to day {s.duration:g} over its "
        f"rise in the control arm, % above 1"),
    "fracture_rr": _fracture_rr,
    "fracture_rate_ratio": _fracture_rate_ratio,
    "surrogate_fracture_rr": lambda a, s: (
        "bmd_total_hip", s.duration, "days",
        f"relative risk of {a['outcome']} fractures predicted by the FNIH trial-level "
        f"meta-regression from the points vs control of bmd_total_hip from day 0 to day "
        f"{s.duration:g}"),
    "slope": lambda a, s: (
        a["observable"], a["end"], "age",
        f"mean rate of change of {a['observable']} (its unit per year) from age {a['start']:g} "
        f"to age {a['end']:g}"),
    "difference_vs_control": lambda a, s: (
        a["observable"], a["at"], "days",
        f"{a['observable']} in the arm minus the control arm at day {a['at']:g}, in its unit"),
}


def reading(t: Target) -> dict[str, object]:
    """How target ``t`` is read, for PEtab: ``formula`` (the model variable the reading is taken
    of), ``time`` (days on the clock of ``t``'s experiment), ``read_at`` (the time in the
    target's own terms) and ``measure`` (the reading in words)."""
    assert t.scenario is not None and t.measure is not None
    m, s = t.measure, t.scenario
    if m.kind == "named":
        if m.name not in NAMED:
            raise InputError(f"target {t.id!r}: named reader {m.name!r} has no PEtab "
                             f"description; known: {', '.join(sorted(NAMED))}")
        formula, at, axis, words = NAMED[m.name](dict(m.args), s)
    else:
        formula, at, axis, words = m.observable, m.at, m.axis, m.describe()
    if axis == "age":
        age0 = start_age(s.arm)
        time = (at - age0) * YEAR
        read_at = f"age {at:g} y (the subject is {age0:g} at day 0)"
    else:
        time, read_at = float(at), f"day {at:g}"
    if not -1e-9 <= time <= s.duration + 1e-9:
        raise InputError(f"target {t.id!r}: its reading, at {read_at}, lies outside its "
                         f"experiment (days 0 to {s.duration:g})")
    return {"formula": formula, "time": time, "read_at": read_at, "measure": words}


def export_petab(problem: CalibrationProblem, directory: str | Path,
                 nominal: dict[str, float] | None = None) -> Path:
    """Write ``problem`` as PEtab tables under ``directory``; returns the YAML file's path.

    ``nominal`` gives the nominal values (the parameter tables' values by default).
    """
    problem.check_names()  # unknown parameters, bounds outside their domain: before any file
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    if nominal is None:
        from osteon.calibrate.shipped import current_value

        nominal = {}
        for n in problem.names:
            with contextlib.suppress(KeyError):  # a parameter the tables do not hold
                nominal[n] = current_value(n)
    rows = []
    for e in problem.estimates:
        row = {"parameterId": e.name, "parameterName": e.name,
               "parameterScale": PETAB_SCALES[e.scale], "lowerBound": e.lower,
               "upperBound": e.upper, "nominalValue": nominal.get(e.name, ""), "estimate": 1,
               "objectivePriorType": "", "objectivePriorParameters": ""}
        if e.prior is not None:
            row["objectivePriorType"] = e.prior.kind
            row["objectivePriorParameters"] = f"{e.prior.loc};{e.prior.scale}"
        rows.append(row)
    for name, value in problem.fixed:
        rows.append({"parameterId": name, "parameterName": name, "parameterScale": "lin",
                     "lowerBound": value, "upperBound": value, "nominalValue": value,
                     "estimate": 0, "objectivePriorType": "", "objectivePriorParameters": ""})
    pd.DataFrame(rows).to_csv(out / "parameters.tsv", sep="\t", index=False)

    arms: dict[Arm, str] = {}
    scenarios = {}
    for t in problem.targets:
        assert t.scenario is not None
        # an experiment runs as long as its latest reading: nothing after it (a later dose,
        # the rest of the trial) changes a reading before it (the trial's denosumab arm ran
        # 1095.75 days for a reading at 181.6)
        latest = float(reading(t)["time"])
        if latest <= 0:  # a reading at the start alone: the scenario as given
            latest = t.scenario.duration
        for a in arms_of(t.scenario):
            if a not in arms:
                arms[a] = f"c{len(arms)}"
                scenarios[arms[a]] = {"model": a.model, "patient": a.patient,
                                      "regimen": a.regimen, "conditions": list(a.conditions),
                                      "parameters": dict(a.parameters),
                                      "duration_days": latest,
                                      "label": a.label()}
            else:  # an experiment shared by readings at different times runs to the latest
                c = scenarios[arms[a]]
                c["duration_days"] = max(c["duration_days"], latest)
    cond = pd.DataFrame([{"conditionId": cid, "conditionName": s["label"]}
                         for cid, s in scenarios.items()]
                        + [{"conditionId": "steady_state",
                            "conditionName": "pre-equilibration: the young adult's homeostatic "
                                             "steady state, then the life course to the "
                                             "subject's age"}])
    cond.to_csv(out / "conditions.tsv", sep="\t", index=False)

    oids = unique_ids(t.id for t in problem.targets)
    dataset_ids = unique_ids(t.group for t in problem.targets)
    obs, meas = [], []
    for t in problem.targets:
        assert t.scenario is not None and t.measure is not None
        oid = oids[t.id]
        r = reading(t)
        obs.append({"observableId": oid, "observableName": t.what,
                    "observableFormula": r["formula"],
                    "observableTransformation": "lin",
                    "noiseFormula": f"noiseParameter1_{oid}", "noiseDistribution": "normal",
                    "osteonMeasure": r["measure"], "osteonTargetId": t.id, "unit": t.unit,
                    "source": t.source})
        meas.append({"observableId": oid, "preequilibrationConditionId": "steady_state",
                     "simulationConditionId": arms[t.scenario.arm], "measurement": t.expected,
                     "time": r["time"], "observableParameters": "",
                     "noiseParameters": t.tolerance, "datasetId": dataset_ids[t.group],
                     "replicateId": "",
                     "osteonControlConditionId": (arms[t.scenario.control]
                                                  if t.scenario.control else ""),
                     "osteonReadAt": r["read_at"]})
    pd.DataFrame(obs).to_csv(out / "observables.tsv", sep="\t", index=False)
    pd.DataFrame(meas).to_csv(out / "measurements.tsv", sep="\t", index=False)
    (out / "osteon_scenarios.json").write_text(json.dumps(scenarios, indent=1) + "\n")
    yaml = out / "problem.yaml"
    yaml.write_text(
        "# PEtab v1 problem exported by osteon calibrate --export-petab\n"
        f"# problem: {problem.id}: {problem.description}\n"
        "# The model file is absent until osteon's SBML export lands; the experiments are in\n"
        "# osteon_scenarios.json and run with osteon.simulate.\n"
        "format_version: 1\n"
        "parameter_file: parameters.tsv\n"
        "problems:\n"
        "  - condition_files: [conditions.tsv]\n"
        "    measurement_files: [measurements.tsv]\n"
        "    observable_files: [observables.tsv]\n"
        "    sbml_files: []\n")
    return yaml

