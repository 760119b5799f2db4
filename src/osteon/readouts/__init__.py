"""Clinical readouts: quantities a clinician reads off a patient (densitometry first)."""

from osteon.readouts.densitometry import (
    REFERENCE,
    SITES,
    YoungAdultReference,
    bmd_from_t_score,
    canonical_site,
    t_score,
)

__all__ = [
    "REFERENCE",
    "SITES",
    "YoungAdultReference",
    "bmd_from_t_score",
    "canonical_site",
    "t_score",
]
