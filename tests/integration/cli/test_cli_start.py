"""How ``recommender recommend`` starts: what a fresh process imports, and the catalogue cache it
keeps between runs (``catalogue.cache``) giving the same output as the plan files."""

import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from recommender.catalogue import cache
from recommender.cli import main
from tests.paths import ROOT

STUDENT = ROOT / "seeds" / "profiles" / "student.json"
SCRIPT = """
import json, sys
from recommender.cli import main
try:
    main(sys.argv[2:], prog_name="recommender")
except SystemExit as exit:
    assert not exit.code, exit.code
with open(sys.argv[1], "w") as out:
    json.dump(sorted(sys.modules), out)
"""
NEVER = ("ortools", "pandas", "flask", "flask_smorest", "marshmallow", "jinja2", "babel", "werkzeug", "pyarrow",
         "recommender.optimise.cpsat", "recommender.api", "recommender.web", "recommender.batch", "recommender.tmf")
"""Never imported to answer one profile from the tables: CP-SAT (and pandas through it), the web stack, batch."""
ON_A_HIT = ("numpy", "yaml")
"""Not imported either when the catalogue comes from the cache: the tables are read as lists."""


def _run(tmp_path: Path, *args: str) -> tuple[str, set[str]]:
    modules = tmp_path / "modules.json"
    env = {**os.environ, cache.CACHE_ENV: str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(modules), *args], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout, set(json.loads(modules.read_text()))


def _imported(modules: set[str], roots: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == r or m.startswith(r + ".") for r in roots))


def test_recommend_imports_neither_cp_sat_nor_the_web_stack(tmp_path: Path) -> None:
    for flags in ((), ("--json",)):
        miss, miss_modules = _run(tmp_path, "recommend", "--profile", str(STUDENT), *flags)
        hit, hit_modules = _run(tmp_path, "recommend", "--profile", str(STUDENT), *flags)
        assert "ct-5g-59" in miss and hit == miss
        assert _imported(miss_modules, NEVER) == [] and _imported(hit_modules, NEVER) == []
        assert _imported(hit_modules, ON_A_HIT) == []
    assert "recommender.optimise.tables" in hit_modules  # the check sees the modules that did answer


def test_cp_sat_is_imported_when_asked_for(tmp_path: Path) -> None:
    _, modules = _run(tmp_path, "recommend", "--data-gb", "10", "--engine", "cp-sat", "--top-k", "1")
    assert "ortools" in modules and "recommender.optimise.cpsat" in modules


def test_every_command_is_listed_and_runs(tmp_path: Path) -> None:
    listed = CliRunner().invoke(main, ["--help"])
    assert listed.exit_code == 0
    commands = listed.output.split("Commands:\n", 1)[1].split()
    for name in ("export", "import", "population", "recommend", "schema", "validate", "whatif"):
        assert name in commands
        shown = CliRunner().invoke(main, [name, "--help"])
        assert shown.exit_code == 0 and f"Usage: main {name}" in shown.output
    assert CliRunner().invoke(main, ["no-such-command"]).exit_code == 2


def test_an_edited_plan_file_changes_the_next_answer(plans_copy: Path) -> None:
    def cheapest() -> dict[str, object]:
        result = CliRunner().invoke(main, ["recommend", "--plans", str(plans_copy), "--profile", str(STUDENT),
                                           "--json", "--top-k", "1"])
        assert result.exit_code == 0, result.output
        first: dict[str, object] = json.loads(result.output)["recommendations"][0]
        return first

    before = cheapest()
    assert (before["plan_id"], before["total_fen"]) == ("ct-5g-59", 10000)
    telecom = plans_copy / "china-telecom.yaml"
    old = 'monthly_fee: {value: 59, source: "assumption: a common entry 5G plan price"}'
    text = telecom.read_text(encoding="utf-8")
    telecom.write_text(text.replace(old, old.replace("59", "49", 1)), encoding="utf-8")
    after = cheapest()
    assert (after["plan_id"], after["total_fen"]) == ("ct-5g-59", 9000)


COLLECTOR = """
import gc, json, os, sys

passes = []


def during(phase, info):
    if phase != "start":
        return
    frame, seen = sys._getframe(1), set()
    while frame is not None:
        code = frame.f_code
        if code.co_name == "<module>" and os.sep + "recommender" + os.sep in code.co_filename:
            seen.add("import")
        if code.co_name == "_unpickled" and code.co_filename.endswith("cache.py"):
            seen.add("unpickle")
        frame = frame.f_back
    passes.extend(seen)


gc.callbacks.append(during)
from recommender.__main__ import main

report, sys.argv[1:] = sys.argv[1], sys.argv[2:]
try:
    main()
except SystemExit as exit:
    assert not exit.code, exit.code
gc.callbacks.remove(during)
with open(report, "w") as out:
    json.dump({"passes": sorted(set(passes)), "enabled": gc.isenabled(), "frozen": gc.get_freeze_count()}, out)
"""


def test_the_command_keeps_its_start_from_the_collector(tmp_path: Path) -> None:
    """``recommender`` (``recommender/__main__.py``) makes no collector pass while it imports its modules or unpickles
    the cached catalogue (they free nothing: each pass is time lost), sets what it imported aside from later passes,
    and leaves the collector on for the answer itself."""
    report = tmp_path / "collector.json"
    env = {**os.environ, cache.CACHE_ENV: str(tmp_path / "cache")}
    for _ in range(2):  # the second from the cache
        done = subprocess.run([sys.executable, "-c", COLLECTOR, str(report), "recommend", "--profile", str(STUDENT)],
                              env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False)
        assert done.returncode == 0, done.stderr
        assert "ct-5g-59" in done.stdout
    found = json.loads(report.read_text())
    assert found == {"passes": [], "enabled": True, "frozen": found["frozen"]} and found["frozen"] > 10_000


def test_the_installed_command_is_the_one_that_does() -> None:
    import tomllib

    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts["recommender"] == "recommender.__main__:main"
