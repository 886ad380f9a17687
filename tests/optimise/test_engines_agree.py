"""Tables, CP-SAT and the exhaustive enumerator agree on every plan's optimum and on the ranking.

Random catalogues include non-separable rules (packs that add several resources, groups,
exclusions, free-with-plan prices, restricted eligibility); random profiles include every need.
"""

import os

from hypothesis import HealthCheck, given, settings

from recommender.answer import Answer, Recommendation, recommend
from recommender.catalogue import Catalogue
from recommender.cost import price
from recommender.optimise import cpsat, exhaustive
from recommender.optimise.tables import Compiled
from recommender.profile import Profile

from ..strategies import catalogues, profiles

EXAMPLES = int(os.environ.get("PROPERTY_EXAMPLES", "150"))  # raise it for a long run
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def summary(ranked: tuple) -> list[tuple[str, int, int]]:
    return [(bundle.plan_id, total, bundle.pack_count) for bundle, total in ranked]


@SETTINGS
@given(catalogues(), profiles())
def test_every_engine_finds_each_plans_optimum(catalogue: Catalogue, profile: Profile) -> None:
    plans = list(catalogue.plans)
    solver = cpsat.solve(catalogue, profile, plans)
    tables = Compiled(catalogue).solve(profile, plans)
    oracle = exhaustive.solve(catalogue, profile, plans)
    assert solver.proved
    assert summary(solver.bundles) == summary(oracle.bundles)
    assert summary(tables.bundles) == summary(oracle.bundles)
    for bundle, total in solver.bundles + tables.bundles:
        costing = price(catalogue, profile, bundle)
        assert costing.total_fen == total
        assert costing.meets_needs


def shape(answer: Answer) -> tuple[object, ...]:
    """What must not depend on the engine (on exact ties, which packs make a total may differ)."""
    def rec(r: Recommendation) -> tuple[object, ...]:
        return (r.rank, r.plan_id, r.total_fen, sum(int(p["count"]) for p in r.packs), r.needs_met)
    return (answer.status, [rec(r) for r in answer.recommendations], [rec(r) for r in answer.best_per_operator],
            [(e.plan_id, e.cheapest_fen) for e in answer.excluded], answer.suggestions)


@SETTINGS
@given(catalogues(), profiles())
def test_recommendations_equal_the_enumerators_k_cheapest(catalogue: Catalogue, profile: Profile) -> None:
    fast = recommend(catalogue, profile, top_k=3)
    slow = recommend(catalogue, profile, top_k=3, engine="enumerate")
    solver = recommend(catalogue, profile, top_k=3, engine="cp-sat")
    assert shape(fast) == shape(solver) == shape(slow)

    every = {r.plan_id for r in fast.recommendations} | {e.plan_id for e in fast.excluded}
    assert every == {p.id for p in catalogue.plans}, "every plan is either ranked or explained"
    for rec in fast.recommendations:
        assert sum(line["fen"] for line in rec.breakdown) == rec.total_fen
        if profile.budget_fen is not None:
            assert rec.total_fen <= profile.budget_fen


@SETTINGS
@given(catalogues(separable=True), profiles())
def test_separable_catalogues_too(catalogue: Catalogue, profile: Profile) -> None:
    plans = list(catalogue.plans)
    oracle = summary(exhaustive.solve(catalogue, profile, plans).bundles)
    assert summary(cpsat.solve(catalogue, profile, plans).bundles) == oracle
    assert summary(Compiled(catalogue).solve(profile, plans).bundles) == oracle
