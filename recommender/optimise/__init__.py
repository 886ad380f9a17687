"""Finding each plan's cheapest fitting bundles: tables or CP-SAT for answers, enumeration as the oracle.

Every engine has one contract, ``solve(catalogue, profile, plans, time_limit_s) -> Ranked``: for
every plan that can meet the profile's needs, one bundle per usage month (monthly packs are
chosen month by month; a subscription pack keeps one count throughout), minimising the
plan's effective price over the profile's horizon (``recommender.objective.plan_key``: the
horizon total with the plan's terms, then the history's total, then the benefits' value, then the benefits
wished for, then fewer packs; the worst month first when the profile asks); of bundles equal but for the benefits
wished for and their packs, ``planner.solve`` keeps those buying no pack on an unknown condition of sale
(``objective.sure_first``), whichever the engine.  Ranking plans
against each other (with their contract terms) is ``recommender.answer``'s.
"""

from collections.abc import Callable
from dataclasses import dataclass

from ..catalogue import Catalogue
from ..cost import Bundle
from ..objective import month_values, month_wished, plan_key
from ..profile import Profile


@dataclass(frozen=True)
class Choice:
    """A plan's best bundles, one per usage month, with each month's cost in fen (before terms)."""

    plan_id: str
    months: tuple[tuple[Bundle, int], ...]
    one_off_fen: int = 0
    """The packs' one-off fees (installation), once over the horizon (``cost.bundles_one_off``)."""

    @property
    def month_totals(self) -> tuple[int, ...]:
        return tuple(fen for _, fen in self.months)

    @property
    def total_fen(self) -> int:
        return sum(fen for _, fen in self.months)

    @property
    def pack_count(self) -> int:
        return sum(bundle.pack_count for bundle, _ in self.months)

    @property
    def bundles(self) -> tuple[Bundle, ...]:
        return tuple(bundle for bundle, _ in self.months)


class DecodedChoice(Choice):
    """A choice whose month totals are known at once and whose bundles are decoded when first read
    (the tables: only the plans an answer shows, or whose ties it breaks, need their packs)."""

    _totals: tuple[int, ...]
    _decode: Callable[[], tuple[Bundle, ...]]

    def __init__(self, plan_id: str, totals: tuple[int, ...], decode: Callable[[], tuple[Bundle, ...]],
                 one_off_fen: int = 0) -> None:
        own = self.__dict__  # (one per plan of an answer: no keyword dict made for ``update``)
        own["plan_id"], own["one_off_fen"], own["_totals"], own["_decode"] = plan_id, one_off_fen, totals, decode

    @classmethod
    def decoded(cls, plan_id: str, totals: tuple[int, ...], bundles: tuple[Bundle, ...],
                one_off_fen: int = 0) -> "DecodedChoice":
        """A choice whose bundles are known already (the plan alone: ``tables._alone``)."""
        choice = cls.__new__(cls)
        own = choice.__dict__
        own["plan_id"], own["one_off_fen"], own["_totals"], own["_bundles"] = plan_id, one_off_fen, totals, bundles
        return choice

    @property
    def month_totals(self) -> tuple[int, ...]:
        return self._totals

    @property
    def months(self) -> tuple[tuple[Bundle, int], ...]:
        found: tuple[tuple[Bundle, int], ...] | None = self.__dict__.get("_months")
        if found is None:
            found = tuple(zip(self.bundles, self._totals, strict=True))
            object.__setattr__(self, "_months", found)
        return found

    @property
    def bundles(self) -> tuple[Bundle, ...]:
        """The decoded bundles, kept as decoded (asked of most choices of an answer: ``planner._sure_first``, then
        the plans shown)."""
        found: tuple[Bundle, ...] | None = self.__dict__.get("_bundles")
        if found is None:
            found = self._decode()
            object.__setattr__(self, "_bundles", found)
        return found


@dataclass(frozen=True)
class Ranked:
    """What an engine found: a choice per plan that fits, in the order the plans were given."""

    choices: tuple[Choice, ...]
    proved: bool = True

    def by_plan(self) -> dict[str, Choice]:
        return {c.plan_id: c for c in self.choices}


def objective_key(catalogue: Catalogue, choice: Choice, profile: Profile) -> tuple[int, ...]:
    """How an engine compares two choices on one plan: ``objective.plan_key`` (the effective price
    over the horizon, then the history's total, then the benefits' value, then the benefits wished for, then fewer
    packs; the worst month first if asked)."""
    plan = catalogue.plan_index[choice.plan_id]
    bundles = [b for b, _ in choice.months]
    return plan_key(plan, profile, [fen for _, fen in choice.months], choice.pack_count, choice.one_off_fen,
                    month_values(catalogue, profile, bundles), month_wished(catalogue, profile, bundles))
