"""The what-if on Apache Spark: the same scoring and partials, inside ``mapInArrow``.

Each partition's Arrow record batches go through ``whatif.partial`` (the very function the local
engine uses) and come out as one row holding that partition's pickled ``Partial``; the driver
merges the partials, which are exact, so the answer is identical to the local engine's.  No
pandas is involved.  pyspark is an optional extra (``pip install 'tariff-recommender[spark]'``),
imported only here.

Where it runs: ``master`` (or ``RECOMMENDER_SPARK_MASTER``) is a Spark master URL — ``local[2]``
(the default), ``yarn``, ``k8s://https://…``, ``spark://host:7077`` — or a Spark Connect URL
``sc://host:15002``.  Executors need this package installed in the interpreter named by
``PYSPARK_PYTHON`` (set here to ``sys.executable`` unless already set); the catalogues travel
with the job as file contents, and the population path must be readable by the executors
(HDFS, S3, a shared disk).  See docs/whatif.md for spark-submit.
"""

import datetime
import json
import os
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa

from ..eligibility import home_today
from ..messages import message
from . import whatif
from .local import file_format, population_files, refused_row
from .whatif import Partial, Sources

if TYPE_CHECKING:  # pyspark is imported at run time only inside ``session``
    from pyspark.sql import SparkSession

DEFAULT_MASTER = "local[2]"
ROWS_PER_BATCH = 1 << 16
PARTIAL_SCHEMA = "partial binary, problem string"


def master_url(master: str | None) -> str:
    return master or os.environ.get("RECOMMENDER_SPARK_MASTER") or DEFAULT_MASTER


def partials(baseline: Sources, candidate: Sources, batches: Iterator[pa.RecordBatch],
             as_of: datetime.date | None = None, text: bool = False) -> Iterator[pa.RecordBatch]:
    """The ``mapInArrow`` function: a partition's batches in, one batch of one pickled Partial out, or
    the population's problem (``PopulationError``) as data, for the driver to raise as it is.  ``text``: a CSV's
    batches, every column text, typed here as the local engine's CSV reader types them (``whatif.csv_typed``)."""
    scorer = whatif.scorer_for(baseline, candidate, as_of)
    try:
        typed = (whatif.csv_typed(batch) for batch in batches) if text else batches
        partial, problem = whatif.partial_of_batches(scorer, typed).to_bytes(), None
    except whatif.PopulationError as exc:
        partial, problem = b"", json.dumps(exc.problem.as_dict())
    yield pa.RecordBatch.from_arrays([pa.array([partial], pa.binary()), pa.array([problem], pa.string())],
                                     names=["partial", "problem"])


@contextmanager
def _pandas_3_unsaid() -> Iterator[None]:
    """PySpark's FutureWarning "PySpark does not yet fully support pandas >= 3.0.0" left unsaid, that one only:
    PySpark 4 warns it whenever it checks the pandas installed (its testing helpers, imported as the session
    starts; ``mapInArrow``, which it builds as a pandas UDF), though this module uses no pandas; a what-if on
    Spark printed it twice on stderr, with PySpark's source lines, among the report's lines."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas", category=FutureWarning,
                                module=r"pyspark\.")
        yield


def session(master: str | None = None) -> "SparkSession":
    """A SparkSession for ``master`` (a Spark Connect session for ``sc://`` URLs, which has the same API)."""
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    url = master_url(master)
    builder = SparkSession.builder.appName("recommender-whatif")
    builder = builder.remote(url) if url.startswith("sc://") else builder.master(url)
    with _pandas_3_unsaid():
        made = (builder.config("spark.sql.execution.arrow.maxRecordsPerBatch", str(ROWS_PER_BATCH))
                .config("spark.ui.showConsoleProgress", "true")
                .getOrCreate())
    if not url.startswith("sc://"):  # (Spark Connect has no SparkContext)
        # a failed read or task comes back as an exception, said in the what-if's words (``run``): not also as the
        # JVM's log, a hundred lines of Java stack on stderr above it (a malformed CSV row under FAILFAST)
        made.sparkContext.setLogLevel("FATAL")
    return made


def run(baseline: Sources, candidate: Sources, population: Path | str, master: str | None = None,
        spark: "SparkSession | None" = None, as_of: datetime.date | None = None,
        busy: set[int] | None = None) -> Partial:
    """Score the population on Spark and merge the partitions' partials on the driver (conditions of sale
    read at ``as_of``, default the driver's today, the same on every executor).  ``busy`` is given the places of
    the partitions that had rows to score (a file of one Parquet row group is one task, on one core, however many
    Spark has: found by the Spark user test, the line said "2 cores")."""
    as_of = as_of or home_today()
    spark = spark or session(master)
    path = str(population)
    paths, kind = [path], file_format(path)  # a remote path (hdfs:, s3a: ...) as named
    local_files: list[Path] | None = None
    if not path.startswith(("hdfs:", "s3a:", "gs:", "abfs:")) and Path(path).exists():
        local_files, kind = population_files(Path(path))  # the local engine's files and format, exactly
        _split(spark, local_files)
        paths = [str(f) for f in local_files]
    from pyspark.errors import PySparkException

    try:
        reader = spark.read
        # (a CSV as text: not inferSchema, which guessed a flag column of 1 and true, or an age column empty in
        # every row, to be text, and refused what the local engine reads; typed in ``partials`` as it types them)
        # (FAILFAST: a row with more or fewer values than the header fails the read, as the local engine refuses it;
        # Spark's default read the missing cells as empty and scored the row: found by the Spark user test, slb)
        frame = reader.option("header", "true").option("inferSchema", "false").option("mode", "FAILFAST") \
            .csv(paths) if kind == "csv" else reader.parquet(*paths)
        frame = frame.select(whatif.read_columns(frame.columns))
        text = kind == "csv"

        def score(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
            return partials(baseline, candidate, batches, as_of, text)

        with _pandas_3_unsaid():
            rows = frame.mapInArrow(score, PARTIAL_SCHEMA).collect()
    except PySparkException as exc:  # e.g. a file that is not Parquet: Spark's own message, no JVM stack
        raise whatif.PopulationError(message("population.unreadable", path=str(path), error=str(
            exc.getMessage() if hasattr(exc, "getMessage") else exc))) from None
    except Exception as exc:  # (py4j's error from the JVM: a malformed CSV row, said as the local engine says it)
        raise _malformed(exc, path, local_files, _checker(baseline, candidate, as_of)) from None
    problems = [row["problem"] for row in rows if row["problem"]]
    if problems:
        found = json.loads(problems[0])
        if local_files is not None and found["code"] != "population.unproved" and (here := refused_row(
                local_files, kind, _checker(baseline, candidate, as_of))) is not None:  # (not one of scoring)
            raise here  # (at its file and row, as the local engine says it: the first of the files)
        raise whatif.PopulationError(message(found["code"], **found["params"]))
    catalogue_b, catalogue_c = whatif.in_currency(whatif.catalogue_of(baseline)), \
        whatif.in_currency(whatif.catalogue_of(candidate))
    total = Partial.empty(len(catalogue_b.plans), len(catalogue_c.plans))
    for place, row in enumerate(rows):
        partial = Partial.from_bytes(row["partial"])
        if busy is not None and partial.profiles:
            busy.add(place)
        total = total.merge(partial)
    return total


def _checker(baseline: Sources, candidate: Sources, as_of: datetime.date) -> whatif.Scorer:
    """A scorer for checking a population's rows on the driver (``local.refused_row``): its tables are compiled only
    to score, which it does not."""
    return whatif.Scorer(whatif.catalogue_of(baseline), whatif.catalogue_of(candidate), as_of)


def _malformed(exc: Exception, path: str, local_files: list[Path] | None, scorer: whatif.Scorer) -> Exception:
    """A CSV row with more or fewer values than its header, which Spark's FAILFAST read refuses: the local engine's
    words for it, at its file and row (``local.refused_row``: or a value refused before it), or, where the file
    cannot be read here (a remote path), Spark's own "Malformed CSV record: …"; any other error as it is."""
    said = str(exc)
    if "MALFORMED_CSV_RECORD" not in said:
        return exc
    if local_files is not None and (found := refused_row(local_files, "csv", scorer)) is not None:
        return found
    record = next((line.split("] ", 1)[-1].split(" SQLSTATE")[0] for line in said.splitlines()
                   if "[MALFORMED_CSV_RECORD]" in line), "Malformed CSV record")
    return whatif.PopulationError(message("population.unreadable", path=path, error=record))


def cores(spark: "SparkSession") -> int | None:
    """The cores Spark runs tasks on (its default parallelism); None where it does not say (Spark Connect
    has no SparkContext)."""
    try:
        return int(spark.sparkContext.defaultParallelism)
    except Exception:
        return None


def _split(spark: "SparkSession", files: list[Path]) -> None:
    """Enough input partitions for every core: Spark splits Parquet by row group, at most this many bytes."""
    size = sum(f.stat().st_size for f in files)
    n = cores(spark) or 2
    spark.conf.set("spark.sql.files.maxPartitionBytes", str(max(1 << 20, size // (2 * n) + 1)))
