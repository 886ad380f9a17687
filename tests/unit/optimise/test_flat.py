"""The flat lookup (``optimise/flat.py``: every plan's tables at once, for catalogues of many plans) is
``CompiledPlan.cheapest`` exactly: each plan's total, the partition it is read from, the packs decoded,
on random catalogues using every part of the tariff model and on the shipped plans repeated by province."""

import dataclasses
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from recommender.answer import recommend
from recommender.catalogue import DEFAULT_PLANS, Catalogue, load_catalogue
from recommender.catalogue.model import DayPass
from recommender.cost import roaming_priced
from recommender.optimise import Ranked, tables
from recommender.optimise.tables import NO_NEEDS, Compiled
from recommender.profile import Profile
from recommender.usage import billed
from tests.strategies import catalogues, profiles

EXAMPLES = int(os.environ.get("PROPERTY_EXAMPLES", "150"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@contextmanager
def flat_from(plans: int) -> Iterator[None]:
    """``Compiled.solve`` looks plans up all at once from ``plans`` plans up (at most 10**9: never)."""
    kept = tables.FLAT_MIN
    tables.FLAT_MIN = plans
    try:
        yield
    finally:
        tables.FLAT_MIN = kept


def decoded(ranked: Ranked) -> list[tuple[object, ...]]:
    return [(c.plan_id, c.month_totals, c.one_off_fen, c.bundles) for c in ranked.choices]


@SETTINGS
@given(catalogues(tariffs=True), profiles(tariffs=True))
def test_the_flat_lookup_is_the_loop(catalogue: Catalogue, profile: Profile) -> None:
    compiled = Compiled(catalogue)
    plans = [plan for plan in catalogue.plans if compiled.tabled(plan, profile)]
    with flat_from(1):
        flat = compiled.solve(profile, plans, checked=True)
        found = compiled._flat_choices(profile, plans)
    with flat_from(10**9):
        loop = Compiled(catalogue).solve(profile, plans, checked=True)
    assert decoded(flat) == decoded(loop)
    for plan_id, choice in found.items():  # each plan the flat lookup answered, against cheapest itself
        plan = catalogue.plan_index[plan_id]
        (demand,) = billed(profile, plan)
        month = compiled.plans[plan_id].cheapest(profile, demand, profile.wants.levels, one_month=True)
        assert (choice is None) == (month is None)
        if choice is not None and month is not None:
            assert choice.month_totals == (month.total,)
            bundle = compiled.plans[plan_id].bundle(month.partition, month.short)
            assert choice.bundles == (bundle,)
            assert month.packs == bundle.pack_count  # (none: the choice is the plan alone, not decoded)


@SETTINGS
@given(catalogues(tariffs=True), profiles(tariffs=True))
def test_tabled_each_is_tabled_plan_by_plan(catalogue: Catalogue, profile: Profile) -> None:
    """``Compiled.tabled_each`` (the planner's: the profile's part of the first test read once) is ``tabled``."""
    compiled = Compiled(catalogue)
    assert compiled.tabled_each(catalogue.plans, profile) == [compiled.tabled(p, profile) for p in catalogue.plans]


@SETTINGS
@given(catalogues(tariffs=True), profiles(tariffs=True))
def test_no_shortfall_reads_a_partition_below_its_floor(catalogue: Catalogue, profile: Profile) -> None:
    """``Partition.floor``: ``CompiledPlan.cheapest`` reads no partition whose floor is no less than a total found
    before it, so no shortfall may read one less (the profile's, none, past every table's end, each meter alone)."""
    compiled = Compiled(catalogue)
    for plan in catalogue.plans:
        table = compiled.plans[plan.id]
        structure = table.structure_of(profile, profile.wants.levels)
        if not compiled.tabled(plan, profile) or structure is None:
            continue
        for demand in billed(profile, plan):
            short = table.shortfall(demand)
            shorts = [short, dict.fromkeys(short, 0), {m: 7 * abs(s) + 10**6 for m, s in short.items()},
                      *({**dict.fromkeys(short, 0), m: s} for m, s in short.items())]
            for partition in table.structure(*structure):
                assert all(partition.floor <= partition.value(s) for s in shorts)


def test_the_flat_lookup_answers_every_plan_it_can() -> None:
    """On the shipped plans, a one-line month without trips: every plan on the tables whose packs have no
    installation fee is looked up flat (the loop answers none of them)."""
    catalogue = load_catalogue(DEFAULT_PLANS)
    compiled = Compiled(catalogue)
    profile = Profile.model_validate({"data_gb": 45, "voice_minutes": 300, "needs": {"min_uplink_mbps": 300}})
    plans = [plan for plan in catalogue.plans if compiled.tabled(plan, profile)]
    expected = {plan.id for plan in plans if not compiled.plans[plan.id].may_install}
    with flat_from(1):
        assert set(compiled._flat_choices(profile, plans)) == expected
    assert len(expected) >= 10


def test_a_trip_priced_as_the_months_usage_is_looked_up_flat() -> None:
    """A one-line month with a trip: every plan on the tables is looked up flat but those pricing the trip trip by
    trip (a day pass or zone rate covers it: ``cheapest``'s loop), and a month with a trip of its own is the loop's
    (its view prices it); each as the loop finds it (before, any trip sent every plan to the loop)."""
    base = load_catalogue(DEFAULT_PLANS)
    passes = {"cm-5ga-199": DayPass(2500, 1024, 600, frozenset({"asia"})), "cu-5g-59": DayPass(3000, 512, 0)}
    catalogue = Catalogue(tuple(dataclasses.replace(p, day_pass=passes.get(p.id)) for p in base.plans), base.packs,
                          "passes")
    compiled = Compiled(catalogue)
    for trip, priced in (({"data_gb": 5, "voice_minutes": 60}, {"cu-5g-59"}),
                         ({"data_gb": 1, "zone": "asia", "days": 3}, {"cm-5ga-199", "cu-5g-59"}),
                         ({"data_gb": 1, "zone": "europe"}, {"cu-5g-59"})):
        profile = Profile.model_validate({"data_gb": 20, "voice_minutes": 90, "needs": {"roaming": trip}})
        plans = [plan for plan in catalogue.plans if compiled.tabled(plan, profile)]
        by_trip = {plan.id for plan in plans if compiled.plans[plan.id].by_trip and roaming_priced(plan, profile)}
        assert by_trip == priced
        expected = {plan.id for plan in plans if not compiled.plans[plan.id].may_install} - by_trip
        with flat_from(1):
            found = compiled._flat_choices(profile, plans)
            flat = compiled.solve(profile, plans, checked=True)
        assert set(found) == expected and len(expected) >= 8
        with flat_from(10**9):
            assert decoded(flat) == decoded(Compiled(catalogue).solve(profile, plans, checked=True))
    own = Profile.model_validate({"months": [{"data_gb": 20, "roaming": {"data_gb": 5}}]})
    with flat_from(1):
        assert compiled._flat_choices(own, catalogue.plans) == {}


def provinces(copies: int) -> Catalogue:
    """The shipped plans and packs repeated ``copies`` times (ids suffixed; each copy's packs on its plans)."""
    base = load_catalogue(DEFAULT_PLANS)
    plans, packs = [], []
    for copy in range(copies):
        def own(ids: frozenset[str], suffix: str = f"-{copy}") -> frozenset[str]:
            return frozenset(i + suffix for i in ids)
        plans += [dataclasses.replace(p, id=f"{p.id}-{copy}", fee_fen=p.fee_fen + 100 * copy) for p in base.plans]
        for pack in base.packs:
            allowed = pack.plans if pack.plans is not None else frozenset(
                p.id for p in base.plans if p.operator == pack.operator)
            packs.append(dataclasses.replace(pack, id=f"{pack.id}-{copy}", plans=own(allowed),
                                             free_with=own(pack.free_with), excludes=own(pack.excludes)))
    return Catalogue(tuple(plans), tuple(packs), "provinces")


def test_answers_on_many_plans_are_the_same_with_the_flat_lookup() -> None:
    """Above ``FLAT_MIN`` plans the answer document is the loop's, for needs, throttling and other billing."""
    catalogue = provinces(5)
    assert len(catalogue.plans) >= tables.FLAT_MIN
    asked = [Profile.model_validate(fields) for fields in (
        {"data_gb": 45, "voice_minutes": 80, "budget_fen": 12000},
        {"data_gb": 300, "voice_minutes": 2000, "sms": 50, "allow_throttling": True},
        {"data_gb": "12.5", "needs": {"min_uplink_mbps": 300, "min_downlink_mbps": 1000}},
        {"data_gb": 80, "needs": {"satellite": True, "broadband": True}},
        {"data_gb": 20, "needs": {"roaming": [{"data_gb": 5, "voice_minutes": 60}, {"zone": "europe", "days": 4}]}},
        {"months": [{"data_gb": 70, "voice_minutes": 500, "sms": 0}]},
        # the needs above again with other usage: what the lookup kept of the plans for them (``_FlatPart``) holds
        {"data_gb": 3, "voice_minutes": 900, "sms": 5, "allow_throttling": True},
        {"data_gb": 150, "voice_minutes": 10, "needs": {"min_uplink_mbps": 300, "min_downlink_mbps": 1000}},
        {"data_gb": 2, "needs": {"satellite": True, "broadband": True}})]
    for profile in asked:
        flat = recommend(catalogue, profile.model_copy(deep=True), top_k=10).document(catalogue)
        assert catalogue.__dict__["_compiled"].flat().partitions  # (looked up flat)
        with flat_from(10**9):
            fresh = dataclasses.replace(catalogue)
            loop = recommend(fresh, profile.model_copy(deep=True), top_k=10).document(fresh)
        assert json.dumps(flat, sort_keys=True, default=str) == json.dumps(loop, sort_keys=True, default=str)


def test_equal_partitions_are_chosen_as_the_loop_chooses_the_first() -> None:
    """Two packs at the same price adding the same data, one with minutes and one with messages: variants in
    different partitions, equal for a profile short of data only.  ``cheapest`` keeps the first least
    partition; so does the flat lookup, and the packs shown are the same."""
    from recommender.catalogue import Pack, Plan, Tariff

    tariffs = {"data_mb": Tariff(10 * 1024, 1024, 1000), "voice_s": Tariff(6000, 60, 10), "sms": Tariff(0, 1, 10)}
    plan = Plan("p", "china-mobile", "p", 5000, tariffs, 1000, 100)
    voice = Pack("a-voice", "china-mobile", "a", 1000, {"data_mb": 5 * 1024, "voice_s": 6000})
    sms = Pack("b-sms", "china-mobile", "b", 1000, {"data_mb": 5 * 1024, "sms": 100})
    for packs in ((voice, sms), (sms, voice)):
        catalogue = Catalogue((plan,), packs, "ties")
        compiled = Compiled(catalogue)
        profile = Profile.model_validate({"data_gb": 14})
        (demand,) = billed(profile, plan)
        month = compiled.plans["p"].cheapest(profile, demand, profile.wants.levels, True)
        assert month is not None
        total, partition, short, _ = month
        with flat_from(1):
            (choice,) = compiled.solve(profile, [plan]).choices
        assert choice.month_totals == (total,) == (5000 + 1000,)
        assert choice.bundles == (compiled.plans["p"].bundle(partition, short),)
        assert len(compiled.plans["p"].structure(NO_NEEDS, False)) == 4  # none, a, b, both: apart


def test_requests_for_other_plans_reuse_the_rows() -> None:
    """The rows of a plan and structure are added once: a request weighing other plans (another operator,
    other conditions of sale) or the same ones in another order reads them again, nothing is rebuilt."""
    catalogue = provinces(5)
    compiled = Compiled(catalogue)
    profile = Profile.model_validate({"data_gb": 45, "voice_minutes": 300})
    plans = [plan for plan in catalogue.plans if compiled.tabled(plan, profile)]
    whole = compiled.solve(profile, plans, checked=True)
    flat = compiled.flat()
    rows, arrays = len(flat.partitions), flat._arrays
    for asked in (plans[::-1], plans[: tables.FLAT_MIN], [p for p in plans if p.operator != "china-mobile"]):
        ids = {plan.id for plan in asked}
        again = compiled.solve(profile, asked, checked=True)
        assert {row[0]: row for row in decoded(again)} == {row[0]: row for row in decoded(whole) if row[0] in ids}
        assert len(flat.partitions) == rows and flat._arrays is arrays


def test_warm_makes_the_rows_of_plain_and_one_need_profiles() -> None:
    """``planner.warm`` (before a server forks) makes the flat rows and arrays of each plan's own tables and of
    every one-need profile's: such a request adds none and makes no arrays (20-30 ms on 360 plans)."""
    from recommender.optimise import planner

    catalogue = provinces(5)
    planner.warm(catalogue)
    flat = planner.compiled(catalogue).flat()
    rows, arrays = len(flat.partitions), flat._arrays
    assert arrays is not None and rows > len(catalogue.plans)
    for needs in ({}, {"min_uplink_mbps": 300}, {"min_downlink_mbps": 3000}, {"satellite": True}):
        recommend(catalogue, Profile.model_validate({"data_gb": 30, "needs": needs}), top_k=10)
        assert len(flat.partitions) == rows and flat._arrays is arrays


def test_rows_added_later_are_converted_alone_into_the_same_arrays() -> None:
    """Rows added after the arrays were made (another need's tables) are converted alone and appended: the
    arrays are those made from every row at once, and the answers the loop's."""
    from recommender.optimise.flat import SLOTS, _Arrays

    catalogue = provinces(2)
    compiled = Compiled(catalogue)
    with flat_from(1):
        for needs in ({}, {"min_uplink_mbps": 300}, {"satellite": True}):
            profile = Profile.model_validate({"data_gb": 30, "needs": needs})
            plans = [plan for plan in catalogue.plans if compiled.tabled(plan, profile)]
            flat = compiled.solve(profile, plans, checked=True)
            with flat_from(10**9):
                assert decoded(flat) == decoded(Compiled(catalogue).solve(profile, plans, checked=True))
    store = compiled.flat()
    made, whole = store._arrays, _Arrays(None, store._columns, [{} for _ in SLOTS], store._plan_rows)
    assert made is not None and made.rows == whole.rows == len(store.partitions) > 3 * len(catalogue.plans)
    for slot, fresh in zip(made.slots, whole.slots, strict=True):
        for name in ("values", "offset", "capacity", "period", "rate", "stops", "fixed"):
            assert getattr(slot, name).tolist() == getattr(fresh, name).tolist(), name


def test_a_cost_past_int64_is_nothing_fits_as_in_the_loop() -> None:
    """A valid plan file's highest rate (10**7 yuan a MB) and a profile's most data (10**6 GB): the overage times
    ``W`` is past int64.  ``cheapest``'s exact sum says nothing fits (past ``INF``); the flat lookup's int64
    product wrapped to a negative total, which would have ranked the plan first."""
    from recommender.catalogue import Pack, Plan, Tariff

    plan = Plan("p", "china-mobile", "p", 5000, {"data_mb": Tariff(0, 1, 10**9)}, 1000, 100)
    pack = Pack("a", "china-mobile", "a", 1000, {"data_mb": 1024}, max_count=31)
    catalogue = Catalogue((plan,), (pack,), "huge")
    profile = Profile.model_validate({"data_gb": 1_000_000})
    (demand,) = billed(profile, plan)
    assert Compiled(catalogue).plans["p"].cheapest(profile, demand, profile.wants.levels, True) is None
    with flat_from(1):
        assert Compiled(catalogue).solve(profile, [plan]).choices == ()


def test_structures_are_built_outside_the_store_lock(monkeypatch: pytest.MonkeyPatch) -> None:
    """A structure (0.1-0.4 s near ``MAX_VARIANTS``) is built before the flat store's lock is taken: under it,
    every other thread's rows and snapshot (a request whose rows are all known, but another thread added
    some since the arrays were made) would wait for it."""
    from recommender.optimise.tables import CompiledPlan

    catalogue = provinces(1)
    compiled = Compiled(catalogue)
    flat = compiled.flat()
    built = CompiledPlan.structure
    held = []

    def structure(self: CompiledPlan, *args: Any) -> object:
        held.append(flat._lock.locked())
        return built(self, *args)

    monkeypatch.setattr(CompiledPlan, "structure", structure)
    profile = Profile.model_validate({"data_gb": 30, "needs": {"min_uplink_mbps": 300}})
    plans = [plan for plan in catalogue.plans if compiled.tabled(plan, profile)]
    with flat_from(1):
        compiled.solve(profile, plans, checked=True)
    assert held and not any(held)


def test_views_share_the_rows_and_the_cache_pickles_the_store_empty() -> None:
    """A ``without_packs`` view (the packs a person may not buy dropped) reads the rows of its plans that keep
    their packs from the catalogue's store, adding only those of plans that lost one; a warmed catalogue
    pickles (``catalogue.cache``) with an empty store and answers the same once loaded."""
    import io

    from recommender.catalogue import cache
    from recommender.optimise import planner

    catalogue = provinces(2)
    planner.warm(catalogue)
    store = planner.compiled(catalogue).flat()
    rows = len(store.partitions)
    dropped = catalogue.packs[0]
    view = catalogue.without_packs(frozenset({dropped.id}))
    assert planner.compiled(view).flat() is store
    profile = Profile.model_validate({"data_gb": 30})
    answer = recommend(view, profile.model_copy(deep=True), top_k=10)
    losers = {plan.id for plan in catalogue.plans if dropped.fits(plan)}
    assert 0 < len(store.partitions) - rows <= 8 * len(losers)  # only the plans that lost the pack
    buffer = io.BytesIO()  # as ``catalogue.cache`` writes and reads it
    cache._pickle(catalogue, buffer)
    buffer.seek(0)
    loaded = cache._unpickled(buffer)
    assert isinstance(loaded, Catalogue)
    assert not planner.compiled(loaded).flat().partitions
    again = recommend(loaded, profile.model_copy(deep=True), top_k=10)
    assert again.document(loaded) == recommend(catalogue, profile.model_copy(deep=True), top_k=10).document(catalogue)
    assert answer.recommendations


def test_a_lookup_is_kept_for_its_rows_and_holds_after_rows_are_added() -> None:
    """What ``Flat.cheapest`` reads of the arrays for a set of rows is read once (``_Lookup``) and holds when rows
    are added to the arrays later (another need's tables): the answers are still the loop's, for any demand."""
    catalogue = provinces(2)
    compiled = Compiled(catalogue)
    asked = [{"data_gb": 30}, {"data_gb": 0, "voice_minutes": 0, "sms": 0}, {"data_gb": 500, "voice_minutes": 3000},
             {"data_gb": 30, "needs": {"min_uplink_mbps": 300}}, {"data_gb": 2, "sms": 400}]
    with flat_from(1):
        for data in asked:
            profile = Profile.model_validate(data)
            plans = [plan for plan in catalogue.plans if compiled.tabled(plan, profile)]
            found = compiled.solve(profile, plans, checked=True)
            with flat_from(10**9):
                assert decoded(found) == decoded(Compiled(catalogue).solve(profile, plans, checked=True)), data
    store = compiled.flat()
    kept = dict(store._lookups)
    assert kept and store._arrays is not None
    with flat_from(1):
        for data in asked:
            profile = Profile.model_validate(data)
            found = compiled.solve(profile, catalogue.plans)
            with flat_from(10**9):
                assert decoded(found) == decoded(Compiled(catalogue).solve(profile, catalogue.plans)), data
    assert store._lookups == kept  # (the same lookups, none made again)
