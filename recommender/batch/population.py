"""A synthetic population of monthly usage profiles, calibrated to the MIIT statistics in ``seeds/``.

Every profile is one mobile user in one month: the columns of ``optimise.batch.COLUMNS`` plus
``on_5g``, ``current_operator`` and ``current_plan``.  Each column is drawn independently
(except where a need is said to depend on 5G), with these distributions; ``PARAMETERS`` holds
the same numbers with their provenance, and the generator writes them into the Parquet file's
metadata so a file says how it was made.

==========================  =========================================================  ==============================
column                      distribution                                               provenance
==========================  =========================================================  ==============================
``on_5g``                   Bernoulli(0.608)                                           fact ``miit-mobile-users``
``data_gb``                 lognormal, mean 21.3 GB, σ(log) = 1.0; rounded to 0.01 GB   mean: fact ``miit-dou-may``;
                                                                                       σ: assumption (heavy tail)
``voice_minutes``           lognormal, mean 93.1 min, σ(log) = 1.0; rounded to 1 min    mean: 8412亿 min / 5 months /
                                                                                       18.07亿 users (facts
                                                                                       ``miit-minutes-5m``,
                                                                                       ``miit-mobile-users``);
                                                                                       σ: assumption
``sms``                     Poisson(10)                                                assumption
``roaming_*``               5 % travel abroad in a month: data lognormal mean 3 GB,    assumption
                            σ 0.8 (0.01 GB); voice Poisson(40) minutes; else 0
``min_uplink_mbps``         5G users only: 300 Mbps with 6 %, 400 Mbps with 1 %; else 0  assumption (livestreamers,
                                                                                       creators); 5G share above
``min_downlink_mbps``       5G users only: 2000 Mbps with 5 %; else 0                  assumption
``satellite``               Bernoulli(0.02)                                            assumption
``broadband``               Bernoulli(0.123) = 6.82亿 broadband / 18.07亿 mobile users  facts ``miit-broadband-5m``,
                            × 32.7 % gigabit: "wants gigabit home broadband in the      ``miit-mobile-users``; reading
                            bundle" (the catalogue's broadband tiers are 500–1000M)   them as a need: assumption
``allow_throttling``        Bernoulli(0.25)                                            assumption
``current_operator``        china-mobile 56 %, china-telecom 24 %, china-unicom 20 %   assumption (the operators'
                                                                                       published subscriber counts,
                                                                                       not in the source document)
``current_plan``            with 50 % the operator's cheapest plan for the profile in   assumption
                            the baseline catalogue (ties: first in the file), else one
                            of the operator's plans uniformly
==========================  =========================================================  ==============================

The catalogue holds 5G plans only, so the 39.2 % not on 5G are given a 5G plan of their operator
too (they have no speed needs).  The DOU (21.3 GB) is May's; the five-month traffic total gives
153.7e9 GB / 5 / 1.807e9 ≈ 17.0 GB per user per month (it counts every mobile user, not only
mobile-internet users), so the mean data here is on the high side of the two readings.

Rows are generated ``CHUNK`` at a time from one ``numpy.random.default_rng(seed)``, so the same
size and seed always give the same file, in memory independent of the size.
"""

import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from ..catalogue import Catalogue
from ..catalogue.regions import MAINLAND
from ..optimise.batch import COLUMNS, plan_totals

CHUNK = 1 << 17
"""Rows generated (and written as one Parquet row group) at a time."""

OPERATOR_IDS = ("china-mobile", "china-telecom", "china-unicom")
"""The operators whose shares of users the parameters assume (``operator_share_*``); others are given theirs
(``shares``)."""

Shares = tuple[tuple[str, float], ...]
"""Each operator drawn from and its share of the population (adding up to 1), in the order drawn."""


@dataclass(frozen=True)
class Parameter:
    name: str
    value: float
    source: str


PARAMETERS: tuple[Parameter, ...] = (
    Parameter("on_5g_share", 0.608, "seed:miit-mobile-users (10.98亿 of 18.07亿 mobile users on 5G)"),
    Parameter("data_gb_mean", 21.3, "seed:miit-dou-may (DOU, May 2025)"),
    Parameter("data_gb_sigma", 1.0, "assumption: heavy tail, lognormal sigma of log usage"),
    Parameter("voice_minutes_mean", round(8412e8 / 5 / 18.07e8, 1),
              "seed:miit-minutes-5m / 5 months / seed:miit-mobile-users (841.2e9 / 5 / 1.807e9)"),
    Parameter("voice_minutes_sigma", 1.0, "assumption: heavy tail, lognormal sigma of log usage"),
    Parameter("sms_mean", 10.0, "assumption: Poisson, not in the source"),
    Parameter("roaming_share", 0.05, "assumption: share abroad in a month"),
    Parameter("roaming_data_gb_mean", 3.0, "assumption: lognormal mean while abroad"),
    Parameter("roaming_data_gb_sigma", 0.8, "assumption"),
    Parameter("roaming_voice_minutes_mean", 40.0, "assumption: Poisson mean while abroad"),
    Parameter("uplink_300_share_of_5g", 0.06, "assumption: livestreamers and creators among 5G users"),
    Parameter("uplink_400_share_of_5g", 0.01, "assumption"),
    Parameter("downlink_2000_share_of_5g", 0.05, "assumption"),
    Parameter("satellite_share", 0.02, "assumption: works or travels outside coverage"),
    Parameter("broadband_share", round(6.82 / 18.07 * 0.327, 3),
              "seed:miit-broadband-5m (6.82亿 broadband users, 32.7 % gigabit) / seed:miit-mobile-users; "
              "reading gigabit households per mobile user as 'wants broadband in the bundle' is an assumption"),
    Parameter("allow_throttling_share", 0.25, "assumption"),
    *(Parameter(f"operator_share_{op.removeprefix('china-')}", share,
                "assumption: after the operators' published subscriber counts (not in the source document)")
      for op, share in (("china-mobile", 0.56), ("china-telecom", 0.24), ("china-unicom", 0.20))),
    Parameter("matched_plan_share", 0.5, "assumption: half are on their operator's cheapest plan for them"),
    Parameter("age_min", 12, "assumption: youngest phone users counted"),
    Parameter("age_max", 80, "assumption: oldest phone users counted (uniform ages in between)"),
)
REGIONS = tuple(sorted(MAINLAND))
"""The 31 mainland provinces, municipalities and autonomous regions (assumption: users spread evenly)."""
P: dict[str, float] = {p.name: p.value for p in PARAMETERS}

_FIELDS: list[tuple[str, pa.DataType]] = [
    ("data_gb", pa.float64()), ("voice_minutes", pa.int32()), ("sms", pa.int32()),
    ("roaming_data_gb", pa.float64()), ("roaming_voice_minutes", pa.int32()),
    ("min_uplink_mbps", pa.int32()), ("min_downlink_mbps", pa.int32()),
    ("satellite", pa.bool_()), ("broadband", pa.bool_()), ("allow_throttling", pa.bool_()),
    ("on_5g", pa.bool_()), ("current_operator", pa.string()), ("current_plan", pa.string()),
    ("age", pa.int16()), ("region", pa.string()),
]
SCHEMA = pa.schema(_FIELDS)
assert set(COLUMNS) <= set(SCHEMA.names)


def _lognormal(rng: np.random.Generator, mean: float, sigma: float, n: int) -> np.ndarray:
    """Lognormal with the given mean (not median): mu = ln(mean) - sigma²/2."""
    return rng.lognormal(np.log(mean) - sigma * sigma / 2, sigma, n)


def shares(given: Mapping[str, float] | None = None) -> Shares:
    """The operators drawn from and their shares: each operator ``given`` its share (a product team's own operator,
    ``population --operator-share``; found by the new-operator user test: China Broadnet's plans were in the catalogue
    and none of its customers in the population), the assumed operators (``OPERATOR_IDS``) not given one sharing what
    is left in their assumed proportions; an operator of share 0 is not drawn from.  The shares given add up to at
    most 1 (``ValueError`` otherwise)."""
    given = dict(given or {})
    if any(not 0 <= share <= 1 for share in given.values()) or sum(given.values()) > 1 + 1e-9:
        raise ValueError(f"operator shares must be between 0 and 1 and add up to at most 1: {given}")
    assumed = {op: P[f"operator_share_{op.removeprefix('china-')}"] for op in OPERATOR_IDS if op not in given}
    left, weight = 1 - sum(given.values()), sum(assumed.values())
    if left == 1 and len(assumed) == len(OPERATOR_IDS):  # (none given a share: the assumed ones as they are, so that
        drawn = assumed  # a seed writes the population it always wrote)
    else:
        drawn = {op: share * left / weight for op, share in assumed.items()} if weight else {}
    if not assumed and left > 1e-9:
        raise ValueError(f"the operator shares given add up to {1 - left:g}, not 1: {given}")
    return tuple((op, share) for op, share in {**drawn, **given}.items() if share > 0)


ASSUMED = shares()
"""The assumed operators in their assumed shares: the population's when no operator is given a share."""


def _current_plans(catalogue: Catalogue, columns: dict[str, np.ndarray], operator: np.ndarray,
                   rng: np.random.Generator, drawn: Shares) -> np.ndarray:
    """Index into ``catalogue.plans`` of each profile's current plan (of its current operator: ``drawn``'s)."""
    n = len(operator)
    totals = plan_totals(catalogue, columns)
    index = {op: k for k, (op, _) in enumerate(drawn)}
    plan_operator = np.array([index.get(p.operator, -1) for p in catalogue.plans])
    current = np.zeros(n, dtype=np.int64)
    matched = rng.random(n) < float(P["matched_plan_share"])
    pick = rng.random(n)
    for k, (op, _) in enumerate(drawn):
        own = np.flatnonzero(plan_operator == k)
        rows = operator == k
        if not len(own):
            raise ValueError(f"the baseline catalogue has no plan of {op}")
        cheapest = own[np.argmin(totals[:, own], axis=1)]
        uniform = own[np.minimum((pick * len(own)).astype(np.int64), len(own) - 1)]
        current[rows] = np.where(matched, cheapest, uniform)[rows]
    return current


def chunk(catalogue: Catalogue, n: int, rng: np.random.Generator, drawn: Shares = ASSUMED) -> pa.RecordBatch:
    """``n`` profiles as one Arrow record batch (``SCHEMA``), their operators drawn in ``drawn``'s shares (by default
    the assumed ones: ``shares``)."""
    ids = np.array([op for op, _ in drawn], dtype=object)
    on_5g = rng.random(n) < P["on_5g_share"]
    abroad = rng.random(n) < P["roaming_share"]
    up = rng.random(n)
    uplink = np.where(up < P["uplink_400_share_of_5g"], 400,
                      np.where(up < P["uplink_400_share_of_5g"] + P["uplink_300_share_of_5g"], 300, 0))
    downlink = np.where(rng.random(n) < P["downlink_2000_share_of_5g"], 2000, 0)
    cols: dict[str, np.ndarray] = {
        "data_gb": np.round(_lognormal(rng, P["data_gb_mean"], P["data_gb_sigma"], n), 2),
        "voice_minutes": np.floor(_lognormal(rng, P["voice_minutes_mean"], P["voice_minutes_sigma"], n)
                                  + 0.5).astype(np.int32),
        "sms": rng.poisson(P["sms_mean"], n).astype(np.int32),
        "roaming_data_gb": np.where(abroad, np.round(_lognormal(rng, P["roaming_data_gb_mean"],
                                                                P["roaming_data_gb_sigma"], n), 2), 0.0),
        "roaming_voice_minutes": np.where(abroad, rng.poisson(P["roaming_voice_minutes_mean"], n), 0).astype(np.int32),
        "min_uplink_mbps": np.where(on_5g, uplink, 0).astype(np.int32),
        "min_downlink_mbps": np.where(on_5g, downlink, 0).astype(np.int32),
        "satellite": rng.random(n) < P["satellite_share"],
        "broadband": rng.random(n) < P["broadband_share"],
        "allow_throttling": rng.random(n) < P["allow_throttling_share"],
        "on_5g": on_5g,
    }
    bounds = np.cumsum([share for _, share in drawn])
    operator = np.minimum(np.searchsorted(bounds, rng.random(n) * bounds[-1], side="right"), len(drawn) - 1)
    age = rng.integers(int(P["age_min"]), int(P["age_max"]) + 1, n).astype(np.int16)
    region = np.array(REGIONS, dtype=object)[rng.integers(0, len(REGIONS), n)]
    about = {"age": age, "region": region, "customer_of": ids[operator]}
    current = _current_plans(catalogue, {**cols, **about}, operator, rng, drawn)  # plans they may have bought
    plan_ids = pa.array([p.id for p in catalogue.plans], pa.string())
    arrays = [pa.array(cols[name]) for name in SCHEMA.names[:11]]
    arrays.append(pa.array(ids[operator], pa.string()))
    arrays.append(plan_ids.take(pa.array(current)))
    arrays.append(pa.array(age))
    arrays.append(pa.array(region, pa.string()))
    return pa.RecordBatch.from_arrays(arrays, schema=SCHEMA)


def missing_operators(catalogue: Catalogue, drawn: Shares = ASSUMED) -> list[str]:
    """The operators drawn from (``drawn``, by default the assumed ones) of which ``catalogue`` has no plan (current
    plans are drawn from each one's plans, in its share of users: ``generate`` needs a plan of every one)."""
    have = {p.operator for p in catalogue.plans}
    return [op for op, _ in drawn if op not in have]


def undrawn(catalogue: Catalogue, drawn: Shares = ASSUMED) -> list[str]:
    """The operators of ``catalogue`` with plans in yuan that no customer is drawn from (no share: ``shares``): a
    mainland operator a product team added, whose customers the population would leave out unsaid."""
    taken = {op for op, _ in drawn}
    return list(dict.fromkeys(p.operator for p in catalogue.plans if p.currency == "CNY" and p.operator not in taken))


def drawn_from(catalogue: Catalogue, drawn: Shares) -> Catalogue:
    """The plans of the operators drawn from (current plans come from these)."""
    taken = {op for op, _ in drawn}
    plans = tuple(p for p in catalogue.plans if p.operator in taken)
    return catalogue if len(plans) == len(catalogue.plans) else Catalogue(plans, catalogue.packs, catalogue.version)


def generate(catalogue: Catalogue, size: int, seed: int, drawn: Shares = ASSUMED) -> Iterator[pa.RecordBatch]:
    """The population, ``CHUNK`` rows at a time, its operators in ``drawn``'s shares (by default the assumed ones)."""
    catalogue = drawn_from(catalogue, drawn)
    rng = np.random.default_rng(seed)
    for start in range(0, size, CHUNK):
        yield chunk(catalogue, min(CHUNK, size - start), rng, drawn)


def metadata(catalogue: Catalogue, size: int, seed: int, drawn: Shares = ASSUMED) -> dict[bytes, bytes]:
    """What goes into the Parquet footer: how the file was made (``operator_shares``: the shares drawn in)."""
    return {b"recommender.population": json.dumps({
        "size": size, "seed": seed, "baseline_catalogue": catalogue.version,
        "generator": "recommender.batch.population", "parameters": [asdict(p) for p in PARAMETERS],
        "operator_shares": dict(drawn),
    }, ensure_ascii=False).encode()}


def write(catalogue: Catalogue, size: int, seed: int, out: Path,
          progress: Callable[[int], None] | None = None, drawn: Shares = ASSUMED) -> None:
    """Write the population to a Parquet file (one row group per chunk), or to a CSV file when ``out``
    ends in ``.csv`` (what the what-if reads by that extension); ``progress(rows)`` after each chunk; its operators
    in ``drawn``'s shares (by default the assumed ones: ``shares``)."""
    schema = SCHEMA.with_metadata(metadata(catalogue, size, seed, drawn))
    if out.suffix.lower() == ".csv":
        with pa_csv.CSVWriter(out, SCHEMA) as writer:
            for batch in generate(catalogue, size, seed, drawn):
                writer.write_batch(batch)
                if progress is not None:
                    progress(batch.num_rows)
        return
    with pq.ParquetWriter(out, schema, compression="snappy") as writer:
        for batch in generate(catalogue, size, seed, drawn):
            writer.write_table(pa.Table.from_batches([batch], schema=schema))
            if progress is not None:
                progress(batch.num_rows)
