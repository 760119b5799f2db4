"""Senolytics: dasatinib + quercetin (D+Q), given "hit and run" a few days a month.

A senolytic kills senescent cells, which resist apoptosis through pro-survival networks; the
first pair found, dasatinib (a tyrosine-kinase inhibitor) and quercetin (a flavonol), is given in
short courses (``dasatinib 100 mg + quercetin 1000 mg oral daily x 3 days every month x 6``):
the cells die while the drugs are on board, and new senescent cells take months to build up, so
continuous exposure is not needed. In the integrated model the course adds a first-order
clearance of senescent osteocytes (``senolytic_clearance``) to their immune clearance; fewer
senescent osteocytes mean less RANKL from them and less SASP suppression of osteoblast
maturation. The effect therefore grows with the senescent burden the patient carries (old age,
systemic SASP): a young skeleton has little to clear.

PK, first-order oral absorption into:

- dasatinib: two compartments. After a single 100 mg dose (Christopher et al. 2008, Table 1) the
  plasma level peaks at 104.5 ng/mL at 0.5 h, with an AUC of 313.9 ng h/mL and a terminal
  half-life of 3.6 h: one compartment cannot carry all three (with V = CL/F x t1/2 / ln 2 it
  peaks near 55 ng/mL), a fast distribution phase can. CL/F comes from the AUC; given an assumed
  absorption rate (3 /h) the central and peripheral volumes and the intercompartmental clearance
  are derived so that the peak, its time and the terminal half-life are the observed ones;
- quercetin: one compartment for one analyte, the unconjugated aglycone in plasma, with its
  CL/F and half-life at 500 mg three times daily (Moon et al. 2008). Most quercetin circulates
  conjugated (glucuronides, sulfates): studies that measure "total" quercetin after deconjugation
  (Kaushik et al. 2012: 354-1052 ug/L after 500 mg) report another analyte, not comparable
  with this level (the model's aglycone peaks near 3 ng/mL after 1000 mg).

PD: ``senolytic_clearance = Emax x C / (C + EC50)`` from dasatinib's plasma level. Two
assumptions, labelled as such: (1) dasatinib carries the pair's effect on osteocytes (quercetin's
own targets, senescent endothelial cells, are not in the model, so quercetin has PK and no bone
effect here); (2) Emax is set so that one 3-day course of 100 mg removes a third of senescent
osteocytes, the order reported for senescent cells in human adipose tissue 11 days after one
3-day course (Hickson et al. 2019; the percentages were not read, so the value is an assumption).
"""

from __future__ import annotations

import math

import numpy as np

from osteon.drugs.base import MASS_UNITS_MG, Drug, DrugCard, pk
from osteon.drugs.estrogens import _ka_from_tmax
from osteon.model.parameter import Evidence
from osteon.model.spec import Observable, State

_CHRISTOPHER = ("Christopher LJ et al., Drug Metab Dispos 2008;36:1357, doi:10.1124/dmd.107.018267, "
                "PMID 18420784, Table 1 (100 mg single oral dose in healthy men: Cmax 104.5 ng/mL, "
                "tmax 0.5 h, terminal t1/2 3.6 h, AUC 313.9 ng h/mL)")
_MOON = ("Moon YJ, Wang L, DiCenzo R, Morris ME, Biopharm Drug Dispos 2008;29:205, "
         "doi:10.1002/bdd.605, PMID 18241083, abstract text (quercetin 500 mg three times daily; "
         "aglycone and conjugated metabolites assayed separately by LC-MS/MS; CL/F 3.5e4 L/h and "
         "terminal t1/2 3.5 h 'for quercetin', read here as the aglycone's, the parent the "
         "abstract names apart from its conjugates)")
_KAUSHIK = ("Kaushik D et al. 2012, journal as first cited here J Med Food, not confirmed "
            "(quercetin 500 mg by formulation: Cmax of total "
            "quercetin, i.e. aglycone and conjugates together, 354-1052 ug/L at 2.3-4.7 h), "
            "abstract text as found; the volume and page numbers were not read")
_HICKSON = ("Hickson LJ et al., EBioMedicine 2019;47:446, doi:10.1016/j.ebiom.2019.08.069, PMID "
            "31542391 (dasatinib 100 mg + quercetin 1000 mg daily for 3 days in 9 adults with "
            "diabetic kidney disease: senescent cells in adipose tissue fell 11 days later; "
            "abstract text, the percentages not read)")
_FARR2024 = ("Farr JN et al., Nat Med 2024;30:2605, doi:10.1038/s41591-024-03096-2, abstract text "
             "(60 postmenopausal women, 20 weeks of intermittent D+Q: CTX -4.1 % vs -7.7 % in "
             "controls, P = 0.61; P1NP +16 % vs control at 2 and 4 weeks, -9 % at 20 weeks; in "
             "the top tertile of senescent-cell burden P1NP +34 %, CTX -11 % at 2 weeks and "
             "radius BMD +2.7 % at 20 weeks)")
_FARR2017 = ("Farr JN et al., Nat Med 2017;23:1072, doi:10.1038/nm.4385, PMID 28825716, abstract "
             "(D+Q in old mice: resorption lower, formation kept or higher)")
_ZHU = ("Zhu Y et al., Aging Cell 2015;14:644, doi:10.1111/acel.12344, PMID 25754370, Fig. 3 "
        "legend (D 250-500 nM with Q 50-100 uM kill senescent fibroblasts and marrow stromal "
        "cells in 48 h)")

_HOUR = 24.0

#: ASSUMPTION: the longest run of consecutive dosing days of D+Q studied in people, 3 days
#: (Hickson 2019); a longer run without a day's pause is reported by the dose checks as outside
#: the studied intermittent ("hit and run") regimen: the rationale is that the cells die while
#: the drugs are on board and come back over months, so continuous dosing adds the drugs' own
#: toxicity (dasatinib's marrow and platelet effects) without a studied benefit
_LONGEST_COURSE = 3.0
_STUDIED_COURSES = (
    "D+Q is studied in courses of 2-3 consecutive days with weeks off (Hickson 2019: 3 days; "
    "Farr 2024: 2 days every 4 weeks for 20 weeks, as osteon's validation gives it)")

# ----------------------------------------------------------------------------- dasatinib
_DAS_DOSE = 100.0  # mg
_DAS_AUC = 313.9  # ng h/mL
_DAS_CMAX = 104.5  # ng/mL
_DAS_T12_H = 3.6
_DAS_TMAX_H = 0.5
_DAS_CL = _DAS_DOSE * 1e6 / _DAS_AUC / 1e3  # L/h (ng / (ng h/mL) = mL/h)
_DAS_LZ_H = math.log(2.0) / _DAS_T12_H  # terminal rate constant, 1/h
#: ASSUMPTION: the absorption rate constant. Cmax, tmax, AUC and the terminal half-life fix the
#: other three constants of a two-compartment model once ka is given; any ka from 1 to 4.75 /h
#: reproduces all four (above about 4.9 /h none does), and across that range one 3-day course's
#: integral of C / (C + EC50) moves by under 4 %, so Emax (set from it) barely depends on the choice
_DAS_KA_H = 3.0
_DAS_EC50 = 50.0  # ng/mL
#: share of senescent osteocytes one 3-day course of 100 mg removes (assumption, see above)
COURSE_CLEARED = 1.0 / 3.0


def _two_compartment_oral(t_h, dose_mg, ka, alpha, beta, k21, vc):
    """Plasma concentration (ng/mL) t_h hours after one oral dose of a two-compartment model
    with first-order absorption, written with its disposition rate constants alpha > beta."""
    t = np.asarray(t_h, dtype=float)
    a1 = (k21 - alpha) / ((ka - alpha) * (beta - alpha))
    a2 = (k21 - beta) / ((ka - beta) * (alpha - beta))
    a3 = (k21 - ka) / ((alpha - ka) * (beta - ka))
    return dose_mg * 1e3 * ka / vc * (a1 * np.exp(-alpha * t) + a2 * np.exp(-beta * t)
                                      + a3 * np.exp(-ka * t))


def _derive_dasatinib_disposition():
    """Vc, k12, k21 (L, 1/h, 1/h) that, with CL/F from the AUC, the terminal rate from the
    half-life and the assumed ka, put the peak of 100 mg at 104.5 ng/mL at 0.5 h (Christopher
    2008, Table 1). Unknowns alpha and k21: beta is the terminal rate, alpha beta = k10 k21 and
    alpha + beta = k10 + k12 + k21 give k10, k12 and Vc = CL / k10."""
    from scipy.optimize import fsolve

    ka, beta = _DAS_KA_H, _DAS_LZ_H

    def unpack(x):
        alpha, k21 = np.exp(x)
        k10 = alpha * beta / k21
        return alpha, k21, k10, alpha + beta - k10 - k21, _DAS_CL / k10

    def residual(x):
        alpha, k21, _, _, vc = unpack(x)
        h = 1e-5
        c0, c_lo, c_hi = (_two_compartment_oral(_DAS_TMAX_H + d, _DAS_DOSE, ka, alpha, beta, k21,
                                                vc) for d in (0.0, -h, h))
        return [c0 / _DAS_CMAX - 1.0, (c_hi - c_lo) / (2.0 * h) / _DAS_CMAX]

    x = fsolve(residual, np.log([1.8, 0.5]), xtol=1e-12)
    alpha, k21, _, k12, vc = unpack(x)
    if max(abs(r) for r in residual(x)) > 1e-8 or k12 <= 0.0:
        raise RuntimeError("dasatinib two-compartment derivation did not converge")
    return vc, k12, k21, alpha


_DAS_VC, _DAS_K12, _DAS_K21, _DAS_ALPHA = _derive_dasatinib_disposition()
_DAS_Q = _DAS_VC * _DAS_K12  # L/h
_DAS_VP = _DAS_Q / _DAS_K21  # L


def _course_exposure(ec50: float, days: int = 3, dose: float = _DAS_DOSE,
                     horizon: float = 30.0) -> float:
    """Integral over a course (days) of C / (C + EC50) after ``days`` daily doses."""
    t = np.linspace(0.0, horizon, 200_001)
    c = np.zeros_like(t)
    for k in range(days):
        tau = np.clip(t - k, 0.0, None) * _HOUR
        c += _two_compartment_oral(tau, dose, _DAS_KA_H, _DAS_ALPHA, _DAS_LZ_H, _DAS_K21,
                                   _DAS_VC) * (t >= k)
    occ = c / (c + ec50)
    return float(np.sum((occ[1:] + occ[:-1]) * np.diff(t)) / 2.0)


_DAS_EMAX = -math.log(1.0 - COURSE_CLEARED) / _course_exposure(_DAS_EC50)

_DAS_FIT = ("the two-compartment constants reproduce Cmax 104.5 ng/mL at 0.5 h, AUC 313.9 ng h/mL "
            "and the 3.6 h terminal half-life together, given the assumed ka")
DASATINIB_PARAMETERS = (
    pk("dasatinib_ka", _DAS_KA_H * _HOUR, "1/day", "absorption rate constant",
       f"assumption: 3 /h, inside the 1-4.75 /h over which a two-compartment model reproduces "
       f"the peak, its time, the AUC and the terminal half-life of {_CHRISTOPHER}; the course's "
       f"occupancy integral (hence Emax) changes by under 4 % over that range",
       Evidence.ASSUMPTION, lower_open=True),
    pk("dasatinib_CL", _DAS_CL * _HOUR, "L/day", "apparent oral clearance CL/F",
       f"derived: dose / AUC = 100 mg / 313.9 ng h/mL = {_DAS_CL:.0f} L/h; {_CHRISTOPHER}",
       Evidence.HUMAN_COHORT, lower_open=True),
    pk("dasatinib_Vc", _DAS_VC, "L", "apparent central volume Vc/F",
       f"derived ({_DAS_VC:.0f} L): {_DAS_FIT}; {_CHRISTOPHER}", Evidence.HUMAN_COHORT,
       lower_open=True),
    pk("dasatinib_Q", _DAS_Q * _HOUR, "L/day", "apparent intercompartmental clearance Q/F",
       f"derived ({_DAS_Q:.0f} L/h): {_DAS_FIT}; {_CHRISTOPHER}", Evidence.HUMAN_COHORT,
       lower_open=True),
    pk("dasatinib_Vp", _DAS_VP, "L", "apparent peripheral volume Vp/F",
       f"derived ({_DAS_VP:.0f} L): {_DAS_FIT}; {_CHRISTOPHER}", Evidence.HUMAN_COHORT,
       lower_open=True),
    pk("dasatinib_EC50", _DAS_EC50, "ng/mL", "plasma dasatinib of half-maximal senolytic effect",
       f"assumption: no in-vivo potency was found; in vitro D kills senescent cells at 250-500 nM "
       f"(120-240 ng/mL) with quercetin ({_ZHU}), and dasatinib is 96 % bound in plasma; 50 ng/mL "
       "is a shape parameter (Emax is set for the course, below)", Evidence.ASSUMPTION,
       lower_open=True),
    pk("dasatinib_Emax", _DAS_EMAX, "1/day", "maximal extra clearance of senescent osteocytes",
       f"assumption: set so that one course of 100 mg daily for 3 days removes a third of "
       f"senescent osteocytes (1 - exp(-Emax x integral of occupancy) = 1/3, the integral over "
       f"the two-compartment profile), the order reported "
       f"for senescent cells in human fat after such a course ({_HICKSON}); no measure in "
       "osteocytes exists", Evidence.ASSUMPTION, lower_open=True),
)

_DAS_STATES = (
    State("dasatinib_gut", "mg", "dasatinib in the gut (oral doses)", initial=0.0, scale=10.0),
    State("dasatinib_central", "mg", "dasatinib in the central compartment (plasma)",
          initial=0.0, scale=10.0),
    State("dasatinib_peripheral", "mg", "dasatinib in the peripheral compartment (tissues)",
          initial=0.0, scale=10.0),
)


def dasatinib_plasma(d, p):
    """Plasma dasatinib, ng/mL."""
    return d["dasatinib_central"] / p["dasatinib_Vc"] * 1e3


def _dasatinib_rates(t, d, m, p, xp):
    absorbed = p["dasatinib_ka"] * d["dasatinib_gut"]
    central = d["dasatinib_central"] / p["dasatinib_Vc"]  # mg/L
    to_tissue = p["dasatinib_Q"] * (central - d["dasatinib_peripheral"] / p["dasatinib_Vp"])
    return {"dasatinib_gut": -absorbed,
            "dasatinib_central": absorbed - p["dasatinib_CL"] * central - to_tissue,
            "dasatinib_peripheral": to_tissue}


def _dasatinib_effects(d, p, xp):
    c = dasatinib_plasma(d, p)
    return {"senolytic_clearance": p["dasatinib_Emax"] * c / (c + p["dasatinib_EC50"])}


_NOTES = (
    "Senescent osteocytes turn over slowly in the model (immune clearance 0.2 per year, an "
    "assumption), so a kill accumulates over courses; in mice senescent cells turn over in days "
    "to weeks (Karin O et al., Nat Commun 2019;10:5495, doi:10.1038/s41467-019-13192-4, not read "
    "here), which would make each course's effect more transient.",
    f"Farr 2024 found no effect on CTX over 20 weeks and a transient P1NP rise, larger in women "
    f"with a high senescent burden ({_FARR2024}); osteon's validation reports both (SN1, SN2).",
    "Dasatinib is a tyrosine-kinase inhibitor with its own marrow and platelet effects; they are "
    "not modelled.",
)

DASATINIB = Drug(
    id="dasatinib",
    card=DrugCard(
        name="dasatinib (senolytic, with quercetin)",
        drug_class="senolytic (tyrosine-kinase inhibitor), given with quercetin in short courses",
        mechanism="kills senescent cells (osteocytes among them): less RANKL from senescent "
                  "osteocytes and less SASP brake on osteoblast maturation; the effect scales "
                  f"with the senescent burden ({_FARR2017})",
        pk_model="oral: gut (ka, assumed 3 /h) -> central <-> peripheral compartment (CL/F "
                 "from the single-dose AUC; Vc/F, Q/F and Vp/F derived to give Cmax 104.5 ng/mL "
                 f"at 0.5 h and the 3.6 h terminal half-life); {_CHRISTOPHER}",
        pd_model="senolytic_clearance = Emax x C / (C + EC50), added to the immune clearance "
                 "of senescent osteocytes; Emax set so one 3-day course removes a third "
                 "(assumption)",
        usual_regimen="dasatinib 100 mg + quercetin 1000 mg oral daily x 3 days every month",
        notes=_NOTES,
        targets=("SN1", "SN2"),
        longest_course_days=_LONGEST_COURSE,
        studied_courses=_STUDIED_COURSES,
    ),
    states=_DAS_STATES,
    parameters=DASATINIB_PARAMETERS,
    routes={"oral": "dasatinib_gut"},
    amount_unit="mg",
    dose_units=MASS_UNITS_MG,
    rates=_dasatinib_rates,
    effects=_dasatinib_effects,
    observables=(Observable("dasatinib_plasma", "ng/mL", "plasma dasatinib"),),
    observe=lambda d, p, xp: {"dasatinib_plasma": dasatinib_plasma(d, p)},
    levels=("dasatinib_plasma",),
    acts_on=("senolytic_clearance",),
)

# ----------------------------------------------------------------------------- quercetin
_Q_CL_H = 3.5e4  # L/h
_Q_T12_H = 3.5
_Q_TMAX_H = 3.0
_Q_KE_H = math.log(2.0) / _Q_T12_H

QUERCETIN_PARAMETERS = (
    pk("quercetin_ka", _ka_from_tmax(_Q_TMAX_H, _Q_KE_H) * _HOUR, "1/day",
       "absorption rate constant", f"assumption: the rate that puts the aglycone's peak at 3 h "
       f"with its 3.5 h half-life ({_MOON}); the aglycone's time to peak was not read (Moon's "
       f"abstract gives none), 3 h is taken inside the 2.3-4.7 h of total quercetin "
       f"({_KAUSHIK}), the same doses' absorption seen through another analyte",
       Evidence.ASSUMPTION, lower_open=True),
    pk("quercetin_CL", _Q_CL_H * _HOUR, "L/day", "apparent oral clearance CL/F of quercetin "
       "aglycone", _MOON, Evidence.HUMAN_COHORT, lower_open=True),
    pk("quercetin_V", _Q_CL_H / _Q_KE_H, "L", "apparent volume V/F of quercetin aglycone (one "
       "compartment)", f"derived: CL/F x t1/2 / ln 2, both the aglycone's; {_MOON}",
       Evidence.HUMAN_COHORT, lower_open=True),
)

_Q_STATES = (
    State("quercetin_gut", "mg", "quercetin in the gut (oral doses)", initial=0.0, scale=100.0),
    State("quercetin_central", "mg", "quercetin aglycone in the body (one compartment)",
          initial=0.0, scale=100.0),
)


def quercetin_plasma(d, p):
    """Plasma quercetin aglycone (unconjugated), ng/mL; conjugates are not counted."""
    return d["quercetin_central"] / p["quercetin_V"] * 1e3


def _quercetin_rates(t, d, m, p, xp):
    absorbed = p["quercetin_ka"] * d["quercetin_gut"]
    return {"quercetin_gut": -absorbed,
            "quercetin_central": absorbed
            - p["quercetin_CL"] / p["quercetin_V"] * d["quercetin_central"]}


QUERCETIN = Drug(
    id="quercetin",
    card=DrugCard(
        name="quercetin (senolytic partner of dasatinib)",
        drug_class="flavonol; senolytic in combination with dasatinib",
        mechanism="kills senescent endothelial cells in vitro (Zhu 2015); those cells are not in "
                  "the model, so quercetin has PK here and no effect on bone of its own "
                  "(assumption: dasatinib carries the pair's effect on osteocytes)",
        pk_model=f"oral: gut (ka, an assumption) -> one compartment of quercetin aglycone "
                 f"(unconjugated; CL/F and t1/2 of the aglycone); {_MOON}",
        pd_model="none in bone (see mechanism); plasma level reported",
        # every month before the comment: the dose checks read its courses' rate from it
        usual_regimen="quercetin 1000 mg oral daily x 3 days every month (with dasatinib 100 mg)",
        notes=("Given alone, quercetin does nothing to bone in osteon; given with dasatinib, "
               "the pair's effect is dasatinib's.",
               "quercetin_plasma is the unconjugated aglycone, whose CL/F and half-life the "
               "model carries; total quercetin measured after deconjugation (glucuronides and "
               f"sulfates included; {_KAUSHIK}) is another analyte and is not modelled."),
        targets=("SN1", "SN2"),
        longest_course_days=_LONGEST_COURSE,
        studied_courses=_STUDIED_COURSES,
    ),
    states=_Q_STATES,
    parameters=QUERCETIN_PARAMETERS,
    routes={"oral": "quercetin_gut"},
    amount_unit="mg",
    dose_units=MASS_UNITS_MG,
    rates=_quercetin_rates,
    effects=lambda d, p, xp: {},
    observables=(Observable("quercetin_plasma", "ng/mL",
                            "plasma quercetin aglycone (unconjugated; conjugates not counted)"),),
    observe=lambda d, p, xp: {"quercetin_plasma": quercetin_plasma(d, p)},
    levels=("quercetin_plasma",),
)

DRUGS = {d.id: d for d in (DASATINIB, QUERCETIN)}
