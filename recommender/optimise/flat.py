"""One request against many plans: the tables' lookup for every plan at once.

On a catalogue of a hundred plans or more (an operator's provincial offers) most of an answer went to
``CompiledPlan.cheapest``'s loop, one plan, partition and meter at a time.  ``Flat`` lays the
partitions of the plans an answer weighs side by side, per meter: where each one's table starts in
one array, its capacity, period and rate past it, its fixed shortfall; a request is then a few numpy
operations per meter, whatever the number of plans.  It computes exactly ``Partition.value`` and
``cheapest``'s choice among a plan's partitions (the first least one); ``Compiled.solve`` uses it for
one-month profiles from ``tables.FLAT_MIN`` plans up, where it is faster than the loop (below, numpy's cost
per call outweighs it), and tests compare the two on random catalogues.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

from ..catalogue import METERS, Plan
from .tables import DATA, INF

if TYPE_CHECKING:
    from .tables import CompiledPlan, Partition

SLOTS = (DATA, *(m for m in METERS if m != DATA))
"""The meters in the order of a partition's tables: its data table, then ``Partition.others``."""


class Flat:
    """The partitions of ``plans`` (each plan's, in its order), per meter side by side."""

    def __init__(self, plans: Sequence[tuple[Plan, CompiledPlan, list[Partition]]]) -> None:
        owner: list[int] = []
        columns: list[list[tuple[list[int], int, int, int | None, int]]] = [[] for _ in SLOTS]
        for i, (_, _, partitions) in enumerate(plans):
            for partition in partitions:
                data, _, others = partition.scalar()
                owner.append(i)
                columns[0].append((data, partition.capacity, partition.unit, partition.rate_w, 0))
                assert tuple(meter for meter, *_ in others) == SLOTS[1:]
                for column, (_, fixed, values, capacity, period, rate_w) in zip(columns[1:], others, strict=True):
                    column.append((values, capacity, period, rate_w, fixed))
        self.partitions = [p for _, _, partitions in plans for p in partitions]
        self.owner = np.asarray(owner, dtype=np.int64)
        self.starts = np.flatnonzero(np.r_[True, self.owner[1:] != self.owner[:-1]]) if owner else self.owner
        self.present = self.owner[self.starts]  # plans with a partition (one without any: nothing fits)
        self.slots = [_Slot(column) for column in columns]
        self.fee = np.asarray([plan.fee_fen for plan, _, _ in plans], dtype=np.int64)
        self.weight = np.asarray([c.weight for _, c, _ in plans], dtype=np.int64)
        self.included = {m: np.asarray([c.included[m] for _, c, _ in plans], dtype=np.int64) for m in SLOTS}
        self.grain = {m: np.asarray([c.grain[m] for _, c, _ in plans], dtype=np.int64) for m in SLOTS}

    def cheapest(self, demand: Mapping[str, np.ndarray | int]) -> tuple[np.ndarray, np.ndarray]:
        """Per plan, its least total in fen (``INF`` where nothing fits) and the index in ``partitions``
        of the first partition reaching it, for ``demand`` per meter (per plan, or one for all)."""
        totals = np.full(len(self.fee), INF, dtype=np.int64)
        chosen = np.full(len(self.fee), -1, dtype=np.int64)
        if not len(self.owner):
            return totals, chosen
        total: np.ndarray | None = None
        for meter, slot in zip(SLOTS, self.slots, strict=True):
            short = -((self.included[meter] - demand[meter]) // self.grain[meter])  # ceil, in grains
            value = slot.value(short[self.owner])
            total = value if total is None else total + value  # at most 7 × INF: no overflow
        assert total is not None
        np.minimum(total, INF, out=total)
        best = np.full(len(self.fee), INF, dtype=np.int64)
        best[self.present] = np.minimum.reduceat(total, self.starts)
        first = np.flatnonzero(total == best[self.owner])
        chosen[self.present] = first[np.searchsorted(first, self.starts)]
        found = best < INF
        totals[found] = self.fee[found] + best[found] // self.weight[found]
        return totals, chosen


class _Slot:
    """One meter's tables of every partition: ``MeterTable.value`` for all of them at once."""

    def __init__(self, tables: list[tuple[list[int], int, int, int | None, int]]) -> None:
        start: dict[int, int] = {}
        chunks: list[list[int]] = []
        size = 0
        offsets = []
        for values, *_ in tables:  # partitions share tables: each is stored once
            if id(values) not in start:
                start[id(values)] = size
                chunks.append(values)
                size += len(values)
            offsets.append(start[id(values)])
        self.values = np.fromiter((v for chunk in chunks for v in chunk), dtype=np.int64, count=size)
        self.offset = np.asarray(offsets, dtype=np.int64)
        self.capacity = np.asarray([t[1] for t in tables], dtype=np.int64)
        self.period = np.asarray([t[2] for t in tables], dtype=np.int64)
        self.rate = np.asarray([t[3] or 0 for t in tables], dtype=np.int64)
        self.stops = np.asarray([t[3] is None for t in tables], dtype=bool)
        self.fixed = np.asarray([t[4] for t in tables], dtype=np.int64)

    def value(self, short: np.ndarray) -> np.ndarray:
        need = np.maximum(short - self.fixed, 0)
        beyond = need >= self.capacity + self.period
        k = np.where(need >= self.capacity, (need - self.capacity) // self.period, 0)
        found = self.values[self.offset + need - k * self.period] + k * self.rate
        found[beyond & self.stops] = INF  # no rate past the table: nothing fits
        return found
