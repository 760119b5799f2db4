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

from osteon.errors import InputError, unknown_name
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
    "NoTargetSelectedError",
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
    """Targets by id or group (``"DM3"`` selects DM3.*; one name or several), area and role;
    ``fast`` leaves out the targets tagged slow (daily injections over months). Raises
    :class:`~osteon.errors.InputError` when the filters together leave no target (each alone
    is checked to name something that exists)."""
    if isinstance(only, str):  # one name, not its characters
        only = [only]
    only = list(only)
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
    if not chosen:
        raise NoTargetSelectedError(list(only), area, role, fast)
    return chosen


class NoTargetSelectedError(InputError):
    """The filters given to :func:`select` leave no target: the message names them; the CLI
    says them again as its options (:func:`none_selected` with ``options``)."""

    def __init__(self, only: list[str], area: str | None, role: str | None, fast: bool):
        self.only, self.area, self.role, self.fast = only, area, role, fast
        super().__init__(none_selected(only, area, role, fast))


def none_selected(only: list[str], area: str | None, role: str | None, fast: bool,
                  options: bool = False) -> str:
    """Why no target is left: the filters given (as the CLI's options with ``options``), and
    what the named targets are instead."""
    dash = "--" if options else ""
    filters = [f"{dash}area {area!r}" if area is not None else "",
               f"{dash}role {role!r}" if role is not None else "",
               f"{dash}fast (no slow target)" if fast else ""]
    said = " and ".join(f for f in filters if f)
    if not only:
        return f"no validation target has {said}"
    wanted = {w.lower() for w in only}
    named = [t for t in TARGETS if t.id.lower() in wanted or t.group.lower() in wanted]
    have = []
    for what, value in (("area", area), ("role", role)):
        if value is not None:
            have.append(f"{what} {', '.join(repr(v) for v in sorted({getattr(t, what) for t in named}))}")
    if fast:
        have.append(f"{sum('slow' in t.tags for t in named)} of {len(named)} tagged slow")
    return (f"no target of {', '.join(only)} has {said}: "
            f"{'its' if len(named) == 1 else 'their'} {' and '.join(have)}")


def run(only: Iterable[str] = (), *, area: str | None = None, role: str | None = None,
        fast: bool = False, progress: Callable[[Outcome, int, int], None] | None = None,
        ) -> Report:
    """Run the selected targets (all by default) and return the :class:`Report`."""
    return _run(select(only, area=area, role=role, fast=fast), progress=progress)
