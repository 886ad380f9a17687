"""The cost model on hand-worked examples: every fen accounted for."""

from dataclasses import replace
from decimal import Decimal

from recommender.answer import recommend
from recommender.catalogue import DEFAULT_PLANS, Catalogue, Pack, Plan, Tariff, load_catalogue, load_sources
from recommender.catalogue.model import UNLIMITED, BillingRules, ExtraLines
from recommender.cost import (
    MAX_KEPT_CHECKS,
    Bundle,
    OverageRule,
    blockers,
    fixed,
    hardest_month,
    meter_rule,
    most_added,
    price,
    rule_violations,
)
from recommender.messages import Message, render
from recommender.money import format_yuan, yuan_as_typed, yuan_to_fen
from recommender.profile import Profile


def en(messages: list[Message]) -> list[str]:
    return [render(m) for m in messages]


MB = 1024
PLAN = Plan("p", "china-unicom", "plan", 5900, {
    "data_mb": Tariff(20 * MB, MB, 300), "voice_s": Tariff(100 * 60, 60, 15), "sms": Tariff(0, 1, 10),
    "roaming_data_mb": Tariff(0, MB, None), "roaming_voice_s": Tariff(0, 60, None),
}, downlink_mbps=1000, uplink_mbps=100)
THROTTLED = Plan("t", "china-unicom", "capped", 9900, {**PLAN.tariffs, "data_mb": Tariff(10 * MB, MB, None)},
                 downlink_mbps=1000, uplink_mbps=100, throttle_kbps=1000)
DATA = Pack("d", "china-unicom", "data 10G", 2190, {"data_mb": 10 * MB}, uplink_mbps=300, max_count=2,
            free_with=frozenset({"t"}))
ROAM = Pack("r", "china-unicom", "roam", 6000, {"roaming_data_mb": 5 * MB}, group="g", excludes=frozenset({"d"}))
CAT = Catalogue((PLAN, THROTTLED), (DATA, ROAM))


def profile(**fields: object) -> Profile:
    return Profile.model_validate(fields)


def test_overage_is_charged_per_started_unit() -> None:
    # 25.001 GB on 20 GB: 5.001 GB over = 6 started GB at ¥3; 130 min on 100 = 30 × ¥0.15; 7 SMS × ¥0.10.
    costing = price(CAT, profile(data_gb=Decimal("25.001"), voice_minutes=130, sms=7), Bundle("p"))
    assert [(line.kind, line.fen) for line in costing.lines] == [
        ("base", 5900), ("overage", 6 * 300), ("overage", 30 * 15), ("overage", 7 * 10)]
    assert costing.total_fen == 5900 + 1800 + 450 + 70
    assert costing.meets_needs and costing.headroom["data_mb"] == 0


def test_packs_add_allowance_and_capabilities() -> None:
    costing = price(CAT, profile(data_gb=35, needs={"min_uplink_mbps": 300}), Bundle("p", (("d", 2),)))
    assert costing.total_fen == 5900 + 2 * 2190
    assert costing.headroom["data_mb"] == 5 * MB
    assert {n.need: n.met for n in costing.needs} == {"min_uplink_mbps": True}
    without = price(CAT, profile(data_gb=35, needs={"min_uplink_mbps": 300}), Bundle("p"))
    assert not without.meets_needs and without.total_fen == 5900 + 15 * 300
    # a data pack adds data alone: 7 SMS on the plan's 0 are 7 × ¥0.10 over with or without it
    texts = price(CAT, profile(data_gb=35, sms=7), Bundle("p", (("d", 2),)))
    assert texts.total_fen == 5900 + 2 * 2190 + 7 * 10 and texts.headroom["sms"] == 0


def test_a_bundles_capability_checks_kept_are_each_profiles_own() -> None:
    # kept with the bundle's fixed part per levels needed and needs the plan leaves unserved: the same bundle asked by
    # profiles needing other speeds, for other days, in either order, checks each's own (as computed afresh)
    needs = [{"min_uplink_mbps": 300}, {"min_uplink_mbps": 300, "uplink_days": 1}, {"min_uplink_mbps": 400},
             {"min_uplink_mbps": 100}, {"min_downlink_mbps": 2000}, {}]
    for bundle in (Bundle("p", (("d", 2),)), Bundle("p"), Bundle("p", (("d", 1),))):
        fresh = []
        for need in needs:
            fresh.append(price(Catalogue(CAT.plans, CAT.packs), profile(data_gb=35, needs=need), bundle).needs)
        for order in (needs, needs[::-1]):
            kept = {str(need): price(CAT, profile(data_gb=35, needs=need), bundle).needs for need in order}
            assert [kept[str(need)] for need in needs] == fresh


def test_a_bundle_keeps_the_checks_of_a_bounded_number_of_needs() -> None:
    # however varied the needs asked of one bundle (here the days of an uplink need), it keeps the checks of at most
    # MAX_KEPT_CHECKS sets of them, and each answer checks its own needs (as computed afresh)
    bundle = Bundle("p", (("d", 1),))
    kept: set[object] = set()
    for days in range(1, 31):
        need = {"min_uplink_mbps": 300, "uplink_days": days}
        assert price(CAT, profile(data_gb=35, needs=need), bundle).needs == \
            price(Catalogue(CAT.plans, CAT.packs), profile(data_gb=35, needs=need), bundle).needs
        capabilities = fixed(CAT, bundle, False).capabilities
        assert len(capabilities) <= MAX_KEPT_CHECKS
        kept.update(capabilities)
    assert len(kept) > MAX_KEPT_CHECKS  # (the sets asked outnumber the bound: it was reached)


def test_free_with_plan_and_throttling() -> None:
    costing = price(CAT, profile(data_gb=30), Bundle("t", (("d", 1),)))
    assert [line.fen for line in costing.lines] == [9900, 0]
    assert not costing.meets_needs  # 20 GB of 30 GB: the cap throttles and the profile does not accept it
    accepted = price(CAT, profile(data_gb=30, allow_throttling=True), Bundle("t", (("d", 1),)))
    assert accepted.meets_needs and accepted.total_fen == 9900
    assert accepted.lines[-1].kind == "throttled"
    # one MB beyond the 10 GB (the plan only throttles): a throttled line of that MB, at no charge
    edge = price(CAT, profile(data_gb=Decimal(10) + Decimal(1) / MB, allow_throttling=True), Bundle("t"))
    assert [(line.kind, line.fen, line.quantity) for line in edge.lines] == [("base", 9900, 1), ("throttled", 0, 1)]



def test_throttled_data_fits_a_speed_need_up_to_the_throttled_speed_exactly() -> None:
    # 30 GB on the ¥99 plan that throttles beyond 10 GB, throttling accepted, needing 1 Mbps down: throttled at
    # 1,000 kbps it fits at ¥99.00 (20 GB slowed, no charge); at 999 kbps the throttled data is slower than the need
    # and nothing else is possible beyond the allowance: it does not fit.
    needs = profile(data_gb=30, allow_throttling=True, needs={"min_downlink_mbps": 1})
    at = price(CAT, needs, Bundle("t"))
    assert at.meets_needs and at.total_fen == 9900 and [line.kind for line in at.lines] == ["base", "throttled"]
    slower = replace(THROTTLED, throttle_kbps=999)
    below = price(Catalogue((slower,), ()), needs, Bundle("t"))
    assert not below.meets_needs and [(n.need, n.met) for n in below.needs] == [("data_mb", False),
                                                                               ("min_downlink_mbps", True)]


def test_a_plans_meter_rules_are_kept_per_meter_and_whether_throttling_fits() -> None:
    # made once per plan (asked of every overage line priced), and never one profile's for another's: the rule of a
    # plan that only throttles data is free beyond the allowance for a person who accepts throttling, else none
    refuses, accepts = profile(data_gb=30), profile(data_gb=30, allow_throttling=True)
    assert meter_rule(THROTTLED, "data_mb", refuses) == OverageRule(MB, None)
    assert meter_rule(THROTTLED, "data_mb", accepts) == OverageRule(MB, 0, throttled=True)  # (free: slowed)
    assert meter_rule(THROTTLED, "data_mb", refuses) is meter_rule(THROTTLED, "data_mb", profile(data_gb=1))
    assert meter_rule(THROTTLED, "data_mb", accepts) is meter_rule(THROTTLED, "data_mb", accepts)
    assert meter_rule(THROTTLED, "voice_s", accepts) is meter_rule(THROTTLED, "voice_s", refuses) == OverageRule(60, 15)
    assert meter_rule(PLAN, "voice_s", accepts) is not meter_rule(THROTTLED, "voice_s", accepts)  # (each plan's own)

def test_rules_and_hard_needs() -> None:
    assert en(rule_violations(PLAN, [(DATA, 3)])) == ["d can be stacked at most 2 times"]
    # An exclusion declared on one pack holds whichever order the packs come in.
    assert en(rule_violations(PLAN, [(DATA, 1), (ROAM, 1)])) == ["r cannot be combined with d"]
    assert en(rule_violations(PLAN, [(ROAM, 1), (DATA, 1)])) == ["r cannot be combined with d"]
    assert en(rule_violations(PLAN, [(ROAM, 1)])) == []
    roaming = profile(needs={"roaming": {"data_gb": 6}})
    assert en(blockers(CAT, PLAN, roaming)) == ["roaming data allowance at most 5 GB < 6 GB needed"]
    assert en(blockers(CAT, PLAN, profile(needs={"min_uplink_mbps": 400}))) == [
        "upload speed up to 100 Mbps, at most 300 Mbps with its packs, < 400 Mbps needed"]


def test_a_capability_nothing_on_the_plan_gives_is_missing_and_one_it_gives_slowly_is_its_speed() -> None:
    """``_capability_blockers``: broadband, which neither PLAN nor its packs give (level 0), is missing (not "broadband
    0 Mbps"); a plan giving 1 Mbps up (its packs: none) says its speed, 1 Mbps, short of the 100 needed."""
    [missing] = blockers(CAT, PLAN, profile(needs={"broadband": True}))
    assert (missing.code, missing.params) == ("missing_capability", {"capability": "broadband"})
    slow = replace(PLAN, id="slow", uplink_mbps=1)
    [speed] = blockers(Catalogue((slow,), ()), slow, profile(needs={"min_uplink_mbps": 100}))
    assert (speed.code, speed.params) == ("speed", {"direction": "uplink", "have": 1, "need": 100})


def test_a_meter_without_a_rate_is_met_by_a_packs_allowance_below_its_total() -> None:
    # SMS: 10 included and no rate beyond (usage past the allowance does not fit); a ¥5 pack adds 100.  50 texts with
    # the pack: 40 beyond the plan's own 10, within the bundle's 110, so nothing is over and it fits: ¥59 + ¥5 = ¥64.00,
    # the need said met (50 of 110).  Without the pack: 40 over, no rate, it does not fit.
    plan = Plan("s", "china-unicom", "plan", 5900, {**PLAN.tariffs, "sms": Tariff(10, 1, None)}, 1000, 100)
    texts = Pack("t", "china-unicom", "texts", 500, {"sms": 100})
    catalogue = Catalogue((plan,), (texts,))
    costing = price(catalogue, profile(sms=50), Bundle("s", (("t", 1),)))
    assert costing.total_fen == 6400 and costing.meets_needs
    assert [(n.need, n.required, n.provided, n.met) for n in costing.needs] == [("sms", 50, 110, True)]
    without = price(catalogue, profile(sms=50), Bundle("s"))
    assert [(n.need, n.required, n.provided, n.met) for n in without.needs] == [("sms", 50, 10, False)]


def test_app_data_covering_the_whole_month_leaves_no_general_data() -> None:
    # ¥59 with no general data (¥3 a started GB beyond) and 30 GB of video app data: 5 GB, all of it video, is on
    # the video allowance; no general data is used, nothing is over: ¥59.00.
    plan = Plan("v", "china-unicom", "video", 5900, {**PLAN.tariffs, "data_mb": Tariff(0, MB, 300)}, 1000, 100,
                app_data=((frozenset({"video"}), 30 * MB),))
    costing = price(Catalogue((plan,), ()), profile(data_gb=5, app_share={"video": 5}), Bundle("v"))
    assert [(line.kind, line.fen) for line in costing.lines] == [("base", 5900)] and costing.meets_needs


def test_an_unlimited_roaming_pool_is_unlimited_after_trips_priced_trip_by_trip() -> None:
    # unlimited roaming data, Europe at ¥60/GB (a rate by zone, so trips are priced trip by trip): a 1 GB trip to
    # Europe is on the pool, ¥59.00, and the data left is still without limit (-1), as for a month's allowance.
    plan = Plan("u", "china-unicom", "roam", 5900, {**PLAN.tariffs, "roaming_data_mb": Tariff(UNLIMITED, MB, None)},
                1000, 100, zone_rates={"europe": (6000, None)})
    costing = price(Catalogue((plan,), ()), profile(needs={"roaming": [{"zone": "europe", "data_gb": 1}]}),
                    Bundle("u"))
    assert costing.total_fen == 5900 and costing.meets_needs and costing.headroom["roaming_data_mb"] == -1


def test_budget_is_a_hard_limit_on_the_effective_price() -> None:
    over = recommend(CAT, profile(budget_fen=5899, exclude_operators=[]), top_k=5)
    assert [r.plan_id for r in over.recommendations] == []
    assert en(over.excluded[0].reasons) == [
        "its cheapest fitting bundle costs ¥59.00 a month, over the budget of ¥58.99"]
    assert [r.plan_id for r in recommend(CAT, profile(budget_fen=5900), top_k=5).recommendations] == ["p"]


def test_shipped_unicom_speed_pack_is_free_from_299() -> None:
    catalogue = load_catalogue(DEFAULT_PLANS)
    fee = {pid: price(catalogue, profile(), Bundle(pid, (("cu-speed-pack", 1),))).lines[1].fen
           for pid in ("cu-5g-59", "cu-5ga-youth", "cu-5ga-cloud", "cu-5ga-business")}
    assert fee == {"cu-5g-59": 3900, "cu-5ga-youth": 3900, "cu-5ga-cloud": 0, "cu-5ga-business": 0}


def test_money_helpers() -> None:
    assert yuan_to_fen("21.9") == 2190 and yuan_to_fen(Decimal("0.07")) == 7
    assert format_yuan(123456) == "¥1,234.56" and format_yuan(-5) == "-¥0.05"


def test_fen_as_typed_yuan_read_back_exactly() -> None:
    """The form fills its fields from a profile in yuan as typed, with ``money.yuan_as_typed``: one conversion, in
    money.py (the review: the form wrote its own ``_yuan`` beside the ``_yuan`` of batch/report.py)."""
    assert [yuan_as_typed(f) for f in (5900, 5950, 5905, 5, 0, 123456789)] == \
        ["59", "59.5", "59.05", "0.05", "0", "1234567.89"]
    assert all(yuan_to_fen(yuan_as_typed(f)) == f for f in range(-250, 100_000, 7))


THOUSAND_MB_GB = """\
operator: {id: china-unicom, name: 中国联通, name_en: China Unicom}
currency: CNY
plans:
  - id: p1
    name: plan
    name_en: plan
    monthly_fee: {value: 100, source: "assumption: test"}
    data_gb: {value: 10, source: "assumption: test"}
    voice_minutes: {value: 0, source: "assumption: test"}
    sms: {value: 0, source: "assumption: test"}
    downlink_mbps: {value: 1000, source: "assumption: test"}
    uplink_mbps: {value: 100, source: "assumption: test"}
    overage: {data_per_gb: {value: 3, source: "assumption: test"}, voice_per_minute: {value: 0.1, source:
      "assumption: test"}, sms_each: {value: 0.1, source: "assumption: test"}}
    billing: {mb_per_gb: {gb}, data_unit_mb: {gb}}
"""


def test_an_overage_line_counts_the_gb_its_rate_is_per() -> None:
    """A plan billing data in GB of 1000 MB charges ¥3 per such GB: 30 GB used of 10 is 20 of its GB
    over (¥60.00), and the line says so (not 19.53 GB of 1024 MB at ¥3.00/GB); a 1024 MB plan's line
    is unchanged, with no extra parameter."""
    for gb, shown in ((1000, "data overage: 20 GB at ¥3.00/GB"), (1024, "data overage: 20 GB at ¥3.00/GB")):
        catalogue = load_sources([("x.yaml", THOUSAND_MB_GB.replace("{gb}", str(gb)).encode())])
        profile = Profile(data_gb=Decimal(30 * gb) / 1024)
        [line] = [x for x in price(catalogue, profile, Bundle("p1")).lines if x.kind == "overage"]
        assert (line.fen, render(line.label)) == (6000, shown)
        assert line.label.params.get("mb_per_gb") == (1000 if gb == 1000 else None)


def test_an_overage_line_keeps_its_parameters_in_order() -> None:
    """The documents give a label's parameters in the order they were made; an overage line's fixed part is made
    once per plan and meter (``cost.Charging``) and the usage's put around it: meter, quantity, then the rate,
    currency, per and cap, then the extra line's number, then the plan's GB size."""
    capped = Tariff(10 * 1000, 1000, 300, tiers=((5, 300), (None, 200)), cap_fen=6000)
    plan = Plan("g", "china-unicom", "plan", 5900, {**PLAN.tariffs, "data_mb": capped}, 1000, 100,
                billing=BillingRules(mb_per_gb=1000),
                extra_lines=ExtraLines(1, 1000, frozenset({"voice_s"}), {"data_mb": 3000}))
    household = profile(lines=[{"data_gb": 30}, {"data_gb": 30}])
    labels = [line.label for line in price(Catalogue((plan,), ()), household, Bundle("g")).lines
              if line.kind == "overage"]
    assert [(m.code, list(m.params)) for m in labels] == [
        ("line.overage.tiered", ["meter", "quantity", "rate_fen", "currency", "per", "cap_fen", "mb_per_gb"]),
        ("line.overage.tiered", ["meter", "quantity", "rate_fen", "currency", "per", "cap_fen", "extra_line",
                                 "mb_per_gb"])]
    assert [m.params["extra_line"] for m in labels[1:]] == [1]


def test_a_throttled_line_counts_the_gb_of_its_plan_as_the_overage_beside_it() -> None:
    """On a plan whose GB is 1000 MB, a slowed line says how much in that plan's GB, as the overage line of
    the same bill does: 30 GB of 1000 MB used on 10 included and 5 more at full speed is 5 GB charged and 15
    slowed (not 14.65 GB of 1024 MB beside '5 GB at ¥3.00/GB'); a 1024 MB plan's line is unchanged."""
    for gb in (1000, 1024):
        text = THOUSAND_MB_GB.replace("{gb}", str(gb)).replace(
            "overage: {data_per_gb:", "overage: {throttle_kbps: {value: 1000, source: \"assumption: test\"}, "
            "full_speed_extra_gb: {value: 5, source: \"assumption: test\"}, data_per_gb:")
        catalogue = load_sources([("x.yaml", text.encode())])
        profile = Profile(data_gb=Decimal(30 * gb) / 1024, allow_throttling=True)
        lines = price(catalogue, profile, Bundle("p1")).lines
        [charged] = [x for x in lines if x.kind == "overage"]
        [slowed] = [x for x in lines if x.kind == "throttled"]
        assert render(charged.label) == "data overage: 5 GB at ¥3.00/GB"
        assert render(slowed.label) == "data beyond the allowance: 15 GB slowed to 1000 kbps, no charge"
        assert slowed.label.params.get("mb_per_gb") == (1000 if gb == 1000 else None)



def test_a_free_full_speed_stretch_is_a_line_at_no_charge() -> None:
    """A full-speed stretch with no data rate (达量限速, nothing charged before the throttle) is used at no charge, and
    the bill says so: 13 GB on 10 included and 5 more at full speed is 3 GB at full speed for ¥0.00 (the bill had no
    line for it, where a throttled stretch has its ¥0.00 line: found by the tariff-structure review); 18 GB is the 5 GB
    stretch and 3 GB slowed.  Whether the profile takes throttling does not change the stretch."""
    text = THOUSAND_MB_GB.replace("{gb}", "1024").replace(
        "overage: {data_per_gb: {value: 3, source: \"assumption: test\"},",
        "overage: {throttle_kbps: {value: 1000, source: \"assumption: test\"}, "
        "full_speed_extra_gb: {value: 5, source: \"assumption: test\"},")
    catalogue = load_sources([("x.yaml", text.encode())])
    for throttling in (True, False):
        costing = price(catalogue, Profile(data_gb=Decimal(13), allow_throttling=throttling), Bundle("p1"))
        assert [(x.kind, x.fen, x.quantity, render(x.label)) for x in costing.lines[1:]] == [
            ("overage", 0, 3, "data beyond the allowance: 3 GB at full speed, no charge")]
        assert render(costing.lines[1].label, "zh") == "超出套餐的流量（3 GB）全速使用，不另收费"
        assert costing.total_fen == 10000 and costing.meets_needs
    costing = price(catalogue, Profile(data_gb=Decimal(18), allow_throttling=True), Bundle("p1"))
    assert [(x.kind, x.fen, render(x.label)) for x in costing.lines[1:]] == [
        ("overage", 0, "data beyond the allowance: 5 GB at full speed, no charge"),
        ("throttled", 0, "data beyond the allowance: 3 GB slowed to 1000 kbps, no charge")]


GB_EVERYWHERE = THOUSAND_MB_GB.replace("    billing: {mb_per_gb: {gb}, data_unit_mb: {gb}}\n", """\
    billing: {mb_per_gb: {gb}}
    app_data_gb: [{apps: [video], gb: {value: 2, source: "assumption: test"}}]
    roaming:
      data_gb: {value: 1, source: "assumption: test"}
      voice_minutes: {value: 0, source: "assumption: test"}
      day_pass:
        price: {value: 25, source: "assumption: test"}
        data_gb: {value: 4, source: "assumption: test"}
        voice_minutes: {value: 0, source: "assumption: test"}
    extra_lines:
      max: 2
      fee: {value: 10, source: "assumption: test"}
      source: "assumption: test"
      shared: [voice]
      per_line:
        data_gb: {value: 3, source: "assumption: test"}
packs:
  - id: k1
    name: pack
    name_en: pack
    kind: data
    price: {value: 5, source: "assumption: test"}
    adds: {data_gb: {value: 5, source: "assumption: test"}}
    app_data_gb: [{apps: [music], gb: {value: 6, source: "assumption: test"}}]
""")


def test_every_gb_of_a_file_is_the_files_gb() -> None:
    """A file whose GB is 1000 MB says so for every data figure, not only the plan's allowance: the pool,
    the day pass, app data, an extra line's own data, and what a pack adds (the random plan-file test
    rarely lines up the draws that would show a mistake in the last four)."""
    for gb in (1000, 1024):
        catalogue = load_sources([("x.yaml", GB_EVERYWHERE.replace("{gb}", str(gb)).encode())])
        plan, pack = catalogue.plan_index["p1"], catalogue.packs[0]
        assert plan.extra_lines is not None and plan.day_pass is not None
        assert (plan.tariffs["data_mb"].included, plan.tariffs["roaming_data_mb"].included) == (10 * gb, 1 * gb)
        assert (plan.day_pass.data_mb, plan.extra_lines.per_line["data_mb"]) == (4 * gb, 3 * gb)
        assert plan.app_data == ((frozenset({"video"}), 2 * gb),)
        assert (pack.adds["data_mb"], pack.app_data) == (5 * gb, ((frozenset({"music"}), 6 * gb),))


def test_a_data_cap_counts_only_packs_that_may_be_bought_together() -> None:
    """Found by the hand check: in Shanghai, 150 GB on the Unicom youth card (100 GB, then slowed) was put down to
    "no combination of its packs meets every need at once": its three data packs, which exclude each other, were
    summed to 160 GB.  At most one of them goes on it, so its cap is 130 GB, and the reason says so.  Groups are
    one pack each too, and a bound is still a bound past the packs it weighs exactly."""
    catalogue = load_catalogue(DEFAULT_PLANS)
    answer = recommend(catalogue, Profile.model_validate({"data_gb": 150, "voice_minutes": 100,
                                                          "about": {"region": "CN-SH", "age": 22}}), top_k=3)
    [youth] = [e for e in answer.excluded if e.plan_id == "cu-5ga-youth"]
    assert [render(m) for m in youth.reasons] == ["data cap (throttles beyond it) at most 130 GB < 150 GB needed"]

    def pack(pid: str, gb: int, count: int = 1, group: str | None = None,
             excludes: frozenset[str] = frozenset()) -> Pack:
        return Pack(pid, "op", "data", 100, adds={"data_mb": gb * 1024}, max_count=count, group=group,
                    excludes=excludes)

    packs = [pack("a", 10, excludes=frozenset({"b"})), pack("b", 30), pack("c", 5, 2, "g"), pack("d", 8, group="g"),
             pack("e", 1, 3)]
    assert most_added(packs, "data_mb") == (30 + 10 + 3) * 1024  # b not a; c×2 (10) over d (8); e×3
    assert most_added(packs, "voice_s") == 0
    many = [pack(f"p{i}", 1, excludes=frozenset({f"p{i + 1}"})) for i in range(20)]
    assert most_added(many, "data_mb") == 20 * 1024  # (past the exact search: the sum, an upper bound)


def test_the_most_packs_add_is_exact_over_twelve_packs_adding_to_the_meter_whatever_else_is_sold() -> None:
    """``most_added`` weighs every allowed set of up to ``EXACT_UP_TO`` (12) packs adding to a meter, counting only
    those that add to it: twelve data packs, "big" (2 GB) excluding "small" (1 GB), ten more of 1 GB, beside a
    thirteenth adding voice alone.  Exact: big and the ten, 2 + 10 = 12 GB (not the sum's 13 GB, nor small and the
    ten's 11 GB).  A pack adding a single unit adds it: one SMS."""
    def pack(pid: str, adds: dict[str, int], excludes: frozenset[str] = frozenset()) -> Pack:
        return Pack(pid, "op", pid, 100, adds=adds, excludes=excludes)

    packs = [pack("big", {"data_mb": 2 * 1024}, frozenset({"small"})), pack("small", {"data_mb": 1024}),
             *(pack(f"p{i}", {"data_mb": 1024}) for i in range(10)), pack("voice", {"voice_s": 600})]
    assert most_added(packs, "data_mb") == (2 + 10) * 1024
    assert most_added(packs, "voice_s") == 600
    assert most_added([pack("one", {"sms": 1})], "sms") == 1


def test_a_speed_met_only_on_an_assumed_figure_says_so() -> None:
    """Found by the hand-check QA: cu-service-live's 500 Mbps uplink is an assumption (the source gives Unicom's
    5G-A packs 300 Mbps), yet a 400 Mbps need read "uplink_mbps 500 ≥ 400" as a fact.  A need is met on an estimate
    when every part of the bundle reaching it (the plan, a pack bought for long enough) gives it on an assumption."""
    import dataclasses

    sure = dataclasses.replace(DATA, id="sure")
    guessed = dataclasses.replace(DATA, id="guessed", assumed=frozenset({"level:min_uplink_mbps"}))
    guessing = dataclasses.replace(PLAN, id="guessing", uplink_mbps=300, assumed=frozenset({"level:min_uplink_mbps"}))
    view = Catalogue((PLAN, guessing), (sure, guessed))
    need = profile(data_gb=1, needs={"min_uplink_mbps": 200})

    def check(bundle: Bundle) -> tuple[int, bool, bool]:
        (found,) = [c for c in price(view, need, bundle).needs if c.need == "min_uplink_mbps"]
        return found.provided, found.met, found.assumed

    assert check(Bundle("p", (("guessed", 1),))) == (300, True, True)
    assert check(Bundle("p", (("sure", 1),))) == (300, True, False)
    assert check(Bundle("p", (("guessed", 1), ("sure", 1)))) == (300, True, False)  # a sourced part reaches it too
    assert check(Bundle("guessing")) == (300, True, True)
    assert check(Bundle("guessing", (("sure", 1),))) == (300, True, False)
    assert check(Bundle("p")) == (100, False, False)  # (not met: nothing to say of an estimate)
    # the shipped catalogue: the Chongqing livestreaming pack's assumed 500 Mbps, the answer's needs and the CLI
    answer = recommend(load_catalogue(DEFAULT_PLANS), profile(data_gb=60, voice_minutes=300, about={
        "region": "CN-CQ"}, needs={"min_uplink_mbps": 400}), top_k=20).to_dict()
    uplink = {r["plan_id"]: next(n for n in r["needs"] if n["need"] == "min_uplink_mbps")
              for r in answer["recommendations"]}
    assert uplink["cu-wojia-188"] == {"need": "min_uplink_mbps", "required": 400, "provided": 500, "met": True,
                                      "assumed": True}
    assert uplink["ct-5ga-399"]["assumed"] is False  # 上行400Mbps, the source's figure


def test_a_speed_met_exactly_on_an_assumed_figure_says_so() -> None:
    """``level_assumed`` counts the parts of a bundle giving exactly the level needed, and only the parts reaching it:
    300 Mbps up needed (on 3 days for the day pack).  A plan assuming 300 Mbps: assumed, a pack giving 100 Mbps beside
    it (sourced, short of 300) changing nothing; PLAN (100 Mbps) with a pack assuming 300 Mbps: assumed; with a day
    pack assuming 300 Mbps bought on exactly the need's 3 days: assumed."""
    import dataclasses

    guessed = dataclasses.replace(DATA, id="guessed", assumed=frozenset({"level:min_uplink_mbps"}))
    slow = dataclasses.replace(DATA, id="slow", uplink_mbps=100)
    day = dataclasses.replace(guessed, id="day", billing="per_day", max_count=31)
    guessing = dataclasses.replace(PLAN, id="guessing", uplink_mbps=300, assumed=frozenset({"level:min_uplink_mbps"}))
    view = Catalogue((PLAN, guessing), (guessed, slow, day))

    def check(bundle: Bundle, days: int | None = None) -> tuple[int, bool, bool]:
        need = profile(data_gb=1, needs={"min_uplink_mbps": 300, "uplink_days": days})
        (found,) = [c for c in price(view, need, bundle).needs if c.need == "min_uplink_mbps"]
        return found.provided, found.met, found.assumed

    assert check(Bundle("guessing")) == (300, True, True)
    assert check(Bundle("guessing", (("slow", 1),))) == (300, True, True)
    assert check(Bundle("p", (("guessed", 1),))) == (300, True, True)
    assert check(Bundle("p", (("day", 3),)), 3) == (300, True, True)


def test_a_speed_met_on_an_estimate_in_one_month_of_a_history_says_so_whatever_the_months_order() -> None:
    """Found in review: the needs of a history are said of their tightest month, its ``assumed`` alone; on cu-5g-59 a
    300 Mbps uplink for 3 days is met by the 5G-A data pack (sourced) in a month of 30 GB and by 3 venue scene packs
    (300 Mbps, an assumption) in a month of 3 GB: "(est.)" or not depended on which month came first."""
    catalogue = load_catalogue(DEFAULT_PLANS)
    said = []
    for first, second in ((30, 3), (3, 30)):
        answer = recommend(catalogue, profile(months=[{"data_gb": first, "voice_minutes": 100}, {
            "data_gb": second, "voice_minutes": 100}], about={"region": "CN-CQ"}, needs={
                "min_uplink_mbps": 300, "uplink_days": 3}), top_k=3).to_dict()
        (rec,) = [r for r in answer["recommendations"] if r["plan_id"] == "cu-5g-59"]
        assert sorted(p["id"] for m in rec["months"] for p in m["packs"]) == ["cu-5ga-data-219", "cu-scene-venue"]
        said.append(next(n for n in rec["needs"] if n["need"] == "min_uplink_mbps"))
    assert said[0] == said[1] == {"need": "min_uplink_mbps", "required": 300, "provided": 300, "met": True,
                                  "assumed": True}


def test_a_satellite_need_met_only_on_an_assumed_allowance_says_so() -> None:
    """Found by the provenance audit: the source gives Telecom's satellite service (30 min + 30 SMS) among the
    richest tier's "up to" figures only; the 199 and 299 tiers have it by assumption (10 and 20 min), yet a
    satellite need met on them read as a fact (``assumed: false``), while the 399 tier's is the source's."""
    answer = recommend(load_catalogue(DEFAULT_PLANS), profile(data_gb=30, voice_minutes=400, needs={
        "satellite": True}), top_k=20).to_dict()
    satellite = {r["plan_id"]: next(n for n in r["needs"] if n["need"] == "satellite")
                 for r in answer["recommendations"]}
    assert satellite["ct-5ga-199"] == {"need": "satellite", "required": 1, "provided": 1, "met": True,
                                       "assumed": True}
    assert satellite["ct-5ga-299"]["assumed"] is True
    assert satellite["ct-5ga-399"]["assumed"] is False  # 卫星直连30分钟+30条短信, the source's figure


def test_a_speed_reason_says_the_most_the_plans_packs_reach() -> None:
    """Found by the explanations QA: ct-5g-59 gives 100 Mbps up and its 5G-A尊享包 300 Mbps; needing 400 Mbps, the
    reason read "uplink 100 Mbps < 400 Mbps needed", as if the plan stopped at 100.  A plan whose packs reach no
    more than it says what it has, as before."""
    shipped = load_catalogue(DEFAULT_PLANS)
    need = profile(needs={"min_uplink_mbps": 400})
    [reason] = blockers(shipped, shipped.plan_index["ct-5g-59"], need)
    assert reason.params == {"direction": "uplink", "have": 100, "need": 400, "with_packs": 300}
    assert render(reason, "en") == "upload speed up to 100 Mbps, at most 300 Mbps with its packs, < 400 Mbps needed"
    assert render(reason, "zh") == "上传速度最高 100 Mbps，加附加包最高 300 Mbps，低于所需的 400 Mbps"
    [own] = blockers(shipped, shipped.plan_index["cm-5ga-199"], profile(needs={"min_uplink_mbps": 300}))
    assert render(own, "en") == "upload speed up to 200 Mbps < 300 Mbps needed"  # (its scene pack assures no more)


def test_the_hardest_month_of_some_meters_is_theirs_of_every_meter() -> None:
    """``hardest_month`` of the meters ``blockers`` reads (those with a hard limit) is what it says of every meter:
    data the general data left once app data covers what it can, in the month needing most."""
    catalogue = load_catalogue(DEFAULT_PLANS)
    profiles = [Profile.model_validate({"data_gb": "40", "voice_minutes": 900, "sms": 30,
                                        "app_share": {"video": "20"}}),
                Profile.model_validate({"months": [{"data_gb": "5", "voice_minutes": 800}, {"data_gb": "60"}]})]
    for profile in profiles:
        for plan in catalogue.plans:
            every = hardest_month(catalogue, plan, profile)
            for meters in (["data_mb"], ["voice_s", "sms"], ["roaming_data_mb", "data_mb"]):
                assert hardest_month(catalogue, plan, profile, None, meters) == {m: every[m] for m in meters}


BENEFIT_PACK = Pack("v", "china-unicom", "video pack", 1500, {}, benefits=frozenset({"video-ringback"}))


def test_a_pack_says_the_needs_it_is_bought_for_and_only_those() -> None:
    from recommender.cost import needed_for

    with_benefit = Catalogue((PLAN,), (DATA, BENEFIT_PACK))
    asked = profile(data_gb=30, needs={"min_uplink_mbps": 300}, benefits_required=["video-ringback"])
    assert needed_for(PLAN, DATA, 1, asked) == ["min_uplink_mbps"]  # (the plan gives 100 Mbps)
    assert needed_for(PLAN, BENEFIT_PACK, 1, asked) == ["benefit:video-ringback"]
    twice = profile(data_gb=30, benefits_required=["video-ringback", "video-ringback"])  # (found in review: said twice)
    assert needed_for(PLAN, BENEFIT_PACK, 1, twice) == ["benefit:video-ringback"]
    assert needed_for(PLAN, DATA, 1, profile(data_gb=30)) == []  # bought for its data: its name says so
    assert needed_for(PLAN, DATA, 1, profile(data_gb=30, needs={"min_uplink_mbps": 100})) == []  # the plan serves it
    assert needed_for(PLAN, DATA, 1, profile(data_gb=30, needs={"min_uplink_mbps": 500})) == []  # it does not reach it
    answer = recommend(with_benefit, asked, top_k=1)
    assert answer.recommendations[0].packs == [
        {"id": "d", "count": 1, "name": "data 10G", "needed_for": ["min_uplink_mbps"]},
        {"id": "v", "count": 1, "name": "video pack", "needed_for": ["benefit:video-ringback"]}]


def test_every_pack_said_to_be_bought_for_a_need_is_one_the_bundle_fails_without_it() -> None:
    """Over random profiles on the shipped plans: a shown bundle without a pack its answer says it is bought for a
    need no longer meets that need (the cost model's own check), and a pack said to be bought for none still leaves
    every need met."""
    import random

    from recommender.cost import needed_for

    catalogue = load_catalogue(DEFAULT_PLANS)
    rng = random.Random(7)
    said = 0
    for _ in range(150):
        asked = profile(data_gb=rng.choice([5, 30, 120, 300]), voice_minutes=rng.choice([50, 500]),
                        needs={"min_uplink_mbps": rng.choice([0, 200, 300, 500]),
                               "min_downlink_mbps": rng.choice([0, 2000]), "broadband": rng.random() < 0.3,
                               "satellite": rng.random() < 0.2})
        for rec in recommend(catalogue, asked, top_k=5).recommendations:
            plan = catalogue.plan_index[rec.plan_id]
            bought = dict((p["id"], p["count"]) for p in rec.packs)
            for pack in rec.packs:
                assert pack["needed_for"] == needed_for(plan, catalogue.pack_index[pack["id"]], pack["count"], asked)
                without = tuple((pid, n) for pid, n in bought.items() if pid != pack["id"])
                if pack["needed_for"] and not any(set(pack["needed_for"]) & set(o["needed_for"])
                                                  for o in rec.packs if o["id"] != pack["id"]):
                    said += 1
                    checks = {c.need: c.met for c in price(catalogue, asked, Bundle(plan.id, without)).needs}
                    assert not any(checks[need] for need in pack["needed_for"]), (rec.plan_id, pack)
    assert said  # (the sample does buy packs for needs)


DAY_PASS = Pack("day", "china-unicom", "day pass", 100, {"data_mb": 10 * MB}, uplink_mbps=300, billing="per_day",
                max_count=31)


def test_a_per_day_pack_is_bought_for_a_speed_only_on_the_need_s_days() -> None:
    """Found in review: one day pass bought for its data beside a monthly speed pack was said to be "for the uplink
    speed" of a month-long need it does not meet on one day (``capability_level``: a per-day pack
    counts on the need's days)."""
    from recommender.cost import needed_for

    month = Pack("up", "china-unicom", "uplink month", 2500, {}, uplink_mbps=300)
    asked = profile(data_gb=30, needs={"min_uplink_mbps": 300})
    rec = recommend(Catalogue((PLAN,), (month, DAY_PASS)), asked, top_k=1).recommendations[0]
    assert rec.packs == [{"id": "up", "count": 1, "name": "uplink month", "needed_for": ["min_uplink_mbps"]},
                         {"id": "day", "count": 1, "name": "day pass", "needed_for": []}]
    assert needed_for(PLAN, DAY_PASS, 30, asked) == ["min_uplink_mbps"]
    two_days = profile(data_gb=30, needs={"min_uplink_mbps": 300, "uplink_days": 2})
    assert (needed_for(PLAN, DAY_PASS, 2, two_days), needed_for(PLAN, DAY_PASS, 1, two_days)) == \
        (["min_uplink_mbps"], [])


def test_a_household_s_pack_sold_per_sim_is_bought_for_a_line_s_own_days() -> None:
    """A line needing 300 Mbps on 2 days beside one needing it all month: two day passes sold per SIM serve the first
    line (a pack sold per SIM serves one line: ``Wants.by_line``), two shared ones serve neither (the month-long need
    takes a pack that serves every line)."""
    from recommender.cost import needed_for

    house = profile(lines=[{"data_gb": 1, "needs": {"min_uplink_mbps": 300, "uplink_days": 2}},
                           {"data_gb": 1, "needs": {"min_uplink_mbps": 300}}])
    per_sim = Pack("day", "china-unicom", "day pass", 100, {}, uplink_mbps=300, billing="per_day", max_count=31,
                   per_line=True)
    assert needed_for(PLAN, per_sim, 2, house) == ["min_uplink_mbps"]
    assert needed_for(PLAN, per_sim, 1, house) == []
    assert needed_for(PLAN, DAY_PASS, 2, house) == []
    assert needed_for(PLAN, DAY_PASS, 30, house) == ["min_uplink_mbps"]


def test_costing_and_history_are_made_with_every_field() -> None:
    """``Costing`` and ``History`` write their own ``__init__`` (frozen: the generated one is slow): it takes every
    field given, by its name and with its default, in the fields' order, and sets it and those it makes (``Costing``'s
    sums of its lines); a field added to the class but not to its ``__init__`` fails here, not as a missing attribute
    far from it."""
    import dataclasses
    import inspect

    from recommender.cost import Costing, History

    for cls in (Costing, History):
        fields = dataclasses.fields(cls)
        given = [f for f in fields if f.init]
        params = list(inspect.signature(cls.__init__).parameters.values())[1:]
        assert [(p.name, p.default) for p in params] == [
            (f.name, inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default) for f in given], cls
        made = cls(*(() if f.name == "lines" else object() for f in given))  # type: ignore[arg-type]  # placeholders: only which fields are set is checked
        assert all(f.name in made.__dict__ for f in fields), cls


def test_a_costings_sums_are_its_lines() -> None:
    """``Costing`` makes its total, assumed and overage parts with its lines, one pass: each is the sum of its lines."""
    import dataclasses

    plan = dataclasses.replace(PLAN, assumed=frozenset({"fee", "rate:voice_s"}))
    guessed = Catalogue((plan, THROTTLED), (DATA, ROAM))
    for catalogue in (CAT, guessed):
        for bundle in (Bundle("p"), Bundle("p", (("d", 1),)), Bundle("t", (("d", 1),))):
            for usage in ({"data_gb": 3}, {"data_gb": 35, "voice_minutes": 400, "sms": 9}):
                costing = price(catalogue, profile(**usage, allow_throttling=True), bundle)
                lines = costing.lines
                assert costing.total_fen == sum(line.fen for line in lines)
                assert costing.assumed_fen == sum(line.fen for line in lines if line.assumed)
                assert costing.overage_fen == sum(line.fen for line in lines if line.kind == "overage")
    assert price(guessed, profile(voice_minutes=400), Bundle("p")).assumed_fen == 5900 + 300 * 15
    assert price(CAT, profile(data_gb=35, sms=9), Bundle("p")).overage_fen == 15 * 300 + 9 * 10


def test_blockers_from_what_a_plans_limits_keep_are_those_worked_out_anew() -> None:
    """``blockers`` reads a plan's capability reasons and most usable amounts from its ``Limits`` (kept per levels
    needed, and for one line per throttling): asked again, and of a catalogue that kept nothing, the same reasons,
    for one line and households, throttling accepted or not, with and without trips."""
    needs = [{}, {"min_uplink_mbps": 300}, {"min_uplink_mbps": 400, "broadband": True}, {"satellite": True},
             {"min_downlink_mbps": 3000, "satellite": True, "broadband_mbps": 1000},
             {"roaming": {"data_gb": 40, "voice_minutes": 600}}, {"roaming": {"zone": "europe", "data_gb": 2}}]
    usage: list[dict[str, object]] = [{"data_gb": "120", "voice_minutes": 900},
                                      {"data_gb": "600", "allow_throttling": False},
                                      {"lines": [{"data_gb": "30"}, {"data_gb": "200", "voice_minutes": 900}]}]
    people = [Profile.model_validate({**use, "needs": need}) for need in needs for use in usage]
    catalogue = load_catalogue(DEFAULT_PLANS)
    for person in people:
        for plan in catalogue.plans:
            first = blockers(catalogue, plan, person)
            assert blockers(catalogue, plan, person) == first
            assert blockers(load_catalogue(DEFAULT_PLANS), plan, person) == first
