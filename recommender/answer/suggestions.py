"""When nothing fits: why (``why_nothing_fits``), and the smallest changes to the profile that make something fit,
each one checked by solving again (a need lowered to what some plan reaches, a need or a required benefit dropped, the
budget raised, another operator allowed)."""

from collections.abc import Sequence
from typing import Any

from ..catalogue import Catalogue, Plan
from ..cost import CAPABILITIES, bought, limits, most_usable
from ..eligibility import Assessment, assess, rests_on_unknown
from ..messages import Message, message
from ..optimise import planner
from ..optimise.exhaustive import TooManyCombinations
from ..optimise.planner import Engine
from ..profile import Profile
from .candidates import candidates
from .document import Exclusion
from .priced import Priced, cheapest_priced, least_over_budget, price_choice, rank_plans
from .relaxed import at_most, with_needs, without_benefits
from .time_limit import time_left

NOT_COMPARED = frozenset({"operator_filtered", "no_exchange_rate"})
"""The reasons that keep a plan out of the comparison itself: an operator not asked for, a currency with no exchange
rate given (not something about the person's needs, budget or who they are)."""


def why_nothing_fits(excluded: Sequence[Exclusion], lines: int) -> Message:
    """Why no plan fits, from the reasons each plan compared is left out for (one rule for the form, the CLI and the
    API, where the form read the codes itself):

    * ``nothing_fits.none_compared``: no plan of the operators and currencies asked for;
    * ``nothing_fits.too_many_lines``: a household for which every plan compared that it may buy takes too few
      lines, and some only that (found by the households QA: six lines were told "try relaxing one of your needs");
    * ``nothing_fits.over_budget``: some plan compared meets every need and is left out for the budget alone (consumer
      QA: a budget set too low was told to relax a need);
    * ``nothing_fits.ineligible``: every plan compared is one the person may not buy (its conditions of sale);
    * ``nothing_fits.needs``: else, a need no plan compared meets."""
    # (a reason not compared keeps the plan out whatever else is said of it: the current plan's exclusion names what
    # it falls short of beside its operator filter, ``advice.name_the_shortfall``; found by mutation testing)
    compared = [e.reasons for e in excluded if not any(r.code in NOT_COMPARED for r in e.reasons)]
    if not compared:
        return message("nothing_fits.none_compared")
    # (plans the person may not buy say nothing of their lines, and are no plan the household could take: found by
    # the user test, six lines of a person of 40 were told to relax their needs, the youth card left out for age)
    buyable = [reasons for reasons in compared if not any(r.code == "ineligible" for r in reasons)] or compared
    short = [[r for r in reasons if r.code == "extra_lines"] for reasons in buyable]
    if lines > 1 and all(short) and any(len(s) == len(r) for s, r in zip(short, buyable, strict=True)):
        return message("nothing_fits.too_many_lines", lines=lines,
                       most=1 + max(int(s[0].params["have"]) for s in short))
    if any(reasons and all(r.code == "over_budget" for r in reasons) for reasons in compared):
        return message("nothing_fits.over_budget")
    if all(any(r.code == "ineligible" for r in reasons) for reasons in compared):
        return message("nothing_fits.ineligible")
    return message("nothing_fits.needs")


def suggestions_for(catalogue: Catalogue, profile: Profile, priced: list[Priced], engine: Engine,
                    deadline: float, assessment: Assessment, full: Catalogue | None = None) -> list[Message]:
    """When nothing fits: the smallest changes to the profile that would make something fit (each one
    checked: a change is suggested only when some bundle then fits, within the budget).  When no one
    change is enough, a need (or a required benefit) dropped with the budget raised to what then fits
    (``drop_need_raise_budget``, ``drop_benefit_raise_budget``); beside ``raise_budget``, those that ask less of
    the budget than it does.  ``full``: the catalogue before the packs the person may not buy were dropped
    (``catalogue`` is what is left), read by ``not_strict`` (default: ``catalogue``)."""
    out = []
    money = profile.currency
    if (cheapest := cheapest_priced(priced)) is not None and profile.budget_fen is not None:  # (found in review: the
        # first-ranked, by the benefits' value or the worst month, said "¥399.00" where ¥199.00 was enough)
        out.append(message("raise_budget", amount_fen=cheapest.price_fen, currency=money, plan=cheapest.plan.id,
                           only_if=_only_if(assessment, cheapest)))
    needs = profile.needs
    relaxations: dict[str, dict[str, Any]] = {
        "uplink": {"min_uplink_mbps": 0},
        "downlink": {"min_downlink_mbps": 0},
        "satellite": {"satellite": False, "satellite_minutes": 0, "satellite_sms": 0},
        "roaming": {"roaming": type(needs.roaming)()},
        "broadband": {"broadband": False, "broadband_mbps": 0},
    }
    lowered, together = _lowered(catalogue, profile, assessment)
    dropped: list[Relaxed] = []  # (code, what is dropped, the profile without it)
    for need, change in relaxations.items():
        relaxed = with_needs(profile, change)  # (the roaming need: a month's own trips too)
        if relaxed.needs != needs or relaxed.lines != profile.lines or relaxed.months != profile.months:
            dropped.append(("drop_need", {"need_name": need}, relaxed))
    # A required benefit dropped (two that no one bundle brings together had no suggestion); one given twice, once
    for tag in dict.fromkeys(profile.benefits_required):
        dropped.append(("drop_benefit", {"benefit": tag}, without_benefits(profile, {tag})))
    over_budget: list[Message] = []

    def check(code: str, what: dict[str, Any], relaxed: Profile, judged: Assessment = assessment,
              using: Engine = engine, within: Catalogue = catalogue) -> bool:
        """Whether ``relaxed`` (as ``judged`` assesses the person, ``within`` what they may buy) has a bundle that
        fits, said as ``code``, or one that fits over the budget, said as ``code``'s ``_raise_budget``."""
        return first_helping([(code, what, relaxed)], judged, using, within)

    def first_helping(options: list[Relaxed], judged: Assessment = assessment, using: Engine = engine,
                      within: Catalogue = catalogue) -> bool:
        """``check`` of each of ``options`` in turn (a need lowered less first), said for the first with a bundle
        that fits; if none has, for the one whose bundle over the budget asks the least raise (of equal ones, the need
        lowered less: found in review, 400 Mbps at ¥300 was said where 300 Mbps at ¥150 asks less)."""
        over: tuple[str, dict[str, Any], Priced] | None = None
        for code, what, relaxed in options:
            fit, cheapest = _cheapest_fit(within, relaxed, using, deadline, judged)
            if fit is not None:
                out.append(message(code, **what, plan=fit.plan.id, amount_fen=fit.price_fen, currency=money,
                                   only_if=_only_if(judged, fit)))
                return True
            if cheapest is not None and (over is None or cheapest.price_fen < over[2].price_fen):
                over = code, what, cheapest
        if over is not None:
            code, what, cheapest = over
            over_budget.append(message(f"{code}_raise_budget", **what, plan=cheapest.plan.id,
                                       amount_fen=cheapest.price_fen, currency=money,
                                       only_if=_only_if(judged, cheapest)))
        return over is not None

    lowered_helped = [first_helping(options) for options in lowered]  # (each need's, all of them: each is said)
    if together is not None and not any(lowered_helped):  # (no one of them enough: all at once, before any dropped)
        check(*together)
    helped = [check(code, what, relaxed) for code, what, relaxed in dropped]
    if not any(h for (code, _, _), h in zip(dropped, helped, strict=True) if code == "drop_benefit"):
        # no one benefit's dropping is enough (three an operator each): the fewest to drop that some plan
        # may bring the rest of (review: eight such sets had no suggestion)
        for tags in _fewest_benefits_to_drop(catalogue, profile, assessment):
            check("drop_benefits", {"benefits": list(tags)}, without_benefits(profile, set(tags)))
    if profile.operators is not None or profile.exclude_operators:
        every = profile.model_copy(update={"operators": None, "exclude_operators": ()})
        try:
            fit = _cheapest_fit(catalogue, every, engine, deadline, assessment)[0]
        except TooManyCombinations:  # the enumerator asked for, and another operator's plan too large for it:
            fit = _cheapest_fit(catalogue, every, "auto", deadline, assessment)[0]  # (the answer is its own)
        if fit is not None:
            out.append(message("allow_operators", plan=fit.plan.id, amount_fen=fit.price_fen, currency=money,
                               only_if=_only_if(assessment, fit)))
    if profile.eligibility == "strict":  # (every plan left out for a condition unknown: "None of the plans compared
        # is one you may buy" read as a refusal, with no word of what would do; found by the user test; over a
        # budget too, found in review)
        # (of every plan and pack: the packs left out on a condition unknown, left out of ``catalogue``, are what
        # leniency gives back; a required benefit only such a pack brings was never suggested it, found by the
        # benefits user test)
        lenient = profile.model_copy(update={"eligibility": "lenient"})
        whole = full if full is not None else catalogue
        leniently = assess(whole, lenient)
        sold = whole.without_packs(leniently.dropped_packs)
        try:
            check("not_strict", {}, lenient, leniently, within=sold)
        except TooManyCombinations:  # (as for allow_operators)
            check("not_strict", {}, lenient, leniently, "auto", sold)
    if out and out[0].code == "raise_budget":  # a need dropped for less than the budget must be raised to (found by
        # the hand-check QA: "raise the budget to ¥399.00" alone, where without satellite ¥338.00 does)
        out += [m for m in over_budget if m.params["amount_fen"] < out[0].params["amount_fen"]]
    return out or over_budget


LOWERED_SPEEDS = {"min_uplink_mbps": 0, "min_downlink_mbps": 1, "broadband_mbps": 3}
"""The speed needs ``_lowered`` may lower, each with its index in ``cost.CAPABILITIES`` and ``Wants.levels``."""


LOWERED_METERS = {"satellite_minutes": (0, "satellite_voice_s", 60), "satellite_sms": (1, "satellite_sms", 1)}
"""The amounts needed ``_lowered`` may lower, each with its index in ``Wants.satellite``, its meter and the meter's
units in one of the need's."""


Relaxed = tuple[str, dict[str, Any], Profile]
"""A change ``suggestions_for`` checks: its code, what it says, the profile with it made."""


def _lowered(catalogue: Catalogue, profile: Profile,
             assessment: Assessment) -> tuple[list[list[Relaxed]], Relaxed | None]:
    """Each speed or amount needed above what the plans the person may buy reach, lowered to what one of them
    reaches (for every line that needs more): a smaller change than dropping the need (found by QA: 50 satellite
    minutes, where China Telecom's 399 plan gives 30, was told only "drop the satellite need"); per need, each such
    level, the most first, for ``suggestions_for`` to check in turn (found by the household user test: upload 500 Mbps
    with broadband was told only "drop the upload speed need", as the one plan reaching 400 has no broadband, where
    300 Mbps fits at ¥209.90); and, when several needs are lowered, all of them at once to the most any plan reaches
    (``lower_needs``, each said as ``<code>.change``: found in review, uplink 2000 with downlink 20000 had no suggestion
    at all), for ``suggestions_for`` to check when no one of them is enough.  A household's lines' amounts add up, so
    one lowered where the lines' together would not be that amount is left to dropping the need."""
    plans = _buyable(catalogue, profile, assessment)
    wants, out, combined = profile.wants, [], profile
    for name, index in LOWERED_SPEEDS.items():
        required = wants.levels[index]
        levels = sorted({level for p in plans if 1 < (level := limits(catalogue, p).levels[index]) < required},
                        reverse=True)
        kept = [(have, relaxed) for have in levels
                if (relaxed := at_most(profile, name, have)).wants.levels[index] == have]
        if kept:
            out.append([("lower_speed", {"direction": CAPABILITIES[index].direction, "have": have, "need": required,
                                         **_whose(profile, index, have)}, relaxed) for have, relaxed in kept])
            combined = at_most(combined, name, kept[0][0])
    for name, (index, meter, unit) in LOWERED_METERS.items():
        required = wants.satellite[index]
        amounts = sorted({most // unit for p in plans if 0 < (most := most_usable(catalogue, p, profile).get(meter, -1))
                          and 0 < most // unit < required}, reverse=True)  # (whole minutes: ``most`` may be seconds)
        kept = [(have, relaxed) for have in amounts
                if (relaxed := at_most(profile, name, have)).wants.satellite[index] == have]
        if kept:
            out.append([("lower_need", {"meter": meter, "have": have * unit, "need": required * unit}, relaxed)
                        for have, relaxed in kept])
            combined = at_most(combined, name, kept[0][0])
    changes = [message(f"{options[0][0]}.change", **options[0][1]).as_dict() for options in out]
    return out, ("lower_needs", {"changes": changes}, combined) if len(out) > 1 else None


def _whose(profile: Profile, index: int, have: int) -> dict[str, list[dict[str, object]]]:
    """A household's lines whose need is lowered (``whose``: ``{line, name}``, the holder's with the household's
    own), each above ``have``; found by the hand check: "lower the upload speed need to 400 Mbps (from 500 Mbps)"
    did not say it was line B's, and lowering the household's own need to 400 left B's at 500 and nothing fitting."""
    if not profile.household or profile.lines is None:
        return {}
    level = (lambda n: n.broadband_level) if index == 3 else (
        lambda n: n.min_uplink_mbps if index == 0 else n.min_downlink_mbps)
    return {"whose": [{"line": i, "name": profile.lines[i].name} for i, needs in enumerate(profile.wants.sims)
                      if any(level(n) > have for n in needs)]}


def _buyable(catalogue: Catalogue, profile: Profile, assessment: Assessment) -> list[Plan]:
    """The plans a suggestion weighs for ``profile``: those the ranking solves (``candidates``, without their
    reasons)."""
    return candidates(catalogue, profile, assessment)[0]


def _only_if(assessment: Assessment, priced: Priced) -> bool:
    """Whether a suggested bundle rests on a condition of sale the profile leaves unknown, as a ranked one's "only
    if" says (found by the roaming QA: "drop the satellite need: then Tianyi 5G 59 fits at ¥109.00", a plan only
    the people already on it keep, was suggested to anyone with nothing said).  Dropping a need leaves who the
    person is, so the profile's own assessment says it."""
    packs = bought(priced.choice.bundles)
    return rests_on_unknown(assessment.listed(priced.plan.id, packs))


def _cheapest_fit(catalogue: Catalogue, relaxed: Profile, engine: Engine, deadline: float,
                  assessment: Assessment) -> tuple[Priced | None, Priced | None]:
    """For ``relaxed`` (a profile with one thing changed): the first-ranked bundle that fits within its budget,
    and the cheapest that meets its needs at any price (None when there is none)."""
    found = planner.solve(catalogue, relaxed, _buyable(catalogue, relaxed, assessment), engine, time_left(deadline),
                          unsure=assessment.unsure_packs)[0].choices
    ranked = rank_plans(catalogue, relaxed, [price_choice(catalogue, relaxed, c) for c in found], 1)
    fits = [q for q in ranked if q.within_budget]
    if fits:
        return fits[0], cheapest_priced(ranked)
    least = least_over_budget(catalogue, relaxed, ranked, engine, deadline, assessment.unsure_packs)
    return None, cheapest_priced([least.get(q.plan.id, q) for q in ranked])


def _fewest_benefits_to_drop(catalogue: Catalogue, profile: Profile, assessment: Assessment,
                             most: int = 3) -> list[tuple[str, ...]]:
    """The smallest sets of two or more required benefits that, dropped, leave a plan the person may buy able to
    bring the others (itself or with its packs; whether together, and with the needs, is for the solve to say):
    at most ``most`` of them, in the order the benefits were given."""
    wanted = tuple(dict.fromkeys(profile.benefits_required))
    lacking: set[tuple[str, ...]] = set()
    for plan in _buyable(catalogue, profile, assessment):
        brings = plan.benefits | limits(catalogue, plan).pack_benefits
        lacking.add(tuple(t for t in wanted if t not in brings))
    sizes = [len(tags) for tags in lacking if len(tags) > 1]
    fewest = sorted((tags for tags in lacking if sizes and len(tags) == min(sizes)),
                    key=lambda tags: [wanted.index(t) for t in tags])
    return fewest[:most]
