"""Denosumab: a human anti-RANKL IgG2 given 60 mg sc every 6 months.

PK: subcutaneous depot with first-order absorption, one compartment, linear elimination plus a
saturable (Michaelis-Menten) elimination that stands for target-mediated disposition on RANKL:
the PK of Martinez-Reina & Pivonka 2019, used because its PD constants (below) were fitted with
it. (The population PK of Sutjandra 2011 or of Peterson et al. 2004, as carried by OpenBoneMin, is
the alternative.)

PD: free denosumab at the bone surface (serum concentration times an accessibility factor)
binds RANKL with picomolar affinity beside OPG and RANK (Martinez-Reina & Pivonka 2019): it adds
K_A x C_bone to the RANKL binding equilibrium of the integrated model (its ``rankl_decoy``).

Rebound: nothing here models it. While RANKL is held, osteoclast precursors are not drawn into
osteoclasts and accumulate (the model's precursor pool, cf. the osteomorphs of McDonald 2021);
when the drug wanes the larger pool meets free RANKL again. In this version the pool grows too
little for resorption to overshoot (DM8 is a reported miss).
"""

from __future__ import annotations

from osteon.drugs.base import MASS_UNITS_MG, Drug, DrugCard, pk
from osteon.model.parameter import Evidence
from osteon.model.spec import Observable, State

_MR2019 = ("Martinez-Reina J, Pivonka P, Bone 2019;125:87, doi:10.1016/j.bone.2019.04.022 (values "
           "as carried by a public re-implementation of the model; the paper's table was not "
           "read)")
_BW = 60.0  # kg, the reference body weight of the Martinez-Reina & Pivonka PK

PARAMETERS = (
    pk("denosumab_ka", 0.17, "1/day", "subcutaneous absorption rate constant", _MR2019,
       lower_open=True),
    pk("denosumab_F", 1.0, "dimensionless", "subcutaneous bioavailability (the published "
       "model absorbs the whole dose)", _MR2019, bounds=(0.0, 1.0), lower_open=True),
    pk("denosumab_Vc", 77.9e-3 * _BW, "L", "central volume (77.9 mL/kg x 60 kg)", _MR2019,
       lower_open=True),
    pk("denosumab_kel", 0.0115, "1/day", "linear elimination rate constant", _MR2019,
       lower_open=True),
    pk("denosumab_Vmax", 2672e-6 * _BW, "mg/day", "maximal saturable (target-mediated) "
       "elimination rate (2672 ng/(kg day) x 60 kg)", _MR2019, lower_open=True),
    pk("denosumab_Km", 0.411, "mg/L", "serum concentration at half-maximal saturable "
       "elimination (411 ng/mL)", _MR2019, lower_open=True),
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
)


def serum(d, p):
    """Serum denosumab, mg/L (= ug/mL)."""
    return d["denosumab_central"] / p["denosumab_Vc"]


def rates(t, d, m, p, xp):
    c = serum(d, p)
    absorbed = p["denosumab_ka"] * d["denosumab_depot"]
    saturable = p["denosumab_Vmax"] * c / (p["denosumab_Km"] + c)
    return {
        "denosumab_depot": -absorbed,
        "denosumab_central": (p["denosumab_F"] * absorbed - p["denosumab_kel"]
                              * d["denosumab_central"] - saturable),
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
        pk_model="sc depot (ka) -> 1 compartment; linear + Michaelis-Menten elimination "
                 "(target-mediated disposition); " + _MR2019,
        pd_model="free bone-surface denosumab (serum x accessibility) joins the RANKL binding "
                 "equilibrium: rankl_decoy = K_A x C_bone; " + _MR2019,
        usual_regimen="denosumab 60 mg sc q6mo",
        notes=("Stopping: the rebound is not a rule of this module. Precursors that RANKL "
               "blockade keeps from becoming osteoclasts accumulate in the model's precursor "
               "pool and form osteoclasts in excess when RANKL is free again (cf. osteomorphs, "
               "McDonald MM et al., Cell 2021;184:1330, PMID 33636130).",
               "Reported misses (tests/test_drugs.py): CTX falls 44 % at 1 month (FREEDOM -86 %) "
               "and is back near baseline just before the next dose (FREEDOM -72 % at 6 months): "
               "free RANKL falls about 89 % at the serum peak (about 10 ug/mL at day 15; 6.75 "
               "ug/mL at about day 10 is usually quoted), the precursors that accumulate "
               "(about 1.6-fold) carry more RANK, and osteoclast apoptosis in the Pivonka core is "
               "TGF-beta-driven, so osteoclasts outlive a halt of their formation. There is no "
               "marker overshoot after stopping (DM8).",
               "Reported misses (osteon validate): on 60 mg q6mo from age 72 total-hip BMD "
               "does not rise (-0.2 % at 12 months, -1.6 % at 36, vs FREEDOM +3.2 and +5.0; "
               "DM3) and LS gains 1 point vs placebo at 36 months (+9.2, DM4): resorption is "
               "held for only part of each interval. Tenfold bone accessibility still leaves "
               "CTX only -16 % at 6 months, so the trough PK and the osteoclast lifespan both "
               "need work.",
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
