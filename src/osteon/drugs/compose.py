"""Compose drugs with a model: their PK states and parameters are added, and at every instant
their effects set the model's pharmacological inputs (combined across drugs)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from osteon.drugs.base import COMBINE, Drug
from osteon.errors import InputError, ModelDefinitionError
from osteon.model.spec import ModelSpec


def compose(spec: ModelSpec, drugs: Sequence[Drug]) -> ModelSpec:
    """``spec`` with ``drugs`` added (the same model when ``drugs`` is empty)."""
    drugs = list({d.id: d for d in drugs}.values())
    if not drugs:
        return spec
    _check(spec, drugs)
    nb = spec.n_states
    offsets: list[tuple[Drug, list[tuple[str, int]]]] = []
    k = nb
    for drug in drugs:
        offsets.append((drug, [(s.name, k + i) for i, s in enumerate(drug.states)]))
        k += len(drug.states)
    reads = sorted({name for d in drugs for name in d.reads})
    read_idx = [(name, spec.state_index(name)) for name in reads]

    def drug_states(y: Any) -> list[dict[str, Any]]:
        return [{name: y[:, i] for name, i in idx} for _, idx in offsets]

    def with_effects(y: Any, p: Mapping[str, Any], xp: Any,
                     ds: list[dict[str, Any]]) -> dict[str, Any]:
        out = dict(p)
        for (drug, _), d in zip(offsets, ds, strict=True):
            for name, value in drug.effects(d, p, xp).items():
                rule = COMBINE[name]
                if rule == "add":
                    out[name] = out[name] + value
                elif rule == "multiply":
                    out[name] = out[name] * value
                else:  # union of independent fractions
                    out[name] = 1.0 - (1.0 - out[name]) * (1.0 - value)
        return out

    def rhs(t, y, p, xp):
        ds = drug_states(y)
        yb = y[:, :nb]
        db = spec.rhs(t, yb, with_effects(y, p, xp, ds), xp)
        host = {name: yb[:, i] for name, i in read_idx}
        cols = []
        inflow: dict[int, Any] = {}
        for (drug, idx), d in zip(offsets, ds, strict=True):
            if idx:
                rates = drug.rates(t, d, host, p, xp)
                cols.append(xp.stack([rates[name] for name, _ in idx], axis=-1))
                for name in drug.feeds:
                    j = spec.state_index(name)
                    inflow[j] = inflow.get(j, 0.0) + rates[name]
        if inflow:
            db = xp.stack([db[:, j] + inflow[j] if j in inflow else db[:, j]
                           for j in range(nb)], axis=-1)
        return xp.concatenate([db, *cols], axis=-1)

    def observe(t, y, p, xp):
        ds = drug_states(y)
        yb = y[:, :nb]
        p2 = with_effects(y, p, xp, ds)
        out = dict(spec.observe(t, yb, p2, xp)) if spec.observe is not None else {}
        for (drug, _), d in zip(offsets, ds, strict=True):
            if drug.observe is not None:
                out.update(drug.observe(d, p, xp))
        return out

    base_guess = spec.steady_state_guess

    def guess(p):
        n = np.asarray(next(iter(p.values()))).shape[0]
        base = (np.asarray(base_guess(p), dtype=float) if base_guess is not None
                else spec.initial_values(n))
        extra = np.tile([s.initial for d in drugs for s in d.states], (n, 1))
        return np.concatenate([np.broadcast_to(base, (n, nb)), extra], axis=1)

    return dataclasses.replace(
        spec,
        id=f"{spec.id}+{'+'.join(d.id for d in drugs)}",
        states=spec.states + tuple(s for d in drugs for s in d.states),
        parameters=spec.parameters + tuple(q for d in drugs for q in d.parameters),
        observables=spec.observables + tuple(o for d in drugs for o in d.observables),
        rhs=rhs,
        observe=observe if (spec.observe is not None or any(d.observe for d in drugs)) else None,
        steady_state_guess=guess,
    )


def _check(spec: ModelSpec, drugs: list[Drug]) -> None:
    params = set(spec.parameter_names)
    states = set(spec.state_names)
    for drug in drugs:
        missing = [h for h in drug.acts_on if h not in params]
        if missing:
            raise InputError(
                f"drug '{drug.id}' acts on {missing}, inputs model '{spec.id}' does not have; "
                f"drugs act on the integrated model 'osteon'")
        missing = [s for s in (*drug.reads, *drug.feeds) if s not in states]
        if missing:
            raise InputError(f"drug '{drug.id}' uses states {missing} that model '{spec.id}' "
                             f"does not have; drugs act on the integrated model 'osteon'")
        unknown = [v for v in drug.levels if v not in states and v not in drug.state_names
                   and v not in {o.name for o in drug.observables}]
        if unknown:
            raise ModelDefinitionError(f"drug '{drug.id}' names levels {unknown}, neither its "
                                       f"states and observables nor states of model '{spec.id}'")
        for route, target in drug.routes.items():
            if target not in states and target not in drug.state_names:
                raise InputError(f"drug '{drug.id}' doses route '{route}' into '{target}', a "
                                 f"state model '{spec.id}' does not have")
