"""The conditions osteon models, each with its card, its parameters and its effects.

Each condition maps a severity in real units onto the integrated model's inputs
(:mod:`osteon.library.integrated.disease` and the inputs of the other modules). Sizes that are
fitted say to what; sizes that could not be measured are labelled assumptions.
"""

from __future__ import annotations

import math

from osteon.conditions.base import Condition, ConditionCard, Severity
from osteon.library.integrated import endocrine, rankl_opg
from osteon.library.integrated.rankl_opg import PIV_OBA, PIV_PTH
from osteon.model.estimates import estimated, provenance
from osteon.model.parameter import Evidence, Parameter

_RP = {q.name: q.value for q in rankl_opg.PARAMETERS}
#: young adult's total OPG production, pM/day (Pivonka 2008 steady state, as rankl_opg builds it)
_OPG_PRODUCTION_YOUNG = _RP["beta_OPG"] * PIV_OBA / (1.0 + PIV_PTH / _RP["K_D6_PTH"])
#: young adult's total RANKL production, pM/day (the rankl_opg parameter of the same name)
_RANKL_PRODUCTION_YOUNG = _RP["rankl_production_young"]
PG_PER_PMOL_PTH = 9.43  # pg of PTH(1-84) per pmol (molecular mass 9.4 kDa)


def _q(name, value, unit, desc, source, evidence=Evidence.FITTED, **kw):
    if evidence == Evidence.FITTED:
        source += provenance(name)
    return Parameter(name=name, value=value, unit=unit, description=desc, source=source,
                     evidence=evidence, **kw)


def _a(name, value, unit, desc, why, **kw):
    return _q(name, value, unit, desc, f"assumption: {why}", Evidence.ASSUMPTION, **kw)


# --------------------------------------------------------------------- glucocorticoids
LEMS2016 = ("Lems WF et al., RMD Open 2016;2:e000313, doi:10.1136/rmdopen-2016-000313, "
            "abstract text")
GODSCHALK = ("serum osteocalcin after 5 days of prednisone in healthy young men: 5 mg none; "
             "10, 15, 20 mg 83, 78, 74 % of baseline; 60 mg nadir 37 % (Godschalk MF & Downs "
             "RW, J Bone Miner Res 1988, abstract text; corroborated at 10 mg/day by Lems WF et "
             "al., Clin Rheumatol 1995;14:420, doi:10.1007/BF02207675, abstract text)")


def _gc_suppression(dose, q):
    n = q["gc_hill"]
    return q["gc_emax"] * dose ** n / (dose ** n + q["gc_ed50"] ** n)


def _gc_effects(dose, q):
    s = _gc_suppression(dose, q)
    return {
        # osteoblasts die faster: active osteoblasts (osteocalcin) fall to 1 - s within days
        "osteoblast_apoptosis_gain": 1.0 / (1.0 - s),
        "bone_rankl_gain": 1.0 + q["gc_rankl_gain"] * s,
        "osteoblast_opg_gain": 1.0 / (1.0 + q["gc_opg_gain"] * s),
    }


GLUCOCORTICOIDS = Condition(
    id="glucocorticoids",
    aliases=("glucocorticoid excess", "glucocorticoid", "prednisone", "prednisolone",
             "steroids", "corticosteroids"),
    severity=Severity("dose", "mg/day", 7.5, 0.0, 2000.0, low_open=True,
                      aliases={"mg/day": 1.0, "mg/d": 1.0, "mg": 1.0, "mg daily": 1.0},
                      description="daily dose in prednisone equivalents",
                      default_note="7.5 mg/day, the usual threshold of 'high' dose"),
    parameters=(
        _q("gc_emax", estimated("gc_emax"), "dimensionless", "maximal sustained fall of active osteoblasts",
           f"GC1, chronic inflammatory disease at 8.7 mg/day: LS -1.7 % at 1 year "
           f"({LEMS2016}); the 5-day osteocalcin maximum (0.90, {GODSCHALK}) is larger than "
           f"what a year of bone loss allows", bounds=(0.0, 1.0), upper_open=True),
        _q("gc_ed50", 33.8, "mg/day", "prednisone dose of half the maximal fall",
           f"fitted with the Hill coefficient to the dose response of {GODSCHALK}"),
        _q("gc_hill", 1.47, "dimensionless", "Hill coefficient of the dose response",
           f"fitted with ED50 to the dose response of {GODSCHALK}"),
        _q("gc_opg_gain", 0.53, "dimensionless", "fall of osteoblastic OPG per unit of "
           "suppression (OPG / (1 + gain s))",
           "free OPG -25 % after 4 weeks of 32.5 mg/day, as serum OPG 1.03 -> 0.77 ng/mL "
           "(Sasaki N et al., Nephrol Dial Transplant 2001;16:479, doi:10.1093/ndt/16.3.479, "
           "abstract text); dexamethasone lowers OPG mRNA 70-90 % in osteoblastic cells "
           "(Hofbauer LC et al., Endocrinology 1999;140:4382, PMID 10499489, abstract text)"),
        _a("gc_rankl_gain", 1.0, "dimensionless", "rise of osteoblast-lineage and osteocyte "
           "RANKL per unit of suppression (RANKL x (1 + gain s))",
           "RANKL mRNA rises 2-4 fold with dexamethasone in osteoblastic cells (Hofbauer LC et "
           "al., Endocrinology 1999;140:4382, PMID 10499489, abstract text); in vivo the rise "
           "is taken smaller, 1.6-fold at the largest suppression"),
    ),
    effects=_gc_effects,
    card=ConditionCard(
        name="Glucocorticoid excess (oral glucocorticoid therapy, Cushing's syndrome)",
        mechanism=(
            "A dose-dependent suppression s(dose) = Emax dose^n / (dose^n + ED50^n) sets three "
            "effects: active osteoblasts die faster (apoptosis x 1/(1 - s), so formation and "
            "osteocalcin fall within days), osteoblast-lineage and osteocyte RANKL rise and "
            "osteoblastic OPG falls (RANKL/OPG up: resorption rises). The effects are constant "
            "while the dose is, so the loss is nearly linear: at 7.5 mg/day a man of 72 loses "
            "spine at -0.19, -0.20, -0.18, -0.17 points per quarter against no treatment, "
            "resorption is up only a little: CTX is up 1.5 % at 3 months, waning to 0.7 % at "
            "12, and formation (P1NP) down 5 % throughout, and GC1.early (share of the "
            "1-year loss in the first 6 months, > 50 %) passes at 52 %. The rapid early "
            "loss of the first 3-6 months that clinical series describe (an early "
            "resorption burst, then low turnover from osteoblast suppression) is not in the "
            "model: it would need a transient resorption term with a time course of its "
            "own, not yet sourced here."),
        calibrated_to=(
            "the dose response of osteocalcin (Godschalk & Downs 1988): ED50 and Hill",
            "serum OPG -25 % at 32.5 mg/day (Sasaki 2001): the OPG gain",
            "GC1 (Lems 2016): LS -1.7 % at 1 year on 8.7 mg/day (fitted: Emax); FN -1.3 %, and "
            "18.9 mg/day LS -3.6 %, FN -3.1 % (checks: the model gives FN -1.30, and LS -4.2, "
            "FN -3.2 at 18.9 mg/day, inside the trial's confidence intervals)",
        ),
        reversal=("Formation recovers within days of stopping (osteocalcin returns within "
                  "24 h, Godschalk 1988); bone lost is regained only partly and slowly, by "
                  "remodeling (trabecular LS +5.3 % in 24 weeks after stopping 10 mg/day: Laan "
                  "RF et al., Ann Intern Med 1993;119:963, PMID 8105737)."),
        notes=("Prednisolone is taken as equivalent to prednisone mg for mg.",
               "Lems 2016 found no dose dependence within its groups; the dose dependence here "
               "comes from osteocalcin and from the between-group difference.",
               "This condition acts on bone, and at 5 mg/day or more it also sets the "
               "FRAX-style glucocorticoid risk factor of the fracture readouts: after its onset "
               "(an onset from 0 is after the t = 0 row, whose values are before it; one "
               "before the start is in it) to its offset (the row at the offset, saved before "
               "it as the model's own values are, included), and after the course once 3 "
               "months at such doses "
               "are reached (FRAX's ever use; "
               "osteon.readouts.clinical.condition_factors). The patient's text "
               "('..., glucocorticoids') gives the same factor; both count once. While a "
               "course of 7.5 mg/day or more is in force the factor's hazards are raised by "
               "FRAX's high-dose adjustment (Kanis 2011, Osteoporos Int 22:809: hip +25 % at "
               "50-60 to +10 % at 80-90, major +20 % to +10 %; "
               "osteon.readouts.fracture_data.GC_HIGH_DOSE_ADJUSTMENT); after it ends, the "
               "factor is ever use, unadjusted."),
    ),
)


# --------------------------------------------------------------------- disuse
LEBLANC = ("IM1: 17 weeks of bed rest, LS -3.9 %, FN -3.6 %, trochanter -4.6 % (LeBlanc AD et "
           "al., J Bone Miner Res 1990;5:843, PMID 2239368, abstract text)")


def _loading_effects(level, q):
    return {"loading": level}


def _disuse(cid, aliases, default, note, name, extra_notes=()):
    return Condition(
        id=cid, aliases=aliases,
        severity=Severity("loading", "fraction of habitual", default, 0.0, 1.0, high_open=True,
                          aliases={"%": 0.01, "percent": 0.01, "fraction": 1.0},
                          description="mechanical loading of the skeleton that remains, "
                          "relative to habitual daily loading", default_note=note),
        effects=_loading_effects,
        card=ConditionCard(
            name=name,
            mechanism=("Loading falls below the load the bone is adapted to; the mechanostat "
                       "senses the strain deficit and raises osteocyte sclerostin and "
                       "bone-cell RANKL and lowers OPG: resorption rises within days and "
                       "formation falls with Wnt."),
            calibrated_to=(f"the mechanostat's RANKL gain (osteon calibrate, problem "
                           f"'immobilization') fitted to {LEBLANC}, at bed rest's loading",),
            reversal=("On reloading, bone that is now too weak for its load is strained above "
                      "habitual: the mechanostat turns to formation, and bone is regained at "
                      "the pace of remodeling, slowly and only partly within 6 months (IM1)."),
            notes=extra_notes),
    )


BED_REST_LOADING = 0.226
BED_REST = _disuse("bed_rest", ("bed rest", "bedrest", "head-down tilt bed rest"),
                   BED_REST_LOADING,
                   f"{BED_REST_LOADING:g} of habitual: set with IM1 (LeBlanc 1990) when the "
                   f"condition was written and held since; the calibration fits the "
                   f"mechanostat's gain to IM1 at this loading",
                   "Bed rest",
                   ("The fit to IM1 (mechanostat_rankl_gain) is made in a woman of 60, while "
                    "LeBlanc's volunteers were men (ages not in the abstract). In a man of 35 "
                    "the model loses 1.7 points at the spine in 17 weeks at the shipped gain, "
                    "and no gain in [0.3, 30] reaches -3.9 (the best, 11.7, gives -2.7; the "
                    "bound, 30, -2.9 with the other estimates as shipped): his "
                    "turnover is low and the model's osteoclasts respond sub-linearly to "
                    "RANKL. The gain is an effective one.",))
IMMOBILIZATION = _disuse("immobilization", ("immobilisation", "disuse", "unloading"),
                         BED_REST_LOADING, f"{BED_REST_LOADING:g}, as bed rest",
                         "Immobilization and disuse (any residual loading)")
SPACEFLIGHT = _disuse(
    "spaceflight", ("space flight", "microgravity", "weightlessness"), 0.0,
    "0: no weight-bearing load in microgravity (assumption; exercise countermeasures add "
    "some)", "Spaceflight (microgravity)",
    ("Not calibrated: ISS crews lose 1.2-1.5 %/month at the hip and 0.9 %/month at the spine "
     "(integral vBMD; Lang T et al., J Bone Miner Res 2004;19:1006, PMID 15125798) and regain "
     "half of it within 9 months of return (Sibonga JD et al., Bone 2007;41:973, PMID "
     "17931994): checks only (SF1, SF2).",
     "Checks (osteon validate SF1 SF2): a man of 45 loses 3.7 points at the spine and 2.4 at "
     "the total hip in 6 months (against his course without it), against 5.4 and 8.1: the "
     "spine within the check's tolerance, the hip not; the hip loses less than the spine, not "
     "more; and 32 % of the spine's loss is regained 9 months after return, not 50 %. One "
     "loading input stands for the whole skeleton, and the mechanostat's responses saturate "
     "(no loading loses about 1.3 times what bed rest's 0.226 does).",))


# --------------------------------------------------------------------- hyperparathyroidism
def _phpt_effects(pth_pg_ml, q):
    target = pth_pg_ml / PG_PER_PMOL_PTH
    # autonomous secretion (pmol/hour) that adds (target - normal) to plasma PTH at the PR2010
    # clearance T57 = 100 L/hour; the normal glands are then partly suppressed by calcium
    return {"IPTHinf": max(target - q["phpt_normal_pth"], 0.0) * q["phpt_clearance"]}


PRIMARY_HPT = Condition(
    id="primary_hyperparathyroidism",
    aliases=("primary hyperparathyroidism", "phpt", "parathyroid adenoma",
             "hyperparathyroidism"),
    severity=Severity("PTH", "pg/mL", 106.0, 40.0, 2000.0,
                      aliases={"pg/ml": 1.0, "pmol/l": PG_PER_PMOL_PTH},
                      # labs report intact PTH in pg/mL or pmol/L: a bare 12 is 12 pmol/L
                      also_meant_in=("pmol/L",),
                      description="plasma intact PTH the adenoma would give were the "
                      "normal glands not suppressed: it adds the severity less the normal "
                      "36 pg/mL (3.85 pmol/L); plasma PTH settles 15-25 pg/mL lower (the "
                      "card's notes)",
                      default_note="106 pg/mL, the mean of 10,000 operated patients (Norman J "
                      "et al., Am J Surg 2011, PMID 21134884, abstract text)"),
    parameters=(
        _q("phpt_normal_pth", 3.85, "pmol/L", "plasma PTH without the adenoma",
           "Peterson & Riggs 2010, Bone 46:49, doi:10.1016/j.bone.2009.08.053, Table 1",
           Evidence.PUBLISHED_MODEL),
        _q("phpt_clearance", 100.0, "L/hour", "PTH clearance (T57)",
           "Peterson & Riggs 2010, Bone 46:49, doi:10.1016/j.bone.2009.08.053, Table 1",
           Evidence.PUBLISHED_MODEL),
    ),
    effects=_phpt_effects,
    card=ConditionCard(
        name="Primary hyperparathyroidism",
        mechanism=("Autonomous, continuous PTH secretion (Peterson & Riggs's IPTHinf) not "
                   "suppressed by calcium: osteoblast-lineage RANKL up and OPG down (high "
                   "turnover), calcium up; PTH above the upper reference limit holds a bounded "
                   "share of the cortex open (cortical_pth_space), so cortical-rich sites "
                   "(femoral neck, total hip) lose more than the spine and the loss levels off."),
        calibrated_to=("the site pattern of Silverberg 1989 (distal radius 79 %, femoral neck "
                       "89 %, lumbar spine 95 % of expected, PMID 2763869): the share of the "
                       "cortex PTH holds open (pth_cortical_space_gain, an assumption chosen "
                       "to it)",),
        reversal=("Parathyroidectomy (the offset) stops the autonomous secretion: turnover "
                  "falls, the cortical space refills and bone is regained (LS +8.2 % at 1 year "
                  "and +12.8 % at 4, FN +12.7 % at 4 after surgery, Silverberg SJ et al., J "
                  "Clin Endocrinol Metab 1995;80:729, PMID 7883824; the model, after 5 years "
                  "of disease at the default severity: LS +4.4 % at 1 year, +11.1 % at 4, FN "
                  "+16.2 % at 4, checks PTX.*)."),
        notes=("What the severity means: the adenoma secretes autonomously what would add "
               "(severity - 3.85 pmol/L) to plasma PTH at Peterson & Riggs's clearance, on top "
               "of normal glands secreting as at normal calcium. The higher calcium suppresses "
               "the normal glands, so plasma PTH settles 15-25 pg/mL below the severity: with "
               "the disease established (5 years, a woman of 65) 80 -> 65, 106 -> 88, 150 -> "
               "129, 200 -> 177, 300 -> 276 pg/mL. To reach a measured plasma PTH, give about "
               "20 pg/mL more. (Making the severity the plasma PTH reached would raise the "
               "default disease by a fifth and move the targets below, which were read at "
               "this mapping.)",
               "A patient who has the disease: give its onset before the start ('primary "
               "hyperparathyroidism 150 pg/mL since age 60', '... for the past 5 years'); her "
               "life course runs with it, and she starts with the disease's PTH, calcium, "
               "turnover and cortical space. An onset in the run is a step in a healthy "
               "person: the adenoma's whole secretion starts at once and bone releases calcium "
               "before turnover settles, so plasma calcium overshoots within weeks (default "
               "severity, a woman of 65: 2.95 mmol/L at 30 days; 150 pg/mL: 3.5, a "
               "hypercalcaemic crisis) and bone is lost fast in the first year; a real adenoma "
               "grows over years.",
               "Plasma calcium of the established disease is 2.46-2.56 mmol/L for 80-300 "
               "pg/mL (2.35 without it): upper normal, below the mild disease of patients "
               "followed without surgery, maximum serum calcium 10.7 +- 0.4 mg/dL (2.68 +- "
               "0.10 mmol/L, mean +- SD; Wermers RA et al., Am J Med 1998, doi:10.1016/"
               "S0002-9343(97)00270-2, population cohort of Rochester MN, abstract). "
               "Peterson & Riggs's renal reabsorption saturates in PTH (ReabsPTHeff, "
               "T16 C4/(C4 + T17)), so chronically raised PTH moves the calcium set point "
               "little; not calibrated here.",
               "Followed from diagnosis (5 years of disease assumed before it), the spine and "
               "the femoral neck are stable or rise a little (LS +3.3 %, FN +2.4 % in 6 "
               "years): the space levelled off within the first years and the mechanostat "
               "answers the stiffness the cortex lost by raising trabecular bone. Reported "
               "misses (osteon validate SILVERBERG95 RUBIN KHAN): the spine's 6-year gain is "
               "at the edge of the cohort's 'no change' (0 +- 3); the neck does not lose the "
               "10 +- 3 % (mean +- SEM) Rubin 2008 (PMID 18544625) saw by 15 years; alendronate from "
               "diagnosis refills the space too and overshoots Khan 2004's gains.",
               "pth_cortical_space 0 restores the earlier form, cortical resorption that no "
               "formation answers, growing linearly with the PTH excess: the loss then does "
               "not level off (severe disease, 300 pg/mL, hollows the cortex out within 6 "
               "years) (README, Conditions: cortical space held open by PTH)."),
    ),
)

#: the integrated model's own 25(OH)D (a replete subject): the deficiency gives a factor on it
_SERUM_25OHD_REPLETE = next(p.value for p in endocrine.PARAMETERS if p.name == "serum_25ohd")


def _vitd_effects(level, q):
    # a factor on the subject's own level, so that a replete subject ends at ``level``
    return {"serum_25ohd": level / _SERUM_25OHD_REPLETE}


VITAMIN_D_DEFICIENCY = Condition(
    id="vitamin_d_deficiency",
    aliases=("vitamin d deficiency", "vitamin d insufficiency", "hypovitaminosis d"),
    # a deficiency lies below the replete level the model's subject has (serum_25ohd, 30
    # ng/mL): 'vitamin D deficiency 80 ng/mL' was accepted and raised her 25(OH)D
    severity=Severity("25(OH)D", "ng/mL", 10.0, 0.0, _SERUM_25OHD_REPLETE, low_open=True,
                      high_open=True, aliases={"ng/ml": 1.0, "nmol/l": 0.4},
                      also_meant_in=("nmol/L",),
                      description="serum 25-hydroxyvitamin D, below the replete level",
                      default_note="10 ng/mL (25 nmol/L), deficiency"),
    effects=_vitd_effects,
    card=ConditionCard(
        name="Vitamin D deficiency (secondary hyperparathyroidism)",
        mechanism=("Below the breakpoint, renal calcitriol synthesis (1-alpha-hydroxylase "
                   "production, PR2010's T65) falls in proportion to its substrate 25(OH)D "
                   "(assumption: first order); less gut calcium absorption lowers calcium and "
                   "PTH rises (secondary hyperparathyroidism), raising turnover and cortical "
                   "resorption. The severity is her 25(OH)D, below the replete 30 ng/mL the "
                   "model's subject has; at or above the breakpoint (17.6 ng/mL) calcitriol "
                   "synthesis is not substrate-limited in the model, so an insufficiency of "
                   "20-30 ng/mL has no effect here."),
        calibrated_to=("the breakpoint of the integrated model's vitd_breakpoint (Aloia JF et "
                       "al., Am J Clin Nutr 2006;84:602, PMID 16960175)",),
        reversal="Repletion (the offset) restores calcitriol synthesis; PTH falls within weeks.",
    ),
)

ROTONDI = ("soluble klotho 519 vs 845 pg/mL at eGFR 45 vs controls (Rotondi S et al., Int J "
           "Endocrinol 2015:872193, doi:10.1155/2015/872193, PMID 25873958, abstract text)")


def _ckd_effects(egfr, q):
    fall = (1.0 - q["ckd_klotho_at_45"]) * (q["ckd_normal_gfr"] - egfr) / (q["ckd_normal_gfr"] - 45.0)
    return {"GFR": egfr / q["ckd_normal_gfr"], "klotho": max(1.0 - fall, 0.0)}


CKD = Condition(
    id="chronic_kidney_disease",
    aliases=("chronic kidney disease", "ckd", "renal failure", "kidney disease"),
    severity=Severity("eGFR", "mL/min/1.73m2", 30.0, 5.0, 100.0, high_open=True,
                      aliases={"ml/min": 1.0, "ml/min/1.73m2": 1.0},
                      description="glomerular filtration rate",
                      default_note="30 mL/min/1.73 m2 (stage 3b/4 boundary)", worse="lower"),
    no_offset=("kidney function lost is taken as not regained (recovery and a kidney "
               "transplant are not modelled)"),
    parameters=(
        _q("ckd_normal_gfr", 100.0, "mL/min", "GFR of Peterson & Riggs's healthy adult (above "
           "45: klotho is interpolated between it and eGFR 45)",
           "Peterson & Riggs 2010, Bone 46:49, doi:10.1016/j.bone.2009.08.053, Table 1",
           Evidence.PUBLISHED_MODEL, bounds=(45.0, math.inf), lower_open=True),
        _q("ckd_klotho_at_45", 519.0 / 845.0, "dimensionless", "serum klotho at eGFR 45 "
           "relative to normal (linear in eGFR between, assumption)", ROTONDI,
           Evidence.HUMAN_COHORT),
    ),
    effects=_ckd_effects,
    card=ConditionCard(
        name="Chronic kidney disease (CKD-MBD)",
        mechanism=("GFR falls (PR2010's GFR): phosphate is retained and calcitriol synthesis "
                   "falls, so PTH rises (secondary hyperparathyroidism); klotho falls with "
                   "GFR, which raises vascular phosphate uptake and, beyond the heterozygote's "
                   "deficit (below eGFR about 29), lowers osteoblast progenitors; phosphate "
                   "above 1.4 mmol/L drives vascular calcification."),
        calibrated_to=(f"klotho: {ROTONDI}",),
        reversal=("Kidney function lost is taken as not regained: a course with an offset is "
                  "refused, unless a course no milder follows from it (a progression: '... 45 "
                  "mL/min for 2 years' and '... 20 mL/min from 2 years'). Recovery and a "
                  "kidney transplant are not modelled."),
        notes=("FGF23 is not a state of the model. Its calcitriol arm is there in effect: "
               "Peterson & Riggs 2010 lower 1-alpha-hydroxylase production when phosphate "
               "rises above 1.2 mmol/L (their PhosEffect), which the FGF23 extension of "
               "their model (OpenBoneMin, inst/community/fgf-phos, Riggs MM, ACOP 2020 "
               "poster) describes as standing for FGF23 feedback. Its phosphaturic "
               "arm (a lower renal phosphate threshold) and its rise before PTH in CKD "
               "(Isakova T et al., Kidney Int 2011;79:1370, doi:10.1038/ki.2011.47, abstract) "
               "are not modelled.",
               "Known to lose bone too fast at stage 4 (not calibrated to bone data; checked "
               "against KNOW-CKD, targets KANG.*): over 4 years a man of 54 at stage 4 (eGFR "
               "22) loses 15.0 points more total hip than at stage 2 (eGFR 75), where "
               "KNOW-CKD's men lost 4.0 (1.00 %/year more; Kang DH et al., Clin Kidney J "
               "2024;17:sfae248, doi:10.1093/ckj/sfae248, abstract), a woman 16.5 against 2.9 "
               "(missed); at stage 3B he loses 0.6 against 2.3 and she 1.1 against 1.4 (met). "
               "At stage 4 the calcium arm drives it: calcitriol falls to 0.45 of normal and "
               "Peterson & Riggs's gut calcium absorption to 0.24, while urine calcium stays "
               "at 3.3-3.4 mmol/day (their renal reabsorption keeps the healthy adult's "
               "excretion at any GFR), so bone becomes the calcium source and the cortex "
               "empties. Scaling that excretion with GFR (calcium_excretion_nephron_scaling = "
               "1, off by default) leaves 1.6 and 2.6 points at stage 4, but plasma calcium "
               "rises to 2.45 mmol/L with PTH only 1.3-fold (1.1-fold at stage 3B), against "
               "the secondary hyperparathyroidism at normal calcium of CKD 3-4 (the "
               "parameter's source says where). "
               "A woman of 65 at eGFR 30 loses 4.5 % of her spine and 4.3 % of her total "
               "hip in 2 years, with PTH 89 %, CTX 13 % and P1NP 14 % up, where a CKD 2-5D "
               "cohort lost 1.3 %/year at the total hip (95 % CI 0.6-2.1), cortical bone, "
               "with high PTH and turnover (Nickolas TL et al., J Bone Miner Res "
               "2013;28:1811, doi:10.1002/jbmr.1916, PMID 23456850, abstract) and NephroTest "
               "saw loss at the radius only (Cailleaux PE et al., Kidney Int Rep 2021;6:1525, "
               "PMID 34169193, abstract). The klotho effects on bone cells, sized to the kl/kl "
               "mouse (klotho deficiency), act only beyond the heterozygote's klotho deficit "
               "(klotho_bone_threshold: kl/kl is recessive), reached below eGFR about 29; "
               "applied at any deficit, they made the same woman lose 12 % and 8 % with P1NP "
               "31 % down, and drove the stage-3B excess (4.4 and 7.0 points).",
               "Below about eGFR 20 sustained for years the readouts leave any checked range: "
               "a woman with 'chronic kidney disease 10 since age 60' starts at 70 with plasma "
               "calcium 1.75 mmol/L (warned: severe hypocalcaemia) and a spine BMD of 0.26 "
               "g/cm2 (T -7.2), because the matrix waiting for mineral at low calcium (osteoid "
               "55 % of the young adult's) is read as missing mineral. Do not read BMD, T-scores "
               "or fracture probabilities from such runs. Dialysis, phosphate binders and "
               "active vitamin D therapy are not modelled.",),
    ),
)


# --------------------------------------------------------------------- inflammation
def _inflammation_effects(activity, q):
    return {"inflammation": activity}


def _inflammatory(cid, aliases, name, default_note, notes=()):
    return Condition(
        id=cid, aliases=aliases,
        severity=Severity("activity", "relative to untreated active RA", 1.0, 0.0, 5.0,
                          low_open=True, aliases={"x": 1.0},
                          description="systemic inflammatory activity (IL-6, TNF-alpha)",
                          default_note=default_note),
        effects=_inflammation_effects,
        card=ConditionCard(
            name=name,
            mechanism=("Activated T cells make RANKL (T-cell RANKL x (1 + gain x activity)); "
                       "TNF-alpha and IL-6 suppress RUNX2/BMP-driven osteoblast commitment "
                       "and osteoblastic OPG; the same cytokines drive the osteogenic "
                       "transition of vascular smooth muscle."),
            calibrated_to=("untreated early RA: LS -2.4 vs -0.6 %/year in controls (Gough "
                           "1994, PMID 7912297): the T-cell RANKL gain, fitted in a woman of 60 "
                           "(GOUGH: -1.8 points in a year against the same woman without it); "
                           "the excess loss the model gives grows with age: -0.7 at 40, -0.9 "
                           "at 50, -1.9 at 70 (60 is the age the validation's condition "
                           "scenarios take, not the cohort's)",),
            reversal=("Disease control (the offset) stops the excess loss (Gough 1994; "
                      "infliximab arrests spine and hip loss, Vis M et al., Ann Rheum Dis "
                      "2006;65:1495); bone lost is regained slowly."),
            notes=notes,
        ),
    )


RHEUMATOID_ARTHRITIS = _inflammatory(
    "rheumatoid_arthritis", ("rheumatoid arthritis", "ra"), "Rheumatoid arthritis",
    "1: untreated early active RA (Gough 1994)",
    notes=("This condition acts on bone and also sets the FRAX-style rheumatoid-arthritis risk "
           "factor of the fracture readouts, after its onset (not in the t = 0 row for an "
           "onset from 0) for the rest of the run, after its "
           "offset too (a diagnosis; the offset is disease control); the patient's text "
           "('..., rheumatoid arthritis') gives the same factor; both count once. The "
           "inflammation condition sets no risk factor.",))
INFLAMMATION = _inflammatory(
    "inflammation", ("chronic inflammation", "systemic inflammation", "inflammatory disease"),
    "Chronic systemic inflammation", "1: the activity of untreated early active RA")


# --------------------------------------------------------------------- malignancy
def _myeloma_effects(burden, q):
    return {"rankl_tumor": burden * q["tumor_rankl_production"],
            "osteoblast_commitment_gain": 1.0 - q["myeloma_wnt_suppression"] * burden,
            "osteoblast_opg_gain": 1.0 - q["myeloma_opg_suppression"] * burden}


_BURDEN = dict(unit="fraction of full tumor burden", low=0.0, high=1.0, low_open=True,
               aliases={"%": 0.01, "fraction": 1.0})
MYELOMA = Condition(
    id="multiple_myeloma",
    aliases=("multiple myeloma", "myeloma", "myeloma bone disease"),
    severity=Severity("burden", default=1.0, description="tumor burden in the marrow",
                      default_note="1: active myeloma with lytic disease (scale assumed)",
                      **_BURDEN),
    parameters=(
        _a("tumor_rankl_production", _RANKL_PRODUCTION_YOUNG, "pM/day", "RANKL made by the "
           "tumor and the stroma it induces at full burden",
           "equal to the young adult's whole RANKL production; myeloma raises the sRANKL/OPG "
           "ratio (Terpos E et al., Blood 2003;102:1064, PMID 12689925) but no production "
           "rate is measured"),
        _a("myeloma_wnt_suppression", 0.5, "dimensionless", "fall of osteoblast commitment "
           "at full burden (DKK1 blocks Wnt)",
           "myeloma cells make DKK1, which blocks osteoblast differentiation (Tian E et al., N "
           "Engl J Med 2003;349:2483); the size is chosen", bounds=(0.0, 1.0)),
        _a("myeloma_opg_suppression", 0.5, "dimensionless", "fall of osteoblastic OPG at full "
           "burden", "DKK1 abolishes Wnt-induced OPG (Qiang YW et al., Blood 2008;112:196); "
           "myeloma lowers marrow OPG (Sezer O et al., Blood 2003;101:2094, review); size "
           "chosen", bounds=(0.0, 1.0)),
    ),
    effects=_myeloma_effects,
    card=ConditionCard(
        name="Multiple myeloma bone disease",
        mechanism=("Tumor and stromal RANKL up, OPG down and Wnt blocked by DKK1: resorption "
                   "rises while formation falls - uncoupled, unlike most high-turnover "
                   "states."),
        calibrated_to=("not calibrated: direction checks only (CTX up, P1NP down, BMD down)",),
        reversal=("Effective treatment (the offset) removes tumor RANKL and DKK1; formation "
                  "recovers (anti-DKK1 raised BMD in myelomatous bone: Yaccoby S et al., "
                  "Blood 2007;109:2106)."),
        malignancy=True,
    ),
)


def _metastasis_effects(burden, q):
    return {"bone_rankl_gain": 1.0 + q["pthrp_rankl_gain"] * burden}


BONE_METASTASES = Condition(
    id="bone_metastases",
    aliases=("bone metastases", "osteolytic metastases", "osteolytic bone metastases",
             "malignancy"),
    severity=Severity("burden", default=1.0, description="osteolytic tumor burden",
                      default_note="1: extensive osteolytic disease (scale assumed)", **_BURDEN),
    parameters=(_a("pthrp_rankl_gain", 2.0, "dimensionless", "rise of osteoblast-lineage and "
                   "osteocyte RANKL at full burden (tumor PTHrP acts as PTH)",
                   "the vicious cycle of osteolytic metastasis (Guise TA, review); size "
                   "chosen"),),
    effects=_metastasis_effects,
    card=ConditionCard(
        name="Osteolytic bone metastases",
        mechanism=("Tumor PTHrP raises RANKL on osteoblast-lineage cells and osteocytes; "
                   "resorption rises, formation follows through coupling."),
        calibrated_to=("not calibrated: direction checks only",),
        reversal="Treatment of the tumor (the offset) removes the PTHrP drive.",
        notes=("The TGF-beta feedback from resorbed matrix to tumor growth is not modelled.",),
        malignancy=True,
    ),
)


# --------------------------------------------------------------------- klotho, OPG
def _klotho_effects(level, q):
    return {"klotho": level}


KLOTHO_DEFICIENCY = Condition(
    id="klotho_deficiency",
    aliases=("klotho deficiency", "klotho", "kl/kl", "klotho loss"),
    severity=Severity("klotho", "fraction of normal", 0.0, 0.0, 1.0, high_open=True,
                      aliases={"%": 0.01, "fraction": 1.0},
                      description="alpha-klotho that remains",
                      default_note="0: the kl/kl mouse"),
    effects=_klotho_effects,
    card=ConditionCard(
        name="Klotho deficiency (the kl/kl phenotype, AN1)",
        mechanism=("Fewer osteoblast progenitors and less osteoblast activity, less "
                   "osteoclastogenesis from the marrow side, OPG up about 2-fold: low-turnover "
                   "osteopenia where formation falls more than resorption; without klotho, "
                   "vascular smooth muscle takes up more phosphate and turns osteogenic."),
        calibrated_to=("AN1 (Kawaguchi 1999, PMID 10430604): direction and ranking only",),
        reversal="Klotho restored (the offset) lifts the effects; mineral in vessels stays.",
        notes=("The metaphyseal osteosclerosis of kl/kl mice (BV/TV about 4-fold, "
               "Yamashita 2002) is not reproduced: the model has no growth plate.",
               "The 2-fold OPG is per osteoblast (klotho_opg_effect); serum OPG also follows "
               "the osteoblasts, which fall: against an untreated control it is about 80 % "
               "higher just after the onset (the doubling on the osteoblasts there: +79 % in "
               "a woman of 40, +82 % at 60), above it for 2 to 4 weeks, and in a woman of 40 "
               "or 50 lower from about the fourth week (-10 to -11.5 % from 6 weeks to 9 "
               "months; at 1 year -10 % at 40, -9 % at 50; -7 % and -2 % at 2 years); higher "
               "later only from about 60 (at 60: -5 % at 6 weeks, +5 % at 1 year, +19 % at 2 "
               "years; +23 % at 70, at 2 years; AN1.opg is read at 60)."),
    ),
)


def _opg_deficiency_effects(residual, q):
    return {"osteoblast_opg_gain": residual, "vascular_opg_gain": residual}


OPG_DEFICIENCY = Condition(
    id="opg_deficiency",
    aliases=("opg deficiency", "opg loss", "opg knockout", "juvenile paget disease",
             "osteoprotegerin deficiency"),
    severity=Severity("OPG", "fraction of normal", 0.02, 0.0, 1.0, low_open=True,
                      high_open=True, aliases={"%": 0.01, "fraction": 1.0},
                      description="OPG production that remains (bone and vessels)",
                      default_note="0.02: OPG undetectable in serum (Whyte MP et al., N Engl J "
                      "Med 2002;347:175, doi:10.1056/NEJMoa013096); exactly 0 would leave the "
                      "RANKL/OPG ratio undefined"),
    effects=_opg_deficiency_effects,
    card=ConditionCard(
        name="OPG deficiency (AN2)",
        mechanism=("No decoy for RANKL: osteoclastogenesis and resorption run high, formation "
                   "follows (high turnover), bone is lost, cortical porosity rises; in the "
                   "vessel wall RANKL drives the osteogenic transition of smooth muscle: "
                   "medial calcification."),
        calibrated_to=("AN2 (Bucay 1998, PMID 9573043): direction only",),
        reversal=("OPG restored (the offset) stops further loss and calcification; vascular "
                  "mineral already laid down stays (Min H et al., J Exp Med 2000;192:463)."),
    ),
)


def _opg_excess_effects(fold, q):
    return {"opg_exogenous": (fold - 1.0) * q["opg_production_young"]}


OPG_EXCESS = Condition(
    id="opg_excess",
    aliases=("opg excess", "opg overexpression", "osteoprotegerin excess"),
    severity=Severity("OPG", "fold of normal production", 3.0, 1.0, 1000.0, low_open=True,
                      aliases={"x": 1.0, "fold": 1.0},
                      description="OPG production relative to normal",
                      default_note="3-fold (illustrative; Simonet 1997 gives no human scale)"),
    parameters=(_q("opg_production_young", _OPG_PRODUCTION_YOUNG, "pM/day", "the young adult's "
                   "total OPG production",
                   "Pivonka 2008, Bone 43:249, doi:10.1016/j.bone.2008.03.025, Table 2 "
                   "(steady state of the authors' parameter set)", Evidence.PUBLISHED_MODEL),),
    effects=_opg_excess_effects,
    card=ConditionCard(
        name="OPG excess (AN3)",
        mechanism=("More decoy for RANKL: osteoclastogenesis falls, resorption falls, bone is "
                   "gained (osteopetrosis in OPG-transgenic mice); at a large enough excess "
                   "estrogen-deficiency loss is prevented: in the model from about 30-fold "
                   "(surgical menopause at 45: LS -6.3 % in 2 years at the default 3-fold, "
                   "-0.1 % at 30-fold, +2.5 % at 260-fold)."),
        calibrated_to=("AN3 (Simonet WS et al., Cell 1997;89:309): direction only, read at the "
                       "transgenic animals' scale (serum OPG up to 260-fold in OPG-transgenic "
                       "rats: Ominsky MS et al., J Bone Miner Res 2009;24(7):1234-1246, "
                       "abstract)",),
        reversal="OPG back to normal (the offset): turnover returns, with a rebound.",
    ),
)


# --------------------------------------------------------------------- senescence
def _sasp_effects(extra, q):
    return {"sasp_extra": extra}


SENESCENCE = Condition(
    id="senescent_cell_burden",
    aliases=("senescent cell burden", "senescence", "senescent burden", "systemic sasp",
             "sasp"),
    severity=Severity("extra SASP", "systemic SASP index units", 2.0, 0.0, 50.0, low_open=True,
                      description="systemic SASP of non-skeletal senescent cells beyond aging",
                      default_note="2: about what aging adds from 25 to 55 years"),
    effects=_sasp_effects,
    card=ConditionCard(
        name="Senescent-cell burden (systemic SASP)",
        mechanism=("Non-skeletal senescent cells add systemic SASP: T-cell RANKL and osteoclast "
                   "precursor supply rise, stromal progenitor supply falls, and SASP propagates "
                   "senescence to osteocytes (their bone SASP raises RANKL and lowers "
                   "formation); vascular osteogenic drive rises."),
        calibrated_to=("not calibrated; the systemic SASP gains are those of aging (NH5)",),
        reversal=("Clearance of the senescent cells (the offset) removes the extra SASP; "
                  "senescent osteocytes clear at their own rate."),
    ),
)


# --------------------------------------------------------------------- estrogen
def _surgical_effects(_, q):
    return {"ovarian_function": 0.0}


SURGICAL_MENOPAUSE = Condition(
    id="surgical_menopause",
    aliases=("surgical menopause", "oophorectomy", "bilateral oophorectomy",
             "ovarian suppression", "gnrh agonist"),
    severity=None,
    effects=_surgical_effects,
    not_for_men=("it removes the ovarian part of estradiol, which a man does not have (the model's "
                 "ovarian_function acts on women's estradiol only)"),
    card=ConditionCard(
        name="Surgical menopause and ovarian suppression (women)",
        mechanism=("The ovarian part of estradiol is removed at once (no perimenopausal "
                   "transition); what remains is the extra-ovarian (aromatase) estradiol of a "
                   "postmenopausal woman. In a woman past natural menopause it changes "
                   "nothing."),
        calibrated_to=("no fit: the estrogen effects are those of natural menopause (NH1/NH3); "
                       "checked against the early LS loss after oophorectomy, 3.7-7.9 %/year "
                       "(Pansini F et al., Menopause 1995;2:109)",),
        reversal="Ovarian function resumed (the offset, e.g. GnRH agonist stopped).",
    ),
)

GEISLER = ("plasma estradiol suppressed 84.9 % by anastrozole 1 mg and 87.8 % by letrozole "
           "2.5 mg (Geisler J et al., J Clin Oncol 2002;20:751, PMID 11821457, abstract text)")


BURNETT_BOWIE = ("Burnett-Bowie SA et al., J Clin Endocrinol Metab 2009;94:4785, "
                 "doi:10.1210/jc.2009-0739, PMID 19820017, abstract: 69 men aged 60+ with low "
                 "testosterone, anastrozole 1 mg daily for 1 year")


EASTELL2008 = ("Eastell R et al., J Clin Oncol 2008;26:1051, doi:10.1200/JCO.2007.11.0726, PMID "
               "18309940, abstract: ATAC bone substudy, median BMD change from baseline to 5 "
               "years on anastrozole 1 mg/day, lumbar spine -6.08 %, total hip -7.24 %")


def _ai_effects(suppression, q):
    # the share of the plasma-estradiol fall that the model's estrogen signaling takes
    return {"aromatase_activity": 1.0 - q["ai_estrogen_signal_share"] * suppression / 100.0}


AROMATASE_INHIBITOR = Condition(
    id="aromatase_inhibitor",
    aliases=("aromatase inhibitor", "aromatase inhibitors", "aromatase inhibitor therapy",
             "anastrozole", "letrozole"),
    severity=Severity("estradiol suppression", "%", 84.9, 0.0, 100.0, low_open=True,
                      high_open=True, aliases={"%": 1.0, "percent": 1.0},
                      description="suppression of extra-ovarian estradiol",
                      default_note=f"84.9 %, anastrozole: {GEISLER}"),
    parameters=(
        _q("ai_estrogen_signal_share", estimated("ai_estrogen_signal_share"), "dimensionless",
           "share of the aromatase inhibitor's fall of plasma estradiol that the model's "
           "estrogen signaling in bone takes (aromatase_activity = 1 - share x suppression)",
           f"fitted to ATAC's 5-year lumbar-spine loss on anastrozole (ATAC.ls_5y; "
           f"{EASTELL2008}). The model's estrogen actions are power laws of estradiol fitted "
           f"over the menopause's fall (1 to about 0.2 of the young level); taken on to the "
           f"85 % fall of the remaining estradiol under an inhibitor ({GEISLER}) they lost "
           f"28 % of the spine in 5 years, 4.7 times ATAC's. The share stands in for the "
           f"saturation of estrogen's actions at very low levels that the power laws lack "
           f"(an assumption about the cause)", bounds=(0.0, 1.0), lower_open=True),
    ),
    effects=_ai_effects,
    not_for_men=("aromatase inhibition is not modelled for men: the condition lowers the "
                 "extra-ovarian part of a woman's estradiol (aromatase_activity acts on women "
                 "only); in men anastrozole 1 mg/day lowers estradiol only by about a fifth "
                 "(15 to 12 pg/mL) while raising testosterone (319 to 524 ng/dL), which the "
                 f"model does not have ({BURNETT_BOWIE})"),
    card=ConditionCard(
        name="Aromatase inhibitor therapy (estrogen deprivation beyond menopause)",
        mechanism=("Aromatization is blocked: the extra-ovarian estradiol that remains after "
                   "menopause falls by the given percentage."),
        calibrated_to=(f"the suppression: {GEISLER}",
                       f"the share of it that bone's estrogen signaling takes "
                       f"(ai_estrogen_signal_share): ATAC's lumbar spine at 5 years "
                       f"({EASTELL2008}); the total hip at 5 years, the spine at 2 years and "
                       f"the two years after stopping are checks (ATAC targets)"),
        reversal=("Stopping (the offset) restores estradiol; LS is partly regained (+2.35 % "
                  "and +4.0 % 1 and 2 years after anastrozole: Eastell R et al., Ann Oncol "
                  "2011;22:857)."),
        notes=("Letrozole: give 87.8 %.",
               "Women only: in men the drug lowers estradiol by about a fifth and raises "
               f"testosterone ({BURNETT_BOWIE}); the model has no testosterone and its "
               "aromatase input acts on women only, so a man's run with it is refused."),
    ),
)


# --------------------------------------------------------------------- vitamin K / MGP
def _mgp_effects(level, q):
    return {"mgp_activity": level}


VITAMIN_K_DEFICIENCY = Condition(
    id="vitamin_k_deficiency",
    aliases=("vitamin k deficiency", "vitamin k antagonist", "warfarin", "mgp deficiency"),
    severity=Severity("carboxylated MGP", "fraction of normal", 0.5, 0.0, 1.0, high_open=True,
                      aliases={"%": 0.01, "fraction": 1.0},
                      description="vitamin K-dependent carboxylated matrix Gla protein",
                      default_note="0.5 (illustrative)"),
    effects=_mgp_effects,
    card=ConditionCard(
        name="Vitamin K deficiency or antagonism (matrix Gla protein)",
        mechanism=("Less carboxylated MGP, the local inhibitor of mineral growth in the "
                   "vessel wall: osteogenic smooth muscle lays down mineral faster. Bone is "
                   "not affected in this model."),
        calibrated_to=("not calibrated: MGP-null mice die of arterial calcification (Luo G "
                       "et al., Nature 1997;386:78, PMID 9052783): direction only",),
        reversal="Vitamin K restored (the offset): growth slows; mineral stays.",
    ),
)


CONDITIONS: tuple[Condition, ...] = (
    GLUCOCORTICOIDS, BED_REST, IMMOBILIZATION, SPACEFLIGHT, PRIMARY_HPT, VITAMIN_D_DEFICIENCY,
    CKD, RHEUMATOID_ARTHRITIS, INFLAMMATION, MYELOMA, BONE_METASTASES, KLOTHO_DEFICIENCY,
    OPG_DEFICIENCY, OPG_EXCESS, SENESCENCE, SURGICAL_MENOPAUSE, AROMATASE_INHIBITOR,
    VITAMIN_K_DEFICIENCY,
)

