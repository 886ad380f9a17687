"""gunicorn settings: ``gunicorn -c gunicorn.conf.py wsgi:app`` (gunicorn also reads this file by default).

Environment: ``BIND`` (host:port, default 127.0.0.1:8000; the Docker image sets 0.0.0.0:8000),
or ``PORT`` alone (127.0.0.1:$PORT); ``WEB_CONCURRENCY`` (workers, default min(2 x CPUs + 1, 8));
``GUNICORN_TIMEOUT`` (default 30 s, or RECOMMENDER_TIME_LIMIT_S + 10 s when that is more; at or below
the limit, the server does not start); ``LOG_LEVEL`` (default info); ``LOG_FORMAT`` (``json``, the
default: one JSON object per line, or ``text``); ``ACCESS_LOG=1`` (gunicorn's own access log too);
``PROMETHEUS_MULTIPROC_DIR`` (default: a temporary folder); and the app's RECOMMENDER_*.  Each set empty is unset;
a value the server cannot use stops it at start with one line, ``NAME: problem (value given)``.

``GUNICORN_WORKER_CLASS`` (``sync``, the default, or ``gthread`` with ``GUNICORN_THREADS``);
``RECOMMENDER_SHARED_DIR`` (default: a temporary folder; see below).

Serve it behind a buffering reverse proxy (``deploy/nginx.conf``; ``docker-compose.yml``): sync
workers are tied up by slow clients otherwise.  gunicorn's own errors (a malformed request line,
an over-long URI or header) are answered in the API's JSON error shape with its security headers.

The app is preloaded in the master (OR-Tools and the catalogue load once, then fork), and what is
loaded is frozen out of the garbage collector (``recommender/serving/heap.py``: workers share its
pages, and a reload frees the catalogue it replaces).  One
catalogue across the workers' lifecycle (``recommender/serving/store.py``):

* the **master** polls the plan files every RECOMMENDER_WATCH_INTERVAL_S (default 10 s; 0: no
  polling), loads a change once it is unchanged across two polls, and publishes a good catalogue
  in RECOMMENDER_SHARED_DIR; a worker is never forked while the master is in the middle of a load,
  and always from the master's newest good catalogue;
* each **worker** loads the newest published catalogue before it serves (a worker replacing a
  killed one included), checks for a newer one (one ``stat``) before every request and loads it
  first, and checks every 0.5 s when idle;
* ``POST /api/v1/admin/reload`` and ``kill -HUP <worker>`` reload from the files in that worker and
  publish (the others follow before their next request); ``kill -HUP <master>`` reloads the master's copy
  first, then gunicorn replaces every worker;
* bound: an edit reaches every worker within 2 x RECOMMENDER_WATCH_INTERVAL_S + 0.5 s + two loads
  (~0.25 s each when idle) of the moment the file was last written (README, Reliability).
"""

import atexit
import json
import math
import multiprocessing
import os
import shutil
import tempfile
import threading
from http import HTTPStatus
from typing import NoReturn

import gunicorn.glogging
import gunicorn.http.wsgi
import gunicorn.util


def _json_error(sock: object, status_int: int, reason: str, mesg: str) -> None:
    """gunicorn's answer to a request it could not parse, in the API's shape and headers.

    No 5xx for what a client sent: an unsupported transfer coding (gunicorn: 501) is a 400.
    """
    if status_int == 501:
        status_int, reason = 400, "Bad Request"
    body = json.dumps({"code": status_int, "status": HTTPStatus(status_int).phrase,
                       "message": (mesg or reason)[:300], "errors": []}).encode()
    head = (f"HTTP/1.1 {status_int} {HTTPStatus(status_int).phrase}\r\nConnection: close\r\n"
            "Content-Type: application/json\r\n"
            "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'; base-uri 'none'; "
            "form-action 'none'\r\n"
            "X-Content-Type-Options: nosniff\r\nX-Frame-Options: DENY\r\nReferrer-Policy: no-referrer\r\n"
            "Cross-Origin-Opener-Policy: same-origin\r\nServer: tariff-recommender\r\n"
            f"Content-Length: {len(body)}\r\n\r\n")
    gunicorn.util.write_nonblock(sock, head.encode("latin-1") + body)

# -- the environment, checked before anything is made ---------------------------------------------------------------
# A value the server cannot use stops it at start with one line, ``NAME: problem (value given)``, and no traceback;
# a variable set empty is unset (found by the SRE's user test, shb: some gave tracebacks, some lines named no variable,
# LOG_FORMAT=JSON, yaml or empty fell back to text, and WEB_CONCURRENCY=0 started a server that never answered).
# (gunicorn itself reads WEB_CONCURRENCY as a whole number when it is imported, before this file: its traceback.)

def _refuse(name: str, problem: str, given: str) -> NoReturn:
    raise SystemExit(f"{name}: {problem} ({given!r} given)")


def _given(name: str) -> str | None:
    """The variable's value; None when it is unset or empty."""
    return os.environ.get(name) or None


def _whole(name: str, default: int, least: int = 1, most: int | None = None) -> int:
    """A whole number from ``least`` (to ``most``), or ``default`` when unset."""
    given = _given(name)
    if given is None:
        return default
    try:
        value = int(given)
    except ValueError:
        _refuse(name, "not a whole number", given)
    if value < least or (most is not None and value > most):
        _refuse(name, f"must be {least} or more" if most is None else f"must be between {least} and {most}", given)
    return value


def _one_of(name: str, default: str, choices: tuple[str, ...]) -> str:
    """One of ``choices`` (any letter case), or ``default`` when unset."""
    given = _given(name)
    if given is None:
        return default
    if given.lower() not in choices:
        _refuse(name, "must be " + ", ".join(choices[:-1]) + f" or {choices[-1]}", given)
    return given.lower()


LOG_LEVEL = _one_of("LOG_LEVEL", "info", ("debug", "info", "warning", "error", "critical"))
LOG_FORMAT = _one_of("LOG_FORMAT", "json", ("json", "text"))
PORT = _whole("PORT", 8000, 1, 65535)
WORKERS = _whole("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 8))
WORKER_CLASS = _one_of("GUNICORN_WORKER_CLASS", "sync", ("sync", "gthread"))
THREADS = _whole("GUNICORN_THREADS", 1)
TIMEOUT_GIVEN = _whole("GUNICORN_TIMEOUT", 0) or None

# Metrics from every worker (see recommender/api/observability.py): prometheus_client picks its
# multiprocess mode when first imported, so the folder is set before the app is loaded.  A folder
# given in PROMETHEUS_MULTIPROC_DIR is used (and emptied at start); else a temporary one, removed at exit.
# gunicorn reads this file again on SIGHUP: the folder is made and emptied only the first time (emptying
# it then would drop the live workers' counters).
_MADE: list[str] = []
"""The folders this file made in this process: removed at exit if the server never came to serve (``when_ready``
not reached: a setting refused, the app not loaded; found by the SRE's user test, shb: each failed start left them
in /tmp), else by ``on_exit``."""
_SERVING = False


def _remove_made(master: int = os.getpid()) -> None:
    if not _SERVING and os.getpid() == master:
        for folder in _MADE:
            shutil.rmtree(folder, ignore_errors=True)


if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="recommender-metrics-")
    os.environ["RECOMMENDER_OWN_METRICS_DIR"] = "1"
    _MADE.append(os.environ["PROMETHEUS_MULTIPROC_DIR"])
METRICS_DIR = os.environ["PROMETHEUS_MULTIPROC_DIR"]
if not os.environ.get("RECOMMENDER_METRICS_DIR_READY"):
    os.environ["RECOMMENDER_METRICS_DIR_READY"] = "1"
    os.makedirs(METRICS_DIR, exist_ok=True)  # (a folder given that does not exist yet)
    for _stale in os.listdir(METRICS_DIR):
        if _stale.endswith((".db", ".tmp")):  # (and a merge's file left half-written by a master killed)
            try:  # (a read-only folder: the server still starts; its metric updates are dropped and logged)
                os.remove(os.path.join(METRICS_DIR, _stale))
            except OSError:
                pass

# The catalogue shared by the master and its workers (see above).
# gunicorn reads this file again on SIGHUP: the folder (and the fork gate below) are made once.
if not os.environ.get("RECOMMENDER_SHARED_DIR"):
    os.environ["RECOMMENDER_SHARED_DIR"] = tempfile.mkdtemp(prefix="recommender-catalogue-")
    os.environ["RECOMMENDER_OWN_SHARED_DIR"] = "1"
    _MADE.append(os.environ["RECOMMENDER_SHARED_DIR"])
SHARED_DIR = os.environ["RECOMMENDER_SHARED_DIR"]
if _MADE:
    atexit.register(_remove_made)

# No server version, and no server name either: gunicorn sends "Server: gunicorn" otherwise.
gunicorn.http.wsgi.SERVER = "tariff-recommender"
gunicorn.util.write_error = _json_error  # gunicorn's own 400/414/431: the API's error shape, not HTML

# The master's watcher holds this while it loads: a fork waits, so no child inherits a held lock.
_FORK_GATE: threading.Lock = getattr(gunicorn.util, "recommender_fork_gate", None) or threading.Lock()
if not hasattr(gunicorn.util, "recommender_fork_gate"):
    gunicorn.util.recommender_fork_gate = _FORK_GATE  # type: ignore[attr-defined]
    os.register_at_fork(before=_FORK_GATE.acquire, after_in_parent=_FORK_GATE.release,
                        after_in_child=_FORK_GATE.release)

from recommender.api.config import ConfigError, settings  # noqa: E402
from recommender.api.observability import logging_config  # noqa: E402  (after the metrics folder is set)

try:
    SETTINGS = settings()  # the app's RECOMMENDER_*: one line, not the traceback of loading the app
except ConfigError as refused:
    raise SystemExit(str(refused)) from None


class _Logger(gunicorn.glogging.Logger):
    """gunicorn's logger, less the access line that nothing receives.  Given a logging configuration
    (``logconfig_dict`` below), gunicorn builds its access line for every request (each environ key lowered,
    the headers, the date, a log record with its caller looked up: ~28 µs a request, found by the HTTP QA)
    even when the ``gunicorn.access`` logger has no handler, as without ACCESS_LOG=1; with it, as before."""

    def access(self, resp: object, req: object, environ: dict[str, object], request_time: object) -> None:
        if self.access_log.hasHandlers():  # (none: an INFO record goes nowhere, not even to logging's last resort)
            super().access(resp, req, environ, request_time)


logger_class = _Logger
loglevel = LOG_LEVEL
logconfig_dict = logging_config(loglevel, LOG_FORMAT, os.environ.get("ACCESS_LOG") == "1")

bind = os.environ.get("BIND") or f"127.0.0.1:{PORT}"
workers = WORKERS
worker_class = WORKER_CLASS
threads = THREADS
preload_app = True  # OR-Tools imports pandas: about 0.4 s and 87 MB per process if loaded in each worker


def _timeout() -> int:
    """gunicorn's worker timeout, above the solver's limit (RECOMMENDER_TIME_LIMIT_S, up to 600 s): a worker killed
    mid-solve answers nothing, where an answer out of time (one deadline a request) is a 503 with Retry-After.
    Unset, it is 30 s, or the limit and 10 s more; set at or below the limit, the server does not start (noticed
    by the reliability review: a 60 s limit under the 30 s default would be killed, not answered).  A limit the
    app cannot use is create_app's to say."""
    limit = float(SETTINGS["RECOMMENDER_TIME_LIMIT_S"])  # type: ignore[arg-type]
    if TIMEOUT_GIVEN is None:
        return max(30, math.ceil(limit) + 10)
    if TIMEOUT_GIVEN <= limit:
        raise SystemExit(f"GUNICORN_TIMEOUT={TIMEOUT_GIVEN} must be above RECOMMENDER_TIME_LIMIT_S={limit:g}: a worker "
                         "would be killed before its solver's time is up")
    return TIMEOUT_GIVEN


timeout = _timeout()
graceful_timeout = 30
keepalive = 5
# The app logs every request as JSON with its request id (logger recommender.access); gunicorn's own
# access log (plain text) only when ACCESS_LOG=1.
accesslog = "-" if os.environ.get("ACCESS_LOG") == "1" else None
errorlog = "-"
proc_name = "tariff-recommender"
# gunicorn 27's control socket is one path per user ($HOME/.gunicorn/gunicorn.ctl): a second server
# on the host takes it over and removes it when it stops.  Nothing here uses it (reloads come from the
# plan files and POST /api/v1/admin/reload), so it is not opened.
control_socket_disable = True


def _store(app: object) -> object:
    return getattr(app, "extensions", {}).get("recommender.store")


def when_ready(server: object) -> None:
    """Before the first fork: share the catalogue, and watch the files from the master.

    The master serves nothing: its metrics are dropped, and it reports none.
    """
    from prometheus_client import multiprocess

    from recommender.api import observability
    from recommender.serving import FOLLOW_INTERVAL_S, SharedCatalogue, heap

    global _SERVING
    _SERVING = True  # (the folders made are on_exit's to remove from here)
    multiprocess.mark_process_dead(os.getpid())
    observability.REPORTING = False
    store = _store(server.app.wsgi())  # type: ignore[attr-defined]
    catalogue = getattr(store, "catalogue", None)
    if catalogue is not None:  # every worker inherits the tables a speed need uses (built once, here)
        from recommender.optimise import planner

        planner.warm(catalogue)
    heap.freeze()  # the preloaded app and catalogue out of the collector's way, shared by the workers
    if store is None:
        return
    store.shared = SharedCatalogue(SHARED_DIR)
    try:
        store.publish()  # the preloaded catalogue (generation 1 in a fresh folder)
    except OSError:  # (its disk full, read-only: found by QA, gunicorn stopped) the workers serve the catalogue
        # loaded here, forked with it; the watcher publishes it once it can (``restore``)
        import logging

        logging.getLogger("recommender.api.catalogue").exception(
            "cannot publish the catalogue in %s: the workers serve the one loaded at start until it can be", SHARED_DIR)
    store.listeners.append(heap.after_reload)  # (inherited by every worker)
    interval = float(server.app.wsgi().config["RECOMMENDER_WATCH_INTERVAL_S"])  # type: ignore[attr-defined]
    threading.Thread(target=_master_watch, args=(store, interval or FOLLOW_INTERVAL_S, interval > 0),
                     name="catalogue-master-watcher", daemon=True).start()


def _master_watch(store: object, interval: float, files: bool) -> None:
    """The master's loop: poll the files (settle check, publish) and adopt what workers published."""
    import logging
    import time

    from recommender.api import metric_files

    log = logging.getLogger("recommender.api.catalogue")
    while True:
        time.sleep(interval)
        with _FORK_GATE:
            try:
                if files:
                    store.poll()  # type: ignore[attr-defined]
                store.follow()  # type: ignore[attr-defined]
                store.restore()  # type: ignore[attr-defined]  # (the shared folder removed: published again)
                metric_files.retire(None, METRICS_DIR)  # (the ended workers' metrics not merged yet)
            except Exception:  # the watcher must outlive any surprise
                log.exception("master catalogue watcher check failed")


def post_fork(server: object, worker: object) -> None:
    """In each new worker.  The metrics folder is made again if it was removed under the running server (a
    /tmp cleaner, an operator): the worker's first metric opens its file there, and a worker failing to boot
    makes gunicorn stop the whole server."""
    from recommender.api import metric_files, observability

    metric_files.remake(METRICS_DIR)
    observability.REPORTING = True
    store = _store(server.app.wsgi())  # type: ignore[attr-defined]
    if store is not None:
        store.after_fork()


def post_worker_init(worker: object) -> None:
    """In each worker, before it serves: the newest published catalogue, then follow the shared
    folder every second; SIGHUP reloads this worker (and publishes)."""
    from recommender.api.observability import mark_serving
    from recommender.serving import FOLLOW_INTERVAL_S, CatalogueWatcher, heap, install_sighup

    store = _store(getattr(worker, "wsgi", None))
    if store is not None:
        store.follow()  # a newer catalogue followed is frozen by its listener
    heap.freeze()  # what the worker made before serving (any app: the bench's bare one too)
    if store is None:
        return
    if store.shared is not None:
        shared = store.shared
        shared.mark_served(store.snapshot)
        store.listeners.append(lambda result: shared.mark_served(result.snapshot))
        CatalogueWatcher(store, FOLLOW_INTERVAL_S, files=False, follow=True).start()
    install_sighup(store)
    mark_serving(store)  # this worker's catalogue gauge (its values started empty after fork)


def child_exit(server: object, worker: object) -> None:
    """A worker ended: its counts are kept in the metrics folder's kept files and its own removed (its gauges, the
    catalogue version, no longer count), and its served mark no longer counts."""
    from recommender.api import metric_files

    metric_files.retire(worker.pid, METRICS_DIR)  # type: ignore[attr-defined]
    store = _store(server.app.wsgi())  # type: ignore[attr-defined]
    if store is not None and store.shared is not None:
        store.shared.forget(worker.pid)  # type: ignore[attr-defined]


_FOLDERS = ("PROMETHEUS_MULTIPROC_DIR", "RECOMMENDER_OWN_METRICS_DIR", "RECOMMENDER_METRICS_DIR_READY",
            "RECOMMENDER_SHARED_DIR", "RECOMMENDER_OWN_SHARED_DIR")
"""The folders this file chose (and whether it made them): what a master started by USR2 serves from too."""


def pre_exec(server: object) -> None:
    """``kill -USR2 <master>`` (an upgrade without downtime): the new master serves from this master's folders, its
    TMF680 results and its metrics.  gunicorn execs it with the environment it started with, before this file chose
    them (found by the SRE QA: it made folders of its own, so every result kept before the upgrade was lost)."""
    started_with = server.cfg.env_orig  # type: ignore[attr-defined]
    started_with.update({name: os.environ[name] for name in _FOLDERS if name in os.environ})


def on_exit(server: object) -> None:
    """The folders made here are removed by the master that exits last: not while a master started by USR2 serves
    from them, nor by that master before it is promoted (found by the SRE QA: the old master's exit removed them under
    the new one), as gunicorn unlinks its socket.  A master leaving them to another merges its own metrics (the
    reloads it counted) into the kept files, as it did its workers' (``child_exit``)."""
    if getattr(server, "reexec_pid", 0) or getattr(server, "master_pid", 0):
        from recommender.api import metric_files

        metric_files.retire(os.getpid(), METRICS_DIR)  # (its reloads counted: kept for the master serving on)
        return
    if os.environ.get("RECOMMENDER_OWN_METRICS_DIR") == "1":
        shutil.rmtree(METRICS_DIR, ignore_errors=True)
    if os.environ.get("RECOMMENDER_OWN_SHARED_DIR") == "1":
        shutil.rmtree(SHARED_DIR, ignore_errors=True)


def on_reload(arbiter: object) -> None:
    """Master got SIGHUP: refresh the master's catalogue from the files (a good one is published)
    before gunicorn forks the new workers; a broken edit keeps the newest good one."""
    store = _store(arbiter.app.wsgi())  # type: ignore[attr-defined]
    if store is not None:
        with _FORK_GATE:
            try:
                store.reload()
            except Exception:  # (an exception here is gunicorn's "unhandled exception in main loop": the master
                # stops, and every worker with it; found by QA with the shared folder read-only)
                import logging

                logging.getLogger("recommender.api.catalogue").exception(
                    "SIGHUP: the catalogue was not reloaded; the workers are replaced with the one served")
