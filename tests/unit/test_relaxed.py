"""The profile with its needs changed (``answer.relaxed``): what each of ``usage_only``'s three steps keeps and drops,
in the profile's needs and in each household line's own, and a history's months' own trips dropped with the roaming
need only.  Each test kills mutants of recommender/answer/relaxed.py that the rest of the suite let live (mutation
testing)."""

from decimal import Decimal

from recommender.answer.relaxed import at_most, each_need, usage_only, with_needs, without_benefits
from recommender.profile import Needs, Profile, RoamingNeed

TRIP = RoamingNeed(data_gb=Decimal(1), voice_minutes=20)
"""A trip of 1 GB and 20 minutes."""

ALL = {"min_uplink_mbps": 100, "min_downlink_mbps": 300, "uplink_days": 2, "downlink_days": 3, "satellite": True,
       "satellite_minutes": 10, "satellite_sms": 5, "roaming": {"data_gb": 1, "voice_minutes": 20},
       "broadband": True, "broadband_mbps": 500}
"""Every need at once."""


def _household() -> Profile:
    """Three lines: the household needs ``ALL``, line 1 has none of its own, line 2 needs a 50 Mbps uplink and 30
    satellite minutes; a budget and two required benefits."""
    return Profile.model_validate({
        "lines": [{"data_gb": 5}, {"data_gb": 2}, {"data_gb": 1, "needs": {"min_uplink_mbps": 50, "satellite": True,
                                                                             "satellite_minutes": 30}}],
        "needs": ALL, "benefits_required": ["video", "music"], "budget_fen": 9900})


def test_usage_only_first_drops_the_capabilities_and_keeps_the_usage_paid_for() -> None:
    """Step 1: no speed, days, satellite service or broadband asked, no benefit required, no budget; the satellite
    minutes and messages and the trip kept, as the usage (5 + 2 + 1 GB on three lines) is."""
    first = usage_only(_household())[0]
    kept = Needs(satellite_minutes=10, satellite_sms=5, roaming=TRIP)
    assert first.needs == kept
    assert first.need_parts == (kept,)
    assert first.lines is not None
    assert [line.needs for line in first.lines] == [None, None, Needs(satellite_minutes=30)]
    assert [line.data_gb for line in first.lines] == [5, 2, 1]
    assert (first.benefits_required, first.budget_fen) == ((), None)


def test_usage_only_then_drops_the_satellite_usage_and_keeps_the_trips() -> None:
    """Step 2: the satellite minutes and messages go too (a plan without satellite service carries none); the trip
    stays (what it costs is paid now)."""
    second = usage_only(_household())[1]
    assert second.needs == Needs(roaming=TRIP)
    assert second.lines is not None
    assert [line.needs for line in second.lines] == [None, None, Needs()]
    assert (second.benefits_required, second.budget_fen) == ((), None)


def test_usage_only_last_drops_every_need() -> None:
    third = usage_only(_household())[2]
    assert third.needs == Needs()
    assert third.lines is not None
    assert [line.needs for line in third.lines] == [None, None, Needs()]
    assert (third.benefits_required, third.budget_fen, len(usage_only(_household()))) == ((), None, 3)


def _history() -> Profile:
    """Two months: a trip in month 1 only (1 GB, 20 minutes), none in month 2; a 100 Mbps uplink."""
    return Profile.model_validate({"months": [{"data_gb": 5, "roaming": {"data_gb": 1, "voice_minutes": 20}},
                                              {"data_gb": 6}],
                                   "needs": {"min_uplink_mbps": 100}})


def test_dropping_every_need_drops_a_month_s_own_trips() -> None:
    relaxed = with_needs(_history(), None)
    assert relaxed.months is not None
    assert [(m.data_gb, m.trips) for m in relaxed.months] == [(5, ()), (6, ())]
    assert relaxed.needs == Needs()


def test_dropping_the_roaming_need_drops_a_month_s_own_trips() -> None:
    relaxed = with_needs(_history(), {"roaming": RoamingNeed()})
    assert relaxed.months is not None
    assert [m.trips for m in relaxed.months] == [(), ()]
    assert relaxed.needs == Needs(min_uplink_mbps=100)


def test_a_change_that_keeps_the_roaming_need_keeps_the_months_trips() -> None:
    """The capabilities dropped (``usage_only``'s first two steps): month 1's trip stays."""
    for relaxed in usage_only(_history())[:2]:
        assert relaxed.months is not None
        assert [m.trips for m in relaxed.months] == [(TRIP,), ()]
        assert relaxed.needs == Needs()
    lowered = with_needs(_history(), {"min_uplink_mbps": 0})
    assert lowered.months is not None and [m.trips for m in lowered.months] == [(TRIP,), ()]


def test_months_given_are_the_months_taken() -> None:
    """``months`` given with the change are the relaxed profile's, as they are (not their trips dropped)."""
    months = _history().months
    assert months is not None
    given = (months[0],)
    relaxed = with_needs(_history(), None, months=given)
    assert relaxed.months == given and relaxed.months[0].trips == (TRIP,)


def test_without_months_the_profile_keeps_none() -> None:
    relaxed = with_needs(Profile.model_validate({"data_gb": 3, "needs": ALL}), None)
    assert (relaxed.months, relaxed.lines, relaxed.needs, relaxed.data_gb) == (None, None, Needs(), 3)


def test_each_need_relaxes_every_part_of_a_holder_s_line_alone() -> None:
    """A profile of two needs parts (the holder's line alone: its own and the household's) has each relaxed."""
    two = Profile.model_validate({"data_gb": 3}).of_needs(Needs(min_uplink_mbps=100), Needs(min_downlink_mbps=300))
    relaxed = each_need(two, lambda needs: needs.model_copy(update={"min_uplink_mbps": 10}))
    assert relaxed.need_parts == (Needs(min_uplink_mbps=10), Needs(min_uplink_mbps=10, min_downlink_mbps=300))
    assert (relaxed.needs.min_uplink_mbps, relaxed.needs.min_downlink_mbps) == (10, 300)  # (the two merged)
    assert relaxed.lines is None


def test_at_most_lowers_a_need_above_the_level_only() -> None:
    """Uplink at most 80: the household's 100 becomes 80, line 2's 50 stays."""
    lowered = at_most(_household(), "min_uplink_mbps", 80)
    assert lowered.needs.min_uplink_mbps == 80
    assert lowered.lines is not None
    assert [None if line.needs is None else line.needs.min_uplink_mbps for line in lowered.lines] == [None, None, 50]
    assert lowered.needs.min_downlink_mbps == 300


def test_without_benefits_keeps_the_others_in_order() -> None:
    profile = Profile.model_validate({"benefits_required": ["video", "music", "cloud"]})
    assert without_benefits(profile, {"music"}).benefits_required == ("video", "cloud")
    assert without_benefits(profile, set()).benefits_required == ("video", "music", "cloud")
