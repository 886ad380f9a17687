"""The access log and a kept TMF680 result's id: the id is the key to the characteristics the result holds."""

import json

import pytest
from flask import Flask

from recommender.app import create_app
from recommender.catalogue import DEFAULT_PLANS

BASE = {"TESTING": True, "RECOMMENDER_PLANS": str(DEFAULT_PLANS), "RECOMMENDER_WATCH_INTERVAL_S": 0}
QUERIES = "/tmf-api/recommendationManagement/v4/queryProductRecommendation"
RULE = f"{QUERIES}/<query_id>"


@pytest.fixture(scope="module")
def app() -> Flask:
    return create_app(BASE)


def test_no_method_or_trailing_slash_puts_a_kept_result_id_in_the_access_log(
        app: Flask, caplog: pytest.LogCaptureFixture) -> None:
    """Found by the SRE's user test (shb), against gunicorn: the access log wrote a kept result's path as its route
    only when the route matched, so ``DELETE .../queryProductRecommendation/<id>`` (a 405; PUT, PATCH and POST alike)
    and ``GET .../<id>/`` (a 404) logged the id whole, the key to the usage, age, region and lines' names it holds.
    Any path under the results' folder is logged as the route, whatever the method, what follows the id, its
    letter case or repeated slashes; the folder itself and other paths as sent."""
    client = app.test_client()
    created = client.post(QUERIES, json={"productCharacteristic": [{"name": "dataGB", "value": 45}]})
    key = created.get_json()["id"]
    sent = [("DELETE", f"{QUERIES}/{key}", 405), ("PUT", f"{QUERIES}/{key}", 405),
            ("PATCH", f"{QUERIES}/{key}", 405), ("POST", f"{QUERIES}/{key}", 405),
            ("GET", f"{QUERIES}/{key}/", 404), ("HEAD", f"{QUERIES}/{key}/", 404),
            ("GET", f"{QUERIES}/{key}/more", 404), ("GET", f"{QUERIES.upper()}/{key}", 404),
            ("GET", f"{QUERIES}//{key}", None), ("GET", f"{QUERIES}/{key}", 200)]
    with caplog.at_level("INFO", logger="recommender.access"):
        for method, path, status in sent:
            answered = client.open(path, method=method)
            assert status is None or answered.status_code == status, (method, path, answered.status_code)
        client.get(QUERIES)
        client.get("/api/v1/plans/cm-5ga-199")
    records = [r for r in caplog.records if r.name == "recommender.access"]
    assert not any(key in r.getMessage() or key in json.dumps(vars(r), default=str) for r in caplog.records)
    assert [vars(r)["path"] for r in records] == [RULE] * len(sent) + [QUERIES, "/api/v1/plans/cm-5ga-199"]
