"""The batch scorer's figures on small catalogues worked out by hand (and ``recommend`` saying the same): what the
mutation run of ``optimise.batch`` found no test pinning."""

import dataclasses
import datetime
from collections.abc import Mapping

import numpy as np
import pytest

import recommender.optimise.batch as batch_module
from recommender.answer.ranking import recommend
from recommender.catalogue import Catalogue, Pack, Plan, Tariff
from recommender.catalogue.model import SaleConditions, Terms
from recommender.optimise.batch import (
    CHUNK,
    NONE,
    best_plans,
    effective_monthly,
    horizon_totals,
    plan_prices,
    plan_totals,
    rank_totals,
)
from recommender.optimise.tables import INF
from recommender.profile import Profile

GB = 1024
AS_OF = datetime.date(2025, 7, 1)


def _plan(pid: str, fee_fen: int, **tariffs: Tariff) -> Plan:
    """A plan of ``fee_fen`` a month: 10 GB then ¥3 a started GB, 100 minutes then ¥0.10 a started minute, 100 SMS
    then ¥0.10 each, and ``tariffs`` beside or instead; 1000/100 Mbps, satellite calls."""
    return Plan(pid, "op", pid, fee_fen, {"data_mb": Tariff(10 * GB, GB, 300), "voice_s": Tariff(6000, 60, 10),
                                          "sms": Tariff(100, 1, 10), **tariffs}, 1000, 100, satellite=True)


def _recommended(catalogue: Catalogue, profile: Mapping[str, object]) -> list[tuple[str, int]]:
    """Each plan ``recommend`` ranks for ``profile`` with its monthly total, best first."""
    answer = recommend(catalogue, Profile.model_validate({**profile, "as_of": AS_OF.isoformat()}), top_k=10)
    return [(r.plan_id, r.total_fen) for r in answer.recommendations]


def test_roaming_and_satellite_minutes_are_billed_by_the_started_minute() -> None:
    """A row's roaming and satellite minutes are 60 s each, as a profile's: 10 roaming minutes at ¥2 a started
    minute are ¥20 (¥50 + ¥20 = ¥70.00); 5 satellite minutes at ¥1 are ¥5 (¥55.00).  At 61 s a minute the
    10 minutes were 610 s, 11 started minutes (¥72.00), and 5 were 305 s, 6 started (¥56.00)."""
    catalogue = Catalogue((_plan("p", 5000, roaming_voice_s=Tariff(0, 60, 200),
                                 satellite_voice_s=Tariff(0, 60, 100)),), (), "minutes")
    cols = {"data_gb": np.array([1.0, 1.0]), "roaming_voice_minutes": np.array([10, 0]),
            "satellite": np.array([0, 1]), "satellite_minutes": np.array([0, 5])}
    assert plan_totals(catalogue, cols, as_of=AS_OF).tolist() == [[7000], [5500]]
    assert _recommended(catalogue, {"data_gb": 1, "needs": {"roaming": {"voice_minutes": 10}}}) == [("p", 7000)]
    assert _recommended(catalogue, {"data_gb": 1, "needs": {"satellite": True, "satellite_minutes": 5}}) == \
        [("p", 5500)]


def _installing(install_fen: int) -> Catalogue:
    """Plan p (¥50, no broadband) with broadband by a pack installed once, fttr (¥10 a month, ``install_fen`` to
    install), or rented, rent (¥20 a month)."""
    return Catalogue((_plan("p", 5000),), (
        Pack("fttr", "op", "fttr", 1000, {}, broadband_mbps=1000, install_fen=install_fen),
        Pack("rent", "op", "rent", 2000, {}, broadband_mbps=500)), "install")


def test_the_default_horizon_is_24_months() -> None:
    """fttr at ¥250: over 24 months fttr costs 24 × (¥50 + ¥10) + ¥250 = ¥1,690, rent 24 × ¥70 = ¥1,680: rent,
    ¥70.00 a month and nothing paid once.  Over 25 months both cost ¥1,750 and the lesser month, fttr's ¥60.00
    (¥250 once), is kept: so a horizon of 25 for the default 24 is seen."""
    catalogue = _installing(25_000)
    cols = {"data_gb": np.array([1.0]), "broadband": np.array([1])}
    assert [a.tolist() for a in plan_prices(catalogue, cols, as_of=AS_OF)] == [[[7000]], [[0]]]
    assert [a.tolist() for a in plan_prices(catalogue, cols, as_of=AS_OF, horizon_months=25)] == \
        [[[6000]], [[25_000]]]
    assert plan_totals(catalogue, cols, as_of=AS_OF).tolist() == [[7000]]
    need = {"data_gb": 1, "needs": {"broadband": True}}
    assert _recommended(catalogue, need) == [("p", 7000)]
    assert _recommended(catalogue, {**need, "horizon_months": 25}) == [("p", 6000)]


def test_the_ranking_s_default_horizon_is_24_months() -> None:
    """fttr at ¥240: over 24 months fttr's 24 × ¥60 + ¥240 = ¥1,680 ties rent's 24 × ¥70 (the lesser month, fttr's,
    is kept): ¥1,680 / 24 = ¥70.00 a month.  Over 25 months fttr's 25 × ¥60 + ¥240 = ¥1,740 beats rent's ¥1,750:
    ¥1,740 / 25 = ¥69.60.  And ¥70.00 a month of a plan without terms is ¥1,680 over 24 months (¥1,750 over 25),
    ¥70.00 a month again."""
    catalogue = _installing(24_000)
    cols = {"data_gb": np.array([1.0]), "broadband": np.array([1])}
    assert [a.tolist() for a in best_plans(catalogue, cols, as_of=AS_OF)] == [[0], [7000]]
    assert [a.tolist() for a in best_plans(catalogue, cols, 25, as_of=AS_OF)] == [[0], [6960]]
    totals = np.array([[7000]], dtype=np.int64)
    horizon = horizon_totals(catalogue, totals)
    assert horizon.tolist() == [[168_000]]
    assert effective_monthly(horizon).tolist() == [[7000]]
    assert [a.tolist() for a in rank_totals(catalogue, totals, horizon, cols, as_of=AS_OF)] == [[0], [7000]]
    answer = recommend(catalogue, Profile.model_validate({"data_gb": 1, "needs": {"broadband": True},
                                                          "as_of": AS_OF.isoformat()}), top_k=1)
    assert [(r.total_fen, r.effective_monthly_fen) for r in answer.recommendations] == [(6000, 7000)]


def test_a_catalogue_without_plans_recommends_nothing() -> None:
    """No plan, no best plan: every row is ``NONE`` (-1) with no price, as ``recommend`` lists nothing."""
    empty = Catalogue((), (), "empty")
    cols = {"data_gb": np.array([1.0, 20.0])}
    assert [a.tolist() for a in best_plans(empty, cols, as_of=AS_OF)] == [[NONE, NONE], [NONE, NONE]]
    totals = np.zeros((2, 0), dtype=np.int64)
    assert [a.tolist() for a in rank_totals(empty, totals, totals, cols, as_of=AS_OF)] == [[NONE, NONE], [NONE, NONE]]
    assert _recommended(empty, {"data_gb": 1}) == []


def test_a_tie_on_a_plan_whose_bundle_may_pay_an_installation_is_the_one_recommend_keeps() -> None:
    """Plans a and b at ¥50 with broadband by a ¥20 pack: a's fttr (¥100 to install, its price assumed) or rent-a,
    b's rent-b; a row needing broadband pays ¥70 a month on each, ¥1,680 over 24 months on rent-a and rent-b (fttr
    ¥1,780).  Both keep a bundle with nothing assumed, so the plan id decides: a.  (The tables' month alone, no
    fee weighed, may take fttr on a: its ¥20 assumed would make b first.)"""
    catalogue = Catalogue((_plan("a", 5000), _plan("b", 5000)), (
        Pack("fttr", "op", "fttr", 2000, {}, plans=frozenset({"a"}), broadband_mbps=1000, install_fen=10_000,
             assumed=frozenset({"price"})),
        Pack("rent-a", "op", "rent-a", 2000, {}, plans=frozenset({"a"}), broadband_mbps=500),
        Pack("rent-b", "op", "rent-b", 2000, {}, plans=frozenset({"b"}), broadband_mbps=500)), "installed ties")
    cols = {"data_gb": np.array([1.0]), "broadband": np.array([1])}
    assert [a.tolist() for a in best_plans(catalogue, cols, as_of=AS_OF)] == [[0], [7000]]
    assert _recommended(catalogue, {"data_gb": 1, "needs": {"broadband": True}}) == [("a", 7000), ("b", 7000)]


def test_plan_prices_of_more_rows_than_a_chunk_gives_every_row() -> None:
    """``CHUNK`` + 3 rows, scored a chunk at a time: 1 GB on p is its ¥50.00 fee, 12 GB is ¥50 + 2 started GB at ¥3
    = ¥56.00, each row's own wherever its chunk; nothing paid once."""
    catalogue = Catalogue((_plan("p", 5000),), (), "plain")
    n = CHUNK + 3
    heavy = np.arange(n) % 3 == 0
    totals, one_off = plan_prices(catalogue, {"data_gb": np.where(heavy, 12.0, 1.0)}, as_of=AS_OF)
    assert totals.shape == one_off.shape == (n, 1)
    assert (totals[:, 0] == np.where(heavy, 5600, 5000)).all() and not one_off.any()
    assert totals[-3:, 0].tolist() == [5000, 5600, 5000]  # the second chunk: 32,769 = 3 × 10,923


def test_a_tie_between_throttling_plans_reads_whether_throttling_fits_the_row() -> None:
    """Plans a and b at ¥100 with 10 GB, throttled to 1 Mbps beyond it (no overage), a with a free 5 GB pack, b with a
    free 10 GB one.  A row of 12 GB accepting throttling but needing 10 Mbps down may not be throttled, so each plan
    takes its free pack: ¥100.00 on both, 15 GB (3 GB to spare) on a, 20 GB (8 GB) on b: b, by its headroom.  (Priced
    as if throttled, neither takes a pack, both have 0 GB to spare and a is first by its id.)"""
    def plan(pid: str) -> Plan:
        return dataclasses.replace(_plan(pid, 10_000, data_mb=Tariff(10 * GB, GB, None)), throttle_kbps=1000)

    catalogue = Catalogue((plan("a"), plan("b")), (
        Pack("a-free", "op", "a-free", 0, {"data_mb": 5 * GB}, plans=frozenset({"a"})),
        Pack("b-free", "op", "b-free", 0, {"data_mb": 10 * GB}, plans=frozenset({"b"}))), "throttled ties")
    cols = {"data_gb": np.array([12.0, 12.0]), "allow_throttling": np.array([True, True]),
            "min_downlink_mbps": np.array([10, 0])}
    assert [a.tolist() for a in best_plans(catalogue, cols, as_of=AS_OF)] == [[1, 0], [10_000, 10_000]]
    row = {"data_gb": 12, "allow_throttling": True}
    assert _recommended(catalogue, {**row, "needs": {"min_downlink_mbps": 10}}) == [("b", 10_000), ("a", 10_000)]
    assert _recommended(catalogue, row) == [("a", 10_000), ("b", 10_000)]  # (throttled: no pack, the id decides)


def test_a_plan_s_terms_are_priced_over_the_horizon() -> None:
    """Plan t (¥50) with terms: ¥30 for the first 6 months, ¥100 once, at least ¥40 a bill, 36 months' minimum term.
    A ¥50.00 month (1 GB) over 24 months: 6 × max(¥50 − ¥20, ¥40) + 18 × ¥50 + ¥100 + 12 owed months × ¥50 = ¥240 +
    ¥900 + ¥100 + ¥600 = ¥1,840.00; a ¥56.00 month (12 GB): 6 × ¥40 + 18 × ¥56 + ¥100 + ¥600 = ¥1,948.00.  Plain p
    (no terms): 24 × ¥50 = ¥1,200.00, 24 × ¥56 = ¥1,344.00.  ``INF`` (not scored) stays ``INF``."""
    terms = Terms(((6, 3000),), 10_000, 36, 4000)
    catalogue = Catalogue((dataclasses.replace(_plan("t", 5000), terms=terms), _plan("p", 5000)), (), "terms")
    totals = np.array([[5000, 5000], [5600, 5600], [INF, INF]], dtype=np.int64)
    horizon = horizon_totals(catalogue, totals, 24)
    assert horizon.tolist() == [[184_000, 120_000], [194_800, 134_400], [INF, INF]]
    pay = effective_monthly(horizon, 24)
    for i, gb in enumerate((1, 12)):
        answer = recommend(catalogue, Profile.model_validate({"data_gb": gb, "as_of": AS_OF.isoformat()}), top_k=2)
        assert sorted((r.plan_id, r.total_fen, r.effective_monthly_fen) for r in answer.recommendations) == \
            [("p", totals[i, 1], pay[i, 1]), ("t", totals[i, 0], pay[i, 0])]
    fees = np.array([[25_000, 0], [0, 0], [25_000, 0]], dtype=np.int64)  # (a plan not scored keeps no fee)
    assert horizon_totals(catalogue, totals, 24, fees).tolist() == [[209_000, 120_000], [194_800, 134_400], [INF, INF]]


def test_an_installation_is_weighed_with_the_plan_s_terms() -> None:
    """Plan t of the terms above with broadband by fttr (¥10 a month, ¥250 once) or rent (¥20): over 24 months rent's
    ¥70 month costs 6 × max(¥70 − ¥20, ¥40) + 18 × ¥70 + ¥100 + 12 × ¥50 = ¥300 + ¥1,260 + ¥100 + ¥600 = ¥2,260,
    fttr's ¥60 month 6 × ¥40 + 18 × ¥60 + ¥100 + ¥600 + ¥250 = ¥2,270: rent, ¥70.00 a month, nothing paid once."""
    terms = Terms(((6, 3000),), 10_000, 36, 4000)
    base = _installing(25_000)
    catalogue = Catalogue((dataclasses.replace(base.plans[0], terms=terms),), base.packs, "terms and installation")
    cols = {"data_gb": np.array([1.0]), "broadband": np.array([1])}
    assert [a.tolist() for a in plan_prices(catalogue, cols, as_of=AS_OF)] == [[[7000]], [[0]]]
    assert _recommended(catalogue, {"data_gb": 1, "needs": {"broadband": True}}) == [("p", 7000)]


def test_a_tie_between_bundles_the_tables_choose_is_decided_without_pricing_rows_line_by_line(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Plans a and b at ¥100 with 10 GB then ¥10 a started GB; a sells a-10 (¥20, 10 GB), b sells b-20 (¥20, 20 GB).
    15 GB: 5 GB of overage (¥50) costs more than either pack, so each buys its pack: ¥120.00 on both, 20 GB (5 GB to
    spare) on a, 30 GB (15 GB) on b: b by its headroom.  The bundles decoded from the tables are priced at their
    totals, so no row is priced line by line (``break_tie``: a third of the batch's time where it was)."""
    catalogue = Catalogue((_plan("a", 10_000, data_mb=Tariff(10 * GB, GB, 1000)),
                           _plan("b", 10_000, data_mb=Tariff(10 * GB, GB, 1000))), (
        Pack("a-10", "op", "a-10", 2000, {"data_mb": 10 * GB}, plans=frozenset({"a"})),
        Pack("b-20", "op", "b-20", 2000, {"data_mb": 20 * GB}, plans=frozenset({"b"}))), "decoded ties")
    assert _recommended(catalogue, {"data_gb": 15}) == [("b", 12_000), ("a", 12_000)]

    def line_by_line(*args: object, **kwargs: object) -> int:
        raise AssertionError("a tie the tables answer was priced line by line")

    monkeypatch.setattr(batch_module, "break_tie", line_by_line)
    cols = {"data_gb": np.array([15.0, 15.0])}
    assert [a.tolist() for a in best_plans(catalogue, cols, as_of=AS_OF)] == [[1, 1], [12_000, 12_000]]


def test_a_few_rows_short_on_voice_among_many_pay_their_own_overage() -> None:
    """One row in four over its 100 minutes (the other meters looked up on those rows only): 150 minutes on p are
    ¥50 + 50 × ¥0.10 = ¥55.00, 100 minutes ¥50.00, 30 minutes and 12 GB ¥50 + 2 × ¥3 = ¥56.00."""
    catalogue = Catalogue((_plan("p", 5000),), (), "voice")
    cols = {"data_gb": np.array([1.0, 1.0, 12.0, 1.0]), "voice_minutes": np.array([0, 100, 30, 150])}
    assert plan_totals(catalogue, cols, as_of=AS_OF).tolist() == [[5000], [5000], [5600], [5500]]
    assert _recommended(catalogue, {"data_gb": 1, "voice_minutes": 150}) == [("p", 5500)]


def test_a_plan_sold_to_new_customers_is_not_scored_for_its_operator_s_customers() -> None:
    """Plan n (¥40) is sold to op's new customers only, p (¥50) to anyone: a row saying it is op's customer may buy p
    only (n ``INF``, best p at ¥50.00); a row saying nothing, or another operator's customer, may buy both (n at
    ¥40.00)."""
    catalogue = Catalogue((dataclasses.replace(_plan("n", 4000), rule=SaleConditions(customers="new")),
                           _plan("p", 5000)), (), "new customers")
    cols = {"data_gb": np.array([1.0, 1.0, 1.0]), "customer_of": np.array(["op", "", "other"], dtype=object)}
    assert plan_totals(catalogue, cols, as_of=AS_OF).tolist() == [[INF, 5000], [4000, 5000], [4000, 5000]]
    assert [a.tolist() for a in best_plans(catalogue, cols, as_of=AS_OF)] == [[1, 0, 0], [5000, 4000, 4000]]
    assert _recommended(catalogue, {"data_gb": 1, "about": {"customer_of": "op"}}) == [("p", 5000)]
