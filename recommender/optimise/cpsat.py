"""CP-SAT: each plan's cheapest fitting bundles, proved optimal, for any rules a product team writes.

One model per base plan over the profile's usage months, built from the cost model's rules
(``recommender.cost``): per month, an integer count per pack that may go on the plan (one count
shared by every month for a subscription pack), a Boolean "used" for the packs a rule reads (group
and exclusion rules, needs met by a monthly pack, installation fees), and per meter the started billing
units of overage with what they cost under the plan's ``cost.OverageRule`` (a rate rounded up once, tiers
filled in order, a monthly cap, a full-speed stretch then throttled or impossible).  App data
covers app usage first, as a flow from the plan's and packs' app allowances to the usage's
categories (``cost.general_data``); roaming priced trip by trip (``cost.roaming_lines``) has a
Boolean per trip a day pass may cover and the pool consumed in the order of the trips; a
household's extra lines (``cost.extra_line_charges``) are a constant per plan.  Money is integer
fen.  The objective is the effective price (``recommender.objective``): the horizon total with the
plan's contract terms and the packs' one-off (installation) fees — each usage month weighted by
how often the horizon repeats it, promotions, and the minimum monthly spend as a floor variable
per charged month — then the total over the months with a tie-break folded in below the fen
(fewer packs), solved in stages; for the "worst month" objective a first solve finds the least
possible worst month, and with a budget, before it, whether a bundle within the budget exists (a limit on the
horizon total, ``objective.budget_limit``).
"""

import itertools
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from ..catalogue import METERS, Catalogue, Pack, Plan
from ..cost import (
    CAPABILITIES,
    ROAMING,
    SPEEDS,
    Bundle,
    Capability,
    OverageRule,
    app_usage,
    bundles_one_off,
    extra_line_charges,
    general_data,
    horizon_charges,
    meter_rule,
    missing_benefits,
    month_fee_fen,
    most_bought,
    owed_fen,
    pack_price_fen,
    plan_levels,
    profile_trips,
    roaming_priced,
    sims,
    trip_use,
    weights,
)
from ..objective import budget_first, budget_limit, valued_elsewhere, wished_elsewhere
from ..profile import Profile
from ..usage import Demand, billed
from . import Choice, Ranked

DATA = "data_mb"


def _solver(deadline: float) -> cp_model.CpSolver:
    """A fresh solver per solve: never shared across threads or requests.

    The models are small (a plan's months, ~100 variables) and their proofs rest on the LP bound
    (``linearization_level`` 2; with 1 some proofs took seconds).  Presolve's probing and symmetry
    detection and its repeated rounds cost more than they save there (twin packs are already ordered,
    ``_break_symmetry``): without them a plan's solve took about a third less on the 10x catalogue with
    six months of history, same optima."""
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.linearization_level = 2
    solver.parameters.cp_model_probing_level = 0
    solver.parameters.symmetry_level = 0
    solver.parameters.max_presolve_iterations = 1
    solver.parameters.max_time_in_seconds = max(0.001, deadline - time.monotonic())
    return solver


Cost = tuple[cp_model.LinearExprT, int]
"""A part of a month's cost: its expression in fen, and the most it can be."""


class _CpModel(cp_model.CpModel):
    """A ``CpModel`` without the pre-PEP 8 (camelCase) aliases OR-Tools sets on every instance (``dir``
    and a wrapper per method: about 0.8 ms a model, a model per plan); this module calls the
    snake_case names only."""

    def _add_pre_pep8_methods(self) -> None:
        pass


@dataclass(frozen=True)
class _Plan:
    """What every month's model takes from the plan and the profile, worked out once per plan."""

    plan: Plan
    packs: tuple[Pack, ...]  # those that may go on the plan
    prices: tuple[int, ...]  # ``cost.pack_price_fen`` of each on the plan
    rules: tuple[tuple[str, OverageRule], ...]  # each meter and its ``cost.meter_rule``
    needs: tuple[tuple[Capability, int, int], ...]  # (capability, level, days) the plan itself does not meet
    benefits: tuple[str, ...]  # ``cost.missing_benefits``: a pack must bring each
    twins: tuple[tuple[int, ...], ...]  # interchangeable packs (indices), see ``_twin_key``
    flagged: frozenset[str]  # packs whose "bought" a rule reads: groups, exclusions, installation fees, needs
    most: tuple[int, ...] = ()  # ``cost.most_bought`` of each (a household's packs sold per SIM: on each line)
    lines: tuple[tuple[tuple[int, int, int], ...], ...] = ()  # a household's with packs sold per SIM: each line's
    # speed needs the plan does not meet (``Wants.by_line``), met line by line (``cost.allocate``)


def _plan_facts(catalogue: Catalogue, profile: Profile, plan: Plan) -> _Plan:
    packs = catalogue.packs_for(plan)
    needs = tuple((cap, level, days) for cap, pairs in zip(CAPABILITIES, profile.wants.unserved(plan_levels(plan)),
                                                           strict=True) for level, days in pairs)
    ids = {pack.id for pack in packs}
    excluded = {other for pack in packs for other in pack.excludes if other in ids}
    flagged = frozenset(pack.id for pack in packs if pack.group or pack.install_fen or pack.id in excluded
                        or pack.excludes & ids
                        or (not pack.daily and any(cap.pack_level(pack) >= level for cap, level, _ in needs)))
    twins: dict[tuple[object, ...], list[int]] = {}
    for i, pack in enumerate(packs):
        key = _twin_key(plan, pack)
        if key is not None and pack.id not in excluded:
            twins.setdefault(key, []).append(i)
    lines = profile.wants.by_line(plan_levels(plan)) if profile.household and any(
        pack.per_line for pack in packs) else ()
    return _Plan(plan, packs, tuple(pack_price_fen(pack, plan) for pack in packs),
                 tuple((meter, meter_rule(plan, meter, profile)) for meter in METERS),
                 needs, tuple(missing_benefits(plan, profile)),
                 tuple(tuple(group) for group in twins.values() if len(group) > 1), flagged,
                 tuple(most_bought(pack, sims(profile)) for pack in packs), lines)


@dataclass
class _Model:
    facts: _Plan
    model: cp_model.CpModel = field(default_factory=_CpModel)
    counts: list[list[tuple[Pack, cp_model.IntVar]]] = field(default_factory=list)  # per month
    used: list[dict[str, cp_model.IntVar]] = field(default_factory=list)  # per month: pack id -> bought
    cost: list[list[Cost]] = field(default_factory=list)  # per month

    def month_cost(self, month: int) -> cp_model.LinearExpr:
        return cp_model.LinearExpr.sum([expr for expr, _ in self.cost[month]])

    def value(self, solver: cp_model.CpSolver, month: int) -> int:
        return sum(expr if isinstance(expr, int) else int(solver.value(expr)) for expr, _ in self.cost[month])


def _pack_vars(m: _Model, shared: dict[str, tuple[cp_model.IntVar, cp_model.IntVar]]
               ) -> tuple[list[tuple[Pack, cp_model.IntVar]], dict[str, cp_model.IntVar]]:
    """A count per pack that may go on the plan, and a 'used' Boolean for those a rule reads
    (``_Plan.flagged``), with the rules of sale."""
    model, flagged = m.model, m.facts.flagged
    counts: list[tuple[Pack, cp_model.IntVar]] = []
    used: dict[str, cp_model.IntVar] = {}
    groups: dict[str, list[cp_model.IntVar]] = {}
    for pack, most in zip(m.facts.packs, m.facts.most, strict=True):
        if pack.id in shared:
            n, u = shared[pack.id]
        elif pack.id in flagged:
            n = model.new_int_var(0, most, f"n[{pack.id}]")
            u = model.new_bool_var(f"used[{pack.id}]")
            model.add(n <= most * u)
            model.add(n >= u)
        else:
            n = model.new_int_var(0, most, f"n[{pack.id}]")
        counts.append((pack, n))
        if pack.id in flagged:
            used[pack.id] = u
        if pack.group:
            groups.setdefault(pack.group, []).append(u)
    for pack, _ in counts:
        for other in sorted(pack.excludes):
            if other in used:
                model.add(used[pack.id] + used[other] <= 1)
    _break_symmetry(model, m.facts.twins, counts)
    for members in groups.values():
        model.add(sum(members) <= 1)
    return counts, used


def _month(m: _Model, profile: Profile, demand: Demand, shared: dict[str, tuple[cp_model.IntVar, cp_model.IntVar]],
           fixed_fen: int) -> None:
    """One usage month: its packs, its meters' overage, roaming and needs; ``fixed_fen`` (the
    household's extra lines) is added to the base fee."""
    model, facts, plan = m.model, m.facts, m.facts.plan
    counts, used = _pack_vars(m, shared)
    cost: list[Cost] = [(plan.fee_fen + fixed_fen, plan.fee_fen + fixed_fen)]
    for (_, n), fen, most in zip(counts, facts.prices, facts.most, strict=True):
        if fen:
            cost.append((fen * n, fen * most))
    by_trip = roaming_priced(plan, profile)  # (the month's trips: ``Profile.in_month``)
    for meter, rule in facts.rules:
        if by_trip and meter in ROAMING:  # priced trip by trip, below
            continue
        added = cp_model.LinearExpr.sum([pack.adds[meter] * n for pack, n in counts if pack.adds.get(meter)])
        need, most = _general(model, plan, counts, demand) if meter == DATA else (demand[meter], demand[meter])
        found = _overage(model, rule, plan.tariffs[meter].included, (need, most), added, meter)
        if found is not None:
            cost.append(found)
    if by_trip:
        cost.extend(_roaming(model, plan, profile, counts))
    if facts.lines:  # the speeds line by line, the other needs the household's
        _per_line(model, facts, counts, used)
        _capabilities(model, tuple(n for n in facts.needs if CAPABILITIES.index(n[0]) >= SPEEDS), counts, used)
    else:
        _capabilities(model, facts.needs, counts, used)
    for tag in facts.benefits:  # a required benefit the plan lacks: a pack must bring it
        model.add(sum(n for pack, n in counts if tag in pack.benefits) >= 1)
    m.counts.append(counts)
    m.used.append(used)
    m.cost.append(cost)


def _capabilities(model: cp_model.CpModel, needs: tuple[tuple[Capability, int, int], ...],
                  counts: list[tuple[Pack, cp_model.IntVar]], used: dict[str, cp_model.IntVar]) -> None:
    """``cost.capability_level``: a need the plan does not meet (``_Plan.needs``) is met by a monthly
    pack, or by a per-day pack bought on at least the days needed."""
    for cap, required, days in needs:
        meets = []
        for pack, n in counts:
            if cap.pack_level(pack) >= required:
                if not pack.daily:
                    meets.append(used[pack.id])
                elif pack.max_count >= days:
                    enough = model.new_bool_var(f"days[{cap.name},{pack.id}]")
                    model.add(n >= days).only_enforce_if(enough)
                    meets.append(enough)
        model.add_bool_or(meets) if meets else model.add_bool_or([model.new_constant(False)])


def _per_line(model: cp_model.CpModel, facts: _Plan, counts: list[tuple[Pack, cp_model.IntVar]],
              used: dict[str, cp_model.IntVar]) -> None:
    """``cost.allocate``: in a household, each line's speed need the plan does not meet (``_Plan.lines``) is met
    by a pack not sold per SIM (as ``_capabilities``), or by a pack sold per SIM with units given to that line
    (one, or the line's days for a per-day pack); the units given to the lines add up to at most the count."""
    given: dict[tuple[int, int], cp_model.IntVar] = {}
    for i, line in enumerate(facts.lines):
        for c, required, days in line:
            meets = []
            for j, (pack, n) in enumerate(counts):
                if CAPABILITIES[c].pack_level(pack) < required or (pack.daily and pack.max_count < days):
                    continue
                if not pack.per_line:
                    if not pack.daily and pack.id in used:
                        meets.append(used[pack.id])
                        continue
                    enough = model.new_bool_var(f"days[{i},{c},{pack.id}]")
                    model.add(n >= (days if pack.daily else 1)).only_enforce_if(enough)
                    meets.append(enough)
                    continue
                k = given.get((j, i))
                if k is None:
                    k = given[j, i] = model.new_int_var(0, pack.max_count, f"given[{pack.id},{i}]")
                enough = model.new_bool_var(f"line[{i},{c},{pack.id}]")
                model.add(k >= (days if pack.daily else 1)).only_enforce_if(enough)
                meets.append(enough)
            model.add_bool_or(meets) if meets else model.add_bool_or([model.new_constant(False)])
    for j, (_, n) in enumerate(counts):
        parts = [k for (jj, _), k in given.items() if jj == j]
        if parts:
            model.add(cp_model.LinearExpr.sum(parts) <= n)


def _general(model: cp_model.CpModel, plan: Plan, counts: list[tuple[Pack, cp_model.IntVar]],
             demand: Demand) -> tuple[cp_model.LinearExprT, int]:
    """``cost.general_data``: the data left once app allowances (the plan's, and the packs' times
    their counts) cover what they can of the app usage — a flow from allowances to categories.
    Returns the expression and its most (what the plan's own app data leaves)."""
    most = general_data(plan, (), demand)
    usage = {c: mb for c, mb in app_usage(demand).items() if mb > 0}
    packed = [(apps & usage.keys(), mb * n) for pack, n in counts for apps, mb in pack.app_data
              if mb > 0 and apps & usage.keys()]
    if not packed or most == 0:
        return most, most
    buckets: list[tuple[frozenset[str], cp_model.LinearExprT]] = [
        *((apps & usage.keys(), mb) for apps, mb in plan.app_data if mb > 0 and apps & usage.keys()), *packed]
    into: dict[str, list[cp_model.IntVar]] = {c: [] for c in usage}
    for i, (apps, size) in enumerate(buckets):
        flows = [model.new_int_var(0, usage[c], f"app[{i},{c}]") for c in sorted(apps)]
        model.add(cp_model.LinearExpr.sum(flows) <= size)
        for c, flow in zip(sorted(apps), flows, strict=True):
            into[c].append(flow)
    for c, flows in into.items():
        if flows:
            model.add(sum(flows) <= usage[c])
    general = model.new_int_var(0, most, "general")
    model.add(general + sum(f for flows in into.values() for f in flows) >= demand[DATA])
    return general, most


def _overage(model: cp_model.CpModel, rule: OverageRule, included: int, need: tuple[cp_model.LinearExprT, int],
             added: cp_model.LinearExpr, name: str) -> Cost | None:
    """Started units beyond the allowance and what ``rule`` charges for them (``OverageRule.charge``); past an
    impossible limit, or beyond an allowance with no rate, the month does not fit."""
    usage, most = need
    short = most - included
    if short <= 0:
        return None
    if rule.rate_fen is None:
        model.add(added + included >= usage)
        return None
    top = -(-short // rule.unit)
    units = model.new_int_var(0, top, f"over[{name}]")
    model.add(rule.unit * units + added + included >= usage)
    charged: cp_model.LinearExprT = units
    if rule.limit is not None and top > rule.limit:
        if rule.throttled:  # beyond the full-speed stretch: throttled, free
            charged = model.new_int_var(0, rule.limit, f"charged[{name}]")
            model.add_min_equality(charged, [units, rule.limit])
        else:
            model.add(units <= rule.limit)
        top = rule.limit
    return _charge(model, rule, charged, top, name)


def _charge(model: cp_model.CpModel, rule: OverageRule, units: cp_model.LinearExprT, top: int,
            name: str) -> Cost | None:
    """``OverageRule.charge`` of ``units`` (at most ``top``) started units, exactly."""
    rate = rule.rate_fen
    assert rate is not None
    if rule.tiers:
        raw, most = _tiered(model, rule.tiers, units, top, name)
    elif rate == 0 or top == 0:
        return None
    elif rule.per == 1:
        raw, most = rate * units, rate * top
    else:  # the fen the started units round up to, once
        most = -(-top * rate // rule.per)
        raw = model.new_int_var(0, most, f"fen[{name}]")
        model.add(rule.per * raw >= rate * units)
        model.add(rule.per * raw <= rate * units + rule.per - 1)
    if rule.cap_fen is not None and rule.cap_fen < most:  # 封顶
        capped = model.new_int_var(0, rule.cap_fen, f"capped[{name}]")
        model.add_min_equality(capped, [raw, rule.cap_fen])
        return capped, rule.cap_fen
    return raw, most


def _tiered(model: cp_model.CpModel, tiers: tuple[tuple[int | None, int], ...], units: cp_model.LinearExprT,
            top: int, name: str) -> tuple[cp_model.LinearExprT, int]:
    """Tiers filled in order (whatever their rates): a part per tier, a Boolean per tier reached."""
    segments: list[tuple[int, int]] = []  # (width, rate) of the tiers below ``top``
    start = 0
    for up_to, rate in (*tiers, *(((None, 0),) if tiers[-1][0] is not None else ())):  # past the last: free
        end = top if up_to is None else min(up_to, top)
        if end > start:
            segments.append((end - start, rate))
        start = max(start, end)
        if up_to is None or start >= top:
            break
    parts = [model.new_int_var(0, width, f"tier[{name},{k}]") for k, (width, _) in enumerate(segments)]
    for k in range(1, len(parts)):  # a tier is reached only once the one before is full
        reached = model.new_bool_var(f"reached[{name},{k}]")
        model.add(parts[k] <= segments[k][0] * reached)
        model.add(parts[k - 1] >= segments[k - 1][0] * reached)
    model.add(sum(parts) == units)
    return (cp_model.LinearExpr.weighted_sum(parts, [rate for _, rate in segments]),
            sum(width * rate for width, rate in segments))


def _roaming(model: cp_model.CpModel, plan: Plan, profile: Profile,
             counts: list[tuple[Pack, cp_model.IntVar]]) -> list[Cost]:
    """``cost.roaming_lines`` with the cheapest day passes (``cost.roaming_best``): a Boolean per trip a
    day pass covers; the pool (plan and packs) covers what is left, trip after trip; beyond it a trip
    pays its zone's rate per started unit, or the month does not fit."""
    day = plan.day_pass
    left = [plan.tariffs[meter].included + cp_model.LinearExpr.sum(
        [pack.adds[meter] * n for pack, n in counts if pack.adds.get(meter)]) for meter in ROAMING]
    cost: list[Cost] = []
    for i, trip in enumerate(profile_trips(profile)):
        days = trip.trip_days
        on = model.new_bool_var(f"pass[{i}]") if day is not None and day.covers(trip.zone) else None
        if on is not None and day is not None:
            cost.append((day.price_fen * days * on, day.price_fen * days))
        daily = (day.data_mb, day.voice_s) if day is not None else (0, 0)
        rates = plan.zone_rates.get(trip.zone) if trip.zone is not None else None
        for k, (use, meter) in enumerate(zip(trip_use(trip), ROAMING, strict=True)):
            if not use:
                continue
            rest = use if on is None else use - min(use, days * daily[k]) * on  # what the passes leave
            cover = model.new_int_var(0, use, f"cover[{i},{meter}]")
            model.add_min_equality(cover, [rest, left[k]])
            left[k] = left[k] - cover
            rate = rates[k] if rates is not None else None
            if rate is None:
                model.add(cover >= rest)
                continue
            unit = plan.tariffs[meter].unit
            top = -(-use // unit)
            units = model.new_int_var(0, top, f"trip[{i},{meter}]")
            model.add(unit * units >= rest - cover)
            model.add(unit * units <= rest - cover + unit - 1)
            cost.append((rate * units, rate * top))
    return cost


def _twin_key(plan: Plan, pack: Pack) -> tuple[object, ...] | None:
    """Packs with the same key are interchangeable on ``plan`` (None: never, e.g. under rules; nor is a pack another
    excludes, which ``_plan_facts`` leaves out: property test, a pack twinned with one a bought pack excludes was
    ordered after it, so never bought)."""
    if pack.group or pack.excludes or pack.subscription:
        return None
    levels = tuple(cap.pack_level(pack) for cap in CAPABILITIES)
    return (pack.per_line, pack_price_fen(pack, plan), tuple(sorted(pack.adds.items())), levels, pack.max_count,
            tuple(sorted(pack.benefits)), pack.billing, pack.install_fen,
            tuple(sorted((tuple(sorted(apps)), mb) for apps, mb in pack.app_data)))


def _break_symmetry(model: cp_model.CpModel, twins: tuple[tuple[int, ...], ...],
                    counts: list[tuple[Pack, cp_model.IntVar]]) -> None:
    """Identical packs (same price, contents, speeds and limits: ``_Plan.twins``) are bought in
    non-increasing order, so that the solver does not prove the same optimum once per permutation."""
    for group in twins:
        for first, second in itertools.pairwise(group):
            model.add(counts[first][1] >= counts[second][1])


def _build(facts: _Plan, profile: Profile, demands: list[Demand], fixed_fen: int) -> _Model:
    m = _Model(facts)
    shared: dict[str, tuple[cp_model.IntVar, cp_model.IntVar]] = {}
    if len(demands) > 1:
        for pack, most in zip(facts.packs, facts.most, strict=True):
            if pack.subscription:
                n = m.model.new_int_var(0, most, f"sub[{pack.id}]")
                u = m.model.new_bool_var(f"subscribed[{pack.id}]")
                m.model.add(n <= most * u)
                m.model.add(n >= u)
                shared[pack.id] = (n, u)
    for i, demand in enumerate(demands):
        _month(m, profile.in_month(i), demand, shared, fixed_fen)
    return m


def _household(plan: Plan, profile: Profile) -> int | None:
    """What a household's extra lines cost on ``plan`` each month (``cost.extra_line_charges``: the
    same whatever the packs), or None when they cannot go on it."""
    lines, checks = extra_line_charges(plan, profile)
    return None if any(not check.met for check in checks) else sum(line.fen for line in lines)


def _one_off(m: _Model) -> cp_model.LinearExpr | None:
    """``cost.bundles_one_off``: each installation fee once if its pack is bought in any month."""
    terms = []
    for pack in m.facts.packs:
        if pack.install_fen:
            months = list({u.index: u for used in m.used for u in (used[pack.id],)}.values())
            bought = m.model.new_bool_var(f"installed[{pack.id}]")
            m.model.add_max_equality(bought, months)
            terms.append(pack.install_fen * bought)
    return cp_model.LinearExpr.sum(terms) if terms else None


def _tie_weight(m: _Model) -> int:
    return sum(m.facts.most) * len(m.counts) + 1


def _packs(m: _Model) -> cp_model.LinearExpr:
    return cp_model.LinearExpr.sum([n for counts in m.counts for _, n in counts])


def _hint(m: _Model, hint: Choice) -> None:
    """Start the search from a known bundle per month (e.g. the tables' answer)."""
    for counts, (bundle, _) in zip(m.counts, hint.months, strict=True):
        chosen = dict(bundle.packs)
        for pack, n in counts:
            m.model.add_hint(n, chosen.get(pack.id, 0))


def _upper(m: _Model, month: int) -> int:
    """The most month ``month`` can cost."""
    return sum(most for _, most in m.cost[month])


def _horizon(m: _Model, plan: Plan, months: int, horizon_months: int) -> cp_model.LinearExpr:
    """The horizon total of ``cost.contract`` as a linear expression (less its constants: the one-off
    fee and the months owed past the horizon): each month charged ``max(total + fee change, floor)``
    once per horizon month that repeats it (``cost.horizon_charges``)."""
    floor = plan.terms.minimum_monthly_spend_fen
    terms: list[cp_model.LinearExprT] = []
    for j, slot in enumerate(horizon_charges(plan, months, horizon_months)):
        for change, times in slot:
            if floor <= 0:  # a total already includes the base fee, so total + change >= the promotional fee >= 0
                terms.append(times * (m.month_cost(j) + change))
                continue
            charged = m.model.new_int_var(floor, max(floor, _upper(m, j) + change), f"charged[{j},{change}]")
            m.model.add(charged >= m.month_cost(j) + change)
            terms.append(times * charged)
    return cp_model.LinearExpr.sum(terms)


def _worst(m: _Model, plan: Plan, months: int, horizon_months: int,
           one_off: cp_model.LinearExpr | None) -> cp_model.IntVar:
    """The largest bill of ``cost.contract`` (``worst_month_fen``), at least each: a horizon month's
    ``max(total + fee change, floor)``, the first with the one-off fees, a month owed past the horizon."""
    terms = plan.terms
    floor = terms.minimum_monthly_spend_fen
    worst = m.model.new_int_var(0, 1 << 50, "worst")
    m.model.add(worst >= max([floor, *(max(month_fee_fen(plan, i), floor)
                                       for i in range(horizon_months, terms.minimum_term_months))]))
    for j, slot in enumerate(horizon_charges(plan, months, horizon_months)):
        if slot:  # (a history longer than the horizon: its last months are never paid)
            m.model.add(worst >= m.month_cost(j) + slot[-1][0])  # (changes sorted: the last is the dearest)
    first = m.month_cost(0) + month_fee_fen(plan, 0) - plan.fee_fen
    once = terms.one_off_fen + (0 if one_off is None else one_off)
    m.model.add(worst >= first + once)
    m.model.add(worst >= floor + once)
    return worst


def _over_budget(m: _Model, plan: Plan, horizon_months: int, horizon: cp_model.LinearExpr,
                 one_off: cp_model.LinearExpr | None, limit: int) -> cp_model.IntVar:
    """``objective.budget_first``: a Boolean that may be 0 only if the horizon total of ``cost.contract`` (``horizon``,
    ``_horizon``'s, with its constants and the one-off fees) is at most ``limit`` (``objective.budget_limit``: the
    most within the budget)."""
    over = m.model.new_bool_var("over_budget")
    constant = plan.terms.one_off_fen + owed_fen(plan, horizon_months)
    total = horizon + constant if one_off is None else horizon + one_off + constant
    m.model.add(total <= limit).only_enforce_if(~over)
    return over


def _months(m: _Model, solver: cp_model.CpSolver, plan: Plan, months: int) -> tuple[tuple[Bundle, int], ...]:
    return tuple(
        (Bundle(plan.id, tuple((pack.id, int(solver.value(n))) for pack, n in m.counts[i] if solver.value(n))),
         m.value(solver, i))
        for i in range(months))


def _stages(m: _Model, profile: Profile, plan: Plan, months: int,
            one_off: cp_model.LinearExpr | None) -> list[cp_model.LinearExprT]:
    """``objective.plan_key`` as objectives solved in turn: (within the budget, the worst month,) the horizon total with
    the one-off fees, then the months' total with fewer packs below the fen.  When the horizon total
    is a multiple of the months' total (no floor, every month weighted alike, no one-off fee) the last
    two are one."""
    stages: list[cp_model.LinearExprT] = []
    horizon: cp_model.LinearExpr | None = None
    if profile.objective == "worst_month" and (months > 1 or one_off is not None):
        # within the budget first, where the months are tied together (an installation fee, a subscription pack):
        # else each month's cheapest bundle is the least of every part of the key (``recommender.objective``), so
        # the stages below find a bundle within the budget whenever one exists
        tied = one_off is not None or (months > 1 and any(pack.subscription for pack in m.facts.packs))
        limit = budget_limit(plan, profile) if tied and budget_first(profile) else None
        if limit is not None:
            horizon = _horizon(m, plan, months, profile.horizon_months)
            stages.append(_over_budget(m, plan, profile.horizon_months, horizon, one_off, limit))
        stages.append(_worst(m, plan, months, profile.horizon_months, one_off))
    alike = len(set(weights(months, profile.horizon_months))) == 1 and \
        plan.terms.minimum_monthly_spend_fen <= 0 and one_off is None
    if not alike:
        horizon = _horizon(m, plan, months, profile.horizon_months) if horizon is None else horizon
        stages.append(horizon if one_off is None else horizon + one_off)
    total = cp_model.LinearExpr.sum([m.month_cost(i) for i in range(months)])
    tiers = [found for found in (_value(m, profile, months, valued_elsewhere(plan, profile)),
                                 _value(m, profile, months, dict.fromkeys(sorted(wished_elsewhere(plan, profile)), 1)))
             if found is not None]
    if not tiers:
        stages.append(total * _tie_weight(m) + _packs(m))
    else:  # equal totals: the benefits worth most, then the most wished for, then fewer packs
        stages += [total, *(-tier for tier in tiers[:-1]), -tiers[-1] * _tie_weight(m) + _packs(m)]
    return stages


def _value(m: _Model, profile: Profile, months: int, wanted: dict[str, int]) -> cp_model.LinearExpr | None:
    """``objective.horizon_value`` of ``wanted`` (each benefit's worth a month: what the person values it at, or 1
    for one wished for, ``objective.month_wished``) less its constant (the plan's own benefits): per month and
    benefit wanted that the plan lacks, a Boolean that may be 1 only if a pack bringing it is bought, worth the
    benefit's worth times the month's weight.  None when no pack brings one."""
    terms: list[cp_model.LinearExprT] = []
    for j, (counts, weight) in enumerate(zip(m.counts, weights(months, profile.horizon_months), strict=True)):
        for tag, fen in wanted.items():
            bringing = [n for pack, n in counts if tag in pack.benefits]
            if weight and bringing:
                has = m.model.new_bool_var(f"has[{j},{tag}]")
                m.model.add(has <= cp_model.LinearExpr.sum(bringing))
                terms.append(weight * fen * has)
    return cp_model.LinearExpr.sum(terms) if terms else None


def _run(m: _Model, stages: list[cp_model.LinearExprT], deadline: float,
         hinted: bool) -> tuple[cp_model.CpSolver | None, bool]:
    """Solve the stages in turn, each bounded by the optimum of the one before; the last solver (None:
    no bundle fits, or none was found in time) and whether every stage was proved."""
    solver: cp_model.CpSolver | None = None
    proved = True
    for stage, objective in enumerate(stages):
        if solver is not None:  # bound by the previous stage's optimum, and start from its solution
            m.model.add(stages[stage - 1] <= int(solver.value(stages[stage - 1])))
            if not hinted:
                m.model.clear_hints()
                seen = {n.index: n for counts in m.counts for _, n in counts}  # subscriptions: shared
                for n in seen.values():
                    m.model.add_hint(n, int(solver.value(n)))
        m.model.minimize(objective)
        solver = _solver(deadline)
        status = solver.solve(m.model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None, status == cp_model.INFEASIBLE
        if status != cp_model.OPTIMAL:
            return solver, False  # a time limit: keep the best found
    return solver, proved


def solve(catalogue: Catalogue, profile: Profile, plans: Sequence[Plan], time_limit_s: float = 5.0,
          hints: Mapping[str, Choice] | None = None) -> Ranked:
    """Each plan's best bundles over the profile's months; ``proved`` is False if a time limit cut a proof.

    The order is ``objective.plan_key``: (if asked, within the budget first, then the least worst month,) the least
    horizon total
    with the plan's terms and the packs' one-off fees, then the least total over the history, then
    fewer packs — solved in stages (``_stages``), each bounded by the optimum of the one before.
    ``hints`` (a choice per plan id, e.g. from the tables) seed the search; they never change the result.
    """
    deadline = time.monotonic() + time_limit_s
    choices: list[Choice] = []
    proved = True
    for plan in plans:
        fixed_fen = _household(plan, profile)
        if fixed_fen is None:
            continue
        demands = billed(profile, plan)
        m = _build(_plan_facts(catalogue, profile, plan), profile, demands, fixed_fen)
        hinted = bool(hints and plan.id in hints and len(hints[plan.id].months) == len(demands))
        if hints and hinted:
            _hint(m, hints[plan.id])
        solver, done = _run(m, _stages(m, profile, plan, len(demands), _one_off(m)), deadline,
                            hinted)
        proved = proved and done
        if solver is not None:
            months = _months(m, solver, plan, len(demands))
            choices.append(Choice(plan.id, months, bundles_one_off(catalogue, [b for b, _ in months])))
    return Ranked(tuple(choices), proved)
