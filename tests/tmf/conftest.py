"""Fixtures for the TM Forum adapters: one app on the repo's plan files."""

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from recommender.app import create_app
from recommender.catalogue import DEFAULT_PLANS

ROOT = Path(__file__).resolve().parents[2]
PROFILES = sorted((ROOT / "seeds" / "profiles").glob("*.json"))
TMF680 = "/tmf-api/recommendationManagement/v4/queryProductRecommendation"
TMF620 = "/tmf-api/productCatalogManagement/v4"


@pytest.fixture(scope="session")
def app() -> Flask:
    return create_app({"TESTING": True, "RECOMMENDER_PLANS": str(DEFAULT_PLANS), "RECOMMENDER_WATCH_INTERVAL_S": 0})


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()
