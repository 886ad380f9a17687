"""``usage.billed`` on small hand-worked examples: calls rounded up per call to a plan's block, data per session or per
month to its unit, a month's messages counted, trips, satellite use and app shares in the meters' units, a household's
pooled meters.  Each plan is built here with only its billing rules (and extra lines) mattering; every figure is worked
out by hand in the test."""


from recommender.catalogue import Plan
from recommender.catalogue.model import BillingRules, ExtraLines
from recommender.profile import Profile
from recommender.usage import billed, billing
from recommender.usage.billing import extra_demands, months_of, pooled_use


def plan(plan_id: str, voice_block_s: int = 60, per_session: bool = False, unit_mb: int = 1,
         extra: ExtraLines | None = None) -> Plan:
    """A plan whose bill is not looked at: only how it measures usage (and its extra lines) matter here."""
    return Plan(plan_id, "op", plan_id, 1000, {}, 1000, 100, billing=BillingRules(voice_block_s, per_session, unit_mb),
                extra_lines=extra)


def records(*rows: tuple[str, str, int | str]) -> Profile:
    """Records ``(kind, date, seconds or MB)``."""
    return Profile.model_validate({"records": [
        {"kind": kind, "date": date, **({"duration_s": size} if kind == "call" else {"mb": size} if kind == "data"
                                        else {})} for kind, date, size in rows]})


def usage(demands: list[dict[str, int]], *meters: str) -> list[tuple[int, ...]]:
    return [tuple(d[m] for m in meters) for d in demands]


def test_each_call_is_rounded_up_to_the_plans_block_one_call_at_a_time() -> None:
    """Calls of 61 s, 1 s, 60 s and 61 s again in one month.  Per minute: 120 + 60 + 60 + 120 = 360 s; per 6 seconds:
    66 + 6 + 60 + 66 = 198 s; per second: 61 + 1 + 60 + 61 = 183 s (never the month's 183 s rounded once: 240 s
    a minute at a time)."""
    calls = records(("call", "2025-01-03", 61), ("call", "2025-01-04", 1), ("call", "2025-01-05", 60),
                    ("call", "2025-01-06", 61))
    assert usage(billed(calls, plan("minute", 60)), "voice_s") == [(360,)]
    assert usage(billed(calls, plan("six", 6)), "voice_s") == [(198,)]
    assert usage(billed(calls, plan("second", 1)), "voice_s") == [(183,)]


def test_data_is_rounded_up_per_session_or_once_a_month_to_the_plans_unit() -> None:
    """Sessions of 0.5, 0.5 and 2.2 MB in one month (3.2 MB).  Per session to 1 MB: 1 + 1 + 3 = 5 MB; per session to
    1024 MB: 3 × 1024 = 3072 MB; per month to 1 MB: 3.2 → 4 MB; per month to 1024 MB: 1024 MB.  Three messages are 3."""
    month = records(("data", "2025-02-01", "0.5"), ("data", "2025-02-02", "0.5"), ("data", "2025-02-03", "2.2"),
                    ("sms", "2025-02-01", 0), ("sms", "2025-02-02", 0), ("sms", "2025-02-09", 0))
    assert usage(billed(month, plan("s1", per_session=True, unit_mb=1)), "data_mb", "sms") == [(5, 3)]
    assert usage(billed(month, plan("s1024", per_session=True, unit_mb=1024)), "data_mb", "sms") == [(3072, 3)]
    assert usage(billed(month, plan("m1", unit_mb=1)), "data_mb", "sms") == [(4, 3)]
    assert usage(billed(month, plan("m1024", unit_mb=1024)), "data_mb", "sms") == [(1024, 3)]


def test_records_are_billed_month_by_month_in_calendar_order() -> None:
    """Records given out of order over March and January (none in February): two months, "2025-01" then "2025-03",
    each with its own calls, sessions and messages.  January: a 30-s call (60 s a minute at a time), 10.5 MB (11 MB),
    one message; March: calls of 59 and 121 s (60 + 180 = 240 s), no data, two messages."""
    profile = records(("call", "2025-03-02", 59), ("sms", "2025-03-02", 0), ("data", "2025-01-20", "10.5"),
                      ("call", "2025-01-31", 30), ("sms", "2025-01-01", 0), ("call", "2025-03-31", 121),
                      ("sms", "2025-03-05", 0))
    assert months_of(profile) == ["2025-01", "2025-03"]
    assert usage(billed(profile, plan("p", 60)), "voice_s", "data_mb", "sms") == [(60, 11, 1), (240, 0, 2)]


def test_a_months_totals_trips_and_satellite_use_in_the_meters_units() -> None:
    """1.5 GB = 1536 MB, rounded once a month to a 1000-MB unit: 2000 MB; 10 minutes = 600 s; 7 messages.  Two trips
    of 0.5 GB and 5 minutes, 0.001 GB and 2 minutes: 512 MB + 1.024 MB rounded up to 2 MB = 514 MB, 300 + 120 = 420 s
    of roaming; 3 satellite minutes = 180 s and 2 satellite messages."""
    profile = Profile.model_validate({
        "data_gb": "1.5", "voice_minutes": 10, "sms": 7,
        "needs": {"roaming": [{"data_gb": "0.5", "voice_minutes": 5}, {"data_gb": "0.001", "voice_minutes": 2}],
                  "satellite_minutes": 3, "satellite_sms": 2}})
    [month] = billed(profile, plan("p", unit_mb=1000))
    assert month == {"data_mb": 2000, "voice_s": 600, "sms": 7, "roaming_data_mb": 514, "roaming_voice_s": 420,
                     "satellite_voice_s": 180, "satellite_sms": 2}


def test_app_shares_are_mb_of_the_month_and_never_more_than_its_data() -> None:
    """2 GB a month (2048 MB, billed 3000 MB in 1000-MB units) with 1.5 GB of video and none of music: app:video
    1536 MB, no music key.  A history of 0.5 GB then 3 GB with 1 GB of video each month: the small month's video is
    its 512 MB of data, the other's 1024 MB."""
    one = Profile.model_validate({"data_gb": 2, "app_share": {"video": "1.5", "music": 0}})
    [month] = billed(one, plan("p", unit_mb=1000))
    assert (month["data_mb"], month["app:video"], "app:music" in month) == (3000, 1536, False)
    history = Profile.model_validate({"months": [{"data_gb": "0.5"}, {"data_gb": 3}],
                                      "app_share": {"video": 1}})
    assert usage(billed(history, plan("p")), "data_mb", "app:video") == [(512, 512), (3072, 1024)]


def test_a_month_of_a_history_is_billed_with_the_history_every_month_its_own_trips() -> None:
    """Every month's trip of 0.25 GB (256 MB); the second month's own of 0.5 GB and 1 minute on top: 256 MB and 0 s,
    then 256 + 512 = 768 MB and 60 s.  The second month's view bills the history, not its own trips every month."""
    history = Profile.model_validate({"needs": {"roaming": {"data_gb": "0.25"}}, "months": [
        {"data_gb": 1}, {"data_gb": 2, "roaming": {"data_gb": "0.5", "voice_minutes": 1}}]})
    expected = [(1024, 256, 0), (2048, 768, 60)]
    view = history.in_month(1)
    assert view is not history
    assert usage(billed(view, plan("p")), "data_mb", "roaming_data_mb", "roaming_voice_s") == expected
    assert usage(billed(history, plan("p")), "data_mb", "roaming_data_mb", "roaming_voice_s") == expected


HOUSEHOLD = {"lines": [{"data_gb": 3, "voice_minutes": 100, "sms": 5, "app_share": {"video": 1}},
                       {"data_gb": 2, "voice_minutes": 50, "sms": 1, "app_share": {"video": "0.5", "music": "0.25"}}]}
"""The holder: 3072 MB, 6000 s, 5 messages, 1024 MB of video; the extra line: 2048 MB, 3000 s, 1 message, 512 MB of
video and 256 MB of music."""


def pool(data_mb: int, voice_s: int = 600) -> ExtraLines:
    """Extra lines pooling data and voice, each adding ``data_mb`` and ``voice_s`` to the pool; messages not pooled."""
    return ExtraLines(2, 1000, frozenset({"data_mb", "voice_s"}), {"data_mb": data_mb, "voice_s": voice_s})


def test_a_household_pools_the_shared_meters_less_what_its_extra_lines_add() -> None:
    """Data pooled: 3072 + 2048 - 1024 (the extra line's) = 4096 MB; voice 6000 + 3000 - 600 = 8400 s; messages not
    pooled: the holder's 5.  Video of both lines, 1024 + 512 = 1536 MB, music the extra line's 256 MB.  The extra
    line's own month is its 2048 MB, 3000 s, 1 message; the household uses 5120 MB and 9000 s of the pooled meters."""
    household = Profile.model_validate(HOUSEHOLD)
    family = plan("family", extra=pool(1024))
    [month] = billed(household, family)
    assert (month["data_mb"], month["voice_s"], month["sms"], month["app:video"], month["app:music"]) == (
        4096, 8400, 5, 1536, 256)
    assert usage(extra_demands(household, family), "data_mb", "voice_s", "sms", "app:video", "app:music") == [
        (2048, 3000, 1, 512, 256)]
    assert pooled_use(household, family) == {"data_mb": 5120, "voice_s": 9000}


def test_a_household_pool_larger_than_its_use_bills_none_and_a_plan_without_extra_lines_the_holders_month() -> None:
    """An extra line adding 8192 MB and 9600 s: 5120 - 8192 and 9000 - 9600 are below nothing, so 0 MB (and 0 MB of
    video and music) and 0 s.  A plan with no extra lines bills the holder's month: 3072 MB, 6000 s, 5 messages,
    1024 MB of video and no music; one pooling voice only leaves the holder's data and video (3072, 1024) alone."""
    household = Profile.model_validate(HOUSEHOLD)
    [big] = billed(household, plan("big", extra=pool(8192, 9600)))
    assert (big["data_mb"], big["voice_s"], big["sms"], big["app:video"], big["app:music"]) == (0, 0, 5, 0, 0)
    [alone] = billed(household, plan("alone"))
    assert alone == {"data_mb": 3072, "voice_s": 6000, "sms": 5, "roaming_data_mb": 0, "roaming_voice_s": 0,
                     "satellite_voice_s": 0, "satellite_sms": 0, "app:video": 1024}
    assert extra_demands(household, plan("alone")) == extra_demands(household, plan("big", extra=pool(8192, 9600)))
    assert pooled_use(household, plan("alone")) == {}
    voice = plan("voice", extra=ExtraLines(2, 1000, frozenset({"voice_s"}), {"voice_s": 600}))
    [month] = billed(household, voice)
    assert (month["data_mb"], month["voice_s"], month["app:video"], "app:music" in month) == (3072, 8400, 1024, False)


def test_plans_billing_alike_share_a_profiles_demands_but_a_households_are_per_plan() -> None:
    """One profile, 1 minute and 1 second of calls: 120 s a minute at a time, 61 s by the second; a third plan billing
    by the minute gets the first's 120 s.  A household on two plans with the same billing rules but different extra
    lines: 4096 MB pooled on one (an extra line adding 1024 MB), 0 on the other (8192 MB), whichever is asked first."""
    calls = records(("call", "2025-01-01", 60), ("call", "2025-01-02", 1))
    assert usage(billed(calls, plan("a", 60)), "voice_s") == [(120,)]
    assert usage(billed(calls, plan("b", 1)), "voice_s") == [(61,)]
    assert usage(billed(calls, plan("c", 60)), "voice_s") == [(120,)]
    household = Profile.model_validate(HOUSEHOLD)
    assert usage(billed(household, plan("small", extra=pool(1024))), "data_mb") == [(4096,)]
    assert usage(billed(household, plan("large", extra=pool(8192, 9600))), "data_mb") == [(0,)]
    assert usage(billed(household, plan("small", extra=pool(1024))), "data_mb") == [(4096,)]


def test_a_plan_of_the_same_id_edited_is_billed_by_its_own_rules() -> None:
    """The same profile priced on a plan file as it was and as edited (a what-if in Python): plan "p" billing by the
    minute, then a "p" billing by the second.  A call of 1 s is 60 s on the first and 1 s on the second, asked in
    either order, and the first again is 60 s.  A household on "f" whose extra line adds 1024 MB, then on an edited
    "f" whose adds 8192 MB: 3072 + 2048 - 1024 = 4096 MB pooled, then 0 (never the first plan's 4096)."""
    call = records(("call", "2025-01-01", 1))
    minute, second = plan("p", 60), plan("p", 1)
    assert usage(billed(call, minute), "voice_s") == [(60,)]
    assert usage(billed(call, second), "voice_s") == [(1,)]
    assert usage(billed(call, minute), "voice_s") == [(60,)]
    household = Profile.model_validate(HOUSEHOLD)
    assert usage(billed(household, plan("f", extra=pool(1024))), "data_mb") == [(4096,)]
    assert usage(billed(household, plan("f", extra=pool(8192, 9600))), "data_mb") == [(0,)]


def test_a_profile_of_one_line_has_no_extra_lines_nor_pooled_use() -> None:
    """Without ``lines`` (a household of one line is a one-line profile) there is no extra line to bill on its own
    and no line's use pooled: 0 MB and 0 s of the meters a plan's extra lines share, none on a plan without them."""
    for profile in (Profile.model_validate({"data_gb": 3}), Profile.model_validate({"lines": [{"data_gb": 3}]})):
        assert profile.lines is None
        for on in (plan("family", extra=pool(1024)), plan("alone")):
            assert extra_demands(profile, on) == []
        assert pooled_use(profile, plan("family", extra=pool(1024))) == {"data_mb": 0, "voice_s": 0}
        assert pooled_use(profile, plan("alone")) == {}


def test_usage_months_are_numbered_from_1_without_records() -> None:
    """A history of three months is months "1", "2", "3"; one month's totals (no history) is month "1"."""
    history = Profile.model_validate({"months": [{"data_gb": 1}, {"data_gb": 2}, {"data_gb": 3}]})
    assert months_of(history) == ["1", "2", "3"]
    assert months_of(Profile.model_validate({"data_gb": 1})) == ["1"]


def test_many_bills_of_records_are_each_billed_their_own_and_only_a_few_summaries_are_kept() -> None:
    """Twelve bills of one call each, 1 s to 12 s, billed by the second then by the minute: 1 s to 12 s, then 60 s
    each; the summaries of records kept (one request bills the same records under every plan's rules) are a few recent
    sets, at most 8, not every bill a server has read."""
    bills = [records(("call", "2025-01-01", seconds)) for seconds in range(1, 13)]
    assert [usage(billed(bill, plan("second", 1)), "voice_s") for bill in bills] == [[(s,)] for s in range(1, 13)]
    assert all(usage(billed(bill, plan("minute", 60)), "voice_s") == [(60,)] for bill in bills)
    assert len(billing._SUMMARIES) <= 8
