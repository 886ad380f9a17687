"""Score whole populations at once with the compiled tables (numpy, no Python loop per profile).

Input is one array per profile column (the profile's fields, in the profile's units, and who
the person is: ``age``, ``region``, ``customer_of``, see ``optimise.eligible``); output is each
profile's cheapest total on every plan it may buy, and the best plan, exactly as a lenient
``recommend`` ranks them (equal prices by the tie rule of ``recommender.objective``, decided
profile by profile through the cost model, the only per-row Python).  Plans the compiler left to
CP-SAT are solved profile by profile — exact, but slow; ``recommender validate`` names them — and so are
rows with roaming priced by day passes, by the tables' scalar path (``_off_tables``).  Where an
installation fee may be worth paying, each fee's least total is weighed against the others over the
horizon, as ``CompiledPlan.cheapest`` weighs them (``_least_by_fee``).
"""

import datetime
import functools
import hashlib
import threading
import weakref
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

import numpy as np

from ..catalogue import MB_PER_GB, METERS, Catalogue
from ..catalogue.model import ANYONE, UNLIMITED, Plan
from ..cost import (
    CAPABILITIES,
    NO_TERMS,
    OverageRule,
    allowance_assumed,
    fee_assumed,
    horizon_charges,
    meter_rule,
    owed_fen,
    price_assumed,
    price_history,
    rate_assumed,
)
from ..eligibility import assess, home_today, market_of, on_plan
from ..objective import kept_by_all, monthly, staying, tie_key
from ..profile import Profile
from . import eligible, planner
from .planner import compiled
from .tables import INF, MONTH_DAYS, THROTTLE, CompiledPlan, MeterTable, Partition, fold_many, throttle_rows

DATA_METER = "data_mb"

COLUMNS = ("data_gb", "voice_minutes", "sms", "roaming_data_gb", "roaming_voice_minutes",
           "min_uplink_mbps", "min_downlink_mbps", "satellite", "broadband", "allow_throttling")
"""The population columns (missing ones are zero / false)."""
MORE_COLUMNS = ("satellite_minutes", "satellite_sms", "broadband_mbps")
"""Columns a population file may add (the generated populations do not have them)."""

NONE = -1

Groups = list[tuple[np.ndarray | slice, frozenset[str]]]
"""Rows grouped by the packs they may not buy (``eligible.pack_groups``)."""


def column_mb(gb: np.ndarray) -> np.ndarray:
    """A column of GB as whole MB, rounded up as a profile's usage is (read to a millionth of a MB first, as
    ``usage.as_mb`` reads a profile's: float noise, 10.000000000000002 GB, is 10240 MB); ``row_profile`` reads a
    row through it too."""
    return np.ceil(np.round(np.asarray(gb, dtype=np.float64) * MB_PER_GB, 6)).astype(np.int64)


def _demand(columns: Mapping[str, np.ndarray], n: int) -> dict[str, np.ndarray]:
    def col(name: str) -> np.ndarray:
        return np.asarray(columns[name]) if name in columns else np.zeros(n)

    demand = {  # raw usage in the meters' units; each plan applies its own monthly data rounding
        "data_mb": column_mb(col("data_gb")),
        "voice_s": col("voice_minutes").astype(np.int64) * 60,
        "sms": col("sms").astype(np.int64),
        "roaming_data_mb": column_mb(col("roaming_data_gb")),
        "roaming_voice_s": col("roaming_voice_minutes").astype(np.int64) * 60,
        "satellite_voice_s": col("satellite_minutes").astype(np.int64) * 60,
        "satellite_sms": col("satellite_sms").astype(np.int64),
    }
    assert tuple(demand) == METERS
    return demand


CHUNK = 1 << 15
"""Rows scored together: small enough for the working arrays to stay in the CPU cache."""


def plan_totals(catalogue: Catalogue, columns: Mapping[str, np.ndarray], currency: str | None = None,
                as_of: datetime.date | None = None, horizon_months: int = 24) -> np.ndarray:
    """``totals[i, j]``: profile i's cheapest fitting total on plan j in fen, ``INF`` if none fits, if
    the person may not buy plan j (conditions of sale read at ``as_of``, default today: only the
    packs they may buy count), or if ``currency`` is given and plan j is priced in another.  Where an
    installation fee may be worth paying, the bundle is the one best over ``horizon_months``."""
    return plan_prices(catalogue, columns, currency, as_of, horizon_months)[0]


def plan_prices(catalogue: Catalogue, columns: Mapping[str, np.ndarray], currency: str | None = None,
                as_of: datetime.date | None = None, horizon_months: int = 24,
                markets: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """``plan_totals``, and ``one_off[i, j]``: the installation fees of the packs in that bundle, paid
    once over the horizon (0 for most: only rows where such a fee may be worth paying have any), what
    ``rank_totals`` needs to rank as ``recommend`` does.  Whether a fee is worth paying depends on the
    horizon: the rows solved one at a time (``_solve_one``) are weighed over ``horizon_months``.  ``markets``
    False: no plan is held to its operator's market (the plan a person is on, which they keep wherever they live:
    ``whatif.Scorer._on_current``)."""
    n = len(next(iter(columns.values())))
    order, columns = _in_need_order(catalogue, columns, n)
    parts = [_chunk_totals(catalogue, {k: v[i:i + CHUNK] for k, v in columns.items()}, currency, as_of,
                           horizon_months, markets) for i in range(0, n, CHUNK)] if n > CHUNK else \
        [_chunk_totals(catalogue, columns, currency, as_of, horizon_months, markets)]
    totals, one_off = parts[0] if len(parts) == 1 else (np.concatenate([t for t, _ in parts]),
                                                        np.concatenate([f for _, f in parts]))
    return _in_row_order(order, totals, one_off)


def _in_need_order(catalogue: Catalogue, columns: Mapping[str, np.ndarray],
                   n: int) -> tuple[np.ndarray | None, Mapping[str, np.ndarray]]:
    """The rows' order to score them in (``_need_order``; None: as given), and the columns in it: what
    ``_in_row_order`` undoes."""
    order = _need_order(catalogue, columns, n)
    return order, columns if order is None else {k: np.asarray(v)[order] for k, v in columns.items()}


def _in_row_order(order: np.ndarray | None, first: np.ndarray,
                  second: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Two arrays of rows scored in ``order`` (``_in_need_order``), each row back where the caller gave it."""
    if order is None:
        return first, second
    out_first, out_second = np.empty_like(first), np.empty_like(second)
    out_first[order], out_second[order] = first, second
    return out_first, out_second


def _need_order(catalogue: Catalogue, columns: Mapping[str, np.ndarray], n: int) -> np.ndarray | None:
    """The rows ordered by what decides each plan's structure (every need against every level of the
    catalogue's plans and packs, and throttling), so that chunks of rows mostly share one structure on
    every plan; None when the rows are alike (or too few to matter).  Only the speed depends on it."""
    if n < 2:
        return None
    needs = _needs(columns, n)
    code, radix = np.zeros(n, dtype=np.int64), 1
    for cap in CAPABILITIES:
        need = needs[cap.name]
        if need.min() == need.max():
            continue
        levels = {0, *(cap.plan_level(p) for p in catalogue.plans), *(cap.pack_level(p) for p in catalogue.packs)}
        if cap.name in ("min_downlink_mbps", "min_uplink_mbps"):  # throttling fits a need up to the throttled speed
            levels |= {p.throttle_kbps // 1000 for p in catalogue.plans if p.throttle_kbps is not None}
        code += np.searchsorted(np.array(sorted(levels), dtype=np.int64), need) * radix
        radix *= len(levels) + 1
    throttle = np.asarray(columns.get("allow_throttling", np.zeros(n)), dtype=bool)
    if throttle.any() and not throttle.all():
        code += throttle * radix
        radix *= 2
    if radix == 1 or code.min() == code.max():
        return None
    return np.argsort(code.astype(np.uint16) if radix <= 1 << 16 else code, kind="stable")


class _Rows(NamedTuple):
    """A chunk's eligibility, read once: its columns as the rules read them, and its rows grouped by the packs they
    may not buy."""

    about: dict[str, np.ndarray]
    groups: Groups


def _rows(catalogue: Catalogue, columns: Mapping[str, np.ndarray], n: int, as_of: datetime.date) -> _Rows:
    about = eligible.about_columns(columns, catalogue)
    return _Rows(about, eligible.pack_groups(catalogue, about, n, as_of))


def _chunk_totals(catalogue: Catalogue, columns: Mapping[str, np.ndarray], currency: str | None = None,
                  as_of: datetime.date | None = None, horizon_months: int = 24,
                  markets: bool = True, read: _Rows | None = None) -> tuple[np.ndarray, np.ndarray]:
    """``plan_prices`` for one chunk of rows (``read``: their eligibility, where the caller has it)."""
    n = len(next(iter(columns.values())))
    as_of = as_of or home_today()
    about, groups = read or _rows(catalogue, columns, n, as_of)
    if len(groups) == 1 and isinstance(groups[0][0], slice):  # every row may buy the same packs: no copy
        totals, one_off = _totals(catalogue.without_packs(groups[0][1]), columns, currency, horizon_months)
    else:
        totals = np.full((n, len(catalogue.plans)), INF, dtype=np.int64, order="F")
        one_off = np.zeros((n, len(catalogue.plans)), dtype=np.int64, order="F")
        for rows, dropped in groups:
            part = columns if isinstance(rows, slice) else {k: np.asarray(v)[rows] for k, v in columns.items()}
            totals[rows], fees = _totals(catalogue.without_packs(dropped), part, currency, horizon_months)
            if fees.any():  # (rarely: most rows' packs have no installation fee)
                one_off[rows] = fees
    away: dict[str, np.ndarray | None] = {}  # per market, the rows living outside it (None: no row)
    for j, plan in enumerate(catalogue.plans):
        if plan.rule != ANYONE:
            totals[eligible.not_met(plan.rule, plan.operator, about, n, as_of, plan.id), j] = INF
        if markets and "region" in about:
            country = market_of(catalogue, plan.operator)
            if country not in away:
                outside = eligible.outside(country, about, n)
                away[country] = outside if outside.any() else None  # (most populations live in their plans' market)
            if (abroad := away[country]) is not None:
                totals[eligible.kept_rows(abroad, about, plan.id), j] = INF  # (its people keep it)
    return totals, one_off


def _needs(columns: Mapping[str, np.ndarray], n: int) -> dict[str, np.ndarray]:
    needs = {
        "min_uplink_mbps": np.asarray(columns.get("min_uplink_mbps", np.zeros(n)), dtype=np.int64),
        "min_downlink_mbps": np.asarray(columns.get("min_downlink_mbps", np.zeros(n)), dtype=np.int64),
        "satellite": np.asarray(columns.get("satellite", np.zeros(n)), dtype=np.int64),
        "broadband": np.maximum(np.asarray(columns.get("broadband", np.zeros(n)), dtype=np.int64),
                                np.asarray(columns.get("broadband_mbps", np.zeros(n)), dtype=np.int64)),
    }
    assert tuple(needs) == tuple(cap.name for cap in CAPABILITIES)
    return needs


def _totals(catalogue: Catalogue, columns: Mapping[str, np.ndarray],
            currency: str | None, horizon_months: int) -> tuple[np.ndarray, np.ndarray]:
    n = len(next(iter(columns.values())))
    demand = _demand(columns, n)
    needs = _needs(columns, n)
    throttle = np.asarray(columns.get("allow_throttling", np.zeros(n)), dtype=bool)
    tables = compiled(catalogue)
    # Column-major: each plan's column is written whole, and ranked plan by plan (``rank_totals``): a row-major
    # column write strides over every row's other plans (1.1 ms a 32,768-row chunk of 14 plans, this 0.2 ms)
    totals = np.full((n, len(catalogue.plans)), INF, dtype=np.int64, order="F")
    one_off = np.zeros((n, len(catalogue.plans)), dtype=np.int64, order="F")  # installation fees: rows alone only
    shared: dict[object, Any] = {}
    alike = n > 0 and throttle.min() == throttle.max() and all(v.min() == v.max() for v in needs.values())
    for j, plan in enumerate(catalogue.plans):
        if currency is not None and plan.currency != currency:
            continue
        table = tables.plans[plan.id]
        if table.variants is not None:  # one month of totals: subscriptions do not couple anything
            groups = _one_group(table, needs, throttle) if alike else table.row_groups(
                needs, throttle_rows(plan, throttle, needs), shared)
            if groups:
                _plan_totals(table, demand, groups, shared, horizon_months, out=(totals[:, j], one_off[:, j]))
            off = _off_tables(table, demand, needs, n, groups)
            rows = [] if off is None else [int(i) for i in np.flatnonzero(off)]
        else:
            rows = list(range(n))
        for i in rows:
            totals[i, j], one_off[i, j] = _solve_one(catalogue, plan.id, columns, i, horizon_months)
    return totals, one_off


def _one_group(table: CompiledPlan, needs: Mapping[str, np.ndarray],
               throttle: np.ndarray) -> list[tuple[tuple[int, ...], bool, None]]:
    """``CompiledPlan.row_groups`` when every row has the same needs and throttling: one group or none."""
    key = table.need_key(THROTTLE[False], [int(needs[cap.name][0]) for cap in CAPABILITIES])
    if key is None:
        return []
    return [(key, bool(throttle_rows(table.plan, throttle[:1], {k: v[:1] for k, v in needs.items()})[0]), None)]

LOOKUP_LIMIT = 1 << 20
"""The longest a lookup table is extended to (in grains); shortfalls beyond it are folded row by row."""


class _Lookup:
    """A table that continues exactly by ``rate_w`` every ``period`` past ``capacity`` (None: not possible),
    written out as far as a batch's shortfalls reach, so that a lookup is one ``take``."""

    def __init__(self, values: np.ndarray, capacity: int, period: int, rate_w: int | None) -> None:
        self.values, self.capacity, self.period, self.rate_w = values, capacity, period, rate_w
        self.extended = self._exact(np.arange(capacity + period, dtype=np.int64))
        self.digest = _digest((values.dtype.str, capacity, period, rate_w), values.tobytes())
        """What the lookup answers, hashed: equal digests, equal lookups (``_classes_of``)."""

    def _exact(self, short: np.ndarray) -> np.ndarray:
        k = np.where(short >= self.capacity, (short - self.capacity) // self.period, 0)
        found = self.values[short - k * self.period]
        return np.where(k > 0, INF, found) if self.rate_w is None else found + k * self.rate_w

    def __call__(self, short: np.ndarray, top: int | None = None) -> np.ndarray:
        """The value at each shortfall (at most 0: the first); ``top``: the largest shortfall, where the caller
        knows it (a plan's classes look up the same shortfalls)."""
        extended = self.extended
        top = int(short.max(initial=0)) if top is None else max(top, 0)
        if top >= len(extended):
            if top >= LOOKUP_LIMIT:
                return self._exact(np.maximum(short, 0))
            extended = self.extended = self._exact(np.arange(max(top + 1, 2 * len(extended)), dtype=np.int64))
        return extended.take(short, mode="clip")  # clip: a negative shortfall is the first entry


@dataclass(frozen=True)
class _Class:
    """Partitions of a structure whose data tables differ by a constant (typically: the same free packs with
    more or fewer of a coupled pack on other meters): one data lookup for all of them, the rest of each
    partition only on rows short on another meter (elsewhere the other meters' tables are all 0)."""

    data: _Lookup
    rest: tuple[tuple[int, tuple[tuple[str, _Lookup, int], ...]], ...]
    """Per partition: its data table less the class's, and its other meters' (meter, table, fixed adds)."""
    least: int


def _digest(header: object, data: bytes = b"") -> bytes:
    """``header`` (a tuple of numbers, strings and digests: its ``repr``) and ``data``, hashed."""
    return hashlib.blake2b(repr(header).encode() + b"\0" + data, digest_size=16).digest()


DataKey = tuple[int, int, int]
"""What a plan's data shortfall is computed from (``CompiledPlan.short_key``)."""


@dataclass(eq=False)
class _Classes:
    """The classes of one installation fee's partitions in a structure (``_Fast.classes``), made once for
    all plans that price usage alike: provincial copies of a plan, say (the same packs at the same prices,
    another fee) have classes of the same digest, whose values at the same shortfalls are the same, so a
    batch computes them once for all such plans (``_shared_values``)."""

    fee: int
    members: list[_Class]
    seen: set[DataKey] = field(default_factory=set)
    """The data keys of the plans whose structures have these classes."""
    alike: set[DataKey] = field(default_factory=set)
    """Those of more than one plan (or structure): where a batch's values may be shared."""


_ALIKE: "weakref.WeakValueDictionary[bytes, _Classes]" = weakref.WeakValueDictionary()
"""Classes by digest, while a plan's structure holds them."""
_ALIKE_LOCK = threading.Lock()


def _classes_of(partitions: Sequence[Partition], lookups: dict[int, tuple[MeterTable, _Lookup]]) -> list[_Classes]:
    """A structure's partitions as ``_Classes`` per installation fee (``Partition.one_off``), least fee first
    (one fee, 0, on most plans): those of an earlier plan where it has the same."""
    fees: dict[int, list[Partition]] = {}
    for partition in partitions:
        fees.setdefault(partition.one_off, []).append(partition)
    out = []
    for fee in sorted(fees):
        members = _classes(fees[fee], lookups)
        digest = _digest((fee, *((c.data.digest, c.least, tuple(
            (d, tuple((m, lookup.digest, fixed) for m, lookup, fixed in tables)) for d, tables in c.rest))
            for c in members)))
        with _ALIKE_LOCK:
            found = _ALIKE.get(digest)
            if found is None:
                found = _ALIKE[digest] = _Classes(fee, members)
        out.append(found)
    return out


def _seen(by_fee: Sequence[_Classes], data: DataKey) -> None:
    """A plan whose data shortfall ``data`` decides has these classes (``_Classes.alike``)."""
    with _ALIKE_LOCK:
        for classes in by_fee:
            (classes.alike if data in classes.seen else classes.seen).add(data)


def _classes(partitions: Sequence[Partition], lookups: dict[int, tuple[MeterTable, _Lookup]]) -> list[_Class]:
    """A structure's partitions grouped into classes (``_Class``)."""
    groups: list[list[tuple[Partition, int]]] = []  # members with their data table less the first member's
    for partition in partitions:
        for members in groups:
            head = members[0][0]
            if (head.capacity, head.unit, head.rate_w, len(head.data)) == \
                    (partition.capacity, partition.unit, partition.rate_w, len(partition.data)):
                diff = partition.data - head.data
                if (diff == diff[0]).all():
                    members.append((partition, int(diff[0])))
                    break
        else:
            groups.append([(partition, 0)])

    def lookup(table: MeterTable) -> _Lookup:
        found = lookups.get(id(table))
        if found is None:  # (the table is held beside its lookup, so its id is not another's meanwhile)
            found = lookups[id(table)] = (table, _Lookup(table.values if table.packs else table.value_many(
                np.arange(table.capacity + table.period, dtype=np.int64)), table.capacity, table.period,
                None if table.rate_fen is None else table.rate_fen * table.weight))
        return found[1]

    out = []
    for members in groups:
        base, low = min(members, key=lambda m: m[1])  # the cheapest data table: the others are it plus c >= 0
        rest = tuple((c - low, tuple((m, lookup(t), fixed) for m, t, fixed in p.others)) for p, c in members)
        out.append(_Class(_Lookup(base.data, base.capacity, base.unit, base.rate_w), rest, min(c for c, _ in rest)))
    return out


class _Fast:
    """A compiled plan's structures as classes (``_Class``), built on first use per structure."""

    def __init__(self, table: CompiledPlan) -> None:
        # (weakly: ``_FAST`` is keyed by the table, and a value holding its key would keep it, its catalogue
        # gone, for as long as the process runs)
        self.table: CompiledPlan = weakref.proxy(table)
        self.lookups: dict[int, tuple[MeterTable, _Lookup]] = {}
        self.structures: dict[tuple[object, ...], list[_Classes]] = {}
        self.lock = threading.Lock()

    def classes(self, key: tuple[int, ...], throttled: bool) -> list[_Classes]:
        """The structure's partitions as classes, per installation fee (``_classes_of``); made once for the
        plans that share the structure (``tables.Kin``)."""
        days = self.table.days_key(key, MONTH_DAYS)
        found = self.structures.get((key, throttled, days))
        if found is None:
            partitions = self.table.structure(key, throttled, days)
            kin = self.table.kin(key, throttled, days)
            with self.lock:
                if kin is None:  # (a structure loaded from the catalogue cache)
                    found = _classes_of(partitions, self.lookups)
                else:
                    found = kin.derived.get("batch")
                    if found is None:
                        found = kin.derived.setdefault("batch", _classes_of(kin.partitions, {}))
                _seen(found, self.table.short_key(DATA_METER))
                self.structures[(key, throttled, days)] = found
        return found


_FAST: "weakref.WeakKeyDictionary[CompiledPlan, _Fast]" = weakref.WeakKeyDictionary()
_FAST_LOCK = threading.Lock()


def _fast(table: CompiledPlan) -> _Fast:
    found = _FAST.get(table)
    if found is None:
        with _FAST_LOCK:
            found = _FAST.setdefault(table, _Fast(table))
    return found


def _plan_totals(table: CompiledPlan, demand: Mapping[str, np.ndarray],
                 groups: Sequence[tuple[tuple[int, ...], bool, np.ndarray | None]],
                 shared: dict[object, Any], horizon_months: int,
                 out: tuple[np.ndarray, np.ndarray] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Each row's least monthly total on this plan in fen (``INF``: none fits), over the rows' groups
    (``CompiledPlan.row_groups``), and the installation fees its bundle pays once: per class of partitions
    one data lookup in an extended table, the other meters only on the rows short on one of them; where
    partitions carry different fees, the least value of each, weighed as ``CompiledPlan.cheapest`` weighs
    them for one month of usage (``_least_by_fee``).  ``out``: where to write them, ``INF`` and 0 as they are
    (the plan's columns in ``_totals``: no array of the plan's own, copied into them)."""
    n = len(demand[DATA_METER])
    total, fees = out or (np.full(n, INF, dtype=np.int64), np.zeros(n, dtype=np.int64))
    groups = [group for group in groups if not _beyond(table, group[0])]  # (those rows: ``_off_tables``)
    if not groups:
        return total, fees
    fast = _fast(table)
    data = table.short_grains(demand, DATA_METER, shared)
    others = [(m, _short(table, demand, m, shared)) for m in METERS if m != DATA_METER]
    for key, throttled, rows in groups:
        where = slice(None) if rows is None else rows
        month, fee = _least_by_fee(table, fast.classes(key, throttled), data, others, rows, horizon_months, shared)
        total[where] = month
        if np.any(fee):
            fees[where] = np.where(month < INF, fee, 0)
    return total, fees


def _least_by_fee(table: CompiledPlan, by_fee: list[_Classes], data: np.ndarray,
                  others: Sequence[tuple[str, np.ndarray | None]], rows: np.ndarray | None,
                  horizon_months: int, shared: dict[object, Any]) -> tuple[np.ndarray, np.ndarray | int]:
    """The rows' least month total over the classes of each installation fee, and the fee chosen: the least
    ``objective.plan_key`` (price over the horizon with the fee, month total, packs; equal keys: the least
    fee), as ``CompiledPlan._cheapest_by_fee``.  ``data``: the batch's data shortfalls (``rows`` of them)."""
    if not by_fee:  # no variant meets the needs
        return np.full(len(data) if rows is None else len(rows), INF, dtype=np.int64), 0
    best: tuple[np.ndarray, ...] | None = None
    for classes in by_fee:
        fee, value = classes.fee, _shared_values(table, classes, data, others, rows, shared)
        month = np.where(value < INF, table.plan.fee_fen + value // table.weight, INF)
        if len(by_fee) == 1:
            return month, fee
        found: tuple[np.ndarray, ...] = (_horizon(table.plan, month, horizon_months, fee), month, value % table.weight,
                 np.full(len(month), fee, dtype=np.int64))
        if best is not None:
            better = _less(found, best)
            found = tuple(np.where(better, new, old) for new, old in zip(found, best, strict=True))
        best = found
    assert best is not None
    return best[1], best[3]


def _shared_values(table: CompiledPlan, classes: _Classes, data: np.ndarray,
                   others: Sequence[tuple[str, np.ndarray | None]], rows: np.ndarray | None,
                   shared: dict[object, Any]) -> np.ndarray:
    """``_values`` of ``rows``, once per batch for plans with the same classes and data shortfall
    (``_Classes.alike``; the other meters' shortfalls are shared by ``_short``, the rows by
    ``CompiledPlan.row_groups``; the arrays whose ids are in the key are held by ``shared`` as long as the
    key, so their ids are not reused meanwhile).  Values no other plan can share are not kept: a batch's
    fresh pages cost more than its lookups."""
    data_key = table.short_key(DATA_METER)
    if data_key not in classes.alike:
        return _values(classes.members, data if rows is None else data[rows], others, rows)
    key = ("values", id(classes), data_key, id(rows), tuple(id(s) for _, s in others))
    found = shared.get(key)
    if found is None:
        found = shared[key] = _values(classes.members, data if rows is None else data[rows], others, rows)
    return found


def _short(table: CompiledPlan, demand: Mapping[str, np.ndarray], meter: str,
           shared: dict[object, Any]) -> np.ndarray | None:
    """A meter's shortfall in grains (shared by plans with the same allowance), None if no row is short."""
    key = ("short", meter, *table.short_key(meter))
    if key not in shared:
        short = table.short_grains(demand, meter, shared)
        shared[key] = short if (short > 0).any() else None
    return shared[key]


def _values(classes: Sequence[_Class], data: np.ndarray, others: Sequence[tuple[str, np.ndarray | None]],
            rows: np.ndarray | None) -> np.ndarray:
    """The least partition value for each row (``rows``: which rows of the batch, None for all)."""
    short = [(m, s if rows is None else s[rows]) for m, s in others if s is not None]
    active: np.ndarray | slice | None = None
    if short:
        busy = short[0][1] > 0
        for _, s in short[1:]:
            busy |= s > 0
        count = int(np.count_nonzero(busy))
        active = None if not count else slice(None) if 2 * count > len(busy) else np.flatnonzero(busy)
    by_meter = {m: s if isinstance(active, slice) else s[active] for m, s in short} if active is not None else {}
    tops = {m: int(s.max(initial=0)) for m, s in by_meter.items()}  # (each lookup's largest shortfall, read once)
    data_top = int(data.max(initial=0))
    memo: dict[tuple[int, int], np.ndarray] = {}
    best: np.ndarray | None = None
    for cls in classes:
        value = cls.data(data, data_top)
        if active is None:
            value += cls.least
        else:
            rest = None
            for c, tables in cls.rest:
                part: np.ndarray | None = None
                for meter, lookup, fixed in tables:
                    if meter in by_meter:
                        found = memo.get((id(lookup), fixed))
                        if found is None:
                            found = memo[(id(lookup), fixed)] = lookup(
                                by_meter[meter] - fixed if fixed else by_meter[meter], tops[meter] - fixed)
                        part = found + c if part is None else np.add(part, found, out=part)
                if part is None:  # (every partition has a table for every other meter: not reached)
                    part = np.full(len(data) if isinstance(active, slice) else len(active), c, dtype=np.int64)
                rest = part if rest is None else np.minimum(rest, part, out=rest)
            if rest is None:
                value += cls.least
            elif isinstance(active, slice):
                value += rest
            else:
                value += cls.least
                value[active] += rest - cls.least
        best = value if best is None else np.minimum(best, value, out=best)
    return best if best is not None else np.full(len(data), INF, dtype=np.int64)  # no variant meets the needs


def _off_tables(table: CompiledPlan, demand: Mapping[str, np.ndarray], needs: Mapping[str, np.ndarray],
                n: int, groups: Sequence[tuple[tuple[int, ...], bool, np.ndarray | None]] | None = None
                ) -> np.ndarray | None:
    """Rows the vectorised tables do not answer on this plan, one at a time instead (``_solve_one``):
    roaming priced by day passes (the scalar tables price the trip on each partition's pool, or CP-SAT
    where free packs add to the pool), or a speed need for which per-day packs give too many variants
    (``_beyond``: CP-SAT's, ``Compiled.tabled``).  ``groups``: the rows' (``CompiledPlan.row_groups``),
    when the caller has them.  None when the plan has none of these (most plans): no row is."""
    plan = table.plan
    passes = plan.day_pass is not None and plan.day_pass.covers(None)
    if (table.daily_caps or not table.needs_fit) and groups is None:  # by need alone (throttling changes no variant)
        groups = table.row_groups(needs, np.zeros(n, dtype=bool), {})
    beyond = [rows for key, _, rows in groups or () if _beyond(table, key)]
    if not (passes or beyond):
        return None
    off = np.zeros(n, dtype=bool)
    if passes:
        off |= (demand["roaming_data_mb"] > 0) | (demand["roaming_voice_s"] > 0)
    for rows in beyond:
        off[slice(None) if rows is None else rows] = True
    return off


def _fee_rows(table: CompiledPlan, needs: Mapping[str, np.ndarray], n: int) -> np.ndarray | None:
    """Rows where an installation fee may be worth paying on this plan (a need only such a pack meets,
    or such a pack adds an allowance; ``_least_by_fee``), None when no row is."""
    if not table.may_install:
        return None
    off = np.full(n, table.install_adds)
    for cap in CAPABILITIES:
        if cap.name in table.install_caps:
            off |= needs[cap.name] > cap.plan_level(table.plan)
    return off


def _beyond(table: CompiledPlan, key: tuple[int, ...]) -> bool:
    """Whether rows needing ``key`` (speed needs lasting the month: a population has no days columns) make
    more variants than the tables keep (``CompiledPlan.fits``: the packs with the speeds needed, per-day
    ones cut at the month's days; the variants without a need may fit): such rows are CP-SAT's
    (``Compiled.tabled``), not the vectorised tables' (``_off_tables``)."""
    return not table.fits(key, table.days_key(key, MONTH_DAYS))


def row_profile(columns: Mapping[str, np.ndarray], i: int, horizon_months: int = 24,
                as_of: datetime.date | None = None, catalogue: Catalogue | None = None) -> Profile:
    """Row ``i`` as the profile ``recommend`` would take (lenient: what the columns do not say is unknown); with
    ``catalogue``, on the row's current plan when it names one of its plans (as the vectorised rules read it:
    kept by the people on it, its operator's customer)."""
    row = {name: columns[name][i].item() for name in (*COLUMNS, *MORE_COLUMNS) if name in columns}
    for name in ("data_gb", "roaming_data_gb"):  # the MB the tables read, as GB (exact: 1024 is 2**10)
        row[name] = Decimal(int(column_mb(np.array([row.get(name, 0)]))[0])) / MB_PER_GB
    one = {name: columns[name][i:i + 1] for name in eligible.SOURCES if name in columns}  # (not every row's)
    told = eligible.about_columns(one)
    about = {name: value[0] for name, value in told.items() if name in eligible.COLUMNS}
    plan = str(told["current_plan"][0]) if "current_plan" in told else ""
    current = {"current": {"plan_id": plan}} if catalogue is not None and plan in catalogue.plan_index else {}
    return Profile.model_validate({**current,
        "data_gb": str(row.get("data_gb", 0)), "voice_minutes": int(row.get("voice_minutes", 0)),
        "sms": int(row.get("sms", 0)), "allow_throttling": bool(row.get("allow_throttling", False)),
        "needs": {"min_uplink_mbps": int(row.get("min_uplink_mbps", 0)),
                  "min_downlink_mbps": int(row.get("min_downlink_mbps", 0)),
                  "satellite": bool(row.get("satellite", False)), "broadband": bool(row.get("broadband", False)),
                  "broadband_mbps": int(row.get("broadband_mbps", 0)),
                  "satellite_minutes": int(row.get("satellite_minutes", 0)),
                  "satellite_sms": int(row.get("satellite_sms", 0)),
                  "roaming": {"data_gb": str(row.get("roaming_data_gb", 0)),
                              "voice_minutes": int(row.get("roaming_voice_minutes", 0))}},
        "about": {"age": int(about["age"]) if "age" in about and about["age"] >= 0 else None,
                  "region": str(about["region"]) if about.get("region") else None,
                  "customer_of": str(about["customer_of"]) if about.get("customer_of") else None,
                  "memberships": [member] if (member := _membership(columns, i)) else None},
        "horizon_months": horizon_months, "as_of": as_of,
    })


def _membership(columns: Mapping[str, np.ndarray], i: int) -> str:
    """Row ``i``'s one membership, where its current plan says it (``plan_membership``: the what-if's), else ""."""
    column = columns.get("plan_membership")
    return "" if column is None else str(column[i])


ONE_ROW_TIME_LIMIT_S = 60.0
"""CP-SAT's time for a row solved alone (``_solve_one``): a batch has no one waiting on a row, but must be exact."""


class Unproved(RuntimeError):
    """A row solved alone whose cheapest bundle on a plan CP-SAT did not prove in ``ONE_ROW_TIME_LIMIT_S``: no
    total to give (unproved, it may be too dear; none found, the plan may yet fit), so none is guessed."""

    def __init__(self, plan_id: str, seconds: float) -> None:
        super().__init__(f"{plan_id}: the cheapest bundle of a row was not proved within {seconds:g} s")
        self.plan_id, self.seconds = plan_id, seconds


def _solve_one(catalogue: Catalogue, plan_id: str, columns: Mapping[str, np.ndarray], i: int,
               horizon_months: int) -> tuple[int, int]:
    """Row ``i`` on one plan by the planner, as ``recommend`` answers it (the tables' scalar path where
    they can answer it, such as a need an installation-fee pack meets; else CP-SAT): its monthly total
    (``INF``: nothing fits) and the one-off fees of the packs chosen (installation, paid once over the
    horizon of ``horizon_months``, which decides whether an installation is worth it).  A search that ends
    unproved is ``Unproved`` (found by QA: CP-SAT's time running out read as "nothing fits")."""
    ranked, _ = planner.solve(catalogue, row_profile(columns, i, horizon_months, catalogue=catalogue),
                              [catalogue.plan_index[plan_id]], time_limit_s=ONE_ROW_TIME_LIMIT_S)
    if not ranked.proved:
        raise Unproved(plan_id, ONE_ROW_TIME_LIMIT_S)
    found = ranked.choices
    return (found[0].total_fen, found[0].one_off_fen) if found else (INF, 0)


def horizon_totals(catalogue: Catalogue, totals: np.ndarray, horizon_months: int = 24,
                   one_off: np.ndarray | None = None) -> np.ndarray:
    """``cost.contract`` vectorised for one month of usage: each plan's monthly totals (``INF``: not
    scored) and the installation fees of the packs chosen (``plan_prices``) → what it costs over the
    horizon (the same charges, floor, one-off fees and owed months)."""
    plain = [j for j, plan in enumerate(catalogue.plans) if plan.terms == NO_TERMS]
    if len(plain) == len(catalogue.plans):  # the common case: every plan at once
        out = _plain_horizon(totals, horizon_months)
    else:
        out = np.full_like(totals, INF)
        out[:, plain] = _plain_horizon(totals[:, plain], horizon_months)
    for j, plan in enumerate(catalogue.plans):
        if plan.terms != NO_TERMS:
            out[:, j] = _horizon(plan, totals[:, j], horizon_months)
    if one_off is not None and one_off.any():
        out = np.where(totals < INF, out + one_off, INF)
    return out


def _plain_horizon(month: np.ndarray, horizon_months: int, one_off: np.ndarray | int = 0) -> np.ndarray:
    """``_horizon`` of plans without terms, in closed form (as ``cost.contract``), made in place: a million rows
    pass through it (a ``where`` over a fresh array cost 14–16 ms a 32,768-row chunk, this 1.7 ms)."""
    out = month * horizon_months
    if isinstance(one_off, np.ndarray) or one_off:
        out += one_off
    np.copyto(out, INF, where=month >= INF)
    return out


def _horizon(plan: Plan, month: np.ndarray, horizon_months: int, one_off: np.ndarray | int = 0) -> np.ndarray:
    """``cost.contract``'s horizon total for one month of usage, vectorised: the plan's monthly totals
    (``INF``: not scored) and the installation fees paid once (``INF`` stays ``INF``)."""
    terms = plan.terms
    if terms == NO_TERMS:
        return _plain_horizon(month, horizon_months, one_off)
    horizon = np.zeros_like(month)
    (slot,) = horizon_charges(plan, 1, horizon_months)
    for change, times in slot:
        horizon += times * np.maximum(month + change, terms.minimum_monthly_spend_fen)
    return np.where(month < INF, horizon + terms.one_off_fen + owed_fen(plan, horizon_months) + one_off, INF)


def effective_monthly(horizon: np.ndarray, horizon_months: int = 24) -> np.ndarray:
    """``objective.monthly`` of horizon prices (``INF`` stays ``INF``): the effective monthly price."""
    return np.where(horizon < INF, monthly(horizon, horizon_months), INF)


def staying_catalogue(catalogue: Catalogue) -> Catalogue:
    """``catalogue``'s plans as the people on them pay them (``objective.staying``), made once per catalogue (itself
    when no plan has terms of that kind: the shipped plans)."""
    found: Catalogue | None = catalogue.__dict__.get("_staying")
    if found is None:
        plans = tuple(staying(plan) for plan in catalogue.plans)
        found = catalogue if all(a is b for a, b in zip(plans, catalogue.plans, strict=True)) else \
            Catalogue(plans, catalogue.packs, catalogue.version + "-staying", catalogue.specs)
        object.__setattr__(catalogue, "_staying", found)
    return found


def paid_as_new(catalogue: Catalogue, one_off: np.ndarray | None) -> bool:
    """Whether every plan costs the same kept as anew for these rows (``kept_as_paid`` a no-op): no plan has terms
    that staying leaves out, and no row buys a pack with an installation fee (the shipped plans)."""
    return staying_catalogue(catalogue) is catalogue and (one_off is None or not one_off.any())


def kept_as_paid(catalogue: Catalogue, totals: np.ndarray, horizon: np.ndarray, one_off: np.ndarray | None,
                 on: np.ndarray, horizon_months: int) -> np.ndarray:
    """``horizon`` (``horizon_totals`` of ``totals``, with the packs' installation fees ``one_off``) with each plan
    a row keeps (``objective.kept``: its own, ``on``, an index into ``catalogue.plans``, negative for none; and every
    plan kept for its holders) over the horizon as the people on it pay it, its bundle the one chosen anew: no
    promotion, one-off fee or month owed (``objective.staying``), as ``recommend``'s ``price_choice`` ranks and
    ``current_price`` prices it.  ``horizon`` itself where that changes nothing (no such terms, no fee: the shipped
    plans), else changed in place."""
    if paid_as_new(catalogue, one_off):
        return horizon
    settled = staying_catalogue(catalogue)
    held = [j for j, plan in enumerate(catalogue.plans) if kept_by_all(plan)]
    rows = np.flatnonzero(on >= 0)
    if held:  # (every row: whoever may have such a plan is on it)
        kept = horizon_totals(settled, totals, horizon_months)
        horizon[:, held] = kept[:, held]
        horizon[rows, on[rows]] = kept[rows, on[rows]]
    elif len(rows):
        kept = horizon_totals(settled, totals[rows], horizon_months)
        horizon[rows, on[rows]] = kept[np.arange(len(rows)), on[rows]]
    return horizon


def _plan_at(catalogue: Catalogue, ids: np.ndarray) -> np.ndarray:
    """Each row's plan id (``current_plan``, "" none) as its index into ``catalogue.plans`` (-1: none, or a plan it
    does not have)."""
    values, index = np.unique(np.asarray(ids).astype(str), return_inverse=True)
    at = {plan.id: j for j, plan in enumerate(catalogue.plans)}
    return np.array([at.get(str(v), -1) for v in values], dtype=np.int64)[index.ravel()]


def best_plans(catalogue: Catalogue, columns: Mapping[str, np.ndarray], horizon_months: int = 24,
               currency: str = "CNY", as_of: datetime.date | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Each profile's best plan (index into ``catalogue.plans``, ``NONE`` if nothing fits) and its
    effective monthly price (``recommend``'s ``effective_monthly_fen``), ranked as ``recommend`` ranks one
    month of usage: by the price over the horizon with each plan's terms, equal ones by the tie rule.
    Only plans priced in ``currency`` that the person may buy compete (as in a lenient ``recommend``
    without exchange rates).  Scored a chunk of rows at a time."""
    n = len(next(iter(columns.values())))
    order, columns = _in_need_order(catalogue, columns, n)
    best = np.full(n, NONE, dtype=np.int64)
    pay = np.full(n, NONE, dtype=np.int64)
    day = as_of or home_today()
    for start in range(0, n, CHUNK):
        part = {k: v[start:start + CHUNK] for k, v in columns.items()}
        read = _rows(catalogue, part, min(CHUNK, n - start), day)  # (the chunk's: for its totals and its ties)
        totals, one_off = _chunk_totals(catalogue, part, currency, day, horizon_months, read=read)
        horizon = horizon_totals(catalogue, totals, horizon_months, one_off)
        if not paid_as_new(catalogue, one_off):  # (plans kept: as paid; each row's own read only then)
            on = _plan_at(catalogue, part["current_plan"]) if "current_plan" in part else np.full(len(totals), -1)
            horizon = kept_as_paid(catalogue, totals, horizon, one_off, on, horizon_months)
        best[start:start + len(totals)], pay[start:start + len(totals)] = rank_totals(
            catalogue, totals, horizon, part, horizon_months, day, groups=read.groups)
    return _in_row_order(order, best, pay)


def rank_totals(catalogue: Catalogue, totals: np.ndarray, horizon: np.ndarray, columns: Mapping[str, np.ndarray],
                horizon_months: int = 24, as_of: datetime.date | None = None,
                groups: Groups | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The ranking of computed monthly totals (``INF``: not scored) by their prices over the horizon
    (``horizon_totals``, with the installation fees): best plan index (``NONE``) and its effective
    monthly price (``objective.monthly`` of its price over the horizon).  The first least plan of each
    row; rows where several plans cost the same over the horizon are decided by ``objective.tie_key``
    (fewer assumed fen, less overage, more headroom, plan id: a population wishes for no benefits, the key's second
    part), priced line by line for those rows only.
    ``groups``: the rows' ``eligible.pack_groups`` at ``as_of``, where the caller has them."""
    rows = len(totals)
    if not len(catalogue.plans):
        return np.full(rows, NONE, dtype=np.int64), np.full(rows, NONE, dtype=np.int64)
    lowest = horizon.min(axis=1)
    fits = lowest < INF
    pay = np.where(fits, effective_monthly(lowest, horizon_months), NONE)
    least = horizon == lowest[:, None]
    index, several = _least_plan(least)
    index[~fits] = NONE
    tied = np.flatnonzero(fits & several)
    if len(tied):
        _break_ties(catalogue, totals, columns, tied, least[tied], index, horizon_months, as_of, groups)
    return index, pay


def _least_plan(least: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Of ``least[i, j]`` (plan ``j`` is among the least of row ``i``): the least plan of each row with one, and
    whether a row has several (whose plan is then the tie rule's, ``_break_ties``: what is given for it here is
    no plan's).  Plan by plan, a column at a time (``least`` is column-major from ``_totals``; an ``argmin`` and
    a ``sum`` along the rows cost 2.5 ms a 32,768-row chunk of 14 plans, this 0.3 ms)."""
    n, plans = least.shape
    dtype = np.int32 if plans < 1 << 15 else np.int64  # (the sum of a row's least plans' indices: < 2**29)
    index, step = np.zeros(n, dtype=dtype), np.empty(n, dtype=dtype)
    seen = least[:, 0].copy() if plans else np.zeros(n, dtype=bool)
    several, both = np.zeros(n, dtype=bool), np.empty(n, dtype=bool)
    for j in range(1, plans):
        column = least[:, j]
        np.logical_and(seen, column, out=both)
        several |= both
        seen |= column
        np.multiply(column, j, out=step, dtype=dtype)
        np.add(index, step, out=index)  # (the one least plan's index where a row has one)
    return index.astype(np.int64), several


def _break_ties(catalogue: Catalogue, totals: np.ndarray, columns: Mapping[str, np.ndarray], tied: np.ndarray,
                least: np.ndarray, index: np.ndarray, horizon_months: int, as_of: datetime.date | None,
                chunk_groups: Groups | None = None) -> None:
    """``objective.tie_key`` for the tied rows (``least[r, j]``: plan ``j`` is among the least of row ``tied[r]``),
    in place.  On rows the tables answer, each tied plan's
    bundle is the one the tables choose (``CompiledPlan.cheapest``, decoded for all rows at once) and the
    key's parts (assumed fen, overage, headroom) are priced from it by the cost model's rules,
    vectorised (``_tie_parts``); rows where a tied plan is left to CP-SAT, or where that pricing does not
    give the tables' total, are priced line by line (``break_tie``)."""
    part = {k: np.asarray(v)[tied] for k, v in columns.items()}
    m = len(tied)
    demand, needs = _demand(part, m), _needs(part, m)
    throttle = np.asarray(part.get("allow_throttling", np.zeros(m)), dtype=bool)
    groups = eligible.pack_groups(catalogue, eligible.about_columns(part, catalogue), m, as_of or home_today()) \
        if chunk_groups is None else _tied_groups(chunk_groups, tied, len(totals))
    best_key: tuple[np.ndarray, ...] | None = None
    best = np.full(m, NONE, dtype=np.int64)
    exact = np.ones(m, dtype=bool)
    for j in sorted(range(len(catalogue.plans)), key=lambda j: catalogue.plans[j].id):  # equal keys: smaller id
        among = least[:, j]
        if not among.any():
            continue
        key = tuple(np.full(m, INF, dtype=np.int64) for _ in range(5))
        priced = np.full(m, INF, dtype=np.int64)
        tied_totals = totals[tied, j]
        for rows, dropped in groups:
            sel: np.ndarray | slice
            if isinstance(rows, slice) and among.all():  # (most often: every tied row, one group)
                sel, count = rows, m
            else:
                sel = np.flatnonzero(among if isinstance(rows, slice) else among[rows])
                sel, count = sel if isinstance(rows, slice) else rows[sel], len(sel)
                if not count:
                    continue
            table = compiled(catalogue.without_packs(dropped)).plans[catalogue.plans[j].id]
            if table.variants is None:
                exact[sel] = False
                continue
            whole_rows = isinstance(sel, slice)
            sub = demand if whole_rows else {k: v[sel] for k, v in demand.items()}
            sub_needs = needs if whole_rows else {k: v[sel] for k, v in needs.items()}
            found, parts = _tie_parts(table, sub, sub_needs, throttle[sel], tied_totals[sel], functools.partial(
                _plan_without, catalogue, dropped, catalogue.plans[j].id), horizon_months)
            for off in (_off_tables(table, sub, sub_needs, count), _fee_rows(table, sub_needs, count)):
                if off is not None:  # (the bundle of ``_chosen_counts`` weighs no fee: priced line by line)
                    found[off] = NONE
            if whole_rows:  # (fresh arrays, each row's)
                priced, key = found, parts
                continue
            priced[sel] = found
            for whole, piece in zip(key, parts, strict=True):
                whole[sel] = piece
        exact &= ~among | (priced == tied_totals)
        if best_key is None:
            best_key, best = key, np.where(among, j, best)
            continue
        better = among & _less(key, best_key)
        best_key = tuple(np.where(better, new, old) for new, old in zip(key, best_key, strict=True))
        best = np.where(better, j, best)
    index[tied[exact]] = best[exact]
    views: dict[object, tuple[Catalogue, frozenset[str]]] = {}  # who a person is: few distinct
    for i, row in zip(tied[~exact], least[~exact], strict=True):
        index[i] = break_tie(catalogue, columns, int(i), np.flatnonzero(row).tolist(), horizon_months, as_of, views)


def _tied_groups(groups: Groups, tied: np.ndarray, n: int) -> Groups:
    """``eligible.pack_groups`` of the ``n`` rows (``groups``) for the rows ``tied`` among them: the same packs
    dropped for each row, its rows numbered among the tied ones."""
    if len(groups) == 1 and isinstance(groups[0][0], slice):
        return groups
    place = np.full(n, -1, dtype=np.int64)
    place[tied] = np.arange(len(tied))
    out: Groups = []
    for rows, dropped in groups:
        found = place[rows]
        found = found[found >= 0]
        if len(found):
            out.append((found, dropped))
    return out


def _less(a: tuple[np.ndarray, ...], b: tuple[np.ndarray, ...]) -> np.ndarray:
    """Row-wise lexicographic ``a < b``."""
    less = np.zeros(len(a[0]), dtype=bool)
    equal = np.ones(len(a[0]), dtype=bool)
    for x, y in zip(a, b, strict=True):
        less |= equal & (x < y)
        equal &= x == y
    return less


def _tie_parts(table: CompiledPlan, demand: Mapping[str, np.ndarray], needs: Mapping[str, np.ndarray],
               throttle: np.ndarray, totals: np.ndarray, without: Callable[[str], CompiledPlan],
               horizon_months: int) -> tuple[np.ndarray, tuple[np.ndarray, ...]]:
    """The plan's best bundle for each row, as the tables choose it, priced by the cost model's rules
    (``cost.price``: base fee, packs, each meter's overage): its total (``INF`` if it does not fit) and
    the tie key's parts (assumed fen, overage fen, minus headroom in data, voice, SMS; unlimited is most).

    ``totals`` are the tables' totals for the rows.  Where the plan alone meets the row's speed needs and
    its fee and overage alone cost that total, the tables' bundle buys no pack (they keep, of equal totals,
    the fewest packs), so they are not asked which: most ties are between plans at their fee and the same
    overage (two thirds of the bench's profiles; asking the tables was a third of the batch's time).

    A bundle buying a pack on a condition of sale, which the row may leave unknown, is the one ``recommend``
    keeps only if no bundle of the plan buying none of those packs is as good (``objective.sure_first``):
    ``without(pack id)`` is the plan's table less that pack; where each such pack's absence costs more, no
    such bundle ties, whoever the row is; elsewhere the row is priced line by line (``NONE``)."""
    plan = table.plan
    asked_throttle = throttle
    throttle = throttle_rows(plan, throttle, needs)
    found, parts = _priced(table, None, demand, throttle)
    alone = found == totals
    for cap in CAPABILITIES:
        alone &= needs[cap.name] <= cap.plan_level(plan)
    asked = np.flatnonzero(~alone)
    if len(asked) and table.packs:
        sub = {m: v[asked] for m, v in demand.items()}
        counts = _chosen_counts(table, sub, {k: v[asked] for k, v in needs.items()}, throttle[asked])
        found[asked], more = _priced(table, counts, sub, throttle[asked])
        for whole, piece in zip(parts, more, strict=True):
            whole[asked] = piece
        for k, pack in enumerate(table.packs):  # (any pack on a condition: whether the row knows it is not read)
            buying = np.flatnonzero(counts[:, k] > 0) if pack.rule != ANYONE else ()
            if len(buying):
                rows = asked[buying]
                alone = _least_totals(without(pack.id), {m: v[rows] for m, v in demand.items()},
                                      {c: v[rows] for c, v in needs.items()}, asked_throttle[rows], horizon_months)
                found[rows[alone <= totals[rows]]] = NONE
    return found, parts


def _plan_without(catalogue: Catalogue, dropped: frozenset[str], plan_id: str, pack_id: str) -> CompiledPlan:
    """The plan's table in ``catalogue`` less ``dropped`` and ``pack_id`` (``_tie_parts``)."""
    return compiled(catalogue.without_packs(dropped | {pack_id})).plans[plan_id]


def _least_totals(table: CompiledPlan, demand: Mapping[str, np.ndarray], needs: Mapping[str, np.ndarray],
                  throttle: np.ndarray, horizon_months: int) -> np.ndarray:
    """Each row's least month total on ``table``'s plan, as ``_totals`` finds it (``INF``: nothing fits); -1 where
    the vectorised tables do not answer (``_off_tables``; a plan without tables: every row)."""
    n = len(demand[DATA_METER])
    if table.variants is None:
        return np.full(n, -1, dtype=np.int64)
    groups = table.row_groups(needs, throttle_rows(table.plan, throttle, needs), {})
    total = _plan_totals(table, demand, groups, {}, horizon_months)[0] if groups else \
        np.full(n, INF, dtype=np.int64)
    off = _off_tables(table, demand, needs, n, groups)
    if off is not None:
        total[off] = -1
    return total


def _priced(table: CompiledPlan, counts: np.ndarray | None, demand: Mapping[str, np.ndarray],
            throttle: np.ndarray) -> tuple[np.ndarray, tuple[np.ndarray, ...]]:
    """Each row's bundle (``counts[i, k]`` of ``table.packs[k]``; None: no pack) priced by the cost model's
    rules: its total (``INF`` if it does not fit) and the tie key's parts (``_tie_parts``); ``throttle`` is
    ``throttle_rows``."""
    plan = table.plan
    n = len(throttle)
    bought = [] if counts is None else [(pack, counts[:, k]) for k, pack in enumerate(table.packs)
                                        if counts[:, k].any()]
    total = np.full(n, plan.fee_fen, dtype=np.int64)
    assumed = np.full(n, plan.fee_fen if fee_assumed(plan) else 0, dtype=np.int64)
    for pack, count in bought:
        fen = table.prices[pack.id] * count
        total += fen
        if price_assumed(pack, table.prices[pack.id]):
            assumed += fen
    fits = np.ones(n, dtype=bool)
    overage = np.zeros(n, dtype=np.int64)
    headroom = []
    for meter in METERS:
        need = np.asarray(demand[meter], dtype=np.int64)
        if meter == DATA_METER:  # the plan's monthly data rounding, as usage.billed
            unit = plan.billing.data_unit_mb
            need = -(-need // unit) * unit
        allowance: np.ndarray | int = plan.tariffs[meter].included  # (a number while no pack adds to it)
        assumed_by_pack: np.ndarray | bool = False
        for pack, count in bought:
            if pack.adds.get(meter):
                allowance = allowance + pack.adds[meter] * count
                if allowance_assumed(pack, meter):
                    assumed_by_pack = assumed_by_pack | (count > 0)
        short = np.maximum(need - allowance, 0)
        if short.any():
            fen = _overage(plan, meter, short, throttle)
            fits &= fen < INF
            fen = np.where(fen < INF, fen, 0)
            total += fen
            overage += fen
            if rate_assumed(plan, meter):
                assumed += fen
            elif assumed_by_pack is not False:
                assumed += np.where(assumed_by_pack, fen, 0)
        if meter in ("data_mb", "voice_s", "sms"):
            headroom.append(-np.where(allowance >= UNLIMITED, UNLIMITED, np.maximum(allowance - need, 0)))
    return np.where(fits, total, INF), (assumed, overage, *headroom)


def _overage(plan: Plan, meter: str, short: np.ndarray, throttle: np.ndarray) -> np.ndarray:
    """``OverageRule.charge`` of the started units in ``short`` (INF: not possible), with or without throttling."""
    if meter != DATA_METER or not len(short) or throttle.min() == throttle.max():  # one rule for every row
        rule = meter_rule(plan, meter, THROTTLE[meter == DATA_METER and bool(throttle[:1].any())])
        return _overage_table(meter, rule).value_many(-(-short // rule.unit)).astype(np.int64, copy=False)
    out = np.empty(len(short), dtype=np.int64)
    for flag in (False, True):
        rows = throttle == flag
        rule = meter_rule(plan, meter, THROTTLE[flag])
        out[rows] = _overage_table(meter, rule).value_many(-(-short[rows] // rule.unit))  # started units
    return out


@functools.lru_cache(maxsize=256)
def _overage_table(meter: str, rule: OverageRule) -> MeterTable:
    """Overage alone as a table (no packs), in the rule's started units: what ``rule`` charges.  (In the
    meter's own units, MB, it was up to 1,024 times as long as the plan's tables, which ``MAX_TABLE``
    bounds: gigabytes for a cap reached late; found in review.)"""
    return MeterTable(meter, (), rule, 1, {}, rule.unit)


def _chosen_counts(table: CompiledPlan, demand: Mapping[str, np.ndarray], needs: Mapping[str, np.ndarray],
                   throttle: np.ndarray) -> np.ndarray:
    """``counts[i, k]``: how many of ``table.packs[k]`` the plan's best bundle for row ``i`` buys, exactly as
    ``CompiledPlan.cheapest`` chooses it (the first cheapest partition, its variant and free packs by
    ``Partition.bundle_counts``); ``throttle`` is already ``throttle_rows``."""
    n = len(throttle)
    counts = np.zeros((n, len(table.packs)), dtype=np.int64)
    if not table.packs:
        return counts
    position = {pack.id: k for k, pack in enumerate(table.packs)}
    shared: dict[object, np.ndarray] = {}
    short = {m: table.short_grains(demand, m, shared) for m in METERS}
    for key, throttled, group in table.row_groups(needs, throttle, shared):
        if _beyond(table, key):  # (CP-SAT's rows: ``_off_tables``)
            continue
        rows = np.arange(n) if group is None else group
        part = {m: v[rows] for m, v in short.items()}
        partitions = table.structure(key, throttled, table.days_key(key, MONTH_DAYS))
        memo: dict[object, np.ndarray] = {}
        chosen = np.argmin(np.stack([p.values(part, memo) for p in partitions]), axis=0)  # the first least
        for k, partition in enumerate(partitions):
            sel = np.flatnonzero(chosen == k)
            if len(sel):
                _decode(partition, {m: v[sel] for m, v in part.items()}, counts, rows[sel], position)
    return counts


def _decode(partition: Partition, short: Mapping[str, np.ndarray], counts: np.ndarray, rows: np.ndarray,
            position: Mapping[str, int]) -> None:
    """``Partition.bundle_counts`` for many rows, added into ``counts[rows]``."""
    index, _ = fold_many(short[DATA_METER], partition.capacity, partition.unit)
    variant_of = partition.choice[index]
    for i in np.unique(variant_of).tolist():
        sel = variant_of == i
        variant, target = partition.variants[i], rows[sel]
        for pid, n in variant.fixed:
            counts[target, position[pid]] += n
        for meter, table, fixed in [(DATA_METER, partition.data_tables[i], variant.fixed_adds[DATA_METER]),
                                    *partition.others]:
            if table.packs:
                _table_counts(table, short[meter][sel] - fixed, counts, target, position)


def _table_counts(table: MeterTable, short: np.ndarray, counts: np.ndarray, rows: np.ndarray,
                  position: Mapping[str, int]) -> None:
    """``MeterTable.counts`` for many rows, added into ``counts[rows]``."""
    short = np.maximum(short, 0)
    index = short - np.where(short >= table.capacity, (short - table.capacity) // table.period, 0) * table.period
    for (pack, _), choice in zip(reversed(table.packs), reversed(table.choices), strict=True):
        j = choice[index].astype(np.int64)
        counts[rows, position[pack.id]] += j
        index = np.maximum(0, index - j * table.adds[pack.id])


def break_tie(catalogue: Catalogue, columns: Mapping[str, np.ndarray], i: int, candidates: Sequence[int],
              horizon_months: int = 24, as_of: datetime.date | None = None,
              views: dict[object, tuple[Catalogue, frozenset[str]]] | None = None) -> int:
    """Of plans equal over the horizon for row ``i``, the one the tie rule puts first, each plan's bundle the one
    ``recommend`` keeps (``planner.solve`` with the packs on an unknown condition: ``objective.sure_first``).
    ``views`` keeps the catalogue less the packs a person may not buy, and those they may buy on an unknown
    condition, per (who they are, the plan they are on, date), between rows (the plan makes them its operator's
    customer, and keeps a plan sold to its holders only)."""
    profile = row_profile(columns, i, horizon_months, as_of, catalogue)
    key = (profile.about, on_plan(profile), profile.as_of or home_today(), profile.eligibility)
    found = None if views is None else views.get(key)
    if found is None:
        assessment = assess(catalogue, profile)
        found = catalogue.without_packs(assessment.dropped_packs), assessment.unsure_packs
        if views is not None:
            views[key] = found
    view, unsure = found
    keyed = []
    for j in candidates:
        plan = catalogue.plans[int(j)]
        (choice,) = planner.solve(view, profile, [plan], unsure=unsure)[0].choices
        keyed.append((tie_key(plan.id, price_history(view, profile, choice.bundles), profile), int(j)))
    return min(keyed)[1]
