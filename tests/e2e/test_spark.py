"""Spark local[2] gives exactly the local engine's answer (skipped without pyspark or Java)."""

import importlib.util
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from recommender.batch import local, summary, whatif
from recommender.catalogue import DEFAULT_PLANS, load_catalogue

pytestmark = pytest.mark.spark


@pytest.mark.skipif(importlib.util.find_spec("pyspark") is None,
                    reason="pyspark is not installed (pip install -e '.[spark]')")
@pytest.mark.skipif(shutil.which("java") is None, reason="no Java runtime on PATH (Spark needs Java 17+)")
def test_spark_local2_equals_the_local_engine(small_population: Path, candidate: Path, tmp_path: Path,
                                             population_folders: dict[str, Path]) -> None:
    from recommender.batch import spark

    _, base = whatif.load(DEFAULT_PLANS)
    _, cand = whatif.load(candidate)
    b, c = load_catalogue(DEFAULT_PLANS), load_catalogue(candidate)
    folders = population_folders
    bad = tmp_path / "bad.parquet"
    table = pq.read_table(small_population)
    pq.write_table(table.set_column(table.schema.get_field_index("voice_minutes"), "voice_minutes",
                                    pa.array(["lots"] * table.num_rows)), bad)
    session = spark.session("local[2]")
    try:
        assert spark.cores(session) == 2  # (what the what-if's speed line names, with the master)
        busy: set[int] = set()  # (the partitions that had rows: the one row group of a small file, one of them)
        on_spark = summary.summarise(spark.run(base, cand, small_population, spark=session, busy=busy), b, c)
        assert 0 < len(busy) <= pq.ParquetFile(small_population).metadata.num_row_groups
        in_folders = {name: summary.summarise(spark.run(base, cand, folder, spark=session), b, c)
                      for name, folder in folders.items()}
        with pytest.raises(whatif.PopulationError, match="column voice_minutes: expected numbers"):
            spark.run(base, cand, bad, spark=session)  # the executors' error, as the local engine says it
        # a folder's second file with a region refused at its row 8 (the third of its row groups of 3 rows): said at
        # its file and row, as the local engine says it (it was the column alone)
        folder = tmp_path / "folder"
        folder.mkdir()
        rows = [{"data_gb": 1.0, "sms": 0, "age": 30, "region": "CN-BJ"} for _ in range(10)]
        pq.write_table(pa.Table.from_pylist(rows), folder / "a.parquet")
        rows[7]["region"] = "\u5317\u4eac"
        pq.write_table(pa.Table.from_pylist(rows), folder / "b.parquet", row_group_size=3)
        with pytest.raises(whatif.PopulationError) as refused:
            spark.run(base, cand, folder, spark=session)
        with pytest.raises(whatif.PopulationError) as locally:
            local.run(base, cand, folder, workers=2)
        assert refused.value.problem == locally.value.problem and locally.value.problem.params["row"] == 8
        assert locally.value.problem.params["path"] == str(folder / "b.parquet")
    finally:
        session.stop()
    assert on_spark == summary.summarise(local.run(base, cand, small_population, workers=1), b, c)
    # the breakdown by region, age band and data band too (each executor's partials merged on the driver)
    assert [(column["column"], column["in_population"], len(column["segments"])) for column in on_spark["segments"]] \
        == [("region", True, 31), ("age", True, 5), ("data_gb", True, 7)]
    assert sum(r["changed_best_plan"] for r in on_spark["segments"][0]["segments"]) == \
        on_spark["switches"]["changed_best_plan"] > 0
    assert on_spark == summary.summarise(local.run(base, cand, small_population, workers=2), b, c)
    assert in_folders == {"csvs": on_spark, "nested": on_spark}


@pytest.mark.skipif(importlib.util.find_spec("pyspark") is None, reason="pyspark is not installed")
@pytest.mark.skipif(shutil.which("java") is None, reason="no Java runtime on PATH (Spark needs Java 17+)")
def test_a_whatif_on_spark_says_nothing_of_pandas_on_stderr(candidate: Path, tmp_path: Path) -> None:
    """PySpark 4 warns "does not yet fully support pandas >= 3.0.0" (FutureWarning) at the session's start and at
    ``mapInArrow``, though the what-if uses no pandas: it is left unsaid there (``spark._pandas_3_unsaid``); with
    pandas 2 there is nothing to leave unsaid and this passes as well."""
    import subprocess
    import sys

    population = tmp_path / "pop.csv"
    population.write_text("data_gb,voice_minutes,sms\n10,100,5\n40,300,0\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "recommender", "whatif", "--candidate", str(candidate),
                           "--population", str(population), "--engine", "spark", "--spark-master", "local[2]",
                           "--lang", "zh"], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "2 个用量画像" in done.stderr and "FutureWarning" not in done.stderr and "pandas" not in done.stderr, \
        done.stderr
    # two rows are one partition, scored on one core of two (found by the Spark user test: "2 cores" alone)
    assert done.stderr.rstrip().endswith("（Spark local[2]，2 个核心，只有 1 个分区分到了数据行）"), done.stderr
