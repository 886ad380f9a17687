"""Reasons, conditions, suggestions and invoice lines as codes with parameters, and their wording.

The domain (cost model, eligibility, answer) says *what* happened as a ``Message``: a code and
JSON-ready parameters (money in minor units with its ``currency``, data in MB, voice in seconds,
ids as ids).  Each adapter words it in its language with ``render``, from the catalogues
``messages/<lang>.json``; nothing turns a sentence back into a code.
"""

import json
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_EVEN, Decimal
from functools import cache
from itertools import groupby
from pathlib import Path
from typing import Any

from ..money import format_money

LANGUAGES = ("en", "zh")
HTML_LANG = {"zh": "zh-CN", "en": "en"}
"""Each language's tag in a page's ``<html lang>`` (the form's and the what-if report's)."""
BIDI_CONTROLS = (*range(0x202A, 0x202F), *range(0x2066, 0x206A))
"""The bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069): invisible, they show the
text after them in another order (a price read backwards).  The plan files refuse them (``yamlsource._HIDDEN``), the
CLI writes them as ``\\uNNNN`` (``cli_lang.CONTROLS``), the page drops them from a name it sets apart
(``present.isolated``)."""

_FOLDER = Path(__file__).resolve().parent

Names = Callable[[str, str], str]
"""``(kind, id) → name`` for kinds operator, plan, pack, membership, region, group, benefit."""


class Naming:
    """Operators, plans and memberships named by ``names`` (the tables give ``table_names``), or with none, by their ids
    and the plan's published name: the one rule of the CLI table and the what-if report (``cli.Words``,
    ``batch.report.Wording``, which hold ``names``)."""

    names: Names | None

    def operator(self, ident: str) -> str:
        return ident if self.names is None else self.names("operator", ident)

    def plan(self, ident: str, published: str) -> str:
        return published if self.names is None else self.names("plan", ident)

    def membership(self, ident: str) -> str:
        return ident if self.names is None else self.names("membership", ident)


@dataclass(frozen=True, init=False)
class Message:
    """What the domain says: a code and its parameters (JSON values only)."""

    code: str
    params: Mapping[str, Any]

    def __init__(self, code: str, params: Mapping[str, Any]) -> None:
        # (frozen: the generated ``__init__`` sets each field through ``object.__setattr__``; written into the
        # instance's dict, as ``cost.Costing``'s, 0.17 µs less a message, measured: an answer makes one for each plan
        # it leaves out, and more)
        own = self.__dict__
        own["code"], own["params"] = code, params

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "params": dict(self.params)}


def message(code: str, **params: Any) -> Message:
    return Message(code, params)


@cache
def catalogue(lang: str) -> dict[str, str]:
    """The wording of one language (read once per process)."""
    with open(_FOLDER / f"{lang}.json", encoding="utf-8") as handle:
        return json.load(handle)


QUANTITY_SCALE = {"data_mb": ("GB", 1024), "roaming_data_mb": ("GB", 1024), "voice_s": ("min", 60),
                  "roaming_voice_s": ("min", 60), "sms": ("msg", 1), "satellite_voice_s": ("min", 60),
                  "satellite_sms": ("msg", 1)}
NAMED = {"operator": "operator", "plan": "plan", "pack": "pack", "operators": "operator", "without": "pack",
         "buys_instead": "pack", "memberships": "membership", "regions": "region", "markets": "region",
         "groups": "group", "benefit": "benefit", "benefits": "benefit", "packs": "pack"}


ONE_OF = "_or"
"""A ``NAMED`` parameter's key with this after it (``operators_or``) words its ids as one of them: "China Mobile or
T-Mobile US", "中国移动或中国联通" (the CLI's "did you mean": names joined by commas read as all of them; review)."""

NEED = ROUND_CEILING
"""How what a person needs is rounded when shown: up, never to nothing (0.001 GB of roaming read "0 GB needed"
beside the pack it made the bundle buy; found by QA and the review)."""
HAVE = ROUND_FLOOR
"""How what a plan has is rounded when shown: down, never above what it is (so a need shown met is met)."""


def number(value: Decimal | int, rounding: str = ROUND_HALF_EVEN) -> str:
    """A quantity to the hundredth without needless decimals (60, 8.5): the one rule for every adapter."""
    text = str(Decimal(value).quantize(Decimal("0.01"), rounding))
    return (text.rstrip("0").rstrip(".") if "." in text else text) or "0"


def quantity(meter: str, value: int, lang: str, mb_per_gb: int | None = None,
             rounding: str = ROUND_HALF_EVEN) -> str:
    """An amount of a meter in people's units: MB as GB (of ``mb_per_gb`` MB when a plan bills
    data in GB of its own size), seconds as minutes."""
    unit, scale = QUANTITY_SCALE[meter]
    if unit == "GB" and mb_per_gb:
        scale = mb_per_gb
    words = catalogue(lang)
    if unit == "min" and value % 60:
        return f"{value} {words['unit.s']}"
    shown = number(Decimal(value) / scale, rounding)
    return f"{shown} {words[singular(words, 'unit.' + unit, {'count': Decimal(shown)})]}"  # ("1 text", "2 texts")


def _default_names(lang: str) -> Names:
    words = catalogue(lang)

    def name(kind: str, ident: str) -> str:
        return words.get(f"{kind}.{ident}", ident)
    return name


def _latin(char: str) -> bool:
    return char.isascii() and not char.isspace()


def columns(text: str) -> int:
    """The columns ``text`` takes on a terminal: two for a wide character (Chinese), one for others (the what-if
    report's tables and the CLI's help lay out worded text by it)."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def joined(word: str, texts: list[str]) -> str:
    """``texts`` joined by a conjunction (``list.or``, ``list.and``: or, and, 或, 和), a space on each side of it
    where it or the text beside it is Latin (a letter, a digit, an ASCII mark), as a Chinese text sets them:
    整数或字符串, but 'local' 或 'spark' (it read 'local'或'spark'), and in English always: 'a' or 'b'."""
    word = word.strip()
    out = texts[0] if texts else ""
    for text in texts[1:]:
        left = " " if _latin(word[0]) or (out and _latin(out[-1])) else ""
        right = " " if _latin(word[-1]) or (text and _latin(text[0])) else ""
        out += f"{left}{word}{right}{text}"
    return out


def listed(word: str, separator: str, texts: list[str]) -> str:
    """``texts`` as a list says them, the last after a conjunction (``joined``): "A, B or C", "A、B和C"."""
    return joined(word, [separator.join(texts[:-1]), texts[-1]]) if len(texts) > 1 else separator.join(texts)


def render(msg: Message, lang: str = "en", names: Names | None = None) -> str:
    """The message in ``lang``; ``names`` words ids (operators, plans, packs, memberships ...)."""
    words = catalogue(lang)
    name = names or _default_names(lang)
    fallback = _default_names(lang)
    params = dict(msg.params)
    shown: dict[str, str] = {}
    currency = str(params.get("currency", "CNY"))
    meter = params.get("meter")
    for key, value in params.items():
        if key.endswith("_fen") and isinstance(value, int):
            shown[key.removesuffix("_fen")] = format_money(value, currency)
        elif key in ("have", "need", "quantity") and isinstance(meter, str) and meter in QUANTITY_SCALE:
            shown[key] = quantity(meter, int(value), lang, params.get("mb_per_gb"),
                                  NEED if key == "need" else HAVE if key == "have" else ROUND_HALF_EVEN)
        elif (key in NAMED or key.removesuffix(ONE_OF) in NAMED) and value is not None:
            kind = NAMED[key.removesuffix(ONE_OF)]
            items = value if isinstance(value, list | tuple) else [value]
            texts = [name(kind, str(v)) if kind in ("operator", "plan", "pack", "membership", "benefit")
                     else fallback(kind, str(v)) for v in items]
            if key == "packs" and isinstance(counts := params.get("counts"), dict):  # (bought several times)
                texts = [f"{text} ×{counts[v]}" if v in counts else text for text, v in zip(texts, items, strict=True)]
            shown[key] = listed(words["list.or"], words["list.separator"], texts) if key.endswith(ONE_OF) \
                else words["list.separator"].join(texts)
        elif key == "problems" and isinstance(value, list | tuple):  # (messages, one after another: an import's)
            shown[key] = words["list.problems"].join(render(Message(p["code"], p["params"]), lang, names)
                                                     for p in value)
        elif key == "conditions" and isinstance(value, list | tuple):  # (``reasons``: several conditions of sale)
            conditions = dict.fromkeys(_condition(c["code"], c["params"], lang, names) for c in value)
            shown[key] = words["condition.separator"].join(conditions)
        elif key == "choices" and isinstance(value, list | tuple) and value:  # (what a value may be: 'a', 'b' or 'c')
            quoted = [f"'{v}'" if isinstance(v, str) else str(v) for v in value]
            shown[key] = listed(words["list.or"], words["list.separator"], quoted)
        elif key == "changes" and isinstance(value, list | tuple):  # (messages, all of them: needs lowered together)
            shown[key] = words["list.changes"].join(render(Message(c["code"], c["params"]), lang, names) for c in value)
        elif key == "options" and isinstance(value, list | tuple):  # (messages, one or another: a union's members)
            shown[key] = joined(words["list.or"], [render(Message(o["code"], o["params"]), lang, names) for o in value])
        elif key in ("alone", "whose") and isinstance(value, list | tuple):  # (household lines, {line, name}: by
            lines = [str(v["name"]) if v.get("name") else words["line.holder"] if v["line"] == 0  # its name, else as
                     else words["line.extra"].format(line=v["line"]) for v in value]  # the bill: extra line i)
            shown[key] = listed(words["list.and"], words["list.separator"], lines) if key == "whose" \
                else words["list.separator"].join(lines)
        elif key == "replaced" and isinstance(value, list | tuple):  # (the forms of a profile's usage a flag
            shown[key] = joined(words["list.and"], [str(v) for v in value])  # replaces, all: 'months and records')
        elif isinstance(value, list | tuple):  # (ids a message lists as they are: columns, fields)
            shown[key] = words["list.separator"].join(str(v) for v in value)
        elif key == "per" and isinstance(value, str):
            shown[key] = words.get(f"per.{value}", value)
        elif key in ("meter", "direction", "capability", "need_name"):
            shown[key] = words.get(f"word.{value}", str(value))
        elif key == "zone":
            shown[key] = words.get(f"zone.{value}", "" if value is None else str(value))
        elif key in ("currency", "to", "plan_currency") and isinstance(value, str):  # (a currency by its name
            shown[key] = words.get(f"currency.{value}", value)  # where the language has one, with the code one types
            # in Chinese, 美元（USD）: "以USD计价", localisation review; the code alone, review)
        elif (key in ("limit", "combinations") or key.endswith("_limit")) and isinstance(value, int):
            shown[key] = f"{value:,}"
        elif key in LOOKED_UP and isinstance(value, str):  # (a plan-file problem's characters, PyYAML's words ...)
            shown[key] = _looked_up(words, key, value)
        elif key in ("problem", "hint") and isinstance(value, dict):  # (a problem said where it is: ``as_dict`` of
            shown[key] = render(Message(value["code"], value["params"]), lang, names)  # it; a hint, a message)
        elif key == "condition" and isinstance(value, str):
            shown[key] = _condition(value, {k: v for k, v in params.items() if k not in ("condition", "status")},
                                    lang, names)
        else:
            shown[key] = "" if value is None else str(value)
    template = words.get(singular(words, _key(msg), msg.params), words.get(msg.code, msg.code))
    text = template.format(**shown)
    if msg.params.get("only_if") is True and not _key(msg).endswith(".only_if"):  # (a suggested plan's "only if":
        text += words["only_if.suffix"]  # said after it, where the message has no wording of its own for it)
    named = ".named" if msg.params.get("line_name") else ""  # (the line's name, where the profile gives one)
    if msg.params.get("extra_line"):  # an invoice line of a household's extra line: say whose
        text = words["line.of_extra_line" + named].format(line=msg.params["extra_line"], text=text,
                                                          name=msg.params.get("line_name"))
    elif msg.params.get("holder") is True:  # a pack sold per SIM bought for the holder's line (``cost.allocate``)
        text = words["line.of_holder" + named].format(text=text, name=msg.params.get("line_name"))
    return text


def _condition(code: str, params: Mapping[str, Any], lang: str, names: Names | None) -> str:
    """A condition of sale an ``ineligible`` reason names, marked as an estimate (``word.estimate``) where the plan
    file assumes it: said so where it keeps a plan out, as beside a plan shown (the youth card's assumed "aged 16 to
    30" read as fact to a 68-year-old, found by the eligibility test)."""
    mark = catalogue(lang)["word.estimate"] if params.get("assumed") else ""
    return render(Message(code, params), lang, names) + mark


class Refused(ValueError):
    """An error the domain says as a code with its parameters (``reason``), for each adapter to word in its language;
    ``str`` is its English wording (the API's), and a pickled one is made again from its reason (a worker's error
    reaching the parent: from its wording, one failed there)."""

    def __init__(self, reason: Message) -> None:
        super().__init__(render(reason))
        self.reason = reason

    def __reduce__(self) -> tuple[Any, ...]:
        return type(self), (self.reason,)


LOOKED_UP = ("lookalike", "instead", "odd_break", "yaml", "os_error", "currency_name")
"""Parameters of plan-file problems worded by ``<param>.<value>`` where the language has it (else as they are)."""


def _looked_up(words: Mapping[str, str], key: str, value: str) -> str:
    """``<key>.<value>`` in ``words``; else, for words ending in a name in quotes (PyYAML's "found undefined alias
    'x'"), ``<key>.<words>'{name}'`` with the name; else, for words holding one name in quotes (PyYAML's "found
    character '@' that cannot start any token"), ``<key>.<words>'{name}'<rest>``; else the value as it is."""
    if (said := words.get(f"{key}.{value}")) is not None:
        return said
    head, quote, name = value.partition("'")  # (no regular expression: an anchor's name may be a line's length)
    if quote and len(name) > 1 and name.endswith("'") and (template := words.get(f"{key}.{head}'{{name}}'")):
        return template.format(name=name[:-1])
    inner, closed, rest = name.partition("'")
    if quote and closed and inner and (template := words.get(f"{key}.{head}'{{name}}'{rest}")):
        return template.format(name=inner)
    return value


_WHERE = ("field", "hints", "merged_from", "aliased_from")
"""The parameters of a plan-file problem that say where it is and what may help (``catalogue.Problem``)."""


def problem_text(msg: Message, lang: str = "en") -> str:
    """A plan-file problem (``catalogue.Problem``'s reason) in ``lang``: its own words, then its hints in brackets,
    where an anchor brought the value from, and the field it is at before all of them."""
    words = catalogue(lang)
    params = msg.params
    text = render(Message(msg.code, {k: v for k, v in params.items() if k not in _WHERE}), lang)
    if hints := params.get("hints"):
        said = words["condition.separator"].join(problem_text(Message(h["code"], h["params"]), lang) for h in hints)
        text += words["problem.hints"].format(hints=said)
    if params.get("merged_from") is not None:
        text += words["problem.merged_from"].format(line=params["merged_from"])
    elif params.get("aliased_from") is not None:
        text += words["problem.aliased_from"].format(line=params["aliased_from"])
    if params.get("field") is not None:
        text = words["problem.field"].format(field=params["field"], text=text)
    return text


COUNTS = ("count", "days", "months", "have", "max", "first", "trips")
"""The parameters that choose a singular wording: the first of them a message has (``first``: a promotion's months,
"the same first 1 months"; where it says where a thing first is, it is text, or comes after ``months``)."""


def singular(words: Mapping[str, str], key: str, params: Mapping[str, Any]) -> str:
    """``<key>.one`` when the message's count (the first of ``COUNTS`` it has) is 1 and the language
    words that apart (English "1 day", "2 days"; Chinese gives both keys the same words), else ``key``:
    the one rule for the domain's messages and the adapters' own words."""
    for name in COUNTS:  # (a loop, not next() over a generator: a third of the time, and it words every message)
        if name in params:
            return f"{key}.one" if params[name] == 1 and f"{key}.one" in words else key
    return key


def reasons(said: Iterable[Message]) -> list[Message]:
    """Reasons to word one after another, a run of conditions of sale of one status as one (``ineligible`` with
    ``conditions``: "unknown whether: existing customers of China Telecom; people already on Tianyi 5G 59", not
    the sentence twice).  For adapters that join reasons into one text; each stays a reason of its own in the
    answer document."""
    out: list[Message] = []
    for status, run in groupby(said, key=lambda m: m.params.get("status") if m.code == "ineligible" else None):
        items = list(run)
        if status is None or len(items) == 1:
            out.extend(items)
            continue
        conditions = [{"code": m.params["condition"],
                       "params": {k: v for k, v in m.params.items() if k not in ("condition", "status")}}
                      for m in items]
        out.append(Message("ineligible", {"status": status, "conditions": conditions}))
    return out


def _key(msg: Message) -> str:
    """Some codes read differently by which parameters they have (an age range open at one end)."""
    if msg.code == "age":
        low, high = msg.params.get("min"), msg.params.get("max")
        return "age" if low is not None and high is not None else "age.min" if low is not None else "age.max"
    if msg.code == "ineligible":
        many = ".many" if "conditions" in msg.params else ""
        return f"ineligible.{msg.params.get('status', 'not_met')}{many}"
    if msg.code == "line.pack":
        many = ".many" if int(msg.params.get("count", 1)) > 1 else ""
        how = ".free" if msg.params.get("free") else ".per_use" if msg.params.get("per_use") else \
            ".per_day" if msg.params.get("per_day") else ""
        return f"line.pack{many}{how}"
    return _VARIANTS.get(msg.code, _plain)(msg)


def _plain(msg: Message) -> str:
    return msg.code


def _with(param: str, suffix: str) -> Callable[[Message], str]:
    """The code, or ``<code>.<suffix>`` when ``param`` is given (not None, not empty)."""
    def key(msg: Message) -> str:
        value = msg.params.get(param)
        return f"{msg.code}.{suffix}" if value not in (None, "") else msg.code
    return key


_TIERED = _with("cap_fen", "capped")
"""``line.overage.tiered``'s key for tiers, capped or not (a cap on one rate, ``flat``, reads
``line.overage.capped``)."""


def _sure(m: Message) -> str:
    """The variant of a separate plans' message that says their price on plans each line may surely buy."""
    return ".sure" if m.params.get("only_if") and "sure_fen" in m.params else ""


_VARIANTS: dict[str, Callable[[Message], str]] = {
    "line.overage.tiered": lambda m: "line.overage.capped" if m.params.get("flat") else _TIERED(m),
    "line.extra_line": _with("name", "named"),
    "benefit_missing": _with("packs", "packs"),
    "current_plan_settled": _with("term_months", "term"),
    "term.minimum_term": lambda m: m.code if m.params.get("owed_fen") is None else  # (months owed past the horizon:
    f"{m.code}.owed" + (".one" if m.params.get("past") == 1 else ""),  # "the 1 month after", review)
    "term.installation": _with("paid", "paid"),
    "line.day_pass": _with("zone", "zone"),
    "speed": _with("with_packs", "packs"),
    "lower_speed": _with("whose", "whose"),
    "lower_speed_raise_budget": _with("whose", "whose"),
    "lower_speed.change": _with("whose", "whose"),
    "population.at_row": _with("value", "value"),
    "catalogue.benefit_unnamed": _with("like", "like"),
    "catalogue.group_of_one": _with("like", "like"),
    "more_than_best": lambda m: ("more_than_best.worst_month" if m.params.get("worst_fen") is not None else
                                 "more_than_best.valued" if m.params.get("best_fen") is not None else m.code)
    + (".same" if m.params.get("gap_fen") == 0 else ""),  # (a tie left out by top_k: "¥0.00 more" read wrong)
    "keep_current_plan": lambda m: ("keep_current_plan.bill" if m.params.get("plan") is None else m.code)
    + (".worst_month" if "worst_month_fen" in m.params else ".valued" if "ranking_fen" in m.params else "")
    + (".by_month" if m.params.get("by_month") else ".packs" if m.params.get("packs") else "")
    + (".needs" if m.params.get("needs_unknown") else ""),
    "extra_lines": lambda m: "extra_lines.none" if not m.params.get("have") else "extra_lines",
    "current_plan_short_of_lines": lambda m: f"{m.code}.none" if not m.params.get("max") else m.code,  # ("takes 0
    # extra lines, not the 1 your household has": user test)
    "separate_lines": lambda m: m.code + _sure(m) + (".only_if" if m.params.get("only_if") else ""),
    "csv.missing_columns": lambda m: m.code + (".found" if m.params.get("found") else ""),
    "records_without": lambda m: m.code + "".join(f".{kind}" for kind in m.params.get("kinds") or ()),
    "some_lines_together": lambda m: m.code + (".one" if len(m.params.get("alone") or ()) == 1 else "")
    + (".only_if" if m.params.get("only_if") else ""),  # (one line alone: not "each other line", found by the
    # household user test)
    "separate_lines_cost_less": lambda m: m.code + (".worst_month" if "worst_month_fen" in m.params else "")
    + _sure(m) + (".only_if" if m.params.get("only_if") else ""),
    "separate_lines_cheaper": lambda m: m.code + (".less" if "less_fen" in m.params else
                                                  ".valued" if "ranked_fen" in m.params else "")
    + _sure(m) + (".only_if" if m.params.get("only_if") else ""),
    "term.promotion": lambda m: m.code if m.params.get("first", 1) <= 1 else f"{m.code}.later" + (
        ".month" if m.params.get("first") == m.params.get("months") else ""),  # (one later month: "for month 7")
    "sure_best": lambda m: m.code + (".without" if m.params.get("without") else "")
    + (".instead" if m.params.get("buys_instead") else "")
    + (".worst_month" if "worst_month_fen" in m.params else
                                     ".valued" if "ranking_fen" in m.params else "")
    + (".saves" if "saves_fen" in m.params else ".dearer" if "more_fen" in m.params else ""),
}


def need_text(need: str, lang: str = "en") -> str:
    """The name of a need as the answer's ``needs`` give it (``min_uplink_mbps``, ``line2:data_mb``,
    ``benefit:<tag>`` ...), in ``lang``."""
    words = catalogue(lang)
    if need.startswith("line") and ":" in need and need[4:need.index(":")].isdigit():
        line, meter = need[4:].split(":", 1)
        return words["need.line"].format(line=line, meter=words.get(f"word.{meter}", meter))
    if need.startswith("benefit:"):
        return words["need.benefit"].format(benefit=need.removeprefix("benefit:"))
    return words.get(f"need.{need}", words.get(f"word.{need}", need))


def pack_line_text(label: str, pack: Mapping[str, Any] | None, owner: int | None, lang: str = "en") -> str:
    """A pack's bill line ``label`` with the needs the pack is bought for (``pack``: its entry in the answer's
    ``packs``, ``needed_for``): "5G-A data pack 21.9 (for the upload speed)"; the label alone for a pack bought for
    what it adds, and for the units of a pack sold per SIM that serve no line (``owner`` None where the entry gives
    ``lines``: bought for what they add; found in review of the first wording, "op-a-up300 × 2 (for the uplink
    speed)" on the two shared units bought for their data)."""
    needs = () if pack is None or (owner is None and "lines" in pack) else pack["needed_for"]
    if not needs:
        return label
    words = catalogue(lang)
    reasons = [render(message("for.benefit", benefit=n.removeprefix("benefit:")), lang) if n.startswith("benefit:")
               else words.get(f"for.{n}", n) for n in needs]  # (a benefit by its name, as ``needs`` say it: review)
    return words["pack.needed_for"].format(pack=label, reasons=words["list.changes"].join(reasons))


def table_names(names: Names, lang: str) -> Names:
    """The names a table says in ``lang`` (the CLI's, the what-if report's: ``Naming``): in Chinese every kind's; in
    English a plan's English name, as its bill lines and the English form say it (found by the household user test:
    "智慧沃家共享版 188元" above "Smart Wo Home Shared 188 monthly fee"), and a benefit's (a plan file's own too,
    ``operator.benefits``), operators and memberships by id, as the English tables have always said them."""
    if lang != "en":
        return names
    return lambda kind, ident: names(kind, ident) if kind in ("plan", "benefit") else ident


def names_for(catalogue: Any, lang: str) -> Names:
    """Names from the plan files (operators, plans, packs, memberships, benefits new to the catalogue) in ``lang``,
    else the catalogue's.

    Built once per catalogue and language, and kept with the (immutable) catalogue."""
    kept: dict[str, Names] | None = getattr(catalogue, "__dict__", {}).get("_names")
    if kept is None:
        kept = {}
        if hasattr(catalogue, "__dict__"):
            catalogue.__dict__["_names"] = kept
    found = kept.get(lang)
    if found is None:
        found = kept[lang] = _names_for(catalogue, lang)
    return found


def _names_for(catalogue: Any, lang: str) -> Names:
    fallback = _default_names(lang)
    table: dict[tuple[str, str], str] = {}
    for spec in catalogue.specs:
        op = spec.operator
        table[("operator", op.id)] = op.name if lang == "zh" else op.name_en
        for m in op.memberships:
            table[("membership", m.id)] = m.name if lang == "zh" else m.name_en
        for b in op.benefits:  # (a benefit new to the catalogue, named by its operator's file)
            table.setdefault(("benefit", b.id), b.name if lang == "zh" else b.name_en)
        for item, kind in [(p, "plan") for p in spec.plans] + [(p, "pack") for p in spec.packs]:
            table[(kind, item.id)] = item.name if lang == "zh" else item.name_en

    def name(kind: str, ident: str) -> str:
        return table.get((kind, ident)) or fallback(kind, ident)
    return name
