"""Hypothesis strategies: random catalogues (separable and not) and random profiles."""

import datetime
from decimal import Decimal

from hypothesis import strategies as st

from recommender.catalogue import METERS, Catalogue, Pack, Plan, Rule, Tariff
from recommender.catalogue.model import ANYONE, BillingRules, Terms
from recommender.profile import Profile

MB = 1024
OPERATORS = ("op-a", "op-b", "op-c")
REGIONS = ("CN-BJ", "CN-SH", "CN-CQ")
DAY = datetime.date(2025, 7, 1)


@st.composite
def rules(draw: st.DrawFn) -> Rule:
    """Conditions of sale using every part of the format (most plans and packs: anyone)."""
    if draw(st.integers(0, 2)) == 0:
        return ANYONE
    customers = draw(st.sampled_from(["any", "new", "existing"]))
    low = draw(st.one_of(st.none(), st.sampled_from([16, 60])))
    return Rule(
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
def plans(draw: st.DrawFn, operator: str, index: int) -> Plan:
    def tariff(meter: str) -> Tariff:
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

    tariffs = {meter: tariff(meter) for meter in METERS}
    promotions = draw(st.lists(st.tuples(st.integers(1, 12), st.integers(0, 20_000)), max_size=2))
    return Plan(
        id=f"{operator}-p{index}",
        operator=operator,
        name=f"plan {index}",
        fee_fen=draw(st.integers(0, 50_000)),
        tariffs=tariffs,
        downlink_mbps=draw(st.sampled_from([500, 1000, 3000])),
        uplink_mbps=draw(st.sampled_from([100, 200, 300, 400])),
        satellite=draw(st.booleans()),
        broadband_mbps=draw(st.sampled_from([0, 0, 500, 1000])),
        throttle_kbps=1000 if tariffs["data_mb"].rate_fen is None else None,
        benefits=frozenset(draw(st.sets(st.sampled_from(["a", "b", "c"])))),
        billing=BillingRules(draw(st.sampled_from([60, 6, 1])), draw(st.booleans()),
                             draw(st.sampled_from([1, 1000, 1024]))),
        terms=Terms(tuple(promotions), draw(st.sampled_from([0, 0, 9900])), draw(st.sampled_from([0, 0, 12, 36])),
                    draw(st.sampled_from([0, 0, 5000]))),
        rule=draw(rules()),
        assumed=frozenset(draw(st.sets(st.sampled_from(["fee", "data_mb", "voice_s", "rate:data_mb", "rate:sms"])))),
    )


@st.composite
def packs(draw: st.DrawFn, operator: str, index: int, plan_ids: list[str], separable: bool) -> Pack:
    meters = draw(st.sets(st.sampled_from(METERS), min_size=0, max_size=1 if separable else 3))
    adds = {m: draw(st.integers(1, 20)) * (MB if m.endswith("_mb") else 600 if m.endswith("_s") else 10)
            for m in meters}
    restricted = draw(st.booleans())
    eligible = frozenset(draw(st.sets(st.sampled_from(plan_ids), min_size=1))) if restricted else None
    pool = sorted(eligible) if eligible else plan_ids
    return Pack(
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


@st.composite
def catalogues(draw: st.DrawFn, separable: bool | None = None) -> Catalogue:
    separable = draw(st.booleans()) if separable is None else separable
    operators = draw(st.lists(st.sampled_from(OPERATORS), min_size=1, max_size=2, unique=True))
    all_plans: list[Plan] = []
    all_packs: list[Pack] = []
    for operator in operators:
        op_plans = [draw(plans(operator, i)) for i in range(draw(st.integers(1, 3)))]
        ids = [p.id for p in op_plans]
        op_packs = [draw(packs(operator, i, ids, separable)) for i in range(draw(st.integers(0, 4)))]
        if not separable and len(op_packs) >= 2 and draw(st.booleans()):
            a, b = op_packs[0], op_packs[1]
            op_packs[0] = Pack(**{**a.__dict__, "excludes": frozenset({b.id})})
        all_plans += op_plans
        all_packs += op_packs
    return Catalogue(tuple(all_plans), tuple(all_packs), "test")


@st.composite
def profiles(draw: st.DrawFn, history: bool = True) -> Profile:
    def usage() -> dict[str, object]:
        return {"data_gb": Decimal(draw(st.integers(0, 200_000))) / 1000,
                "voice_minutes": draw(st.integers(0, 1500)), "sms": draw(st.integers(0, 300))}

    months = draw(st.one_of(st.integers(1, 4), st.integers(1, 12))) if history else 1  # short ones more often
    fields: dict[str, object] = usage() if months == 1 else {"months": [usage() for _ in range(months)]}
    return Profile.model_validate({
        **fields,
        "needs": {
            "min_uplink_mbps": draw(st.sampled_from([0, 0, 200, 300, 450])),
            "min_downlink_mbps": draw(st.sampled_from([0, 0, 1000, 3000])),
            "satellite": draw(st.booleans()),
            "broadband": draw(st.booleans()),
            "roaming": {"data_gb": draw(st.sampled_from([0, 0, 1, 15])),
                        "voice_minutes": draw(st.sampled_from([0, 0, 30, 200]))},
        },
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
