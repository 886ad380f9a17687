"""The population's operators: the assumed shares, an operator a product team adds given its own
(``population.shares``), and what a catalogue's operator without a share is told (``population.undrawn``)."""

import collections
from pathlib import Path

import numpy as np
import pytest

from recommender.batch import population as pop
from recommender.catalogue import DEFAULT_PLANS, load_catalogue

BROADNET = """\
operator: {id: china-broadnet, name: 中国广电, name_en: China Broadnet, country: CN}
currency: CNY
plans:
  - id: cbn-5g-58
    name: 广电5G畅享套餐 58元
    name_en: Broadnet 5G Enjoy 58
    monthly_fee: {value: 58, source: "assumption: test"}
    data_gb: {value: 30, source: "assumption: test"}
    voice_minutes: {value: 300, source: "assumption: test"}
    sms: {value: 0, source: "assumption: test"}
    downlink_mbps: {value: 1000, source: "assumption: test"}
    uplink_mbps: {value: 100, source: "assumption: test"}
    overage:
      data_per_gb: {value: 3, source: "assumption: test"}
      voice_per_minute: {value: 0.15, source: "assumption: test"}
      sms_each: {value: 0.1, source: "assumption: test"}
"""


def with_broadnet(tmp_path: Path) -> Path:
    """The shipped plans with a fourth mainland operator's plan file beside them."""
    folder = tmp_path / "plans"
    folder.mkdir()
    for file in DEFAULT_PLANS.glob("*.yaml"):
        (folder / file.name).write_text(file.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "china-broadnet.yaml").write_text(BROADNET, encoding="utf-8")
    return folder


def test_the_assumed_shares_are_drawn_as_they_are_and_an_operator_given_one_takes_it_from_them() -> None:
    """None given: 56, 24 and 20 % exactly (a seed writes the population it always wrote).  China Broadnet given 2 %:
    the three share the other 98 % in their proportions (54.88, 23.52, 19.6 %).  One of the three given its own: the
    other two share the rest as 24 : 20.  Given all: theirs, if they add up to 1."""
    assert pop.shares() == (("china-mobile", 0.56), ("china-telecom", 0.24), ("china-unicom", 0.20))
    drawn = dict(pop.shares({"china-broadnet": 0.02}))
    assert list(drawn) == ["china-mobile", "china-telecom", "china-unicom", "china-broadnet"]
    assert drawn == pytest.approx({"china-mobile": 0.5488, "china-telecom": 0.2352, "china-unicom": 0.196,
                                   "china-broadnet": 0.02})
    assert dict(pop.shares({"china-mobile": 0.56 + 0.44 / 2})) == pytest.approx(
        {"china-telecom": 0.12, "china-unicom": 0.1, "china-mobile": 0.78})
    assert pop.shares({"china-broadnet": 1}) == (("china-broadnet", 1),)
    assert dict(pop.shares({"china-unicom": 0})) == pytest.approx({"china-mobile": 0.56 / 0.8,
                                                                     "china-telecom": 0.24 / 0.8})


@pytest.mark.parametrize("given", [{"china-broadnet": 0.7, "china-mobile": 0.6}, {"china-broadnet": -0.1},
                                   {"china-mobile": 0.5, "china-telecom": 0.2, "china-unicom": 0.2}])
def test_shares_over_1_under_0_or_not_adding_up_when_every_assumed_one_is_given_are_refused(
        given: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        pop.shares(given)


def test_an_operator_given_a_share_has_its_customers_on_its_own_plans(tmp_path: Path) -> None:
    """Found by the new-operator user test: China Broadnet's plans in the catalogue, none of its customers in the
    population (the what-if said it kept 0 of 0).  Given 30 %, about 30 % of 6,000 profiles are its customers, each on
    its plan; undrawn names it when it has no share, not when it has one, and never the plans in dollars."""
    catalogue = load_catalogue(with_broadnet(tmp_path))
    assert pop.undrawn(catalogue) == ["china-broadnet"]
    drawn = pop.shares({"china-broadnet": 0.3})
    assert pop.undrawn(catalogue, drawn) == [] and pop.missing_operators(catalogue, drawn) == []
    assert pop.missing_operators(load_catalogue(DEFAULT_PLANS), drawn) == ["china-broadnet"]
    batch = pop.chunk(pop.drawn_from(catalogue, drawn), 6000, np.random.default_rng(2), drawn)
    operators = batch.column("current_operator").to_pylist()
    counts = collections.Counter(operators)
    assert set(counts) == {"china-mobile", "china-telecom", "china-unicom", "china-broadnet"}
    assert abs(counts["china-broadnet"] - 1800) < 4 * (6000 * 0.3 * 0.7) ** 0.5
    plans = batch.column("current_plan").to_pylist()
    assert {plan for op, plan in zip(operators, plans, strict=True) if op == "china-broadnet"} == {"cbn-5g-58"}
    assert all(plan != "cbn-5g-58" for op, plan in zip(operators, plans, strict=True) if op != "china-broadnet")
