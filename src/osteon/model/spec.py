"""ModelSpec: the named states, parameters and observables of a model and its one RHS.

The right-hand side is written once against an array namespace ``xp`` (NumPy today, JAX later)
and is vectorized over a leading subject axis::

    def rhs(t, y, p, xp):
        # y: (n_subjects, n_states); p: mapping name -> array (n_subjects,)
        R, B, C = y[:, 0], y[:, 1], y[:, 2]
        ...
        return xp.stack([dR, dB, dC], axis=-1)

Observables have the same signature and return a mapping name -> array (n_subjects,).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np

from osteon.errors import InputError, ModelDefinitionError, unknown_name
from osteon.model.parameter import Parameter, retired
from osteon.units import check_unit, holds_bool

#: t is a float in the RHS; in observables it may be an array of times (one per row of y)
RHS = Callable[[Any, Any, Mapping[str, Any], Any], Any]
ObservableFn = Callable[[Any, Any, Mapping[str, Any], Any], Mapping[str, Any]]


@dataclass(frozen=True, slots=True)
class State:
    """A state variable with its unit.

    ``scale`` is its typical magnitude (used to scale absolute tolerances and steady-state
    residuals). ``free_at_steady_state`` marks a state whose rate vanishes at steady state for
    any value (bone mass or volume): it keeps its initial value and is not root-solved.
    ``accumulates`` marks a state that only accumulates what the others lay down and that no
    other state's rate reads (the vessel wall's mineral): under some parameters it grows without
    bound, so it has no steady state; the steady state is that of the other states, this one
    keeps its initial value there and grows from it (its rate is not required to vanish; the
    search checks that no other rate depends on it).
    ``tolerance`` multiplies the solver's tolerances for this state's local error (1, the
    default: the solver's own; 10: ten times looser). It is meant for states that relax within
    hours (a plasma hormone, a subcutaneous depot, a fast intracellular signal): the error of a
    step in such a state decays within hours instead of accumulating, so holding it to the slow
    states' accuracy only shortens the steps around each dose. ``Solver(state_tolerances=
    False)`` holds every state to the solver's tolerances.
    """

    name: str
    unit: str
    description: str
    initial: float
    scale: float = 1.0
    nonnegative: bool = True
    free_at_steady_state: bool = False
    accumulates: bool = False
    tolerance: float = 1.0

    def __post_init__(self) -> None:
        if not self.name.isidentifier():
            raise ModelDefinitionError(f"State name must be an identifier; got {self.name!r}")
        if self.accumulates and self.free_at_steady_state:
            raise ModelDefinitionError(
                f"State {self.name!r}: accumulates (no steady state, held at its initial value, "
                f"rate free) and free_at_steady_state (held, rate must vanish) exclude each other")
        check_unit(self.unit)
        if not self.scale > 0:
            raise ModelDefinitionError(f"State {self.name!r}: scale must be > 0")
        if not (math.isfinite(self.tolerance) and self.tolerance >= 1.0):
            raise ModelDefinitionError(f"State {self.name!r}: tolerance must be a finite factor "
                                       f">= 1 (1: the solver's own); got {self.tolerance!r}")


@dataclass(frozen=True, slots=True)
class Observable:
    """A quantity computed from states and parameters (a cytokine level, a rate)."""

    name: str
    unit: str
    description: str
    #: a run warns where the observable falls below ``low`` (in ``unit``; None: no bound), with
    #: ``low_note`` saying what such a value means and where the bound comes from
    low: float | None = None
    low_note: str = ""
    #: a run warns where the observable rises above ``high`` (in ``unit``; None: no bound), with
    #: ``high_note`` saying what such a value means and where the bound comes from
    high: float | None = None
    high_note: str = ""

    def __post_init__(self) -> None:
        check_unit(self.unit)
        for side, bound, note in (("low", self.low, self.low_note),
                                  ("high", self.high, self.high_note)):
            if bound is not None and not note.strip():
                raise ModelDefinitionError(
                    f"Observable {self.name!r}: a {side} bound needs its {side}_note (what a "
                    f"value beyond it means, where the bound comes from)")
        if self.low is not None and self.high is not None and not self.low < self.high:
            raise ModelDefinitionError(f"Observable {self.name!r}: low must be below high")


@dataclass(frozen=True, slots=True)
class Card:
    """What a person reads before trusting a model: its paper, scope and known deviations."""

    title: str
    authors: str
    year: int
    journal: str
    doi: str
    pmid: str = ""
    summary: str = ""
    scope: str = ""
    equations: str = ""
    deviations: tuple[str, ...] = ()
    experiments: tuple[str, ...] = ()
    bibtex_key: str = ""
    #: the BibTeX entry type of :func:`osteon.models.citation`: "article" (a paper, with
    #: ``journal`` as 'Name volume(number):pages'), or "misc" for a model that is software with
    #: no paper (``journal`` then names where it is published, e.g. 'osteon model library')
    bibtex_type: str = "article"
    #: the ages (years, from its ``age_start`` parameter) the model is built and checked for;
    #: a simulation whose subjects' ages leave it is warned (``None``: no age)
    age_scope: tuple[float, float] | None = None


@dataclass(frozen=True, eq=False)
class ModelSpec:
    """An immutable model: states, parameters, observables, a vectorized RHS and its card."""

    id: str
    version: str
    time_unit: str
    states: tuple[State, ...]
    parameters: tuple[Parameter, ...]
    rhs: RHS
    observables: tuple[Observable, ...] = ()
    observe: ObservableFn | None = None
    card: Card | None = None
    steady_state_guess: Callable[[Mapping[str, Any]], Any] | None = None
    #: parameter -> state: the parameter is the subject's own steady-state value of that state,
    #: set at pre-equilibration (e.g. the reference cell levels in a bone-volume balance)
    baseline_references: Mapping[str, str] = field(default_factory=dict)
    #: pre-equilibration protocol of a model whose parameters move with time (age): given the
    #: subject parameters, returns the parameters at which the steady state is solved and the
    #: run-in (days, per subject) integrated from it before t = 0; the subject's own parameters
    #: (and the baseline references of the steady state) hold afterwards
    run_in: Callable[[Mapping[str, Any]], tuple[dict[str, Any], Any]] | None = None
    #: former name -> current name of a renamed state or observable: the former name is still
    #: read, with an :class:`~osteon.errors.OsteonDeprecationWarning` naming the current one
    #: (:meth:`state_index`, so events and initial values; ``Result[...]``, ``in``,
    #: ``summarize`` and ``plot``; a dose's ``cmt``; a sensitivity output), and a result saved
    #: under it loads (:meth:`Result.load`)
    renamed: Mapping[str, str] = field(default_factory=dict)
    #: a check across parameters, for a domain no single parameter's bounds express (Komarova
    #: 2003's exponents must not make its steady state divide by zero): given the resolved
    #: parameters (name -> array, one value per subject) and where they came from, raises an
    #: :class:`~osteon.errors.InputError` naming the parameters, the domain and the values
    check_parameters: Callable[[Mapping[str, Any], str], None] | None = None
    _index: Mapping[str, int] = field(init=False, repr=False)
    _params: Mapping[str, Parameter] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if self.time_unit != "day":
            raise ModelDefinitionError(f"model {self.id!r}: time inside osteon is in days")
        names = [s.name for s in self.states]
        pnames = [p.name for p in self.parameters]
        onames = [o.name for o in self.observables]
        for kind, lst in (("state", names), ("parameter", pnames), ("observable", onames)):
            dup = {n for n in lst if lst.count(n) > 1}
            if dup:
                raise ModelDefinitionError(f"model {self.id!r}: duplicate {kind} names {dup}")
        clash = (set(names) & set(onames)) | (set(names) & set(pnames))
        if clash:
            raise ModelDefinitionError(f"model {self.id!r}: names used twice: {sorted(clash)}")
        if self.observables and self.observe is None:
            raise ModelDefinitionError(f"model {self.id!r}: observables declared, no observe()")
        object.__setattr__(self, "_index", MappingProxyType({n: i for i, n in enumerate(names)}))
        for par, st in self.baseline_references.items():
            if par not in pnames or st not in names:
                raise ModelDefinitionError(
                    f"model {self.id!r}: baseline reference {par!r} -> {st!r} names no "
                    f"parameter/state")
        object.__setattr__(self, "_params", MappingProxyType({p.name: p for p in self.parameters}))
        for former, current in self.renamed.items():
            if current not in names and current not in onames:
                raise ModelDefinitionError(f"model {self.id!r}: renamed {former!r} -> {current!r} "
                                           f"names no state or observable")
            if former in names or former in onames or former in pnames:
                raise ModelDefinitionError(f"model {self.id!r}: former name {former!r} is still "
                                           f"in use")

    def with_baseline_references(self, p: Mapping[str, Any], y: Any,
                                 keep: frozenset[str] = frozenset()) -> dict[str, Any]:
        """``p`` with every baseline-reference parameter (not in ``keep``) set from ``y``."""
        if not self.baseline_references:
            return dict(p)
        out = dict(p)
        for par, st in self.baseline_references.items():
            if par not in keep:
                out[par] = y[:, self._index[st]]
        return out

    # ----------------------------------------------------------------- lookup
    @property
    def state_names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.states)

    @property
    def parameter_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.parameters)

    @property
    def observable_names(self) -> tuple[str, ...]:
        return tuple(o.name for o in self.observables)

    @property
    def n_states(self) -> int:
        return len(self.states)

    def current_name(self, name: str) -> str:
        """``name``, or the current name of a renamed state or observable (warned)."""
        if isinstance(name, str) and name in self.renamed:
            import warnings

            from osteon.errors import OsteonDeprecationWarning

            current = self.renamed[name]
            warnings.warn(f"'{name}' is a former name in model '{self.id}': it is now "
                          f"'{current}' (the former name will be removed)",
                          OsteonDeprecationWarning, stacklevel=3)
            return current
        return name

    def state_index(self, name: str) -> int:
        try:
            return self._index[self.current_name(name)]
        except KeyError:
            raise unknown_name("state", name, self._index, f"model '{self.id}'") from None

    def parameter(self, name: str) -> Parameter:
        try:
            return self._params[name]
        except KeyError:
            retired(name, f"model '{self.id}'")
            from osteon.drugs import not_given_hint  # the drug layer builds on this module

            raise unknown_name("parameter", name, self._params, f"model '{self.id}'",
                               hint=not_given_hint(name, self)) from None

    def unit_of(self, name: str) -> str:
        """The unit of any state, observable or parameter by name."""
        for s in self.states:
            if s.name == name:
                return s.unit
        for o in self.observables:
            if o.name == name:
                return o.unit
        return self.parameter(name).unit

    # ----------------------------------------------------------------- values
    def default_parameters(self) -> dict[str, float]:
        return {p.name: p.value for p in self.parameters}

    def resolve_parameters(self, overrides: Mapping[str, Any] | None = None,
                           n_subjects: int = 1, *, where: str = "") -> dict[str, np.ndarray]:
        """Defaults with ``overrides`` applied, each as a float array of shape (n_subjects,).

        Every override is checked: known name, finite, inside bounds. A pint Quantity (one, an
        array, or a sequence of them) is converted to the parameter's unit; one of another
        dimension is refused.
        """
        values = {name: np.full(n_subjects, p.value) for name, p in self._params.items()}
        for name, raw in (overrides or {}).items():
            par = self.parameter(name)
            given, raw = raw, par.magnitude(raw, where=where, model=self.id)
            # a bool (or an array holding one) is refused before NumPy reads True as 1.0
            numeric = _is_numeric(raw) and not holds_bool(raw)
            arr = np.asarray(raw, dtype=float if numeric else object)
            arr = np.broadcast_to(arr, (n_subjects,)) if arr.ndim == 0 else arr
            if arr.shape != (n_subjects,):
                raise InputError(
                    f"Parameter '{name}' of model '{self.id}' must be one value or "
                    f"{n_subjects} values; got shape {arr.shape}"
                )
            try:
                checked = np.array([par.check(v, where=where, model=self.id) for v in arr])
            except InputError as exc:
                if raw is given:
                    raise
                raise InputError(f"{exc} (given as {given})") from None  # a Quantity converted
            values[name] = checked
        return values

    def initial_values(self, n_subjects: int = 1) -> np.ndarray:
        return np.tile(np.array([s.initial for s in self.states], dtype=float), (n_subjects, 1))

    @property
    def state_scales(self) -> np.ndarray:
        return np.array([s.scale for s in self.states], dtype=float)

    @property
    def state_tolerances(self) -> np.ndarray:
        """Each state's tolerance factor (:class:`State`), in state order."""
        return np.array([s.tolerance for s in self.states], dtype=float)

    def with_parameters(self, **values: float) -> ModelSpec:
        """A new model whose default parameter values are replaced (validated)."""
        import dataclasses

        for name in values:
            self.parameter(name)
        new = tuple(p.replace(value=self.parameter(p.name).check(values[p.name], model=self.id))
                    if p.name in values else p for p in self.parameters)
        return dataclasses.replace(self, parameters=new)

    def __iter__(self) -> Iterator[State]:
        return iter(self.states)

    def __repr__(self) -> str:
        return (f"ModelSpec(id={self.id!r}, version={self.version!r}, states={list(self.state_names)}, "
                f"{len(self.parameters)} parameters, observables={list(self.observable_names)})")


def _is_numeric(raw: Any) -> bool:
    """Whether ``raw`` holds numbers only: text is not a number even where NumPy would read it
    as one ('0.5' ran as 0.5), so it goes to the parameter's own check and is refused there."""
    try:
        arr = np.asarray(raw)
        if arr.dtype.kind in "USV" or (arr.dtype.kind == "O" and any(
                isinstance(v, str | bytes) for v in arr.ravel())):
            return False
        np.asarray(raw, dtype=float)
    except (TypeError, ValueError):
        return False
    return True


def stack(xp: Any, columns: Sequence[Any]) -> Any:
    """Stack per-state columns (each (n,)) into a (n, k) derivative array."""
    return xp.stack(list(columns), axis=-1)
