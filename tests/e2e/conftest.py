"""Real processes on 127.0.0.1: gunicorn (gunicorn.conf.py), and Debian's nginx and redis-server
when a test needs them (skipped only when the binary is absent; `.ci/run` installs them)."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from recommender.app import create_app
from tests.paths import PLANS, ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str, timeout: float = 30, headers: dict[str, str] | None = None) -> tuple[int, bytes, dict[str, str]]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), dict(exc.headers)


def wait_until(check: object, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if check():  # type: ignore[operator]
                return
        except OSError:
            pass
        assert time.monotonic() < deadline, f"{what} did not come up"
        time.sleep(0.1)


@contextmanager
def gunicorn(port: int, log: Path, **env: str) -> Iterator[subprocess.Popen[bytes]]:
    """gunicorn -c gunicorn.conf.py wsgi:app on 127.0.0.1:port (2 workers unless WEB_CONCURRENCY)."""
    environ = {**os.environ, "BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "2",
               "RECOMMENDER_WATCH_INTERVAL_S": "0", "RECOMMENDER_PLANS": str(ROOT / "plans"), **env}
    for name in ("RECOMMENDER_SHARED_DIR", "RECOMMENDER_OWN_SHARED_DIR", "PROMETHEUS_MULTIPROC_DIR",
                 "RECOMMENDER_OWN_METRICS_DIR", "RECOMMENDER_METRICS_DIR_READY"):
        if name not in env:
            environ.pop(name, None)
    with open(log, "wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"],
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


def binary(name: str) -> str:
    """The path of a Debian binary the test drives; skip only when it is truly absent."""
    path = shutil.which(name) or next((p for p in (f"/usr/sbin/{name}", f"/usr/bin/{name}") if os.path.exists(p)),
                                      None)
    if path is None:
        pytest.skip(f"{name} is not installed (.ci/run installs it with apt-get)")
    return path


# -- the form in a real browser (Debian's chromium via Playwright) ---------------------------------

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def live_server() -> Iterator[str]:
    """The app in a werkzeug server thread on a free port of 127.0.0.1; yields its base URL."""
    app = create_app({"RECOMMENDER_PLANS": PLANS, "RECOMMENDER_WATCH_INTERVAL_S": 0})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's chromium driven by Playwright (never ``playwright install``)."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium): browser tests need it")
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="playwright is not installed (pip install -e '.[test]')")
    with sync_api.sync_playwright() as playwright:  # a fresh temporary profile per launch
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Everything here runs real processes: marked ``e2e`` (``-m 'not e2e'`` for a quick run)."""
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.e2e)
