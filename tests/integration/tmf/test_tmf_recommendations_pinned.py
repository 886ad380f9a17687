"""TMF680's resource (``recommender.tmf.recommendations``) pinned: what a query that cannot be kept for GET by id
answers, counts and says in the log, on a one-plan catalogue built here.  Each test names the mutants it kills
(mutation testing, helper scd)."""

import errno
import logging
import math
import os
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from flask import Flask
from prometheus_client import REGISTRY

from recommender.app import create_app
from recommender.tmf import recommendations
from recommender.tmf.results import MemoryResults
from recommender.tmf.tmf680 import CHARACTERISTICS
from tests.unit.catalogue.one_plan import one_plan_folder

from .conftest import TMF680

UNKEPT = "recommender_tmf680_results_unkept_total"


class FullResults(MemoryResults):
    """A results store whose every write fails as a full file system's does (ENOSPC)."""

    def put(self, key: str, document: dict[str, Any]) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.fixture
def full_app(tmp_path: Path) -> Flask:
    """An app on ``one_plan``'s single plan p1 (¥10.00 for 1 GB and 100 minutes) whose results cannot be written."""
    app = create_app({"TESTING": True, "RECOMMENDER_PLANS": str(one_plan_folder(tmp_path)),
                      "RECOMMENDER_WATCH_INTERVAL_S": 0})
    app.extensions["recommender.tmf680"] = FullResults(10_000)
    return app


def _clock(monkeypatch: pytest.MonkeyPatch, readings: list[float]) -> None:
    """``_keep`` reads these monotonic times in turn, and has warned never before."""
    times: Iterator[float] = iter(readings)
    monkeypatch.setattr(recommendations, "time", SimpleNamespace(monotonic=lambda: next(times)))
    monkeypatch.setattr(recommendations, "_warned_at", -math.inf)


def test_a_result_that_cannot_be_kept_is_answered_counted_and_said_at_most_every_ten_seconds(
        full_app: Flask, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    """Four queries whose results cannot be written, at 1000 s, 1009.5 s, 1010 s and 1019.5 s of the monotonic
    clock: each is answered (201, the document and its Location; ¥10.00 for p1, 1 GB and 100 minutes within its
    allowance), counted (4 more unkept), and its GET by id is a 404.  The log says it at 1000 s (never said before),
    not at 1009.5 s (9.5 s < 10 s after 1000), at 1010 s (exactly 10 s after 1000: ``>=``) and not at 1019.5 s
    (9.5 s after 1010, the last said, not after 1009.5): said after the first and third queries.

    Kills recommendations.py _keep line 49 'global _warned_at' deleted (mutant 20: the query a 500), line 53/54 the
    count not made (22, 23), line 55 the clock not read (24), line 56 the condition forced True (25: said after
    each) or False (26), deleted (27), '>=' as '>' (28: said after the first and fourth), '-' as '+' or '&' (29,
    30), line 57 '_warned_at = now' deleted (31: said after each) and line 58 the warning deleted (32).  Before,
    only tests/e2e reached it."""
    _clock(monkeypatch, [1000.0, 1009.5, 1010.0, 1019.5])
    client = full_app.test_client()
    counted = REGISTRY.get_sample_value(UNKEPT) or 0.0
    said: list[int] = []  # warnings said so far, after each query
    with caplog.at_level(logging.WARNING, logger=recommendations.__name__):
        for _ in range(4):
            made = client.post(TMF680, json={"productCharacteristic": [{"name": "dataGB", "value": 1},
                                                                      {"name": "voiceMinutes", "value": 100}]})
            assert made.status_code == 201, made.get_json()
            document = made.get_json()
            assert made.headers["Location"] == document["href"] == f"{TMF680}/{document['id']}"
            assert document["state"] == "done"
            first = document["recommendationItem"][0]
            assert first["productOffering"]["id"] == "p1"
            total = first["productPrice"][0]["price"]["taxIncludedAmount"]
            assert (total["unit"], round(total["value"] * 100)) == ("CNY", 1000)
            assert client.get(f"{TMF680}/{document['id']}").status_code == 404
            said.append(len([r for r in caplog.records if r.name == recommendations.__name__]))
    assert REGISTRY.get_sample_value(UNKEPT) == counted + 4
    assert said == [1, 1, 2, 2]
    assert [r.getMessage() for r in caplog.records if r.name == recommendations.__name__] == [
        "TMF680 result not kept for GET by id (OSError: [Errno 28] No space left on device): queries are answered, "
        "their GET is a 404"] * 2


def test_an_operator_the_served_catalogue_lacks_is_refused_in_the_body_at_its_characteristic(tmp_path: Path) -> None:
    """``operators`` ["op", "nope"] given second, on the one-plan catalogue of operator op: a 422 whose one error is
    in the body, at ``productCharacteristic[1].value[1]`` ("nope", the second operator of the second
    characteristic), saying the operators the catalogue has.

    Kills recommendations.py create_query line 125 the error's location 'body' changed (mutant 47)."""
    app = create_app({"TESTING": True, "RECOMMENDER_PLANS": str(one_plan_folder(tmp_path)),
                      "RECOMMENDER_WATCH_INTERVAL_S": 0})
    refused = app.test_client().post(TMF680, json={"productCharacteristic": [
        {"name": "sms", "value": 1}, {"name": "operators", "value": ["op", "nope"]}]})
    assert refused.status_code == 422
    assert refused.get_json() == {
        "code": 422, "status": "Unprocessable Entity", "message": "invalid productCharacteristic: see errors",
        "errors": [{"location": "body", "path": "productCharacteristic[1].value[1]",
                    "reason": "unknown operator 'nope' (this catalogue has: op)"}]}


def test_the_openapi_document_types_each_characteristic_by_its_name_and_links_a_result_to_its_get(
        full_app: Flask) -> None:
    """``ProductCharacteristic`` has one ``oneOf`` branch per characteristic, in ``tmf680.CHARACTERISTICS``' order,
    its name the one value of ``name`` and its value's schema (``dataGB`` first: a number from 0 to 1,000,000);
    38 of them.  The POST's 201 links to GET by id: the path escaped as a JSON pointer ("/" → "~1"), the id from
    the body's ``id``.

    Kills recommendations.py _document_characteristics lines 164-166 (the schema's name, its None check made
    'is None' or False, the branches deleted or any key changed: mutants 133, 135-145) and _document_result_link
    lines 173-179 (the paths' names, the early return taken: 148, 149, 151, 152, 158, 159, the pointer's parts and
    the link's keys: 161-176, 178, 179)."""
    spec = full_app.test_client().get("/api/openapi.json").get_json()
    branches = spec["components"]["schemas"]["ProductCharacteristic"]["oneOf"]
    assert len(branches) == len(CHARACTERISTICS) == 38
    assert branches[0] == {"properties": {"name": {"type": "string", "enum": ["dataGB"]},
                                          "value": {"type": "number", "minimum": 0, "maximum": 1000000}}}
    assert branches == [{"properties": {"name": {"type": "string", "enum": [name]}, "value": value}}
                        for name, (_path, _kind, value) in CHARACTERISTICS.items()]
    created = spec["paths"][TMF680]["post"]["responses"]["201"]
    assert created["links"] == {"GetQueryProductRecommendation": {
        "operationRef": "#/paths/~1tmf-api~1recommendationManagement~1v4~1queryProductRecommendation~1{query_id}/get",
        "parameters": {"query_id": "$response.body#/id"},
        "description": "the result, from any worker, while it is among the most recent results kept "
                       "(RECOMMENDER_TMF680_RESULT_BYTES of them in all)"}}


def test_an_id_not_kept_is_a_404_in_the_path_saying_how_much_is_kept(full_app: Flask) -> None:
    """GET of an id never kept (32 zeros), the store holding 10,000 bytes: a 404 whose one error is in the path, at
    ``query_id``, "unknown id", and whose message names the id and the bytes kept.

    Kills recommendations.py get_query line 154's message parts and line 156's location 'path' and reason
    'unknown id' changed (mutants 113-116, 118)."""
    missing = full_app.test_client().get(f"{TMF680}/{'0' * 32}")
    assert missing.status_code == 404
    assert missing.get_json() == {
        "code": 404, "status": "Not Found",
        "message": f"no queryProductRecommendation '{'0' * 32}' (the most recent results are kept, 10000 bytes "
                   "of them)",
        "errors": [{"location": "path", "path": "query_id", "reason": "unknown id"}]}
