"""The plan-file format's checks (``catalogue.spec``) pinned where a mutation run found them unpinned: each test
writes a small plan file and asserts the exact problem (file, line, code and parameters) or the figures read, worked
out from the file written."""

import pytest

from recommender.catalogue import CatalogueError, load_sources
from recommender.catalogue.model import Catalogue

from .one_plan import ONE_PLAN


def load(text: str) -> Catalogue:
    return load_sources([("plans/op.yaml", text.encode())])


def problems(text: str) -> list[tuple[int, str, dict[str, object]]]:
    """Each problem of one file ``plans/op.yaml`` as ``(line, code, params)``."""
    with pytest.raises(CatalogueError) as info:
        load(text)
    assert all(p.file == "plans/op.yaml" for p in info.value.problems)
    return [(p.line, p.code, dict(p.params)) for p in info.value.problems]


RATE = '      data_per_gb: {value: 3, source: "assumption: t"}\n'
"""The plan's ``overage.data_per_gb`` line (line 14)."""


def figure(value: object) -> str:
    return f'{{value: {value}, source: "assumption: t"}}'


def tiers(*ends: object) -> str:
    """``overage.data`` from line 14, one tier a line from line 15: tier i ending at ``ends[i]`` (None: open) at
    ¥3 + i a GB."""
    return "      data:\n" + "".join(
        f"        - {{per_gb: {figure(3 + i)}}}\n" if end is None else
        f"        - {{up_to_gb: {figure(end)}, per_gb: {figure(3 + i)}}}\n" for i, end in enumerate(ends))


AT_OVERAGE = {"field": "plans[0].overage"}


@pytest.mark.parametrize(("rule", "line", "code", "field"), [
    (tiers(0, None), 15, "problem.tier_above_zero", "data[0].up_to_gb"),
    (tiers(2, 2, None), 16, "problem.tiers_overlap", "data[1].up_to_gb"),
    (tiers(3, 2, None), 16, "problem.tiers_overlap", "data[1].up_to_gb"),
    (tiers(1, 10, 4, 20, None), 17, "problem.tiers_overlap", "data[2].up_to_gb"),
    (tiers(None, None), 15, "problem.tier_open", "data[0]"),
    (tiers(1, None, None), 16, "problem.tier_open", "data[1]"),
    (tiers(1, None, 3, None), 16, "problem.tier_open", "data[1]"),
    (tiers(1, 2), 16, "problem.tier_open", "data[1].up_to_gb"),
])
def test_a_tier_that_cannot_be_charged_is_refused_at_the_tier(rule: str, line: int, code: str, field: str) -> None:
    """Found by the user test: tiers that overlap (a tier's ``up_to_gb`` 10 → 4) were said "plans[0].overage: tiers
    overlap" at the ``overage:`` key's line, the bad tier three lines below, and a middle tier without its
    ``up_to_gb`` alike, where a tier ending in part of a GB is said at its ``up_to_gb``.  Each of
    ``Overage._one_data_rule``'s tier rules is said at the tier it is about (``Said.at``): a tier ending at 0 GB; the
    first tier ending at or below the one before (2 then 2, 3 then 2; 10 then 4, the third of five); the first open
    tier before the last (the first of two, the second of three after one ending at 1 GB: any open tier before the
    last, not only all of them), or the last closed.  Kills the mutants of spec.Overage._one_data_rule that let one
    through or say another, e.g. 'any(t.up_to_gb is None for t in self.data[:-1])' as 'all(...)' (mutant 2291: the
    three tiers said to overlap)."""
    assert problems(ONE_PLAN.replace(RATE, rule)) == [(line, code, {"field": f"plans[0].overage.{field}"})]


@pytest.mark.parametrize(("rule", "code"), [
    (RATE + tiers(None), "problem.rate_and_tiers"),
    ("", "problem.rate_or_throttle"),
    (RATE + f"      throttle_kbps: {figure(128)}\n", "problem.rate_or_throttle"),
    (f"      throttle_kbps: {figure(128)}\n      cap: {figure(20)}\n", "problem.cap_needs_rate"),
    (RATE + f"      full_speed_extra_gb: {figure(5)}\n", "problem.full_speed_needs_throttle"),
])
def test_an_overage_rule_that_cannot_be_charged_is_refused_at_the_overage(rule: str, code: str) -> None:
    """Each rule of ``Overage._one_data_rule`` not about one tier said at ``overage`` (line 13): a rate and tiers;
    neither a rate nor a throttle, or both; a cap with no rate; a full-speed stretch with no throttle after it.  Kills
    the mutants of spec.Overage._one_data_rule that let one through or say another."""
    assert problems(ONE_PLAN.replace(RATE, rule)) == [(13, code, AT_OVERAGE)]


def test_tiers_rising_from_one_gb_with_a_cap_are_read() -> None:
    """Tiers ending at 1 and 2 GB over the allowance (the least above 0, then one above it) and an open one, at ¥3, ¥4
    and ¥5 a GB, capped at ¥20: read as (1, 300 fen), (2, 400), (None, 500), a cap of 2,000 fen, the first tier's
    300 fen the rate.  Kills spec.Overage._one_data_rule line 415 'ends[0] <= 0' as '< 1'-like bounds and line 413
    'b <= a' as 'b < a' where they refuse good tiers, and the cap/charged checks forced True."""
    text = ONE_PLAN.replace(RATE, tiers(1, 2, None) + f"      cap: {figure(20)}\n")
    tariff = load(text).plan_index["p1"].tariffs["data_mb"]
    assert (tariff.tiers, tariff.cap_fen, tariff.rate_fen) == (((1, 300), (2, 400), (None, 500)), 2000, 300)


@pytest.mark.parametrize(("rule", "full_speed", "rate_fen"), [
    (RATE + f"      full_speed_extra_gb: {figure(5)}\n      throttle_kbps: {figure(128)}\n", 5 * 1024, 300),
    (f"      full_speed_extra_gb: {figure(5)}\n      throttle_kbps: {figure(128)}\n", 5 * 1024, 0),
    (f"      throttle_kbps: {figure(128)}\n", None, None),
], ids=["charged", "free", "throttle alone"])
def test_a_throttle_after_a_full_speed_stretch_charged_or_free_is_read(rule: str, full_speed: int | None,
                                                                       rate_fen: int | None) -> None:
    """达量限速: 5 GB beyond the allowance at full speed (5 × 1,024 = 5,120 MB), charged at ¥3 a GB (300 fen) or free,
    then 128 kbps; or the throttle alone.  Each is one data rule: a rate with a throttle is allowed once a full-speed
    stretch is given; the throttle alone charges nothing (no rate).  Kills spec.Overage._one_data_rule line 405
    'if self.full_speed_extra_gb is not None' forced False and the rate_or_throttle check's '==' as '!=' (a good
    file refused)."""
    plan = load(ONE_PLAN.replace(RATE, rule)).plan_index["p1"]
    assert (plan.tariffs["data_mb"].full_speed, plan.tariffs["data_mb"].rate_fen, plan.throttle_kbps) == (
        full_speed, rate_fen, 128)


@pytest.mark.parametrize(("rule", "line", "code", "field"), [
    (tiers("1.5", None), 15, "problem.tier_whole_gb", "plans[0].overage.data[0].up_to_gb"),
    (RATE + f"      full_speed_extra_gb: {figure('5.5')}\n      throttle_kbps: {figure(128)}\n", 15,
     "problem.full_speed_whole_gb", "plans[0].overage.full_speed_extra_gb"),
], ids=["tier", "stretch"])
def test_a_tier_and_a_full_speed_stretch_end_at_a_whole_gb(rule: str, line: int, code: str, field: str) -> None:
    """Overage is charged per started GB: a tier ending at 1.5 GB (line 15) and a full-speed stretch of 5.5 GB (line
    15) are refused where they are written.  Kills spec.Tier._whole_gb and spec.Overage._whole_gb mutants letting
    them through."""
    assert problems(ONE_PLAN.replace(RATE, rule)) == [(line, code, {"field": field})]


NAME = "    name: plan\n"
"""The plan's ``name`` (line 5): what follows it is from line 6."""


def eligibility(*lines: str) -> str:
    """The file with the plan's ``eligibility`` at line 6, its lines from line 7, its source last."""
    return ONE_PLAN.replace(NAME, NAME + "    eligibility:\n" + "".join(f"      {line}\n" for line in lines)
                        + '      source: "assumption: t"\n')


@pytest.mark.parametrize(("lines", "expected"), [
    (["age: {min: 19, max: 18}"], (7, "problem.age_range", {"low": 19, "high": 18,
                                                            "field": "plans[0].eligibility.age"})),
    (["age: {}"], (7, "problem.age_empty", {"field": "plans[0].eligibility.age"})),
    (['available_from: "2026-12-02"', 'available_until: "2026-12-01"'],
     (6, "problem.available_order", {"start": "2026-12-02", "end": "2026-12-01", "field": "plans[0].eligibility"})),
    (["existing_of: [op]"], (6, "problem.existing_of_needs", {"field": "plans[0].eligibility"})),
], ids=["age 19 to 18", "age empty", "sale ends before it starts", "existing_of, customers any"])
def test_conditions_of_sale_that_no_one_can_meet_are_refused(lines: list[str],
                                                             expected: tuple[int, str, dict[str, object]]) -> None:
    """An age range whose min (19) is above its max (18), at ``age`` (line 7); an age with neither bound; a sale from
    2 December to 1 December, at ``eligibility`` (line 6); ``existing_of`` with customers left ``any``."""
    assert problems(eligibility(*lines)) == [expected]


@pytest.mark.parametrize(("lines", "read"), [
    (["age: {min: 18, max: 18}"], (18, 18, None, None, "any", frozenset())),
    (["age: {min: 60}"], (60, None, None, None, "any", frozenset())),
    (["age: {max: 25}"], (None, 25, None, None, "any", frozenset())),
    (['available_from: "2026-12-01"', 'available_until: "2026-12-01"'],
     (None, None, "2026-12-01", "2026-12-01", "any", frozenset())),
    (["customers: existing", "existing_of: [op]"], (None, None, None, None, "existing", frozenset({"op"}))),
], ids=["aged 18 only", "60 or more", "25 or less", "one day's sale", "existing customers of op"])
def test_conditions_of_sale_that_hold_for_someone_are_read(lines: list[str], read: tuple[object, ...]) -> None:
    """The bounds' edges are allowed: min = max (18 to 18), one bound alone, a sale of one day (from = until), and
    ``existing_of`` with customers: existing.  Kills spec.AgeRange._ordered 'self.min > self.max' as '>=' and its
    'and' as 'or' (the one-bound ranges compared with None), Eligibility._consistent's 'available_from >
    available_until' as '>=' and the checks forced True."""
    condition = load(eligibility(*lines)).plan_index["p1"].rule
    days = tuple(d.isoformat() if d else None for d in (condition.available_from, condition.available_until))
    assert (condition.age_min, condition.age_max, *days, condition.customers, condition.existing_of) == read


PROMOTION = '        - {{first_months: {months}, monthly_fee: {{value: {fee}, source: "assumption: t"}}}}\n'


def promotions(*offers: tuple[int, int]) -> str:
    """The file with the plan's ``terms.promotions`` at line 7, offer i (from 1) at line 7 + i: ``(months, yuan)``."""
    return ONE_PLAN.replace(NAME, NAME + "    terms:\n      promotions:\n" + "".join(
        PROMOTION.format(months=months, fee=fee) for months, fee in offers))


def test_a_promotion_that_never_applies_is_named_by_its_number() -> None:
    """A month pays the first promotion listed that covers it.  3, 12 then 6 months: the third (6 months) is covered by
    the second (12 months, listed before it), not by the first (3): 'promotion 3 (6 months) shadowed by promotion 2
    (12)'.  3, 6 then 6: the third has the same months as the second.  Both at ``promotions`` (line 7).  Kills
    spec.Terms._each_applies mutants naming another promotion (i + 1, j + 1 off by one, the loops' slices) or letting
    them through ('earlier.first_months > later.first_months' as '<')."""
    field = {"field": "plans[0].terms.promotions"}
    assert problems(promotions((3, 1), (12, 5), (6, 8))) == [
        (7, "problem.promotion_shadowed", {"number": 3, "first": 6, "earlier": 2, "earlier_first": 12, **field})]
    assert problems(promotions((3, 1), (6, 5), (6, 8))) == [
        (7, "problem.promotion_same", {"number": 3, "earlier": 2, "first": 6, **field})]


def test_promotions_each_longer_than_the_one_before_are_read() -> None:
    """3 months at ¥1, then 6 at ¥5, then 12 at ¥8: each applies to the months after the one before, read as (3, 100
    fen), (6, 500), (12, 800)."""
    terms = load(promotions((3, 1), (6, 5), (12, 8))).plan_index["p1"].terms
    assert terms.promotions == ((3, 100), (6, 500), (12, 800))


def pack(kind: str, *lines: str) -> str:
    """The file with one pack ``k1`` of ``kind`` at ¥1: ``packs`` at line 17, the pack from line 18, its ``price`` at
    line 22, ``lines`` from line 23."""
    return ONE_PLAN + (f"packs:\n  - id: k1\n    name: pack\n    name_en: pack\n    kind: {kind}\n"
                       f"    price: {figure(1)}\n" + "".join(f"    {line}\n" for line in lines))


ONE_GB = f"adds: {{data_gb: {figure(1)}}}"


@pytest.mark.parametrize(("lines", "max_count", "billing"), [
    ([ONE_GB], 1, "monthly"),
    (["billing: per_day", ONE_GB], 31, "per_day"),
    (["billing: per_use", ONE_GB], 31, "per_use"),
    (["billing: per_day", "max_count: 5", ONE_GB], 5, "per_day"),
    (["max_count: '３'", ONE_GB], 3, "monthly"),
], ids=["monthly", "per day", "per use", "per day, 5", "full-width 3"])
def test_how_many_of_a_pack_may_be_bought_by_default_and_as_written(lines: list[str], max_count: int,
                                                                     billing: str) -> None:
    """A monthly pack is bought once unless said; a per-day or per-use pack up to 31 days or uses a month unless said
    (5); a count written in full-width digits (３, an input method's) is 3.  Each adds 1 GB = 1,024 MB a unit at 100
    fen.  Kills spec.PackSpec._daily_count mutants (the billings compared, the default 31 as 30 or 32, 'max_count'
    not in data forced) and spec._whole's digits read as text."""
    read = load(pack("data", *lines)).pack_index["k1"]
    assert (read.max_count, read.billing, read.price_fen, dict(read.adds)) == (max_count, billing, 100,
                                                                               {"data_mb": 1024})


@pytest.mark.parametrize(("lines", "expected"), [
    (["billing: per_day", f"adds: {{data_gb: {figure('unlimited')}}}"],
     (24, "problem.daily_unlimited.day", {"billing": "per_day", "fields": ["data_gb"], "field": "packs[0].adds"})),
    (["billing: per_use", "app_data_gb:", f"  - {{apps: [video], gb: {figure('unlimited')}}}"],
     (24, "problem.daily_unlimited.use", {"billing": "per_use", "fields": ["app_data_gb"],
                                          "field": "packs[0].app_data_gb"})),
    (["requires_plans: [p1]", "plans: [p1]", ONE_GB], (18, "problem.plans_former_name", {"field": "packs[0]"})),
    (["requires_plans:", ONE_GB],
     (23, "problem.requires_plans_empty", {"key": "requires_plans", "field": "packs[0].requires_plans"})),
    (["plans:", ONE_GB], (23, "problem.requires_plans_empty", {"key": "plans", "field": "packs[0].plans"})),
    (["max_count: yes", ONE_GB], (23, "problem.whole_not_bool", {"field": "packs[0].max_count"})),
], ids=["unlimited a day", "unlimited app data a use", "both names", "requires_plans empty", "plans empty",
        "max_count yes"])
def test_a_pack_written_so_that_it_would_be_misread_is_refused(lines: list[str],
                                                               expected: tuple[int, str, dict[str, object]]) -> None:
    """A per-day pack adding 'unlimited' data (a day's allowance would count as the month's), at ``adds`` (line 24); a
    per-use pack's unlimited app data, at ``app_data_gb``; ``requires_plans`` and its former name ``plans`` both, at
    the pack (line 18); either left empty (read as every plan, the opposite of []), at line 23; ``max_count: yes``
    (YAML's true, which would be 1)."""
    assert problems(pack("data" if "app_data_gb:" not in lines else "app", *lines)) == [expected]


@pytest.mark.parametrize(("lines", "down", "up"), [
    ([f"uplink_mbps: {figure(100)}"], 0, 100),
    ([f"downlink_mbps: {figure(1000)}"], 1000, 0),
], ids=["uplink", "downlink"])
def test_a_speed_pack_may_be_sold_per_line(lines: list[str], down: int, up: int) -> None:
    """``per_line`` is read for a speed pack, with an uplink or a downlink alone; with neither it is refused at its
    line 23.  Kills spec.PackSpec._per_line_speed's 'and' as 'or' (either speed alone refused) and its check forced
    False or deleted (the pack with no speed read)."""
    read = load(pack("speed", "per_line: true", *lines)).pack_index["k1"]
    assert (read.per_line, read.downlink_mbps, read.uplink_mbps) == (True, down, up)
    sourced = "per_line: {value: true, source: \"assumption: t\"}"
    assert load(pack("speed", sourced, *lines)).pack_index["k1"].per_line is True
    assert problems(pack("speed", "per_line: true")) == [
        (23, "problem.per_line_speed_only", {"field": "packs[0].per_line"})]
    assert load(pack("speed", "per_line: false")).pack_index["k1"].per_line is False


def test_a_pack_limited_to_plans_by_the_former_name_is_read() -> None:
    """``plans: [p1]``, the former name of ``requires_plans``, alone: the pack is for p1 only."""
    assert load(pack("data", "plans: [p1]", ONE_GB)).pack_index["k1"].plans == frozenset({"p1"})


def test_a_count_in_full_width_digits_is_read_up_to_18_digits() -> None:
    """A count written as text of digits is read as a number up to 18 of them (no ``int()`` of thousands of digits):
    17 full-width zeros and ３ (18 digits) are 3; 18 zeros and ３ (19) stay text, refused at ``max_count`` (line 23)
    as no whole number.  Kills spec._whole line 60 'len(digits) <= 18' as '< 18' and 18 as 17 (mutants 2013, 2014:
    the 18 digits refused) and 18 as 19 (mutant 2015: the 19 read)."""
    eighteen = "０" * 17 + "３"
    assert load(pack("data", f"max_count: '{eighteen}'", ONE_GB)).pack_index["k1"].max_count == 3
    assert problems(pack("data", f"max_count: '０{eighteen}'", ONE_GB)) == [
        (23, "problem.not_whole_text", {"value": "０" + eighteen, "field": "packs[0].max_count"})]


def test_a_per_day_pack_of_app_data_is_read_unless_some_of_it_is_unlimited() -> None:
    """A per-day pack of 2 GB of video data a day is read (2 × 1,024 = 2,048 MB for video); with 'unlimited' music
    data beside it, refused at ``app_data_gb`` (line 24): any unlimited entry, not only all of them.  Kills
    spec.PackSpec._daily_allowance line 668 'any(app.gb.value == "unlimited" ...)' forced True (mutant 2467: the 2 GB
    refused) and as 'all' (mutant 2469: the pair read)."""
    video = f"  - {{apps: [video], gb: {figure(2)}}}"
    assert load(pack("app", "billing: per_day", "app_data_gb:", video)).pack_index["k1"].app_data == (
        (frozenset({"video"}), 2048),)
    music = f"  - {{apps: [music], gb: {figure('unlimited')}}}"
    assert problems(pack("app", "billing: per_day", "app_data_gb:", video, music)) == [
        (24, "problem.daily_unlimited.day", {"billing": "per_day", "fields": ["app_data_gb"],
                                             "field": "packs[0].app_data_gb"})]


def test_a_pack_limited_to_plans_is_for_those_plans_only() -> None:
    """``requires_plans: [p1]``: the pack is for p1 only (not every plan, as with neither name given).  Kills
    spec.PackSpec.allowed_plans line 699 'self.requires_plans if self.requires_plans is not None else self.plans'
    with its test forced False (mutant 2505: the former name's None, every plan)."""
    assert load(pack("data", "requires_plans: [p1]", ONE_GB)).pack_index["k1"].plans == frozenset({"p1"})
    assert load(pack("data", ONE_GB)).pack_index["k1"].plans is None


@pytest.mark.parametrize(("edit", "expected"), [
    (("monthly_fee: {value: 10,", "monthly_fee: {value: 21.999,"),
     (7, "problem.not_whole_fen", {"value": "21.999", "field": "plans[0].monthly_fee.value"})),
    (("data_gb: {value: 1,", "data_gb: {value: 0.0001,"),
     (8, "problem.not_whole_mb", {"value": "0.0001", "field": "plans[0].data_gb.value"})),
], ids=["fee of 21.999 yuan", "0.0001 GB"])
def test_money_is_whole_fen_and_data_whole_mb(edit: tuple[str, str], expected: tuple[int, str, dict[str, object]]) \
        -> None:
    """¥21.999 is 2,199.9 fen, no whole number: said by its code at line 7; 0.0001 GB is 0.1 MB of 1,000 and 0.1024 of
    1,024, whole under neither: at line 8.  (0.5 GB is read as 512 MB.)  Kills spec.Yuan._whole_fen line 209 'raise
    said if str(said) == str(exc) else exc' with its test forced False or as '!=' (mutants 2173, 2174: the generic
    problem.pydantic) and spec.Gigabytes._whole_mb's raise deleted (mutant 2177)."""
    assert problems(ONE_PLAN.replace(*edit)) == [expected]
    assert load(ONE_PLAN.replace("data_gb: {value: 1,", "data_gb: {value: 0.5,")).plan_index["p1"].tariffs[
        "data_mb"].included == 512


def test_a_gb_of_1024_mb_may_be_split_to_one_mb() -> None:
    """0.0009765625 GB is 1 / 1,024 GB: one whole MB of 1,024 (though 0.9765625 MB of 1,000), read as 1 MB in a file
    of 1,024 MB a GB.  Kills spec.Gigabytes._whole_mb line 224 '(1000, 1024)' with 1024 as 1023 or 1025 (mutants 2185,
    2186: refused as not_whole_mb)."""
    text = ONE_PLAN.replace("data_gb: {value: 1,", "data_gb: {value: 0.0009765625,")
    assert load(text).plan_index["p1"].tariffs["data_mb"].included == 1


def test_money_up_to_the_figure_bound_is_read() -> None:
    """``MAX_FIGURE`` is 10^7: a fee of ¥10,000,000 is read (1,000,000,000 fen); ¥10,000,001 is above it, refused at
    line 7.  Kills spec._plain_number line 192 'value > MAX_FIGURE' as '>=' (mutant 2161: the bound itself refused)."""
    text = ONE_PLAN.replace("monthly_fee: {value: 10,", "monthly_fee: {value: 10000000,")
    assert load(text).plan_index["p1"].fee_fen == 1_000_000_000
    assert problems(text.replace("10000000", "10000001")) == [
        (7, "problem.above", {"value": "10000001", "most": "10000000", "field": "plans[0].monthly_fee.value"})]


def test_a_day_not_written_as_yyyy_mm_dd_is_told_how_to_write_it() -> None:
    """``available_from: 20261201`` is a number (YAML's int), quoted as the text '20261201' it was written as; a text
    of exactly ``MAX_DATE_LIKE`` (100) characters starting 2026/12/01 is read for the day it likely means
    ("2026-12-01"); one of 101 is told only the form.  All at line 7.  Kills spec._iso_date line 502
    'len(value) <= MAX_DATE_LIKE' as '<' (mutant 2405: the 100 characters not read for a day)."""
    field = {"field": "plans[0].eligibility.available_from"}
    assert problems(eligibility("available_from: 20261201")) == [
        (7, "problem.date_format", {"written": "20261201", **field})]
    written = "2026/12/01 " + "x" * 89
    assert len(written) == 100
    assert problems(eligibility(f'available_from: "{written}"')) == [
        (7, "problem.date_format.meant", {"written": written, "meant": "2026-12-01", **field})]
    assert problems(eligibility(f'available_from: "{written}x"')) == [
        (7, "problem.date_format", {"written": written + "x", **field})]


def test_an_operators_country_and_currency_are_codes_the_format_knows() -> None:
    """``country: ZZ`` is no ISO 3166-1 country the format knows: at the operator (line 1).  ``currency: RMB`` is a
    name people write for the yuan, told its ISO code CNY; ``CYN`` a typo, told the nearest code CNY (line 2).  Kills
    spec.OperatorSpec._known_country line 724's check deleted or forced False (mutants 2515, 2518: ZZ read) and
    spec._currency_said line 731's check deleted, forced False, its return None and its [0] as [1] (mutants 2521,
    2524, 2526, 2527: RMB told another code)."""
    found = problems(ONE_PLAN.replace("name_en: Op}", "name_en: Op, country: ZZ}"))
    assert [(line, code, params["value"], params["field"]) for line, code, params in found] == [
        (1, "problem.unknown_country", "ZZ", "operator.country")]
    assert problems(ONE_PLAN.replace("currency: CNY", "currency: RMB")) == [
        (2, "problem.currency_not_iso", {"value": "RMB", "currency_name": "RMB", "iso": "CNY", "field": "currency"})]
    assert problems(ONE_PLAN.replace("currency: CNY", "currency: CYN")) == [
        (2, "problem.currency_unknown.near", {"value": "CYN", "near": "CNY", "field": "currency"})]
