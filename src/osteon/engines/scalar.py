"""A fast path for one subject: the right-hand side evaluated on Python floats.

Every model's right-hand side is written once against an array namespace ``xp`` and a state
array indexed as ``y[:, i]`` (DESIGN: one source of truth). For one subject NumPy pays its
per-call overhead (about a microsecond) on every one of the several hundred operations of the
integrated model's right-hand side, with arrays of one element. Evaluated on floats, with
:data:`FLOATS` as ``xp`` and a :class:`Row` standing for the (1, k) state array, the same code
runs about seven times faster. Nothing in the models changes.

The float path must give the NumPy path's numbers. :func:`float_rhs` checks that once, at the
first call of each solve, and gives up on the float path (returning the NumPy one) if the model
uses anything :data:`FLOATS` lacks or if the two disagree. At every call the float path hands the
point back to NumPy where floats would not behave as arrays do: an arithmetic exception (Python
raises on division by zero, overflow of ``exp`` and the logarithm of zero where NumPy returns
inf or nan), a complex number (a negative base to a fractional power) or a non-finite result.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from osteon.model.spec import ModelSpec

#: agreement asked of the float path at the check, relative to each derivative's magnitude
#: (floor: the state's scale x 1e-12 per day)
_CHECK_RTOL = 1e-9


class Row:
    """One subject's states as the right-hand sides index them: ``y[:, i]`` -> a float and
    ``y[:, a:b]`` -> a :class:`Row`."""

    __slots__ = ("v",)

    def __init__(self, values: list) -> None:
        self.v = values

    def __getitem__(self, key: Any) -> Any:
        j = key[1] if isinstance(key, tuple) else key
        return Row(self.v[j]) if isinstance(j, slice) else self.v[j]


def _maximum(a: float, b: float) -> float:
    return a if (a > b or a != a) else b  # nan propagates, as with np.maximum


def _minimum(a: float, b: float) -> float:
    return a if (a < b or a != a) else b


def _where(c: Any, a: Any, b: Any) -> Any:
    return a if c else b


def _logaddexp(a: float, b: float) -> float:
    hi = a if a > b else b
    return hi + math.log1p(math.exp(-abs(a - b)))


def _stack(columns: Any, axis: int = -1) -> Row:
    return Row(list(columns))


def _concatenate(parts: Any, axis: int = -1) -> Row:
    out: list = []
    for part in parts:
        out.extend(part.v)
    return Row(out)


class _Floats:
    """The subset of the array namespace the models use, on floats."""

    exp = staticmethod(math.exp)
    log = staticmethod(math.log)
    sqrt = staticmethod(math.sqrt)
    tanh = staticmethod(math.tanh)
    cos = staticmethod(math.cos)
    sin = staticmethod(math.sin)
    abs = staticmethod(abs)
    maximum = staticmethod(_maximum)
    minimum = staticmethod(_minimum)
    where = staticmethod(_where)
    logaddexp = staticmethod(_logaddexp)
    stack = staticmethod(_stack)
    concatenate = staticmethod(_concatenate)


FLOATS = _Floats()

_FALLBACK = (ArithmeticError, ValueError, TypeError)


def float_rhs(spec: ModelSpec, p: Mapping[str, np.ndarray], t0: float, y0: np.ndarray,
              array_rhs: Callable[[float, np.ndarray], np.ndarray]
              ) -> Callable[[float, np.ndarray], np.ndarray]:
    """A right-hand side for one subject, ``f(t, y) -> dy/dt`` with ``y`` of shape (k,), on
    floats where it agrees with ``array_rhs`` (the NumPy one, same signature) at (t0, y0);
    ``array_rhs`` itself otherwise."""
    try:
        pf = {name: float(np.asarray(v).reshape(-1)[0]) for name, v in p.items()
              if np.asarray(v).size == 1}
    except (TypeError, ValueError):
        return array_rhs
    if len(pf) != len(p):
        return array_rhs

    def fast(t: float, y: np.ndarray) -> np.ndarray:
        try:
            out = spec.rhs(t, Row(y.tolist()), pf, FLOATS).v
            values = np.array(out, dtype=float)
        except _FALLBACK:
            return array_rhs(t, y)
        if values.shape != y.shape or not np.isfinite(values).all():
            return array_rhs(t, y)
        return values

    try:
        got = np.array(spec.rhs(t0, Row(y0.tolist()), pf, FLOATS).v, dtype=float)
    except Exception:  # anything the float namespace lacks: use NumPy
        return array_rhs
    with np.errstate(all="ignore"):  # as in the solve: a failed point is the solver's to report
        want = array_rhs(t0, y0)
    if got.shape != want.shape:
        return array_rhs
    floor = 1e-12 * np.asarray(spec.state_scales, dtype=float)
    both = np.isfinite(want) & np.isfinite(got)
    if not (both == np.isfinite(want)).all():
        return array_rhs
    if np.any(np.abs(got - want)[both] > _CHECK_RTOL * np.abs(want)[both] + floor[both]):
        return array_rhs
    return fast
