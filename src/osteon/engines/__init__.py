"""Integration engines. SciPy is the default and needs no compiler."""

from osteon.engines.options import Solver

__all__ = ["Solver"]
