"""Usage history, itemised records and billing rules, recomputed by hand.

A small plan file with three plans that differ only in how they bill; a CSV of two months whose
calls and sessions have awkward sizes.  Every figure below is worked out in the comments.
"""

import json
from decimal import Decimal

import pytest
from click.testing import CliRunner
from pydantic import ValidationError

from recommender.answer import recommend
from recommender.catalogue import load_sources
from recommender.cli import main
from recommender.cost import contract
from recommender.messages import render
from recommender.profile import Profile
from recommender.usage import UsageCsvError, billed, parse_csv
from tests.paths import ROOT

PLAN = """\
  - id: {id}
    name: {id}
    name_en: {id}
    monthly_fee: {{value: 10, source: "assumption: test"}}
    data_gb: {{value: 0, source: "assumption: test"}}
    voice_minutes: {{value: 0, source: "assumption: test"}}
    sms: {{value: 0, source: "assumption: test"}}
    downlink_mbps: {{value: 1000, source: "assumption: test"}}
    uplink_mbps: {{value: 100, source: "assumption: test"}}
    overage:
      data_per_gb: {{value: 3, source: "assumption: test"}}
      voice_per_minute: {{value: 0.15, source: "assumption: test"}}
      sms_each: {{value: 0.1, source: "assumption: test"}}
    billing: {{voice: {voice}, data_rounding: {rounding}, data_unit_mb: {unit}, mb_per_gb: {gb}}}
"""
FILE = "operator: {id: china-unicom, name: 联通, name_en: Unicom}\ncurrency: CNY\nplans:\n" + "".join([
    PLAN.format(id="minute", voice="per_minute", rounding="per_session", unit=1, gb=1024),
    PLAN.format(id="six", voice="per_6_seconds", rounding="per_month", unit=1024, gb=1024),
    PLAN.format(id="second", voice="per_second", rounding="per_month", unit=1, gb=1000),
])
CSV = """kind,date,duration_s,mb,caller
call,2025-01-03,61,,x
call,2025-01-05,7,,y
call,2025-01-09,125,,z
data,2025-01-03,,100.2,
data,2025-01-04,,0.3,
sms,2025-01-04,,,
call,2025-02-01,59,,
data,2025-02-02,,2048.5,
"""


@pytest.fixture(scope="module")
def catalogue():  # noqa: ANN201
    return load_sources([("unicom.yaml", FILE.encode())])


def test_records_are_billed_under_each_plans_rules(catalogue) -> None:  # noqa: ANN001
    profile = Profile(records=parse_csv(CSV))
    quantities = {pid: [(d["voice_s"], d["data_mb"], d["sms"]) for d in billed(profile, catalogue.plan_index[pid])]
                  for pid in ("minute", "six", "second")}
    assert quantities == {
        # calls 61+7+125 s → 2+1+3 minutes = 360 s; sessions 100.2 + 0.3 MB → 101 + 1 MB; Feb: 59 s → 60 s, 2049 MB
        "minute": [(360, 102, 1), (60, 2049, 0)],
        # 6-second blocks: 66+12+126 = 204 s; the month's 100.5 MB rounds up to one 1024-MB unit; Feb 3 units
        "six": [(204, 1024, 1), (60, 3072, 0)],
        # by the second: 193 s; the month's 100.5 MB → 101 MB; Feb 59 s and 2049 MB
        "second": [(193, 101, 1), (59, 2049, 0)],
    }


def test_totals_follow_the_rounding_rules(catalogue) -> None:  # noqa: ANN001
    answer = recommend(catalogue, Profile(records=parse_csv(CSV), horizon_months=2), top_k=3)
    months = {r.plan_id: [m["total_fen"] for m in r.months] for r in answer.recommendations}
    assert months == {
        # Jan: fee 1000 + 6 min × 15 + 1 started GB × 300 + 1 SMS × 10; Feb: 1000 + 15 + 3 GB × 300
        "minute": [1000 + 90 + 300 + 10, 1000 + 15 + 900],
        # Jan: voice 204 s × 15 fen / 60 s = 51 fen exactly; 1 GB; Feb: 60 s = 15 fen; 3 GB
        "six": [1000 + 51 + 300 + 10, 1000 + 15 + 900],
        # Jan: 193 s × 15 / 60 = 48.25 → 49 fen (one rounding up); 101 MB → 1 started GB of 1000 MB;
        # Feb: 59 s → 14.75 → 15 fen; 2049 MB → 3 GB of 1000 MB
        "second": [1000 + 49 + 300 + 10, 1000 + 15 + 900],
    }
    assert [r.plan_id for r in answer.recommendations] == ["second", "six", "minute"]
    assert [m["month"] for m in answer.recommendations[0].months] == ["2025-01", "2025-02"]
    assert answer.recommendations[0].total_fen == 1359 + 1915
    assert answer.recommendations[0].effective_monthly_fen == (1359 + 1915) // 2


def test_worst_month_objective(catalogue) -> None:  # noqa: ANN001
    history = Profile.model_validate({"months": [{"data_gb": 1}, {"data_gb": Decimal("0.5"), "voice_minutes": 10}],
                                      "objective": "worst_month", "horizon_months": 2})
    answer = recommend(catalogue, history, top_k=3)
    # month 2 = 1000 + 300 (0.5 GB: one started GB) + 150 (10 min) = 1450 everywhere; month 1 is one
    # GB = 1024 MB: one started GB (1300) where a GB is 1024 MB, two (1600) where it is 1000 MB.
    assert [(r.plan_id, max(m["total_fen"] for m in r.months)) for r in answer.recommendations] == [
        ("minute", 1450), ("six", 1450), ("second", 1600)]


def test_contract_terms_by_hand(catalogue) -> None:  # noqa: ANN001
    plan = catalogue.plan_index["minute"]
    from dataclasses import replace

    from recommender.catalogue.model import Terms
    promo = replace(plan, terms=Terms(promotions=((3, 500),), one_off_fen=2000, minimum_term_months=6,
                                      minimum_monthly_spend_fen=1200))
    # history 1100, 1300 repeating over 4 months; months 1-3 at the promo fee (500 instead of 1000):
    # 600→1200 (floor), 800→1200, 600→1200, then 1300; one-off 2000; 2 more term months of 1200 owed.
    terms = contract(promo, [1100, 1300], 4)
    assert terms.first_month_fen == 1200 + 2000
    assert terms.horizon_total_fen == 1200 * 3 + 1300 + 2000 + 2 * 1200
    assert terms.effective_monthly_fen == round((1200 * 3 + 1300 + 2000 + 2400) / 4)


def test_bad_rows_are_reported_by_line() -> None:
    with pytest.raises(UsageCsvError) as info:
        parse_csv("kind,date,duration_s,mb\ncall,2025-01-01,12\nfax,2025-01-01,,\ndata,2025-02-30,,1\ncall,2025-01-02,x,\n")
    assert [p.line for p in info.value.problems] == [3, 4, 5]
    with pytest.raises(UsageCsvError, match="missing column"):
        parse_csv("when,what\n1,2\n")


def test_bad_rows_carry_codes_beside_the_english_text() -> None:
    """Adapters word the reason from its code and parameters; the English text (API, CLI) is as before."""
    with pytest.raises(UsageCsvError) as info:
        parse_csv("kind,date,duration_s,mb\ncall,2025-01-01,abc,\nfax,2025-01-01,,\ndata,2025-02-30,,1\n"
                  "data,2025-01-01,,-5\ndata,2025-01-01,,2000000000\ndata,2025-01-01,,lots\n,2025-01-01,,\n")
    got = [(p.line, p.code, dict(p.params)) for p in info.value.problems]
    assert got == [(2, "csv.whole_seconds", {"column": "duration_s", "value": "abc"}),
                   (3, "csv.kind", {"column": "kind", "value": "fax"}),
                   (4, "csv.date", {"column": "date", "value": "2025-02-30"}),
                   (5, "csv.at_least", {"column": "mb", "low": 0}),
                   (6, "csv.at_most", {"column": "mb", "high": 1024000000}),
                   (7, "csv.number", {"column": "mb", "value": "lots"}), (8, "csv.required", {"column": "kind"})]
    assert info.value.problems[0].message == "duration_s: not a whole number of seconds ('abc')"  # (it said int()'s
    # complaint, "invalid literal for int() with base 10", in the API's reason: user test)
    assert info.value.problems[1].message == "kind: not call, data or sms ('fax')"  # (pydantic's "Input should be
    # 'call', 'data' or 'sms'" before: the English text is the message catalogue's, as every adapter's)
    for text, code, params in (("when,what\n1,2\n", "csv.missing_columns", {"columns": "date, kind",
                                                                         "found": ["when", "what"]}),
                               ("kind,date\n", "csv.no_records", {})):
        with pytest.raises(UsageCsvError) as info:
            parse_csv(text)
        assert (info.value.problems[0].code, dict(info.value.problems[0].params)) == (code, params)
    with pytest.raises(UsageCsvError) as info:
        parse_csv("kind,date\nsms,2025-01-01\nsms,2025-01-01\n", max_records=1)
    assert info.value.problems[0].reason.as_dict() == {"code": "csv.too_many", "params": {"max": 1}}
    assert info.value.problems[0].message == "more than 1 records"



def test_a_bill_as_spreadsheets_export_it_is_read() -> None:
    """Column names in any case and with spaces ("Kind, Date"), kinds in capitals and seconds written "61.0"
    are the same records; they were "missing column(s): date, kind" and "not a whole number of seconds"."""
    plain = parse_csv("kind,date,duration_s,mb\ncall,2025-01-01,61,\ndata,2025-01-02,,1.5\n")
    assert parse_csv("Kind, Date ,Duration_S,MB\nCall,2025-01-01,61.0,\nDATA,2025-01-02,,1.5\n") == plain
    with pytest.raises(UsageCsvError) as info:
        parse_csv("kind,date,duration_s\ncall,2025-01-01,61.5\ncall,2025-01-01,1e3\n")
    assert [p.code for p in info.value.problems] == ["csv.whole_seconds", "csv.whole_seconds"]


@pytest.mark.parametrize(("written", "seconds"), [
    ("1:05", 65), ("00:01:05", 65), ("1:05:00", 3900), ("61:00", 3660), ("0:00", 0),  # 1 × 3600 + 5 × 60 = 3900
    ("1分5秒", 65), ("65秒", 65), ("2分钟", 120), ("1小时2分", 3720), ("1 分 5 秒", 65), ("１：０５", 65),
    ("90分30秒", 5430), ("1小时5分30秒", 3930)])  # (a full-width colon, as Chinese exports write it: review)
def test_a_call_s_duration_as_bills_write_it_is_read_in_seconds(written: str, seconds: int) -> None:
    """Operators' bills write a call's duration as a clock ("1:05", "00:01:05") or in words ("1分5秒"): each was
    "not a whole number of seconds (invalid literal for int() with base 10: '1:05')" (found by the user test).
    They are the seconds they say, exactly."""
    (record,) = parse_csv(f"kind,date,duration_s,mb\ncall,2025-01-01,{written},\n")
    assert record.duration_s == seconds


@pytest.mark.parametrize("written", ["1:5", "1:60", "1:05:5", "1.5分", "分", "1分5", "5秒1分", "1分60秒", "1小时70分"])
def test_a_duration_no_clock_or_words_say_is_a_problem(written: str) -> None:
    """A second's digit missing or above 59, a decimal of minutes, a unit alone or out of order, minutes or seconds
    of 60 or more after a larger unit (as on a clock, and as the form reads "1小时60分钟": review): not guessed at."""
    with pytest.raises(UsageCsvError) as info:
        parse_csv(f"kind,date,duration_s,mb\ncall,2025-01-01,{written},\n")
    assert [(p.code, p.message) for p in info.value.problems] == [
        ("csv.whole_seconds", f"duration_s: not a whole number of seconds ({written!r})")]


def test_a_column_read_given_twice_is_a_problem_not_one_of_them_taken() -> None:
    """Found by the integrator review: "kind,Kind" (or "date" and "Date", as exports may name a call's date and its
    billing date) read the row by the last of the two, silently: a call was read as the text the second column said,
    its seconds dropped.  Which one was meant cannot be known, as for a JSON key given twice: line 1 says so, in the
    CSV's language's words too.  A column that is not read may be given twice."""
    for header, columns in (("kind,Kind,date,duration_s,mb", "kind"), ("kind,date,duration_s,mb,MB,Date", "date, mb")):
        with pytest.raises(UsageCsvError) as info:
            parse_csv(f"{header}\ncall,sms,2025-01-01,60,,\n")
        [problem] = info.value.problems
        assert (problem.line, problem.code, dict(problem.params)) == (1, "csv.column_twice", {"columns": columns})
        assert problem.message == render(problem.reason) and columns in render(problem.reason, "zh")
    assert len(parse_csv("kind,date,note,Note\nsms,2025-01-01,a,b\n")) == 1


def test_a_row_with_more_values_than_columns_is_a_problem_not_cut_short() -> None:
    """"data,2025-01-02,,1,024": the csv reader put "024" aside and the session was read as 1 MB."""
    with pytest.raises(UsageCsvError) as info:
        parse_csv("kind,date,duration_s,mb\ndata,2025-01-02,,1,024\nsms,2025-01-02,,\n")
    [problem] = info.value.problems
    assert (problem.line, problem.code) == (2, "csv.extra_values")
    assert "1,024" in render(problem.reason) and "1,024" in render(problem.reason, "zh")
    assert len(parse_csv("kind,date\nsms,2025-01-02,,\n")) == 1  # empty values past the columns: a trailing comma


def test_a_bill_separated_by_semicolons_or_tabs_is_read() -> None:
    """A spreadsheet in a locale with a decimal comma exports "kind;date;…"; a copy from a table gives tabs.
    Both read as the comma-separated bill (they were "missing column(s): date, kind")."""
    plain = parse_csv("kind,date,duration_s,mb\ncall,2025-01-01,61,\ndata,2025-01-02,,1.5\n")
    assert parse_csv("kind;date;duration_s;mb\ncall;2025-01-01;61;\ndata;2025-01-02;;1.5\n") == plain
    assert parse_csv("kind\tdate\tduration_s\tmb\r\ncall\t2025-01-01\t61\t\r\ndata\t2025-01-02\t\t1.5\r\n") == plain
    # Found by QA: the decimal comma of the locale that writes semicolons was "mb: not a number" on every data row
    assert parse_csv("kind;date;duration_s;mb\ncall;2025-01-01;61,0;\ndata;2025-01-02;;1,5\n") == plain
    for text in ("kind\tdate\tduration_s\tmb\ndata\t2025-01-02\t\t1,5\n",  # a table copied: "1,024" may be 1024
                 "kind;date;duration_s;mb\ndata;2025-01-02;;1.024,5\n"):  # a thousands point: not read as a number
        with pytest.raises(UsageCsvError) as info:
            parse_csv(text)
        assert [(p.line, p.code) for p in info.value.problems] == [(2, "csv.number")]
    # Found in review: "1,024" with semicolons may be an English-locale export's 1024 MB: a problem, unless another
    # number of the file shows the comma is a decimal mark ("0,5", "850,25", "1234,567")
    head = "kind;date;duration_s;mb\n"
    with pytest.raises(UsageCsvError) as info:
        parse_csv(head + "data;2025-01-02;;1,024\ncall;2025-01-03;61;\ndata;2025-01-04;;2,048\n")
    assert [(p.line, p.code, p.params["value"]) for p in info.value.problems] == [
        (2, "csv.ambiguous_comma", "1,024"), (4, "csv.ambiguous_comma", "2,048")]
    assert "thousands separator" in render(info.value.problems[0].reason)
    assert "千位分隔符" in render(info.value.problems[0].reason, "zh")
    for other in ("0,5", "850,25", "1234,567"):
        read = parse_csv(head + f"data;2025-01-02;;1,024\ndata;2025-01-03;;{other}\n")
        assert [r.mb for r in read] == [Decimal("1.024"), Decimal(other.replace(",", "."))]


def test_a_file_the_csv_reader_cannot_read_is_a_coded_problem_not_a_crash() -> None:
    """A field over the csv module's limit (131,072 characters) raised ``csv.Error`` out of the parser:
    a 500 in the API and the form.  Every problem renders in both languages."""
    with pytest.raises(UsageCsvError) as info:
        parse_csv('kind,date\nsms,2025-01-01\nsms,"' + "x" * 200_000 + '"\n')
    [problem] = info.value.problems
    assert (problem.line, problem.code) == (3, "csv.unreadable")
    for lang in ("en", "zh"):
        assert render(problem.reason, lang)


def test_records_cover_at_most_the_months_a_history_may_hold() -> None:
    """A mistyped year (0001 for 2025) made a month of its own, a month of almost no use that pulled
    the average down; records spread over centuries made CP-SAT build a model per month (16 s for 2,700
    months, over its 5 s limit).  Records cover at most 24 months, as ``months`` does; the CSV names
    the lines of the earliest and the latest record."""
    rows = "".join(f"sms,2024-{m:02d}-01\n" for m in range(1, 13)) + "".join(
        f"sms,2025-{m:02d}-28\n" for m in range(1, 13))
    assert len(parse_csv("kind,date\n" + rows)) == 24  # 2024-01 to 2025-12: 24 months
    with pytest.raises(UsageCsvError) as info:
        parse_csv("kind,date\n" + rows + "sms,2026-01-01\n")
    [problem] = info.value.problems
    assert (problem.line, problem.code) == (2, "csv.span")
    assert dict(problem.params) == {"months": 25, "max": 24, "first": "2024-01-01", "first_line": 2,
                                    "last": "2026-01-01", "last_line": 26}
    with pytest.raises(UsageCsvError) as info:
        parse_csv("kind,date,mb\nsms,2025-03-01,\ndata,0001-01-01,100\nsms,2025-05-31,\n")
    [problem] = info.value.problems
    assert problem.line == 3 and problem.message == (
        "dates span 24293 months, from 0001-01-01 (line 3) to 2025-05-31 (line 4): a history covers at most 24 "
        "(a mistyped year?)")
    for lang in ("en", "zh"):
        assert "0001-01-01" in render(problem.reason, lang)
    records = [{"kind": "sms", "date": d} for d in ("2025-03-01", "0001-01-01", "2025-05-31")]
    with pytest.raises(ValidationError) as error:
        Profile.model_validate({"records": records})
    assert [e["loc"] for e in error.value.errors()] == [("records",)]
    assert Profile.model_validate({"records": records[::2]}).records


def test_cli_reads_the_shipped_csv_and_bills_each_plan_its_way() -> None:
    result = CliRunner().invoke(main, ["recommend", "--usage-csv", str(ROOT / "seeds/usage/three-months.csv"),
                                       "--json", "--top-k", "10"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    recs = {r["plan_id"]: r for r in doc["recommendations"]}
    assert [m["month"] for m in doc["recommendations"][0]["months"]] == ["2025-03", "2025-04", "2025-05"]
    # Telecom rounds each session up to the MB; the other operators round the month's total.
    telecom = next(r for r in recs.values() if r["operator"] == "china-telecom")
    unicom = next(r for r in recs.values() if r["operator"] == "china-unicom")
    assert all(t["billed"]["data_mb"] > u["billed"]["data_mb"] for t, u in zip(telecom["months"], unicom["months"],
                                                                              strict=True))
    for r in recs.values():
        assert r["total_fen"] == sum(m["total_fen"] for m in r["months"]) == sum(line["fen"] for line in r["breakdown"])


def test_a_bill_whose_lines_end_in_cr_alone_or_whose_header_cannot_be_read_is_not_a_crash() -> None:
    """Found by QA: a "CSV (Macintosh)" export (lines ending in a carriage return alone) and a header with a field
    over the csv module's limit raised ``csv.Error`` outside the parser's guard: a 500 in the API and the form.
    The first is read as any bill; the second is a coded problem at line 1."""
    plain = parse_csv("kind,date,duration_s,mb\ncall,2025-01-01,61,\ndata,2025-01-02,,1.5\n")
    assert parse_csv("kind,date,duration_s,mb\rcall,2025-01-01,61,\rdata,2025-01-02,,1.5\r") == plain
    with pytest.raises(UsageCsvError) as info:
        parse_csv("a" * 140_000 + "\n")
    assert [(p.line, p.code) for p in info.value.problems] == [(1, "csv.unreadable")]


def test_float_noise_in_a_clients_number_is_not_a_megabyte_more(catalogue) -> None:  # noqa: ANN001
    """Found by the money QA: ``data_gb: 10.000000000000002`` (0.1 * 100 in a client's floats) was billed 10241 MB, ¥3
    of overage for 2 bytes, where the batch scorer read the same row as 10240 MB.  Usage is read to a millionth of a
    MB before it is rounded up, by the API, a trip, an app share and a household's line as by the batch scorer."""
    import numpy as np

    from recommender.optimise.batch import column_mb

    plan = catalogue.plan_index["minute"]
    noisy = Decimal(str(0.1 * 100 + 2e-15))
    assert noisy != 10 and int(column_mb(np.array([float(noisy)]))[0]) == 10240
    for body, meter in (({"data_gb": noisy}, "data_mb"),
                        ({"needs": {"roaming": {"data_gb": noisy}}}, "roaming_data_mb"),
                        ({"lines": [{"data_gb": noisy}, {"data_gb": 1}]}, "data_mb")):
        assert billed(Profile.model_validate(body), plan)[0][meter] == 10240, body
    app = billed(Profile.model_validate({"data_gb": 20, "app_share": {"video": noisy}}), plan)[0]
    assert app["app:video"] == 10240
    assert billed(Profile.model_validate({"data_gb": Decimal("10.000001")}), plan)[0]["data_mb"] == 10241  # (1 KB)


@pytest.mark.parametrize("body", [{"data_gb": "5_0"}, {"exchange_rates": {"USD": "7_18"}}, {"data_gb": " 5"},
                                  {"benefit_values": {"netflix": "1_0"}}, {"exchange_rates": {"USD": "1e-7"}},
                                  {"exchange_rates": {"USD": 0.0000009}}])
def test_a_profile_files_numbers_are_read_as_the_api_reads_them(body: dict[str, object]) -> None:
    """Found by the money QA: a profile file (the CLI's ``--profile``) read ``"data_gb": "5_0"`` as 50 GB and
    ``"USD": "7_18"`` as a rate of 718 (``Decimal`` takes Python's separators), and took a rate of 1e-7 that the API
    and TMF680 refuse; a number as text is written as JSON writes one, and a rate is at least 0.000001."""
    with pytest.raises(ValidationError):
        Profile.model_validate(body)
    assert Profile.model_validate({"data_gb": "5.5", "exchange_rates": {"USD": "7.18e0"}}).data_gb == Decimal("5.5")


@pytest.mark.parametrize("written", ["2025-03-18", "2025/3/18", "2025-3-18", "2025.03.18", "2025年3月18日",
                                     "2025-03-18 08:05:00", "2025/3/18 8:05", "2025-03-18T08:05:00"])
def test_a_date_is_read_as_spreadsheets_and_bills_write_it(written: str) -> None:
    """A record's date as Excel on Chinese Windows saves an ISO date (2025/3/18), unpadded, in Chinese, with the
    record's time: every row of such an export was "date: not a date (YYYY-MM-DD)" (found by the CSV user test)."""
    (record,) = parse_csv(f"kind,date,duration_s,mb\ncall,{written},65,\n")
    assert record.date.isoformat() == "2025-03-18"


@pytest.mark.parametrize("written", ["2025-02-30", "18/03/2025", "2025-03", "2025/13/1", "2025-03-18 later"])
def test_a_date_no_calendar_has_or_in_another_order_is_refused(written: str) -> None:
    with pytest.raises(UsageCsvError) as info:
        parse_csv(f"kind,date,duration_s,mb\ncall,{written},65,\n")
    assert [(p.line, p.code) for p in info.value.problems] == [(2, "csv.date")]


def test_rows_of_empty_cells_are_not_records_and_the_missing_columns_name_those_the_header_has() -> None:
    """A spreadsheet's blank rows at the end (",,,") are skipped, not a problem each (the CSV user test: "line 62:
    kind: empty" sank a good file); a header of an operator's own names is told them and the names to use."""
    assert len(parse_csv("kind,date,duration_s,mb\ncall,2025-01-01,60,\n,,,\n,,\n\n ,,, \n")) == 1
    with pytest.raises(UsageCsvError) as info:
        parse_csv("通信类型,起始时间,通信时长\n主叫,2025-03-18,5\n")
    assert str(info.value) == ("line 1: missing column(s): date, kind (the header row has: 通信类型, 起始时间, "
                               "通信时长; name the columns kind, date, duration_s and mb)")


@pytest.mark.parametrize(("written", "mb"), [("1.2MB", "1.2"), ("1024KB", "1"), ("512 kb", "0.5"), ("1.5GB", "1536"),
                                             ("2G", "2048"), ("0.5M", "0.5"), ("１．２ＭＢ", "1.2"), ("850", "850")])
def test_a_data_session_is_read_with_the_unit_a_bill_writes(written: str, mb: str) -> None:
    """A session's volume with its unit, as operators' bills write it (KB, MB, GB; 1024 of one the next): every data
    row of such an export was "mb: not a number" (found by the CSV user test)."""
    (record,) = parse_csv(f"kind,date,duration_s,mb\ndata,2025-03-18,,{written}\n")
    assert record.mb == Decimal(mb)


@pytest.mark.parametrize("written", ["1.2TB", "MB", "1.2 M B", "1,2MB", "-1MB"])
def test_a_volume_with_no_unit_read_or_no_number_is_refused(written: str) -> None:
    with pytest.raises(UsageCsvError) as info:
        parse_csv(f"kind,date,duration_s,mb\ndata,2025-03-18,,{written}\n")
    assert [(p.line, p.code) for p in info.value.problems] in ([(2, "csv.number")], [(2, "csv.extra_values")])


def test_a_record_s_kind_is_read_as_chinese_bills_write_it() -> None:
    """主叫, 上网 (or 流量) and 短信 are a call made, a data session and a text (found by the CSV user test: refused on
    every row); 被叫, a call received, free within the mainland, is skipped: neither counted as a call made nor
    refused (an operator's call list, which lists the calls received beside those made, was refused row by row)."""
    records = parse_csv("kind,date,duration_s,mb\n主叫,2025-03-18,65,\n上网,2025-03-18,,1.5MB\n流量,2025-03-18,,2\n"
                        "短信,2025-03-18,,\n")
    assert [(r.kind, r.duration_s, r.mb) for r in records] == [
        ("call", 65, Decimal(0)), ("data", 0, Decimal("1.5")), ("data", 0, Decimal(2)), ("sms", 0, Decimal(0))]
    calls = parse_csv("kind,date,duration_s,mb\n被叫,2025-03-18,600,\n主叫,2025-03-19,65,\n 被叫 ,2025-03-20,30,\n")
    assert [(r.kind, r.date.day, r.duration_s) for r in calls] == [("call", 19, 65)]
    with pytest.raises(UsageCsvError) as info:
        parse_csv("kind,date,duration_s,mb\n被叫,2025-03-18,65,\n")
    assert [(p.line, p.code) for p in info.value.problems] == [(1, "csv.no_records")]


def test_a_bad_value_is_quoted_in_its_problem() -> None:
    """Each problem of a value says the value, in English and in the codes' params (found in review: "mb: not a
    number" did not say which of a row's figures was meant); a long one is cut."""
    with pytest.raises(UsageCsvError) as info:
        parse_csv("kind,date,duration_s,mb\ncall,2025-03-18,abc,\ndata,2025-03-18,,1.2XB\nfax,2025-03-18,,\n"
                  f"sms,2025-13-45,,\ncall,2025-03-18,{'9' * 60}x,\n")
    assert [(p.line, p.code, p.params.get("value"), p.message) for p in info.value.problems] == [
        (2, "csv.whole_seconds", "abc", "duration_s: not a whole number of seconds ('abc')"),
        (3, "csv.number", "1.2XB", "mb: not a number ('1.2XB')"),
        (4, "csv.kind", "fax", "kind: not call, data or sms ('fax')"),
        (5, "csv.date", "2025-13-45", "date: not a date (YYYY-MM-DD) ('2025-13-45')"),
        (6, "csv.whole_seconds", "9" * 39 + "…", f"duration_s: not a whole number of seconds ('{'9' * 39}…')")]
