"""PTH-receptor signaling in the osteoblast lineage: why daily PTH builds bone and a steady
excess removes it (the PTH paradox, target PT3).

PTH acts on PTH1R of osteoblast-lineage cells and osteocytes twice over. The catabolic arm is in
:mod:`rankl_opg` (PTH raises RANKL and represses OPG, following the PTH level). The anabolic arm
is here: the intracellular cascade of Peterson & Riggs 2010 (RUNX2, CREB, BCL2; one source of
truth, :func:`osteon.library.peterson_riggs2010.pth_signalling`), driven by the rise of plasma
PTH above the level the receptor is adapted to (``pth_adapted``, which follows plasma PTH over
``pth1r_adaptation_time``; the cascade sees 3.85 pmol/L, its rest, plus that rise):

    d RUNX2/dt = k_rx (RUNX2_0 - RUNX2 kout(PTH)/k_rx)   fast: half-life about 1 h, PTH speeds it
    d CREB/dt  = kin(PTH) - k_creb CREB                 slow: half-life about 10 days
    d BCL2/dt  = 0.693 RUNX2 CREB - k_bcl2 BCL2         follows their product within hours

An incoherent feed-forward loop: a sustained PTH rise lowers RUNX2 more than it raises CREB, so
BCL2 falls (and the receptor adapts: a continuous infusion or hyperparathyroidism leaves the
anabolic arm silent), while a daily peak drives RUNX2 down for hours and then lets it recover,
and CREB, slow, integrates the peaks: between peaks BCL2 stands above its rest. Above a BCL2 of
about 105 RUNX2 activity rises (Peterson & Riggs' rule), and that activity is the anabolic
signal::

    A = relief(BCL2) - relief(baseline) >= 0       (relief: PR2010's RUNX2 term, units of kb)
    commitment of stromal progenitors x (1 + pth_anabolic_gain x A / (A + pth_anabolic_half))

Deviations from Peterson & Riggs (labelled assumptions):

- where the signal acts: PR2010 lowers active-osteoblast elimination with it; here it raises the
  commitment of stromal progenitors to osteoblast precursors, because RUNX2 is the master switch
  of osteoblast differentiation, and because PR's term cuts elimination by at most about a
  third, too little to double osteoblast numbers (P1NP doubles within months on teriparatide);
- its strength, ``pth_anabolic_gain`` (the largest relative rise of commitment), is fitted
  (``osteon calibrate pth_anabolic``) to the spine BMD gain of teriparatide in Neer 2001
  (PT2.ls), and it saturates (``pth_anabolic_half``);
- PR's jump of RUNX2 from 10 to 15 at BCL2 = 105 is smoothed over about one BCL2 unit (a
  logistic of width 0.5), so the rates stay smooth for the stiff solver;
- the adaptation is osteon's (an assumption standing for PTH1R desensitization): in PR2010's
  cascade alone a steady fall of PTH below about 3.3 pmol/L also raises BCL2 above 105, so any
  state that lowers PTH (more resorption releasing calcium, a calcium-rich diet) would build
  bone; with the adaptation only PTH peaks drive it.
"""

from __future__ import annotations

import math

from osteon.library import peterson_riggs2010 as pr
from osteon.library.integrated._common import FAST_STATE_TOLERANCE, assumption, fitted
from osteon.model.estimates import estimated
from osteon.model.spec import State

_PR_NAMES = pr.SIGNALLING_PARAMETERS

STATES = (
    State("pth_adapted", "pmol/L", "the plasma PTH level the osteoblast lineage's PTH1R is "
          "adapted to (its recent average)", initial=3.85, scale=3.85),
    State("ob_runx2", "dimensionless", "RUNX2 activity in osteoblast-lineage cells (Peterson & "
          "Riggs 2010's relative units, 10 at rest)", initial=10.0, scale=10.0,
          tolerance=FAST_STATE_TOLERANCE),
    State("ob_creb", "dimensionless", "CREB in osteoblast-lineage cells (relative units, 10 at "
          "rest)", initial=10.0, scale=10.0),
    State("ob_bcl2", "dimensionless", "BCL2 in osteoblast-lineage cells (relative units, 100 at "
          "rest: RUNX2 x CREB)", initial=100.0, scale=100.0,
          tolerance=FAST_STATE_TOLERANCE),
)

#: the smoothing width of PR2010's RUNX2 threshold at BCL2 = 105 (BCL2 units)
_STEP_WIDTH = 0.5
#: the smoothing width of the PTH rise above the adapted level (pmol/L)
_RISE_WIDTH = 0.1

PARAMETERS = (
    *(p for p in pr.PARAMETERS if p.name in _PR_NAMES),
    assumption("pth1r_adaptation_time", 1.0, "day", "time constant over which the anabolic "
               "PTH-receptor signaling adapts to a sustained PTH level (the level it is adapted "
               "to follows plasma PTH with this lag; the cascade is driven by the rise above it)",
               "PTH1R, like other G-protein-coupled receptors, desensitizes and internalizes "
               "under sustained agonist (a general property; no primary measurement of its time "
               "course in human osteoblasts was read); one day lets a few-hour injection peak "
               "stand out and a change of the PTH level that lasts days fade; chosen, not "
               "fitted", lower_open=True),
    assumption("pth_anabolic_half", 0.05, "dimensionless", "anabolic signal A at which its "
               "effect on commitment is half its maximum",
               "0.05 is about the largest A of teriparatide 20 ug/day in this model (BCL2 near "
               "107 between the daily peaks), so the response bends over the doses in use "
               "(teriparatide 20-40 ug, abaloparatide 80 ug); chosen, not fitted",
               lower_open=True),
    fitted("pth_anabolic_gain", estimated("pth_anabolic_gain"), "dimensionless",
           "gain of the anabolic PTH-receptor signal (RUNX2 activity above rest, Peterson & "
           "Riggs 2010's units of osteoblast elimination) on the commitment of stromal "
           "progenitors to osteoblast precursors: commitment x (1 + gain x A / (A + "
           "pth_anabolic_half)), the largest relative rise of commitment",
           "the lumbar-spine BMD gain on teriparatide 20 ug/day vs placebo at 21 months (PT2.ls: "
           "+9 points; Neer RM et al., N Engl J Med 2001;344:1434, PMID 11346808, text)"),
)

missing = set(_PR_NAMES) - {p.name for p in PARAMETERS}
if missing:  # pragma: no cover - a programming error caught at import
    raise ImportError(f"peterson_riggs2010 lacks parameters {sorted(missing)}")


def rates(s, pth_conc, p, xp):
    """Derivatives per DAY of the signaling states, from plasma PTH (pmol/L).

    The cascade sees the rest level (3.85 pmol/L, Peterson & Riggs' baseline) plus the rise of
    plasma PTH above the level the receptor is adapted to.
    """
    # the rise above the adapted level, max(x, 0) smoothed over 0.1 pmol/L (and 0 at x = 0) so
    # that the rates stay smooth at rest for the steady-state solver
    w = _RISE_WIDTH
    rise = w * (xp.logaddexp(0.0, (pth_conc - s["pth_adapted"]) / w) - math.log(2.0))
    drive = 3.85 + rise
    d = pr.pth_signalling(s["ob_runx2"], s["ob_creb"], s["ob_bcl2"], drive, p)
    return {"pth_adapted": (pth_conc - s["pth_adapted"]) / p["pth1r_adaptation_time"],
            "ob_runx2": 24.0 * d["RX2"], "ob_creb": 24.0 * d["CREB"],
            "ob_bcl2": 24.0 * d["BCL2"]}


def _relief(bcl2, p, xp):
    # PR2010's RUNX2 (10 up to BCL2 = 105, BCL2 - 90 above), its step smoothed
    step = 1.0 / (1.0 + xp.exp(-(bcl2 - 105.0) / _STEP_WIDTH))
    return pr.runx2_elimination_relief(10.0 + (bcl2 - 100.0) * step, p, xp)


def anabolic_signal(bcl2, p, xp):
    """A >= 0: RUNX2 activity above rest (0 at BCL2 <= about 103), in PR2010's units."""
    return xp.maximum(_relief(bcl2, p, xp) - _relief(100.0, p, xp), 0.0)


def commitment_gain(bcl2, p, xp):
    """The multiplier on stromal commitment: 1 + gain x A / (A + A50)."""
    a = anabolic_signal(bcl2, p, xp)
    return 1.0 + p["pth_anabolic_gain"] * a / (a + p["pth_anabolic_half"])


__all__ = ["PARAMETERS", "STATES", "anabolic_signal", "commitment_gain", "rates"]
