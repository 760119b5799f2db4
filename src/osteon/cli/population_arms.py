"""A virtual trial on the command line: ``osteon simulate --population FILE --compare RX
--compare RX``.

The trial itself is :func:`osteon.simulate_arms` (:mod:`osteon.trial`): every arm runs the same
subjects, each arm is saved as a single ``--population`` run saves it, in ``arm_<k>/``;
``arms.csv`` (:meth:`osteon.TrialResult.to_pandas`) and the top-level ``summary.json``
(:meth:`osteon.TrialResult.summary`) give, per arm and readout, the median [5th, 95th
percentile] across subjects and, for every arm after the first, the same of each subject's
difference from her own value in the first arm; ``arms.png`` (:meth:`osteon.TrialResult.plot`)
draws each arm's median and 5th-95th percentile band over time. Those percentiles are the
spread of the virtual population, not a trial's confidence interval (:data:`SPREAD_NOTE`).
This module is the terminal's table of the arms side by side (:func:`arms_table`).

With ``--on-failure drop`` a subject who fails in any arm is left out of every arm (status
``dropped`` in the arms where she solved, with the arm and reason she failed in), so the arms
stay paired: :func:`osteon.trial.pair_arms`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from osteon.trial import (  # noqa: F401 (the trial's names, as the command line had them here)
    READOUTS,
    SPREAD_NOTE,
    arms_frame,
    check_arms,
    pair_arms,
    readout_values,
    subject_values,
)


def _cell(mid: float, lo: float, hi: float, fmt: str = "+.1f") -> str:
    """``median [lo, hi]``; '-' where no subject has one."""
    if not np.isfinite(mid):
        return "-"
    return f"{mid:{fmt}} [{lo:{fmt}}, {hi:{fmt}}]"


def arms_table(frame: Any, n_subjects: int, dropped: int) -> tuple[str, Any]:
    """The terminal's one table: the readouts at the end by arm side by side, median [5th, 95th
    percentile] across subjects, and each later arm's paired difference from arm 1; a legend
    numbering the arms."""
    from rich.markup import escape
    from rich.table import Table

    names = list(dict.fromkeys(frame["prescription"]))
    legend = "arms: " + "; ".join(f"{k + 1} = {name}" for k, name in enumerate(names))
    size = (f"{n_subjects} subjects in every arm ({dropped} dropped from every arm)" if dropped
            else f"{n_subjects} subject{'s' if n_subjects != 1 else ''} in every arm")
    end = frame[frame["at"] == "end"]
    table = Table(title=f"Arms side by side at the end ({end['time_days'].iloc[0]:g} days), "
                        f"{size}: median [5th, 95th percentile] across subjects",
                  title_justify="left", caption=escape(
                      SPREAD_NOTE + "; each whole year's readouts are in arms.csv (--out)"),
                  caption_justify="left")
    table.add_column("readout")
    for k in range(len(names)):
        table.add_column(f"arm {k + 1}", justify="right")
    for k in range(1, len(names)):
        table.add_column(f"arm {k + 1} - arm 1", justify="right")
    for key, label, _, kind in READOUTS:
        rows = end[end["readout"] == key].sort_values("arm")
        fmt = "+.1f" if kind == "change" else ".1f"  # a level has no sign; a difference has
        cells = [_cell(r["q0.5"], r["q0.05"], r["q0.95"], fmt) for _, r in rows.iterrows()]
        diffs = [_cell(r["paired_difference_q0.5"], r["paired_difference_q0.05"],
                       r["paired_difference_q0.95"]) for _, r in rows.iloc[1:].iterrows()]
        table.add_row(escape(label), *(escape(c) for c in (*cells, *diffs)))
    return legend, table
