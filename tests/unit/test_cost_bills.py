"""The cost model's bills on small hand-worked examples: a month's lines, overage, roaming trip by trip, a household's
extra lines and packs sold per SIM.  Each figure is worked out by hand in the test (the engines' agreement tests
compare engines with each other, so they cannot see a change to the one cost model every engine shares)."""

from recommender.catalogue import Catalogue, Pack, Plan, Tariff
from recommender.catalogue.model import UNLIMITED, ExtraLines
from recommender.cost import Bundle, NeedCheck, price
from recommender.profile import Profile

MB = 1024
TARIFFS = {
    "data_mb": Tariff(10 * MB, MB, 300), "voice_s": Tariff(100 * 60, 60, 15), "sms": Tariff(0, 1, 10),
    "roaming_data_mb": Tariff(0, MB, None), "roaming_voice_s": Tariff(0, 60, None),
}
"""¥3 a GB over 10 GB, ¥0.15 a minute over 100, ¥0.10 an SMS; no roaming beyond the allowance (none)."""


def plan(plan_id: str = "p", **fields: object) -> Plan:
    """A ¥59 plan of ``TARIFFS`` (fields replaced as given)."""
    base: dict[str, object] = {"downlink_mbps": 1000, "uplink_mbps": 100}
    return Plan(plan_id, "op", "plan", 5900, {**TARIFFS, **fields.pop("tariffs", {})},  # type: ignore[dict-item]
                **{**base, **fields})  # type: ignore[arg-type]


def profile(**fields: object) -> Profile:
    return Profile.model_validate(fields)


def test_a_required_benefit_the_bundle_lacks_is_an_unmet_need() -> None:
    """A profile requiring the benefit ``cloud``: the plan alone lacks it (need 1, provided 0, not met), with the ¥10
    pack that brings it it is met (1 of 1); the bill is the fee and the pack either way, ¥59.00 and ¥69.00."""
    cloud = Pack("k", "op", "cloud", 1000, benefits=frozenset({"cloud"}))
    catalogue = Catalogue((plan(),), (cloud,))
    wants = profile(data_gb=1, benefits_required=["cloud"])
    alone = price(catalogue, wants, Bundle("p"))
    assert alone.needs == (NeedCheck("benefit:cloud", 1, 0, False),)
    assert not alone.meets_needs and alone.total_fen == 5900
    with_pack = price(catalogue, wants, Bundle("p", (("k", 1),)))
    assert with_pack.needs == (NeedCheck("benefit:cloud", 1, 1, True),)
    assert with_pack.meets_needs and with_pack.total_fen == 5900 + 1000


def test_an_extra_lines_own_meter_without_a_rate_is_an_unmet_need_of_the_bundle() -> None:
    """A household of two on a plan whose one extra line (¥10) shares data and has no voice of its own, with no voice
    rate beyond the allowance: the extra line's 10 minutes (600 s) cannot be billed, an unmet need of its own
    (``line1:voice_s``: 600 s needed, 0 provided); the bill is still ¥59 + ¥10 = ¥69.00.  Without the extra line's
    calls the household fits at the same ¥69.00."""
    household = plan(tariffs={"voice_s": Tariff(100 * 60, 60, None)},
                     extra_lines=ExtraLines(1, 1000, frozenset({"data_mb"}), {}))
    catalogue = Catalogue((household,), ())
    calling = price(catalogue, profile(lines=[{"data_gb": 1}, {"data_gb": 1, "voice_minutes": 10}]), Bundle("p"))
    assert calling.needs == (NeedCheck("line1:voice_s", 600, 0, False),)
    assert not calling.meets_needs and calling.total_fen == 5900 + 1000
    quiet = price(catalogue, profile(lines=[{"data_gb": 1}, {"data_gb": 1}]), Bundle("p"))
    assert quiet.needs == () and quiet.meets_needs and quiet.total_fen == 5900 + 1000


def test_an_unlimited_allowance_has_no_headroom_figure_and_a_finite_one_what_is_left() -> None:
    """Data included ``UNLIMITED`` (exactly): its headroom is -1 (unlimited), not the 2^40 MB less the 5 GB used;
    voice 100 minutes with 30 used: 70 × 60 = 4,200 s left; SMS none included with 3 sent (¥0.30): 0 left, never
    negative.  The bill: ¥59 + 3 × ¥0.10 = ¥59.30."""
    unlimited = plan(tariffs={"data_mb": Tariff(UNLIMITED, MB, None)})
    costing = price(Catalogue((unlimited,), ()), profile(data_gb=5, voice_minutes=30, sms=3), Bundle("p"))
    assert costing.headroom["data_mb"] == -1
    assert costing.headroom["voice_s"] == 70 * 60 and costing.headroom["sms"] == 0
    assert costing.total_fen == 5900 + 3 * 10 and costing.meets_needs


def test_a_household_on_a_plan_taking_too_few_extra_lines_is_short_of_lines() -> None:
    """Two lines on a plan with no extra lines: 1 extra line needed, 0 taken, unmet, and the bill the ¥59 fee alone;
    three lines on a plan taking one (¥10): 2 needed, 1 taken, no line fee billed (¥59.00)."""
    two = profile(lines=[{"data_gb": 1}, {"data_gb": 1}])
    alone = price(Catalogue((plan(),), ()), two, Bundle("p"))
    assert alone.needs == (NeedCheck("extra_lines", 1, 0, False),) and alone.total_fen == 5900
    one_extra = plan(extra_lines=ExtraLines(1, 1000, frozenset({"data_mb"}), {}))
    three = profile(lines=[{"data_gb": 1}, {"data_gb": 1}, {"data_gb": 1}])
    short = price(Catalogue((one_extra,), ()), three, Bundle("p"))
    assert short.needs == (NeedCheck("extra_lines", 2, 1, False),) and short.total_fen == 5900
    assert [line.kind for line in short.lines] == ["base"]


def test_one_persons_overage_on_a_plan_with_extra_lines_is_the_holders() -> None:
    """One person (no household) using 12 GB on a plan whose extra lines would share data: 2 GB over at ¥3 = ¥6.00,
    the holder's line (owner 0), not one shared by a household's lines (None); ¥65.00 in all."""
    sharing = plan(extra_lines=ExtraLines(1, 1000, frozenset({"data_mb"}), {"data_mb": 5 * MB}))
    costing = price(Catalogue((sharing,), ()), profile(data_gb=12), Bundle("p"))
    assert [(line.kind, line.fen, line.owner) for line in costing.lines] == [("base", 5900, 0), ("overage", 600, 0)]
    assert costing.total_fen == 6500 and costing.headroom["data_mb"] == 0


def test_a_meter_used_beyond_an_allowance_without_a_rate_is_an_unmet_need() -> None:
    """No SMS included and none possible beyond: 3 sent is an unmet need (3 needed, 0 provided), no line billed
    (¥59.00); none sent, nothing to check."""
    mute = Catalogue((plan(tariffs={"sms": Tariff(0, 1, None)}),), ())
    texting = price(mute, profile(data_gb=1, sms=3), Bundle("p"))
    assert texting.needs == (NeedCheck("sms", 3, 0, False),)
    assert not texting.meets_needs and texting.total_fen == 5900
    assert price(mute, profile(data_gb=1), Bundle("p")).needs == ()


def test_a_households_headroom_adds_back_the_pool_its_lines_leave_unused_on_shared_meters_only() -> None:
    """Two lines on a plan of 10 GB and 100 minutes whose extra line (¥10) adds 5 GB to a shared data pool, voice its
    own (100 min): the holder uses 2 GB and 30 minutes, the extra line 1 GB.  Data billed: 3 GB less the 5 GB pooled,
    nothing; its headroom is the plan's 10 GB plus the pool's 5 - 3 = 2 GB unused: 12 × 1024 = 12,288 MB.  Voice (not
    shared): 100 - 30 = 70 minutes, 4,200 s, nothing added.  The bill: ¥59 + ¥10 = ¥69.00."""
    pooled = plan(extra_lines=ExtraLines(1, 1000, frozenset({"data_mb"}), {"data_mb": 5 * MB, "voice_s": 100 * 60}))
    household = profile(lines=[{"data_gb": 2, "voice_minutes": 30}, {"data_gb": 1}])
    costing = price(Catalogue((pooled,), ()), household, Bundle("p"))
    assert costing.headroom["data_mb"] == 12 * MB
    assert costing.headroom["voice_s"] == 70 * 60
    assert costing.total_fen == 5900 + 1000 and costing.meets_needs


def test_a_households_overage_on_a_shared_meter_is_everyones_and_on_the_holders_own_meter_the_holders() -> None:
    """Two lines sharing the plan's 10 GB (the extra line, ¥10, adds none), voice each line's own: 8 GB + 5 GB = 13 GB
    is 3 GB over at ¥3 = ¥9.00, shared by the lines (owner None); the holder's 110 minutes on 100 are 10 × ¥0.15 =
    ¥1.50, the holder's (owner 0).  ¥59 + ¥9 + ¥1.50 + ¥10 = ¥79.50."""
    sharing = plan(extra_lines=ExtraLines(1, 1000, frozenset({"data_mb"}), {}))
    household = profile(lines=[{"data_gb": 8, "voice_minutes": 110}, {"data_gb": 5}])
    costing = price(Catalogue((sharing,), ()), household, Bundle("p"))
    assert [(line.kind, line.ref, line.fen, line.owner) for line in costing.lines] == [
        ("base", "p", 5900, 0), ("overage", "data_mb", 900, None), ("overage", "voice_s", 150, 0),
        ("line", "line:1", 1000, 1)]
    assert costing.total_fen == 7950 and costing.meets_needs
