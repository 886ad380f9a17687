"""Property: on random plan FILES loaded by the real loader, the batch scorer (``optimise.batch``) gives each row
of a population what a lenient ``recommend`` answers for it: every plan's monthly total and effective monthly price,
the best plan and its price (``tests/plan_file_strategies.py`` draws the files, ``file_rows`` the rows)."""

import datetime
import json
import os
from decimal import Decimal
from typing import Any

import numpy as np
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from recommender.answer import recommend
from recommender.catalogue import Catalogue
from recommender.optimise.batch import NONE, best_plans, effective_monthly, horizon_totals, kept_as_paid, plan_prices
from recommender.optimise.tables import INF
from recommender.profile import Profile
from tests.plan_file_strategies import Doc, file_rows, load, plan_files

EXAMPLES = max(1, int(os.environ.get("PROPERTY_EXAMPLES", "200")) * 40 // 200)  # (40 by default)
AS_OF = datetime.date(2025, 7, 1)
TEXT = ("region", "customer_of", "current_plan")


def row_as_profile(row: dict[str, Any], horizon_months: int = 24) -> Profile:
    """The row as a person asks ``recommend`` (lenient, one month, over the horizon, what the row does not say
    unknown)."""
    about = {"age": row["age"] if row["age"] >= 0 else None, "region": row["region"] or None,
             "customer_of": row["customer_of"] or None}
    return Profile.model_validate({
        "data_gb": row["data_gb"], "voice_minutes": row["voice_minutes"], "sms": row["sms"],
        "allow_throttling": row["allow_throttling"], "about": about, "as_of": AS_OF.isoformat(),
        "horizon_months": horizon_months,
        **({"current": {"plan_id": row["current_plan"]}} if row["current_plan"] else {}),
        "needs": {key: row[key] for key in ("min_uplink_mbps", "min_downlink_mbps", "satellite", "broadband",
                                            "satellite_minutes", "satellite_sms", "broadband_mbps")}
        | {"roaming": {"data_gb": row["roaming_data_gb"], "voice_minutes": row["roaming_voice_minutes"]}}})


def as_columns(rows: list[dict[str, Any]]) -> dict[str, np.ndarray]:
    return {key: np.array([float(Decimal(r[key])) if key.endswith("_gb") else r[key] for r in rows],
                          dtype=object if key in TEXT else None) for key in rows[0]}


@st.composite
def populations(draw: st.DrawFn) -> tuple[list[Doc], list[dict[str, Any]], int]:
    docs = draw(plan_files())
    return docs, draw(st.lists(file_rows(docs), min_size=1, max_size=6)), draw(st.sampled_from([24, 24, 1, 7, 36]))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(populations())
def test_the_batch_scorer_answers_each_row_as_recommend_does_on_plan_files(
        case: tuple[list[Doc], list[dict[str, Any]], int]) -> None:
    docs, rows, horizon = case
    note(f"plan files: {json.dumps(docs)}")
    note(f"rows: {json.dumps(rows)}, horizon_months={horizon}")
    catalogue: Catalogue = load(docs)
    columns = as_columns(rows)
    best, pay_best = best_plans(catalogue, columns, horizon, as_of=AS_OF)
    totals, fees = plan_prices(catalogue, columns, currency="CNY", as_of=AS_OF, horizon_months=horizon)
    at = {plan.id: j for j, plan in enumerate(catalogue.plans)}  # (each row's own plan: as its people pay it, as
    on = np.array([at.get(str(row.get("current_plan") or ""), -1) for row in rows])  # ``recommend`` ranks it)
    pay = effective_monthly(kept_as_paid(catalogue, totals, horizon_totals(catalogue, totals, horizon, fees), fees, on,
                                         horizon), horizon)
    for i, row in enumerate(rows):
        answer = recommend(catalogue, row_as_profile(row, horizon), top_k=50)
        per_plan = {r.plan_id: (r.total_fen, r.effective_monthly_fen) for r in answer.recommendations}
        got = {plan.id: (int(totals[i, j]), int(pay[i, j])) for j, plan in enumerate(catalogue.plans)
               if totals[i, j] < INF}
        assert got == per_plan, (i, row)
        first = answer.recommendations[0] if answer.recommendations else None
        assert (catalogue.plans[best[i]].id if best[i] != NONE else None) == (first.plan_id if first else None)
        assert pay_best[i] == (first.effective_monthly_fen if first else NONE)
