"""Provincial copies of a catalogue: its plans and packs again under other ids, at other prices, each pack
sold with its own province's plans; optionally with one field of one pack changed (``SHAPE_CHANGES``: each
a field the tables' variants read)."""

import dataclasses
from typing import Any

from recommender.catalogue import Catalogue, Plan, Tariff
from recommender.catalogue.model import UNLIMITED

SHAPE_CHANGES = {  # (a pack, another pack's id in the same copy)
    "max_count": lambda p, other: {"max_count": p.max_count + 1},
    "adds": lambda p, other: {"adds": {m: 2 * amount for m, amount in p.adds.items()} or {"data_mb": 1024}},
    "install_fen": lambda p, other: {"install_fen": p.install_fen + 100},
    "billing": lambda p, other: {"billing": "monthly" if p.daily else "per_day"},
    "uplink_mbps": lambda p, other: {"uplink_mbps": p.uplink_mbps + 100},
    "group": lambda p, other: {"group": None if p.group else "g"},
    "excludes": lambda p, other: {"excludes": frozenset({other})},
}


def province(catalogue: Catalogue, suffix: str, price: int, change: str | None, which: int,
             pack_price: int | None = None, more_data_mb: int = 0) -> Catalogue:
    """The catalogue's plans and packs again, ids suffixed and prices raised by ``price`` (the packs' by
    ``pack_price`` if given), each pack sold with its own province's plans only; with ``change``, one field
    the variants read changed on the ``which``-th pack; with ``more_data_mb``, each plan's data allowance
    (a limited one) that much larger."""
    def rename(ids: frozenset[str]) -> frozenset[str]:
        return frozenset(i + suffix for i in ids)

    def tariffs(plan: Plan) -> dict[str, Tariff]:
        data = plan.tariffs["data_mb"]
        if not more_data_mb or data.included >= UNLIMITED:
            return dict(plan.tariffs)
        return {**plan.tariffs, "data_mb": dataclasses.replace(data, included=data.included + more_data_mb)}

    plans = tuple(dataclasses.replace(p, id=p.id + suffix, fee_fen=p.fee_fen + price, tariffs=tariffs(p))
                  for p in catalogue.plans)
    packs = []
    for i, p in enumerate(catalogue.packs):
        sold = p.plans if p.plans is not None else frozenset(q.id for q in catalogue.plans if p.fits(q))
        fields: dict[str, Any] = {"id": p.id + suffix, "plans": rename(sold), "free_with": rename(p.free_with),
                                  "excludes": rename(p.excludes),
                                  "price_fen": p.price_fen + (price if pack_price is None else pack_price)}
        if change is not None and i == which % len(catalogue.packs):
            other = catalogue.packs[(i + 1) % len(catalogue.packs)].id + suffix
            fields.update(SHAPE_CHANGES[change](p, other))
        packs.append(dataclasses.replace(p, **fields))
    return Catalogue(plans, tuple(packs), "copy")
