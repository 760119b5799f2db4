"""Figures of results (matplotlib, imported lazily, Agg backend when headless)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

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
    names = variables or list(result.model.state_names)
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
                 + (f" ({result.n_subjects} subjects)" if result.n_subjects > 1 else ""),
                 fontsize=11)
    fig.tight_layout()
    return fig


def _describe(result: Result, name: str) -> str:
    for s in result.model.states:
        if s.name == name:
            return s.description
    for o in result.model.observables:
        if o.name == name:
            return o.description
    return ""


#: the clinical figure: (title, [(variable, label)], unit text, relative-to-start?)
_CLINICAL_PANELS = (
    ("Areal BMD by site", [("bmd_lumbar_spine", "lumbar spine"), ("bmd_total_hip", "total hip"),
                           ("bmd_femoral_neck", "femoral neck")], "g/cm²", False),
    ("Turnover markers", [("ctx", "CTX"), ("p1np", "P1NP"), ("bsap", "BSAP")],
     "% of start", True),
    ("Bone cells", [("OCa", "active osteoclasts"), ("OBa", "active osteoblasts"),
                    ("OBp", "osteoblast precursors"), ("OCp", "osteoclast precursors")],
     "% of start", True),
    ("Cytokines and signals", [("rankl", "free RANKL"), ("opg", "OPG"),
                               ("sclerostin", "sclerostin"), ("pth", "PTH")], "% of start", True),
    ("Drivers", [("estrogen", "estrogen"), ("igf1", "IGF-1"), ("wnt_signal", "Wnt signal"),
                 ("strain", "strain")], "relative to young adult", False),
    ("Bone compartments", [("bone_trabecular", "trabecular"), ("bone_cortical", "cortical"),
                           ("senescent_fraction", "senescent osteocytes (fraction)")],
     "relative to young adult", False),
)


def plot_clinical(result: Result, max_subjects: int = 10):
    """BMD by site, markers, key cells and cytokines against age (or time)."""
    plt = _pyplot()
    fig, axes = plt.subplots(3, 2, figsize=(11, 9.5), squeeze=False)
    if "age_years" in result.variables:
        x = result["age_years"]
        xlabel = "age [years]"
    else:
        long_run = result.times[-1] > 2 * 365.25
        x = (result.times / 365.25 if long_run else result.times)[None, :].repeat(
            result.n_subjects, axis=0)
        xlabel = "time [years]" if long_run else "time [days]"
    n_show = min(result.n_subjects, max_subjects)
    for ax, (title, series, unit, relative) in zip(axes.flat, _CLINICAL_PANELS, strict=False):
        for name, label in series:
            if name not in result.variables:
                continue
            y = result[name]
            for s in range(n_show):
                yy = 100.0 * y[s] / y[s, 0] if relative else y[s]
                ax.plot(x[s], yy, lw=1.3, label=label if s == 0 else None)
        ax.set_title(title, fontsize=10)
        ax.set_ylabel(unit, fontsize=8)
        ax.set_xlabel(xlabel, fontsize=8)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=7, loc="best")
    fig.suptitle(f"{result.model.id}: {result.attrs.get('initial', '')}", fontsize=10)
    fig.tight_layout()
    return fig
