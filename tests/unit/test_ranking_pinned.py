"""The ranking pinned by hand (``answer.priced.rank_plans``, ``Window``, ``least_over_budget``; ``answer.ranking``'s
``_shown``): small catalogues built here, ranks, effective prices (fen) and the reasons of the plans left out worked
out by hand.  Each test kills mutants of those functions that no other test caught (mutation testing, helper ryb)."""

from typing import Any

import pytest

from recommender.answer import recommend
from recommender.answer.ranking import separate_lines
from recommender.catalogue import Catalogue, Pack, Plan, Tariff
from recommender.optimise import Ranked, planner
from recommender.profile import Profile

GB = 1024


def plan(plan_id: str, operator: str, fee_fen: int, data_gb: int, per_gb_fen: int = 300,
         benefits: frozenset[str] = frozenset()) -> Plan:
    """A plan of ``data_gb`` GB at ``fee_fen`` a month, ``per_gb_fen`` a started GB beyond; no voice or SMS used."""
    return Plan(plan_id, operator, plan_id, fee_fen, {"data_mb": Tariff(data_gb * GB, GB, per_gb_fen),
                                                      "voice_s": Tariff(6000, 60, 10), "sms": Tariff(0, 1, 10)},
                1000, 100, benefits=benefits)


def ten_gb(**more: object) -> Profile:
    return Profile.model_validate({"data_gb": 10, **more})


def test_no_operator_has_more_plans_shown_than_per_operator() -> None:
    """a1 (¥30.00) and a2 (¥40.00) of china-mobile, b1 (¥50.00) of china-unicom, each 20 GB for 10 GB: no overage,
    each costs its fee.  Two shown, one per operator: a1 (#1) and b1 (#2), not a2, though a2 costs less than b1;
    a2 is "more than the best" by 4,000 - 3,000 = 1,000 fen.  Kills ``Window.take`` giving a slot with no room
    left for the operator, or not counting the slot taken."""
    catalogue = Catalogue((plan("a1", "china-mobile", 3000, 20), plan("a2", "china-mobile", 4000, 20),
                           plan("b1", "china-unicom", 5000, 20)), (), "cap")
    answer = recommend(catalogue, ten_gb(), top_k=2, per_operator=1)
    assert [(r.plan_id, r.rank, r.effective_monthly_fen) for r in answer.recommendations] == \
        [("a1", 1, 3000), ("b1", 2, 5000)]
    (left_out,) = answer.excluded
    assert (left_out.plan_id, left_out.cheapest_fen) == ("a2", 4000)
    assert [(r.code, r.params) for r in left_out.reasons] == [  # (its operator's slot taken, said first: hand check)
        ("per_operator", {"operator": "china-mobile", "max": 1}),
        ("more_than_best", {"cost_fen": 4000, "gap_fen": 1000, "currency": "CNY"})]
    assert [r.plan_id for r in answer.best_per_operator] == ["a1", "b1"]


def test_equal_plans_after_the_first_group_are_ordered_while_slots_are_left() -> None:
    """One operator: a1 (¥30.00, 20 GB), then b1 (¥50.00, 20 GB) and b2 (¥50.00, 30 GB), for 10 GB: b1 and b2 are
    equal (5,000 fen each), and b2 leaves 20 GB to spare against b1's 10 GB, so the tie rule puts b2 first, though b1
    comes first in the catalogue.  Three slots: a1 #1, b2 #2, b1 #3.  Kills ``rank_plans`` stopping when the window
    still has room (the operator's best known after the first group)."""
    catalogue = Catalogue((plan("a1", "china-mobile", 3000, 20), plan("b1", "china-mobile", 5000, 20),
                           plan("b2", "china-mobile", 5000, 30)), (), "one operator")
    answer = recommend(catalogue, ten_gb(), top_k=3)
    assert [(r.plan_id, r.rank, r.effective_monthly_fen) for r in answer.recommendations] == \
        [("a1", 1, 3000), ("b2", 2, 5000), ("b1", 3, 5000)]


def test_a_plan_over_the_budget_ranked_first_takes_no_slot_from_equal_plans_within_it() -> None:
    """x1 (¥100.00, 20 GB, a benefit the person values at ¥80 a month) ranks first, at 10,000 - 8,000 = 2,000 fen a
    month, but is over the ¥60.00 budget; b1 (china-unicom) and c1 (china-telecom) cost ¥50.00 each (20 GB and 30 GB
    for 10 GB) and rank at 5,000.  One slot: the tie rule gives it to c1 (20 GB to spare against 10 GB), though b1
    comes first in the catalogue; b1 is "more than the best" by 0 fen, x1 over the budget at its ¥100.00.
    Kills ``rank_plans`` counting a plan over the budget as filling the window (the equal group then not ordered)."""
    catalogue = Catalogue((plan("x1", "china-mobile", 10000, 20, benefits=frozenset({"video-vip"})),
                           plan("b1", "china-unicom", 5000, 20), plan("c1", "china-telecom", 5000, 30)), (), "budget")
    answer = recommend(catalogue, ten_gb(budget_fen=6000, benefit_values={"video-vip": 80}), top_k=1)
    assert [(r.plan_id, r.rank, r.effective_monthly_fen, r.ranking_fen) for r in answer.recommendations] == \
        [("c1", 1, 5000, 5000)]
    reasons = {e.plan_id: (e.cheapest_fen, e.reasons[0].code, e.reasons[0].params) for e in answer.excluded}
    assert reasons == {
        "x1": (10000, "over_budget", {"cost_fen": 10000, "budget_fen": 6000, "currency": "CNY"}),
        "b1": (5000, "more_than_best", {"cost_fen": 5000, "gap_fen": 0, "currency": "CNY"}),
    }
    assert [r.plan_id for r in answer.best_per_operator] == ["b1", "c1"]


def test_a_plan_over_the_budget_by_the_worst_month_is_quoted_at_its_least_price() -> None:
    """``objective: worst_month`` with a ¥40.00 budget, over the default 24 months.  Plan p (¥30.00, no data, ¥20.00
    a started GB) for 5 GB: alone ¥30 + 5 × ¥20 = ¥130.00 every month (worst ¥130.00, 24 × 13,000 / 24 = 13,000 fen a
    month); with pack k (5 GB for ¥10.00, a ¥200.00 installation fee, paid in the first bill) ¥40.00 a month, its
    first bill ¥240.00: (24 × 4,000 + 20,000) / 24 = 116,000 / 24 = 4,833.33, 4,833 fen a month.  Both are over the
    budget; the worst month chooses the bundle without the pack (¥130.00 against ¥240.00), but the plan is quoted at
    its least price, 4,833 fen: what the budget must be raised to.  Kills ``least_over_budget`` left out (or keeping
    the dearer of the two)."""
    p = Plan("p", "china-mobile", "p", 3000, {"data_mb": Tariff(0, GB, 2000), "voice_s": Tariff(6000, 60, 10),
                                             "sms": Tariff(0, 1, 10)}, 1000, 100)
    k = Pack("k", "china-mobile", "k", 1000, {"data_mb": 5 * GB}, install_fen=20000)
    catalogue = Catalogue((p,), (k,), "install")
    answer = recommend(catalogue, Profile.model_validate({"data_gb": 5, "objective": "worst_month",
                                                          "budget_fen": 4000}), top_k=1)
    assert answer.recommendations == []
    (left_out,) = answer.excluded
    assert (left_out.plan_id, left_out.cheapest_fen) == ("p", 4833)
    assert (left_out.reasons[0].code, left_out.reasons[0].params) == \
        ("over_budget", {"cost_fen": 4833, "budget_fen": 4000, "currency": "CNY"})


def test_separate_lines_over_the_budget_by_the_worst_month_take_the_set_within_it_of_least_worst_month() -> None:
    """``objective: worst_month``, a ¥160.00 budget, two lines alone on plan p (¥30.00, no data, ¥20.00 a started GB)
    or p with pack k (5 GB for ¥10.00, ¥200.00 to install, paid in the first bill), over 24 months.  Line A (5 GB):
    without k ¥130.00 every month (13,000 fen a month), with k a first bill of ¥240.00 then ¥40.00, (24 × 4,000 +
    20,000) / 24 = 4,833 fen a month.  Line B (4 GB): without k ¥30 + 4 × ¥20 = ¥110.00 (11,000), with k as A's.
    Each alone takes its least worst month (no pack: ¥130.00, ¥110.00), together 24,000 fen a month, over the budget.
    The sets of each line's least worst month or least price: A with k and B without, 4,833 + 11,000 = 15,833, within
    the budget, its worst month ¥240 + ¥110 = ¥350.00; both with k, 9,666, worst month ¥480.00; A without k and B
    with it 17,833, over.  The set within the budget of least worst month: A with k, B without.  Kills
    ``ranking._within_budget`` (its sets, its choice) left out or choosing another set."""
    p = Plan("p", "china-mobile", "p", 3000, {"data_mb": Tariff(0, GB, 2000), "voice_s": Tariff(6000, 60, 10),
                                             "sms": Tariff(0, 1, 10)}, 1000, 100)
    k = Pack("k", "china-mobile", "k", 1000, {"data_mb": 5 * GB}, install_fen=20000)
    separate = separate_lines(Catalogue((p,), (k,), "install"), Profile.model_validate({
        "objective": "worst_month", "budget_fen": 16000,
        "lines": [{"name": "A", "data_gb": 5}, {"name": "B", "data_gb": 4}]}))
    lines = [line.recommendation for line in separate.lines]
    assert [(r.plan_id, [pack["id"] for pack in r.packs], r.effective_monthly_fen) for r in lines if r is not None] \
        == [("p", ["k"], 4833), ("p", [], 11000)]
    assert (separate.worst_month_fen, separate.effective_monthly_fen, separate.within_budget) == (35000, 15833, True)


def test_five_plans_are_shown_by_default_and_at_least_one_however_few_are_asked_for() -> None:
    """Six plans fit (p0 ¥30.00, p1 ¥30.01, ... p5 ¥30.05, each 20 GB for 10 GB).  Asked for no number, the answer
    shows five (p0 to p4, ranks 1 to 5) and leaves p5 out, more than the best by 3,005 - 3,000 = 5 fen; asked for none
    (``top_k=0``), it shows one, p0.  Kills ``recommend``'s default ``top_k`` 5 read as 4 or 6 (mutants 440, 441)
    and its least ``top_k`` 1 read as 0 (506)."""
    catalogue = Catalogue(tuple(plan(f"p{i}", "china-mobile", 3000 + i, 20) for i in range(6)), (), "six")
    answer = recommend(catalogue, ten_gb())
    assert [(r.plan_id, r.rank) for r in answer.recommendations] == [(f"p{i}", i + 1) for i in range(5)]
    (left_out,) = answer.excluded
    assert (left_out.plan_id, left_out.reasons[0].params["gap_fen"]) == ("p5", 5)
    assert not answer.history  # (one month of usage given, no history: mutant 575 of line 103)
    assert [r.plan_id for r in recommend(catalogue, ten_gb(), top_k=0).recommendations] == ["p0"]


def test_the_plans_left_out_are_listed_in_the_catalogues_order() -> None:
    """a1 (¥30.00), b1 (¥50.00), c1 (¥40.00), each 20 GB for 10 GB, one shown: a1.  b1 and c1 are "more than the
    best" by 2,000 and 1,000 fen, listed as the catalogue lists them (b1, c1), not by price (c1 first).  Kills
    ``recommend`` line 66's sort of the plans left out deleted (mutant 368)."""
    catalogue = Catalogue((plan("a1", "china-mobile", 3000, 20), plan("b1", "china-unicom", 5000, 20),
                           plan("c1", "china-telecom", 4000, 20)), (), "order")
    answer = recommend(catalogue, ten_gb(), top_k=1)
    assert [r.plan_id for r in answer.recommendations] == ["a1"]
    assert [(e.plan_id, e.reasons[0].params["gap_fen"]) for e in answer.excluded] == [("b1", 2000), ("c1", 1000)]


def test_an_answer_whose_search_is_not_proved_best_is_feasible_not_optimal(monkeypatch: pytest.MonkeyPatch) -> None:
    """The engines' answer for a1 (¥30.00, 20 GB, for 10 GB: 3,000 fen), said not proved best (a search cut short):
    a1 is shown at 3,000 fen and the answer's status is "feasible", not "optimal".  Kills ``recommend`` line 79's
    status "optimal" whether or not the search was proved (mutant 515)."""
    real = planner.solve

    def unproved(*args: Any, **kwargs: Any) -> tuple[Ranked, str]:
        found, used = real(*args, **kwargs)
        return Ranked(found.choices, proved=False), used

    monkeypatch.setattr(planner, "solve", unproved)
    answer = recommend(Catalogue((plan("a1", "china-mobile", 3000, 20),), (), "unproved"), ten_gb(), top_k=1)
    assert [(r.plan_id, r.effective_monthly_fen) for r in answer.recommendations] == [("a1", 3000)]
    assert answer.status == "feasible"
