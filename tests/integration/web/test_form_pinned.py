"""The form's reading pinned where its mutation run found it unpinned: what a typed value is read as (the number,
its unit, money's fen), what is refused and at which field.  Each figure here is worked out by hand from what is
typed; the form is read directly (``forms.to_profile``), as the page reads it."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from werkzeug.datastructures import MultiDict

from recommender.profile import Profile, Record
from recommender.web import form as forms
from tests.paths import ROOT

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



def test_a_usage_field_is_no_money_field() -> None:
    """Only money fields drop ¥, 元 and 块: "20元" in data, "¥20" in texts and "100块" in minutes are no figure
    ("error.number"), never 20 GB, 20 texts or 100 minutes.
    Kills form.py _normalise line 379 'if money:' forced True (mutant 320)."""
    assert _refused(data_gb="20元") == {"data_gb": "error.number"}
    assert _refused(sms="¥20") == {"sms": "error.number"}
    assert _refused(voice_minutes="100块") == {"voice_minutes": "error.number"}


@pytest.mark.parametrize("name", ["voice_minutes", "sms", "roaming_minutes", "uplink", "age", "roaming_days",
                                  "satellite_minutes", "broadband_mbps"])
def test_a_field_of_whole_numbers_refuses_a_fraction(name: str) -> None:
    """Minutes, texts, Mbps, years and days are whole: "2.5" is refused at its field ("error.whole"), never read
    as 2; "2.0" is 2 (a whole number written with a point).
    Kills form.py _whole line 456 'if value != value.to_integral_value()' forced False or deleted, or its error
    deleted (mutants 459, 470, 466)."""
    extra = {"roaming_data_gb": "1"} if name == "roaming_days" else {}
    assert _refused(**extra, **{name: "2.5"}) == {name: "error.whole"}
    profile, filled = _read(**extra, **{name: "2.0"})
    assert profile is not None, filled.errors
    read = {"voice_minutes": profile.voice_minutes, "sms": profile.sms,
            "roaming_minutes": profile.needs.roaming_voice_minutes, "uplink": profile.needs.min_uplink_mbps,
            "age": profile.about.age if profile.about else None,
            "roaming_days": profile.needs.trips[0].days if profile.needs.trips else None,
            "satellite_minutes": profile.needs.satellite_minutes, "broadband_mbps": profile.needs.broadband_mbps}
    assert read[name] == 2 and type(read[name]) is int

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


# -- the data helper: hours a day to GB a month -------------------------------------------------------------------

@pytest.mark.parametrize(("video", "social", "gb", "share_video", "share_social"), [
    # (0.45 × 1.0 + 1.1 × 0.3) GB a day = 0.78 × 30 = 23.4 GB, rounded up to 24; video 0.45 × 30 = 13.5 → 13 (down),
    # social 1.1 × 0.3 × 30 = 9.9 → 9
    ("0.45", "1.1", 24, "13", "9"),
    # 24 hours in all is a whole day, taken: (20 + 4 × 0.3) × 30 = 21.2 × 30 = 636; 600 and 36
    ("20", "4", 636, "600", "36"),
    # social only: 2 × 0.3 × 30 = 18 GB, all of it social; video only: 1.5 × 30 = 45 GB, all of it video
    ("", "2", 18, "0", "18"), ("1.5", "", 45, "45", "0"),
    # as many hours of each: (2 + 2 × 0.3) × 30 = 78 GB; 60 and 18
    ("2", "2", 78, "60", "18"),
])
def test_the_data_helper_writes_its_estimate_and_the_app_share(video: str, social: str, gb: int, share_video: str,
                                                               share_social: str) -> None:
    """The estimate (1 GB an hour of video, 0.3 GB an hour of social apps, 30 days) goes into the data field, rounded
    up to whole GB; the app share is each app's part rounded down, and the note says what it was made from.
    Kills form.py apply_estimate and estimate_gb mutants (see the commit)."""
    filled = forms.FormData(values={"data_gb": "45", "video_hours": video, "social_hours": social})
    assert forms.apply_estimate(filled) is True, filled.errors
    assert (filled.values["data_gb"], filled.values["share_video"], filled.values["share_social"]) == (
        str(gb), share_video, share_social)
    assert filled.notes["data_gb"] == ("estimate.done", {"gb": gb, "video": Decimal(video or 0),
                                                         "social": Decimal(social or 0)})
    assert filled.errors == {}


@pytest.mark.parametrize(("video", "social", "error"), [
    ("20", "4.5", {"social_hours": ("error.hours_total", {})}),  # 24.5 hours a day: more than a day
    ("25", "", {"video_hours": ("error.range", {"low": 0, "high": "24"})}),
    ("1", "25", {"social_hours": ("error.range", {"low": 0, "high": "24"})}),
    ("0", "0", {"video_hours": ("error.estimate_hours", {})}),  # nothing to estimate from
    ("abc", "1", {"video_hours": ("error.number", {"example": "1.5"})}),  # (within 0 to 24 hours)
    ("1", "abc", {"social_hours": ("error.number", {"example": "1.5"})}),
])
def test_the_data_helper_refuses_hours_it_cannot_estimate_from_and_keeps_the_data(video: str, social: str,
                                                                                 error: object) -> None:
    """Hours out of a day, more than a day in all, none at all or no number: refused at the field said, and the data
    as typed is kept (no estimate, no app share, no note)."""
    filled = forms.FormData(values={"data_gb": "45", "video_hours": video, "social_hours": social})
    assert forms.apply_estimate(filled) is False
    assert filled.errors == error
    assert filled.values == {"data_gb": "45", "video_hours": video, "social_hours": social} and not filled.notes


# -- a household's lines ------------------------------------------------------------------------------------------

LINE = {"name": "", "data_gb": "1", "voice_minutes": "2", "sms": ""}


def test_a_household_of_ten_lines_is_read_and_one_more_is_refused_at_the_line_too_many() -> None:
    """A household is at most 10 lines (``MAX_LINES``): the holder and 9 extra lines are read (10 lines, a blank name
    read as no name, None); a 10th extra line is refused at that line's name ("line_name.10"), saying at most 9
    extra lines, and nowhere else.
    Kills form.py _lines line 593 'len(form.lines) > MAX_LINES - 1' as 'MAX_LINES + 1' or 'MAX_LINES - 0'
    (mutants 700, 705), line 596 'row.get("name", "")[:64] or None' without 'or None' (709)."""
    filled = forms.FormData(values=dict(FILLED), lines=[dict(LINE) for _ in range(9)])
    profile = forms.to_profile(filled, [], OPERATORS)
    assert profile is not None and profile.lines is not None, filled.errors
    assert len(profile.lines) == 10 and [line.name for line in profile.lines] == [None] * 10
    filled = forms.FormData(values=dict(FILLED), lines=[dict(LINE) for _ in range(10)])
    assert forms.to_profile(filled, [], OPERATORS) is None
    assert filled.errors == {"line_name.10": ("error.too_many_lines", {"max": 9})}


def test_a_lines_name_is_at_most_64_characters() -> None:
    """A line's name of 64 characters is taken whole; one longer is an error at the line's name (it was cut to its
    first 64 without a word: the family's user test), and spaces around a name are dropped."""
    filled = forms.FormData(values=dict(FILLED), lines=[{**LINE, "name": "A" * 64}, {**LINE, "name": " Mum "}])
    profile = forms.to_profile(filled, [], OPERATORS)
    assert profile is not None and profile.lines is not None, filled.errors
    assert [line.name for line in profile.lines[1:]] == ["A" * 64, "Mum"]
    longer = forms.FormData(values=dict(FILLED), lines=[{**LINE, "name": "A" * 65}, {**LINE, "name": "Mum"}])
    assert forms.to_profile(longer, [], OPERATORS) is None
    assert longer.errors == {"line_name.1": ("error.name_too_long", {"max": 64})}


# -- the app share and what the person has now --------------------------------------------------------------------

def test_the_app_share_keeps_what_is_above_nothing() -> None:
    """The app share is the GB of the month's data in video and social apps: 0.5 GB is a share ({"video": 0.5}), a
    share of 0 is none (left out, as a blank is), and 25 + 20 = 45 GB of 45 is all of it, read.
    Kills form.py _share line 583 'value > 0' dropped, as '>= 0' or as '> 1' (mutants 686, 688, 689)."""
    profile, filled = _read(share_video="0.5", share_social="0")
    assert profile is not None, filled.errors
    assert profile.app_share == {"video": Decimal("0.5")}
    profile, filled = _read(share_video="25", share_social="20")
    assert profile is not None, filled.errors
    assert profile.app_share == {"video": 25, "social": 20}
    _, filled = _read(share_video="25", share_social="20.5")  # 45.5 GB of 45
    assert filled.errors == {"share_video": ("error.share", {"gb": 45})}


def test_a_bill_and_a_plan_both_given_is_refused_at_the_plan() -> None:
    """What the person has now is a monthly bill or a plan of the catalogue, not both: both given is refused at the
    plan ("error.one_current"); either alone is read (¥100 is 10,000 fen).
    Kills form.py _current line 612 'elif plan and bill is not None' forced False (mutant 737)."""
    filled = forms.FormData(values={**FILLED, "current_bill": "100", "current_plan": "p-1"})
    assert forms.to_profile(filled, ["p-1"], OPERATORS) is None
    assert filled.errors == {"current_plan": ("error.one_current", {})}
    for typed, current in (({"current_bill": "100"}, (10000, None)), ({"current_plan": "p-1"}, (None, "p-1"))):
        filled = forms.FormData(values={**FILLED, **typed})
        profile = forms.to_profile(filled, ["p-1"], OPERATORS)
        assert profile is not None and profile.current is not None, filled.errors
        assert (profile.current.monthly_bill_fen, profile.current.plan_id) == current


@pytest.mark.parametrize(("typed", "field", "key"), [
    ({"uplink_days": "5"}, "uplink_days", "error.days_without_speed.uplink"),
    ({"downlink_days": "3", "uplink": "50"}, "downlink_days", "error.days_without_speed.downlink")])
def test_days_without_their_speed_are_refused_at_the_days(typed: dict[str, str], field: str, key: str) -> None:
    """Days of a speed need with that speed 0 are refused at the days, in the page's words (they were the API's
    field names under "Mobile data"); with the speed, they are read."""
    assert _refused(**typed) == {field: key}
    profile, filled = _read(uplink="50", uplink_days="5")
    assert profile is not None and (profile.needs.min_uplink_mbps, profile.needs.uplink_days) == (50, 5), filled.errors


# -- an itemised bill, and the operators ticked --------------------------------------------------------------------

def _bill() -> tuple[forms.FormData, tuple[Record, ...]]:
    """A form whose usage fields are wrong ("abc" GB, an extra line typed) and the repo's sample bill (163 records)."""
    filled = forms.FormData(values={**FILLED, "data_gb": "abc"}, lines=[{**LINE, "name": "Mum"}])
    records = forms.read_csv(filled, (ROOT / "seeds" / "usage" / "three-months.csv").read_bytes())
    assert records is not None and len(records) == 163, filled.errors
    return filled, records


def test_an_itemised_bill_stands_for_the_usage_fields() -> None:
    """With a bill's records the month's usage is theirs: the usage fields and the household's lines are not read
    (the "abc" in data is no error, the line typed is no household), and the profile holds the 163 records.
    Kills form.py to_profile line 629 'records is None and not from_csv' as 'or' or without its first operand
    (mutants 767, 768)."""
    filled, records = _bill()
    profile = forms.to_profile(filled, [], OPERATORS, records=records)
    assert profile is not None, filled.errors
    assert (profile.records, profile.lines, filled.errors) == (records, None, {})


def test_a_bill_that_could_not_be_read_is_the_only_error() -> None:
    """A bill sent but not read (``from_csv``, its errors already set): the usage fields are not read either, so the
    one error is the bill's ("abc" in data is not also refused).
    Kills form.py to_profile line 629 'records is None and not from_csv' without its second operand (mutant 769)."""
    filled = forms.FormData(values={**FILLED, "data_gb": "abc"})
    assert forms.read_csv(filled, b"kind,date\n") is None
    assert forms.to_profile(filled, [], OPERATORS, from_csv=True) is None
    assert filled.errors == {"usage_csv": ("error.csv_file", {})}  # (no records: the file's, not a row's)


def test_the_operators_ticked_are_the_profiles_and_none_is_refused() -> None:
    """Every operator ticked is no filter (None); some are those (in the catalogue's order); none ticked is refused at
    the operator boxes ("error.operator").
    Kills form.py to_profile line 638 'if not operators' forced False (mutant 761), line 654 'None if
    len(operators) == len(offered) else operators' forced to the list (789)."""
    for ticked, read in ((OPERATORS, None), (["china-unicom", "china-mobile"], ("china-mobile", "china-unicom"))):
        filled = forms.FormData(values=dict(FILLED), operators=ticked)
        profile = forms.to_profile(filled, [], OPERATORS)
        assert profile is not None, filled.errors
        assert profile.operators == read
    filled = forms.FormData(values=dict(FILLED), operators=[])
    assert forms.to_profile(filled, [], OPERATORS) is None
    assert filled.errors == {"operator": ("error.operator", {})}


def test_the_boxes_ticked_are_strict_eligibility_and_throttling_allowed() -> None:
    """The "strict" box ticked is strict eligibility (unticked, lenient); the "throttling" box ticked allows a plan that
    slows data past its allowance (unticked, not allowed): each box its own.
    Kills form.py to_profile line 657 '"throttling" in form.checked' as 'not in' (mutant 792)."""
    for checked, read in (({"strict"}, ("strict", False)), (set(), ("lenient", False)),
                          ({"throttling"}, ("lenient", True)), ({"strict", "throttling"}, ("strict", True))):
        filled = forms.FormData(values=dict(FILLED), checked=checked)
        profile = forms.to_profile(filled, [], OPERATORS)
        assert profile is not None and (profile.eligibility, profile.allow_throttling) == read, checked


# -- what the person says of themselves ---------------------------------------------------------------------------

def _about(memberships: tuple[str, ...] = (), checked: frozenset[str] = frozenset(),
           **typed: str) -> tuple[Profile | None, dict[str, tuple[str, dict[str, object]]]]:
    """The profile and errors of a form with ``typed`` about the person, in a catalogue of region CN-BJ and
    memberships "a" and "b"."""
    filled = forms.FormData(values={**FILLED, **typed}, memberships=list(memberships), checked=set(checked))
    return forms.to_profile(filled, [], OPERATORS, regions=["CN-BJ"], memberships=["a", "b"]), filled.errors


def test_what_the_person_says_of_themselves_is_read_and_a_blank_stays_unknown() -> None:
    """Age, region, operator and memberships as given (memberships once each, in order: "b", "a", "a" is a, b); each
    left blank stays unknown (None); "none of these" ticked alone is no membership, said (an empty tuple)."""
    profile, errors = _about(("b", "a", "a"), age="30", region="CN-BJ", customer_of="china-mobile")
    assert profile is not None and profile.about is not None, errors
    about = profile.about
    assert (about.age, about.region, about.customer_of, about.memberships) == (30, "CN-BJ", "china-mobile", ("a", "b"))
    profile, errors = _about(age="")
    assert profile is not None and profile.about is not None, errors
    assert (profile.about.age, profile.about.region, profile.about.customer_of, profile.about.memberships) == (
        None, None, None, None)
    profile, errors = _about(checked=frozenset({"no_membership"}))
    assert profile is not None and profile.about is not None and profile.about.memberships == (), errors


def test_what_the_person_says_of_themselves_is_refused_at_its_own_field() -> None:
    """A region or an operator the catalogue does not have, a membership it does not offer, or a membership ticked
    with "none of these": each refused at its own field, with its own reason."""
    assert _about(region="CN-SH")[1] == {"region": ("error.region", {})}
    assert _about(customer_of="att")[1] == {"customer_of": ("error.invalid", {})}
    assert _about(("a", "zz"))[1] == {"membership": ("error.invalid", {})}
    assert _about(("a",), frozenset({"no_membership"}))[1] == {"membership": ("error.membership_none", {})}
    assert _about(age="121")[1] == {"age": ("error.range", {"low": 0, "high": "120"})}


# -- the query as sent ---------------------------------------------------------------------------------------------

def test_the_query_is_read_trimmed_and_bounded() -> None:
    """``from_args``: a field's text trimmed of spaces and cut to 100 characters; the boxes ticked (a box sent
    blank is not ticked); the lists as sent; the household's columns read row by row (a row of blanks is no line,
    a short column blank in the rows it lacks)."""
    query = MultiDict([("data_gb", "  20 "), ("sms", "9" * 150), ("satellite", "on"), ("strict", ""),
                       ("benefit", "b1"), ("benefit", "b2"), ("operator", "china-mobile"), ("membership", "a"),
                       ("line_name", "Mum"), ("line_name", ""), ("line_name", "Dad"),
                       ("line_data_gb", "5"), ("line_data_gb", ""), ("line_voice_minutes", " 100 "),
                       ("line_sms", "1"), ("line_sms", ""), ("line_sms", "")])
    filled = forms.from_args(query)
    assert (filled.values["data_gb"], filled.values["sms"], filled.values["budget"]) == ("20", "9" * 100, "")
    assert (filled.checked, filled.benefits, filled.operators, filled.memberships) == (
        {"satellite"}, ["b1", "b2"], ["china-mobile"], ["a"])
    assert filled.lines == [{"name": "Mum", "data_gb": "5", "voice_minutes": "100", "sms": "1"},
                            {"name": "Dad", "data_gb": "", "voice_minutes": "", "sms": ""}]
    assert forms.submitted(query) and not forms.submitted(MultiDict([("lang", "en")]))


def test_the_query_reads_at_most_so_many_of_each_list() -> None:
    """64 benefits, 64 operators, 32 memberships and 64 household rows are read of 70 sent (rows beyond a household's
    9 extra lines are kept, for the page to show them with the error); "add a line" adds a blank line to 8 lines
    (9), not to 9."""
    many = [(name, f"x{i}") for name in ("benefit", "operator", "membership", "line_name") for i in range(70)]
    filled = forms.from_args(MultiDict(many))
    assert filled.operators is not None
    assert (len(filled.benefits), len(filled.operators), len(filled.memberships), len(filled.lines)) == (
        64, 64, 32, 64)
    assert filled.benefits[-1] == "x63" and filled.lines[-1]["name"] == "x63"
    for sent, read in ((8, 9), (9, 9), (0, 1)):
        filled = forms.from_args(MultiDict([("add_line", "1"), *(("line_name", f"n{i}") for i in range(sent))]))
        assert len(filled.lines) == read, sent
        assert filled.lines[-1] == ({"name": "", "data_gb": "", "voice_minutes": "", "sms": ""} if read > sent
                                    else {"name": "n8", "data_gb": "", "voice_minutes": "", "sms": ""})


# -- a number written in Chinese (never read: the error writes it in digits) --------------------------------------

@pytest.mark.parametrize(("typed", "value"), [
    ("十万", 100_000),  # 10 × 10,000
    ("三十万", 300_000),  # 30 × 10,000
    ("一万零五百", 10_500),  # 10,000 + 500 (零: the hundreds follow the ten thousands' gap)
    ("一万零五", 10_005),  # 10,000 + 5: after 零 the digit is ones, not 5,000
    ("一千零五", 1_005),  # 1,000 + 5, not 1,500
    ("二十五", 25)])  # 2 × 10 + 5
def test_chinese_numbers_with_ten_thousands_and_gaps(typed: str, value: int) -> None:
    assert forms.chinese_number(typed) == value


@pytest.mark.parametrize("typed", ["万", "五万万", "五万三万", "三十百", "三十五百", "五百三千", "十十", "点五",
                                   "一点十"])
def test_chinese_number_words_that_are_no_number(typed: str) -> None:
    """万 alone (no count of ten thousands), 万 twice, a unit no smaller than the one before it ("三十百", "三十五百",
    "五百三千", "十十"), no whole part before 点 or a unit after it: no number (None), never 0 (nor 530, 3,500, 20).
    "万" in a field is "error.number", not a suggestion of "0".  Kills form.py chinese_number line 191 'if not section
    and not digit or total' forced False, as 'and', either operand dropped (mutants 67, 82, 83, 84), line 186 its
    '(unit and CHINESE_UNITS[c] >= unit)' dropped (80), line 171 'not whole or not all(...)' with either operand
    dropped (28, 29)."""
    assert forms.chinese_number(typed) is None
    assert _refused(voice_minutes="万") == {"voice_minutes": "error.number"}


# -- a suggestion made on the answers as sent -----------------------------------------------------------------------

SENT = [("data_gb", "45"), ("uplink", "500"), ("satellite_sms", "10"), ("budget", "200")]


@pytest.mark.parametrize(("code", "params"), [
    # two changes, of which the form cannot say the second: no link, never half the change
    ("lower_needs", {"changes": [
        {"code": "lower_speed.change", "params": {"direction": "uplink", "have": 300, "need": 500}},
        {"code": "lower_speed.change", "params": {"direction": "sideways", "have": 1, "need": 2}}]}),
    # each change read by its own code's parameter, never another code's
    ("lower_need", {"direction": "uplink", "have": 300, "need": 500}),
    ("lower_speed", {"direction": "sideways", "meter": "satellite_sms", "have": 5, "need": 10}),
    ("some_new_code", {"need_name": "uplink"})])
def test_a_suggestion_the_form_cannot_say_whole_has_no_link(code: str, params: dict[str, object]) -> None:
    """Kills form.py _change line 705 'return None' deleted (mutant 879: a TypeError), line 696 'base == "drop_need"
    and ...' without its first operand (843), _lowered_field line 715 'code == "lower_speed" and ...' without its
    first operand (891), line 717 'code == "lower_need" and ...' as 'or' (894)."""
    assert forms.with_suggestion(SENT, code, params, OPERATORS) is None


def test_a_lowered_satellite_need_is_written_in_whole_minutes_and_texts() -> None:
    """lower_need on satellite voice says seconds (1,830 s = 30.5 min): the field gets 30 whole minutes (1,830 // 60);
    on satellite texts the count itself (7), the rest of the answers as sent."""
    made = forms.with_suggestion(SENT, "lower_need", {"meter": "satellite_voice_s", "have": 1830, "need": 3000},
                                 OPERATORS)
    assert made == [*SENT, ("satellite_minutes", "30")]
    made = forms.with_suggestion(SENT, "lower_need", {"meter": "satellite_sms", "have": 7, "need": 10}, OPERATORS)
    assert made == [("data_gb", "45"), ("uplink", "500"), ("budget", "200"), ("satellite_sms", "7")]


# -- a sample profile as the form's fields, and read back -----------------------------------------------------------

EVERYTHING: dict[str, object] = {
    "data_gb": "12.5", "voice_minutes": 300, "sms": 5, "app_share": {"video": "6", "social": "2"},
    "needs": {"min_uplink_mbps": 100, "uplink_days": 5, "min_downlink_mbps": 1000, "downlink_days": 3,
              "satellite": True, "satellite_minutes": 30, "satellite_sms": 4, "broadband": True, "broadband_mbps": 300,
              "roaming": {"data_gb": 2, "voice_minutes": 60, "zone": "asia", "days": 7}},
    "operators": ["china-unicom"], "current": {"plan_id": "p-1"}, "budget_fen": 15050, "allow_throttling": True,
    "eligibility": "strict", "about": {"age": 40, "region": "CN-BJ", "customer_of": "china-unicom",
                                       "memberships": ["gotone"]}}
"""A profile giving every field the form has (a one-line profile; the seeds' family-broadband is a household)."""
NOTHING_ELSE: dict[str, object] = {**EVERYTHING, "about": {"memberships": []}, "current": {"monthly_bill_fen": 9990},
                                   "eligibility": "lenient", "allow_throttling": False, "operators": None}
"""Its opposites: no membership said, a bill rather than a plan, lenient, no throttling, every operator."""
HOUSEHOLD: dict[str, object] = {
    "lines": [{"data_gb": 20, "voice_minutes": 100, "sms": 3, "app_share": {"video": 5}},
              {"name": "Mum", "data_gb": "5.5", "voice_minutes": 200, "sms": 0},
              {"data_gb": 1, "voice_minutes": 10, "sms": 1}],
    "needs": {"roaming": {"data_gb": 2, "voice_minutes": 0}}}
"""A household of three lines: the holder's usage is the main fields, the other two the extra lines."""


@pytest.mark.parametrize("data", [
    *(json.loads(path.read_text(encoding="utf-8")) for path in sorted((ROOT / "seeds" / "profiles").glob("*.json"))),
    EVERYTHING, NOTHING_ELSE, HOUSEHOLD])
def test_a_sample_profile_is_the_form_filled_in_and_reads_back_as_itself(data: dict[str, object]) -> None:
    """``from_profile`` fills the fields so that reading them (``to_profile``) gives the same profile back, in every
    field (the seeds say nothing of the person: the form's blank "about" is an About of unknowns, not None)."""
    want = Profile.model_validate(data)
    filled = forms.from_profile(data, OPERATORS)
    about = want.about
    back = forms.to_profile(filled, ["p-1"], OPERATORS, regions=[about.region] if about and about.region else [],
                            memberships=["gotone"])
    assert back is not None, filled.errors
    assert back.model_dump(exclude={"about"}) == want.model_dump(exclude={"about"})
    blank = forms.to_profile(forms.FormData(values=dict(FILLED)), [], OPERATORS)
    assert blank is not None and back.about == (about if about is not None else blank.about)


def test_a_sample_profile_writes_money_as_typed_and_its_boxes_ticked() -> None:
    """¥150.50 (15,050 fen) is written "150.5", a bill of 9,990 fen "99.9"; the boxes are ticked as the profile
    says (satellite, broadband, throttling, strict; "none of these" for no membership said)."""
    filled = forms.from_profile(EVERYTHING, OPERATORS)
    assert (filled.values["budget"], filled.values["current_plan"], filled.values["roaming_zone"]) == (
        "150.5", "p-1", "asia")
    assert (filled.checked, filled.operators, filled.memberships) == (
        {"satellite", "broadband", "throttling", "strict"}, ["china-unicom"], ["gotone"])
    filled = forms.from_profile(NOTHING_ELSE, OPERATORS)
    assert (filled.values["current_bill"], filled.values.get("current_plan", "")) == ("99.9", "")
    assert (filled.checked, filled.operators, filled.memberships) == (
        {"satellite", "broadband", "no_membership"}, OPERATORS, [])


def test_a_households_sample_fills_the_holders_fields_and_the_extra_lines() -> None:
    """The holder's usage (20 GB, 100 min, 3 texts, 5 GB of video) in the main fields; the two other lines as extra
    lines, in order, a line of no name with a blank name."""
    filled = forms.from_profile(HOUSEHOLD, OPERATORS)
    assert [filled.values[name] for name in ("data_gb", "voice_minutes", "sms", "share_video", "share_social")] == [
        "20", "100", "3", "5", ""]
    assert filled.lines == [{"name": "Mum", "data_gb": "5.5", "voice_minutes": "200", "sms": "0"},
                            {"name": "", "data_gb": "1", "voice_minutes": "10", "sms": "1"}]


def test_what_a_sample_profile_leaves_unsaid_is_a_blank_field() -> None:
    """A trip of no zone, no broadband speed, no satellite minutes or texts, a person of age 40 and nothing else said:
    blank fields (""), never "None" or "0" shown in them, and no membership ticked.
    Kills form.py from_profile's 'or ""' / 'or None' / 'or ()' dropped: line 303 the zone (mutant 241), lines
    304-306 broadband Mbps and satellite minutes and texts (246, 249, 252), line 322-323 region and operator (260,
    263), line 324 the memberships (237: a TypeError)."""
    filled = forms.from_profile({"data_gb": 1, "voice_minutes": 1, "about": {"age": 40},
                                 "needs": {"roaming": {"data_gb": 1, "voice_minutes": 0}}}, OPERATORS)
    blanks = ("roaming_zone", "roaming_days", "broadband_mbps", "satellite_minutes", "satellite_sms", "region",
              "customer_of", "uplink_days", "budget", "current_bill")
    assert {name: filled.values.get(name, "") for name in blanks} == dict.fromkeys(blanks, "")
    assert (filled.values["age"], filled.values["roaming_data_gb"], filled.memberships) == ("40", "1", [])


# -- the bill's file and the sample profiles ------------------------------------------------------------------------

def test_a_bill_that_is_no_text_is_refused_at_the_file_field() -> None:
    """Bytes that are no text (a NUL in them: UTF-16, an image) are no bill: None, refused at the file field
    ("error.csv_encoding"), no rows listed.  Kills form.py read_csv line 519 'if text is None' forced False or
    deleted, its 'return None' deleted (mutants 592, 604, 597)."""
    filled = forms.FormData(values=dict(FILLED))
    assert forms.read_csv(filled, b"kind,date\n\x00\x00") is None
    assert (filled.errors, filled.csv_problems, filled.csv_more) == ({"usage_csv": ("error.csv_encoding", {})}, [], 0)


def test_the_sample_profiles_are_those_beside_the_plans_known_ones_first(tmp_path: Path) -> None:
    """``seeds/profiles/*.json`` beside the plan folder (or a plan file's folder): the known ones in the page's order
    (livestreamer before student), then the others by name (alpha, zeta); a file that is no JSON or no profile is
    left out; no seeds folder, none.  Kills form.py seeds_beside line 342 forced either way, its return deleted or
    None (mutants 295, 297, 298, 299), load_presets line 351 'seeds is not None' forced False or as 'is' (304, 306),
    lines 355-361 the loop, its reading or its adding deleted (311, 313, 314, 317)."""
    profiles = tmp_path / "seeds" / "profiles"
    profiles.mkdir(parents=True)
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "op.yaml").write_text("", encoding="utf-8")
    one = {"data_gb": 1, "voice_minutes": 2}
    for name in ("zeta", "student", "alpha", "livestreamer"):
        (profiles / f"{name}.json").write_text(json.dumps({**one, "sms": len(name)}), encoding="utf-8")
    (profiles / "broken.json").write_text("{", encoding="utf-8")
    (profiles / "bad.json").write_text(json.dumps({"data_gb": -1}), encoding="utf-8")
    (profiles / "notes.txt").write_text("{}", encoding="utf-8")
    for plans in (tmp_path / "plans", tmp_path / "plans" / "op.yaml"):
        presets = forms.load_presets(plans)
        assert list(presets) == ["livestreamer", "student", "alpha", "zeta"], plans
        assert presets["student"] == {**one, "sms": 7}
    shipped = forms.load_presets(forms.DEFAULT_PLANS)
    assert list(forms.load_presets(tmp_path / "other" / "plans" / "op.yaml")) == list(shipped)  # (other/seeds: none)
    assert "student" in shipped
