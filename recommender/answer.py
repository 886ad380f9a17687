"""From a profile to an answer: ranked bundles, the best per operator, why the rest do not fit.

This is the one place that turns the engines' bundles into the document people read (the CLI's
``--json`` and the API's response are this document).  Every figure in it comes from the cost
model's ``price``; the engines only choose bundles.
"""

from dataclasses import asdict, dataclass, field

from .catalogue import OPERATORS, Catalogue, Plan
from .cost import Bundle, Costing, blockers, price
from .money import format_yuan
from .optimise import planner
from .optimise.planner import Engine
from .profile import Profile

MAX_TOP_K = 50


class UnknownPlan(ValueError):
    """The profile names a current plan the catalogue does not have."""


@dataclass(frozen=True)
class Money:
    fen: int
    yuan: str

    @classmethod
    def of(cls, fen: int) -> "Money":
        return cls(fen, format_yuan(fen))


@dataclass(frozen=True)
class Recommendation:
    rank: int | None
    operator: str
    plan_id: str
    plan_name: str
    packs: list[dict[str, object]]
    total_fen: int
    total_yuan: str
    breakdown: list[dict[str, object]]
    needs: list[dict[str, object]]
    needs_met: bool
    headroom: dict[str, int]
    benefits_met: list[str]
    benefits_missing: list[str]
    savings: dict[str, object] | None
    optimal: bool


@dataclass(frozen=True)
class Exclusion:
    plan_id: str
    operator: str
    reasons: list[str]
    cheapest_fen: int | None = None


@dataclass(frozen=True)
class Answer:
    catalogue_version: str
    engine: str
    status: str  # optimal | feasible (time limit hit) | infeasible | unknown
    recommendations: list[Recommendation]
    best_per_operator: list[Recommendation]
    excluded: list[Exclusion]
    suggestions: list[str] = field(default_factory=list)
    current_fen: int | None = None

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def current_cost(catalogue: Catalogue, profile: Profile) -> int | None:
    """What the person pays now: their bill, or their current plan priced for this usage."""
    current = profile.current
    if current is None:
        return None
    if current.monthly_bill_fen is not None:
        return current.monthly_bill_fen
    if current.plan_id not in catalogue.plan_index:
        raise UnknownPlan(f"current.plan_id: unknown plan '{current.plan_id}'")
    return price(catalogue, profile, Bundle(current.plan_id)).total_fen


def _recommendation(catalogue: Catalogue, profile: Profile, costing: Costing, rank: int | None,
                    optimal: bool, current: int | None) -> Recommendation:
    plan = catalogue.plan_index[costing.bundle.plan_id]
    total = costing.total_fen
    savings = None
    if current is not None:
        savings = {"fen": current - total, "yuan": format_yuan(current - total),
                   "per_year_fen": 12 * (current - total)}
    return Recommendation(
        rank=rank,
        operator=plan.operator,
        plan_id=plan.id,
        plan_name=plan.name,
        packs=[{"id": pid, "count": n, "name": catalogue.pack_index[pid].name} for pid, n in costing.bundle.packs],
        total_fen=total,
        total_yuan=format_yuan(total),
        breakdown=[{"item": line.item, "kind": line.kind, "ref": line.ref, "fen": line.fen,
                    "yuan": format_yuan(line.fen)} for line in costing.lines],
        needs=[asdict(n) for n in costing.needs],
        needs_met=all(n.met for n in costing.needs),
        headroom=costing.headroom,
        benefits_met=sorted(set(profile.benefits) & costing.benefits),
        benefits_missing=sorted(set(profile.benefits) - costing.benefits),
        savings=savings,
        optimal=optimal,
    )


def _priced(catalogue: Catalogue, profile: Profile, found: tuple[Bundle, int]) -> Costing:
    bundle, engine_total = found
    costing = price(catalogue, profile, bundle)
    if costing.total_fen != engine_total or not costing.meets_needs:
        raise AssertionError(f"engine and cost model disagree on {bundle}: {engine_total} != {costing.total_fen}")
    return costing


def recommend(catalogue: Catalogue, profile: Profile, top_k: int = 5, engine: Engine = "auto",
              time_limit_s: float = 5.0, per_operator: int | None = None) -> Answer:
    """Rank plans by their cheapest fitting bundle for ``profile``; explain every plan left out.

    ``per_operator`` caps how many of the ranked plans come from one operator.
    """
    top_k = max(1, min(top_k, MAX_TOP_K))
    current = current_cost(catalogue, profile)
    demand = profile.demand()
    excluded: list[Exclusion] = []
    candidates: list[Plan] = []
    for plan in catalogue.plans:
        if not profile.wants_operator(plan.operator):
            excluded.append(Exclusion(plan.id, plan.operator, [f"operator {plan.operator} filtered out"]))
        elif reasons := blockers(catalogue, plan, profile, demand):
            excluded.append(Exclusion(plan.id, plan.operator, reasons))
        else:
            candidates.append(plan)

    found, used = planner.solve(catalogue, profile, candidates, engine, time_limit_s)
    costings = [_priced(catalogue, profile, f) for f in found.bundles]
    fitting = [c for c in costings if c.within_budget]
    solved = {c.bundle.plan_id for c in costings}
    best_total = fitting[0].total_fen if fitting else None
    for plan in candidates:
        if plan.id not in solved:
            reason = "no combination of its packs meets every need at once"
            if not found.proved:
                reason = "no fitting bundle found within the time limit"
            excluded.append(Exclusion(plan.id, plan.operator, [reason]))
    for costing in costings:
        total = costing.total_fen
        if not costing.within_budget:
            assert profile.budget_fen is not None
            budget = format_yuan(profile.budget_fen)
            reason = f"its cheapest fitting bundle costs {format_yuan(total)}, over the budget of {budget}"
            excluded.append(Exclusion(costing.bundle.plan_id, costing.operator, [reason], total))

    ranked: list[Costing] = []
    shown: dict[str, int] = {}
    for costing in fitting:
        if len(ranked) < top_k and shown.get(costing.operator, 0) < (per_operator or top_k):
            ranked.append(costing)
            shown[costing.operator] = shown.get(costing.operator, 0) + 1
        else:
            gap = format_yuan(costing.total_fen - (best_total or 0))
            reason = f"its cheapest fitting bundle costs {costing.total_yuan}, {gap} more than the best"
            excluded.append(Exclusion(costing.bundle.plan_id, costing.operator, [reason], costing.total_fen))
    order = {p.id: i for i, p in enumerate(catalogue.plans)}
    excluded.sort(key=lambda e: order[e.plan_id])

    recommendations = [_recommendation(catalogue, profile, c, i + 1, found.proved, current)
                       for i, c in enumerate(ranked)]
    rank_of = {c.bundle.plan_id: i + 1 for i, c in enumerate(ranked)}
    best_per_operator = []
    for operator in OPERATORS:
        best = next((c for c in fitting if c.operator == operator), None)
        if best is not None:
            best_per_operator.append(_recommendation(catalogue, profile, best, rank_of.get(best.bundle.plan_id),
                                                     found.proved, current))

    if fitting:
        status = "optimal" if found.proved else "feasible"
    else:
        status = "infeasible" if found.proved else "unknown"
    suggestions = [] if fitting else _suggestions(catalogue, profile, costings, engine, time_limit_s)
    return Answer(catalogue.version, used, status, recommendations, best_per_operator, excluded,
                  suggestions, current)


def _suggestions(catalogue: Catalogue, profile: Profile, costings: list[Costing], engine: Engine,
                 time_limit_s: float) -> list[str]:
    """When nothing fits: the smallest changes to the profile that would make something fit."""
    out = []
    if costings and profile.budget_fen is not None:
        out.append(f"raise the budget to {format_yuan(costings[0].total_fen)} ({costings[0].bundle.plan_id})")
    needs = profile.needs
    relaxations: dict[str, dict[str, object]] = {
        "drop the uplink need": {"min_uplink_mbps": 0},
        "drop the downlink need": {"min_downlink_mbps": 0},
        "drop the satellite need": {"satellite": False},
        "drop the roaming need": {"roaming": type(needs.roaming)()},
        "drop the home broadband need": {"broadband": False},
    }
    for text, change in relaxations.items():
        relaxed_needs = needs.model_copy(update=change)
        if relaxed_needs == needs:
            continue
        relaxed = profile.model_copy(update={"needs": relaxed_needs})
        demand = relaxed.demand()
        plans = [p for p in catalogue.plans
                 if relaxed.wants_operator(p.operator) and not blockers(catalogue, p, relaxed, demand)]
        found = planner.solve(catalogue, relaxed, plans, engine, time_limit_s)[0].bundles
        fitting = [(b, t) for b, t in found if relaxed.budget_fen is None or t <= relaxed.budget_fen]
        if fitting:
            out.append(f"{text}: then {fitting[0][0].plan_id} fits at {format_yuan(fitting[0][1])}")
    if profile.operators is not None or profile.exclude_operators:
        out.append("allow every operator")
    return out
