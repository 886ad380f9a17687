"""One request against many plans: the tables' lookup for every plan at once.

On a catalogue of a hundred plans or more (an operator's provincial offers) most of an answer went to
``CompiledPlan.cheapest``'s loop, one plan, partition and meter at a time.  ``Flat`` keeps the
partitions of every plan and structure (``CompiledPlan.structure``) looked up so far side by side, per
meter: where each one's table starts in one array, its capacity, period and rate past it, its fixed
shortfall.  A request picks the rows of the plans it weighs and is then a few numpy operations per
meter, whatever the number of plans (what does not depend on the demand is read once per set of rows:
``_Lookup``).  It computes exactly ``Partition.value`` and ``cheapest``'s
choice among a plan's partitions (the first least one); ``Compiled.solve`` uses it for one-month
profiles from ``tables.FLAT_MIN`` plans up, where it is faster than the loop (below, numpy's cost per
call outweighs it), and tests compare the two on random catalogues.

The rows are added when a plan and structure is first asked for, as the structures themselves are (the
next request converts them: some 20 ms for 360 plans' own tables); requests for other plans, eligibility
or needs reuse them, so no mix of requests makes them again.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

from ..catalogue import METERS
from .tables import DATA, INF

if TYPE_CHECKING:
    from .tables import CompiledPlan, Partition, Structure

SLOTS = (DATA, *(m for m in METERS if m != DATA))
"""The meters in the order of a partition's tables: its data table, then ``Partition.others``."""
Table = tuple[list[int], int, int, int | None, int]
"""A partition's table of one meter: values, capacity, period, rate × W past them (None: nothing fits
there), its fixed shortfall."""


Key = tuple[str, tuple[str, ...]]
"""A compiled plan's identity in a catalogue and its views (``CompiledPlan.key``: the plan and its packs)."""


class Flat:
    """The partitions of every plan and structure asked for, per meter side by side; one store for a
    catalogue and its ``without_packs`` views (``Catalogue.shared``), as their compiled plans are."""

    def __init__(self) -> None:
        self.partitions: list[Partition] = []
        self._rows: dict[Structure, dict[Key, tuple[int, int, int]]] = {}
        self._columns: list[list[Table]] = [[] for _ in SLOTS]
        self._plans: dict[Key, int] = {}
        self._plan_rows: list[tuple[int, int, dict[str, int], dict[str, int]]] = []
        self._arrays: _Arrays | None = None
        self._stored: list[dict[int, int]] = [{} for _ in SLOTS]  # per meter: where each table starts (by id)
        self._lookups: dict[tuple[tuple[int, ...], ...], _Lookup] = {}
        self._lock = threading.Lock()

    def rows(self, compiled: CompiledPlan, structure: Structure) -> tuple[int, int, int]:
        """The plan's index, and its partitions' first row and count for ``structure`` (added if new)."""
        return self.rows_of(structure).get(compiled.key) or self._add(compiled, structure)

    def rows_of(self, structure: Structure) -> dict[Key, tuple[int, int, int]]:
        """``rows`` of the plans added for ``structure``, by ``CompiledPlan.key`` (read-only)."""
        return self._rows.get(structure) or {}

    def _add(self, compiled: CompiledPlan, structure: Structure) -> tuple[int, int, int]:
        # The structure is built (0.1-0.4 s near ``MAX_VARIANTS``, its own lock) and converted before this
        # store's lock: under it, other threads' additions and snapshots would wait for it.
        partitions = compiled.structure(*structure)
        scalars = [partition.scalar() for partition in partitions]
        with self._lock:
            found = self.rows_of(structure).get(compiled.key)
            return found if found is not None else self._added(compiled, structure, partitions, scalars)

    def _added(self, compiled: CompiledPlan, structure: Structure, partitions: list[Partition],
               scalars: list[tuple[list[int], list[int], list[tuple[str, int, list[int], int, int, int | None]]]]
               ) -> tuple[int, int, int]:
        first = len(self.partitions)
        for partition, (data, _, others) in zip(partitions, scalars, strict=True):
            assert tuple(meter for meter, *_ in others) == SLOTS[1:]
            self._columns[0].append((data, partition.capacity, partition.unit, partition.rate_w, 0))
            for column, (_, fixed, values, capacity, period, rate_w) in zip(self._columns[1:], others, strict=True):
                column.append((values, capacity, period, rate_w, fixed))
        self.partitions.extend(partitions)
        key = compiled.key
        if key not in self._plans:
            self._plans[key] = len(self._plan_rows)
            self._plan_rows.append((compiled.plan.fee_fen, compiled.weight, compiled.included, compiled.grain))
        found = (self._plans[key], first, len(partitions))
        self._rows[structure] = {**self.rows_of(structure), key: found}  # (a new dict: readers hold the old)
        return found

    def __reduce__(self) -> tuple[type[Flat], tuple[()]]:
        """Pickled (``catalogue.cache``) empty: numpy arrays and a lock, made again on use."""
        return Flat, ()

    def cheapest(self, plans: Sequence[int], first: Sequence[int], count: Sequence[int],
                 demand: Mapping[str, np.ndarray | int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """For the plans at ``plans`` (``rows``' indexes) read from the rows ``first[i]`` to
        ``first[i] + count[i]`` (at least one each), each one's least total in fen (``INF`` where nothing
        fits) and the index in ``partitions`` of the first partition reaching it, for ``demand`` per meter
        (per plan, or one for all); and how many packs that total buys (``tables.Cheapest.packs``)."""
        key = (tuple(plans), tuple(first), tuple(count))
        lookup = self._lookups.get(key)
        if lookup is None:
            arrays = self._arrays
            if arrays is None or arrays.rows < len(self.partitions):
                arrays = self.arrays()
            if len(self._lookups) >= MAX_LOOKUPS:
                self._lookups.clear()
            lookup = self._lookups.setdefault(key, _Lookup(arrays, *key))
        return lookup.cheapest(demand)

    def arrays(self) -> _Arrays:
        """The rows as arrays, made again if rows were added since (``planner.warm`` makes them before a
        server forks)."""
        with self._lock:
            if self._arrays is None or self._arrays.rows < len(self.partitions):
                self._arrays = _Arrays(self._arrays, self._columns, self._stored, self._plan_rows)
            return self._arrays


MAX_LOOKUPS = 256
"""The most ``_Lookup`` a store keeps (requests weigh few distinct sets of rows: their plans' eligibility and needs)."""


class _Lookup:
    """What ``Flat.cheapest`` reads of the arrays for one set of plans and rows, whatever the demand: each row's
    plan, each plan's fee, weight, allowance and grain, each meter's tables of the rows, and each meter's
    values at no shortfall (a meter nobody in the rows is short of adds those).  Rows are only ever added to the
    arrays, so a lookup read from one snapshot holds for the next."""

    def __init__(self, arrays: _Arrays, plans: tuple[int, ...], first: tuple[int, ...], count: tuple[int, ...]
                 ) -> None:
        plan = np.asarray(plans, dtype=np.int64)
        count_ = np.asarray(count, dtype=np.int64)
        self.starts = np.cumsum(count_) - count_
        self.owner = np.repeat(np.arange(len(plan)), count_)
        self.rows = np.repeat(np.asarray(first, dtype=np.int64) - self.starts, count_) + np.arange(len(self.owner))
        self.fee, self.weight = arrays.fee[plan], arrays.weight[plan]
        self.included = {m: arrays.included[m][plan] for m in SLOTS}
        self.grain = {m: arrays.grain[m][plan] for m in SLOTS}
        self.slots = [_Rows(slot, self.rows) for slot in arrays.slots]

    def cheapest(self, demand: Mapping[str, np.ndarray | int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        owner, starts = self.owner, self.starts
        total = np.zeros(len(self.rows), dtype=np.int64)
        for meter, slot in zip(SLOTS, self.slots, strict=True):
            short = -((self.included[meter] - demand[meter]) // self.grain[meter])  # ceil, in grains
            if short.max() <= slot.least_fixed:  # no row short of it: each row's value at no shortfall
                total += slot.base
            else:
                total += slot.value(short[owner])  # each at most INF: no overflow
        np.minimum(total, INF, out=total)
        best = np.minimum.reduceat(total, starts)
        least = np.flatnonzero(total == best[owner])
        chosen = self.rows[least[np.searchsorted(least, starts)]]
        found = best < INF
        totals = np.where(found, self.fee + best // self.weight, INF)
        return totals, chosen, np.where(found, best % self.weight, 0)


class _Rows:
    """One meter's tables of a lookup's rows (``_Slot.value`` for them, the rows read once)."""

    def __init__(self, slot: _Slot, rows: np.ndarray) -> None:
        self.values = slot.values
        self.capacity, self.period, self.offset = slot.capacity[rows], slot.period[rows], slot.offset[rows]
        self.rate, self.stops, self.fixed = slot.rate[rows], slot.stops[rows], slot.fixed[rows]
        self.most_k = INF // np.maximum(self.rate, 1) + 1
        self.least_fixed = int(self.fixed.min())
        self.base = self.value(np.zeros(len(rows), dtype=np.int64))

    def value(self, short: np.ndarray) -> np.ndarray:
        """``MeterTable.value`` of each row at its shortfall in grains (``Partition.value``'s part for the meter)."""
        capacity, period = self.capacity, self.period
        need = np.maximum(short - self.fixed, 0)
        k = np.where(need >= capacity, (need - capacity) // period, 0)
        index = self.offset + need - k * period
        # k × rate may pass int64 (a huge shortfall at a huge rate): past INF // rate periods it is past INF
        # anyway, where ``Partition.value``'s exact sum says nothing fits; each meter is kept at INF at most
        k = np.minimum(k, self.most_k)
        found = np.minimum(self.values[index] + k * self.rate, INF)
        found[(need >= capacity + period) & self.stops] = INF  # no rate past the table: nothing fits
        return found


class _Arrays:
    """A snapshot of the rows as arrays (a request reads one snapshot whatever is added meanwhile); the next
    one copies the last one's arrays and converts only the rows added since."""

    def __init__(self, last: _Arrays | None, columns: list[list[Table]], stored: list[dict[int, int]],
                 plans: list[tuple[int, int, dict[str, int], dict[str, int]]]) -> None:
        self.rows = len(columns[0])
        self.slots: list[_Slot] = [_Slot(last.slots[i] if last else None, column[last.rows if last else 0:], stored[i])
                      for i, column in enumerate(columns)]
        self.fee = np.asarray([fee for fee, *_ in plans], dtype=np.int64)
        self.weight = np.asarray([weight for _, weight, *_ in plans], dtype=np.int64)
        self.included = {m: np.asarray([p[2][m] for p in plans], dtype=np.int64) for m in SLOTS}
        self.grain = {m: np.asarray([p[3][m] for p in plans], dtype=np.int64) for m in SLOTS}


class _Slot:
    """One meter's tables of every row (``_Rows`` reads those of a lookup's rows)."""

    def __init__(self, last: _Slot | None, tables: list[Table], stored: dict[int, int]) -> None:
        """``last``'s rows and ``tables`` after them; ``stored`` says where ``last`` holds each table (by
        ``id``: partitions share tables, each is stored once) and is extended."""
        start = size = len(last.values) if last else 0
        chunks: list[list[int]] = []
        offsets = []
        for values, *_ in tables:
            if id(values) not in stored:
                stored[id(values)] = size
                chunks.append(values)
                size += len(values)
            offsets.append(stored[id(values)])
        added = np.fromiter((v for chunk in chunks for v in chunk), dtype=np.int64, count=size - start)

        def joined(name: str, new: Sequence[object], dtype: type) -> np.ndarray:
            array: np.ndarray = np.asarray(new, dtype=dtype)
            return np.concatenate((getattr(last, name), array)) if last else array

        self.values: np.ndarray = np.concatenate((last.values, added)) if last else added
        self.offset = joined("offset", offsets, np.int64)
        self.capacity = joined("capacity", [t[1] for t in tables], np.int64)
        self.period = joined("period", [t[2] for t in tables], np.int64)
        self.rate = joined("rate", [t[3] or 0 for t in tables], np.int64)
        self.stops = joined("stops", [t[3] is None for t in tables], bool)
        self.fixed = joined("fixed", [t[4] for t in tables], np.int64)
