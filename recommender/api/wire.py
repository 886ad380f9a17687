"""The wire, below Flask: JSON that always encodes, and request bodies whose read errors are 400s.

* ``SafeJSONProvider``: Flask's JSON with readable non-ASCII (``"套餐"``), except that a lone
  surrogate (``"\\ud800"`` decoded from a client's JSON, e.g. in an unknown key echoed in an
  error) is written as its ``\\uXXXX`` escape instead of failing to encode (which was a 500).
  Compact responses are encoded by orjson when it is installed (several times faster on the
  answer document); whatever orjson refuses (a lone surrogate, an integer beyond 64 bits, a type
  it does not know) is encoded by the standard path above, so the output never depends on it for
  correctness.
* ``GuardedInput``: WSGI middleware wrapping ``wsgi.input`` so that an error while reading the
  body (gunicorn's ``InvalidChunkSize`` for broken chunked encoding, a reset connection, ...)
  becomes ``BodyReadError``, a 400 in the error shape, instead of an unhandled exception (500); and a body
  that stalls (no byte for ``BODY_STALL_S``) is ``BodyStalled``, a 408, instead of holding a sync worker until
  gunicorn's timeout kills it mid-read (which answered 500).
"""

import importlib
import json
from collections.abc import Callable, Iterable
from typing import Any

from flask.json.provider import DefaultJSONProvider
from werkzeug.exceptions import BadRequest, RequestTimeout
from werkzeug.sansio.response import Response

orjson: Any
try:
    orjson = importlib.import_module("orjson")
except ImportError:  # pragma: no cover - orjson is a dependency; the standard library still works
    orjson = None

_ORJSON_OPTIONS = 0 if orjson is None else (orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
                                             | orjson.OPT_PASSTHROUGH_SUBCLASS | orjson.OPT_APPEND_NEWLINE)


class SafeJSONProvider(DefaultJSONProvider):
    """``ensure_ascii=False`` for what UTF-8 can hold, escapes for what it cannot (lone surrogates)."""

    ensure_ascii = False
    sort_keys = False

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        text = super().dumps(obj, **kwargs)
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            kwargs["ensure_ascii"] = True
            text = super().dumps(obj, **kwargs)
        return text

    def response(self, *args: Any, **kwargs: Any) -> Response:
        """Compact JSON through orjson when it can encode the value (dates, decimals, dataclasses
        and subclasses of built-in types go to Flask's ``default`` first, as with the standard
        path); anything it refuses, the standard path."""
        if orjson is not None and not (self.compact is False or (self.compact is None and self._app.debug)):
            obj = self._prepare_response_obj(args, kwargs)
            try:
                body = orjson.dumps(obj, default=self.default, option=_ORJSON_OPTIONS)
            except TypeError:  # orjson.JSONEncodeError: a lone surrogate, a huge integer, an unknown type
                pass
            else:
                response_class: Any = self._app.response_class  # Flask's Response, which takes bytes
                return response_class(body, mimetype=self.mimetype)
        return super().response(*args, **kwargs)


class BodyReadError(BadRequest):
    description = "the request body could not be read (broken chunked encoding, or the connection failed)"


BODY_STALL_S = 10.0
"""The longest a request body may send nothing while it is read (found by the API QA: a client that stopped
half-way through its body held a sync worker until gunicorn's timeout, 30 s by default, killed it and answered
500).  Below that timeout, so the worker answers 408 and lives; a body trickled byte by byte, or headers sent
slowly (read by gunicorn before the app), still need the buffering proxy (docs/reliability.md)."""


class BodyStalled(RequestTimeout):
    description = f"the request body stopped arriving (nothing for {BODY_STALL_S:g} s): send it whole"


class _Guarded:
    """A file-like ``wsgi.input`` whose read errors are ``BodyReadError`` (``BodyStalled`` when the client's
    socket, gunicorn's ``gunicorn.socket``, sent nothing for ``BODY_STALL_S``)."""

    def __init__(self, stream: Any, sock: Any = None) -> None:
        self._stream = stream
        self._sock = sock

    def _call(self, name: str, *args: Any) -> Any:
        sock, before = self._sock, None
        try:
            if sock is not None:
                before = sock.gettimeout()
                sock.settimeout(BODY_STALL_S)
            return getattr(self._stream, name)(*args)
        except BadRequest:
            raise
        except TimeoutError:
            raise BodyStalled() from None
        except Exception as exc:  # gunicorn's ParseException, OSError, ...: all mean "no usable body"
            raise BodyReadError(f"{BodyReadError.description}: {type(exc).__name__}") from None
        finally:
            if sock is not None:
                try:
                    sock.settimeout(before)  # (the response is written as the server wrote it before)
                except OSError:
                    pass

    def read(self, *args: Any) -> bytes:
        return self._call("read", *args)

    def readline(self, *args: Any) -> bytes:
        return self._call("readline", *args)

    def readlines(self, *args: Any) -> list[bytes]:
        return self._call("readlines", *args)

    def __iter__(self) -> Any:
        return self

    def __next__(self) -> bytes:
        line = self.readline()
        if not line:
            raise StopIteration
        return line


class GuardedInput:
    """WSGI middleware: ``wsgi.input`` wrapped in ``_Guarded``."""

    def __init__(self, app: Callable[..., Iterable[bytes]]) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        stream = environ.get("wsgi.input")
        if stream is not None:
            environ["wsgi.input"] = _Guarded(stream, environ.get("gunicorn.socket"))
        return self.app(environ, start_response)


def dumps_safe(obj: object) -> str:
    """``json.dumps`` for logs and stores: readable, and never failing on a lone surrogate."""
    text = json.dumps(obj, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = json.dumps(obj)
    return text
