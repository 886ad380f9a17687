"""End to end: real gunicorn (gunicorn.conf.py, 2 workers, preloaded app), real HTTP."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from recommender.answer import recommend
from recommender.catalogue import DEFAULT_PLANS, load_catalogue
from recommender.profile import Profile

from .conftest import PROFILES, ROOT

pytestmark = pytest.mark.server


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    port = _free_port()
    env = {**os.environ, "BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "2", "RECOMMENDER_WATCH_INTERVAL_S": "0",
           "RECOMMENDER_PLANS": str(DEFAULT_PLANS)}
    process = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"],
                               cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, process.stdout.read().decode()  # type: ignore[union-attr]
            try:
                if _get(f"{base}/healthz")[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "gunicorn did not come up"
            time.sleep(0.2)
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stdout.close()  # type: ignore[union-attr]


def test_real_server_answers_like_the_domain(server: str) -> None:
    catalogue = load_catalogue(DEFAULT_PLANS)
    for profile_file in PROFILES[:3]:
        raw = Path(profile_file).read_bytes()
        request = urllib.request.Request(f"{server}/api/v1/recommendations?top_k=3", data=raw, method="POST",
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.status == 200
            assert response.headers["X-Catalogue-Version"] == catalogue.version
            answer = json.loads(response.read())
        expected = recommend(catalogue, Profile.model_validate(json.loads(raw)), top_k=3).document(catalogue)
        assert answer == json.loads(json.dumps(expected))


def test_real_server_errors_and_readiness(server: str) -> None:
    request = urllib.request.Request(f"{server}/api/v1/recommendations", data=b'{"sms": "5"}', method="POST",
                                     headers={"Content-Type": "application/json"})
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request, timeout=30)
    assert caught.value.code == 422
    assert json.loads(caught.value.read())["errors"][0]["path"] == "sms"
    status, body = _get(f"{server}/readyz")
    assert status == 200 and json.loads(body)["status"] == "ready"
    status, body = _get(f"{server}/api/docs")
    assert status == 200 and b"/api/docs/static/swagger-ui-bundle.js" in body
