"""The reference enumerator: price every bundle with the cost model and keep each plan's best.

Exponential in the number of packs, so it is the oracle for tests and small catalogues, not
the engine for requests.  With the subscription packs' counts fixed, the effective price is a sum
over the history's months of functions nondecreasing in each month's total (``recommender.objective``),
so the enumerator tries every subscription count and, under each, every month's bundles, and
keeps the least ``objective.plan_key`` over the horizon.  Installation fees (paid once over the
horizon, ``cost.bundles_one_off``) tie the months together too: the enumerator also tries every set of
installation-fee packs allowed, like the subscription counts, each month choosing among those only.

Given a time limit (the request's, as CP-SAT is), it stops when the limit is reached: the plans it finished are
answered, the rest left out, and the result is not ``proved`` (an answer ``feasible``, or with nothing found the API's
503).  Without one it runs to the end, as the tests' oracle.
"""

import itertools
import math
import time
from collections.abc import Iterator, Sequence
from typing import Any

from ..catalogue import Catalogue, Pack, Plan
from ..cost import Bundle, bundles_one_off, most_bought, price, sims, weights
from ..messages import Message, Refused
from ..objective import month_values, month_wished
from ..profile import Profile
from ..usage import Demand, billed
from . import Choice, Ranked, objective_key

MAX_COMBINATIONS = 2_000_000
CLOCK_EVERY = 256
"""The combinations priced between two looks at the clock (each pricing takes some 20 µs; a look, well under 1 µs)."""


class _OutOfTime(Exception):
    """The time limit was reached inside a plan's enumeration (``solve`` catches it)."""


class TooManyCombinations(Refused):
    """A plan has more pack combinations than the enumerator tries (``MAX_COMBINATIONS``): the
    enumerator is the oracle for small catalogues; ``auto`` and ``cp-sat`` answer any catalogue."""

    def __init__(self, plan_id: str, size: int) -> None:  # (a code: the CLI's --lang zh said it in English, QA)
        super().__init__(Message("engine.too_many_combinations", {"plan_id": plan_id, "combinations": size,
                                                                  "limit": MAX_COMBINATIONS}))
        self.plan_id, self.size = plan_id, size

    def __reduce__(self) -> tuple[Any, ...]:
        return type(self), (self.plan_id, self.size)


def _counts(plan: Plan, packs: Sequence[Pack], profile: Profile) -> Iterator[tuple[int, ...]]:
    most = [most_bought(p, sims(profile)) for p in packs]  # (a household's packs sold per SIM: on each line)
    size = math.prod(m + 1 for m in most)
    if size > MAX_COMBINATIONS:
        raise TooManyCombinations(plan.id, size)
    return itertools.product(*(range(m + 1) for m in most))


def month_best(catalogue: Catalogue, profile: Profile, plan: Plan, demand: Demand,
               fixed: dict[str, int], weight: int = 1, deadline: float | None = None) -> tuple[Bundle, int] | None:
    """The cheapest fitting bundle for one month, with the subscription packs' counts ``fixed``; equal ones:
    the benefits worth most (``weight``: the times the month counts over the horizon), then the most benefits wished
    for, then fewer packs.
    ``deadline`` (``time.monotonic``): ``_OutOfTime`` once it is past."""
    packs = [p for p in catalogue.packs_for(plan) if p.id not in fixed]
    best: tuple[tuple[int, int, int, int, tuple[tuple[str, int], ...]], Bundle] | None = None
    for tried, counts in enumerate(_counts(plan, packs, profile)):
        if deadline is not None and tried % CLOCK_EVERY == 0 and time.monotonic() >= deadline:
            raise _OutOfTime()
        chosen = dict(zip((p.id for p in packs), counts, strict=True)) | fixed
        bundle = Bundle(plan.id, tuple((p.id, chosen[p.id]) for p in catalogue.packs_for(plan) if chosen[p.id]))
        costing = price(catalogue, profile, bundle, demand)
        if costing.meets_needs:
            value = weight * month_values(catalogue, profile, [bundle])[0]
            wished = weight * month_wished(catalogue, profile, [bundle])[0]
            key = (costing.total_fen, -value, -wished, bundle.pack_count, bundle.packs)
            if best is None or key < best[0]:
                best = (key, bundle)
    return (best[1], best[0][0]) if best else None


def solve(catalogue: Catalogue, profile: Profile, plans: Sequence[Plan], time_limit_s: float | None = None) -> Ranked:
    """Each plan's best bundles over the profile's months (the same contract as ``cpsat.solve``): within
    ``time_limit_s`` when given, the plans not finished by then left out and the result not ``proved``.  Found by the
    security review: the limit was taken and ignored, so ``engine=enumerate`` from any client ran to the end; on a
    catalogue whose China Unicom metro pass is sold on up to 12 days (1.9 million combinations a plan), one request
    held a worker until gunicorn killed it at 30 s, answered 500."""
    deadline = None if time_limit_s is None else time.monotonic() + time_limit_s
    choices: list[Choice] = []
    try:
        for plan in plans:
            found = _solve_plan(catalogue, profile, plan, deadline)
            if found is not None:
                choices.append(found)
    except _OutOfTime:
        return Ranked(tuple(choices), proved=False)
    return Ranked(tuple(choices))


def _solve_plan(catalogue: Catalogue, profile: Profile, plan: Plan, deadline: float | None) -> Choice | None:
    """``plan``'s best bundles over the profile's months, or None when none fit."""
    demands = billed(profile, plan)
    subscribed = [p for p in catalogue.packs_for(plan) if p.subscription] if len(demands) > 1 else []
    installed = [p for p in catalogue.packs_for(plan) if p.install_fen and p not in subscribed]
    best: tuple[tuple[int, ...], Choice] | None = None
    for counts, allowed in itertools.product(_counts(plan, subscribed, profile),
                                             itertools.product((0, 1), repeat=len(installed))):
        fixed = {p.id: n for p, n in zip(subscribed, counts, strict=True)}
        fixed |= {p.id: 0 for p, a in zip(installed, allowed, strict=True) if not a}
        months = [month_best(catalogue, profile.in_month(i), plan, d, fixed, w, deadline)
                  for i, (d, w) in enumerate(zip(demands, weights(len(demands), profile.horizon_months),
                                                 strict=True))]
        if any(m is None for m in months):
            continue
        found = tuple(m for m in months if m is not None)
        choice = Choice(plan.id, found, bundles_one_off(catalogue, [b for b, _ in found]))
        key = objective_key(catalogue, choice, profile)
        if best is None or key < best[0]:
            best = (key, choice)
    return best[1] if best is not None else None
