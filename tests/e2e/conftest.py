"""Real processes on 127.0.0.1: gunicorn (gunicorn.conf.py), and Debian's nginx and redis-server
when a test needs them (skipped only when the binary is absent; `.ci/run` installs them)."""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.paths import PLANS, ROOT

from .servers import free_port, get, gunicorn, served, wait_until, workers_of

if TYPE_CHECKING:  # imported when the fixture runs: skipped where playwright is not installed
    from playwright.sync_api import Browser

__all__ = ["binary", "free_port", "get", "gunicorn", "served", "wait_until", "workers_of"]


def binary(name: str) -> str:
    """The path of a Debian binary the test drives; skip only when it is truly absent."""
    path = shutil.which(name) or next((p for p in (f"/usr/sbin/{name}", f"/usr/bin/{name}") if os.path.exists(p)),
                                      None)
    if path is None:
        pytest.skip(f"{name} is not installed (.ci/run installs it with apt-get)")
    return path


# -- the form in a real browser (Debian's chromium via Playwright) ---------------------------------

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def live_server() -> Iterator[str]:
    """The app on the repository's plans (``served``)."""
    with served(PLANS) as base:
        yield base


@pytest.fixture(scope="session")
def browser() -> Iterator["Browser"]:
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


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Everything here runs real processes: marked ``e2e`` (``-m 'not e2e'`` for a quick run), and all of it in one
    pytest-xdist group, so one after another on one worker (``--dist loadgroup`` in pyproject.toml) while the other
    workers take the in-process tests: two of these at once would share two cores between two servers' workers,
    their load tools and a browser."""
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.xdist_group("processes"))
