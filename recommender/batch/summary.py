"""The what-if report document from merged partials: shares, switches, revenue, pay and savings
(exact quantiles from the sparse counters; histograms binned at the end).  ``report`` renders it."""

import datetime
import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import fields, replace
from typing import Literal, cast

import numpy as np

from ..catalogue import Catalogue, Pack, Plan
from ..catalogue.model import ExtraLines, SaleConditions, Tariff, Terms
from ..eligibility import home_today
from ..messages import catalogue as wording
from ..money import fen_to_yuan, format_yuan_short, yuan_to_fen
from .document import (
    PACK_VALUES,
    AddsChange,
    ConditionChange,
    CustomersOnly,
    ExtraLinesChange,
    Histogram,
    NotOnSale,
    OperatorCustomers,
    OperatorRow,
    OtherCurrencyPlan,
    PackChange,
    PlanRow,
    Promotion,
    Savings,
    SavingsHistogram,
    SavingsVsCurrent,
    SegmentColumn,
    SegmentRow,
    Stats,
    Summary,
    Switch,
    TermChange,
    TermName,
    Unchecked,
)
from .whatif import (
    AGE_EDGES,
    CURRENCY,
    DATA_GB_EDGES,
    SEGMENT_COLUMNS,
    SEGMENT_FIELDS,
    Counter,
    Partial,
    band_codes,
    differing,
    in_currency,
    plan_changes,
)

SAVINGS_EDGES_YUAN = (-100, -50, -20, -10, -5, 0, 5, 10, 20, 50, 100)
"""Savings histogram bins: (-inf, -100), …, [-5, 0), exactly 0, (0, 5], …, (100, inf)."""
PAY_EDGES_YUAN = (50, 100, 150, 200, 250, 300, 350, 400, 500, 700, 1000)
"""Pay histogram bins: [0, 50), [50, 100), …, [1000, inf)."""


def quantile(counter: Counter, q: float) -> int | None:
    """Nearest-rank q-quantile: the smallest amount with at least ⌈q·n⌉ profiles at or below it."""
    amounts, counts = counter
    n = int(counts.sum())
    if not n:
        return None
    cumulative = np.cumsum(counts)
    return int(amounts[np.searchsorted(cumulative, max(1, math.ceil(q * n)))])


def stats(counter: Counter) -> Stats:
    amounts, counts = counter
    n = int(counts.sum())
    total = int(sum(int(a) * int(c) for a, c in zip(amounts.tolist(), counts.tolist(), strict=True)))
    return {"profiles": n, "sum_fen": total, "mean_fen": round(total / n, 2) if n else None,
            "median_fen": quantile(counter, 0.5), "p90_fen": quantile(counter, 0.9),
            "min_fen": int(amounts[0]) if n else None, "max_fen": int(amounts[-1]) if n else None}


def _share(counts: int, n: int) -> float:
    return round(counts / n, 6) if n else 0.0


def savings_labels(words: Mapping[str, str], break_before_high: bool = False) -> list[str]:
    """The savings histogram's bins (``savings_histogram``) as ``words`` say a bound or a range (``whatif.bin.*`` of
    ``messages/<lang>.json``): "< -¥100", "-¥100 to -¥50", …, "¥0", …, "> ¥100"; ``break_before_high``: a range's
    upper bound on a line of its own (a chart's narrow slot)."""
    signed = [format_yuan_short(yuan_to_fen(e)) for e in SAVINGS_EDGES_YUAN]
    zero = SAVINGS_EDGES_YUAN.index(0)
    ranges = [words["whatif.bin.range"].format(low=low, high=("\n" if break_before_high else "") + high)
              for low, high in itertools.pairwise(signed)]
    return [words["whatif.bin.below"].format(high=signed[0]), *ranges[:zero], format_yuan_short(0), *ranges[zero:],
            words["whatif.bin.above"].format(low=signed[-1])]


SAVINGS_NOTES = {
    "savings": "savings in yuan a month; negative bins: these profiles pay more after the edit",
    "savings_vs_current": "savings against the current plan in yuan a month, where the person goes with the edit; "
                          "negative bins: these profiles pay more than now because the edit made their own plan dearer "
                          "(its fee, its terms or a pack they need: they stay on it, or leave it for a plan dearer "
                          "than theirs was), removed it, or made it no longer meet their needs, and nothing left to "
                          "them costs what they paid (profiles whose plan does not meet their needs now are left out)",
    "savings_vs_current_before": "savings against the current plan in yuan a month, where the person goes without "
                                 "the edit; no bin is negative: a person leaves their plan only for one that costs "
                                 "less (profiles whose plan does not meet their needs now are left out)",
}
"""Each savings histogram's note, in the document's words (English): what its bins are of (found by the team QA:
the one without the edit said "pay more after the edit"; found by a user test: both said the negative bins were of
people whose plan does not meet their needs, who are left out of both: with the edit they are those the edit made
pay more on their plan, or took it from, and without it there are none)."""


def savings_histogram(counter: Counter, name: str = "savings") -> SavingsHistogram:
    amounts, counts = counter
    edges = [yuan_to_fen(e) for e in SAVINGS_EDGES_YUAN]
    zero = SAVINGS_EDGES_YUAN.index(0)
    values: list[int] = []
    below = [None, *edges[:zero]]
    for lo, hi in zip(below, edges[:zero + 1], strict=True):
        values.append(int(counts[(amounts < hi) & (True if lo is None else amounts >= lo)].sum()))
    values.append(int(counts[amounts == 0].sum()))
    above: list[int | None] = [*edges[zero + 1:], None]
    for low, high in zip(edges[zero:], above, strict=True):
        values.append(int(counts[(amounts > low) & (True if high is None else amounts <= high)].sum()))
    return {"labels": savings_labels(wording("en")), "counts": values,  # (the document's words are English)
            "note": SAVINGS_NOTES[name]}


def pay_histogram(counter: Counter) -> Histogram:
    amounts, counts = counter
    lows = [0, *(yuan_to_fen(e) for e in PAY_EDGES_YUAN)]
    highs: list[int | None] = [*lows[1:], None]
    labels: list[str] = []
    values: list[int] = []
    for lo, hi in zip(lows, highs, strict=True):
        mask = (amounts >= lo) & (True if hi is None else amounts < hi)
        labels.append(f"≥ {format_yuan_short(lo)}" if hi is None else f"{format_yuan_short(lo)}–{fen_to_yuan(hi)}")
        values.append(int(counts[mask].sum()))
    return {"labels": labels, "counts": values}


def _switches(matrix: np.ndarray, rows: Sequence[str | None], cols: Sequence[str | None],
               known_from: bool) -> list[Switch]:
    """Non-zero cells with a different plan on each side (``None``: no plan fits / unknown)."""
    out: list[Switch] = []
    for i, j in zip(*np.nonzero(matrix), strict=True):
        if rows[i] == cols[j] or (known_from and rows[i] is None):
            continue
        out.append({"from": rows[i], "to": cols[j], "profiles": int(matrix[i, j])})
    out.sort(key=lambda s: (-s["profiles"], str(s["from"]), str(s["to"])))
    return out


UNSCORED = frozenset({"extra_lines", "app_data", "benefits"})
"""A plan's changes a population cannot show: a row is one person on one line, so the fee and the allowances of
extra lines (副卡) move no one (found by the what-if QA: a fee raised from ¥10 to ¥60 on the plan 71 % of profiles
took read as changing nothing, without a word).  Nor does a row use app data (it has no app columns) or value
a benefit (it asks for none): an edit to a plan's ``app_data`` (定向流量) or ``benefits`` moves no one either
(found in review).  An added or removed plan's own extra lines, app data and benefits are not scored either (found
by the team QA: a family bundle added with three add-on lines read as taken by 0.10 % of the population, without a
word that no row was a family): ``_unscored``."""


def _unscored(old: Plan | None, new: Plan | None, changes: list[str]) -> list[str]:
    """What a plan row cannot show (``UNSCORED``): a plan of both sides, its changes among them; an added or removed
    one, those it has (in the plan's field order)."""
    if old is not None and new is not None:
        return [c for c in changes if c in UNSCORED]
    plan = new or old
    return [f.name for f in fields(Plan) if f.name in UNSCORED and getattr(plan, f.name)]


def _plan_rows(total: Partial, baseline: Catalogue, candidate: Catalogue, before_ids: list[str | None],
               after_ids: list[str | None], elsewhere: set[str], changes: dict[str, list[str]]) -> list[PlanRow]:
    """Every plan of either catalogue (those the population compares): status, fee, profiles, share and
    revenue before and after; ``elsewhere``: plans the other catalogue prices in another currency."""
    n = total.profiles
    ids = [p.id for p in baseline.plans] + [p.id for p in candidate.plans if p.id not in baseline.plan_index]
    before, after = {pid: i for i, pid in enumerate(before_ids)}, {pid: j for j, pid in enumerate(after_ids)}
    plans: list[PlanRow] = []
    for pid in ids:
        old, new = baseline.plan_index.get(pid), candidate.plan_index.get(pid)
        i = before[pid] if old else None
        j = after[pid] if new else None
        ref = new or old
        assert ref is not None
        plans.append({
            "plan_id": pid, "operator": ref.operator, "name": ref.name,
            "status": "other_currency" if pid in elsewhere else "added" if old is None else
                      "removed" if new is None else
                      "changed" if changes.get(pid) else "unchanged",
            "fee_fen_before": old.fee_fen if old else None, "fee_fen_after": new.fee_fen if new else None,
            "changes": changes.get(pid, []),
            "unscored": [] if pid in elsewhere else _unscored(old, new, changes.get(pid, [])),
            "profiles_before": int(total.before[i]) if i is not None else 0,
            "profiles_after": int(total.after[j]) if j is not None else 0,
            "share_before": _share(int(total.before[i]), n) if i is not None else 0.0,
            "share_after": _share(int(total.after[j]), n) if j is not None else 0.0,
            "revenue_fen_before": int(total.revenue_before[i]) if i is not None else 0,
            "revenue_fen_after": int(total.revenue_after[j]) if j is not None else 0,
        })
        if old is not None and new is not None and "rule" in changes.get(pid, []):
            plans[-1]["conditions"] = condition_changes(old.rule, new.rule)
        if old is not None and new is not None and "terms" in changes.get(pid, []):
            plans[-1]["terms"] = term_changes(old.terms, new.terms)
        if old is not None and new is not None and "tariffs" in changes.get(pid, []):
            plans[-1]["allowances"], plans[-1]["overage"] = tariff_changes(old, new)
        if old is not None and new is not None and "extra_lines" in changes.get(pid, []):
            plans[-1]["extra_lines"] = extra_lines_changes(old.extra_lines, new.extra_lines)
    return plans


def extra_lines_changes(old: ExtraLines | None, new: ExtraLines | None) -> list[ExtraLinesChange]:
    """What an edit changed in a plan's extra lines (副卡), each part before and after: how many, the fee of each,
    the meters pooled, what each adds of a meter (no extra lines: 0 and [])."""
    def parts(lines: ExtraLines | None) -> dict[str, int | list[str]]:
        if lines is None:
            return {"max": 0, "fee_fen": 0, "shared": []}
        return {"max": lines.max, "fee_fen": lines.fee_fen, "shared": sorted(lines.shared)}
    was, now = parts(old), parts(new)
    out: list[ExtraLinesChange] = [{"field": field, "before": was[field], "after": now[field]}
                                   for field in ("max", "fee_fen", "shared") if was[field] != now[field]]
    each_was, each_now = (dict(lines.per_line) if lines else {} for lines in (old, new))
    out.extend({"field": "per_line", "meter": meter, "before": each_was.get(meter, 0), "after": each_now.get(meter, 0)}
               for meter in dict.fromkeys([*each_was, *each_now]) if each_was.get(meter, 0) != each_now.get(meter, 0))
    return out


def tariff_changes(old: Plan, new: Plan) -> tuple[list[AddsChange], list[str]]:
    """What an edit changed in a plan's tariffs: each allowance changed, before and after (as a pack's ``adds``), and
    the meters billed otherwise beyond it (found by a user test: a plan's allowance edit said "allowances or rates",
    where a pack's said "what it adds: data 10 GB → 15 GB")."""
    meters = dict.fromkeys([*old.tariffs, *new.tariffs])
    none = Tariff(0)
    was = {m: old.tariffs.get(m, none) for m in meters}
    now = {m: new.tariffs.get(m, none) for m in meters}
    allowances: list[AddsChange] = [{"meter": m, "before": was[m].included, "after": now[m].included}
                                    for m in meters if was[m].included != now[m].included]
    return allowances, [m for m in meters if replace(was[m], included=0) != replace(now[m], included=0)]


def _operator_rows(plans: list[PlanRow], baseline: Catalogue, candidate: Catalogue, n: int) -> list[OperatorRow]:
    operators: list[OperatorRow] = []
    for op in dict.fromkeys([*baseline.operators, *candidate.operators]):
        mine = [p for p in plans if p["operator"] == op]
        if not mine:
            continue
        before = sum(p["profiles_before"] for p in mine)
        after = sum(p["profiles_after"] for p in mine)
        operators.append({"operator": op, "profiles_before": before, "profiles_after": after,
                          "revenue_fen_before": sum(p["revenue_fen_before"] for p in mine),
                          "revenue_fen_after": sum(p["revenue_fen_after"] for p in mine),
                          "share_before": _share(before, n), "share_after": _share(after, n)})
    return operators


def _customers(total: Partial, baseline: Catalogue, candidate: Catalogue) -> list[OperatorCustomers]:
    """Each operator's customers now and where people go without the edit and with it (``OperatorCustomers``)."""
    ops_b = np.array(["", *(p.operator for p in baseline.plans)])  # (index 0: unknown plan, or nowhere)
    ops_c = np.array(["", *(p.operator for p in candidate.plans)])
    rows: list[OperatorCustomers] = []
    for op in dict.fromkeys([*baseline.operators, *candidate.operators]):
        mine_b, mine_c = ops_b == op, ops_c == op
        if not mine_b.any() and not mine_c.any():
            continue
        before, after = total.went_before, total.current_switch
        rows.append({
            "operator": op, "customers_now": int(before[mine_b].sum()),
            "revenue_fen_now": int(total.current_revenue[mine_b].sum()),
            "customers_fitting_now": int(total.current_fitting[mine_b].sum()),
            "kept_before": int(before[np.ix_(mine_b, mine_b)].sum()),
            "kept_after": int(after[np.ix_(mine_b, mine_c)].sum()),
            "won_before": int(before[np.ix_(~mine_b, mine_b)][1:].sum()),  # (row 0: no known current plan)
            "won_after": int(after[np.ix_(~mine_b, mine_c)][1:].sum()),
            "revenue_fen_before": int(total.went_revenue_before[mine_b].sum()),
            "revenue_fen_after": int(total.went_revenue_after[mine_c].sum()),
        })
    return rows


def _without_edit(moves: list[Switch], total: Partial, before_ids: list[str | None]) -> list[Switch]:
    """The moves from the current plan, each with how many would make it without the edit."""
    at = {pid: i for i, pid in enumerate(before_ids)}
    return [{**s, "profiles_without_edit": int(total.went_before[at[s["from"]], at[s["to"]]])
             if s["to"] in at else 0} for s in moves]


def _vs_current(total: Partial, name: str) -> SavingsVsCurrent:
    """Savings against the current plan (with the edit, or without it: ``name``), with their histogram."""
    return {**stats(total.counters[name]), "histogram": savings_histogram(total.counters[name], name)}


def _savings(total: Partial) -> Savings:
    amounts, counts = total.counters["savings"]
    m = int(counts.sum())
    savings: Savings = {**stats(total.counters["savings"]),
                        "share_saving": _share(int(counts[amounts > 0].sum()), m),
                        "share_paying_more": _share(int(counts[amounts < 0].sum()), m),
                        "share_unchanged": _share(int(counts[amounts == 0].sum()), m),
                        "histogram": savings_histogram(total.counters["savings"])}
    return savings


SEGMENT_MOVES = 5
"""The moves each segment's row lists (``top``), the most common first; ``pairs`` counts them all."""


def _mean(total: int, n: int) -> float | None:
    return round(total / n, 2) if n else None


def segments(total: Partial, before_ids: Sequence[str | None], after_ids: Sequence[str | None]) -> list[SegmentColumn]:
    """The figures broken down by who the people are (``whatif.SEGMENT_COLUMNS``: region, age band, data band), each
    segment's from the same scores as the whole (``whatif.partial``): a column the population lacks is listed with
    ``in_population`` false and no segments.  Regions in code order, bands low to high; rows that do not say last."""
    out: list[SegmentColumn] = []
    for name in SEGMENT_COLUMNS:
        found = {code: counts for (column, code), counts in total.segments.items()
                 if column == name and name in total.segment_columns}  # (no batch has it: its rows not made up)
        order = sorted(found, key=lambda code: (code is None, code or "")) if name == "region" else \
            [code for code in [*band_codes(name), None] if code in found]
        moves: dict[str | None, list[Switch]] = {}
        for (column, code, i, j), n in total.segment_moves.items():
            if column == name:
                moves.setdefault(code, []).append({"from": before_ids[i], "to": after_ids[j], "profiles": n})
        rows: list[SegmentRow] = []
        for code in order:
            f = dict(zip(SEGMENT_FIELDS, found[code], strict=True))
            mine = sorted(moves.get(code, []), key=lambda s: (-s["profiles"], str(s["from"]), str(s["to"])))
            row: SegmentRow = {
                "segment": code, **_bounds(name, code),  # type: ignore[typeddict-item]  # (low and high: bands only)
                "profiles": f["profiles"], "no_fit_before": f["no_fit_before"], "no_fit_after": f["no_fit_after"],
                "changed_best_plan": f["changed_best_plan"],
                "share_changed_best_plan": _share(f["changed_best_plan"], f["profiles"]),
                "profiles_fitting_both": f["profiles_fitting_both"],
                "savings_fen": f["saved_fen"] - f["extra_cost_fen"],
                "mean_savings_fen": _mean(f["saved_fen"] - f["extra_cost_fen"], f["profiles_fitting_both"]),
                "profiles_saving": f["profiles_saving"], "saved_fen": f["saved_fen"],
                "mean_saved_fen": _mean(f["saved_fen"], f["profiles_saving"]),
                "profiles_paying_more": f["profiles_paying_more"], "extra_cost_fen": f["extra_cost_fen"],
                "mean_extra_cost_fen": _mean(f["extra_cost_fen"], f["profiles_paying_more"]),
                "revenue_fen_before": f["revenue_fen_before"], "revenue_fen_after": f["revenue_fen_after"],
                "changed_plan": f["changed_plan"], "changed_plan_before": f["changed_plan_before"],
                "top": mine[:SEGMENT_MOVES], "pairs": len(mine)}
            rows.append(row)
        out.append({"column": name, "in_population": name in total.segment_columns, "segments": rows})
    return out


def _bounds(column: str, code: str | None) -> dict[str, int | None]:
    """A band's bounds (``low`` in it, ``high`` not; None: open), none for a region or the rows that do not say."""
    if column == "region" or code is None:
        return {}
    edges = AGE_EDGES if column == "age" else DATA_GB_EDGES
    k = band_codes(column).index(code)
    return {"low": ([0, *edges])[k], "high": edges[k] if k < len(edges) else None}


def _pack_change(baseline: Catalogue, candidate: Catalogue, old: Pack, new: Pack) -> PackChange:
    """What an edit changed in a pack of both catalogues (``PackChange``)."""
    found, moved = _pack_changes(baseline, candidate, old, new)
    change: PackChange = {"pack_id": new.id, "changes": found, "price_fen_before": old.price_fen,
                          "price_fen_after": new.price_fen}
    if "rule" in found:
        change["conditions"] = condition_changes(old.rule, new.rule)
    if moved:
        change["sold_apart_now"], change["sold_together_again"] = _sold_apart(baseline, candidate, old, new, moved)
    if "install_fen" in found:  # (found by the product-team walk-through: "installation fee" alone)
        change["install_fen_before"], change["install_fen_after"] = old.install_fen, new.install_fen
    values = cast(dict[str, object], change)  # (found by the user test: "most a month" alone, 31 → 15 said nowhere)
    for name in found:
        if name in PACK_VALUES:
            values[f"{name}_before"], values[f"{name}_after"] = getattr(old, name), getattr(new, name)
    if "adds" in found:  # (found by the product team: "what it adds" alone, where a price is said with its amounts)
        change["adds"] = [{"meter": meter, "before": old.adds.get(meter, 0), "after": new.adds.get(meter, 0)}
                          for meter in dict.fromkeys([*old.adds, *new.adds])
                          if old.adds.get(meter, 0) != new.adds.get(meter, 0)]
    return change


def condition_changes(old: SaleConditions, new: SaleConditions) -> list[ConditionChange]:
    """Each condition of sale an edit changed, before and after, JSON-ready (found by the team QA: a pack limited
    to three provinces was said "conditions of sale", not which).  Whether they rest on an assumption is a figure
    source (``assumed``), said as such by ``plan_changes``' other fields."""
    def plain(value: object) -> str | int | bool | list[str] | None:
        if isinstance(value, frozenset):
            return sorted(value)
        if isinstance(value, datetime.date):
            return value.isoformat()
        assert value is None or isinstance(value, str | int | bool), value
        return value
    return [{"condition": f.name, "before": plain(getattr(old, f.name)), "after": plain(getattr(new, f.name))}
            for f in fields(SaleConditions) if f.name != "assumed" and getattr(old, f.name) != getattr(new, f.name)]


def term_changes(old: Terms, new: Terms) -> list[TermChange]:
    """Each contract term an edit changed, before and after, JSON-ready (found by the product-team walk-through: a
    launch offer added to a plan was said "contract terms", not which, where a fee is said with its amounts)."""
    def plain(value: int | tuple[tuple[int, int], ...]) -> int | list[Promotion]:
        if isinstance(value, tuple):
            return [{"first_months": months, "monthly_fee_fen": fee} for months, fee in value]
        return value
    return [{"term": cast(TermName, f.name), "before": plain(getattr(old, f.name)),
             "after": plain(getattr(new, f.name))}
            for f in fields(Terms) if getattr(old, f.name) != getattr(new, f.name)]


WRITTEN = {"excludes": lambda spec: frozenset(spec.excludes),
           "plans": lambda spec: None if spec.allowed_plans is None else frozenset(spec.allowed_plans)}
"""The fields of a compiled pack that conditions of sale add to (``catalogue.model.sold_together``: no one may buy
it with a plan or pack whose conditions they cannot meet too), with what the pack's file writes of each."""


def _pack_changes(baseline: Catalogue, candidate: Catalogue, old: Pack, new: Pack) -> tuple[list[str], list[str]]:
    """What an edit changed in a pack (``differing``); its packs and plans kept apart by conditions of sale
    (``WRITTEN``) where its file wrote them as before are ``sold_apart``: found by the team QA, a pack limited to
    two provinces listed six packs of other provinces as changed "(excludes)", which no one had edited.  With the
    fields so moved (``_sold_apart`` reads them)."""
    changes = differing(old, new)
    apart = _apart_fields(baseline, candidate, old, new, changes)
    return [f for f in changes if f not in apart] + (["sold_apart"] if apart else []), apart


def _apart_fields(baseline: Catalogue, candidate: Catalogue, old: Pack, new: Pack, changes: list[str]) -> list[str]:
    """The fields of ``WRITTEN`` among ``changes`` that the pack's file writes as before (conditions of sale moved
    them)."""
    was, now = baseline.pack_spec(old.id), candidate.pack_spec(new.id)
    return [f for f, written in WRITTEN.items() if f in changes and was is not None and now is not None
            and written(was) == written(now)]


def _sold_apart(baseline: Catalogue, candidate: Catalogue, old: Pack, new: Pack, fields_moved: list[str]
                ) -> tuple[list[str], list[str]]:
    """The plans and packs of both catalogues the pack can no longer be bought with, and those it can again, in the
    ``fields_moved`` by conditions of sale, not its file (``sold_apart``; found by the what-if product manager:
    "plans or packs no one may buy it with" named none)."""
    ours = [{p.id for p in side.plans if p.operator == new.operator} for side in (baseline, candidate)]
    plans = ours[0] & ours[1]
    packs = {p.id for p in baseline.packs} & {p.id for p in candidate.packs}
    with_ = [set(pack.plans) & plans if pack.plans is not None else plans for pack in (old, new)]
    now = sorted(with_[0] - with_[1]) if "plans" in fields_moved else []
    again = sorted(with_[1] - with_[0]) if "plans" in fields_moved else []
    if "excludes" in fields_moved:
        now += sorted((new.excludes - old.excludes) & packs)
        again += sorted((old.excludes - new.excludes) & packs)
    return now, again


def summarise(total: Partial, baseline: Catalogue, candidate: Catalogue, as_of: datetime.date | None = None) -> Summary:
    """The report document (JSON-ready): shares, switches, revenue, pay and savings.  Plans priced in
    another currency than the population's are not compared (``in_currency``): each catalogue names them
    (``other_currency_plans``), and a plan priced in the population's currency on one side only is neither
    added nor removed but ``other_currency``.  Each catalogue names the plans and packs not on sale on ``as_of``,
    the day the population was scored (``not_on_sale``; by default today, as ``whatif.Scorer`` reads them)."""
    day = as_of or home_today()
    other = {"baseline": _other_currency(baseline), "candidate": _other_currency(candidate)}
    off_sale = {"baseline": _not_on_sale(baseline, day), "candidate": _not_on_sale(candidate, day)}
    unchecked = {"baseline": _unchecked(baseline), "candidate": _unchecked(candidate)}
    customers_only = {"baseline": _customers_only(baseline), "candidate": _customers_only(candidate)}
    ends_later = _sale_ends_later(baseline, candidate, day)
    baseline, candidate = in_currency(baseline), in_currency(candidate)
    elsewhere = {p["plan_id"] for side in other.values() for p in side}
    n = total.profiles
    before_ids: list[str | None] = [None, *(p.id for p in baseline.plans)]
    after_ids: list[str | None] = [None, *(p.id for p in candidate.plans)]
    changes = {p.id: plan_changes(baseline, candidate, p) for p in candidate.plans
               if p.id in baseline.plan_index and p.id not in elsewhere}
    changed = {pid for pid, found in changes.items() if found}
    plans = _plan_rows(total, baseline, candidate, before_ids, after_ids, elsewhere, changes)
    operators = _operator_rows(plans, baseline, candidate, n)
    rev_before, rev_after = int(total.revenue_before.sum()), int(total.revenue_after.sum())
    switches = _switches(total.switch, before_ids, after_ids, known_from=False)
    current_switches = _switches(total.current_switch, before_ids, after_ids, known_from=True)
    pack_changes = [_pack_change(baseline, candidate, old, p) for p in candidate.packs
                    if (old := baseline.pack_index.get(p.id)) is not None and old != p]
    vs_current, vs_current_before = (_vs_current(total, name) for name in ("savings_vs_current",
                                                                             "savings_vs_current_before"))
    return {
        "profiles": n,
        "no_fit": {"before": int(total.before[0]), "after": int(total.after[0])},
        "baseline": {"version": baseline.version, "plans": len(baseline.plans), "packs": len(baseline.packs),
                     "other_currency_plans": other["baseline"], "not_on_sale": off_sale["baseline"],
                     "unchecked": unchecked["baseline"], "customers_only": customers_only["baseline"]},
        "candidate": {"version": candidate.version, "plans": len(candidate.plans), "packs": len(candidate.packs),
                      "other_currency_plans": other["candidate"], "not_on_sale": off_sale["candidate"],
                      "unchecked": unchecked["candidate"], "customers_only": customers_only["candidate"],
                      "changed_plans": sorted(changed),
                      "added_plans": [p.id for p in candidate.plans
                                      if p.id not in baseline.plan_index and p.id not in elsewhere],
                      "removed_plans": [p.id for p in baseline.plans
                                        if p.id not in candidate.plan_index and p.id not in elsewhere],
                      "changed_packs": [change["pack_id"] for change in pack_changes],
                      "pack_changes": pack_changes,
                      "added_packs": [p.id for p in candidate.packs if p.id not in baseline.pack_index],
                      "removed_packs": [p.id for p in baseline.packs if p.id not in candidate.pack_index],
                      "sale_ends_later": ends_later},
        "plans": plans,
        "operators": operators,
        "customers": _customers(total, baseline, candidate),
        "revenue": {"total_fen_before": rev_before, "total_fen_after": rev_after,
                    "change_fen": rev_after - rev_before,
                    "definition": wording("en")["whatif.revenue_definition"]},
        "switches": {"changed_best_plan": sum(s["profiles"] for s in switches),
                     "top": switches[:50], "pairs": len(switches)},
        "current_switches": {"unknown_current_plan": int(total.current_switch[0].sum()),
                             "changed_plan": sum(s["profiles"] for s in current_switches),
                             "changed_plan_before": sum(s["profiles"] for s in _switches(
                                 total.went_before, before_ids, before_ids, known_from=True)),
                             "top": _without_edit(current_switches[:50], total, before_ids),
                             "pairs": len(current_switches)},
        "pay": {"before": stats(total.counters["pay_before"]), "after": stats(total.counters["pay_after"]),
                "current": {**stats(total.counters["pay_current"]), "current_plan_does_not_fit": total.current_unfit},
                "histogram_before": pay_histogram(total.counters["pay_before"]),
                "histogram_after": pay_histogram(total.counters["pay_after"])},
        "savings": _savings(total),
        "savings_vs_current": vs_current,
        "savings_vs_current_before": vs_current_before,
        "quantiles": wording("en")["whatif.quantiles"],
        "rows_without_current_plan": total.unnamed_current,
        "segments": segments(total, before_ids, after_ids),
    }


def _compared(catalogue: Catalogue) -> list[tuple[Literal["plan", "pack"], Plan | Pack]]:
    """The catalogue's plans in the population's currency and their operators' packs (the review: another currency's
    packs were listed too)."""
    plans = [p for p in catalogue.plans if p.currency == CURRENCY]
    operators = {p.operator for p in plans}
    return [*(("plan", p) for p in plans), *(("pack", p) for p in catalogue.packs if p.operator in operators)]


def _not_on_sale(catalogue: Catalogue, day: datetime.date) -> list[NotOnSale]:
    """The catalogue's plans and packs compared (``_compared``) not on sale on ``day`` (found by the product QA: a
    plan added with a later ``available_from`` took 0.00 % of the population, and nothing said why)."""
    return [_window(kind, item) for kind, item in _compared(catalogue) if not item.rule.on_sale(day)]


def _sale_ends_later(baseline: Catalogue, candidate: Catalogue, day: datetime.date) -> list[NotOnSale]:
    """The candidate's plans and packs compared (``_compared``), on sale on ``day``, whose sale the edit ends on or
    after it (an ``available_until`` the baseline's same plan or pack does not have): scored as on sale (found by the
    team QA: a plan's sale ended at the year's end was listed as changed and moved no one, without a word)."""
    until = {(kind, item.id): item.rule.available_until for kind, item in _compared(baseline)}
    return [_window(kind, item) for kind, item in _compared(candidate)
            if item.rule.available_until is not None and item.rule.on_sale(day)
            and until.get((kind, item.id), item.rule.available_until) != item.rule.available_until]


def _window(kind: Literal["plan", "pack"], item: Plan | Pack) -> NotOnSale:
    """A plan's or pack's sale window as the document says it."""
    start, end = item.rule.available_from, item.rule.available_until
    return {"id": item.id, "kind": kind, "available_from": None if start is None else start.isoformat(),
            "available_until": None if end is None else end.isoformat()}


def _unchecked(catalogue: Catalogue) -> list[Unchecked]:
    """The catalogue's plans and packs compared (``_compared``) sold only to a membership or a group, which a
    population does not name (found by the product QA: 304 people moved to China Mobile's plans for 全球通 members
    in a what-if, none known to be one, and the report did not say it)."""
    return [{"id": item.id, "kind": kind, "members_of": sorted(item.rule.members_of),
             "groups": sorted(item.rule.groups)}
            for kind, item in _compared(catalogue) if item.rule.members_of or item.rule.groups]


def _customers_only(catalogue: Catalogue) -> list[CustomersOnly]:
    """The catalogue's plans and packs compared kept for the people on them or sold to an operator's existing or new
    customers: a row naming no current plan is counted as one who may buy them (found by the what-if user test: with no
    current_plan column a legacy ¥59 plan kept for its holders came out best for 80 % of the people, and an edit making
    a plan holders-only changed nothing, without a word)."""
    return [{"id": item.id, "kind": kind, "holders_only": item.rule.holders_only, "customers": item.rule.customers}
            for kind, item in _compared(catalogue) if item.rule.holders_only or item.rule.customers != "any"]


def _other_currency(catalogue: Catalogue) -> list[OtherCurrencyPlan]:
    """The catalogue's plans that the population, scored in ``whatif.CURRENCY``, does not compare."""
    return [{"plan_id": p.id, "operator": p.operator, "currency": p.currency}
            for p in catalogue.plans if p.currency != CURRENCY]

