"""The code base stays ruff and mypy clean (part of the test command, so CI enforces it)."""

import re
import subprocess
import sys
import tomllib
from pathlib import Path

from tests.paths import ROOT

# Every folder mypy checks (pyproject.toml's [tool.mypy] files: recommender, bench, tests): the same rule in each.
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
CHECKED: tuple[str, ...] = tuple(PYPROJECT["tool"]["mypy"]["files"])

PENDING_REASONS: frozenset[str] = frozenset()  # paths from the repository root, e.g. "tests/unit/test_x.py"
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


def bare_ignores(root: Path, folders: tuple[str, ...] = CHECKED) -> list[str]:
    """Each ``type: ignore`` under ``folders`` of ``root`` without its [code] and reason, as ``path:line: line``."""
    bare = []
    for folder in folders:
        for path in sorted((root / folder).rglob("*.py")):
            name = path.relative_to(root).as_posix()
            if name in PENDING_REASONS:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                found = IGNORE.search(line)
                if found and not WITH_REASON.match(found["rest"]):
                    bare.append(f"{name}:{number}: {line.strip()}")
    return bare


def test_every_type_ignore_names_its_code_and_reason() -> None:
    """``# type: ignore[code]  # why``: never a bare ignore, never one without a reason, in the package, the tests
    and the benchmarks alike (all three are type-checked)."""
    bare = bare_ignores(ROOT)
    assert not bare, "type: ignore without [code]  # reason:\n" + "\n".join(bare)


def test_a_bare_ignore_is_found_in_each_checked_folder(tmp_path: Path) -> None:
    """The rule covers every folder mypy checks: a bare ignore in tests/ or bench/ fails as one in the package."""
    bare = "# type: " + "ignore[misc]"  # (split: this file's own lines are checked too)
    for folder in CHECKED:
        (tmp_path / folder / "sub").mkdir(parents=True)
        (tmp_path / folder / "sub" / "m.py").write_text(f"x = 1  {bare}\ny = 2  {bare}  # why\nz = 3  {bare}  #\n",
                                                          encoding="utf-8")
    assert bare_ignores(tmp_path) == [f"{folder}/sub/m.py:{n}: {v} = {i}  {bare}{end}" for folder in CHECKED
                                      for n, v, i, end in ((1, "x", 1, ""), (3, "z", 3, "  #"))]
