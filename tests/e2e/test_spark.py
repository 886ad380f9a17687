"""Spark local[2] gives exactly the local engine's answer (skipped without pyspark or Java)."""

import importlib.util
import shutil
from pathlib import Path

import pytest

from recommender.batch import local, summary, whatif
from recommender.catalogue import DEFAULT_PLANS, load_catalogue

pytestmark = pytest.mark.spark


@pytest.mark.skipif(importlib.util.find_spec("pyspark") is None,
                    reason="pyspark is not installed (pip install -e '.[spark]')")
@pytest.mark.skipif(shutil.which("java") is None, reason="no Java runtime on PATH (Spark needs Java 17+)")
def test_spark_local2_equals_the_local_engine(small_population: Path, candidate: Path) -> None:
    from recommender.batch import spark

    _, base = whatif.load(DEFAULT_PLANS)
    _, cand = whatif.load(candidate)
    b, c = load_catalogue(DEFAULT_PLANS), load_catalogue(candidate)
    session = spark.session("local[2]")
    try:
        on_spark = summary.summarise(spark.run(base, cand, small_population, spark=session), b, c)
    finally:
        session.stop()  # type: ignore[attr-defined]
    assert on_spark == summary.summarise(local.run(base, cand, small_population, workers=1), b, c)
    assert on_spark == summary.summarise(local.run(base, cand, small_population, workers=2), b, c)
