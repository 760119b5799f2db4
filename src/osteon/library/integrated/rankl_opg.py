"""The OPG/RANKL/RANK system: every RANKL and OPG producer a separate term, competitive binding.

RANKL (membrane and soluble) is made by osteoblast precursors, osteocytes, senescent osteocytes
(shed by SASP metalloproteinases), T cells and tumor cells; OPG by active osteoblasts and vascular
cells, plus any exogenous OPG. Binding is fast and at equilibrium: RANKL partitions between RANK
(on osteoclast precursors), OPG and free, and total RANKL is removed at D_RANKL. So

    RANKL_free = (sum of productions / D_RANKL) / (1 + K_A1 OPG + K_A2 RANK [+ decoys])

OPG follows Pivonka 2008: OPG = P_OPG OPG_max / (P_OPG + D_OPG OPG_max).

Each producer is written as its young-adult share of the total production of Pivonka 2008's
steady state times its own modulators, so at the young-adult baseline the integrated model has
Pivonka's free RANKL and OPG exactly.
"""

from __future__ import annotations

from osteon.library.integrated._common import PIVONKA, act, assumption, param, rep
from osteon.model.parameter import Evidence

#: Pivonka 2008's steady state (authors' parameter set), pM: the young-adult reference point
PIV_OBP, PIV_OBA, PIV_OCA = 6.196390627918603e-4, 5.583931899482344e-4, 8.069635262731931e-4
PIV_PTH = 250.0 / 86.0
PIV_OPG = 18435.91334  # pM
PIV_RANKL = 0.552235  # pM, free
PIV_RANK = 10.0

_PIV = f"{PIVONKA}, Table 2 (authors' code values, see the pivonka2008 card)"

PARAMETERS = (
    param("K_A1_RANKL", 1.0e-3, "1/pM", "RANKL-OPG association constant", _PIV,
          Evidence.PUBLISHED_MODEL, lower_open=True),
    param("K_A2_RANKL", 3.411764705882353e-2, "1/pM", "RANKL-RANK association constant", _PIV,
          Evidence.PUBLISHED_MODEL, lower_open=True),
    param("D_RANKL", 10.132471014805027, "1/day", "removal rate of RANKL (free and bound)", _PIV,
          Evidence.PUBLISHED_MODEL, lower_open=True),
    param("K_D4_PTH", 150.0, "pM", "PTH activation of osteoblast-lineage RANKL", _PIV,
          Evidence.PUBLISHED_MODEL, lower_open=True),
    param("K_D6_PTH", 0.2225814277099542, "pM", "PTH repression of OPG", _PIV,
          Evidence.PUBLISHED_MODEL, lower_open=True),
    param("beta_OPG", 1.624900337835679e8, "1/day", "OPG production per active osteoblast "
          "(pM/day per pM of cells), before the vascular share is taken out", _PIV,
          Evidence.PUBLISHED_MODEL, lower_open=True),
    param("OPG_max", 2.0e8, "pM", "maximal OPG concentration", _PIV, Evidence.PUBLISHED_MODEL,
          lower_open=True),
    param("D_OPG", 0.35, "1/day", "OPG degradation rate", _PIV, Evidence.PUBLISHED_MODEL,
          lower_open=True),
    param("rankl_production_young", PIV_RANKL * 10.132471014805027
          * (1.0 + 1.0e-3 * PIV_OPG + 3.411764705882353e-2 * PIV_RANK), "pM/day",
          "total RANKL production in the young adult",
          f"derived from {PIVONKA}, steady state of the authors' parameter set (free RANKL "
          "0.5522 pM, OPG 1.844e4 pM, RANK 10 pM) with the binding equation of this module",
          Evidence.PUBLISHED_MODEL, lower_open=True),
    assumption("rankl_share_osteocytes", 0.6, "dimensionless", "young-adult share of RANKL "
               "made by osteocytes (membrane)",
               "osteocytes are the main source of RANKL for adult remodeling (Nakashima T et "
               "al., Nat Med 2011;17:1231, PMID 21909105; Xiong J et al., Nat Med 2011;17:1235, "
               "PMID 21909103); the split is not measured", bounds=(0.0, 1.0)),
    assumption("rankl_share_tcells", 0.1, "dimensionless", "young-adult share of RANKL made by "
               "T cells (soluble and membrane)",
               "T cells add RANKL, more so after menopause (Eghbali-Fatourechi G et al., J Clin "
               "Invest 2003;111:1221, PMID 12697741); the split is not measured",
               bounds=(0.0, 1.0)),
    assumption("rankl_share_senescent", 0.05, "dimensionless", "young-adult share of RANKL from "
               "senescent osteocytes (SASP; soluble, shed by MMPs)",
               "senescent osteocytes express RANKL and SASP proteases (Farr JN et al., J Bone "
               "Miner Res 2016;31:1920, PMID 27341653); the split is not measured",
               bounds=(0.0, 1.0)),
    assumption("opg_share_vascular", 0.2, "dimensionless", "young-adult share of OPG made by "
               "vascular (endothelial and smooth muscle) cells",
               "OPG is made by vascular cells and protects arteries from calcification "
               "(Bucay N et al., Genes Dev 1998;12:1260, PMID 9573043); the split is not "
               "measured", bounds=(0.0, 1.0), upper_open=True),
    param("rankl_tumor", 0.0, "pM/day", "RANKL production by tumor cells (malignancy)",
          "assumption: condition input, zero without a tumor", Evidence.ASSUMPTION),
    param("rankl_exogenous", 0.0, "pM/day", "exogenous RANKL infusion",
          "assumption: experiment input, zero at baseline", Evidence.ASSUMPTION),
    param("opg_exogenous", 0.0, "pM/day", "exogenous OPG (OPG-Fc) input",
          "assumption: experiment or drug input, zero at baseline", Evidence.ASSUMPTION),
    param("tcell_rankl_gain", 1.0, "dimensionless", "multiplier on T-cell RANKL (inflammation "
          "and disease act here)", "assumption: 1 at baseline by construction",
          Evidence.ASSUMPTION),
    param("vascular_opg_gain", 1.0, "dimensionless", "multiplier on vascular OPG (OPG loss and "
          "vascular disease act here)", "assumption: 1 at baseline by construction",
          Evidence.ASSUMPTION),
)


def rankl_sources(obp, osteocyte_rel, sen_rel, pth, mod, p):
    """RANKL production by source (pM/day).

    ``mod`` holds the modulators shared by bone-cell RANKL (estrogen, loading) and those of T
    cells (estrogen deficiency, inflammation), each 1 in the young adult.
    """
    total = p["rankl_production_young"]
    s_ot, s_t, s_sen = p["rankl_share_osteocytes"], p["rankl_share_tcells"], p["rankl_share_senescent"]
    s_ob = 1.0 - s_ot - s_t - s_sen
    pth_rel = act(pth, p["K_D4_PTH"]) / act(PIV_PTH, p["K_D4_PTH"])
    return {
        "osteoblast_lineage": total * s_ob * (obp / PIV_OBP) * pth_rel * mod["bone"],
        "osteocytes": total * s_ot * osteocyte_rel * pth_rel * mod["bone"],
        "senescent": total * s_sen * sen_rel,
        "tcells": total * s_t * mod["tcell"] * p["tcell_rankl_gain"],
        "tumor": p["rankl_tumor"],
        "exogenous": p["rankl_exogenous"],
    }


def opg_sources(oba, pth, mod, p):
    """OPG production by source (pM/day)."""
    share_v = p["opg_share_vascular"]
    osteoblastic = (p["beta_OPG"] * oba * rep(pth, p["K_D6_PTH"]) * mod["opg"])
    vascular_young = p["beta_OPG"] * PIV_OBA * rep(PIV_PTH, p["K_D6_PTH"])
    return {
        "osteoblasts": (1.0 - share_v) * osteoblastic,
        "vascular": share_v * vascular_young * p["vascular_opg_gain"],
        "exogenous": p["opg_exogenous"],
    }


def vessel_opg(p):
    """OPG in the vessel wall relative to the young adult's: what the vascular cells make (the
    vascular OPG gain) plus exogenous OPG, on the scale of the young vascular production. Bone's
    osteoblastic OPG (which PTH, estrogen and the osteoblasts move) is made and acts in the
    marrow, not in the artery."""
    young = p["opg_share_vascular"] * p["beta_OPG"] * PIV_OBA * rep(PIV_PTH, p["K_D6_PTH"])
    return p["vascular_opg_gain"] + p["opg_exogenous"] / young


def opg_level(production, p):
    """Free OPG (pM) from its total production, with Pivonka's saturation at OPG_max."""
    return production * p["OPG_max"] / (production + p["D_OPG"] * p["OPG_max"])


def rankl_binding(rankl_production, opg, rank, p, decoy=0.0):
    """Free RANKL and its complexes at binding equilibrium (pM).

    ``decoy`` is an extra K_A x concentration term for another RANKL binder (an antibody).
    """
    total = rankl_production / p["D_RANKL"]
    free = total / (1.0 + p["K_A1_RANKL"] * opg + p["K_A2_RANKL"] * rank + decoy)
    return free, p["K_A2_RANKL"] * rank * free, p["K_A1_RANKL"] * opg * free
