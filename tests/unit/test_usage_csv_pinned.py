"""``usage.csv`` on small hand-written bills: the bytes read as text, each row read into a ``Record`` or refused with
its line and a code ``{code, params}``, and the error saying the first problems.  Every line number is counted by hand
(the header is line 1)."""

from datetime import date
from decimal import Decimal

import pytest

from recommender.profile import Record
from recommender.usage import CsvProblem, UsageCsvError, csv_text, parse_csv

HEAD = "kind,date,duration_s,mb\n"


def problems(text: str, max_records: int | None = None) -> list[tuple[int, str, dict[str, object]]]:
    """The ``(line, code, params)`` of each problem ``parse_csv`` finds in ``text``."""
    with pytest.raises(UsageCsvError) as info:
        parse_csv(text) if max_records is None else parse_csv(text, max_records=max_records)
    return [(p.line, p.code, dict(p.params)) for p in info.value.problems]


def test_a_bills_bytes_are_utf8_with_or_without_a_bom_then_gb18030_and_never_text_with_a_nul() -> None:
    """UTF-8 with a BOM is read without it; "短信" in GB 18030 (not UTF-8) is read as GB 18030; UTF-16 (NULs between
    the letters) and text with a NUL are not text."""
    assert csv_text(b"\xef\xbb\xbfkind,date\n") == "kind,date\n"
    assert csv_text(b"kind,date\n") == "kind,date\n"
    chinese = "kind,date,备注\nsms,2025-01-01,短信\n"
    assert csv_text(chinese.encode("gb18030")) == chinese
    assert csv_text("kind,date\n".encode("utf-16")) is None
    assert csv_text(b"kind,date\x00\n") is None
    assert csv_text(b"") == ""
    assert csv_text(b"kind,date\n\xff") is None  # an incomplete sequence in UTF-8 and in GB 18030 alike


def test_a_semicolon_bills_problems_are_said_in_line_order_the_ambiguous_commas_among_them() -> None:
    """Line 2 "1,024" and line 4 "2,048" could be thousands (no number shows a decimal comma), line 3's "fax" is no
    kind: the problems are lines 2, 3, 4 in that order, not the kind first and the commas found at the end after it."""
    text = "kind;date;duration_s;mb\ndata;2025-01-02;;1,024\nfax;2025-01-03;;\ndata;2025-01-04;;2,048\n"
    assert problems(text) == [(2, "csv.ambiguous_comma", {"column": "mb", "value": "1,024"}),
                              (3, "csv.kind", {"column": "kind", "value": "fax"}),
                              (4, "csv.ambiguous_comma", {"column": "mb", "value": "2,048"})]


def test_a_row_is_numbered_by_its_line_in_the_file_a_quoted_value_over_two_lines_counting_both() -> None:
    """A message whose note is quoted over lines 2 and 3: the row after it, "fax", is on line 4."""
    assert problems('kind,date,note\nsms,2025-01-01,"two\nlines"\nfax,2025-01-02,x\n') == [
        (4, "csv.kind", {"column": "kind", "value": "fax"})]


def test_the_most_records_read_counts_the_bad_rows_too() -> None:
    """At most 2 rows: line 2 is bad (a problem), line 3 a message; line 4 is the third row, past the 2: "more than 2
    records" there, and reading stops (line 5's bad kind is not read)."""
    text = "kind,date\nfax,2025-01-01\nsms,2025-01-02\nsms,2025-01-03\nfax,2025-01-04\n"
    assert problems(text, max_records=2) == [(2, "csv.kind", {"column": "kind", "value": "fax"}),
                                             (4, "csv.too_many", {"max": 2})]
    assert len(parse_csv("kind,date\nsms,2025-01-02\nsms,2025-01-03\n", max_records=2)) == 2


def test_the_error_says_the_first_20_problems_each_by_its_line() -> None:
    """25 rows of "fax" (lines 2 to 26): all 25 problems are kept, 20 are shown, and the error's text is theirs,
    "line 2: kind: …" to "line 21: kind: …", joined by "; "."""
    with pytest.raises(UsageCsvError) as info:
        parse_csv("kind,date\n" + "fax,2025-01-01\n" * 25)
    error = info.value
    assert [p.line for p in error.problems] == list(range(2, 27))
    assert [p.line for p in error.shown()] == list(range(2, 22))
    parts = str(error).split("; ")
    assert len(parts) == 20
    assert parts[0] == "line 2: kind: not call, data or sms ('fax')" and parts[-1].startswith("line 21: kind: ")


def test_a_problem_says_its_line_then_its_english_text() -> None:
    problem = CsvProblem(7, "mb: not a number", "csv.number", {"column": "mb"})
    assert str(problem) == "line 7: mb: not a number"
    assert problem.reason.as_dict() == {"code": "csv.number", "params": {"column": "mb"}}
    assert problems(HEAD + "data,2025-01-01,,lots\n") == [(2, "csv.number", {"column": "mb", "value": "lots"})]


def test_kinds_and_dates_are_read_without_the_spaces_around_them_and_blank_extra_values_are_no_values() -> None:
    """"  SMS  " on " 2025-01-05 " is a message of 5 January; a row with blank values past the two columns (" ", "")
    is that row, not one with more values than columns."""
    assert parse_csv("kind,date\n  SMS  , 2025-01-05 , ,\n") == (Record(kind="sms", date=date(2025, 1, 5)),)


def test_seconds_as_spreadsheets_write_whole_numbers_are_those_seconds() -> None:
    """"61." and "+61.00" are 61 s; "-5.0" is -5 s, under the least (0); "61.01" is not a whole number of seconds,
    nor is "1e2" (an exponent) or "0x10"."""
    read = parse_csv(HEAD + "call,2025-01-01,61.,\ncall,2025-01-02,+61.00,\ncall,2025-01-03,7,\n")
    assert [r.duration_s for r in read] == [61, 61, 7]
    assert problems(HEAD + "call,2025-01-01,-5.0,\ncall,2025-01-01,61.01,\ncall,2025-01-01,1e2,\n"
                    "call,2025-01-01,0x10,\n") == [
        (2, "csv.at_least", {"column": "duration_s", "low": 0}),
        (3, "csv.whole_seconds", {"column": "duration_s", "value": "61.01"}),
        (4, "csv.whole_seconds", {"column": "duration_s", "value": "1e2"}),
        (5, "csv.whole_seconds", {"column": "duration_s", "value": "0x10"})]


def test_a_semicolon_bills_decimal_commas_are_read_once_one_number_shows_them() -> None:
    """"0,125" can only be a decimal comma (a thousand is never written "0,125"), so "1,024" is 1.024 MB and
    "2,5" 2.5 MB; "61,0" seconds is 61 s."""
    read = parse_csv("kind;date;duration_s;mb\ndata;2025-01-01;;1,024\ndata;2025-01-02;;0,125\n"
                     "data;2025-01-03;;2,5\ncall;2025-01-04;61,0;\n")
    assert [(r.kind, r.mb, r.duration_s) for r in read] == [
        ("data", Decimal("1.024"), 0), ("data", Decimal("0.125"), 0), ("data", Decimal("2.5"), 0), ("call", 0, 61)]


def test_an_empty_bill_misses_both_columns_read() -> None:
    """No text at all: no header, so the columns "date" and "kind" are missing (line 1), not a crash."""
    assert problems("") == [(1, "csv.missing_columns", {"columns": "date, kind"})]
    assert problems("\n") == [(1, "csv.missing_columns", {"columns": "date, kind"})]


def test_a_bill_of_no_rows_has_no_records_at_line_1() -> None:
    assert problems("kind,date\n") == [(1, "csv.no_records", {})]


def test_a_thousands_like_number_of_seconds_is_said_in_its_column() -> None:
    """A semicolon bill whose only number with a comma is a call's "1,000" seconds (1 s with a decimal comma, a
    thousand without): ambiguous, in duration_s."""
    assert problems("kind;date;duration_s;mb\ncall;2025-01-01;1,000;\n") == [
        (2, "csv.ambiguous_comma", {"column": "duration_s", "value": "1,000"})]


def test_a_row_shorter_than_the_header_lacks_its_last_values() -> None:
    """"sms" alone under "kind,date": the date is required (line 2), not read as the text "None"; "2025-01-01" alone
    under "date,kind": the kind is required (line 3).  A call with no duration_s column, or its cell empty, is said
    as empty (it was "not a whole number of seconds ('')", a bad value: the bill-upload test), not 'None'."""
    assert problems("kind,date\nsms\n") == [(2, "csv.required", {"column": "date"})]
    assert problems("date,kind\n2025-01-01,sms\n2025-01-01\n") == [(3, "csv.required", {"column": "kind"})]
    with pytest.raises(UsageCsvError) as info:
        parse_csv("kind,date\ncall,2025-01-01\n")
    [problem] = info.value.problems
    assert (problem.line, problem.code, problem.params) == (2, "csv.required", {"column": "duration_s"})
    assert problem.message == "duration_s: empty"
    assert problems(HEAD + "data,2025-01-01,,\ncall,2025-01-01, ,\n") == [(2, "csv.required", {"column": "mb"}),
                                                                         (3, "csv.required", {"column": "duration_s"})]


def test_infinite_or_nan_megabytes_are_not_a_number_and_seconds_over_the_most_are_said_with_it() -> None:
    """"Infinity", "NaN" and "-inf" MB are no number of megabytes (csv.number, at lines 2 to 4); 1,000,001 s is over
    the most a count may be, 1,000,000 (line 5), which itself is read."""
    assert problems(HEAD + "data,2025-01-01,,Infinity\ndata,2025-01-01,,NaN\ndata,2025-01-01,,-inf\n"
                    "call,2025-01-01,1000001,\n") == [
        (2, "csv.number", {"column": "mb", "value": "Infinity"}), (3, "csv.number", {"column": "mb", "value": "NaN"}),
        (4, "csv.number", {"column": "mb", "value": "-inf"}),
        (5, "csv.at_most", {"column": "duration_s", "high": 1000000})]
    assert [r.duration_s for r in parse_csv(HEAD + "call,2025-01-01,1000000,\n")] == [1000000]


def test_seconds_given_twice_are_a_problem_not_the_second_taken() -> None:
    """"duration_s" and "Duration_S": which seconds to read cannot be known (line 1), as for kind, date or mb."""
    assert problems("kind,date,duration_s,Duration_S\ncall,2025-01-01,61,1\n") == [
        (1, "csv.column_twice", {"columns": "duration_s"})]


def test_digits_grouped_by_underscores_are_no_number() -> None:
    """Python reads "1_000" as 1000 and "5_0" as 50; no bill writes them, and a profile file and the form refuse them:
    line 2's call of "1_000" seconds is not a whole number of seconds, line 3's "5_0" MB not a number, line 4's call of
    61 s is read."""
    text = HEAD + "call,2025-01-01,1_000,\ndata,2025-01-02,,5_0\ncall,2025-01-03,61,\n"
    assert problems(text) == [(2, "csv.whole_seconds", {"column": "duration_s", "value": "1_000"}),
                              (3, "csv.number", {"column": "mb", "value": "5_0"})]
    assert [r.duration_s for r in parse_csv(HEAD + "call,2025-01-03,61,\n")] == [61]
