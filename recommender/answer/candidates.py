"""The plans an answer solves, and every other plan with why it is left out before solving: an operator not asked
for, a condition of sale the person does not (or, strictly, may not) meet, a currency with no exchange rate given.
The one rule of "the plans the person may buy", for the ranking and the suggestions alike."""

from ..catalogue import Catalogue, Plan
from ..eligibility import Assessment, Condition
from ..messages import Message, message
from ..objective import rate
from ..profile import Profile
from .document import Exclusion

MAX_CANDIDATE_SETS = 64
"""The most ``candidates`` answers an assessment keeps (one per operator filter and currency asked with it)."""


def candidates(catalogue: Catalogue, profile: Profile,
               assessment: Assessment) -> tuple[list[Plan], list[Exclusion]]:
    """The plans to solve, and every other plan with why: not an operator asked for, no exchange rate,
    or conditions of sale (a plan that cannot fit is found by the planner, its reasons by ``blockers``).

    Nothing here depends on usage: the answer is kept with the assessment (who the person is, the plan they are
    on, how strictly: ``assess``) per catalogue's plans and what else it reads of the profile (the operators asked
    for or left out, the currency, which exchange rates are given), and each answer gets its own lists (on the 10x
    catalogue, 140 plans' conditions and filters were read anew for every answer)."""
    kept = assessment.kept
    key = ("candidates", id(catalogue.plans), profile.operators, profile.exclude_operators, profile.currency,
           frozenset(profile.exchange_rates))
    found: tuple[tuple[Plan, ...], tuple[Plan, ...], tuple[Exclusion, ...]] | None = kept.get(key)
    if found is None:  # (an entry holds its plans, so no other tuple can be at their id while it is kept)
        buyable, excluded = candidates_of(catalogue, profile, assessment)
        if len(kept) >= MAX_CANDIDATE_SETS:
            kept.clear()
        found = kept[key] = (catalogue.plans, tuple(buyable), tuple(excluded))
    return list(found[1]), list(found[2])


def candidates_of(catalogue: Catalogue, profile: Profile,
                  assessment: Assessment) -> tuple[list[Plan], list[Exclusion]]:
    """``candidates``, made anew."""
    excluded: list[Exclusion] = []
    buyable: list[Plan] = []
    wanted: dict[str, bool] = {}  # (per operator, asked once: of every plan of every answer)
    for plan in catalogue.plans:
        want = wanted.get(plan.operator)
        if want is None:
            want = wanted[plan.operator] = profile.wants_operator(plan.operator)
        if not want:
            excluded.append(Exclusion(plan.id, plan.operator, [message("operator_filtered", operator=plan.operator)]))
        elif blocked := assessment.plan_blocked(plan.id, profile):  # (before the rate: no rate would help; never
            # the person's own plan, which they keep: ``eligibility._check``)
            excluded.append(Exclusion(plan.id, plan.operator, [ineligible(c) for c in blocked]))
        elif plan.currency != profile.currency and rate(profile, plan) is None:  # (in its own currency: rate 1)
            excluded.append(Exclusion(plan.id, plan.operator, [
                message("no_exchange_rate", currency=plan.currency, to=profile.currency)]))
        else:
            buyable.append(plan)
    return buyable, excluded


def ineligible(condition: Condition) -> Message:
    """The exclusion reason for a condition of sale the person does not (or may not) meet."""
    return message("ineligible", condition=condition.code, status=condition.status, ref=condition.ref,
                   **condition.params, **({"assumed": True} if condition.assumed else {}))
