"""The what-if summary's own arithmetic on counters and matrices made by hand: quantiles, stats, the histograms' bins at
their edges, the moves listed, the bands' bounds."""

import dataclasses
import datetime
import json

import numpy as np

from recommender.batch import summary, whatif
from recommender.catalogue import Catalogue, load_sources

DAY = datetime.date(2026, 3, 1)


def test_the_savings_histogram_puts_each_edge_in_its_bin() -> None:
    """Bins (fen): < -10000, [-10000, -5000), [-5000, -2000), [-2000, -1000), [-1000, -500), [-500, 0), 0,
    (0, 500], (500, 1000], (1000, 2000], (2000, 5000], (5000, 10000], > 10000: a negative bin holds its low edge, a
    positive one its high edge.  -10001 → 1st; -10000 and -5001 → 2nd; -5000 → 3rd; -1 → 6th; 0 → 7th; 1 and 500 →
    8th; 501 → 9th; 10000 → 12th; 10001 → 13th."""
    amounts = [-10001, -10000, -5001, -5000, -1, 0, 1, 500, 501, 10000, 10001]
    histogram = summary.savings_histogram(whatif.count(np.array(amounts)))
    assert histogram["counts"] == [1, 2, 1, 0, 0, 1, 1, 2, 1, 0, 0, 1, 1]
    assert histogram["labels"] == ["< -¥100", "-¥100 to -¥50", "-¥50 to -¥20", "-¥20 to -¥10", "-¥10 to -¥5",
                                   "-¥5 to ¥0", "¥0", "¥0 to ¥5", "¥5 to ¥10", "¥10 to ¥20", "¥20 to ¥50",
                                   "¥50 to ¥100", "> ¥100"]
    # the same people three times over: three times the counts
    tripled = summary.savings_histogram((np.array(sorted(amounts)), np.full(len(amounts), 3)))
    assert tripled["counts"] == [3 * c for c in histogram["counts"]]


def test_the_pay_histogram_puts_each_edge_in_its_bin() -> None:
    """Bins [0, ¥50), [¥50, ¥100), … [¥700, ¥1000), ≥ ¥1000: 0 and 4999 fen → 1st, 5000 → 2nd, 99999 → 11th,
    100000 → 12th."""
    histogram = summary.pay_histogram(whatif.count(np.array([0, 4999, 5000, 99999, 100000])))
    assert histogram["counts"] == [2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1]
    assert histogram["labels"] == ["¥0–50", "¥50–100", "¥100–150", "¥150–200", "¥200–250", "¥250–300", "¥300–350",
                                   "¥350–400", "¥400–500", "¥500–700", "¥700–1000", "≥ ¥1000"]


def test_quantiles_and_stats_at_their_edges() -> None:
    """Nearest rank: the smallest amount with at least ⌈q·n⌉ profiles at or below it.  Amounts 100 (×2), 200 (×1),
    300 (×1): n = 4, median ⌈2⌉ = 2nd → 100, p90 ⌈3.6⌉ = 4th → 300, q = 0.75 ⌈3⌉ = 3rd → 200, q = 0 → the 1st;
    sum 700, mean 175.0.  One profile: every quantile is its amount; none: None."""
    counter = (np.array([100, 200, 300]), np.array([2, 1, 1]))
    assert [summary.quantile(counter, q) for q in (0.0, 0.5, 0.75, 0.9, 1.0)] == [100, 100, 200, 300, 300]
    assert summary.stats(counter) == {"profiles": 4, "sum_fen": 700, "mean_fen": 175.0, "median_fen": 100,
                                      "p90_fen": 300, "min_fen": 100, "max_fen": 300}
    one = whatif.count(np.array([-250]))
    assert summary.stats(one) == {"profiles": 1, "sum_fen": -250, "mean_fen": -250.0, "median_fen": -250,
                                  "p90_fen": -250, "min_fen": -250, "max_fen": -250}
    assert summary.stats(whatif.EMPTY) == {"profiles": 0, "sum_fen": 0, "mean_fen": None, "median_fen": None,
                                           "p90_fen": None, "min_fen": None, "max_fen": None}
    # a mean of thirds, to the hundredth of a fen: (1 + 1 + 2) / 3 = 1.333…
    assert summary.stats((np.array([1, 2]), np.array([2, 1])))["mean_fen"] == 1.33


def test_the_moves_listed_are_those_between_plans_most_first() -> None:
    """A matrix of 0 (nowhere / unknown), p, q by 0, p, q: the diagonal is no move; from nowhere counts as a move of
    the best plan, not of the current plan (``known_from``); the most profiles first, equal counts by from, then to
    ("None" as text: after the plan ids' letters)."""
    ids: list[str | None] = [None, "p", "q"]
    matrix = np.array([[5, 2, 0], [3, 9, 3], [1, 0, 7]])
    assert summary._switches(matrix, ids, ids, known_from=False) == [
        {"from": "p", "to": None, "profiles": 3}, {"from": "p", "to": "q", "profiles": 3},
        {"from": None, "to": "p", "profiles": 2}, {"from": "q", "to": None, "profiles": 1}]
    assert summary._switches(matrix, ids, ids, known_from=True) == [
        {"from": "p", "to": None, "profiles": 3}, {"from": "p", "to": "q", "profiles": 3},
        {"from": "q", "to": None, "profiles": 1}]


def test_each_band_s_bounds() -> None:
    """Age bands 0-15 … 60+ (edges 16, 31, 46, 60), data bands 0-5 … 150+ (edges 5, 10, 20, 40, 80, 150): the low
    bound in the band, the high one not; the last band open."""
    assert whatif.band_codes("age") == ["0-15", "16-30", "31-45", "46-59", "60+"]
    assert whatif.band_codes("data_gb") == ["0-5", "5-10", "10-20", "20-40", "40-80", "80-150", "150+"]
    assert [summary._bounds("age", code) for code in whatif.band_codes("age")] == [
        {"low": 0, "high": 16}, {"low": 16, "high": 31}, {"low": 31, "high": 46}, {"low": 46, "high": 60},
        {"low": 60, "high": None}]
    assert summary._bounds("data_gb", "0-5") == {"low": 0, "high": 5}
    assert summary._bounds("data_gb", "150+") == {"low": 150, "high": None}
    assert summary._bounds("data_gb", None) == summary._bounds("region", "CN-BJ") == {}


def test_shares_and_means_of_nothing_are_zero_or_none() -> None:
    """1 of 3 = 0.333333 (six places), 2 of 3 = 0.666667; of none: 0.0.  Means to the hundredth: 10 / 3 = 3.33."""
    assert (summary._share(1, 3), summary._share(2, 3), summary._share(0, 0), summary._share(3, 3)) == \
        (0.333333, 0.666667, 0.0, 1.0)
    assert (summary._mean(10, 3), summary._mean(-10, 4), summary._mean(5, 0)) == (3.33, -2.5, None)



def _catalogue(plans: int) -> Catalogue:
    """``plans`` plans p0, p1, … of one operator (¥10 each: the figures here come from partials made by hand)."""
    def fig(value: object) -> dict[str, object]:
        return {"value": value, "source": "assumption: test"}
    doc = {"operator": {"id": "op", "name": "op", "name_en": "op"}, "currency": "CNY", "plans": [
        {"id": f"p{i}", "name": f"p{i}", "name_en": f"p{i}", "monthly_fee": fig(10), "data_gb": fig(10),
         "voice_minutes": fig(100), "sms": fig(10), "downlink_mbps": fig(1000), "uplink_mbps": fig(100),
         "overage": {"data_per_gb": fig(3), "voice_per_minute": fig("0.1"), "sms_each": fig("0.1")}}
        for i in range(plans)]}
    return load_sources([("op.yaml", json.dumps(doc).encode())])


def test_fifty_moves_are_listed_and_all_are_counted() -> None:
    """Eight plans, one profile making each of the 8 × 7 = 56 moves between two of them, of the best plan and from
    the current plan (the same without the edit): 50 listed, 56 counted, 56 profiles changing plan."""
    catalogue = _catalogue(8)
    total = whatif.Partial.empty(8, 8)
    moves = np.ones((9, 9), dtype=np.int64) - np.eye(9, dtype=np.int64)
    moves[0, :] = moves[:, 0] = 0  # (index 0: no plan)
    total.profiles, total.switch, total.current_switch, total.went_before = 56, moves, moves, moves
    doc = summary.summarise(total, catalogue, catalogue, DAY)
    assert (len(doc["switches"]["top"]), doc["switches"]["pairs"], doc["switches"]["changed_best_plan"]) == (50, 56, 56)
    current = doc["current_switches"]
    assert (len(current["top"]), current["pairs"], current["changed_plan"], current["changed_plan_before"]) == \
        (50, 56, 56, 56)
    # equal counts: by from, then to
    assert doc["switches"]["top"][:2] == [{"from": "p0", "to": "p1", "profiles": 1},
                                          {"from": "p0", "to": "p2", "profiles": 1}]
    assert current["top"][-1] == {"from": "p7", "to": "p0", "profiles": 1, "profiles_without_edit": 1}  # (the 50th)


FIELDS = (4, 2, 1, 0, 3, 1, 500, 1, 200, 10_000, 9_800, 1, 2)
"""A segment's ``whatif.SEGMENT_FIELDS``: 4 profiles, 2 changing best plan, 1 fitting nothing before, 0 after, 3
fitting both, 1 saving ¥5, 1 paying ¥2 more, revenue ¥100 → ¥98, 1 changing plan with the edit, 2 without it."""


def test_each_segment_lists_its_own_moves_regions_in_code_order_those_not_said_last() -> None:
    """Regions CN-SH, None, CN-BJ (in the partial's order) are listed CN-BJ, CN-SH, None; ages 16-30 and None.  CN-BJ's
    moves, 1 × p0 → p1 and 3 × p1 → p0, most first; the age not said has a move of its own (p0 → p1, 2), not the
    region not said's; data_gb is not in the population: no segments, whatever the partial holds.  From ``FIELDS``:
    savings ¥5 − ¥2 = ¥3 over 3 fitting both: ¥1.00 a person; 2 of 4 changing best plan: 0.5."""
    total = whatif.Partial.empty(2, 2)
    total.segments = {(column, code): FIELDS for column, code in (
        ("region", "CN-SH"), ("region", None), ("region", "CN-BJ"), ("age", None), ("age", "16-30"),
        ("data_gb", "0-5"))}
    total.segment_moves = {("region", "CN-BJ", 1, 2): 1, ("region", "CN-BJ", 2, 1): 3, ("age", None, 1, 2): 2}
    total.segment_columns = frozenset({"region", "age"})
    columns = {c["column"]: c for c in summary.segments(total, [None, "p0", "p1"], [None, "p0", "p1"])}
    assert [(c, columns[c]["in_population"]) for c in columns] == [("region", True), ("age", True), ("data_gb", False)]
    assert [r["segment"] for r in columns["region"]["segments"]] == ["CN-BJ", "CN-SH", None]
    assert [(r["segment"], r.get("low"), r.get("high")) for r in columns["age"]["segments"]] == [
        ("16-30", 16, 31), (None, None, None)]
    assert columns["data_gb"]["segments"] == []
    tops = {(c, r["segment"]): (r["top"], r["pairs"]) for c in ("region", "age") for r in columns[c]["segments"]}
    assert tops == {("region", "CN-BJ"): ([{"from": "p1", "to": "p0", "profiles": 3},
                                          {"from": "p0", "to": "p1", "profiles": 1}], 2),
                    ("region", "CN-SH"): ([], 0), ("region", None): ([], 0),
                    ("age", "16-30"): ([], 0), ("age", None): ([{"from": "p0", "to": "p1", "profiles": 2}], 1)}
    row = columns["region"]["segments"][0]
    assert {k: v for k, v in row.items() if k not in ("top", "pairs")} == {
        "segment": "CN-BJ", "profiles": 4, "no_fit_before": 1, "no_fit_after": 0, "changed_best_plan": 2,
        "share_changed_best_plan": 0.5, "profiles_fitting_both": 3, "savings_fen": 300, "mean_savings_fen": 100.0,
        "profiles_saving": 1, "saved_fen": 500, "mean_saved_fen": 500.0, "profiles_paying_more": 1,
        "extra_cost_fen": 200, "mean_extra_cost_fen": 200.0, "revenue_fen_before": 10_000, "revenue_fen_after": 9_800,
        "changed_plan": 1, "changed_plan_before": 2}


def test_a_plan_in_another_currency_on_one_side_says_nothing_unscored() -> None:
    """p1, with a benefit (which no row values: ``summary.UNSCORED``), priced in dollars in the candidate: its row is
    ``other_currency``, not compared, so it lists nothing unscored (an added or removed plan would list "benefits")."""
    baseline = _catalogue(2)
    benefit = dataclasses.replace(baseline.plans[1], benefits=frozenset({"cloud-drive"}))
    baseline = Catalogue((baseline.plans[0], benefit), baseline.packs, "base")
    candidate = Catalogue((baseline.plans[0], dataclasses.replace(benefit, currency="USD")), baseline.packs, "cand")
    doc = summary.summarise(whatif.Partial.empty(2, 1), baseline, candidate, DAY)
    rows = {row["plan_id"]: (row["status"], row["unscored"]) for row in doc["plans"]}
    assert rows == {"p0": ("unchanged", []), "p1": ("other_currency", [])}
