"""The one objective pinned by hand (``recommender.objective``): small catalogues built here, effective prices, ranking
prices (fen) and orders worked out by hand.  Each test kills mutants of the objective that no other test caught
(mutation testing, helper ryb)."""

import pytest

from recommender.answer import recommend
from recommender.catalogue import Catalogue, Pack, Plan, SaleConditions, Tariff
from recommender.catalogue.model import UNLIMITED
from recommender.optimise.planner import ENGINES, Engine
from recommender.profile import Profile

GB = 1024


def plan(plan_id: str, fee_fen: int, data_mb: int, benefits: frozenset[str] = frozenset()) -> Plan:
    """A china-mobile plan of ``data_mb`` MB at ``fee_fen`` a month, ¥3.00 a started GB beyond; no voice or SMS used."""
    return Plan(plan_id, "china-mobile", plan_id, fee_fen, {"data_mb": Tariff(data_mb, GB, 300),
                                                           "voice_s": Tariff(6000, 60, 10), "sms": Tariff(0, 1, 10)},
                1000, 100, benefits=benefits)


def test_a_benefit_valued_that_no_bundle_brings_is_worth_nothing_even_over_one_month() -> None:
    """Over a horizon of one month, valuing video-vip at ¥5 a month: a1 (¥30.00, 20 GB) lacks it, so it is worth
    0 fen and a1 is ranked at what it costs, 3,000 fen (not 1 fen less: a month's value of nothing is nothing);
    b1 (¥34.00, 20 GB, video-vip) is worth 500 fen, ranked at 3,400 - 500 = 2,900, before a1.  Kills
    ``horizon_value`` giving 1 for months worth nothing (mutant 281)."""
    catalogue = Catalogue((plan("a1", 3000, 20 * GB), plan("b1", 3400, 20 * GB, frozenset({"video-vip"}))), (),
                          "values")
    answer = recommend(catalogue, Profile.model_validate({"data_gb": 10, "horizon_months": 1,
                                                          "benefit_values": {"video-vip": 5}}), top_k=2)
    assert [(r.plan_id, r.effective_monthly_fen, r.benefit_value_fen, r.ranking_fen)
            for r in answer.recommendations] == [("b1", 3400, 500, 2900), ("a1", 3000, 0, 3000)]


def test_unlimited_data_is_the_most_headroom_over_a_history() -> None:
    """Two months of 5 GB: a (¥50.00, 20 GB) and b (¥50.00, unlimited data) cost 5,000 fen a month each, with no
    estimate and no overage; the tie goes to more data to spare over the history, and unlimited is the most: b
    first, though a has 15 GB to spare each month and comes first by id.  Kills ``tie_key`` over a history reading an
    unlimited meter's headroom (-1) as it is, the least (mutant 348)."""
    catalogue = Catalogue((plan("a", 5000, 20 * GB), plan("b", 5000, UNLIMITED)), (), "unlimited")
    answer = recommend(catalogue, Profile.model_validate({"months": [{"data_gb": 5}, {"data_gb": 5}]}), top_k=2)
    assert [(r.plan_id, r.rank, r.effective_monthly_fen) for r in answer.recommendations] == \
        [("b", 1, 5000), ("a", 2, 5000)]
    assert answer.history  # (usage given month by month: the answer says so; ``recommend``'s line 103, mutant 525)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_bundle_on_an_unknown_condition_worth_more_is_kept_over_a_sure_one_of_the_same_price(engine: Engine) -> None:
    """Plan a (¥10.00, no data included, none beyond) needs a 1 GB pack for 1 GB: vip (¥5.00, 1 GB, video-vip, sold
    to people aged 60 or more: unknown, the person said nothing) or plain (¥5.00, 1 GB, anyone).  Both cost ¥15.00 a
    month, but vip brings video-vip, valued at ¥5 a month: the bundles' keys differ in more than the pack count, so
    the one on the unknown condition is kept (``sure_first`` only breaks ties of equal keys): a at 1,500 fen, worth
    500, ranked at 1,000.  Kills ``sure_first`` line 217 'and' as 'or' (a sure bundle preferred whenever there is one,
    mutant 265: plain, worth 0, ranked at 1,500)."""
    a = Plan("a", "china-mobile", "a", 1000, {"data_mb": Tariff(0, GB, None), "voice_s": Tariff(6000, 60, 10),
                                               "sms": Tariff(0, 1, 10)}, 1000, 100)
    vip = Pack("vip", "china-mobile", "vip", 500, {"data_mb": GB}, benefits=frozenset({"video-vip"}),
               rule=SaleConditions(age_min=60))
    plain = Pack("plain", "china-mobile", "plain", 500, {"data_mb": GB})
    answer = recommend(Catalogue((a,), (plain, vip), "sure"), Profile.model_validate({
        "data_gb": 1, "benefit_values": {"video-vip": 5}}), top_k=1, engine=engine)
    (best,) = answer.recommendations
    assert ([p["id"] for p in best.packs], best.effective_monthly_fen, best.benefit_value_fen, best.ranking_fen) == \
        (["vip"], 1500, 500, 1000)
