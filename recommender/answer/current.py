"""The plan or bill the person has now: checked (``current_plan``), priced exactly as a recommendation is
(``current_price``), and what each recommendation saves against it (``savings_of``)."""

from typing import Any

from ..catalogue import Catalogue, Plan
from ..catalogue.ids import near_id
from ..cost import Bundle, blockers, lines_short, price_history
from ..eligibility import Assessment
from ..messages import Refused, message
from ..money import format_money
from ..objective import kept_by_all, rate, staying_price
from ..optimise import planner
from ..optimise.planner import Engine
from ..profile import Profile
from ..usage import billed
from .priced import Priced, price_choice
from .relaxed import usage_only
from .time_limit import time_left


class UnknownPlan(Refused):
    """The profile names a current plan the catalogue does not have, or one priced in another currency with no
    exchange rate (``reason``: ``current_plan.*``; found by QA: ``recommend --lang zh`` said it in English); ``str``
    says the field first, ``current.plan_id: ``."""

    def __str__(self) -> str:
        return f"current.plan_id: {super().__str__()}"


def current_plan(catalogue: Catalogue, profile: Profile) -> Plan | None:
    """The profile's current plan, checked (None when there is none, or a monthly bill instead)."""
    current = profile.current
    if current is None or current.plan_id is None:
        return None
    if current.plan_id not in catalogue.plan_index:  # (with the id it likely meant, as a plan file's typo is told)
        near = near_id(current.plan_id, catalogue.plan_index)
        raise UnknownPlan(message("current_plan.unknown.near", plan_id=current.plan_id, near=near) if near else
                          message("current_plan.unknown", plan_id=current.plan_id))
    plan = catalogue.plan_index[current.plan_id]
    if rate(profile, plan) is None:
        raise UnknownPlan(message("current_plan.other_currency", plan_id=plan.id, plan_currency=plan.currency,
                                  to=profile.currency))
    return plan


def not_yet_sold(plan: Plan, assessment: Assessment) -> None:
    """Refuse a current plan whose sale has not begun at the answer's date (``available_from``): no one is on it yet
    (found by the plan-file author's test: a plan on sale from 2027 read "you pay now ¥99.00", savings against it; a
    plan whose sale ended is one someone may still be on, and keep)."""
    for condition in assessment.plan_conditions(plan.id):
        if condition.code == "available_from" and condition.status == "not_met":
            raise UnknownPlan(message("current_plan.not_yet_sold", plan_id=plan.id, **condition.params))


def current_price(catalogue: Catalogue, profile: Profile, plan: Plan | None, priced: list[Priced], engine: Engine,
                  deadline: float, unsure: frozenset[str]) -> tuple[int | None, Priced | None]:
    """What the person pays now, as an effective monthly price in the profile's currency, and the
    current plan's priced choice when it fits.

    The current plan's bundles are chosen as a recommendation's are (its cheapest fitting bundles by the
    effective price over the same horizon, terms included), and priced as someone already on it pays them
    (``objective.staying``: past its promotions, no one-off fee, no month of its term owed), as its card in the
    ranking is (``price_choice``), so that the same plan saves exactly 0.
    If no bundle on it meets the needs, it is priced for its cheapest bundle of the usage without the needs
    (``usage_only``), else as it is (no packs).  A monthly bill is paid
    every month of the horizon.  A household on a plan that takes fewer extra lines than it has pays something
    the plan does not say (found by QA: it was priced for the lines it takes, and every household bundle
    looked dearer): not known, unless the bill is given."""
    if profile.current is None:
        return None, None
    if plan is None:
        return profile.current.monthly_bill_fen, None
    if lines_short(plan, profile):
        return None, None
    mine = next((p for p in priced if p.plan.id == plan.id), None)  # (priced as they pay it: ``price_choice``)
    if mine is None and not blockers(catalogue, plan, profile):
        found = planner.solve(catalogue, profile, [plan], engine, time_left(deadline), unsure=unsure)[0].choices
        mine = price_choice(catalogue, profile, found[0]) if found else None
    if mine is not None:
        return mine.price_fen, mine
    # A need the plan cannot meet is one the person lives without now: their bill is still the plan's cheapest
    # bundle for their usage (found by QA: 50 GB on cu-5g-59 with a broadband need read "now ¥179.00", 30 GB of
    # overage, where the plan's own 30 GB pack makes it ¥143.90, and a dearer plan looked cheaper than now).
    for relaxed in usage_only(profile):
        found = planner.solve(catalogue, relaxed, [plan], engine, time_left(deadline), unsure=unsure)[0].choices
        if found:
            return price_choice(catalogue, relaxed, found[0]).price_fen, None
    bundles = [Bundle(plan.id)] * len(billed(profile, plan))
    totals = [c.total_fen for c in price_history(catalogue, profile, bundles).months]
    return staying_price(plan, profile, totals).monthly_fen, None


def savings_of(profile: Profile, plan: Plan, price_fen: int, current: int) -> dict[str, Any]:
    """Current effective price − this plan's, exactly; ``code`` says what it is: ``current_plan``
    (the plan the person has: 0), ``holders_only`` (a plan kept for its holders, ``objective.kept_by_all``, beside a
    bill: no saving to be had by switching, since whoever may have it is on it and pays it now, and no one else may
    buy it), ``saves``, ``same_price`` or ``dearer`` (never called a saving).  (Found by the eligibility test: with a
    ¥227 bill, Tianyi 5G 59, kept by the people on it, headed the answer "saves ¥83.00 a month compared with now".)"""
    saved = current - price_fen
    if profile.current is not None and profile.current.plan_id == plan.id:
        code = "current_plan"
    elif kept_by_all(plan):
        code = "holders_only"
    else:
        code = "saves" if saved > 0 else "same_price" if saved == 0 else "dearer"
    return {"code": code, "fen": saved, "yuan": format_money(saved, profile.currency), "per_year_fen": 12 * saved}
