"""OpenAPI at /api/openapi.json; Swagger UI at /api/docs with its assets served locally."""

import re

from flask.testing import FlaskClient


def test_openapi_document(client: FlaskClient) -> None:
    spec = client.get("/api/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    assert {"/api/v1/recommendations", "/api/v1/plans", "/api/v1/plans/{plan_id}", "/api/v1/packs",
            "/api/v1/packs/{pack_id}", "/api/v1/operators", "/healthz", "/readyz",
            "/api/v1/admin/reload"} <= set(spec["paths"])
    post = spec["paths"]["/api/v1/recommendations"]["post"]
    assert {p["name"] for p in post["parameters"] if p["in"] == "query"} == {"top_k", "per_operator", "engine",
                                                                                   "detail"}
    assert {"200", "400", "413", "415", "422"} <= set(post["responses"])
    profile = spec["components"]["schemas"]["Profile"]
    assert profile["additionalProperties"] is False
    assert profile["properties"]["voice_minutes"]["type"] == "integer"
    assert spec["components"]["schemas"]["Needs"]["properties"]["satellite"]["type"] == "boolean"
    assert "oneOf" in spec["components"]["schemas"]["Current"]
    schemas = spec["components"]["schemas"]
    assert "months" not in schemas["Recommendation"]["required"]  # left out for one-month profiles
    assert set(schemas["BestPerOperator"]["required"]) == {"operator", "plan_id", "rank"}


def test_swagger_ui_uses_only_local_assets(client: FlaskClient) -> None:
    page = client.get("/api/docs")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    urls = re.findall(r'(?:src|href)="([^"]+)"', html) + re.findall(r'url: "([^"]+)"', html)
    assert urls
    for url in urls:
        assert url.startswith("/") and not url.startswith("//"), url
        assert client.get(url).status_code == 200, url
    assert "://" not in html
    assert client.get("/api/docs/static/swagger-ui-bundle.js").status_code == 200
