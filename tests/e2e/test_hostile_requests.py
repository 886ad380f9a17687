"""Hostile requests, generated, through real gunicorn (2 sync workers): bad JSON, huge numbers, lone
surrogates, wrong content types, odd methods, long and many headers, bad chunked bodies, lying
Content-Lengths, odd paths and queries, garbage uploads.  No answer is a 5xx; every error answer of
the API is the JSON error shape with the security headers; no worker dies or logs a traceback.

``HOSTILE_REQUESTS`` sets how many (default 400 in CI; the README's figure: 10,000), ``HOSTILE_SEED``
the seed (each run is reproducible from it).
"""

import json
import os
import random
import socket
import threading
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import free_port, gunicorn, wait_until, workers_of

pytestmark = [pytest.mark.server, pytest.mark.e2e]

COUNT = int(os.environ.get("HOSTILE_REQUESTS", "400"))
SEED = int(os.environ.get("HOSTILE_SEED", "17"))
TMF680 = "/tmf-api/recommendationManagement/v4/queryProductRecommendation"
POSTS = ("/api/v1/recommendations", TMF680, "/api/v1/recommendations/usage", "/api/v1/admin/reload")
GETS = ("/api/v1/plans", "/api/v1/plans/cm-5ga-199", "/api/v1/packs", "/api/v1/operators", "/readyz", "/healthz",
        f"{TMF680}/" + "0" * 32, "/tmf-api/productCatalogManagement/v4/productOffering", "/api/openapi.json")
ERROR_KEYS = {"code", "status", "message", "errors"}


def _json_bodies(rng: random.Random) -> bytes:
    choices: list[Callable[[], bytes]] = [
        lambda: b'{"data_gb": ' + rng.choice([b"1e999999", b"-1e400", b"NaN", b"Infinity", b"1" * 5000,
                                              b"0." + b"0" * 4000 + b"1", b"-0", b"9" * 40, b"1e-400"]) + b"}",
        lambda: b'{"' + rng.choice([b"\\ud800", b"\\udfff", b"\\ud800\\ud800", b"\\u0000"]) + b'": 1}',
        lambda: b'{"needs": {"min_uplink_mbps": "\\ud800"}, "months": [{"data_gb": "\\udc00"}]}',
        lambda: b"[" * rng.randint(30, 3000) + b"]" * rng.randint(0, 3000),
        lambda: b'{"a": ' * rng.randint(30, 500) + b"1" + b"}" * rng.randint(0, 500),
        lambda: bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 400))),
        lambda: rng.choice([b"", b" ", b"null", b"1", b'"x"', b"[]", b"{", b'{"data_gb": 1,}', b"{'a': 1}",
                            b'{"data_gb": 1}{"sms": 1}', b"\xef\xbb\xbf{}", b"\xff\xfe{\x00}\x00"]),
        lambda: json.dumps({"current": {"plan_id": "x" * rng.randint(0, 300), "monthly_bill_fen": -1},
                            "months": [{}] * rng.randint(0, 40), "top_k": 10**30}).encode(),
        lambda: json.dumps({"productCharacteristic": [{"name": rng.choice(["dataGB", "months", "currentPlanId",
                                                                           "exchangeRates", "x", ""]),
                                                       "value": rng.choice([10**400, -1, "\ud800", [], {}, None,
                                                                            "a" * 10000, True])}
                                                      for _ in range(rng.randint(0, 40))],
                            "name": "\ud800" * rng.randint(0, 3)}, ensure_ascii=True).encode(),
        lambda: b'{"data_gb": 3}' + b" " * rng.randint(60_000, 80_000),  # over the 64 KiB body limit
    ]
    return rng.choice(choices)()


def _multipart(rng: random.Random) -> tuple[bytes, str]:
    boundary = rng.choice(["b", "x" * 200, "", "a b", "\u00e9"])
    content = rng.choice([b"kind,date\ncall,2025-13-45\n", bytes(rng.getrandbits(8) for _ in range(300)),
                          b"\x00" * 100, "kind,date\nsms,2025-01-01\n".encode("utf-16"), b"kind,date\n" * 12_000])
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{rng.choice(['records', 'profile', 'x'])}\"; "
            f"filename=\"u.csv\"\r\n\r\n").encode() + content + f"\r\n--{boundary}--\r\n".encode()
    if rng.random() < 0.3:
        body = body[: rng.randint(0, len(body))]  # cut short
    return body, f"multipart/form-data; boundary={boundary}"


def hostile(rng: random.Random) -> tuple[str, bytes]:
    """One raw request: (what kind it is, its bytes)."""
    kind = rng.choice(["json", "json", "json", "content-type", "method", "headers", "chunked", "length", "path",
                       "upload", "line"])
    method, path = "POST", rng.choice(POSTS)
    headers = [("Host", "x"), ("Content-Type", "application/json")]
    body = _json_bodies(rng)
    if kind == "content-type":
        headers[1] = ("Content-Type", rng.choice(["text/plain", "application/x-www-form-urlencoded",
                                                  "application/json; charset=latin-1", "", "application/json\x7f",
                                                  "multipart/form-data", "*/*", "application/" + "j" * 3000,
                                                  "application/xml"]))
    elif kind == "method":
        method = rng.choice(["PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND", "CONNECT", "HEAD", "GET",
                             "FOO", "M" * 40, "get", "Post"])
        path = rng.choice(POSTS + GETS)
    elif kind == "headers":
        extra = rng.choice([
            [("X-Long", "a" * rng.randint(4000, 20000))],
            [(f"X-H{i}", "v") for i in range(rng.randint(90, 300))],
            [("X-Request-ID", "\u00e9\u00ff" * 200)], [("Authorization", "Bearer " + "t" * 9000)],
            [("X-Forwarded-For", "1.2.3.4, " * 500)], [("Accept-Language", "zh;q=" + "9" * 500)],
            [("If-None-Match", '"' + "x" * 3000 + '"')], [("Host", "evil.example\r\nX-Injected: 1")],
        ])
        headers += extra
        method, path = rng.choice([("POST", rng.choice(POSTS)), ("GET", rng.choice(GETS))])
    elif kind == "chunked":
        headers.append(("Transfer-Encoding", rng.choice(["chunked", "chunked, chunked", "gzip, chunked", "identity",
                                                         "chunked\x00", "x"])))
        body = rng.choice([b"ZZ\r\n{}\r\n0\r\n\r\n", b"2\r\n{}\r\n", b"ffffffffffffffff\r\n{}\r\n0\r\n\r\n",
                           b"2;ext=" + b"e" * 5000 + b"\r\n{}\r\n0\r\n\r\n", b"-1\r\n{}\r\n0\r\n\r\n",
                           b"2\r\n{}XX0\r\n\r\n", b"0\r\nX-Trailer: " + b"t" * 9000 + b"\r\n\r\n"])
        return kind, _build(method, path, headers, body, length=False)
    elif kind == "length":
        headers.append(("Content-Length", rng.choice(["-1", "abc", "1e3", str(10**30), "100000", "3, 4", " 2",
                                                      "0x10", str(len(body) + 500)])))
        return kind, _build(method, path, headers, body, length=False)
    elif kind == "path":
        method = rng.choice(["GET", "POST"])
        path = rng.choice([
            "/api/v1/plans/" + "%00%ff%c0%af" * rng.randint(1, 50), "/api/v1/../../etc/passwd",
            f"{TMF680}/" + rng.choice(["..%2F..%2Fetc%2Fpasswd", "%ED%A0%80", "x" * 3000, "0" * 31 + "G"]),
            "/api/v1/recommendations?top_k="
            + rng.choice(["1e309", "-1", "99999999999999999999", "NaN", "", "1&top_k=2"]),
            "/api/v1/recommendations?engine=" + "%ED%A0%80" + "&per_operator=0", "//evil.example/api/v1/plans",
            "/api/v1/plans?" + "a=1&" * 2000, "/api/v1/\u00e9", "*", "/api/v1/plans#frag", "/api/v1/plans/%2e%2e",
        ])
    elif kind == "upload":
        path = "/api/v1/recommendations/usage"
        body, content_type = _multipart(rng)
        headers[1] = ("Content-Type", content_type)
    elif kind == "line":
        line = rng.choice([b"GET / HTTP/9.9", b"GET /api/v1/plans HTTP/1.1 extra", b"GET  /api/v1/plans HTTP/1.1",
                           b"GET /api/v1/plans", b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",
                           b"GET /api/v1/plans HTTP/1.1\nHost: x\n", b"POST /api/v1/recommendations HTTP/1.0"])
        return kind, line + b"\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}"
    return kind, _build(method, path, headers, body)


def _build(method: str, path: str, headers: list[tuple[str, str]], body: bytes, length: bool = True) -> bytes:
    head = f"{method} {path} HTTP/1.1\r\n".encode("utf-8", "surrogateescape")
    for name, value in headers:
        head += f"{name}: {value}\r\n".encode("utf-8", "surrogateescape")
    if length:
        head += f"Content-Length: {len(body)}\r\n".encode()
    return head + b"Connection: close\r\n\r\n" + body


def _send(port: int, request: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
        try:
            sock.sendall(request)
            sock.shutdown(socket.SHUT_WR)  # a body shorter than its Content-Length ends here
        except OSError:
            pass  # the server may answer (and close) before it has read everything
        answer = b""
        try:
            while chunk := sock.recv(65536):
                answer += chunk
        except (ConnectionResetError, TimeoutError):
            pass
    return answer


def test_hostile_requests_get_no_5xx_and_the_error_shape(tmp_path: Path) -> None:
    port = free_port()
    rng = random.Random(SEED)
    requests = [hostile(rng) for _ in range(COUNT)]
    statuses: Counter[int] = Counter()
    kinds: Counter[str] = Counter()
    problems: list[str] = []
    lock = threading.Lock()
    queue = list(enumerate(requests))

    def worker() -> None:
        while True:
            with lock:
                if not queue:
                    return
                index, (kind, request) = queue.pop()
            answer = _send(port, request)
            problem = _check(answer, request)
            with lock:
                kinds[kind] += 1
                status = int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/1.") else 0
                statuses[status] += 1
                if problem:
                    problems.append(f"#{index} {kind}: {problem}: {request[:160]!r}")

    with gunicorn(port, tmp_path / "gunicorn.log", RECOMMENDER_RATE_LIMIT="off", GUNICORN_TIMEOUT="30") as master:
        wait_until(lambda: len(workers_of(master.pid)) == 2, "both workers")
        before = sorted(workers_of(master.pid))
        threads = [threading.Thread(target=worker) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        after = sorted(workers_of(master.pid))
    log = (tmp_path / "gunicorn.log").read_text(errors="replace")
    if os.environ.get("HOSTILE_REQUESTS"):
        print(f"\nHOSTILE requests={COUNT} seed={SEED} statuses={dict(sorted(statuses.items()))} "
              f"kinds={dict(sorted(kinds.items()))} problems={len(problems)} (gunicorn, 2 sync workers)")
    assert not problems, f"{len(problems)} of {COUNT}:\n" + "\n".join(problems[:15])
    assert not [s for s in statuses if s >= 500]
    assert before == after, "a worker died"
    assert "Traceback" not in log, log[log.index("Traceback") - 500:][:3000]


def _check(answer: bytes, request: bytes) -> str | None:
    """What is wrong with one answer, if anything."""
    if not answer:
        # gunicorn closes without a word only when the request line never ended (a TLS hello, a bare
        # line): nothing a client could read an answer for
        return None if b"\r\n\r\n" not in request.split(b"\r\n", 1)[-1] or request.startswith(b"\x16") \
            else "no answer"
    head, _, body = answer.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    try:
        status = int(lines[0].split()[1])
    except (IndexError, ValueError):
        return f"not HTTP: {answer[:80]!r}"
    headers = {k.lower(): v for k, v in (line.split(": ", 1) for line in lines[1:] if ": " in line)}
    if status >= 500:
        return f"{status}: {body[:200]!r}"
    if status < 400 or request.startswith(b"HEAD "):
        return None
    if headers.get("x-content-type-options") != "nosniff":
        return f"{status} without the security headers"
    if not headers.get("content-type", "").startswith("application/json"):
        return f"{status} as {headers.get('content-type')}"
    if "chunked" in headers.get("transfer-encoding", ""):
        return None  # not decoded here; never the case for error answers so far
    try:
        document = json.loads(body)
    except ValueError:
        return f"{status}: body not JSON: {body[:100]!r}"
    if set(document) != ERROR_KEYS or document["code"] != status:
        return f"{status}: not the error shape: {body[:200]!r}"
    return None
