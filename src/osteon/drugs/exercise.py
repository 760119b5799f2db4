"""Exercise: sessions of loading that raise the skeleton's mechanical stimulus.

Prescribed in sessions (``exercise 2 sessions weekly for 8 months``; the route ``training`` is
implied). Each session adds to a running training stimulus that decays over about a week, so
that its average equals the sessions per week; the stimulus raises the model's ``loading`` input
(1 = habitual daily loading) through a saturating curve:

    loading x (1 + gain x S / (S + S50))

The mechanostat then does the rest, in both directions of the same terms disuse uses: a strain
above habitual lowers osteocyte RANKL and sclerostin and raises OPG (Wnt up, resorption down),
until the bone has stiffened to carry the load. Walking, the habitual load, is not a session.

The curve's half-saturation (2 sessions a week) and the stimulus time constant are assumptions;
the gain is fitted to the lumbar-spine result of LIFTMOR (high-intensity resistance and impact
training twice a week for 8 months, older women with low bone mass), and the femoral neck of the
same trial is the check. It stands for supervised high-intensity resistance and impact training:
low-intensity programmes and walking do much less in trials (Howe TE et al., Cochrane Database
Syst Rev 2011:CD000333, doi:10.1002/14651858.CD000333.pub2).
"""

from __future__ import annotations

from osteon.drugs.base import Drug, DrugCard, pk
from osteon.model.estimates import estimated
from osteon.model.parameter import Evidence
from osteon.model.spec import Observable, State

_LIFTMOR = ("Watson SL et al., J Bone Miner Res 2018;33:211, doi:10.1002/jbmr.3284, PMID "
            "28975661, abstract text (LIFTMOR: 101 postmenopausal women with low bone mass, "
            "mean age 65; 30-min high-intensity resistance and impact training twice weekly for "
            "8 months: LS +2.9 % vs -1.2 %, FN +0.3 % vs -1.9 % in the low-intensity control arm)")
_EFOPS = ("Kemmler W et al., Osteoporos Int 2014 (EFOPS; exercise frequency: below about 2 "
          "sessions a week no BMD effect), abstract text as found")

PARAMETERS = (
    pk("exercise_time_constant", 7.0, "day", "time constant of the training stimulus (its "
       "average is then the sessions per week)", "assumption: bone responds to the training "
       "load of recent days; a week makes the stimulus count sessions per week",
       Evidence.ASSUMPTION, lower_open=True),
    pk("exercise_S50", 2.0, "1/week", "sessions per week of half the maximal loading "
       "rise", f"assumption: programmes below about 2 sessions a week show no BMD effect "
       f"({_EFOPS})", Evidence.ASSUMPTION, lower_open=True),
    pk("exercise_load_gain", estimated("exercise_load_gain"), "dimensionless",
       "maximal relative rise of the mechanical loading input (loading x (1 + gain x S / (S + "
       "S50)))", f"fitted to the lumbar-spine difference of {_LIFTMOR} (+4.1 points at 8 "
       "months)", Evidence.FITTED, lower_open=True),
)

STATES = (
    State("exercise_stimulus", "dimensionless", "training stimulus (sessions, decaying over the time "
          "constant; its average is the sessions per week)", initial=0.0, scale=1.0),
)


def stimulus_per_week(d, p):
    """The training stimulus in sessions per week."""
    return d["exercise_stimulus"] * 7.0 / p["exercise_time_constant"]


def _rates(t, d, m, p, xp):
    return {"exercise_stimulus": -d["exercise_stimulus"] / p["exercise_time_constant"]}


def _effects(d, p, xp):
    s = stimulus_per_week(d, p)
    return {"loading": 1.0 + p["exercise_load_gain"] * s / (s + p["exercise_S50"])}


DRUG = Drug(
    id="exercise",
    card=DrugCard(
        name="exercise (high-intensity resistance and impact training)",
        drug_class="physical therapy: mechanical loading",
        mechanism="strain above habitual: the mechanostat lowers osteocyte RANKL and sclerostin "
                  "and raises OPG until bone has stiffened to carry the load",
        pk_model="each session adds 1 to a stimulus decaying with a 7-day time constant "
                 "(assumption): its average is the sessions per week",
        pd_model="loading x (1 + gain x S / (S + S50)), S in sessions per week, S50 = 2 "
                 f"(assumption), gain fitted to {_LIFTMOR}",
        usual_regimen="exercise 2 sessions weekly (supervised, progressive, high intensity)",
        notes=("One exercise type: the fit is to LIFTMOR's high-intensity programme; walking "
               "and low-intensity programmes do much less, and are not separate kinds here.",
               "No effect on falls or muscle: fracture benefit comes through BMD only.",
               "The stimulus stops when sessions stop, and bone gained is then lost again at "
               "the pace of remodeling."),
        targets=("EX1",),
    ),
    states=STATES,
    parameters=PARAMETERS,
    routes={"training": "exercise_stimulus"},
    amount_unit="session",
    dose_units={"session": 1.0},
    rates=_rates,
    effects=_effects,
    observables=(Observable("exercise_sessions_per_week", "1/week",
                            "training stimulus in sessions per week"),),
    observe=lambda d, p, xp: {"exercise_sessions_per_week": stimulus_per_week(d, p)},
    levels=(),  # a training stimulus, no level of a drug in the body
    acts_on=("loading",),
    aliases=("resistance training", "impact training", "training"),
)
