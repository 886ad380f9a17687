"""Itemised usage from a CSV (an operator's bill export): rows → ``Record`` objects, bad rows by line.

The columns are ``kind`` (call, data or sms), ``date`` (YYYY-MM-DD, or as spreadsheets write it: ``SHEET_DATE``),
``duration_s`` for a call and ``mb`` for a data session; other columns are ignored.
"""

import csv
import io
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from pydantic import ValidationError

from ..messages import Message, render
from ..profile import MAX_MONTHS, MAX_RECORDS, Record, span


@dataclass(frozen=True)
class CsvProblem:
    """A bad row: its line, the English ``message`` (the API's text) and the same reason as a
    code with parameters (``reason``), for adapters to word in their language (``messages/<lang>.json``).

    Codes: ``csv.missing_columns`` (columns), ``csv.column_twice`` (columns), ``csv.too_many`` (max),
    ``csv.no_records``, ``csv.unreadable`` (not CSV from that line on), ``csv.extra_values`` (more values than columns),
    ``csv.span`` (months, max, first, first_line, last, last_line: the dates cover too many months),
    and for a column's value (column):
    ``csv.required``, ``csv.kind``, ``csv.date``, ``csv.whole_seconds``, ``csv.number``, ``csv.invalid`` (these five
    with the value given, ``value``, cut at ``SAID_NAME`` characters),
    ``csv.at_least`` (low), ``csv.at_most`` (high), ``csv.ambiguous_comma`` (value: "1,024" in a
    semicolon-separated bill none of whose numbers shows a decimal comma).
    """

    line: int
    message: str
    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def reason(self) -> Message:
        return Message(self.code, self.params)

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


class UsageCsvError(ValueError):
    """The CSV has rows that are not usage records; ``problems`` says which and why."""

    SHOWN = 20
    """The bad rows said at most (the form's and the CLI's list, this error's English text), then how many more."""

    def __init__(self, problems: list[CsvProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in self.shown()))

    def shown(self) -> list[CsvProblem]:
        return self.problems[:self.SHOWN]


CSV_ENCODINGS = ("utf-8-sig", "gb18030")
"""How a usage CSV's bytes are read: UTF-8 (with or without a BOM) first, then GB 18030, which
Chinese spreadsheet exports often use."""


def csv_text(content: bytes) -> str | None:
    """A usage CSV's bytes as text (``CSV_ENCODINGS`` in order); None when they are not text in either
    (a NUL in the result: UTF-16, a spreadsheet or an image read as GB 18030).  The API, the form and the
    command line read a bill the same way."""
    for encoding in CSV_ENCODINGS:
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        return None if "\x00" in text else text
    return None


READ = ("kind", "date", "duration_s", "mb")
"""The columns read (any other is ignored)."""

SEPARATORS = ",;\t"
"""What separates values, by the first the header row holds: spreadsheets set to a locale whose decimal
mark is a comma export with semicolons, so in a semicolon-separated bill a number's one comma is its decimal
mark ("850,5" MB); tab-separated text is what a copy from a table gives, in any locale, where "1,024" may be a
thousand and twenty-four: there a comma is a problem, as in a comma-separated bill."""


SAID_COLUMNS = 10
"""The header's names ``csv.missing_columns`` says at most (then "…"), each of at most ``SAID_NAME`` characters: the
first line of a file that is no CSV may be long (found in review)."""
SAID_NAME = 40


def _shortened(name: str) -> str:
    return name if len(name) <= SAID_NAME else name[:SAID_NAME - 1] + "…"


def parse_csv(text: str, max_records: int = MAX_RECORDS) -> tuple[Record, ...]:
    """Itemised records from CSV text (at most ``max_records``: reading stops at the first row past it).

    Columns (a header row is required, names in any case, other columns are ignored, order is free; a row
    with more non-empty values than the header has columns is a problem, not cut short).  Values are
    separated by commas, or by semicolons or tabs when the header row has no comma (``SEPARATORS``):

    - ``kind``: ``call``, ``data`` or ``sms`` (or as Chinese bills write them: ``KIND_WORDS``)
    - ``date``: ``YYYY-MM-DD``, or as a spreadsheet or a bill writes it, with a time or not (``SHEET_DATE``: the
      record's month is its billing month)
    - ``duration_s``: whole seconds, for calls
    - ``mb``: megabytes (decimals allowed; with a decimal comma in a semicolon-separated bill; or with a unit,
      ``1.2MB``, ``1024KB``, ``1.5GB``: ``WITH_UNIT``), for data sessions

    Every bad row is reported with its line number (the header is line 1).
    """
    header = text.splitlines()[0] if text else ""
    # newline="": the csv module reads \r, \r\n and \n line ends itself (a "CSV (Macintosh)" export ends lines in \r)
    delimiter = next((s for s in SEPARATORS if s in header), ",")
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        fieldnames = reader.fieldnames
    except csv.Error as exc:  # the header row itself is unreadable (a field over the csv module's limit)
        raise UsageCsvError([CsvProblem(1, f"not readable as CSV from here ({exc})", "csv.unreadable")]) from None
    if fieldnames:  # "Kind", " date ": the columns as exports spell them
        reader.fieldnames = [name.strip().lower() for name in fieldnames]
    names = reader.fieldnames or []
    twice = sorted({name for name in names if name in READ and names.count(name) > 1})
    if twice:  # (the csv reader keeps the last of two, silently: found by the integrator review, "kind,Kind" read a
        # call as the text the second column said, its seconds dropped; as a JSON key given twice, refused)
        columns = ", ".join(twice)
        raise UsageCsvError([CsvProblem(1, f"column(s) given more than once: {columns} (which to read cannot be "
                                           "known)", "csv.column_twice", {"columns": columns})])
    missing = {"kind", "date"} - set(names)
    if missing:  # (with the header's own names: an operator's export with its own headers, 通信类型 and 起始时间, was
        # told "missing column(s): date, kind", naming neither what it had nor what to call it; the CSV user test)
        columns, found = ", ".join(sorted(missing)), [_shortened(name) for name in names if name]
        if len(found) > SAID_COLUMNS:
            found = [*found[:SAID_COLUMNS], "…"]
        reason = Message("csv.missing_columns", {"columns": columns, **({"found": found} if found else {})})
        raise UsageCsvError([CsvProblem(1, render(reason), reason.code, reason.params)])
    records: list[Record] = []
    lines: list[int] = []
    problems: list[CsvProblem] = []
    commas = _Commas() if delimiter == ";" else None
    try:
        for row in reader:
            line = reader.line_num
            if _blank(row) or _received(row):
                continue  # a row of empty cells (",,,": a spreadsheet's blank rows at the end; the CSV user test), or a
                # call received, which no bill charges (``RECEIVED``)
            if len(records) + len(problems) >= max_records:
                problems.append(CsvProblem(line, f"more than {max_records} records", "csv.too_many",
                                           {"max": max_records}))
                break
            try:
                records.append(_record(row, commas, line))
                lines.append(line)
            except ValueError as exc:
                problems.append(_problem(line, exc))
    except csv.Error as exc:  # e.g. a field over the csv module's limit: the rest cannot be read
        problems.append(CsvProblem(reader.line_num + 1, f"not readable as CSV from here ({exc})", "csv.unreadable"))
    if commas is not None and not commas.decimal:  # no value shows the comma is a decimal mark: "1,024" may be 1024
        for line, column, text in commas.ambiguous:  # (the English text is the code's: one wording)
            reason = Message("csv.ambiguous_comma", {"column": column, "value": text})
            problems.append(CsvProblem(line, render(reason), reason.code, reason.params))
        problems.sort(key=lambda p: p.line)
    if problems:
        raise UsageCsvError(problems)
    if not records:
        raise UsageCsvError([CsvProblem(1, "no records", "csv.no_records")])
    covered = span(records)
    if covered.months > MAX_MONTHS:
        first, last = records[covered.first].date.isoformat(), records[covered.last].date.isoformat()
        params = {"months": covered.months, "max": MAX_MONTHS, "first": first, "first_line": lines[covered.first],
                  "last": last, "last_line": lines[covered.last]}
        reason = Message("csv.span", params)
        raise UsageCsvError([CsvProblem(lines[covered.first], render(reason), reason.code, reason.params)])
    return tuple(records)


def _extra(row: dict[str | None, Any]) -> list[str]:
    """A row's values beyond its header's columns (the csv reader keeps them under ``None``)."""
    return row.get(None) or []


def _blank(row: dict[str | None, Any]) -> bool:
    """Whether every cell of a row is empty, its columns' (None where the row is short) and any beyond them."""
    return not any(str(value or "").strip() for key, value in row.items() if key is not None) and \
        not any(value.strip() for value in _extra(row))


def _received(row: dict[str | None, Any]) -> bool:
    return str(row.get("kind") or "").strip() in RECEIVED


def _record(row: dict[str | None, Any], commas: "_Commas | None" = None, line: int = 0) -> Record:
    if any(value.strip() for value in _extra(row)):  # more values than columns: "1,024" unquoted
        raise _ExtraValues()
    kind = str(row.get("kind") or "").strip().lower()
    kind = KIND_WORDS.get(kind, kind)
    fields: dict[str, object] = {"kind": kind, "date": _iso(str(row.get("date") or "").strip())}
    column = {"call": "duration_s", "data": "mb"}.get(kind)
    if column is not None and not str(row.get(column) or "").strip():  # (said as empty, as a JSON record without
        raise _Empty(column)  # it is: "not a whole number of seconds ('')" read as a bad value; the bill-upload test)
    if kind == "call":
        fields["duration_s"] = _whole_seconds(_number(row.get("duration_s"), commas, line, "duration_s"))
    elif kind == "data":
        text = _number(row.get("mb"), commas, line, "mb")
        try:
            fields["mb"] = mb = _megabytes(text)
        except InvalidOperation:
            raise _NotNumber(text) from None
        if not mb.is_finite():  # ("Infinity", "NaN": said as written, where the record would say "-Infinity")
            raise _NotNumber(text)
    return Record.model_validate(fields)


SHEET_DATE = re.compile(r"([0-9]{4})(?:([-/.])([0-9]{1,2})\2([0-9]{1,2})|年([0-9]{1,2})月([0-9]{1,2})日)"
                        r"(?:(?:[ T]+|(?<=日))(?:[01]?[0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:\.[0-9]*)?)?"
                        r"(?:Z|[+-][0-9]{2}:?[0-9]{2})?)?")
"""A record's date as spreadsheets and bills write it: ``2025-03-18``, ``2025/3/18`` (Excel on Chinese Windows saves
an ISO date so), ``2025.3.18``, ``2025年3月18日``, one separator throughout, any of them with a time of day
(``2025-03-18 08:05:00``, ``2025-03-18T08:05:00+08:00``, ``2025年3月18日08:05``): every row of such an export was
"date: not a date (YYYY-MM-DD)" (found by the CSV user test).  The date is the record's (its time zone's)."""


def _iso(text: str) -> str:
    """``text`` as YYYY-MM-DD where it is a date as ``SHEET_DATE`` reads one (not checked to be a day of the calendar:
    the record is), else as it is (the record refuses it)."""
    found = SHEET_DATE.fullmatch(unicodedata.normalize("NFKC", text))  # (a full-width colon: ":")
    if found is None:
        return text
    year, _, month, day, month_zh, day_zh = found.groups()
    return f"{year}-{int(month or month_zh):02d}-{int(day or day_zh):02d}"


KIND_WORDS = {"主叫": "call", "上网": "data", "流量": "data", "短信": "sms"}
"""A record's kind as Chinese bills write it (a call made, a data session, a text): read as ``call``, ``data``,
``sms``."""
RECEIVED = frozenset({"被叫"})
"""A call received, as Chinese bills write its kind: free within the Chinese mainland, its row is skipped, neither
counted as a call made nor refused (it was refused, row by row: an operator's call list, which lists the calls received
beside those made, could not be read until every one of them was deleted by hand)."""


class _Empty(ValueError):
    """A call's or a data session's figure left empty (its column, the error's one argument)."""


GROUPED_BY_UNDERSCORE = "_"
"""Python's digit grouping ("1_000", "5_0"), which ``int`` and ``Decimal`` read as 1000 and 50: no number in a bill, as
in a profile file (``profile._number_text``) or the form (found by the usage mutation run: "5_0" MB was 50 MB)."""


WITH_UNIT = re.compile(r"([0-9]+(?:\.[0-9]*)?|\.[0-9]+) ?(KB|K|MB|M|GB|G)", re.IGNORECASE)
"""A data session's volume with its unit, as bills write it ("1.2MB", "1024KB", "1.5 GB"): every data row of an
operator's export was "mb: not a number" (found by the CSV user test).  A GB is 1024 MB and an MB 1024 KB, as the
bills that write units count them."""
UNIT_MB = {"K": Decimal(1) / 1024, "M": Decimal(1), "G": Decimal(1024)}


def _megabytes(text: str) -> Decimal:
    if GROUPED_BY_UNDERSCORE in text:
        raise InvalidOperation(text)
    with_unit = WITH_UNIT.fullmatch(unicodedata.normalize("NFKC", text))
    if with_unit is not None:
        return Decimal(with_unit[1]) * UNIT_MB[with_unit[2][0].upper()]
    return Decimal(text)


DECIMAL_COMMA = re.compile(r"[0-9]+,[0-9]+")
THOUSANDS_LIKE = re.compile(r"[1-9][0-9]{0,2},[0-9]{3}")
"""A number a thousands separator could have written too ("1,024"): not "0,125", "1234,5" or "850,5"."""


@dataclass
class _Commas:
    """A semicolon-separated bill's decimal commas (``SEPARATORS``): its numbers with one comma are read with it as
    the decimal mark, unless none of them shows that it is one and some could be a thousand ("1,024": found in
    review, an English-locale export with semicolons would have read 1024 MB as 1.024 MB)."""

    decimal: bool = False
    """A number in the file whose comma can only be a decimal mark ("850,5", "0,125")."""
    ambiguous: list[tuple[int, str, str]] = field(default_factory=list)
    """``(line, column, text)`` of the numbers that could be either."""


def _number(value: object, commas: _Commas | None, line: int, column: str) -> str:
    """A number's text, its one comma read as the decimal mark in a bill whose locale writes one (``_Commas``;
    with a point too, "1.024,5", it stays a problem: a thousands separator is no part of a number here)."""
    text = str(value or "").strip()
    if commas is None or not DECIMAL_COMMA.fullmatch(text):
        return text
    if THOUSANDS_LIKE.fullmatch(text):
        commas.ambiguous.append((line, column, text))
    else:
        commas.decimal = True
    return text.replace(",", ".")


WHOLE_WITH_POINT = re.compile(r"([+-]?[0-9]+)\.0*")
"""A whole number of seconds as spreadsheets export it ("61.0")."""
CLOCK = re.compile(r"(?:(?P<h>[0-9]+):(?=[0-5][0-9]:))?(?P<m>[0-9]+):(?P<s>[0-5][0-9])")
"""A call's duration as operators' bills write it, a clock: "1:05" (minutes and seconds), "00:01:05" (hours too)."""
SAID = re.compile(r"(?=[0-9])(?:(?P<h>[0-9]+)个?(?:小时|时)(?=[0-5]?[0-9][分秒]|$))?"
                  r"(?:(?P<m>[0-9]+)分钟?(?=[0-5]?[0-9]秒|$))?(?:(?P<s>[0-9]+)秒钟?)?")
"""A call's duration as Chinese bills write it: "1分5秒", "65秒", "1小时2分", "2分钟"; after a larger unit, minutes and
seconds under 60, as on a clock ("1分60秒" is no duration: review)."""


def _whole_seconds(text: str) -> int:
    """A call's whole seconds: a number ("65", "65.0" as spreadsheets export it), or a duration as bills write it
    (``CLOCK``: "1:05", "00:01:05"; ``SAID``: "1分5秒", "1小时2分"), read exactly: "1:05" was "not a whole number of
    seconds (invalid literal for int() with base 10: '1:05')", Python's words in the API's reason (user test)."""
    if GROUPED_BY_UNDERSCORE in text:
        raise _NotWholeSeconds(text)
    try:
        return int(text)
    except ValueError:
        point = WHOLE_WITH_POINT.fullmatch(text)
        if point is not None:
            return int(point.group(1))
        written = unicodedata.normalize("NFKC", text).replace(" ", "")  # (a full-width "1：05", as Chinese exports)
        said = CLOCK.fullmatch(written) or SAID.fullmatch(written)
        if said is None:
            raise _NotWholeSeconds(text) from None
        return int(said["h"] or 0) * 3600 + int(said["m"] or 0) * 60 + int(said["s"] or 0)


def _problem(line: int, exc: Exception) -> CsvProblem:
    """A bad row's problem: its code with the column named, and the value given where it is the problem (``value``:
    "mb: not a number" did not say which of a row's figures, "1.2XB", was meant; found in review), worded in English
    by the message catalogue, as adapters word it in theirs."""
    if isinstance(exc, ValidationError):
        error = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in error["loc"])
        code, params = _code(error["type"], error.get("ctx") or {}, error.get("input"))
        reason = Message(code, {"column": where, **params})
    elif isinstance(exc, _ExtraValues):
        reason = Message("csv.extra_values", {})
    elif isinstance(exc, _Empty):
        reason = Message("csv.required", {"column": exc.args[0]})
    elif isinstance(exc, _NotWholeSeconds):
        reason = Message("csv.whole_seconds", {"column": "duration_s", "value": _shortened(exc.args[0])})
    else:
        assert isinstance(exc, _NotNumber), exc
        reason = Message("csv.number", {"column": "mb", "value": _shortened(exc.args[0])})
    return CsvProblem(line, render(reason), reason.code, reason.params)


class _NotWholeSeconds(ValueError):
    """A call's ``duration_s`` that is not a whole number of seconds (its text, the error's one argument)."""


class _NotNumber(ValueError):
    """A data session's ``mb`` that is not a number (its text, the error's one argument)."""


class _ExtraValues(ValueError):
    """A row with more (non-empty) values than the header has columns."""


def _code(kind: str, ctx: Mapping[str, Any], value: object) -> tuple[str, dict[str, Any]]:
    """A pydantic error type as one of the CSV's codes (with JSON-ready bounds, and the value given where it is not a
    value of the column's kind)."""
    if value == "":
        return "csv.required", {}
    given = {"value": _shortened(str(value))}
    if kind == "literal_error":
        return "csv.kind", given
    if kind.startswith("date"):
        return "csv.date", given
    if kind in ("greater_than_equal", "greater_than"):
        return "csv.at_least", {"low": _plain(ctx.get("ge", ctx.get("gt")))}
    if kind in ("less_than_equal", "less_than"):
        return "csv.at_most", {"high": _plain(ctx.get("le", ctx.get("lt")))}
    if kind in ("finite_number", "decimal_parsing", "decimal_type"):
        return "csv.number", given
    return "csv.invalid", given


def _plain(bound: object) -> int | str:
    """A bound as JSON: a whole number as an int, else its text."""
    if isinstance(bound, int | Decimal) and bound == int(bound):
        return int(bound)
    return str(bound)
