"""What an answer says first (``Answer.advice``): keep the current plan when nothing costs less, what its price as a
new contract rests on, what falls short, a household's separate plans when they cost less, and the best the person
can surely buy when the first rests on a condition they left unknown."""

import calendar
import datetime
from collections.abc import Callable, Sequence
from itertools import takewhile
from operator import attrgetter

from ..catalogue import Catalogue, Plan
from ..cost import blockers, bought, lines_short
from ..eligibility import Assessment, open_anew
from ..messages import Message, message
from ..objective import effective_price, kept_by_all, rests_on, within_budget
from ..optimise import planner
from ..optimise.planner import Engine
from ..profile import Profile
from .document import Exclusion, Recommendation, SeparateLines
from .explain import explained
from .priced import Priced, price_choice
from .time_limit import time_left

SPLITS = ("separate_lines", "some_lines_together")
"""The suggestions that put a household's lines on plans of their own (their ``amount_fen``: together, a month)."""


def keep_current_plan(profile: Profile, current: int | None, mine: Priced | None, priced: list[Priced],
                      separate: SeparateLines | None = None, unsure: frozenset[str] = frozenset(),
                      suggestions: Sequence[Message] = ()) -> list[Message]:
    """``keep_current_plan`` when no fitting bundle costs less than what the person has (by the ranking's
    measure: the effective price less the benefits' value, or the worst month first when asked).  A bill with
    nothing to weigh it against (no bundle fits, and no separate plans for a household's lines) gets none; nor does
    a household whose lines a suggestion puts on plans anyone may buy costing less together than now (the second
    family's test: "keep your current plan: no fitting bundle costs less than the ¥500.00" above "put 5 lines …
    together …: ¥416.00 a month in all")."""
    if current is None or profile.current is None:
        return []
    if profile.objective != "worst_month" and any(
            said.code in SPLITS and not said.params.get("only_if") and int(said.params.get("amount_fen", current))
            < current for said in suggestions):  # (one resting on an unknown condition: keeping stays the sure way)
        return []
    plan_id = profile.current.plan_id
    if plan_id is None and not priced and (separate is None or separate.effective_monthly_fen is None):
        # (consumer QA: "keep your current plan: no fitting bundle costs less than the ¥150.00 a month you pay now"
        # beside "no bundle meets all your needs", for an uplink no plan sells)
        return []
    # a bundle over the budget is none to change to while what is paid now is within it (found by the contract-horizon
    # test: by the worst month, a plan excluded at ¥533.58 a month over the ¥250 budget, its largest bill ¥220.00,
    # kept "keep your plan" from being said of one whose largest is ¥223.00)
    rivals = priced if not within_budget(profile.budget_fen, current) else [p for p in priced if p.within_budget]
    # (found in review: with the bundles over the budget out, "keep your current plan" stood beside separate plans
    # ¥80.00 a month cheaper, which ``separate_cost_less`` leaves unsaid where a bundle over the budget beats them)
    if separate is not None and separate.within_budget is not False and (
            apart := _apart_and_now(profile, current, mine, separate)) and apart[0] < apart[1]:
        return []
    if plan_id is not None:
        if mine is None or (rivals and rivals[0].key < mine.key):
            return []
    elif rivals and (rivals[0].key[0] if profile.objective == "worst_month" else
                     min(p.ranking_fen for p in rivals)) < current:
        # (a bill is its own largest month: compared by the ranking's measure, as a plan's key is; with benefit values
        # the least of it, never above the least price: the first plan's price said "no fitting bundle costs less"
        # above one at ¥89.00 against ¥150.00 now, product QA)
        return []
    # the packs that price includes, named (found by the eligibility QA: "keep your plan Tianyi 5G 59 ... ¥99.00"
    # where ¥99.00 is the plan with its ¥40 pack, and someone on the bare plan pays ¥134.00)
    bundles = mine.choice.bundles if mine is not None else ()
    packs = bought(bundles)
    # a history whose months buy different packs: "in the months that need them", its price an average (form QA:
    # "with A, B: … ¥135.00 a month they cost together" read as both packs every month)
    some: dict[str, object] = {"by_month": True} if len({b.packs for b in bundles}) > 1 else {}
    if not some and (counts := {pid: n for b in bundles for pid, n in b.packs if n > 1}):
        some["counts"] = counts  # (a pack bought several times: "5G-A scene pack ×5", not one that costs five's price)
    if plan_id is None and (any(profile.wants.levels) or profile.benefits_required):  # (a bill says not what its plan
        some["needs_unknown"] = True  # gives: found by the expat's test, "keep your current plan" of a ¥150 bill for
        # someone asking for home broadband, which the plan behind it may not have)
    if rests_on(unsure, bundles):  # (a pack on a condition of sale left unknown: "if you qualify for it", as its card's
        some["only_if"] = True  # "only if"; found by the eligibility review, a Shanghai pack's price said to anyone)
    if profile.objective == "worst_month":  # (the ranking's measure, as it was decided: QA; a bill is its own)
        return [message("keep_current_plan", plan=plan_id, worst_month_fen=current if mine is None else mine.key[0],
                        currency=profile.currency, packs=packs, **some)]
    if mine is not None and mine.benefit_value_fen:  # (kept by the ranking's measure, its price less what the person
        # values: said so, not "no fitting bundle costs less" above one that does; hand-check review)
        some["ranking_fen"] = mine.ranking_fen
    return [message("keep_current_plan", plan=plan_id, effective_monthly_fen=current, currency=profile.currency,
                    packs=packs, **some)]


def sure_best(profile: Profile, recommendations: list[Recommendation],
              instead: Callable[[], tuple[Recommendation, dict[str, list[str]]] | None] = lambda: None
              ) -> list[Message]:
    """When the best rests on a condition of sale the person left unknown ("only if ..."): the first shown that
    rests on none (``sure_best``, its rank and the price the ranking shows), or that none shown does (``sure_none``);
    not said beside advice to keep what they have (nothing shown is to be bought then).
    Found by the form QA: for a student who said nothing of themselves the best was a plan kept only by the people on
    it now (已停止新办), and the page did not say what they could surely buy."""
    if not recommendations or not recommendations[0].unsure:
        return []
    sure = next((r for r in recommendations if not r.unsure), None)
    without: dict[str, list[str]] = {}  # (a plan shown with a pack on an unknown condition may be first without it)
    if (found := instead()) is not None:
        sure, without = found
    if sure is None:
        return [message("sure_none", count=len(recommendations))]
    price = {"worst_month_fen": sure.worst_month_fen} if profile.objective == "worst_month" else \
        {"effective_monthly_fen": sure.price_fen}  # (the ranking's measure, as keep_current_plan's, in the profile's
    # currency as the saving beside it: "$188.00 a month, $3.68 less than now" was a ¥188.00 plan; hand-check review)
    # against what is paid now, as its card says it (form QA: "…surely buy is … ¥188.00 a month" above the best's
    # "saves ¥34.00 a month", where the one surely bought cost ¥60.00 more than the ¥128.00 paid now)
    now = sure.savings
    against = {} if now is None else {"saves_fen": now["fen"]} if now["code"] == "saves" else \
        {"more_fen": -now["fen"]} if now["code"] == "dearer" else {}
    if sure.benefit_value_fen and "worst_month_fen" not in price:  # (first by its price less what the person
        # values, not the cheapest: said so with that measure; hand-check review, "the cheapest you can surely buy is
        # … ¥299.00" above one at ¥188.00 anyone may buy)
        price["ranking_fen"] = sure.ranking_fen
    if against and "worst_month_fen" in price:  # (the saving is of its average, as the card's: said beside it, not
        # beside its largest bill; found in review, "its largest monthly bill ¥188.00, ¥12.00 a month less than" ¥150)
        price["effective_monthly_fen"] = sure.price_fen
    return [message("sure_best", plan=sure.plan_id, rank=sure.rank, currency=profile.currency, **price, **against,
                    **without)]


def sure_instead(catalogue: Catalogue, profile: Profile, fitting: list[Priced], shown: list[Recommendation],
                 engine: Engine, deadline: float, unsure: frozenset[str], now: tuple[int | None, bool],
                 assessment: Assessment) -> tuple[Recommendation, dict[str, list[str]]] | None:
    """For ``sure_best``: of the plans shown before the first resting on no unknown condition, those resting on one
    through their packs alone, each at its best bundle buying none of them (within the budget), when the first of
    these ranks before every other plan the person may surely buy (or costs as little, and none at that price is
    shown as it is): it, as its card's rank, and the packs it goes without (``without``) and those it buys that its
    card does not (``buys_instead``).  Found by the eligibility
    review: a 全球通 member who did not say where they live was shown Global Pass 399 with a Shanghai pack (¥419.00)
    and told the cheapest they could surely buy was a ¥428.00 plan, where Global Pass 399 without the pack cost
    ¥423.00.

    The others are the fitting plans not among those, but for plans on an unknown condition of their own (not surely
    theirs); the others whose bundles rest on a pack on an unknown condition, when they rank before the least of the
    rest, are solved without those packs too, and a plan shown is named only when none of them comes first.  Found
    by the sure_best property test (tests/unit/eligibility/test_sure_best_property): every other fitting plan was
    weighed at its own bundle, and a plan not shown, on an unknown condition of its own or through a pack on one,
    made the answer say none shown is sure above a plan shown whose bundle without its pack was the strict answer's
    #1."""
    before = list(takewhile(attrgetter("unsure"), shown))
    by_id = {p.plan.id: p for p in fitting}
    not_sure = assessment.unsure_plans
    plans = [by_id[r.plan_id].plan for r in before if r.plan_id not in not_sure]
    ids = {r.plan_id for r in before}
    others = [p for p in fitting if p.plan.id not in ids and p.plan.id not in not_sure]
    resting = [rests_on(unsure, p.choice.bundles) for p in others]
    sure = [p for p, rests in zip(others, resting, strict=True) if not rests]
    bar = min((p.key for p in sure), default=None)  # (the least sure)
    plans += [p.plan for p, rests in zip(others, resting, strict=True) if rests and (bar is None or p.key < bar)]
    found = planner.solve(planner.sure_view(catalogue, unsure), profile, plans, engine,
                          time_left(deadline))[0].choices if plans else ()
    # a plan shown without its packs at the least sure price is as cheap as any the person may surely buy: named when
    # no plan at that price is shown as it is (found by the sure_best property test in CI: ``sure_none`` above a plan
    # shown at the strict answer's #1's price, that #1 not shown; a plan shown as it is at that price is named first)
    on_cards = {r.plan_id for r in shown}
    ties = bar is not None and not any(p.key == bar and p.plan.id in on_cards for p in sure)
    better = [q for c in found if (q := price_choice(catalogue, profile, c)).within_budget
              and (bar is None or q.key < bar or (ties and q.key == bar))]
    if not better:
        return None
    best = min(better, key=attrgetter("key"))  # (equal keys: the first shown, ``min`` keeps it)
    if best.plan.id not in ids:  # (a plan not shown, or after the first sure one, is the first the person may surely
        return None  # buy: no card of those before it is)
    card = next(r for r in before if r.plan_id == best.plan.id)
    carded, buys = {p["id"] for m in card.months for p in m["packs"]}, bought(best.choice.bundles)
    packs = {"without": sorted((carded - set(buys)) & unsure), "buys_instead": [p for p in buys if p not in carded]}
    return explained(catalogue, profile, best, card.rank, now[1], now[0], assessment), \
        {k: v for k, v in packs.items() if v}


def current_only_if(catalogue: Catalogue, profile: Profile, current: int | None, mine: Priced | None,
                    engine: Engine, deadline: float, unsure: frozenset[str]) -> list[Message]:
    """What the person pays now counts packs sold on a condition they left unknown (its cheapest bundle, as every
    plan's is: ``current_price``): their price without those packs, when another, and what each saving then gains
    (``current_plan_only_if``; with ``objective: total``, the measure savings are said in).  Found by the consumer
    test: on cm-5ga-199 with no region given, "you pay now ¥279.00" counted two Shanghai packs; outside Shanghai it
    is ¥319.00, and a ¥299.00 plan said "costs ¥20.00 a month more than now"."""
    if current is None or mine is None or profile.objective != "total" or not rests_on(unsure, mine.choice.bundles):
        return []
    found = planner.solve(planner.sure_view(catalogue, unsure), profile, [mine.plan], engine,
                          time_left(deadline))[0].choices
    sure = price_choice(catalogue, profile, found[0]).price_fen if found else None
    if sure is None or sure == current:  # (none without them: the needs want them; "keep … if you qualify" says so)
        return []
    return [message("current_plan_only_if", plan=mine.plan.id, effective_monthly_fen=current, sure_fen=sure,
                    more_fen=sure - current, packs=[p for p in bought(mine.choice.bundles) if p in unsure],
                    currency=profile.currency)]


def settled(catalogue: Catalogue, profile: Profile, current: int | None, mine: Priced | None,
            day: datetime.date) -> list[Message]:
    """What the current plan costs is what someone already on it pays (``current_price``, ``objective.staying``:
    past its promotions, its one-off fees paid, no month of its term owed: the start of the person's contract is
    unknown); when signing up for it anew today would cost another price, said, with that price, and a minimum
    term, which binds leaving it early (found by the user test: priced as new, a 36-month term's 12 months owed past
    a 24-month horizon made staying ¥275.58 a month where the plan's fee is ¥199.00, and a switch "saved ¥87.58")."""
    if current is None or profile.current is None or profile.current.plan_id is None:
        return []
    plan = catalogue.plan_index.get(profile.current.plan_id)
    if plan is None:
        return []
    term = {"term_months": plan.terms.minimum_term_months} if plan.terms.minimum_term_months else {}
    # (no one signs up anew for a plan kept for its holders: nothing to weigh its price against, review; and a plan
    # no bundle of which fits is priced for the usage alone: its price anew is no bundle's)
    # (nor for one they could not sign up for anew at ``day``, which they keep: its sale ended, found in review, "as
    # a new contract … ¥209.00 a month" of a plan no one may sign up for; a youth card past its age alike)
    anew = None if mine is None or kept_by_all(plan) or not open_anew(catalogue, profile, plan, day) else \
        effective_price(plan, profile, mine.choice.month_totals, mine.choice.one_off_fen).monthly_fen
    if anew is not None and anew != current:
        return [message("current_plan_settled", plan=plan.id, effective_monthly_fen=current, as_new_fen=anew,
                        currency=profile.currency, **term)]
    # a minimum term binds leaving the plan whatever its price: said alone where nothing else says it (found by the
    # user test: on a plan kept for its holders, or one that falls short of the needs, "saves ¥61.00 a month" and
    # not a word of its 12-month term)
    return [message("current_plan_term", plan=plan.id, **term)] if term else []


def _apart_and_now(profile: Profile, current: int, mine: Priced | None, separate: SeparateLines
                   ) -> tuple[int, int] | None:
    """A household's separate plans against what it pays now, as ``separate_cost_less`` says "cost less" (and
    ``keep_current_plan`` leaves keeping unsaid): their effective monthly price against ``current``; with
    ``objective: worst_month``, their largest monthly bill against a bill's own, or a current plan's (the key of its
    priced choice; None without one: a current plan priced without the needs it cannot meet has no largest bill)."""
    if profile.objective != "worst_month":
        together = separate.effective_monthly_fen
        return None if together is None else (together, current)
    worst = separate.worst_month_fen
    if profile.current is None or profile.current.plan_id is None:
        now: int | None = current
    else:
        now = mine.key[0] if mine is not None else None
    return None if worst is None or now is None else (worst, now)


def separate_cost_less(profile: Profile, current: int | None, mine: Priced | None, separate: SeparateLines | None,
                       priced: list[Priced]) -> list[Message]:
    """A household's separate plans, when they cost less than what it pays now and than every household bundle
    (over the budget or not), and are within the budget: said in place of ``keep_current_plan`` (found by QA:
    "keep your current plan" above a list of separate plans ¥22 a month cheaper, unremarked; review: compared with
    the bundles within the budget only, separate plans over it were advised above a cheaper household bundle).
    With ``objective: worst_month`` "cost less" is by the largest monthly bill, as the ranking's and
    ``keep_current_plan``'s (a bill its own; a current plan's the key of its priced choice)."""
    if current is None or separate is None or separate.within_budget is False:
        return []
    together = separate.effective_monthly_fen
    apart = _apart_and_now(profile, current, mine, separate)
    if together is None or apart is None or apart[0] >= apart[1]:
        return []
    if profile.objective != "worst_month":
        # (against the household bundles by the ranking's measure, each side less what its benefits are worth to the
        # person: households review, separate plans advised above the bundle the person's values rank first)
        ranked = separate.ranking_fen
        if ranked is None or any(p.ranking_fen <= ranked for p in priced):
            return []
        return [message("separate_lines_cost_less", amount_fen=together, saves_fen=current - together,
                        currency=separate.currency, only_if=separate.only_if, **surely(separate))]
    worst, now = apart
    if any(p.key[0] <= worst for p in priced):
        return []
    return [message("separate_lines_cost_less", amount_fen=together, worst_month_fen=worst, below_fen=now - worst,
                    currency=separate.currency, only_if=separate.only_if, **surely(separate))]


def surely(separate: SeparateLines) -> dict[str, int]:
    """``sure_fen``: what the separate plans cost together on plans each line may surely buy, when a line's rests on
    an unknown condition and every line has such a plan (``SeparateLines.sure``), said beside "if each line meets
    its plan's conditions of sale" (found by the family's user test: ¥118.00 said, ¥376.00 not)."""
    sure = separate.sure.effective_monthly_fen if separate.sure is not None else None
    return {"sure_fen": sure} if sure is not None else {}


def cheaper_apart(profile: Profile, current: int | None, separate: SeparateLines | None,
                  priced: list[Priced]) -> list[Message]:
    """With no current plan or bill: the separate plans, when they are within the budget and cost less than every
    household bundle by the ranking's measure (the largest monthly bill with ``objective: worst_month``), and what
    they save against the best of them, said above it (found by the family's user test: "the cheapest choice … the
    lowest monthly cost that meets all your needs" of a ¥198.00 bundle, with separate plans of ¥118.00 further down
    the page).  Said beside ``sure_best``, not in its place: it names no bundle to keep (found by the second
    family's test: the household bundle anyone may buy was said nowhere)."""
    if current is not None or separate is None or separate.within_budget is False:
        return []
    best = next((p for p in priced if p.within_budget), None)  # (the first shown; none: ``separately`` says it)
    if best is None:
        return []
    if profile.objective == "worst_month":
        mine, theirs = separate.worst_month_fen, [p.key[0] for p in priced]
    else:
        mine, theirs = separate.ranking_fen, [p.ranking_fen for p in priced]
    together = separate.effective_monthly_fen
    if together is None or mine is None or any(other <= mine for other in theirs):
        return []
    less: dict[str, int] = {"less_fen": best.price_fen - together} if best.price_fen > together else {}
    if not less and profile.objective != "worst_month":  # (ranked first by the benefits' value alone, at a price
        # no lower: it read "costs less than any bundle … ¥358.00" beside a bundle of ¥273.00, found by the benefits
        # user test; said with both prices and its own with the benefits taken off)
        less = {"ranked_fen": mine, "best_fen": best.price_fen}
    return [message("separate_lines_cheaper", amount_fen=together, plan=best.plan.id, currency=separate.currency,
                    only_if=separate.only_if, **less, **surely(separate))]


def separately(separate: SeparateLines | None) -> list[Message]:
    """When no household bundle fits (within the budget): its separate plans, if every line has one within it
    (found by QA: "raise the budget to ¥198" above separate plans of ¥187.90 under a ¥190 budget)."""
    together = separate.effective_monthly_fen if separate is not None else None
    if separate is None or together is None or separate.within_budget is False:
        return []
    return [message("separate_lines", amount_fen=together, currency=separate.currency, only_if=separate.only_if,
                    **surely(separate))]


MONTH_EDGE_DAYS = 4
"""Days at the start of the first month of records, or at the end of the last, with no record, from which that month
is said to be covered in part (``part_months``): a day or three without a call or a session is a quiet day, more
is a month the export cut."""


def part_months(profile: Profile) -> list[Message]:
    """Itemised records whose first month starts, or whose last month ends, ``MONTH_EDGE_DAYS`` or more days from
    the month's own first or last day: each calendar month is billed as a month of use, so a month the records cover
    in part counts less use than the person's month has.  Said, not guessed at (no month is scaled up nor left out):
    a "last 30 days" export from the 15th to the 14th was two light months, and a ¥59 plan was recommended where a
    month's use costs ¥86.50 on it (found by the user test); a year's export from the 15th to the 14th alike (found
    in review: a check of the whole span's days let the long months' days hide the cut ones)."""
    records = profile.records
    if not records:
        return []
    first, last = min(r.date for r in records), max(r.date for r in records)
    last_day = calendar.monthrange(last.year, last.month)[1]
    cut = [d for d, gap in ((first, first.day - 1), (last, last_day - last.day)) if gap >= MONTH_EDGE_DAYS]
    if not cut:
        return []
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    days = (last - first).days + 1
    part = list(dict.fromkeys(f"{d.year:04d}-{d.month:02d}" for d in cut))  # (the months covered in part, named:
    # found by the CSV user test; one, where the records start and end in it)
    return [message("records_part_months", first=first.isoformat(), last=last.isoformat(), days=days, months=months,
                    part=part)]


def missing_months(profile: Profile) -> list[Message]:
    """The calendar months between itemised records' first and last with no record: each is left out of the history
    (not a month of no use), said so that an export that lost a month is noticed (found by the bill-upload test:
    July and September read "2 months: 2026-07 to 2026-09", and nothing said August was missing)."""
    records = profile.records
    if not records:
        return []
    held = {(r.date.year, r.date.month) for r in records}
    (year, month), last = min(held), max(held)
    missing = []
    while (year, month) < last:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        if (year, month) not in held:
            missing.append(f"{year:04d}-{month:02d}")
    return [message("records_missing_months", months=missing, count=len(missing))] if missing else []


RECORDED_KINDS = ("call", "data")
"""The kinds of itemised record whose absence from a history ``records_lacking`` says (none sent: texts are few)."""


def records_lacking(profile: Profile) -> list[Message]:
    """Itemised records with no call, or no data session, in any month: counted as none used, said (found by the CSV
    user test: operators' apps export calls, 通话详单, and data, 上网详单, apart, and a calls-only export was ranked
    with 0 GB a month, unremarked)."""
    records = profile.records
    if not records:
        return []
    kinds = {r.kind for r in records}
    lacking = [kind for kind in RECORDED_KINDS if kind not in kinds]
    return [message("records_without", kinds=lacking)] if lacking else []


def falls_short_of_needs(plan: Plan | None, current: int | None, priced: Priced | None) -> list[Message]:
    """Why what the person pays now is no fair comparison (``current_price``): no bundle on their plan meets their needs
    (it is priced for the usage without them; found by the hand check: read as "stay put", beside plans that meet
    them)."""
    return [message("current_plan_falls_short", plan=plan.id)] if plan and current is not None and not priced else []


def name_the_shortfall(catalogue: Catalogue, profile: Profile, plan: Plan, excluded: list[Exclusion]) -> None:
    """The current plan's exclusion names what it falls short of (``current_plan_falls_short`` points there) when
    it was left out for something else first, its conditions of sale or an operator filter (review: "aged 16 to
    30" was all it said of a plan with no satellite messaging)."""
    for i, left in enumerate(excluded):
        if left.plan_id == plan.id:
            short = blockers(catalogue, plan, profile) or [message("no_combination")]
            missing = [m for m in short if m not in left.reasons]
            if missing:
                excluded[i] = Exclusion(left.plan_id, left.operator, [*left.reasons, *missing])


def short_of_lines(profile: Profile, plan: Plan | None) -> list[Message]:
    """Why a household's current plan has no price (``current_price``): it takes too few extra lines."""
    short = lines_short(plan, profile) if plan is not None else None
    return [message("current_plan_short_of_lines", plan=plan.id, lines=short[0], max=short[1])] \
        if short and plan is not None else []
