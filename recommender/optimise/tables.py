"""Exact answers at table speed: the catalogue compiled into per-plan lookup tables.

For a base plan, the packs that couple resources or rules — packs with a capability (uplink,
downlink, satellite, broadband) the profile needs, a group, an exclusion, more than one resource, an
unlimited allowance, or an installation fee on an allowance — are enumerated into *variants* (per
set of capabilities needed: a pack coupled by its speed alone is present in a variant only as the one
pack that meets a need of that speed, one per capability needed; otherwise it is a pack like any
other, bought for its allowance, or, adding nothing, never): each coupled
pack absent, or present (at least one unit; exact counts for packs that add several resources; one
unit of an unlimited one), respecting groups and exclusions.  A variant's installation fees
(``one_off``) are paid once over the horizon: ``CompiledPlan.cheapest`` weighs them against the monthly
totals by ``objective.plan_key``.  A meter an unlimited pack covers costs nothing in that variant.
Within a variant the remaining ("free") packs each add to one meter only, so the cost separates by
meter:

    cost = fixed part of the variant + Σ_meter T_meter(shortfall after the variant's fixed adds)

where ``T_meter(s)`` is the cheapest way to cover a shortfall of ``s`` units with that meter's
free packs and overage — a bounded-knapsack table computed once, from the cost model's rules
(``pack_price_fen``, ``meter_rule``, ``overage_units``, ``OverageRule.charge``).  Beyond the packs' total capacity the
table continues exactly by one overage rate per billing unit, so demand of any size is a lookup.
Roaming priced trip by trip (day passes, rates by zone) is part of the fixed part where the variants
fix the roaming pool (``CompiledPlan._trips``, by ``cost.roaming_best``).

Values are stored as ``fen * W + packs`` (W above any pack count), so ties in cost prefer fewer
packs, as the ranking does.  A plan whose variants would exceed ``CompiledPlan.most``, or whose tables
would be longer than ``MAX_TABLE``, is left to CP-SAT (the planner says so in ``engine``).  The same
tables score millions of profiles at once in ``optimise.batch``.

numpy is imported where tables are built or scored many rows at a time, not with this module: a
catalogue loaded from the CLI's cache (``catalogue.cache``) answers one profile from the tables' list
form (``scalar``) without it, and makes the arrays again on first use.
"""

from __future__ import annotations

import itertools
import math
import threading
import weakref
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields
from functools import lru_cache, partial
from typing import TYPE_CHECKING, Any, NamedTuple

from ..catalogue import METERS, Catalogue, Pack, Plan
from ..catalogue.model import MAX_VIEWS, UNLIMITED
from ..cost import (
    CAPABILITIES,
    ROAMING,
    SPEEDS,
    Bundle,
    Capability,
    OverageRule,
    extra_line_charges,
    general_data,
    meter_rule,
    missing_benefits,
    months_roaming_priced,
    pack_price_fen,
    plan_levels,
    roaming_best,
    roaming_priced,
    throttle_fits,
)
from ..lazy import cached
from ..messages import Message, message
from ..objective import plan_key, valued_elsewhere, wished_elsewhere
from ..profile import DAYS_IN_MONTH, Profile
from ..usage import billed
from . import DecodedChoice, Ranked

if TYPE_CHECKING:
    import numpy as np

    from ..usage.billing import Demand
    from .flat import Flat

MAX_VARIANTS = 2048
MAX_CELLS = 1 << 24
"""Variants times the length of a plan's tables, at most: a structure's tables (a data table per partition,
each as long as the plan's longest) stay within about 200 MB however a plan file is written.  The
shipped plans' longest table (71) leaves them ``MAX_VARIANTS``; a table of 2²⁰ grains, 16 variants."""
MAX_TABLE = 1 << 20
"""The longest a plan's meter table may be, in grains (8 MB of values): a plan file can ask for far
longer ones (a cap or a tier reached only after thousands of GB, with packs of a fine grain); such a
plan is CP-SAT's.  (A pack adding an unlimited allowance needs no table of that meter: ``Variant.unlimited``.)
The shipped plans' longest is 71."""
INF = 2**58


def _array(values: list[int], dtype: str) -> np.ndarray:
    """A table's array made again from the list form the catalogue cache keeps (numpy imported here:
    a catalogue loaded from the cache answers one profile without it)."""
    import numpy as np

    return np.array(values, dtype=dtype)


class MeterTable:
    """Cheapest cover of a shortfall on one meter by free packs and overage, as ``fen * W + packs``."""

    def __init__(self, meter: str, packs: tuple[tuple[Pack, int], ...], rule: OverageRule,
                 weight: int, prices: Mapping[str, int], grain: int) -> None:
        import numpy as np

        # Quantities are in grains: the largest amount dividing the billing unit and every pack's
        # allowance, so that the table is as small as it can be and still exact.
        self.meter, self.packs, self.rule, self.weight = meter, packs, rule, weight
        self.unit = rule.unit // grain
        knee, period, tail = rule.tail()
        # Beyond the packs' capacity and the rule's knee, every `period` grains of shortfall cost
        # exactly `rate_fen` more (None: not possible), whatever packs are bought.
        self.rate_fen, self.period = tail, self.unit * period
        self.adds = {pack.id: pack.adds[meter] // grain for pack, _ in packs}
        self.capacity = sum(self.adds[pack.id] * most for pack, most in packs) + knee * self.unit
        size = self.capacity + self.period
        s = np.arange(size, dtype=np.int64)
        values = self._overage(s)
        choices: list[np.ndarray] = []
        for pack, most in packs:
            adds, step = self.adds[pack.id], prices[pack.id] * weight + 1
            best, choice = values.copy(), np.zeros(size, dtype=np.int8)
            for j in range(1, most + 1):
                candidate = j * step + values[np.maximum(s - j * adds, 0)]
                better = candidate < best
                best = np.where(better, candidate, best)
                choice[better] = j
            values = np.minimum(best, INF)
            choices.append(choice)
        self._values: np.ndarray | None = values
        self._choices: list[np.ndarray] | None = choices
        self._scalar: tuple[list[int], list[list[int]]] | None = None

    def scalar(self) -> tuple[list[int], list[list[int]]]:
        """``values`` and ``choices`` as Python lists, for one request's scalar lookups (indexing a
        list is several times cheaper than indexing an array and converting the numpy integer);
        made on first use."""
        found = self._scalar
        if found is None:
            found = self._scalar = (self.values.tolist(), [c.tolist() for c in self.choices])
        return found

    @property
    def values(self) -> np.ndarray:
        """The table: per shortfall in grains, its cheapest cover as ``fen * W + packs``."""
        if self._values is None:  # loaded from the cache as lists
            self._values = _array(self.scalar()[0], "int64")
        return self._values

    @property
    def choices(self) -> list[np.ndarray]:
        """Per free pack, how many of it the cover at each shortfall buys (see ``counts``)."""
        if self._choices is None:
            self._choices = [_array(c, "int8") for c in self.scalar()[1]]
        return self._choices

    def __getstate__(self) -> dict[str, object]:
        """Pickled (``catalogue.cache``) as lists only: loading it back needs no numpy."""
        return {**self.__dict__, "_scalar": self.scalar(), "_values": None, "_choices": None}

    def rebound(self, packs: tuple[tuple[Pack, int], ...]) -> MeterTable:
        """This table for ``packs`` in place of its own: packs alike, in the same order (the same allowances
        and most, at the same prices, other ids), so the same values and choices (shared, never changed)."""
        out = object.__new__(MeterTable)
        out.__dict__.update(self.__dict__)
        out.packs = packs
        out.adds = {pack.id: self.adds[mine.id] for (pack, _), (mine, _) in zip(packs, self.packs, strict=True)}
        return out

    def _fold(self, short: int) -> tuple[int, int]:
        """``(index, extra periods)``: beyond capacity every pack is used up, so each further
        period of shortfall costs exactly the rule's tail more."""
        short = max(0, short)
        if short < self.capacity + self.period:
            return short, 0
        k = (short - self.capacity) // self.period
        return short - k * self.period, k

    def _overage(self, short: np.ndarray) -> np.ndarray:
        """``rule.charge`` of the started units in ``short`` grains as ``fen * W`` (INF: not possible)."""
        import numpy as np

        rule = self.rule
        units = -(-short // self.unit)
        if rule.rate_fen is None:
            return np.where(units == 0, 0, INF).astype(np.int64)
        if not rule.tiers and rule.cap_fen is None and rule.limit is None:
            return -(-units * rule.rate_fen // rule.per) * self.weight
        top = int(units.max(initial=0))
        fen = np.array([INF if (c := rule.charge(u)) is None else c * self.weight for u in range(top + 1)],
                       dtype=np.int64)
        return fen[units]

    def value_many(self, short: np.ndarray) -> np.ndarray:
        import numpy as np

        short = np.maximum(short, 0)
        size = self.capacity + self.period
        if self.rate_fen is None:
            return np.where(short < size, self.values[np.minimum(short, size - 1)], INF)
        k = np.where(short >= self.capacity, (short - self.capacity) // self.period, 0)
        return self.values[short - k * self.period] + k * (self.rate_fen * self.weight)

    def counts(self, short: int) -> dict[str, int]:
        """The free packs behind the value of ``short`` (``Partition.value`` reads it from ``scalar``)."""
        index, _ = self._fold(short)
        out: dict[str, int] = {}
        for (pack, _), choice in zip(reversed(self.packs), reversed(self.scalar()[1]), strict=True):
            j = choice[index]
            if j:
                out[pack.id] = j
                index = max(0, index - j * self.adds[pack.id])
        return out


class Variant(NamedTuple):
    """One choice of the coupled packs: what it fixes, and the free packs left per meter.

    A named tuple, not a frozen dataclass: a catalogue cache holds thousands (3,416 for the shipped one), and a
    frozen dataclass is unpickled field by field in Python (``dataclasses._dataclass_setstate``), 10 ms of a cold
    CLI answer's 0.29 s; a tuple is made in one call."""

    positions: tuple[tuple[int, int], ...]  # the fixed packs: (position among ``ids``, units)
    ids: tuple[str, ...]  # the plan's packs' ids (its variants share them)
    fixed_value: int  # fen * W + packs
    one_off: int  # the present packs' installation fees, paid once over the horizon
    fixed_adds: Mapping[str, int]  # in grains
    unlimited: frozenset[str]  # meters a present pack adds an unlimited allowance to: every shortfall covered
    levels: Mapping[str, int]  # best capability level among the present packs
    free: Mapping[str, tuple[tuple[Pack, int], ...]]

    @property
    def fixed(self) -> tuple[tuple[str, int], ...]:
        """The fixed packs by id: made when a bundle is (a plan of provincial copies has 10⁵ variants)."""
        ids = self.ids
        return tuple((ids[i], n) for i, n in self.positions)


NeededCaps = frozenset[str]
"""The capabilities a need key asks packs for (``needed_caps``)."""
ALL_CAPS: NeededCaps = frozenset(cap.name for cap in CAPABILITIES)
NO_CAPS: NeededCaps = frozenset()


def _coupled(pack: Pack, packs: Sequence[Pack]) -> bool:
    """Whether the variants enumerate ``pack`` whatever the needs.  Else it is a free pack of its meter's
    table (adding nothing: never bought), and, if it has a speed, present in a variant as the pack meeting
    a need of it (``_designated``): for a profile without such a need a speed pays for nothing."""
    excluded = any(pack.id in other.excludes for other in packs)
    installed = bool(pack.install_fen and pack.adds)  # present or not decides the fee
    return (installed or _unlimited(pack) or bool(pack.group) or bool(pack.excludes & {p.id for p in packs})
            or excluded or len(pack.adds) > 1)


def _roaming_fixed(pack: Pack, packs: Sequence[Pack]) -> bool:
    """Whether every variant counts ``pack`` exactly (``_states``: no more units of it left free), as
    roaming trip by trip needs of a pack adding to the roaming pool (``CompiledPlan.roaming_fixed``)."""
    return len(pack.adds) > 1 or (_coupled(pack, packs) and (pack.max_count == 1 or _unlimited(pack)))


def _unlimited(pack: Pack) -> bool:
    """Whether the pack adds an unlimited allowance: present or not decides that meter (no table of it)."""
    return any(amount >= UNLIMITED for amount in pack.adds.values())


Days = tuple[int | None, ...]
"""Per capability, the days a speed need lasts when per-day packs could meet it (None: they cannot matter)."""
MONTHLY: Days = (None,) * len(CAPABILITIES)
Structure = tuple[tuple[int, ...], bool, Days]
"""What ``CompiledPlan.structure`` is asked for: a need key, throttling, the needs' days."""


def _states(pack: Pack, days: Days) -> list[tuple[int, int]]:
    """A coupled pack's states as ``(units fixed, more units free)``: absent; present with at least
    one unit (more are free); exact counts for packs that add several resources.  A per-day pack whose
    speed a need of d days could use is cut at each such d: bought on fewer days than a need lasts,
    its speed does not count (``cost.capability_level``).  More units of a pack adding an unlimited
    allowance are never free to add: they add only to what is already unlimited (or, with several
    resources, are counted exactly)."""
    if len(pack.adds) > 1:
        return [(0, 0), *((j, 0) for j in range(1, pack.max_count + 1))]
    cuts = sorted({d for cap, d in zip(CAPABILITIES, days, strict=True)
                   if pack.daily and d is not None and cap.pack_level(pack) and 1 < d <= pack.max_count})
    if not cuts:
        return [(0, 0), (1, 0 if _unlimited(pack) else pack.max_count - 1)]
    # below the first cut only its allowance is worth buying, or its speed for a need of one day (found by the
    # households QA: a day pass giving 250 Mbps up and 2000 Mbps down, needed 6 days up and 1 day down, was
    # bought on 6 days or none, never once beside a monthly uplink pack, ¥106 dearer)
    low = bool(pack.adds) or any(pack.daily and d == 1 and cap.pack_level(pack)
                                 for cap, d in zip(CAPABILITIES, days, strict=True))
    starts = ([1] if low else []) + cuts
    ends = [*cuts, pack.max_count + 1][-len(starts):] if low else [*cuts[1:], pack.max_count + 1]
    return [(0, 0), *((lo, 0 if _unlimited(pack) else hi - 1 - lo) for lo, hi in zip(starts, ends, strict=True))]


def _level(cap: Capability, pack: Pack, units: int, days: int | None) -> int:
    """The pack's level for ``cap`` when bought ``units`` times (a per-day pack: on that many days)."""
    return cap.pack_level(pack) if not pack.daily or days is None or units >= days else 0


def _variants(plan: Plan, packs: Sequence[Pack], weight: int, grain: Mapping[str, int],
              days: Days, needed: NeededCaps, shape: tuple[object, ...] | None = None) -> list[Variant]:
    """The variants: each state of the coupled packs, and of the others (adding one allowance at most) each
    choice of at most one per capability ``needed`` that is present (``_designated``); the rest are free
    packs of their meter's table.  Made from the plan's ``_templates`` with its packs' ids and prices
    (``shape``: the packs' ``_pack_shapes``, when the caller has it)."""
    prices = [pack_price_fen(p, plan) for p in packs]
    ids = tuple(p.id for p in packs)
    made: dict[int, Mapping[str, tuple[tuple[Pack, int], ...]]] = {}
    out = []
    for t in _templates(packs, grain, days, needed, _pack_shapes(packs) if shape is None else shape):
        free = made.get(id(t.free))
        if free is None:
            free = made[id(t.free)] = {m: tuple((packs[i], most) for i, most in v) for m, v in t.free.items()}
        value = sum([prices[i] * n for i, n in t.fixed]) * weight + t.units if t.fixed else 0
        out.append(Variant(t.fixed, ids, value, t.one_off, t.fixed_adds, t.unlimited, t.levels, free))
    return out


@dataclass(frozen=True, slots=True)
class _Template:
    """A variant with its packs as positions among the plan's packs, and no price: what plans whose packs
    differ only in ids, names, prices and where they are sold (provincial copies, a catalogue's views)
    share (``_templates``)."""

    fixed: tuple[tuple[int, int], ...]  # (position, units)
    units: int  # the fixed packs' units: a variant's value is ``fen * W + packs``
    one_off: int
    fixed_adds: Mapping[str, int]
    unlimited: frozenset[str]
    levels: Mapping[str, int]
    free: Mapping[str, tuple[tuple[int, int], ...]]  # per meter, (position, most)


_TEMPLATES: dict[tuple[object, ...], list[_Template]] = {}
"""``_templates`` by the shape of the packs (``_pack_shapes``), grains, days and capabilities needed: at
most ``MAX_TEMPLATES`` templates are kept (all are dropped when more would be)."""
MAX_TEMPLATES = 1 << 16
_TEMPLATES_LOCK = threading.Lock()
_TEMPLATES_HELD = 0
"""How many templates ``_TEMPLATES`` holds (kept beside it: counting them on each new key grew with their keys)."""
_NOT_SHAPE = frozenset({"id", "name", "name_en", "price_fen", "free_with", "plans", "rule", "assumed",
                        "group", "excludes"})
"""What of a pack the variants do not read (its price on a plan is ``pack_price_fen``'s, made per plan;
group and exclusions are read as positions); any other field, including one added later, is shape."""


def _pack_shapes(packs: Sequence[Pack]) -> tuple[object, ...]:
    """What ``_make_templates`` reads of ``packs``: every field but ``_NOT_SHAPE``, mappings as items, and the
    packs' groups and exclusions (``_links``)."""
    return tuple(
        (*((f.name, tuple(v.items()) if isinstance(v := getattr(p, f.name), Mapping) else v)
           for f in fields(p) if f.name not in _NOT_SHAPE), *link)
        for p, link in zip(packs, _links(packs), strict=True))


def _links(packs: Sequence[Pack]) -> list[tuple[int, tuple[int, ...]]]:
    """Per pack, what its group and exclusions are among ``packs``, without ids: its group numbered in order
    of appearance (-1: none), and the positions of the packs it excludes."""
    position = {p.id: i for i, p in enumerate(packs)}
    groups: dict[str, int] = {}
    return [(groups.setdefault(p.group, len(groups)) if p.group else -1,
             tuple(sorted(position[x] for x in p.excludes if x in position))) for p in packs]


def _templates(packs: Sequence[Pack], grain: Mapping[str, int], days: Days, needed: NeededCaps,
               shape: tuple[object, ...]) -> list[_Template]:
    """The variants of ``packs`` (of ``_pack_shapes`` ``shape``) as templates (``_make_templates``), made once
    per shape (``_TEMPLATES``)."""
    global _TEMPLATES_HELD
    key = (shape, tuple(grain.items()), days, needed)
    found = _TEMPLATES.get(key)
    if found is None:
        found = list(_make_templates(packs, grain, days, needed))
        with _TEMPLATES_LOCK:
            if _TEMPLATES_HELD + len(found) > MAX_TEMPLATES:
                _TEMPLATES.clear()
                _TEMPLATES_HELD = 0
            if key not in _TEMPLATES:
                _TEMPLATES_HELD += len(found)
            _TEMPLATES[key] = found
    return found


def _make_templates(packs: Sequence[Pack], grain: Mapping[str, int], days: Days,
                    needed: NeededCaps) -> Iterator[_Template]:
    """``_variants`` with packs as positions and no prices."""
    position = {id(p): i for i, p in enumerate(packs)}
    base_free: dict[str, list[tuple[int, int]]] = {m: [] for m in METERS}
    for i, p in enumerate(packs):
        if not _coupled(p, packs):
            for m in p.adds:
                base_free[m].append((i, p.max_count))
    # Equal mappings are shared between variants (they are only read): a plan's thousand variants
    # hold a few dozen distinct ones, and the catalogue cache stores each once.
    shared: dict[tuple[object, ...], Any] = {}

    def one(mapping: dict[str, Any]) -> Any:
        return shared.setdefault(tuple(mapping.items()), mapping)

    for designated, packs_in, choices in _choices(packs, days, needed):
        chosen = {position[id(p)] for p in designated}
        unchanged = {m: tuple((i, n) for i, n in v if i not in chosen) for m, v in base_free.items()}
        yield from _combine(packs_in, choices, position, unchanged, grain, days, one)


def _choices(packs: Sequence[Pack], days: Days, needed: NeededCaps
             ) -> Iterator[tuple[tuple[Pack, ...], list[Pack], list[list[tuple[int, int]]]]]:
    """Per set of designated packs (``_designated``), the packs a variant chooses states of and their
    states (``_states``): the coupled packs', and the designated ones' present states only."""
    coupled = [p for p in packs if _coupled(p, packs)]
    free = [p for p in packs if p not in coupled]
    for designated in _designated(free, needed):
        yield designated, [*coupled, *designated], [_states(p, days) for p in coupled] + [
            _states(p, days)[1:] for p in designated]


def _count_variants(packs: Sequence[Pack], days: Days, needed: NeededCaps, most: int) -> int:
    """How many variants ``_variants`` makes, counted up to ``most + 1`` without making them (what tells
    a plan whose variants are too many for tables, at a fraction of their cost)."""
    count = 0
    for _, packs_in, choices in _choices(packs, days, needed):
        ids = {p.id for p in packs_in}  # (a pack may exclude one not on this plan: that excludes nothing here)
        if any(p.excludes & ids for p in packs_in):
            count += min(_allowed_count(packs_in, choices), most + 1 - count)
        else:
            count += _combinations(packs_in, choices)
        if count > most:
            return most + 1
    return count


_FITTING: dict[tuple[object, ...], bool] = {}
"""``CompiledPlan.within`` by the packs' shape (``_pack_shapes``), days, capabilities and the most variants:
plans sold alike count once (bounded like ``_COUNTED``)."""
_COUNTED: dict[tuple[object, ...], int] = {}
"""``_allowed_count`` by the shape of the packs and states it counts (what ``_allowed`` reads: groups,
exclusions among them, which states hold units), bounded: plans sold alike (provincial copies, a
catalogue's views) share their counts."""


def _allowed_count(packs: Sequence[Pack], choices: Sequence[Sequence[tuple[int, int]]]) -> int:
    """How many combinations ``_allowed`` yields, counted up to ``MAX_VARIANTS + 1`` (no plan's limit is more)."""
    shape = ((*link, tuple(bool(units) for units, _ in states))
             for link, states in zip(_links(packs), choices, strict=True))
    key = (MAX_VARIANTS, *shape)
    found = _COUNTED.get(key)
    if found is None:
        if len(_COUNTED) >= 4096:
            _COUNTED.clear()
        found = _COUNTED[key] = sum(1 for _ in itertools.islice(_allowed(packs, choices), MAX_VARIANTS + 1))
    return found


def _combinations(packs: Sequence[Pack], choices: Sequence[Sequence[tuple[int, int]]]) -> int:
    """How many combinations ``_allowed`` yields when no pack excludes another: of each group at most one
    pack present (its states with units), the others absent; a pack in no group in any of its states."""
    groups: dict[str, list[tuple[int, int]]] = {}
    count = 1
    for pack, states in zip(packs, choices, strict=True):
        present = sum(1 for units, _ in states if units)
        if pack.group:
            groups.setdefault(pack.group, []).append((len(states) - present, present))
        else:
            count *= len(states)
    for members in groups.values():
        none = math.prod(absent for absent, _ in members)
        one = sum(present * math.prod(a for j, (a, _) in enumerate(members) if j != i)
                  for i, (_, present) in enumerate(members))
        count *= none + one
    return count


def _allowed(packs: Sequence[Pack], choices: Sequence[Sequence[tuple[int, int]]]
             ) -> Iterator[list[tuple[Pack, tuple[int, int]]]]:
    """The present packs of each combination of the ``packs``' states in ``choices`` that groups and
    exclusions allow."""
    for states in itertools.product(*choices):
        present = [(p, s) for p, s in zip(packs, states, strict=True) if s[0]]
        ids = {p.id for p, _ in present}
        groups = [p.group for p, _ in present if p.group]
        if len(groups) != len(set(groups)) or any(p.excludes & ids for p, _ in present):
            continue
        yield present


def _designated(free: Sequence[Pack], needed: NeededCaps) -> Iterator[tuple[Pack, ...]]:
    """The free packs present in a variant for their speed: for each capability needed, one pack with it or
    none (a bundle meeting the needs has such a set among its packs, or a coupled pack meets the need; any
    other speed pack in it is bought for its allowance, if any), each set once."""
    providers = [[None, *(p for p in free if cap.pack_level(p))] for cap in CAPABILITIES if cap.name in needed]
    seen: set[tuple[str, ...]] = set()
    for choice in itertools.product(*providers):
        chosen = tuple(p for p in free if p in choice)
        key = tuple(p.id for p in chosen)
        if key not in seen:
            seen.add(key)
            yield chosen


def _combine(packs: Sequence[Pack], choices: Sequence[Sequence[tuple[int, int]]], position: Mapping[int, int],
             unchanged: dict[str, tuple[tuple[int, int], ...]], grain: Mapping[str, int],
             days: Days, one: Callable[[dict[str, Any]], Any]) -> Iterator[_Template]:
    """A template for each combination of the ``packs``' states in ``choices`` that groups and exclusions
    allow (``position``: of each pack, by ``id``, among the plan's)."""
    for present in _allowed(packs, choices):
        fixed = tuple((position[id(p)], n) for p, (n, _) in present)
        adds = dict.fromkeys(METERS, 0)
        unlimited = frozenset(m for p, _ in present for m, amount in p.adds.items() if amount >= UNLIMITED)
        free = unchanged
        for p, (n, more) in present:
            for m, amount in p.adds.items():
                adds[m] += 0 if m in unlimited else amount * n
            if more and p.adds:
                (m,) = p.adds
                free = {**free, m: (*free[m], (position[id(p)], more))}
        yield _Template(
            fixed=fixed,
            units=sum(n for _, n in fixed),
            one_off=sum(p.install_fen for p, _ in present),
            fixed_adds=one({m: a // grain[m] for m, a in adds.items()}),
            unlimited=unlimited,
            levels=one({cap.name: max([_level(cap, p, n, d) for p, (n, _) in present], default=0)
                        for cap, d in zip(CAPABILITIES, days, strict=True)}),
            free=one(free),
        )


def fold_many(short: np.ndarray, capacity: int, unit: int) -> tuple[np.ndarray, np.ndarray]:
    """Shortfall → (table index, extra billing units), for tables that stop one unit past capacity."""
    import numpy as np

    short = np.maximum(short, 0)
    k = np.where(short >= capacity, (short - capacity) // unit, 0)
    return short - k * unit, k


class Partition:
    """Valid variants that differ only in data, merged into one data table.

    ``data[s] = min over variants (fixed part + the variant's data table at s - its fixed data)``;
    the other meters, and the installation fees (``one_off``), are the same for every variant in the
    partition, so each meter is one table.
    """

    def __init__(self, variants: list[Variant], data_tables: list[MeterTable],
                 others: list[tuple[str, MeterTable, int]]) -> None:
        import numpy as np

        self.variants, self.others = variants, others
        self.one_off = variants[0].one_off
        first = data_tables[0]
        self.unit, self.rate_w = first.period, (first.rate_fen * first.weight if first.rate_fen is not None else None)
        self.capacity = max(t.capacity + v.fixed_adds[DATA] for v, t in zip(variants, data_tables, strict=True))
        s = np.arange(self.capacity + self.unit, dtype=np.int64)
        data = np.full(len(s), INF, dtype=np.int64)
        choice = np.zeros(len(s), dtype=np.int32)
        least: dict[tuple[int, int], int] = {}  # per data table and fixed data, the least fixed part so far
        for i, (v, t) in enumerate(zip(variants, data_tables, strict=True)):
            kept = least.get((id(t), v.fixed_adds[DATA]))
            if kept is not None and kept <= v.fixed_value:
                continue  # an earlier variant costs no more at every shortfall: this one is never better
            least[(id(t), v.fixed_adds[DATA])] = v.fixed_value
            candidate = v.fixed_value + t.value_many(s - v.fixed_adds[DATA])
            better = candidate < data
            data[better] = candidate[better]
            choice[better] = i
        self._data: np.ndarray | None = data
        self._choice: np.ndarray | None = choice
        self.data_tables = data_tables
        self._scalar: tuple[list[int], list[int], list[tuple[str, int, list[int], int, int, int | None]]] | None = None

    def scalar(self) -> tuple[list[int], list[int], list[tuple[str, int, list[int], int, int, int | None]]]:
        """``data`` and ``choice`` as Python lists for scalar lookups, and the other meters' tables
        flattened to ``(meter, fixed, values, capacity, period, rate × W or None)`` (made on first use)."""
        found = self._scalar
        if found is None:
            others = [(meter, fixed, table.scalar()[0], table.capacity, table.period,
                       None if table.rate_fen is None else table.rate_fen * table.weight)
                      for meter, table, fixed in self.others]
            found = self._scalar = (self.data.tolist(), self.choice.tolist(), others)
        return found

    @property
    def data(self) -> np.ndarray:
        """The merged data table: per data shortfall in grains, the partition's least value."""
        if self._data is None:  # loaded from the cache as lists
            self._data = _array(self.scalar()[0], "int64")
        return self._data

    @property
    def choice(self) -> np.ndarray:
        """Per data shortfall, the variant behind ``data``."""
        if self._choice is None:
            self._choice = _array(self.scalar()[1], "int32")
        return self._choice

    def __getstate__(self) -> dict[str, object]:
        """Pickled (``catalogue.cache``) as lists only: loading it back needs no numpy."""
        return {**self.__dict__, "_scalar": self.scalar(), "_data": None, "_choice": None}

    def rebound(self, variants: list[Variant], data_tables: list[MeterTable],
                others: list[tuple[str, MeterTable, int]]) -> Partition:
        """This partition with another plan's variants and tables, alike (``Kin``): the same arrays."""
        out = object.__new__(Partition)
        out.__dict__.update(self.__dict__)
        out.variants, out.data_tables, out.others = variants, data_tables, others
        return out

    def _fold(self, short: int) -> int:
        """The data table's index for a data shortfall (``fold_many`` for one integer)."""
        short = max(0, short)
        if short >= self.capacity:
            short -= (short - self.capacity) // self.unit * self.unit
        return short

    def value(self, short: Mapping[str, int]) -> int:
        """Scalar ``values``: plain integers and lists, no array overhead, for one request (each
        meter's lookup inlined: ``MeterTable.scalar`` folded as ``MeterTable._fold`` folds)."""
        table, _, others = self._scalar or self.scalar()
        data = short[DATA]
        if data < 0:  # (comparisons, not max and min: read ~55 times an answer)
            data = 0
        if data < self.capacity + self.unit:
            total = table[data]
        elif self.rate_w is None:
            return INF
        else:
            k = (data - self.capacity) // self.unit
            total = table[data - k * self.unit] + k * self.rate_w
        for meter, fixed, values, capacity, period, rate_w in others:
            need = short[meter] - fixed
            if need < capacity + period:
                total += values[need if need > 0 else 0]
            elif rate_w is None:
                return INF
            else:
                k = (need - capacity) // period
                total += values[need - k * period] + k * rate_w
        return total if total < INF else INF

    @cached
    def floor(self) -> int:
        """The least ``value`` of any shortfall: each meter's least value (``value`` reads an index of its table, or
        past it adds a rate, never less than 0, or is ``INF``).  ``CompiledPlan.cheapest`` reads no partition whose
        floor is no less than a total found before it (its value could not be less: the first least one is kept):
        on the bench's profiles over the shipped plans, 44 of the 55 ``value`` reads an answer."""
        table, _, others = self._scalar or self.scalar()
        rates = [rate_w for *_, rate_w in others] + [self.rate_w]
        if any(rate_w is not None and rate_w < 0 for rate_w in rates):
            return -INF  # (no rate is negative; were one, no floor)
        return min(table) + sum(min(values) for _, _, values, *_ in others)

    def values(self, short: Mapping[str, np.ndarray], memo: dict[object, np.ndarray]) -> np.ndarray:
        """Vectorised ``value``; ``memo`` shares lookups between partitions scoring the same rows."""
        import numpy as np

        fold_key = ("fold", self.capacity, self.unit)
        if fold_key not in memo:  # partitions of a plan often share the data table's shape
            memo[fold_key] = fold_many(short[DATA], self.capacity, self.unit)  # type: ignore[assignment]  # the memo holds arrays and, under fold keys, (index, k) pairs
        index, k = memo[fold_key]
        if self.rate_w is None:
            total = np.where(k > 0, INF, self.data[index])
        else:
            total = self.data[index] + k * self.rate_w
        for meter, table, fixed in self.others:
            if meter not in short:
                continue  # no row is short on this meter: every table is 0 there
            key = (id(table), fixed)
            if key not in memo:
                memo[key] = table.value_many(short[meter] - fixed)
            total += memo[key]
        return total  # may exceed INF where nothing fits (at most a few INF: no overflow)

    def bundle_counts(self, short: Mapping[str, int]) -> dict[str, int]:
        i = (self._scalar or self.scalar())[1][self._fold(short[DATA])]
        variant = self.variants[i]
        counts = dict(variant.fixed) if variant.positions else {}  # (most cheapest covers fix no pack)
        data = self.data_tables[i]
        for meter, table, fixed in ((DATA, data, variant.fixed_adds[DATA]), *self.others):
            if not table.packs:  # overage only
                continue
            for pid, n in table.counts(short[meter] - fixed).items():
                counts[pid] = counts.get(pid, 0) + n
        return counts


class Cheapest(NamedTuple):
    """A plan's least total for one month (``CompiledPlan.cheapest``) and what ``CompiledPlan.bundle`` decodes its
    packs from."""

    total: int
    partition: Partition
    short: dict[str, int]
    packs: int
    """How many packs the total buys (a table's value is ``fen * weight + packs``): none, the plan alone."""


def needed_caps(key: tuple[int, ...]) -> NeededCaps:
    """The capabilities need key ``key`` asks of packs (``CompiledPlan.need_key``: not those the plan meets)."""
    return frozenset(cap.name for cap, need in zip(CAPABILITIES, key, strict=True) if need != NO_NEED)


DATA = "data_mb"
OTHER_METERS = tuple(m for m in METERS if m != DATA)
NO_ROAMING = dict.fromkeys(ROAMING, 0)
NO_NEED = -1
MAX_NEED_KEYS = 256
FLAT_MIN = 24
"""Plans (on the tables, one usage month) from which ``Compiled.solve`` looks them up all at once
(``flat.Flat``).  The planner's lookups, alternated on the shipped plans repeated by province: 14 plans
0.13 ms flat against 0.11-0.13 by the loop, 28 plans 0.30 against 0.34, 42 0.38 against 0.51, 84 0.38-0.51
against 0.62-1.06 (2 cores).  Since a lookup's rows are read once (``flat._Lookup``) the flat path is the faster from
about 8 plans (the shipped 12 in CNY: 0.086 ms against 0.115); it stays at 24 so that a cold ``recommender recommend``
on catalogues of the shipped size does not import numpy (about 0.1 s of a 0.24 s answer, against 0.03 ms saved)."""
_FLAT_LOCK = threading.Lock()
MAX_FLAT_PARTS = 64
"""The most ``_FlatPart`` (and ``tabled_each`` answers) a compiled catalogue keeps (answers weigh few distinct sets
of plans and needs: who the person is, what they need; the store is cleared when full): some 15 KB each on 120
plans, so at most about 1 MB a compiled view (``Catalogue.without_packs``)."""


class _FlatPart(NamedTuple):
    """What ``Compiled._flat_choices`` reads of its plans for a one-month profile before the demand."""

    small: bool
    """Fewer than ``FLAT_MIN`` plans to look up: the loop answers them all."""
    none: tuple[str, ...]
    """The plans nothing fits (no pack reaches a need, or no partition)."""
    plans: list[tuple[Plan, CompiledPlan, tuple[Bundle, ...]]]
    """The plans looked up, in order, each with its bundles alone (``_alone``: most choices)."""
    which: list[int]
    """Per plan looked up, its demand's place among ``heads``'."""
    heads: list[Plan]
    """A plan of each distinct demand (plans sharing billing rules share one: ``usage.billed``)."""
    place: np.ndarray | None
    """``which`` as an array, when there are two demands or more."""
    rows: tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]
    """``flat.Flat.cheapest``'s plans, first rows and counts."""


class _FlatParts(dict[tuple[object, ...], Any]):
    """A compiled catalogue's ``_FlatPart`` (and ``Compiled.tabled_each``'s answers, as tuples) by what decides
    them; pickled (``catalogue.cache``) empty."""

    def __reduce__(self) -> tuple[type[_FlatParts], tuple[()]]:
        return _FlatParts, ()

    def keep(self, key: tuple[object, ...], value: Any) -> None:
        """Keep ``value`` under ``key``, every one forgotten first when ``MAX_FLAT_PARTS`` are kept."""
        if len(self) >= MAX_FLAT_PARTS:
            self.clear()
        self[key] = value


class Kin:
    """A structure as a plan built it, for plans that would build it alike: the same packs but for ids,
    names and where they are sold (``_pack_shapes``), at the same prices, on the same grains and overage
    rules, for the same needs (provincial copies of a plan; a catalogue's views of plans sold alike).  Their
    variants are made from the same templates, in the same order, so each partition is the same but for
    the packs: ``rebound`` gives it theirs, and shares its tables' arrays."""

    def __init__(self, variants: list[Variant], partitions: list[Partition]) -> None:
        self.variants, self.partitions = variants, partitions
        index = {id(v): i for i, v in enumerate(variants)}
        self.positions = [[index[id(v)] for v in p.variants] for p in partitions]
        """Per partition, its variants' places among ``variants`` (worked out once for every plan that takes
        them)."""
        self.derived: dict[str, Any] = {}
        """What another engine makes of the partitions, once for every plan that takes them (``batch``: its
        classes of partitions)."""

    def rebound(self, variants: list[Variant]) -> list[Partition]:
        """The partitions with ``variants`` (another plan's, alike) in place of the first plan's."""
        tables: dict[tuple[int, int], MeterTable] = {}

        def table(first: MeterTable, i: int, meter: str) -> MeterTable:
            # (the first plan's table for the other plan's free packs: variants share their ``free`` mappings)
            variant = variants[i]
            found = tables.get((id(first), id(variant.free)))
            if found is None:
                free = () if meter in variant.unlimited else variant.free[meter]
                found = tables[(id(first), id(variant.free))] = first.rebound(free)
            return found

        out = []
        for partition, at in zip(self.partitions, self.positions, strict=True):
            out.append(partition.rebound(
                [variants[i] for i in at], [table(t, i, DATA) for t, i in zip(partition.data_tables, at, strict=True)],
                [(m, table(t, at[0], m), fixed) for m, t, fixed in partition.others]))
        return out


_KIN: weakref.WeakValueDictionary[tuple[object, ...], Kin] = weakref.WeakValueDictionary()
"""Structures by what decides them (``CompiledPlan.structure``), while the plan that built them lives."""
_KIN_LOCK = threading.Lock()


class CompiledPlan:
    """A plan compiled into variants and tables, or left to CP-SAT (``variants is None``)."""

    def __init__(self, plan: Plan, packs: tuple[Pack, ...]) -> None:
        """``plan`` with the packs it may take (``Catalogue.packs_for``)."""
        self.plan = plan
        self.packs = packs
        self.key = plan_pack_key(plan, packs)
        self.weight = sum(p.max_count for p in packs) + 1
        self.prices = {p.id: pack_price_fen(p, plan) for p in packs}
        self.pack_shape = _pack_shapes(packs)
        """What the variants read of the packs (``_pack_shapes``): plans sold alike share what it decides."""
        self.included = {m: plan.tariffs[m].included for m in METERS}
        self.subscriptions = any(p.subscription for p in packs)
        self.grain = {m: math.gcd(plan.tariffs[m].unit, *(p.adds.get(m, 0) for p in packs
                                                          if p.adds.get(m, 0) < UNLIMITED)) for m in METERS}
        self.shape = tuple((m, self.included[m], self.grain[m]) for m in METERS)
        """Per meter, ``(meter, included, grain)``: what a shortfall in grains is computed from."""
        self.pack_levels = {cap.name: sorted({cap.pack_level(p) for p in packs} - {0}) for cap in CAPABILITIES}
        # Per-day packs with a speed are cut at the days a need lasts (``variants_for``); what the
        # tables leave to CP-SAT (``Compiled.tabled``): installation fees over a history (a pack
        # installed in one month is installed for the others), app data in packs (it couples data
        # with the profile's app usage).
        self.levels = plan_levels(plan)
        """What the plan itself gives of each capability (``cost.plan_levels``)."""
        self.daily_caps = frozenset(cap.name for cap in CAPABILITIES for p in packs if p.daily and cap.pack_level(p))
        self.install_caps = frozenset(cap.name for cap in CAPABILITIES for p in packs
                                      if p.install_fen and cap.pack_level(p))
        self.install_adds = any(p.install_fen and p.adds for p in packs)
        self.may_install = self.install_adds or bool(self.install_caps)
        """A bundle may pay an installation fee worth paying (``Variant.one_off``): ``cheapest`` weighs the
        fees (a fee pack adding nothing and no speed is never worth a bill)."""
        self.app_packs = any(p.app_data for p in packs)
        self.by_trip = self.plan.day_pass is not None or bool(self.plan.zone_rates)
        """The plan may price roaming trip by trip (``cost.roaming_priced``: day passes, rates by zone)."""
        self.roaming_fixed = all(_roaming_fixed(p, packs) for p in packs if any(p.adds.get(m) for m in ROAMING))
        """Every pack adding to the roaming pool is counted exactly by the variants, so a partition's pool is
        known: roaming priced trip by trip (``cost.roaming_best``) is then part of its fixed part (``_trips``);
        else the pool depends on free packs (CP-SAT's, ``Compiled.tabled``)."""
        self._tables: dict[tuple[object, ...], MeterTable] = {}
        self._structures: dict[tuple[object, ...], list[Partition]] = {}
        self._kin: dict[tuple[object, ...], Kin] = {}
        """Each structure's ``Kin`` (``_KIN`` holds one only while a plan holds it here)."""
        self._lock = threading.Lock()
        self._by_days: dict[tuple[Days, NeededCaps], list[Variant] | None] = {}
        self._within: dict[tuple[Days, NeededCaps], bool] = {}
        self._need_keys: dict[tuple[int, ...], tuple[tuple[int, ...] | None]] = {}
        longest = self.longest()
        self.most = min(MAX_VARIANTS, max(1, MAX_CELLS // max(1, longest)))
        """The most variants the tables hold for this plan (fewer where its tables are long: ``MAX_CELLS``)."""
        self.variants = self.variants_for(MONTHLY, NO_CAPS) if longest <= MAX_TABLE else None
        """The variants for a profile with no speed need (None: too many, or too long a table: CP-SAT's)."""
        self.needs_fit = self.variants is not None and self.within(MONTHLY, ALL_CAPS)
        """The variants fit for any need lasting the month (packs with speeds are enumerated only for a need
        of theirs: ``_designated``; per-day packs may still be cut into too many, ``variants_for``)."""
        self.plain_without_needs = self.variants is not None and not (self.subscriptions or self.install_adds
                                                                       or self.app_packs)
        """On tables for any profile that requires no benefit, makes no trip and has no speed need."""
        self.plain = self.plain_without_needs and self.needs_fit and not (self.install_caps or self.daily_caps)
        """On tables for any profile that requires no benefit and makes no trip (``Compiled.tabled``)."""
        if self.variants is not None:
            self.structure((NO_NEED,) * len(CAPABILITIES), False)  # the common case, built at load

    def left_to_cpsat(self) -> Message | None:
        """Why no profile, or no profile with a speed need lasting the month (a what-if population's) or
        with roaming priced trip by trip, is answered from this plan's tables (CP-SAT answers it, exact but
        slower); None if every such profile may be."""
        if self.variants is None:
            if self.longest() > MAX_TABLE:
                return message("tables.too_long", plan=self.plan.id, most=MAX_TABLE)
            return message("tables.too_many_variants", plan=self.plan.id, most=self.most)
        if not self.needs_fit:
            return message("tables.too_many_need_variants", plan=self.plan.id, most=self.most)
        daily = [cap.name for cap in CAPABILITIES if cap.name in self.daily_caps]
        for size in range(1, len(daily) + 1):
            for needed in itertools.combinations(daily, size):
                days = tuple(DAYS_IN_MONTH if cap.name in needed else None for cap in CAPABILITIES)
                # (with every other capability needed too: the most variants those days can give)
                if not self.within(days, ALL_CAPS):  # per-day packs cut at a month's days
                    return message("tables.too_many_day_variants", plan=self.plan.id, most=self.most)
        if self.by_trip and not self.roaming_fixed:
            return message("tables.roaming_pool", plan=self.plan.id)
        return None

    def longest(self) -> int:
        """A bound on the length of the plan's tables, in grains: on any meter, every pack bought at its
        most, the knee of the overage rule (with throttling accepted or not) and a period past it."""
        out = 0
        for meter in METERS:
            grain = self.grain[meter]
            packs = sum(p.adds.get(meter, 0) * p.max_count for p in self.packs
                        if p.adds.get(meter, 0) < UNLIMITED) // grain  # (an unlimited one has no table)
            for profile in THROTTLE.values():
                rule = meter_rule(self.plan, meter, profile)
                knee, period, _ = rule.tail()
                out = max(out, packs + (knee + period) * (rule.unit // grain))
        return out

    def __getstate__(self) -> dict[str, object]:
        """Pickled by ``catalogue.cache`` (its lock is not, nor what it shares with plans alike)."""
        return {k: v for k, v in self.__dict__.items() if k not in ("_lock", "_kin")}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()
        self._kin = {}

    def variants_for(self, days: Days, needed: NeededCaps) -> list[Variant] | None:
        """The variants when the capabilities ``needed`` are asked of packs and speed needs last ``days``
        (None: too many for tables; CP-SAT's)."""
        if (days, needed) not in self._by_days:
            self._by_days[(days, needed)] = _variants(self.plan, self.packs, self.weight, self.grain, days, needed,
                                                      self.pack_shape) if self.within(days, needed) else None
        return self._by_days[(days, needed)]

    def within(self, days: Days, needed: NeededCaps) -> bool:
        """Whether ``variants_for`` fits the tables (at most ``most``), told by counting the
        variants, not making them (``_count_variants``)."""
        found = self._within.get((days, needed))
        if found is None:
            key = (self.pack_shape, days, needed, self.most)
            found = _FITTING.get(key)
            if found is None:
                if len(_FITTING) >= 4096:
                    _FITTING.clear()
                found = _FITTING[key] = _count_variants(self.packs, days, needed, self.most) <= self.most
            self._within[(days, needed)] = found
        return found

    def fits(self, key: tuple[int, ...], days: Days) -> bool:
        """Whether the tables hold the variants for need key ``key`` lasting ``days`` (``variants_for``)."""
        return self.within(days, needed_caps(key))

    def profile_days_key(self, key: tuple[int, ...], profile: Profile) -> Days:
        """``days_key`` for a profile's needs on this plan (``Wants.days_on``)."""
        if not self.daily_caps or key == NO_NEEDS:
            return MONTHLY
        return self.days_key(key, profile.wants.days_on(self.levels))

    def days_key(self, key: tuple[int, ...], days: Sequence[int]) -> Days:
        """Per capability, the days its need lasts where a per-day pack could meet it (``Days``)."""
        if not self.daily_caps or key == NO_NEEDS:
            return MONTHLY
        return tuple(d if cap.name in self.daily_caps and need != NO_NEED else None
                     for cap, need, d in zip(CAPABILITIES, key, days, strict=True))

    def table(self, variant: Variant, meter: str, allow_throttling: bool) -> MeterTable:
        """The meter's table in ``variant``: its free packs and overage, or nothing to pay where a present
        pack makes the meter unlimited."""
        free: tuple[tuple[Pack, int], ...]
        if meter in variant.unlimited:
            rule, free = OverageRule(self.plan.tariffs[meter].unit, 0), ()
        else:
            rule, free = meter_rule(self.plan, meter, THROTTLE[allow_throttling]), variant.free[meter]
        key = (meter, tuple((p.id, most) for p, most in free), rule)
        table = self._tables.get(key)
        if table is None:
            table = MeterTable(meter, free, rule, self.weight, self.prices, self.grain[meter])
            self._tables[key] = table
        return table

    def need_key(self, profile: Profile, required: Sequence[int] | None = None) -> tuple[int, ...] | None:
        """Per capability, the pack level the bundle must reach (NO_NEED when the plan suffices);
        None when no pack reaches a need.  ``required``: the profile's ``cap.required`` per
        capability, when the caller has them already."""
        if required is None:
            required = [cap.required(profile) for cap in CAPABILITIES]
        if not any(required):
            return NO_NEEDS
        wanted = tuple(required)
        kept = self._need_keys.get(wanted)  # (key,): kept, None among them meaning no pack reaches a need
        return kept[0] if kept is not None else self._need_key(wanted)

    def _need_key(self, required: tuple[int, ...]) -> tuple[int, ...] | None:
        """``need_key`` worked out, and kept (profiles ask for few distinct levels; at most
        ``MAX_NEED_KEYS`` are kept, whatever the requests)."""
        if len(self._need_keys) >= MAX_NEED_KEYS:
            self._need_keys.clear()
        key = []
        for cap, need in zip(CAPABILITIES, required, strict=True):
            if not need or cap.plan_level(self.plan) >= need:
                key.append(NO_NEED)
                continue
            level = next((lv for lv in self.pack_levels[cap.name] if lv >= need), None)
            if level is None:
                self._need_keys[required] = (None,)
                return None
            key.append(level)
        found = tuple(key)
        self._need_keys[required] = (found,)
        return found

    def structure(self, key: tuple[int, ...], allow_throttling: bool, days: Days = MONTHLY) -> list[Partition]:
        """The partitions of variants that meet the needs in ``key`` (built once, then cached).  A plan whose
        packs are alike another's (``Kin``) takes that plan's partitions with its own packs."""
        cached = self._structures.get((key, allow_throttling, days))
        if cached is not None:
            return cached
        with self._lock:
            cached = self._structures.get((key, allow_throttling, days))  # (made by another thread meanwhile)
            if cached is not None:
                return cached
            variants = self.variants_for(days, needed_caps(key))
            assert variants is not None
            alike = (self.pack_shape, tuple(self.grain.items()), days, key, allow_throttling, self.weight,
                     tuple(self.prices[p.id] for p in self.packs),
                     tuple((self.plan.tariffs[m].unit, meter_rule(self.plan, m, THROTTLE[allow_throttling]))
                           for m in METERS))
            kin = _KIN.get(alike)
            if kin is not None and len(kin.variants) == len(variants):
                partitions = kin.rebound(variants)
            else:
                partitions = self._partitions(variants, key, allow_throttling)
                kin = Kin(variants, partitions)
                with _KIN_LOCK:  # (one alike built meanwhile by another thread stays the one plans take)
                    _KIN.setdefault(alike, kin)
            self._kin[(key, allow_throttling, days)] = kin
            self._structures[(key, allow_throttling, days)] = partitions
            return partitions

    def kin(self, key: tuple[int, ...], allow_throttling: bool, days: Days = MONTHLY) -> Kin | None:
        """The ``Kin`` of a structure ``structure`` made (the first plan's, if taken); None for one loaded
        from the catalogue cache."""
        return self._kin.get((key, allow_throttling, days))

    def _partitions(self, variants: list[Variant], key: tuple[int, ...], allow_throttling: bool) -> list[Partition]:
        """``structure`` built from the variants."""
        valid = variants if key == NO_NEEDS else [
            v for v in variants
            if all(need == NO_NEED or v.levels[cap.name] >= need for cap, need in zip(CAPABILITIES, key, strict=True))]
        tables: dict[tuple[str, int, bool], MeterTable] = {}

        def table(variant: Variant, meter: str) -> MeterTable:
            # (variants share their ``free`` mappings: ``_variants``; ``self.table``'s key is dearer)
            key = (meter, id(variant.free), meter in variant.unlimited)
            found = tables.get(key)
            if found is None:
                found = tables[key] = self.table(variant, meter, allow_throttling)
            return found

        # Per free mapping and unlimited meters (few per structure), the other meters' tables; a variant's
        # partition is then told by its fee, its data and roaming made unlimited, and those tables with its
        # fixed adds (made in C: ``zip``, ``map``)
        others_of: dict[tuple[int, frozenset[str]], tuple[int, ...]] = {}
        groups: dict[tuple[object, ...], list[Variant]] = {}
        for variant in valid:
            shape = (id(variant.free), variant.unlimited)
            ids = others_of.get(shape)
            if ids is None:
                ids = others_of[shape] = tuple(id(table(variant, m)) for m in OTHER_METERS)
            others = tuple(zip(OTHER_METERS, ids, map(variant.fixed_adds.__getitem__, OTHER_METERS), strict=True))
            # (roaming trip by trip reads a partition's pool: an unlimited one is its own, whatever the tables)
            roaming = variant.unlimited.intersection(ROAMING)
            groups.setdefault((variant.one_off, DATA in variant.unlimited, roaming, others), []).append(variant)
        partitions = []
        for members in groups.values():
            head = members[0]
            partitions.append(Partition(
                members, [table(v, DATA) for v in members],
                [(m, table(head, m), head.fixed_adds[m]) for m in OTHER_METERS]))
        return partitions

    def prices_trips(self, profile: Profile) -> bool:
        """Whether the profile's trips are priced trip by trip on this plan (day passes, rates by zone:
        ``cost.roaming_priced``), not as the month's roaming usage: ``cheapest``'s loop weighs them, the flat lookup
        does not."""
        return self.by_trip and bool(profile.wants.trips) and roaming_priced(self.plan, profile)

    def cheapest(self, profile: Profile, demand: Mapping[str, int], required: Sequence[int] | None = None,
                 one_month: bool = False) -> Cheapest | None:
        """This plan's least total for one profile, with what ``bundle`` decodes its packs from
        (the partition and the shortfall in grains; its ``one_off``, the installation fees), or None
        when nothing fits (``required`` as in ``need_key``).

        ``one_month``: the profile has one usage month, so packs with an installation fee may be
        chosen, and the least of each fee is weighed against the others by ``objective.plan_key``
        (the fee is paid once over the horizon).  Otherwise they are left out: a history is on the
        tables only when no installation can be worth it (``Compiled.tabled``), since buying a pack
        in one month makes it free of the fee in the others."""
        structure = self.structure_of(profile, required)
        if structure is None:
            return None
        fixed = 0
        if profile.household:  # the extra lines' fees and own overage: the same whatever the packs
            charges, checks = extra_line_charges(self.plan, profile)
            if not all(c.met for c in checks):
                return None
            fixed = sum(line.fen for line in charges)
        trips = None
        if self.prices_trips(profile):
            trips, demand = self._trips(profile), {**demand, **NO_ROAMING}
        if self.plan.app_data and len(demand) > len(METERS):  # app usage: the plan's app data first
            demand = {**demand, DATA: general_data(self.plan, (), demand)}
        short = self.shortfall(demand)
        value, partition = INF, None
        partitions = self._structures.get(structure) or self.structure(*structure)
        if self.may_install:
            return self._cheapest_by_fee(profile, partitions, short, self.plan.fee_fen + fixed, one_month, trips)
        for candidate in partitions:
            if candidate.floor >= value:  # (no shortfall makes it less than the total found: ``floor``)
                continue
            found = candidate.value(short) if trips is None else candidate.value(short) + trips(candidate)
            if found < value:
                value, partition = found, candidate
        if partition is None:
            return None
        return Cheapest(self.plan.fee_fen + fixed + value // self.weight, partition, short, value % self.weight)

    def structure_of(self, profile: Profile, required: Sequence[int] | None = None) -> Structure | None:
        """The structure ``cheapest`` reads for ``profile`` (None when no pack reaches a need): its need key
        (``need_key``), whether throttled data is acceptable on this plan, the needs' days."""
        key = self.need_key(profile, required)
        if key is None:
            return None
        return key, profile.allow_throttling and throttle_fits(self.plan, profile), self.profile_days_key(key, profile)

    def shortfall(self, demand: Mapping[str, int]) -> dict[str, int]:
        """Per meter, the demand beyond the plan's allowance in grains, rounded up (what the tables are read at)."""
        return {m: -((inc - demand[m]) // g) for m, inc, g in self.shape}

    def _trips(self, profile: Profile) -> Callable[[Partition], int]:
        """Roaming priced trip by trip (day passes, rates by zone) on a partition, as ``fen * W`` (``INF``
        when a trip is not covered): ``cost.roaming_best`` on the pool the partition's variants fix (the
        plan's allowance, and its packs adding roaming: ``roaming_fixed``), worked out once per pool."""
        assert self.roaming_fixed, "free packs would change the pool: CP-SAT's (Compiled.tabled)"
        found: dict[tuple[int, int], int] = {}
        trips = len(profile.wants.trips)

        def charge(partition: Partition) -> int:
            head = partition.variants[0]  # (the variants of a partition fix the same roaming)
            pool = (self._pool(head, ROAMING[0]), self._pool(head, ROAMING[1]))
            if pool not in found:
                lines, covered, _ = roaming_best(self.plan, profile, pool)
                found[pool] = sum(line.fen for line in lines) * self.weight if covered == trips else INF
            return found[pool]

        return charge

    def _pool(self, variant: Variant, meter: str) -> int:
        """The allowance on ``meter`` of ``variant``'s coupled packs and the plan (``cost.allowance``)."""
        if meter in variant.unlimited:
            return UNLIMITED
        return self.included[meter] + variant.fixed_adds[meter] * self.grain[meter]

    def _cheapest_by_fee(self, profile: Profile, partitions: list[Partition], short: dict[str, int], fixed: int,
                         one_month: bool, trips: Callable[[Partition], int] | None
                         ) -> Cheapest | None:
        """``cheapest`` for a plan with installation fees: the least value of each fee, then the least
        ``plan_key`` among those (without ``one_month``, the fee-free partitions only: a guard, since a
        history is on the tables only when no fee can win, ``Compiled.tabled``)."""
        least: dict[int, tuple[int, Partition]] = {}
        for candidate in partitions:
            if candidate.one_off and not one_month:
                continue
            found = candidate.value(short) if trips is None else candidate.value(short) + trips(candidate)
            kept = least.get(candidate.one_off)
            if found < (INF if kept is None else kept[0]):
                least[candidate.one_off] = found, candidate
        if not least:
            return None

        def key(one_off: int) -> tuple[tuple[int, ...], int]:
            found = least[one_off][0]
            return plan_key(self.plan, profile, [fixed + found // self.weight], found % self.weight, one_off), one_off

        fee = next(iter(least)) if len(least) == 1 else min(least, key=key)
        value, partition = least[fee]
        return Cheapest(fixed + value // self.weight, partition, short, value % self.weight)

    def bundle(self, partition: Partition, short: dict[str, int]) -> Bundle:
        """The packs behind ``cheapest``'s total."""
        counts = partition.bundle_counts(short)
        if not counts:  # the plan alone (most bundles shown): no pass over its packs
            return Bundle(self.plan.id)
        return Bundle(self.plan.id, tuple((p.id, counts[p.id]) for p in self.packs if counts.get(p.id)))

    def row_groups(self, needs: Mapping[str, np.ndarray], throttle: np.ndarray,
                shared: dict[object, Any]) -> list[tuple[tuple[int, ...], bool, np.ndarray | None]]:
        """The rows' groups: ``(need key, throttling, rows or None for all)``, for the groups a plan
        can serve.  Plans with the same pack levels and plan levels group the rows alike, so the
        grouping is shared between them (``shared`` lives for one batch of rows)."""
        import numpy as np

        levels = tuple((tuple(self.pack_levels[cap.name]), cap.plan_level(self.plan)) for cap in CAPABILITIES)
        found = shared.get(("groups", levels, self.plan.throttle_kbps))
        if found is not None:
            return found
        code = throttle.astype(np.int64)
        columns = []
        for cap, (pack_levels, plan_level) in zip(CAPABILITIES, levels, strict=True):
            known = [INVALID, NO_NEED, *pack_levels]
            need = needs[cap.name]
            columns.append(known)
            if not need.any():  # nobody in these rows has this need
                code = code * len(known) + 1
                continue
            index = np.searchsorted(np.array(pack_levels, dtype=np.int64), need) + 2
            index = np.where(index >= len(known), 0, index)  # above every pack's level
            index = np.where((need <= 0) | (need <= plan_level), 1, index)
            code = code * len(known) + index
        groups = np.flatnonzero(np.bincount(code))
        out = []
        for group in groups:
            rest, key = int(group), []
            for known in reversed(columns):
                rest, position = divmod(rest, len(known))
                key.append(known[position])
            key.reverse()
            if INVALID in key:
                continue
            out.append((tuple(key), bool(rest), None if len(groups) == 1 else np.flatnonzero(code == group)))
        shared[("groups", levels, self.plan.throttle_kbps)] = out
        return out


    def short_key(self, meter: str) -> tuple[int, int, int]:
        """What ``short_grains`` of ``meter`` is computed from besides the demand: the plan's monthly
        rounding of it (data only), its allowance and its grain.  Plans with the same key have the same
        shortfall in a batch."""
        return self.plan.billing.data_unit_mb if meter == DATA else 1, self.included[meter], self.grain[meter]

    def short_grains(self, demand: Mapping[str, np.ndarray], meter: str,
                      shared: dict[object, np.ndarray]) -> np.ndarray:
        """Shortfall in grains, rounded up; demand in grains is shared between plans of a batch."""
        unit, included, grain = self.short_key(meter)  # (the rounding: the plan's monthly data rounding)
        key = (meter, unit, grain if included % grain == 0 else 1)
        if key not in shared:
            billed = -(-demand[meter] // unit) * unit
            shared[key] = -(-billed // key[2])
        if key[2] == 1:
            return -((included - shared[key]) // grain)
        return shared[key] - included // grain


def throttle_rows(plan: Plan, throttle: np.ndarray, needs: Mapping[str, np.ndarray]) -> np.ndarray:
    """``cost.throttle_fits`` for a population's rows: they accept throttling, at least as fast as
    their speed needs (a throttled line is slowed both ways)."""
    if plan.throttle_kbps is None:
        return throttle
    return throttle & (needs["min_downlink_mbps"] * 1000 <= plan.throttle_kbps) \
        & (needs["min_uplink_mbps"] * 1000 <= plan.throttle_kbps)


INVALID = -2
MONTH_DAYS = (DAYS_IN_MONTH,) * len(CAPABILITIES)
"""A population's speed needs last the whole month (it has no days columns)."""
NO_NEEDS = (NO_NEED,) * len(CAPABILITIES)
THROTTLE = {flag: Profile(allow_throttling=flag) for flag in (False, True)}


def _compiled_plan(catalogue: Catalogue, plan: Plan) -> CompiledPlan:
    """The plan compiled with the packs it may take in ``catalogue``, shared by the catalogue's
    ``without_packs`` views: a view drops the packs some people may not buy, and most of its plans keep
    every pack they had (compiling them again cost a what-if most of its time on edited catalogues)."""
    kept: dict[tuple[str, tuple[str, ...]], CompiledPlan] = catalogue.shared("compiled_plans")
    packs = catalogue.packs_for(plan)
    key = plan_pack_key(plan, packs)
    found = kept.get(key)
    if found is None:
        if len(kept) >= (MAX_VIEWS + 1) * len(catalogue.plans):  # as many as the views kept hold, the oldest go
            kept.pop(next(iter(kept)), None)
        found = kept.setdefault(key, CompiledPlan(plan, packs))
    return found


def plan_pack_key(plan: Plan, packs: Sequence[Pack]) -> tuple[str, tuple[str, ...]]:
    """A compiled plan's identity among a catalogue and its ``without_packs`` views: the plan and its packs
    (``CompiledPlan.key``; what ``_compiled_plan`` and ``flat.Flat`` share it by)."""
    return plan.id, tuple(pack.id for pack in packs)


class CompiledPlans(Mapping[str, "CompiledPlan"]):
    """A catalogue's plans by id, each compiled on first read (``_compiled_plan``): a ``without_packs`` view that an
    answer asks about one plan (``planner._sure_first``: a plan without the packs on an unknown condition) compiles
    that plan alone, not its fourteen (0.2 s on the shipped plans: a cold ``recommender recommend`` paid it).  Every
    plan by id, as a dict: its values and items compile them all (its ids alone do not); racing threads compile one
    plan to equal tables (``_compiled_plan`` keeps one)."""

    def __init__(self, catalogue: Catalogue) -> None:
        self._catalogue = catalogue
        self._found: dict[str, CompiledPlan] = {}

    def __getitem__(self, plan_id: str) -> CompiledPlan:
        found = self._found.get(plan_id)
        if found is None:
            found = self._found[plan_id] = _compiled_plan(self._catalogue, self._catalogue.plan_index[plan_id])
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._catalogue.plan_index)

    def __len__(self) -> int:
        return len(self._catalogue.plans)


def _weighs_benefits(profile: Profile) -> bool:
    """Whether equal totals of a plan's bundles go by their benefits (``objective.plan_key``: valued, then wished
    for), which the tables do not track: then a plan whose packs bring one the plan lacks is CP-SAT's."""
    return bool(profile.benefit_values or profile.benefits)


class Compiled:
    """A catalogue compiled for the planner: tables where the offer space allows, else CP-SAT (each plan's on first
    use: ``CompiledPlans``; ``every_plan`` compiles them all)."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.plans = CompiledPlans(catalogue)
        self._flat_parts = _FlatParts()

    def every_plan(self) -> Compiled:
        """This catalogue with every plan compiled (what a cached catalogue keeps: ``planner.compiled_all``)."""
        for plan in self.catalogue.plans:
            self.plans[plan.id]
        return self

    def _valued_packs(self, plan: Plan, profile: Profile) -> bool:
        """Whether a pack sold with ``plan`` brings a benefit the person values or wishes for that the plan lacks:
        equal totals then go to the bundle whose benefits are worth most, then to the one having most wished for
        (``objective.plan_key``), which the tables do not track (CP-SAT's job, as for a required benefit)."""
        wanted = valued_elsewhere(plan, profile).keys() | wished_elsewhere(plan, profile)
        return bool(wanted) and any(pack.benefits & wanted for pack in self.catalogue.packs_for(plan))

    def tabled(self, plan: Plan, profile: Profile) -> bool:
        """Whether the tables can answer this plan for this profile: compiled, months independent
        (a subscription pack couples the months of a history, and so does an installation fee that
        may be worth paying: a pack installed in one month is installed for the others; CP-SAT's
        job), no required benefit that only a pack could bring (the tables do not track benefits:
        CP-SAT's job too), and none of what couples a pack's price with the profile: app data in
        packs for app usage, roaming priced trip by trip where packs left free add to the roaming pool
        (where the variants count them, it is part of a partition's fixed part: ``CompiledPlan._trips``),
        per-day speed packs for a need whose days give too many variants, or for a household's lines needing
        different speeds on different days (``Wants.unserved``).  Each month's least total
        (then fewest packs; for one month, each installation fee's least, weighed by
        ``objective.plan_key``: ``CompiledPlan.cheapest``) is then exactly the plan's least effective
        price over any horizon, terms included
        (``recommender.objective`` says why)."""
        speeds = any(profile.wants.levels[:SPEEDS])
        if profile.household and any(pack.per_line and (pack.adds or pack.app_data or speeds)
                                     for pack in self.catalogue.packs_for(plan)):
            return False  # packs sold per SIM: each line's speed need its own (``cost.allocate``), and each line
            # may stack what they add (``cost.most_bought``): CP-SAT's
        compiled = self.plans[plan.id]
        if not profile.benefits_required and not _weighs_benefits(profile) and not profile.travels and (
                compiled.plain or (compiled.plain_without_needs and not any(profile.wants.levels))):
            return True  # none of the below can apply
        if compiled.variants is None or (_weighs_benefits(profile) and self._valued_packs(plan, profile)):
            return False
        history = profile.months is not None and len(profile.months) > 1 or profile.records is not None
        if (history and (compiled.subscriptions or compiled.install_adds)) or missing_benefits(plan, profile):
            return False
        if history and compiled.install_caps and any(cap.name in compiled.install_caps and cap.required(profile) >
                                                     cap.plan_level(plan) for cap in CAPABILITIES):
            return False
        daily = compiled.daily_caps
        if daily and len(profile.wants.line_needs) > 1 and any(len(pairs) > 1 for cap, pairs in zip(
                CAPABILITIES, profile.wants.unserved(compiled.levels), strict=True) if cap.name in daily):
            return False  # lines (or a holder's line alone's two needs: ``Profile.of_needs``) needing different
            # speeds on different days: each its own (``Wants.unserved``);
            # the tables' variants carry one speed for one count of days a capability (CP-SAT's)
        if (not compiled.needs_fit and any(profile.wants.levels)) or (daily and any(
                cap.required(profile) > cap.plan_level(plan) for cap in CAPABILITIES if cap.name in daily)):
            key = compiled.need_key(profile)  # (None: no pack reaches a need, nothing fits: the tables say so)
            if key is not None and not compiled.fits(key, compiled.profile_days_key(key, profile)):
                return False
        if compiled.app_packs and (profile.app_share or profile.lines):
            return False
        return compiled.roaming_fixed or not any(months_roaming_priced(plan, profile))

    def tabled_each(self, plans: Sequence[Plan], profile: Profile) -> list[bool]:
        """``tabled`` of each plan: the test that settles most plans (a plain plan, or one plain without needs for
        a profile without needs) with the profile's part of it read once.  Of ``FLAT_MIN`` plans or more (an
        answer's candidates on a large catalogue), kept for a one-month, one-line profile with no benefit required,
        valued or wished for, by all ``tabled`` reads of it then (its ``wants``, whether it has app usage)."""
        if len(plans) >= FLAT_MIN and profile.months is None and profile.records is None and profile.lines is None \
                and not profile.benefits_required and not _weighs_benefits(profile):
            key = ("tabled", tuple([plan.id for plan in plans]), profile.wants, bool(profile.app_share))  # (from a
            # list: 2.7 µs for 140 ids, from a generator 4.7)
            found = self._flat_parts.get(key)
            if found is None:
                found = tuple(self._tabled_each(plans, profile))
                self._flat_parts.keep(key, found)
            return list(found)
        return self._tabled_each(plans, profile)

    def _tabled_each(self, plans: Sequence[Plan], profile: Profile) -> list[bool]:
        if profile.household or profile.benefits_required or _weighs_benefits(profile) or profile.travels:
            return [self.tabled(plan, profile) for plan in plans]
        needless = not any(profile.wants.levels)
        out = []
        for plan in plans:
            compiled = self.plans[plan.id]
            out.append(compiled.plain or (needless and compiled.plain_without_needs) or self.tabled(plan, profile))
        return out

    def solve(self, profile: Profile, plans: Sequence[Plan], checked: bool = False) -> Ranked:
        """Each plan's best bundles, month by month (plans the tables cannot answer are skipped;
        ``checked``: the caller kept only plans ``tabled`` for this profile)."""
        if not checked:
            plans = [plan for plan, tabled in zip(plans, self.tabled_each(plans, profile), strict=True) if tabled]
        choices = []
        required = profile.wants.levels
        flat = self._flat_choices(profile, plans) if len(plans) >= FLAT_MIN else {}
        for plan in plans:
            if plan.id in flat:
                choice = flat[plan.id]
                if choice is not None:
                    choices.append(choice)
                continue
            compiled = self.plans[plan.id]
            found = []
            months = billed(profile, plan)
            for i, demand in enumerate(months):
                month = compiled.cheapest(profile.in_month(i), demand, required, one_month=len(months) == 1)
                if month is None:
                    break
                found.append(month)
            else:
                one_off = found[0].partition.one_off if len(found) == 1 else 0  # (a history's install nothing)
                totals = tuple(month.total for month in found)
                choices.append(DecodedChoice(plan.id, totals, partial(_decode, compiled, found), one_off)
                               if any(month.packs for month in found) else _alone(plan.id, totals, one_off))
        return Ranked(tuple(choices))

    def _flat_choices(self, profile: Profile, plans: Sequence[Plan]) -> dict[str, DecodedChoice | None]:
        """``cheapest`` for the plans a one-month profile weighs, all at once (``flat.Flat``): per plan id its
        choice, or None when nothing fits.  Plans the loop answers (several months, a household, a month with
        trips of its own, trips priced trip by trip, installation fees, app usage on a plan's app data) are left
        out: a trip priced as the month's usage (no day pass or zone rate for it) is in the demand, as ``cheapest``
        reads it.  Which plans those are, each one's rows and the plans sharing a demand (``_FlatPart``) are kept
        for a one-month profile by what decides them (the plans, the profile's ``wants``, whether it accepts
        throttling, whether it has app usage): a request pays only the demands, the lookup and the choices."""
        if profile.household or profile.in_month(0) is not profile or not plans:  # (``cheapest``: the month's view)
            return {}
        part: _FlatPart | None = None
        key = None
        if profile.months is None and profile.records is None:  # one month: one demand per billing rules
            key = (tuple([plan.id for plan in plans]), profile.wants, profile.allow_throttling,
                   len(billed(profile, plans[0])[0]) > len(METERS))  # (app usage: the profile's, whatever the plan)
            part = self._flat_parts.get(key)
        if part is None:
            part = self._flat_part(profile, plans)
            if key is not None:
                self._flat_parts.keep(key, part)
        if part.small:
            return {}
        fits: dict[str, DecodedChoice | None] = dict.fromkeys(part.none)
        if not part.plans:
            return fits
        months = [billed(profile, plan)[0] for plan in part.heads]  # each distinct demand (``billed`` shares them)
        if len(months) == 1:
            demand: Mapping[str, Any] = months[0]
        else:  # plans billing data in different units: each plan's demand, read from the distinct ones
            import numpy as np

            demand = {m: np.asarray([month[m] for month in months], dtype=np.int64)[part.place] for m in METERS}
        flat = self.flat()
        indexes, firsts, counts = part.rows
        totals, chosen, bought = flat.cheapest(indexes, firsts, counts, demand)
        partitions = flat.partitions
        decoded = DecodedChoice.decoded
        for (plan, compiled, alone), head, total, index, packs in zip(part.plans, part.which, totals.tolist(),
                                                                      chosen.tolist(), bought.tolist(), strict=True):
            if total >= INF:
                fits[plan.id] = None
                continue
            partition = partitions[index]
            fits[plan.id] = DecodedChoice(plan.id, (total,), partial(_decode_month, compiled, partition, months[head]),
                                          partition.one_off) if packs else decoded(plan.id, (total,), alone,
                                                                                   partition.one_off)  # (``_alone``)
        return fits

    def _flat_part(self, profile: Profile, plans: Sequence[Plan]) -> _FlatPart:
        """What ``_flat_choices`` reads of ``plans`` for ``profile`` before its demand: the plans it looks up, their
        rows (added to the flat store if new), and the plans it finds nothing fits."""
        required = profile.wants.levels
        plain = not any(required) and not profile.allow_throttling  # every plan's own tables: one structure
        none: list[str] = []
        part: list[tuple[Plan, CompiledPlan, Structure, Demand]] = []
        plain_structure: Structure = (NO_NEEDS, False, MONTHLY)
        for plan in plans:
            compiled = self.plans[plan.id]
            months = billed(profile, plan)
            if len(months) != 1 or compiled.may_install or (plan.app_data and len(months[0]) > len(METERS)) or \
                    compiled.prices_trips(profile):
                continue
            if plain:
                part.append((plan, compiled, plain_structure, months[0]))
                continue
            structure = compiled.structure_of(profile, required)
            if structure is None:
                none.append(plan.id)
                continue
            part.append((plan, compiled, structure, months[0]))
        if len(part) < FLAT_MIN:
            return _FlatPart(True, (), [], [], [], None, ((), (), ()))
        flat = self.flat()
        known = flat.rows_of(plain_structure) if plain else {}
        rows = [known.get(compiled.key) or flat.rows(compiled, structure) for plan, compiled, structure, _ in part]
        none += [part[i][0].id for i, (_, _, count) in enumerate(rows) if not count]  # no partition: nothing fits
        at = [i for i, (_, _, count) in enumerate(rows) if count]
        part, rows = [part[i] for i in at], [rows[i] for i in at]
        seen: dict[int, int] = {}  # each distinct demand's place (plans sharing billing rules share one: ``billed``)
        which = [seen.setdefault(id(month), len(seen)) for *_, month in part]
        heads: list[Plan] = []  # the first plan of each distinct demand, in ``seen``'s order
        for (plan, *_), head in zip(part, which, strict=True):
            if head == len(heads):
                heads.append(plan)
        place = None
        if len(seen) > 1:
            import numpy as np

            place = np.asarray(which, dtype=np.int64)
        indexes, firsts, counts = zip(*rows, strict=True) if rows else ((), (), ())
        return _FlatPart(False, tuple(none), [(plan, compiled, _plan_alone(plan.id, 1)) for plan, compiled, *_ in part],
                         which, heads, place, (indexes, firsts, counts))

    def flat(self) -> Flat:
        """The flat lookup of this catalogue's plans (``flat.Flat``), made on first use and shared with the
        catalogue's ``without_packs`` views (their plans that keep their packs keep their rows)."""
        kept: dict[str, Flat] = self.catalogue.shared("flat")
        found = kept.get("store")
        if found is None:
            from .flat import Flat

            with _FLAT_LOCK:
                found = kept.setdefault("store", Flat())
        return found


def _decode_month(compiled: CompiledPlan, partition: Partition, demand: Demand) -> tuple[Bundle, ...]:
    """The packs of a flat lookup's choice (``Compiled._flat_choices``), as ``cheapest`` then ``bundle``."""
    return (compiled.bundle(partition, compiled.shortfall(demand)),)


def _decode(compiled: CompiledPlan, months: list[Cheapest]) -> tuple[Bundle, ...]:
    return tuple(compiled.bundle(month.partition, month.short) for month in months)


def _alone(plan_id: str, totals: tuple[int, ...], one_off: int) -> DecodedChoice:
    """A choice buying no pack in any month (``Cheapest.packs``): the plan alone, without reading its tables
    again (about four in five of the choices an answer reads on the bench's profiles, most of them for
    ``planner._sure_first``)."""
    return DecodedChoice.decoded(plan_id, totals, _plan_alone(plan_id, len(totals)), one_off)


@lru_cache(maxsize=4096)
def _plan_alone(plan_id: str, months: int) -> tuple[Bundle, ...]:
    """The plan alone each month (bundles are immutable: one tuple a plan, shared by the answers)."""
    return (Bundle(plan_id),) * months
