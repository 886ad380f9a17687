"""Who may buy what: a plan's or pack's conditions of sale read against what a person says of
themselves (``Profile.about``) on a date.

Each condition is ``met``, ``not_met`` or ``unknown`` (the person did not say).  A plan or pack
with a condition not met is left out; one with an unknown condition is kept, its conditions
listed with the answer ("only if ..."), unless the profile asks for ``eligibility: strict``.
"""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from .catalogue import Catalogue
from .catalogue.model import ANYONE, Rule
from .catalogue.regions import within
from .messages import Message
from .profile import About, Profile

Status = Literal["met", "not_met", "unknown"]


@dataclass(frozen=True)
class Condition:
    """One condition of sale of a plan or pack (``ref``), and whether this person meets it."""

    code: str
    params: dict[str, object]
    status: Status
    ref: str

    @property
    def message(self) -> Message:
        return Message(self.code, self.params)


def _status(known: bool, ok: bool) -> Status:
    return "unknown" if not known else "met" if ok else "not_met"


def _check(rule: Rule, about: About, today: datetime.date, operator: str) -> Iterator[tuple[str, dict[str, object],
                                                                                            Status]]:
    if rule.customers == "new":
        yield "new_customers", {"operator": operator}, _status(about.customer_of is not None,
                                                               about.customer_of != operator)
    if rule.customers == "existing":
        yield "existing_customers", {"operators": sorted(rule.existing_of)}, _status(
            about.customer_of is not None, about.customer_of in rule.existing_of)
    if rule.age_min is not None or rule.age_max is not None:
        age = about.age
        yield "age", {"min": rule.age_min, "max": rule.age_max}, _status(
            age is not None, age is not None and (rule.age_min or 0) <= age <= (rule.age_max or 200))
    if rule.regions:
        yield "region", {"regions": sorted(rule.regions)}, _status(
            about.region is not None, about.region is not None and within(about.region, rule.regions))
    if rule.members_of:
        yield "membership", {"memberships": sorted(rule.members_of)}, _status(
            about.memberships is not None, bool(rule.members_of & set(about.memberships or ())))
    if rule.groups:
        yield "group", {"groups": sorted(rule.groups)}, _status(
            about.groups is not None, bool(rule.groups & set(about.groups or ())))
    if rule.available_from is not None:
        yield "available_from", {"date": rule.available_from.isoformat()}, _status(True, today >= rule.available_from)
    if rule.available_until is not None:
        yield "available_until", {"date": rule.available_until.isoformat()}, _status(
            True, today <= rule.available_until)


NOBODY_SAID = About()


def conditions(rule: Rule, ref: str, operator: str, profile: Profile) -> tuple[Condition, ...]:
    """Every condition of ``rule`` with its status for this person on the profile's date."""
    today = profile.as_of or datetime.date.today()
    about = profile.about or NOBODY_SAID
    return tuple(Condition(code, params, status, ref) for code, params, status in _check(rule, about, today, operator))


def blocking(found: tuple[Condition, ...], profile: Profile) -> tuple[Condition, ...]:
    """The conditions that keep the person from buying: not met, or unknown when strict."""
    strict = profile.eligibility == "strict"
    return tuple(c for c in found if c.status == "not_met" or (strict and c.status == "unknown"))


@dataclass(frozen=True)
class Assessment:
    """What this person may buy from a catalogue, and on which conditions."""

    plans: dict[str, tuple[Condition, ...]]
    """Every plan's conditions (met, not met or unknown)."""
    packs: dict[str, tuple[Condition, ...]]
    dropped_packs: frozenset[str]
    """Packs the person may not buy (a condition not met, or unknown when strict)."""
    as_of: datetime.date

    def plan_blocked(self, plan_id: str, profile: Profile) -> tuple[Condition, ...]:
        return blocking(self.plans[plan_id], profile)

    def listed(self, plan_id: str, pack_ids: list[str]) -> list[Condition]:
        """The conditions a recommendation shows: its plan's and its packs', met or unknown."""
        return [c for ref in (plan_id, *pack_ids) for c in (self.plans.get(ref) or self.packs.get(ref) or ())]


def _ruled(catalogue: Catalogue) -> tuple[dict[str, tuple[Condition, ...]], dict[str, tuple[Condition, ...]],
                                         list[tuple[str, Rule, str, bool]]]:
    """Per catalogue, once: every plan and pack with no conditions (an empty dict to copy, in
    catalogue order), and the few items whose rules restrict (``(id, rule, operator, is_pack)``)."""
    found: tuple[dict[str, tuple[Condition, ...]], dict[str, tuple[Condition, ...]],
                 list[tuple[str, Rule, str, bool]]] | None = catalogue.__dict__.get("_ruled")
    if found is None:
        items = [(p.id, p.rule, p.operator, False) for p in catalogue.plans] + \
            [(p.id, p.rule, p.operator, True) for p in catalogue.packs]
        plans: dict[str, tuple[Condition, ...]] = {p.id: () for p in catalogue.plans}
        packs: dict[str, tuple[Condition, ...]] = {p.id: () for p in catalogue.packs}
        found = (plans, packs, [item for item in items if item[1] != ANYONE])
        catalogue.__dict__["_ruled"] = found
    return found


def assess(catalogue: Catalogue, profile: Profile) -> Assessment:
    empty_plans, empty_packs, ruled = _ruled(catalogue)
    plans, packs = dict(empty_plans), dict(empty_packs)
    today = profile.as_of or datetime.date.today()
    about = profile.about or NOBODY_SAID
    for ref, rule, operator, is_pack in ruled:  # the rest have no condition (``conditions`` would say ())
        (packs if is_pack else plans)[ref] = tuple(Condition(code, params, status, ref) for code, params, status
                                                   in _check(rule, about, today, operator))
    dropped = frozenset(pid for pid, found in packs.items() if found and blocking(found, profile))
    return Assessment(plans, packs, dropped, today)


def profile_problems(catalogue: Catalogue, profile: Profile) -> list[tuple[tuple[str | int, ...], str]]:
    """What the profile names that the served catalogue does not have, as ``(field path, message)``."""
    problems: list[tuple[tuple[str | int, ...], str]] = []
    operators = set(catalogue.operators)
    known = ", ".join(catalogue.operators)
    for field in ("operators", "exclude_operators"):
        for i, op in enumerate(getattr(profile, field) or ()):
            if op not in operators:
                problems.append(((field, i), f"unknown operator '{op}' (this catalogue has: {known})"))
    currencies = ", ".join(sorted(catalogue.currencies))
    if profile.currency not in catalogue.currencies:
        problems.append((("currency",), f"no plan is priced in '{profile.currency}' "
                                        f"(this catalogue has: {currencies})"))
    for code in profile.exchange_rates:
        if code not in catalogue.currencies:
            problems.append((("exchange_rates", code), f"no plan is priced in '{code}' (this catalogue has: "
                                                       f"{currencies})"))
    about = profile.about
    if about is not None:
        if about.customer_of is not None and about.customer_of not in operators:
            problems.append((("about", "customer_of"), f"unknown operator '{about.customer_of}' (this catalogue "
                                                       f"has: {known})"))
        if about.region is not None and about.region not in catalogue.regions:
            problems.append((("about", "region"), f"'{about.region}' is not an ISO 3166-2 region code of a "
                                                  "market in this catalogue (e.g. CN-BJ, CN-SH)"))
        memberships = ", ".join(sorted(catalogue.memberships)) or "none"
        for i, m in enumerate(about.memberships or ()):
            if m not in catalogue.memberships:
                problems.append((("about", "memberships", i), f"unknown membership '{m}' (known: {memberships})"))
    return problems
