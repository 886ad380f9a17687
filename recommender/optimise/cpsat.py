"""CP-SAT: each plan's cheapest fitting bundle, proved optimal, for any rules a product team writes.

One small model per base plan, built from the cost model's rules (``recommender.cost``): an
integer count per pack that may go on the plan, a Boolean per pack for "used" (for group and
exclusion rules), and per meter an integer number of started billing units of overage.  Money
is integer fen.  The objective is the monthly total with a tie-break folded in below the fen
(fewer packs), so that the order on ties is deterministic and matches the enumerator's.
"""

import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from ..catalogue import METERS, Catalogue, Pack, Plan
from ..cost import CAPABILITIES, Bundle, meter_rule, pack_price_fen
from ..profile import Profile
from . import Ranked, rank_key


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
    counts: list[tuple[Pack, cp_model.IntVar]] = field(default_factory=list)
    cost: list[tuple[cp_model.IntVar | int, int]] = field(default_factory=list)


def _build(catalogue: Catalogue, profile: Profile, plan: Plan) -> _Model:
    m = _Model()
    model = m.model
    demand = profile.demand()
    m.cost.append((1, plan.fee_fen))
    used: dict[str, cp_model.IntVar] = {}
    groups: dict[str, list[cp_model.IntVar]] = {}
    for pack in catalogue.packs_for(plan):
        n = model.new_int_var(0, pack.max_count, f"n[{pack.id}]")
        u = model.new_bool_var(f"used[{pack.id}]")
        model.add(n <= pack.max_count * u)
        model.add(n >= u)
        m.counts.append((pack, n))
        m.cost.append((n, pack_price_fen(pack, plan)))
        used[pack.id] = u
        if pack.group:
            groups.setdefault(pack.group, []).append(u)
    for pack, _ in m.counts:
        for other in sorted(pack.excludes):
            if other in used:
                model.add(used[pack.id] + used[other] <= 1)
    for members in groups.values():
        model.add(sum(members) <= 1)
    for meter in METERS:
        short = demand[meter] - plan.tariffs[meter].included
        if short <= 0:
            continue
        unit, rate = meter_rule(plan, meter, profile)
        added = sum(pack.adds.get(meter, 0) * n for pack, n in m.counts)
        if rate is None:
            model.add(added >= short)
        else:
            units = model.new_int_var(0, -(-short // unit), f"over[{meter}]")
            model.add(unit * units + added >= short)
            m.cost.append((units, rate))
    for cap in CAPABILITIES:
        required = cap.required(profile)
        if required and cap.plan_level(plan) < required:
            model.add(sum(n for pack, n in m.counts if cap.pack_level(pack) >= required) >= 1)
    total = sum(coef * var for var, coef in m.cost)
    most_packs = sum(pack.max_count for pack, _ in m.counts)
    model.minimize(total * (most_packs + 1) + sum(n for _, n in m.counts))
    return m


def solve(catalogue: Catalogue, profile: Profile, plans: Sequence[Plan], time_limit_s: float = 5.0) -> Ranked:
    """Each plan's cheapest bundle that meets every need (budget aside), in rank order.

    A plan's best bundle is what a person compares, and the per-plan figures also explain why
    a plan is not recommended.  Plans with no fitting bundle are left out; ``proved`` is False
    when the time limit cut a proof short.
    """
    deadline = time.monotonic() + time_limit_s
    found: list[tuple[Bundle, int]] = []
    proved = True
    for plan in plans:
        m = _build(catalogue, profile, plan)
        solver = _solver(deadline)
        status = solver.solve(m.model)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            packs = tuple((pack.id, int(solver.value(n))) for pack, n in m.counts if solver.value(n))
            total = sum(coef * (var if isinstance(var, int) else int(solver.value(var))) for var, coef in m.cost)
            found.append((Bundle(plan.id, packs), total))
        proved = proved and status in (cp_model.OPTIMAL, cp_model.INFEASIBLE)
    found.sort(key=lambda item: rank_key(catalogue, *item))
    return Ranked(tuple(found), proved)
