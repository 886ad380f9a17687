"""The what-if's figures on a population and two catalogues small enough to work out by hand.

Two operators, three plans (every figure sourced "assumption: test"; overage ¥3 a started GB, ¥0.10 a minute and an
SMS; 100 SMS each):

=====  ========  ======  =======  ========  ===================
plan   operator  fee     data     minutes   uplink (Mbps)
=====  ========  ======  =======  ========  ===================
a-30   op-a      ¥30     10 GB    100       100
a-50   op-a      ¥50     40 GB    1000      100
b-45   op-b      ¥45     40 GB    300       200
=====  ========  ======  =======  ========  ===================

The edit (the candidate): a-30 raised to ¥35, b-45 cut to ¥40.  Six people, one a row (no contract terms: what a
person pays a month is the plan's fee plus overage):

- R1: 5 GB, 50 min, on a-30: a-30 ¥30 (a-50 ¥50, b-45 ¥45) → after a-30 ¥35 (b-45 ¥40): stays, pays ¥5 more.
- R2: 30 GB, 200 min, on a-50: a-30 30 + 20 × 3 + 100 × 0.1 = ¥100, a-50 ¥50, b-45 ¥45 → b-45 ¥45, after ¥40.
- R3: 30 GB, 200 min, 150 Mbps up, no current plan: only b-45 fits: ¥45 → ¥40.
- R4: 5 GB, 50 min, 300 Mbps up, no current plan: no plan fits, before or after.
- R5: 12 GB, 100 min, on b-45: a-30 30 + 2 × 3 = ¥36 (b-45 ¥45) → after a-30 35 + 6 = ¥41, b-45 ¥40: the best plan
  moves a-30 → b-45, ¥4 more; without the edit they leave b-45 for a-30 (¥36 < ¥45), with it they stay (¥40, the
  least there is).
- R6: 30 GB, 800 min, on a-50: a-30 30 + 60 + 70 = ¥160, a-50 ¥50, b-45 45 + 500 × 0.1 = ¥95 → a-50 ¥50; after b-45
  ¥90: a-50 still, saves 0.
"""

import datetime
import json
from typing import Any

import numpy as np
import pyarrow as pa
import pytest

from recommender.batch import summary, whatif
from recommender.batch.document import Summary
from recommender.catalogue import Catalogue, load_sources

DAY = datetime.date(2026, 3, 1)


def _plan(plan_id: str, fee: str, data_gb: int, minutes: int, uplink: int) -> dict[str, object]:
    def fig(value: object) -> dict[str, object]:
        return {"value": value, "source": "assumption: test"}
    return {"id": plan_id, "name": plan_id, "name_en": plan_id, "monthly_fee": fig(fee), "data_gb": fig(data_gb),
            "voice_minutes": fig(minutes), "sms": fig(100), "downlink_mbps": fig(1000), "uplink_mbps": fig(uplink),
            "overage": {"data_per_gb": fig(3), "voice_per_minute": fig("0.1"), "sms_each": fig("0.1")}}


def _file(operator: str, plans: list[dict[str, object]], country: str | None = None) -> tuple[str, bytes]:
    said = {"id": operator, "name": operator, "name_en": operator, **({"country": country} if country else {})}
    doc = {"operator": said, "currency": "CNY", "plans": plans}
    return f"{operator}.yaml", json.dumps(doc).encode()


def _files(a_30: str, b_45: str) -> list[tuple[str, bytes]]:
    return [_file("op-a", [_plan("a-30", a_30, 10, 100, 100), _plan("a-50", "50", 40, 1000, 100)]),
            _file("op-b", [_plan("b-45", b_45, 40, 300, 200)])]


def _catalogue(a_30: str, b_45: str) -> Catalogue:
    return load_sources(_files(a_30, b_45))


BASELINE_FILES = _files("30", "45")
BASELINE, CANDIDATE = load_sources(BASELINE_FILES), _catalogue("35", "40")

ROWS: dict[str, list[Any]] = {
    "data_gb": [5.0, 30.0, 30.0, 5.0, 12.0, 30.0], "voice_minutes": [50, 200, 200, 50, 100, 800],
    "min_uplink_mbps": [0, 0, 150, 300, 0, 0], "current_plan": ["a-30", "a-50", "", "", "b-45", "a-50"]}


def _batch(rows: dict[str, list[Any]] = ROWS) -> pa.RecordBatch:
    return pa.RecordBatch.from_pydict(rows)


@pytest.fixture(scope="module")
def scorer() -> whatif.Scorer:
    return whatif.Scorer(BASELINE, CANDIDATE, DAY)


@pytest.fixture(scope="module")
def doc(scorer: whatif.Scorer) -> Summary:
    return summary.summarise(whatif.partial(scorer, _batch()), BASELINE, CANDIDATE, DAY)


def test_each_row_s_best_plan_and_pay_before_and_after(scorer: whatif.Scorer) -> None:
    """Row by row (the module's docstring): best plan and pay before and after, pay on the current plan, who stays."""
    current = scorer.current_index(_batch())
    s = scorer.score(whatif.columns_of(_batch()), current)
    ids = [p.id for p in BASELINE.plans]
    assert [ids[i] if i >= 0 else None for i in current] == ["a-30", "a-50", None, None, "b-45", "a-50"]
    assert [ids[i] if i >= 0 else None for i in s.before] == ["a-30", "b-45", "b-45", None, "a-30", "a-50"]
    assert [ids[i] if i >= 0 else None for i in s.after] == ["a-30", "b-45", "b-45", None, "b-45", "a-50"]
    fits = s.before >= 0
    assert s.pay_before[fits].tolist() == [3000, 4500, 4500, 3600, 5000]
    assert s.pay_after[s.after >= 0].tolist() == [3500, 4000, 4000, 4000, 5000]
    known = current >= 0
    assert s.current_pay[known].tolist() == [3000, 5000, 4500, 5000]
    assert s.stay_after[known].tolist() == [3500, 5000, 4000, 5000]
    assert s.stays_before.tolist() == [True, False, False, False, False, True]
    assert s.stays_after.tolist() == [True, False, False, False, True, True]


def test_shares_and_revenue_of_each_plan_and_operator(doc: Summary) -> None:
    """Best plans before: a-30 R1 R5, a-50 R6, b-45 R2 R3, none R4; after: a-30 R1, a-50 R6, b-45 R2 R3 R5.
    Revenue before: a-30 ¥30 + ¥36 = ¥66, a-50 ¥50, b-45 2 × ¥45 = ¥90: ¥206; after: ¥35, ¥50, 3 × ¥40 = ¥120: ¥205."""
    assert doc["profiles"] == 6 and doc["no_fit"] == {"before": 1, "after": 1}
    rows = {p["plan_id"]: p for p in doc["plans"]}
    figures = {pid: (p["status"], p["profiles_before"], p["profiles_after"], p["share_before"], p["share_after"],
                     p["revenue_fen_before"], p["revenue_fen_after"], p["fee_fen_before"], p["fee_fen_after"])
               for pid, p in rows.items()}
    assert figures == {"a-30": ("changed", 2, 1, 0.333333, 0.166667, 6600, 3500, 3000, 3500),
                       "a-50": ("unchanged", 1, 1, 0.166667, 0.166667, 5000, 5000, 5000, 5000),
                       "b-45": ("changed", 2, 3, 0.333333, 0.5, 9000, 12000, 4500, 4000)}
    assert rows["a-30"]["changes"] == ["fee_fen"] and rows["a-50"]["changes"] == []
    assert doc["candidate"]["changed_plans"] == ["a-30", "b-45"]
    assert doc["candidate"]["added_plans"] == doc["candidate"]["removed_plans"] == []
    assert doc["revenue"]["total_fen_before"] == 20_600 and doc["revenue"]["total_fen_after"] == 20_500
    assert doc["revenue"]["change_fen"] == -100
    operators = {o["operator"]: o for o in doc["operators"]}
    assert operators == {
        "op-a": {"operator": "op-a", "profiles_before": 3, "profiles_after": 2, "revenue_fen_before": 11_600,
                 "revenue_fen_after": 8_500, "share_before": 0.5, "share_after": 0.333333},
        "op-b": {"operator": "op-b", "profiles_before": 2, "profiles_after": 3, "revenue_fen_before": 9_000,
                 "revenue_fen_after": 12_000, "share_before": 0.333333, "share_after": 0.5}}


def test_who_moves_where(doc: Summary) -> None:
    """Best plan: R5 a-30 → b-45 alone (R4 nowhere → nowhere is no move).  From the current plan with the edit: R2
    a-50 → b-45 (R5 stays on b-45; R3 and R4 name no plan); without it: R2 a-50 → b-45 and R5 b-45 → a-30."""
    assert doc["switches"] == {"changed_best_plan": 1, "top": [{"from": "a-30", "to": "b-45", "profiles": 1}],
                               "pairs": 1}
    assert doc["current_switches"] == {
        "unknown_current_plan": 2, "changed_plan": 1, "changed_plan_before": 2,
        "top": [{"from": "a-50", "to": "b-45", "profiles": 1, "profiles_without_edit": 1}], "pairs": 1}


def test_each_operator_s_customers_kept_won_and_their_revenue(doc: Summary) -> None:
    """op-a now: R1 (a-30, ¥30), R2 and R6 (a-50, ¥50 each): 3, ¥130.  Without the edit it keeps R1 and R6 and wins
    R5 (b-45 → a-30), paid ¥30 + ¥50 + ¥36 = ¥116; with it it keeps R1 and R6, wins none: ¥35 + ¥50 = ¥85.
    op-b now: R5, ¥45.  Without the edit it keeps none, wins R2 (¥45); with it it keeps R5 and wins R2: 2 × ¥40."""
    customers = {c["operator"]: c for c in doc["customers"]}
    assert customers == {
        "op-a": {"operator": "op-a", "customers_now": 3, "revenue_fen_now": 13_000,
                 "customers_fitting_now": 3, "kept_before": 2, "kept_after": 2,
                 "won_before": 1, "won_after": 0, "revenue_fen_before": 11_600, "revenue_fen_after": 8_500},
        "op-b": {"operator": "op-b", "customers_now": 1, "revenue_fen_now": 4_500,
                 "customers_fitting_now": 1, "kept_before": 0, "kept_after": 1,
                 "won_before": 1, "won_after": 1, "revenue_fen_before": 4_500, "revenue_fen_after": 8_000}}


def test_what_people_pay_and_save(doc: Summary) -> None:
    """Nearest-rank quantiles (n = 4 or 5: the median is the 2nd or 3rd amount, p90 the 4th or 5th).
    Pay before (R1 R2 R3 R5 R6): 30, 45, 45, 36, 50 → sum ¥206, sorted 30 36 45 45 50: median ¥45, p90 ¥50.
    Pay after: 35, 40, 40, 40, 50 → ¥205, median ¥40, p90 ¥50.  Pay now (R1 R2 R5 R6): 30, 50, 45, 50 → ¥175,
    mean ¥43.75, median ¥45, p90 ¥50.  Savings (the five fitting both): −5, +5, +5, −4, 0 → ¥1, mean ¥0.20,
    median 0, p90 ¥5.  Against what they pay now, with the edit (R1 stays at ¥35, R2 goes to ¥40, R5 stays at
    ¥40, R6 stays): −5, +10, +5, 0 → ¥10, median 0, p90 ¥10; without it (R1 stays, R2 ¥45, R5 ¥36, R6 stays):
    0, +5, +9, 0 → ¥14, median 0, p90 ¥9."""
    pay = doc["pay"]
    assert pay["before"] == {"profiles": 5, "sum_fen": 20_600, "mean_fen": 4120.0, "median_fen": 4500,
                             "p90_fen": 5000, "min_fen": 3000, "max_fen": 5000}
    assert pay["after"] == {"profiles": 5, "sum_fen": 20_500, "mean_fen": 4100.0, "median_fen": 4000,
                            "p90_fen": 5000, "min_fen": 3500, "max_fen": 5000}
    assert pay["current"] == {"profiles": 4, "sum_fen": 17_500, "mean_fen": 4375.0, "median_fen": 4500,
                              "p90_fen": 5000, "min_fen": 3000, "max_fen": 5000, "current_plan_does_not_fit": 0}
    # [0, 50) yuan: 30, 36, 45, 45 before and 35, 40, 40, 40 after; [50, 100): the ¥50
    assert pay["histogram_before"]["counts"] == pay["histogram_after"]["counts"] == [4, 1] + [0] * 10
    savings = doc["savings"]
    assert {k: v for k, v in savings.items() if k != "histogram"} == {
        "profiles": 5, "sum_fen": 100, "mean_fen": 20.0, "median_fen": 0, "p90_fen": 500, "min_fen": -500,
        "max_fen": 500, "share_saving": 0.4, "share_paying_more": 0.4, "share_unchanged": 0.2}
    # bins: < -100, [-100, -50), [-50, -20), [-20, -10), [-10, -5), [-5, 0), 0, (0, 5], (5, 10], ... yuan
    assert savings["histogram"]["counts"] == [0, 0, 0, 0, 0, 2, 1, 2, 0, 0, 0, 0, 0]
    vs, vs_before = doc["savings_vs_current"], doc["savings_vs_current_before"]
    assert {k: v for k, v in vs.items() if k != "histogram"} == {
        "profiles": 4, "sum_fen": 1000, "mean_fen": 250.0, "median_fen": 0, "p90_fen": 1000, "min_fen": -500,
        "max_fen": 1000}
    assert vs["histogram"]["counts"] == [0, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0]
    assert {k: v for k, v in vs_before.items() if k != "histogram"} == {
        "profiles": 4, "sum_fen": 1400, "mean_fen": 350.0, "median_fen": 0, "p90_fen": 900, "min_fen": 0,
        "max_fen": 900}
    assert vs_before["histogram"]["counts"] == [0, 0, 0, 0, 0, 0, 2, 1, 1, 0, 0, 0, 0]


def test_the_figures_by_data_band(doc: Summary) -> None:
    """Data bands: R1 and R4 (5 GB) in 5-10, R5 (12 GB) in 10-20, R2 R3 R6 (30 GB) in 20-40; no region or age column.
    5-10: R4 fits nowhere, R1 pays ¥5 more (¥30 → ¥35).  10-20: R5 moves a-30 → b-45, ¥4 more, and would have left
    its plan without the edit.  20-40: R2 and R3 save ¥5 each (¥45 → ¥40), R6 nothing: ¥10 over 3 = ¥3.33 a person;
    revenue 45 + 45 + 50 = ¥140 → 40 + 40 + 50 = ¥130; R2 leaves a-50 with and without the edit."""
    columns = {c["column"]: c for c in doc["segments"]}
    assert [c["column"] for c in doc["segments"]] == ["region", "age", "data_gb"]
    assert (columns["region"]["in_population"], columns["region"]["segments"]) == (False, [])
    assert (columns["age"]["in_population"], columns["age"]["segments"]) == (False, [])
    bands = columns["data_gb"]["segments"]
    assert [(b["segment"], b.get("low"), b.get("high")) for b in bands] == [("5-10", 5, 10), ("10-20", 10, 20),
                                                                            ("20-40", 20, 40)]
    keys = ("profiles", "no_fit_before", "no_fit_after", "changed_best_plan", "share_changed_best_plan",
            "profiles_fitting_both", "savings_fen", "mean_savings_fen", "profiles_saving", "saved_fen",
            "mean_saved_fen", "profiles_paying_more", "extra_cost_fen", "mean_extra_cost_fen", "revenue_fen_before",
            "revenue_fen_after", "changed_plan", "changed_plan_before", "top", "pairs")
    got = [tuple(dict(b)[k] for k in keys) for b in bands]
    assert got == [
        (2, 1, 1, 0, 0.0, 1, -500, -500.0, 0, 0, None, 1, 500, 500.0, 3000, 3500, 0, 0, [], 0),
        (1, 0, 0, 1, 1.0, 1, -400, -400.0, 0, 0, None, 1, 400, 400.0, 3600, 4000, 0, 1,
         [{"from": "a-30", "to": "b-45", "profiles": 1}], 1),
        (3, 0, 0, 0, 0.0, 3, 1000, 333.33, 2, 1000, 500.0, 0, 0, None, 14_000, 13_000, 1, 1, [], 0)]


def test_the_partial_s_matrices(scorer: whatif.Scorer) -> None:
    """Plan axes: 0 nowhere, then a-30, a-50, b-45.  Best plan before → after: R4 0 → 0, R1 a-30 → a-30, R5 a-30 →
    b-45, R6 a-50 → a-50, R2 R3 b-45 → b-45.  Current → where they go with the edit: R3 0 → b-45, R4 0 → 0, R1 a-30 →
    a-30, R2 a-50 → b-45, R6 a-50 → a-50, R5 b-45 → b-45; without it R5 b-45 → a-30.  Current revenue by current
    plan: a-30 ¥30, a-50 ¥100, b-45 ¥45; where they go without the edit: a-30 ¥30 + ¥36, a-50 ¥50, b-45 ¥45 (R2;
    R3 names no plan); with it: a-30 ¥35, a-50 ¥50, b-45 2 × ¥40."""
    total = whatif.partial(scorer, _batch())
    assert total.profiles == 6 and total.current_unfit == 0
    assert total.before.tolist() == [1, 2, 1, 2] and total.after.tolist() == [1, 1, 1, 3]
    assert total.switch.tolist() == [[1, 0, 0, 0], [0, 1, 0, 1], [0, 0, 1, 0], [0, 0, 0, 2]]
    assert total.current_switch.tolist() == [[1, 0, 0, 1], [0, 1, 0, 0], [0, 0, 1, 1], [0, 0, 0, 1]]
    assert total.went_before.tolist() == [[1, 0, 0, 1], [0, 1, 0, 0], [0, 0, 1, 1], [0, 1, 0, 0]]
    assert total.revenue_before.tolist() == [0, 6600, 5000, 9000]
    assert total.revenue_after.tolist() == [0, 3500, 5000, 12_000]
    assert total.current_revenue.tolist() == [0, 3000, 10_000, 4500]
    assert total.went_revenue_before.tolist() == [0, 6600, 5000, 4500]
    assert total.went_revenue_after.tolist() == [0, 3500, 5000, 8000]


def test_the_partials_of_any_split_merge_to_the_whole(scorer: whatif.Scorer, doc: Summary) -> None:
    """Rows 1-2, 3, 4-6 scored apart and merged, in either order, say what the six scored together say."""
    parts = [_batch({k: v[a:b] for k, v in ROWS.items()}) for a, b in ((0, 2), (2, 3), (3, 6))]
    partials = [whatif.partial(scorer, part) for part in parts]
    for order in (partials, partials[::-1]):
        total = whatif.Partial.empty(len(BASELINE.plans), len(CANDIDATE.plans))
        for one in order:
            total = total.merge(one)
        assert summary.summarise(total, BASELINE, CANDIDATE, DAY) == doc


def test_counters_merge_exactly() -> None:
    """Amounts 1, 3 (×2) and 3, 5 merge to 1, 3 (×3), 5; an empty counter on either side changes nothing."""
    a = whatif.count(np.array([3, 1, 3]))
    b = whatif.count(np.array([5, 3]))
    for merged in (whatif.merge_counters(a, b), whatif.merge_counters(b, a)):
        assert (merged[0].tolist(), merged[1].tolist()) == ([1, 3, 5], [1, 3, 1])
    for merged in (whatif.merge_counters(a, whatif.EMPTY), whatif.merge_counters(whatif.EMPTY, a)):
        assert (merged[0].tolist(), merged[1].tolist()) == ([1, 3], [1, 2])


def test_a_row_that_fits_one_side_only_saves_nothing_and_is_counted_apart() -> None:
    """The edit removes b-45 (op-b's file gone).  R1 (5 GB) keeps a-30 at ¥30: saves 0.  R3 (150 Mbps up) had b-45 at
    ¥45 and now fits nothing: in no savings, no pay after, counted in ``no_fit`` after; its ¥45 leaves revenue.
    R2 (30 GB, 200 min, on a-50) had b-45 at ¥45 and now a-50 at ¥50: pays ¥5 more."""
    candidate = load_sources([_file("op-a", [_plan("a-30", "30", 10, 100, 100), _plan("a-50", "50", 40, 1000, 100)])])
    rows = {k: [v[0], v[1], v[2]] for k, v in ROWS.items()}
    scorer = whatif.Scorer(BASELINE, candidate, DAY)
    doc = summary.summarise(whatif.partial(scorer, _batch(rows)), BASELINE, candidate, DAY)
    assert doc["no_fit"] == {"before": 0, "after": 1}
    assert doc["candidate"]["removed_plans"] == ["b-45"]
    assert (doc["savings"]["profiles"], doc["savings"]["sum_fen"], doc["savings"]["min_fen"]) == (2, -500, -500)
    assert (doc["pay"]["before"]["profiles"], doc["pay"]["after"]["profiles"]) == (3, 2)
    assert (doc["revenue"]["total_fen_before"], doc["revenue"]["total_fen_after"]) == (3000 + 4500 + 4500, 3000 + 5000)
    band = next(c for c in doc["segments"] if c["column"] == "data_gb")["segments"]
    assert [(b["segment"], b["profiles"], b["profiles_fitting_both"], b["no_fit_after"], b["savings_fen"])
            for b in band] == [("5-10", 1, 1, 0, 0), ("20-40", 2, 1, 1, -500)]


def test_added_and_removed_plans_and_an_operator_in_another_currency() -> None:
    """The edit removes b-45 (op-b's file gone) and adds c-20 of a new operator, op-c (¥20, 5 GB, 50 min, 300 Mbps
    up); op-u sells u-10 in dollars on both sides (not compared: no row, no operator, no customers).
    Q1 (5 GB, 50 min, on b-45): without the edit leaves it for a-30 (¥30), with it for c-20 (¥20), a plan the
    baseline lacks (0 without the edit).  Q2 (30 GB, 200 min, on a-50): without the edit leaves it for b-45 (¥45);
    with it c-20 is 20 + 25 × 3 + 150 × 0.1 = ¥110, a-30 ¥100, a-50 ¥50: stays.  Q3 (5 GB, 50 min, 250 Mbps up, no
    current plan): nothing fits, then c-20.  Q4 (5 GB, 50 min, 150 Mbps up, no current plan): b-45 (¥45), then c-20."""
    dollars = _file("op-u", [_plan("u-10", "10", 10, 100, 100)])
    dollars = (dollars[0], dollars[1].replace(b'"CNY"', b'"USD"'))
    baseline = load_sources([*BASELINE_FILES, dollars])
    candidate = load_sources([_file("op-a", [_plan("a-30", "30", 10, 100, 100), _plan("a-50", "50", 40, 1000, 100)]),
                              _file("op-c", [_plan("c-20", "20", 5, 50, 300)]), dollars])
    rows: dict[str, list[Any]] = {"data_gb": [5.0, 30.0, 5.0, 5.0], "voice_minutes": [50, 200, 50, 50],
                                  "min_uplink_mbps": [0, 0, 250, 150], "current_plan": ["b-45", "a-50", "", ""]}
    total = whatif.partial(whatif.Scorer(baseline, candidate, DAY), _batch(rows))
    doc = summary.summarise(total, baseline, candidate, DAY)
    assert (doc["candidate"]["added_plans"], doc["candidate"]["removed_plans"]) == (["c-20"], ["b-45"])
    assert doc["candidate"]["changed_plans"] == []
    assert doc["baseline"]["other_currency_plans"] == [{"plan_id": "u-10", "operator": "op-u", "currency": "USD"}]
    assert doc["no_fit"] == {"before": 1, "after": 0}
    # of 4 profiles: a-30 Q1 → none; a-50 none → Q2; b-45 Q2 Q4 → removed; c-20 added → Q1 Q3 Q4
    figures = {p["plan_id"]: (p["status"], p["fee_fen_before"], p["fee_fen_after"], p["profiles_before"],
                              p["profiles_after"], p["share_before"], p["share_after"], p["revenue_fen_before"],
                              p["revenue_fen_after"], p["changes"], p["unscored"]) for p in doc["plans"]}
    assert figures == {"a-30": ("unchanged", 3000, 3000, 1, 0, 0.25, 0.0, 3000, 0, [], []),
                       "a-50": ("unchanged", 5000, 5000, 0, 1, 0.0, 0.25, 0, 5000, [], []),
                       "b-45": ("removed", 4500, None, 2, 0, 0.5, 0.0, 9000, 0, [], []),
                       "c-20": ("added", None, 2000, 0, 3, 0.0, 0.75, 0, 6000, [], [])}
    assert [(o["operator"], o["profiles_before"], o["profiles_after"]) for o in doc["operators"]] == [
        ("op-a", 1, 1), ("op-b", 2, 0), ("op-c", 0, 3)]
    # every move of the best plan, from no plan too ("None" sorts before the ids)
    assert doc["switches"] == {"changed_best_plan": 4, "pairs": 4, "top": [
        {"from": None, "to": "c-20", "profiles": 1}, {"from": "a-30", "to": "c-20", "profiles": 1},
        {"from": "b-45", "to": "a-50", "profiles": 1}, {"from": "b-45", "to": "c-20", "profiles": 1}]}
    assert doc["current_switches"] == {
        "unknown_current_plan": 2, "changed_plan": 1, "changed_plan_before": 2,
        "top": [{"from": "b-45", "to": "c-20", "profiles": 1, "profiles_without_edit": 0}], "pairs": 1}
    # op-a: now Q2 on a-50 (¥50); keeps 0 → 1 (Q2 left for b-45 without the edit), wins Q1 without the edit (¥30);
    # op-b: now Q1 (¥45); without the edit wins Q2 at ¥45, with it sells nothing; op-c, new: wins Q1 at ¥20 (Q3 and
    # Q4 name no plan: no one's customers)
    assert doc["customers"] == [
        {"operator": "op-a", "customers_now": 1, "revenue_fen_now": 5000,
         "customers_fitting_now": 1, "kept_before": 0, "kept_after": 1,
         "won_before": 1, "won_after": 0, "revenue_fen_before": 3000, "revenue_fen_after": 5000},
        {"operator": "op-b", "customers_now": 1, "revenue_fen_now": 4500,
         "customers_fitting_now": 1, "kept_before": 0, "kept_after": 0,
         "won_before": 1, "won_after": 0, "revenue_fen_before": 4500, "revenue_fen_after": 0},
        {"operator": "op-c", "customers_now": 0, "revenue_fen_now": 0,
         "customers_fitting_now": 0, "kept_before": 0, "kept_after": 0,
         "won_before": 0, "won_after": 1, "revenue_fen_before": 0, "revenue_fen_after": 2000}]
    # 5-10 GB: Q1, Q3, Q4, each to c-20, from a-30, no plan and b-45 (a plan added differs from every plan before)
    band = next(c for c in doc["segments"] if c["column"] == "data_gb")["segments"]
    assert [(b["segment"], b["profiles"], b["no_fit_before"], b["changed_best_plan"], b["pairs"]) for b in band] == [
        ("5-10", 3, 1, 3, 3), ("20-40", 1, 0, 1, 1)]


def test_a_row_naming_no_plan_keeps_none_and_one_whose_plan_cannot_serve_goes_nowhere(scorer: whatif.Scorer) -> None:
    """N1 (5 GB, 50 min, no current plan): a-30 (¥30, then ¥35) is its best, but it keeps no plan.  N2 (5 GB, 50 min,
    300 Mbps up, on a-30): neither a-30 nor any plan fits: it does not stay on a-30, it goes nowhere (a move from
    a-30 to no plan), its current plan counted as not meeting its needs; merged with itself, counted twice.  N3 (5 GB,
    50 min, on a-50, ¥50): leaves it for a-30, the first plan, at ¥30 and at ¥35."""
    rows: dict[str, list[Any]] = {"data_gb": [5.0, 5.0, 5.0], "voice_minutes": [50, 50, 50],
                                  "min_uplink_mbps": [0, 300, 0], "current_plan": ["", "a-30", "a-50"]}
    s = scorer.score(whatif.columns_of(_batch(rows)), scorer.current_index(_batch(rows)))
    assert (s.stays_before.tolist(), s.stays_after.tolist()) == ([False, False, False], [False, False, False])
    assert s.current_pay[0] == whatif.NONE and s.before.tolist() == [0, whatif.NONE, 0]
    one = whatif.partial(scorer, _batch(rows))
    doc = summary.summarise(one, BASELINE, CANDIDATE, DAY)
    assert doc["pay"]["current"]["current_plan_does_not_fit"] == 1 and doc["pay"]["current"]["profiles"] == 1
    assert doc["current_switches"] == {"unknown_current_plan": 1, "changed_plan": 2, "changed_plan_before": 2,
                                       "top": [{"from": "a-30", "to": None, "profiles": 1, "profiles_without_edit": 1},
                                               {"from": "a-50", "to": "a-30", "profiles": 1,
                                                "profiles_without_edit": 1}], "pairs": 2}
    assert one.merge(one).current_unfit == 2


def test_a_saving_of_one_fen_is_a_saving() -> None:
    """a-30 cut from ¥30.00 to ¥29.99: R1 (5 GB, 50 min) saves 1 fen: one profile saving, share 1.0, 1 fen saved."""
    candidate = _catalogue("29.99", "45")
    doc = summary.summarise(whatif.partial(whatif.Scorer(BASELINE, candidate, DAY),
                                           _batch({"data_gb": [5.0], "voice_minutes": [50]})), BASELINE, candidate, DAY)
    assert doc["no_fit"] == {"before": 0, "after": 0}
    savings = doc["savings"]
    assert (savings["sum_fen"], savings["share_saving"], savings["share_unchanged"]) == (1, 1.0, 0.0)
    band = next(c for c in doc["segments"] if c["column"] == "data_gb")["segments"]
    assert [(b["segment"], b["profiles_saving"], b["saved_fen"], b["mean_saved_fen"]) for b in band] == [
        ("5-10", 1, 1, 1.0)]


def test_a_region_of_a_market_the_edit_adds_is_read() -> None:
    """The edit adds op-x, selling in the US (``operator.country``), with x-10 (¥10, 10 GB, 100 min).  A person in
    US-CA (5 GB, 50 min) had no plan (op-a sells in China) and takes x-10 at ¥10; one in CN-BJ keeps a-30 at ¥30 (x-10
    is not sold there).  The US region is one of the what-if's markets (either catalogue's), not refused."""
    candidate = load_sources([*BASELINE_FILES, _file("op-x", [_plan("x-10", "10", 10, 100, 100)], "US")])
    rows: dict[str, list[Any]] = {"data_gb": [5.0, 5.0], "voice_minutes": [50, 50], "region": ["US-CA", "CN-BJ"]}
    doc = summary.summarise(whatif.partial(whatif.Scorer(BASELINE, candidate, DAY), _batch(rows)), BASELINE,
                            candidate, DAY)
    assert doc["no_fit"] == {"before": 1, "after": 0}
    assert doc["switches"]["top"] == [{"from": None, "to": "x-10", "profiles": 1}]
    assert (doc["pay"]["after"]["sum_fen"], doc["pay"]["before"]["sum_fen"]) == (1000 + 3000, 3000)
    regions = next(c for c in doc["segments"] if c["column"] == "region")["segments"]
    assert [(r["segment"], r["profiles"], r["no_fit_before"], r["changed_best_plan"]) for r in regions] == [
        ("CN-BJ", 1, 0, 0), ("US-CA", 1, 1, 1)]


def test_each_savings_against_current_histogram_says_who_its_negative_bins_are(doc: Summary) -> None:
    """Found by a user test: both histograms against the current plan said their negative bins were of people whose
    plan does not meet their needs, who are left out of both.  With the edit, R1 stays on a-30, raised ¥30 → ¥35:
    one profile in [-¥5, ¥0), their own plan made dearer.  With a-30 removed instead (the candidate a-50 and b-45
    at ¥40), R1 must leave it for b-45 at ¥40: one in [-¥10, -¥5), their plan removed.  Without the edit a person
    leaves their plan only for one that costs less: no negative bin, whichever edit, and its note says so."""
    negative = slice(0, 6)  # (< -¥100 … [-¥5, ¥0))
    removed = load_sources([_file("op-a", [_plan("a-50", "50", 40, 1000, 100)]),
                            _file("op-b", [_plan("b-45", "40", 40, 300, 200)])])
    without_a_30 = summary.summarise(whatif.partial(whatif.Scorer(BASELINE, removed, DAY), _batch()), BASELINE,
                                     removed, DAY)
    assert doc["savings_vs_current"]["histogram"]["counts"][negative] == [0, 0, 0, 0, 0, 1]
    assert without_a_30["savings_vs_current"]["histogram"]["counts"][negative] == [0, 0, 0, 0, 1, 0]
    for edited in (doc, without_a_30):
        assert edited["savings_vs_current_before"]["histogram"]["counts"][negative] == [0] * 6
        assert edited["savings_vs_current"]["histogram"]["note"] == (
            "savings against the current plan in yuan a month, where the person goes with the edit; negative bins: "
            "these profiles pay more than now because the edit made their own plan dearer (its fee, its terms or a "
            "pack they need: they stay on it, or leave it for a plan dearer than theirs was), removed it, or made it "
            "no longer meet their needs, and nothing left to them costs what they paid (profiles whose plan does not "
            "meet their needs now are left out)")
        assert edited["savings_vs_current_before"]["histogram"]["note"] == (
            "savings against the current plan in yuan a month, where the person goes without the edit; no bin is "
            "negative: a person leaves their plan only for one that costs less (profiles whose plan does not meet "
            "their needs now are left out)")
