"""Found by the households QA: a day pass giving two speeds, needed for different numbers of days.

A plan (150 Mbps up, 300 Mbps down) sells a day pass giving 250 Mbps up and 2000 Mbps down (¥29 a day, at most 6)
and a monthly 300 Mbps uplink pack (¥39).  Needing 250 Mbps up on 6 days and 2000 Mbps down on 1 day, the pass
once and the monthly pack meet both: ¥10 + ¥29 + ¥39 = ¥78.00, as ``tests/brute_force.py`` finds.  The lookup
tables (``auto``) cut the pass at the 6 days only (``tables._states``: a one-day need made no cut), so it was
bought on 6 days or none: ¥184.00."""

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
                  "voice_minutes": fig(1000), "sms": fig(100), "downlink_mbps": fig(300), "uplink_mbps": fig(150),
                  "overage": {"data_per_gb": fig(3), "voice_per_minute": fig("0.1"), "sms_each": fig("0.1")},
                  "extra_lines": {"max": 1, "fee": fig(5), "source": FIG["source"], "shared": ["data"]}}],
       "packs": [{"id": "op-a-both-day", "name": "both day", "name_en": "both day", "kind": "speed",
                  "price": fig(29), "billing": "per_day", "max_count": 6, "uplink_mbps": fig(250),
                  "downlink_mbps": fig(2000)},
                 {"id": "op-a-up300", "name": "up300", "name_en": "up300", "kind": "speed", "price": fig(39),
                  "uplink_mbps": fig(300)}]}
ONE_LINE = {"data_gb": 1, "needs": {"min_uplink_mbps": 250, "uplink_days": 6, "min_downlink_mbps": 2000,
                                    "downlink_days": 1}}
HOUSEHOLD = {"needs": {"min_downlink_mbps": 2000, "downlink_days": 1},
             "lines": [{"data_gb": 1}, {"data_gb": 1, "needs": {"min_uplink_mbps": 250, "uplink_days": 6}}]}


@pytest.mark.parametrize("engine", ["auto", "cp-sat", "enumerate"])
@pytest.mark.parametrize(("doc", "total"), [(ONE_LINE, 7800), (HOUSEHOLD, 8300)])
def test_a_day_pass_is_bought_once_for_a_one_day_need(engine: str, doc: dict[str, object], total: int) -> None:
    catalogue = load_sources([("op-a.yaml", json.dumps(DOC).encode())])
    profile = Profile.model_validate(doc)
    assert brute_force.brute(catalogue, profile)["op-a-p0"][1] == total
    best = recommend(catalogue, profile, engine=engine).recommendations[0]
    assert best.total_fen == total
    assert sorted((p["id"], p["count"]) for p in best.packs) == [("op-a-both-day", 1), ("op-a-up300", 1)]
