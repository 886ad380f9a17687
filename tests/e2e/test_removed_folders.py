"""The server's own folders removed under it (a /tmp cleaner, an operator's rm -rf): the metrics folder and
the shared catalogue folder.  Real gunicorn (2 sync workers), a worker then killed with -9, a plan file then
edited: the server keeps answering, a worker replacing the killed one boots, and the edits reach every worker.

Before: the replacing worker failed to boot (its first metric opened a file in the removed folder) and
gunicorn stopped the whole server; /readyz, /metrics and every TMF680 POST were 500s; an edit was published
as generation 1 again, which the workers (at a later one) never loaded.
"""

import contextlib
import json
import os
import shutil
import signal
import subprocess
import time
import urllib.request
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from .conftest import free_port, get, gunicorn, wait_until, workers_of

pytestmark = [pytest.mark.server, pytest.mark.e2e]

TMF680 = "/tmf-api/recommendationManagement/v4/queryProductRecommendation"
FEE = "monthly_fee: {value: 199,"


def _post(url: str, body: dict[str, object]) -> tuple[int, str]:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers["X-Catalogue-Version"]
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("X-Catalogue-Version", "")


@contextlib.contextmanager
def _small_tmpfs(folder: Path, *, full: bool = False, read_only: bool = False) -> Iterator[Path]:
    """``folder`` (made) as a 1 MB tmpfs of its own, filled or read-only if asked, unmounted after; the test is
    skipped where it cannot be mounted (not root)."""
    folder.mkdir()
    options = "size=1m" + (",ro" if read_only else "")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.decode(errors='replace').strip()}")
    try:
        if full:
            _fill(folder)
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], capture_output=True)


def _fill(folder: Path) -> None:
    subprocess.run(["dd", "if=/dev/zero", f"of={folder / 'fill'}", "bs=64k"], capture_output=True)


def _remove(folder: Path) -> None:
    """``rm -rf folder`` as a cleaner does it, while the server may write into it: a file made between the listing and
    the folder's removal ("Directory not empty", seen once in a test run) is removed by going on, as ``rm`` would be
    run again; the folder is gone once one pass ends without error."""
    for _ in range(100):
        if not folder.exists():
            return
        try:
            shutil.rmtree(folder)
            return
        except OSError:
            time.sleep(0.01)
    raise AssertionError(f"{folder} could not be removed")


def _answers_and_probes(base: str) -> tuple[list[int], list[int]]:
    """Eight recommendations' statuses, and the probes', the form's and the metrics' (each of them 200 expected)."""
    answers = [_post(f"{base}/api/v1/recommendations?top_k=1", {"data_gb": gb})[0] for gb in range(8)]
    return answers, [get(f"{base}{path}")[0] for path in ("/healthz", "/readyz", "/", "/metrics")]


def test_the_server_outlives_its_folders_being_removed(plans_copy: Path, tmp_path: Path) -> None:
    metrics, shared = tmp_path / "metrics", tmp_path / "shared"  # (neither made yet: found by QA, a metrics
    # folder given that did not exist stopped the server at start with a FileNotFoundError)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with gunicorn(port, tmp_path / "gunicorn.log", RECOMMENDER_PLANS=str(plans_copy), RECOMMENDER_RATE_LIMIT="off",
                  RECOMMENDER_WATCH_INTERVAL_S="0.25", PROMETHEUS_MULTIPROC_DIR=str(metrics),
                  RECOMMENDER_SHARED_DIR=str(shared)) as master:
        for gb in range(6):  # every worker has made its TMF680 store and published nothing new
            assert _post(f"{base}{TMF680}", {"productCharacteristic": [{"name": "dataGB", "value": gb}]})[0] == 201
        edit = (plans_copy / "china-mobile.yaml").read_text(encoding="utf-8").replace(FEE, "monthly_fee: {value: 200,")
        (plans_copy / "china-mobile.yaml").write_text(edit, encoding="utf-8")
        wait_until(lambda: json.loads(get(f"{base}/readyz")[1])["newest_generation"] == 2, "the first edit")
        first = json.loads(get(f"{base}/readyz")[1])["newest_version"]
        _remove(metrics)
        _remove(shared)
        killed = workers_of(master.pid)[0]
        os.kill(killed, signal.SIGKILL)
        wait_until(lambda: len(workers_of(master.pid)) == 2 and killed not in workers_of(master.pid),
                   "a worker replacing the killed one")
        # A worker that had not yet followed the edit when the folder went gets it once the master has
        # published it again (``CatalogueStore.restore``, within one check of the files): it served the
        # catalogue before the edit until the next edit.
        answers = [_post(f"{base}/api/v1/recommendations?top_k=1", {"data_gb": 30}) for _ in range(6)]
        assert master.poll() is None, (tmp_path / "gunicorn.log").read_text(errors="replace")[-2000:]
        assert [code for code, _ in answers] == [200] * 6
        wait_until(lambda: {_post(f"{base}/api/v1/recommendations?top_k=1", {"data_gb": 30}) for _ in range(6)}
                   == {(200, first)}, "the first edit in every worker again", timeout=10)
        assert [get(f"{base}{path}")[0] for path in ("/readyz", "/metrics") for _ in range(3)] == [200] * 6
        assert _post(f"{base}{TMF680}", {"productCharacteristic": []})[0] == 201
        (plans_copy / "china-mobile.yaml").write_text(edit.replace("value: 200,", "value: 201,", 1), encoding="utf-8")
        wait_until(lambda: first not in {_post(f"{base}/api/v1/recommendations", {})[1] for _ in range(6)},
                   "the second edit in every worker")
    text = (tmp_path / "gunicorn.log").read_text(errors="replace")
    assert "Worker failed to boot" not in text
    # said in the log (found by the SRE QA: the counters restarted, the catalogue was published again, and nothing
    # said why)
    assert f"metrics folder {metrics} was removed under the server: made again" in text, text[-3000:]
    assert text.count(f"the shared folder {shared} held no catalogue") == 1, text[-3000:]


def test_a_full_disk_under_the_metrics_folder_drops_metrics_not_requests(tmp_path: Path) -> None:
    """Found by QA: with the metrics folder's file system full, prometheus_client's memory-mapped files killed
    every worker with SIGBUS, and each replacement too (7,926 times in a minute): nothing answered, /healthz
    included.  Their blocks are now reserved before they are mapped, so a full disk is an error the metric
    update survives: the request is answered, the update dropped and said in the log."""
    log = tmp_path / "gunicorn.log"
    with _small_tmpfs(tmp_path / "metrics") as metrics:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        with gunicorn(port, log, RECOMMENDER_RATE_LIMIT="off", PROMETHEUS_MULTIPROC_DIR=str(metrics)) as master:
            _fill(metrics)
            killed = workers_of(master.pid)[0]
            os.kill(killed, signal.SIGKILL)  # its replacement boots on the full disk
            wait_until(lambda: len(workers_of(master.pid)) == 2 and killed not in workers_of(master.pid),
                       "a worker replacing the killed one")
            answers, probes = _answers_and_probes(base)
            alive = master.poll() is None
    text = log.read_text(errors="replace")
    assert alive and answers == [200] * 8 and probes == [200] * 4, (answers, probes, text[-2000:])
    assert "SIGBUS" not in text and "metrics not updated" in text, text[-2000:]


@pytest.mark.parametrize("state", ["full", "read-only"])
def test_a_server_started_on_a_full_or_read_only_metrics_folder_serves(tmp_path: Path, state: str) -> None:
    """Found by QA: the master made the metrics without labels (their files opened at once) before their blocks
    were reserved, so a server (re)started while the metrics folder's disk was full died of SIGBUS with nothing
    in its log, and on a read-only folder with an OSError: no worker ever booted.  Those metrics now open their
    file at their first update when they cannot at start; the server answers and the updates are dropped."""
    log = tmp_path / "gunicorn.log"
    with _small_tmpfs(tmp_path / "metrics", full=state == "full", read_only=state == "read-only") as metrics:
        port = free_port()
        with gunicorn(port, log, RECOMMENDER_RATE_LIMIT="off", PROMETHEUS_MULTIPROC_DIR=str(metrics),
                      RECOMMENDER_WATCH_INTERVAL_S="0.25") as master:
            answers, probes = _answers_and_probes(f"http://127.0.0.1:{port}")
            alive = master.poll() is None
    text = log.read_text(errors="replace")
    assert alive and answers == [200] * 8 and probes == [200] * 4, (answers, probes, text[-2000:])
    assert "Traceback" not in text and "metrics not updated" in text, text[-2000:]


def test_a_server_started_on_a_full_disk_serves_and_publishes_once_there_is_room(plans_copy: Path,
                                                                                  tmp_path: Path) -> None:
    """Found by QA: with the file system of ``RECOMMENDER_SHARED_DIR`` (and ``PROMETHEUS_MULTIPROC_DIR``) full, the
    master's first publish of the catalogue raised ENOSPC in ``when_ready`` and gunicorn stopped: the server
    could not be (re)started until someone made room.  Now the workers serve the catalogue the master loaded,
    and the master publishes it, and the edits after it, once there is room."""
    log = tmp_path / "gunicorn.log"
    with _small_tmpfs(tmp_path / "tmp") as room:
        (room / "shared").mkdir()
        (room / "metrics").mkdir()
        _fill(room)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        with gunicorn(port, log, RECOMMENDER_SHARED_DIR=str(room / "shared"),
                      PROMETHEUS_MULTIPROC_DIR=str(room / "metrics"), RECOMMENDER_PLANS=str(plans_copy),
                      RECOMMENDER_RATE_LIMIT="off", RECOMMENDER_WATCH_INTERVAL_S="0.25") as master:
            first = [_post(f"{base}/api/v1/recommendations?top_k=1", {"data_gb": gb}) for gb in range(6)]
            probes = [get(f"{base}{path}")[0] for path in ("/healthz", "/readyz", "/")]
            (room / "fill").unlink()
            plan_file = plans_copy / "china-mobile.yaml"
            plan_file.write_text(plan_file.read_text(encoding="utf-8").replace(FEE, "monthly_fee: {value: 200,"),
                                 encoding="utf-8")
            wait_until(lambda: first[0][1] not in {_post(f"{base}/api/v1/recommendations", {})[1] for _ in range(6)},
                       "the edit in every worker", timeout=20)
            alive = master.poll() is None
    text = log.read_text(errors="replace")
    assert alive and [code for code, _ in first] == [200] * 6 and probes == [200] * 3, (first, probes, text[-2000:])


def test_tmf680_queries_are_answered_when_their_results_cannot_be_kept(tmp_path: Path) -> None:
    """Found by the SRE QA: with the file system of ``RECOMMENDER_SHARED_DIR`` full (or its ``tmf680`` folder
    read-only), every TMF680 POST was a 500 after its answer was found: the result could not be written for GET by
    id.  Now the query is answered (201), its GET by id is a 404 (not kept), and the failure is said in the log
    (at most every 10 s a worker) and counted in ``/metrics``."""
    log = tmp_path / "gunicorn.log"
    query = {"productCharacteristic": [{"name": "dataGB", "value": 45}, {"name": "voiceMinutes", "value": 80}]}
    with _small_tmpfs(tmp_path / "tmp") as room:
        (room / "shared").mkdir()
        _fill(room)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        with gunicorn(port, log, RECOMMENDER_SHARED_DIR=str(room / "shared"), RECOMMENDER_RATE_LIMIT="off"):
            created = [_created(f"{base}{TMF680}", query) for _ in range(4)]
            kept = [get(f"{base}{TMF680}/{query_id}")[0] for _, query_id in created if query_id]
            metrics = get(f"{base}/metrics")[1].decode()
    text = log.read_text(errors="replace")
    assert [code for code, _ in created] == [201] * 4 and kept == [404] * 4, (created, kept, text[-3000:])
    assert "recommender_tmf680_results_unkept_total 4.0" in metrics, metrics
    assert 0 < text.count("TMF680 result not kept") <= 2, text[-3000:]  # at most once in each worker (10 s)


def test_a_binary_upgrade_keeps_the_folders_the_new_master_serves_from(tmp_path: Path) -> None:
    """Found by the SRE QA: gunicorn's upgrade without downtime (``kill -USR2 <master>``, then ``kill -TERM`` of the
    old master once the new one serves) lost every TMF680 result kept before it (GET by id a 404): gunicorn execs the
    new master with the environment it started with, so it made temporary folders of its own, or, after a SIGHUP had
    read this file again, inherited the old master's, which the old master removed at its exit under the new one (its
    workers' metrics then went to removed files: 'metrics not updated', nothing in /metrics).  The new master now
    serves from the same folders, and the master that exits last removes them (none started by USR2 alive, none
    waiting to be promoted), as gunicorn unlinks its socket."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "gunicorn.log"
    temporary = tmp_path / "tmp"  # (the server's temporary folders: none may be left behind)
    temporary.mkdir()
    query = {"productCharacteristic": [{"name": "dataGB", "value": 45}]}
    with gunicorn(port, log, script=True, RECOMMENDER_RATE_LIMIT="off", TMPDIR=str(temporary)) as old:
        status, query_id = _created(f"{base}{TMF680}", query)
        os.kill(old.pid, signal.SIGUSR2)
        new = _started_by_usr2(old.pid)
        try:
            wait_until(lambda: len(workers_of(new)) == 2, "the new master's workers")
            gone = {str(pid) for pid in (old.pid, *workers_of(old.pid)) if pid != new}
            old.send_signal(signal.SIGTERM)
            old.wait(timeout=60)
            wait_until(lambda: "Master has been promoted" in log.read_text(errors="replace"), "the new master promoted")
            kept = get(f"{base}{TMF680}/{query_id}")[0]
            answered = [_post(f"{base}/api/v1/recommendations", {"data_gb": gb})[0] for gb in range(4)]
            counted = get(f"{base}/metrics")[1].decode()
            folders = sorted(p.name.rsplit("-", 1)[0] for p in temporary.iterdir())
            owners = {name.removesuffix(".db").rsplit("_", 1)[-1] for metrics in temporary.glob("recommender-metrics-*")
                      for name in os.listdir(metrics) if name.endswith(".db")}
        finally:
            os.kill(new, signal.SIGTERM)
            wait_until(lambda: not Path(f"/proc/{new}").exists(), "the new master stopped")
    text = log.read_text(errors="replace")
    assert status == 201 and kept == 200 and answered == [200] * 4, (status, kept, answered, text[-3000:])
    assert folders == ["recommender-catalogue", "recommender-metrics"], folders  # (one of each, shared)
    assert 'endpoint="/api/v1/recommendations",method="POST",status="200"} 4.0' in counted, counted
    assert "metrics not updated" not in text, text[-3000:]
    # the old master's and its workers' files merged into the kept ones (their counts kept: the TMF680 query and the
    # load at start), none left behind at each upgrade
    assert not owners & gone and "retired" in owners, (owners, gone)
    assert f'endpoint="{TMF680}",method="POST",status="201"}} 1.0' in counted, counted
    assert 'recommender_catalogue_reloads_total{outcome="reloaded"} 2.0' in counted, counted
    assert not list(temporary.iterdir())  # (removed by the last master)


def _started_by_usr2(master: int) -> int:
    """The master that ``kill -USR2 <master>`` started: its child whose environment names it (``GUNICORN_PID``)."""
    def child() -> int | None:
        for pid in workers_of(master):
            with contextlib.suppress(OSError):
                if f"GUNICORN_PID={master}".encode() in Path(f"/proc/{pid}/environ").read_bytes().split(b"\0"):
                    return pid
        return None

    wait_until(child, "the master started by USR2")
    started = child()
    assert started is not None
    return started


def _created(url: str, body: Mapping[str, object]) -> tuple[int, str]:
    """A TMF680 POST's status and the id it answers ('' without one)."""
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())["id"]
    except urllib.error.HTTPError as exc:
        return exc.code, ""


def _reload_by_admin(base: str) -> int:
    request = urllib.request.Request(f"{base}/api/v1/admin/reload", data=b"", method="POST",
                                     headers={"Authorization": "Bearer qa-token-0123456789abcdef"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_a_reload_that_cannot_be_published_keeps_the_server_and_one_catalogue(plans_copy: Path,
                                                                               tmp_path: Path) -> None:
    """Found by the SRE QA: with ``RECOMMENDER_SHARED_DIR`` read-only (or full) and a plan file edited,
    ``kill -HUP <master>`` stopped gunicorn and every worker ("Unhandled exception in main loop": the master's
    publish raised in ``on_reload``), and ``POST /api/v1/admin/reload`` was a 500.  The folder's lock is made a
    folder here (a publish then fails for any user, root included).  Now the reload is refused, every worker goes
    on serving the published catalogue, and the edit is served once it can be published."""
    shared = tmp_path / "shared"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "gunicorn.log"
    with gunicorn(port, log, RECOMMENDER_PLANS=str(plans_copy), RECOMMENDER_RATE_LIMIT="off",
                  RECOMMENDER_SHARED_DIR=str(shared), RECOMMENDER_ADMIN_TOKEN="qa-token-0123456789abcdef") as master:
        first = _post(f"{base}/api/v1/recommendations", {})[1]
        (shared / "lock").unlink()
        (shared / "lock").mkdir()
        plan_file = plans_copy / "china-mobile.yaml"
        plan_file.write_text(plan_file.read_text(encoding="utf-8").replace(FEE, "monthly_fee: {value: 200,"),
                             encoding="utf-8")
        admin = _reload_by_admin(base)
        served = {_post(f"{base}/api/v1/recommendations", {}) for _ in range(6)}
        before = set(workers_of(master.pid))
        os.kill(master.pid, signal.SIGHUP)
        wait_until(lambda: master.poll() is not None or (
            len(workers_of(master.pid)) == 2 and not before & set(workers_of(master.pid))), "new workers after SIGHUP")
        alive = master.poll() is None
        after = {_post(f"{base}/api/v1/recommendations", {}) for _ in range(6)} if alive else set()
        (shared / "lock").rmdir()
        if alive:
            os.kill(master.pid, signal.SIGHUP)
            wait_until(lambda: {_post(f"{base}/api/v1/recommendations", {})[1] for _ in range(6)} - {first},
                       "the edit once it can be published", timeout=20)
            edited = {_post(f"{base}/api/v1/recommendations", {}) for _ in range(6)}
    text = log.read_text(errors="replace")
    assert alive, text[-3000:]
    assert admin == 503 and served == {(200, first)} and after == {(200, first)}, (admin, served, after, text[-3000:])
    assert len(edited) == 1 and next(iter(edited))[0] == 200 and next(iter(edited))[1] != first
    assert "cannot publish catalogue" in text
