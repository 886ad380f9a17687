"""What a fuzzed plan file may do to the loader: succeed, or fail with located problems. Nothing else.

Shared by the hypothesis tests (``test_plan_files_fuzz.py``) and the atheris harness
(``atheris_plans.py``).  ``check`` runs ``load_sources`` in a helper thread with a deadline, so a
hang is reported as a failure instead of stalling the suite (the deadline is a hang detector far
above any real load, not a performance assertion).
"""

import threading

from recommender.catalogue import DEFAULT_PLANS, Catalogue, CatalogueError, load_sources
from recommender.catalogue.load import known_facts, plan_files
from tests.paths import ROOT

FACTS = known_facts(ROOT / "seeds" / "facts.yaml")
REAL = {str(p.relative_to(ROOT)): p.read_bytes() for p in plan_files(DEFAULT_PLANS)}
HANG_S = 60.0


class LoaderCrashed(AssertionError):
    """The loader raised something other than ``CatalogueError``, hung, or mislocated a problem."""


def line_count(raw: bytes) -> int:
    return raw.count(b"\n") + 1


def check(sources: list[tuple[str, bytes]], facts: frozenset[str] | None = FACTS) -> Catalogue | CatalogueError:
    """Load ``sources``; return the catalogue or the error; raise ``LoaderCrashed`` on anything else."""
    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(load_sources(sources, facts))
        except BaseException as exc:  # reported below, whatever it is
            outcome.append(exc)

    worker = threading.Thread(target=run, name="plan-fuzz", daemon=True)
    worker.start()
    worker.join(HANG_S)
    if worker.is_alive():
        raise LoaderCrashed(f"load_sources did not return within {HANG_S:g} s")
    result = outcome[0]
    if isinstance(result, Catalogue):
        return result
    if not isinstance(result, CatalogueError):
        assert isinstance(result, BaseException)
        raise LoaderCrashed(f"load_sources raised {type(result).__name__}: {result!r}"[:2000]) from result
    lines = {name: line_count(raw) for name, raw in sources}
    if not result.problems:
        raise LoaderCrashed("CatalogueError without problems")
    for problem in result.problems:
        if problem.file not in lines:
            raise LoaderCrashed(f"problem names a file that was not loaded: {problem}")
        if not 1 <= problem.line <= lines[problem.file]:
            raise LoaderCrashed(f"line {problem.line} outside 1..{lines[problem.file]}: {problem}")
        if not problem.message or len(problem.message) > 2000:
            raise LoaderCrashed(f"empty or unreadable message: {problem!r}"[:2000])
        text = str(problem)
        if not text.startswith(f"{problem.file}:{problem.line}: "):
            raise LoaderCrashed(f"not file:line: message: {text!r}"[:2000])
    return result
