"""The one cost model: what a bundle costs a profile, as invoice lines in fen.

Nothing else in the project computes money.  The optimisers build their models from the rules
defined here (``pack_price_fen``, ``meter_rule`` and its ``OverageRule.charge``, ``CAPABILITIES``,
``rule_violations``) and every bundle they return is priced again by ``price``.

A bundle is one base plan plus counts of add-on packs, for one month of billed usage (see
``recommender.usage``).  For each meter (data, voice, SMS, roaming data, roaming voice) the
allowance is the plan's plus what the packs add; usage beyond it is charged per started billing
unit at the plan's rate (rounded up to the fen once per line), throttled (data, when the profile
accepts it), or impossible (the bundle does not fit).  Hard needs (uplink, downlink, satellite,
broadband) are met when the plan or one of the packs provides them.

Over a usage history, ``price_history`` prices one bundle per month on one plan, and
``contract`` turns the monthly totals into what the plan really costs over a horizon:
promotions, a one-off fee, a minimum term and a minimum monthly spend.
"""

import itertools
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from .catalogue.model import MB_PER_GB, METERS, UNLIMITED, Catalogue, Pack, Plan, Tariff, Terms, promotion_spans
from .messages import Message, message
from .profile import DAYS_IN_MONTH, Profile, RoamingNeed
from .usage import APP, Demand, billed, extra_demands, pooled_use, trip_use

Chosen = Sequence[tuple[Pack, int]]

METER_LABELS = {  # name, display unit, base units per display unit
    "data_mb": ("data", "GB", 1024),
    "voice_s": ("voice", "min", 60),
    "sms": ("SMS", "msg", 1),
    "roaming_data_mb": ("roaming data", "GB", 1024),
    "roaming_voice_s": ("roaming voice", "min", 60),
}


@dataclass(frozen=True)
class Bundle:
    """One base plan and the packs bought on it (only positive counts, in catalogue order)."""

    plan_id: str
    packs: tuple[tuple[str, int], ...] = ()

    @property
    def pack_count(self) -> int:
        return sum(count for _, count in self.packs)


@dataclass(frozen=True)
class Capability:
    """A hard need met by the best level among the plan and its packs."""

    name: str
    required: Callable[[Profile], int]
    plan_level: Callable[[Plan], int]
    pack_level: Callable[[Pack], int]
    unit: str = ""

    @property
    def direction(self) -> str:
        """What a speed reason or suggestion calls it (``params.direction``): uplink, downlink, broadband."""
        return self.name.removeprefix("min_").removesuffix("_mbps")


CAPABILITIES: tuple[Capability, ...] = (
    Capability("min_uplink_mbps", lambda p: p.wants.levels[0], lambda pl: pl.uplink_mbps, lambda pk: pk.uplink_mbps,
               "Mbps"),
    Capability("min_downlink_mbps", lambda p: p.wants.levels[1], lambda pl: pl.downlink_mbps,
               lambda pk: pk.downlink_mbps, "Mbps"),
    Capability("satellite", lambda p: p.wants.levels[2], lambda pl: int(pl.satellite), lambda pk: int(pk.satellite)),
    Capability("broadband", lambda p: p.wants.levels[3], lambda pl: pl.broadband_mbps, lambda pk: pk.broadband_mbps,
               "Mbps"),
)
"""The hard needs a plan or its packs meet by level: the most any line needs (``Profile.wants``)."""
SATELLITE = 2
"""The satellite's place in ``CAPABILITIES`` (and ``Limits.levels``)."""
SATELLITE_METERS = ("satellite_voice_s", "satellite_sms")


def plan_levels(plan: Plan) -> tuple[int, ...]:
    """What the plan itself gives of each capability (as ``Wants.levels``): kept with the (immutable) plan, asked
    by every bundle priced for a profile with a hard need."""
    found: tuple[int, ...] | None = plan.__dict__.get("_levels")
    if found is None:
        found = plan.__dict__["_levels"] = tuple(cap.plan_level(plan) for cap in CAPABILITIES)
    return found


def needed_for(plan: Plan, pack: Pack, count: int, profile: Profile) -> list[str]:
    """The hard needs a bundle of ``plan`` buys ``count`` of ``pack`` for, named as ``NeedCheck.need`` (a capability's
    name, ``benefit:<tag>``): those the plan alone does not meet (a line's speed it does not serve, ``Wants.unserved``;
    a required benefit it lacks) that the pack meets, as ``capability_level`` counts it: a per-day pack on at least
    the need's days, and in a household a pack sold per SIM a line's own speed (``Wants.by_line``: it serves one line).
    Empty for a pack bought for what it adds (data, minutes, a trip's roaming), which its name says (found by the form
    QA: a live streamer's unlimited plan bought a 5G-A data pack, for its uplink, and nothing said so).  Found in
    review: one day pass bought for its data beside a monthly speed pack was said to be "for the uplink speed" of a
    month-long need."""
    out: list[str] = []
    if any(profile.wants.levels):
        levels = plan_levels(plan)
        unserved: list[Sequence[tuple[int, int]]] = list(profile.wants.unserved(levels))
        if pack.per_line and profile.household:  # (its speeds serve one line: each line's own need, for its days)
            unserved[:SPEEDS] = [[(at, days) for line in profile.wants.by_line(levels) for c, at, days in line
                                  if c == i] for i in range(SPEEDS)]
        for cap, needs in zip(CAPABILITIES, unserved, strict=True):
            if any(cap.pack_level(pack) >= at and (not pack.daily or count >= days) for at, days in needs):
                out.append(cap.name)
    return out + [f"benefit:{tag}" for tag in dict.fromkeys(missing_benefits(plan, profile))
                  if tag in pack.benefits]  # (a benefit required twice: once, as the answer's ``needs`` say it)


def capability_level(cap: Capability, plan: Plan, chosen: Chosen, days: int) -> int:
    """The best level a bundle gives for a need of ``days`` days: the plan's, a monthly pack's, or a
    per-day (per-use) pack's bought on at least ``days`` days (one pack covers the need: packs are not
    switched within a month)."""
    return max([cap.plan_level(plan), *(cap.pack_level(p) for p, n in chosen
                                        if n > 0 and (not p.daily or n >= days))])


def level_assumed(cap: Capability, plan: Plan, chosen: Chosen, days: int, required: int) -> bool:
    """Whether a need is met only on assumed figures (``capability_level``'s parts that reach ``required``, each
    resting on an assumption: 'level:<need>'); found by the hand-check QA: a Chongqing pack's 500 Mbps uplink, an
    assumption, read "uplink_mbps 500 ≥ 400" as a fact."""
    key = f"level:{cap.name}"
    reaching = [key in plan.assumed] if cap.plan_level(plan) >= required else []
    reaching += [key in p.assumed for p, n in chosen
                 if n > 0 and (not p.daily or n >= days) and cap.pack_level(p) >= required]
    return bool(reaching) and all(reaching)


SPEEDS = 2
"""The capabilities a pack sold per SIM (``Pack.per_line``) gives one line: the first ``SPEEDS`` of
``CAPABILITIES`` (uplink, downlink); its satellite and broadband serve the household as any pack's."""

Allocation = tuple[tuple[Pack, tuple[int, ...]], ...]
"""Per pack sold per SIM that a household's bundle buys, the units bought for each line (the holder first)."""


def most_bought(pack: Pack, lines: int) -> int:
    """How many of ``pack`` a bundle may buy: its ``max_count``, on each of a household's ``lines`` (``sims``) for a
    pack sold per SIM (``Pack.per_line``: each SIM stacks at most ``max_count``)."""
    return pack.max_count * lines if pack.per_line else pack.max_count


def sims(profile: Profile) -> int:
    """The lines a household's packs sold per SIM may go on (1: a one-line profile)."""
    return len(profile.lines) if profile.household and profile.lines else 1


def per_line_packs(profile: Profile, chosen: Chosen) -> list[tuple[Pack, int]]:
    """The packs of ``chosen`` sold per SIM that serve one line each: in a household only (on one line, any pack
    serves it)."""
    return [(p, n) for p, n in chosen if n > 0 and p.per_line] if profile.household else []


def allocate(plan: Plan, chosen: Chosen, profile: Profile, caps: Sequence[int] = range(SPEEDS)) -> Allocation | None:
    """How a household bundle's packs sold per SIM serve its lines' speed needs (of the capabilities ``caps``),
    or None when they cannot: each line's need (``Wants.by_line``) not met by the plan and the other packs
    (``capability_level``) is met by a pack sold per SIM bought for that line, once (a monthly pack) or on the
    line's days (a per-day pack: one line needing 3 days and another 5 days take 8); the units bought for the
    lines add up to at most the count bought (more units, bought for their allowances, serve no line).  Exact:
    each line's least choices of such packs, then every way of giving the units to the lines."""
    own = per_line_packs(profile, chosen)
    shared = [(p, n) for p, n in chosen if not (n > 0 and p.per_line)]
    counts = tuple(n for _, n in own)
    options: list[list[tuple[int, ...]]] = []
    for line in profile.wants.by_line(plan_levels(plan)):
        items = [(c, at, days) for c, at, days in line if c in caps
                 and capability_level(CAPABILITIES[c], plan, shared, days) < at]
        found: set[tuple[int, ...]] = set()
        for picks in itertools.product(*([j for j, (p, _) in enumerate(own)
                                           if CAPABILITIES[c].pack_level(p) >= at] for c, at, _ in items)):
            units = [0] * len(own)
            for j, (_, _, days) in zip(picks, items, strict=True):
                units[j] = max(units[j], days if own[j][0].daily else 1)
            if all(u <= min(n, p.max_count) for u, n, (p, _) in zip(units, counts, own, strict=True)):
                found.add(tuple(units))
        if not found:
            return None
        options.append([u for u in found if not any(v != u and all(a <= b for a, b in zip(v, u, strict=True))
                                                    for v in found)])
    seen: set[tuple[int, tuple[int, ...]]] = set()

    def give(i: int, left: tuple[int, ...]) -> list[tuple[int, ...]] | None:
        if i == len(options):
            return []
        if (i, left) in seen:
            return None
        for units in sorted(options[i]):
            rest = tuple(a - b for a, b in zip(left, units, strict=True))
            if min(rest, default=0) >= 0 and (after := give(i + 1, rest)) is not None:
                return [units, *after]
        seen.add((i, left))
        return None

    given = give(0, counts)
    if given is None:
        return None
    return tuple((p, tuple(units[j] for units in given)) for j, (p, _) in enumerate(own))


def pack_price_fen(pack: Pack, plan: Plan) -> int:
    """A pack's price on a plan: free on the plans it names in ``free_with``."""
    return 0 if plan.id in pack.free_with else pack.price_fen


@dataclass(frozen=True)
class OverageRule:
    """How usage beyond a meter's allowance is charged, in started units of ``unit``.

    ``u`` started units cost ``min(cap, charge(u))`` where ``charge`` is ``ceil(u * rate / per)`` or the
    tiers; past ``limit`` units the plan throttles (no further charge) when ``throttled``, else no more
    usage is possible; with no ``limit``, ``throttled`` says the rate of 0 is the plan's throttling, not a rate the
    plan file gives.  ``rate_fen`` None: nothing beyond the allowance.
    """

    unit: int
    rate_fen: int | None
    per: int = 1
    tiers: tuple[tuple[int | None, int], ...] = ()
    cap_fen: int | None = None
    limit: int | None = None
    throttled: bool = False

    def charge(self, units: int) -> int | None:
        """What ``units`` started units cost (None: not possible)."""
        if units <= 0:
            return 0
        if self.rate_fen is None:
            return None
        charged = units
        if self.limit is not None and units > self.limit:
            if not self.throttled:
                return None
            charged = self.limit
        if self.tiers:
            fen, start = 0, 0
            for up_to, rate in self.tiers:
                end = charged if up_to is None else min(charged, up_to)
                if end > start:
                    fen += (end - start) * rate
                start = max(start, end) if up_to is None else up_to
                if start >= charged:
                    break
        else:
            fen = -(-charged * self.rate_fen // self.per)
        return fen if self.cap_fen is None else min(fen, self.cap_fen)

    def tail(self) -> tuple[int, int, int | None]:
        """``(knee, period, fen)``: beyond ``knee`` units, every ``period`` more units cost ``fen`` more
        (None: not possible) — what lets a table stop at a finite size and stay exact."""
        if self.rate_fen is None:
            return 0, 1, None
        # Past a limit each unit is charged as the limit's (throttled) or is impossible, whatever tiers and cap
        # come before it: the limit is the knee.
        if self.limit is not None:
            return self.limit, 1, 0 if self.throttled else None
        knee, period, fen = 0, self.per, self.rate_fen
        if self.tiers:
            knee, period, fen = max((t for t, _ in self.tiers if t is not None), default=0), 1, self.tiers[-1][1]
        if self.cap_fen is not None and fen:  # (no charge beyond the knee: the cap changes nothing past it)
            low, high = 0, max(knee, 1)
            while (self.charge(high) or 0) < self.cap_fen and high < UNLIMITED:
                high *= 2
            while low < high:  # the first unit count at which the cap binds
                mid = (low + high) // 2
                low, high = (mid + 1, high) if (self.charge(mid) or 0) < self.cap_fen else (low, mid)
            knee, period, fen = max(knee, low), 1, 0
        return knee, period, fen


def throttle_fits(plan: Plan, profile: Profile) -> bool:
    """Whether throttled data is acceptable: the person accepts it and it is no slower than a speed need.

    A throttled line (达量限速) is slowed both ways, so an uplink need counts as a downlink need does (found
    by the tariff QA: a livestreamer needing 300 Mbps up was shown the youth card's 300 Mbps as met with a
    third of the month's data throttled to 1 Mbps)."""
    if not profile.allow_throttling or plan.throttle_kbps is None:  # (most profiles and plans: no speed need read;
        return False  # asked of every overage line priced and every plan ``blockers`` reads)
    need = max(CAPABILITIES[0].required(profile), CAPABILITIES[1].required(profile))
    return plan.throttle_kbps >= need * 1000


def meter_rule(plan: Plan, meter: str, profile: Profile) -> OverageRule:
    """How ``meter`` is charged beyond the allowance on ``plan`` for ``profile`` (see ``OverageRule``).

    Data on a throttling plan costs nothing beyond the cap (or beyond its full-speed stretch) when
    the profile accepts throttling at the plan's throttled speed.  The profile decides only that (data's
    ``throttle_fits``): each plan keeps its rules made, per meter and that (an immutable plan's: asked of
    every overage line priced), with their overage line's wording (``Charging``).
    """
    return meter_charging(plan, meter, profile).rule


class Charging(NamedTuple):
    """A meter's ``OverageRule`` on a plan, and the parts of its overage line's label that do not depend on the usage:
    made once per plan, meter and ``throttle_fits`` (``meter_charging``), read by every overage line priced."""

    rule: OverageRule
    code: str
    """``line.overage``, or ``line.overage.tiered`` for tiers or a cap."""
    terms: dict[str, Any]
    """The label's parameters after its quantity: ``rate_fen``, ``currency``, ``per``, ``cap_fen`` if capped and
    ``flat`` if capped with one rate, no tiers."""
    size: dict[str, int]
    """``gb_size``: its last parameter."""


def meter_charging(plan: Plan, meter: str, profile: Profile) -> Charging:
    """``meter_rule`` with its overage label's fixed parts (``Charging``)."""
    fits = meter == "data_mb" and throttle_fits(plan, profile)
    kept: dict[tuple[str, bool], Charging] = plan.__dict__.setdefault("_rules", {})
    found = kept.get((meter, fits))
    if found is None:
        rule = _meter_rule(plan, meter, fits)
        structured = bool(rule.tiers) or rule.cap_fen is not None
        found = kept[(meter, fits)] = Charging(
            rule, "line.overage.tiered" if structured else "line.overage",
            {"rate_fen": rule.rate_fen, "currency": plan.currency, "per": meter,
             **({"cap_fen": rule.cap_fen} if rule.cap_fen is not None else {}),
             **({"flat": True} if structured and not rule.tiers else {})},  # (one rate, capped: not "from")
            gb_size(plan, meter))
    return found


def _meter_rule(plan: Plan, meter: str, fits: bool) -> OverageRule:
    tariff = plan.tariffs[meter]
    if meter != "data_mb" or (tariff.full_speed is None and not tariff.tiers and tariff.cap_fen is None):
        if tariff.rate_fen is None and meter == "data_mb" and plan.throttle_kbps and fits:
            return OverageRule(tariff.unit, 0, throttled=True)
        return OverageRule(tariff.unit, tariff.rate_fen, tariff.per)
    limit = None if tariff.full_speed is None else tariff.full_speed // tariff.unit
    return OverageRule(tariff.unit, tariff.rate_fen, tariff.per, tariff.tiers, tariff.cap_fen, limit, fits)


def app_covered(usage: Mapping[str, int], buckets: Sequence[tuple[frozenset[str], int]]) -> int:
    """The most app usage (MB by category) that app allowances (categories, MB) can cover: a maximum
    flow from allowances to categories, each allowance covering only its own categories."""
    wanted = {c: u for c, u in usage.items() if u > 0}
    pools = [(apps & wanted.keys(), mb) for apps, mb in buckets if mb > 0 and apps & wanted.keys()]
    if not pools:
        return 0
    cats = sorted(wanted)
    # Nodes: 0 source, 1..B allowances, B+1..B+C categories, last sink; augmenting paths (BFS).
    b, c = len(pools), len(cats)
    sink = b + c + 1
    cap: dict[tuple[int, int], int] = {}
    for i, (apps, mb) in enumerate(pools, 1):
        cap[(0, i)] = mb
        for cat in apps:
            cap[(i, b + 1 + cats.index(cat))] = UNLIMITED
    for k, cat in enumerate(cats):
        cap[(b + 1 + k, sink)] = wanted[cat]
    edges: dict[int, set[int]] = {}
    for u, v in list(cap):
        edges.setdefault(u, set()).add(v)
        edges.setdefault(v, set()).add(u)
        cap.setdefault((v, u), 0)
    flow = 0
    while True:
        parent = {0: 0}
        queue = [0]
        while queue and sink not in parent:
            u = queue.pop(0)
            for v in sorted(edges.get(u, ())):
                if v not in parent and cap[(u, v)] > 0:
                    parent[v] = u
                    queue.append(v)
        if sink not in parent:
            return flow
        path, v = [], sink
        while v != 0:
            path.append((parent[v], v))
            v = parent[v]
        push = min(cap[e] for e in path)
        for u, v in path:
            cap[(u, v)] -= push
            cap[(v, u)] += push
        flow += push


def app_usage(demand: Mapping[str, int]) -> dict[str, int]:
    return {key[len(APP):]: mb for key, mb in demand.items() if key.startswith(APP)}


def general_data(plan: Plan, chosen: Chosen, demand: Mapping[str, int]) -> int:
    """The month's data left for general data once app data has covered what it can."""
    if len(demand) == len(METERS):  # no app usage (the common case)
        return demand["data_mb"]
    usage = app_usage(demand)
    if not usage:
        return demand["data_mb"]
    buckets = [*plan.app_data, *((apps, mb * n) for p, n in chosen if n > 0 for apps, mb in p.app_data)]
    return max(0, demand["data_mb"] - min(demand["data_mb"], app_covered(usage, buckets)))


def allowance(plan: Plan, chosen: Chosen, meter: str) -> int:
    return plan.tariffs[meter].included + sum(pack.adds.get(meter, 0) * n for pack, n in chosen)


def overage_units(need: int, included: int, unit: int) -> int:
    """Started billing units beyond the allowance (in integers: exact at any size)."""
    return -(-max(0, need - included) // unit)


def rule_violations(plan: Plan, chosen: Chosen, lines: int = 1) -> list[Message]:
    """Why this combination of packs cannot be bought on this plan (empty when it can; ``lines``: a household's,
    each of which may stack a pack sold per SIM ``max_count`` times)."""
    problems = []
    used = {pack.id for pack, n in chosen if n > 0}
    groups: dict[str, list[str]] = {}
    for pack, n in chosen:
        if n <= 0:
            continue
        if not pack.fits(plan):
            problems.append(message("pack_not_on_plan", pack=pack.id, plan=plan.id))
        most = most_bought(pack, lines)
        if n > most:
            problems.append(message("pack_max_count", pack=pack.id, max=most))
        if pack.group:
            groups.setdefault(pack.group, []).append(pack.id)
        problems.extend(message("packs_exclusive", pack=pack.id, other=other) for other in sorted(pack.excludes & used))
    problems.extend(message("group_once", group=group, packs=tuple(ids)) for group, ids in groups.items()
                    if len(ids) > 1)
    return problems


def missing_benefits(plan: Plan, profile: Profile) -> list[str]:
    """Benefits the person requires that the plan itself lacks (its packs may bring them)."""
    return [tag for tag in profile.benefits_required if tag not in plan.benefits]


class Line(NamedTuple):
    """One invoice line: what it is (``label``, a code for the adapters to word) and what it costs (a
    named tuple: every bill priced has several)."""

    label: Message
    kind: str  # base | pack | overage | throttled | line (an extra line's fee) | day_pass
    fen: int
    ref: str = ""
    quantity: int = 1
    assumed: bool = False
    """Whether the amount rests on an assumed figure (the fee, the price, the rate or an allowance
    that decided the overage) rather than on the source."""
    owner: int | None = 0
    """Whose line it is in a household: 0 the holder, i the i-th extra line, None shared by all."""


class NeedCheck(NamedTuple):
    need: str
    required: int
    provided: int
    met: bool
    assumed: bool = False
    """Met only on estimated figures: every part of the bundle reaching ``required`` (the plan, a pack) gives it on
    an assumption (``level_assumed``; speeds, broadband and satellite)."""


@dataclass(frozen=True, init=False)
class Costing:
    """A priced bundle: invoice lines that add up to ``total_fen``, and what it meets."""

    bundle: Bundle
    operator: str
    lines: tuple[Line, ...]
    needs: tuple[NeedCheck, ...]
    headroom: dict[str, int]
    violations: tuple[Message, ...] = ()
    benefits: frozenset[str] = frozenset()
    one_off_fen: int = 0
    """One-off fees of the packs bought (installation): paid once over the horizon, not monthly."""
    total_fen: int = field(init=False, compare=False, repr=False)
    """The sum of the lines."""
    assumed_fen: int = field(init=False, compare=False, repr=False)
    """The part of the total that rests on assumed figures."""
    overage_fen: int = field(init=False, compare=False, repr=False)
    """The part of the total that is overage."""

    def __init__(self, bundle: Bundle, operator: str, lines: tuple[Line, ...], needs: tuple[NeedCheck, ...],
                 headroom: dict[str, int], violations: tuple[Message, ...] = (),
                 benefits: frozenset[str] = frozenset(), one_off_fen: int = 0) -> None:
        # (frozen: the generated ``__init__`` sets each field through ``object.__setattr__``, 1.4 µs for these
        # eight against 0.4 µs written into the instance's dict, measured; one is made per bundle priced)
        own = self.__dict__
        own["bundle"], own["operator"], own["lines"], own["needs"] = bundle, operator, lines, needs
        own["headroom"], own["violations"], own["benefits"], own["one_off_fen"] = headroom, violations, benefits, \
            one_off_fen
        # (the three sums in one pass, made with the lines: an answer reads them of every bundle it shows, 0.3 µs
        # here against 1.8 µs as three cached properties, each a descriptor call and a generator, measured)
        total = assumed = overage = 0
        for line in lines:
            total += line.fen
            if line.assumed:
                assumed += line.fen
            if line.kind == "overage":
                overage += line.fen
        own["total_fen"], own["assumed_fen"], own["overage_fen"] = total, assumed, overage

    @property
    def meets_needs(self) -> bool:
        """Buyable on its plan and meets every hard need (budget aside)."""
        return not self.violations and all(n.met for n in self.needs)


def resolve(catalogue: Catalogue, bundle: Bundle) -> tuple[Plan, list[tuple[Pack, int]]]:
    plan = catalogue.plan_index[bundle.plan_id]
    return plan, [(catalogue.pack_index[pid], n) for pid, n in bundle.packs]


def one_off_fen(chosen: Chosen) -> int:
    """One-off fees of the packs bought (each pack's once, whatever the count)."""
    return sum(p.install_fen for p, n in chosen if n > 0)


def within(tariff: Tariff, need: int, included: int) -> bool:
    """Whether a meter's use is within the bundle's allowance: nothing to charge or to show (a need
    beyond the plan's own allowance on a meter with no overage is shown: packs meet it)."""
    return need <= free_use(tariff, included)


def free_use(tariff: Tariff, included: int) -> int:
    """The most use of a meter ``within`` the bundle's allowance ``included``: all of it where the meter has an
    overage rate, else no more than the plan's own allowance too (``price`` keeps it per bundle)."""
    return included if tariff.rate_fen is not None else min(included, tariff.included)


def _meter_lines(plan: Plan, profile: Profile, meter: str, need: int, included: int, assumed: bool, owner: int | None,
                 lines: list[Line]) -> NeedCheck | None:
    """Adds to ``lines`` the overage (and throttled) lines of one meter used beyond what is free on it (not
    ``within``: the callers ask first, a bundle's ``free_use`` kept with its fixed part), or returns the need it
    cannot meet."""
    rule, code, terms, size = meter_charging(plan, meter, profile)
    whose = _whose(profile, owner) if owner else NOBODY  # a household's extra line (0: the holder, None: shared)
    units = overage_units(need, included, rule.unit)
    if rule.rate_fen is None:
        shown = need > plan.tariffs[meter].included or units
        # (met on an allowance that rests on an assumption, the plan's or a pack's, is said so: found by the
        # fact-checker's test, 120 GB met on an assumed 100 GB and an assumed 20 GB read as certain in the API and CLI,
        # where the form's bar marked it an estimate)
        return NeedCheck(meter, need, included, units == 0, units == 0 and assumed) if shown else None
    fen = rule.charge(units)
    if fen is None:  # past the full-speed stretch, and throttling is not acceptable
        return NeedCheck(meter, need, included + (rule.limit or 0) * rule.unit, False)
    charged = units if rule.limit is None else min(units, rule.limit)
    # (tiers may start with a free one; a rate of 0 the plan file gives, not throttling's, is billed at that rate:
    # found in review, ``voice_per_minute: 0`` read "voice beyond the allowance: 50 min slowed to  kbps")
    charging = bool(rule.rate_fen or rule.tiers) or (rule.limit is None and not rule.throttled)
    if charging and charged:
        label = Message(code, {"meter": meter, "quantity": charged * rule.unit, **terms, **whose, **size})
        lines.append(Line(label, "overage", fen, meter, charged, assumed, owner))
    elif charged and rule.limit is not None:  # a full-speed stretch with no data rate: used at no charge, and said
        # (found by the tariff-structure review: 3 GB over a 10 GB allowance in a free 5 GB stretch had no line, and
        # the form put the bill's silence down to app data the plan does not have)
        lines.append(Line(message("line.full_speed", meter=meter, quantity=charged * rule.unit, **whose, **size),
                          "overage", 0, meter, charged, assumed or "full_speed" in plan.assumed, owner))
    # Throttled: beyond the full-speed stretch, or everything over on a plan that only throttles.
    throttled = need - included - charged * rule.unit if rule.limit is not None else need - included
    if throttled > 0 and rule.throttled:
        lines.append(Line(message("line.throttled", meter=meter, quantity=throttled, kbps=plan.throttle_kbps, **whose,
                                  **size),  # (in the plan's GB, as the overage line beside it)
                          "throttled", 0, meter, throttled, "throttle" in plan.assumed, owner))
    return None


NOBODY: dict[str, int | str | bool] = {}
"""No line's own (``_meter_lines``' ``whose`` for the holder's or a shared line): read, never written."""


def _whose(profile: Profile, owner: int) -> dict[str, int | str | bool]:
    """The parameters saying whose a household line's own bill line is: ``extra_line`` (its index) or ``holder``, and
    ``line_name`` when the profile names the line, so that its own bill lines say whom they are for as its fee line
    does (found by the households review: "extra line 1 (Mum) monthly fee" above "extra line 1: voice overage")."""
    name = profile.lines[owner].name if profile.lines is not None and owner < len(profile.lines) else None
    whose: dict[str, int | str | bool] = {"extra_line": owner} if owner else {"holder": True}
    return whose | {"line_name": name} if name else whose


def gb_size(plan: Plan, meter: str) -> dict[str, int]:
    """``{"mb_per_gb": n}`` for a data meter of a plan that bills data in GB of ``n`` MB other than
    1024 (its rates are per such GB, so its lines count them): the adapters' unit for that line."""
    size = plan.billing.mb_per_gb
    return {"mb_per_gb": size} if size != MB_PER_GB and meter in ("data_mb", "roaming_data_mb") else {}


def _overage_assumed(plan: Plan, chosen: Chosen, meter: str) -> bool:
    """The overage rests on the rate and on every allowance that decided how much is over."""
    return rate_assumed(plan, meter) or any(allowance_assumed(p, meter) for p, k in chosen if k > 0)


def fee_assumed(plan: Plan) -> bool:
    """Whether the plan's monthly fee rests on an assumption."""
    return "fee" in plan.assumed


def price_assumed(pack: Pack, unit_fen: int) -> bool:
    """Whether what a pack costs on a plan (``unit_fen`` each) rests on an assumption (free: it does not)."""
    return unit_fen > 0 and "price" in pack.assumed


def rate_assumed(plan: Plan, meter: str) -> bool:
    """Whether a meter's overage on the plan rests on an assumed rate or allowance of the plan."""
    return f"rate:{meter}" in plan.assumed or meter in plan.assumed


def allowance_assumed(pack: Pack, meter: str) -> bool:
    """Whether a pack's allowance on a meter (which decides how much is over) is assumed."""
    return meter in pack.assumed and bool(pack.adds.get(meter))


def roaming_priced(plan: Plan, profile: Profile) -> bool:
    """Whether roaming is priced trip by trip (day passes, rates by zone) rather than as one allowance."""
    trips = profile_trips(profile)
    return bool(trips) and any((plan.day_pass is not None and plan.day_pass.covers(t.zone))
                               or t.zone in plan.zone_rates for t in trips)


def months_roaming_priced(plan: Plan, profile: Profile) -> list[bool]:
    """``roaming_priced`` for each usage month, on its own trips (``Profile.in_month``)."""
    count = len(profile.months or (None,))
    if not profile.travels:  # (most profiles: no trip in any month, asked of every plan)
        return [False] * count
    return [roaming_priced(plan, profile.in_month(i)) for i in range(count)]


def profile_trips(profile: Profile) -> tuple[RoamingNeed, ...]:
    return profile.wants.trips


ROAMING = ("roaming_data_mb", "roaming_voice_s")


def roaming_lines(plan: Plan, profile: Profile, allowances: tuple[int, int],
                  passes: frozenset[int]) -> tuple[list[Line], int, tuple[int, int]]:
    """Roaming trip by trip with day passes on the trips in ``passes``: the pool (plan and packs)
    covers what the passes leave, in the order of the trips; beyond it each trip pays its zone's
    rate per started unit, or the bundle does not fit.  Returns the lines, how many trips it covers,
    and what is left of the pool."""
    lines: list[Line] = []
    left = list(allowances)
    uncovered: set[int] = set()
    day = plan.day_pass
    for i, trip in enumerate(profile_trips(profile)):
        use = list(trip_use(trip))
        if i in passes and day is not None:
            days = trip.trip_days
            lines.append(Line(message("line.day_pass", trip=i + 1, days=days, zone=trip.zone,
                                      currency=plan.currency, price_fen=day.price_fen),
                              "day_pass", day.price_fen * days, "day_pass", days, "day_pass" in plan.assumed, None))
            use = [max(0, use[0] - days * day.data_mb), max(0, use[1] - days * day.voice_s)]
        for k, meter in enumerate(ROAMING):
            cover = min(use[k], left[k])
            left[k] -= cover
            over = use[k] - cover
            if not over:
                continue
            rate = plan.zone_rates[trip.zone][k] if trip.zone is not None and trip.zone in plan.zone_rates else None
            if rate is None:
                uncovered.add(i)
                continue
            unit = plan.tariffs[meter].unit
            units = -(-over // unit)
            lines.append(Line(message("line.roaming_overage", meter=meter, zone=trip.zone, trip=i + 1,
                                      quantity=units * unit, rate_fen=rate, currency=plan.currency, per=meter,
                                      **gb_size(plan, meter)),
                              "overage", units * rate, meter, units,
                              f"zone:{trip.zone}:{meter}" in plan.assumed or meter in plan.assumed, None))
    return lines, len(profile_trips(profile)) - len(uncovered), (left[0], left[1])


def roaming_best(plan: Plan, profile: Profile,
                 allowances: tuple[int, int]) -> tuple[list[Line], int, tuple[int, int]]:
    """The cheapest way to roam on this bundle: day passes on the trips where they pay (the most
    trips covered first, so fitting first, then least cost, then fewest passes, then the earliest
    trips)."""
    trips = profile_trips(profile)
    day = plan.day_pass
    can = [i for i, t in enumerate(trips) if day is not None and day.covers(t.zone)]
    best: tuple[tuple[int, int, int], tuple[list[Line], int, tuple[int, int]]] | None = None
    for r in range(len(can) + 1):
        for passes in itertools.combinations(can, r):
            found = roaming_lines(plan, profile, allowances, frozenset(passes))
            key = (len(trips) - found[1], sum(line.fen for line in found[0]), r)
            if best is None or key < best[0]:
                best = (key, found)
    assert best is not None
    return best[1]


def lines_short(plan: Plan, profile: Profile) -> tuple[int, int] | None:
    """``(extra lines the household needs, extra lines the plan takes)`` when the plan takes too few
    (None: enough, or not a household)."""
    if not profile.household or profile.lines is None:
        return None
    have, wanted = plan.extra_lines.max if plan.extra_lines else 0, len(profile.lines) - 1
    return (wanted, have) if wanted > have else None


def extra_line_charges(plan: Plan, profile: Profile) -> tuple[list[Line], list[NeedCheck]]:
    """A household's extra lines on ``plan``: each line's fee, and its overage on what it does not share."""
    if not profile.household or profile.lines is None:
        return [], []
    if short := lines_short(plan, profile):
        return [], [NeedCheck("extra_lines", *short, False)]
    extra = plan.extra_lines
    assert extra is not None
    lines, checks = [], []
    for i, demand in enumerate(extra_demands(profile, plan), 1):
        lines.append(Line(message("line.extra_line", line=i, name=profile.lines[i].name or ""), "line",
                          extra.fee_fen, f"line:{i}", 1, extra.assumed, i))
        for meter in ("data_mb", "voice_s", "sms"):
            if meter in extra.shared:
                continue
            included = extra.per_line.get(meter, 0)
            if within(plan.tariffs[meter], demand[meter], included):
                continue
            check = _meter_lines(plan, profile, meter, demand[meter], included,
                                 extra.assumed or f"rate:{meter}" in plan.assumed, i, lines)
            if check is not None:
                checks.append(NeedCheck(f"line{i}:{meter}", check.required, check.provided, check.met, check.assumed))
    return lines, checks


Unserved = tuple[tuple[tuple[int, int], ...], ...]
"""Per capability, the needs a plan does not serve (``Wants.unserved``)."""


class Fixed(NamedTuple):
    """What a bundle's bill holds whatever the usage: its plan and packs, the base-fee and pack lines,
    the allowances, what cannot be bought together, the benefits and the one-off fees.  Made once
    per bundle and catalogue (``fixed``): the shown plans of every answer reuse them, and the checks of the
    hard needs asked of it (``kept_capability_checks``)."""

    plan: Plan
    chosen: Chosen
    lines: tuple[Line, ...]
    meters: tuple[tuple[str, int, int, bool], ...]
    """Per meter (``METERS``' order): its allowance, its ``free_use`` and whether its overage is assumed."""
    violations: tuple[Message, ...]
    benefits: frozenset[str]
    one_off_fen: int
    capabilities: dict[tuple[tuple[int, ...], Unserved], tuple[NeedCheck, ...]]
    """``capability_checks`` per levels needed and needs the plan does not serve (``kept_capability_checks``)."""


MAX_FIXED = 2048
"""Bundles whose fixed part a catalogue (with its views) keeps, then it starts again: about 2.6 KB each;
3,000 varied profiles' top-10 answers on the shipped catalogue use 96 (the enumerator, which prices
every combination, goes through more)."""
MAX_KEPT_CHECKS = 16
"""The most sets of hard needs a bundle's fixed part keeps its checks for (``kept_capability_checks``), then it starts
again: about 1.3 KB each, so at most ~42 MB a process over ``MAX_FIXED`` bundles however varied the needs asked
(64 would allow ~170 MB); the bench's 1,000 random profiles ask at most 3 of any bundle."""


def fixed(catalogue: Catalogue, bundle: Bundle, household: bool, line_count: int = 1) -> Fixed:
    """The usage-independent part of ``bundle``'s bill (a household's pack lines are shared by its lines;
    ``line_count``: its lines, each may stack a pack sold per SIM)."""
    kept: dict[tuple[str, tuple[tuple[str, int], ...], bool, int], Fixed] = catalogue.shared("fixed")  # (its views
    # share it; keyed by the bundle's fields, strings and ints hashed and compared in C, where the bundle's own
    # dataclass methods are Python functions: each answer's bundles are new objects)
    key = (bundle.plan_id, bundle.packs, household, line_count)
    found = kept.get(key)
    if found is not None:
        return found
    plan, chosen = resolve(catalogue, bundle)
    lines = [Line(message("line.base", plan=plan.id), "base", plan.fee_fen, plan.id, 1, fee_assumed(plan))]
    for pack, n in chosen:
        unit_fen = pack_price_fen(pack, plan)
        label = message("line.pack", pack=pack.id, count=n, free=unit_fen == 0 and pack.price_fen > 0,
                        per_use=pack.billing == "per_use", per_day=pack.billing == "per_day")
        lines.append(Line(label, "pack", unit_fen * n, pack.id, n, price_assumed(pack, unit_fen),
                          None if household else 0))
    found = Fixed(
        plan, tuple(chosen), tuple(lines),
        tuple((meter, included, free_use(plan.tariffs[meter], included), _overage_assumed(plan, chosen, meter))
              for meter in METERS for included in [allowance(plan, chosen, meter)]),
        tuple(rule_violations(plan, chosen, line_count)),
        plan.benefits.union(*(p.benefits for p, n in chosen if n > 0)) if chosen else plan.benefits,
        one_off_fen(chosen),
        {},
    )
    if len(kept) >= MAX_FIXED:
        kept.clear()
    kept[key] = found
    return found


def _per_line_lines(plan: Plan, profile: Profile, lines: list[Line], allocation: Allocation) -> list[Line]:
    """A household bill's lines with each pack sold per SIM split by whom it is bought for (``allocate``): one
    line per line it serves (its units there), then the units no line's speed needed, shared (bought for their
    allowances).  Without an allocation (the bundle does not meet the needs), the pack stays shared."""
    split = {p.id: (p, units) for p, units in allocation}
    out = []
    for line in lines:
        if line.kind != "pack" or line.ref not in split:
            out.append(line)
            continue
        pack, units = split[line.ref]
        unit_fen = pack_price_fen(pack, plan)
        whose = [(owner, k) for owner, k in enumerate(units) if k > 0]
        rest = line.quantity - sum(units)
        for owner, k in [*whose, *([(None, rest)] if rest > 0 else [])]:
            label = message("line.pack", pack=pack.id, count=k, free=unit_fen == 0 and pack.price_fen > 0,
                            per_use=pack.billing == "per_use", per_day=pack.billing == "per_day",
                            **({} if owner is None else _whose(profile, owner)))
            out.append(line._replace(label=label, fen=unit_fen * k, quantity=k, owner=owner))
    return out


def _unused_pool(plan: Plan, profile: Profile) -> dict[str, int]:
    """What a household's extra lines add to a shared pool beyond what all its lines use: the demand billed
    stops at nothing left to pay for, so the headroom adds it back (found by QA: three lines of 1 GB on a plan
    whose two extra lines add 20 GB showed 100 GB of headroom, not 117)."""
    extra = plan.extra_lines
    if extra is None or profile.lines is None:
        return {}
    used = pooled_use(profile, plan)
    return {meter: max(0, extra.pooled(meter, len(profile.lines) - 1) - used[meter]) for meter in extra.shared}


def capability_checks(plan: Plan, chosen: Chosen, levels: Sequence[int], unserved: Unserved,
                      speeds_met: Sequence[bool] = ()) -> list[NeedCheck]:
    """A bundle's check of each hard need of ``levels``: the level it gives on the fastest need's days, met when it
    meets each line's need the plan does not serve for its own days (``unserved``; the plan serves every line: its
    level, a month).  ``speeds_met``: per speed, whether a household's packs sold per SIM serve each line's own and
    the lines' together (``allocate``), which decides the speed instead."""
    out = []
    for i, (cap, required, parts) in enumerate(zip(CAPABILITIES, levels, unserved, strict=True)):
        if required:
            checks = parts or ((required, DAYS_IN_MONTH),)
            level = capability_level(cap, plan, chosen, checks[0][1])  # (the fastest need's)
            met = level >= checks[0][0] if len(checks) == 1 else \
                all(capability_level(cap, plan, chosen, days) >= at for at, days in checks)
            if i < len(speeds_met):
                met = speeds_met[i]
            out.append(NeedCheck(cap.name, required, level, met, met and any(
                level_assumed(cap, plan, chosen, days, at) for at, days in checks)))
    return out


def kept_capability_checks(known: Fixed, levels: tuple[int, ...], unserved: Unserved) -> tuple[NeedCheck, ...]:
    """``capability_checks`` of a bundle without packs sold per SIM serving a household's lines, kept with its fixed
    part per levels needed and needs unserved: they read nothing else of the profile (answers ask a few, of every
    plan shown)."""
    kept = known.capabilities
    found = kept.get((levels, unserved))
    if found is None:
        if len(kept) >= MAX_KEPT_CHECKS:
            kept.clear()
        found = kept[(levels, unserved)] = tuple(capability_checks(known.plan, known.chosen, levels, unserved))
    return found


def price(catalogue: Catalogue, profile: Profile, bundle: Bundle, demand: Demand | None = None) -> Costing:
    """Price a bundle for one month of billed usage: the definition of cost used everywhere.

    ``demand`` defaults to the profile's (only) month, billed under the bundle's plan's rules.
    """
    household = profile.household
    kept = fixed(catalogue, bundle, household, sims(profile))
    plan, chosen, fixed_lines, meters, violations, benefits, one_off, _ = kept
    demand = demand if demand is not None else billed(profile, plan)[0]
    shared = plan.extra_lines.shared if household and plan.extra_lines else frozenset()
    lines = list(fixed_lines)
    needs: list[NeedCheck] = []
    headroom: dict[str, int] = {}
    by_trip = roaming_priced(plan, profile)
    unused_pool = _unused_pool(plan, profile) if shared else {}
    data = general_data(plan, chosen, demand)
    for meter, included, free, assumed in meters:
        if by_trip and meter in ROAMING:
            continue
        need = data if meter == "data_mb" else demand[meter]
        if included >= UNLIMITED:
            headroom[meter] = -1
        else:  # (comparisons, and the pool read only where there is one: five meters of every bundle priced)
            room = included - need if included > need else 0
            headroom[meter] = room + unused_pool.get(meter, 0) if unused_pool else room
        if need <= free:  # ``within`` (its ``free_use`` kept with the bundle's fixed part)
            continue
        check = _meter_lines(plan, profile, meter, need, included, assumed, None if meter in shared else 0, lines)
        if check is not None:
            needs.append(check)
    if by_trip:
        pool = {meter: allowed for meter, allowed, *_ in meters if meter in ROAMING}
        trip_lines, covered, left = roaming_best(plan, profile, (pool[ROAMING[0]], pool[ROAMING[1]]))
        lines.extend(trip_lines)
        for meter, rest in zip(ROAMING, left, strict=True):
            headroom[meter] = rest if rest < UNLIMITED // 2 else -1
        trips = len(profile_trips(profile))
        needs.append(NeedCheck("roaming", trips, covered, covered == trips))
    if household:
        extra_lines, extra_checks = extra_line_charges(plan, profile)
        lines.extend(extra_lines)
        needs.extend(extra_checks)
    own = per_line_packs(profile, chosen)
    allocation = allocate(plan, chosen, profile) if own else None
    if own:  # packs sold per SIM: each bought for the lines it serves (``allocate``), the rest shared
        lines = _per_line_lines(plan, profile, lines, allocation or tuple((p, ()) for p, _ in own))
    wants = profile.wants
    if any(wants.levels):
        unserved = wants.unserved(plan_levels(plan))
        if own:  # each line's own speed, the lines' together (``allocate``, which reads the lines: not kept)
            needs += capability_checks(plan, chosen, wants.levels, unserved, [
                bool(wants.levels[c]) and allocation is not None and allocate(plan, chosen, profile, (c,)) is not None
                for c in range(SPEEDS)])
        else:
            needs += kept_capability_checks(kept, wants.levels, unserved)
    for tag in profile.benefits_required:
        needs.append(NeedCheck(f"benefit:{tag}", 1, int(tag in benefits), tag in benefits))
    return Costing(bundle, plan.operator, tuple(lines), tuple(needs), headroom, violations, benefits, one_off)


class Contract(NamedTuple):
    """What a plan really costs over a horizon, from its monthly totals and its terms (a named
    tuple: one is made for every plan of every answer)."""

    first_month_fen: int
    horizon_total_fen: int
    horizon_months: int
    worst_month_fen: int
    """The largest bill paid (``worst_month``): a month of the horizon with its promotion and the minimum
    spend, the first with the one-off fees, or a month a minimum term still owes beyond the horizon."""

    @property
    def effective_monthly_fen(self) -> int:
        """The horizon total per month, rounded half up to the fen (for display; rank on the total)."""
        return (2 * self.horizon_total_fen + self.horizon_months) // (2 * self.horizon_months)


NO_TERMS = Terms()


def month_fee_fen(plan: Plan, month: int) -> int:
    """The base fee of contract month ``month`` (0-based): the first promotion covering it, else the fee."""
    return next((fee for months, fee in plan.terms.promotions if month < months), plan.fee_fen)


def horizon_charges(plan: Plan, history_months: int, horizon_months: int) -> tuple[tuple[tuple[int, int], ...], ...]:
    """How each history month is charged over the horizon: per history month j, the pairs
    ``(fee change, times)`` for the horizon months ``i`` that repeat it (``i mod n == j``).

    The fee change is the promotion's fee minus the base fee in a promoted month, else 0; the
    ``times`` of history month j add up to its weight (``weights``).  A month is charged
    ``max(its total + fee change, minimum monthly spend)``.
    """
    out: list[dict[int, int]] = [{} for _ in range(history_months)]
    for i in range(horizon_months):
        change = month_fee_fen(plan, i) - plan.fee_fen
        slot = out[i % history_months]
        slot[change] = slot.get(change, 0) + 1
    return tuple(tuple(sorted(slot.items())) for slot in out)


def weights(history_months: int, horizon_months: int) -> tuple[int, ...]:
    """How many times each history month appears in the horizon (the history repeats in order)."""
    laps, rest = divmod(horizon_months, history_months)
    return tuple(laps + (j < rest) for j in range(history_months))


def owed_fen(plan: Plan, horizon_months: int) -> int:
    """What a minimum term that outlasts the horizon still owes for its remaining months.

    Each remaining month is owed what a month with no usage and no packs costs under the terms:
    its base fee (the promotional fee if a promotion covers it), floored at the minimum monthly
    spend — the floor is a floor on every bill of the term, so an owed month pays at least it.
    """
    terms = plan.terms
    return sum(max(month_fee_fen(plan, i), terms.minimum_monthly_spend_fen)
               for i in range(horizon_months, terms.minimum_term_months))


def month_bills(plan: Plan, month_totals: Sequence[int], horizon_months: int, one_off: int = 0) -> tuple[int, ...]:
    """Each bill ``contract`` adds up, in order: horizon month i pays the history's month ``i mod n`` with the base
    fee replaced by a promotion's while one lasts, floored at the minimum monthly spend (the first also the one-off
    fees); then each month a minimum term still owes past the horizon (``owed_fen``).  Their sum is the horizon
    total and their largest the worst month (``contract`` in closed form, proved equal by the tests): what bills of
    several plans paid side by side add up to month by month (a household's separate plans)."""
    terms = plan.terms
    floor, n = terms.minimum_monthly_spend_fen, len(month_totals)
    change = [month_fee_fen(plan, i) - plan.fee_fen for i in range(horizon_months)] if terms.promotions else \
        [0] * horizon_months
    bills = [max(month_totals[i % n] + change[i], floor) for i in range(horizon_months)]
    bills[0] += terms.one_off_fen + one_off
    return (*bills, *(max(month_fee_fen(plan, i), floor) for i in range(horizon_months, terms.minimum_term_months)))


def contract(plan: Plan, month_totals: Sequence[int], horizon_months: int, one_off: int = 0) -> Contract:
    """Apply ``plan``'s terms over ``horizon_months``, the usage history repeating in order.

    Horizon month i pays the history's month ``i mod n``, with the base fee replaced by the
    promotional fee while a promotion lasts, floored at the minimum monthly spend; the one-off fee
    is paid in the first month (with ``one_off``, the packs' installation fees); a minimum term
    longer than the horizon still owes its remaining months (``owed_fen``).  The horizon total is the
    effective price's one definition (``recommender.objective``); every engine minimises it.
    """
    terms = plan.terms
    if terms.none and len(month_totals) == 1:  # one month, no terms (``NO_TERMS``): that month, horizon times
        month = month_totals[0]
        return Contract(month + one_off, month * horizon_months + one_off, horizon_months, month + one_off)
    if terms.none:  # the common case, in closed form: the history repeats, nothing else changes
        first = month_totals[0] + one_off
        weighted = tuple(zip(weights(len(month_totals), horizon_months), month_totals, strict=True))
        return Contract(first, sum(w * t for w, t in weighted) + one_off, horizon_months,
                        max(first, *(t for w, t in weighted if w)))  # (a history longer than the horizon)
    floor = terms.minimum_monthly_spend_fen
    charges = horizon_charges(plan, len(month_totals), horizon_months)
    total = sum(times * max(fen + change, floor)
                for fen, slot in zip(month_totals, charges, strict=True) for change, times in slot)
    first = max(month_totals[0] + month_fee_fen(plan, 0) - plan.fee_fen, floor) + terms.one_off_fen + one_off
    worst = max(first, *(max(fen + slot[-1][0], floor) for fen, slot in zip(month_totals, charges, strict=True)
                         if slot))  # (a slot's changes are sorted: its last is its dearest month)
    if terms.minimum_term_months > horizon_months:
        worst = max(worst, max(max(month_fee_fen(plan, i), floor)
                               for i in range(horizon_months, terms.minimum_term_months)))
    return Contract(
        first_month_fen=first,
        horizon_total_fen=total + terms.one_off_fen + one_off + owed_fen(plan, horizon_months),
        horizon_months=horizon_months,
        worst_month_fen=worst,
    )


def bought(bundles: Sequence[Bundle]) -> list[str]:
    """The packs bought in any month of a history, each once, in the order first bought."""
    return list(dict.fromkeys(pid for b in bundles for pid, n in b.packs if n > 0))


def installed(catalogue: Catalogue, bundles: Sequence[Bundle]) -> list[Pack]:
    """The packs with an installation fee bought in any month of a history, each once, in the order first bought:
    each fee is paid once over the horizon."""
    return [pack for pack in map(catalogue.pack_index.__getitem__, bought(bundles)) if pack.install_fen]


def bundles_one_off(catalogue: Catalogue, bundles: Sequence[Bundle]) -> int:
    """The one-off fees of every pack bought in any month of a history, each once (``installed``)."""
    return sum(pack.install_fen for pack in installed(catalogue, bundles))


def contract_terms(catalogue: Catalogue, plan: Plan, bundles: Sequence[Bundle], horizon_months: int | None = None
                   ) -> list[Message]:
    """What the price over the horizon adds to the monthly bills, as the operator sells it: the plan's promotions,
    one-off fee, minimum term and minimum monthly spend, and the installation fee of each pack bought (found by
    the tariff QA: charged in ``horizon_total_fen``, named nowhere, a 24-month term among them).  A minimum term that
    outlasts ``horizon_months`` says the months it still owes past it and what they cost (``owed_fen``: in the
    price; found by the contract-horizon test, ¥2,256.00 of a 36-month term folded into "¥267.29 a month on average
    over 24 months", said nowhere)."""
    money = plan.currency
    terms = plan.terms
    out: list[Message] = []
    if terms.promotions:  # (most plans have none, and most bundles no pack: each recommendation asks)
        spans = promotion_spans([months for months, _ in terms.promotions])
        out = [message("term.promotion", months=last, fee_fen=fee, currency=money, first=first)
               for (first, last), (_, fee) in zip(spans, terms.promotions, strict=True)]
    if terms.one_off_fen:
        out.append(message("term.one_off", fee_fen=terms.one_off_fen, currency=money))
    if any(bundle.packs for bundle in bundles):
        out += [message("term.installation", pack=pack.id, fee_fen=pack.install_fen, currency=money)
                for pack in installed(catalogue, bundles)]
    if terms.minimum_term_months:
        past = terms.minimum_term_months - (horizon_months or terms.minimum_term_months)
        owed = {"past": past, "owed_fen": owed_fen(plan, horizon_months), "currency": money} \
            if past > 0 and horizon_months else {}
        out.append(message("term.minimum_term", months=terms.minimum_term_months, **owed))
    if terms.minimum_monthly_spend_fen:
        out.append(message("term.minimum_spend", fee_fen=terms.minimum_monthly_spend_fen, currency=money))
    return out


def in_price(code: str, params: Mapping[str, object]) -> bool:
    """Whether a term of ``contract_terms`` (``code``, ``params``) is in the price beyond the months' bills: every one
    but an installation fee taken as paid (``paid``: a plan kept) and a minimum term owing nothing past the horizon (no
    ``owed_fen``), which a card lists and its price leaves out (found in review: a kept plan's month table said "the
    price above includes them" of its minimum term and a paid installation)."""
    if code == "term.installation":
        return not params.get("paid")
    return code != "term.minimum_term" or "owed_fen" in params


def subscription_violations(catalogue: Catalogue, bundles: Sequence[Bundle]) -> list[Message]:
    """A subscription pack is kept in the same count every month of a history."""
    counts = [dict(b.packs) for b in bundles]
    subscribed = {pid for c in counts for pid in c if catalogue.pack_index[pid].subscription}
    return [message("subscription_changes", pack=pid) for pid in sorted(subscribed)
            if len({c.get(pid, 0) for c in counts}) > 1]


@dataclass(frozen=True, init=False)
class History:
    """One plan priced over every month of a usage history."""

    months: tuple[Costing, ...]
    contract: Contract
    violations: tuple[Message, ...] = ()

    def __init__(self, months: tuple[Costing, ...], contract: Contract, violations: tuple[Message, ...] = ()) -> None:
        own = self.__dict__  # (as ``Costing``'s: one per plan shown)
        own["months"], own["contract"], own["violations"] = months, contract, violations

    @property
    def assumed_fen(self) -> int:
        months = self.months
        return months[0].assumed_fen if len(months) == 1 else sum(c.assumed_fen for c in months)

    @property
    def total_fen(self) -> int:
        months = self.months  # (one month, most answers: its total, without a generator)
        return months[0].total_fen if len(months) == 1 else sum(c.total_fen for c in months)

    @property
    def meets_needs(self) -> bool:
        return not self.violations and all(c.meets_needs for c in self.months)


def price_history(catalogue: Catalogue, profile: Profile, bundles: Sequence[Bundle]) -> History:
    """Price one bundle per usage month (all on one plan), then the plan's terms over the horizon."""
    plan = catalogue.plan_index[bundles[0].plan_id]
    demands = billed(profile, plan)
    if len(bundles) == 1 == len(demands):  # one month (on its plan): its packs' one-off fees, no subscription to keep
        month = price(catalogue, profile.in_month(0), bundles[0], demands[0])
        return History((month,), contract(plan, (month.total_fen,), profile.horizon_months, month.one_off_fen))
    if len(bundles) != len(demands) or any(b.plan_id != plan.id for b in bundles):
        raise ValueError("one bundle per usage month, all on the same plan")
    months = tuple(price(catalogue, profile.in_month(i), b, d)
                   for i, (b, d) in enumerate(zip(bundles, demands, strict=True)))
    terms = contract(plan, [c.total_fen for c in months], profile.horizon_months,
                     bundles_one_off(catalogue, bundles))
    return History(months, terms, tuple(subscription_violations(catalogue, bundles)))


@dataclass(frozen=True)
class Limits:
    """What no bundle on a plan can exceed, whatever packs are bought: computed once per catalogue
    (and per view of it without some packs), since it does not depend on the profile."""

    levels: tuple[int, ...]
    """Per capability (``CAPABILITIES``), the best level of the plan and its packs."""
    most: Mapping[str, int]
    """Per meter, the plan's allowance plus the most its packs can add together (``most_added``)."""
    pack_benefits: frozenset[str]
    capped: Mapping[bool, tuple[tuple[str, int], ...]]
    """The meters with a hard cap, when the profile does not / does accept throttling: each with what may be used
    beyond ``most`` (0: no overage; a full-speed stretch charged at the rate, then nothing when not throttled)."""
    app_packs: tuple[tuple[Pack, int], ...]
    """The packs that bring app data, each at its most (``hardest_month``)."""
    per_line_most: Mapping[str, int]
    """Per meter, the most the packs sold per SIM add on one line (in a household each line may buy them:
    ``most_bought``), 0 without such packs."""
    usable: Mapping[bool, tuple[tuple[str, int], ...]]
    """``most_usable`` of one line, when the profile does not / does accept throttling (``throttle_fits``), as pairs
    in ``capped``'s order: what ``blockers`` compares the hardest month with, for each plan an answer left out."""
    day_limited: tuple[tuple[int, tuple[tuple[int, int | None], ...]], ...] | None
    """Per capability with a speed, the most a pack not bought by the day or use gives (0: none) and the packs that
    give it, as ``(level, max_count)``, the count None for a pack not bought by the day or use (``_day_blockers``);
    the packs empty where no pack bought by the day or use gives more than that most, which is then never short;
    None when that is so of every capability (most plans: ``blockers`` asks nothing more)."""
    by_levels: dict[tuple[int, ...], tuple[Message, ...]] = field(default_factory=dict, compare=False, repr=False)
    """``blockers``' capability reasons per levels needed (``_capability_blockers``), kept as asked."""


EXACT_UP_TO = 12
"""``most_added`` weighs every allowed set of up to this many packs adding to a meter (beyond, their sum)."""


def most_added(packs: Sequence[Pack], meter: str) -> int:
    """The most that packs bought together can add to ``meter``: each at its most, at most one of a group, never
    two where one excludes the other (found by QA: the Unicom youth card's three data packs, which exclude each
    other, were summed to 160 GB, so 150 GB needed was put down to "no combination", not to its 130 GB cap).
    Exact over up to ``EXACT_UP_TO`` packs adding to the meter; beyond, their sum, still a bound."""
    adding = [p for p in packs if p.adds.get(meter, 0) > 0]
    amounts = [p.adds[meter] * p.max_count for p in adding]
    clash = [{j for j, q in enumerate(adding) if j != i and (q.id in p.excludes or p.id in q.excludes
                                                            or (p.group is not None and p.group == q.group))}
             for i, p in enumerate(adding)]
    if len(adding) > EXACT_UP_TO or not any(clash):
        return sum(amounts)

    def best(i: int, taken: frozenset[int]) -> int:
        if i == len(adding):
            return 0
        without = best(i + 1, taken)
        return without if clash[i] & taken else max(without, amounts[i] + best(i + 1, taken | {i}))

    return best(0, frozenset())


def _hard_cap(plan: Plan, profile: Profile) -> Iterator[tuple[str, int]]:
    """The meters ``profile`` cannot use without limit on ``plan``, each with what it may use beyond the allowance
    and packs: nothing without a rate; a full-speed stretch when the plan then throttles and the profile does not
    take it (found by the tariff QA: such a plan was left out with "no combination" rather than its data cap)."""
    for meter in METERS:
        rule = meter_rule(plan, meter, profile)
        if rule.rate_fen is None:
            yield meter, 0
        elif rule.limit is not None and not rule.throttled:
            yield meter, rule.limit * rule.unit


def limits(catalogue: Catalogue, plan: Plan) -> Limits:
    kept: dict[str, Limits] = catalogue.__dict__.setdefault("_limits", {})
    found = kept.get(plan.id)
    if found is None:
        packs = catalogue.packs_for(plan)
        most = {m: plan.tariffs[m].included + most_added(packs, m) for m in METERS}
        capped = {flag: tuple(_hard_cap(plan, profile)) for flag, profile in ((False, Profile(allow_throttling=False)),
                                                                            (True, Profile(allow_throttling=True)))}
        per_line_most = {m: sum(p.adds.get(m, 0) * most_bought(p, 1) for p in packs if p.per_line) for m in METERS}
        found = Limits(
            tuple(max([cap.plan_level(plan), *(cap.pack_level(p) for p in packs)]) for cap in CAPABILITIES),
            most,
            frozenset().union(*(p.benefits for p in packs)),
            capped,
            tuple((p, p.max_count) for p in packs if p.app_data),
            per_line_most,
            {flag: _usable(most, per_line_most, pairs, 1) for flag, pairs in capped.items()},
            _day_limited(packs),
        )
        kept[plan.id] = found
    return found


def most_usable(catalogue: Catalogue, plan: Plan, profile: Profile) -> dict[str, int]:
    """Per meter with a hard limit on ``plan`` for ``profile``, the most a month may use on it whatever packs are
    bought (the allowance, the packs at their most, what the plan lets pass beyond them; in a household the packs
    sold per SIM on each line).  A meter not listed has no limit."""
    return dict(_most_usable(limits(catalogue, plan), plan, profile))


def _most_usable(known: Limits, plan: Plan, profile: Profile) -> tuple[tuple[str, int], ...]:
    """``most_usable`` as pairs (one line's kept with the plan's ``Limits``)."""
    lines, flag = sims(profile), throttle_fits(plan, profile)
    return known.usable[flag] if lines == 1 else _usable(known.most, known.per_line_most, known.capped[flag], lines)


def _usable(most: Mapping[str, int], per_line_most: Mapping[str, int], capped: tuple[tuple[str, int], ...],
            lines: int) -> tuple[tuple[str, int], ...]:
    others = lines - 1
    return tuple((meter, most[meter] + beyond + others * per_line_most[meter]) for meter, beyond in capped)


def blockers(catalogue: Catalogue, plan: Plan, profile: Profile, demand: Demand | None = None) -> list[Message]:
    """Needs that no bundle on this plan can meet, whatever packs are bought (as reasons).

    A quick, sound pre-check: each need is tested on its own, so a plan with no blockers may
    still be infeasible through combinations (groups, exclusions); the optimiser decides those.
    """
    known = limits(catalogue, plan)
    reasons = []
    if short := lines_short(plan, profile):
        reasons.append(message("extra_lines", have=short[1], need=short[0]))
    elif profile.household:  # an extra line's own meter (not shared) is its own allowance whatever packs are bought
        # (they add to the pool or the holder's): beyond it, with no rate (or past a stretch it may not be throttled
        # beyond), it cannot fit (found in review: "no combination of its packs meets every need at once")
        for check in extra_line_charges(plan, profile)[1]:
            if not check.met:
                line, meter = check.need.removeprefix("line").split(":")
                reasons.append(message("data_cap" if meter == "data_mb" else "allowance", meter=meter,
                                       have=check.provided, need=check.required, extra_line=int(line)))
    by_trip = [roaming_priced(plan, profile)] if demand is not None else months_roaming_priced(plan, profile)
    reasons += _capability_blockers(known, plan, profile.wants.levels)
    if known.day_limited is not None:
        reasons += _day_blockers(known.day_limited, plan, profile)
    # meters with a hard limit, less roaming priced trip by trip (day passes and zone rates may cover what the
    # allowance does not)
    every_trip, some_trip = all(by_trip), any(by_trip)
    capped = _most_usable(known, plan, profile)
    if every_trip:
        capped = tuple((meter, most) for meter, most in capped if meter not in ROAMING)
    needs = hardest_month(catalogue, plan, profile, demand, [meter for meter, _ in capped]) if capped else {}
    for meter, most in capped:
        need = needs[meter]
        if some_trip and meter in ROAMING:  # the months whose trips only the allowance covers (found by the
            # trips QA: a month's trip to a zone without a rate read "no combination" when another month's had one)
            need = max(d[meter] for d, t in zip([demand] if demand is not None else billed(profile, plan), by_trip,
                                                strict=True) if not t)
        if need > most and meter in SATELLITE_METERS and not known.levels[SATELLITE]:  # no satellite at all: said so,
            # once, not "at most 0 min" (found by the hand check: beside "no satellite on this plan or its packs")
            if message("missing_capability", capability="satellite") not in reasons:
                reasons.append(message("missing_capability", capability="satellite"))
        elif need > most:
            code = "data_cap" if meter == "data_mb" else "allowance"
            reasons.append(message(code, meter=meter, have=most, need=need))
    if some_trip:  # (a meter said short in the months only the allowance covers is not said twice)
        said = {r.params["meter"] for r in reasons if r.code == "allowance"}
        reasons += [r for r in _trip_blockers(known, plan, [profile] if demand is not None else
                                              [profile.in_month(i) for i, t in enumerate(by_trip) if t])
                    if r.params["meter"] not in said]
    for tag in missing_benefits(plan, profile):
        if tag not in known.pack_benefits:
            reasons.append(message("benefit_missing", benefit=tag))
    return reasons


def _day_limited(packs: Sequence[Pack]) -> tuple[tuple[int, tuple[tuple[int, int | None], ...]], ...] | None:
    """``Limits.day_limited``: computed once per plan, so that ``blockers`` asks nothing of the packs for each plan
    an answer leaves out (listing them per plan cost the 10x catalogue's answers about 0.2 ms each)."""
    out = []
    for cap in CAPABILITIES:
        reach = tuple((level, p.max_count if p.daily else None) for p in packs
                      if cap.unit and (level := cap.pack_level(p)) > 0)
        most = max((level for level, n in reach if n is None), default=0)
        out.append((most, reach if any(n is not None and level > most for level, n in reach) else ()))
    return tuple(out) if any(reach for _, reach in out) else None


def _day_blockers(day_limited: tuple[tuple[int, tuple[tuple[int, int | None], ...]], ...], plan: Plan,
                  profile: Profile) -> list[Message]:
    """``blockers``' speeds needed on more days than a pack reaching them may be bought: a need the plan does not
    serve (``Wants.unserved``: a level and its days) that only per-day or per-use packs reach, each at most
    ``max_count`` days (uses) a month, fewer than the need's days (a per SIM pack too: a line's own units), is met by
    no bundle (``capability_level``); said once per speed (found in review: a 300 Mbps day pack sold on at most 10
    days a month, for a month-long need, read "no combination of its packs meets every need at once")."""
    reasons: list[Message] = []
    if not any(reach and want > most for (most, reach), want in zip(day_limited, profile.wants.levels, strict=True)):
        return reasons  # (no speed needed above what a pack bought for the month gives that a day's pack gives)
    for cap, (_, reach), needs in zip(CAPABILITIES, day_limited, profile.wants.unserved(plan_levels(plan)),
                                      strict=True):
        for at, days in needs if reach else ():  # (satellite: no speed, no reach)
            counts = [n for level, n in reach if level >= at]  # (none: ``_capability_blockers`` says it)
            if counts and all(n is not None and n < days for n in counts):
                reasons.append(message("speed_days", direction=cap.direction, need=at, days=days,
                                       most=max(n for n in counts if n is not None)))
                break
    return reasons


def _trip_blockers(known: Limits, plan: Plan, months: Sequence[Profile]) -> list[Message]:
    """``blockers``' roaming in the months priced trip by trip (``months``, each a month's view): per roaming meter,
    the trips whose zone has no rate for it are covered by the pool (the plan's and packs' at their most, once for
    every trip) and, on a trip the day pass covers, its days' allowance; when their use is more, the bundle cannot
    fit whatever packs are bought (``roaming_lines``).  ``have`` is the most those can cover of these trips, ``need``
    their use, in the month where they fall shortest, the first of equally short ones (found in review: a month's
    Asian trip on a plan pricing only Europe by the GB, or a European trip's minutes where Europe has a data rate
    alone, were "no combination of its packs meets every need at once", on a plan with no packs)."""
    reasons = []
    day = plan.day_pass
    for k, meter in enumerate(ROAMING):
        worst: tuple[int, int, int] | None = None  # (shortfall, have, need)
        for month in months:
            have, need = known.most[meter], 0
            for trip in profile_trips(month):
                use = trip_use(trip)[k]
                rated = trip.zone is not None and plan.zone_rates.get(trip.zone, (None, None))[k] is not None
                if not use or rated:
                    continue
                need += use
                if day is not None and day.covers(trip.zone):
                    have += min(use, trip.trip_days * (day.data_mb, day.voice_s)[k])
            if need > have and (worst is None or need - have > worst[0]):
                worst = (need - have, have, need)
        if worst is not None:
            reasons.append(message("allowance", meter=meter, have=worst[1], need=worst[2]))
    return reasons


def _capability_blockers(known: Limits, plan: Plan, required_levels: tuple[int, ...]) -> tuple[Message, ...]:
    """``blockers``' capabilities: each level needed above the most the plan and its packs reach.  Kept with the
    plan's ``Limits`` per levels needed (they read nothing else of the profile; answers ask a few distinct levels, of
    every plan they leave out)."""
    kept = known.by_levels
    found = kept.get(required_levels)
    if found is None:
        reasons = []
        for cap, best, required in zip(CAPABILITIES, known.levels, required_levels, strict=True):
            if required and best < required:
                if cap.unit and best > 0:
                    have = cap.plan_level(plan)  # (and the most its packs reach, when more: found by the
                    # explanations QA, "uplink 100 Mbps < 400 Mbps needed" read as the plan's limit where a pack
                    # gives 300)
                    reasons.append(message("speed", direction=cap.direction, have=have, need=required,
                                           **({"with_packs": best} if best > have else {})))
                else:
                    reasons.append(message("missing_capability", capability=cap.name))
        if len(kept) >= MAX_KEPT_LEVELS:
            kept.clear()
        found = kept[required_levels] = tuple(reasons)
    return found


MAX_KEPT_LEVELS = 64
"""The most sets of levels needed a plan's ``Limits`` keeps ``blockers``' capabilities for."""


def hardest_month(catalogue: Catalogue, plan: Plan, profile: Profile, demand: Demand | None = None,
                  meters: Sequence[str] = METERS) -> dict[str, int]:
    """The most of each of ``meters`` a month of the history (or ``demand``) needs on ``plan`` whatever packs are
    bought: a hard limit must hold in every month.  Data is the general data left once app data covers
    what it can (``general_data``, with every pack that brings app data at its most)."""
    months = [demand] if demand is not None else billed(profile, plan)
    apps = tuple((p, most_bought(p, sims(profile))) for p, _ in limits(catalogue, plan).app_packs) \
        if "data_mb" in meters else ()  # (only general data reads them)

    def use(meter: str, month: Demand) -> int:
        return general_data(plan, apps, month) if meter == "data_mb" else month[meter]

    if len(months) == 1:  # (one month, most profiles: asked of every plan an answer finds nothing for)
        return {m: use(m, months[0]) for m in meters}
    return {m: max(use(m, d) for d in months) for m in meters}
