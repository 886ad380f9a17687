"""What a profile keeps once read (``lazy.cached``) is read again on a copy whose fields it rests on change."""

from decimal import Decimal

from recommender.profile import LineUsage, Profile


def test_a_copy_with_other_lines_is_a_household_or_not_by_its_own_lines() -> None:
    two = Profile.model_validate({"lines": [{"data_gb": 1}, {"data_gb": 2}]})
    assert two.household
    assert two.lines is not None
    one = two.model_copy(update={"lines": (two.lines[0],)})
    assert not one.household
    three = one.model_copy(update={"lines": (*two.lines, LineUsage(data_gb=Decimal(3)))})
    assert three.household
    assert two.model_copy(update={"objective": "worst_month"}).household
    assert not Profile.model_validate({"data_gb": 1}).household
