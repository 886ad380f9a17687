"""Finding each plan's cheapest fitting bundle: CP-SAT for answers, enumeration as the oracle.

Both engines have one contract, ``solve(catalogue, profile, plans, time_limit_s) -> Ranked``:
the best bundle of every plan that can meet the profile's needs, in rank order, where ties in
cost are broken by the plan's position in the catalogue, then by fewer packs, then by pack ids.
"""

from dataclasses import dataclass

from ..catalogue import Catalogue
from ..cost import Bundle


@dataclass(frozen=True)
class Ranked:
    """The bundles an engine found, best first, and whether their optimality is proved."""

    bundles: tuple[tuple[Bundle, int], ...]
    proved: bool = True


def rank_key(catalogue: Catalogue, bundle: Bundle, total_fen: int) -> tuple[int, int, int, tuple[tuple[str, int], ...]]:
    position = catalogue.plans.index(catalogue.plan_index[bundle.plan_id])
    return (total_fen, position, bundle.pack_count, bundle.packs)
