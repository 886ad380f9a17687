"""Limits (body size, JSON depth, top_k, rate), security headers, admin token, request ids and /metrics."""

import io
import json
import math
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.test import TestResponse

from recommender.api.headers import API_CSP, docs_csp
from recommender.app import create_app
from recommender.catalogue import DEFAULT_PLANS
from tests.metrics import metric as _metric
from tests.paths import ROOT

BASE = {"TESTING": True, "RECOMMENDER_PLANS": str(DEFAULT_PLANS), "RECOMMENDER_WATCH_INTERVAL_S": 0}
SHAPE = {"code", "status", "message", "errors"}


@pytest.fixture(scope="module")
def app() -> Flask:
    return create_app(BASE)


def _error(response: TestResponse, code: int) -> dict[str, Any]:
    assert response.status_code == code
    body = response.get_json()
    assert set(body) == SHAPE and body["code"] == code
    return body


# -- limits --------------------------------------------------------------------------------------------

def test_body_over_the_limit_is_413(app: Flask) -> None:
    body = json.dumps({"benefits": ["x" * 60] * 2000})
    _error(app.test_client().post("/api/v1/recommendations", data=body, content_type="application/json"), 413)


@pytest.mark.parametrize("opener", ["[", '{"a":'])
def test_json_deeper_than_the_limit_is_400(app: Flask, opener: str) -> None:
    closer = "]" if opener == "[" else "}"
    client = app.test_client()
    for depth in (33, 5000, 10000):
        body = opener * depth + "1" + closer * depth
        error = _error(client.post("/api/v1/recommendations", data=body, content_type="application/json"), 400)
        assert error["message"] == "JSON nested deeper than 32 levels"
        assert error["errors"] == [{"location": "body", "path": "",
                                    "reason": "arrays and objects may nest at most 32 levels deep"}]
    ok = opener * 32 + "1" + closer * 32  # at the limit: parsed, then refused by the schema (422), not 400
    assert client.post("/api/v1/recommendations", data=ok, content_type="application/json").status_code == 422


def test_json_depth_applies_to_the_usage_upload_profile_field(app: Flask) -> None:
    data = {"records": (io.BytesIO(b"kind,date,duration_s,mb\ncall,2025-01-02,61,\n"), "u.csv"),
            "profile": '{"needs": ' * 40 + "{}" + "}" * 40}
    error = _error(app.test_client().post("/api/v1/recommendations/usage", data=data), 422)
    assert error["errors"][0]["path"] == "profile" and "nested deeper" in error["errors"][0]["reason"]


def test_top_k_is_capped(app: Flask) -> None:
    client = app.test_client()
    _error(client.post("/api/v1/recommendations?top_k=51", json={}), 422)
    assert client.post("/api/v1/recommendations?top_k=50", json={}).status_code == 200


def test_rate_limit_is_429_with_the_error_shape_and_retry_after() -> None:
    client = create_app({**BASE, "RECOMMENDER_RATE_LIMIT": "3/minute"}).test_client()
    assert [client.post("/api/v1/recommendations", json={}).status_code for _ in range(3)] == [200] * 3
    response = client.post("/api/v1/recommendations", json={})
    error = _error(response, 429)
    assert "at most 3 per minute" in str(error["message"])
    assert 1 <= int(response.headers["Retry-After"]) <= 61
    assert client.get("/api/v1/plans").status_code == 429  # per client, every endpoint
    assert client.get("/healthz").status_code == 200 and client.get("/readyz").status_code == 200
    assert client.get("/metrics").status_code == 200
    other = client.post("/api/v1/recommendations", json={}, environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 200  # another client has its own budget


def test_an_ipv6_client_has_one_budget_for_its_whole_slash_64() -> None:
    """Found by the security QA: behind the proxy (RECOMMENDER_PROXY_FIX) an IPv6 client that changed the last 64
    bits of its address (its own /64: 2^64 addresses) had a fresh budget each time, and was never limited."""
    client = create_app({**BASE, "RECOMMENDER_RATE_LIMIT": "3/minute"}).test_client()
    codes = [client.get("/api/v1/operators", environ_base={"REMOTE_ADDR": f"2001:db8:1:2::{i:x}:{i:x}"}).status_code
             for i in range(1, 6)]
    assert codes == [200, 200, 200, 429, 429]
    assert client.get("/api/v1/operators", environ_base={"REMOTE_ADDR": "2001:db8:1:3::1"}).status_code == 200
    for address in ("10.0.0.7", "10.0.0.7", "10.0.0.7", "::ffff:10.0.0.7"):  # IPv4-mapped: the same client
        last = client.get("/api/v1/operators", environ_base={"REMOTE_ADDR": address}).status_code
    assert last == 429


def test_a_failing_rate_limit_storage_is_not_asked_again_for_a_while() -> None:
    """Found by review: with Redis hung, every request waited out the storage's timeout (0.25 s), so two sync
    workers served about 8 requests a second.  After a failure the storage is let be for STORAGE_RETRY_S."""
    import socket

    from recommender.api import limits

    with socket.socket() as closed:  # a port nobody listens on: refused at once
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    app = create_app({**BASE, "RECOMMENDER_RATE_LIMIT": "3/minute",
                      "RECOMMENDER_RATE_LIMIT_STORAGE": f"redis://127.0.0.1:{port}"})
    limiter = app.extensions["recommender.limiter"]
    asked = 0
    hit = limiter.strategy.hit

    def counted(*args: object) -> bool:
        nonlocal asked
        asked += 1
        return hit(*args)

    limiter.strategy.hit = counted
    client = app.test_client()
    assert [client.get("/api/v1/operators").status_code for _ in range(6)] == [200] * 6  # (3 a minute: unlimited)
    assert asked == 1
    limiter.skip_until -= limits.STORAGE_RETRY_S  # (as if the time had passed)
    assert client.get("/api/v1/operators").status_code == 200 and asked == 2


def test_rate_limit_off_under_testing_unless_asked_and_off_by_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RECOMMENDER_RATE_LIMIT", raising=False)
    assert "recommender.limiter" not in create_app(BASE).extensions
    assert "recommender.limiter" not in create_app({**BASE, "RECOMMENDER_RATE_LIMIT": "off"}).extensions
    assert "recommender.limiter" in create_app({**BASE, "TESTING": False}).extensions  # 600/minute by default


# -- headers -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("method,path,code", [
    ("GET", "/api/v1/plans", 200), ("GET", "/api/v1/plans/nope", 404), ("POST", "/api/v1/recommendations", 400),
    ("GET", "/api/openapi.json", 200), ("GET", "/healthz", 200), ("GET", "/metrics", 200),
    ("DELETE", "/api/v1/plans", 405), ("GET", "/nowhere", 404), ("GET", "/api/docs/static/swagger-ui.css", 200),
])
def test_every_api_response_has_the_security_headers(app: Flask, method: str, path: str, code: int) -> None:
    response = app.test_client().open(path, method=method, data=b"", content_type="application/json")
    assert response.status_code == code
    assert response.headers["Content-Security-Policy"] == API_CSP
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "Server" not in response.headers or "/" not in response.headers["Server"]


def test_answers_to_a_persons_profile_are_kept_by_no_cache(app: Flask) -> None:
    """Found by the security review: an answer, and a TMF680 result read again by its id (which holds the
    characteristics sent: usage, age, region, household lines' names), had no ``Cache-Control``, so a shared cache in
    front, or the browser's, could keep them, where the web form's pages say ``no-store``.  Their errors too (a 422
    repeats what was sent); the catalogue's reads stay cacheable by their ``ETag``."""
    client = app.test_client()
    tmf = "/tmf-api/recommendationManagement/v4/queryProductRecommendation"
    created = client.post(tmf, json={"productCharacteristic": [{"name": "dataGB", "value": 45}]})
    assert created.status_code == 201, created.get_json()
    responses = {
        "answer": client.post("/api/v1/recommendations", json={"data_gb": 45}),
        "invalid": client.post("/api/v1/recommendations", json={"data_gb": -1}),
        "upload": client.post("/api/v1/recommendations/usage", content_type="multipart/form-data",
                              data={"records": (io.BytesIO(b"kind,date,mb\ndata,2025-01-01,2048\n"), "u.csv")}),
        "tmf680 created": created,
        "tmf680 read": client.get(created.headers["Location"]),
        "tmf680 unknown": client.get(f"{tmf}/{'0' * 32}"),
    }
    assert {name: (r.status_code, r.headers.get("Cache-Control")) for name, r in responses.items()} == {
        "answer": (200, "no-store"), "invalid": (422, "no-store"), "upload": (200, "no-store"),
        "tmf680 created": (201, "no-store"), "tmf680 read": (200, "no-store"), "tmf680 unknown": (404, "no-store")}
    for path in ("/api/v1/plans", "/tmf-api/productCatalogManagement/v4/productOffering", "/healthz"):
        assert "Cache-Control" not in client.get(path).headers, path


def test_security_headers_are_added_once_each_in_order_and_a_response_keeps_its_own() -> None:
    """The names present are read once per response (``headers.init_headers``): one the response set itself, in
    any case, is kept and not doubled; the others follow it, each once, in their order."""
    from flask import Response

    from recommender.api.headers import DEFAULT_HEADERS

    app = create_app(BASE)
    app.add_url_rule("/own", "own", lambda: Response("{}", headers={"x-frame-options": "SAMEORIGIN"},
                                                      mimetype="application/json"))
    own = app.test_client().get("/own")
    assert own.headers.getlist("X-Frame-Options") == ["SAMEORIGIN"]
    added = ["Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "Cross-Origin-Opener-Policy"]
    assert [name for name, _ in own.headers if name in added] == added
    plain = app.test_client().get("/healthz")
    names = [name for name, _ in plain.headers]
    wanted = ["Content-Security-Policy", *(name for name, _ in DEFAULT_HEADERS)]
    assert [name for name in names if name in wanted] == wanted
    assert [plain.headers[name] for name, _ in DEFAULT_HEADERS] == [value for _, value in DEFAULT_HEADERS]


def test_the_json_log_line_is_what_json_dumps_writes(app: Flask) -> None:
    """The formatter's encoder is made once; its line is ``json.dumps(..., ensure_ascii=False, default=str)``'s."""
    import logging

    from recommender.api.observability import JsonFormatter

    record = logging.getLogger("recommender.access").makeRecord(
        "recommender.access", logging.INFO, __file__, 0, "%s", ("套餐",), None,
        extra={"request_id": "r-1", "odd": {1}, "path": "/é"})
    line = JsonFormatter().format(record)
    out = json.loads(line)
    assert out["message"] == "套餐" and out["odd"] == "{1}" and out["path"] == "/é" and out["request_id"] == "r-1"
    assert line == json.dumps(out, ensure_ascii=False)


def test_the_web_form_keeps_its_own_csp_and_gains_frame_denial(app: Flask) -> None:
    response = app.test_client().get("/", headers={"Accept": "text/html"})
    assert response.status_code == 200
    csp = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
    assert response.headers["X-Frame-Options"] == "DENY" and response.headers["X-Content-Type-Options"] == "nosniff"


def test_swagger_ui_is_allowed_its_assets_and_its_one_inline_script_by_hash(app: Flask) -> None:
    client = app.test_client()
    page = client.get("/api/docs")
    assert page.status_code == 200
    csp = page.headers["Content-Security-Policy"]
    assert csp == docs_csp(page.data) and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert "'sha256-" in csp and "script-src 'self'" in csp and "connect-src 'self'" in csp
    assert client.get("/api/docs/static/swagger-ui-bundle.js").status_code == 200


def test_no_server_version_under_werkzeug(app: Flask) -> None:
    response = app.test_client().get("/healthz", environ_base={"SERVER_SOFTWARE": "Werkzeug/3.1"})
    assert response.headers["Server"] == "tariff-recommender"


# -- admin -----------------------------------------------------------------------------------------------

def test_admin_reload_is_disabled_without_a_token(app: Flask) -> None:
    response = app.test_client().post("/api/v1/admin/reload", headers={"Authorization": "Bearer anything"})
    assert "disabled" in str(_error(response, 403)["message"])


@pytest.mark.parametrize("sent,code", [(None, 401), ("Basic abc", 401), ("Bearer ", 403), ("Bearer wrong", 403),
                                       ("Bearer s3cret-admin-token-and-more", 403), ("Bearer s3cret", 403),
                                       ("Bearer s3cret-admin-token", 200)])
def test_admin_token_is_checked(tmp_path: Path, sent: str | None, code: int) -> None:
    app = create_app({**BASE, "RECOMMENDER_ADMIN_TOKEN": "s3cret-admin-token"})
    headers = {"Authorization": sent} if sent is not None else {}
    response = app.test_client().post("/api/v1/admin/reload", headers=headers)
    assert response.status_code == code
    if code != 200:
        _error(response, code)


# -- request ids and metrics ---------------------------------------------------------------------------------

def test_request_id_is_propagated_or_generated(app: Flask) -> None:
    client = app.test_client()
    assert client.get("/healthz", headers={"X-Request-ID": "abc-123"}).headers["X-Request-ID"] == "abc-123"
    for bad in ("", "x" * 129, "two words", "<script>"):
        generated = client.get("/healthz", headers={"X-Request-ID": bad}).headers["X-Request-ID"]
        assert generated != bad and len(generated) == 32
    assert len(_error(client.get("/nowhere"), 404) and client.get("/nowhere").headers["X-Request-ID"]) == 32


def test_access_log_is_structured_with_the_request_id(app: Flask, caplog: pytest.LogCaptureFixture) -> None:
    from recommender.api.observability import JsonFormatter

    with caplog.at_level("INFO", logger="recommender.access"):
        app.test_client().post("/api/v1/recommendations", json={"data_gb": 5}, headers={"X-Request-ID": "trace-7"})
    record = next(r for r in caplog.records if r.name == "recommender.access")
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "trace-7" and line["status"] == 200 and line["engine"] == "tables"
    assert line["path"] == "/api/v1/recommendations" and line["level"] == "info" and "catalogue_version" in line


def test_an_odd_method_is_logged_as_sent_and_counted_as_other(app: Flask, caplog: pytest.LogCaptureFixture) -> None:
    """The access record in full, its fields in order; the metric's method label one of a fixed set (review of the
    hooks' rewrite, which reads the request and ``g`` once)."""
    client = app.test_client()
    before = client.get("/metrics").data.decode()
    with caplog.at_level("INFO", logger="recommender.access"):
        response = client.open("/healthz", method="BREW", headers={"x-request-id": "t-1"})
    assert response.status_code == 405 and response.headers["X-Request-ID"] == "t-1"
    record = next(r for r in caplog.records if r.name == "recommender.access")
    assert record.getMessage() == "BREW /healthz 405"
    extras = {k: v for k, v in vars(record).items() if k in (
        "request_id", "method", "path", "status", "duration_ms", "engine", "catalogue_version", "remote_addr")}
    assert list(extras) == ["request_id", "method", "path", "status", "duration_ms", "engine", "catalogue_version",
                            "remote_addr"]
    assert {k: v for k, v in extras.items() if k != "duration_ms"} == {
        "request_id": "t-1", "method": "BREW", "path": "/healthz", "status": 405, "engine": None,
        "catalogue_version": response.headers["X-Catalogue-Version"], "remote_addr": "127.0.0.1"}  # (as the response)
    after = client.get("/metrics").data.decode()
    counted = {"endpoint": "(unmatched)", "method": "OTHER", "status": "405"}  # (no rule matched the method)
    assert _metric(after, "recommender_http_requests_total", **counted) \
        - _metric(before, "recommender_http_requests_total", **counted) == 1

def test_metrics_count_requests_engines_versions_and_reload_failures(plans_copy: Path) -> None:
    app = create_app({**BASE, "RECOMMENDER_PLANS": str(plans_copy), "RECOMMENDER_ADMIN_TOKEN": "t" * 16})
    client = app.test_client()
    version = client.get("/readyz").get_json()["catalogue_version"]
    before = client.get("/metrics").data.decode()
    client.post("/api/v1/recommendations", json={"data_gb": 5})
    client.post("/api/v1/recommendations?engine=cp-sat", json={"data_gb": 5})
    (plans_copy / "china-mobile.yaml").write_text("operator: [\n", encoding="utf-8")
    assert client.post("/api/v1/admin/reload", headers={"Authorization": "Bearer " + "t" * 16}).status_code == 422
    response = client.get("/metrics")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    assert response.headers["Content-Type"].count("charset") == 1, response.headers["Content-Type"]
    after = response.data.decode()
    counted = {"endpoint": "/api/v1/recommendations", "method": "POST", "status": "200"}
    assert _metric(after, "recommender_http_requests_total", **counted) \
        - _metric(before, "recommender_http_requests_total", **counted) == 2
    for engine in ("tables", "cp-sat"):
        assert _metric(after, "recommender_recommendations_total", engine=engine, status="optimal") \
            - _metric(before, "recommender_recommendations_total", engine=engine, status="optimal") >= 1
    assert _metric(after, "recommender_catalogue_reload_failures_total") \
        - _metric(before, "recommender_catalogue_reload_failures_total") == 1
    assert _metric(after, "recommender_catalogue_info", version=version) == 1
    assert "recommender_http_request_duration_seconds_bucket" in after


def test_a_failed_load_at_startup_is_counted_as_readyz_reports_it(plans_copy: Path) -> None:
    """Found by the SRE QA: a server started on invalid plan files said the failure in /readyz (503,
    ``last_reload_error``) while /metrics counted no failed load: the metrics listener was attached after the first
    load.  A startup is a load: counted in ``reload_failures_total`` and ``reloads_total{outcome}`` as any other."""
    app = create_app({**BASE, "RECOMMENDER_PLANS": str(plans_copy)})
    before = app.test_client().get("/metrics").data.decode()
    (plans_copy / "china-mobile.yaml").write_text("operator: [\n", encoding="utf-8")
    client = create_app({**BASE, "RECOMMENDER_PLANS": str(plans_copy)}).test_client()
    assert client.get("/readyz").status_code == 503
    after = client.get("/metrics").data.decode()
    for name, labels in (("recommender_catalogue_reload_failures_total", {}),
                         ("recommender_catalogue_reloads_total", {"outcome": "rejected"})):
        assert _metric(after, name, **labels) - _metric(before, name, **labels) == 1, name


@pytest.fixture
def plans_copy(tmp_path: Path) -> Path:
    import shutil

    root = ROOT
    shutil.copytree(DEFAULT_PLANS, tmp_path / "plans")
    (tmp_path / "seeds").mkdir()
    shutil.copy(root / "seeds" / "facts.yaml", tmp_path / "seeds" / "facts.yaml")
    return tmp_path / "plans"


def test_the_moving_window_lets_a_hit_in_when_the_oldest_leaves(monkeypatch: pytest.MonkeyPatch) -> None:
    from limits import parse_many

    from recommender.api import limits

    now = [1000.0]
    monkeypatch.setattr(limits.time, "time", lambda: now[0])
    windows = limits.LocalWindows()
    per_minute, per_hour = parse_many("2/minute;3/hour")
    assert [windows.hit(per_minute, 0, "a") for _ in range(3)] == [True, True, False]
    assert windows.hit(per_minute, 0, "b")  # each client its own window
    assert windows.reset_at(per_minute, 0, "a") == 1060.0
    now[0] = 1030.0
    assert not windows.hit(per_minute, 0, "a")  # both hits are still within the last minute
    now[0] = 1059.0
    assert not windows.hit(per_minute, 0, "a")
    now[0] = 1060.5  # both hits of 1000.0 have left the window
    assert [windows.hit(per_minute, 0, "a") for _ in range(3)] == [True, True, False]
    assert [windows.hit(per_hour, 1, "a") for _ in range(4)] == [True, True, True, False]
    now[0] = 1000.0 + 2 * 86_400
    windows._sweep(now[0])
    assert windows.hits == {}  # idle clients forgotten


def test_clients_idle_past_the_window_are_forgotten_and_the_sweeping_hit_counts(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Every SWEEP hits, clients with no hit left in their limit's window are dropped (kept a day, each
    address seen grew the worker by about 1 KB: a day's distinct addresses, without bound); the hit that
    sweeps is counted (its empty window was swept away before it was recorded)."""
    from limits import parse_many

    from recommender.api import limits

    now = [1000.0]
    monkeypatch.setattr(limits.time, "time", lambda: now[0])
    monkeypatch.setattr(limits.LocalWindows, "SWEEP", 4)
    windows = limits.LocalWindows()
    per_minute, = parse_many("2/minute")
    assert all(windows.hit(per_minute, 0, client) for client in "abc")
    now[0] = 1061.0  # a minute later: a, b and c have no hit in the window
    assert windows.hit(per_minute, 0, "d")  # the 4th hit sweeps
    assert {key: len(times) for key, times in windows.hits.items()} == {(0, "d"): 1}


def test_the_in_process_limiter_starts_no_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    client = create_app({**BASE, "RECOMMENDER_RATE_LIMIT": "100000/second"}).test_client()
    started = []
    start = threading.Thread.start

    def starting(self: threading.Thread) -> None:
        started.append(self)
        start(self)

    monkeypatch.setattr(threading.Thread, "start", starting)
    for _ in range(50):
        assert client.get("/api/v1/plans").status_code == 200
    assert started == []  # (the limits library's memory storage starts a timer thread to expire hits)


def test_the_access_log_holds_no_tmf680_result_id(app: Flask, caplog: pytest.LogCaptureFixture) -> None:
    """Found by the security review: a kept TMF680 result is read by its id alone (128 random bits), and the access
    log wrote its GET's path, id and all, so whoever reads the logs could read the characteristics it holds (usage,
    age, region, household lines' names) while it is kept.  That route is logged as its rule; other paths as sent."""
    client = app.test_client()
    created = client.post("/tmf-api/recommendationManagement/v4/queryProductRecommendation",
                          json={"productCharacteristic": [{"name": "dataGB", "value": 45}]})
    key = created.get_json()["id"]
    with caplog.at_level("INFO", logger="recommender.access"):
        assert client.get(created.headers["Location"]).status_code == 200
        assert client.get(f"/tmf-api/recommendationManagement/v4/queryProductRecommendation/{'0' * 32}"
                          ).status_code == 404
        client.get("/api/v1/plans/cm-5ga-199")
    paths = [vars(r)["path"] for r in caplog.records if r.name == "recommender.access"]
    assert not any(key in r.getMessage() or key in json.dumps(vars(r), default=str) for r in caplog.records)
    rule = "/tmf-api/recommendationManagement/v4/queryProductRecommendation/<query_id>"
    assert paths == [rule, rule, "/api/v1/plans/cm-5ga-199"]
    from recommender.api.observability import UNLOGGED_PATHS

    assert UNLOGGED_PATHS <= {r.rule for r in app.url_map.iter_rules()}  # (the route as the app has it)


def test_retry_after_under_several_windows_is_when_every_full_one_has_room(monkeypatch: pytest.MonkeyPatch) -> None:
    """Found by the SRE's test: under "3/second;5/minute" (SECURITY.md's advice: several windows), the requests
    after the fifth read "Retry-After: 59", then 1, 1, then 58: a request the minute refused had taken a place in
    the second's window, so the next was refused by the second and told to retry in a second, when the minute's
    window stayed full for 58 more.  Every refusal now says when each full window has room; the message lists the
    limits in words ("3 per second and 5 per minute", not "3 per second;5 per minute")."""
    from recommender.api import limits

    now = [1000.0]
    monkeypatch.setattr(limits.time, "time", lambda: now[0])
    client = create_app({**BASE, "RECOMMENDER_RATE_LIMIT": "3/second;5/minute"}).test_client()
    codes = [client.get("/api/v1/operators").status_code for _ in range(3)]
    now[0] = 1001.5
    codes += [client.get("/api/v1/operators").status_code for _ in range(2)]
    assert codes == [200] * 5
    said = []
    for _ in range(6):
        now[0] += 0.35
        response = client.get("/api/v1/operators")
        assert response.status_code == 429
        said.append(int(response.headers["Retry-After"]))
        assert "at most 3 per second and 5 per minute; see" in str(response.get_json()["message"])
    assert said == [math.ceil(1060.0 - (1001.5 + 0.35 * i)) for i in range(1, 7)]  # (the minute's first hit leaves)
    now[0] = 1060.5  # ... then the three of 1000.0 have left the minute: three more, the second's 3
    assert [client.get("/api/v1/operators").status_code for _ in range(4)] == [200, 200, 200, 429]
