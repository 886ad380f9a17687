"""The one cost model: what a bundle costs a profile, as invoice lines in fen.

Nothing else in the project computes money.  The optimisers build their models from the rules
defined here (``pack_price_fen``, ``meter_rule``, ``overage_fen``, ``CAPABILITIES``,
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

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from .catalogue.model import METERS, UNLIMITED, Catalogue, Pack, Plan, Terms
from .messages import Message, message
from .money import format_yuan
from .profile import Profile
from .usage import Demand, billed

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


def meter_rule(plan: Plan, meter: str, profile: Profile) -> tuple[int, int | None, int]:
    """``(started unit, rate in fen, units the rate is for)`` beyond the allowance; rate None = not allowed.

    Data on a throttling plan costs nothing beyond the cap when the profile accepts throttling.
    """
    tariff = plan.tariffs[meter]
    if tariff.rate_fen is None and meter == "data_mb" and plan.throttle_kbps and profile.allow_throttling:
        return tariff.unit, 0, 1
    return tariff.unit, tariff.rate_fen, tariff.per


def overage_fen(units: int, rate_fen: int, per: int) -> int:
    """Started units at a rate quoted for ``per`` units, rounded up to the fen once."""
    return -(-units * rate_fen // per)


def allowance(plan: Plan, chosen: Chosen, meter: str) -> int:
    return plan.tariffs[meter].included + sum(pack.adds.get(meter, 0) * n for pack, n in chosen)


def overage_units(need: int, included: int, unit: int) -> int:
    """Started billing units beyond the allowance."""
    return math.ceil(max(0, need - included) / unit)


def rule_violations(plan: Plan, chosen: Chosen) -> list[Message]:
    """Why this combination of packs cannot be bought on this plan (empty when it can)."""
    problems = []
    used = {pack.id for pack, n in chosen if n > 0}
    groups: dict[str, list[str]] = {}
    for pack, n in chosen:
        if n <= 0:
            continue
        if not pack.fits(plan):
            problems.append(message("pack_not_on_plan", pack=pack.id, plan=plan.id))
        if n > pack.max_count:
            problems.append(message("pack_max_count", pack=pack.id, max=pack.max_count))
        if pack.group:
            groups.setdefault(pack.group, []).append(pack.id)
        problems.extend(message("packs_exclusive", pack=pack.id, other=other) for other in sorted(pack.excludes & used))
    problems.extend(message("group_once", group=group, packs=ids) for group, ids in groups.items() if len(ids) > 1)
    return problems


def missing_benefits(plan: Plan, profile: Profile) -> list[str]:
    """Benefits the person requires that the plan itself lacks (its packs may bring them)."""
    return [tag for tag in profile.benefits_required if tag not in plan.benefits]


@dataclass(frozen=True)
class Line:
    """One invoice line: what it is (``label``, a code for the adapters to word) and what it costs."""

    label: Message
    kind: str  # base | pack | overage | throttled
    fen: int
    ref: str = ""
    quantity: int = 1
    assumed: bool = False
    """Whether the amount rests on an assumed figure (the fee, the price, the rate or an allowance
    that decided the overage) rather than on the source."""


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
    violations: tuple[Message, ...] = ()
    benefits: frozenset[str] = field(default_factory=frozenset)

    @property
    def total_fen(self) -> int:
        return sum(line.fen for line in self.lines)

    @property
    def assumed_fen(self) -> int:
        """The part of the total that rests on assumed figures."""
        return sum(line.fen for line in self.lines if line.assumed)

    @property
    def overage_fen(self) -> int:
        return sum(line.fen for line in self.lines if line.kind == "overage")

    @property
    def total_yuan(self) -> str:
        return format_yuan(self.total_fen)

    @property
    def meets_needs(self) -> bool:
        """Buyable on its plan and meets every hard need (budget aside)."""
        return not self.violations and all(n.met for n in self.needs)


def resolve(catalogue: Catalogue, bundle: Bundle) -> tuple[Plan, list[tuple[Pack, int]]]:
    plan = catalogue.plan_index[bundle.plan_id]
    return plan, [(catalogue.pack_index[pid], n) for pid, n in bundle.packs]


def price(catalogue: Catalogue, profile: Profile, bundle: Bundle, demand: Demand | None = None) -> Costing:
    """Price a bundle for one month of billed usage: the definition of cost used everywhere.

    ``demand`` defaults to the profile's (only) month, billed under the bundle's plan's rules.
    """
    plan, chosen = resolve(catalogue, bundle)
    demand = demand if demand is not None else billed(profile, plan)[0]
    lines = [Line(message("line.base", plan=plan.id), "base", plan.fee_fen, plan.id, 1, "fee" in plan.assumed)]
    for pack, n in chosen:
        unit_fen = pack_price_fen(pack, plan)
        label = message("line.pack", pack=pack.id, count=n, free=unit_fen == 0 and pack.price_fen > 0,
                        per_use=pack.billing == "per_use")
        lines.append(Line(label, "pack", unit_fen * n, pack.id, n, unit_fen > 0 and "price" in pack.assumed))
    needs: list[NeedCheck] = []
    headroom: dict[str, int] = {}
    for meter in METERS:
        included = allowance(plan, chosen, meter)
        need = demand[meter]
        headroom[meter] = max(0, included - need) if included < UNLIMITED else -1
        unit, rate, per = meter_rule(plan, meter, profile)
        units = overage_units(need, included, unit)
        if rate is None:
            if need > plan.tariffs[meter].included or units:
                needs.append(NeedCheck(meter, need, included, units == 0))
        elif units:
            if rate == 0:
                lines.append(Line(message("line.throttled", meter=meter, quantity=need - included,
                                          kbps=plan.throttle_kbps), "throttled", 0, meter, need - included,
                                  "throttle" in plan.assumed))
            else:
                # The overage rests on the rate and on every allowance that decided how much is over.
                assumed = f"rate:{meter}" in plan.assumed or meter in plan.assumed or any(
                    meter in p.assumed and p.adds.get(meter) for p, k in chosen if k > 0)
                lines.append(Line(message("line.overage", meter=meter, quantity=units * unit, rate_fen=rate,
                                          currency=plan.currency, per=meter),
                                  "overage", overage_fen(units, rate, per), meter, units, assumed))
    for cap in CAPABILITIES:
        required = cap.required(profile)
        if required:
            level = max([cap.plan_level(plan), *(cap.pack_level(p) for p, n in chosen if n > 0)])
            needs.append(NeedCheck(cap.name, required, level, level >= required))
    benefits = plan.benefits.union(*(p.benefits for p, n in chosen if n > 0))
    for tag in profile.benefits_required:
        needs.append(NeedCheck(f"benefit:{tag}", 1, int(tag in benefits), tag in benefits))
    return Costing(
        bundle=bundle,
        operator=plan.operator,
        lines=tuple(lines),
        needs=tuple(needs),
        headroom=headroom,
        violations=tuple(rule_violations(plan, chosen)),
        benefits=benefits,
    )


@dataclass(frozen=True)
class Contract:
    """What a plan really costs over a horizon, from its monthly totals and its terms."""

    first_month_fen: int
    horizon_total_fen: int
    horizon_months: int
    worst_month_fen: int

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


def contract(plan: Plan, month_totals: Sequence[int], horizon_months: int) -> Contract:
    """Apply ``plan``'s terms over ``horizon_months``, the usage history repeating in order.

    Horizon month i pays the history's month ``i mod n``, with the base fee replaced by the
    promotional fee while a promotion lasts, floored at the minimum monthly spend; the one-off fee
    is paid in the first month; a minimum term longer than the horizon still owes its remaining
    months (``owed_fen``).  The horizon total is the effective price's one definition
    (``recommender.objective``); every engine minimises it.
    """
    terms = plan.terms
    if terms == NO_TERMS and len(month_totals) == 1:  # one month, no terms: that month, horizon times
        month = month_totals[0]
        return Contract(month, month * horizon_months, horizon_months, month)
    if terms == NO_TERMS:  # the common case, in closed form: the history repeats, nothing else changes
        return Contract(month_totals[0], sum(w * t for w, t in zip(weights(len(month_totals), horizon_months),
                                                                    month_totals, strict=True)),
                        horizon_months, max(month_totals))
    floor = terms.minimum_monthly_spend_fen
    charges = horizon_charges(plan, len(month_totals), horizon_months)
    total = sum(times * max(fen + change, floor)
                for fen, slot in zip(month_totals, charges, strict=True) for change, times in slot)
    first = max(month_totals[0] + month_fee_fen(plan, 0) - plan.fee_fen, floor)
    return Contract(
        first_month_fen=first + terms.one_off_fen,
        horizon_total_fen=total + terms.one_off_fen + owed_fen(plan, horizon_months),
        horizon_months=horizon_months,
        worst_month_fen=max(month_totals),
    )


def subscription_violations(catalogue: Catalogue, bundles: Sequence[Bundle]) -> list[Message]:
    """A subscription pack is kept in the same count every month of a history."""
    counts = [dict(b.packs) for b in bundles]
    subscribed = {pid for c in counts for pid in c if catalogue.pack_index[pid].subscription}
    return [message("subscription_changes", pack=pid) for pid in sorted(subscribed)
            if len({c.get(pid, 0) for c in counts}) > 1]


@dataclass(frozen=True)
class History:
    """One plan priced over every month of a usage history."""

    months: tuple[Costing, ...]
    contract: Contract
    violations: tuple[Message, ...] = ()

    @property
    def assumed_fen(self) -> int:
        return sum(c.assumed_fen for c in self.months)

    @property
    def total_fen(self) -> int:
        return sum(c.total_fen for c in self.months)

    @property
    def meets_needs(self) -> bool:
        return not self.violations and all(c.meets_needs for c in self.months)


def price_history(catalogue: Catalogue, profile: Profile, bundles: Sequence[Bundle]) -> History:
    """Price one bundle per usage month (all on one plan), then the plan's terms over the horizon."""
    plan = catalogue.plan_index[bundles[0].plan_id]
    demands = billed(profile, plan)
    if len(bundles) != len(demands) or any(b.plan_id != plan.id for b in bundles):
        raise ValueError("one bundle per usage month, all on the same plan")
    months = tuple(price(catalogue, profile, b, d) for b, d in zip(bundles, demands, strict=True))
    terms = contract(plan, [c.total_fen for c in months], profile.horizon_months)
    return History(months, terms, tuple(subscription_violations(catalogue, bundles)))


@dataclass(frozen=True)
class Limits:
    """What no bundle on a plan can exceed, whatever packs are bought: computed once per catalogue
    (and per view of it without some packs), since it does not depend on the profile."""

    levels: tuple[int, ...]
    """Per capability (``CAPABILITIES``), the best level of the plan and its packs."""
    most: Mapping[str, int]
    """Per meter, the plan's allowance plus every pack's at its most."""
    pack_benefits: frozenset[str]
    capped: Mapping[bool, tuple[str, ...]]
    """The meters with no overage (a hard cap), when the profile does not / does accept throttling."""


def limits(catalogue: Catalogue, plan: Plan) -> Limits:
    kept: dict[str, Limits] = catalogue.__dict__.setdefault("_limits", {})
    found = kept.get(plan.id)
    if found is None:
        packs = catalogue.packs_for(plan)
        found = Limits(
            tuple(max([cap.plan_level(plan), *(cap.pack_level(p) for p in packs)]) for cap in CAPABILITIES),
            {m: plan.tariffs[m].included + sum(p.adds.get(m, 0) * p.max_count for p in packs) for m in METERS},
            frozenset().union(*(p.benefits for p in packs)),
            {flag: tuple(m for m in METERS if meter_rule(plan, m, profile)[1] is None)
             for flag, profile in ((False, Profile(allow_throttling=False)), (True, Profile(allow_throttling=True)))},
        )
        kept[plan.id] = found
    return found


def blockers(catalogue: Catalogue, plan: Plan, profile: Profile, demand: Demand | None = None) -> list[Message]:
    """Needs that no bundle on this plan can meet, whatever packs are bought (as reasons).

    A quick, sound pre-check: each need is tested on its own, so a plan with no blockers may
    still be infeasible through combinations (groups, exclusions); the optimiser decides those.
    """
    known = limits(catalogue, plan)
    reasons = []
    for cap, best in zip(CAPABILITIES, known.levels, strict=True):
        required = cap.required(profile)
        if required and best < required:
            if cap.unit:
                reasons.append(message("speed", direction=cap.name.removeprefix("min_").removesuffix("_mbps"),
                                       have=cap.plan_level(plan), need=required))
            else:
                reasons.append(message("missing_capability", capability=cap.name))
    for meter in known.capped[profile.allow_throttling]:  # meters with no overage: a hard limit
        if demand is None:  # the largest month of the history: a hard limit must hold in every month
            months = billed(profile, plan)
            demand = months[0] if len(months) == 1 else {m: max(d[m] for d in months) for m in METERS}
        most = known.most[meter]
        if demand[meter] > most:
            code = "data_cap" if meter == "data_mb" else "allowance"
            reasons.append(message(code, meter=meter, have=most, need=demand[meter]))
    for tag in missing_benefits(plan, profile):
        if tag not in known.pack_benefits:
            reasons.append(message("benefit_missing", benefit=tag))
    return reasons
