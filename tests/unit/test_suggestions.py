"""When nothing fits, the smallest changes that make something fit (``Answer.suggestions``,
recommender/answer/suggestions.py), on hand-built plans whose figures are worked out by hand: each test kills mutants
of suggestions.py that the rest of the suite let live (mutation testing)."""

import json

import pytest

from recommender.answer import recommend
from recommender.catalogue import Catalogue, Plan, Tariff, load_sources
from recommender.catalogue.model import ANYONE
from recommender.messages import Message
from recommender.profile import Profile

SOURCE = "assumption: test"


def fig(value: object) -> dict[str, object]:
    return {"value": value, "source": SOURCE}


def plan_file(*plans: dict[str, object]) -> Catalogue:
    doc = {"operator": {"id": "op-a", "name": "op-a", "name_en": "op-a"}, "currency": "CNY", "plans": list(plans),
           "packs": []}
    return load_sources([("op-a.yaml", json.dumps(doc).encode())])


def a_plan(plan_id: str, uplink_mbps: int, extra_lines: int = 0) -> dict[str, object]:
    """A ¥50 plan (100 GB, 1000 minutes, 100 texts, 1000 Mbps down), up to ``extra_lines`` more at ¥20 each."""
    plan: dict[str, object] = {
        "id": plan_id, "name": plan_id, "name_en": plan_id, "monthly_fee": fig(50), "data_gb": fig(100),
        "voice_minutes": fig(1000), "sms": fig(100), "downlink_mbps": fig(1000), "uplink_mbps": fig(uplink_mbps),
        "overage": {"data_per_gb": fig(3), "voice_per_minute": fig("0.1"), "sms_each": fig("0.1")}}
    if extra_lines:
        plan["extra_lines"] = {"max": extra_lines, "fee": fig(20), "source": SOURCE, "shared": ["data", "voice"]}
    return plan


def said(answer_suggestions: list[Message]) -> list[tuple[str, dict[str, object]]]:
    return [(m.code, dict(m.params)) for m in answer_suggestions]


def test_a_need_of_one_households_line_alone_may_be_dropped() -> None:
    """Two lines of 5 GB, the first needing 80 Mbps up; s1 (¥50, 100 up) takes one line, fam (¥50 + ¥20 for the
    second line, 50 up) two: nothing fits.  Separate plans (s1 twice, ¥100.00); the uplink lowered to fam's 50, or
    dropped: fam, ¥70.00.  The need is the line's own, not the household's: dropping it changes the lines alone
    (kills suggestions_for's line 78 ``relaxed.lines != profile.lines`` read as ``==``, and the ``or`` after it as
    ``and``, which offered no drop_need)."""
    answer = recommend(plan_file(a_plan("s1", 100), a_plan("fam", 50, 1)), Profile.model_validate(
        {"lines": [{"data_gb": 5, "needs": {"min_uplink_mbps": 80}}, {"data_gb": 5}]}))
    assert answer.status == "infeasible"
    assert said(answer.suggestions) == [
        ("separate_lines", {"amount_fen": 10000, "currency": "CNY", "only_if": False}),
        ("lower_speed", {"direction": "uplink", "have": 50, "need": 80, "plan": "fam", "amount_fen": 7000,
                         "currency": "CNY", "only_if": False}),
        ("drop_need", {"need_name": "uplink", "plan": "fam", "amount_fen": 7000, "currency": "CNY", "only_if": False})]


@pytest.mark.parametrize("need", ["uplink", "downlink"])
def test_a_speed_needed_of_a_plan_with_none_may_be_dropped(need: str) -> None:
    """z (¥30, 10 GB) gives no uplink and no downlink at all (0 Mbps, ``missing_capability``); needing 1 Mbps of
    either, nothing fits, and dropping the need (to 0) makes z fit at ¥30.00 (kills the relaxations' "uplink" and
    "downlink" read as 1 Mbps, which left the need as it was and offered nothing)."""
    z = Plan("z", "op-a", "z", 3000, {"data_mb": Tariff(10 * 1024, 1024, 500), "voice_s": Tariff(6000, 60, 10),
                                       "sms": Tariff(0, 1, 10)}, 0, 0, rule=ANYONE)
    answer = recommend(Catalogue((z,), (), "hand"), Profile.model_validate(
        {"data_gb": 5, "needs": {f"min_{need}_mbps": 1}}))
    assert [(e.plan_id, [(r.code, r.params) for r in e.reasons]) for e in answer.excluded] == [
        ("z", [("missing_capability", {"capability": f"min_{need}_mbps"})])]
    assert said(answer.suggestions) == [
        ("drop_need", {"need_name": need, "plan": "z", "amount_fen": 3000, "currency": "CNY", "only_if": False})]


def test_a_trip_of_one_month_of_a_history_alone_may_be_dropped() -> None:
    """Two months of 5 GB, the first with 1 GB used roaming (its own trip; no roaming need every month); s1 (¥50)
    roams nowhere: nothing fits.  Dropping the roaming need drops the month's own trip, and s1 fits at ¥50.00: the
    change is to the months alone (kills suggestions_for's line 78 ``relaxed.months != profile.months`` read as
    ``==``, which offered nothing)."""
    answer = recommend(plan_file(a_plan("s1", 100)), Profile.model_validate(
        {"months": [{"data_gb": 5, "roaming": {"data_gb": 1}}, {"data_gb": 5}]}))
    assert [(e.plan_id, [(r.code, r.params) for r in e.reasons]) for e in answer.excluded] == [
        ("s1", [("allowance", {"meter": "roaming_data_mb", "have": 0, "need": 1024})])]
    assert said(answer.suggestions) == [
        ("drop_need", {"need_name": "roaming", "plan": "s1", "amount_fen": 5000, "currency": "CNY", "only_if": False})]
