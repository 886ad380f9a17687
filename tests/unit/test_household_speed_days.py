"""Found by the differential QA: a household whose lines need different speeds for different days.

Line 0 needs 250 Mbps up all month, line 1 300 Mbps up for 2 days, on a 100 Mbps plan that sells a monthly
250 Mbps pack (¥1) and a 300 Mbps day pass (¥1 a day).  Every line's need is met by the monthly pack and two
day passes (¥10 + ¥5 extra line + ¥1 + ¥2 = ¥18.00), as ``tests/brute_force.py`` (written from the docs) finds;
the engines summarised the needs as the highest speed for the longest days (``Wants.levels`` / ``days_on``:
300 Mbps for 30 days) and answered 30 day passes, ¥45.00.  Each line's need is now met for its own days
(``Wants.unserved``: the cost model's check, CP-SAT's constraints; the tables leave such a household to CP-SAT)."""

import json

import pytest

from recommender.answer import recommend
from recommender.catalogue import load_sources
from recommender.profile import Profile
from tests import brute_force

FIG = {"source": "assumption: test"}


def fig(value: object) -> dict[str, object]:
    return {"value": value, **FIG}


DOC = {"operator": {"id": "op-a", "name": "op-a", "name_en": "op-a"}, "currency": "CNY",
       "plans": [{"id": "op-a-p0", "name": "p0", "name_en": "p0", "monthly_fee": fig(10), "data_gb": fig(100),
                  "voice_minutes": fig(1000), "sms": fig(100), "downlink_mbps": fig(1000), "uplink_mbps": fig(100),
                  "overage": {"data_per_gb": fig(3), "voice_per_minute": fig("0.1"), "sms_each": fig("0.1")},
                  "extra_lines": {"max": 1, "fee": fig(5), "source": FIG["source"],
                                  "shared": ["data", "voice", "sms"]}}],
       "packs": [{"id": "op-a-up250", "name": "up250", "name_en": "up250", "kind": "speed", "price": fig(1),
                  "uplink_mbps": fig(250)},
                 {"id": "op-a-up300-day", "name": "up300 day", "name_en": "up300 day", "kind": "speed",
                  "billing": "per_day", "price": fig(1), "uplink_mbps": fig(300)}]}
PROFILE = {"lines": [{"data_gb": 1, "needs": {"min_uplink_mbps": 250}},
                     {"data_gb": 1, "needs": {"min_uplink_mbps": 300, "uplink_days": 2}}]}


@pytest.mark.parametrize("engine", ["auto", "cp-sat", "enumerate"])
def test_each_lines_speed_need_is_met_for_its_own_days(engine: str) -> None:
    catalogue = load_sources([("op-a.yaml", json.dumps(DOC).encode())])
    profile = Profile.model_validate(PROFILE)
    assert brute_force.brute(catalogue, profile)["op-a-p0"][1] == 1800  # the month: ¥10 + ¥5 + ¥1 + 2 × ¥1
    best = recommend(catalogue, profile, engine=engine).recommendations[0]
    assert best.total_fen == 1800
    assert [(p["id"], p["count"]) for p in best.packs] == [("op-a-up250", 1), ("op-a-up300-day", 2)]
    [need] = best.needs
    assert (need["need"], need["required"], need["provided"], need["met"]) == ("min_uplink_mbps", 300, 300, True)
    # one line alone, or both lines needing 300 Mbps on 2 days: as before, one pair
    alone = Profile.model_validate({"data_gb": 1, "needs": {"min_uplink_mbps": 300, "uplink_days": 2}})
    assert recommend(catalogue, alone, engine=engine).recommendations[0].total_fen == 1000 + 200
    both = Profile.model_validate({"lines": [{"data_gb": 1, "needs": {"min_uplink_mbps": 300, "uplink_days": 2}},
                                             {"data_gb": 1, "needs": {"min_uplink_mbps": 250, "uplink_days": 1}}]})
    assert recommend(catalogue, both, engine=engine).recommendations[0].total_fen == 1500 + 200  # (covered by 300)
