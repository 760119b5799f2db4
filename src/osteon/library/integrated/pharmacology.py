"""Where drugs act on the integrated model: its pharmacological inputs.

Each input is a parameter with a neutral value (no drug). A drug (:mod:`osteon.drugs`) is
composed with the model and sets these inputs, at every instant, from its own PK states; the
model's equations never name a drug. Each input acts where the biology says:

- ``rankl_decoy``: K_A x free concentration of every extra RANKL binder (denosumab, OPG-Fc,
  RANK-Fc), an extra term in the RANKL binding equilibrium next to OPG and RANK; the share of
  RANKL it holds, when most, also shortens the life of resorbing osteoclasts
  (``rankl_blockade_survival_gain``, ``rankl_blockade_survival_steepness``);
- ``sclerostin_blockade``: the fraction of sclerostin held by an antibody (romosozumab), which
  cannot reach LRP5/6; the OPG that the freed Wnt adds counts with the decoys' share of held
  RANKL;
- ``osteoclast_apoptosis_gain``: a multiplier on osteoclast apoptosis (bisphosphonates taken up
  by resorbing osteoclasts);
- ``estrogen_agonism``: estrogen-receptor agonism added to the endogenous estrogen signal
  (estradiol, SERMs), in units of the premenopausal estradiol level;
- ``osteoblast_commitment_gain``: a multiplier on the commitment of stromal progenitors to
  osteoblast precursors (fluoride, a mitogen of osteoprogenitors);
- ``new_bone_fragility``: the log relative fracture hazard carried by bone formed now (fluoride's
  brittle fluorapatite bone > 0); remodeling carries it into the tissue's quality state;
- ``senolytic_clearance``: an extra first-order clearance of senescent osteocytes (senolytics),
  added to their immune clearance;
- ``vitamin_d_repletion``: serum 25(OH)D added by vitamin D supplements (ng/mL), on top of the
  subject's own level (``serum_25ohd``, which a deficiency lowers);
- ``calcium_supplement``: supplement calcium entering the gut (mmol/hour), absorbed at the gut's
  true fractional absorption (see ``endocrine.true_absorption_fraction``);
- ``pth_receptor_agonism``: a PTH1R agonist's PTH-equivalent concentration (pmol/L; potency x
  its molar concentration) that the PTH receptor sees beside plasma PTH, in every PTH1R-mediated
  action: the bone cells (RANKL, OPG, the anabolic signaling, the cortical PTH space), renal
  calcium reabsorption and 1-alpha-hydroxylase. It is not plasma PTH: the parathyroid gland's
  secretion and PTH clearance do not see it, and the ``pth`` observable stays plasma PTH
  (abaloparatide; teriparatide, PTH 1-34, is plasma PTH itself).
"""

from __future__ import annotations

import math

from osteon.library.integrated._common import param
from osteon.model.parameter import Evidence

_NEUTRAL = "assumption: no drug at baseline (set by the drug layer from drug concentrations)"

PARAMETERS = (
    param("rankl_decoy", 0.0, "dimensionless", "K_A x free concentration summed over drugs that "
          "bind RANKL (enters the RANKL binding equilibrium beside OPG and RANK)", _NEUTRAL,
          Evidence.ASSUMPTION),
    param("sclerostin_blockade", 0.0, "dimensionless", "fraction of sclerostin bound by an "
          "antibody (cannot inhibit LRP5/6)", _NEUTRAL, Evidence.ASSUMPTION,
          bounds=(0.0, 1.0), upper_open=True),
    param("osteoclast_apoptosis_gain", 1.0, "dimensionless", "multiplier on active osteoclast "
          "apoptosis (drugs taken up by resorbing osteoclasts act here)", _NEUTRAL,
          Evidence.ASSUMPTION, lower_open=True),
    param("estrogen_agonism", 0.0, "dimensionless", "estrogen-receptor agonism added to the "
          "endogenous estrogen signal, relative to the premenopausal estradiol level", _NEUTRAL,
          Evidence.ASSUMPTION),
    param("osteoblast_commitment_gain", 1.0, "dimensionless", "multiplier on the commitment of "
          "stromal progenitors to osteoblast precursors (drugs that stimulate osteoprogenitors "
          "act here)", _NEUTRAL, Evidence.ASSUMPTION, lower_open=True),
    param("new_bone_fragility", 0.0, "dimensionless", "log relative fracture hazard carried by "
          "bone formed now (0 = normal tissue); the tissue-quality state follows it at the "
          "skeleton's renewal rate", _NEUTRAL, Evidence.ASSUMPTION, bounds=(-math.inf, math.inf)),
    param("senolytic_clearance", 0.0, "1/day", "extra first-order clearance of senescent "
          "osteocytes by a senolytic drug (added to their immune clearance)", _NEUTRAL,
          Evidence.ASSUMPTION),
    param("vitamin_d_repletion", 0.0, "ng/mL", "serum 25(OH)D added by vitamin D supplements "
          "(on top of the subject's own serum_25ohd)", _NEUTRAL, Evidence.ASSUMPTION),
    param("calcium_supplement", 0.0, "mmol/hour", "supplement calcium entering the gut (beside "
          "the diet's OralCa)", _NEUTRAL, Evidence.ASSUMPTION),
    param("pth_receptor_agonism", 0.0, "pmol/L", "PTH-equivalent concentration of a PTH1R "
          "agonist that is not plasma PTH (added to plasma PTH wherever the PTH receptor reads "
          "it: bone cells, renal calcium reabsorption, 1-alpha-hydroxylase)", _NEUTRAL,
          Evidence.ASSUMPTION),
)
