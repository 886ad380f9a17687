"""CP-SAT (``recommender.optimise.cpsat``) pinned on small catalogues built by hand, each figure worked out by hand.

Each case is one the mutation run of ``cpsat.py`` found no test failing for (its fast stage: the unit tests that run
the engine, the property tests at five examples each): a constraint of the model left out, a rule of the contract
read wrong.  Each is answered by ``cpsat.solve`` on its own (no hints) and checked against the enumerator
(``exhaustive.solve``), which prices the same bundles with the cost model."""

from collections.abc import Mapping

import pytest
from ortools.sat.python import cp_model
from ortools.sat.python.cp_model_helper import CpSolverStatus

from recommender.catalogue import Catalogue, Pack, Plan, Tariff
from recommender.catalogue.model import ExtraLines, Terms
from recommender.optimise import Choice, cpsat, exhaustive
from recommender.profile import Profile

GB = 1024
VIDEO = frozenset({"video"})


def answer(plan: Plan, packs: tuple[Pack, ...], fields: Mapping[str, object]) -> Choice | None:
    """CP-SAT's choice on ``plan`` with ``packs`` (None: nothing fits), proved, and the enumerator's alike: the same
    month totals, one-off fees and number of packs."""
    catalogue = Catalogue((plan,), packs, "t")
    profile = Profile.model_validate(fields)
    found = cpsat.solve(catalogue, profile, [plan])
    oracle = exhaustive.solve(catalogue, profile, [plan])
    assert found.proved
    assert [(c.month_totals, c.one_off_fen, c.pack_count) for c in found.choices] == [
        (c.month_totals, c.one_off_fen, c.pack_count) for c in oracle.choices]
    return found.choices[0] if found.choices else None


def bought(choice: Choice | None) -> list[tuple[tuple[str, int], ...]]:
    """The packs of each month's bundle."""
    assert choice is not None
    return [bundle.packs for bundle, _ in choice.months]


def test_at_most_one_pack_of_a_group() -> None:
    """Two 5 GB packs at ¥10 in one group ("g": at most one of them) on a ¥10 plan of 1 GB, ¥10 a started GB beyond.
    11 GB: one pack and 5 GB over, ¥10 + ¥10 + 5 × ¥10 = ¥70.00 (both packs, ¥30.00, may not be bought together).
    Kills ``_pack_vars``'s group constraint left out."""
    p = Plan("p", "op", "p", 1000, {"data_mb": Tariff(GB, GB, 1000)}, 100, 100)
    g1, g2 = (Pack(name, "op", name, 1000, {"data_mb": 5 * GB}, group="g") for name in ("g1", "g2"))
    choice = answer(p, (g1, g2), {"data_gb": 11})
    assert choice is not None and choice.month_totals == (1000 + 1000 + 5 * 1000,)
    assert [len(packs) for packs in bought(choice)] == [1]


def test_a_pack_that_excludes_another_is_no_twin_of_one_that_does_not() -> None:
    """Packs a and b are alike (5 GB, ¥2) but a excludes the ¥1 "vip" pack, the only one bringing the required
    benefit: vip and b, ¥10 + ¥1 + ¥2 = ¥13.00 for 6 GB on a plan of 1 GB (¥3 a GB beyond).  Were a and b twins
    (bought in order, a at least as many as b), b would bring a, and vip with 5 GB over cost ¥10 + ¥1 + ¥15 = ¥26.00.
    Kills ``_twin_key``'s ``if pack.group or pack.excludes or pack.subscription`` forced False (or left out)."""
    p = Plan("p", "op", "p", 1000, {"data_mb": Tariff(GB, GB, 300)}, 100, 100)
    vip = Pack("vip", "op", "vip", 100, benefits=frozenset({"video-vip"}))
    a = Pack("a", "op", "a", 200, {"data_mb": 5 * GB}, excludes=frozenset({"vip"}))
    b = Pack("b", "op", "b", 200, {"data_mb": 5 * GB})
    choice = answer(p, (a, b, vip), {"data_gb": 6, "benefits_required": ["video-vip"]})
    assert choice is not None and choice.month_totals == (1000 + 100 + 200,)
    assert bought(choice) == [(("b", 1), ("vip", 1))]


def test_app_data_of_two_allowances_covers_a_category_once() -> None:
    """The plan's 10 GB for video and a ¥1 pack's 10 GB for video, 21 GB of which 10 GB video: the plan's covers the
    video, 11 GB are general, 10 GB beyond the 1 GB included at ¥10 = ¥100 + ¥10 = ¥110.00; the pack covers nothing
    more (video's 10 GB are covered once), so it is not bought.  Kills ``_general``'s per-category limit (the flows
    into a category at most its usage) left out: both allowances would cover video, 20 GB of 21, for ¥11.00."""
    p = Plan("p", "op", "p", 1000, {"data_mb": Tariff(GB, GB, 1000)}, 100, 100, app_data=((VIDEO, 10 * GB),))
    video = Pack("video", "op", "video", 100, app_data=((VIDEO, 10 * GB),))
    choice = answer(p, (video,), {"data_gb": 21, "app_share": {"video": 10}})
    assert choice is not None and choice.month_totals == (1000 + 10 * 1000,)
    assert bought(choice) == [()]


def test_tiers_are_filled_in_order_even_when_the_later_is_cheaper() -> None:
    """Data beyond 1 GB at ¥5 a GB for the first 2 GB, ¥1 a GB after; a 3 GB pack at ¥9.  6 GB: 5 GB over, 2 × ¥5 +
    3 × ¥1 = ¥13, ¥10 + ¥13 = ¥23.00; with the pack 2 GB over fill the first tier, 2 × ¥5 + ¥9 = ¥19, ¥29.00, so no
    pack.  Kills ``_tiered``'s "a tier is reached only once the one before is full" left out: the pack's 2 GB over
    would go to the ¥1 tier, ¥10 + ¥2 + ¥9 = ¥21.00."""
    p = Plan("p", "op", "p", 1000, {"data_mb": Tariff(GB, GB, 500, tiers=((2, 500), (None, 100)))}, 100, 100)
    three = Pack("three", "op", "three", 900, {"data_mb": 3 * GB})
    choice = answer(p, (three,), {"data_gb": 6})
    assert choice is not None and choice.month_totals == (1000 + 2 * 500 + 3 * 100,)
    assert bought(choice) == [()]


def test_roaming_without_day_passes_or_zone_rates_is_the_plans_roaming_meter() -> None:
    """A plan with 1 GB of roaming data and ¥10 a started GB beyond it, no day pass and no zone rates: a 3 GB trip
    to Asia is billed on the meter, 2 GB over, ¥10 + 2 × ¥10 = ¥30.00.  Kills ``_month``'s ``if by_trip`` forced
    True: priced trip by trip, a trip to a zone without a rate must fit the pool, and the plan would not fit."""
    p = Plan("p", "op", "p", 1000, {"data_mb": Tariff(GB, GB, 300), "roaming_data_mb": Tariff(GB, GB, 1000)},
             100, 100)
    choice = answer(p, (), {"needs": {"roaming": [{"zone": "asia", "days": 3, "data_gb": 3}]}})
    assert choice is not None and choice.month_totals == (1000 + 2 * 1000,)


def test_the_worst_month_counts_the_months_owed_past_the_horizon() -> None:
    """The least worst month, then the least total: a plan of ¥100 a month, ¥10 for its first 2 months, 3 months
    at least; two usage months of 11 GB, a horizon of 2 (the 3rd month owed, ¥100).  1 GB included, ¥5 a GB beyond;
    a pack of 10 GB at ¥0 a month with ¥60 to install.  No pack: ¥10 + 10 × ¥5 = ¥60 a month, bills 60, 60, 100,
    worst ¥100, horizon ¥60 + ¥60 + ¥100 = ¥220.  The pack both months: bills ¥10 + ¥60 = ¥70, ¥10, ¥100, worst
    ¥100 too, horizon ¥10 + ¥10 + ¥60 + ¥100 = ¥180: the pack.  Kills ``_worst``'s bound by the months owed past
    the horizon left out: the worst would be ¥60 against ¥70, and no pack chosen.  (A month's total is at the base
    fee, ¥100, the promotion being the contract's: ``contract`` bills it ¥90 less.)"""
    terms = Terms(promotions=((2, 1000),), minimum_term_months=3)
    p = Plan("p", "op", "p", 10000, {"data_mb": Tariff(GB, GB, 500)}, 100, 100, terms=terms)
    fibre = Pack("ten", "op", "ten", 0, {"data_mb": 10 * GB}, install_fen=6000)
    choice = answer(p, (fibre,), {"months": [{"data_gb": 11}, {"data_gb": 11}], "horizon_months": 2,
                                  "objective": "worst_month"})
    assert choice is not None and choice.month_totals == (10000, 10000) and choice.one_off_fen == 6000
    assert bought(choice) == [(("ten", 1),), (("ten", 1),)]


def test_the_worst_month_is_the_first_with_its_installation_fee() -> None:
    """The least worst month first: a ¥10 plan of 1 GB, ¥5 a GB beyond; 11 GB every month over a horizon of 2.  No
    pack: bills ¥10 + 10 × ¥5 = ¥60 twice, worst ¥60 (horizon ¥120).  A 10 GB pack at ¥0 a month with ¥60 to install:
    bills ¥10 + ¥60 = ¥70 then ¥10, worst ¥70 (horizon ¥80, cheaper, but its worst month dearer): no pack.  Kills
    ``_worst``'s ``worst >= first + once`` left out: the worst would be at least the one-off fees alone, ¥60 for
    both, and the horizon total would then choose the pack."""
    p = Plan("p", "op", "p", 1000, {"data_mb": Tariff(GB, GB, 500)}, 100, 100)
    ten = Pack("ten", "op", "ten", 0, {"data_mb": 10 * GB}, install_fen=6000)
    choice = answer(p, (ten,), {"data_gb": 11, "horizon_months": 2, "objective": "worst_month"})
    assert choice is not None and choice.month_totals == (1000 + 10 * 500,) and choice.one_off_fen == 0
    assert bought(choice) == [()]
    total = answer(p, (ten,), {"data_gb": 11, "horizon_months": 2})  # the least horizon total: the pack
    assert total is not None and total.month_totals == (1000,) and total.one_off_fen == 6000


def test_a_household_with_packs_sold_per_sim_still_needs_its_broadband() -> None:
    """A household of two lines on a ¥10 plan (an extra line ¥5) of 100 Mbps up: the holder's line needs 300 Mbps up,
    met by a ¥20 pack sold per SIM, and the household needs broadband, met by a ¥30 pack: ¥10 + ¥5 + ¥20 + ¥30 =
    ¥65.00.  The speeds are met line by line (``_per_line``), the other needs the household's: kills ``_month``'s
    ``_capabilities`` call for them left out (broadband unmet, ¥35.00)."""
    p = Plan("p", "op", "p", 1000, {"data_mb": Tariff(100 * GB, GB, 300)}, 1000, 100,
             extra_lines=ExtraLines(1, 500, frozenset({"data_mb"}), {}))
    up = Pack("up300", "op", "up300", 2000, uplink_mbps=300, per_line=True)
    home = Pack("home", "op", "home", 3000, broadband_mbps=100)
    choice = answer(p, (up, home), {"lines": [{"data_gb": 1, "needs": {"min_uplink_mbps": 300}}, {"data_gb": 1}],
                                    "needs": {"broadband": True}})
    assert choice is not None and choice.month_totals == (1000 + 500 + 2000 + 3000,)
    assert bought(choice) == [(("up300", 1), ("home", 1))]


def test_the_worst_month_of_a_history_longer_than_the_horizon() -> None:
    """Three usage months and a horizon of 2: the third is never paid, and the least worst month reads the first two.
    A ¥10 plan of 1 GB, ¥5 a GB beyond, a 40 GB pack at ¥50: 1 GB, 1 GB then 41 GB; the months paid cost ¥10 each
    (worst ¥10), the third is still priced at its cheapest, the pack, ¥10 + ¥50 = ¥60.00 (40 GB over would cost
    ¥210.00).  Kills ``_worst``'s ``if slot`` forced True (a month the horizon never repeats has no charges: its
    dearest change, ``slot[-1]``, does not exist)."""
    p = Plan("p", "op", "p", 1000, {"data_mb": Tariff(GB, GB, 500)}, 100, 100)
    forty = Pack("forty", "op", "forty", 5000, {"data_mb": 40 * GB})
    choice = answer(p, (forty,), {"months": [{"data_gb": 1}, {"data_gb": 1}, {"data_gb": 41}], "horizon_months": 2,
                                  "objective": "worst_month"})
    assert choice is not None and choice.month_totals == (1000, 1000, 1000 + 5000)
    assert bought(choice) == [(), (), (("forty", 1),)]


def test_a_plan_that_cannot_carry_the_households_lines_is_not_answered() -> None:
    """A household of three lines on a plan of at most one extra line (¥5) is not priced at all; of two lines, ¥10 +
    ¥5 = ¥15.00.  Kills ``_household``'s ``None if any(not check.met ...)`` forced to the lines' fees (none: the plan
    would be answered at ¥10.00 for three lines)."""
    p = Plan("p", "op", "p", 1000, {"data_mb": Tariff(100 * GB, GB, 300)}, 100, 100,
             extra_lines=ExtraLines(1, 500, frozenset({"data_mb"}), {}))
    assert answer(p, (), {"lines": [{"data_gb": 1}, {"data_gb": 1}, {"data_gb": 1}]}) is None
    two = answer(p, (), {"lines": [{"data_gb": 1}, {"data_gb": 1}]})
    assert two is not None and two.month_totals == (1000 + 500,)


def test_the_budget_counts_the_months_owed_past_the_horizon() -> None:
    """The least worst month within a budget of ¥60 a month: a ¥10 plan of 1 GB (¥5 a GB beyond), 3 months at least,
    11 GB a month over a horizon of 2 (the 3rd month owed, ¥10), a 10 GB pack at ¥0 a month with ¥60 to install.  No
    pack: ¥60 a month, worst ¥60, horizon ¥60 + ¥60 + ¥10 = ¥130, ¥65 a month, over the budget (at most ¥120); the
    pack: ¥70 then ¥10, worst ¥70, horizon ¥10 + ¥10 + ¥60 + ¥10 = ¥90, within it: the pack.  Without a budget the
    least worst month is no pack's.  Kills ``_over_budget``'s constant with the owed months subtracted (no pack's
    horizon read as ¥110, within)."""
    p = Plan("p", "op", "p", 1000, {"data_mb": Tariff(GB, GB, 500)}, 100, 100, terms=Terms(minimum_term_months=3))
    ten = Pack("ten", "op", "ten", 0, {"data_mb": 10 * GB}, install_fen=6000)
    usage = {"data_gb": 11, "horizon_months": 2, "objective": "worst_month"}
    within = answer(p, (ten,), usage | {"budget_fen": 6000})
    assert within is not None and within.month_totals == (1000,) and within.one_off_fen == 6000
    worst = answer(p, (ten,), usage)
    assert worst is not None and worst.month_totals == (1000 + 10 * 500,) and worst.one_off_fen == 0


class _Cut(cp_model.CpSolver):
    """A solver whose every optimum reads as a time limit's best found (``FEASIBLE``), without timing anything."""

    def solve(self, model: cp_model.CpModel, solution_callback: cp_model.CpSolverSolutionCallback | None = None,
              ) -> CpSolverStatus:
        status = super().solve(model, solution_callback)
        return cp_model.FEASIBLE if status == cp_model.OPTIMAL else status


def test_a_stage_cut_short_keeps_its_bundle_and_says_it_is_not_proved(monkeypatch: pytest.MonkeyPatch) -> None:
    """A stage a time limit cut (the solver says ``FEASIBLE``) ends the search: its bundle is kept (here the optimum
    anyway: a ¥10 plan of 1 GB, ¥10 a GB beyond, 6 GB and a 5 GB pack at ¥20, ¥10 + ¥20 = ¥30.00) and ``proved`` is
    False.  Kills ``_run``'s ``if status != cp_model.OPTIMAL: return solver, False`` left out or forced off (the
    next stages solved, and the answer said proved)."""
    p = Plan("p", "op", "p", 1000, {"data_mb": Tariff(GB, GB, 1000)}, 100, 100)
    five = Pack("five", "op", "five", 2000, {"data_mb": 5 * GB})
    catalogue, profile = Catalogue((p,), (five,), "t"), Profile.model_validate({"data_gb": 6})
    monkeypatch.setattr(cp_model, "CpSolver", _Cut)  # (``cpsat._solver`` makes one per stage)
    found = cpsat.solve(catalogue, profile, [p])
    assert not found.proved
    assert [(c.month_totals, bought(c)) for c in found.choices] == [((1000 + 2000,), [(("five", 1),)])]


def test_app_data_may_leave_no_general_data_at_all() -> None:
    """A ¥10 plan with no data of its own, ¥10 a started GB, and a ¥5 pack of 10 GB for video; 10 GB, all video: the
    pack covers it, no general data is left, ¥10 + ¥5 = ¥15.00 (not a started GB more, ¥25.00; nor 10 GB over,
    ¥110.00).  Kills ``_general``'s general data bounded below by 1 MB instead of 0."""
    p = Plan("p", "op", "p", 1000, {"data_mb": Tariff(0, GB, 1000)}, 100, 100)
    video = Pack("video", "op", "video", 500, app_data=((VIDEO, 10 * GB),))
    choice = answer(p, (video,), {"data_gb": 10, "app_share": {"video": 10}})
    assert choice is not None and choice.month_totals == (1000 + 500,)
    assert bought(choice) == [(("video", 1),)]


def test_one_message_beyond_the_allowance_is_charged() -> None:
    """100 messages included, ¥0.10 each beyond: 101 cost ¥10 + ¥0.10 = ¥10.10, 100 cost ¥10.00.  Kills
    ``_overage``'s ``if short <= 0`` as ``<= 1`` (one unit short read as none)."""
    p = Plan("p", "op", "p", 1000, {"data_mb": Tariff(GB, GB, 300), "sms": Tariff(100, 1, 10)}, 100, 100)
    for sms, fen in ((101, 1000 + 10), (100, 1000)):
        choice = answer(p, (), {"sms": sms})
        assert choice is not None and choice.month_totals == (fen,), sms


def test_three_tiers_each_as_wide_as_its_bounds() -> None:
    """Data beyond 1 GB at ¥1 a GB up to 2 GB over, ¥2 up to 4 GB over, ¥5 after: 6 GB is 5 GB over, 2 × ¥1 + 2 × ¥2 +
    1 × ¥5 = ¥11, ¥10 + ¥11 = ¥21.00.  Kills ``_tiered``'s ``start = max(start, end)`` as ``min`` (every tier would
    start at 0: the second 4 GB wide, 2 × ¥1 + 3 × ¥2 = ¥8)."""
    p = Plan("p", "op", "p", 1000, {"data_mb": Tariff(GB, GB, 100, tiers=((2, 100), (4, 200), (None, 500)))}, 100, 100)
    choice = answer(p, (), {"data_gb": 6})
    assert choice is not None and choice.month_totals == (1000 + 2 * 100 + 2 * 200 + 500,)


def test_a_pack_may_leave_a_tier_part_full() -> None:
    """Data beyond 1 GB at ¥1 a GB for 2 GB, ¥5 after; a 1 GB pack at ¥1.  6 GB: 5 GB over, 2 × ¥1 + 3 × ¥5 = ¥17; with
    the pack 4 GB over, 2 × ¥1 + 2 × ¥5 + ¥1 = ¥13: the pack, ¥10 + ¥13 = ¥23.00, its last tier 2 GB of the 3 it would
    hold.  Kills ``_tiered``'s reach constraints from ``range(0, ...)`` (tier 0 then asks the last tier full: 4 GB
    over cannot be filled, and the pack is not bought, ¥27.00)."""
    p = Plan("p", "op", "p", 1000, {"data_mb": Tariff(GB, GB, 100, tiers=((2, 100), (None, 500)))}, 100, 100)
    one = Pack("one", "op", "one", 100, {"data_mb": GB})
    choice = answer(p, (one,), {"data_gb": 6})
    assert choice is not None and choice.month_totals == (1000 + 2 * 100 + 2 * 500 + 100,)
    assert bought(choice) == [(("one", 1),)]


def test_a_subscription_pack_is_bought_in_every_month_or_none() -> None:
    """A subscription pack (one count for every month): 5 GB at ¥20 on a ¥10 plan of 1 GB, ¥10 a GB beyond; months of
    6 GB then 1 GB.  Subscribed: ¥10 + ¥20 each month, ¥60; not: ¥10 + 5 × ¥10 = ¥60 then ¥10, ¥70: subscribed, (¥30,
    ¥30).  Kills ``_build``'s ``if len(demands) > 1`` as ``> 2`` (a two-month history's months would each choose:
    ¥30 then ¥10)."""
    p = Plan("p", "op", "p", 1000, {"data_mb": Tariff(GB, GB, 1000)}, 100, 100)
    sub = Pack("sub", "op", "sub", 2000, {"data_mb": 5 * GB}, subscription=True)
    choice = answer(p, (sub,), {"months": [{"data_gb": 6}, {"data_gb": 1}], "horizon_months": 2})
    assert choice is not None and choice.month_totals == (1000 + 2000, 1000 + 2000)
    assert bought(choice) == [(("sub", 1),), (("sub", 1),)]


def test_a_fen_less_beats_fewer_packs_even_with_every_pack_bought() -> None:
    """Messages at ¥0.01 each, none included, and a pack of 10 at ¥0.09 (one at most): 10 messages cost ¥10 + ¥0.09 =
    ¥10.09 with the pack, ¥10.10 without.  The pack count breaks ties below the fen only: its weight must outweigh
    every pack bought (here 1).  Kills ``_tie_weight``'s ``+ 1`` as ``+ 0`` (total × 1 + 1 pack ties the fen dearer
    bundle with none, and the search answered ¥10.10)."""
    p = Plan("p", "op", "p", 1000, {"data_mb": Tariff(GB, GB, 300), "sms": Tariff(0, 1, 1)}, 100, 100)
    ten = Pack("ten", "op", "ten", 9, {"sms": 10})
    choice = answer(p, (ten,), {"sms": 10})
    assert choice is not None and choice.month_totals == (1000 + 9,)
    assert bought(choice) == [(("ten", 1),)]


def test_the_budget_of_a_subscription_counts_the_months_owed() -> None:
    """The least worst month within a budget of ¥42.50 a month (at most ¥85 over a horizon of 2): a ¥10 plan of 1 GB,
    ¥5 a GB beyond, 3 months at least (the 3rd owed, ¥10); months of 11 GB and 1 GB; a subscription pack of 10 GB at
    ¥30 (every month or none).  Not subscribed: ¥60, ¥10, horizon ¥60 + ¥10 + ¥10 = ¥80, within, worst ¥60;
    subscribed: ¥40, ¥40, horizon ¥90, over, though its worst, ¥40, is less (and chosen without a budget).  Kills
    ``_over_budget``'s ``horizon + constant`` as ``horizon - constant`` (the subscription's horizon read as ¥70)."""
    p = Plan("p", "op", "p", 1000, {"data_mb": Tariff(GB, GB, 500)}, 100, 100, terms=Terms(minimum_term_months=3))
    sub = Pack("sub", "op", "sub", 3000, {"data_mb": 10 * GB}, subscription=True)
    usage = {"months": [{"data_gb": 11}, {"data_gb": 1}], "horizon_months": 2, "objective": "worst_month"}
    within = answer(p, (sub,), usage | {"budget_fen": 4250})
    assert within is not None and within.month_totals == (1000 + 10 * 500, 1000)
    worst = answer(p, (sub,), usage)
    assert worst is not None and worst.month_totals == (1000 + 3000, 1000 + 3000)


def test_the_worst_month_may_equal_the_months_owed() -> None:
    """As the test above of the months owed past the horizon (¥10 a month for 2 months, then ¥100; 3 months at least;
    11 GB a month, ¥5 a GB beyond 1 GB), the pack ¥90.01 to install: its bills ¥10 + ¥90.01 = ¥100.01 and ¥10, worst
    ¥100.01 (horizon ¥10 + ¥10 + ¥90.01 + ¥100 = ¥210.01); no pack: worst ¥100, the owed month (horizon ¥220): no
    pack.  Kills ``_worst``'s ``worst >= max(floor, owed months)`` as ``>`` (both worst ¥100.01: the pack)."""
    terms = Terms(promotions=((2, 1000),), minimum_term_months=3)
    p = Plan("p", "op", "p", 10000, {"data_mb": Tariff(GB, GB, 500)}, 100, 100, terms=terms)
    ten = Pack("ten", "op", "ten", 0, {"data_mb": 10 * GB}, install_fen=9001)
    choice = answer(p, (ten,), {"months": [{"data_gb": 11}, {"data_gb": 11}], "horizon_months": 2,
                                "objective": "worst_month"})
    assert choice is not None and choice.month_totals == (10000 + 10 * 500, 10000 + 10 * 500)
    assert choice.one_off_fen == 0


def test_two_alike_packs_each_excluded_by_another_are_no_twins() -> None:
    """Packs a and b are alike (5 GB, ¥2); the ¥1 "vip" pack, the only one bringing the required benefit, excludes a,
    and a ¥1 "other" pack excludes b: vip and b, ¥10 + ¥1 + ¥2 = ¥13.00 for 6 GB on a plan of 1 GB (¥3 a GB beyond).
    Were a and b twins (b bought only with as many of a), vip with 5 GB over would cost ¥10 + ¥1 + ¥15 = ¥26.00.
    Kills ``_plan_facts``'s ``pack.id not in excluded`` as ``in`` (the twins among excluded packs only)."""
    p = Plan("p", "op", "p", 1000, {"data_mb": Tariff(GB, GB, 300)}, 100, 100)
    vip = Pack("vip", "op", "vip", 100, benefits=frozenset({"video-vip"}), excludes=frozenset({"a"}))
    other = Pack("other", "op", "other", 100, excludes=frozenset({"b"}))
    a = Pack("a", "op", "a", 200, {"data_mb": 5 * GB})
    b = Pack("b", "op", "b", 200, {"data_mb": 5 * GB})
    choice = answer(p, (a, b, vip, other), {"data_gb": 6, "benefits_required": ["video-vip"]})
    assert choice is not None and choice.month_totals == (1000 + 100 + 200,)
    assert bought(choice) == [(("b", 1), ("vip", 1))]


def household_plan(minimum_monthly_spend_fen: int = 0) -> Plan:
    """A ¥10 plan of 100 GB shared, 100 Mbps up and 1000 Mbps down, one extra line at ¥5."""
    return Plan("p", "op", "p", 1000, {"data_mb": Tariff(100 * GB, GB, 300)}, 1000, 100,
                extra_lines=ExtraLines(1, 500, frozenset({"data_mb"}), {}),
                terms=Terms(minimum_monthly_spend_fen=minimum_monthly_spend_fen))


def test_a_pack_sold_per_sim_too_slow_for_a_line_does_not_meet_its_need() -> None:
    """A line needing 300 Mbps up: a ¥20 pack of 300 Mbps sold per SIM meets it, a ¥5 one of 200 Mbps does not:
    ¥10 + ¥5 + ¥20 = ¥35.00.  Kills ``_per_line``'s ``if pack_level < required or ...: continue`` left out or
    forced off (the 200 Mbps pack would meet it, ¥20.00)."""
    up300 = Pack("up300", "op", "up300", 2000, uplink_mbps=300, per_line=True)
    up200 = Pack("up200", "op", "up200", 500, uplink_mbps=200, per_line=True)
    choice = answer(household_plan(), (up200, up300),
                    {"lines": [{"data_gb": 1}, {"data_gb": 1, "needs": {"min_uplink_mbps": 300}}]})
    assert choice is not None and choice.month_totals == (1000 + 500 + 2000,)
    assert bought(choice) == [(("up300", 1),)]


def test_a_pack_sold_per_sim_meets_both_speeds_of_its_line_once() -> None:
    """A line needing 300 Mbps up and 2000 Mbps down: a ¥20 pack sold per SIM gives both; a ¥5 pack (for the household)
    gives 2000 Mbps down only: the ¥20 pack, ¥10 + ¥5 + ¥20 = ¥35.00.  Kills ``_per_line``'s ``if k is None`` forced
    True (a second unit variable for the same pack and line, the first then bound by nothing: the uplink met for
    free, and the ¥5 pack for the downlink, ¥20.00)."""
    both = Pack("both", "op", "both", 2000, uplink_mbps=300, downlink_mbps=2000, per_line=True)
    down = Pack("down", "op", "down", 500, downlink_mbps=2000)
    choice = answer(household_plan(), (both, down), {"lines": [
        {"data_gb": 1}, {"data_gb": 1, "needs": {"min_uplink_mbps": 300, "min_downlink_mbps": 2000}}]})
    assert choice is not None and choice.month_totals == (1000 + 500 + 2000,)
    assert bought(choice) == [(("both", 1),)]


def test_a_household_on_a_plan_with_a_minimum_spend() -> None:
    """Two lines within the allowance on the ¥10 plan (extra line ¥5) with a minimum spend of ¥5 a month: ¥15.00 a
    month, above the floor.  Kills ``_month``'s most of the base-fee part, ``plan.fee_fen + fixed_fen``, as ``-`` (the
    floor's charged variable, bounded by the month's most, ¥5, could not reach ¥15: nothing fits)."""
    choice = answer(household_plan(minimum_monthly_spend_fen=500), (),
                    {"lines": [{"data_gb": 1}, {"data_gb": 1}], "horizon_months": 2})
    assert choice is not None and choice.month_totals == (1000 + 500,)


def test_usage_equal_to_an_allowance_with_a_pack_and_no_rate_fits() -> None:
    """100 minutes included and none possible beyond (no rate), a pack of 50 minutes at ¥3 (one at most): 150 minutes
    fit with the pack, ¥10 + ¥3 = ¥13.00; 151 do not.  Kills ``_overage``'s ``added + included >= usage`` as ``>``."""
    p = Plan("p", "op", "p", 1000, {"data_mb": Tariff(GB, GB, 300), "voice_s": Tariff(100 * 60, 60, None)}, 100, 100)
    fifty = Pack("fifty", "op", "fifty", 300, {"voice_s": 50 * 60})
    choice = answer(p, (fifty,), {"voice_minutes": 150})
    assert choice is not None and choice.month_totals == (1000 + 300,)
    assert answer(p, (fifty,), {"voice_minutes": 151}) is None


def test_a_pack_may_leave_every_tier_empty() -> None:
    """Data beyond 1 GB at ¥5 a GB for 2 GB, ¥1 after; a 5 GB pack at ¥1.  6 GB: with the pack nothing is over, ¥10 +
    ¥1 = ¥11.00 (without it 2 × ¥5 + 3 × ¥1 = ¥13 over).  Kills ``_tiered``'s parts bounded below by 1 instead of 0
    (each tier would hold at least a started GB: ¥10 + ¥1 + ¥5 + ¥1 = ¥17.00 with the pack, so ¥23.00 without)."""
    p = Plan("p", "op", "p", 1000, {"data_mb": Tariff(GB, GB, 500, tiers=((2, 500), (None, 100)))}, 100, 100)
    five = Pack("five", "op", "five", 100, {"data_mb": 5 * GB})
    choice = answer(p, (five,), {"data_gb": 6})
    assert choice is not None and choice.month_totals == (1000 + 100,)
    assert bought(choice) == [(("five", 1),)]


def test_a_subscription_pack_meets_a_need_only_when_bought() -> None:
    """Two months needing 300 Mbps up on a ¥10 plan of 100 Mbps; the only pack giving it is a ¥20 subscription pack:
    ¥10 + ¥20 = ¥30.00 each month.  Kills ``_build``'s ``n >= u`` for a subscription pack left out (subscribed
    without a unit bought: the need met for ¥10.00 a month)."""
    p = Plan("p", "op", "p", 1000, {"data_mb": Tariff(100 * GB, GB, 300)}, 1000, 100)
    up = Pack("up", "op", "up", 2000, uplink_mbps=300, subscription=True)
    choice = answer(p, (up,), {"months": [{"data_gb": 1}, {"data_gb": 1}], "horizon_months": 2,
                               "needs": {"min_uplink_mbps": 300}})
    assert choice is not None and choice.month_totals == (1000 + 2000, 1000 + 2000)
    assert bought(choice) == [(("up", 1),), (("up", 1),)]


def test_the_worst_month_by_one_fen_on_the_first_bill() -> None:
    """The least worst month over a horizon of 2 on a ¥100 plan at ¥10 its first month, 1 GB, ¥5 a GB beyond; 11 GB a
    month.  No pack: bills ¥10 + ¥50 = ¥60 and ¥100 + ¥50 = ¥150, worst ¥150.00 (horizon ¥210).  A 10 GB pack at ¥0 a
    month with ¥139.99 to install: bills ¥10 + ¥139.99 = ¥149.99 and ¥100, worst ¥149.99 (horizon ¥249.99): the pack,
    by one fen.  Kills ``_worst``'s ``worst >= first + once`` as ``>`` (the pack's worst read ¥150.00, a tie the
    horizon total breaks for no pack)."""
    p = Plan("p", "op", "p", 10000, {"data_mb": Tariff(GB, GB, 500)}, 100, 100, terms=Terms(promotions=((1, 1000),)))
    ten = Pack("ten", "op", "ten", 0, {"data_mb": 10 * GB}, install_fen=13999)
    choice = answer(p, (ten,), {"data_gb": 11, "horizon_months": 2, "objective": "worst_month"})
    assert choice is not None and choice.month_totals == (10000,) and choice.one_off_fen == 13999
    total = answer(p, (ten,), {"data_gb": 11, "horizon_months": 2})
    assert total is not None and total.month_totals == (10000 + 10 * 500,) and total.one_off_fen == 0


def test_a_household_line_met_by_day_packs_not_sold_per_sim() -> None:
    """Extra line 1 needs 300 Mbps up on 3 days; a ¥20 pack sold per SIM gives it all month, a day pack of 300 Mbps for
    the household (not per SIM) at ¥1 a day, 3 at most: 3 day packs, ¥10 + ¥5 + 3 × ¥1 = ¥18.00.  Kills, in
    ``_per_line``'s branch for packs not sold per SIM: ``n >= days`` left out (¥15.00), ``meets.append(enough)``
    left out (¥35.00), ``>`` for ``>=`` (4 day packs are not sold: ¥35.00), ``1`` for ``days`` (¥16.00), the day
    pack refused when ``max_count <= days`` (¥35.00), and the monthly 'used' path forced for the day pack (KeyError)."""
    per_sim = Pack("per-sim", "op", "per-sim", 2000, uplink_mbps=300, per_line=True)
    day = Pack("day", "op", "day", 100, uplink_mbps=300, max_count=3, billing="per_day")
    choice = answer(household_plan(), (per_sim, day),
                    {"lines": [{"data_gb": 1}, {"data_gb": 1, "needs": {"min_uplink_mbps": 300, "uplink_days": 3}}]})
    assert choice is not None and choice.month_totals == (1000 + 500 + 3 * 100,)
    assert bought(choice) == [(("day", 3),)]


def test_a_household_line_no_pack_meets_does_not_fit() -> None:
    """Extra line 1 needs 500 Mbps up; the only speed pack, sold per SIM, gives 300: the plan does not fit.  Kills
    ``_per_line``'s ``add_bool_or([new_constant(False)])`` for a need nothing meets as ``True`` (¥15.00)."""
    per_sim = Pack("per-sim", "op", "per-sim", 2000, uplink_mbps=300, per_line=True)
    assert answer(household_plan(), (per_sim,),
                  {"lines": [{"data_gb": 1}, {"data_gb": 1, "needs": {"min_uplink_mbps": 500}}]}) is None


def test_roaming_by_the_megabyte_in_a_zone() -> None:
    """A plan with no roaming data of its own and Asia at ¥0.01 a started MB (a unit of 1 MB): a 1 GB trip costs
    1024 × ¥0.01 = ¥10.24, ¥10 + ¥10.24 = ¥20.24.  Kills ``_roaming``'s ``unit * units <= rest - cover + unit - 1``
    as ``<`` or with ``unit - 2`` (a unit of 1 MB leaves no room: nothing fits)."""
    p = Plan("p", "op", "p", 1000, {"data_mb": Tariff(GB, GB, 300), "roaming_data_mb": Tariff(0, 1, None)}, 100, 100,
             zone_rates={"asia": (1, None)})
    choice = answer(p, (), {"needs": {"roaming": [{"zone": "asia", "days": 2, "data_gb": 1}]}})
    assert choice is not None and choice.month_totals == (1000 + 1024,)


def test_the_worst_month_of_two_months_tied_by_a_subscription() -> None:
    """Months of 6 GB and 1 GB on a ¥10 plan of 1 GB, ¥10 a GB beyond, over a horizon of 2; a subscription pack of
    5 GB at ¥26 (every month or none), and a voice pack no one needs.  Subscribed: ¥36 and ¥36, worst ¥36, total ¥72;
    not: ¥60 and ¥10, worst ¥60, total ¥70.  The least worst month: subscribed; within a budget of ¥35 a month (at
    most ¥70): not.  Kills ``_stages``'s ``months > 1`` as ``> 2`` (no worst stage for two months: not subscribed) and
    ``any(pack.subscription ...)`` as ``all`` (months not tied, no budget stage: subscribed, over the budget)."""
    p = Plan("p", "op", "p", 1000, {"data_mb": Tariff(GB, GB, 1000)}, 100, 100)
    sub = Pack("sub", "op", "sub", 2600, {"data_mb": 5 * GB}, subscription=True)
    voice = Pack("voice", "op", "voice", 500, {"voice_s": 100 * 60})
    usage = {"months": [{"data_gb": 6}, {"data_gb": 1}], "horizon_months": 2, "objective": "worst_month"}
    worst = answer(p, (sub, voice), usage)
    assert worst is not None and worst.month_totals == (1000 + 2600, 1000 + 2600)
    within = answer(p, (sub, voice), usage | {"budget_fen": 3500})
    assert within is not None and within.month_totals == (1000 + 5 * 1000, 1000)


def test_a_rate_per_minute_charged_by_the_second_costs_nothing_when_a_pack_covers_it() -> None:
    """100 minutes included, ¥0.10 a minute charged by the second (a unit of 1 s, the rate for 60); 110 minutes: 600 s
    over cost 600 × 10 / 60 = 100 fen, ¥1.00; a 20-minute pack at ¥0.50 covers them: ¥10 + ¥0.50 = ¥10.50, nothing
    over.  Kills ``_charge``'s rounded fen bounded below by 1 instead of 0 (¥10.51)."""
    p = Plan("p", "op", "p", 1000, {"data_mb": Tariff(GB, GB, 300), "voice_s": Tariff(100 * 60, 1, 10, per=60)},
             100, 100)
    twenty = Pack("twenty", "op", "twenty", 50, {"voice_s": 20 * 60})
    choice = answer(p, (twenty,), {"voice_minutes": 110})
    assert choice is not None and choice.month_totals == (1000 + 50,)
    alone = answer(p, (), {"voice_minutes": 110})  # without the pack
    assert alone is not None and alone.month_totals == (1000 + 100,)


def test_a_rate_for_several_units_rounds_up_to_the_fen_even_at_the_most_it_may() -> None:
    """100 messages included, then 1 fen for every 3 (a unit of 1 message, the rate for 3), rounded up once a
    month: 101 messages, 1 over, cost 1 × 1 / 3 = 0.33 fen, rounded up to 1 fen (the fen reached at its furthest,
    3 × 1 = 1 + 3 - 1); 103, 3 over, exactly 1 fen; 104, 4 over, 1.33 fen, 2.  ¥10.01, ¥10.01 and ¥10.02.  Kills
    ``_charge``'s rounding bound ``per × fen <= rate × units + per - 1`` read as ``<`` (mutant 576 of the mutation
    run: every month whose fen is rounded up by per - 1 out of per cannot be billed, so nothing fits)."""
    p = Plan("p", "op", "p", 1000, {"data_mb": Tariff(GB, GB, 300), "sms": Tariff(100, 1, 1, per=3)}, 100, 100)
    for sms, fen in ((101, 1000 + 1), (103, 1000 + 1), (104, 1000 + 2)):
        choice = answer(p, (), {"sms": sms})
        assert choice is not None and choice.month_totals == (fen,), sms


def test_a_packs_app_data_may_cover_the_last_megabyte() -> None:
    """A ¥10 plan with no data of its own, ¥1 a MB, and a ¥0.50 pack of 10 GB for video; 1 MB of data in the month,
    all of it video: the pack covers it, ¥10 + ¥0.50 = ¥10.50 (not the MB over, ¥11.00).  Kills ``_general``'s
    shortcut for no general data left (``most == 0``) read as ``most == 1`` (mutant 406 of the mutation run: with
    exactly 1 MB left by the plan, the packs' app data would be ignored)."""
    p = Plan("p", "op", "p", 1000, {"data_mb": Tariff(0, 1, 100)}, 100, 100)
    video = Pack("video", "op", "video", 50, app_data=((VIDEO, 10 * GB),))
    mb = "0.0009765625"  # 1 / 1024 GB
    choice = answer(p, (video,), {"data_gb": mb, "app_share": {"video": mb}})
    assert choice is not None and choice.month_totals == (1000 + 50,)
    assert bought(choice) == [(("video", 1),)]


def test_a_household_line_met_by_day_packs_of_a_group_not_sold_per_sim() -> None:
    """As above, the day pack in a group ("g": at most one of its packs, so the model flags it as used or not): extra
    line 1 needs 300 Mbps up on 3 days, still 3 day packs, ¥10 + ¥5 + 3 × ¥1 = ¥18.00.  Kills ``_per_line``'s
    monthly 'used' path taken for a flagged day pack (``not pack.daily`` left out: one day pack met the 3 days,
    ¥16.00; rxb's mutant 569, left unpinned)."""
    per_sim = Pack("per-sim", "op", "per-sim", 2000, uplink_mbps=300, per_line=True)
    day = Pack("day", "op", "day", 100, uplink_mbps=300, max_count=3, billing="per_day", group="g")
    choice = answer(household_plan(), (per_sim, day),
                    {"lines": [{"data_gb": 1}, {"data_gb": 1, "needs": {"min_uplink_mbps": 300, "uplink_days": 3}}]})
    assert choice is not None and choice.month_totals == (1000 + 500 + 3 * 100,)
    assert bought(choice) == [(("day", 3),)]
