"""Catalogues for benchmarks: the shipped one, and a generated one ten times larger.

The large one is the shipped catalogue repeated for ten provinces: each copy's plans have
slightly different fees and allowances, and each copy's packs go on that copy's plans only
(as provincial offers do), so every plan faces the same rules as in the shipped catalogue.
"""

import dataclasses
from types import MappingProxyType

import numpy as np

from recommender.catalogue import DEFAULT_PLANS, Catalogue, Tariff, load_catalogue


def shipped() -> Catalogue:
    return load_catalogue(DEFAULT_PLANS)


def tenfold(seed: int = 1) -> Catalogue:
    base = shipped()
    rng = np.random.default_rng(seed)
    plans, packs = [], []
    for region in range(10):
        suffix = f"-r{region}"
        for plan in base.plans:
            tariffs = {m: Tariff(int(t.included * rng.uniform(0.8, 1.25)) if t.included else 0, t.unit, t.rate_fen)
                       for m, t in plan.tariffs.items()}
            fee = int(plan.fee_fen * rng.uniform(0.9, 1.1))
            plans.append(dataclasses.replace(plan, id=plan.id + suffix, fee_fen=fee, tariffs=MappingProxyType(tariffs)))
        for pack in base.packs:
            eligible = pack.plans
            if eligible is None:
                eligible = frozenset(p.id for p in base.plans if p.operator == pack.operator)
            packs.append(dataclasses.replace(
                pack, id=pack.id + suffix, price_fen=int(pack.price_fen * rng.uniform(0.85, 1.15)),
                plans=frozenset(p + suffix for p in eligible), free_with=frozenset(p + suffix for p in pack.free_with),
                excludes=frozenset(p + suffix for p in pack.excludes)))
    return Catalogue(tuple(plans), tuple(packs), "tenfold")
