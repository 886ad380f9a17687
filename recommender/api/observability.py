"""Request ids, structured JSON logs and Prometheus metrics.

* **Request id**: ``X-Request-ID`` from the client is kept when it is 1-128 characters of
  ``A-Z a-z 0-9 . _ - : /``, else one is generated (32 hex digits); it is returned in the response
  header and carried by every log line of the request.
* **Logs**: ``configure_logging()`` (called by ``gunicorn.conf.py``) makes every log record one
  JSON object: ``ts``, ``level``, ``logger``, ``pid``, ``message``, ``request_id`` and the record's
  structured extras.  The app logs each request once on ``recommender.access`` with method, path,
  status, duration, engine and catalogue version (a path that names a kept TMF680 result, whose id is what lets its
  holder read it, by its route, whatever its method or what follows the id: ``UNLOGGED_PATHS``, ``logged_path``).
* **Metrics** at ``GET /metrics`` (Prometheus text format): ``recommender_http_requests_total``
  (endpoint, method, status), ``recommender_http_request_duration_seconds`` (histogram, endpoint),
  ``recommender_recommendations_total`` (engine, status), ``recommender_catalogue_info`` (version),
  ``recommender_catalogue_reloads_total`` (outcome), ``recommender_catalogue_reload_failures_total`` and
  ``recommender_catalogue_removed_total`` (kind: plan, pack; what the edits served took out of the files),
  ``recommender_tmf680_results_unkept_total`` (TMF680 results answered but not kept for GET by id);
  ``recommender_metrics_files_unreadable_total`` (metrics files left out of ``/metrics``: truncated, corrupt);
  under gunicorn also the version skew across workers: ``recommender_catalogue_versions_served``,
  ``recommender_catalogue_workers_behind`` and ``recommender_catalogue_newest_generation``.
  The method label is one of a fixed set (other methods count as ``OTHER``).
  Under gunicorn, ``PROMETHEUS_MULTIPROC_DIR`` (set up by ``gunicorn.conf.py``) makes ``/metrics``
  add up every worker's figures, whichever worker answers (an ended worker's counts kept: see
  ``metric_files``); without it (one process) the figures are that process's.
"""

import functools
import json
import logging
import math
import os
import re
import time
import uuid
from collections.abc import Iterator

from flask import Blueprint, Flask, Response, current_app, g, has_request_context, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily

from ..serving.store import CatalogueStore, ReloadResult
from . import metric_files
from .common import VERSION_HEADER

UNLOGGED_PATHS = frozenset(("/tmf-api/recommendationManagement/v4/queryProductRecommendation/<query_id>",))
"""Routes whose paths the access log writes as the route, not as sent: a TMF680 result's id is all it takes to read
the characteristics it holds (usage, age, region, household lines' names), so the log of its ``GET`` held the key to
them for anyone who reads the logs (found by the security review; SECURITY.md says the profile appears in no log)."""
_UNLOGGED_UNDER = tuple(((rule.rsplit("/", 1)[0] + "/").lower(), rule) for rule in UNLOGGED_PATHS)
"""Any path under one of those routes' folders is logged as its route too, whether or not it matched: a kept result's
id sent with another method (a 405), with a trailing slash or more after it (a 404), or in other letter case was
written whole (found by the SRE's test, shb)."""
_SLASHES = re.compile(r"/{2,}")


def logged_path(path: str, endpoint: str) -> str:
    """The path the access log writes: the route for ``UNLOGGED_PATHS`` and any path under their folders, else as
    sent."""
    if endpoint in UNLOGGED_PATHS:
        return endpoint
    folded = path.lower()
    if "//" in folded:  # (werkzeug merges repeated slashes, and redirects: the id was in the path sent all the same)
        folded = _SLASHES.sub("/", folded)
    for under, rule in _UNLOGGED_UNDER:
        if folded.startswith(under) and folded != under:
            return rule
    return path


REQUEST_ID_HEADER = "X-Request-ID"
_REQUEST_ID_ENVIRON = "HTTP_X_REQUEST_ID"
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:/-]{1,128}$")

if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):  # before any metric is made (those without labels open files now)
    metric_files.reserve()  # a full disk under the metrics folder: an error where a metric is updated, not SIGBUS

REQUESTS = Counter("recommender_http_requests_total", "HTTP requests answered",
                   ["endpoint", "method", "status"])
LATENCY = Histogram("recommender_http_request_duration_seconds", "time to answer an HTTP request",
                    ["endpoint"], buckets=(.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30))
ANSWERS = Counter("recommender_recommendations_total", "recommendations answered, by engine and status",
                  ["engine", "status"])
CATALOGUE = Gauge("recommender_catalogue_info", "1 for the catalogue version a live process serves",
                  ["version"], multiprocess_mode="livemax")
RELOADS = Counter("recommender_catalogue_reloads_total", "catalogue reloads, by outcome", ["outcome"])
RELOAD_FAILURES = Counter("recommender_catalogue_reload_failures_total",
                          "reloads rejected because the plan files were invalid")
REMOVED = Counter("recommender_catalogue_removed_total",
                  "plans and packs that reloads served took out of the plan files (each said in a warning)", ["kind"])
RATE_LIMIT_STORAGE_ERRORS = Counter("recommender_rate_limit_storage_errors_total",
                                    "requests let through unlimited because the rate-limit storage failed")
METRICS_FILES_UNREADABLE = Counter("recommender_metrics_files_unreadable_total",
                                   "metrics files left out of /metrics because they could not be read (truncated, "
                                   "corrupt), once per file by each process that read it")
metric_files.unreadable_listeners.append(lambda file: _count_unreadable())
TMF680_UNKEPT = Counter("recommender_tmf680_results_unkept_total",
                        "TMF680 queries answered whose result could not be kept for GET by id (its folder full, "
                        "read-only)")

access_log = logging.getLogger("recommender.access")


def request_id() -> str | None:
    return g.get("request_id") if has_request_context() else None


# -- logs -------------------------------------------------------------------------------------------

_RESERVED = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


_ENCODE = json.JSONEncoder(ensure_ascii=False, default=str).encode
"""``json.dumps(obj, ensure_ascii=False, default=str)``, its encoder made once rather than on every record."""


class JsonFormatter(logging.Formatter):
    """One JSON object per line."""

    _second: tuple[int, str] = (-1, "")

    def format(self, record: logging.LogRecord) -> str:
        second = int(record.created)
        if second != self._second[0]:  # the date and time change once a second, not once a record
            self._second = (second, time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(second)))
        out: dict[str, object] = {
            "ts": f"{self._second[1]}.{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "pid": record.process,
            "message": record.getMessage(),
        }
        rid = getattr(record, "request_id", None) or request_id()
        if rid:
            out["request_id"] = rid
        out.update({k: v for k, v in vars(record).items() if k not in _RESERVED and k != "request_id"})
        if record.exc_info:
            out["exception"] = self.formatException(record.exc_info)
        return _ENCODE(out)


def logging_config(level: str = "info", fmt: str = "json", access: bool = False) -> dict[str, object]:
    """A ``logging.config.dictConfig`` (gunicorn's ``logconfig_dict``): root, gunicorn and app to stderr;
    gunicorn's access log only with ``access`` (the app logs each request itself)."""
    formatter = {"()": f"{__name__}.JsonFormatter"} if fmt == "json" else {
        "format": "%(asctime)s [%(process)d] [%(levelname)s] %(name)s: %(message)s"}
    level = level.upper()
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"default": formatter},
        "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "default", "stream": "ext://sys.stderr"}},
        "root": {"level": level, "handlers": ["stderr"]},
        "loggers": {
            "gunicorn.error": {"level": level, "handlers": ["stderr"], "propagate": False},
            "gunicorn.access": {"level": level, "handlers": ["stderr"] if access else [], "propagate": False},
        },
    }


# -- metrics ----------------------------------------------------------------------------------------

METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
"""The method label's values; any other method is counted as ``OTHER`` (a fixed set of series)."""
REPORTING = True
"""False in the gunicorn master: it loads and publishes catalogues (its reloads are counted) but serves nothing."""
METRICS_WARN_EVERY_S = 10.0
metrics_log = logging.getLogger("recommender.metrics")


class _Updating:
    """``with updating:`` around metric updates: one that fails (its file's disk full, its folder removed) is
    dropped and what it counts goes on (a request, a reload, a worker's boot); said in the log at most every
    ``METRICS_WARN_EVERY_S`` a process, and counted nowhere (the counter would fail alike)."""

    warned_at = -math.inf

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: object) -> bool:
        if not isinstance(exc, Exception):
            return False
        now = time.monotonic()
        if now - self.warned_at >= METRICS_WARN_EVERY_S:
            self.warned_at = now
            metrics_log.warning("metrics not updated (%s: %s): serving goes on", type(exc).__name__, exc)
        return True


updating = _Updating()


class _SkewCollector:
    """Version skew across the server's workers, read from the shared folder at scrape time."""

    def __init__(self, store: CatalogueStore) -> None:
        self.store = store

    def collect(self) -> Iterator[GaugeMetricFamily]:
        shared = self.store.shared
        if shared is None:
            return
        newest = shared.newest()
        served = shared.served()
        newest_generation = newest[0] if newest else 0
        yield GaugeMetricFamily("recommender_catalogue_newest_generation",
                                "generation of the newest good catalogue published", value=newest_generation)
        yield GaugeMetricFamily("recommender_catalogue_versions_served",
                                "distinct catalogue versions the live workers serve (1: no skew)",
                                value=len({v for _, v in served.values()}))
        yield GaugeMetricFamily("recommender_catalogue_workers_behind",
                                "live workers serving an older generation than the newest",
                                value=sum(1 for g, _ in served.values() if g < newest_generation))


def metrics_response() -> Response:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        metric_files.remake(os.environ["PROMETHEUS_MULTIPROC_DIR"])  # (removed under the server: a 500)
        registry = CollectorRegistry()
        registry.register(metric_files.FolderCollector(os.environ["PROMETHEUS_MULTIPROC_DIR"]))
    else:
        registry = REGISTRY
    store = current_app.extensions.get("recommender.store")
    if store is not None and store.shared is not None:
        if registry is REGISTRY:
            registry = CollectorRegistry()
            registry.register(REGISTRY)
        registry.register(_SkewCollector(store))
    return Response(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)  # (it has its charset)


metrics_blp = Blueprint("metrics", __name__)
metrics_blp.add_url_rule("/metrics", "metrics", metrics_response, methods=["GET"])


def _count_unreadable() -> None:
    with updating:
        METRICS_FILES_UNREADABLE.inc()


def _reloaded(result: ReloadResult) -> None:
    with updating:
        if result.outcome != "settling" and not result.followed:  # (a load of the files where they were read)
            RELOADS.labels(result.outcome).inc()
        if result.outcome == "rejected":
            RELOAD_FAILURES.inc()
        for removed in result.removed:
            REMOVED.labels("plan").inc(len(removed.plans))
            REMOVED.labels("pack").inc(len(removed.packs))
        if not REPORTING:  # the master counts its reloads, but serves no catalogue
            return
        serving = result.snapshot.catalogue.version if result.snapshot.catalogue else None
        if serving is not None and serving != result.previous_version:
            if result.previous_version is not None:
                CATALOGUE.labels(result.previous_version).set(0)
            CATALOGUE.labels(serving).set(1)


def mark_serving(store: CatalogueStore) -> None:
    """Report this process's catalogue version (a forked worker calls it once: the gauge is per process)."""
    with updating:  # (a worker that cannot write its metrics still boots and serves)
        if store.catalogue is not None:
            CATALOGUE.labels(store.catalogue.version).set(1)


def observe_reloads(store: CatalogueStore) -> None:
    """Count every load of ``store`` in the metrics: call it before the first one (a startup is a load, and a server
    started on invalid files counts the failure ``/readyz`` reports; found by the SRE QA)."""
    store.listeners.append(_reloaded)


@functools.lru_cache(maxsize=1024)
def _request_series(endpoint: str, method: str, status: int) -> tuple[Counter, Histogram]:
    """A request's counter and histogram series, looked up once per endpoint, method and status rather than on every
    request (prometheus_client's ``labels`` makes each value a string and takes a lock: about 10 µs a request, found by
    the HTTP QA).  The values are bounded (the routes, ``METHODS``, the statuses sent); a lookup that fails (its
    metrics file cannot be opened) is not kept."""
    return REQUESTS.labels(endpoint, method, str(status)), LATENCY.labels(endpoint)


@functools.lru_cache(maxsize=64)
def _answer_series(engine: str, status: str) -> Counter:
    """An answer's series (``_request_series``): an engine and an answer status."""
    return ANSWERS.labels(engine, status)


def init_observability(app: Flask, store: CatalogueStore) -> None:
    mark_serving(store)
    app.register_blueprint(metrics_blp)

    @app.before_request
    def _start() -> None:
        # (the header read from the environ as werkzeug's ``request.headers`` reads it, less the KeyError it raises
        # and catches when the header is absent, as it is from most clients)
        sent = request.environ.get(_REQUEST_ID_ENVIRON, "")
        state = g._get_current_object()  # (werkzeug's LocalProxy: one lookup, not two)
        state.request_id = sent if _REQUEST_ID.match(sent) else uuid.uuid4().hex
        state.request_started = time.perf_counter()

    @app.after_request
    def _finish(response: Response) -> Response:
        # ``g`` and ``request`` resolved once each: every use of werkzeug's proxies looks the context up again (a dozen
        # lookups a request, about 10 µs with the rest; found by the HTTP QA)
        state = g._get_current_object()  # (werkzeug's LocalProxy)
        req = request._get_current_object()  # type: ignore[attr-defined]  # (werkzeug's LocalProxy)
        rid = state.get("request_id") or uuid.uuid4().hex
        response.headers[REQUEST_ID_HEADER] = rid
        started = state.get("request_started")
        elapsed = time.perf_counter() - started if started is not None else 0.0
        rule = req.url_rule
        endpoint = rule.rule if rule is not None else "(unmatched)"
        method = req.method
        engine = state.get("answer_engine")
        status = response.status_code
        with updating:
            counted, timed = _request_series(endpoint, method if method in METHODS else "OTHER", status)
            counted.inc()
            timed.observe(elapsed)
            if engine is not None:
                _answer_series(engine, state.get("answer_status") or "").inc()
        if access_log.isEnabledFor(logging.INFO):
            # the catalogue version: the one this request read, else the one its response names (the app's hook runs
            # before this one: a probe, /metrics, a 429, an answer from its ETag read none, and logged null; found by
            # the SRE's user test, shb)
            # makeRecord + handle is what .info() does, less the caller lookup (a stack walk per request)
            path = logged_path(req.path, endpoint)
            access_log.handle(access_log.makeRecord(
                access_log.name, logging.INFO, __file__, 0, "%s %s %s", (method, path, status), None, extra={
                    "request_id": rid, "method": method, "path": path, "status": status,
                    "duration_ms": round(elapsed * 1000, 2), "engine": engine,
                    "catalogue_version": state.get("catalogue_version") or response.headers.get(VERSION_HEADER),
                    "remote_addr": req.remote_addr}))
        return response
