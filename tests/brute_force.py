"""An independent brute force of what a plan costs, written from ``docs/plan-files.md``.

It reads the loaded plan files (``Catalogue.specs``, the pydantic documents) and never the compiled
model or ``recommender/cost.py``: the units (``billing.mb_per_gb``, ``data_unit_mb``), the overage
rules, packs, extra lines, app data, roaming, satellite, speed needs and contract terms are re-derived
here from the format's documentation, then every pack combination is tried.  Its answer per plan is
``objective_key``'s: (effective horizon total with the terms, the history's total, what the bundles'
benefits are worth to the person over the horizon, how many of the benefits wished for they have over it, the packs
bought),
the worst month first when the profile asks for it (the largest bill paid: ``bills``), and with a budget too,
before it, whether the bundles are within the budget (``over_budget``: a plan is over the budget only when none
of its bundles is within it).

Scope (``covers`` says whether a case is in it): a month, a history of months (with their own trips) or a
household — not itemised records (their per-call and per-session rounding); ``benefits_required`` is not read; every
plan is priced whoever may buy it (like the engines' ``solve``, which rank what ``recommend`` has
already filtered).  The brute force is only for small catalogues (``MAX_BUNDLES``).
"""

import itertools
import math
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from recommender.catalogue import Catalogue
from recommender.catalogue.spec import Eligibility, Figure, OperatorFile, PackSpec, PlanSpec
from recommender.profile import LineUsage, Profile, RoamingNeed

UNLIMITED = 10**15
MAX_BUNDLES = 3000  # pack combinations per plan
MAX_CHOICES = 20_000  # combinations of per-month choices over a history
Counts = tuple[int, ...]


class TooLarge(ValueError):
    """The case has more choices than the brute force tries (``MAX_BUNDLES``, ``MAX_CHOICES``)."""


def num(figure: Figure | None) -> Decimal | str:
    return Decimal(0) if figure is None else figure.value


def fen(figure: Figure | None) -> int:
    return int(Decimal(num(figure)) * 100)


def mb(figure: Figure | None, mb_per_gb: int) -> int:
    value = num(figure)
    return UNLIMITED if value == "unlimited" else int(Decimal(value) * mb_per_gb)


def count(figure: Figure | None, unit: int = 1) -> int:
    value = num(figure)
    return UNLIMITED if value == "unlimited" else int(value) * unit


def operators(catalogue: Catalogue) -> list[OperatorFile]:
    """The loaded files, one per operator: an operator's plans and packs may be written in several of its files (a
    file of packs only, docs/plan-files.md), and a pack is sold with the operator's plans whichever file holds it."""
    merged: dict[str, OperatorFile] = {}
    for spec in catalogue.specs:
        mine = merged.get(spec.operator.id)
        merged[spec.operator.id] = spec if mine is None else mine.model_copy(
            update={"plans": mine.plans + spec.plans, "packs": mine.packs + spec.packs})
    return list(merged.values())


def covers(catalogue: Catalogue, profile: Profile) -> bool:
    """Whether the brute force answers this case (small enough, and in its scope)."""
    if profile.records is not None or profile.benefits_required:
        return False
    for spec in operators(catalogue):
        for plan in spec.plans:
            lines = len(profile.lines) if profile.lines and len(profile.lines) > 1 else 1
            size = math.prod(pack.max_count * (lines if sold_per_line(pack) else 1) + 1
                             for pack in packs_of(spec, plan))
            if size > MAX_BUNDLES:
                return False
    return True  # brute() may still raise TooLarge over a history


def brute(catalogue: Catalogue, profile: Profile) -> dict[str, tuple[int, ...]]:
    """``{plan id: objective key}`` for every plan some bundle of which fits ``profile``."""
    out = {}
    for spec in operators(catalogue):
        for plan in spec.plans:
            best = best_key(spec, plan, profile)
            if best is not None:
                out[plan.id] = best
    return out


def packs_of(spec: OperatorFile, plan: PlanSpec) -> list[PackSpec]:
    return [k for k in spec.packs if (k.allowed_plans is None or plan.id in k.allowed_plans)
            and together(plan.eligibility, k.eligibility, spec.operator.id)]


def together(a: Eligibility | None, b: Eligibility | None, operator: str) -> bool:
    """Whether one person may meet both conditions of sale (docs/eligibility.md): one region (a country holds its
    regions), one age, not both new to the operator and its customer (a customer of two operators may be: two
    SIMs)."""
    if a is None or b is None:
        return True
    if a.regions and b.regions and not any(x == y or x.startswith(f"{y}-") or y.startswith(f"{x}-")
                                           for x in a.regions for y in b.regions):
        return False
    ages = [e.age for e in (a, b) if e.age is not None]
    if max((r.min or 0 for r in ages), default=0) > min((200 if r.max is None else r.max for r in ages), default=200):
        return False
    customers_of = [set(e.existing_of or (operator,)) if e.customers == "existing" else None
                    for e in (a, b) if e.customers != "any"]
    if len(customers_of) == 2:
        known = [c for c in customers_of if c is not None]
        if len(known) == 1:  # one for new customers of the operator: the other's must name another operator
            return bool(known[0] - {operator})
    return True


def combinations(packs: Sequence[PackSpec], operator: str = "", lines: int = 1) -> list[Counts]:
    """Pack counts allowed together: one pack a group, no pack with one it excludes, none whose conditions of
    sale one person could not meet with another's; a pack sold per SIM (``per_line``) up to ``max_count`` on each
    of a household's ``lines``."""
    out = []
    for counts in itertools.product(*(range(k.max_count * (lines if sold_per_line(k) else 1) + 1) for k in packs)):
        bought = [k for k, n in zip(packs, counts, strict=True) if n]
        if any(not together(x.eligibility, y.eligibility, operator) for x, y in itertools.combinations(bought, 2)):
            continue
        used = {k.id for k, n in zip(packs, counts, strict=True) if n}
        groups = [k.group for k, n in zip(packs, counts, strict=True) if n and k.group]
        if len(groups) != len(set(groups)):
            continue
        if any(set(k.excludes) & used for k, n in zip(packs, counts, strict=True) if n):
            continue
        out.append(counts)
    return out


def usages(profile: Profile) -> list[tuple[Decimal, int, int]]:
    if profile.months:
        return [(m.data_gb, m.voice_minutes, m.sms) for m in profile.months]
    return [(profile.data_gb, profile.voice_minutes, profile.sms)]


def trips_in(profile: Profile) -> list[tuple[RoamingNeed, ...]]:
    """Each month's trips (docs/api.md): ``needs.roaming``'s every month, then a history month's own."""
    every = profile.wants.trips
    if profile.months:
        return [every + m.trips for m in profile.months]
    return [every]


def best_key(spec: OperatorFile, plan: PlanSpec, profile: Profile) -> tuple[int, ...] | None:
    packs = packs_of(spec, plan)
    household = len(profile.lines) if profile.lines and len(profile.lines) > 1 else 1
    combos = combinations(packs, spec.operator.id, household)
    per_month = []
    for usage, trips in zip(usages(profile), trips_in(profile), strict=True):
        options = [(c, t) for c in combos if (t := month_total(plan, packs, c, profile, usage, trips)) is not None]
        if not options:
            return None
        per_month.append(options)
    if math.prod(len(o) for o in per_month) > MAX_CHOICES:
        raise TooLarge(f"{plan.id}: more than {MAX_CHOICES} choices over the months")
    best = None
    for choice in itertools.product(*per_month):
        if len(per_month) > 1 and any(len({c[i] for c, _ in choice}) > 1
                                      for i, k in enumerate(packs) if k.subscription):
            continue  # a subscription: the same count every month
        totals = [t for _, t in choice]
        one_off = sum(fen(k.install_fee) for i, k in enumerate(packs) if k.install_fee and any(c[i] for c, _ in choice))
        paid = bills(plan, totals, profile.horizon_months, one_off)
        bought = [c for c, _ in choice]
        key: tuple[int, ...] = (sum(paid), sum(totals), -worth(plan, packs, bought, profile),
                                -wished(plan, packs, bought, profile), sum(sum(c) for c, _ in choice))
        if profile.objective == "worst_month":
            key = (max(paid), *key)
            if profile.budget_fen is not None:  # a plan's bundles within the budget first (docs/api.md)
                key = (int(over_budget(spec, sum(paid), profile)), *key)
        if best is None or key < best:
            best = key
    return best


def over_budget(spec: OperatorFile, horizon_total: int, profile: Profile) -> bool:
    """Whether the effective monthly price (docs/api.md: the horizon total converted to the profile's currency at
    its exchange rate, rounded half up once, then over the horizon's months, rounded half up) is over the budget;
    never for a plan whose currency has no rate (no answer ranks it)."""
    assert profile.budget_fen is not None
    rate = Decimal(1) if spec.currency == profile.currency else profile.exchange_rates.get(spec.currency)
    if rate is None:
        return False
    converted = int((horizon_total * rate).to_integral_value(rounding=ROUND_HALF_UP))
    monthly = (Decimal(converted) / profile.horizon_months).to_integral_value(rounding=ROUND_HALF_UP)
    return monthly > profile.budget_fen


def worth(plan: PlanSpec, packs: Sequence[PackSpec], months: list[Counts], profile: Profile) -> int:
    """What the benefits of the months' bundles (the plan's and the packs bought) are worth to the person
    over the horizon: the history repeats in order over it, each benefit valued once a month."""
    if not profile.benefit_values:
        return 0
    return sum(int(Decimal(value) * 100) for have in _had(plan, packs, months, profile)
               for tag, value in profile.benefit_values.items() if tag in have)


def wished(plan: PlanSpec, packs: Sequence[PackSpec], months: list[Counts], profile: Profile) -> int:
    """How many of the benefits the person wishes for (``benefits``) the months' bundles have over the horizon,
    each once a month: what breaks a tie of equal money and equal worth (a pack free with the plan that brings
    one)."""
    if not profile.benefits:
        return 0
    return sum(len(set(profile.benefits) & have) for have in _had(plan, packs, months, profile))


def _had(plan: PlanSpec, packs: Sequence[PackSpec], months: list[Counts], profile: Profile) -> list[set[str]]:
    """The benefits each month of the horizon has (the plan's and the packs bought): the history repeats in order
    over it."""
    return [set(_ids(plan.benefits)).union(*(_ids(k.benefits) for k, n in zip(packs, months[i % len(months)],
                                                                                  strict=True) if n))
            for i in range(profile.horizon_months)]


def _ids(benefits: object) -> tuple[str, ...]:
    """Benefit ids as the file gives them: a list, or ``{value: [ids], source}``."""
    found = getattr(benefits, "value", benefits)
    assert isinstance(found, tuple)
    return found


def bills(plan: PlanSpec, totals: list[int], months: int, one_off: int) -> list[int]:
    """Every bill the person pays: the horizon's months (the history repeated), with promotions and the
    minimum spend, the one-off fees in the first; then the base fees a minimum term still owes beyond
    the horizon.  Their sum is the horizon total, the largest the worst month."""
    terms = plan.terms
    fee = fen(plan.monthly_fee)
    floor = fen(terms.minimum_monthly_spend)

    def fee_of(i: int) -> int:
        return next((fen(p.monthly_fee) for p in terms.promotions if i < p.first_months), fee)

    paid = [max(totals[i % len(totals)] - fee + fee_of(i), floor) for i in range(months)]
    paid[0] += fen(terms.one_off_fee) + one_off
    return paid + [max(fee_of(i), floor) for i in range(months, terms.minimum_term_months)]


def data_charge(plan: PlanSpec, over_mb: int, accept_throttle: bool, per: int) -> int | None:
    """Fen for ``over_mb`` beyond the allowance, or None when it does not fit."""
    o = plan.overage
    if over_mb <= 0:
        return 0
    units = math.ceil(over_mb / per)  # per started GB
    full = None if o.full_speed_extra_gb is None else int(num(o.full_speed_extra_gb))
    throttled_ok = accept_throttle and o.throttle_kbps is not None
    if full is None and o.data_per_gb is None and o.data is None:  # throttled only
        return 0 if throttled_ok else None
    charged = units
    if full is not None and units > full:
        if not throttled_ok:
            return None
        charged = full
    if o.data_per_gb is not None:
        out = charged * fen(o.data_per_gb)
    elif o.data is not None:
        out, start = 0, 0
        for tier in o.data:
            end = charged if tier.up_to_gb is None else min(charged, int(num(tier.up_to_gb)))
            out += max(0, end - start) * fen(tier.per_gb)
            if tier.up_to_gb is not None:
                start = max(start, int(num(tier.up_to_gb)))
    else:
        out = 0  # a free full-speed stretch
    return out if o.cap is None else min(out, fen(o.cap))


def maxflow(buckets: list[tuple[set[str], int]], usage: dict[str, int]) -> int:
    """The most app usage (MB by category) the app-data buckets (categories, MB) can cover."""
    best = 0
    cats = sorted(usage)
    # A max flow (Edmonds-Karp) on source → buckets → categories → sink (greedy filling is not exact).
    n = 2 + len(buckets) + len(cats)
    cap = [[0] * n for _ in range(n)]
    for i, (apps, size) in enumerate(buckets):
        cap[0][1 + i] = size
        for c in apps & set(cats):
            cap[1 + i][1 + len(buckets) + cats.index(c)] = 10**18
    for j, c in enumerate(cats):
        cap[1 + len(buckets) + j][n - 1] = usage[c]
    while True:
        prev = [-1] * n
        prev[0] = 0
        queue = [0]
        while queue:
            u = queue.pop(0)
            for v in range(n):
                if prev[v] < 0 and cap[u][v] > 0:
                    prev[v] = u
                    queue.append(v)
        if prev[n - 1] < 0:
            return best
        push, v = 10**18, n - 1
        while v:
            push, v = min(push, cap[prev[v]][v]), prev[v]
        v = n - 1
        while v:
            cap[prev[v]][v] -= push
            cap[v][prev[v]] += push
            v = prev[v]
        best += push


class Month:
    """One month's bill of one bundle (plan + pack counts) for one month's usage."""

    def __init__(self, plan: PlanSpec, packs: Sequence[PackSpec], counts: Counts, profile: Profile) -> None:
        self.plan, self.packs, self.counts, self.profile = plan, packs, counts, profile
        self.per = plan.billing.mb_per_gb
        self.bought = [(k, n) for k, n in zip(packs, counts, strict=True) if n]
        adds = {key: 0 for key in ("data", "voice", "sms", "rdata", "rvoice", "smin", "ssms")}
        for k, n in self.bought:
            a = k.adds
            for key, value in (("data", mb(a.data_gb, self.per)), ("voice", count(a.voice_minutes, 60)),
                               ("sms", count(a.sms)), ("rdata", mb(a.roaming_data_gb, self.per)),
                               ("rvoice", count(a.roaming_voice_minutes, 60)),
                               ("smin", count(a.satellite_minutes, 60)), ("ssms", count(a.satellite_sms))):
                adds[key] += value * n
        self.adds = adds
        self.buckets = [({str(c) for c in a.apps}, mb(a.gb, self.per)) for a in plan.app_data_gb]
        self.buckets += [({str(c) for c in a.apps}, mb(a.gb, self.per) * n) for k, n in self.bought
                         for a in k.app_data_gb]
        down = max(max(x.min_downlink_mbps, x.min_uplink_mbps) for x in profile.wants.line_needs)  # (slowed both ways)
        o = plan.overage
        self.accept = profile.allow_throttling and o.throttle_kbps is not None and \
            int(num(o.throttle_kbps)) >= down * 1000

    def fees(self) -> int:
        return fen(self.plan.monthly_fee) + sum(0 if self.plan.id in k.free_with else fen(k.price) * n
                                                for k, n in self.bought)

    def included(self, kind: str) -> int:
        p = self.plan
        return {"data": mb(p.data_gb, self.per), "voice": count(p.voice_minutes, 60), "sms": count(p.sms)}[kind]

    def over(self, kind: str, use: int, allowance: int) -> int | None:
        if use <= allowance:
            return 0
        o = self.plan.overage
        if kind == "data":
            return data_charge(self.plan, use - allowance, self.accept, self.per)
        if kind == "voice":
            return math.ceil((use - allowance) / 60) * fen(o.voice_per_minute)
        return (use - allowance) * fen(o.sms_each)

    def rounded_mb(self, gb: Decimal) -> int:
        """Usage in MB (1024 a GB, as profiles mean it), rounded up to the plan's data unit."""
        unit = self.plan.billing.data_unit_mb
        return math.ceil(math.ceil(gb * 1024) / unit) * unit

    def general(self, data_mb: int, shares: Sequence[Mapping[Any, Decimal]]) -> int:
        """What app data does not cover of ``data_mb``."""
        app: dict[str, int] = {}
        for share in shares:
            for c, gb in share.items():
                app[c] = app.get(c, 0) + math.ceil(gb * 1024)
        app = {c: min(u, data_mb) for c, u in app.items() if u > 0}
        return data_mb - min(data_mb, maxflow(self.buckets, app))


def month_total(plan: PlanSpec, packs: Sequence[PackSpec], counts: Counts, profile: Profile,
                usage: tuple[Decimal, int, int], trips: tuple[RoamingNeed, ...]) -> int | None:
    """A bundle's bill for one month of usage and trips, or None when it does not fit."""
    m = Month(plan, packs, counts, profile)
    parts = [m.fees(), usage_charge(m, usage), roaming_charge(m, trips), satellite_charge(m)]
    if any(p is None for p in parts) or not speeds_met(m):
        return None
    return sum(p for p in parts if p is not None)


def usage_charge(m: Month, usage: tuple[Decimal, int, int]) -> int | None:
    profile = m.profile
    if not profile.household:
        data_gb, voice, sms = usage
        uses = {"data": m.general(m.rounded_mb(data_gb), [profile.app_share] if profile.app_share else []),
                "voice": voice * 60, "sms": sms}
        charges = [m.over(kind, uses[kind], m.included(kind) + m.adds[kind]) for kind in ("data", "voice", "sms")]
        return None if any(c is None for c in charges) else sum(c for c in charges if c is not None)
    return household_charge(m, profile.lines or ())


def household_charge(m: Month, lines: Sequence[LineUsage]) -> int | None:
    """Extra lines: their fee; shared resources pooled, the others each line's own."""
    extra = m.plan.extra_lines
    if extra is None or extra.max < len(lines) - 1:
        return None
    total = fen(extra.fee) * (len(lines) - 1)
    per_line = {"data": mb(extra.per_line.data_gb, m.per), "voice": count(extra.per_line.voice_minutes, 60),
                "sms": count(extra.per_line.sms)}
    line_use = [{"data": m.rounded_mb(x.data_gb), "voice": x.voice_minutes * 60, "sms": x.sms} for x in lines]
    for kind in ("data", "voice", "sms"):
        if kind in extra.shared:
            use = sum(u[kind] for u in line_use)
            if kind == "data":
                use = m.general(use, [x.app_share for x in lines])
            charges = [m.over(kind, use, m.included(kind) + m.adds[kind] + per_line[kind] * (len(lines) - 1))]
        else:
            own = line_use[0][kind] if kind != "data" else m.general(line_use[0][kind], [lines[0].app_share])
            charges = [m.over(kind, own, m.included(kind) + m.adds[kind])]
            charges += [m.over(kind, u[kind], per_line[kind]) for u in line_use[1:]]
        if any(c is None for c in charges):
            return None
        total += sum(c for c in charges if c is not None)
    return total


def roaming_charge(m: Month, trips: tuple[RoamingNeed, ...]) -> int | None:
    """Trips in order use the pool; a day pass is bought for every day of a trip or not at all; beyond,
    the zone's rate per started unit (no rate: it does not fit).  The cheapest choice of passes."""
    if not trips:
        return 0
    r = m.plan.roaming
    pool0 = ((mb(r.data_gb, m.per) if r else 0) + m.adds["rdata"],
             (count(r.voice_minutes, 60) if r else 0) + m.adds["rvoice"])
    dp = r.day_pass if r else None
    can = [i for i, t in enumerate(trips) if dp and (dp.zones is None or t.zone in dp.zones)]
    best = None
    for k in range(len(can) + 1):
        for passes in itertools.combinations(can, k):
            pool, cost = list(pool0), 0
            for i, t in enumerate(trips):
                use = [math.ceil(t.data_gb * 1024), t.voice_minutes * 60]
                if i in passes and dp is not None:
                    cost += fen(dp.price) * t.trip_days
                    use = [max(0, use[0] - t.trip_days * mb(dp.data_gb, m.per)),
                           max(0, use[1] - t.trip_days * count(dp.voice_minutes, 60))]
                for j in range(2):
                    covered = min(use[j], pool[j])
                    pool[j] -= covered
                    rest = use[j] - covered
                    if rest:
                        rates = r.zones.get(t.zone) if r and t.zone else None
                        rate = (rates.data_per_gb, rates.voice_per_minute)[j] if rates else None
                        if rate is None:
                            break
                        cost += math.ceil(rest / (m.per, 60)[j]) * fen(rate)
                else:
                    continue
                break
            else:
                best = cost if best is None else min(best, cost)
    return best


def satellite_need(profile: Profile) -> tuple[int, int]:
    """Satellite minutes and messages a month: the holder's (the larger of the top's and the first line's: one
    person said twice) and every other line's."""
    lines = profile.lines or ()
    first = lines[0].needs if lines and lines[0].needs is not None else None
    others = [line.needs for line in lines[1:] if line.needs is not None]
    return (max(profile.needs.satellite_minutes, first.satellite_minutes if first else 0)
            + sum(n.satellite_minutes for n in others),
            max(profile.needs.satellite_sms, first.satellite_sms if first else 0)
            + sum(n.satellite_sms for n in others))


def satellite_charge(m: Month) -> int | None:
    s = m.plan.satellite
    minutes, messages = satellite_need(m.profile)
    total = 0
    over = minutes * 60 - ((count(s.minutes, 60) if s else 0) + m.adds["smin"])
    if over > 0:
        if s is None or s.voice_per_minute is None:
            return None
        total += math.ceil(over / 60) * fen(s.voice_per_minute)
    over = messages - ((count(s.sms) if s else 0) + m.adds["ssms"])
    if over > 0:
        if s is None or s.sms_each is None:
            return None
        total += over * fen(s.sms_each)
    return total


def sold_per_line(pack: PackSpec) -> bool:
    """``per_line``: ``true``, or ``{value: true, source}`` (docs/plan-files.md)."""
    flag = pack.per_line
    return bool(flag if isinstance(flag, bool) else flag.value)


MAX_SPLITS = 20_000  # ways of giving packs sold per SIM to a household's lines


def speeds_met(m: Month) -> bool:
    """Speed, broadband and satellite needs: the plan's, or a monthly pack's, or a per-day pack bought
    on at least as many days as the need lasts (a month: 30 days).  In a household, a speed pack sold per SIM
    (``per_line``) gives its speed to the lines it is bought for only: every way of giving its units to the lines
    (the rest to none) is tried, and each line's needs (the holder's: the top-level ones too) are checked with the
    other packs and the units it was given."""
    profile = m.profile
    own = [(k, n) for k, n in m.bought if sold_per_line(k)] if profile.household else []
    if not own:
        return _met(m, profile.wants.line_needs, m.bought)
    lines = profile.lines or ()
    sims = [[profile.needs, *([lines[0].needs] if lines[0].needs else [])],
            *([line.needs] if line.needs else [] for line in lines[1:])]
    rest = [(k, n) for k, n in m.bought if not sold_per_line(k)]
    splits = [[c for c in itertools.product(range(min(n, k.max_count) + 1), repeat=len(sims)) if sum(c) <= n]
              for k, n in own]  # (each SIM stacks at most max_count)
    if math.prod(len(s) for s in splits) > MAX_SPLITS:
        raise TooLarge("too many ways of giving packs sold per SIM to the lines")
    for given in itertools.product(*splits):
        if all(_met(m, needs, [*rest, *((k, c[i]) for (k, _), c in zip(own, given, strict=True) if c[i])], True)
               for i, needs in enumerate(sims)):
            return _met(m, profile.wants.line_needs, m.bought, False)
    return False


def _met(m: Month, needs_of: Sequence[Any], bought: Sequence[tuple[PackSpec, int]],
         speeds: bool | None = None) -> bool:
    """Whether ``bought`` (with the plan) meets ``needs_of``: every need (``speeds`` None), the speeds only
    (True), or all but the speeds (False)."""
    def level(plan_value: int, of_pack: str, days: int) -> int:
        best = plan_value
        for k, n in bought:
            if k.billing == "monthly" or n >= days:
                value = int(k.satellite or bool(count(k.adds.satellite_minutes) or count(k.adds.satellite_sms))) \
                    if of_pack == "satellite" else int(num(getattr(k, of_pack)))  # (adding satellite use brings it)
                best = max(best, value)
        return best

    p = m.plan
    for need in needs_of:
        if speeds is not False and need.min_uplink_mbps and level(
                int(num(p.uplink_mbps)), "uplink_mbps", need.uplink_days or 30) < need.min_uplink_mbps:
            return False
        if speeds is not False and need.min_downlink_mbps and level(
                int(num(p.downlink_mbps)), "downlink_mbps", need.downlink_days or 30) < need.min_downlink_mbps:
            return False
        if speeds is not True and need.broadband_level and level(
                int(num(p.broadband_mbps)), "broadband_mbps", 30) < need.broadband_level:
            return False
        if speeds is not True and need.satellite and not (p.satellite or level(0, "satellite", 30)):
            return False
    return True
