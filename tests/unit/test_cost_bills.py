"""The cost model's bills on small hand-worked examples: a month's lines, overage, roaming trip by trip, a household's
extra lines and packs sold per SIM.  Each figure is worked out by hand in the test (the engines' agreement tests
compare engines with each other, so they cannot see a change to the one cost model every engine shares)."""

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from recommender.catalogue import Catalogue, Pack, Plan, Tariff
from recommender.catalogue.model import UNLIMITED, DayPass, ExtraLines
from recommender.cost import Bundle, NeedCheck, OverageRule, meter_rule, missing_benefits, price, rule_violations
from recommender.profile import Profile

MB = 1024
TARIFFS = {
    "data_mb": Tariff(10 * MB, MB, 300), "voice_s": Tariff(100 * 60, 60, 15), "sms": Tariff(0, 1, 10),
    "roaming_data_mb": Tariff(0, MB, None), "roaming_voice_s": Tariff(0, 60, None),
}
"""¥3 a GB over 10 GB, ¥0.15 a minute over 100, ¥0.10 an SMS; no roaming beyond the allowance (none)."""


def plan(plan_id: str = "p", tariffs: Mapping[str, Tariff] | None = None, **fields: Any) -> Plan:
    """A ¥59 plan of ``TARIFFS`` (1000 Mbps down, 100 up), ``tariffs`` replacing some of them and ``fields`` set."""
    return replace(Plan(plan_id, "op", "plan", 5900, {**TARIFFS, **(tariffs or {})}, 1000, 100), **fields)


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
    ¥1.50, the holder's (owner 0); the extra line's fee is one line, named for whom it is (Mum).  ¥59 + ¥9 + ¥1.50 + ¥10
    = ¥79.50."""
    sharing = plan(extra_lines=ExtraLines(1, 1000, frozenset({"data_mb"}), {}))
    household = profile(lines=[{"data_gb": 8, "voice_minutes": 110}, {"name": "Mum", "data_gb": 5}])
    costing = price(Catalogue((sharing,), ()), household, Bundle("p"))
    assert [(line.kind, line.ref, line.quantity, line.fen, line.owner) for line in costing.lines] == [
        ("base", "p", 1, 5900, 0), ("overage", "data_mb", 3, 900, None), ("overage", "voice_s", 10, 150, 0),
        ("line", "line:1", 1, 1000, 1)]
    assert (costing.lines[-1].label.params["line"], costing.lines[-1].label.params["name"]) == (1, "Mum")
    assert costing.total_fen == 7950 and costing.meets_needs


def test_overage_charges_per_started_unit_rounded_up_once_tiers_caps_and_limits() -> None:
    """``OverageRule.charge`` on hand-worked rules (units are started billing units):

    - ¥0.10 per 60 units (``per``): 1 unit ceil(10 / 60) = 1 fen, 60 units 10 fen, 61 units ceil(610 / 60) = 11;
    - ¥5 a unit for 10 units then nothing possible: 10 units ¥50, 11 impossible (None); throttled past them instead:
      11 or 100 units ¥50 (the 10 charged);
    - tiers free up to 2, ¥3 up to 5, ¥5 beyond: 1 and 2 units ¥0, 3 units ¥3, 5 units 3 × ¥3 = ¥9, 7 units ¥9 + 2 ×
      ¥5 = ¥19; the same tiers throttled past 4 units: 10 units charge 4, 2 × ¥3 = ¥6;
    - ¥3 a unit capped at ¥10: 3 units ¥9, 4 units ¥12 capped to ¥10;
    - none or fewer units: ¥0, with a rate or without (where one unit is impossible)."""
    per = OverageRule(1, 10, per=60)
    assert [per.charge(u) for u in (1, 60, 61, 0, -1)] == [1, 10, 11, 0, 0]
    assert [OverageRule(MB, None).charge(u) for u in (0, 1)] == [0, None]
    assert [OverageRule(MB, 500, limit=10).charge(u) for u in (10, 11)] == [5000, None]
    assert [OverageRule(MB, 500, limit=10, throttled=True).charge(u) for u in (10, 11, 100)] == [5000, 5000, 5000]
    tiers = ((2, 0), (5, 300), (None, 500))
    assert [OverageRule(MB, 300, tiers=tiers).charge(u) for u in (1, 2, 3, 5, 7)] == [0, 0, 300, 900, 1900]
    assert OverageRule(MB, 300, tiers=tiers, limit=4, throttled=True).charge(10) == 600
    assert [OverageRule(MB, 300, cap_fen=1000).charge(u) for u in (3, 4)] == [900, 1000]


def test_an_overage_rules_tail_is_what_every_unit_past_its_knee_adds() -> None:
    """``OverageRule.tail`` (knee, period, fen): past ``knee`` units, each ``period`` more cost ``fen`` more.

    - no rate: (0, 1, None); ¥3 a unit: (0, 1, 300); ¥0.10 per 60 units: (0, 60, 10);
    - tiers ¥3 up to 5 units, ¥5 beyond: (5, 1, 500); capped at ¥60, 1500 + (u - 5) × 500 reaches 6000 at u = 14:
      (14, 1, 0); ¥3 a unit capped at ¥10 reaches it at 4 units (¥12): (4, 1, 0); a rate of 0 capped never reaches
      the cap and adds nothing anywhere: (0, 1, 0);
    - ¥5 a unit for 10 units, then impossible: (10, 1, None); throttled instead: (10, 1, 0); the capped tiers throttled
      past 20 units: (20, 1, 0);
    - tiers free up to 2, ¥3 up to 5, ¥5 beyond: the knee is the last bound, 5: (5, 1, 500); one unbounded tier of ¥5:
      (0, 1, 500); capped at ¥0, nothing is ever charged: (0, 1, 0);
    - no rate, whatever the limit: (0, 1, None), as ``charge`` (None for every unit);
    - a limit is the knee whatever comes before it, the smallest exact one: ¥0.50 a unit capped at ¥10 throttled past
      10 units never reaches the cap (¥5.00 at most): (10, 1, 0), not the 16 its cap search stopped at; the tiers'
      bound of 5 past a limit of 3: (3, 1, None).
    Each is checked against ``charge`` three periods past the knee."""
    tiers = ((5, 300), (None, 500))
    cases = [(OverageRule(MB, None), (0, 1, None)), (OverageRule(MB, 300), (0, 1, 300)),
             (OverageRule(1, 10, per=60), (0, 60, 10)), (OverageRule(MB, 300, tiers=tiers), (5, 1, 500)),
             (OverageRule(MB, 300, tiers=tiers, cap_fen=6000), (14, 1, 0)),
             (OverageRule(MB, 300, cap_fen=1000), (4, 1, 0)), (OverageRule(MB, 0, cap_fen=100), (0, 1, 0)),
             (OverageRule(MB, 500, limit=10), (10, 1, None)),
             (OverageRule(MB, 500, limit=10, throttled=True), (10, 1, 0)),
             (OverageRule(MB, 300, tiers=tiers, cap_fen=6000, limit=20, throttled=True), (20, 1, 0)),
             (OverageRule(MB, 300, tiers=((2, 0), (5, 300), (None, 500))), (5, 1, 500)),
             (OverageRule(MB, 300, tiers=((None, 500),)), (0, 1, 500)), (OverageRule(MB, 300, cap_fen=0), (0, 1, 0)),
             (OverageRule(MB, None, limit=10, throttled=True), (0, 1, None)),
             (OverageRule(MB, 50, cap_fen=1000, limit=10, throttled=True), (10, 1, 0)),
             (OverageRule(MB, 300, tiers=tiers, limit=3), (3, 1, None))]
    for rule, tail in cases:
        assert rule.tail() == tail, rule
        knee, period, fen = tail
        for u in range(knee + 1, knee + 3 * period):
            after, before = rule.charge(u + period), rule.charge(u)
            assert (after is None) if fen is None else (before is not None and after == before + fen)


def roaming_plan(pass_fen: int = 2500, assumed: frozenset[str] = frozenset()) -> Plan:
    """Roaming on a pool of 1 GB and no minutes; Europe at ¥6 a GB and ¥1 a minute beyond it; a day pass for Asia
    (``pass_fen`` a day, 1 GB and 10 minutes a day); nothing else beyond the pool."""
    return plan(tariffs={"roaming_data_mb": Tariff(1 * MB, MB, None), "roaming_voice_s": Tariff(0, 60, None)},
                day_pass=DayPass(pass_fen, 1 * MB, 10 * 60, frozenset({"asia"})), zone_rates={"europe": (600, 100)},
                assumed=assumed)


def trips(*trips: dict[str, object]) -> Profile:
    return profile(data_gb=1, needs={"roaming": list(trips)})


def test_trips_are_priced_one_by_one_with_day_passes_where_they_let_a_trip_fit() -> None:
    """Europe for 3 GB and 10 minutes, then Asia for 2 GB and 5 minutes over 3 days.  The pool's 1 GB goes to Europe
    (the first trip): 2 GB (2,048 MB) over at ¥6 = ¥12.00, 10 minutes (600 s) at ¥1 = ¥10.00.  Asia has no rate:
    without a pass it does not fit; 3 passes (¥75.00) cover its 2 GB and 5 minutes (3 GB and 30 minutes a day's
    worth, what they leave unused adds nothing to the pool).  Both trips covered, nothing left of the pool: ¥59 + ¥12
    + ¥10 + ¥75 = ¥156.00.  The plan's roaming voice allowance assumed: the voice overage line rests on it, the others
    not."""
    costing = price(Catalogue((roaming_plan(assumed=frozenset({"roaming_voice_s"})),), ()), trips(
        {"zone": "europe", "data_gb": 3, "voice_minutes": 10, "days": 2},
        {"zone": "asia", "data_gb": 2, "voice_minutes": 5, "days": 3}), Bundle("p"))
    assert [(line.kind, line.ref, line.quantity, line.fen, line.assumed) for line in costing.lines] == [
        ("base", "p", 1, 5900, False), ("overage", "roaming_data_mb", 2, 1200, False),
        ("overage", "roaming_voice_s", 10, 1000, True), ("day_pass", "day_pass", 3, 7500, False)]
    assert [(line.label.params["trip"], line.label.params.get("quantity")) for line in costing.lines[1:]] == [
        (1, 2048), (1, 600), (2, None)]
    assert costing.needs == (NeedCheck("roaming", 2, 2, True),) and costing.total_fen == 15600
    assert (costing.headroom["roaming_data_mb"], costing.headroom["roaming_voice_s"]) == (0, 0)


def test_a_day_pass_is_bought_only_when_it_pays_and_on_the_earliest_of_equal_trips() -> None:
    """Asia for 0.5 GB over a day: the pool covers it; a pass at ¥0.00 would cost nothing more, but the fewest passes
    win: no pass, 1024 - 512 = 512 MB of the pool left, ¥59.00.  Two 1 GB days in Asia: the pool covers one, a ¥25
    pass the other, either way ¥25.00 (one pass): the earliest trip takes the pass (trip 1), the pool the second.  A
    trip with no zone beyond the pool is not covered whatever is bought: after a 1 GB day in Asia on the pool, 2 GB with
    no zone is 1 of 2 trips covered, and a pass for Asia (which would leave the pool's 1 GB to it, still 1 GB short) is
    not bought: ¥59.00."""
    half = price(Catalogue((roaming_plan(0),), ()), trips({"zone": "asia", "data_gb": "0.5", "days": 1}), Bundle("p"))
    assert [line.kind for line in half.lines] == ["base"] and half.total_fen == 5900
    assert (half.headroom["roaming_data_mb"], half.headroom["roaming_voice_s"]) == (512, 0)
    assert half.needs == (NeedCheck("roaming", 1, 1, True),)
    day = {"zone": "asia", "data_gb": 1, "days": 1}
    two = price(Catalogue((roaming_plan(),), ()), trips(day, day), Bundle("p"))
    assert [(line.kind, line.label.params["trip"], line.fen) for line in two.lines[1:]] == [("day_pass", 1, 2500)]
    assert two.needs == (NeedCheck("roaming", 2, 2, True),) and two.total_fen == 5900 + 2500
    nowhere = price(Catalogue((roaming_plan(),), ()), trips(day, {"data_gb": 2}), Bundle("p"))
    assert nowhere.needs == (NeedCheck("roaming", 2, 1, False),) and nowhere.total_fen == 5900
    assert [line.kind for line in nowhere.lines] == ["base"]


def test_a_rated_overage_line_says_its_rate_and_no_cap_and_is_charged_where_the_plan_could_throttle() -> None:
    """12 GB on 10 at ¥3 a GB, on a plan that also names a throttled speed (1,000 kbps) and a person who accepts
    throttling: the data beyond is charged at its rate, 2 × ¥3 = ¥6.00, not slowed (no throttled line), and the line's
    label says the quantity (2,048 MB), the rate, the currency and the meter it is per, no cap: ¥65.00."""
    rated = plan(throttle_kbps=1000)
    costing = price(Catalogue((rated,), ()), profile(data_gb=12, allow_throttling=True), Bundle("p"))
    assert [(line.kind, line.fen) for line in costing.lines] == [("base", 5900), ("overage", 600)]
    assert costing.lines[1].label.code == "line.overage"
    assert dict(costing.lines[1].label.params) == {"meter": "data_mb", "quantity": 2048, "rate_fen": 300,
                                                   "currency": "CNY", "per": "data_mb"}
    assert meter_rule(rated, "data_mb", profile(allow_throttling=True)) == OverageRule(MB, 300)
    assert costing.total_fen == 6500 and costing.meets_needs


def test_data_past_a_full_speed_stretch_is_slowed_or_does_not_fit_and_a_throttled_line_rests_on_the_throttle() -> None:
    """10 GB at ¥3 a GB beyond, no full-speed stretch (0 MB) before the plan throttles to 1,000 kbps: 11 GB for a
    person who refuses throttling does not fit, 10,240 MB provided of 11,264 (nothing beyond the allowance); for one
    who accepts it the 1,024 MB over are slowed at no charge (¥59.00), a line resting on the throttle only when the
    plan's throttle is assumed."""
    tariffs = {"data_mb": Tariff(10 * MB, MB, 300, full_speed=0)}
    stretchless = Catalogue((plan(tariffs=tariffs, throttle_kbps=1000),), ())
    refused = price(stretchless, profile(data_gb=11), Bundle("p"))
    assert refused.needs == (NeedCheck("data_mb", 11 * MB, 10 * MB, False),) and refused.total_fen == 5900
    for assumed in (frozenset(), frozenset({"throttle"})):
        view = Catalogue((plan(tariffs=tariffs, throttle_kbps=1000, assumed=assumed),), ())
        slowed = price(view, profile(data_gb=11, allow_throttling=True), Bundle("p"))
        assert [(line.kind, line.quantity, line.fen, line.assumed) for line in slowed.lines[1:]] == [
            ("throttled", MB, 0, bool(assumed))]
        assert slowed.total_fen == 5900 and slowed.meets_needs


def test_what_cannot_be_bought_together_on_a_plan_is_said_once_per_rule() -> None:
    """Packs on the ¥59 plan: ``a`` (stacks twice, in group g, excludes c), ``b`` (group g), ``c``, ``o`` (another
    plan's only), ``s`` (sold per SIM, once a SIM).  3 of a: stacked at most 2; a with b: group g once (a, b); a with
    c: exclusive; o: not on this plan; s twice on one line: at most 1, on two lines (2 × 1) fine, three times: at
    most 2.  A count of 0 buys nothing: no rule applies to it, nor excludes anything."""
    a = Pack("a", "op", "a", 100, max_count=2, group="g", excludes=frozenset({"c"}))
    b, c = Pack("b", "op", "b", 100, group="g"), Pack("c", "op", "c", 100)
    o, s = Pack("o", "op", "o", 100, plans=frozenset({"other"})), Pack("s", "op", "s", 100, per_line=True)
    p = plan()

    def said(chosen: list[tuple[Pack, int]], lines: int = 1) -> list[tuple[str, dict[str, object]]]:
        return [(m.code, dict(m.params)) for m in rule_violations(p, chosen, lines)]

    assert said([(a, 2), (c, 0), (o, 0), (b, 0)]) == []
    assert said([(a, 3)]) == [("pack_max_count", {"pack": "a", "max": 2})]
    assert said([(a, 1), (b, 1)]) == [("group_once", {"group": "g", "packs": ("a", "b")})]
    assert said([(a, 1), (c, 1)]) == [("packs_exclusive", {"pack": "a", "other": "c"})]
    assert said([(o, 1)]) == [("pack_not_on_plan", {"pack": "o", "plan": "p"})]
    assert said([(s, 1)]) == [] and said([(s, 2)]) == [("pack_max_count", {"pack": "s", "max": 1})]
    assert said([(s, 2)], 2) == [] and said([(s, 3)], 2) == [("pack_max_count", {"pack": "s", "max": 2})]
    assert rule_violations(p, [(s, 1)]) == [] and [m.params["max"] for m in rule_violations(p, [(s, 2)])] == [1]
    # (one line unless told)


def test_the_benefits_missing_are_those_required_the_plan_lacks() -> None:
    """Required cloud and music on a plan with cloud: music is missing (its packs may bring it); none required: none."""
    with_cloud = plan(benefits=frozenset({"cloud"}))
    assert missing_benefits(with_cloud, profile(benefits_required=["cloud", "music"])) == ["music"]
    assert missing_benefits(with_cloud, profile()) == []


def test_a_speed_need_is_met_only_when_each_lines_need_is_met_for_its_own_days() -> None:
    """A household on a 100 Mbps-up plan: the holder needs 300 Mbps up on 3 days, the extra line 200 Mbps all month;
    the ¥1 day pack gives 300 Mbps a day.  3 days of it meet the holder's need but not the line's month (the plan's 100
    Mbps then): not met, though the level on the fastest need's days is 300; 30 days meet both (¥59 + ¥10 + ¥30)."""
    day = Pack("day300", "op", "day", 100, uplink_mbps=300, billing="per_day", max_count=31)
    two = plan(extra_lines=ExtraLines(1, 1000, frozenset({"data_mb"}), {}))
    catalogue = Catalogue((two,), (day,))
    household = profile(lines=[{"data_gb": 1, "needs": {"min_uplink_mbps": 300, "uplink_days": 3}},
                               {"data_gb": 1, "needs": {"min_uplink_mbps": 200}}])
    three = price(catalogue, household, Bundle("p", (("day300", 3),)))
    assert three.needs == (NeedCheck("min_uplink_mbps", 300, 300, False),) and not three.meets_needs
    month = price(catalogue, household, Bundle("p", (("day300", 30),)))
    assert month.needs == (NeedCheck("min_uplink_mbps", 300, 300, True),) and month.meets_needs
    assert month.total_fen == 5900 + 1000 + 30 * 100


def test_a_speed_need_of_several_lines_met_on_an_assumed_level_for_one_of_them_says_so() -> None:
    """The same household with the day pack's 300 Mbps an assumption and a ¥20 monthly pack of 200 Mbps from the source:
    3 day packs meet the holder's 3 days (only on the assumed level), the monthly pack the line's month (on a sourced
    one): met, and marked as resting on an assumption, since one line's need does (¥59 + ¥10 + ¥3 + ¥20 = ¥92.00)."""
    day = Pack("day300", "op", "day", 100, uplink_mbps=300, billing="per_day", max_count=31,
               assumed=frozenset({"level:min_uplink_mbps"}))
    month = Pack("month200", "op", "month", 2000, uplink_mbps=200)
    catalogue = Catalogue((plan(extra_lines=ExtraLines(1, 1000, frozenset({"data_mb"}), {})),), (day, month))
    household = profile(lines=[{"data_gb": 1, "needs": {"min_uplink_mbps": 300, "uplink_days": 3}},
                               {"data_gb": 1, "needs": {"min_uplink_mbps": 200}}])
    costing = price(catalogue, household, Bundle("p", (("day300", 3), ("month200", 1))))
    assert costing.needs == (NeedCheck("min_uplink_mbps", 300, 300, True, True),)
    assert costing.meets_needs and costing.total_fen == 5900 + 1000 + 300 + 2000
