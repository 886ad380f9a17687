"""Fixtures for the web form: a Flask test client, and the app served on 127.0.0.1 for a real browser."""

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.serving import make_server

from recommender.app import create_app
from recommender.catalogue import DEFAULT_PLANS

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


PLANS = os.environ.get("RECOMMENDER_TEST_PLANS", str(DEFAULT_PLANS))
"""The catalogue the web tests run on (the repo's plans/; the sample profiles are beside it in seeds/)."""


@pytest.fixture(scope="session")
def web_app() -> Flask:
    return create_app({"TESTING": True, "RECOMMENDER_PLANS": PLANS, "RECOMMENDER_WATCH_INTERVAL_S": 0})


@pytest.fixture
def web_client(web_app: Flask) -> FlaskClient:
    return web_app.test_client()


@pytest.fixture(scope="session")
def live_server() -> Iterator[str]:
    """The app in a werkzeug server thread on a free port of 127.0.0.1; yields its base URL."""
    app = create_app({"RECOMMENDER_PLANS": PLANS, "RECOMMENDER_WATCH_INTERVAL_S": 0})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's chromium driven by Playwright (never ``playwright install``)."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium): browser tests need it")
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="playwright is not installed (pip install -e '.[test]')")
    with sync_api.sync_playwright() as playwright:  # a fresh temporary profile per launch
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
