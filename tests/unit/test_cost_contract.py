"""What a plan costs over a horizon (``cost.contract`` and its parts): promotions, a one-off fee, a minimum term and a
minimum monthly spend, over a usage history that repeats; every figure worked out by hand in the test."""

import pytest

from recommender.catalogue import Catalogue, Pack, Plan, Tariff
from recommender.catalogue.model import Terms
from recommender.cost import (
    Bundle,
    Contract,
    bundles_one_off,
    contract,
    contract_terms,
    horizon_charges,
    installed,
    month_bills,
    month_fee_fen,
    owed_fen,
    price_history,
    subscription_violations,
    weights,
)
from recommender.messages import Message
from recommender.profile import Profile

MB = 1024


def plan(terms: Terms | None = None) -> Plan:
    """A ¥59 plan (10 GB) with ``terms`` (none: no terms)."""
    return Plan("p", "op", "plan", 5900, {"data_mb": Tariff(10 * MB, MB, 300)}, 1000, 100, terms=terms or Terms())


def test_the_effective_monthly_price_is_the_horizon_total_per_month_rounded_half_up() -> None:
    """10 fen over 4 months: 2.5 fen a month, rounded up to 3; 9 fen: 2.25, down to 2; 11 fen: 2.75, up to 3; 8 fen:
    exactly 2; ¥1,416.00 over 24 months: ¥59.00."""
    assert [Contract(0, total, 4, 0).effective_monthly_fen for total in (10, 9, 11, 8)] == [3, 2, 3, 2]
    assert Contract(0, 141600, 24, 0).effective_monthly_fen == 5900


def test_a_promotion_covers_its_months_and_the_first_covering_one_wins() -> None:
    """Promotions ¥19 for the first 2 months, then ¥39 up to month 6 (0-based months 0-1 and 2-5), then the ¥59 fee."""
    promoted = plan(Terms(promotions=((2, 1900), (6, 3900))))
    assert [month_fee_fen(promoted, i) for i in range(8)] == [1900, 1900, 3900, 3900, 3900, 3900, 5900, 5900]
    assert [month_fee_fen(plan(), i) for i in (0, 1)] == [5900, 5900]


def test_each_history_month_is_weighed_by_the_horizon_months_that_repeat_it() -> None:
    """Three months over 7: months 1-3, 4-6 and 7 repeat them, weights 3, 2, 2; over 2 the third never comes (0);
    over 6, twice each."""
    assert weights(3, 7) == (3, 2, 2)
    assert weights(3, 2) == (1, 1, 0)
    assert weights(3, 6) == (2, 2, 2)
    assert weights(1, 5) == (5,)


def test_horizon_charges_pair_each_fee_change_with_the_months_it_falls_in() -> None:
    """¥29 for the first 3 months of a ¥59 plan (-¥30 each), a history of 2 months over 5: history month 1 is horizon
    months 0, 2, 4 (two promoted, one not), history month 2 months 1 and 3 (one of each); sorted by change."""
    promoted = plan(Terms(promotions=((3, 2900),)))
    assert horizon_charges(promoted, 2, 5) == (((-3000, 2), (0, 1)), ((-3000, 1), (0, 1)))
    assert horizon_charges(plan(), 2, 3) == (((0, 2),), ((0, 1),))


def test_without_terms_one_month_is_paid_every_month_with_the_one_off_fees_once() -> None:
    """¥59.00 a month over 24, with ¥1.00 of installation: ¥60.00 the first month (and the worst), 24 × ¥59 + ¥1 =
    ¥1,417.00 in all."""
    assert contract(plan(), [5900], 24, 100) == Contract(6000, 5900 * 24 + 100, 24, 6000)
    assert contract(plan(), [5900], 24) == Contract(5900, 5900 * 24, 24, 5900)


def test_without_terms_a_history_repeats_and_a_month_past_the_horizon_is_never_paid() -> None:
    """History ¥1.00, ¥2.00, ¥9.00 over 2 months (¥0.50 installation): months 1 and 2 are paid, ¥1.50 then ¥2.00,
    ¥3.50 in all; the ¥9.00 month falls past the horizon and is not the worst (¥2.00).  Over 4 months: ¥1, ¥2, ¥9, ¥1
    + ¥0.50 = ¥13.50, the worst ¥9.00."""
    assert contract(plan(), [100, 200, 900], 2, 50) == Contract(150, 350, 2, 200)
    assert contract(plan(), [100, 200, 900], 4, 50) == Contract(150, 1350, 4, 900)


def test_a_promotion_and_a_minimum_spend_floor_every_month() -> None:
    """¥59 plan, ¥19 for the first 2 months, at least ¥30 a month; a history of ¥59.00 and ¥65.00 (¥6 overage) over 4
    months, ¥5.00 installation.  Month 1: 5900 - 4000 = 1900, floored to 3000, + 500 = 3500; month 2: 6500 - 4000 =
    2500, floored to 3000; months 3 and 4 at the fee: 5900, 6500.  Total 3500 + 3000 + 5900 + 6500 = 18,900; the worst
    6500; ¥47.25 a month."""
    terms = plan(Terms(promotions=((2, 1900),), minimum_monthly_spend_fen=3000))
    assert month_bills(terms, [5900, 6500], 4, 500) == (3500, 3000, 5900, 6500)
    assert contract(terms, [5900, 6500], 4, 500) == Contract(3500, 18900, 4, 6500)
    assert contract(terms, [5900, 6500], 4, 500).effective_monthly_fen == 4725


def test_a_minimum_term_past_the_horizon_owes_its_remaining_months() -> None:
    """¥59 plan at ¥29 for the first 4 months, a one-off ¥10.00, a 5-month minimum term, over 3 months of ¥59.00:
    months 1-3 pay 2900 each (the first + 1000 = 3900); the term still owes month 4 (promoted, 2900) and month 5 (the
    fee, 5900): 8,800 owed, 3900 + 2900 + 2900 + 8800 = 18,500 in all; the worst bill is the owed ¥59.00 of month 5.
    With a ¥35 minimum spend every bill is floored, owed ones too: 4500 + 3500 + 3500 + (3500 + 5900) = 20,900."""
    term = Terms(promotions=((4, 2900),), one_off_fen=1000, minimum_term_months=5)
    owing = plan(term)
    assert owed_fen(owing, 3) == 2900 + 5900
    assert owed_fen(owing, 5) == 0 and owed_fen(owing, 6) == 0
    assert month_bills(owing, [5900], 3) == (3900, 2900, 2900, 2900, 5900)
    assert contract(owing, [5900], 3) == Contract(3900, 18500, 3, 5900)
    floored = plan(Terms(promotions=((4, 2900),), one_off_fen=1000, minimum_term_months=5,
                         minimum_monthly_spend_fen=3500))
    assert owed_fen(floored, 3) == 3500 + 5900
    assert month_bills(floored, [5900], 3) == (4500, 3500, 3500, 3500, 5900)
    assert contract(floored, [5900], 3) == Contract(4500, 20900, 3, 5900)


def test_with_terms_a_history_month_past_the_horizon_is_not_the_worst() -> None:
    """¥29 for the first month of a ¥59 plan, a history of ¥59.00 then ¥90.00 over 1 month: only the first is paid,
    5900 - 3000 = 2900, the worst too (the ¥90.00 month never comes)."""
    promoted = plan(Terms(promotions=((1, 2900),)))
    assert contract(promoted, [5900, 9000], 1) == Contract(2900, 2900, 1, 2900)
    assert month_bills(promoted, [5900, 9000], 1) == (2900,)


def test_a_minimum_term_the_horizon_covers_owes_nothing_more() -> None:
    """A 3-month minimum term over a 3-month horizon of ¥59.00: nothing owed past it, 3 × 5900 = 17,700, the worst
    ¥59.00 (the term ends with the horizon: no month of it is left)."""
    term = plan(Terms(minimum_term_months=3))
    assert owed_fen(term, 3) == 0
    assert month_bills(term, [5900], 3) == (5900, 5900, 5900)
    assert contract(term, [5900], 3) == Contract(5900, 17700, 3, 5900)


def test_a_minimum_spend_without_a_promotion_floors_the_cheaper_months() -> None:
    """At least ¥60 a month, no promotion, a history of ¥59.00 and ¥65.00 over 3 months: 6000 (floored), 6500, 6000
    (floored), 18,500 in all, the worst 6500."""
    floored = plan(Terms(minimum_monthly_spend_fen=6000))
    assert month_bills(floored, [5900, 6500], 3) == (6000, 6500, 6000)
    assert contract(floored, [5900, 6500], 3) == Contract(6000, 18500, 3, 6500)


FIBRE = Pack("fibre", "op", "fibre", 2000, broadband_mbps=1000, install_fen=12000)
ROUTER = Pack("router", "op", "router", 500, install_fen=3000)
DATA = Pack("data", "op", "data", 1000, {"data_mb": 5 * MB}, max_count=2, subscription=True)
VOICE = Pack("voice", "op", "voice", 800, {"voice_s": 100 * 60}, subscription=True)
TERMS = Terms(promotions=((3, 2900), (6, 3900)), one_off_fen=1000, minimum_term_months=12,
              minimum_monthly_spend_fen=3000)
CATALOGUE = Catalogue((plan(TERMS), Plan("q", "op", "plain", 5900, {"data_mb": Tariff(10 * MB, MB, 300)}, 1000, 100)),
                      (FIBRE, ROUTER, DATA, VOICE))


def said(messages: list[Message]) -> list[tuple[str, dict[str, object]]]:
    return [(m.code, dict(m.params)) for m in messages]


def test_the_terms_said_are_the_plans_and_each_installation_bought_once() -> None:
    """¥29 for months 1-3, then ¥39 for months 4-6, a ¥10.00 one-off fee, the fibre bought in both months and the
    router in the second (each installation once, in the order first bought; the data pack has none, a count of 0 buys
    nothing), a 12-month term and a ¥30.00 minimum spend: in that order.  The plain plan, no packs: nothing."""
    plan_p = CATALOGUE.plan_index["p"]
    bundles = [Bundle("p", (("fibre", 1), ("data", 1))), Bundle("p", (("router", 1), ("fibre", 1), ("voice", 0)))]
    assert said(contract_terms(CATALOGUE, plan_p, bundles)) == [
        ("term.promotion", {"months": 3, "fee_fen": 2900, "currency": "CNY", "first": 1}),
        ("term.promotion", {"months": 6, "fee_fen": 3900, "currency": "CNY", "first": 4}),
        ("term.one_off", {"fee_fen": 1000, "currency": "CNY"}),
        ("term.installation", {"pack": "fibre", "fee_fen": 12000, "currency": "CNY"}),
        ("term.installation", {"pack": "router", "fee_fen": 3000, "currency": "CNY"}),
        ("term.minimum_term", {"months": 12}),
        ("term.minimum_spend", {"fee_fen": 3000, "currency": "CNY"})]
    assert installed(CATALOGUE, bundles) == [FIBRE, ROUTER]
    assert bundles_one_off(CATALOGUE, bundles) == 12000 + 3000
    assert bundles_one_off(CATALOGUE, [Bundle("p", (("router", 0), ("data", 2)))]) == 0
    assert contract_terms(CATALOGUE, CATALOGUE.plan_index["q"], [Bundle("q")]) == []
    # the fibre bought in the second month only (the first without packs): its installation is said all the same
    assert said(contract_terms(CATALOGUE, CATALOGUE.plan_index["q"], [Bundle("q"), Bundle("q", (("fibre", 1),))])) \
        == [("term.installation", {"pack": "fibre", "fee_fen": 12000, "currency": "CNY"})]


def test_a_subscription_pack_is_kept_in_the_same_count_every_month() -> None:
    """The data and voice packs are subscriptions, the fibre not: data 1 then 2, or 1 then none, changes (said once,
    the packs in id order: data before voice); the same count each month, or the fibre changing, does not."""
    def changes(*months: tuple[tuple[str, int], ...]) -> list[tuple[str, dict[str, object]]]:
        return said(subscription_violations(CATALOGUE, [Bundle("q", packs) for packs in months]))

    assert changes((("data", 1),), (("data", 2),)) == [("subscription_changes", {"pack": "data"})]
    assert changes((("data", 1),), ()) == [("subscription_changes", {"pack": "data"})]
    assert changes((("voice", 1), ("data", 1)), ()) == [("subscription_changes", {"pack": "data"}),
                                                        ("subscription_changes", {"pack": "voice"})]
    assert changes((("data", 2), ("fibre", 1)), (("data", 2),), (("data", 2),)) == []


def test_a_history_is_priced_month_by_month_with_each_installation_paid_once() -> None:
    """The plain ¥59 plan (10 GB, ¥3 a GB over), 12 GB then 5 GB, the fibre (¥20, ¥120 installation) both months,
    over 4 months: month 1 5900 + 2000 + 2 × 300 = 8,500, month 2 5900 + 2000 = 7,900; the history repeats twice:
    2 × 8500 + 2 × 7900 + 12000 = 44,800, the first (and worst) month 8500 + 12000 = 20,500.  One month of 12 GB
    over 24: 24 × 8500 + 12000 = 216,000.  Dropping the data subscription in month 2 breaks the history's rules."""
    months = Profile.model_validate({"months": [{"data_gb": 12}, {"data_gb": 5}], "horizon_months": 4})
    fibre = Bundle("q", (("fibre", 1),))
    history = price_history(CATALOGUE, months, [fibre, fibre])
    assert [m.total_fen for m in history.months] == [8500, 7900] and history.total_fen == 16400
    assert history.contract == Contract(20500, 44800, 4, 20500)
    assert history.violations == () and history.meets_needs
    one = price_history(CATALOGUE, Profile.model_validate({"data_gb": 12}), [fibre])
    assert one.contract == Contract(20500, 216000, 24, 20500) and one.total_fen == 8500
    dropped = price_history(CATALOGUE, months, [Bundle("q", (("data", 1),)), Bundle("q")])
    assert said(list(dropped.violations)) == [("subscription_changes", {"pack": "data"})]
    assert not dropped.meets_needs
    for wrong in ([fibre], [fibre, Bundle("p")], [fibre, fibre, fibre]):
        with pytest.raises(ValueError, match="one bundle per usage month"):
            price_history(CATALOGUE, months, wrong)
