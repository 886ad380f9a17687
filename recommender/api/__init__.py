"""The HTTP API (Flask + flask-smorest): the domain behind JSON, nothing more."""

from .app import create_app, start_watcher
from .catalogue_store import CatalogueStore, CatalogueWatcher, install_sighup

__all__ = ["CatalogueStore", "CatalogueWatcher", "create_app", "install_sighup", "start_watcher"]
