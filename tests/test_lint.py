"""The code base stays ruff and mypy clean (part of the test command, so CI enforces it)."""

import re
import subprocess
import sys

from tests.paths import ROOT

PACKAGE = ROOT / "recommender"

PENDING_REASONS: frozenset[str] = frozenset()
IGNORE = re.compile(r"#\s*type:\s*ignore(?P<rest>.*)$")
WITH_REASON = re.compile(r"^\[[a-z0-9-]+(,\s*[a-z0-9-]+)*\]\s+#\s*\S")


def test_ruff_is_clean() -> None:
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--quiet", str(ROOT)],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_is_clean() -> None:
    """``[tool.mypy]`` in pyproject.toml: the package, the benchmarks and the tests type-check (cache in .mypy_cache,
    so reruns are quick)."""
    result = subprocess.run([sys.executable, "-m", "mypy"],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_type_ignore_names_its_code_and_reason() -> None:
    """``# type: ignore[code]  # why``: never a bare ignore, never one without a reason."""
    bare = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = path.relative_to(PACKAGE).as_posix()
        if name in PENDING_REASONS:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            found = IGNORE.search(line)
            if found and not WITH_REASON.match(found["rest"]):
                bare.append(f"recommender/{name}:{number}: {line.strip()}")
    assert not bare, "type: ignore without [code]  # reason:\n" + "\n".join(bare)
