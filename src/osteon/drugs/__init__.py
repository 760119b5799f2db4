"""Drugs: PK from published work and a PD hook where each drug acts, composed with a model.

::

    import osteon
    r = osteon.simulate("osteon", "denosumab 60 mg sc q6mo x 4", duration="3 years",
                        patient="female, age 65, T-score -2.7 at the femoral neck")

A regimen names drugs; :func:`simulate` composes the model with them (:func:`compose`), and
each dose becomes an engine event (:func:`dose_events`): a bolus into the compartment of the
route, or, for a continuous infusion, a zero-order input switched on and off.
"""

from __future__ import annotations

import importlib
import math
import re
from collections.abc import Iterable
from functools import cache, lru_cache
from typing import Any

from osteon.drugs.base import Drug, DrugCard
from osteon.drugs.compose import compose as _compose
from osteon.errors import InputError, OsteonError, UnknownNameError, did_you_mean
from osteon.events import Bolus, Event, InfusionStep
from osteon.model.spec import ModelSpec

#: drug id -> module that defines it (``DRUG`` or ``DRUGS``)
_REGISTRY = {
    "denosumab": "osteon.drugs.denosumab",
    "alendronate": "osteon.drugs.bisphosphonates",
    "risedronate": "osteon.drugs.bisphosphonates",
    "zoledronic_acid": "osteon.drugs.bisphosphonates",
    "teriparatide": "osteon.drugs.pth_analogs",
    "abaloparatide": "osteon.drugs.pth_analogs",
    "romosozumab": "osteon.drugs.romosozumab",
    "estradiol": "osteon.drugs.estrogens",
    "raloxifene": "osteon.drugs.estrogens",
    "genistein": "osteon.drugs.estrogens",
    "opg_fc": "osteon.drugs.decoys",
    "rank_fc": "osteon.drugs.decoys",
    "sodium_fluoride": "osteon.drugs.fluoride",
    "dasatinib": "osteon.drugs.senolytics",
    "quercetin": "osteon.drugs.senolytics",
    "calcium": "osteon.drugs.supplements",
    "vitamin_d": "osteon.drugs.supplements",
    "exercise": "osteon.drugs.exercise",
}


def names() -> list[str]:
    """Ids of every drug osteon models."""
    return sorted(_REGISTRY)


@cache
def get(name: str) -> Drug:
    """The drug ``name`` (an id such as ``"zoledronic_acid"``, or a name prescriptions accept,
    such as ``"Zoledronic Acid"`` or ``"vitamin D3"``)."""
    from osteon.dosing._vocab import drug_id, suggest_drug

    key = (drug_id(name) if isinstance(name, str) else None) or str(name).strip().lower()
    if key not in _REGISTRY:
        raise UnknownNameError(f"unknown drug '{name}' in osteon.drugs{suggest_drug(name, _REGISTRY)}"
                               f"; allowed: {', '.join(sorted(_REGISTRY))}")
    module = importlib.import_module(_REGISTRY[key])
    table = getattr(module, "DRUGS", None) or {module.DRUG.id: module.DRUG}
    return table[key]


@cache
def _parameter_owners() -> dict[str, str]:
    return {q.name: n for n in _REGISTRY for q in get(n).parameters}


def parameter_owner(name: Any) -> str | None:
    """The id of the drug whose parameter ``name`` is (``denosumab_kel``: ``denosumab``), if
    any: a model has a drug's parameters only when composed with that drug."""
    return _parameter_owners().get(name) if isinstance(name, str) else None


def not_given_hint(name: Any, spec: ModelSpec, what: str = "it") -> str | None:
    """Why ``spec`` lacks ``name`` where it is a parameter of a drug not composed with it (the
    run without the drug given a population made for one with it), else ``None``; ``what``
    names the input to leave out. (A virtual trial's arm without the drug leaves such a
    population column out and records it: :func:`osteon.trial.drug_columns`.)"""
    owner = parameter_owner(name)
    if owner is None or name in spec.parameter_names:
        return None
    if spec.id.split("+")[0] != "osteon":  # the drugs act on the integrated model only
        return (f"a parameter of drug '{owner}', and drugs act on the integrated model "
                f"'osteon' only; leave {what} out")
    return (f"a parameter of drug '{owner}', which this run does not give: a run prescribing "
            f"{owner.replace('_', ' ')} has it; prescribe the drug, or leave {what} out")


def compose(spec: ModelSpec, drugs: Iterable[str | Drug]) -> ModelSpec:
    """``spec`` with the PK states, parameters and effects of ``drugs``.

    The same model with the same drugs, in any order, gives the same (immutable) composed
    model: the drugs are added sorted by id, so ``a + b`` and ``b + a`` (and ``a.then(b)``)
    simulate one model, with its states in one order, to the last bit, and what is built for
    a model once (a compiled program of the JAX engine) serves every later call. (Composed in
    the order given, two drugs' effects on one input were combined in that order, and the
    solver's round-off followed: 1e-9 apart.)"""
    given = {d.id if isinstance(d, Drug) else get(d).id: d for d in drugs}
    return _composed(spec, tuple(d if isinstance(d, Drug) else get(d)
                                 for _, d in sorted(given.items())))


def composed_as_saved(spec: ModelSpec, names: Iterable[str]) -> ModelSpec:
    """``spec`` with ``names`` added in that order, as a saved result's model id lists them
    (``osteon+teriparatide+denosumab``): a result saved before :func:`compose` sorted the
    drugs keeps its states' order."""
    return _composed(spec, tuple(get(n) for n in names))


def given(spec: ModelSpec) -> tuple[Drug, ...]:
    """The drugs :func:`compose` added to ``spec``, in their order (its id names them after the
    model's: ``osteon+denosumab+zoledronic_acid``)."""
    return tuple(get(name) for name in spec.id.split("+")[1:] if name in _REGISTRY)


@lru_cache(maxsize=64)
def _composed(spec: ModelSpec, drugs: tuple[Drug, ...]) -> ModelSpec:
    return _compose(spec, list(drugs))


def dose_events(record: Any, spec: ModelSpec) -> list[Event]:
    """Engine events of one explicit dose record (:class:`osteon.dosing.Dose`)."""
    drug = get(record.drug)
    unit = record.unit.split("/")[0]
    if unit not in drug.dose_units:
        raise InputError(f"{drug.card.name} dose unit must be one of "
                         f"{', '.join(drug.dose_units)}; got '{record.unit}' in {_what(record)}")
    factor = drug.dose_units[unit]
    if record.is_infusion:
        if drug.infusion_parameter is None:
            raise InputError(_no_input_form(drug, record))
        if record.cmt is not None:
            _infusion_compartment(drug, record, spec)
        rate = record.amt if "/" in record.unit else record.amt / record.input_duration
        end = record.time + record.input_duration
        value = rate * factor * drug.infusion_factor
        return [InfusionStep(record.time, drug.infusion_parameter, value, drug=drug.id),
                InfusionStep(end, drug.infusion_parameter, 0.0, drug=drug.id)]
    if record.cmt is not None:
        target = _dosed_compartment(drug, record, spec)
    else:
        _check_route(drug, record)
        target = drug.routes[record.route]
    spec.state_index(target)
    return [Bolus(record.time, target, record.amt * factor)]


def dosing_compartments(drug: Drug) -> dict[str, tuple[str, ...]]:
    """The states a dose record of ``drug`` may name as its ``cmt``, each with the routes that
    enter it: the state each route doses (``Drug.routes``), the drug's own central or plasma
    compartment in its amount unit (an iv bolus: the systemic compartment is where an
    intravenous dose goes), and the host states its card declares
    (``Drug.extra_compartments``: teriparatide iv into ``PTH_amount``). No other state: a
    dose's amount is in the drug's amount unit, and a state of another drug, of the host model
    (a concentration, a cell count) or a drug's bound or peripheral amount is no place a dose
    enters."""
    allowed: dict[str, list[str]] = {}
    for route, state in drug.routes.items():
        allowed.setdefault(state, []).append(route)
    for state in drug.states:
        if (state.name in (f"{drug.id}_central", f"{drug.id}_plasma")
                and state.unit == drug.amount_unit):
            routes = allowed.setdefault(state.name, [])
            if "iv" not in routes:
                routes.append("iv")
    for state, routes in drug.extra_compartments.items():
        allowed.setdefault(state, []).extend(r for r in routes if r not in allowed[state])
    return {state: tuple(routes) for state, routes in allowed.items()}


def _dosed_compartment(drug: Drug, record: Any, spec: ModelSpec) -> str:
    """The state a dose record with a ``cmt`` enters: one of :func:`dosing_compartments`, named
    in full, by its short name ('depot' is '<drug>_depot') or by a former name (warned:
    ``ModelSpec.current_name``), by a route that enters it; else an InputError naming what the
    user wrote."""
    allowed = dosing_compartments(drug)
    cmt = record.cmt
    if cmt in spec.renamed:
        target = spec.current_name(cmt)
    elif cmt in allowed or cmt in spec.state_names:
        target = cmt
    else:
        target = f"{drug.id}_{cmt}"
    if target not in allowed:
        short = {name: name[len(drug.id) + 1:] for name in allowed if name.startswith(f"{drug.id}_")}
        listed = ", ".join(f"{name} ({'/'.join(routes)})" for name, routes in allowed.items())
        also = f" (or by the short name {', '.join(short.values())})" if short else ""
        raise InputError(f"Dose.cmt of {drug.card.name} must be one of its dosing compartments "
                         f"{listed}{also}, or None for the compartment of the route"
                         f"{did_you_mean(cmt, [*allowed, *short.values()])}; got '{cmt}' in "
                         f"{_what(record)}")
    if record.route not in allowed[target]:
        raise InputError(f"Dose.route of a dose into {target} must be {' or '.join(allowed[target])}"
                         f" (the route that enters it); got route '{record.route}' in "
                         f"{_what(record)}")
    return target


def _infusion_compartment(drug: Drug, record: Any, spec: ModelSpec) -> str:
    """The state an infusion record with a ``cmt`` enters: its drug's ``infusion_state``, the
    one its input rate (``infusion_parameter``) enters, named in full, by its short name
    ('store' is 'vitamin_d_store') or by a former name (warned); else an InputError naming what
    the user wrote, as :func:`_dosed_compartment` refuses a bolus's. (An infusion's ``cmt`` was
    not read: one naming another drug's depot or a cell count was given as its own.)"""
    target = drug.infusion_state
    assert target is not None, f"drug {drug.id} has an infusion parameter but no infusion_state"
    cmt = record.cmt
    name = spec.current_name(cmt) if cmt in spec.renamed else cmt
    short = target[len(drug.id) + 1:] if target.startswith(f"{drug.id}_") else None
    if name not in (target, short):
        also = f" (or by the short name {short})" if short else ""
        raise InputError(f"Dose.cmt of an infusion of {drug.card.name} must be {target}, the "
                         f"compartment its input rate {drug.infusion_parameter} enters{also}, "
                         f"or None for that compartment{did_you_mean(cmt, [target, short or target])}; "
                         f"got '{cmt}' in {_what(record)}")
    return target


def _check_route(drug: Drug, record: Any) -> None:
    """Refuse a bolus left to its route (no ``cmt``) by a route ``drug`` is not given by."""
    if record.cmt is None and not record.is_infusion and record.route not in drug.routes:
        raise InputError(f"{drug.card.name} is given {' or '.join(drug.routes)} in osteon; "
                         f"got route '{record.route}' in {_what(record)}")


def _what(record) -> str:
    """A dose record as a user reads it (the repr shows every field of the record), with the
    time its input takes where it has one ('over 15 minutes', 'at 5 mg/day')."""
    from osteon.dosing._format import duration_text
    from osteon.dosing._vocab import is_rate_unit

    given = ""
    if record.duration is not None:
        given = (f" for {duration_text(record.duration, exact=False)}" if is_rate_unit(record.unit)
                 else f" over {duration_text(record.duration, exact=False)}")
    elif record.rate is not None:
        given = f" at {record.rate:g} {record.unit}/day"
    return (f"the dose of {record.amt:g} {record.unit} {record.drug} {record.route or ''}{given} "
            f"at day {record.time:g}").replace("  ", " ")


def _no_input_form(drug: Drug, record: Any) -> str:
    """Why a dose of ``drug`` given over a time (or at a rate, or as a continuous infusion) is
    refused, and what to write instead: osteon gives such a drug only as a bolus."""
    from osteon.dosing._format import duration_text
    from osteon.dosing._vocab import is_rate_unit

    into = ", ".join(f"{route} into {state}" for route, state in drug.routes.items())
    if is_rate_unit(record.unit):
        fix = (f"give it as doses (e.g. '{drug.card.usual_regimen.split(' (')[0]}') instead of a "
               f"continuous infusion")
        what = "a continuous infusion"
    else:
        clause = (f"over {duration_text(record.duration, exact=False)}"
                  if record.duration is not None else f"at {record.rate:g} {record.unit}/day")
        fix = (f"leave out '{clause}' (in a Dose: duration=None, rate=None) and it is given as "
               f"a bolus")
        what = f"an input {clause}"
    return (f"{drug.card.name} has no zero-order input form in osteon (an input over a time, at "
            f"a rate or a continuous infusion): each dose enters as a bolus ({into}); got "
            f"{what} in {_what(record)}: {fix}")


#: ASSUMPTION, the rule on single doses: a single dose (the records of one drug given at once by
#: one route summed) more than this many times the card's usual single dose, or less than
#: 1/IMPLAUSIBLE_BELOW of it, is reported as a likely unit slip (trials' doses sit well inside:
#: FIT's 5 mg daily alendronate is 1/14 of the usual weekly 70 mg, Neer's 40 ug of teriparatide
#: twice the usual 20 ug, high-dose arms a few times the usual dose). Doses are compared as the
#: amounts that reach the circulation (``Drug.bioavailability``); a dose up to the card's
#: largest documented single dose (``DrugCard.largest_dose``: vitamin D 500,000 IU once) is not
#: reported. How much a schedule gives per day is the other rule's (:data:`RATE_ABOVE`): a large
#: bolus given too often ('vitamin D 50000 IU oral daily') is reported there
IMPLAUSIBLE_ABOVE, IMPLAUSIBLE_BELOW = 10.0, 100.0


#: the drugs whose card gives no usual dose, and why: the dose checks (:func:`implausible_doses`,
#: :func:`stacked_doses`) have nothing to compare their doses with and pass them silently. Every
#: other card's usual regimen, before any comment, is a prescription osteon parses (a test keeps
#: it so), so that the checks apply to every other drug
NO_USUAL_DOSE: dict[str, str] = {
    "rank_fc": "experimental: no human regimen exists (no dose of RANK-Fc was given to people)",
}


@cache
def usual_dose(name: str) -> float | None:
    """The single dose of the drug card's usual regimen, in the drug's amount unit (``None``
    for the drugs of :data:`NO_USUAL_DOSE`)."""
    usual = _usual(name)
    return None if usual is None else usual[0]


def _first_dose(drug: Drug, text: str, until: float) -> list[Any]:
    """The single doses of ``drug`` in the prescription ``text`` (before any comment) up to
    ``until`` days."""
    from osteon.dosing import parse

    # the prescription before any comment: "(with a progestogen ...)", "; for long runs ...",
    # "with dasatinib ...", and "for up to 24 months" read as "for 24 months"
    text = re.split(r"\s*[(;,]|\s+with\s", text)[0].replace(" up to ", " ")
    try:
        records = parse(text).expand(until=until)
    except OsteonError:
        return []
    return [r for r in records if r.drug == drug.id and "/" not in r.unit
            and r.unit.split("/")[0] in drug.dose_units]


@cache
def usual_interval(name: str) -> Any:
    """The dosing interval of ``name``'s usual regimen, an :class:`osteon.dosing._schedule.Span`
    (6 months for denosumab, 1 week for alendronate; the cycle's for a course regimen), or
    ``None`` for a drug osteon does not model or a usual regimen without one."""
    from osteon.dosing import _schedule as sch
    from osteon.dosing import parse

    try:
        text = get(name).card.usual_regimen
        node = parse(re.split(r"\s*[(;,]|\s+with\s", text)[0].replace(" up to ", " ")).node
    except OsteonError:
        return None
    while not isinstance(node, sch.Give | sch.Repeat):
        node = node.parts[0] if isinstance(node, sch.Together | sch.Series) else node.body
    return node.every if isinstance(node, sch.Repeat) else None


@cache
def _usual(name: str) -> tuple[float, float, float | None] | None:
    """The usual regimen's (single dose in the amount unit, systemic part of it, days to the
    next dose or ``None`` for a lone dose)."""
    drug = get(name)
    records = _first_dose(drug, drug.card.usual_regimen, 800.0)
    if not records:
        return None
    r = records[0]
    amount = r.amt * drug.dose_units[r.unit.split("/")[0]]
    interval = records[1].time - r.time if len(records) > 1 else None
    return amount, amount * _systemic_fraction(drug, r.route), interval


def _systemic_fraction(drug: Drug, route: str | None) -> float:
    """The fraction of a dose by ``route`` that reaches the circulation (1 where the drug names
    no bioavailability for that route)."""
    name = drug.bioavailability.get(route) if route is not None else None
    if name is None:
        return 1.0
    return next(p.value for p in drug.parameters if p.name == name)


@cache
def _largest_dose(name: str) -> float | None:
    """The systemic amount of the card's largest documented single dose, if any."""
    drug = get(name)
    records = _first_dose(drug, drug.card.largest_dose, 1.0) if drug.card.largest_dose else []
    if not records:
        return None
    r = records[0]
    return r.amt * drug.dose_units[r.unit.split("/")[0]] * _systemic_fraction(drug, r.route)


def _infusion_rate(drug: Drug, r: Any) -> float:
    """The amount of the infusion record ``r`` reaching the circulation per day while it runs."""
    per_day = r.amt if "/" in r.unit else r.amt / r.input_duration
    return per_day * drug.dose_units[r.unit.split("/")[0]] * _systemic_fraction(drug, r.route)


def _systemic(drug: Drug, r: Any) -> float:
    """The amount of the bolus record ``r`` reaching the circulation."""
    return r.amt * drug.dose_units[r.unit.split("/")[0]] * _systemic_fraction(drug, r.route)


def _cycle(t: list[float], a: list[float]) -> int:
    """The number of doses in one cycle of the schedule with dose times ``t`` and amounts ``a``:
    the first ``k`` such that every dose comes back ``k`` doses later, with its amount, one
    period later (within 10 %, an assumption that lets calendar months through): 1 for a
    regular schedule, 3 for 'daily x 3 days every month'."""
    n = len(t)
    for k in range(1, n):
        period = t[k] - t[0]
        if all(abs(t[i + k] - t[i] - period) <= 0.1 * period
               and abs(a[i + k] - a[i]) <= 1e-9 * a[i] for i in range(n - k)):
            return k
    return n - 1


@cache
def _regimen_rate(name: str, text: str) -> tuple[float, float | None, float] | None:
    """The exposure rate of the prescription ``text`` (before any comment) for the drug
    ``name``: (the amount reaching the circulation per day over one dosing cycle, the cycle in
    days, the amount per day within a course: one dose over the interval to the next). An
    infusion's rate is both rates (its cycle ``None``); ``None`` for a lone dose."""
    drug = get(name)
    from osteon.dosing import parse

    text = re.split(r"\s*[(;,]|\s+with\s", text)[0].replace(" up to ", " ")
    try:
        records = [r for r in parse(text).expand(until=800.0) if r.drug == drug.id
                   and r.unit.split("/")[0] in drug.dose_units]
    except OsteonError:
        return None
    infusions = [r for r in records if r.is_infusion]
    if infusions:
        rate = _infusion_rate(drug, infusions[0])
        return rate, None, rate
    rs = _at_once(_sorted(drug, records))
    if len(rs) < 2:
        return None
    t, a = [r.time for r in rs], [_systemic(drug, r) for r in rs]
    k = _cycle(t, a)
    return sum(a[:k]) / (t[k] - t[0]), t[k] - t[0], a[0] / (t[1] - t[0])


def _usual_rate(drug: Drug) -> tuple[float, float | None, float] | None:
    """The usual regimen's exposure rates (:func:`_regimen_rate`)."""
    return None if _usual(drug.id) is None else _regimen_rate(drug.id, drug.card.usual_regimen)


@cache
def _rate_limit(name: str) -> float:
    """The factor on the usual exposure rate above which a schedule is reported:
    :data:`RATE_ABOVE`, or the card's largest studied regimen's rate where that is higher."""
    drug = get(name)
    usual = _usual_rate(drug)
    largest = (_regimen_rate(name, drug.card.largest_regimen) if drug.card.largest_regimen
               else None)
    if usual is None or largest is None:
        return RATE_ABOVE
    return max(RATE_ABOVE, largest[0] / usual[0])


#: ASSUMPTION, the rule on exposure rates: a schedule is reported where its exposure rate
#: exceeds this many times the usual regimen's, whatever makes it so: a larger dose, the usual
#: dose given more often, or an infusion's rate. The rate is the amount reaching the
#: circulation per day, averaged over the usual regimen's dosing interval: the usual regimen's
#: doses over one dosing cycle (denosumab 60 mg / 182.6 d, zoledronic acid 5 mg / 365.25 d,
#: alendronate 70 mg oral / 7 d, teriparatide 20 ug / 1 d, dasatinib 3 x 100 mg / 30.4 d: the
#: cycle of a course regimen is from one course to the next), and a schedule's doses from one
#: dose to the first dose at least one usual cycle later over the days between (a schedule
#: shorter than one cycle: its doses but the last over the days from its first to its last,
#: against the usual dose over the usual interval between two doses, 100 mg / 1 d within a
#: dasatinib course; a lone dose has no rate and is left to the single-dose rule). An infusion's
#: rate is its amount per day (an infusion shorter than one usual cycle: its amount over the
#: cycle), infusions of one drug running at once summed. 1.5 leaves quiet the label's own
#: alternatives, which give the usual rate (alendronate 10 mg daily for 70 mg weekly,
#: risedronate 150 mg monthly: 1.0), calendar months (28 days for 30.44: 1.09) and the seam of
#: one course followed by another (1.1), and reports twice the usual exposure (2.0: a doubled
#: dose or the usual dose twice as often). Where the card documents a larger regimen given as a
#: treatment in a trial (``DrugCard.largest_regimen``: teriparatide 40 ug daily in Neer 2001,
#: vitamin D 250 ug/day, calcium 2 g/day), a schedule up to that regimen's rate is not reported:
#: it may be above the approved dose, but it is not a slip, and the validation gives those arms
FREQUENT_ABOVE = RATE_ABOVE = 1.5

#: drugs whose schedules are not compared with their usual regimen's exposure rate (the other
#: dose checks still apply), and why
NO_FREQUENCY_CHECK: dict[str, str] = {
    "exercise": "sessions are a training plan, not an exposure: 2 a week is about the least that "
                "shows a BMD effect (EFOPS), not a ceiling; programmes of 3-5 sessions a week or "
                "a session every other day are ordinary, and the model's response saturates",
}


def dose_warnings(regimen: Any, until: float) -> list[str]:
    """The dose checks of a prescription (an :class:`osteon.dosing.Regimen`, expanded up to
    ``until`` days), one line per finding: :func:`implausible_doses` (single doses, exposure
    rates read within each prescription item, infusions, unpaused courses) and
    :func:`stacked_doses`."""
    from osteon.dosing import _schedule as sch

    records = regimen.expand(until)
    items = sch.bolus_paths(regimen.node, regimen.start_date, float(until))
    return implausible_doses(records, items) + stacked_doses(regimen, until)


def implausible_doses(records, items: Iterable[Any] | None = None) -> list[str]:
    """One line per drug whose doses (``osteon.dosing.Dose`` records) break one of the dose
    rules, each naming the drug, what was given, the factor and the usual regimen:

    - single doses (records given at once by one route summed) more than
      :data:`IMPLAUSIBLE_ABOVE` times the usual single dose (and above the card's largest
      documented single dose, where it gives one), or under 1/:data:`IMPLAUSIBLE_BELOW` of it:
      a likely unit slip. Compared as the amounts that reach the circulation: an oral-only dose
      given iv counts whole;
    - an exposure rate (amount reaching the circulation per day, averaged over the usual
      dosing interval) above :data:`RATE_ABOVE` times the usual regimen's, or above the card's
      largest studied regimen's where that is higher: a larger dose, the usual dose given more
      often ('denosumab 60 mg sc every 1 day is 183 times the usual exposure'), or an infusion
      ('teriparatide 2000 ug/day sc continuous infusion is 100 times ...'). Not for the drugs
      of :data:`NO_FREQUENCY_CHECK`; a lone bolus has no rate;
    - a drug given in short courses (``DrugCard.longest_course_days``: dasatinib, quercetin)
      given on more consecutive days than its longest studied course, without a day's pause.

    A dose by a route its drug is not given by is refused first, as :func:`dose_events`
    refuses it. ``items`` gives, for each record, the prescription item it comes from
    (``osteon.dosing._schedule.bolus_paths``): the exposure rate of boluses is read within each
    item, as concurrent items of one drug are :func:`stacked_doses`' to report; without it all
    the records of a drug are one schedule. Infusions of one drug running at once are summed."""
    records = list(records)
    items = [None] * len(records) if items is None else list(items)
    doses: dict[str, list[Any]] = {}
    infusions: dict[str, list[Any]] = {}
    schedules: dict[tuple[str, Any], list[Any]] = {}
    for r, item in zip(records, items, strict=True):
        drug = get(r.drug)
        _check_route(drug, r)
        if r.unit.split("/")[0] not in drug.dose_units:
            continue  # dose_events refuses it
        if r.is_infusion or "/" in r.unit:
            infusions.setdefault(r.drug, []).append(r)
            continue
        doses.setdefault(r.drug, []).append(r)
        schedules.setdefault((r.drug, item), []).append(r)
    out: list[str] = []
    for drug_id in dict.fromkeys([*doses, *infusions]):
        drug = get(drug_id)
        if _usual(drug.id) is None:
            continue
        rs = _at_once(_sorted(drug, doses.get(drug_id, [])))
        per_item = [_at_once(_sorted(drug, s)) for (d, _), s in schedules.items() if d == drug_id]
        line = _dose_line(drug, rs, per_item, infusions.get(drug_id, []))
        if line:
            out.append(line)
    return out


def _sorted(drug: Drug, rs: list[Any]) -> list[Any]:
    """The records of ``drug`` in a unit it is dosed in, sorted for :func:`_at_once`."""
    return sorted((r for r in rs if r.unit.split("/")[0] in drug.dose_units),
                  key=lambda r: (r.time, r.route, r.unit, r.cmt or ""))


def _odd_single(drug: Drug, rs: list[Any]) -> tuple[Any, float, bool] | None:
    """The first single dose of ``rs`` (boluses of ``drug``, in time order, those given at once
    summed) that breaks the single-dose rule, as (its record, times the usual single dose,
    whether it is above the card's largest documented single dose); ``None`` where none does."""
    usual_systemic = _usual(drug.id)[1]
    largest = _largest_dose(drug.id)
    for r in rs:
        systemic = _systemic(drug, r)
        ratio = systemic / usual_systemic
        if ratio < 1.0 / IMPLAUSIBLE_BELOW:
            return r, ratio, False
        if ratio > IMPLAUSIBLE_ABOVE and (largest is None or systemic > largest * (1.0 + 1e-9)):
            return r, ratio, largest is not None
    return None


def _exposure(drug: Drug, rs: list[Any]) -> tuple[float, str, str | None, bool] | None:
    """The schedule ``rs`` (boluses of ``drug``, in time order, those given at once summed) as
    (times its usual exposure rate, what it gives and how often, its route, whether it is given
    more often than the usual regimen's doses) where that rate is above :func:`_rate_limit`;
    ``None`` where it is not, or the rule does not apply (see :data:`RATE_ABOVE`)."""
    usual = _usual_rate(drug)
    if usual is None or usual[1] is None or len(rs) < 2 or drug.id in NO_FREQUENCY_CHECK:
        return None
    cycle_rate, cycle, course_rate = usual
    dose_interval = _usual(drug.id)[2] or cycle
    limit = _rate_limit(drug.id)
    t = [r.time for r in rs]
    cum = [0.0]
    for r in rs:
        cum.append(cum[-1] + _systemic(drug, r))
    # from each dose to the first dose at least one usual cycle later; a schedule shorter than
    # one usual cycle from its first dose to its last is read over its whole length (the tail
    # of a longer one is not read alone: the last two days of a course of 'daily x 2 days
    # every month' are not 'daily')
    short = t[-1] - t[0] < cycle * (1.0 - 1e-9)
    worst, j = None, 0
    for i in range(1 if short else len(rs) - 1):
        j = max(j, i + 1)
        while j < len(rs) - 1 and t[j] - t[i] < cycle * (1.0 - 1e-9):
            j += 1
        if not short and t[j] - t[i] < cycle * (1.0 - 1e-9):
            break  # the tail: no dose one usual cycle after dose i, nor after later ones
        span = t[j] - t[i]
        if span <= 1e-9 * cycle:
            continue  # given at once (stacking)
        ratio = (cum[j] - cum[i]) / span / (course_rate if short else cycle_rate)
        if ratio > limit * (1.0 + 1e-9) and (worst is None or ratio > worst[0]):
            worst = (ratio, i, j)
    if worst is None:
        return None
    ratio, i, j = worst
    window, gaps = rs[i:j], [t[k + 1] - t[k] for k in range(i, j)]
    route = rs[i].route
    if len({(r.amt, r.unit, r.route) for r in window}) == 1 and \
            max(gaps) - min(gaps) <= 1e-6 * max(gaps):
        g = gaps[0]
        what = (f"{drug.id} {rs[i].amt:g} {rs[i].unit} {route or ''} every {g:.4g} "
                f"day{'' if g == 1.0 else 's'}")
    else:
        doses = (" + ".join(f"{r.amt:g} {r.unit}" for r in window) if len(window) <= 4
                 else f"{len(window)} doses")
        what = (f"{drug.id} {doses} {route or ''} from day {t[i]:.4g}, the next dose at day "
                f"{t[j]:.4g},")
    if len({r.route for r in window}) > 1:
        route = _usual_route(drug)  # routes mixed: no one route's bioavailability to name
    return ratio, " ".join(what.split()), route, min(gaps) < dose_interval * (1.0 - 1e-9)


def _infusion_exposure(drug: Drug, infusions: list[Any]) -> tuple[float, str, str | None] | None:
    """The infusions of ``drug`` at their highest summed rate as (times the usual exposure rate,
    what was given, its route) where that is above :func:`_rate_limit`; an infusion shorter
    than one usual dosing cycle counts as its amount over the cycle (a slow dose)."""
    usual = _usual_rate(drug)
    if usual is None or not infusions or drug.id in NO_FREQUENCY_CHECK:
        return None
    cycle_rate, cycle, _ = usual
    steps = []
    for n, r in enumerate(infusions):
        length = max(r.input_duration, cycle or 0.0)
        rate = _infusion_rate(drug, r) * r.input_duration / length
        steps += [(r.time, 1, n, rate), (r.time + length, 0, n, -rate)]  # ends before starts
    running: dict[int, float] = {}
    peak, at = 0.0, set()
    for _, _, n, rate in sorted(steps):
        if rate > 0:
            running[n] = rate
        else:
            running.pop(n, None)
        if sum(running.values()) > peak * (1.0 + 1e-12):
            peak, at = sum(running.values()), set(running)
    ratio = peak / cycle_rate
    if ratio <= _rate_limit(drug.id) * (1.0 + 1e-9):
        return None
    from osteon.dosing._format import duration_text

    given = [infusions[n] for n in sorted(at)]
    parts = [f"{r.amt:g} {r.unit}" + ("" if "/" in r.unit else
                                      f" over {duration_text(r.input_duration, exact=False)}")
             for r in given]
    routes = {r.route for r in given}
    route = given[0].route if len(routes) == 1 else _usual_route(drug)
    what = f"{drug.id} {' + '.join(parts)} {route or ''} continuous infusion"
    if len(given) > 1:
        what += f" at once from day {max(r.time for r in given):.4g}"
    return ratio, " ".join(what.split()), route


def _unpaused_course(drug: Drug, rs: list[Any]) -> tuple[int, Any, Any] | None:
    """The longest run of doses of ``rs`` (boluses of ``drug``, in time order) without a day's
    pause (two doses 2 days apart or more end a run) as (the days it covers, its first and last
    record), where it is longer than the card's longest studied course; ``None`` otherwise."""
    limit = drug.card.longest_course_days
    if limit is None or not rs:
        return None
    best, start = None, 0
    for k in range(1, len(rs) + 1):
        if k == len(rs) or rs[k].time - rs[k - 1].time >= 2.0 - 1e-9:
            days = math.floor(rs[k - 1].time - rs[start].time + 1e-9) + 1
            if days > limit and (best is None or days > best[0]):
                best = (days, rs[start], rs[k - 1])
            start = k
    return best


def _dose_line(drug: Drug, rs: list[Any], schedules: list[list[Any]],
               infusions: list[Any]) -> str:
    """The line reporting what of ``drug``'s boluses ``rs`` (all its schedules, those given at
    once summed), its schedules ``schedules`` (one per prescription item) and its infusions
    break the dose rules, or "": one clause per rule broken, the usual regimen named once, the
    advice at the end."""
    usual = f"({drug.card.usual_regimen})"
    clauses: list[str] = []
    checks: list[str] = []
    compared = ""

    def route_note(what: str, route: str | None) -> str:
        nonlocal compared
        what, note = _route_note(drug, what, route)
        if note != "; check the unit" and not compared:
            compared = note.split(";")[0]
            checks.append("route")
        return what

    def said(text: str) -> str:  # the usual regimen, in the first clause only
        return "" if clauses else f" {text}"

    single = _odd_single(drug, rs)
    if single is not None:
        r, ratio, above = single
        what = route_note(f"{r.drug} {r.amt:g} {r.unit}", r.route)
        clause = f"{what} is {ratio:.3g} times the usual single dose{said(usual)}"
        if above:
            clause += f" and above the largest documented single dose ({drug.card.largest_dose})"
        clauses.append(clause)
        checks.append("unit")
    course = _unpaused_course(drug, rs)
    if course is not None:
        days, first, last = course
        limit = drug.card.longest_course_days
        what = f"{drug.id} {first.amt:g} {first.unit} {first.route or ''}".strip()
        clauses.append(
            f"{what} given on {days} consecutive days without a pause (day {first.time:.4g} to "
            f"{last.time:.4g}) is {days / limit:.3g} times the longest studied course of "
            f"{limit:g} days, outside the studied intermittent regimen{said(usual)}: "
            f"{drug.card.studied_courses}")
        checks.append("pause between courses")
    rate = max((f for s in schedules if (f := _exposure(drug, s)) is not None),
               default=None, key=lambda f: f[0])
    if rate is not None and (single is None or rate[3]):  # a larger dose at the usual interval
        ratio, what, route, often = rate                     # is the single-dose clause's
        what = route_note(what, route)
        clauses.append(f"{what} is {ratio:.3g} times the usual exposure{said(usual)}"
                       + _above_largest(drug))
        if course is None:  # else its pause is the advice
            checks.append("dosing interval" if often else "dose")
    infused = _infusion_exposure(drug, infusions)
    if infused is not None:
        ratio, what, route = infused
        what = route_note(what, route)
        clauses.append(f"{what} is {ratio:.3g} times the usual exposure{said(usual)}"
                       + _above_largest(drug))
        checks.append("infusion rate")
    if not clauses:
        return ""
    order = ["route", "unit", "dose", "dosing interval", "infusion rate", "pause between courses"]
    checks = [f"the {c}" for c in order if c in checks]
    advice = checks[0] if len(checks) == 1 else f"{', '.join(checks[:-1])} and {checks[-1]}"
    first, *rest = clauses
    if compared:
        first += compared
    return "; and ".join([first, *rest]) + f"; check {advice}"


def _above_largest(drug: Drug) -> str:
    """The words saying that an exposure is above the card's largest studied regimen too."""
    if not drug.card.largest_regimen:
        return ""
    return f" and above the largest studied regimen ({drug.card.largest_regimen})"


#: ASSUMPTION: doses of concurrent prescription items of one drug are summed when they fall
#: within this share of the usual regimen's dosing interval of each other, so that a schedule
#: counted on a calendar (a month of 28 days is 8 % less than 365.25/12 days, 6 calendar months
#: may be 181 days against 182.625) does not put two of its own doses in one interval; where the
#: usual regimen is a lone dose, only doses given at once are summed
STACK_WINDOW = 0.9


def stacked_doses(regimen: Any, until: float) -> list[str]:
    """One line per drug and route whose concurrent prescription items (``a + b`` and ``a and
    b`` in a prescription, ``Regimen + Regimen``, ``Regimen(d1, d2)``; not the stages of ``then``)
    together give more than the usual single dose of its card within one dosing interval of the
    usual regimen (:data:`STACK_WINDOW`), compared as the amounts that reach the circulation.
    ``denosumab 60 mg sc q6mo x 4 and denosumab 60 mg sc q6mo x 4`` gives 120 mg every 6 months;
    two items of 30 mg give the usual 60 mg and are not reported. One item alone is left to
    :func:`implausible_doses`; infusions are left out here (:func:`implausible_doses` sums the
    infusions of one drug running at once).

    ``regimen`` is an :class:`osteon.dosing.Regimen`, expanded up to ``until`` days."""
    from osteon.dosing import _schedule as sch

    records = regimen.expand(until)
    paths = sch.bolus_paths(regimen.node, regimen.start_date, float(until))
    groups: dict[tuple[str, str], list[tuple[Any, Any]]] = {}
    for r, path in zip(records, paths, strict=True):
        if path is not None and r.unit in get(r.drug).dose_units:
            groups.setdefault((r.drug, r.route), []).append((r, path))
    out: list[str] = []
    for (drug_id, route), items in groups.items():
        drug = get(drug_id)
        usual = _usual(drug.id)
        if usual is None or len({path for _, path in items}) < 2:
            continue
        _, usual_systemic, interval = usual
        span = max(STACK_WINDOW * interval, 1e-9) if interval else 1e-9
        fraction = _systemic_fraction(drug, route)
        amounts = [r.amt * drug.dose_units[r.unit] for r, _ in items]
        worst, i, total = None, 0, 0.0
        for j, (r, _) in enumerate(items):  # items are in time order
            total += amounts[j]
            while r.time - items[i][0].time >= span:
                total -= amounts[i]
                i += 1
            window = items[i:j + 1]
            if total * fraction > usual_systemic * (1.0 + 1e-6) \
                    and (worst is None or total > worst[0] * (1.0 + 1e-9)) \
                    and any(sch.concurrent(a, b) for k, (_, a) in enumerate(window)
                            for _, b in window[k + 1:]):
                worst = (total, window)
        if worst is not None:
            out.append(_stack_line(drug, route, *worst, total_systemic=worst[0] * fraction,
                                   span=span, interval=interval))
    return out


def _stack_line(drug: Drug, route: str, total: float, window: list[tuple[Any, Any]], *,
                total_systemic: float, span: float, interval: float | None) -> str:
    """The line reporting the concurrent doses ``window`` of ``drug`` (``total`` in its amount
    unit) as more than its usual single dose."""
    usual_record = _first_dose(drug, drug.card.usual_regimen, 1.0)[0]
    unit = usual_record.unit
    shown = f"{total / drug.dose_units[unit]:.6g} {unit}"
    usual = f"{usual_record.amt:g} {unit}"
    ratio = total_systemic / _usual(drug.id)[1]
    t0, t1 = window[0][0].time, window[-1][0].time
    doses = (" + ".join(f"{r.amt:g} {r.unit}" for r, _ in window) if len(window) <= 4
             else f"{len(window)} doses")
    when = (f"at once ({doses} at day {t0:.4g})" if t1 - t0 < 1e-9 else
            f"within {span:.4g} days ({doses} from day {t0:.4g} to {t1:.4g}; "
            f"{100 * STACK_WINDOW:g} % of the usual dosing interval, {interval:.4g} days)")
    return (f"{drug.id}: concurrent prescription items of the same drug stack to {shown} "
            f"{route} {when}, {ratio:.3g} times the usual single dose {usual} "
            f"({drug.card.usual_regimen}); simulated as given (check that one prescription "
            f"was not written twice)")


def _at_once(rs: list[Any]) -> list[Any]:
    """``rs`` (sorted by time, route, unit and compartment) with the records given at once by
    one route into one compartment summed into one: the amount given then ('denosumab 60 mg sc
    and denosumab 60 mg sc' is 120 mg at once, not two doses 0 days apart)."""
    out: list[Any] = []
    for r in rs:
        last = out[-1] if out else None
        if last is not None and r.time - last.time < 1e-9 and \
                (r.route, r.unit, r.cmt) == (last.route, last.unit, last.cmt):
            out[-1] = last.replace(amt=last.amt + r.amt)
        else:
            out.append(r)
    return out


def _route_note(drug: Drug, what: str, route: str | None) -> tuple[str, str]:
    """``what`` a dose is, with its route where that reaches the circulation otherwise than the
    usual route, and the advice that ends the line."""
    usual_route = _usual_route(drug)
    f_given, f_usual = _systemic_fraction(drug, route), _systemic_fraction(drug, usual_route)
    if f_given == f_usual:
        return what, "; check the unit"
    if route not in what.split():
        what += f" {route}"
    return what, (f", compared as the amounts reaching the circulation ({usual_route} "
                  f"bioavailability {100 * f_usual:.3g} %, {route} {100 * f_given:.3g} %); "
                  f"check the route and the unit")


@cache
def _usual_route(drug: Drug) -> str | None:
    records = _first_dose(drug, drug.card.usual_regimen, 1.0)
    return records[0].route if records else None


def card(name: str) -> DrugCard:
    return get(name).card


def describe(name: str) -> str:
    """A drug's card as text: mechanism, PK and PD models, notes, parameters with sources."""
    drug = get(name)
    c = drug.card
    lines = [f"{c.name} ({c.drug_class})"]
    if drug.aliases:
        lines.append(f"also written: {', '.join(drug.aliases)}")
    lines += ["", f"mechanism: {c.mechanism}",
             f"PK: {c.pk_model}", f"PD: {c.pd_model}", f"usual regimen: {c.usual_regimen}",
             f"doses enter: {', '.join(f'{r} -> {s}' for r, s in drug.routes.items())}"]
    if c.largest_dose:
        lines.append(f"largest documented single dose: {c.largest_dose} ({c.largest_dose_source})")
    if c.largest_regimen:
        lines.append(f"largest studied regimen (the dose checks' ceiling on exposure): "
                     f"{c.largest_regimen} ({c.largest_regimen_source})")
    if c.longest_course_days is not None:
        lines.append(f"studied courses: {c.studied_courses}; a run of more than "
                     f"{c.longest_course_days:g} consecutive dosing days is reported")
    if drug.acts_on:
        lines.append(f"acts on the model's inputs: {', '.join(drug.acts_on)}")
    lines.append(f"level drawn in the figures: {', '.join(drug.levels) or 'none'}")
    if c.targets:
        lines.append(f"targets: {', '.join(c.targets)}")
    for note in c.notes:
        lines.append(f"note: {note}")
    if drug.states:
        lines += ["", "states:"]
        lines += [f"  {s.name} [{s.unit}]: {s.description}" for s in drug.states]
    if drug.parameters:
        lines += ["", "parameters:"]
        for p in drug.parameters:
            lines.append(f"  {p.name} = {p.value:g} {p.unit} ({p.evidence}): {p.description}")
            lines.append(f"      source: {p.source}")
    return "\n".join(lines)


__all__ = ["Drug", "DrugCard", "card", "compose", "describe", "dose_events", "get", "given",
           "names"]
