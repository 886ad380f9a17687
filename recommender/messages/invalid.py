"""pydantic's validation errors as codes: one rule for a plan file's schema problems and a profile's field errors.

An error is worded by a code of its own where its English says alike what pydantic says (``as_message`` checks it
against pydantic's text): "Input should be ..." (``INPUT_SHOULD``, its ``options`` joined by "or" when the members of a
union fail alike at one place: ``add``), a literal's choices, the digits of a decimal, and the errors the formats raise
themselves with a code for a type (``PydanticCustomError("profile.…", …)``).  Any other keeps pydantic's English as a
parameter (``problem.pydantic``; ``problem.input.said`` as one of the options), so nothing is lost, in any language.
"""

import re
from typing import Any, TypeVar

from pydantic_core import ErrorDetails, PydanticCustomError

from . import Message, catalogue, message, problem_text

INPUT = "Input should be "
"""How pydantic's messages on a value's type begin."""
INPUT_SHOULD = "problem.input"
"""pydantic's "Input should be ..." (``options``: what it should be, each a ``problem.input.*`` message, said joined by
"or": the members of a union failing alike)."""
OWN = ("profile.",)
"""The prefixes of the error types the formats raise with a code of their own (``PydanticCustomError``): the type is
the code, the context its parameters."""

_INPUT = {
    "greater_than_equal": ("ge", "problem.input.ge"), "greater_than": ("gt", "problem.input.gt"),
    "less_than_equal": ("le", "problem.input.le"), "less_than": ("lt", "problem.input.lt"),
    "decimal_parsing": (None, "problem.input.decimal"),
    "int_type": (None, "problem.input.int"), "int_parsing": (None, "problem.input.int_parsing"),
    "string_type": (None, "problem.input.string"), "float_parsing": (None, "problem.input.float"),
    "bool_parsing": (None, "problem.input.bool"), "date_parsing": (None, "problem.input.date"),
}
"""pydantic's "Input should be ..." error types as a code (and the bound it names)."""

OWN_WORDS = ("too_long", "too_short")
"""pydantic's error types said in words of the project's own, not pydantic's: "at most 10 items, not 12" (its
"Tuple should have at most 10 items after validation, not 12" named a Python type; found by the fuzzing test of
TMF680)."""

Where = TypeVar("Where")


def refused(code: str, **params: Any) -> PydanticCustomError:
    """An error a format raises itself, as a code (one of ``OWN``) and its parameters, worded in English by the
    messages' own wording of it (pydantic's ``msg``: the API's words), so that ``as_message`` gives the code back."""
    assert code.startswith(OWN), code
    return PydanticCustomError(code, catalogue("en")[code], params)


def as_message(error: ErrorDetails) -> Message:
    """An error in pydantic's words as a code: its own where its English is said alike (``_INPUT``, a literal's
    choices, ``OWN``), else ``problem.pydantic`` carrying the English."""
    kind, text = error["type"], error["msg"].removeprefix("Value error, ")
    ctx = error.get("ctx", {})
    reason: Message | None = None
    if kind.startswith(OWN):
        reason = message(kind, **{key: _json(value) for key, value in ctx.items()})
    elif kind in _INPUT:
        bound, code = _INPUT[kind]
        option = message(code, **({"bound": _json(ctx.get(bound))} if bound else {}))
        reason = message(INPUT_SHOULD, options=[option.as_dict()])
    elif kind == "literal_error":
        reason = message(INPUT_SHOULD, options=[message("problem.input.one_of",
                                                        choices=choices(str(ctx.get("expected", "")))).as_dict()])
    elif kind == "too_long" and ctx.get("actual_length") is not None:
        reason = message("problem.too_long", count=_json(ctx.get("max_length")),
                         actual=_json(ctx["actual_length"]))  # (more items than it may have: a profile's benefits)
    elif kind == "too_short" and ctx.get("actual_length") is not None:  # (an empty history or household)
        reason = message("problem.too_short", count=_json(ctx.get("min_length")),
                         actual=_json(ctx["actual_length"]))
    elif kind == "missing":  # (a field a part of the profile must have: a record's date)
        reason = message("problem.required")
    elif kind == "decimal_type":
        reason = message("problem.decimal_type")
    elif kind == "extra_forbidden":  # (an unknown field: a profile's mistyped key, worded in --lang zh too)
        reason = message("problem.extra_forbidden")
    elif kind in ("decimal_max_digits", "decimal_max_places", "decimal_whole_digits"):
        reason = message(f"problem.{kind}", count=_json(ctx.get("max_digits", ctx.get("decimal_places",
                                                                                        ctx.get("whole_digits")))))
    if reason is not None and (problem_text(reason) == text or kind in OWN_WORDS):  # (said as pydantic says it,
        return reason  # or not at all; but for a list's length, said as people say it)
    if text.startswith(INPUT):  # (still one of a union's "Input should be ...", joined to the others: ``add``)
        return message(INPUT_SHOULD, options=[message("problem.input.said", type=kind,
                                                      text=text.removeprefix(INPUT)).as_dict()])
    return message("problem.pydantic", type=kind, text=text)


def add(found: list[tuple[Where, Message]], where: Where, reason: Message) -> None:
    """Add an error, or join it to the one at the same place when both say what the input should be (the members of a
    union failing alike: "Input should be a valid decimal or 'unlimited'")."""
    same = next((i for i, (other, _) in enumerate(found) if other == where), None)
    if same is not None and reason.code == INPUT_SHOULD and found[same][1].code == INPUT_SHOULD:
        options = [*found[same][1].params["options"], *reason.params["options"]]
        found[same] = (where, message(INPUT_SHOULD, options=options))
    else:
        found.append((where, reason))


def choices(expected: str) -> list[str | int]:
    """A literal's choices as pydantic lists them (``'a', 'b' or 'c'``, ``1000 or 1024``): texts and whole numbers."""
    items = re.findall(r"'([^']*)'|(-?\d+)", expected)
    return [text if not number else int(number) for text, number in items]


def _json(value: object) -> object:
    """A bound as JSON: a number as it is (a Decimal as its text), else its text."""
    return value if isinstance(value, int | str) else str(value)
