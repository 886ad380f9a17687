"""From a profile to an answer: ranked plans, the best per operator, why the rest do not fit.

This is the one place that turns the engines' choices into the document people read (the CLI's
``--json`` and the API's response are this document).  Every figure in it comes from the cost
model (``price_history`` and ``contract``); the engines only choose bundles.

Plans are ranked by what they really cost: the effective monthly price over the profile's
horizon (promotions, one-off fees, minimum terms and spends included), less what the benefits
the bundle includes are worth to the person (``benefit_values``), or by the worst month when the
profile asks.  Equal prices go to fewer assumed fen, then less overage, then more headroom (data,
then voice, then SMS), then the plan id.  Plans priced in another currency are compared only
through an exchange rate the profile gives.  The one definition is ``recommender.objective``: the
engines choose each plan's bundles by it, and the current plan is priced by it for savings.

Only what the person may buy is ranked (``recommender.eligibility``): plans and packs whose
conditions of sale are not met are left out with the reason; unknown conditions are listed.
Reasons, conditions, suggestions, advice and invoice lines are ``Message`` codes;
``Answer.to_dict`` words them in the language an adapter asks for.
"""

import functools
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from itertools import groupby, product, zip_longest
from operator import attrgetter
from typing import Any, NamedTuple

from .catalogue import Catalogue, Plan
from .catalogue.ids import near_id
from .catalogue.model import UNLIMITED, Terms
from .cost import (
    CAPABILITIES,
    METER_LABELS,
    Bundle,
    Contract,
    Costing,
    History,
    allowance,
    blockers,
    bought,
    bundles_one_off,
    contract_terms,
    general_data,
    limits,
    lines_short,
    month_bills,
    most_usable,
    needed_for,
    price_history,
    resolve,
    sims,
)
from .eligibility import NOBODY_SAID, Assessment, Condition, about_of, assess, blocking, on_plan
from .messages import Message, Names, Refused, message, names_for, render
from .money import format_money
from .objective import (
    budget_first,
    effective_price,
    horizon_value,
    in_profile_currency,
    month_values,
    monthly,
    rank_key,
    rate,
    rests_on,
    tie_key,
    within_budget,
)
from .optimise import Choice, planner
from .optimise.exhaustive import TooManyCombinations
from .optimise.planner import Engine
from .profile import LineUsage, Needs, Profile, RoamingNeed
from .usage import billed, months_of, pooled_use

MAX_TOP_K = 50


class UnknownPlan(Refused):
    """The profile names a current plan the catalogue does not have, or one priced in another currency with no
    exchange rate (``reason``: ``current_plan.*``; found by QA: ``recommend --lang zh`` said it in English); ``str``
    says the field first, ``current.plan_id: ``."""

    def __str__(self) -> str:
        return f"current.plan_id: {super().__str__()}"


class InvoiceLine(NamedTuple):
    """One line of a bill as the answer shows it (``label`` is worded by the adapter; a named tuple:
    every shown plan has several)."""

    label: Message
    kind: str
    ref: str
    fen: int
    currency: str
    assumed: bool
    owner: int | None = 0
    """Whose line it is in a household: 0 the holder, i the i-th extra line, None shared by all."""


@dataclass(frozen=True)
class Household:
    """A household bundle's bill split by line (one-month profiles: the month's invoice lines).

    ``sum(per_line_fen) + shared_fen == total_fen`` of the recommendation: line i's fen are the invoice
    lines it owns (the holder's base fee and own overage, an extra line's fee and own overage), the
    shared fen what the household pools (packs, overage on shared meters, roaming)."""

    lines: int
    names: list[str | None]
    per_line_fen: list[int]
    shared_fen: int
    shared_pool_use: dict[str, dict[str, int | None]]
    """Per shared meter: the household's ``used`` (MB, s, messages), what app data covered of it
    (data), and the pool's ``allowance`` (None: unlimited)."""
    one_off_fen: int = 0
    """One-off fees (installation) of the bundle: not in ``total_fen``; in the first month and the
    effective price."""


@dataclass(slots=True)
class Recommendation:
    rank: int | None
    operator: str
    plan_id: str
    plan_name: str
    packs: list[dict[str, Any]]
    """The packs of the first usage month (each month's are in ``months``)."""
    total_fen: int
    """The sum of the usage months' totals (one month: that month's bill)."""
    total_yuan: str
    breakdown: list[InvoiceLine]
    """Invoice lines adding up to ``total_fen``: one month's lines, or one line per month."""
    needs: list[dict[str, Any]]
    needs_met: bool
    headroom: dict[str, int]
    benefits_met: list[str]
    benefits_missing: list[str]
    savings: dict[str, Any] | None
    optimal: bool
    currency: str = "CNY"
    months: list[dict[str, Any]] = field(default_factory=list)
    first_month_fen: int = 0
    effective_monthly_fen: int = 0
    effective_monthly_yuan: str = ""
    horizon_months: int = 1
    horizon_total_fen: int = 0
    ranking_fen: int = 0
    """The effective monthly price in the profile's currency less the benefits' value: what the ranking compared
    (with ``objective: worst_month``, after ``worst_month_fen``)."""
    worst_month_fen: int = 0
    """The largest monthly bill paid over the horizon (``Contract.worst_month_fen``: promotions, the minimum spend
    and one-off fees included) in the profile's currency: what ``objective: worst_month`` ranks by first."""
    conditions: list[Condition] = field(default_factory=list)
    """The conditions of sale of the plan and its packs, met or unknown ("only if ...")."""
    assumed_fen: int = 0
    """The part of ``total_fen`` resting on assumed figures (the sum of the assumed breakdown lines)."""
    benefit_value_fen: int = 0
    """What the bundle's benefits are worth to the person a month (``benefit_values``), in the profile's
    currency: subtracted for the ranking only, never from what is paid."""
    household: Household | None = None
    """For a profile with two or more lines: the bill split by line."""
    terms: list[Message] = field(default_factory=list)
    """What ``horizon_total_fen`` adds to the monthly bills (``cost.contract_terms``): promotions, one-off and
    installation fees, a minimum term, a minimum monthly spend."""

    @property
    def price_fen(self) -> int:
        """The effective monthly price in the profile's currency (what is paid, benefits not subtracted)."""
        return self.ranking_fen + self.benefit_value_fen


class Exclusion(NamedTuple):
    """A plan not ranked, and why (one per plan left out: a named tuple, cheap to make)."""

    plan_id: str
    operator: str
    reasons: list[Message]
    cheapest_fen: int | None = None
    """The plan's best effective monthly price in the profile's currency, when it has one."""


@dataclass(frozen=True)
class PackExclusion:
    """A pack the person may not buy (its conditions of sale)."""

    pack_id: str
    operator: str
    reasons: list[Message]


@dataclass(frozen=True)
class SeparateLine:
    """One line of a household priced alone: its cheapest plan as a one-line profile (None: none fits)."""

    line: int
    name: str | None
    recommendation: Recommendation | None
    status: str
    """The line's own answer's status (optimal, feasible, infeasible, unknown)."""


@dataclass(frozen=True)
class SeparateLines:
    """The cheapest set of separate plans, one per line, beside the household ranking."""

    lines: list[SeparateLine]
    currency: str
    """The profile's currency: the currency of ``effective_monthly_fen``."""
    budget_fen: int | None = None
    """The household's budget (a month, effective, in ``currency``), as the household bundles are held to it."""
    worst_month_fen: int | None = None
    """The largest month of the lines' bills paid side by side (each line's ``cost.month_bills`` in ``currency``,
    added month by month; None: a line has no plan): what ``objective: worst_month`` compares."""

    @property
    def only_if(self) -> bool:
        """Whether a line's plan rests on a condition of sale the profile leaves unknown (review: the set was
        suggested at its price with nothing said of the 59-yuan plans only the people already on them keep)."""
        return any(c.status == "unknown" for line in self.lines if line.recommendation is not None
                   for c in line.recommendation.conditions)

    @property
    def within_budget(self) -> bool | None:
        """Whether the lines' effective monthly prices together are within the budget (None: no budget, or a
        line has no plan)."""
        effective = self.effective_monthly_fen
        return None if self.budget_fen is None or effective is None else within_budget(self.budget_fen, effective)

    @property
    def complete(self) -> bool:
        return all(line.recommendation is not None for line in self.lines)

    @property
    def effective_monthly_fen(self) -> int | None:
        """Every line's effective monthly price in the profile's currency, summed (None: a line has no plan)."""
        recs = [line.recommendation for line in self.lines]
        return sum(r.price_fen for r in recs if r is not None) if self.complete else None

    @property
    def total_fen(self) -> int | None:
        """The month's bills summed, when every line has a plan priced in the profile's currency."""
        recs = [line.recommendation for line in self.lines]
        if not self.complete or any(r is None or r.currency != self.currency for r in recs):
            return None
        return sum(r.total_fen for r in recs if r is not None)


@dataclass(frozen=True)
class Answer:
    catalogue_version: str
    engine: str
    status: str  # optimal | feasible (time limit hit) | infeasible | unknown
    recommendations: list[Recommendation]
    best_per_operator: list[Recommendation]
    excluded: list[Exclusion]
    suggestions: list[Message] = field(default_factory=list)
    current_fen: int | None = None
    """The current plan's (or bill's) effective monthly price, by the same definition as ``ranking_fen``."""
    currency: str = "CNY"
    objective: str = "total"
    horizon_months: int = 24
    excluded_packs: list[PackExclusion] = field(default_factory=list)
    as_of: str = ""
    """The date the conditions of sale were read at (ISO)."""
    eligibility: str = "lenient"
    advice: list[Message] = field(default_factory=list)
    """Said first, e.g. ``keep_current_plan`` when nothing costs less than what the person has."""

    history: bool = False
    """Whether the profile gives a usage history (``months`` or ``records``) rather than one month of
    totals: the document then always carries each recommendation's ``months``."""
    separate_lines: SeparateLines | None = None
    """For a household (two or more lines): the cheapest one-plan-per-line set, always shown beside it."""

    def to_dict(self, lang: str = "en", names: Names | None = None, detail: Iterable[str] = ()) -> dict[str, Any]:
        """The answer document, every code worded in ``lang`` (``text``; ``item`` for invoice lines).

        Built field by field (no generic walk over the dataclasses).  Two things are left out
        because they repeat what the document already says:

        * ``best_per_operator``: an operator's best plan that is among the shown recommendations is
          ``{"operator", "plan_id", "rank"}`` (the recommendation of that ``rank``); only a plan not
          shown is a whole recommendation (its ``rank`` null);
        * ``months``, on a one-month profile, repeats ``breakdown``: it is sent for histories
          (``months`` or ``records``), and on a one-month profile only when ``detail`` has ``"months"``.
        """
        text = _text(lang, names)
        months = self.history or "months" in detail
        recs = [_recommendation_doc(r, text, months) for r in self.recommendations]
        shown = {r.plan_id: r.rank for r in self.recommendations}
        doc: dict[str, Any] = {
            "catalogue_version": self.catalogue_version,
            "engine": self.engine,
            "status": self.status,
            "recommendations": recs,
            "best_per_operator": [{"operator": r.operator, "plan_id": r.plan_id, "rank": shown[r.plan_id]}
                                  if r.plan_id in shown else _recommendation_doc(r, text, months)
                                  for r in self.best_per_operator],
            "excluded": [{"plan_id": e.plan_id, "operator": e.operator,
                          "reasons": [message_doc(m, text) for m in e.reasons], "cheapest_fen": e.cheapest_fen}
                         for e in self.excluded],
            "suggestions": [message_doc(m, text) for m in self.suggestions],
            "current_fen": self.current_fen,
            "currency": self.currency,
            "objective": self.objective,
            "horizon_months": self.horizon_months,
            "excluded_packs": [{"pack_id": e.pack_id, "operator": e.operator,
                                "reasons": [message_doc(m, text) for m in e.reasons]} for e in self.excluded_packs],
            "as_of": self.as_of,
            "eligibility": self.eligibility,
            "advice": [message_doc(m, text) for m in self.advice],
        }
        if self.separate_lines is not None:
            doc["separate_lines"] = _separate_doc(self.separate_lines, text, self.household_saves_fen)
        return doc

    @property
    def household_saves_fen(self) -> int | None:
        """What the household's best bundle saves a month against the separate plans (effective monthly prices
        in the profile's currency; negative: the separate plans cost less; None: not a household, or a side
        without a plan)."""
        separate = self.separate_lines
        effective = separate.effective_monthly_fen if separate is not None else None
        return None if effective is None or not self.recommendations else \
            effective - self.recommendations[0].price_fen

    def document(self, catalogue: Catalogue, lang: str = "en", detail: Iterable[str] = ()) -> dict[str, Any]:
        """``to_dict`` with the plan files' names of operators, plans and packs: what the API sends."""
        return self.to_dict(lang, names_for(catalogue, lang), detail)


_RENDERED: dict[tuple[object, ...], str] = {}
_RENDERED_MAX = 8192


def _text(lang: str, names: Names | None) -> Callable[[Message], str]:
    """``render`` in ``lang`` with ``names``, remembered per message (answers repeat the same few
    hundred codes with the same parameters; the cache is bounded and cleared when full)."""

    def text(msg: Message) -> str:
        params = msg.params
        values = tuple(params.values())
        kinds = tuple(map(type, values))
        try:
            if _SCALARS.issuperset(kinds):  # (most messages: their keys, values and types make the key at once)
                key: tuple[object, ...] = (lang, names, msg.code, tuple(params), kinds, values)
            else:
                key = (lang, names, msg.code, *_frozen(params))
            hit = _RENDERED.get(key)
        except TypeError:  # a parameter that cannot be a key: word it every time
            return render(msg, lang, names)
        if hit is None:
            hit = render(msg, lang, names)
            if len(_RENDERED) >= _RENDERED_MAX:
                _RENDERED.clear()
            _RENDERED[key] = hit
        return hit
    return text


_SCALARS = frozenset({str, int, bool, float, type(None)})
"""The types of a message parameter ``_text``'s key takes as they are (each value with its type: ``True`` and ``1``
are worded differently); any other (lists, mappings, decimals, subclasses) goes through ``_frozen``."""


def _frozen(params: Mapping[str, Any]) -> tuple[object, ...]:
    out: list[object] = []
    for key, value in params.items():
        if isinstance(value, list | tuple):  # items with their types: True and 1 are worded differently
            value = ("[]", *((type(item), item) for item in value))
        out.append((key, type(value), value))
    hash(tuple(out))
    return tuple(out)


_money = functools.lru_cache(maxsize=4096, typed=True)(format_money)
"""``format_money`` for the document's invoice lines and the recommendations' totals, remembered: a document has a
dozen or more lines, each worded with its amount (about 1 µs each, a fifth of the document's build), and answers repeat
the same fees, pack prices, overage amounts and totals (the bench's random profiles: 647 amounts across 300 answers'
4,800 lines)."""


def message_doc(msg: Message, text: Callable[[Message], str]) -> dict[str, Any]:
    """A worded message as the answer documents carry it (``/api/v1``'s ``terms`` and ``advice``, TMF680's ``term``)."""
    return {"code": msg.code, "params": dict(msg.params), "text": text(msg)}


def _line_doc(line: "InvoiceLine", text: Callable[[Message], str], household: bool = False) -> dict[str, Any]:
    doc = {"item": text(line.label), "kind": line.kind, "ref": line.ref, "fen": line.fen,
           "yuan": _money(line.fen, line.currency), "assumed": line.assumed,
           "label": {"code": line.label.code, "params": dict(line.label.params)}}
    if household:  # whose line it is: 0 the holder, i the i-th extra line, null shared
        doc["owner"] = line.owner
    return doc


def condition_doc(c: Condition, text: Callable[[Message], str]) -> dict[str, Any]:
    """A condition of sale as the answer documents carry it (``/api/v1``'s ``conditions``, TMF680's ``condition``)."""
    return {"code": c.code, "params": dict(c.params), "status": c.status, "ref": c.ref, "text": text(c.message)}


def _household_doc(h: Household) -> dict[str, Any]:
    return {"lines": h.lines, "names": list(h.names), "per_line_fen": list(h.per_line_fen),
            "shared_fen": h.shared_fen, "one_off_fen": h.one_off_fen,
            "shared_pool_use": {meter: dict(use) for meter, use in h.shared_pool_use.items()}}


def _separate_doc(separate: SeparateLines, text: Callable[[Message], str], saves_fen: int | None) -> dict[str, Any]:
    """The one-plan-per-line set: each line's plan, bundle, price and conditions of sale, and the set's totals."""
    lines = []
    for item in separate.lines:
        rec = item.recommendation
        entry: dict[str, Any] = {"line": item.line, "name": item.name, "status": item.status}
        if rec is None:
            entry.update({"operator": None, "plan_id": None, "plan_name": None, "packs": [], "total_fen": None,
                          "total_yuan": None, "currency": None, "effective_monthly_fen": None, "price_fen": None,
                          "breakdown": [], "conditions": []})
        else:
            entry.update({"operator": rec.operator, "plan_id": rec.plan_id, "plan_name": rec.plan_name,
                          "packs": [dict(p) for p in rec.packs], "total_fen": rec.total_fen,
                          "total_yuan": rec.total_yuan, "currency": rec.currency,
                          "effective_monthly_fen": rec.effective_monthly_fen, "price_fen": rec.price_fen,
                          "breakdown": [_line_doc(line, text) for line in rec.breakdown],
                          "conditions": [condition_doc(c, text) for c in rec.conditions]})
        lines.append(entry)
    effective = separate.effective_monthly_fen
    total = separate.total_fen
    return {
        "lines": lines,
        "complete": separate.complete,
        "total_fen": total,
        "total_yuan": None if total is None else format_money(total, separate.currency),
        "effective_monthly_fen": effective,
        "currency": separate.currency,
        "household_saves_fen": saves_fen,
        "within_budget": separate.within_budget,
        "worst_month_fen": separate.worst_month_fen,
    }


def _recommendation_doc(r: Recommendation, text: Callable[[Message], str], months: bool) -> dict[str, Any]:
    household = r.household is not None
    doc: dict[str, Any] = {
        "rank": r.rank,
        "operator": r.operator,
        "plan_id": r.plan_id,
        "plan_name": r.plan_name,
        "packs": [dict(p) for p in r.packs],
        "total_fen": r.total_fen,
        "total_yuan": r.total_yuan,
        "breakdown": [_line_doc(line, text, household) for line in r.breakdown],
        "needs": [dict(n) for n in r.needs],
        "needs_met": r.needs_met,
        "headroom": dict(r.headroom),
        "benefits_met": list(r.benefits_met),
        "benefits_missing": list(r.benefits_missing),
        "savings": None if r.savings is None else dict(r.savings),
        "optimal": r.optimal,
        "currency": r.currency,
    }
    if months:
        doc["months"] = [{
            "month": m["month"],
            "packs": [dict(p) for p in m["packs"]],
            "total_fen": m["total_fen"],
            "total_yuan": m["total_yuan"],
            "assumed_fen": m["assumed_fen"],
            "billed": dict(m["billed"]),
            "breakdown": [_line_doc(line, text, household) for line in m["breakdown"]],
        } for m in r.months]
    doc.update({
        "first_month_fen": r.first_month_fen,
        "effective_monthly_fen": r.effective_monthly_fen,
        "effective_monthly_yuan": r.effective_monthly_yuan,
        "horizon_months": r.horizon_months,
        "horizon_total_fen": r.horizon_total_fen,
        "ranking_fen": r.ranking_fen,
        "worst_month_fen": r.worst_month_fen,
        "conditions": [condition_doc(c, text) for c in r.conditions],
        "assumed_fen": r.assumed_fen,
        "benefit_value_fen": r.benefit_value_fen,
        "terms": [message_doc(m, text) for m in r.terms],
    })
    if r.household is not None:
        doc["household"] = _household_doc(r.household)
    return doc


@dataclass(slots=True, eq=False)
class _Priced:
    """A plan's choice with its contract terms applied, and what the ranking compares (one per
    plan and answer: made for every fitting plan, so a plain slotted class, never changed)."""

    plan: Plan
    choice: Choice
    terms: Contract
    key: tuple[int, ...]
    price_fen: int  # effective monthly, profile currency
    ranking_fen: int  # price_fen less the benefits' value
    benefit_value_fen: int
    within_budget: bool
    worst_fen: int  # the largest bill paid, profile currency
    _history: History | None = field(default=None, compare=False, repr=False)

    def history(self, catalogue: Catalogue, profile: Profile) -> History:
        """The choice priced line by line by the cost model — which must agree with the engine."""
        if self._history is not None:
            return self._history
        history = price_history(catalogue, profile, self.choice.bundles)
        totals = tuple(c.total_fen for c in history.months)
        if totals != self.choice.month_totals or not history.meets_needs:
            raise AssertionError(f"engine and cost model disagree on {self.choice}: {totals}")
        self._history = history
        return history

    def tie_key(self, catalogue: Catalogue, profile: Profile) -> tuple[object, ...]:
        return tie_key(self.plan.id, self.history(catalogue, profile))


def current_plan(catalogue: Catalogue, profile: Profile) -> Plan | None:
    """The profile's current plan, checked (None when there is none, or a monthly bill instead)."""
    current = profile.current
    if current is None or current.plan_id is None:
        return None
    if current.plan_id not in catalogue.plan_index:  # (with the id it likely meant, as a plan file's typo is told)
        near = near_id(current.plan_id, catalogue.plan_index)
        raise UnknownPlan(message("current_plan.unknown.near", plan_id=current.plan_id, near=near) if near else
                          message("current_plan.unknown", plan_id=current.plan_id))
    plan = catalogue.plan_index[current.plan_id]
    if _rate(profile, plan) is None:
        raise UnknownPlan(message("current_plan.other_currency", plan_id=plan.id, plan_currency=plan.currency,
                                  to=profile.currency))
    return plan


def _current(catalogue: Catalogue, profile: Profile, plan: Plan | None, priced: list[_Priced], engine: Engine,
             deadline: float, unsure: frozenset[str]) -> tuple[int | None, _Priced | None]:
    """What the person pays now, as an effective monthly price in the profile's currency, and the
    current plan's priced choice when it fits.

    The current plan is priced exactly like a recommendation (its cheapest fitting bundles by the
    effective price over the same horizon, terms included), so that the same plan saves exactly 0.
    If no bundle on it meets the needs, it is priced for its cheapest bundle of the usage without the needs
    (``_usage_only``), else as it is (no packs).  A monthly bill is paid
    every month of the horizon.  A household on a plan that takes fewer extra lines than it has pays something
    the plan does not say (found by QA: it was priced for the lines it takes, and every household bundle
    looked dearer): not known, unless the bill is given."""
    if profile.current is None:
        return None, None
    if plan is None:
        return profile.current.monthly_bill_fen, None
    if lines_short(plan, profile):
        return None, None
    mine = next((p for p in priced if p.plan.id == plan.id), None)
    if mine is None and not blockers(catalogue, plan, profile):
        found = planner.solve(catalogue, profile, [plan], engine, _left(deadline), unsure=unsure)[0].choices
        mine = _priced(catalogue, profile, found[0]) if found else None
    if mine is not None:
        return mine.price_fen, mine
    # A need the plan cannot meet is one the person lives without now: their bill is still the plan's cheapest
    # bundle for their usage (found by QA: 50 GB on cu-5g-59 with a broadband need read "now ¥179.00", 30 GB of
    # overage, where the plan's own 30 GB pack makes it ¥143.90, and a dearer plan looked cheaper than now).
    for relaxed in _usage_only(profile):
        found = planner.solve(catalogue, relaxed, [plan], engine, _left(deadline), unsure=unsure)[0].choices
        if found:
            return _priced(catalogue, relaxed, found[0]).price_fen, None
    bundles = [Bundle(plan.id)] * len(billed(profile, plan))
    totals = [c.total_fen for c in price_history(catalogue, profile, bundles).months]
    return effective_price(plan, profile, totals).monthly_fen, None


def _usage_only(profile: Profile) -> list[Profile]:
    """The profile without the needs a current plan may not meet: first its capabilities (speeds, broadband,
    satellite service, required benefits), keeping the usage it pays for (trips, satellite minutes); then the
    satellite minutes and messages too (a plan without satellite service carries none: found in review, they
    dropped the trips with them, and a European trip's ¥60 from what is paid now); then every need.  What the
    person pays now for that usage is the plan's cheapest bundle for it."""
    capabilities = {"min_uplink_mbps": 0, "min_downlink_mbps": 0, "uplink_days": None, "downlink_days": None,
                    "satellite": False, "broadband": False, "broadband_mbps": 0}
    return [_with_needs(profile, change, benefits_required=(), budget_fen=None)
            for change in (capabilities, {**capabilities, "satellite_minutes": 0, "satellite_sms": 0}, None)]


def _with_needs(profile: Profile, change: Mapping[str, Any] | None, **update: Any) -> Profile:
    """``profile`` with ``change`` made to its needs and to each household line's own (None: no need at all; a
    household's lines' needs too, found by QA: only the top was relaxed), and ``update`` to its other fields.
    Dropping the roaming need (or every need) drops a history's months' own trips too (found by the trips QA:
    a current plan that cannot roam, with a trip in one month only, was priced without its packs, as the
    relaxed profile still travelled in that month)."""
    if profile.months is not None and (change is None or "roaming" in change) and "months" not in update:
        update = {**update, "months": tuple(m.model_copy(update={"roaming": RoamingNeed()}) if m.trips else m
                                            for m in profile.months)}
    return _each_need(profile, lambda needs: needs.model_copy(update=change) if change is not None else Needs(),
                      **update)


def _each_need(profile: Profile, relax: Callable[[Needs], Needs], **update: Any) -> Profile:
    """``profile`` with each of its needs made ``relax(needs)``: each part (a holder's line alone's two:
    ``Profile.of_needs``) and each household line's own; ``update`` made to its other fields."""
    lines = tuple(line if line.needs is None else line.model_copy(update={"needs": relax(line.needs)})
                  for line in profile.lines or ())
    return profile.of_needs(*map(relax, profile.need_parts), **({"lines": lines} if lines else {}), **update)


def _rate(profile: Profile, plan: Plan) -> object:
    return rate(profile, plan)


def benefit_value_fen(catalogue: Catalogue, profile: Profile, choice: Choice) -> int:
    """What the benefits of a plan's bundles are worth to the person over the horizon, in fen of the profile's
    currency (``objective.horizon_value``: each month's bundle's, weighted as its month is)."""
    if not profile.benefit_values:
        return 0
    return horizon_value(profile, month_values(catalogue, profile, choice.bundles))


def _priced(catalogue: Catalogue, profile: Profile, choice: Choice) -> _Priced:
    """Rank a plan by its engine's monthly totals under its terms (the shown plans are then re-priced
    line by line, and checked, by ``_Priced.history``)."""
    plan = catalogue.plan_index[choice.plan_id]
    effective = effective_price(plan, profile, choice.month_totals, choice.one_off_fen)
    value = benefit_value_fen(catalogue, profile, choice) if profile.benefit_values else 0
    key = rank_key(effective, value, profile.objective)
    within = within_budget(profile.budget_fen, effective.monthly_fen)  # both a month, effective
    a_month = monthly(value, profile.horizon_months) if value else 0  # (no value: none a month; most answers)
    return _Priced(plan, choice, effective.contract, key, effective.monthly_fen, effective.monthly_fen - a_month,
                   a_month, within, effective.worst_fen)


def _savings(profile: Profile, plan: Plan, price_fen: int, current: int) -> dict[str, Any]:
    """Current effective price − this plan's, exactly; ``code`` says what it is: ``current_plan``
    (the plan the person has: 0), ``saves``, ``same_price`` or ``dearer`` (never called a saving)."""
    saved = current - price_fen
    if profile.current is not None and profile.current.plan_id == plan.id:
        code = "current_plan"
    else:
        code = "saves" if saved > 0 else "same_price" if saved == 0 else "dearer"
    return {"code": code, "fen": saved, "yuan": format_money(saved, profile.currency), "per_year_fen": 12 * saved}


def _advice(profile: Profile, current: int | None, mine: _Priced | None, priced: list[_Priced],
            separate: SeparateLines | None = None) -> list[Message]:
    """``keep_current_plan`` when no fitting bundle costs less than what the person has (by the ranking's
    measure: the effective price less the benefits' value, or the worst month first when asked).  A bill with
    nothing to weigh it against (no bundle fits, and no separate plans for a household's lines) gets none."""
    if current is None or profile.current is None:
        return []
    plan_id = profile.current.plan_id
    if plan_id is None and not priced and (separate is None or separate.effective_monthly_fen is None):
        # (consumer QA: "keep your current plan: no fitting bundle costs less than the ¥150.00 a month you pay now"
        # beside "no bundle meets all your needs", for an uplink no plan sells)
        return []
    if plan_id is not None:
        if mine is None or (priced and priced[0].key < mine.key):
            return []
    elif priced and (priced[0].key[0] if profile.objective == "worst_month" else
                     min(p.ranking_fen for p in priced)) < current:
        # (a bill is its own largest month: compared by the ranking's measure, as a plan's key is; with benefit values
        # the least of it, never above the least price: the first plan's price said "no fitting bundle costs less"
        # above one at ¥89.00 against ¥150.00 now, product QA)
        return []
    # the packs that price includes, named (found by the eligibility QA: "keep your plan Tianyi 5G 59 ... ¥99.00"
    # where ¥99.00 is the plan with its ¥40 pack, and someone on the bare plan pays ¥134.00)
    bundles = mine.choice.bundles if mine is not None else ()
    packs = bought(bundles)
    # a history whose months buy different packs: "in the months that need them", its price an average (form QA:
    # "with A, B: … ¥135.00 a month they cost together" read as both packs every month)
    some: dict[str, object] = {"by_month": True} if len({b.packs for b in bundles}) > 1 else {}
    if not some and (counts := {pid: n for b in bundles for pid, n in b.packs if n > 1}):
        some["counts"] = counts  # (a pack bought several times: "5G-A scene pack ×5", not one that costs five's price)
    if profile.objective == "worst_month":  # (the ranking's measure, as it was decided: QA; a bill is its own)
        return [message("keep_current_plan", plan=plan_id, worst_month_fen=current if mine is None else mine.key[0],
                        currency=profile.currency, packs=packs, **some)]
    if mine is not None and mine.benefit_value_fen:  # (kept by the ranking's measure, its price less what the person
        # values: said so, not "no fitting bundle costs less" above one that does; hand-check review)
        some["ranking_fen"] = mine.ranking_fen
    return [message("keep_current_plan", plan=plan_id, effective_monthly_fen=current, currency=profile.currency,
                    packs=packs, **some)]


def _surely(profile: Profile, recommendations: list[Recommendation]) -> list[Message]:
    """When the best rests on a condition of sale the person left unknown ("only if ..."): the first shown that
    rests on none (``sure_best``, its rank and the price the ranking shows), or that none shown does (``sure_none``);
    not said beside advice to keep what they have (nothing shown is to be bought then).
    Found by the form QA: for a student who said nothing of themselves the best was a plan kept only by the people on
    it now (已停止新办), and the page did not say what they could surely buy."""
    if not recommendations or not _unsure(recommendations[0]):
        return []
    sure = next((r for r in recommendations if not _unsure(r)), None)
    if sure is None:
        return [message("sure_none", count=len(recommendations))]
    price = {"worst_month_fen": sure.worst_month_fen} if profile.objective == "worst_month" else \
        {"effective_monthly_fen": sure.price_fen}  # (the ranking's measure, as keep_current_plan's, in the profile's
    # currency as the saving beside it: "$188.00 a month, $3.68 less than now" was a ¥188.00 plan; hand-check review)
    # against what is paid now, as its card says it (form QA: "…surely buy is … ¥188.00 a month" above the best's
    # "saves ¥34.00 a month", where the one surely bought cost ¥60.00 more than the ¥128.00 paid now)
    now = sure.savings
    against = {} if now is None else {"saves_fen": now["fen"]} if now["code"] == "saves" else \
        {"more_fen": -now["fen"]} if now["code"] == "dearer" else {}
    if sure.benefit_value_fen and "worst_month_fen" not in price:  # (first by its price less what the person
        # values, not the cheapest: said so with that measure; hand-check review, "the cheapest you can surely buy is
        # … ¥299.00" above one at ¥188.00 anyone may buy)
        price["ranking_fen"] = sure.ranking_fen
    if against and "worst_month_fen" in price:  # (the saving is of its average, as the card's: said beside it, not
        # beside its largest bill; found in review, "its largest monthly bill ¥188.00, ¥12.00 a month less than" ¥150)
        price["effective_monthly_fen"] = sure.price_fen
    return [message("sure_best", plan=sure.plan_id, rank=sure.rank, currency=profile.currency, **price, **against)]


def _unsure(recommendation: Recommendation) -> bool:
    return any(c.status == "unknown" for c in recommendation.conditions)


def _as_new(profile: Profile, current: int | None, mine: _Priced | None) -> list[Message]:
    """What the current plan costs is its price as a new contract (``_current``: the start of the person's is
    unknown), its promotions and one-off fee included; when they make a difference, said, with what the plan costs
    past them (found by the product QA: on a plan whose launch price and ¥100 one-off fee put "now" at ¥190.67,
    where someone on it for years pays ¥199.00, a ¥188.00 plan "saved ¥2.67" without a word of why)."""
    if current is None or mine is None or profile.current is None or profile.current.plan_id is None:
        return []
    plan, terms = mine.plan, mine.plan.terms
    if not terms.promotions and not terms.one_off_fen and not mine.choice.one_off_fen:
        return []
    settled_terms = Terms(minimum_monthly_spend_fen=terms.minimum_monthly_spend_fen)  # (the floor stays: every bill's)
    # (a pack's installation is a one-off fee as the plan's is: paid once by someone on the plan with it; found by the
    # hand-check review, "past its … one-off fee it costs ¥203.00" was ¥198.00 and a ¥120 installation spread)
    settled = effective_price(replace(plan, terms=settled_terms), profile, mine.choice.month_totals, 0).monthly_fen
    if settled == current:
        return []
    return [message("current_plan_as_new", plan=plan.id, effective_monthly_fen=current, settled_fen=settled,
                    currency=profile.currency)]


def _separate_cost_less(profile: Profile, current: int | None, mine: _Priced | None, separate: SeparateLines | None,
                        priced: list[_Priced]) -> list[Message]:
    """A household's separate plans, when they cost less than what it pays now and than every household bundle
    (over the budget or not), and are within the budget: said in place of ``keep_current_plan`` (found by QA:
    "keep your current plan" above a list of separate plans ¥22 a month cheaper, unremarked; review: compared with
    the bundles within the budget only, separate plans over it were advised above a cheaper household bundle).
    With ``objective: worst_month`` "cost less" is by the largest monthly bill, as the ranking's and
    ``keep_current_plan``'s (a bill its own; a current plan's the key of its priced choice)."""
    if current is None or separate is None or separate.within_budget is False:
        return []
    together = separate.effective_monthly_fen
    if profile.objective != "worst_month":
        if together is None or together >= current or any(p.price_fen <= together for p in priced):
            return []
        return [message("separate_lines_cost_less", amount_fen=together, saves_fen=current - together,
                        currency=separate.currency, only_if=separate.only_if)]
    worst = separate.worst_month_fen
    if profile.current is None or profile.current.plan_id is None:
        now: int | None = current
    else:  # (a current plan priced without the needs it cannot meet has no largest bill to compare: not advised)
        now = mine.key[0] if mine is not None else None
    if together is None or worst is None or now is None or worst >= now or any(p.key[0] <= worst for p in priced):
        return []
    return [message("separate_lines_cost_less", amount_fen=together, worst_month_fen=worst, below_fen=now - worst,
                    currency=separate.currency, only_if=separate.only_if)]


def _separately(separate: SeparateLines | None) -> list[Message]:
    """When no household bundle fits (within the budget): its separate plans, if every line has one within it
    (found by QA: "raise the budget to ¥198" above separate plans of ¥187.90 under a ¥190 budget)."""
    together = separate.effective_monthly_fen if separate is not None else None
    if separate is None or together is None or separate.within_budget is False:
        return []
    return [message("separate_lines", amount_fen=together, currency=separate.currency, only_if=separate.only_if)]


def _falls_short(plan: Plan | None, current: int | None, priced: _Priced | None) -> list[Message]:
    """Why what the person pays now is no fair comparison (``_current``): no bundle on their plan meets their needs
    (it is priced for the usage without them; found by the hand check: read as "stay put", beside plans that meet
    them)."""
    return [message("current_plan_falls_short", plan=plan.id)] if plan and current is not None and not priced else []


def _name_the_shortfall(catalogue: Catalogue, profile: Profile, plan: Plan, excluded: list[Exclusion]) -> None:
    """The current plan's exclusion names what it falls short of (``current_plan_falls_short`` points there) when
    it was left out for something else first, its conditions of sale or an operator filter (review: "aged 16 to
    30" was all it said of a plan with no satellite messaging)."""
    for i, left in enumerate(excluded):
        if left.plan_id == plan.id:
            short = blockers(catalogue, plan, profile) or [message("no_combination")]
            missing = [m for m in short if m not in left.reasons]
            if missing:
                excluded[i] = Exclusion(left.plan_id, left.operator, [*left.reasons, *missing])


def _short_of_lines(profile: Profile, plan: Plan | None) -> list[Message]:
    """Why a household's current plan has no price (``_current``): it takes too few extra lines."""
    short = lines_short(plan, profile) if plan is not None else None
    return [message("current_plan_short_of_lines", plan=plan.id, lines=short[0], max=short[1])] \
        if short and plan is not None else []


class _Window:
    """The slots of the shown recommendations: ``top_k`` in all, at most ``per_operator`` of one operator."""

    def __init__(self, top_k: int, per_operator: int | None) -> None:
        self.left, self.cap = top_k, per_operator or top_k
        self.taken: dict[str, int] = {}

    def room(self, operator: str) -> bool:
        return self.left > 0 and self.taken.get(operator, 0) < self.cap

    def take(self, operator: str) -> bool:
        """Give the next plan of ``operator`` a slot, if there is one."""
        if not self.room(operator):
            return False
        self.left -= 1
        self.taken[operator] = self.taken.get(operator, 0) + 1
        return True


def _ranked(catalogue: Catalogue, profile: Profile, priced: list[_Priced], top_k: int,
            per_operator: int | None = None) -> list[_Priced]:
    """``priced`` in ranking order: by the objective, equal ones by the tie rule.

    The tie rule prices plans line by line, so it is applied only where the order can be seen: a
    group of equal plans is ordered when one of them may still be shown (``_Window``, as ``_shown``
    fills it) or when it holds two plans within budget of an operator whose best plan is not yet
    known (``best_per_operator``).  Elsewhere equal plans keep the catalogue's order: they are
    excluded alike ("more than the best"), whatever their order.  Once the window is full and every operator's best
    is known, no later group can be ordered: the rest keep their order, as sorted (most plans of a large catalogue)."""
    out: list[_Priced] = []
    window, best_known = _Window(top_k, per_operator), set()
    ordered = sorted(priced, key=attrgetter("key"))
    operators = {p.plan.operator for p in priced if p.within_budget}
    for _, group in groupby(ordered, key=attrgetter("key")):
        tied = list(group)
        if len(tied) > 1:
            fitting = [p.plan.operator for p in tied if p.within_budget]
            if any(window.room(op) for op in fitting) or any(op not in best_known and fitting.count(op) > 1
                                                             for op in fitting):
                tied.sort(key=lambda p: p.tie_key(catalogue, profile))
        for p in tied:
            if p.within_budget:
                if window.left:  # (a full window takes no more)
                    window.take(p.plan.operator)
                best_known.add(p.plan.operator)
        out.extend(tied)
        if not window.left and best_known >= operators:
            break
    return out + ordered[len(out):]  # (``out`` holds the first groups of ``ordered``, each in its order)


def _invoice(costing: Costing, currency: str) -> list[InvoiceLine]:
    return [InvoiceLine(line.label, line.kind, line.ref, line.fen, currency, line.assumed, line.owner)
            for line in costing.lines]


def household_split(catalogue: Catalogue, profile: Profile, history: History) -> Household | None:
    """A household bundle's bill by line, and how much of each shared pool the household uses
    (None for a one-line profile).  Every fen comes from the cost model's invoice lines."""
    if not profile.household or profile.lines is None:
        return None
    count = len(profile.lines)
    per_line = [0] * count
    shared = 0
    for costing in history.months:
        for line in costing.lines:
            if line.owner is None:
                shared += line.fen
            else:
                per_line[line.owner] += line.fen
    assert sum(per_line) + shared == history.total_fen, "the invoice lines' owners must cover the bill"
    first = history.months[0]
    plan, chosen = resolve(catalogue, first.bundle)
    extra = plan.extra_lines
    pool: dict[str, dict[str, int | None]] = {}
    used = pooled_use(profile, plan)
    demand = billed(profile, plan)[0]
    for meter, total in used.items():
        assert extra is not None
        size = allowance(plan, chosen, meter) + extra.pooled(meter, count - 1)
        entry: dict[str, int | None] = {"used": total, "allowance": None if size >= UNLIMITED // 2 else size}
        if meter == "data_mb":
            entry["app_covered"] = demand["data_mb"] - general_data(plan, chosen, demand)
        pool[meter] = entry
    return Household(count, [line.name for line in profile.lines], per_line, shared, pool,
                     bundles_one_off(catalogue, [c.bundle for c in history.months]))


def _lines(history: History, currency: str, labels: list[str]) -> list[InvoiceLine]:
    """One month's invoice lines, or over a history one line per month."""
    if len(history.months) == 1:
        return _invoice(history.months[0], currency)
    return [InvoiceLine(message("line.month", month=label), "month", label, c.total_fen, currency, c.assumed_fen > 0)
            for label, c in zip(labels, history.months, strict=True)]


def _recommendation(catalogue: Catalogue, profile: Profile, priced: _Priced, rank: int | None,
                    optimal: bool, current: int | None, assessment: Assessment) -> Recommendation:
    plan, history = priced.plan, priced.history(catalogue, profile)
    priced_months = history.months
    first = priced_months[0]
    one_month = len(priced_months) == 1
    currency = plan.currency
    labels = months_of(profile)
    demands = billed(profile, plan)
    savings = None if current is None else _savings(profile, plan, priced.price_fen, current)
    needs: dict[str, dict[str, Any]] = {}
    # needs met on an estimate in some month (found in review: only the tightest month's word was said, so the
    # months' order decided whether a need met on a per-use pack's assumed speed in one of them said so)
    estimated: set[str] = set()
    for costing in priced_months:  # the tightest month for each need
        for check in costing.needs:
            if check.assumed:
                estimated.add(check.need)
            if check.need not in needs or check.provided - check.required < needs[check.need]["provided"] - \
                    needs[check.need]["required"]:
                needs[check.need] = {"need": check.need, "required": check.required, "provided": check.provided,
                                     "met": check.met, "assumed": check.assumed}  # (``asdict``, no deep copies)
    for name in estimated:  # met every month, in one of them only on assumed figures
        needs[name]["assumed"] = needs[name]["met"]
    invoices = [_invoice(costing, currency) for costing in priced_months]
    lines = sims(profile)
    packs = _packs(catalogue, profile, first.bundle, first, lines)
    total_fen = history.total_fen
    total_yuan = _money(total_fen, currency)  # (one month: that month's too)
    months = [{
        "month": label,
        "packs": packs if costing is first else _packs(catalogue, profile, costing.bundle, costing, lines),
        "total_fen": costing.total_fen,
        "total_yuan": total_yuan if one_month else _money(costing.total_fen, currency),
        "assumed_fen": costing.assumed_fen,
        "billed": {meter: demand[meter] for meter in METER_LABELS},
        "breakdown": invoice,
    } for label, costing, demand, invoice in zip(labels, priced_months, demands, invoices, strict=True)]
    if one_month:
        pack_ids = [pid for pid, _ in first.bundle.packs]
        headroom = {m: first.headroom[m] for m in METER_LABELS}
        benefits = first.benefits
    else:
        pack_ids = bought([c.bundle for c in priced_months])
        headroom = {m: min(c.headroom[m] for c in priced_months) for m in METER_LABELS}
        benefits = first.benefits.intersection(*(c.benefits for c in priced_months))  # had every month
    wanted = set(profile.benefits)
    terms = history.contract
    effective = terms.effective_monthly_fen
    return Recommendation(
        rank=rank,
        operator=plan.operator,
        plan_id=plan.id,
        plan_name=plan.name,
        packs=packs,
        total_fen=total_fen,
        total_yuan=total_yuan,
        breakdown=list(invoices[0]) if one_month else _lines(history, currency, labels),
        needs=list(needs.values()),
        needs_met=True,  # (``_Priced.history`` refuses a choice whose months do not meet them)
        headroom=headroom,
        benefits_met=sorted(wanted & benefits) if wanted else [],
        benefits_missing=sorted(wanted - benefits) if wanted else [],
        savings=savings,
        optimal=optimal,
        currency=currency,
        months=months,
        first_month_fen=terms.first_month_fen,
        effective_monthly_fen=effective,
        effective_monthly_yuan=total_yuan if effective == total_fen else _money(effective, currency),
        horizon_months=terms.horizon_months,
        horizon_total_fen=terms.horizon_total_fen,
        ranking_fen=priced.ranking_fen,
        worst_month_fen=priced.worst_fen,
        conditions=assessment.listed(plan.id, pack_ids),
        assumed_fen=history.assumed_fen,
        benefit_value_fen=priced.benefit_value_fen,
        household=household_split(catalogue, profile, history),
        terms=contract_terms(catalogue, plan, [c.bundle for c in priced_months]),
    )


def _packs(catalogue: Catalogue, profile: Profile, bundle: Bundle, costing: Costing | None = None, lines: int = 1
           ) -> list[dict[str, Any]]:
    """The packs bought, each with its count and the needs it is bought for (``cost.needed_for``); in a household of
    ``lines`` lines, a pack sold per SIM also says how many were bought for each line (``lines``, the holder first:
    ``cost.allocate``; the rest of ``count`` serve no line's speed, bought for what they add)."""
    if not bundle.packs:  # (most bundles shown)
        return []
    plan = catalogue.plan_index[bundle.plan_id]
    index = catalogue.pack_index
    out: list[dict[str, Any]] = [{"id": pid, "count": n, "name": index[pid].name,
                                  "needed_for": needed_for(plan, index[pid], n, profile)} for pid, n in bundle.packs]
    if costing is None or lines < 2:
        return out
    for pack in out:
        if catalogue.pack_index[pack["id"]].per_line:
            given = [0] * lines
            for line in costing.lines:
                if line.kind == "pack" and line.ref == pack["id"] and line.owner is not None:
                    given[line.owner] += line.quantity
            pack["lines"] = given
    return out


def recommend(catalogue: Catalogue, profile: Profile, top_k: int = 5, engine: Engine = "auto",
              time_limit_s: float = 5.0, per_operator: int | None = None) -> Answer:
    """Rank plans by what their best bundles really cost ``profile``; explain every plan left out.

    ``per_operator`` caps how many of the ranked plans come from one operator.  ``time_limit_s`` is the solvers'
    time for the whole answer (``_left``).
    """
    deadline = time.monotonic() + time_limit_s
    top_k = max(1, min(top_k, MAX_TOP_K))
    mine = current_plan(catalogue, profile)
    assessment = assess(catalogue, profile)
    full, catalogue = catalogue, catalogue.without_packs(assessment.dropped_packs)  # only what they may buy
    candidates, excluded = _candidates(catalogue, profile, assessment)
    unsure = assessment.unsure_packs  # (of a plan's equally good bundles, one on no unknown condition: sure_first)
    found, used = planner.solve(catalogue, profile, candidates, engine, _left(deadline), unsure=unsure)
    priced = _ranked(catalogue, profile, [_priced(catalogue, profile, c) for c in found.choices], top_k,
                     per_operator)
    current, current_priced = _current(catalogue, profile, mine, priced, engine, deadline, unsure)
    fitting = [p for p in priced if p.within_budget]
    solved = {p.plan.id for p in priced}
    for plan in candidates:  # (the plans ``blockers`` shows cannot fit were not searched)
        if plan.id not in solved:
            reasons = blockers(catalogue, plan, profile) or [message("no_combination" if found.proved
                                                                     else "time_limit")]
            excluded.append(Exclusion(plan.id, plan.operator, reasons))
    least = _least_over_budget(catalogue, profile, priced, engine, deadline, unsure)
    ranked = _shown(profile, priced, fitting, top_k, per_operator, excluded, least)
    excluded.sort(key=lambda e: catalogue.position[e.plan_id])

    recommendations = [_recommendation(catalogue, profile, p, i + 1, found.proved, current, assessment)
                       for i, p in enumerate(ranked)]
    shown_as = {r.plan_id: r for r in recommendations}
    best_per_operator = []
    for operator in catalogue.operators:
        best = next((p for p in fitting if p.plan.operator == operator), None)
        if best is not None:
            best_per_operator.append(shown_as.get(best.plan.id) or _recommendation(
                catalogue, profile, best, None, found.proved, current, assessment))

    if fitting:
        status = "optimal" if found.proved else "feasible"
    else:
        status = "infeasible" if found.proved else "unknown"
    searched = status != "unknown"  # (nothing found in time: the API answers 503; no more solving for it)
    separate = separate_lines(full, profile, engine, _left(deadline)) if profile.household and searched else None
    suggestions = [] if fitting or not searched else _separately(separate) + _suggestions(
        catalogue, profile, [least.get(p.plan.id, p) for p in priced], engine, deadline, assessment)
    dropped = assessment.dropped_packs  # (most answers drop none: no pass over a large catalogue's 230 packs)
    excluded_packs = [PackExclusion(pack.id, pack.operator,
                                    [_ineligible(c) for c in blocking(assessment.pack_conditions(pack.id), profile)])
                      for pack in (full.packs if dropped else ()) if pack.id in dropped
                      and profile.wants_operator(pack.operator)]  # (not the operators left out: QA, noise)
    falls_short = _falls_short(mine, current, current_priced)
    if falls_short and mine is not None:
        _name_the_shortfall(catalogue, profile, mine, excluded)
    return Answer(catalogue.version, used, status, recommendations, best_per_operator, excluded,
                  suggestions, current, profile.currency, profile.objective, profile.horizon_months,
                  excluded_packs, assessment.as_of.isoformat(), profile.eligibility,
                  (kept := _separate_cost_less(profile, current, current_priced, separate, priced)
                   or _advice(profile, current, current_priced, priced, separate))
                  + _short_of_lines(profile, mine) + falls_short + _as_new(profile, current, current_priced)
                  + ([] if kept else _surely(profile, recommendations)),
                  profile.months is not None or profile.records is not None, separate)


SHARED_FIELDS = ("about", "eligibility", "as_of", "operators", "exclude_operators", "currency", "exchange_rates",
                 "allow_throttling", "objective", "horizon_months")
"""What every line alone keeps of the household's profile (who they are, what they may buy, how to rank)."""
HOLDER_FIELDS = ("benefits", "benefits_required", "benefit_values")
"""What only the holder's line keeps (the household's wishes; the budget is the household's, and its current
plan the holder's line's alone: ``separate_lines`` gives it)."""


def line_profile(profile: Profile, index: int) -> Profile:
    """Line ``index`` of a household as a one-line profile: its usage, app share and needs (the holder's
    also the household's top-level needs) with the household's conditions of sale, currency and ranking."""
    assert profile.lines is not None
    line: LineUsage = profile.lines[index]
    keep = SHARED_FIELDS + (HOLDER_FIELDS if index == 0 else ())
    data = {name: getattr(profile, name) for name in keep}
    alone = Profile.model_validate({**data, "data_gb": line.data_gb, "voice_minutes": line.voice_minutes,
                                    "sms": line.sms, "app_share": dict(line.app_share),
                                    "needs": profile.needs if index == 0 else line.needs or Needs()})
    return alone.of_needs(profile.needs, line.needs) if index == 0 and line.needs is not None else alone


def separate_lines(catalogue: Catalogue, profile: Profile, engine: Engine = "auto",
                   time_limit_s: float = 5.0) -> SeparateLines:
    """The cheapest one-plan-per-line set: each line alone recommended by the same engine (its best plan), within
    ``time_limit_s`` for them all (``_left``).

    The budget is the household's, so a line alone has none.  With ``objective: worst_month`` and a budget, lines at
    their least worst months may be over it together where other plans or bundles of theirs are not (an installation
    fee, a subscription pack over a history, a promotion: found by the budget QA, two lines of ¥34.00 called over a
    ¥65.00 budget where each has a bundle of ¥32.08, and nothing suggested).  The lines are then asked again by the
    horizon total: their least prices are the least the set can cost (each line is priced alone), so the set is over
    the budget only when those are too; else, of the sets that take each line's least worst month or its least
    price, the one within the budget of least worst month (``_within_budget``)."""
    deadline = time.monotonic() + time_limit_s
    said = profile.about or NOBODY_SAID
    who = about_of(catalogue, profile)  # (a line alone has no current plan: the household's makes its customer)
    # ... and its holder (not every line) a member of the one membership it is sold to (全球通 is not the 副卡's
    # own), and on it: a plan kept by the people on it is the holder's line's alone to keep
    # ... and what `about` says of one person (age, groups, memberships: the holder's, as the form asks "about
    # you") is unknown for the other lines: found by QA, a holder aged 25 made a grandmother's line 'met' for a
    # youth card (16 to 30, no "only if"), and a holder aged 45 kept a son of 18 from it
    # ... and so is whose customer another line is, but for the household's current plan, which every line is on
    # (found by the households QA: a holder saying she was China Unicom's customer made her son's line not China
    # Telecom's, and its 99-yuan plan was dropped unsaid)
    # (found in review: not when the current plan takes too few lines to be every line's, as a one-line plan)
    current = catalogue.plan_index.get(profile.current.plan_id or "") if profile.current is not None else None
    if current is not None and lines_short(current, profile):
        current = None
    others = who.model_copy(update={"memberships": None, "age": None, "groups": None,
                                    "customer_of": current.operator if current is not None else None})
    assert profile.lines is not None
    out, alones = [], []
    for i, line in enumerate(profile.lines):
        about = who if i == 0 else others
        alone = line_profile(profile, i)
        if about != said:
            alone = alone.model_copy(update={"about": about})
        if i == 0 and profile.current is not None and profile.current.plan_id is not None:
            alone = alone.model_copy(update={"current": profile.current})  # (the holder's plan, theirs to keep)
        answer = recommend(catalogue, alone, 1, engine, _left(deadline))
        best = answer.recommendations[0] if answer.recommendations else None
        out.append(SeparateLine(i, line.name, best, answer.status))
        alones.append(alone)
    separate = _separate(catalogue, profile, out)
    if separate.within_budget is not False or not budget_first(profile):
        return separate
    cheapest = []
    for kept, alone in zip(out, alones, strict=True):
        answer = recommend(catalogue, alone.model_copy(update={"objective": "total"}), 1, engine, _left(deadline))
        least = answer.recommendations[0] if answer.recommendations else None
        cheapest.append(SeparateLine(kept.line, kept.name, least, answer.status) if least is not None else kept)
    return _within_budget(catalogue, profile, separate, cheapest)


def _separate(catalogue: Catalogue, profile: Profile, out: list[SeparateLine]) -> SeparateLines:
    """The set of ``out``'s lines, with its worst month (the lines' bills added month by month)."""
    return _set_of(profile, [(line, _line_bills(catalogue, profile, line)) for line in out])


def _line_bills(catalogue: Catalogue, profile: Profile, line: SeparateLine) -> tuple[int, ...] | None:
    return None if line.recommendation is None else _bills(catalogue, profile, line.recommendation)


def _set_of(profile: Profile, lines: Iterable[tuple[SeparateLine, tuple[int, ...] | None]]) -> SeparateLines:
    """A set of lines, each with its bills month by month (None: no plan, and so no worst month)."""
    out, bills = zip(*lines, strict=True)
    worst = None if None in bills else max(map(sum, zip_longest(*bills, fillvalue=0)))
    return SeparateLines(list(out), profile.currency, profile.budget_fen, worst)


def _within_budget(catalogue: Catalogue, profile: Profile, separate: SeparateLines,
                   cheapest: list[SeparateLine]) -> SeparateLines:
    """Of the sets that take each line of ``separate`` (its least worst month) or of ``cheapest`` (its least
    price), the one within the budget of least worst month, then least price (``separate`` itself, over the budget,
    when none is: then none of the lines' bundles together is).  At most ten lines: 1,024 sets of sums, each line's
    bills priced once."""
    choices = [[(a, _line_bills(catalogue, profile, a))] if a.recommendation == b.recommendation else
               [(a, _line_bills(catalogue, profile, a)), (b, _line_bills(catalogue, profile, b))]
               for a, b in zip(separate.lines, cheapest, strict=True)]
    sets = [_set_of(profile, lines) for lines in product(*choices)]
    within = [s for s in sets if s.within_budget and s.worst_month_fen is not None]
    return min(within, key=lambda s: (s.worst_month_fen, s.effective_monthly_fen), default=separate)


def _left(deadline: float) -> float:
    """The solvers' time left of a call's (a monotonic ``deadline``): one limit for a whole answer, its current
    plan's, separate lines' and suggestions' solves included (found by the SRE QA: each solve had the whole limit,
    so a 10-line household nothing fits could take 19 of them, 55 s at 5 s each, past gunicorn's 30 s timeout,
    which kills the worker where the API promises 503 with Retry-After)."""
    return max(0.0, deadline - time.monotonic())


def _bills(catalogue: Catalogue, profile: Profile, rec: Recommendation) -> tuple[int, ...]:
    """A recommendation's bills month by month (``cost.month_bills``) in the profile's currency."""
    plan = catalogue.plan_index[rec.plan_id]
    bundles = [Bundle(plan.id, tuple((str(p["id"]), int(p["count"])) for p in month["packs"])) for month in rec.months]
    totals = [int(month["total_fen"]) for month in rec.months]
    bills = month_bills(plan, totals, profile.horizon_months, bundles_one_off(catalogue, bundles))
    return bills if plan.currency == profile.currency else tuple(in_profile_currency(profile, plan, fen)
                                                                 for fen in bills)


MAX_CANDIDATE_SETS = 64
"""The most ``_candidates`` answers an assessment keeps (one per operator filter and currency asked with it)."""


def _candidates(catalogue: Catalogue, profile: Profile,
                assessment: Assessment) -> tuple[list[Plan], list[Exclusion]]:
    """The plans to solve, and every other plan with why: not an operator asked for, no exchange rate,
    or conditions of sale (a plan that cannot fit is found by the planner, its reasons by ``blockers``).

    Nothing here depends on usage: the answer is kept with the assessment (who the person is, the plan they are
    on, how strictly: ``assess``) per catalogue's plans and what else it reads of the profile (the operators asked
    for or left out, the currency, which exchange rates are given), and each answer gets its own lists (on the 10x
    catalogue, 140 plans' conditions and filters were read anew for every answer)."""
    kept = assessment.kept
    key = ("candidates", id(catalogue.plans), profile.operators, profile.exclude_operators, profile.currency,
           frozenset(profile.exchange_rates))
    found: tuple[tuple[Plan, ...], tuple[Plan, ...], tuple[Exclusion, ...]] | None = kept.get(key)
    if found is None or found[0] is not catalogue.plans:  # (the plans themselves, not another tuple at their id)
        candidates, excluded = _candidates_of(catalogue, profile, assessment)
        if len(kept) >= MAX_CANDIDATE_SETS:
            kept.clear()
        found = kept[key] = (catalogue.plans, tuple(candidates), tuple(excluded))
    return list(found[1]), list(found[2])


def _candidates_of(catalogue: Catalogue, profile: Profile,
                   assessment: Assessment) -> tuple[list[Plan], list[Exclusion]]:
    excluded: list[Exclusion] = []
    candidates: list[Plan] = []
    wanted: dict[str, bool] = {}  # (per operator, asked once: of every plan of every answer)
    for plan in catalogue.plans:
        want = wanted.get(plan.operator)
        if want is None:
            want = wanted[plan.operator] = profile.wants_operator(plan.operator)
        if not want:
            excluded.append(Exclusion(plan.id, plan.operator, [message("operator_filtered", operator=plan.operator)]))
        elif blocked := assessment.plan_blocked(plan.id, profile):  # (before the rate: no rate would help)
            # the person's own plan says so: kept, not sold to them anew (found by the eligibility QA: "not met:
            # aged 16 to 30" of the plan the advice told them to keep)
            yours = [message("own_plan_not_sold_anew", plan=plan.id)] if plan.id == on_plan(profile) else []
            excluded.append(Exclusion(plan.id, plan.operator, [*yours, *(_ineligible(c) for c in blocked)]))
        elif plan.currency != profile.currency and _rate(profile, plan) is None:  # (in its own currency: rate 1)
            excluded.append(Exclusion(plan.id, plan.operator, [
                message("no_exchange_rate", currency=plan.currency, to=profile.currency)]))
        else:
            candidates.append(plan)
    return candidates, excluded


def _shown(profile: Profile, priced: list[_Priced], fitting: list[_Priced], top_k: int, per_operator: int | None,
           excluded: list[Exclusion], least: Mapping[str, _Priced]) -> list[_Priced]:
    """The ranked plans shown (``top_k``, at most ``per_operator`` each); the others join ``excluded`` with
    what they cost: over the budget (at the least price of a bundle of theirs, ``least``), or more than the best."""
    money = profile.currency
    for p in priced:
        if not p.within_budget:
            assert profile.budget_fen is not None
            cost = least.get(p.plan.id, p).price_fen
            reason = message("over_budget", cost_fen=cost, budget_fen=profile.budget_fen, currency=money)
            excluded.append(Exclusion(p.plan.id, p.plan.operator, [reason], cost))
    ranked: list[_Priced] = []
    window = _Window(top_k, per_operator)
    by_worst = profile.objective == "worst_month"
    for p in fitting:
        if window.left and window.take(p.plan.operator):  # (a full window takes no more: most plans of a large one)
            ranked.append(p)
            continue
        best = fitting[0]  # (a reason for each plan not shown: most fitting plans of a large catalogue)
        if by_worst:  # (the ranking's measure)
            params: dict[str, Any] = {"cost_fen": p.price_fen, "gap_fen": p.key[0] - best.key[0], "currency": money,
                                      "worst_fen": p.key[0]}
        else:
            params = {"cost_fen": p.price_fen, "gap_fen": p.ranking_fen - best.ranking_fen, "currency": money}
            if p.benefit_value_fen or best.benefit_value_fen:
                # a gap that counts benefit values is not a difference of prices: the best's price is said beside it
                # (found by the product QA: "costs ¥89.00 a month, ¥51.00 more than the best", which cost ¥188.00)
                params["best_fen"] = best.price_fen
        excluded.append(Exclusion(p.plan.id, p.plan.operator, [Message("more_than_best", params)], p.price_fen))
    return ranked


def _without_benefits(profile: Profile, tags: set[str]) -> Profile:
    return profile.model_copy(update={"benefits_required": tuple(t for t in profile.benefits_required
                                                                 if t not in tags)})


def _fewest_benefits_to_drop(catalogue: Catalogue, profile: Profile, assessment: Assessment,
                             most: int = 3) -> list[tuple[str, ...]]:
    """The smallest sets of two or more required benefits that, dropped, leave a plan the person may buy able to
    bring the others (itself or with its packs; whether together, and with the needs, is for the solve to say):
    at most ``most`` of them, in the order the benefits were given."""
    wanted = tuple(dict.fromkeys(profile.benefits_required))
    lacking: set[tuple[str, ...]] = set()
    for plan in catalogue.plans:
        if not profile.wants_operator(plan.operator) or _rate(profile, plan) is None \
                or assessment.plan_blocked(plan.id, profile):
            continue
        brings = plan.benefits | limits(catalogue, plan).pack_benefits
        lacking.add(tuple(t for t in wanted if t not in brings))
    sizes = [len(tags) for tags in lacking if len(tags) > 1]
    fewest = sorted((tags for tags in lacking if sizes and len(tags) == min(sizes)),
                    key=lambda tags: [wanted.index(t) for t in tags])
    return fewest[:most]


def _ineligible(condition: Condition) -> Message:
    """The exclusion reason for a condition of sale the person does not (or may not) meet."""
    return message("ineligible", condition=condition.code, status=condition.status, ref=condition.ref,
                   **condition.params)


def _suggestions(catalogue: Catalogue, profile: Profile, priced: list[_Priced], engine: Engine,
                 deadline: float, assessment: Assessment) -> list[Message]:
    """When nothing fits: the smallest changes to the profile that would make something fit (each one
    checked: a change is suggested only when some bundle then fits, within the budget).  When no one
    change is enough, a need (or a required benefit) dropped with the budget raised to what then fits
    (``drop_need_raise_budget``, ``drop_benefit_raise_budget``); beside ``raise_budget``, those that ask less of
    the budget than it does."""
    out = []
    money = profile.currency
    if (cheapest := _cheapest(priced)) is not None and profile.budget_fen is not None:  # (found in review: the
        # first-ranked, by the benefits' value or the worst month, said "¥399.00" where ¥199.00 was enough)
        out.append(message("raise_budget", amount_fen=cheapest.price_fen, currency=money, plan=cheapest.plan.id,
                           only_if=_only_if(assessment, cheapest)))
    needs = profile.needs
    relaxations: dict[str, dict[str, Any]] = {
        "uplink": {"min_uplink_mbps": 0},
        "downlink": {"min_downlink_mbps": 0},
        "satellite": {"satellite": False, "satellite_minutes": 0, "satellite_sms": 0},
        "roaming": {"roaming": type(needs.roaming)()},
        "broadband": {"broadband": False, "broadband_mbps": 0},
    }
    lowered, together = _lowered(catalogue, profile, assessment)
    dropped: list[Relaxed] = list(lowered)
    # (code, what is dropped, the profile without it; first a need lowered to what some plan reaches)
    for need, change in relaxations.items():
        relaxed = _with_needs(profile, change)  # (the roaming need: a month's own trips too)
        if relaxed.needs != needs or relaxed.lines != profile.lines or relaxed.months != profile.months:
            dropped.append(("drop_need", {"need_name": need}, relaxed))
    # A required benefit dropped (two that no one bundle brings together had no suggestion); one given twice, once
    for tag in dict.fromkeys(profile.benefits_required):
        dropped.append(("drop_benefit", {"benefit": tag}, _without_benefits(profile, {tag})))
    over_budget: list[Message] = []

    def check(code: str, what: dict[str, Any], relaxed: Profile) -> bool:
        fit, cheapest = _cheapest_fit(catalogue, relaxed, engine, deadline, assessment)
        if fit is not None:
            out.append(message(code, **what, plan=fit.plan.id, amount_fen=fit.price_fen, currency=money,
                               only_if=_only_if(assessment, fit)))
        elif cheapest is not None:
            over_budget.append(message(f"{code}_raise_budget", **what, plan=cheapest.plan.id,
                                       amount_fen=cheapest.price_fen, currency=money,
                                       only_if=_only_if(assessment, cheapest)))
        return fit is not None or cheapest is not None

    helped = [check(code, what, relaxed) for code, what, relaxed in lowered]
    if together is not None and not any(helped):  # (no one of them enough: all of them at once, before any dropped)
        check(*together)
    helped += [check(code, what, relaxed) for code, what, relaxed in dropped[len(lowered):]]
    if not any(h for (code, _, _), h in zip(dropped, helped, strict=True) if code == "drop_benefit"):
        # no one benefit's dropping is enough (three an operator each): the fewest to drop that some plan
        # may bring the rest of (review: eight such sets had no suggestion)
        for tags in _fewest_benefits_to_drop(catalogue, profile, assessment):
            check("drop_benefits", {"benefits": list(tags)}, _without_benefits(profile, set(tags)))
    if profile.operators is not None or profile.exclude_operators:
        every = profile.model_copy(update={"operators": None, "exclude_operators": []})
        try:
            fit = _cheapest_fit(catalogue, every, engine, deadline, assessment)[0]
        except TooManyCombinations:  # the enumerator asked for, and another operator's plan too large for it:
            fit = _cheapest_fit(catalogue, every, "auto", deadline, assessment)[0]  # (the answer is its own)
        if fit is not None:
            out.append(message("allow_operators", plan=fit.plan.id, amount_fen=fit.price_fen, currency=money,
                               only_if=_only_if(assessment, fit)))
    if out and out[0].code == "raise_budget":  # a need dropped for less than the budget must be raised to (found by
        # the hand-check QA: "raise the budget to ¥399.00" alone, where without satellite ¥338.00 does)
        out += [m for m in over_budget if m.params["amount_fen"] < out[0].params["amount_fen"]]
    return out or over_budget


LOWERED_SPEEDS = {"min_uplink_mbps": 0, "min_downlink_mbps": 1, "broadband_mbps": 3}
"""The speed needs ``_lowered`` may lower, each with its index in ``cost.CAPABILITIES`` and ``Wants.levels``."""
LOWERED_METERS = {"satellite_minutes": (0, "satellite_voice_s", 60), "satellite_sms": (1, "satellite_sms", 1)}
"""The amounts needed ``_lowered`` may lower, each with its index in ``Wants.satellite``, its meter and the meter's
units in one of the need's."""


Relaxed = tuple[str, dict[str, Any], Profile]
"""A change ``_suggestions`` checks: its code, what it says, the profile with it made."""


def _lowered(catalogue: Catalogue, profile: Profile,
             assessment: Assessment) -> tuple[list[Relaxed], Relaxed | None]:
    """Each speed or amount needed above what the plans the person may buy reach, lowered to the most one of them
    reaches (for every line that needs more): a smaller change than dropping the need (found by QA: 50 satellite
    minutes, where China Telecom's 399 plan gives 30, was told only "drop the satellite need"); and, when there are
    several, all of them lowered at once (``lower_needs``, each said as ``<code>.change``: found in review, uplink
    2000 with downlink 20000 had no suggestion at all), for ``_suggestions`` to check when no one of them is enough.
    A household's lines' amounts add up, so one lowered where the lines' together would not be that amount is left
    to dropping the need."""
    plans = _buyable(catalogue, profile, assessment)
    wants, out, combined = profile.wants, [], profile
    for name, index in LOWERED_SPEEDS.items():
        required = wants.levels[index]
        reached = [level for p in plans if 1 < (level := limits(catalogue, p).levels[index]) < required]
        if reached and (relaxed := _at_most(profile, name, max(reached))).wants.levels[index] == max(reached):
            out.append(("lower_speed", {"direction": CAPABILITIES[index].direction, "have": max(reached),
                                        "need": required}, relaxed))
            combined = _at_most(combined, name, max(reached))
    for name, (index, meter, unit) in LOWERED_METERS.items():
        required = wants.satellite[index]
        reached = [most // unit for p in plans if 0 < (most := most_usable(catalogue, p, profile).get(meter, -1))
                   and most // unit < required]  # (whole minutes: ``most`` may be seconds)
        if reached and max(reached) > 0 and \
                (relaxed := _at_most(profile, name, max(reached))).wants.satellite[index] == max(reached):
            out.append(("lower_need", {"meter": meter, "have": max(reached) * unit, "need": required * unit}, relaxed))
            combined = _at_most(combined, name, max(reached))
    changes = [message(f"{code}.change", **what).as_dict() for code, what, _ in out]
    return out, ("lower_needs", {"changes": changes}, combined) if len(out) > 1 else None


def _at_most(profile: Profile, name: str, level: int) -> Profile:
    """``profile`` with need ``name`` at most ``level`` in each of its needs and its lines' own."""
    return _each_need(profile, lambda needs: needs.model_copy(update={name: level}) if getattr(needs, name) > level
                      else needs)


def _buyable(catalogue: Catalogue, profile: Profile, assessment: Assessment) -> list[Plan]:
    """The plans a suggestion weighs for ``profile``: of an operator it asks for, priced in a currency it can
    compare, and not refused by its conditions of sale (as ``_candidates`` keeps them, without their reasons)."""
    return [p for p in catalogue.plans if profile.wants_operator(p.operator) and _rate(profile, p) is not None
            and not assessment.plan_blocked(p.id, profile)]


def _only_if(assessment: Assessment, priced: _Priced) -> bool:
    """Whether a suggested bundle rests on a condition of sale the profile leaves unknown, as a ranked one's "only
    if" says (found by the roaming QA: "drop the satellite need: then Tianyi 5G 59 fits at ¥109.00", a plan only
    the people already on it keep, was suggested to anyone with nothing said).  Dropping a need leaves who the
    person is, so the profile's own assessment says it."""
    packs = bought(priced.choice.bundles)
    return any(c.status == "unknown" for c in assessment.listed(priced.plan.id, packs))


def _cheapest_fit(catalogue: Catalogue, relaxed: Profile, engine: Engine, deadline: float,
                  assessment: Assessment) -> tuple[_Priced | None, _Priced | None]:
    """For ``relaxed`` (a profile with one thing changed): the first-ranked bundle that fits within its budget,
    and the cheapest that meets its needs at any price (None when there is none)."""
    found = planner.solve(catalogue, relaxed, _buyable(catalogue, relaxed, assessment), engine, _left(deadline),
                          unsure=assessment.unsure_packs)[0].choices
    ranked = _ranked(catalogue, relaxed, [_priced(catalogue, relaxed, c) for c in found], 1)
    fits = [q for q in ranked if q.within_budget]
    if fits:
        return fits[0], _cheapest(ranked)
    least = _least_over_budget(catalogue, relaxed, ranked, engine, deadline, assessment.unsure_packs)
    return None, _cheapest([least.get(q.plan.id, q) for q in ranked])


def _least_over_budget(catalogue: Catalogue, profile: Profile, priced: list[_Priced], engine: Engine,
                       deadline: float, unsure: frozenset[str]) -> dict[str, _Priced]:
    """The plans over the budget, each at its least effective monthly price (what a budget must be raised to for
    the answer to find a bundle of the plan within it: ``over_budget``'s cost, ``raise_budget``'s amount).  That is
    the bundle the engines choose only when the objective is the horizon total: with ``objective: worst_month`` and a
    budget (``budget_first``) a plan with no bundle within the budget shows its least worst month, which an
    installation fee or a subscription pack over a history can make dearer on average (found by the budget QA:
    "raise the budget to ¥34.00" where ¥32.08 fits).  So those plans alone are solved again, by the same engines,
    with the objective ``total`` (within the answer's time: ``_left``), and the lesser price kept (a search cut
    short keeps the bundle it had); every other plan's shown bundle already has its least price."""
    over = [p for p in priced if not p.within_budget]
    if not over or not budget_first(profile):
        return {}
    total = profile.model_copy(update={"objective": "total"})
    try:
        found = planner.solve(catalogue, total, [p.plan for p in over], engine, _left(deadline),
                              unsure=unsure)[0].choices
    except TooManyCombinations:  # (the enumerator asked for: its own answer stands)
        return {}
    cheaper = {c.plan_id: _priced(catalogue, profile, c) for c in found}

    def least(p: _Priced) -> tuple[int, bool]:  # (of one price, the bundles on no unknown condition: sure_first)
        return p.price_fen, rests_on(unsure, p.choice.bundles)
    return {p.plan.id: min(p, cheaper.get(p.plan.id, p), key=least) for p in over}


def _cheapest(priced: list[_Priced]) -> _Priced | None:
    """The bundle a budget must be raised to the least for (its effective monthly price: what the budget holds):
    ``raise_budget``'s and the ``*_raise_budget`` suggestions' (the first-ranked of equal prices)."""
    return min(priced, key=attrgetter("price_fen"), default=None)
