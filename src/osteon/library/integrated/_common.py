"""Shared helpers of the integrated model: parameter factories and the hill-type signals."""

from __future__ import annotations

import math

from osteon.model.estimates import provenance
from osteon.model.parameter import Evidence, Parameter

YEAR = 365.25  # days
#: the factor on the solver's tolerances for states that relax within hours (State.tolerance):
#: their step errors decay before they reach the bone. Chosen by measurement: 2 years of daily
#: teriparatide take a third fewer steps with spine BMD within 5e-6 (relative) of the run at
#: factor 1; at 100 two fifths fewer, but within 2e-5
FAST_STATE_TOLERANCE = 10.0

PIVONKA = "Pivonka 2008, Bone 43:249, doi:10.1016/j.bone.2008.03.025, PMID 18514606"
PR2010 = "Peterson & Riggs 2010, Bone 46:49, doi:10.1016/j.bone.2009.08.053, PMID 19732857"


def param(name, value, unit, desc, source, evidence, *, bounds=(0.0, math.inf), lower_open=False,
          upper_open=False, values=()):
    """A parameter of the integrated model (a thin wrapper to keep the tables short)."""
    return Parameter(name=name, value=value, unit=unit, description=desc, source=source,
                     evidence=evidence, bounds=bounds, lower_open=lower_open,
                     upper_open=upper_open, values=tuple(values))


def assumption(name, value, unit, desc, why, **kw):
    """A labelled assumption: ``why`` says what it rests on (a qualitative finding, a choice)."""
    return param(name, value, unit, desc, f"assumption: {why}", Evidence.ASSUMPTION, **kw)


def fitted(name, value, unit, desc, target, **kw):
    """A value calibrated to a published target; ``target`` names it with its source. The
    calibration problem that estimates it is in :mod:`osteon.calibrate.shipped`."""
    return param(name, value, unit, desc, f"fitted to {target}{provenance(name)}", Evidence.FITTED,
                 **kw)


def handset(name, value, unit, desc, target, **kw):
    """A value set by hand while fitting ``target`` and held fixed by ``osteon calibrate``: the
    training targets do not identify it apart from the estimated parameters, so it is labelled
    an assumption."""
    return param(name, value, unit, desc, f"assumption: hand-set with {target}; held fixed by "
                 f"osteon calibrate (not identified apart from the estimated parameters)",
                 Evidence.ASSUMPTION, **kw)


def switch(name, desc):
    """An on/off switch (1 = on) for a mechanism, for counterfactual runs."""
    return param(name, 1.0, "dimensionless", desc,
                 "assumption: model switch (1 = mechanism on, 0 = off), not a physiological "
                 "quantity", Evidence.ASSUMPTION, bounds=(0.0, 1.0))


def act(x, k):
    """Activating Hill function x / (k + x)."""
    return x / (k + x)


def rep(x, k):
    """Repressing Hill function 1 / (1 + x / k)."""
    return 1.0 / (1.0 + x / k)
