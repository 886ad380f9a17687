"""Every plan-file problem these tests meet is checked as a code: a code of its own (not the generic one), its English
``message`` exactly its code's rendering, worded in Chinese too, and its parameters JSON."""

import json
from collections.abc import Iterator

import pytest

from recommender.catalogue import CatalogueError, Problem
from recommender.catalogue.problem import GENERIC
from recommender.messages import problem_text


def check(problem: Problem) -> None:
    assert problem.code != GENERIC, problem
    assert problem_text(problem.reason) == problem.message, problem
    assert problem_text(problem.reason, "zh"), problem
    json.dumps(problem.as_dict())


@pytest.fixture(autouse=True, scope="session")
def _problems_are_codes() -> Iterator[None]:
    """Session-wide (a function's fixture would trip hypothesis' health check): ``CatalogueError`` checks each
    problem it is raised with."""
    original = CatalogueError.__init__

    def checked(self: CatalogueError, problems: list[Problem]) -> None:
        for problem in problems:
            check(problem)
        original(self, problems)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(CatalogueError, "__init__", checked)
        yield
