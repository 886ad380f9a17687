"""The production topology, for real: Debian's nginx (deploy/nginx.conf, only its two addresses
replaced) in front of gunicorn, and rate limits shared between workers in a real redis-server.

``SLOW_CLIENTS`` (default 50) and ``NORMAL_REQUESTS`` (default 10) scale the slow-client test.
"""

import http.client
import json
import os
import signal
import socket
import subprocess
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from .conftest import ROOT, binary, free_port, get, gunicorn, wait_until
from .servers import exchange

pytestmark = [pytest.mark.server, pytest.mark.e2e]

SLOW_CLIENTS = int(os.environ.get("SLOW_CLIENTS", "50"))
NORMAL_REQUESTS = int(os.environ.get("NORMAL_REQUESTS", "10"))


@contextmanager
def nginx(tmp_path: Path, listen: int, upstream: int) -> Iterator[str]:
    executable = binary("nginx")
    shipped = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    assert "127.0.0.1:8080" in shipped and "127.0.0.1:8000" in shipped
    conf = tmp_path / "nginx.conf"
    conf.write_text(shipped.replace("127.0.0.1:8080", f"127.0.0.1:{listen}")
                    .replace("127.0.0.1:8000", f"127.0.0.1:{upstream}"), encoding="utf-8")
    process = subprocess.Popen([executable, "-p", str(tmp_path), "-c", str(conf), "-g",
                                f"daemon off; pid {tmp_path}/nginx.pid; error_log {tmp_path}/nginx-error.log;"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{listen}"
    try:
        wait_until(lambda: process.poll() is None and get(f"{base}/healthz")[0] == 200, "nginx", 30)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_fifty_slow_clients_do_not_delay_normal_requests(tmp_path: Path) -> None:
    app_port, proxy_port = free_port(), free_port()
    with gunicorn(app_port, tmp_path / "gunicorn.log", RECOMMENDER_PROXY_FIX="1", RECOMMENDER_RATE_LIMIT="off"), \
            nginx(tmp_path, proxy_port, app_port) as base:
        slow = []
        for _ in range(SLOW_CLIENTS):
            sock = socket.create_connection(("127.0.0.1", proxy_port), timeout=5)
            sock.sendall(b"G")
            slow.append(sock)
        stop = threading.Event()

        def drip() -> None:  # one more header byte a second on every slow connection
            while not stop.wait(1.0):
                for sock in slow:
                    try:
                        sock.sendall(b"E")
                    except OSError:
                        pass

        dripper = threading.Thread(target=drip)
        dripper.start()
        timings = []
        try:
            time.sleep(1.5)
            body = json.dumps({"data_gb": 20}).encode()
            for _ in range(NORMAL_REQUESTS):
                started = time.monotonic()
                request = urllib.request.Request(f"{base}/api/v1/recommendations?top_k=1", data=body, method="POST",
                                                 headers={"Content-Type": "application/json"})
                with urllib.request.urlopen(request, timeout=10) as response:
                    assert response.status == 200
                timings.append(time.monotonic() - started)
        finally:
            stop.set()
            dripper.join()
            for sock in slow:
                sock.close()
    assert max(timings) < 1.0, timings
    if os.environ.get("SLOW_CLIENTS"):
        print(f"\nSLOW slow_clients={SLOW_CLIENTS} normal={NORMAL_REQUESTS} max={max(timings) * 1000:.0f} ms")


def test_behind_nginx_limits_count_the_real_client_and_redirects_stay_relative(tmp_path: Path) -> None:
    app_port, proxy_port = free_port(), free_port()
    with gunicorn(app_port, tmp_path / "gunicorn.log", WEB_CONCURRENCY="1", RECOMMENDER_PROXY_FIX="1",
                  RECOMMENDER_RATE_LIMIT="5/minute"), \
            nginx(tmp_path, proxy_port, app_port) as base:
        # (nginx merges the slashes itself; straight to gunicorn, the app redirects, never to the Host sent)
        direct = http.client.HTTPConnection("127.0.0.1", app_port, timeout=10)
        direct.request("GET", "/api//v1/plans", headers={"Host": "evil.example"})
        redirect = direct.getresponse()
        status, location = redirect.status, redirect.getheader("Location")
        direct.close()
        head, payload = exchange(proxy_port, b"POST /api/v1/recommendations HTTP/1.1\r\nHost: x\r\n"  # nginx's 413
                                 b"Content-Type: application/json\r\nContent-Length: 6291456\r\n\r\n", timeout=10)
        codes = [get(f"{base}/api/v1/operators", headers={"X-Forwarded-For": f"10.0.0.{i}"})[0] for i in range(6)]
    # 5 a minute (the redirect may have used one): a forged X-Forwarded-For does not make a new client
    # (nginx overwrites it with the connection's address).
    assert codes[:4] == [200] * 4 and codes[-1] == 429 and codes == sorted(codes), codes
    assert (status, location) == (308, "/api/v1/plans")
    assert head.startswith(b"HTTP/1.1 413") and b"application/json" in head and b"nosniff" in head
    assert json.loads(payload)["code"] == 413


def _raw(port: int, request: bytes) -> tuple[int, dict[str, object], bytes]:
    """``request`` sent as it is; the status, the JSON body and the head of what comes back."""
    head, payload = exchange(port, request, timeout=10)
    status = int(head.split(b" ", 2)[1]) if head.startswith(b"HTTP/") else 0
    return status, json.loads(payload) if b"application/json" in head else {}, head


def test_the_proxys_own_errors_are_json_with_their_status(tmp_path: Path) -> None:
    """Found by QA: a request line nginx cannot read (what scanners send), a TLS hello on the plain port and a
    URI over 8 KiB got nginx's HTML 500 page ("empty URI in redirect to named location"), and a header over
    8 KiB a 400 whose body said 431."""
    app_port, proxy_port = free_port(), free_port()
    with gunicorn(app_port, tmp_path / "gunicorn.log", RECOMMENDER_PROXY_FIX="1", RECOMMENDER_RATE_LIMIT="off"), \
            nginx(tmp_path, proxy_port, app_port):
        answers = {
            "garbage": _raw(proxy_port, b"garbage\r\n\r\n"),
            "tls hello": _raw(proxy_port, bytes.fromhex("16030100a5010000a10303") + bytes(32)),
            "long uri": _raw(proxy_port, b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n"),
            "long header": _raw(proxy_port, b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"b" * 9000 + b"\r\n\r\n"),
            "fine": _raw(proxy_port, b"GET /api/v1/operators HTTP/1.0\r\nHost: x\r\n\r\n"),
        }
    expected = {"garbage": 400, "tls hello": 400, "long uri": 414, "long header": 431, "fine": 200}
    assert {name: status for name, (status, _, _) in answers.items()} == expected, answers
    for name, (status, body, head) in answers.items():
        if name != "fine":
            assert body["code"] == status and b"nosniff" in head, (name, head, body)


def test_the_metrics_are_served_through_the_proxy_to_the_machine_itself_only(tmp_path: Path) -> None:
    """Found by the SRE QA: deploy/nginx.conf proxied /metrics to anyone, and /metrics is not rate limited while a
    scrape costs a worker milliseconds (more with every worker that died).  Through the proxy it is the machine's
    own now (a client at 127.0.0.2 stands for any other address): a 403 in the API's JSON error shape; the rest
    of the service is everyone's."""
    app_port, proxy_port = free_port(), free_port()

    def ask(path: bytes, source: str) -> tuple[int, bytes]:
        with socket.create_connection(("127.0.0.1", proxy_port), timeout=10, source_address=(source, 0)) as sock:
            sock.sendall(b"GET " + path + b" HTTP/1.0\r\nHost: x\r\n\r\n")
            answer = b""
            while chunk := sock.recv(65536):
                answer += chunk
        return int(answer.split(b" ", 2)[1]), answer

    with gunicorn(app_port, tmp_path / "gunicorn.log", RECOMMENDER_PROXY_FIX="1", RECOMMENDER_RATE_LIMIT="off"), \
            nginx(tmp_path, proxy_port, app_port):
        mine, elsewhere = ask(b"/metrics", "127.0.0.1"), ask(b"/metrics", "127.0.0.2")
        service = ask(b"/api/v1/operators", "127.0.0.2")
    assert mine[0] == 200 and b"recommender_" in mine[1], mine[1][:300]
    assert elsewhere[0] == 403 and b"application/json" in elsewhere[1] and b'"code": 403' in elsewhere[1], elsewhere
    assert service[0] == 200, service[1][:300]


@contextmanager
def redis_server(tmp_path: Path) -> Iterator[tuple[int, subprocess.Popen[bytes]]]:
    executable = binary("redis-server")
    port = free_port()
    process = subprocess.Popen([executable, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                "--appendonly", "no", "--dir", str(tmp_path)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        def up() -> bool:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")

        wait_until(up, "redis-server", 30)
        yield port, process
    finally:
        process.send_signal(signal.SIGCONT)  # (a test may have stopped it)
        process.terminate()
        process.wait(timeout=30)


def test_rate_limit_is_shared_by_the_workers_through_redis(tmp_path: Path) -> None:
    """30 a minute with 4 workers: without shared counts one client would get up to 120."""
    with redis_server(tmp_path) as (port, _):
        app_port = free_port()
        with gunicorn(app_port, tmp_path / "gunicorn.log", WEB_CONCURRENCY="4", RECOMMENDER_RATE_LIMIT="30/minute",
                      RECOMMENDER_RATE_LIMIT_STORAGE=f"redis://127.0.0.1:{port}"):
            codes = [get(f"http://127.0.0.1:{app_port}/api/v1/operators")[0] for _ in range(60)]
    assert codes.count(200) == 30 and codes.count(429) == 30, codes


def test_the_service_answers_when_the_rate_limit_storage_does_not(tmp_path: Path) -> None:
    """Found by QA: with Redis stopped every request was a 500 (the form's too) while the probes said ready,
    and with Redis hung each request waited seconds, then failed.  The limiter fails open, counted and
    logged: an outage of its storage is no outage of the service."""
    with redis_server(tmp_path) as (port, redis):
        app_port = free_port()
        base = f"http://127.0.0.1:{app_port}"
        log = tmp_path / "gunicorn.log"
        with gunicorn(app_port, log, RECOMMENDER_RATE_LIMIT="1000/minute",
                      RECOMMENDER_RATE_LIMIT_STORAGE=f"redis://127.0.0.1:{port}"):
            assert get(f"{base}/api/v1/operators")[0] == 200
            redis.send_signal(signal.SIGSTOP)  # hung: connected, never answering
            hung = [get(f"{base}/api/v1/operators", timeout=10)[0] for _ in range(3)]
            redis.send_signal(signal.SIGCONT)
            redis.terminate()
            redis.wait(timeout=30)  # down: connections refused
            down = [get(f"{base}{path}", timeout=10)[0] for path in ("/api/v1/operators", "/", "/api/v1/plans")]
            metrics = get(f"{base}/metrics")[1].decode()
    assert hung == [200] * 3 and down == [200] * 3, (hung, down)
    counted = [line for line in metrics.splitlines() if line.startswith("recommender_rate_limit_storage_errors_total")]
    assert counted and float(counted[0].split()[-1]) >= 6, counted
    assert "rate-limit storage failed" in log.read_text(errors="replace")
