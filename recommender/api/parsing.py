"""Request parsing at the wire: strict JSON bodies, validation errors in the one error shape."""

import json
from typing import Any, NoReturn

import flask
import marshmallow as ma
from flask_smorest import Blueprint
from webargs.flaskparser import FlaskParser, abort, is_json_request

from .errors import flatten_marshmallow

LOCATIONS = {"json": "body", "querystring": "query", "query": "query", "view_args": "path", "path": "path",
             "headers": "header"}


def _no_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not a JSON number")


class StrictParser(FlaskParser):
    """JSON bodies: 413 over the size limit, 415 unless a JSON media type, 400 unless strict JSON.

    Python's ``json`` accepts ``NaN`` and ``Infinity``; JSON does not, and neither do we.
    """

    DEFAULT_VALIDATION_STATUS = 422
    # Unknown query parameters and form fields are errors too, as unknown body fields are.
    DEFAULT_UNKNOWN_BY_LOCATION = {**FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION,
                                   "query": ma.RAISE, "querystring": ma.RAISE, "form": ma.RAISE}

    def load_json(self, req: flask.Request, schema: ma.Schema) -> Any:
        body = req.get_data(cache=True)  # werkzeug raises 413 beyond MAX_CONTENT_LENGTH
        if not is_json_request(req):
            abort(415, message=f"send the body as application/json (got {req.mimetype or 'no content type'})")
        if not body.strip():
            abort(400, message="empty body: send a JSON object (it may be {})")
        try:
            return json.loads(body.decode("utf-8"), parse_constant=_no_constant)
        except (ValueError, UnicodeDecodeError, RecursionError) as exc:
            abort(400, message=f"malformed JSON body: {exc}"[:300])

    def handle_error(self, error: ma.ValidationError, req: flask.Request, schema: ma.Schema, *,
                     error_status_code: int | None, error_headers: Any) -> NoReturn:
        errors = []
        messages = error.messages if isinstance(error.messages, dict) else {"json": error.messages}
        for location, inner in messages.items():
            errors.extend(flatten_marshmallow(inner, LOCATIONS.get(str(location), str(location))))
        abort(error_status_code or 422, message="invalid request: see errors", errors=errors,
              headers=error_headers)


class ApiBlueprint(Blueprint):
    ARGUMENTS_PARSER = StrictParser()
