"""gunicorn settings: ``gunicorn -c gunicorn.conf.py wsgi:app`` (gunicorn also reads this file by default).

Environment: ``BIND`` (host:port, default 127.0.0.1:8000; the Docker image sets 0.0.0.0:8000),
or ``PORT`` alone (127.0.0.1:$PORT); ``WEB_CONCURRENCY`` (workers, default min(2 x CPUs + 1, 8));
``GUNICORN_TIMEOUT`` (default 30 s); ``LOG_LEVEL`` (default info); ``LOG_FORMAT`` (``json``, the
default: one JSON object per line, or ``text``); ``ACCESS_LOG=1`` (gunicorn's own access log too);
``PROMETHEUS_MULTIPROC_DIR`` (default: a temporary folder); and the app's RECOMMENDER_*.

The app is preloaded in the master (OR-Tools and the catalogue load once, then fork), so each
worker holds its own copy of the catalogue.  Reloading the plan files:

* the file watcher (RECOMMENDER_WATCH_INTERVAL_S, default 10 s) runs in every worker, started
  after fork below; it is the path that reaches every worker without anyone's help;
* ``POST /api/v1/admin/reload`` reloads the worker that answers it (the others follow by the watcher);
* ``kill -HUP <master>``: gunicorn replaces every worker; ``on_reload`` below first reloads the
  master's preloaded catalogue, so the new workers fork with the current files (a broken edit is
  rejected there too, and the new workers keep serving the last good catalogue);
* ``kill -HUP <worker>`` reloads that one worker.
"""

import multiprocessing
import os
import shutil
import tempfile

import gunicorn.http.wsgi

# Metrics from every worker (see recommender/api/observability.py): prometheus_client picks its
# multiprocess mode when first imported, so the folder is set before the app is loaded.  A folder
# given in PROMETHEUS_MULTIPROC_DIR is used (and emptied at start); else a temporary one, removed at exit.
_OWN_METRICS_DIR = not os.environ.get("PROMETHEUS_MULTIPROC_DIR")
if _OWN_METRICS_DIR:
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="recommender-metrics-")
METRICS_DIR = os.environ["PROMETHEUS_MULTIPROC_DIR"]
for _stale in os.listdir(METRICS_DIR):
    if _stale.endswith(".db"):
        os.remove(os.path.join(METRICS_DIR, _stale))

# No server version, and no server name either: gunicorn sends "Server: gunicorn" otherwise.
gunicorn.http.wsgi.SERVER = "tariff-recommender"

from recommender.api.observability import logging_config  # noqa: E402  (after the metrics folder is set)

loglevel = os.environ.get("LOG_LEVEL", "info")
logconfig_dict = logging_config(loglevel, os.environ.get("LOG_FORMAT", "json"), os.environ.get("ACCESS_LOG") == "1")

bind = os.environ.get("BIND") or f"127.0.0.1:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY") or min(2 * multiprocessing.cpu_count() + 1, 8))
worker_class = "sync"
preload_app = True  # OR-Tools imports pandas: about 0.4 s and 87 MB per process if loaded in each worker
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))  # above the solver's RECOMMENDER_TIME_LIMIT_S
graceful_timeout = 30
keepalive = 5
# The app logs every request as JSON with its request id (logger recommender.access); gunicorn's own
# access log (plain text) only when ACCESS_LOG=1.
accesslog = "-" if os.environ.get("ACCESS_LOG") == "1" else None
errorlog = "-"
proc_name = "tariff-recommender"


def post_worker_init(worker: object) -> None:
    """In each worker, after fork: start the file watcher and make SIGHUP reload this worker."""
    from recommender.api import install_sighup, start_watcher

    app = getattr(worker, "wsgi", None)
    store = getattr(app, "extensions", {}).get("recommender.store")
    if store is None:
        return
    start_watcher(app)  # type: ignore[arg-type]
    install_sighup(store)
    from recommender.api.observability import mark_serving

    mark_serving(store)  # this worker's catalogue gauge (its values started empty after fork)


def when_ready(server: object) -> None:
    """The master loaded the catalogue before forking, but serves nothing: drop its live gauges."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(os.getpid())


def child_exit(server: object, worker: object) -> None:
    """A worker ended: its live gauges (catalogue version) no longer count."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)  # type: ignore[attr-defined]


def on_exit(server: object) -> None:
    if _OWN_METRICS_DIR:
        shutil.rmtree(METRICS_DIR, ignore_errors=True)


def on_reload(arbiter: object) -> None:
    """Master got SIGHUP: refresh the preloaded catalogue before gunicorn forks the new workers."""
    app = arbiter.app.wsgi()  # type: ignore[attr-defined]
    store = getattr(app, "extensions", {}).get("recommender.store")
    if store is not None:
        store.reload()
        when_ready(arbiter)
