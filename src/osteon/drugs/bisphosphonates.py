"""Nitrogen-containing bisphosphonates: alendronate, risedronate (oral) and zoledronic acid (iv).

PK (one structure for the class, parameters per drug):

- oral doses enter a gut compartment and are absorbed within hours with a bioavailability below
  1 % (applied to the absorbed flux); iv doses enter plasma;
- plasma is cleared within hours, about half by the kidney and half onto bone surfaces;
- drug on remodeling surfaces (``surface``) is either taken up by resorbing osteoclasts (released
  at the pace of resorption) or buried under new bone (at the pace of formation);
- buried drug returns to plasma only when that bone is remodeled (the years-long terminal
  half-life), and part of it binds again.

PD: drug on the resorbing surface is taken up by osteoclasts and raises their apoptosis
(the model's ``osteoclast_apoptosis_gain`` = 1 + Emax S / (S + EC50)). The effect outlasts
dosing because the surface pool turns over in months and the buried pool in years.
"""

from __future__ import annotations

import math

from osteon.drugs.base import MASS_UNITS_MG, Drug, DrugCard, pk
from osteon.library.integrated._common import YEAR
from osteon.model.parameter import Evidence
from osteon.model.spec import Observable, State

_GERTZ = ("Gertz BJ et al., Clin Pharmacol Ther 1995;58:288, doi:10.1016/0009-9236(95)90245-7, "
          "PMID 7554702, abstract")
_PORRAS = ("Porras AG, Holland SD, Gertz BJ, Clin Pharmacokinet 1999;36:315, abstract (about 50 % "
           "of an iv dose in urine by 72 h, the rest taken up by bone; plasma falls to about 5 % "
           "within 6 h; terminal half-life > 10 years)")
_CHEN = ("Chen T et al., J Clin Pharmacol 2002;42:1228, doi:10.1177/009127002762491316, PMID "
         "12412821, abstract (24-h urinary excretion 37-41 % of the dose)")
_JORG = ("Jorg DJ et al., eLife 2022;11:e76228, doi:10.7554/eLife.76228 (fitted half-life of the "
         "alendronate effect, 152.7 d, as carried by a public fork of the authors' code; not read "
         "in the paper)")
_LIBERMAN = ("Liberman UA et al., N Engl J Med 1995;333:1437, doi:10.1056/NEJM199511303332201, "
             "PMID 7477143, abstract (alendronate 10 mg/d for 3 y vs placebo: LS +8.8 %, FN "
             "+5.9 %)")


def _drug(drug_id: str, name: str, *, oral_F: tuple[float, str] | None, to_bone: tuple[float, str],
          potency: tuple[float, str], regimen: str, notes: tuple[str, ...] = (),
          targets: tuple[str, ...] = ()) -> Drug:
    pre = drug_id

    def n(x: str) -> str:
        return f"{pre}_{x}"

    params = [
        pk(n("k_plasma"), math.log(20.0) / 0.25, "1/day", "plasma elimination rate constant "
           "(renal + bone uptake)", f"{_PORRAS}: 5 % left after 6 h gives ln(20)/6 h",
           Evidence.HUMAN_COHORT, lower_open=True),
        pk(n("fraction_to_bone"), to_bone[0], "dimensionless", "fraction of plasma drug taken up "
           "by bone (the rest is excreted in urine)", to_bone[1], Evidence.HUMAN_COHORT,
           bounds=(0.0, 1.0)),
        pk(n("surface_half_life"), 152.7, "day", "half-life of drug on remodeling surfaces at "
           "young-adult turnover (resorption uptake and burial together)", _JORG,
           Evidence.FITTED, lower_open=True),
        pk(n("buried_turnover"), 0.10, "1/year", "rate at which buried drug is freed by "
           "remodeling at young-adult turnover",
           "assumption: the whole-skeleton remodeling rate, about 10 %/y (Parfitt; cf. the "
           "model's turnover_trabecular and turnover_cortical); gives the > 10-year terminal "
           f"half-life of {_PORRAS}", Evidence.ASSUMPTION, lower_open=True),
        pk(n("Emax"), 4.0, "dimensionless", "maximal rise of osteoclast apoptosis (multiplier - 1)",
           "assumption: chosen so that the usual regimens lower CTX by about half, the order "
           "of the trials' suppression; not fitted (alendronate's spine gain in Liberman 1995 is "
           "missed, LIBERMAN.ls; see the card)", Evidence.ASSUMPTION),
        pk(n("EC50"), potency[0], "mg", "surface drug giving half the maximal effect", potency[1],
           Evidence.ASSUMPTION, lower_open=True),
    ]
    states = [
        State(n("plasma"), "mg", f"{name} in plasma", initial=0.0, scale=0.01),
        State(n("surface"), "mg", f"{name} on remodeling surfaces", initial=0.0, scale=1.0),
        State(n("buried"), "mg", f"{name} buried in bone", initial=0.0, scale=1.0),
    ]
    routes = {"iv": n("plasma")}
    if oral_F is not None:
        params += [
            pk(n("F"), oral_F[0], "dimensionless", "oral bioavailability", oral_F[1],
               Evidence.HUMAN_COHORT, bounds=(0.0, 1.0), lower_open=True),
            pk(n("ka"), 24.0, "1/day", "oral absorption rate constant",
               "assumption: oral bisphosphonates are absorbed within hours of a fasting dose "
               f"({_GERTZ}); 1/h chosen", Evidence.ASSUMPTION, lower_open=True),
        ]
        states.insert(0, State(n("gut"), "mg", f"{name} in the gut", initial=0.0, scale=10.0))
        routes["oral"] = n("gut")
    state_names = [s.name for s in states]

    def rates(t, d, m, p, xp):
        res = m["OCa"] / p["OCa_ref"]
        form = m["OBa"] / p["OBa_ref"]
        plasma, surface, buried = d[n("plasma")], d[n("surface")], d[n("buried")]
        k_s = math.log(2.0) / p[n("surface_half_life")]
        uptake = p[n("k_plasma")] * p[n("fraction_to_bone")] * plasma
        to_osteoclasts = 0.5 * k_s * res * surface
        burial = 0.5 * k_s * form * surface
        freed = p[n("buried_turnover")] / YEAR * res * buried
        absorbed = p[n("ka")] * d[n("gut")] if oral_F is not None else 0.0
        out = {
            n("plasma"): (p[n("F")] * absorbed if oral_F is not None else 0.0)
            - p[n("k_plasma")] * plasma + to_osteoclasts + freed,
            n("surface"): uptake - to_osteoclasts - burial,
            n("buried"): burial - freed,
        }
        if oral_F is not None:
            out[n("gut")] = -absorbed
        return {k: out[k] for k in state_names}

    def effects(d, p, xp):
        s = d[n("surface")]
        return {"osteoclast_apoptosis_gain": 1.0 + p[n("Emax")] * s / (s + p[n("EC50")])}

    def observe(d, p, xp):
        return {n("bone_bound"): d[n("surface")] + d[n("buried")]}

    return Drug(
        id=drug_id,
        card=DrugCard(
            name=name,
            drug_class="nitrogen-containing bisphosphonate",
            mechanism="binds hydroxyapatite at remodeling surfaces; resorbing osteoclasts take it "
                      "up, farnesyl-diphosphate synthase is inhibited and the osteoclasts die",
            pk_model=("gut (oral doses; ka, F) -> plasma (iv doses)" if oral_F is not None
                      else "plasma (iv doses)") + " -> bone surface -> buried bone, released by "
                     "resorption and freed by remodeling; plasma clearance from alendronate's PK ("
                     + _PORRAS + ")",
            pd_model="osteoclast apoptosis x (1 + Emax S/(S + EC50)), S = surface drug",
            usual_regimen=regimen,
            notes=("Effect persists after stopping: the surface pool turns over in months, the "
                   "buried pool is freed over years and partly binds again.",
                   "Emax and EC50 are assumptions, not fits.", *notes),
            targets=targets,
        ),
        states=tuple(states),
        parameters=tuple(params),
        routes=routes,
        bioavailability={"oral": n("F")} if oral_F is not None else {},
        amount_unit="mg",
        dose_units=MASS_UNITS_MG,
        rates=rates,
        effects=effects,
        observables=(Observable(n("bone_bound"), "mg", f"{name} bound in bone"),),
        # plasma drug is cleared within hours: the level that lasts is the drug in bone
        levels=(n("bone_bound"),),
        observe=observe,
        reads=("OCa", "OBa"),
        acts_on=("osteoclast_apoptosis_gain",),
    )


DRUGS = {
    "alendronate": _drug(
        "alendronate", "alendronate",
        oral_F=(0.0076, f"{_GERTZ} (0.76 % in women, fasting, breakfast 2 h later)"),
        to_bone=(0.5, _PORRAS),
        potency=(1.0, "assumption: about the steady surface amount of 70 mg weekly (0.27 mg/week "
                      "onto bone, 152.7-d surface half-life: about 8 mg), so the usual regimen "
                      "acts near saturation"),
        regimen="alendronate 70 mg oral weekly",
        notes=("Liberman 1995 (LS +8.8 %, FN +5.9 % vs placebo at 3 y; PMID 7477143): the spine "
               "gain is missed (LIBERMAN.ls), the femoral neck met (LIBERMAN.fn); readings: "
               "osteon validate LIBERMAN. The "
               "model's secondary mineralization, which carries much of the gain (Boivin GY "
               "et al., Bone 2000;27:687, PMID 11062357), is off by default "
               "(secondary_mineralization 0; README), so the spine levels off after about "
               "18 months and falls a little in year 3 (+4.4 to +4.1 % from baseline) instead "
               "of rising slowly (see zoledronic acid's card). Over 5 years a woman of 65 "
               "gains +4.7 % by year 2 and keeps +3.1 % at year 5: after year 2 she loses spine "
               "at about the untreated rate, mainly because the resorption the drug "
               "suppresses no longer recruits the marrow stromal pool (tgfb_stromal_gain, the "
               "law that slows loss after the menopausal transition), so formation over "
               "resorption falls from 0.997 at 2 years to 0.922 at 10 (with that recruitment "
               "near 0 it stays near 1 and the spine ends +5.6 %, before the life course is "
               "refitted; validation BONE2004's cause). Over 10 years from 70 she ends "
               "below baseline (spine -2.0 %) where Bone "
               "2004's women gained +13.7 % (BONE2004, missed), and stopping after 5 years "
               "costs too little against continuing (FLEX): do not read a drug holiday from "
               "this release.",),
        targets=("LIBERMAN", "BONE2004", "FLEX", "BP1", "BP2", "RO3.alendronate", "KHAN")),
    "risedronate": _drug(
        "risedronate", "risedronate",
        oral_F=(0.0063, "assumption: about 0.6 %, the order of oral bisphosphonate "
                        "bioavailability (the 0.63 % of the label was not read; Mitchell DY et "
                        "al., Br J Clin Pharmacol 1999;48:536, PMID 10583024, gives only the "
                        "food effect)"),
        to_bone=(0.5, f"assumption: as alendronate ({_PORRAS})"),
        potency=(1.0, "assumption: as alendronate (similar BMD gains at 35 mg weekly)"),
        regimen="risedronate 35 mg oral weekly",
        notes=("No risedronate trial is a validation target: its BMD gain is not checked (its "
               "EC50 is alendronate's).",)),
    "zoledronic_acid": _drug(
        "zoledronic_acid", "zoledronic acid", oral_F=None,
        to_bone=(0.6, f"{_CHEN}: 1 - 0.4 of the dose in urine"),
        potency=(0.2, "assumption: zoledronic acid is the more potent farnesyl-diphosphate "
                      "synthase inhibitor; a fifth of alendronate's EC50 chosen so that 5 mg iv "
                      "yearly and 70 mg oral weekly give similar gains, as the trials do "
                      "(HORIZON: Black DM et al., N Engl J Med 2007;356:1809, PMID 17476007; its "
                      "BMD figures were read only in a secondary summary)"),
        regimen="zoledronic acid 5 mg iv yearly",
        notes=("HORIZON-PFT (Black 2007, PMID 17476007; 5 mg iv yearly, 3 years, both arms on "
               "calcium and vitamin D, age 73): BMD vs placebo at 36 months, total hip +3.7 vs "
               "+6.02 (HORIZON.th, missed), lumbar spine +5.3 vs +6.71 and femoral neck +4.1 "
               "vs +5.06 (met, within 1.5 points); hip fracture HR 0.67 vs 0.59 (met), "
               "morphometric vertebral RR 0.71 vs 0.30 (HORIZON.vertebral, missed, as "
               "alendronate's BP1). The EC50 was set by hand with HORIZON's BMD in mind, so "
               "these checks are not wholly independent; readings: osteon validate HORIZON.",
               "The spine gain levels off after about 18 months and falls a little in year 3 "
               "(+4.4 to +4.0 % from baseline), while in the trials it keeps rising: the model "
               "has secondary mineralization off by default (most of the later DXA gain on "
               "bisphosphonates, "
               "Boivin 2000), and its mechanostat answers the lower strain of the gained bone "
               "with more sclerostin (+13 % by 3 years), so formation over resorption falls "
               "below the untreated woman's (0.95 vs 0.97) once the remodeling space has "
               "refilled."),
        targets=("HORIZON",)),
}
