"""Fixtures for the HTTP API: an app on a copy of the plans that tests may edit, with an admin token
(the shared ``app``, ``client`` and ``plans_copy`` are in ``tests/conftest.py``)."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from recommender.app import create_app
from tests.paths import ROOT

PROFILES = sorted((ROOT / "seeds" / "profiles").glob("*.json"))
TOKEN = "s3cret-admin-token"


@pytest.fixture
def admin_app(plans_copy: Path) -> Iterator[Flask]:
    yield create_app({"TESTING": True, "RECOMMENDER_PLANS": str(plans_copy), "RECOMMENDER_ADMIN_TOKEN": TOKEN,
                      "RECOMMENDER_WATCH_INTERVAL_S": 0})
