"""OpenAPI at /api/openapi.json; Swagger UI at /api/docs with its assets served locally."""

import re

from flask.testing import FlaskClient

from recommender.app import create_app
from recommender.catalogue import DEFAULT_PLANS


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


def test_every_documented_error_has_the_error_body(client: FlaskClient) -> None:
    """Found by QA: a 4xx/5xx documented with a description only (the 422s, 404s, 503s...) declared no body."""
    spec = client.get("/api/openapi.json").get_json()
    bodiless = [(method, path, code) for path, operations in spec["paths"].items() for method, operation in
                operations.items() if method != "parameters" for code, response in operation["responses"].items()
                if code[0] in "45" and "$ref" not in response
                and response.get("content", {}).get("application/json", {}).get("schema")
                != {"$ref": "#/components/schemas/Error"}]
    assert bodiless == []


def test_no_schema_admits_any_object_where_a_nested_one_is_expected(client: FlaskClient) -> None:
    """A nullable nested object is ``anyOf: [$ref, null]``: not apispec's bare ``{type: object,
    nullable: true}`` branch, under which ``lines[i].needs`` could hold anything (schemathesis sent
    ``needs.roaming`` as a string: a 422 for a request the document allowed)."""
    spec = client.get("/api/openapi.json").get_json()
    line_needs = spec["components"]["schemas"]["LineUsage"]["properties"]["needs"]
    null = {"type": "object", "nullable": True, "enum": [None]}
    assert line_needs["anyOf"] == [{"$ref": "#/components/schemas/Needs"}, null]
    bare = {"type": "object", "nullable": True}
    found = [(name, field) for name, schema in spec["components"]["schemas"].items()
             for field, prop in schema.get("properties", {}).items() if bare in prop.get("anyOf", [])]
    assert found == []


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


def test_a_conditional_get_declares_its_request_headers(client: FlaskClient) -> None:
    """Found in review: the catalogue reads answer ``If-None-Match`` (304) and ``If-Match`` (412), and the document
    listed the answers but not the headers, so a client generated from it could not send them.  Every operation
    that may answer 304 takes both, beside its own query parameters (the TMF lists' ``offset`` and ``limit``)."""
    spec = client.get("/api/openapi.json").get_json()
    conditional = {(method, path): {(p["in"], p["name"]) for p in operation.get("parameters", [])}
                   for path, operations in spec["paths"].items() for method, operation in operations.items()
                   if method != "parameters" and "304" in operation["responses"]}
    assert len(conditional) == 9
    for (_method, path), parameters in conditional.items():
        assert {("header", "If-None-Match"), ("header", "If-Match")} <= parameters, path
    assert {("query", "offset"), ("query", "limit")} <= conditional[
        ("get", "/tmf-api/productCatalogManagement/v4/productOffering")]
    assert not any(p["in"] == "header" for p in spec["paths"]["/readyz"]["get"].get("parameters", []))


CONDITIONAL_READS = ("/api/v1/plans", "/api/v1/plans/cm-5ga-199", "/api/v1/packs", "/api/v1/operators",
                     "/tmf-api/productCatalogManagement/v4/productOffering",
                     "/tmf-api/productCatalogManagement/v4/productOffering/cm-5ga-199",
                     "/tmf-api/productCatalogManagement/v4/productOfferingPrice")


def _operation(spec: dict, path: str, method: str = "get") -> dict:
    """The operation of ``spec`` whose path template matches ``path``."""
    for template, operations in spec["paths"].items():
        if re.fullmatch(re.sub(r"\\\{[^/]+\\\}", "[^/]+", re.escape(template)), path):
            return operations[method]
    raise AssertionError(path)


def test_a_304_declares_the_headers_it_is_sent_with(client: FlaskClient) -> None:
    """Found by the API QA's schemathesis run: a 304 carries the ETag (RFC 9110 15.4.5 requires it) and the
    catalogue version, and the document's 304 declared no header, nor that ``If-None-Match: *`` is a 304 too (the
    positive-data check saw a schema-valid ``*`` answered 304).  The ETag is declared required, so that
    schemathesis' header check holds the server to it."""
    spec = client.get("/api/openapi.json").get_json()
    for path in CONDITIONAL_READS:
        etag = client.get(path).headers["ETag"]
        for sent in (etag, "*"):
            response = client.get(path, headers={"If-None-Match": sent})
            assert response.status_code == 304, (path, sent)
            declared = _operation(spec, path)["responses"]["304"]
            headers = declared.get("headers", {})
            assert {"ETag", "X-Catalogue-Version"} <= set(headers) and headers["ETag"].get("required") is True, path
            assert response.headers["ETag"] == etag
            assert "*" in declared["description"]


def test_a_401_declares_its_www_authenticate(client: FlaskClient) -> None:
    """Found by the API QA's schemathesis run: the reload's 401 sends ``WWW-Authenticate: Bearer`` (RFC 9110 11.6.1
    requires it), and the document named it only in prose, not as a header."""
    spec = client.get("/api/openapi.json").get_json()
    response = client.post("/api/v1/admin/reload")
    assert response.status_code == 401 and response.headers["WWW-Authenticate"] == "Bearer"
    header = spec["paths"]["/api/v1/admin/reload"]["post"]["responses"]["401"].get("headers", {}).get(
        "WWW-Authenticate")
    assert header is not None and header.get("required") is True and header["schema"]["type"] == "string"


RETRYING = (("post", "/api/v1/recommendations"), ("post", "/api/v1/recommendations/usage"),
            ("post", "/tmf-api/recommendationManagement/v4/queryProductRecommendation"),
            ("post", "/api/v1/admin/reload"))


def test_a_rate_limited_answer_is_documented() -> None:
    """Found by the API QA (schemathesis 4 run, then each operation's headers against its document): the service
    limits every client by default (600 a minute) and answers 429 with ``Retry-After``, and no operation declared
    the 429 nor its header (only the document's prose named it).  Every operation but the probes (never limited)
    declares it now, with the error body and ``Retry-After`` required."""
    app = create_app({"TESTING": True, "RECOMMENDER_PLANS": str(DEFAULT_PLANS), "RECOMMENDER_WATCH_INTERVAL_S": 0,
                      "RECOMMENDER_RATE_LIMIT": "1/minute"})
    client = app.test_client()
    spec = client.get("/api/openapi.json").get_json()
    response = client.get("/api/v1/plans")
    assert response.status_code == 429 and int(response.headers["Retry-After"]) >= 1  # (the document was the 1st)
    operations = {(method, path): operation for path, ops in spec["paths"].items()
                  for method, operation in ops.items() if method != "parameters"}
    for (method, path), operation in operations.items():
        declared = operation["responses"].get("429")
        if path in ("/healthz", "/readyz"):
            assert declared is None, path
            continue
        assert declared is not None, (method, path)
        assert declared["headers"]["Retry-After"]["required"] is True, path
        assert declared["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
    assert client.get("/healthz").status_code == 200


def test_a_503_that_may_say_when_to_retry_declares_retry_after(client: FlaskClient) -> None:
    """Found by the API QA: a recommendation's 503 (no bundle within the solver's time limit) and the reload's
    (the catalogue cannot be shared) send ``Retry-After``, and the document named it in prose only.  Then by the SRE
    QA: the 503 for no catalogue loaded sent none; it does now, so every 503 sends it and every documented 503
    declares it required (the catalogue reads' and /readyz's too)."""
    spec = client.get("/api/openapi.json").get_json()
    declared = {(method, path): operation["responses"]["503"] for path, ops in spec["paths"].items()
                for method, operation in ops.items() if method != "parameters" and "503" in operation["responses"]}
    assert set(RETRYING) | {("get", "/api/v1/plans"), ("get", "/readyz")} <= set(declared)
    for operation, response in declared.items():
        header = response.get("headers", {}).get("Retry-After")
        assert header is not None and header["schema"]["type"] == "integer" and header.get("required"), operation


ALWAYS_SENT = {
    ("get", "/api/v1/plans", "200"): {"ETag", "X-Catalogue-Version"},
    ("get", "/api/v1/plans/cm-5ga-199", "200"): {"ETag", "X-Catalogue-Version"},
    ("get", "/api/v1/operators", "200"): {"ETag", "X-Catalogue-Version"},
    ("get", "/tmf-api/productCatalogManagement/v4/productOffering", "200"): {"ETag", "X-Total-Count",
                                                                            "X-Result-Count"},
    ("get", "/tmf-api/productCatalogManagement/v4/productOffering/cm-5ga-199", "200"): {"ETag"},
    ("get", "/readyz", "200"): {"X-Catalogue-Version"},
    ("post", "/api/v1/recommendations", "200"): {"X-Catalogue-Version"},
    ("post", "/tmf-api/recommendationManagement/v4/queryProductRecommendation", "201"): {"Location"},
}


def test_headers_every_answer_carries_are_declared_required(client: FlaskClient) -> None:
    """Found by the API QA's schemathesis 4 run: no response header in the document was required, so its header
    check verified none of them, though the server always sends these (the ETag of a catalogue read, and of its
    412; the catalogue version of a 200; TMF630's counts; TMF680's Location).  Each is sent here, and declared
    required."""
    spec = client.get("/api/openapi.json").get_json()
    bodies = {"/api/v1/recommendations": {"data_gb": 10},
              "/tmf-api/recommendationManagement/v4/queryProductRecommendation": {
                  "productCharacteristic": [{"name": "dataGB", "value": 10}]}}
    for (method, path, status), names in ALWAYS_SENT.items():
        response = client.open(path, method=method.upper(), json=bodies.get(path))
        assert str(response.status_code) == status, (path, response.get_json())
        assert names <= set(response.headers.keys()), path
        declared = _operation(spec, path, method)["responses"][status]["headers"]
        assert {name for name, header in declared.items() if header.get("required")} >= names, path
    refused = client.get("/api/v1/plans", headers={"If-Match": '"stale"'})
    assert refused.status_code == 412 and refused.headers["ETag"]
    assert _operation(spec, "/api/v1/plans")["responses"]["412"]["headers"]["ETag"]["required"] is True


def test_swagger_ui_try_it_out_sends_a_body_the_service_answers(client: FlaskClient) -> None:
    """Found by the API QA: /api/docs' "Try it out" on the two JSON POSTs filled the body from the schema, every field
    at once (`data_gb` beside `lines`, maximal numbers; TMF680's unknown `validFor` dates), and Execute answered 422.
    Each JSON request body of the document has an example, the documented one (README, docs/tmf.md), answered 2xx."""
    spec = client.get("/api/openapi.json").get_json()
    posted = []
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method == "parameters":
                continue
            body = (operation.get("requestBody") or {}).get("content", {}).get("application/json")
            if body is None:
                continue
            assert "example" in body, f"{method} {path}"
            response = client.open(path, method=method.upper(), json=body["example"])
            assert 200 <= response.status_code < 300, (path, response.get_json())
            posted.append(path)
    assert sorted(posted) == ["/api/v1/recommendations",
                              "/tmf-api/recommendationManagement/v4/queryProductRecommendation"]


def test_the_documents_examples_are_the_documented_requests() -> None:
    """The review: the two examples Swagger UI sends were copies of the README's profile and docs/tmf.md's query that
    nothing tied to them.  Each is the request its document shows."""
    import json

    from recommender.api.recommendations import PROFILE_EXAMPLE
    from recommender.tmf.recommendations import QUERY_EXAMPLE
    from tests.paths import ROOT

    assert PROFILE_EXAMPLE == json.loads((ROOT / "seeds" / "profiles" / "student.json").read_text(encoding="utf-8"))
    tmf = (ROOT / "docs" / "tmf.md").read_text(encoding="utf-8")
    shown = re.search(r"-d '(\{\"productCharacteristic\".*?\})'", tmf, re.S)
    assert shown is not None and QUERY_EXAMPLE == json.loads(shown[1])
