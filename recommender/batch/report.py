"""The what-if report for people: a terminal summary and a self-contained HTML page.

The HTML has inline CSS and inline SVG charts only (no scripts, fonts or links to fetch), so it
opens offline from a file or an e-mail attachment.  Both are worded in one language (``Wording``: ``whatif.*`` of
``messages/<lang>.json``); the document they are made from is the same in every language.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from html import escape
from typing import Any

from ..catalogue.model import UNLIMITED
from ..messages import HTML_LANG, Names, Naming, columns, message, need_text, quantity, render, singular
from ..messages import catalogue as wording
from ..money import fen_to_yuan, format_yuan, format_yuan_rounded
from .document import (
    PACK_VALUES,
    AddsChange,
    ConditionChange,
    ExtraLinesChange,
    OperatorCustomers,
    OperatorRow,
    PackChange,
    PlanRow,
    Promotion,
    SegmentColumn,
    SegmentRow,
    Stats,
    Summary,
    Switch,
    TermChange,
)
from .summary import SAVINGS_EDGES_YUAN, savings_labels

Doc = Summary


@dataclass(frozen=True)
class Wording(Naming):
    """The report's words in one language: its phrases (``whatif.<key>`` of ``messages/<lang>.json``) and the names
    of operators and plans (``names``, ``messages.table_names``; None: the operator's id and the plan's published
    name; ``recommend --lang`` names them by the same rule, ``messages.Naming``)."""

    lang: str = "en"
    names: Names | None = None

    def __call__(self, key: str, **params: object) -> str:
        return wording(self.lang)[f"whatif.{key}"].format(**params)

    def counted(self, key: str, count: int, **params: str) -> str:
        """The phrase ``whatif.<key>`` for ``count`` (``<key>.one`` for 1: ``messages.singular``), the count written
        with its thousands separated (found by QA: a one-profile population read "what-if: 1 profiles")."""
        words = wording(self.lang)
        return words[singular(words, f"whatif.{key}", {"count": count})].format(count=f"{count:,}", **params)

    def join(self, items: Iterable[str]) -> str:
        """``a, b, c`` (Chinese ``a、b、c``)."""
        return wording(self.lang)["list.separator"].join(items)

    def some(self, names: Sequence[str]) -> str:
        """``names`` joined, the first ``SOME`` of a long list and how many more."""
        shown = self.join(names[:SOME])
        return self("more", items=shown, more=f"{len(names) - SOME:,}") if len(names) > SOME else shown

    def sentence(self, text: str) -> str:
        return self("sentence", text=text)

    def detail(self, item: str, detail: str) -> str:
        """``item (detail)``: a plan with what changed in it, a price with its currency."""
        return self("detail", item=item, detail=detail)

    def group(self, ident: str) -> str:
        """A group's words (``group.<id>``: "students", 学生), else its id."""
        return wording(self.lang).get(f"group.{ident}", ident)


EN = Wording()


def profiles(count: int, say: Wording = EN) -> str:
    """``1 profile``, ``2 profiles``."""
    return say.counted("profiles", count)


def _left(text: str, width: int) -> str:
    return text + " " * (width - columns(text))


def _right(text: str, width: int) -> str:
    return " " * (width - columns(text)) + text


def _fit(least: int, texts: Iterable[str], pad: int = 0) -> int:
    """A column's width: ``least``, or the widest of ``texts`` in terminal columns and ``pad`` more, so that every
    figure of a table lines up ('vz-unlimited-ultimate ~', 'CN-NM Inner Mongolia', revenue past ¥999,999,999.99 a
    month each pushed their rows off a fixed width)."""
    return max([least, *(columns(text) + pad for text in texts)])


def _move_width(moves: Sequence[Mapping[str, Any]], nothing: str) -> int:
    """The width of a list of moves' plan columns: 18, or the longest plan id (or ``nothing``) shown in them."""
    return _fit(18, (str(m[end] or nothing) for m in moves for end in ("from", "to")))


def _yuan(fen: int | None) -> str:
    return "—" if fen is None else format_yuan(fen)


def _signed(fen: int) -> str:
    return ("+" if fen > 0 else "") + format_yuan(fen)


def _pct(share: float) -> str:
    """A share as a percentage to two places, halves up, from its decimal digits (``f"{100 * share:.2f}"`` rounded the
    binary float: 1,095 of 20,000, 5.475 %, read "5.47 %" beside 51 of 20,000, 0.255 %, read "0.26 %"; found by the
    contributor's test)."""
    return f"{(Decimal(repr(share)) * 100).quantize(Decimal('0.01'), ROUND_HALF_UP)} %"


def _mean_card(mean_fen: float | None, say: Wording) -> str:
    """The mean change of what a profile pays, said as a saving or as paying more (never a negative saving: "mean
    saving −¥0.78" read as a saving; found by the phone QA)."""
    mean = _round(mean_fen)
    title, amount = ("mean_extra_cost", -mean) if mean is not None and mean < 0 else ("mean_saving", mean)
    return f'<div class="card">{say(f"card.{title}")}<b>{_yuan(amount)}</b>{say("card.mean.tail")}</div>'


def engine_label(doc: Doc, say: Wording = EN) -> str:
    """Where the profiles were scored: Spark's master and cores, or the local workers (just "local" when a result
    file does not say how many: one written before it did, or by hand; it read "local, None worker(s)")."""
    engine = doc.get("engine")
    if engine is not None and engine["name"] == "spark":
        cores, master, busy = engine.get("cores"), engine.get("master"), engine.get("busy_partitions")
        if cores and busy is not None and busy < cores:
            return say("engine.spark.idle", master=master, cores=say.counted("cores", cores),
                       busy=say.counted("partitions", busy))
        return say("engine.spark.cores", master=master, cores=say.counted("cores", cores)) if cores else \
            say("engine.spark", master=master)
    if engine is None or engine.get("workers") is None:
        return say("engine.local")
    workers, busy = engine["workers"], engine.get("busy_workers")
    if busy is not None and busy < workers:
        return say("engine.local.idle", workers=say.counted("workers", workers), busy=busy)
    return say("engine.local.workers", workers=say.counted("workers", workers))


def as_of_label(doc: Doc, say: Wording = EN) -> str:
    """The day conditions of sale were read at, as the report says it ("" when the document does not say)."""
    inputs = doc.get("inputs")
    day = inputs.get("as_of") if inputs is not None else None
    return say("as_of", day=day) if day else ""


def other_currency_label(doc: Doc, say: Wording = EN) -> str:
    """The plans the population does not compare, priced in another currency ("" when there are none):
    "tmo-go5g (USD), cu-roam (USD in the candidate)"."""
    sides = {side: {p["plan_id"]: p["currency"] for p in info["other_currency_plans"]}
             for side, info in (("baseline", doc["baseline"]), ("candidate", doc["candidate"]))}
    named = []
    for pid in dict.fromkeys([*sides["baseline"], *sides["candidate"]]):
        before, after = sides["baseline"].get(pid), sides["candidate"].get(pid)
        where = before if before == after else say.join(
            say(f"other_currency.{side}", currency=currency)
            for side, currency in (("baseline", before), ("candidate", after)) if currency)
        named.append(say.detail(pid, str(where)))
    return say("other_currency", plans=say.some(named)) if named else ""


def _either_side(doc: Doc, field: str, say: Wording, detail: Callable[[Any], list[str]]) -> list[str]:
    """The plans and packs a catalogue's ``field`` lists on either side, candidate's first, each with ``detail``'s
    words and, when only one side lists it, which ("in the candidate"), a clause of its own (Chinese "（仅限学生，候选
    目录中）", not the list's "、" as if the side were one more condition: review)."""
    infos: dict[str, Any] = {"baseline": doc["baseline"], "candidate": doc["candidate"]}
    sides = {side: {(i["kind"], i["id"]): i for i in info.get(field, [])}  # (a document from before the field: none)
             for side, info in infos.items()}
    named = []
    for key in dict.fromkeys([*sides["candidate"], *sides["baseline"]]):
        item = sides["candidate"].get(key) or sides["baseline"][key]
        words = [say.join(detail(item))]
        for side, other in (("baseline", "candidate"), ("candidate", "baseline")):
            if key in sides[side] and key not in sides[other]:
                words.append(say(f"on_sale.in_{side}"))
        named.append(say.detail(item["id"], say("clause.separator").join(filter(None, words))))
    return named


def not_on_sale_label(doc: Doc, say: Wording = EN) -> str:
    """The plans and packs not on sale on the day the population was scored, so given to no one ("" when there are
    none): "not on sale on the day scored, so chosen by no one: cu-new (from 2027-01-01, in the candidate)" (found
    by the product QA: a plan added with a later ``available_from`` took 0.00 % of the population, and nothing said
    why)."""
    named = _either_side(doc, "not_on_sale", say, lambda item: [
        say(f"on_sale.{end}", date=date) for end, date in (("from", item["available_from"]),
                                                           ("until", item["available_until"])) if date])
    return say("not_on_sale", items=say.some(named)) if named else ""


def sale_ends_later_label(doc: Doc, say: Wording = EN) -> str:
    """The plans and packs whose sale the edit ends on or after the day scored, so scored as on sale ("" when there
    are none): "sale ends on or after the day scored (--as-of), so scored as still on sale: cu-old (until
    2026-12-31); …" (found by the team QA)."""
    named = [say.detail(item["id"], say("on_sale.until", date=item["available_until"]))
             for item in doc["candidate"].get("sale_ends_later", [])]  # (a document from before the field: none)
    return say("sale_ends_later", items=say.some(named)) if named else ""


def unchecked_label(doc: Doc, say: Wording = EN) -> str:
    """The plans and packs sold only to a membership or a group, which the population does not name ("" when there
    are none): "sold only to members of a membership or a group, which the population does not name: open to all
    but those on another membership's plan: cm-5ga-199 (gotone members)" (found by the product QA)."""
    named = _either_side(doc, "unchecked", say, lambda item: [
        *(say("unchecked.members", membership=say.membership(m)) for m in item["members_of"]),
        *(say("unchecked.group", group=say.group(g)) for g in item["groups"])])
    return say("unchecked", items=say.some(named)) if named else ""


def customers_only_label(doc: Doc, say: Wording = EN) -> str:
    """The plans and packs kept for the people on them or sold to an operator's existing or new customers, when rows
    name no current plan ("" otherwise): "sold only to the people on it or to an operator's existing or new
    customers; the 50 rows that name no current plan are counted as people who may buy them: ct-5g-59 (kept for
    the people on it, existing customers)" (found by the what-if user test)."""
    rows = doc.get("rows_without_current_plan", 0)
    named = _either_side(doc, "customers_only", say, lambda item: [
        *([say("customers_only.holders")] if item["holders_only"] else []),
        *([say(f"customers_only.{item['customers']}")] if item["customers"] != "any" else [])]) if rows else []
    return say.counted("customers_only", rows, items=say.some(named)) if named else ""


def _plans(doc: Doc) -> list[PlanRow]:
    return doc["plans"]


def edit_label(doc: Doc, say: Wording = EN) -> str:
    """What the edit did to the plans: changed, and (when there are) added and removed ones."""
    cand = doc["candidate"]
    rows = {p["plan_id"]: p for p in doc["plans"]}  # (what changed in each, as a changed pack says it: the HTML
    plans = [say.detail(pid, changes_label(rows[pid], say)) if pid in rows and rows[pid]["changes"] else pid
             for pid in cand["changed_plans"]]  # (had ids alone)
    out = [say("edit.changed_plans", items=say.some(plans) or say("edit.none"))]
    out += [say(f"edit.{what}_plans", items=say.some(ids))
            for what, ids in (("added", cand["added_plans"]), ("removed", cand["removed_plans"])) if ids]
    changed = [say.detail(c["pack_id"], pack_changes_label(c, say)) for c in cand["pack_changes"]]
    out += [say(f"edit.{what}_packs", items=say.some(ids)) for what, ids in (("changed", changed),
                                                                           ("added", cand["added_packs"]),
                                                                           ("removed", cand["removed_packs"])) if ids]
    return " · ".join(out)


def change_words(field: str, say: Wording = EN) -> str:
    """A plan's or a pack's changed field in words (``whatif.change.<field>``; a field with no words yet: its name)."""
    return wording(say.lang).get(f"whatif.change.{field}", field)


def conditions_label(conditions: Sequence[ConditionChange], say: Wording = EN) -> str:
    """The conditions of sale an edit changed, each with its values ("conditions of sale: regions any → CN-BJ,
    CN-SH; on sale until any → 2026-12-31"; found by the team QA: "conditions of sale" said not which)."""
    def value(said: object, condition: str) -> str:
        if said in (None, [], False, "any"):  # (a date's: "no end date", not "any": found by the what-if review)
            return wording(say.lang).get(f"whatif.condition.any.{condition}") or say("condition.any")
        if said is True:
            return say("condition.yes")
        if isinstance(said, list):  # (a slash: the changes are a list already)
            return "/".join(str(v) for v in said)
        return wording(say.lang).get(f"whatif.customers.{said}", str(said))
    return say("change.conditions", items=say("conditions.separator").join(
        say("condition.change", condition=say(f"condition.{c['condition']}"), before=value(c["before"], c["condition"]),
            after=value(c["after"], c["condition"])) for c in conditions))


def _amount(meter: str, value: int, say: Wording) -> str:
    """An amount of a meter in people's units ("15 GB"), or "unlimited" (``model.UNLIMITED``: not 1,073,741,824 GB)."""
    return say("amount.unlimited") if value >= UNLIMITED else quantity(meter, value, say.lang)


def _amount_changes(changes: Sequence[AddsChange], say: Wording) -> str:
    """Each amount changed with its values: "data 10 GB → 15 GB; SMS 0 texts → 100 texts"."""
    return say("conditions.separator").join(
        say("adds.change", meter=need_text(a["meter"], say.lang), before=_amount(a["meter"], a["before"], say),
            after=_amount(a["meter"], a["after"], say)) for a in changes)


def adds_label(adds: Sequence[AddsChange], say: Wording = EN) -> str:
    """What a pack adds, each amount changed with its values ("what it adds: data 10 GB → 15 GB"; found by the
    product team: "what it adds" said not how much)."""
    return say("change.adds_by", items=_amount_changes(adds, say))


def tariffs_label(plan: PlanRow, say: Wording = EN) -> str:
    """What an edit changed in a plan's tariffs: each allowance with its values, and the meters billed otherwise
    beyond it ("allowances: data 150 GB → 200 GB; overage beyond the allowance: voice"; found by a user test:
    "allowances or rates" said not which, where a pack's edit says "what it adds: data 10 GB → 15 GB")."""
    said = ([say("change.allowances_by", items=_amount_changes(plan["allowances"], say))]
            if plan.get("allowances") else []) + ([say("change.overage_of", meters=say.join(
                need_text(m, say.lang) for m in plan["overage"]))] if plan.get("overage") else [])
    return say("conditions.separator").join(said) if said else change_words("tariffs", say)


def terms_label(terms: Sequence[TermChange], say: Wording = EN) -> str:
    """The contract terms an edit changed, each with its values ("contract terms: promotions none → ¥149.50 a month
    for the first 6 months; one-off fee none → ¥100.00"; found by the product-team walk-through: "contract terms"
    said not which), the promotions in the words ``recommend`` gives them (``term.promotion``)."""
    words = wording(say.lang)

    def value(said: int | list[Promotion], term: str) -> str:
        if not said:
            return say("term.none")
        if isinstance(said, int):
            return words[singular(words, "whatif.term.months", {"months": said})].format(months=said) \
                if term == "minimum_term_months" else _yuan(said)
        first, out = 1, []
        for promotion in said:  # (worded as the answers word them: ``cost.contract_terms``' term.promotion)
            last = promotion["first_months"]
            out.append(render(message("term.promotion", months=last, fee_fen=promotion["monthly_fee_fen"],
                                      currency="CNY", first=first), say.lang))
            first = last + 1
        return say("term.then").join(out)
    return say("change.terms_by", items=say("conditions.separator").join(
        say("term.change", term=say(f"term.{t['term']}"), before=value(t["before"], t["term"]),
            after=value(t["after"], t["term"])) for t in terms))


def extra_lines_label(changes: Sequence[ExtraLinesChange], say: Wording = EN) -> str:
    """What an edit changed in a plan's extra lines (副卡), each part with its values ("extra lines: at most 2 → 3;
    fee each ¥10.00 → ¥60.00; data each 10 GB → 20 GB"; found by the what-if product manager: "extra lines; the
    fee as before" said neither which nor how much, as "contract terms" once did)."""
    def value(said: int | list[str], change: ExtraLinesChange) -> str:
        if isinstance(said, list):
            return "/".join(need_text(m, say.lang) for m in said) if said else say("term.none")
        return (_yuan(said) if change["field"] == "fee_fen" else str(said) if change["field"] == "max"
                else _amount(change.get("meter", ""), said, say))
    return say("change.extra_lines_by", items=say("conditions.separator").join(
        say("extra.change", field=say(f"extra.{c['field']}", meter=need_text(c.get("meter", ""), say.lang)),
            before=value(c["before"], c), after=value(c["after"], c)) for c in changes))


def _field_words(field: str, item: PlanRow | PackChange, say: Wording) -> str:
    """A changed field in words, the conditions of sale with their values where the document has them."""
    conditions = item.get("conditions")
    return conditions_label(conditions, say) if field == "rule" and conditions else change_words(field, say)


def changes_label(plan: PlanRow, say: Wording = EN) -> str:
    """What an edit changed in a plan, the fee with its amounts (``fee ¥299.00 → ¥249.00, name``)."""
    words = [say("change.fee", before=_yuan(plan["fee_fen_before"] or 0), after=_yuan(plan["fee_fen_after"] or 0))
             if change == "fee_fen" else terms_label(plan["terms"], say) if change == "terms" and "terms" in plan
             else tariffs_label(plan, say) if change == "tariffs"
             else extra_lines_label(plan["extra_lines"], say) if change == "extra_lines" and plan.get("extra_lines")
             else _field_words(change, plan, say) for change in plan["changes"]]
    said = say.join(words)
    return said if "fee_fen" in plan["changes"] else say("change.fee_as_before", changes=said)


def _pack_value(name: str, value: object, say: Wording) -> str:
    """A pack's field's value in words: a speed in Mbps, a flag yes or no, its billing's words, none for no group or
    speed, a count or a text as it is."""
    if value is None or (name.endswith("_mbps") and value == 0):
        return say("value.none")
    if isinstance(value, bool):
        return say("value.yes" if value else "value.no")
    if name.endswith("_mbps"):
        return f"{value} Mbps"
    return wording(say.lang).get(f"whatif.billing.{value}", str(value)) if name == "billing" else str(value)


def _pack_value_change(name: str, change: PackChange, say: Wording) -> str | None:
    """A field of ``PACK_VALUES`` with its values ("most a month 31 → 15"), None where the document does not give
    them."""
    if name not in PACK_VALUES or f"{name}_before" not in change or f"{name}_after" not in change:
        return None
    return say("change.value", field=change_words(name, say),
               before=_pack_value(name, change.get(f"{name}_before"), say),
               after=_pack_value(name, change.get(f"{name}_after"), say))


def sold_apart_label(change: PackChange, say: Wording = EN) -> str:
    """The plans and packs conditions of sale now keep a pack from, and those it may be bought with again, by id
    ("no longer sold with: cu-5ga-data-549"; found by the what-if product manager: "plans or packs no one may buy
    it with" named none); its words alone for a document without them."""
    said = [say(key, items=", ".join(ids)) for key, ids in (("sold_apart_now", change.get("sold_apart_now")),
                                                           ("sold_together_again", change.get("sold_together_again")))
            if ids]
    return say("conditions.separator").join(said) if said else change_words("sold_apart", say)


def pack_changes_label(change: PackChange, say: Wording = EN) -> str:
    """What an edit changed in a pack, the price, the installation fee, what it adds and each field of one value with
    their amounts (``price ¥40.00 → ¥35.00``, ``installation fee ¥50.00 → ¥80.00``, ``what it adds: data 10 GB → 15
    GB``, ``most a month 31 → 15``: found by the user test, "most a month" alone)."""
    return say.join(
        say("change.price", before=_yuan(change["price_fen_before"]), after=_yuan(change["price_fen_after"]))
        if name == "price_fen" else adds_label(change["adds"], say) if name == "adds" and "adds" in change
        else say("change.install", before=_yuan(change["install_fen_before"]), after=_yuan(change["install_fen_after"]))
        if name == "install_fen" and "install_fen_before" in change and "install_fen_after" in change
        else sold_apart_label(change, say) if name == "sold_apart"
        else _pack_value_change(name, change, say) or _field_words(name, change, say) for name in change["changes"])


SOME = 12
"""How many names a summary line gives before it counts the rest (the document lists them all)."""


def terminal(doc: Doc, say: Wording = EN) -> str:
    """A readable summary: shares and revenue per plan, top switches, pay and savings."""
    n = doc["profiles"]
    cand = doc["candidate"]
    no_fit = doc["no_fit"]
    nothing = say("nothing_fits")
    out = [say("header", profiles=profiles(n, say), baseline=doc["baseline"]["version"], candidate=cand["version"],
               edit=edit_label(doc, say), as_of=as_of_label(doc, say)),
           say("no_plan_fits", before=f"{no_fit['before']:,}", after=f"{no_fit['after']:,}"),
           *filter(None, [other_currency_label(doc, say), not_on_sale_label(doc, say), sale_ends_later_label(doc, say),
                          unchecked_label(doc, say), customers_only_label(doc, say)]),
           ""]
    revenue = doc["revenue"]
    wide = _fit(18, (p["plan_id"] for p in _plans(doc)), pad=2)  # (and its mark: " *")
    who = _fit(14, (say.operator(p["operator"]) for p in _plans(doc)))
    money = _fit(16, [*(_yuan(p[key]) for p in _plans(doc) for key in ("revenue_fen_before", "revenue_fen_after")),
                      _yuan(revenue["total_fen_before"]), _yuan(revenue["total_fen_after"])], pad=1)
    signed = _fit(14, [*(_signed(p["revenue_fen_after"] - p["revenue_fen_before"]) for p in _plans(doc)),
                       _signed(revenue["change_fen"])], pad=1)
    out.append(f"{_left(say('table.plan'), wide)} {_left(say('table.operator'), who)} "
               f"{_right(say('table.share_before'), 12)} {_right(say('table.after'), 9)} "
               f"{_right(say('table.revenue_before'), money)} {_right(say('table.after'), money)} "
               f"{_right(say('table.change'), signed)}")
    for p in _plans(doc):
        change = p["revenue_fen_after"] - p["revenue_fen_before"]
        mark = {"changed": " *", "added": " +", "removed": " -", "other_currency": " ~"}.get(p["status"], "")
        out.append(f"{_left(p['plan_id'] + mark, wide)} {_left(say.operator(p['operator']), who)} "
                   f"{_pct(p['share_before']):>12} "
                   f"{_pct(p['share_after']):>9} {_yuan(p['revenue_fen_before']):>{money}} "
                   f"{_yuan(p['revenue_fen_after']):>{money}} {_signed(change):>{signed}}")
    out.append(f"{_left(say('table.total'), wide + 1 + who)} {'':>12} {'':>9} "
               f"{_yuan(revenue['total_fen_before']):>{money}} {_yuan(revenue['total_fen_after']):>{money}} "
               f"{_signed(revenue['change_fen']):>{signed}}")
    out.append(say("table.legend"))
    out.extend(f"  {p['plan_id']} *: {changes_label(p, say)}" for p in _plans(doc) if p["changes"])
    if unscored := unscored_label(doc, say):
        out.append(f"  {unscored}")
    named = _fit(14, (say.operator(o["operator"]) for o in doc["operators"]))
    for o in doc["operators"]:
        change = o["revenue_fen_after"] - o["revenue_fen_before"]
        out.append(f"  {_left(say.operator(o['operator']), named)} " + say(
            "operator", share_before=_pct(o["share_before"]), share_after=_pct(o["share_after"]),
            revenue_before=_yuan(o["revenue_fen_before"]), revenue_after=_yuan(o["revenue_fen_after"]),
            change=_signed(change)))
    out.extend(customers_lines(doc, say))
    switches = doc["switches"]
    out.append("")
    out.append(say("best_changes.top" if switches["changed_best_plan"] else "best_changes",
                   profiles=profiles(switches["changed_best_plan"], say),
                   share=_pct(switches["changed_best_plan"] / n if n else 0)))
    wide = _move_width(switches["top"][:10], nothing)
    for s in switches["top"][:10]:
        out.append(f"  {_right(s['from'] or nothing, wide)} → {_left(s['to'] or nothing, wide)} {s['profiles']:>12,}")
    if rest := more_moves(doc, "switches", 10, say):
        out.append(f"  {rest}")
    current = doc["current_switches"]
    out.append(say("current_moves.top" if current["top"] else "current_moves", moved=f"{current['changed_plan']:,}",
                   before=f"{current['changed_plan_before']:,}"))
    wide = _move_width(current["top"][:5], nothing)
    for s in current["top"][:5]:
        out.append(f"  {_right(str(s['from']), wide)} → {_left(s['to'] or nothing, wide)} {s['profiles']:>12,}  "
                   + say("without_edit", profiles=f"{s.get('profiles_without_edit', 0):,}"))
    if rest := more_moves(doc, "current_switches", 5, say):
        out.append(f"  {rest}")
    out.append(unknown_current_label(doc, say))
    if unfit := unfit_current_label(doc, say):
        out.append(unfit)
    pay = doc["pay"]
    out.append("")
    out.append(f"{_left(say('pay.heading'), 28)} {_right(say('stat.mean'), 12)} {_right(say('stat.median'), 12)} "
               f"{_right(say('stat.p90'), 12)}")
    rows: tuple[tuple[str, Stats], ...] = (
        ("best_before", pay["before"]), ("best_after", pay["after"]), ("current", pay["current"]),
        ("saves", doc["savings"]), ("saves_current", doc["savings_vs_current"]),
        ("saves_current_before", doc["savings_vs_current_before"]))
    for label, st in rows:
        out.append(f"{_left(say(f'pay.{label}'), 28)} {_yuan(_round(st['mean_fen'])):>12} "
                   f"{_yuan(st['median_fen']):>12} {_yuan(st['p90_fen']):>12}")
    savings = doc["savings"]
    out.append(say("verdict", profiles=profiles(savings["profiles"], say), saving=_pct(savings["share_saving"]),
                   more=_pct(savings["share_paying_more"]),
                   unchanged=_pct(savings["share_unchanged"])))
    out.extend(segment_lines(doc, say))
    return "\n".join(out)


SEGMENTS_SHOWN = 10
"""The regions the terminal lists, those whose best plan changes for the most profiles first (bands: all)."""


def segment_name(column: str, code: str | None, say: Wording = EN) -> str:
    """A segment as people read it: a region's code and name ("CN-BJ Beijing"), a band's range ("16–30", "≥ 150 GB"),
    "not given" for the rows that do not say."""
    if code is None:
        return say("segments.unknown")
    if column == "region":
        named = wording(say.lang).get(f"region.{code}")
        return f"{code} {named}" if named else code
    if code.endswith("+"):
        return say(f"segments.{column}.above", low=code[:-1])
    low, high = code.split("-")
    return say(f"segments.{column}.range", low=low, high=high)


def _segments_in_order(column: str, rows: list[SegmentRow]) -> list[SegmentRow]:
    """A column's segments as the reports list them: bands low to high, regions those whose best plan changes for the
    most profiles first (then the larger share, then the code)."""
    if column != "region":
        return rows
    return sorted(rows, key=lambda r: (-r["changed_best_plan"], -r["share_changed_best_plan"], str(r["segment"])))


def _move(s: Switch, say: Wording) -> str:
    """A best-plan move and its profiles: "cu-wojia-188 → ct-5ga-299 (3)"."""
    nothing = say("nothing_fits")
    return f"{s['from'] or nothing} → {s['to'] or nothing} ({s['profiles']:,})"


def absent_label(column: str, say: Wording = EN) -> str:
    """That the population has no ``column`` to break the figures down by ("no breakdown by data a month: the
    population has no data_gb column")."""
    return say("segments.absent", column=column, words=say(f"segments.column.{column}"))


def _segments_shown(dim: SegmentColumn) -> list[SegmentRow]:
    """A column's segments the terminal lists, in its order (``_segments_in_order``): every band, the first
    ``SEGMENTS_SHOWN`` regions."""
    name = dim["column"]
    return _segments_in_order(name, dim["segments"])[:SEGMENTS_SHOWN if name == "region" else None]


def segment_lines(doc: Doc, say: Wording = EN) -> list[str]:
    """The figures by region, age band and data band (``Summary.segments``): per segment its profiles, those whose
    best plan changes, those who pay less and more with the edit (the mean a person among them), its most common
    move; a column the population lacks is said so.  None for a document from before the breakdown.  The three
    tables' first column is one width: the widest name they show (at least 18)."""
    dims = doc.get("segments")
    if not dims:
        return []
    given = [dim for dim in dims if dim["in_population"]]
    width = _fit(18, [*(say(f"segments.column.{dim['column']}") for dim in given),
                      *(segment_name(dim["column"], r["segment"], say) for dim in given for r in _segments_shown(dim))])
    out = ["", say("segments.heading")]
    for dim in dims:
        name = dim["column"]
        if not dim["in_population"]:
            out.append(absent_label(name, say))
            continue
        rows, shown = dim["segments"], _segments_shown(dim)
        out.append(f"  {_left(say(f'segments.column.{name}'), width)} {_right(say('segments.th.profiles'), 10)} "
                   f"{_right(say('segments.th.changes'), 20)} {_right(say('segments.th.saving'), 10)} "
                   f"{_right(say('segments.th.mean'), 10)} {_right(say('segments.th.paying_more'), 10)} "
                   f"{_right(say('segments.th.mean'), 10)}  {say('segments.th.move')}")
        for r in shown:
            move = _move(r["top"][0], say) if r["top"] else ""
            changes = f"{r['changed_best_plan']:,} ({_pct(r['share_changed_best_plan'])})"
            line = (f"  {_left(segment_name(name, r['segment'], say), width)} {r['profiles']:>10,} {changes:>20} "
                    f"{r['profiles_saving']:>10,} {_yuan(_round(r['mean_saved_fen'])):>10} "
                    f"{r['profiles_paying_more']:>10,} {_yuan(_round(r['mean_extra_cost_fen'])):>10}  {move}")
            out.append(line.rstrip())
        if len(shown) < len(rows):
            left = [r for r in rows if r not in shown]
            out.append("  " + say.counted("segments.more", len(left), changed=profiles(
                sum(r["changed_best_plan"] for r in left), say)))
    return out


def more_moves(doc: Doc, key: str, shown: int, say: Wording = EN) -> str:
    """The moves of ``doc[key]`` (``switches``, ``current_switches``) a list of its first ``shown`` leaves out, counted
    with their profiles ("… 6 more moves: 22 profiles"; "" when it shows every one): found by the team QA, "best plan
    changes for 853 profiles" above ten moves adding up to 831."""
    best, current = doc["switches"], doc["current_switches"]
    total, pairs, top = ((best["changed_best_plan"], best["pairs"], best["top"]) if key == "switches" else
                         (current["changed_plan"], current["pairs"], current["top"]))
    if pairs <= shown:
        return ""
    rest = total - sum(s["profiles"] for s in top[:shown])
    return say.counted("more_moves", pairs - shown, profiles=profiles(rest, say))


def _customers(doc: Doc) -> list[OperatorCustomers]:
    """The operators' customer rows, none when no profile gives a current plan (every row would read 0)."""
    rows = doc.get("customers") or []
    return rows if any(c["customers_now"] for c in rows) else []


def customers_lines(doc: Doc, say: Wording = EN) -> list[str]:
    """Each operator's customers now, and who it keeps, loses and wins without the edit and with it."""
    rows = _customers(doc)
    out = [say("customers.heading", note=say("customers.note"))] if rows else [say("customers.none")]
    named = _fit(14, (say.operator(c["operator"]) for c in rows))
    unfit = customers_unfit_label(doc, say)
    for c in rows:
        now = c["customers_now"]
        out.append(f"  {_left(say.operator(c['operator']), named)} " + say(
            "customers.line.fitting" if unfit else "customers.line", now=f"{now:,}", paying=_yuan(c["revenue_fen_now"]),
            fitting=f"{c['customers_fitting_now']:,}",
            kept_before=f"{c['kept_before']:,}", kept_after=f"{c['kept_after']:,}",
            lost_before=f"{now - c['kept_before']:,}", lost_after=f"{now - c['kept_after']:,}",
            won_before=f"{c['won_before']:,}", won_after=f"{c['won_after']:,}",
            revenue_before=_yuan(c["revenue_fen_before"]), revenue_after=_yuan(c["revenue_fen_after"]),
            change=_signed(c["revenue_fen_after"] - c["revenue_fen_before"])))
    return [*out, f"  {unfit}"] if unfit else out


def customers_unfit_label(doc: Doc, say: Wording = EN) -> str:
    """Of the operators' customers, how many are on a plan no bundle of which meets their needs: counted among the
    customers, but paying nothing in what they pay now (``revenue_fen_now``: no price on a plan that does not fit).
    Found by a user test: "china-mobile 11,212 now paying ¥2,717,713.40" was paid by 10,307 of them, and the counts
    added up to the 20,000 profiles where the sums were of the 18,262 on a plan that fits.  Empty when all fit."""
    rows = _customers(doc)
    n = doc["pay"]["current"]["current_plan_does_not_fit"] if rows else 0
    if not n:
        return ""
    total = sum(c["customers_now"] for c in rows)
    return say.counted("customers.unfit", n, total=f"{total:,}", paying=f"{total - n:,}")


def _round(value: float | None) -> int | None:
    return None if value is None else round(value)


# --- HTML ---------------------------------------------------------------------------------------

BEFORE, AFTER = "#9aa5b1", "#1f6feb"
CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei",sans-serif;margin:2rem auto;
max-width:1000px;padding:0 1rem;color:#1c2128}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #d0d7de;padding-bottom:.3rem}
table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
th,td{padding:.25rem .5rem;border-bottom:1px solid #eaeef2;text-align:right}
th:first-child,td:first-child{text-align:left}
.up{color:#1a7f37}.down{color:#cf222e}.muted{color:#57606a;font-size:.9em}
.legend span{display:inline-block;width:.9em;height:.9em;margin:0 .3em 0 1em;vertical-align:-.1em}
svg{max-width:100%;height:auto}
.cards{display:flex;gap:1rem;flex-wrap:wrap}.card{border:1px solid #d0d7de;border-radius:6px;padding:.6rem 1rem}
.card b{display:block;font-size:1.25rem}
td{white-space:nowrap}td:first-child{white-space:normal}.wide{overflow-x:auto}.nowrap{white-space:nowrap}
.narrow{display:none}
tbody th{font-weight:normal}tfoot td{font-weight:bold}
.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
details.figures{margin:.5rem 0}details.figures summary{cursor:pointer;padding:.3rem 0;color:#0969da}
"""
NARROW_BELOW = 960
"""The viewport width (CSS px) below which the charts are drawn to the page's width (``_narrow_bars``,
``_narrow_histogram``) instead of the fixed 900 px ones, which fit at full size only from 932 px (a 1000 px column,
1 rem padding a side; and room for a scrollbar): under it they shrank with their labels, at 390 px to a 4.4 px
type.  Found by the phone QA."""
WIDE = '<div class="wide" tabindex="0">'
"""A table's box, which scrolls sideways on a narrow page: in the tab order, so that the keyboard can scroll it too
(axe's scrollable-region-focusable at 390 px; a11y review)."""
STICKY = ".wide th:first-child,.wide td:first-child{position:sticky;left:0;background:#fff;box-shadow:1px 0 #d0d7de}"
"""On a narrow page a table wider than it scrolls in its box, and its first column (the operator, plan or row
label) stays in view: scrolled to the change column, the rows had lost their names (found by the phone QA)."""
CSS += f"@media (max-width:{NARROW_BELOW - 1}px){{svg.fixed{{display:none}}.narrow{{display:block}}{STICKY}}}\n"
KEEP_WORDS = ":lang(zh) th,:lang(zh) td:first-child{word-break:keep-all}\n"
"""Chinese in a table's headings and first column breaks where English would, at spaces and punctuation: on a phone,
a narrow column broke it between any two characters (运/营/商, 中/国/移/动 a character a line)."""
CSS += KEEP_WORDS


def _table(caption: str, heads: Sequence[str], rows: Iterable[Sequence[str]], foot: Sequence[str] = ()) -> str:
    """A table a screen reader reads, in its sideways-scrolling box (``WIDE``): its ``caption`` (visually hidden: the
    section's heading shows it), ``heads`` its column headers, the first cell of each of ``rows`` (and of ``foot``, a
    totals row) the row's header (an operator, a plan, a move's plan, a figure's name).  A review by a screen reader
    user: the report's tables had no caption and no header cells a cell was read with."""
    def row(cells: Sequence[str]) -> str:
        return f'<tr><th scope="row">{cells[0]}</th>' + "".join(f"<td>{c}</td>" for c in cells[1:]) + "</tr>"
    return (f'{WIDE}<table><caption class="vh">{escape(caption)}</caption><thead><tr>'
            + "".join(f'<th scope="col">{h}</th>' for h in heads) + "</tr></thead><tbody>"
            + "".join(row(r) for r in rows) + "</tbody>" + (f"<tfoot>{row(foot)}</tfoot>" if foot else "")
            + "</table></div>")


def _figures(name: str, heads: Sequence[str], rows: Iterable[Sequence[str]], say: Wording) -> str:
    """A chart's figures as a table under it, folded in a ``<details>``: what the chart draws, for a screen reader
    (which hears only the chart's name) and for anyone who wants the numbers (a11y review: the savings histogram's
    counts were in no table)."""
    return (f'<details class="figures"><summary>{say("html.figures")}</summary>'
            f'{_table(say("html.figures.caption", chart=name), heads, rows)}</details>')


def _bars(labels: Sequence[str], before: Sequence[float], after: Sequence[float], name: str, fmt: str = "pct") -> str:
    """Horizontal paired bars (before grey, after blue), one row per label."""
    row, width, left, right = 30, 900, 170, 110
    top = max([*before, *after, 1e-12])
    h = row * len(labels) + 10
    parts = [f'<svg class="fixed" viewBox="0 0 {width} {h}" width="{width}" height="{h}" role="img" '
             f'aria-label="{escape(name)}" xmlns="http://www.w3.org/2000/svg">']
    span = width - left - right
    for k, (label, b, a) in enumerate(zip(labels, before, after, strict=True)):
        y = 5 + k * row
        parts.append(f'<text x="{left - 8}" y="{y + 17}" text-anchor="end" font-size="13">{escape(label)}</text>')
        for dy, value, color in ((2, b, BEFORE), (14, a, AFTER)):
            w = span * value / top
            parts.append(f'<rect x="{left}" y="{y + dy}" width="{w:.1f}" height="11" fill="{color}"/>')
            parts.append(f'<text x="{left + w + 4:.1f}" y="{y + dy + 10}" font-size="11" fill="#57606a">'
                         f'{_bar_value(value, fmt)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _bar_value(value: float, fmt: str) -> str:
    return f"{100 * value:.2f} %" if fmt == "pct" else format_yuan_rounded(value)


NARROW_BAR = 68
"""The longest bar of a narrow chart, in % of its width: the rest holds the value written after it (a million
profiles' ¥168,156,500 at 11 px is ~80 px, 32 % of a 320 px phone's 288 px column, with the 4 px gap)."""


def _narrow_svg(height: int, name: str) -> str:
    """A chart drawn to the page's width, no viewBox: lengths in CSS px (type never scales), bars in % of the width."""
    return (f'<svg class="narrow" width="100%" height="{height}" style="width:100%;height:{height}px" role="img" '
            f'aria-label="{escape(name)}" xmlns="http://www.w3.org/2000/svg">')


def _narrow_bars(labels: Sequence[str], before: Sequence[float], after: Sequence[float], name: str,
                 fmt: str = "pct") -> str:
    """``_bars`` for a narrow page: each label on its own line over its two bars, each value after its bar."""
    row = 48
    top = max([*before, *after, 1e-12])
    parts = [_narrow_svg(row * len(labels) + 4, name)]
    for k, (label, b, a) in enumerate(zip(labels, before, after, strict=True)):
        y = k * row
        parts.append(f'<text x="0" y="{y + 14}" font-size="13">{escape(label)}</text>')
        for dy, value, color in ((19, b, BEFORE), (32, a, AFTER)):
            w = NARROW_BAR * value / top
            parts.append(f'<rect x="0" y="{y + dy}" width="{w:.2f}%" height="11" fill="{color}"/>')
            parts.append(f'<text x="{w:.2f}%" dx="4" y="{y + dy + 10}" font-size="11" fill="#57606a">'
                         f'{_bar_value(value, fmt)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _bar_charts(labels: Sequence[str], before: Sequence[float], after: Sequence[float], name: str,
                heads: Sequence[str], say: Wording, fmt: str = "pct") -> str:
    """The fixed chart and the narrow one (the page's CSS shows one of them by its width), and their figures as a
    table (``heads``: its columns' headers)."""
    return (_bars(labels, before, after, name, fmt) + _narrow_bars(labels, before, after, name, fmt)
            + _figures(name, heads, ([escape(label), _bar_value(b, fmt), _bar_value(a, fmt)]
                                     for label, b, a in zip(labels, before, after, strict=True)), say))


SAVED_NOTHING = SAVINGS_EDGES_YUAN.index(0) + 1
"""The savings histogram's bin of profiles the edit leaves alone (``summary.savings_histogram``): the bins
before it pay more, the bins after it save (coloured by position: its labels are words for people)."""


def _histogram(labels: Sequence[str], lines: Sequence[str], counts: Sequence[int], say: Wording, name: str) -> str:
    """The savings histogram: ``labels`` its bins' ranges, ``lines`` the same with the upper bound on a line of its
    own (a slot is ~64 px)."""
    width, height, bottom, left = 900, 272, 62, 60
    n = len(labels)
    top = max([*counts, 1])
    slot = (width - left - 10) / n
    parts = [f'<svg class="fixed" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
             f'aria-label="{escape(name)}" xmlns="http://www.w3.org/2000/svg">',
             f'<line x1="{left}" y1="{height - bottom}" x2="{width - 10}" y2="{height - bottom}" stroke="#8c959f"/>']
    for k, (label, split, c) in enumerate(zip(labels, lines, counts, strict=True)):
        x = left + k * slot
        h = (height - bottom - 20) * c / top
        color = _bin_colour(k)
        parts.append(f'<rect x="{x + 4:.1f}" y="{height - bottom - h:.1f}" width="{slot - 8:.1f}" height="{h:.1f}" '
                     f'fill="{color}"><title>{escape(label)}: {c:,}</title></rect>')
        parts.append(f'<text x="{x + slot / 2:.1f}" y="{height - bottom - h - 4:.1f}" font-size="11" '
                     f'text-anchor="middle" fill="#57606a">{c:,}</text>')
        parts.append(f'<text x="{x + slot / 2:.1f}" y="{height - bottom + 16}" font-size="11" '
                     'text-anchor="middle">' + "".join(
                         f'<tspan x="{x + slot / 2:.1f}" dy="{0 if i == 0 else 13}">{escape(line.strip())}</tspan>'
                         for i, line in enumerate(split.split("\n"))) + '</text>')
    parts.append(f'<text x="{left}" y="{height - 8}" font-size="11" fill="#57606a">{say("histogram_note")}</text>'
                 '</svg>')
    return "".join(parts)


def _bin_colour(k: int) -> str:
    return "#cf222e" if k < SAVED_NOTHING else "#8c959f" if k == SAVED_NOTHING else "#1a7f37"


def _narrow_histogram(labels: Sequence[str], counts: Sequence[int], say: Wording, name: str) -> str:
    """``_histogram`` for a narrow page: a bin a row, its range on the left, its bar across, its count after it
    (thirteen columns of ~27 px have no room for a range at a readable size); the note under it as text."""
    row, split = 24, 36  # the ranges right-aligned in the first 36 % ("-¥100 to -¥50" at 12 px is ~85 px)
    top = max([*counts, 1])
    parts = [_narrow_svg(row * len(labels) + 4, name)]
    for k, (label, c) in enumerate(zip(labels, counts, strict=True)):
        y = k * row
        w = (100 - split) * NARROW_BAR / 100 * c / top
        parts.append(f'<text x="{split}%" dx="-8" y="{y + 16}" font-size="12" text-anchor="end">{escape(label)}</text>')
        parts.append(f'<rect x="{split}%" y="{y + 5}" width="{w:.2f}%" height="14" fill="{_bin_colour(k)}">'
                     f'<title>{escape(label)}: {c:,}</title></rect>')
        parts.append(f'<text x="{split + w:.2f}%" dx="4" y="{y + 16}" font-size="11" fill="#57606a">{c:,}</text>')
    parts.append(f'</svg><p class="narrow muted">{say("histogram_note")}</p>')
    return "".join(parts)


def _histogram_figures(labels: Sequence[str], counts: Sequence[int], say: Wording, name: str) -> str:
    """The savings histogram's bins and counts as a table (``_figures``)."""
    return _figures(name, [say("html.figures.bin"), say("th.profiles")],
                    ([escape(label), f"{c:,}"] for label, c in zip(labels, counts, strict=True)), say)


def _legend(say: Wording) -> str:
    return (f'<p class="legend muted"><span style="background:{BEFORE}"></span>{say("baseline")}'
            f'<span style="background:{AFTER}"></span>{say("candidate")}</p>')


def _change(fen: int) -> str:
    """A change in revenue, coloured by its sign."""
    return f"<span class='{'up' if fen > 0 else 'down' if fen < 0 else ''}'>{_signed(fen)}</span>"


def _shift_cells(row: PlanRow | OperatorRow) -> list[str]:
    """A plan's or an operator's share and revenue before and after, and the revenue's change."""
    return [_pct(row["share_before"]), _pct(row["share_after"]), _yuan(row["revenue_fen_before"]),
            _yuan(row["revenue_fen_after"]), _change(row["revenue_fen_after"] - row["revenue_fen_before"])]


def _plan_rows(plans: list[PlanRow], say: Wording) -> list[list[str]]:
    return [[f"{escape(p['plan_id'])} <span class='muted'>{escape(say.plan(p['plan_id'], p['name']))} · "
             f"{escape(say('status.' + p['status']))}"
             f"{' · ' + escape(changes_label(p, say)) if p['changes'] else ''}</span>",
             _yuan(p["fee_fen_before"]), _yuan(p["fee_fen_after"]), *_shift_cells(p)] for p in plans]


def _operator_rows(doc: Doc, say: Wording) -> list[list[str]]:
    return [[escape(say.operator(o["operator"])), *_shift_cells(o)] for o in doc["operators"]]


def _switch_rows(doc: Doc, key: str, say: Wording) -> list[list[str]]:
    n = doc["profiles"]
    switches = doc["switches"]["top"] if key == "switches" else doc["current_switches"]["top"]
    nothing = say("nothing_fits")
    return [[escape(str(s["from"]) if key != "switches" else s["from"] or nothing), escape(s["to"] or nothing),
             f"{s['profiles']:,}",
             *([f"{s.get('profiles_without_edit', 0):,}"] if key != "switches" else []),
             _pct(s["profiles"] / n if n else 0)]
            for s in switches[:20]]


def _more_moves_note(doc: Doc, key: str, say: Wording) -> str:
    """Under a table of moves, the moves its twenty rows leave out (a paragraph: a row spanning the table would scroll
    out of view on a phone, as a row's name may not)."""
    rest = more_moves(doc, key, 20, say)
    return f'<p class="muted">{escape(rest)}</p>' if rest else ""


def _customer_rows(doc: Doc, say: Wording) -> list[list[str]]:
    return [[escape(say.operator(c["operator"])), f"{c['customers_now']:,}<br>"
             f"<span class='muted'>{_yuan(c['revenue_fen_now'])}</span>",
             f"{c['kept_before']:,} → {c['kept_after']:,}", f"{c['won_before']:,} → {c['won_after']:,}",
             f"{_yuan(c['revenue_fen_before'])} →<br>{_yuan(c['revenue_fen_after'])}",
             _change(c["revenue_fen_after"] - c["revenue_fen_before"])] for c in _customers(doc)]


def _stat_rows(doc: Doc, say: Wording) -> list[list[str]]:
    pay = doc["pay"]
    stats: tuple[tuple[str, Stats], ...] = (
        ("best_before", pay["before"]), ("best_after", pay["after"]), ("current", pay["current"]),
        ("saves", doc["savings"]), ("saves_current", doc["savings_vs_current"]),
        ("saves_current_before", doc["savings_vs_current_before"]))
    return [[say(f"html.stat.{label}"), f"{st['profiles']:,}", _yuan(_round(st["mean_fen"])),
             _yuan(st["median_fen"]), _yuan(st["p90_fen"])] for label, st in stats]


def unscored_label(doc: Doc, say: Wording = EN) -> str:
    """The changes the figures cannot show (``PlanRow.unscored``), empty when none."""
    found = [say.detail(p["plan_id"], say.join(change_words(c, say) for c in p["unscored"]))
             for p in _plans(doc) if p.get("unscored")]
    return say("unscored", plans=say.some(found)) if found else ""


def unknown_current_label(doc: Doc, say: Wording = EN) -> str:
    """How many profiles have no current plan the baseline knows (none given, or an id it does not have, e.g.
    misspelt or in another case): they are left out of 'pays on current plan' and the moves from it."""
    n = doc["current_switches"]["unknown_current_plan"]
    return say.counted("no_current_plan", n, share=_pct(n / doc["profiles"] if doc["profiles"] else 0))


def unfit_current_label(doc: Doc, say: Wording = EN) -> str:
    """How many profiles' current plan meets their needs with no bundle (found by QA: 'pays on current plan'
    left them out without a word); empty when none."""
    n = doc["pay"]["current"]["current_plan_does_not_fit"]
    if not n:
        return ""
    return say.counted("current_plan_unfit", n, share=_pct(n / doc["profiles"] if doc["profiles"] else 0))


VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1">'


def html(doc: Doc, say: Wording = EN) -> str:
    """The report as one HTML page with inline SVG charts (share, revenue, savings)."""
    plans = _plans(doc)
    n = doc["profiles"]
    cand, revenue, savings = doc["candidate"], doc["revenue"], doc["savings"]
    labels = [p["plan_id"] for p in plans]
    e = escape
    change = revenue["change_fen"]
    rows, switch_rows = _plan_rows(plans, say), _switch_rows(doc, "switches", say)
    current_rows, stat_rows = _switch_rows(doc, "current_switches", say), _stat_rows(doc, say)
    customers_pay_head = "th.customers_now.pay.fitting" if customers_unfit_label(doc, say) else "th.customers_now.pay"
    current_note = say("sentence.separator").join(
        say.sentence(label) for label in (unknown_current_label(doc, say), unfit_current_label(doc, say)) if label)
    counts = savings["histogram"]["counts"]
    bins, bin_lines = savings_labels(wording(say.lang)), savings_labels(wording(say.lang), break_before_high=True)
    shares_before, shares_after = [p["share_before"] for p in plans], [p["share_after"] for p in plans]
    revenue_before = [fen_to_yuan(p["revenue_fen_before"]) for p in plans]
    revenue_after = [fen_to_yuan(p["revenue_fen_after"]) for p in plans]
    engine = doc.get("engine")
    changed_best = doc["switches"]["changed_best_plan"]
    edit = edit_label(doc, say)
    other, unscored = other_currency_label(doc, say), unscored_label(doc, say)
    off_sale, unchecked = not_on_sale_label(doc, say), unchecked_label(doc, say)
    customers_only = customers_only_label(doc, say)
    ends_later = sale_ends_later_label(doc, say)
    legend = _legend(say)
    subtitle = say("html.subtitle", profiles=profiles(n, say), baseline=e(doc["baseline"]["version"]),
                   candidate=e(cand["version"]), edit=e(edit), as_of=e(as_of_label(doc, say)),
                   engine=e(engine_label(doc, say) if engine is None
                            else say("html.ran", engine=engine_label(doc, say), seconds=engine["seconds"])))
    shift_heads = [say("th.share_before"), say("th.share_after"), say("th.revenue_before"), say("th.revenue_after"),
                   say("th.change")]

    def plan_heads(what: str) -> list[str]:
        return [say("th.plan"), say(f"th.{what}_before"), say(f"th.{what}_after")]
    histogram = (_histogram(bins, bin_lines, counts, say, say("html.savings"))
                 + _narrow_histogram(bins, counts, say, say("html.savings"))
                 + _histogram_figures(bins, counts, say, say("html.savings")))
    no_fit = say.counted("no_fit", doc["no_fit"]["before"], after=f"{doc['no_fit']['after']:,}")
    return f"""<!doctype html>
<html lang="{HTML_LANG[say.lang]}"><head><meta charset="utf-8">{VIEWPORT}
<title>{e(say("html.title", edit=edit))}</title><style>{CSS}</style></head>
<body>
<h1>{say("html.heading")}</h1>
<p class="muted">{subtitle}</p>
{f'<p class="muted">{e(say.sentence(other))}</p>' if other else ''}
{f'<p class="muted">{e(say.sentence(unscored))}</p>' if unscored else ''}
{f'<p class="muted">{e(say.sentence(off_sale))}</p>' if off_sale else ''}
{f'<p class="muted">{e(say.sentence(ends_later))}</p>' if ends_later else ''}
{f'<p class="muted">{e(say.sentence(unchecked))}</p>' if unchecked else ''}
{f'<p class="muted">{e(say.sentence(customers_only))}</p>' if customers_only else ''}
<div class="cards">
<div class="card">{say("card.revenue")}<b>{_yuan(revenue['total_fen_before'])} →
{_yuan(revenue['total_fen_after'])}</b>{_change(change)} {say("card.revenue.tail")}</div>
<div class="card">{say("card.best")}<b>{changed_best:,}</b>{e(say("card.best.tail",
    profiles_word=say.counted('profiles_word', changed_best), moved=f"{doc['current_switches']['changed_plan']:,}",
    before=f"{doc['current_switches']['changed_plan_before']:,}"))}</div>
<div class="card">{say("card.pay")}<b>{_pct(savings['share_saving'])} · {_pct(savings['share_paying_more'])}</b>{
    say("card.pay.tail", profiles=profiles(savings['profiles'], say))}</div>
{_mean_card(savings['mean_fen'], say)}
</div>
<h2>{say("html.shares")}</h2>{legend}
{_bar_charts(labels, shares_before, shares_after, say("html.shares"), plan_heads("share"), say)}
<h2>{say("html.revenue")}</h2>{legend}
{_bar_charts(labels, revenue_before, revenue_after, say("html.revenue"), plan_heads("revenue"), say, fmt="yuan")}
<p class="muted">{e(say.sentence(say("revenue_definition")))}</p>
<h2>{say("html.savings")}</h2>
{histogram}
<h2>{say("html.customers")}</h2>
{_table(say("html.customers"), [say("th.operator"), f'{say("th.customers_now")}<br>{say(customers_pay_head)}',
                                  say("th.kept"), f'{say("th.won")}<br>{say("th.won.sides")}',
                                  f'{say("th.revenue_where")}<br>{say("th.revenue_where.sides")}', say("th.change")],
         _customer_rows(doc, say))}
<p class="muted">{e(say("sentence.separator").join(say.sentence(label) for label in (
    say("customers.note" if _customers(doc) else "customers.none"), customers_unfit_label(doc, say)) if label))}</p>
<h2>{say("html.operators")}</h2>
{_table(say("html.operators"), [say("th.operator"), *shift_heads], _operator_rows(doc, say))}
<h2>{say("html.plans")}</h2>
{_table(say("html.plans"), [say("th.plan"), say("th.fee_before"), say("th.fee_after"), *shift_heads], rows,
        foot=[say("th.total"), "", "", "", "", _yuan(revenue['total_fen_before']), _yuan(revenue['total_fen_after']),
              _change(change)])}
<h2>{say("html.switches")}</h2>
{_table(say("html.switches"), [say("th.from"), say("th.to"), say("th.profiles"), say("th.share_all")], switch_rows)
 if switch_rows else f'<p class="muted">{e(say("html.switches.none"))}</p>'}
{_more_moves_note(doc, "switches", say)}
<h2>{say("html.current")}</h2>
{_table(say("html.current"), [say("th.from_current"), say("th.to"), say("th.profiles"), say("th.without_edit"),
                             say("th.share_all")], current_rows)}
{_more_moves_note(doc, "current_switches", say)}
<p class="muted">{e(current_note)}</p>
<h2>{say("html.pay")}</h2>
{_table(say("html.pay"), [say("th.figure"), say("th.profiles"), say("stat.mean"),
                         say("stat.median"), say("stat.p90")], stat_rows)}
<p class="muted">{e(say("sentence.separator").join([say.sentence(say("quantiles")), no_fit]))}</p>
{_segment_tables(doc, say)}</body></html>
"""


def _segment_tables(doc: Doc, say: Wording) -> str:
    """The figures by region, age band and data band (``segment_lines``'), a table each with every segment (regions:
    those whose best plan changes for the most profiles first); a column the population lacks said so."""
    columns = doc.get("segments")
    if not columns:
        return ""
    out = [f'<h2>{say("html.segments")}</h2><p class="muted">{escape(say("segments.note"))}</p>']
    for dim in columns:
        name = dim["column"]
        if not dim["in_population"]:
            out.append(f'<p class="muted">{escape(say.sentence(absent_label(name, say)))}</p>')
            continue
        heads = [say(f"segments.column.{name}"), say("segments.th.profiles"), say("segments.th.changes"),
                 f'{say("segments.th.saving")}<br>{say("segments.th.mean")}',
                 f'{say("segments.th.paying_more")}<br>{say("segments.th.mean")}', say("segments.th.moves")]
        rows: list[list[str]] = []
        for r in _segments_in_order(name, dim["segments"]):
            segment = escape(segment_name(name, r["segment"], say))
            # a region's code and name on one line ("CN-HE 河北" broke after its code at 390 px: a11y review)
            cells = [f"<span class='nowrap'>{segment}</span>" if name == "region" else segment, f"{r['profiles']:,}",
                     f"{r['changed_best_plan']:,}<br><span class='muted'>{_pct(r['share_changed_best_plan'])}</span>",
                     f"{r['profiles_saving']:,}<br><span class='muted'>{_yuan(_round(r['mean_saved_fen']))}</span>",
                     f"{r['profiles_paying_more']:,}<br><span class='muted'>"
                     f"{_yuan(_round(r['mean_extra_cost_fen']))}</span>",
                     "<br>".join(escape(_move(s, say)) for s in r["top"][:3])]
            rows.append(cells)
        out.append(_table(say("html.segments.caption", section=say("html.segments"),
                              column=say(f"segments.column.{name}")), heads, rows))
    return "\n".join(out) + "\n"
