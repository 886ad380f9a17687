"""What a card says of the use over an allowance is what the bill does with it: the answer's own bill lines say
whether it is charged, slowed or covered by app data, never the page's reading of the plan file.

Found by the newcomer review's lead (``present._bars`` decided "slowed or charged" itself): on a plan with a charged
full-speed stretch before throttling, 12 GB over a 10 GB allowance read "Beyond the allowance, data is slowed down at
no charge" above a bill charging ¥6.00 for 2 GB; on a plan whose app data covered the rest, "The rest is charged per
use and is already in the total" above a bill of the monthly fee alone."""

import json
from typing import Any

import pytest

from recommender.answer import recommend
from recommender.catalogue import Catalogue, load_sources
from recommender.profile import Profile
from recommender.web.present import Page

SOURCE = "assumption: test"
CHARGED = "The rest is charged per use and is already in the total."
SLOWED = "Beyond the allowance, data is slowed down at no charge."
APP_DATA = "The rest is app data for the apps you use, at no charge."


def fig(value: object) -> dict[str, object]:
    return {"value": value, "source": SOURCE}


def one_plan(overage: dict[str, object], **more: object) -> Catalogue:
    """One ¥10 plan of 10 GB, 1,000 minutes and 100 texts, with ``overage``'s data terms."""
    plan = {"id": "op-a-p0", "name": "p0", "name_en": "p0", "monthly_fee": fig(10), "data_gb": fig(10),
            "voice_minutes": fig(1000), "sms": fig(100), "downlink_mbps": fig(1000), "uplink_mbps": fig(100),
            "overage": {"voice_per_minute": fig("0.1"), "sms_each": fig("0.1"), **overage}, **more}
    doc = {"operator": {"id": "op-a", "name": "op-a", "name_en": "op-a"}, "currency": "CNY", "plans": [plan],
           "packs": []}
    return load_sources([("op-a.yaml", json.dumps(doc).encode())])


STRETCH = one_plan({"data_per_gb": fig(3), "full_speed_extra_gb": fig(5), "throttle_kbps": fig(1000)})
THROTTLES = one_plan({"throttle_kbps": fig(1000)})
APPS = one_plan({"data_per_gb": fig(3)}, app_data_gb=[{"apps": ["video"], "gb": fig(30)}])


def shown_card(catalogue: Catalogue, lang: str = "en", **fields: Any) -> tuple[Page, dict[str, Any]]:
    """The only card, as the page shows it."""
    profile = Profile.model_validate(fields)
    page = Page(catalogue, lang)
    (rec,) = recommend(catalogue, profile).document(catalogue, lang)["recommendations"]
    return page, page.card(rec, profile)


def card(catalogue: Catalogue, lang: str = "en", **fields: Any) -> tuple[list[str], list[str]]:
    """The only card's bill lines and its notes under the bars, as the page words them."""
    page, shown = shown_card(catalogue, lang, **fields)
    return [str(line["label"]) for line in shown["lines"]], [page.t(note) for note in shown["over_notes"]]


def test_a_charged_full_speed_stretch_is_said_to_be_charged() -> None:
    lines, notes = card(STRETCH, data_gb=12, allow_throttling=True)
    assert any("2 GB" in line for line in lines), lines  # (the case: 2 GB charged at full speed, nothing slowed)
    assert notes == [CHARGED], notes


def test_beyond_the_stretch_the_rest_is_both_charged_and_slowed() -> None:
    lines, notes = card(STRETCH, data_gb=20, allow_throttling=True)
    assert len(lines) == 3, lines  # (the fee, 5 GB charged, 5 GB slowed)
    assert notes == [CHARGED, SLOWED], notes


def test_a_plan_that_only_throttles_says_it_slows() -> None:
    assert card(THROTTLES, data_gb=12, allow_throttling=True)[1] == [SLOWED]


def test_app_data_that_covers_the_rest_is_not_said_to_be_charged() -> None:
    lines, notes = card(APPS, data_gb=12, app_share={"video": 5})
    assert len(lines) == 1, lines  # (the monthly fee alone: app data covered the 2 GB over)
    assert notes == [APP_DATA], notes


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_within_the_allowance_nothing_is_said(lang: str) -> None:
    assert card(STRETCH, lang, data_gb=8, allow_throttling=True)[1] == []


def test_a_history_says_what_its_busiest_month_was_billed() -> None:
    """The bars of a history stand against its busiest month: its notes are what that month's bill did."""
    months = [{"data_gb": 4}, {"data_gb": 20}, {"data_gb": 11}]
    assert card(STRETCH, months=months, allow_throttling=True)[1] == [CHARGED, SLOWED]
    assert card(STRETCH, months=[{"data_gb": 4}, {"data_gb": 12}], allow_throttling=True)[1] == [CHARGED]


FREE_STRETCH = one_plan({"full_speed_extra_gb": fig(5), "throttle_kbps": fig(1000)})
FREE = "Beyond the allowance, data used at full speed is not charged for."


@pytest.mark.parametrize("throttling", [True, False])
def test_a_free_full_speed_stretch_is_said_to_be_free_not_app_data(throttling: bool) -> None:
    """A full-speed stretch with no data rate (达量限速 with nothing charged before the throttle): 13 GB over 10 GB is
    3 GB at full speed at no charge.  The bill said nothing of it, and the card put that silence down to app data the
    plan does not have ("The rest is app data for the apps you use"; found by the tariff-structure review)."""
    lines, notes = card(FREE_STRETCH, data_gb=13, allow_throttling=throttling)
    assert lines[1:] == ["data beyond the allowance: 3 GB at full speed, no charge"], lines
    assert notes == [FREE], notes
    zh_lines, zh_notes = card(FREE_STRETCH, "zh", data_gb=13, allow_throttling=throttling)
    assert zh_lines[1:] == ["超出套餐的流量（3 GB）全速使用，不另收费"], zh_lines
    assert zh_notes == ["超出套餐后全速使用的流量不另收费。"], zh_notes


def test_beyond_a_free_stretch_the_rest_is_both_free_and_slowed() -> None:
    lines, notes = card(FREE_STRETCH, data_gb=20, allow_throttling=True)
    assert len(lines) == 3, lines  # (the fee, 5 GB at full speed at no charge, 5 GB slowed)
    assert notes == [FREE, SLOWED], notes


def test_a_households_free_stretch_is_no_shared_overage() -> None:
    """A household's shared pool used into a free full-speed stretch costs nothing: its ¥0.00 line is none of the
    shared part's items (as a slowed stretch is none), so the split has no "Shared (overage on shared pools) ¥0.00"
    row, as before the stretch had a line of its own."""
    catalogue = one_plan({"full_speed_extra_gb": fig(10), "throttle_kbps": fig(1000)}, extra_lines={
        "max": 1, "fee": fig(10), "source": SOURCE, "shared": ["data"], "per_line": {"data_gb": fig(5)}})
    profile = Profile.model_validate({"lines": [{"data_gb": 15, "voice_minutes": 0, "sms": 0},
                                                {"data_gb": 8, "voice_minutes": 0, "sms": 0}]})
    (rec,) = recommend(catalogue, profile).document(catalogue, "en")["recommendations"]
    bill = [(line["kind"], line["fen"]) for line in rec["breakdown"]]
    assert bill == [("base", 1000), ("overage", 0), ("line", 1000)], bill  # (23 GB on 15 + 10 free at full speed)
    assert Page(catalogue, "en").card(rec, profile)["household"]["shared"] is None


DAY_PASSES = one_plan({"data_per_gb": fig(3)}, roaming={
    "data_gb": fig(0), "voice_minutes": fig(0),
    "day_pass": {"price": fig(15), "data_gb": fig(1), "voice_minutes": fig(30)},
    "zones": {"asia": {"data_per_gb": fig(20), "voice_per_minute": fig(1)}}})


@pytest.mark.parametrize(("lang", "passes", "charged"), [
    ("en", "The rest is covered by day passes bought for the trip, already in the total.", CHARGED),
    ("zh", "超出部分由出行期间按天购买的漫游日租包覆盖，已计入合计。", "超出部分按量计费，已计入合计。")])
def test_a_trip_on_day_passes_is_not_said_to_be_charged_per_use(lang: str, passes: str, charged: str) -> None:
    """A 3-day trip of 3 GB and 20 minutes on a ¥15 day pass of 1 GB and 30 minutes: ¥45.00 for three days, nothing by
    the GB or the minute; the roaming bars ("0 GB included · you need 3 GB") read "The rest is charged per use" (按量
    计费) above it (found by the tariff-structure review).  Beyond what the passes give, the zone's rate is charged."""
    trip = {"zone": "asia", "data_gb": 3, "voice_minutes": 20, "days": 3}
    lines, notes = card(DAY_PASSES, lang, data_gb=5, needs={"roaming": trip})
    assert len(lines) == 2 and "3" in lines[1], lines  # (the fee, three days of passes)
    assert notes == [passes], notes
    lines, notes = card(DAY_PASSES, lang, data_gb=5, needs={"roaming": {**trip, "data_gb": 4}})
    assert len(lines) == 3, lines  # (the fee, three days of passes, 1 GB at Asia's rate)
    assert notes == [charged, passes], notes


def test_app_data_that_covers_part_of_the_rest_is_said_beside_the_charge() -> None:
    """30 GB on 10 GB with 15 GB of video on the plan's 30 GB of video data: 5 GB charged (¥15.00), 15 GB app data.
    The card said only "The rest is charged per use" of the 20 GB over, three quarters of which cost nothing (found by
    the tariff-structure review); it now says both.  Where the charge covers all that is over, app data is not said."""
    lines, notes = card(APPS, data_gb=30, app_share={"video": 15})
    assert lines[1:] == ["Data beyond the allowance: 5 GB at ¥3.00 per GB"], lines
    assert notes == [CHARGED, APP_DATA], notes
    assert card(APPS, data_gb=30, app_share={"video": 0})[1] == [CHARGED]  # (20 GB charged: no app data)
    assert card(STRETCH, data_gb=12.5, allow_throttling=True)[1] == [CHARGED]  # (2.5 GB over, 3 GB charged)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_plan_whose_gb_is_1000_mb_is_measured_in_its_own_gb(lang: str) -> None:
    """On a plan billing data in GB of 1000 MB, 10 GB used (10,240 MB) is over its 10 GB (10,000 MB): the bill charges
    1 GB (¥3.00).  The bar compared the person's GB with the plan's and read "10 GB included · you need 10 GB", met,
    with nothing under it, above that charge (found by the tariff-structure review); the need is now in the plan's GB,
    as its allowance and its bill's lines are."""
    catalogue = one_plan({"data_per_gb": fig(3)}, billing={"mb_per_gb": 1000})
    profile = Profile.model_validate({"data_gb": 10})
    (rec,) = recommend(catalogue, profile).document(catalogue, lang)["recommendations"]
    assert [line["fen"] for line in rec["breakdown"]] == [1000, 300], rec["breakdown"]
    page = Page(catalogue, lang)
    data = page.card(rec, profile)["bars"][0]
    assert (data["included"], data["need"], data["met"]) == ("10", "10.24", False), data
    assert [page.t(note) for note in data["over"]] == [page.t("bar.overage")], data


def test_a_histories_months_are_in_the_plans_gb_as_its_bar() -> None:
    """A history on a plan whose GB is 1000 MB: the month table's data (as this plan bills it) is in the plan's GB, as
    the bar measuring the busiest month against the allowance is: one card said 10 GB and 10.24 GB of the same month."""
    catalogue = one_plan({"data_per_gb": fig(3)}, billing={"mb_per_gb": 1000})
    profile = Profile.model_validate({"months": [{"data_gb": 10}, {"data_gb": 5}]})
    (rec,) = recommend(catalogue, profile).document(catalogue, "en")["recommendations"]
    shown = Page(catalogue, "en").card(rec, profile)
    assert [row["data_gb"] for row in shown["months"]] == ["10.24", "5.12"], shown["months"]
    assert shown["bars"][0]["need"] == "10.24", shown["bars"][0]


IN_1000_MB = one_plan({"data_per_gb": fig(3)}, billing={"data_unit_mb": 1000, "source": SOURCE})
"""10 GB (10,240 MB), data billed in whole units of 1,000 MB a month."""


def test_a_month_s_data_need_is_what_the_plan_bills() -> None:
    """Found by test_allowance_bars_agree_with_the_bill: a one-month profile's data bar drew the use as given, where the
    bill (and a history's bars, ``months[].billed``) counts it rounded up to the plan's data unit: 9.9 GB (10,137.6 MB)
    is billed 11,000 MB, 760 MB over 10,240, so ¥3.00 for 1 GB started, under "10 GB included · you need 9.9 GB",
    met.  Hand-checked: 11,000 / 1,024 = 10.742, shown 10.75 (a need is rounded up)."""
    page, shown = shown_card(IN_1000_MB, data_gb="9.9")
    (data, *_) = shown["bars"]
    assert any("1 GB" in str(line["label"]) and line["yuan"] == "¥3.00" for line in shown["lines"]), shown["lines"]
    assert (data["included"], data["need"], data["met"]) == ("10", "10.75", False), data
    assert [page.t(note) for note in shown["over_notes"]] == [CHARGED]


SATELLITE = one_plan({"data_per_gb": fig(3)}, satellite={"minutes": fig(10), "sms": fig(0), "voice_per_minute": fig(1)})
"""10 satellite minutes, then ¥1 a minute."""


def test_satellite_minutes_over_the_allowance_are_said_to_be_charged() -> None:
    """Found by test_allowance_bars_agree_with_the_bill: the bill's satellite minutes are ``satellite_voice_s``, which
    the notes did not read as the bar's meter (``satellite_voice_minutes``), so 20 minutes against 10 read no note
    above a bill charging ¥10.00 for the 10 beyond.  Hand-checked: 10 min at ¥1."""
    page, shown = shown_card(SATELLITE, data_gb=1, needs={"satellite_minutes": 20})
    (bar,) = [b for b in shown["bars"] if b["label"] == page.meter("satellite_voice_minutes")]
    assert any(line["yuan"] == "¥10.00" for line in shown["lines"]), shown["lines"]
    assert (bar["included"], bar["need"], bar["met"]) == ("10", "20", False), bar
    assert [page.t(note) for note in shown["over_notes"]] == [CHARGED]


DAY_PASS = one_plan({"data_per_gb": fig(3)}, roaming={
    "data_gb": fig(1), "voice_minutes": fig(0),
    "day_pass": {"price": fig(10), "data_gb": fig(1), "voice_minutes": fig(0)}})
"""1 GB of roaming data a month, then ¥10 day passes of 1 GB."""


def test_a_history_s_roaming_bar_stands_for_its_busiest_month() -> None:
    """Found by test_allowance_bars_agree_with_the_bill: a history's roaming bars drew every month's trips
    (``needs.roaming``) and the first month's packs, not a month's own trips (``months[].roaming``): a 1 GB trip every
    month and one more in the second read "1 GB included · you need 1 GB", met, where the second month's bill pays a
    ¥10.00 day pass for its 2 GB.  Now the month that bills most roaming (``months[].billed``), as data, calls and
    texts: 2 GB needed, not met, covered by its day pass."""
    trip = {"data_gb": 1, "days": 1}
    page, shown = shown_card(DAY_PASS, needs={"roaming": trip},
                             months=[{"data_gb": 1}, {"data_gb": 1, "roaming": trip}])
    (bar,) = [b for b in shown["bars"] if b["label"] == page.meter("roaming_data_mb")]
    assert [row["total_yuan"] for row in shown["months"]] == ["¥10.00", "¥20.00"], shown["months"]
    assert (bar["included"], bar["need"], bar["met"]) == ("1", "2", False), bar
    assert [page.t(note) for note in shown["over_notes"]] == [
        "The rest is covered by day passes bought for the trip, already in the total."]


@pytest.mark.parametrize(("typed", "need", "met", "billing"), [
    ("0.3", "0.3", True, {}), ("10.1", "10.1", False, {}),  # 307.2 and 10342.4 MB, billed up to the MB; 10 GB included
    ("102.55", "102.55", False, {}),
    ("0.3", "1", True, {"billing": {"data_rounding": "per_month", "data_unit_mb": 1024, "voice": "per_minute",
                                    "source": SOURCE}})])  # (a plan billing whole GB: its bill's 1 GB)
def test_the_data_typed_is_the_need_its_bar_says(typed: str, need: str, met: bool,
                                                 billing: dict[str, object]) -> None:
    """"您的回答：流量 0.3 GB" stood above "需要 0.31 GB" (found by the user test): 0.3 GB is 307.2 MB, billed up to
    308 MB, 0.30078 GB, shown rounded up.  Where the bill rounds the GB typed up to the MB alone, the bar says the GB
    typed (the allowance, whole MB, is above 307.2 exactly when it is above 308); a plan billing data in larger units
    says what its bill counts (1 GB)."""
    catalogue = one_plan({"data_per_gb": fig(3)}, **billing)
    profile = Profile.model_validate({"data_gb": typed, "voice_minutes": 10, "sms": 0})
    (rec,) = recommend(catalogue, profile).document(catalogue, "en")["recommendations"]
    (data,) = [bar for bar in Page(catalogue, "en").card(rec, profile)["bars"] if bar["label"] == "Data"]
    assert (data["need"], data["met"]) == (need, met)
