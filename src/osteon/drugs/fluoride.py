"""Sodium fluoride: the bone-forming agent that raised BMD and fractures together.

Riggs et al. (1990) gave 75 mg/day sodium fluoride with calcium for 4 years: lumbar-spine BMD
rose 35 %, femoral neck 12 %, yet vertebral fractures did not fall and nonvertebral fractures
tripled (72 vs 24). It is the textbook case of the density-quality dissociation, which is why
osteon models it: fluoride stimulates osteoprogenitors (more bone) and is built into the new
mineral as fluorapatite, making woven, brittle bone (worse bone).

PK: an oral dose (mg of sodium fluoride, 45.25 % fluoride by mass) enters a gut compartment,
is absorbed first-order with a bioavailability on the absorbed flux, and is cleared first-order
from one compartment (renal excretion and skeletal uptake together). The half-life, the
absorption rate (from the time to peak) and the volume (from the peak, with the slow-release
product's 90 % bioavailability) all come from one 50 mg dose of slow-release sodium fluoride in
Pak et al. (1990). The absorption rate is that product's (plain tablets were not read; see
sodium_fluoride_ka), and the decline after its peak is taken as elimination (if release went on
after the peak, the true half-life would be shorter). The 95-190 ng/mL that Pak et al. call the
therapeutic window are troughs, on 25 mg slow-release twice a day with calcium citrate. Riggs et
al. (1990) gave 75 mg/day of sodium fluoride; the product and the split of the day's dose were
not read (abstract only). The validation gives it as ``sodium fluoride 75 mg/day oral continuous
infusion for 4 years``, the same daily amount as a zero-order input (a daily tablet would make
one integration segment a day over 4 years): the level is then flat at about 137 ng/mL, which
lies in the trough window; one 75 mg tablet a day would instead swing from about 330 ng/mL
2 h after the dose to a trough of about 27 ng/mL, below the window, so the window says nothing
about the once-daily average.

PD, two effects of the occupancy-like signal ``C / (C + EC50)`` (EC50 an assumption):

- ``osteoblast_commitment_gain = 1 + Emax x C / (C + EC50)``: a mitogen of osteoprogenitors
  (Farley JR et al., Science 1983;222:330, PMID 6623079); Emax is fitted to the spine gain;
- ``new_bone_fragility = beta x C / (C + EC50)``: the log fracture hazard of bone formed on
  fluoride; beta is fitted to the nonvertebral fracture ratio of the same trial, after the
  fracture protection the trial's own BMD gain predicts (the clinical layer's BMD gradient).
"""

from __future__ import annotations

import math

from osteon.drugs.base import MASS_UNITS_MG, Drug, DrugCard, pk
from osteon.drugs.estrogens import _ka_from_tmax
from osteon.model.estimates import estimated
from osteon.model.parameter import Evidence
from osteon.model.spec import Observable, State

_RIGGS = ("Riggs BL et al., N Engl J Med 1990;322:802, doi:10.1056/NEJM199003223221203, "
          "PMID 2407957, abstract text (75 mg/day NaF + 1500 mg calcium for 4 years, 202 women: "
          "median BMD vs placebo LS +35 %, FN +12 %, trochanter +10 %, radius shaft -4 %; new "
          "vertebral fractures 163 vs 136 (ns), nonvertebral fractures 72 vs 24 (P < 0.01))")
_PAK = ("Pak CYC et al., J Bone Miner Res 1990;5:857, doi:10.1002/jbmr.5650050809, abstract text "
        "(single 50 mg slow-release NaF: Cmax 184 ng/mL at 2 h, t1/2 5.9 h; on 25 mg slow-release "
        "NaF twice daily with 400 mg calcium as citrate the trough serum fluoride was kept at "
        "95-190 ng/mL, 'believed to be the therapeutic window')")
_EKSTRAND = ("Ekstrand J, Spak CJ, J Bone Miner Res 1990;5 Suppl 1:S53, "
             "doi:10.1002/jbmr.5650051380, PMID 2339637, abstract text (bioavailability of plain NaF "
             "tablets close to 100 %, slow-release close to 90 %)")

#: mass fraction of fluoride in sodium fluoride, 18.998 / 41.988 g/mol (atomic masses)
F_MASS_FRACTION = 18.998 / 41.988
_HOUR = 24.0
_T12_H = 5.9
_TMAX_H = 2.0
_CMAX = 184.0  # ng/mL after 50 mg slow-release NaF (Pak 1990)
_F_SR = 0.9  # slow-release bioavailability (Ekstrand & Spak 1990)
_KE_H = math.log(2.0) / _T12_H
_KA_H = _ka_from_tmax(_TMAX_H, _KE_H)
# one-compartment peak: C(tmax) = F D ka / (V (ka - ke)) (exp(-ke tmax) - exp(-ka tmax))
_V = (_F_SR * 50.0 * F_MASS_FRACTION * _KA_H / (_KA_H - _KE_H)
      * (math.exp(-_KE_H * _TMAX_H) - math.exp(-_KA_H * _TMAX_H)) / (_CMAX * 1e-3))  # L

PARAMETERS = (
    pk("sodium_fluoride_ka", _KA_H * _HOUR, "1/day", "absorption rate constant",
       f"derived for the slow-release product: the one-compartment rate that peaks at 2 h with "
       f"the 5.9 h half-life ({_PAK}); assumption: used for plain tablets too, whose time to "
       f"peak was not read (they are likely absorbed faster, with higher peaks and lower "
       f"troughs); a continuous input, as the validation gives Riggs' 75 mg/day, does not depend "
       f"on it", Evidence.ASSUMPTION, lower_open=True),
    pk("sodium_fluoride_F", 1.0, "dimensionless", "oral bioavailability of plain sodium "
       "fluoride tablets", _EKSTRAND, Evidence.HUMAN_COHORT, bounds=(0.0, 1.0), lower_open=True),
    pk("sodium_fluoride_half_life", _T12_H / _HOUR, "day", "elimination half-life of serum "
       "fluoride (renal excretion and skeletal uptake)", _PAK, Evidence.HUMAN_COHORT,
       lower_open=True),
    pk("sodium_fluoride_V", _V, "L", "apparent volume of serum fluoride",
       f"derived from the peak after 50 mg slow-release NaF (184 ng/mL at 2 h) with 90 % "
       f"bioavailability; {_PAK}; {_EKSTRAND}; baseline serum fluoride is not subtracted",
       Evidence.HUMAN_COHORT, lower_open=True),
    pk("sodium_fluoride_EC50", 95.0, "ng/mL", "serum fluoride (from the drug) of half-maximal "
       "effect on bone", f"assumption: the lower end of the therapeutic trough window, "
       f"95-190 ng/mL on slow-release NaF twice daily ({_PAK}); no measured potency was found",
       Evidence.ASSUMPTION,
       lower_open=True),
    pk("sodium_fluoride_Emax", estimated("sodium_fluoride_Emax"),
       "dimensionless", "maximal rise of osteoprogenitor "
       "commitment (osteoblast_commitment_gain = 1 + Emax x occupancy)",
       f"fitted to the lumbar-spine gain of {_RIGGS} (LS +35 % vs placebo at 4 years on "
       "75 mg/day; model at age 68 from the median course: see tests/test_fluoride.py)",
       Evidence.FITTED),
    pk("sodium_fluoride_fragility", 6.5, "dimensionless", "log fracture hazard of bone formed "
       "at full occupancy (new_bone_fragility = value x occupancy)",
       f"fitted to the nonvertebral fracture ratio of {_RIGGS} (72 / 24 = 3.0 with near-equal "
       "follow-up) after the protection predicted by the trial's BMD gain (1.5 per SD of "
       "femoral-neck BMD for any fracture; Marshall D et al., BMJ 1996;312:1254, PMID "
       "8634613): see tests/test_fluoride.py", Evidence.FITTED),
    pk("sodium_fluoride_input", 0.0, "mg/day", "zero-order oral input of fluoride ion (a "
       "continuous infusion standing for the same daily dose of sodium fluoride)",
       "assumption: simulation input, zero unless a continuous infusion is prescribed",
       Evidence.ASSUMPTION),
)

STATES = (
    State("sodium_fluoride_gut", "mg", "fluoride (ion) in the gut", initial=0.0, scale=10.0),
    State("sodium_fluoride_central", "mg", "fluoride (ion) in the body's exchangeable pool",
          initial=0.0, scale=10.0),
)


def serum(d, p):
    """Serum fluoride from the drug, ng/mL."""
    return d["sodium_fluoride_central"] / p["sodium_fluoride_V"] * 1e3


def occupancy(d, p):
    c = serum(d, p)
    return c / (c + p["sodium_fluoride_EC50"])


def rates(t, d, m, p, xp):
    absorbed = p["sodium_fluoride_ka"] * d["sodium_fluoride_gut"]
    k = math.log(2.0) / p["sodium_fluoride_half_life"]
    return {
        "sodium_fluoride_gut": p["sodium_fluoride_input"] - absorbed,
        "sodium_fluoride_central": p["sodium_fluoride_F"] * absorbed
        - k * d["sodium_fluoride_central"],
    }


def effects(d, p, xp):
    occ = occupancy(d, p)
    return {"osteoblast_commitment_gain": 1.0 + p["sodium_fluoride_Emax"] * occ,
            "new_bone_fragility": p["sodium_fluoride_fragility"] * occ}


DRUG = Drug(
    id="sodium_fluoride",
    card=DrugCard(
        name="sodium fluoride",
        drug_class="fluoride salt (a bone-forming agent abandoned for fragility; history and "
                   "counterfactuals)",
        mechanism="stimulates osteoprogenitors (more bone formed) and is built into the new "
                  "mineral as fluorapatite (brittle, woven bone): BMD rises while fractures "
                  "do not fall (spine) or rise (nonvertebral sites)",
        pk_model="oral: gut (ka of the slow-release product, an assumption for plain tablets) "
                 "-> one compartment (F 100 % for plain tablets, t1/2 5.9 h, volume from the "
                 "slow-release peak with F 90 %); doses in mg of NaF (45.25 % fluoride); Pak's "
                 "95-190 ng/mL window is for troughs on slow-release NaF twice daily, not for "
                 "a daily average; " + _PAK + "; " + _EKSTRAND,
        pd_model="occupancy C / (C + EC50); osteoblast_commitment_gain = 1 + Emax x occupancy; "
                 "new_bone_fragility = beta x occupancy (the tissue-quality state carries it "
                 "into fracture risk)",
        usual_regimen="sodium fluoride 75 mg oral daily (Riggs 1990); for long runs "
                      "'sodium fluoride 75 mg/day oral continuous infusion for 4 years'",
        notes=("Not a current treatment: after Riggs 1990 fluoride was dropped for "
               "osteoporosis. It is here to show the density-quality dissociation: BMD up, "
               "fracture risk up.",
               "Radius-shaft BMD fell 4 % in Riggs 1990 (cortical bone, a calcium steal); the "
               "model has no radius site and no calcium steal, and overshoots the femoral-neck "
               "gain (RIGGS.fn, missed).",
               "EC50 is an assumption (the lower end of the therapeutic window); Emax and the "
               "fragility of fluoride bone are fitted to the same trial, so that trial is not "
               "an independent check."),
        targets=("RIGGS",),
    ),
    states=STATES,
    parameters=PARAMETERS,
    routes={"oral": "sodium_fluoride_gut"},
    amount_unit="mg",
    dose_units={u: f * F_MASS_FRACTION for u, f in MASS_UNITS_MG.items()},
    rates=rates,
    effects=effects,
    observables=(Observable("sodium_fluoride_serum", "ng/mL", "serum fluoride from the drug"),),
    observe=lambda d, p, xp: {"sodium_fluoride_serum": serum(d, p)},
    levels=("sodium_fluoride_serum",),
    acts_on=("osteoblast_commitment_gain", "new_bone_fragility"),
    infusion_parameter="sodium_fluoride_input",
    infusion_state="sodium_fluoride_gut",
)
