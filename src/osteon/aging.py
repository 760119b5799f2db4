"""How much of the bone lost between two ages each aging mechanism explains.

The integrated model carries an on/off switch for each aging mechanism (estrogen loss, IGF-1
decline, systemic SASP, marrow adipogenic drift, osteocyte senescence, the rise of sclerostin;
``osteon models show osteon`` lists them). :func:`attribute_aging` runs the population-average
life course of one person (sex, age, menopause) to a later age once with every mechanism on,
once with each mechanism off in turn, and once with all of them off, each counterfactual from the
young adult on (a world in which that mechanism never acted), and reads the areal BMD change by
site between the two ages in each world::

    attributable_m = change(all on) - change(m off)          (percentage points)
    interactions   = change(all on) - change(all off) - sum_m attributable_m

A negative ``attributable_m`` is loss that mechanism causes. One at a time, the attributable
parts do not add up to the total when mechanisms amplify each other; ``interactions`` is the
remainder. BMD is the model's, so the answer is the model's reading of aging, not a measurement.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from osteon.errors import InputError
from osteon.readouts.densitometry import SITES
from osteon.units import as_float, is_real

SWITCH_SOURCE = "assumption: model switch"
"""How the integrated model's aging switches are marked in its parameter table."""


def mechanisms() -> dict[str, str]:
    """The integrated model's aging switches: ``{parameter name: what it switches}``."""
    from osteon.library import load

    return {p.name: p.description for p in load("osteon").parameters
            if p.source.startswith(SWITCH_SOURCE)}


@dataclass(frozen=True)
class AgingAttribution:
    """The result of :func:`attribute_aging` (changes in % of the BMD at the start age)."""

    patient: str
    start_age: float
    end_age: float
    change_all: dict[str, float]
    change_none: dict[str, float]
    change_without: dict[str, dict[str, float]]
    descriptions: dict[str, str]
    notes: tuple[str, ...] = ()
    """What the attribution assumed where the patient's text was silent (a woman's menopause at
    the population median)."""

    @property
    def attributable(self) -> dict[str, dict[str, float]]:
        """``{mechanism: {site: points}}``: change with all on minus change without it."""
        return {m: {s: self.change_all[s] - w[s] for s in SITES}
                for m, w in self.change_without.items()}

    @property
    def interactions(self) -> dict[str, float]:
        """By site: what the one-at-a-time parts leave of (all on - all off), in points."""
        attr = self.attributable
        return {s: self.change_all[s] - self.change_none[s] - sum(a[s] for a in attr.values())
                for s in SITES}

    def to_frame(self) -> pd.DataFrame:
        """One row per mechanism (largest spine loss first), then 'interactions', 'all off' and
        'all on'; columns ``attributable_<site>`` (points) and ``change_<site>`` (% change in
        that world)."""
        attr = self.attributable
        rows = []
        for m in sorted(attr, key=lambda k: attr[k]["lumbar_spine"]):
            rows.append({"mechanism": m, "what": self.descriptions.get(m, ""),
                         **{f"attributable_{s}": attr[m][s] for s in SITES},
                         **{f"change_{s}": self.change_without[m][s] for s in SITES}})
        inter = self.interactions
        rows.append({"mechanism": "interactions", "what": "what the parts one at a time leave "
                     "(negative: together they lose more; positive: less)",
                     **{f"attributable_{s}": inter[s] for s in SITES},
                     **{f"change_{s}": np.nan for s in SITES}})
        rows.append({"mechanism": "all off", "what": "none of these mechanisms",
                     **{f"attributable_{s}": np.nan for s in SITES},
                     **{f"change_{s}": self.change_none[s] for s in SITES}})
        rows.append({"mechanism": "all on", "what": "the model as it is",
                     **{f"attributable_{s}": self.change_all[s] - self.change_none[s]
                        for s in SITES},
                     **{f"change_{s}": self.change_all[s] for s in SITES}})
        return pd.DataFrame(rows)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the patient, the ages and the table's rows (NaN -> None)."""
        frame = self.to_frame().astype(object).where(self.to_frame().notna(), None)
        return {"patient": self.patient, "start_age": self.start_age, "end_age": self.end_age,
                "unit": "percentage points of BMD change (attributable); % change (change_)",
                "rows": frame.to_dict(orient="records"), "notes": list(self.notes)}

    def plot(self):
        """A bar chart of the attributable loss by mechanism and site; returns the figure."""
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        frame = self.to_frame()
        frame = frame[~frame["mechanism"].isin(("all off", "all on"))]
        fig, ax = plt.subplots(figsize=(8, 0.55 * len(frame) + 1.5))
        y = np.arange(len(frame))
        height = 0.8 / len(SITES)
        for i, s in enumerate(SITES):
            ax.barh(y + (i - 1) * height, frame[f"attributable_{s}"], height,
                    label=s.replace("_", " "))
        ax.set_yticks(y, [m.removeprefix("aging_").replace("_", " ") for m in frame["mechanism"]])
        ax.invert_yaxis()
        ax.axvline(0.0, color="k", lw=0.8)
        ax.set_xlabel(f"BMD change attributable, {self.start_age:g} to {self.end_age:g} years "
                      "(percentage points)")
        ax.set_title(f"{self.patient}\nall mechanisms: {self.change_all['lumbar_spine']:+.1f} % "
                     f"spine, {self.change_all['femoral_neck']:+.1f} % femoral neck", fontsize=10)
        ax.legend(loc="lower left", fontsize=8)
        fig.tight_layout()
        return fig


def attribute_aging(patient: Any = "female, age 30, menopause at 51", *, to_age: float = 80.0,
                    mechanism: Any = None, only: Any = None,
                    solver: Any = None) -> AgingAttribution:
    """Attribute the BMD change from the patient's age to ``to_age`` to the aging mechanisms.

    ``patient``: an :class:`osteon.Patient` or its text, giving sex, age and menopause only (the
    population-average life course: BMD or T-scores would individualize each world differently,
    and risk factors, BMI and alcohol enter the fracture readouts, not the bone read here; both
    are refused). ``to_age``: years, after the patient's age and at most 100. ``mechanism``: a
    switch name or a list of them, each once, the CLI's ``--mechanism`` (default: all,
    :func:`mechanisms`; ``only`` is its former name, still read); "all off" then switches off
    those only, so ``interactions`` stays the remainder among them. Runs 2 + N simulations; a warning they
    share (an age past the model's scope) is given once.
    """
    import osteon
    from osteon.patient import FLAGS, Patient

    p = Patient.parse(patient) if isinstance(patient, str) else patient
    if not isinstance(p, Patient):
        raise InputError(f"patient must be a Patient or its text; got {patient!r}")
    if p.target_bmd():
        raise InputError("patient for an aging attribution must give sex, age and menopause only "
                         "(the population-average life course); got a BMD or T-score in "
                         f"{p.to_text()!r}")
    # 'female, age 30, glucocorticoids' was accepted (the flag changes no bone) while a BMD
    # in the same patient is refused
    extra = [f for f in FLAGS if getattr(p, f)] + \
        (["bmi"] if p.bmi is not None else []) + \
        (["alcohol_units_per_day"] if p.alcohol_units_per_day else [])
    if extra:
        raise InputError(f"patient for an aging attribution must give sex, age and menopause "
                         f"only (the population-average life course); got {', '.join(extra)} "
                         f"in {p.to_text()!r}: risk factors, BMI and alcohol enter the fracture "
                         f"readouts, not the bone this attribution reads")
    if not is_real(to_age) or not np.isfinite(as_float(to_age)) \
            or not (p.age < as_float(to_age) <= 100.0):
        raise InputError(f"to_age must be a number of years after the patient's age "
                         f"({p.age:g}) and at most 100; got {to_age!r}")
    if mechanism is not None and only is not None:
        raise InputError(f"give mechanism or only (its former name), not both; got mechanism="
                         f"{mechanism!r} and only={only!r}")
    field, given = ("only", only) if only is not None else ("mechanism", mechanism)
    known = mechanisms()
    # one name is one mechanism (as one --mechanism), not the letters of a string
    chosen = list(known) if given is None else [given] if isinstance(given, str) else list(given)
    unknown = [m for m in chosen if m not in known]
    if unknown or not chosen or len(set(chosen)) < len(chosen):
        raise InputError(f"{field} must name aging switches among {', '.join(known)}, each "
                         f"once; got {given!r}")
    years = float(to_age) - p.age
    notes = ()
    if p.sex == "female" and p.age_at_menopause is None:
        # every world's life course takes the median: the estrogen part depends on it
        from osteon.patient import MEDIAN_AGE_AT_MENOPAUSE

        notes = (f"menopause not given: the median age at natural menopause, "
                 f"{MEDIAN_AGE_AT_MENOPAUSE:g} years, was assumed (Gold EB et al. 2001, SWAN: "
                 f"osteon.patient.MEDIAN_AGE_AT_MENOPAUSE_SOURCE) in every life course, so the "
                 f"part of aging_estrogen (and the others', through it) depends on it; if her "
                 f"menopause is known or expected at another age, give it in the patient "
                 f"text, e.g. 'menopause at 49'",)

    def change(parameters: dict[str, float]) -> dict[str, float]:
        r = osteon.simulate("osteon", patient=p, parameters=parameters or None,
                            duration=years * 365.25, save=np.array([0.0, years * 365.25]),
                            solver=solver)
        return {s: 100.0 * (r[f"bmd_{s}"][0][-1] / r[f"bmd_{s}"][0][0] - 1.0) for s in SITES}

    # every run warns alike (an age past the model's scope): 2 + N times the same line
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = AgingAttribution(
            patient=p.to_text(), start_age=p.age, end_age=float(to_age),
            change_all=change({}), change_none=change(dict.fromkeys(chosen, 0.0)),
            change_without={m: change({m: 0.0}) for m in chosen},
            descriptions={m: known[m] for m in chosen}, notes=notes)
    for message in dict.fromkeys((w.category, str(w.message)) for w in caught):
        warnings.warn(message[1], message[0], stacklevel=2)
    return result
