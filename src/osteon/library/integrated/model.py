"""Assembly of the integrated osteon model from its mechanism modules."""

from __future__ import annotations

import numpy as np

from osteon.library.integrated import (
    bone_cells,
    bone_mass,
    disease,
    drivers,
    endocrine,
    osteocytes,
    pharmacology,
    pth_signaling,
    rankl_opg,
    vascular,
)
from osteon.library.integrated._common import act, assumption, handset
from osteon.library.integrated.card import CARD
from osteon.library.integrated.rankl_opg import PIV_OBA, PIV_OBP, PIV_OCA, PIV_PTH, PIV_RANK, PIV_RANKL
from osteon.model.spec import ModelSpec, Observable, State, stack

_PIV_RANKRANKL = 3.411764705882353e-2 * PIV_RANK * PIV_RANKL

COUPLING_PARAMETERS = (
    assumption("OBa_ref", PIV_OBA, "pM", "reference active osteoblasts of the bone balance (set to "
               "the subject's own baseline at pre-equilibration)",
               "bone is in balance at the subject's baseline (the young adult, by default)",
               lower_open=True),
    assumption("OCa_ref", PIV_OCA, "pM", "reference active osteoclasts of the bone balance (set to "
               "the subject's own baseline at pre-equilibration)",
               "bone is in balance at the subject's baseline (the young adult, by default)",
               lower_open=True),
    handset("estrogen_rankl_gain", 0.536, "dimensionless", "exponent of estrogen repression of "
           "bone-cell RANKL (RANKL x E^-gain)",
           "menopausal LS loss and marker rise (NH1/NH3: Greendale GA et al., J Bone Miner Res "
           "2012;27:111, PMID 21976317, text; Garnero P et al., J Bone Miner Res 1996;11:337, "
           "PMID 8852944, text)"),
    handset("estrogen_tcell_gain", 1.0, "dimensionless", "exponent of estrogen repression of "
           "T-cell RANKL (RANKL x E^-gain)",
           "RANKL on marrow T cells rises after menopause (Eghbali-Fatourechi G et al., J Clin "
           "Invest 2003;111:1221, PMID 12697741, Fig. 2)"),
    handset("estrogen_opg_gain", 0.5, "dimensionless", "exponent of estrogen on osteoblastic OPG "
           "(OPG x E^gain)",
           "estrogen raises osteoblast OPG (Hofbauer LC et al., Endocrinology 1999;140:4367, "
           "doi:10.1210/endo.140.9.7131, PMID 10465311, Fig. 1)"),
    assumption("wnt_opg_gain", 1.0, "dimensionless", "exponent of the Wnt signal on "
               "osteoblastic OPG", "beta-catenin induces OPG in osteoblasts (Glass DA et al., "
               "Dev Cell 2005;8:751, doi:10.1016/j.devcel.2005.02.017, PMID 15866165); linear "
               "response chosen"),
    assumption("coupling_lag", 70.0, "day", "time constant of the coupling signal from "
               "resorption to the osteoblast lineage: osteoblasts are recruited to cavities that "
               "resorption has made and refill them over the reversal and formation periods, so "
               "the TGF-beta signal the osteoblast lineage sees follows resorption with this lag "
               "(a lag near 0 gives Pivonka 2008's instantaneous coupling); it makes the "
               "remodeling transient: the remodeling space fills when resorption falls and "
               "opens when it rises",
               "a human iliac cancellous remodeling cycle runs a resorption phase of a few weeks, "
               "a reversal phase and a formation period of about 3-5 months (Eriksen EF, Endocr "
               "Rev 1986;7:379, doi:10.1210/edrv-7-4-379, PMID 3536460; commonly quoted values, "
               "not read here); the remodeling transient: Heaney RP, J Bone Miner Res "
               "1994;9:1515, PMID 7817796 (not read here). 70 d stands for the reversal phase "
               "plus about half the formation period; chosen, not fitted. The denosumab BMD "
               "targets (DM3/DM4) move with it: 50/70/100 d gave TH +3.3/+4.4/+6.2 % at 36 "
               "months (with a bone accessibility of 0.5). At 90 d with nothing refitted the "
               "validation met 159 of 221 targets against 160: gained DM8.overshoot (CTX +11.5 "
               "% above placebo after stopping), DATA.both_ls_24 and DATA.both_dmab_th_48; lost "
               "NH1.ls_total (a training target, -13.8 %), PT2.ls_40, DATA.dmab_fn_24 and "
               "DATA.tptd_dmab_ls_48; the hip's 12-month denosumab gain stays front-loaded "
               "(DM3.th_12mo / DM3.th_36mo 0.93-0.94 at 50, 70 and 90 d; FREEDOM 0.64)",
               lower_open=True),
    handset("sasp_systemic_tcell_gain", 0.003, "dimensionless", "rise of T-cell RANKL per unit of "
           "systemic SASP (inflammaging)",
           "slow loss from the fourth decade (NH5: Melton LJ et al., J Bone Miner Res "
           "2000;15:24, PMID 10646111, text)"),
)

PARAMETERS = (drivers.PARAMETERS + osteocytes.PARAMETERS + rankl_opg.PARAMETERS
              + bone_cells.PARAMETERS + bone_mass.PARAMETERS + endocrine.PARAMETERS
              + COUPLING_PARAMETERS + pharmacology.PARAMETERS + disease.PARAMETERS
              + vascular.PARAMETERS + pth_signaling.PARAMETERS)

CELL_STATES = (
    State("bmsc", "dimensionless", "marrow stromal (skeletal stem/progenitor) pool, relative to "
          "the young adult", initial=1.0, scale=1.0),
    State("OBp", "pM", "osteoblast precursors", initial=PIV_OBP, scale=1e-3),
    State("OBa", "pM", "active osteoblasts", initial=PIV_OBA, scale=1e-3),
    State("OCp", "pM", "osteoclast precursors (RANK-expressing)", initial=1e-3, scale=1e-3),
    State("OCa", "pM", "active osteoclasts", initial=PIV_OCA, scale=1e-3),
    State("tgfb_coupling", "pM", "TGF-beta coupling signal seen by the osteoblast lineage "
          "(resorption's TGF-beta through the coupling lag)", initial=PIV_OCA, scale=1e-3),
    State("senescent_fraction", "dimensionless", "senescent fraction of osteocytes",
          initial=0.1, scale=0.1),
    State("sclerostin", "pmol/L", "serum sclerostin", initial=20.0, scale=20.0),
    State("bone_trabecular", "dimensionless", "trabecular bone volume relative to the young "
          "adult", initial=1.0, scale=1.0, free_at_steady_state=True),
    State("bone_cortical", "dimensionless", "cortical bone matrix volume relative to the young "
          "adult", initial=1.0, scale=1.0, free_at_steady_state=True),
    State("cortical_pth_space", "dimensionless", "cortical space that PTH excess holds open "
          "(resorbed, not yet refilled), relative to the young adult's cortex; the cortical "
          "matrix excludes it", initial=0.0, scale=0.01),
    State("anabolic_trabecular", "dimensionless", "trabecular bone built by the anabolic "
          "signals (PTH-receptor, Wnt above the young adult) and not yet remodeled, relative to "
          "the young adult's trabecular bone", initial=0.0, scale=0.01),
    State("anabolic_cortical", "dimensionless", "cortical bone built by the anabolic signals and "
          "not yet remodeled, relative to the young adult's cortical bone", initial=0.0,
          scale=0.01),
    State("femoral_trabecular_ratio", "dimensionless", "the proximal femur's trabecular bone "
          "relative to the skeleton's trabecular compartment (1 but where the PTH-receptor "
          "signal built less of it at the hip than in the spine: hip_anabolic_response)",
          initial=1.0, scale=1.0, free_at_steady_state=True),
    State("cortical_periosteal", "dimensionless", "cortical bone the PTH-receptor signal laid "
          "on the periosteum (bone size, beyond the matrix the remodeling envelopes carry), "
          "remodeled with the cortex since, relative to the young adult's cortex (0 without "
          "the signal or with periosteal_anabolic_rate 0)", initial=0.0, scale=0.01,
          free_at_steady_state=True),
    State("wnt_blockade_tolerance", "dimensionless", "share of the Wnt freed by sclerostin "
          "blockade that the osteoblast lineage has become tolerant to (0 without blockade)",
          initial=0.0, scale=0.1),
    State("osteoid_calcium", "mmol", "calcium that newly formed matrix (osteoid) still awaits "
          "before it is mineralized", initial=100.0, scale=10.0),
    State("mineral_trabecular", "dimensionless", "mean mineral density of the trabecular "
          "matrix relative to the young adult's (secondary mineralization; 1 at the young "
          "adult's steady state)", initial=1.0, scale=0.1),
    State("mineral_cortical", "dimensionless", "mean mineral density of the cortical matrix "
          "relative to the young adult's", initial=1.0, scale=0.1),
    State("tissue_fragility", "dimensionless", "log relative fracture hazard carried by the bone "
          "tissue's quality, beyond its areal BMD (0 = the young adult's tissue)", initial=0.0,
          scale=1.0),
    State("resorption_log_memory", "dimensionless", "log of whole-skeleton resorption relative "
          "to the young adult, averaged with weights fading as exp(-age / "
          "turnover_memory_time) (what the "
          "fracture projections read as sustained turnover)", initial=0.0, scale=1.0,
          nonnegative=False),
)

STATES = endocrine.STATES + CELL_STATES + vascular.STATES + pth_signaling.STATES
STATE_NAMES = tuple(s.name for s in STATES)

OBSERVABLES = (
    Observable("age_years", "year", "age of the subject"),
    Observable("estrogen", "dimensionless", "estradiol relative to the young adult"),
    Observable("igf1", "dimensionless", "serum IGF-1 relative to the young adult"),
    Observable("sasp_bone", "dimensionless", "bone SASP index (senescent osteocytes above the "
               "young adult, relative)"),
    Observable("sasp_systemic", "dimensionless", "systemic SASP burden above the young adult"),
    Observable("marrow_adipogenic_fraction", "dimensionless", "fraction of stromal commitment "
               "to adipocytes"),
    Observable("wnt_signal", "dimensionless", "Wnt/beta-catenin signal relative to the young "
               "adult"),
    Observable("strain", "dimensionless", "mechanical strain relative to habitual"),
    Observable("tgf_beta", "pM", "TGF-beta released from resorbed matrix"),
    Observable("pth", "pmol/L", "plasma PTH"),
    Observable("calcium", "mmol/L", "plasma calcium (total; Peterson & Riggs's baseline 2.35 "
               "mmol/L)", low=1.9, low_note=(
                   "severe hypocalcaemia, beyond what the model was built and checked for (a "
                   "condition's severity, or an antiresorptive cutting the skeleton's calcium "
                   "release in a patient whose calcium balance depends on it: the denosumab "
                   "label warns of severe hypocalcaemia in advanced chronic kidney disease); "
                   "the bound is the adjusted serum calcium below which the Society for "
                   "Endocrinology calls hypocalcaemia severe (Turner J et al., Endocr Connect "
                   "2016;5:G7, doi:10.1530/EC-16-0056; quoted, not read)"),
               high=3.5, high_note=(
                   "severe hypercalcaemia, beyond what the model was built and checked for (a "
                   "condition's severity such as a large parathyroid adenoma, or an implausible "
                   "calcium or vitamin D dose); the bound is the adjusted serum calcium above "
                   "which the Society for Endocrinology's emergency guidance asks for urgent "
                   "correction, for the risk of dysrhythmia and coma (Walsh J, Gittoes N, Selby "
                   "P et al., Endocr Connect 2016;5:G9, doi:10.1530/EC-16-0055, 'Severity of "
                   "hypercalcaemia'; read). The model's total calcium stands in for the adjusted "
                   "calcium (an assumption: albumin is not modelled)")),
    Observable("calcitriol", "pmol/L", "plasma calcitriol"),
    Observable("phosphate", "mmol/L", "extracellular phosphate"),
    Observable("serum_25ohd_total", "ng/mL", "serum 25-hydroxyvitamin D as measured: the "
               "subject's own level (serum_25ohd, which a vitamin D deficiency lowers) plus "
               "what supplements add (vitamin_d_repletion; a vitamin D prescription's "
               "vitamin_d_25ohd column is that increment alone)"),
    Observable("calcium_gut_absorption", "mmol/day", "net gut calcium absorption (PR2010's J40)"),
    Observable("calcium_urinary_excretion", "mmol/day", "urinary calcium (PR2010's J27, "
               "floored at 0 as PR2010 encodes it: 0 while PTH-driven reabsorption exceeds the "
               "filtered load)"),
    Observable("calcium_bone_balance", "mmol/day", "calcium the skeleton's mineral gains "
               "(negative when bone is lost): the matrix's calcium less what its osteoid still "
               "awaits; drawn from plasma through the exchangeable bone calcium Q when "
               "calcium_mass_balance is 1"),
    Observable("osteoid_calcium_share", "dimensionless", "share of the skeleton's calcium its "
               "osteoid still awaits beyond the young adult's (BMD reads it as missing mineral "
               "when calcium_mass_balance is 1)"),
    Observable("calcium_true_absorption", "dimensionless", "true fractional gut absorption of "
               "calcium (what a dual-isotope test measures)"),
    Observable("rankl", "pM", "free RANKL"),
    Observable("rankl_membrane", "pM", "free RANKL made on cells (osteoblast lineage, "
               "osteocytes)"),
    Observable("rankl_soluble", "pM", "free RANKL made soluble (T cells, SASP shedding, tumor, "
               "exogenous)"),
    Observable("opg", "pM", "free OPG"),
    Observable("rank", "pM", "RANK on osteoclast precursors"),
    Observable("rank_rankl", "pM", "RANK-RANKL complex"),
    Observable("rankl_opg", "pM", "OPG-RANKL complex"),
    Observable("rankl_opg_ratio", "dimensionless", "free RANKL / free OPG relative to the young "
               "adult"),
    Observable("bmd_lumbar_spine", "g/cm^2", "areal BMD, lumbar spine L1-L4"),
    Observable("bmd_total_hip", "g/cm^2", "areal BMD, total hip"),
    Observable("bmd_femoral_neck", "g/cm^2", "areal BMD, femoral neck"),
    Observable("bone_trabecular_femoral", "dimensionless", "trabecular bone volume of the "
               "proximal femur relative to the young adult (the skeleton's trabecular bone x "
               "femoral_trabecular_ratio): what the total hip's and femoral neck's BMD read"),
    Observable("bone_cortical_total", "dimensionless", "cortical bone relative to the young "
               "adult: the remodeled matrix and the bone the PTH-receptor signal laid on the "
               "periosteum (bone_cortical + cortical_periosteal): what every site's cortical "
               "part reads"),
    Observable("cortical_porosity", "dimensionless", "cortical porosity"),
    Observable("resorption_rate", "percent/year", "whole-skeleton resorption, % of skeleton per "
               "year"),
    Observable("formation_rate", "percent/year", "whole-skeleton formation, % of skeleton per "
               "year"),
    Observable("ctx", "ng/mL", "serum CTX (resorption marker), Roche Elecsys scale (the "
               "clinical readouts' ctx_on_assay puts it on the chosen assay)"),
    Observable("ctx_sustained", "ng/mL", "serum CTX averaged on a log scale with weights "
               "fading as exp(-age / turnover_memory_time) (Roche Elecsys scale): the "
               "turnover the 10-year and "
               "lifetime fracture probabilities read"),
    Observable("p1np", "ng/mL", "serum P1NP (formation marker), Roche Elecsys scale (see "
               "p1np_on_assay)"),
    Observable("bsap", "ng/mL", "serum bone-specific alkaline phosphatase"),
    Observable("tissue_fracture_rr", "dimensionless", "fracture hazard multiplier of the bone's "
               "quality beyond areal BMD: the tissue, exp(tissue_fragility) (1 = young-adult "
               "tissue), times the architecture of bone built by anabolic signals"),
    Observable("anabolic_fracture_rr", "dimensionless", "the architecture part of "
               "tissue_fracture_rr: GR^(-gamma dZ) of the bone the anabolic signals built (1 "
               "without them)"),
    Observable("pth_anabolic_signal", "dimensionless", "anabolic PTH-receptor signal: RUNX2 "
               "activity of the osteoblast lineage above rest (0 without PTH peaks)"),
    *vascular.OBSERVABLES,
)


def _signals(t, y, p, xp):
    """Everything the rates and observables share, from one pass over the mechanisms."""
    s = {name: y[:, i] for i, name in enumerate(STATE_NAMES)}
    age = drivers.age_years(t, p)
    e = drivers.estrogen(age, p, xp) + p["estrogen_agonism"]
    igf = drivers.igf1(age, p, xp)
    # systemic SASP of aging plus that of non-skeletal senescent cells a condition adds
    sasp_sys = drivers.sasp_systemic(age, p, xp) + p["sasp_extra"]
    deficit = bone_mass.strain_deficit(s, p, xp)
    ft = p["skeletal_fraction_trabecular"]
    osteocyte_rel = p["osteocyte_density"] * (ft * s["bone_trabecular"]
                                              + (1.0 - ft) * s["bone_cortical"])
    dsen, sasp_bone = osteocytes.senescence_rates(s, age, p, xp,
                                                  propagation=disease.senescence_propagation(p))
    dscl, _ = osteocytes.sclerostin_rates(s, age, deficit, osteocyte_rel, p, xp)
    # sclerostin held by an antibody cannot reach LRP5/6; the osteoblast lineage grows tolerant
    # to the Wnt this frees (OPG reads the tolerated signal too)
    wnt = osteocytes.wnt_signal(s["sclerostin"] * (1.0 - p["sclerostin_blockade"]), p)
    freed_log = osteocytes.freed_wnt_log(s["sclerostin"], p, xp)
    tolerated_log = freed_log * s["wnt_blockade_tolerance"]

    oca = s["OCa"]
    tgfb = oca  # Pivonka 2008 with alpha = k_res = D_TGFb = 1: TGF-beta (pM) = OCa (pM)
    sig = {"s": s, "age": age, "estrogen": e, "igf": igf, "sasp_sys": sasp_sys,
           "sasp_bone": sasp_bone, "deficit": deficit, "wnt": wnt, "tgfb": tgfb,
           "dsen": dsen, "dscl": dscl,
           "freed_after_tolerance": xp.exp(freed_log - tolerated_log)}

    # endocrine, coupled through the osteoclast, RANKL-per-osteoclast and osteoblast ratios
    rank = bone_cells.rank(s["OCp"], p)
    # the RANK-RANKL per osteoclast enters the PR calcium release; computed after binding below
    mech_l = xp.exp(p["mechanostat_rankl_gain"] * deficit)
    mod = {
        "bone": e ** (-p["estrogen_rankl_gain"]) * mech_l * p["bone_rankl_gain"],
        "tcell": (e ** (-p["estrogen_tcell_gain"]) * (1.0 + p["sasp_systemic_tcell_gain"] * sasp_sys)
                  * disease.tcell_gain(p)),
        "opg": (e ** p["estrogen_opg_gain"] * (wnt * xp.exp(-tolerated_log)) ** p["wnt_opg_gain"]
                * xp.exp(p["wnt_blockade_opg_gain"] * (freed_log - tolerated_log)
                         - p["mechanostat_opg_gain"] * deficit)
                * disease.opg_gain(p)),
    }
    # PTH (pmol/L) mapped onto Pivonka's bone-cell PTH scale. The PTH receptor sees plasma PTH
    # plus a PTH1R agonist's PTH-equivalent concentration (pharmacology.pth_receptor_agonism,
    # 0 without one): every PTH1R action in bone reads pth_receptor, the kidney and
    # 1-alpha-hydroxylase read the same sum (endocrine.rates), plasma PTH stays the gland's
    pth_plasma = s["PTH_amount"] / p["V1"]
    pth_receptor = pth_plasma + p["pth_receptor_agonism"]
    pth_bone = PIV_PTH * pth_receptor / p["pth_reference"]
    sen_rel = (1.0 + sasp_bone) * osteocyte_rel
    l_src = rankl_opg.rankl_sources(s["OBp"], osteocyte_rel, sen_rel, pth_bone, mod, p)
    o_src = rankl_opg.opg_sources(s["OBa"], pth_bone, mod, p)
    l_prod = sum(l_src.values())
    opg = rankl_opg.opg_level(sum(o_src.values()), p)
    rankl, rank_rankl, rankl_opg_c = rankl_opg.rankl_binding(l_prod, opg, rank, p,
                                                             decoy=p["rankl_decoy"])
    # the share of RANKL held by what treatment adds: a decoy drug, and the OPG that the Wnt a
    # sclerostin antibody frees adds (OPG without the freed Wnt's terms, the rest unchanged)
    freed_opg = xp.exp(-(p["wnt_opg_gain"] + p["wnt_blockade_opg_gain"])
                       * (freed_log - tolerated_log))
    o_nat = rankl_opg.opg_sources(s["OBa"], pth_bone, {**mod, "opg": mod["opg"] * freed_opg}, p)
    opg_added = opg - rankl_opg.opg_level(sum(o_nat.values()), p)
    rankl_held = (p["rankl_decoy"] + p["K_A1_RANKL"] * opg_added) / (
        1.0 + p["K_A1_RANKL"] * opg + p["K_A2_RANKL"] * rank + p["rankl_decoy"])
    sig.update(rankl_held=rankl_held, rank=rank, pth_plasma=pth_plasma,
               pth_receptor=pth_receptor, pth_bone=pth_bone,
               rankl=rankl, opg=opg, rank_rankl=rank_rankl, rankl_opg=rankl_opg_c, l_src=l_src, l_prod=l_prod)

    moc_ratio = (rank_rankl / _PIV_RANKRANKL) / (oca / PIV_OCA)
    dendo, endo = endocrine.rates(t, s, p, xp, oc_ratio=oca / PIV_OCA, moc_ratio=moc_ratio,
                                  ob_ratio=s["OBa"] / PIV_OBA)
    sig.update(dendo=dendo, endo=endo)

    w_matrix = p["igf1_matrix_share"]
    igf_signal = igf * (1.0 - w_matrix + w_matrix * act(oca, p["K_D1_TGFb"])
                        / act(PIV_OCA, p["K_D1_TGFb"]))
    # PTH-receptor signaling: daily PTH peaks raise RUNX2 activity, which recruits osteoblasts
    sig["pth_anabolic"] = pth_signaling.anabolic_signal(s["ob_bcl2"], p, xp)
    sig["pth_drive"] = pth_signaling.commitment_gain(s["ob_bcl2"], p, xp)
    m_ob = {
        "commitment": (drivers.osteogenic_commitment(age, p, xp) * disease.commitment_gain(p)
                       * sig["pth_drive"]),
        "bmsc_supply": 1.0 / (1.0 + p["sasp_systemic_osteoblast_gain"] * sasp_sys),
        "igf": igf_signal, "wnt": wnt * xp.exp(-tolerated_log), "sasp_bone": sasp_bone,
        "estrogen": e,
    }
    m_oc = {
        "ocp_supply": (1.0 + p["sasp_bone_osteoclast_gain"] * sasp_bone
                       + p["sasp_systemic_osteoclast_gain"] * sasp_sys),
        "estrogen": e,
        # drugs taken up by osteoclasts, and RANKL (a survival factor) held by a decoy
        "apoptosis": p["osteoclast_apoptosis_gain"] * (
            1.0 + p["rankl_blockade_survival_gain"]
            * sig["rankl_held"] ** p["rankl_blockade_survival_steepness"]),
        "formation": disease.osteoclast_formation_gain(p),
    }
    sig["m_ob"], sig["m_oc"] = m_ob, m_oc
    sig["resorption_rel"] = oca / p["OCa_ref"]
    # matrix synthesis per osteoblast rises with the freed Wnt (1 without blockade)
    sig["formation_rel"] = (s["OBa"] / p["OBa_ref"]
                            * sig["freed_after_tolerance"] ** p["wnt_blockade_activity_gain"])
    sig["dpth_space"] = bone_mass.pth_space_rate(s, sig["resorption_rel"], sig["formation_rel"],
                                                 pth_receptor, p, xp)
    sig["dbone"] = bone_mass.compartment_rates(s, sig["resorption_rel"], sig["formation_rel"], p,
                                               xp, pth=pth_receptor, space_rate=sig["dpth_space"])
    # the calcium of the matrix the compartments gain; the matrix formed waits as osteoid for
    # its mineral, which is drawn from the exchangeable bone calcium Q when the calcium mass
    # balance is on
    # the PTH-receptor signal lays bone on the periosteum too (bone size), remodeled with the
    # cortex once laid
    sig["apposition"] = bone_mass.periosteal_apposition(1.0 - 1.0 / sig["pth_drive"], p)
    sig["dperiosteal"] = bone_mass.periosteal_rate(s, sig["dbone"][1], sig["apposition"])
    sig["dmineral"] = bone_mass.mineral_rates(s, sig["formation_rel"], p, xp,
                                              apposition=sig["apposition"])
    sig["accretion"] = bone_mass.calcium_accretion(s, *sig["dbone"], *sig["dmineral"], p,
                                                   dperiosteal=sig["dperiosteal"])
    # (the matrix that refills the cortical PTH space and the periosteum's too: formed bone)
    sig["dosteoid"] = (bone_mass.calcium_formed(s, sig["formation_rel"], p, xp)
                       + bone_mass.calcium_refilled(s, sig["formation_rel"], p)
                       + bone_mass.calcium_apposed(sig["apposition"], p)
                       - bone_mass.mineralization(s, sig["endo"]["ca_conc"], p))
    return sig


def rhs(t, y, p, xp):
    sig = _signals(t, y, p, xp)
    s = sig["s"]
    # the osteoblast lineage sees resorption's TGF-beta through the coupling lag; osteoclast
    # apoptosis and the rest see it at once
    dcoup = (sig["tgfb"] - s["tgfb_coupling"]) / p["coupling_lag"]
    dbmsc, dobp, doba = bone_cells.osteoblast_rates(s, s["tgfb_coupling"], sig["m_ob"], p, xp)
    docp, doca = bone_cells.osteoclast_rates(s, sig["tgfb"], sig["rank_rankl"], sig["m_oc"], p, xp)
    dbt, dbc = sig["dbone"]
    # the share of formation the anabolic signals drive: PTH-receptor commitment (PTH peaks) and
    # the Wnt that sclerostin blockade frees, after tolerance (on commitment, osteoblast survival
    # and matrix synthesis)
    wnt_freed = sig["freed_after_tolerance"] ** (
        p["wnt_gain_commitment"] + p["wnt_gain_survival"] + p["wnt_blockade_activity_gain"])
    pth_drive = sig["pth_drive"]
    drive = pth_drive * wnt_freed
    dat, dac = bone_mass.anabolic_rates(s, dbt, dbc, 1.0 - 1.0 / drive, sig["formation_rel"],
                                        p, xp)
    dvsmc, dcalc = vascular.rates(
        s["vsmc_osteogenic"], s["vascular_calcification"], sig["endo"]["phos_conc"],
        sig["estrogen"], sig["sasp_sys"], sig["rankl"] / PIV_RANKL, rankl_opg.vessel_opg(p),
        p, xp)
    cell = {"bmsc": dbmsc, "OBp": dobp, "OBa": doba, "OCp": docp, "OCa": doca,
            "tgfb_coupling": dcoup, "senescent_fraction": sig["dsen"],
            "sclerostin": sig["dscl"], "bone_trabecular": dbt, "bone_cortical": dbc,
            "cortical_pth_space": sig["dpth_space"],
            "tissue_fragility": bone_mass.fragility_rate(s, sig["formation_rel"], p, xp),
            "resorption_log_memory": bone_mass.turnover_memory_rate(s, sig["resorption_rel"],
                                                                     p, xp),
            "anabolic_trabecular": dat, "anabolic_cortical": dac,
            "femoral_trabecular_ratio": bone_mass.femoral_trabecular_rate(
                s, sig["formation_rel"], 1.0 - 1.0 / pth_drive, p),
            "cortical_periosteal": sig["dperiosteal"],
            "wnt_blockade_tolerance": osteocytes.blockade_tolerance_rate(
                s["wnt_blockade_tolerance"], p),
            "vsmc_osteogenic": dvsmc, "vascular_calcification": dcalc,
            "osteoid_calcium": sig["dosteoid"],
            "mineral_trabecular": sig["dmineral"][0], "mineral_cortical": sig["dmineral"][1]}
    mineral_gain = sig["accretion"] - sig["dosteoid"]
    dendo = {**sig["dendo"], "Q": sig["dendo"]["Q"] - p["calcium_mass_balance"] * mineral_gain}
    d = {**dendo, **cell,
         **pth_signaling.rates(s, sig["pth_receptor"], p, xp)}
    return stack(xp, [d[name] for name in STATE_NAMES])


def observe(t, y, p, xp):
    sig = _signals(t, y, p, xp)
    s = sig["s"]
    l_src = sig["l_src"]
    soluble_share = (l_src["tcells"] + l_src["senescent"] + l_src["tumor"]
                     + l_src["exogenous"]) / sig["l_prod"]
    young_ratio = PIV_RANKL / rankl_opg.PIV_OPG
    out = {
        "age_years": sig["age"],
        "estrogen": sig["estrogen"],
        "igf1": sig["igf"],
        "sasp_bone": sig["sasp_bone"],
        "sasp_systemic": sig["sasp_sys"],
        "marrow_adipogenic_fraction": drivers.adipogenic_fraction(sig["age"], p, xp),
        "wnt_signal": sig["wnt"],
        "strain": 1.0 - sig["deficit"],
        "tgf_beta": sig["tgfb"],
        "pth": sig["endo"]["pth_conc"],
        "calcium": sig["endo"]["ca_conc"],
        "calcitriol": sig["endo"]["calcitriol_conc"],
        "phosphate": sig["endo"]["phos_conc"],
        # the level the 1-alpha-hydroxylase reads (endocrine: its substrate term), as a time course
        "serum_25ohd_total": 0.0 * sig["age"] + p["serum_25ohd"] + p["vitamin_d_repletion"],
        "calcium_gut_absorption": 24.0 * sig["endo"]["J40"],
        "calcium_true_absorption": sig["endo"]["ca_true_absorption"],
        "calcium_urinary_excretion": 24.0 * sig["endo"]["J27"],
        "calcium_bone_balance": sig["accretion"] - sig["dosteoid"],
        "osteoid_calcium_share": bone_mass.mineral_deficit(s, p, xp),
        "rankl": sig["rankl"],
        "rankl_membrane": sig["rankl"] * (1.0 - soluble_share),
        "rankl_soluble": sig["rankl"] * soluble_share,
        "opg": sig["opg"],
        "rank": sig["rank"],
        "rank_rankl": sig["rank_rankl"],
        "rankl_opg": sig["rankl_opg"],
        "rankl_opg_ratio": sig["rankl"] / sig["opg"] / young_ratio,
    }
    out.update(bone_mass.readouts(s, sig["resorption_rel"], sig["formation_rel"],
                                  s["OBa"] / p["OBa_ref"], p, xp, apposition=sig["apposition"]))
    out["anabolic_fracture_rr"] = bone_mass.anabolic_fracture_rr(s, p, xp)
    out["tissue_fracture_rr"] = xp.exp(s["tissue_fragility"]) * out["anabolic_fracture_rr"]
    out["vascular_calcification_index"] = s["vascular_calcification"]
    out["pth_anabolic_signal"] = sig["pth_anabolic"]
    n = y.shape[0]
    return {k: v + np.zeros(n) if np.ndim(v) == 0 else v for k, v in out.items()}


def steady_state_guess(p):
    n = np.asarray(p["age_start"]).shape[0]
    return np.tile([s.initial for s in STATES], (n, 1))


def run_in(p):
    """The life course: the steady state is the young adult's (age_start capped at AGE_REF), and
    each subject is integrated from it to their own ``age_start``."""
    age = np.asarray(p["age_start"], dtype=float)
    p_ref = {**p, "age_start": np.minimum(age, drivers.AGE_REF)}
    return p_ref, np.maximum(age - drivers.AGE_REF, 0.0) * drivers.YEAR


def build() -> ModelSpec:
    return ModelSpec(
        id="osteon",
        version="0.1",
        time_unit="day",
        states=STATES,
        parameters=PARAMETERS,
        rhs=rhs,
        observables=OBSERVABLES,
        observe=observe,
        card=CARD,
        steady_state_guess=steady_state_guess,
        baseline_references={"OBa_ref": "OBa", "OCa_ref": "OCa",
                             "osteoid_ref": "osteoid_calcium"},
        run_in=run_in,
        # PR2010's PTH, renamed (endocrine.RENAMED): still read under its former name, warned
        renamed=dict(endocrine.RENAMED),
    )
