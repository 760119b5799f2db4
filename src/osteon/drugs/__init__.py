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
from osteon.errors import InputError, OsteonError, UnknownNameError
from osteon.events import Bolus, Event, ParameterStep
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


def compose(spec: ModelSpec, drugs: Iterable[str | Drug]) -> ModelSpec:
    """``spec`` with the PK states, parameters and effects of ``drugs``.

    The same model with the same drugs gives the same (immutable) composed model, so what is
    built for a model once (a compiled program of the JAX engine) serves every later call."""
    return _composed(spec, tuple(d if isinstance(d, Drug) else get(d) for d in drugs))


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
            raise InputError(f"{drug.card.name} has no continuous-infusion form in osteon; got "
                             f"{_what(record)}")
        rate = record.amt if "/" in record.unit else record.amt / record.input_duration
        end = record.time + record.input_duration
        value = rate * factor * drug.infusion_factor
        return [ParameterStep(record.time, drug.infusion_parameter, value),
                ParameterStep(end, drug.infusion_parameter, 0.0)]
    if record.cmt is not None:
        # a model state by its name, or by a former name (warned: ModelSpec.current_name), else
        # the drug's own compartment ('depot' is '<drug>_depot')
        target = (spec.current_name(record.cmt)
                  if record.cmt in spec.state_names or record.cmt in spec.renamed
                  else f"{drug.id}_{record.cmt}")
    else:
        _check_route(drug, record)
        target = drug.routes[record.route]
    spec.state_index(target)
    return [Bolus(record.time, target, record.amt * factor)]


def _check_route(drug: Drug, record: Any) -> None:
    """Refuse a bolus left to its route (no ``cmt``) by a route ``drug`` is not given by."""
    if record.cmt is None and not record.is_infusion and record.route not in drug.routes:
        raise InputError(f"{drug.card.name} is given {' or '.join(drug.routes)} in osteon; "
                         f"got route '{record.route}' in {_what(record)}")


def _what(record) -> str:
    """A dose record as a user reads it (the repr shows every field of the record)."""
    return (f"the dose of {record.amt:g} {record.unit} {record.drug} {record.route or ''} "
            f"at day {record.time:g}").replace("  ", " ")


#: a single dose this many times above the card's usual dose, or this many times below it, is
#: reported as a likely unit slip (ASSUMPTION: trials' doses sit well inside; FIT's 5 mg daily
#: alendronate is 1/14 of the usual weekly 70 mg, high-dose arms a few times the usual). Doses
#: are compared as the amounts that reach the circulation (``Drug.bioavailability``), and a
#: large dose given intermittently is not reported where its daily equivalent (the dose over
#: the interval to the next) stays within the same factor of the usual regimen's and the dose
#: does not exceed the card's largest documented single dose (``DrugCard.largest_dose``; a lone
#: dose is compared with that alone)
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


#: ASSUMPTION: a schedule that gives a drug more often than its card's usual regimen is reported
#: where its exposure rate exceeds this many times the usual one. The rate is the amount reaching
#: the circulation per day: the usual regimen's single dose over its dosing interval (denosumab
#: 60 mg / 182.6 d, zoledronic acid 5 mg / 365.25 d, alendronate 70 mg oral / 7 d, teriparatide
#: 20 ug / 1 d), and the schedule's doses from one dose to the first dose at least one usual
#: interval later over the days between (a schedule shorter than one usual interval: its doses
#: but the last over the days from its first to its last; a lone dose has no rate and is never
#: reported). Infusions are left out: they have no interval, and their rate is a dose (the
#: validation gives high ones on purpose: Barger-Lux's 250 ug/day of D3, 12.5 times the usual
#: 20 ug). 1.5 leaves quiet the label's own alternatives, which give the usual rate
#: (alendronate 10 mg daily for 70 mg weekly, risedronate 5 mg daily for 35 mg weekly: 1.0),
#: calendar months (28 days for 30.44: 1.09) and the seam of one course followed by another
#: (alendronate 35 mg then 70 mg weekly: 1.1), and reports a dose given twice as often as
#: usual (2.0)
FREQUENT_ABOVE = 1.5

#: drugs whose schedules are not compared with their usual regimen's frequency (the other dose
#: checks still apply), and why
NO_FREQUENCY_CHECK: dict[str, str] = {
    "exercise": "sessions are a training plan, not an exposure: 2 a week is about the least that "
                "shows a BMD effect (EFOPS), not a ceiling; programmes of 3-5 sessions a week or "
                "a session every other day are ordinary, and the model's response saturates",
}


def dose_warnings(regimen: Any, until: float) -> list[str]:
    """The dose checks of a prescription (an :class:`osteon.dosing.Regimen`, expanded up to
    ``until`` days), one line per finding: :func:`implausible_doses`, each schedule's frequency
    read within its own prescription item, and :func:`stacked_doses`."""
    from osteon.dosing import _schedule as sch

    records = regimen.expand(until)
    items = sch.bolus_paths(regimen.node, regimen.start_date, float(until))
    return implausible_doses(records, items) + stacked_doses(regimen, until)


def implausible_doses(records, items: Iterable[Any] | None = None) -> list[str]:
    """One line per drug whose single doses (``osteon.dosing.Dose`` records, infusions left out;
    records given at once by one route summed) lie far outside its usual dose
    (:data:`IMPLAUSIBLE_ABOVE`, :data:`IMPLAUSIBLE_BELOW`), compared as the amounts that reach
    the circulation: an oral-only dose given iv counts whole. A large dose given intermittently
    (vitamin D 50,000 IU weekly) is not reported where its daily equivalent stays within
    :data:`IMPLAUSIBLE_ABOVE` of the usual regimen's and it does not exceed the card's largest
    documented single dose. A dose by a route its drug is not given by is refused first, as
    :func:`dose_events` refuses it ('alendronate 70 mg sc' was reported as 132 times the usual
    dose, as if sc, before the route was refused).

    A schedule given more often than the usual regimen at more than :data:`FREQUENT_ABOVE`
    times its exposure rate is reported too ('denosumab 60 mg sc every 1 day is 183 times the
    usual exposure'), in the same line as a dose reported above; a lone dose never is, nor an
    infusion (it has no interval; its rate is a dose, which the validation's high-dose arms
    give on purpose), nor the drugs of :data:`NO_FREQUENCY_CHECK`. ``items`` gives, for each
    record, the prescription item it comes from (``osteon.dosing._schedule.bolus_paths``): the
    frequency is read within each item, as concurrent items of one drug are
    :func:`stacked_doses`' to report; without it all the records of a drug are one schedule."""
    records = list(records)
    items = [None] * len(records) if items is None else list(items)
    doses: dict[str, list[Any]] = {}
    schedules: dict[tuple[str, Any], list[Any]] = {}
    for r, item in zip(records, items, strict=True):
        _check_route(get(r.drug), r)
        if r.is_infusion or "/" in r.unit:
            continue
        doses.setdefault(r.drug, []).append(r)
        schedules.setdefault((r.drug, item), []).append(r)
    out: list[str] = []
    for drug_id, rs in doses.items():
        drug = get(drug_id)
        usual = _usual(drug.id)
        rs = _at_once(_sorted(drug, rs))
        if usual is None or not rs:
            continue
        _, usual_systemic, usual_interval = usual
        largest = _largest_dose(drug.id)
        frequent = max((f for (d, _), s in schedules.items() if d == drug_id
                        if (f := _frequent(drug, _at_once(_sorted(drug, s)))) is not None),
                       default=None, key=lambda f: f[0])
        line = ""
        for k, r in enumerate(rs):
            systemic = (r.amt * drug.dose_units[r.unit.split("/")[0]]
                        * _systemic_fraction(drug, r.route))
            ratio = systemic / usual_systemic
            line = _odd_dose(drug, r, rs, k, systemic, ratio, usual_interval, largest,
                             frequent)
            if line:
                break
        if not line and frequent is not None:
            ratio, what = frequent
            what, check = _route_note(drug, what[0], what[1])
            line = (f"{what} is {ratio:.3g} times the usual exposure "
                    f"({drug.card.usual_regimen}){check.replace('the unit', 'the dosing interval')}")
        if line:
            out.append(line)
    return out


def _sorted(drug: Drug, rs: list[Any]) -> list[Any]:
    """The records of ``drug`` in a unit it is dosed in, sorted for :func:`_at_once`."""
    return sorted((r for r in rs if r.unit.split("/")[0] in drug.dose_units),
                  key=lambda r: (r.time, r.route, r.unit, r.cmt or ""))


def _frequent(drug: Drug, rs: list[Any]) -> tuple[float, tuple[str, str | None]] | None:
    """The schedule ``rs`` (records of ``drug``, in time order, those given at once summed) as
    (times its usual exposure rate, (what it gives and how often, its route)) where it gives the
    drug more often than the usual regimen and more than :data:`FREQUENT_ABOVE` times the usual
    rate; ``None`` where it does not, or the check does not apply."""
    usual = _usual(drug.id)
    if usual is None or usual[2] is None or len(rs) < 2 or drug.id in NO_FREQUENCY_CHECK:
        return None
    _, usual_systemic, interval = usual
    usual_rate = usual_systemic / interval
    t = [r.time for r in rs]
    a = [r.amt * drug.dose_units[r.unit.split("/")[0]] * _systemic_fraction(drug, r.route)
         for r in rs]
    cum = [0.0]
    for x in a:
        cum.append(cum[-1] + x)
    # from each dose to the first dose at least one usual interval later; a schedule shorter
    # than one usual interval from its first dose to its last is read over its whole length
    # (the tail of a longer one is not read alone: the last two days of a course of 'daily x 2
    # days every month' are not 'daily')
    short = t[-1] - t[0] < interval * (1.0 - 1e-9)
    worst, j = None, 0
    for i in range(1 if short else len(rs) - 1):
        j = max(j, i + 1)
        while j < len(rs) - 1 and t[j] - t[i] < interval * (1.0 - 1e-9):
            j += 1
        if not short and t[j] - t[i] < interval * (1.0 - 1e-9):
            break  # the tail: no dose one usual interval after dose i, nor after later ones
        span = t[j] - t[i]
        if span <= 1e-9 * interval or span / (j - i) >= interval * (1.0 - 1e-9):
            continue  # given at once (stacking), or not more often than usual
        ratio = (cum[j] - cum[i]) / span / usual_rate
        if ratio > FREQUENT_ABOVE * (1.0 + 1e-9) and (worst is None or ratio > worst[0]):
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
    return ratio, (" ".join(what.split()), route)


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
    :func:`implausible_doses`; infusions are left out, as there.

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


def _odd_dose(drug: Drug, r: Any, rs: list[Any], k: int, systemic: float, ratio: float,
              usual_interval: float | None, largest: float | None,
              frequent: tuple[float, tuple[str, str | None]] | None = None) -> str:
    """The line reporting dose ``rs[k]`` (``r``) as a likely slip, or "". ``frequent``: the
    drug's schedule given too often (:func:`_frequent`), said in the same line."""
    what, check = _route_note(drug, f"{r.drug} {r.amt:g} {r.unit}", r.route)
    usual = f"({drug.card.usual_regimen})"
    also = ""
    if frequent is not None:
        also = f"; and {frequent[1][0]} is {frequent[0]:.3g} times the usual exposure"
        check = check.replace("the unit", "the unit and the dosing interval")
    if ratio < 1.0 / IMPLAUSIBLE_BELOW:
        return f"{what} is {ratio:.3g} times the usual single dose {usual}{also}{check}"
    if ratio <= IMPLAUSIBLE_ABOVE:
        return ""
    if largest is not None and systemic > largest * (1.0 + 1e-9):
        return (f"{what} is {ratio:.3g} times the usual single dose {usual} and above the "
                f"largest documented single dose ({drug.card.largest_dose}){also}{check}")
    if len(rs) < 2 or usual_interval is None:  # a lone dose: a documented bolus passes
        if largest is not None:
            return ""
        return f"{what} is {ratio:.3g} times the usual single dose {usual}{also}{check}"
    # given intermittently: compared by its daily equivalent, which says how often
    gap = (rs[k + 1].time - r.time) if k + 1 < len(rs) else (r.time - rs[k - 1].time)
    daily_ratio = ratio * usual_interval / gap if gap > 0 else math.inf
    if daily_ratio <= IMPLAUSIBLE_ABOVE:
        return ""
    every = "daily" if gap == 1.0 else f"every {gap:g} days"
    if frequent is None and gap < usual_interval * (1.0 - 1e-9):
        check = check.replace("the unit", "the unit and the dosing interval")
    return (f"{what} is {ratio:.3g} times the usual single dose and, given {every}, "
            f"{daily_ratio:.3g} times its daily equivalent {usual}{check}")


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
    lines = [f"{c.name} ({c.drug_class})", "", f"mechanism: {c.mechanism}",
             f"PK: {c.pk_model}", f"PD: {c.pd_model}", f"usual regimen: {c.usual_regimen}",
             f"doses enter: {', '.join(f'{r} -> {s}' for r, s in drug.routes.items())}"]
    if c.largest_dose:
        lines.append(f"largest documented single dose: {c.largest_dose} ({c.largest_dose_source})")
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
