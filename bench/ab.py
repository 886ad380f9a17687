"""Two commits' ``recommend`` top-10 against the tight lookup, timed in alternation on the same machine.

    python bench/ab.py c85a189 HEAD              # 3 runs each, taking turns (about a minute)
    python bench/ab.py c85a189 HEAD --runs 5 --profiles 2000

A change meant to speed the answer up (or not to slow it) is judged by a ratio that moves less than the
machine does between two ``bench/run.py`` runs (the tight lookup alone read 0.078 and 0.093 ms on two days).
So both commits are timed here in the same minutes: each commit is exported (``git archive``) to a
directory of its own, and one process per run answers the same profiles, the commits taking turns
(A B B A A B ...), so that the machine's drift lands on both sides alike.

Each run reports, for the shipped and the 10x catalogue (``bench/catalogues.py``), the median of
``recommend(top_k=10)`` and of that commit's own ``TightLookup.top(profile, 10)`` (``bench/lookup.py``: the
baseline ``bench/run.py`` uses, written over that commit's compiled tables), timed in turn 25 profiles at a
time as ``bench/run.py`` does, and their ratio.  The timing code is this file's, the same for both sides;
the code timed and its baseline are the commit's.

Each run also hashes the answer documents of its profiles (``Answer.document``, English): equal hashes say
the two commits gave the same answers to every profile timed.  Compare runs made on the same day (the
documents carry today's date).  Exits 0 when both commits ran, whatever the figures.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CHUNK = 25


def _interleaved(fns: dict[str, Callable[[Any], object]], sample: Sequence[Any]) -> dict[str, list[float]]:
    """Seconds each function takes on each profile, taking turns over runs of ``CHUNK`` profiles (as
    ``bench/run.py``'s ``interleaved``; a copy, so that both commits are timed by the same code)."""
    out: dict[str, list[float]] = {name: [] for name in fns}
    order = list(fns.items())
    for i, start_at in enumerate(range(0, len(sample), CHUNK)):
        run = sample[start_at:start_at + CHUNK]
        k = i % len(order)
        for name, fn in order[k:] + order[:k]:
            times = out[name]
            for profile in run:
                start = time.perf_counter()
                fn(profile)
                times.append(time.perf_counter() - start)
    return out


def child(n: int) -> None:
    """One run, in the exported tree of one commit (the current directory): prints one JSON line."""
    tree = os.getcwd()
    sys.path[0] = tree  # the commit's tree, not this file's
    from bench import catalogues, profiles
    from bench.lookup import TightLookup
    from recommender.answer import recommend

    for package in ("bench", "recommender"):  # an installed copy would time the same code on both sides
        where = str(sys.modules[package].__file__)
        if not where.startswith(tree):
            sys.exit(f"imported {where}, not the commit's tree {tree}")
    sample = profiles.sample(n)
    digest = hashlib.sha256()
    out: dict[str, Any] = {}
    for name, catalogue, some in (("shipped", catalogues.shipped(), sample),
                                  ("10x", catalogues.tenfold(), sample[:max(1, n // 2)])):
        lookup = TightLookup(catalogue)
        for profile in some:  # warm, and the answers' hash
            digest.update(json.dumps(recommend(catalogue, profile, top_k=10).document(catalogue),
                                     sort_keys=True, default=str).encode())
            lookup.top(profile, 10)
        times = _interleaved({"lookup": partial(lookup.top, k=10),
                              "top10": partial(recommend, catalogue, top_k=10)}, some)
        base, top10 = statistics.median(times["lookup"]), statistics.median(times["top10"])
        out[name] = {"lookup_ms": base * 1e3, "top10_ms": top10 * 1e3, "ratio": top10 / base}
    out["answers"] = digest.hexdigest()
    print(json.dumps(out))


@dataclass
class Side:
    label: str
    commit: str
    tree: Path
    runs: list[dict[str, Any]]


def _export(rev: str, into: Path) -> str:
    commit = subprocess.run(["git", "rev-parse", "--verify", f"{rev}^{{commit}}"], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout.strip()
    archive = subprocess.run(["git", "archive", "--format=tar", commit], cwd=ROOT, check=True,
                             capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return commit


def _run(side: Side, n: int) -> dict[str, Any]:
    env = {**os.environ, "PYTHONHASHSEED": "0"}  # (the child puts its tree first on sys.path itself)
    done = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", str(n)], cwd=side.tree,
                          env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{side.label} ({side.commit[:9]}) failed:\n{done.stderr.strip()}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def turns(runs: int) -> list[int]:
    """The order of the runs, 0 for A and 1 for B: A B B A A B B A ..., each side first as often as
    second (within one) and neither always right after the other."""
    return [(i + (i // 2)) % 2 for i in range(2 * runs)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("a", help="a commit (or any revision git names): the code before")
    parser.add_argument("b", help="the code after")
    parser.add_argument("--runs", type=int, default=3, help="runs of each commit (default 3)")
    parser.add_argument("--profiles", type=int, default=1000,
                        help="profiles answered on the shipped catalogue in a run (half as many on the 10x)")
    args = parser.parse_args(argv)
    print(f"# {os.cpu_count()} cores; each run is one process; load average at the start "
          f"{os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory(prefix="bench-ab-") as tmp:
        sides = []
        for label, rev in (("A", args.a), ("B", args.b)):
            tree = Path(tmp) / label
            sides.append(Side(f"{label} {rev}", _export(rev, tree), tree, []))
        for who in turns(args.runs):
            side = sides[who]
            result = _run(side, args.profiles)
            side.runs.append(result)
            print(f"{side.label:<20} shipped {result['shipped']['ratio']:5.2f}x "
                  f"({result['shipped']['top10_ms']:.3f} / {result['shipped']['lookup_ms']:.3f} ms)   "
                  f"10x {result['10x']['ratio']:5.2f}x "
                  f"({result['10x']['top10_ms']:.3f} / {result['10x']['lookup_ms']:.3f} ms)", flush=True)
    print()
    print("recommend top-10 / tight lookup, median of each run's medians (min-max); the lookups' own ms")
    for side in sides:
        line = [f"{side.label:<20} {side.commit[:9]}"]
        for name in ("shipped", "10x"):
            ratios = [run[name]["ratio"] for run in side.runs]
            lookups = [run[name]["lookup_ms"] for run in side.runs]
            line.append(f"{name} {statistics.median(ratios):.2f}x ({min(ratios):.2f}-{max(ratios):.2f}), "
                        f"lookup {statistics.median(lookups):.3f} ms")
        print("   ".join(line))
    hashes = {run["answers"] for side in sides for run in side.runs}
    print("answers: " + ("the same for both commits, every profile timed" if len(hashes) == 1 else
                         "DIFFER between the commits (or between runs): compare with bench/answer_dump.py"))
    print(f"# load average at the end {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(int(sys.argv[2]))
    else:
        sys.exit(main())
