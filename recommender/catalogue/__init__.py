"""Plan catalogues: the file format, loading with line numbers, and the domain model."""

from pathlib import Path

from .load import CatalogueError, load_catalogue, load_sources
from .model import MB_PER_GB, METERS, Catalogue, Pack, Plan, Rule, Tariff
from .yamlsource import Problem

DEFAULT_PLANS = Path(__file__).resolve().parents[2] / "plans"

__all__ = [
    "DEFAULT_PLANS", "MB_PER_GB", "METERS", "Catalogue", "CatalogueError", "Pack", "Plan",
    "Problem", "Rule", "Tariff", "load_catalogue", "load_sources",
]
