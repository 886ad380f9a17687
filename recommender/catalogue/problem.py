"""A located problem in a plan file (its own module: reading and caching plan files need it without YAML)."""

from dataclasses import dataclass


@dataclass
class Problem(Exception):
    """One located problem in a plan file."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"
