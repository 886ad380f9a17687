"""Usage: what a person did (one month, months, itemised records) → what each plan bills.

``billing`` applies each plan's measuring rules; ``csv`` reads itemised records from a bill export.
"""

from .billing import Demand, billed, months_of
from .csv import CSV_ENCODINGS, CsvProblem, UsageCsvError, parse_csv

__all__ = ["CSV_ENCODINGS", "CsvProblem", "Demand", "UsageCsvError", "billed", "months_of", "parse_csv"]
