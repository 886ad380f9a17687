"""One error shape for every 4xx and 5xx, and the helpers that build it.

``{"code": 422, "status": "Unprocessable Entity", "message": "...",
"errors": [{"location": "body", "path": "needs.min_uplink_mbps", "reason": "..."}]}``

Paths are dotted field paths, list items as ``[i]`` (``benefits[3]``); an error about the whole
body has the path ``""``.
"""

import math
from collections.abc import Iterable, Mapping
from http import HTTPStatus

from flask import Response, jsonify
from flask_smorest import abort
from pydantic import ValidationError

from ..profile import field_errors

FILE_AS_TEXT = "a file, sent as a text part: send it as a file part (with a filename)"
TEXT_AS_FILE = "a text field, sent as a file part: send it without a filename"
"""A multipart part of the other kind than the field's (werkzeug files them apart: the field never sees it)."""


RETRY_AFTER = {"description": "seconds to wait before asking again", "schema": {"type": "integer", "minimum": 1}}
"""The ``Retry-After`` header in the OpenAPI document (the service always sends it as delay-seconds)."""


ID_SHOWN = 100
"""How much of an unknown id a 404's message repeats: every id the service gives fits (a plan's is at most 63
characters, a TMF620 price's some 90), a longer one is cut with an ellipsis (found by the integrator QA: an id of
5,000 characters was echoed whole)."""


def shown_id(value: str) -> str:
    """``value`` as an error message repeats it: whole up to ``ID_SHOWN`` characters, else cut there with ``…``."""
    return value if len(value) <= ID_SHOWN else value[:ID_SHOWN] + "…"


def error_item(location: str, path: str, reason: str) -> dict[str, str]:
    return {"location": location, "path": path, "reason": reason}


def abort_if_out_of_time(status: str, time_limit: float) -> None:
    """503 with ``Retry-After`` for an answer whose solver ran out of time before it found any fitting
    bundle (status ``unknown``): not an answer, whichever API asked."""
    if status == "unknown":
        abort(503, message=f"no bundle found within the solver's time limit of {time_limit:g} s; try again later",
              headers={"Retry-After": str(max(1, math.ceil(time_limit)))})


def error_response(code: int, message: str, errors: Iterable[Mapping[str, str]] = (),
                   headers: Mapping[str, str] | None = None) -> Response:
    response = jsonify({"code": code, "status": HTTPStatus(code).phrase, "message": message,
                        "errors": [dict(e) for e in errors]})
    response.status_code = code
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _join(path: str, key: object) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else str(key)


def flatten_marshmallow(messages: object, location: str, path: str = "") -> list[dict[str, str]]:
    """marshmallow's nested ``{"field": {"sub": ["msg"]}}`` as a flat list of error items."""
    if isinstance(messages, Mapping):
        out = []
        for key, value in messages.items():
            out.extend(flatten_marshmallow(value, location, path if key == "_schema" else _join(path, key)))
        return out
    if isinstance(messages, list | tuple):
        out = []
        for item in messages:
            out.extend(flatten_marshmallow(item, location, path) if not isinstance(item, str)
                       else [error_item(location, path, item)])
        return out
    return [error_item(location, path, str(messages))]


def flatten_pydantic(exc: ValidationError, location: str = "body") -> list[dict[str, str]]:
    """An invalid profile's errors, each at its field path (``profile.field_errors``)."""
    return [error_item(location, path, reason) for path, reason in field_errors(exc)]
