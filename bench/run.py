"""Benchmarks: every figure against a baseline measured in the same run, on the same machine.

    python bench/run.py            # full run (about 2 minutes on 2 cores)
    python bench/run.py --quick    # smaller samples (about a minute)

The baselines are not the code under test:

* in-process answers: ``TightLookup`` (``bench/lookup.py``), a plain-Python lookup over the
  compiled tables written here, checked in the same run to give ``recommend``'s plans and totals;
* batch scoring: ``numpy_best_plans`` (``bench/lookup.py``), the same lookup with numpy, checked
  to give ``best_plans``' answers;
* HTTP: ``bench/bare_app.py``, a bare Flask app with no project imports and no middleware, served
  by the same gunicorn command, configuration, worker class and ``WEB_CONCURRENCY`` as the
  service, under the same load (``wrk``, the same random profiles as bodies);
* the CLI: ``python -c pass`` (the CLI byte-compiled and its catalogue cache warm, as installed);
* middleware: the same app without the rate limiter, or without the access log (in a process of its
  own, as a worker is).

Rows compared with one another are timed in turn, 25 profiles at a time, so that other work on the
machine lands on both sides of a ratio and each row runs with its own data in the CPU's caches.

Prints a table per section, then ``TARGET <name> measured=<value> goal=<value> met|not met``
lines.  Exits 0 either way.  Figures are noisy when other work shares the machine: the load
average is printed at the start and the end.
"""

import argparse
import compileall
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import catalogues, profiles, serve
from bench.lookup import TightLookup, numpy_best_plans
from recommender.answer import recommend
from recommender.catalogue import DEFAULT_PLANS, Catalogue
from recommender.cost import Bundle, price_history
from recommender.optimise import batch
from recommender.optimise.planner import compiled_all
from recommender.profile import Profile

ROOT = Path(__file__).resolve().parents[1]
TARGETS: list[str] = []
CORES = os.cpu_count() or 1


def number(value: float) -> str:
    return f"{value:.0f}" if abs(value) >= 1000 else f"{value:.3g}"


def target(name: str, measured: float, goal: float, higher_is_better: bool, note: str = "") -> None:
    """One target line; the name says the unit and whether the goal is a floor or a ceiling."""
    met = measured >= goal if higher_is_better else measured <= goal
    verdict = "met" if met else "not met"
    TARGETS.append(f"TARGET {name} measured={number(measured)} goal={number(goal)} {verdict}"
                   + (f"  ({note})" if note else ""))


def times(fn: Callable[[Profile], object], sample: Sequence[Profile]) -> list[float]:
    return interleaved({"": fn}, sample)[""]


def interleaved(fns: dict[str, Callable[[Profile], object]], sample: Sequence[Profile],
                chunk: int = 25) -> dict[str, list[float]]:
    """Seconds each function takes on each profile, the functions taking turns over runs of ``chunk``
    profiles (each run starting with the next function in turn), so that a burst of other work on the
    machine lands on every row alike rather than on whichever row was being timed.  A run of profiles,
    not a single one: a function timed right after another runs with its data out of the CPU's caches
    (on the 10x catalogue the tight lookup, timed after ``recommend`` profile by profile, read 0.21-0.40
    ms against 0.14 ms on its own), which is neither's speed on its own and flatters the slower one."""
    out: dict[str, list[float]] = {name: [] for name in fns}
    order = list(fns.items())
    for i, start_at in enumerate(range(0, len(sample), chunk)):
        run = sample[start_at:start_at + chunk]
        k = i % len(order)
        for name, fn in order[k:] + order[:k]:
            times = out[name]
            for profile in run:
                start = time.perf_counter()
                fn(profile)
                times.append(time.perf_counter() - start)
    return out


def summary(ts: list[float]) -> tuple[float, float]:
    ordered = sorted(ts)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def same_answers(catalogue: Catalogue, lookup: TightLookup,
                 sample: list[Profile]) -> tuple[int, dict[int, list[Bundle]]]:
    """How many profiles get the same totals from the tight lookup and ``recommend`` top-10: the same
    ten cheapest totals in order (the lookup's ``top``, which stops at a fee above the tenth total, and
    its ``totals`` of every plan), and each shown plan's total equal to the lookup's for that plan
    (among equal totals ``recommend`` orders by its tie-breaks, the lookup by catalogue order);
    and each profile's shown bundles (by ``id`` of the profile: one-month profiles, one bundle each)."""
    same, bundles = 0, {}
    for profile in sample:
        answer = recommend(catalogue, profile, top_k=10)
        totals = lookup.totals(profile)
        shown = [(r.plan_id, r.total_fen) for r in answer.recommendations]
        top = lookup.top(profile, 10)
        same += [fen for _, fen in shown] == sorted(totals.values())[:10] == [fen for _, fen in top] and \
            all(totals.get(pid) == fen for pid, fen in shown + top)
        bundles[id(profile)] = [Bundle(r.plan_id, tuple((p["id"], p["count"]) for p in r.packs))
                                for r in answer.recommendations]
    return same, bundles


def price_shown(catalogue: Catalogue, bundles: dict[int, list[Bundle]]) -> Callable[[Profile], object]:
    """The cost model alone pricing one profile's shown bundles, line by line, as ``recommend`` must."""
    return lambda p: [price_history(catalogue, p, [bundle]) for bundle in bundles[id(p)]]


def in_process(name: str, catalogue: Catalogue, sample: list[Profile], cpsat_sample: list[Profile]) -> float:
    plans = list(catalogue.plans)
    start = time.perf_counter()
    tables = compiled_all(catalogue)
    lookup = TightLookup(catalogue)
    tabled = sum(tables.plans[p.id].variants is not None and tables.plans[p.id].needs_fit for p in plans)
    print(f"\n[{name}] {len(catalogue.plans)} plans, {len(catalogue.packs)} packs; compiled in "
          f"{time.perf_counter() - start:.2f} s; {tabled} plans on tables for every need; "
          f"one process (1 of {CORES} cores)")
    same, shown = same_answers(catalogue, lookup, sample)
    print(f"  tight lookup = recommend (top-10 totals, each shown plan's total) on {same} of {len(sample)} profiles")
    if same != len(sample):
        print("  WARNING: the baseline disagrees with recommend: the ratios below are not comparable")
    rows = interleaved({
        "tight lookup (baseline)": lambda p: lookup.top(p, 10),
        "lookup, every plan's total": lookup.totals,
        "tables.solve (project)": lambda p: tables.solve(p, plans),
        "recommend best": lambda p: recommend(catalogue, p, top_k=1),
        "recommend top-10": lambda p: recommend(catalogue, p, top_k=10),
        "cost model, top-10's bundles": price_shown(catalogue, shown),
    }, sample) | interleaved({
        "cp-sat best": lambda p: recommend(catalogue, p, top_k=1, engine="cp-sat"),
        "cp-sat top-10": lambda p: recommend(catalogue, p, top_k=10, engine="cp-sat"),
    }, cpsat_sample)
    base = summary(rows["tight lookup (baseline)"])[0]
    print(f"  {'':28} {'median':>10} {'p99':>10} {'× lookup':>9}   "
          "(the first six rows timed in turn, 25 profiles at a time)")
    for label, ts in rows.items():
        median, p99 = summary(ts)
        print(f"  {label:28} {median * 1e3:8.3f}ms {p99 * 1e3:8.3f}ms {median / base:9.1f}")
    floor = summary(rows["tables.solve (project)"])[0] + summary(rows["cost model, top-10's bundles"])[0]
    print(f"  a top-10 answer's floor: tables.solve + the cost model pricing the shown bundles = {floor / base:.1f}× "
          "the lookup, before a word of explanation")
    every = summary(rows["lookup, every plan's total"])[0]
    print(f"  the lookup stops at a fee above the tenth total; every plan's total, as recommend weighs them "
          f"(the answer says why each plan left out does not fit), is {every / base:.1f}× it")
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
    from recommender.optimise import cpsat

    proved, ts = 0, []
    for profile in sample:
        start = time.perf_counter()
        result = cpsat.solve(catalogue, profile, list(catalogue.plans), time_limit_s=10.0)
        ts.append(time.perf_counter() - start)
        proved += result.proved
    return proved / len(sample), summary(ts)[1]


def best_of(fn: Callable[[], object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def batch_rates(catalogue: Catalogue, n: int) -> tuple[float, float]:
    """Profile-months per second in one process: the project's ``best_plans`` and the numpy baseline."""
    cols = profiles.columns(n)
    lookup = TightLookup(catalogue)
    small = {k: v[:1000] for k, v in cols.items()}
    batch.best_plans(catalogue, small)  # warm the tables
    mine, theirs = numpy_best_plans(lookup, cols), batch.best_plans(catalogue, cols)
    agree = (mine[0] == theirs[0]).all() and (mine[1] == theirs[1]).all()
    print(f"  numpy baseline = best_plans on {'all' if agree else 'NOT all'} {n:,} profiles")
    project = n / best_of(lambda: batch.best_plans(catalogue, cols))
    baseline = n / best_of(lambda: numpy_best_plans(lookup, cols))
    return project, baseline


def whatif_rate(n: int) -> float:
    """The what-if end to end in one worker process: a Parquet population of ``n`` profiles
    against the shipped plans and an edit of them (one fee); profiles per second."""
    from recommender.batch import local, whatif
    from recommender.batch import population as pop
    from recommender.catalogue import load_catalogue

    work = Path(tempfile.mkdtemp(prefix="bench-whatif-"))
    try:
        shutil.copytree(DEFAULT_PLANS, work / "plans")
        (work / "seeds").mkdir()
        shutil.copy(ROOT / "seeds" / "facts.yaml", work / "seeds" / "facts.yaml")
        edited = work / "plans" / "china-mobile.yaml"
        edited.write_text(edited.read_text(encoding="utf-8").replace("monthly_fee: {value: 199, ",
                                                                     "monthly_fee: {value: 189, ", 1), encoding="utf-8")
        population = work / "population.parquet"
        pop.write(load_catalogue(DEFAULT_PLANS), n, 1, population)
        _, base = whatif.load(DEFAULT_PLANS)
        _, cand = whatif.load(work / "plans")
        start = time.perf_counter()
        total = local.run(base, cand, population, workers=1)
        seconds = time.perf_counter() - start
        assert total.profiles == n
        return n / seconds
    finally:
        shutil.rmtree(work, ignore_errors=True)


def cli_cold(runs: int) -> dict[str, float]:
    """Median wall-clock seconds of ``recommender recommend --profile F`` in a new process, and of
    ``python -c pass``, interleaved.

    The CLI runs as installed: its modules byte-compiled (``compileall``, what pip does; this
    machine may set PYTHONDONTWRITEBYTECODE, which would otherwise compile every module from source
    on every start) and its catalogue cache warm (``catalogue/cache.py``, in a folder of the run's
    own).  Also timed: the first run after a plan change (the cache written)."""
    script = Path(sys.executable).parent / "recommender"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "recommender"]
    profile = ROOT / "seeds" / "profiles" / "student.json"
    compileall.compile_dir(str(ROOT / "recommender"), quiet=1)
    cache = tempfile.mkdtemp(prefix="bench-cli-cache-")
    env = {**os.environ, "RECOMMENDER_CACHE_DIR": cache}

    def run(args: list[str]) -> float:
        start = time.perf_counter()
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL, cwd=ROOT, env=env)
        return time.perf_counter() - start

    try:
        first = run([*command, "recommend", "--profile", str(profile)])
        cli, bare = [], []
        for _ in range(runs):  # interleaved, so that both see the same machine
            bare.append(run([sys.executable, "-c", "pass"]))
            cli.append(run([*command, "recommend", "--profile", str(profile)]))
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    return {"cli": statistics.median(cli), "bare": statistics.median(bare), "first": first}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="smaller samples (about a minute)")
    args = parser.parse_args()
    n_profiles, n_cpsat, n_batch, n_whatif, http_seconds, cli_runs = (
        (150, 25, 200_000, 200_000, 5, 5) if args.quick else (1000, 100, 1_000_000, 1_000_000, 20, 11))
    sample = profiles.sample(n_profiles)
    cpsat_sample = sample[:n_cpsat]
    print(f"machine: {CORES} cores; load average at start {os.getloadavg()[0]:.2f} "
          "(other work on the machine makes every figure noisy: compare the ratios)")

    print("\n1. In-process recommendation (one process, one core)")
    shipped, large = catalogues.shipped(), catalogues.tenfold()
    ratio = in_process("shipped catalogue", shipped, sample, cpsat_sample)
    ratio_large = in_process("10x catalogue", large, sample[: n_profiles // 2], cpsat_sample[: max(5, n_cpsat // 4)])
    target("top10_median_over_tight_lookup_max", ratio, 3, higher_is_better=False, note="1 process")
    target("top10_median_over_tight_lookup_10x_catalogue_max", ratio_large, 3, higher_is_better=False,
           note="1 process")

    print("\n2. CP-SAT proofs on the 10x catalogue, six months of history (every plan by CP-SAT; one process)")
    share, p99 = proofs(large, with_history(cpsat_sample))
    print(f"  proved optimal: {share:.0%}   p99: {p99 * 1e3:.0f} ms")
    target("cpsat_10x_6_months_proved_percent_min", share * 100, 100, higher_is_better=True)
    target("cpsat_10x_6_months_p99_seconds_max", p99, 1.0, higher_is_better=False, note="1 process")

    print(f"\n3. Batch scoring on the shipped catalogue, one process (1 of {CORES} cores), "
          f"{n_batch:,} monthly profiles")
    rate, baseline = batch_rates(shipped, n_batch)
    print(f"  best_plans:     {rate:>12,.0f} profile-months/s/core")
    print(f"  numpy baseline: {baseline:>12,.0f} profile-months/s/core   (best_plans = {rate / baseline:.2f}× it)")
    target("batch_profile_months_per_second_per_core_min", rate, 1_000_000, higher_is_better=True,
           note=f"{rate / baseline:.2f}x the numpy baseline, same run")
    whatif = whatif_rate(n_whatif)
    print(f"  what-if end to end ({n_whatif:,} profiles, Parquet, one worker process): {whatif:,.0f} profiles/s/core")

    print(f"\n4. CLI cold start ({cli_runs} runs each, interleaved, median wall clock)")
    cold = cli_cold(cli_runs)
    cli, bare = cold["cli"], cold["bare"]
    print(f"  python -c pass: {bare:.3f} s   recommender recommend --profile F: {cli:.3f} s ({cli / bare:.1f}×; "
          "modules byte-compiled, catalogue cache warm)")
    print(f"  first run after a plan change (the catalogue cache written): {cold['first']:.3f} s")
    target("cli_cold_seconds_max", cli, 0.35, higher_is_better=False)
    target("cli_cold_over_python_pass_max", cli / bare, 10, higher_is_better=False)

    print("\n5. Middleware CPU per request, in a process of its own (test client; with and without, interleaved "
          "rounds; each cost the median of the rounds' differences)")
    requests = "1000" if args.quick else "2000"
    cost = json.loads(subprocess.run([sys.executable, "-m", "bench.middleware", "--json", requests],
                                     check=True, capture_output=True, text=True, cwd=ROOT).stdout)
    print(f"  everything on: {cost['all']:.3f} ms   without the limiter: {cost['no_limiter']:.3f} ms   "
          f"without the access log: {cost['no_access_log']:.3f} ms")
    target("rate_limiter_cpu_ms_per_request_max", cost["limiter"], 0.1, higher_is_better=False)
    target("access_log_cpu_ms_per_request_max", cost["access_log"], 0.1, higher_is_better=False)

    print(f"\n6. HTTP under gunicorn on 127.0.0.1: {serve.WORKERS} sync workers (WEB_CONCURRENCY={serve.WORKERS}) on "
          f"{CORES} cores, wrk -t2 -c{serve.CONNECTIONS} on the same machine, {http_seconds} s each")
    result = serve.measure(http_seconds)
    if result is None:
        print("  skipped: the HTTP service could not be measured (see above)")
        target("http_recommendations_percent_of_bare_flask_min", 0, 50, higher_is_better=True, note="not measured")
    else:
        bare_http, service = result
        print(f"  bare Flask POST /hello:        {bare_http.requests_per_s:8,.0f} req/s   "
              f"server CPU {bare_http.cpu_ms_per_request:.2f} ms/request")
        print(f"  POST /api/v1/recommendations:  {service.requests_per_s:8,.0f} req/s   "
              f"server CPU {service.cpu_ms_per_request:.2f} ms/request")
        target("http_recommendations_percent_of_bare_flask_min",
               100 * service.requests_per_s / bare_http.requests_per_s, 50, higher_is_better=True,
               note=f"{serve.WORKERS} workers, {CORES} cores")
        alone = serve.answer_cpu_ms(500 if args.quick else 2000)
        bound = 100 * bare_http.cpu_ms_per_request / (bare_http.cpu_ms_per_request + alone)
        print(f"  the answer alone, in-process (profile, recommend top-5, document, orjson): {alone:.2f} ms CPU/request"
              f"\n  even with framework, middleware and gunicorn as cheap as the bare app's whole request, a request "
              f"would take {bare_http.cpu_ms_per_request + alone:.2f} ms: {bound:.0f} % of the bare app's rate")

    print("\n7. The tariff model (#13): recommend top-10 on the shipped catalogue, one process")
    shapes = {"one line, one month": sample[:n_cpsat * 2], "4-line household": profiles.households(n_cpsat * 2),
              "one line, 6-month history": with_history(sample[:n_cpsat * 2])}
    base = summary(times(lambda p: recommend(shipped, p, top_k=10), shapes["one line, one month"]))[0]
    for label, group in shapes.items():
        median, p99 = summary(times(lambda p: recommend(shipped, p, top_k=10), group))
        print(f"  {label:28} median {median * 1e3:8.3f} ms   p99 {p99 * 1e3:8.3f} ms   {median / base:6.1f}× one line")

    print(f"\nload average at the end {os.getloadavg()[0]:.2f}\n")
    for line in TARGETS:
        print(line)


if __name__ == "__main__":
    main()
