"""The planner: which engine answers which plan.

``auto`` reads each plan's answer from the compiled tables when the catalogue allows it
(see ``tables``) and asks CP-SAT for the rest; a request may force ``cp-sat`` or the exhaustive
``enumerate``.  The engine actually used is reported with the answer.
"""

import threading
from collections.abc import Sequence
from typing import Literal

from ..catalogue import Catalogue, Plan
from ..profile import Profile
from . import Ranked, cpsat, exhaustive, rank_key
from .tables import Compiled

Engine = Literal["auto", "cp-sat", "enumerate"]
ENGINES: tuple[str, ...] = ("auto", "cp-sat", "enumerate")
_lock = threading.Lock()


def compiled(catalogue: Catalogue) -> Compiled:
    """The catalogue's compiled tables, built on first use and kept with the (immutable) catalogue."""
    found = catalogue.__dict__.get("_compiled")
    if found is None:
        with _lock:
            found = catalogue.__dict__.get("_compiled")
            if found is None:
                found = Compiled(catalogue)
                object.__setattr__(catalogue, "_compiled", found)
    return found


def solve(catalogue: Catalogue, profile: Profile, plans: Sequence[Plan], engine: Engine = "auto",
          time_limit_s: float = 5.0) -> tuple[Ranked, str]:
    """Each plan's cheapest fitting bundle in rank order, and the name of the engine(s) used."""
    if engine == "enumerate":
        return exhaustive.solve(catalogue, profile, plans), "enumerate"
    if engine == "cp-sat":
        return cpsat.solve(catalogue, profile, plans, time_limit_s), "cp-sat"
    tables = compiled(catalogue)
    rest = [plan for plan in plans if not tables.tabled(plan)]
    fast = tables.solve(profile, [plan for plan in plans if tables.tabled(plan)])
    if not rest:
        return fast, "tables"
    slow = cpsat.solve(catalogue, profile, rest, time_limit_s)
    merged = sorted(fast.bundles + slow.bundles, key=lambda item: rank_key(catalogue, *item))
    used = "tables+cp-sat" if len(rest) < len(plans) else "cp-sat"
    return Ranked(tuple(merged), slow.proved), used
