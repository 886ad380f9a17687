"""Which engine answers which plan (``optimise.planner``), pinned on a catalogue small enough to price by hand: a
plain plan the tables answer, and a plan whose subscription pack couples the months of a history (CP-SAT's)."""

import pytest

from recommender.catalogue import Catalogue, Pack, Plan, Tariff
from recommender.optimise import planner
from recommender.optimise.planner import Engine
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
