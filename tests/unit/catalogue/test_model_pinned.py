"""The catalogue's model (``recommender.catalogue.model``) pinned: what ``compile_plan`` and ``compile_pack`` make of
every field a plan file may give (fen, MB at the file's GB, seconds, which figures rest on an assumption, the
conditions of sale), and what a ``Catalogue`` derives (operators, currencies, memberships, benefits, indexes, the
packs that fit a plan), each worked out by hand on the small files written here.  Each test names the mutants it
kills (mutation testing, helper scd)."""

import datetime
import pickle
from collections.abc import Mapping

import pytest

from recommender.catalogue import Catalogue, load_sources
from recommender.catalogue.model import (
    ANYONE,
    UNLIMITED,
    BillingRules,
    DayPass,
    ExtraLines,
    Pack,
    Plan,
    SaleConditions,
    Tariff,
    Terms,
    Unpickled,
    compile_pack,
    one_person_may_meet,
    promotion_spans,
    sold_together,
)
from recommender.catalogue.spec import PackSpec

OP = """\
operator:
  id: op
  name: 运营商
  name_en: Op
  memberships: [{id: club, name: 会员, name_en: Club}]
currency: CNY
plans:
  - id: full
    name: 全
    name_en: Full
    monthly_fee: {value: 88, source: "seed:fee"}
    data_gb: {value: 30, source: "assumption: t"}
    voice_minutes: {value: 500, source: "seed:v"}
    sms: {value: 100, source: "seed:s"}
    downlink_mbps: {value: 1000, source: "seed:d"}
    uplink_mbps: {value: 200, source: "assumption: t"}
    broadband_mbps: {value: 500, source: "seed:b"}
    benefits: [cloud-drive, video-vip]
    app_data_gb: [{apps: [video, social], gb: {value: 2, source: "seed:a"}}]
    extra_lines:
      max: 2
      fee: {value: 10, source: "seed:l"}
      source: "seed:l"
      shared: [data, sms]
      per_line: {data_gb: {value: 5, source: "seed:l"}, voice_minutes: {value: 50, source: "seed:l"},
                 sms: {value: 0, source: "seed:l"}}
    satellite:
      minutes: {value: 10, source: "seed:sat"}
      sms: {value: 5, source: "assumption: t"}
      voice_per_minute: {value: 1, source: "assumption: t"}
      sms_each: {value: 0.5, source: "assumption: t"}
    roaming:
      data_gb: {value: 1, source: "seed:r"}
      voice_minutes: {value: 30, source: "assumption: t"}
      day_pass:
        price: {value: 25, source: "assumption: t"}
        data_gb: {value: 1, source: "seed:r"}
        voice_minutes: {value: 10, source: "seed:r"}
        zones: [asia]
      zones:
        asia: {data_per_gb: {value: 30, source: "assumption: t"}}
        europe: {voice_per_minute: {value: 2, source: "assumption: t"}}
    overage:
      data: [{up_to_gb: {value: 5, source: "seed:o"}, per_gb: {value: 3, source: "seed:o"}},
             {per_gb: {value: 5, source: "assumption: t"}}]
      cap: {value: 60, source: "seed:o"}
      voice_per_minute: {value: 0.15, source: "seed:o"}
      sms_each: {value: 0.1, source: "assumption: t"}
    billing: {voice: per_6_seconds, data_rounding: per_session, data_unit_mb: 1024, mb_per_gb: 1000}
    terms:
      promotions: [{first_months: 3, monthly_fee: {value: 44, source: "seed:t"}},
                   {first_months: 6, monthly_fee: {value: 66, source: "seed:t"}}]
      one_off_fee: {value: 50, source: "seed:t"}
      minimum_term_months: 12
      minimum_monthly_spend: {value: 30, source: "seed:t"}
    eligibility:
      customers: existing
      age: {min: 18, max: 60}
      regions: [CN-BJ]
      members_of: [club]
      groups: [student]
      available_from: "2026-01-01"
      available_until: "2026-12-31"
      source: "assumption: t"
  - id: slow
    name: 慢
    name_en: Slow
    monthly_fee: {value: 19, source: "assumption: t"}
    data_gb: {value: 10, source: "seed:x"}
    voice_minutes: {value: 0, source: "seed:x"}
    sms: {value: 0, source: "seed:x"}
    downlink_mbps: {value: 100, source: "seed:x"}
    uplink_mbps: {value: 20, source: "seed:x"}
    satellite:
      minutes: {value: 0, source: "assumption: t"}
      sms: {value: 0, source: "assumption: t"}
    overage:
      full_speed_extra_gb: {value: 5, source: "assumption: t"}
      throttle_kbps: {value: 1000, source: "assumption: t"}
      voice_per_minute: {value: 0.1, source: "seed:x"}
      sms_each: {value: 0.1, source: "seed:x"}
    billing: {mb_per_gb: 1000}
    extra_lines: {max: 1, fee: {value: 5, source: "seed:x"}, source: "assumption: t"}
    eligibility: {customers: new, source: "seed:x"}
  - id: flat
    name: 平
    name_en: Flat
    monthly_fee: {value: 29, source: "seed:y"}
    data_gb: {value: 20, source: "seed:y"}
    voice_minutes: {value: unlimited, source: "seed:y"}
    sms: {value: 0, source: "seed:y"}
    downlink_mbps: {value: 300, source: "seed:y"}
    uplink_mbps: {value: 50, source: "seed:y"}
    overage:
      data_per_gb: {value: 3, source: "seed:y"}
      full_speed_extra_gb: {value: 2, source: "seed:y"}
      throttle_kbps: {value: 128, source: "seed:y"}
      voice_per_minute: {value: 0.15, source: "seed:y"}
      sms_each: {value: 0.1, source: "seed:y"}
    roaming:
      data_gb: {value: 2, source: "assumption: t"}
      voice_minutes: {value: 0, source: "assumption: t"}
      day_pass:
        price: {value: 10, source: "seed:y"}
        data_gb: {value: 0.5, source: "seed:y"}
        voice_minutes: {value: 0, source: "seed:y"}
    extra_lines:
      max: 3
      fee: {value: 8, source: "assumption: t"}
      source: "seed:y"
      shared: [voice]
      per_line: {sms: {value: 10, source: "seed:y"}}
    billing: {voice: per_second, mb_per_gb: 1000}
packs:
  - id: boost
    name: 加速
    name_en: Boost
    kind: data
    price: {value: 10, source: "assumption: t"}
    adds:
      data_gb: {value: 5, source: "seed:p"}
      voice_minutes: {value: 0, source: "seed:p"}
      sms: {value: 20, source: "assumption: t"}
      roaming_data_gb: {value: 1, source: "seed:p"}
      roaming_voice_minutes: {value: 10, source: "seed:p"}
      satellite_minutes: {value: 0, source: "seed:p"}
    downlink_mbps: {value: 300, source: "assumption: t"}
    app_data_gb: [{apps: [video], gb: {value: 1, source: "seed:p"}}]
    benefits: {value: [music], source: "seed:p"}
    subscription: true
    max_count: 3
    requires_plans: [full, flat]
    free_with: [full]
    group: g1
    excludes: [sat]
  - id: sat
    name: 卫星
    name_en: Sat
    kind: satellite
    billing: per_day
    price: {value: 2, source: "seed:q"}
    install_fee: {value: 5, source: "assumption: t"}
    adds: {satellite_sms: {value: 3, source: "seed:q"}}
    uplink_mbps: {value: 50, source: "seed:q"}
    per_line: true
  - id: sat2
    name: 卫星2
    name_en: Sat2
    kind: satellite
    price: {value: 1, source: "seed:q"}
    satellite: true
    broadband_mbps: {value: 100, source: "seed:q"}
    adds: {satellite_minutes: {value: 10, source: "assumption: t"}, voice_minutes: {value: 30, source: "seed:q"}}
    eligibility: {customers: existing, existing_of: [op2], source: "seed:q"}
  - id: sat3
    name: 卫星3
    name_en: Sat3
    kind: satellite
    price: {value: 3, source: "seed:q"}
    satellite: true
"""
"""Operator ``op`` (CNY; a GB is 1000 MB in every plan: ``mb_per_gb: 1000``, so its packs' GB are too): ``full``, a
plan using every field, ``slow`` (throttled after a charged-free full-speed stretch), ``flat`` (unlimited minutes,
a flat data rate, assumed roaming), and packs ``boost`` (for full and flat), ``sat`` (per day), ``sat2`` (for op2's
customers) and ``sat3`` (satellite, nothing added)."""

OP2 = """\
operator: {id: op2, name: 二, name_en: Two, country: US}
currency: USD
plans:
  - id: o2
    name: 二
    name_en: Two
    monthly_fee: {value: 50, source: "seed:z"}
    data_gb: {value: 1, source: "seed:z"}
    voice_minutes: {value: 100, source: "seed:z"}
    sms: {value: 0, source: "seed:z"}
    downlink_mbps: {value: 100, source: "seed:z"}
    uplink_mbps: {value: 10, source: "seed:z"}
    benefits: [hk-perk]
    overage:
      data: [{per_gb: {value: 3, source: "seed:z"}}]
      voice_per_minute: {value: 0.15, source: "seed:z"}
      sms_each: {value: 0.1, source: "seed:z"}
"""
"""Operator ``op2`` (USD, in the US): one plan, its data overage one open tier, its minutes billed per minute."""


def _catalogue() -> Catalogue:
    return load_sources([("op.yaml", OP.encode()), ("op2.yaml", OP2.encode())])


def _meters(data: Tariff, voice: Tariff, sms: Tariff, roaming_data: Tariff, roaming_voice: Tariff,
            satellite_voice: Tariff, satellite_sms: Tariff) -> Mapping[str, Tariff]:
    return {"data_mb": data, "voice_s": voice, "sms": sms, "roaming_data_mb": roaming_data,
            "roaming_voice_s": roaming_voice, "satellite_voice_s": satellite_voice, "satellite_sms": satellite_sms}


def test_a_plan_using_every_field_is_compiled_to_fen_mb_seconds_and_its_assumed_figures() -> None:
    """``full``: ¥88 → 8800 fen; 30 GB at 1000 MB a GB → 30000 MB in units of 1000 MB, tiers (5 GB at ¥3.00, then
    ¥5.00: the first tier's rate is the rate), capped at ¥60 → 6000; 500 minutes → 30000 s, billed per 6 s so per
    second at 15 fen per 60 s; 100 SMS at 10 fen; roaming 1 GB → 1000 MB and 30 min → 1800 s (no rate beyond);
    satellite 10 min → 600 s at ¥1 → 100 fen a minute, 5 SMS at ¥0.50 → 50 fen.  Two extra lines at ¥10,
    sharing data and SMS, each adding 5 GB → 5000 MB and 50 min → 3000 s (0 SMS: not listed).  A day pass at ¥25 for
    1 GB → 1000 MB and 10 min → 600 s, in asia; zones asia ¥30 a GB → 3000 fen, europe ¥2 a minute → 200 fen.
    Terms: ¥44 for 3 months, ¥66 to month 6, ¥50 once, 12 months at least, ¥30 a month at least.  For existing
    customers (of op: none named), aged 18 to 60, in CN-BJ, club members, students, sold in 2026, resting on an
    assumption.  Assumed: the data allowance, the uplink (level), the roaming minutes, the satellite SMS, the day
    pass's price, asia's data rate and europe's voice rate, the data rate (its second tier's, the first assumed), the
    SMS rate, the satellite's two rates (its minutes sourced: the service is not assumed).

    Kills compile_plan's and _data_tariff's figure mutants (each scale, unit, rate, condition and field of the
    object, the ``figures`` keys and the tier rate's ``next``), _value's and _fen's, _app_data's and compile_rule's
    (existing customers of the file's operator when none named)."""
    plan = _catalogue().plan_index["full"]
    assert plan == Plan(
        id="full", operator="op", name="全", name_en="Full", fee_fen=8800,
        tariffs=_meters(Tariff(30000, 1000, 300, 1, ((5, 300), (None, 500)), 6000, None), Tariff(30000, 1, 15, 60),
                        Tariff(100, 1, 10), Tariff(1000, 1000, None), Tariff(1800, 60, None), Tariff(600, 60, 100),
                        Tariff(5, 1, 50)),
        downlink_mbps=1000, uplink_mbps=200, satellite=True, broadband_mbps=500, throttle_kbps=None,
        benefits=frozenset({"cloud-drive", "video-vip"}), app_data=((frozenset({"video", "social"}), 2000),),
        extra_lines=ExtraLines(max=2, fee_fen=1000, shared=frozenset({"data_mb", "sms"}),
                               per_line={"data_mb": 5000, "voice_s": 3000}, assumed=False),
        day_pass=DayPass(2500, 1000, 600, frozenset({"asia"})),
        zone_rates={"asia": (3000, None), "europe": (None, 200)},
        currency="CNY", billing=BillingRules(6, True, 1024, 1000),
        terms=Terms(((3, 4400), (6, 6600)), 5000, 12, 3000),
        rule=SaleConditions(customers="existing", existing_of=frozenset({"op"}), age_min=18, age_max=60,
                            regions=frozenset({"CN-BJ"}), members_of=frozenset({"club"}),
                            groups=frozenset({"student"}), available_from=datetime.date(2026, 1, 1),
                            available_until=datetime.date(2026, 12, 31), holders_only=False, assumed=True),
        assumed=frozenset({"data_mb", "level:min_uplink_mbps", "roaming_voice_s", "satellite_sms", "day_pass",
                           "zone:asia:roaming_data_mb", "zone:europe:roaming_voice_s", "rate:data_mb", "rate:sms",
                           "rate:satellite_voice_s", "rate:satellite_sms"}))
    assert plan.extra_lines is not None
    assert (plan.extra_lines.pooled("data_mb", 2), plan.extra_lines.pooled("sms", 2),
            plan.extra_lines.pooled("voice_s", 2)) == (10000, 0, 0)  # 2 × 5000 MB; no SMS each; voice not shared
    assert plan.day_pass is not None
    assert (plan.day_pass.covers("asia"), plan.day_pass.covers("europe"), plan.day_pass.covers(None)) == (
        True, False, False)
    assert not plan.terms.none


def test_a_throttled_plan_and_one_of_unlimited_minutes_are_compiled_as_they_say() -> None:
    """``slow``: ¥19 (assumed); 10 GB → 10000 MB, then 5 GB → 5000 MB at full speed free of charge (rate 0: no data
    rate, a full-speed stretch) and 1000 kbps after; minutes billed per minute, 10 fen each; one extra line at ¥5
    sharing nothing, its terms assumed (their source; its fee sourced); satellite of 0 min and 0 SMS, assumed (so the
    service rests on an assumption), nothing beyond; no roaming; for new customers (no operator named). ``flat``: 20
    GB → 20000 MB at ¥3 a GB, 2 GB → 2000 MB at full speed (charged) then 128 kbps; unlimited minutes (1 << 40 s, not
    scaled by 60), billed per second at 15 fen per 60 s; roaming 2 GB → 2000 MB and 0 minutes, both assumed, a day
    pass anywhere at ¥10 for 0.5 GB → 500 MB; three extra lines at ¥8 (assumed: the fee; the terms sourced) sharing
    voice, each with 10 SMS of its own. ``o2`` (USD, a GB of the default 1024 MB): 1 GB → 1024 MB in units of 1024
    MB, one open tier at $3 → 300; 100 minutes → 6000 s per started minute (unit 60) at 15.

    Kills _data_tariff's throttling branch (rate 0 only with a full-speed stretch), _value's 'unlimited', the satellite
    figure's assumed fallback (``found[0]``), compile_rule's existing_of only for existing customers, compile_plan's
    extra lines assumed by their source or their fee (mutants 1480-1482), a day pass of no zones (1494), a per-minute
    plan's minutes (1428, 1429) and the data rate's figure of one sourced tier (1412: ``over.data[1]``)."""
    catalogue = _catalogue()
    no_roaming = (Tariff(0, 1000, None), Tariff(0, 60, None))
    no_satellite = (Tariff(0, 60, None), Tariff(0, 1, None))
    assert catalogue.plan_index["slow"] == Plan(
        id="slow", operator="op", name="慢", name_en="Slow", fee_fen=1900,
        tariffs=_meters(Tariff(10000, 1000, 0, 1, (), None, 5000), Tariff(0, 60, 10), Tariff(0, 1, 10),
                        *no_roaming, *no_satellite),
        downlink_mbps=100, uplink_mbps=20, satellite=True, throttle_kbps=1000, billing=BillingRules(60, False, 1, 1000),
        extra_lines=ExtraLines(1, 500, frozenset(), {}, assumed=True),
        rule=SaleConditions(customers="new", assumed=False),
        assumed=frozenset({"fee", "throttle", "full_speed", "satellite_voice_s", "satellite_sms", "level:satellite"}))
    assert catalogue.plan_index["flat"] == Plan(
        id="flat", operator="op", name="平", name_en="Flat", fee_fen=2900,
        tariffs=_meters(Tariff(20000, 1000, 300, 1, (), None, 2000), Tariff(UNLIMITED, 1, 15, 60), Tariff(0, 1, 10),
                        Tariff(2000, 1000, None), Tariff(0, 60, None), *no_satellite),
        downlink_mbps=300, uplink_mbps=50, throttle_kbps=128, billing=BillingRules(1, False, 1, 1000),
        extra_lines=ExtraLines(3, 800, frozenset({"voice_s"}), {"sms": 10}, assumed=True),
        day_pass=DayPass(1000, 500, 0, None), assumed=frozenset({"roaming_data_mb", "roaming_voice_s"}))
    flat = catalogue.plan_index["flat"]
    assert flat.day_pass is not None and flat.day_pass.covers("europe") and flat.day_pass.covers(None)
    assert flat.extra_lines is not None
    assert flat.extra_lines.pooled("sms", 2) == flat.extra_lines.pooled("voice_s", 2) == 0  # (SMS its own; no voice)
    assert UNLIMITED == 2 ** 40
    assert catalogue.plan_index["o2"] == Plan(
        id="o2", operator="op2", name="二", name_en="Two", fee_fen=5000,
        tariffs=_meters(Tariff(1024, 1024, 300, 1, ((None, 300),)), Tariff(6000, 60, 15), Tariff(0, 1, 10),
                        Tariff(0, 1024, None),
                        Tariff(0, 60, None), *no_satellite),
        downlink_mbps=100, uplink_mbps=10, benefits=frozenset({"hk-perk"}), currency="USD")


def test_packs_are_compiled_with_what_they_add_their_terms_and_assumed_figures() -> None:
    """``boost``: ¥10 (assumed) → 1000 fen; adds 5 GB → 5000 MB (op's 1000 MB a GB), 20 SMS (assumed), 1 GB roaming
    → 1000 MB, 10 roaming minutes → 600 s (0 minutes and 0 satellite minutes: not listed, no satellite); downlink
    300 (assumed); 1 GB video → 1000 MB; for full and flat, free with full, group g1, excluding sat, up to 3, a
    subscription.  ``sat``: per day (31 a month by default), ¥2 → 200 fen, installation ¥5 (assumed: the price is),
    adds 3 satellite SMS (so it brings satellite), uplink 50, sold per line.  ``sat2``: ¥1, satellite, broadband 100,
    10 satellite minutes → 600 s (assumed: the service rests on it) and 30 minutes → 1800 s, for existing customers
    of op2.  ``sat3``: ¥3, satellite (said, nothing added: resting on no figure).

    Kills compile_pack's mutants (adds' scales and keys, ``if v``, satellite from its adds, the 'price' assumed by
    the price or the installation, the level figures) and compile_rule's existing_of as named."""
    catalogue = _catalogue()
    assert catalogue.packs == (
        Pack(id="boost", operator="op", name="加速", name_en="Boost", price_fen=1000,
             adds={"data_mb": 5000, "sms": 20, "roaming_data_mb": 1000, "roaming_voice_s": 600}, downlink_mbps=300,
             app_data=((frozenset({"video"}), 1000),), benefits=frozenset({"music"}), max_count=3,
             plans=frozenset({"full", "flat"}), free_with=frozenset({"full"}), group="g1", excludes=frozenset({"sat"}),
             subscription=True, assumed=frozenset({"price", "sms", "level:min_downlink_mbps"})),
        Pack(id="sat", operator="op", name="卫星", name_en="Sat", price_fen=200, adds={"satellite_sms": 3},
             uplink_mbps=50, satellite=True, install_fen=500, max_count=31, billing="per_day", per_line=True,
             assumed=frozenset({"price"})),
        Pack(id="sat2", operator="op", name="卫星2", name_en="Sat2", price_fen=100,
             adds={"voice_s": 1800, "satellite_voice_s": 600}, satellite=True, broadband_mbps=100,
             rule=SaleConditions(customers="existing", existing_of=frozenset({"op2"}), assumed=False),
             assumed=frozenset({"satellite_voice_s", "level:satellite"})),
        Pack(id="sat3", operator="op", name="卫星3", name_en="Sat3", price_fen=300, satellite=True),
    )
    boost, sat, *_ = catalogue.packs
    assert (boost.daily, sat.daily) == (False, True)
    full, slow, _, o2 = catalogue.plans
    assert (boost.fits(full), boost.fits(slow), sat.fits(slow), sat.fits(o2)) == (True, False, True, False)


OP2_PACKS = """\
operator: {id: op2, name: 二, name_en: Two, country: US}
currency: USD
packs:
  - id: o2-data
    name: 二包
    name_en: Two pack
    kind: data
    price: {value: 5, source: "seed:z"}
    adds: {data_gb: {value: 2, source: "seed:z"}}
"""
"""A file of op2's packs alone: 2 GB at $5 (op2's plans say a GB is 1024 MB: 2048 MB)."""


def test_a_catalogue_derives_its_operators_currencies_memberships_benefits_regions_and_indexes() -> None:
    """op2's packs-only file read first does not move op2 ahead of op (the first file holding plans is op's); the
    currencies are the plans' (CNY, USD); the memberships op declares (club); the benefits of plans and packs
    (cloud-drive, video-vip, hk-perk, music); the regions of CN and the US; plans and packs by id and the plans'
    places in file order.  Each file's operator merged into one model per operator, in file order: op2's plans and
    packs together.

    Kills Catalogue.__post_init__'s mutants (the operators' order, each derived set, ``position``, ``pack_index``),
    by_operator's merge and plan_spec/pack_spec's match."""
    catalogue = load_sources([("a-op2-packs.yaml", OP2_PACKS.encode()), ("op.yaml", OP.encode()),
                              ("op2.yaml", OP2.encode())])
    assert catalogue.operators == ("op", "op2")
    assert catalogue.currencies == frozenset({"CNY", "USD"})
    assert catalogue.memberships == frozenset({"club"})
    assert catalogue.benefits == frozenset({"cloud-drive", "video-vip", "hk-perk", "music"})
    assert {"CN-BJ", "CN-SH", "US-CA", "US-NY"} <= catalogue.regions
    china = Catalogue(catalogue.plans, catalogue.packs, specs=tuple(f for f in catalogue.specs if f.plans[:1]
                                                                     and f.operator.country == "CN"))
    assert "CN-BJ" in china.regions and "US-CA" not in china.regions
    assert list(catalogue.plan_index) == ["full", "slow", "flat", "o2"]
    assert dict(catalogue.position) == {"full": 0, "slow": 1, "flat": 2, "o2": 3}
    assert {k: p.id for k, p in catalogue.pack_index.items()} == {
        "o2-data": "o2-data", "boost": "boost", "sat": "sat", "sat2": "sat2", "sat3": "sat3"}
    assert catalogue.pack_index["o2-data"].adds == {"data_mb": 2048}  # 2 GB at op2's 1024 MB
    merged = catalogue.by_operator()
    assert [(f.operator.id, [p.id for p in f.plans], [p.id for p in f.packs]) for f in merged] == [
        ("op2", ["o2"], ["o2-data"]), ("op", ["full", "slow", "flat"], ["boost", "sat", "sat2", "sat3"])]
    spec = catalogue.plan_spec("flat")
    assert spec is not None and spec.id == "flat" and catalogue.plan_spec("o2-data") is None
    pack = catalogue.pack_spec("sat2")
    assert pack is not None and pack.id == "sat2" and catalogue.pack_spec("flat") is None


def test_a_catalogue_built_without_files_lists_its_plans_operators_once_in_order() -> None:
    """No plan files (tests build catalogues so): the operators are the plans', each once, in the plans' order."""
    def plan(plan_id: str, operator: str) -> Plan:
        return Plan(plan_id, operator, plan_id, 1000, {}, 100, 10)

    catalogue = Catalogue((plan("a", "y"), plan("b", "x"), plan("c", "y")), ())
    assert catalogue.operators == ("y", "x")
    assert catalogue.currencies == frozenset({"CNY"}) and catalogue.memberships == frozenset()
    assert catalogue.plans[0].tariffs["satellite_sms"] == Tariff(0, 1, None)  # (every meter not given: none)
    assert catalogue.plans[0].tariffs["roaming_voice_s"] == Tariff(0, 60, None)  # (a meter in seconds: minutes)


def test_the_packs_for_a_plan_are_those_of_its_operator_for_any_plan_or_naming_it_in_file_order() -> None:
    """full: boost (naming it), sat, sat2 and sat3 (any plan of op); slow: sat, sat2 and sat3; o2: op2's o2-data
    alone.  The plans some pack of a set fits: boost → full and flat; sat → op's three; o2-data → o2; none → none.

    Kills Catalogue.packs_for's and plans_sold's mutants (the index, the operator check, any/all)."""
    catalogue = load_sources([("a-op2-packs.yaml", OP2_PACKS.encode()), ("op.yaml", OP.encode()),
                              ("op2.yaml", OP2.encode())])
    ids = {plan.id: [p.id for p in catalogue.packs_for(plan)] for plan in catalogue.plans}
    assert ids == {"full": ["boost", "sat", "sat2", "sat3"], "slow": ["sat", "sat2", "sat3"],
                   "flat": ["boost", "sat", "sat2", "sat3"], "o2": ["o2-data"]}
    assert catalogue.plans_sold(frozenset({"boost"})) == frozenset({"full", "flat"})
    assert catalogue.plans_sold(frozenset({"sat", "o2-data"})) == frozenset({"full", "slow", "flat", "o2"})
    assert catalogue.plans_sold(frozenset({"o2-data"})) == frozenset({"o2"})
    assert catalogue.plans_sold(frozenset()) == frozenset()


def test_a_catalogue_less_some_packs_keeps_its_plans_and_the_rest_of_its_packs() -> None:
    """Less boost: full's packs are sat, sat2 and sat3, the plans and version the same; asked again, the same view; less
    nothing, the catalogue itself.

    Kills Catalogue.without_packs's mutants (the packs kept, the view kept for reuse)."""
    catalogue = _catalogue()
    assert catalogue.without_packs(frozenset()) is catalogue
    view = catalogue.without_packs(frozenset({"boost"}))
    assert [p.id for p in view.packs] == ["sat", "sat2", "sat3"]
    assert view.plans == catalogue.plans and view.version == catalogue.version and view.specs == catalogue.specs
    assert [p.id for p in view.packs_for(view.plan_index["full"])] == ["sat", "sat2", "sat3"]
    assert catalogue.without_packs(frozenset({"boost"})) is view


def _plan(plan_id: str, operator: str = "op", rule: SaleConditions = ANYONE) -> Plan:
    return Plan(plan_id, operator, plan_id, 1000, {}, 100, 10, rule=rule)


def _pack(pack_id: str, operator: str = "op", rule: SaleConditions = ANYONE, plans: frozenset[str] | None = None,
          excludes: frozenset[str] = frozenset()) -> Pack:
    return Pack(pack_id, operator, pack_id, 500, plans=plans, excludes=excludes, rule=rule)


NEW = SaleConditions(customers="new")
EXISTING = SaleConditions(customers="existing", existing_of=frozenset({"op"}))


def test_a_pack_is_kept_off_the_plans_and_packs_no_one_buying_it_could_also_buy() -> None:
    """Operator op: plans a (anyone), b (op's existing customers), c (Beijing); packs p1 (anyone), p2 (new
    customers), p3 (op's existing customers in Shanghai, for b and c), p4 (aged 60 or more, for a, excluding p1),
    p5 (aged 59 at most).  p1: kept.  p2: off b (new to op and its customer), so on a and c; excludes p3.  p3: off c
    (Beijing and Shanghai), so on b alone (of b and c); excludes p2.  p4: on a still (no plan apart), excludes p1 and
    p5 (60 > 59).  p5: excludes p4.  p6 (Shanghai, no pack apart from it): off c, so on a and b.  Operator other
    (plan x for new customers, pack q for anyone): q kept.  Operator solo (no plans): s1 (new) excludes s2 (solo's
    existing customers), and s2 s1, their plans any still.

    Kills sold_together's mutants (the rules by operator, the plans and packs apart, the plans that fit, the
    exclusions added, a pack not apart from itself) and one_person_may_meet's (regions, ages, new and existing)."""
    shanghai = SaleConditions(customers="existing", existing_of=frozenset({"op"}), regions=frozenset({"CN-SH"}))
    old, young = SaleConditions(age_min=60), SaleConditions(age_max=59)
    in_shanghai = SaleConditions(regions=frozenset({"CN-SH"}))
    solo_existing = SaleConditions(customers="existing", existing_of=frozenset({"solo"}))
    plans = (_plan("a"), _plan("b", rule=EXISTING), _plan("c", rule=SaleConditions(regions=frozenset({"CN-BJ"}))),
             _plan("x", "other", NEW))
    packs = (_pack("p1"), _pack("p2", rule=NEW), _pack("p3", rule=shanghai, plans=frozenset({"b", "c"})),
             _pack("p4", rule=old, plans=frozenset({"a"}), excludes=frozenset({"p1"})), _pack("p5", rule=young),
             _pack("p6", rule=in_shanghai), _pack("q", "other"), _pack("s1", "solo", NEW),
             _pack("s2", "solo", solo_existing))
    assert sold_together(plans, packs) == (
        _pack("p1"), _pack("p2", rule=NEW, plans=frozenset({"a", "c"}), excludes=frozenset({"p3"})),
        _pack("p3", rule=shanghai, plans=frozenset({"b"}), excludes=frozenset({"p2"})),
        _pack("p4", rule=old, plans=frozenset({"a"}), excludes=frozenset({"p1", "p5"})),
        _pack("p5", rule=young, excludes=frozenset({"p4"})), _pack("p6", rule=in_shanghai, plans=frozenset({"a", "b"})),
        _pack("q", "other"),
        _pack("s1", "solo", NEW, excludes=frozenset({"s2"})),
        _pack("s2", "solo", solo_existing, excludes=frozenset({"s1"})))


def test_one_person_may_meet_two_items_of_one_age_one_region_and_new_or_existing_not_both() -> None:
    """Aged 60 or more and 60 at most: one may be 60; 59 at most: none; anyone and 0 at most: a newborn.  Beijing
    and China: one place.  New to op and op's existing customer: no one; new to op and a customer of op2 (or of op
    and op2): one may be.  Existing customers of two operators: one may be (two SIMs).  Nothing said: anyone."""
    assert one_person_may_meet(SaleConditions(age_min=60), SaleConditions(age_max=60), "op")
    assert not one_person_may_meet(SaleConditions(age_min=60), SaleConditions(age_max=59), "op")
    assert not one_person_may_meet(SaleConditions(age_max=59), SaleConditions(age_min=60), "op")
    assert one_person_may_meet(SaleConditions(age_min=18, age_max=30), SaleConditions(age_min=30, age_max=40), "op")
    newborn = SaleConditions(age_max=0)  # (no least age: 0, so a person aged 0 meets both)
    assert one_person_may_meet(ANYONE, newborn, "op") and one_person_may_meet(newborn, ANYONE, "op")
    assert one_person_may_meet(SaleConditions(regions=frozenset({"CN-BJ"})), SaleConditions(regions=frozenset({"CN"})),
                               "op")
    assert one_person_may_meet(SaleConditions(regions=frozenset({"CN-BJ"})), ANYONE, "op")
    assert not one_person_may_meet(NEW, EXISTING, "op") and not one_person_may_meet(EXISTING, NEW, "op")
    both = SaleConditions(customers="existing", existing_of=frozenset({"op", "op2"}))
    assert one_person_may_meet(NEW, both, "op") and one_person_may_meet(both, NEW, "op")
    assert one_person_may_meet(EXISTING, SaleConditions(customers="existing", existing_of=frozenset({"op2"})), "op")
    assert one_person_may_meet(NEW, NEW, "op") and one_person_may_meet(ANYONE, ANYONE, "op")


def test_conditions_of_sale_name_their_one_membership_and_read_their_window_both_days_in() -> None:
    """One membership: it; two or none: "".  Sold 2026-07-01 to 2026-12-31: on sale on both days, not the day
    before or after."""
    assert SaleConditions(members_of=frozenset({"club"})).membership == "club"
    assert SaleConditions(members_of=frozenset({"club", "vip"})).membership == ""
    assert ANYONE.membership == ""
    rule = SaleConditions(available_from=datetime.date(2026, 7, 1), available_until=datetime.date(2026, 12, 31))
    days = [datetime.date(2026, 6, 30), datetime.date(2026, 7, 1), datetime.date(2026, 12, 31),
            datetime.date(2027, 1, 1)]
    assert [rule.on_sale(day) for day in days] == [False, True, True, False]
    assert [ANYONE.on_sale(day) for day in days] == [True] * 4


def test_promotions_run_one_after_another_and_no_terms_are_none() -> None:
    """Promotions ending at months 3, 6 and 12: months 1-3, 4-6 and 7-12.  ``Terms()`` is none; any term is not."""
    assert promotion_spans([3, 6, 12]) == [(1, 3), (4, 6), (7, 12)]
    assert promotion_spans([]) == []
    assert Terms().none and not Terms(one_off_fen=1).none and not Terms(promotions=((3, 4400),)).none


def test_who_asked_a_catalogue_is_pickled_empty() -> None:
    """What a catalogue keeps of the people who asked it comes back from a pickle empty, still an ``Unpickled``."""
    back = pickle.loads(pickle.dumps(Unpickled({"someone": 1})))
    assert back == {} and type(back) is Unpickled


def test_a_figure_of_no_whole_unit_is_refused_not_truncated() -> None:
    """A pack adding 0.001 GB: 1 MB where a GB is 1000 MB; 1.024 MB where it is 1024, refused (never truncated to 1).

    Kills _value line 397's check forced False or deleted (mutants 1281, 1282: 1 MB)."""
    spec = PackSpec.model_validate({"id": "tiny", "name": "小", "name_en": "Tiny", "kind": "data",
                                    "price": {"value": 1, "source": "seed:x"},
                                    "adds": {"data_gb": {"value": "0.001", "source": "seed:x"}}})
    assert compile_pack("op", spec, 1000).adds == {"data_mb": 1}
    with pytest.raises(ValueError, match=r"^0\.001 is not a whole number of units at 1024 per unit$"):
        compile_pack("op", spec, 1024)


def test_a_catalogue_keeps_64_views_and_256_sets_of_packs_found_at_most() -> None:
    """64 views less a pack each are kept (asked again: the same view); a 65th drops the first asked (asked again: a
    view made anew) and no other.  The plans some pack fits are kept for 256 sets of packs; a 257th forgets them all.

    Kills Catalogue.without_packs lines 338-339 (the bound '>=' as '>', forced False or deleted, the oldest not
    dropped: mutants 1194-1197) and plans_sold lines 366-368 (kept sets not read: 1225, the bound forced, '>=' as
    '>', deleted, nothing cleared: 1229-1233)."""
    catalogue = _catalogue()
    views = [catalogue.without_packs(frozenset({f"x{i}"})) for i in range(64)]
    assert all(catalogue.without_packs(frozenset({f"x{i}"})) is views[i] for i in range(64))
    catalogue.without_packs(frozenset({"x64"}))
    assert catalogue.without_packs(frozenset({"x1"})) is views[1]
    assert catalogue.without_packs(frozenset({"x0"})) is not views[0]
    found = [catalogue.plans_sold(frozenset({"boost", f"y{i}"})) for i in range(256)]
    assert all(catalogue.plans_sold(frozenset({"boost", f"y{i}"})) is found[i] for i in range(256))
    assert found[0] == frozenset({"full", "flat"})
    catalogue.plans_sold(frozenset({"boost", "y256"}))
    assert catalogue.plans_sold(frozenset({"boost", "y0"})) is not found[0]
