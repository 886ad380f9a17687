"""The HTTP API (Flask + flask-smorest): the domain behind JSON, nothing more.

``register`` puts it on an app (``recommender.app`` assembles the service)."""

from .app import finish, register

__all__ = ["finish", "register"]
