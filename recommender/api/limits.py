"""Per-client rate limiting (the ``limits`` library): 429 in the one error shape, with ``Retry-After``.

The client is the connection's address (``request.remote_addr``; behind a reverse proxy, make
the proxy set it, e.g. with werkzeug's ``ProxyFix``).  Counts live in
``RECOMMENDER_RATE_LIMIT_STORAGE``: ``memory://`` keeps them in each worker process (a client
may then make up to workers x the limit), ``redis://...`` shares them between workers and hosts.
The probes (``/healthz``, ``/readyz``) and ``/metrics`` are never limited.

Other limits live where they apply: the body size (``MAX_CONTENT_LENGTH``, 413), the JSON depth
(``parsing.py``, 400), ``top_k`` (the schema and ``answer.MAX_TOP_K``), the plan files' size and
nesting (``catalogue/yamlsource.py``), the solver's time (``RECOMMENDER_TIME_LIMIT_S``).
"""

import math
import os
import time
from collections.abc import Mapping

from flask import Flask, Response, g, request
from limits import RateLimitItem, parse_many
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter
from werkzeug.exceptions import TooManyRequests

UNLIMITED_PATHS = frozenset(("/healthz", "/readyz", "/metrics"))


class RateLimiter:
    """One moving-window budget per client address across every endpoint, checked before each request.

    The ``limits`` library (flask-limiter's core) does the counting, in ``RECOMMENDER_RATE_LIMIT_STORAGE``;
    the check is called directly, without flask-limiter's per-request resolution of route, blueprint
    and exemption rules that this app does not use (it cost ~0.3 ms of CPU per request; this ~0.01 ms).
    """

    def __init__(self, rate: str, storage_uri: str) -> None:
        self.rate = rate
        self.items: list[RateLimitItem] = parse_many(rate)
        self.strategy = MovingWindowRateLimiter(storage_from_string(storage_uri))
        self.message = f"too many requests from this client: at most {rate.replace('/', ' per ')}; see Retry-After"

    def check(self) -> None:
        if request.path in UNLIMITED_PATHS:
            return None
        client = request.remote_addr or "unknown"
        for item in self.items:
            if not self.strategy.hit(item, "recommender", client):
                reset_at = self.strategy.get_window_stats(item, "recommender", client).reset_time
                g.rate_limit_reset_at = reset_at
                raise TooManyRequests(self.message)
        return None


def init_limits(app: Flask, config: Mapping[str, object] | None = None) -> RateLimiter | None:
    """Install the limiter per ``RECOMMENDER_RATE_LIMIT`` (under ``TESTING``, only when set explicitly)."""
    rate = app.config.get("RECOMMENDER_RATE_LIMIT")
    explicit = "RECOMMENDER_RATE_LIMIT" in (config or {}) or bool(os.environ.get("RECOMMENDER_RATE_LIMIT"))
    if rate is None or (app.testing and not explicit):
        return None
    limiter = RateLimiter(str(rate), str(app.config["RECOMMENDER_RATE_LIMIT_STORAGE"]))
    app.before_request(limiter.check)

    @app.after_request
    def _retry_after(response: Response) -> Response:
        reset_at = g.get("rate_limit_reset_at")
        if response.status_code == 429 and reset_at is not None:
            response.headers["Retry-After"] = str(max(1, math.ceil(reset_at - time.time())))
        return response

    app.extensions["recommender.limiter"] = limiter
    return limiter
