"""From a profile to an answer: ranked plans, the best per operator, why the rest do not fit.

This is the one place that turns the engines' choices into the document people read (the CLI's
``--json`` and the API's response are this document).  Every figure in it comes from the cost
model (``price_history`` and ``contract``); the engines only choose bundles.

Plans are ranked by what they really cost: the effective monthly price over the profile's
horizon (promotions, one-off fees, minimum terms and spends included), or by the worst month
when the profile asks; ties go to the plan first in the catalogue, then to fewer packs.  Plans
priced in another currency are compared only through an exchange rate the profile gives.  The
one definition is ``recommender.objective``: the engines choose each plan's bundles by it, and
the current plan is priced by it for savings.
"""

from dataclasses import asdict, dataclass, field, fields, is_dataclass

from .catalogue import OPERATORS, Catalogue, Plan
from .cost import METER_LABELS, Bundle, Contract, Costing, History, blockers, price_history
from .money import format_money
from .objective import effective_price, rank_key, rate
from .optimise import Choice, planner
from .optimise.planner import Engine
from .profile import Profile
from .usage import billed, months_of

MAX_TOP_K = 50


class UnknownPlan(ValueError):
    """The profile names a current plan the catalogue does not have."""


@dataclass(frozen=True)
class Recommendation:
    rank: int | None
    operator: str
    plan_id: str
    plan_name: str
    packs: list[dict[str, object]]
    """The packs of the first usage month (each month's are in ``months``)."""
    total_fen: int
    """The sum of the usage months' totals (one month: that month's bill)."""
    total_yuan: str
    breakdown: list[dict[str, object]]
    """Invoice lines adding up to ``total_fen``: one month's lines, or one line per month."""
    needs: list[dict[str, object]]
    needs_met: bool
    headroom: dict[str, int]
    benefits_met: list[str]
    benefits_missing: list[str]
    savings: dict[str, object] | None
    optimal: bool
    currency: str = "CNY"
    months: list[dict[str, object]] = field(default_factory=list)
    first_month_fen: int = 0
    effective_monthly_fen: int = 0
    effective_monthly_yuan: str = ""
    horizon_months: int = 1
    horizon_total_fen: int = 0
    ranking_fen: int = 0
    """The effective monthly price in the profile's currency: what the ranking compared."""


@dataclass(frozen=True)
class Exclusion:
    plan_id: str
    operator: str
    reasons: list[str]
    cheapest_fen: int | None = None
    """The plan's best effective monthly price in the profile's currency, when it has one."""


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
    """The current plan's (or bill's) effective monthly price, by the same definition as ``ranking_fen``."""
    currency: str = "CNY"
    objective: str = "total"
    horizon_months: int = 24
    advice: list[dict[str, object]] = field(default_factory=list)
    """Said first: ``{code, params, text}``, e.g. ``keep_current_plan`` when nothing costs less than it."""

    def to_dict(self) -> dict[str, object]:
        return _plain(self)  # type: ignore[return-value]


def _plain(value: object) -> object:
    """Dataclasses to dicts, without ``asdict``'s deep copies (the answer's lists are built fresh)."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


@dataclass(frozen=True)
class _Priced:
    """A plan's choice with its contract terms applied, and what the ranking compares."""

    plan: Plan
    choice: Choice
    terms: Contract
    key: tuple[int, ...]
    ranking_fen: int  # effective monthly, profile currency
    within_budget: bool

    def history(self, catalogue: Catalogue, profile: Profile) -> History:
        """The choice priced line by line by the cost model — which must agree with the engine."""
        history = price_history(catalogue, profile, self.choice.bundles)
        totals = tuple(c.total_fen for c in history.months)
        if totals != tuple(fen for _, fen in self.choice.months) or not history.meets_needs:
            raise AssertionError(f"engine and cost model disagree on {self.choice}: {totals}")
        return history


def current_plan(catalogue: Catalogue, profile: Profile) -> Plan | None:
    """The profile's current plan, checked (None when there is none, or a monthly bill instead)."""
    current = profile.current
    if current is None or current.plan_id is None:
        return None
    if current.plan_id not in catalogue.plan_index:
        raise UnknownPlan(f"current.plan_id: unknown plan '{current.plan_id}'")
    plan = catalogue.plan_index[current.plan_id]
    if _rate(profile, plan) is None:
        raise UnknownPlan(f"current.plan_id: '{plan.id}' is priced in {plan.currency}: "
                          f"give an exchange rate to {profile.currency}")
    return plan


def _current(catalogue: Catalogue, profile: Profile, plan: Plan | None, priced: list[_Priced], engine: Engine,
             time_limit_s: float) -> tuple[int | None, _Priced | None]:
    """What the person pays now, as an effective monthly price in the profile's currency, and the
    current plan's priced choice when it fits.

    The current plan is priced exactly like a recommendation (its cheapest fitting bundles by the
    effective price over the same horizon, terms included), so that the same plan saves exactly 0.
    If no bundle on it meets the needs, it is priced as it is (no packs).  A monthly bill is paid
    every month of the horizon."""
    if profile.current is None:
        return None, None
    if plan is None:
        return profile.current.monthly_bill_fen, None
    mine = next((p for p in priced if p.plan.id == plan.id), None)
    if mine is None and not blockers(catalogue, plan, profile):
        found = planner.solve(catalogue, profile, [plan], engine, time_limit_s)[0].choices
        mine = _priced(catalogue, profile, found[0]) if found else None
    if mine is not None:
        return mine.ranking_fen, mine
    bundles = [Bundle(plan.id)] * len(billed(profile, plan))
    totals = [c.total_fen for c in price_history(catalogue, profile, bundles).months]
    return effective_price(plan, profile, totals).monthly_fen, None


def _rate(profile: Profile, plan: Plan) -> object:
    return rate(profile, plan)


def _priced(catalogue: Catalogue, profile: Profile, choice: Choice) -> _Priced:
    """Rank a plan by its engine's monthly totals under its terms (the shown plans are then re-priced
    line by line, and checked, by ``_Priced.history``)."""
    plan = catalogue.plan_index[choice.plan_id]
    effective = effective_price(plan, profile, [fen for _, fen in choice.months], choice.pack_count)
    key = rank_key(effective, catalogue.position[plan.id], profile.objective)
    within = profile.budget_fen is None or effective.horizon_fen <= profile.budget_fen * profile.horizon_months
    return _Priced(plan, choice, effective.contract, key, effective.monthly_fen, within)


def _savings(profile: Profile, plan: Plan, ranking_fen: int, current: int) -> dict[str, object]:
    """Current effective price − this plan's, exactly; ``code`` says what it is: ``current_plan``
    (the plan the person has: 0), ``saves``, ``same_price`` or ``dearer`` (never called a saving)."""
    saved = current - ranking_fen
    if profile.current is not None and profile.current.plan_id == plan.id:
        code = "current_plan"
    else:
        code = "saves" if saved > 0 else "same_price" if saved == 0 else "dearer"
    return {"code": code, "fen": saved, "yuan": format_money(saved, profile.currency), "per_year_fen": 12 * saved}


def _advice(profile: Profile, current: int | None, mine: _Priced | None,
            priced: list[_Priced]) -> list[dict[str, object]]:
    """``keep_current_plan`` when no fitting bundle costs less than what the person has (by the ranking's
    measure: the effective price, or the worst month first when asked)."""
    if current is None or profile.current is None:
        return []
    money = profile.currency
    plan_id = profile.current.plan_id
    if plan_id is not None:
        if mine is None or (priced and priced[0].key[:-2] < mine.key[:-2]):
            return []
        text = f"keep your plan {plan_id}: no fitting bundle costs less than its {format_money(current, money)} a month"
    else:
        if priced and priced[0].ranking_fen < current:
            return []
        text = f"keep your current plan: no fitting bundle costs less than the {format_money(current, money)} " \
               "a month you pay now"
    return [{"code": "keep_current_plan", "params": {"plan_id": plan_id, "effective_monthly_fen": current},
             "text": text}]


def _invoice(costing: Costing, currency: str) -> list[dict[str, object]]:
    return [{"item": line.item, "kind": line.kind, "ref": line.ref, "fen": line.fen,
             "yuan": format_money(line.fen, currency)} for line in costing.lines]


def _lines(history: History, currency: str, labels: list[str]) -> list[dict[str, object]]:
    """One month's invoice lines, or over a history one line per month."""
    if len(history.months) == 1:
        return _invoice(history.months[0], currency)
    return [{"item": f"month {label}", "kind": "month", "ref": label, "fen": c.total_fen,
             "yuan": format_money(c.total_fen, currency)} for label, c in zip(labels, history.months, strict=True)]


def _recommendation(catalogue: Catalogue, profile: Profile, priced: _Priced, rank: int | None,
                    optimal: bool, current: int | None) -> Recommendation:
    plan, history = priced.plan, priced.history(catalogue, profile)
    first = history.months[0]
    labels = months_of(profile)
    demands = billed(profile, plan)
    savings = None if current is None else _savings(profile, plan, priced.ranking_fen, current)
    needs: dict[str, dict[str, object]] = {}
    for costing in history.months:  # the tightest month for each need
        for check in costing.needs:
            if check.need not in needs or check.provided - check.required < needs[check.need]["provided"] - \
                    needs[check.need]["required"]:  # type: ignore[operator]
                needs[check.need] = asdict(check)
    months = [{
        "month": label,
        "packs": _packs(catalogue, costing.bundle),
        "total_fen": costing.total_fen,
        "total_yuan": format_money(costing.total_fen, plan.currency),
        "billed": {meter: demand[meter] for meter in METER_LABELS},
        "breakdown": _invoice(costing, plan.currency),
    } for label, costing, demand in zip(labels, history.months, demands, strict=True)]
    terms = history.contract
    effective = terms.effective_monthly_fen
    return Recommendation(
        rank=rank,
        operator=plan.operator,
        plan_id=plan.id,
        plan_name=plan.name,
        packs=_packs(catalogue, first.bundle),
        total_fen=history.total_fen,
        total_yuan=format_money(history.total_fen, plan.currency),
        breakdown=_lines(history, plan.currency, labels),
        needs=list(needs.values()),
        needs_met=all(c.meets_needs for c in history.months),
        headroom={m: min(c.headroom[m] for c in history.months) for m in METER_LABELS},
        benefits_met=sorted(set(profile.benefits) & first.benefits),
        benefits_missing=sorted(set(profile.benefits) - first.benefits),
        savings=savings,
        optimal=optimal,
        currency=plan.currency,
        months=months,
        first_month_fen=terms.first_month_fen,
        effective_monthly_fen=effective,
        effective_monthly_yuan=format_money(effective, plan.currency),
        horizon_months=terms.horizon_months,
        horizon_total_fen=terms.horizon_total_fen,
        ranking_fen=priced.ranking_fen,
    )


def _packs(catalogue: Catalogue, bundle: Bundle) -> list[dict[str, object]]:
    return [{"id": pid, "count": n, "name": catalogue.pack_index[pid].name} for pid, n in bundle.packs]


def recommend(catalogue: Catalogue, profile: Profile, top_k: int = 5, engine: Engine = "auto",
              time_limit_s: float = 5.0, per_operator: int | None = None) -> Answer:
    """Rank plans by what their best bundles really cost ``profile``; explain every plan left out.

    ``per_operator`` caps how many of the ranked plans come from one operator.
    """
    top_k = max(1, min(top_k, MAX_TOP_K))
    mine = current_plan(catalogue, profile)
    excluded: list[Exclusion] = []
    candidates: list[Plan] = []
    for plan in catalogue.plans:
        if not profile.wants_operator(plan.operator):
            excluded.append(Exclusion(plan.id, plan.operator, [f"operator {plan.operator} filtered out"]))
        elif _rate(profile, plan) is None:
            excluded.append(Exclusion(plan.id, plan.operator, [
                f"priced in {plan.currency}: give an exchange rate to {profile.currency} to compare"]))
        elif reasons := blockers(catalogue, plan, profile):
            excluded.append(Exclusion(plan.id, plan.operator, reasons))
        else:
            candidates.append(plan)

    found, used = planner.solve(catalogue, profile, candidates, engine, time_limit_s)
    priced = sorted((_priced(catalogue, profile, c) for c in found.choices), key=lambda p: p.key)
    current, current_priced = _current(catalogue, profile, mine, priced, engine, time_limit_s)
    fitting = [p for p in priced if p.within_budget]
    solved = {p.plan.id for p in priced}
    for plan in candidates:
        if plan.id not in solved:
            reason = "no combination of its packs meets every need at once"
            if not found.proved:
                reason = "no fitting bundle found within the time limit"
            excluded.append(Exclusion(plan.id, plan.operator, [reason]))
    money = profile.currency
    for p in priced:
        if not p.within_budget:
            assert profile.budget_fen is not None
            budget = format_money(profile.budget_fen, money)
            reason = f"its cheapest fitting bundle costs {format_money(p.ranking_fen, money)} a month, " \
                     f"over the budget of {budget}"
            excluded.append(Exclusion(p.plan.id, p.plan.operator, [reason], p.ranking_fen))

    ranked: list[_Priced] = []
    shown: dict[str, int] = {}
    for p in fitting:
        if len(ranked) < top_k and shown.get(p.plan.operator, 0) < (per_operator or top_k):
            ranked.append(p)
            shown[p.plan.operator] = shown.get(p.plan.operator, 0) + 1
        else:
            gap = format_money(p.ranking_fen - fitting[0].ranking_fen, money)
            reason = f"its cheapest fitting bundle costs {format_money(p.ranking_fen, money)} a month, " \
                     f"{gap} more than the best"
            excluded.append(Exclusion(p.plan.id, p.plan.operator, [reason], p.ranking_fen))
    excluded.sort(key=lambda e: catalogue.position[e.plan_id])

    recommendations = [_recommendation(catalogue, profile, p, i + 1, found.proved, current)
                       for i, p in enumerate(ranked)]
    shown_as = {r.plan_id: r for r in recommendations}
    best_per_operator = []
    for operator in OPERATORS:
        best = next((p for p in fitting if p.plan.operator == operator), None)
        if best is not None:
            best_per_operator.append(shown_as.get(best.plan.id)
                                     or _recommendation(catalogue, profile, best, None, found.proved, current))

    if fitting:
        status = "optimal" if found.proved else "feasible"
    else:
        status = "infeasible" if found.proved else "unknown"
    suggestions = [] if fitting else _suggestions(catalogue, profile, priced, engine, time_limit_s)
    return Answer(catalogue.version, used, status, recommendations, best_per_operator, excluded,
                  suggestions, current, profile.currency, profile.objective, profile.horizon_months,
                  _advice(profile, current, current_priced, priced))


def _suggestions(catalogue: Catalogue, profile: Profile, priced: list[_Priced], engine: Engine,
                 time_limit_s: float) -> list[str]:
    """When nothing fits: the smallest changes to the profile that would make something fit."""
    out = []
    money = profile.currency
    if priced and profile.budget_fen is not None:
        out.append(f"raise the budget to {format_money(priced[0].ranking_fen, money)} ({priced[0].plan.id})")
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
        plans = [p for p in catalogue.plans if relaxed.wants_operator(p.operator) and _rate(relaxed, p) is not None
                 and not blockers(catalogue, p, relaxed)]
        found = planner.solve(catalogue, relaxed, plans, engine, time_limit_s)[0].choices
        fits = sorted((q for q in (_priced(catalogue, relaxed, c) for c in found) if q.within_budget),
                      key=lambda q: q.key)
        if fits:
            out.append(f"{text}: then {fits[0].plan.id} fits at {format_money(fits[0].ranking_fen, money)} a month")
    if profile.operators is not None or profile.exclude_operators:
        out.append("allow every operator")
    return out
