"""Conditions of sale pinned on small catalogues built by hand (``recommender.eligibility`` and its population side,
``recommender.optimise.eligible``): which plans are offered, which are left out with which condition code and
params, and the cheapest the person may buy, each figure worked out by hand.  Found by mutation testing of the two
modules: each test names the mutant it kills."""

import datetime

import numpy as np
import pytest

from recommender.answer import Answer, recommend
from recommender.catalogue import Catalogue, Pack, Plan, SaleConditions, Tariff
from recommender.catalogue.model import ANYONE
from recommender.eligibility import assess
from recommender.optimise import eligible
from recommender.profile import Profile

AS_OF = "2026-03-01"

Shown = dict[str, tuple[int, list[tuple[str, dict[str, object], str, str]]]]
"""Per plan shown: its effective monthly fen and its conditions ``(code, params, status, ref)``."""
LeftOut = dict[str, list[dict[str, object]]]
"""Per plan left out: the params of its ``ineligible`` reasons."""


def plan(plan_id: str, fee_fen: int, rule: SaleConditions = ANYONE, operator: str = "op-a") -> Plan:
    """A plan of 10 GB, 100 minutes and no SMS, ¥5 a GB, ¥0.10 a minute and ¥0.10 an SMS beyond."""
    return Plan(plan_id, operator, plan_id, fee_fen, {"data_mb": Tariff(10 * 1024, 1024, 500),
                                                      "voice_s": Tariff(6000, 60, 10), "sms": Tariff(0, 1, 10)},
                1000, 100, rule=rule)


def answer(catalogue: Catalogue, **fields: object) -> Answer:
    """The answer for 1 GB a month (within every plan here), on ``AS_OF``, every plan shown."""
    return recommend(catalogue, Profile.model_validate({"data_gb": 1, "voice_minutes": 0, "sms": 0, "as_of": AS_OF,
                                                        **fields}), top_k=50)


def shown(said: Answer) -> Shown:
    return {r.plan_id: (r.effective_monthly_fen, [(c.code, c.params, c.status, c.ref) for c in r.conditions])
            for r in said.recommendations}


def left_out(said: Answer) -> LeftOut:
    return {e.plan_id: [dict(r.params) for r in e.reasons if r.code == "ineligible"] for e in said.excluded}


def test_a_membership_condition_is_met_only_by_a_membership_it_names() -> None:
    """``gold`` (¥30) is sold to gold members, ``silver`` (¥40) to silver members, ``open`` (¥50) to anyone.  A
    silver member may buy silver and open, not gold: the cheapest they may buy is silver, ¥40.00 (1 GB, within its
    10 GB); gold is left out, its membership condition not met.  Kills eligibility._check line 71
    'rule.members_of & set(about.memberships or ())' as 'set(about.memberships or ())' (any membership said met
    every membership condition: gold shown at ¥30.00)."""
    catalogue = Catalogue((plan("gold", 3000, SaleConditions(members_of=frozenset({"gold"}))),
                           plan("silver", 4000, SaleConditions(members_of=frozenset({"silver"}))),
                           plan("open", 5000)), (), "hand")
    said = answer(catalogue, about={"memberships": ["silver"]})
    assert shown(said) == {"silver": (4000, [("membership", {"memberships": ["silver"]}, "met", "silver")]),
                           "open": (5000, [])}
    assert said.recommendations[0].plan_id == "silver"
    assert left_out(said) == {"gold": [{"condition": "membership", "status": "not_met", "ref": "gold",
                                        "memberships": ["gold"]}]}


# -- the population side: ``optimise.eligible.not_met`` and ``outside``, row by row -------------------------------

ROWS = {  # six people, each column a row's cell ("" and -1: not said)
    "age": np.array([-1, 0, 16, 30, 31, 60]),
    "region": np.array(["", "CN-SH", "CN-BJ", "US-CA", "CN-SH", ""]),
    "customer_of": np.array(["", "op-a", "op-b", "", "", ""]),
    "current_plan": np.array(["", "", "", "old", "gold-plan", "silver-plan"])}
"""Row 3 is on ``old`` (op-b's, no longer sold), row 4 on ``gold-plan`` (op-a's, gold members'), row 5 on
``silver-plan`` (op-b's, silver members'): a customer of its operator and a member of its one membership.  So the
operators each row is a customer of: none known, {op-a}, {op-b}, {op-b}, {op-a}, {op-b}; the memberships known:
rows 4 (gold) and 5 (silver) only."""
POPULATION_PLANS = Catalogue((
    plan("old", 5900, SaleConditions(holders_only=True), "op-b"),
    plan("gold-plan", 19900, SaleConditions(members_of=frozenset({"gold"}))),
    plan("silver-plan", 9900, SaleConditions(members_of=frozenset({"silver"})), "op-b")), (), "hand")
DAY = datetime.date.fromisoformat(AS_OF)


@pytest.mark.parametrize(("rule", "operator", "ref", "expected"), [
    (ANYONE, "op-a", "", [0, 0, 0, 0, 0, 0]),
    # new customers of op-a: not met by its customers (rows 1 and 4), unknown for row 0
    (SaleConditions(customers="new"), "op-a", "", [0, 1, 0, 0, 1, 0]),
    # existing customers of op-a (an op-b item): not met by a known customer of op-b alone (rows 2, 3, 5)
    (SaleConditions(customers="existing", existing_of=frozenset({"op-a"})), "op-b", "", [0, 0, 1, 1, 0, 1]),
    # aged 16 to 30, both ends in: 0, 31 and 60 are out; -1 is not said
    (SaleConditions(age_min=16, age_max=30), "op-a", "", [0, 1, 0, 0, 1, 1]),
    # aged 60 or more: every known age below 60, 0 too
    (SaleConditions(age_min=60), "op-a", "", [0, 1, 1, 1, 1, 0]),
    # aged 30 at most: 31 and 60
    (SaleConditions(age_max=30), "op-a", "", [0, 0, 0, 0, 1, 1]),
    # living in Shanghai: Beijing and California are out, the unsaid are not
    (SaleConditions(regions=frozenset({"CN-SH"})), "op-a", "", [0, 0, 1, 1, 0, 0]),
    # living in China (a country holds its provinces): California alone is out
    (SaleConditions(regions=frozenset({"CN"})), "op-a", "", [0, 0, 0, 1, 0, 0]),
    # gold members: row 5 holds silver (its plan's), known, not gold; row 4 holds gold; the rest unknown
    (SaleConditions(members_of=frozenset({"gold"})), "op-a", "", [0, 0, 0, 0, 0, 1]),
    # kept by the people on ``old``: rows on another known plan (4, 5) are out, row 3 on it and the unsaid are not
    (SaleConditions(holders_only=True), "op-b", "old", [0, 0, 0, 0, 1, 1]),
    # the sale window, both days in it: from the day itself is on sale; until the day before, or from the next
    # day, is out for everyone
    (SaleConditions(available_from=DAY), "op-a", "", [0, 0, 0, 0, 0, 0]),
    (SaleConditions(available_until=DAY - datetime.timedelta(days=1)), "op-a", "", [1, 1, 1, 1, 1, 1]),
    (SaleConditions(available_from=DAY + datetime.timedelta(days=1)), "op-a", "", [1, 1, 1, 1, 1, 1]),
    # two conditions: out if either is not met (new customers of op-a: 1, 4; aged 30 at most: 4, 5)
    (SaleConditions(customers="new", age_max=30), "op-a", "", [0, 1, 0, 0, 1, 1]),
], ids=["anyone", "new", "existing", "16-30", "60+", "to-30", "shanghai", "china", "gold", "holders", "from-today",
        "until-yesterday", "from-tomorrow", "new-to-30"])
@pytest.mark.parametrize("coded", [True, False], ids=["about_columns", "raw"])
def test_a_populations_rows_not_meeting_a_condition_are_those_worked_out_by_hand(
        rule: SaleConditions, operator: str, ref: str, expected: list[int], coded: bool) -> None:
    """``not_met`` row by row (only a condition known not to hold excludes, as in a lenient answer), on the columns
    ``about_columns`` makes, the current plans' operators and memberships read from the catalogue, and on the same
    columns given as they are (each text column coded by ``not_met`` itself)."""
    columns = eligible.about_columns(ROWS, POPULATION_PLANS) if coded else {
        **ROWS, "plan_operator": np.array(["", "", "", "op-b", "op-a", "op-b"]),
        "plan_membership": np.array(["", "", "", "", "gold", "silver"])}
    assert eligible.not_met(rule, operator, columns, 6, DAY, ref).astype(int).tolist() == expected


def test_a_populations_rows_outside_a_market_are_those_with_a_region_known_elsewhere() -> None:
    """``outside``: China's plans are not for the row in California; the United States' not for the rows in
    Shanghai and Beijing; a row with no region said is in every market."""
    for columns in (eligible.about_columns(ROWS, POPULATION_PLANS), ROWS):
        assert eligible.outside("CN", columns, 6).astype(int).tolist() == [0, 0, 0, 1, 0, 0]
        assert eligible.outside("US", columns, 6).astype(int).tolist() == [0, 1, 1, 0, 1, 0]
    assert eligible.outside("CN", {"age": ROWS["age"]}, 6).astype(int).tolist() == [0] * 6  # (no region column)


def test_a_plan_sold_in_one_province_is_left_out_of_a_person_abroad_for_its_own_region_alone() -> None:
    """``sh`` (¥30) is sold to people living in Shanghai, ``open`` (¥50) to anyone; both are op-a's, a catalogue
    without files, so sold in the home market, China.  A person in California may buy neither: ``open`` for its
    market (a region condition of China, not met), ``sh`` for its own region condition, not met, and for that one
    alone (its market's would say the same twice).  In Shanghai both are theirs, ``sh`` first at ¥30.00 (its
    condition met).  Kills eligibility._assess line 316 'lives_outside(...) and not any(code == "region" and status
    == "not_met" ...)' as 'lives_outside(...)' (mutant 356) and line 317 'status == "not_met"' as 'status !=
    "not_met"' (mutant 370): each gave ``sh`` a second region reason, living in China."""
    catalogue = Catalogue((plan("sh", 3000, SaleConditions(regions=frozenset({"CN-SH"}))), plan("open", 5000)), (),
                          "hand")
    away = answer(catalogue, about={"region": "US-CA"})
    assert shown(away) == {}
    assert left_out(away) == {
        "sh": [{"condition": "region", "status": "not_met", "ref": "sh", "regions": ["CN-SH"]}],
        "open": [{"condition": "region", "status": "not_met", "ref": "open", "regions": ["CN"]}]}
    home = answer(catalogue, about={"region": "CN-SH"})
    assert shown(home) == {"sh": (3000, [("region", {"regions": ["CN-SH"]}, "met", "sh")]), "open": (5000, [])}
    assert home.recommendations[0].plan_id == "sh" and left_out(home) == {}


def test_the_packs_a_person_may_not_buy_are_packs_only() -> None:
    """``Assessment.dropped_packs`` (the packs the engines leave out): a person aged 40 in Beijing may not buy the
    youth plan (aged 16 to 30, ¥20) nor the Shanghai pack ``k``; only ``k`` is a dropped pack, the plan is left out
    as a plan (its age condition not met), and the cheapest they may buy is ``open``, ¥50.00.  Kills
    eligibility._assess line 310 'is_pack and blocked' as 'blocked' (mutant 353: the plan's id among the dropped
    packs)."""
    catalogue = Catalogue((plan("youth", 2000, SaleConditions(age_min=16, age_max=30)), plan("open", 5000)), (
        Pack("k", "op-a", "k", 100, {"data_mb": 10 * 1024}, rule=SaleConditions(regions=frozenset({"CN-SH"}))),),
        "hand")
    profile = Profile.model_validate({"data_gb": 1, "as_of": AS_OF, "about": {"age": 40, "region": "CN-BJ"}})
    assessed = assess(catalogue, profile)
    assert assessed.dropped_packs == frozenset({"k"})
    assert [(c.code, c.params, c.status) for c in assessed.plan_blocked("youth", profile)] == [
        ("age", {"min": 16, "max": 30}, "not_met")]
    assert assessed.plan_blocked("open", profile) == ()  # (no condition of sale: nothing keeps them out)
    said = answer(catalogue, about={"age": 40, "region": "CN-BJ"})
    assert shown(said) == {"open": (5000, [])}
    assert [(e.pack_id, [dict(r.params) for r in e.reasons]) for e in said.excluded_packs] == [
        ("k", [{"condition": "region", "status": "not_met", "ref": "k", "regions": ["CN-SH"]}])]


def test_a_members_only_current_plan_adds_its_membership_to_those_said() -> None:
    """A silver member on ``gold-plan`` (¥100, gold members'), so a gold member too (the plan they are on says so),
    may buy ``silver-plan`` (¥30, silver members') and ``gold-plan``, besides ``open`` (¥50): the cheapest is
    ``silver-plan``, ¥30.00, its membership met.  Kills eligibility.about_of line 222 '(*(about.memberships or ()),
    held)' as '(*(), held)' (mutant 240: the plan's membership in place of those said, silver-plan left out and open
    the cheapest at ¥50.00)."""
    catalogue = Catalogue((plan("gold-plan", 10000, SaleConditions(members_of=frozenset({"gold"}))),
                           plan("silver-plan", 3000, SaleConditions(members_of=frozenset({"silver"}))),
                           plan("open", 5000)), (), "hand")
    said = answer(catalogue, about={"memberships": ["silver"]}, current={"plan_id": "gold-plan"})
    assert shown(said) == {
        "silver-plan": (3000, [("membership", {"memberships": ["silver"]}, "met", "silver-plan")]),
        "open": (5000, []),
        "gold-plan": (10000, [("membership", {"memberships": ["gold"]}, "met", "gold-plan")])}
    assert said.recommendations[0].plan_id == "silver-plan" and left_out(said) == {}


def test_a_pack_on_a_condition_left_unknown_is_unsure_when_lenient_and_dropped_when_strict() -> None:
    """A person who says nothing of where they live, and the Shanghai pack ``k``: lenient, they may buy it only if
    they live there (an unsure pack, not a dropped one); strict, they may not buy it (dropped), so it is no longer
    one they may buy on a condition (not unsure either).  The youth plan's age, unknown, makes it an unsure plan
    both ways.  Kills eligibility.Assessment.unsure_packs line 129 'pid not in self.dropped_packs and
    _unknown(checks)' as '_unknown(checks)' (mutant 504: k unsure and dropped at once)."""
    catalogue = Catalogue((plan("youth", 2000, SaleConditions(age_min=16, age_max=30)), plan("open", 5000)), (
        Pack("k", "op-a", "k", 100, {"data_mb": 10 * 1024}, rule=SaleConditions(regions=frozenset({"CN-SH"}))),),
        "hand")
    for strictness, dropped, unsure in (("lenient", set(), {"k"}), ("strict", {"k"}, set())):
        assessed = assess(catalogue, Profile.model_validate({"data_gb": 1, "as_of": AS_OF,
                                                             "eligibility": strictness}))
        assert (assessed.dropped_packs, assessed.unsure_packs, assessed.unsure_plans) == (dropped, unsure, {"youth"})


def test_a_plan_with_one_condition_met_and_one_unknown_rests_on_the_unknown_one() -> None:
    """``two`` (¥30) is sold to people aged 16 to 30 living in Shanghai, ``open`` (¥50) to anyone, and the pack
    ``k`` (¥1, 10 GB) on the same two conditions.  A person in Shanghai who does not say their age meets the region
    and leaves the age unknown: ``two`` is shown first, ¥30.00, "only if" aged 16 to 30, and it is not one they are
    sure to qualify for (an unsure plan, as ``k`` is an unsure pack), so the advice names the cheapest they are:
    ``open`` (#2), ¥50.00.  Kills eligibility._unknown line 169 'any(status == "unknown" ...)' as 'all(...)'
    (mutant 150: a plan with a condition met besides the unknown one read as sure, and no advice)."""
    both = SaleConditions(age_min=16, age_max=30, regions=frozenset({"CN-SH"}))
    catalogue = Catalogue((plan("two", 3000, both), plan("open", 5000)),
                          (Pack("k", "op-a", "k", 100, {"data_mb": 10 * 1024}, rule=both),), "hand")
    said = answer(catalogue, about={"region": "CN-SH"})
    assert shown(said) == {"two": (3000, [("age", {"min": 16, "max": 30}, "unknown", "two"),
                                          ("region", {"regions": ["CN-SH"]}, "met", "two")]),
                           "open": (5000, [])}
    assert said.recommendations[0].plan_id == "two"
    assert [(m.code, m.params) for m in said.advice] == [
        ("sure_best", {"plan": "open", "rank": 2, "currency": "CNY", "effective_monthly_fen": 5000})]
    assessed = assess(catalogue, Profile.model_validate({"data_gb": 1, "as_of": AS_OF, "about": {"region": "CN-SH"}}))
    assert (assessed.unsure_plans, assessed.unsure_packs) == ({"two"}, {"k"})


def test_an_age_condition_with_an_upper_bound_of_0_is_read_as_a_bound() -> None:
    """``age: {max: 0}`` is a bound a plan file may give (ages 0 to 120 each): ``baby`` (¥10) is sold to people aged 0
    at most, ``open`` (¥50) to anyone.  A person aged 40 may not buy ``baby`` (its age condition not met) and the
    cheapest they may buy is ``open``, ¥50.00; one aged 0 may, ¥10.00, its condition met.  The batch scorer reads
    it so too (``not_met``: the row aged 40 out, the row aged 0 not).  Found by mutation testing (the survivors of
    '(rule.age_max or 200)' ± 1): an answer read a maximum of 0 as none ('or 200'), showing ``baby`` to the person
    aged 40 at ¥10.00, its age 'met', where the batch left it out."""
    catalogue = Catalogue((plan("baby", 1000, SaleConditions(age_max=0)), plan("open", 5000)), (), "hand")
    forty = answer(catalogue, about={"age": 40})
    assert shown(forty) == {"open": (5000, [])}
    assert left_out(forty) == {"baby": [{"condition": "age", "status": "not_met", "ref": "baby", "min": None,
                                         "max": 0}]}
    zero = answer(catalogue, about={"age": 0})
    assert shown(zero) == {"baby": (1000, [("age", {"min": None, "max": 0}, "met", "baby")]), "open": (5000, [])}
    rows = {"age": np.array([40, 0])}
    assert eligible.not_met(SaleConditions(age_max=0), "op-a", rows, 2, DAY).tolist() == [True, False]
