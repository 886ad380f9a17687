"""The answer's types (``Answer``, ``Recommendation``, ``Exclusion``, a household's ``SeparateLines`` ...) and the
document they are written as: built field by field, every ``Message`` worded in the language an adapter asks for
(``worded``, remembered per message), money as ``money_text``."""

import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from ..catalogue import Catalogue
from ..eligibility import Condition, rests_on_unknown
from ..messages import Message, Names, names_for, render
from ..money import format_money
from ..objective import within_budget


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

    @property
    def unsure(self) -> bool:
        """Whether it rests on a condition of sale the profile leaves unknown (its "only if")."""
        return rests_on_unknown(self.conditions)


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
    sure: "SeparateLines | None" = None
    """When a line's plan rests on a condition of sale the profile leaves unknown (``only_if``): the set on plans
    each line may surely buy (those lines answered strictly, the others as they are), beside it (found by the
    family's user test: ¥118.00 on two 59-yuan plans kept for the people already on them, ¥376.00 on plans anyone
    may buy, and only the first said)."""

    def saves_fen(self, best_fen: int | None) -> int | None:
        """What a household bundle of effective monthly price ``best_fen`` saves a month against these plans
        (negative: they cost less; None: no bundle, or a line without a plan)."""
        effective = self.effective_monthly_fen
        return None if effective is None or best_fen is None else effective - best_fen

    @property
    def only_if(self) -> bool:
        """Whether a line's plan rests on a condition of sale the profile leaves unknown (review: the set was
        suggested at its price with nothing said of the 59-yuan plans only the people already on them keep)."""
        return any(line.recommendation.unsure for line in self.lines if line.recommendation is not None)

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
    def ranking_fen(self) -> int | None:
        """Every line's ranking measure summed, its price less what its benefits are worth to the person (the
        holder's line's), as a household bundle's ``ranking_fen`` (None: a line has no plan)."""
        recs = [line.recommendation for line in self.lines]
        return sum(r.ranking_fen for r in recs if r is not None) if self.complete else None

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
    nothing_fits: Message | None = None
    """When the search ends with nothing that fits (``infeasible``): why (``suggestions.why_nothing_fits``)."""

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
        text = worded(lang, names)
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
            "nothing_fits": None if self.nothing_fits is None else message_doc(self.nothing_fits, text),
        }
        if self.separate_lines is not None:
            doc["separate_lines"] = _separate_doc(self.separate_lines, text, self.best_fen)
        return doc

    @property
    def household_saves_fen(self) -> int | None:
        """What the household's best bundle saves a month against the separate plans (effective monthly prices
        in the profile's currency; negative: the separate plans cost less; None: not a household, or a side
        without a plan)."""
        return None if self.separate_lines is None else self.separate_lines.saves_fen(self.best_fen)

    @property
    def best_fen(self) -> int | None:
        """The first recommendation's effective monthly price in the profile's currency (None: none)."""
        return self.recommendations[0].price_fen if self.recommendations else None

    def document(self, catalogue: Catalogue, lang: str = "en", detail: Iterable[str] = ()) -> dict[str, Any]:
        """``to_dict`` with the plan files' names of operators, plans and packs: what the API sends."""
        return self.to_dict(lang, names_for(catalogue, lang), detail)


_RENDERED: dict[tuple[object, ...], str] = {}


_RENDERED_MAX = 8192


def worded(lang: str, names: Names | None) -> Callable[[Message], str]:
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
"""The types of a message parameter ``worded``'s key takes as they are (each value with its type: ``True`` and ``1``
are worded differently); any other (lists, mappings, decimals, subclasses) goes through ``_frozen``."""


def _frozen(params: Mapping[str, Any]) -> tuple[object, ...]:
    out: list[object] = []
    for key, value in params.items():
        if isinstance(value, list | tuple):  # items with their types: True and 1 are worded differently
            value = ("[]", *((type(item), item) for item in value))
        out.append((key, type(value), value))
    hash(tuple(out))
    return tuple(out)


money_text = functools.lru_cache(maxsize=4096, typed=True)(format_money)
"""``format_money`` for the document's invoice lines and the recommendations' totals, remembered: a document has a
dozen or more lines, each worded with its amount (about 1 µs each, a fifth of the document's build), and answers repeat
the same fees, pack prices, overage amounts and totals (the bench's random profiles: 647 amounts across 300 answers'
4,800 lines)."""


def message_doc(msg: Message, text: Callable[[Message], str]) -> dict[str, Any]:
    """A worded message as the answer documents carry it (``/api/v1``'s ``terms`` and ``advice``, TMF680's ``term``)."""
    return {"code": msg.code, "params": dict(msg.params), "text": text(msg)}


def _line_doc(line: "InvoiceLine", text: Callable[[Message], str], household: bool = False) -> dict[str, Any]:
    doc = {"item": text(line.label), "kind": line.kind, "ref": line.ref, "fen": line.fen,
           "yuan": money_text(line.fen, line.currency), "assumed": line.assumed,
           "label": {"code": line.label.code, "params": dict(line.label.params)}}
    if household:  # whose line it is: 0 the holder, i the i-th extra line, null shared
        doc["owner"] = line.owner
    return doc


def condition_doc(c: Condition, text: Callable[[Message], str]) -> dict[str, Any]:
    """A condition of sale as the answer documents carry it (``/api/v1``'s ``conditions``, TMF680's ``condition``)."""
    return {"code": c.code, "params": dict(c.params), "status": c.status, "ref": c.ref, "text": text(c.message),
            "assumed": c.assumed}


def _household_doc(h: Household) -> dict[str, Any]:
    return {"lines": h.lines, "names": list(h.names), "per_line_fen": list(h.per_line_fen),
            "shared_fen": h.shared_fen, "one_off_fen": h.one_off_fen,
            "shared_pool_use": {meter: dict(use) for meter, use in h.shared_pool_use.items()}}


def _separate_doc(separate: SeparateLines, text: Callable[[Message], str], best_fen: int | None) -> dict[str, Any]:
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
    sure = separate.sure
    return {
        "lines": lines,
        **({"sure": _separate_doc(sure, text, best_fen)} if sure is not None else {}),
        "complete": separate.complete,
        "total_fen": total,
        "total_yuan": None if total is None else format_money(total, separate.currency),
        "effective_monthly_fen": effective,
        "currency": separate.currency,
        "household_saves_fen": separate.saves_fen(best_fen),
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
