"""HTTP throughput under gunicorn on 127.0.0.1: the service against a bare Flask app.

Each app is served in turn by the same command, ``python -m gunicorn -c gunicorn.conf.py <app>``,
with ``WEB_CONCURRENCY`` set explicitly (``WORKERS``, 2) and the configuration file's worker
class (sync); the service is ``wsgi:app`` as deployed (middleware, rate limiter, JSON access log
and metrics all on; the limit raised so that one client address is never refused), the baseline
``bench.bare_app:app``.  The load is ``wrk`` (Debian's package) with a bounded number of
connections, every request a different random profile (so nothing can be answered from a cache),
the same bodies for both.  Server CPU per request is read from ``/proc`` (the workers' user +
system time over the run, divided by the requests).  Without wrk the section is skipped.

``answer_cpu_ms`` is what no framework can save: the answer alone, in-process, for bodies drawn
as ``POST_LUA`` draws them (the profile validated, ``recommend`` top-5, the document, orjson).
"""

import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORKERS = 2
CONNECTIONS = 16
# Every request a different profile (usage and needs drawn at random).
POST_LUA = """wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
math.randomseed(7)
local uplinks = {0, 0, 0, 300}
request = function()
  local body = string.format(
    '{"data_gb": %d.%d, "voice_minutes": %d, "sms": %d, "needs": {"min_uplink_mbps": %d}}',
    math.random(1, 150), math.random(0, 9), math.random(0, 2000), math.random(0, 100),
    uplinks[math.random(1, 4)])
  return wrk.format(nil, nil, nil, body)
end
"""


def bodies(n: int, seed: int = 7) -> list[dict[str, object]]:
    """``n`` request bodies drawn as ``POST_LUA`` draws them (the same ranges and choices)."""
    rng = random.Random(seed)
    return [{"data_gb": float(f"{rng.randint(1, 150)}.{rng.randint(0, 9)}"), "voice_minutes": rng.randint(0, 2000),
             "sms": rng.randint(0, 100), "needs": {"min_uplink_mbps": rng.choice((0, 0, 0, 300))}}
            for _ in range(n)]


def answer_cpu_ms(n: int) -> float:
    """CPU per request of the answer alone, in-process (one process): the body validated as a
    ``Profile``, ``recommend`` with the API's defaults, the document, encoded by orjson."""
    import orjson

    from recommender.answer import recommend
    from recommender.catalogue import DEFAULT_PLANS, load_catalogue
    from recommender.profile import Profile

    catalogue = load_catalogue(DEFAULT_PLANS)
    sample = bodies(n)

    def answer(body: dict[str, object]) -> bytes:
        return orjson.dumps(recommend(catalogue, Profile.model_validate(body)).document(catalogue))

    for body in sample[:50]:
        answer(body)
    start = time.process_time()
    for body in sample:
        answer(body)
    return 1000 * (time.process_time() - start) / n


@dataclass(frozen=True)
class Throughput:
    requests_per_s: float
    cpu_ms_per_request: float  # the workers' CPU (user + system), per request


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _cpu_seconds(master: int) -> float:
    """User + system CPU of the master's children (the workers) so far."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    for pid in children:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def _wrk(url: str, seconds: float, script: str) -> tuple[float, int]:
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{max(1, int(seconds))}s", "-s", script, url]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        raise RuntimeError(f"{url}: {errors.group(1)} error responses under load")
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    count = re.search(r"(\d+) requests in", output)
    if rate is None or count is None:
        raise RuntimeError(f"{url}: wrk did not say its rate and count:\n{output}")
    return float(rate.group(1)), int(count.group(1))


def _serve_and_load(app: str, path: str, seconds: float, script: str, extra_env: dict[str, str]) -> Throughput | None:
    port = _free_port()
    env = {**os.environ, "BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": str(WORKERS), "PYTHONPATH": str(ROOT),
           **extra_env}
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    log = tempfile.TemporaryFile()  # a file, not a pipe: a full pipe would block the server's logging
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"), app],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    print(f"  gunicorn did not start {app}:", log.read()[-500:])
                    return None
                time.sleep(0.2)
        _wrk(base + path, 1, script)  # warm every worker
        before = _cpu_seconds(server.pid)
        rate, count = _wrk(base + path, seconds, script)
        cpu = _cpu_seconds(server.pid) - before
        return Throughput(rate, 1000 * cpu / max(1, count))
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def measure(seconds: float) -> tuple[Throughput, Throughput] | None:
    """``(bare Flask POST, POST /api/v1/recommendations)``, or None when wrk or a server is unavailable."""
    if shutil.which("wrk") is None:
        print("  wrk not found (Debian: apt-get install wrk)")
        return None
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(POST_LUA)
    try:
        bare = _serve_and_load("bench.bare_app:app", "/hello", seconds, lua.name, {})
        service = _serve_and_load("wsgi:app", "/api/v1/recommendations", seconds, lua.name,
                                  {"RECOMMENDER_RATE_LIMIT": "100000000/second"})
    finally:
        os.unlink(lua.name)
    if bare is None or service is None:
        return None
    return bare, service
