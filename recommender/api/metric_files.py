"""prometheus_client's per-process metric files, made to survive a full disk.

In multiprocess mode prometheus_client keeps each worker's metrics in files it grows sparsely (``truncate``)
and writes through a memory map.  On a full file system the first write to a page with no block behind it
kills the process with SIGBUS, and so each worker replacing it: found by QA with a 2 MB tmpfs, 7,926 SIGBUS
in a minute and nothing answered, ``/healthz`` included.  ``reserve`` makes the files' blocks reserved
(``posix_fallocate``) before they are mapped for writing, so that a full disk is an ``OSError`` where the
metric is updated, which ``observability`` survives (the update is dropped, and said in the log).
"""

import contextlib
import errno
import fcntl
import glob
import json
import logging
import mmap
import os
import struct
import threading
import time
import types
from collections.abc import Callable, Iterable, Iterator

import prometheus_client.mmap_dict
import prometheus_client.values
from prometheus_client.metrics_core import Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

_CANNOT_RESERVE = frozenset({errno.EOPNOTSUPP, errno.EINVAL, errno.ENOSYS})
"""A file system that cannot reserve blocks: mapped as before."""


def _reserving_mmap(fileno: int, length: int, *args: object, **kwargs: object) -> mmap.mmap:
    if kwargs.get("access", mmap.ACCESS_WRITE) != mmap.ACCESS_READ and length > 0:
        try:
            os.posix_fallocate(fileno, 0, length)
        except OSError as exc:
            if exc.errno not in _CANNOT_RESERVE:
                raise
    return mmap.mmap(fileno, length, *args, **kwargs)  # type: ignore[arg-type]  # (mmap's own arguments)


class _Deferred:
    """A metric's value whose file could not be opened when the metric was made: the file is opened at each
    update until it opens (an update before that raises the ``OSError``, which ``observability.updating``
    drops and logs); the value reads 0 until then."""

    _multiprocess = True

    def __init__(self, make: object, *args: object, **kwargs: object) -> None:
        self._make, self._args, self._kwargs = make, args, kwargs
        self._value: object = None

    def _opened(self) -> object:
        if self._value is None:
            self._value = self._make(*self._args, **self._kwargs)  # type: ignore[operator]  # (the value class)
        return self._value

    def inc(self, amount: float) -> None:
        self._opened().inc(amount)  # type: ignore[attr-defined]  # (a prometheus_client value)

    def set(self, value: float, timestamp: float | None = None) -> None:
        self._opened().set(value, timestamp)  # type: ignore[attr-defined]  # (a prometheus_client value)

    def set_exemplar(self, exemplar: object) -> None:
        return None

    def get(self) -> float:
        try:
            return float(self._opened().get())  # type: ignore[attr-defined]  # (a prometheus_client value)
        except OSError:
            return 0.0

    def get_exemplar(self) -> None:
        return None


def _deferring(make: object) -> object:
    def value(*args: object, **kwargs: object) -> object:
        try:
            return make(*args, **kwargs)  # type: ignore[operator]  # (the value class)
        except OSError:
            return _Deferred(make, *args, **kwargs)

    value.deferring = True  # type: ignore[attr-defined]  # (so that it is wrapped once)
    return value


def reserve() -> None:
    """Make prometheus_client reserve its metric files' blocks before it maps them, and make a metric whose file
    cannot be opened yet (``_Deferred``) (once per process; before any metric is made)."""
    if not getattr(prometheus_client.values.ValueClass, "deferring", False):
        prometheus_client.values.ValueClass = _deferring(prometheus_client.values.ValueClass)
    if isinstance(getattr(prometheus_client.mmap_dict.mmap, "mmap", None), types.FunctionType):
        return
    shim = types.ModuleType("mmap", "the mmap module, its files' blocks reserved before they are mapped")
    shim.__dict__.update({k: v for k, v in vars(mmap).items() if not k.startswith("__")})
    shim.mmap = _reserving_mmap  # type: ignore[attr-defined]  # (a module made here)
    prometheus_client.mmap_dict.mmap = shim  # (the module prometheus_client maps with)


# -- the folder's files: read at a scrape, a dead worker's kept -------------------------------------------------------
#
# Every process writes its own files (``counter_<pid>.db``, ``histogram_<pid>.db``, ``gauge_<mode>_<pid>.db``), and
# ``/metrics`` adds up every file in the folder.  A worker that ends (a crash, gunicorn's timeout kill, a HUP, a
# ``max_requests``) left its files there for ever: each scrape read more of them.  Its counts must stay (a counter
# that goes down is read by Prometheus as a restart), so ``retire`` adds its counters, histograms and summaries to one
# kept file per kind (``counter_retired.db``: prometheus_client reads a file's kind from its name, and the pid only
# in a gauge's) and removes its files; its gauges are a live process's values and are removed.  A scrape reads the
# folder under a shared lock and a merge holds it alone: a scrape never sees a count twice (in the kept file and the
# dead worker's) or not at all.

LOCK_FILE = ".metrics.lock"
"""In the metrics folder; not a ``*.db`` (prometheus_client reads those)."""
RETIRED = "retired"
"""The kept files' name in place of a pid: ``counter_retired.db``, ``histogram_retired.db``, ``summary_retired.db``."""
LOCK_WAIT_S = 1.0
"""The longest a scrape or a merge waits for the lock: a process stopped holding it (SIGSTOP) delays, never blocks,
the gunicorn master (a merge not done then is done at the next one) or a scrape (it reads without the lock)."""
_SUMMED = ("counter", "histogram", "summary")
_pending: set[int] = set()
"""Dead workers whose files could not be merged yet (the lock held, the folder full or read-only): tried again."""
_pending_guard = threading.RLock()
"""Re-entrant: gunicorn up to 23 (``gunicorn>=22`` is allowed) reaps workers, ``child_exit``, inside its SIGCHLD
handler, which runs in the master's main thread, also in the middle of a merge there (a worker ending while
another's is merged, as after a HUP): with a plain lock the handler waited for its own thread, the master hung."""
_merging = False
"""A merge under way (in the thread holding ``_pending_guard``): a ``retire`` run inside it leaves its worker to it."""
_told: set[int] = set()
"""The pending workers whose merge failing has been logged (once each; and once when it is done)."""
_said: set[str] = set()
"""The unreadable files this process has logged (each once)."""
log = logging.getLogger("recommender.metrics")


@contextlib.contextmanager
def _locked(path: str, *, exclusive: bool) -> Iterator[str | None]:
    """The folder's lock (``flock``: shared for a scrape, exclusive for a merge), waited for at most ``LOCK_WAIT_S``;
    yields None once it is held, else why not (the folder removed, or read-only without the lock file; the wait
    over)."""
    try:
        fd = os.open(os.path.join(path, LOCK_FILE), os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        try:
            fd = os.open(os.path.join(path, LOCK_FILE), os.O_RDONLY)
        except OSError as exc:
            yield f"its lock cannot be opened: {type(exc).__name__}: {exc}"
            return
    try:
        unheld: str | None = "its lock is held"
        deadline = time.monotonic() + LOCK_WAIT_S
        while True:
            try:
                fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
                unheld = None
                break
            except OSError:
                if time.monotonic() >= deadline:
                    break
                time.sleep(0.01)
        yield unheld
    finally:
        os.close(fd)  # (the lock with it)


def remake(path: str) -> None:
    """The metrics folder made again if it was removed under the server (a ``/tmp`` cleaner, an operator), and said
    in the log by each process that finds it gone: its counters restart from nothing, with no other trace (found by
    the SRE QA)."""
    if os.path.isdir(path):
        return
    os.makedirs(path, exist_ok=True)
    log.warning("metrics folder %s was removed under the server: made again; the counts it held are lost (its "
                "counters restart), and each live worker's stay out of /metrics until it is replaced", path,
                extra={"folder": path})


def _values(file: str) -> dict[str, float]:
    """A metrics file's values by key, read once, all read or an error (``OSError``, ``ValueError``, ``RuntimeError``,
    ``struct.error``: a file truncated or corrupt; or read whole but not servable, ``_servable``: merged, it would
    take the kept file out of every scrape).  An empty file (made, not yet sized) has none."""
    if os.path.getsize(file) == 0:
        return {}
    values = {key: value for key, value, _, _ in prometheus_client.mmap_dict.MmapedDict.read_all_values_from_file(file)}
    _servable(_as_read(os.path.basename(file).split("_")[0], values))
    return values


def _as_read(kind: str, values: dict[str, float]) -> list[Metric]:
    """A file's values, of a kind summed across processes (``_SUMMED``), as the metrics prometheus_client reads from it
    (``MultiProcessCollector.merge`` reads the file itself: ``_values`` has read it already, and keeps its keys): each
    key is the JSON ``[metric name, sample name, {label: value}, help]`` of ``mmap_dict.mmap_key``.  The file format
    is prometheus_client's, not its API: ``pyproject.toml`` pins the versions tested, and
    ``tests/unit/serving/test_metric_files.py`` checks this reads a file as ``merge`` does."""
    metrics: dict[str, Metric] = {}
    for key, value in values.items():
        metric_name, name, labels, help_text = json.loads(key)
        metric = metrics.get(metric_name)
        if metric is None:
            metric = metrics[metric_name] = Metric(metric_name, help_text, kind)
        metric.add_sample(name, dict(sorted(labels.items())), value)
    return list(metrics.values())


def _unreadable(file: str, exc: BaseException, what: str) -> None:
    """Said once a process for each file (and counted by ``observability``'s listener)."""
    if file in _said:
        return
    _said.add(file)
    log.warning("metrics file %s is unreadable (%s: %s): %s", file, type(exc).__name__, exc, what,
                extra={"file": file})
    for listener in unreadable_listeners:
        listener(file)


unreadable_listeners: list[Callable[[str], None]] = []


def _write(file: str, values: dict[str, float]) -> None:
    """``values`` as a metrics file (prometheus_client's layout), written whole beside it then renamed over it."""
    body = b""
    for key, value in values.items():
        encoded = key.encode("utf-8")
        padded = encoded + b" " * (8 - (len(encoded) + 4) % 8)
        body += struct.pack(f"i{len(padded)}sdd", len(encoded), padded, value, 0.0)
    temporary = os.path.join(os.path.dirname(file), f".{os.path.basename(file)}.{os.getpid()}.tmp")
    try:
        with open(temporary, "wb") as out:
            out.write(struct.pack("ii", 8 + len(body), 0) + body)
        os.replace(temporary, file)
    except BaseException:
        with contextlib.suppress(OSError):
            os.remove(temporary)
        raise


def _not_merged(pids: Iterable[int], why: str) -> None:
    """Said once for each worker."""
    untold = sorted(set(pids) - _told)
    if untold:
        _told.update(untold)
        log.warning("metrics of ended workers %s not merged (%s): their files are read as they are, merged later",
                    untold, why, extra={"workers": untold})


def _merge(pid: int, path: str) -> None:
    """The dead ``pid``'s gauges removed (first: they are a live process's values, its catalogue version), its
    summed files added to the kept ones and removed (the lock held); an ``OSError``: not done."""
    for gauge in glob.glob(os.path.join(path, f"gauge_*_{pid}.db")):
        with contextlib.suppress(FileNotFoundError):
            os.remove(gauge)  # (an OSError: told as a merge not done, tried again)
    for kind in _SUMMED:
        dead = os.path.join(path, f"{kind}_{pid}.db")
        try:
            values = _values(dead)
        except FileNotFoundError:
            continue
        except Exception as exc:  # (its counts were not served: removing it loses nothing a scrape showed)
            _unreadable(dead, exc, "removed, its counts lost")
            values = {}
        kept = os.path.join(path, f"{kind}_{RETIRED}.db")
        try:
            merged = _values(kept)
        except FileNotFoundError:
            merged = {}
        except Exception as exc:  # (not served either: made again from the dead worker's)
            _unreadable(kept, exc, "made again from the next worker's that ends")
            merged = {}
        for key, value in values.items():
            merged[key] = merged.get(key, 0.0) + value
        if values:
            _write(kept, merged)
        os.remove(dead)


def retire(pid: int | None, path: str) -> None:
    """In the gunicorn master when worker ``pid`` ended: its counts kept in the folder's kept files, its files
    removed; and those of the workers that could not be merged before (``pid`` None: only those; the master's
    watcher, at every check).  Never raises (the master would stop)."""
    global _merging
    if pid is None and not _pending:
        return
    with _pending_guard:
        if pid is not None:
            _pending.add(pid)
        if _merging:  # (a SIGCHLD handler's, run in the middle of this thread's merge: merged by it, below)
            return
        _merging = True
        try:
            with _locked(path, exclusive=True) as unheld:
                if unheld is not None:
                    for dead in list(_pending):  # (nothing of theirs left: the folder removed, or read-only from the
                        if not glob.glob(os.path.join(path, f"*_{dead}.db")):  # start and nothing written)
                            _pending.discard(dead)
                            _told.discard(dead)
                    _not_merged(_pending, unheld)
                    return
                tried: set[int] = set()
                while todo := sorted(_pending - tried):  # (and those that ended while it merged)
                    for dead in todo:
                        tried.add(dead)
                        try:
                            _merge(dead, path)
                        except OSError as exc:
                            _not_merged([dead], f"{type(exc).__name__}: {exc}")
                            continue
                        _pending.discard(dead)
                        if dead in _told:
                            _told.discard(dead)
                            log.info("metrics of ended worker %s merged", dead, extra={"workers": [dead]})
        except Exception:  # the master outlives any surprise
            log.exception("metrics of ended workers %s not merged", sorted(_pending))
        finally:
            _merging = False


def _servable(read: Iterable[Metric]) -> None:
    """What a scrape needs of a file's metrics once they are read, checked: a file read whole whose bucket bound is no
    number, or whose help, sample name or label value is no string, raises here and is left out as unreadable (found
    by the API integration QA flipping bytes in copies of a worker's files: one in 600 made every ``/metrics`` a 500,
    prometheus_client adding up a bucket ``le="0.A5"`` after every file was read)."""
    for metric in read:
        if not isinstance(metric.documentation, str):
            raise ValueError(f"{metric.name}: its help is not a string")
        for sample in metric.samples:
            labels = dict(sample.labels)  # (as read: (name, value) pairs)
            if not isinstance(sample.name, str) or not all(isinstance(v, str) for v in labels.values()):
                raise ValueError(f"{metric.name}: a sample's name or label value is not a string")
            if metric.type == "histogram" and "le" in labels:
                float(labels["le"])  # (a ValueError: no bucket bound)


class FolderCollector(Collector):
    """prometheus_client's ``MultiProcessCollector``, less its 500 on one bad file: the folder read under its lock
    (shared), and a file that cannot be read (truncated, corrupt) is left out, said in the log once a process and
    counted (``unreadable_listeners``), while every other file is served."""

    def __init__(self, path: str) -> None:
        self.path = path

    def collect(self) -> Iterable[Metric]:
        with _locked(self.path, exclusive=False):
            files = []
            for file in sorted(glob.glob(os.path.join(self.path, "*.db"))):
                with contextlib.suppress(FileNotFoundError):  # (a dead worker's, merged since the folder was listed)
                    if os.path.getsize(file):  # (empty: being made)
                        files.append(file)
            try:
                return _merged(files)  # (each file read once)
            except Exception:
                pass  # a file unreadable: found below, left out, and the others served
            readable = []
            for file in files:
                try:
                    _merged([file], accumulate=False)  # (one file: all read, or an error)
                except FileNotFoundError:
                    continue
                except Exception as exc:
                    _unreadable(file, exc, "left out of /metrics")
                    continue
                readable.append(file)
            return _merged(readable)


def _merged(files: list[str], accumulate: bool = True) -> list[Metric]:
    """The metrics of ``files`` as prometheus_client serves them (its public ``MultiProcessCollector.merge``), checked
    servable: an error if one cannot be read whole, or read but not served."""
    metrics = list(MultiProcessCollector.merge(files, accumulate=accumulate))
    _servable(metrics)
    return metrics
