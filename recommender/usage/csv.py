"""Itemised usage from a CSV (an operator's bill export): rows → ``Record`` objects, bad rows by line.

The columns are ``kind`` (call, data or sms), ``date`` (YYYY-MM-DD), ``duration_s`` for a call and
``mb`` for a data session; other columns are ignored.
"""

import csv
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from pydantic import ValidationError

from ..profile import MAX_RECORDS, Record


@dataclass(frozen=True)
class CsvProblem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


class UsageCsvError(ValueError):
    """The CSV has rows that are not usage records; ``problems`` says which and why."""

    def __init__(self, problems: list[CsvProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems[:20]))


CSV_ENCODINGS = ("utf-8-sig", "gb18030")
"""How a usage CSV's bytes are read: UTF-8 (with or without a BOM) first, then GB 18030, which
Chinese spreadsheet exports often use."""


def parse_csv(text: str, max_records: int = MAX_RECORDS) -> tuple[Record, ...]:
    """Itemised records from CSV text (at most ``max_records``: reading stops at the first row past it).

    Columns (a header row is required, other columns are ignored, order is free):

    - ``kind``: ``call``, ``data`` or ``sms``
    - ``date``: ``YYYY-MM-DD`` (the record's month is its billing month)
    - ``duration_s``: whole seconds, for calls
    - ``mb``: megabytes (decimals allowed), for data sessions

    Every bad row is reported with its line number (the header is line 1).
    """
    reader = csv.DictReader(io.StringIO(text))
    missing = {"kind", "date"} - set(reader.fieldnames or ())
    if missing:
        raise UsageCsvError([CsvProblem(1, f"missing column(s): {', '.join(sorted(missing))}")])
    records: list[Record] = []
    problems: list[CsvProblem] = []
    for row in reader:
        line = reader.line_num
        if len(records) + len(problems) >= max_records:
            problems.append(CsvProblem(line, f"more than {max_records} records"))
            break
        try:
            records.append(_record(row))
        except (ValueError, InvalidOperation) as exc:
            problems.append(CsvProblem(line, _reason(exc)))
    if problems:
        raise UsageCsvError(problems)
    if not records:
        raise UsageCsvError([CsvProblem(1, "no records")])
    return tuple(records)


def _record(row: dict[str, str | None]) -> Record:
    kind = (row.get("kind") or "").strip()
    fields: dict[str, object] = {"kind": kind, "date": (row.get("date") or "").strip()}
    if kind == "call":
        fields["duration_s"] = int((row.get("duration_s") or "").strip())
    elif kind == "data":
        fields["mb"] = Decimal((row.get("mb") or "").strip())
    return Record.model_validate(fields)


def _reason(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        error = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in error["loc"])
        return f"{where}: {error['msg']}"
    if isinstance(exc, InvalidOperation):
        return "mb: not a number"
    return f"duration_s: not a whole number of seconds ({exc})" if "int" in str(exc) else str(exc)
