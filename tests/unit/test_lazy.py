"""``lazy.cached``: computed once on first read, kept in the instance (as ``functools.cached_property``)."""

from dataclasses import dataclass

from recommender.catalogue.model import Terms
from recommender.lazy import cached
from recommender.profile import Profile


@dataclass(frozen=True)
class _Counted:
    calls: list[int]

    @cached
    def value(self) -> int:
        self.calls.append(1)
        return len(self.calls) * 10


def test_computed_once_and_kept_in_the_instance() -> None:
    item = _Counted([])
    assert (item.value, item.value) == (10, 10)
    assert item.calls == [1] and item.__dict__["value"] == 10
    assert isinstance(_Counted.value, cached)  # (read on the class: the descriptor itself)


def test_the_answer_path_uses_it() -> None:
    """The classes an answer reads cached values of for the first time some thirty times (no lock on each read)."""
    assert isinstance(Terms.__dict__["none"], cached)  # (``cost.contract``: every plan of every answer)
    profile = Profile.model_validate({"data_gb": 3})
    assert profile.travels is False and profile.__dict__["travels"] is False
    assert Profile.model_validate({"data_gb": 3, "needs": {"roaming": {"data_gb": 1}}}).travels is True
