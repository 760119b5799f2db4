"""Cross-check osteon's Komarova 2003 and Lemaire 2004 against the curated BioModels SBML.

The SBML files (BIOMD0000000148: Komarova 2003; BIOMD0000000278: Lemaire 2004) are simulated in
libroadrunner (CVODE) and osteon's own implementations of the same papers are simulated with
``osteon.simulate``, both with tight tolerances, from the published initial values, over the
models' own time spans and at the same save times. Requirement: maximum relative difference
<= 1e-4 on every compared species.

What "relative difference" means here (``_rel_diffs``), for a species with our trajectory a(t)
and the SBML trajectory b(t) on the common save times:

- normalised max difference (the primary criterion): max_t |a - b| / max_t |b|. The denominator
  is the species' own largest magnitude over the run, so a state passing near zero does not blow
  the ratio up, and the criterion is never looser than 1e-4 of the species' peak.
- pointwise relative difference: max_t |a - b| / |b| over the save times where |b| is not tiny,
  i.e. |b| >= 1e-6 max_t |b| (points below that are counted in the failure message, not
  compared pointwise; none of the species compared here comes near that: their min/max ratios
  over the runs are >= 0.06). Also required <= 1e-4.

Both must be <= 1e-4 for every compared species and experiment; the measured values are ~1e-9.

The SBML directory is ``$OSTEON_SBML_DIR`` if set, else ``<repo root>/../shared/reference/sbml``.
Tests skip (with the path looked at) where the files are absent, and where libroadrunner is not
installed (``pip install osteon[sbml]``); CI has both.
"""

from __future__ import annotations

import os
from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest

import osteon
from osteon.library import load

pytestmark = pytest.mark.sbml

ENV_VAR = "OSTEON_SBML_DIR"
REPO_ROOT = Path(__file__).resolve().parents[1]
KOMAROVA_SBML = "BIOMD0000000148_url.xml"
LEMAIRE_SBML = "BIOMD0000000278_url.xml"

#: The requirement: maximum relative difference on every compared species. Never loosen this.
RTOL_CROSSCHECK = 1e-4
#: Pointwise relative differences are only taken where |b| >= TINY * max_t |b| (see docstring).
TINY = 1e-6

#: Solver tolerances, both sides. Four to five orders of magnitude below the criterion so that a
#: failure means a model difference, not integration error (measured agreement is ~1e-9).
RR_ABSOLUTE_TOLERANCE = 1e-12
RR_RELATIVE_TOLERANCE = 1e-10
OSTEON_SOLVER = osteon.Solver(rtol=1e-10, atol=1e-12)

# Time spans. Komarova: the SBML reproduces the paper's Fig. 2A/B (one remodeling cycle after
# the published perturbation x1=11, x2=212, z=100); the cycle is over by ~200 days, 0-1000 days
# also covers the approach to the steady state, where the SBML's event flags switch at round-off
# level (x_i - xbar_i ~ 1e-12) and must not matter. Lemaire: 0-140 days, the span of the
# paper's Fig. 2, with perturbations switched on at day 20 and off (or changed) at day 80.
KOMAROVA_T_END = 1000.0
KOMAROVA_N_SAVE = 1001  # every day
LEMAIRE_T_END = 140.0
LEMAIRE_DT = 0.1  # days between save points

# SBML species -> osteon variable (state or observable).
# Komarova: x1_bar, x2_bar are SBML species set by assignment rules; in osteon they are the
# observables osteoclasts_steady / osteoblasts_steady. The SBML species y1, y2 are never written
# (no reaction, rule or event changes them: they stay 0; the SBML puts y_i into the z reactions
# R5/R6 as flag_i * (x_i - xbar_i) instead), so they are not compared; osteon's observables
# resorbing_osteoclasts / forming_osteoblasts have no SBML counterpart.
KOMAROVA_CELLS = {"x1": "osteoclasts", "x2": "osteoblasts",
                  "x1_bar": "osteoclasts_steady", "x2_bar": "osteoblasts_steady"}
KOMAROVA_BONE = {"z": "bone_mass"}
LEMAIRE_STATES = {"R": "R", "B": "B", "C": "C"}


# ---------------------------------------------------------------------------- helpers
def _sbml_file(name: str) -> Path:
    env = os.environ.get(ENV_VAR)
    directory = Path(env) if env else REPO_ROOT.parent / "shared" / "reference" / "sbml"
    path = directory / name
    if not path.is_file():
        how = (f"from ${ENV_VAR}={env}" if env else
               f"${ENV_VAR} not set; default <repo root>/../shared/reference/sbml")
        pytest.skip(f"curated SBML {name} not found at {path} ({how}); set {ENV_VAR} to the "
                    f"directory holding the BioModels SBML files to run this cross-check")
    return path


def _roadrunner(name: str):
    """A RoadRunner instance for the SBML file ``name`` with tight CVODE tolerances."""
    path = _sbml_file(name)
    try:
        import roadrunner
    except ImportError as exc:
        pytest.skip(f"libroadrunner is not installed ({exc}); install it with "
                    f"`pip install osteon[sbml]` to run the SBML cross-check")
    rr = roadrunner.RoadRunner(str(path))
    rr.integrator.absolute_tolerance = RR_ABSOLUTE_TOLERANCE
    rr.integrator.relative_tolerance = RR_RELATIVE_TOLERANCE
    rr.integrator.maximum_num_steps = 1_000_000
    return rr


def _rel_diffs(a: np.ndarray, b: np.ndarray) -> tuple[float, float, int]:
    """(max_t |a-b| / max_t |b|, max_t |a-b|/|b| where |b| >= TINY max|b|, points left out)."""
    d = np.abs(a - b)
    peak = float(np.max(np.abs(b)))
    normalised = float(d.max() / peak) if peak > 0 else float(d.max())
    keep = np.abs(b) >= TINY * peak
    pointwise = float(np.max(d[keep] / np.abs(b[keep]))) if keep.any() else 0.0
    return normalised, pointwise, int((~keep).sum())


def _compare(ours, ref: dict[str, np.ndarray], mapping: dict[str, str], what: str):
    """Assert every mapped species agrees to RTOL_CROSSCHECK; return the measured differences."""
    measured = {}
    for sbml_id, var in mapping.items():
        a = ours.values[0, :, ours.variables.index(var)]
        measured[sbml_id] = _rel_diffs(a, ref[sbml_id])
    print(f"\n{what}:")
    for sbml_id, (nmax, pw, left) in measured.items():
        print(f"  {sbml_id:>7} vs {mapping[sbml_id]:<20} max|a-b|/max|b| = {nmax:.3g}   "
              f"pointwise max|a-b|/|b| = {pw:.3g}" + (f" ({left} tiny points left out)"
                                                       if left else ""))
    bad = {k: v for k, v in measured.items() if max(v[0], v[1]) > RTOL_CROSSCHECK}
    assert not bad, (
        f"{what}: relative difference above {RTOL_CROSSCHECK:g} for "
        + "; ".join(f"{k} (osteon '{mapping[k]}'): max|a-b|/max|b| = {v[0]:.3g}, "
                    f"pointwise = {v[1]:.3g}, tiny points left out = {v[2]}"
                    for k, v in bad.items()))
    return measured


def _as_columns(result, selections: list[str]) -> dict[str, np.ndarray]:
    arr = np.asarray(result)
    return {s: arr[:, i].copy() for i, s in enumerate(selections)}


# -------------------------------------------------------------------------- Komarova 2003
def _komarova_sbml(consistent_flags: bool):
    """Simulate BIOMD0000000148 over 0..KOMAROVA_T_END.

    The SBML writes y_i = max(0, x_i - xbar_i) as flag_i * (x_i - xbar_i), with flag_i switched
    to 1 by an event triggered when x_i > xbar_i becomes true and to 0 when x_i <= xbar_i becomes
    true. Both flags start at 0, and SBML Level 2 triggers are not considered to become true at
    t=0, so with the published x1(0)=11 > xbar1 ~ 1.06 the resorption flag stays 0 through the
    whole first resorption phase. With ``consistent_flags`` the flags' initial values are set to
    the value of their own triggers at t=0 (flag_i(0) = [x_i(0) > xbar_i]), which makes the
    SBML's y_i equal to max(0, x_i - xbar_i) from the start -- the paper's definition.
    """
    rr = _roadrunner(KOMAROVA_SBML)
    flags = {"flag_resorption": ("x1", "x1_bar"), "flag_formation": ("x2", "x2_bar")}
    initial_flags = {}
    if consistent_flags:
        for flag, (x, xbar) in flags.items():
            rr[f"init({flag})"] = 1.0 if rr[x] > rr[xbar] else 0.0
        rr.reset()
    for flag in flags:
        initial_flags[flag] = float(rr[flag])
    sel = ["time", "x1", "x2", "z", "x1_bar", "x2_bar", "flag_resorption", "flag_formation"]
    out = _as_columns(rr.simulate(0.0, KOMAROVA_T_END, KOMAROVA_N_SAVE, sel), sel)
    return out, initial_flags


def _komarova_osteon(times: np.ndarray):
    return osteon.simulate("komarova2003", duration=KOMAROVA_T_END, save=times, initial="model",
                           solver=OSTEON_SOLVER)


def test_komarova_parameters_and_initial_values_match_sbml():
    rr = _roadrunner(KOMAROVA_SBML)
    spec = load("komarova2003")
    for p in spec.parameters:
        assert rr[p.name] == pytest.approx(p.value, rel=1e-15), p.name
    for sbml_id, state in {"x1": "osteoclasts", "x2": "osteoblasts", "z": "bone_mass"}.items():
        assert rr[sbml_id] == spec.states[spec.state_index(state)].initial, sbml_id


def test_komarova_cells_match_unmodified_sbml():
    """x1, x2, x1_bar, x2_bar against the SBML as published (the flags do not affect them)."""
    ref, flags0 = _komarova_sbml(consistent_flags=False)
    assert flags0 == {"flag_resorption": 0.0, "flag_formation": 0.0}
    ours = _komarova_osteon(ref["time"])
    np.testing.assert_array_equal(ours.times, ref["time"])
    _compare(ours, ref, KOMAROVA_CELLS, "Komarova 2003 vs unmodified BIOMD0000000148, 0-1000 d")


def test_komarova_bone_mass_matches_sbml_with_flags_consistent_at_t0():
    """z (and the cells again) against the SBML with flag_i(0) = [x_i(0) > xbar_i]."""
    ref, flags0 = _komarova_sbml(consistent_flags=True)
    # x1(0) = 11 > xbar1 ~ 1.06: resorbing from the start; x2(0) = 212 < xbar2 ~ 212.13: not
    # forming until x2 crosses xbar2 from below, which the SBML's own event then records.
    assert flags0 == {"flag_resorption": 1.0, "flag_formation": 0.0}
    ours = _komarova_osteon(ref["time"])
    _compare(ours, ref, {**KOMAROVA_CELLS, **KOMAROVA_BONE},
             "Komarova 2003 vs BIOMD0000000148 with consistent initial flags, 0-1000 d")


def test_komarova_unmodified_sbml_skips_first_resorption_and_bone_mass_drifts_up():
    """Documents the known BIOMD0000000148 deviation stated in the komarova2003 card.

    In the SBML as published, the resorption flag is not set at t=0 although x1(0) > xbar1
    (libroadrunner, like the SBML L2 semantics, does not fire a trigger that is already true at
    t=0), so the first resorption phase is skipped and the SBML's bone mass only rises: measured
    z(1000 d) = 114.06 % against osteon's 99.967 % (osteon follows the paper, and agrees with the
    SBML to ~1e-9 once the flags start consistent with their triggers), a normalised maximum
    difference max_t |z_osteon - z_sbml| / max_t |z_sbml| = 0.124 (at day 24).
    If this test fails, the SBML or libroadrunner's event semantics changed: revisit the card.
    """
    ref, _ = _komarova_sbml(consistent_flags=False)
    t, z_sbml = ref["time"], ref["z"]
    ours = _komarova_osteon(t)
    z_ours = ours.values[0, :, ours.variables.index("bone_mass")]
    x1_ours = ours.values[0, :, ours.variables.index("osteoclasts")]
    xbar1 = ref["x1_bar"][0]

    # The trigger x1 > x1_bar is true from t=0 but did not fire: during the first resorption
    # phase (x1 > xbar1 until day ~22.9) the SBML's resorption flag is 0 ...
    first_phase = (t > 0) & (t < 5)
    assert (x1_ours[first_phase] > xbar1).all()
    assert (ref["flag_resorption"][first_phase] == 0.0).all()
    # ... so the SBML never resorbs: its bone mass does not fall below 100 %, while osteon's
    # (the paper's) drops to 89.8 % (day ~12) and then returns to ~100 %.
    assert z_sbml.min() >= 100.0 - 1e-6
    assert z_ours.min() < 91.0
    assert z_ours[-1] == pytest.approx(99.967, abs=1e-3)
    assert z_sbml[-1] == pytest.approx(114.057, abs=1e-3)
    # The measured size of the deviation (far above the 1e-4 criterion).
    nmax, _, _ = _rel_diffs(z_ours, z_sbml)
    print(f"\nunmodified BIOMD0000000148 z: max|a-b|/max|b| = {nmax:.4g}; "
          f"z_sbml(end) = {z_sbml[-1]:.6g}, z_osteon(end) = {z_ours[-1]:.6g}")
    assert nmax == pytest.approx(0.1235, abs=1e-3)


# --------------------------------------------------------------------------- Lemaire 2004
# Experiments: (label, [(time in days, parameter, value), ...]) applied identically in both
# simulators. Parameter names are the same in the SBML and in osteon for these inputs.
LEMAIRE_EXPERIMENTS = [
    ("unperturbed", []),
    # Fig. 2C: OPG infusion, I_O = 2e5 pM/day for 20 < t <= 80 days.
    ("opg_infusion_days_20_80", [(20.0, "I_O", 2e5), (80.0, "I_O", 0.0)]),
    # Fig. 2C: continuous PTH administration, I_P = 1e3 pM/day for 20 < t <= 80 days.
    ("continuous_pth_days_20_80", [(20.0, "I_P", 1e3), (80.0, "I_P", 0.0)]),
    # Fig. 2C: RANKL I_L = 1e4 pM/day from day 20, then OPG I_O = 9e4 pM/day added from day 80.
    ("rankl_day_20_then_opg_day_80", [(20.0, "I_L", 1e4), (80.0, "I_O", 9e4)]),
]


def _lemaire_sbml(steps):
    """Simulate BIOMD0000000278 over 0..LEMAIRE_T_END, changing parameters at the step times.

    Consecutive ``rr.simulate(t0, t1, n)`` calls continue from the current state; a parameter
    set in between takes effect for the next segment (the assignment rules Pbar, Phi_P, Phi_L
    that depend on it are re-evaluated). Segment ends are shared save points; the duplicate row
    at each boundary is dropped (the states are continuous there).
    """
    rr = _roadrunner(LEMAIRE_SBML)
    sel = ["time", "R", "B", "C"]
    bounds = sorted({0.0, LEMAIRE_T_END, *(t for t, _, _ in steps)})
    rows = []
    for t0, t1 in pairwise(bounds):
        for t, name, value in steps:
            if t == t0:
                rr[name] = value
        n = round((t1 - t0) / LEMAIRE_DT) + 1
        seg = np.asarray(rr.simulate(t0, t1, n, sel))
        rows.append(seg if not rows else seg[1:])
    return _as_columns(np.vstack(rows), sel)


def test_lemaire_parameters_and_initial_values_match_sbml():
    rr = _roadrunner(LEMAIRE_SBML)
    spec = load("lemaire2004")
    sbml_name = {"k_O": "kO"}  # the only renamed parameter
    not_in_sbml = {"I_R", "I_B", "I_C"}  # cell fluxes of Fig. 2A-B, absent from the core SBML
    for p in spec.parameters:
        if p.name in not_in_sbml:
            assert p.value == 0.0
            continue
        assert rr[sbml_name.get(p.name, p.name)] == pytest.approx(p.value, rel=1e-15), p.name
    for s in spec.states:
        assert rr[s.name] == pytest.approx(s.initial, rel=1e-15), s.name


@pytest.mark.parametrize("label, steps", LEMAIRE_EXPERIMENTS,
                         ids=[label for label, _ in LEMAIRE_EXPERIMENTS])
def test_lemaire_matches_sbml(label, steps):
    ref = _lemaire_sbml(steps)
    events = [osteon.ParameterStep(t, name, value) for t, name, value in steps]
    ours = osteon.simulate("lemaire2004", events, duration=LEMAIRE_T_END, save=ref["time"],
                           initial="model", solver=OSTEON_SOLVER)
    np.testing.assert_allclose(ours.times, ref["time"], rtol=0, atol=1e-9)
    _compare(ours, ref, LEMAIRE_STATES, f"Lemaire 2004 vs BIOMD0000000278, {label}, 0-140 d")
    if steps:  # the perturbation really acted (guards against a silently ignored parameter set)
        c = ref["C"]
        assert np.abs(c - c[0]).max() > 0.1 * c[0]
