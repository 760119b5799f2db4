"""Denosumab: a human anti-RANKL IgG2 given 60 mg sc every 6 months.

PK: the population PK of Sutjandra et al. 2011 (healthy subjects and postmenopausal women, 0.01
to 3 mg/kg or 6 to 210 mg sc or iv) for its typical 66 kg subject: a subcutaneous depot absorbed
first-order with a bioavailability, central and peripheral compartments, linear clearance, and
target-mediated disposition in its quasi-steady-state form (total drug and total serum target;
the free drug is what the serum level and the bone surface see). The values are those OpenBoneMin
codes for it (the paper's tables were not read). For 60 mg it gives a peak of 7.4 ug/mL on day
11.6, an AUC0-16wk of 393 ug*day/mL, a half-life of 25.6 days between days 60 and 120 and 42 ng/mL
at 6 months (Prolia US label 12.3: 6.75 ug/mL at a median of 10 days, 316 ug*day/mL, 25.4 days);
exposure per mg halves from 60 mg down to 6 mg (the label's nonlinearity below 60 mg). The PK of
Martinez-Reina & Pivonka 2019 carried before (one compartment, Michaelis-Menten elimination)
peaked at 10.1 ug/mL on day 15.75 with an AUC of 650.

PD: free denosumab at the bone surface (serum concentration times an accessibility factor)
binds RANKL with picomolar affinity beside OPG and RANK (Martinez-Reina & Pivonka 2019): it adds
K_A x C_bone to the RANKL binding equilibrium of the integrated model (its ``rankl_decoy``).
RANKL also keeps mature osteoclasts resorbing and alive: when a decoy holds most of it the model
loses resorbing osteoclasts faster (its ``rankl_blockade_survival_gain``, steep in the held
share). The gain and the accessibility are fitted together to the CTX fall by day 3 (label) and
the end-of-interval CTX (FREEDOM); Martinez-Reina & Pivonka's accessibility 0.012 was fitted
inside their core and leaves the trough nearly without effect in this one.

Rebound: nothing here models it. While RANKL is held, osteoclast precursors are not drawn into
osteoclasts and accumulate (the model's precursor pool, cf. the osteomorphs of McDonald 2021);
when the drug wanes the larger pool meets free RANKL again. Resorption overshoots placebo too
little (DM8.overshoot, a reported miss): osteoclast apoptosis in the Pivonka core is driven by
resorption's own TGF-beta, so osteoclast numbers follow the square root of their formation.
Spine BMD returns to about its pre-treatment level a year after the omitted dose
(DM8.bmd_back), because suppressed resorption does not deplete the stromal progenitor pool (the
model's stromal_depletion_share).
"""

from __future__ import annotations

from osteon.drugs.base import MASS_UNITS_MG, Drug, DrugCard, pk
from osteon.model.estimates import estimated
from osteon.model.parameter import Evidence
from osteon.model.spec import Observable, State

_MR2019 = ("Martinez-Reina J, Pivonka P, Bone 2019;125:87, doi:10.1016/j.bone.2019.04.022 (values "
           "as carried by a public re-implementation of the model; the paper's table was not "
           "read)")
_SUTJANDRA = ("Sutjandra L et al., Clin Pharmacokinet 2011;50:793, "
              "doi:10.2165/11594240-000000000-00000, PMID 22087866 (two-compartment model, "
              "first-order absorption, quasi-steady-state target-mediated disposition; the "
              "paper's tables were not read: values as coded by OpenBoneMin, "
              "github.com/metrumresearchgroup/OpenBoneMin, "
              "inst/community/lump/code_lumping/code_lumping/Model_parameter_values0.m, block "
              "'for denosumab PK (Sutjandra et al, CPK, 2011)', used in def_ode.m)")
_REF_WT = ("typical subject of 66 kg (the file gives CL, Q and volumes per 66 kg; the paper "
           "scales them by a power of body weight whose exponents were not read, so no other "
           "weight is modelled)")

PARAMETERS = (
    pk("denosumab_ka", 0.212, "1/day", "subcutaneous absorption rate constant",
       f"{_SUTJANDRA}: ka = 0.212/24 per hour (the file multiplies it by (66/71.5)^-0.577, a "
       "weight factor of 1.05 for 71.5 kg, not applied here: the other values are those of "
       "the 66 kg subject)", lower_open=True),
    pk("denosumab_F", 0.638, "dimensionless", "subcutaneous bioavailability", f"{_SUTJANDRA}: "
       "F1", bounds=(0.0, 1.0), lower_open=True),
    pk("denosumab_Vc", 2.49, "L", "central volume", f"{_SUTJANDRA}: V1 = 2490/1000 L/66 kg; "
       + _REF_WT, lower_open=True),
    pk("denosumab_kel", 3.06e-3 * 24.0 / 2.49, "1/day", "linear elimination rate constant "
       "(linear clearance over central volume)", f"{_SUTJANDRA}: CL = 3.06/1000 L/h/66 kg, "
       "divided by V1 (2.49 L): 0.0295 /day", lower_open=True),
    pk("denosumab_Q", 37.9e-3 * 24.0, "L/day", "intercompartmental clearance",
       f"{_SUTJANDRA}: Q = 37.9/1000 L/h/66 kg", lower_open=True),
    pk("denosumab_Vp", 1.36, "L", "peripheral volume", f"{_SUTJANDRA}: V2 = 1360/1000 L/66 kg",
       lower_open=True),
    pk("denosumab_Kss", 1.38, "mg/L", "quasi-steady-state constant of denosumab binding its "
       "serum target (free denosumab at which half the target is bound)", f"{_SUTJANDRA}: "
       "Kss = 138*10 ng/mL as the file writes it (the factor 10 is the file's; with 138 ng/mL "
       "the 6-month trough of 60 mg would be about 0.6 ng/mL and the half-life 22 days)",
       lower_open=True),
    pk("denosumab_kint", 0.00795 * 24.0, "1/day", "elimination rate constant of the "
       "denosumab-target complex", f"{_SUTJANDRA}: kint = 0.00795 per hour", lower_open=True),
    pk("denosumab_R0", 0.614, "mg/L", "baseline total target, in denosumab mass "
       "equivalents", f"{_SUTJANDRA}: R0 = 614 (ng/mL, the unit the file gives total RANKL "
       "in def_ode.m)", lower_open=True),
    pk("denosumab_kdeg", 0.00148 * 24.0, "1/day", "degradation rate constant of the free "
       "target", f"{_SUTJANDRA}: kdeg = 0.00148 per hour", lower_open=True),
    pk("denosumab_KA", 0.333, "1/pM", "association constant of denosumab for RANKL (K_D about "
       "3 pM)", f"{_MR2019}; the 3 pM K_D is usually attributed to Kostenuik PJ et al., J Bone "
       "Miner Res 2009;24:182, doi:10.1359/jbmr.081112 (not read in its text)",
       lower_open=True),
    pk("denosumab_bone_access", estimated("denosumab_bone_access"),
       "dimensionless", "ratio of free denosumab at the bone "
       "surface to serum denosumab",
       "fitted, jointly with the model's rankl_blockade_survival_gain, to the CTX fall by day "
       "3 (about -85 %, Prolia US label section 12.2; DM6.ctx_3d) and to the end-of-interval "
       "CTX suppression of 60 mg q6mo (FREEDOM -72 %, DM6.ctx_6mo; the label: reductions "
       "attenuate from >= 87 % to >= 45 % (range 45-80 %) at the end of each 6-month interval) "
       "at the serum trough this PK gives (about 42 ng/mL). Martinez-Reina & Pivonka "
       "2019 fitted 0.012 inside their own core; in this core 0.012 leaves free RANKL 4 % below "
       "placebo at the trough, because the OPG term of the binding equilibrium (K_A1 x OPG = 18 "
       "at the young baseline) is Pivonka's scale",
       bounds=(0.0, 1.0), lower_open=True, evidence=Evidence.FITTED),
    pk("denosumab_mw", 149_000.0, "g/mol", "molar mass of denosumab", _MR2019,
       Evidence.PUBLISHED_MODEL, lower_open=True),
)

STATES = (
    State("denosumab_depot", "mg", "denosumab in the subcutaneous depot", initial=0.0,
          scale=60.0),
    State("denosumab_central", "mg", "denosumab in the central compartment, free and bound to "
          "its target", initial=0.0, scale=10.0),
    State("denosumab_peripheral", "mg", "denosumab in the peripheral compartment", initial=0.0,
          scale=10.0),
    State("denosumab_target", "dimensionless", "total serum target of denosumab (free and "
          "bound) relative to its baseline R0", initial=1.0, scale=1.0),
)


def serum(d, p, xp=None):
    """Free serum denosumab, mg/L (= ug/mL): the quasi-steady-state solution of total
    denosumab C_tot and total target R_tot, C = 2 Kss C_tot / (sqrt(b^2 + 4 Kss C_tot) - b) with
    b = C_tot - R_tot - Kss (the root of C^2 - b C - Kss C_tot = 0 written so that it does not
    cancel when C is small)."""
    sqrt = (xp.sqrt if xp is not None else (lambda v: v ** 0.5))
    total = d["denosumab_central"] / p["denosumab_Vc"]
    kss = p["denosumab_Kss"]
    b = total - p["denosumab_R0"] * d["denosumab_target"] - kss
    return 2.0 * kss * total / (sqrt(b * b + 4.0 * kss * total) - b)


def rates(t, d, m, p, xp):
    c = serum(d, p, xp)
    vc = p["denosumab_Vc"]
    absorbed = p["denosumab_ka"] * d["denosumab_depot"]
    bound_share = c / (p["denosumab_Kss"] + c)  # share of the target bound
    target = p["denosumab_R0"] * d["denosumab_target"]
    internalized = p["denosumab_kint"] * target * bound_share * vc  # mg/day
    to_peripheral = p["denosumab_Q"] * (c - d["denosumab_peripheral"] / p["denosumab_Vp"])
    kdeg = p["denosumab_kdeg"]
    return {
        "denosumab_depot": -absorbed,
        "denosumab_central": (p["denosumab_F"] * absorbed - p["denosumab_kel"] * vc * c
                              - internalized - to_peripheral),
        "denosumab_peripheral": to_peripheral,
        "denosumab_target": (kdeg - kdeg * d["denosumab_target"]
                             - (p["denosumab_kint"] - kdeg) * d["denosumab_target"]
                             * bound_share),
    }


def bone_pm(d, p, xp=None):
    """Free denosumab at the bone surface, pM."""
    return serum(d, p, xp) * 1e9 / p["denosumab_mw"] * p["denosumab_bone_access"]


def effects(d, p, xp):
    return {"rankl_decoy": p["denosumab_KA"] * bone_pm(d, p, xp)}


def observe(d, p, xp):
    return {"denosumab_serum": serum(d, p, xp) * 1e3}


DRUG = Drug(
    id="denosumab",
    card=DrugCard(
        name="denosumab",
        drug_class="anti-RANKL monoclonal antibody",
        mechanism="binds RANKL with picomolar affinity, so RANKL cannot reach RANK on osteoclast "
                  "precursors: osteoclast formation stops while the drug is present",
        pk_model="sc depot (ka, F) -> central + peripheral compartments; linear clearance "
                 "and quasi-steady-state target-mediated disposition; " + _SUTJANDRA,
        pd_model="free bone-surface denosumab (serum x accessibility) joins the RANKL binding "
                 "equilibrium: rankl_decoy = K_A x C_bone (" + _MR2019 + "); the model loses "
                 "resorbing osteoclasts faster when a decoy holds most of their RANKL",
        usual_regimen="denosumab 60 mg sc q6mo",
        notes=("Stopping: the rebound is not a rule of this module. Precursors that RANKL "
               "blockade keeps from becoming osteoclasts accumulate in the model's precursor "
               "pool and form osteoclasts in excess when RANKL is free again (cf. osteomorphs, "
               "McDonald MM et al., Cell 2021;184:1330, PMID 33636130).",
               "Markers: the loss of resorbing osteoclasts once RANKL is held (the model's "
               "rankl_blockade_survival_gain) and the bone accessibility are fitted together to "
               "the CTX fall by day 3 (DM6.ctx_3d, label about -85 %) and just before the next "
               "dose (DM6.ctx_6mo, FREEDOM -72 %; label -45 to -80 %); at 1 month CTX falls "
               "further than FREEDOM's -86 % (DM6.ctx_1mo, missed).",
               "BMD rises through the refilling of the remodeling space (the model's "
               "coupling_lag): formation follows the fall of resorption months later.",
               "Reported misses (osteon validate DM2 DM3 DM6 DM7 DM8 gives the readings): the "
               "total-hip gain at 12 months is too large (DM3.th_12mo) and the spine gain stops "
               "after the first year (DM7.ls; secondary mineralization is off by default: with "
               "secondary_mineralization 1 DM7.ls is met, README); P1NP "
               "falls further than FREEDOM's from month 12 (no target checks it); after "
               "stopping, CTX overshoots placebo too little (DM8.overshoot) and the vertebral "
               "fracture rate rises too little (DM8.vertebral_rate), while spine BMD returns to "
               "about its pre-treatment level within a year, as in the trial (DM8.bmd_back, "
               "met). The vertebral, hip and nonvertebral fracture benefits are met (DM1, "
               "DM2.hip, DM2.nonvertebral) once hip, forearm and humerus are credited with a "
               "fall of CTX only down to 40 % of the pre-treatment level (an assumption, "
               "fracture_data.CTX_FALL_CREDITED_NONVERTEBRAL; they were overshot, 0.32 and "
               "0.41, while denosumab's fall of about 97 % counted in full).",
               "The accessibility factor and the affinity come from a model (Martinez-Reina & "
               "Pivonka 2019), not from a measurement of bone-surface drug.",
               "Serum PK (Sutjandra 2011's typical 66 kg subject, as OpenBoneMin codes it), 60 "
               "mg sc: peak 7.4 ug/mL on day 11.6, AUC0-16wk 393 ug*day/mL, half-life 25.6 "
               "days, 42 ng/mL at 6 months; the Prolia label: 6.75 ug/mL at a median of 10 days, "
               "316 ug*day/mL, 25.4 days. No body weight other than 66 kg is modelled."),
        targets=("DM1", "DM2", "DM3", "DM4", "DM5", "DM6", "DM7", "DM8", "DM9", "SAMELSON"),
    ),
    states=STATES,
    parameters=PARAMETERS,
    routes={"sc": "denosumab_depot"},
    amount_unit="mg",
    dose_units=MASS_UNITS_MG,
    rates=rates,
    effects=effects,
    observables=(Observable("denosumab_serum", "ng/mL", "serum denosumab"),),
    levels=("denosumab_serum",),
    observe=observe,
    acts_on=("rankl_decoy",),
)
