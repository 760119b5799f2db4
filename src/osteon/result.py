"""Result: subject × time trajectories of states and observables, with units and provenance."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from osteon.errors import unknown_name
from osteon.model.spec import ModelSpec

#: the assay the clinical readouts' marker columns (``*_on_assay``, ``*_status``) are read on in
#: :meth:`Result.clinical`'s default, to_pandas(), summary.json and to_xarray()
CLINICAL_ASSAY = "IDS-iSYS"


@dataclass(frozen=True, eq=False)
class Result:
    """What a simulation returns. A subject dimension is always present, even for one patient.

    ``values`` has shape (n_subjects, n_times, n_variables), variables being the model's states
    followed by its observables. ``status`` has one row per subject requested, including any that
    failed (with the reason); failed subjects have no rows in ``values`` — never NaN. Its
    ``steady_state_residual`` is the relative residual (max |dy/dt|·1 day / max(|y|, scale)) of
    the steady state the run starts from (<= 1e-8): for a model with a run-in (the aging
    ``osteon``), a patient's included, the young adult's her life course starts from, also for
    a subject whose life course then failed; where the start is given (``initial="model"``, a
    mapping or an array) no steady state is solved, and it is the given start's residual, by
    the same measure: how far from rest the run starts.

    ``units`` gives each variable's unit as summary.json's ``columns``, the long table and
    :meth:`to_xarray` write it: the model's unit (``model.unit_of(name)``, which pint reads),
    and for a marker on an assay's scale that scale too, ``"ng/mL (Roche Elecsys scale)"``
    for ``ctx`` and ``p1np`` (:attr:`scales` names the assay alone).
    """

    model: ModelSpec
    times: np.ndarray
    subject_ids: tuple[Any, ...]
    values: np.ndarray
    variables: tuple[str, ...]
    units: Mapping[str, str]
    status: pd.DataFrame
    parameters: pd.DataFrame
    baseline: np.ndarray
    attrs: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # a marker's unit names its scale here, as everywhere else (a result saved before it
        # did, with a bare "ng/mL", reads back the same as a new one)
        from osteon.readouts.markers import unit_on_scale

        units = dict(self.units)
        for name, assay in model_scales(self.model).items():
            if name in units:
                units[name] = unit_on_scale(units[name], assay)
        object.__setattr__(self, "units", units)

    # ------------------------------------------------------------------ access
    @property
    def n_subjects(self) -> int:
        return len(self.subject_ids)

    @property
    def ok(self) -> bool:
        """True when every requested subject was solved."""
        return bool((self.status["status"] == "ok").all())

    def __contains__(self, name: object) -> bool:
        """Whether ``name`` is one of the result's states or observables (a former name of a
        renamed one is, with a warning: :meth:`ModelSpec.current_name`)."""
        if not isinstance(name, str):
            return False
        if name not in self.variables and name in self.model.renamed:
            name = self.model.current_name(name)
        return name in self.variables

    def __getitem__(self, name: str) -> np.ndarray:
        """Values of one state or observable, shape (n_subjects, n_times)."""
        if not isinstance(name, str):
            from osteon.errors import InputError

            raise InputError(f"a result is indexed by the name of a state or observable (a str, "
                             f"e.g. result['bmd_lumbar_spine']; the save times are "
                             f"result.times); got {name!r}")
        if name not in self.variables:
            name = self.model.current_name(name)  # a former name is read, with a warning
        try:
            j = self.variables.index(name)
        except ValueError:
            raise unknown_name("variable", name, self.variables, f"result of '{self.model.id}'") \
                from None
        return self.values[:, :, j]

    def at(self, time_days: float | str, *, clinical: bool = True) -> pd.DataFrame:
        """All columns of :meth:`to_pandas` at the saved time nearest ``time_days`` (days, a
        text such as ``"6 months"``, or a pint Quantity of time), one row per subject: the
        model's variables and (``clinical``, for a model with areal BMD) the clinical readouts
        of :meth:`clinical` (T- and Z-scores, ``who_class``, ``*_on_assay``, ``*_status``,
        fracture probabilities), the rows of ``to_pandas(clinical=clinical)`` at that time.

        No value is interpolated: a time between two saved times reads the nearer one (the
        earlier where both are as near), and the ``time_days`` column says which. A clinical
        readout is a class or a reading of the states at a saved time (``who_class``, a
        status), which no interpolation between two times would give; save the times you will
        read (``simulate(save=...)``) to read them exactly. A time outside the saved times
        (before the first or after the last, beyond a relative 1e-9 of rounding) raises
        :class:`InputError` naming their range, rather than reading the end.
        """
        from osteon.errors import InputError
        from osteon.units import to_days

        t = to_days(time_days, field="time_days", allow_zero=True)
        first, last = float(self.times[0]), float(self.times[-1])
        slack = 1e-9 * max(1.0, abs(last))  # "1 year" given as 365.25000000000006 days
        if not first - slack <= t <= last + slack:
            raise InputError(f"time_days must lie within the saved times, {first:g} to {last:g} "
                             f"days; got {time_days!r} ({t:g} d)")
        i = int(np.argmin(np.abs(self.times - t)))
        # the wide table is subject by subject, each its times in order: row s * nt + i
        wide = self.to_pandas("wide", clinical=clinical)
        return wide.iloc[i::self.times.size].reset_index(drop=True)

    @property
    def scales(self) -> dict[str, str]:
        """The assay each marker column's ng/mL are on, by column: the model's ``ctx`` and
        ``p1np`` on the Roche Elecsys scale of their young-adult anchors, the clinical
        readouts' ``*_on_assay`` on :data:`CLINICAL_ASSAY`. The same scale that
        :attr:`units`, summary.json, the long table and :meth:`to_xarray` (its ``scale``
        attr) name."""
        return self._column_scales(self.clinical())

    def clinical(self, assay: str = CLINICAL_ASSAY) -> pd.DataFrame | None:
        """The clinical readouts at every saved time (:mod:`osteon.readouts.clinical`): T- and
        Z-scores by site, WHO class, marker status against the assay's premenopausal interval,
        10-year and lifetime fracture probabilities (percent). ``None`` for a model without
        areal BMD."""
        from osteon.readouts.clinical import trajectory_frame

        key = ("clinical", assay)
        cache = self.__dict__.setdefault("_cache", {})
        if key not in cache:
            cache[key] = trajectory_frame(self, assay=assay)
        return cache[key]

    # ------------------------------------------------------------------ export
    def to_pandas(self, form: str = "wide", *, clinical: bool = True) -> pd.DataFrame:
        """The trajectories as a DataFrame.

        ``wide``: subject_id, time_days, one column per variable, then (``clinical``, for a
        model with areal BMD) the clinical readout columns of :meth:`clinical`.

        ``long``: one row per subject, time and variable, the clinical readouts included as
        variables after the model's (in the wide form's column order): subject_id, time_days,
        variable, value, unit, text. A numeric readout has its number in ``value`` (float) and
        no ``text``; a text readout (``who_class``, ``ctx_status``, ...) has its class in
        ``text`` (a categorical column) and no ``value`` (NaN), as CDISC SDTM keeps a result's
        numeric and character forms apart (``--STRESN``, ``--STRESC``). ``unit`` is the
        column's unit as in summary.json (``"text"`` for a class). A readout missing at a time
        (a fracture probability outside ages 50-90) has NaN in ``value``, as in the wide form.
        """
        if form not in ("wide", "long"):
            from osteon.errors import InputError

            raise InputError(f"to_pandas(form=...) must be 'wide' or 'long'; got {form!r}")
        n, nt, nv = self.values.shape
        sid = np.repeat(np.array(self.subject_ids, dtype=object), nt)
        tt = np.tile(self.times, n)
        extra = self.clinical() if clinical else None
        if form == "wide":
            df = pd.DataFrame(self.values.reshape(n * nt, nv), columns=list(self.variables))
            df.insert(0, "time_days", tt)
            df.insert(0, "subject_id", sid)
            if extra is not None:
                df = pd.concat([df, extra.drop(columns=["subject_id", "time_days"])], axis=1)
            return df
        names = list(self.variables)
        numbers = [self.values.reshape(n * nt, nv)]
        texts: dict[int, np.ndarray] = {}  # column -> its classes, for the text readouts
        for c in [] if extra is None else [c for c in extra.columns
                                            if c not in ("subject_id", "time_days")]:
            col = extra[c]
            if pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col):
                numbers.append(col.to_numpy(dtype=float)[:, None])
            else:
                texts[len(names)] = col.to_numpy(dtype=object)
                numbers.append(np.full((n * nt, 1), np.nan))
            names.append(c)
        m = len(names)
        table = np.concatenate(numbers, axis=1)
        levels = sorted({v for a in texts.values() for v in a if not pd.isna(v)})
        codes = np.full((n * nt, m), -1, dtype=np.int32)
        for j, a in texts.items():
            codes[:, j] = _codes(a, levels)
        units = self._column_units(extra)
        return pd.DataFrame({
            "subject_id": np.repeat(sid, m),
            "time_days": np.repeat(tt, m),
            "variable": np.tile(np.array(names, dtype=object), n * nt),
            "value": table.reshape(-1),
            "unit": np.tile(np.array([units[v] for v in names], dtype=object), n * nt),
            "text": pd.Categorical.from_codes(codes.reshape(-1), categories=levels),
        })

    def summarize(self, quantiles: Any = (0.05, 0.5, 0.95), *,
                  variables: list[str] | None = None, clinical: bool = True) -> pd.DataFrame:
        """Statistics across subjects at every saved time, as a tidy DataFrame.

        One row per time and variable: time_days, variable, level, unit, n (the subjects with
        a value), mean, sd (the sample SD, ddof 1), then one column per quantile named
        ``q<quantile>`` (``q0.05``, ``q0.5``, ``q0.95``; NumPy's default linear interpolation,
        R's type 7). The variables are the model's and (``clinical``, for a model with areal
        BMD) the clinical readouts of :meth:`clinical`, or those named in ``variables``.

        A text readout (``who_class``, ``ctx_status``, ...) has one row per class seen in the
        result, ``level`` naming it (missing for numbers), and the statistics of its indicator
        (1 for a subject in that class, else 0): ``mean`` is the fraction of subjects in the
        class. A readout missing for a subject at a time (a fracture probability outside ages
        50-90) leaves that subject out of that time's statistics; with none left they are NaN,
        and ``sd`` is NaN with fewer than two. Only the subjects solved are summarized:
        ``status`` names any that failed.

        ``quantiles``: fractions in [0, 1] (0.05 for the 5th percentile), one or a sequence.
        """
        qs = _check_quantiles(quantiles)
        n, nt, _ = self.values.shape
        clin = self.clinical() if clinical else None
        available = list(self.variables) + ([c for c in clin.columns
                                             if c not in ("subject_id", "time_days")]
                                            if clin is not None else [])
        if variables is None:
            wanted = available
        else:
            if isinstance(variables, str) or not all(isinstance(v, str) for v in variables):
                from osteon.errors import InputError

                raise InputError(f"summarize(variables=...) must be a list of variable names "
                                 f"(e.g. ['bmd_lumbar_spine', 'who_class']); got {variables!r}")
            # a former name reads as the current one, warned; its rows carry the current name
            wanted = []
            for v in variables:
                if v not in available:
                    v = self.model.current_name(v)
                if v not in available:
                    raise unknown_name("variable", v, available, f"result of '{self.model.id}'")
                wanted.append(v)
            wanted = list(dict.fromkeys(wanted))
        units = self._column_units(clin)
        names: list[str] = []
        levels: list[Any] = []
        row_units: list[str] = []
        blocks: list[np.ndarray] = []  # each (n, nt)
        for v in wanted:
            if v in self.variables:
                names.append(v)
                levels.append(None)
                row_units.append(units[v])
                blocks.append(self.values[:, :, self.variables.index(v)])
                continue
            col = clin[v]
            if pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col):
                names.append(v)
                levels.append(None)
                row_units.append(units[v])
                blocks.append(col.to_numpy(dtype=float).reshape(n, nt))
                continue
            text = col.to_numpy(dtype=object).reshape(n, nt)
            missing = pd.isna(text)
            for level in sorted({x for x in text[~missing]}):
                names.append(v)
                levels.append(level)
                row_units.append("fraction of subjects")
                blocks.append(np.where(missing, np.nan, (text == level).astype(float)))
        data = np.stack(blocks, axis=2) if blocks else np.empty((n, nt, 0))  # (n, nt, m)
        m = data.shape[2]
        count = (~np.isnan(data)).sum(axis=0)  # (nt, m)
        total = np.nansum(data, axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = np.where(count > 0, total / np.maximum(count, 1), np.nan)
            dev = np.nansum((data - mean[None]) ** 2, axis=0)
            sd = np.where(count > 1, np.sqrt(dev / np.maximum(count - 1, 1)), np.nan)
        qv = np.full((len(qs), nt, m), np.nan)
        whole = (count == n).all(axis=0)  # columns without a missing value: the fast quantile
        if qs and whole.any():
            qv[:, :, whole] = np.quantile(data[:, :, whole], qs, axis=0)
        for j in np.flatnonzero(~whole):
            for i in np.flatnonzero(count[:, j] > 0):
                qv[:, i, j] = np.quantile(data[~np.isnan(data[:, i, j]), i, j], qs)
        out = pd.DataFrame({
            "time_days": np.repeat(self.times, m),
            "variable": np.tile(np.array(names, dtype=object), nt),
            "level": np.tile(np.array(levels, dtype=object), nt),
            "unit": np.tile(np.array(row_units, dtype=object), nt),
            "n": count.reshape(-1),
            "mean": mean.reshape(-1),
            "sd": sd.reshape(-1),
        })
        for k, q in enumerate(qs):
            out[_quantile_name(q)] = qv[k].reshape(-1)
        return out

    def save(self, path: Any, *, figure: bool = False) -> list[Any]:
        """Write the result into the directory ``path`` (made if missing), as ``osteon simulate
        --out`` does: trajectory.csv and .parquet (the wide table), parameters.csv,
        summary.json (units of every column, conditions, overrides, solver, status, and what a
        reload needs) and, with ``figure``, figure.png. Returns the paths written. See
        :mod:`osteon.io.results`."""
        from osteon.io.results import save

        return save(self, path, figure=figure)

    @classmethod
    def load(cls, path: Any, *, model: ModelSpec | None = None) -> Result:
        """The result saved in the directory ``path`` (by :meth:`save` or ``osteon simulate
        --out``): the same values, times, subjects, units, status, parameters, baseline and
        attrs. ``model`` is needed only for a model that is not in the library."""
        from osteon.io.results import load

        return load(path, model=model)

    def to_xarray(self, *, clinical: bool = True):
        """An ``xarray.Dataset`` (dims subject, time) with units and provenance in attrs.

        The data variables are the model's states and observables and (``clinical``, for a
        model with areal BMD) the clinical readouts of :meth:`clinical`, the text ones
        (``who_class``, ``risk_factors``, ...) as strings; each has its unit in ``units``, as
        summary.json's ``columns`` writes it, and a marker on an assay's scale that assay in
        ``scale`` (``ctx``: ``units`` "ng/mL (Roche Elecsys scale)", ``scale`` "Roche
        Elecsys"; ``ctx_on_assay``: the IDS-iSYS). The
        run's attrs are the Dataset's, as netCDF keeps them (``ds.to_netcdf()`` writes the
        Dataset): a dict, list or tuple (``solver``, ``patients``, ``events``, ...) as its JSON
        text, ``True``/``False`` as ``"true"``/``"false"``, and an attr that is ``None`` (the
        one ``patient`` of a run without one) left out. netCDF-3 (the scipy engine) keeps no
        missing text: a missing class reads back as ``""``."""
        import xarray as xr

        coords = {"subject": list(self.subject_ids), "time": ("time", self.times, {"units": "day"})}
        extra = self.clinical() if clinical else None
        units, scales = self._column_units(extra), self._column_scales(extra)

        def attrs(name: str) -> dict[str, str]:
            return {"units": units[name], **({"scale": scales[name]} if name in scales else {})}

        data = {
            v: (("subject", "time"), self.values[:, :, j], attrs(v))
            for j, v in enumerate(self.variables)
        }
        if extra is not None:
            n, nt = self.n_subjects, self.times.size
            for c in extra.columns:
                if c in ("subject_id", "time_days"):
                    continue
                col = extra[c]
                if pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col):
                    values = col.to_numpy(dtype=float)
                else:
                    values = np.array([None if pd.isna(x) else str(x) for x in col], dtype=object)
                data[c] = (("subject", "time"), values.reshape(n, nt), attrs(c))
        ds = xr.Dataset(data, coords=coords)
        ds.attrs.update({k: _netcdf_attr(v) for k, v in self.attrs.items() if v is not None})
        return ds

    @property
    def duration_days(self) -> float:
        """The days the run simulated (its ``duration``: the ``t_reached_days`` of its solved
        subjects), which the saved times need not reach."""
        if "t_reached_days" in self.status and (self.status["status"] == "ok").any():
            return float(self.status.loc[self.status["status"] == "ok", "t_reached_days"].max())
        return float(self.times[-1])

    @property
    def saves_whole_run(self) -> bool:
        """Whether the saved times begin at the run's start (day 0) and end at its end."""
        return bool(self.times[0] == 0.0 and np.isclose(self.times[-1], self.duration_days,
                                                        rtol=0.0, atol=1e-9))

    def summary(self) -> dict[str, Any]:
        """Start and end value of every variable (first subject, or per subject if several).

        ``start`` is day 0 of the run (its baseline), ``end`` its last day, ``change_percent``
        the BMD change between them and ``duration_days`` the simulated duration, when the
        saved times hold both. A run saved at other times (``save=[100, 365.25]``, a trial's
        visits) has no value at one of them, and its entries say what they measure instead:
        ``first_saved`` and ``last_saved`` (the values at ``first_saved_day`` and
        ``last_saved_day``) and ``change_percent_saved`` between them, never a ``start`` that
        is not day 0. ``duration_days`` is always the run's duration."""
        from osteon.readouts.clinical import at_times, by_decade, clinical_caveats

        whole = self.saves_whole_run
        first, last, change = (("start", "end", "change_percent") if whole else
                               ("first_saved", "last_saved", "change_percent_saved"))
        per_subject = []
        bmd_vars = [v for v in self.variables if v.startswith("bmd_")]
        clin = self.clinical()
        for s, sid in enumerate(self.subject_ids):
            entry: dict[str, Any] = {
                "subject_id": _jsonable(sid),
                "variables": {
                    v: {"unit": self.units[v], first: float(self.values[s, 0, j]),
                        last: float(self.values[s, -1, j])}
                    for j, v in enumerate(self.variables)
                },
            }
            if bmd_vars:
                entry["bmd"] = {}
                for v in bmd_vars:
                    j = self.variables.index(v)
                    a, b = float(self.values[s, 0, j]), float(self.values[s, -1, j])
                    entry["bmd"][v.removeprefix("bmd_")] = {
                        "unit": self.units[v], first: a, last: b,
                        change: 100.0 * (b - a) / a}
            if clin is not None:
                entry["clinical"] = {first: at_times(clin, sid, "start"),
                                     last: at_times(clin, sid, "end"),
                                     "by_decade": by_decade(clin, sid, self["age_years"][s]),
                                     "caveats": clinical_caveats(self)}
            per_subject.append(entry)
        extra = {"bmd": per_subject[0]["bmd"]} if bmd_vars and len(per_subject) == 1 else {}
        if clin is not None and len(per_subject) == 1:
            extra["clinical"] = per_subject[0]["clinical"]
            extra["bmd_sites"] = self._bmd_sites()
            extra["notes"] = self._notes()
        return {
            "model": self.model.id,
            "model_version": self.model.version,
            "osteon_version": self.attrs.get("osteon_version"),
            "duration_days": self.duration_days,
            "first_saved_day": float(self.times[0]),
            "last_saved_day": float(self.times[-1]),
            "n_times": int(self.times.size),
            "solver": self.attrs.get("solver"),
            "initial": self.attrs.get("initial"),
            # what was prescribed (None: no prescription; its doses are the events)
            "prescription": self.attrs.get("prescription"),
            "conditions": list(self.attrs.get("conditions") or []),
            # the unit of every column of to_pandas() (trajectory.csv / .parquet carry none)
            "columns": self._column_units(clin),
            "parameter_overrides": dict(self.attrs.get("parameter_overrides") or {}),
            "condition_parameters": dict(self.attrs.get("condition_parameters") or {}),
            "status": [{k: _jsonable(v) for k, v in row.items()}
                       for row in self.status.to_dict(orient="records")],
            **extra,
            "subjects": per_subject,
        }

    def _bmd_sites(self) -> dict[str, list[str]]:
        """Which sites' BMD the patient gave, and which the model derived (from her life course
        and the sites given): the derived sites do not decide the WHO class, and only their
        change since the start grades the fracture risk."""
        from osteon.readouts.clinical import subject_patients
        from osteon.readouts.densitometry import SITES

        patient = subject_patients(self)[0]
        given = list(patient.target_bmd()) if patient is not None else []
        return {"given": given, "model_derived": [s for s in SITES if s not in given]}

    def _notes(self) -> list[str]:
        """What the run assumed where the patient's text was silent (as ``osteon assess`` says
        it): her menopause at the population median, when that made her premenopausal at the
        start (read by Z-score, no WHO class, until then)."""
        from osteon.readouts.clinical import assumed_menopause_note, subject_patients, t_score_ages

        patient = subject_patients(self)[0]
        if patient is None or "age_years" not in self.variables:
            return []
        note = assumed_menopause_note(patient, float(self["age_years"][0][0]), simulated=True,
                                      surgical=float(t_score_ages(self)[0]))
        return [] if note is None else [note]

    def _column_units(self, clin) -> dict[str, str]:
        """The unit of every column of ``to_pandas()`` (``clin``: :meth:`clinical`'s frame, or
        None), a marker's naming its scale (:attr:`units`, clinical.column_units)."""
        from osteon.readouts.clinical import column_units

        out = {"subject_id": "id", "time_days": "day", **dict(self.units)}
        if clin is not None:
            out.update(column_units([c for c in clin.columns if c not in out],
                                    assay=CLINICAL_ASSAY))
        return out

    def _column_scales(self, clin) -> dict[str, str]:
        """The assay of each column on one: the model's markers (:func:`model_scales`) and,
        with ``clin``, the clinical readouts' ``*_on_assay``."""
        from osteon.readouts.markers import canonical_assay

        out = {v: a for v, a in model_scales(self.model).items() if v in self.variables}
        if clin is not None:
            out.update({c: canonical_assay(CLINICAL_ASSAY) for c in clin.columns
                        if c.endswith("_on_assay")})
        return out

    def plot(self, variables: list[str] | None = None, subjects: int = 10):
        """Each variable over time in its own panel, labelled with units; returns the Figure."""
        from osteon.plotting import plot_clinical, plot_result

        if variables is None and any(v.startswith("bmd_") for v in self.variables):
            return plot_clinical(self, max_subjects=subjects)
        return plot_result(self, variables=variables, max_subjects=subjects)

    def __repr__(self) -> str:
        return (f"Result(model={self.model.id!r}, subjects={self.n_subjects}, times={self.times.size} "
                f"from {self.times[0]:g} to {self.times[-1]:g} d, variables={list(self.variables)}, "
                f"ok={self.ok})")


def model_scales(model: ModelSpec) -> dict[str, str]:
    """The assay scale of each of ``model``'s observables on one, by name: an observable whose
    description says it is on an assay's scale ("Roche Elecsys scale": the integrated model's
    ``ctx``, ``ctx_sustained`` and ``p1np``)."""
    from osteon.readouts.markers import ASSAYS

    out = {}
    for o in model.observables:
        for assay in ASSAYS:
            if f"{assay} scale" in o.description:
                out[o.name] = assay
                break
    return out


def _quantile_name(q: float) -> str:
    return f"q{q:.10g}"


def _check_quantiles(quantiles: Any) -> list[float]:
    """``quantiles`` as a list of fractions in [0, 1], each once; refused with the reason."""
    import numbers

    from osteon.errors import InputError

    items = [quantiles] if isinstance(quantiles, numbers.Number) else quantiles
    if isinstance(items, str | bytes | Mapping) or not hasattr(items, "__iter__"):
        raise InputError(f"summarize(quantiles=...) must be fractions in [0, 1] (one, or a "
                         f"sequence such as (0.05, 0.5, 0.95)); got {quantiles!r}")
    out: list[float] = []
    for q in items:
        if isinstance(q, bool) or not isinstance(q, numbers.Real):
            raise InputError(f"summarize(quantiles=...) must be fractions in [0, 1]; got {q!r} "
                             f"(not a number) in {quantiles!r}")
        if not (0.0 <= float(q) <= 1.0):  # NaN fails too
            hint = (f" (a percentile? give {float(q) / 100:g})" if 1.0 < float(q) <= 100.0
                    else "")
            raise InputError(f"summarize(quantiles=...) must be fractions in [0, 1]; got "
                             f"{q!r}{hint}")
        if any(_quantile_name(float(q)) == _quantile_name(x) for x in out):
            raise InputError(f"summarize(quantiles=...) gives each quantile once; got {q!r} "
                             f"twice in {quantiles!r}")
        out.append(float(q))
    return out


def _codes(values: np.ndarray, levels: list[str]) -> np.ndarray:
    """The index of each of ``values`` in ``levels`` (-1 where missing)."""
    out = np.full(values.shape, -1, dtype=np.int32)
    for k, level in enumerate(levels):
        out[values == level] = k
    return out


def _netcdf_attr(v: Any) -> Any:
    """An attr's value as netCDF keeps it: text and numbers as they are, anything else (a dict,
    list, tuple, bool) as its JSON text."""
    if isinstance(v, np.generic):
        v = v.item()
    if isinstance(v, str) or (isinstance(v, int | float) and not isinstance(v, bool)):
        return v
    return json.dumps(v, default=lambda x: x.tolist() if isinstance(x, np.ndarray | np.generic)
                      else str(x))


def _jsonable(v: Any) -> Any:
    if isinstance(v, np.generic):
        return v.item()
    if isinstance(v, float) and not np.isfinite(v):
        return None
    return v
