"""What the person pays now (``answer.current``): the current plan checked, priced as a recommendation is (so the
same plan saves exactly 0), and what each recommendation saves against it, on a small catalogue whose figures are
worked out by hand.  Each test kills mutants of recommender/answer/current.py that the rest of the suite let live
(mutation testing)."""

import pytest

from recommender.answer import UnknownPlan, current_plan, recommend
from recommender.catalogue import Catalogue, Pack, Plan, Tariff
from recommender.profile import Profile


def _plan(plan_id: str, operator: str, fee_fen: int, data_gb: int, uplink_mbps: int,
          currency: str = "CNY") -> Plan:
    """``fee_fen`` a month for ``data_gb`` GB, ¥3 a started GB beyond; 1000 minutes, 100 texts, none beyond."""
    return Plan(plan_id, operator, plan_id, fee_fen, {"data_mb": Tariff(data_gb * 1024, 1024, 300),
                                                      "voice_s": Tariff(60000, 60, None), "sms": Tariff(100, 1, None)},
                1000, uplink_mbps, currency=currency)


SMALL = Catalogue((_plan("a", "op-a", 5000, 30, 100), _plan("b", "op-a", 8000, 60, 200),
                   _plan("c", "op-b", 6000, 100, 100), _plan("u", "op-b", 900, 100, 100, currency="USD")),
                  (Pack("k", "op-a", "k", 1000, {"data_mb": 10 * 1024}, max_count=3, plans=frozenset({"a"})),),
                  "hand")
"""op-a: a (¥50, 30 GB, 100 Mbps up) with k (¥10 for 10 GB, up to three), b (¥80, 60 GB, 200 Mbps up); op-b: c
(¥60, 100 GB, 100 Mbps up) and u ($9.00, priced in USD)."""


def _profile(**fields: object) -> Profile:
    """45 GB a month: on a, 30 GB + two k (50 GB) ¥50 + 2 × ¥10 = ¥70.00, below one k and 5 GB over
    (¥50 + ¥10 + 5 × ¥3 = ¥75.00) and no k and 15 GB over (¥50 + 15 × ¥3 = ¥95.00); b ¥80.00; c ¥60.00."""
    return Profile.model_validate({"data_gb": 45, **fields})


def _savings(profile: Profile) -> dict[str, tuple[str, int, str, int]]:
    answer = recommend(SMALL, profile, top_k=10)
    return {r.plan_id: (r.savings["code"], r.savings["fen"], r.savings["yuan"], r.savings["per_year_fen"])
            for r in answer.recommendations if r.savings is not None}


def test_the_current_plan_is_priced_as_a_recommendation_and_saves_nothing() -> None:
    """On a now: ¥70.00 (two k).  a is the current plan (0); c ¥70 - ¥60 = ¥10.00 saved, ¥120.00 a year; b
    ¥70 - ¥80 = -¥10.00, dearer."""
    profile = _profile(current={"plan_id": "a"})
    assert recommend(SMALL, profile).current_fen == 7000
    assert _savings(profile) == {"c": ("saves", 1000, "¥10.00", 12000), "a": ("current_plan", 0, "¥0.00", 0),
                                 "b": ("dearer", -1000, "-¥10.00", -12000)}


@pytest.mark.parametrize("bill, saved", [(5999, ("dearer", -1, "-¥0.01", -12)), (6000, ("same_price", 0, "¥0.00", 0)),
                                         (6001, ("saves", 1, "¥0.01", 12))])
def test_a_monthly_bill_is_what_is_paid_now(bill: int, saved: tuple[str, int, str, int]) -> None:
    """A bill of ¥60.00 against c's ¥60.00: the same price (0); a fen either side, dearer or a saving of a fen
    (12 fen a year)."""
    profile = _profile(current={"monthly_bill_fen": bill})
    assert recommend(SMALL, profile).current_fen == bill
    assert _savings(profile)["c"] == saved


def test_no_current_plan_or_bill_saves_nothing() -> None:
    answer = recommend(SMALL, _profile())
    assert answer.current_fen is None
    assert [r.savings for r in answer.recommendations] == [None, None, None]


def test_a_current_plan_of_an_operator_left_out_is_priced_all_the_same() -> None:
    """op-a left out: only c is ranked (¥60.00), and the current plan a, not solved with the rest, is priced alone at
    its ¥70.00 (two k): c saves ¥10.00."""
    profile = _profile(current={"plan_id": "a"}, exclude_operators=["op-a"])
    answer = recommend(SMALL, profile)
    assert [r.plan_id for r in answer.recommendations] == ["c"]
    assert answer.current_fen == 7000
    assert _savings(profile) == {"c": ("saves", 1000, "¥10.00", 12000)}


def test_a_current_plan_short_of_a_need_is_priced_for_the_usage() -> None:
    """A 150 Mbps uplink: only b (200) meets it, at ¥80.00; a (100) does not, and costs for the 45 GB what it would
    without the need, ¥70.00 (two k): b is ¥10.00 dearer."""
    profile = _profile(current={"plan_id": "a"}, needs={"min_uplink_mbps": 150})
    answer = recommend(SMALL, profile)
    assert answer.current_fen == 7000
    assert _savings(profile) == {"b": ("dearer", -1000, "-¥10.00", -12000)}


def test_a_current_plan_no_bundle_of_which_carries_the_usage_is_priced_as_it_is() -> None:
    """1200 minutes: a allows 1000 and no more, with or without the needs, so it is priced as it is, ¥50.00 plus
    15 GB over (15 × ¥3 = ¥45.00), ¥95.00, no packs.  Nothing carries 1200 minutes: nothing is ranked."""
    answer = recommend(SMALL, _profile(voice_minutes=1200, current={"plan_id": "a"}))
    assert (answer.status, answer.current_fen) == ("infeasible", 9500)


def test_an_unknown_current_plan_is_refused_naming_the_field() -> None:
    with pytest.raises(UnknownPlan) as refused:
        current_plan(SMALL, _profile(current={"plan_id": "zz"}))
    assert refused.value.reason.code == "current_plan.unknown"
    assert str(refused.value) == "current.plan_id: unknown plan 'zz'"


def test_an_unknown_current_plan_close_to_a_known_one_is_told_which() -> None:
    """'t-500' is one letter off 't-50' (difflib's ratio 2 × 4 / 9 = 0.89, above 0.8)."""
    one = Catalogue((_plan("t-50", "op-a", 5000, 30, 100),), (), "hand")
    with pytest.raises(UnknownPlan) as refused:
        current_plan(one, _profile(current={"plan_id": "t-500"}))
    assert (refused.value.reason.code, dict(refused.value.reason.params)) == (
        "current_plan.unknown.near", {"plan_id": "t-500", "near": "t-50"})
    assert str(refused.value) == "current.plan_id: unknown plan 't-500' (a typo of 't-50'?)"


def test_a_current_plan_in_another_currency_without_a_rate_is_refused() -> None:
    """u is priced in USD, the profile in CNY with no rate to it: what it costs cannot be compared."""
    with pytest.raises(UnknownPlan) as refused:
        current_plan(SMALL, _profile(current={"plan_id": "u"}))
    assert (refused.value.reason.code, dict(refused.value.reason.params)) == (
        "current_plan.other_currency", {"plan_id": "u", "plan_currency": "USD", "to": "CNY"})
    assert str(refused.value) == "current.plan_id: 'u' is priced in USD: give an exchange rate to CNY"


def test_a_current_plan_in_another_currency_with_a_rate_is_checked() -> None:
    """With 7 yuan to the dollar, u is compared: the plan is returned."""
    assert current_plan(SMALL, _profile(current={"plan_id": "u"}, exchange_rates={"USD": 7})) is SMALL.plan_index["u"]
    assert current_plan(SMALL, _profile()) is None
    assert current_plan(SMALL, _profile(current={"monthly_bill_fen": 100})) is None


def test_a_current_plan_whose_packs_cannot_be_bought_together_is_priced_as_it_is() -> None:
    """45 GB and 150 minutes on e (¥50, 30 GB and 100 minutes, nothing beyond): d (¥10, 20 GB) meets the data and v
    (¥5, 100 minutes) the minutes, but each excludes the other.  Nothing on its own rules e out, no bundle of it
    fits, with or without the needs: it is priced as it is, ¥50.00 (nothing beyond its allowances is possible, so
    nothing is billed for it); f (¥60, 100 GB, 1000 minutes) is ¥10.00 dearer."""
    e = Plan("e", "op-a", "e", 5000, {"data_mb": Tariff(30 * 1024, 1024, None), "voice_s": Tariff(6000, 60, None),
                                      "sms": Tariff(100, 1, None)}, 1000, 100)
    d = Pack("d", "op-a", "d", 1000, {"data_mb": 20 * 1024}, excludes=frozenset({"v"}))
    v = Pack("v", "op-a", "v", 500, {"voice_s": 6000}, excludes=frozenset({"d"}))
    both = Catalogue((e, _plan("f", "op-b", 6000, 100, 100)), (d, v), "hand")
    answer = recommend(both, Profile.model_validate({"data_gb": 45, "voice_minutes": 150, "current": {"plan_id": "e"}}))
    assert [(x.plan_id, [m.code for m in x.reasons]) for x in answer.excluded] == [("e", ["no_combination"])]
    assert answer.current_fen == 5000
    assert [(r.plan_id, r.savings) for r in answer.recommendations] == [
        ("f", {"code": "dearer", "fen": -1000, "yuan": "-¥10.00", "per_year_fen": -12000})]


def test_a_current_plan_not_yet_on_sale_is_refused_one_whose_sale_ended_is_kept() -> None:
    """Found by the plan-file author's test: a plan on sale from 2027 read "you pay now ¥99.00", with savings against
    it, where no one is on it yet; a plan whose sale has ended is one someone may still be on (and keep)."""
    import dataclasses
    import datetime

    from recommender.catalogue import SaleConditions

    def with_rule(rule: SaleConditions) -> Catalogue:
        return Catalogue(tuple(dataclasses.replace(p, rule=rule) if p.id == "a" else p for p in SMALL.plans),
                         SMALL.packs, f"hand-{rule.available_from}-{rule.available_until}")

    soon = with_rule(SaleConditions(available_from=datetime.date(2027, 1, 1)))
    with pytest.raises(UnknownPlan) as refused:
        recommend(soon, _profile(current={"plan_id": "a"}, as_of="2026-12-31"))
    assert (refused.value.reason.code, dict(refused.value.reason.params)) == (
        "current_plan.not_yet_sold", {"plan_id": "a", "date": "2027-01-01"})
    assert str(refused.value) == "current.plan_id: plan 'a' is on sale only from 2027-01-01: no one is on it yet"
    assert recommend(soon, _profile(current={"plan_id": "a"}, as_of="2027-01-01")).current_fen == 7000
    ended = with_rule(SaleConditions(available_until=datetime.date(2026, 1, 31)))
    kept = recommend(ended, _profile(current={"plan_id": "a"}, as_of="2026-12-31"))
    assert kept.current_fen == 7000
    # ranked for them, as a plan kept for its holders is (found by the what-if user test: the what-if sent its holders
    # elsewhere), and for no one else
    [mine] = [r for r in kept.recommendations if r.plan_id == "a"]
    assert mine.savings is not None and mine.savings["code"] == "current_plan"
    assert "a" in {e.plan_id for e in recommend(ended, _profile(as_of="2026-12-31")).excluded}
    # and no price "as a new contract" is said of it, which no one may sign up for (found in review: "as a new
    # contract … ¥209.00 a month" of a plan whose sale had ended, with a one-off fee)
    from recommender.catalogue.model import Terms

    fee = Catalogue(tuple(dataclasses.replace(p, terms=Terms(one_off_fen=24000)) if p.id == "a" else p
                          for p in ended.plans), ended.packs, "hand-ended-fee")
    for day, said in (("2026-12-31", []), ("2026-01-01", ["current_plan_settled"])):
        advice = recommend(fee, _profile(current={"plan_id": "a"}, as_of=day)).advice
        assert [m.code for m in advice if m.code.startswith("current_plan_")] == said, day


def test_a_plan_kept_for_its_holders_saves_nothing_against_a_bill() -> None:
    """a kept for its holders (``holders_only``) beside a ¥100.00 bill: its ¥70.00 is no saving to be had by switching
    (whoever may have it is on it and pays it now, and no one else may buy it): ``holders_only``, its fen the
    difference as every code's; c, sold to anyone, saves ¥40.00.  Named as the current plan, a is ``current_plan``.
    (Found by the eligibility test: Tianyi 5G 59 headed the answer "saves ¥83.00 a month compared with now".)"""
    import dataclasses

    from recommender.catalogue import SaleConditions

    kept = Catalogue(tuple(dataclasses.replace(p, rule=SaleConditions(holders_only=True)) if p.id == "a" else p
                           for p in SMALL.plans), SMALL.packs, "hand-holders")
    answer = recommend(kept, _profile(current={"monthly_bill_fen": 10000}), top_k=10)
    saved = {r.plan_id: (r.savings["code"], r.savings["fen"]) for r in answer.recommendations if r.savings}
    assert saved == {"a": ("holders_only", 3000), "b": ("saves", 2000), "c": ("saves", 4000)}
    mine = recommend(kept, _profile(current={"plan_id": "a"}), top_k=10)
    assert {r.plan_id: r.savings["code"] for r in mine.recommendations if r.savings}["a"] == "current_plan"


def test_a_plan_kept_says_its_pack_s_installation_fee_is_taken_as_paid() -> None:
    """a kept for its holders, with f (broadband, ¥30 a month, a ¥200 installation fee) for 45 GB and broadband: a
    kept plan is priced as by someone on it (``objective.staying``: its packs' installation fees paid), ¥50 + ¥30 +
    15 GB × ¥3 = ¥125.00, and its card now says the fee is taken as paid (found by the contract-horizon test: the
    ¥200.00 went unsaid on a plan kept for its holders, and named on every other plan's card); c, sold to anyone,
    with f says it is due once."""
    import dataclasses

    from recommender.catalogue import SaleConditions
    from recommender.messages import render

    fibre = Pack("f", "op-a", "fibre", 3000, broadband_mbps=500, install_fen=20000)
    kept = Catalogue(tuple(dataclasses.replace(p, rule=SaleConditions(holders_only=True)) if p.id == "a" else
                           dataclasses.replace(p, operator="op-a") if p.id == "c" else p
                           for p in SMALL.plans if p.id in ("a", "c")), (fibre,), "hand-fibre")
    answer = recommend(kept, _profile(needs={"broadband": True}), top_k=10)
    said = {r.plan_id: [render(t, "en") for t in r.terms] for r in answer.recommendations}
    assert said == {"a": ["f: its ¥200.00 installation taken as paid, as by someone on this plan who has it (due "
                          "once if you do not)"],
                    "c": ["f: ¥200.00 installation, once"]}, said
    assert {r.plan_id: r.effective_monthly_fen for r in answer.recommendations}["a"] == 12500
