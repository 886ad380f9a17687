"""Baselines written in the benchmark, not taken from the code under test.

``TightLookup`` answers a one-month profile straight from the compiled tables (``Partition.data``
and each meter's ``MeterTable.values``), in plain Python: the demand in each meter's grains, one
list index per meter and partition, the cheapest partition per plan, the plans sorted; for the top
``k``, plans in order of fee until a fee exceeds the k-th cheapest total found (a fee is a bound on
its plan's total).  It is the least work an answer from those tables can take, so ``recommend``'s
time is compared with it.
``run.py`` checks in the same run that it gives ``recommend``'s plans and totals.

``numpy_best_plans`` is the same lookup over a whole population with numpy (one pass per plan,
partition and meter): the batch scorer's baseline.

Both handle what the benchmark's profiles use: one month of usage, needs, no operator filter,
plans in the profile's currency only, and catalogues whose plans have no contract terms (then the
price over any horizon is the monthly total times the months, and the ranking is by the monthly
total, then catalogue order), no installation fees and no roaming priced trip by trip.  They refuse
anything else rather than answer wrongly.
"""

import bisect
import itertools
import math
from collections.abc import Mapping

import numpy as np

from recommender.catalogue import MB_PER_GB, METERS, Catalogue
from recommender.cost import CAPABILITIES, NO_TERMS
from recommender.optimise.planner import compiled
from recommender.optimise.tables import INF, MONTH_DAYS, NO_NEED, MeterTable
from recommender.profile import Profile

DATA = "data_mb"
OTHERS = tuple(m for m in METERS if m != DATA)

# A meter table flattened: (values as a list, capacity, period, extra value per period or None,
# the values as an array for the numpy baseline).
Flat = tuple[list[int], int, int, int | None, np.ndarray]


def _flat(values: np.ndarray, capacity: int, period: int, rate_w: int | None) -> Flat:
    return values.tolist(), capacity, period, rate_w, np.asarray(values, dtype=np.int64)


def _look(table: Flat, short: int) -> int:
    values, capacity, period, rate_w, _ = table
    if short <= 0:
        return values[0]
    if short < capacity + period:
        return values[short]
    if rate_w is None:
        return INF
    k = (short - capacity) // period
    return values[short - k * period] + k * rate_w


def _meter_flat(t: MeterTable) -> Flat:
    """A ``MeterTable`` as a ``Flat``; overage-only tables get their values materialised for one period."""
    rate_w = t.rate_fen * t.weight if t.rate_fen is not None else None
    if not t.packs:
        size = t.capacity + t.period
        values = t.value_many(np.arange(size, dtype=np.int64))
        return _flat(values, t.capacity, t.period, rate_w)
    return _flat(t.values, t.capacity, t.period, rate_w)


class _Plan:
    def __init__(self, catalogue: Catalogue, index: int) -> None:
        plan = catalogue.plans[index]
        table = compiled(catalogue).plans[plan.id]
        if table.variants is None or not table.needs_fit:
            raise ValueError(f"{plan.id} is not on tables (for every need)")
        if plan.terms != NO_TERMS:
            raise ValueError(f"{plan.id} has contract terms: the tight lookup does not model them")
        if table.may_install:
            raise ValueError(f"{plan.id} has packs with an installation fee: the tight lookup does not weigh them")
        if plan.day_pass is not None or plan.zone_rates:
            raise ValueError(f"{plan.id} prices roaming trip by trip: the tight lookup pools roaming")
        self.id, self.index, self.fee, self.weight = plan.id, index, plan.fee_fen, table.weight
        self.currency = plan.currency
        self.data_unit = plan.billing.data_unit_mb
        self.included = [plan.tariffs[m].included for m in METERS]
        self.grain = [table.grain[m] for m in METERS]
        self.plan_levels = [cap.plan_level(plan) for cap in CAPABILITIES]
        self.pack_levels = [table.pack_levels[cap.name] for cap in CAPABILITIES]
        # Every structure the profiles can need, read once from the compiled plan.
        self.structures: dict[tuple[tuple[int, ...], bool], list[tuple[Flat, list[tuple[int, Flat, int]]]]] = {}
        options = [[NO_NEED, *levels] for levels in self.pack_levels]
        for key in itertools.product(*options):
            for throttle in (False, True):
                parts = []
                # Month-long speed needs (the bench's profiles give no days): per-day packs on 30 days.
                for part in table.structure(key, throttle, table.days_key(key, MONTH_DAYS)):
                    data = _flat(part.data, part.capacity, part.unit, part.rate_w)
                    others = [(1 + OTHERS.index(meter), fixed, _meter_flat(t)) for meter, t, fixed in part.others]
                    parts.append((data, [(i, f, fixed) for i, fixed, f in others]))
                self.structures[(key, throttle)] = parts

    def total(self, demand: list[int], needs: list[int], throttle: bool) -> int:
        key = []
        for need, have, levels in zip(needs, self.plan_levels, self.pack_levels, strict=True):
            if not need or have >= need:
                key.append(NO_NEED)
                continue
            level = next((lv for lv in levels if lv >= need), None)
            if level is None:
                return INF
            key.append(level)
        unit = self.data_unit
        billed = [-(-demand[0] // unit) * unit, *demand[1:]]
        short = [-((inc - d) // g) for inc, d, g in zip(self.included, billed, self.grain, strict=True)]
        best = INF
        for data, others in self.structures[(tuple(key), throttle)]:
            value = _look(data, short[0])
            for meter, table, fixed in others:
                value += _look(table, short[meter] - fixed)
            if value < best:
                best = value
        return self.fee + best // self.weight if best < INF else INF


class TightLookup:
    """Each plan's cheapest total for a one-month profile, plans ranked, from the compiled tables."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.plans = [_Plan(catalogue, i) for i in range(len(catalogue.plans))]
        # A plan costs at least its fee (every table value is a price, never below 0): ``top`` visits the
        # plans cheapest fee first and stops at the first whose fee exceeds the k-th cheapest total found.
        self.by_fee = sorted(self.plans, key=lambda plan: (plan.fee, plan.index))
        if any(min(min(table[0]) for table in _tables(plan)) < 0 for plan in self.plans):
            raise ValueError("a table holds a negative value: a plan's fee is not a bound on its total")

    def top(self, profile: Profile, k: int) -> list[tuple[str, int]]:
        """The ``k`` cheapest plans with their totals (equal totals: catalogue order)."""
        demand, needs = self._demand(profile)
        throttle, currency = profile.allow_throttling, profile.currency
        found: list[tuple[int, int, str]] = []
        for plan in self.by_fee:
            if len(found) >= k and plan.fee > found[k - 1][0]:
                break
            if plan.currency != currency:
                continue
            total = plan.total(demand, needs, throttle)
            if total < INF:
                bisect.insort(found, (total, plan.index, plan.id))
        return [(pid, total) for total, _, pid in found[:k]]

    def totals(self, profile: Profile) -> dict[str, int]:
        """Every fitting plan's cheapest monthly total, in catalogue order."""
        demand, needs = self._demand(profile)
        found = {}
        for plan in self.plans:
            if plan.currency != profile.currency:
                continue
            total = plan.total(demand, needs, profile.allow_throttling)
            if total < INF:
                found[plan.id] = total
        return found

    @staticmethod
    def _demand(profile: Profile) -> tuple[list[int], list[int]]:
        """A plain one-month profile's demand per meter (in ``METERS``' order) and need per capability."""
        if profile.months is not None or profile.records is not None or profile.current is not None \
                or profile.operators is not None or profile.exclude_operators or profile.budget_fen is not None:
            raise ValueError("the tight lookup answers plain one-month profiles only")
        needs_ = profile.needs
        demand = [math.ceil(profile.data_gb * MB_PER_GB), profile.voice_minutes * 60, profile.sms,
                  sum(math.ceil(t.data_gb * MB_PER_GB) for t in needs_.trips), needs_.roaming_voice_minutes * 60,
                  needs_.satellite_minutes * 60, needs_.satellite_sms]
        return demand, [cap.required(profile) for cap in CAPABILITIES]


def _tables(plan: _Plan) -> list[Flat]:
    return [table for parts in plan.structures.values() for data, others in parts
            for table in (data, *(t for _, t, _ in others))]


def numpy_best_plans(lookup: TightLookup, columns: Mapping[str, np.ndarray],
                     currency: str = "CNY") -> tuple[np.ndarray, np.ndarray]:
    """Each row's best plan index (-1 if none) and monthly total: the tight lookup, with numpy."""
    if "allow_throttling" in columns:
        raise ValueError("the numpy baseline does not model throttling")
    n = len(columns["data_gb"])
    mb = np.ceil(np.round(np.asarray(columns["data_gb"], dtype=np.float64) * MB_PER_GB, 6)).astype(np.int64)
    demand = [mb, np.asarray(columns["voice_minutes"], dtype=np.int64) * 60, np.asarray(columns["sms"], dtype=np.int64),
              np.ceil(np.asarray(columns["roaming_data_gb"], dtype=np.float64) * MB_PER_GB).astype(np.int64),
              np.asarray(columns["roaming_voice_minutes"], dtype=np.int64) * 60, np.zeros(n, dtype=np.int64),
              np.zeros(n, dtype=np.int64)]  # no satellite minutes or messages in the bench's population
    needs = [np.asarray(columns.get(cap.name, np.zeros(n)), dtype=np.int64) for cap in CAPABILITIES]
    best_total = np.full(n, INF, dtype=np.int64)
    best_plan = np.full(n, -1, dtype=np.int64)
    for plan in lookup.plans:
        index = plan.index
        if plan.currency != currency:
            continue
        billed = [-(-demand[0] // plan.data_unit) * plan.data_unit, *demand[1:]]
        short = [np.maximum(-((inc - d) // g), 0) for inc, d, g in zip(plan.included, billed, plan.grain, strict=True)]
        # the structure each row needs: per capability the first pack level reaching it
        codes = []
        for need, have, levels in zip(needs, plan.plan_levels, plan.pack_levels, strict=True):
            options = np.array([*levels, 10**12], dtype=np.int64)
            level = options[np.searchsorted(options, need)]
            codes.append(np.where((need <= 0) | (need <= have), NO_NEED, np.where(level >= 10**12, -9, level)))
        code = np.zeros(n, dtype=np.int64)
        radix = []
        for column in codes:  # mixed radix over each column's distinct values: one integer per row
            distinct, index_of = np.unique(column, return_inverse=True)
            code = code * len(distinct) + index_of.reshape(-1)
            radix.append(distinct.tolist())
        totals = np.full(n, INF, dtype=np.int64)
        keys, inverse = np.unique(code, return_inverse=True)
        inverse = inverse.reshape(-1)
        for g, packed in enumerate(keys.tolist()):
            key = []
            for distinct in reversed(radix):
                packed, digit = divmod(packed, len(distinct))
                key.append(int(distinct[digit]))
            key.reverse()
            if -9 in key:
                continue
            rows = np.flatnonzero(inverse == g)
            value = np.full(len(rows), INF, dtype=np.int64)
            for data, others in plan.structures[(tuple(key), False)]:
                part = _np_look(data, short[0][rows])
                for meter, table, fixed in others:
                    part = part + _np_look(table, short[meter][rows] - fixed)
                np.minimum(value, part, out=value)
            totals[rows] = np.where(value < INF, plan.fee + value // plan.weight, INF)
        better = totals < best_total  # strictly: ties stay with the plan first in the catalogue
        best_total = np.where(better, totals, best_total)
        best_plan = np.where(better, index, best_plan)
    return np.where(best_total < INF, best_plan, -1), np.where(best_total < INF, best_total, -1)


def _np_look(table: Flat, short: np.ndarray) -> np.ndarray:
    _, capacity, period, rate_w, array = table
    short = np.maximum(short, 0)
    k = np.where(short >= capacity, (short - capacity) // period, 0)
    if rate_w is None:
        return np.where(short < capacity + period, array[np.minimum(short, capacity + period - 1)], INF)
    return array[short - k * period] + k * rate_w
