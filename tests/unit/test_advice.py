"""What an answer says first (``answer.advice``), on a small catalogue whose figures are worked out by hand: each
test kills mutants of recommender/answer/advice.py that the rest of the suite let live (mutation testing)."""

from pathlib import Path

import pytest

from recommender.answer import recommend
from recommender.catalogue import Catalogue, load_catalogue
from recommender.profile import Profile

TWO_PLANS = """\
operator: {id: china-unicom, name: 中国联通, name_en: China Unicom}
currency: CNY
plans:
  - id: t-50
    name: 测试 50
    name_en: test 50
    monthly_fee: {value: 50, source: "assumption: test"}
    data_gb: {value: 30, source: "assumption: test"}
    voice_minutes: {value: 300, source: "assumption: test"}
    sms: {value: 0, source: "assumption: test"}
    downlink_mbps: {value: 1000, source: "assumption: test"}
    uplink_mbps: {value: 100, source: "assumption: test"}
    overage: &overage
      data_per_gb: {value: 3, source: "assumption: test"}
      voice_per_minute: {value: 0.1, source: "assumption: test"}
      sms_each: {value: 0.1, source: "assumption: test"}
  - id: t-80
    name: 测试 80
    name_en: test 80
    monthly_fee: {value: 80, source: "assumption: test"}
    data_gb: {value: 60, source: "assumption: test"}
    voice_minutes: {value: 1000, source: "assumption: test"}
    sms: {value: 0, source: "assumption: test"}
    downlink_mbps: {value: 1000, source: "assumption: test"}
    uplink_mbps: {value: 200, source: "assumption: test"}
    overage: *overage
packs:
  - id: t-data-10
    name: 流量包 10GB
    name_en: data 10 GB
    kind: data
    price: {value: 10, source: "assumption: test"}
    adds:
      data_gb: {value: 10, source: "assumption: test"}
    plans: [t-50]
    max_count: 3
"""
"""t-50: ¥50 for 30 GB, a ¥10 pack of 10 GB (up to three), ¥3 a GB over; t-80: ¥80 for 60 GB; uplink 100 and 200."""


@pytest.fixture(scope="module")
def two_plans(tmp_path_factory: pytest.TempPathFactory) -> Catalogue:
    folder: Path = tmp_path_factory.mktemp("two-plans")
    (folder / "china-unicom.yaml").write_text(TWO_PLANS, encoding="utf-8")
    return load_catalogue(folder)


def test_a_bill_with_nothing_that_fits_to_weigh_it_against_is_not_advised_kept(two_plans: Catalogue) -> None:
    """A single person paying ¥150 a month who needs a 1000 Mbps uplink (t-50 and t-80 give 100 and 200): nothing
    fits and there are no separate plans, so "keep your current plan: no fitting bundle costs less" says nothing true
    (kills keep_current_plan's early return deleted, and its ``separate is None or ...`` read as ``and``, which
    asked ``None.effective_monthly_fen``)."""
    answer = recommend(two_plans, Profile.model_validate(
        {"data_gb": 10, "needs": {"min_uplink_mbps": 1000}, "current": {"monthly_bill_fen": 15000}}))
    assert (answer.status, answer.recommendations, answer.current_fen) == ("infeasible", [], 15000)
    assert answer.advice == []


@pytest.mark.parametrize("bill", [4999, 5000])
def test_a_bill_no_bundle_costs_less_than_is_advised_kept(two_plans: Catalogue, bill: int) -> None:
    """10 GB a month: t-50 is ¥50.00 (within its 30 GB), t-80 ¥80.00.  A bill of ¥50.00 is not more than the
    cheapest bundle: no fitting bundle costs less, keep it (as at ¥49.99); only a cheaper bundle than the bill
    withholds the advice (kills keep_current_plan's ``min(...) < current`` read as ``<=``)."""
    answer = recommend(two_plans, Profile.model_validate({"data_gb": 10, "current": {"monthly_bill_fen": bill}}))
    assert [(r.plan_id, r.price_fen) for r in answer.recommendations] == [("t-50", 5000), ("t-80", 8000)]
    assert [(m.code, m.params) for m in answer.advice] == [
        ("keep_current_plan", {"plan": None, "effective_monthly_fen": bill, "currency": "CNY", "packs": []})]


def test_a_kept_plan_whose_two_months_buy_different_packs_says_in_the_months_that_need_them(
        two_plans: Catalogue) -> None:
    """On t-50 with a history of 30 GB then 40 GB: month 1 is the plan alone (¥50), month 2 buys one 10 GB pack
    (¥60; 10 GB over would be ¥30), ¥55.00 on average, below t-80's ¥80.00: keep it.  Two months, two different
    sets of packs: ``by_month`` (kills ``len({b.packs ...}) > 1`` read as ``> 2``)."""
    answer = recommend(two_plans, Profile.model_validate(
        {"months": [{"data_gb": 30}, {"data_gb": 40}], "current": {"plan_id": "t-50"}}))
    assert answer.current_fen == 5500
    assert [(m.code, m.params) for m in answer.advice] == [
        ("keep_current_plan", {"plan": "t-50", "effective_monthly_fen": 5500, "currency": "CNY",
                               "packs": ["t-data-10"], "by_month": True})]


def test_a_kept_plan_buying_a_pack_twice_says_how_many(two_plans: Catalogue) -> None:
    """On t-50 with 50 GB a month: 30 GB + two 10 GB packs, ¥50 + 2 × ¥10 = ¥70.00 (one pack and 10 GB over would
    be ¥90), below t-80's ¥80.00: keep it, the pack counted twice (kills ``n > 1`` read as ``n > 2``, which said one
    pack at two packs' price)."""
    answer = recommend(two_plans, Profile.model_validate({"data_gb": 50, "current": {"plan_id": "t-50"}}))
    assert [(r.plan_id, r.price_fen) for r in answer.recommendations] == [("t-50", 7000), ("t-80", 8000)]
    assert [(m.code, m.params) for m in answer.advice] == [
        ("keep_current_plan", {"plan": "t-50", "effective_monthly_fen": 7000, "currency": "CNY",
                               "packs": ["t-data-10"], "counts": {"t-data-10": 2}})]
