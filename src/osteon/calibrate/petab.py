"""Export a calibration problem as PEtab (v1) tables, for pyPESTO/AMICI users to take further.

Written: ``parameters.tsv`` (estimated parameters with scale, bounds, nominal value and prior),
``conditions.tsv`` (one experiment per distinct scenario arm), ``observables.tsv`` (one
observable per target, normal noise), ``measurements.tsv`` (published value, time, noise scale =
the target's tolerance), ``problem.yaml``, and ``osteon_scenarios.json`` with each experiment as
osteon runs it (patient, prescription, conditions, duration).

What PEtab v1 cannot say is stated, not hidden: the model file is absent until osteon's SBML
export lands (``sbml_files`` is empty), and a reading that compares two times or an arm with its
placebo arm (a % change, points vs placebo) is an osteon observable whose formula is written in
words in ``observables.tsv`` (column ``osteonMeasure``); pyPESTO can use it through an osteon
objective, not through AMICI alone.

Identifiers are made PEtab-safe (letters, digits, underscores); targets whose ids become the same
one (``A.b`` and ``A_b``) get distinct ids (``A_b``, ``A_b_2``: an id already valid keeps its
name), and ``osteonTargetId`` keeps each target's own id. An experiment that several readings
share runs as long as the latest of them (``osteon_scenarios.json``: ``duration_days``).
"""

from __future__ import annotations

import contextlib
import json
import re
from pathlib import Path

import pandas as pd

from osteon.calibrate.problem import CalibrationProblem, arms_of
from osteon.validation.target import Arm

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
        for a in arms_of(t.scenario):
            if a not in arms:
                arms[a] = f"c{len(arms)}"
                scenarios[arms[a]] = {"model": a.model, "patient": a.patient,
                                      "regimen": a.regimen, "conditions": list(a.conditions),
                                      "parameters": dict(a.parameters),
                                      "duration_days": t.scenario.duration,
                                      "label": a.label()}
            else:  # an experiment shared by readings at different times runs to the latest
                c = scenarios[arms[a]]
                c["duration_days"] = max(c["duration_days"], t.scenario.duration)
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
        m = t.measure
        obs.append({"observableId": oid, "observableName": t.what,
                    "observableFormula": m.observable or m.name,
                    "observableTransformation": "lin",
                    "noiseFormula": f"noiseParameter1_{oid}", "noiseDistribution": "normal",
                    "osteonMeasure": m.describe(), "osteonTargetId": t.id, "unit": t.unit,
                    "source": t.source})
        when = m.at if m.axis == "days" else f"age {m.at:g} y"
        meas.append({"observableId": oid, "preequilibrationConditionId": "steady_state",
                     "simulationConditionId": arms[t.scenario.arm], "measurement": t.expected,
                     "time": m.at if m.axis == "days" else t.scenario.duration,
                     "observableParameters": "", "noiseParameters": t.tolerance,
                     "datasetId": dataset_ids[t.group], "replicateId": "",
                     "osteonControlConditionId": (arms[t.scenario.control]
                                                  if t.scenario.control else ""),
                     "osteonReadAt": when})
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

