"""The embedded engine: the population streamed with ``pyarrow.dataset`` over a process pool.

Parquet populations are split into row groups; each worker process reads its row groups itself
(record batches of ``BATCH_ROWS``), so the parent never holds the data and memory stays flat
however large the file.  Each worker compiles both catalogues once (the pool's initializer) and
returns one ``Partial`` per row group; the parent merges them as they arrive.  CSV populations
cannot be split without reading them, so the parent streams their record batches to the pool.
With one worker everything runs in the calling process.
"""

import datetime
import io
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import IO, Literal, NamedTuple

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.fs

from ..eligibility import home_today
from ..messages import message
from . import whatif
from .whatif import Partial, Sources

BATCH_ROWS = 1 << 16
"""Rows per record batch read and scored at once."""
GROUP_ROWS = 1 << 17
"""The most rows of a Parquet row group one worker scores (``recommender population`` writes groups of this size).
A larger group, as pyarrow and pandas write by default (a million rows), is scored in slices of this many rows, each
by the worker that reads it: one worker would otherwise score a whole 1,000,000-row file while the others wait."""

class Task(NamedTuple):
    """A piece of the population: a Parquet row group (read by the worker) or a CSV's record batch (read by the
    parent), with where it is in its file."""

    file: str
    first_row: int
    """The file's rows before the piece."""
    group: int = -1
    """A Parquet row group's index, or -1 for a batch."""
    batch: pa.RecordBatch | None = None
    skip: int = 0
    """Of a slice of a row group (``GROUP_ROWS``): the group's rows before it."""
    rows: int = 0
    """Of a slice of a row group: its rows (0: the whole group)."""


_scorer: whatif.Scorer | None = None
_LOCAL = pyarrow.fs.LocalFileSystem()


def file_format(name: str) -> Literal["csv", "parquet"]:
    """A population file's format, by its name: CSV for ``.csv``, else Parquet."""
    return "csv" if name.lower().endswith(".csv") else "parquet"


def _sniffed(path: Path) -> Literal["csv", "parquet"]:
    """A file named as neither (``.txt``, ``.tsv``, no extension: a database's export) by its first bytes: Parquet
    begins with ``PAR1``, else CSV (read as Parquet, it was refused with "Parquet magic bytes not found")."""
    if path.suffix.lower() in (".csv", ".parquet"):
        return file_format(path.name)
    try:
        with path.open("rb") as handle:
            return "parquet" if handle.read(4) == b"PAR1" else "csv"
    except OSError:  # (missing or unreadable: said where it is read)
        return file_format(path.name)


def population_files(path: Path) -> tuple[list[Path], Literal["csv", "parquet"]]:
    """The files of a population and their format: a file (CSV by its ``.csv`` extension, Parquet by its
    ``.parquet``, else by its first bytes), or every ``*.parquet`` / ``*.csv`` file under a folder, partition
    folders included (``month=2025-05/part-0.parquet``), skipping hidden and ``_`` names (``_SUCCESS``) and other files
    (a README)."""
    if not path.is_dir():
        return [path], _sniffed(path)
    found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in (".csv", ".parquet")
                   and not any(part.startswith((".", "_")) for part in p.relative_to(path).parts))
    # a file reached twice (a symlink to another file of the folder) is read once: its people counted once (found
    # by the security QA: dup.csv -> a/p.csv scored everyone in it twice)
    files = list({f.resolve(): f for f in reversed(found)}.values())[::-1]
    if not files:
        raise whatif.PopulationError(message("population.no_files", path=str(path)))
    kinds = {file_format(str(f)) for f in files}
    if len(kinds) > 1:
        raise whatif.PopulationError(message("population.mixed_formats", path=str(path)))
    return files, kinds.pop()


def _csv() -> ds.CsvFileFormat:
    """CSV with the read columns' types given, not guessed from the first block: a column empty there (a file
    sorted with its blanks first), or of whole numbers there and decimals later, refused every later row
    that was not (Spark reads the whole column first).  A cell that is not of its type is refused with its
    row number."""
    import pyarrow.csv as pacsv

    return ds.CsvFileFormat(convert_options=pacsv.ConvertOptions(
        column_types=whatif.CSV_TYPES, null_values=list(whatif.NULL_TEXT), true_values=list(whatif.TRUE_TEXT),
        false_values=list(whatif.FALSE_TEXT)))


def bad_cell(path: Path, scorer: whatif.Scorer | None = None) -> whatif.PopulationError | None:
    """The first cell of a CSV population that is not of its column's type (``whatif.CSV_TYPES``), or row that is not
    one of its header's (``_unreadable_row``), or, with ``scorer``, value beyond a profile's bounds before them, at its
    row of its file (rows from 1, the header not counted: ``refused_row``); None when the population is not CSV, or
    when no cell is found so (pyarrow's refusal is then said as it is).

    Asked once pyarrow's CSV reader has refused such a cell: its words name the column by its place and the file's
    line, header counted ("In CSV column #0: Row #3: CSV conversion error to double: invalid value 'ten'"), and, for
    a cell of the file's first block, met as the schema is read, ask whether the file is a CSV at all."""
    try:
        files, kind = population_files(path)
    except whatif.PopulationError:
        return None
    if kind != "csv":
        return None
    found = refused_row(files, kind, scorer)
    return found if found is not None and found.problem.code == "population.at_row" else None


def refused_row(files: Sequence[Path], kind: Literal["csv", "parquet"],
                scorer: whatif.Scorer | None = None) -> whatif.PopulationError | None:
    """The first problem of a population's files, in their order, at its row of its file (a problem of no one row,
    a column's type, in its file), or None: a cell not of its column's type (a CSV read as text, a batch at a time,
    and typed by ``whatif.csv_typed``, as the Spark engine types it), with ``scorer`` a value beyond what a profile
    may say, checked as the scorer checks it (``whatif.checked``: nothing is scored), or a CSV row that is not one of
    its header's (``_unreadable_row``), where pyarrow could not read the file's next block as text: every block
    before it read, so no such row comes before a problem found in them (found in review: a short row late in the
    file was said before a negative value early in it, and the whole file was read through Python's csv module
    first, 70,000 rows a second).  What the Spark engine asks of a population it can read here, once an executor
    has refused it (its partitions do not know their rows: found by the Spark user test, "column region" with no
    file or row), and the local engine once pyarrow's reader has refused a block (``bad_cell``)."""
    import pyarrow.parquet as pq

    for file in files:
        try:
            if kind == "csv":
                with file.open("rb") as raw:
                    found = _first_refused(_csv_text(raw), scorer)
            else:
                parquet = pq.ParquetFile(file)
                found = _first_refused(parquet.iter_batches(batch_size=BATCH_ROWS, columns=[
                    n for n in parquet.schema_arrow.names if n in whatif.READ]), scorer)
        except (pa.ArrowException, OSError, UnicodeDecodeError):  # (a block not read: its row as Python's csv reads
            if kind != "csv" or (short := _unreadable_row(file)) is None:  # it, unless a row before it is refused)
                return None
            problem, lines = short
            with file.open("rb") as raw:
                head = b"".join(raw.readline() for _ in range(lines))
            try:
                found = _first_refused(_csv_text(io.BytesIO(head)), scorer)
            except (pa.ArrowException, UnicodeDecodeError):
                found = None
            return found.located(str(file), 0) if found is not None else problem
        if found is not None:
            return found.located(str(file), 0)
    return None


def _csv_text(source: IO[bytes]) -> Iterator[pa.RecordBatch]:
    """A CSV's columns read (``whatif.CSV_TYPES``) as text, typed by ``whatif.csv_typed`` as the Spark engine types
    them, a batch at a time."""
    import csv

    import pyarrow.csv as pacsv

    header = next(csv.reader([source.readline().decode("utf-8-sig", "surrogateescape")]), [])
    source.seek(0)
    read = [name for name in header if name in whatif.CSV_TYPES]
    reader = pacsv.open_csv(source, convert_options=pacsv.ConvertOptions(
        column_types=dict.fromkeys(read, pa.string()), include_columns=read))
    for batch in reader:
        yield whatif.csv_typed(batch)


def _first_refused(batches: Iterator[pa.RecordBatch], scorer: whatif.Scorer | None) -> whatif.PopulationError | None:
    """The first problem of ``batches`` (``whatif.checked`` with ``scorer``), its row counted from the first batch's
    first (``PopulationError.located`` then says where)."""
    first = 0
    try:
        for batch in batches:
            if scorer is not None and batch.num_rows:
                whatif.checked(scorer, batch)
            first += batch.num_rows
    except whatif.PopulationError as exc:
        return _shifted(exc, first)
    return None


def _shifted(exc: whatif.PopulationError, rows: int) -> whatif.PopulationError:
    """``exc`` with its row counted ``rows`` further on (a batch's row, as of its file's)."""
    if exc.at is None:
        return exc
    row, value = exc.at
    return whatif.PopulationError(exc.problem, (row + rows, value))


def _unreadable_row(file: Path) -> tuple[whatif.PopulationError, int] | None:
    """The first row of a CSV file that cannot be read as a row of its header, at its row (from 1, the header not
    counted), as a cell is said: one with more or fewer values than the header has columns, or with a value of a
    column the what-if reads (``whatif.READ``) that is not UTF-8 text; None when every row reads.

    Found by the what-if user tests: pyarrow's "CSV parse error: Row #150002: Expected 15 columns, got 14" counted the
    header, one row past the row every other problem names, and in the file's first block asked "Is this a 'csv'
    file?"; a region saved in GB 18030 (广东) was pyarrow's English "In CSV column #14: Row #2: CSV conversion error
    to string: invalid UTF8 data" (the column counted from 0), and on Spark, which reads such bytes as U+FFFD, a
    region refused as no region.  Spark's reader, which fails on a short row (``spark.run``) and reads the bytes as
    U+FFFD (``whatif._lost``), names either so too.  Bytes not UTF-8 in a column not read are read as the engines read
    them (not at all).  With the number of the file's lines before the row's first (the header's among them)."""
    import csv

    try:
        with io.TextIOWrapper(file.open("rb"), encoding="utf-8-sig", errors="surrogateescape", newline="") as text:
            rows = csv.reader(text)
            header = next(rows, None)
            if header is None:
                return None
            read = [i for i, name in enumerate(header) if name in whatif.READ]
            row, before = 0, rows.line_num
            for values in rows:
                starts, before = before, rows.line_num  # (a quoted value may hold line breaks)
                if not values:  # (a blank line is no row, as pyarrow and every other problem count them: review)
                    continue
                row += 1
                if len(values) != len(header):
                    problem = message("population.values_count", values=len(values), columns=len(header))
                elif (bad := next((i for i in read if not _text(values[i])), None)) is not None:
                    problem = message("population.not_utf8" + _encoding_hint(values[bad]), column=header[bad])
                else:
                    continue
                return whatif.PopulationError(message("population.at_row", path=str(file), row=row,
                                                      problem=problem.as_dict())), starts
    except (OSError, csv.Error):
        return None
    return None


def _text(value: str) -> bool:
    """Whether a value read with ``surrogateescape`` was UTF-8 (each byte that was not is a lone surrogate)."""
    return not any("\udc80" <= c <= "\udcff" for c in value)


def _encoding_hint(value: str) -> str:
    """What a value's bytes look like instead, as the code's suffix: ``.gb18030`` when they read as GBK / GB 18030,
    as Chinese Windows saves text."""
    try:
        value.encode("utf-8", "surrogateescape").decode("gb18030")
    except UnicodeDecodeError:
        return ""
    return ".gb18030"


def population_dataset(path: Path) -> ds.FileSystemDataset:
    """A Parquet or CSV file, or a folder of them, as a dataset (``population_files``)."""
    files, kind = population_files(path)
    dataset = ds.dataset([str(f) for f in files], format=_csv() if kind == "csv" else kind)
    whatif.read_columns(dataset.schema.names)  # (refused before any work when it has no usage column)
    return dataset


def _columns(dataset: ds.Dataset) -> list[str]:
    return whatif.read_columns(dataset.schema.names)


def unread_columns(names: Sequence[str]) -> list[str]:
    """Of a population's columns, those a what-if does not read (a misspelt ``voice_mins`` among them), but for
    the ones ``recommender population`` writes for its own calibration."""
    from .population import SCHEMA

    return [name for name in names if name not in whatif.READ and name not in SCHEMA.names]


def tasks(path: Path) -> Iterator[Task]:
    """The work: Parquet row groups by reference (a group over ``GROUP_ROWS`` rows in slices), CSV as record
    batches."""
    dataset = population_dataset(path)
    if isinstance(dataset.format, ds.ParquetFileFormat):
        for fragment in dataset.get_fragments():
            first = 0
            for group in fragment.split_by_row_group():
                [info] = group.row_groups
                if info.num_rows <= GROUP_ROWS:
                    yield Task(fragment.path, first, info.id)
                else:
                    yield from (Task(fragment.path, first + skip, info.id, skip=skip,
                                     rows=min(GROUP_ROWS, info.num_rows - skip))
                                for skip in range(0, info.num_rows, GROUP_ROWS))
                first += info.num_rows
    else:
        columns = _columns(dataset)
        for fragment in dataset.get_fragments():
            first = 0
            for batch in fragment.to_batches(schema=dataset.schema, columns=columns, batch_size=BATCH_ROWS):
                yield Task(fragment.path, first, batch=batch)
                first += batch.num_rows


def _batches(task: Task) -> Iterator[pa.RecordBatch]:
    if task.batch is not None:
        yield task.batch
        return
    file, group = task.file, task.group
    fragment = ds.ParquetFileFormat().make_fragment(file, filesystem=_LOCAL, row_groups=[group])
    names = [name for name in fragment.physical_schema.names if name in whatif.READ]
    batches = fragment.to_batches(columns=names, batch_size=BATCH_ROWS, use_threads=False)
    if not task.rows:
        yield from batches
        return
    start, stop, at = task.skip, task.skip + task.rows, 0  # (a slice: the group read up to its end, no further)
    for batch in batches:
        if at + batch.num_rows > start:
            yield batch.slice(max(0, start - at), min(batch.num_rows, stop - at) - max(0, start - at))
        at += batch.num_rows
        if at >= stop:
            return


def _init(baseline: Sources, candidate: Sources, as_of: datetime.date | None = None) -> None:
    global _scorer
    _scorer = whatif.scorer_for(baseline, candidate, as_of)


def _work(task: Task) -> tuple[int, Partial, int]:
    assert _scorer is not None, "the pool initializer did not run"
    total = whatif.partial_of_batches(_scorer, _batches(task), task.file, task.first_row)
    return total.profiles, total, os.getpid()


def run(baseline: Sources, candidate: Sources, population: Path, workers: int | None = None,
        progress: Callable[[int], None] | None = None, as_of: datetime.date | None = None,
        busy: set[int] | None = None) -> Partial:
    """Score the whole population against both catalogues (conditions of sale read at ``as_of``, default
    today, the same in every worker); ``progress(rows)`` after each piece.  ``busy`` is given the process
    ids that scored a piece (a population of fewer pieces than workers leaves some idle)."""
    busy = set() if busy is None else busy
    workers = workers or os.cpu_count() or 1
    as_of = as_of or home_today()
    _init(baseline, candidate, as_of)
    assert _scorer is not None
    total = Partial.empty(len(_scorer.baseline.plans), len(_scorer.candidate.plans))
    if workers == 1:
        results: Iterator[tuple[int, Partial, int]] = map(_work, tasks(population))
        for rows, part, pid in results:
            busy.add(pid)
            total = total.merge(part)
            if progress:
                progress(rows)
        return total
    context = _context()
    # (concurrent.futures, not multiprocessing.Pool: a worker that dies, killed by the OOM killer say, is a
    # BrokenProcessPool raised here; a Pool replaces it and waits for its piece for ever.  And the pool ends by its
    # workers leaving on their own, none terminated: a Pool terminated while a worker sends a result could hang on the
    # result queue's lock, as a what-if refusing a row did in a test run.)
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_init,
                             initargs=(baseline, candidate, as_of)) as pool:
        # At most two pieces per worker in flight, so a CSV is never read ahead into memory.
        pending: deque[Future[tuple[int, Partial, int]]] = deque()
        try:
            for task in tasks(population):
                pending.append(pool.submit(_work, task))
                while len(pending) >= 2 * workers or (pending and pending[0].done()):
                    total = _take(total, pending.popleft(), progress, busy)
            while pending:
                total = _take(total, pending.popleft(), progress, busy)
        except BaseException:  # (a refused row, Ctrl-C: the pieces in flight end, the others are not begun)
            pool.shutdown(wait=False, cancel_futures=True)
            raise
    return total


def _context() -> multiprocessing.context.BaseContext:
    """forkserver (no threads inherited), with this module and its imports (numpy, pyarrow, the
    catalogue, the optimiser) loaded once in the server, so workers start in milliseconds."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    return context


def _take(total: Partial, result: "Future[tuple[int, Partial, int]]",
          progress: Callable[[int], None] | None, busy: set[int]) -> Partial:
    rows, part, pid = result.result()
    busy.add(pid)
    if progress:
        progress(rows)
    return total.merge(part)
