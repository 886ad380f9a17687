"""The what-if's figures by segment (region, age band, data band): from the same scores as the whole, exact on
merging, a column the population lacks said so rather than made up; and the terminal's tables lined up."""

import copy
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from recommender.batch import population as pop
from recommender.batch import report, summary, whatif
from recommender.batch.document import SegmentColumn, SegmentRow, Summary
from recommender.catalogue import DEFAULT_PLANS, load_catalogue
from recommender.messages import columns
from recommender.money import format_yuan


@pytest.fixture(scope="module")
def edited(candidate: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The candidate (China Telecom's 299 tier cut to 249 yuan) with China Unicom's 188-yuan plan, the best plan of
    most, raised to 208: some people move, some save, some pay more."""
    folder = tmp_path_factory.mktemp("edited")
    for file in candidate.glob("*.yaml"):
        (folder / file.name).write_text(file.read_text(encoding="utf-8"), encoding="utf-8")
    unicom = folder / "china-unicom.yaml"
    text = unicom.read_text(encoding="utf-8")
    assert "monthly_fee: {value: 188," in text
    unicom.write_text(text.replace("monthly_fee: {value: 188,", "monthly_fee: {value: 208,", 1), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def scorer(edited: Path) -> whatif.Scorer:
    return whatif.Scorer(load_catalogue(DEFAULT_PLANS), load_catalogue(edited))


@pytest.fixture(scope="module")
def made() -> pa.Table:
    """600 generated profiles, a few with their age or region left empty, and a few on the data bands' edges."""
    batch = pop.chunk(pop.drawn_from(load_catalogue(DEFAULT_PLANS), pop.shares()), 600, np.random.default_rng(5))
    table = pa.Table.from_batches([batch])
    ages = table.column("age").to_pylist()
    regions = table.column("region").to_pylist()
    data = table.column("data_gb").to_pylist()
    for i in range(0, 600, 37):
        ages[i] = None
    for i in range(5, 600, 41):
        regions[i] = None
    data[1], data[2], data[3] = 5.0, 4.99, 150.0
    ages[4], ages[6], ages[7] = 15, 16, 60
    return (table.set_column(table.schema.get_field_index("age"), "age", pa.array(ages, pa.int16()))
            .set_column(table.schema.get_field_index("region"), "region", pa.array(regions, pa.string()))
            .set_column(table.schema.get_field_index("data_gb"), "data_gb", pa.array(data, pa.float64())))


def _doc(scorer: whatif.Scorer, table: pa.Table, chunk: int | None = None) -> Summary:
    return summary.summarise(whatif.partial_of_batches(scorer, table.to_batches(max_chunksize=chunk)),
                             scorer.baseline, scorer.candidate)


def _column(doc: Summary, name: str) -> SegmentColumn:
    return next(c for c in doc["segments"] if c["column"] == name)


def _as_a_whole(doc: Summary) -> dict[str, Any]:
    """What a segment's row says, read from the document of its rows alone."""
    sav, cur, rev = doc["savings"], doc["current_switches"], doc["revenue"]
    return {"profiles": doc["profiles"], "no_fit_before": doc["no_fit"]["before"],
            "no_fit_after": doc["no_fit"]["after"], "changed_best_plan": doc["switches"]["changed_best_plan"],
            "profiles_fitting_both": sav["profiles"], "savings_fen": sav["sum_fen"],
            "revenue_fen_before": rev["total_fen_before"], "revenue_fen_after": rev["total_fen_after"],
            "changed_plan": cur["changed_plan"], "changed_plan_before": cur["changed_plan_before"],
            "pairs": doc["switches"]["pairs"], "top": doc["switches"]["top"][:summary.SEGMENT_MOVES]}


def _row_figures(row: SegmentRow) -> dict[str, Any]:
    return {key: row[key] for key in ("profiles", "no_fit_before", "no_fit_after",
                                      "changed_best_plan", "profiles_fitting_both", "savings_fen",
                                      "revenue_fen_before", "revenue_fen_after", "changed_plan",
                                      "changed_plan_before", "pairs", "top")}


def test_each_segment_says_what_the_whatif_of_its_rows_alone_says(scorer: whatif.Scorer, made: pa.Table) -> None:
    """A segment's row is the whole document's figures for its profiles: the same scoring (no second cost model)."""
    doc = _doc(scorer, made)
    regions = made.column("region")
    ages = made.column("age").to_numpy(zero_copy_only=False)
    checked = 0
    for name, rows in (("region", _column(doc, "region")["segments"]), ("age", _column(doc, "age")["segments"])):
        for row in rows:
            if name == "region":
                mask = pc.is_null(regions) if row["segment"] is None else pc.equal(regions, pa.scalar(row["segment"]))
            else:
                low, high = row.get("low"), row.get("high")
                mask = pa.array(np.isnan(ages) if row["segment"] is None else
                                (ages >= low) & (ages < (high if high is not None else 10**6)))
            alone = made.filter(mask)
            assert _row_figures(row) == _as_a_whole(_doc(scorer, alone)), (name, row["segment"])
            checked += 1
    assert checked == 31 + 1 + 5 + 1  # every region and "not given", every age band and "not given"
    moved = _column(doc, "region")["segments"]  # (the test's premise: people move, save and pay more)
    assert all(sum(r[key] for r in moved) for key in ("changed_best_plan", "profiles_saving",
                                                      "profiles_paying_more"))


def test_every_column_s_segments_add_up_to_the_whole(scorer: whatif.Scorer, made: pa.Table) -> None:
    doc = _doc(scorer, made)
    assert [c["column"] for c in doc["segments"]] == ["region", "age", "data_gb"]
    for column in doc["segments"]:
        rows = column["segments"]
        assert column["in_population"]
        assert sum(r["profiles"] for r in rows) == doc["profiles"] == 600
        assert sum(r["changed_best_plan"] for r in rows) == doc["switches"]["changed_best_plan"]
        assert sum(r["savings_fen"] for r in rows) == doc["savings"]["sum_fen"]
        assert sum(r["saved_fen"] - r["extra_cost_fen"] for r in rows) == doc["savings"]["sum_fen"]
        saving = doc["savings"]["share_saving"] * doc["savings"]["profiles"]
        assert sum(r["profiles_saving"] for r in rows) == round(saving)
        assert sum(r["changed_plan"] for r in rows) == doc["current_switches"]["changed_plan"]
        assert sum(r["revenue_fen_after"] for r in rows) == doc["revenue"]["total_fen_after"]
        for r in rows:
            assert r["mean_saved_fen"] == (round(r["saved_fen"] / r["profiles_saving"], 2)
                                           if r["profiles_saving"] else None)
            assert sum(s["profiles"] for s in r["top"]) <= r["changed_best_plan"]


def test_bands_hold_their_low_bound_and_not_their_high_one(scorer: whatif.Scorer, made: pa.Table) -> None:
    doc = _doc(scorer, made)
    ages = {r["segment"]: r for r in _column(doc, "age")["segments"]}
    assert list(ages) == ["0-15", "16-30", "31-45", "46-59", "60+", None]
    assert (ages["16-30"]["low"], ages["16-30"]["high"], ages["60+"]["high"]) == (16, 31, None)
    assert ages[None]["profiles"] == len(range(0, 600, 37))  # the empty ages: "not given", not a band
    data = {r["segment"]: r for r in _column(doc, "data_gb")["segments"]}
    assert [code for code in whatif.band_codes("data_gb") if code in data] == list(data)
    assert None not in data  # (an empty data cell is 0 GB, as it is scored)
    one = made.slice(1, 3)  # 5.0, 4.99 and 150.0 GB
    assert {r["segment"]: r["profiles"] for r in _column(_doc(scorer, one), "data_gb")["segments"]} == \
        {"0-5": 1, "5-10": 1, "150+": 1}
    four = made.slice(4, 4)  # ages 15, (5th row's), 16, 60
    said = {r["segment"] for r in _column(_doc(scorer, four), "age")["segments"]}
    assert {"0-15", "16-30", "60+"} <= said


def test_the_breakdown_merges_exactly_in_any_split(scorer: whatif.Scorer, made: pa.Table) -> None:
    assert _doc(scorer, made)["segments"] == _doc(scorer, made, chunk=97)["segments"]


def test_a_column_the_population_lacks_is_said_so_not_made_up(scorer: whatif.Scorer, made: pa.Table) -> None:
    usage_only = made.select([*whatif.COLUMNS, "current_plan"])
    doc = _doc(scorer, usage_only)
    assert {c["column"]: (c["in_population"], c["segments"]) for c in doc["segments"]
            if c["column"] != "data_gb"} == {"region": (False, []), "age": (False, [])}
    text = report.terminal(doc)
    assert "no breakdown by region: the population has no region column" in text
    assert "no breakdown by age: the population has no age column" in text
    page = report.html(doc)
    assert "no breakdown by age: the population has no age column." in page
    no_data = _doc(scorer, made.drop_columns(["data_gb"]))
    assert _column(no_data, "data_gb") == {"column": "data_gb", "in_population": False, "segments": []}
    assert "no breakdown by data a month: the population has no data_gb column" in report.terminal(no_data)
    chinese = report.terminal(no_data, report.Wording("zh"))
    assert "无法按每月流量细分：用量画像中没有 data_gb 列" in chinese and "  16–30 岁 " in chinese


def test_the_terminal_lists_the_regions_most_moved_first_and_counts_the_rest(scorer: whatif.Scorer,
                                                                            made: pa.Table) -> None:
    doc = _doc(scorer, made)
    lines = report.segment_lines(doc)
    assert lines[1].startswith("by segment")
    regions = _column(doc, "region")["segments"]
    shown = lines[3:3 + report.SEGMENTS_SHOWN]
    ranked = sorted(regions, key=lambda r: (-r["changed_best_plan"], -r["share_changed_best_plan"], str(r["segment"])))
    assert [line.split()[0] for line in shown] == [r["segment"] or "not" for r in ranked[:report.SEGMENTS_SHOWN]]
    assert shown[0].split()[3] == f"{ranked[0]['changed_best_plan']:,}" != "0"  # its best plan changes
    rest = ranked[report.SEGMENTS_SHOWN:]
    assert lines[3 + report.SEGMENTS_SHOWN] == f"  … {len(rest)} more regions: " \
        f"{sum(r['changed_best_plan'] for r in rest):,} profiles whose best plan changes"
    assert any(line.startswith("  not given ") for line in lines)  # the empty ages and regions
    assert any(line.startswith("  16–30 ") for line in lines) and any(line.startswith("  150 GB and over") for
                                                                        line in lines)
    older = doc.copy()  # a document from before the breakdown
    older.pop("segments")
    assert report.segment_lines(older) == [] and "by segment" not in report.terminal(older)



@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_segment_tables_line_up_however_long_a_region_s_name(scorer: whatif.Scorer, made: pa.Table,
                                                                 lang: str) -> None:
    """Every row of the three tables ends its profiles figure in the header's column, as a terminal shows them (a
    Chinese character two columns).  Found trying the CLI: "CN-NM Inner Mongolia" (20 columns) pushed its row's
    figures two columns right of the others', the first column being 18 wide."""
    doc = copy.deepcopy(_doc(scorer, made))
    regions = _column(doc, "region")["segments"]
    report._segments_in_order("region", regions)[0]["segment"] = "CN-NM"  # (the region most moved: shown)
    say = report.Wording(lang)
    lines = report.segment_lines(doc, say)
    header = say("segments.th.profiles")
    headers = [line for line in lines
               if line.startswith("  ") and not line.startswith("  … ") and f" {header} " in line]
    assert len(headers) == 3  # (region, age, data a month)
    ends = {columns(line[:line.index(f" {header} ") + 1 + len(header)]) for line in headers}
    names = [report.segment_name(column, r["segment"], say) for column in ("region", "age", "data_gb")
             for r in report._segments_in_order(column, _column(doc, column)["segments"])[
                 :report.SEGMENTS_SHOWN if column == "region" else None]]
    assert report.segment_name("region", "CN-NM", say) in names and len(names) > report.SEGMENTS_SHOWN + 12
    for name in names:  # (ten regions, five age bands and seven data bands, and "not given")
        line = next(line for line in lines if line.startswith(f"  {name} "))
        figure = line[2 + len(name):].split()[0]  # (the profiles: the first figure after the name)
        ends.add(columns(line[:line.index(f" {figure}", 2 + len(name)) + 1 + len(figure)]))
    assert len(ends) == 1, ends


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_plan_table_lines_up_at_operator_scale(scorer: whatif.Scorer, made: pa.Table, lang: str) -> None:
    """The plan table's revenue and change columns end where their headers end, however large the figures: the same
    600 profiles' revenue × 100,000 (a large province's people, past ¥999,999,999.99 a month on one plan), and an
    operator id longer than the operator column's 14 (both overflowed their columns, found trying the CLI)."""
    doc = copy.deepcopy(_doc(scorer, made))
    for row in doc["plans"]:
        row["revenue_fen_before"] *= 100_000
        row["revenue_fen_after"] *= 100_000
    doc["plans"][0]["operator"] = "an-mvno-of-long-name"
    total = doc["revenue"]
    total["total_fen_before"] *= 100_000
    total["total_fen_after"] *= 100_000
    total["change_fen"] *= 100_000
    assert max(len(format_yuan(row["revenue_fen_before"])) for row in doc["plans"]) > 16
    say = report.Wording(lang)
    lines = report.terminal(doc, say).splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith(say("table.plan") + " "))
    header, rows = lines[at], lines[at + 1:at + 2 + len(doc["plans"])]  # (the plans and the total)
    assert rows[-1].startswith(say("table.total") + " ")
    before, after, change = say("table.revenue_before"), say("table.after"), say("table.change")
    assert header.endswith(f" {change}")
    ends = [columns(header[:header.index(before) + len(before)]), columns(header[:header.rindex(after) + len(after)]),
            columns(header)]
    for line in rows:  # (the last three figures: revenue before, after, and the change)
        at_end = [columns(line[:m.end()]) for m in list(re.finditer(r"\S+", line))[-3:]]
        assert at_end == ends, line

def test_the_cli_reports_the_breakdown_in_its_json_and_terminal(tmp_path: Path, candidate: Path) -> None:
    """End to end: ``recommender population`` then ``recommender whatif --json`` (two worker processes), and a CSV of
    usage alone, whose report says it has no region and no age."""
    cli = [sys.executable, "-m", "recommender.cli"]
    population = tmp_path / "p.parquet"
    made = subprocess.run([*cli, "population", "--size", "2000", "--seed", "4", "--out", str(population)],
                          capture_output=True, text=True, timeout=300)
    assert made.returncode == 0, made.stderr
    run = subprocess.run([*cli, "whatif", "--candidate", str(candidate), "--population", str(population),
                          "--workers", "2", "--json", str(tmp_path / "r.json")], capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stderr
    doc = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert [(c["column"], c["in_population"]) for c in doc["segments"]] == \
        [("region", True), ("age", True), ("data_gb", True)]
    assert sum(r["changed_best_plan"] for r in doc["segments"][0]["segments"]) == \
        doc["switches"]["changed_best_plan"] > 0
    assert "\nby segment, scored as the whole" in run.stdout and "  16–30 " in run.stdout
    assert "most common move" in run.stdout and "cu-wojia-188 → ct-5ga-299 (" in run.stdout
    (tmp_path / "usage.csv").write_text("data_gb,voice_minutes\n3,100\n12,500\n", encoding="utf-8")
    run = subprocess.run([*cli, "whatif", "--candidate", str(candidate), "--population", str(tmp_path / "usage.csv"),
                          "--workers", "1"], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert "no breakdown by region: the population has no region column" in run.stdout
    assert "no breakdown by age: the population has no age column" in run.stdout
    assert "  0–5 GB " in run.stdout and "  10–20 GB " in run.stdout


def test_a_batch_without_a_column_another_has_counts_its_rows_as_not_saying(scorer: whatif.Scorer,
                                                                            made: pa.Table) -> None:
    """Found in review: a population folder of two files, one written before ages were collected (no age column),
    broke the ages down over the other file's rows alone on the local engine (1,500 of 3,000 profiles: the segments
    no longer added up to the whole), where Spark, reading the folder as one table, counted the rows without an age
    as not given.  A batch without a segment column reads as one whose cells are empty: region and age not given,
    data 0 GB, as they are scored; a column no batch has is still said to be missing."""
    first, second = made.slice(0, 250), made.slice(250)
    lacking = second.drop_columns(["age", "region", "data_gb"])
    emptied = second
    for name, kind in (("age", pa.int16()), ("region", pa.string()), ("data_gb", pa.float64())):
        emptied = emptied.set_column(emptied.schema.get_field_index(name), name, pa.nulls(len(emptied), kind))
    split = summary.summarise(whatif.partial_of_batches(scorer, [*first.to_batches(), *lacking.to_batches()]),
                              scorer.baseline, scorer.candidate)
    whole = _doc(scorer, pa.concat_tables([first, emptied]))
    assert split["segments"] == whole["segments"]
    for column in split["segments"]:
        assert column["in_population"] and sum(s["profiles"] for s in column["segments"]) == len(made)
    assert _column(split, "age")["segments"][-1]["segment"] is None
