"""Running the targets and reporting them: observed vs published, pass or miss, a summary by
area and role, JSON, a Markdown table for the README and an HTML report with one plot per
target."""

from __future__ import annotations

import html
import json
import math
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from osteon.validation import checks as ck
from osteon.validation.measures import Reading, read
from osteon.validation.runs import Runs
from osteon.validation.target import Target

STATUSES = ("pass", "miss", "error", "skipped")
#: what :meth:`Report.write_html` writes into its folder: the files, and the folder of plots
REPORT_FILES = ("index.html", "validation.json", "summary.md")
REPORT_FOLDERS = ("plots",)


@dataclass
class Outcome:
    """What one target gave: ``status`` is pass, miss, error (the scenario failed; ``reason``
    says why) or skipped (the check cannot run here); ``warnings``, what osteon warned of while
    simulating its arms (a dose far from the usual one, ...; the control's marked so);
    ``parameters``, the values that replaced the tables' in its arms (e.g. a calibration's
    estimates: :func:`osteon.calibrate.evaluate_targets`)."""

    target: Target
    status: str
    observed: float | None = None
    reason: str = ""
    reading: Reading | None = None
    warnings: list[str] = field(default_factory=list)
    parameters: dict[str, float] = field(default_factory=dict)

    @property
    def passed(self) -> bool | None:
        return None if self.status == "skipped" else self.status == "pass"

    def __repr__(self) -> str:
        # the dataclass's own repr printed the reading's whole trajectories
        obs = "None" if self.observed is None else f"{self.observed:.4g}"
        return (f"Outcome({self.target.id!r}, {self.status}, observed {obs} vs "
                f"{self.target.criterion()} {self.target.unit})")

    def as_dict(self) -> dict[str, Any]:
        t = self.target
        return {"id": t.id, "group": t.group, "area": t.area, "kind": t.kind, "role": t.role,
                "what": t.what, "observed": self.observed, "expected": t.expected,
                "compare": t.compare, "tolerance": t.tolerance if t.compare == "within" else None,
                "unit": t.unit, "passed": self.passed, "status": self.status,
                "reason": self.reason or (t.miss_cause if self.status == "miss" else ""),
                "time": t.time, "site": t.site, "source": t.source,
                "tolerance_why": t.tolerance_why,
                "scenario": t.scenario.label() if t.scenario else t.check,
                "warnings": list(self.warnings), "parameters": dict(self.parameters)}


def evaluate(target: Target, runs: Runs) -> Outcome:
    """Run one target (simulating its scenario on first use)."""
    outcome = _evaluate(target, runs)
    s = target.scenario
    if s is not None:
        said = runs.warnings(s.arm, s.duration)
        if s.control is not None:
            said += [f"control arm: {w}" for w in runs.warnings(s.control, s.duration)]
        outcome.warnings = list(dict.fromkeys(said))
    return outcome


def _evaluate(target: Target, runs: Runs) -> Outcome:
    try:
        if target.kind == "simulation":
            assert target.scenario is not None and target.measure is not None
            reading = read(target.measure, target.scenario, runs)
        else:
            fn = ck.CHECKS[target.check]
            reading = Reading(float(fn(**dict(target.check_args))))
    except ck.UnavailableError as exc:
        return Outcome(target, "skipped", reason=str(exc))
    except Exception as exc:
        return Outcome(target, "error", reason=f"{type(exc).__name__}: {exc}")
    obs = reading.observed
    if not math.isfinite(obs):
        return Outcome(target, "error", reason=f"the reading is not a finite number ({obs})",
                       reading=reading)
    return Outcome(target, "pass" if target.passes(obs) else "miss", obs, reading=reading)


def run(targets: Iterable[Target], *,
        progress: Callable[[Outcome, int, int], None] | None = None,
        runs: Runs | None = None) -> Report:
    """Run ``targets`` (scenarios shared between targets are simulated once); ``runs``, where
    given, keeps the simulated arms for the caller (a new one by default)."""
    targets = list(targets)
    runs = Runs() if runs is None else runs
    for t in targets:
        if t.scenario is not None and t.measure is not None:
            runs.request(t.scenario, t.measure.times())
    start = time.perf_counter()
    outcomes = []
    for i, t in enumerate(targets):
        outcomes.append(evaluate(t, runs))
        if progress is not None:
            progress(outcomes[-1], i + 1, len(targets))
    return Report(outcomes, time.perf_counter() - start, len(runs))


@dataclass
class Report:
    """The outcomes of a run; ``parameters``, the values that replaced the tables' (empty: the
    tables' own values), each outcome's own those that act in its arms."""

    outcomes: list[Outcome]
    seconds: float = 0.0
    n_simulations: int = 0
    parameters: dict[str, float] = field(default_factory=dict)
    #: where ``parameters`` were read from (``validate --parameters FILE``), said beside them
    parameters_from: tuple[str, ...] = ()

    def __repr__(self) -> str:
        # the dataclass's own repr printed every outcome with its trajectories
        counts = {s: sum(o.status == s for o in self.outcomes) for s in STATUSES}
        said = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
        more = f"; {len(self.parameters)} parameters replaced" if self.parameters else ""
        return (f"Report({len(self.outcomes)} targets: {said or 'none'}; "
                f"{self.n_simulations} simulations, {self.seconds:.0f} s{more})")

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame([o.as_dict() for o in self.outcomes])

    def to_json(self) -> str:
        return json.dumps([o.as_dict() for o in self.outcomes], indent=1, allow_nan=False,
                          default=_plain)

    def summary_rows(self) -> list[dict[str, Any]]:
        """Counts by area and role (then by role, then all): targets, passed, missed, errors,
        skipped, and ran (targets not skipped)."""
        groups: dict[tuple[str, str], list[Outcome]] = {}
        for o in self.outcomes:
            groups.setdefault((o.target.area, o.target.role), []).append(o)
        for o in self.outcomes:
            groups.setdefault(("all", o.target.role), []).append(o)
        groups[("all", "all")] = list(self.outcomes)
        return [_counts(g, area, role) for (area, role), g in groups.items()]

    def summary(self) -> pd.DataFrame:
        return pd.DataFrame(self.summary_rows())

    def misses(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status in ("miss", "error")]

    def markdown(self) -> str:
        """The summary table and the list of misses with their likely causes, for the README."""
        lines = ["| area | role | targets | pass | miss | error | skipped | pass share |",
                 "|---|---|---|---|---|---|---|---|"]
        for r in self.summary_rows():
            share = "—" if r["ran"] == 0 else f"{100 * r['passed'] / r['ran']:.0f} %"
            lines.append(f"| {r['area']} | {r['role']} | {r['targets']} | {r['passed']} | "
                         f"{r['missed']} | {r['errors']} | {r['skipped']} | {share} |")
        misses = self.misses()
        # a heading with nothing under it read as if the list had been lost
        lines += (["", "Misses (observed vs published; likely cause):", ""] if misses else
                  ["", "Misses: none (no target missed or failed)."])
        for o in misses:
            t = o.target
            obs = "—" if o.observed is None else f"{o.observed:.3g}"
            cause = o.reason or t.miss_cause or "not yet diagnosed"
            lines.append(f"- **{t.id}** ({t.role}) {t.what}: {obs} vs {t.criterion()} "
                         f"{t.unit}. {cause}.")
        warned = [o for o in self.outcomes if o.warnings]
        if warned:
            lines += ["", "Warnings of the simulations (osteon's, as a run would give them):", ""]
            lines += [f"- **{o.target.id}**: {'; '.join(o.warnings)}" for o in warned]
        if self.parameters:
            lines += ["", f"Parameters replacing the tables' values{self._from()}: "
                          f"{self.parameters_text()}."]
        return "\n".join(lines) + "\n"

    def _from(self) -> str:
        return f" (from {', '.join(self.parameters_from)})" if self.parameters_from else ""

    def parameters_text(self) -> str:
        """The replaced parameters in words: ``name = value (tables: value)``."""
        from osteon.calibrate import current_value

        parts = []
        for name, value in self.parameters.items():
            try:
                was = f" (tables: {current_value(name):.6g})"
            except KeyError:  # a parameter of a model other than the integrated one
                was = ""
            parts.append(f"{name} = {value:.6g}{was}")
        return ", ".join(parts)

    def write_html(self, out: Path | str) -> Path:
        """index.html (the summary, one row per target, one plot per simulated target),
        validation.json and summary.md in ``out``."""
        out = Path(out)
        plots = out / REPORT_FOLDERS[0]
        plots.mkdir(parents=True, exist_ok=True)
        rows = []
        for o in self.outcomes:
            img = _plot(o, plots)
            d = o.as_dict()
            obs = "—" if o.observed is None else f"{o.observed:.4g}"
            cls = o.status
            rows.append(
                f"<tr class='{cls}'><td>{html.escape(d['id'])}</td><td>{d['role']}</td>"
                f"<td>{html.escape(d['what'])}</td><td>{obs}</td>"
                f"<td>{html.escape(o.target.criterion())} {html.escape(d['unit'])}</td>"
                f"<td>{cls}</td><td>{html.escape(d['reason'])}"
                + "".join(f"<br><b>warning:</b> {html.escape(w)}" for w in o.warnings) + "</td>"
                f"<td>{_linked(d['source'])}<br><small>{html.escape(d['scenario'])}; "
                f"{html.escape(_tolerance_text(o.target))}</small></td>"
                f"<td>{'' if img is None else f'<img src=plots/{img} width=260>'}</td></tr>")
        summary = self.summary().to_html(index=False)
        page = (
            "<!doctype html><meta charset=utf-8><title>osteon validation</title><style>"
            "body{font-family:sans-serif;margin:1.5em}td,th{border:1px solid #ccc;padding:3px;"
            "vertical-align:top;font-size:13px}table{border-collapse:collapse}"
            "tr.miss{background:#fde2e2}tr.error{background:#f9c0c0}tr.skipped{color:#888}"
            "</style><h1>osteon validation report</h1>"
            f"<p>{len(self.outcomes)} targets, {self.n_simulations} simulations, "
            f"{self.seconds:.0f} s. Pass = within the stated tolerance (or beyond the stated "
            "bound for a qualitative target).</p>"
            + (f"<p>Parameters replacing the tables' values{html.escape(self._from())}: "
               f"{html.escape(self.parameters_text())}.</p>" if self.parameters else "")
            + "<h2>Summary</h2>" + summary +
            "<h2>Targets</h2><table><tr><th>id</th><th>role</th><th>what</th><th>observed</th>"
            "<th>published</th><th>status</th><th>likely cause of a miss; warnings</th>"
            "<th>source</th>"
            "<th>course</th></tr>" + "".join(rows) + "</table>")
        path = out / REPORT_FILES[0]
        path.write_text(page)
        (out / REPORT_FILES[1]).write_text(self.to_json())
        (out / REPORT_FILES[2]).write_text(self.markdown())
        return path


_CITATION = re.compile(r"doi:\s*(10\.\d{4,9}/[^\s,;]+)|PMID:?\s*(\d+)|\b(PMC\d+)\b")


def _linked(source: str) -> str:
    """``source`` as HTML with its DOIs, PMIDs and PMC ids as links (doi.org, PubMed, PubMed
    Central), so that a reviewer opens the paper from the row; a DOI's own parentheses are
    kept, a closing one of the sentence (or a final full stop) is left out of the link."""
    parts, last = [], 0
    for m in _CITATION.finditer(source):
        text = m.group(0)
        if m.group(1):
            doi = m.group(1)
            while doi.endswith(".") or (doi.endswith(")") and doi.count(")") > doi.count("(")):
                doi = doi[:-1]
            text = text[: len(text) - (len(m.group(1)) - len(doi))]
            url = f"https://doi.org/{doi}"
        elif m.group(2):
            url = f"https://pubmed.ncbi.nlm.nih.gov/{m.group(2)}/"
        else:
            url = f"https://www.ncbi.nlm.nih.gov/pmc/articles/{m.group(3)}/"
        end = m.start() + len(text)
        parts += [html.escape(source[last:m.start()]),
                  f'<a href="{html.escape(url)}">{html.escape(text)}</a>']
        last = end
    parts.append(html.escape(source[last:]))
    return "".join(parts)


def _tolerance_text(t: Target) -> str:
    """The report's words on a target's criterion: a 'within' target's tolerance and its
    reason; a bound (above/below: a direction, a ranking, a verification's limit) has no
    tolerance, and says so rather than 'tolerance: ' with nothing after it."""
    if t.compare == "within":
        return f"tolerance: {t.tolerance_why}"
    return f"bound ({t.compare} {t.expected:g} {t.unit}): no tolerance"


def _counts(g: list[Outcome], area: str, role: str) -> dict[str, Any]:
    n = {s: sum(o.status == s for o in g) for s in STATUSES}
    return {"area": area, "role": role, "targets": len(g), "passed": n["pass"],
            "missed": n["miss"], "errors": n["error"], "skipped": n["skipped"],
            "ran": len(g) - n["skipped"]}


def _plain(v: Any) -> Any:
    if hasattr(v, "item"):
        return v.item()
    return str(v)


def _plot(o: Outcome, folder: Path) -> str | None:
    r = o.reading
    if r is None or r.x is None or r.y is None:
        return None
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    t = o.target
    fig, ax = plt.subplots(figsize=(3.4, 2.4), dpi=90)
    ax.plot(r.x, r.y, color="C0", lw=1.4, label="osteon")
    if r.at is not None:
        scale = r.y_expected_scale
        y = t.expected * scale
        if t.compare == "within":
            ax.errorbar([r.at], [y], yerr=[[t.tolerance * scale], [t.tolerance * scale]],
                        fmt="o", color="k", ms=4, capsize=3, label="published ± tol.")
        else:
            ax.axhline(y, color="k", ls=":", lw=1, label=f"bound ({t.compare})")
            # where the reading is taken: the curve there is the observed value
            ax.axvline(r.at, color="0.5", ls="--", lw=0.8, label="read here")
    ax.set_xlabel(r.xlabel, fontsize=7)
    ax.set_ylabel(r.ylabel, fontsize=7)
    ax.tick_params(labelsize=7)
    ax.set_title(f"{t.id}: {o.status}", fontsize=8,
                 color={"pass": "green", "miss": "red"}.get(o.status, "black"))
    ax.legend(fontsize=6, frameon=False)
    fig.tight_layout()
    name = f"{t.id.replace('/', '_')}.png"
    fig.savefig(folder / name)
    plt.close(fig)
    return name
