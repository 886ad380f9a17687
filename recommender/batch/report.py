"""The what-if report for people: a terminal summary and a self-contained HTML page.

The HTML has inline CSS and inline SVG charts only (no scripts, fonts or links to fetch), so it
opens offline from a file or an e-mail attachment.
"""

from collections.abc import Sequence
from html import escape

from ..messages import catalogue, singular
from ..money import fen_to_yuan, format_yuan
from .document import OperatorCustomers, OperatorRow, PackChange, PlanRow, Stats, Summary
from .summary import SAVINGS_EDGES_YUAN

Doc = Summary

LANG = "en"
"""The report's language: its counts are worded from ``messages/<lang>.json`` (``whatif.*``)."""


def counted(key: str, count: int, **params: str) -> str:
    """The phrase ``whatif.<key>`` for ``count`` (``<key>.one`` for 1: ``messages.singular``), the count written with
    its thousands separated (found by QA: a one-profile population read "what-if: 1 profiles")."""
    words = catalogue(LANG)
    return words[singular(words, f"whatif.{key}", {"count": count})].format(count=f"{count:,}", **params)


def profiles(count: int) -> str:
    """``1 profile``, ``2 profiles``."""
    return counted("profiles", count)


def _yuan(fen: int | None) -> str:
    return "—" if fen is None else format_yuan(fen)


def _signed(fen: int) -> str:
    return ("+" if fen > 0 else "") + format_yuan(fen)


def _pct(share: float) -> str:
    return f"{100 * share:.2f} %"


def _mean_card(mean_fen: float | None) -> str:
    """The mean change of what a profile pays, said as a saving or as paying more (never a negative saving: "mean
    saving −¥0.78" read as a saving; found by the phone QA)."""
    mean = _round(mean_fen)
    title, amount = ("mean extra cost", -mean) if mean is not None and mean < 0 else ("mean saving", mean)
    return f'<div class="card">{title}<b>{_yuan(amount)}</b>a month per profile, of the same</div>'


def engine_label(doc: Doc) -> str:
    """Where the profiles were scored: Spark's master and cores, or the local workers (just "local" when a result
    file does not say how many: one written before it did, or by hand; it read "local, None worker(s)")."""
    engine = doc.get("engine")
    if engine is not None and engine["name"] == "spark":
        cores = engine.get("cores")
        return f"spark {engine.get('master')}" + (f", {counted('cores', cores)}" if cores else "")
    if engine is None or engine.get("workers") is None:
        return "local"
    workers, busy = engine["workers"], engine.get("busy_workers")
    idle = f", only {busy} had rows to score" if busy is not None and busy < workers else ""
    return f"local, {counted('workers', workers)}{idle}"


def as_of_label(doc: Doc) -> str:
    """The day conditions of sale were read at, as the report says it ("" when the document does not say)."""
    inputs = doc.get("inputs")
    day = inputs.get("as_of") if inputs is not None else None
    return f" · conditions of sale as of {day}" if day else ""


def other_currency_label(doc: Doc) -> str:
    """The plans the population does not compare, priced in another currency ("" when there are none):
    "tmo-go5g (USD), cu-roam (USD in the candidate)"."""
    sides = {side: {p["plan_id"]: p["currency"] for p in info["other_currency_plans"]}
             for side, info in (("baseline", doc["baseline"]), ("candidate", doc["candidate"]))}
    named = []
    for pid in dict.fromkeys([*sides["baseline"], *sides["candidate"]]):
        before, after = sides["baseline"].get(pid), sides["candidate"].get(pid)
        where = before if before == after else ", ".join(f"{currency} in the {side}" for side, currency in
                                                          (("baseline", before), ("candidate", after)) if currency)
        named.append(f"{pid} ({where})")
    return f"not compared, priced in another currency: {some(named)}" if named else ""


def _plans(doc: Doc) -> list[PlanRow]:
    return list(doc["plans"])


def edit_label(doc: Doc) -> str:
    """What the edit did to the plans: changed, and (when there are) added and removed ones."""
    cand = doc["candidate"]
    rows = {p["plan_id"]: p for p in doc["plans"]}  # (what changed in each, as a changed pack says it: the HTML
    plans = [f"{pid} ({changes_label(rows[pid])})" if pid in rows and rows[pid]["changes"] else pid  # had ids alone)
             for pid in cand["changed_plans"]]
    out = [f"changed plans: {some(plans) or 'none'}"]
    out += [f"{what} plans: {some(ids)}"
            for what, ids in (("added", cand["added_plans"]), ("removed", cand["removed_plans"])) if ids]
    changed = [f"{c['pack_id']} ({pack_changes_label(c)})" for c in cand["pack_changes"]]
    out += [f"{what} packs: {some(ids)}" for what, ids in (("changed", changed),
                                                           ("added", cand["added_packs"]),
                                                           ("removed", cand["removed_packs"])) if ids]
    return " · ".join(out)


CHANGE_WORDS = {"tariffs": "allowances or rates", "app_data": "app data", "name_en": "English name",
                "assumed": "figure sources", "rule": "conditions of sale", "terms": "contract terms",
                "zone_rates": "roaming rates", "market": "market",
                "packs": "its packs (added, removed or edited)"}


def changes_label(plan: PlanRow) -> str:
    """What an edit changed in a plan, the fee with its amounts (``fee ¥299.00 → ¥249.00, name``)."""
    words = [f"fee {_yuan(plan['fee_fen_before'] or 0)} → {_yuan(plan['fee_fen_after'] or 0)}" if change == "fee_fen"
             else CHANGE_WORDS.get(change, change.replace("_", " ")) for change in plan["changes"]]
    return ", ".join(words) + ("" if "fee_fen" in plan["changes"] else " (the fee as before)")


PACK_WORDS = {**CHANGE_WORDS, "adds": "what it adds", "plans": "the plans it fits", "install_fen": "installation fee",
              "max_count": "most a month", "free_with": "free with"}
"""A pack's changed fields in words: a plan's where they share a name (``CHANGE_WORDS``)."""


def pack_changes_label(change: PackChange) -> str:
    """What an edit changed in a pack, the price with its amounts (``price ¥40.00 → ¥35.00``)."""
    return ", ".join(f"price {_yuan(change['price_fen_before'])} → {_yuan(change['price_fen_after'])}"
                     if name == "price_fen" else PACK_WORDS.get(name, name.replace("_", " "))
                     for name in change["changes"])


SOME = 12
"""How many names a summary line gives before it counts the rest (the document lists them all)."""


def some(names: Sequence[str]) -> str:
    """``names`` joined, the first ``SOME`` of a long list and how many more."""
    shown = ", ".join(names[:SOME])
    return shown + (f" and {len(names) - SOME:,} more" if len(names) > SOME else "")


def terminal(doc: Doc) -> str:
    """A readable summary: shares and revenue per plan, top switches, pay and savings."""
    n = doc["profiles"]
    cand = doc["candidate"]
    no_fit = doc["no_fit"]
    out = [f"what-if: {profiles(n)} · baseline {doc['baseline']['version']} → candidate {cand['version']}"
           f" · {edit_label(doc)}{as_of_label(doc)}",
           f"no plan fits: {no_fit['before']:,} → {no_fit['after']:,}",
           *filter(None, [other_currency_label(doc)]), ""]
    out.append(f"{'plan':<18} {'operator':<14} {'share before':>12} {'after':>9} {'revenue before':>16} "
               f"{'after':>16} {'change':>14}")
    for p in _plans(doc):
        change = p["revenue_fen_after"] - p["revenue_fen_before"]
        mark = {"changed": " *", "added": " +", "removed": " -", "other_currency": " ~"}.get(p["status"], "")
        out.append(f"{p['plan_id'] + mark:<18} {p['operator']!s:<14} {_pct(p['share_before']):>12} "
                   f"{_pct(p['share_after']):>9} {_yuan(p['revenue_fen_before']):>16} "
                   f"{_yuan(p['revenue_fen_after']):>16} {_signed(change):>14}")
    revenue = doc["revenue"]
    out.append(f"{'total':<33} {'':>12} {'':>9} {_yuan(revenue['total_fen_before']):>16} "
               f"{_yuan(revenue['total_fen_after']):>16} {_signed(revenue['change_fen']):>14}")
    out.append("(* changed, + added, - removed, ~ in another currency on the other side; revenue: what the "
               "profiles choosing the plan pay a month, effective)")
    out.extend(f"  {p['plan_id']} *: {changes_label(p)}" for p in _plans(doc) if p["changes"])
    if unscored := unscored_label(doc):
        out.append(f"  {unscored}")
    for o in doc["operators"]:
        change = o["revenue_fen_after"] - o["revenue_fen_before"]
        out.append(f"  {o['operator']:<14} share {_pct(o['share_before'])} → {_pct(o['share_after'])}, "
                   f"revenue {_yuan(o['revenue_fen_before'])} → {_yuan(o['revenue_fen_after'])} ({_signed(change)})")
    out.extend(customers_lines(doc))
    switches = doc["switches"]
    out.append("")
    out.append(f"best plan changes for {profiles(switches['changed_best_plan'])} "
               f"({_pct(switches['changed_best_plan'] / n if n else 0)}):")
    for s in switches["top"][:10]:
        out.append(f"  {s['from'] or '(nothing fits)':>18} → {s['to'] or '(nothing fits)':<18} {s['profiles']:>12,}")
    current = doc["current_switches"]
    out.append(f"current plan → best after the edit: {current['changed_plan']:,} would move "
               f"({current['changed_plan_before']:,} without the edit)"
               + ("; top moves:" if current["top"] else ""))
    for s in current["top"][:5]:
        out.append(f"  {s['from']:>18} → {s['to'] or '(nothing fits)':<18} {s['profiles']:>12,}"
                   f"  ({s.get('profiles_without_edit', 0):,} without the edit)")
    out.append(unknown_current_label(doc))
    if unfit := unfit_current_label(doc):
        out.append(unfit)
    pay = doc["pay"]
    out.append("")
    out.append(f"{'a month (effective price)':<28} {'mean':>12} {'median':>12} {'p90':>12}")
    rows: tuple[tuple[str, Stats], ...] = (
        ("pays on best, before", pay["before"]), ("pays on best, after", pay["after"]),
        ("pays on current plan", pay["current"]), ("saves (before − after)", doc["savings"]),
        ("saves against current", doc["savings_vs_current"]),
        ("  without the edit", doc["savings_vs_current_before"]))
    for label, st in rows:
        out.append(f"{label:<28} {_yuan(_round(st['mean_fen'])):>12} {_yuan(st['median_fen']):>12} "
                   f"{_yuan(st['p90_fen']):>12}")
    savings = doc["savings"]
    out.append(f"the edit saves {_pct(savings['share_saving'])} of profiles money, "
               f"costs {_pct(savings['share_paying_more'])} more, leaves {_pct(savings['share_unchanged'])} unchanged")
    return "\n".join(out)


CUSTOMERS_NOTE = ("an operator's customers: the profiles on one of its plans now; a person leaves their plan only "
                  "for one that costs less, as recommend advises (one whose plan does not meet their needs leaves it, "
                  "and with no plan that does counts as lost to all); revenue: what the people on its plans pay it a "
                  "month where they go (profiles with a known current plan)")
NO_CUSTOMERS = "customers: none counted, no profile gives a current plan the baseline has (current_plan)"


def _customers(doc: Doc) -> list[OperatorCustomers]:
    """The operators' customer rows, none when no profile gives a current plan (every row would read 0)."""
    rows = doc.get("customers") or []
    return rows if any(c["customers_now"] for c in rows) else []


def customers_lines(doc: Doc) -> list[str]:
    """Each operator's customers now, and who it keeps, loses and wins without the edit and with it."""
    rows = _customers(doc)
    out = [f"customers, without the edit → with it ({CUSTOMERS_NOTE}):"] if rows else [NO_CUSTOMERS]
    for c in rows:
        change = c["revenue_fen_after"] - c["revenue_fen_before"]
        out.append(f"  {c['operator']:<14} {c['customers_now']:,} now paying {_yuan(c['revenue_fen_now'])}; "
                   f"keeps {c['kept_before']:,} → {c['kept_after']:,} "
                   f"(loses {c['customers_now'] - c['kept_before']:,} → {c['customers_now'] - c['kept_after']:,}), "
                   f"wins {c['won_before']:,} → {c['won_after']:,}; revenue {_yuan(c['revenue_fen_before'])} → "
                   f"{_yuan(c['revenue_fen_after'])} ({_signed(change)})")
    return out


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
td{white-space:nowrap}td:first-child{white-space:normal}.wide{overflow-x:auto}
.narrow{display:none}
"""
NARROW_BELOW = 960
"""The viewport width (CSS px) below which the charts are drawn to the page's width (``_narrow_bars``,
``_narrow_histogram``) instead of the fixed 900 px ones, which fit at full size only from 932 px (a 1000 px column,
1 rem padding a side; and room for a scrollbar): under it they shrank with their labels, at 390 px to a 4.4 px
type.  Found by the phone QA."""
STICKY = ".wide th:first-child,.wide td:first-child{position:sticky;left:0;background:#fff;box-shadow:1px 0 #d0d7de}"
"""On a narrow page a table wider than it scrolls in its box, and its first column (the operator, plan or row
label) stays in view: scrolled to the change column, the rows had lost their names (found by the phone QA)."""
CSS += f"@media (max-width:{NARROW_BELOW - 1}px){{svg.fixed{{display:none}}.narrow{{display:block}}{STICKY}}}\n"


def _bars(labels: Sequence[str], before: Sequence[float], after: Sequence[float], fmt: str = "pct") -> str:
    """Horizontal paired bars (before grey, after blue), one row per label."""
    row, width, left, right = 30, 900, 170, 110
    top = max([*before, *after, 1e-12])
    h = row * len(labels) + 10
    parts = [f'<svg class="fixed" viewBox="0 0 {width} {h}" width="{width}" height="{h}" role="img" '
             'xmlns="http://www.w3.org/2000/svg">']
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
    return f"{100 * value:.2f} %" if fmt == "pct" else f"¥{value:,.0f}"


NARROW_BAR = 68
"""The longest bar of a narrow chart, in % of its width: the rest holds the value written after it (a million
profiles' ¥168,156,500 at 11 px is ~80 px, 32 % of a 320 px phone's 288 px column, with the 4 px gap)."""


def _narrow_svg(height: int) -> str:
    """A chart drawn to the page's width, no viewBox: lengths in CSS px (type never scales), bars in % of the width."""
    return (f'<svg class="narrow" width="100%" height="{height}" style="width:100%;height:{height}px" role="img" '
            'xmlns="http://www.w3.org/2000/svg">')


def _narrow_bars(labels: Sequence[str], before: Sequence[float], after: Sequence[float], fmt: str = "pct") -> str:
    """``_bars`` for a narrow page: each label on its own line over its two bars, each value after its bar."""
    row = 48
    top = max([*before, *after, 1e-12])
    parts = [_narrow_svg(row * len(labels) + 4)]
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


def _bar_charts(labels: Sequence[str], before: Sequence[float], after: Sequence[float], fmt: str = "pct") -> str:
    """The fixed chart and the narrow one (the page's CSS shows one of them by its width)."""
    return _bars(labels, before, after, fmt) + _narrow_bars(labels, before, after, fmt)


SAVED_NOTHING = SAVINGS_EDGES_YUAN.index(0) + 1
"""The savings histogram's bin of profiles the edit leaves alone (``summary.savings_histogram``): the bins
before it pay more, the bins after it save (coloured by position: its labels are words for people)."""


def _histogram(labels: Sequence[str], counts: Sequence[int]) -> str:
    width, height, bottom, left = 900, 272, 62, 60
    n = len(labels)
    top = max([*counts, 1])
    slot = (width - left - 10) / n
    parts = [f'<svg class="fixed" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
             'xmlns="http://www.w3.org/2000/svg">',
             f'<line x1="{left}" y1="{height - bottom}" x2="{width - 10}" y2="{height - bottom}" stroke="#8c959f"/>']
    for k, (label, c) in enumerate(zip(labels, counts, strict=True)):
        x = left + k * slot
        h = (height - bottom - 20) * c / top
        color = _bin_colour(k)
        parts.append(f'<rect x="{x + 4:.1f}" y="{height - bottom - h:.1f}" width="{slot - 8:.1f}" height="{h:.1f}" '
                     f'fill="{color}"><title>{escape(label)}: {c:,}</title></rect>')
        parts.append(f'<text x="{x + slot / 2:.1f}" y="{height - bottom - h - 4:.1f}" font-size="11" '
                     f'text-anchor="middle" fill="#57606a">{c:,}</text>')
        lines = label.replace(" to ", " to\n").split("\n")  # a range on two lines: a slot is ~64 px
        parts.append(f'<text x="{x + slot / 2:.1f}" y="{height - bottom + 16}" font-size="11" '
                     'text-anchor="middle">' + "".join(
                         f'<tspan x="{x + slot / 2:.1f}" dy="{0 if i == 0 else 13}">{escape(line)}</tspan>'
                         for i, line in enumerate(lines)) + '</text>')
    parts.append(f'<text x="{left}" y="{height - 8}" font-size="11" fill="#57606a">{HISTOGRAM_NOTE}</text></svg>')
    return "".join(parts)


HISTOGRAM_NOTE = ("profiles per bin of monthly savings (log scale not used: the ¥0 bar is everyone the edit leaves "
                  "alone)")


def _bin_colour(k: int) -> str:
    return "#cf222e" if k < SAVED_NOTHING else "#8c959f" if k == SAVED_NOTHING else "#1a7f37"


def _narrow_histogram(labels: Sequence[str], counts: Sequence[int]) -> str:
    """``_histogram`` for a narrow page: a bin a row, its range on the left, its bar across, its count after it
    (thirteen columns of ~27 px have no room for a range at a readable size); the note under it as text."""
    row, split = 24, 36  # the ranges right-aligned in the first 36 % ("-¥100 to -¥50" at 12 px is ~85 px)
    top = max([*counts, 1])
    parts = [_narrow_svg(row * len(labels) + 4)]
    for k, (label, c) in enumerate(zip(labels, counts, strict=True)):
        y = k * row
        w = (100 - split) * NARROW_BAR / 100 * c / top
        parts.append(f'<text x="{split}%" dx="-8" y="{y + 16}" font-size="12" text-anchor="end">{escape(label)}</text>')
        parts.append(f'<rect x="{split}%" y="{y + 5}" width="{w:.2f}%" height="14" fill="{_bin_colour(k)}">'
                     f'<title>{escape(label)}: {c:,}</title></rect>')
        parts.append(f'<text x="{split + w:.2f}%" dx="4" y="{y + 16}" font-size="11" fill="#57606a">{c:,}</text>')
    parts.append(f'</svg><p class="narrow muted">{HISTOGRAM_NOTE}</p>')
    return "".join(parts)


def _legend() -> str:
    return (f'<p class="legend muted"><span style="background:{BEFORE}"></span>baseline'
            f'<span style="background:{AFTER}"></span>candidate</p>')


def _shift_cells(row: PlanRow | OperatorRow) -> str:
    """A plan's or an operator's share and revenue before and after, and the revenue's change."""
    d = row["revenue_fen_after"] - row["revenue_fen_before"]
    return (f"<td>{_pct(row['share_before'])}</td><td>{_pct(row['share_after'])}</td>"
            f"<td>{_yuan(row['revenue_fen_before'])}</td><td>{_yuan(row['revenue_fen_after'])}</td>"
            f"<td class='{'up' if d > 0 else 'down' if d < 0 else ''}'>{_signed(d)}</td>")


def _plan_rows(plans: list[PlanRow]) -> str:
    return "".join(f"<tr><td>{escape(p['plan_id'])} <span class='muted'>{escape(p['name'])} · "
                   f"{escape(p['status'])}{' · ' + escape(changes_label(p)) if p['changes'] else ''}</span></td>"
                   f"<td>{_yuan(p['fee_fen_before'])}</td>"
                   f"<td>{_yuan(p['fee_fen_after'])}</td>{_shift_cells(p)}</tr>" for p in plans)


def _operator_rows(doc: Doc) -> str:
    return "".join(f"<tr><td>{escape(o['operator'])}</td>{_shift_cells(o)}</tr>" for o in doc["operators"])


def _switch_rows(doc: Doc, key: str) -> str:
    n = doc["profiles"]
    switches = doc["switches"]["top"] if key == "switches" else doc["current_switches"]["top"]
    return "".join(
        f"<tr><td>{escape(str(s['from']) if key != 'switches' else s['from'] or '(nothing fits)')}</td>"
        f"<td>{escape(s['to'] or '(nothing fits)')}</td>"
        f"<td>{s['profiles']:,}</td>"
        + (f"<td>{s.get('profiles_without_edit', 0):,}</td>" if key != "switches" else "")
        + f"<td>{_pct(s['profiles'] / n if n else 0)}</td></tr>"
        for s in switches[:20])


def _customer_rows(doc: Doc) -> str:
    out = []
    for c in _customers(doc):
        d = c["revenue_fen_after"] - c["revenue_fen_before"]
        out.append(f"<tr><td>{escape(c['operator'])}</td><td>{c['customers_now']:,}<br>"
                   f"<span class='muted'>{_yuan(c['revenue_fen_now'])}</span></td>"
                   f"<td>{c['kept_before']:,} → {c['kept_after']:,}</td>"
                   f"<td>{c['won_before']:,} → {c['won_after']:,}</td>"
                   f"<td>{_yuan(c['revenue_fen_before'])} →<br>{_yuan(c['revenue_fen_after'])}</td>"
                   f"<td class='{'up' if d > 0 else 'down' if d < 0 else ''}'>{_signed(d)}</td></tr>")
    return "".join(out)


def _stat_rows(doc: Doc) -> str:
    pay = doc["pay"]
    stats: tuple[tuple[str, Stats], ...] = (
        ("pays on best bundle, before", pay["before"]), ("pays on best bundle, after", pay["after"]),
        ("pays on current plan", pay["current"]), ("saves: before − after", doc["savings"]),
        ("saves: current − after", doc["savings_vs_current"]),
        ("saves: current − where they go without the edit", doc["savings_vs_current_before"]))
    return "".join(f"<tr><td>{label}</td><td>{st['profiles']:,}</td><td>{_yuan(_round(st['mean_fen']))}"
                   f"</td><td>{_yuan(st['median_fen'])}</td><td>{_yuan(st['p90_fen'])}</td></tr>"
                   for label, st in stats)


def unscored_label(doc: Doc) -> str:
    """The changes the figures cannot show (``PlanRow.unscored``), empty when none."""
    found = [f"{p['plan_id']} ({', '.join(CHANGE_WORDS.get(c, c.replace('_', ' ')) for c in p['unscored'])})"
             for p in _plans(doc) if p.get("unscored")]
    return ("not scored: " + some(found) + ": a population row is one line's month, with no app use and no benefit "
            "asked for, so no figure here shows a change to extra lines, app data or benefits" if found else "")


def unknown_current_label(doc: Doc) -> str:
    """How many profiles have no current plan the baseline knows (none given, or an id it does not have, e.g.
    misspelt or in another case): they are left out of 'pays on current plan' and the moves from it."""
    n = doc["current_switches"]["unknown_current_plan"]
    return counted("no_current_plan", n, share=_pct(n / doc["profiles"] if doc["profiles"] else 0))


def unfit_current_label(doc: Doc) -> str:
    """How many profiles' current plan meets their needs with no bundle (found by QA: 'pays on current plan'
    left them out without a word); empty when none."""
    n = doc["pay"]["current"]["current_plan_does_not_fit"]
    if not n:
        return ""
    return counted("current_plan_unfit", n, share=_pct(n / doc["profiles"] if doc["profiles"] else 0))


def html(doc: Doc) -> str:
    """The report as one HTML page with inline SVG charts (share, revenue, savings)."""
    plans = _plans(doc)
    n = doc["profiles"]
    cand, revenue, savings = doc["candidate"], doc["revenue"], doc["savings"]
    labels = [p["plan_id"] for p in plans]
    e = escape
    change = revenue["change_fen"]
    cls = "up" if change > 0 else "down" if change < 0 else ""
    rows, switch_rows = _plan_rows(plans), _switch_rows(doc, "switches")
    current_rows, stat_rows = _switch_rows(doc, "current_switches"), _stat_rows(doc)
    current_note = " ".join(f"{label}." for label in (unknown_current_label(doc), unfit_current_label(doc)) if label)
    hist = savings["histogram"]
    shares_before, shares_after = [p["share_before"] for p in plans], [p["share_after"] for p in plans]
    revenue_before = [fen_to_yuan(p["revenue_fen_before"]) for p in plans]
    revenue_after = [fen_to_yuan(p["revenue_fen_after"]) for p in plans]
    engine = doc.get("engine")
    changed_best = doc["switches"]["changed_best_plan"]
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>What-if: {e(edit_label(doc))}</title><style>{CSS}</style></head>
<body>
<h1>What-if report</h1>
<p class="muted">{profiles(n)} · baseline catalogue {e(doc['baseline']['version'])} →
candidate {e(cand['version'])} · {e(edit_label(doc))}{e(as_of_label(doc))}
· {e(engine_label(doc))}, {engine['seconds'] if engine is not None else None} s</p>
{f'<p class="muted">{e(other_currency_label(doc))}.</p>' if other_currency_label(doc) else ''}
{f'<p class="muted">{e(unscored_label(doc))}.</p>' if unscored_label(doc) else ''}
<div class="cards">
<div class="card">revenue a month, all operators<b>{_yuan(revenue['total_fen_before'])} →
{_yuan(revenue['total_fen_after'])}</b><span class="{cls}">{_signed(change)}</span> if everyone took their
best bundle (each operator's below)</div>
<div class="card">best plan changes<b>{changed_best:,}</b>{counted('profiles_word', changed_best)}; from their current
plan {doc['current_switches']['changed_plan']:,} would move
({doc['current_switches']['changed_plan_before']:,} without the edit)</div>
<div class="card">pay less · pay more<b>{_pct(savings['share_saving'])} · {_pct(savings['share_paying_more'])}</b>of
the {profiles(savings['profiles'])} some plan fits before and after</div>
{_mean_card(savings['mean_fen'])}
</div>
<h2>Share of profiles whose best bundle is each plan</h2>{_legend()}
{_bar_charts(labels, shares_before, shares_after)}
<h2>Revenue per plan (yuan a month)</h2>{_legend()}
{_bar_charts(labels, revenue_before, revenue_after, fmt="yuan")}
<p class="muted">{e(revenue['definition'])}.</p>
<h2>Savings: what each profile pays before minus after</h2>
{_histogram(hist['labels'], hist['counts'])}{_narrow_histogram(hist['labels'], hist['counts'])}
<h2>Customers of each operator: who stays, who leaves, revenue where they go (yuan a month)</h2>
<div class="wide"><table><tr><th>operator</th><th>customers now<br>(what they pay now)</th>
<th>kept: without the edit → with it</th><th>won from others:<br>without → with</th>
<th>revenue where they go:<br>without the edit → with it</th><th>change</th></tr>{_customer_rows(doc)}</table></div>
<p class="muted">{e(CUSTOMERS_NOTE if _customers(doc) else NO_CUSTOMERS)}.</p>
<h2>Operators, if everyone took their best bundle</h2>
<div class="wide"><table><tr><th>operator</th><th>share before</th><th>share after</th><th>revenue before</th>
<th>revenue after</th><th>change</th></tr>{_operator_rows(doc)}</table></div>
<h2>Plans</h2>
<div class="wide"><table><tr><th>plan</th><th>fee before</th><th>fee after</th><th>share before</th><th>share after</th>
<th>revenue before</th><th>revenue after</th><th>change</th></tr>{rows}
<tr><th>total</th><th></th><th></th><th></th><th></th><th>{_yuan(revenue['total_fen_before'])}</th>
<th>{_yuan(revenue['total_fen_after'])}</th><th class="{cls}">{_signed(change)}</th></tr></table></div>
<h2>Who switches: best plan before → after</h2>
<div class="wide"><table><tr><th>from</th><th>to</th><th>profiles</th><th>share of all profiles</th></tr>
{switch_rows}</table></div>
<h2>Current plan → best plan after the edit</h2>
<div class="wide"><table><tr><th>from (current)</th><th>to</th><th>profiles</th><th>without the edit</th>
<th>share of all profiles</th></tr>{current_rows}</table></div>
<p class="muted">{e(current_note)}</p>
<h2>What customers pay a month (effective price: over the horizon, with each plan's terms)</h2>
<div class="wide"><table><tr><th></th><th>profiles</th><th>mean</th><th>median</th><th>p90</th></tr>{stat_rows}
</table></div>
<p class="muted">{e(doc['quantiles'])}. {e(counted('no_fit', doc['no_fit']['before'],
                                                 after=f"{doc['no_fit']['after']:,}"))}</p>
</body></html>
"""
