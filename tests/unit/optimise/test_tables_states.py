"""The tables engine (``optimise.tables``) on small catalogues built by hand: the states of the packs the
variants enumerate (``_states``), the cheapest partition (``CompiledPlan.cheapest``), the scalar lookup
(``Partition.value``) and the rest of what the earlier pinned tests (``test_tables_pinned``) did not reach.
Each test states its cheapest total worked out by hand, and checks the tables agree with CP-SAT on it.

From the second mutation run of ``optimise/tables.py``: each test names the mutant(s) it kills.
"""

from recommender.catalogue import Catalogue, Pack, Plan, Tariff
from recommender.catalogue.model import ExtraLines
from recommender.cost import CAPABILITIES, Bundle
from recommender.optimise.tables import MONTHLY, NO_CAPS, Compiled, _count_variants
from recommender.profile import Profile
from tests.unit.optimise.test_tables_pinned import tables_month, tariffs

GB = 1024


def test_a_day_pass_is_bought_once_for_a_one_day_need_beside_a_monthly_pack_for_a_longer_one() -> None:
    """Plan p: ¥50, 10 GB, 1000 Mbps down and 100 up.  Pack day: ¥3 a day, 300 Mbps up and 2000 down, no
    allowance, up to 30 days; pack up: ¥10 a month, 300 Mbps up.  Needing 300 up on 6 days and 2000 down on
    1 day: up for the uplink and one day of day for the downlink, ¥50 + ¥10 + ¥3 = ¥63.00, cheaper than six
    days of day (¥50 + 6 × ¥3 = ¥68.00).  Below the first cut (6 days) a per-day pack adding nothing is still
    worth buying for a speed a need of one day uses (``_states``: ``low``; the households QA case).

    Kills tables.py line 290 (_states) 'any(pack.daily and d == 1 ...)' as 'all' (mutant 149)."""
    plan = Plan("p", "op", "p", 5000, tariffs(Tariff(10 * GB, GB, 300)), 1000, 100)
    day = Pack("day", "op", "day", 300, {}, downlink_mbps=2000, uplink_mbps=300, max_count=30, billing="per_day")
    up = Pack("up", "op", "up", 1000, {}, uplink_mbps=300)
    catalogue = Catalogue((plan,), (day, up), "t")
    profile = Profile.model_validate({"data_gb": 5, "needs": {"min_uplink_mbps": 300, "uplink_days": 6,
                                                              "min_downlink_mbps": 2000, "downlink_days": 1}})
    total, bundle = tables_month(catalogue, profile)
    assert total == 5000 + 1000 + 300
    assert bundle == Bundle("p", (("day", 1), ("up", 1)))


def test_a_day_pack_needed_for_a_speed_may_still_be_bought_on_every_day_it_is_sold() -> None:
    """Plan p: ¥10, no data, ¥10 a started GB, 100 Mbps up.  Pack day: ¥1 a day, 1 GB and 300 Mbps up, up to
    3 days.  Needing 300 up on 2 days and 4 GB: all three days of day and 1 GB of overage,
    ¥10 + 3 × ¥1 + ¥10 = ¥23.00 (two days and 2 GB of overage would be ¥32.00; a fourth day is not sold).
    The state of a per-day pack cut at a need's days leaves its further units free up to its ``max_count``
    (``_states``: ``ends`` and ``hi - 1 - lo``), no further.

    Kills tables.py line 293 (_states) '[*cuts, pack.max_count + 1]' as '+ 0', '+ 2', '- 1' (mutants 176,
    177, 167) and line 294 '0 if _unlimited(pack) else hi - 1 - lo' as '0 if True' (mutant 178)."""
    plan = Plan("p", "op", "p", 1000, tariffs(Tariff(0, GB, 1000)), 1000, 100)
    day = Pack("day", "op", "day", 100, {"data_mb": GB}, uplink_mbps=300, max_count=3, billing="per_day")
    catalogue = Catalogue((plan,), (day,), "t")
    profile = Profile.model_validate({"data_gb": 4, "needs": {"min_uplink_mbps": 300, "uplink_days": 2}})
    total, bundle = tables_month(catalogue, profile)
    assert total == 1000 + 3 * 100 + 1000
    assert bundle == Bundle("p", (("day", 3),))


def test_a_day_pack_adding_nothing_is_enumerated_only_on_as_many_days_as_a_need_lasts() -> None:
    """Plan p: ¥50, 10 GB, 100 Mbps up; pack day: ¥3 a day, 300 Mbps up, no allowance, up to 30 days.  For an
    uplink need of 5 days the variants are two: day absent, and day on 5 days or more (on fewer it gives no
    speed and adds nothing: never worth a variant).  For a need of 1 day, again two: absent, and on 1 day or
    more (one day is no cut: any day meets it).  Both answer ¥50 + 5 × ¥3 = ¥65.00 and ¥50 + ¥3 = ¥53.00.

    Kills tables.py line 290 (_states) 'pack.daily and d == 1 and cap.pack_level(pack)' as 'or' (mutant 164)
    and 'd == 1' as '!=' (mutant 175), and line 284 '1 < d <= pack.max_count' as '1 <= d' (mutant 171)."""
    plan = Plan("p", "op", "p", 5000, tariffs(Tariff(10 * GB, GB, 300)), 1000, 100)
    day = Pack("day", "op", "day", 300, {}, uplink_mbps=300, max_count=30, billing="per_day")
    catalogue = Catalogue((plan,), (day,), "t")
    compiled = Compiled(catalogue).plans["p"]
    needed = frozenset({"min_uplink_mbps"})
    for days, total in ((5, 5000 + 5 * 300), (1, 5000 + 300)):
        days_key = tuple(days if cap.name == "min_uplink_mbps" else None for cap in CAPABILITIES)
        variants = compiled.variants_for(days_key, needed)
        assert variants is not None
        assert sorted(v.positions for v in variants) == [(), ((0, days),)]
        profile = Profile.model_validate({"data_gb": 5, "needs": {"min_uplink_mbps": 300, "uplink_days": days}})
        assert tables_month(catalogue, profile) == (total, Bundle("p", (("day", days),)))


def test_a_day_pack_adding_nothing_is_cut_at_the_days_of_each_need_it_meets() -> None:
    """Plan p: ¥50, 10 GB, 1000 Mbps down and 100 up; pack day: ¥3 a day, 300 Mbps up and 2000 down, no
    allowance, up to 30 days.  Needing 300 up on 3 days and 2000 down on 5: the variants are day absent, on 3
    days or more (the uplink met), on 5 or more (both met); the answer buys 5 days, ¥50 + 5 × ¥3 = ¥65.00.

    Kills tables.py line 293 (_states) '[*cuts[1:], pack.max_count + 1]' as 'cuts[2:]' (mutant 189: the
    states' ends one short of their starts)."""
    plan = Plan("p", "op", "p", 5000, tariffs(Tariff(10 * GB, GB, 300)), 1000, 100)
    day = Pack("day", "op", "day", 300, {}, downlink_mbps=2000, uplink_mbps=300, max_count=30, billing="per_day")
    catalogue = Catalogue((plan,), (day,), "t")
    needed = frozenset({"min_uplink_mbps", "min_downlink_mbps"})
    days_key = tuple({"min_uplink_mbps": 3, "min_downlink_mbps": 5}.get(cap.name) for cap in CAPABILITIES)
    variants = Compiled(catalogue).plans["p"].variants_for(days_key, needed)
    assert variants is not None
    assert sorted(v.positions for v in variants) == [(), ((0, 3),), ((0, 5),)]
    profile = Profile.model_validate({"data_gb": 5, "needs": {"min_uplink_mbps": 300, "uplink_days": 3,
                                                              "min_downlink_mbps": 2000, "downlink_days": 5}})
    assert tables_month(catalogue, profile) == (5000 + 5 * 300, Bundle("p", (("day", 5),)))



def test_the_plans_app_data_covers_the_app_usage_before_the_shortfall() -> None:
    """Plan p: ¥50, 10 GB of general data and 5 GB for video apps, ¥3 a started GB; pack gb5: 5 GB for ¥10,
    once.  20 GB, 8 of them video: the app data covers 5 GB of the video, 15 GB are general data, 5 GB over
    the 10: gb5, ¥50 + ¥10 = ¥60.00 (without the app data, 10 GB over: gb5 and 5 × ¥3, ¥75.00).

    Kills tables.py line 1091 (CompiledPlan.cheapest) 'if self.plan.app_data and len(demand) > len(METERS)'
    forced False (mutant 606)."""
    plan = Plan("p", "op", "p", 5000, tariffs(Tariff(10 * GB, GB, 300)), 1000, 100,
                app_data=((frozenset({"video"}), 5 * GB),))
    catalogue = Catalogue((plan,), (Pack("gb5", "op", "gb5", 1000, {"data_mb": 5 * GB}),), "t")
    profile = Profile.model_validate({"data_gb": 20, "app_share": {"video": 8}})
    assert tables_month(catalogue, profile) == (5000 + 1000, Bundle("p", (("gb5", 1),)))


def test_a_households_extra_line_fee_is_part_of_each_months_total() -> None:
    """Plan p: ¥50, 10 GB shared, ¥3 a started GB, up to 2 extra lines at ¥10 each adding 2 GB to the pool;
    pack gb10: 10 GB for ¥15, once.  A holder using 20 GB and one extra line using 6 GB: 26 GB on a pool of
    12 GB, 14 GB over; gb10 and 4 GB of overage (¥15 + ¥12 = ¥27, less than 14 × ¥3 = ¥42):
    ¥50 + ¥10 (the extra line) + ¥15 + 4 × ¥3 = ¥87.00.

    Kills tables.py line 1106 (CompiledPlan.cheapest) 'self.plan.fee_fen + fixed' as '-' (mutant 646: the
    extra lines' fees taken off, on a plan without installation fees)."""
    plan = Plan("p", "op", "p", 5000, tariffs(Tariff(10 * GB, GB, 300)), 1000, 100,
                extra_lines=ExtraLines(2, 1000, frozenset({"data_mb"}), {"data_mb": 2 * GB}))
    catalogue = Catalogue((plan,), (Pack("gb10", "op", "gb10", 1500, {"data_mb": 10 * GB}),), "t")
    profile = Profile.model_validate({"lines": [{"data_gb": 20}, {"data_gb": 6}]})
    assert tables_month(catalogue, profile) == (5000 + 1000 + 1500 + 4 * 300, Bundle("p", (("gb10", 1),)))


def test_a_voice_shortfall_of_one_minute_and_one_far_past_the_packs() -> None:
    """Plan p: ¥50, 10 GB, 100 minutes, ¥0.10 a started minute; pack v100: 100 minutes for ¥5, once (so the
    voice table runs 0..100 minutes short, and one period past).  101 minutes: 1 minute over, ¥0.10 of
    overage rather than v100: ¥50.10, no pack.  400 minutes: 300 over, v100 and 200 minutes of overage,
    ¥50 + ¥5 + 200 × ¥0.10 = ¥75.00 (overage alone: ¥30).  (``Partition.value``'s other meters: the table at
    the shortfall, and past the table a period's rate per period.)

    Kills tables.py line 635 (Partition.value) 'values[need if need > 0 else 0]' as 'need > 1' (mutant 413)
    and line 639 'k = (need - capacity) // period' as '+ capacity' (mutant 412)."""
    plan = Plan("p", "op", "p", 5000, tariffs(Tariff(10 * GB, GB, 300)), 1000, 100)
    catalogue = Catalogue((plan,), (Pack("v100", "op", "v100", 500, {"voice_s": 6000}),), "t")
    one = Profile.model_validate({"data_gb": 5, "voice_minutes": 101})
    assert tables_month(catalogue, one) == (5000 + 10, Bundle("p"))
    far = Profile.model_validate({"data_gb": 5, "voice_minutes": 400})
    assert tables_month(catalogue, far) == (5000 + 500 + 200 * 10, Bundle("p", (("v100", 1),)))


def test_trips_priced_one_by_one_count_on_a_plan_with_an_installation_fee() -> None:
    """Plan p: ¥50, 10 GB, a roaming pool of 1 GB and 60 minutes (no roaming overage but by zone), Europe at
    ¥30 a started GB; pack fibre: 10 GB for ¥10 after a ¥20 installation fee (so the plan's cheapest is
    weighed fee by fee, ``_cheapest_by_fee``).  5 GB at home and 3 GB in Europe: 2 GB past the pool,
    2 × ¥30 = ¥60, and fibre is not worth buying: ¥50 + ¥60 = ¥110.00, the plan alone.

    Kills tables.py line 1154 (CompiledPlan._cheapest_by_fee) 'candidate.value(short) if trips is None else
    candidate.value(short) + trips(candidate)' forced to its first branch (mutant 692) and '+ trips' as
    '- trips' (mutant 701)."""
    roaming = {"roaming_data_mb": Tariff(GB, GB, None), "roaming_voice_s": Tariff(3600, 60, None)}
    plan = Plan("p", "op", "p", 5000, {**tariffs(Tariff(10 * GB, GB, 500)), **roaming}, 1000, 100,
                zone_rates={"europe": (3000, 200)})
    fibre = Pack("fibre", "op", "fibre", 1000, {"data_mb": 10 * GB}, install_fen=2000)
    catalogue = Catalogue((plan,), (fibre,), "t")
    assert Compiled(catalogue).plans["p"].may_install
    profile = Profile.model_validate({"data_gb": 5, "needs": {"roaming": [{"zone": "europe", "data_gb": 3}]}})
    assert tables_month(catalogue, profile) == (5000 + 2 * 3000, Bundle("p"))


def test_packs_excluding_one_another_are_counted_up_to_one_past_the_most() -> None:
    """Packs a (5 GB, ¥10) and b (8 GB, ¥12), a excluding b (so both are enumerated): the variants are neither,
    a, b (not both), 3.  ``_count_variants`` counts them, and with at most 1 allowed stops at 1 + 1 = 2 (more
    than the most: the plan is CP-SAT's), at most 2 at 3; on plan p (¥50, 10 GB, ¥3 a started GB) 16 GB is
    6 GB over: none ¥18, a ¥10 + 1 GB × ¥3 = ¥13, b ¥12: ¥50 + ¥12 = ¥62.00 with b.

    Kills tables.py line 426 (_count_variants) 'min(_allowed_count(...), most + 1 - count)' as 'most - 1'
    and 'most + 0' (mutants 247, 248: too many variants counted as fitting)."""
    plan = Plan("p", "op", "p", 5000, tariffs(Tariff(10 * GB, GB, 300)), 1000, 100)
    a = Pack("a", "op", "a", 1000, {"data_mb": 5 * GB}, excludes=frozenset({"b"}))
    b = Pack("b", "op", "b", 1200, {"data_mb": 8 * GB})
    catalogue = Catalogue((plan,), (a, b), "t")
    assert len(Compiled(catalogue).plans["p"].variants or ()) == 3
    assert [_count_variants((a, b), MONTHLY, NO_CAPS, most) for most in (1, 2, 3, 100)] == [2, 3, 3, 3]
    assert tables_month(catalogue, Profile.model_validate({"data_gb": 16})) == (5000 + 1200, Bundle("p", (("b", 1),)))



def test_a_free_pack_is_bought_no_more_than_its_most() -> None:
    """Plan p: ¥10, no data, ¥10 a started GB; packs gb1 (1 GB for ¥1, once) and gb5 (5 GB for ¥20, once): the
    data table runs to 6 GB.  2 GB: gb1 and 1 GB of overage, ¥10 + ¥1 + ¥10 = ¥21.00 (gb5 alone ¥30.00; a
    second gb1, ¥12.00, is not sold).

    Kills tables.py line 124 (MeterTable.__init__) 'range(1, most + 1)' as 'most + 2' (mutant 32)."""
    plan = Plan("p", "op", "p", 1000, tariffs(Tariff(0, GB, 1000)), 1000, 100)
    catalogue = Catalogue((plan,), (Pack("gb1", "op", "gb1", 100, {"data_mb": GB}),
                                    Pack("gb5", "op", "gb5", 2000, {"data_mb": 5 * GB})), "t")
    total, bundle = tables_month(catalogue, Profile.model_validate({"data_gb": 2}))
    assert total == 1000 + 100 + 1000
    assert bundle == Bundle("p", (("gb1", 1),))
