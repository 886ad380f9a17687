"""The answer document as the page shows it: names in the page's language, bars, a chart, sources.

Nothing here computes a price: every amount is the answer's (``recommend``), so the page and the
API always agree.  This module only labels the figures, says which of them are assumptions
(the plan files' ``source: "assumption: ..."``) and lays out the bars and the chart.
"""

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal
from typing import Any, NamedTuple

from ..catalogue import Catalogue
from ..catalogue.spec import ExtraLines, Figure, PackSpec, PlanSpec
from ..cost import in_price, weights
from ..eligibility import plan_today, worded_once
from ..messages import (
    BIDI_CONTROLS,
    HAVE,
    NEED,
    QUANTITY_SCALE,
    Message,
    names_for,
    number,
    pack_line_text,
    quantity,
    reasons,
)
from ..messages import render as word
from ..money import format_money, format_yuan, yuan_to_fen
from ..profile import Profile
from ..usage import billed
from .i18n import translate

ASSUMPTION = "assumption: "
METER_ALLOWANCE = {  # meter: (plan spec path, pack ``adds`` field)
    "data_mb": (("data_gb",), "data_gb"),
    "voice_minutes": (("voice_minutes",), "voice_minutes"),
    "sms": (("sms",), "sms"),
    "roaming_data_mb": (("roaming", "data_gb"), "roaming_data_gb"),
    "roaming_voice_minutes": (("roaming", "voice_minutes"), "roaming_voice_minutes"),
    "satellite_voice_minutes": (("satellite", "minutes"), "satellite_minutes"),
    "satellite_sms": (("satellite", "sms"), "satellite_sms"),
}
ASKED_ONLY = ("roaming", "satellite")
"""The meters whose bar is shown only when the person needs some (a plan's roaming or satellite allowance is no use
to one who does not go)."""
CAPABILITIES = ("min_uplink_mbps", "min_downlink_mbps", "satellite", "broadband")
METER_ALIASES = {"voice_s": "voice_minutes", "roaming_voice_s": "roaming_voice_minutes",
                 "satellite_voice_s": "satellite_voice_minutes"}
OVERAGE_RATE = {"data_mb": "data_per_gb", "voice_minutes": "voice_per_minute", "sms": "sms_each"}
CHART_WIDTH = 420
CHART_LABEL_H = 22
CHART_BAR_H = 20
CHART_ROW_H = 52
CHART_LINE_CLEAR = 2
"""How far above a bar the current bill's line begins: below its row's plan name (``CHART_LABEL_H`` a row's name)."""
CHART_VALUE_W = 84
"""The room right of the longest bar for its price: ``¥999.99`` and shorter; a longer price widens it by
CHART_VALUE_CHAR_W a character (13px bold digits are ~7.5 SVG units wide here, so six-figure totals fit: QA)."""
CHART_VALUE_GAP = 8
CHART_VALUE_CHAR_W = 9
CHART_VALUE_CLEAR = 4
"""The room a price keeps clear around it: its box of the panel's colour, painted over the current bill's line, runs
this far beyond its text (the halo alone hid the line only within the glyphs: at 390 px a bill of about the best
price drew it a hair from the price's "¥", form QA)."""
SPEED_FIGURES = {"min_uplink_mbps": "uplink_mbps", "min_downlink_mbps": "downlink_mbps", "broadband": "broadband_mbps"}
"""Per speed need, the plan's or pack's figure that gives it: the one a bar's estimate mark is (the broadband bar
took the plan's alone, so a pack's assumed broadband, or a plan's beside a faster pack's, was marked wrongly: sca's
mutation run)."""
MB_PER_GB = 1024
WHOSE = frozenset({"extra_line", "holder", "line_name"})
"""The parameters by which the answer's bill lines say whose they are (``cost._whose``), which the page says its own
way."""
SHARED_PARTS = ("pack", "overage", "roaming")
"""What a household's shared part may hold, in the order its row lists them (``household.shared.<part>``)."""


@dataclass
class Source:
    """Where a shown figure comes from: assumed when any figure behind it is an assumption."""

    assumed: bool = False
    reasons: list[str] = field(default_factory=list)

    def add(self, figure: Figure | ExtraLines | None) -> "Source":
        """``figure``'s provenance (a figure's, or terms' such as extra lines' that say their own)."""
        if figure is not None and figure.source.startswith(ASSUMPTION):
            self.assumed = True
            reason = figure.source.removeprefix(ASSUMPTION)
            if reason not in self.reasons:
                self.reasons.append(reason)
        return self

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)


def _path(spec: object, path: Iterable[str]) -> Figure | None:
    for name in path:
        spec = getattr(spec, name, None)
        if spec is None:
            return None
    return spec  # type: ignore[return-value]  # the figure the path names, or None


class Worded(NamedTuple):
    """A condition of sale as the page says it: its words, and whether its plan file assumes it (the page marks it
    with its estimate mark: results.html's ``conditions``)."""

    text: str
    assumed: bool


def _saves(saves: int, rows: list[dict[str, Any]], sure: Mapping[str, Any] | None) -> dict[str, Any]:
    """The separate plans against the best household bundle (``saves``: what that bundle saves a month against their
    ``total``; negative, they cost less), and when they cost less on a condition of sale a line's answers leave
    unknown, so said, with the plans each line may surely buy against the bundle (found by the household user test:
    "separate plans cost ¥80.00 a month less" in green, where those a family could surely buy cost ¥49.00 more).
    ``kind`` names the ``separate.saves.*`` phrase."""
    if saves > 0:
        return {"kind": "household", "yuan": format_yuan(saves)}
    if saves == 0:
        return {"kind": "same", "yuan": format_yuan(0)}
    out: dict[str, Any] = {"kind": "separate", "yuan": format_yuan(-saves)}
    if not any(row["only_if"] for row in rows):
        return out
    gap = None if sure is None else sure.get("household_saves_fen")  # (the sure set less the best bundle)
    if gap is None:
        return {**out, "kind": "separate.only_if"}
    gap = int(gap)
    kind = "dearer" if gap > 0 else "cheaper" if gap < 0 else "same"
    return {**out, "kind": f"separate.sure_{kind}", "sure": format_yuan(abs(gap))}


def _conditions(conditions: Iterable[Mapping[str, Any]], status: str) -> list[Worded]:
    """The worded conditions of sale of one status (``unknown``: "only if"; ``met``; ``kept``: the person's own plan's
    they do not meet anew), each once, each saying whether it rests on an assumption (found by the fact-checker's
    test, the youth card's assumed "aged 16 to 30" read as firm as a sourced condition)."""
    return [Worded(text, assumed) for text, assumed in
            worded_once((str(c["text"]), bool(c.get("assumed"))) for c in conditions if c["status"] == status)]


_BIDI_DROPPED = dict.fromkeys(BIDI_CONTROLS)
"""``str.translate``'s table dropping the bidirectional controls (``messages.BIDI_CONTROLS``)."""


def isolated(name: str) -> str:
    """A person's own text (a household line's name) as a sentence of the page holds it: a name with right-to-left
    letters or a bidirectional control is set apart, as ``<bdi>`` would, between U+2068 and U+2069, its controls
    dropped (invisible, and one closing the isolate early would let the next one out); any other name as typed (one
    of controls alone: no name, "").
    Found by the households review: a name ending in U+202E showed the rest of the sentence reversed ("¥0.20 per
    minute" read "etunim rep 02.0¥"), and a Uyghur name drew the figure after it before it ("Line 1 · 25 :ئەنۋەر
    GB data")."""
    plain = name.translate(_BIDI_DROPPED)
    if not plain:
        return ""
    if plain == name and not any(unicodedata.bidirectional(char) in ("R", "AL", "AN") for char in name):
        return name
    return f"\u2068{plain}\u2069"


_PINYIN = {"CN-NM": "Neimenggu", "CN-XZ": "Xizang"}
"""The regions whose English names are not their pinyin (the others' are)."""


class Page:
    """Labels in one language for one catalogue."""

    def __init__(self, catalogue: Catalogue, lang: str) -> None:
        self.catalogue = catalogue
        self.lang = lang
        self.names = names_for(catalogue, lang)

    def t(self, key: str, **params: object) -> str:
        return translate(self.lang, key, **params)

    def operator(self, operator_id: str) -> str:
        spec = next((f.operator for f in self.catalogue.specs if f.operator.id == operator_id), None)
        if spec is None:
            return self.t(f"operator.{operator_id}")
        return spec.name if self.lang == "zh" else spec.name_en

    def _named(self, spec: PlanSpec | PackSpec | None, fallback: str) -> tuple[str, str | None]:
        if spec is None:
            return fallback, None
        name = spec.name if self.lang == "zh" else spec.name_en
        rule = spec.eligibility
        if rule is not None and rule.holders_only:
            return name, "plan.holders"
        return name, "plan.existing" if rule is not None and rule.customers == "existing" else None

    def plan(self, plan_id: str) -> tuple[str, str | None]:
        """The plan's name in this language, and its tag's key where it is not for everyone: kept by the people on
        it (``plan.holders``: ``holders_only``, or its sale ended today, which its holders keep: review; it was
        tagged "仅限老用户", existing customers only, and read as open to them: found by the localisation review),
        or sold to its operator's customers (``plan.existing``)."""
        name, tag = self._named(self.catalogue.plan_spec(plan_id), plan_id)
        plan = self.catalogue.plan_index.get(plan_id)
        ended = plan is not None and plan.rule.sale_over(plan_today(self.catalogue, plan))
        return name, "plan.holders" if ended else tag

    def pack(self, pack_id: str) -> str:
        return self._named(self.catalogue.pack_spec(pack_id), pack_id)[0]

    def regions(self) -> list[tuple[str, str]]:
        """The region codes a person may give, with their names in this language, in the order a reader looks for
        them: the English names, which are the Chinese names' pinyin (Hebei before Hubei: by code, 湖北 CN-HB came
        before 河北 CN-HE; found by the zh copy edit) but for two, whose pinyin a Chinese reader looks under
        (西藏 under X, not as Tibet: found by the Chinese review)."""
        codes = [code for code in self.catalogue.regions if code.startswith("CN-")]
        pinyin = _PINYIN if self.lang == "zh" else {}
        return [(code, word(_region(code), self.lang))
                for code in sorted(codes, key=lambda code: pinyin.get(code) or word(_region(code), "en"))]

    def collation(self, label: str) -> bytes | str:
        """How labels of this language sort as a reader looks for them: Chinese by pinyin, as GB 2312 orders its
        common characters (by code point, 云盘 came before 北斗 and 防骚扰 last: found by the localisation review),
        English case aside."""
        return label.encode("gb18030") if self.lang == "zh" else label.casefold()

    def memberships(self) -> list[tuple[str, str]]:
        return sorted((m, self.names("membership", m)) for m in self.catalogue.memberships)

    def benefit(self, benefit_id: str) -> str:
        """A benefit's name: the domain's wording (``messages``), or the plan file's for one new to the catalogue
        (``operator.benefits``), as the API's and the CLI's texts say it."""
        return self.names("benefit", benefit_id)

    def speed(self, kbps: int | Decimal) -> str:
        """A throttled speed as the hint and the bill say it: in Mbps when whole (1 Mbps), else in kbps (128 kbps; the
        hint said "1 Mbps" where the bill said "1000 kbps": found by the localisation review)."""
        if kbps % 1000 == 0:
            return self.t("speed.mbps", mbps=number(Decimal(kbps) / 1000))
        return self.t("speed.kbps", kbps=number(Decimal(kbps)))

    def meter(self, meter: str) -> str:
        return self.t(f"meter.{meter}")

    def unit(self, meter: str, count: Decimal | int | None = None) -> str:
        """A meter's unit, for ``count`` of it when given ("1 text", "2 texts")."""
        return self.t(f"unit.{meter}") if count is None else self.t(f"unit.{meter}", count=count)

    # -- one ranked bundle -----------------------------------------------------------------------

    def card(self, rec: Mapping[str, Any], profile: Profile) -> dict[str, Any]:
        plan_id = str(rec["plan_id"])
        plan_spec = self.catalogue.plan_spec(plan_id)
        packs = [(str(p["id"]), int(p["count"])) for p in rec["packs"]]
        name, tag = self.plan(plan_id)
        names = list(rec["household"]["names"]) if rec.get("household") else []
        entries = {str(p["id"]): p for p in rec["packs"]}
        lines = [self._line(line, plan_spec, entries, names) for line in rec["breakdown"]]
        months = list(rec.get("months") or [])
        history = len(months) > 1 or profile.months is not None or profile.records is not None
        bars = self._bars(rec, profile, plan_spec, packs, months if history else [])
        savings = rec.get("savings")
        currency = str(rec.get("currency", "CNY"))
        total_fen = int(rec["total_fen"])
        effective_fen = int(rec.get("effective_monthly_fen") or total_fen)
        horizon = int(rec.get("horizon_months") or 1)
        effective = None
        if history or effective_fen != total_fen:
            effective = {"yuan": format_money(effective_fen, currency), "months": horizon, "bill": rec["total_yuan"],
                         "first": format_money(int(rec.get("first_month_fen") or total_fen), currency),
                         "horizon_total": format_money(int(rec.get("horizon_total_fen") or total_fen), currency)}
        conditions = rec.get("conditions") or []
        only_if, met, kept = (_conditions(conditions, status) for status in ("unknown", "met", "kept"))
        assumed_fen = int(rec.get("assumed_fen") or 0)
        month_rows = [self._month(m, plan_spec) for m in months] if history else []
        # (how many times each month counts in the average, where they differ: a 5-month history over 24 months
        # counts its first 4 five times and its last four; the average moved with the months' order, unsaid, found
        # by the user test: ¥132.96 with the peak month first, ¥118.17 with it last)
        counted = weights(len(month_rows), horizon) if len(month_rows) > 1 else ()
        if len(set(counted)) > 1:
            for row, times in zip(month_rows, counted, strict=True):
                row["counted"] = times
        shown_lines = [line for row in month_rows for line in row["lines"]] if history else lines
        # a history's months that buy different packs: the answer's packs are its first month's
        by_month = len({tuple((p["name"], p["count"]) for p in row["packs"]) for row in month_rows}) > 1
        return {
            "rank": rec["rank"], "operator": self.operator(str(rec["operator"])), "operator_id": rec["operator"],
            "plan_id": plan_id, "plan": name, "tag": tag,
            "packs": [] if by_month else [{"name": self.pack(pid), "count": n} for pid, n in packs],
            "total_yuan": rec["total_yuan"], "total_fen": total_fen,
            "history": history,
            "counted": len(set(counted)) > 1,
            # the price ranked and compared (savings, the chart): the effective one (a usage month's bill without
            # terms, one-off fees or a history)
            "amount_yuan": format_money(effective_fen, currency),
            "amount_fen": effective_fen,
            "effective": effective,
            "months": month_rows,
            # a history whose months buy different packs: the card read "No add-on packs needed" (the first month's
            # packs) above a table that buys one in February, or one month's pack as if bought every month (form QA)
            "month_packs": self.t("list.sep").join(dict.fromkeys(p["name"] for row in month_rows for p in row["packs"]))
            if by_month else "",
            "only_if": only_if, "conditions_met": met, "conditions_kept": kept,
            # the plan file's own wording of its conditions, as written (never parsed), estimated where its source is
            # an assumption (found by the consumer test: docs/api.md said the cards show it, and none did; the youth
            # card's age, an assumption, read as firm, and 全球通's "needs a 5G-A phone" was said nowhere)
            "wording": {"text": rule.text, "assumed": self.catalogue.plan_index[plan_id].rule.assumed}
            if plan_spec is not None and (rule := plan_spec.eligibility) is not None and rule.text else None,
            "terms": [str(term["text"]) for term in rec.get("terms") or []],
            "terms_in_price": any(in_price(str(term["code"]), term["params"]) for term in rec.get("terms") or []),
            "assumed_yuan": format_money(assumed_fen, currency) if assumed_fen else None,
            "total_assumed": any(line["source"].assumed for line in shown_lines),
            "lines": lines, "bars": bars,
            # what is over an allowance is charged (or slowed): said once a card after its bars, not under each bar
            # over (a retiree using 600 minutes read it twice a card, form QA)
            "over_notes": list(dict.fromkeys(note for b in bars for note in b["over"])),
            "benefits_met": [self.benefit(b) for b in rec["benefits_met"]],
            "benefits_missing": [self.benefit(b) for b in rec["benefits_missing"]],
            "savings": self._savings(savings) if isinstance(savings, Mapping) else None,
            "household": self._household(rec["household"], rec["breakdown"], currency, horizon)
            if rec.get("household") else None,
        }

    def who(self, line: int, name: str | None) -> str:
        """A household's line as the page calls it: the holder, or extra line i, with its name."""
        label = self.t("household.holder") if line == 0 else self.t("household.line", n=line)
        shown = isolated(name) if name else ""
        return self.t("household.named", who=label, name=shown) if shown else label

    def _household(self, household: Mapping[str, Any], breakdown: Iterable[Mapping[str, Any]], currency: str,
                   months: int) -> dict[str, Any]:
        """The month's bill by line (what each line's own charges come to), its shared part named by what the bill's
        shared lines are (``breakdown``'s lines of no owner; none, and no shared fen: no shared row), the shared
        pools' use, and the one-off fees, spread over the ``months`` the price is averaged over (not a contract:
        product QA)."""
        rows = [{"who": self.who(i, name), "yuan": format_money(int(fen), currency)}
                for i, (name, fen) in enumerate(zip(household["names"], household["per_line_fen"], strict=True))]
        held = {_shared_part(line) for line in breakdown if line.get("owner", 0) is None}
        parts = [self.t(f"household.shared.{part}") for part in SHARED_PARTS if part in held]
        shared_fen = int(household["shared_fen"])
        shared = {"label": self.t("household.shared.of", parts=self.t("list.sep").join(parts)) if parts
                  else self.t("household.shared"), "yuan": format_money(shared_fen, currency)} \
            if parts or shared_fen else None
        pools = []
        for meter, use in household["shared_pool_use"].items():
            scale = QUANTITY_SCALE[meter][1]  # MB, s or messages per shown unit
            size = use["allowance"]
            pools.append({"meter": self.meter(METER_ALIASES.get(meter, meter)),
                          "used": number(Decimal(use["used"]) / scale),
                          "allowance": None if size is None else number(Decimal(size) / scale),
                          "app": number(Decimal(use["app_covered"]) / scale) if use.get("app_covered") else None,
                          "over": number(Decimal(use["used"] - size) / scale) if size is not None
                          and not use.get("app_covered") and use["used"] > size else None,
                          "unit": self.unit(METER_ALIASES.get(meter, meter))})
        one_off = int(household.get("one_off_fen") or 0)
        return {"rows": rows, "shared": shared, "pools": pools,
                "one_off": format_money(one_off, currency) if one_off else None, "months": months}

    def _packs(self, packs: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
        """A line's packs as the page names them, each with its count."""
        return [{"name": self.pack(str(p["id"])), "count": int(p["count"])} for p in packs]

    def separate(self, separate: Mapping[str, Any], budget_fen: int | None) -> dict[str, Any]:
        """The one-plan-per-line alternative: each line's plan, packs, price and the conditions of sale it was not
        told about, and the set's total."""
        rows = []
        for line in separate["lines"]:
            plan_id = line["plan_id"]
            rows.append({"who": self.who(int(line["line"]), line["name"]),
                         "operator": self.operator(str(line["operator"])) if plan_id else None,
                         "plan": self.plan(str(plan_id))[0] if plan_id else None,
                         "packs": self._packs(line["packs"]),
                         "yuan": format_money(int(line["price_fen"]), separate["currency"]) if plan_id else None,
                         "only_if": _conditions(line["conditions"], "unknown"),
                         "kept": _conditions(line["conditions"], "kept")})  # (the holder's own plan)
        total = separate["effective_monthly_fen"]
        saves = separate["household_saves_fen"]
        over = budget_fen if separate["within_budget"] is False else None
        sure = separate.get("sure")  # (the set on plans each line may surely buy: the lines it changes)
        surely = None if sure is None or sure["effective_monthly_fen"] is None else {
            "total": format_money(int(sure["effective_monthly_fen"]), sure["currency"]),
            "rows": [{"who": self.who(int(line["line"]), line["name"]),
                      "operator": self.operator(str(line["operator"])), "plan": self.plan(str(line["plan_id"]))[0],
                      "packs": self._packs(line["packs"]),
                      "yuan": format_money(int(line["price_fen"]), sure["currency"])}
                     for line, was in zip(sure["lines"], separate["lines"], strict=True)
                     if (line["plan_id"], line["packs"]) != (was["plan_id"], was["packs"])]}
        return {"rows": rows, "sure": surely,
                "total": None if total is None else format_money(int(total), separate["currency"]),
                "over_budget": None if over is None else format_money(over, separate["currency"]),
                "saves": None if saves is None else _saves(int(saves), rows, sure)}

    def _bars(self, rec: Mapping[str, Any], profile: Profile, plan_spec: PlanSpec | None,
              packs: list[tuple[str, int]], months: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
        """What the bundle includes against what the person needs: allowances (the busiest month of a
        history, as this plan bills it), then speeds, satellite and broadband."""
        needs = profile.needs
        wanted: dict[str, Decimal | int] = {
            "data_mb": profile.data_gb, "voice_minutes": profile.voice_minutes, "sms": profile.sms,
            "roaming_data_mb": needs.roaming_data_gb, "roaming_voice_minutes": needs.roaming_voice_minutes,
            "satellite_voice_minutes": needs.satellite_minutes, "satellite_sms": needs.satellite_sms}
        month_packs: dict[str, list[tuple[str, int]]] = {}
        month_bills: dict[str, list[Mapping[str, Any]]] = {}
        if months:
            # Each allowance against the month that needs most of it, with that month's packs (found by QA:
            # the first month's packs were shown against the busiest month, "30 GB included · you need
            # 90 GB" where that month's bundle has 50 GB) and its bill; roaming too, whose busiest month may have
            # trips of its own (``months[].roaming``: found by the bars' property test, every month's trips read met
            # where a month's own trip paid a day pass)
            for meter, key, scale in (("data_mb", "data_mb", MB_PER_GB), ("voice_minutes", "voice_s", 60),
                                      ("sms", "sms", 1), ("roaming_data_mb", "roaming_data_mb", MB_PER_GB),
                                      ("roaming_voice_minutes", "roaming_voice_s", 60)):
                use = [int(m["billed"][key]) for m in months]
                busiest = months[use.index(max(use))]  # the first of equals
                wanted[meter] = Decimal(max(use)) / scale if scale != 1 else max(use)
                month_packs[meter] = [(str(p["id"]), int(p["count"])) for p in busiest["packs"]]
                month_bills[meter] = busiest["breakdown"]
        elif not profile.household and (plan := self.catalogue.plan_index.get(str(rec["plan_id"]))) is not None:
            # one month's data as its bill counts it (``usage.billed``, a history's ``months[].billed``): rounded up to
            # the plan's data unit (found by the bars' property test: 9.9 GB read met against 10 GB above a bill
            # charging for the 11,000 MB billed in units of 1,000 MB)
            wanted["data_mb"] = Decimal(billed(profile, plan)[0]["data_mb"]) / MB_PER_GB
        typed = Decimal(profile.data_gb)
        if profile.months is None and profile.records is None and wanted["data_mb"] * MB_PER_GB == (
                typed * MB_PER_GB).to_integral_value(ROUND_CEILING):  # the GB typed, where the bill counts them
            # rounded up to the MB alone:
            wanted["data_mb"] = typed  # 0.3 GB is 307.2 MB, billed 308, and "需要 0.31 GB" stood beside "您的回答：
            # 流量 0.3 GB" (found by the user test); the allowance, whole MB, is above it exactly when above the 308
        bill = [line for m in months for line in m["breakdown"]] if months else rec["breakdown"]
        bars = []
        size = _mb_per_gb(plan_spec)
        for meter, (plan_path, adds_field) in METER_ALLOWANCE.items():
            if profile.household:  # a household's allowances are its pools (``household``), not one line's
                break
            need = Decimal(wanted[meter])
            if meter.endswith("data_mb") and size != MB_PER_GB:  # (in the plan's GB, as its allowance and its bill's
                need = need * MB_PER_GB / size                  # lines: 10 GB used is 10.24 of a 1000 MB GB)
            figures = [_path(plan_spec, plan_path)]
            for pid, n in month_packs.get(meter, packs):
                figures += [_path(self.catalogue.pack_spec(pid), ("adds", adds_field))] * n
            given = [figure for figure in figures if figure is not None]
            unlimited = [figure for figure in given if not isinstance(figure.value, Decimal)]
            included = None if unlimited else sum((Decimal(figure.value) for figure in given), Decimal(0))
            source = Source()  # (unlimited: as sure as the figures that say so, whatever a pack adds beside them;
            for figure in unlimited or given:  # a sourced unlimited plan with a pack of an assumed 10 GB read
                source.add(figure)  # "unlimited est.": the user test)
            if not need and (meter.startswith(ASKED_ONLY) or not included):
                continue
            beyond = 0  # (data: the MB over the allowance, what the bill's data lines count against app data)
            if meter == "data_mb" and included is not None:
                beyond = int((need - included) * size)
            over = _over(meter, month_bills.get(meter, bill), beyond) if included is not None and need > included \
                else []
            bars.append(self._bar(self.meter(meter), need, included, self.unit(meter, included), source, over,
                                  need_unit=self.unit(meter, need)))
        for check in rec["needs"]:
            need_name = str(check["need"])
            if need_name not in CAPABILITIES or (need_name == "satellite" and not profile.household
                                                 and needs.satellite_minutes + needs.satellite_sms):
                continue  # metered needs are the allowance bars above (satellite minutes or messages: the service too)
            bars.append(self._capability(need_name, int(check["required"]), int(check["provided"]), plan_spec,
                                         packs))
        return bars

    def _month(self, month: Mapping[str, Any], plan_spec: PlanSpec | None) -> dict[str, Any]:
        """One row of a history's table: what the plan billed that month, its packs and its total."""
        label = str(month["month"])
        billed: Mapping[str, int] = month["billed"]
        packs = [(str(p["id"]), int(p["count"])) for p in month["packs"]]
        entries = {str(p["id"]): p for p in month["packs"]}
        return {
            "label": self.t("months.nth", n=label) if label.isdigit() else label,
            "data_gb": number(Decimal(billed["data_mb"]) / _mb_per_gb(plan_spec), NEED),  # (up: 25,601 MB read "25"
            # beside 6 GB of overage over 20 GB, and "40" beside "you need 40.01 GB"; the bill-upload test)
            "minutes": number(Decimal(billed["voice_s"]) / 60),
            "sms": billed["sms"],
            "packs": [{"name": self.pack(pid), "count": n} for pid, n in packs],
            "total_yuan": month["total_yuan"],
            "lines": [self._line(line, plan_spec, entries) for line in month["breakdown"]],
        }

    def _savings(self, savings: Mapping[str, Any]) -> dict[str, Any]:
        fen = int(savings["fen"])
        year = int(savings["per_year_fen"])
        code = savings.get("code")
        kind = "yours" if code == "current_plan" else "holders" if code == "holders_only" else \
            "save" if fen > 0 else "same" if fen == 0 else "more"
        return {"fen": fen, "month": format_yuan(abs(fen)), "year": format_yuan(abs(year)), "kind": kind}

    def _line(self, line: Mapping[str, Any], plan_spec: PlanSpec | None,
              packs: Mapping[str, Mapping[str, Any]], names: Sequence[str | None] = ()) -> dict[str, Any]:
        """One bill line as the page words it (``packs``: the answer's pack entries by id, their counts and what each
        is bought for, ``pack_line_text``; an extra line's own overage says whose: ``names``, a household's)."""
        kind, ref = str(line["kind"]), str(line["ref"])
        source = Source()
        meter = METER_ALIASES.get(ref, ref)
        label = str(line["item"])
        said = line.get("label") or {}
        if not WHOSE.isdisjoint(said.get("params", ())):  # the page says whose a line is itself (``who``, below):
            # the answer's words without their own "extra line 1 (Mum): " (found in review: "Line 1 · Mum: extra line
            # 1: data overage: 5 GB, tiered from ¥3.00/GB")
            label = word(Message(str(said["code"]), {k: v for k, v in said["params"].items() if k not in WHOSE}),
                         self.lang, self.names)
        if kind == "base":
            label = self.t("line.base", plan=self.plan(ref)[0])
            source.add(plan_spec.monthly_fee if plan_spec else None)
        elif kind == "pack":
            pack_spec = self.catalogue.pack_spec(ref)
            # the line's own count (the cost model's): a household's pack sold per SIM is split into a line per line
            # it serves and one for the units no line's speed needed (found in review: that one read the bundle's
            # count, "× 3" for two units' price), in a month's own table too
            bought = packs[ref]["count"] if ref in packs else 1
            count = int(line.get("label", {}).get("params", {}).get("count", bought))
            label = self.pack(ref) + (f"\N{NO-BREAK SPACE}×\N{NO-BREAK SPACE}{count}" if count > 1 else "")  # one line
            if pack_spec is not None:
                free = plan_spec is not None and plan_spec.id in pack_spec.free_with
                if not free:  # (free on the plan: ¥0.00, whatever its price elsewhere rests on)
                    source.add(pack_spec.price)
                if free:
                    label = self.t("line.free", pack=label)
                elif pack_spec.billing == "per_use":
                    label = self.t("line.per_use", pack=label)
                elif pack_spec.billing == "per_day":  # (the days counted, as the answer's item says: "× 2" read
                    # as two packs)
                    label = self.t("line.per_day.days", pack=self.pack(ref), count=count) if count > 1 else \
                        self.t("line.per_day", pack=label)
            label = pack_line_text(label, packs.get(ref), line.get("owner"), self.lang)
        elif kind == "overage" and plan_spec is not None and meter in OVERAGE_RATE \
                and line.get("label", {}).get("code") == "line.overage":
            rate = getattr(plan_spec.overage, OVERAGE_RATE[meter], None)
            source.add(rate)
            params = line.get("label", {}).get("params", {})  # (how much: found by the households QA, "calls
            # beyond the allowance at ¥0.15 per minute ¥67.50" where the API and the CLI said 450 min)
            label = self.t("line.overage", meter=self.meter(meter), unit=self.t(f"per.{meter}"),
                           rate=format_yuan(yuan_to_fen(rate.value)) if rate is not None else "",
                           quantity=quantity(params.get("meter", meter), int(params.get("quantity", 0)),
                                             self.lang, params.get("mb_per_gb")))
        elif kind == "throttled" and plan_spec is not None and plan_spec.overage.throttle_kbps is not None:
            kbps = plan_spec.overage.throttle_kbps
            source.add(kbps)
            params = line.get("label", {}).get("params", {})  # (how much is slowed: the cost model's quantity)
            label = self.t("line.throttled", meter=self.meter(meter), speed=self.speed(kbps.value),
                           quantity=quantity(params.get("meter", "data_mb"), int(params.get("quantity", 0)),
                                             self.lang, params.get("mb_per_gb")))
        elif kind == "line" and plan_spec is not None and plan_spec.extra_lines is not None:
            source.add(plan_spec.extra_lines.fee).add(plan_spec.extra_lines)  # (its figure, and the terms' source)
            params = line.get("label", {}).get("params", {})  # (the line named as the split and the pills name it:
            # "extra line 1 (Mum) monthly fee" above "Line 1 (Mum)", found by the form QA)
            label = self.t("line.extra_line", who=self.who(int(params.get("line", 0)), params.get("name") or None))
        if line.get("assumed") and not source.assumed:  # the cost model's word (a day pass, a tiered or roaming
            source.assumed = True                        # overage, an allowance that decided one) is never lost
        owner = line.get("owner")
        if (owner and kind in ("overage", "throttled")) or (names and owner is not None and kind == "pack"):
            # (an extra line's own: 0 is the holder, None shared; a pack sold per SIM says whose it is, the holder's
            # too)
            label = self.t("line.of_extra_line", who=self.who(owner, names[owner] if owner < len(names) else None),
                           text=label)
        kind_key = f"kind.{kind}"
        kind_label = self.t(kind_key)
        return {"label": label, "kind": kind, "kind_label": "" if kind_label == kind_key else kind_label,
                "yuan": line["yuan"], "fen": line["fen"], "source": source}

    def _bar(self, label: str, need: Decimal | int, included: Decimal | int | None, unit: str, source: Source,
             over: Sequence[str] = (), boolean: bool = False, shown: Mapping[int, str] | None = None,
             need_unit: str | None = None) -> dict[str, Any]:
        """A need against what the bundle includes (``included`` None: unlimited), the need in ``need_unit`` where
        its count is worded apart ("1 text" beside "10 texts": review), else in ``unit``."""
        need = Decimal(need)
        top = need if included is None else max(need, Decimal(included))
        scale = top or Decimal(1)
        fill = Decimal(100) if included is None else 100 * Decimal(included) / scale

        def show(value: Decimal | int | None, rounding: str) -> str:
            if value is None:
                return self.t("bar.unlimited")
            return shown[int(value)] if shown else number(value, rounding)

        return {"label": label, "need": show(need, NEED), "included": show(included, HAVE), "unit": unit,
                "need_unit": need_unit or unit,
                "need_pct": float(round(100 * need / scale, 1)), "included_pct": float(round(fill, 1)),
                "met": included is None or included >= need, "over": list(over), "source": source, "boolean": boolean,
                "unlimited": included is None}

    def _capability(self, need: str, required: int, provided: int, plan_spec: PlanSpec | None,
                    packs: list[tuple[str, int]]) -> dict[str, Any]:
        source = Source()
        if (attr := SPEED_FIGURES.get(need)) is not None:  # (the speed given: the plan's, else the first pack's)
            figures = [getattr(plan_spec, attr, None), *(getattr(self.catalogue.pack_spec(pack_id), attr, None)
                                                         for pack_id, _ in packs)]
            source.add(next((f for f in figures if f is not None and int(f.value) == provided), None))
        if need in ("min_uplink_mbps", "min_downlink_mbps"):
            return self._bar(self.t(f"need.{need}"), required, provided, "Mbps", source)
        if need == "broadband" and required > 1:  # a speed asked for: a bar in Mbps
            return self._bar(self.t("need.broadband_mbps"), required, provided, "Mbps", source)
        if need == "satellite" and plan_spec is not None and plan_spec.satellite is not None:
            source.add(plan_spec.satellite.minutes)
        shown = {1: self.t("bar.yes"), 0: self.t("bar.no")}
        return self._bar(self.t(f"need.{need}"), required, min(provided, 1), "", source, boolean=True, shown=shown)

    # -- the whole answer ------------------------------------------------------------------------

    def chart(self, cards: list[dict[str, Any]], current_fen: int | None) -> dict[str, Any]:
        """Horizontal bars of the ranked totals (and the current bill as a line), in SVG units."""
        most = max([int(c["amount_fen"]) for c in cards] + [current_fen or 0, 1])
        longest = max((len(str(c["amount_yuan"])) for c in cards), default=0)
        span = CHART_WIDTH - max(CHART_VALUE_W, CHART_VALUE_GAP + CHART_VALUE_CHAR_W * longest)
        rows = []
        for i, card in enumerate(cards):
            y = i * CHART_ROW_H
            rows.append({"y_label": y + 15, "y_bar": y + CHART_LABEL_H,
                         "width": max(2, round(span * int(card["amount_fen"]) / most)),
                         "rank": card["rank"], "label": f"#{card['rank']} {card['operator']} · {card['plan']}",
                         "value": card["amount_yuan"], "best": i == 0})
        for row in rows:
            row["x_value"] = int(row["width"]) + CHART_VALUE_GAP
            row["y_value"] = int(row["y_bar"]) + 16
            row["value_box"] = {"x": int(row["x_value"]) - CHART_VALUE_CLEAR, "y": int(row["y_bar"]),
                                "width": CHART_VALUE_CHAR_W * len(str(row["value"])) + 2 * CHART_VALUE_CLEAR,
                                "height": CHART_BAR_H + 2}
        height = max(1, len(rows)) * CHART_ROW_H + 24
        current = None
        if current_fen is not None:
            x = round(span * current_fen / most)
            # the line runs down the bars, stopping short of each row's plan name (the halo hid it within the
            # glyphs only: the dashes showed between them, through #1's name, form QA); it ends above its own label
            tops = [int(row["y_bar"]) - CHART_LINE_CLEAR for row in rows]
            ends = [top - CHART_LABEL_H + CHART_LINE_CLEAR for top in tops[1:]] + [height - 20]
            current = {"x": x, "label": self.t("chart.current", amount=format_yuan(current_fen)),
                       "segments": [{"y1": top, "y2": end} for top, end in zip(tops, ends, strict=True)],
                       "y_text": height - 6, "anchor": "end" if x > CHART_WIDTH / 2 else "start",
                       "x_text": x - 4 if x > CHART_WIDTH / 2 else x + 4}
        return {"width": CHART_WIDTH, "height": height, "bar_h": CHART_BAR_H, "rows": rows, "current": current}

    def exclusions(self, excluded: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
        """Plans left out, with their reasons as the answer words them (in this page's language)."""
        out = []
        for item in excluded:
            name, tag = self.plan(str(item["plan_id"]))
            out.append({"plan": name, "tag": tag, "operator": self.operator(str(item["operator"])),
                        "reasons": self._reasons(item["reasons"])})
        return out

    def pack_exclusions(self, excluded: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
        """Packs left out for their conditions of sale, and whether any condition's status is only ``unknown`` (left
        out under strict eligibility: the person may well buy it, so not "a pack you may not buy")."""
        return [{"pack": self.pack(str(item["pack_id"])), "operator": self.operator(str(item["operator"])),
                 "reasons": self._reasons(item["reasons"]),
                 "unknown": any(r["params"].get("status") == "unknown" for r in item["reasons"])}
                for item in excluded]

    def _reasons(self, said: Iterable[Mapping[str, Any]]) -> list[str]:
        """An item's reasons as the answer words them, a run of conditions of sale as one (``messages.reasons``)."""
        return [word(m, self.lang, self.names)
                for m in reasons(Message(str(r["code"]), r["params"]) for r in said)]


def _mb_per_gb(plan_spec: PlanSpec | None) -> int:
    """The MB in a GB as the plan counts them (``billing.mb_per_gb``): the unit of its data figures and bill lines,
    and so of the page's data bars and month table."""
    return plan_spec.billing.mb_per_gb if plan_spec is not None else MB_PER_GB


OVER_NOTES = {"overage": "bar.overage", "day_pass": "bar.day_pass", "free": "bar.free", "no_charge": "bar.no_charge",
              "throttled": "bar.throttled"}
"""What a bill line of the use over an allowance says of it, by its kind (``free``: a data overage line of ¥0.00, a
full-speed stretch with no data rate or a rate of nothing; ``no_charge``: another meter's, at a rate of nothing), in
the order a card's notes say them."""


def _over(meter: str, bill: Iterable[Mapping[str, Any]], beyond: int = 0) -> list[str]:
    """What the bill did with the use of ``meter`` over the bundle's allowance, as its lines say: charged (an overage
    line), covered by roaming day passes (charged by the day, not per use), used at full speed at no charge (an
    overage line of ¥0.00: a free full-speed stretch), slowed (a throttled line), or none of these on data: app data
    covered it (the cost model's word, never the plan file read again here: a charged full-speed stretch read "slowed
    down at no charge", and app data covering the rest "charged per use", before); app data too where the data lines
    count less than the ``beyond`` MB over the allowance (their started units never count less than they bill: what
    they leave out, app data covered)."""
    roaming = meter.startswith("roaming")
    # an overage line of ¥0.00: on data a full-speed stretch, a tier or a rate at no charge; on another meter a rate
    # of nothing (found in review: calls over at ¥0 read "The rest is charged per use")
    free = "free" if meter == "data_mb" else "no_charge"
    kinds = {free if line["kind"] == "overage" and not line["fen"] else str(line["kind"]) for line in bill
             if METER_ALIASES.get(str(line["ref"]), str(line["ref"])) == meter
             or (roaming and line["kind"] == "day_pass")}
    notes = [note for kind, note in OVER_NOTES.items() if kind in kinds]
    counted = sum(int(line.get("label", {}).get("params", {}).get("quantity", 0)) for line in bill
                  if line["ref"] == meter and line["kind"] in ("overage", "throttled"))
    if meter == "data_mb" and notes and counted < beyond:
        notes.append("bar.app_data")
    return list(dict.fromkeys(notes)) or (["bar.app_data"] if meter == "data_mb" else [])


def _shared_part(line: Mapping[str, Any]) -> str | None:
    """Which of ``SHARED_PARTS`` a bill line is (a pack, an overage on a pool, roaming: its overage or day passes;
    a slowed stretch costs nothing and is none, nor is a free full-speed stretch's overage line of ¥0.00)."""
    kind, ref = str(line["kind"]), str(line["ref"])
    if kind == "overage":
        if not line["fen"]:
            return None
        return "roaming" if ref.startswith("roaming") else "overage"
    return {"pack": "pack", "day_pass": "roaming"}.get(kind)


def _region(code: str) -> "Message":
    return Message("region_name", {"regions": [code]})
