"""Conditions of sale pinned on small catalogues built by hand (``recommender.eligibility`` and its population side,
``recommender.optimise.eligible``): which plans are offered, which are left out with which condition code and
params, and the cheapest the person may buy, each figure worked out by hand.  Found by mutation testing of the two
modules: each test names the mutant it kills."""

from recommender.answer import Answer, recommend
from recommender.catalogue import Catalogue, Plan, SaleConditions, Tariff
from recommender.catalogue.model import ANYONE
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
