"""One exception hierarchy, rooted in :class:`OsteonError`.

Messages follow one rule: name the object and field, the allowed domain, and what was given,
e.g. ``"Parameter 'k_B' of model 'lemaire2004' must be > 0 1/day; got -1"``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class OsteonError(Exception):
    """Base class of every error osteon raises on purpose."""


class InputError(OsteonError, ValueError):
    """Input outside its allowed domain (a value, a name, a unit, a text)."""


class UnknownNameError(InputError, KeyError):
    """A name (model id, parameter, state) that does not exist.

    Subclasses :class:`KeyError` for mapping-style lookups, but prints like a ValueError.
    """

    def __str__(self) -> str:  # KeyError would quote the whole message
        return str(self.args[0]) if self.args else ""


class ModelDefinitionError(OsteonError):
    """A model in the library is malformed (bad unit, missing source, shape mismatch)."""


class SteadyStateError(OsteonError):
    """The homeostatic steady state could not be found to the required residual.

    ``rows``: where several subjects were solved together, each that failed by its row, with
    its own reason (naming no subject), so a caller can report them and go on with the others;
    empty where not known. ``residuals``: the relative residual of each failed row's last
    iterate, by row (what its status reports as ``steady_state_residual``)."""

    def __init__(self, message: str, *, rows: dict[int, str] | None = None,
                 residuals: dict[int, float] | None = None) -> None:
        super().__init__(message)
        self.rows = dict(rows or {})
        self.residuals = dict(residuals or {})


class SimulationError(OsteonError):
    """The ODE solver failed for at least one subject; the message names subject, time, reason."""

    def __init__(self, message: str, *, failures: list[dict] | None = None) -> None:
        super().__init__(message)
        self.failures = failures or []


def did_you_mean(name: str, choices: Iterable[str]) -> str:
    """Return ``" (did you mean 'x'?)"`` for the closest choice, or an empty string.

    Case counts for nothing in the comparison (names such as ``D_C`` and ``D_R``, or NONMEM's
    upper-case ``ADDL``, differ from a slip only in case): a choice equal to ``name`` but for
    case is suggested first, else the closest by letters, compared in lower case."""
    if not isinstance(name, str):
        return ""
    choices = [c for c in choices if isinstance(c, str)]
    same = [c for c in choices if c.lower() == name.lower() and c != name]
    if same:
        return f" (did you mean '{same[0]}'?)"
    lower: dict[str, str] = {}
    for c in choices:
        lower.setdefault(c.lower(), c)
    close = difflib.get_close_matches(name.lower(), list(lower), n=1, cutoff=0.6)
    return f" (did you mean '{lower[close[0]]}'?)" if close else ""


def unknown_name(kind: str, name: str, choices: Iterable[str], where: str = "",
                 hint: str | None = None) -> UnknownNameError:
    """Build an :class:`UnknownNameError` listing the allowed names; ``hint`` (its own words,
    bracketed) replaces the closest-name suggestion where that would mislead."""
    choices = sorted(choices)
    loc = f" in {where}" if where else ""
    shown = ", ".join(choices[:25]) + (", ..." if len(choices) > 25 else "")
    said = f" ({hint})" if hint else did_you_mean(name, choices)
    return UnknownNameError(f"unknown {kind} '{name}'{loc}{said}; allowed: {shown}")


class OsteonWarning(UserWarning):
    """Something the user should know that does not stop the run (e.g. a state left its domain)."""


class OsteonDeprecationWarning(OsteonWarning, FutureWarning):
    """A former name still read (a renamed state): the warning names the current one."""


class ReadoutCaveatWarning(OsteonWarning):
    """A clinical readout computed as documented but read beyond what its sources support (e.g.
    a fracture probability from several risk factors multiplied as if independent): the number
    is given, and the warning says how far to trust it."""
