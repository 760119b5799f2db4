"""From a :class:`~osteon.patient.Patient` to the model state of that person.

1. Covariates become parameters: sex, age at menopause (the population median when not given).
2. The life course runs from the young-adult steady state (age 25, the reference age of the
   integrated model) to the patient's age.
3. Where BMD or a T-score is given, bone is individualized: with one site both compartments are
   scaled by the same factor; with two or more sites trabecular and cortical bone are solved by
   least squares (``BMD_site = mean_site (share_site trab + (1 - share_site) cort) m``, m the
   mineral factor of osteoid awaiting its mineral, re-solved until it settles). The
   habitual load is set so that the individualized bone is in mechanical balance (the bone a
   person has is the bone her loading history built), and the osteocyte density so that her
   osteocytes signal (sclerostin, RANKL, SASP) as the model's bone of that age does (her cells
   regulate the bone she has): the model does not drift back toward its own BMD.
The bone-balance references (OBa_ref, OCa_ref) stay those of the young adult.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from osteon.errors import InputError
from osteon.model.spec import ModelSpec
from osteon.patient import Patient

#: parameters a patient sets; the user may not set them too
PATIENT_PARAMETERS = ("female", "age_menopause", "age_start", "habitual_load",
                      "osteocyte_density")


@dataclass(frozen=True)
class PatientStart:
    """The state and parameters a simulation of ``patient`` starts from."""

    patient: Patient
    y0: np.ndarray  # (1, n_states)
    parameters: dict[str, float]
    bmd_model: dict[str, float]  # the life-course BMD at the patient's age, before individualizing


def _require_osteon(spec: ModelSpec) -> None:
    names = set(spec.parameter_names)
    missing = [n for n in PATIENT_PARAMETERS if n not in names]
    if missing:
        raise InputError(f"patient= needs a model with age, sex and menopause (the integrated "
                         f"model 'osteon'); model '{spec.id}' lacks parameters {missing}")


def covariates(patient: Patient) -> dict[str, float]:
    """The model parameters a patient's covariates set."""
    out = {"female": 1.0 if patient.is_female else 0.0}
    if patient.is_female and patient.menopause_age is not None:
        out["age_menopause"] = float(patient.menopause_age)
    return out


def patient_start(spec: ModelSpec, patient: Patient, parameters: Mapping[str, Any] | None = None,
                  solver: Any = None) -> PatientStart:
    """Run the life course to the patient's age and individualize bone to the given BMD."""
    from osteon.library.integrated import bone_mass
    from osteon.readouts.densitometry import REFERENCE
    from osteon.simulation import simulate

    _require_osteon(spec)
    if not isinstance(patient, Patient):
        raise InputError(f"patient must be an osteon.Patient; got {type(patient).__name__}")
    user = dict(parameters or {})
    clash = sorted(set(user) & set(PATIENT_PARAMETERS))
    if clash:
        raise InputError(f"parameters {clash} are set by the patient (sex, age, menopause, BMD); "
                         f"give them through Patient instead")
    base = {**user, **covariates(patient), "age_start": float(patient.age)}
    # the model's run-in: the young-adult steady state, then the life course to the patient's age
    run = simulate(spec, parameters=base, duration=1.0, save=[0.0, 1.0], solver=solver)
    y = np.asarray(run.baseline[0, :len(spec.states)], dtype=float).copy()
    refs = {k: float(run.parameters[k].iloc[0]) for k in spec.baseline_references}
    p_run = {k: float(run.parameters[k].iloc[0]) for k in run.parameters.columns
             if k != "subject_id"}
    i_t, i_c = spec.state_index("bone_trabecular"), spec.state_index("bone_cortical")
    i_o = spec.state_index("osteoid_calcium")
    bt, bc = y[i_t], y[i_c]
    share = {site: p_run[f"trabecular_share_{site}"] for site in bone_mass.BMD_SITES}

    def formed(b_t: float, b_c: float) -> float:
        s = {"bone_trabecular": b_t, "bone_cortical": b_c}
        return float(bone_mass.calcium_formed(s, 1.0, p_run, np))

    def osteoid(b_t: float, b_c: float) -> float:
        """Her osteoid: what her bone's formation surfaces lay down, in the proportion the
        model's woman of her age holds to hers."""
        return y[i_o] * formed(b_t, b_c) / formed(bt, bc)

    def mineral(b_t: float, b_c: float) -> float:
        """BMD's mineral factor: osteoid beyond the young adult's still awaits its mineral
        (calcium mass balance on; 1 otherwise)."""
        s = {"bone_trabecular": b_t, "bone_cortical": b_c, "osteoid_calcium": osteoid(b_t, b_c)}
        return 1.0 - p_run["calcium_mass_balance"] * float(bone_mass.mineral_deficit(s, p_run, np))

    def bmd(site: str, b_t: float, b_c: float) -> float:
        mix = share[site] * b_t + (1 - share[site]) * b_c
        return REFERENCE[site].mean * mix * mineral(b_t, b_c)

    bmd_model = {site: bmd(site, bt, bc) for site in bone_mass.BMD_SITES}

    target = patient.target_bmd()
    bt_new, bc_new = bt, bc
    # the BMD of the scaled bone is linear in it but for the mineral factor, which the bone
    # scaling moves only slightly: solve at the factor of the last iterate until it settles
    for _ in range(50):
        m = mineral(bt_new, bc_new)
        if len(target) == 1:
            (site, value), = target.items()
            f = value / (bmd(site, bt, bc) / mineral(bt, bc) * m)
            b_next = (bt * f, bc * f)
        elif target:
            a = np.array([[REFERENCE[s].mean * share[s] * m,
                           REFERENCE[s].mean * (1 - share[s]) * m] for s in target])
            b = np.array(list(target.values()))
            (t_next, c_next), *_ = np.linalg.lstsq(a, b, rcond=None)
            if not (t_next > 0 and c_next > 0):
                raise InputError(f"the BMDs given for {patient!r} are inconsistent between "
                                 f"sites: no positive trabecular and cortical bone matches "
                                 f"{target} (sites that differ by several SD, e.g. a spine "
                                 f"raised by degenerative change); give one site, or sites "
                                 f"that agree better")
            b_next = (float(t_next), float(c_next))
        else:
            break
        done = max(abs(b_next[0] - bt_new), abs(b_next[1] - bc_new)) < 1e-14
        bt_new, bc_new = b_next
        if done:
            break
    if len(target) > 1:
        _warn_two_compartment_reading(patient, target, {s: bmd(s, bt_new, bc_new) for s in target},
                                      bt_new / bt, bc_new / bc)
    y[i_o] = osteoid(bt_new, bc_new)
    y[i_t], y[i_c] = bt_new, bc_new
    # the cortical space PTH holds open keeps its share of the scaled cortex
    i_s = spec.state_index("cortical_pth_space")
    y[i_s] = y[i_s] * bc_new / bc
    # her sustained turnover (the fracture projections' CTX) moves with her bone's remodeling
    # surfaces as her CTX of the moment does
    i_m = spec.state_index("resorption_log_memory")
    surfaces = [float(bone_mass.skeletal_turnover({"bone_trabecular": t, "bone_cortical": c},
                                                  1.0, p_run, np)) for t, c in
                ((bt, bc), (bt_new, bc_new))]
    y[i_m] += np.log(surfaces[1] / surfaces[0])
    stiff_old = bone_mass.stiffness(bt, bc, p_run)
    stiff_new = bone_mass.stiffness(bt_new, bc_new, p_run)
    ft = p_run["skeletal_fraction_trabecular"]
    cells_old = ft * bt + (1.0 - ft) * bc
    cells_new = ft * bt_new + (1.0 - ft) * bc_new
    params = {**base, **refs,
              "habitual_load": p_run["habitual_load"] * stiff_new / stiff_old,
              "osteocyte_density": p_run["osteocyte_density"] * cells_old / cells_new}
    return PatientStart(patient=patient, y0=y[None, :], parameters=params, bmd_model=bmd_model)


#: compartment factors further apart than this (trabecular over cortical, either way) are
#: warned about: bone turnover scales with trabecular bone in the model (an assumption: where
#: the sites' difference is read as a compartment difference, her turnover moves with it)
COMPARTMENT_SPREAD_WARN = 1.5
#: a given site the two-compartment solution misses by more than this (T-score units) is warned
SITE_MISS_WARN = 0.1


def _warn_two_compartment_reading(patient: Patient, target: Mapping[str, float],
                                  started: Mapping[str, float], f_trab: float,
                                  f_cort: float) -> None:
    """Warn where a multi-site patient is read in a way the user would not guess: sites whose
    difference becomes a large trabecular/cortical difference (which moves her bone turnover, as
    turnover follows trabecular bone), or given sites the two compartments cannot all match."""
    import warnings

    from osteon.errors import OsteonWarning
    from osteon.readouts.densitometry import REFERENCE

    missed = {s: ((v - REFERENCE[s].mean) / REFERENCE[s].sd,
                  (started[s] - REFERENCE[s].mean) / REFERENCE[s].sd)
              for s, v in target.items() if abs(started[s] - v) / REFERENCE[s].sd > SITE_MISS_WARN}
    if missed:
        shown = ", ".join(f"{s} T {g:.2f} -> {m:.2f}" for s, (g, m) in missed.items())
        warnings.warn(f"{patient!r}: the model's two bone compartments (trabecular, cortical) "
                      f"cannot match all {len(target)} sites given; the least-squares start "
                      f"misses {shown} (give at most two sites to keep them)", OsteonWarning,
                      stacklevel=3)
    spread = f_trab / f_cort
    if not (1.0 / COMPARTMENT_SPREAD_WARN <= spread <= COMPARTMENT_SPREAD_WARN):
        warnings.warn(f"{patient!r}: the sites' difference is read as a difference between "
                      f"compartments: trabecular bone x{f_trab:.2f} and cortical bone "
                      f"x{f_cort:.2f} of the model's person of that age; bone turnover (CTX, "
                      f"P1NP) follows trabecular bone, so it moves with it. The model's own "
                      f"sites do not keep the reference curves' relation (its spine sits lower), "
                      f"so even equal T-scores can be read so; give one site to keep her "
                      f"turnover that of her age", OsteonWarning, stacklevel=3)
