"""A virtual trial: treatment arms run on the same virtual population, :func:`simulate_arms`.

Every arm runs the same subjects: the same rows of the same table (so the same patients, the
same parameter columns and the same subject ids; nothing is drawn at random per subject, and a
prescription's adherence draw is its own ``seed``, as written in the arm's text). The
:class:`TrialResult` holds each arm's :class:`~osteon.Result` and gives, per arm and readout,
the median [5th, 95th percentile] across subjects and, for every arm after the first, the same
of each subject's difference from her own value in the first arm (:meth:`TrialResult.to_pandas`,
the table ``osteon simulate --population FILE --compare RX --compare RX`` writes as arms.csv).
Those percentiles are the spread of the virtual population, not a trial's confidence interval
(:data:`SPREAD_NOTE`). :meth:`TrialResult.plot` draws every arm's median and 5th-95th percentile
band over time.

With ``on_failure="drop"`` a subject who fails in any arm is left out of every arm (status
``dropped`` in the arms where she solved, with the arm and reason she failed in), so the arms
stay paired (:func:`pair_arms`); :attr:`TrialResult.dropped` lists them.

A population column that is a drug's parameter (``denosumab_kel``, between-subject variability
of its PK) applies only in the arms that give the drug; an arm that does not (a placebo or
alendronate arm) leaves it out, and :attr:`TrialResult.ignored_columns` and
:attr:`TrialResult.notes` record it per arm (:func:`drug_columns`). Such a column whose drug no
arm gives is refused, and its values are checked against the parameter's domain before any arm
runs.

The command line (``osteon.cli``) runs its virtual trial through this module, and reads the
arms of a single patient's comparison (``osteon simulate --patient ... --compare ...``) with
:func:`refuse_repeated_arms` and :func:`said_once` from here.
"""

from __future__ import annotations

import copy
import dataclasses
import textwrap
import warnings
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from osteon.errors import InputError, OsteonError, SimulationError

if TYPE_CHECKING:
    import pandas as pd

    from osteon.result import Result

#: what the paired differences' percentiles are (arms.csv, summary.json, the terminal, the figure)
SPREAD_NOTE = ("paired differences: each subject's value in the arm minus her value in arm 1, "
               "median [5th, 95th percentile] across the virtual population's subjects; this is "
               "the spread of the virtual population, not a trial's confidence interval")
#: the percentiles across subjects given for every readout: 5th, median, 95th
QUANTILES = (0.05, 0.5, 0.95)
#: how an untreated arm is written (any case; the last is its canonical name)
NO_TREATMENT = ("none", "placebo", "no treatment")

_SITES = (("lumbar_spine", "spine"), ("total_hip", "total hip"),
          ("femoral_neck", "femoral neck"))
#: each readout: (key in arms.csv, label, where its per-subject values come from, kind)
#: kind 'change': % change from the subject's start, at each whole year and the end;
#: kind 'level': the value itself, at the end only
READOUTS = (*((f"bmd_{s}_change", f"BMD {label} change [%]", f"bmd_{s}", "change")
              for s, label in _SITES),
            ("ctx_change", "CTX change [%]", "ctx_on_assay", "change"),
            ("p1np_change", "P1NP change [%]", "p1np_on_assay", "change"),
            ("fracture_risk_10y_hip", "hip fracture, 10 y [%]", "fracture_risk_10y_hip",
             "level"),
            ("fracture_risk_10y_major", "major fracture, 10 y [%]",
             "fracture_risk_10y_major", "level"))
#: the readouts :meth:`TrialResult.plot` draws over time, one panel each
PLOTTED = tuple(r for r in READOUTS if r[3] == "change")


# ---------------------------------------------------------------------- the arms' texts
def untreated(rx: Any) -> bool:
    """Whether an arm is the untreated course: ``None`` or a text of :data:`NO_TREATMENT`."""
    return rx is None or (isinstance(rx, str) and rx.strip().lower() in NO_TREATMENT)


def arm_key(rx: Any) -> str:
    """What an arm is, whatever its spelling: 'no treatment' for None/none/placebo, else the
    prescription's canonical text (case, aliases and 'x 1' / 'once' do not make a new arm)."""
    from osteon.dosing import Regimen

    if untreated(rx):
        return NO_TREATMENT[-1]
    return str(rx if isinstance(rx, Regimen) else Regimen.parse(rx))


def refuse_repeated_arms(prescriptions: list[Any], option: str = "--compare") -> None:
    """Refuse fewer than two arms, and an arm given twice under any spelling (none =
    placebo). ``option`` names the arms in the message: ``--compare`` on the command line,
    ``arms`` for :func:`simulate_arms`."""
    what = "arms" if option == "arms" else f"{option} arms"
    if len(prescriptions) < 2:
        needs = "arms needs" if option == "arms" else f"{option} needs"
        raise InputError(f"{needs} at least two arms; got {len(prescriptions)}")
    seen: dict[str, str] = {}
    for rx in prescriptions:
        key = arm_key(rx)
        text = arm_label(rx)
        if key in seen:
            same = "no treatment" if key == NO_TREATMENT[-1] else f"the prescription '{key}'"
            raise InputError(f"{what} must differ: '{seen[key]}' and '{text}' are the same arm "
                             f"({same}); give each arm once")
        seen[key] = text


def arm_label(rx: Any) -> str:
    """An arm's name: its text as given ('none' for None; a Regimen's canonical text)."""
    return "none" if rx is None else str(rx)


def check_arms(prescriptions: list[Any], option: str = "--compare") -> None:
    """Refuse, before anything runs, fewer than two arms, an arm given twice (whatever its
    spelling), an arm that is neither a prescription (text or :class:`~osteon.dosing.Regimen`)
    nor None, and a prescription osteon cannot read or whose drug it does not know. ``option``
    names the arms in the message (``--compare arm 2 (...)``, or ``arms[1] (...)`` for
    ``option="arms"``)."""
    from osteon import drugs
    from osteon.dosing import Regimen

    def where(k: int, rx: Any) -> str:
        return (f"arms[{k}] ({arm_label(rx)!r})" if option == "arms" else
                f"{option} arm {k + 1} ({rx!r})")

    for k, rx in enumerate(prescriptions):
        if not (rx is None or isinstance(rx, str | Regimen)):
            raise InputError(f"{where(k, rx)}: an arm must be a prescription (text such as "
                             f"'denosumab 60 mg sc q6mo x 2', or an osteon.Regimen) or None / "
                             f"'none' for no treatment; got {type(rx).__name__}")
    if len(prescriptions) >= 2:  # fewer: refused below, before any arm is read
        for k, rx in enumerate(prescriptions):
            if isinstance(rx, str) and not untreated(rx):
                try:
                    Regimen.parse(rx, known_drugs=drugs.names())
                except InputError as exc:
                    raise InputError(f"{where(k, rx)}: {exc}") from None
            elif isinstance(rx, Regimen):
                for drug in rx.drugs:
                    try:
                        drugs.get(drug)
                    except InputError as exc:
                        raise InputError(f"{where(k, rx)}: {exc}") from None
    refuse_repeated_arms(prescriptions, option)


@contextmanager
def said_once() -> Iterator[None]:
    """Each distinct warning raised inside the block (same category and text) said once, in the
    order first raised, when the block ends. The arms share the subjects and their conditions,
    so what each arm's run says of them (the fit of her sites, a readout's caveat) is the same
    text in every arm; a warning of one arm only (its drug's dose) is said as it was. Every
    warning is recorded inside the block (``simplefilter('always')``), so the filters in force
    outside (``error`` under pytest, the CLI's one-line display) apply once to each, as they
    are said; the 'once' action alone would not do: an error filter raises at the first arm."""
    caught: list[warnings.WarningMessage] = []
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield
    finally:
        seen: set[tuple[type, str]] = set()
        for w in caught:
            key = (w.category, str(w.message))
            if key in seen:
                continue
            seen.add(key)
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)


# ---------------------------------------------------------------------- times
def whole_years(times: np.ndarray) -> list[tuple[int, int]]:
    """(year, index of its saved time) for each whole year after the start that is saved."""
    from osteon.units import DAYS_PER_YEAR

    out = []
    for year in range(1, int(times[-1] // DAYS_PER_YEAR + 1e-9) + 1):
        k = int(np.argmin(np.abs(times - year * DAYS_PER_YEAR)))
        if abs(times[k] - year * DAYS_PER_YEAR) <= 1e-6:
            out.append((year, k))
    return out


def with_whole_years(save: Any, duration: float) -> Any:
    """The times :func:`osteon.simulate` saves for ``save`` (``None``: 1001 evenly spaced), and
    each whole year of ``duration`` (days) that they lack, the 12- and 24-month readouts:
    ``save`` itself where they hold every year already."""
    from osteon.simulation import _save_times
    from osteon.units import DAYS_PER_YEAR

    times = _save_times(save, duration)
    years = np.arange(DAYS_PER_YEAR, duration + 1e-9, DAYS_PER_YEAR)
    if all(np.isclose(times, y, rtol=0, atol=1e-6).any() for y in years):
        return save
    return np.unique(np.concatenate([times, years]))


# ---------------------------------------------------------------------- pairing
def pair_arms(arms: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The arms with only the subjects every arm solved, and the subjects left out: for each,
    ``subject_id``, the ``arm`` (1-based) and ``prescription`` she failed in first, and why
    (``message``). In an arm where she solved, her status becomes ``dropped`` with that reason;
    where she failed, it stays as it was."""
    names = list(arms)
    failed: dict[Any, dict[str, Any]] = {}
    for k, name in enumerate(names):
        status = arms[name].status
        for row in status[status["status"] != "ok"].itertuples(index=False):
            failed.setdefault(row.subject_id, {"subject_id": row.subject_id, "arm": k + 1,
                                               "prescription": name,
                                               "message": str(row.message)})
    if not failed:
        return arms, []
    out = {}
    for name in names:
        out[name] = _without(arms[name], failed)
    return out, list(failed.values())


def _without(result: Any, failed: dict[Any, dict[str, Any]]) -> Any:
    """``result`` without the subjects in ``failed`` (those it solved marked ``dropped``)."""
    keep = [i for i, s in enumerate(result.subject_ids) if s not in failed]
    if len(keep) == len(result.subject_ids):
        return result
    status = result.status.copy()
    for j, sid in enumerate(status["subject_id"]):
        if sid in failed and status.at[status.index[j], "status"] == "ok":
            f = failed[sid]
            status.at[status.index[j], "status"] = "dropped"
            status.at[status.index[j], "message"] = (
                f"left out of every arm to keep the arms paired: she failed in arm {f['arm']} "
                f"({f['prescription']!r}): {f['message']}")
    attrs = dict(result.attrs)
    after = attrs.get("after_events_at_start")
    if after:  # per subject kept
        attrs["after_events_at_start"] = {v: [vals[i] for i in keep] for v, vals in after.items()}
    return dataclasses.replace(result, subject_ids=tuple(result.subject_ids[i] for i in keep),
                               values=result.values[keep], baseline=result.baseline[keep],
                               status=status, attrs=attrs)


# ---------------------------------------------------------------------- readouts
def subject_values(result: Any, source: str) -> np.ndarray:
    """Each subject's ``source`` at every saved time, shape (n_subjects, n_times): a model
    variable, or a clinical readout (NaN where she has none)."""
    if source in result.variables:
        return np.asarray(result[source], dtype=float)
    clin = result.clinical()
    if clin is None or source not in clin.columns:
        return np.full((result.n_subjects, result.times.size), np.nan)
    import pandas as pd

    y = pd.to_numeric(clin[source], errors="coerce").to_numpy(dtype=float)
    return y.reshape(result.n_subjects, result.times.size)


def _percent_change(y: np.ndarray) -> np.ndarray:
    """Each subject's % change from her start, at every saved time (NaN where she has none)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return 100.0 * (y / y[:, :1] - 1.0)


def readout_values(result: Any) -> dict[tuple[str, str], tuple[float, np.ndarray]]:
    """Per (readout key, ``at``): the saved time (days) and each subject's value, in the order
    of ``result.subject_ids``. ``at`` is ``year_1``, ... and ``end`` for a % change from her
    start, ``end`` for a level."""
    times = result.times
    # as population.csv: each whole year saved, and the end (also where it is a whole year)
    when = [*((f"year_{y}", k) for y, k in whole_years(times)), ("end", times.size - 1)]
    out = {}
    for key, _, source, kind in READOUTS:
        y = subject_values(result, source)
        if kind == "change":
            with np.errstate(invalid="ignore", divide="ignore"):
                for at, k in when:
                    out[(key, at)] = (float(times[k]), 100.0 * (y[:, k] / y[:, 0] - 1.0))
        else:
            out[(key, "end")] = (float(times[-1]), y[:, -1])
    return out


def _quantiles(v: np.ndarray) -> tuple[int, list[float]]:
    v = v[np.isfinite(v)]
    if not v.size:
        return 0, [float("nan")] * len(QUANTILES)
    return int(v.size), [float(q) for q in np.quantile(v, QUANTILES)]


def arms_frame(arms: dict[str, Any]) -> Any:
    """arms.csv: per arm and readout, the number of subjects with it and its 5th, 50th and 95th
    percentiles across them; for an arm after the first, the number of subjects with it in
    both arms and the percentiles of each subject's value here minus hers in arm 1
    (``paired_difference_*``, in percentage points: every readout is a percent)."""
    import pandas as pd

    names = list(arms)
    first = arms[names[0]]
    ref = readout_values(first)
    labels = {key: (label, kind) for key, label, _, kind in READOUTS}
    qn = [f"q{q:g}" for q in QUANTILES]
    rows = []
    for k, name in enumerate(names):
        r = arms[name]
        if r.subject_ids != first.subject_ids:  # pair_arms makes them the same
            raise AssertionError("the arms' subjects differ; pair them first (pair_arms)")
        for (key, at), (t, v) in readout_values(r).items():
            label, kind = labels[key]
            n, q = _quantiles(v)
            row = {"arm": k + 1, "prescription": name, "readout": key, "label": label,
                   "at": at, "time_days": t,
                   "unit": "% change from the subject's start" if kind == "change" else "%",
                   "n": n, **dict(zip(qn, q, strict=True))}
            if k > 0:
                dn, dq = _quantiles(v - ref[(key, at)][1])
                row.update({"versus_arm": 1, "paired_n": dn,
                            **{f"paired_difference_{c}": x for c, x in zip(qn, dq, strict=True)},
                            "paired_difference_unit": "percentage points",
                            "paired_difference_is": SPREAD_NOTE})
            rows.append(row)
    columns = ["arm", "prescription", "readout", "label", "at", "time_days", "unit", "n", *qn,
               "versus_arm", "paired_n", *(f"paired_difference_{c}" for c in qn),
               "paired_difference_unit", "paired_difference_is"]
    frame = pd.DataFrame(rows, columns=columns)
    for c in ("versus_arm", "paired_n"):  # counts, empty in arm 1's rows
        frame[c] = frame[c].astype("Int64")
    return frame


# ---------------------------------------------------------------------- the result
@dataclasses.dataclass(frozen=True, eq=False)
class TrialResult:
    """The arms of a virtual trial (:func:`simulate_arms`), paired: every arm holds the same
    subjects, in the same order.

    ``arms``: each arm's :class:`~osteon.Result`, by its prescription's text ('none' for the
    untreated arm; a Regimen's canonical text), in the order given. ``dropped``: each subject
    left out of every arm (``on_failure="drop"``), with ``subject_id``, the ``arm`` (1-based)
    and ``prescription`` she failed in first, and why (``message``); each arm's ``status``
    records her too. ``subjects_requested``: the population's rows. ``population``: the table
    file's path where one was given, else None. ``ignored_columns``: per arm (by its text), the
    population's columns of a drug that arm does not give (``denosumab_kel`` in the placebo
    arm), which that arm did not use: only the arms with such columns, in the table's order
    (:attr:`notes` says it, one line per arm). ``ignored_parameters``: likewise, the names of
    ``parameters`` that are a drug's where the arm does not give it."""

    arms: Mapping[str, Result]
    dropped: tuple[dict[str, Any], ...] = ()
    subjects_requested: int = 0
    population: str | None = None
    ignored_columns: Mapping[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)
    ignored_parameters: Mapping[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)

    @property
    def notes(self) -> tuple[str, ...]:
        """One line per arm that did not use some of the population's columns, and one per arm
        that did not use some of ``parameters`` (each a drug's parameter where the arm does not
        give the drug), in the arms' order; the command line prints them and summary.json holds
        them (``notes``)."""
        names = list(self.arms)
        return (*(ignored_note(k + 1, name, self.ignored_columns[name])
                  for k, name in enumerate(names) if self.ignored_columns.get(name)),
                *(ignored_note(k + 1, name, self.ignored_parameters[name], kind="parameter")
                  for k, name in enumerate(names) if self.ignored_parameters.get(name)))

    @property
    def prescriptions(self) -> tuple[str, ...]:
        """The arms' texts, in order (arm 1 first)."""
        return tuple(self.arms)

    @property
    def subject_ids(self) -> tuple[Any, ...]:
        """The subjects in every arm."""
        return next(iter(self.arms.values())).subject_ids

    @property
    def n_subjects(self) -> int:
        """The number of subjects in every arm (the dropped ones left out)."""
        return len(self.subject_ids)

    @property
    def duration_days(self) -> float:
        return next(iter(self.arms.values())).duration_days

    def __getitem__(self, arm: int | str) -> Result:
        """An arm's result: by its number (1 = the first arm, as arms.csv numbers them) or its
        text."""
        if isinstance(arm, str):
            if arm not in self.arms:
                raise KeyError(f"no arm {arm!r}; the arms are {list(self.arms)}")
            return self.arms[arm]
        if isinstance(arm, bool) or not isinstance(arm, int | np.integer) or not (
                1 <= arm <= len(self.arms)):
            raise IndexError(f"arm must be a number from 1 to {len(self.arms)} (arm 1 is the "
                             f"first) or an arm's text; got {arm!r}")
        return list(self.arms.values())[int(arm) - 1]

    def __len__(self) -> int:
        return len(self.arms)

    def to_pandas(self) -> pd.DataFrame:
        """Per arm and readout (BMD % change by site, CTX and P1NP % change at each whole year
        saved and the end; the 10-year hip and major fracture probability at the end): the
        number of subjects with it and its 5th, 50th and 95th percentile across them (``n``,
        ``q0.05``, ``q0.5``, ``q0.95``) and, for every arm after the first, those of each
        subject's value minus hers in arm 1 (``paired_n``, ``paired_difference_q*``, in
        percentage points). The table ``osteon simulate --population FILE --compare ...``
        writes as arms.csv; the percentiles are the virtual population's spread, not a
        confidence interval (:data:`SPREAD_NOTE`)."""
        return arms_frame(dict(self.arms))

    def summary(self) -> dict[str, Any]:
        """What summary.json of the command line's virtual trial holds: the population file,
        the subjects requested and in every arm, those dropped, the duration, each arm (its
        number, text and directory ``arm_<k>``), what the paired differences are, and the rows
        of :meth:`to_pandas` (NaN as None), as :meth:`osteon.Result.summary` gives a run's."""
        return summary_json(self, self.to_pandas())

    def plot(self):
        """One figure of every arm over time: per arm (one colour each), the median and the
        5th-95th percentile band across subjects of the BMD % change at the lumbar spine, total
        hip and femoral neck, and of the CTX and P1NP % change, each from the subject's start.
        The band is the virtual population's spread, not a confidence interval. Returns a
        matplotlib Figure (Agg backend where there is no display)."""
        return plot_trial(self)

    def __repr__(self) -> str:
        dropped = f", {len(self.dropped)} dropped" if self.dropped else ""
        arms = "; ".join(f"{k + 1} = {name}" for k, name in enumerate(self.arms))
        return (f"TrialResult({len(self.arms)} arms: {arms}; {self.n_subjects} subjects in "
                f"every arm{dropped}; {self.duration_days:g} days)")


def summary_json(trial: TrialResult, frame: Any) -> dict[str, Any]:
    """The top-level summary.json of a virtual trial: the population file, the subjects every
    arm ran, those dropped, each arm's directory and the population's columns and the
    parameters it did not use (``population_columns_not_used``, ``parameters_not_used``: a
    drug's parameter where the arm does not give the drug; ``notes`` says so, one line per such
    arm), and arms.csv's rows (``frame``)."""

    def clean(v: Any) -> Any:
        if isinstance(v, float | np.floating):
            return float(v) if np.isfinite(v) else None
        if isinstance(v, np.integer):
            return int(v)
        return v

    return {
        "population": trial.population,
        "subjects_requested": trial.subjects_requested,
        "subjects_in_every_arm": [clean(s) for s in trial.subject_ids],
        "dropped": [{k: clean(v) for k, v in d.items()} for d in trial.dropped],
        "duration_days": trial.duration_days,
        "arms": [{"arm": k + 1, "prescription": name, "directory": f"arm_{k + 1}",
                  "population_columns_not_used": list(trial.ignored_columns.get(name, ())),
                  "parameters_not_used": list(trial.ignored_parameters.get(name, ()))}
                 for k, name in enumerate(trial.arms)],
        "notes": list(trial.notes),
        "paired_differences": SPREAD_NOTE,
        "readouts": [{k: clean(v) for k, v in row.items()}
                     for row in frame.to_dict(orient="records")],
    }


# ---------------------------------------------------------------------- the figure
#: the longest legend entry of an arm, in characters (the rest is cut with '...')
LABEL_WIDTH = 90


def short_label(k: int, text: str, width: int = 32) -> str:
    """Arm ``k`` (1-based) as the figure's legend names it: ``k: text`` folded onto lines of at
    most ``width`` characters, cut (``...``) past :data:`LABEL_WIDTH` characters; the whole text
    is in :attr:`TrialResult.arms` and arms.csv."""
    text = " ".join(text.split())
    if len(text) > LABEL_WIDTH:
        text = textwrap.shorten(text, LABEL_WIDTH, placeholder=" ...")
    return textwrap.fill(f"{k}: {text}", width, subsequent_indent="   ")


def spread_over_time(result: Any, source: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """The 5th percentile, median and 95th percentile across subjects of the % change of
    ``source`` from each subject's start, at every saved time, and the number of subjects with
    it (NaN at a time where none has it)."""
    y = _percent_change(subject_values(result, source))
    ok = np.isfinite(y)
    has = ok.any(axis=1)
    n = int(has.sum())
    q = np.full((len(QUANTILES), y.shape[1]), np.nan)
    for j in range(y.shape[1]):
        v = y[ok[:, j], j]
        if v.size:
            q[:, j] = np.quantile(v, QUANTILES)
    return q[0], q[1], q[2], n


def plot_trial(trial: TrialResult):
    """The figure of :meth:`TrialResult.plot` (arms.png on the command line)."""
    from osteon.plotting import _pyplot
    from osteon.units import DAYS_PER_YEAR

    plt = _pyplot()
    fig, axes = plt.subplots(2, 3, figsize=(15, 8.5), squeeze=False)
    panels = list(axes.flat)
    for k, (name, r) in enumerate(trial.arms.items()):
        x = r.times / DAYS_PER_YEAR
        colour = f"C{k % 10}"
        label = short_label(k + 1, name)
        for ax, (_, _title, source, _) in zip(panels, PLOTTED, strict=False):
            lo, mid, hi, n = spread_over_time(r, source)
            if n == 0:
                continue
            ax.fill_between(x, lo, hi, color=colour, alpha=0.2, lw=0)
            ax.plot(x, mid, color=colour, lw=1.6, label=label)
    for ax, (_, title, _, _) in zip(panels, PLOTTED, strict=False):
        ax.axhline(0.0, color="0.5", lw=0.8)
        ax.set_title(title.replace(" [%]", ", % from the subject's start"), fontsize=10)
        ax.set_xlabel("years", fontsize=8)
        ax.grid(alpha=0.3)
        if not ax.lines:
            ax.text(0.5, 0.5, "no subject has this readout", transform=ax.transAxes,
                    ha="center", va="center", color="0.4")
    legend_ax = panels[len(PLOTTED)]
    legend_ax.axis("off")
    handles, labels = next((ax.get_legend_handles_labels() for ax in panels if ax.lines),
                           ([], []))
    if handles:
        legend_ax.legend(handles, labels, loc="upper left", fontsize=8,
                         title="arms: median (line), 5th-95th percentile (band)")
    dropped = (f" ({len(trial.dropped)} of {trial.subjects_requested} dropped from every arm: "
               f"they failed in some arm)" if trial.dropped else "")
    s = "s" if trial.n_subjects != 1 else ""
    fig.suptitle(f"Virtual trial: the same {trial.n_subjects} subject{s} in every arm{dropped}; "
                 f"median and 5th-95th percentile across subjects\nthe band is the virtual "
                 f"population's spread, not a confidence interval", fontsize=11)
    fig.tight_layout()
    return fig


def write_figure(trial: TrialResult, path: Path) -> None:
    """Write :meth:`TrialResult.plot` to ``path`` (PNG, 120 dpi, as the command line's
    figures)."""
    from osteon.plotting import _pyplot

    plt = _pyplot()
    fig = trial.plot()
    try:
        fig.savefig(path, dpi=120)
    finally:
        plt.close(fig)


# ---------------------------------------------------------------------- a drug's columns
def arm_drugs(rx: Any) -> frozenset[str]:
    """The ids of the drugs an arm gives (none for the untreated arm)."""
    from osteon import drugs
    from osteon.dosing import Regimen

    if untreated(rx):
        return frozenset()
    regimen = rx if isinstance(rx, Regimen) else Regimen.parse(rx, known_drugs=drugs.names())
    return frozenset(drugs.get(d).id for d in regimen.drugs)


def _drug(owner: str) -> str:
    return owner.replace("_", " ")


def ignored_note(k: int, name: str, columns: tuple[str, ...] | list[str],
                 kind: str = "population column") -> str:
    """The line that says arm ``k`` (1-based, text ``name``) did not use ``columns`` (population
    columns, or parameters given to every arm with ``kind="parameter"``), each a parameter of a
    drug the arm does not give."""
    from osteon.drugs import parameter_owner

    by_drug: dict[str, list[str]] = {}
    for c in columns:
        by_drug.setdefault(str(parameter_owner(c)), []).append(str(c))
    parts = []
    for j, (owner, cols) in enumerate(by_drug.items()):
        verb = ("applies" if len(cols) == 1 else "apply") if j == 0 else ""
        parts.append(" ".join(x for x in (", ".join(cols), verb,
                                          f"only where {_drug(owner)} is given") if x))
    s = "s" if len(columns) != 1 else ""
    return f'arm {k} ("{name}"): {kind}{s} {" and ".join(parts)}; not used in this arm'


def drug_columns(table: Any, arms: list[Any]) -> dict[str, tuple[str, ...]]:
    """Per arm (by :func:`arm_label`), the columns of ``table`` that are parameters of a drug
    the arm does not give, which that arm leaves out (only the arms with some). A drug column
    no arm gives is refused, naming the drug and the arms (it is almost certainly a mistake),
    and every drug column's values are checked against the parameter's domain here, before any
    arm runs, as the arms that give the drug check them."""
    from osteon import drugs
    from osteon.library import load
    from osteon.simulation import _ids_from_index, _parameters

    owner_of = {c: o for c in table.columns if (o := drugs.parameter_owner(c)) is not None}
    owners: dict[str, list[str]] = {}
    for c, owner in owner_of.items():
        owners.setdefault(owner, []).append(c)
    if not owners:
        return {}
    given = [arm_drugs(rx) for rx in arms]
    for owner, cols in owners.items():
        if not any(owner in g for g in given):
            named = ", ".join(repr(c) for c in cols)
            what = (f"population column {named} is a parameter" if len(cols) == 1 else
                    f"population columns {named} are parameters")
            raise InputError(
                f"{what} of drug '{owner}', which no arm gives (arms: "
                f"{', '.join(repr(arm_label(rx)) for rx in arms)}); a drug's column varies it "
                f"between the subjects of the arms that give it: prescribe {_drug(owner)} in an "
                f"arm, or leave the column{'s' if len(cols) != 1 else ''} out")
    # the domain of each drug column, as the runs giving the drug check it (row and subject)
    table = _ids_from_index(table)
    ids = ["subject_id"] if "subject_id" in table.columns else []
    spec = drugs.compose(load("osteon"), list(owners))
    _parameters(spec, None, table[ids + list(owner_of)])
    out: dict[str, tuple[str, ...]] = {}
    for rx, g in zip(arms, given, strict=True):
        left = tuple(c for c, owner in owner_of.items() if owner not in g)
        if left:
            out[arm_label(rx)] = left
    return out


def drug_parameters(parameters: Mapping[str, Any] | None,
                    arms: list[Any]) -> dict[str, tuple[str, ...]]:
    """Per arm (by :func:`arm_label`), the names of ``parameters`` that are parameters of a drug
    the arm does not give, which that arm leaves out (only the arms with some), as
    :func:`drug_columns` does for a population's columns: refused where no arm gives the drug,
    and each value checked against its parameter's domain here, before any arm runs."""
    from osteon import drugs
    from osteon.library import load

    if not parameters or not isinstance(parameters, Mapping):
        return {}  # no parameters, or not a mapping: each arm's run says what is wrong
    owner_of = {n: o for n in parameters if (o := drugs.parameter_owner(n)) is not None}
    if not owner_of:
        return {}
    given = [arm_drugs(rx) for rx in arms]
    for owner in dict.fromkeys(owner_of.values()):
        if not any(owner in g for g in given):
            names = [n for n, o in owner_of.items() if o == owner]
            what = (f"parameter {names[0]!r} is a parameter" if len(names) == 1 else
                    f"parameters {', '.join(repr(n) for n in names)} are parameters")
            raise InputError(
                f"{what} of drug '{owner}', which no arm gives (arms: "
                f"{', '.join(repr(arm_label(rx)) for rx in arms)}): prescribe {_drug(owner)} in "
                f"an arm, or leave {'it' if len(names) == 1 else 'them'} out")
    spec = drugs.compose(load("osteon"), list(dict.fromkeys(owner_of.values())))
    spec.resolve_parameters({n: parameters[n] for n in owner_of}, 1, where="parameters")
    out: dict[str, tuple[str, ...]] = {}
    for rx, g in zip(arms, given, strict=True):
        left = tuple(n for n, owner in owner_of.items() if owner not in g)
        if left:
            out[arm_label(rx)] = left
    return out


# ---------------------------------------------------------------------- the trial
def _in_arm(exc: OsteonError, k: int, name: str) -> OsteonError:
    """``exc`` of arm ``k`` (0-based) with the arm named first in its message (its type and
    attributes, a SimulationError's ``failures``, kept; ``arm`` 1-based and ``prescription``
    added)."""
    out = copy.copy(exc)
    out.args = (f"arms[{k}] ({name!r}): {exc}", *exc.args[1:])
    out.arm = k + 1  # type: ignore[attr-defined]
    out.prescription = name  # type: ignore[attr-defined]
    return out


def simulate_arms(
    population: Any,
    arms: list[Any],
    *,
    duration: float | str = "1 year",
    patient: Any = None,
    parameters: Mapping[str, Any] | None = None,
    conditions: Any = None,
    save: int | float | str | Any = None,
    solver: Any = None,
    initial: str = "steady_state",
    on_failure: str = "raise",
) -> TrialResult:
    """A virtual trial: every arm of ``arms`` run on the same subjects of ``population`` with
    the integrated ``osteon`` model.

    Parameters
    ----------
    population
        A DataFrame, one row per subject, as :func:`osteon.simulate` takes it (columns named
        like parameters and like :class:`~osteon.Patient` fields, an optional ``subject_id``),
        or the path of such a table (.csv, .tsv or .parquet; the columns of
        ``osteon simulate --population FILE``).
        A column that is a drug's parameter (``denosumab_kel``: between-subject variability
        of the drug's PK) applies only in the arms that give the drug; an arm that does not
        (the placebo arm) leaves it out, and :attr:`TrialResult.ignored_columns` and
        :attr:`TrialResult.notes` record that, per arm. Such a column is refused where no arm
        gives its drug, and its values are checked against the parameter's domain before any
        arm runs. Any other column acts in every arm; one that is no Patient field and no
        parameter of the model or of a drug is refused, with the closest name.
    arms
        A list of at least two arms, each a prescription (text such as ``"denosumab 60 mg sc
        q6mo x 2"`` or an :class:`~osteon.Regimen`) or ``None`` / ``"none"`` / ``"placebo"``
        for no treatment. Every arm differs (``"none"`` and ``"placebo"`` are the same arm);
        arm 1 is the one the paired differences are read against.
    duration, patient, parameters, conditions, solver, initial
        As :func:`osteon.simulate`, the same for every arm (``parameters`` and ``conditions``
        act in every arm, but for a drug's parameter in ``parameters``, which acts, as a
        population's column does, only in the arms that give the drug: the others leave it out
        and :attr:`TrialResult.ignored_parameters` and :attr:`TrialResult.notes` say so; it is
        refused where no arm gives the drug).
    save
        As :func:`osteon.simulate` (default 1001 evenly spaced times), with each whole year
        of the run added where it is not saved: the 12- and 24-month readouts.
    on_failure
        ``"raise"`` (default): the first failed subject stops the trial, the error naming the
        arm (``arms[k] ('...')``) and the subject. ``"drop"``: a subject who fails in any arm
        is left out of every arm, so the arms stay paired; :attr:`TrialResult.dropped` lists
        each with the arm and reason, and each arm's ``status`` records her (``dropped`` where
        she solved). A :class:`SimulationError` where no subject solved in every arm.

    Returns
    -------
    TrialResult
        Each arm's :class:`~osteon.Result` (``trial.arms``, ``trial[1]``), the table of medians
        and paired differences (:meth:`TrialResult.to_pandas`, arms.csv on the command line),
        and :meth:`TrialResult.plot`.

    Every arm's text, the population and the options are checked before any arm runs; what
    each arm's run warns of the same subjects is said once for all the arms.
    """
    import pandas as pd

    from osteon.simulation import simulate
    from osteon.units import to_days

    if on_failure not in ("raise", "drop"):
        raise InputError(f"on_failure must be 'raise' or 'drop'; got {on_failure!r}")
    if isinstance(arms, str) or not isinstance(arms, list | tuple):
        raise InputError(f"arms must be a list of at least two arms, each a prescription (text "
                         f"or osteon.Regimen) or None for no treatment; got "
                         f"{type(arms).__name__} {arms!r}")
    arms = list(arms)
    check_arms(arms, option="arms")
    t_end = to_days(duration, field="duration", allow_zero=False)
    source = None
    if isinstance(population, str | Path):
        from osteon.io.population import read_population

        source = str(population)
        table = read_population(Path(population), option="population")
    elif isinstance(population, pd.DataFrame):
        if len(population) == 0:
            raise InputError("population has no rows; give one row per subject")
        table = population
    else:
        raise InputError(f"population must be a pandas DataFrame (one row per subject) or the "
                         f"path of a .csv, .tsv or .parquet table; got {type(population).__name__}")
    ignored = drug_columns(table, arms)
    unused = drug_parameters(parameters, arms)
    times = with_whole_years(save, t_end)
    results: dict[str, Any] = {}
    with said_once():  # what each arm says of the same subjects, said once for them all
        for k, rx in enumerate(arms):
            name = arm_label(rx)
            rows = table.drop(columns=list(ignored[name])) if name in ignored else table
            values = ({n: v for n, v in parameters.items() if n not in unused[name]}
                      if name in unused else parameters)
            try:
                results[name] = simulate("osteon", None if untreated(rx) else rx,
                                         patient=patient, parameters=values,
                                         population=rows, duration=t_end, save=times,
                                         solver=solver, initial=initial,
                                         conditions=conditions, on_failure=on_failure)
            except OsteonError as exc:
                raise _in_arm(exc, k, name) from exc
    paired, dropped = pair_arms(results)
    if next(iter(paired.values())).n_subjects == 0:
        exc = SimulationError("no subject solved in every arm; "
                              + "; ".join(f"subject {d['subject_id']!r} failed in arm {d['arm']}: "
                                          f"{d['message']}" for d in dropped), failures=dropped)
        exc.no_subject_left = True  # type: ignore[attr-defined]
        raise exc
    return TrialResult(arms=paired, dropped=tuple(dropped), subjects_requested=len(table),
                       population=source, ignored_columns=ignored, ignored_parameters=unused)
