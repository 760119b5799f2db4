"""PTH-receptor agonists: teriparatide (PTH 1-34) and abaloparatide (a PTHrP analog).

Teriparatide uses the subcutaneous PK of Peterson & Riggs 2010 that the integrated model carries
(the ``TERISC`` depot passes into plasma PTH at TERICL/TERIVC, about 0.71 /h), and its
continuous infusion the model's iv PTH input (``IPTHinf``). Abaloparatide, a PTHrP analog, is
not PTH: it has its own subcutaneous depot and plasma compartment (TYMLOS label: Tmax 0.51 h,
t1/2 1.7 h, Cmax 812 pg/mL after 80 ug), and the PTH receptor sees it beside plasma PTH as a
PTH-equivalent concentration (potency x its molar concentration; 0.075 relative to PTH,
mole for mole, an assumption bounded by ACTIVE's calcium) through the model's
``pth_receptor_agonism`` input, in every PTH1R action (bone, kidney, 1-alpha-hydroxylase),
while plasma PTH stays the one the calcium system regulates.

Neither module says whether the drug builds or removes bone: daily injections give hour-long PTH
peaks, an infusion a sustained rise, and the model's PTH-receptor signaling decides.
"""

from __future__ import annotations

import math

from osteon.drugs.base import Drug, DrugCard, pk
from osteon.drugs.estrogens import _ka_from_tmax
from osteon.library.integrated._common import FAST_STATE_TOLERANCE
from osteon.library.peterson_riggs2010 import TERIPARATIDE_MW
from osteon.model.parameter import Evidence
from osteon.model.spec import Observable, State

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
    # a dose record may name the model's plasma PTH pool (pmol, like the depot): an iv bolus
    # of the PTH(1-34) peptide enters plasma PTH directly (tests/test_column_names.py)
    extra_compartments={"PTH_amount": ("iv",)},
    amount_unit="pmol",
    dose_units={"ug": _TERI_PMOL_PER_UG, "mcg": _TERI_PMOL_PER_UG, "mg": 1e3 * _TERI_PMOL_PER_UG},
    rates=lambda t, d, m, p, xp: {},
    effects=lambda d, p, xp: {},
    # its plasma level is the model's PTH (pth, drawn with the signals): the depot is its own
    levels=("TERISC",),
    infusion_parameter="IPTHinf",
    infusion_state="PTH_amount",  # the Peterson-Riggs iv PTH input (SPTH's IPTHinf term)
    infusion_factor=1.0 / 24.0,  # pmol/day -> pmol/hour (the Peterson-Riggs unit)
)

# TYMLOS label section 12.3 (80 ug sc in healthy women). Read in the stored sources: median
# Tmax 0.51 h (range 0.25-0.52), bioavailability 36 %, mean half-life 1.7 h, apparent volume
# about 50 L, plasma protein binding about 70 % (drug monographs reproducing the label:
# https://www.drugs.com/ppa/abaloparatide.html, and DrugBank DB05084's absorption text). Not
# found in them, quoted by osteon's PK review from the same section: Cmax 812 pg/mL and an
# apparent clearance of about 168 L/h.
_TYMLOS = ("TYMLOS (abaloparatide) US prescribing information, section 12.3, as reproduced in "
           "drug monographs (Lexicomp via drugs.com/ppa/abaloparatide.html; DrugBank DB05084): "
           "Tmax 0.51 h median (0.25-0.52), F 36 %, t1/2 1.7 h, Vd about 50 L")
_TYMLOS_CMAX = ("Cmax 812 pg/mL after 80 ug sc in healthy women, TYMLOS label section 12.3 as "
                "quoted by osteon's PK review (the label's PK paragraph itself was not found in "
                "the stored sources)")
_ABALO_DOSE_PG = 80e6  # pg, the label's 80 ug
_ABALO_TMAX_H = 0.51
_ABALO_T12_H = 1.7
_ABALO_F = 0.36
_ABALO_CMAX = 812.0  # pg/mL
_ABALO_KE_H = math.log(2.0) / _ABALO_T12_H
_ABALO_KA_H = _ka_from_tmax(_ABALO_TMAX_H, _ABALO_KE_H)
# one compartment: Cmax = F Dose / V x ka / (ka - ke) (exp(-ke Tmax) - exp(-ka Tmax))
_ABALO_SHAPE = _ABALO_KA_H / (_ABALO_KA_H - _ABALO_KE_H) * (
    math.exp(-_ABALO_KE_H * _ABALO_TMAX_H) - math.exp(-_ABALO_KA_H * _ABALO_TMAX_H))
_ABALO_V = _ABALO_F * _ABALO_DOSE_PG * _ABALO_SHAPE / _ABALO_CMAX / 1e3  # mL -> L

_ABALO_PARAMS = (
    pk("abaloparatide_F", _ABALO_F, "dimensionless", "subcutaneous bioavailability", _TYMLOS,
       Evidence.HUMAN_COHORT, bounds=(0.0, 1.0), lower_open=True),
    pk("abaloparatide_ka", _ABALO_KA_H * 24.0, "1/day", "subcutaneous absorption rate "
       "constant", f"derived: the one-compartment rate that peaks at the median Tmax 0.51 h with "
       f"the 1.7 h half-life ({_ABALO_KA_H:.1f} /h; the faster of the two rates that give that "
       f"Tmax: with the slower, 1.7 h would be the absorption half-life and the peak a tenth of "
       f"the label's); {_TYMLOS}", Evidence.HUMAN_COHORT, lower_open=True),
    pk("abaloparatide_ke", _ABALO_KE_H * 24.0, "1/day", "elimination rate constant of plasma "
       "abaloparatide (its own clearance, not PTH's)", f"derived: ln 2 / 1.7 h; {_TYMLOS}",
       Evidence.HUMAN_COHORT, lower_open=True),
    pk("abaloparatide_V", _ABALO_V, "L", "volume of the plasma compartment",
       f"assumption: the label's Cmax 812 pg/mL after 80 ug is taken as read ({_TYMLOS_CMAX}), "
       f"and the volume derived from it: the one at which 80 ug (F 36 %, the ka and ke above) "
       f"peaks at 812 pg/mL; the label's apparent volume of about 50 L would give a peak of about "
       f"470 pg/mL, and its quoted clearance of 168 L/h with 50 L a half-life of 0.2 h, not "
       f"1.7 h: the label's figures do not fit one compartment together, and the peak, which "
       f"drives the receptor, is the one kept", Evidence.ASSUMPTION, lower_open=True),
    pk("abaloparatide_potency", 0.075, "dimensionless", "PTH-receptor agonism relative to PTH, "
       "mole for mole (its PTH-equivalent concentration = potency x its molar concentration)",
       "assumption: chosen so that the serum calcium rise 4 h after 80 ug (in the "
       "model: +0.62 mg/dL) is not above teriparatide 20 ug's (+0.64 mg/dL), since ACTIVE "
       "reported less hypercalcaemia on abaloparatide than on teriparatide (Miller PD et al., JAMA "
       "2016;316:722, PMID 27533157; the incidences were not read here). Equal molar potency, "
       "the earlier assumption, gives +3.2 mg/dL once the label's exposure is in (peak 205 "
       "pmol/L, 50 times plasma PTH). In vitro abaloparatide is as potent or more at PTH1R's "
       "RG conformation (and less bound to R0, Hattersley G et al., Endocrinology 2016;157:141, "
       "not read here): its lower calcemic action is a bias between the receptor's actions, "
       "which one potency for all of them cannot hold; this value favours the calcium and "
       "costs spine BMD (AB1.ls +6.3 vs +8.8)", Evidence.ASSUMPTION, lower_open=True),
)


def abaloparatide_plasma(d, p):
    """Plasma abaloparatide, pg/mL (pmol/L x g/mol / 1000)."""
    return d["abaloparatide_central"] / p["abaloparatide_V"] * _ABALO_MW / 1e3


def _abalo_rates(t, d, m, p, xp):
    absorbed = p["abaloparatide_ka"] * d["abaloparatide_depot"]
    return {"abaloparatide_depot": -absorbed,
            "abaloparatide_central": p["abaloparatide_F"] * absorbed
            - p["abaloparatide_ke"] * d["abaloparatide_central"]}


def _abalo_effects(d, p, xp):
    # PTH-equivalent pmol/L that PTH1R sees beside plasma PTH (not added to plasma PTH)
    return {"pth_receptor_agonism": p["abaloparatide_potency"] * d["abaloparatide_central"]
            / p["abaloparatide_V"]}


ABALOPARATIDE = Drug(
    id="abaloparatide",
    card=DrugCard(
        name="abaloparatide",
        drug_class="PTH-receptor agonist (PTHrP 1-34 analog)",
        mechanism="activates PTH1R; daily injections are anabolic",
        pk_model="sc depot (ka, F) -> its own plasma compartment (V, ke; Tmax 0.51 h, t1/2 "
                 "1.7 h, Cmax 812 pg/mL after 80 ug); TYMLOS label 12.3",
        pd_model="PTH1R agonism: potency x its molar concentration is a PTH-equivalent level "
                 "that the PTH receptor sees beside plasma PTH in every PTH1R action (bone "
                 "cells' RANKL/OPG and anabolic signaling, renal calcium reabsorption, "
                 "1-alpha-hydroxylase); it is not plasma PTH (the gland and PTH clearance do "
                 "not see it); potency 0.075 relative to PTH, mole for mole (assumption: "
                 "the 4-h calcium rise not above teriparatide's)",
        # a prescription osteon parses: the dose checks read its 80 ug daily (drugs._usual)
        usual_regimen="abaloparatide 80 ug sc daily for up to 24 months",
        notes=("Usual regimen: 80 mcg sc once daily, cumulative use of abaloparatide and other "
               "PTH analogs beyond 2 years in a lifetime not recommended (TYMLOS label, as "
               "recalled; the label text was not read); ACTIVE, its pivotal trial, gave 18 "
               "months.",
               "Abaloparatide's bias toward transient PTH1R signaling (less resorption and "
               "calcium for the same formation) is not modelled: one potency serves every PTH1R "
               "action, set low (0.075 relative to PTH, mole for mole) so that the label's "
               "exposure (Cmax 812 pg/mL, about 205 pmol/L) raises calcium no more than "
               "teriparatide does; the spine gain "
               "in ACTIVE is then under-predicted (AB1.ls +6.3 vs +8.8 points; the hip, AB1.th "
               "+2.5 vs +3.5, is met). With equal molar potency calcium rose 3.2 mg/dL 4 h after "
               "a dose and the hip lost 5.5 points.",
               "osteon gives it teriparatide's label warnings (24-month limit; a dose during "
               "primary hyperparathyroidism, bone metastases or myeloma): an assumption, the "
               "TYMLOS label was not read."),
        targets=("AB1",),
    ),
    # both relax within hours: held to the integrated model's looser tolerance for such states
    states=(State("abaloparatide_depot", "pmol", "abaloparatide in the subcutaneous depot",
                  initial=0.0, scale=1e4, tolerance=FAST_STATE_TOLERANCE),
            State("abaloparatide_central", "pmol", "abaloparatide in its plasma compartment",
                  initial=0.0, scale=1e4, tolerance=FAST_STATE_TOLERANCE)),
    parameters=_ABALO_PARAMS,
    routes={"sc": "abaloparatide_depot"},
    amount_unit="pmol",
    dose_units={"ug": 1e6 / _ABALO_MW, "mcg": 1e6 / _ABALO_MW, "mg": 1e9 / _ABALO_MW},
    rates=_abalo_rates,
    effects=_abalo_effects,
    observables=(Observable("abaloparatide_plasma", "pg/mL", "plasma abaloparatide"),),
    observe=lambda d, p, xp: {"abaloparatide_plasma": abaloparatide_plasma(d, p)},
    levels=("abaloparatide_plasma",),
    acts_on=("pth_receptor_agonism",),
)

DRUGS = {"teriparatide": TERIPARATIDE, "abaloparatide": ABALOPARATIDE}
