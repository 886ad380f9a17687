"""Property: what ``sure_best`` names is what the strict answer ranks first, on random catalogues and profiles.

When the first plan shown rests on a condition of sale the person left unknown ("only if ..."), the answer says the
best they are sure to qualify for (``sure_best``: ``advice.surely``, ``advice.sure_instead``), or that no plan shown
is (``sure_none``).  The strict answer (the same profile, ``eligibility: strict``) ranks exactly what they are sure
to qualify for: the plans resting on no unknown condition of their own, each at its best bundle of the packs resting
on none.  The rule (``check``), with L the lenient answer (``top_k``, ``per_operator`` as drawn) and S the strict
one (every plan ranked), "measure" the ranking's (``objective.rank_key``: the price less the benefits' value, the
worst month before it with ``objective: worst_month``):

1. L says ``sure_best`` or ``sure_none`` (one of them) exactly when its #1 rests on an unknown condition and it does
   not say to keep what the person has (``keep_current_plan``, or a household's ``separate_lines_cost_less``):
   beside that advice nothing shown is to be bought, and S may well rank a #1 then.
2. ``sure_best`` names a plan shown, at its card's rank; S ranks it, and the prices said (effective monthly, worst
   month, less the benefits' value) are those of S's card of it: the plan's best bundle the person may surely buy
   (its card in L when that rests on nothing unknown; else the plan solved again without the packs on an unknown
   condition, by the same engine on the same packs as S).
3. Without ``per_operator``, S's #1 has that measure (equal measures: S's tie rule may put another plan first).
   With ``per_operator``, S's #1 may measure less only when L does not show it: the window left it out, its
   operator's places taken by plans on unknown conditions.  ``sure_best`` names a card (its rank); a plan the
   window leaves out has none, so the first shown that the person may surely buy is named.
4. ``sure_none``: S ranks nothing, or no plan at S's #1's measure is shown in L.  A plan the window leaves out
   (``top_k``, ``per_operator``) has no card to name; a plan shown whose bundle without its packs on an unknown
   condition is S's #1 must be named (the case fixed by ``sure_instead``: a plan not shown weighed at its lenient
   price, on an unknown condition of its own or through a pack on one, made L say ``sure_none``; tests/unit/
   eligibility/test_eligibility's ..._whatever_plans_not_shown_cost_on_an_unknown_condition).

The same rule holds, with nothing left out, for budgets (both answers hold every bundle to the budget alike: a plan
whose sure bundles are all over it is neither named nor in S), households (the household bundle is ranked in both;
``separate_lines_cost_less`` is rule 1's), histories (a card's months may buy different packs: the sure bundle is
solved over every month) and a current plan (it makes the person its operator's customer and keeps a plan sold to
its holders in both answers alike; its advice is rule 1's).  The drawn catalogues are small: the searches end well
within the answers' time (a search cut short may find neither answer's best).

Catalogues: ``tests/strategies.py``'s (model objects, a condition of sale on two items in three) and
``tests/plan_file_strategies.py``'s plan files (every field of the format), with a condition of sale drawn again
for each plan and pack without one, half the time; profiles from the same modules with ``about`` unknown, or partly
or wholly known, always lenient, half of them without the needs and budget that leave most drawn profiles with
nothing shown.  ``PROPERTY_EXAMPLES`` (150 each by default, some 15 s for both) for a long run.
"""

import json
import os

from hypothesis import HealthCheck, event, given, note, settings
from hypothesis import strategies as st

from recommender.answer import Recommendation, recommend
from recommender.answer.ranking import MAX_TOP_K
from recommender.catalogue import Catalogue
from recommender.profile import Needs, Profile
from tests.plan_file_strategies import OPERATORS, Doc, eligibilities, file_profiles, load, plan_files, regions_of
from tests.strategies import catalogues, profiles

EXAMPLES = int(os.environ.get("PROPERTY_EXAMPLES", "150"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
KEEP = ("keep_current_plan", "separate_lines_cost_less")
"""Advice to keep what the person has: ``sure_best`` is not said beside it (nothing shown is to be bought)."""


def _unsure(rec: Recommendation) -> bool:
    return any(c.status == "unknown" for c in rec.conditions)


def measure(objective: str, rec: Recommendation) -> tuple[int, ...]:
    """What the ranking compares, as a recommendation shows it: its price less the benefits' value, the worst month
    first when asked (``objective.rank_key``)."""
    return (rec.worst_month_fen, rec.ranking_fen) if objective == "worst_month" else (rec.ranking_fen,)


PRICES = {"effective_monthly_fen": "price_fen", "worst_month_fen": "worst_month_fen", "ranking_fen": "ranking_fen"}
"""The prices ``sure_best`` may say (in the profile's currency), each a recommendation's field: its effective monthly
price in the profile's currency is ``price_fen`` (``effective_monthly_fen`` is in its plan's)."""


def check(catalogue: Catalogue, profile: Profile, top_k: int, per_operator: int | None) -> None:
    """The module's rule, for a lenient profile and the window of its answer."""
    lenient = recommend(catalogue, profile, top_k=top_k, per_operator=per_operator)
    strict = recommend(catalogue, profile.model_copy(update={"eligibility": "strict"}), top_k=MAX_TOP_K)
    objective = profile.objective
    shown = {r.plan_id: r for r in lenient.recommendations}
    codes = [m.code for m in lenient.advice]
    sure = [m for m in lenient.advice if m.code in ("sure_best", "sure_none")]
    note(f"lenient: {[(r.rank, r.plan_id, measure(objective, r), _unsure(r)) for r in lenient.recommendations]}")
    note(f"advice: {lenient.advice}")
    note(f"strict: {[(r.rank, r.plan_id, measure(objective, r)) for r in strict.recommendations]}")
    first_unsure = bool(lenient.recommendations) and _unsure(lenient.recommendations[0])
    assert len(sure) == (1 if first_unsure and not set(codes) & set(KEEP) else 0), codes
    event("first unsure" if first_unsure else "first sure" if lenient.recommendations else "none shown")
    if not sure:
        return
    [advice] = sure
    event(advice.code + (".without" if "without" in advice.params else ""))
    if advice.code == "sure_none":
        best = measure(objective, strict.recommendations[0]) if strict.recommendations else None
        firsts = [r.plan_id for r in strict.recommendations if measure(objective, r) == best]
        assert not set(firsts) & set(shown), (firsts, list(shown))
        event("sure_none: " + ("the strict answer ranks nothing" if best is None else "its #1 left out by the window"))
        return
    named = str(advice.params["plan"])
    assert named in shown and shown[named].rank == advice.params["rank"]
    by_plan = {r.plan_id: r for r in strict.recommendations}
    assert named in by_plan, "named a plan the strict answer does not rank"
    card = by_plan[named]
    said = {k: v for k, v in advice.params.items() if k in PRICES}
    assert said == {k: getattr(card, PRICES[k]) for k in said}, "not the price of its sure best bundle"
    first = strict.recommendations[0]
    if per_operator is None:
        assert measure(objective, first) == measure(objective, card), "a plan the person may surely buy ranks first"
    elif measure(objective, first) != measure(objective, card):
        assert measure(objective, first) < measure(objective, card) and first.plan_id not in shown
        event("sure_best: a plan the person may surely buy for less left out by per_operator")


def conditioned(draw: st.DrawFn, docs: list[Doc]) -> list[Doc]:
    """``docs`` with more conditions of sale: each plan and pack without one draws one again, now and then."""
    for doc in docs:
        operator = doc["operator"]["id"]
        for kind in ("plans", "packs"):
            for item in doc.get(kind, ()):
                if "eligibility" not in item and draw(st.booleans()):
                    rule = draw(eligibilities(plan=kind == "plans", operator=operator))
                    if rule is not None:
                        item["eligibility"] = rule
    return docs


@st.composite
def conditioned_cases(draw: st.DrawFn) -> tuple[list[Doc], Catalogue, Profile]:
    docs = conditioned(draw, draw(plan_files()))
    profile = draw(file_profiles(docs))
    about = draw(st.one_of(st.none(), st.fixed_dictionaries({}, optional={
        "age": st.sampled_from([17, 40]), "region": st.sampled_from(regions_of(docs)),
        "customer_of": st.sampled_from(OPERATORS), "memberships": st.sampled_from([[], ["m1"]]),
        "groups": st.sampled_from([[], ["student"]])})))
    data = {**profile.model_dump(exclude_defaults=True), "eligibility": "lenient",
            **({"about": about} if about is not None else {})}
    if draw(st.booleans()):  # (most drawn profiles need what no plan gives, trips or benefits: nothing shown)
        data.update(needs={}, budget_fen=None, benefits_required=[])
        for usage in (*data.get("months", ()), *data.get("lines", ())):
            usage.pop("roaming", None)
            usage.pop("needs", None)
    return docs, load(docs), Profile.model_validate(data)


WINDOWS = st.tuples(st.integers(1, 4), st.sampled_from([None, None, 1]))


@SETTINGS
@given(conditioned_cases(), WINDOWS)
def test_sure_best_is_the_strict_answers_first_on_plan_files(case: tuple[list[Doc], Catalogue, Profile],
                                                             window: tuple[int, int | None]) -> None:
    docs, catalogue, profile = case
    note(f"plan files: {json.dumps(docs)}")
    note(f"profile: {profile.model_dump_json(exclude_defaults=True)}")
    note(f"top_k, per_operator: {window}")
    check(catalogue, profile, *window)


@SETTINGS
@given(catalogues(tariffs=True), profiles(tariffs=True), WINDOWS, st.booleans())
def test_sure_best_is_the_strict_answers_first(catalogue: Catalogue, profile: Profile,
                                               window: tuple[int, int | None], easier: bool) -> None:
    profile = profile.model_copy(update={"eligibility": "lenient"})
    if easier:  # (most drawn profiles need what no plan gives, or more than their budget: nothing shown)
        profile = profile.model_copy(update={"needs": Needs(), "budget_fen": None, "benefits_required": ()})
    note(f"profile: {profile.model_dump_json(exclude_defaults=True)}")
    check(catalogue, profile, *window)
