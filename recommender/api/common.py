"""What the API's resources share: the catalogue-version header, conditional GETs on the catalogue version, and
how a plan-file problem is reported."""

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from apispec import BasePlugin
from flask import Response, request
from werkzeug.http import quote_etag

from .errors import error_item, error_response

VERSION_HEADER = "X-Catalogue-Version"
_HEADERS = {VERSION_HEADER: {"description": "content hash of the catalogue that answered", "required": True,
                             "schema": {"type": "string"}}}
_ETAG = {"description": "the catalogue version, quoted", "required": True, "schema": {"type": "string"}}
"""Both are sent with every answer that declares them (``required``: so that a response check holds the server to
it; found by the API QA, none was)."""
_ETAG_HEADERS = {**_HEADERS, "ETag": _ETAG}
NOT_MODIFIED = "not modified: If-None-Match holds the current catalogue version, or is *"
PRECONDITION_FAILED = "precondition failed: If-Match does not hold the current catalogue version"
View = TypeVar("View", bound=Callable[..., Any])
_CONDITIONS = (
    {"in": "header", "name": "If-None-Match", "required": False, "schema": {"type": "string"},
     "description": "an ETag from an earlier answer (the catalogue version, quoted): 304 while it is current"},
    {"in": "header", "name": "If-Match", "required": False, "schema": {"type": "string"},
     "description": "an ETag, or *: 412 unless it holds the current catalogue version"})


def conditional(version: str, respond: Callable[[], Response]) -> Response:
    """``respond()``'s document with the catalogue version as its ETag: 304 for a matching If-None-Match (the
    document not made); 412 in the error shape for an If-Match that does not match (found by QA: werkzeug's 412
    carried the whole document).  If-Match is judged here (RFC 9110 13.1.1: ``*`` matches, a weak tag never does;
    werkzeug refused ``*``: review)."""
    if request.if_match and not request.if_match.contains(version):
        weak = "a weak tag (W/) never matches If-Match" if request.if_match.contains_weak(version) \
            else "not the catalogue version"
        return error_response(412, PRECONDITION_FAILED, [error_item("header", "If-Match", weak)],
                              {"ETag": quote_etag(version)})
    response = Response(status=304) if request.if_none_match.contains_weak(version) else respond()
    response.set_etag(version)  # (werkzeug's make_conditional refused If-Match: * as well)
    return response


class ConditionalHeaders(BasePlugin):
    """The request side of ``documents_conditional`` in the OpenAPI document: an operation that may answer 304
    takes ``If-None-Match`` and ``If-Match`` (added here, once: flask-smorest's ``doc(parameters=...)`` would
    replace a route's query parameters)."""

    def operation_helper(self, path: str | None = None, operations: dict[str, Any] | None = None,
                         **kwargs: Any) -> None:
        for operation in (operations or {}).values():
            if {304, "304"} & set(operation.get("responses") or ()):
                operation.setdefault("parameters", []).extend(dict(p) for p in _CONDITIONS)


def documents_conditional(blueprint: Any) -> Callable[[View], View]:
    """The OpenAPI side of ``conditional`` on a route of ``blueprint``: its 304, and its 412 with the ETag (the
    request headers: ``ConditionalHeaders``)."""
    def decorate(view: View) -> View:
        view = blueprint.alt_response(412, description=PRECONDITION_FAILED, headers={"ETag": _ETAG})(view)
        # a 304 carries the ETag (RFC 9110 15.4.5) and the catalogue version, as the 200 would (``conditional``)
        return blueprint.alt_response(304, description=NOT_MODIFIED, headers=_ETAG_HEADERS)(view)
    return decorate


def split_problem(problem: str, said: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """A plan-file problem as an error item: ``path`` its ``file:line``, ``reason`` its English message, and its
    ``code`` and ``params`` (``said``; a problem kept without them: ``problem.said`` with the English)."""
    match = re.match(r"^(.*?:\d+): (.*)$", problem, re.S)
    where, reason = match.groups() if match else ("", problem)
    said = said or {"code": "problem.said", "params": {"text": reason}}
    return {**error_item("plans", where, reason), "code": said["code"], "params": dict(said["params"])}


def split_problems(problems: Sequence[str], reasons: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """``split_problem`` of each problem with its reason (``reasons`` in the same order, or none)."""
    return [split_problem(p, reasons[i] if len(reasons) == len(problems) else None) for i, p in enumerate(problems)]
