"""Soluble RANKL decoys: OPG-Fc (AMGN-0007, tested in postmenopausal women) and RANK-Fc (an
experimental decoy receptor).

PK (one structure, parameters per drug): a subcutaneous depot absorbed first-order with a
bioavailability, one central compartment, first-order elimination. No human PK model of either
protein was found: every PK value is a labelled assumption, shaped only by the time course of
Bekker et al. 2001 for OPG-Fc (marker fall within 12 h, nadir at day 4, nearly back by 6 weeks).

PD: free decoy at the bone surface (serum x the accessibility factor fitted for denosumab, taken
for another large Fc protein) binds RANKL with the affinity of its natural counterpart in the model:
OPG-Fc with the OPG-RANKL association constant K_A1_RANKL, RANK-Fc with the RANK-RANKL constant
K_A2_RANKL (Pivonka 2008). ``rankl_decoy`` = K_A x C_bone (pM), beside OPG and RANK in the RANKL
binding equilibrium.
"""

from __future__ import annotations

import math

from osteon.drugs.base import MASS_UNITS_MG, Drug, DrugCard, pk
from osteon.model.estimates import estimated
from osteon.model.parameter import Evidence
from osteon.model.spec import Observable, State

_BEKKER = ("Bekker PJ et al., J Bone Miner Res 2001;16:348, doi:10.1359/jbmr.2001.16.2.348, "
           "PMID 11204435, abstract text (single sc dose up to 3 mg/kg; urinary NTX falls "
           "within 12 h, about -80 % at day 4, -14 % at 6 weeks; BSAP unchanged for about 3 "
           "weeks, then about -30 % at 6 weeks)")
_PIVONKA = ("Pivonka P et al., Bone 2008;43:249, doi:10.1016/j.bone.2008.03.025, Table 2 (the "
            "model's K_A1_RANKL and K_A2_RANKL; see osteon.library.integrated.rankl_opg)")
_PETERSON2004 = ("Peterson MC et al., AAPS J 2004;6(S4):W4340 (abstract), as parameterized "
                 "in OpenBoneMin (Peterson MC, Riggs MM, CPT Pharmacometrics Syst Pharmacol "
                 "2012;1:e14, PMID 23835796; [PARAM] block of inst/OpenBoneMin.cpp, DENF and "
                 "DENVC)")
_DMAB = ("denosumab_bone_access of osteon.drugs.denosumab, fitted to denosumab's CTX fall by "
         "day 3 and end-of-interval CTX suppression")


def _decoy(drug_id: str, name: str, *, ka_affinity: tuple[float, str], half_life: tuple[float, str],
           card: DrugCard) -> Drug:
    pre = drug_id
    params = (
        pk(f"{pre}_ka", math.log(2.0) / 1.0, "1/day", "subcutaneous absorption rate constant",
           f"assumption: absorption half-life 1 day, so the drug acts within hours and is "
           f"mostly absorbed by day 4 (shaped by the marker time course of OPG-Fc, {_BEKKER}); "
           "not fitted", Evidence.ASSUMPTION, lower_open=True),
        pk(f"{pre}_F", 0.729, "dimensionless", "subcutaneous bioavailability",
           f"assumption: the sc bioavailability of another Fc protein, denosumab, in the "
           f"population PK of {_PETERSON2004} (DENF = 0.729); osteon's denosumab now carries "
           f"Sutjandra 2011's population PK (F 0.638), not this value; not measured for this "
           f"drug", Evidence.ASSUMPTION, bounds=(0.0, 1.0), lower_open=True),
        pk(f"{pre}_Vc", 2.34, "L", "central volume",
           f"assumption: the plasma-sized central volume of another sc Fc protein, denosumab, "
           f"in {_PETERSON2004} (DENVC = 2340 mL); osteon's denosumab now carries 2.49 L "
           f"(Sutjandra 2011), not this value; not measured for this drug",
           Evidence.ASSUMPTION, lower_open=True),
        pk(f"{pre}_half_life", half_life[0], "day", "elimination half-life", half_life[1],
           Evidence.ASSUMPTION, lower_open=True),
        pk(f"{pre}_mw", 100_000.0, "g/mol", "molar mass (mg -> pmol)",
           "assumption: an Fc-fusion dimer of the order of 100 kDa; no measured mass was read",
           Evidence.ASSUMPTION, lower_open=True),
        pk(f"{pre}_bone_access", estimated("denosumab_bone_access"), "dimensionless",
           "ratio of free drug at the bone surface to serum drug",
           f"assumption: the accessibility factor of denosumab, another large Fc protein "
           f"({_DMAB}), read from the same estimate", Evidence.ASSUMPTION, bounds=(0.0, 1.0),
           lower_open=True),
        pk(f"{pre}_KA", ka_affinity[0], "1/pM", "association constant of the decoy for RANKL",
           ka_affinity[1], Evidence.PUBLISHED_MODEL, lower_open=True),
    )
    states = (
        State(f"{pre}_depot", "mg", f"{name} in the subcutaneous depot", initial=0.0,
              scale=100.0),
        State(f"{pre}_central", "mg", f"{name} in the central compartment", initial=0.0,
              scale=50.0),
    )

    def serum(d, p):  # mg/L
        return d[f"{pre}_central"] / p[f"{pre}_Vc"]

    def rates(t, d, m, p, xp):
        absorbed = p[f"{pre}_ka"] * d[f"{pre}_depot"]
        return {f"{pre}_depot": -absorbed,
                f"{pre}_central": (p[f"{pre}_F"] * absorbed
                                   - math.log(2.0) / p[f"{pre}_half_life"] * d[f"{pre}_central"])}

    def bone_pm(d, p):
        return serum(d, p) * 1e9 / p[f"{pre}_mw"] * p[f"{pre}_bone_access"]

    def effects(d, p, xp):
        return {"rankl_decoy": p[f"{pre}_KA"] * bone_pm(d, p)}

    def observe(d, p, xp):
        return {f"{pre}_serum": serum(d, p)}

    return Drug(
        id=drug_id, card=card, states=states, parameters=params,
        routes={"sc": f"{pre}_depot"}, amount_unit="mg", dose_units=MASS_UNITS_MG,
        rates=rates, effects=effects,
        observables=(Observable(f"{pre}_serum", "ug/mL", f"serum {name}"),),
        levels=(f"{pre}_serum",),
        observe=observe, acts_on=("rankl_decoy",))


OPG_FC = _decoy(
    "opg_fc", "OPG-Fc",
    ka_affinity=(1.0e-3, f"{_PIVONKA}: the model's OPG-RANKL association constant K_A1_RANKL, "
                 "taken for the Fc fusion of OPG (same binding domain); not measured for the "
                 "fusion protein"),
    half_life=(4.0, "assumption: a half-life of days, shaped by the OPG-Fc marker time course "
               f"(nadir at day 4, NTX back to -14 % by 6 weeks; {_BEKKER}); no PK value was "
               "found in the abstract; not fitted"),
    card=DrugCard(
        name="OPG-Fc (AMGN-0007)",
        drug_class="recombinant RANKL decoy receptor (osteoprotegerin-Fc fusion)",
        mechanism="binds RANKL as endogenous OPG does, so less RANKL reaches RANK on osteoclast "
                  "precursors: osteoclast formation falls within hours",
        pk_model="sc depot (ka, F) -> one compartment, first-order elimination; every value an "
                 "assumption (no human PK found)",
        pd_model="rankl_decoy = K_A1_RANKL x free OPG-Fc at the bone surface (serum x "
                 "denosumab's accessibility factor), pM",
        # osteon doses in mg, not mg/kg: the dose checks read the 210 mg (drugs._usual)
        usual_regimen="OPG-Fc 210 mg sc once (Bekker 2001's top dose, 3 mg/kg, in a woman of "
                      "70 kg, an assumed weight); never marketed",
        notes=(f"Human data: {_BEKKER}.",
               "Every PK value is an assumption; only the marker response is checked, at day 4 "
               "and 6 weeks (BEKKER; the half-life was chosen with that time course in view).",
               "Development stopped in favor of denosumab; this module is for experiments."),
        targets=("BEKKER",),
    ),
)

RANK_FC = _decoy(
    "rank_fc", "RANK-Fc",
    ka_affinity=(3.411764705882353e-2, f"{_PIVONKA}: the model's RANK-RANKL association "
                 "constant K_A2_RANKL, taken for a RANK-Fc fusion; not measured for the fusion "
                 "protein"),
    half_life=(4.0, "assumption: taken equal to the OPG-Fc assumption (an Fc fusion of the same "
               "size class); no human data"),
    card=DrugCard(
        name="RANK-Fc",
        drug_class="experimental RANKL decoy receptor (RANK-Fc fusion)",
        mechanism="a soluble RANK that binds RANKL and keeps it from RANK on osteoclast "
                  "precursors",
        pk_model="sc depot (ka, F) -> one compartment, first-order elimination; every value an "
                 "assumption (no human data)",
        pd_model="rankl_decoy = K_A2_RANKL x free RANK-Fc at the bone surface (serum x "
                 "denosumab's accessibility factor), pM",
        usual_regimen="none (experimental; no human regimen)",
        notes=("No human PK or PD data: a what-if for a decoy with RANK's affinity for RANKL "
               "(34-fold that of OPG in the model).",),
    ),
)

DRUGS = {d.id: d for d in (OPG_FC, RANK_FC)}
