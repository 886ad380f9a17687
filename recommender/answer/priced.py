"""A plan's choice priced by the one objective (``Priced``: its effective price under its terms, what the ranking
compares, whether it is within the budget), the ranking order with its tie rule applied only where it can be seen
(``rank_plans``, filling the shown slots of a ``Window``), and the least price of plans over a budget
(``least_over_budget``, ``cheapest_priced``)."""

from dataclasses import dataclass, field
from itertools import groupby
from operator import attrgetter

from ..catalogue import Catalogue, Plan
from ..cost import Contract, History, price_history
from ..objective import (
    budget_first,
    effective_price,
    horizon_value,
    kept,
    month_values,
    monthly,
    rank_key,
    rests_on,
    staying_price,
    tie_key,
    within_budget,
)
from ..optimise import Choice, planner
from ..optimise.exhaustive import TooManyCombinations
from ..optimise.planner import Engine
from ..profile import Profile
from .time_limit import time_left


@dataclass(slots=True, eq=False)
class Priced:
    """A plan's choice with its contract terms applied, and what the ranking compares (one per
    plan and answer: made for every fitting plan, so a plain slotted class, never changed)."""

    plan: Plan
    choice: Choice
    terms: Contract
    key: tuple[int, ...]
    price_fen: int  # effective monthly, profile currency
    ranking_fen: int  # price_fen less the benefits' value
    benefit_value_fen: int
    within_budget: bool
    worst_fen: int  # the largest bill paid, profile currency
    _history: History | None = field(default=None, compare=False, repr=False)

    def history(self, catalogue: Catalogue, profile: Profile) -> History:
        """The choice priced line by line by the cost model — which must agree with the engine."""
        if self._history is not None:
            return self._history
        history = price_history(catalogue, profile, self.choice.bundles)
        totals = tuple(c.total_fen for c in history.months)
        if totals != self.choice.month_totals or not history.meets_needs:
            raise AssertionError(f"engine and cost model disagree on {self.choice}: {totals}")
        self._history = history
        return history

    def tie_key(self, catalogue: Catalogue, profile: Profile) -> tuple[object, ...]:
        return tie_key(self.plan.id, self.history(catalogue, profile), profile)


def benefit_value_fen(catalogue: Catalogue, profile: Profile, choice: Choice) -> int:
    """What the benefits of a plan's bundles are worth to the person over the horizon, in fen of the profile's
    currency (``objective.horizon_value``: each month's bundle's, weighted as its month is)."""
    if not profile.benefit_values:
        return 0
    return horizon_value(profile, month_values(catalogue, profile, choice.bundles))


def price_choice(catalogue: Catalogue, profile: Profile, choice: Choice) -> Priced:
    """Rank a plan by its engine's monthly totals under its terms (the shown plans are then re-priced
    line by line, and checked, by ``Priced.history``); a plan the person keeps (``objective.kept``: their own, or
    one kept for its holders) under the terms of someone already on it (``objective.staying``: no promotion, one-off
    fee of it or of its packs, or month of its term owed), every other as signing up for it today does."""
    plan = catalogue.plan_index[choice.plan_id]
    effective = staying_price(plan, profile, choice.month_totals) if kept(plan, profile) else \
        effective_price(plan, profile, choice.month_totals, choice.one_off_fen)
    value = benefit_value_fen(catalogue, profile, choice) if profile.benefit_values else 0
    key = rank_key(effective, value, profile.objective)
    within = within_budget(profile.budget_fen, effective.monthly_fen)  # both a month, effective
    a_month = monthly(value, profile.horizon_months) if value else 0  # (no value: none a month; most answers)
    return Priced(plan, choice, effective.contract, key, effective.monthly_fen, effective.monthly_fen - a_month,
                  a_month, within, effective.worst_fen)


class Window:
    """The slots of the shown recommendations: ``top_k`` in all, at most ``per_operator`` of one operator."""

    def __init__(self, top_k: int, per_operator: int | None) -> None:
        self.left, self.cap = top_k, per_operator or top_k
        self.taken: dict[str, int] = {}

    def room(self, operator: str) -> bool:
        return self.left > 0 and self.taken.get(operator, 0) < self.cap

    def take(self, operator: str) -> bool:
        """Give the next plan of ``operator`` a slot, if there is one."""
        if not self.room(operator):
            return False
        self.left -= 1
        self.taken[operator] = self.taken.get(operator, 0) + 1
        return True


def rank_plans(catalogue: Catalogue, profile: Profile, priced: list[Priced], top_k: int,
               per_operator: int | None = None) -> list[Priced]:
    """``priced`` in ranking order: by the objective, equal ones by the tie rule.

    The tie rule prices plans line by line, so it is applied only where the order can be seen: a
    group of equal plans is ordered when one of them may still be shown (``Window``, as ``ranking._shown``
    fills it) or when it holds two plans within budget of an operator whose best plan is not yet
    known (``best_per_operator``).  Elsewhere equal plans keep the catalogue's order: they are
    excluded alike ("more than the best"), whatever their order.  Once the window is full and every operator's best
    is known, no later group can be ordered: the rest keep their order, as sorted (most plans of a large catalogue)."""
    out: list[Priced] = []
    window, best_known = Window(top_k, per_operator), set()
    ordered = sorted(priced, key=attrgetter("key"))
    operators = {p.plan.operator for p in priced if p.within_budget}
    for _, group in groupby(ordered, key=attrgetter("key")):
        tied = list(group)
        if len(tied) > 1:
            fitting = [p.plan.operator for p in tied if p.within_budget]
            if any(window.room(op) for op in fitting) or any(op not in best_known and fitting.count(op) > 1
                                                             for op in fitting):
                tied.sort(key=lambda p: p.tie_key(catalogue, profile))
        for p in tied:
            if p.within_budget:
                if window.left:  # (a full window takes no more)
                    window.take(p.plan.operator)
                best_known.add(p.plan.operator)
        out.extend(tied)
        if not window.left and best_known >= operators:
            break
    return out + ordered[len(out):]  # (``out`` holds the first groups of ``ordered``, each in its order)


def cheapest_priced(priced: list[Priced]) -> Priced | None:
    """The bundle a budget must be raised to the least for (its effective monthly price: what the budget holds):
    ``raise_budget``'s and the ``*_raise_budget`` suggestions' (the first-ranked of equal prices)."""
    return min(priced, key=attrgetter("price_fen"), default=None)


def least_over_budget(catalogue: Catalogue, profile: Profile, priced: list[Priced], engine: Engine,
                      deadline: float, unsure: frozenset[str]) -> dict[str, Priced]:
    """The plans over the budget, each at its least effective monthly price (what a budget must be raised to for
    the answer to find a bundle of the plan within it: ``over_budget``'s cost, ``raise_budget``'s amount).  That is
    the bundle the engines choose only when the objective is the horizon total: with ``objective: worst_month`` and a
    budget (``budget_first``) a plan with no bundle within the budget shows its least worst month, which an
    installation fee or a subscription pack over a history can make dearer on average (found by the budget QA:
    "raise the budget to ¥34.00" where ¥32.08 fits).  So those plans alone are solved again, by the same engines,
    with the objective ``total`` (within the answer's time: ``time_left``), and the lesser price kept (a search cut
    short keeps the bundle it had); every other plan's shown bundle already has its least price."""
    over = [p for p in priced if not p.within_budget]
    if not over or not budget_first(profile):
        return {}
    total = profile.model_copy(update={"objective": "total"})
    try:
        found = planner.solve(catalogue, total, [p.plan for p in over], engine, time_left(deadline),
                              unsure=unsure)[0].choices
    except TooManyCombinations:  # (the enumerator asked for: its own answer stands)
        return {}
    cheaper = {c.plan_id: price_choice(catalogue, profile, c) for c in found}

    def least(p: Priced) -> tuple[int, bool]:  # (of one price, the bundles on no unknown condition: sure_first)
        return p.price_fen, rests_on(unsure, p.choice.bundles)
    return {p.plan.id: min(p, cheaper.get(p.plan.id, p), key=least) for p in over}

