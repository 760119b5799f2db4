"""Osteocytes: the senescent fraction and its bone SASP, sclerostin and Wnt/beta-catenin signal.

States
    senescent_fraction   fraction of osteocytes that are senescent (p16Ink4a+, SASP+)
    sclerostin           serum sclerostin (pmol/L), made by osteocytes
    wnt_blockade_tolerance  the share of the Wnt that sclerostin blockade frees which the
                         osteoblast lineage has become tolerant to (0 without blockade)

Senescence is induced at a rate that grows exponentially with age and cleared at a constant rate
(immune clearance; senolytics add to it). Sclerostin production rises with age and with
unloading; Wnt signal = receptor occupancy left free by sclerostin, relative to the young adult.

Sclerostin blockade (an antibody holding a fraction b of sclerostin) frees Wnt by the ratio
w = Wnt(blocked) / Wnt(unblocked) >= 1. The osteoblast lineage answers the freed Wnt in two ways,
both tolerated over time (the anabolic window of romosozumab closes within the year while the
drug is still given):

    freed signal         w^(1 - D),  D = wnt_blockade_tolerance
    d D / dt           = (b - D) / tau_tol        (D -> b while blockade lasts; back to 0 after)
    matrix synthesis     formation per osteoblast x (w^(1 - D))^k_act   (activation of lining
                         cells and of the osteoblasts present: the fast P1NP rise)
    commitment, survival the freed signal in place of w

D only scales the freed part, so natural changes of sclerostin (age, loading) are untouched, and
when blockade stops the signal returns to the natural one (no rebound below it). OPG, made by
the same lineage, reads the same tolerated signal, the freed part with a gain of its own (OPG
production x (Wnt w^-D)^wnt_opg_gain x (w^(1 - D))^wnt_blockade_opg_gain), so it rises at once
and wanes with the formation response. The OPG the freed Wnt adds holds RANKL as a decoy drug
does, and counts as held RANKL in the extra loss of resorbing osteoclasts (the model's
``rankl_blockade_survival_gain``): romosozumab's fall of CTX within days. ``k_act``, ``tau_tol``
and ``wnt_blockade_opg_gain`` are estimated from romosozumab's P1NP peak, CTX nadir and 12-month
total-hip gain (calibration problem ``romosozumab``).
"""

from __future__ import annotations

from osteon.library.integrated._common import assumption, fitted, param, switch
from osteon.library.integrated.drivers import AGE_REF
from osteon.model.estimates import estimated
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
          "ln 2.4 / 70 y, applied here to production per osteocyte; the model's serum level "
          "falls with age instead, as fewer osteocytes and less strain make less: the miss "
          "NH9)", Evidence.HUMAN_COHORT),
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
          "24382002, Fig. 2): the freed Wnt's fast effect on matrix synthesis carries that "
          "(wnt_blockade_activity_gain, fitted)",
          Evidence.ASSUMPTION, bounds=(0.0, 1.0), lower_open=True, upper_open=True),
    fitted("wnt_blockade_activity_gain", estimated("wnt_blockade_activity_gain"),
           "dimensionless", "exponent of the freed Wnt signal (after tolerance) on matrix "
           "synthesis per osteoblast: the fast, transient formation response to sclerostin "
           "blockade (modeling-based formation by activated lining cells, Chavassieux P et al., "
           "J Bone Miner Res 2019;34:1597, PMID 31233639, abstract text)",
           "the P1NP peak on romosozumab (EVENITY label section 12.2: about +145 % vs placebo "
           "2 weeks after the first dose) and FRAME's 12-month total-hip gain (Cosman F et al., "
           "N Engl J Med 2016;375:1532, PMID 27641143, abstract text: +6.8 points)"),
    fitted("wnt_blockade_tolerance_time", estimated("wnt_blockade_tolerance_time"), "day",
           "time constant with which the osteoblast lineage becomes tolerant to the Wnt that "
           "sclerostin blockade frees, and recovers after it (a tolerance compartment as in "
           "Eudy RJ et al., CPT Pharmacometrics Syst Pharmacol 2015;4:527, PMID 26451332, "
           "abstract text)",
           "the P1NP peak on romosozumab (EVENITY label section 12.2) and FRAME's 12-month "
           "total-hip gain (Cosman 2016, PMID 27641143, abstract text), together with "
           "wnt_blockade_activity_gain", lower_open=True),
    fitted("wnt_blockade_opg_gain", estimated("wnt_blockade_opg_gain"), "dimensionless",
           "extra exponent of the Wnt that sclerostin blockade frees (after tolerance, as the "
           "lineage sees it) on osteoblastic OPG: OPG production x Wnt^wnt_opg_gain x (freed "
           "Wnt)^gain. The OPG it adds holds RANKL like a decoy drug, so resorbing osteoclasts "
           "are lost faster (rankl_blockade_survival_gain): the antiresorptive arm of sclerostin "
           "blockade, which wanes with the anabolic one. "
           "beta-catenin induces OPG in osteoblasts (Glass DA et al., Dev Cell 2005;8:751, "
           "doi:10.1016/j.devcel.2005.02.017, PMID 15866165); as for matrix synthesis, the freed "
           "Wnt carries its own gain because removing sclerostin frees at most 18 % more Wnt "
           "(sclerostin_occupancy_young, an assumption) while natural changes of sclerostin keep "
           "wnt_opg_gain",
           "the CTX nadir on romosozumab (EVENITY label section 12.2: about -55 % vs placebo 2 "
           "weeks after the first dose), with the P1NP peak and FRAME's 12-month total-hip gain "
           "(Cosman 2016, PMID 27641143, abstract text; calibration problem romosozumab)"),
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


def blockade_tolerance_rate(tolerance, p):
    """d(wnt_blockade_tolerance)/dt in 1/day: tolerance follows the blockade."""
    return (p["sclerostin_blockade"] - tolerance) / p["wnt_blockade_tolerance_time"]


def freed_wnt_log(scl, p, xp):
    """ln of the Wnt that sclerostin blockade frees: ln(Wnt(blocked) / Wnt(unblocked)), >= 0."""
    return xp.log(wnt_signal(scl * (1.0 - p["sclerostin_blockade"]), p) / wnt_signal(scl, p))


def wnt_signal(scl, p):
    """Wnt/beta-catenin signal relative to the young adult: free LRP5/6 fraction ratio."""
    occ0 = p["sclerostin_occupancy_young"]
    r = occ0 / (1.0 - occ0)  # sclerostin_young / K_i
    return (1.0 + r) / (1.0 + r * scl / p["sclerostin_young"])
