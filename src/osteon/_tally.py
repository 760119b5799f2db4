"""The warnings of many runs, each distinct one once with the number of runs that gave it.

A sensitivity analysis or a calibration makes hundreds of simulations; each may warn (the age
scope passed, a score beyond its scale). Shown per run they would flood; dropped, the user
never learns the runs left the model's ground. :class:`Tally` keeps, for each warning, how many
runs gave it and the first run's text. Two warnings that differ only in their numbers (the
index each run reached) are one warning; its line says the numbers vary and shows the first.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field

_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def kind(message: str) -> str:
    """``message`` with its numbers masked: the warning it is, whatever values a run gave."""
    return _NUMBER.sub("#", message)


@contextmanager
def recording() -> Iterator[list[str]]:
    """Record the osteon warnings raised inside the block (each distinct text once, in order)
    into the list it yields; none is shown. Other warnings (the solver's and libraries'
    chatter) are ignored, as a validation run ignores them (:class:`osteon.validation.runs.
    Runs`): what osteon warns the user of is what a run's reader needs. A former name
    (:class:`~osteon.errors.OsteonDeprecationWarning`) is about the caller's words, not the
    run, and is warned where the names are checked, once: ignored here."""
    from osteon.errors import OsteonDeprecationWarning, OsteonWarning

    said: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("ignore")
        warnings.simplefilter("always", OsteonWarning)
        warnings.simplefilter("ignore", OsteonDeprecationWarning)
        try:
            yield said
        finally:
            for w in caught:
                text = str(w.message)
                if issubclass(w.category, OsteonWarning) and text not in said:
                    said.append(text)


@dataclass
class Tally:
    """How many of ``n`` runs gave each warning: by :func:`kind`, [runs, first text, whether
    the texts differ]."""

    n: int = 0
    seen: dict[str, list] = field(default_factory=dict)

    def add(self, said: Iterable[str]) -> None:
        """One run, which gave the warnings ``said``."""
        self.n += 1
        for k, text in {kind(t): t for t in reversed(list(said))}.items():
            self._count(k, text, 1)

    def _count(self, k: str, text: str, runs: int) -> None:
        if k in self.seen:
            entry = self.seen[k]
            entry[0] += runs
            entry[2] = entry[2] or text != entry[1]
        else:
            self.seen[k] = [runs, text, False]

    def merge(self, other: Tally) -> None:
        self.n += other.n
        for k, (runs, text, varied) in other.seen.items():
            self._count(k, text, runs)
            self.seen[k][2] = self.seen[k][2] or varied

    def counts(self) -> dict[str, list]:
        """First text -> [number of runs, whether their texts' numbers varied] (JSON: a
        start's record, rebuilt by :meth:`from_counts` in the process that merges them)."""
        return {text: [runs, varied] for runs, text, varied in self.seen.values()}

    @classmethod
    def from_counts(cls, counts: Mapping[str, list | int], n: int) -> Tally:
        """The tally :meth:`counts` saved; a bare number of runs (a record written before the
        flag was kept) reads as numbers that did not vary."""
        t = cls(n=0)
        for text, entry in counts.items():
            runs, varied = (entry, False) if isinstance(entry, int) else entry
            t._count(kind(text), text, int(runs))
            t.seen[kind(text)][2] = t.seen[kind(text)][2] or bool(varied)
        t.n = n
        return t

    def lines(self, noun: str = "runs") -> list[str]:
        """One line per warning, the most frequent first: 'in 6 of 8 runs: TEXT'."""
        out = []
        for runs, text, varied in sorted(self.seen.values(), key=lambda e: -e[0]):
            vary = f" (its numbers vary between {noun}; the first's)" if varied else ""
            out.append(f"in {runs} of {self.n} {noun}{vary}: {text}")
        return out
