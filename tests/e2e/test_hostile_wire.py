"""Input no client should send, through real gunicorn: never a 5xx, always the JSON error shape."""

import json
from pathlib import Path

import pytest

from recommender.app import create_app

from .conftest import free_port, gunicorn
from .servers import exchange

pytestmark = [pytest.mark.server, pytest.mark.e2e]
TMF680 = "/tmf-api/recommendationManagement/v4/queryProductRecommendation"


def _raw(port: int, request: bytes) -> tuple[int, dict[str, str], bytes]:
    head, body = exchange(port, request)
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
    return int(lines[0].split()[1]), headers, body


@pytest.mark.parametrize(("path", "body"), [
    ("/api/v1/recommendations", b'{"\\ud800": 1}'),
    ("/api/v1/recommendations", b'{"needs": {"\\udfff": 1}}'),
    ("/api/v1/recommendations", b'{"months": [{"\\ud800": 1}]}'),
    ("/api/v1/recommendations", b'{"exchange_rates": {"\\ud800": 1}}'),
    (TMF680, b'{"productCharacteristic": [{"name": "\\ud800", "value": 1}]}'),
    (TMF680, b'{"name": "\\ud800"}'),
])
def test_lone_surrogates_never_crash_the_encoder(path: str, body: bytes) -> None:
    client = create_app({"TESTING": True, "RECOMMENDER_WATCH_INTERVAL_S": 0}).test_client()
    response = client.post(path, data=body, content_type="application/json")
    assert response.status_code in (201, 422), response.data
    document = json.loads(response.data.decode("utf-8"))  # valid UTF-8: a surrogate echoed is escaped
    if response.status_code == 422:
        assert set(document) == {"code", "status", "message", "errors"}


def test_broken_chunked_body_and_gunicorn_errors_are_4xx_json(tmp_path: Path) -> None:
    port = free_port()
    with gunicorn(port, tmp_path / "gunicorn.log", RECOMMENDER_RATE_LIMIT="off"):
        chunked = _raw(port, b"POST /api/v1/recommendations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                             b"Transfer-Encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n")
        long_uri = _raw(port, b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
        bad_line = _raw(port, b"GET\x01 / HTTP/1.1\r\nHost: x\r\n\r\n")
        coding = _raw(port, b"POST /api/v1/recommendations HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n"
                            b"Content-Type: application/json\r\n\r\n0\r\n\r\n")
    for status, headers, body in (chunked, long_uri, bad_line, coding):
        assert 400 <= status < 500, (status, body[:200])
        assert headers["Content-Type"].startswith("application/json")
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert set(json.loads(body)) == {"code", "status", "message", "errors"}
    assert long_uri[0] == 414
    assert "Traceback" not in (tmp_path / "gunicorn.log").read_text(errors="replace")


def _chunked(body: bytes, size: int = 8192) -> bytes:
    chunks = [body[i:i + size] for i in range(0, len(body), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(c), c) for c in chunks) + b"0\r\n\r\n"


def test_a_chunked_body_over_the_limit_is_413_not_cut_at_it(tmp_path: Path) -> None:
    """Without a Content-Length, werkzeug read a JSON body up to RECOMMENDER_MAX_BODY_BYTES and returned it cut
    there: a 400 'malformed JSON' (or a body cut after whitespace, answered).  A body of exactly the limit is read."""
    limit = 65536
    profile = b'{"data_gb": 30}'
    head = (b"POST %s HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
            b"Connection: close\r\n\r\n")
    over = json.dumps({"data_gb": 30, "benefits": ["x" * 10] * 6000}).encode()
    port = free_port()
    with gunicorn(port, tmp_path / "gunicorn.log", RECOMMENDER_RATE_LIMIT="off"):
        answers = [_raw(port, head % path.encode() + _chunked(body)) for path, body in (
            ("/api/v1/recommendations", over), (TMF680, over),
            ("/api/v1/recommendations", profile + b" " * (limit + 1 - len(profile))),
            ("/api/v1/recommendations?top_k=1", profile + b" " * (limit - len(profile))))]
    assert [status for status, _, _ in answers] == [413, 413, 413, 200], [a[2][:200] for a in answers]
    assert json.loads(answers[0][2])["message"] == f"request body over the limit of {limit} bytes"
