"""Fixtures for the web form in-process: the app and a Flask test client (the real browser is in ``tests/e2e``)."""


import pytest
from flask import Flask
from flask.testing import FlaskClient

from recommender.app import create_app
from tests.paths import PLANS


@pytest.fixture(scope="session")
def web_app() -> Flask:
    return create_app({"TESTING": True, "RECOMMENDER_PLANS": PLANS, "RECOMMENDER_WATCH_INTERVAL_S": 0})


@pytest.fixture
def web_client(web_app: Flask) -> FlaskClient:
    return web_app.test_client()
