"""Lemaire et al. 2004: RANK/RANKL/OPG coupling of osteoblasts and osteoclasts, with PTH and TGF-β.

Lemaire V, Tobin FL, Greller LD, Cho CR, Suva LJ. Modeling the interactions between osteoblast and
osteoclast activities in bone remodeling. J Theor Biol 2004;229(3):293-309.
doi:10.1016/j.jtbi.2004.03.023, PMID 15234198.

Equations (time in days, concentrations in pM)::

    pi_C = (C + f0 C_s) / (C + C_s)                       TGF-beta signal from osteoclasts
    pi_P = (I_P/k_P + S_P/k_P) / (I_P/k_P + k6/k5)        PTH receptor occupancy
    pi_L = (k3/k4) K_L^P pi_P B (1 + I_L/r_L)
           / (1 + k3 K/k4 + k1/(k2 k_O) (K_O^P R/pi_P + I_O))       RANKL-RANK signal
    dR/dt = D_R pi_C - (f0 d_B / pi_C) R + I_R            responding osteoblasts
    dB/dt = (f0 d_B / pi_C) R - k_B B + I_B               active osteoblasts
    dC/dt = D_C pi_L - D_A pi_C C + I_C                   active osteoclasts

RANKL sits on active osteoblasts (raised by PTH), OPG comes from responding osteoblasts (lowered
by PTH); RANK is held constant at K. OPG, RANKL and PTH are at quasi-steady state.
"""

from __future__ import annotations

import math

import numpy as np

from osteon.model.parameter import Evidence, Parameter
from osteon.model.spec import Card, ModelSpec, Observable, State, stack

REF = "Lemaire 2004, J Theor Biol 229:293, doi:10.1016/j.jtbi.2004.03.023, PMID 15234198"
BM = "value as in the curated BioModels encoding BIOMD0000000278"


def _p(name, value, unit, desc, where="Table 1", bounds=(0.0, math.inf), lower_open=True,
       symbol=""):
    return Parameter(name=name, value=value, unit=unit, description=desc,
                     source=f"{REF}, {where}; {BM}", evidence=Evidence.PUBLISHED_MODEL,
                     bounds=bounds, lower_open=lower_open, symbol=symbol)


def _input(name, unit, desc, where, bounds=(0.0, math.inf)):
    return Parameter(name=name, value=0.0, unit=unit, description=desc,
                     source=f"{REF}, {where}; zero at baseline as in BIOMD0000000278",
                     evidence=Evidence.PUBLISHED_MODEL, bounds=bounds)


PARAMETERS = (
    _p("D_R", 7.0e-4, "pM/day", "differentiation rate of osteoblast progenitors into R"),
    _p("d_B", 0.7, "1/day", "differentiation rate of responding into active osteoblasts "
       "(enters as D_B = f0 d_B)"),
    _p("k_B", 0.189, "1/day", "elimination (apoptosis) rate of active osteoblasts"),
    _p("D_C", 2.1e-3, "pM/day", "maximal differentiation rate of osteoclast precursors"),
    _p("D_A", 0.7, "1/day", "osteoclast apoptosis rate induced by TGF-beta"),
    _p("f0", 0.05, "dimensionless", "fixed proportion in the TGF-beta signal pi_C",
       bounds=(0.0, 1.0), lower_open=False),
    _p("C_s", 5.0e-3, "pM", "osteoclast concentration giving half-maximal TGF-beta effect"),
    _p("K", 10.0, "pM", "RANK concentration (constant)"),
    _p("k1", 1.0e-2, "1/pM/day", "OPG-RANKL association rate"),
    _p("k2", 10.0, "1/day", "OPG-RANKL dissociation rate"),
    _p("k3", 5.8e-4, "1/pM/day", "RANK-RANKL association rate"),
    _p("k4", 1.7e-2, "1/day", "RANK-RANKL dissociation rate"),
    _p("k5", 2.0e-2, "1/pM/day", "PTH-receptor association rate"),
    _p("k6", 3.0, "1/day", "PTH-receptor dissociation rate"),
    _p("k_O", 0.35, "1/day", "OPG degradation rate"),
    _p("K_O_P", 2.0e5, "1/day", "minimal OPG production per responding osteoblast "
       "(pM/day per pM of cells)", symbol="K_O^P"),
    _p("K_L_P", 3.0e6, "dimensionless", "maximal RANKL per active osteoblast "
       "(pM RANKL per pM of cells)", symbol="K_L^P"),
    _p("r_L", 1.0e3, "pM/day", "RANKL production rate scaling exogenous RANKL (1 + I_L/r_L)"),
    _p("k_P", 86.0, "1/day", "PTH degradation rate"),
    _p("S_P", 250.0, "pM/day", "endogenous PTH production rate"),
    _input("I_P", "pM/day", "exogenous PTH infusion rate", "Fig. 2C (I_P = 1e3 pM/day)"),
    _input("I_O", "pM/day", "exogenous OPG infusion rate", "Fig. 2C (I_O = 2e5 pM/day)"),
    _input("I_L", "pM/day", "exogenous RANKL infusion rate", "Fig. 2C (I_L = 1e4 pM/day)"),
    _input("I_R", "pM/day", "exogenous addition (+) or removal (-) of responding osteoblasts",
           "Fig. 2A-B (cell addition/removal)", bounds=(-math.inf, math.inf)),
    _input("I_B", "pM/day", "exogenous addition (+) or removal (-) of active osteoblasts",
           "Fig. 2A-B (cell addition/removal)", bounds=(-math.inf, math.inf)),
    _input("I_C", "pM/day", "exogenous addition (+) or removal (-) of active osteoclasts",
           "Fig. 2A-B (cell addition/removal)", bounds=(-math.inf, math.inf)),
)

#: Steady state printed in the paper (and used as initial values by BIOMD0000000278), pM.
PUBLISHED_STEADY_STATE = {"R": 7.734e-4, "B": 7.282e-4, "C": 9.127e-4}

STATES = (
    State("R", "pM", "responding osteoblasts (osteoblast precursors)",
          initial=PUBLISHED_STEADY_STATE["R"], scale=1e-3),
    State("B", "pM", "active osteoblasts", initial=PUBLISHED_STEADY_STATE["B"], scale=1e-3),
    State("C", "pM", "active osteoclasts", initial=PUBLISHED_STEADY_STATE["C"], scale=1e-3),
)

OBSERVABLES = (
    Observable("pi_C", "dimensionless", "TGF-beta signal from osteoclasts"),
    Observable("pi_P", "dimensionless", "PTH receptor occupancy"),
    Observable("pi_L", "dimensionless", "RANKL-RANK signal driving osteoclast formation"),
    Observable("pth", "pM", "PTH concentration (endogenous + exogenous)"),
    Observable("opg", "pM", "OPG concentration (quasi-steady state)"),
    Observable("rankl", "pM", "free RANKL concentration (quasi-steady state)"),
    Observable("rank_rankl", "pM", "RANK-RANKL complex concentration"),
)


def _signals(y, p, xp):
    R, B, C = y[:, 0], y[:, 1], y[:, 2]
    pi_C = (C + p["f0"] * p["C_s"]) / (C + p["C_s"])
    P_bar = p["I_P"] / p["k_P"]
    pi_P = (P_bar + p["S_P"] / p["k_P"]) / (P_bar + p["k6"] / p["k5"])
    opg_flux = p["K_O_P"] * R / pi_P + p["I_O"]
    pi_L = ((p["k3"] / p["k4"]) * p["K_L_P"] * pi_P * B * (1.0 + p["I_L"] / p["r_L"])
            / (1.0 + p["k3"] * p["K"] / p["k4"] + p["k1"] / (p["k2"] * p["k_O"]) * opg_flux))
    return R, B, C, pi_C, pi_P, pi_L, opg_flux


def rhs(t, y, p, xp):
    R, B, C, pi_C, _, pi_L, _ = _signals(y, p, xp)
    D_B = p["f0"] * p["d_B"]
    dR = p["D_R"] * pi_C - D_B * R / pi_C + p["I_R"]
    dB = D_B * R / pi_C - p["k_B"] * B + p["I_B"]
    dC = p["D_C"] * pi_L - p["D_A"] * pi_C * C + p["I_C"]
    return stack(xp, [dR, dB, dC])


def observe(t, y, p, xp):
    _, _, _, pi_C, pi_P, pi_L, opg_flux = _signals(y, p, xp)
    rankl = pi_L * p["k4"] / p["k3"]
    return {
        "pi_C": pi_C,
        "pi_P": pi_P,
        "pi_L": pi_L,
        "pth": (p["I_P"] + p["S_P"]) / p["k_P"],
        "opg": opg_flux / p["k_O"],
        "rankl": rankl,
        "rank_rankl": p["K"] * pi_L,
    }


def steady_state_guess(p):
    n = np.asarray(p["D_R"]).shape[0]
    return np.tile([PUBLISHED_STEADY_STATE[k] for k in ("R", "B", "C")], (n, 1))


CARD = Card(
    title="Modeling the interactions between osteoblast and osteoclast activities in bone remodeling",
    authors="Lemaire V, Tobin FL, Greller LD, Cho CR, Suva LJ",
    year=2004,
    journal="J Theor Biol 229(3):293-309",
    doi="10.1016/j.jtbi.2004.03.023",
    pmid="15234198",
    bibtex_key="lemaire2004",
    summary=("Three cell populations (responding osteoblasts R, active osteoblasts B, active "
             "osteoclasts C) coupled by RANKL on active osteoblasts, OPG from responding "
             "osteoblasts, TGF-beta released by osteoclasts, and PTH acting on both."),
    scope=("Cell concentrations in pM, days. Cytokines at quasi-steady state; RANK constant. "
           "No bone mass state in the paper."),
    equations=__doc__.split("Equations", 1)[1] if __doc__ else "",
    deviations=(
        "Steady state: the paper prints R=7.734e-4, B=7.282e-4, C=9.127e-4 pM. The exact steady "
        "state of the printed parameters is R=7.7344e-4, B=7.2834e-4, C=9.1275e-4 pM: R and C "
        "agree to 4 significant digits, B differs by 1.4 units in the 4th digit (0.02 %), most "
        "likely rounding in the paper; osteon reports this as a miss rather than tuning a "
        "parameter.",
        "D_B = f0 d_B = 0.035 /day is the effective R->B differentiation rate (d_B = 0.7 /day "
        "alone does not give the published steady state).",
        "The cell addition/removal experiments (Fig. 2A-B) are encoded as constant fluxes I_R, "
        "I_B, I_C added to the cell equations, as in the BioModels experiment files; a negative "
        "flux can empty a population, and osteon reports that rather than clipping.",
    ),
    experiments=(
        "Fig. 2A: add cells, 1e-4 pM/day of R, B or C from day 20 to day 80 "
        "(ParameterStep('I_B', ...) on and off).",
        "Fig. 2C: continuous PTH I_P = 1e3 pM/day (days 20-80) is catabolic: osteoclasts rise "
        "more than osteoblasts.",
        "Fig. 2C: OPG infusion I_O = 2e5 pM/day (days 20-80) lowers osteoclasts.",
        "Fig. 2C: RANKL I_L = 1e4 pM/day from day 20 raises osteoclasts; OPG I_O = 9e4 pM/day "
        "from day 80 reverses it.",
    ),
)


def build() -> ModelSpec:
    return ModelSpec(
        id="lemaire2004",
        version="1.0",
        time_unit="day",
        states=STATES,
        parameters=PARAMETERS,
        rhs=rhs,
        observables=OBSERVABLES,
        observe=observe,
        card=CARD,
        steady_state_guess=steady_state_guess,
    )
