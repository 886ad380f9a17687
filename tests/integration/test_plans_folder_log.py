"""What the log says of a plans folder the server cannot read at all."""

import logging
from pathlib import Path

import pytest

from recommender.app import create_app


@pytest.mark.parametrize("relative", [False, True])
def test_a_missing_plans_folder_is_logged_by_the_path_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           caplog: pytest.LogCaptureFixture, relative: bool) -> None:
    """Found by the SRE's user test (shb): ``RECOMMENDER_PLANS=/nonexistent`` was logged "plan files rejected, ...:
    nonexistent:1: cannot read: No such file or directory", the path made relative to its parent (as ``/readyz``
    names files: never by the server's own paths) and a line number meaningless for a folder.  The log line names
    it as the operator set it, without a line; ``/readyz``'s problems are as before (the ``:1`` is the catalogue's
    problem format, recommender/catalogue/load.py)."""
    monkeypatch.chdir(tmp_path)
    given = "gone/plans" if relative else str(tmp_path / "gone" / "plans")
    with caplog.at_level(logging.ERROR, logger="recommender.api.catalogue"):
        app = create_app({"TESTING": True, "RECOMMENDER_PLANS": given, "RECOMMENDER_WATCH_INTERVAL_S": 0})
    [record] = [r for r in caplog.records if r.getMessage().startswith("plan files rejected")]
    assert record.getMessage() == ("plan files rejected, no catalogue to serve (503) until they are fixed:\n"
                                   f"{given}: cannot read: No such file or directory")
    ready = app.test_client().get("/readyz")
    assert ready.status_code == 503 and [e["path"] for e in ready.get_json()["errors"]] == ["plans:1"]
