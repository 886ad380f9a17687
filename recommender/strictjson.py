"""Strict JSON, as every adapter reads a profile (the API's body and upload field, the CLI's ``--profile``):
no ``NaN`` or ``Infinity`` (Python's ``json`` reads them; JSON has none), each key of an object once (which of
two a sender meant cannot be known), integers too long to read as an int read as infinite floats, so that the
field they are given for refuses them."""

import json
from typing import Any, NoReturn

from .messages import Message, Refused


class NotStrictJson(Refused):
    """What the strict reading refuses (``reason``: ``json.constant`` with ``name``, ``json.key_twice`` with ``key``
    as JSON writes it; found by QA: the CLI's --lang zh said it in English).  ``path``: a key given twice, as a field
    path (``lines[1].name``), for an adapter to say where as it says a field's problem; "" for anything else."""

    def __init__(self, reason: Message, path: str = "") -> None:
        super().__init__(reason)
        self.path = path

    def __reduce__(self) -> tuple[Any, ...]:
        return type(self), (self.reason, self.path)


def _no_constant(name: str) -> NoReturn:
    raise NotStrictJson(Message("json.constant", {"name": name}))


MAX_INT_DIGITS = 4000
"""Python refuses to read an integer of more than 4,300 digits (``sys.set_int_max_str_digits``)."""


def json_int(text: str) -> int | float:
    """A JSON integer; one too long to read as an int is read as a float (infinite), so that the field it
    is given for rejects it (422 at its path) rather than the body being malformed JSON (400)."""
    return int(text) if len(text) <= MAX_INT_DIGITS else float(text)


def _once_each(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object, each key given once: ``{"data_gb": 3, "data_gb": 500}`` was priced for the last (found by QA;
    which one a sender meant cannot be known)."""
    found = dict(pairs)
    if len(found) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:  # (one pass: a list scanned again for each key took 0.55 s on a 64 KB body; review)
            if key in seen:
                raise NotStrictJson(Message("json.key_twice", {"key": json.dumps(key, ensure_ascii=False)}), key)
            seen.add(key)
    return found


def loads(text: str) -> Any:
    """Strict JSON: no ``NaN`` or ``Infinity`` (Python's ``json`` reads them; JSON has none), each key of an object
    once, integers too long to read as infinite floats (``json_int``).  A ``ValueError`` says what is wrong (a
    ``NotStrictJson`` what the strict reading refuses, a ``json.JSONDecodeError`` what is not JSON at all); a key
    given twice is said with where its object is (``json.key_twice.at``: ``lines[1]``; found by the integrator and
    SRE tests, "the key "name" is given twice in one object" of a body of several lines said not which)."""
    if text.startswith("\ufeff"):  # (as json.loads says it: the decoder itself does not look)
        raise json.JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", text, 0)
    try:
        return _DECODER.decode(text)
    except NotStrictJson as exc:
        if exc.reason.code != "json.key_twice" or not (at := _twice_at(text)):
            raise
        raise NotStrictJson(Message("json.key_twice.at", {**exc.reason.params, "at": at}), f"{at}.{exc.path}") from None


class _Pairs(list[tuple[str, Any]]):
    """An object's keys and values as given, a key twice too (``_twice_at``)."""


def _twice_at(text: str) -> str:
    """Where the first object the strict reading refuses for a key given twice is, as a field path (``lines[1]``;
    "" for the top-level object): objects are finished innermost first, as the decoder finishes them.  Read again
    only for the error (a body the strict reading took is never read twice)."""
    def walk(node: Any, path: str) -> str | None:
        items = list(node) if isinstance(node, _Pairs) else list(enumerate(node)) if isinstance(node, list) else []
        for key, value in items:
            inner = f"{path}[{key}]" if isinstance(key, int) else f"{path}.{key}" if path else key
            if (found := walk(value, inner)) is not None:
                return found
        if isinstance(node, _Pairs) and len({key for key, _ in node}) != len(node):
            return path
        return None

    tree = json.JSONDecoder(parse_constant=float, parse_int=json_int, object_pairs_hook=_Pairs).decode(text)  # (an
    # integer too long for Python: read as the strict reading does; found in review, its own error said instead)
    return walk(tree, "") or ""


_DECODER = json.JSONDecoder(parse_constant=_no_constant, parse_int=json_int, object_pairs_hook=_once_each)
"""Made once (as ``json.loads`` keeps its own for calls without options): given these options, ``json.loads`` makes a
decoder and its scanner on every call, about half of its time on a request body (found by the HTTP QA)."""
