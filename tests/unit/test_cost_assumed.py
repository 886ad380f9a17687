"""Which bill lines rest on an assumed figure (``Line.assumed``, summed as ``Costing.assumed_fen``: the answer's
estimate marks): each line on the figures that decide it, and on no other.  Worked by hand from docs/plan-files.md
on plans built in code, where exactly one figure is an assumption."""

from dataclasses import replace
from decimal import Decimal

from recommender.catalogue import Catalogue, Plan, Tariff
from recommender.catalogue.model import ExtraLines
from recommender.cost import Bundle, price
from recommender.profile import Profile

MB = 1024
TARIFFS = {"data_mb": Tariff(10 * MB, MB, 300), "voice_s": Tariff(100 * 60, 60, 15), "sms": Tariff(0, 1, 10),
           "roaming_data_mb": Tariff(0, MB, None), "roaming_voice_s": Tariff(0, 60, None)}


def test_a_free_full_speed_stretch_is_an_estimate_when_the_stretch_is_assumed() -> None:
    # ¥100 with 10 GB, then 5 GB more at full speed with no data rate, then throttled (达量限速); only the stretch's
    # size is an assumption (the stretch at a rate of 0, as the plan files load it).  13 GB: 3 GB of the stretch at
    # ¥0.00, a line that rests on the stretch alone.
    plan = Plan("p", "china-unicom", "plan", 10000,
                {**TARIFFS, "data_mb": Tariff(10 * MB, MB, 0, full_speed=5 * MB)}, 1000, 100,
                throttle_kbps=1000, assumed=frozenset({"full_speed"}))
    costing = price(Catalogue((plan,), ()), Profile(data_gb=Decimal(13)), Bundle("p"))
    assert [(line.kind, line.fen, line.quantity, line.assumed) for line in costing.lines] == [
        ("base", 10000, 1, False), ("overage", 0, 3, True)]
    unassumed = price(Catalogue((replace(plan, assumed=frozenset()),), ()), Profile(data_gb=Decimal(13)), Bundle("p"))
    assert [line.assumed for line in unassumed.lines] == [False, False]


def test_an_extra_lines_own_overage_is_an_estimate_when_the_rate_is_assumed() -> None:
    # ¥100, voice 100 min at ¥0.15/min beyond; two extra lines at ¥10, data shared, each with 50 min of its own.
    # Only the voice rate is an assumption.  Extra line 1 talks 80 min: 30 min over its own 50, 30 × ¥0.15 = ¥4.50,
    # resting on the assumed rate; its fee and the plan's fee rest on no assumption.
    extra = ExtraLines(2, 1000, frozenset({"data_mb"}), {"voice_s": 50 * 60})
    plan = Plan("p", "china-unicom", "plan", 10000, TARIFFS, 1000, 100, extra_lines=extra,
                assumed=frozenset({"rate:voice_s"}))
    profile = Profile.model_validate({"lines": [{"voice_minutes": 10}, {"voice_minutes": 80}]})
    costing = price(Catalogue((plan,), ()), profile, Bundle("p"))
    assert [(line.kind, line.fen, line.owner, line.assumed) for line in costing.lines] == [
        ("base", 10000, 0, False), ("line", 1000, 1, False), ("overage", 450, 1, True)]
    assert costing.total_fen == 11450 and costing.assumed_fen == 450
