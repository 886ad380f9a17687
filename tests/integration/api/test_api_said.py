"""What the OpenAPI description and docs/api.md say of query parameters is what the service takes."""

import re

from flask import Flask
from flask.testing import FlaskClient

from recommender.api.schemas import RecommendOptionsSchema
from tests.paths import ROOT


def test_the_openapi_description_names_every_recommendation_option(client: FlaskClient) -> None:
    """Found by the user test: ``info.description`` listed the query options as "`top_k`, `per_operator`,
    `engine`", leaving out ``detail`` (``detail=months``, docs/api.md), which the operation takes."""
    description = client.get("/api/openapi.json").get_json()["info"]["description"]
    listed = re.search(r"query\s+parameters \(([^)]*)\)", description)
    assert listed is not None, description
    options = [name for name, field in RecommendOptionsSchema().fields.items() if not field.dump_only]
    assert re.findall(r"`(\w+)`(?:[,:]|$)", listed[1]) == options == ["top_k", "per_operator", "engine", "detail"]


def test_the_docs_name_the_endpoints_that_ignore_query_parameters(app: Flask, client: FlaskClient) -> None:
    """Found by the user test: docs/api.md said "422 for every invalid field (… unknown field or query
    parameter …)", but ``GET /healthz?foo=1``, ``/readyz``, ``/metrics`` and ``/api/openapi.json`` answer 200 (probes
    and scrapers add cache-busting parameters; their behaviour is kept): the docs now name the endpoints that take
    no query parameters and ignore any given, which are exactly the GET endpoints (the HTML form's aside) that do."""
    text = " ".join((ROOT / "docs" / "api.md").read_text(encoding="utf-8").split())
    said = re.search(r"query parameters are checked on `/api/v1` and the TMF endpoints, while the probes and the "
                     r"documentation, ([^;]*?), take none and ignore any given", text)
    assert said is not None
    ignoring = set(re.findall(r"`(/[^`]*)`", said[1]))
    answered = {rule.rule: client.get(f"{rule.rule}?foo=1").status_code for rule in app.url_map.iter_rules()
                if "GET" in (rule.methods or ()) and not rule.arguments and not rule.endpoint.startswith("web.")}
    assert ignoring == {path for path, status in answered.items() if status == 200} == {
        "/healthz", "/readyz", "/metrics", "/api/openapi.json", "/api/docs"}
    assert all(status == 422 for path, status in answered.items() if path not in ignoring), answered
