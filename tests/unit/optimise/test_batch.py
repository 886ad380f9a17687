"""The vectorised batch scorer gives, profile by profile, exactly the single-request answer."""

import dataclasses
import datetime
import gc
import os
import weakref
from collections.abc import Mapping
from typing import overload

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import recommender.optimise.batch as batch_module
from recommender.answer import recommend
from recommender.batch.whatif import PopulationError, Scorer, partial
from recommender.catalogue import DEFAULT_PLANS, Catalogue, Pack, Plan, Tariff, load_catalogue
from recommender.catalogue.model import UNLIMITED, DayPass, SaleConditions
from recommender.cost import meter_rule
from recommender.optimise import Ranked, eligible
from recommender.optimise.batch import (
    NONE,
    Unproved,
    _least_plan,
    _overage,
    _overage_table,
    _tied_groups,
    best_plans,
    effective_monthly,
    horizon_totals,
    plan_prices,
    plan_totals,
    row_profile,
)
from recommender.optimise.planner import compiled
from recommender.optimise.tables import INF, THROTTLE
from recommender.profile import About, Profile, RoamingNeed
from tests.strategies import catalogues, profiles

EXAMPLES = max(1, int(os.environ.get("PROPERTY_EXAMPLES", "150")) * 60 // 150)  # (60 by default)


def columns(batch: list[Profile]) -> dict[str, np.ndarray]:
    def trip(p: Profile) -> RoamingNeed:
        assert isinstance(p.needs.roaming, RoamingNeed)  # (a population row: one trip)
        return p.needs.roaming

    return {
        "data_gb": np.array([float(p.data_gb) for p in batch]),
        "voice_minutes": np.array([p.voice_minutes for p in batch]),
        "sms": np.array([p.sms for p in batch]),
        "roaming_data_gb": np.array([float(trip(p).data_gb) for p in batch]),
        "roaming_voice_minutes": np.array([trip(p).voice_minutes for p in batch]),
        "min_uplink_mbps": np.array([p.needs.min_uplink_mbps for p in batch]),
        "min_downlink_mbps": np.array([p.needs.min_downlink_mbps for p in batch]),
        "satellite": np.array([p.needs.satellite for p in batch]),
        "broadband": np.array([p.needs.broadband for p in batch]),
        "satellite_minutes": np.array([p.needs.satellite_minutes for p in batch]),
        "satellite_sms": np.array([p.needs.satellite_sms for p in batch]),
        "broadband_mbps": np.array([p.needs.broadband_mbps for p in batch]),
        "allow_throttling": np.array([p.allow_throttling for p in batch]),
        "age": np.array([p.about.age if p.about and p.about.age is not None else -1 for p in batch]),
        "region": np.array([p.about.region or "" if p.about else "" for p in batch], dtype=object),
        "customer_of": np.array([p.about.customer_of or "" if p.about else "" for p in batch], dtype=object),
    }


AS_OF = datetime.date(2025, 7, 1)


def lenient(profile: Profile) -> Profile:
    """The profile as a population row says it: one month, lenient, what the columns carry."""
    about = profile.about.model_copy(update={"memberships": None, "groups": None}) if profile.about else None
    return profile.model_copy(update={
        "budget_fen": None, "objective": "total", "horizon_months": 24, "about": about, "eligibility": "lenient",
        "as_of": AS_OF, "benefits_required": (), "benefit_values": {}})


def check(catalogue: Catalogue, batch: list[Profile]) -> None:
    """Each row's best plan and price, and every plan's monthly total and effective monthly price (with the
    installation fees its bundle pays once), as ``recommend`` gives them."""
    best, total = best_plans(catalogue, columns(batch), as_of=AS_OF)
    totals, fees = plan_prices(catalogue, columns(batch), as_of=AS_OF)
    pay = effective_monthly(horizon_totals(catalogue, totals, 24, fees))
    for i, profile in enumerate(batch):
        answer = recommend(catalogue, lenient(profile), top_k=50)
        expected = answer.recommendations[0] if answer.recommendations else None
        got = catalogue.plans[best[i]].id if best[i] != NONE else None
        assert got == (expected.plan_id if expected else None)
        assert total[i] == (expected.effective_monthly_fen if expected else NONE)
        per_plan = {r.plan_id: (r.total_fen, r.effective_monthly_fen) for r in answer.recommendations}
        for j, plan in enumerate(catalogue.plans):
            assert (totals[i, j], pay[i, j]) == per_plan.get(plan.id, (INF, INF))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogues(), st.lists(profiles(history=False), min_size=1, max_size=8))
def test_batch_equals_single_requests_on_random_catalogues(catalogue: Catalogue, batch: list[Profile]) -> None:
    check(catalogue, batch)


@st.composite
def column_profiles(draw: st.DrawFn) -> Profile:
    """One-month profiles a population's columns can say, with the satellite meters and a broadband speed."""
    profile = draw(profiles(history=False))
    needs = {"satellite_minutes": draw(st.sampled_from([0, 0, 5, 50])), "satellite_sms": draw(st.sampled_from([0, 3])),
             "broadband_mbps": draw(st.sampled_from([0, 0, 100, 500]))}
    return Profile.model_validate({**profile.model_dump(), "needs": {**profile.needs.model_dump(), **needs}})


@st.composite
def tied_catalogues(draw: st.DrawFn) -> Catalogue:
    """Random catalogues of the tariff model where every operator has a twin: the same plans and packs
    (same prices, so plans often cost the same) with other assumed figures and, now and then, more
    included voice or SMS, so that the tie rule's every part (assumed fen, overage, headroom) decides."""
    catalogue = draw(catalogues(tariffs=True))
    twin = {**{p.id: f"{p.id}-t" for p in catalogue.plans}, **{p.id: f"{p.id}-t" for p in catalogue.packs}}

    @overload
    def ids(found: frozenset[str]) -> frozenset[str]: ...
    @overload
    def ids(found: frozenset[str] | None) -> frozenset[str] | None: ...
    def ids(found: frozenset[str] | None) -> frozenset[str] | None:
        return None if found is None else frozenset(twin.get(x, x) for x in found)

    plan_flags = st.sets(st.sampled_from(["fee", "data_mb", "voice_s", "rate:data_mb", "rate:voice_s", "rate:sms"]))
    more = st.sampled_from([0, 0, 600, 6000])
    plans = [dataclasses.replace(p, id=twin[p.id], operator=f"{p.operator}-t", assumed=frozenset(draw(plan_flags)),
                                 tariffs={**p.tariffs, "voice_s": dataclasses.replace(
                                     p.tariffs["voice_s"], included=p.tariffs["voice_s"].included + draw(more))})
             for p in catalogue.plans]
    pack_flags = st.sets(st.sampled_from(["price", "data_mb", "voice_s", "sms"]))
    packs = [dataclasses.replace(p, id=twin[p.id], operator=f"{p.operator}-t", plans=ids(p.plans),
                                 free_with=ids(p.free_with), excludes=ids(p.excludes),
                                 assumed=frozenset(draw(pack_flags))) for p in catalogue.packs]
    return Catalogue((*catalogue.plans, *plans), (*catalogue.packs, *packs), "twins")


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tied_catalogues(), st.lists(column_profiles(), min_size=1, max_size=8))
def test_batch_equals_single_requests_where_plans_tie(catalogue: Catalogue, batch: list[Profile]) -> None:
    check(catalogue, batch)


GB = 1024


def _tie_plan(operator: str, assumed: frozenset[str] = frozenset()) -> Plan:
    return Plan(id=f"{operator}-plan", operator=operator, name="plan", fee_fen=10_000, downlink_mbps=1000,
                uplink_mbps=100, tariffs={"data_mb": Tariff(10 * GB, GB, 1000), "voice_s": Tariff(6000, 60, 10),
                                          "sms": Tariff(100, 1, 10)}, assumed=assumed)


TIED = {
    # the same fee and pack prices: the packs' headroom, an assumed pack price, an assumed rate decide
    "headroom and assumed prices": Catalogue(
        (_tie_plan("c"), _tie_plan("b"), _tie_plan("a", frozenset({"rate:data_mb"}))),
        (Pack("a-20", "a", "20 GB", 2000, {"data_mb": 20 * GB}, max_count=2),
         Pack("b-10", "b", "10 GB", 2000, {"data_mb": 10 * GB}, max_count=3),
         Pack("b-voice", "b", "voice", 0, {"voice_s": 6000}),
         Pack("c-20", "c", "20 GB", 2000, {"data_mb": 20 * GB}, max_count=2, assumed=frozenset({"price"})))),
    # the same packs, bought with some overage: the overage rests on an assumed allowance on one
    "assumed allowances": Catalogue(
        (_tie_plan("d"), _tie_plan("e")),
        (Pack("d-10", "d", "10 GB", 2000, {"data_mb": 10 * GB}, max_count=3, assumed=frozenset({"data_mb"})),
         Pack("e-10", "e", "10 GB", 2000, {"data_mb": 10 * GB}, max_count=3))),
}


@pytest.mark.parametrize("name", TIED)
def test_ties_between_pack_bundles_go_by_the_tie_rule(name: str) -> None:
    """Plans at the same fee whose data packs cost the same: the plans cost the same on many rows and
    the tie rule decides (not only by the plan id); the batch picks what ``recommend`` picks on every row."""
    catalogue = TIED[name]
    batch = [Profile.model_validate({"data_gb": gb, "voice_minutes": minutes, "sms": sms})
             for gb in (0, 5, 11, 12, 15, 21, 25, 31, 45, 55) for minutes in (0, 150) for sms in (0, 150)]
    check(catalogue, batch)
    best, _ = best_plans(catalogue, columns(batch), as_of=AS_OF)
    totals = plan_totals(catalogue, columns(batch), as_of=AS_OF)
    tied = (totals == totals.min(axis=1, keepdims=True)).sum(axis=1) > 1
    first = min(range(len(catalogue.plans)), key=lambda j: catalogue.plans[j].id)
    bought = [r.packs for r in recommend(catalogue, lenient(batch[-1]), top_k=5).recommendations]
    assert tied.sum() >= 8 and (best[tied] != first).any() and all(bought)


def test_a_tie_is_priced_from_the_speed_pack_the_need_takes_not_from_the_plan_alone() -> None:
    """The tie rule is priced without asking the tables where the plan alone costs the tables' total; a row
    needing a speed the plan lacks must still be asked: here each plan's speed pack (¥10, 300 Mbps up, with data)
    costs what the overage it saves does, so the plan alone "costs" the total, with no headroom on either plan.
    The packs leave 0 and 1 GB over: y's headroom decides, not the plan id."""
    plans = tuple(dataclasses.replace(_tie_plan(op), tariffs={**_tie_plan(op).tariffs, "data_mb": Tariff(
        10 * GB, GB, 1000)}) for op in ("x", "y"))
    catalogue = Catalogue(plans, (
        Pack("x-up", "x", "uplink", 1000, {"data_mb": GB}, uplink_mbps=300),
        Pack("y-up", "y", "uplink", 1000, {"data_mb": 2 * GB}, uplink_mbps=300)), "speed ties")
    batch = [Profile.model_validate({"data_gb": 11, "voice_minutes": 0, "sms": 0, "needs": {"min_uplink_mbps": up}})
             for up in (0, 300)]
    check(catalogue, batch)
    best, _ = best_plans(catalogue, columns(batch), as_of=AS_OF)
    assert [catalogue.plans[j].id for j in best] == ["x-plan", "y-plan"]


def test_batch_on_the_shipped_catalogue_in_chunks() -> None:
    rng = np.random.default_rng(7)
    n = 40_000
    cols = {"data_gb": np.round(rng.lognormal(2.6, 1.0, n), 3), "voice_minutes": rng.poisson(93, n),
            "min_uplink_mbps": rng.choice([0, 0, 300, 450], n), "satellite": rng.random(n) < 0.1,
            "roaming_data_gb": np.where(rng.random(n) < 0.1, 6, 0)}
    best, total = best_plans(load_catalogue(DEFAULT_PLANS), cols)
    catalogue = load_catalogue(DEFAULT_PLANS)
    for i in rng.choice(n, 25, replace=False):
        profile = Profile.model_validate({
            "data_gb": str(cols["data_gb"][i]), "voice_minutes": int(cols["voice_minutes"][i]),
            "needs": {"min_uplink_mbps": int(cols["min_uplink_mbps"][i]), "satellite": bool(cols["satellite"][i]),
                      "roaming": {"data_gb": int(cols["roaming_data_gb"][i])}}})
        answer = recommend(catalogue, profile, top_k=1)
        if answer.recommendations:
            assert (catalogue.plans[best[i]].id, total[i]) == (answer.recommendations[0].plan_id,
                                                              answer.recommendations[0].effective_monthly_fen)
        else:
            assert best[i] == NONE


def test_rows_the_tables_cannot_answer_are_solved_one_by_one() -> None:
    """Broadband packs with an installation fee (CP-SAT, row by row) and per-day speed packs: the batch agrees with
    ``recommend`` on the plan file that uses every #13 field (per-day speed packs on tables)."""
    from recommender.catalogue import load_sources
    from tests.paths import ROOT

    catalogue = load_sources([("t.yaml", (ROOT / "tests/data/tariffs/china-unicom.yaml").read_bytes())])
    rows = [{"data_gb": 25, "needs": {"roaming": {"data_gb": 1}}},
            {"data_gb": 12, "needs": {"broadband": True}},
            {"data_gb": 30, "needs": {"min_uplink_mbps": 300}},
            {"data_gb": 5, "voice_minutes": 300, "needs": {"satellite": True}}]
    batch = [Profile.model_validate(r) for r in rows]
    cols = columns(batch)
    best, total = best_plans(catalogue, cols)
    for i, profile in enumerate(batch):
        answer = recommend(catalogue, profile, top_k=1)
        assert (catalogue.plans[best[i]].id, int(total[i])) == (answer.recommendations[0].plan_id,
                                                                answer.recommendations[0].effective_monthly_fen)


def test_installation_fees_count_once_over_the_horizon_in_the_ranking() -> None:
    # Plan "a" is cheaper by the month (¥50 + a ¥10 broadband pack) but the pack costs ¥500 to install;
    # over 24 months "b", with broadband included at ¥70, costs less (168,000 < 194,000 fen).
    tariffs = {"data_mb": Tariff(30 * 1024, 1024, 300), "voice_s": Tariff(6000, 60, 10), "sms": Tariff(0, 1, 10)}
    a = Plan("a", "china-mobile", "a", 5000, tariffs, 1000, 100)
    b = Plan("b", "china-unicom", "b", 7000, tariffs, 1000, 100, broadband_mbps=500)
    pack = Pack("bb", "china-mobile", "bb", 1000, {}, broadband_mbps=500, install_fen=50_000)
    catalogue = Catalogue((a, b), (pack,), "install")
    batch = [Profile.model_validate({"data_gb": 10, "needs": {"broadband": True}}),
             Profile.model_validate({"data_gb": 10})]
    cols = columns(batch)
    best, total = best_plans(catalogue, cols)
    for i, profile in enumerate(batch):
        first = recommend(catalogue, profile, top_k=1).recommendations[0]
        assert (catalogue.plans[best[i]].id, int(total[i])) == (first.plan_id, first.effective_monthly_fen)
    assert [catalogue.plans[j].id for j in best] == ["b", "a"]
    assert int(total[0]) == 7000  # what "b" costs a month
    scored = Scorer(catalogue, catalogue).score(cols, np.full(2, -1))  # the what-if ranks alike
    assert list(scored.before) == list(scored.after) == list(best)


def test_a_row_is_one_profile_whichever_engine_prices_it() -> None:
    """Found by QA: the tables read a row's GB as MB tolerantly (float noise rounded away: 10.000000000000002 GB
    is 10240 MB), but the profile of the same row — what CP-SAT prices it by, on plans the tables leave to it,
    and what breaks ties — was read from the float's text (10241 MB: a started GB over).  One plan of a row
    was then priced with a GB of overage the other was not."""
    def plan(pid: str, day_pass: DayPass | None) -> Plan:
        return Plan(pid, "op", pid, 5000, {"data_mb": Tariff(10 * GB, GB, 300), "voice_s": Tariff(0, 60, 15),
                                           "sms": Tariff(0, 1, 10), "roaming_data_mb": Tariff(GB, GB, None)},
                    downlink_mbps=1000, uplink_mbps=100, day_pass=day_pass)
    catalogue = Catalogue((plan("passes", DayPass(2500, GB, 600)), plan("plain", None)), (), "t")
    noisy = float(np.nextafter(10.0, 11.0))  # e.g. a sum of floats in an analyst's file
    cols = {"data_gb": np.array([noisy]), "roaming_data_gb": np.array([0.5])}
    assert plan_totals(catalogue, cols, as_of=AS_OF).tolist() == [[5000, 5000]]  # (the first by CP-SAT)
    profile = row_profile(cols, 0)
    assert [(r.plan_id, r.total_fen) for r in recommend(catalogue, profile).recommendations] == \
        [("passes", 5000), ("plain", 5000)]


def test_a_row_profile_reads_its_own_row_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Found measuring the what-if: each row solved alone (installation fees, ties) read who the person is
    from every row of the chunk (``np.unique`` over 65,536 rows, per row): 3 of the 4.5 s of a what-if."""
    from recommender.optimise import eligible

    seen: list[int] = []
    real = eligible.about_columns

    def counted(cols: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
        seen.append(len(cols["region"]))
        return real(cols)

    monkeypatch.setattr(eligible, "about_columns", counted)
    cols = {"data_gb": np.array([1.0, 2.0, 3.0]), "age": np.array([20, 70, -1]),
            "region": np.array(["CN-SH", "CN-BJ", ""]), "current_operator": np.array(["", "china-mobile", ""])}

    def about(i: int) -> About:
        found = row_profile(cols, i).about
        assert found is not None
        return found

    abouts = [about(i) for i in range(3)]
    assert seen == [1, 1, 1]
    assert [(a.age, a.region, a.customer_of) for a in abouts] == [
        (20, "CN-SH", None), (70, "CN-BJ", "china-mobile"), (None, None, None)]


@pytest.mark.parametrize("horizon", [1, 6, 24])
def test_installation_fees_are_weighed_over_the_batch_horizon(horizon: int) -> None:
    """Found by QA: the rows where an installation fee may be worth paying were solved one at a time over
    the default 24 months, whatever ``best_plans``' horizon: over 6 months a row paid the ¥500 installation
    of "fttr" (¥10 a month) instead of renting broadband at ¥40, and was priced ¥143.33 a month, not ¥90;
    over one month a row paid ¥20 to install a GB pack instead of ¥10 of overage."""
    tariffs = {"data_mb": Tariff(30 * GB, GB, 1000), "voice_s": Tariff(6000, 60, 10), "sms": Tariff(0, 1, 10)}
    plan = Plan("p", "china-mobile", "p", 5000, tariffs, 1000, 100)
    catalogue = Catalogue((plan,), (
        Pack("fttr", "china-mobile", "fttr", 1000, {}, broadband_mbps=1000, install_fen=50_000),
        Pack("rent", "china-mobile", "rent", 4000, {}, broadband_mbps=500),
        Pack("gb", "china-mobile", "gb", 500, {"data_mb": GB}, max_count=5, install_fen=2000)), "install")
    batch = [Profile.model_validate({"data_gb": 10, "needs": {"broadband": True}, "horizon_months": horizon}),
             Profile.model_validate({"data_gb": 32, "horizon_months": horizon})]
    cols = columns(batch)
    best, pay = best_plans(catalogue, cols, horizon_months=horizon, as_of=AS_OF)
    totals = plan_totals(catalogue, cols, as_of=AS_OF, horizon_months=horizon)
    for i, profile in enumerate(batch):
        (first,) = recommend(catalogue, profile, top_k=1).recommendations
        assert (catalogue.plans[best[i]].id, int(pay[i]), int(totals[i, 0])) == \
            (first.plan_id, first.effective_monthly_fen, first.total_fen)


def test_rows_whose_speed_need_gives_too_many_variants_are_solved_one_by_one() -> None:
    """Found by QA: a plan whose packs fit the tables by the month (2,048 variants: ten packs adding unlimited data,
    each a variant of its own, and a per-day speed pack) but not for a speed need lasting the month (the per-day
    pack cut at 30 days: 3,072 > ``MAX_VARIANTS``) is CP-SAT's for those profiles (``Compiled.tabled``); the batch
    scored every row of it on the tables and failed (AssertionError in ``CompiledPlan.structure``), and so did the
    tie rule between two such plans."""
    def catalogue_of(operators: tuple[str, ...]) -> Catalogue:
        tariffs = {"data_mb": Tariff(10 * GB, GB, 300), "voice_s": Tariff(6000, 60, 10), "sms": Tariff(100, 1, 10)}
        plans = tuple(Plan(f"{op}-p", op, "p", 5000, tariffs, 1000, 100) for op in operators)
        packs = tuple(pack for op in operators for pack in (
            Pack(f"{op}-turbo", op, "turbo", 300, {"data_mb": GB}, downlink_mbps=3000, max_count=30,
                 billing="per_day"),
            *(Pack(f"{op}-u{i}", op, f"u{i}", 3000 + 100 * i, {"data_mb": UNLIMITED}) for i in range(10))))
        return Catalogue(plans, packs, "variants")

    batch = [Profile.model_validate({"data_gb": 30, "needs": {"min_downlink_mbps": 3000}}),
             Profile.model_validate({"data_gb": 30}), Profile.model_validate({"data_gb": 5})]
    for catalogue in (catalogue_of(("a",)), catalogue_of(("a", "b"))):  # one plan; two that tie on every row
        check(catalogue, batch)
    assert [r.packs[0]["count"] for r in recommend(catalogue_of(("a",)), batch[0]).recommendations] == [30]
    note = compiled(catalogue_of(("a",))).plans["a-p"].left_to_cpsat()  # what ``recommender validate`` says
    assert note is not None and (note.code, note.params["plan"]) == ("tables.too_many_day_variants", "a-p")


def test_a_catalogue_scored_and_dropped_frees_its_compiled_plans() -> None:
    """The batch's per-plan lookups (``_FAST``, weakly keyed by the compiled plan) do not keep a compiled
    plan alive once its catalogue is gone: a process scoring catalogue after catalogue (what-if workers,
    tests) would otherwise hold every one of them, tables and all."""
    plan = Plan("a", "op", "a", 5000, {"data_mb": Tariff(10 * GB, GB, 1000), "voice_s": Tariff(6000, 60, 15),
                                       "sms": Tariff(0, 1, 10)}, downlink_mbps=1000, uplink_mbps=100)
    catalogue = Catalogue((plan,), (Pack("k", "op", "k", 500, {"data_mb": GB}, max_count=3),), "t")
    totals = plan_prices(catalogue, {"data_gb": np.array([3.0, 15.0])}, as_of=AS_OF)[0]
    assert totals.tolist() == [[5000], [5000 + 3 * 500 + 2 * 1000]]
    kept = weakref.ref(compiled(catalogue).plans["a"])
    del catalogue
    gc.collect()
    assert kept() is None


def test_tied_plans_price_their_overage_with_tables_no_longer_than_the_plans() -> None:
    """Found in review: the tie rule priced overage from a table in MB, up to 1,024 times as long as the
    plan's own tables (which ``MAX_TABLE`` bounds): a cap reached late made gigabytes of it.  Here ¥3 a GB
    capped at ¥2,000 (reached after 667 GB) on two identical plans, so every row ties: the overage table is in
    started GB, and the tie rule still gives ``recommend``'s answer."""
    tariffs = {"data_mb": Tariff(10 * GB, GB, 300, 1, (), 200_000), "voice_s": Tariff(6000, 60, 10),
               "sms": Tariff(100, 1, 10)}
    plans = tuple(Plan(f"{op}-plan", op, "plan", 5000, tariffs, 1000, 100) for op in ("a", "b"))
    catalogue = Catalogue(plans, (), "late cap")
    check(catalogue, [Profile.model_validate({"data_gb": gb}) for gb in ("3", "15.5", "700", "2000")])
    table = _overage_table("data_mb", meter_rule(plans[0], "data_mb", THROTTLE[False]))
    assert table.capacity + table.period <= compiled(catalogue).plans["a-plan"].longest() + 1


def test_a_row_on_another_operators_plan_is_its_customer_too() -> None:
    """Found by the eligibility QA (for ``recommend``): a China Unicom customer on China Telecom's ct-5g-59 was refused
    the plan they are on and its packs.  Being on a plan makes the person its operator's customer beside the
    ``customer_of`` given, in the batch as in ``recommend``: the row keeps ct-5g-59 and its 5G-A packs."""
    catalogue = load_catalogue(DEFAULT_PLANS)
    batch = [Profile.model_validate({"data_gb": gb, "voice_minutes": 80, "about": {"customer_of": "china-unicom"},
                                     "current": {"plan_id": "ct-5g-59"}}) for gb in (10, 45, 60)]
    cols = {**columns(batch), "current_plan": np.array(["ct-5g-59"] * len(batch), dtype=object)}
    best, pay = best_plans(catalogue, cols, as_of=AS_OF)
    for i, profile in enumerate(batch):
        first = recommend(catalogue, lenient(profile).model_copy(update={"current": profile.current}),
                          top_k=1).recommendations[0]
        assert (catalogue.plans[best[i]].id, int(pay[i])) == (first.plan_id, first.effective_monthly_fen)
    assert "ct-5g-59" in {catalogue.plans[j].id for j in best}


def test_a_tie_broken_line_by_line_reads_each_rows_own_current_plan() -> None:
    """Found in review: ``break_tie`` keeps the packs a person may buy per (who they are, date), but being on a plan
    makes the person its operator's customer: a row on a-plan (a's customer, so not sold a's new-customer pack) and
    a row on no plan, saying the same of themselves, shared one view, and the second was tied without the pack it
    may buy (b-plan, where ``recommend`` ranks a-plan first).  b-plan's 100 stackable packs of an odd size leave it
    to CP-SAT, so its ties are broken line by line.  Both say they are b's customers: a-new is then known to be
    theirs to buy, not an "only if" (of a-plan's equally good bundles, one on an unknown condition is not kept:
    ``objective.sure_first``)."""
    catalogue = Catalogue((_tie_plan("a"), _tie_plan("b")), (
        Pack("a-new", "a", "12 GB, new customers", 2000, {"data_mb": 12 * GB}, rule=SaleConditions(customers="new")),
        Pack("a-10", "a", "10 GB", 2000, {"data_mb": 10 * GB}),
        Pack("b-11", "b", "11 GB", 2000, {"data_mb": 11 * GB + 1}, max_count=100)), "current plans")
    assert compiled(catalogue).plans["b-plan"].variants is None  # (the premise: b-plan's ties line by line)
    batch = [Profile.model_validate({"data_gb": 20, "voice_minutes": 0, **current})
             for current in ({"current": {"plan_id": "a-plan"}, "about": {"customer_of": "b"}},
                             {"about": {"customer_of": "b"}}, {"current": {"plan_id": "b-plan"}})]
    cols = {**columns(batch), "current_plan": np.array([p.current.plan_id if p.current else "" for p in batch],
                                                       dtype=object)}
    best, pay = best_plans(catalogue, cols, as_of=AS_OF)
    for i, profile in enumerate(batch):
        first = recommend(catalogue, lenient(profile).model_copy(update={"current": profile.current}),
                          top_k=1).recommendations[0]
        assert (catalogue.plans[best[i]].id, int(pay[i])) == (first.plan_id, first.effective_monthly_fen), i
    assert [catalogue.plans[j].id for j in best] == ["b-plan", "a-plan", "a-plan"]  # (b's customer is new to a)


def test_a_row_solved_alone_whose_search_ends_unproved_is_said_not_guessed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Found by the API QA (by reading): a row solved alone (here: roaming on a plan with day passes) read CP-SAT's
    time running out as "nothing fits" on that plan, so the batch and the what-if could be silently wrong; it is
    ``Unproved``, and the what-if says so as a problem of the population's, on either engine."""
    plan = Plan("passes", "op", "passes", 5000, {"data_mb": Tariff(10 * GB, GB, 300), "voice_s": Tariff(0, 60, 15),
                                                 "sms": Tariff(0, 1, 10), "roaming_data_mb": Tariff(GB, GB, None)},
                downlink_mbps=1000, uplink_mbps=100, day_pass=DayPass(2500, GB, 600))
    catalogue = Catalogue((plan,), (), "unproved")
    cols = {"data_gb": np.array([5.0]), "roaming_data_gb": np.array([0.5])}
    assert plan_totals(catalogue, cols, as_of=AS_OF).tolist() == [[5000]]  # (solved alone, proved)
    monkeypatch.setattr(batch_module.planner, "solve", lambda *a, **k: (Ranked((), proved=False), "cp-sat"))
    with pytest.raises(Unproved, match="passes: the cheapest bundle of a row was not proved"):
        plan_totals(catalogue, cols, as_of=AS_OF)
    scorer = Scorer(catalogue, catalogue, AS_OF)
    population = pa.RecordBatch.from_pydict({"data_gb": [5.0], "voice_minutes": [0.0], "roaming_data_gb": [0.5]})
    with pytest.raises(PopulationError) as raised:
        partial(scorer, population)
    assert raised.value.problem.code == "population.unproved" and raised.value.problem.params["plan"] == "passes"


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.integers(1, 40), st.integers(0, 70), st.integers(0, 2**32 - 1), st.booleans())
def test_the_least_plan_of_each_row_is_the_first_least_and_several_are_said(plans: int, rows: int, seed: int,
                                                                           column_major: bool) -> None:
    """``rank_totals`` reads each row's least plan column by column (``_least_plan``): where a row has one, it is
    ``argmin``'s; whether a row has several is ``sum > 1``; whatever the layout (``_totals``' is column-major)."""
    rng = np.random.default_rng(seed)
    horizon = np.where(rng.random((rows, plans)) < 0.2, INF, rng.integers(0, 4, (rows, plans)) * 100)
    horizon = np.asfortranarray(horizon) if column_major else np.ascontiguousarray(horizon)
    least = horizon == horizon.min(axis=1, initial=INF)[:, None]
    index, several = _least_plan(least)
    assert index.dtype == np.int64 and several.tolist() == (least.sum(axis=1) > 1).tolist()
    assert index[~several].tolist() == horizon.argmin(axis=1)[~several].tolist()


def test_the_tied_rows_groups_are_the_chunks_read_for_them() -> None:
    """``best_plans`` reads a chunk's pack groups once, for its totals and its ties (``_tied_groups``): each tied
    row drops the packs ``eligible.pack_groups`` of the tied rows alone drops for it."""
    catalogue = load_catalogue(DEFAULT_PLANS)
    rng = np.random.default_rng(11)
    n = 200
    cols = {"data_gb": rng.random(n) * 50, "age": rng.choice([-1, 20, 70], n),
            "customer_of": rng.choice(["", "china-telecom", "china-unicom", "china-mobile"], n).astype(object)}
    tied = np.flatnonzero(rng.random(n) < 0.4)

    def dropped(groups: list[tuple[np.ndarray | slice, frozenset[str]]], m: int) -> list[frozenset[str]]:
        out: list[frozenset[str]] = [frozenset({"unset"})] * m
        for rows, packs in groups:
            for i in np.arange(m)[rows]:
                out[i] = packs
        return out

    about = eligible.about_columns(cols, catalogue)
    chunk = eligible.pack_groups(catalogue, about, n, AS_OF)
    alone = eligible.pack_groups(catalogue, eligible.about_columns({k: v[tied] for k, v in cols.items()}, catalogue),
                                 len(tied), AS_OF)
    assert len(chunk) > 1 and dropped(_tied_groups(chunk, tied, n), len(tied)) == dropped(alone, len(tied))


def test_overage_of_rows_all_throttled_or_not_is_each_rows_own() -> None:
    """``_overage`` prices a batch whose rows all accept throttling, or none does, with one rule: what each row
    gets in a batch of both kinds, on a plan that throttles and on one that charges."""
    catalogue = load_catalogue(DEFAULT_PLANS)
    short = np.arange(0, 300_000, 997, dtype=np.int64)
    mixed = np.arange(len(short)) % 3 == 0
    for plan in (catalogue.plan_index["cu-5ga-youth"], catalogue.plan_index["ct-5g-59"]):
        for meter in ("data_mb", "voice_s", "sms"):
            both = _overage(plan, meter, short, mixed)
            for flag in (False, True):
                alone = _overage(plan, meter, short, np.full(len(short), flag))
                assert alone.dtype == np.int64 and (alone[mixed == flag] == both[mixed == flag]).all()


def test_rows_scored_in_need_order_come_back_in_the_order_given() -> None:
    """``plan_prices`` and ``best_plans`` score rows sorted by their needs and put each back where it was given, by
    one pair (``_in_need_order``, ``_in_row_order``; the review: each wrote the sort and its undoing itself): a
    population's answers row by row are those of each row scored alone."""
    catalogue = load_catalogue(DEFAULT_PLANS)
    cols = {"data_gb": np.array([40.0, 5.0, 60.0, 5.0, 20.0]), "voice_minutes": np.array([100, 300, 0, 100, 50]),
            "min_uplink_mbps": np.array([300, 0, 0, 300, 0]), "satellite": np.array([0, 1, 0, 0, 1])}
    order, ordered = batch_module._in_need_order(catalogue, cols, 5)
    assert order is not None and order.tolist() != list(range(5))
    assert all(ordered[k].tolist() == cols[k][order].tolist() for k in cols)
    rows = [{k: v[i:i + 1] for k, v in cols.items()} for i in range(5)]
    totals, fees = plan_prices(catalogue, cols, as_of=AS_OF)
    best, pay = best_plans(catalogue, cols, as_of=AS_OF)
    for i, row in enumerate(rows):
        assert [t[0].tolist() for t in plan_prices(catalogue, row, as_of=AS_OF)] == [totals[i].tolist(),
                                                                                    fees[i].tolist()]
        assert [b.tolist() for b in best_plans(catalogue, row, as_of=AS_OF)] == [[best[i]], [pay[i]]]
    first, second = np.arange(5) * 10, np.arange(5) * 100
    assert [a.tolist() for a in batch_module._in_row_order(order, first[order], second[order])] == \
        [first.tolist(), second.tolist()]
    kept = batch_module._in_row_order(None, first, second)
    assert kept[0] is first and kept[1] is second
