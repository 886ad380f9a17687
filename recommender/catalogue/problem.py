"""A located problem in a plan file (its own module: reading and caching plan files need it without YAML)."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..messages import Message, problem_text

MAX_BYTES = 1_000_000
"""The largest plan (or facts) file read."""


def read_capped(file: Path) -> bytes:
    """A file's bytes, at most one past ``MAX_BYTES`` (enough to refuse it: a 400 MB file dropped in the plans
    folder was read whole at every poll of the server's watcher, its master growing by over 1 GB)."""
    with file.open("rb") as stream:
        return stream.read(MAX_BYTES + 1)


GENERIC = "problem.said"
"""The code of a problem said only in English (``params``: ``text``): a problem made before it had a code of its own
(a caller's ``Problem(file, line, message)``)."""


@dataclass
class Problem(Exception):
    """One located problem in a plan file: ``file:line: message`` (the English ``message``, a contract), and the same
    reason as a ``code`` with JSON-ready ``params`` (``reason``), for adapters to word in their language
    (``messages/<lang>.json``, keys ``problem.*``; ``messages.problem_text``).  Params every code may have: ``field``
    (the dotted path in the file the problem is at, said before it), ``hints`` (a list of ``{code, params}`` said
    after it, in brackets), ``merged_from`` / ``aliased_from`` (the line of the anchor the value came from).

    ``Problem.of(file, line, code, **params)`` words the English ``message`` from the code."""

    file: str
    line: int
    message: str
    code: str = GENERIC
    params: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.code == GENERIC and not self.params:
            self.params = {"text": self.message}

    @classmethod
    def of(cls, file: str, line: int, code: str, **params: Any) -> "Problem":
        return cls(file, line, problem_text(Message(code, params)), code, params)

    @property
    def reason(self) -> Message:
        return Message(self.code, self.params)

    def text(self, lang: str = "en") -> str:
        """``file:line: message`` in ``lang``."""
        return f"{self.file}:{self.line}: {self.message if lang == 'en' else problem_text(self.reason, lang)}"

    def as_dict(self) -> dict[str, Any]:
        """The problem as JSON: where, the English message, and its code and parameters."""
        return {"file": self.file, "line": self.line, "message": self.message, "code": self.code,
                "params": dict(self.params)}

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


def dotted(path: tuple[str | int, ...]) -> str:
    """A path in a plan file as a problem's ``field`` says it: ``plans[0].overage.data[1].up_to_gb``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(file)"


class Said(ValueError):
    """A plan file's value refused by the format (``spec``'s validators) with a code and parameters: pydantic keeps
    it as its ``value_error``'s ``ctx["error"]``, and the loader makes it the problem's code (its text, English, is
    what pydantic says)."""

    def __init__(self, code: str, at: tuple[str | int, ...] = (), **params: Any) -> None:
        super().__init__(problem_text(Message(code, params)))
        self.code = code
        self.params = params
        self.at = at
        """Where, under the value refused, the problem is (``("data", 1, "up_to_gb")``: the tier of an ``overage``
        that overlaps the one before; found by the user test, said at the ``overage`` key): the loader's path and
        line go there."""


LOOKALIKES = frozenset("\u00a0\u3000\u200b\ufeff\uff1a\uff0c\u201c\u201d\u2018\u2019")
"""Characters an input method or a paste slips into a plan file, where YAML (or an id) needs another (a no-break,
full-width or zero-width space, a full-width colon or comma, curly quotes): what each is and what is needed instead
are words, ``lookalike.U+XXXX`` and ``instead.U+XXXX`` in ``messages/``."""


def lookalike_of(text: str) -> str | None:
    """The code point of the first such character in ``text`` (``U+FF1A``): a problem's ``lookalike`` parameter."""
    for char in text:
        if char in LOOKALIKES:
            return f"U+{ord(char):04X}"
    return None

