"""What the API's resources share: the catalogue-version header and how a plan-file problem is reported."""

import re

from .errors import error_item

VERSION_HEADER = "X-Catalogue-Version"
_HEADERS = {VERSION_HEADER: {"description": "content hash of the catalogue that answered",
                             "schema": {"type": "string"}}}
_ETAG_HEADERS = {**_HEADERS, "ETag": {"description": "the catalogue version, quoted", "schema": {"type": "string"}}}


def split_problem(problem: str) -> dict[str, str]:
    match = re.match(r"^(.*?:\d+): (.*)$", problem, re.S)
    where, reason = match.groups() if match else ("", problem)
    return error_item("plans", where, reason)
