"""Fixtures every layer shares: the app on the repo's plan files (in-process), a client, and a copy of
the plan files that a test may edit.  Layers: ``unit/`` (the domain, no Flask), ``integration/``
(the app in-process, the CLI), ``e2e/`` (real processes: gunicorn, nginx, redis, Chromium, Spark)."""

import shutil
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from recommender.app import create_app
from recommender.catalogue import DEFAULT_PLANS
from tests.paths import ROOT


@pytest.fixture(scope="session")
def app() -> Flask:
    """Read-only tests share one app on the repo's plan files."""
    return create_app({"TESTING": True, "RECOMMENDER_PLANS": str(DEFAULT_PLANS), "RECOMMENDER_WATCH_INTERVAL_S": 0})


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def plans_copy(tmp_path: Path) -> Path:
    """plans/ and seeds/facts.yaml copied side by side, as in the repo (citations are checked)."""
    shutil.copytree(ROOT / "plans", tmp_path / "plans")
    (tmp_path / "seeds").mkdir()
    shutil.copy(ROOT / "seeds" / "facts.yaml", tmp_path / "seeds" / "facts.yaml")
    return tmp_path / "plans"
