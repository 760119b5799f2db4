"""Bone cells: the osteoblast lineage (stromal pool, precursors, active osteoblasts) and the
osteoclast lineage (RANK-expressing precursors, active osteoclasts).

The core is Pivonka 2008 (TGF-beta from resorbed matrix recruits osteoblast precursors and
represses their maturation; RANKL-RANK drives osteoclast formation; TGF-beta drives osteoclast
apoptosis), extended with an explicit stromal pool and osteoclast precursors and with the
modulators of this model (Wnt, IGF-1, SASP, estrogen), each 1 in the young adult.
"""

from __future__ import annotations

from osteon.library.integrated._common import PIVONKA, act, assumption, fitted, handset, param, rep
from osteon.library.integrated.rankl_opg import PIV_OBA, PIV_OBP, PIV_OCA, PIV_RANK, PIV_RANKL
from osteon.model.estimates import estimated
from osteon.model.parameter import Evidence

_PIV = f"{PIVONKA}, Table 2 (authors' code values, see the pivonka2008 card)"
_PIV_RANKRANKL = 3.411764705882353e-2 * PIV_RANK * PIV_RANKL
_KINK = 0.02  # width over which max(r, 1) is smoothed (exactly 1 at r = 1)

PARAMETERS = (
    param("D_OBu", 7.0e-4, "pM/day", "flux of stromal progenitors committing to osteoblast "
          "precursors in the young adult", _PIV, Evidence.PUBLISHED_MODEL, lower_open=True),
    param("D_OBp", 0.2674077909527713, "1/day", "maturation rate of osteoblast precursors",
          _PIV, Evidence.PUBLISHED_MODEL, lower_open=True),
    param("A_OBa", 0.189, "1/day", "apoptosis (and burial) rate of active osteoblasts", _PIV,
          Evidence.PUBLISHED_MODEL, lower_open=True),
    param("K_D1_TGFb", 4.545454545454545e-3, "pM", "TGF-beta activation of commitment", _PIV,
          Evidence.PUBLISHED_MODEL, lower_open=True),
    param("K_D2_TGFb", 1.415624253823446e-3, "pM", "TGF-beta repression of maturation", _PIV,
          Evidence.PUBLISHED_MODEL, lower_open=True),
    param("K_D3_TGFb", 4.545454545454545e-3, "pM", "TGF-beta activation of osteoclast "
          "apoptosis", _PIV, Evidence.PUBLISHED_MODEL, lower_open=True),
    param("K_D8_RANKL", 4.457452802710724, "pM", "RANKL-RANK activation of osteoclast "
          "differentiation", _PIV, Evidence.PUBLISHED_MODEL, lower_open=True),
    param("A_OCa", 0.7, "1/day", "TGF-beta-induced apoptosis rate of active osteoclasts", _PIV,
          Evidence.PUBLISHED_MODEL, lower_open=True),
    param("D_OCp_flux", 2.1e-3, "pM/day", "maximal osteoclast formation flux from the young "
          "adult's precursor pool (Pivonka's D_OCp with OCp folded in)", _PIV,
          Evidence.PUBLISHED_MODEL, lower_open=True),
    param("OCp_young", 1.0e-3, "pM", "osteoclast precursors in the young adult",
          "Pivonka P et al., J Theor Biol 2010;262:306, doi:10.1016/j.jtbi.2009.09.021, "
          "PMID 19782692, Table 1 (OCp = 1e-3 pM; 1e4 RANK per precursor gives RANK = 10 pM)",
          Evidence.PUBLISHED_MODEL, lower_open=True),
    assumption("osteoclast_apoptosis_basal_share", 0.0, "dimensionless", "share of active "
               "osteoclast apoptosis that is basal (fixed at its young-adult rate) rather than "
               "driven by matrix-released TGF-beta as in Pivonka 2008",
               "osteoclasts live about two weeks whatever the resorption around them "
               "(Manolagas SC, Endocr Rev 2000;21:115, doi:10.1210/edrv.21.2.0394, PMID 10782361, "
               "text); the share itself is not measured", bounds=(0.0, 1.0)),
    assumption("A_OCp", 0.1, "1/day", "loss rate of osteoclast precursors other than by "
               "differentiation (apoptosis, leaving bone)",
               "precursor life of days to weeks; only sets how fast the precursor pool follows "
               "its supply", lower_open=True),
    assumption("k_bmsc", 0.5, "1/year", "renewal rate of the marrow stromal progenitor pool",
               "the stromal pool follows its aging supply, and its TGF-beta recruitment, over "
               "years (2 y at 0.5/y); with tgfb_stromal_gain it sets how fast formation catches "
               "up with a rise in resorption", lower_open=True),
    fitted("tgfb_stromal_gain", estimated("tgfb_stromal_gain"),
           "dimensionless", "exponent of matrix-released TGF-beta "
           "(relative to the young adult) on the supply of the marrow stromal progenitor pool: "
           "sustained resorption recruits progenitors, so formation catches up with resorption "
           "over the pool's renewal time (1 / k_bmsc)",
           "the slowing of LS loss after the menopausal transition (NH3: -3.3 %/y in the 2 y "
           "after the FMP, -1.1 %/y from 2 to 7 y after; NH1 ten-year totals; Greendale GA et "
           "al., J Bone Miner Res 2012;27:111, PMID 21976317, text); mechanism: active TGF-beta1 "
           "released by resorption recruits marrow stromal progenitors to resorption sites "
           "(Tang Y et al., Nat Med 2009;15:757, doi:10.1038/nm.1979, PMID 19584867); formation "
           "markers stay raised for decades after menopause (Garnero P et al., J Bone Miner Res "
           "1996;11:337, PMID 8852944, text)"),
    assumption("stromal_depletion_share", 0.0, "dimensionless", "how much of the TGF-beta "
               "recruitment law applies when resorption falls below the young adult's: the "
               "stromal pool follows (R_hi)^g (R / R_hi)^(share g), R_hi = max(R, 1) smoothed, "
               "with R the matrix-released TGF-beta relative to the young adult and g "
               "tgfb_stromal_gain (1 = the symmetric law, R^g; 0 = resorption above normal "
               "recruits progenitors, and resorption below it does not deplete them)",
               "active TGF-beta released by resorption recruits marrow stromal progenitors to "
               "resorption sites (Tang Y et al., Nat Med 2009;15:757, PMID 19584867): a "
               "recruitment on top of the pool's own renewal, whose absence need not shrink "
               "the pool. 0 is chosen after the DM8 diagnosis: with the symmetric law two years "
               "of denosumab shrink the pool to about 0.76 of the untreated arm's, formation "
               "lags for years after stopping, and spine BMD falls far below pre-treatment "
               "(-3.5 %), where the trial saw turnover markers rise above pre-treatment and BMD "
               "return to it (Cummings SR et al., J Bone Miner Res 2018;33:190, PMID 29105841)",
               bounds=(0.0, 1.0)),
    assumption("wnt_gain_commitment", 1.0, "dimensionless", "exponent of the Wnt signal on "
               "stromal commitment to the osteoblast lineage",
               "Wnt/beta-catenin drives osteoblast over adipocyte commitment (Krishnan V et al., "
               "J Clin Invest 2006;116:1202, doi:10.1172/JCI28551, PMID 16670761); linear "
               "response chosen"),
    assumption("wnt_gain_survival", 1.0, "dimensionless", "exponent of the Wnt signal on active "
               "osteoblast survival (apoptosis / wnt^gain)",
               "Wnt/beta-catenin signaling prolongs osteoblast life (Krishnan 2006, PMID "
               "16670761); linear response chosen"),
    fitted("igf1_gain", estimated("igf1_gain"), "dimensionless", "exponent of the IGF-1 signal (systemic and "
           "matrix-released) on osteoblast recruitment",
           "slow loss from the fourth decade (NH6: about 0.5 %/y, review statement; Riggs BL et "
           "al., J Bone Miner Res 2008;23:205, PMID 17937534, text), jointly with the premenopausal "
           "part of the SWAN ten-year LS loss (NH1, Greendale 2012, PMID 21976317, text)"),
    assumption("igf1_matrix_share", 0.1, "dimensionless", "share of the IGF-1 signal to "
               "osteoblast recruitment that is released from resorbed matrix (the rest is "
               "systemic)", "IGF-1 stored in bone matrix is released by resorption and "
               "recruits osteoblast precursors (Xian L et al., Nat Med 2012;18:1095, "
               "doi:10.1038/nm.2793, PMID 22729283); a small share chosen, since a large one "
               "couples formation to resorption so tightly that estrogen loss builds bone",
               bounds=(0.0, 1.0)),
    handset("sasp_bone_osteoblast_gain", 0.045, "dimensionless", "suppression of osteoblast "
           "maturation per unit of bone SASP (maturation / (1 + gain x SASP))",
           "the loss attributed to senescence in Farr JN et al., Nat Med 2017;23:1072, "
           "doi:10.1038/nm.4385, PMID 28825716, Fig. 4 (senolytics preserve formation); "
           "magnitude set with the age-related loss (NH4, PMID 17937534, text)"),
    handset("sasp_bone_osteoclast_gain", 0.045, "dimensionless", "rise of osteoclast precursor "
           "supply per unit of bone SASP",
           "senolytics lower resorption in old mice (Farr 2017, PMID 28825716, Fig. 4); "
           "magnitude set with NH4 (PMID 17937534, text)"),
    handset("sasp_systemic_osteoblast_gain", 0.003, "dimensionless", "suppression of stromal "
           "renewal per unit of systemic SASP",
           "inflammaging suppresses osteoblastogenesis (Farr 2017, PMID 28825716, text); "
           "magnitude set with NH5 (Melton LJ et al., J Bone Miner Res 2000;15:24, PMID "
           "10646111, text)"),
    handset("sasp_systemic_osteoclast_gain", 0.003, "dimensionless", "rise of osteoclast precursor "
           "supply per unit of systemic SASP (TNF, IL-6)",
           "inflammatory cytokines expand osteoclast precursors (Farr 2017, PMID 28825716, "
           "text); magnitude set with NH5 (PMID 10646111, text)"),
    fitted("rankl_blockade_survival_gain", estimated("rankl_blockade_survival_gain"),
           "dimensionless", "extra loss of resorbing osteoclasts when a drug holds all RANKL: "
           "apoptosis x (1 + gain x h^n), h the share of RANKL that treatment holds (a decoy "
           "drug, and the OPG a sclerostin antibody's freed Wnt adds) and n "
           "rankl_blockade_survival_steepness. RANKL keeps mature "
           "osteoclasts resorbing and alive, which the Pivonka core (TGF-beta-driven apoptosis "
           "only) leaves out; the osteoclast state stands for resorbing osteoclasts, so the gain "
           "lumps the loss of function with the loss of life",
           "the Prolia label's CTX fall by day 3 (about -85 %, US label section 12.2; "
           "DM6.ctx_3d), jointly with denosumab_bone_access and FREEDOM's end-of-interval CTX "
           "(DM6.ctx_6mo); > 80 % within 5 days is also reported (Chen Q et al., PLoS One "
           "2018;13:e0197984, PMID 29933364, abstract). Mechanism: RANKL blockade stops "
           "osteoclast formation, function and survival (label section 12.1). With the gain "
           "assumed before (3), CTX fell only 42 % by day 3"),
    assumption("rankl_blockade_survival_steepness", 3.0, "dimensionless", "exponent n of the "
               "held share h in the extra loss of resorbing osteoclasts (gain x h^n): osteoclasts "
               "lose function and life only when a drug holds most of their RANKL",
               "a threshold-like response chosen after fitting the gain with n = 1: the fit then "
               "took a bone accessibility of 0.04, so that at FREEDOM's end-of-interval trough a "
               "decoy holding a few percent of RANKL kept CTX 72 % down while free RANKL stood "
               "41 % above placebo (resorption suppressed with RANKL raised). With n = 3 free "
               "RANKL stays below placebo through the interval (-20 % at the trough); n = 2 "
               "leaves it at placebo's", lower_open=True),
    fitted("estrogen_osteoclast_apoptosis", estimated("estrogen_osteoclast_apoptosis"),
           "dimensionless", "exponent of estrogen on "
           "osteoclast apoptosis (apoptosis x E^gain)",
           "estrogen promotes osteoclast apoptosis (Nakamura T et al., Cell 2007;130:811, "
           "doi:10.1016/j.cell.2007.07.025, PMID 17803905); magnitude set with NH3 (LS loss "
           "around the FMP, Greendale GA et al., J Bone Miner Res 2012;27:111, PMID 21976317, "
           "text), jointly with tgfb_stromal_gain, which takes back part of the loss after the "
           "transition; the menopausal marker rise (Garnero P et al., J Bone Miner Res "
           "1996;11:337, PMID 8852944, text: resorption +79-97 %) is overshot (CTX about 2.1x)"),
    handset("estrogen_osteoblast_survival", 0.0, "dimensionless", "exponent of estrogen on "
           "active osteoblast survival (apoptosis x E^-gain)",
           "estrogen attenuates osteoblast and osteocyte apoptosis (Kousteni S et al., Cell "
           "2001;104:719, doi:10.1016/S0092-8674(01)00268-9, PMID 11257226); magnitude set with "
           "NH1/NH3 (Greendale 2012, PMID 21976317, text)"),
    param("osteoclast_formation_gain", 1.0, "dimensionless", "multiplier on osteoclast formation "
          "(conditions and drugs act here)", "assumption: 1 at baseline by construction",
          Evidence.ASSUMPTION),
    param("osteoblast_apoptosis_gain", 1.0, "dimensionless", "multiplier on active osteoblast "
          "apoptosis (glucocorticoids and drugs act here)",
          "assumption: 1 at baseline by construction", Evidence.ASSUMPTION, lower_open=True),
)


def osteoblast_rates(s, tgfb, m, p, xp):
    """Derivatives of bmsc (1/day), OBp and OBa (pM/day).

    ``m`` holds the modulators: ``commitment`` (adipogenic drift), ``bmsc_supply`` (systemic
    SASP), ``igf`` (IGF-1 signal), ``wnt``, ``sasp_bone``, ``estrogen``.
    """
    bmsc, obp, oba = s["bmsc"], s["OBp"], s["OBa"]
    # TGF-beta released by resorption recruits stromal progenitors to remodeling sites (Tang Y et
    # al., Nat Med 2009, PMID 19584867): the pool follows resorption over years
    # above the young adult's resorption the recruitment law holds; below it, only its share
    r = tgfb / PIV_OCA
    r_hi = 0.5 * (r + 1.0 + xp.sqrt((r - 1.0) ** 2 + _KINK**2) - _KINK)  # max(r, 1), smoothed
    recruit = r_hi ** p["tgfb_stromal_gain"] * (r / r_hi) ** (p["stromal_depletion_share"]
                                                             * p["tgfb_stromal_gain"])
    dbmsc = p["k_bmsc"] * (m["bmsc_supply"] * recruit - bmsc) / 365.25
    commit = (p["D_OBu"] * p["osteoblast_commitment_gain"] * bmsc * m["commitment"]
              * m["wnt"] ** p["wnt_gain_commitment"]
              * m["igf"] ** p["igf1_gain"]
              * act(tgfb, p["K_D1_TGFb"]))
    mature = (p["D_OBp"] * rep(tgfb, p["K_D2_TGFb"]) * obp
              / (1.0 + p["sasp_bone_osteoblast_gain"] * m["sasp_bone"]))
    dobp = commit - mature
    doba = mature - (p["A_OBa"] * p["osteoblast_apoptosis_gain"] * oba
                     * m["estrogen"] ** (-p["estrogen_osteoblast_survival"])
                     / m["wnt"] ** p["wnt_gain_survival"])
    return dbmsc, dobp, doba


def osteoclast_rates(s, tgfb, rank_rankl, m, p, xp):
    """Derivatives of OCp and OCa (pM/day).

    ``m``: ``ocp_supply`` (SASP), ``estrogen``, ``apoptosis`` (drug multiplier), ``formation``
    (disease multiplier on formation from precursors).
    """
    ocp, oca = s["OCp"], s["OCa"]
    k_form = p["D_OCp_flux"] / p["OCp_young"]  # formation per precursor at full activation
    formation = (k_form * ocp * act(rank_rankl, p["K_D8_RANKL"]) * p["osteoclast_formation_gain"]
                 * m["formation"])
    supply0 = (k_form * act(_PIV_RANKRANKL, p["K_D8_RANKL"]) + p["A_OCp"]) * p["OCp_young"]
    docp = supply0 * m["ocp_supply"] - formation - p["A_OCp"] * ocp
    w = p["osteoclast_apoptosis_basal_share"]
    driven = w * act(PIV_OCA, p["K_D3_TGFb"]) + (1.0 - w) * act(tgfb, p["K_D3_TGFb"])
    apoptosis = (p["A_OCa"] * driven * oca
                 * m["estrogen"] ** p["estrogen_osteoclast_apoptosis"] * m["apoptosis"])
    return docp, formation - apoptosis


def rank(ocp, p):
    """RANK on osteoclast precursors (pM): the young-adult RANK (10 pM) per young precursor pool."""
    return PIV_RANK * ocp / p["OCp_young"]


__all__ = ["PARAMETERS", "PIV_OBA", "PIV_OBP", "osteoblast_rates", "osteoclast_rates", "rank"]
