"""From a :class:`~osteon.patient.Patient` to the model state of that person.

1. Covariates become parameters: sex, age at menopause (the population median when not given).
2. The life course runs from the young-adult steady state (age 25, the reference age of the
   integrated model) to the patient's age.
3. Where BMD or a T-score is given, bone is individualized: with one site both compartments are
   scaled by the same factor; with two or more sites trabecular and cortical bone are solved by
   least squares (``BMD_site = mean_site (share_site trab + (1 - share_site) cort)``). The
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
    bt, bc = y[i_t], y[i_c]
    share = {site: p_run[f"trabecular_share_{site}"] for site in bone_mass.BMD_SITES}
    bmd_model = {site: REFERENCE[site].mean * (share[site] * bt + (1 - share[site]) * bc)
                 for site in bone_mass.BMD_SITES}

    target = patient.target_bmd()
    if len(target) == 1:
        (site, value), = target.items()
        f = value / bmd_model[site]
        bt_new, bc_new = bt * f, bc * f
    elif target:
        a = np.array([[REFERENCE[s].mean * share[s], REFERENCE[s].mean * (1 - share[s])]
                      for s in target])
        b = np.array(list(target.values()))
        (bt_new, bc_new), *_ = np.linalg.lstsq(a, b, rcond=None)
        if not (bt_new > 0 and bc_new > 0):
            raise InputError(f"the BMDs given for {patient!r} are inconsistent between sites: no "
                             f"positive trabecular and cortical bone matches {target} (sites "
                             f"that differ by several SD, e.g. a spine raised by degenerative "
                             f"change); give one site, or sites that agree better")
    else:
        bt_new, bc_new = bt, bc
    y[i_t], y[i_c] = bt_new, bc_new
    stiff_old = bone_mass.stiffness(bt, bc, p_run)
    stiff_new = bone_mass.stiffness(bt_new, bc_new, p_run)
    ft = p_run["skeletal_fraction_trabecular"]
    cells_old = ft * bt + (1.0 - ft) * bc
    cells_new = ft * bt_new + (1.0 - ft) * bc_new
    params = {**base, **refs,
              "habitual_load": p_run["habitual_load"] * stiff_new / stiff_old,
              "osteocyte_density": p_run["osteocyte_density"] * cells_old / cells_new}
    return PatientStart(patient=patient, y0=y[None, :], parameters=params, bmd_model=bmd_model)
