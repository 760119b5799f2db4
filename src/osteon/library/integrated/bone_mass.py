"""Bone mass by compartment, the mechanostat, areal BMD by site and turnover markers.

States
    bone_trabecular   trabecular bone volume relative to the young adult (1 = young adult)
    bone_cortical     cortical bone (matrix) volume relative to the young adult
    cortical_pth_space  cortical space PTH excess holds open (resorbed, not refilled while the
                      excess lasts), relative to the young adult's cortex

Both compartments are remodeled by the same cell activity: resorption R = OCa / OCa_ref and
formation F = OBa / OBa_ref, relative to the subject's own baseline. A compartment's turnover
rate sets how fast an imbalance F - R changes it, so trabecular bone (high surface-to-volume)
changes first and fastest::

    d bone_trabecular / dt = rho_trab * bone_trabecular * (F - R)            surface ~ volume
    d bone_cortical   / dt = rho_cort * bone_cortical * (porosity / porosity_young)^k * (F - R)
                                                            (pores add surface, matrix carries it)
                          - d cortical_pth_space / dt

PTH above the upper reference limit thins the cortex. By default it adds cortical resorption
that no formation answers, R (1 + g x) (x the relative excess over the limit), a loss that does
not level off. With ``pth_cortical_space`` 1 it instead holds a share s = g' x / (1 + g' x /
s_max) of the cortex open (s_max = half the cortex): the space opens at resorption's pace and
is refilled at formation's, so the cortex of hyperparathyroidism thins to a new porosity and
levels off there, and regains it when the excess ends (:func:`pth_space_rate`).

Secondary mineralization
    mineral_trabecular, mineral_cortical   mean mineral density of each compartment's matrix
                      relative to the young adult's steady mean (1 = young adult)

Newly formed matrix takes most of its mineral within weeks (primary mineralization, the
osteoid's lag) and the rest over years (secondary). Resorption is taken as blind to the age of
the tissue, so it removes matrix at the compartment's mean density and leaves the mean alone;
formation adds matrix at the primary level m_new; every packet approaches the maximum m_max at
the rate kappa::

    dm/dt = (formation per unit of the compartment's matrix) (m_new - m) + kappa (m_max - m)

with m_new = f m_max (f = ``primary_mineral_fraction``) and m_max = (r0 + kappa) / (f r0 +
kappa), r0 the compartment's young turnover, so that the young adult sits at m = 1 exactly.
Lower turnover (an antiresorptive) leaves the matrix longer to mineralize and raises m, most in
trabecular bone, whose young mean lies furthest below its maximum; higher turnover (menopause)
lowers it. ``secondary_mineralization`` 0, the default, holds m at 1 (the model before the
mechanism): with it on, the refitted model met fewer validation targets (README).

Mechanostat: bone stiffness ~ bone^2, strain = loading / stiffness; a strain below habitual
(unloading, or less load than the bone was built for) raises bone-cell RANKL and sclerostin and
lowers OPG. Areal BMD at a site = young-adult mean x (trabecular share x bone_trabecular x
mineral_trabecular + (1 - share) x bone_cortical x mineral_cortical) (x the osteoid's missing
mineral when the calcium mass balance is on), so a healthy young adult sits at the young-adult mean of the
subject's sex (parameter ``female``: the NHANES III women's reference for women, the men's level
of densitometry.YOUNG_ADULT_MEAN_MALE for men, 4-10 % higher at the hip). T-scores of both sexes
are read against the women's reference (ISCD).
Markers are proportional to whole-skeleton resorption (CTX) and formation (P1NP) and to active
osteoblasts (BSAP), scaled to the premenopausal reference interval's centre.

The proximal femur's trabecular bone
    femoral_trabecular_ratio   the hip's trabecular bone relative to the skeleton's trabecular
                      compartment (1 = the same relative volume)

The total hip's and femoral neck's trabecular part is bone_trabecular x this ratio. It receives
the share ``hip_anabolic_response`` of the formation the PTH-receptor signal drives; below 1,
daily teriparatide builds less trabecular bone at the hip than in the spine (McClung 2005, QCT
at 18 months: femoral neck +4.9 %, spine +19.0 %), while everything else (aging, disease,
antiresorptives, the Wnt a sclerostin antibody frees) changes both alike, and the skeleton's
markers and calcium read the whole compartment (:func:`femoral_trabecular_rate`). The share is
1 by default (the ratio stays 1: one trabecular compartment for every site): fitted to the
QCT, the hip's areal gains on PTH-receptor agonists fell short of the trials' (README).

Bone laid on the periosteum (modeling-based formation)
    cortical_periosteal   cortical bone the PTH-receptor signal laid on the periosteum,
                      relative to the young adult's cortex (0 without the signal)

Remodeling refills what it resorbs on the envelopes inside the bone; teriparatide also builds
bone by modeling, on surfaces not resorbed first (Lindsay 2006, iliac biopsies), and its areal
hip gain is more than its compartments' density gains give (McClung 2005), as bone size would.
Here (an assumption) the signal lays cortical bone on the periosteum at the rate k a (k
``periosteal_anabolic_rate`` per year, a = 1 - 1/drive the share of formation it drives),
which then changes with the cortex's relative rate (remodeled with it)::

    d cortical_periosteal / dt = k a / 365.25 + cortical_periosteal x (d bone_cortical/dt) /
                                 bone_cortical

Every site's cortical part reads bone_cortical + cortical_periosteal; its matrix is osteoid
first (calcium_apposed) and counts in P1NP and the formation rate. The porosity, the
remodeling surfaces and the mechanostat's stiffness read the remodeled matrix alone (an
assumption: bone size is not fed back). k is 0 by default (the model before the mechanism):
above 0, with the anabolic gain solved again to Neer's spine, McClung's areal spine fell further
short and Neer's neck overshot (README).

Tissue quality (the part of bone strength areal BMD does not see)
    tissue_fragility  log relative fracture hazard carried by the bone tissue itself (0 = the
                      young adult's tissue)

Bone formed now carries the quality of the conditions it is formed under; remodeling replaces
old tissue with new at the whole-skeleton renewal rate r (formation per unit of bone present)::

    d tissue_fragility / dt = r * (new_bone_fragility - tissue_fragility)

``new_bone_fragility`` is a pharmacological input (0 without drugs): fluoride makes brittle,
fluorapatite-rich woven bone (positive). The clinical layer multiplies fracture hazards by
``tissue_fracture_rr = exp(tissue_fragility) x anabolic_fracture_rr``: the density-quality
dissociation.

Architecture of anabolic bone (issue 6: anabolic agents lower risk more than their BMD gain
predicts)
    anabolic_trabecular, anabolic_cortical   bone built by the anabolic signals (PTH-receptor
                      commitment of PTH peaks, Wnt freed by sclerostin blockade) and not yet
                      remodeled, relative to the young adult's compartment

A compartment's anabolic bone grows at the share of its formation the signals drive (1 - 1/drive),
as far as the compartment gains bone, and is renewed away with the compartment. Its lumbar-spine
BMD, dZ in SD, carries ``anabolic_fracture_rr = 2.3^(-gamma dZ)`` with gamma = (1 - s)/s: so the
BMD of that bone accounts for the share s (``anabolic_bmd_share``, 0.35: 30-41 % for teriparatide,
Chen 2006) of its fracture benefit and its architecture for the rest.
"""

from __future__ import annotations

import math

from osteon.library.integrated._common import YEAR, assumption, fitted, handset, param
from osteon.model.estimates import estimated
from osteon.model.parameter import Evidence
from osteon.readouts.densitometry import REFERENCE, young_adult_mean
from osteon.readouts.fracture_data import GR_VERTEBRAL_LS
from osteon.readouts.markers import premenopausal_centre

RIGGS2008 = "Riggs BL et al., J Bone Miner Res 2008;23:205, doi:10.1359/jbmr.071020, PMID 17937534"
FUCHS2008 = ("Fuchs RK et al., In situ examination of the time-course for secondary mineralization "
             "of Haversian bone using synchrotron FTIR microspectroscopy, Matrix Biol 2008;27:34")
PARFITT = ("Parfitt AM, Bone 2002;30:807, doi:10.1016/S8756-3282(02)00735-4, PMID 12052445")

BMD_SITES = ("lumbar_spine", "total_hip", "femoral_neck")

PARAMETERS = (
    assumption("turnover_trabecular", 0.25, "1/year", "fraction of trabecular bone remodeled per "
               "year in the young adult",
               f"the commonly quoted cancellous turnover of about 25 %/y (discussed in {PARFITT}, "
               "text); not read from a primary table", lower_open=True),
    assumption("turnover_cortical", 0.03, "1/year", "fraction of cortical bone remodeled per "
               "year in the young adult",
               f"the commonly quoted cortical turnover of about 3 %/y (discussed in {PARFITT}, "
               "text); not read from a primary table", lower_open=True),
    assumption("skeletal_fraction_trabecular", 0.2, "dimensionless", "trabecular share of "
               "skeletal mass (weights whole-skeleton turnover markers)",
               "about 80 % of the skeleton is cortical (Zebaze RM et al., Lancet "
               "2010;375:1729, doi:10.1016/S0140-6736(10)60320-0, PMID 20472174, text)",
               bounds=(0.0, 1.0)),
    assumption("porosity_young", 0.05, "dimensionless", "cortical porosity in the young adult",
               "young-adult cortical porosity of a few percent (Zebaze 2010, PMID 20472174, "
               "text); the value sets how quickly porosity-driven loss accelerates",
               bounds=(0.0, 1.0), lower_open=True, upper_open=True),
    assumption("porosity_surface_exponent", 0.5, "dimensionless", "exponent of the intracortical "
               "surface (and so cortical turnover) on porosity relative to the young adult",
               "porosity-driven acceleration of cortical loss (Zebaze 2010, PMID 20472174, "
               "text); a sub-linear exponent keeps whole-skeleton turnover in the elderly within "
               "about twice the young adult's"),
    assumption("trabecular_share_lumbar_spine", 0.5, "dimensionless", "trabecular share of "
               "AP lumbar spine aBMD (vertebral bodies are mostly trabecular, posterior "
               "elements cortical)",
               "no primary measurement of the DXA-site split was found; the commonly quoted "
               "values are 50-66 %", bounds=(0.0, 1.0)),
    fitted("trabecular_share_total_hip", estimated("trabecular_share_total_hip"),
           "dimensionless", "trabecular share of total hip aBMD (estimated: no primary "
           "measurement of the DXA region's split was found; the neck is about one third "
           "trabecular, the trochanter about half, the intertrochanteric region, the largest "
           "part of the region, mostly cortical; it was 0.4, an assumption, before it was fitted)",
           "FREEDOM's total-hip gain on denosumab at 36 months (DM3.th_36mo: +5.0 %, Austin M et "
           "al., J Bone Miner Res 2012;27:687, PMID 22095631, abstract text)", bounds=(0.0, 1.0)),
    param("trabecular_share_femoral_neck", 0.33, "dimensionless", "trabecular share of femoral "
          "neck aBMD", "QCT of 20 cadaver femoral necks, Invest Radiol 1997;32:83, "
          "doi:10.1097/00004424-199702000-00002, PMID 9039579, text (33 % trabecular at the "
          "narrowest section)", Evidence.HUMAN_COHORT, bounds=(0.0, 1.0)),
    assumption("stiffness_exponent", 2.0, "dimensionless", "exponent of bone stiffness on bone "
               "volume (stiffness ~ volume^n)",
               "power-law density-modulus relation of trabecular bone (Carter DR, Hayes WC, J "
               "Bone Joint Surg Am 1977;59:954, PMID 925003: exponent 2-3); the lower end chosen"),
    param("osteocyte_density", 1.0, "dimensionless", "osteocyte signaling (sclerostin, "
          "RANKL, SASP) per unit of bone relative to the young adult's (set for a patient so "
          "that the given BMD starts with the osteocyte signaling the model's bone of that age "
          "has)", "assumption: individualization input; 1 for the model's own subject: a "
          "person's bone mass is the one her own cells regulate, so a lower BMD alone does not "
          "lower her osteocytes' output and pull her bone back up", Evidence.ASSUMPTION,
          lower_open=True),
    param("habitual_load", 1.0, "dimensionless", "the load the subject's bone is adapted to, "
          "relative to the young adult (set for a patient so that the given BMD is in "
          "mechanical balance)", "assumption: individualization input; 1 for the young adult",
          Evidence.ASSUMPTION, lower_open=True),
    assumption("strain_trabecular_weight", 0.5, "dimensionless", "weight of the trabecular "
               "compartment in the strain the osteocyte network senses",
               "the mechanostat senses strain where remodeling happens; an equal weight chosen",
               bounds=(0.0, 1.0)),
    fitted("mechanostat_rankl_gain", estimated("mechanostat_rankl_gain"),
           "dimensionless", "log-gain of bone-cell RANKL on the "
           "strain deficit (RANKL x exp(gain x (1 - strain)))",
           "bed rest loses about 1 %/month at spine and hip (LeBlanc AD et al., J Bone Miner Res "
           "1990;5:843, doi:10.1002/jbmr.5650050807, PMID 2239368, text)"),
    handset("mechanostat_opg_gain", 0.5, "dimensionless", "log-gain of OPG on the strain excess "
           "(OPG x exp(-gain x (1 - strain)))",
           "loading raises OPG and lowers RANKL in osteocytes and osteoblasts; magnitude set "
           "with bed-rest loss (LeBlanc 1990, PMID 2239368, text)"),
    assumption("mineralization_lag_time", 20.0, "day", "mean time newly formed matrix "
               "(osteoid) waits for its mineral (primary mineralization; the calcium mass "
               "balance reads it)", "the commonly quoted iliac mineralization lag time of "
               "healthy adults, about 20 days (osteoid seams about 10 um wide at a mineral "
               "apposition rate near 0.6 um/day; not read from a primary table here)",
               lower_open=True),
    assumption("mineralization_calcium_exponent", 6.0, "dimensionless", "exponent of plasma "
               "calcium (relative to 2.35 mmol/L) on the mineralization of osteoid",
               "mineralization needs the calcium-phosphate product, and hypocalcemia leaves "
               "osteoid unmineralized (osteomalacia); the steepness is not measured: 6 chosen "
               "(with the calcium mass balance on, denosumab alone at 72 draws plasma calcium "
               "to 1.55, 1.84 and 1.96 mmol/L at exponents 0, 3 and 6)"),
    assumption("osteoid_ref", 100.0, "mmol", "osteoid calcium of the young adult (set at "
               "pre-equilibration); BMD reads the osteoid beyond it as missing mineral when "
               "the calcium mass balance is on", "bone mineral density is the young adult's "
               "at the young adult's steady state", lower_open=True),
    param("anabolic_bmd_share", 0.35, "dimensionless", "share of an anabolic drug's vertebral "
          "fracture risk reduction that its lumbar-spine BMD gain accounts for (the rest is "
          "the architecture of the bone the anabolic signals build: thicker, better connected "
          "trabeculae and cortices)",
          "teriparatide's spine BMD increase accounted for 30-41 % of its vertebral fracture "
          "risk reduction in the Fracture Prevention Trial (Chen P et al., J Bone Miner Res "
          "2006, doi:10.1359/jbmr.060802, PMID 17002571, abstract text); the middle of that "
          "range. Assumptions: the same share for every anabolic signal (PTH-receptor and Wnt) and "
          "every outcome, and the rest carried by the bone those signals built until "
          "remodeling replaces it", Evidence.HUMAN_COHORT, bounds=(0.0, 1.0), lower_open=True),
    param("hip_anabolic_response", 1.0, "dimensionless", "share of the formation the "
          "PTH-receptor signal drives (its commitment of stromal cells to osteoblasts) that the "
          "proximal femur's trabecular bone receives (1, the default: as much as the spine's, "
          "so one trabecular compartment serves every site; the skeleton's trabecular "
          "compartment, the markers and the calcium balance read all of it in any case)",
          "assumption: 1 by default. With 1, teriparatide 20 ug/d's femoral-neck trabecular "
          "bone gains +18.7 % in 18 months (at 65), as the spine's, where McClung 2005 "
          "measured +4.9 % by QCT (spine +19.0 %; McClung MR et al., Arch Intern Med "
          "2005;165:1762, PMID 16087825, abstract text). Fitted by osteon calibrate (2 starts) "
          "to that reading and Neer's 21-month neck (PT2.fn, Neer RM et al., N Engl J Med "
          "2001;344:1434, PMID 11346808) it was 0.46: both met, with Keaveny 2012's "
          "proximal-femur trabecular reading and DATA's 24-month neck, but the hip's areal "
          "gains on PTH-receptor agonists then fell short (McClung's own neck, +0.6 vs +3.9 %; "
          "Neer's 40 ug neck, ACTIVE's total hip and teriparatide's FNIH fracture surrogate "
          "were lost): areal gains at the hip hold bone size (periosteal apposition), which "
          "periosteal_anabolic_rate (0 by default) did not supply either, so the share ships "
          "at 1 (README, Published results missed). "
          "Assumptions with it below 1: one share for both hip regions and both PTH-receptor "
          "agonists; the Wnt a sclerostin antibody frees reaches the hip in full",
          Evidence.ASSUMPTION, bounds=(0.0, 1.0)),
    param("periosteal_anabolic_rate", 0.0, "1/year", "cortical bone the PTH-receptor signal "
          "lays on the periosteal surface per year (bone size, added to the cortex the "
          "remodeling envelopes carry), relative to the young adult's cortex, per unit of the "
          "share of formation the signal drives (1 - 1/commitment gain)",
          "assumption: 0 by default (no modeling-based formation: the model before the "
          "mechanism). Teriparatide builds bone by modeling (on surfaces not resorbed "
          "first) as well as by remodeling (Lindsay R et al., J Bone Miner Res 2006;21:366, "
          "doi:10.1359/jbmr.051109, abstract text: one month of it initiated modeling-based "
          "formation in iliac biopsies) and its areal hip gain is more than its "
          "compartments' density gains give: McClung 2005 (PMID 16087825) "
          "measured femoral-neck QCT trabecular +4.9 % and cortical -1.2 % against an areal "
          "+3.9 %. Above 0 it does not help the validation: with the anabolic gain solved "
          "again to Neer's spine (PT2.ls +9 points) and the hip's share at 0.46, a rate of "
          "0.15 and 0.3 a year lowered McClung's areal spine from +6.5 to +6.1 and +5.7 % "
          "(MC05.ls, +10.3 %) and ACTIVE's spine to +6.1 and +5.9 (AB1.ls, +8.8), since Neer's "
          "21 months with supplements gain more cortical bone from it than McClung's 18 "
          "months, and raised Neer's neck to +4.5 and +6.1 points (PT2.fn, +3) while "
          "McClung's neck reached +2.2 and +3.2 % (MC05.fn, +3.9): the rate ships at 0 "
          "(README). Assumptions above 0: laid on the periosteum; in proportion to the signal "
          "alone (not to the cortex left); the bone laid is remodeled with the cortex "
          "(periosteal_rate)",
          Evidence.ASSUMPTION),
    param("secondary_mineralization", 0.0, "dimensionless", "1: each compartment's matrix "
          "carries a mean mineral density (mineral_trabecular, mineral_cortical) that new "
          "matrix enters at its primary level and that slowly rises towards the maximum "
          "(secondary mineralization), and areal BMD and the skeleton's calcium read it; 0 (the "
          "default): the matrix holds the young adult's mineral density throughout, and the "
          "densities stay 1",
          "assumption: on/off switch of a mechanism (off by default). With it on and the shipped problems "
          "refitted (osteon calibrate) the validation met fewer targets (140 of 204 against "
          "146): FREEDOM's 5-year spine (DM7.ls) and alendronate's 3-year spine (LIBERMAN.ls) "
          "were met, but the hip gained too much on denosumab (its trabecular share fell to the "
          "bound), romosozumab's spine overshot and the anabolic drugs' gains fell short "
          "(README, Published results missed)", Evidence.ASSUMPTION, bounds=(0.0, 1.0),
          values=(0.0, 1.0)),
    assumption("primary_mineral_fraction", 0.67, "dimensionless", "share of its final "
               "mineral content that newly formed matrix holds once primary mineralization "
               "(weeks) is over",
               f"{FUCHS2008}, abstract text (read in an abstract index; DOI and PMID not "
               "checked): osteonal bone reached 67 % of the interstitial bone's "
               "phosphate/protein ratio within 18 days and the rest over about a year (rabbit "
               "tibia); the commonly quoted human figure is 60-70 % within weeks; a rabbit "
               "value taken for humans", bounds=(0.0, 1.0), lower_open=True, upper_open=True),
    assumption("secondary_mineralization_rate", 0.429, "1/year", "rate at which a packet of "
               "matrix approaches its maximum mineral content (secondary mineralization: the "
               "remaining mineral gap closes as exp(-rate x tissue age)); read only with "
               "secondary_mineralization 1",
               "the value osteon calibrate gave with the switch on, fitted to FREEDOM's 5-year "
               "lumbar-spine gain (DM7.ls: +13.7 %, Papapoulos S et al., J Bone Miner Res "
               "2012;27:694, PMC3415620) with the other problems refitted around it (bounds "
               "0.3-3/year; the fit also meets DM7.ls near 0.1/year, a branch left out as "
               "further from Boivin 2000's human data, PMID 11062357: alendronate raised "
               "the iliac mean degree of mineralization by 7.3 % and 9.3 % at 2 years and "
               "11.4 % and 11.6 % at 3 years in cancellous and compact bone; rabbit osteons "
               f"finish secondary mineralization within about a year, {FUCHS2008}); held "
               "fixed while the switch is off by default (the shipped problems do not "
               "estimate it)", lower_open=True),
    assumption("turnover_memory_time", 1.0, "year", "time constant of the turnover the "
               "fracture projections read (ctx_sustained: CTX averaged on a log scale with "
               "weights fading as exp(-age of the reading / this time))",
               "a 10-year fracture probability should project the turnover a regimen sustains, "
               "not the point of its dosing cycle (denosumab's CTX swings about 10-fold within "
               "each 6-month interval); one year spans a whole dosing cycle of every drug in "
               "the catalog (zoledronic acid yearly the longest). Chosen, not fitted; the "
               "hazards of the trial relative risks use CTX of each moment", lower_open=True),
    param("ctx_young", premenopausal_centre("CTX", "Roche Elecsys"), "ng/mL", "serum CTX of "
          "the young adult (the premenopausal reference interval's geometric centre, "
          "0.2963 ng/mL)",
          "Elecsys premenopausal reference 0.111-0.791 ng/mL (Bone 2012, PMID 22348982, text); "
          "geometric mean of the limits, read from the interval table (readouts.markers)",
          Evidence.HUMAN_COHORT, lower_open=True),
    param("p1np_young", premenopausal_centre("P1NP", "Roche Elecsys"), "ng/mL", "serum P1NP "
          "of the young adult (the premenopausal reference interval's geometric centre, "
          "37.98 ng/mL)",
          "Elecsys premenopausal reference 17.3-83.4 ng/mL (Bone 2012, PMID 22348982, text); "
          "geometric mean of the limits, read from the interval table (readouts.markers)",
          Evidence.HUMAN_COHORT, lower_open=True),
    param("bsap_young", premenopausal_centre("BSAP", "Beckman Access Ostase"), "ng/mL",
          "serum BSAP of the young adult (the premenopausal reference interval's geometric "
          "centre, 10.07 ng/mL)",
          "Access Ostase premenopausal reference 5.8-17.5 ng/mL in the same cohort as the "
          "Elecsys CTX and P1NP intervals (Bone 2012, PMID 22348982, text); geometric mean of "
          "the limits, read from the interval table (readouts.markers)",
          Evidence.HUMAN_COHORT, lower_open=True),
    assumption("pth_cortical_threshold", 65.0 / 9.43, "pmol/L", "plasma PTH above which excess "
               "PTH adds endocortical and intracortical resorption",
               "the upper reference limit of intact PTH, 65 pg/mL (Bilezikian JP & Silverberg "
               "SJ, N Engl J Med 2004;350:1746, text), with 9.43 pg per pmol of PTH(1-84); that "
               "cortical resorption starts there is assumed", lower_open=True),
    assumption("pth_cortical_gain", 1.0, "dimensionless", "extra cortical resorption per "
               "relative PTH excess over the threshold (with pth_cortical_space 0)",
               "PTH excess thins the cortex while cancellous bone is kept (Silverberg SJ et al., "
               "J Bone Miner Res 1989;4:283, PMID 2763869, abstract text: distal radius 79 %, "
               "femoral neck 89 %, lumbar spine 95 % of expected); the size is chosen: after 5 "
               "years of disease (106 pg/mL, from 52) the cortex is 19 % and the femoral neck 12 "
               "% below control, near the radius's and the neck's deficits, but the spine 7.7 % "
               "(the spine's cortical half loses with the cortex); a larger gain hollows the "
               "cortex out within years"),
    param("pth_cortical_space", 1.0, "dimensionless", "1: PTH excess holds a bounded share of "
          "the cortex open, refilled when the excess ends (cortical_pth_space); 0: PTH excess "
          "adds cortical resorption that no formation answers (pth_cortical_gain), a loss that "
          "does not level off (intermediate values blend the two)",
          "assumption: on by default, with calcium_mass_balance 1 (the two belong together: "
          "with Peterson & Riggs' bone calcium exchange following the bone cells, formation "
          "without resorption such as exercise lowers plasma calcium and raises PTH above 65 "
          "pg/mL, which opens cortical space, and 4 exercise sessions a week built less spine "
          "bone than 2); the shipped estimates were fitted with both on (README, Conditions: "
          "cortical space held open by PTH)",
          Evidence.ASSUMPTION, bounds=(0.0, 1.0)),
    assumption("pth_cortical_space_gain", 1.0, "dimensionless", "share of the cortex that "
               "PTH excess holds open per relative excess over the threshold, at small excess "
               "(share = gain x excess / (1 + gain x excess / max share)), with "
               "pth_cortical_space 1",
               "the deficits of Silverberg SJ et al., J Bone Miner Res 1989;4:283, PMID 2763869 "
               "(abstract text, above); the size is chosen so that the default severity (106 "
               "pg/mL given, about 88 pg/mL realized) holds about a fifth of the cortex open, "
               "near the radius's deficit"),
    assumption("pth_cortical_max_share", 0.5, "dimensionless", "largest share of the cortex "
               "that PTH excess can hold open",
               "the cortex of severe hyperparathyroidism is trabecularized from the endosteum "
               "but keeps its periosteal shell; no cohort relating the deficit to PTH far "
               "above the default was found, so half is assumed (300 pg/mL then holds about "
               "0.44 of the cortex open)", bounds=(0.0, 1.0), upper_open=True),
    assumption("pth_cortical_time", 365.25, "day", "time constant of the cortical space PTH "
               "excess opens and of its refilling once the excess ends (at the subject's "
               "baseline resorption and formation)",
               "cortical bone is lost over the first years of primary hyperparathyroidism and "
               "then stays stable for a decade (Silverberg SJ et al., J Clin Endocrinol Metab "
               "1995;80:723 and Rubin MR et al., J Clin Endocrinol Metab 2008;93:3462, PMID "
               "18544625, abstracts), and regained over the years after parathyroidectomy "
               "(Silverberg 1995, PMID 7883824, abstract); one year chosen, not fitted",
               lower_open=True),
)

STATE_NAMES = ("bone_trabecular", "bone_cortical", "cortical_pth_space", "tissue_fragility",
               "anabolic_trabecular", "anabolic_cortical", "femoral_trabecular_ratio",
               "cortical_periosteal", "osteoid_calcium", "mineral_trabecular", "mineral_cortical")

#: the DXA sites of the proximal femur, whose trabecular part is the femur's
#: (bone_trabecular x femoral_trabecular_ratio)
FEMORAL_SITES = ("total_hip", "femoral_neck")


def porosity(bone_cortical, p, xp):
    """Cortical porosity: the young porosity plus the matrix lost since.

    Above the young adult's cortical matrix (a person individualized to a high BMD, or bone
    gained on a drug) the pores close exponentially instead of linearly, with the same value and
    slope at the young adult's matrix, so porosity stays positive (the linear law reaches 0 at
    1 / (1 - porosity_young) = 1.05 of the young matrix); below it the law is unchanged.
    """
    p0 = p["porosity_young"]
    linear = 1.0 - (1.0 - p0) * bone_cortical
    above = p0 * xp.exp(-(1.0 - p0) * xp.maximum(bone_cortical - 1.0, 0.0) / p0)
    return xp.where(bone_cortical > 1.0, above, linear)


def cortical_surface(bone_cortical, p, xp):
    """Intracortical remodeling surface relative to the young adult."""
    por_rel = porosity(bone_cortical, p, xp) / p["porosity_young"]
    return bone_cortical * por_rel ** p["porosity_surface_exponent"]


def strain_deficit(s, p, xp):
    """1 - strain relative to habitual (positive when unloaded, negative when overloaded)."""
    stiff = stiffness(s["bone_trabecular"], s["bone_cortical"], p)
    return 1.0 - p["loading"] * p["habitual_load"] / stiff


def stiffness(bone_trabecular, bone_cortical, p):
    """Bone stiffness relative to the young adult, as the mechanostat senses it."""
    w = p["strain_trabecular_weight"]
    return (w * bone_trabecular ** p["stiffness_exponent"]
            + (1.0 - w) * bone_cortical ** p["stiffness_exponent"])


def compartment_rates(s, resorption_rel, formation_rel, p, xp, pth=None, space_rate=0.0):
    """d(bone_trabecular)/dt and d(bone_cortical)/dt in 1/day.

    PTH excess thins the cortex while cancellous bone is kept. With ``pth_cortical_space`` 1
    the cortical matrix loses what the space PTH holds open gains (``space_rate``,
    :func:`pth_space_rate`); with 0, ``pth`` (pmol/L) above ``pth_cortical_threshold`` adds
    endocortical and intracortical resorption that no formation answers. ``pth`` is the PTH the
    receptor sees: plasma PTH plus a PTH1R agonist's PTH-equivalent concentration
    (``pth_receptor_agonism``, abaloparatide's), as the model passes it.
    """
    balance = formation_rel - resorption_rel
    dt = p["turnover_trabecular"] / YEAR * s["bone_trabecular"] * balance
    cortical_r = resorption_rel
    if pth is not None:
        extra = (1.0 - p["pth_cortical_space"]) * p["pth_cortical_gain"] * pth_excess(pth, p, xp)
        cortical_r = resorption_rel * (1.0 + extra)
    dc = (p["turnover_cortical"] / YEAR * cortical_surface(s["bone_cortical"], p, xp)
          * (formation_rel - cortical_r)) - space_rate
    return dt, dc


def pth_excess(pth, p, xp):
    """Receptor-seen PTH ``pth`` (pmol/L: plasma PTH plus a PTH1R agonist's PTH-equivalent,
    ``pth_receptor_agonism``) above the threshold, relative to the threshold (0 below)."""
    return xp.maximum(pth - p["pth_cortical_threshold"], 0.0) / p["pth_cortical_threshold"]


def pth_space_share(pth, p, xp):
    """Share of the cortex that the receptor-seen PTH ``pth`` (pmol/L: plasma PTH plus a PTH1R
    agonist's PTH-equivalent, ``pth_receptor_agonism``) holds open at steady state (with
    ``pth_cortical_space`` 1)."""
    drive = p["pth_cortical_space_gain"] * pth_excess(pth, p, xp)
    return drive / (1.0 + drive / p["pth_cortical_max_share"])


def pth_space_rate(s, resorption_rel, formation_rel, pth, p, xp):
    """d(cortical_pth_space)/dt in 1/day (relative to the young adult's cortex).

    PTH excess drives endocortical and intracortical resorption that formation does not refill
    while the excess lasts: the space opens at resorption's pace towards the share
    :func:`pth_space_share` of the cortex (matrix plus open space), and is refilled at
    formation's pace, so the loss levels off at a new, wider porosity and is regained when the
    excess ends (parathyroidectomy) or when resorption stops (an antiresorptive)::

        dD/dt = (share x (cortex + D) x R - D x F) / pth_cortical_time
    """
    d = s["cortical_pth_space"]
    share = p["pth_cortical_space"] * pth_space_share(pth, p, xp)
    return (share * (s["bone_cortical"] + d) * resorption_rel
            / p["pth_cortical_time"]) - pth_space_refill(s, formation_rel, p)


def pth_space_refill(s, formation_rel, p):
    """The refilling part of :func:`pth_space_rate`, 1/day (relative to the young adult's
    cortex): D x F / pth_cortical_time."""
    return s["cortical_pth_space"] * formation_rel / p["pth_cortical_time"]


def formation_per_bone(s, formation_rel, p, xp):
    """Matrix each compartment forms per unit of its own matrix, 1/day (trabecular, cortical):
    the formation the compartment rates use (:func:`compartment_rates`), with the cortical
    space PTH held open refilled (:func:`pth_space_refill`: it is formation too)."""
    trab = p["turnover_trabecular"] / YEAR * formation_rel
    cort = (p["turnover_cortical"] / YEAR * formation_rel
            * cortical_surface(s["bone_cortical"], p, xp) / s["bone_cortical"]
            + pth_space_refill(s, formation_rel, p) / s["bone_cortical"])
    return trab, cort


def mineral_levels(p):
    """Mineral density of new matrix (after primary mineralization) and the maximum a packet
    approaches, per compartment, relative to the young adult's steady mean (trabecular new,
    trabecular max, cortical new, cortical max).

    At the young adult's steady state (formation per unit bone r0 = the compartment's turnover)
    the mean of dm/dt = r (m_new - m) + kappa (m_max - m) vanishes at m = 1 with
    m_new = f m_max, so m_max = (r0 + kappa) / (f r0 + kappa): derived, not fitted. With
    ``secondary_mineralization`` 0 new matrix enters at 1 (the young mean) and nothing else
    moves it, the model before this mechanism.
    """
    f = p["primary_mineral_fraction"]
    kappa = p["secondary_mineralization_rate"]
    sw = p["secondary_mineralization"]
    out = []
    for r0 in (p["turnover_trabecular"], p["turnover_cortical"]):
        m_max = (r0 + kappa) / (f * r0 + kappa)
        out += [1.0 + sw * (f * m_max - 1.0), 1.0 + sw * (m_max - 1.0)]
    return tuple(out)


def mineral_rates(s, formation_rel, p, xp, apposition=0.0):
    """d(mineral_trabecular)/dt and d(mineral_cortical)/dt in 1/day.

    Mean mineral density of each compartment's matrix relative to the young adult's: resorption
    is random with respect to tissue age, so it removes matrix at the mean density and leaves
    the mean alone; formation adds matrix at the primary level m_new; every packet approaches
    the maximum m_max at the rate kappa (secondary mineralization)::

        dm/dt = (formation per unit bone) (m_new - m) + kappa (m_max - m)

    so lower turnover (an antiresorptive) raises the mean and higher turnover (menopause)
    lowers it (:func:`mineral_levels`). The cortex's formation includes the bone laid on its
    periosteum (``apposition``, 1/day relative to the young adult's cortex,
    :func:`periosteal_apposition`), per unit of the cortex with its periosteal bone.
    """
    new_t, max_t, new_c, max_c = mineral_levels(p)
    kappa = p["secondary_mineralization"] * p["secondary_mineralization_rate"] / YEAR
    form_t, form_c = formation_per_bone(s, formation_rel, p, xp)
    form_c = form_c + apposition / (s["bone_cortical"] + s["cortical_periosteal"])
    mt, mc = s["mineral_trabecular"], s["mineral_cortical"]
    return (form_t * (new_t - mt) + kappa * (max_t - mt),
            form_c * (new_c - mc) + kappa * (max_c - mc))


def effective_density(mineral, p):
    """The mean mineral density that BMD and the skeleton's calcium read from the state
    ``mineral`` (mineral_trabecular or mineral_cortical): the state itself with
    ``secondary_mineralization`` 1, the young adult's 1 with it 0 (the switch takes no other
    value)."""
    return 1.0 + p["secondary_mineralization"] * (mineral - 1.0)


def mineral_mass(s, p, xp):
    """Mineral of the trabecular and cortical matrix relative to the young adult's whole
    compartment (matrix volume x its mean mineral density; 1 when the switch is off and the
    volume is the young adult's). The cortex holds the bone laid on its periosteum too
    (``cortical_periosteal``), at the cortex's mean density."""
    return (s["bone_trabecular"] * effective_density(s["mineral_trabecular"], p),
            (s["bone_cortical"] + s["cortical_periosteal"])
            * effective_density(s["mineral_cortical"], p))


def calcium_formed(s, formation_rel, p, xp):
    """Calcium the matrix that formation lays down will hold once its primary mineralization
    is over, mmol/day (at the primary level of :func:`mineral_levels`; the rest comes later by
    secondary mineralization, :func:`calcium_accretion`)."""
    ft = p["skeletal_fraction_trabecular"]
    new_t, _, new_c, _ = mineral_levels(p)
    rate = (ft * p["turnover_trabecular"] * s["bone_trabecular"] * new_t
            + (1.0 - ft) * p["turnover_cortical"] * cortical_surface(s["bone_cortical"], p, xp)
            * new_c)
    return p["QboneInit"] * formation_rel * rate / YEAR


def calcium_refilled(s, formation_rel, p):
    """Calcium the matrix that refills the cortical PTH space will hold once mineralized,
    mmol/day. Refilling is formation: its matrix waits as osteoid for its mineral like the rest
    (drawn straight from the exchangeable calcium Q, it bypassed the calcium-limited
    mineralization, and an antiresorptive in a patient with a wide PTH space, as in CKD 4,
    drained Q and plasma calcium below zero within weeks)."""
    ft = p["skeletal_fraction_trabecular"]
    new_c = mineral_levels(p)[2]
    return p["QboneInit"] * (1.0 - ft) * pth_space_refill(s, formation_rel, p) * new_c


def mineralization(s, ca_conc, p):
    """Calcium the osteoid takes up, mmol/day: its content over the mineralization lag time,
    slowed when plasma calcium falls below PR2010's baseline 2.35 mmol/L."""
    ca_rel = ca_conc / 2.35
    return (s["osteoid_calcium"] / p["mineralization_lag_time"]
            * ca_rel ** p["mineralization_calcium_exponent"])


def mineral_deficit(s, p, xp):
    """Share of the skeleton's calcium still missing from osteoid beyond the young adult's (0
    at the young adult); BMD reads mineral when the calcium mass balance is on."""
    ft = p["skeletal_fraction_trabecular"]
    min_t, min_c = mineral_mass(s, p, xp)
    present = ft * min_t + (1.0 - ft) * min_c
    return (s["osteoid_calcium"] - p["osteoid_ref"]) / (p["QboneInit"] * present)


def calcium_accretion(s, dbt, dbc, dmt, dmc, p, dperiosteal=0.0):
    """Calcium the skeleton's mineral gains, mmol/day (negative when bone is lost).

    The rate of each compartment's mineral, d(volume x mean mineral density)/dt (1/day,
    relative to the young adult), weighted by its share of skeletal mass, times the young
    adult's skeletal calcium (PR2010's non-exchangeable bone calcium, 24,900 mmol). It holds
    the new matrix's primary mineral (which the osteoid still awaits, :func:`calcium_formed`),
    less the mineral resorption removes at the mean density, plus the secondary mineral every
    packet takes up (kappa x volume x (m_max - m)), drawn from plasma through the exchangeable
    pool like the rest; at the young adult's steady state the secondary uptake equals the
    mineral resorption removes beyond the new matrix's primary level, so the balance is 0.
    With ``secondary_mineralization`` 0 the density is the young adult's throughout and this
    is the compartments' volume rates times the young skeletal calcium. ``dperiosteal`` is
    d(cortical_periosteal)/dt: the cortex's bone laid on its periosteum, at the cortex's
    mean density."""
    ft = p["skeletal_fraction_trabecular"]
    sw = p["secondary_mineralization"]  # d(effective density)/dt = sw x dm/dt
    cortex = s["bone_cortical"] + s["cortical_periosteal"]
    d_t = dbt * effective_density(s["mineral_trabecular"], p) + s["bone_trabecular"] * sw * dmt
    d_c = (dbc + dperiosteal) * effective_density(s["mineral_cortical"], p) + cortex * sw * dmc
    return p["QboneInit"] * (ft * d_t + (1.0 - ft) * d_c)


def skeletal_turnover(s, rel, p, xp):
    """Whole-skeleton remodeling activity (relative to the young adult) for activity ``rel``."""
    ft = p["skeletal_fraction_trabecular"]
    t_young = ft * p["turnover_trabecular"] + (1.0 - ft) * p["turnover_cortical"]
    t_now = (ft * p["turnover_trabecular"] * s["bone_trabecular"]
             + (1.0 - ft) * p["turnover_cortical"] * cortical_surface(s["bone_cortical"], p, xp))
    return rel * t_now / t_young


def turnover_memory_rate(s, resorption_rel, p, xp):
    """d(resorption_log_memory)/dt, 1/day: the log of whole-skeleton resorption (relative to
    the young adult, the scale of CTX) followed with the time constant turnover_memory_time."""
    res = skeletal_turnover(s, resorption_rel, p, xp)
    return (xp.log(res) - s["resorption_log_memory"]) / (p["turnover_memory_time"] * YEAR)


def tissue_renewal(s, formation_rel, p, xp):
    """Whole-skeleton formation per unit of bone present, 1/day."""
    ft = p["skeletal_fraction_trabecular"]
    formed = (ft * p["turnover_trabecular"] * s["bone_trabecular"]
              + (1.0 - ft) * p["turnover_cortical"] * cortical_surface(s["bone_cortical"], p, xp))
    present = ft * s["bone_trabecular"] + (1.0 - ft) * s["bone_cortical"]
    return formed * formation_rel / present / YEAR


def fragility_rate(s, formation_rel, p, xp):
    """d(tissue_fragility)/dt: old tissue replaced by new tissue of the quality formed now."""
    return tissue_renewal(s, formation_rel, p, xp) * (p["new_bone_fragility"]
                                                       - s["tissue_fragility"])


def anabolic_rates(s, dbt, dbc, anabolic_share, formation_rel, p, xp):
    """d(anabolic_trabecular)/dt and d(anabolic_cortical)/dt in 1/day.

    Bone is built by the anabolic signals at the share of formation they drive (``anabolic_share``
    = 1 - 1/drive), as far as the compartment gains bone at all (never more than its net gain),
    and is removed as remodeling renews the compartment (bone built on a drug is replaced by
    ordinary bone over years)."""
    renew_t = p["turnover_trabecular"] / YEAR * formation_rel
    renew_c = (p["turnover_cortical"] / YEAR * formation_rel
               * cortical_surface(s["bone_cortical"], p, xp) / s["bone_cortical"])
    built_t = xp.minimum(anabolic_share * renew_t * s["bone_trabecular"], xp.maximum(dbt, 0.0))
    built_c = xp.minimum(anabolic_share * renew_c * s["bone_cortical"], xp.maximum(dbc, 0.0))
    return (built_t - renew_t * s["anabolic_trabecular"],
            built_c - renew_c * s["anabolic_cortical"])


def femoral_trabecular_rate(s, formation_rel, anabolic_share, p):
    """d(femoral_trabecular_ratio)/dt in 1/day: the proximal femur's trabecular bone relative
    to the skeleton's trabecular compartment.

    The femur's trabecular bone is remodeled like the rest, d b_f/dt = rho b_f (F_f - R), but
    receives only the share h (``hip_anabolic_response``) of the formation the PTH-receptor
    signal drives: F_f = F (1 - (1 - h) a), a = 1 - 1/drive the share it drives
    (``anabolic_share``, drive its commitment gain). Its ratio r = b_f / b_t
    to the skeleton's compartment (d b_t/dt = rho b_t (F - R)) then follows::

        dr/dt = -rho F (1 - h) a r

    so it stays 1 without the signal (aging, disease, antiresorptives, sclerostin blockade)
    and falls below 1 while it acts; what a drug's PTH-receptor signal built in the spine over
    the hip is kept, as every later imbalance changes both by the same relative rate."""
    return -(p["turnover_trabecular"] / YEAR * formation_rel * (1.0 - p["hip_anabolic_response"])
             * anabolic_share * s["femoral_trabecular_ratio"])


def periosteal_apposition(anabolic_share, p):
    """Cortical bone the PTH-receptor signal lays on the periosteal surface, 1/day relative to
    the young adult's cortex: k x a / 365.25, k ``periosteal_anabolic_rate`` and a = 1 -
    1/drive the share of formation the signal drives (0 without it)."""
    return p["periosteal_anabolic_rate"] / YEAR * anabolic_share


def periosteal_rate(s, dbc, apposition):
    """d(cortical_periosteal)/dt in 1/day: the bone laid on the periosteum (``apposition``,
    :func:`periosteal_apposition`) joins the cortex and is remodeled with it, changing by the
    cortical matrix's own relative rate (``dbc`` / bone_cortical), so the drug's gain in bone
    size is neither kept apart from the cortex's later losses nor lost faster than it."""
    return apposition + s["cortical_periosteal"] * dbc / s["bone_cortical"]


def calcium_apposed(apposition, p):
    """Calcium the matrix laid on the periosteum will hold once its primary mineralization is
    over, mmol/day: it waits as osteoid like the remodeling's matrix."""
    ft = p["skeletal_fraction_trabecular"]
    return p["QboneInit"] * (1.0 - ft) * apposition * mineral_levels(p)[2]


def anabolic_fracture_rr(s, p, xp):
    """Fracture hazard multiplier of the architecture of bone built by the anabolic signals:
    GR^(-gamma dZ), dZ its lumbar-spine BMD in SD, GR the spine gradient for vertebral fractures
    (2.3 per SD) and gamma = (1 - s)/s, so that its BMD accounts for the share s of the risk
    reduction (anabolic_bmd_share). The BMD of that bone is the subject's own young-adult spine
    (her sex's, :func:`young_adult_mean`) times its share of it, in SD of the spine reference."""
    w = p["trabecular_share_lumbar_spine"]
    young = young_adult_mean("lumbar_spine", p["female"])
    dz = (young / REFERENCE["lumbar_spine"].sd
          * (w * s["anabolic_trabecular"] + (1.0 - w) * s["anabolic_cortical"]))
    share = p["anabolic_bmd_share"]
    return xp.exp(-(1.0 - share) / share * math.log(GR_VERTEBRAL_LS.value) * dz)


def readouts(s, resorption_rel, formation_rel, oba_rel, p, xp, apposition=0.0):
    """BMD by site (g/cm^2), porosity, markers (ng/mL) and whole-skeleton rates (%/year).
    Formation (P1NP, the formation rate) counts the bone laid on the periosteum
    (``apposition``, :func:`periosteal_apposition`) with the remodeling's."""
    out = {}
    # with the calcium mass balance on, osteoid beyond the young adult's is matrix without its
    # mineral yet (assumption: spread over the sites in proportion to their bone)
    mineral = 1.0 - p["calcium_mass_balance"] * mineral_deficit(s, p, xp)
    # each compartment's matrix at its mean mineral density (secondary mineralization)
    min_t, min_c = mineral_mass(s, p, xp)
    for site in BMD_SITES:
        w = p[f"trabecular_share_{site}"]
        trab = min_t * s["femoral_trabecular_ratio"] if site in FEMORAL_SITES else min_t
        mix = w * trab + (1.0 - w) * min_c
        out[f"bmd_{site}"] = young_adult_mean(site, p["female"]) * mix * mineral
    res = skeletal_turnover(s, resorption_rel, p, xp)
    ft = p["skeletal_fraction_trabecular"]
    t_young = 100.0 * (ft * p["turnover_trabecular"] + (1.0 - ft) * p["turnover_cortical"])
    form = (skeletal_turnover(s, formation_rel, p, xp)
            + 100.0 * (1.0 - ft) * apposition * YEAR / t_young)
    out["bone_trabecular_femoral"] = s["bone_trabecular"] * s["femoral_trabecular_ratio"]
    out["bone_cortical_total"] = s["bone_cortical"] + s["cortical_periosteal"]
    out["cortical_porosity"] = porosity(s["bone_cortical"], p, xp)
    out["resorption_rate"] = t_young * res
    out["formation_rate"] = t_young * form
    out["ctx"] = p["ctx_young"] * res
    out["ctx_sustained"] = p["ctx_young"] * xp.exp(s["resorption_log_memory"])
    out["p1np"] = p["p1np_young"] * form
    out["bsap"] = p["bsap_young"] * oba_rel
    return out
