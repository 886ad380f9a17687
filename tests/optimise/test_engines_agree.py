"""CP-SAT and the exhaustive enumerator agree on every plan's optimum and on the ranking.

Random catalogues include non-separable rules (packs that add several resources, groups,
exclusions, free-with-plan prices, restricted eligibility); random profiles include every need.
"""

from hypothesis import HealthCheck, given, settings

from recommender.answer import recommend
from recommender.catalogue import Catalogue
from recommender.cost import price
from recommender.optimise import cpsat, exhaustive
from recommender.profile import Profile

from ..strategies import catalogues, profiles

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def summary(ranked: tuple) -> list[tuple[str, int, int]]:
    return [(bundle.plan_id, total, bundle.pack_count) for bundle, total in ranked]


@SETTINGS
@given(catalogues(), profiles())
def test_cpsat_finds_each_plans_proved_optimum(catalogue: Catalogue, profile: Profile) -> None:
    plans = list(catalogue.plans)
    fast = cpsat.solve(catalogue, profile, plans)
    oracle = exhaustive.solve(catalogue, profile, plans)
    assert fast.proved
    assert summary(fast.bundles) == summary(oracle.bundles)
    for bundle, total in fast.bundles:
        costing = price(catalogue, profile, bundle)
        assert costing.total_fen == total
        assert costing.meets_needs


@SETTINGS
@given(catalogues(), profiles())
def test_recommendations_equal_the_enumerators_k_cheapest(catalogue: Catalogue, profile: Profile) -> None:
    fast = recommend(catalogue, profile, top_k=3)
    slow = recommend(catalogue, profile, top_k=3, engine="enumerate")

    def key(answer: object) -> list[tuple[str, int]]:
        return [(r.plan_id, r.total_fen) for r in answer.recommendations]  # type: ignore[attr-defined]

    assert key(fast) == key(slow)
    assert [e.plan_id for e in fast.excluded] == [e.plan_id for e in slow.excluded]
    assert fast.status == slow.status
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
    assert summary(cpsat.solve(catalogue, profile, plans).bundles) == summary(
        exhaustive.solve(catalogue, profile, plans).bundles)
