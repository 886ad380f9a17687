"""The planner: which engine answers which plan.

``auto`` reads each plan's answer from the compiled tables when the catalogue allows it
(see ``tables``) and asks CP-SAT for the rest; a request may force ``cp-sat`` or the exhaustive
``enumerate``.  The engine actually used is reported with the answer.
"""

import threading
import time
from collections.abc import Sequence
from typing import Literal

from ..catalogue import Catalogue, Plan
from ..cost import CAPABILITIES, blockers
from ..eligibility import assess
from ..objective import may_tie, rests_on, sure_first
from ..profile import Profile
from . import Ranked, exhaustive, objective_key
from .tables import FLAT_MIN, MONTH_DAYS, MONTHLY, NO_NEED, NO_NEEDS, Compiled, CompiledPlan, Structure

Engine = Literal["auto", "cp-sat", "enumerate"]
ENGINES: tuple[Engine, ...] = ("auto", "cp-sat", "enumerate")
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


def compiled_all(catalogue: Catalogue) -> Compiled:
    """``compiled``, every plan's tables built (``Compiled.every_plan``): what a cached catalogue keeps
    (``catalogue.cache.load_prepared``)."""
    return compiled(catalogue).every_plan()


def prepared(catalogue: Catalogue) -> Compiled:
    """What a cached catalogue keeps (``catalogue.cache.load_prepared``, the CLI's): every plan compiled
    (``compiled_all``), and the view that an answer for someone who says nothing of themselves asks again
    (``sure_view``: the plans less the packs sold on a condition they leave unknown, ``_sure_first``), so that a
    warm ``recommender recommend`` compiles nothing (it compiled a plan of that view, numpy imported: about 0.1 s
    of a cold answer for the seed student)."""
    tables = compiled_all(catalogue)
    said = assess(catalogue, Profile())
    if said.unsure_packs:
        compiled_all(sure_view(catalogue.without_packs(said.dropped_packs), said.unsure_packs))
    return tables


def sure_view(catalogue: Catalogue, unsure: frozenset[str]) -> Catalogue:
    """``catalogue`` less the packs of ``unsure`` (``Catalogue.without_packs``: kept with it)."""
    return catalogue.without_packs(unsure & {pack.id for pack in catalogue.packs})


def warm(catalogue: Catalogue) -> None:
    """Compile the catalogue, and build on every plan the tables a profile with one speed need lasting the
    month uses (each level a pack offers above the plan's own), so that a server's first such request
    does not build them: on the shipped plans an uplink need's first answer took 62 ms against 1 ms
    after, and on a plan near ``tables.MAX_VARIANTS`` 0.1-0.4 s.  The server calls it before it forks
    (``gunicorn.conf.when_ready``): every worker starts with them.  On a catalogue of ``FLAT_MIN`` plans or
    more, the flat lookup's rows of those tables and of each plan's own are made too (20-30 ms on 360 plans).  The
    view an answer for someone who says nothing of themselves asks again is compiled too (``prepared``)."""
    tables = prepared(catalogue)
    structures: list[tuple[CompiledPlan, Structure]] = []
    for plan in catalogue.plans:
        table = tables.plans[plan.id]
        if table.variants is None:
            continue
        structures.append((table, (NO_NEEDS, False, MONTHLY)))
        for i, cap in enumerate(CAPABILITIES):
            for level in table.pack_levels[cap.name]:
                if level <= cap.plan_level(plan):
                    continue  # (such a need is the plan's own: no pack is asked for it)
                key = tuple(level if j == i else NO_NEED for j in range(len(CAPABILITIES)))
                days = table.days_key(key, MONTH_DAYS)
                if table.fits(key, days):
                    table.structure(key, False, days)
                    structures.append((table, (key, False, days)))
    if len({table.plan.id for table, _ in structures}) >= FLAT_MIN:
        flat = tables.flat()
        for table, structure in structures:
            if not table.may_install:
                flat.rows(table, structure)
        flat.arrays()


def solve(catalogue: Catalogue, profile: Profile, plans: Sequence[Plan], engine: Engine = "auto",
          time_limit_s: float = 5.0, unsure: frozenset[str] = frozenset()) -> tuple[Ranked, str]:
    """Each fitting plan's best bundles (in the order of ``plans``), and the engine(s) used.

    The tables answer a plan at the cost of a lookup; the searches (CP-SAT, the enumerator) are not
    given plans that ``cost.blockers`` shows cannot fit.  ``unsure``: the packs the person may buy only on a
    condition of sale they leave unknown (``Assessment.unsure_packs``); a plan whose bundles buy one is asked
    again without them, by the same engine, and those bundles kept where ``objective.sure_first`` says
    (``_sure_first``)."""
    deadline = time.monotonic() + time_limit_s
    found, used = _solve(catalogue, profile, plans, engine, time_limit_s)
    if unsure:
        found = _sure_first(catalogue, profile, found, unsure, engine, deadline)
    return found, used


def _sure_first(catalogue: Catalogue, profile: Profile, found: Ranked, unsure: frozenset[str], engine: Engine,
                deadline: float) -> Ranked:
    """``found`` with each plan's bundles that buy an ``unsure`` pack replaced by the plan's best bundles buying
    none, where ``objective.sure_first`` prefers them (their keys equal but for the benefits wished for and the pack
    count): one rule for every
    engine, which each break such ties their own way (the tables by their tables' order, CP-SAT by its search,
    the enumerator by its order of bundles).  Only the plans some ``unsure`` pack fits are read (a bundle from
    the tables is decoded to be read), and only those buying one are solved again (on ``catalogue`` less
    ``unsure``: a view kept with the catalogue, ``Catalogue.without_packs``), within the time left; a search
    cut short keeps the bundles it had unless its own are as good."""
    sold = catalogue.plans_sold(unsure)
    resting = [c for c in found.choices if c.plan_id in sold and rests_on(unsure, c.bundles)]
    if not resting:
        return found
    sure = sure_view(catalogue, unsure)
    again = _solve(sure, profile, [catalogue.plan_index[c.plan_id] for c in resting], engine,
                   max(0.0, deadline - time.monotonic()))[0].by_plan()
    better = {c.plan_id: again[c.plan_id] for c in resting if c.plan_id in again
              and may_tie(c.month_totals, again[c.plan_id].month_totals)
              and sure_first(objective_key(catalogue, c, profile), objective_key(sure, again[c.plan_id], profile))}
    if not better:
        return found
    return Ranked(tuple(better.get(c.plan_id, c) for c in found.choices), found.proved)


def _solve(catalogue: Catalogue, profile: Profile, plans: Sequence[Plan], engine: Engine,
           time_limit_s: float) -> tuple[Ranked, str]:
    """``solve`` by the engines alone (each plan's least ``objective.plan_key``, ties broken the engine's way)."""
    if engine == "enumerate":
        return exhaustive.solve(catalogue, profile, _hopeful(catalogue, profile, plans), time_limit_s), "enumerate"
    if engine == "cp-sat":  # forced: the tables' answers (where they exist) only seed the search
        tables = compiled(catalogue)
        from . import cpsat  # imported only where CP-SAT runs: OR-Tools (and pandas through it) cost ~0.5 s

        hopeful = _hopeful(catalogue, profile, plans)
        hints = tables.solve(profile, hopeful).by_plan()
        return cpsat.solve(catalogue, profile, hopeful, time_limit_s, hints), "cp-sat"
    tables = compiled(catalogue)
    on_tables = tables.tabled_each(plans, profile)
    rest = _hopeful(catalogue, profile, [plan for plan, tabled in zip(plans, on_tables, strict=True) if not tabled])
    fast = tables.solve(profile, [plan for plan, tabled in zip(plans, on_tables, strict=True) if tabled], checked=True)
    if not rest:
        return fast, "tables"
    from . import cpsat

    slow = cpsat.solve(catalogue, profile, rest, time_limit_s)
    found = fast.by_plan() | slow.by_plan()
    merged = tuple(found[plan.id] for plan in plans if plan.id in found)
    used = "tables+cp-sat" if any(on_tables) else "cp-sat"
    return Ranked(merged, slow.proved), used


def _hopeful(catalogue: Catalogue, profile: Profile, plans: Sequence[Plan]) -> list[Plan]:
    return [plan for plan in plans if not blockers(catalogue, plan, profile)]
