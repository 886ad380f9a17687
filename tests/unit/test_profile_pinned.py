"""The usage profile's rules pinned at their edges (found by mutation testing ``recommender/profile.py``): each
refusal's code and field path on the smallest profile that reaches it, the bounds taken exactly (the most trips,
the least exchange rate), and what a profile derives for the engines worked out by hand."""

from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from recommender.profile import Month, Needs, Profile, RoamingNeed, field_messages

TRIP = {"zone": "asia", "days": 1, "data_gb": 1}


def refusals(data: object) -> list[tuple[str, str]]:
    """``(field path, code)`` of each error of ``data``, which must be refused."""
    with pytest.raises(ValidationError) as caught:
        Profile.model_validate(data)
    return [(path, reason.code) for path, reason in field_messages(caught.value)]


def test_a_region_that_is_not_text_is_refused_as_not_text() -> None:
    """``about.region: 5`` is not text: pydantic's own error at the field (the region check reads only text; reading
    a number as a pattern raised a TypeError, no field error at all)."""
    assert refusals({"about": {"region": 5}}) == [("about.region", "problem.input")]


def test_a_country_code_in_lower_case_names_no_region_code_near_it() -> None:
    """``us`` is the country US, which is no region code (``XX-YYY``): refused with no code "near" it to suggest,
    where ``cn-gd`` suggests ``CN-GD``."""
    assert refusals({"about": {"region": "us"}}) == [("about.region", "profile.region_code")]
    assert refusals({"about": {"region": "cn-gd"}}) == [("about.region", "profile.region_code.near")]


def test_the_least_exchange_rate_is_taken_and_less_is_refused() -> None:
    """``MIN_RATE`` is 0.000001: that rate itself is taken, 0.00000099 is refused at its currency."""
    profile = Profile.model_validate({"currency": "CNY", "exchange_rates": {"USD": "0.000001"}})
    assert profile.exchange_rates == {"USD": Decimal("0.000001")}
    assert refusals({"exchange_rates": {"USD": "0.00000099"}}) == [("exchange_rates.USD", "profile.rate_at_least")]


@pytest.mark.parametrize(("data", "path"), [({"as_of": "2025-01-01T00:00:00"}, "as_of"),
                                            ({"records": [{"kind": "sms", "date": "2025-01-01T00:00"}]},
                                             "records[0].date")])
def test_a_date_time_at_midnight_is_not_a_date(data: dict[str, Any], path: str) -> None:
    """A date is YYYY-MM-DD: pydantic alone takes a date-time at midnight as its date."""
    assert refusals(data) == [(path, "problem.input")]
    assert Profile.model_validate({"as_of": "2025-01-01"}).as_of is not None


def test_a_trip_without_days_lasts_one_day() -> None:
    """``days`` left out: a day pass is bought for one day."""
    assert RoamingNeed(data_gb=Decimal(1), zone="asia").trip_days == 1
    assert RoamingNeed(data_gb=Decimal(1), zone="asia", days=3).trip_days == 3


def test_roaming_sums_the_trips() -> None:
    """Two trips, 1.5 GB and 60 minutes, 2 GB and 15 minutes: 3.5 GB and 75 minutes (the form's figures)."""
    needs = Needs(roaming=(RoamingNeed(data_gb=Decimal("1.5"), voice_minutes=60),
                           RoamingNeed(data_gb=Decimal(2), voice_minutes=15)))
    assert (needs.roaming_data_gb, needs.roaming_voice_minutes) == (Decimal("3.5"), 75)
    assert (Needs().roaming_data_gb, Needs().roaming_voice_minutes) == (Decimal(0), 0)


def test_the_household_and_the_holders_line_may_make_eight_trips_together() -> None:
    """``MAX_TRIPS`` is 8: 4 of the household's and 4 of the holder's line are taken, 4 and 5 refused at the line."""
    taken = Profile.model_validate({"needs": {"roaming": [TRIP] * 4},
                                    "lines": [{"needs": {"roaming": [TRIP] * 4}}, {}]})
    assert len(taken.wants.trips) == 8
    assert refusals({"needs": {"roaming": [TRIP] * 4}, "lines": [{"needs": {"roaming": [TRIP] * 5}}, {}]}) == \
        [("lines[0].needs.roaming", "profile.household_trips")]


def test_a_one_line_profiles_days_of_a_slow_need_are_kept() -> None:
    """A need of 1 Mbps up for 2 days at the top, the line needing satellite service: the merged needs keep the 2
    days (a side needing some speed, however little, says its days)."""
    profile = Profile.model_validate({"needs": {"min_uplink_mbps": 1, "uplink_days": 2},
                                      "lines": [{"needs": {"satellite": True}}]})
    assert (profile.needs.min_uplink_mbps, profile.needs.uplink_days, profile.needs.satellite) == (1, 2, True)


def household(holder_top: dict[str, Any], holder_line: dict[str, Any]) -> Profile:
    """Three lines: the holder's needs said at the top and in its line, line 1 needing 300 Mbps up for 2 days and
    2000 Mbps down for 3, line 2 100 Mbps up (what the plan below gives) and satellite service."""
    return Profile.model_validate({"needs": holder_top, "lines": [
        {"needs": holder_line},
        {"needs": {"min_uplink_mbps": 300, "uplink_days": 2, "min_downlink_mbps": 2000, "downlink_days": 3}},
        {"needs": {"min_uplink_mbps": 100, "satellite": True}}]})


PLAN = (100, 1000, 0, 0)
"""A plan giving 100 Mbps up, 1000 down, no satellite service, no broadband."""


@pytest.mark.parametrize(("top", "line", "holder"), [
    ((300, None), (250, 2), ((0, 300, 30),)),  # faster for longer: the 2 days at 250 Mbps are met with it
    ((300, None), (300, 2), ((0, 300, 30),)),  # as fast, for longer
    ((300, None), (250, None), ((0, 300, 30),)),  # faster, as long
    ((250, None), (300, 2), ((0, 300, 2), (0, 250, 30))),  # neither covers the other: both, the faster first
    ((300, 2), (250, None), ((0, 300, 2), (0, 250, 30))),
])
def test_each_lines_speed_needs_less_those_the_line_covers_itself(
        top: tuple[int, int | None], line: tuple[int, int | None], holder: tuple[tuple[int, int, int], ...]) -> None:
    """``Wants.by_line`` on a plan giving 100 Mbps up and 1000 down: per line, ``(capability, Mbps, days)`` of each
    speed need the plan does not serve (a month, 30 days, when no days are said), less those the same line needs
    as fast or faster for as many days or more; uplink (0) before downlink (1); never satellite service (a pack sold
    per SIM serves speeds), never line 2's 100 Mbps (the plan's own)."""
    profile = household({"min_uplink_mbps": top[0], "uplink_days": top[1]},
                        {"min_uplink_mbps": line[0], "uplink_days": line[1]})
    assert profile.wants.by_line(PLAN) == (holder, ((0, 300, 2), (1, 2000, 3)), ())


@pytest.mark.parametrize(("top", "line", "uplink"), [
    ((300, None), (250, 2), ((300, 30),)),  # line 1's 300 Mbps on 2 days is covered by the holder's month too
    ((300, None), (300, 2), ((300, 30),)),
    ((250, None), (300, 2), ((300, 2), (250, 30))),
    ((250, None), (250, 2), ((300, 2), (250, 30))),
    ((150, None), (250, None), ((300, 2), (250, 30))),  # the holder's 150 Mbps met by the 250 Mbps for the month
])
def test_the_speed_needs_no_other_covers_across_the_lines(
        top: tuple[int, int | None], line: tuple[int, int | None], uplink: tuple[tuple[int, int], ...]) -> None:
    """``Wants.unserved`` on the same plan: per capability, every line's ``(Mbps, days)`` less those another covers,
    the highest first; satellite service (level 1) for the month, line 2's; no broadband."""
    profile = household({"min_uplink_mbps": top[0], "uplink_days": top[1]},
                        {"min_uplink_mbps": line[0], "uplink_days": line[1]})
    assert profile.wants.unserved(PLAN) == (uplink, ((2000, 3),), ((1, 30),), ())
    assert profile.wants.unserved((300, 2000, 1, 0)) == ((), (), (), ())  # (a plan serving every need)


def test_a_need_lasts_on_a_plan_as_long_as_the_longest_line_the_plan_does_not_serve() -> None:
    """``Wants.days_on``: the holder needing 250 Mbps up all month, line 1 300 Mbps for 2 days and 2000 down for 3.
    On 100 / 1000 Mbps both uplink needs count: 30 days; on 250 / 1000 only line 1's: 2 days up, 3 down; on 300 /
    2000 none: a month (the default).  Satellite service and broadband last the month."""
    wants = household({"min_uplink_mbps": 250}, {}).wants
    assert wants.days_on(PLAN) == (30, 3, 30, 30)
    assert wants.days_on((250, 1000, 0, 0)) == (2, 3, 30, 30)
    assert wants.days_on((300, 2000, 1, 1)) == (30, 30, 30, 30)


def test_a_profile_that_is_not_an_object_is_refused_at_the_whole_profile() -> None:
    """A JSON list or number sent as the profile: one error at the profile itself (path ""), not a crash reading its
    ``lines``."""
    assert refusals([{"data_gb": 1}]) == [("", "problem.input")]
    assert refusals(5) == [("", "problem.input")]


def test_a_one_line_households_line_moves_up_with_its_name_left_and_its_needs_kept() -> None:
    """``lines: [{name, data_gb: 5, needs: 300 Mbps up}]`` is the one-line profile of 5 GB needing 300 Mbps up: the
    name (a line's label) is left, the needs become the profile's (none said at the top)."""
    profile = Profile.model_validate({"lines": [{"name": "me", "data_gb": 5, "needs": {"min_uplink_mbps": 300}}]})
    assert (profile.lines, profile.data_gb, profile.needs) == (None, Decimal(5), Needs(min_uplink_mbps=300))
    assert profile.wants.levels == (300, 0, 0, 0)


def test_an_invalid_only_line_is_refused_at_the_line() -> None:
    """The only line's own error stays at ``lines[0]`` (the line is not moved up to be refused at the top)."""
    assert refusals({"lines": [{"data_gb": -1}]}) == [("lines[0].data_gb", "problem.input")]
    assert refusals({"lines": [{"data_gb": 1, "app_share": {"video": 2}}]}) == \
        [("lines[0].app_share", "profile.app_share_over.line")]


def test_invalid_top_needs_beside_the_only_lines_needs_are_refused_at_the_top() -> None:
    """Needs said at the top (invalid: -1 Mbps) and in the only line (valid): one error, at ``needs``."""
    assert refusals({"needs": {"min_uplink_mbps": -1}, "lines": [{"data_gb": 2, "needs": {"satellite": True}}]}) == \
        [("needs.min_uplink_mbps", "problem.input")]


@pytest.mark.parametrize("total", [{"data_gb": 1}, {"voice_minutes": 100}, {"sms": 5}])
@pytest.mark.parametrize("source", ["months", "records"])
def test_any_monthly_total_beside_a_history_is_usage_said_two_ways(total: dict[str, int], source: str) -> None:
    """A month's data, minutes or texts beside ``months`` or ``records``: refused at the history."""
    history = [{}] if source == "months" else [{"kind": "sms", "date": "2025-01-01"}]
    assert refusals({**total, source: history}) == [(source, "profile.usage_one_way")]


RECORDS = [{"kind": "data", "date": "2025-01-01", "mb": 2048}]
"""One data session of 2 GB."""


@pytest.mark.parametrize("source", [{"months": [{}]}, {"records": RECORDS}])
def test_a_household_with_a_history_is_usage_said_two_ways(source: dict[str, Any]) -> None:
    """Two lines (each with its own usage) and a history of the whole profile: refused at ``lines``."""
    assert refusals({"lines": [{}, {}], **source}) == [("lines", "profile.usage_one_way.lines")]


def test_months_and_records_together_are_refused_at_the_records() -> None:
    """Both histories: refused at the last said of the two, ``records``."""
    assert refusals({"months": [{}], "records": RECORDS}) == [("records", "profile.usage_one_way")]


def test_a_historys_app_share_is_held_to_its_largest_month() -> None:
    """Months of 3 GB and 1 GB: 2 GB of video fits the 3 GB month (each month's share is cut to its data), 3.01 GB
    fits none."""
    months = [{"data_gb": 3}, {"data_gb": 1}]
    assert Profile.model_validate({"months": months, "app_share": {"video": 2}}).app_share == {"video": Decimal(2)}
    assert refusals({"months": months, "app_share": {"video": "3.01"}}) == [("app_share",
                                                                             "profile.app_share_over.months")]


def test_records_take_an_app_share_without_monthly_totals() -> None:
    """Records (2 GB of data) with 1 GB of video: taken (each month's share is cut to its records' data), not held to
    the 0 GB of ``data_gb`` the records leave unsaid."""
    profile = Profile.model_validate({"records": RECORDS, "app_share": {"video": 1}})
    assert profile.app_share == {"video": Decimal(1)}


def holder_alone() -> Profile:
    """A holder's line alone (``Profile.of_needs``): 250 Mbps up all month for itself, 300 Mbps on 2 days for the
    household; ``needs`` says them together as 300 Mbps for the month (``Needs.merged``)."""
    return Profile.model_validate({"data_gb": 1}).of_needs(Needs(min_uplink_mbps=250),
                                                          Needs(min_uplink_mbps=300, uplink_days=2))


def test_a_copy_keeps_the_parts_of_its_needs_unless_its_needs_change() -> None:
    """On a plan giving 100 Mbps up the parts are each met for their own days: (300, 2) and (250, 30), not the merged
    300 Mbps for 30 days; a copy changing another field (or none) keeps them, one given new needs (2000 Mbps down)
    has those alone."""
    profile = holder_alone()
    assert (profile.needs.min_uplink_mbps, profile.needs.uplink_days) == (300, None)
    both = ((300, 2), (250, 30))
    assert profile.wants.unserved(PLAN)[0] == both
    assert profile.model_copy().wants.unserved(PLAN)[0] == both
    assert profile.model_copy(update={"objective": "worst_month"}).wants.unserved(PLAN)[0] == both
    other = profile.model_copy(update={"needs": Needs(min_downlink_mbps=2000)})
    assert other.need_parts == (Needs(min_downlink_mbps=2000),)
    assert other.wants.unserved(PLAN) == ((), ((2000, 30),), (), ())


def test_a_copy_with_other_months_travels_in_its_own_months() -> None:
    """Europe for 3 days every month, Asia for 2 days in month 0: month 0's view travels to both; a copy whose month 0
    goes to the Americas for 4 days travels there (not on the first profile's view), one without trips at all does
    not travel."""
    profile = Profile.model_validate({"months": [{"data_gb": 1, "roaming": {"zone": "asia", "days": 2, "data_gb": 1}},
                                                 {"data_gb": 2}],
                                      "needs": {"roaming": {"zone": "europe", "days": 3, "data_gb": 1}}})
    assert [(t.zone, t.days) for t in profile.in_month(0).wants.trips] == [("europe", 3), ("asia", 2)]
    assert profile.in_month(1) is profile and profile.travels
    americas = profile.model_copy(update={"months": (Month(data_gb=Decimal(1), roaming=RoamingNeed(
        zone="americas", days=4, data_gb=Decimal(1))),)})
    view = americas.in_month(0)
    assert [(t.zone, t.days) for t in view.wants.trips] == [("europe", 3), ("americas", 4)]
    assert view.history_of is americas
    home = profile.model_copy(update={"needs": Needs(), "months": (Month(data_gb=Decimal(1)),)})
    assert not home.travels and home.in_month(0) is home


def test_a_months_view_asks_its_history_for_the_other_months() -> None:
    """Europe every month; Asia in month 0, the Americas in month 1, month 2 at home.  Month 0's view, asked for
    month 1, travels to Europe and the Americas (not to Asia too), and for month 2 is the whole profile."""
    asia, americas = ({"zone": zone, "days": 2, "data_gb": 1} for zone in ("asia", "americas"))
    profile = Profile.model_validate({"months": [{"roaming": asia}, {"roaming": americas}, {}],
                                      "needs": {"roaming": {"zone": "europe", "days": 3, "data_gb": 1}}})
    view = profile.in_month(0)
    assert [t.zone for t in view.wants.trips] == ["europe", "asia"]
    assert [t.zone for t in view.in_month(1).wants.trips] == ["europe", "americas"]
    assert view.in_month(2) is profile


def test_the_holders_satellite_use_said_twice_counts_once() -> None:
    """Satellite minutes: 10 at the top, 30 in the holder's line, 5 in line 1: max(10, 30) + 5 = 35; texts 2, 1 and 4:
    max(2, 1) + 4 = 6."""
    profile = Profile.model_validate({"needs": {"satellite": True, "satellite_minutes": 10, "satellite_sms": 2},
                                      "lines": [{"needs": {"satellite_minutes": 30, "satellite_sms": 1}},
                                                {"needs": {"satellite_minutes": 5, "satellite_sms": 4}}]})
    assert profile.wants.satellite == (35, 6)
    assert profile.wants.levels == (0, 0, 1, 0)


@pytest.mark.parametrize(("data", "path"), [({"exchange_rates": {"Month": 1}}, "exchange_rates.Month"),
                                            ({"benefit_values": {"Needs": 1}}, "benefit_values.Needs"),
                                            ({"app_share": {"Profile": 1}}, "app_share.Profile")])
def test_a_mappings_key_named_as_a_model_is_the_persons_key(data: dict[str, Any], path: str) -> None:
    """A bad key of ``exchange_rates``, ``benefit_values`` or ``app_share`` is reported at that key, even one spelt as
    a model of the profile (pydantic's tag for a union's member, which is left out of paths)."""
    assert [p for p, _ in refusals(data)] == [path]


def test_a_list_short_only_by_its_items_errors_reports_the_items() -> None:
    """``months: [{data_gb: -1}]``: pydantic says the month's error and that ``months`` is too short (its one item
    failed); only the month's is reported.  ``months: []`` is too short itself."""
    assert refusals({"months": [{"data_gb": -1}]}) == [("months[0].data_gb", "problem.input")]
    assert refusals({"lines": [5]}) == [("lines[0]", "problem.input")]
    assert refusals({"months": []}) == [("months", "problem.too_short")]
    assert refusals({"months": [], "lines": [{"data_gb": -1}, {}]}) == [("months", "problem.too_short"),
                                                                        ("lines[0].data_gb", "problem.input")]


def test_a_bad_key_and_its_bad_value_are_both_reported_at_the_key() -> None:
    """``exchange_rates: {usd: "x"}``: the key is no currency code and the value no number: two errors at one path
    (the value's not left out as if it were a list short by its items)."""
    assert refusals({"exchange_rates": {"usd": "x"}}) == [("exchange_rates.usd", "profile.currency_code.near"),
                                                          ("exchange_rates.usd", "problem.input")]


@pytest.mark.parametrize(("roaming", "paths"), [
    ({"zone": "mars", "days": 0}, ["needs.roaming.zone", "needs.roaming.days"]),  # one trip: not "not a list"
    ([{"zone": "mars"}, 5], ["needs.roaming[0].zone", "needs.roaming[1]"]),  # trips: not "not a dictionary"
    ([5], ["needs.roaming[0]"]),
])
def test_of_one_trip_or_a_list_of_trips_only_the_form_that_got_further_is_reported(
        roaming: object, paths: list[str]) -> None:
    """``needs.roaming`` is one trip or a list of them: pydantic reports both forms' errors; only those of the form
    that got further into the input are kept, at paths without pydantic's name for the form."""
    assert refusals({"needs": {"roaming": roaming}}) == [(path, "problem.input") for path in paths]
