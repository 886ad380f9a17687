"""Score whole populations at once with the compiled tables (numpy, no Python loop per profile).

Input is one array per profile column (the profile's fields, in the profile's units); output is
each profile's cheapest total on every plan, and the best plan, exactly as ``recommend`` ranks
them (ties go to the plan that comes first in the catalogue).  Plans the compiler left to
CP-SAT are solved profile by profile — exact, but slow; the catalogue report says which.
"""

from collections.abc import Mapping

import numpy as np

from ..catalogue import MB_PER_GB, METERS, Catalogue
from ..cost import CAPABILITIES
from ..profile import Profile
from . import cpsat
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

    demand = {
        "data_mb": mb(col("data_gb")),
        "voice_minutes": col("voice_minutes").astype(np.int64),
        "sms": col("sms").astype(np.int64),
        "roaming_data_mb": mb(col("roaming_data_gb")),
        "roaming_voice_minutes": col("roaming_voice_minutes").astype(np.int64),
    }
    assert tuple(demand) == METERS
    return demand


CHUNK = 1 << 15
"""Rows scored together: small enough for the working arrays to stay in the CPU cache."""


def plan_totals(catalogue: Catalogue, columns: Mapping[str, np.ndarray]) -> np.ndarray:
    """``totals[i, j]``: profile i's cheapest fitting total on plan j in fen, ``INF`` if none fits."""
    n = len(next(iter(columns.values())))
    if n > CHUNK:
        return np.concatenate([plan_totals(catalogue, {k: v[i:i + CHUNK] for k, v in columns.items()})
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
        table = tables.plans[plan.id]
        if table.variants is not None:
            totals[:, j] = table.totals(demand, needs, throttle, shared)
        else:
            totals[:, j] = [_solve_one(catalogue, plan.id, columns, i) for i in range(n)]
    return totals


def _solve_one(catalogue: Catalogue, plan_id: str, columns: Mapping[str, np.ndarray], i: int) -> int:
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
    found = cpsat.solve(catalogue, profile, [catalogue.plan_index[plan_id]]).bundles
    return found[0][1] if found else INF


def best_plans(catalogue: Catalogue, columns: Mapping[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Each profile's best plan (index into ``catalogue.plans``, ``NONE`` if nothing fits) and total."""
    totals = plan_totals(catalogue, columns)
    best = np.argmin(totals, axis=1)
    total = totals[np.arange(len(best)), best]
    return np.where(total < INF, best, NONE), np.where(total < INF, total, NONE)
