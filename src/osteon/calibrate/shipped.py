"""The calibration problems for osteon's fitted parameters, in the order they are solved.

Each problem estimates the fitted parameters of one mechanism from the training targets of
:mod:`osteon.validation.catalog` that measure it, holding every other problem's parameters at
their current values (those estimated earlier in the same run, else the parameter tables'); the
life course comes first. Bounds are the plausible range of each parameter (an assumption,
stated per estimate); there are no priors.

The parameter tables take the estimated values from ``osteon/model/estimates.json``
(:mod:`osteon.model.estimates`), which ``osteon calibrate --write-estimates`` writes, each
problem's record with the values it held of the others' estimates that can act in its arms
(:func:`held`). Because the
problems share the model, the shipped values are a fixed point: a run whose every problem holds
the others at their shipped values returns them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache

from osteon.calibrate.optimize import CalibrationResult
from osteon.calibrate.problem import CalibrationProblem, Estimate
from osteon.errors import unknown_name
from osteon.validation import get

_WIDE = "assumption: a range wide enough to hold every value the targets could call for"


def _targets(*ids: str):
    return tuple(get(i) for i in ids)


LIFE_COURSE = CalibrationProblem(
    "life_course",
    "women's natural history: the menopausal lumbar-spine loss (SWAN) and the slow loss of the "
    "adult years",
    (
        Estimate("estrogen_osteoclast_apoptosis", 0.1, 3.0, why=_WIDE),
        Estimate("tgfb_stromal_gain", 0.02, 1.0, why=_WIDE),
        Estimate("menopause_lag", -3.0, 1.0, scale="lin", why="assumption: bone loss starts "
                 "within 3 years before and 1 year after the FMP (SWAN)"),
        Estimate("igf1_gain", 0.003, 0.3, why=_WIDE),
    ),
    _targets("NH1.ls_window", "NH1.ls_total", "NH3.before", "NH3.after", "NH3.late", "NH5",
             "NH6"),
)

GLUCOCORTICOIDS = CalibrationProblem(
    "glucocorticoids", "the size of glucocorticoid suppression of osteoblasts (Lems 2016)",
    (Estimate("gc_emax", 0.05, 0.95, scale="lin", why="assumption: a fall of active "
              "osteoblasts between 5 % and 95 %"),),
    _targets("GC1.lumbar_spine_8.7"), after=("life_course",))

IMMOBILIZATION = CalibrationProblem(
    "immobilization", "the mechanostat's RANKL response to unloading (LeBlanc 1990 bed rest)",
    (Estimate("mechanostat_rankl_gain", 0.3, 30.0, why=_WIDE),),
    _targets("IM1.ls"), after=("life_course",))

INFLAMMATION = CalibrationProblem(
    "inflammation", "T-cell RANKL of active inflammation (Gough 1994, untreated early RA)",
    (Estimate("inflammation_tcell_gain", 0.1, 20.0, why=_WIDE),),
    _targets("GOUGH"), after=("life_course",))

FLUORIDE = CalibrationProblem(
    "fluoride", "the osteoprogenitor response to sodium fluoride (Riggs 1990 spine)",
    (Estimate("sodium_fluoride_Emax", 0.05, 10.0, why=_WIDE),),
    _targets("RIGGS.ls"), after=("life_course",))

VASCULAR = CalibrationProblem(
    "vascular", "the speed and self-seeding of aortic calcification (Kiel 2001, men), and the "
    "estrogen deficit's part in it (the women at 80)",
    (Estimate("calcification_rate", 0.1, 20.0, why=_WIDE),
     Estimate("calcification_seed", 0.1, 50.0, why=_WIDE),
     Estimate("vascular_estrogen_gain", 0.001, 0.2, why=_WIDE)),
    _targets("KIEL.men_55", "KIEL.men_80", "KIEL.women_80"), after=("life_course",))

DENOSUMAB = CalibrationProblem(
    "denosumab", "how fast resorbing osteoclasts are lost once a drug holds RANKL, and "
    "denosumab's reach to bone-surface RANKL, from the CTX fall by day 3 (Prolia label) and the "
    "end-of-interval CTX suppression (FREEDOM; label -45 to -80 %)",
    (Estimate("rankl_blockade_survival_gain", 0.3, 300.0, why="assumption: from a third more "
              "osteoclast loss to a resorbing life of hours once RANKL is held"),
     Estimate("denosumab_bone_access", 0.01, 1.0, why="assumption: between 1 % and all of the "
              "serum concentration reaches bone-surface RANKL")),
    _targets("DM6.ctx_3d", "DM6.ctx_6mo"), after=("life_course",))

RALOXIFENE = CalibrationProblem(
    "raloxifene", "raloxifene's partial estrogen agonism in bone (MORE spine BMD)",
    (Estimate("raloxifene_intrinsic_activity", 0.02, 1.0, why="assumption: a partial agonist, "
              "between 2 % and all of estradiol's efficacy"),),
    _targets("MORE.ls"), after=("life_course",))

EXERCISE = CalibrationProblem(
    "exercise", "the loading rise of high-intensity exercise and the share of it the "
    "mechanosensors accommodate to (LIFTMOR's 8-month and EFOPS's 4-year spine BMD)",
    (Estimate("exercise_load_gain", 0.01, 4.0, why="assumption: from a barely noticeable rise "
              "of the habitual load to five times it (the loading input's upper bound)"),
     Estimate("exercise_accommodated_share", 0.0, 0.99, scale="lin", why="assumption: from "
              "no accommodation to nearly all of the load's rise accommodated")),
    _targets("EX1.ls", "EFOPS.ls_4y"), after=("life_course", "immobilization"))

HIP_COMPOSITION = CalibrationProblem(
    "hip_composition", "the trabecular share of the total-hip region, from FREEDOM's 36-month "
    "total-hip gain (Austin 2012); only the hip's BMD reads it, so no other problem moves",
    (Estimate("trabecular_share_total_hip", 0.1, 0.9, scale="lin", why="assumption: the "
              "region holds both compartments; between a tenth and nine tenths trabecular"),),
    _targets("DM3.th_36mo"), after=("life_course", "denosumab"))

ROMOSOZUMAB_PK = CalibrationProblem(
    "romosozumab_pk", "the capacity of romosozumab's saturable (target-mediated) elimination, "
    "from the label's monthly trough: Eudy 2015's value (as OpenBoneMin codes it) meets the "
    "label's single dose but holds half the trough; the host does not act on the PK, so no "
    "other problem moves it",
    (Estimate("romosozumab_Vmax", 0.5, 20.0, why="assumption: from about a tenth of Eudy "
              "2015's 5.87 nmol/L/day to over three times it"),),
    _targets("RO6.trough"))

ROMOSOZUMAB = CalibrationProblem(
    "romosozumab", "how much the Wnt freed by sclerostin blockade raises matrix synthesis per "
    "osteoblast and OPG, and how fast the osteoblast lineage becomes tolerant to it, from "
    "romosozumab's P1NP peak and CTX nadir (label) and 12-month total-hip gain (FRAME); the hip, "
    "not the spine, because the model's spine gains on every drug fall short (a reported miss of "
    "the site composition)",
    (Estimate("wnt_blockade_activity_gain", 0.5, 30.0, why=_WIDE),
     Estimate("wnt_blockade_tolerance_time", 7.0, 365.0, why="assumption: tolerance sets in "
              "between a week and a year (the label's P1NP is back at placebo by month 9)"),
     Estimate("wnt_blockade_opg_gain", 0.0, 40.0, scale="lin", why=_WIDE)),
    _targets("RO4.p1np", "RO4.ctx", "RO2.th"),
    after=("life_course", "hip_composition", "denosumab", "romosozumab_pk"))

#: the shipped problems, in the order they are solved
PTH_ANABOLIC = CalibrationProblem(
    "pth_anabolic", "the anabolic PTH-receptor signal's gain on osteoblast commitment, from "
    "the spine gain on daily teriparatide (Neer 2001; each evaluation is 21 months of daily "
    "injections, about a minute)",
    (Estimate("pth_anabolic_gain", 0.1, 5.0, why=_WIDE),),
    _targets("PT2.ls"), after=("life_course",))

VITAMIN_D = CalibrationProblem(
    "vitamin_d", "how fast a dose of cholecalciferol is 25-hydroxylated from its store (serum "
    "and adipose tissue), from the peak of serum 25(OH)D after 100,000 IU (Ilahi 2008)",
    (Estimate("vitamin_d_hydroxylation", 0.01, 2.0, why="assumption: a store half-time "
              "between about 8 hours and 10 weeks"),),
    _targets("VD1.bolus"), after=("life_course",))

AROMATASE_INHIBITOR = CalibrationProblem(
    "aromatase_inhibitor", "the share of an aromatase inhibitor's fall of plasma estradiol that "
    "bone's estrogen signaling takes, from ATAC's 5-year lumbar-spine loss on anastrozole "
    "(Eastell 2008)",
    (Estimate("ai_estrogen_signal_share", 0.01, 1.0, scale="lin", why="assumption: from "
              "almost none of the fall to all of it"),),
    _targets("ATAC.ls_5y"), after=("life_course",))

PROBLEMS: dict[str, CalibrationProblem] = {p.id: p for p in (
    LIFE_COURSE, GLUCOCORTICOIDS, IMMOBILIZATION, INFLAMMATION, FLUORIDE, VASCULAR, DENOSUMAB,
    HIP_COMPOSITION, ROMOSOZUMAB_PK, ROMOSOZUMAB, RALOXIFENE, EXERCISE, PTH_ANABOLIC, VITAMIN_D,
    AROMATASE_INHIBITOR)}


def get_problem(name: str) -> CalibrationProblem:
    if name not in PROBLEMS:
        raise unknown_name("calibration problem", name, list(PROBLEMS))
    return PROBLEMS[name]


def select(names: Iterable[str] = ()) -> list[CalibrationProblem]:
    """The named problems (all by default), in solving order."""
    wanted = list(names)
    for n in wanted:
        get_problem(n)
    return [p for p in PROBLEMS.values() if not wanted or p.id in wanted]


def upstream(problem: CalibrationProblem, estimated: Mapping[str, CalibrationResult]
             ) -> dict[str, float]:
    """The values ``problem`` holds fixed: the estimates of the other problems solved in this
    run (every other parameter keeps its table value)."""
    fixed: dict[str, float] = {}
    for pid, r in estimated.items():
        if pid != problem.id:
            fixed.update(r.estimates)
    return fixed


@cache
def _tables() -> dict[str, float]:
    from osteon import drugs
    from osteon.calibrate.problem import condition_parameters
    from osteon.library import load

    values = {q.name: q.value for q in load("osteon").parameters}
    values.update({n: q.value for n, q in condition_parameters().items()})
    for d in drugs.names():
        values.update({q.name: q.value for q in drugs.get(d).parameters})
    return values


def current_value(name: str) -> float:
    """The value ``name`` has in osteon's parameter tables (model, conditions, drugs)."""
    return _tables()[name]


def current_values(problem: CalibrationProblem) -> dict[str, float]:
    """The table values of ``problem``'s estimates."""
    return {n: current_value(n) for n in problem.names}


def held(problem: CalibrationProblem, fixed: Mapping[str, float] | None = None
         ) -> dict[str, float]:
    """The values a fit of ``problem`` holds of the other shipped problems' estimates that can
    act in its targets' arms (:func:`~osteon.calibrate.problem.applied`: a parameter of an
    arm's model, drugs or conditions, not one gated on an input nothing there moves), each as
    held: from ``fixed`` (the estimates of the problems solved before it in the same run),
    else the parameter tables' value. ``osteon calibrate --write-estimates`` records these
    with the problem's estimates, so that the record says what the fit rests on, and a test
    tells when a later fit of another problem has changed one of them."""
    from osteon.calibrate.problem import applied

    fixed = dict(fixed or {})
    others = {n: fixed.get(n, current_value(n)) for q in PROBLEMS.values() if q.id != problem.id
              for n in q.names if n not in problem.names}
    acting: dict[str, float] = {}
    for t in problem.targets:
        if t.scenario is not None:
            acting.update(applied(t.scenario, others))
    return dict(sorted(acting.items()))


def largest_change(before: Mapping[str, Mapping[str, float]],
                   after: Mapping[str, CalibrationResult]) -> tuple[str, float]:
    """The estimate that moved most between two passes, and its relative change."""
    worst = ("", 0.0)
    for pid, old in before.items():
        for name, v in old.items():
            new = after[pid].estimates[name]
            change = abs(new - v) / max(abs(v), 1e-12)
            if change >= worst[1]:
                worst = (name, change)
    return worst
