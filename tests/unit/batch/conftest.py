"""Shared fixtures: a small population and an edited copy of the plans, made per test session."""

import shutil
from pathlib import Path

import pytest

from recommender.batch import population as pop
from recommender.catalogue import DEFAULT_PLANS, load_catalogue

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
