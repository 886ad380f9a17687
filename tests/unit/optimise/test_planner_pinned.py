"""Which engine answers which plan (``optimise.planner``), pinned on a catalogue small enough to price by hand: a
plain plan the tables answer, and a plan whose subscription pack couples the months of a history (CP-SAT's); and
which of a plan's bundles the planner keeps where the better one rests on a condition of sale left unknown."""

import pytest

from recommender.catalogue import Catalogue, Pack, Plan, SaleConditions, Tariff
from recommender.optimise import planner, tables
from recommender.optimise.planner import ENGINES, Engine
from recommender.optimise.tables import Compiled
from recommender.profile import Profile


def tariffs(data_mb: int, data_rate_fen: int) -> dict[str, Tariff]:
    """``data_mb`` included, then ``data_rate_fen`` a started GB; calls ¥0.10 a minute, texts ¥0.10."""
    return {"data_mb": Tariff(data_mb, 1024, data_rate_fen), "voice_s": Tariff(0, 60, 10), "sms": Tariff(0, 1, 10)}


PLAIN = Plan("p0", "op", "plain", 3000, tariffs(10 * 1024, 300), downlink_mbps=500, uplink_mbps=100)
"""¥30 a month with 10 GB."""
SUBSCRIBED = Plan("p1", "op", "subscribed", 2000, tariffs(0, 1000), downlink_mbps=500, uplink_mbps=100)
"""¥20 a month with no data, ¥10 a GB."""
SUB = Pack("sub", "op", "sub", 500, {"data_mb": 10 * 1024}, plans=frozenset({"p1"}), subscription=True)
"""10 GB for ¥5 a month, subscribed to for the whole history."""
CATALOGUE = Catalogue((PLAIN, SUBSCRIBED), (SUB,), "t")
HISTORY = Profile.model_validate({"months": [{"data_gb": 5}, {"data_gb": 5}]})
"""5 GB in each of two months: the plain plan ¥30 a month (5 GB of its 10), the other ¥20 + ¥5 = ¥25 with the
subscription (¥20 + 5 × ¥10 = ¥70 without)."""
ANSWERS = {"p0": ((3000, 3000), ((), ())), "p1": ((2500, 2500), ((("sub", 1),), (("sub", 1),)))}


@pytest.mark.parametrize(("engine", "plans", "used"), [
    ("auto", (PLAIN, SUBSCRIBED), "tables+cp-sat"),
    ("auto", (SUBSCRIBED, PLAIN), "tables+cp-sat"),
    ("auto", (PLAIN,), "tables"),
    ("auto", (SUBSCRIBED,), "cp-sat"),
    ("cp-sat", (PLAIN, SUBSCRIBED), "cp-sat"),
    ("enumerate", (SUBSCRIBED, PLAIN), "enumerate"),
])
def test_each_plan_is_answered_by_an_engine_that_makes_it_exact(engine: Engine, plans: tuple[Plan, ...],
                                                                 used: str) -> None:
    """The tables answer the plain plan, CP-SAT the subscribed one (the tables price each month alone); each plan's
    answer is the one worked out by hand whichever engine gives it, in the order the plans were asked in, and the
    engine(s) used are said."""
    assert planner.compiled(CATALOGUE).tabled_each(CATALOGUE.plans, HISTORY) == [True, False]
    ranked, said = planner.solve(CATALOGUE, HISTORY, plans, engine)
    assert said == used
    assert [(c.plan_id, c.month_totals, tuple(b.packs for b in c.bundles)) for c in ranked.choices] == \
        [(plan.id, *ANSWERS[plan.id]) for plan in plans]
    assert ranked.proved


VIP_PLAN = Plan("p0", "op", "no data", 1000, tariffs(0, 1000), downlink_mbps=500, uplink_mbps=100)
"""¥10 a month with no data, ¥10 a GB."""
VIP = Pack("vip", "op", "vip", 1000, {"data_mb": 1024}, benefits=frozenset({"vip"}), rule=SaleConditions(age_min=60))
"""1 GB and a membership for ¥10, sold to people aged 60 or more (unknown for someone who does not say their age)."""


@pytest.mark.parametrize("engine", ENGINES)
def test_a_bundle_on_an_unknown_condition_is_kept_where_it_is_better_than_the_sure_one_for_more_than_packs(
        engine: Engine) -> None:
    """1 GB: ¥10 + ¥10 of overage = ¥20.00 without the pack, ¥10 + ¥10 = ¥20.00 with it.  Equal money, but the
    person values the membership at ¥5 a month: the bundle buying the pack is better for more than its pack count, and
    stays, though it rests on the unknown age (``objective.sure_first`` says no); valuing nothing, the one without."""
    catalogue = Catalogue((VIP_PLAN,), (VIP,), "t")
    for values, packs in (({"vip": 5}, (("vip", 1),)), ({}, ())):
        profile = Profile.model_validate({"data_gb": 1, "benefit_values": values})
        ranked, _ = planner.solve(catalogue, profile, catalogue.plans, engine, unsure=frozenset({"vip"}))
        assert [(c.plan_id, c.month_totals, tuple(b.packs for b in c.bundles)) for c in ranked.choices] == \
            [("p0", (2000,), (packs,))]


FREE_SPEED = Pack("k", "op", "k", 0, {}, uplink_mbps=500, free_with=frozenset({"p0"}))
"""500 Mbps up, free with p0."""


@pytest.mark.parametrize("flat_min", [1, 10**9], ids=["flat", "loop"])
def test_a_free_pack_a_need_takes_is_in_the_bundle_looked_up_flat(flat_min: int, monkeypatch: pytest.MonkeyPatch
                                                                   ) -> None:
    """1 GB needing 450 Mbps up: p0 (¥10 with 10 GB, 100 Mbps up) meets it with its free 500 Mbps pack, ¥10.00; p1
    (¥30, 500 Mbps) alone, ¥30.00.  The flat lookup (``optimise.flat``, from ``tables.FLAT_MIN`` plans) says p0's
    bundle buys the pack, as the loop does, though it adds nothing to the money (its count is what is left of the
    weighted total, ``best % weight``)."""
    monkeypatch.setattr(tables, "FLAT_MIN", flat_min)
    speeds = tariffs(10 * 1024, 1000)
    plans = (Plan("p0", "op", "p0", 1000, speeds, downlink_mbps=500, uplink_mbps=100),
             Plan("p1", "op", "p1", 3000, speeds, downlink_mbps=500, uplink_mbps=500))
    catalogue = Catalogue(plans, (FREE_SPEED,), "t")
    profile = Profile.model_validate({"data_gb": 1, "needs": {"min_uplink_mbps": 450}})
    ranked = Compiled(catalogue).solve(profile, list(catalogue.plans), checked=True)
    assert [(c.plan_id, c.month_totals, tuple(b.packs for b in c.bundles)) for c in ranked.choices] == \
        [("p0", (1000,), ((("k", 1),),)), ("p1", (3000,), ((),))]


def test_warm_makes_the_flat_rows_of_each_plans_own_tables_and_of_a_pack_s_speed(monkeypatch: pytest.MonkeyPatch
                                                                                  ) -> None:
    """``planner.warm`` on a catalogue of ``FLAT_MIN`` plans or more (here 2, as many as it has): the flat lookup's
    rows of each plan's own tables (no need) are made before any request, and p0's for its free pack's 500 Mbps up
    (p1 sells no pack: no such rows); a request then reads them (p0 ¥10.00 with the pack, p1 ¥30.00, as above)."""
    monkeypatch.setattr(tables, "FLAT_MIN", 2)
    monkeypatch.setattr(planner, "FLAT_MIN", 2)  # (exactly the plans warmed: the rows are made from that many)
    speeds = tariffs(10 * 1024, 1000)
    plans = (Plan("p0", "op", "p0", 1000, speeds, downlink_mbps=500, uplink_mbps=100),
             Plan("p1", "op", "p1", 3000, speeds, downlink_mbps=500, uplink_mbps=500))
    catalogue = Catalogue(plans, (FREE_SPEED,), "t")
    planner.warm(catalogue)
    store = planner.compiled(catalogue).flat()
    own = store.rows_of((tables.NO_NEEDS, False, tables.MONTHLY))
    assert sorted(key[0] for key in own) == ["p0", "p1"]
    uplink = [s for s in store._rows if s[0][0] == 500]
    assert [sorted(key[0] for key in store.rows_of(s)) for s in uplink] == [["p0"]]
    ranked = planner.solve(catalogue, Profile.model_validate({"data_gb": 1, "needs": {"min_uplink_mbps": 450}}),
                           plans)[0]
    assert [(c.plan_id, c.month_totals) for c in ranked.choices] == [("p0", (1000,)), ("p1", (3000,))]
