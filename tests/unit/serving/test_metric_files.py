"""The metrics folder's files (``recommender/api/metric_files.py``): an ended worker's counts kept in one file per
kind, and what cannot be merged yet merged later."""

import errno
import logging
import os
import struct
from collections.abc import Iterable
from pathlib import Path

import pytest
from prometheus_client import generate_latest
from prometheus_client.metrics_core import Metric
from prometheus_client.mmap_dict import MmapedDict, mmap_key

from recommender.api import metric_files

KEY = mmap_key("recommender_http_requests_total", "recommender_http_requests_total", ["status"], ["200"], "requests")
BUCKET = mmap_key("latency", "latency_bucket", ["le"], ["0.1"], "latency")


def _write(file: Path, values: dict[str, float]) -> None:
    written = MmapedDict(str(file))
    for key, value in values.items():
        written.write_value(key, value, 0.0)
    written.close()


def _read(file: Path) -> dict[str, float]:
    return {key: value for key, value, _, _ in MmapedDict.read_all_values_from_file(str(file))}


def _worker(folder: Path, pid: int, count: float) -> None:
    _write(folder / f"counter_{pid}.db", {KEY: count})
    _write(folder / f"histogram_{pid}.db", {BUCKET: count})
    _write(folder / f"gauge_livemax_{pid}.db", {KEY: 1.0})
    _write(folder / f"gauge_all_{pid}.db", {KEY: 1.0})


def test_ended_workers_counts_are_added_to_the_kept_files_and_their_files_removed(tmp_path: Path) -> None:
    for pid, count in ((101, 3.0), (102, 4.0)):
        _worker(tmp_path, pid, count)
        metric_files.retire(pid, str(tmp_path))
    assert sorted(name for name in os.listdir(tmp_path) if name.endswith(".db")) == [
        "counter_retired.db", "histogram_retired.db"]
    assert _read(tmp_path / "counter_retired.db") == {KEY: 7.0}
    assert _read(tmp_path / "histogram_retired.db") == {BUCKET: 7.0}
    assert [(s.name, s.value) for m in metric_files.FolderCollector(str(tmp_path)).collect() for s in m.samples
            if m.type == "counter"] == [("recommender_http_requests_total", 7.0)]


def test_a_merge_that_cannot_be_written_keeps_the_workers_files_and_is_done_later(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    """Its gauges (a live process's values: the catalogue version it served) are removed all the same; the merge not
    done is said once however often it is tried (the master's watcher tries at every check), and once when done."""
    _worker(tmp_path, 201, 5.0)

    def full(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    caplog.set_level(logging.INFO, "recommender.metrics")
    with monkeypatch.context() as patched:
        patched.setattr(metric_files.os, "replace", full)
        metric_files.retire(201, str(tmp_path))  # (no exception: the gunicorn master would stop)
        metric_files.retire(None, str(tmp_path))
    assert (tmp_path / "counter_201.db").exists() and not (tmp_path / "counter_retired.db").exists()
    assert not list(tmp_path.glob("gauge_*")) and not list(tmp_path.glob(".*.tmp"))
    metric_files.retire(None, str(tmp_path))
    assert _read(tmp_path / "counter_retired.db") == {KEY: 5.0} and not (tmp_path / "counter_201.db").exists()
    assert [record.getMessage() for record in caplog.records] == [
        "metrics of ended workers [201] not merged (OSError: [Errno 28] No space left on device): their files are "
        "read as they are, merged later", "metrics of ended worker 201 merged"]


def _corrupt(file: Path) -> None:
    """A file whose header says more than it holds, and whose first key is not UTF-8."""
    file.write_bytes(struct.pack("iii", 4000, 0, 16) + b"\xff" * 100)


def test_an_unreadable_file_is_left_out_said_once_and_the_rest_served(tmp_path: Path,
                                                                       caplog: pytest.LogCaptureFixture) -> None:
    _write(tmp_path / "counter_301.db", {KEY: 2.0})
    (tmp_path / "counter_302.db").write_bytes((tmp_path / "counter_301.db").read_bytes()[:20])  # truncated
    _corrupt(tmp_path / "counter_303.db")
    (tmp_path / "counter_304.db").touch()  # (being made: empty, not unreadable)
    said: list[str] = []
    monkey = pytest.MonkeyPatch()
    monkey.setattr(metric_files, "unreadable_listeners", [said.append])
    try:
        for _ in range(3):
            assert [(s.name, s.value) for m in metric_files.FolderCollector(str(tmp_path)).collect()
                    for s in m.samples] == [("recommender_http_requests_total", 2.0)]
    finally:
        monkey.undo()
    assert sorted(said) == [str(tmp_path / "counter_302.db"), str(tmp_path / "counter_303.db")]
    assert [r.getMessage().split(" is ")[0] for r in caplog.records] == [
        f"metrics file {tmp_path / name}" for name in ("counter_302.db", "counter_303.db")]


@pytest.mark.parametrize("key", [
    mmap_key("latency", "latency_bucket", ["le"], ["0.A5"], "latency"),  # (a flipped byte: the bucket no number)
    '["latency", "latency_bucket", {"le": ["0.1"]}, "latency"]',  # (a label value no string: cannot be a key)
    '["requests", "requests_total", {"status": 200}, "requests"]',
], ids=["bucket not a number", "label a list", "label a number"])
def test_a_file_read_whole_but_not_servable_is_left_out_too(tmp_path: Path, key: str) -> None:
    """Found by the API integration QA flipping bytes in copies of a worker's files (1 in 600): a histogram file whose
    bucket bound read as ``0.A5`` was read whole and made every ``/metrics`` a 500 (prometheus_client adds buckets up
    after the files are read); a label value that is no string alike.  Such a file is unreadable as the others are."""
    _write(tmp_path / "counter_301.db", {KEY: 2.0})
    kind = "histogram" if "latency" in key else "counter"
    _write(tmp_path / f"{kind}_302.db", {key: 1.0})
    said: list[str] = []
    with pytest.MonkeyPatch().context() as patched:
        patched.setattr(metric_files, "unreadable_listeners", [said.append])
        text = generate_latest(metric_files.FolderCollector(str(tmp_path))).decode()
    assert 'recommender_http_requests_total{status="200"} 2.0' in text
    assert said == [str(tmp_path / f"{kind}_302.db")]


def test_an_ended_workers_file_not_servable_is_not_merged_into_the_kept_one(tmp_path: Path) -> None:
    """Merged, a bucket bound that is no number would have taken the kept file, every ended worker's counts, out of
    every scrape (``_servable``): the ended worker's file is removed as an unreadable one is."""
    _write(tmp_path / "histogram_retired.db", {BUCKET: 5.0})
    _write(tmp_path / "histogram_701.db", {mmap_key("latency", "latency_bucket", ["le"], ["0.A5"], "latency"): 1.0})
    metric_files.retire(701, str(tmp_path))
    assert _read(tmp_path / "histogram_retired.db") == {BUCKET: 5.0} and not (tmp_path / "histogram_701.db").exists()
    text = generate_latest(metric_files.FolderCollector(str(tmp_path))).decode()
    assert 'latency_bucket{le="0.1"} 5.0' in text


def test_an_unreadable_ended_workers_file_is_removed_and_an_unreadable_kept_file_made_again(tmp_path: Path) -> None:
    _corrupt(tmp_path / "counter_401.db")
    metric_files.retire(401, str(tmp_path))
    assert not list(tmp_path.glob("counter_*.db"))
    _corrupt(tmp_path / "counter_retired.db")
    _write(tmp_path / "counter_402.db", {KEY: 6.0})
    metric_files.retire(402, str(tmp_path))
    assert _read(tmp_path / "counter_retired.db") == {KEY: 6.0} and not (tmp_path / "counter_402.db").exists()


def test_a_folder_whose_lock_cannot_be_opened_says_why_only_for_workers_with_files(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    """A metrics folder read-only from the start (no lock file, nothing written by any worker): an ended worker has
    nothing to merge and nothing is said (it was said as 'the lock is held', for every worker); one with files is
    told with the reason, and merged once the lock opens."""
    def read_only(*args: object) -> int:
        raise OSError(errno.EROFS, "Read-only file system")

    _write(tmp_path / "counter_602.db", {KEY: 1.0})
    with monkeypatch.context() as patched:
        patched.setattr(metric_files.os, "open", read_only)
        metric_files.retire(601, str(tmp_path))
        assert not caplog.records
        metric_files.retire(602, str(tmp_path))
    assert [record.getMessage() for record in caplog.records] == [
        "metrics of ended workers [602] not merged (its lock cannot be opened: OSError: [Errno 30] Read-only file "
        "system): their files are read as they are, merged later"]
    metric_files.retire(None, str(tmp_path))
    assert _read(tmp_path / "counter_retired.db") == {KEY: 1.0} and not (tmp_path / "counter_602.db").exists()


def test_a_worker_that_ends_during_a_merge_is_merged_by_it_not_waited_for(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Found in review: gunicorn up to 23 (pyproject allows >=22) calls ``child_exit`` from its SIGCHLD handler, in
    the master's main thread, also while that thread is merging another worker's files; ``retire`` then waited for
    the lock its own thread held, and the master hung.  Here the handler's call is made inside the merge, in a
    thread of its own so that a hang fails the test rather than the run."""
    import threading

    _worker(tmp_path, 301, 2.0)
    _worker(tmp_path, 302, 5.0)
    merge = metric_files._merge

    def interrupted(pid: int, path: str) -> None:
        merge(pid, path)
        if pid == 301:
            metric_files.retire(302, path)  # (as the SIGCHLD handler would, on the same thread)

    monkeypatch.setattr(metric_files, "_merge", interrupted)
    done = threading.Thread(target=metric_files.retire, args=(301, str(tmp_path)), daemon=True)
    done.start()
    done.join(30)
    assert not done.is_alive(), "retire waited for its own thread"
    assert _read(tmp_path / "counter_retired.db") == {KEY: 7.0}
    assert sorted(name for name in os.listdir(tmp_path) if name.endswith(".db")) == [
        "counter_retired.db", "histogram_retired.db"]


def _prometheus_files(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker's files as prometheus_client itself writes them in multiprocess mode: a counter, a histogram and a
    summary with labels, and a gauge."""
    import prometheus_client
    from prometheus_client import values

    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(folder))
    monkeypatch.setattr(values, "ValueClass", values.MultiProcessValue(lambda: 901))
    counter = prometheus_client.Counter("requests", "requests", ["status"], registry=None)
    counter.labels("200").inc(3)
    counter.labels("404").inc()
    histogram = prometheus_client.Histogram("latency", "latency", ["route"], buckets=(0.1, 1.0), registry=None)
    for seconds in (0.05, 0.5, 5.0):
        histogram.labels("/api/v1/plans").observe(seconds)
    prometheus_client.Summary("size", "size", registry=None).observe(12.5)
    prometheus_client.Gauge("up", "up", multiprocess_mode="livemax", registry=None).set(1)


def test_a_metrics_file_is_read_once_and_as_prometheus_client_reads_it(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """``_values`` read each file twice (its values, then again through prometheus_client's private
    ``_read_metrics``); it reads it once, and checks it with ``_as_read``, whose reading of prometheus_client's file
    format must be the one prometheus_client's public ``MultiProcessCollector.merge`` makes: this fails if a version
    of prometheus_client other than those ``pyproject.toml`` allows changes it."""
    from prometheus_client import CollectorRegistry
    from prometheus_client.multiprocess import MultiProcessCollector

    _prometheus_files(tmp_path, monkeypatch)
    files = sorted(str(p) for p in tmp_path.glob("*.db"))
    assert [Path(f).name for f in files] == ["counter_901.db", "gauge_livemax_901.db", "histogram_901.db",
                                             "summary_901.db"]
    reads: list[str] = []
    real = MmapedDict.read_all_values_from_file

    def read_all_values_from_file(f: str) -> object:
        reads.append(f)
        return real(f)

    monkeypatch.setattr(MmapedDict, "read_all_values_from_file", staticmethod(read_all_values_from_file))

    def samples(metrics: Iterable[Metric]
                ) -> list[tuple[str, str, str, list[tuple[str, tuple[tuple[str, str], ...], float]]]]:
        return sorted((m.name, m.type, m.documentation, sorted((s.name, tuple(sorted(s.labels.items())), s.value)
                                                               for s in m.samples)) for m in metrics)

    for file in files:
        if "gauge" in file:
            continue
        reads.clear()
        read = metric_files._values(file)
        assert reads == [file]  # once
        assert samples(metric_files._as_read(Path(file).name.split("_")[0], read)) == samples(
            MultiProcessCollector.merge([file], accumulate=False))
        metric_files._write(file + ".copy", read)  # (what a merge writes reads back the same)
        assert _read(Path(file + ".copy")) == read
        os.remove(file + ".copy")
    reads.clear()
    ours = list(metric_files.FolderCollector(str(tmp_path)).collect())
    assert sorted(reads) == files  # a scrape: each file once
    registry = CollectorRegistry()
    MultiProcessCollector(registry, str(tmp_path))
    assert samples(ours) == samples(registry.collect())  # served as prometheus_client serves the folder
    text = generate_latest(metric_files.FolderCollector(str(tmp_path))).decode()
    assert 'latency_bucket{le="1.0",route="/api/v1/plans"} 2.0' in text and 'requests_total{status="200"} 3.0' in text
