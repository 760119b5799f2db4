"""Trial-level fracture relative risk from the difference in total-hip BMD change between arms.

The FNIH Bone Quality project's meta-regression of 38 placebo-controlled trials of 19 agents
(Bouxsein ML et al., J Bone Miner Res 2019;34:632-642, doi:10.1002/jbmr.3641, PMID 30674078)
fitted a linear model of the log relative risk of fracture on the mean percent difference in BMD
change between the treated and the placebo arm (treated change minus placebo change, in points).
Its abstract gives, for total-hip BMD (r² 0.56 for vertebral, 0.48 for hip fracture)::

    a 2 % or 6 % improvement -> 28 % or 66 % fewer vertebral fractures (RR 0.72, 0.34)
                             -> 16 % or 40 % fewer hip fractures        (RR 0.84, 0.60)

The line through each pair of points is what this module evaluates::

    ln RR = a + b x (TH change, treated minus placebo, points)

    vertebral: b = ln(0.34/0.72)/4 = -0.1876 per point,  a = ln 0.72 - 2 b = +0.0467
    hip:       b = ln(0.60/0.84)/4 = -0.0841 per point,  a = ln 0.84 - 2 b = -0.0061

(the coefficients are derived here from the four published numbers; the abstract does not print
them). Nonvertebral fractures were not associated with the BMD difference, so no line is given
for them.

What it is, and is not:

- a trial-level surrogate: it predicts a *trial's* relative risk from the arms' mean BMD
  difference, across agents; the authors state it cannot be applied to predict the benefit in an
  individual patient;
- it is the reason osteon reports two fracture readings for a comparison: the hazard model of
  :mod:`osteon.readouts.fracture` (each arm's own BMD, turnover and tissue quality, gradients from
  cohort studies) and this one. Trials reduce fractures more than the cohort gradient of BMD
  predicts (Cummings SR et al., Am J Med 2002;112:281-289, abstract: across 12 antiresorptive
  trials, "the reductions in risk were greater than predicted from improvement in bone mineral
  density"), and this regression carries that excess;
- the regression was fitted to trials that osteon also uses as targets (FREEDOM, FIT, FRAME and
  others): read against those trials it checks the simulated BMD difference on a fracture scale,
  not an independent fracture prediction.

Any finite difference is accepted and evaluated on the same line; the range of differences in
the fitted trials is in the paper, not in its abstract, and was not read, so far from the
worked examples (2-6 points) the line is an extrapolation. A negative difference (the arm loses
more than placebo) gives a relative risk above 1.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from osteon.errors import InputError

BOUXSEIN2019 = ("Bouxsein ML, Eastell R, Lui LY, et al. (FNIH Bone Quality Project). Change in "
                "bone density and reduction in fracture risk: a meta-regression of published "
                "trials. J Bone Miner Res 2019;34:632-642, doi:10.1002/jbmr.3641, PMID 30674078, "
                "abstract")


@dataclass(frozen=True)
class PublishedPoint:
    """One of the abstract's worked examples: a total-hip BMD difference and the fracture
    reduction it predicts."""

    outcome: str
    th_difference: float  # points (% change, treated minus placebo)
    reduction: float      # % fewer fractures
    source: str = BOUXSEIN2019

    @property
    def rr(self) -> float:
        return 1.0 - self.reduction / 100.0


#: the abstract's four numbers (total-hip BMD)
PUBLISHED_POINTS: tuple[PublishedPoint, ...] = (
    PublishedPoint("vertebral", 2.0, 28.0),
    PublishedPoint("vertebral", 6.0, 66.0),
    PublishedPoint("hip", 2.0, 16.0),
    PublishedPoint("hip", 6.0, 40.0),
)

OUTCOMES: tuple[str, ...] = ("vertebral", "hip")
"""Outcomes with a regression line (nonvertebral fractures showed no association)."""


def coefficients(outcome: str) -> tuple[float, float]:
    """(a, b) of ln RR = a + b x for ``outcome``: the line through the two published points."""
    _check_outcome(outcome)
    (p1, p2) = sorted((p for p in PUBLISHED_POINTS if p.outcome == outcome),
                      key=lambda p: p.th_difference)
    b = (math.log(p2.rr) - math.log(p1.rr)) / (p2.th_difference - p1.th_difference)
    return math.log(p1.rr) - b * p1.th_difference, b


def expected_rr(th_difference: Any, outcome: str) -> Any:
    """The relative risk of ``outcome`` (vertebral or hip) that trials with this total-hip BMD
    difference had (treated change minus placebo change, in points; e.g. 6.0 for +6 points)."""
    a, b = coefficients(outcome)
    try:
        d = np.asarray(th_difference, dtype=float)
    except (TypeError, ValueError):
        raise InputError(f"th_difference must be a number of points (treated minus placebo "
                         f"total-hip BMD change, %); got {th_difference!r}") from None
    if not np.isfinite(d).all():
        raise InputError(f"th_difference must be finite (points of total-hip BMD change, "
                         f"treated minus placebo); got {th_difference!r}")
    rr = np.exp(a + b * d)
    return float(rr) if rr.ndim == 0 else rr


def _check_outcome(outcome: str) -> None:
    if outcome not in OUTCOMES:
        raise InputError(f"outcome must be one of {', '.join(OUTCOMES)} (the meta-regression "
                         f"found no association for nonvertebral fractures); got {outcome!r}")


__all__ = ["BOUXSEIN2019", "OUTCOMES", "PUBLISHED_POINTS", "PublishedPoint", "coefficients",
           "expected_rr"]
