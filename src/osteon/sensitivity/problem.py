"""A typed global sensitivity problem: which parameters vary over which ranges, what is read,
and when.

A :class:`Factor` is a parameter of the model (or of a prescribed drug, or of an imposed
condition) varied uniformly over [``lower``, ``upper``]. :func:`default_factors` gives the
model's fitted parameters varied by ±``spread`` of their values (inside their domains);
:func:`osteon.sensitivity.leave_out_inert` drops those that cannot act in a problem's scenario
(``osteon sensitivity`` does, for its defaults).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from osteon.errors import InputError
from osteon.model.parameter import Evidence, Parameter
from osteon.units import as_float, as_whole, is_real, shown, to_days

METHODS: tuple[str, ...] = ("sobol", "morris")
#: the base samples (Sobol) or trajectories (Morris) of a problem, and of osteon sensitivity,
#: unless given: 32 (Sobol: 32 (d + 2) runs), a first look; a ranking needs more (README)
DEFAULT_N = 32


#: how a factor is sampled between its bounds: uniformly in its unit, or uniformly in its
#: logarithm (SALib's ``unif`` and ``logunif``)
SCALES: tuple[str, ...] = ("linear", "log")
#: the ratio of a linear factor's bounds from which the analysis advises a log scale: two
#: decades, where uniform sampling puts 9 / (ratio - 1) of the samples (9 %) in the lower
#: decade, half the range on a log scale. An assumption of this project, not a published rule.
LOG_ADVISED_RATIO = 100.0


@dataclass(frozen=True)
class Factor:
    """One varied parameter: uniform on [``lower``, ``upper``] in its unit (``scale``
    ``"linear"``) or in its logarithm (``"log"``, bounds > 0: for ranges spanning decades)."""

    name: str
    lower: float
    upper: float
    scale: str = "linear"

    def __post_init__(self) -> None:
        lo, hi = self.lower, self.upper
        if not (is_real(lo) and is_real(hi) and math.isfinite(as_float(lo))
                and math.isfinite(as_float(hi)) and as_float(lo) < as_float(hi)):
            raise InputError(f"factor {self.name!r}: bounds must be finite numbers with lower < "
                             f"upper; got [{lo!r}, {hi!r}]")
        if self.scale not in SCALES:
            raise InputError(f"factor {self.name!r}: scale must be one of {', '.join(SCALES)}; "
                             f"got {self.scale!r}")
        if self.scale == "log" and not as_float(lo) > 0:
            raise InputError(f"factor {self.name!r}: a log scale needs bounds > 0; got "
                             f"[{lo!r}, {hi!r}]")
        object.__setattr__(self, "lower", as_float(lo))
        object.__setattr__(self, "upper", as_float(hi))


@dataclass(frozen=True)
class SensitivityProblem:
    """Vary ``factors`` in ``model`` (a patient, prescription and conditions optional) and read
    ``outputs`` at ``times`` (days from the start).

    ``method`` is ``"sobol"`` (Saltelli sampling, ``n`` a power of 2: n·(d+2) runs for d
    factors) or ``"morris"`` (``n`` trajectories: n·(d+1) runs); ``n`` is :data:`DEFAULT_N`
    unless given, as for ``osteon sensitivity``. One output (or condition) may be given as a
    string, one time as a number.
    """

    model: str
    factors: tuple[Factor, ...]
    outputs: tuple[str, ...]
    times: tuple[float, ...]
    method: str = "sobol"
    n: int = DEFAULT_N
    seed: int = 0
    patient: str | None = None
    regimen: str | None = None
    conditions: tuple[str, ...] = ()
    num_levels: int = 4

    def __post_init__(self) -> None:
        # one name as itself, not its characters ('OCa' was read as 'O', 'C', 'a')
        for name in ("outputs", "conditions"):
            if isinstance(getattr(self, name), str):
                object.__setattr__(self, name, (getattr(self, name),))
        if is_real(self.times) or isinstance(self.times, str):
            object.__setattr__(self, "times", (self.times,))
        problems = []
        # a time as text ("1 year", "6 months"), as simulate's duration and the CLI's --at
        # take it, in days; a number is days
        times, unread = [], False
        for t in self.times:
            if is_real(t):
                times.append(as_float(t))
                continue
            try:
                times.append(to_days(t, field="times", allow_zero=False))
            except InputError as exc:
                problems.append(str(exc))
                times.append(math.nan)
                unread = True
        object.__setattr__(self, "times", tuple(times))
        if self.method not in METHODS:
            problems.append(f"method must be one of {', '.join(METHODS)}; got {self.method!r}")
        if len(self.factors) < 2:
            problems.append(f"factors must name at least 2 parameters; got {len(self.factors)}")
        # a name or time given twice would be simulated twice and reported twice, and the
        # ranked table (one row per parameter at one output and time) cannot hold both
        if twice := _repeated([f.name for f in self.factors]):
            problems.append(f"factors (-p/--parameter) give {_listed(twice)} twice; vary each "
                            f"parameter once")
        if not self.outputs:
            problems.append("outputs must name at least one variable")
        elif twice := _repeated([str(o).strip() for o in self.outputs]):
            problems.append(f"outputs (--output) give {_listed(twice)} twice; name each "
                            f"output once")
        if unread:
            pass  # a time that could not be read, said above
        elif not self.times or any(not (math.isfinite(t) and t > 0) for t in self.times):
            problems.append(f"times must be days > 0; got {list(self.times)}")
        elif twice := _repeated_times(self.times):
            problems.append("times (--at) give " + " and ".join(f"{t:g} days" for t in twice)
                            + " twice (compared in days); give each time once")
        # counts: np.int64(64) (np.arange, a table's column) or 64.0 count as 64; True, 2.5 not
        n, seed, levels = as_whole(self.n), as_whole(self.seed), as_whole(self.num_levels)
        if n is None or n < 2:
            problems.append(f"n must be a whole number >= 2; got {shown(self.n)}")
        elif self.method == "sobol" and n & (n - 1):
            lo = 1 << (n.bit_length() - 1)
            problems.append(f"n must be a power of 2 for Sobol sampling (2^k); got {n} "
                            f"(nearest: {lo} or {2 * lo})")
        else:
            object.__setattr__(self, "n", n)
        if seed is None or seed < 0:
            problems.append(f"seed must be a whole number >= 0; got {shown(self.seed)}")
        else:
            object.__setattr__(self, "seed", seed)
        if levels is None or levels < 2:  # Morris's grid step is num_levels / (2 (num_levels - 1))
            problems.append(f"num_levels must be a whole number >= 2; got "
                            f"{shown(self.num_levels)}")
        else:
            object.__setattr__(self, "num_levels", levels)
        problems += self._scenario_problems()
        if problems:
            raise InputError("sensitivity problem: " + "; ".join(problems))
        _advise_log_scale(self.factors)

    def _scenario_problems(self) -> list[str]:
        """The patient, conditions and the subject's age at the latest time checked once,
        before any run (each run would raise the same error)."""
        from osteon import conditions as cond
        from osteon.individualize import PATIENT_PARAMETERS
        from osteon.library import load
        from osteon.patient import AGE_RANGE, Patient

        out = []
        try:
            spec = load(self.model)
        except InputError as exc:
            return [f"model: {exc}"]
        names = set(spec.parameter_names)
        start, who = None, ""
        if "age_start" in names:  # a life course: the subject's age at the start
            q = spec.parameter("age_start")
            ranged = [f.upper for f in self.factors if f.name == "age_start"]
            start = ranged[0] if ranged else q.value
            who = (f"the subject starts at age_start {start:g}"
                   + (" (the factor's upper bound)" if ranged else ""))
        if self.patient is not None:
            try:
                patient = Patient.parse(self.patient)
            except InputError as exc:
                out.append(f"patient: {exc}")
            else:
                start, who = patient.age, f"the patient ({self.patient}) starts at {patient.age:g}"
            if not set(PATIENT_PARAMETERS) <= names:
                out.append(f"a patient needs the integrated model 'osteon' (age, sex and "
                           f"menopause); model {self.model!r} has none")
        if start is not None and self.times and all(math.isfinite(t) for t in self.times):
            room = (AGE_RANGE[1] - start) * 365.25
            late = [t for t in self.times if t > room * (1 + 1e-12)]
            if late:
                out.append(f"times (--at) must lie within {room / 365.25:.4g} years "
                           f"({room:.6g} days) of the start: {who}, and a subject is at most "
                           f"{AGE_RANGE[1]:g} years old; got "
                           + ", ".join(time_label(t) for t in late)
                           + f" (age {start + max(late) / 365.25:.4g} at the latest)")
        if self.conditions:
            try:
                courses = cond.courses(list(self.conditions))
            except InputError as exc:
                out.append(f"conditions: {exc}")
            else:
                inputs = sorted({n for c in courses for n in c.effects()} - names)
                if inputs:
                    out.append(f"conditions act on inputs {inputs} of the integrated model "
                               f"'osteon'; model {self.model!r} has none")
        return out

    @property
    def duration(self) -> float:
        return max(self.times)

    @property
    def n_runs(self) -> int:
        d = len(self.factors)
        return self.n * (d + 2) if self.method == "sobol" else self.n * (d + 1)

    def salib(self) -> dict[str, Any]:
        """The problem as SALib's dictionary."""
        return {"num_vars": len(self.factors), "names": [f.name for f in self.factors],
                "bounds": [[f.lower, f.upper] for f in self.factors],
                "dists": ["logunif" if f.scale == "log" else "unif" for f in self.factors]}


def _advise_log_scale(factors: Sequence[Factor]) -> None:
    """Warn of linear factors whose bounds span :data:`LOG_ADVISED_RATIO` or more: uniform
    sampling leaves their lower decades almost unsampled (D_OBu from 1e-3 to 1e3: 0.0009 % of
    the samples below 0.01), where a log scale gives each decade the same share."""
    wide = [f for f in factors
            if f.scale == "linear" and f.lower > 0 and f.upper / f.lower >= LOG_ADVISED_RATIO]
    if not wide:
        return
    import warnings

    from osteon.errors import OsteonWarning

    warnings.warn(
        "sampled uniformly, " + "; ".join(
            f"{f.name} ({f.lower:g} to {f.upper:g}, {math.log10(f.upper / f.lower):.2g} "
            f"decades) has {9 / (f.upper / f.lower - 1):.2%} of its samples in its lowest "
            f"decade" for f in wide)
        + ": give a range that spans decades a log scale, "
        + ", ".join(f"{f.name}={f.lower:g}:{f.upper:g}:log" for f in wide)
        + " (Factor(..., scale='log'))", OsteonWarning, stacklevel=4)


def _repeated(names: Sequence[str]) -> list[str]:
    """The names that occur more than once, in order of their first repeat."""
    seen: set[str] = set()
    out: list[str] = []
    for n in names:
        if n in seen and n not in out:
            out.append(n)
        seen.add(n)
    return out


def _listed(names: Sequence[str]) -> str:
    return " and ".join(repr(n) for n in names)


def _repeated_times(times: Sequence[float]) -> list[float]:
    """Times (days) given more than once, equal up to rounding ("1 year" and "12 months" are
    both 365.25 days, but a sum of floats may differ in its last digits)."""
    out: list[float] = []
    for i, t in enumerate(times):
        if any(math.isclose(t, u, rel_tol=1e-9) for u in times[:i]) and not any(
                math.isclose(t, u, rel_tol=1e-9) for u in out):
            out.append(t)
    return out


def parse_times(texts: Iterable[str | float]) -> tuple[float, ...]:
    """Times as days from texts such as ``"5 years"`` or ``"6 months"`` (or numbers of days)."""
    return tuple(to_days(t, field="sensitivity time (--at)", allow_zero=False) for t in texts)


def time_label(days: float) -> str:
    """A time of the problem as a reader takes it: ``"5 years"`` for whole years, else days
    with the years beside them, ``"100 days (0.274 years)"`` (not '0.274 years' alone)."""
    from osteon.units import DAYS_PER_YEAR

    years = days / DAYS_PER_YEAR
    whole = round(years)
    if whole >= 1 and abs(years - whole) <= 1e-9 * years:
        return f"{whole} year{'s' if whole != 1 else ''}"
    return f"{days:g} days ({years:.3g} years)"


def _parameters(model: str, regimen: str | None,
                conditions: Sequence[str]) -> dict[str, Parameter]:
    """Parameters that can be varied: the model's, its drugs' and its conditions'."""
    from osteon.library import load

    spec = load(model)
    if regimen:
        from osteon import drugs
        from osteon.dosing import parse

        spec = drugs.compose(spec, parse(regimen).drugs)
    out = {p.name: p for p in spec.parameters}
    if conditions:
        from osteon import conditions as cond

        for c in cond.courses(list(conditions)):
            out.update({q.name: q for q in c.condition.parameters})
    return out


def default_factors(model: str, names: Sequence[str] | None = None, *, spread: float = 0.2,
                    regimen: str | None = None, conditions: Sequence[str] = ()
                    ) -> tuple[Factor, ...]:
    """Factors varying ``names`` (default: the model's fitted parameters; ``["all"]``: every
    non-zero parameter but the baseline references) by ±``spread`` of their values, kept inside
    each parameter's domain. A parameter whose value is 0 needs explicit bounds. The default
    set does not depend on the scenario: many fitted parameters act only with a drug or a
    condition; :func:`osteon.sensitivity.leave_out_inert` leaves those out of a problem."""
    if not (is_real(spread) and 0 < as_float(spread) < 1):
        raise InputError(f"spread must be a fraction in (0, 1); got {spread!r}")
    spread = as_float(spread)  # np.float32(0.2) would compute the bounds in single precision
    from osteon.library import load

    params = _parameters(model, regimen, conditions)
    refs = set(load(model).baseline_references)
    if names is None:
        chosen = [p.name for p in params.values()
                  if p.evidence is Evidence.FITTED and p.value != 0 and p.name not in refs]
        if len(chosen) < 2:
            raise InputError(f"model {model!r} has fewer than 2 fitted parameters; name the "
                             f"parameters to vary")
    elif list(names) == ["all"]:  # a switch (0 or 1) has no values between to sample
        chosen = [p.name for p in params.values()
                  if p.value != 0 and p.name not in refs and not p.values]
    else:
        chosen = list(names)
    out = []
    for name in chosen:
        if name not in params:
            from osteon.errors import unknown_name
            from osteon.model.parameter import retired

            retired(name)
            _not_imposed(name)
            _not_prescribed(name, model)
            raise unknown_name(f"parameter of {model!r} (or its drugs and conditions)", name,
                               sorted(params))
        p = params[name]
        _refuse_switch(p)
        if p.value == 0:
            raise InputError(f"parameter {name!r} is 0, so a relative spread is empty; give its "
                             f"bounds as {name}=LOW:HIGH")
        lo, hi = sorted((p.value * (1 - spread), p.value * (1 + spread)))
        out.append(Factor(name, *_inside(p, lo, hi)))
    return tuple(out)


def _not_imposed(name: str) -> None:
    """Raise, as simulate does, where ``name`` is a parameter of a condition the problem does
    not impose (it cannot act; the condition is missing, not the name)."""
    from osteon.conditions import _owner
    from osteon.errors import UnknownNameError

    if (owner := _owner(name)) is not None:
        raise UnknownNameError(f"unknown parameter '{name}' in this sensitivity problem: it is a "
                               f"parameter of condition '{owner}', which the problem does not "
                               f"impose; give the condition too (--condition, "
                               f"conditions=...), or leave the parameter out")


def _not_prescribed(name: str, model: str) -> None:
    """Raise, as simulate does, where ``name`` is a parameter of a drug the problem does not
    prescribe (``denosumab_kel`` without denosumab): the drug is missing, not the name (the
    model's own list of some 400 names does not hold it)."""
    from osteon.drugs import parameter_owner
    from osteon.errors import UnknownNameError

    if (owner := parameter_owner(name)) is None:
        return
    if model.split("+")[0] != "osteon":
        why = (f"drugs act on the integrated model 'osteon' only, not on {model!r}; leave the "
               f"parameter out")
    else:
        why = (f"which the problem does not prescribe; prescribe it (--treat "
               f"'{owner.replace('_', ' ')} ...', regimen=...), or leave the parameter out")
    raise UnknownNameError(f"unknown parameter '{name}' in this sensitivity problem: it is a "
                           f"parameter of drug '{owner}', {why}")


def _refuse_switch(p: Parameter) -> None:
    """A switch (its only values ``p.values``, e.g. 0 or 1) is no factor: sampling its range
    would run it at values between, which are not defined."""
    if p.values:
        raise InputError(f"parameter {p.name!r} is a switch ({p.domain}), not a factor to vary: "
                         f"compare runs at each setting (osteon simulate --param {p.name}=1)")


def _inside(p: Parameter, lo: float, hi: float) -> tuple[float, float]:
    """[lo, hi] shrunk to the parameter's domain (a range, not a value: the change is the
    factor's range, reported by the factor itself)."""
    blo, bhi = p.bounds
    if p.lower_open and lo <= blo:
        lo = blo + 1e-9 * max(1.0, abs(p.value))
    if p.upper_open and hi >= bhi:
        hi = bhi - 1e-9 * max(1.0, abs(p.value))
    return max(lo, blo), min(hi, bhi)


def check_factors(problem: SensitivityProblem) -> None:
    """Raise unless each factor is a parameter of the problem's model, drugs or conditions and
    its range lies in the parameter's domain."""
    params = _parameters(problem.model, problem.regimen, problem.conditions)
    for f in problem.factors:
        if f.name not in params:
            from osteon.errors import unknown_name
            from osteon.model.parameter import retired

            retired(f.name)
            _not_imposed(f.name)
            _not_prescribed(f.name, problem.model)
            raise unknown_name(f"parameter of {problem.model!r} (or its drugs and conditions)",
                               f.name, sorted(params))
        p = params[f.name]
        _refuse_switch(p)
        for end in (f.lower, f.upper):
            p.check(end, where=f"a bound of the sensitivity factor {f.name!r}",
                    model=problem.model)

