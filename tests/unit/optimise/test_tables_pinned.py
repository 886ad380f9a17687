"""The tables engine (``optimise.tables``) on small catalogues built by hand, at the shapes the random
catalogues of the agreement tests rarely reach: each test states its cheapest total worked out by hand,
and checks the tables agree with CP-SAT on it.

From the mutation run of ``optimise/tables.py``: each test names the mutant it kills.
"""

import numpy as np

from recommender.answer import recommend
from recommender.catalogue import METERS, Catalogue, Pack, Plan, Tariff
from recommender.catalogue.model import DayPass
from recommender.cost import Bundle
from recommender.optimise import cpsat
from recommender.optimise.tables import NO_NEEDS, Compiled, fold_many
from recommender.profile import Profile

GB = 1024


def tariffs(data: Tariff) -> dict[str, Tariff]:
    """A plan's tariffs: ``data`` as given, voice and SMS plenty (nobody here is short of them)."""
    return {"data_mb": data, "voice_s": Tariff(6000, 60, 10), "sms": Tariff(100, 1, 10)}


def tables_month(catalogue: Catalogue, profile: Profile, plan_id: str = "p") -> tuple[int, Bundle]:
    """The plan's one-month total and bundle from the tables (which must answer it), checked against CP-SAT."""
    compiled = Compiled(catalogue)
    plan = catalogue.plan_index[plan_id]
    assert compiled.tabled(plan, profile)
    (choice,) = compiled.solve(profile, [plan]).choices
    ((bundle, total),) = choice.months
    (other,) = [c for c in cpsat.solve(catalogue, profile, [plan]).choices if c.plan_id == plan_id]
    assert other.months == choice.months
    return total, bundle


def test_a_shortfall_of_capacity_and_one_period_is_decoded_at_the_last_row() -> None:
    """Plan p: ¥10, no data included, ¥3 a started GB; pack gb: 1 GB for ¥2, once.  The data table (grain
    1 GB) holds the shortfalls 0 and 1 (capacity 1 GB, one period past it); 2 GB short reads row 1 and one
    period of overage: ¥10 + ¥2 (gb) + ¥3 (the second GB) = ¥15.00, with gb bought.  The bundle is decoded
    from the same row (``MeterTable._fold``: a shortfall of capacity + period folds back one period).

    Kills tables.py line 175 (MeterTable._fold) 'short < self.capacity + self.period' as '<='."""
    plan = Plan("p", "op", "p", 1000, tariffs(Tariff(0, GB, 300)), 1000, 100)
    catalogue = Catalogue((plan,), (Pack("gb", "op", "gb", 200, {"data_mb": GB}),), "t")
    total, bundle = tables_month(catalogue, Profile.model_validate({"data_gb": 2}))
    assert total == 1000 + 200 + 300
    assert bundle == Bundle("p", (("gb", 1),))


def test_overage_past_a_full_speed_stretch_is_not_possible_without_throttling() -> None:
    """Plan p: ¥50, 10 GB, ¥3 a started GB for 5 GB past it (full speed), then nothing more (the person does
    not accept throttling); pack gb5: 5 GB for ¥20, once.  17 GB is 7 GB over: 7 GB of overage (¥21) passes
    the 5 GB stretch, so gb5 is bought and 2 GB are overage: ¥50 + ¥20 + 2 × ¥3 = ¥76.00 (not ¥71.00).
    The overage table applies the stretch's limit (``MeterTable._overage``: a rule with a limit is the
    general path, not one rate).

    Kills tables.py line 194 (MeterTable._overage) 'rule.limit is None' as 'is not None'."""
    data = Tariff(10 * GB, GB, 300, 1, (), None, 5 * GB)
    plan = Plan("p", "op", "p", 5000, tariffs(data), 1000, 100, throttle_kbps=1000)
    catalogue = Catalogue((plan,), (Pack("gb5", "op", "gb5", 2000, {"data_mb": 5 * GB}),), "t")
    total, bundle = tables_month(catalogue, Profile.model_validate({"data_gb": 17, "allow_throttling": False}))
    assert total == 5000 + 2000 + 2 * 300
    assert bundle == Bundle("p", (("gb5", 1),))


def test_a_variant_of_a_smaller_table_pays_overage_past_its_table_in_a_partition() -> None:
    """Plan p: ¥10, no data, ¥1 a started GB; pack g20: 20 GB for ¥30, in a group (so a variant of its own,
    in one partition with the plan alone: their data tables merge up to 20 GB).  10 GB: the plan alone pays
    10 × ¥1 = ¥10 of overage, past its own table (one row, nothing free to buy), less than g20's ¥30:
    ¥10 + ¥10 = ¥20.00, no pack (``MeterTable.value_many`` goes on by the rate past the table).

    Kills tables.py line 206 (MeterTable.value_many) 'if self.rate_fen is None' forced True (mutant 87)."""
    plan = Plan("p", "op", "p", 1000, tariffs(Tariff(0, GB, 100)), 1000, 100)
    catalogue = Catalogue((plan,), (Pack("g20", "op", "g20", 3000, {"data_mb": 20 * GB}, group="g"),), "t")
    total, bundle = tables_month(catalogue, Profile.model_validate({"data_gb": 10}))
    assert total == 1000 + 10 * 100
    assert bundle == Bundle("p")


def test_rows_scored_at_once_are_each_row_scored_alone() -> None:
    """``Partition.values`` (rows at once, ``fold_many``) at data shortfalls below the allowance, inside
    the table and past it are ``Partition.value``'s, as ``fen × W + packs`` (W = 1 + 1 pack at most = 2).
    Plan p: no data included, ¥3 a started GB; pack gb: 1 GB for ¥2, once (the table: 0 and 1 GB short).
    -2 and 0 GB short: 0; 1: gb, 2 × ¥2 + 1 = 401; 2: gb and 1 GB of overage, 401 + 2 × ¥3 = 1001;
    5: gb and 4 GB, 401 + 4 × 600 = 2801.  And ``fold_many`` by hand: capacity 4, unit 2: -3 → row 0,
    5 → row 5 (inside the table: it stops a unit past capacity), 9 → row 5 and two units past it.

    Kills tables.py line 540 (fold_many) 'short = np.maximum(short, 0)' deleted (mutant 323)."""
    index, units = fold_many(np.array([-3, 0, 5, 9]), 4, 2)
    assert index.tolist() == [0, 0, 5, 5] and units.tolist() == [0, 0, 0, 2]
    plan = Plan("p", "op", "p", 1000, tariffs(Tariff(0, GB, 300)), 1000, 100)
    catalogue = Catalogue((plan,), (Pack("gb", "op", "gb", 200, {"data_mb": GB}),), "t")
    compiled = Compiled(catalogue).plans["p"]
    assert compiled.weight == 2
    (partition,) = compiled.structure(NO_NEEDS, False)
    data = [-2, 0, 1, 2, 5]
    expected = [0, 0, 401, 1001, 2801]
    rows = partition.values({"data_mb": np.array(data)}, {})
    assert rows.tolist() == expected
    assert [partition.value({**dict.fromkeys(METERS, -1), "data_mb": d}) for d in data] == expected


def roaming_plan() -> Plan:
    """Plan p: ¥50, 10 GB, a roaming pool of 1 GB and 60 minutes (no roaming overage but by zone), Europe at ¥30
    a started GB and ¥2 a minute, a day pass for Asia (¥25 a day): trips are priced one by one."""
    roaming = {"roaming_data_mb": Tariff(GB, GB, None), "roaming_voice_s": Tariff(3600, 60, None)}
    return Plan("p", "op", "p", 5000, {**tariffs(Tariff(10 * GB, GB, 500)), **roaming}, 1000, 100,
                day_pass=DayPass(2500, 600, 600, frozenset({"asia"})), zone_rates={"europe": (3000, 200)})


def test_a_free_roaming_pack_bought_once_leaves_trips_priced_one_by_one_to_cp_sat() -> None:
    """Plan p: ¥50, 10 GB, a roaming pool of 1 GB (no roaming overage but by zone), Europe at ¥30 a started
    GB, a day pass for Asia; pack roam-gb: 2 GB of roaming data for ¥20, once, in no group (a free pack:
    how many are bought would change the pool, so the tables cannot price the trips partition by partition).
    5 GB at home and 3 GB in Europe: without the pack 2 GB past the pool cost 2 × ¥30 = ¥60; with it the pool
    (3 GB) covers the trip: ¥50 + ¥20 = ¥70.00 with roam-gb, CP-SAT's answer (the tables would say ¥110).

    Kills tables.py line 265 (_roaming_fixed) '_coupled(...) and (pack.max_count == 1 or ...)' as 'or'
    (mutant 131)."""
    plan = roaming_plan()
    catalogue = Catalogue((plan,), (Pack("roam-gb", "op", "roam-gb", 2000, {"roaming_data_mb": 2 * GB}),), "t")
    assert not Compiled(catalogue).plans["p"].roaming_fixed
    profile = Profile.model_validate({"data_gb": 5, "needs": {"roaming": [{"zone": "europe", "data_gb": 3}]}})
    answer = recommend(catalogue, profile, top_k=1)
    assert answer.engine == "cp-sat"
    (shown,) = answer.recommendations
    assert shown.total_fen == 5000 + 2000 and [(p["id"], p["count"]) for p in shown.packs] == [("roam-gb", 1)]


def test_a_pack_meeting_two_speed_needs_is_designated_once() -> None:
    """Plan p: ¥50, 100 Mbps up, 1000 down; pack both: ¥10 a month, 300 Mbps up and 2000 down, adding
    nothing.  Needing 300 up and 2000 down, each need takes both or none: (none, none), (none, both),
    (both, none), (both, both) are two sets of packs, so two variants (the plan alone, the plan with both),
    not four.  The answer: ¥50 + ¥10 = ¥60.00 with both.

    Kills tables.py line 503 (_designated) 'if key not in seen' forced True (mutant 296)."""
    from recommender.optimise.tables import MONTHLY, _count_variants

    plan = Plan("p", "op", "p", 5000, tariffs(Tariff(10 * GB, GB, 300)), 1000, 100)
    both = Pack("both", "op", "both", 1000, {}, downlink_mbps=2000, uplink_mbps=300)
    catalogue = Catalogue((plan,), (both,), "t")
    needed = frozenset({"min_uplink_mbps", "min_downlink_mbps"})
    assert len(Compiled(catalogue).plans["p"].variants_for(MONTHLY, needed) or ()) == 2
    assert _count_variants((both,), MONTHLY, needed, 100) == 2
    profile = Profile.model_validate({"data_gb": 5, "needs": {"min_uplink_mbps": 300, "min_downlink_mbps": 2000}})
    total, bundle = tables_month(catalogue, profile)
    assert total == 5000 + 1000 and bundle == Bundle("p", (("both", 1),))


def test_a_day_pack_bought_on_fewer_days_than_a_need_gives_no_speed() -> None:
    """Plan p: ¥50, 10 GB, no uplink to speak of (0 Mbps); pack up1: ¥1 a day, 1 Mbps up and 1 GB of data,
    up to 30 days.  Needing 1 Mbps up on 5 days: one day of up1 (bought for its data, or cheaply) gives no
    speed on the other four, so five days: ¥50 + 5 × ¥1 = ¥55.00 with up1 × 5 (``_level``: a per-day pack
    bought on fewer days than a need lasts has level 0, below any need, however small).

    Kills tables.py line 305 (_level) 'else 0' as 'else 1' (mutant 217)."""
    plan = Plan("p", "op", "p", 5000, tariffs(Tariff(10 * GB, GB, 300)), 1000, 0)
    up1 = Pack("up1", "op", "up1", 100, {"data_mb": GB}, uplink_mbps=1, max_count=30, billing="per_day")
    catalogue = Catalogue((plan,), (up1,), "t")
    profile = Profile.model_validate({"data_gb": 5, "needs": {"min_uplink_mbps": 1, "uplink_days": 5}})
    total, bundle = tables_month(catalogue, profile)
    assert total == 5000 + 5 * 100 and bundle == Bundle("p", (("up1", 5),))


def test_a_roaming_pack_in_a_group_bought_once_keeps_trips_on_the_tables() -> None:
    """``roaming_plan`` with roam-gb in a group (so each variant has it or not: the pool is known per
    partition): the tables answer the trip, and as before 3 GB in Europe is covered by the pack,
    ¥50 + ¥20 = ¥70.00 (¥110.00 without it: 2 × ¥30 past the 1 GB pool).

    Kills tables.py line 265 (_roaming_fixed) 'pack.max_count == 1 or _unlimited(pack)' as 'and' (mutant 134)."""
    pack = Pack("roam-gb", "op", "roam-gb", 2000, {"roaming_data_mb": 2 * GB}, group="roaming")
    catalogue = Catalogue((roaming_plan(),), (pack,), "t")
    profile = Profile.model_validate({"data_gb": 5, "needs": {"roaming": [{"zone": "europe", "data_gb": 3}]}})
    assert Compiled(catalogue).plans["p"].left_to_cpsat() is None
    answer = recommend(catalogue, profile, top_k=1)
    assert answer.engine == "tables"
    (shown,) = answer.recommendations
    assert shown.total_fen == 5000 + 2000 and [(p["id"], p["count"]) for p in shown.packs] == [("roam-gb", 1)]
    total, bundle = tables_month(catalogue, profile)
    assert total == 5000 + 2000 and bundle == Bundle("p", (("roam-gb", 1),))


def test_the_free_packs_of_one_meter_are_decoded_from_what_the_later_ones_leave() -> None:
    """Plan p: ¥10, no data, ¥10 a started GB; packs gb1 (1 GB for ¥2, up to 3) and gb5 (5 GB for ¥6, once),
    both free packs of the data table.  6 GB: gb5 and one gb1, ¥10 + ¥6 + ¥2 = ¥18.00 (three gb1 and 3 GB of
    overage would be ¥36 more than the plan).  Decoding reads gb5 first (the table's last pack) and gb1 at
    the 1 GB gb5 leaves, not at 6 GB (where gb1 alone would be bought three times).

    Kills tables.py line 219 (MeterTable.counts) 'index = max(0, index - j * self.adds[pack.id])' deleted
    (mutant 111)."""
    plan = Plan("p", "op", "p", 1000, tariffs(Tariff(0, GB, 1000)), 1000, 100)
    catalogue = Catalogue((plan,), (Pack("gb1", "op", "gb1", 200, {"data_mb": GB}, max_count=3),
                                    Pack("gb5", "op", "gb5", 600, {"data_mb": 5 * GB})), "t")
    total, bundle = tables_month(catalogue, Profile.model_validate({"data_gb": 6}))
    assert total == 1000 + 600 + 200
    assert bundle == Bundle("p", (("gb1", 1), ("gb5", 1)))


def test_a_month_within_the_allowance_decodes_the_plan_alone_beside_a_month_buying_a_pack() -> None:
    """Plan p: ¥10, 10 GB, ¥10 a started GB; pack g1: 1 GB for ¥2, in a group (a variant of its own, in one
    partition with the plan alone: at 1 GB short the partition's cheapest is g1's).  Months of 10 GB (none
    short: the plan alone, ¥10.00) and 12 GB (2 GB short: g1 and 1 GB of overage, ¥10 + ¥2 + ¥10 = ¥22.00
    against ¥30.00 of overage): the first month's bundle is read at no shortfall, not 1 GB.

    Kills tables.py line 619 (Partition._fold) 'max(0, short)' as 'max(1, short)' (mutant 376)."""
    plan = Plan("p", "op", "p", 1000, tariffs(Tariff(10 * GB, GB, 1000)), 1000, 100)
    catalogue = Catalogue((plan,), (Pack("g1", "op", "g1", 200, {"data_mb": GB}, group="g"),), "t")
    profile = Profile.model_validate({"months": [{"data_gb": 10}, {"data_gb": 12}]})
    compiled = Compiled(catalogue)
    assert compiled.tabled(plan, profile)
    (choice,) = compiled.solve(profile, [plan]).choices
    assert choice.months == ((Bundle("p"), 1000), (Bundle("p", (("g1", 1),)), 1000 + 200 + 1000))
    (other,) = cpsat.solve(catalogue, profile, [plan]).choices
    assert other.months == choice.months
