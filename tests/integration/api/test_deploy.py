"""The shipped deployment files agree: the image runs behind deploy/nginx.conf, never facing clients."""

import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

from tests.paths import ROOT


def test_the_image_is_served_behind_the_buffering_proxy() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))["services"]
    app, proxy = compose["app"], compose["nginx"]
    assert app.get("build") == "." and "ports" not in app  # the app's port is not published to clients
    assert app["expose"] == ["8000"] and app["environment"]["RECOMMENDER_PROXY_FIX"] == "1"
    assert proxy["ports"] == ["8080:8080"] and "app:8000" in " ".join(proxy["command"])
    assert "./deploy/nginx.conf" in proxy["volumes"][0]
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    instructions = [line.split()[0] for line in dockerfile.splitlines() if line.strip() and not line.startswith("#")
                    and not line.startswith(" ")]
    assert "EXPOSE" in instructions and "docker compose up" in dockerfile and "deploy/nginx.conf" in dockerfile
    assert "docker run -p 8000:8000 tariff-recommender\n" not in dockerfile  # no longer the advice
    assert "USER 10001" in dockerfile and "HEALTHCHECK" in instructions
    assert "8000/readyz'" in dockerfile  # (healthy when a catalogue is served: /healthz is 200 with none)


def test_the_proxy_waits_longer_than_a_worker_may_take() -> None:
    """nginx's read timeout is above gunicorn's worker timeout (``gunicorn.conf.py``: 30 s, or
    RECOMMENDER_TIME_LIMIT_S + 10 s) under the compose file's environment, so that a request out of time gets the
    service's own 503 or 500, not nginx's 504 (noticed by the security review: the comment still said 30 s after the
    timeout came to follow the time limit).  gunicorn reads its configuration in a process of its own: the file sets
    the metrics and shared folders in the environment of whoever reads it."""
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))["services"]["app"]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RECOMMENDER_", "GUNICORN_", "PROMETHEUS_"))}
    env |= {name: str(value) for name, value in compose["environment"].items()}
    done = subprocess.run([str(Path(sys.executable).with_name("gunicorn")), "--print-config", "-c", "gunicorn.conf.py",
                           "wsgi:app"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    found = re.search(r"^timeout\s+= (\d+)$", done.stdout, re.M)
    assert found is not None, done.stdout
    worker = int(found.group(1))
    conf = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    (read,) = re.findall(r"^\s*proxy_read_timeout (\d+)s;", conf, re.M)
    assert worker >= 30 and int(read) > worker
