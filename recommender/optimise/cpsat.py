"""CP-SAT: each plan's cheapest fitting bundles, proved optimal, for any rules a product team writes.

One model per base plan over the profile's usage months, built from the cost model's rules
(``recommender.cost``): per month, an integer count per pack that may go on the plan (one count
shared by every month for a subscription pack), a Boolean per pack for "used" (for group and
exclusion rules), and per meter the started billing units of overage and, where a rate is
quoted for several units, the fen it rounds up to.  Money is integer fen.  The objective is the
effective price (``recommender.objective``): the horizon total with the plan's contract terms —
each usage month weighted by how often the horizon repeats it, promotions, and the minimum
monthly spend as a floor variable per charged month — then the total over the months with a
tie-break folded in below the fen (fewer packs), solved in stages; for the "worst month"
objective a first solve finds the least possible worst month.
"""

import itertools
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from ..catalogue import METERS, Catalogue, Pack, Plan
from ..cost import (
    CAPABILITIES,
    Bundle,
    horizon_charges,
    meter_rule,
    missing_benefits,
    need_days,
    pack_price_fen,
    weights,
)
from ..profile import Profile
from ..usage import Demand, billed
from . import Choice, Ranked


def _solver(deadline: float) -> cp_model.CpSolver:
    """A fresh solver per solve: never shared across threads or requests."""
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.linearization_level = 2
    solver.parameters.max_time_in_seconds = max(0.001, deadline - time.monotonic())
    return solver


@dataclass
class _Model:
    model: cp_model.CpModel = field(default_factory=cp_model.CpModel)
    counts: list[list[tuple[Pack, cp_model.IntVar]]] = field(default_factory=list)  # per month
    cost: list[list[tuple[cp_model.IntVar | int, int]]] = field(default_factory=list)  # per month: (var, fen)

    def month_cost(self, month: int) -> cp_model.LinearExpr:
        terms = self.cost[month]
        return cp_model.LinearExpr.weighted_sum([var for var, _ in terms], [coef for _, coef in terms])

    def value(self, solver: cp_model.CpSolver, month: int) -> int:
        return sum(coef * (var if isinstance(var, int) else int(solver.value(var))) for var, coef in self.cost[month])


def _month(m: _Model, catalogue: Catalogue, profile: Profile, plan: Plan, demand: Demand,
           shared: dict[str, tuple[cp_model.IntVar, cp_model.IntVar]]) -> None:
    model = m.model
    cost: list[tuple[cp_model.IntVar | int, int]] = [(1, plan.fee_fen)]
    counts: list[tuple[Pack, cp_model.IntVar]] = []
    used: dict[str, cp_model.IntVar] = {}
    groups: dict[str, list[cp_model.IntVar]] = {}
    for pack in catalogue.packs_for(plan):
        if pack.id in shared:
            n, u = shared[pack.id]
        else:
            n = model.new_int_var(0, pack.max_count, f"n[{pack.id}]")
            u = model.new_bool_var(f"used[{pack.id}]")
            model.add(n <= pack.max_count * u)
            model.add(n >= u)
        counts.append((pack, n))
        cost.append((n, pack_price_fen(pack, plan)))
        used[pack.id] = u
        if pack.group:
            groups.setdefault(pack.group, []).append(u)
    for pack, _ in counts:
        for other in sorted(pack.excludes):
            if other in used:
                model.add(used[pack.id] + used[other] <= 1)
    _break_symmetry(model, plan, counts)
    for members in groups.values():
        model.add(sum(members) <= 1)
    for meter in METERS:
        short = demand[meter] - plan.tariffs[meter].included
        if short <= 0:
            continue
        rule = meter_rule(plan, meter, profile)
        unit, rate, per = rule.unit, rule.rate_fen, rule.per
        added = sum(pack.adds.get(meter, 0) * n for pack, n in counts)
        if rate is None:
            model.add(added >= short)
            continue
        most = -(-short // unit)
        units = model.new_int_var(0, most, f"over[{meter}]")
        model.add(unit * units + added >= short)
        if per == 1:
            cost.append((units, rate))
        else:  # the fen the started units round up to, once
            fen = model.new_int_var(0, -(-most * rate // per), f"fen[{meter}]")
            model.add(per * fen >= rate * units)
            cost.append((fen, 1))
    for cap in CAPABILITIES:
        required = cap.required(profile)
        if required and cap.plan_level(plan) < required:  # a monthly pack, or a per-day pack on every day needed
            days = need_days(profile, cap.name)
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
    for tag in missing_benefits(plan, profile):  # a required benefit the plan lacks: a pack must bring it
        model.add(sum(n for pack, n in counts if tag in pack.benefits) >= 1)
    m.counts.append(counts)
    m.cost.append(cost)


def _twin_key(plan: Plan, pack: Pack) -> tuple[object, ...] | None:
    """Packs with the same key are interchangeable on ``plan`` (None: never, e.g. under rules)."""
    if pack.group or pack.excludes or pack.subscription:
        return None
    levels = tuple(cap.pack_level(pack) for cap in CAPABILITIES)
    return (pack_price_fen(pack, plan), tuple(sorted(pack.adds.items())), levels, pack.max_count,
            tuple(sorted(pack.benefits)))


def _break_symmetry(model: cp_model.CpModel, plan: Plan, counts: list[tuple[Pack, cp_model.IntVar]]) -> None:
    """Identical packs (same price, contents, speeds and limits) are bought in non-increasing order,
    so that the solver does not prove the same optimum once per permutation."""
    twins: dict[tuple[object, ...], list[cp_model.IntVar]] = {}
    for pack, n in counts:
        key = _twin_key(plan, pack)
        if key is not None:
            twins.setdefault(key, []).append(n)
    for group in twins.values():
        for first, second in itertools.pairwise(group):
            model.add(first >= second)


def _build(catalogue: Catalogue, profile: Profile, plan: Plan, demands: list[Demand]) -> _Model:
    m = _Model()
    shared: dict[str, tuple[cp_model.IntVar, cp_model.IntVar]] = {}
    if len(demands) > 1:
        for pack in catalogue.packs_for(plan):
            if pack.subscription:
                n = m.model.new_int_var(0, pack.max_count, f"sub[{pack.id}]")
                u = m.model.new_bool_var(f"subscribed[{pack.id}]")
                m.model.add(n <= pack.max_count * u)
                m.model.add(n >= u)
                shared[pack.id] = (n, u)
    for demand in demands:
        _month(m, catalogue, profile, plan, demand, shared)
    return m


def _tie_weight(m: _Model) -> int:
    return sum(pack.max_count for counts in m.counts for pack, _ in counts) + 1


def _packs(m: _Model) -> cp_model.LinearExpr:
    return cp_model.LinearExpr.sum([n for counts in m.counts for _, n in counts])


def _hint(m: _Model, hint: Choice) -> None:
    """Start the search from a known bundle per month (e.g. the tables' answer)."""
    for counts, (bundle, _) in zip(m.counts, hint.months, strict=True):
        chosen = dict(bundle.packs)
        for pack, n in counts:
            m.model.add_hint(n, chosen.get(pack.id, 0))


def _upper(m: _Model, month: int) -> int:
    """The most month ``month`` can cost (from the variables' domains)."""
    def most(var: cp_model.IntVar | int) -> int:
        if isinstance(var, int):
            return var
        domain = var.proto.domain  # (a repeated field: negative indexes are not supported)
        return int(domain[len(domain) - 1])

    return sum(coef * most(var) for var, coef in m.cost[month])


def _horizon(m: _Model, plan: Plan, months: int, horizon_months: int) -> cp_model.LinearExprT:
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
    return sum(terms)


def _months(m: _Model, solver: cp_model.CpSolver, plan: Plan, months: int) -> tuple[tuple[Bundle, int], ...]:
    return tuple(
        (Bundle(plan.id, tuple((pack.id, int(solver.value(n))) for pack, n in m.counts[i] if solver.value(n))),
         m.value(solver, i))
        for i in range(months))


def solve(catalogue: Catalogue, profile: Profile, plans: Sequence[Plan], time_limit_s: float = 5.0,
          hints: Mapping[str, Choice] | None = None) -> Ranked:
    """Each plan's best bundles over the profile's months; ``proved`` is False if a time limit cut a proof.

    The order is ``objective.plan_key``: (the least worst month, if asked,) the least horizon total
    with the plan's terms, then the least total over the history, then fewer packs — solved in
    stages, each bounded by the optimum of the one before.  When the horizon total is a multiple
    of the history's total (no floor, every month weighted alike) the last two stages are one.
    ``hints`` (a choice per plan id, e.g. from the tables) seed the search; they never change the result.
    """
    deadline = time.monotonic() + time_limit_s
    choices: list[Choice] = []
    proved = True
    for plan in plans:
        demands = billed(profile, plan)
        m = _build(catalogue, profile, plan, demands)
        hinted = bool(hints and plan.id in hints and len(hints[plan.id].months) == len(demands))
        if hints and hinted:
            _hint(m, hints[plan.id])
        total = cp_model.LinearExpr.sum([m.month_cost(i) for i in range(len(demands))])
        weight = _tie_weight(m)
        stages: list[cp_model.LinearExprT] = []
        if profile.objective == "worst_month" and len(demands) > 1:
            worst = m.model.new_int_var(0, 1 << 50, "worst")
            for i in range(len(demands)):
                m.model.add(worst >= m.month_cost(i))
            stages.append(worst)
        alike = len(set(weights(len(demands), profile.horizon_months))) == 1 and \
            plan.terms.minimum_monthly_spend_fen <= 0
        if not alike:
            stages.append(_horizon(m, plan, len(demands), profile.horizon_months))
        stages.append(total * weight + _packs(m))
        solver: cp_model.CpSolver | None = None
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
                proved = proved and status == cp_model.INFEASIBLE
                solver = None
                break
            proved = proved and status == cp_model.OPTIMAL
            if status != cp_model.OPTIMAL:
                break  # a time limit: keep the best found
        if solver is not None:
            choices.append(Choice(plan.id, _months(m, solver, plan, len(demands))))
    return Ranked(tuple(choices), proved)
