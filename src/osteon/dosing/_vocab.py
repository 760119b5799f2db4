"""Words shared by dose records and the prescription language: units, routes, drug ids, numbers.

Every normalizer returns the canonical form, or ``None`` when the text is not recognized, so that
callers can word their own error (a :class:`~osteon.dosing.Dose` field, or a prescription word).
"""

from __future__ import annotations

import re

import numpy as np

AMOUNT_UNITS: tuple[str, ...] = ("mg", "ug", "g", "IU", "mmol", "session")
"""Units of a dose amount (a bolus, or the total of a zero-order input; ``session``: a bout of
exercise)."""

RATE_UNITS: tuple[str, ...] = ("mg/day", "ug/day", "IU/day")
"""Units of a continuous infusion: ``amt`` is then the infusion rate (amount per day). ``IU/day``
for a drug dosed in IU (vitamin D: ``800 IU/day``), converted by the drug's ``dose_units`` as
its IU doses are; a drug not dosed in IU refuses it at simulate, naming its units."""

UNITS: tuple[str, ...] = AMOUNT_UNITS + RATE_UNITS

ROUTES: tuple[str, ...] = ("sc", "iv", "oral", "im", "transdermal", "training")
"""Routes of a dose (``training``: exercise sessions; implied when the unit is ``session``)."""

_UNIT_ALIASES: dict[str, str] = {
    "mg": "mg", "milligram": "mg", "milligrams": "mg",
    "ug": "ug", "µg": "ug", "μg": "ug", "mcg": "ug", "microgram": "ug", "micrograms": "ug",
    "g": "g", "gram": "g", "grams": "g",
    "iu": "IU", "mmol": "mmol", "session": "session", "sessions": "session",
}
_UNIT_ALIASES.update({f"{k}/{per}": f"{v}/day" for k, v in list(_UNIT_ALIASES.items())
                      if f"{v}/day" in RATE_UNITS for per in ("day", "d")})

_ROUTE_ALIASES: dict[str, str] = {
    "sc": "sc", "subcutaneous": "sc", "subcut": "sc", "sq": "sc",
    "iv": "iv", "intravenous": "iv",
    "oral": "oral", "po": "oral", "orally": "oral",
    "im": "im", "intramuscular": "im",
    "transdermal": "transdermal", "td": "transdermal",
    "training": "training",
}

DRUG_ALIASES: dict[str, str] = {
    "zoledronate": "zoledronic_acid",
    "alendronic_acid": "alendronate",
    "risedronic_acid": "risedronate",
    "ibandronic_acid": "ibandronate",
    "vit_d": "vitamin_d",
    "vit_d3": "vitamin_d",
    "vitamin_d3": "vitamin_d",
    "cholecalciferol": "vitamin_d",
    "pth_1_34": "teriparatide",
    "e2": "estradiol",
    "oestradiol": "estradiol",
    "naf": "sodium_fluoride",
    "fluoride": "sodium_fluoride",
    "calcium_carbonate": "calcium",
    "calcium_citrate": "calcium",
    # exercise: 'training' is also the route word of its sessions; a prescription may begin with
    # it, or with a listed name that ends in it ('resistance training 2 sessions weekly')
    "resistance_training": "exercise",
    "impact_training": "exercise",
    "training": "exercise",
    # brand (proprietary) names of the US and EU prescribing information (Drugs@FDA labels,
    # EMA EPARs), each the same molecule as its id: a prescription copied from a chart reads
    # "Prolia 60 mg sc q6mo"
    "prolia": "denosumab",
    "xgeva": "denosumab",
    "fosamax": "alendronate",
    "binosto": "alendronate",
    "actonel": "risedronate",
    "atelvia": "risedronate",
    "reclast": "zoledronic_acid",
    "aclasta": "zoledronic_acid",
    "zometa": "zoledronic_acid",
    "forteo": "teriparatide",
    "forsteo": "teriparatide",
    "tymlos": "abaloparatide",
    "eladynos": "abaloparatide",
    "evenity": "romosozumab",
    "evista": "raloxifene",
    "sprycel": "dasatinib",
}
"""Other names of a drug -> its id. Aliases only: no drug list is implied or checked here. The one
list of them: a drug's card (:attr:`osteon.drugs.Drug.aliases`, ``osteon drugs show``) reads its
names here, so every name a card lists is one the lookup and the prescriptions accept."""

_DRUG_ID_RE = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")

RESERVED: frozenset[str] = frozenset(
    {"then", "and", "+", "(", ")", "once", "every", "for", "starting",
     "daily", "weekly", "monthly", "yearly", "annually", "fortnightly",
     *_UNIT_ALIASES, *_ROUTE_ALIASES}
)
"""Words that end a drug name in a prescription (and so cannot be a drug id on their own)."""

NUMBER = r"(?:\d+(?:\.\d*)?|\.\d+)"
_NUMBER_RE = re.compile(NUMBER)


def canonical_unit(text: str) -> str | None:
    """``"µg"`` -> ``"ug"``, ``"iu"`` -> ``"IU"``, ``"mcg/day"`` -> ``"ug/day"``; ``None`` if unknown."""
    return _UNIT_ALIASES.get(text.strip().lower()) if isinstance(text, str) else None


def canonical_route(text: str) -> str | None:
    """``"po"`` -> ``"oral"``, ``"subcutaneous"`` -> ``"sc"``; ``None`` if unknown."""
    return _ROUTE_ALIASES.get(text.strip().lower()) if isinstance(text, str) else None


def is_rate_unit(unit: str) -> bool:
    return unit in RATE_UNITS


def drug_id(name: str) -> str | None:
    """Normalize a drug name to its id (lowercase snake case, aliases applied); ``None`` if invalid.

    ``"Zoledronic Acid"`` -> ``"zoledronic_acid"``, ``"OPG-Fc"`` -> ``"opg_fc"``,
    ``"vitamin D3"`` -> ``"vitamin_d"``. An id starts with a letter, holds letters, digits and
    single underscores, and is not one of the prescription language's own words (a route, a unit,
    ``once``, ``daily``, ...).
    """
    if not isinstance(name, str):
        return None
    key = re.sub(r"[\s_\-]+", "_", name.strip().lower()).strip("_")
    key = DRUG_ALIASES.get(key, key)
    if not _DRUG_ID_RE.fullmatch(key) or key in RESERVED:
        return None
    return key


def alias_key(words: list[str]) -> str:
    """The key of ``words`` in :data:`DRUG_ALIASES` (lowercase, joined by underscores)."""
    return re.sub(r"[\s_\-]+", "_", " ".join(words).strip().lower()).strip("_")


def suggest_drug(name: str, known) -> str:
    """``" (did you mean 'zoledronic acid'?)"`` for the known drug closest to ``name`` among the
    ids and their aliases (``zoledronat`` is closest to the alias ``zoledronate``, not to the id
    ``alendronate``), or an empty string."""
    import difflib

    known = set(known)
    names = {k: k for k in known} | {a: d for a, d in DRUG_ALIASES.items() if d in known}
    key = re.sub(r"[\s_\-]+", "_", str(name).strip().lower()).strip("_")
    close = difflib.get_close_matches(key, list(names), n=1, cutoff=0.6)
    return f" (did you mean '{names[close[0]].replace('_', ' ')}'?)" if close else ""


def is_number(text: str) -> bool:
    """A plain positional decimal (``60``, ``2.5``, ``.5``): the only numbers prescriptions use."""
    return bool(_NUMBER_RE.fullmatch(text))


def num(x: float) -> str:
    """Shortest positional text that reads back to exactly ``x`` (``60.0`` -> ``'60'``)."""
    return str(np.format_float_positional(float(x), trim="-"))
