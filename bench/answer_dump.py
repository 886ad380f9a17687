"""Answer documents for ~2,000 varied random profiles, and API bodies for 400 more: to diff before and after a
change that must keep every answer byte-identical (a speed-up).

    python bench/answer_dump.py before.jsonl      # on the old tree
    python bench/answer_dump.py after.jsonl       # on the new tree, then: cmp before.jsonl after.jsonl

The profiles (fixed seed) are drawn over the shipped catalogue: one month (with app shares), histories (some
months with trips of their own), households of 2-4 lines (some with needs of their own), extreme usage; needs
(speeds and their days, satellite, broadband, trips by zone and days), budgets, worst_month, horizons, who the
person is (age, region, customer, memberships, groups), strict eligibility, current plans and bills, operator
filters, benefits wished, required and valued, throttling refused, USD answers and exchange rates.  Each is
answered with a random top_k and per_operator; the domain document in English (with the names the API uses),
every fifth in Chinese, every seventh with ``months``; errors (an unknown or unpriced current plan) as their
message.  The API bodies go through the Flask app (test client, rate limit off) with random query options.
Answers carry today's date (``as_of``): compare runs made on the same day.
"""

import json
import random
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import catalogues
from recommender.answer import recommend
from recommender.profile import Profile

PLANS = ["cm-5ga-199", "cm-5ga-299", "cm-5ga-399", "ct-5g-59", "ct-5ga-199", "ct-5ga-299", "cu-5g-59", "cu-5ga-youth",
         "cu-wojia-188", "cu-5ga-data-219", "tmo-go5g-next-first-responder", "vz-unlimited-ultimate"]
OPERATORS = ["china-mobile", "china-telecom", "china-unicom"]
BENEFITS = ["memberships", "cloud-drive", "low-latency-gaming", "ai-compute", "netflix", "family-sharing",
            "beidou-sms", "priority-service", "assured-uplink"]
APPS = ["video", "social", "music", "games", "cloud"]
ZONES = ["hk-mo-tw", "asia", "europe", "americas"]
TEXT_FIELDS = ("plan_id", "zone", "region", "customer_of", "name", "objective", "currency", "eligibility")


def _gb(r: random.Random) -> str:
    return str(round(r.lognormvariate(2.6, 0.9), 2))


def _trips(r: random.Random) -> list[dict[str, Any]]:
    return [{"data_gb": r.choice(["0", "0.5", "1", "3", "5"]), "voice_minutes": r.choice([0, 10, 60]),
             **({"zone": r.choice(ZONES)} if r.random() < .5 else {}),
             **({"days": r.randint(1, 7)} if r.random() < .5 else {})} for _ in range(r.choice([0, 0, 0, 1, 2]))]


def _needs(r: random.Random) -> dict[str, Any]:
    n: dict[str, Any] = {}
    for key, chance, values in (("min_uplink_mbps", .25, [100, 200, 300, 450]), ("min_downlink_mbps", .15,
                                [10, 1000, 3000]), ("uplink_days", .1, [1, 2, 3, 5]), ("satellite", .1, [True]),
                                ("satellite_minutes", .05, [5, 50]), ("satellite_sms", .05, [3, 30]),
                                ("broadband", .2, [True]), ("broadband_mbps", .05, [100, 500, 1000])):
        if r.random() < chance:
            n[key] = r.choice(values)
    trips = _trips(r)
    if trips:
        n["roaming"] = trips if len(trips) > 1 or r.random() < .5 else trips[0]
    elif r.random() < .1:
        n["roaming"] = {"data_gb": r.choice([1, 5]), "voice_minutes": r.choice([0, 60])}
    return n


def _share(r: random.Random, total: str) -> dict[str, str]:
    return {} if r.random() < .7 else {r.choice(APPS): str(round(float(total) * r.choice([.2, .5, .9]), 2))}


def profile_data(r: random.Random) -> dict[str, Any]:
    """One random profile as JSON data (numbers as strings where the profile reads decimals)."""
    kind = r.random()
    d: dict[str, Any] = {}
    if kind < .55:
        d["data_gb"] = _gb(r)
        d["voice_minutes"] = int(r.expovariate(1 / 100)) * r.choice([1, 1, 5])
        d["sms"] = r.randint(0, 40)
        d["app_share"] = _share(r, d["data_gb"])
    elif kind < .75:
        d["months"] = [{"data_gb": _gb(r), "voice_minutes": r.randint(0, 600), "sms": r.randint(0, 30),
                        **({"roaming": _trips(r)} if r.random() < .15 else {})} for _ in range(r.randint(2, 7))]
    elif kind < .9:
        d["lines"] = [{"data_gb": _gb(r), "voice_minutes": r.randint(0, 400), "sms": r.randint(0, 20),
                       **({"name": f"l{j}"} if r.random() < .5 else {}),
                       **({"needs": _needs(r)} if j and r.random() < .3 else {})} for j in range(r.randint(2, 4))]
    else:
        d["data_gb"] = str(r.choice([0, 1, 10, 20, 30, 40, 60, 100, 200, 500]))
        d["voice_minutes"] = r.choice([0, 500, 3000])
    d["needs"] = _needs(r)
    if r.random() < .2:
        d["budget_fen"] = r.choice([3000, 6000, 9900, 12000, 20000, 40000])
    if r.random() < .15:
        d["objective"] = "worst_month"
    if r.random() < .2:
        d["horizon_months"] = r.choice([1, 6, 12, 36])
    if r.random() < .25:
        about = {"age": r.choice([17, 25, 40, 70]), "region": r.choice(["CN-SH", "CN-CQ", "CN-BJ", "CN-HE", "US-NY"]),
                 "customer_of": r.choice(OPERATORS), "memberships": r.choice([["gotone"], []]),
                 "groups": r.choice([["first-responder"], ["student"], []])}
        d["about"] = {k: v for k, v in about.items() if r.random() < .5}
    if r.random() < .15:
        d["eligibility"] = "strict"
    if r.random() < .2:
        d["current"] = {"plan_id": r.choice(PLANS)} if r.random() < .6 else \
            {"monthly_bill_fen": r.choice([5900, 9900, 19900])}
    if r.random() < .1:
        d["operators"] = r.sample(OPERATORS, r.randint(1, 2))
    elif r.random() < .05:
        d["exclude_operators"] = [r.choice(OPERATORS)]
    if r.random() < .15:
        d["benefits"] = r.sample(BENEFITS, r.randint(1, 2))
    if r.random() < .08:
        d["benefits_required"] = r.sample(BENEFITS, r.randint(1, 2))
    if r.random() < .1:
        d["benefit_values"] = {r.choice(BENEFITS): r.choice(["5", "12.5", "30"])}
    if r.random() < .1:
        d["allow_throttling"] = False
    if r.random() < .05:
        d["currency"] = "USD"
    if r.random() < .08:
        d["exchange_rates"] = {"USD": "7.2"} if d.get("currency") != "USD" else {"CNY": "0.14"}
    return d


def as_json_numbers(x: Any, key: str = "") -> Any:
    """The profile as an API client sends it: decimal strings as JSON numbers."""
    if isinstance(x, dict):
        return {k: as_json_numbers(v, k) for k, v in x.items()}
    if isinstance(x, list):
        return [as_json_numbers(v, key) for v in x]
    if isinstance(x, str) and key not in TEXT_FIELDS:
        try:
            return float(x)
        except ValueError:
            return x
    return x


def main(out: Path, n: int = 2000, api_n: int = 400) -> int:
    catalogue = catalogues.shipped()
    r = random.Random(20261203)
    count = 0
    with out.open("w", encoding="utf-8") as f:
        for i in range(n):
            data = profile_data(r)
            top = r.choice([1, 3, 5, 10, 10, 20])
            doc: dict[str, Any]
            try:
                answer = recommend(catalogue, Profile.model_validate(data), top_k=top,
                                   per_operator=r.choice([None, None, None, 1, 2]))
                doc = {"en": answer.document(catalogue), "zh": answer.to_dict("zh") if i % 5 == 0 else None,
                       "months": answer.to_dict(detail=("months",)) if i % 7 == 0 else None}
            except Exception as exc:  # an unknown or unpriced current plan, an invalid draw: its message
                doc = {"error": f"{type(exc).__name__}: {exc}"}
            f.write(json.dumps({"i": i, "profile": data, "top": top, "doc": doc}, ensure_ascii=False,
                               default=str) + "\n")
            count += 1
        from recommender.app import create_app

        client = create_app({"RECOMMENDER_RATE_LIMIT": "off"}).test_client()
        for i in range(api_n):
            data = profile_data(r)
            query = r.choice(["", "?top_k=3", "?top_k=10", "?detail=months", "?per_operator=1"])
            response = client.post("/api/v1/recommendations" + query, json=as_json_numbers(data))
            f.write(json.dumps({"api": i, "q": query, "status": response.status_code}) + "\n")
            f.write(response.get_data(as_text=True).rstrip("\n") + "\n")
            count += 1
    return count


if __name__ == "__main__":
    print(main(Path(sys.argv[1])), "documents")
