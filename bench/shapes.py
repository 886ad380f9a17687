"""One-line answers, 6-month histories and 4-line households: ``recommend`` top-10 medians on the
shipped catalogue, for comparing two checkouts of the code on the same machine.

    python bench/shapes.py                                   # this checkout
    cd <older checkout> && PYTHONPATH=. python <this>/bench/shapes.py   # the older code (no households)

Run both alternately; docs/benchmarks.md quotes them (#13 against the code before it).
"""

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path.cwd()))

from bench import catalogues, profiles  # from the checkout being measured
from bench.run import with_history
from recommender.answer import recommend


def main() -> None:
    catalogue = catalogues.shipped()
    one = profiles.sample(50)
    shapes = {"one line": one, "6-month history": with_history(one)}
    if hasattr(profiles, "households"):
        shapes["4-line household"] = profiles.households(50)
    for label, group in shapes.items():
        for profile in group[:5]:
            recommend(catalogue, profile, top_k=10)
        times = []
        for _ in range(3):
            for profile in group:
                start = time.perf_counter()
                recommend(catalogue, profile, top_k=10)
                times.append(time.perf_counter() - start)
        times.sort()
        p99 = times[int(len(times) * 0.99)]
        print(f"{label:20} median {statistics.median(times) * 1e3:8.2f} ms  p99 {p99 * 1e3:8.2f} ms  (one process)")


if __name__ == "__main__":
    main()
