"""Score whole populations at once with the compiled tables (numpy, no Python loop per profile).

Input is one array per profile column (the profile's fields, in the profile's units); output is
each profile's cheapest total on every plan, and the best plan, exactly as ``recommend`` ranks
them (ties go to the plan that comes first in the catalogue).  Plans the compiler left to
CP-SAT are solved profile by profile — exact, but slow; the catalogue report says which.
"""

from collections.abc import Mapping

import numpy as np

from ..catalogue import MB_PER_GB, METERS, Catalogue
from ..cost import CAPABILITIES, NO_TERMS
from ..profile import Profile
from .planner import compiled
from .tables import INF

COLUMNS = ("data_gb", "voice_minutes", "sms", "roaming_data_gb", "roaming_voice_minutes",
           "min_uplink_mbps", "min_downlink_mbps", "satellite", "broadband", "allow_throttling")
"""The population columns (missing ones are zero / false)."""

NONE = -1


def _demand(columns: Mapping[str, np.ndarray], n: int) -> dict[str, np.ndarray]:
    def col(name: str) -> np.ndarray:
        return np.asarray(columns[name]) if name in columns else np.zeros(n)

    def mb(gb: np.ndarray) -> np.ndarray:
        # Same rounding as Profile.demand: up to the whole MB (tolerant of float noise in the file).
        return np.ceil(np.round(np.asarray(gb, dtype=np.float64) * MB_PER_GB, 6)).astype(np.int64)

    demand = {  # raw usage in the meters' units; each plan applies its own monthly data rounding
        "data_mb": mb(col("data_gb")),
        "voice_s": col("voice_minutes").astype(np.int64) * 60,
        "sms": col("sms").astype(np.int64),
        "roaming_data_mb": mb(col("roaming_data_gb")),
        "roaming_voice_s": col("roaming_voice_minutes").astype(np.int64) * 60,
    }
    assert tuple(demand) == METERS
    return demand


CHUNK = 1 << 15
"""Rows scored together: small enough for the working arrays to stay in the CPU cache."""


def plan_totals(catalogue: Catalogue, columns: Mapping[str, np.ndarray], currency: str | None = None) -> np.ndarray:
    """``totals[i, j]``: profile i's cheapest fitting total on plan j in fen, ``INF`` if none fits
    (or if ``currency`` is given and plan j is priced in another: it is not scored)."""
    n = len(next(iter(columns.values())))
    if n > CHUNK:
        return np.concatenate([plan_totals(catalogue, {k: v[i:i + CHUNK] for k, v in columns.items()}, currency)
                               for i in range(0, n, CHUNK)])
    demand = _demand(columns, n)
    needs = {
        "min_uplink_mbps": np.asarray(columns.get("min_uplink_mbps", np.zeros(n)), dtype=np.int64),
        "min_downlink_mbps": np.asarray(columns.get("min_downlink_mbps", np.zeros(n)), dtype=np.int64),
        "satellite": np.asarray(columns.get("satellite", np.zeros(n)), dtype=np.int64),
        "broadband": np.asarray(columns.get("broadband", np.zeros(n)), dtype=np.int64),
    }
    assert tuple(needs) == tuple(cap.name for cap in CAPABILITIES)
    throttle = np.asarray(columns.get("allow_throttling", np.zeros(n)), dtype=bool)
    tables = compiled(catalogue)
    totals = np.full((n, len(catalogue.plans)), INF, dtype=np.int64)
    shared: dict[object, np.ndarray] = {}
    for j, plan in enumerate(catalogue.plans):
        if currency is not None and plan.currency != currency:
            continue
        table = tables.plans[plan.id]
        if table.variants is not None:  # one month of totals: subscriptions do not couple anything
            totals[:, j] = table.totals(demand, needs, throttle, shared)
        else:
            totals[:, j] = [_solve_one(catalogue, plan.id, columns, i) for i in range(n)]
    return totals


def _solve_one(catalogue: Catalogue, plan_id: str, columns: Mapping[str, np.ndarray], i: int) -> int:
    from . import cpsat  # only for plans the tables cannot answer: OR-Tools costs ~0.5 s to import

    row = {name: columns[name][i].item() for name in COLUMNS if name in columns}
    profile = Profile.model_validate({
        "data_gb": str(row.get("data_gb", 0)), "voice_minutes": int(row.get("voice_minutes", 0)),
        "sms": int(row.get("sms", 0)), "allow_throttling": bool(row.get("allow_throttling", False)),
        "needs": {"min_uplink_mbps": int(row.get("min_uplink_mbps", 0)),
                  "min_downlink_mbps": int(row.get("min_downlink_mbps", 0)),
                  "satellite": bool(row.get("satellite", False)), "broadband": bool(row.get("broadband", False)),
                  "roaming": {"data_gb": str(row.get("roaming_data_gb", 0)),
                              "voice_minutes": int(row.get("roaming_voice_minutes", 0))}},
    })
    found = cpsat.solve(catalogue, profile, [catalogue.plan_index[plan_id]]).choices
    return found[0].total_fen if found else INF


def horizon_totals(catalogue: Catalogue, totals: np.ndarray, horizon_months: int = 24) -> np.ndarray:
    """``cost.contract`` vectorised: each plan's monthly totals → what it costs over the horizon."""
    out = np.full_like(totals, INF)
    for j, plan in enumerate(catalogue.plans):
        month = totals[:, j]
        terms = plan.terms
        if terms == NO_TERMS:  # the common case, in closed form (as cost.contract)
            out[:, j] = np.where(month < INF, month * horizon_months, INF)
            continue
        horizon = np.zeros_like(month)
        for i in range(horizon_months):
            promo = next((fee for months, fee in terms.promotions if i < months), None)
            charge = month + (promo - plan.fee_fen if promo is not None else 0)
            horizon += np.maximum(charge, terms.minimum_monthly_spend_fen)
        owed = max(0, terms.minimum_term_months - horizon_months) * max(plan.fee_fen, terms.minimum_monthly_spend_fen)
        out[:, j] = np.where(month < INF, horizon + terms.one_off_fen + owed, INF)
    return out


def best_plans(catalogue: Catalogue, columns: Mapping[str, np.ndarray], horizon_months: int = 24,
               currency: str = "CNY") -> tuple[np.ndarray, np.ndarray]:
    """Each profile's best plan (index into ``catalogue.plans``, ``NONE`` if nothing fits) and its
    monthly total, ranked as ``recommend`` ranks one month of usage: by the price over the horizon
    with each plan's terms, ties to the plan first in the catalogue.  Only plans priced in
    ``currency`` compete (as in ``recommend`` without exchange rates).

    Scored a chunk of rows at a time, and ranked plan by plan with a running minimum: no matrix of
    horizon prices is built (a plan without terms costs ``horizon × month``, which ranks as the month).
    """
    n = len(next(iter(columns.values())))
    best = np.full(n, NONE, dtype=np.int64)
    pay = np.full(n, NONE, dtype=np.int64)
    for start in range(0, n, CHUNK):
        part = {k: v[start:start + CHUNK] for k, v in columns.items()}
        totals = plan_totals(catalogue, part, currency)
        rows = len(totals)
        lowest = np.full(rows, INF, dtype=np.int64)
        index = np.full(rows, NONE, dtype=np.int64)
        for j, plan in enumerate(catalogue.plans):
            if plan.currency != currency:
                continue
            month = totals[:, j]
            if plan.terms == NO_TERMS:  # INF stays at or above INF: never better than "nothing fits"
                horizon = month * horizon_months
            else:
                horizon = horizon_totals(Catalogue((plan,), ()), totals[:, j:j + 1], horizon_months)[:, 0]
            better = horizon < lowest  # strictly: ties stay with the plan first in the catalogue
            np.copyto(lowest, horizon, where=better)
            np.copyto(index, j, where=better)
        fits = index != NONE
        best[start:start + rows] = index
        pay[start:start + rows] = np.where(fits, totals[np.arange(rows), np.maximum(index, 0)], NONE)
    return best, pay
