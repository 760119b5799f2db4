"""Where conditions act on the integrated model: its disease inputs.

Each input is a parameter with a neutral value (a healthy subject). A condition
(:mod:`osteon.conditions`) sets them from its severity between its onset and offset; the
model's equations never name a condition. Inputs that are physiological signals shared by
bone and vessel (``inflammation``, ``klotho``) act through the effects written here; the
others are gains on one process:

- ``bone_rankl_gain``: multiplier on RANKL made by the osteoblast lineage and osteocytes
  (glucocorticoids, myeloma cells inducing stromal RANKL);
- ``osteoblast_opg_gain``: multiplier on OPG made by osteoblasts (glucocorticoids, DKK1 in
  myeloma, OPG gene loss);
- ``inflammation``: systemic inflammatory activity (IL-6, TNF-alpha), 0 = none, 1 = untreated
  active rheumatoid arthritis: raises T-cell RANKL, lowers RUNX2/BMP-driven osteoblast
  commitment and osteoblastic OPG, and drives the osteogenic transition of vascular smooth
  muscle (:mod:`.vascular`);
- ``klotho``: alpha-klotho relative to normal (1; 0 = the kl/kl mouse): fewer osteoblast
  progenitors, less osteoclastogenesis from the marrow side, more OPG, and more phosphate taken
  up by vascular smooth muscle;
- ``ovarian_function`` and ``aromatase_activity`` (1 = intact): the ovarian and the
  extra-ovarian (aromatase) parts of a woman's estradiol (surgical menopause, GnRH agonists,
  aromatase inhibitors);
- ``sasp_extra``: systemic SASP from non-skeletal senescent cells beyond that of aging, in the
  units of the aging index; it adds to the systemic SASP and propagates senescence to
  osteocytes;
- ``mgp_activity``: carboxylated matrix Gla protein relative to normal (vitamin K status,
  warfarin), a local inhibitor of vascular mineral growth (:mod:`.vascular`).

Conditions also use inputs of other modules: ``loading`` (disuse), ``tcell_rankl_gain``,
``rankl_tumor``, ``vascular_opg_gain``, ``opg_exogenous``, ``osteoclast_formation_gain``,
``osteoblast_apoptosis_gain``, ``osteoblast_commitment_gain``, ``sclerostin_production_gain``,
and the Peterson & Riggs parameters ``IPTHinf`` (autonomous PTH secretion), ``GFR`` and ``T69``
(renal calcitriol synthesis).
"""

from __future__ import annotations

from osteon.library.integrated._common import assumption, fitted, param
from osteon.model.estimates import estimated
from osteon.model.parameter import Evidence

_NEUTRAL = "assumption: neutral value of a healthy subject (set by the condition layer)"
KAWAGUCHI = ("Kawaguchi H et al., J Clin Invest 1999;104:229, "
             "PMID 10430604, abstract text")

PARAMETERS = (
    param("bone_rankl_gain", 1.0, "dimensionless", "multiplier on RANKL made by the osteoblast "
          "lineage and osteocytes (conditions act here)", _NEUTRAL, Evidence.ASSUMPTION),
    param("osteoblast_opg_gain", 1.0, "dimensionless", "multiplier on OPG made by osteoblasts "
          "(conditions act here)", _NEUTRAL, Evidence.ASSUMPTION),
    param("inflammation", 0.0, "dimensionless", "systemic inflammatory activity (IL-6, "
          "TNF-alpha): 0 = none, 1 = untreated active rheumatoid arthritis", _NEUTRAL,
          Evidence.ASSUMPTION),
    fitted("inflammation_tcell_gain", estimated("inflammation_tcell_gain"),
           "dimensionless", "rise of T-cell RANKL per unit of "
           "inflammation (RANKL x (1 + gain x inflammation))",
           "excess LS loss of untreated early RA, -1.8 %/year (LS -2.4 vs -0.6 %/year in controls: Gough "
           "AKS et al., Lancet 1994;344:23, doi:10.1016/S0140-6736(94)91049-9, PMID 7912297, "
           "abstract text); activated T cells make RANKL (Kong YY et al., Nature 1999;402:304, "
           "doi:10.1038/46303)"),
    assumption("inflammation_osteoblast_gain", 0.05, "dimensionless", "suppression of "
               "osteoblast commitment per unit of inflammation (commitment / (1 + gain x "
               "inflammation))",
               "TNF-alpha and IL-6 suppress RUNX2/BMP signaling and osteoblast differentiation "
               "(Gravallese EM, Ann Rheum Dis 2002;61 Suppl 2:ii84, review); the size is not "
               "measured and is chosen smaller than the RANKL effect"),
    assumption("inflammation_opg_gain", 0.05, "dimensionless", "suppression of osteoblastic OPG "
               "per unit of inflammation (OPG / (1 + gain x inflammation))",
               "inflammatory cytokines lower the OPG/RANKL balance in arthritis (Gravallese EM, "
               "Ann Rheum Dis 2002;61 Suppl 2:ii84, review); the size is not measured"),
    param("klotho", 1.0, "dimensionless", "alpha-klotho relative to normal (0 = kl/kl)",
          _NEUTRAL, Evidence.ASSUMPTION, bounds=(0.0, 1.0)),
    assumption("klotho_osteoblast_effect", 0.6, "dimensionless", "fall of osteoblast "
               "commitment at klotho = 0 (commitment x (1 - effect d), d the klotho deficit beyond "
               "klotho_bone_threshold, 1 at klotho = 0)",
               f"kl/kl marrow has fewer osteoblast progenitors and lower ALP and nodule "
               f"formation ({KAWAGUCHI}); the size is not given in the abstract and is chosen",
               bounds=(0.0, 1.0), upper_open=True),
    assumption("klotho_osteoclast_effect", 0.3, "dimensionless", "fall of osteoclast formation "
               "at klotho = 0 (formation x (1 - effect d), d as for klotho_osteoblast_effect)",
               f"osteoclastogenesis is reduced cell-autonomously in kl/kl marrow cells "
               f"({KAWAGUCHI}); the size is not given and is chosen",
               bounds=(0.0, 1.0), upper_open=True),
    assumption("klotho_bone_threshold", 0.5, "dimensionless", "klotho deficit (1 - klotho) "
               "up to which the kl/kl effects on bone cells (klotho_osteoblast_effect, "
               "klotho_osteoclast_effect, klotho_opg_effect) do not act; beyond it they grow "
               "linearly to their full size at klotho = 0 (the vessel's klotho effects stay "
               "linear in the deficit)",
               "the kl/kl syndrome, osteoporosis included, is inherited as an autosomal "
               "recessive trait (Kuro-o M et al., Nature 1997;390:45, doi:10.1038/36285; "
               "Kuro-o M, Pflugers Arch 2010;459:333, doi:10.1007/s00424-009-0722-7, "
               "introduction text): the heterozygote, with one intact allele and so about half "
               "the klotho (the half is the assumption), does not show it; and targeted "
               "deletion of klotho from osteocytes raised bone formation and bone volume, in "
               "contrast to kl/kl (Komaba H et al., Kidney Int 2017;92:599, "
               "doi:10.1016/j.kint.2017.02.014, abstract text), so the kl/kl bone phenotype is "
               "not read as a graded effect of partial klotho loss on bone cells. The vessel's "
               "effects stay linear: heterozygous klotho mice calcify with CKD (Hu MC et al., "
               "J Am Soc Nephrol 2011;22:124, vascular module)",
               bounds=(0.0, 1.0), upper_open=True),
    assumption("klotho_opg_effect", 1.0, "dimensionless", "rise of osteoblastic OPG at klotho "
               "= 0 (OPG x (1 + effect d), d as for klotho_osteoblast_effect)",
               "about 2-fold opg mRNA in kl/kl tissues (Yamashita T et al., Endocrinology 2002, "
               "doi:10.1210/en.2002-220602, abstract text; semi-quantitative RT-PCR)"),
    param("ovarian_function", 1.0, "dimensionless", "ovarian estradiol production relative to "
          "intact ovaries (0 = oophorectomy or full suppression)", _NEUTRAL,
          Evidence.ASSUMPTION, bounds=(0.0, 1.0)),
    param("aromatase_activity", 1.0, "dimensionless", "extra-ovarian (aromatase) estradiol "
          "production relative to normal (aromatase inhibitors lower it)", _NEUTRAL,
          Evidence.ASSUMPTION, bounds=(0.0, 1.0)),
    param("sasp_extra", 0.0, "dimensionless", "systemic SASP from non-skeletal senescent cells "
          "beyond that of aging (units of the systemic SASP index)", _NEUTRAL,
          Evidence.ASSUMPTION),
    assumption("sasp_propagation_gain", 0.1, "dimensionless", "rise of osteocyte senescence "
               "induction per unit of extra systemic SASP (induction x (1 + gain x extra))",
               "SASP factors induce senescence in neighbouring and distant cells (paracrine "
               "senescence; Acosta JC et al., Nat Cell Biol 2013;15:978, "
               "doi:10.1038/ncb2784, abstract text); the size in osteocytes is not measured"),
    param("mgp_activity", 1.0, "dimensionless", "carboxylated matrix Gla protein relative to "
          "normal (vitamin K status)", _NEUTRAL, Evidence.ASSUMPTION, bounds=(0.0, 1.0)),
)


def estrogen_split(e_female_intrinsic, post, p):
    """A woman's estradiol with its ovarian and aromatase parts scaled by the disease inputs.

    ``e_female_intrinsic`` is the life-course estradiol (1 young, ``post`` after menopause); the
    postmenopausal level is taken as the extra-ovarian (aromatase) part throughout life.
    """
    return (post * p["aromatase_activity"]
            + (e_female_intrinsic - post) * p["ovarian_function"])


def klotho_deficit(p):
    return 1.0 - p["klotho"]


def klotho_bone_deficit(p):
    """The klotho deficit the bone-cell effects read: 0 up to ``klotho_bone_threshold``, then
    rising linearly to 1 at klotho = 0 (the kl/kl mouse, where the effects are sized)."""
    over = klotho_deficit(p) - p["klotho_bone_threshold"]
    return 0.5 * (over + abs(over)) / (1.0 - p["klotho_bone_threshold"])


def commitment_gain(p):
    """Multiplier on osteoblast commitment from inflammation and klotho."""
    return ((1.0 - p["klotho_osteoblast_effect"] * klotho_bone_deficit(p))
            / (1.0 + p["inflammation_osteoblast_gain"] * p["inflammation"]))


def osteoclast_formation_gain(p):
    """Multiplier on osteoclast formation from klotho."""
    return 1.0 - p["klotho_osteoclast_effect"] * klotho_bone_deficit(p)


def opg_gain(p):
    """Multiplier on osteoblastic OPG from the disease inputs."""
    return (p["osteoblast_opg_gain"] * (1.0 + p["klotho_opg_effect"] * klotho_bone_deficit(p))
            / (1.0 + p["inflammation_opg_gain"] * p["inflammation"]))


def tcell_gain(p):
    """Multiplier on T-cell RANKL from inflammation."""
    return 1.0 + p["inflammation_tcell_gain"] * p["inflammation"]


def senescence_propagation(p):
    """Multiplier on osteocyte senescence induction from extra systemic SASP."""
    return 1.0 + p["sasp_propagation_gain"] * p["sasp_extra"]
