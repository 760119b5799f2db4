"""The integrated osteon model (id ``osteon``), built from modules named for what they model:

``drivers`` (age, estrogen, IGF-1, systemic SASP, marrow adipogenic drift, loading),
``endocrine`` (Peterson & Riggs 2010 calcium-PTH-calcitriol-phosphate), ``rankl_opg`` (RANKL and
OPG producers and competitive binding), ``bone_cells`` (stromal pool, osteoblast and osteoclast
lineages), ``osteocytes`` (senescence and SASP, sclerostin and Wnt), ``bone_mass``
(trabecular and cortical compartments, mechanostat, BMD by site, markers); ``model`` assembles
them.
"""

from osteon.library.integrated.model import build

__all__ = ["build"]
