"""5G-A tariff recommender: the cheapest fitting 5G-A bundle for a usage profile."""

__version__ = "0.1.0"
