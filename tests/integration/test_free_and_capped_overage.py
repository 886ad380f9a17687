"""A rate of ¥0 beyond the allowance, and a flat rate with a monthly cap, as every adapter words them.

Found by the tariff-structure and bars reviews, left alone then: a plan file's ``voice_per_minute: 0`` (or
``sms_each``, or ``data_per_gb`` with no throttling) billed "voice beyond the allowance: 50 min slowed to  kbps, no
charge", a throttled line with no speed on a meter that is never slowed; and a flat ``data_per_gb`` with a ``cap`` read
"from ¥5.00/GB", the tiered wording, where there is one rate."""

import json
from typing import Any

import pytest

from recommender.answer import recommend
from recommender.catalogue import Catalogue, load_sources
from recommender.profile import Profile
from recommender.web.present import Page

SOURCE = "assumption: test"


def fig(value: object) -> dict[str, object]:
    return {"value": value, "source": SOURCE}


def plan_with(overage: dict[str, object]) -> Catalogue:
    """¥10 for 10 GB, 100 min and 100 texts, over them as ``overage`` says."""
    plan = {"id": "op-a-p0", "name": "p0", "name_en": "p0", "monthly_fee": fig(10), "data_gb": fig(10),
            "voice_minutes": fig(100), "sms": fig(100), "downlink_mbps": fig(1000), "uplink_mbps": fig(100),
            "overage": {"voice_per_minute": fig("0.1"), "sms_each": fig("0.1"), **overage}}
    doc = {"operator": {"id": "op-a", "name": "op-a", "name_en": "op-a"}, "currency": "CNY", "plans": [plan],
           "packs": []}
    return load_sources([("op-a.yaml", json.dumps(doc).encode())])


USE = Profile.model_validate({"data_gb": 15, "voice_minutes": 150, "sms": 120})
"""5 GB, 50 min and 20 texts over the allowances."""


def answer(catalogue: Catalogue, lang: str) -> tuple[dict[str, Any], dict[str, Any]]:
    (rec, *_) = recommend(catalogue, USE).document(catalogue, lang)["recommendations"]
    return rec, Page(catalogue, lang).card(rec, USE)


def lines_of(rec: dict[str, Any], meter: str) -> list[tuple[str, str, str]]:
    return [(str(line["kind"]), str(line["item"]), str(line["yuan"])) for line in rec["breakdown"]
            if line["ref"] == meter]


FREE_CALLS: dict[str, object] = {"data_per_gb": fig(3), "voice_per_minute": fig(0), "sms_each": fig(0)}


@pytest.mark.parametrize(("lang", "voice", "sms"), [
    ("en", "voice overage: 50 min at ¥0.00/min", "SMS overage: 20 texts at ¥0.00/text"),
    ("zh", "套餐外通话：50 分钟，¥0.00/分钟", "套餐外短信：20 条，¥0.00/条")])
def test_calls_and_texts_at_no_charge_are_billed_at_their_rate_not_slowed(lang: str, voice: str, sms: str) -> None:
    """¥10 + 5 GB × ¥3 = ¥25.00; the 50 minutes and 20 texts over cost ¥0 at the plan's rate of ¥0 (hand-checked)."""
    rec, card = answer(plan_with(FREE_CALLS), lang)
    assert rec["total_yuan"] == "¥25.00"
    assert lines_of(rec, "voice_s") == [("overage", voice, "¥0.00")]
    assert lines_of(rec, "sms") == [("overage", sms, "¥0.00")]
    assert not [line for line in card["lines"] if line["kind"] == "throttled"]
    assert not any("kbps" in line["label"] for line in card["lines"])


def test_the_form_says_calls_over_the_allowance_cost_nothing() -> None:
    """The calls bar is not met, and its note says the rest costs nothing (not "charged per use")."""
    _, card = answer(plan_with(FREE_CALLS), "en")
    calls = [line["label"] for line in card["lines"] if line["kind"] == "overage" and "Calls" in line["label"]]
    assert calls == ["Calls beyond the allowance: 50 min at ¥0.00 per minute"]
    assert "bar.no_charge" in card["over_notes"] and "bar.throttled" not in card["over_notes"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_data_at_a_rate_of_nothing_is_not_slowed(lang: str) -> None:
    """``data_per_gb: 0`` and no throttling: 5 GB over at ¥0, full speed; ¥10 + 50 × ¥0.10 + 20 × ¥0.10 = ¥17.00."""
    rec, card = answer(plan_with({"data_per_gb": fig(0)}), lang)
    assert rec["total_yuan"] == "¥17.00"
    [(kind, _, yuan)] = lines_of(rec, "data_mb")
    assert (kind, yuan) == ("overage", "¥0.00")
    assert "bar.free" in card["over_notes"] and "bar.throttled" not in card["over_notes"]
    assert not any("kbps" in line["label"] for line in card["lines"])


@pytest.mark.parametrize(("lang", "item"), [
    ("en", "data overage: 5 GB at ¥5.00/GB, capped at ¥20.00 a month"),
    ("zh", "套餐外流量：5 GB，¥5.00/GB，每月封顶¥20.00")])
def test_a_flat_rate_with_a_cap_is_not_said_to_start_from_its_rate(lang: str, item: str) -> None:
    """5 GB × ¥5 = ¥25, capped at ¥20: ¥10 + ¥20 + ¥5 + ¥2 = ¥37.00 (hand-checked)."""
    rec, card = answer(plan_with({"data_per_gb": fig(5), "cap": fig(20)}), lang)
    assert rec["total_yuan"] == "¥37.00"
    assert lines_of(rec, "data_mb") == [("overage", item, "¥20.00")]
    [line] = [line for line in rec["breakdown"] if line["ref"] == "data_mb"]
    assert line["label"]["code"] == "line.overage.tiered"  # (the code stays: tiers or a cap, docs/api.md)


@pytest.mark.parametrize(("lang", "item"), [
    ("en", "data overage: 5 GB from ¥3.00/GB, capped at ¥20.00 a month"),
    ("zh", "套餐外流量：5 GB，¥3.00/GB起，每月封顶¥20.00")])
def test_tiers_with_a_cap_still_start_from_the_first_rate(lang: str, item: str) -> None:
    """¥3 a GB to 2 GB, then ¥5: 2 × ¥3 + 3 × ¥5 = ¥21, capped at ¥20 (hand-checked)."""
    rec, _ = answer(plan_with({"data": [{"up_to_gb": fig(2), "per_gb": fig(3)}, {"per_gb": fig(5)}],
                               "cap": fig(20)}), lang)
    assert lines_of(rec, "data_mb") == [("overage", item, "¥20.00")]
