"""Who may buy what: a plan's or pack's conditions of sale read against what a person says of
themselves (``Profile.about``) on a date.

Each condition is ``met``, ``not_met`` or ``unknown`` (the person did not say).  A plan or pack
with a condition not met is left out; one with an unknown condition is kept, its conditions
listed with the answer ("only if ..."), unless the profile asks for ``eligibility: strict``.

Every plan is sold in its operator's market (``operator.country``) besides what its file says: a person whose
region is known and outside that market may not buy it (a ``region`` condition of that country, not met).  An
unknown region says nothing of it, as a file's own conditions would ("only if living in China" on every card):
the markets are where the catalogue's users live unless they say otherwise.
"""

import datetime
import functools
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any, Literal

from .catalogue import Catalogue, Plan
from .catalogue.ids import near_id
from .catalogue.model import ANYONE, SaleConditions, Unpickled
from .catalogue.regions import UTC_OFFSETS, within
from .messages import Message
from .profile import About, Profile

Status = Literal["met", "not_met", "unknown", "kept"]
"""A condition of sale for this person: ``met``, ``not_met``, ``unknown``, or ``kept``: one of their own plan's they
do not (or may not) meet, which binds signing up, not keeping (``_check``)."""


@dataclass(frozen=True)
class Condition:
    """One condition of sale of a plan or pack (``ref``), and whether this person meets it."""

    code: str
    params: dict[str, object]
    status: Status
    ref: str
    assumed: bool = False
    """The condition rests on an assumption, not on the source (its rule's ``source``; found by the fact-checker's
    test: the youth card's "aged 16 to 30", an assumption, read as firm as a sourced condition)."""

    @property
    def message(self) -> Message:
        return Message(self.code, self.params)


def _status(known: bool, ok: bool) -> Status:
    return "unknown" if not known else "met" if ok else "not_met"


def _check(rule: SaleConditions, about: About, today: datetime.date, operator: str, ref: str = "",
           on_plan: str | None = None, on_operator: str | None = None, line_of: str | None = None
           ) -> Iterator[tuple[str, dict[str, object], Status]]:
    """Each condition of ``rule`` on the item ``ref``, worded as a code, and its status for this person
    (``on_plan``: the plan they are on now, if the profile names one; ``on_operator``: its operator, whose
    customer they are beside any ``customer_of`` they give: a person with two SIMs is a customer of both;
    ``line_of``: the plan their line is on as an extra line of a household's, ``Profile.extra_line_of``: no plan
    kept for its holders is theirs, that one neither, whose holder is the household's; found by the user test, each
    other line was offered its own cu-wojia-188 "only if" on it, the household's plan made kept for its holders).
    The person's own plan is kept whatever its conditions (``kept``): they bind signing up, not keeping (a youth card
    past its age, a plan of a region they left, a sale that has ended; found by the what-if user test, the holders of a
    plan made for under-25s were moved off it and counted as paying ¥111.00 more, where the same report said they
    kept it, and a sale ended on it kept them on it)."""
    kept = on_plan is not None and on_plan == ref and line_of is None
    for code, params, status in _read(rule, about, today, operator, ref, on_plan, on_operator, line_of):
        # (a condition of theirs not met anew is ``kept``, said so, not "met": found in review, the card of a youth
        # card's holder of 35 read "conditions you meet: aged 16 to 30"; a sale not begun is no one's plan yet)
        yield code, params, "kept" if kept and status != "met" and code != "available_from" else status


def _read(rule: SaleConditions, about: About, today: datetime.date, operator: str, ref: str,
          on_plan: str | None, on_operator: str | None, line_of: str | None
          ) -> Iterator[tuple[str, dict[str, object], Status]]:
    """``_check``'s conditions as they read for anyone who is not on the item."""
    if rule.holders_only:
        yield "holders_only", {"plan": ref}, _status(on_plan is not None, on_plan == ref) if line_of is None \
            else "not_met"
    customer_of = {c for c in (about.customer_of, on_operator) if c is not None}
    if rule.customers == "new":
        yield "new_customers", {"operator": operator}, _status(bool(customer_of), operator not in customer_of)
    if rule.customers == "existing":
        yield "existing_customers", {"operators": sorted(rule.existing_of)}, _status(
            bool(customer_of), bool(customer_of & rule.existing_of))
    if rule.age_min is not None or rule.age_max is not None:
        age = about.age
        yield "age", {"min": rule.age_min, "max": rule.age_max}, _status(
            age is not None, age is not None and (rule.age_min or 0) <= age <= (
                200 if rule.age_max is None else rule.age_max))  # (a maximum of 0 is one: not ``or 200``)
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
        yield "available_from", {"date": rule.available_from.isoformat()}, _status(True, rule.sale_begun(today))
    if rule.available_until is not None:
        yield "available_until", {"date": rule.available_until.isoformat()}, _status(True, not rule.sale_over(today))


NOBODY_SAID = About()


KEEPS_OUT: tuple[frozenset[str], frozenset[str]] = (frozenset({"not_met"}), frozenset({"not_met", "unknown"}))
"""The statuses that keep the person from buying, by strictness (``KEEPS_OUT[strict]``): not met, or unknown when
strict."""


def keeps_out(status: Status, strict: bool) -> bool:
    """Whether a condition keeps the person from buying: not met, or unknown when strict (``KEEPS_OUT``)."""
    return status in KEEPS_OUT[strict]


def rests_on_unknown(conditions: Iterable[Condition]) -> bool:
    """Whether a bundle rests on a condition of sale the person left unknown: what its "only if" says, and why it is
    not one they may surely buy (the advice, the suggestions and a household's separate plans ask it alike)."""
    return any(c.status == "unknown" for c in conditions)


def blocking(found: tuple[Condition, ...], profile: Profile) -> tuple[Condition, ...]:
    """The conditions that keep the person from buying."""
    strict = profile.eligibility == "strict"
    return tuple(c for c in found if keeps_out(c.status, strict))


Check = tuple[str, dict[str, object], Status]
"""One condition's ``(code, params, status)``, before it is tied to a plan or pack."""


@dataclass(frozen=True)
class Assessment:
    """What this person may buy from a catalogue, and on which conditions."""

    plan_checks: Mapping[str, tuple[Check, ...]]
    """The conditions (met, not met or unknown) of every plan that has some."""
    pack_checks: Mapping[str, tuple[Check, ...]]
    dropped_packs: frozenset[str]
    """Packs the person may not buy (a condition not met, or unknown when strict)."""
    as_of: datetime.date
    assumed: frozenset[tuple[str, str]] = frozenset()
    """``(kind, ref)`` of the plans and packs whose conditions of sale rest on an assumption (``SaleConditions``'
    ``assumed``), and ``("regions", ref)`` of those whose rule names regions (a region condition of one that does not
    is its operator's market, no assumption)."""
    kept: dict[object, Any] = dataclass_field(default_factory=dict, compare=False, repr=False)
    """What answers about this kind of person work out once and keep with it, by what else they read of the profile
    (``answer.candidates``: an assessment is kept per kind of person, ``assess``)."""

    @functools.cached_property
    def unsure_packs(self) -> frozenset[str]:
        """The packs the person may buy only on a condition of sale they leave unknown ("only if ..."): of a plan's
        equally good bundles, one buying none of them is chosen (``objective.sure_first``)."""
        return frozenset(pid for pid, checks in self.pack_checks.items()
                         if pid not in self.dropped_packs and _unknown(checks))

    @functools.cached_property
    def unsure_plans(self) -> frozenset[str]:
        """The plans with a condition of sale of their own the person leaves unknown (whatever their packs): none of
        their bundles is surely the person's (``answer.advice.sure_instead``)."""
        return frozenset(pid for pid, checks in self.plan_checks.items() if _unknown(checks))

    def plan_conditions(self, plan_id: str) -> tuple[Condition, ...]:
        return self._made("plan", plan_id)

    def pack_conditions(self, pack_id: str) -> tuple[Condition, ...]:
        return self._made("pack", pack_id)

    def _made(self, kind: str, ref: str) -> tuple[Condition, ...]:
        """The conditions of plan or pack ``ref``, made once per assessment (asked of every recommendation shown,
        and an assessment is kept for the answers about the same kind of person: ``assess``)."""
        made: dict[tuple[str, str], tuple[Condition, ...]] = self.__dict__.setdefault("_conditions", {})
        found = made.get((kind, ref))
        if found is None:
            checks = self.plan_checks if kind == "plan" else self.pack_checks
            found = made[(kind, ref)] = _conditions(checks.get(ref, ()), ref, self._assumed(kind, ref))
        return found

    def _assumed(self, kind: str, ref: str) -> frozenset[str]:
        """The codes of ``ref``'s conditions that rest on an assumption (all but a market's region, or none)."""
        if (kind, ref) not in self.assumed:
            return frozenset()
        return ASSUMABLE if ("regions", ref) in self.assumed else ASSUMABLE - {"region"}

    def plan_blocked(self, plan_id: str, profile: Profile) -> tuple[Condition, ...]:
        checks = self.plan_checks.get(plan_id)
        if not checks:  # (most plans have no condition of sale: asked of every plan of every answer)
            return ()
        return blocking(_conditions(checks, plan_id, self._assumed("plan", plan_id)), profile) \
            if _blocks(checks, profile.eligibility == "strict") \
            else ()

    def listed(self, plan_id: str, pack_ids: list[str]) -> list[Condition]:
        """The conditions a recommendation shows: its plan's and its packs', met or unknown."""
        packs = self.pack_checks
        if plan_id not in self.plan_checks and not any(pid in packs for pid in pack_ids):
            return []  # (most plans and packs have no condition of sale)
        return [*self.plan_conditions(plan_id), *(c for pid in pack_ids for c in self.pack_conditions(pid))]


def _unknown(checks: tuple[Check, ...]) -> bool:
    return any(status == "unknown" for _, _, status in checks)


ASSUMABLE = frozenset({"holders_only", "new_customers", "existing_customers", "age", "region", "membership", "group",
                       "available_from", "available_until"})
"""Condition codes a plan file's rule gives (its ``source`` says whether they rest on an assumption)."""


def _conditions(checks: tuple[Check, ...], ref: str, assumed: frozenset[str] = frozenset()) -> tuple[Condition, ...]:
    return tuple(Condition(code, params, status, ref, code in assumed) for code, params, status in checks)


def _blocks(checks: tuple[Check, ...], strict: bool) -> bool:
    """Whether any of the checks keeps the person from buying (``blocking``, before conditions are made)."""
    keeps = KEEPS_OUT[strict]  # (a loop, not ``keeps_out`` in a generator: asked of most plans of every answer)
    for _, _, status in checks:
        if status in keeps:
            return True
    return False


Ruled = list[tuple[SaleConditions, str, list[tuple[str, bool]]]]


def _ruled(catalogue: Catalogue) -> Ruled:
    """Per catalogue, once: the distinct ``(rule, operator)`` of the plans and packs whose rules
    restrict, each with the ``(id, is_pack)`` it applies to (a rule is read once per person, however
    many items share it: provincial copies of an offer do)."""
    found: Ruled | None = catalogue.__dict__.get("_ruled")
    if found is None:
        items = [(p.id, p.rule, p.operator, False) for p in catalogue.plans] + \
            [(p.id, p.rule, p.operator, True) for p in catalogue.packs]
        groups: dict[tuple[SaleConditions, str], list[tuple[str, bool]]] = {}
        for ref, rule, operator, is_pack in items:
            if rule != ANYONE:
                groups.setdefault((rule, operator), []).append((ref, is_pack))
        found = [(rule, operator, refs) for (rule, operator), refs in groups.items()]
        catalogue.__dict__["_ruled"] = found
    return found


def on_plan(profile: Profile) -> str | None:
    """The plan the person is on now, when the profile names one (a monthly bill alone does not)."""
    return profile.current.plan_id if profile.current is not None else None


def about_of(catalogue: Catalogue, profile: Profile) -> About:
    """Who the person is, as conditions of sale read it: ``about``, and without ``customer_of``, the operator of
    their current plan (on a plan of theirs, they are its customer; a what-if's ``current_plan`` alike); on a
    plan sold to the members of one membership, they are a member too (a plan naming several does not say
    which; the what-if reads it alike, its ``plan_membership`` column, and no other membership)."""
    about = profile.about or NOBODY_SAID
    current = catalogue.plan_index.get(profile.current.plan_id or "") if profile.current is not None else None
    if current is None:
        return about
    if about.customer_of is None:
        about = about.model_copy(update={"customer_of": current.operator})
    if (held := current.rule.membership) and held not in (about.memberships or ()):
        about = about.model_copy(update={"memberships": (*(about.memberships or ()), held)})
    return about


HOME_MARKET = "CN"
"""The market whose date an answer without ``as_of`` reports (the project's home market)."""


def market_today(country: str) -> datetime.date:
    """Today in a market: where its sale windows' days begin and end (its one UTC offset, else UTC), as TMF620
    gives them (found by the eligibility QA: the server's own date, UTC, read a pack on sale from 1 July in China
    as not yet on sale until 08:00 that day)."""
    return datetime.datetime.now(_zone(country)).date()


@functools.cache
def _zone(country: str) -> datetime.tzinfo:
    """A market's time zone from its one UTC offset (``regions.UTC_OFFSETS``, "+08:00"), else UTC: read once, not
    on every answer."""
    offset = UTC_OFFSETS.get(country)
    if offset is None:
        return datetime.UTC
    sign = -1 if offset.startswith("-") else 1
    hours, minutes = offset.lstrip("+-").split(":")
    return datetime.timezone(sign * datetime.timedelta(hours=int(hours), minutes=int(minutes)))


def plan_today(catalogue: Catalogue, plan: Plan) -> datetime.date:
    """Today in ``plan``'s market (``market_of``), the day its sale window is read on where no answer's date is (the
    form's list of current plans and its tags)."""
    return market_today(market_of(catalogue, plan.operator))


def home_today() -> datetime.date:
    """Today in the home market (``HOME_MARKET``): the day an answer, a what-if or a catalogue's notes are read on
    when none is given (the batch scores the home market's plans)."""
    return market_today(HOME_MARKET)


def _markets(catalogue: Catalogue) -> Mapping[str, str]:
    """Each operator's market (``operator.country``), once per catalogue."""
    found: dict[str, str] | None = catalogue.__dict__.get("_markets")
    if found is None:
        found = {f.operator.id: f.operator.country for f in catalogue.specs}
        catalogue.__dict__["_markets"] = found
    return found


MAX_ASSESSED = 256
"""The most assessments a catalogue keeps (``assess``): all are forgotten past it."""


def assess(catalogue: Catalogue, profile: Profile) -> Assessment:
    """What the person may buy from ``catalogue``, and on which conditions: read from who they are as conditions of
    sale read it (``about_of``), the plan they are on, how strictly, and each market's day, and kept per catalogue for
    those (most people say the same few things, most nothing: an answer reads the catalogue's rules once per
    kind of person, not once per answer).  An ``Assessment`` is not changed once made."""
    markets = _markets(catalogue)
    dates = {country: profile.as_of or market_today(country) for country in {*markets.values(), HOME_MARKET}}
    about, current = about_of(catalogue, profile), on_plan(profile)
    line_of = profile.extra_line_of if current is None else None
    strict = profile.eligibility == "strict"
    kept: dict[object, Assessment] = catalogue.__dict__.setdefault("_assessed", Unpickled())
    key = (about, current, line_of, strict, frozenset(dates.items()))
    found = kept.get(key)
    if found is None:
        if len(kept) >= MAX_ASSESSED:
            kept.clear()
        found = kept[key] = _assess(catalogue, markets, dates, about, current, strict, line_of)
    return found


def _assess(catalogue: Catalogue, markets: Mapping[str, str], dates: Mapping[str, datetime.date], about: About,
            current: str | None, strict: bool, line_of: str | None = None) -> Assessment:
    def today_for(operator: str) -> datetime.date:
        return dates[markets.get(operator, HOME_MARKET)]

    today = dates[HOME_MARKET]
    # on a plan of theirs, its operator's customer too, whatever ``customer_of`` says (found by the eligibility QA:
    # a China Unicom customer on China Telecom's ct-5g-59 was refused the plan they are on, and its packs)
    mine = catalogue.plan_index.get(current) if current is not None else None
    on_operator = mine.operator if mine is not None else None
    plans: dict[str, tuple[Check, ...]] = {}
    packs: dict[str, tuple[Check, ...]] = {}
    dropped = []
    for rule, operator, refs in _ruled(catalogue):  # the rest have no condition (``conditions`` would say ())
        # read once per rule, or per item for a plan kept by the people on it, or where one item is the person's
        # own plan, which they keep (``_check``)
        per_item = rule.holders_only or (current is not None and any(ref == current for ref, _ in refs))
        if not per_item:
            found = tuple(_check(rule, about, today_for(operator), operator, on_operator=on_operator))
            blocked = _blocks(found, strict)
        for ref, is_pack in refs:
            if per_item:
                found = tuple(_check(rule, about, today_for(operator), operator, ref, current, on_operator, line_of))
                blocked = _blocks(found, strict)
            (packs if is_pack else plans)[ref] = found
            if is_pack and blocked:
                dropped.append(ref)
    if about.region is not None:
        for plan in catalogue.plans:  # sold in its operator's market only (found by the eligibility QA: a person
            own = plans.get(plan.id, ())  # in US-CA was shown ct-5g-59 with nothing said)
            if plan.id != current and sold_elsewhere(catalogue, about, plan) and not any(  # (their own: kept)
                    code == "region" and status == "not_met" for code, _, status in own):
                plans[plan.id] = (*own, ("region", {"regions": [market_of(catalogue, plan.operator)]}, "not_met"))
    assumed = frozenset((kind, item.id) for kind, items in (("plan", catalogue.plans), ("pack", catalogue.packs))
                        for item in items if item.rule.assumed and (item.id in (packs if kind == "pack" else plans)))
    regional = frozenset(("regions", ref) for _, ref in assumed if (
        item := catalogue.plan_index.get(ref) or catalogue.pack_index.get(ref)) is not None and item.rule.regions)
    return Assessment(plans, packs, frozenset(dropped), today, assumed | regional)


def open_anew(catalogue: Catalogue, profile: Profile, plan: Plan, day: datetime.date) -> bool:
    """Whether the person could sign up for ``plan`` on ``day`` as someone not on it: none of its conditions of sale
    known not to be met (a youth card past its age, a sale that has ended), sold in their market.  Their own plan,
    which they keep whatever its conditions (``_check``), is priced "as a new contract" only when it is."""
    about = about_of(catalogue, profile)
    if sold_elsewhere(catalogue, about, plan):
        return False
    return all(status != "not_met" for _, _, status in _read(plan.rule, about, day, plan.operator, plan.id, None,
                                                               None, None))


def worded_once(worded: Iterable[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """Conditions as an adapter words them, ``(text, assumed)``, each once, an assumption only where every one so
    worded is (a plan's assumed "existing customers of China Telecom" beside its pack's sourced one is no estimate):
    the CLI's and the form's rule."""
    found: dict[str, bool] = {}
    for text, assumed in worded:
        found[text] = found.get(text, True) and assumed
    return list(found.items())


def sold_elsewhere(catalogue: Catalogue, about: About, plan: Plan) -> bool:
    """Whether the person is known to live outside the market ``plan`` is sold in (its operator's country)."""
    return about.region is not None and lives_outside(about.region, market_of(catalogue, plan.operator))


def market_of(catalogue: Catalogue, operator: str) -> str:
    """The country an operator sells in (``operator.country``; the home market for a catalogue without files)."""
    return _markets(catalogue).get(operator, HOME_MARKET)


def lives_outside(region: str, country: str) -> bool:
    """Whether a person's known region is outside a market: that market's plans are not for them (the market rule,
    read by ``assess`` and, over a population's column, by ``optimise.eligible.outside``)."""
    return not within(region, frozenset({country}))


def profile_problems(catalogue: Catalogue, profile: Profile) -> list[tuple[tuple[str | int, ...], Message]]:
    """What the profile names that the served catalogue does not have, as ``(field path, message)``: a code with
    its parameters (``profile.*``), worded by each adapter in its language (found by the product-team QA:
    ``recommend --lang zh`` said "unknown operator 'china-mobil' (this catalogue has: ...)" in English)."""
    problems: list[tuple[tuple[str | int, ...], Message]] = []
    operators = list(catalogue.operators)

    def unknown_operator(op: str) -> Message:  # (with its likely meaning, as a plan id's: found by the contributor's
        near = near_id(op, operators)            # test, "haixia-mobil" got no "a typo of …?" where validate gives one)
        return Message("profile.unknown_operator.near" if near else "profile.unknown_operator",
                       {"value": op, "known": operators, **({"near": near} if near else {})})

    for field in ("operators", "exclude_operators"):
        for i, op in enumerate(getattr(profile, field) or ()):
            if op not in operators:
                problems.append(((field, i), unknown_operator(op)))
    currencies = sorted(catalogue.currencies)
    if profile.currency not in catalogue.currencies:
        problems.append((("currency",), Message("profile.no_currency", {"value": profile.currency,
                                                                         "known": currencies})))
    for code in profile.exchange_rates:
        if code not in catalogue.currencies:
            problems.append((("exchange_rates", code), Message("profile.no_currency", {"value": code,
                                                                                       "known": currencies})))
    # A benefit a bundle must include, or is worth money, that no plan or pack brings is a typo far more
    # often than a wish: it would rule out every plan, or be silently worth nothing.  (A wished-for benefit
    # nobody has is shown as missing on every plan: the answer says so itself.)
    benefits = sorted(catalogue.benefits)
    unknown_benefit = "profile.unknown_benefit" if benefits else "profile.unknown_benefit.none_known"
    for i, tag in enumerate(profile.benefits_required):
        if tag not in catalogue.benefits:
            problems.append((("benefits_required", i), Message(unknown_benefit, {"value": tag, "known": benefits})))
    for tag in profile.benefit_values:
        if tag not in catalogue.benefits:
            problems.append((("benefit_values", tag), Message(unknown_benefit, {"value": tag, "known": benefits})))
    about = profile.about
    if about is not None:
        if about.customer_of is not None and about.customer_of not in operators:
            problems.append((("about", "customer_of"), unknown_operator(about.customer_of)))
        if about.region is not None and about.region not in catalogue.regions:
            problems.append((("about", "region"), Message("profile.not_region", {"value": about.region})))
        memberships = sorted(catalogue.memberships)
        unknown_membership = "profile.unknown_membership" if memberships else "profile.unknown_membership.none_known"
        for i, m in enumerate(about.memberships or ()):
            if m not in catalogue.memberships:
                problems.append((("about", "memberships", i), Message(unknown_membership,
                                                                      {"value": m, "known": memberships})))
        # A group is the person's (a student is one whether or not a plan is sold to students): one no condition of
        # sale names changes nothing, but one close to a group the catalogue names is a likely typo, which would
        # leave out the very plan meant (found by the fuzzing test: "first-respondr", unlike a mistyped membership)
        groups = sorted(catalogue.groups)
        for i, group in enumerate(about.groups or ()):
            if group not in catalogue.groups and (near := near_id(group, groups)) is not None:
                problems.append((("about", "groups", i), Message("profile.unknown_group.near",
                                                                 {"value": group, "near": near, "known": groups})))
    return problems
