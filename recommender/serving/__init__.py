"""Serving the catalogue: one store per process (atomic swaps), the watcher, reloads and signals,
shared by every adapter (the JSON API, the form, TM Forum).

``served()`` is how a request reads the catalogue it answers from: one read of the store, the
version remembered for the response header, or a 503 when none is loaded.
"""

import logging

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


def served() -> Catalogue:
    """The catalogue this request uses (one read of the store), or 503 (each adapter words it)."""
    catalogue = store().catalogue
    if catalogue is None:
        error = ServiceUnavailable("no catalogue loaded: see /readyz")
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


__all__ = ["FOLLOW_INTERVAL_S", "STORE", "CatalogueStore", "CatalogueWatcher", "ReloadResult", "SharedCatalogue",
           "Snapshot", "install_sighup", "served", "start_watcher", "store"]
