"""The metrics folder (``PROMETHEUS_MULTIPROC_DIR``) as workers end and files go bad.  Real gunicorn (2 sync workers).

Found by the SRE QA: every worker gunicorn replaced (killed, timed out, a HUP) left its files in the folder for ever,
each scrape reading them all; and one truncated or corrupt file made every ``/metrics`` a 500.
"""

import functools
import http.client
import json
import os
import re
import signal
import struct
import threading
from pathlib import Path

import pytest

from tests.metrics import metric

from .conftest import free_port, get, gunicorn, wait_until, workers_of

pytestmark = [pytest.mark.server, pytest.mark.e2e]

HEALTHZ = {"endpoint": "/healthz", "method": "GET", "status": "200"}


def _owners(folder: Path) -> set[str]:
    """The pids (or ``retired``) the folder's metrics files are named after."""
    return {re.sub(r"^.*_", "", name.removesuffix(".db")) for name in os.listdir(folder) if name.endswith(".db")}


def _replaced(master: int, gone: set[int], metrics: Path) -> bool:
    """Every worker in ``gone`` replaced, and its files merged."""
    live = set(workers_of(master))
    return len(live) == 2 and not live & gone and not _owners(metrics) & {str(pid) for pid in gone}


def test_an_ended_workers_counts_are_kept_and_its_files_removed(tmp_path: Path) -> None:
    """A worker killed with -9, one ended by TERM, then every one replaced by a HUP of the master: ``/metrics`` counts
    every request answered before, at every scrape meanwhile (never twice, never less: Prometheus reads a counter
    that goes down as a restart), and the folder holds the files of the master, the live workers and the kept ones."""
    metrics, log = tmp_path / "metrics", tmp_path / "gunicorn.log"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with gunicorn(port, log, RECOMMENDER_RATE_LIMIT="off", PROMETHEUS_MULTIPROC_DIR=str(metrics)) as master:
        for _ in range(20):  # (both workers answer some)
            assert get(f"{base}/healthz")[0] == 200
        seen: list[float] = []
        stop = threading.Event()

        def scrape() -> None:
            while not stop.is_set():
                try:
                    status, body, _ = get(f"{base}/metrics")
                except (OSError, http.client.HTTPException):  # (answered by the worker killed: the connection closed)
                    continue
                seen.append(metric(body.decode(), "recommender_http_requests_total", **HEALTHZ) if status == 200
                            else -status)

        def scraped_again() -> None:
            count = len(seen)
            wait_until(lambda: len(seen) > count + 1, "a scrape")

        scraper = threading.Thread(target=scrape, daemon=True)
        scraper.start()
        try:
            for sig in (signal.SIGKILL, signal.SIGTERM):
                scraped_again()
                ended = workers_of(master.pid)[0]
                os.kill(ended, sig)
                wait_until(functools.partial(_replaced, master.pid, {ended}, metrics),
                           "a worker replacing the ended one, its files merged")
            scraped_again()
            before = set(workers_of(master.pid))
            os.kill(master.pid, signal.SIGHUP)
            wait_until(functools.partial(_replaced, master.pid, before, metrics),
                       "every worker replaced, their files merged")
            scraped_again()
        finally:
            stop.set()
            scraper.join()
        live = {str(pid) for pid in workers_of(master.pid)}
        owners = _owners(metrics)
        text = get(f"{base}/metrics")[1].decode()
    assert metric(text, "recommender_http_requests_total", **HEALTHZ) == 20
    assert seen and set(seen) == {20.0}, sorted(set(seen))
    assert owners <= {str(master.pid), "retired"} | live, (owners, live)
    assert {"counter_retired.db", "histogram_retired.db"} <= set(os.listdir(metrics))
    assert "Traceback" not in log.read_text(errors="replace")


def test_a_server_starts_on_a_folder_emptied_of_the_files_of_the_last(tmp_path: Path) -> None:
    """A metrics folder given (``PROMETHEUS_MULTIPROC_DIR``) is emptied at start: the last server's files, its kept
    ones and a merge's temporary file left by a master killed while it wrote it (never read, never removed before)."""
    metrics = tmp_path / "metrics"
    metrics.mkdir()
    left = ["counter_12345.db", "counter_retired.db", ".counter_retired.db.12344.tmp"]
    for name in left:
        (metrics / name).write_bytes(b"\0" * 64)
    port = free_port()
    with gunicorn(port, tmp_path / "gunicorn.log", PROMETHEUS_MULTIPROC_DIR=str(metrics)):
        still = sorted(set(left) & set(os.listdir(metrics)))
    assert not still, still


def test_an_unreadable_metrics_file_is_left_out_and_the_rest_served(tmp_path: Path) -> None:
    """A truncated file and a corrupt one in the folder: every ``/metrics`` is a 200 with every other count (it was a
    500), each bad file is said in the log once by each worker that read it, and counted as often."""
    metrics, log = tmp_path / "metrics", tmp_path / "gunicorn.log"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with gunicorn(port, log, RECOMMENDER_RATE_LIMIT="off", PROMETHEUS_MULTIPROC_DIR=str(metrics)) as master:
        for _ in range(5):
            assert get(f"{base}/healthz")[0] == 200
        master_file = (metrics / f"counter_{master.pid}.db").read_bytes()
        (metrics / "counter_999991.db").write_bytes(master_file[:20])  # truncated
        (metrics / "histogram_999992.db").write_bytes(struct.pack("iii", 4000, 0, 16) + b"\xff" * 100)  # corrupt
        scrapes = [get(f"{base}/metrics")[0] for _ in range(8)]
        # every worker answers a scrape in time (each says each file once)
        wait_until(lambda: get(f"{base}/metrics")[0] == 200 and len(_said(log)) == 4, "each worker's scrape")
        text = get(f"{base}/metrics")[1].decode()
    assert scrapes == [200] * 8
    assert metric(text, "recommender_http_requests_total", **HEALTHZ) == 5
    told = _said(log)
    assert len(told) == len(set(told)) == 4 and {file for _, file in told} == {
        str(metrics / "counter_999991.db"), str(metrics / "histogram_999992.db")}, told
    assert metric(text, "recommender_metrics_files_unreadable_total") == 4


def _said(log: Path) -> list[tuple[int, str]]:
    """The unreadable metrics files the log tells of, with the pid that told."""
    lines = [json.loads(line) for line in log.read_text(errors="replace").splitlines() if line.startswith("{")]
    return [(line["pid"], line["file"]) for line in lines if "is unreadable" in line.get("message", "")]
