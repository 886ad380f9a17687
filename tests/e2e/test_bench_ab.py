"""``bench/ab.py`` times two commits in alternation, each from its own exported tree: the answers it hashes
are each commit's own (a plan fee changed in one commit makes them differ; the same commit twice, not), and
the runs take turns A B B A.  The figures are not checked: tests never time."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench.ab import turns
from tests.paths import ROOT

pytestmark = pytest.mark.e2e

FEE = "monthly_fee: {value: 199,"


def test_the_runs_take_turns_each_side_first_as_often_as_second() -> None:
    assert turns(1) == [0, 1]
    assert turns(3) == [0, 1, 1, 0, 0, 1]
    for runs in range(1, 8):
        order = turns(runs)
        assert order.count(0) == order.count(1) == runs
        pairs = [order[i:i + 2] for i in range(0, len(order), 2)]
        assert abs(pairs.count([0, 1]) - pairs.count([1, 0])) <= 1


def _ab(repo: Path, a: str, b: str) -> str:
    done = subprocess.run([sys.executable, "bench/ab.py", a, b, "--runs", "1", "--profiles", "6"], cwd=repo,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.skipif(shutil.which("git") is None or not (ROOT / ".git").exists(), reason="needs git and a clone")
def test_each_side_answers_with_its_own_commit(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    subprocess.run(["git", "clone", "-q", "--no-hardlinks", str(ROOT), str(repo)], check=True)
    plans = repo / "plans" / "china-mobile.yaml"
    text = plans.read_text(encoding="utf-8")
    assert FEE in text
    plans.write_text(text.replace(FEE, "monthly_fee: {value: 149,", 1), encoding="utf-8")
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qam", "cheaper"],
                   cwd=repo, check=True)

    same = _ab(repo, "HEAD", "HEAD")
    assert "answers: the same for both commits" in same
    assert same.count("shipped") >= 4  # a line per run and one per side

    changed = _ab(repo, "HEAD~1", "HEAD")
    assert "answers: DIFFER" in changed
