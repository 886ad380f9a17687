"""Benchmarks: every figure is a ratio against a baseline measured in the same run.

    python bench/run.py            # full run
    python bench/run.py --quick    # smaller samples, under about two minutes

Prints a table per section, then one line per target:
``TARGET <name> measured=<value> goal=<value> met|not met``.  Exits 0 either way.
"""

import argparse
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import catalogues, profiles, serve
from recommender.answer import recommend
from recommender.catalogue import Catalogue
from recommender.optimise import batch, cpsat
from recommender.optimise.planner import compiled
from recommender.profile import Profile

TARGETS: list[str] = []


def number(value: float) -> str:
    return f"{value:.0f}" if abs(value) >= 1000 else f"{value:.3g}"


def target(name: str, measured: float, goal: float, higher_is_better: bool) -> None:
    """One target line; the name says the unit and whether the goal is a floor or a ceiling."""
    met = measured >= goal if higher_is_better else measured <= goal
    verdict = "met" if met else "not met"
    TARGETS.append(f"TARGET {name} measured={number(measured)} goal={number(goal)} {verdict}")


def times(fn: Callable[[Profile], object], sample: Sequence[Profile]) -> list[float]:
    out = []
    for profile in sample:
        start = time.perf_counter()
        fn(profile)
        out.append(time.perf_counter() - start)
    return out


def summary(ts: list[float]) -> tuple[float, float]:
    ordered = sorted(ts)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def in_process(name: str, catalogue: Catalogue, sample: list[Profile], cpsat_sample: list[Profile]) -> float:
    plans = list(catalogue.plans)
    start = time.perf_counter()
    tables = compiled(catalogue)
    tabled = sum(tables.plans[p.id].variants is not None for p in plans)
    print(f"\n[{name}] {len(catalogue.plans)} plans, {len(catalogue.packs)} packs; compiled in "
          f"{time.perf_counter() - start:.2f} s; {tabled} plans on tables")
    rows = {
        "table lookup (the limit)": times(lambda p: tables.solve(p, plans), sample),
        "recommend best": times(lambda p: recommend(catalogue, p, top_k=1), sample),
        "recommend top-10": times(lambda p: recommend(catalogue, p, top_k=10), sample),
        "cp-sat best": times(lambda p: recommend(catalogue, p, top_k=1, engine="cp-sat"), cpsat_sample),
        "cp-sat top-10": times(lambda p: recommend(catalogue, p, top_k=10, engine="cp-sat"), cpsat_sample),
    }
    base = summary(rows["table lookup (the limit)"])[0]
    solver = summary(rows["cp-sat top-10"])[0]
    print(f"  {'':28} {'median':>10} {'p99':>10} {'× lookup':>9} {'× cp-sat':>9}")
    for label, ts in rows.items():
        median, p99 = summary(ts)
        print(f"  {label:28} {median * 1e3:8.3f}ms {p99 * 1e3:8.3f}ms {median / base:9.1f} {median / solver:9.3f}")
    return summary(rows["recommend top-10"])[0] / base


def with_history(sample: list[Profile], months: int = 6) -> list[Profile]:
    """The same people over several months: each month's usage varies around theirs."""
    out = []
    for i, profile in enumerate(sample):
        data = profile.model_dump(exclude={"data_gb", "voice_minutes", "sms"})
        data["months"] = [{"data_gb": str(round(float(profile.data_gb) * (0.6 + 0.15 * ((i + k) % 6)), 2)),
                           "voice_minutes": int(profile.voice_minutes * (0.7 + 0.1 * ((i * k) % 7))),
                           "sms": profile.sms} for k in range(months)]
        out.append(Profile.model_validate(data))
    return out


def proofs(catalogue: Catalogue, sample: list[Profile]) -> tuple[float, float]:
    proved, ts = 0, []
    for profile in sample:
        start = time.perf_counter()
        result = cpsat.solve(catalogue, profile, list(catalogue.plans), time_limit_s=10.0)
        ts.append(time.perf_counter() - start)
        proved += result.proved
    return proved / len(sample), summary(ts)[1]


def batch_rate(catalogue: Catalogue, n: int) -> float:
    cols = profiles.columns(n)
    batch.best_plans(catalogue, {k: v[:1000] for k, v in cols.items()})  # warm the tables
    best = float("inf")
    for _ in range(2):
        start = time.perf_counter()
        batch.best_plans(catalogue, cols)
        best = min(best, time.perf_counter() - start)
    return n / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="smaller samples (under about two minutes)")
    args = parser.parse_args()
    n_profiles, n_cpsat, n_batch, http_seconds = (150, 25, 200_000, 5) if args.quick else (1000, 100, 1_000_000, 20)
    sample = profiles.sample(n_profiles)
    cpsat_sample = sample[:n_cpsat]

    print("1. In-process recommendation")
    shipped, large = catalogues.shipped(), catalogues.tenfold()
    ratio = in_process("shipped catalogue", shipped, sample, cpsat_sample)
    ratio_large = in_process("10x catalogue", large, sample[: n_profiles // 2], cpsat_sample[: max(5, n_cpsat // 4)])
    target("top10_median_over_table_lookup_max", ratio, 10, higher_is_better=False)
    target("top10_median_over_table_lookup_10x_catalogue_max", ratio_large, 10, higher_is_better=False)

    print("\n2. CP-SAT proofs on the 10x catalogue, six months of history (every plan by CP-SAT)")
    share, p99 = proofs(large, with_history(cpsat_sample[: max(5, n_cpsat // 4)]))
    print(f"  proved optimal: {share:.0%}   p99: {p99 * 1e3:.0f} ms")
    target("cpsat_10x_6_months_proved_percent_min", share * 100, 100, higher_is_better=True)
    target("cpsat_10x_6_months_p99_seconds_max", p99, 1.0, higher_is_better=False)

    print(f"\n3. Batch scoring, one process, {n_batch:,} profiles on the shipped catalogue")
    rate = batch_rate(shipped, n_batch)
    print(f"  {rate:,.0f} profile-months per second per core")
    target("batch_profile_months_per_second_per_core_min", rate, 1_000_000, higher_is_better=True)

    print("\n4. HTTP under gunicorn on 127.0.0.1")
    result = serve.measure(http_seconds)
    if result is None:
        print("  skipped: the HTTP service could not be started (see above)")
        target("http_recommendations_percent_of_hello_min", 0, 60, higher_is_better=True)
    else:
        hello, recommendations = result
        print(f"  hello-world JSON: {hello:,.0f} req/s   POST /api/v1/recommendations: {recommendations:,.0f} req/s")
        target("http_recommendations_percent_of_hello_min", 100 * recommendations / hello, 60, higher_is_better=True)

    print()
    for line in TARGETS:
        print(line)


if __name__ == "__main__":
    main()
