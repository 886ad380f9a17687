"""When nothing fits, the smallest changes that make something fit (``Answer.suggestions``,
recommender/answer/suggestions.py), on hand-built plans whose figures are worked out by hand: each test kills mutants
of suggestions.py that the rest of the suite let live (mutation testing)."""

import json

import pytest

from recommender.answer import recommend
from recommender.catalogue import DEFAULT_PLANS, Catalogue, Plan, Tariff, load_catalogue, load_sources
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
        ("lower_speed", {"direction": "uplink", "have": 50, "need": 80, "whose": [{"line": 0, "name": None}],
                         "plan": "fam", "amount_fen": 7000, "currency": "CNY", "only_if": False}),
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


def speeds(plan_id: str, fee_fen: int, downlink_mbps: int, uplink_mbps: int, operator: str = "op-a",
           benefits: tuple[str, ...] = ()) -> Plan:
    """A plan sold to anyone: ``fee_fen`` a month for 10 GB (¥5 a GB beyond), 100 minutes, at these speeds."""
    return Plan(plan_id, operator, plan_id, fee_fen, {"data_mb": Tariff(10 * 1024, 1024, 500),
                                                      "voice_s": Tariff(6000, 60, 10), "sms": Tariff(0, 1, 10)},
                downlink_mbps, uplink_mbps, rule=ANYONE, benefits=frozenset(benefits))


def test_needs_lowered_together_only_when_no_one_of_them_is_enough() -> None:
    """200 Mbps up and 2000 down needed; A (¥30) gives 100 up and 1000 down, B (¥60) 150 up and 3000 down.  The
    uplink lowered to 150 makes B fit (¥60.00): enough, so both lowered at once is not said; the downlink lowered to
    1000 alone leaves 200 up unmet (kills suggestions_for's line 97 ``not any(helped)`` read as ``not all``, which
    also said ``lower_needs``)."""
    catalogue = Catalogue((speeds("A", 3000, 1000, 100), speeds("B", 6000, 3000, 150)), (), "hand")
    answer = recommend(catalogue, Profile.model_validate(
        {"data_gb": 5, "needs": {"min_uplink_mbps": 200, "min_downlink_mbps": 2000}}))
    assert said(answer.suggestions) == [
        ("lower_speed", {"direction": "uplink", "have": 150, "need": 200, "plan": "B", "amount_fen": 6000,
                         "currency": "CNY", "only_if": False}),
        ("drop_need", {"need_name": "uplink", "plan": "B", "amount_fen": 6000, "currency": "CNY", "only_if": False})]


def test_benefits_dropped_together_only_when_no_one_of_them_is_enough() -> None:
    """Netflix and a cloud drive required; p1 (¥60) brings Netflix, p2 (¥30) neither.  Dropping the cloud drive
    makes p1 fit (¥60.00): enough, so the two dropped together (p2, ¥30.00) is not said (kills suggestions_for's
    line 100 ``not any(...)`` of the benefits dropped read as ``not all``, which also said ``drop_benefits``)."""
    catalogue = Catalogue((speeds("p1", 6000, 1000, 100, benefits=("netflix",)), speeds("p2", 3000, 1000, 100)),
                          (), "hand")
    answer = recommend(catalogue, Profile.model_validate(
        {"data_gb": 5, "benefits_required": ["netflix", "cloud-drive"]}))
    assert said(answer.suggestions) == [
        ("drop_benefit", {"benefit": "cloud-drive", "plan": "p1", "amount_fen": 6000, "currency": "CNY",
                          "only_if": False})]


def test_another_operator_is_suggested_only_within_the_budget() -> None:
    """150 Mbps up under a ¥50 budget, op-b asked for: b1 (op-b, ¥30) gives 100 up; a1 (op-a, ¥90) 200 up but over
    the budget.  Lowering or dropping the uplink makes b1 fit; allowing op-a does not (within the budget), so it is
    not said (kills suggestions_for's line 108 ``_cheapest_fit(...)[0]`` read as ``[1]``, the cheapest at any price,
    which suggested a1 at ¥90.00 under a ¥50 budget)."""
    catalogue = Catalogue((speeds("a1", 9000, 1000, 200), speeds("b1", 3000, 1000, 100, "op-b")), (), "hand")
    answer = recommend(catalogue, Profile.model_validate(
        {"data_gb": 5, "needs": {"min_uplink_mbps": 150}, "operators": ["op-b"], "budget_fen": 5000}))
    assert said(answer.suggestions) == [
        ("lower_speed", {"direction": "uplink", "have": 100, "need": 150, "plan": "b1", "amount_fen": 3000,
                         "currency": "CNY", "only_if": False}),
        ("drop_need", {"need_name": "uplink", "plan": "b1", "amount_fen": 3000, "currency": "CNY", "only_if": False})]


def test_satellite_texts_lowered_to_what_a_plan_gives() -> None:
    """20 satellite texts a month needed; sat (¥50) includes 10 and sells no more: lowered to 10 it fits, ¥50.00
    (one text is one unit of the ``satellite_sms`` meter: kills LOWERED_METERS' unit for texts read as 2, which said
    10 of 40 needed)."""
    sat = a_plan("sat", 100)
    sat["satellite"] = {"minutes": fig(10), "sms": fig(10)}
    answer = recommend(plan_file(sat), Profile.model_validate(
        {"data_gb": 5, "needs": {"satellite": True, "satellite_sms": 20}}))
    assert said(answer.suggestions) == [
        ("lower_need", {"meter": "satellite_sms", "have": 10, "need": 20, "plan": "sat", "amount_fen": 5000,
                        "currency": "CNY", "only_if": False}),
        ("drop_need", {"need_name": "satellite", "plan": "sat", "amount_fen": 5000, "currency": "CNY",
                       "only_if": False})]


def test_an_uplink_of_2_mbps_is_a_speed_to_lower_to() -> None:
    """5 Mbps up needed, slow (¥50) gives 2: lowered to 2 it fits, ¥50.00 (only a level of 1, "any", is not lowered
    to; kills ``_lowered``'s ``1 < level`` read as ``2 < level``, which offered only dropping the need)."""
    answer = recommend(plan_file(a_plan("slow", 2)), Profile.model_validate(
        {"data_gb": 5, "needs": {"min_uplink_mbps": 5}}))
    assert said(answer.suggestions) == [
        ("lower_speed", {"direction": "uplink", "have": 2, "need": 5, "plan": "slow", "amount_fen": 5000,
                         "currency": "CNY", "only_if": False}),
        ("drop_need", {"need_name": "uplink", "plan": "slow", "amount_fen": 5000, "currency": "CNY",
                       "only_if": False})]


def test_needs_lowered_together_leave_out_a_need_already_met() -> None:
    """100 up, 2000 down and 20 satellite texts needed; a (¥50) gives 100 up, 1000 down and 10 texts.  No one need
    lowered is enough, nor dropped; the downlink and the texts lowered together make a fit, ¥50.00, and the uplink,
    met, is no change to say (kills ``_lowered``'s ``level < required`` read as ``<=``, which listed "100 of 100 up"
    among the changes)."""
    plan = a_plan("a", 100)
    plan["satellite"] = {"minutes": fig(10), "sms": fig(10)}
    answer = recommend(plan_file(plan), Profile.model_validate({"data_gb": 5, "needs": {
        "min_uplink_mbps": 100, "min_downlink_mbps": 2000, "satellite": True, "satellite_sms": 20}}))
    assert said(answer.suggestions) == [("lower_needs", {
        "changes": [{"code": "lower_speed.change", "params": {"direction": "downlink", "have": 1000, "need": 2000}},
                    {"code": "lower_need.change", "params": {"meter": "satellite_sms", "have": 10, "need": 20}}],
        "plan": "a", "amount_fen": 5000, "currency": "CNY", "only_if": False})]


def test_one_satellite_text_is_an_amount_to_lower_to() -> None:
    """5 satellite texts needed, sat (¥50) includes 1: lowered to 1 it fits, ¥50.00 (kills ``_lowered``'s
    ``0 < most`` read as ``1 < most``, which offered only dropping the need)."""
    sat = a_plan("sat", 100)
    sat["satellite"] = {"minutes": fig(10), "sms": fig(1)}
    answer = recommend(plan_file(sat), Profile.model_validate(
        {"data_gb": 5, "needs": {"satellite": True, "satellite_sms": 5}}))
    assert said(answer.suggestions) == [
        ("lower_need", {"meter": "satellite_sms", "have": 1, "need": 5, "plan": "sat", "amount_fen": 5000,
                        "currency": "CNY", "only_if": False}),
        ("drop_need", {"need_name": "satellite", "plan": "sat", "amount_fen": 5000, "currency": "CNY",
                       "only_if": False})]


def test_amounts_lowered_together_leave_out_an_amount_already_met() -> None:
    """2000 down, 20 satellite minutes and 10 texts needed; a (¥50) gives 1000 down, 10 minutes (600 s) and 10
    texts.  The downlink and the minutes lowered together make a fit, ¥50.00; the texts, met, are no change to say
    (kills ``_lowered``'s ``most // unit < required`` read as ``<=``, which listed "10 of 10 texts")."""
    plan = a_plan("a", 100)
    plan["satellite"] = {"minutes": fig(10), "sms": fig(10)}
    answer = recommend(plan_file(plan), Profile.model_validate({"data_gb": 5, "needs": {
        "min_downlink_mbps": 2000, "satellite": True, "satellite_sms": 10, "satellite_minutes": 20}}))
    assert said(answer.suggestions) == [("lower_needs", {
        "changes": [{"code": "lower_speed.change", "params": {"direction": "downlink", "have": 1000, "need": 2000}},
                    {"code": "lower_need.change", "params": {"meter": "satellite_voice_s", "have": 600,
                                                             "need": 1200}}],
        "plan": "a", "amount_fen": 5000, "currency": "CNY", "only_if": False})]


def test_needs_lowered_together_are_lowered_to_the_most_a_plan_gives() -> None:
    """2000 down and 20 satellite minutes needed; a (¥50) gives 1000 down and 10 minutes, b (¥30) 1000 down and 5
    minutes.  No one need lowered is enough; lowered together to what some plan gives, 1000 down and 10 minutes, a
    fits at ¥50.00 (kills ``_lowered``'s line 158, the combined profile's minutes lowered to ``min(reached)``: 5,
    where b at ¥30.00 fits but the change said is 10 minutes)."""
    a, b = a_plan("a", 100), a_plan("b", 100)
    a["satellite"] = {"minutes": fig(10), "sms": fig(10)}
    b["satellite"], b["monthly_fee"] = {"minutes": fig(5), "sms": fig(10)}, fig(30)
    answer = recommend(plan_file(a, b), Profile.model_validate({"data_gb": 5, "needs": {
        "min_downlink_mbps": 2000, "satellite": True, "satellite_minutes": 20}}))
    assert said(answer.suggestions) == [("lower_needs", {
        "changes": [{"code": "lower_speed.change", "params": {"direction": "downlink", "have": 1000, "need": 2000}},
                    {"code": "lower_need.change", "params": {"meter": "satellite_voice_s", "have": 600,
                                                             "need": 1200}}],
        "plan": "a", "amount_fen": 5000, "currency": "CNY", "only_if": False})]


def test_at_most_three_sets_of_benefits_to_drop_are_said() -> None:
    """Netflix, a cloud drive, AI compute and memberships required; p1 (¥30) brings AI compute and memberships, p2
    (¥31) Netflix and memberships, p3 (¥32) Netflix and the cloud drive, p4 (¥33) the cloud drive and AI compute.
    No one benefit dropped is enough; four pairs are, and the first three in the order the benefits were given are
    said: Netflix and the cloud drive (p1), Netflix and memberships (p4), the cloud drive and AI compute (p2), not AI
    compute and memberships (p3) (kills ``_fewest_benefits_to_drop``'s ``most`` of 3 read as 4)."""
    tags = ["netflix", "cloud-drive", "ai-compute", "memberships"]
    plans = (speeds("p1", 3000, 1000, 100, benefits=("ai-compute", "memberships")),
             speeds("p2", 3100, 1000, 100, benefits=("netflix", "memberships")),
             speeds("p3", 3200, 1000, 100, benefits=("netflix", "cloud-drive")),
             speeds("p4", 3300, 1000, 100, benefits=("cloud-drive", "ai-compute")))
    answer = recommend(Catalogue(plans, (), "hand"), Profile.model_validate({"data_gb": 5, "benefits_required": tags}))
    assert said(answer.suggestions) == [
        ("drop_benefits", {"benefits": ["netflix", "cloud-drive"], "plan": "p1", "amount_fen": 3000,
                           "currency": "CNY", "only_if": False}),
        ("drop_benefits", {"benefits": ["netflix", "memberships"], "plan": "p4", "amount_fen": 3300,
                           "currency": "CNY", "only_if": False}),
        ("drop_benefits", {"benefits": ["cloud-drive", "ai-compute"], "plan": "p2", "amount_fen": 3100,
                           "currency": "CNY", "only_if": False})]


def test_a_plan_short_of_one_benefit_and_a_need_leaves_the_pair_to_drop() -> None:
    """Netflix and a cloud drive required, 100 Mbps up: p1 (¥30, 50 up) brings Netflix, p2 (¥60, 200 up) neither.
    Dropping the cloud drive leaves p1 too slow, dropping Netflix leaves both short; no need dropped is enough.  The
    fewest benefits to drop are the two (p1 lacking one is not a set of two or more): p2, ¥60.00 (kills
    ``_fewest_benefits_to_drop``'s ``len(tags) > 1`` read as ``>= 1``, which tried the cloud drive alone again and
    said nothing)."""
    plans = (speeds("p1", 3000, 1000, 50, benefits=("netflix",)), speeds("p2", 6000, 1000, 200))
    answer = recommend(Catalogue(plans, (), "hand"), Profile.model_validate(
        {"data_gb": 5, "needs": {"min_uplink_mbps": 100}, "benefits_required": ["netflix", "cloud-drive"]}))
    assert said(answer.suggestions) == [
        ("drop_benefits", {"benefits": ["netflix", "cloud-drive"], "plan": "p2", "amount_fen": 6000,
                           "currency": "CNY", "only_if": False})]


def test_a_households_lowered_speed_says_whose_need_it_lowers() -> None:
    """Found by the hand check: "lower the upload speed need to 400 Mbps (from 500 Mbps): then 5G-A plan 399 fits"
    was line B's need, the holder needing none; lowering the household's own to 400 left B's at 500 and nothing
    fitting.  The lines whose need is lowered are said (``whose``), the holder's with the household's own."""
    from recommender.catalogue import DEFAULT_PLANS, load_catalogue
    from recommender.messages import render

    catalogue = load_catalogue(DEFAULT_PLANS)
    lines = [{"name": "A", "data_gb": 100, "voice_minutes": 200},
             {"name": "B", "data_gb": 40, "voice_minutes": 100, "needs": {"min_uplink_mbps": 500}},
             {"data_gb": 10, "voice_minutes": 100, "needs": {"min_uplink_mbps": 500}}]
    operators = ["china-mobile", "china-telecom"]
    answer = recommend(catalogue, Profile.model_validate({"lines": lines, "operators": operators}))
    [lowered] = [m for m in answer.suggestions if m.code == "lower_speed"]
    assert lowered.params["whose"] == [{"line": 1, "name": "B"}, {"line": 2, "name": None}]
    assert render(lowered).startswith("lower the upload speed need of B and extra line 2 to 400 Mbps (from 500 Mbps)")
    assert render(lowered, "zh").startswith("把B 和成员2的")  # (a Latin name set apart from 和, as ``joined`` sets it)
    holder = recommend(catalogue, Profile.model_validate({"lines": lines[:1] + lines[2:], "operators": operators,
                                                          "needs": {"min_uplink_mbps": 500}}))
    [lowered] = [m for m in holder.suggestions if m.code == "lower_speed"]
    assert lowered.params["whose"] == [{"line": 0, "name": "A"}, {"line": 1, "name": None}]
    one = recommend(catalogue, Profile.model_validate({"data_gb": 100, "needs": {"min_uplink_mbps": 500},
                                                       "operators": operators}))
    assert all("whose" not in m.params for m in one.suggestions)


def test_leniency_is_suggested_where_only_a_pack_on_an_unknown_condition_would_fit() -> None:
    """Found by the benefits user test: strict, aged 25, region not given, assured speed required: only China
    Unicom's speed pack brings it, sold in Hebei alone, and the answer offered to drop the benefit but never to
    compare what she may not qualify for; a plan on such a condition was offered it.  The suggestions were read
    from the catalogue without the packs strictness leaves out: cu-5g-59 + 39.9 + 39 + 15 = ¥152.90 with them."""
    profile = Profile.model_validate({"data_gb": 40, "voice_minutes": 200, "about": {"age": 25},
                                      "eligibility": "strict", "benefits_required": ["assured-speed"]})
    answer = recommend(load_catalogue(DEFAULT_PLANS), profile, top_k=3)
    said = {s.code: s.params for s in answer.suggestions}
    assert answer.status == "infeasible" and "drop_benefit" in said, said
    assert (said["not_strict"]["plan"], said["not_strict"]["amount_fen"], said["not_strict"]["only_if"]) == (
        "cu-5g-59", 15290, True)


def test_a_speed_is_lowered_to_the_most_that_fits_with_the_other_needs() -> None:
    """500 Mbps up with broadband: fast (¥50) reaches 400 up with no broadband, home (¥50) 300 up with 1000 Mbps
    broadband.  Lowered to 400, nothing fits (fast has no broadband); lowered to 300, home fits at ¥50.00, said before
    dropping the need (found by the household user test: only "drop the upload speed need" was said, where 300 Mbps
    fits; kills ``_lowered`` offering only the most any plan reaches)."""
    home = a_plan("home", 300)
    home["broadband_mbps"] = fig(1000)
    answer = recommend(plan_file(a_plan("fast", 400), home), Profile.model_validate(
        {"data_gb": 5, "needs": {"min_uplink_mbps": 500, "broadband": True}}))
    assert said(answer.suggestions) == [
        ("lower_speed", {"direction": "uplink", "have": 300, "need": 500, "plan": "home", "amount_fen": 5000,
                         "currency": "CNY", "only_if": False}),
        ("drop_need", {"need_name": "uplink", "plan": "home", "amount_fen": 5000, "currency": "CNY",
                       "only_if": False})]


def test_a_speed_lowered_over_the_budget_is_said_at_the_least_raise() -> None:
    """500 Mbps up within ¥100: fast (¥300) reaches 400, slow (¥150) 300; neither fits the budget.  Lowered to 300,
    the budget raised to ¥150 is the least raise, said, not 400 at ¥300 (found in review: the first level over the
    budget was kept)."""
    fast, slow = a_plan("fast", 400), a_plan("slow", 300)
    fast["monthly_fee"], slow["monthly_fee"] = fig(300), fig(150)
    answer = recommend(plan_file(fast, slow), Profile.model_validate(
        {"data_gb": 5, "budget_fen": 10000, "needs": {"min_uplink_mbps": 500}}))
    lowered = [(m.code, m.params["have"], m.params["amount_fen"]) for m in answer.suggestions
               if m.code.startswith("lower_speed")]
    assert lowered == [("lower_speed_raise_budget", 300, 15000)]
