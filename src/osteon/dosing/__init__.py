"""Dosing: dose records, regimens and the prescription language.

Quick use::

    from osteon.dosing import parse
    r = parse("teriparatide 20 ug sc daily for 2 years then denosumab 60 mg sc q6mo for 3 years")
    r.end                      # 1826.25 days
    r.expand()                 # single Dose records, sorted by time
    r.to_frame()               # one row per dose: time, drug, amt, unit, route, cmt, ii, addl, rate, duration
    str(r)                     # canonical text; parse(str(r)) == r

Conventions (details in :mod:`osteon.dosing.regimen` and :mod:`osteon.dosing.prescription`):

- Times are days from the start of the regimen. Without a calendar start date a month is
  365.25/12 days and a year 365.25 days (the project's convention, :mod:`osteon.units`); with one
  (``regimen.starting("2026-01-15")``) monthly and yearly doses fall on the same day of the month,
  clamped to the month's end, and so do stops, holidays and delays given in months or years
  (``until 1 year`` from 2024-07-01 is 2025-07-01); ``day N`` is always plain days.
- A finite schedule ends one dosing interval after its last dose (``q6mo x 2`` ends at 12 months:
  the last dose covers its interval); ``for N months`` gives the doses strictly before N months and
  ends at N months; ``once`` ends when given; a continuous infusion when its duration is over; an
  open-ended schedule has ``end = inf`` and expands only up to an ``until``.
- Records use the NONMEM vocabulary: ``ii`` is the interdose interval (days), ``addl`` the number
  of additional doses after the first, ``rate`` an amount per day for a zero-order input (or
  ``duration`` in days); ``cmt`` ``None`` means the drug's default dosing compartment. The table
  form (:func:`to_frame`) follows NONMEM for a continuous infusion too (``amt`` its total,
  ``rate`` per day, ``duration``) and names the compartment a bolus enters
  (:mod:`osteon.dosing.records`).
- :meth:`Regimen.events` turns the records into engine events through
  ``osteon.drugs.dose_events`` (the drug layer).
"""

from osteon.dosing.prescription import PrescriptionError, format_prescription, parse
from osteon.dosing.records import COLUMNS, Dose, from_frame, to_frame
from osteon.dosing.regimen import Regimen

__all__ = [
    "COLUMNS",
    "Dose",
    "PrescriptionError",
    "Regimen",
    "format_prescription",
    "from_frame",
    "parse",
    "to_frame",
]
