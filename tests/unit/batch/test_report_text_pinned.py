"""The what-if's terminal report, its labels and its charts' geometry, worked out by hand.

The document is ``test_whatif_pinned``'s six people (``test_report_pinned`` pins its whole terminal summary and its
page), edited here where a figure needs to be wider, longer or absent: a report is a function of its document, so a
document edited by hand is read as one written by the what-if.
"""

from typing import cast

import pytest

from recommender.batch import report, summary, whatif
from recommender.batch.document import (
    ConditionChange,
    CurrentPayStats,
    CurrentSwitches,
    ExtraLinesChange,
    PackChange,
    Pay,
    PlanRow,
    SegmentRow,
    Summary,
    Switch,
    Switches,
    TermChange,
)
from tests.unit.batch.test_report_pinned import tables
from tests.unit.batch.test_whatif_pinned import BASELINE, CANDIDATE, DAY, _batch


@pytest.fixture(scope="module")
def doc() -> Summary:
    return summary.summarise(whatif.partial(whatif.Scorer(BASELINE, CANDIDATE, DAY), _batch()), BASELINE, CANDIDATE,
                             DAY)


def _plans_table(text: str) -> list[str]:
    """The plan table's lines: its heading ("plan ...") to its total."""
    lines = text.splitlines()
    start = next(k for k, line in enumerate(lines) if line.startswith("plan "))
    end = next(k for k, line in enumerate(lines) if line.startswith("total "))
    return lines[start:end + 1]


def test_the_money_columns_are_as_wide_as_the_widest_sum_and_a_space(doc: Summary) -> None:
    """a-30's revenue before made ¥1,234,567,890.12 (17 columns): the two revenue columns are 17 + 1 = 18 wide (not
    the least, 16); its change ¥35.00 − ¥1,234,567,890.12 = -¥1,234,567,855.12 (18 columns) makes the change column
    18 + 1 = 19.  The total ¥1,234,567,890.12 + ¥50 + ¥90 = ¥1,234,568,030.12 → ¥205.00, change -¥1,234,567,825.12.
    The plan column 18 (ids of 4 and their mark), the operator's 14, "total" across both and the space: 33."""
    plans: list[PlanRow] = [{**doc["plans"][0], "revenue_fen_before": 123_456_789_012}, *doc["plans"][1:]]
    wide: Summary = {**doc, "plans": plans, "revenue": {**doc["revenue"], "total_fen_before": 123_456_803_012,
                                                        "change_fen": 20_500 - 123_456_803_012}}
    assert _plans_table(report.terminal(wide)) == [
        f"{'plan':<18} {'operator':<14} {'share before':>12} {'after':>9} {'revenue before':>18} {'after':>18} "
        f"{'change':>19}",
        f"{'a-30 *':<18} {'op-a':<14} {'33.33 %':>12} {'16.67 %':>9} {'¥1,234,567,890.12':>18} {'¥35.00':>18} "
        f"{'-¥1,234,567,855.12':>19}",
        f"{'a-50':<18} {'op-a':<14} {'16.67 %':>12} {'16.67 %':>9} {'¥50.00':>18} {'¥50.00':>18} {'¥0.00':>19}",
        f"{'b-45 *':<18} {'op-b':<14} {'33.33 %':>12} {'50.00 %':>9} {'¥90.00':>18} {'¥120.00':>18} "
        f"{'+¥30.00':>19}",
        f"{'total':<33} {'':>12} {'':>9} {'¥1,234,568,030.12':>18} {'¥205.00':>18} {'-¥1,234,567,825.12':>19}"]


def test_the_change_column_is_as_wide_as_the_changes_not_the_sums(doc: Summary) -> None:
    """b-45 made ¥600,000.00 → ¥500,000.00: its change -¥100,000.00 is 12 columns, so the change column keeps its
    least, 14 (a sum ¥1,100,000.00 would be 14 + 1); the revenue columns their 16 (¥600,116.00 is 11)."""
    plans: list[PlanRow] = [*doc["plans"][:2], {**doc["plans"][2], "revenue_fen_before": 60_000_000,
                                                "revenue_fen_after": 50_000_000}]
    edited: Summary = {**doc, "plans": plans, "revenue": {**doc["revenue"], "total_fen_before": 60_011_600,
                                                          "total_fen_after": 50_008_500, "change_fen": -10_003_100}}
    table = _plans_table(report.terminal(edited))
    assert table[0] == f"{'plan':<18} {'operator':<14} {'share before':>12} {'after':>9} {'revenue before':>16} " \
        f"{'after':>16} {'change':>14}"
    assert table[3] == f"{'b-45 *':<18} {'op-b':<14} {'33.33 %':>12} {'50.00 %':>9} {'¥600,000.00':>16} " \
        f"{'¥500,000.00':>16} {'-¥100,000.00':>14}"


def _moves(count: int, prefix: str) -> list[Switch]:
    """``count`` moves p0 → q ... with count, count − 1, ... 1 profiles."""
    return [{"from": f"{prefix}{i}", "to": "q", "profiles": count - i} for i in range(count)]


def _from_current(count: int) -> list[Switch]:
    """``_moves`` from current plans c0 ... each with 1 profile making the move without the edit too."""
    return [{**move, "profiles_without_edit": 1} for move in _moves(count, "c")]


def _without(doc: Summary, key: str) -> Summary:
    """The document without ``key`` (as one written before it)."""
    return cast(Summary, {k: v for k, v in doc.items() if k != key})


def test_the_terminal_lists_ten_best_plan_moves_and_five_from_the_current_plan(doc: Summary) -> None:
    """Twelve best-plan moves of 12, 11, ... 1 profiles (78 in all; 78 / 6 = 1300.00 % of the document's six, edited
    by hand): ten listed, their column as wide as the longest id among them (the tenth's, 'p9-a-twenty-one-chars',
    21; the eleventh's longer id, 24, is not listed), and "… 2 more moves: 2 + 1 = 3 profiles".  Seven moves from
    the current plan of 7 ... 1 profiles (28): five listed, the second to no plan ("(nothing fits)"), the fourth with
    no count without the edit (0), the fifth's id of 20 setting the width (the sixth's 23 not listed), and "… 2 more
    moves: 2 + 1 = 3 profiles"."""
    best = _moves(12, "p")
    best[9]["from"], best[10]["from"] = "p9-a-twenty-one-chars", "p10-an-id-of-twenty-five"
    current = _from_current(7)
    current[1]["to"] = None
    del current[3]["profiles_without_edit"]
    current[4]["from"], current[5]["from"] = "c4-an-id-of-twenty-x", "c5-an-id-of-twenty-four"
    assert [len(m["from"] or "") for m in (best[9], best[10], current[4], current[5])] == [21, 24, 20, 23]
    switches: Switches = {"changed_best_plan": 78, "pairs": 12, "top": best}
    current_switches: CurrentSwitches = {**doc["current_switches"], "changed_plan": 28, "changed_plan_before": 9,
                                         "pairs": 7, "top": current}
    lines = report.terminal({**doc, "switches": switches, "current_switches": current_switches}).splitlines()
    start = lines.index("best plan changes for 78 profiles (1300.00 %):")
    assert lines[start + 1:start + 20] == [
        *(f"  {f'p{i}':>21} → {'q':<21} {12 - i:>12}" for i in range(9)),
        f"  p9-a-twenty-one-chars → {'q':<21} {3:>12}",
        "  … 2 more moves: 3 profiles",
        "current plan → best after the edit: 28 would move (9 without the edit); top moves:",
        f"  {'c0':>20} → {'q':<20} {7:>12}  (1 without the edit)",
        f"  {'c1':>20} → {'(nothing fits)':<20} {6:>12}  (1 without the edit)",
        f"  {'c2':>20} → {'q':<20} {5:>12}  (1 without the edit)",
        f"  {'c3':>20} → {'q':<20} {4:>12}  (0 without the edit)",
        f"  c4-an-id-of-twenty-x → {'q':<20} {3:>12}  (1 without the edit)",
        "  … 2 more moves: 3 profiles",
        "2 profiles (33.33 %) give no current plan of the baseline (none, or an id it does not have): left out of "
        "'pays on current plan'"]


def test_no_move_from_the_current_plan_is_said_without_a_list(doc: Summary) -> None:
    """No profile would move from their current plan: the line says 0 and 0, and does not announce "top moves"."""
    still: CurrentSwitches = {**doc["current_switches"], "changed_plan": 0, "changed_plan_before": 0, "pairs": 0,
                              "top": []}
    lines = report.terminal({**doc, "current_switches": still}).splitlines()
    k = lines.index("current plan → best after the edit: 0 would move (0 without the edit)")
    assert lines[k + 1].startswith("2 profiles (33.33 %) give no current plan")


def test_profiles_whose_current_plan_does_not_fit_are_counted_in_the_terminal(doc: Summary) -> None:
    """1 of the 6 profiles on a current plan none of whose bundles meets its needs: 1/6 = 16.67 %, said under the
    count of those with no known plan (and not said when none)."""
    unfit: CurrentPayStats = {**doc["pay"]["current"], "current_plan_does_not_fit": 1}
    pay: Pay = {**doc["pay"], "current": unfit}
    lines = report.terminal({**doc, "pay": pay}).splitlines()
    k = next(k for k, line in enumerate(lines) if line.startswith("2 profiles (33.33 %) give no current plan"))
    assert lines[k + 1] == "1 profile (16.67 %) is on a current plan no bundle of which meets its needs: left out of " \
        "'pays on current plan' and 'saves against current'"
    assert report.unfit_current_label(doc) == ""


@pytest.mark.parametrize(("engine", "label"), [
    ({"name": "local", "workers": 2, "busy_workers": 2}, "local, 2 workers"),
    ({"name": "local", "workers": 2}, "local, 2 workers"),
    ({"name": "local", "workers": 1, "busy_workers": 1}, "local, 1 worker"),
    ({"name": "local", "workers": 3, "busy_workers": 1}, "local, 3 workers, only 1 had rows to score"),
    ({"name": "local"}, "local"),
    (None, "local"),
    ({"name": "spark", "master": "local[1]", "cores": 1}, "spark local[1], 1 core"),
    ({"name": "spark", "master": "yarn", "cores": 0}, "spark yarn"),
])
def test_the_engine_is_named_with_its_workers_or_cores(engine: dict[str, object] | None, label: str) -> None:
    """Every worker busy, or a document not saying how many were: the workers alone; fewer busy: how many; no count of
    workers (a result file by hand, or none): "local"; Spark's cores in the singular for one, and not said when 0."""
    doc = {"engine": engine} if engine is not None else {}
    assert report.engine_label(doc) == label  # type: ignore[arg-type]  # (a part of a document: what engine_label reads)


def test_contract_terms_are_said_with_their_values() -> None:
    """Promotions none → ¥10.00 a month for months 1 to 3 and ¥20.00 for 4 to 6 (the second from the month after the
    first's last, 3 + 1 = 4); a minimum term of 1 month (singular) → 12 months; a one-off fee of 0 (none) → 10,000 fen
    = ¥100.00; a minimum monthly spend 5,000 fen = ¥50.00 → none (0)."""
    terms: list[TermChange] = [
        {"term": "promotions", "before": [], "after": [{"first_months": 3, "monthly_fee_fen": 1000},
                                                       {"first_months": 6, "monthly_fee_fen": 2000}]},
        {"term": "minimum_term_months", "before": 1, "after": 12},
        {"term": "one_off_fen", "before": 0, "after": 10_000},
        {"term": "minimum_monthly_spend_fen", "before": 5000, "after": 0}]
    assert report.terms_label(terms) == (
        "contract terms: promotions none → ¥10.00 a month for the first 3 months, then ¥20.00 a month for months 4 to "
        "6; minimum term 1 month → 12 months; one-off fee none → ¥100.00; minimum monthly spend ¥50.00 → none")
    later: list[TermChange] = [{"term": "promotions", "before": [{"first_months": 1, "monthly_fee_fen": 500}],
                                "after": [{"first_months": 2, "monthly_fee_fen": 0},
                                          {"first_months": 4, "monthly_fee_fen": 100}]}]
    assert report.terms_label(later) == (
        "contract terms: promotions ¥5.00 for the first month → ¥0.00 a month for the first 2 months, then ¥1.00 a "
        "month for months 3 to 4")


def test_conditions_of_sale_are_said_with_their_values() -> None:
    """Regions none (any) → CN-BJ and CN-SH (a slash between); on sale until none → 2026-12-31 (no end date, not
    "any"); from none → any date; kept by its holders only no → yes; customers any → new (the word); minimum age 18 →
    16; members of [] → gotone."""
    conditions: list[ConditionChange] = [
        {"condition": "regions", "before": None, "after": ["CN-BJ", "CN-SH"]},
        {"condition": "available_until", "before": None, "after": "2026-12-31"},
        {"condition": "available_from", "before": "2026-01-01", "after": None},
        {"condition": "holders_only", "before": False, "after": True},
        {"condition": "customers", "before": "any", "after": "new"},
        {"condition": "age_min", "before": 18, "after": 16},
        {"condition": "members_of", "before": [], "after": ["gotone"]}]
    assert report.conditions_label(conditions) == (
        "conditions of sale: regions any → CN-BJ/CN-SH; on sale until no end date → 2026-12-31; on sale from "
        "2026-01-01 → any date; kept by its holders only no → yes; customers any → new; minimum age 18 → 16; "
        "members of any → gotone")


def _changed(changes: list[str], **more: object) -> PlanRow:
    row: PlanRow = {"plan_id": "x", "operator": "op", "name": "x", "status": "changed", "fee_fen_before": 1000,
                    "fee_fen_after": 1200, "changes": changes, "unscored": [], "profiles_before": 0,
                    "profiles_after": 0, "share_before": 0.0, "share_after": 0.0, "revenue_fen_before": 0,
                    "revenue_fen_after": 0}
    return {**row, **more}  # type: ignore[typeddict-item]  # (conditions and terms, as the document adds them)


def test_what_changed_in_a_plan_is_said_field_by_field() -> None:
    """The fee with its amounts (¥10.00 → ¥12.00), the terms and the conditions with theirs, other fields by their
    words, in the document's order; without the fee: "; the plan's fee as before"; a rule or terms changed whose
    values the document does not give: their words alone; the conditions said for the rule only (not for the name
    beside it); the extra lines with their values where the document has them."""
    age: list[ConditionChange] = [{"condition": "age_min", "before": None, "after": 16}]
    fee: list[TermChange] = [{"term": "one_off_fen", "before": 0, "after": 5000}]
    assert report.changes_label(_changed(["fee_fen", "terms", "rule", "name"], terms=fee, conditions=age)) == \
        "fee ¥10.00 → ¥12.00, contract terms: one-off fee none → ¥50.00, conditions of sale: minimum age any → 16, name"
    assert report.changes_label(_changed(["name", "terms", "rule"], conditions=age)) == \
        "name, contract terms, conditions of sale: minimum age any → 16; the plan's fee as before"
    assert report.changes_label(_changed(["rule", "extra_lines"])) == \
        "conditions of sale, extra lines; the plan's fee as before"
    assert report.changes_label(_changed(["name"], conditions=age)) == "name; the plan's fee as before"
    lines: list[ExtraLinesChange] = [
        {"field": "max", "before": 0, "after": 2}, {"field": "fee_fen", "before": 0, "after": 1000},
        {"field": "shared", "before": [], "after": ["data_mb", "voice_s"]},
        {"field": "per_line", "meter": "sms", "before": 0, "after": 100}]
    assert report.changes_label({**_changed(["extra_lines"]), "extra_lines": lines}) == (
        "extra lines: at most 0 → 2; fee each ¥0.00 → ¥10.00; shared none → data/voice; SMS each 0 texts → 100 texts; "
        "the plan's fee as before")
    assert report.changes_label({**_changed(["extra_lines"]), "extra_lines": lines}, report.Wording(lang="zh")) == (
        "副卡：最多张数 0 → 2；每张月费 ¥0.00 → ¥10.00；共享 无 → 流量/通话；每张短信 0 条 → 100 条，套餐月费不变")
    assert report.changes_label(_changed(["fee_fen"], fee_fen_before=0)) == "fee ¥0.00 → ¥12.00"  # (a free plan)
    assert report.changes_label(_changed(["fee_fen"], fee_fen_after=0)) == "fee ¥10.00 → ¥0.00"


def test_what_changed_in_a_pack_is_said_field_by_field() -> None:
    """Installation fee ¥0.00 → ¥50.00 (5,000 fen), what it adds: 6,000 s = 100 min → 200 min, its regions CN-BJ →
    any, its most a month by its words, the price ¥40.00 → ¥35.00, in the document's order; an installation fee or
    adds changed whose amounts the document does not give: their words."""
    pack: PackChange = {"pack_id": "k", "changes": ["install_fen", "adds", "rule", "max_count", "price_fen"],
                        "price_fen_before": 4000, "price_fen_after": 3500, "install_fen_before": 0,
                        "install_fen_after": 5000, "adds": [{"meter": "voice_s", "before": 6000, "after": 12000}],
                        "conditions": [{"condition": "regions", "before": ["CN-BJ"], "after": []}]}
    assert report.pack_changes_label(pack) == (
        "installation fee ¥0.00 → ¥50.00, what it adds: voice 100 min → 200 min, conditions of sale: regions CN-BJ → "
        "any, most a month, price ¥40.00 → ¥35.00")
    bare: PackChange = {"pack_id": "k", "changes": ["install_fen", "adds"], "price_fen_before": 4000,
                        "price_fen_after": 4000}
    assert report.pack_changes_label(bare) == "installation fee, what it adds"
    half: PackChange = {**bare, "changes": ["install_fen"], "install_fen_before": 100}
    assert report.pack_changes_label(half) == "installation fee"


def test_a_pack_s_fields_of_one_value_are_said_with_their_values() -> None:
    """Found by the user test: a pack's ``max_count`` 31 → 15 read "most a month" alone.  Each field of
    ``document.PACK_VALUES`` the document gives before and after is said with them, in its words (a speed in Mbps,
    none for 0; a flag yes or no; billing's words; no group none; a name as written), in both languages; one whose
    values the document lacks (a document written before them), by its words as before."""
    pack: PackChange = {"pack_id": "k", "changes": ["max_count", "billing", "uplink_mbps", "per_line", "group",
                                                    "name_en"],
                        "price_fen_before": 500, "price_fen_after": 500, "max_count_before": 31,
                        "max_count_after": 15, "billing_before": "per_use", "billing_after": "per_day",
                        "uplink_mbps_before": 0, "uplink_mbps_after": 300, "per_line_before": False,
                        "per_line_after": True, "group_before": "g", "group_after": None,
                        "name_en_before": "day pass", "name_en_after": "Day pass"}
    assert report.pack_changes_label(pack) == (
        "most a month 31 → 15, billing per use → per day, upload speed none → 300 Mbps, per line no → yes, group g → "
        "none, English name day pass → Day pass")
    assert report.pack_changes_label(pack, report.Wording("zh")) == (
        "每月最多可办数量 31 → 15、计费方式 按次 → 按天、上传速度 无 → 300 Mbps、按卡办理 否 → 是、同组互斥 g → 无、"
        "英文名称 day pass → Day pass")
    bare: PackChange = {"pack_id": "k", "changes": ["max_count"], "price_fen_before": 500, "price_fen_after": 500}
    assert report.pack_changes_label(bare) == "most a month"


def test_the_edit_line_names_each_plan_and_pack_and_what_changed(doc: Summary) -> None:
    """Changed plans: a-30 with its fee; b-45, whose row says no change, and z-1, which has no row, by their ids;
    added and removed plans and packs named; no changed plan at all: "none"."""
    plans: list[PlanRow] = [doc["plans"][0], doc["plans"][1], {**doc["plans"][2], "changes": []}]
    candidate = {**doc["candidate"], "changed_plans": ["a-30", "b-45", "z-1"], "added_plans": ["n-1"],
                 "removed_plans": ["r-1"], "added_packs": ["pk-n"], "removed_packs": ["pk-r"], "pack_changes": []}
    edited: Summary = {**doc, "plans": plans, "candidate": candidate}  # type: ignore[typeddict-item]  # (edited)
    assert report.edit_label(edited) == (
        "changed plans: a-30 (fee ¥30.00 → ¥35.00), b-45, z-1 · added plans: n-1 · removed plans: r-1 · added packs: "
        "pk-n · removed packs: pk-r")
    none: Summary = {**doc, "candidate": {**doc["candidate"], "changed_plans": []}}
    assert report.edit_label(none) == "changed plans: none"


def test_a_plan_not_on_sale_in_the_baseline_only_says_so(doc: Summary) -> None:
    """old is off sale in the baseline only (until 2026-02-01): "in the baseline"; both in both catalogues, its days
    as the candidate has them (from 2027-01-01, not the baseline's 2027-06-01), no side; unchecked: cm-1 sold to
    gotone members in the candidate only, and to the students' group in both."""
    baseline = {**doc["baseline"], "not_on_sale": [
        {"id": "old", "kind": "plan", "available_from": None, "available_until": "2026-02-01"},
        {"id": "both", "kind": "pack", "available_from": "2027-06-01", "available_until": None}],
        "unchecked": [{"id": "st-1", "kind": "plan", "members_of": [], "groups": ["students"]}]}
    candidate = {**doc["candidate"], "not_on_sale": [
        {"id": "both", "kind": "pack", "available_from": "2027-01-01", "available_until": None}],
        "unchecked": [{"id": "cm-1", "kind": "plan", "members_of": ["gotone"], "groups": []},
                      {"id": "st-1", "kind": "plan", "members_of": [], "groups": ["students"]}]}
    edited: Summary = {**doc, "baseline": baseline, "candidate": candidate}  # type: ignore[typeddict-item]  # (edited)
    assert report.not_on_sale_label(edited) == "not on sale on the day scored (--as-of), so chosen by no one anew " \
        "(a plan whose sale has ended is kept by the people on it): both (from 2027-01-01), old (until 2026-02-01, " \
        "in the baseline)"
    assert report.unchecked_label(edited).endswith(": cm-1 (gotone members, in the candidate), st-1 (students)")


def _segment(code: str | None, profiles: int, changed: int, top: list[Switch], **figures: object) -> SegmentRow:
    row: SegmentRow = {
        "segment": code, "profiles": profiles, "no_fit_before": 0, "no_fit_after": 0, "changed_best_plan": changed,
        "share_changed_best_plan": round(changed / profiles, 6), "profiles_fitting_both": profiles, "savings_fen": 0,
        "mean_savings_fen": None, "profiles_saving": 0, "saved_fen": 0, "mean_saved_fen": None,
        "profiles_paying_more": 0, "extra_cost_fen": 0, "mean_extra_cost_fen": None, "revenue_fen_before": 0,
        "revenue_fen_after": 0, "changed_plan": 0, "changed_plan_before": 0, "top": top, "pairs": len(top)}
    return {**row, **figures}  # type: ignore[typeddict-item]  # (the figures a test sets)


@pytest.fixture
def by_region(doc: Summary) -> Summary:
    """Two regions: CN-BJ (Beijing) 6 profiles, best plan changes for 5 (5/6 = 83.33 %): 2 from no plan to b-45, then
    a-30, a-50 and a-51 → b-45 1 each; 2 save, a mean of 150.4 fen (¥1.50 to the fen), 1 pays 200 fen = ¥2.00 more.
    XX-ZZ (a code with no name) 2 profiles, 1 changes (50.00 %): a-30 → no plan.  No data column."""
    bj = _segment("CN-BJ", 6, 5, [{"from": None, "to": "b-45", "profiles": 2}, {"from": "a-30", "to": "b-45",
                                                                                "profiles": 1},
                                  {"from": "a-50", "to": "b-45", "profiles": 1},
                                  {"from": "a-51", "to": "b-45", "profiles": 1}],
                  profiles_saving=2, saved_fen=301, mean_saved_fen=150.4, profiles_paying_more=1, extra_cost_fen=200,
                  mean_extra_cost_fen=200.0)
    zz = _segment("XX-ZZ", 2, 1, [{"from": "a-30", "to": None, "profiles": 1}])
    return {**doc, "segments": [{"column": "region", "in_population": True, "segments": [zz, bj]},
                                {"column": "data_gb", "in_population": False, "segments": []}]}


def test_the_terminal_segment_lines_say_each_region_and_its_most_common_move(by_region: Summary) -> None:
    """Most changes first (CN-BJ's 5, then XX-ZZ's 1); a region by its code and name, or its code alone; the most
    common move the first of the segment's, no plan said "(nothing fits)" at either end; the name column 18 wide."""
    assert report.segment_lines(by_region) == [
        "",
        "by segment, scored as the whole (save / pay more: the profiles some plan fits before and after who pay less / "
        "more with the edit; mean: a person among them):",
        f"  {'region':<18} {'profiles':>10} {'best plan changes':>20} {'save':>10} {'mean':>10} {'pay more':>10} "
        f"{'mean':>10}  most common move",
        f"  {'CN-BJ Beijing':<18} {6:>10} {'5 (83.33 %)':>20} {2:>10} {'¥1.50':>10} {1:>10} {'¥2.00':>10}  "
        "(nothing fits) → b-45 (2)",
        f"  {'XX-ZZ':<18} {2:>10} {'1 (50.00 %)':>20} {0:>10} {'—':>10} {0:>10} {'—':>10}  a-30 → (nothing fits) (1)",
        "no breakdown by data a month: the population has no data_gb column"]


def test_the_page_s_segment_table_says_three_moves_and_keeps_a_region_on_one_line(by_region: Summary) -> None:
    """The region table: CN-BJ's first three moves of four, each region's name in a span that does not wrap; the
    column the population lacks said in a paragraph."""
    page = report.html(by_region)
    rows = tables(page)["Who: by region, age and data a month: by region"]
    assert rows[1:] == [
        ["CN-BJ Beijing", "6", "5 | 83.33 %", "2 | ¥1.50", "1 | ¥2.00",
         "(nothing fits) → b-45 (2) | a-30 → b-45 (1) | a-50 → b-45 (1)"],
        ["XX-ZZ", "2", "1 | 50.00 %", "0 | —", "0 | —", "a-30 → (nothing fits) (1)"]]
    assert "<th scope=\"row\"><span class='nowrap'>CN-BJ Beijing</span></th>" in page
    assert "<p class=\"muted\">no breakdown by data a month: the population has no data_gb column.</p>" in page
    assert "Who: by region, age and data a month: by data a month" not in page  # (no table for it)


def test_the_page_lists_twenty_moves_and_counts_the_rest(doc: Summary) -> None:
    """22 best-plan moves of 22 ... 1 profiles: twenty rows (the first 22 of all 6 profiles: 366.67 %, in a document
    edited by hand), "… 2 more moves: 2 + 1 = 3 profiles"; 21 from the current plan, the first with no count without
    the edit (0): twenty rows, "… 1 more move: 1 profile"."""
    best = _moves(22, "p")
    current = _from_current(21)
    del current[0]["profiles_without_edit"]
    switches: Switches = {"changed_best_plan": 253, "pairs": 22, "top": best}
    current_switches: CurrentSwitches = {**doc["current_switches"], "changed_plan": 231, "pairs": 21, "top": current}
    page = report.html({**doc, "switches": switches, "current_switches": current_switches})
    found = tables(page)
    moves = found["Who switches: best plan before → after"][1:]
    assert len(moves) == 20 and moves[0] == ["p0", "q", "22", "366.67 %"] and moves[19] == ["p19", "q", "3", "50.00 %"]
    from_current = found["Current plan → best plan after the edit"][1:]
    assert len(from_current) == 20 and from_current[0] == ["c0", "q", "21", "0", "350.00 %"]
    assert from_current[19] == ["c19", "q", "2", "1", "33.33 %"]
    assert '<p class="muted">… 2 more moves: 3 profiles</p>' in page
    assert '<p class="muted">… 1 more move: 1 profile</p>' in page


def test_the_page_names_the_figures_columns_and_says_only_the_notes_it_has(doc: Summary) -> None:
    """The share and revenue charts' tables head their columns with the plan and before/after; a document with no
    plan in another currency and nothing unscored has no paragraph for them (not an empty sentence "."), one with
    them says each; the narrow charts show below 960 px (max-width 959 px)."""
    page = report.html(doc)
    found = tables(page)
    assert found["Share of profiles whose best bundle is each plan: the figures"][0] == [
        "plan", "share before", "share after"]
    assert found["Revenue per plan (yuan a month): the figures"][0] == ["plan", "revenue before", "revenue after"]
    assert '<p class="muted">.</p>' not in page
    assert "@media (max-width:959px){svg.fixed{display:none}.narrow{display:block}" in page
    plans: list[PlanRow] = [doc["plans"][0], doc["plans"][1], {**doc["plans"][2], "unscored": ["extra_lines"]}]
    baseline = {**doc["baseline"], "other_currency_plans": [{"plan_id": "t-1", "operator": "op-t", "currency": "USD"}]}
    candidate = {**doc["candidate"], "sale_ends_later": [
        {"id": "a-50", "kind": "plan", "available_from": None, "available_until": "2026-12-31"}]}
    noted = report.html({**doc, "plans": plans, "baseline": baseline, "candidate": candidate})  # type: ignore[typeddict-item]  # (edited)
    assert '<p class="muted">not compared, priced in another currency: t-1 (USD in the baseline).</p>' in noted
    assert '<p class="muted">not scored: b-45 (extra lines)' in noted
    assert "<p class=\"muted\">sale ends on or after the day scored (--as-of), so scored as still on sale: a-50 " \
        "(until 2026-12-31); --as-of the day after it shows the sale ended.</p>" in noted


def test_a_change_of_one_fen_is_signed_and_coloured() -> None:
    """+1 fen is a rise (+¥0.01, 'up'), −1 fen a fall ('down'), 0 neither and unsigned."""
    assert report._signed(1) == "+¥0.01" and report._signed(0) == "¥0.00" and report._signed(-1) == "-¥0.01"
    assert [report._change(fen) for fen in (1, 0, -1)] == [
        "<span class='up'>+¥0.01</span>", "<span class=''>¥0.00</span>", "<span class='down'>-¥0.01</span>"]


def test_a_document_without_customers_says_none_were_counted(doc: Summary) -> None:
    """A document from before the customers' figures (no ``customers``): none counted, on both reports."""
    older = _without(doc, "customers")
    assert "\ncustomers: none counted, no profile gives a current plan the baseline has (current_plan)\n" in \
        report.terminal(older)
    assert report._customers(older) == []


def test_the_fixed_bar_chart_s_geometry() -> None:
    """Two plans x (0.5 before, 0.25 after) and y (0.25, 1.0): rows of 30 px, 2 × 30 + 10 = 70 px tall; labels end at
    170 − 8 = 162 px, 17 px down their row (row k from 5 + 30k); the longest value 1.0 is 900 − 170 − 110 = 620 px,
    0.5 310 px, 0.25 155 px; the before bar 2 px down the row, the after bar 14; each value 4 px after its bar, 10 px
    below the bar's top."""
    assert report._bars(["x", "y"], [0.5, 0.25], [0.25, 1.0], "n") == (
        '<svg class="fixed" viewBox="0 0 900 70" width="900" height="70" role="img" aria-label="n" '
        'xmlns="http://www.w3.org/2000/svg">'
        '<text x="162" y="22" text-anchor="end" font-size="13">x</text>'
        '<rect x="170" y="7" width="310.0" height="11" fill="#9aa5b1"/>'
        '<text x="484.0" y="17" font-size="11" fill="#57606a">50.00 %</text>'
        '<rect x="170" y="19" width="155.0" height="11" fill="#1f6feb"/>'
        '<text x="329.0" y="29" font-size="11" fill="#57606a">25.00 %</text>'
        '<text x="162" y="52" text-anchor="end" font-size="13">y</text>'
        '<rect x="170" y="37" width="155.0" height="11" fill="#9aa5b1"/>'
        '<text x="329.0" y="47" font-size="11" fill="#57606a">25.00 %</text>'
        '<rect x="170" y="49" width="620.0" height="11" fill="#1f6feb"/>'
        '<text x="794.0" y="59" font-size="11" fill="#57606a">100.00 %</text>'
        "</svg>")


def test_the_narrow_bar_chart_s_geometry() -> None:
    """The same on a narrow page: rows of 48 px (2 × 48 + 4 = 100 px tall), a label 14 px down its row, the before bar
    19 px down, the after bar 32; the longest bar 68 % of the width, 0.5 34 %, 0.25 17 %; each value after its bar,
    10 px below its top; revenue in whole yuan (¥66, ¥1,235)."""
    assert report._narrow_bars(["x", "y"], [0.5, 0.25], [0.25, 1.0], "n") == (
        '<svg class="narrow" width="100%" height="100" style="width:100%;height:100px" role="img" aria-label="n" '
        'xmlns="http://www.w3.org/2000/svg">'
        '<text x="0" y="14" font-size="13">x</text>'
        '<rect x="0" y="19" width="34.00%" height="11" fill="#9aa5b1"/>'
        '<text x="34.00%" dx="4" y="29" font-size="11" fill="#57606a">50.00 %</text>'
        '<rect x="0" y="32" width="17.00%" height="11" fill="#1f6feb"/>'
        '<text x="17.00%" dx="4" y="42" font-size="11" fill="#57606a">25.00 %</text>'
        '<text x="0" y="62" font-size="13">y</text>'
        '<rect x="0" y="67" width="17.00%" height="11" fill="#9aa5b1"/>'
        '<text x="17.00%" dx="4" y="77" font-size="11" fill="#57606a">25.00 %</text>'
        '<rect x="0" y="80" width="68.00%" height="11" fill="#1f6feb"/>'
        '<text x="68.00%" dx="4" y="90" font-size="11" fill="#57606a">100.00 %</text>'
        "</svg>")
    assert report._bar_value(66.0, "yuan") == "¥66" and report._bar_value(1234.6, "yuan") == "¥1,235"


def test_the_fixed_histogram_s_geometry() -> None:
    """Two bins a (2 profiles) and b (1), drawn 900 × 272 with 62 px under the axis and 60 px left of it: the axis
    at 272 − 62 = 210 px from 60 to 890; a slot (900 − 60 − 10) / 2 = 415 px, a bar 8 px narrower (407) from 4 px
    in; the tallest bar 272 − 62 − 20 = 190 px (top at 20), 1 of 2 95 px (top at 115); a count 4 px above its bar,
    centred in its slot (60 + 207.5 = 267.5, 475 + 207.5 = 682.5); a label's lines 16 px under the axis, 13 px
    apart, their spaces trimmed; both bins before the ¥0 bin: red; the note 8 px from the bottom."""
    note = report.EN("histogram_note")
    assert report._histogram(["a", "b"], ["a", "b\n c"], [2, 1], report.EN, "n") == (
        '<svg class="fixed" viewBox="0 0 900 272" width="900" height="272" role="img" aria-label="n" '
        'xmlns="http://www.w3.org/2000/svg">'
        '<line x1="60" y1="210" x2="890" y2="210" stroke="#8c959f"/>'
        '<rect x="64.0" y="20.0" width="407.0" height="190.0" fill="#cf222e"><title>a: 2</title></rect>'
        '<text x="267.5" y="16.0" font-size="11" text-anchor="middle" fill="#57606a">2</text>'
        '<text x="267.5" y="226" font-size="11" text-anchor="middle"><tspan x="267.5" dy="0">a</tspan></text>'
        '<rect x="479.0" y="115.0" width="407.0" height="95.0" fill="#cf222e"><title>b: 1</title></rect>'
        '<text x="682.5" y="111.0" font-size="11" text-anchor="middle" fill="#57606a">1</text>'
        '<text x="682.5" y="226" font-size="11" text-anchor="middle"><tspan x="682.5" dy="0">b</tspan>'
        '<tspan x="682.5" dy="13">c</tspan></text>'
        f'<text x="60" y="264" font-size="11" fill="#57606a">{note}</text></svg>')


def test_the_narrow_histogram_s_geometry() -> None:
    """The same bins on a narrow page: rows of 24 px (2 × 24 + 4 = 52 px tall), a range right-aligned 8 px before
    36 % of the width, 16 px down its row; the bar from 36 %, 5 px down, 14 px tall, the tallest (100 − 36) × 68 % =
    43.52 % of the width, 1 of 2 21.76 %; its count 4 px after it (36 + 43.52 = 79.52 %, 57.76 %); the note under it
    as a paragraph."""
    note = report.EN("histogram_note")
    assert report._narrow_histogram(["a", "b"], [2, 1], report.EN, "n") == (
        '<svg class="narrow" width="100%" height="52" style="width:100%;height:52px" role="img" aria-label="n" '
        'xmlns="http://www.w3.org/2000/svg">'
        '<text x="36%" dx="-8" y="16" font-size="12" text-anchor="end">a</text>'
        '<rect x="36%" y="5" width="43.52%" height="14" fill="#cf222e"><title>a: 2</title></rect>'
        '<text x="79.52%" dx="4" y="16" font-size="11" fill="#57606a">2</text>'
        '<text x="36%" dx="-8" y="40" font-size="12" text-anchor="end">b</text>'
        '<rect x="36%" y="29" width="21.76%" height="14" fill="#cf222e"><title>b: 1</title></rect>'
        '<text x="57.76%" dx="4" y="40" font-size="11" fill="#57606a">1</text>'
        f'</svg><p class="narrow muted">{note}</p>')


def test_an_empty_histogram_draws_no_bar_and_divides_by_nothing() -> None:
    """No profile in any bin: the scale's top is 1 (not 0), every bar 0 tall; one profile in the largest bin: its bar
    is the tallest, 190 px (68 % × 64 % = 43.52 % on a narrow page), not half of it."""
    assert 'height="190.0" fill="#cf222e"><title>a: 1</title>' in report._histogram(["a", "b"], ["a", "b"], [1, 0],
                                                                                     report.EN, "n")
    assert 'width="43.52%" height="14" fill="#cf222e"><title>a: 1</title>' in report._narrow_histogram(
        ["a", "b"], [1, 0], report.EN, "n")
    fixed = report._histogram(["a"], ["a"], [0], report.EN, "n")
    assert '<rect x="64.0" y="210.0" width="822.0" height="0.0" fill="#cf222e">' in fixed
    assert '<rect x="36%" y="5" width="0.00%" height="14"' in report._narrow_histogram(["a"], [0], report.EN, "n")


def test_the_page_says_its_notes_on_customers_moves_and_bins(doc: Summary) -> None:
    """The customers' note under their table (or, with none counted, that none were); no best plan changing: a
    sentence, not an empty table; the fixed histogram's ranges on two lines ("¥0 to" over "¥5", its slot 64 px), a
    band's name in the data table as it wraps (no span), unlike a region's."""
    page = report.html(doc)
    assert f'<p class="muted">{report.EN("customers.note")}.</p>'.replace("'", "&#x27;") in page
    assert "<th scope=\"row\">5–10 GB</th>" in page
    # (the eighth of 13 bins, "¥0 to ¥5": slots of (900 − 60 − 10) / 13 = 63.846 px, its middle 60 + 7.5 × 63.846)
    assert '<tspan x="538.8" dy="0">¥0 to</tspan><tspan x="538.8" dy="13">¥5</tspan>' in page
    older = _without(doc, "customers")
    assert "<p class=\"muted\">customers: none counted, no profile gives a current plan the baseline has " \
        "(current_plan).</p>" in report.html(older)
    still: Switches = {"changed_best_plan": 0, "pairs": 0, "top": []}
    unmoved = report.html({**doc, "switches": still})
    assert "<p class=\"muted\">The edit changes no profile&#x27;s best plan.</p>" in unmoved
    assert "Who switches: best plan before → after" not in tables(unmoved)


def test_a_share_is_rounded_half_up_from_its_decimal_digits() -> None:
    """Found by the contributor's test: in one table 1,095 of 20,000 (5.475 %) read "5.47 %" and 51 of 20,000 (0.255 %)
    "0.26 %", the binary float rounded; each share now rounds half up from the document's own digits."""
    assert [report._pct(summary._share(c, 20_000)) for c in (1_095, 411, 51, 415, 0, 20_000)] == [
        "5.48 %", "2.06 %", "0.26 %", "2.08 %", "0.00 %", "100.00 %"]
