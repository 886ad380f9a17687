"""The one cost model: what a bundle costs a profile in a month, as invoice lines in fen.

Nothing else in the project computes money.  The CP-SAT optimiser builds its model from the
rules defined here (``pack_price_fen``, ``meter_rule``, ``CAPABILITIES``, ``rule_violations``)
and every bundle it returns is priced again by ``price``; the reference enumerator prices every
bundle with ``price`` directly.

A bundle is one base plan plus counts of add-on packs.  For each meter (data, voice, SMS,
roaming data, roaming voice) the allowance is the plan's plus what the packs add; usage beyond
it is charged per started billing unit at the plan's rate, throttled (data, when the profile
accepts it), or impossible (the bundle does not fit).  Hard needs (uplink, downlink, satellite,
broadband) are met when the plan or one of the packs provides them.
"""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from .catalogue.model import METERS, Catalogue, Pack, Plan
from .money import format_yuan
from .profile import Profile

Chosen = Sequence[tuple[Pack, int]]

METER_LABELS = {
    "data_mb": ("data", "GB"),
    "voice_minutes": ("voice", "min"),
    "sms": ("SMS", "msg"),
    "roaming_data_mb": ("roaming data", "GB"),
    "roaming_voice_minutes": ("roaming voice", "min"),
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


CAPABILITIES: tuple[Capability, ...] = (
    Capability("min_uplink_mbps", lambda p: p.needs.min_uplink_mbps, lambda pl: pl.uplink_mbps,
               lambda pk: pk.uplink_mbps, "Mbps"),
    Capability("min_downlink_mbps", lambda p: p.needs.min_downlink_mbps, lambda pl: pl.downlink_mbps,
               lambda pk: pk.downlink_mbps, "Mbps"),
    Capability("satellite", lambda p: int(p.needs.satellite), lambda pl: int(pl.satellite),
               lambda pk: int(pk.satellite)),
    Capability("broadband", lambda p: int(p.needs.broadband), lambda pl: int(pl.broadband_mbps > 0),
               lambda pk: 0),
)


def pack_price_fen(pack: Pack, plan: Plan) -> int:
    """A pack's price on a plan: free on the plans it names in ``free_with``."""
    return 0 if plan.id in pack.free_with else pack.price_fen


def meter_rule(plan: Plan, meter: str, profile: Profile) -> tuple[int, int | None]:
    """``(billing unit, fen per started unit)`` beyond the allowance; rate None = not allowed.

    Data on a throttling plan costs nothing beyond the cap when the profile accepts throttling.
    """
    tariff = plan.tariffs[meter]
    if tariff.rate_fen is None and meter == "data_mb" and plan.throttle_kbps and profile.allow_throttling:
        return tariff.unit, 0
    return tariff.unit, tariff.rate_fen


def allowance(plan: Plan, chosen: Chosen, meter: str) -> int:
    return plan.tariffs[meter].included + sum(pack.adds.get(meter, 0) * n for pack, n in chosen)


def overage_units(need: int, included: int, unit: int) -> int:
    """Started billing units beyond the allowance."""
    return math.ceil(max(0, need - included) / unit)


def rule_violations(plan: Plan, chosen: Chosen) -> list[str]:
    """Why this combination of packs cannot be bought on this plan (empty when it can)."""
    problems = []
    used = {pack.id for pack, n in chosen if n > 0}
    groups: dict[str, list[str]] = {}
    for pack, n in chosen:
        if n <= 0:
            continue
        if not pack.fits(plan):
            problems.append(f"{pack.id} cannot be added to {plan.id}")
        if n > pack.max_count:
            problems.append(f"{pack.id} can be stacked at most {pack.max_count} times")
        if pack.group:
            groups.setdefault(pack.group, []).append(pack.id)
        problems.extend(f"{pack.id} cannot be combined with {other}" for other in sorted(pack.excludes & used))
    problems.extend(
        f"at most one '{group}' pack: {', '.join(ids)}" for group, ids in groups.items() if len(ids) > 1
    )
    return problems


@dataclass(frozen=True)
class Line:
    """One invoice line."""

    item: str
    kind: str  # base | pack | overage | throttled
    fen: int
    ref: str = ""
    quantity: int = 1


@dataclass(frozen=True)
class NeedCheck:
    need: str
    required: int
    provided: int
    met: bool


@dataclass(frozen=True)
class Costing:
    """A priced bundle: invoice lines that add up to ``total_fen``, and what it meets."""

    bundle: Bundle
    operator: str
    lines: tuple[Line, ...]
    needs: tuple[NeedCheck, ...]
    headroom: dict[str, int]
    violations: tuple[str, ...] = ()
    within_budget: bool = True
    benefits: frozenset[str] = field(default_factory=frozenset)

    @property
    def total_fen(self) -> int:
        return sum(line.fen for line in self.lines)

    @property
    def total_yuan(self) -> str:
        return format_yuan(self.total_fen)

    @property
    def meets_needs(self) -> bool:
        """Buyable on its plan and meets every hard need (budget aside)."""
        return not self.violations and all(n.met for n in self.needs)

    @property
    def fits(self) -> bool:
        return self.meets_needs and self.within_budget


def resolve(catalogue: Catalogue, bundle: Bundle) -> tuple[Plan, list[tuple[Pack, int]]]:
    plan = catalogue.plan_index[bundle.plan_id]
    return plan, [(catalogue.pack_index[pid], n) for pid, n in bundle.packs]


def price(catalogue: Catalogue, profile: Profile, bundle: Bundle, demand: dict[str, int] | None = None) -> Costing:
    """Price a bundle for a profile: the definition of cost used everywhere."""
    plan, chosen = resolve(catalogue, bundle)
    demand = demand if demand is not None else profile.demand()
    lines = [Line(f"{plan.name} monthly fee", "base", plan.fee_fen, plan.id)]
    for pack, n in chosen:
        unit_fen = pack_price_fen(pack, plan)
        label = f"{pack.name} × {n}" if n > 1 else pack.name
        if unit_fen == 0 and pack.price_fen:
            label += " (free with this plan)"
        lines.append(Line(label, "pack", unit_fen * n, pack.id, n))
    needs: list[NeedCheck] = []
    headroom: dict[str, int] = {}
    for meter in METERS:
        included = allowance(plan, chosen, meter)
        need = demand[meter]
        headroom[meter] = max(0, included - need)
        unit, rate = meter_rule(plan, meter, profile)
        units = overage_units(need, included, unit)
        if rate is None:
            if need > plan.tariffs[meter].included or units:
                needs.append(NeedCheck(meter, need, included, units == 0))
        elif units:
            name, unit_name = METER_LABELS[meter]
            if rate == 0:
                lines.append(Line(f"{name} beyond the allowance throttled to {plan.throttle_kbps} kbps",
                                  "throttled", 0, meter, need - included))
            else:
                size = f"{units} {unit_name}" if unit in (1, 1024) else f"{units} × {unit}"
                lines.append(Line(f"{name} overage: {size} at {format_yuan(rate)}", "overage",
                                  units * rate, meter, units))
    for cap in CAPABILITIES:
        required = cap.required(profile)
        if required:
            level = max([cap.plan_level(plan), *(cap.pack_level(p) for p, n in chosen if n > 0)])
            needs.append(NeedCheck(cap.name, required, level, level >= required))
    total = sum(line.fen for line in lines)
    benefits = plan.benefits.union(*(p.benefits for p, n in chosen if n > 0))
    return Costing(
        bundle=bundle,
        operator=plan.operator,
        lines=tuple(lines),
        needs=tuple(needs),
        headroom=headroom,
        violations=tuple(rule_violations(plan, chosen)),
        within_budget=profile.budget_fen is None or total <= profile.budget_fen,
        benefits=benefits,
    )


def blockers(catalogue: Catalogue, plan: Plan, profile: Profile, demand: dict[str, int]) -> list[str]:
    """Needs that no bundle on this plan can meet, whatever packs are bought (human reasons).

    A quick, sound pre-check: each need is tested on its own, so a plan with no blockers may
    still be infeasible through combinations (groups, exclusions); the optimiser decides those.
    """
    packs = catalogue.packs_for(plan)
    reasons = []
    for cap in CAPABILITIES:
        required = cap.required(profile)
        best = max([cap.plan_level(plan), *(cap.pack_level(p) for p in packs)])
        if required and best < required:
            have = cap.plan_level(plan)
            reasons.append(
                f"{cap.name.removeprefix('min_').replace('_mbps', '')} {have} {cap.unit} < {required} {cap.unit} needed"
                if cap.unit else f"no {cap.name} on this plan or its packs"
            )
    for meter in METERS:
        unit, rate = meter_rule(plan, meter, profile)
        if rate is not None:
            continue
        most = plan.tariffs[meter].included + sum(p.adds.get(meter, 0) * p.max_count for p in packs)
        if demand[meter] > most:
            name, unit_name = METER_LABELS[meter]
            scale = 1024 if unit_name == "GB" else 1
            what = "data cap (throttles beyond it)" if meter == "data_mb" else f"{name} allowance"
            needed = _qty(demand[meter], scale)
            reasons.append(f"{what} at most {_qty(most, scale)} {unit_name} < {needed} {unit_name} needed")
    return reasons


def _qty(value: int, scale: int) -> str:
    return f"{value / scale:g}" if scale > 1 else str(value)
