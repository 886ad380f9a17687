"""The tables engine (``optimise.tables``) on small catalogues built by hand, at the shapes the random
catalogues of the agreement tests rarely reach: each test states its cheapest total worked out by hand,
and checks the tables agree with CP-SAT on it.

From the mutation run of ``optimise/tables.py``: each test names the mutant it kills.
"""

from recommender.catalogue import Catalogue, Pack, Plan, Tariff
from recommender.cost import Bundle
from recommender.optimise import cpsat
from recommender.optimise.tables import Compiled
from recommender.profile import Profile

GB = 1024


def tariffs(data: Tariff) -> dict[str, Tariff]:
    """A plan's tariffs: ``data`` as given, voice and SMS plenty (nobody here is short of them)."""
    return {"data_mb": data, "voice_s": Tariff(6000, 60, 10), "sms": Tariff(100, 1, 10)}


def tables_month(catalogue: Catalogue, profile: Profile, plan_id: str = "p") -> tuple[int, Bundle]:
    """The plan's one-month total and bundle from the tables (which must answer it), checked against CP-SAT."""
    compiled = Compiled(catalogue)
    plan = catalogue.plan_index[plan_id]
    assert compiled.tabled(plan, profile)
    (choice,) = compiled.solve(profile, [plan]).choices
    ((bundle, total),) = choice.months
    (other,) = [c for c in cpsat.solve(catalogue, profile, [plan]).choices if c.plan_id == plan_id]
    assert other.months == choice.months
    return total, bundle


def test_a_shortfall_of_capacity_and_one_period_is_decoded_at_the_last_row() -> None:
    """Plan p: ¥10, no data included, ¥3 a started GB; pack gb: 1 GB for ¥2, once.  The data table (grain
    1 GB) holds the shortfalls 0 and 1 (capacity 1 GB, one period past it); 2 GB short reads row 1 and one
    period of overage: ¥10 + ¥2 (gb) + ¥3 (the second GB) = ¥15.00, with gb bought.  The bundle is decoded
    from the same row (``MeterTable._fold``: a shortfall of capacity + period folds back one period).

    Kills tables.py line 175 (MeterTable._fold) 'short < self.capacity + self.period' as '<='."""
    plan = Plan("p", "op", "p", 1000, tariffs(Tariff(0, GB, 300)), 1000, 100)
    catalogue = Catalogue((plan,), (Pack("gb", "op", "gb", 200, {"data_mb": GB}),), "t")
    total, bundle = tables_month(catalogue, Profile.model_validate({"data_gb": 2}))
    assert total == 1000 + 200 + 300
    assert bundle == Bundle("p", (("gb", 1),))


def test_overage_past_a_full_speed_stretch_is_not_possible_without_throttling() -> None:
    """Plan p: ¥50, 10 GB, ¥3 a started GB for 5 GB past it (full speed), then nothing more (the person does
    not accept throttling); pack gb5: 5 GB for ¥20, once.  17 GB is 7 GB over: 7 GB of overage (¥21) passes
    the 5 GB stretch, so gb5 is bought and 2 GB are overage: ¥50 + ¥20 + 2 × ¥3 = ¥76.00 (not ¥71.00).
    The overage table applies the stretch's limit (``MeterTable._overage``: a rule with a limit is the
    general path, not one rate).

    Kills tables.py line 194 (MeterTable._overage) 'rule.limit is None' as 'is not None'."""
    data = Tariff(10 * GB, GB, 300, 1, (), None, 5 * GB)
    plan = Plan("p", "op", "p", 5000, tariffs(data), 1000, 100, throttle_kbps=1000)
    catalogue = Catalogue((plan,), (Pack("gb5", "op", "gb5", 2000, {"data_mb": 5 * GB}),), "t")
    total, bundle = tables_month(catalogue, Profile.model_validate({"data_gb": 17, "allow_throttling": False}))
    assert total == 5000 + 2000 + 2 * 300
    assert bundle == Bundle("p", (("gb5", 1),))
