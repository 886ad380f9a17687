"""Per-client rate limiting (flask-limiter): 429 in the one error shape, with ``Retry-After``.

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
from flask_limiter import ApplicationLimit, Limiter, RequestLimit
from flask_limiter.util import get_remote_address

UNLIMITED_PATHS = ("/healthz", "/readyz", "/metrics")


def _on_breach(limit: RequestLimit) -> None:
    g.rate_limit_reset_at = limit.reset_at


def init_limits(app: Flask, config: Mapping[str, object] | None = None) -> Limiter | None:
    """Install the limiter per ``RECOMMENDER_RATE_LIMIT`` (under ``TESTING``, only when set explicitly)."""
    rate = app.config.get("RECOMMENDER_RATE_LIMIT")
    explicit = "RECOMMENDER_RATE_LIMIT" in (config or {}) or bool(os.environ.get("RECOMMENDER_RATE_LIMIT"))
    if rate is None or (app.testing and not explicit):
        return None
    limiter = Limiter(
        get_remote_address,
        app=app,
        # An "application" limit: one budget per client across every endpoint (default limits are per route).
        application_limits=[ApplicationLimit(str(rate), error_message=f"too many requests from this client: at "
                                             f"most {str(rate).replace('/', ' per ')}; see Retry-After")],
        storage_uri=str(app.config["RECOMMENDER_RATE_LIMIT_STORAGE"]),
        strategy="moving-window",
        headers_enabled=False,
        on_breach=_on_breach,
        key_prefix="recommender",
    )
    limiter.request_filter(lambda: request.path in UNLIMITED_PATHS)

    @app.after_request
    def _retry_after(response: Response) -> Response:
        reset_at = g.get("rate_limit_reset_at")
        if response.status_code == 429 and reset_at is not None:
            response.headers["Retry-After"] = str(max(1, math.ceil(reset_at - time.time())))
        return response

    app.extensions["recommender.limiter"] = limiter
    return limiter
