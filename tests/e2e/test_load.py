"""Load with live reloads, short (``bench/load.py --seconds 60`` is the long run): real gunicorn, 10 plan-file
edits (5 broken) under closed-loop clients; no request fails and no broken catalogue ever answers."""

import pytest

from tests.e2e.reload_harness import run

pytestmark = pytest.mark.server


def test_load_with_reloads_has_no_errors_and_serves_only_valid_catalogues() -> None:
    # 10 edits in 8 s: each stays ~0.8 s, so that the master (settling over two polls) sees every one,
    # broken ones included, even on a loaded 2-core machine (20 edits in 8 s sometimes left none seen)
    result = run(seconds=8, reloads=10, connections=4, workers=2, watch_interval=0.1)
    print(result.line())
    assert result.error_samples == [] and result.errors == 0
    assert result.requests > 0 and result.broken_served == 0
    assert set(result.versions_seen) <= set(result.valid_versions)
    assert len(result.versions_seen) > 1  # the valid edits were picked up while the load ran
    assert result.reload_failures > 0  # and the broken ones were seen, and rejected
