"""Request parsing at the wire: strict JSON bodies, validation errors in the one error shape."""

import codecs
from collections.abc import Callable
from typing import Any, NoReturn

import flask
import marshmallow as ma
from flask_smorest import Blueprint
from webargs.flaskparser import FlaskParser, abort, is_json_request
from werkzeug.exceptions import ClientDisconnected, RequestEntityTooLarge
from werkzeug.wsgi import get_content_length

from ..strictjson import NotStrictJson, loads
from .common import View
from .errors import TEXT_AS_FILE, error_item, flatten_marshmallow

LOCATIONS = {"json": "body", "querystring": "query", "query": "query", "view_args": "path", "path": "path",
             "headers": "header"}


def json_depth(value: object) -> int:
    """How deeply arrays and objects nest in parsed JSON (a scalar is 0, ``{}`` and ``[1]`` are 1)."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            deepest = max(deepest, depth)
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            deepest = max(deepest, depth)
            stack.extend((v, depth + 1) for v in item)
    return deepest


def not_utf8(body: bytes, exc: UnicodeDecodeError) -> str:
    """Where and why ``body`` is not UTF-8, its bytes counted from 1 as sent (a byte order mark too: the decoder counts
    after it).  Found by the integrator review: a body in Latin-1 or GBK (``caf\\xe9"``, ``\\xd6\\xd0``) was said to
    have a byte that "cannot start a character" where the byte starts one that the bytes after it do not finish, and
    behind a byte order mark the byte counted was three before the one meant."""
    at = exc.start + 1 + (len(codecs.BOM_UTF8) if body.startswith(codecs.BOM_UTF8) else 0)
    if exc.reason == "invalid start byte":
        return f"byte {at} cannot start a character"
    if exc.reason == "unexpected end of data":
        return f"the body ends inside the character that byte {at} starts"
    return f"the character that byte {at} starts is not finished by the bytes after it; Latin-1 or GBK? send UTF-8"


def too_deep(limit: int, location: str = "body", path: str = "") -> NoReturn:
    abort(400, message=f"JSON nested deeper than {limit} levels",
          errors=[error_item(location, path, f"arrays and objects may nest at most {limit} levels deep")])


def whole_body(req: flask.Request) -> bytes:
    """The body, or 413 beyond ``max_content_length``.  A body whose ``Content-Length`` is within the limit (nearly
    every one) is that many bytes of the server's stream, read in one call (werkzeug's ``get_data`` wraps the stream in
    a ``LimitedStream`` and reads until it ends: two reads through ``GuardedInput``, each setting the socket's timeout
    and back; about 17 µs of a POST /api/v1/recommendations).  Nothing reads the body again.  werkzeug raises 413 up
    front for a Content-Length over the limit; a chunked body (no Content-Length) it reads up to the limit and returns
    cut there, silently (``LimitedStream.readall``): a 400 'malformed JSON' for a body too large, or a body cut after
    whitespace.  One more byte from the server's stream says whether there was more."""
    limit = req.max_content_length
    # (from the environ: werkzeug's ``content_length`` reads the Content-Length and Transfer-Encoding headers through
    # ``req.headers``, raising and catching a KeyError for the one absent)
    length = get_content_length(req.environ)
    if length is not None and (limit is None or length <= limit):
        stream = req.input_stream
        body = stream.read(length)
        while len(body) < length:  # (a server's stream may return less than asked before its end)
            more = stream.read(length - len(body))
            if not more:
                break
            body += more
        if len(body) < length and "wsgi.input_terminated" not in req.environ:
            raise ClientDisconnected()  # (werkzeug's answer to a body cut short, unless the server ends the stream)
        return body
    body = req.get_data(cache=True)
    if limit is not None and len(body) >= limit and length is None and req.environ["wsgi.input"].read(1):
        raise RequestEntityTooLarge()
    return body


def _parts_once(req: flask.Request, schema: ma.Schema, parts: Any, location: str) -> None:
    """422 for a multipart field given twice, and (``form``) for a text field sent as a file part: werkzeug files
    the parts apart, and the form schema never sees it (a file sent as text: the upload's form schema says it)."""
    names = {field.data_key or name for name, field in schema.fields.items()}
    errors = [error_item(location, key, "given more than once") for key in parts
              if key in names and len(parts.getlist(key)) > 1]
    if location == "form":
        errors += [error_item(location, key, TEXT_AS_FILE) for key in req.files if key in names]
    if errors:
        abort(422, message="invalid request: see errors", errors=errors)


def _no_content_coding(req: flask.Request) -> None:
    """415 with ``Accept-Encoding: identity`` for a body in a content coding (found by QA: a gzipped JSON body was
    'malformed JSON: not UTF-8', a gzipped upload 'Missing data' at ``records``)."""
    # (read from the environ as werkzeug's ``req.headers`` reads it, less the KeyError it raises and catches when the
    # header is absent, as it is from nearly every client)
    coding = req.environ.get("HTTP_CONTENT_ENCODING", "identity").strip().lower()
    if coding not in ("", "identity"):
        abort(415, message=f"send the body without a content coding (got Content-Encoding: {coding[:40]})",
              headers={"Accept-Encoding": "identity"})


class StrictParser(FlaskParser):
    """JSON bodies: 413 over the size limit, 415 unless a JSON media type, 400 unless strict JSON
    nested at most ``RECOMMENDER_MAX_JSON_DEPTH`` levels.

    Python's ``json`` accepts ``NaN`` and ``Infinity``; JSON does not, and neither do we.
    """

    DEFAULT_VALIDATION_STATUS = 422
    # Unknown query parameters and form fields are errors too, as unknown body fields are.
    DEFAULT_UNKNOWN_BY_LOCATION = {**FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION,
                                   "query": ma.RAISE, "querystring": ma.RAISE, "form": ma.RAISE, "files": ma.RAISE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._no_query: dict[ma.Schema, dict[str, Any]] = {}
        """Each query schema's load of no query (``parse``); the schemas are the routes', made once."""

    def load_json(self, req: flask.Request, schema: ma.Schema) -> Any:
        body = whole_body(req)
        if not is_json_request(req):
            abort(415, message=f"send the body as application/json (got {req.mimetype or 'no content type'})")
        _no_content_coding(req)
        if not body.strip():
            abort(400, message="empty body: send a JSON object (it may be {})")
        limit = int(flask.current_app.config.get("RECOMMENDER_MAX_JSON_DEPTH", 32))
        try:
            text = body.decode("utf-8-sig")  # (a byte order mark, as some Windows tools write, is ignored)
        except UnicodeDecodeError as exc:
            abort(400, message=f"malformed JSON body: not UTF-8 text ({not_utf8(body, exc)})")
        try:
            data = loads(text)
        except RecursionError:
            data = too_deep(limit)
        except NotStrictJson as exc:  # (a key twice: said at the key's path, as a field's problem is)
            abort(400, message=f"malformed JSON body: {exc}"[:300],
                  errors=[error_item("body", exc.path, str(exc))] if exc.path else [])
        except ValueError as exc:
            abort(400, message=f"malformed JSON body: {exc}"[:300])
        # (arrays and objects nest at most as deep as the body has brackets, counted in C: most bodies are not walked)
        if body.count(b"[") + body.count(b"{") > limit and json_depth(data) > limit:
            too_deep(limit)
        return data

    def parse(self, argmap: Any, req: flask.Request | None = None, *, location: str | None = None,
              **kwargs: Any) -> Any:
        """webargs' ``parse``, with what a schema makes of no query at all loaded once per schema (most requests send
        no query: each loaded its schema's defaults anew, ``RecommendOptionsSchema``'s four, ~12 µs of a
        POST /api/v1/recommendations with webargs' steps around it; found by the HTTP QA).  Only for a schema whose
        load of nothing is always the same (no hook, no default made by a call); a copy each time."""
        if location in ("query", "querystring") and isinstance(argmap, ma.Schema) and kwargs.get("validate") is None:
            args = (req if req is not None else flask.request).args
            if not args:
                kept = self._no_query.get(argmap)
                if kept is not None:
                    return dict(kept)
                loaded = super().parse(argmap, req, location=location, **kwargs)
                if isinstance(loaded, dict) and not any(argmap._hooks.values()) and not any(
                        callable(f.load_default) for f in argmap.load_fields.values()):
                    self._no_query[argmap] = dict(loaded)
                return loaded
        return super().parse(argmap, req, location=location, **kwargs)

    def load_querystring(self, req: flask.Request, schema: ma.Schema) -> Any:
        """The query, each option given once (found by QA: ``?top_k=1&top_k=3`` answered one, the first)."""
        args = req.args
        if not args:  # no query (most requests): nothing to look up.  webargs' proxy would ask werkzeug's MultiDict
            return {}  # for each option, which raises and catches an exception for each one absent (~10 µs a request)
        options = {field.data_key or name for name, field in schema.fields.items()}  # (an unknown one: 'unknown')
        twice = [key for key in args if key in options and len(args.getlist(key)) > 1]
        if twice:
            abort(422, message="invalid request: see errors",
                  errors=[error_item("query", key, "given more than once") for key in twice])
        return super().load_querystring(req, schema)

    def load_form(self, req: flask.Request, schema: ma.Schema) -> Any:
        """A multipart body's text parts: each field once, and no file part where a text one is expected.  A body of
        another media type is a 415 (found by the SRE QA: a CSV posted as the body itself, ``text/csv``, was told
        'Missing data' at ``records``); the form's fields are read first, so the files' location need not say it."""
        _no_content_coding(req)  # (first: its 415 says Accept-Encoding, whatever the media type; review)
        if req.mimetype != "multipart/form-data":
            abort(415, message="send the body as multipart/form-data, the CSV as the file part records "
                               f"(got {req.mimetype or 'no content type'})")
        _parts_once(req, schema, req.form, "form")
        return super().load_form(req, schema)

    def load_files(self, req: flask.Request, schema: ma.Schema) -> Any:
        """A multipart body's file parts (found by QA: ``profile`` sent as a file part, any other file part, and a
        second ``records`` were dropped silently, and the answer ignored them)."""
        _no_content_coding(req)
        _parts_once(req, schema, req.files, "files")
        return super().load_files(req, schema)

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

    def alt_response(self, *args: Any, **kwargs: Any) -> Callable[[View], View]:
        """flask-smorest's ``alt_response``, documentation only: the view keeps what it documents, and is not wrapped
        in a layer that only calls it (five such layers on POST /api/v1/recommendations, each looking the app up on
        every request: found by the HTTP QA)."""
        document = super().alt_response(*args, **kwargs)

        def decorate(view: View) -> View:
            # flask-smorest's wrapper carries a copy of the view's documentation with this response added
            view._apidoc = document(view)._apidoc  # type: ignore[attr-defined]  # (flask-smorest sets _apidoc on its wrapper)
            return view
        return decorate
