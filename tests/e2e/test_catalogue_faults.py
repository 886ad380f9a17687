"""One catalogue across the worker lifecycle, under live edits (half of them broken), kill -9 of
workers and SIGHUP of the master: no errors, no answer from a broken edit, and after the documented
bound no answer from a catalogue older than the newest good one.

``FAULT_EDITS`` (default 4 in CI; the README's figures: 20) and ``FAULT_WATCH_S`` scale it.
"""

import json
import os
import signal
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from recommender.catalogue import load_catalogue
from recommender.serving.store import FOLLOW_INTERVAL_S

from .conftest import free_port, get, gunicorn, workers_of

pytestmark = [pytest.mark.server, pytest.mark.e2e]

EDITS = int(os.environ.get("FAULT_EDITS", "4"))
WATCH_S = float(os.environ.get("FAULT_WATCH_S", "0.25"))
# The documented bound: two polls, one follow check, and 3.5 s for two loads (~0.25 s each when idle)
# on a 2-core machine busy answering.
BOUND_S = 2 * WATCH_S + FOLLOW_INTERVAL_S + 3.5
FEE = 'monthly_fee: {value: 199, source: "seed:cm-tiers"}'
PROFILE = json.dumps({"data_gb": 30, "voice_minutes": 300}).encode()


def _write(plans: Path, text: str) -> None:
    (plans / "china-mobile.yaml").write_text(text, encoding="utf-8")


def test_edits_kills_and_sighup_keep_one_good_catalogue(plans_copy: Path, tmp_path: Path) -> None:
    original = (plans_copy / "china-mobile.yaml").read_text(encoding="utf-8")
    good = [(0.0, load_catalogue(plans_copy).version)]  # (time published on disk, version)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    answers: list[tuple[float, int, str]] = []
    stop = threading.Event()

    def client() -> None:
        while not stop.is_set():
            started = time.monotonic()
            request = urllib.request.Request(f"{base}/api/v1/recommendations?top_k=1", data=PROFILE,
                                             method="POST", headers={"Content-Type": "application/json"})
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    answers.append((started, response.status, response.headers["X-Catalogue-Version"]))
            except urllib.error.HTTPError as exc:
                answers.append((started, exc.code, exc.headers.get("X-Catalogue-Version", "")))
            except OSError as exc:
                answers.append((started, 0, repr(exc)))

    with gunicorn(port, tmp_path / "gunicorn.log", RECOMMENDER_WATCH_INTERVAL_S=str(WATCH_S),
                  RECOMMENDER_PLANS=str(plans_copy), RECOMMENDER_RATE_LIMIT="off") as master:
        clients = [threading.Thread(target=client) for _ in range(4)]
        for thread in clients:
            thread.start()
        kills = 0
        try:
            time.sleep(1)
            for i in range(EDITS):
                edited = original.replace(FEE, f'monthly_fee: {{value: {200 + i}, source: "seed:cm-tiers"}}')
                _write(plans_copy, edited)
                good.append((time.monotonic(), load_catalogue(plans_copy).version))
                time.sleep(1.0)
                if i % 3 == 1:  # kill -9 a worker while the edit is on its way
                    os.kill(workers_of(master.pid)[0], signal.SIGKILL)
                    kills += 1
                time.sleep(1.0)
                _write(plans_copy, edited.replace("monthly_fee: {value", "monthly_fee: {valeur", 1))  # broken
                time.sleep(1.0)
                if i == EDITS // 2:  # SIGHUP while the files are broken
                    master.send_signal(signal.SIGHUP)
                time.sleep(1.0)
            time.sleep(BOUND_S)
            status, body, _ = get(f"{base}/readyz")
        finally:
            stop.set()
            for thread in clients:
                thread.join(timeout=60)
        log = (tmp_path / "gunicorn.log").read_text(errors="replace")
    assert kills >= 1
    # A sync worker killed with -9 loses the one request it was answering (the client sees the
    # connection close); every other request is answered, and none with an error status.
    dropped = [a for a in answers if a[1] == 0]
    assert len(dropped) <= kills, dropped
    answers = [a for a in answers if a[1] != 0]
    assert answers and all(code == 200 for _, code, _ in answers), [a for a in answers if a[1] != 200][:5]
    order = {version: i for i, (_, version) in enumerate(good)}
    assert all(version in order for _, _, version in answers), "an answer came from a catalogue never written"
    stale = []
    lag = 0.0  # the longest an answer came from an older catalogue than the newest on disk
    for started, _, version in answers:
        newer = [at for at, v in good if at <= started and order[v] > order[version]]
        if newer:
            lag = max(lag, started - min(newer))
        newest = max(i for i, (at, _) in enumerate(good) if at <= started - BOUND_S) if started > BOUND_S else 0
        if order[version] < newest:
            stale.append((round(started - good[newest][0], 2), version))
    assert not stale, f"{len(stale)} of {len(answers)} answers older than the newest good catalogue: {stale[:10]}"
    ready = json.loads(body)
    assert status == 200 and ready["status"] == "degraded"  # the last edit is broken
    assert ready["catalogue_version"] == good[-1][1] == ready["newest_version"]
    assert ready["versions_served"] == [good[-1][1]]
    assert "Traceback" not in log
    if os.environ.get("FAULT_EDITS"):
        print(f"\nFAULTS answers={len(answers)} edits={EDITS} (half broken) kills={kills} "
              f"sighup=1 bound={BOUND_S:g}s max_lag={lag:.2f}s stale=0 errors=0 "
              f"dropped_by_kill={len(dropped)} versions={len(good)}")
