"""gunicorn settings: ``gunicorn -c gunicorn.conf.py wsgi:app`` (gunicorn also reads this file by default).

Environment: ``BIND`` (host:port, default 127.0.0.1:8000; the Docker image sets 0.0.0.0:8000),
or ``PORT`` alone (127.0.0.1:$PORT); ``WEB_CONCURRENCY`` (workers, default min(2 x CPUs + 1, 8));
``GUNICORN_TIMEOUT`` (default 30 s); ``LOG_LEVEL`` (default info); and the app's RECOMMENDER_*.

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

import logging
import multiprocessing
import os

logging.basicConfig(level=os.environ.get("LOG_LEVEL", "info").upper(),
                    format="%(asctime)s [%(process)d] [%(levelname)s] %(name)s: %(message)s")

bind = os.environ.get("BIND") or f"127.0.0.1:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY") or min(2 * multiprocessing.cpu_count() + 1, 8))
worker_class = "sync"
preload_app = True  # OR-Tools imports pandas: about 0.4 s and 87 MB per process if loaded in each worker
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))  # above the solver's RECOMMENDER_TIME_LIMIT_S
graceful_timeout = 30
keepalive = 5
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info")
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


def on_reload(arbiter: object) -> None:
    """Master got SIGHUP: refresh the preloaded catalogue before gunicorn forks the new workers."""
    app = arbiter.app.wsgi()  # type: ignore[attr-defined]
    store = getattr(app, "extensions", {}).get("recommender.store")
    if store is not None:
        store.reload()
