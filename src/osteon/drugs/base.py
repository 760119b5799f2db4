"""What a drug is in osteon: PK states and parameters, how a dose enters, and where it acts.

A :class:`Drug` owns its PK states (names prefixed with the drug id), its parameters (prefixed
too), the compartment each route doses into, and two functions:

- ``rates(t, d, m, p, xp)``: the derivatives of its PK states (per day) from its own states
  ``d``, the host model's states ``m`` (by name; a bisphosphonate's release from bone follows
  resorption) and the parameters ``p``; a key naming a host state listed in ``feeds`` adds a
  flux to that state (a drug whose level is pooled with the body's own, absorbed into it; no
  shipped drug uses it: teriparatide's depot is the host's own TERISC, and abaloparatide has
  its own plasma compartment and acts through ``pth_receptor_agonism``);
- ``effects(d, p, xp)``: the values of the host model's pharmacological inputs (see
  :mod:`osteon.library.integrated.pharmacology`) this drug sets, from its PK states.

Composition (:func:`osteon.drugs.compose`) adds the states and parameters to a model and
combines the effects of every drug given; the model's equations never name a drug.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from osteon.model.estimates import provenance
from osteon.model.parameter import Evidence, Parameter
from osteon.model.spec import Observable, State

#: dose units a prescription may use, in milligrams (IU: vitamin D3, 40 IU = 1 ug)
MASS_UNITS_MG = {"mg": 1.0, "g": 1e3, "ug": 1e-3, "mcg": 1e-3, "µg": 1e-3}

#: how the effects of several drugs on one input combine
COMBINE = {
    "rankl_decoy": "add",
    "sclerostin_blockade": "union",  # fractions held by independent binders: 1 - prod(1 - f)
    "osteoclast_apoptosis_gain": "multiply",
    "estrogen_agonism": "add",
    "osteoblast_commitment_gain": "multiply",
    "new_bone_fragility": "add",
    "senolytic_clearance": "add",
    "vitamin_d_repletion": "add",
    "calcium_supplement": "add",  # supplement calcium entering the gut (mmol/hour)
    "loading": "multiply",  # exercise raises the habitual mechanical load
    "pth_receptor_agonism": "add",  # PTH-equivalent pmol/L of PTH1R agonists beside plasma PTH
}


def neutral(name: str) -> float:
    """The value of drug input ``name`` where no drug acts on it: 1 for an input drugs multiply
    (a gain), 0 for one they add to or hold a fraction of."""
    return 1.0 if COMBINE[name] == "multiply" else 0.0


#: the integrated model's parameters whose only action is through drug inputs (:data:`COMBINE`)
#: away from their neutral values, each with the inputs it acts through (it acts where any of
#: them moves), read from its equations (library/integrated/model.py): the RANKL that treatment
#: holds is rankl_decoy plus the OPG that the Wnt freed by sclerostin blockade adds, and the
#: freed Wnt, the tolerance to it and the gains on it are 0 or 1 without blockade (the
#: tolerance starts at 0 and stays there). A test checks the list against the model's
#: right-hand side. In a run where no drug moves them, they change nothing
ONLY_THROUGH_DRUG_INPUT: dict[str, tuple[str, ...]] = {
    "rankl_blockade_survival_gain": ("rankl_decoy", "sclerostin_blockade"),
    "rankl_blockade_survival_steepness": ("rankl_decoy", "sclerostin_blockade"),
    "wnt_blockade_activity_gain": ("sclerostin_blockade",),
    "wnt_blockade_opg_gain": ("sclerostin_blockade",),
    "wnt_blockade_tolerance_time": ("sclerostin_blockade",),
}


@dataclass(frozen=True)
class DrugCard:
    """What a person reads before trusting a drug module."""

    name: str
    drug_class: str
    mechanism: str
    pk_model: str
    pd_model: str
    #: a prescription osteon parses, then any comment after '(', ';', ',' or ' with ': the dose
    #: checks compare doses with its first dose (``drugs.usual_dose``); "none (...)" only for a
    #: drug of ``drugs.NO_USUAL_DOSE``
    usual_regimen: str
    notes: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    #: the largest single dose given in a trial or a standard regimen (a prescription of one
    #: dose, e.g. "vitamin D 500000 IU oral once"), with its source: a single dose up to it is
    #: not reported as a likely unit slip ("" where none is documented)
    largest_dose: str = ""
    largest_dose_source: str = ""
    #: the regimen of the largest exposure rate (amount per day over its dosing interval, or an
    #: infusion's rate) given in a trial as a treatment, a prescription osteon parses, with its
    #: source: a schedule up to that rate is not reported as above the usual exposure
    #: (``drugs.RATE_ABOVE``) though it may be above the approved dose ("" where none above the
    #: usual regimen's is documented)
    largest_regimen: str = ""
    largest_regimen_source: str = ""
    #: for a drug given in short courses ("hit and run"): the longest run of consecutive dosing
    #: days studied, and the studied courses with their sources; a longer run without a day's
    #: pause is reported as outside the studied intermittent regimen (``None``: not checked)
    longest_course_days: float | None = None
    studied_courses: str = ""


@dataclass(frozen=True, eq=False)
class Drug:
    id: str
    card: DrugCard
    states: tuple[State, ...]
    parameters: tuple[Parameter, ...]
    #: route -> name of the state a bolus by that route enters (a drug state, or a host state)
    routes: Mapping[str, str]
    #: the unit of the dosing states' amounts and the factor from a dose unit to it
    amount_unit: str
    dose_units: Mapping[str, float]
    rates: Callable[..., Mapping[str, Any]]
    effects: Callable[..., Mapping[str, Any]]
    observables: tuple[Observable, ...] = ()
    observe: Callable[..., Mapping[str, Any]] | None = None
    #: the columns (its observables or states) that carry the drug's own level, which the
    #: figures draw (:func:`osteon.plotting.drug_level_variables`): its serum or plasma
    #: concentration, a bisphosphonate's amount bound in bone, and, where its level in the
    #: circulation is pooled with the body's own (a PTH analog's plasma PTH, supplement
    #: calcium's), the amount not yet absorbed (the subcutaneous depot, the tablet); empty
    #: where the drug has no level in the body (exercise)
    levels: tuple[str, ...] = ()
    #: host states the drug reads (checked at composition) and host inputs it sets
    reads: tuple[str, ...] = ()
    acts_on: tuple[str, ...] = ()
    #: host states the drug's ``rates`` add a flux to
    feeds: tuple[str, ...] = ()
    #: a zero-order input (amount/day) into ``infusion_state``: the parameter that carries it
    infusion_parameter: str | None = None
    #: the state the infusion parameter's input enters (the drug's ``rates`` or the host
    #: model's equations add it there): the one ``cmt`` an infusion record may name
    infusion_state: str | None = None
    #: factor from (dose-unit amount) per day to the infusion parameter's unit
    infusion_factor: float = 1.0
    #: route -> the parameter holding the fraction of a dose by that route that reaches the
    #: systemic circulation (oral bioavailability); a route not named enters whole. Needed
    #: where a drug has routes of different bioavailability (an oral bisphosphonate given iv):
    #: the unusual-dose check compares systemic doses
    bioavailability: Mapping[str, str] = field(default_factory=dict)
    #: host states a dose record may name as its ``cmt`` beyond the drug's own dosing
    #: compartments (:func:`osteon.drugs.dosing_compartments`), each with the routes that
    #: enter it: teriparatide's iv bolus straight into the model's plasma PTH pool
    extra_compartments: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def state_names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.states)

    @property
    def aliases(self) -> tuple[str, ...]:
        """The other names prescriptions, :func:`osteon.drugs.get` and ``osteon drugs show``
        accept for this drug (any case), as written: brand names and alternative names, read
        from :data:`osteon.dosing._vocab.DRUG_ALIASES`, the one list of them."""
        from osteon.dosing._vocab import DRUG_ALIASES

        def written(key: str) -> str:  # a number joined by a hyphen: 'pth-1-34', not an amount
            head, *rest = key.split("_")
            return head + "".join(("-" if w.isdigit() else " ") + w for w in rest)

        return tuple(written(a) for a, d in DRUG_ALIASES.items() if d == self.id)


def pk(name: str, value: float, unit: str, desc: str, source: str,
       evidence: Evidence = Evidence.PUBLISHED_MODEL, **kw: Any) -> Parameter:
    """A drug parameter (the name already prefixed by the caller)."""
    if evidence == Evidence.FITTED:
        source += provenance(name)
    return Parameter(name=name, value=value, unit=unit, description=desc, source=source,
                     evidence=evidence, **kw)
