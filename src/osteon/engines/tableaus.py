"""Rosenbrock tableaus in the transformed (KPP) form the engines integrate with::

    G = I / (h gamma) - J
    Y_i = y + sum_j a_ij K_j,   G K_i = f(t + alpha_i h, Y_i) + sum_j (c_ij / h) K_j + h gamma_i f_t
    y_new = y + sum_j m_j K_j,  error = sum_j e_j K_j

- **Rodas4**: Hairer E, Wanner G. Solving Ordinary Differential Equations II, 2nd ed., Springer
  1996, section IV.7, Table 7.2 (6 stages, order 4, embedded order 3; L-stable, stiffly
  accurate).
- **Rodas5P**: Steinebach G. Construction of Rosenbrock-Wanner method Rodas5P and numerical
  benchmarks within the Julia Differential Equations package. BIT Numer Math 2023 (volume,
  article number and DOI not verified here; the paper was not read) (8 stages, order 5,
  embedded order 4; L-stable, stiffly accurate). Coefficients as published in the
  transformed form by the Julia package
  OrdinaryDiffEq.jl (``Rodas5PTableau``): the 7th and 8th stages start from the 6th stage's
  value plus K6 and plus K6 + K7, the solution adds K8, and K8 is the error estimate.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Tableau:
    name: str
    gamma: float
    alpha: np.ndarray     # (s,) stage times
    gammas: np.ndarray    # (s,) time-derivative weights
    a: np.ndarray         # (s, s) strictly lower
    c: np.ndarray         # (s, s) strictly lower
    m: np.ndarray         # (s,) solution weights
    e: np.ndarray         # (s,) error weights
    order_est: float      # local order of the error estimate (embedded order + 1)

    @property
    def stages(self) -> int:
        return self.alpha.size


def _lower(rows: list[list[float]], s: int) -> np.ndarray:
    out = np.zeros((s, s))
    for i, row in enumerate(rows, start=1):
        out[i, :len(row)] = row
    return out


_R4_A5 = [1.221224509226641, 6.019134481288629, 12.53708332932087, -0.6878860361058950]
RODAS4 = Tableau(
    name="Rodas4", gamma=0.25,
    alpha=np.array([0.0, 0.386, 0.210, 0.630, 1.0, 1.0]),
    gammas=np.array([0.25, -0.1043, 0.1035, -0.3620000000000023e-01, 0.0, 0.0]),
    a=_lower([[1.544],
              [0.9466785280815826, 0.2557011698983284],
              [3.314825187068521, 2.896124015972201, 0.9986419139977817],
              _R4_A5,
              [*_R4_A5, 1.0]], 6),
    c=_lower([[-5.6688],
              [-2.430093356833875, -0.2063599157091915],
              [-0.1073529058151375, -9.594562251023355, -20.47028614809616],
              [7.496443313967647, -10.24680431464352, -33.99990352819905, 11.70890893206160],
              [8.083246795921522, -7.981132988064893, -31.52159432874371, 16.31930543123136,
               -6.058818238834054]], 6),
    m=np.array([*_R4_A5, 1.0, 1.0]),
    e=np.array([0.0, 0.0, 0.0, 0.0, 0.0, 1.0]),
    order_est=4.0,
)

_R5_A6 = [-7.502846399306121, 2.561846144803919, -11.627539656261098, -0.18268767659942256,
          0.030198172008377946]
RODAS5P = Tableau(
    name="Rodas5P", gamma=0.21193756319429014,
    alpha=np.array([0.0, 0.6358126895828704, 0.4095798393397535, 0.9769306725060716,
                    0.4288403609558664, 1.0, 1.0, 1.0]),
    gammas=np.array([0.21193756319429014, -0.42387512638858027, -0.3384627126235924,
                     1.8046452872882734, 2.325825639765069, 0.0, 0.0, 0.0]),
    a=_lower([[3.0],
              [2.849394379747939, 0.45842242204463923],
              [-6.954028509809101, 2.489845061869568, -10.358996098473584],
              [2.8029986275628964, 0.5072464736228206, -0.3988312541770524,
               -0.04721187230404641],
              _R5_A6,
              [*_R5_A6, 1.0],
              [*_R5_A6, 1.0, 1.0]], 8),
    c=_lower([[-14.155112264123755],
              [-17.97296035885952, -2.859693295451294],
              [147.12150275711716, -1.41221402718213, 71.68940251302358],
              [165.43517024871676, -0.4592823456491126, 42.90938336958603,
               -5.961986721573306],
              [24.854864614690072, -3.0009227002832186, 47.4931110020768, 5.5814197821558125,
               -0.6610691825249471],
              [30.91273214028599, -3.1208243349937974, 77.79954646070892, 34.28646028294783,
               -19.097331116725623, -28.087943162872662],
              [37.80277123390563, -3.2571969029072276, 112.26918849496327, 66.9347231244047,
               -40.06618937091002, -54.66780262877968, -9.48861652309627]], 8),
    m=np.array([*_R5_A6, 1.0, 1.0, 1.0]),
    e=np.array([0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0]),
    order_est=5.0,
)

TABLEAUS = {t.name: t for t in (RODAS4, RODAS5P)}

__all__ = ["RODAS4", "RODAS5P", "TABLEAUS", "Tableau"]
