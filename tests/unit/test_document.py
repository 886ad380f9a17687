"""The answer's JSON document (``answer.document``), built from answer objects made by hand: every field of a
recommendation, of the answer and of a household's separate plans is where docs/api.md says, with the value it was
given (no solving: the figures are the objects', chosen distinct so a field read from another shows).  Each test kills
mutants of recommender/answer/document.py that the rest of the suite let live (mutation testing)."""

from typing import Any

import pytest

from recommender.answer import document as document_module
from recommender.answer.document import (
    Answer,
    Exclusion,
    Household,
    InvoiceLine,
    PackExclusion,
    Recommendation,
    SeparateLine,
    SeparateLines,
    worded,
)
from recommender.eligibility import Condition
from recommender.messages import Message, message

BASE = message("line.base", plan="p-1")
"""Worded "p-1 monthly fee" (en), "p-1月费" (zh)."""
NO_COMBINATION = message("no_combination")
ONE_OFF = message("term.one_off", fee_fen=1000, currency="CNY")
"""Worded "¥10.00 once, at the start"."""
HOLDERS = Condition("holders_only", {"plan": "p-1"}, "unknown", "p-1")
"""Worded "people already on p-1 (no longer on sale)"."""
TIME_LIMIT = message("time_limit")
"""Worded "no fitting bundle found within the time limit"."""
TIME_LIMIT_DOC = {"code": "time_limit", "params": {}, "text": "no fitting bundle found within the time limit"}


def _rec(rank: int | None = 1, plan_id: str = "p-1", operator: str = "op-a", *, ranking_fen: int = 11500,
         benefit_value_fen: int = 500, total_fen: int = 12345, currency: str = "CNY",
         conditions: tuple[Condition, ...] = (HOLDERS,), household: Household | None = None) -> Recommendation:
    """A recommendation with every field set, each figure a different one."""
    return Recommendation(
        rank=rank, operator=operator, plan_id=plan_id, plan_name=f"{plan_id} name",
        packs=[{"id": "k-1", "count": 2, "name": "k-1", "needed_for": ["data"]}],
        total_fen=total_fen, total_yuan="¥123.45",
        breakdown=[InvoiceLine(BASE, "base", plan_id, 10000, "CNY", False, 0),
                   InvoiceLine(BASE, "pack", "k-1", 2345, "USD", True, None)],
        needs=[{"need": "data", "required": 1024, "provided": 2048, "met": True, "assumed": False}],
        needs_met=True, headroom={"data_mb": 1024}, benefits_met=["video"], benefits_missing=["music"],
        savings={"code": "saves", "fen": 100, "yuan": "¥1.00", "per_year_fen": 1200}, optimal=True,
        currency=currency,
        months=[{"month": "1", "packs": [{"id": "k-1", "count": 2}], "total_fen": 12345, "total_yuan": "¥123.45",
                 "assumed_fen": 2345, "billed": {"data_mb": 3072},
                 "breakdown": [InvoiceLine(BASE, "base", plan_id, 10000, "CNY", False, 1)]}],
        first_month_fen=13345, effective_monthly_fen=12000, effective_monthly_yuan="¥120.00", horizon_months=24,
        horizon_total_fen=288000, ranking_fen=ranking_fen, worst_month_fen=13346, conditions=list(conditions),
        assumed_fen=2345, benefit_value_fen=benefit_value_fen, household=household, terms=[ONE_OFF])


def _line(fen: int, currency: str, assumed: bool, ref: str = "p-1", kind: str = "base") -> dict[str, Any]:
    """An invoice line of ``BASE`` as the document has it (yuan: the fen over 100, the currency's sign)."""
    return {"item": "p-1 monthly fee", "kind": kind, "ref": ref, "fen": fen,
            "yuan": {10000: "¥100.00", 2345: "$23.45"}[fen], "assumed": assumed,
            "label": {"code": "line.base", "params": {"plan": "p-1"}}}


HOLDERS_DOC = {"code": "holders_only", "params": {"plan": "p-1"}, "status": "unknown", "ref": "p-1",
               "text": "people already on p-1 (no longer on sale)", "assumed": False}
ONE_OFF_DOC = {"code": "term.one_off", "params": {"fee_fen": 1000, "currency": "CNY"},
               "text": "¥10.00 once, at the start"}


def _rec_doc(rank: int | None = 1, months: bool = False, household: bool = False) -> dict[str, Any]:
    """``_rec()``'s document, field by field (the keys in docs/api.md's order)."""
    owner: list[dict[str, Any]] = [{"owner": 0}, {"owner": None}] if household else [{}, {}]
    doc: dict[str, Any] = {
        "rank": rank, "operator": "op-a", "plan_id": "p-1", "plan_name": "p-1 name",
        "packs": [{"id": "k-1", "count": 2, "name": "k-1", "needed_for": ["data"]}],
        "total_fen": 12345, "total_yuan": "¥123.45",
        "breakdown": [{**_line(10000, "CNY", False), **owner[0]},
                      {**_line(2345, "USD", True, "k-1", "pack"), **owner[1]}],
        "needs": [{"need": "data", "required": 1024, "provided": 2048, "met": True, "assumed": False}],
        "needs_met": True, "headroom": {"data_mb": 1024}, "benefits_met": ["video"], "benefits_missing": ["music"],
        "savings": {"code": "saves", "fen": 100, "yuan": "¥1.00", "per_year_fen": 1200}, "optimal": True,
        "currency": "CNY"}
    if months:
        doc["months"] = [{"month": "1", "packs": [{"id": "k-1", "count": 2}], "total_fen": 12345,
                          "total_yuan": "¥123.45", "assumed_fen": 2345, "billed": {"data_mb": 3072},
                          "breakdown": [{**_line(10000, "CNY", False), **({"owner": 1} if household else {})}]}]
    doc.update({"first_month_fen": 13345, "effective_monthly_fen": 12000, "effective_monthly_yuan": "¥120.00",
                "horizon_months": 24, "horizon_total_fen": 288000, "ranking_fen": 11500, "worst_month_fen": 13346,
                "conditions": [HOLDERS_DOC], "assumed_fen": 2345, "benefit_value_fen": 500, "terms": [ONE_OFF_DOC]})
    return doc


def _answer(**fields: Any) -> Answer:
    """An answer with every field set: p-1 shown at rank 1 and the best of op-a; p-9, op-b's best, not shown."""
    given: dict[str, Any] = {
        "catalogue_version": "v-7", "engine": "enumerate", "status": "optimal",
        "recommendations": [_rec()], "best_per_operator": [_rec(), _rec(None, "p-9", "op-b")],
        "excluded": [Exclusion("p-2", "op-a", [NO_COMBINATION], 9900), Exclusion("p-3", "op-b", [TIME_LIMIT])],
        "suggestions": [TIME_LIMIT], "current_fen": 15000, "currency": "CNY", "objective": "worst_month",
        "horizon_months": 12, "excluded_packs": [PackExclusion("k-2", "op-a", [HOLDERS.message])],
        "as_of": "2026-01-02", "eligibility": "strict", "advice": [ONE_OFF], "history": False,
        "separate_lines": None, "nothing_fits": None}
    given.update(fields)
    return Answer(**given)


def _answer_doc(months: bool = False) -> dict[str, Any]:
    p9 = {**_rec_doc(None, months), "operator": "op-b", "plan_id": "p-9", "plan_name": "p-9 name"}
    p9["breakdown"] = [{**p9["breakdown"][0], "ref": "p-9"}, p9["breakdown"][1]]
    if months:
        p9["months"] = [{**p9["months"][0], "breakdown": [{**p9["months"][0]["breakdown"][0], "ref": "p-9"}]}]
    return {
        "catalogue_version": "v-7", "engine": "enumerate", "status": "optimal",
        "recommendations": [_rec_doc(1, months)],
        "best_per_operator": [{"operator": "op-a", "plan_id": "p-1", "rank": 1}, p9],
        "excluded": [{"plan_id": "p-2", "operator": "op-a", "cheapest_fen": 9900, "reasons": [
                         {"code": "no_combination", "params": {},
                          "text": "no combination of its packs meets every need at once"}]},
                     {"plan_id": "p-3", "operator": "op-b", "cheapest_fen": None, "reasons": [TIME_LIMIT_DOC]}],
        "suggestions": [TIME_LIMIT_DOC],
        "current_fen": 15000, "currency": "CNY", "objective": "worst_month", "horizon_months": 12,
        "excluded_packs": [{"pack_id": "k-2", "operator": "op-a",
                            "reasons": [{k: v for k, v in HOLDERS_DOC.items()
                                         if k not in ("status", "ref", "assumed")}]}],
        "as_of": "2026-01-02", "eligibility": "strict", "advice": [ONE_OFF_DOC], "nothing_fits": None}


def test_a_recommendation_s_document_has_each_field_it_was_given() -> None:
    """Every field of the answer and of its recommendations, as given: p-1 shown at rank 1 is op-a's best and so
    named by its rank; p-9, op-b's best not shown, is a whole recommendation with a null rank.  A one-month answer
    sends no ``months`` (they repeat the breakdown), nor ``owner`` on a single person's lines, nor ``household``, nor
    ``separate_lines``."""
    doc = _answer().to_dict()
    expected = _answer_doc()
    assert list(doc) == list(expected)
    assert list(doc["recommendations"][0]) == list(expected["recommendations"][0])
    assert doc == expected


@pytest.mark.parametrize("history, detail", [(True, ()), (False, ("months",))])
def test_months_are_sent_for_a_history_or_when_asked(history: bool, detail: tuple[str, ...]) -> None:
    """A history always sends each recommendation's months; a one-month profile when ``detail`` has "months"."""
    assert _answer(history=history).to_dict("en", None, detail) == _answer_doc(months=True)


def test_an_answer_with_nothing_that_fits_says_why() -> None:
    assert _answer(status="infeasible", nothing_fits=NO_COMBINATION).to_dict()["nothing_fits"] == {
        "code": "no_combination", "params": {}, "text": "no combination of its packs meets every need at once"}


def test_the_document_is_worded_in_the_language_and_names_asked_for() -> None:
    """zh: "p-1月费"; names given word the plan by them ("P-1月费": the names here are the ids upper-cased)."""
    doc = _answer().to_dict("zh")
    assert doc["recommendations"][0]["breakdown"][0]["item"] == "p-1月费"
    named = _answer().to_dict("zh", lambda kind, ident: ident.upper())
    assert named["recommendations"][0]["breakdown"][0]["item"] == "P-1月费"


def test_a_household_s_lines_say_whose_they_are_and_its_split_is_sent() -> None:
    """A household recommendation's invoice lines carry ``owner`` (0 the holder, null shared, 1 the first extra
    line), in ``months`` too, and its ``household`` split is sent as given."""
    split = Household(lines=2, names=["me", None], per_line_fen=[10000, 0], shared_fen=2345,
                      shared_pool_use={"data": {"used": 3072, "allowance": None}}, one_off_fen=5000)
    doc = _answer(recommendations=[_rec(household=split)], best_per_operator=[], history=True).to_dict()
    expected = {**_rec_doc(1, months=True, household=True),
                "household": {"lines": 2, "names": ["me", None], "per_line_fen": [10000, 0], "shared_fen": 2345,
                              "one_off_fen": 5000, "shared_pool_use": {"data": {"used": 3072, "allowance": None}}}}
    assert doc["recommendations"] == [expected]


def _separate(budget_fen: int | None = None, *, second: Recommendation | None = None,
              worst_month_fen: int | None = 30000) -> SeparateLines:
    """Two lines alone: the holder "me" on p-1 (price 11500 + 500 = 12000), line 1 on ``second`` (None: no plan)."""
    return SeparateLines([SeparateLine(0, "me", _rec(None), "optimal"),
                          SeparateLine(1, None, second, "optimal" if second else "infeasible")],
                         "CNY", budget_fen, worst_month_fen)


P8 = _rec(None, "p-8", "op-b", ranking_fen=7000, benefit_value_fen=0, total_fen=8000, conditions=())
"""Line 1's plan: price 7000 + 0 = 7000, ranking 7000, bill 8000, on no unknown condition."""


def test_separate_plans_a_line_without_a_plan_has_no_figures() -> None:
    """Line 1 without a plan: its entry is nulls and empty lists, the set incomplete, its totals null."""
    doc = _answer(separate_lines=_separate(20000, worst_month_fen=None)).to_dict()
    line_1: dict[str, Any] = {
        "line": 1, "name": None, "status": "infeasible", "operator": None, "plan_id": None, "plan_name": None,
        "packs": [], "total_fen": None, "total_yuan": None, "currency": None, "effective_monthly_fen": None,
        "price_fen": None, "breakdown": [], "conditions": []}
    assert doc["separate_lines"]["lines"][1] == line_1
    assert {k: v for k, v in doc["separate_lines"].items() if k != "lines"} == {
        "complete": False, "total_fen": None, "total_yuan": None, "effective_monthly_fen": None, "currency": "CNY",
        "household_saves_fen": None, "within_budget": None, "worst_month_fen": None}


def test_separate_plans_each_line_s_plan_and_the_set_s_totals() -> None:
    """The holder on p-1 (bill ¥123.45, price 11500 + 500 = ¥120.00), line 1 on p-8 (bill ¥80.00, price ¥70.00):
    together a bill of 12345 + 8000 = 20345 (¥203.45) and a price of 12000 + 7000 = 19000, within a ¥190.00 budget;
    the household's bundle p-1 at 12000 saves 19000 - 12000 = 7000 a month."""
    doc = _answer(separate_lines=_separate(19000, second=P8)).to_dict()
    separate = doc["separate_lines"]
    line_0 = {"line": 0, "name": "me", "status": "optimal", "operator": "op-a", "plan_id": "p-1",
              "plan_name": "p-1 name", "packs": [{"id": "k-1", "count": 2, "name": "k-1", "needed_for": ["data"]}],
              "total_fen": 12345, "total_yuan": "¥123.45", "currency": "CNY", "effective_monthly_fen": 12000,
              "price_fen": 12000, "breakdown": [_line(10000, "CNY", False), _line(2345, "USD", True, "k-1", "pack")],
              "conditions": [HOLDERS_DOC]}
    assert separate["lines"][0] == line_0
    assert (separate["lines"][1]["plan_id"], separate["lines"][1]["price_fen"],
            separate["lines"][1]["conditions"]) == ("p-8", 7000, [])
    assert {k: v for k, v in separate.items() if k != "lines"} == {
        "complete": True, "total_fen": 20345, "total_yuan": "¥203.45", "effective_monthly_fen": 19000,
        "currency": "CNY", "household_saves_fen": 7000, "within_budget": True, "worst_month_fen": 30000}


def test_separate_plans_over_the_budget_by_a_fen() -> None:
    """19000 a month against a budget of 18999: not within it."""
    assert _answer(separate_lines=_separate(18999, second=P8)).to_dict()["separate_lines"]["within_budget"] is False


def test_separate_plans_without_a_budget_are_not_said_within_one() -> None:
    assert _separate(None, second=P8).within_budget is None


def test_the_separate_plans_figures() -> None:
    """Ranking 11500 + 7000 = 18500; price 12000 + 7000 = 19000; bills 12345 + 8000 = 20345.  A line without a plan
    makes each None."""
    whole = _separate(second=P8)
    assert (whole.complete, whole.ranking_fen, whole.effective_monthly_fen, whole.total_fen) == (
        True, 18500, 19000, 20345)
    short = _separate()
    assert (short.complete, short.ranking_fen, short.effective_monthly_fen, short.total_fen) == (
        False, None, None, None)


def test_separate_plans_bills_in_another_currency_are_not_added() -> None:
    """Line 1's p-8 billed in USD: its bill cannot be added to the holder's CNY one (total None); its price, in the
    profile's currency, still is."""
    dollars = SeparateLines([SeparateLine(0, "me", _rec(None), "optimal"),
                             SeparateLine(1, None, _rec(None, "p-8", currency="USD"), "optimal")], "CNY")
    assert (dollars.total_fen, dollars.effective_monthly_fen) == (None, 24000)
    assert _answer(separate_lines=dollars).to_dict()["separate_lines"]["total_yuan"] is None


def test_separate_plans_rest_on_an_unknown_condition_when_a_line_s_plan_does() -> None:
    """p-1 is sold to holders only, unknown here; p-8 has no condition."""
    assert _separate(second=P8).only_if is True
    sure = SeparateLines([SeparateLine(0, None, P8, "optimal"), SeparateLine(1, None, None, "infeasible")], "CNY")
    assert sure.only_if is False
    assert _rec().unsure is True and P8.unsure is False


@pytest.mark.parametrize("recommendations, separate, saves", [
    ([_rec()], _separate(second=P8), 7000),  # 19000 - (11500 + 500)
    ([], _separate(second=P8), None),  # no household bundle
    ([_rec()], _separate(), None),  # a line without a plan
    ([_rec()], None, None),  # not a household
])
def test_what_the_household_saves_against_the_separate_plans(
        recommendations: list[Recommendation], separate: SeparateLines | None, saves: int | None) -> None:
    assert _answer(recommendations=recommendations, separate_lines=separate).household_saves_fen == saves


def test_a_household_dearer_than_its_separate_plans_saves_a_negative_amount() -> None:
    """The best bundle at 25000 + 0 against separate plans at 19000: 19000 - 25000 = -6000."""
    dear = _rec(ranking_fen=25000, benefit_value_fen=0)
    assert _answer(recommendations=[dear], separate_lines=_separate(second=P8)).household_saves_fen == -6000


def test_the_price_is_the_ranking_measure_with_the_benefits_value_added_back() -> None:
    assert _rec(ranking_fen=11500, benefit_value_fen=500).price_fen == 12000


def test_the_remembered_wording_tells_apart_true_and_1_inside_a_tuple() -> None:
    """"'x' is not one of True, 2" and "... 1, 2": a tuple's items are worded with their types (the cache key keeps
    them apart: a tuple parameter is not taken as a scalar one)."""
    text = worded("en", None)
    for _ in range(2):
        assert text(message("problem.not_one_of", value="x", choices=(True, 2))) == "'x' is not one of True or 2"
        assert text(message("problem.not_one_of", value="x", choices=(1, 2))) == "'x' is not one of 1 or 2"


def test_the_remembered_wording_is_bounded() -> None:
    """The cache holds at most ``_RENDERED_MAX`` worded messages: cleared when full, then filled again."""
    text = worded("en", None)
    document_module._RENDERED.clear()
    for n in range(document_module._RENDERED_MAX + 2):
        assert text(Message("term.one_off", {"fee_fen": n, "currency": "CNY"})).endswith(" once, at the start")
        assert len(document_module._RENDERED) <= document_module._RENDERED_MAX
    assert len(document_module._RENDERED) == 2  # (8192 kept, cleared at the 8193rd, which is kept with the 8194th)


def test_the_remembered_wording_tells_apart_mappings_of_the_same_keys() -> None:
    """"at most one 'g' pack: k ×2" and "... k ×3": ``counts`` {"k": 2} and {"k": 3} have the same keys, and are
    worded each by its own counts (a mapping is no key: worded every time)."""
    text = worded("en", None)
    for _ in range(2):
        for n in (2, 3):
            said = text(message("group_once", group="g", packs=["k"], counts={"k": n}))
            assert f"k ×{n}" in said and f"k ×{5 - n}" not in said, said
