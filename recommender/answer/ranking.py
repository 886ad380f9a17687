"""``recommend``: the plans the person may buy solved by the engines, ranked by the one objective and shown
(``top_k``, ``per_operator``), every other plan left out with its reasons, the best per operator, what is said first,
and when nothing fits, suggestions; for a household, each line alone (``separate_lines``)."""

import math
from collections.abc import Iterable, Mapping
from dataclasses import replace
from itertools import combinations, product, zip_longest
from typing import Any

from ..catalogue import Catalogue, Plan
from ..cost import Bundle, blockers, bundles_one_off, lines_short, month_bills
from ..eligibility import NOBODY_SAID, Assessment, about_of, assess, blocking
from ..messages import Message, message
from ..objective import budget_first, in_profile_currency
from ..optimise import Ranked, planner
from ..optimise.planner import Engine
from ..profile import LineUsage, Needs, Profile
from .advice import (
    cheaper_apart,
    current_only_if,
    falls_short_of_needs,
    keep_current_plan,
    missing_months,
    name_the_shortfall,
    part_months,
    records_lacking,
    separate_cost_less,
    separately,
    settled,
    short_of_lines,
    sure_best,
    sure_instead,
)
from .candidates import candidates, ineligible
from .current import current_plan, current_price, not_yet_sold
from .document import Answer, Exclusion, PackExclusion, Recommendation, SeparateLine, SeparateLines
from .explain import explained
from .priced import Priced, Window, least_over_budget, price_choice, rank_plans
from .suggestions import suggestions_for, why_nothing_fits
from .time_limit import deadline_after, time_left

MAX_TOP_K = 50


def recommend(catalogue: Catalogue, profile: Profile, top_k: int = 5, engine: Engine = "auto",
              time_limit_s: float = 5.0, per_operator: int | None = None) -> Answer:
    """Rank plans by what their best bundles really cost ``profile``; explain every plan left out.

    ``per_operator`` caps how many of the ranked plans come from one operator.  ``time_limit_s`` is the solvers'
    time for the whole answer (``time_left``).
    """
    deadline = deadline_after(time_limit_s)
    top_k = max(1, min(top_k, MAX_TOP_K))
    mine = current_plan(catalogue, profile)
    assessment = assess(catalogue, profile)
    if mine is not None:
        not_yet_sold(mine, assessment)
    full, catalogue = catalogue, catalogue.without_packs(assessment.dropped_packs)  # only what they may buy
    buyable, excluded, found, used, priced = _solved(catalogue, profile, assessment, engine, deadline, top_k,
                                                     per_operator)
    if profile.eligibility == "strict":
        excluded = [_also_short(catalogue, profile, e) for e in excluded]
    unsure = assessment.unsure_packs  # (of a plan's equally good bundles, one on no unknown condition: sure_first)
    current, current_priced = current_price(catalogue, profile, mine, priced, engine, deadline, unsure)
    fitting = [p for p in priced if p.within_budget]
    solved = {p.plan.id for p in priced}
    for plan in buyable:  # (the plans ``blockers`` shows cannot fit were not searched)
        if plan.id not in solved:
            reasons = blockers(catalogue, plan, profile) or [message("no_combination" if found.proved
                                                                     else "time_limit")]
            excluded.append(Exclusion(plan.id, plan.operator, reasons))
    if assessment.dropped_packs:
        excluded = [_packs_not_bought(full, e, assessment.dropped_packs) for e in excluded]
    least = least_over_budget(catalogue, profile, priced, engine, deadline, unsure)
    ranked = _shown(profile, priced, fitting, top_k, per_operator, excluded, least)
    excluded.sort(key=lambda e: catalogue.position[e.plan_id])

    recommendations = [explained(catalogue, profile, p, i + 1, found.proved, current, assessment)
                       for i, p in enumerate(ranked)]
    shown_as = {r.plan_id: r for r in recommendations}
    best_per_operator = []
    for operator in catalogue.operators:
        best = next((p for p in fitting if p.plan.operator == operator), None)
        if best is not None:
            best_per_operator.append(shown_as.get(best.plan.id) or explained(
                catalogue, profile, best, None, found.proved, current, assessment))

    if fitting:
        status = "optimal" if found.proved else "feasible"
    else:
        status = "infeasible" if found.proved else "unknown"
    searched = status != "unknown"  # (nothing found in time: the API answers 503; no more solving for it)
    separate = separate_lines(full, profile, engine, time_left(deadline)) if profile.household and searched else None
    nothing = why_nothing_fits(excluded, len(profile.lines or ())) if status == "infeasible" else None
    suggestions = [] if fitting or not searched else separately(separate) + some_together(
        full, profile, separate, nothing, engine, deadline) + suggestions_for(
        catalogue, profile, [least.get(p.plan.id, p) for p in priced], engine, deadline, assessment, full)
    dropped = assessment.dropped_packs  # (most answers drop none: no pass over a large catalogue's 230 packs)
    excluded_packs = [PackExclusion(pack.id, pack.operator,
                                    [ineligible(c) for c in blocking(assessment.pack_conditions(pack.id), profile)])
                      for pack in (full.packs if dropped else ()) if pack.id in dropped
                      and profile.wants_operator(pack.operator)]  # (not the operators left out: QA, noise)
    falls_short = falls_short_of_needs(mine, current, current_priced)
    if falls_short and mine is not None:
        name_the_shortfall(catalogue, profile, mine, excluded)
    return Answer(catalogue.version, used, status, recommendations, best_per_operator, excluded,
                  suggestions, current, profile.currency, profile.objective, profile.horizon_months,
                  excluded_packs, assessment.as_of.isoformat(), profile.eligibility,
                  cheaper_apart(profile, current, separate, priced)
                  + (kept := separate_cost_less(profile, current, current_priced, separate, priced)
                   or keep_current_plan(profile, current, current_priced, priced, separate, unsure, suggestions))
                  + part_months(profile) + missing_months(profile) + records_lacking(profile)
                  + short_of_lines(profile, mine) + falls_short
                  + settled(full, profile, current, current_priced, assessment.as_of)
                  + current_only_if(catalogue, profile, current, current_priced, engine, deadline, unsure)
                  + ([] if kept else sure_best(profile, recommendations, lambda: sure_instead(
                      catalogue, profile, fitting, recommendations, engine, deadline, unsure, (current, found.proved),
                      assessment))),
                  profile.months is not None or profile.records is not None, separate,
                  nothing)


def _solved(catalogue: Catalogue, profile: Profile, assessment: Assessment, engine: Engine, deadline: float,
            top_k: int, per_operator: int | None
            ) -> tuple[list[Plan], list[Exclusion], Ranked, str, list[Priced]]:
    """The plans the person may buy from ``catalogue`` (its packs those they may buy), solved and ranked by the one
    objective: ``(buyable, excluded, found, engine used, priced)``."""
    buyable, excluded = candidates(catalogue, profile, assessment)
    unsure = assessment.unsure_packs  # (of a plan's equally good bundles, one on no unknown condition: sure_first)
    found, used = planner.solve(catalogue, profile, buyable, engine, time_left(deadline), unsure=unsure)
    priced = rank_plans(catalogue, profile, [price_choice(catalogue, profile, c) for c in found.choices], top_k,
                        per_operator)
    return buyable, excluded, found, used, priced


def _cheapest(catalogue: Catalogue, profile: Profile, engine: Engine, deadline: float) -> Recommendation | None:
    """``recommend``'s first recommendation alone: the best bundle explained, without the rest of an answer (a
    household's separate lines, suggestions, the plans left out; found in review: ``some_together`` asked a whole
    answer of each split, seven times the solves)."""
    assessment = assess(catalogue, profile)
    catalogue = catalogue.without_packs(assessment.dropped_packs)
    _, _, found, _, priced = _solved(catalogue, profile, assessment, engine, deadline, 1, None)
    best = next((p for p in priced if p.within_budget), None)
    return None if best is None else explained(catalogue, profile, best, 1, found.proved, None, assessment)


def _also_short(catalogue: Catalogue, profile: Profile, exclusion: Exclusion) -> Exclusion:
    """A plan left out under strict eligibility for a condition the person left unknown, with the needs it cannot
    meet too (``blockers``): answering the condition would not make it fit (found by the consumer test: Global Pass
    199 read only "unknown whether: GoTone members", where the lenient answer said its uplink reaches 200 of the 300
    Mbps needed; ticking 全球通 would not have helped)."""
    if not exclusion.reasons or any(r.code != "ineligible" or r.params.get("status") != "unknown"
                                    for r in exclusion.reasons):
        return exclusion
    short = blockers(catalogue, catalogue.plan_index[exclusion.plan_id], profile)
    return exclusion._replace(reasons=[*exclusion.reasons, *short]) if short else exclusion


def _packs_not_bought(full: Catalogue, exclusion: Exclusion, dropped: frozenset[str]) -> Exclusion:
    """A required benefit no bundle the person may buy brings, where a pack of the plan's they may not buy would:
    said with those packs (``benefit_missing`` with ``packs``), whose own reasons are in ``excluded_packs`` (found by
    the eligibility test: Cloud 199's "no bundle includes the required benefit 'assured speed'" sent a student in
    Guangdong to relax a need, where the speed pack that brings it, free with the plan, is sold in Hebei only)."""
    if not any(r.code == "benefit_missing" for r in exclusion.reasons):
        return exclusion
    packs = [p for p in full.packs_for(full.plan_index[exclusion.plan_id]) if p.id in dropped]
    said = []
    for reason in exclusion.reasons:
        if reason.code == "benefit_missing" and \
                (bring := [p.id for p in packs if reason.params["benefit"] in p.benefits]):
            reason = message("benefit_missing", benefit=reason.params["benefit"], packs=bring)
        said.append(reason)
    return exclusion._replace(reasons=said)


def _shown(profile: Profile, priced: list[Priced], fitting: list[Priced], top_k: int, per_operator: int | None,
           excluded: list[Exclusion], least: Mapping[str, Priced]) -> list[Priced]:
    """The ranked plans shown (``top_k``, at most ``per_operator`` each); the others join ``excluded`` with
    what they cost: over the budget (at the least price of a bundle of theirs, ``least``), or more than the best."""
    money = profile.currency
    for p in priced:
        if not p.within_budget:
            assert profile.budget_fen is not None
            cost = least.get(p.plan.id, p).price_fen
            reason = message("over_budget", cost_fen=cost, budget_fen=profile.budget_fen, currency=money)
            excluded.append(Exclusion(p.plan.id, p.plan.operator, [reason], cost))
    ranked: list[Priced] = []
    window = Window(top_k, per_operator)
    by_worst = profile.objective == "worst_month"
    for p in fitting:
        if window.left and window.take(p.plan.operator):  # (a full window takes no more: most plans of a large one)
            ranked.append(p)
            continue
        # left out with room for more: its operator's ``per_operator`` are shown, said first (found by the hand check:
        # "costs ¥240.90 a month, ¥29.00 more than the best" of a plan left out beside a ¥301.00 plan shown)
        capped = [message("per_operator", operator=p.plan.operator, max=window.cap)] if window.left else []
        best = fitting[0]  # (a reason for each plan not shown: most fitting plans of a large catalogue)
        if by_worst:  # (the ranking's measure)
            params: dict[str, Any] = {"cost_fen": p.price_fen, "gap_fen": p.key[0] - best.key[0], "currency": money,
                                      "worst_fen": p.key[0]}
        else:
            params = {"cost_fen": p.price_fen, "gap_fen": p.ranking_fen - best.ranking_fen, "currency": money}
            if p.benefit_value_fen or best.benefit_value_fen:
                # a gap that counts benefit values is not a difference of prices: the best's price is said beside it
                # (found by the product QA: "costs ¥89.00 a month, ¥51.00 more than the best", which cost ¥188.00)
                params["best_fen"] = best.price_fen
        excluded.append(Exclusion(p.plan.id, p.plan.operator, [*capped, Message("more_than_best", params)],
                                  p.price_fen))
    return ranked


SHARED_FIELDS = ("about", "eligibility", "as_of", "operators", "exclude_operators", "currency", "exchange_rates",
                 "allow_throttling", "objective", "horizon_months")
"""What every line alone keeps of the household's profile (who they are, what they may buy, how to rank)."""


HOLDER_FIELDS = ("benefits", "benefits_required", "benefit_values")
"""What only the holder's line keeps (the household's wishes; the budget is the household's, and its current
plan the holder's line's alone: ``separate_lines`` gives it)."""


def line_profile(profile: Profile, index: int) -> Profile:
    """Line ``index`` of a household as a one-line profile: its usage, app share and needs (the holder's
    also the household's top-level needs) with the household's conditions of sale, currency and ranking."""
    assert profile.lines is not None
    line: LineUsage = profile.lines[index]
    keep = SHARED_FIELDS + (HOLDER_FIELDS if index == 0 else ())
    data = {name: getattr(profile, name) for name in keep}
    alone = Profile.model_validate({**data, "data_gb": line.data_gb, "voice_minutes": line.voice_minutes,
                                    "sms": line.sms, "app_share": dict(line.app_share),
                                    "needs": profile.needs if index == 0 else line.needs or Needs()})
    return alone.of_needs(profile.needs, line.needs) if index == 0 and line.needs is not None else alone


def separate_lines(catalogue: Catalogue, profile: Profile, engine: Engine = "auto",
                   time_limit_s: float = 5.0) -> SeparateLines:
    """The cheapest one-plan-per-line set: each line alone recommended by the same engine (its best plan), within
    ``time_limit_s`` for them all (``time_left``).

    The budget is the household's, so a line alone has none.  With ``objective: worst_month`` and a budget, lines at
    their least worst months may be over it together where other plans or bundles of theirs are not (an installation
    fee, a subscription pack over a history, a promotion: found by the budget QA, two lines of ¥34.00 called over a
    ¥65.00 budget where each has a bundle of ¥32.08, and nothing suggested).  The lines are then asked again by the
    horizon total: their least prices are the least the set can cost (each line is priced alone), so the set is over
    the budget only when those are too; else, of the sets that take each line's least worst month or its least
    price, the one within the budget of least worst month (``_within_budget``)."""
    deadline = deadline_after(time_limit_s)
    said = profile.about or NOBODY_SAID
    who = about_of(catalogue, profile)  # (a line alone has no current plan: the household's makes its customer)
    # ... and its holder (not every line) a member of the one membership it is sold to (全球通 is not the 副卡's
    # own), and on it: a plan kept by the people on it is the holder's line's alone to keep
    # ... and what `about` says of one person (age, groups, memberships: the holder's, as the form asks "about
    # you") is unknown for the other lines: found by QA, a holder aged 25 made a grandmother's line 'met' for a
    # youth card (16 to 30, no "only if"), and a holder aged 45 kept a son of 18 from it
    # ... and so is whose customer another line is, but for the household's current plan, which every line is on
    # (found by the households QA: a holder saying she was China Unicom's customer made her son's line not China
    # Telecom's, and its 99-yuan plan was dropped unsaid)
    # (found in review: not when the current plan takes too few lines to be every line's, as a one-line plan)
    current = catalogue.plan_index.get(profile.current.plan_id or "") if profile.current is not None else None
    if current is not None and lines_short(current, profile):
        current = None
    others = who.model_copy(update={"memberships": None, "age": None, "groups": None,
                                    "customer_of": current.operator if current is not None else None})
    assert profile.lines is not None
    out, alones = [], []
    for i, line in enumerate(profile.lines):
        about = who if i == 0 else others
        alone = line_profile(profile, i)
        if about != said:
            alone = alone.model_copy(update={"about": about})
        if i == 0 and profile.current is not None and profile.current.plan_id is not None:
            alone = alone.model_copy(update={"current": profile.current})  # (the holder's plan, theirs to keep)
        elif current is not None:  # (another line, on it as an extra line: no plan kept for holders is theirs)
            alone = alone.as_extra_line_of(current.id)
        answer = recommend(catalogue, alone, 1, engine, time_left(deadline))
        best = answer.recommendations[0] if answer.recommendations else None
        out.append(SeparateLine(i, line.name, best, answer.status))
        alones.append(alone)
    separate = _set_within(catalogue, profile, out, alones, engine, deadline)
    if not separate.only_if:
        return separate
    # the set on plans each line may surely buy (SeparateLines.sure): each line whose plan rests on an unknown
    # condition answered strictly, the others as they are, then held to the budget as the set above is (its lines
    # asked again strictly: found by the second family's test, a worst-month set over the budget was not)
    sure, strict = [], []
    for kept, shown, alone in zip(out, separate.lines, alones, strict=True):
        plain = alone.model_copy(update={"eligibility": "strict"})
        strict.append(plain)
        if not any(line.recommendation is not None and line.recommendation.unsure for line in (kept, shown)):
            sure.append(kept)
            continue
        answer = recommend(catalogue, plain, 1, engine, time_left(deadline))
        sure.append(SeparateLine(kept.line, kept.name, answer.recommendations[0] if answer.recommendations else None,
                                 answer.status))
    return replace(separate, sure=_set_within(catalogue, profile, sure, strict, engine, deadline))


def _set_within(catalogue: Catalogue, profile: Profile, out: list[SeparateLine], alones: list[Profile],
                engine: Engine, deadline: float) -> SeparateLines:
    """The set of ``out``'s lines (each answered alone as ``alones``); with ``objective: worst_month`` and a budget
    it is over, the lines asked again by the horizon total and the set within it chosen (``_within_budget``)."""
    separate = _separate(catalogue, profile, out)
    if separate.within_budget is not False or not budget_first(profile):
        return separate
    cheapest = []
    for kept, alone in zip(out, alones, strict=True):
        answer = recommend(catalogue, alone.model_copy(update={"objective": "total"}), 1, engine, time_left(deadline))
        least = answer.recommendations[0] if answer.recommendations else None
        cheapest.append(SeparateLine(kept.line, kept.name, least, answer.status) if least is not None else kept)
    return _within_budget(catalogue, profile, separate, cheapest)


MAX_SPLITS = 15
"""The most ways of choosing the lines left alone ``some_together`` weighs one by one (each one household answer);
with more, it weighs two: the lines whose separate plans cost least alone, and those that cost most."""


def some_together(catalogue: Catalogue, profile: Profile, separate: SeparateLines | None, nothing: Message | None,
                  engine: Engine, deadline: float) -> list[Message]:
    """When no plan the household may buy takes all its lines (``nothing_fits.too_many_lines``): the main line and as
    many others as the plan taking the most lines takes, on one plan, each other line on its separate plan, when
    that costs less than a plan for each line (``together``).  The split is the least of every choice of the lines
    left alone when there are at most ``MAX_SPLITS`` (seven lines, five on one plan: fifteen), else the lesser of two,
    the lines whose separate plans cost least left alone or those that cost most (a household of ten lines, five on
    one plan, has 126 choices); equal amounts: the first, choices in the household's order.  Found by the user test:
    six lines, five at most on one plan, were told only of six plans at ¥1,128.00, where five on Smart Wo Home Shared
    188 and one alone cost ¥483.50; and by the expat's test: the lines whose own plans cost most were always the
    ones put on one plan, ¥396.10, where leaving the two heaviest alone cost ¥384.10 (the shared minutes covered
    the light lines)."""
    lines = profile.lines
    if nothing is None or nothing.code != "nothing_fits.too_many_lines" or separate is None or lines is None \
            or not separate.complete or separate.effective_monthly_fen is None or profile.objective != "total":
        return []  # (by the worst month, a split's largest bill is not its average: not weighed here; review)
    most = int(nothing.params["most"])
    prices = [line.recommendation.price_fen for line in separate.lines if line.recommendation is not None]
    if most < 2 or most >= len(lines) or len(prices) != len(lines):
        return []
    left = len(lines) - most
    if math.comb(len(lines) - 1, left) <= MAX_SPLITS:
        choices = list(combinations(range(1, len(lines)), left))
    else:
        by_price = sorted(range(1, len(lines)), key=lambda i: (prices[i], i))
        choices = list(dict.fromkeys([tuple(sorted(by_price[:left])), tuple(sorted(by_price[-left:]))]))
    best: tuple[int, Recommendation, tuple[int, ...]] | None = None
    for alone in choices:
        part = profile.model_copy(update={"lines": tuple(line for i, line in enumerate(lines) if i not in alone),
                                          "budget_fen": None})
        found = _cheapest(catalogue, part, engine, deadline)
        if found is not None and (best is None or found.price_fen + sum(prices[i] for i in alone) < best[0]):
            best = found.price_fen + sum(prices[i] for i in alone), found, alone
    if best is None:
        return []
    amount, plan, alone = best
    if amount >= separate.effective_monthly_fen or (profile.budget_fen is not None and amount > profile.budget_fen):
        return []
    unsure = plan.unsure or any(rec.unsure for i in alone if (rec := separate.lines[i].recommendation))
    return [message("some_lines_together", plan=plan.plan_id, lines=most, amount_fen=amount,
                    alone=[{"line": i, "name": lines[i].name} for i in alone], currency=profile.currency,
                    only_if=unsure)]


def _separate(catalogue: Catalogue, profile: Profile, out: list[SeparateLine]) -> SeparateLines:
    """The set of ``out``'s lines, with its worst month (the lines' bills added month by month)."""
    return _set_of(profile, [(line, _line_bills(catalogue, profile, line)) for line in out])


def _line_bills(catalogue: Catalogue, profile: Profile, line: SeparateLine) -> tuple[int, ...] | None:
    return None if line.recommendation is None else _bills(catalogue, profile, line.recommendation)


def _set_of(profile: Profile, lines: Iterable[tuple[SeparateLine, tuple[int, ...] | None]]) -> SeparateLines:
    """A set of lines, each with its bills month by month (None: no plan, and so no worst month)."""
    out, bills = zip(*lines, strict=True)
    worst = None if None in bills else max(map(sum, zip_longest(*bills, fillvalue=0)))
    return SeparateLines(list(out), profile.currency, profile.budget_fen, worst)


def _within_budget(catalogue: Catalogue, profile: Profile, separate: SeparateLines,
                   cheapest: list[SeparateLine]) -> SeparateLines:
    """Of the sets that take each line of ``separate`` (its least worst month) or of ``cheapest`` (its least
    price), the one within the budget of least worst month, then least price (``separate`` itself, over the budget,
    when none is: then none of the lines' bundles together is).  At most ten lines: 1,024 sets of sums, each line's
    bills priced once."""
    choices = [[(a, _line_bills(catalogue, profile, a))] if a.recommendation == b.recommendation else
               [(a, _line_bills(catalogue, profile, a)), (b, _line_bills(catalogue, profile, b))]
               for a, b in zip(separate.lines, cheapest, strict=True)]
    sets = [_set_of(profile, lines) for lines in product(*choices)]
    within = [s for s in sets if s.within_budget and s.worst_month_fen is not None]
    return min(within, key=lambda s: (s.worst_month_fen, s.effective_monthly_fen), default=separate)


def _bills(catalogue: Catalogue, profile: Profile, rec: Recommendation) -> tuple[int, ...]:
    """A recommendation's bills month by month (``cost.month_bills``) in the profile's currency."""
    plan = catalogue.plan_index[rec.plan_id]
    bundles = [Bundle(plan.id, tuple((str(p["id"]), int(p["count"])) for p in month["packs"])) for month in rec.months]
    totals = [int(month["total_fen"]) for month in rec.months]
    bills = month_bills(plan, totals, profile.horizon_months, bundles_one_off(catalogue, bundles))
    return bills if plan.currency == profile.currency else tuple(in_profile_currency(profile, plan, fen)
                                                                 for fen in bills)
