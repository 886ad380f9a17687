"""TM Forum Open API adapters: TMF680 recommendations and the TMF620 product catalogue.

``tmf680`` and ``tmf620`` are pure mappings (no Flask); ``recommendations`` (TMF680) and
``catalogue`` (TMF620) serve them under ``/tmf-api`` with the wire ``schemas``; ``results`` keeps
TMF680 answers; ``cli`` adds ``recommender export tmf620`` / ``recommender import tmf620``.
"""

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the CLI imports this package for its TMF620 commands: no Flask there
    from flask_smorest import Api


def register(api: "Api") -> None:
    """Add the TM Forum routes to the service's API (imported here, when the service is assembled)."""
    from . import catalogue, recommendations

    recommendations.register(api)
    catalogue.register(api)


__all__ = ["register"]
