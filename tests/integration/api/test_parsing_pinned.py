"""The request body's reading (``api.parsing``) pinned where a mutation run found it unpinned: each test posts to its
own app in process (Flask's test client, or the WSGI app called with an environ made here) and asserts the status,
and for a 4xx the error's items (location, path, reason) worked out from the request."""

import io
import json
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from werkzeug.test import EnvironBuilder

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
