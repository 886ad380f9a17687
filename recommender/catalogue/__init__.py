"""Plan catalogues: the file format, loading with line numbers, and the domain model."""

from pathlib import Path

from .load import CatalogueError, load_catalogue, load_sources
from .model import MB_PER_GB, METERS, Catalogue, Pack, Plan, Rule, Tariff
from .problem import Problem

_CHECKOUT = Path(__file__).resolve().parents[2] / "plans"
DEFAULT_PLANS = _CHECKOUT if _CHECKOUT.is_dir() else Path(__file__).resolve().parents[1] / "data" / "plans"
"""The shipped catalogue: this checkout's ``plans/``, or the copy installed with the package (its
``seeds/`` beside it, as in the checkout).  ``RECOMMENDER_PLANS`` or ``--plans`` point elsewhere."""

__all__ = [
    "DEFAULT_PLANS", "MB_PER_GB", "METERS", "Catalogue", "CatalogueError", "Pack", "Plan",
    "Problem", "Rule", "Tariff", "load_catalogue", "load_sources",
]
