"""Limits that hold across workers (real gunicorn): a TMF680 result is read by any worker, a worker
replacing a killed one included; the results kept are bounded in bytes; a usage upload is bounded in
rows, so the largest allowed upload cannot tie a worker up.

``UPLOAD_FIGURES=1`` prints how long the uploads took (tests never time: nothing is asserted on it).
"""

import io
import json
import os
import signal
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

from .conftest import free_port, get, gunicorn, wait_until, workers_of

pytestmark = [pytest.mark.server, pytest.mark.e2e]

TMF680 = "/tmf-api/recommendationManagement/v4/queryProductRecommendation"


def _post(url: str, body: bytes, content_type: str) -> tuple[int, dict[str, object]]:
    request = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def _multipart(content: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"records\"; filename=\"u.csv\"\r\n"
            "Content-Type: text/csv\r\n\r\n").encode() + content + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def _csv(rows: int) -> bytes:
    out = io.StringIO()
    out.write("kind,date,duration_s,mb\n")
    for i in range(rows):
        day = f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}"
        out.write((f"call,{day},{60 + i % 500},\n", f"data,{day},,{(i % 900) / 10}\n", f"sms,{day},,\n")[i % 3])
    return out.getvalue().encode()


def test_results_are_read_by_any_worker_and_bounded_in_bytes(tmp_path: Path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    shared = tmp_path / "shared"
    with gunicorn(port, tmp_path / "gunicorn.log", RECOMMENDER_SHARED_DIR=str(shared),
                  RECOMMENDER_RATE_LIMIT="off", RECOMMENDER_TMF680_RESULT_BYTES="200000") as master:
        created = []
        for gb in range(1, 41):
            body = json.dumps({"productCharacteristic": [{"name": "dataGB", "value": gb}]}).encode()
            status, document = _post(f"{base}{TMF680}?limit=3", body, "application/json")
            assert status == 201, document
            created.append(document)
        old_workers = workers_of(master.pid)
        for pid in old_workers:  # every worker that created a result is gone
            os.kill(pid, signal.SIGKILL)
        wait_until(lambda: len(set(workers_of(master.pid)) - set(old_workers)) == 2
                   and get(f"{base}/readyz")[0] == 200, "new workers")
        kept = [d for d in created if get(f"{base}{TMF680}/{d['id']}")[0] == 200]
        assert kept and kept == created[-len(kept):]  # the most recent ones, read by workers that never saw them
        for document in kept:
            status, raw, _ = get(f"{base}{TMF680}/{document['id']}")
            assert status == 200 and json.loads(raw) == document
        assert len(kept) < len(created)  # the oldest went: the folder holds at most 200,000 bytes
        on_disk = sum(p.stat().st_size for p in (shared / "tmf680").glob("*.json"))
        assert on_disk <= 200_000
        status, raw, _ = get(f"{base}{TMF680}/{created[0]['id']}")
        assert status == 404 and json.loads(raw)["errors"][0]["path"] == "query_id"


def test_usage_uploads_are_bounded_in_rows(tmp_path: Path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with gunicorn(port, tmp_path / "gunicorn.log", RECOMMENDER_RATE_LIMIT="off"):
        figures = {}
        for rows in (10_000, 10_001, 190_000):  # the cap, one over it, and a 3.9 MB file
            content = _csv(rows)
            body, content_type = _multipart(content)
            started = time.perf_counter()
            status, document = _post(f"{base}/api/v1/recommendations/usage?top_k=1", body, content_type)
            figures[rows] = (len(content), status, time.perf_counter() - started)
            if rows <= 10_000:
                assert status == 200, document
            else:
                assert status == 413, document
                assert document["errors"] == [{"location": "form", "path": "records:10002",
                                               "reason": "more than 10000 records"}]
    if os.environ.get("UPLOAD_FIGURES"):
        for rows, (size, status, seconds) in figures.items():
            print(f"\nUPLOAD rows={rows} bytes={size} status={status} seconds={seconds:.3f} (gunicorn, 2 sync workers)")
