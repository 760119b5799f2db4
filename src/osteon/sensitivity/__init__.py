"""Global sensitivity analysis: a typed problem wrapping SALib (Sobol, Morris).

::

    from osteon import sensitivity as sa
    problem = sa.SensitivityProblem(
        "osteon", sa.default_factors("osteon"),          # the fitted parameters, +-20 %
        outputs=("bmd_lumbar_spine", "ctx", "p1np"), times=sa.parse_times(["1 year", "5 years"]),
        patient="female, age 50, menopause at 51", method="sobol", n=64)
    problem, left_out = sa.leave_out_inert(problem, n_jobs=-1)  # those that cannot act here
    result = sa.analyze(problem, n_jobs=-1)
    result.table("bmd_lumbar_spine", 5 * 365.25)         # ranked by the total-order index
    result.plot("sensitivity.png")
    result.summary(left_out)                             # summary.json's object

Sobol indices (Saltelli sampling; ``n`` must be a power of 2) give the share of the output's
variance each parameter explains alone (S1) and with its interactions (ST); Morris gives the
mean absolute elementary effect (mu*) for screening many parameters cheaply. Indices are
time-resolved: one set per output and time. A Sobol index outside [0, 1] by more than 0.05, or
first-order indices of one output and time summing above 1 by more, raise an
:class:`~osteon.errors.OsteonWarning` (the base sample is too small); indices are never clipped.
A factor may be sampled on a log scale (``Factor(name, low, high, "log")``); a linear one whose
bounds differ 100-fold or more is warned of. A parameter whose effect on an output is
within the output's numerical floor (the solver's tolerance at the output's magnitude) is reported
as having no effect and is not ranked (:func:`numerical_floor`).
"""

from __future__ import annotations

from osteon.sensitivity.analyze import (
    INDICES,
    NO_EFFECT,
    SensitivityError,
    SensitivityResult,
    analyze,
    check,
    factors_from,
    inert_factors,
    leave_out_inert,
    left_out_line,
    numerical_floor,
    probe_runs,
    sample,
)
from osteon.sensitivity.problem import (
    METHODS,
    Factor,
    SensitivityProblem,
    default_factors,
    parse_times,
    time_label,
)

__all__ = [
    "INDICES",
    "METHODS",
    "NO_EFFECT",
    "Factor",
    "SensitivityError",
    "SensitivityProblem",
    "SensitivityResult",
    "analyze",
    "check",
    "default_factors",
    "factors_from",
    "inert_factors",
    "leave_out_inert",
    "left_out_line",
    "numerical_floor",
    "parse_times",
    "probe_runs",
    "sample",
    "time_label",
]
