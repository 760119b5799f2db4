"""Calibration: estimating fitted parameters from the training targets, reproducibly.

::

    from osteon import calibrate
    problem = calibrate.get_problem("immobilization")      # a shipped problem, or build one:
    problem = calibrate.CalibrationProblem(
        "my_trial", "my digitized trial",
        (calibrate.Estimate("mechanostat_rankl_gain", 0.3, 30.0),),
        (my_target,))               # osteon.validation.Target(..., role="training")
    result = calibrate.calibrate(problem, n_starts=4, seed=0, n_jobs=2)
    result.estimates, result.fit_rows()
    calibrate.export_petab(problem, "petab/my_trial")
    result.save("runs/my_trial.json")                       # then, targets at the estimates:
    report = calibrate.evaluate_targets(check_targets,
                                        calibrate.read_parameters("runs/my_trial.json"))

The problem is shaped like PEtab (:mod:`osteon.calibrate.problem`), the objective survives
failed solves (:mod:`osteon.calibrate.objective`), the optimizer is multistart SciPy
(:mod:`osteon.calibrate.optimize`); the problems for osteon's own fitted parameters are in
:mod:`osteon.calibrate.shipped`.
"""

from __future__ import annotations

from osteon.calibrate.objective import Evaluation, EvaluationError, Objective, evaluate_targets
from osteon.calibrate.optimize import (
    METHODS,
    CalibrationError,
    CalibrationResult,
    Start,
    calibrate,
    read_parameters,
)
from osteon.calibrate.petab import export_petab
from osteon.calibrate.problem import SCALES, CalibrationProblem, Estimate, Prior, check_values
from osteon.calibrate.shipped import (
    PROBLEMS,
    current_value,
    current_values,
    get_problem,
    held,
    largest_change,
    select,
    upstream,
)

__all__ = [
    "METHODS",
    "PROBLEMS",
    "SCALES",
    "CalibrationError",
    "CalibrationProblem",
    "CalibrationResult",
    "Estimate",
    "Evaluation",
    "EvaluationError",
    "Objective",
    "Prior",
    "Start",
    "calibrate",
    "check_values",
    "current_value",
    "current_values",
    "evaluate_targets",
    "export_petab",
    "get_problem",
    "held",
    "largest_change",
    "read_parameters",
    "select",
    "upstream",
]
