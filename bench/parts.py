"""Where a top-10 answer's time goes: ``python bench/parts.py`` (about 10 s).

Each part of ``recommend`` named in ``PARTS`` is wrapped, where ``answer.ranking`` (or ``answer.priced``) calls it,
by a timer, and ``recommend`` top-10 answers the bench's profiles on the shipped catalogue (one process); the parts'
time is printed as milliseconds an answer and as a share of the answers' time with the wrappers on.  Parts nest:
``explained`` and ``rank_plans`` both include the cost model's pricing (``price_history``), so the shares do not add
up to 100 %.  No baseline: this says where the time is, not how fast it is (``bench/run.py`` does that).
"""

import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import catalogues, profiles
from recommender.answer import priced, ranking, recommend

PARTS: list[tuple[ModuleType, str, str]] = [
    (ranking, "explained", "the shown plans explained (their pricing included)"),
    (ranking.planner, "solve", "the engines (planner.solve)"),
    (ranking, "rank_plans", "the ranking and its tie rule"),
    (priced, "price_history", "the cost model pricing bundles (inside the two above)"),
    (ranking, "price_choice", "each plan's effective price (price_choice)"),
    (ranking, "sure_best", "sure_best"),
    (ranking, "blockers", "blockers"),
    (ranking, "assess", "eligibility (assess)"),
    (ranking, "candidates", "candidates"),
    (ranking, "current_price", "the current plan's price"),
    (ranking, "least_over_budget", "least_over_budget"),
]


def _timed(spent: defaultdict[str, float], name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[name] += time.perf_counter() - start
    return timed


def main() -> None:
    catalogue, sample = catalogues.shipped(), profiles.sample(1000)
    for profile in sample[:100]:  # (warm: the tables a need asks for are built on first use)
        recommend(catalogue, profile, top_k=10)
    start = time.perf_counter()
    for profile in sample:
        recommend(catalogue, profile, top_k=10)
    bare = time.perf_counter() - start
    spent: defaultdict[str, float] = defaultdict(float)
    for module, attribute, name in PARTS:
        setattr(module, attribute, _timed(spent, name, getattr(module, attribute)))
    start = time.perf_counter()
    for profile in sample:
        recommend(catalogue, profile, top_k=10)
    whole = time.perf_counter() - start
    n = len(sample)
    print(f"recommend top-10, shipped catalogue, {n} profiles, one process: {bare * 1e3 / n:.3f} ms an answer "
          f"({whole * 1e3 / n:.3f} ms with the timers)")
    for name, seconds in sorted(spent.items(), key=lambda item: -item[1]):
        print(f"  {seconds * 1e3 / n:7.3f} ms  {seconds / whole:4.0%}  {name}")


if __name__ == "__main__":
    main()
