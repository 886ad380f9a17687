"""What the rate limiter and the JSON access log cost per request, in-process (Flask's test client).

Three apps from ``create_app``: everything on (the limiter with a limit no client reaches, the
access log formatted as JSON onto a discarded stream, as under gunicorn), the limiter off, the
access log off (its logger above INFO).  Each serves the same cheap request (``GET
/api/v1/operators`` answered 304 from its ETag, through every hook) in interleaved rounds; the
CPU time (``time.process_time``) per request of each app is the least over rounds (the round least
disturbed by other processes), and each middleware's cost is the median over rounds of the
difference with the app that lacks it in the same round (a pair measured moments apart).

``bench/run.py`` runs this module in a process of its own (``python -m bench.middleware --json``),
as a gunicorn worker is: not in the benchmark's process, which by then holds a million profiles'
arrays and two compiled catalogues for the collector to walk.
"""

import json
import logging
import os
import statistics
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask

from recommender.api.observability import JsonFormatter
from recommender.app import create_app

PATH = "/api/v1/operators"


@contextmanager
def _json_log_to_nowhere() -> Iterator[None]:
    root = logging.getLogger()
    handler = logging.StreamHandler(open(os.devnull, "w"))  # closed below
    handler.setFormatter(JsonFormatter())
    saved = root.level, root.handlers[:]
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
    try:
        yield
    finally:
        root.setLevel(saved[0])
        root.handlers[:] = saved[1]
        handler.stream.close()


def _cpu_per_request(app: Flask, n: int, access_log: bool) -> float:
    client = app.test_client()
    etag = client.get(PATH).headers["ETag"]
    logger = logging.getLogger("recommender.access")
    logger.setLevel(logging.INFO if access_log else logging.WARNING)
    try:
        start = time.process_time()
        for _ in range(n):
            response = client.get(PATH, headers={"If-None-Match": etag})
            assert response.status_code == 304, response.status_code
        return (time.process_time() - start) / n
    finally:
        logger.setLevel(logging.NOTSET)


def measure(n: int = 2000, rounds: int = 9) -> dict[str, float]:
    """Milliseconds of CPU per request: ``all``, ``no_limiter``, ``no_access_log``, and the two costs."""
    on = {"RECOMMENDER_RATE_LIMIT": "100000000/second", "RECOMMENDER_WATCH_INTERVAL_S": "0"}
    apps = {
        "all": (create_app(on), True),
        "no_limiter": (create_app({**on, "RECOMMENDER_RATE_LIMIT": "off"}), True),
        "no_access_log": (create_app(on), False),
    }
    samples: dict[str, list[float]] = {name: [] for name in apps}
    with _json_log_to_nowhere():
        for app, log in apps.values():
            _cpu_per_request(app, n // 10, log)  # warm
        for _ in range(rounds):
            for name, (app, log) in apps.items():
                samples[name].append(_cpu_per_request(app, n, log))
    out = {name: 1000 * min(ts) for name, ts in samples.items()}
    for cost, without in (("limiter", "no_limiter"), ("access_log", "no_access_log")):
        out[cost] = 1000 * statistics.median(a - b for a, b in zip(samples["all"], samples[without], strict=True))
    return out


if __name__ == "__main__":
    if sys.argv[1:2] == ["--json"]:
        print(json.dumps(measure(*(int(a) for a in sys.argv[2:3]))))
    else:
        for key, value in measure().items():
            print(f"{key:>14}: {value:.3f} ms CPU per request")
