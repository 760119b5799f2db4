"""Denosumab: a human anti-RANKL IgG2 given 60 mg sc every 6 months.

PK: subcutaneous depot with first-order absorption (bioavailability on the absorbed flux), two
compartments, linear clearance plus a saturable (Michaelis-Menten) clearance that stands for
target-mediated disposition on RANKL: the published population model of Peterson et al. 2004 as
parameterized in OpenBoneMin (Peterson & Riggs 2012).

PD: free denosumab at the bone surface (serum concentration times an accessibility factor)
binds RANKL with picomolar affinity beside OPG and RANK (Martinez-Reina & Pivonka 2019): it adds
K_A x C_bone to the RANKL binding equilibrium of the integrated model (its ``rankl_decoy``).

Rebound: nothing here models it. While RANKL is held, osteoclast precursors are not drawn into
osteoclasts and accumulate (the model's precursor pool, cf. the osteomorphs of McDonald 2021);
when the drug wanes the larger pool meets free RANKL again and resorption overshoots.
"""

from __future__ import annotations

from osteon.drugs.base import MASS_UNITS_MG, Drug, DrugCard, pk
from osteon.model.parameter import Evidence
from osteon.model.spec import Observable, State

_PETERSON = ("Peterson MC et al., AAPS J 2004;6(S4):W4340 (abstract), the denosumab population PK "
             "model as parameterized in OpenBoneMin (Peterson MC, Riggs MM, CPT Pharmacometrics "
             "Syst Pharmacol 2012;1:e14, PMID 23835796, [PARAM] block of OpenBoneMin.cpp)")
_MR2019 = ("Martinez-Reina J, Pivonka P, Bone 2019;125:87, doi:10.1016/j.bone.2019.04.022 (values "
           "as carried by a public re-implementation of the model; the paper's table was not "
           "read)")
_HOUR = 24.0  # per hour -> per day

PARAMETERS = (
    pk("denosumab_ka", 0.00592 * _HOUR, "1/day", "subcutaneous absorption rate constant",
       _PETERSON, lower_open=True),
    pk("denosumab_F", 0.729, "dimensionless", "subcutaneous bioavailability", _PETERSON,
       bounds=(0.0, 1.0), lower_open=True),
    pk("denosumab_Vc", 2.34, "L", "central volume", f"{_PETERSON} (2340 mL)", lower_open=True),
    pk("denosumab_Vp", 1.324, "L", "peripheral volume", f"{_PETERSON} (Q/k21 = 18.67/0.0141 mL)",
       lower_open=True),
    pk("denosumab_CL", 2.75e-3 * _HOUR, "L/day", "linear clearance", f"{_PETERSON} (2.75 mL/h)",
       lower_open=True),
    pk("denosumab_Q", 18.67e-3 * _HOUR, "L/day", "intercompartmental clearance",
       f"{_PETERSON} (k12 = 0.00798 /h x Vc)", lower_open=True),
    pk("denosumab_Vmax", 3110e-6 * _HOUR, "mg/day", "maximal saturable (target-mediated) "
       "elimination rate", f"{_PETERSON} (3110 ng/h)", lower_open=True),
    pk("denosumab_Km", 0.188, "mg/L", "serum concentration at half-maximal saturable "
       "elimination", f"{_PETERSON} (188 ng/mL)", lower_open=True),
    pk("denosumab_KA", 0.333, "1/pM", "association constant of denosumab for RANKL (K_D about "
       "3 pM)", f"{_MR2019}; the 3 pM K_D is usually attributed to Kostenuik PJ et al., J Bone "
       "Miner Res 2009;24:182, doi:10.1359/jbmr.081112 (not read in its text)",
       lower_open=True),
    pk("denosumab_bone_access", 0.012, "dimensionless", "ratio of free denosumab at the bone "
       "surface to serum denosumab", _MR2019, bounds=(0.0, 1.0), lower_open=True),
    pk("denosumab_mw", 149_000.0, "g/mol", "molar mass of denosumab", _MR2019,
       Evidence.PUBLISHED_MODEL, lower_open=True),
)

STATES = (
    State("denosumab_depot", "mg", "denosumab in the subcutaneous depot", initial=0.0,
          scale=60.0),
    State("denosumab_central", "mg", "denosumab in the central compartment", initial=0.0,
          scale=10.0),
    State("denosumab_peripheral", "mg", "denosumab in the peripheral compartment", initial=0.0,
          scale=10.0),
)


def serum(d, p):
    """Serum denosumab, mg/L (= ug/mL)."""
    return d["denosumab_central"] / p["denosumab_Vc"]


def rates(t, d, m, p, xp):
    c = serum(d, p)
    cp = d["denosumab_peripheral"] / p["denosumab_Vp"]
    absorbed = p["denosumab_ka"] * d["denosumab_depot"]
    saturable = p["denosumab_Vmax"] * c / (p["denosumab_Km"] + c)
    distribution = p["denosumab_Q"] * (c - cp)
    return {
        "denosumab_depot": -absorbed,
        "denosumab_central": (p["denosumab_F"] * absorbed - p["denosumab_CL"] * c - saturable
                              - distribution),
        "denosumab_peripheral": distribution,
    }


def bone_pm(d, p):
    """Free denosumab at the bone surface, pM."""
    return serum(d, p) * 1e9 / p["denosumab_mw"] * p["denosumab_bone_access"]


def effects(d, p, xp):
    return {"rankl_decoy": p["denosumab_KA"] * bone_pm(d, p)}


def observe(d, p, xp):
    return {"denosumab_serum": serum(d, p) * 1e3}


DRUG = Drug(
    id="denosumab",
    card=DrugCard(
        name="denosumab",
        drug_class="anti-RANKL monoclonal antibody",
        mechanism="binds RANKL with picomolar affinity, so RANKL cannot reach RANK on osteoclast "
                  "precursors: osteoclast formation stops while the drug is present",
        pk_model="sc depot (ka, F) -> 2 compartments; linear + Michaelis-Menten clearance "
                 "(target-mediated disposition); " + _PETERSON,
        pd_model="free bone-surface denosumab (serum x accessibility) joins the RANKL binding "
                 "equilibrium: rankl_decoy = K_A x C_bone; " + _MR2019,
        usual_regimen="denosumab 60 mg sc q6mo",
        notes=("Stopping: the rebound is not a rule of this module. Precursors that RANKL "
               "blockade keeps from becoming osteoclasts accumulate in the model's precursor "
               "pool and form osteoclasts in excess when RANKL is free again (cf. osteomorphs, "
               "McDonald MM et al., Cell 2021;184:1330, PMID 33636130).",
               "Reported misses (tests/test_drugs.py): CTX falls 57 % at 1 month (FREEDOM -86 %) "
               "and is back near baseline just before each dose (FREEDOM -72 % at 6 months); the "
               "model's precursor pool grows only about 1.9-fold, so there is no marker "
               "overshoot after stopping (DM8); serum peaks at about 17 ug/mL vs the 6.75 ug/mL "
               "usually quoted for the label (not read). Osteoclast apoptosis in the Pivonka "
               "core is TGF-beta-driven, so osteoclasts outlive a halt of their formation.",
               "The accessibility factor and the affinity come from a model (Martinez-Reina & "
               "Pivonka 2019), not from a measurement of bone-surface drug."),
        targets=("DM3", "DM4", "DM5", "DM6", "DM7", "DM8"),
    ),
    states=STATES,
    parameters=PARAMETERS,
    routes={"sc": "denosumab_depot"},
    amount_unit="mg",
    dose_units=MASS_UNITS_MG,
    rates=rates,
    effects=effects,
    observables=(Observable("denosumab_serum", "ng/mL", "serum denosumab"),),
    observe=observe,
    acts_on=("rankl_decoy",),
)
