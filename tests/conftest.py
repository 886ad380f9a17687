"""Fixtures every layer shares: the app on the repo's plan files (in-process), a client, and a copy of
the plan files that a test may edit.  Layers: ``unit/`` (the domain, no Flask), ``integration/``
(the app in-process, the CLI), ``e2e/`` (real processes: gunicorn, nginx, redis, Chromium, Spark)."""

import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from recommender.app import create_app
from recommender.batch import population as pop
from recommender.catalogue import DEFAULT_PLANS, load_catalogue
from recommender.catalogue.cache import CACHE_ENV
from tests.paths import ROOT


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Each test has an id of its own.  Schemathesis names its cases by operation
    (``…[POST /api/v1/recommendations]``), but under pytest 9.2 they all get the test function's id, and
    pytest-xdist (``-n auto`` in pyproject.toml) hands out tests by id: of the sixteen operations, one ran.
    A case whose id another test has gets its own name as its id; an id still shared stops the run."""
    seen = Counter(item.nodeid for item in items)
    for item in items:
        if seen[item.nodeid] > 1 and item.parent is not None:
            item._id = type(item._id).parse(f"{item.parent.nodeid}::{item.name}")  # (pytest 9.2's ``NodeId``)
    shared = [nodeid for nodeid, count in Counter(item.nodeid for item in items).items() if count > 1]
    if shared:
        raise pytest.UsageError(f"tests share an id, so pytest-xdist would run one of each: {shared[:5]}")


@pytest.fixture(autouse=True, scope="session")
def _catalogue_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The CLI's catalogue cache (``catalogue.cache``) lives in the test session's folder, never the user's
    (the variable reaches the processes tests start, too)."""
    patch = pytest.MonkeyPatch()
    patch.setenv(CACHE_ENV, str(tmp_path_factory.mktemp("catalogue-cache")))
    yield
    patch.undo()


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


# -- what-if: a small population and an edited copy of the plans, made per test session --------------

SIZE = 3000


@pytest.fixture(scope="session")
def small_population(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("population") / "population.parquet"
    original = pop.CHUNK
    pop.CHUNK = 1000  # several row groups, so workers share the work
    try:
        pop.write(load_catalogue(DEFAULT_PLANS), SIZE, 11, out)
    finally:
        pop.CHUNK = original
    return out


@pytest.fixture(scope="session")
def candidate(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """plans/ with China Telecom's 299 tier cut to 249 yuan."""
    folder = tmp_path_factory.mktemp("candidate")
    for file in DEFAULT_PLANS.glob("*.yaml"):
        shutil.copy(file, folder / file.name)
    telecom = folder / "china-telecom.yaml"
    text = telecom.read_text(encoding="utf-8")
    marker = "  - id: ct-5ga-299\n"
    head, tail = text.split(marker)
    tail = tail.replace('monthly_fee: {value: 299,', 'monthly_fee: {value: 249,', 1)
    telecom.write_text(head + marker + tail, encoding="utf-8")
    return folder


@pytest.fixture
def population_folders(small_population: Path, tmp_path: Path) -> dict[str, Path]:
    """The population split into a folder of CSV files, and into Hive-style partition folders beside
    a ``_SUCCESS`` marker and a README (what Spark jobs and people leave in such folders)."""
    import pyarrow.csv
    import pyarrow.parquet as pq

    table = pq.read_table(small_population)
    half = table.num_rows // 2
    csvs, nested = tmp_path / "csvs", tmp_path / "nested"
    csvs.mkdir()
    pyarrow.csv.write_csv(table.slice(0, half), csvs / "a.csv")
    pyarrow.csv.write_csv(table.slice(half), csvs / "b.csv")
    for i, part in enumerate((table.slice(0, half), table.slice(half))):
        (nested / f"month=2025-0{i + 5}").mkdir(parents=True)
        pq.write_table(part, nested / f"month=2025-0{i + 5}" / "part-0.parquet")
    (nested / "_SUCCESS").touch()
    (nested / "README.md").write_text("how this was made\n")
    return {"csvs": csvs, "nested": nested}
