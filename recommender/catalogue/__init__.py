"""Plan catalogues: the file format, loading with line numbers, and the domain model."""

from .load import DEFAULT_PLANS, CatalogueError, load_catalogue, load_sources
from .model import MB_PER_GB, METERS, Catalogue, Pack, Plan, SaleConditions, Tariff
from .problem import Problem

__all__ = [
    "DEFAULT_PLANS", "MB_PER_GB", "METERS", "Catalogue", "CatalogueError", "Pack", "Plan",
    "Problem", "SaleConditions", "Tariff", "load_catalogue", "load_sources",
]
