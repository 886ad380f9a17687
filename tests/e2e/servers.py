"""Real processes for the end-to-end tests and the load harness: the one gunicorn launcher (its log goes
to a file, never to an unread pipe), a free port, a plain HTTP GET, raw bytes exchanged, waiting for a
condition; the app in a werkzeug thread for the browser tests (``served``)."""

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from werkzeug.serving import make_server

from recommender.app import create_app
from tests.paths import ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def exchange(port: int, request: bytes, timeout: float = 30) -> tuple[bytes, bytes]:
    """``request`` sent to 127.0.0.1:port as it is, bytes and all; the answer's head and body, read until the
    server closes (or resets: nginx does after answering a body it will not read)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(request)
        answer = b""
        try:
            while chunk := sock.recv(65536):
                answer += chunk
        except ConnectionResetError:
            pass
    head, _, body = answer.partition(b"\r\n\r\n")
    return head, body


def get(url: str, timeout: float = 30, headers: dict[str, str] | None = None) -> tuple[int, bytes, dict[str, str]]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), dict(exc.headers)


def wait_until(check: Callable[[], object], what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if check():
                return
        except OSError:
            pass
        assert time.monotonic() < deadline, f"{what} did not come up"
        time.sleep(0.1)


@contextmanager
def gunicorn(port: int, log: Path, *, script: bool = False, **env: str) -> Iterator[subprocess.Popen[bytes]]:
    """gunicorn -c gunicorn.conf.py wsgi:app on 127.0.0.1:port (2 workers unless WEB_CONCURRENCY); ``script``: by the
    venv's ``gunicorn`` script, as the README runs it, not ``python -m gunicorn`` (whose re-exec on USR2 runs
    gunicorn/__main__.py as a script, and its ``http`` package then hides the standard library's)."""
    environ = {**os.environ, "BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "2",
               "RECOMMENDER_WATCH_INTERVAL_S": "0", "RECOMMENDER_PLANS": str(ROOT / "plans"), **env}
    for name in ("RECOMMENDER_SHARED_DIR", "RECOMMENDER_OWN_SHARED_DIR", "PROMETHEUS_MULTIPROC_DIR",
                 "RECOMMENDER_OWN_METRICS_DIR", "RECOMMENDER_METRICS_DIR_READY"):
        if name not in env:
            environ.pop(name, None)
    with open(log, "wb") as out:
        command = [str(Path(sys.executable).with_name("gunicorn"))] if script else [sys.executable, "-m", "gunicorn"]
        process = subprocess.Popen([*command, "-c", "gunicorn.conf.py", "wsgi:app"],
                                   cwd=ROOT, env=environ, stdout=out, stderr=subprocess.STDOUT)
    try:
        try:
            wait_until(lambda: process.poll() is None and get(f"http://127.0.0.1:{port}/readyz")[0] == 200,
                       "gunicorn")
        except AssertionError:
            raise AssertionError(log.read_text(errors="replace")[-3000:]) from None
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def workers_of(master: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{master}/task/{master}/children").read_text().split()]
    except OSError:
        return []


@contextmanager
def served(plans: str | Path) -> Iterator[str]:
    """The app on ``plans`` in a werkzeug server thread on a free port of 127.0.0.1; yields its base URL."""
    app = create_app({"RECOMMENDER_PLANS": str(plans), "RECOMMENDER_WATCH_INTERVAL_S": 0})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
