"""Calcium and vitamin D supplements: more calcium into the gut, more substrate for calcitriol.

Both act through the Peterson & Riggs calcium-PTH-calcitriol system inside the integrated model,
so their effect depends on the patient's state: a vitamin D replete woman on a normal diet gains
little, a deficient one on a poor diet loses her secondary hyperparathyroidism.

- calcium (elemental calcium, mg): an oral dose enters a tablet compartment that empties
  first-order into the gut (``calcium_supplement``, mmol/hour). PR2010 absorbs a
  calcitriol-regulated share of the diet (F11: about 15 % at the young adult's calcitriol),
  net of the calcium that digestive secretions bring into the gut. Those secretions do not grow
  with intake (Heaney & Abrams 2004), so added calcium is absorbed at the gut's true fractional
  absorption (about 26 % at the young adult's calcitriol), which rises with calcitriol too.
- vitamin D (cholecalciferol, IU or ug; 40 IU = 1 ug): an oral dose enters a store (serum and
  adipose cholecalciferol) cleared first-order, with a half-time fitted to the peak after a
  single 100,000 IU dose (Ilahi 2008); a third of what is cleared becomes 25(OH)D3, whose
  clearance rises steeply with its level (Huang & You 2021's sigmoid clearance, C50 86.3
  nmol/L, Hill 5.64). The subject's own level (``serum_25ohd``) is her steady state, so the
  supplement's increment (``vitamin_d_repletion``, ng/mL) depends on the dose and on that
  level: from a deficient level little is cleared and a dose accumulates almost whole, from a
  replete one more of it is cleared. It adds to the own 25(OH)D; below the breakpoint
  (17.6 ng/mL) calcitriol synthesis is substrate-limited, so a supplement raises calcitriol,
  calcium absorption, and lowers PTH only in deficiency.

Daily tablets make one integration segment a day; for long runs both take a continuous-infusion
form (``calcium 1000 mg/day oral continuous infusion for 3 years``), the same daily amount as a
zero-order input.
"""

from __future__ import annotations

import math

from osteon.drugs.base import MASS_UNITS_MG, Drug, DrugCard, pk
from osteon.library.integrated.endocrine import CA_MOLAR_MASS
from osteon.model.estimates import estimated
from osteon.model.parameter import Evidence
from osteon.model.spec import Observable, State

_HOUR = 24.0

_HEANEY1990 = ("Heaney RP et al., J Bone Miner Res 1990;5:1135, doi:10.1002/jbmr.5650051107, "
               "abstract text (fractional absorption 64 % at tiny loads, 28.6 % at 500 mg)")
_CASHMAN = ("Cashman KD et al., Am J Clin Nutr 2009;89:1366, doi:10.3945/ajcn.2008.27334, PMID "
            "19297462, abstract text (adults aged 64 y and over, 22 weeks of daily D3: 25(OH)D "
            "rises 1.97 nmol/L per ug/day)")
_HEANEY2003 = ("Heaney RP et al., Am J Clin Nutr 2003;77:204, doi:10.1093/ajcn/77.1.204, PMID "
               "12499343 (healthy men, 0-250 ug/day of D3 through a winter: 0.70 nmol/L per "
               "ug/day at steady state from a baseline of about 70 nmol/L; quoted, the paper not "
               "read)")
_BARGER_LUX = ("Barger-Lux MJ et al., Osteoporos Int 1998;8:222, doi:10.1007/s001980050058, "
               "abstract text (116 healthy men aged 28 +- 4 y, baseline 25(OH)D 67 nmol/L; D3 "
               "25, 250 or 1250 ug/day for 8 weeks: 25(OH)D +29, +146 and +643 nmol/L)")
_ILAHI = ("Ilahi M, Armas LAG, Heaney RP, Am J Clin Nutr 2008;87:688, doi:10.1093/ajcn/87.3.688, "
          "PMID 18326608, abstract text (30 healthy adults, one oral dose of 100,000 IU D3: "
          "25(OH)D from 27.1 +- 7.7 to a maximum of 42.0 +- 9.1 ng/mL, followed for 4 months)")
_JONES2014 = ("Jones KS et al., J Clin Endocrinol Metab 2014;99:3373, doi:10.1210/jc.2014-1714, "
              "PMID 24885631, abstract text (25(OH)D3 half-life 15.1 +/- 3.1 days, tracer study)")
_CHAPUY = ("Chapuy MC et al., N Engl J Med 1992;327:1637, doi:10.1056/NEJM199212103272305, PMID "
           "1331788, abstract text")

# ----------------------------------------------------------------------------- calcium
CALCIUM_PARAMETERS = (
    pk("calcium_ke", math.log(2.0) / (1.0 / _HOUR), "1/day", "rate at which a tablet's calcium "
       "joins the gut's calcium intake", "assumption: a tablet dissolves and empties from the "
       "stomach within hours (half-time 1 h); the value only shapes the hours after a dose",
       Evidence.ASSUMPTION, lower_open=True),
    pk("calcium_input", 0.0, "mg/day", "zero-order oral input of calcium (a continuous infusion "
       "standing for the same daily dose)", "assumption: simulation input, zero unless a "
       "continuous infusion is prescribed", Evidence.ASSUMPTION),
)

_CA_STATES = (
    State("calcium_tablet", "mg", "supplement calcium not yet in the gut's intake", initial=0.0,
          scale=100.0),
)


def _calcium_rates(t, d, m, p, xp):
    return {"calcium_tablet": p["calcium_input"] - p["calcium_ke"] * d["calcium_tablet"]}


def calcium_flux(d, p):
    """Supplement calcium entering the gut, mmol/hour (the unit of PR2010's OralCa)."""
    return p["calcium_ke"] * d["calcium_tablet"] / CA_MOLAR_MASS / _HOUR


CALCIUM = Drug(
    id="calcium",
    card=DrugCard(
        name="calcium (supplement, elemental calcium)",
        drug_class="mineral supplement",
        mechanism="adds to dietary calcium; the gut absorbs it at its calcitriol-regulated "
                  "true fractional absorption (no extra digestive secretion to offset), serum "
                  "calcium rises a little and PTH falls, and with it PTH-driven RANKL and "
                  "turnover",
        pk_model="oral: tablet compartment emptying first-order (half-time 1 h, assumption) "
                 "into the gut",
        pd_model="calcium_supplement = the tablet's emptying flux S (mmol/hour); the absorbable "
                 "gut pool gains S x a, a = (F11 I + E) / (I + 0.777 E), the true fractional "
                 "absorption that makes PR2010's net share F11 of the diet I after the digestive "
                 "calcium entry E (0.8067 mg/cm height/day, Heaney & Abrams 2004); calcium, PTH "
                 "and calcitriol follow from the model",
        usual_regimen="calcium 1000 mg + vitamin D 800 IU oral daily",
        notes=(f"Absorption in the model is proportional to intake (no saturation at large "
               f"single doses; measured fractional absorption falls from 64 % at tiny loads to "
               f"29 % at 500 mg, {_HEANEY1990}): doses are taken as split across the day.",
               "The salt's anion is not modelled (tricalcium phosphate also brings phosphate)."),
        targets=("CHAPUY", "DH97"),
        # the dose checks' ceiling on exposure (twice the usual 1000 mg a day)
        largest_regimen="calcium 2000 mg oral daily",
        largest_regimen_source=("Makras P et al., Clin Endocrinol (Oxf) 2013;79:499, PMID "
                                "23452098, abstract (2 g calcium carbonate + 1600 IU D3 daily "
                                "in the first month after denosumab; osteon's MAKRAS arm)"),
    ),
    states=_CA_STATES,
    parameters=CALCIUM_PARAMETERS,
    routes={"oral": "calcium_tablet"},
    amount_unit="mg",
    dose_units={**MASS_UNITS_MG, "mmol": CA_MOLAR_MASS},
    rates=_calcium_rates,
    effects=lambda d, p, xp: {"calcium_supplement": calcium_flux(d, p)},
    observables=(Observable("calcium_supplement_flux", "mmol/day", "supplement calcium "
                            "entering the gut"),),
    observe=lambda d, p, xp: {"calcium_supplement_flux": calcium_flux(d, p) * _HOUR},
    # absorbed into the body's own plasma calcium (calcium): the tablet is its own level
    levels=("calcium_tablet",),
    acts_on=("calcium_supplement",),
    infusion_parameter="calcium_input",
    infusion_state="calcium_tablet",
)

# ----------------------------------------------------------------------------- vitamin D
_NMOL_PER_NG = 2.496  # 25(OH)D3, 400.6 g/mol: 1 ng/mL = 2.496 nmol/L
_NMOL_PER_UG_D3 = 1000.0 / 384.64  # cholecalciferol, 384.64 g/mol (Huang 2021's script)
_HUANG = ("Huang Z, You T, CPT Pharmacometrics Syst Pharmacol 2021;10:723, "
          "doi:10.1002/psp4.12640, PMID 33960722 (open access; minimal PBPK model of oral D3 and "
          "25(OH)D3 fitted to the arm means of 155 trial arms, final model Run009b; its "
          "Table 1 and Table S6 values as transcribed, with their table numbers, in "
          "nlmixr2lib's Huang_2021_cholecalciferol_pbpk model and vignette, the paper itself "
          "not read here)")
#: Huang 2021 Table S6 (models without adipose tissue): venous blood, liver, rest of body and
#: arterial blood volumes (L)
_V_VEN, _V_LIVER, _V_REST, _V_ART = 4.2, 1.8, 62.6, 1.4
_KP25_REST = 0.54  # Huang 2021 Table 1, Kp25rb (posterior mean); Kp25l = 1 (deposited script)
_V25 = _V_VEN + _V_LIVER * 1.0 + _V_REST * _KP25_REST + _V_ART  # 41.2 L

VITAMIN_D_PARAMETERS = (
    pk("vitamin_d_hydroxylation", estimated("vitamin_d_hydroxylation"), "1/day", "first-order "
       "hepatic clearance of the cholecalciferol store (serum and adipose tissue); the share "
       "vitamin_d_fraction_25ohd of what is cleared becomes 25(OH)D3",
       f"fitted to the rise of serum 25(OH)D to its maximum after one oral dose of 100,000 IU "
       f"(+14.9 ng/mL, VD1.bolus; {_ILAHI}); a slow store blunts and spreads the peak of a "
       f"large dose, as adipose cholecalciferol does (Huang 2021's repeated-dose clearance, "
       f"Table 1 MCLH 0.21 L/h over the 13 L that D3 fills in its Table S6 volumes, would be "
       f"0.39 /day)", Evidence.FITTED, lower_open=True),
    pk("vitamin_d_fraction_25ohd", 1.0 / 3.0, "dimensionless", "share of the cholecalciferol "
       "cleared that becomes 25(OH)D3",
       f"{_HUANG}, Table 1 (Fm 0.33, fixed; the supplement's equations and the authors' script "
       f"use exactly 1/3)", Evidence.PUBLISHED_MODEL, bounds=(0.0, 1.0), lower_open=True),
    pk("vitamin_d_volume_25ohd", _V25, "L", "volume 25(OH)D3 fills (blood, liver and the rest "
       "of the body at their partition coefficients)",
       f"{_HUANG}: Table S6 volumes (venous 4.2, liver 1.8, rest of body 62.6, arterial 1.4 L) "
       f"with Table 1's Kp25rb 0.54 (posterior mean) and Kp25l 1 (the authors' script): "
       f"4.2 + 1.8 + 0.54 x 62.6 + 1.4 = {_V25:.1f} L. The four compartments exchange through "
       f"blood flows of 70-310 L/h, hours against the weeks of 25(OH)D3, so they are lumped "
       f"into one (assumption: a reduction of the PBPK model)", Evidence.PUBLISHED_MODEL,
       lower_open=True),
    pk("vitamin_d_clearance_max", 0.033 * _HOUR, "L/day", "largest clearance of 25(OH)D3 "
       "(its sigmoid clearance at high levels)",
       f"{_HUANG}, Table 1 (CLmax 0.033 L/h, posterior mean; the clearance is CLmax x "
       f"C^gamma / (C50^gamma + C^gamma), supplement 'Final Model' equations)",
       Evidence.PUBLISHED_MODEL, lower_open=True),
    pk("vitamin_d_c50", 86.3, "nmol/L", "serum 25(OH)D3 at which its clearance is half the "
       "largest", f"{_HUANG}, Table 1 (C50 86.3 nmol/L, posterior mean)",
       Evidence.PUBLISHED_MODEL, lower_open=True),
    pk("vitamin_d_hill", 5.64, "dimensionless", "steepness of the 25(OH)D3 clearance's rise "
       "with its level", f"{_HUANG}, Table 1 (gamma 5.64, posterior mean)",
       Evidence.PUBLISHED_MODEL, lower_open=True),
    pk("vitamin_d_input", 0.0, "ug/day", "zero-order oral input of cholecalciferol (a "
       "continuous infusion standing for the same daily dose)", "assumption: simulation input, "
       "zero unless a continuous infusion is prescribed", Evidence.ASSUMPTION),
)

_VD_STATES = (
    State("vitamin_d_store", "ug", "cholecalciferol dosed and not yet cleared (hydroxylated)",
          initial=0.0, scale=100.0),
    State("vitamin_d_25ohd", "ng/mL", "increment of serum 25(OH)D from supplements only, "
          "0 before the first dose (not the serum level: serum_25ohd_total is the own level "
          "plus this)",
          initial=0.0, scale=10.0),
)


def vitamin_d_elimination(c, p, xp):
    """25(OH)D3 eliminated per day (nmol/day) at serum level ``c`` (nmol/L): Huang 2021's
    sigmoid clearance CLmax x c^gamma / (C50^gamma + c^gamma), times ``c``."""
    # a guard for the solver's trial steps only: the level (own + increment) is never below 0
    r = xp.maximum(c, 0.0) / p["vitamin_d_c50"]
    rg = r ** p["vitamin_d_hill"]
    return p["vitamin_d_clearance_max"] * c * rg / (1.0 + rg)


def _vitamin_d_rates(t, d, m, p, xp):
    cleared = p["vitamin_d_hydroxylation"] * d["vitamin_d_store"]  # ug/day of D3
    formed = p["vitamin_d_fraction_25ohd"] * cleared * _NMOL_PER_UG_D3  # nmol/day of 25(OH)D3
    # the subject's own level is her steady state (Huang 2021 back-calculates the endogenous
    # input from the baseline): its production balances its elimination, so the increment
    # is driven by the supplement and by the extra elimination above the own level
    own = p["serum_25ohd"] * _NMOL_PER_NG
    level = own + d["vitamin_d_25ohd"] * _NMOL_PER_NG
    extra = vitamin_d_elimination(level, p, xp) - vitamin_d_elimination(own, p, xp)
    return {"vitamin_d_store": p["vitamin_d_input"] - cleared,
            "vitamin_d_25ohd": (formed - extra) / p["vitamin_d_volume_25ohd"] / _NMOL_PER_NG}


VITAMIN_D = Drug(
    id="vitamin_d",
    card=DrugCard(
        name="vitamin D3 (cholecalciferol)",
        drug_class="vitamin supplement",
        mechanism="raises serum 25(OH)D, the substrate of renal 1-alpha-hydroxylase; below the "
                  "breakpoint (17.6 ng/mL) more substrate means more calcitriol, more gut "
                  "calcium absorption and less PTH (secondary hyperparathyroidism reversed); "
                  "in a replete subject it does little",
        pk_model="oral: store of cholecalciferol, cleared first-order (half-time fitted to the "
                 "peak after 100,000 IU, Ilahi 2008, VD1.bolus); a third of it becomes serum "
                 "25(OH)D3 (41.2 L), cleared at CLmax x C^5.64 / (86.3^5.64 + C^5.64), CLmax "
                 f"0.033 L/h, C in nmol/L ({_HUANG}, Table 1); the subject's own level is her "
                 "steady state (the model's endogenous input balances its clearance there)",
        pd_model="vitamin_d_repletion = the supplement's 25(OH)D increment (ng/mL), added to "
                 "the subject's own; 1-alpha-hydroxylase production T65 x min(25(OH)D / "
                 "breakpoint, 1)",
        usual_regimen="vitamin D 800 IU oral daily (with calcium 1000-1200 mg)",
        notes=("The rise depends on the dose and on the own level: 25(OH)D3's clearance is "
               "near zero below about 50 nmol/L (20 ng/mL) and saturates above 86 nmol/L, so "
               "from a deficient level a dose accumulates almost whole until the level nears "
               "30 ng/mL, and from a replete one the rise per ug/day is about 0.6 nmol/L by 8 "
               f"weeks (Heaney 2003's 0.70 at steady state; {_HEANEY2003}). The model is "
               "Huang 2021's typical arm mean: no body-size effect, no variability between "
               "people. It lies above De Niet 2018's deficient adults on 2000 IU daily "
               "(VD2.daily, VD2.monthly missed) and below Barger-Lux 1998's young men on 1000 "
               "IU daily (+29 nmol/L by 8 weeks, twice the per-ug rise of their own 250 ug arm; "
               f"VD3.low missed; {_BARGER_LUX}); older adults rose 1.97 nmol/L per ug/day in "
               f"{_CASHMAN}.",
               "A small rise above a replete 30 ng/mL (75 nmol/L) falls back with a half-life "
               "of about 24 days, and of about 19 days at 86-100 nmol/L (the slope of the "
               "clearance over the volume), against 15.1 +- 3.1 days measured with a tracer "
               f"({_JONES2014}).",
               "No direct calcitriol effect on bone cells, no muscle or falls effect: fracture "
               "benefit comes only through BMD."),
        targets=("CHAPUY", "DH97", "VD1", "VD2", "VD3", "VD4"),
        largest_dose="vitamin D 500000 IU oral once",
        largest_dose_source=(
            "Sanders KM et al., JAMA 2010;303:1815 (a single oral dose of 500,000 IU of "
            "cholecalciferol once a year in women aged 70 and over; more falls and fractures "
            "than placebo), as summarized publicly (the paper was not read); smaller boluses "
            "are trial arms too: 100,000 IU every 4 months (Trivedi DP et al., BMJ "
            "2003;326:469, PMID 12609940, abstract), 200,000 IU then 100,000 IU monthly (ViDA: "
            "Khaw KT et al., Lancet Diabetes Endocrinol 2017, abstract); 50,000 IU weekly is "
            "the repletion of the Endocrine Society guideline (Holick MF et al., J Clin "
            "Endocrinol Metab 2011;96:1911; recalled, not read here)"),
        # the dose checks' ceiling on exposure: 10,000 IU a day, 12.5 times the usual 800 IU
        largest_regimen="vitamin D 250 ug oral daily",
        largest_regimen_source=(
            "Barger-Lux 1998's 250 ug/day for 8 weeks and Heaney 2003's 0-250 ug/day through a "
            "winter, both abstracts as quoted in this card; Barger-Lux's 1250 ug/day arm (8 "
            "weeks in young men) is not taken as the ceiling, an assumption: 50,000 IU daily "
            "is far more likely a slip for 50,000 IU weekly than that arm"),
    ),
    states=_VD_STATES,
    parameters=VITAMIN_D_PARAMETERS,
    routes={"oral": "vitamin_d_store"},
    amount_unit="ug",
    dose_units={"IU": 1.0 / 40.0, **{u: f * 1e3 for u, f in MASS_UNITS_MG.items()}},
    rates=_vitamin_d_rates,
    effects=lambda d, p, xp: {"vitamin_d_repletion": d["vitamin_d_25ohd"]},
    observables=(Observable("vitamin_d_25ohd_supplement", "ng/mL",
                            "increment of serum 25(OH)D from supplements only (as the "
                            "vitamin_d_25ohd state; the serum level is serum_25ohd_total)"),),
    observe=lambda d, p, xp: {"vitamin_d_25ohd_supplement": d["vitamin_d_25ohd"]},
    levels=("vitamin_d_25ohd_supplement",),
    acts_on=("vitamin_d_repletion",),
    infusion_parameter="vitamin_d_input",
    infusion_state="vitamin_d_store",
)

DRUGS = {d.id: d for d in (CALCIUM, VITAMIN_D)}
