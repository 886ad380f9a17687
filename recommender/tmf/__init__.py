"""TM Forum Open API adapters: TMF680 recommendations and the TMF620 product catalogue.

``tmf680`` and ``tmf620`` are pure mappings (no Flask); ``views`` serves them under ``/tmf-api``
and ``cli`` adds ``recommender export tmf620`` / ``recommender import tmf620``.
"""
