"""HTTP throughput under gunicorn on 127.0.0.1: recommendations against a hello-world endpoint.

Both endpoints are served by one gunicorn started with the project's ``gunicorn.conf.py`` (same
workers, same middleware); the load comes from ``wrk`` (Debian's package) with a bounded number
of connections, one endpoint after the other.  Without wrk the section is skipped.
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Every request a different profile (usage and needs drawn at random), so that nothing can be
# answered from a cache: the benchmark measures the work of answering.
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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wrk(url: str, seconds: float, script: str | None) -> float:
    command = ["wrk", "-t2", "-c16", f"-d{max(1, int(seconds))}s", "--latency", url]
    if script:
        command[1:1] = ["-s", script]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        raise RuntimeError(f"{url}: {errors.group(1)} error responses under load")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]


def measure(seconds: float) -> tuple[float, float] | None:
    """``(hello req/s, recommendations req/s)``, or None when wrk or the server is unavailable."""
    if shutil.which("wrk") is None:
        print("  wrk not found (Debian: apt-get install wrk)")
        return None
    port = _free_port()
    env = {**os.environ, "BIND": f"127.0.0.1:{port}", "RECOMMENDER_WATCH_INTERVAL_S": "0",
           "RECOMMENDER_RATE_LIMIT": "100000000/second", "PYTHONPATH": str(ROOT)}
    log = tempfile.TemporaryFile()  # a file, not a pipe: a full pipe would block the server's logging
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"),
                               "--access-logfile", "/dev/null", "bench.hello_app:app"],
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
                    print("  gunicorn did not start:", log.read()[-500:])
                    return None
                time.sleep(0.2)
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
            lua.write(POST_LUA)
        _wrk(base + "/bench/hello", 1, None)  # warm every worker (the app logs each request, as in production)
        _wrk(base + "/api/v1/recommendations", 1, lua.name)
        hello = _wrk(base + "/bench/hello", seconds, None)
        recommendations = _wrk(base + "/api/v1/recommendations", seconds, lua.name)
        os.unlink(lua.name)
        return hello, recommendations
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
