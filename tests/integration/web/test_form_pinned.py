"""The form's reading pinned where its mutation run found it unpinned: what a typed value is read as (the number,
its unit, money's fen), what is refused and at which field.  Each figure here is worked out by hand from what is
typed; the form is read directly (``forms.to_profile``), as the page reads it."""

from recommender.profile import Profile
from recommender.web import form as forms

OPERATORS = ["china-mobile", "china-telecom", "china-unicom"]
FILLED = {"data_gb": "45", "voice_minutes": "80", "sms": "10", "uplink": "0", "downlink": "0",
          "roaming_data_gb": "0", "roaming_minutes": "0"}


def _read(**typed: str) -> tuple[Profile | None, forms.FormData]:
    """The profile read from a filled-in form with ``typed`` over its fields (and the form, for its errors)."""
    filled = forms.FormData(values={**FILLED, **typed})
    return forms.to_profile(filled, [], OPERATORS), filled


def _refused(**typed: str) -> dict[str, str]:
    """The errors (field: message key) of a form refused for ``typed``."""
    profile, filled = _read(**typed)
    assert profile is None, typed
    return {name: key for name, (key, _) in filled.errors.items()}


# -- money: whole fen only, and only money fields read yuan -------------------------------------------------------

def test_money_of_a_fraction_of_a_fen_is_refused_at_its_field() -> None:
    """¥12.345 is 1,234.5 fen: no amount of money (money's one rule); the budget and the bill each say so at their
    own field ("error.fen"), never a server error when the fen are reckoned.  ¥12.34 is 1,234 fen, read.
    Kills form.py _decimal line 443 'if money:' forced False, or its check deleted (mutants 375, 454)."""
    assert _refused(budget="12.345") == {"budget": "error.fen"}
    assert _refused(current_bill="0.001") == {"current_bill": "error.fen"}
    profile, filled = _read(budget="12.34", current_bill="¥99.9")
    assert profile is not None and profile.current is not None, filled.errors
    assert (profile.budget_fen, profile.current.monthly_bill_fen) == (1234, 9990)  # 99.9 × 100 = 9,990 fen



def test_no_limit_is_said_to_be_no_usage_only_in_a_usage_field() -> None:
    """"不限" in a usage field is told to give what is used ("error.usage_unlimited"); in a field that is no month's
    usage (the bill, the age, a speed, a trip's days) it is no number, said as such ("error.number"), not as usage.
    Kills form.py _decimal line 420 'name in USAGE and ...' with its first operand dropped (mutant 388)."""
    assert _refused(data_gb="不限") == {"data_gb": "error.usage_unlimited"}
    assert _refused(current_bill="不限") == {"current_bill": "error.number"}
    assert _refused(age="unlimited") == {"age": "error.number"}
    assert _refused(uplink="不限") == {"uplink": "error.number"}
    assert _refused(roaming_days="不限") == {"roaming_days": "error.number"}


def test_minus_nought_is_read_as_nought() -> None:
    """"-0" is 0 (a sign before nothing): read as 0 GB, not Decimal("-0"), which the page's pill showed as "-0 GB
    data".  Kills form.py _decimal line 449 'return value or Decimal(0)' as 'return value' (mutant 398)."""
    profile, filled = _read(data_gb="-0", roaming_data_gb="-0")
    assert profile is not None, filled.errors
    assert (str(profile.data_gb), str(profile.needs.roaming_data_gb)) == ("0", "0")


def test_megabytes_are_suggested_in_gigabytes_only_in_a_field_of_gb() -> None:
    """"500MB" in data is refused with what it comes to in GB (500 / 1024 = 0.488…, "error.number_mb"); in a field
    of minutes, texts or years "500MB" or "5兆" is no number at all ("error.number"), never a figure of data.
    Kills form.py _decimal line 427 'name in GB_FIELDS and (mb := ...)' with its first operand dropped (mutant 407)."""
    _, filled = _read(data_gb="500MB")
    key, params = filled.errors["data_gb"]
    assert (key, params["mb"]) == ("error.number_mb", "500")
    assert _refused(voice_minutes="500MB") == {"voice_minutes": "error.number"}
    assert _refused(sms="500M") == {"sms": "error.number"}
    assert _refused(age="5兆") == {"age": "error.number"}


def test_each_fields_highest_figure_is_read_and_one_more_is_refused_with_its_range() -> None:
    """A field's bound is its own (``profile.MAX_*``): 1,000,000 GB, 120 years, 31 days, 100,000 Mbps and
    ¥10,000,000 (1,000,000,000 fen) are read; 1,000,000.5 GB and 121 years are "error.range", naming 0 to the bound
    as the page writes it ("1,000,000").
    Kills form.py _decimal line 440 'low <= value <= high' as 'value < high' (mutant 412)."""
    profile, filled = _read(data_gb="1000000", age="120", roaming_data_gb="1", roaming_days="31", uplink="100000",
                            budget="10000000")
    assert profile is not None and profile.about is not None, filled.errors
    assert (profile.data_gb, profile.about.age, profile.needs.trips[0].days) == (1_000_000, 120, 31)
    assert (profile.needs.min_uplink_mbps, profile.budget_fen) == (100_000, 1_000_000_000)
    _, filled = _read(data_gb="1000000.5", age="121")
    assert filled.errors == {"data_gb": ("error.range", {"low": 0, "high": "1,000,000"}),
                             "age": ("error.range", {"low": 0, "high": "120"})}


def test_a_bill_refused_is_its_only_error_beside_a_plan() -> None:
    """A bill written "1e3" is refused at the bill ("error.number_format": the form reads no exponent), and a bill of
    ¥20,000,000 too ("error.range": at most ¥10,000,000); either is read as no bill: the plan chosen beside it is not
    also told to be one or the other ("error.one_current"), as it would be were the bill read as ¥1,000 or
    ¥20,000,000.  Kills form.py _decimal line 434 and line 442 (the 'return None' after a number written otherwise,
    and after one out of range) deleted (mutants 431, 434)."""
    filled = forms.FormData(values={**FILLED, "current_bill": "1e3", "current_plan": "p-1"})
    assert forms.to_profile(filled, ["p-1"], OPERATORS) is None
    assert filled.errors == {"current_bill": ("error.number_format", {})}
    filled = forms.FormData(values={**FILLED, "current_bill": "20000000", "current_plan": "p-1"})
    assert forms.to_profile(filled, ["p-1"], OPERATORS) is None
    assert filled.errors == {"current_bill": ("error.range", {"low": 0, "high": "10,000,000"})}
