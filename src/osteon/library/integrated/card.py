"""The card of the integrated osteon model."""

from osteon.library.integrated.drivers import AGE_SCOPE
from osteon.model.spec import Card

EQUATIONS = """
Modules (src/osteon/library/integrated/), time in days:

drivers      age = age_start + t / 365.25
             E(age)   women: 1 -> estrogen_postmenopausal along a logistic centred at
                      age_menopause + menopause_lag, width menopause_width (normalized to 1 at
                      25 y); men: exp(-male_estrogen_decline (age - 25))
             IGF-1    exp(-igf1_decline (age - 25));  systemic SASP  exp(rate (age - 25)) - 1
             adipogenic fraction  logistic drift from adipogenic_fraction_young
endocrine    Peterson & Riggs 2010 (PTH, gland pool and capacity, calcitriol, 1-alpha-hydroxylase,
             calcium, phosphate, gut, kidney); bone calcium release follows OCa and RANK-RANKL
             per osteoclast, deposition follows OBa; plus autonomous (IPTHinf) and pulsatile
             PTH secretion. Bone calcium: PR's non-exchangeable Qbone is the bone_mass
             module's bone; PR's exchangeable pool Q is a state. With calcium_mass_balance
             m = 1 its release is read at its content, J14 (1 + m (Q / Q0 - 1)), and it pays
             for the mineral the skeleton gains: dQ/dt = m (J15 - J14 Q / Q0 - (M - dO/dt))
             + (1 - m) (Q0 - Q) J14 / Q0, M = QboneInit (f_trab d trab/dt + (1 - f_trab)
             d cort/dt) the matrix's calcium, O the osteoid's (below), so calcium is conserved
             between gut, plasma, Q, skeleton and urine (m = 1, the default); m = 0 is PR's
             exchange, release at Q0 and Q held there
rankl_opg    RANKL_free = (sum of sources / D_RANKL) / (1 + K_A1 OPG + K_A2 RANK)
             sources: osteoblast precursors, osteocytes (PTH, E^-g, mechanostat), senescent
             osteocytes (SASP), T cells (E^-g, systemic SASP), tumor, exogenous
             OPG = P OPG_max / (P + D_OPG OPG_max); P = osteoblasts (PTH, E^g, Wnt^g,
             mechanostat) + vascular + exogenous
bone_cells   d bmsc/dt = k_bmsc (R_hi^g_tgf (R / R_hi)^(s g_tgf) / (1 + g SASP_sys) - bmsc),
             R = TGFc / TGFb_young, R_hi = max(R, 1) smoothed, s = stromal_depletion_share
             d OBp/dt  = D_OBu bmsc commitment(age) Wnt IGF act(TGFc, K_D1)
                         (1 + g_pth A / (A + A50))
                         - D_OBp rep(TGFc, K_D2) OBp / (1 + g SASP_bone)
             d OBa/dt  = D_OBp rep(TGFc, K_D2) OBp / (...) - A_OBa OBa / Wnt
             d TGFc/dt = (TGFb - TGFc) / coupling_lag  (what the osteoblast lineage sees)
             d OCp/dt  = supply (1 + g SASP) - k OCp act(K_A2 RANK RANKL, K_D8) - A_OCp OCp
             d OCa/dt  = k OCp act(RANK-RANKL, K_D8)
                         - A_OCa act(TGFb, K_D3) E^g osteoclast_apoptosis_gain
                           (1 + g_surv h^3) OCa, h = share of RANKL held by a decoy
                           drug or by the OPG a sclerostin antibody's freed Wnt adds
             TGFb = OCa (Pivonka's unit constants), RANK = 10 pM x OCp / OCp_young
pth_signaling Peterson & Riggs 2010's PTH-receptor cascade in the osteoblast lineage, driven by
             PTH's rise above the level the receptor is adapted to (d Pa/dt = (PTH - Pa) / 1 d):
             RUNX2 (fast, PTH speeds its loss), CREB (slow, PTH speeds its making),
             BCL2 ~ RUNX2 x CREB; A = RUNX2 activity above rest (PR's rule: RUNX2 = BCL2 - 90
             above BCL2 = 105, smoothed) >= 0: daily PTH peaks raise it, a sustained change of
             the PTH level does not
osteocytes   d f_sen/dt = k_ind(age) (1 - f_sen) - (k_clear + senolytic_clearance) f_sen
             d scl/dt   = k (scl_young osteocytes exp(r (age - 25)) exp(g strain deficit)) - k scl
             Wnt = (1 + r0) / (1 + r0 scl (1 - sclerostin_blockade) / scl_young)
             w = Wnt / Wnt(blockade 0) (freed by blockade); d D/dt = (blockade - D) / tau_tol;
             the osteoblast lineage sees Wnt w^-D (commitment, survival); OPG sees that and
             w^(g_b (1 - D)) more
pharmacology inputs set by drugs (osteon.drugs), neutral without one: rankl_decoy,
             sclerostin_blockade, osteoclast_apoptosis_gain, estrogen_agonism (added to E),
             osteoblast_commitment_gain (x commitment), new_bone_fragility,
             senolytic_clearance (senescent osteocytes), vitamin_d_repletion (added to
             serum_25ohd; 1-alpha-hydroxylase T65 x min(25(OH)D / 17.6 ng/mL, 1));
             calcium_supplement S joins the gut pool at the true absorption a = (F11 I + E) /
             (I + 0.777 E) (E: digestive calcium entry, Heaney & Abrams 2004), so
             dT/dt = I F11 + S a - J40; exercise multiplies loading
disease      inputs set by conditions (osteon.conditions), neutral when healthy:
             bone_rankl_gain (x bone-cell RANKL), osteoblast_opg_gain (x osteoblastic OPG),
             inflammation I (T-cell RANKL x (1 + 1.95 I), commitment / (1 + 0.05 I),
             OPG / (1 + 0.05 I)), klotho k (bone cells read d = (1-k-0.5)+ / 0.5, nothing
             up to the heterozygote's deficit: commitment x (1 - 0.6 d), osteoclast formation
             x (1 - 0.3 d), OPG x (1 + d)), ovarian_function and aromatase_activity
             (E_female = E_post aromatase + (E_age - E_post) ovarian), sasp_extra (added to
             systemic SASP; senescence induction x (1 + 0.1 extra)), mgp_activity
vascular     D = g_age SASP + g_E (1-E)+ + g_I I + g_k (1-k) + g_L RANKL_rel (1-OPG_vessel)+
                 + g_P (Pi - 1.4 mM)+ / 1.4 mM
             (OPG_vessel: the vessel wall's own OPG, vascular production + exogenous, rel.)
             d f/dt = k_on D (1 - f) - k_off f          (osteogenic VSMC fraction)
             d C/dt = k_min f (Pi/1.2) (1 + u_k (1-k)) (1 + u_mgp (1-MGP)) (1 + C/C_seed)
                      (1 - C/24)
             (calcification index, never resorbed; vascular_calcification_index = C, on
             the 0-24 lateral-film score (Kauppila 1997), which it approaches, never passes)
bone_mass    d trab/dt = rho_trab trab (F - R);  d cort/dt = rho_cort (porosity /
             porosity_young)^k cort (F - R (1 + (1 - c) g_pth x)) - d S/dt, with
             x = (PTH - PTH_uln)+ / PTH_uln, R = OCa / OCa_ref,
             F = OBa / OBa_ref x (w^(1-D))^k_act (the subject's baseline; matrix synthesis
             per osteoblast rises with the freed Wnt after tolerance)
             d S/dt = (c s_pth (cort + S) R - S F) / tau_pth, s_pth = g' x / (1 + g' x / s_max)
             (c = pth_cortical_space, 1 by default: cortical space S that PTH excess holds
             open replaces the unbalanced cortical PTH resorption of c = 0; it levels off at
             the share s_pth of the cortex and refills when the excess ends)
             strain = loading / (w trab^2 + (1 - w) cort^2)
             BMD_site = young-adult mean(sex) x (share trab + (1 - share) cort)
                        (mean(sex): NHANES III women's reference for female 1; for 0 that
                        times the men/women ratio at 21-30, densitometry.YOUNG_ADULT_MEAN_MALE)
                        x (1 - m (O - O_ref) / (QboneInit (f_trab trab + (1 - f_trab) cort)))
             d O/dt = QboneInit F (f_trab rho_trab trab + (1 - f_trab) rho_cort surface)
                      - O / t_mlt (Ca / 2.35 mM)^k   (osteoid calcium: matrix formed waits
                      t_mlt = 20 d for its mineral, slower when plasma calcium is low)
             CTX, P1NP ~ whole-skeleton resorption and formation; BSAP ~ OBa
             d q/dt = r (new_bone_fragility - q), r = whole-skeleton formation per unit of bone
             present; tissue_fracture_rr = exp(q) x anabolic_fracture_rr (quality beyond BMD)
             d a_k/dt = min(phi renew_k k, max(dk/dt, 0)) - renew_k a_k   (k = trab, cort: bone
             built by anabolic signals; phi = 1 - 1/drive, drive = PTH-receptor commitment gain
             x (w^(1-D))^(g_commit + g_surv + k_act); renew_k = compartment renewal rate)
             anabolic_fracture_rr = 2.3^(-gamma dZ_LS(a)), gamma = (1 - s)/s, s = 0.35
             d r_hip/dt = -rho_trab F (1 - h) a_pth r_hip (the hip's trabecular bone over the
             compartment; a_pth = 1 - 1/PTH-receptor commitment gain, h =
             hip_anabolic_response, 1 by default); d P/dt = k a_pth / 365.25 + P (d cort/dt) /
             cort (bone laid on the periosteum, k = periosteal_anabolic_rate, 0 by default);
             the hip's sites read trab x r_hip, every site's cortex cort + P
"""

CARD = Card(
    title="osteon integrated model of adult bone remodeling, calcium homeostasis and aging",
    authors="osteon developers",
    year=2026,
    journal="osteon model library",
    doi="",
    summary=("The default model of osteon. Bone cells and the OPG/RANKL/RANK system of Pivonka "
             "2008, the calcium-PTH-calcitriol-phosphate system of Peterson & Riggs 2010, "
             "osteocytes with sclerostin/Wnt and a senescent fraction, estrogen across the "
             "menopause, IGF-1 decline, systemic SASP, marrow adipogenic drift, a mechanostat, "
             "trabecular and cortical bone, areal BMD by site and turnover markers."),
    age_scope=AGE_SCOPE,
    scope=(f"Adult human, {AGE_SCOPE[0]:g}-{AGE_SCOPE[1]:g} years (a run past "
           f"{AGE_SCOPE[1]:g} is warned: the life-course drivers are extrapolated there), time "
           "in days. Cells in pM (Pivonka's units); bone relative to the young adult; BMD in "
           "g/cm^2; markers in ng/mL. The young-adult steady state equals Pivonka 2008's; every "
           "added mechanism is 1 (or 0) there."),
    equations=EQUATIONS,
    deviations=(
        "Many mechanism strengths have no direct measurement; they are labelled assumptions "
        "or fitted to the natural-history targets (NH1-NH6), and the validation report names "
        "the targets the model misses.",
        "Osteocyte number is taken proportional to bone matrix volume (not a separate state).",
        "The vessel wall (vascular module) is this project's own model: no published "
        "mechanistic ODE model of vascular calcification was found. Most of its gains are "
        "assumptions; its level and its estrogen-deficit gain are fitted to the Framingham "
        "25-year aortic calcification score of men and women (Kiel 2001) with the cohort's "
        "ages assumed (films at 55 and 80). That score of lateral lumbar films runs 0-24 "
        "(Kauppila 1997: L1-L4, anterior and posterior wall each graded 0-3; Kiel 2001's "
        "abstract names no range, and its means are read on the 0-24 score, an inference). "
        "Mineral seeds more mineral (1 + C / calcification_seed) but grows only on wall not "
        "yet calcified (1 - C / 24: the score grades the calcified share of each segment), "
        "so the index approaches 24, a wall calcified throughout, and never passes it (an "
        "assumption of form from the score's construction; before it, the index compounded "
        "without bound: klotho deficiency since 50 gave 595 at 70, OPG deficiency since 30 "
        "1.6e6 at 80). The default life course reaches 16.1 (women) and 15.8 (men) at 90; "
        "conditions held for years reach the top (klotho deficiency since 50 and OPG "
        "deficiency since 30: 24.0 at 70 and 80).",
        "Areal BMD at a site mixes the two compartments by a trabecular share: the femoral "
        "neck's from cadaver QCT (0.33), the lumbar spine's assumed (0.5), the total hip's "
        "fitted to FREEDOM's 36-month hip gain (0.26). One trabecular compartment serves every "
        "site by default, so teriparatide's femoral-neck trabecular bone gains as the spine's "
        "(+18.7 % in 18 months against McClung 2005's QCT +4.9 %, spine +19.0 %). "
        "hip_anabolic_response below 1 (1 by default) gives the hip's trabecular part "
        "(trabecular compartment x femoral_trabecular_ratio) only that share of the formation "
        "the PTH-receptor signal drives; fitted to the QCT and Neer's neck (0.46) it met them, "
        "but the hip's areal gains on PTH-receptor agonists fell short of the trials' (areal "
        "gains hold bone size, periosteal apposition), so it ships at 1. "
        "periosteal_anabolic_rate above 0 (0 by default) lets the PTH-receptor signal lay "
        "cortical bone on the periosteum (cortical_periosteal, remodeled with the cortex once "
        "laid; every site's cortical part reads it): with the anabolic gain solved again to "
        "Neer's spine, it lowered McClung's areal spine further (+6.1 % at 0.15 a year against "
        "+6.5, trial +10.3) and took Neer's neck past its target, so it ships at 0.",
        "The young adult's BMD is the NHANES III women's reference (spine: an assumed "
        "manufacturer reference) for women; for men it is that reference times the ratio of "
        "men to women aged 21-30 in one secondary NHANES table (Varatharajan 2026, Table 3; "
        "the femoral neck takes the total hip's ratio 1.099, the spine 0.993): an assumption, "
        "as the NHANES III men's tables could not be read. T-scores of men are read against "
        "the women's reference (ISCD 2013). The model's men lose spine BMD with age where real "
        "men's DXA spine does not (Z about -1.9 at 80 against the men's curve).",
        "Trabecular and cortical bone share one remodeling balance; PTH above the upper "
        "reference limit holds a bounded share of the cortex open (cortical_pth_space: "
        "reached over about a year, refilled when the excess ends or resorption stops; the "
        "gain, the half-cortex ceiling and the time are assumptions), so primary "
        "hyperparathyroidism thins the cortex to a new porosity and the loss levels off, and "
        "the mechanostat answers the stiffness lost by raising trabecular bone, so after "
        "diagnosis the femoral neck does not keep losing as Rubin 2008's did by 15 years. "
        "pth_cortical_space 0 restores the earlier unbalanced cortical resorption, a loss "
        "that does not level off (severe disease hollows the cortex out within 6 years).",
        "PR2010's phosphate effect on 1-alpha-hydroxylase production is floored at 0: its "
        "Emax inhibits by 101.3 %, so above about 2.2 mmol/L of phosphate (eGFR near 5) "
        "production, then calcitriol, turned negative and the solve failed. With the floor, "
        "end-stage kidney failure drives calcitriol to about 0.",
        "PR2010's renal calcium reabsorption keeps the healthy adult's baseline excretion "
        "(0.149997 mmol/hour) as a constant at any GFR, so in chronic kidney disease urine "
        "calcium stays near the healthy 3.5 mmol/day where it falls with eGFR (CRIC), and at "
        "eGFR 22 bone pays for it. calcium_excretion_nephron_scaling 1 (0 by default) scales "
        "that excretion with GFR (the healthy fraction of the filtered load at any GFR); on, "
        "the parathyroid pool grown with the fall of calcitriol raises plasma calcium (2.45 "
        "mmol/L at eGFR 22) instead of PTH, against CKD 3-4's secondary hyperparathyroidism "
        "at normal calcium, so it is off.",
        "Peterson & Riggs' own bone-cell module is replaced by the Pivonka-based cells; its "
        "calcium release and deposition are driven by this model's osteoclasts and "
        "osteoblasts relative to the young adult.",
        "Secondary mineralization is a mechanism of the model but off by default "
        "(secondary_mineralization 0): BMD then changes only through bone volume, so "
        "antiresorptive gains stop once the remodeling space has refilled (DM7.ls, "
        "LIBERMAN.ls, BONE2004 missed). With 1, each compartment's matrix carries a mean "
        "mineral density (mineral_trabecular, mineral_cortical; 1 at the young adult) that new "
        "matrix enters at its primary level (67 % of the maximum, Fuchs 2008, rabbit) and that "
        "every packet raises towards the maximum (rate 0.429/year, what osteon calibrate gave "
        "fitted to DM7.ls with the other problems refitted); random resorption leaves the mean "
        "alone, and the maximum is derived so that the young adult sits at 1. The mineral "
        "comes from plasma through the exchangeable pool when calcium_mass_balance is 1 (the "
        "osteoid awaits the primary level only; the secondary uptake, drawn as it happens, "
        "equals at the young adult's steady state the mineral resorption removes beyond the "
        "new matrix's). Turned on and refitted, it met FREEDOM's 5-year spine and "
        "alendronate's 3-year spine but fewer targets in all (140 of 204 against 146): the "
        "cortex's mineral made the hip gain too much on denosumab, romosozumab's spine "
        "overshot, and matrix laid down fast on anabolic drugs enters at the primary level, so "
        "their gains fell short. One rate and one primary share serve both compartments "
        "(Lerebours C et al., PMID 33392366, find femoral cortical and trabecular kinetics "
        "differ), which a fix may need. The osteoid pool (primary mineralization, weeks) "
        "enters BMD only with the calcium mass balance.",
        "Bone calcium is conserved (calcium_mass_balance 1, the default): the mineral the "
        "bone compartments gain is drawn through PR2010's exchangeable pool Q, whose release "
        "is read at its content, after the osteoid's mineralization lag, which slows when "
        "plasma calcium falls. With 0, PR2010's exchange: release follows the osteoclasts "
        "and RANKL per osteoclast, uptake the osteoblasts and plasma calcium, and their net "
        "is not the mineral the compartments gain or lose (when denosumab empties the "
        "osteoclasts at 70, release falls by about 19 mmol/day while the skeleton's balance "
        "moves by about 7, and PTH rises 2.5-fold on 1 g of calcium + 800 IU of vitamin D, "
        "Makras 2013 +64 %: DM9, met with the mass balance). Without supplements plasma "
        "calcium falls lower than is seen in practice (PR2010's calcitriol barely answers "
        "PTH, so the gut adapts little): denosumab alone at 72 reaches 2.05 mmol/L at about "
        "7 weeks (PTH 4-fold); romosozumab at 71, 2.18 (PTH 2.2-fold); trial scenarios do "
        "not yet give the protocols' calcium and vitamin D.",
        "Matrix-released TGF-beta also feeds the stromal progenitor pool (Tang Y et al., Nat Med "
        "2009, PMID 19584867), so formation catches up with a sustained rise in resorption over "
        "about 2 years; this is what slows loss after the menopausal transition (NH1, NH3).",
        "Osteoclast apoptosis is TGF-beta-driven as in Pivonka 2008; when a decoy drug holds "
        "most RANKL, resorbing osteoclasts are also lost faster (rankl_blockade_survival_gain, "
        "fitted to the label's CTX fall by day 3 with denosumab's bone accessibility), so CTX "
        "falls 85 % within 3 days of denosumab (DM6). Without a drug, the model's osteoclasts "
        "live about 10 days at 30 and about 18 days at 71 (estrogen loss slows their "
        "apoptosis; about two weeks in Manolagas SC, Endocr Rev 2000;21:115, PMID 10782361): a "
        "complete halt of their formation lowers CTX at 71 by at most 47 % in 2 weeks, which "
        "bounds any signal that acts on formation alone. Romosozumab's fall of CTX (RO4.ctx) "
        "comes through the OPG its freed Wnt adds (wnt_blockade_opg_gain, fitted), which holds "
        "RANKL and counts with the decoys' held share.",
        "The osteoblast lineage sees resorption's TGF-beta through a 70-day lag (coupling_lag, "
        "an assumption from the reversal and formation periods of a remodeling cycle; Pivonka "
        "2008 couples at once): formation goes on refilling the remodeling space for months "
        "after resorption falls (the remodeling transient of antiresorptives).",
        "PTH acts through two arms: RANKL/OPG, following the PTH level (catabolic), and "
        "Peterson & Riggs' RUNX2/CREB/BCL2 cascade (anabolic), which here raises stromal "
        "commitment instead of lowering osteoblast elimination, sees only PTH's rise above the "
        "level the receptor is adapted to (1 day: an assumption, so a steady PTH fall is not "
        "anabolic as it is in PR2010's cascade alone), and saturates; its gain is fitted "
        "(osteon calibrate, problem 'pth_anabolic') to Neer 2001's spine gain (PT2.ls). "
        "Nothing closes the anabolic window over the months.",
    ),
    experiments=(
        "Drugs: osteon simulate --patient 'female, age 68' --treat 'zoledronic acid 5 mg iv "
        "yearly x 3' --years 3 (osteon drugs list).",
        "Life course of a woman from 25 to 90 with menopause at 51: "
        "osteon simulate --patient 'female, age 25, menopause at 51' --years 65",
        "Counterfactual aging: set aging_senescence=0 (or aging_igf1, aging_sasp_systemic, "
        "aging_adipogenic_drift, aging_sclerostin, aging_estrogen) and compare the loss; "
        "osteon aging --patient 'female, age 30, menopause at 51' --to-age 80 does it for each "
        "and prints the points each explains by site (osteon.attribute_aging).",
        "Unloading: ParameterStep('loading', value=0.5) (bed rest).",
    ),
    bibtex_key="osteon",
    bibtex_type="misc",  # software, not a paper: no journal, volume or pages
)
