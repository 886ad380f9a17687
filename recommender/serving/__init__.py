"""Serving the catalogue: one store per process (atomic swaps), the watcher, reloads and signals,
shared by every adapter (the JSON API, the form, TM Forum).

``served()`` is how a request reads the catalogue it answers from: one read of the store, the
version remembered for the response header, or a 503 when none is loaded (with ``Retry-After``:
``retry_after()``).
"""

import logging
import math

from flask import Flask, current_app, g
from werkzeug.exceptions import ServiceUnavailable

from ..catalogue import Catalogue
from .store import (
    FOLLOW_INTERVAL_S,
    CatalogueStore,
    CatalogueWatcher,
    ReloadResult,
    SharedCatalogue,
    Snapshot,
    install_sighup,
)

log = logging.getLogger("recommender.serving")
STORE = "recommender.store"


def store() -> CatalogueStore:
    """This app's catalogue store."""
    found: CatalogueStore = current_app.extensions[STORE]
    return found


UNWATCHED_RETRY_AFTER_S = 10
"""``retry_after()`` when the plan files are not watched (``RECOMMENDER_WATCH_INTERVAL_S=0``): only an admin reload
or ``SIGHUP`` loads them, and a client is not asked back every second for that."""


def retry_after() -> int:
    """The ``Retry-After`` (seconds) of an answer while no catalogue can be served: the files' next check
    (``RECOMMENDER_WATCH_INTERVAL_S``, rounded up, at least 1 s), ``UNWATCHED_RETRY_AFTER_S`` when they are not
    watched."""
    interval = float(current_app.config["RECOMMENDER_WATCH_INTERVAL_S"])
    return max(1, math.ceil(interval)) if interval > 0 else UNWATCHED_RETRY_AFTER_S


def served() -> Catalogue:
    """The catalogue this request uses (one read of the store), or 503 with ``Retry-After`` (each adapter words
    it, and sends the header: werkzeug's ``get_headers``)."""
    catalogue = store().catalogue
    if catalogue is None:
        error = ServiceUnavailable("no catalogue loaded: see /readyz", retry_after=retry_after())
        error.data = {"message": "no catalogue loaded: see /readyz"}  # type: ignore[attr-defined]  # smorest's shape
        raise error
    g.catalogue_version = catalogue.version
    return catalogue


def start_watcher(app: Flask) -> CatalogueWatcher | None:
    """Start polling the plan files in this process (call it in each gunicorn worker, not the master)."""
    interval = float(app.config["RECOMMENDER_WATCH_INTERVAL_S"])
    if interval <= 0:
        return None
    watcher = CatalogueWatcher(app.extensions[STORE], interval)
    watcher.start()
    log.info("watching %s every %gs", app.config["RECOMMENDER_PLANS"], interval)
    return watcher


__all__ = ["FOLLOW_INTERVAL_S", "STORE", "UNWATCHED_RETRY_AFTER_S", "CatalogueStore", "CatalogueWatcher",
           "ReloadResult", "SharedCatalogue", "Snapshot", "install_sighup", "retry_after", "served", "start_watcher",
           "store"]
