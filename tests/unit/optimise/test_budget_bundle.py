"""The budget is a constraint on a plan's bundle, not only a verdict on it (found by the differential QA).

With ``objective: worst_month`` each engine chose a plan's bundle by ``objective.plan_key`` (the least worst month
first) and only then compared it with the budget: a plan whose cheaper-on-average bundle is within the budget,
but whose least-worst-month bundle is not, was called over budget.  Only an installation fee (paid once, in the
first bill) or a subscription pack over a history (one count every month) makes the bundles of least worst month
and of least horizon total differ; the shipped plans have neither.
"""

import json
import os
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from recommender.answer import recommend
from recommender.catalogue import Catalogue
from recommender.objective import budget_limit, effective_price, rate, within_budget
from recommender.optimise import Choice, cpsat, exhaustive, objective_key, planner
from recommender.optimise.exhaustive import TooManyCombinations
from recommender.optimise.planner import ENGINES
from recommender.optimise.tables import Compiled
from recommender.profile import Profile
from tests import brute_force
from tests.plan_file_strategies import GB, SOURCE, Doc, enumerating_at_most, file_profiles, load, plan_files


def fig(value: object) -> dict[str, object]:
    return {"value": value, "source": SOURCE}


def plan_file(packs: list[dict[str, object]], fee: str = "20") -> Catalogue:
    """One plan (¥``fee`` a month, 10 GB, no broadband of its own) and ``packs``, through the real loader."""
    plan = {"id": "p", "name": "p", "name_en": "p", "monthly_fee": fig(fee), "data_gb": fig("10"),
            "voice_minutes": fig(100), "sms": fig(10), "downlink_mbps": fig(1000), "uplink_mbps": fig(100),
            "overage": {"data_per_gb": fig("3"), "voice_per_minute": fig("0.1"), "sms_each": fig("0.1")}}
    return load([{"operator": {"id": "op", "name": "op", "name_en": "op"}, "currency": "CNY", "plans": [plan],
                  "packs": packs}])


def agree(catalogue: Catalogue, profile: Profile, tabled: bool) -> None:
    """Each engine's ``objective_key`` per plan is the brute force's (the tables answer when ``tabled``)."""
    plans = list(catalogue.plans)
    compiled = Compiled(catalogue)
    assert all(compiled.tabled(p, profile) is tabled for p in plans)
    found = {"cp-sat": cpsat.solve(catalogue, profile, plans), "enumerate": exhaustive.solve(catalogue, profile, plans),
             **({"tables": compiled.solve(profile, plans)} if tabled else {})}
    brute = brute_force.brute(catalogue, profile)
    for name, ranked in found.items():
        assert {c.plan_id: objective_key(catalogue, c, profile) for c in ranked.choices} == brute, name


BROADBAND: list[dict[str, object]] = [
    {"id": "fttr", "name": "fttr", "name_en": "fttr", "kind": "broadband", "price": fig("10"),
     "broadband_mbps": fig(500), "install_fee": fig("50")},
    {"id": "rent", "name": "rent", "name_en": "rent", "kind": "broadband", "price": fig("14"),
     "broadband_mbps": fig(500)}]


def test_a_plan_is_over_budget_only_when_none_of_its_bundles_is_within_it() -> None:
    """The QA's case: broadband at ¥10 a month after a ¥50 installation, or at ¥14 with none, on a ¥20 plan, over
    24 months.  The least worst month is the rented line's (¥34 every month, against ¥80 in the first month with
    the installation), the least price the installed one's (¥32.08 a month effective).  Under a ¥33 budget the
    answer said "over the budget, ¥34.00" where the ¥32.08 bundle fits; within the budget the least worst month
    still chooses, and when no bundle is within it the plan is over the budget at its least price
    (``test_over_the_budget_is_the_least_price_of_a_bundle``)."""
    catalogue = plan_file(BROADBAND)
    body = {"data_gb": 5, "needs": {"broadband": True}, "objective": "worst_month", "horizon_months": 24}
    for budget, packs, price, within in ((3300, ["fttr"], 3208, True), (4000, ["rent"], 3400, True),
                                         (3400, ["rent"], 3400, True), (3207, ["rent"], 3208, False)):
        profile = Profile.model_validate({**body, "budget_fen": budget})
        for engine in ENGINES:
            answer = recommend(catalogue, profile, top_k=1, engine=engine)
            if within:
                (shown,) = answer.recommendations
                assert ([p["id"] for p in shown.packs], shown.effective_monthly_fen) == (packs, price), (budget, engine)
            else:
                assert answer.recommendations == [] and answer.status == "infeasible", (budget, engine)
                (left,) = answer.excluded
                assert left.cheapest_fen == price and [r.code for r in left.reasons] == ["over_budget"], engine
        agree(catalogue, profile, tabled=True)


@pytest.mark.parametrize(("budget_fen", "horizon", "limit"), [
    (None, 24, None), (0, 1, 0), (0, 24, 11), (1000, 24, 24011), (1000, 1, 1000), (3333, 7, 23334)])
def test_the_budget_limit_is_the_largest_horizon_total_within_the_budget(budget_fen: int | None, horizon: int,
                                                                         limit: int | None) -> None:
    """What CP-SAT holds a plan's bundles to (``objective.budget_limit``): bundles are within the budget exactly when
    their horizon total is at most it.  The effective monthly price of a horizon total h over H months is h / H
    rounded half up to the fen, within a budget B when h / H < B + 1/2, that is h < (2B + 1) H / 2: over 24 months a
    ¥10.00 budget holds 24,011 fen (24,012 is ¥10.005, rounded up to ¥10.01); over one month, B itself; a ¥0 budget
    over 24 months holds 11 fen (12 is half a fen a month, rounded up), over one month none but 0; over 7 months
    ¥33.33 holds 23,334 fen (7 x 3,333.5 = 23,334.5).  No budget: no limit (None)."""
    catalogue = plan_file([])
    profile = Profile.model_validate({"horizon_months": horizon, **({} if budget_fen is None else
                                                                      {"budget_fen": budget_fen})})
    plan = catalogue.plan_index["p"]
    assert budget_limit(plan, profile) == limit
    if limit is not None:  # (the rule it is found from: the last within, the next over)
        for total, within in ((limit, True), (limit + 1, False)):
            assert within_budget(budget_fen, (2 * total + horizon) // (2 * horizon)) is within


def test_a_plan_with_no_exchange_rate_has_no_budget_limit() -> None:
    # a plan whose price cannot be compared (no rate to the profile's currency) is never called over the budget: the
    # budget does not constrain its bundles (None), as for a profile with no budget
    catalogue = plan_file([])
    usd = replace(catalogue.plan_index["p"], currency="USD")
    assert budget_limit(usd, Profile.model_validate({"budget_fen": 1000})) is None
    assert budget_limit(usd, Profile.model_validate({"budget_fen": 1000, "exchange_rates": {"USD": "2"}})) == 12005


def test_over_the_budget_is_the_least_price_of_a_bundle() -> None:
    """The same plan under a ¥32.07 budget: no bundle is within it, and the answer said "its cheapest fitting bundle
    costs ¥34.00" and "raise the budget to ¥34.00" (the bundle of least worst month, the rented line's), where ¥32.08
    (the installed line's) is enough; so did a need or a required benefit dropped with the budget raised.  Each
    figure is the plan's least price, and each suggestion holds: re-asked with the change made (the budget raised to
    the figure quoted, the need or benefit dropped), the plan it names is within the budget."""
    catalogue = plan_file(BROADBAND)
    body = {"data_gb": 5, "needs": {"broadband": True}, "objective": "worst_month", "horizon_months": 24}
    cases: tuple[tuple[dict[str, object], str], ...] = (
        ({}, "raise_budget"), ({"needs": {"broadband": True, "satellite": True}}, "drop_need_raise_budget"),
        ({"benefits_required": ["video"]}, "drop_benefit_raise_budget"))
    for extra, code in cases:
        profile = Profile.model_validate({**body, **extra, "budget_fen": 3207})
        for engine in ENGINES:
            answer = recommend(catalogue, profile, top_k=1, engine=engine)
            assert answer.recommendations == [] and answer.status == "infeasible", (code, engine)
            if not extra:
                (left,) = answer.excluded
                assert left.cheapest_fen == 3208 and left.reasons[0].params["cost_fen"] == 3208, engine
            (said,) = [m for m in answer.suggestions if m.code == code]
            assert said.params["amount_fen"] == 3208, (code, engine)
            changed = Profile.model_validate({**body, "budget_fen": said.params["amount_fen"]})
            (shown,) = recommend(catalogue, changed, top_k=1, engine=engine).recommendations
            assert (shown.plan_id, shown.price_fen) == (said.params["plan"], 3208), (code, engine)


def test_separate_lines_are_over_the_budget_only_when_no_bundles_of_theirs_are_within_it() -> None:
    """A household of two lines, each needing broadband, on the same catalogue (no plan takes extra lines: only
    the separate plans can answer).  Each line alone has no budget (the household's), so under ``worst_month`` each
    took the rented line (¥34.00, its least worst month) and the set, ¥68.00, was called over a ¥65.00 budget, with
    nothing suggested, where the installed line's ¥32.08 on each (¥64.16) is within it.  Within the budget the set
    of least worst month is shown (at ¥67.00, one line of each: ¥114.00 in the first month against ¥160.00), and
    the set is over it only below the lines' least prices."""
    catalogue = plan_file(BROADBAND)
    body = {"lines": [{"data_gb": 5}, {"data_gb": 5, "needs": {"broadband": True}}], "needs": {"broadband": True},
            "objective": "worst_month", "horizon_months": 24}
    for budget, packs, price, worst in ((6415, ["rent", "rent"], 6800, 6800), (6416, ["fttr", "fttr"], 6416, 16000),
                                        (6500, ["fttr", "fttr"], 6416, 16000), (6700, ["rent", "fttr"], 6608, 11400),
                                        (6800, ["rent", "rent"], 6800, 6800)):
        profile = Profile.model_validate({**body, "budget_fen": budget})
        for engine in ENGINES:
            answer = recommend(catalogue, profile, top_k=1, engine=engine)
            separate = answer.separate_lines
            assert separate is not None and answer.recommendations == [], engine
            shown = [line.recommendation.packs[0]["id"] for line in separate.lines if line.recommendation]
            assert (sorted(shown), separate.effective_monthly_fen, separate.worst_month_fen) == \
                (sorted(packs), price, worst), (budget, engine)
            assert separate.within_budget is (price <= budget), (budget, engine)
            said = [(m.code, m.params["amount_fen"]) for m in answer.suggestions if m.code == "separate_lines"]
            assert said == ([("separate_lines", price)] if price <= budget else []), (budget, engine)


def test_a_subscription_over_a_history_is_chosen_within_the_budget() -> None:
    """A subscription pack keeps one count every month of a history: 5 GB for ¥11 every month, or ¥3 a GB of
    overage on a ¥20 plan of 10 GB.  Over one month of 14 GB and three of 1 GB, without the pack the bills are ¥32
    (¥20 + 4 × ¥3) and ¥20 (¥23.00 a month effective), with it ¥31 every month: the least worst month is the
    subscription's, the least price not.  Under a ¥25 budget the plan was called over it at ¥31.00."""
    sub = {"id": "sub", "name": "sub", "name_en": "sub", "kind": "data", "price": fig("11"),
           "adds": {"data_gb": fig("5")}, "subscription": True}
    catalogue = plan_file([sub])
    body = {"months": [{"data_gb": "14"}, {"data_gb": "1"}, {"data_gb": "1"}, {"data_gb": "1"}],
            "objective": "worst_month", "horizon_months": 24}
    for budget, packs, price in ((2500, [], 2300), (3100, ["sub"], 3100), (None, ["sub"], 3100)):
        profile = Profile.model_validate({**body, "budget_fen": budget})
        for engine in ENGINES:
            (shown,) = recommend(catalogue, profile, top_k=1, engine=engine).recommendations
            assert ([p["id"] for p in shown.packs], shown.effective_monthly_fen) == (packs, price), (budget, engine)
        agree(catalogue, profile, tabled=False)  # (a subscription over a history: CP-SAT's)


EXAMPLES = int(os.environ.get("PROPERTY_EXAMPLES", "200")) // 4  # (each example solves every plan six times)
SETTINGS = settings(max_examples=max(EXAMPLES, 1), deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def budget_cases(draw: st.DrawFn) -> tuple[list[Doc], Catalogue, Profile]:
    """Plan files as ``file_cases`` draws them, most with a data pack that has an installation fee or is a
    subscription (what makes the least worst month's bundle and the least price's differ), and a profile with
    ``objective: worst_month``, often over a history; its budget is set later.  Half the cases are steered to where
    those packs pay: the first file's plans charge for data beyond a small allowance, the profile uses more (in one
    month of a history at least) and has no other need, over a horizon of a year or more."""
    docs = draw(plan_files())
    first = next(doc for doc in docs if doc.get("plans"))  # (the first operator's plans: a file of packs only may
    # be read before them)
    steer = draw(st.booleans())
    plan_ids = [p["id"] for p in first["plans"]]
    kinds = [("install",), ("subscription",), ("install", "subscription")]
    for kind in draw(st.sampled_from(kinds if steer else [(), *kinds])):
        pack: Doc = {"id": f"{first['operator']['id']}-{kind}", "name": kind, "name_en": kind, "kind": "data",
                     "price": fig(draw(st.sampled_from(["1", "5", "9.9", "15"]))),
                     "adds": {"data_gb": fig(draw(st.sampled_from(["1", "2", "5"])))},
                     "max_count": draw(st.integers(1, 2))}
        if kind == "install":
            pack["install_fee"] = fig(draw(st.sampled_from(["5", "30", "58"])))
        else:
            pack["subscription"] = True
        if draw(st.booleans()):
            pack["requires_plans"] = [draw(st.sampled_from(plan_ids))]
        first["packs"] = [*first["packs"], pack]
    if steer:
        for plan in first["plans"]:
            plan["data_gb"] = fig(draw(st.sampled_from(["0", "1", "2"])))
            plan["overage"] = {"data_per_gb": fig(draw(st.sampled_from(["3", "5", "10"]))),
                               "voice_per_minute": fig("0.1"), "sms_each": fig("0.1")}
    body = draw(file_profiles(docs)).model_dump(mode="json", exclude_defaults=True)
    if steer or (draw(st.booleans()) and not body.get("lines") and not body.get("records")):
        for key in ("data_gb", "voice_minutes", "sms", "app_share", "months", "lines", "records"):
            body.pop(key, None)
        heavy = st.sampled_from(["4", "6", "8", "12"])
        light = st.sampled_from(["0", "1", "2"]) if steer else GB
        months = [draw(heavy if steer else GB)] + [draw(light) for _ in range(draw(st.integers(0, 2)))]
        if len(months) == 1:
            body["data_gb"] = months[0]
        else:
            body["months"] = [{"data_gb": gb} for gb in draw(st.permutations(months))]
    if steer:
        for key in ("benefits_required", "operators", "exclude_operators"):
            body.pop(key, None)
        body |= {"needs": {}, "horizon_months": draw(st.sampled_from([12, 24, 36]))}
    body |= {"objective": "worst_month", "budget_fen": None}
    return docs, load(docs), Profile.model_validate(body)


def prices(catalogue: Catalogue, profile: Profile) -> dict[str, int]:
    """Each fitting plan's effective monthly price (the profile's currency) by the enumerator's choice (plans with
    no exchange rate left out)."""
    out = {}
    for choice in exhaustive.solve(catalogue, profile, list(catalogue.plans)).choices:
        plan = catalogue.plan_index[choice.plan_id]
        if rate(profile, plan) is not None:
            out[plan.id] = effective_price(plan, profile, choice.month_totals, choice.one_off_fen).monthly_fen
    return out


@SETTINGS
@given(budget_cases(), st.data())
def test_every_engine_holds_each_plans_bundles_to_the_budget(case: tuple[list[Doc], Catalogue, Profile],
                                                              data: st.DataObject) -> None:
    """Random plan files with installation fees, subscription packs, histories, ``worst_month`` and a budget mostly
    between a plan's least price and its least worst month's price (else at one of them, or a fen either side):
    every engine finds the brute force's key for each plan, and a plan's bundles are within the budget exactly
    when its cheapest (the least horizon total: the enumerator under ``objective: total``) are."""
    with enumerating_at_most():
        held_to_the_budget(case, data)


def held_to_the_budget(case: tuple[list[Doc], Catalogue, Profile], data: st.DataObject) -> None:
    docs, catalogue, profile = case
    note(f"plan files: {json.dumps(docs)}")
    try:
        least = prices(catalogue, profile.model_copy(update={"objective": "total"}))
        worst = prices(catalogue, profile)
    except TooManyCombinations:
        return
    apart = sorted((least[p], worst[p]) for p in least if least[p] < worst[p])  # (``prices``: the same plans)
    candidates = sorted({p + d for p in (*least.values(), *worst.values()) for d in (-1, 0, 1) if p + d >= 0})
    if apart and data.draw(st.integers(0, 3)) > 0:  # mostly between a plan's least price and its least worst month's
        low, high = data.draw(st.sampled_from(apart))
        budget = data.draw(st.sampled_from([low, low + 1, (low + high) // 2, high - 1]))
    else:
        budget = data.draw(st.sampled_from(candidates)) if candidates else 3000
    profile = profile.model_copy(update={"budget_fen": budget})
    note(f"profile: {profile.model_dump_json(exclude_defaults=True)}")

    plans = list(catalogue.plans)
    oracle = exhaustive.solve(catalogue, profile, plans)
    within = {c.plan_id: prices_within(catalogue, profile, c) for c in oracle.choices if c.plan_id in least}
    assert within == {p: least[p] <= budget for p in within}
    expected = {c.plan_id: objective_key(catalogue, c, profile) for c in oracle.choices}
    solver = cpsat.solve(catalogue, profile, plans)
    assert solver.proved
    assert {c.plan_id: objective_key(catalogue, c, profile) for c in solver.choices} == expected
    auto, _ = planner.solve(catalogue, profile, plans, "auto")
    assert {c.plan_id: objective_key(catalogue, c, profile) for c in auto.choices} == expected
    compiled = Compiled(catalogue)
    tables = compiled.solve(profile, [p for p in plans if compiled.tabled(p, profile)])
    found = {c.plan_id: objective_key(catalogue, c, profile) for c in tables.choices}
    assert found == {p: k for p, k in expected.items() if p in found}
    if brute_force.covers(catalogue, profile):
        try:
            assert brute_force.brute(catalogue, profile) == expected
        except brute_force.TooLarge:
            pass


def prices_within(catalogue: Catalogue, profile: Profile, choice: Choice) -> bool:
    """Whether ``choice`` is within the budget as the answer judges it."""
    plan = catalogue.plan_index[choice.plan_id]
    effective = effective_price(plan, profile, choice.month_totals, choice.one_off_fen)
    return within_budget(profile.budget_fen, effective.monthly_fen)
