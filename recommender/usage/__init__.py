"""Usage: what a person did (one month, months, itemised records) → what each plan bills.

``billing`` applies each plan's measuring rules; ``csv`` reads itemised records from a bill export.
"""

from .billing import APP, Demand, billed, extra_demands, months_of, pooled_use, trip_use
from .csv import CsvProblem, UsageCsvError, csv_text, parse_csv

__all__ = ["APP", "CsvProblem", "Demand", "UsageCsvError", "billed", "csv_text", "extra_demands",
           "months_of", "parse_csv", "pooled_use", "trip_use"]
