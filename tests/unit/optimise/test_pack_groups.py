"""``eligible.pack_groups``: the rows of a population grouped by the packs each may not buy.

Found measuring a what-if of 359 provincial plans: 500 packs with conditions of sale (four distinct rules,
each repeated by province) made the row patterns 500 columns wide, and ``np.unique`` over rows sorted them
for 47 of the run's 120 s.  Packs sold under the same rule and operator now share one column."""

import datetime

import numpy as np
import pytest

from recommender.catalogue import Catalogue, Pack, Plan, Tariff
from recommender.catalogue.model import SaleConditions
from recommender.optimise import eligible

AS_OF = datetime.date(2026, 1, 1)
RULES = [SaleConditions(age_max=24), SaleConditions(age_min=60), SaleConditions(regions=frozenset({"CN-SH"})),
         SaleConditions(customers="new"), SaleConditions(available_until=datetime.date(2025, 1, 1))]


def _catalogue(copies: int) -> Catalogue:
    tariffs = {"data_mb": Tariff(10_240, 1024, 300), "voice_s": Tariff(6000, 60, 10), "sms": Tariff(0, 1, 10)}
    plans = tuple(Plan(f"{op}-p", op, "p", 5000, tariffs, 1000, 100) for op in ("china-mobile", "china-unicom"))
    packs = tuple(Pack(f"{op}-k{r}-{c}", op, "k", 500, {"data_mb": 1024}, rule=rule)
                  for c in range(copies) for op in ("china-mobile", "china-unicom") for r, rule in enumerate(RULES))
    return Catalogue(plans, (*packs, Pack("free", "china-mobile", "free", 100, {"data_mb": 512})), "t")


# 10 and 200 packs with a rule; packs of one operator and rule share a column, so 10 columns either way (a row's
# pattern over more than 62 columns: test_eligible_columns_pinned)
@pytest.mark.parametrize("copies", [1, 20])
def test_each_row_is_grouped_with_the_packs_it_may_not_buy(copies: int) -> None:
    rng = np.random.default_rng(7)
    n = 500
    columns = eligible.about_columns({
        "age": rng.choice([-1, 18, 30, 65], n),
        "region": rng.choice(["", "CN-SH", "CN-BJ"], n),
        "current_operator": rng.choice(["", "china-mobile", "china-unicom"], n)})
    catalogue = _catalogue(copies)
    groups = eligible.pack_groups(catalogue, columns, n, AS_OF)
    seen = np.zeros(n, dtype=int)
    for rows, dropped in groups:
        rows = np.arange(n)[rows]
        seen[rows] += 1
        for i in rows.tolist():  # the packs whose rule this row is known not to meet, one pack at a time
            one = {name: value[i:i + 1] for name, value in columns.items() if not name.endswith((":values", ":index"))}
            expected = {p.id for p in catalogue.packs
                        if eligible.not_met(p.rule, p.operator, eligible.about_columns(one), 1, AS_OF)[0]}
            assert dropped == expected, i
    assert (seen == 1).all()  # every row in one group
    assert len(groups) == len({dropped for _, dropped in groups}) > 1
