"""Load with live reloads: gunicorn on 127.0.0.1, closed-loop clients POSTing profiles, plan files edited under it.

    python bench/load.py --seconds 60          # on demand (the figures in the README; runs this module)
    tests/e2e/test_load.py               # what CI runs: a short run of ``run``

It lives with the tests (which must not import ``bench/``); ``bench/load.py`` is its command line.

A temporary copy of ``plans/`` (with ``seeds/facts.yaml`` beside it) is served by gunicorn
(``gunicorn.conf.py``, the file watcher polling every ``--watch-interval`` seconds in each worker,
rate limiting off).  ``--connections`` client threads POST a random profile each to
``/api/v1/recommendations`` as fast as answers come back (saturation), for ``--seconds``.
Meanwhile the China Mobile plan file is edited ``--reloads`` times, evenly spaced, every other
edit broken (a YAML syntax error, a negative fee, a non-UTF-8 byte, a duplicate key, a truncated
file); each edit is written atomically (a temporary file, then rename), as editors and deploy tools
do.  Every response must be a 200 whose ``catalogue_version`` (body and header) is one of the
versions of the valid edits (or the starting one): a broken edit must never serve, and no request
may fail.

Prints ``LOAD seconds=.. requests=.. errors=.. rps=.. p50_ms=.. p99_ms=.. max_ms=.. reloads=..
versions_seen=..`` and exits 1 on any error.
"""

import argparse
import http.client
import json
import os
import random
import shutil
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from recommender.catalogue import CatalogueError, load_catalogue
from tests.e2e.servers import free_port, gunicorn
from tests.paths import ROOT

EDITED = "china-mobile.yaml"
FEE = "monthly_fee: {value: 199, "
PROFILES = [json.loads(p.read_text()) for p in sorted((ROOT / "seeds" / "profiles").glob("*.json"))]


@dataclass
class Result:
    seconds: float = 0.0
    requests: int = 0
    errors: int = 0
    latencies: list[float] = field(default_factory=list)
    versions_seen: dict[str, int] = field(default_factory=dict)
    valid_versions: list[str] = field(default_factory=list)
    broken_served: int = 0
    reload_failures: float = 0.0
    reloads: int = 0
    broken_edits: int = 0
    error_samples: list[str] = field(default_factory=list)

    def percentile(self, q: float) -> float:
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000

    def line(self) -> str:
        versions = ",".join(f"{v}:{n}" for v, n in self.versions_seen.items())
        return (f"LOAD seconds={self.seconds:.1f} requests={self.requests} errors={self.errors} "
                f"rps={self.requests / max(self.seconds, 1e-9):.0f} p50_ms={self.percentile(0.50):.1f} "
                f"p99_ms={self.percentile(0.99):.1f} max_ms={self.percentile(1.0):.1f} "
                f"reloads={self.reloads} broken_edits={self.broken_edits} "
                f"versions_seen={len(self.versions_seen)}/{len(self.valid_versions)} "
                f"broken_served={self.broken_served} rejected_reloads={self.reload_failures:g} [{versions}]")


def _profile(rng: random.Random) -> bytes:
    profile = dict(rng.choice(PROFILES))
    if "lines" in profile:  # (a household's usage is its lines': the holder's data varied)
        profile["lines"] = [{**profile["lines"][0], "data_gb": rng.randint(0, 300)}, *profile["lines"][1:]]
    else:
        profile["data_gb"] = rng.randint(0, 300)
    profile.pop("months", None)
    profile.pop("records", None)
    return json.dumps(profile).encode()


def _edits(original: str, count: int) -> list[tuple[bool, bytes]]:
    """``count`` edits of the plan file, alternating valid (a new fee) and broken."""
    assert FEE in original
    broken = [
        lambda: original.replace(FEE, "monthly_fee: {value: 199 [, ", 1).encode(),    # YAML syntax
        lambda: original.replace(FEE, "monthly_fee: {value: -5, ", 1).encode(),      # schema: negative fee
        lambda: original.encode().replace(b"name_en: China Mobile", b"name_en: China \xff Mobile", 1),  # not UTF-8
        lambda: (original + "\ncurrency: CNY\n").encode(),                            # duplicate key
        lambda: original[: original.index(FEE) + len(FEE) - 6].encode(),             # truncated mid-mapping
    ]
    out = []
    for i in range(count):
        if i % 2 == 0:
            out.append((True, original.replace(FEE, f"monthly_fee: {{value: {200 + i}, ", 1).encode()))
        else:
            out.append((False, broken[(i // 2) % len(broken)]()))
    return out


def _write_atomically(path: Path, raw: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")  # not *.yaml: the loader never sees it
    tmp.write_bytes(raw)
    os.replace(tmp, path)


def _reload_failures(host: str) -> float:
    """The workers' rejected reloads, from /metrics (summed over workers)."""
    conn = http.client.HTTPConnection(host.split(":")[0], int(host.split(":")[1]), timeout=30)
    conn.request("GET", "/metrics")
    text = conn.getresponse().read().decode()
    return sum(float(line.split()[-1]) for line in text.splitlines()
               if line.startswith("recommender_catalogue_reload_failures_total "))


def run(seconds: float = 60, reloads: int = 20, connections: int = 8, workers: int = 2,
        watch_interval: float = 0.2, seed: int = 1) -> Result:
    result = Result()
    workdir = Path(tempfile.mkdtemp(prefix="recommender-load-"))
    try:
        shutil.copytree(ROOT / "plans", workdir / "plans")
        (workdir / "seeds").mkdir()
        shutil.copy(ROOT / "seeds" / "facts.yaml", workdir / "seeds" / "facts.yaml")
        plan_file = workdir / "plans" / EDITED
        original = plan_file.read_text(encoding="utf-8")
        edits = _edits(original, reloads)
        valid = {load_catalogue(workdir / "plans").version}
        probe = workdir / "probe" / "plans"
        shutil.copytree(workdir / "plans", probe)
        shutil.copytree(workdir / "seeds", probe.parent / "seeds")
        for ok, raw in edits:  # each edit's version, computed the way the server computes it
            (probe / EDITED).write_bytes(raw)
            try:
                version = load_catalogue(probe).version
            except CatalogueError:
                assert not ok, "a valid edit failed to load"
                continue
            assert ok, "a broken edit loaded"
            valid.add(version)
        result.valid_versions = sorted(valid)

        port = free_port()
        host = f"127.0.0.1:{port}"
        server = ExitStack()  # the one launcher (tests/e2e/servers.py), stopped below
        server.enter_context(gunicorn(port, workdir / "server.log", WEB_CONCURRENCY=str(workers),
                                      RECOMMENDER_PLANS=str(workdir / "plans"),
                                      RECOMMENDER_WATCH_INTERVAL_S=str(watch_interval),
                                      RECOMMENDER_RATE_LIMIT="off", LOG_LEVEL="warning"))
        lock = threading.Lock()
        stop = threading.Event()

        def client(number: int) -> None:
            rng = random.Random(seed * 1000 + number)
            latencies: list[float] = []
            seen: dict[str, int] = {}
            errors, samples = 0, []
            while not stop.is_set():
                body = _profile(rng)
                started = time.perf_counter()
                try:
                    conn = http.client.HTTPConnection(host.split(":")[0], int(host.split(":")[1]), timeout=60)
                    conn.request("POST", "/api/v1/recommendations?top_k=3", body=body,
                                 headers={"Content-Type": "application/json"})
                    response = conn.getresponse()
                    payload = response.read()
                    conn.close()
                    elapsed = time.perf_counter() - started
                    version = json.loads(payload).get("catalogue_version") if response.status == 200 else None
                    if version is None or version != response.getheader("X-Catalogue-Version"):
                        errors += 1
                        samples.append(f"{response.status} {payload[:200]!r}")
                    else:
                        seen[version] = seen.get(version, 0) + 1
                    latencies.append(elapsed)
                except Exception as exc:  # a failed request is an error, whatever it is
                    errors += 1
                    samples.append(repr(exc)[:200])
            with lock:
                result.latencies.extend(latencies)
                result.errors += errors
                result.requests += len(latencies) + sum(1 for s in samples if not s[:3].isdigit())
                result.error_samples.extend(samples[:5])
                for version, n in seen.items():
                    result.versions_seen[version] = result.versions_seen.get(version, 0) + n

        threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(connections)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        try:
            gap = seconds / (reloads + 1)
            for ok, raw in edits:
                time.sleep(max(0.0, started + gap * (result.reloads + 1) - time.monotonic()))
                _write_atomically(plan_file, raw)
                result.reloads += 1
                result.broken_edits += not ok
            time.sleep(max(0.0, started + seconds - time.monotonic()))
        finally:
            stop.set()
            for thread in threads:
                thread.join(120)
            result.seconds = time.monotonic() - started
            result.reload_failures = _reload_failures(host)
            server.close()
        result.broken_served = sum(n for v, n in result.versions_seen.items() if v not in valid)
        result.errors += result.broken_served
        return result
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--reloads", type=int, default=20, help="plan-file edits, every other one broken")
    parser.add_argument("--connections", type=int, default=8, help="concurrent clients (closed loop)")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY") or 2))
    parser.add_argument("--watch-interval", type=float, default=0.2, help="RECOMMENDER_WATCH_INTERVAL_S")
    args = parser.parse_args()
    result = run(args.seconds, args.reloads, args.connections, args.workers, args.watch_interval)
    print(result.line())
    for sample in result.error_samples[:10]:
        print("  error:", sample)
    return 0 if result.errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
