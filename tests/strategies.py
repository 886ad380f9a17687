"""Hypothesis strategies: random catalogues (separable and not) and random profiles.

With ``tariffs=True`` they also use every part of the tariff model of issue #13: households
(extra lines with shared pools and per-line allowances), app data on plans and packs, per-day and
per-use packs with speeds, roaming day passes and zone rates with trips, broadband packs with
installation fees and speeds, tiered / capped / full-speed-then-throttled data overage, and the
satellite meters.  'Unlimited' allowances come now and then (plans' data, voice and SMS; what packs add),
and ``boundary_profiles`` puts a month's data at a plan's edges (exactly at an allowance, or at the most
its packs add, a MB or a GB either side) with app shares in the plan's app categories.

These are compiled model objects; random plan FILES, loaded by the real loader, are drawn by
``tests/plan_file_strategies.py`` (and checked against an independent brute force, ``tests/brute_force.py``).
"""

import datetime
from collections.abc import Mapping
from dataclasses import astuple
from decimal import Decimal
from typing import TypedDict, cast

from hypothesis import strategies as st

from recommender.catalogue import METERS, Catalogue, Pack, Plan, SaleConditions, Tariff
from recommender.catalogue.model import ANYONE, UNLIMITED, BillingRules, DayPass, ExtraLines, Terms
from recommender.profile import Profile

MB = 1024
OPERATORS = ("op-a", "op-b", "op-c")
REGIONS = ("CN-BJ", "CN-SH", "CN-CQ")
DAY = datetime.date(2025, 7, 1)
APPS = ("video", "social", "music")
ZONES = ("hk-mo-tw", "asia", "europe")
SOLVE_S = 600.0
"""The solvers' time limit where a property compares engines: what they find and prove must not depend on how busy
the machine is (found in a soak beside two other test runs, the soak niced: CP-SAT's answer "feasible" and "unknown"
within the answer's default 5 s where the tables' was "optimal"); a case never comes near it on a machine to itself."""


class Roaming(TypedDict):
    """A plan's roaming fields (``roaming``)."""
    day_pass: DayPass | None
    zone_rates: Mapping[str, tuple[int | None, int | None]]


class PlanExtra(TypedDict, total=False):
    """The fields of the plans drawn with ``tariffs=True`` (``plans``)."""
    day_pass: DayPass | None
    zone_rates: Mapping[str, tuple[int | None, int | None]]
    app_data: tuple[tuple[frozenset[str], int], ...]
    extra_lines: ExtraLines | None


class PackFields(TypedDict, total=False):
    """A ``Pack``'s fields as ``packs`` draws them."""
    id: str
    operator: str
    name: str
    price_fen: int
    adds: Mapping[str, int]
    downlink_mbps: int
    uplink_mbps: int
    satellite: bool
    broadband_mbps: int
    install_fen: int
    app_data: tuple[tuple[frozenset[str], int], ...]
    benefits: frozenset[str]
    max_count: int
    plans: frozenset[str] | None
    free_with: frozenset[str]
    group: str | None
    billing: str
    subscription: bool
    per_line: bool
    rule: SaleConditions
    assumed: frozenset[str]


@st.composite
def rules(draw: st.DrawFn) -> SaleConditions:
    """Conditions of sale using every part of the format (most plans and packs: anyone)."""
    if draw(st.integers(0, 2)) == 0:
        return ANYONE
    customers = draw(st.sampled_from(["any", "new", "existing"]))
    low = draw(st.one_of(st.none(), st.sampled_from([16, 60])))
    return SaleConditions(
        customers=customers,
        existing_of=frozenset(draw(st.sets(st.sampled_from(OPERATORS), min_size=1))) if customers == "existing"
        else frozenset(),
        age_min=low,
        age_max=draw(st.one_of(st.none(), st.sampled_from([30, 120]))) if low is None or low < 30 else None,
        regions=frozenset(draw(st.sets(st.sampled_from(REGIONS), max_size=2))),
        members_of=frozenset(draw(st.sets(st.sampled_from(["m1", "m2"]), max_size=1))),
        groups=frozenset(draw(st.sets(st.sampled_from(["g1", "student"]), max_size=1))),
        available_from=draw(st.sampled_from([None, DAY])),
        available_until=draw(st.sampled_from([None, None, DAY + datetime.timedelta(days=30)])),
    )


@st.composite
def data_tariffs(draw: st.DrawFn) -> Tariff:
    """Structured data overage: tiers (rates rising or not, the last open), a flat rate, or a free
    full-speed stretch, each with or without a cap (封顶) and a full-speed stretch (达量限速)."""
    unit = draw(st.sampled_from([MB, 1000]))
    included = draw(st.integers(0, 20)) * MB
    full = draw(st.one_of(st.none(), st.integers(0, 12)))
    full_mb = None if full is None else full * unit
    kind = draw(st.sampled_from(["tiers", "tiers", "flat", "stretch"]))
    if kind == "stretch":
        return Tariff(included, unit, 0, 1, (), None, full_mb if full_mb is not None else 0)
    cap = draw(st.one_of(st.none(), st.integers(0, 20_000)))
    if kind == "flat":
        return Tariff(included, unit, draw(st.integers(0, 800)), 1, (), cap, full_mb)
    bounds = sorted(draw(st.sets(st.integers(1, 25), min_size=1, max_size=3)))
    rates = [draw(st.sampled_from([0, 100, 500, 1500])) for _ in range(len(bounds) + 1)]
    tiers: tuple[tuple[int | None, int], ...] = (*zip(bounds, rates, strict=False), (None, rates[-1]))  # last: open
    return Tariff(included, unit, tiers[0][1], 1, tiers, cap, full_mb)


@st.composite
def extra_lines(draw: st.DrawFn) -> ExtraLines:
    shared = frozenset(draw(st.sets(st.sampled_from(["data_mb", "voice_s", "sms"]))))
    per_line = {m: draw(st.integers(1, 10)) * step for m, step in (("data_mb", MB), ("voice_s", 600), ("sms", 10))
                if draw(st.booleans())}
    return ExtraLines(draw(st.sampled_from([1, 2, 3, 3])), draw(st.integers(0, 3000)), shared, per_line,
                      draw(st.booleans()))


@st.composite
def app_data(draw: st.DrawFn, most: int = 2, least: int = 0) -> tuple[tuple[frozenset[str], int], ...]:
    return tuple((frozenset(draw(st.sets(st.sampled_from(APPS), min_size=1, max_size=2))),
                  draw(st.integers(1, 20)) * MB) for _ in range(draw(st.integers(least, most))))


@st.composite
def roaming(draw: st.DrawFn) -> Roaming:
    """A plan's roaming: allowances (in the tariffs), a day pass, rates by zone."""
    day = DayPass(draw(st.integers(0, 3000)), draw(st.sampled_from([0, 512, MB, 1 << 40])),
                  draw(st.sampled_from([0, 600, 1800])),
                  draw(st.one_of(st.none(), st.sets(st.sampled_from(ZONES), min_size=1).map(frozenset))))
    rate = st.one_of(st.none(), st.integers(1, 3000))
    zones = {z: (draw(rate), draw(rate)) for z in draw(st.sets(st.sampled_from(ZONES), min_size=1))}
    return {"day_pass": day if draw(st.booleans()) else None, "zone_rates": zones}


@st.composite
def plans(draw: st.DrawFn, operator: str, index: int, tariffs: bool = False) -> Plan:
    def tariff(meter: str) -> Tariff:
        if meter in ("data_mb", "voice_s", "sms") and draw(st.integers(0, 9)) == 0:  # 'unlimited'
            return Tariff(UNLIMITED, MB if meter == "data_mb" else 60 if meter == "voice_s" else 1,
                          draw(st.sampled_from([None, 0, 300])))
        if meter.endswith("_mb"):
            included = draw(st.integers(0, 40)) * MB
            unit, per = draw(st.sampled_from([(MB, 1), (1000, 1), (1, MB)]))  # per started GB, or pro rata by MB
        elif meter.endswith("_s"):
            included = draw(st.integers(0, 40)) * 600
            unit, per = draw(st.sampled_from([(60, 1), (6, 10), (1, 60)]))  # per minute, per 6 s, per second
        else:
            included, unit, per = draw(st.integers(0, 40)) * 10, 1, 1
        if meter.startswith("roaming"):
            rate = None
        elif meter == "data_mb":
            rate = draw(st.one_of(st.none(), st.integers(0, 800)))
        else:
            rate = draw(st.integers(0, 31))
        return Tariff(included, unit, rate, per)

    by_meter = {meter: tariff(meter) for meter in METERS}
    extra: PlanExtra = {}
    throttle: int | None = None
    if tariffs:
        by_meter |= {
            "satellite_voice_s": Tariff(draw(st.integers(0, 3)) * 600, 60,
                                        draw(st.sampled_from([None, 0, 100, 500]))),
            "satellite_sms": Tariff(draw(st.integers(0, 3)) * 10, 1, draw(st.sampled_from([None, 0, 10, 100]))),
            "roaming_data_mb": Tariff(draw(st.sampled_from([0, 0, 512, 2 * MB])), MB, None),
            "roaming_voice_s": Tariff(draw(st.sampled_from([0, 0, 600, 3600])), 60, None),
        }
        if draw(st.integers(0, 2)):
            by_meter["data_mb"] = draw(data_tariffs())
        extra = {"app_data": draw(app_data()), "extra_lines": draw(extra_lines()) if draw(st.integers(0, 3)) else None,
                 **draw(roaming())}
        throttle = draw(st.sampled_from([None, 1000, 20_000]))
        if by_meter["data_mb"].rate_fen is None:  # a hard cap (throttled, or nothing): small, so that app
            # data (定向流量) often decides whether a month fits
            by_meter["data_mb"] = Tariff(draw(st.integers(0, 8)) * MB, *astuple(by_meter["data_mb"])[1:])
            extra["app_data"] = extra["app_data"] or draw(app_data(least=1))
            if throttle is None:
                throttle = 1000
    promotions = draw(st.lists(st.tuples(st.integers(1, 12), st.integers(0, 20_000)), max_size=2))
    return Plan(
        id=f"{operator}-p{index}",
        operator=operator,
        name=f"plan {index}",
        fee_fen=draw(st.integers(0, 50_000)),
        tariffs=by_meter,
        downlink_mbps=draw(st.sampled_from([500, 1000, 3000])),
        uplink_mbps=draw(st.sampled_from([100, 200, 300, 400])),
        satellite=draw(st.booleans()),
        broadband_mbps=draw(st.sampled_from([0, 0, 100, 500, 1000])),
        throttle_kbps=throttle if tariffs else
        1000 if by_meter["data_mb"].rate_fen is None else None,
        benefits=frozenset(draw(st.sets(st.sampled_from(["a", "b", "c"])))),
        billing=BillingRules(draw(st.sampled_from([60, 6, 1])), draw(st.booleans()),
                             draw(st.sampled_from([1, 1000, 1024]))),
        terms=Terms(tuple(promotions), draw(st.sampled_from([0, 0, 9900])), draw(st.sampled_from([0, 0, 12, 36])),
                    draw(st.sampled_from([0, 0, 5000]))),
        rule=draw(rules()),
        assumed=frozenset(draw(st.sets(st.sampled_from(["fee", "data_mb", "voice_s", "rate:data_mb", "rate:sms"])))),
        **extra,
    )


@st.composite
def packs(draw: st.DrawFn, operator: str, index: int, plan_ids: list[str], separable: bool,
          tariffs: bool = False) -> Pack:
    meters = draw(st.sets(st.sampled_from(METERS), min_size=0, max_size=1 if separable else 3))
    adds = {m: UNLIMITED if draw(st.integers(0, 14)) == 0 else  # an unlimited allowance, now and then
            draw(st.integers(1, 20)) * (MB if m.endswith("_mb") else 600 if m.endswith("_s") else 10) for m in meters}
    restricted = draw(st.booleans())
    eligible = frozenset(draw(st.sets(st.sampled_from(plan_ids), min_size=1))) if restricted else None
    pool = sorted(eligible) if eligible else plan_ids
    extra: PackFields = {}
    if tariffs:  # per-day / per-use speed packs, broadband packs with installation fees, app data
        billing = draw(st.sampled_from(["monthly", "monthly", "per_day", "per_use"]))
        extra = {"billing": billing, "broadband_mbps": draw(st.sampled_from([0, 0, 100, 1000])),
                 "install_fen": draw(st.sampled_from([0, 0, 500, 10_000])), "app_data": draw(app_data(1))}
        if billing != "monthly":
            extra["max_count"] = draw(st.sampled_from([2, 4, 4, 30]))
    fields = PackFields(
        id=f"{operator}-k{index}",
        operator=operator,
        name=f"pack {index}",
        price_fen=draw(st.integers(0, 10_000)),
        adds=adds,
        downlink_mbps=draw(st.sampled_from([0, 0, 3000])),
        uplink_mbps=draw(st.sampled_from([0, 0, 300, 500])),
        satellite=draw(st.booleans()) if not separable else False,
        max_count=draw(st.integers(1, 3)),
        plans=eligible,
        free_with=frozenset(draw(st.sets(st.sampled_from(pool), max_size=1))),
        group=None if separable else draw(st.sampled_from([None, "g1", "g2"])),
        subscription=False if separable else draw(st.booleans()),
        benefits=frozenset(draw(st.sets(st.sampled_from(["a", "b", "c"]), max_size=1))),
        rule=draw(rules()),
        assumed=frozenset(draw(st.sets(st.sampled_from(["price", "data_mb", "voice_s"])))),
    )
    if tariffs and (fields["uplink_mbps"] or fields["downlink_mbps"]):  # a speed pack sold per SIM, now and then
        extra["per_line"] = draw(st.booleans())
    fields.update(extra)
    return Pack(**fields)


@st.composite
def catalogues(draw: st.DrawFn, separable: bool | None = None, tariffs: bool = False) -> Catalogue:
    separable = draw(st.booleans()) if separable is None else separable
    operators = draw(st.lists(st.sampled_from(OPERATORS), min_size=1, max_size=2, unique=True))
    all_plans: list[Plan] = []
    all_packs: list[Pack] = []
    for operator in operators:
        op_plans = [draw(plans(operator, i, tariffs)) for i in range(draw(st.integers(1, 2 if tariffs else 3)))]
        ids = [p.id for p in op_plans]
        op_packs = [draw(packs(operator, i, ids, separable, tariffs))
                    for i in range(draw(st.integers(0, 3 if tariffs else 4)))]
        if not separable and len(op_packs) >= 2 and draw(st.booleans()):
            a, b = op_packs[0], op_packs[1]
            op_packs[0] = Pack(**{**a.__dict__, "excludes": frozenset({b.id})})
        all_plans += op_plans
        all_packs += op_packs
    return Catalogue(tuple(all_plans), tuple(all_packs), "test")


@st.composite
def app_share(draw: st.DrawFn, data_gb: Decimal) -> dict[str, Decimal]:
    """GB of ``data_gb`` used in some app categories (adding up to at most ``data_gb``)."""
    share: dict[str, Decimal] = {}
    left = data_gb
    for app in draw(st.lists(st.sampled_from(APPS), min_size=draw(st.integers(0, 1)), max_size=2, unique=True)):
        part = (left * draw(st.sampled_from([Decimal("0.2"), Decimal("0.5"), Decimal("0.9"), Decimal(1)]))).quantize(
            Decimal("0.001"), rounding="ROUND_DOWN")
        share[app] = part
        left -= part
    return share


@st.composite
def trips(draw: st.DrawFn) -> list[dict[str, object]]:
    return [{"data_gb": draw(st.sampled_from([Decimal(0), Decimal("0.5"), Decimal(1), Decimal(3)])),
             "voice_minutes": draw(st.sampled_from([0, 10, 60])),
             **({"zone": draw(st.sampled_from(ZONES))} if draw(st.integers(0, 3)) else {}),
             **({"days": draw(st.integers(1, 5))} if draw(st.booleans()) else {})}
            for _ in range(draw(st.sampled_from([0, 0, 1, 2, 3])))]


@st.composite
def tariff_needs(draw: st.DrawFn) -> dict[str, object]:
    """The needs of issue #13 (each one now and then, so that some plans fit): speeds for some days,
    roaming trips, broadband speed, satellite meters, a slow downlink need (against throttling)."""
    def sometimes(key: str, values: st.SearchStrategy[object]) -> dict[str, object]:
        return {key: draw(values)} if draw(st.integers(0, 3)) == 0 else {}

    speeds = {**sometimes("min_uplink_mbps", st.sampled_from([200, 300, 450])),
              **sometimes("min_downlink_mbps", st.sampled_from([10, 10, 1000, 3000]))}
    return {  # (days only of a speed needed: the profile refuses days of no speed)
        **speeds,
        **(sometimes("uplink_days", st.integers(1, 4)) if "min_uplink_mbps" in speeds else {}),
        **(sometimes("downlink_days", st.integers(1, 4)) if "min_downlink_mbps" in speeds else {}),
        **sometimes("satellite", st.booleans()),
        **sometimes("satellite_minutes", st.sampled_from([5, 50])),
        **sometimes("satellite_sms", st.sampled_from([3, 30])),
        "roaming": draw(trips()),
        **sometimes("broadband", st.booleans()),
        **sometimes("broadband_mbps", st.sampled_from([100, 500])),
    }


@st.composite
def profiles(draw: st.DrawFn, history: bool = True, tariffs: bool = False) -> Profile:
    def usage() -> dict[str, object]:
        most = draw(st.sampled_from([30_000, 30_000, 200_000])) if tariffs else 200_000
        return {"data_gb": Decimal(draw(st.integers(0, most))) / 1000,
                "voice_minutes": draw(st.integers(0, 1500)), "sms": draw(st.integers(0, 300))}

    months = draw(st.one_of(st.integers(1, 4), st.integers(1, 12))) if history else 1  # short ones more often
    fields: dict[str, object] = usage() if months == 1 else {"months": [usage() for _ in range(months)]}
    if tariffs and months > 1 and draw(st.booleans()):  # steady data (an app share can then be most of it)
        each = cast(list[dict[str, object]], fields["months"])  # (more than one month: the list of usage() above)
        steady = draw(st.sampled_from(each))
        fields["months"] = [{**m, "data_gb": steady["data_gb"]} for m in each]
    needs: dict[str, object] = {
        "min_uplink_mbps": draw(st.sampled_from([0, 0, 200, 300, 450])),
        "min_downlink_mbps": draw(st.sampled_from([0, 0, 1000, 3000])),
        "satellite": draw(st.booleans()),
        "broadband": draw(st.booleans()),
        "roaming": {"data_gb": draw(st.sampled_from([0, 0, 1, 15])),
                    "voice_minutes": draw(st.sampled_from([0, 0, 30, 200]))},
    }
    if tariffs:
        needs = draw(tariff_needs())
        if months == 1 and draw(st.integers(0, 2)) == 0:  # a household: the holder and one or two more lines
            lines: list[dict[str, object]] = []
            for i in range(draw(st.integers(2, 3))):
                line = usage()
                line["app_share"] = draw(app_share(Decimal(str(line["data_gb"]))))
                if i and draw(st.integers(0, 2)) == 0:
                    line["needs"] = draw(tariff_needs())
                elif i and draw(st.integers(0, 2)):  # a speed on this line (packs sold per SIM: its own), the holder's
                    line["needs"] = {"min_uplink_mbps": draw(st.sampled_from([300, 450])),  # too
                                     **({"uplink_days": draw(st.integers(1, 4))} if draw(st.booleans()) else {})}
                    if draw(st.integers(0, 2)):
                        needs = {**needs, "min_uplink_mbps": draw(st.sampled_from([300, 450]))}
                lines.append(line)
            fields = {"lines": lines}
        else:
            of_months = fields.get("months", [fields])
            assert isinstance(of_months, list)
            data = [Decimal(str(m["data_gb"])) for m in of_months]
            fields["app_share"] = draw(app_share(min(data)))
            if months > 1 and draw(st.booleans()):  # trips of some months only (``months[].roaming``)
                fields["months"] = [{**m, "roaming": draw(trips())} if draw(st.booleans()) else m
                                    for m in of_months]
    return Profile.model_validate({
        **fields,
        "needs": needs,
        "allow_throttling": draw(st.booleans()),
        "budget_fen": draw(st.one_of(st.none(), st.integers(0, 60_000))),
        "objective": draw(st.sampled_from(["total", "total", "worst_month"])),
        "horizon_months": draw(st.integers(1, 36)),  # multiples of the history or not, shorter or longer
        "about": draw(st.one_of(st.none(), st.fixed_dictionaries({}, optional={
            "age": st.sampled_from([17, 40, 70]), "region": st.sampled_from(REGIONS),
            "customer_of": st.sampled_from(OPERATORS),
            "memberships": st.sets(st.sampled_from(["m1", "m2"])).map(sorted),
            "groups": st.sets(st.sampled_from(["g1", "student"])).map(sorted)}))),
        "eligibility": draw(st.sampled_from(["lenient", "lenient", "strict"])),
        "as_of": draw(st.sampled_from([DAY - datetime.timedelta(days=1), DAY, DAY + datetime.timedelta(days=60)])),
        "benefits_required": draw(st.sets(st.sampled_from(["a", "b", "c"]), max_size=1).map(sorted)),
        "benefit_values": draw(st.dictionaries(st.sampled_from(["a", "b", "c"]), st.sampled_from([Decimal(1),
                                                                                                  Decimal("2.5")]),
                                               max_size=2)),
    })


EDGES = (-1024, -1, 0, 1, 1024, 5 * 1024)
"""MB either side of an allowance: a GB, a MB, exactly at it."""


@st.composite
def boundary_profiles(draw: st.DrawFn, catalogue: Catalogue, tariffs: bool = True) -> Profile:
    """One month of data at one of a plan's edges — its own allowance, or the most its packs can add —
    exactly, or a MB or a GB either side (random usage rarely lands there), mostly in the app categories
    of the plan's (or its packs') app data, on a plan with a hard data cap (not throttled) when there is
    one, mostly; the rest of the profile as ``profiles`` draws it."""
    base = draw(profiles(history=False, tariffs=tariffs)).model_dump(exclude_unset=True)
    capped = [p for p in catalogue.plans if p.tariffs["data_mb"].rate_fen is None]  # hard caps, mostly
    plan = draw(st.sampled_from(capped if capped and draw(st.integers(0, 3)) > 0 else catalogue.plans))
    packs = catalogue.packs_for(plan)
    included = plan.tariffs["data_mb"].included
    most = included + sum(p.adds.get("data_mb", 0) * p.max_count for p in packs)
    if plan in capped:  # beyond the most, only app data can make the month fit
        mb = min(most + draw(st.sampled_from(EDGES[2:])), 2_000_000)
    else:
        mb = max(0, min(draw(st.sampled_from([included, most])) + draw(st.sampled_from(EDGES)), 2_000_000))
    data_gb = Decimal(mb) / MB
    apps = sorted({app for bucket, _ in (*plan.app_data, *(a for p in packs for a in p.app_data)) for app in bucket})
    share = {}
    if apps and draw(st.integers(0, 3)) > 0:
        part = draw(st.sampled_from([Decimal("0.5"), Decimal("0.9"), Decimal(1)]))
        share = {draw(st.sampled_from(apps)): (data_gb * part).quantize(Decimal("0.001"), rounding="ROUND_DOWN")}
    dropped = ("lines", "data_gb", "app_share", "voice_minutes", "sms") + (() if draw(st.booleans()) else
                                                                         ("needs", "benefits_required"))
    usage = {k: v for k, v in base.items() if k not in dropped}  # (half the time without needs: more plans fit)
    line = base["lines"][0] if base.get("lines") else base
    if plan in capped and draw(st.integers(0, 3)):
        usage["allow_throttling"] = False  # (else the cap throttles: no hard limit)
    return Profile.model_validate({**usage, "data_gb": data_gb, "app_share": share,
                                   "voice_minutes": line.get("voice_minutes", 0), "sms": line.get("sms", 0)})
