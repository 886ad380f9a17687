"""Fixtures for the HTTP API: an app on the repo's plans, and one on a copy that tests may edit."""

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from recommender.app import create_app
from recommender.catalogue import DEFAULT_PLANS

ROOT = Path(__file__).resolve().parents[2]
PROFILES = sorted((ROOT / "seeds" / "profiles").glob("*.json"))
TOKEN = "s3cret-admin-token"


@pytest.fixture(scope="session")
def app() -> Flask:
    """Read-only tests share one app on the repo's plan files."""
    app = create_app({"TESTING": True, "RECOMMENDER_PLANS": str(DEFAULT_PLANS), "RECOMMENDER_WATCH_INTERVAL_S": 0})
    return app


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def plans_copy(tmp_path: Path) -> Path:
    """plans/ and seeds/facts.yaml copied side by side, as in the repo (citations are checked)."""
    shutil.copytree(DEFAULT_PLANS, tmp_path / "plans")
    (tmp_path / "seeds").mkdir()
    shutil.copy(ROOT / "seeds" / "facts.yaml", tmp_path / "seeds" / "facts.yaml")
    return tmp_path / "plans"


@pytest.fixture
def admin_app(plans_copy: Path) -> Iterator[Flask]:
    yield create_app({"TESTING": True, "RECOMMENDER_PLANS": str(plans_copy), "RECOMMENDER_ADMIN_TOKEN": TOKEN,
                      "RECOMMENDER_WATCH_INTERVAL_S": 0})
