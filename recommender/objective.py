"""The one objective: a plan's effective price for a profile, by which bundles are chosen and plans ranked.

A plan's bundles (one per usage month) give its month totals in fen; ``cost.contract`` turns
them into the **horizon total**: the history repeated in order to ``horizon_months`` (history
month j counts ``weights(n, horizon)[j]`` times), each month's base fee replaced by a promotion's
while one lasts, each month floored at the minimum monthly spend, the one-off fee added, and the
months a minimum term outlasts the horizon owed (``cost.owed_fen``).  The **effective monthly
price** is the horizon total over the horizon, rounded half up to the fen, in the profile's
currency.  Everything that chooses, ranks or compares uses it:

- within one plan (``plan_key``), the engines choose the bundles with the least horizon total;
  ties go to the least sum of the history's month totals, then to the benefits worth most to the
  person over the horizon (``benefit_values``: each month's bundle's, weighted as its month is,
  ``horizon_value``), then to the bundles having most of the benefits the person wishes for (``benefits``,
  weighted alike: a pack free with the plan that brings one), then to fewer packs, but of bundles equal but for
  those two, one resting on no condition of sale the person leaves unknown first (``sure_first``); with
  ``objective: worst_month``, the least worst month comes first: the largest bill paid,
  ``Contract.worst_month_fen``, terms and one-off fees included; and with a budget too, before it, whether the
  bundles are within the budget: ``budget_first``);
- across plans (``rank_key``), the least horizon total in the profile's currency less what those
  bundles' benefits are worth to the person over the horizon (with ``worst_month``, the worst month
  first); equal ones (``tie_key``) go to fewer assumed fen, more of the benefits wished for (weighted as
  within a plan), less overage, more headroom (data, voice,
  SMS; unlimited is most), then the plan id;
- savings against the current plan are the difference of two effective monthly prices from
  ``effective_price``, the current plan's as someone already on it pays it (``staying``: past its
  promotions, its one-off fees paid, no month owed; its floor every bill's), each bundle chosen as for any
  other plan; so is a plan kept for its holders, for anyone (``kept``): whoever may have it is on it.  The
  start of the person's contract is unknown: priced as if signed today, a 36-month term owed 12 months past
  a 24-month horizon made staying ¥99.50 a month dearer, a term that binds leaving, not staying (found by
  the user test: "saves ¥87.58 a month" against ¥11 by the plan's own fee).
- a budget (the most the person will pay a month) is compared with the effective monthly price, the
  price the answer shows (``within_budget``).  It holds a plan's bundles, not only the plan: a plan is over
  the budget only when none of its bundles is within it; among those within it the key above chooses, and
  when none is, the engines give the plan's least key, over the budget (the answer quotes its least price:
  ``answer.priced.least_over_budget``).  Only ``worst_month`` needs it in the key
  (found by the differential QA: an installation fee, or a subscription pack over a history, made the least
  worst month's bundle over a budget that a cheaper-on-average bundle kept to, and the plan was called over
  it); by the horizon total, the least is the one most within any budget (``budget_first``).

Why per-month choice is exact without subscription packs: with the subscription counts fixed,
the horizon total is ``Σ_j Σ_(change, times) times × max(t_j + change, floor)`` plus constants,
a sum over history months of functions each nondecreasing in that month's total ``t_j``, and so is
the worst month, a maximum of such functions and constants, and whether the bundles are within the
budget, a nondecreasing function of the horizon total (``budget_limit``); so the month's cheapest bundle
(then the most valued, then fewest packs) minimises the plan key, the budget's part too.  Subscription
packs tie the months together, and so do installation fees (paid once, in the first bill), which is why
the tables leave those histories to CP-SAT (a one-month profile's tables weigh each fee's cheapest bundle
by the plan key, budget included: ``CompiledPlan.cheapest``), the enumerator tries every subscription
count and every set of installed packs, and CP-SAT solves the key's parts in turn, the budget first as a
limit on the horizon total (``budget_limit``).
"""

from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from .catalogue import Catalogue, Plan
from .catalogue.model import UNLIMITED, Terms
from .cost import Bundle, Contract, History, contract, weights
from .money import convert, yuan_to_fen
from .profile import Profile

if TYPE_CHECKING:
    import numpy as np

ONE = Decimal(1)
Fen = TypeVar("Fen", int, "np.ndarray")
"""An amount in fen, or an array of amounts (the batch scorer's): the same rounding for both."""


def rate(profile: Profile, plan: Plan) -> Decimal | None:
    """Units of the profile's currency per unit of the plan's (None: no rate given, not comparable)."""
    return ONE if plan.currency == profile.currency else profile.exchange_rates.get(plan.currency)


def in_profile_currency(profile: Profile, plan: Plan, minor: int, per: int = 1) -> int:
    """An amount of ``plan``'s currency in the profile's, and divided by ``per`` (a horizon total a month), rounded
    half up once (``money.convert``)."""
    if plan.currency == profile.currency:
        return minor if per == 1 else monthly(minor, per)
    found = rate(profile, plan)
    if found is None:
        raise ValueError(f"{plan.id} is priced in {plan.currency}: no exchange rate to {profile.currency}")
    return convert(minor, found, per)


def monthly(horizon_total: Fen, horizon_months: int) -> Fen:
    """A horizon total per month, rounded half up to the fen."""
    return (2 * horizon_total + horizon_months) // (2 * horizon_months)


class Effective(NamedTuple):
    """A plan's effective price for a profile from its month totals (a named tuple: one is made for
    every plan of every answer)."""

    contract: Contract
    """The terms applied, in the plan's currency."""
    horizon_fen: int
    """The horizon total in the profile's currency (what plans are ranked by)."""
    monthly_fen: int
    """The effective monthly price in the profile's currency."""
    worst_fen: int
    """The largest bill paid (``Contract.worst_month_fen``: terms and one-off fees included) in the profile's
    currency."""


def effective_price(plan: Plan, profile: Profile, month_totals: tuple[int, ...] | list[int],
                    one_off: int = 0) -> Effective:
    """The one definition of what ``plan`` costs ``profile`` given its month totals and the one-off
    fees of the packs bought (installation: once over the horizon; see the module)."""
    terms = contract(plan, month_totals, profile.horizon_months, one_off)
    horizon, worst, months = terms.horizon_total_fen, terms.worst_month_fen, profile.horizon_months
    if plan.currency == profile.currency:  # (most plans of an answer are in its currency: no conversion asked of them)
        return Effective(terms, horizon, monthly(horizon, months), worst)
    return Effective(terms, in_profile_currency(profile, plan, horizon),  # (each converted, rounded once: convert)
                     in_profile_currency(profile, plan, horizon, months), in_profile_currency(profile, plan, worst))


def kept_by_all(plan: Plan) -> bool:
    """Whether everyone pays ``plan`` as someone already on it (``staying``): a plan kept for its holders
    (``holders_only``), which no one signs up for anew: whoever may have it is on it (found in review: such a plan,
    with a launch price, ranked first at its price as new "only if" on it)."""
    return plan.rule.holders_only


def kept(plan: Plan, profile: Profile) -> bool:
    """Whether ``profile`` pays ``plan`` as someone already on it (``staying``): their own plan (``current``), or a
    plan everyone keeps (``kept_by_all``)."""
    return kept_by_all(plan) or (profile.current is not None and profile.current.plan_id == plan.id)


def staying(plan: Plan) -> Plan:
    """``plan`` as someone already on it pays it: past its promotions (the start of their contract is unknown: its
    fee, as most of its people pay it), its one-off fee paid, no month of a minimum term owed (a term binds leaving
    it, not staying); the minimum monthly spend, every bill's, stays.  A pack's installation fee is paid alike: the
    current plan is priced without the packs' one-off fees (``one_off`` 0)."""
    found: Plan | None = plan.__dict__.get("_staying")
    if found is None:  # (made once per plan: a plan kept for its holders is priced so in every answer)
        settled = Terms(minimum_monthly_spend_fen=plan.terms.minimum_monthly_spend_fen)
        found = plan if plan.terms == settled else replace(plan, terms=settled)
        object.__setattr__(plan, "_staying", found)
    return found


def staying_price(plan: Plan, profile: Profile, month_totals: tuple[int, ...] | list[int]) -> Effective:
    """What staying on ``plan`` costs ``profile`` (``staying``), its bundles' month totals given: the current
    plan's price, which savings are reckoned against, in every engine."""
    return effective_price(staying(plan), profile, month_totals)


def valued_fen(profile: Profile, benefits: frozenset[str]) -> int:
    """What ``benefits`` are worth to the person a month (``benefit_values``, in fen of the profile's
    currency), each valued benefit counted once."""
    return sum(yuan_to_fen(value) for tag, value in profile.benefit_values.items() if tag in benefits)


def valued_elsewhere(plan: Plan, profile: Profile) -> dict[str, int]:
    """The benefits the person values (fen a month) that ``plan`` itself lacks: only a pack can bring them, so
    they alone make one of the plan's bundles worth more than another."""
    return {tag: yuan_to_fen(value) for tag, value in profile.benefit_values.items()
            if value and tag not in plan.benefits}


def bundle_benefits(catalogue: Catalogue, bundle: Bundle) -> frozenset[str]:
    """A bundle's benefits: its plan's and its packs'."""
    return catalogue.plan_index[bundle.plan_id].benefits.union(
        *(catalogue.pack_index[pid].benefits for pid, _ in bundle.packs))


def month_values(catalogue: Catalogue, profile: Profile, bundles: Sequence[Bundle]) -> list[int]:
    """What each month's bundle's benefits (its plan's and its packs') are worth to the person a month."""
    if not profile.benefit_values:
        return [0] * len(bundles)
    return [valued_fen(profile, bundle_benefits(catalogue, b)) for b in bundles]


def wished_elsewhere(plan: Plan, profile: Profile) -> frozenset[str]:
    """The benefits the person wishes for (``benefits``) that ``plan`` itself lacks: only a pack can bring them, so
    they alone make one of the plan's bundles more wished for than another of equal money."""
    return frozenset(profile.benefits) - plan.benefits


def month_wished(catalogue: Catalogue, profile: Profile, bundles: Sequence[Bundle]) -> list[int]:
    """How many of the benefits the person wishes for each month's bundle has (its plan's and its packs')."""
    if not profile.benefits:
        return [0] * len(bundles)
    wished = frozenset(profile.benefits)
    return [len(wished & bundle_benefits(catalogue, b)) for b in bundles]


def horizon_value(profile: Profile, values: Sequence[int]) -> int:
    """The months' benefit values over the horizon, each month weighted as its total is (``cost.weights``)."""
    if not any(values):
        return 0
    return sum(w * v for w, v in zip(weights(len(values), profile.horizon_months), values, strict=True))


def within_budget(budget_fen: int | None, monthly_fen: int) -> bool:
    """The budget's one rule: an effective monthly price (in the profile's currency) is within the budget, the most
    the person will pay a month (``Profile.budget_fen``; always, without a budget)."""
    return budget_fen is None or monthly_fen <= budget_fen


def _over_budget(plan: Plan, profile: Profile, horizon_total_fen: int) -> bool:
    """Whether bundles of ``plan`` with this horizon total (in the plan's currency) are over the budget (never when
    the plan's price cannot be compared: no exchange rate, a plan no answer ranks)."""
    if profile.budget_fen is None or rate(profile, plan) is None:
        return False
    return not within_budget(profile.budget_fen, in_profile_currency(profile, plan, horizon_total_fen,
                                                                     profile.horizon_months))


BUDGET_CEILING = 1 << 62
"""Beyond any horizon total (fen): ``budget_limit`` searches below it."""


def budget_limit(plan: Plan, profile: Profile) -> int | None:
    """The largest horizon total of ``plan`` (in its currency) within the profile's budget: bundles are within it
    exactly when their horizon total is at most this (an effective monthly price never falls as the horizon total
    rises), found from ``within_budget`` itself (a search over horizon totals), so that a search (CP-SAT) holds a
    plan's bundles to the same rule as ``plan_key``.  None: the budget does not constrain the plan's bundles."""
    if profile.budget_fen is None or not _over_budget(plan, profile, BUDGET_CEILING):
        return None
    low, high = -1, BUDGET_CEILING  # within at ``low`` (or none), over at ``high``
    while high - low > 1:
        middle = (low + high) // 2
        if _over_budget(plan, profile, middle):
            high = middle
        else:
            low = middle
    return low


def budget_first(profile: Profile) -> bool:
    """Whether ``plan_key`` puts the budget first: with ``objective: worst_month`` and a budget.  Without
    ``worst_month`` the key's first part is the horizon total, and whether a bundle is within the budget is a
    nondecreasing function of it (``budget_limit``), so the least key is within the budget whenever any bundle is:
    putting the budget first would change no choice."""
    return profile.objective == "worst_month" and profile.budget_fen is not None


def plan_key(plan: Plan, profile: Profile, month_totals: tuple[int, ...] | list[int],
             pack_count: int, one_off: int = 0, values: Sequence[int] = (), wished: Sequence[int] = ()
             ) -> tuple[int, ...]:
    """The order of one plan's bundles (least first): what the engines minimise (money in the plan's
    currency; ``values``, each month's ``month_values``, then ``wished``, each month's ``month_wished``, only break
    ties of equal money: a pack free with the plan that brings a benefit wished for is taken, where it was left out
    as one pack more and the answer said the plan lacked it, found by the localisation review).  With
    ``worst_month`` and a budget, bundles within the budget come first (``budget_first``: 0 within, 1 over).  Every
    shape holds the month totals' sum, which ``may_tie`` reads."""
    terms = contract(plan, month_totals, profile.horizon_months, one_off)
    key = (terms.horizon_total_fen, sum(month_totals), -horizon_value(profile, values) if values else 0,
           -horizon_value(profile, wished) if wished else 0, pack_count)
    if profile.objective != "worst_month":
        return key
    if budget_first(profile):
        return (int(_over_budget(plan, profile, terms.horizon_total_fen)), terms.worst_month_fen, *key)
    return (terms.worst_month_fen, *key)


def rests_on(unsure: frozenset[str], bundles: Sequence[Bundle]) -> bool:
    """Whether ``bundles`` buy a pack of ``unsure``, those the person may buy only on a condition of sale they leave
    unknown (``Assessment.unsure_packs``): what ``sure_first`` puts after."""
    if unsure:  # (loops, not a generator: asked of most choices of every answer, ``planner._sure_first``)
        for bundle in bundles:
            for pid, _ in bundle.packs:
                if pid in unsure:
                    return True
    return False


def sure_first(kept: tuple[int, ...], sure: tuple[int, ...] | None) -> bool:
    """The rule between a plan's bundles that ``plan_key`` leaves to the benefits wished for and the pack count: of
    bundles whose keys are equal but for them, those resting on no pack whose condition of sale the person leaves
    unknown come first (a pack free with the plan that brings a benefit wished for, sold in Hebei alone, made a
    plan sold everywhere read "only if: living in Hebei" to someone who gave no region: found by the benefits
    user test; before it, an answer
    saying "only if ..." where an equally good bundle needs no condition would tell the person something wrong;
    found by the engine hunt, seed 75682441435167629316844763425748072455: a free speed pack sold to people aged 60
    or more beside a free one sold to anyone, "raise the budget ... only if" in the tables and CP-SAT, not in the
    enumerator).  ``kept``: the ``plan_key`` of the bundles an engine chose, which rest on such a pack; ``sure``: the
    least ``plan_key`` of the plan's bundles resting on none (None: none fits).  Whether ``sure``'s bundles are
    chosen instead: the planner asks it of every engine's answer (``planner.solve``), so no engine breaks the tie
    its own way.  (The benefits wished for and the pack count are ``plan_key``'s last two parts.)"""
    return sure is not None and sure[:-2] == kept[:-2]


def may_tie(kept_totals: Sequence[int], sure_totals: Sequence[int]) -> bool:
    """Whether two bundles of a plan may be equal but for their packs (``sure_first``), from their month totals
    alone: only if those sum alike, as ``plan_key`` holds their sum in every shape.  The test ``planner._sure_first``
    makes before the keys (which price the plan's terms twice): a plan asked again without the packs on an unknown
    condition is nearly always dearer (on the bench's 2,000 profiles, every one of 2,742 plans asked again)."""
    return sum(kept_totals) == sum(sure_totals)


def rank_key(effective: Effective, value_fen: int, objective: str) -> tuple[int, ...]:
    """The order of plans (least first), in the profile's currency: the horizon total less ``value_fen``, what
    the bundles' benefits are worth over the horizon (``horizon_value``); ``tie_key`` orders equal ones."""
    key = (effective.horizon_fen - value_fen,)
    return (effective.worst_fen, *key) if objective == "worst_month" else key


TIE_METERS = ("data_mb", "voice_s", "sms")
"""The meters whose headroom ``tie_key`` compares, in order."""


def tie_key(plan_id: str, history: History, profile: Profile | None = None) -> tuple[object, ...]:
    """Equal ranking prices: fewer assumed fen, more of the benefits the person wishes for (``profile.benefits``:
    each month's bundle's, weighted as its month is, as ``plan_key`` weighs them within a plan), less overage, more
    headroom (data, voice, SMS), the plan id.  (Before the wished benefits were in it, of 3,000 random profiles wishing
    for one to three benefits, 782 answers showed a plan lacking one above a plan of the same price and assumed fen
    having it: Telecom's ¥399.00 plan above Mobile's with the travel lounge wished for, on headroom.)"""
    wished = -_history_wished(history, profile) if profile is not None and profile.benefits else 0
    if len(history.months) == 1:  # (one month, most answers: the same key without a pass over the months per part)
        month = history.months[0]
        room = month.headroom
        return (month.assumed_fen, wished, month.overage_fen,
                *(-(UNLIMITED if room[m] < 0 else room[m]) for m in TIE_METERS), plan_id)
    headroom = tuple(-min(UNLIMITED if c.headroom[m] < 0 else c.headroom[m] for c in history.months)
                     for m in TIE_METERS)
    return (history.assumed_fen, wished, sum(c.overage_fen for c in history.months), *headroom, plan_id)


def _history_wished(history: History, profile: Profile) -> int:
    """How many of the benefits ``profile`` wishes for a history's bundles have (a costing's benefits are its
    bundle's: ``bundle_benefits``), over the horizon (``horizon_value``, as ``month_wished`` is weighed)."""
    wished = frozenset(profile.benefits)
    return horizon_value(profile, [len(wished & c.benefits) for c in history.months])
