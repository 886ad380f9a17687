"""Per-client rate limiting (the ``limits`` library): 429 in the one error shape, with ``Retry-After``.

The client is the connection's address (``request.remote_addr``; behind a reverse proxy, make
the proxy set it, e.g. with werkzeug's ``ProxyFix``), an IPv6 address by its /64 (``client_key``).  Counts live in
``RECOMMENDER_RATE_LIMIT_STORAGE``: ``memory://`` keeps them in each worker process (a client
may then make up to workers x the limit), ``redis://...`` shares them between workers and hosts.
The probes (``/healthz``, ``/readyz``) and ``/metrics`` are never limited.  When the shared storage
fails (Redis down, or slower than ``STORAGE_TIMEOUT_S``), requests are let through unlimited, logged (at
most every ``STORAGE_WARN_EVERY_S`` a process) and counted (``recommender_rate_limit_storage_errors_total``),
and the storage is asked again only after ``STORAGE_RETRY_S``: an outage of the limiter's storage is no
outage of the service.

Other limits live where they apply: the body size (``MAX_CONTENT_LENGTH``, 413), the JSON depth
(``parsing.py``, 400), ``top_k`` (the schema and ``answer.MAX_TOP_K``), the plan files' size and
nesting (``catalogue/yamlsource.py``), the solver's time (``RECOMMENDER_TIME_LIMIT_S``).
"""

import functools
import ipaddress
import logging
import math
import os
import re
import threading
import time
from collections import deque
from collections.abc import Mapping

from flask import Flask, Response, g, request
from limits import RateLimitItem, parse_many
from limits.errors import StorageError
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter
from werkzeug.exceptions import TooManyRequests

from .observability import RATE_LIMIT_STORAGE_ERRORS, updating

UNLIMITED_PATHS = frozenset(("/healthz", "/readyz", "/metrics"))
STORAGE_TIMEOUT_S = 0.25
"""How long a Redis storage may take to connect or answer (its URI's ``socket_timeout`` and
``socket_connect_timeout`` win): a hung Redis held every request for seconds, then failed it."""
STORAGE_WARN_EVERY_S = 10.0
STORAGE_RETRY_S = 5.0
"""After the storage fails, requests go unlimited without asking it for this long, then it is asked again."""
_REDIS = ("redis", "rediss", "redis+unix", "valkey", "valkeys", "valkey+unix")
_log = logging.getLogger("recommender.limits")


IPV6_PREFIX = 64


@functools.lru_cache(maxsize=4096)
def client_key(address: str | None) -> str:
    """Whose budget a request counts against: an IPv4 address, or an IPv6 address's /64 (found by the security QA:
    one subscriber's /64 holds 2^64 addresses, and each had a budget of its own, so cycling through them was no
    limit at all); an IPv4-mapped IPv6 address is its IPv4 address."""
    if not address:
        return "unknown"
    try:
        parsed = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.IPv6Network((parsed, IPV6_PREFIX), strict=False))
    return str(parsed)


class LocalWindows:
    """Moving windows kept in this process (``memory://``): per limit and client, the times of the
    hits within the window.  The ``limits`` library's memory storage starts a timer thread every
    10 ms under load to expire its entries (about 0.1 ms of a worker's time per request); here a
    client's old hits are dropped when it next comes, and every ``SWEEP`` hits the clients with no
    hit left in their window are forgotten (about 1 KB each: kept a day, as before, a day's distinct
    addresses grew a worker by about 1 GB a million)."""

    SWEEP = 10_000

    def __init__(self) -> None:
        self.hits: dict[tuple[int, str], deque[float]] = {}
        self.windows: dict[int, float] = {}
        """Each limit's window (seconds), by its index."""
        self.lock = threading.Lock()
        self.count = 0

    def hit(self, item: RateLimitItem, index: int, client: str) -> bool:
        now, window = time.time(), item.get_expiry()
        with self.lock:
            times = self.hits.get((index, client))
            if times is None:
                times = self.hits[(index, client)] = deque()
            while times and times[0] <= now - window:
                times.popleft()
            allowed = len(times) < item.amount
            if allowed:
                times.append(now)
            self.windows[index] = window
            self.count += 1
            if self.count % self.SWEEP == 0:  # (after this hit is counted: a sweep drops empty windows)
                self._sweep(now)
            return allowed

    def _within(self, item: RateLimitItem, index: int, client: str) -> list[float]:
        now = time.time()
        with self.lock:
            return [t for t in self.hits.get((index, client), ()) if t > now - item.get_expiry()]

    def full(self, item: RateLimitItem, index: int, client: str) -> bool:
        """Whether the window has no room now (as many hits within it as the limit)."""
        return len(self._within(item, index, client)) >= item.amount

    def reset_at(self, item: RateLimitItem, index: int, client: str) -> float:
        """When the window has room for one more hit: when the hit that fills it leaves (the oldest of a window
        holding the limit's hits; a window not asked by this request may still hold hits past it)."""
        within = self._within(item, index, client)
        if len(within) < item.amount:
            return time.time()
        return (within[len(within) - item.amount] if item.amount else time.time()) + item.get_expiry()  # (0: none)

    def _sweep(self, now: float) -> None:
        for key, times in list(self.hits.items()):
            if not times or times[-1] <= now - self.windows.get(key[0], 86_400):
                del self.hits[key]


class RateLimiter:
    """One moving-window budget per client address across every endpoint, checked before each request.

    ``memory://`` counts in this process (``LocalWindows``); other storages (``redis://``) through the
    ``limits`` library (flask-limiter's core), called directly, without flask-limiter's per-request
    resolution of route, blueprint and exemption rules that this app does not use.
    """

    def __init__(self, rate: str, storage_uri: str) -> None:
        self.rate = rate
        self.items: list[RateLimitItem] = parse_many(rate)
        self.local = LocalWindows() if storage_uri.rstrip("/") == "memory:" else None
        timeouts = {"socket_timeout": STORAGE_TIMEOUT_S, "socket_connect_timeout": STORAGE_TIMEOUT_S} \
            if storage_uri.split("://", 1)[0] in _REDIS else {}
        self.strategy = None if self.local else MovingWindowRateLimiter(
            storage_from_string(storage_uri, wrap_exceptions=True, **timeouts))
        limits = [part.strip().replace("/", " per ") for part in re.split(r"[,;|]", rate) if part.strip()]
        self.message = f"too many requests from this client: at most {' and '.join(limits)}; see Retry-After"
        self.warned_at = -math.inf
        self.skip_until = -math.inf
        """After a storage failure, the storage is not asked again for ``STORAGE_RETRY_S``: a hung Redis cost
        every request its timeout (found by review: two sync workers served 8 requests a second)."""

    def check(self) -> None:
        if request.path in UNLIMITED_PATHS:
            return None
        if self.strategy is not None and time.monotonic() < self.skip_until:
            self._count_unlimited()
            return None
        client = client_key(request.remote_addr)
        for index, item in enumerate(self.items):
            if self.local is not None:
                allowed = self.local.hit(item, index, client)
            else:
                assert self.strategy is not None
                try:
                    allowed = self.strategy.hit(item, "recommender", client)
                except StorageError as exc:
                    self._unlimited(exc)
                    return None
            if not allowed:
                g.rate_limit_reset_at = self._room_at(client, index)
                raise TooManyRequests(self.message)
        return None

    def _room_at(self, client: str, refused: int) -> float:
        """When a request is next let in: the latest reset of the windows now full, the one that refused it among
        them.  Found by the SRE's test: under "3/second;5/minute", a request the minute refused had taken a place
        in the second's window, so the next was refused by the second, "Retry-After: 1", and retrying a second
        later was refused again (the minute's 58 s were left)."""
        if self.local is not None:
            return max(self.local.reset_at(item, index, client) for index, item in enumerate(self.items)
                       if index == refused or self.local.full(item, index, client))
        assert self.strategy is not None
        try:
            stats = [self.strategy.get_window_stats(item, "recommender", client) for item in self.items]
        except StorageError:
            return time.time() + self.items[refused].get_expiry()
        return max(s.reset_time for i, s in enumerate(stats) if i == refused or s.remaining == 0)

    def _unlimited(self, exc: StorageError) -> None:
        """The storage failed: this request goes unlimited, counted, and said in the log now and then; the
        storage is asked again after ``STORAGE_RETRY_S``."""
        self._count_unlimited()
        now = time.monotonic()
        self.skip_until = now + STORAGE_RETRY_S
        if now - self.warned_at >= STORAGE_WARN_EVERY_S:
            self.warned_at = now
            _log.warning("rate-limit storage failed (%s: %s): requests are not limited until it answers",
                         type(exc.storage_error).__name__, exc.storage_error)

    @staticmethod
    def _count_unlimited() -> None:
        with updating:
            RATE_LIMIT_STORAGE_ERRORS.inc()


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
        if response.status_code == 429:  # (before ``g``: every request passes here, few are 429s)
            reset_at = g.get("rate_limit_reset_at")
            if reset_at is not None:
                response.headers["Retry-After"] = str(max(1, math.ceil(reset_at - time.time())))
        return response

    app.extensions["recommender.limiter"] = limiter
    return limiter
