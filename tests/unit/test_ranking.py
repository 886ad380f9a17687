"""The tie rule is applied only where the order can be seen, and what is seen is what the full order gives.

``recommend`` orders a group of equally priced plans by the tie rule (which prices each of them
line by line) only when one of them may still be shown or may be an operator's best plan.  On the
shipped catalogue, where heavy users and speed needs leave many plans at the same price, the
plans shown (top-k, at most k per operator) and each operator's best must be those of the fully
ordered ranking: every equal group ordered by ``objective.tie_key``.
"""

import os
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recommender.answer import Answer, recommend
from recommender.answer.priced import benefit_value_fen, price_choice
from recommender.catalogue import DEFAULT_PLANS, Catalogue, Plan, Tariff, load_catalogue
from recommender.cost import Bundle, blockers, price_history
from recommender.eligibility import assess
from recommender.objective import tie_key
from recommender.optimise import Choice
from recommender.profile import Profile
from tests.strategies import catalogues, profiles

EXAMPLES = int(os.environ.get("PROPERTY_EXAMPLES", "150"))


@pytest.fixture(scope="module")
def shipped() -> Catalogue:
    return load_catalogue(DEFAULT_PLANS)


@st.composite
def people(draw: st.DrawFn) -> Profile:
    return Profile.model_validate({
        "data_gb": Decimal(draw(st.integers(0, 400_000))) / 1000,
        "voice_minutes": draw(st.sampled_from([0, 50, 300, 1000, 3000])),
        "sms": draw(st.integers(0, 200)),
        "needs": {"min_uplink_mbps": draw(st.sampled_from([0, 0, 300])),
                  "broadband": draw(st.booleans()), "satellite": draw(st.booleans())},
        "benefits": draw(st.lists(st.sampled_from(WISHES), max_size=2, unique=True)),  # (the tie rule's second part)
    })


WISHES = ("travel-lounge", "ai-compute", "gold-card", "smart-answer", "assured-speed", "cloud-drive")
"""Benefits of the shipped plans and packs, some of some plans only: what ``people`` may wish for."""


def _tie_keys(catalogue: Catalogue, profile: Profile, answer: Answer) -> list[tuple[int, tuple[object, ...]]]:
    """Each ranked plan's (ranking price, tie key), the tie key from the cost model's own pricing."""
    keys = []
    for rec in answer.recommendations:
        bundles = [Bundle(rec.plan_id, tuple((p["id"], p["count"]) for p in m["packs"]))
                   for m in rec.months]
        keys.append((rec.ranking_fen, tie_key(rec.plan_id, price_history(catalogue, profile, bundles), profile)))
    return keys


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(people(), st.integers(1, 10), st.sampled_from([None, 1, 2]))
def test_what_is_shown_is_what_the_full_order_shows(shipped: Catalogue, profile: Profile, top_k: int,
                                                    per_operator: int | None) -> None:
    everything = recommend(shipped, profile, top_k=len(shipped.plans))  # every group with a plan shown: ordered
    order = [r.plan_id for r in everything.recommendations]
    assert len(order) == len(set(order))
    expected: list[str] = []
    per: dict[str, int] = {}
    for rec in everything.recommendations:
        if len(expected) < top_k and per.get(rec.operator, 0) < (per_operator or top_k):
            expected.append(rec.plan_id)
            per[rec.operator] = per.get(rec.operator, 0) + 1
    answer = recommend(shipped, profile, top_k=top_k, per_operator=per_operator)
    assert [r.plan_id for r in answer.recommendations] == expected
    assert [r.rank for r in answer.recommendations] == list(range(1, len(expected) + 1))
    assert [r.plan_id for r in answer.best_per_operator] == [r.plan_id for r in everything.best_per_operator]
    keys = _tie_keys(shipped, profile, everything)
    assert keys == sorted(keys)  # by price, equal prices by the tie rule


def test_of_plans_at_the_same_price_the_one_with_a_benefit_wished_for_comes_first(shipped: Catalogue) -> None:
    """Equal prices go to more of the benefits wished for before overage and headroom (``objective.tie_key``), as
    within a plan.  80 GB and 1,500 minutes, wishing for the travel lounge: China Telecom's and China Mobile's 399
    plans cost ¥399.00 alike, Mobile's with the lounge; Telecom's came first on its headroom."""
    profile = Profile.model_validate({"data_gb": 80, "voice_minutes": 1500, "benefits": ["travel-lounge"]})
    at_399 = [r for r in recommend(shipped, profile, top_k=10).recommendations if r.ranking_fen == 39900]
    assert [(r.plan_id, r.benefits_met) for r in at_399[:2]] == [("cm-5ga-399", ["travel-lounge"]), ("ct-5ga-399", [])]
    wishless = recommend(shipped, profile.model_copy(update={"benefits": []}), top_k=10).recommendations
    assert [r.plan_id for r in wishless if r.ranking_fen == 39900][:2] == ["ct-5ga-399", "cm-5ga-399"]


def _plan(plan_id: str, operator: str, fee_fen: int, data_gb: int) -> Plan:
    return Plan(plan_id, operator, plan_id, fee_fen, {"data_mb": Tariff(data_gb * 1024, 1024, 300),
                                                      "voice_s": Tariff(6000, 60, 10), "sms": Tariff(0, 1, 10)},
                1000, 100)


def test_an_operators_best_is_ordered_by_the_tie_rule_beyond_the_shown_plans() -> None:
    # Both of B's plans cost ¥50 for 10 GB; b2 leaves more data headroom, so the tie rule puts it
    # first, though b1 comes first in the catalogue.  Only A's plan is shown (top 1).
    catalogue = Catalogue((_plan("a1", "china-mobile", 3000, 20), _plan("b1", "china-unicom", 5000, 10),
                           _plan("b2", "china-unicom", 5000, 30)), (), "ties")
    answer = recommend(catalogue, Profile(data_gb=Decimal(10)), top_k=1)
    assert [r.plan_id for r in answer.recommendations] == ["a1"]
    assert [r.plan_id for r in answer.best_per_operator] == ["a1", "b2"]


def test_equal_plans_are_ordered_where_one_may_be_shown_though_another_operator_has_no_slot_left() -> None:
    """a1 (¥30.00) is shown first and fills china-mobile's one slot (``per_operator=1``); a2, b1 and c1 all cost
    ¥50.00 for 10 GB.  One slot is left: of the equal plans, the tie rule puts c1 first (30 GB: 20 GB of headroom
    against b1's 10 GB), though b1 comes before it in the catalogue and a2's operator has no slot left."""
    catalogue = Catalogue((_plan("a1", "china-mobile", 3000, 20), _plan("a2", "china-mobile", 5000, 20),
                           _plan("b1", "china-unicom", 5000, 20), _plan("c1", "china-telecom", 5000, 30)), (), "ties")
    answer = recommend(catalogue, Profile(data_gb=Decimal(10)), top_k=2, per_operator=1)
    assert [r.plan_id for r in answer.recommendations] == ["a1", "c1"]


def test_an_operators_best_is_ordered_by_the_tie_rule_beside_an_equal_plan_of_a_known_best() -> None:
    """Only a1 (¥30.00) is shown (top 1); a2, b1 and b2 cost ¥50.00 for 10 GB.  china-mobile's best is known (a1),
    china-unicom's is not: of b1 (20 GB) and b2 (30 GB) the tie rule puts b2 first (more headroom), though b1 comes
    first in the catalogue and the equal group holds a2 too."""
    catalogue = Catalogue((_plan("a1", "china-mobile", 3000, 20), _plan("a2", "china-mobile", 5000, 20),
                           _plan("b1", "china-unicom", 5000, 20), _plan("b2", "china-unicom", 5000, 30)), (), "ties")
    answer = recommend(catalogue, Profile(data_gb=Decimal(10)), top_k=1)
    assert [r.plan_id for r in answer.recommendations] == ["a1"]
    assert [r.plan_id for r in answer.best_per_operator] == ["a1", "b2"]


def test_a_choice_the_cost_model_prices_otherwise_is_refused() -> None:
    """``Priced.history`` prices a choice line by line and refuses one whose month totals the engine got otherwise.
    Plan a1 is ¥30.00 a month with 20 GB: 10 GB costs 3,000 fen, no overage.  A choice saying 3,000 is priced (its one
    month 3,000 fen); one saying 2,900 is refused, though its months meet the needs."""
    catalogue = Catalogue((_plan("a1", "china-mobile", 3000, 20),), (), "one")
    profile = Profile(data_gb=Decimal(10))
    right = price_choice(catalogue, profile, Choice("a1", ((Bundle("a1"), 3000),)))
    assert [m.total_fen for m in right.history(catalogue, profile).months] == [3000]
    wrong = price_choice(catalogue, profile, Choice("a1", ((Bundle("a1"), 2900),)))
    with pytest.raises(AssertionError, match="disagree"):
        wrong.history(catalogue, profile)
    assert benefit_value_fen(catalogue, profile, right.choice) == 0  # (no benefit valued: worth nothing)


def test_with_no_benefit_valued_the_ranking_price_is_the_price_over_any_horizon() -> None:
    """Over a horizon of one month, with no benefit valued, a plan is ranked at what it costs.  a1 (¥30.00, 20 GB)
    and b1 (¥50.00, 20 GB) for 10 GB: a1 is shown at 3,000 fen ranked at 3,000, worth 0; b1 is "more than the best"
    at 5,000, a gap of 5,000 - 3,000 = 2,000, and no best's price beside it (said only when a benefit is valued)."""
    catalogue = Catalogue((_plan("a1", "china-mobile", 3000, 20), _plan("b1", "china-unicom", 5000, 20)), (),
                          "one month")
    answer = recommend(catalogue, Profile(data_gb=Decimal(10), horizon_months=1), top_k=1)
    best = answer.recommendations[0]
    assert (best.plan_id, best.effective_monthly_fen, best.ranking_fen, best.benefit_value_fen) == ("a1", 3000, 3000, 0)
    (left_out,) = answer.excluded
    assert (left_out.plan_id, left_out.cheapest_fen) == ("b1", 5000)
    assert left_out.reasons[0].code == "more_than_best"
    assert left_out.reasons[0].params == {"cost_fen": 5000, "gap_fen": 2000, "currency": "CNY"}


def test_no_more_than_fifty_plans_are_shown_however_many_are_asked_for() -> None:
    """51 plans fit (¥30.00, ¥30.01, ... ¥30.50, each 20 GB for 10 GB); asked for 51, the answer shows the first 50
    (``MAX_TOP_K``) and leaves p50 out, more than the best by 3,050 - 3,000 = 50 fen."""
    catalogue = Catalogue(tuple(_plan(f"p{i:02}", "china-mobile", 3000 + i, 20) for i in range(51)), (), "many")
    answer = recommend(catalogue, Profile(data_gb=Decimal(10)), top_k=51)
    assert [r.plan_id for r in answer.recommendations] == [f"p{i:02}" for i in range(50)]
    (left_out,) = answer.excluded
    assert (left_out.plan_id, left_out.reasons[0].code, left_out.reasons[0].params["gap_fen"]) == \
        ("p50", "more_than_best", 50)


def test_a_plan_left_out_by_the_worst_month_says_its_gap_in_worst_months() -> None:
    """With ``objective: worst_month`` a plan not shown is "more than the best" by its largest bill.  a1 (¥30.00) and
    b1 (¥50.00), each 20 GB, for 10 GB a month over the default 24 months: every bill is the fee, so a1's worst month
    is 3,000 fen and b1's 5,000 (its horizon total 24 x 5,000 = 120,000 is not what is said); b1's gap is
    5,000 - 3,000 = 2,000."""
    catalogue = Catalogue((_plan("a1", "china-mobile", 3000, 20), _plan("b1", "china-unicom", 5000, 20)), (),
                          "worst month")
    answer = recommend(catalogue, Profile(data_gb=Decimal(10), objective="worst_month"), top_k=1)
    assert [r.plan_id for r in answer.recommendations] == ["a1"]
    (left_out,) = answer.excluded
    assert (left_out.plan_id, left_out.cheapest_fen, left_out.reasons[0].code) == ("b1", 5000, "more_than_best")
    assert left_out.reasons[0].params == {"cost_fen": 5000, "gap_fen": 2000, "currency": "CNY", "worst_fen": 5000}


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogues(tariffs=True), profiles(tariffs=True))
def test_a_plan_the_engines_fit_has_no_blockers(catalogue: Catalogue, profile: Profile) -> None:
    # The tables are no longer given only plans without blockers: the pre-check must stay sound.
    answer = recommend(catalogue, profile, top_k=len(catalogue.plans))
    buyable = catalogue.without_packs(assess(catalogue, profile).dropped_packs)
    for rec in answer.recommendations:
        assert not blockers(buyable, catalogue.plan_index[rec.plan_id], profile), rec.plan_id


def test_a_plan_left_out_behind_a_valued_best_says_both_prices_and_that_the_gap_counts_the_values(
        shipped: Catalogue) -> None:
    """Found by the product QA: with ``benefit_values: {family-sharing: 150}`` (1 GB, 300 min) the best is
    Smart Wo Home at ¥188.00, ranked at ¥38.00, and Tianyi 5G 59 was "its cheapest fitting bundle costs ¥89.00 a
    month, ¥51.00 more than the best": the gap was the ranking's, said of what it costs, ¥99.00 below the best.
    The reason now names the best's price and says the gap counts the benefits the person values."""
    from recommender.messages import render

    profile = Profile.model_validate({"data_gb": 1, "voice_minutes": 300, "benefit_values": {"family-sharing": 150}})
    answer = recommend(shipped, profile, top_k=1)
    assert answer.recommendations[0].plan_id == "cu-wojia-188"
    reason = next(e.reasons[0] for e in answer.excluded if e.plan_id == "ct-5g-59")
    assert reason.code == "more_than_best" and reason.params["gap_fen"] == 5100
    assert render(reason) == ("its cheapest fitting bundle costs ¥89.00 a month, the best ¥188.00: ¥51.00 more than "
                              "the best with the benefits you value taken off each")
    assert render(reason, "zh") == ("最便宜的合适组合每月¥89.00，最佳方案每月¥188.00："
                                    "各自扣除您看重的权益价值后，比最佳方案贵¥51.00")
    plain = recommend(shipped, profile.model_copy(update={"benefit_values": {}}), top_k=1)
    unvalued = next(e.reasons[0] for e in plain.excluded if e.plan_id == "cm-5ga-199")
    assert render(unvalued) == "its cheapest fitting bundle costs ¥199.00 a month, ¥110.00 more than the best"


def test_keep_your_current_plan_is_not_said_beside_a_fitting_bundle_that_costs_less_than_the_bill(
        shipped: Catalogue) -> None:
    """Found by the product QA: paying ¥150.00 a month, with ``benefit_values: {family-sharing: 150}``, the answer
    began "keep your current plan: no fitting bundle costs less than the ¥150.00 a month you pay now" above Tianyi 5G
    59 at ¥89.00, "saves ¥61.00 a month": the bill was compared with the best-ranked plan's price (Smart Wo Home,
    ¥188.00, ranked first for the benefit the person values), not by the ranking's measure."""
    profile = Profile.model_validate({"data_gb": 1, "voice_minutes": 300, "benefit_values": {"family-sharing": 150},
                                      "current": {"monthly_bill_fen": 15000}})
    answer = recommend(shipped, profile, top_k=2)
    assert [r.plan_id for r in answer.recommendations] == ["cu-wojia-188", "ct-5g-59"]
    # (Tianyi 5G 59, kept for the people on it, is no saving to be had by switching: ``holders_only``; Smart Wo Home
    # is below the bill by the ranking's measure, ¥188.00 less the ¥150.00 valued)
    assert answer.recommendations[1].savings is not None and answer.recommendations[1].savings["code"] == "holders_only"
    assert [m.code for m in answer.advice] == []
    assert profile.current is not None
    dear = recommend(shipped, profile.model_copy(update={"current": profile.current.model_copy(
        update={"monthly_bill_fen": 3000})}), top_k=2)  # below every price and ranking price: keep it
    assert [m.code for m in dear.advice] == ["keep_current_plan"]


def test_keep_your_plan_kept_for_the_benefits_valued_says_so_not_that_nothing_costs_less(shipped: Catalogue) -> None:
    """Found by the hand-check review: on 5G-A Compute Card, Cloud Boost (¥299.00), valuing its cloud acceleration at
    ¥150 a month, the answer began "keep your plan 5G-A Compute Card, Cloud Boost: no fitting bundle costs less than
    its ¥299.00 a month" above Smart Wo Home at ¥188.00, "saves ¥111.00 a month": keeping it was decided by the
    ranking's measure (its price less the ¥150 the person values, ¥149.00), said of what it costs.  The advice now
    says that measure, and what the plan costs beside it."""
    from recommender.messages import render

    profile = Profile.model_validate({"data_gb": 1, "voice_minutes": 300, "current": {"plan_id": "cu-5ga-cloud"},
                                      "benefit_values": {"cloud-acceleration": 150}})
    answer = recommend(shipped, profile, top_k=2)
    assert [r.plan_id for r in answer.recommendations] == ["cu-5ga-cloud", "cu-wojia-188"]
    keep = answer.advice[0]
    assert (keep.code, keep.params["ranking_fen"], keep.params["effective_monthly_fen"]) == \
        ("keep_current_plan", 14900, 29900)
    assert render(keep) == ("keep your plan cu-5ga-cloud: with the benefits you value taken off each, no fitting "
                            "bundle costs less than its ¥149.00 a month (it costs ¥299.00)")
    assert render(keep, "zh") == ("建议保留您现在的套餐“cu-5ga-cloud”：它每月¥299.00，扣除您看重的权益价值后为¥149.00；"
                                  "各自扣除后，没有更便宜的合适组合")
    plain = recommend(shipped, profile.model_copy(update={"benefit_values": {}}), top_k=2)
    assert [m.code for m in plain.advice] == []  # (valued at nothing, Smart Wo Home costs less: nothing to keep)


def test_the_plan_surely_bought_kept_for_the_benefits_valued_is_not_called_the_cheapest(shipped: Catalogue) -> None:
    """Found by the hand-check review: valuing cloud acceleration at ¥150 a month (1 GB, 300 min), the best are the
    two 59-yuan plans kept by the people on them ("only if"), and the answer said "the cheapest you can surely buy
    is 5G-A Compute Card, Cloud Boost (#3): ¥299.00 a month" above Smart Wo Home (#4) at ¥188.00, which anyone may
    buy: the plan named is the first by the ranking's measure (its price less what the person values, ¥149.00), not
    the cheapest.  Said so, with that measure, when the plan named has benefits the person values."""
    from recommender.messages import render

    profile = Profile.model_validate({"data_gb": 1, "voice_minutes": 300,
                                      "benefit_values": {"cloud-acceleration": 150}})
    answer = recommend(shipped, profile, top_k=4)
    assert [r.plan_id for r in answer.recommendations] == ["ct-5g-59", "cu-5g-59", "cu-5ga-cloud", "cu-wojia-188"]
    sure = answer.advice[0]
    assert (sure.code, sure.params["plan"], sure.params["ranking_fen"]) == ("sure_best", "cu-5ga-cloud", 14900)
    assert render(sure) == ("if you do not meet the conditions of sale of #1, the best you are sure to qualify for, "
                            "with the benefits you value taken off, is cu-5ga-cloud (#3): ¥299.00 a month, ¥149.00 "
                            "with them taken off")
    assert render(sure, "zh") == ("如果不符合第1名的办理条件：扣除您看重的权益价值后，"
                                  "确定能办理的最优方案是“cu-5ga-cloud”（第3名），每月¥299.00，扣除后为¥149.00")
    now = recommend(shipped, Profile.model_validate({"data_gb": 1, "voice_minutes": 300, "current": {
        "monthly_bill_fen": 20000}, "benefit_values": {"cloud-acceleration": 150}}), top_k=4)
    assert render(now.advice[0]) == (
        "if you do not meet the conditions of sale of #1, the best you are sure to qualify for, with the benefits you "
        "value taken off, is cu-5ga-cloud (#3): ¥299.00 a month, ¥149.00 with them taken off, ¥99.00 a month more "
        "than now")
    unvalued = recommend(shipped, profile.model_copy(update={"benefit_values": {"netflix": 1}}), top_k=4)
    assert render(unvalued.advice[0]).startswith(  # (a plan named with no benefit valued is the cheapest: as before)
        "if you do not meet the conditions of sale of #1, the cheapest you are sure to qualify for is cu-wojia-188 "
        "(#3)")


def test_the_plan_surely_bought_is_priced_in_the_profiles_currency_as_its_saving_is(shipped: Catalogue) -> None:
    """Found by the hand-check review: a profile in dollars (CNY at 0.14, paying $30.00 a month) was told "the
    cheapest you can surely buy is Smart Wo Home Shared 188 (#3): $188.00 a month, $3.68 a month less than now": the
    plan's ¥188.00 in fen written with the profile's dollar sign beside a saving in dollars.  Its price is said in the
    profile's currency, as the saving and the ranking are: $26.32."""
    from recommender.messages import render

    usd = {"data_gb": 1, "voice_minutes": 300, "currency": "USD", "exchange_rates": {"CNY": "0.14"},
           "current": {"monthly_bill_fen": 3000}}
    answer = recommend(shipped, Profile.model_validate(usd), top_k=4)
    assert [r.plan_id for r in answer.recommendations][2] == "cu-wojia-188"
    assert render(answer.advice[0]) == ("if you do not meet the conditions of sale of #1, the cheapest you are sure "
                                        "to qualify for is cu-wojia-188 (#3): $26.32 a month, $3.68 a month less "
                                        "than now")
    worst = recommend(shipped, Profile.model_validate({**usd, "objective": "worst_month"}), top_k=4)
    assert render(worst.advice[0]) == (
        "if you do not meet the conditions of sale of #1, the cheapest you are sure to qualify for is cu-wojia-188 "
        "(#3): its largest monthly bill $26.32; on average $26.32 a month, $3.68 less than now")


def test_a_separate_lines_worst_month_counts_a_term_owed_past_the_horizon_by_one_line_alone() -> None:
    """Bills of lines side by side are added month by month, and a line whose minimum term outlasts the horizon has
    more of them (``cost.month_bills``: the months the term still owes).  Over 12 months, Mum (150 Mbps up) can only
    have ``long`` (¥50.00, ¥10.00 for its first 12 months, a 24-month term): twelve bills of ¥10.00, then twelve owed
    of ¥50.00; Dad has ``short`` (¥30.00, no terms; ``long`` would cost him (12 × ¥10 + 12 × ¥50) / 12 = ¥60.00 a
    month): twelve bills of ¥30.00.  Month by month: ¥40.00 twelve times, then ¥50.00 twelve times (Dad's bills over,
    counted as 0), so the set's worst month is ¥50.00: not ¥40.00 (the owed months dropped, as ``zip`` would) nor
    ¥50.01 (a missing bill counted as a fen)."""
    from dataclasses import replace

    from recommender.answer.ranking import separate_lines
    from recommender.catalogue.model import Terms

    short = _plan("short", "china-mobile", 3000, 20)
    long = replace(_plan("long", "china-mobile", 5000, 20), uplink_mbps=200,
                   terms=Terms(promotions=((12, 1000),), minimum_term_months=24))
    catalogue = Catalogue((short, long), (), "owed")
    separate = separate_lines(catalogue, Profile.model_validate({
        "horizon_months": 12, "lines": [{"name": "Dad", "data_gb": 5},
                                        {"name": "Mum", "data_gb": 5, "needs": {"min_uplink_mbps": 150}}]}))
    assert [line.recommendation.plan_id for line in separate.lines if line.recommendation is not None] == \
        ["short", "long"]
    assert separate.worst_month_fen == 5000


def test_a_plan_left_out_by_per_operator_says_so_before_its_gap() -> None:
    """Found by the hand check: with per_operator=1, cu-5ga-youth read "its cheapest fitting bundle costs ¥240.90 a
    month, ¥29.00 more than the best" beside ct-5ga-299 shown at ¥301.00: it is left out for its operator's one slot,
    which is said first; a plan left out once the top_k are shown says its gap alone."""
    from recommender.answer import recommend
    from recommender.catalogue import DEFAULT_PLANS, load_catalogue
    from recommender.messages import render
    from recommender.profile import Profile

    profile = Profile.model_validate({"data_gb": 120, "voice_minutes": 300, "sms": 20,
                                      "needs": {"min_uplink_mbps": 300}})
    answer = recommend(load_catalogue(DEFAULT_PLANS), profile, top_k=4, per_operator=1)
    assert [(r.plan_id, r.price_fen) for r in answer.recommendations] == [("cu-wojia-188", 21190),
                                                                         ("ct-5ga-299", 30100)]
    youth = next(e for e in answer.excluded if e.plan_id == "cu-5ga-youth")
    assert [(r.code, r.params.get("max")) for r in youth.reasons] == [("per_operator", 1), ("more_than_best", None)]
    assert render(youth.reasons[0]) == "not shown: at most 1 plan of china-unicom is shown (per_operator)"
    shown = recommend(load_catalogue(DEFAULT_PLANS), profile, top_k=1)
    assert [r.code for r in next(e for e in shown.excluded if e.plan_id == "cu-5ga-youth").reasons] == [
        "more_than_best"]
