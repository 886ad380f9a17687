"""TM Forum Open API adapters: TMF680 recommendations and the TMF620 product catalogue.

``tmf680`` and ``tmf620`` are pure mappings (no Flask); ``views`` serves them under ``/tmf-api``
and ``cli`` adds ``recommender export tmf620`` / ``recommender import tmf620``.
"""

from flask_smorest import Api


def register(api: Api) -> None:
    """Add the TM Forum routes to the service's API (imported here, when the service is assembled)."""
    from .views import register as register_views

    register_views(api)


__all__ = ["register"]
