"""Of a plan's equally good bundles, one resting on no unknown condition of sale (``objective.sure_first``).

Found by the engine hunt (``test_recommendations_equal_the_enumerators_k_cheapest``, seed
75682441435167629316844763425748072455), shrunk by hand: a plan needing a free speed pack for an uplink need, two
such packs free with it, one sold to anyone, one to people aged 60 or more (unknown: the person said nothing).  Both
bundles have one ``plan_key``; the tables and CP-SAT kept the one on the age condition in one file order, the
enumerator the other, so "raise the budget to ¥2.46 for p0" said "only if" in some engines and not in the others,
where a bundle of the same price needs no condition at all.
"""

import dataclasses
import datetime

import numpy as np
import pytest

from recommender.answer import Answer, recommend
from recommender.catalogue import Catalogue, Pack, Plan, SaleConditions, Tariff
from recommender.catalogue.model import ANYONE
from recommender.cost import Bundle
from recommender.objective import rests_on
from recommender.optimise import DecodedChoice, planner
from recommender.optimise.batch import best_plans
from recommender.optimise.planner import ENGINES, Engine
from recommender.profile import Profile

PLAN = Plan("p0", "op", "plan 0", 246, {"data_mb": Tariff(0, 1024, None), "voice_s": Tariff(0, 60, 10),
                                         "sms": Tariff(0, 1, 10)}, downlink_mbps=500, uplink_mbps=100)
SIXTY = SaleConditions(age_min=60)


def speed_pack(pack_id: str, rule: SaleConditions = ANYONE, price_fen: int = 0, uplink: int = 500,
               adds: dict[str, int] | None = None) -> Pack:
    return Pack(pack_id, "op", pack_id, price_fen, adds if adds is not None else {"data_mb": 1024},
                uplink_mbps=uplink, free_with=frozenset({"p0"}) if price_fen == 0 else frozenset(), rule=rule)


SURE = speed_pack("k-sure")
UNSURE = speed_pack("k-60", SIXTY, adds={"voice_s": 600, "data_mb": 1024})
UPLINK = {"needs": {"min_uplink_mbps": 450}}


def packs_of(answer: Answer) -> list[str]:
    (rec,) = answer.recommendations
    return [str(p["id"]) for p in rec.packs]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("order", [(SURE, UNSURE), (UNSURE, SURE)], ids=["sure-first-in-file", "unsure-first"])
def test_raise_budget_rests_on_no_condition_an_equally_cheap_bundle_needs_not(engine: Engine,
                                                                               order: tuple[Pack, Pack]) -> None:
    answer = recommend(Catalogue((PLAN,), order, "t"), Profile.model_validate({**UPLINK, "budget_fen": 0}), 3,
                       engine)
    assert answer.status == "infeasible"
    (raise_budget,) = [m for m in answer.suggestions if m.code == "raise_budget"]
    assert raise_budget.params == {"amount_fen": 246, "currency": "CNY", "plan": "p0", "only_if": False}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("order", [(SURE, UNSURE), (UNSURE, SURE)], ids=["sure-first-in-file", "unsure-first"])
def test_a_recommendation_takes_the_bundle_on_no_unknown_condition(engine: Engine, order: tuple[Pack, Pack]) -> None:
    answer = recommend(Catalogue((PLAN,), order, "t"), Profile.model_validate(UPLINK), 3, engine)
    assert packs_of(answer) == ["k-sure"]
    assert not any(c.status == "unknown" for c in answer.recommendations[0].conditions)


@pytest.mark.parametrize("engine", ENGINES)
def test_before_fewer_packs(engine: Engine) -> None:
    """The rule comes before the pack count (an "only if" is worse than a second free pack), not before money:
    2 GB on a plan with none, one free pack on the age condition bringing the speed and 2 GB, or two sold to
    anyone (the speed and 1 GB, 1 GB)."""
    unsure = speed_pack("k-60", SIXTY, adds={"data_mb": 2048})
    catalogue = Catalogue((PLAN,), (unsure, SURE, speed_pack("k-gb", uplink=0)), "t")
    answer = recommend(catalogue, Profile.model_validate({**UPLINK, "data_gb": 2}), 3, engine)
    assert sorted(packs_of(answer)) == ["k-gb", "k-sure"]
    assert not any(c.status == "unknown" for c in answer.recommendations[0].conditions)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_cheaper_bundle_on_an_unknown_condition_is_still_chosen(engine: Engine) -> None:
    dear = speed_pack("k-dear", price_fen=100)
    catalogue = Catalogue((PLAN,), (dear, UNSURE), "t")
    answer = recommend(catalogue, Profile.model_validate(UPLINK), 3, engine)
    assert packs_of(answer) == ["k-60"]
    assert [c.status for c in answer.recommendations[0].conditions] == ["unknown"]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_person_who_meets_the_condition_keeps_either(engine: Engine) -> None:
    """Met, the condition is no "only if": the engines' own tie (not asked again)."""
    answer = recommend(Catalogue((PLAN,), (UNSURE, SURE), "t"),
                       Profile.model_validate({**UPLINK, "about": {"age": 70}}), 3, engine)
    assert packs_of(answer) in (["k-60"], ["k-sure"])
    assert not any(c.status == "unknown" for c in answer.recommendations[0].conditions)


def test_the_batch_breaks_a_tie_between_plans_from_the_bundle_recommend_keeps() -> None:
    """Two plans of one price: p0 with the free speed packs (its bundle on the age condition has more voice
    headroom than b's plan, the one sold to anyone less), b's plan the speed of its own; ``recommend`` keeps p0's
    bundle sold to anyone and so ranks b's plan first, and a population's row must too (the batch priced the tie
    from the tables' own bundle, on the age condition)."""
    other = Plan("b-plan", "op-b", "plan b", 246, {"data_mb": Tariff(1024, 1024, None), "voice_s": Tariff(300, 60, 10),
                                                    "sms": Tariff(0, 1, 10)}, downlink_mbps=500, uplink_mbps=500)
    catalogue = Catalogue((PLAN, other), (UNSURE, SURE), "t")
    profile = Profile.model_validate({**UPLINK, "as_of": "2025-07-01"})
    first = recommend(catalogue, profile, 1).recommendations[0]
    assert (first.plan_id, packs_of(recommend(Catalogue((PLAN,), (UNSURE, SURE), "t"), profile, 1))) == \
        ("b-plan", ["k-sure"])
    cols = {"data_gb": np.array([0.0]), "voice_minutes": np.array([0]), "sms": np.array([0]),
            "min_uplink_mbps": np.array([450])}
    best, pay = best_plans(catalogue, cols, as_of=datetime.date(2025, 7, 1))
    assert (catalogue.plans[int(best[0])].id, int(pay[0])) == (first.plan_id, first.effective_monthly_fen)


def test_a_plan_asked_again_without_the_unsure_packs_is_compiled_alone() -> None:
    """The view without the packs on an unknown condition compiles the plan it is asked about, not the catalogue's
    others (a cold ``recommender recommend`` compiled all fourteen shipped plans again for one: 0.2 s)."""
    other = Plan("b-plan", "op-b", "plan b", 999, {"data_mb": Tariff(0, 1024, None), "voice_s": Tariff(0, 60, 10),
                                                    "sms": Tariff(0, 1, 10)}, downlink_mbps=500, uplink_mbps=500)
    catalogue = Catalogue((PLAN, other), (UNSURE, SURE), "t")
    recommend(catalogue, Profile.model_validate(UPLINK), 3)
    view = catalogue.without_packs(frozenset({"k-60"}))
    assert set(planner.compiled(view).plans._found) == {"p0"}
    assert set(planner.compiled_all(catalogue).plans._found) == {"p0", "b-plan"}


def test_the_plans_an_unsure_pack_is_sold_with_are_those_it_fits() -> None:
    """``Catalogue.plans_sold``: the plans whose bundles ``planner._sure_first`` reads, kept per set of packs; a view
    less the pack (``without_packs``) has its own answer."""
    same_operator = dataclasses.replace(PLAN, id="p1")
    other = dataclasses.replace(PLAN, id="b-plan", operator="op-b")
    named = dataclasses.replace(speed_pack("k-named", SIXTY), plans=frozenset({"p1"}))
    catalogue = Catalogue((PLAN, same_operator, other), (UNSURE, named, SURE), "t")
    assert catalogue.plans_sold(frozenset({"k-60"})) == {"p0", "p1"}
    assert catalogue.plans_sold(frozenset({"k-named"})) == {"p1"}
    assert catalogue.plans_sold(frozenset({"k-named", "k-none"})) == {"p1"}
    assert catalogue.plans_sold(frozenset({"k-none"})) == frozenset()
    assert catalogue.plans_sold(frozenset({"k-60"})) == {"p0", "p1"}  # (kept)
    assert catalogue.without_packs(frozenset({"k-60"})).plans_sold(frozenset({"k-60"})) == frozenset()


def test_rests_on_reads_every_month() -> None:
    unsure = frozenset({"k-60"})
    assert not rests_on(unsure, [Bundle("p0"), Bundle("p0", (("k-sure", 1),))])
    assert rests_on(unsure, [Bundle("p0", (("k-sure", 1),)), Bundle("p0", (("k-sure", 1), ("k-60", 2)))])
    assert not rests_on(frozenset(), [Bundle("p0", (("k-60", 1),))])


def test_a_tables_choice_is_decoded_once() -> None:
    """The tables' bundles are decoded when first read, once, whether as ``bundles`` or ``months``."""
    decoded: list[int] = []

    def decode() -> tuple[Bundle, ...]:
        decoded.append(1)
        return Bundle("p0"), Bundle("p0", (("k-60", 1),))

    choice = DecodedChoice("p0", (100, 200), decode)
    assert not decoded
    assert choice.bundles == (Bundle("p0"), Bundle("p0", (("k-60", 1),)))
    assert choice.months == ((Bundle("p0"), 100), (Bundle("p0", (("k-60", 1),)), 200))
    assert choice.bundles is choice.bundles and [b for b, _ in choice.months] == list(choice.bundles)
    assert len(decoded) == 1


def test_a_choice_of_the_plan_alone_is_decoded_as_made() -> None:
    """A tables' choice buying no pack (``tables._alone``) carries its bundles, the plan alone each month, equal to
    a choice decoded when read."""
    from recommender.optimise.tables import _alone

    alone = _alone("p0", (100, 200), 0)
    assert alone.bundles == (Bundle("p0"), Bundle("p0")) and alone.month_totals == (100, 200)
    assert alone == DecodedChoice("p0", (100, 200), lambda: (Bundle("p0"), Bundle("p0")))
