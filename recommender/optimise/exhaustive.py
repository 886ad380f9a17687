"""The reference enumerator: price every bundle with the cost model, keep each plan's best.

Exponential in the number of packs, so it is the oracle for tests and small catalogues, not
the engine for requests.
"""

import itertools
from collections.abc import Sequence

from ..catalogue import Catalogue, Plan
from ..cost import Bundle, price
from ..profile import Profile
from . import Ranked, rank_key

MAX_COMBINATIONS = 2_000_000


def all_bundles(catalogue: Catalogue, profile: Profile, plan: Plan) -> list[tuple[Bundle, int]]:
    """Every bundle on ``plan`` that meets every need (budget aside), in rank order."""
    demand = profile.demand()
    packs = catalogue.packs_for(plan)
    size = 1
    for pack in packs:
        size *= pack.max_count + 1
    if size > MAX_COMBINATIONS:
        raise ValueError(f"{plan.id}: {size} pack combinations is too many to enumerate")
    found = []
    for counts in itertools.product(*(range(p.max_count + 1) for p in packs)):
        bundle = Bundle(plan.id, tuple((p.id, n) for p, n in zip(packs, counts, strict=True) if n))
        costing = price(catalogue, profile, bundle, demand)
        if costing.meets_needs:
            found.append((bundle, costing.total_fen))
    return sorted(found, key=lambda item: rank_key(catalogue, *item))


def solve(catalogue: Catalogue, profile: Profile, plans: Sequence[Plan], time_limit_s: float = 0.0) -> Ranked:
    """Each plan's cheapest fitting bundle, in rank order (the same contract as ``cpsat.solve``)."""
    best = [found[0] for plan in plans if (found := all_bundles(catalogue, profile, plan))]
    return Ranked(tuple(sorted(best, key=lambda item: rank_key(catalogue, *item))))
