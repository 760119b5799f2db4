"""Validation: every published target osteon is checked against, as data, and the report.

::

    from osteon import validation
    report = validation.run()                 # all targets (slow ones included)
    report = validation.run(area="denosumab") # or some of them
    print(report.markdown())
    report.write_html("runs/validation")

A target (:class:`Target`) names its published value with its source, the scenario that
reproduces it (:class:`Scenario`: arm and control, each a prescription, conditions, a patient
or parameters), the reading (:class:`Measure`), a tolerance and why, and its role: "training"
when a shipped parameter was fitted to it, "check" otherwise. The catalog is
:mod:`osteon.validation.catalog`; the reference-model verifications and readout checks are in
:mod:`osteon.validation.checks`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from osteon.errors import unknown_name
from osteon.validation import report
from osteon.validation.catalog import NOT_COVERED, TARGETS
from osteon.validation.report import Outcome, Report, evaluate
from osteon.validation.report import run as _run
from osteon.validation.target import Arm, Measure, Scenario, Target, arm

__all__ = [
    "NOT_COVERED",
    "TARGETS",
    "Arm",
    "Measure",
    "Outcome",
    "Report",
    "Scenario",
    "Target",
    "areas",
    "arm",
    "evaluate",
    "get",
    "ids",
    "report",
    "run",
    "select",
]


def ids() -> list[str]:
    return [t.id for t in TARGETS]


def areas() -> list[str]:
    return list(dict.fromkeys(t.area for t in TARGETS))


def get(target_id: str) -> Target:
    for t in TARGETS:
        if t.id.lower() == target_id.lower():
            return t
    raise unknown_name("validation target", target_id, ids())


def select(only: Iterable[str] = (), *, area: str | None = None, role: str | None = None,
           fast: bool = False) -> list[Target]:
    """Targets by id or group (``"DM3"`` selects DM3.*), area and role; ``fast`` leaves out the
    targets tagged slow (daily injections over months)."""
    chosen = list(TARGETS)
    wanted = [w.lower() for w in only]
    if wanted:
        known = {t.id.lower() for t in TARGETS} | {t.group.lower() for t in TARGETS}
        for w in only:
            if w.lower() not in known:
                raise unknown_name("validation target or group", w, sorted(
                    {t.group for t in TARGETS}))
        chosen = [t for t in chosen if t.id.lower() in wanted or t.group.lower() in wanted]
    if area is not None:
        if area not in areas():
            raise unknown_name("validation area", area, areas())
        chosen = [t for t in chosen if t.area == area]
    if role is not None:
        if role not in ("training", "check"):
            raise unknown_name("validation role", role, ["training", "check"])
        chosen = [t for t in chosen if t.role == role]
    if fast:
        chosen = [t for t in chosen if "slow" not in t.tags]
    return chosen


def run(only: Iterable[str] = (), *, area: str | None = None, role: str | None = None,
        fast: bool = False, progress: Callable[[Outcome, int, int], None] | None = None,
        ) -> Report:
    """Run the selected targets (all by default) and return the :class:`Report`."""
    return _run(select(only, area=area, role=role, fast=fast), progress=progress)
