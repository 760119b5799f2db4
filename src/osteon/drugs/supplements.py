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
  adipose cholecalciferol) that is 25-hydroxylated first-order, with a half-time fitted to the
  peak after a single 100,000 IU dose (Ilahi 2008), and serum 25(OH)D from supplements
  (``vitamin_d_repletion``, ng/mL) is built with the steady-state dose-response slope from a
  replete baseline (Heaney 2003, 0.70 nmol/L per ug/day) and eliminated with the 15-day
  half-life of 25(OH)D3. It adds to the subject's own 25(OH)D; below the breakpoint
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
    aliases=("calcium carbonate", "calcium citrate"),
)

# ----------------------------------------------------------------------------- vitamin D
_NMOL_PER_NG = 2.496  # 25(OH)D3, 400.6 g/mol: 1 ng/mL = 2.496 nmol/L
_SLOPE = 0.70 / _NMOL_PER_NG  # ng/mL per ug/day (Heaney 2003, from a replete baseline)

VITAMIN_D_PARAMETERS = (
    pk("vitamin_d_hydroxylation", estimated("vitamin_d_hydroxylation"), "1/day", "first-order "
       "25-hydroxylation of the cholecalciferol store (serum and adipose tissue)",
       f"fitted to the rise of serum 25(OH)D to its maximum after one oral dose of 100,000 IU "
       f"(+14.9 ng/mL, VD1.bolus; {_ILAHI}); a slow store blunts and spreads the peak of a "
       f"large dose, as adipose cholecalciferol does", Evidence.FITTED, lower_open=True),
    pk("vitamin_d_half_life", 15.1, "day", "half-life of serum 25(OH)D3", _JONES2014,
       Evidence.HUMAN_COHORT, lower_open=True),
    pk("vitamin_d_slope", _SLOPE, "ng/mL/(ug/day)", "steady-state rise of serum 25(OH)D "
       "per ug/day of cholecalciferol",
       f"{_HEANEY2003} (0.70 nmol/L per ug/day = {_SLOPE:.3f} ng/mL); in line with "
       f"{_BARGER_LUX}, whose 250 ug/day arm rose 0.58 nmol/L per ug/day by 8 weeks (about 0.83 "
       f"of the steady state with the 15-day half-life). The slope is steeper from a deficient "
       f"baseline at low doses (1.97 nmol/L in older adults, {_CASHMAN}), which this linear "
       f"form leaves out", Evidence.HUMAN_COHORT, lower_open=True),
    pk("vitamin_d_input", 0.0, "ug/day", "zero-order oral input of cholecalciferol (a "
       "continuous infusion standing for the same daily dose)", "assumption: simulation input, "
       "zero unless a continuous infusion is prescribed", Evidence.ASSUMPTION),
)

_VD_STATES = (
    State("vitamin_d_store", "ug", "cholecalciferol dosed and not yet 25-hydroxylated",
          initial=0.0, scale=100.0),
    State("vitamin_d_25ohd", "ng/mL", "increment of serum 25(OH)D from supplements only, "
          "0 before the first dose (not the serum level: serum_25ohd_total is the own level "
          "plus this)",
          initial=0.0, scale=10.0),
)


def _vitamin_d_rates(t, d, m, p, xp):
    hydroxylated = p["vitamin_d_hydroxylation"] * d["vitamin_d_store"]  # ug/day
    k = math.log(2.0) / p["vitamin_d_half_life"]
    return {"vitamin_d_store": p["vitamin_d_input"] - hydroxylated,
            # at steady state on D ug/day: 25(OH)D = slope x D
            "vitamin_d_25ohd": k * (p["vitamin_d_slope"] * hydroxylated - d["vitamin_d_25ohd"])}


VITAMIN_D = Drug(
    id="vitamin_d",
    card=DrugCard(
        name="vitamin D3 (cholecalciferol)",
        drug_class="vitamin supplement",
        mechanism="raises serum 25(OH)D, the substrate of renal 1-alpha-hydroxylase; below the "
                  "breakpoint (17.6 ng/mL) more substrate means more calcitriol, more gut "
                  "calcium absorption and less PTH (secondary hyperparathyroidism reversed); "
                  "in a replete subject it does little",
        pk_model="oral: store of cholecalciferol -> first-order 25-hydroxylation (half-time "
                 "fitted to the peak after 100,000 IU, Ilahi 2008, VD1.bolus) -> serum 25(OH)D "
                 f"(half-life 15.1 days; {_JONES2014}), steady-state slope 0.70 nmol/L per "
                 f"ug/day from a replete baseline ({_HEANEY2003})",
        pd_model="vitamin_d_repletion = the supplement's 25(OH)D (ng/mL), added to the subject's "
                 "own; 1-alpha-hydroxylase production T65 x min(25(OH)D / breakpoint, 1)",
        usual_regimen="vitamin D 800 IU oral daily (with calcium 1000-1200 mg)",
        notes=("The dose-response is linear here, with the slope measured from a replete "
               "baseline: 2000 IU/day adds about 14 ng/mL at steady state, 50,000 IU weekly "
               "about 40 ng/mL by 8 weeks. Measured responses are steeper from a deficient "
               "baseline at low doses (Cashman 2009: 1.97 nmol/L per ug/day in older adults; "
               "Barger-Lux 1998: 1.16 at 25 ug/day), so a deficient older woman on 800-1500 "
               "IU/day gains about half the measured rise (VD3.low, VD4.daily missed), and they "
               "flatten above about 110 nmol/L (44 ng/mL) in older women (Gallagher 2012).",
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
    aliases=("cholecalciferol", "vitamin d3"),
)

DRUGS = {d.id: d for d in (CALCIUM, VITAMIN_D)}
