"""Figures of results (matplotlib, imported lazily, Agg backend when headless)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from osteon.readouts import diagnosis as _dx

if TYPE_CHECKING:
    from osteon.result import Result


def _pyplot():
    import matplotlib

    if matplotlib.get_backend().lower() not in ("agg", "pdf", "svg") and not _has_display():
        matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _has_display() -> bool:
    import os

    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def plot_result(result: Result, variables: list[str] | None = None, max_subjects: int = 10):
    """One panel per variable over time (years when the run is longer than two years)."""
    plt = _pyplot()
    # a former name of a renamed variable is drawn (warned) under its current name and unit
    names = ([v if v in result.variables else result.model.current_name(v) for v in variables]
             if variables else list(result.model.state_names))
    if variables is None:
        names += [o for o in result.model.observable_names][: max(0, 8 - len(names))]
    ncol = 2 if len(names) > 1 else 1
    nrow = math.ceil(len(names) / ncol)
    fig, axes = plt.subplots(nrow, ncol, figsize=(5.2 * ncol, 2.6 * nrow), squeeze=False,
                             sharex=True)
    long_run = result.times[-1] > 2 * 365.25
    t = result.times / 365.25 if long_run else result.times
    for ax, name in zip(axes.flat, names, strict=False):
        y = result[name]
        for s in range(min(result.n_subjects, max_subjects)):
            ax.plot(t, y[s], lw=1.2, alpha=0.9 if result.n_subjects == 1 else 0.6)
        desc = _describe(result, name)
        ax.set_title(f"{name}: {desc}" if desc else name, fontsize=9)
        ax.set_ylabel(f"{name} [{result.units[name]}]", fontsize=8)
        ax.ticklabel_format(axis="y", style="sci", scilimits=(-3, 4))
        ax.grid(alpha=0.3)
    for ax in axes.flat[len(names):]:
        ax.set_visible(False)
    for ax in axes[-1]:
        ax.set_xlabel("time [years]" if long_run else "time [days]")
    fig.suptitle(f"{result.model.id}"
                 + (f" ({result.n_subjects} subjects{_drawn(result, max_subjects)})"
                    if result.n_subjects > 1 else ""), fontsize=11)
    fig.tight_layout()
    return fig


def _drawn(result: Result, max_subjects: int) -> str:
    """How many subjects a figure draws, where it draws fewer than the run has (it said
    nothing: a figure of 20 subjects looked like all of them)."""
    n = result.n_subjects
    return f", the first {max_subjects} drawn" if n > max_subjects else ""


def _describe(result: Result, name: str) -> str:
    for s in result.model.states:
        if s.name == name:
            return s.description
    for o in result.model.observables:
        if o.name == name:
            return o.description
    return ""


#: the mechanism panels of the clinical figure: (title, [(variable, label)], unit, relative?)
_CLINICAL_PANELS = (
    ("Bone cells", [("OCa", "active osteoclasts"), ("OBa", "active osteoblasts"),
                    ("OBp", "osteoblast precursors"), ("OCp", "osteoclast precursors")],
     "% of start", True),
    ("Cytokines and signals", [("rankl", "free RANKL"), ("opg", "OPG"),
                               ("sclerostin", "sclerostin"), ("pth", "PTH")], "% of start", True),
    ("Drivers", [("estrogen", "estrogen"), ("igf1", "IGF-1"), ("wnt_signal", "Wnt signal"),
                 ("strain", "strain")], "relative to young adult", False),
    ("Bone compartments and tissue quality", [("bone_trabecular", "trabecular volume"),
                                              ("bone_trabecular_femoral",
                                               "trabecular volume, hip"),
                                              ("bone_cortical", "cortical matrix"),
                                              ("bone_cortical_total",
                                               "cortical bone with periosteal"),
                                              ("tissue_fracture_rr", "tissue fracture RR")],
     "relative to young adult", False),
)

_SITES = (("lumbar_spine", "lumbar spine"), ("total_hip", "total hip"),
          ("femoral_neck", "femoral neck"))
#: WHO bands on the T-score axis: (low, high, colour, label). The class is read from the
#: T-score as reported, to one decimal (diagnosis.SCORE_REPORT_DECIMALS), so the bands' edges
#: are where the class of the drawn (computed) T-score changes, half a reported decimal beyond
#: the thresholds: -1.05 and -2.45, not -1.0 and -2.5 (a T-score of -2.46 is reported -2.5,
#: osteoporosis, and is drawn inside that band). An edge itself is a tie, reported away from
#: zero (diagnosis.report_score): -2.45 is osteoporosis, -1.05 osteopenia, the band below it
_WHO_BANDS = ((_dx.WHO_NORMAL_EDGE, 10.0, "#d9f0d3", "normal"),
              (_dx.WHO_OSTEOPOROSIS_EDGE, _dx.WHO_NORMAL_EDGE, "#fee8c8", "osteopenia"),
              (-10.0, _dx.WHO_OSTEOPOROSIS_EDGE, "#fdd0c8", "osteoporosis"))


def _x_axis(result: Result):
    if "age_years" in result.variables:
        return result["age_years"], "age [years]"
    long_run = result.times[-1] > 2 * 365.25
    x = (result.times / 365.25 if long_run else result.times)[None, :].repeat(
        result.n_subjects, axis=0)
    return x, ("time [years]" if long_run else "time [days]")


def _series(i: int, n_show: int) -> dict:
    """Line style of the ``i``-th series of a panel: one colour per series (site, readout,
    variable) for every subject shown, so the legend names the lines; fainter for several."""
    return {"color": f"C{i}", "lw": 1.3 if n_show == 1 else 1.0,
            "alpha": 1.0 if n_show == 1 else 0.55}


def _style(ax, title: str, ylabel: str, xlabel: str) -> None:
    ax.set_title(title, fontsize=10)
    ax.set_ylabel(ylabel, fontsize=8)
    ax.set_xlabel(xlabel, fontsize=8)
    ax.grid(alpha=0.3)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(fontsize=7, loc="best")


def _spans(lo: float, hi: float, holes: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The intervals of [lo, hi] outside every interval of ``holes``."""
    out, start = [], lo
    for a, b in sorted(holes):
        if a > start:
            out.append((start, min(a, hi)))
        start = max(start, b)
    if start < hi:
        out.append((start, hi))
    return [(a, b) for a, b in out if b > a]


def _t_score_panel(ax, x, clin, result: Result, n_show,
                   labels: dict[str, str] | None = None) -> tuple[bool, bool]:
    """T-scores by site, on the WHO bands only over the ages where the ISCD rule reads the
    T-score (``who_class``: after menopause, men from 50); before that, the Z-scores the class
    reads there (dashed) on the ISCD band Z <= -2.0. Returns whether some subject shown is read
    by Z at some age, and whether a Z-score is drawn."""
    from matplotlib.patches import Rectangle

    from osteon.readouts.clinical import t_score_ages
    from osteon.readouts.diagnosis import BELOW_EXPECTED, ISCD_Z_EDGE, ISCD_Z_LOW

    ids = list(dict.fromkeys(clin["subject_id"]))
    t_from = t_score_ages(result)[:n_show]
    rows = [clin["subject_id"] == ids[k] for k in range(n_show)]
    # each subject's ages read by Z (before t_from) and by T (from it), as who_class reads them
    z_ages = [(float(x[k].min()), min(float(t_from[k]), float(x[k].max())))
              for k in range(n_show) if t_from[k] > x[k].min()]
    t_ages = [(max(float(t_from[k]), float(x[k].min())), float(x[k].max()))
              for k in range(n_show) if t_from[k] < x[k].max()]
    lo, hi = float(np.min(x[:n_show])), float(np.max(x[:n_show]))
    z_lines = {}
    for site, _ in _SITES:
        for k in range(n_show):
            z = clin.loc[rows[k], f"z_score_{site}"].to_numpy(dtype=float)
            z = np.where(x[k] < t_from[k], z, np.nan)
            if np.isfinite(z).any():
                z_lines[(site, k)] = z
    values = [clin.loc[rows[k], f"t_score_{s}"].to_numpy(dtype=float)
              for s, _ in _SITES for k in range(n_show)] + list(z_lines.values())
    finite = np.concatenate([v[np.isfinite(v)] for v in values])
    ymin = min(float(finite.min()) if finite.size else 0.0, -3.0) - 0.3
    ymax = max(float(finite.max()) if finite.size else 0.0, 0.0) + 0.3
    # the WHO bands wherever no subject shown is read by Z
    for a, b in _spans(lo, hi, z_ages):
        for low, high, colour, label in _WHO_BANDS:
            y0, y1 = max(low, ymin), min(high, ymax)
            ax.add_patch(Rectangle((a, y0), b - a, y1 - y0, color=colour, alpha=0.8, lw=0,
                                   zorder=0, gid=f"who_band:{label}"))
            ax.text(b, (y0 + y1) / 2, f"{label} ", ha="right", va="center", fontsize=7,
                    color="0.35")
    # the Z band where some subject shown is read by Z and none by T, named in the legend once;
    # up to where the class of the computed Z changes (reported -2.0: -1.95), as the WHO bands
    z_spans = _spans(lo, hi, _spans(lo, hi, z_ages) + t_ages)
    for j, (a, b) in enumerate(z_spans):
        ax.add_patch(Rectangle((a, ymin), b - a, ISCD_Z_EDGE - ymin, facecolor="#e7e1ef",
                               edgecolor="#9e9ac8", hatch="//", lw=0, alpha=0.8, zorder=0,
                               gid="iscd_z_band",
                               label=None if j else f"Z ≤ {ISCD_Z_LOW:.1f} (dashed Z): "
                                                    f"{BELOW_EXPECTED}"))
    for i, (site, label) in enumerate(_SITES):
        label = (labels or {}).get(site, label)  # a derived site marked (plot_clinical)
        for k in range(n_show):
            y = clin.loc[rows[k], f"t_score_{site}"].to_numpy(dtype=float)
            # at the ages read by Z the T-score is not what is read: faint there, so the Z band
            # is read against the dashed Z-score, not the T-score that crosses it
            first_t = int(np.searchsorted(x[k], t_from[k]))
            if first_t > 0:
                faint = y.copy()
                faint[first_t + 1:] = np.nan  # to the first age read by T: the lines meet
                style = _series(i, n_show)
                ax.plot(x[k], faint, **{**style, "alpha": 0.3 * style["alpha"]},
                        gid=f"t_score_read_by_z:{site}")
                y = np.where(np.arange(y.size) >= first_t, y, np.nan)
            ax.plot(x[k], y, label=label if k == 0 else None, **_series(i, n_show))
            if (site, k) in z_lines:
                ax.plot(x[k], z_lines[(site, k)], ls="--", **_series(i, n_show))
    ax.set_xlim(lo, hi)
    ax.set_ylim(ymin, ymax)
    return bool(z_ages), bool(z_lines)


def _marker_panel(ax, x, result: Result, var: str, marker: str, n_show: int) -> None:
    """The marker on the IDS-iSYS scale (its ratio to the young adult x the assay's
    premenopausal centre, as the statuses read it) on that assay's premenopausal interval."""
    from osteon.readouts.markers import on_assay, reference_interval

    ri = reference_interval(marker)
    ax.axhspan(ri.low, ri.high, color="#deebf7", lw=0, zorder=0,
               label=f"premenopausal {ri.low:g}-{ri.high:g} ng/mL (IDS-iSYS)")
    y = result[var]
    pars = result.parameters
    young = f"{var}_young"
    for k in range(n_show):
        yk = y[k]
        if young in pars.columns:
            yk = on_assay(yk / float(pars[young].iloc[k]), marker)
        ax.plot(x[k], yk, lw=1.3, color="C0")


def _fracture_panel(ax, x, clin, n_show) -> None:
    ids = list(dict.fromkeys(clin["subject_id"]))
    drawn = False
    for i, (col, label) in enumerate((("fracture_risk_10y_major", "major osteoporotic"),
                                      ("fracture_risk_10y_hip", "hip"),
                                      ("fracture_risk_10y_clinical_vertebral",
                                       "clinical vertebral"))):
        for k in range(n_show):
            y = clin.loc[clin["subject_id"] == ids[k], col].to_numpy()
            drawn = drawn or bool(any(math.isfinite(v) for v in y))
            ax.plot(x[k], y, label=label if k == 0 else None, **_series(i, n_show))
    if not drawn:  # every age shown is outside the hazard model's 50-90 years
        ax.set_xlim(float(np.min(x[:n_show])), float(np.max(x[:n_show])))
        ax.text(0.5, 0.5, "not computed: the fracture model covers ages 50-90",
                transform=ax.transAxes, ha="center", va="center", fontsize=9, color="0.35")
        ax.set_yticks([])


#: the condition inputs that move the vessel wall (``vascular_calcification_index``) noticeably:
#: the osteogenic drive and the mineral growth of :mod:`osteon.library.integrated.vascular`
#: read klotho, carboxylated MGP, inflammation, systemic SASP, the vessel wall's OPG and (through
#: phosphate) kidney function. Over 2 years from 65, a condition acting on one of them raised the
#: index 1.3 (senescent burden) to 17 (OPG deficiency) times as much as aging alone did (vitamin
#: K deficiency 3.1, chronic kidney disease 5.1, klotho deficiency 10); a condition acting only on
#: loading, PTH, 25(OH)D, bone RANKL, exogenous OPG or estrogen changed that rise by 1 % or
#: less, and no drug with a human regimen (all but RANK-Fc) by more than 3 % (estradiol -3 %), so
#: drugs alone do not add the panel.
VESSEL_INPUTS = ("klotho", "mgp_activity", "inflammation", "sasp_extra", "vascular_opg_gain",
                 "GFR")
#: the linear range of the drug-level panel's symlog axis (both figures: one run's and
#: --compare's)
DRUG_LEVEL_LINTHRESH = 1e-3


def drug_level_variables(result: Result) -> list[str]:
    """The drug levels a figure draws (one run's and --compare's): the level columns each drug
    of the run declares (:attr:`osteon.drugs.Drug.levels`: its serum or plasma concentration,
    a bisphosphonate's amount in bone, a PTH analog's depot, ...), drug by drug."""
    from osteon.drugs import given

    return [v for drug in given(result.model) for v in drug.levels if v in result.variables]


def vessel_conditions(result: Result) -> list[str]:
    """The run's conditions that act on an input of the vessel wall (:data:`VESSEL_INPUTS`)."""
    from osteon.conditions import courses
    from osteon.errors import InputError

    texts = list(result.attrs.get("conditions") or [])
    out = []
    for text in texts:
        try:
            (course,) = courses([text])
        except InputError:  # a text this version no longer reads: show the vessel to be safe
            out.append(text)
            continue
        if set(course.condition.acts_on) & set(VESSEL_INPUTS):
            out.append(text)
    return out


def _vessel_panel(ax, x, result: Result, n_show: int, xlabel: str) -> None:
    y = result["vascular_calcification_index"]
    for k in range(n_show):
        ax.plot(x[k], y[k], **_series(0, n_show))
    _style(ax, "Vessel wall: aortic calcification (Framingham score scale)",
           "vascular_calcification_index", xlabel)


def _drug_panel(ax, x, result: Result, names: list[str], n_show: int, xlabel: str) -> None:
    for i, var in enumerate(names):
        for k in range(n_show):
            ax.plot(x[k], result[var][k], label=f"{var} [{result.units[var]}]" if k == 0 else None,
                    **_series(i, n_show))
    ax.set_yscale("symlog", linthresh=DRUG_LEVEL_LINTHRESH)
    _style(ax, "Drug levels (each in its own unit)", "level (unit in the legend)", xlabel)


def plot_clinical(result: Result, max_subjects: int = 10):
    """What a clinician reads (BMD, T-scores on the WHO bands where the ISCD rule reads the
    T-score and Z-scores before, CTX and P1NP on their reference intervals, 10-year fracture
    probability) above the mechanism behind it; a fourth row adds the drug levels when the run
    has a drug and the vessel wall when a condition of the run acts on it."""
    plt = _pyplot()
    x, xlabel = _x_axis(result)
    n_show = min(result.n_subjects, max_subjects)
    extras = []
    drugs = drug_level_variables(result)
    if drugs:
        extras.append(lambda ax: _drug_panel(ax, x, result, drugs, n_show, xlabel))
    if "vascular_calcification_index" in result.variables and vessel_conditions(result):
        extras.append(lambda ax: _vessel_panel(ax, x, result, n_show, xlabel))
    nrow = 3 + math.ceil(len(extras) / 3)
    fig, axes = plt.subplots(nrow, 3, figsize=(15, 10 / 3 * nrow), squeeze=False)
    clin = result.clinical()
    ax = axes[0, 0]
    # at a site the patient gave, the BMD she gave and the model's change since (the T-scores
    # beside it read the same; clinical.reported_bmd)
    from osteon.readouts.clinical import DERIVED_MARK, derived_sites, reported_bmd, subject_patients

    patients = subject_patients(result) if clin is not None else [None] * n_show
    bmd = [reported_bmd(result, k, patients[k]) for k in range(n_show)]
    # a site the model derived from those she gave is marked in the legend, as the tables mark
    # it * (one subject shown: several may have given different sites)
    derived = set(derived_sites(result)) if clin is not None and n_show == 1 else set()
    labels = {site: label + (DERIVED_MARK if site in derived else "") for site, label in _SITES}
    for i, (site, _) in enumerate(_SITES):
        for k in range(n_show):
            ax.plot(x[k], bmd[k][site], label=labels[site] if k == 0 else None,
                    **_series(i, n_show))
    if n_show > 1:  # which subject each set of lines is: her id at the end of her first site's
        for k in range(n_show):
            ax.annotate(str(result.subject_ids[k]), (x[k][-1], bmd[k][_SITES[0][0]][-1]),
                        xytext=(2, 0), textcoords="offset points", fontsize=6, va="center")
    _style(ax, "Areal BMD by site", "g/cm²", xlabel)
    ax = axes[0, 1]
    read_by_z, z_drawn = _t_score_panel(ax, x, clin, result, n_show, labels) \
        if clin is not None else (False, False)
    _style(ax, "T-score and WHO class" + ("; Z-score where the ISCD rule reads it" if read_by_z
                                          else ""),
           "T-score, Z-score dashed (SD)" if z_drawn else "T-score (SD)", xlabel)
    if z_drawn:
        from matplotlib.lines import Line2D

        # the sites (T solid), then the Z-score's line style, then the Z band
        entries = list(zip(*ax.get_legend_handles_labels(), strict=True))
        entries = [*(e for e in entries if isinstance(e[0], Line2D)),
                   (Line2D([], [], color="0.3", ls="--"), "Z-score, where it applies"),
                   (Line2D([], [], color="0.3", alpha=0.3), "T-score where Z is read"),
                   *(e for e in entries if not isinstance(e[0], Line2D))]
        # below the panel: inside, its five entries covered the bands' labels and the top tick
        ax.legend(*zip(*entries, strict=True), fontsize=7, loc="upper center", ncol=2,
                  bbox_to_anchor=(0.5, -0.16), frameon=False)
    ax = axes[0, 2]
    if clin is not None:
        _fracture_panel(ax, x, clin, n_show)
    _style(ax, "10-year fracture probability (ages 50-90; not FRAX)", "%", xlabel)
    for ax, (var, marker) in zip(axes[1, :2], (("ctx", "CTX"), ("p1np", "P1NP")), strict=True):
        if var in result.variables:
            _marker_panel(ax, x, result, var, marker, n_show)
        _style(ax, f"{marker} (serum)", "ng/mL (IDS-iSYS scale)", xlabel)
    panels = list(_CLINICAL_PANELS)
    for ax in [axes[1, 2], *axes[2, :]]:
        if not panels:
            ax.axis("off")
            continue
        title, series, unit, relative = panels.pop(0)
        for i, (name, label) in enumerate(series):
            if name not in result.variables:
                continue
            y = result[name]
            for k in range(n_show):
                yy = 100.0 * y[k] / y[k, 0] if relative else y[k]
                ax.plot(x[k], yy, label=label if k == 0 else None, **_series(i, n_show))
        _style(ax, title, unit, xlabel)
    for ax, draw in zip(axes[3:].flat, extras, strict=False):
        draw(ax)
    for ax in axes[3:].flat[len(extras):]:
        ax.axis("off")
    conditions = list(result.attrs.get("conditions") or [])
    many = (f" ({result.n_subjects} subjects{_drawn(result, max_subjects)})"
            if result.n_subjects > 1 else "")
    fig.suptitle(f"{result.model.id}{many}: {result.attrs.get('initial', '')}"
                 + (f"; {'; '.join(conditions)}" if conditions else ""), fontsize=10)
    fig.tight_layout(rect=(0, 0, 1, 1 - 0.2 / fig.get_figheight()))  # the suptitle's line
    return fig
