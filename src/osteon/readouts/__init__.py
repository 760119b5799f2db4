"""Clinical readouts: quantities a clinician reads off a patient.

- :mod:`~osteon.readouts.densitometry`: T-scores, Z-scores, cross-manufacturer standardized BMD;
- :mod:`~osteon.readouts.reference_curves`: age/sex BMD reference curves behind the Z-scores;
- :mod:`~osteon.readouts.diagnosis`: WHO classes and the ISCD rule for which score applies;
- :mod:`~osteon.readouts.markers`: bone turnover markers against assay-specific intervals;
- :mod:`~osteon.readouts.fracture`: the fracture hazard model (10-year and lifetime probability);
- :mod:`~osteon.readouts.trial_surrogate`: a trial's fracture relative risk from its arms'
  total-hip BMD difference (the FNIH meta-regression).
"""

from osteon.readouts.densitometry import (
    MANUFACTURERS,
    REFERENCE,
    SITES,
    STANDARDIZATION,
    StandardizationEquation,
    YoungAdultReference,
    bmd_from_t_score,
    bmd_from_z_score,
    canonical_manufacturer,
    canonical_site,
    standardized_bmd,
    t_score,
    z_score,
)
from osteon.readouts.diagnosis import (
    Diagnosis,
    SiteDiagnosis,
    applicable_score,
    diagnose,
    who_class,
    z_class,
)
from osteon.readouts.markers import (
    ASSAYS,
    MARKERS,
    Assay,
    MarkerReading,
    ReferenceInterval,
    marker_status,
    percent_change,
    read_marker,
    reference_interval,
)
from osteon.readouts.reference_curves import (
    REFERENCE_CURVES,
    ReferenceCurve,
    canonical_sex,
    reference_curve,
)

__all__ = [
    "ASSAYS",
    "MANUFACTURERS",
    "MARKERS",
    "REFERENCE",
    "REFERENCE_CURVES",
    "SITES",
    "STANDARDIZATION",
    "Assay",
    "Diagnosis",
    "MarkerReading",
    "ReferenceCurve",
    "ReferenceInterval",
    "SiteDiagnosis",
    "StandardizationEquation",
    "YoungAdultReference",
    "applicable_score",
    "bmd_from_t_score",
    "bmd_from_z_score",
    "canonical_manufacturer",
    "canonical_sex",
    "canonical_site",
    "diagnose",
    "marker_status",
    "percent_change",
    "read_marker",
    "reference_curve",
    "reference_interval",
    "standardized_bmd",
    "t_score",
    "who_class",
    "z_class",
    "z_score",
]
