"""Eight people, each best bill worked out by hand from the plan files' figures (the source's where it gives
them: 000_6f60a3d91db855ba.txt, pages 三大运营商5G-A套餐一览, 冲锋5G-A, 中美运营商月套餐费用对比; the rest the
files' labelled assumptions) and compared with the answer to the fen.  Overage is per started GB (1024 MB),
per minute, per text.  A change of a figure these rest on changes the hand sum below it: redo it, do not
copy the new total."""

import pytest

from recommender.answer import recommend
from recommender.catalogue import DEFAULT_PLANS, load_catalogue
from recommender.catalogue.model import Catalogue
from recommender.profile import Profile

NOBODY: list[str] = []


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(DEFAULT_PLANS)


CASES = [
    # light user on Telecom's 59 stand-in (20 GB, 100 min): 59 + 2 started GB x 3 + 20 min x 0.15 + 10 x 0.10
    ("light user", {"data_gb": 21.4, "voice_minutes": 120, "sms": 10, "current": {"plan_id": "ct-5g-59"},
                    "about": {"age": 45, "region": "CN-GD", "customer_of": "china-telecom", "memberships": NOBODY}},
     "ct-5g-59", [], 5900 + 2 * 300 + 20 * 15 + 10 * 10),
    # heavy data: 智慧沃家共享版 188 (国内无限流量), 500 min: 188 + 100 min x 0.15 + 20 x 0.10
    ("heavy data", {"data_gb": 300, "voice_minutes": 600, "sms": 20,
                    "about": {"age": 33, "region": "CN-BJ", "memberships": NOBODY}},
     "cu-wojia-188", [], 18800 + 100 * 15 + 20 * 10),
    # streamer, 300 Mbps up: 188 + the 21.9 5G-A data pack (上行300Mbps) + 5 x 0.10
    ("streamer", {"data_gb": 100, "voice_minutes": 400, "sms": 5, "needs": {"min_uplink_mbps": 300},
                  "about": {"age": 35, "region": "CN-CQ", "customer_of": "china-unicom", "memberships": NOBODY}},
     "cu-wojia-188", [("cu-5ga-data-219", 1)], 18800 + 2190 + 5 * 10),
    # traveller, Hong Kong 3 GB + 60 min then Japan 4 GB + 60 min: 188 + 2 roaming packs (5 GB + 60 min each) x 60
    # + 300 domestic min x 0.15 + 30 x 0.10
    ("traveller", {"data_gb": 40, "voice_minutes": 800, "sms": 30,
                   "needs": {"roaming": [{"zone": "hk-mo-tw", "days": 3, "data_gb": 3, "voice_minutes": 60},
                                         {"zone": "asia", "days": 5, "data_gb": 4, "voice_minutes": 60}]},
                   "benefits": ["priority-service", "travel-lounge"], "current": {"plan_id": "cm-5ga-299"},
                   "about": {"age": 50, "region": "CN-SH", "memberships": ["gotone"]}},
     "cu-wojia-188", [("cu-roaming-5", 2)], 18800 + 2 * 6000 + 300 * 15 + 30 * 10),
    # retiree on Unicom's 59 stand-in (100 min): 59 + 200 min x 0.15 + 20 x 0.10
    ("retiree", {"data_gb": 3, "voice_minutes": 300, "sms": 20, "current": {"plan_id": "cu-5g-59"},
                 "about": {"age": 68, "region": "CN-SH", "customer_of": "china-unicom", "memberships": NOBODY}},
     "cu-5g-59", [], 5900 + 200 * 15 + 20 * 10),
    # student aged 20, 300 Mbps up: 5G-A算力卡 青春版 (16-30, 100 GB, 300 Mbps up) 199 + 5 x 0.10
    ("student", {"data_gb": 90, "voice_minutes": 150, "sms": 5, "needs": {"min_uplink_mbps": 300},
                 "budget_fen": 22000, "about": {"age": 20, "region": "CN-BJ", "memberships": NOBODY}},
     "cu-5ga-youth", [], 19900 + 5 * 10),
    # family of three with broadband: 188 + 2 add-on lines x 10, 550 min shared of 500: + 50 x 0.15
    ("family", {"lines": [{"data_gb": 60, "voice_minutes": 300}, {"data_gb": 30, "voice_minutes": 200},
                          {"data_gb": 15.5, "voice_minutes": 50}], "needs": {"broadband": True},
                "about": {"region": "CN-HE", "customer_of": "china-unicom", "memberships": NOBODY}},
     "cu-wojia-188", [], 18800 + 2 * 1000 + 50 * 15),
    # satellite 15 min + 5 texts: Telecom 5G-A 299 (20 min + 20 texts) + 20 x 0.10; the 199 tier has 10 min
    ("satellite", {"data_gb": 30, "voice_minutes": 400, "sms": 20,
                   "needs": {"satellite": True, "satellite_minutes": 15, "satellite_sms": 5},
                   "about": {"age": 42, "region": "CN-XZ", "memberships": NOBODY}},
     "ct-5ga-299", [], 29900 + 20 * 10),
]


@pytest.mark.parametrize("who,profile,plan,packs,total_fen", CASES, ids=[c[0] for c in CASES])
def test_the_best_bill_is_the_hand_sum(catalogue: Catalogue, who: str, profile: dict[str, object], plan: str,
                                      packs: list[tuple[str, int]], total_fen: int) -> None:
    best = recommend(catalogue, Profile.model_validate(profile), top_k=1).recommendations[0]
    assert (best.plan_id, [(p["id"], p["count"]) for p in best.packs], best.total_fen) == (plan, packs, total_fen)
