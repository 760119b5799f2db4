"""Osteocytes: the senescent fraction and its bone SASP, sclerostin and Wnt/beta-catenin signal.

States
    senescent_fraction   fraction of osteocytes that are senescent (p16Ink4a+, SASP+)
    sclerostin           serum sclerostin (pmol/L), made by osteocytes

Senescence is induced at a rate that grows exponentially with age and cleared at a constant rate
(immune clearance; senolytics add to it). Sclerostin production rises with age and with
unloading; Wnt signal = receptor occupancy left free by sclerostin, relative to the young adult.
"""

from __future__ import annotations

from osteon.library.integrated._common import assumption, param, switch
from osteon.library.integrated.drivers import AGE_REF
from osteon.model.parameter import Evidence

FARR2016 = ("Farr JN et al., J Bone Miner Res 2016;31:1920, doi:10.1002/jbmr.2892, "
            "PMID 27341653")
MODDER2011 = ("Mödder UI et al., J Bone Miner Res 2011;26:373, doi:10.1002/jbmr.217, "
              "PMID 20721932")

PARAMETERS = (
    assumption("senescent_fraction_young", 0.1, "dimensionless", "senescent fraction of "
               "osteocytes in the young adult",
               f"p16Ink4a and SASP rise in old osteocytes ({FARR2016}, text); the fractions "
               "(about 10 % young, about 30 % old) are the commonly quoted order, not read from "
               "the paper", bounds=(0.0, 1.0), lower_open=True, upper_open=True),
    assumption("senescence_induction_rate", 0.035, "1/year", "exponential rise with age of the "
               "rate at which osteocytes become senescent",
               "chosen so the senescent fraction rises from about 10 % at 25 y to about 30 % at "
               f"80 y (the order quoted for old vs young bone, {FARR2016}, text)"),
    assumption("senescence_clearance", 0.2, "1/year", "clearance rate of senescent osteocytes "
               "(immune surveillance; senolytics add to it)",
               "slow clearance (years), consistent with the accumulation of senescent osteocytes "
               "over decades"),
    switch("aging_senescence", "age-related accumulation of senescent osteocytes (bone SASP)"),
    param("sclerostin_young", 20.0, "pmol/L", "serum sclerostin in the young adult",
          f"{MODDER2011}, text (mean 23.7 pmol/L in women of all ages, rising 2.4-fold over "
          "adult life; a young-adult level of about 20 pmol/L is consistent with both)",
          Evidence.HUMAN_COHORT, lower_open=True),
    param("sclerostin_clearance", 0.5, "1/day", "first-order clearance of sclerostin",
          "assumption: sclerostin is a small secreted glycoprotein with a serum half-life of "
          "hours to a day; the value only sets how fast sclerostin follows production",
          Evidence.ASSUMPTION, lower_open=True),
    param("sclerostin_age_rate", 0.0125, "1/year", "exponential rise of sclerostin production "
          "per osteocyte with age",
          f"{MODDER2011}, text (serum sclerostin rises 2.4-fold over adult life in women: "
          "ln 2.4 / 70 y)", Evidence.HUMAN_COHORT),
    switch("aging_sclerostin", "age-related rise of sclerostin production"),
    param("sclerostin_unloading_gain", 0.67, "dimensionless", "log-gain of sclerostin "
          "production on the strain deficit (exp(gain x (1 - strain)))",
          "assumption: unloading raises osteocyte sclerostin (Robling AG et al., J Biol Chem "
          "2008;283:5866, doi:10.1074/jbc.M705092200, PMID 18089564); serum sclerostin +29 to "
          "+42 % in 90-day bed rest (Spatz JM et al., J Clin Endocrinol Metab 2012, NASA "
          "abstract): +40 % at a strain deficit of 0.5, the bed-rest loading assumed here",
          Evidence.ASSUMPTION),
    param("sclerostin_occupancy_young", 0.15, "dimensionless", "fraction of the Wnt co-receptor "
          "LRP5/6 occupied by sclerostin in the young adult (sets how much removing sclerostin "
          "raises Wnt signaling: up to 1 / (1 - occupancy))",
          "assumption: not measured; a minor share is chosen, so that removing all sclerostin "
          "raises Wnt by at most 18 % (1 / 0.85). Romosozumab doubles P1NP within a month "
          "(McClung MR et al., N Engl J Med 2014;370:412, doi:10.1056/NEJMoa1305224, PMID "
          "24382002, Fig. 2), which the model does not reach (RO4.p1np, a reported miss)",
          Evidence.ASSUMPTION, bounds=(0.0, 1.0), lower_open=True, upper_open=True),
    param("sclerostin_exogenous", 0.0, "pmol/L/day", "exogenous sclerostin input (experiments)",
          "assumption: experimental input, zero at baseline", Evidence.ASSUMPTION),
    param("sclerostin_production_gain", 1.0, "dimensionless", "multiplier on osteocyte "
          "sclerostin production (conditions and drugs act here)",
          "assumption: 1 at baseline by construction", Evidence.ASSUMPTION),
)


def senescence_rates(s, age, p, xp, propagation=1.0):
    """d(senescent_fraction)/dt in 1/day and the bone SASP index (0 in the young adult).

    ``propagation`` multiplies induction (systemic SASP of non-skeletal senescent cells).
    """
    f = s["senescent_fraction"]
    f0 = p["senescent_fraction_young"]
    k_clear = p["senescence_clearance"]
    # induction balanced against clearance at f0 in the young adult
    k_ind0 = k_clear * f0 / (1.0 - f0)
    k_ind = (k_ind0 * propagation
             * xp.exp(p["aging_senescence"] * p["senescence_induction_rate"] * (age - AGE_REF)))
    # a senolytic (pharmacology input, 1/day) adds to the immune clearance
    df = (k_ind * (1.0 - f) - k_clear * f) / 365.25 - p["senolytic_clearance"] * f
    return df, f / f0 - 1.0


def sclerostin_rates(s, age, strain_deficit, osteocyte_rel, p, xp):
    """d(sclerostin)/dt (pmol/L/day) and the Wnt signal relative to the young adult."""
    scl = s["sclerostin"]
    age_factor = xp.exp(p["aging_sclerostin"] * p["sclerostin_age_rate"] * (age - AGE_REF))
    production = (p["sclerostin_clearance"] * p["sclerostin_young"] * p["sclerostin_production_gain"]
                  * osteocyte_rel * age_factor * xp.exp(p["sclerostin_unloading_gain"] * strain_deficit))
    dscl = production + p["sclerostin_exogenous"] - p["sclerostin_clearance"] * scl
    return dscl, wnt_signal(scl, p)


def wnt_signal(scl, p):
    """Wnt/beta-catenin signal relative to the young adult: free LRP5/6 fraction ratio."""
    occ0 = p["sclerostin_occupancy_young"]
    r = occ0 / (1.0 - occ0)  # sclerostin_young / K_i
    return (1.0 + r) / (1.0 + r * scl / p["sclerostin_young"])
