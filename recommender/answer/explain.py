"""What one shown plan's recommendation says: its bill line by line (one month's, or a line a month), the needs
with what meets them, the packs and what each is bought for, headroom, benefits, conditions of sale, contract terms,
and a household's bill split by line.  Every figure comes from the cost model's pricing of the engine's bundles."""

from typing import Any

from ..catalogue import Catalogue, Plan
from ..catalogue.model import UNLIMITED
from ..cost import (
    METER_LABELS,
    Bundle,
    Costing,
    History,
    allowance,
    bought,
    bundles_one_off,
    contract_terms,
    general_data,
    needed_for,
    resolve,
    sims,
)
from ..eligibility import Assessment
from ..messages import Message, message
from ..objective import kept
from ..profile import Profile
from ..usage import billed, months_of, pooled_use
from .current import savings_of
from .document import Household, InvoiceLine, Recommendation, money_text
from .priced import Priced


def explained(catalogue: Catalogue, profile: Profile, priced: Priced, rank: int | None,
              optimal: bool, current: int | None, assessment: Assessment) -> Recommendation:
    """The recommendation of ``priced`` at ``rank`` (None: an operator's best not shown): its bundles priced line by
    line (``Priced.history``), what they meet, its savings against ``current`` (what is paid now), its conditions of
    sale as ``assessment`` reads them; ``optimal``: whether the engines proved the answer."""
    plan, history = priced.plan, priced.history(catalogue, profile)
    priced_months = history.months
    first = priced_months[0]
    one_month = len(priced_months) == 1
    currency = plan.currency
    labels = months_of(profile)
    demands = billed(profile, plan)
    savings = None if current is None else savings_of(profile, plan, priced.price_fen, current)
    needs: dict[str, dict[str, Any]] = {}
    # needs met on an estimate in some month (found in review: only the tightest month's word was said, so the
    # months' order decided whether a need met on a per-use pack's assumed speed in one of them said so)
    estimated: set[str] = set()
    for costing in priced_months:  # the tightest month for each need (the first of equally tight ones)
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
    total_yuan = money_text(total_fen, currency)  # (one month: that month's too)
    months = [{
        "month": label,
        "packs": packs if costing is first else _packs(catalogue, profile, costing.bundle, costing, lines),
        "total_fen": costing.total_fen,
        "total_yuan": total_yuan if one_month else money_text(costing.total_fen, currency),
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
    mine = kept(plan, profile)  # (a plan kept, their own or one kept for its holders: as they pay it, ``price_choice``)
    terms = priced.terms if mine else history.contract
    effective = terms.effective_monthly_fen
    return Recommendation(
        rank=rank,
        operator=plan.operator,
        plan_id=plan.id,
        plan_name=plan.name,
        packs=packs,
        total_fen=total_fen,
        total_yuan=total_yuan,
        breakdown=list(invoices[0]) if one_month else _lines(history, currency, labels, profile.records is not None),
        needs=list(needs.values()),
        needs_met=True,  # (``Priced.history`` refuses a choice whose months do not meet them)
        headroom=headroom,
        benefits_met=sorted(wanted & benefits) if wanted else [],
        benefits_missing=sorted(wanted - benefits) if wanted else [],
        savings=savings,
        optimal=optimal,
        currency=currency,
        months=months,
        first_month_fen=terms.first_month_fen,
        effective_monthly_fen=effective,
        effective_monthly_yuan=total_yuan if effective == total_fen else money_text(effective, currency),
        horizon_months=terms.horizon_months,
        horizon_total_fen=terms.horizon_total_fen,
        ranking_fen=priced.ranking_fen,
        worst_month_fen=priced.worst_fen,
        conditions=assessment.listed(plan.id, pack_ids),
        assumed_fen=history.assumed_fen,
        benefit_value_fen=priced.benefit_value_fen,
        household=household_split(catalogue, profile, history, paid=mine),
        # (a plan kept: what binds it still, the minimum term, which binds leaving it, and the minimum spend; found
        # in review, the person's own plan said nothing of its term; and its packs' installation fees, taken as paid)
        terms=_kept_terms(catalogue, plan, [c.bundle for c in priced_months]) if mine else
        contract_terms(catalogue, plan, [c.bundle for c in priced_months], terms.horizon_months),
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


def _invoice(costing: Costing, currency: str) -> list[InvoiceLine]:
    return [InvoiceLine(line.label, line.kind, line.ref, line.fen, currency, line.assumed, line.owner)
            for line in costing.lines]


def _lines(history: History, currency: str, labels: list[str], calendar: bool) -> list[InvoiceLine]:
    """A history's breakdown: one line per month (a single month's is its invoice, ``_invoice``), the months of
    records by their calendar month (``line.month.calendar``: 2025-03, where 第2025-03个月 read "the 2025-03rd
    month"; found by the integrator test), a history's by their number (``line.month``: month 2, 第2个月)."""
    code = "line.month.calendar" if calendar else "line.month"
    return [InvoiceLine(message(code, month=label), "month", label, c.total_fen, currency, c.assumed_fen > 0)
            for label, c in zip(labels, history.months, strict=True)]


STILL_BINDING = ("term.minimum_term", "term.minimum_spend")
"""The terms of a plan kept (``objective.kept``) that bind the people on it still (its promotions and one-off fees
are past: ``objective.staying``)."""


def _kept_terms(catalogue: Catalogue, plan: Plan, bundles: list[Bundle]) -> list[Message]:
    """A plan kept's terms: those that bind it still (``STILL_BINDING``), and each pack bought's installation fee,
    taken as paid (``term.installation`` with ``paid``: ``objective.staying`` prices it so, as by someone on the plan
    who has the pack; found by the contract-horizon test, a broadband pack's ¥200.00 installation went unsaid on a plan
    kept for its holders, where ``terms`` named it on every other plan)."""
    said = contract_terms(catalogue, plan, bundles)
    return [t for t in said if t.code in STILL_BINDING] + [
        message(t.code, **t.params, paid=True) for t in said if t.code == "term.installation"]


def household_split(catalogue: Catalogue, profile: Profile, history: History, paid: bool = False
                    ) -> Household | None:
    """A household bundle's bill by line, and how much of each shared pool the household uses
    (None for a one-line profile).  Every fen comes from the cost model's invoice lines.  ``paid``: on a plan kept
    (``objective.kept``), its packs' installation fees are paid, as its price says (found in review: the card said
    "one-off fees ¥120.00 (installation)" beside a price without them)."""
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
                     0 if paid else bundles_one_off(catalogue, [c.bundle for c in history.months]))
