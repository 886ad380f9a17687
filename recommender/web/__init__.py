"""The consumer web form (server-rendered, Chinese and English): ``register`` puts it on the app."""

from flask import Flask

from .views import web


def register(app: Flask) -> None:
    app.register_blueprint(web)


__all__ = ["register", "web"]
