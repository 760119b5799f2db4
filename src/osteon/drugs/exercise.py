"""Exercise: sessions of loading that raise the skeleton's mechanical stimulus.

Prescribed in sessions (``exercise 2 sessions weekly for 8 months``; the route ``training`` is
implied). Each session adds to a running training stimulus that decays over about a week, so
that its average equals the sessions per week; the stimulus raises the model's ``loading`` input
(1 = habitual daily loading) through a saturating curve:

    loading x (1 + gain x S / (S + S50))

The mechanostat then does the rest, in both directions of the same terms disuse uses: a strain
above habitual lowers osteocyte RANKL and sclerostin and raises OPG (Wnt up, resorption down),
until the bone has stiffened to carry the load. Walking, the habitual load, is not a session.

Accommodation (Turner's third rule: bone cells accommodate to a customary loading environment
and grow less responsive to routine loading; Schriefer 2005: in loaded rat ulnae bone formation
fell back to the non-loaded side's after the first weeks of a constant programme). The
mechanosensors accommodate to the training load: an accommodation state A follows the share
phi of the load's rise, over the accommodation time,

    dA/dt = (1 + phi x (M - 1) - A) / tau,     M = 1 + gain x S / (S + S50)

and the mechanostat senses loading x M / A. The first weeks of a programme see the whole rise
(the fast gain of the short trials); afterwards only the unaccommodated part, M / (1 + phi (M -
1)), remains, and the bone built lowers the strain that part produces (strain = load /
stiffness), so the gain levels off at the stiffness that carries it. When sessions stop, A
relaxes back to 1 over the same time and the bone gained is lost at the pace of remodeling.
Without this, the load rise then fitted to the 8-month trial (gain 1.51: M = 1.75 at 2 sessions
a week) asked for 32 % more bone before the strain came back, and the spine gained 3-4 points a year for
years (12 points vs untreated at 3 years, against EFOPS's 2.4 at 4 years).

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
_EFOPS16 = ("Kemmler W, Engelke K, von Stengel S, J Bone Miner Res 2016;31:215, "
            "doi:10.1002/jbmr.2608, abstract text (EFOPS, 16 years of supervised exercise, 2 group and "
            "2 home sessions a week, early-postmenopausal osteopenic women: LS BMD vs control "
            "+2.4, +3.1, +3.9, +4.5 % at 4, 8, 12, 16 years; FN +0.9, +1.9, +2.0, +3.0 %)")
_SCHRIEFER = ("Schriefer JL, Warden SJ, Saxon LK, Robling AG, Turner CH, J Biomech "
              "2005;38:1838, abstract text (rat ulnae loaded for 15 weeks: after the first few weeks "
              "the bone formation rate of the loaded ulnae returned to the non-loaded ones'; "
              "'cellular accommodation': the reference state for adaptation follows the strain "
              "history)")

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
    pk("exercise_accommodation_time", 182.0, "day", "time constant over which the "
       "mechanosensors accommodate to a training load (and recover from it once it stops)",
       f"assumption: {_SCHRIEFER}; the rat's few weeks are taken for humans as about one "
       "human remodeling period, half a year (the commonly quoted 4-8 months of a trabecular "
       "remodeling cycle; not read from a primary table), as osteocytes formed under the new "
       "load replace the old (Lerebours C, Buenzli PR, arXiv:1512.05602, abstract: "
       "desensitisation within an osteocyte's life, and a reference state reset by "
       "remodelling). Probed with the load gain at 1.51 and the share at 0.8: 28 days gave "
       "LIFTMOR's spine +1.0 and 91 days +1.7 points against +4.1 (182: +2.4)",
       Evidence.ASSUMPTION, lower_open=True),
    pk("exercise_accommodated_share", estimated("exercise_accommodated_share"),
       "dimensionless", "share phi of a training load's rise the mechanosensors accommodate "
       "to (the sensed loading is loading x M / A, A -> 1 + phi (M - 1))",
       f"fitted to the 4-year lumbar-spine difference of {_EFOPS16} (EFOPS.ls_4y; the 8-, "
       f"12- and 16-year differences and the femoral neck's are checks); the "
       f"mechanism: {_SCHRIEFER}", Evidence.FITTED, bounds=(0.0, 1.0)),
)

STATES = (
    State("exercise_stimulus", "dimensionless", "training stimulus (sessions, decaying over the time "
          "constant; its average is the sessions per week)", initial=0.0, scale=1.0),
    State("exercise_accommodation", "dimensionless", "accommodation of the mechanosensors to "
          "the training load (1 = none; the sensed loading is divided by it)", initial=1.0,
          scale=1.0),
)


def stimulus_per_week(d, p):
    """The training stimulus in sessions per week."""
    return d["exercise_stimulus"] * 7.0 / p["exercise_time_constant"]


def load_rise(d, p):
    """M = 1 + gain x S / (S + S50): the training load relative to the habitual load."""
    s = stimulus_per_week(d, p)
    return 1.0 + p["exercise_load_gain"] * s / (s + p["exercise_S50"])


def _rates(t, d, m, p, xp):
    target = 1.0 + p["exercise_accommodated_share"] * (load_rise(d, p) - 1.0)
    return {"exercise_stimulus": -d["exercise_stimulus"] / p["exercise_time_constant"],
            "exercise_accommodation": ((target - d["exercise_accommodation"])
                                       / p["exercise_accommodation_time"])}


def _effects(d, p, xp):
    return {"loading": load_rise(d, p) / d["exercise_accommodation"]}


DRUG = Drug(
    id="exercise",
    card=DrugCard(
        name="exercise (high-intensity resistance and impact training)",
        drug_class="physical therapy: mechanical loading",
        mechanism="strain above habitual: the mechanostat lowers osteocyte RANKL and sclerostin "
                  "and raises OPG until bone has stiffened to carry the load",
        pk_model="each session adds 1 to a stimulus decaying with a 7-day time constant "
                 "(assumption): its average is the sessions per week",
        pd_model="loading x M / A, M = 1 + gain x S / (S + S50), S in sessions per week, S50 = "
                 f"2 (assumption), gain fitted to {_LIFTMOR}; A, the mechanosensors' "
                 "accommodation, follows 1 + phi (M - 1) over the accommodation time "
                 f"(assumption, {_SCHRIEFER}), phi fitted to {_EFOPS16}",
        usual_regimen="exercise 2 sessions weekly (supervised, progressive, high intensity)",
        notes=("One exercise type: the fit is to LIFTMOR's high-intensity programme and "
               "EFOPS's mixed one; walking and low-intensity programmes do much less, and are "
               "not separate kinds here.",
               "The gain levels off: the mechanosensors accommodate to most of the training "
               "load within months, and the bone built lowers the strain the rest produces.",
               "No effect on falls or muscle: fracture benefit comes through BMD only.",
               "The stimulus stops when sessions stop, and bone gained is then lost again at "
               "the pace of remodeling; while the accommodation relaxes back to 1 (its time "
               "constant) the habitual load is sensed as less than habitual, a detraining "
               "loss of its own (not checked against a detraining trial)."),
        targets=("EX1", "EFOPS"),
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
)
