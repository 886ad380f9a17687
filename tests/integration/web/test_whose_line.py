"""Whose a household's bill line is, said once: the answer names the line as its fee line does ("extra line 1 (Mum):
…"), and the page, which says whose a line is its own way ("Line 1 · Mum: …"), does not say it twice.

Found in the households review (the CLI named the person on fee lines, "extra line 1 (Mum) monthly fee", but not on
overage and pack lines, "extra line 1: voice overage") and in checking its fix: the form put its own "Line 1 · Mum:"
before the answer's words for a tiered overage, "Line 1 · Mum: extra line 1: data overage: 5 GB, tiered from
¥3.00/GB"."""

import json

import pytest

from recommender.answer import recommend
from recommender.catalogue import Catalogue, load_sources
from recommender.profile import Profile
from recommender.web.present import Page

SOURCE = "assumption: test"


def fig(value: object) -> dict[str, object]:
    return {"value": value, "source": SOURCE}


def tiered() -> Catalogue:
    """¥10 for 10 GB, data over it in tiers (¥3 a GB to 2 GB, then ¥5), extra lines at ¥5 with 1 GB each of their
    own."""
    plan = {"id": "op-a-p0", "name": "p0", "name_en": "p0", "monthly_fee": fig(10), "data_gb": fig(10),
            "voice_minutes": fig(100), "sms": fig(100), "downlink_mbps": fig(1000), "uplink_mbps": fig(100),
            "overage": {"voice_per_minute": fig("0.1"), "sms_each": fig("0.1"),
                        "data": [{"up_to_gb": fig(2), "per_gb": fig(3)}, {"per_gb": fig(5)}]},
            "extra_lines": {"max": 2, "fee": fig(5), "source": SOURCE, "shared": ["voice"],
                            "per_line": {"data_gb": fig(1)}}}
    doc = {"operator": {"id": "op-a", "name": "op-a", "name_en": "op-a"}, "currency": "CNY", "plans": [plan],
           "packs": []}
    return load_sources([("op-a.yaml", json.dumps(doc).encode())])


@pytest.mark.parametrize(("lang", "answer", "page"), [
    ("en", "extra line 1 (Mum): data overage: 5 GB, tiered from ¥3.00/GB", "Line 1 · Mum: data overage: 5 GB, tiered "
     "from ¥3.00/GB"),
    ("zh", "成员1（Mum）的套餐外流量：5 GB，阶梯计费，¥3.00/GB起",
     "成员1 · Mum的套餐外流量：5 GB，阶梯计费，¥3.00/GB起")])
def test_an_extra_lines_overage_is_named_once(lang: str, answer: str, page: str) -> None:
    """Mum uses 6 GB on her 1 GB: 5 GB over, ¥3 × 2 + ¥5 × 3 = ¥21.00 (hand-checked)."""
    catalogue = tiered()
    profile = Profile.model_validate({"lines": [{"name": "Dad", "data_gb": 5}, {"name": "Mum", "data_gb": 6}]})
    (rec, *_) = recommend(catalogue, profile).document(catalogue, lang)["recommendations"]
    [overage] = [line for line in rec["breakdown"] if line["kind"] == "overage"]
    assert (overage["item"], overage["yuan"], overage["owner"]) == (answer, "¥21.00", 1)
    assert overage["label"]["params"]["line_name"] == "Mum"
    card = Page(catalogue, lang).card(rec, profile)
    assert [line["label"] for line in card["lines"] if line["kind"] == "overage"] == [page]


def test_an_unnamed_line_is_said_by_its_number_alone() -> None:
    catalogue = tiered()
    profile = Profile.model_validate({"lines": [{"data_gb": 5}, {"data_gb": 6}]})
    (rec, *_) = recommend(catalogue, profile).document(catalogue, "en")["recommendations"]
    [overage] = [line for line in rec["breakdown"] if line["kind"] == "overage"]
    assert overage["item"] == "extra line 1: data overage: 5 GB, tiered from ¥3.00/GB"
    assert "line_name" not in overage["label"]["params"]
