"""The request body's reading (``api.parsing``) pinned where a mutation run found it unpinned: each test posts to its
own app in process (Flask's test client, or the WSGI app called with an environ made here) and asserts the status,
and for a 4xx the error's items (location, path, reason) worked out from the request."""

import io
import itertools
import json
from collections.abc import Callable
from typing import Any

import marshmallow as ma
import pytest
from flask import Flask
from werkzeug.test import EnvironBuilder

from recommender.api.parsing import StrictParser
from recommender.app import create_app
from recommender.catalogue import DEFAULT_PLANS

URL = "/api/v1/recommendations"
BASE = {"TESTING": True, "RECOMMENDER_PLANS": str(DEFAULT_PLANS), "RECOMMENDER_WATCH_INTERVAL_S": 0}


@pytest.fixture(scope="module")
def small_limit_app() -> Flask:
    """Bodies of at most 100 bytes."""
    return create_app({**BASE, "RECOMMENDER_MAX_BODY_BYTES": 100})


def _call(app: Flask, environ: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    status: list[str] = []

    def start_response(said: str, headers: list[tuple[str, str]], *exc_info: object) -> Callable[[bytes], object]:
        status.append(said)
        return lambda data: None

    body = b"".join(app.wsgi_app(environ, start_response))
    return int(status[0][:3]), json.loads(body)


def _chunked(body: bytes) -> dict[str, Any]:
    """A POST whose body comes without a Content-Length (``Transfer-Encoding: chunked``), the server ending the
    stream (``wsgi.input_terminated``, as gunicorn says)."""
    environ = EnvironBuilder(path=URL, method="POST", data=body, content_type="application/json").get_environ()
    del environ["CONTENT_LENGTH"]
    environ.update({"HTTP_TRANSFER_ENCODING": "chunked", "wsgi.input": io.BytesIO(body),
                    "wsgi.input_terminated": True})
    return environ


def _padded(size: int) -> bytes:
    """``{"data_gb": 3}`` (14 bytes) and spaces: ``size`` bytes of valid JSON."""
    body = b'{"data_gb": 3}'
    return body + b" " * (size - len(body))


def test_a_chunked_body_over_the_limit_is_413_and_one_at_the_limit_is_read_whole(small_limit_app: Flask) -> None:
    """Without a Content-Length, werkzeug reads up to the limit and stops there, silently: 101 bytes were cut to 100.
    The one byte more the server's stream still has says the body was larger: 413 in the error shape.  100 bytes,
    the limit itself, are read whole (nothing more in the stream): answered, 200.  Kills parsing.whole_body line 79
    'len(body) >= limit' as '>' (mutant 95), 'limit is not None' as 'is None' (94), 'length is None' as 'is not None'
    (96), the check forced False or deleted (68, 58, 69), 'read(1)' as 'read(0)' (103): each answered the 101 bytes
    cut to 100 as if they were all."""
    status, answer = _call(small_limit_app, _chunked(_padded(101)))
    assert status == 413
    assert answer["code"] == 413 and answer["errors"] == []
    status, answer = _call(small_limit_app, _chunked(_padded(100)))
    assert status == 200, answer
    assert answer["catalogue_version"]


class Trickle(io.BytesIO):
    """A server's stream that returns at most ``most`` bytes a read (as a socket may), holding more after the body
    (the next request on the connection)."""

    def __init__(self, data: bytes, most: int) -> None:
        super().__init__(data)
        self.most = most

    def read(self, size: int | None = -1) -> bytes:
        return super().read(self.most if size is None or size < 0 else min(size, self.most))


def test_a_body_read_in_pieces_is_read_to_its_length_and_not_past_it(app: Flask) -> None:
    """``{"data_gb": 3}`` (14 bytes, Content-Length 14) from a stream giving 4 bytes a read, the next request's bytes
    behind it: read as 4 + 4 + 4 + 2 = 14 bytes, each read asking for what is left (14, 10, 6, 2), never more; the
    body parses and is answered, 200.  Kills parsing.whole_body line 71 'length - len(body)' as '+' (mutant 105: it
    asked for 18, 22, 26 bytes and took 2 of the next request's into the body, a 400), line 70 'len(body) < length'
    as '<=' and the loop forced False or deleted (mutants 87, 74, 64: a read too many, or 4 bytes taken for the
    body), line 74 'body += more' deleted (mutant 77)."""
    body = b'{"data_gb": 3}'
    environ = EnvironBuilder(path=URL, method="POST", data=body, content_type="application/json").get_environ()
    stream = Trickle(body + b"POST /next HTTP/1.1\r\n", 4)
    asked: list[int] = []
    read = stream.read

    def reading(size: int | None = -1) -> bytes:
        asked.append(-1 if size is None else size)
        return read(size)

    stream.read = reading  # type: ignore[method-assign]  # counting the sizes asked
    environ.update({"wsgi.input": stream, "CONTENT_LENGTH": str(len(body))})
    status, answer = _call(app, environ)
    assert status == 200, answer
    assert asked == [14, 10, 6, 2]


@pytest.mark.parametrize("body", [b"", b" \r\n\t "])
def test_an_empty_body_is_told_to_send_an_object(app: Flask, body: bytes) -> None:
    """A JSON request with no body, or only whitespace: 400 saying what to send (``{}`` will do), not a JSON parser's
    'Expecting value' at character 0.  Kills parsing.StrictParser.load_json line 129 'if not body.strip()' deleted or
    forced False (mutants 145, 155) and its abort deleted (mutant 156)."""
    response = app.test_client().post(URL, data=body, content_type="application/json")
    assert response.status_code == 400
    answer = response.get_json()
    assert (answer["message"], answer["errors"]) == ("empty body: send a JSON object (it may be {})", [])


def test_a_body_nested_exactly_as_deep_as_allowed_is_read_whatever_its_brackets(app: Flask) -> None:
    """32 levels are allowed.  ``[[...[[1],[2]]...]]``: 31 arrays around two of one number each, 31 + 2 = 33 brackets
    (over 32, so the body is walked) and 32 levels deep: read, then refused by the schema (422: a profile is an
    object), not 400.  33 levels (one array more) is the 400.  Kills parsing.StrictParser.load_json line 143
    'json_depth(data) > limit' as '>=' (mutant 172)."""
    client = app.test_client()
    body = "[" * 31 + "[1],[2]" + "]" * 31
    assert body.count("[") == 33
    assert client.post(URL, data=body, content_type="application/json").status_code == 422
    deeper = client.post(URL, data="[" + body + "]", content_type="application/json")
    assert deeper.status_code == 400 and deeper.get_json()["message"] == "JSON nested deeper than 32 levels"


@pytest.mark.parametrize(("content_type", "got"), [("text/plain", "text/plain"), (None, "no content type")])
def test_a_body_not_sent_as_json_is_told_the_media_type_it_came_as(app: Flask, content_type: str | None,
                                                                   got: str) -> None:
    """A 415 names the media type the body came as, or says there was none.  Kills
    parsing.StrictParser.load_json line 127 "req.mimetype or 'no content type'" as 'and' or either operand alone
    (mutants 184-186)."""
    headers = {"Content-Type": content_type} if content_type else {}
    response = app.test_client().post(URL, data=b'{"data_gb": 3}', headers=headers)
    assert response.status_code == 415
    assert response.get_json()["message"] == f"send the body as application/json (got {got})"


class _Defaults(ma.Schema):
    """A query of one option, ``n``, 5 unless given."""

    n = ma.fields.Integer(load_default=5)


def _stamped() -> ma.Schema:
    """``n`` (5 unless given) and ``stamp``, a default made by a call: 1, 2, 3, ... at each load."""

    class Stamped(ma.Schema):
        n = ma.fields.Integer(load_default=5)
        stamp = ma.fields.Integer(load_default=itertools.count(1).__next__)

    return Stamped()


def _hooked() -> ma.Schema:
    """``n`` (5 unless given) and a hook that adds ``loads``: 1, 2, 3, ... at each load."""
    loads = itertools.count(1)

    class Hooked(ma.Schema):
        n = ma.fields.Integer(load_default=5)

        @ma.post_load
        def count(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
            return {**data, "loads": next(loads)}

    return Hooked()


def _query(parser: StrictParser, schema: Any, query: str = "", **kwargs: Any) -> Any:
    """What ``parser`` makes of ``schema`` at the query of a GET to ``/?<query>`` (its own request)."""
    with Flask(__name__).test_request_context(f"/?{query}" if query else "/"):
        return parser.parse(schema, location="query", **kwargs)


def test_no_query_is_loaded_once_per_schema_and_each_caller_gets_its_own_copy() -> None:
    """Most requests send no query: its load (``{"n": 5}``) is kept per schema, and each parse answers a copy, so a
    view that changes what it got (n = 99) changes no later request's.  A query given (?n=1, then ?n=3) is loaded each
    time, whatever was kept; a dict of fields (not a schema) is loaded as webargs does, and a body (n = 1, then 2) is
    read each time.  Kills parsing.StrictParser.parse line 158 'return dict(kept)' as 'return kept' and line 162
    'dict(loaded)' as 'loaded' (the second parse answered {"n": 99}), line 155 'if not args' as 'if args' (?n=1 kept:
    ?n=3 answered n = 1), line 153's isinstance dropped (a dict of fields is no key: TypeError), line 153 "location
    in ('query', 'querystring')" as 'not in' or dropped (the first body, n = 1, kept: the second answered n = 1
    too)."""
    parser, schema = StrictParser(), _Defaults()
    first = _query(parser, schema)
    assert first == {"n": 5}
    first["n"] = 99
    second = _query(parser, schema)
    assert second == {"n": 5}
    second["n"] = 98
    assert _query(parser, schema) == {"n": 5}
    assert _query(parser, schema, "n=1") == {"n": 1}
    assert _query(parser, schema, "n=3") == {"n": 3}
    assert _query(parser, schema) == {"n": 5}
    assert _query(parser, {"n": ma.fields.Integer(load_default=7)}) == {"n": 7}
    for sent in (1, 2):  # (a body is no query: read each time, though no query comes with it)
        with Flask(__name__).test_request_context("/", method="POST", json={"n": sent}):
            assert parser.parse(schema, location="json") == {"n": sent}


def test_a_schema_whose_load_of_nothing_may_differ_is_loaded_at_each_request() -> None:
    """Kept only where the load of nothing is always the same: a default made by a call (``stamp``: 1, then 2) and a
    hook (``loads``: 1, then 2) are loaded anew at each parse, beside a plain default (n = 5), and so is any parse
    given its own ``validate`` (called at each: 2 calls for 2 parses).  Kills parsing.StrictParser.parse line 161
    'any(callable(...))' as 'all' (one of two fields' defaults called: kept, stamp 1 twice) or the check dropped, line
    160 'not any(argmap._hooks.values())' dropped (loads 1 twice), line 153 "kwargs.get('validate') is None" as
    'is not None' (validated once)."""
    parser = StrictParser()
    stamped = _stamped()
    assert _query(parser, stamped) == {"n": 5, "stamp": 1}
    assert _query(parser, stamped) == {"n": 5, "stamp": 2}
    hooked = _hooked()
    assert _query(parser, hooked) == {"n": 5, "loads": 1}
    assert _query(parser, hooked) == {"n": 5, "loads": 2}
    calls: list[dict[str, Any]] = []

    def validate(args: dict[str, Any]) -> bool:
        calls.append(args)
        return True

    schema = _Defaults()
    assert _query(parser, schema, validate=validate) == {"n": 5}
    assert _query(parser, schema, validate=validate) == {"n": 5}
    assert calls == [{"n": 5}, {"n": 5}]


def test_a_request_given_to_parse_is_the_one_whose_query_is_read() -> None:
    """``parse(schema, req)`` reads ``req``'s query (?n=2), not the query of the request being served (none): n = 2.
    Kills parsing.StrictParser.parse line 154 'req if req is not None else flask.request' with 'is None' (the served
    request's empty query read: the kept n = 5)."""
    parser, schema = StrictParser(), _Defaults()
    other = Flask.request_class(EnvironBuilder(path="/", query_string="n=2").get_environ())
    with Flask(__name__).test_request_context("/"):
        assert parser.parse(schema, location="query") == {"n": 5}
        assert parser.parse(schema, other, location="query") == {"n": 2}
