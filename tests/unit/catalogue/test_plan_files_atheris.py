"""The atheris harness over the plan-file loader, briefly (``ATHERIS_RUNS``, default 300; skipped without atheris).

A long run: ``python tests/unit/catalogue/atheris_plans.py -runs=100000``.
"""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

HARNESS = Path(__file__).with_name("atheris_plans.py")


@pytest.mark.skipif(importlib.util.find_spec("atheris") is None, reason="atheris is not installed")
def test_atheris_finds_no_crash(tmp_path: Path) -> None:
    runs = int(os.environ.get("ATHERIS_RUNS", "300"))
    done = subprocess.run([sys.executable, str(HARNESS), f"-runs={runs}", f"-artifact_prefix={tmp_path}/"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-4000:]
    assert f"Done {runs} runs" in done.stderr
    assert not list(tmp_path.glob("crash-*"))
