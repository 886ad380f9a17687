"""A located problem in a plan file (its own module: reading and caching plan files need it without YAML)."""

from dataclasses import dataclass
from pathlib import Path

MAX_BYTES = 1_000_000
"""The largest plan (or facts) file read."""


def read_capped(file: Path) -> bytes:
    """A file's bytes, at most one past ``MAX_BYTES`` (enough to refuse it: a 400 MB file dropped in the plans
    folder was read whole at every poll of the server's watcher, its master growing by over 1 GB)."""
    with file.open("rb") as stream:
        return stream.read(MAX_BYTES + 1)


@dataclass
class Problem(Exception):
    """One located problem in a plan file."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


LOOKALIKES = {
    "\u00a0": ("a no-break space", "a plain space"), "\u3000": ("a full-width space", "a plain space"),
    "\u200b": ("a zero-width space", "nothing"), "\ufeff": ("a zero-width no-break space", "nothing"),
    "\uff1a": ("a full-width colon", "':'"), "\uff0c": ("a full-width comma", "','"),
    "\u201c": ("a curly quote", "'\"'"), "\u201d": ("a curly quote", "'\"'"),
    "\u2018": ("a curly quote", "\"'\""), "\u2019": ("a curly quote", "\"'\""),
}
"""Characters an input method or a paste slips into a plan file, where YAML (or an id) needs another:
what each is, and what is needed instead."""


def lookalike(text: str) -> str | None:
    """The first such character in ``text``, named with its code point (``a full-width colon (U+FF1A)``)."""
    for char in text:
        if char in LOOKALIKES:
            return f"{LOOKALIKES[char][0]} (U+{ord(char):04X})"
    return None
