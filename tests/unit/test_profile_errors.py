"""A profile's field errors as codes (``profile.field_messages``): every error the profile raises itself has a code
of its own, worded alike in English by pydantic and by ``render``, and in Chinese."""

import re
from typing import Any

import pytest
from pydantic import ValidationError

from recommender.messages import catalogue, render
from recommender.profile import Profile, field_errors, field_messages

TRIP = {"zone": "asia", "days": 1, "data_gb": 1}
INVALID: dict[str, tuple[dict[str, Any], str]] = {
    "profile.rate_at_least": ({"exchange_rates": {"USD": "0.0000001"}}, "exchange_rates.USD"),
    "profile.household_trips": ({"needs": {"roaming": [TRIP] * 5}, "lines": [{"needs": {"roaming": [TRIP] * 5}}, {}]},
                                "lines[0].needs.roaming"),
    "profile.app_share_over": ({"data_gb": 1, "app_share": {"video": 2}}, "app_share"),
    "profile.app_share_over.line": ({"lines": [{"data_gb": 1, "app_share": {"video": 2}}, {}]}, "lines[0].app_share"),
    "profile.app_share_over.months": ({"months": [{"data_gb": 3}, {"data_gb": 1}], "app_share": {"video": 4}},
                                      "app_share"),
    "profile.current_one_of": ({"current": {}}, "current"),
    # (found by reading what the profile accepts: a 5-day upload need with its speed left out was no need at all)
    "profile.days_without_speed": ({"needs": {"uplink_days": 5}}, "needs.uplink_days"),
    "profile.records_span": ({"records": [{"kind": "sms", "date": "2020-01-01"},
                                          {"kind": "sms", "date": "2026-01-01"}]}, "records"),
    # (found by the integrator test: a call given mb, or no figure, counted nothing, silently; the CSV refused it)
    "profile.record_figure.call": ({"records": [{"kind": "sms", "date": "2025-03-01"},
                                                {"kind": "call", "date": "2025-03-01", "mb": 61}]},
                                   "records[1].duration_s"),
    "profile.record_figure.data": ({"records": [{"kind": "data", "date": "2025-03-01", "duration_s": 600},
                                                {"kind": "sms", "date": "2025-03-01"}]}, "records[0].mb"),
    "profile.top_and_line": ({"data_gb": 1, "lines": [{"data_gb": 2}]}, "lines"),
    "profile.month_trips": ({"needs": {"roaming": [TRIP] * 5}, "months": [{"roaming": [TRIP] * 5}]},
                            "months[0].roaming"),
    "profile.usage_one_way.lines": ({"data_gb": 1, "lines": [{}, {}]}, "lines"),
    "profile.usage_one_way": ({"data_gb": 1, "months": [{}]}, "months"),
    # (found by the product QA: `recommend --region cn-gd` and `--region 广东` said pydantic's "String should match
    # pattern '^[A-Z]{2}-[A-Z0-9]{1,3}$'", in English under --lang zh too)
    "profile.region_code": ({"about": {"region": "Paris"}}, "about.region"),  # (no region of China is named)
    "profile.region_code.near": ({"about": {"region": "cn-gd"}}, "about.region"),
    # (found by using the CLI as a Chinese-speaking product team: `--operator 中国移动` and `--membership 全球通`,
    # the names its table shows, said pydantic's "String should match pattern ..." in English under --lang zh)
    "profile.operator_id": ({"exclude_operators": ["中国移动"]}, "exclude_operators[0]"),
    "profile.tag_id": ({"about": {"memberships": ["全球通"]}}, "about.memberships[0]"),
    "profile.operator_id.near": ({"exclude_operators": ["China-Mobile"]}, "exclude_operators[0]"),
    "profile.tag_id.near": ({"about": {"memberships": ["GoTone"]}}, "about.memberships[0]"),
    "profile.currency_code": ({"currency": "人民币"}, "currency"),
    "profile.currency_code.near": ({"exchange_rates": {"usd": "7.1"}}, "exchange_rates.usd"),
}


def _errors(data: dict[str, Any]) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        Profile.model_validate(data)
    return caught.value


@pytest.mark.parametrize("code", sorted(INVALID))
def test_each_error_of_the_profile_own_is_a_code_worded_in_both_languages(code: str) -> None:
    data, path = INVALID[code]
    exc = _errors(data)
    found = field_messages(exc)
    assert [(p, m.code) for p, m in found] == [(path, code)], found
    english = [e["msg"].removeprefix("Value error, ") for e in exc.errors()]
    assert [text for _, text in field_errors(exc)] == english  # (the API's words: pydantic's, as before)
    zh = render(found[0][1], "zh")
    assert zh != english[0] and re.search(r"[\u4e00-\u9fff]", zh), zh


def test_every_code_the_profile_raises_has_chinese_wording() -> None:
    own = {code for code in catalogue("en") if code.startswith("profile.")}
    assert set(INVALID) <= own and own <= set(catalogue("zh"))


def test_a_union_failing_alike_is_one_error_with_its_options_in_either_language() -> None:
    """``needs.roaming`` takes one trip or a list of them: a number is neither, one error joining both."""
    exc = _errors({"needs": {"roaming": 3}})
    [(path, reason)] = field_messages(exc)
    assert path == "needs.roaming" and reason.code == "problem.input" and len(reason.params["options"]) == 2
    assert render(reason).startswith("Input should be ") and " or " in render(reason)
    assert render(reason, "zh").startswith("应为") and "或" in render(reason, "zh")


@pytest.mark.parametrize("data", [{"benefits": [f"b{i}" for i in range(33)]}, {"months": [{}] * 25}])
def test_a_list_too_long_is_a_code_worded_in_both_languages(data: dict[str, Any]) -> None:
    """Found by the form QA: 33 benefits wished for (a served catalogue with more than 32, every box ticked) was
    pydantic's English on the Chinese page ("Tuple should have at most 32 items ...", ``problem.pydantic``); the
    English is said without pydantic's "Tuple" and "after validation" too (found by the fuzzing test of TMF680)."""
    exc = _errors(data)
    [(path, reason)] = field_messages(exc)
    most = 32 if "benefits" in data else 24
    assert reason.code == "problem.too_long" and render(reason) == f"at most {most} items, not {most + 1}"
    assert not re.search("[A-Za-z]", render(reason, "zh")), render(reason, "zh")


@pytest.mark.parametrize(("data", "path"), [
    ({"data_gb": 1, "Month": 1}, "Month"),
    ({"data_gb": 1, "needs": {"Needs": 1}}, "needs.Needs"),
    ({"data_gb": 1, "needs": {"roaming": {"RoamingNeed": 1}}}, "needs.roaming.RoamingNeed"),
    ({"data_gb": 1, "needs": {"roaming": [{"days": 1}, {"RoamingNeed": 1}]}}, "needs.roaming[1].RoamingNeed"),
    ({"months": [{"data_gb": 1, "Record": 1}]}, "months[0].Record"),
    ({"lines": [{"data_gb": 1, "LineUsage": 1}, {}]}, "lines[0].LineUsage"),
])
def test_an_unknown_key_spelt_as_one_of_the_profile_s_models_is_reported_at_that_key(data: dict[str, Any],
                                                                                   path: str) -> None:
    """A key the profile does not have is the person's, whatever its spelling: pydantic also names the member of a
    union it tried by its model (``RoamingNeed``), and a key spelt as one of the models was taken for that tag and
    dropped from the path (found by mutation testing of ``profile.field_locs``: ``recommend --profile`` said
    "(profile): Extra inputs are not permitted" for ``{"Month": 1}``, and ``needs`` for ``{"needs": {"Needs": 1}}``;
    the API's schemas refuse unknown keys before the profile sees them)."""
    assert field_errors(_errors(data)) == [(path, "Extra inputs are not permitted")]


@pytest.mark.parametrize(("data", "path", "code"), [
    ({"operators": ["中国移动"]}, "operators[0]", "profile.operator_id"),
    ({"about": {"customer_of": "china mobile"}}, "about.customer_of", "profile.operator_id"),
    ({"about": {"customer_of": "China-Mobile"}}, "about.customer_of", "profile.operator_id.near"),
    ({"about": {"groups": ["Student"]}}, "about.groups[0]", "profile.tag_id.near"),
    ({"benefits_required": ["video vip"]}, "benefits_required[0]", "profile.tag_id"),
    ({"benefit_values": {"视频会员": 15}}, "benefit_values.视频会员", "profile.tag_id"),
    ({"currency": "usd"}, "currency", "profile.currency_code.near"),
    ({"currency": "US$"}, "currency", "profile.currency_code"),
    # (a newline after an id or a code: Python's ``$`` would let it through, to pydantic's own English words)
    ({"operators": ["china-mobile\n"]}, "operators[0]", "profile.operator_id.near"),
    ({"benefits": ["cloud-drive\u200b"]}, "benefits[0]", "profile.tag_id.near"),  # (invisible: the fuzzing test)
    ({"benefits": ["Ｃｌｏｕｄ-drive"]}, "benefits[0]", "profile.tag_id.near"),
    ({"currency": "CNY\n"}, "currency", "profile.currency_code"),
    ({"about": {"region": "CN-BJ\n"}}, "about.region", "profile.region_code.near"),
])
def test_every_id_not_written_as_one_is_refused_by_its_code(data: dict[str, Any], path: str, code: str) -> None:
    assert [(p, m.code) for p, m in field_messages(_errors(data))] == [(path, code)]


@pytest.mark.parametrize(("written", "meant"), [
    ("ＣＮ-ＧＤ", "CN-GD"), ("CN－GD", "CN-GD"), ("CN-GD\u200b", "CN-GD"), ("Guangdong", "CN-GD"),
    ("guangdong sheng", "CN-GD"), ("Beijing Shi", "CN-BJ"), ("Inner Mongolia", "CN-NM"), ("Xizang", "CN-XZ"),
    ("广东省", "CN-GD"), ("北京", "CN-BJ")])
def test_a_region_written_otherwise_or_named_is_told_its_code(written: str, meant: str) -> None:
    """Found by the eligibility test: full-width letters, a zero-width space, or an English or pinyin name got only
    what a code looks like, where docs/api.md promises the code meant (as operators' ids had it)."""
    assert [(p, m.code, m.params) for p, m in field_messages(_errors({"about": {"region": written}}))] == [
        ("about.region", "profile.region_code.near", {"value": written, "near": meant})]


@pytest.mark.parametrize(("written", "meant"), [
    ("广州", "CN-GD"), ("深圳市", "CN-GD"), ("Guangzhou", "CN-GD"), ("Shenzhen City", "CN-GD"), ("Xi'an", "CN-SN"),
    ("Xi\u2019an", "CN-SN"),
    ("乌鲁木齐", "CN-XJ"), ("Lhasa", "CN-XZ"), ("福州", "CN-FJ"), ("大连", "CN-LN")])
def test_a_city_is_told_its_province_s_code(written: str, meant: str) -> None:
    """Found by the eligibility test: a grandson in Guangzhou who wrote his city was told only what a code looks like;
    the region is where the person lives, so his city's province is the code he means."""
    assert [(p, m.code, m.params) for p, m in field_messages(_errors({"about": {"region": written}}))] == [
        ("about.region", "profile.region_code.near", {"value": written, "near": meant})]


@pytest.mark.parametrize("written", ["Fuzhou", "Suzhou", "Paris", "广州塔"])
def test_a_city_whose_province_cannot_be_said_is_told_only_what_a_code_is(written: str) -> None:
    """Fuzhou is 福州 (Fujian) or 抚州 (Jiangxi), Suzhou 苏州 (Jiangsu) or 宿州 (Anhui): no code is said for them."""
    assert [(p, m.code) for p, m in field_messages(_errors({"about": {"region": written}}))] == [
        ("about.region", "profile.region_code")]


def test_ids_written_as_ids_are_read() -> None:
    profile = Profile.model_validate({"operators": ["china-mobile"], "benefit_values": {"video-vip": 15}, "about": {
        "memberships": ["gotone"], "customer_of": "c-1", "groups": ["student"]}})
    assert profile.operators == ("china-mobile",) and profile.about is not None
    assert profile.about.memberships == ("gotone",) and profile.about.customer_of == "c-1"


def test_a_code_in_the_wrong_case_is_told_the_code_it_means() -> None:
    found = field_messages(_errors({"operators": ["China-Mobile"], "currency": "usd"}))
    assert sorted((p, m.code, m.params) for p, m in found) == [
        ("currency", "profile.currency_code.near", {"value": "usd", "near": "USD"}),
        ("operators[0]", "profile.operator_id.near", {"value": "China-Mobile", "near": "china-mobile"})], found


@pytest.mark.parametrize(("needs", "path"), [
    ({"downlink_days": 3, "min_uplink_mbps": 50}, "needs.downlink_days"),
    ({"uplink_days": 3, "min_uplink_mbps": 0, "min_downlink_mbps": 300}, "needs.uplink_days")])
def test_days_of_a_speed_need_are_refused_without_that_speed(needs: dict[str, Any], path: str) -> None:
    """Each count of days is of its own speed: the other speed given does not carry them."""
    assert [(p, m.code) for p, m in field_messages(_errors({"needs": needs}))] == [(path, "profile.days_without_speed")]
    household = {"lines": [{"data_gb": 1}, {"data_gb": 2, "needs": needs}]}
    assert [(p, m.code) for p, m in field_messages(_errors(household))] == [
        (f"lines[1].{path}", "profile.days_without_speed")]


def test_days_with_their_speed_are_read_and_a_household_s_needs_merge() -> None:
    """Days given with their speed are the need; a line's merged with the household's keeps the days of the side
    that needs the speed (``Needs.merged``), which the rule does not refuse."""
    profile = Profile.model_validate({"needs": {"min_uplink_mbps": 50, "uplink_days": 4},
                                      "lines": [{"data_gb": 1, "needs": {"min_downlink_mbps": 300,
                                                                        "downlink_days": 2}}, {}]})
    assert (profile.needs.uplink_days, profile.needs.downlink_days) == (4, None)
    assert profile.lines is not None
    merged = profile.needs.merged(profile.lines[0].needs)
    assert (merged.min_uplink_mbps, merged.uplink_days, merged.min_downlink_mbps, merged.downlink_days) == (50, 4, 300,
                                                                                                           2)
