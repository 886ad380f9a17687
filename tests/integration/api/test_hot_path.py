"""What every request pays, paid once: work on the hot path that gives the same answer each time is done once per
process (found by the HTTP QA, issue #15: the service spent about 0.6 ms of CPU a request above the answer itself,
against 0.15 ms for a bare Flask app's whole request).  Each test counts the work, never times it."""

from collections.abc import Callable, Mapping
from typing import Any, cast

import flask
import pytest
from flask import Flask
from flask.testing import FlaskClient

URL = "/api/v1/recommendations"


def test_flask_asks_once_per_function_whether_it_is_async(app: Flask, client: FlaskClient,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Flask and flask-smorest ask ``ensure_sync`` of every hook, view and decorator layer on every request; the
    answer for a function is kept, and an async one is still handed to ``async_to_sync``."""
    asked: list[object] = []
    real = flask.app.iscoroutinefunction

    def asking(func: object) -> bool:
        asked.append(func)
        return real(func)

    monkeypatch.setattr(flask.app, "iscoroutinefunction", asking)
    assert client.post(URL, json={"data_gb": 3}).status_code == 200
    first = len(asked)
    assert client.post(URL, json={"data_gb": 4}).status_code == 200
    assert len(asked) == first  # the second request asked nothing

    async def view() -> None:
        return None

    monkeypatch.setattr(type(app), "async_to_sync", lambda self, func: ("wrapped", func))
    assert app.ensure_sync(view) == ("wrapped", view)
    assert app.ensure_sync(view) == ("wrapped", view)  # (never kept as plain)


def test_a_callable_that_cannot_be_kept_is_asked_each_time(app: Flask) -> None:
    class Unhashable:
        __hash__ = None  # type: ignore[assignment]  # the idiom of an unhashable class (typeshed has object.__hash__ a method)

        def __call__(self) -> None:
            return None

    hook = Unhashable()
    assert app.ensure_sync(hook) is hook


def test_a_requests_metric_series_are_looked_up_once(client: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """prometheus_client's ``labels`` (each value made a string, a lock taken) once per endpoint, method and status;
    the counts still grow per request."""
    from recommender.api import observability

    looked_up: list[tuple[str, ...]] = []
    for metric in (observability.REQUESTS, observability.LATENCY, observability.ANSWERS):
        real = metric.labels

        def labels(*values: str, real: Callable[..., object] = real) -> object:
            looked_up.append(values)
            return real(*values)

        monkeypatch.setattr(metric, "labels", labels)
    assert client.post(URL, json={"data_gb": 3}).status_code == 200
    series = observability.REQUESTS.labels(URL, "POST", "200")
    counted = series._value.get()
    looked_up.clear()
    assert client.post(URL, json={"data_gb": 4}).status_code == 200
    assert looked_up == []
    assert series._value.get() == counted + 1


def test_strict_json_makes_no_decoder_per_body(monkeypatch: pytest.MonkeyPatch) -> None:
    """``strictjson.loads`` reads with one decoder made once (``json.loads`` given options makes a decoder and its
    scanner per call); what it refuses, it refuses as before, a second byte order mark as ``json.loads`` says it."""
    import json

    from recommender import strictjson

    made: list[object] = []
    real = json.JSONDecoder.__init__

    def counting(self: json.JSONDecoder, *args: Any, **kwargs: Any) -> None:
        made.append(self)
        real(self, *args, **kwargs)

    monkeypatch.setattr(json.JSONDecoder, "__init__", counting)
    assert strictjson.loads('{"data_gb": 3, "needs": {"min_uplink_mbps": 300}}') == {
        "data_gb": 3, "needs": {"min_uplink_mbps": 300}}
    assert made == []
    for text, said in (("\ufeff{}", "Unexpected UTF-8 BOM (decode using utf-8-sig): line 1 column 1 (char 0)"),
                       ('{"a": 1, "a": 2}', 'the key "a" is given twice in one object'),
                       ('{"a": NaN}', "NaN is not a JSON number")):
        with pytest.raises(ValueError) as refused:
            strictjson.loads(text)
        assert str(refused.value) == said


def test_a_response_documented_only_adds_no_layer_to_the_view(app: Flask, client: FlaskClient) -> None:
    """flask-smorest's ``alt_response`` wraps the view in a function that only calls it; here it documents alone: no
    such layer on any route, and the OpenAPI document still lists every documented response."""
    for endpoint, view in app.view_functions.items():
        layers = []
        layer: Callable[..., object] | None = view
        while layer is not None:
            layers.append(layer.__code__.co_qualname)  # (functools.wraps copies __qualname__, not the code)
            layer = getattr(layer, "__wrapped__", None)
        assert not [name for name in layers if "alt_response" in name], endpoint
    responses = client.get("/api/openapi.json").get_json()["paths"][URL]["post"]["responses"]
    assert {"200", "400", "413", "415", "422", "429", "503"} <= set(responses)


def test_a_body_loads_only_the_fields_it_gives(client: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """The profile's schemas deserialize the fields a body gives, not each of the others to find it absent (24 of the
    profile's and 10 of its needs' for a body of two); a required field of a nested schema (a record's ``kind`` and
    ``date``) is still said missing."""
    import marshmallow as ma

    from recommender.api.schemas import NeedsSchema, ProfileSchema

    loaded: list[str] = []
    real = ma.fields.Field.deserialize

    def counting(self: ma.fields.Field, value: object, attr: str | None = None,
                 data: Mapping[str, Any] | None = None, **kwargs: object) -> object:
        if isinstance(self.parent, ProfileSchema | NeedsSchema):
            assert attr is not None  # (a schema's field is loaded under its name)
            loaded.append(attr)
        return real(self, value, attr, data, **kwargs)

    monkeypatch.setattr(ma.fields.Field, "deserialize", counting)
    assert client.post(URL, json={"data_gb": 3, "needs": {"min_uplink_mbps": 300}}).status_code == 200
    assert sorted(loaded) == ["data_gb", "min_uplink_mbps", "needs"]
    response = client.post(URL, json={"records": [{"mb": 5}]})
    assert response.status_code == 422
    missing = "Missing data for required field."
    assert [(e["path"], e["reason"]) for e in response.get_json()["errors"]] == [
        ("records[0].kind", missing), ("records[0].date", missing)]



def test_a_schema_nested_in_a_strict_one_is_loaded_whole() -> None:
    """Found in review: skipping the absent fields was ``partial=True``, which marshmallow passes down to nested
    schemas: a nested schema not written as a ``_StrictSchema`` (which ignores it) lost its required fields, in a
    ``Nested`` and a ``List`` of them alike."""
    import marshmallow as ma
    from marshmallow import fields

    from recommender.api.schemas import _StrictSchema

    class Inner(ma.Schema):
        kind = fields.String(required=True)
        note = fields.String()

    class Outer(_StrictSchema):
        one = fields.Nested(Inner)
        many = fields.List(fields.Nested(Inner))
        other = fields.Integer()

    assert Outer().load({"other": 1}) == {"other": 1}  # (the absent fields skipped, as before)
    with pytest.raises(ma.ValidationError) as raised:
        Outer().load({"one": {"note": "x"}, "many": [{"kind": "a"}, {}]})
    missing = ["Missing data for required field."]
    assert raised.value.messages == {"one": {"kind": missing}, "many": {1: {"kind": missing}}}

def test_no_query_is_loaded_once_per_schema(client: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """A request without a query (most) takes its options' defaults as loaded once; a query is still read and
    checked on every request."""
    from recommender.api.schemas import RecommendOptionsSchema

    loads: list[object] = []
    real = RecommendOptionsSchema.load

    def loading(self: RecommendOptionsSchema, data: Mapping[str, object], **kw: Any) -> object:
        loads.append(data)
        return real(self, data, **kw)

    monkeypatch.setattr(RecommendOptionsSchema, "load", loading)
    assert client.post(URL, json={"data_gb": 3}).status_code == 200
    loads.clear()
    first = client.post(URL, json={"data_gb": 3}).get_json()
    assert loads == []
    assert len(first["recommendations"]) == 5  # (top_k's default)
    response = client.post(URL + "?top_k=2", json={"data_gb": 3})
    assert len(response.get_json()["recommendations"]) == 2
    assert client.post(URL + "?top_k=0", json={"data_gb": 3}).status_code == 422
    assert len(loads) == 2
    assert len(client.post(URL, json={"data_gb": 3}).get_json()["recommendations"]) == 5


def test_a_body_under_the_limit_reads_no_length_header_again(client: FlaskClient,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """werkzeug parses ``Content-Length`` and ``Transfer-Encoding`` on each reading of ``content_length`` (a KeyError
    raised and caught for the one absent), and ``headers.get`` raises and catches one for an absent
    ``Content-Encoding``: a body under the limit needs neither; a coding sent is still a 415."""
    from werkzeug.datastructures import EnvironHeaders
    from werkzeug.sansio.request import Request

    read: list[str] = []
    real_length = cast(property, Request.content_length).fget  # (werkzeug's is a property: its getter)
    assert real_length is not None
    real_get = EnvironHeaders.get

    def length(self: Request) -> object:
        read.append("length")
        return real_length(self)

    def getting(self: EnvironHeaders, key: str, *a: Any, **kw: Any) -> object:
        read.append(str(key))
        return real_get(self, key, *a, **kw)

    monkeypatch.setattr(Request, "content_length", property(length))
    monkeypatch.setattr(EnvironHeaders, "get", getting)
    assert client.post(URL, json={"data_gb": 3}).status_code == 200
    assert "length" not in read and "Content-Encoding" not in read
    assert client.post(URL, json={"data_gb": 3}, headers={"Content-Encoding": "gzip"}).status_code == 415


def test_a_body_of_a_known_length_is_read_in_one_call(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    """A body whose Content-Length is within the limit is read from the server's stream in one call (werkzeug's
    ``get_data`` read it through a ``LimitedStream`` until an empty read: two calls, each through ``GuardedInput``,
    which sets the socket's timeout and back); a stream that returns less than asked is read on to the length; a
    body over the limit is still a 413."""
    import io

    from werkzeug.test import EnvironBuilder

    class Stream(io.BytesIO):
        def __init__(self, data: bytes, most: int) -> None:
            super().__init__(data)
            self.most, self.reads = most, 0

        def read(self, size: int | None = -1) -> bytes:
            self.reads += 1
            return super().read(self.most if size is None or size < 0 else min(size, self.most))

    def post(body: bytes, most: int, length: int | None = None, terminated: bool = True) -> tuple[int, int]:
        environ = EnvironBuilder(path=URL, method="POST", data=body, content_type="application/json").get_environ()
        stream = environ["wsgi.input"] = Stream(body, most)
        environ["CONTENT_LENGTH"] = str(len(body) if length is None else length)
        if terminated:
            environ["wsgi.input_terminated"] = True  # (as gunicorn says)
        status: list[str] = []

        def start_response(said: str, headers: list[tuple[str, str]], *exc_info: object) -> Callable[[bytes], object]:
            status.append(said)
            return lambda data: None

        b"".join(app.wsgi_app(environ, start_response))
        return int(status[0][:3]), stream.reads

    body = b'{"data_gb": 3, "needs": {"min_uplink_mbps": 300}}'
    assert post(body, 1 << 20) == (200, 1)
    assert post(body, 7) == (200, -(-len(body) // 7))  # (7 bytes a call: read on to the length)
    assert post(b" " * (app.config["MAX_CONTENT_LENGTH"] + 1), 1 << 20)[0] == 413
    # a body cut short of its Content-Length: werkzeug's 400 (ClientDisconnected), unless the server ends the stream
    assert post(body, 1 << 20, len(body) + 5, terminated=False)[0] == 400
    assert post(body, 1 << 20, len(body) + 5)[0] == 200


def test_a_json_integer_is_not_checked_twice(client: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """A body's integers are taken as the strict JSON reading made them: marshmallow's ``Integer`` would check again
    (an isinstance against ``numbers.Integral``, an ABC, then a bool); what is not an integer is still refused."""
    import marshmallow as ma

    checked: list[object] = []
    real = ma.fields.Integer._validated

    def validating(self: ma.fields.Integer, value: object) -> object:
        checked.append(value)
        return real(self, value)

    monkeypatch.setattr(ma.fields.Integer, "_validated", validating)
    assert client.post(URL, json={"voice_minutes": 80, "sms": 3, "needs": {"min_uplink_mbps": 300}}).status_code == 200
    assert checked == []
    for value in (True, 1.0, "1", 2**70 * 1.0):
        errors = client.post(URL, json={"sms": value}).get_json()["errors"]
        assert errors == [{"location": "body", "path": "sms", "reason": "Not a valid integer."}], value
    assert client.post(URL, json={"sms": 10**30}).get_json()["errors"][0]["path"] == "sms"  # (over its range)


def test_a_shallow_body_is_not_walked_for_its_depth(client: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """A body cannot nest deeper than it has brackets: one with no more than ``RECOMMENDER_MAX_JSON_DEPTH`` of them is
    not walked; a deeper one is still a 400, brackets within strings counting for nothing."""
    from recommender.api import parsing

    walked: list[object] = []
    real = parsing.json_depth

    def walking(value: object) -> int:
        walked.append(value)
        return real(value)

    monkeypatch.setattr(parsing, "json_depth", walking)
    assert client.post(URL, json={"data_gb": 3, "needs": {"min_uplink_mbps": 300}}).status_code == 200
    assert walked == []
    assert client.post(URL, json={"benefits": ["[{" * 40]}).status_code == 422  # (walked: depth 2, then the schema)
    assert len(walked) == 1
    deep = client.post(URL, data="[" * 40 + "]" * 40, content_type="application/json")
    assert deep.status_code == 400 and "nested deeper than" in deep.get_json()["message"]
