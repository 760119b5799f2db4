"""PTH-receptor agonists: teriparatide (PTH 1-34) and abaloparatide (a PTHrP analog).

Teriparatide uses the subcutaneous PK of Peterson & Riggs 2010 that the integrated model carries
(the ``TERISC`` depot passes into plasma PTH at TERICL/TERIVC, about 0.71 /h), and its
continuous infusion the model's iv PTH input (``IPTHinf``). Abaloparatide has its own
subcutaneous depot (first-order absorption, bioavailability on the absorbed flux) feeding plasma
PTH, as a PTH-receptor agonist of equal molar potency (an assumption).

Neither module says whether the drug builds or removes bone: daily injections give hour-long PTH
peaks, an infusion a sustained rise, and the model's PTH-receptor signaling decides.
"""

from __future__ import annotations

import math

from osteon.drugs.base import Drug, DrugCard, pk
from osteon.library.peterson_riggs2010 import TERIPARATIDE_MW
from osteon.model.parameter import Evidence
from osteon.model.spec import State

_PR = ("Peterson MC, Riggs MM, Bone 2010;46:49, doi:10.1016/j.bone.2009.08.053, PMID 19732857 "
       "(teriparatide PK, TERISC/TERICL/TERIVC)")
_NEER = ("Neer RM et al., N Engl J Med 2001;344:1434, PMID 11346808")

#: pmol per ug of teriparatide (MW 4117.8 g/mol, as the Peterson-Riggs SBML)
_TERI_PMOL_PER_UG = 1e6 / TERIPARATIDE_MW
_ABALO_MW = 3960.5  # g/mol

TERIPARATIDE = Drug(
    id="teriparatide",
    card=DrugCard(
        name="teriparatide",
        drug_class="PTH-receptor agonist (recombinant PTH 1-34)",
        mechanism="activates PTH1R on osteoblast-lineage cells and osteocytes: brief daily peaks "
                  "recruit and prolong osteoblasts (anabolic); a sustained rise raises RANKL "
                  "(catabolic)",
        pk_model="sc depot -> plasma PTH at TERICL/TERIVC (0.71 /h); continuous infusion as an "
                 "iv PTH input; " + _PR,
        pd_model="through the model's PTH: the catabolic arm (RANKL up, OPG down, following the "
                 "PTH level) and the anabolic arm (PTH-receptor signaling RUNX2/CREB/BCL2 of "
                 "Peterson & Riggs 2010, which only PTH peaks drive, recruits osteoblasts)",
        usual_regimen="teriparatide 20 ug sc daily for up to 24 months",
        notes=("The label limits lifetime use to 24 months (osteosarcoma in rats); osteon warns "
               "past 24 months of cumulative exposure.",
               "40 ug daily (Neer 2001's high-dose arm, in the validation) is twice the "
               "approved dose; the dose checks do not report it (it was studied as a "
               "treatment), and report an exposure above it (e.g. 60 ug daily, or an infusion "
               "above 40 ug/day).",
               "The label says to avoid it in an underlying hypercalcemic disorder such as "
               "primary hyperparathyroidism (section 5.2) and where the baseline risk of "
               "osteosarcoma is raised, e.g. bone metastases or a skeletal malignancy (5.1); "
               "osteon warns when a dose falls during primary_hyperparathyroidism, "
               "bone_metastases or multiple_myeloma (FORTEO prescribing information, 11/2020).",
               "No parameters of its own: the PK parameters are the host model's TERICL and "
               "TERIVC (and IPTHinf for an infusion), listed with their sources by 'osteon "
               "models show osteon'."),
        targets=("PT1", "PT2", "PT3", "PT4", "RO3.teriparatide"),
        # the dose checks' ceiling on exposure: 40 ug daily is above the approved 20 ug but was
        # given as a treatment for a median of 21 months, so it is not reported as an overdose
        largest_regimen="teriparatide 40 ug sc daily",
        largest_regimen_source=f"Neer 2001's high-dose arm, above the approved 20 ug daily; "
                               f"{_NEER}",
    ),
    states=(),
    parameters=(),
    routes={"sc": "TERISC"},
    amount_unit="pmol",
    dose_units={"ug": _TERI_PMOL_PER_UG, "mcg": _TERI_PMOL_PER_UG, "mg": 1e3 * _TERI_PMOL_PER_UG},
    rates=lambda t, d, m, p, xp: {},
    effects=lambda d, p, xp: {},
    # its plasma level is the model's PTH (pth, drawn with the signals): the depot is its own
    levels=("TERISC",),
    infusion_parameter="IPTHinf",
    infusion_factor=1.0 / 24.0,  # pmol/day -> pmol/hour (the Peterson-Riggs unit)
)

_ABALO_PARAMS = (
    pk("abaloparatide_F", 0.36, "dimensionless", "subcutaneous bioavailability",
       "TYMLOS (abaloparatide) US prescribing information, section 12.3 (36 %), as quoted in the "
       "research notes; the label text itself was not read", Evidence.HUMAN_COHORT,
       bounds=(0.0, 1.0), lower_open=True),
    pk("abaloparatide_ka", 24.0 * math.log(2.0) / 0.5, "1/day", "subcutaneous absorption rate "
       "constant", "assumption: Tmax about 0.5 h after a subcutaneous dose (TYMLOS label, "
       "section 12.3, as quoted in the research notes); absorption half-life 0.5 h chosen",
       Evidence.ASSUMPTION, lower_open=True),
    pk("abaloparatide_potency", 1.0, "dimensionless", "PTH-receptor agonism per pmol relative to "
       "PTH", "assumption: equal molar potency at PTH1R", Evidence.ASSUMPTION, lower_open=True),
)


def _abalo_rates(t, d, m, p, xp):
    absorbed = p["abaloparatide_ka"] * d["abaloparatide_depot"]
    return {"abaloparatide_depot": -absorbed,
            "PTH_amount": p["abaloparatide_F"] * p["abaloparatide_potency"] * absorbed}


ABALOPARATIDE = Drug(
    id="abaloparatide",
    card=DrugCard(
        name="abaloparatide",
        drug_class="PTH-receptor agonist (PTHrP 1-34 analog)",
        mechanism="activates PTH1R; daily injections are anabolic",
        pk_model="sc depot (ka, F) -> plasma PTH pool as PTH-equivalent pmol (cleared as PTH)",
        pd_model="through the model's PTH (both arms, as teriparatide), with an assumed equal "
                 "molar potency",
        # a prescription osteon parses: the dose checks read its 80 ug daily (drugs._usual)
        usual_regimen="abaloparatide 80 ug sc daily for up to 24 months",
        notes=("Usual regimen: 80 mcg sc once daily, cumulative use of abaloparatide and other "
               "PTH analogs beyond 2 years in a lifetime not recommended (TYMLOS label, as "
               "recalled; the label text was not read); ACTIVE, its pivotal trial, gave 18 "
               "months.",
               "Abaloparatide's bias toward transient PTH1R signaling (less resorption for the "
               "same formation) is not modelled.",
               "osteon gives it teriparatide's label warnings (24-month limit; a dose during "
               "primary hyperparathyroidism, bone metastases or myeloma): an assumption, the "
               "TYMLOS label was not read."),
        targets=("AB1",),
    ),
    states=(State("abaloparatide_depot", "pmol", "abaloparatide in the subcutaneous depot",
                  initial=0.0, scale=1e4),),
    parameters=_ABALO_PARAMS,
    routes={"sc": "abaloparatide_depot"},
    amount_unit="pmol",
    dose_units={"ug": 1e6 / _ABALO_MW, "mcg": 1e6 / _ABALO_MW, "mg": 1e9 / _ABALO_MW},
    rates=_abalo_rates,
    effects=lambda d, p, xp: {},
    feeds=("PTH_amount",),
    # absorbed into plasma PTH (pth, drawn with the signals): the depot is its own level
    levels=("abaloparatide_depot",),
)

DRUGS = {"teriparatide": TERIPARATIDE, "abaloparatide": ABALOPARATIDE}
