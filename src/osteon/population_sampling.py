"""Drawing a virtual population: :func:`sample_population` returns the table that
:func:`osteon.simulate` and :func:`osteon.simulate_arms` take as ``population`` (and that
``osteon simulate --population FILE`` reads once written), one row per subject, each column
drawn from a distribution the user gives.

osteon ships no default distributions: every mean, SD, share and range is the user's, taken
from the cohort they mean to simulate (a trial's baseline table, a registry). The published
BMD-by-age curves osteon holds (:mod:`osteon.readouts.reference_curves`) cover only some sites
and sexes, and no joint distribution of age, BMD and risk factors, so none is offered as a
default. The examples here and in the README are illustrative, not a cohort's values.

A column names a :class:`~osteon.Patient` field (``sex``, ``age``, ``age_at_menopause``,
``bmi``, ``t_score_<site>``, ``bmd_<site>``, the yes/no risk factors, ``alcohol_units_per_day``)
or a parameter of the model (of a drug too: ``denosumab_kel``), as a population table's column
does. Each is checked before anything is drawn: its name (the closest name offered for a slip),
its distribution's parameters (:class:`Normal` needs an SD > 0, ...), and the values it can
give against the column's domain (an age from 18 to 100, a T-score in the plausible measured
range, a parameter within its bounds). A distribution bounded on both sides that reaches outside
the domain is refused before drawing; one unbounded (:class:`Normal`, :class:`LogNormal`) is
checked on the subjects drawn, and a table with a value outside the domain is refused, naming
the column, the domain and the range drawn: nothing is clipped (give a :class:`TruncatedNormal`
or an inclusion criterion instead).

Inclusion criteria (``where``, e.g. ``"t_score_lumbar_spine <= -2.5 and age >= 60"``) are met by
rejection: whole batches of subjects are drawn and those who meet the criteria are kept, in the
order drawn, until there are ``n``. Too low an acceptance is refused, with the rate found. The
draw is reproducible: the same ``seed``, columns and criteria give the same table, and the
first subjects of a larger draw are those of a smaller one (the batches do not depend on ``n``).
"""

from __future__ import annotations

import ast
import math
import numbers
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

import numpy as np

from osteon.errors import InputError, UnknownNameError, did_you_mean

__all__ = [
    "Bernoulli",
    "Choice",
    "Distribution",
    "Fixed",
    "LogNormal",
    "Normal",
    "TruncatedNormal",
    "Uniform",
    "parse_distribution",
    "sample_population",
    "summarize_sample",
]

#: subjects drawn at a time; fixed, so that a draw's first subjects do not depend on ``n``
BATCH = 4096
#: the lowest share of drawn subjects the inclusion criteria may accept by default
MIN_ACCEPTANCE = 0.01


# ------------------------------------------------------------------------------ distributions
def _number(value: Any, what: str, domain: str) -> float:
    """``value`` as a float where it is a real number in ``domain`` (checked by the caller);
    a bool, text or NaN is refused naming ``what``."""
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
        raise InputError(f"{what} must be a number {domain}; got {value!r}")
    x = float(value)
    if math.isnan(x):
        raise InputError(f"{what} must be a number {domain}; got {value!r}")
    return x


def _fmt(x: Any) -> str:
    return f"{x:g}" if isinstance(x, float) else str(x)


class Distribution:
    """A distribution a column of :func:`sample_population` is drawn from."""

    #: its name on the command line (``normal(mean=-2.3, sd=0.6)``)
    name = ""

    def draw(self, rng: np.random.Generator, size: int) -> np.ndarray:
        raise NotImplementedError

    def interval(self) -> tuple[float, float] | None:
        """The closed range its numeric draws lie in (infinite ends where unbounded), or
        ``None`` for one drawn from a list of values (:meth:`values`)."""
        return None

    def values(self) -> tuple[Any, ...]:
        """The values it draws from, where it draws from a list (:class:`Fixed`,
        :class:`Choice`, :class:`Bernoulli`)."""
        return ()

    def __str__(self) -> str:
        args = ", ".join(f"{f.name}={_fmt(getattr(self, f.name))}" for f in fields(self))
        return f"{self.name}({args})"


@dataclass(frozen=True)
class Fixed(Distribution):
    """Every subject the same ``value`` (``"female"``, ``70``, ``True``)."""

    value: Any
    name = "fixed"

    def __post_init__(self) -> None:
        if isinstance(self.value, float) and math.isnan(self.value):
            raise InputError("Fixed.value must be a value (a number, 'female'/'male', "
                             "True/False); got nan")

    def draw(self, rng: np.random.Generator, size: int) -> np.ndarray:
        out = np.empty(size, dtype=object)
        out[:] = [self.value] * size
        return out

    def values(self) -> tuple[Any, ...]:
        return (self.value,)

    def __str__(self) -> str:
        return f"fixed({_fmt(self.value)})"


@dataclass(frozen=True)
class Normal(Distribution):
    """Normal with ``mean`` and standard deviation ``sd`` (> 0), in the column's unit."""

    mean: float
    sd: float
    name = "normal"

    def __post_init__(self) -> None:
        if not math.isfinite(_number(self.mean, "Normal.mean", "(finite)")):
            raise InputError(f"Normal.mean must be a finite number; got {self.mean!r}")
        sd = _number(self.sd, "Normal.sd", "> 0 (a standard deviation)")
        if not (math.isfinite(sd) and sd > 0):
            raise InputError(f"Normal.sd must be a finite number > 0 (a standard deviation; "
                             f"for one value give Fixed); got {self.sd!r}")

    def draw(self, rng: np.random.Generator, size: int) -> np.ndarray:
        return float(self.mean) + float(self.sd) * rng.standard_normal(size)

    def interval(self) -> tuple[float, float]:
        return -math.inf, math.inf


@dataclass(frozen=True)
class TruncatedNormal(Distribution):
    """A :class:`Normal` (``mean``, ``sd``) restricted to ``low <= x <= high`` (one end may be
    infinite), drawn by its inverse distribution function: a bounded range drawn directly."""

    mean: float
    sd: float
    low: float
    high: float
    name = "truncnormal"

    def __post_init__(self) -> None:
        Normal(self.mean, self.sd)  # the same checks, worded as Normal's
        lo = _number(self.low, "TruncatedNormal.low", "(-inf for none)")
        hi = _number(self.high, "TruncatedNormal.high", "(inf for none)")
        if not lo < hi:
            raise InputError(f"TruncatedNormal needs low < high; got low={self.low!r}, "
                             f"high={self.high!r}")
        if math.isinf(lo) and math.isinf(hi):
            raise InputError("TruncatedNormal with low=-inf and high=inf is a Normal; give "
                             "Normal, or a finite low or high")

    def draw(self, rng: np.random.Generator, size: int) -> np.ndarray:
        from scipy.stats import truncnorm

        m, s = float(self.mean), float(self.sd)
        a, b = (float(self.low) - m) / s, (float(self.high) - m) / s
        x = truncnorm.ppf(rng.random(size), a, b, loc=m, scale=s)
        return np.clip(x, float(self.low), float(self.high))  # round-off of the ppf only

    def interval(self) -> tuple[float, float]:
        return float(self.low), float(self.high)


@dataclass(frozen=True)
class Uniform(Distribution):
    """Uniform between ``low`` and ``high`` (finite, low < high)."""

    low: float
    high: float
    name = "uniform"

    def __post_init__(self) -> None:
        lo = _number(self.low, "Uniform.low", "(finite)")
        hi = _number(self.high, "Uniform.high", "(finite)")
        if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
            raise InputError(f"Uniform needs finite low < high; got low={self.low!r}, "
                             f"high={self.high!r}")

    def draw(self, rng: np.random.Generator, size: int) -> np.ndarray:
        return rng.uniform(float(self.low), float(self.high), size)

    def interval(self) -> tuple[float, float]:
        return float(self.low), float(self.high)


@dataclass(frozen=True)
class LogNormal(Distribution):
    """Log-normal by its ``median`` (> 0, in the column's unit) and coefficient of variation
    ``cv`` (> 0, a fraction: 0.3 is 30 %): ``median * exp(omega * z)``, z standard normal,
    with ``omega = sqrt(ln(1 + cv**2))``, so that the draws' SD / mean is ``cv``. This is the
    between-subject variability (IIV) of a positive parameter as pharmacometricians write it
    (NONMEM's ``P = THETA * EXP(ETA)``, ETA ~ N(0, OMEGA**2)); :meth:`from_omega` takes the SD
    of ETA instead (a CV of 30 % is omega 0.294)."""

    median: float
    cv: float
    name = "lognormal"

    def __post_init__(self) -> None:
        med = _number(self.median, "LogNormal.median", "> 0")
        if not (math.isfinite(med) and med > 0):
            raise InputError(f"LogNormal.median must be a finite number > 0; got "
                             f"{self.median!r}")
        cv = _number(self.cv, "LogNormal.cv", "> 0 (a fraction: 0.3 is 30 %)")
        if not (math.isfinite(cv) and cv > 0):
            raise InputError(f"LogNormal.cv must be a finite number > 0 (a fraction: 0.3 is "
                             f"30 %; for one value give Fixed); got {self.cv!r}")

    @classmethod
    def from_omega(cls, median: float, omega: float) -> LogNormal:
        """The log-normal whose log has SD ``omega`` (> 0): ``cv = sqrt(exp(omega**2) - 1)``."""
        om = _number(omega, "LogNormal omega", "> 0 (the SD of the log)")
        if not (math.isfinite(om) and om > 0):
            raise InputError(f"LogNormal omega must be a finite number > 0 (the SD of the "
                             f"log); got {omega!r}")
        return cls(median, math.sqrt(math.expm1(om * om)))

    @property
    def omega(self) -> float:
        return math.sqrt(math.log1p(float(self.cv) ** 2))

    def draw(self, rng: np.random.Generator, size: int) -> np.ndarray:
        return float(self.median) * np.exp(self.omega * rng.standard_normal(size))

    def interval(self) -> tuple[float, float]:
        return 0.0, math.inf


@dataclass(frozen=True)
class Bernoulli(Distribution):
    """Yes with probability ``p`` (0 to 1), for a yes/no risk factor (``prior_fracture``) or a
    0/1 switch parameter."""

    p: float
    name = "bernoulli"

    def __post_init__(self) -> None:
        p = _number(self.p, "Bernoulli.p", "from 0 to 1")
        if not 0.0 <= p <= 1.0:
            raise InputError(f"Bernoulli.p must be a number from 0 to 1 (a probability; 0.2 "
                             f"is 20 %); got {self.p!r}")

    def draw(self, rng: np.random.Generator, size: int) -> np.ndarray:
        return rng.random(size) < float(self.p)

    def values(self) -> tuple[Any, ...]:
        return (True, False)


@dataclass(frozen=True)
class Choice(Distribution):
    """One of several values, each with its probability: ``Choice({"female": 0.6, "male":
    0.4})``; the probabilities are >= 0 and sum to 1."""

    options: Mapping[Any, float]
    name = "choice"

    def __post_init__(self) -> None:
        if not isinstance(self.options, Mapping) or not self.options:
            raise InputError(f"Choice takes a mapping value -> probability, such as "
                             f"{{'female': 0.6, 'male': 0.4}}; got {self.options!r}")
        total = 0.0
        for v, p in self.options.items():
            x = _number(p, f"Choice probability of {v!r}", "from 0 to 1")
            if not 0.0 <= x <= 1.0:
                raise InputError(f"Choice probability of {v!r} must be from 0 to 1; got {p!r}")
            total += x
        if abs(total - 1.0) > 1e-6:
            raise InputError(f"Choice probabilities must sum to 1; they sum to {total:g} "
                             f"({self})")
        object.__setattr__(self, "options", dict(self.options))

    def draw(self, rng: np.random.Generator, size: int) -> np.ndarray:
        keys = list(self.options)
        p = np.array([float(self.options[k]) for k in keys])
        idx = rng.choice(len(keys), size=size, p=p / p.sum())
        out = np.empty(size, dtype=object)
        out[:] = [keys[i] for i in idx]
        return out

    def values(self) -> tuple[Any, ...]:
        return tuple(k for k, p in self.options.items() if float(p) > 0)

    def __str__(self) -> str:
        return "choice(" + ", ".join(f"{_fmt(k)}:{_fmt(float(p))}"
                                     for k, p in self.options.items()) + ")"


_DISTRIBUTIONS: dict[str, type[Distribution]] = {
    "fixed": Fixed, "normal": Normal, "truncnormal": TruncatedNormal,
    "truncated_normal": TruncatedNormal, "uniform": Uniform, "lognormal": LogNormal,
    "bernoulli": Bernoulli, "choice": Choice}


def _scalar(text: str) -> Any:
    """A value written on the command line: a number where it reads as one, else the text
    (quotes removed)."""
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    try:
        return float(text)
    except ValueError:
        return text


def parse_distribution(text: str) -> Distribution:
    """A distribution as the command line writes it: ``normal(-2.3, 0.6)``,
    ``normal(mean=-2.3, sd=0.6)``, ``truncnormal(70, 8, 65, 85)``, ``uniform(65, 80)``,
    ``lognormal(median=0.03, cv=0.3)``, ``bernoulli(0.2)``, ``choice(female:0.6, male:0.4)``,
    ``fixed(70)``, or a bare value (``female``, ``70``, ``yes``) for :class:`Fixed`."""
    if not isinstance(text, str) or not text.strip():
        raise InputError(f"a distribution must be text such as 'normal(-2.3, 0.6)' or a value; "
                         f"got {text!r}")
    text = text.strip()
    head, paren, rest = text.partition("(")
    if not paren:
        return Fixed(_scalar(text))
    key = head.strip().lower()
    if not rest.endswith(")") or not key.isidentifier():
        raise InputError(f"cannot read distribution {text!r}: write NAME(ARGUMENTS), e.g. "
                         f"normal(-2.3, 0.6)")
    cls = _DISTRIBUTIONS.get(key)
    if cls is None:
        raise UnknownNameError(f"unknown distribution {head.strip()!r}"
                               f"{did_you_mean(key, _DISTRIBUTIONS)}; one of "
                               f"{', '.join(_DISTRIBUTIONS)}")
    args = [a for a in (s.strip() for s in rest[:-1].split(",")) if a]
    if cls is Choice:
        options: dict[Any, float] = {}
        for a in args:
            value, colon, weight = a.rpartition(":")
            if not colon:
                raise InputError(f"choice lists VALUE:PROBABILITY pairs, e.g. "
                                 f"choice(female:0.6, male:0.4); got {a!r} in {text!r}")
            v = _scalar(value)
            if v in options:
                raise InputError(f"choice gives {value.strip()!r} twice in {text!r}")
            options[v] = _scalar(weight)
        return Choice(options)
    names = [f.name for f in fields(cls)]
    pos: list[Any] = []
    kw: dict[str, Any] = {}
    for a in args:
        k, eq, v = a.partition("=")
        if eq:
            k = k.strip()
            if k not in names:
                raise InputError(f"{key} takes {', '.join(names)}; got {k!r}{did_you_mean(k, names)} "
                                 f"in {text!r}")
            kw[k] = _scalar(v)
        elif kw:
            raise InputError(f"in {text!r}, a value without a name follows a named one")
        else:
            pos.append(_scalar(a))
    given = names[:len(pos)] + list(kw)
    if len(pos) > len(names) or len(set(given)) != len(given) or set(given) != set(names):
        raise InputError(f"{key} takes {len(names)} value{'s' if len(names) > 1 else ''} "
                         f"({', '.join(names)}); got {text!r}")
    return cls(*pos, **kw)


# ------------------------------------------------------------------------------------ columns
@dataclass(frozen=True)
class _Column:
    """What a column takes: ``kind`` 'sex', 'flag' or 'number'; a number's domain."""

    name: str
    kind: str
    text: str  # the domain in words, with its unit
    lo: float = -math.inf
    hi: float = math.inf
    lo_open: bool = False
    hi_open: bool = False
    values: tuple[float, ...] = ()  # a switch parameter's settings

    def admits(self, x: float) -> bool:
        if not math.isfinite(x):
            return False
        if self.values:
            return x in self.values
        return ((x > self.lo) if self.lo_open else (x >= self.lo)) and \
            ((x < self.hi) if self.hi_open else (x <= self.hi))


def _column(spec: Any, name: Any) -> _Column:
    """What ``name`` takes as a column of a population of ``spec``; an unknown name, and a
    parameter the patient sets, refused as the population reader refuses them."""
    import pandas as pd

    from osteon.individualize import PATIENT_COLUMNS, PATIENT_PARAMETERS, refuse_patient_parameters
    from osteon.io.population import _patient_domains
    from osteon.patient import AGE_RANGE, ALCOHOL_RANGE, BMI_RANGE, FLAGS, MENOPAUSE_AGE_RANGE
    from osteon.readouts import densitometry as dxa

    if not isinstance(name, str) or not name.strip():
        raise InputError(f"a column name must be a non-empty text; got {name!r}")
    if name == "subject_id":
        raise InputError("column 'subject_id' is not drawn: sample_population numbers the "
                         "subjects itself (s001, s002, ...)")
    takes_patient = all(p in spec.parameter_names for p in PATIENT_PARAMETERS)
    if takes_patient and name in PATIENT_COLUMNS:
        if name == "sex":
            return _Column(name, "sex", "'female' or 'male'")
        if name in FLAGS:
            return _Column(name, "flag", "yes or no (True or False)")
        text = _patient_domains()[name]
        if name == "age":  # the model's life course starts at its youngest age (25: osteon)
            q = spec.parameter("age_start")
            lo, hi = max(AGE_RANGE[0], q.bounds[0]), min(AGE_RANGE[1], q.bounds[1])
            return _Column(name, "number", f"age in years, {lo:g} to {hi:g} (the life course "
                           f"of model '{spec.id}' starts at {q.bounds[0]:g})", lo, hi)
        if name in ("age_at_menopause", "menopause_age"):
            return _Column(name, "number", text, *MENOPAUSE_AGE_RANGE)
        if name == "bmi":
            return _Column(name, "number", text, *BMI_RANGE, lo_open=True)
        if name == "alcohol_units_per_day":
            return _Column(name, "number", text, *ALCOHOL_RANGE)
        site = name.split("_", 2)[-1] if name.startswith("t_score_") else name.removeprefix("bmd_")
        if name.startswith("t_score_"):
            lo, hi = dxa.plausible_t_score_range(site)
            return _Column(name, "number", f"{text}, {lo:g} to {hi:g}", lo, hi)
        lo, hi = dxa.plausible_bmd_range(site)
        return _Column(name, "number", f"{text}, {lo:.4g} to {hi:.4g}", lo, hi)
    refuse_patient_parameters(None, pd.DataFrame(columns=[name]))
    par = _parameter(spec, name)
    return _Column(name, "number", f"parameter {name} {par.domain} [{par.unit}]",
                   *par.bounds, lo_open=par.lower_open, hi_open=par.upper_open,
                   values=tuple(par.values))


def _parameter(spec: Any, name: str) -> Any:
    """The parameter ``name`` of ``spec``, or of the drug that has it, composed with ``spec``
    (a drug's PK parameter varies between the subjects of the arms that give the drug)."""
    from osteon import drugs
    from osteon.simulation import _population_column

    if name not in spec.parameter_names:
        owner = drugs.parameter_owner(name)
        if owner is not None and spec.id.split("+")[0] == "osteon":
            return drugs.compose(spec, [owner]).parameter(name)
    return _population_column(spec, name)


def _as_column_value(column: _Column, dist: Distribution, value: Any) -> Any:
    """One value a list distribution (Fixed, Choice, Bernoulli) gives, as the column holds it:
    'female'/'male', True/False or a float; refused naming the column and its domain."""
    from osteon.individualize import _flag
    from osteon.patient import _SEX_ALIASES

    if column.kind == "sex":
        key = value.strip().lower() if isinstance(value, str) else None
        if key not in _SEX_ALIASES:
            raise InputError(f"column 'sex' takes 'female' or 'male' (or f, m, woman, man)"
                             f"{did_you_mean(key, ('female', 'male')) if key else ''}; "
                             f"{dist} gives {value!r}")
        return _SEX_ALIASES[key]
    if column.kind == "flag":
        flag = _flag(value)
        if not isinstance(flag, bool):
            raise InputError(f"column {column.name!r} takes {column.text}; {dist} gives "
                             f"{value!r}: give bernoulli(p), or yes/no")
        return flag
    if isinstance(value, bool | np.bool_):
        if not isinstance(dist, Bernoulli):
            raise InputError(f"column {column.name!r} takes a number ({column.text}); {dist} "
                             f"gives {value!r}, a yes/no")
        value = float(value)
    if isinstance(value, str) or not isinstance(value, numbers.Real):
        raise InputError(f"column {column.name!r} takes a number ({column.text}); {dist} gives "
                         f"{value!r}")
    x = float(value)
    if not column.admits(x):
        raise InputError(f"column {column.name!r} takes {column.text}; {dist} gives {value!r}, "
                         f"outside it (osteon refuses it rather than clip it)")
    return x


def _check_distribution(column: _Column, dist: Distribution) -> bool:
    """Refuse ``dist`` for ``column`` where it cannot give the column's values; whether its
    draws must be checked against the domain after drawing (an unbounded distribution)."""
    if dist.interval() is None:
        for v in dist.values():
            _as_column_value(column, dist, v)
        return False
    if column.kind != "number":
        raise InputError(f"column {column.name!r} takes {column.text}; {dist} draws numbers: "
                         f"give " + ("fixed(female) or choice(female:P, male:1-P)"
                                     if column.kind == "sex" else "bernoulli(p) or yes/no"))
    if column.values:
        raise InputError(f"column {column.name!r} is a switch ({column.text}): values between "
                         f"are not defined; {dist} draws a range: give fixed, bernoulli or "
                         f"choice")
    lo, hi = dist.interval()  # type: ignore[misc]
    inside_lo = lo > column.lo if column.lo_open else lo >= column.lo
    inside_hi = hi < column.hi if column.hi_open else hi <= column.hi
    if inside_lo and inside_hi:
        return False
    if math.isfinite(lo) and math.isfinite(hi):
        raise InputError(f"column {column.name!r} takes {column.text}; {dist} ranges from "
                         f"{lo:g} to {hi:g}, outside it (osteon refuses values outside a "
                         f"column's domain rather than clip them): narrow the distribution to "
                         f"the domain")
    return True


def _out_of_domain(column: _Column, dist: Distribution, x: np.ndarray) -> str:
    """The error for the subjects whose drawn ``x`` lies outside ``column``'s domain."""
    bad = ~np.array([column.admits(float(v)) for v in x])
    lo = column.lo if math.isfinite(column.lo) else None
    hi = column.hi if math.isfinite(column.hi) else None
    hint = "give a narrower distribution, or an inclusion criterion (where) that keeps to it"
    if isinstance(dist, Normal | TruncatedNormal):
        a = _fmt(float(lo)) if lo is not None else "-inf"
        b = _fmt(float(hi)) if hi is not None else "inf"
        if isinstance(dist, TruncatedNormal):
            a = _fmt(max(float(dist.low), lo)) if lo is not None else _fmt(float(dist.low))
            b = _fmt(min(float(dist.high), hi)) if hi is not None else _fmt(float(dist.high))
        hint = (f"give a truncated distribution within it, e.g. truncnormal({_fmt(float(dist.mean))}, "
                f"{_fmt(float(dist.sd))}, {a}, {b}) (TruncatedNormal in Python), or an inclusion "
                f"criterion (where) that keeps to it")
    return (f"column {column.name!r} takes {column.text}; {dist} drew {int(bad.sum())} of "
            f"{x.size} subjects outside it (drawn from {float(np.min(x)):.4g} to "
            f"{float(np.max(x)):.4g}); osteon refuses them rather than clip them: {hint}")


# ------------------------------------------------------------------------------- correlations
def _correlation_factor(columns: Mapping[str, Distribution],
                        correlations: Mapping[Any, Any] | None) -> tuple[list[str], Any]:
    """The columns correlated and a factor L with L @ L.T their correlation matrix (``None``
    for none): only between :class:`Normal` columns, and only as the user gives it."""
    if not correlations:
        return [], None
    if not isinstance(correlations, Mapping):
        raise InputError(f"correlations must be a mapping (column_a, column_b) -> r, e.g. "
                         f"{{('t_score_lumbar_spine', 't_score_total_hip'): 0.6}}; got "
                         f"{correlations!r}")
    pairs: dict[tuple[str, str], float] = {}
    for key, r in correlations.items():
        if not (isinstance(key, tuple) and len(key) == 2):
            raise InputError(f"a correlation is keyed by a pair of columns (a, b); got {key!r}")
        a, b = key
        for c in (a, b):
            if c not in columns:
                raise InputError(f"correlation {key!r} names {c!r}, not a column drawn"
                                 f"{did_you_mean(c, columns)}")
            if type(columns[c]) is not Normal:
                raise InputError(f"correlation {key!r}: column {c!r} is {columns[c]}; a "
                                 f"correlation is between Normal columns (to bound one, give "
                                 f"an inclusion criterion, where)")
        if a == b:
            raise InputError(f"correlation {key!r} pairs a column with itself")
        if (a, b) in pairs or (b, a) in pairs:
            raise InputError(f"the correlation of {a!r} and {b!r} is given twice")
        x = _number(r, f"correlation {key!r}", "from -1 to 1")
        if not -1.0 <= x <= 1.0:
            raise InputError(f"correlation {key!r} must be a number from -1 to 1; got {r!r}")
        pairs[(a, b)] = x
    names = [c for c in columns if any(c in p for p in pairs)]
    k = {c: i for i, c in enumerate(names)}
    m = np.eye(len(names))
    for (a, b), r in pairs.items():
        m[k[a], k[b]] = m[k[b], k[a]] = r
    w, v = np.linalg.eigh(m)
    if w.min() < -1e-10:
        given = ", ".join(f"{a}~{b}: {r:g}" for (a, b), r in pairs.items())
        raise InputError(f"the correlations given ({given}) "
                         f"cannot hold together (their matrix is not positive semi-definite: "
                         f"smallest eigenvalue {w.min():.3g})")
    return names, v * np.sqrt(np.clip(w, 0.0, None))  # round-off below 0 only


# ------------------------------------------------------------------------------------- where
_COMPARE = {ast.Lt: np.less, ast.LtE: np.less_equal, ast.Gt: np.greater,
            ast.GtE: np.greater_equal, ast.Eq: np.equal, ast.NotEq: np.not_equal}
_ARITH = {ast.Add: np.add, ast.Sub: np.subtract, ast.Mult: np.multiply, ast.Div: np.divide}


class _Where:
    """An inclusion criterion: comparisons of columns and numbers (``<``, ``<=``, ``>``, ``>=``,
    ``==``, ``!=``, chained as ``-4 < t_score_total_hip <= -2.5``), joined by ``and``, ``or``,
    ``not``, with ``+ - * /`` and parentheses; ``sex == 'female'``, ``prior_fracture`` (or
    ``== True``) for the others. Nothing else is read (no function calls, no attributes)."""

    def __init__(self, text: str, columns: Mapping[str, _Column]) -> None:
        if not isinstance(text, str) or not text.strip():
            raise InputError(f"where must be a criterion such as 'age >= 65 and "
                             f"t_score_femoral_neck <= -2.5'; got {text!r}")
        self.text, self.columns = text.strip(), columns
        try:
            self.tree = ast.parse(self.text, mode="eval").body
        except SyntaxError as exc:
            eq = " (compare with ==, not =)" if "=" in self.text else ""
            raise InputError(f"where {self.text!r} cannot be read: {exc.msg}{eq}") from None
        kind = self._kind(self.tree, {c: columns[c].kind for c in columns})
        if kind != "flag":
            raise InputError(f"where {self.text!r} must be a yes/no criterion (a comparison, "
                             f"such as 'age >= 65'); it gives a {_KIND_WORD[kind]}")

    def _fail(self, node: ast.AST, why: str) -> InputError:
        return InputError(f"where {self.text!r}: {why} in {ast.unparse(node)!r}")

    def _kind(self, node: ast.AST, kinds: Mapping[str, str]) -> str:
        """The kind of value ``node`` gives ('number', 'flag', 'sex'), checked."""
        if isinstance(node, ast.Name):
            if node.id not in kinds:
                raise InputError(f"where {self.text!r} names {node.id!r}, not a column drawn"
                                 f"{did_you_mean(node.id, kinds)}; it reads the columns given: "
                                 f"{', '.join(kinds)}")
            return kinds[node.id]
        if isinstance(node, ast.Constant):
            if isinstance(node.value, bool):
                return "flag"
            if isinstance(node.value, int | float):
                return "number"
            if isinstance(node.value, str):
                if node.value not in ("female", "male"):
                    raise self._fail(node, "the only text a column holds is 'female' or 'male'")
                return "sex"
            raise self._fail(node, "a value is a number, True/False or 'female'/'male'")
        if isinstance(node, ast.BoolOp):
            for v in node.values:
                if self._kind(v, kinds) != "flag":
                    raise self._fail(v, "and/or join yes/no criteria (comparisons)")
            return "flag"
        if isinstance(node, ast.UnaryOp):
            k = self._kind(node.operand, kinds)
            if isinstance(node.op, ast.Not) and k == "flag":
                return "flag"
            if isinstance(node.op, ast.USub | ast.UAdd) and k == "number":
                return "number"
            raise self._fail(node, f"{type(node.op).__name__} does not apply to a "
                                   f"{_KIND_WORD[k]}")
        if isinstance(node, ast.BinOp) and type(node.op) in _ARITH:
            if self._kind(node.left, kinds) != "number" or \
                    self._kind(node.right, kinds) != "number":
                raise self._fail(node, "+ - * / take numbers")
            return "number"
        if isinstance(node, ast.Compare) and all(type(o) in _COMPARE for o in node.ops):
            ks = [self._kind(x, kinds) for x in (node.left, *node.comparators)]
            if len(set(ks)) != 1:
                raise self._fail(node, "a comparison compares values of one kind (numbers "
                                       "with numbers, sex with 'female' or 'male', a risk "
                                       "factor with True or False)")
            if ks[0] != "number" and any(type(o) not in (ast.Eq, ast.NotEq) for o in node.ops):
                raise self._fail(node, f"a {_KIND_WORD[ks[0]]} is compared with == or != only")
            return "flag"
        raise self._fail(node, "not read (a criterion compares columns with numbers, joined "
                               "by and, or, not)")

    def __call__(self, table: Mapping[str, np.ndarray]) -> np.ndarray:
        return np.asarray(self._eval(self.tree, table), dtype=bool)

    def _eval(self, node: ast.AST, t: Mapping[str, np.ndarray]) -> Any:
        if isinstance(node, ast.Name):
            return t[node.id]
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.BoolOp):
            join = np.logical_and if isinstance(node.op, ast.And) else np.logical_or
            out = self._eval(node.values[0], t)
            for v in node.values[1:]:
                out = join(out, self._eval(v, t))
            return out
        if isinstance(node, ast.UnaryOp):
            x = self._eval(node.operand, t)
            return (np.logical_not(x) if isinstance(node.op, ast.Not)
                    else np.negative(x) if isinstance(node.op, ast.USub) else x)
        if isinstance(node, ast.BinOp):
            with np.errstate(divide="ignore", invalid="ignore"):
                return _ARITH[type(node.op)](self._eval(node.left, t),
                                             self._eval(node.right, t))
        assert isinstance(node, ast.Compare)
        left, out = self._eval(node.left, t), True
        for op, right_node in zip(node.ops, node.comparators, strict=True):
            right = self._eval(right_node, t)
            out = np.logical_and(out, _COMPARE[type(op)](left, right))
            left = right
        return out


_KIND_WORD = {"number": "number", "flag": "yes/no", "sex": "sex"}


# ------------------------------------------------------------------------------------ sample
def sample_population(
    n: int,
    *,
    seed: int | np.random.Generator,
    columns: Mapping[str, Any],
    where: str | None = None,
    correlations: Mapping[tuple[str, str], float] | None = None,
    model: Any = "osteon",
    min_acceptance: float = MIN_ACCEPTANCE,
) -> Any:
    """A virtual population of ``n`` subjects drawn from the distributions given: a pandas
    DataFrame with ``subject_id`` (``s001``, ...) and one column per entry of ``columns``, as
    :func:`osteon.simulate` and :func:`osteon.simulate_arms` take it as ``population`` (and
    ``osteon simulate --population`` reads it once written with ``to_csv(index=False)``).

    osteon ships no default distributions: every distribution is the caller's, from the cohort
    meant (a trial's baseline table, a registry); the published BMD-by-age curves osteon holds
    (:mod:`osteon.readouts.reference_curves`) cover only some sites and sexes. An illustrative
    FREEDOM-like draw (the numbers are an example, not FREEDOM's baseline)::

        from osteon.population_sampling import Normal, Uniform, Bernoulli
        cohort = osteon.sample_population(
            200, seed=0,
            columns={"sex": "female", "age": Uniform(60, 90),
                     "t_score_lumbar_spine": Normal(-2.8, 0.7),
                     "t_score_total_hip": Normal(-1.9, 0.8),
                     "prior_fracture": Bernoulli(0.25)},
            correlations={("t_score_lumbar_spine", "t_score_total_hip"): 0.6},
            where="t_score_lumbar_spine <= -2.5 and t_score_total_hip > -4.0")

    Parameters
    ----------
    n
        How many subjects (a whole number >= 1).
    seed
        A whole number >= 0 (or a ``numpy.random.Generator``): the same seed, columns and
        criteria give the same table, and the first subjects of a larger ``n`` are those of a
        smaller one.
    columns
        Column name -> distribution: :class:`Normal`, :class:`TruncatedNormal`,
        :class:`Uniform`, :class:`LogNormal` (median and CV: a parameter's variability between
        subjects), :class:`Bernoulli` (a yes/no risk factor), :class:`Choice` (``sex``),
        :class:`Fixed`, or a bare value (``"female"``, ``70``, ``True``) for :class:`Fixed`. A
        name is a Patient field or a parameter of ``model`` (a drug's too), numbers in its unit
        (``osteon models show osteon``; a drug's parameter is read by the runs that give the
        drug, so a trial with an untreated arm refuses it there); a distribution that can give
        a value outside the column's domain is refused (a bounded one before drawing; an
        unbounded one where a subject drawn falls outside), never clipped.
        ``age_at_menopause`` is left empty (not given) for the men a ``sex`` column draws: a
        man has none.
    where
        Inclusion criteria, met by rejection (see :class:`_Where`), e.g.
        ``"t_score_lumbar_spine <= -2.5 and t_score_total_hip > -4.0"``.
    correlations
        ``{(column_a, column_b): r}`` between :class:`Normal` columns (a Gaussian copula:
        the pair is jointly normal with correlation ``r``); none unless given.
    model
        The model whose parameters the columns may name (``"osteon"``, the model the Patient
        columns and :func:`osteon.simulate_arms` need).
    min_acceptance
        The lowest share of the drawn subjects ``where`` may accept (default 1 %); below it the
        draw is refused with the share found, as criteria that select a sliver of the
        distributions given are more likely a slip than a cohort.

    The returned frame's ``attrs["sampling"]`` records the seed, the columns and criteria as
    text, the subjects drawn and the share accepted (:func:`summarize_sample` prints it).
    """
    import pandas as pd

    from osteon.library import load
    from osteon.model.spec import ModelSpec

    if isinstance(n, bool | np.bool_) or not isinstance(n, numbers.Integral) or n < 1:
        raise InputError(f"n (how many subjects) must be a whole number >= 1; got {n!r}")
    n = int(n)
    if isinstance(seed, np.random.Generator):
        rng = seed
    elif isinstance(seed, numbers.Integral) and not isinstance(seed, bool | np.bool_) \
            and seed >= 0:
        rng = np.random.default_rng(int(seed))
    else:
        raise InputError(f"seed must be a whole number >= 0 (or a numpy Generator), so that "
                         f"the draw can be made again; got {seed!r}")
    if not isinstance(columns, Mapping) or not columns:
        raise InputError(f"columns must be a non-empty mapping column name -> distribution, "
                         f"e.g. {{'age': Uniform(65, 80)}}; got {columns!r}")
    rate_floor = _number(min_acceptance, "min_acceptance", "in (0, 1]")
    if not 0.0 < rate_floor <= 1.0:
        raise InputError(f"min_acceptance must be a number in (0, 1] (a share: 0.01 is 1 %); "
                         f"got {min_acceptance!r}")
    spec = model if isinstance(model, ModelSpec) else load(model)
    dists = {c: d if isinstance(d, Distribution) else Fixed(d) for c, d in columns.items()}
    domains = {c: _column(spec, c) for c in dists}
    _refuse_pairs(list(dists))
    checked = [c for c in dists if _check_distribution(domains[c], dists[c])]
    corr_names, factor = _correlation_factor(dists, correlations)
    crit = _Where(where, domains) if where is not None else None

    parts: dict[str, list[np.ndarray]] = {c: [] for c in dists}
    kept, drawn = 0, 0
    while kept < n:
        batch = _draw(dists, domains, corr_names, factor, rng)
        ok = crit(batch) if crit is not None else np.ones(BATCH, dtype=bool)
        idx = np.flatnonzero(ok)
        need = n - kept
        if idx.size >= need:
            drawn += int(idx[need - 1]) + 1
            idx = idx[:need]
        else:
            drawn += BATCH
        kept += idx.size
        for c in dists:
            parts[c].append(batch[c][idx])
        if kept < n and kept / drawn < rate_floor:
            raise InputError(
                f"where {crit.text!r} accepted {kept} of {drawn} subjects drawn "  # type: ignore[union-attr]
                f"({100 * kept / drawn:.3g} %), under the lowest acceptance allowed "
                f"({100 * rate_floor:g} %, min_acceptance): the criteria keep a sliver of the "
                f"distributions given; move the distributions toward the criteria (a "
                f"truncated distribution draws a bounded range directly), or lower "
                f"min_acceptance")
    table = {c: np.concatenate(parts[c]) for c in dists}
    for c in checked:
        x = np.asarray(table[c], dtype=float)
        if not all(domains[c].admits(float(v)) for v in x):
            raise InputError(_out_of_domain(domains[c], dists[c], x))
    width = max(3, len(str(n)))
    frame = pd.DataFrame({"subject_id": [f"s{i + 1:0{width}d}" for i in range(n)],
                          **{c: _frame_column(domains[c], table[c]) for c in dists}})
    men = (frame["sex"] == "male") if "sex" in frame.columns else None
    for c in ("age_at_menopause", "menopause_age"):
        if c in frame.columns and men is not None and domains[c].kind == "number":
            frame.loc[men, c] = np.nan
    frame.attrs["sampling"] = {
        "n": n, "seed": seed if not isinstance(seed, np.random.Generator) else None,
        "columns": {c: str(d) for c, d in dists.items()},
        "correlations": {f"{a}~{b}": float(r) for (a, b), r in (correlations or {}).items()},
        "where": crit.text if crit is not None else None, "model": spec.id,
        "drawn": drawn, "accepted_share": n / drawn}
    return frame


def _refuse_pairs(names: list[str]) -> None:
    """Refuse two columns that give one Patient field (a site's T-score and BMD; both
    spellings of the age at menopause), as the Patient would refuse every row."""
    if "menopause_age" in names and "age_at_menopause" in names:
        raise InputError("columns 'menopause_age' and 'age_at_menopause' are the same Patient "
                         "field (age at menopause, years); give one of them")
    for c in names:
        if c.startswith("t_score_") and f"bmd_{c.removeprefix('t_score_')}" in names:
            raise InputError(f"columns {c!r} and 'bmd_{c.removeprefix('t_score_')}' give one "
                             f"site's reading twice; give one of the two")


def _draw(dists: Mapping[str, Distribution], domains: Mapping[str, _Column],
          corr_names: list[str], factor: Any, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """One batch of :data:`BATCH` subjects, every column in the order given (a correlated
    group where its first column stands)."""
    out: dict[str, np.ndarray] = {}
    for c, d in dists.items():
        if c in out:
            continue
        if c in corr_names:
            z = factor @ rng.standard_normal((len(corr_names), BATCH))
            for k, name in enumerate(corr_names):
                nd = dists[name]
                out[name] = float(nd.mean) + float(nd.sd) * z[k]  # type: ignore[attr-defined]
            continue
        x = d.draw(rng, BATCH)
        if d.interval() is None:  # a list distribution: its values as the column holds them
            table = {v: _as_column_value(domains[c], d, v) for v in d.values()}
            x = np.array([table[v] for v in x.tolist()],
                         dtype=object if domains[c].kind == "sex" else
                         bool if domains[c].kind == "flag" else float)
        out[c] = x
    return out


def _frame_column(column: _Column, x: np.ndarray) -> Any:
    if column.kind == "sex":
        return np.asarray(x, dtype=object)
    if column.kind == "flag":
        return np.asarray(x, dtype=bool)
    return np.asarray(x, dtype=float)


def summarize_sample(frame: Any) -> Any:
    """One row per drawn column of a :func:`sample_population` table: its distribution, and
    in the table the mean, SD, minimum and maximum (numbers) or each value's share (sex, yes/no
    columns, values from a list)."""
    import pandas as pd

    info = frame.attrs.get("sampling", {})
    rows = []
    for c in frame.columns:
        if c == "subject_id":
            continue
        x = frame[c]
        dist = info.get("columns", {}).get(c, "")
        listed = dist.startswith(("fixed(", "choice(", "bernoulli(")) or not dist
        if not pd.api.types.is_numeric_dtype(x) or pd.api.types.is_bool_dtype(x) or \
                (listed and x.nunique() <= 20):
            shares = x.value_counts(normalize=True, dropna=False)
            text = ", ".join(f"{_fmt(k) if not pd.isna(k) else 'not given'} "
                             f"{100 * s:.1f} %" for k, s in shares.items())
        else:
            y = x.dropna().to_numpy(dtype=float)
            text = (f"mean {y.mean():.4g}, SD {y.std(ddof=1) if y.size > 1 else 0.0:.3g}, "
                    f"from {y.min():.4g} to {y.max():.4g}")
            if y.size < len(x):
                text += f" ({len(x) - y.size} not given)"
        rows.append({"column": c, "distribution": dist, "in the table": text})
    return pd.DataFrame(rows, columns=["column", "distribution", "in the table"])
