"""The command line for product teams and curious users: validate, schema, recommend.

Only translation lives here: arguments in, domain calls, text or JSON out.  Every error is one
clear message and a non-zero exit, never a traceback.
"""

import importlib
import json
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from pydantic import ValidationError

from .answer import Answer, Household, Recommendation, UnknownPlan, recommend
from .catalogue import DEFAULT_PLANS, Catalogue, CatalogueError
from .catalogue.cache import load_prepared
from .catalogue.load import comment_notes, fact_figures, item_lines, load_plan_sources, name_key, read_plan_sources
from .catalogue.notes import notes
from .catalogue.regions import code_of_name, province_of_city
from .cli_lang import (
    CONTROLS,
    Choice,
    DateTime,
    LangCommand,
    LangGroup,
    Language,
    PathType,
    Said,
    SaidParameter,
    SaidUsage,
    no_such_command,
    plans_invalid,
)
from .cost import in_price
from .eligibility import home_today, profile_problems, worded_once
from .messages import (
    NEED,
    ONE_OF,
    QUANTITY_SCALE,
    Message,
    Names,
    Naming,
    Refused,
    message,
    names_for,
    need_text,
    number,
    pack_line_text,
    quantity,
    reasons,
    singular,
    table_names,
)
from .messages import catalogue as wording
from .messages import render as say
from .money import format_money, without_yuan_marks, yuan_to_fen
from .optimise import planner
from .optimise.exhaustive import TooManyCombinations
from .optimise.planner import ENGINES, Engine
from .profile import (
    APP_CATEGORIES,
    ID_PATTERN,
    MAX_AGE,
    MAX_DAYS,
    MAX_HORIZON_MONTHS,
    MAX_LINES,
    MAX_MBPS,
    NUMBER_TEXT,
    SPEED_OF_DAYS,
    ZONES,
    Profile,
    field_messages,
    field_path,
)
from .strictjson import NotStrictJson, loads
from .typed import full_stops

if TYPE_CHECKING:
    from .usage import UsageCsvError


def plans_schema() -> dict[str, object]:
    """The JSON Schema of a plan file (what ``plans/*.yaml`` point their editors at)."""
    from .catalogue.spec import OperatorFile

    schema = OperatorFile.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def _load(plans: Path, lang: str = "en") -> Catalogue:
    """The catalogue with its tables compiled, from the user's cache when the files and code are
    unchanged (``catalogue.cache``); its problems in ``lang`` if the files are invalid."""
    try:
        return load_prepared(plans, planner.prepared)
    except CatalogueError as exc:
        raise plans_invalid(exc, lang) from None


def _counted(lang: str, key: str, count: int) -> str:
    """The phrase ``key`` of ``count`` things, in the singular for one (``messages.singular``: "1 problem found")."""
    words = wording(lang)
    return words[singular(words, key, {"count": count})].format(count=count)


def _validation_message(exc: ValidationError, lang: str = "en") -> str:
    return _profile_invalid(field_messages(exc), lang)


def _profile_invalid(said: Iterable[tuple[str, Message]], lang: str) -> str:
    """A profile's problems, each at its field, under one heading: those of its own shape (``_validation_message``)
    and those against the catalogue (``profile_problems``) alike (found by the eligibility test: '北京' was said under
    "用量画像有误：", CN-HK, a code of no market here, on one line without it)."""
    return f"{wording(lang)['cli.profile_invalid']}\n" + "\n".join(
        f"  {path or '(profile)'}: {say(reason, lang)}" for path, reason in said)


def _csv_problems(path: Path, exc: "UsageCsvError", lang: str) -> str:
    """A usage CSV's bad rows (``UsageCsvError.shown``), each by its line and its reason's code worded in ``lang``."""
    words = wording(lang)
    shown = exc.shown()
    said = words["cli.separator"].join(words["cli.csv.line"].format(line=p.line, text=say(p.reason, lang))
                                       for p in shown)
    more = len(exc.problems) - len(shown)
    return f"{path}: {said}" + (words["cli.csv.more"].format(count=more) if more > 0 else "")


class _Commands(LangGroup):
    """The top-level commands; the TM Forum and batch ones are imported only when named or listed,
    so that ``recommend`` starts without them."""

    help_name = "recommender"
    """Its help's key, ``cli.help.recommender`` (``cli_lang.help_key``)."""

    LAZY = {"export": ("recommender.tmf.cli", "export_group"), "import": ("recommender.tmf.cli", "import_group"),
            "population": ("recommender.batch.cli", "population"),
            "whatif": ("recommender.batch.cli", "whatif_command")}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *self.LAZY})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.LAZY:
            module, name = self.LAZY[cmd_name]
            command = getattr(importlib.import_module(module), name)
            assert isinstance(command, click.Command) and command.name == cmd_name, cmd_name
            self.add_command(command)
        return super().get_command(ctx, cmd_name)

    def resolve_command(self, ctx: click.Context, args: list[str]) -> tuple[str | None, click.Command | None,
                                                                           list[str]]:
        no_such_command(self, ctx, args)  # (in the language of its --lang: click's words are English)
        return super().resolve_command(ctx, args)


PLAIN_AMOUNT = re.compile(r"[0-9]+(?:\.[0-9]+)?|\.[0-9]+")
"""An amount as typed: ASCII digits with at most one decimal point (the form's and the API's reading: no exponent,
no ``_`` or ``,`` separators, which Python's ``float`` and ``Decimal`` would read as some other number)."""

FULL_WIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")
"""Full-width digits and point: read as ASCII, as the form reads them."""


def number_text(value: object) -> str:
    """The text of a number typed on the command line, as every numeric option reads it: spaces around it dropped,
    full-width digits and point as ASCII (found by QA: ``--data-gb ０.5`` was taken, through Python's ``float``,
    and ``--budget １００`` refused), and an input method's full stop as the form reads it (``typed.full_stops``)."""
    return full_stops(str(value).strip().translate(FULL_WIDTH))


class NumberType(click.ParamType):
    """A number read as the form reads one and as ``--budget`` is: digits with at most one decimal point (full-width
    too: ``number_text``), exactly, within ``low`` and ``high``; ``whole``: a whole number, as an ``int``
    (``5.0`` is 5), else a ``Decimal`` (a ``float`` with ``as_float``).  Not Python's ``int`` or ``float``, which
    also read ``1_0`` as 10, ``1e3``, ``nan`` and other scripts' digits."""

    name = "number"

    def __init__(self, low: int | float, high: int | float, whole: bool = False, as_float: bool = False) -> None:
        self.low, self.high, self.whole, self.as_float = Decimal(str(low)), Decimal(str(high)), whole, as_float
        if whole:  # (click's name for a whole number's type)
            self.name = "integer"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> object:
        try:
            return read_number(str(value), self.low, self.high, self.whole, self.as_float)
        except Refused as exc:
            raise SaidParameter(exc.reason, ctx, param) from None


def _whole(low: int, high: int) -> NumberType:
    return NumberType(low, high, whole=True)


def read_number(value: str, low: Decimal | None = None, high: Decimal | None = None, whole: bool = False,
                as_float: bool = False) -> int | float | Decimal:
    """``NumberType``'s reading; ``Refused`` says what is wrong, as a code."""
    text = number_text(value)
    if text.startswith("-") and PLAIN_AMOUNT.fullmatch(text[1:]):  # (found by the product QA: '-3' was told it
        raise Refused(message("cli.number.range", value=text, low=f"{low:f}", high=f"{high:f}")  # is not a number)
                      if low is not None and high is not None else message("cli.number.negative", value=text))
    if not PLAIN_AMOUNT.fullmatch(text):
        raise Refused(message("cli.number.not_number", value=value))
    number = Decimal(text)
    if whole and number != number.to_integral_value():
        raise Refused(message("cli.number.not_whole", value=value))
    if low is not None and high is not None and not low <= number <= high:
        raise Refused(message("cli.number.range", value=text, low=f"{low:f}", high=f"{high:f}"))
    return int(number) if whole else float(number) if as_float else number


class YuanType(click.ParamType):
    """An amount of money read exactly from the text typed (found by the money QA: ``--budget`` went through a float,
    so ``59.9999999999999999`` was taken as ¥60.00 where ``59.999`` is refused, and ``1_00`` as ¥100); full-width
    digits and point as ASCII, as every numeric option reads them (``number_text``); a leading ¥ (￥) or a trailing
    元 dropped, as the form drops them (``money.without_yuan_marks``; found by QA: ``--budget ¥120`` was refused).
    An option written with them is noted in the context (``YUAN_MARKED``): they say yuan."""

    name = "amount"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        unmarked = without_yuan_marks(str(value))
        if unmarked != str(value).strip() and ctx is not None and param is not None:
            ctx.meta.setdefault(YUAN_MARKED, {})[param.opts[0]] = str(value)
        text = number_text(unmarked)
        if not PLAIN_AMOUNT.fullmatch(text):
            raise SaidParameter(message("cli.amount.not_amount", value=str(value)), ctx, param)
        if Decimal(text) > 10_000_000:
            raise SaidParameter(message("cli.amount.too_large", value=text), ctx, param)
        try:
            yuan_to_fen(text)
        except ValueError:  # (digits with at most one point: only a fraction of a fen is left to refuse)
            raise SaidParameter(message("cli.amount.fen", value=text), ctx, param) from None
        return text


YUAN_MARKED = "recommender.yuan_marked"
"""``ctx.meta``'s key for the money options written with a yuan mark: ``{option: as typed}``."""


def _yuan_marks_in(currency: object) -> None:
    """Refuse an amount written in yuan (¥, 元) for a profile in another currency (``--currency USD --budget ¥50``
    would have been read as $50)."""
    marked: dict[str, str] = click.get_current_context().meta.get(YUAN_MARKED, {})
    if marked and currency not in (None, "CNY"):
        option, typed = next(iter(marked.items()))
        raise SaidParameter(message("cli.amount.in_yuan", typed=typed, currency=str(currency)), param_hint=option)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """5G-A tariff recommender: the cheapest fitting 5G-A bundle for a usage profile."""


@main.command(cls=LangCommand)
@click.argument("path", type=PathType(exists=True, path_type=Path), required=False)
@click.option("--plans", "plans", type=PathType(exists=True, path_type=Path),
              help="the plans folder or file, as the other commands take it (or give it as PATH)")
@click.option("--lang", type=Language(), default="en", show_default=True,
              help="the language of the problems, the ok line and the notes")
def validate(path: Path | None, plans: Path | None, lang: str) -> None:
    """Check plan files (PATH, else --plans, else the shipped plans); print every problem as file:line: message,
    then notes (valid, but more often a slip; each plan that only CP-SAT answers), each ending with the file:line
    it is about."""
    if path is not None and plans is not None and path != plans:
        raise SaidUsage(message("cli.validate.two_plans", path=str(path), plans=str(plans)))
    sources = read_plan_sources(path or plans or DEFAULT_PLANS)
    try:
        catalogue = load_plan_sources(sources)
    except CatalogueError as exc:
        for problem in exc.problems:  # (``file:line: message``: in English its ``str``, byte for byte)
            click.echo(problem.text(lang), err=True)
        click.echo(_counted(lang, "cli.validate.problems", len(exc.problems)), err=True)
        sys.exit(1)
    words = wording(lang)
    click.echo(words["cli.validate.ok"].format(  # ("1 problem", "1 operator file": "(s)" read as an afterthought)
        plans=_counted(lang, "cli.count.plans", len(catalogue.plans)),
        packs=_counted(lang, "cli.count.packs", len(catalogue.packs)),
        files=_counted(lang, "cli.count.files", len(catalogue.specs)), version=catalogue.version))
    where = item_lines(sources)
    for compiled in planner.compiled(catalogue).plans.values():
        if (said := compiled.left_to_cpsat()) is not None:  # (plans by id, as in the files)
            click.echo(words["cli.validate.note"].format(text=say(said, lang), where=where(compiled.plan.id, ())))
    for note in notes(catalogue, home_today(), fact_figures(sources)):
        click.echo(words["cli.validate.note"].format(text=say(note.message, lang), where=where(note.item, note.field)))
    for said, at in comment_notes(sources):
        click.echo(words["cli.validate.note"].format(text=say(said, lang), where=at))


@main.command(cls=LangCommand)
@click.option("--out", type=PathType(dir_okay=False, path_type=Path), help="write to this file")
@click.option("--lang", type=Language(), default="en", show_default=True,
              help="the language of the line saying where it was written (the schema is the same in every language)")
def schema(out: Path | None, lang: str) -> None:
    """Write the JSON Schema of plan files (stdout by default)."""
    text = json.dumps(plans_schema(), indent=2, ensure_ascii=False) + "\n"
    if out is None:
        click.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        click.echo(wording(lang)["cli.schema.wrote"].format(path=out), err=True)


def _object_at(data: dict[str, object], keys: list[str]) -> dict[str, object]:
    """The JSON object at ``keys`` in the profile document, created if missing."""
    for depth, key in enumerate(keys):
        node = data.setdefault(key, {})
        if isinstance(node, list) and keys[:depth + 1] == ["needs", "roaming"]:  # (found by the trips QA)
            raise Said(message("cli.profile.trips", trips=len(node)))
        if not isinstance(node, dict):
            raise Said(message("cli.profile.not_an_object", field=".".join(keys[:depth + 1])))
        data = node
    return data


def _set(data: dict[str, object], path: str, value: object) -> None:
    *parents, leaf = path.split(".")
    _object_at(data, parents)[leaf] = value


@main.command("recommend", cls=LangCommand)
@click.option("--profile", "profile_file", type=PathType(exists=True, dir_okay=False, path_type=Path),
              help="usage profile JSON (see seeds/profiles/)")
@click.option("--plans", type=PathType(exists=True, path_type=Path), default=DEFAULT_PLANS,
              show_default="plans/", help="plan files folder")
@click.option("--top-k", type=_whole(1, 50), default=5, show_default=True, help="how many bundles to rank, 1 to 50")
@click.option("--json", "as_json", is_flag=True, help="print the answer document as JSON")
@click.option("--lang", type=Language(), default="en", show_default=True,
              help="the language of the table: its phrases, reasons, operators' and plans' names (ids stay ids; "
                   "--json is the same in every language)")
@click.option("--detail", type=Choice(["months"]), multiple=True,
              help="with --json, months: each recommendation's months for a one-month profile too "
                   "(always there for histories)")
@click.option("--engine", type=Choice(ENGINES), default="auto", show_default=True,
              help="auto: tables where the catalogue allows, CP-SAT elsewhere")
@click.option("--time-limit", type=NumberType(0.01, 600, as_float=True), default=5.0, show_default=True, help="seconds")
@click.option("--per-operator", type=_whole(1, 50), help="at most this many plans per operator, 1 to 50")
@click.option("--data-gb", type=NumberType(0, 1_000_000), help="domestic data, GB a month")
@click.option("--voice-minutes", type=_whole(0, 1_000_000), help="domestic call minutes a month")
@click.option("--sms", type=_whole(0, 1_000_000), help="texts a month")
@click.option("--uplink", "min_uplink_mbps", type=_whole(0, MAX_MBPS), help="minimum upload speed, Mbps")
@click.option("--downlink", "min_downlink_mbps", type=_whole(0, MAX_MBPS), help="minimum download speed, Mbps")
@click.option("--satellite/--no-satellite", default=None,
              help="needs satellite service (calls and texts without mobile signal)")
@click.option("--broadband/--no-broadband", default=None, help="needs home broadband")
@click.option("--roaming-gb", type=NumberType(0, 1_000_000),
              help="roaming data outside the Chinese mainland (Hong Kong, Macao, Taiwan or abroad), GB a month "
                   "(every month of a history; a trip of one month only is that month's roaming in a --profile "
                   "file)")
@click.option("--roaming-minutes", type=_whole(0, 1_000_000),
              help="roaming minutes a month outside the Chinese mainland (every month, as --roaming-gb)")
@click.option("--roaming-zone", type=Choice(ZONES), help="where the trip goes (zone prices and day passes)")
@click.option("--roaming-days", type=_whole(1, MAX_DAYS),
              help="days outside the Chinese mainland (what day passes are bought for)")
@click.option("--uplink-days", type=_whole(1, MAX_DAYS), help="days a month the upload speed is needed (30)")
@click.option("--downlink-days", type=_whole(1, MAX_DAYS), help="days a month the download speed is needed")
@click.option("--broadband-mbps", type=_whole(0, MAX_MBPS), help="home broadband at least this fast")
@click.option("--satellite-minutes", type=_whole(0, 1_000_000), help="satellite call minutes a month")
@click.option("--satellite-sms", type=_whole(0, 1_000_000), help="satellite texts a month")
@click.option("--app-share", "app_share", multiple=True, metavar="APP=GB",
              help=f"GB of --data-gb used in an app category ({', '.join(APP_CATEGORIES)}), e.g. video=30 "
                   "(repeatable)")
@click.option("--line", "lines", multiple=True, metavar="KEY=VALUE,...",
              help=f"a household line, the holder first (repeatable, at most {MAX_LINES}): data_gb, voice_minutes, "
                   "sms, name, and app categories as GB, e.g. --line name=Mum,data_gb=40,voice_minutes=200,video=10")
@click.option("--operator", "operators", multiple=True, help="only these operators, by id or name (repeatable)")
@click.option("--budget", type=YuanType(),
              help="most you will pay a month, in the profile's currency (yuan unless --currency)")
@click.option("--current-plan", help="your current plan, by id or name, to show savings")
@click.option("--current-bill", type=YuanType(),
              help="your current monthly bill, in the profile's currency (yuan unless --currency)")
@click.option("--usage-csv", type=PathType(exists=True, dir_okay=False, path_type=Path),
              help="itemised bill: calls, data sessions and texts (columns kind,date,duration_s,mb); replaces monthly "
                   "usage")
@click.option("--horizon", "horizon_months", type=_whole(1, MAX_HORIZON_MONTHS),
              help="horizon: the months prices are averaged over (24)")
@click.option("--objective", type=Choice(["total", "worst_month"]), help="rank by total or by the worst month")
@click.option("--currency", help="the currency to rank in (CNY)")
@click.option("--age", type=_whole(0, MAX_AGE), help="your age (conditions of sale)")
@click.option("--region", help="where you live: an ISO 3166-2 code such as CN-BJ, or its name (Beijing)")
@click.option("--customer-of", help="the operator you are a customer of now (id or name)")
@click.option("--membership", "memberships", multiple=True,
              help="a membership you hold, by id or name, e.g. gotone (repeatable)")
@click.option("--no-membership", "no_membership", is_flag=True, default=None,
              help="you hold none of the catalogue's memberships (if not said: unknown); not with --membership")
@click.option("--group", "groups", multiple=True, help="a group you belong to, e.g. student (repeatable)")
@click.option("--benefit", "benefits", multiple=True, metavar="ID",
              help="a benefit you would like, by id, e.g. cloud-drive (repeatable): chooses between bundles of one "
                   "plan at the same price, and each bundle says whether it has it")
@click.option("--require-benefit", "benefits_required", multiple=True, metavar="ID",
              help="a benefit a bundle must include to fit, by id, e.g. assured-speed (repeatable)")
@click.option("--strict", "eligibility", flag_value="strict", default=None,
              help="leave out plans whose conditions of sale are unknown")
@click.option("--as-of", type=DateTime(["%Y-%m-%d"]), help="read conditions of sale at this date (today)")
@click.option("--exchange-rate", "exchange_rates", multiple=True, metavar="CUR=RATE",
              help="units of --currency per unit of CUR, e.g. USD=7.18 (repeatable)")
def recommend_command(profile_file: Path | None, plans: Path, top_k: int, as_json: bool, lang: str,
                      detail: tuple[str, ...], engine: Engine, time_limit: float, per_operator: int | None,
                      usage_csv: Path | None, **fields: object) -> None:
    """Rank the cheapest fitting bundles for a usage profile: a table in English, or in Chinese with --lang zh
    (--json prints the answer document, the same in every language)."""
    data: dict[str, object] = {}
    if profile_file is not None:
        try:
            data = loads(profile_file.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:  # where, as a plan file's problems are said (consumer QA); the decoder's
            raise click.ClickException(wording(lang)["cli.profile.json_at"].format(  # words are its own (English)
                path=profile_file, line=exc.lineno, col=exc.colno, error=exc.msg)) from None
        except NotStrictJson as exc:  # (a key twice, NaN: a code, worded in --lang; found by QA)
            raise click.ClickException(wording(lang)["cli.profile.not_json"].format(
                path=profile_file, error=say(exc.reason, lang))) from None
        except (ValueError, UnicodeDecodeError) as exc:  # (bytes not UTF-8: Python's words)
            raise click.ClickException(wording(lang)["cli.profile.not_json"].format(path=profile_file,
                                                                                    error=exc)) from None
        except RecursionError:  # (found by the security QA: some thousands of nested [ were a traceback)
            raise click.ClickException(wording(lang)["cli.profile.too_deep"].format(path=profile_file)) from None
        if not isinstance(data, dict):
            raise click.ClickException(wording(lang)["cli.profile.not_object"].format(path=profile_file))
        _replace_usage(data, fields, usage_csv is not None)
    _apply_flags(data, fields, usage_csv is not None)
    _yuan_marks_in(data.get("currency"))
    if usage_csv is not None:
        from .usage import UsageCsvError, csv_text, parse_csv

        text = csv_text(usage_csv.read_bytes())
        if text is None:
            raise click.ClickException(wording(lang)["cli.csv.encoding"].format(path=usage_csv))
        try:
            records = parse_csv(text)
        except UsageCsvError as exc:  # (each bad row's code, worded in --lang as the form words it: found by QA)
            raise click.ClickException(_csv_problems(usage_csv, exc, lang)) from None
        data["records"] = [r.model_dump() for r in records]
        for name in ("data_gb", "voice_minutes", "sms", "months"):
            data.pop(name, None)
    catalogue = _load(plans, lang)
    _ids_for_names(data, fields, catalogue, lang)
    try:
        profile = Profile.model_validate(data)
    except ValidationError as exc:
        raise click.ClickException(_validation_message(exc, lang)) from None
    problems = profile_problems(catalogue, profile)
    if problems:
        raise click.ClickException(_profile_invalid(((field_path(loc), msg) for loc, msg in problems), lang))
    try:
        answer = recommend(catalogue, profile, top_k, engine, time_limit, per_operator)
    except UnknownPlan as exc:  # (a code: worded in --lang, found by QA)
        raise click.ClickException(f"current.plan_id: {say(exc.reason, lang)}") from None
    except TooManyCombinations as exc:
        raise click.ClickException(say(exc.reason, lang)) from None
    if as_json:  # (the document's texts are English, as the API's: --lang words the table only)
        # (C1 controls and DEL escaped too, as C0 always are: a line's name from the profile stays text on a terminal)
        click.echo(json.dumps(answer.document(catalogue, detail=detail), indent=2, ensure_ascii=False)
                   .translate(JSON_CONTROLS))
    else:
        names = names_for(catalogue, lang)
        # (the English table lists operators by id and plans by their English names: ``table_names``)
        click.echo(render(answer, lambda m: say(m, lang, names), lang, table_names(names, lang)))


# a profile's usage comes one way (profile.py): one month, a history, itemised records or a household
_ONE_MONTH = ("data_gb", "voice_minutes", "sms")
_USAGE = (*_ONE_MONTH, "months", "records", "lines")


def _replace_usage(data: dict[str, object], fields: Mapping[str, object], usage_csv: bool) -> None:
    """A usage flag replaces the profile file's usage of another form (docs/api.md: the flags override
    the profile file or replace it): --data-gb/--voice-minutes/--sms a history, records or household, --line
    a person's usage, --usage-csv any other (as it replaced a file's monthly usage already).  Flags that
    contradict each other are still refused by the profile's own check."""
    if usage_csv:
        gone: tuple[str, ...] = _USAGE
    elif _repeated(fields, "lines"):
        gone = (*_USAGE, "app_share")
        replaced = [name for name in _USAGE if data.get(name)]
        said = {key for text in _repeated(fields, "lines") for key in _line(text)}
        # as below for the one-month flags: a meter the replaced usage has and no --line says would read 0 (found
        # by the docs QA: --line beside the family's 300-minute lines answered for 0 minutes)
        unsaid = [name for name in _ONE_MONTH
                  if name not in said and (data.get(name) or _used(data, replaced, name))]
        if replaced and unsaid:
            raise Said(message("cli.usage_replaced.line", replaced=replaced, uses=unsaid,
                               give=[n + "=…" for n in unsaid]))
    elif any(fields.get(name) is not None for name in _ONE_MONTH):
        gone = ("months", "records", "lines")
        replaced = [name for name in gone if data.get(name)]
        # a meter the replaced usage has and no flag gives would read 0 (found in review: --voice-minutes 400
        # beside a history of 30 and 40 GB a month was answered for 0 GB): refused, named
        unsaid = [name for name in _ONE_MONTH if fields.get(name) is None and _used(data, replaced, name)]
        if replaced and unsaid:
            raise Said(message("cli.usage_replaced.flags", replaced=replaced, uses=unsaid,
                               given=[f"--{n.replace('_', '-')}" for n in _ONE_MONTH if fields.get(n) is not None],
                               give=[f"--{n.replace('_', '-')}" for n in unsaid]))
    else:
        return
    for name in gone:
        data.pop(name, None)


def _used(data: Mapping[str, object], forms: list[str], meter: str) -> bool:
    """Whether a month, a line or a record of the file's ``forms`` of usage uses ``meter`` (a record by its kind)."""
    for form in forms:
        items = data.get(form)
        for item in items if isinstance(items, list) else ():
            if not isinstance(item, dict):
                continue
            if form == "records":
                kind = item.get("kind")
                if (meter, kind) in (("voice_minutes", "call"), ("data_gb", "data"), ("sms", "sms")):
                    return True
            elif item.get(meter):
                return True
    return False


def _apply_flags(data: dict[str, object], fields: Mapping[str, object], usage_csv: bool = False) -> None:
    def dec(value: object) -> Decimal:
        return Decimal(str(value))

    def fen(value: object) -> int:  # exact, never truncated: 12.345 yuan is an error (``YuanType`` refuses it)
        return yuan_to_fen(str(value))

    if usage_csv and (given := [f"--{n.replace('_', '-')}" for n in _ONE_MONTH if fields.get(n) is not None]):
        # (a profile's usage comes one way: the bill's records dropped the month's flags without a word)
        raise SaidUsage(message("cli.usage_csv.and_flags", given=given))
    if fields.get("current_plan") is not None and fields.get("current_bill") is not None:
        # (a profile's ``current`` is one of them: the bill, set after the plan, dropped it without a word)
        raise SaidUsage(message("cli.current.plan_and_bill"))
    # click hands the option values over untyped (``**fields``); each converter takes its option's type
    mapping: dict[str, tuple[str, Callable[[Any], object]]] = {
        "data_gb": ("data_gb", dec), "voice_minutes": ("voice_minutes", int), "sms": ("sms", int),
        "min_uplink_mbps": ("needs.min_uplink_mbps", int), "min_downlink_mbps": ("needs.min_downlink_mbps", int),
        "satellite": ("needs.satellite", bool), "broadband": ("needs.broadband", bool),
        "roaming_gb": ("needs.roaming.data_gb", dec), "roaming_minutes": ("needs.roaming.voice_minutes", int),
        "roaming_zone": ("needs.roaming.zone", str), "roaming_days": ("needs.roaming.days", int),
        "uplink_days": ("needs.uplink_days", int), "downlink_days": ("needs.downlink_days", int),
        "broadband_mbps": ("needs.broadband_mbps", int), "satellite_minutes": ("needs.satellite_minutes", int),
        "satellite_sms": ("needs.satellite_sms", int),
        "budget": ("budget_fen", fen),
        "current_plan": ("current", lambda v: {"plan_id": v}),
        "current_bill": ("current", lambda v: {"monthly_bill_fen": fen(v)}),
        "horizon_months": ("horizon_months", int), "objective": ("objective", str), "currency": ("currency", str),
        "age": ("about.age", int), "region": ("about.region", _region), "customer_of": ("about.customer_of", str),
        "eligibility": ("eligibility", str), "as_of": ("as_of", lambda v: v.date().isoformat()),
    }
    for name, (path, convert) in mapping.items():
        value = fields.get(name)
        if value is not None:
            _set(data, path, convert(value))
    for name, path in (("operators", "operators"), ("memberships", "about.memberships"), ("groups", "about.groups"),
                       ("benefits", "benefits"), ("benefits_required", "benefits_required")):
        values = _repeated(fields, name)
        if values:
            _set(data, path, values)
    if fields.get("no_membership"):
        if _repeated(fields, "memberships"):
            raise SaidUsage(message("cli.membership.none_and_some"))
        _set(data, "about.memberships", [])
    for pair in _repeated(fields, "exchange_rates"):
        currency, _, rate = pair.partition("=")
        rate = number_text(rate)  # (full-width digits as every numeric option reads them)
        if not NUMBER_TEXT.fullmatch(rate):  # (a number as a profile file writes one: "7_18" was 718)
            raise SaidParameter(message("cli.exchange_rate.not_number", value=rate), param_hint="--exchange-rate")
        _object_at(data, ["exchange_rates"])[currency.strip()] = rate
    for pair in _repeated(fields, "app_share"):
        app, _, gb = pair.partition("=")
        _object_at(data, ["app_share"])[app.strip()] = _number(gb, "--app-share")
    lines = [_line(text) for text in _repeated(fields, "lines")]
    if lines:
        data["lines"] = lines
    needs = data.get("needs")
    for days, speed in SPEED_OF_DAYS.items():
        if fields.get(days) is not None and not (isinstance(needs, dict) and needs.get(speed)):
            # (the profile refuses days of no speed: said in the options' names where an option gave the days)
            raise SaidUsage(message("cli.days_without_speed", days=f"--{days.replace('_', '-')}",
                                    speed=f"--{speed.removeprefix('min_').removesuffix('_mbps')}"))


def _ids_for_names(data: dict[str, object], fields: Mapping[str, object], catalogue: Catalogue, lang: str) -> None:
    """An operator, a membership or a current plan given on the command line by its name, in Chinese or English
    (``--operator 中国移动``, ``--customer-of "China Mobile"``, ``--membership 全球通``, ``--current-plan
    "全球通5G-A尊享套餐 199元"``), is read as its id (found by using the CLI as a Chinese-speaking product team:
    each was refused as no id, or an unknown plan, the names the CLI's own Chinese table lists).  Names are compared
    as ``catalogue.load.name_key`` compares them (full-width letters, case and spaces aside).  An id is kept as it
    is; a name two ids share is refused, naming both (``cli.name.ambiguous``), and so is a value part of a name or an
    id, naming them by their names in ``lang`` (``cli.name.near.*``: ``_Named.near``); anything else is left to the
    profile's checks.  (A profile file names them by id, as the API's body does.)"""
    specs = catalogue.specs
    operators = _Named("--operator", "operators", lang,
                       ((op.id, (op.name, op.name_en)) for op in (s.operator for s in specs)))
    memberships = _Named("--membership", "memberships", lang,
                         ((m.id, (m.name, m.name_en)) for s in specs for m in s.operator.memberships))
    plans = _Named("--current-plan", "plan", lang, ((p.id, (p.name, p.name_en)) for s in specs for p in s.plans))
    if _repeated(fields, "operators"):
        data["operators"] = [operators.read(v) for v in _repeated(fields, "operators")]
    about = data.get("about")
    if isinstance(about, dict):  # (set by _apply_flags when either flag was given)
        if fields.get("customer_of") is not None:
            about["customer_of"] = operators.read(str(fields["customer_of"]), "--customer-of")
        if _repeated(fields, "memberships"):
            about["memberships"] = [memberships.read(v) for v in _repeated(fields, "memberships")]
    if fields.get("current_plan") is not None:
        data["current"] = {"plan_id": plans.read(str(fields["current_plan"]))}


class _Named:
    """The ids of one kind (operators, memberships, plans) by their names (``name_key``), for ``_ids_for_names``;
    ``kind`` is the message parameter that words such ids (``messages.NAMED``: operators, memberships, plan), by
    their names in ``lang`` (the Chinese name, or the English one; each kind's names are ``(name, name_en)``)."""

    NEAR_AT_MOST = 5
    """At most this many ids are offered for a value part of their names (``cli.name.near``): "199" is part of
    half the plans' names, and a list of them is no answer."""

    def __init__(self, option: str, kind: str, lang: str, named: Iterable[tuple[str, tuple[str, str]]]) -> None:
        self.option, self.kind = option, kind
        self.ids: set[str] = set()
        self.by_name: dict[str, list[str]] = {}
        self.name: dict[str, str] = {}  # (in ``lang``)
        for id_, names in named:
            self.ids.add(id_)
            self.name.setdefault(id_, names[lang == "en"])
            for name in names:
                bearers = self.by_name.setdefault(name_key(name), [])
                if id_ not in bearers:
                    bearers.append(id_)

    def read(self, value: str, option: str | None = None) -> str:
        """The id ``value`` means: itself if it is an id, the id its name is, else itself (for the profile's checks);
        a name of two ids is refused at ``option`` (this kind's option by default), and so is a value not written as
        an id that is part of a name or an id, or has one in it, naming what it may mean (``near``).  A value
        written as an id ("china-mobil", "gotnoe") is left to the profile's checks, which say every problem at once
        and what the catalogue has."""
        if value in self.ids:
            return value
        bearers = self.by_name.get(name_key(value), [value])
        if len(bearers) > 1:
            raise SaidParameter(message("cli.name.ambiguous", value=value, choices=bearers),
                                param_hint=option or self.option)
        if bearers[0] not in self.ids and not re.fullmatch(ID_PATTERN, value) and (near := self.near(value)):
            raise SaidParameter(message(f"cli.name.near.{self.kind}", value=value, choices=near,
                                        **{f"{self.kind}{ONE_OF}": near}),
                                param_hint=option or self.option, names=lambda kind, id_: self.name[id_])
        return bearers[0]

    def near(self, value: str) -> list[str]:
        """The ids (at most ``NEAR_AT_MOST``) whose id or name has ``value`` in it, or is in it, two characters or
        more (by ``name_key``): "移动" and "中国移" are China Mobile's, "Mobile" China Mobile's and T-Mobile's,
        "全球通会员" the membership 全球通 (each was "不是运营商代码", "is not an operator id", beside a name the
        CLI's table shows: found by using the CLI as a Chinese-speaking product team)."""
        key = name_key(value)
        if len(key) < 2:
            return []
        near = [id_ for name, ids in self.by_name.items() for id_ in ids
                if len(name) >= 2 and (key in name or name in key)]
        near += [id_ for id_ in sorted(self.ids) if len(id_) >= 2 and (key in id_ or id_ in key)]
        near = list(dict.fromkeys(near))
        return near if len(near) <= self.NEAR_AT_MOST else []


LINE_KEYS = ("name", "data_gb", "voice_minutes", "sms")


def _number(text: str, option: str, whole: bool = False) -> int | Decimal:
    """A number in a ``KEY=VALUE`` option, read as every numeric option reads one (``read_number``: ``Decimal``
    read ``1_0`` as 10, and ``int`` cut a line's ``voice_minutes=2.5`` to 2)."""
    try:
        number = read_number(text, whole=whole)
    except Refused as exc:
        raise SaidParameter(exc.reason, param_hint=option) from None
    assert not isinstance(number, float)
    return number


LINE_SEPARATORS = re.compile("[,\uff0c]")
"""Between a ``--line``'s fields: a comma, ASCII or full-width (a Chinese input method's ``，``: found by the household
user test, ``name=姥姥，data_gb=1，voice_minutes=600`` was read as a line named all of that, using nothing)."""


def _region(written: str) -> str:
    """``--region`` as a code: a province's name read as the form's menu names it (``北京``, ``Beijing``: found by the
    household user test, refused where ``--operator 中国移动`` is taken), a city as its province (``深圳``: where the
    person lives, as the profile's refusal of a name suggests it), a code as written (the profile refuses a code it
    does not know, naming the one meant)."""
    return code_of_name(written) or province_of_city(written) or written


def _line(text: str) -> dict[str, object]:
    """``--line name=Mum,data_gb=40,voice_minutes=200,video=10`` as a profile's line (apps: its app_share); commas
    and equals signs full-width or not (``LINE_SEPARATORS``), as numbers are read."""
    line: dict[str, object] = {}
    for part in filter(None, (p.strip() for p in LINE_SEPARATORS.split(text.replace("\uff1d", "=")))):
        key, sep, value = part.partition("=")
        key = key.strip()
        if not sep or (key not in LINE_KEYS and key not in APP_CATEGORIES):
            raise SaidParameter(message("cli.line.key", part=part, keys=list(LINE_KEYS), apps=list(APP_CATEGORIES)),
                                param_hint="--line")
        if key == "name":
            line["name"] = value.strip()
        elif key in APP_CATEGORIES:
            _object_at(line, ["app_share"])[key] = _number(value, "--line")
        else:
            line[key] = _number(value, "--line", whole=key != "data_gb")
    return line


def _repeated(fields: Mapping[str, object], name: str) -> list[str]:
    """A ``multiple=True`` option's values (click gives a tuple of strings, empty when not given)."""
    value = fields.get(name) or ()
    assert isinstance(value, tuple), f"--{name} is a repeatable option"
    return [str(v) for v in value]


def _int(value: object) -> int:
    """A whole number read back from an answer document part."""
    if not isinstance(value, int):
        raise TypeError(f"expected a whole number, got {value!r}")
    return value


def _object(value: object) -> Mapping[str, object]:
    """A JSON object read back from an answer document part."""
    if not isinstance(value, Mapping):
        raise TypeError(f"expected an object, got {value!r}")
    return value


def _objects(value: object) -> list[Mapping[str, object]]:
    """A list of JSON objects read back from an answer document part."""
    if not isinstance(value, list):
        raise TypeError(f"expected a list, got {value!r}")
    return [_object(v) for v in value]


@dataclass(frozen=True)
class Words(Naming):
    """The table's words in one language: its own phrases (``cli.*`` in ``messages/<lang>.json``), the answer's codes
    (``text``), and the names of operators and plans (``names``, read by ``messages.Naming``; None: the operator's id
    and the plan's published name; ``recommend`` gives ``messages.table_names``)."""

    lang: str
    text: Callable[[Message], str]
    names: Names | None = None

    def __call__(self, key: str, **params: object) -> str:
        """The phrase ``cli.<key>`` with ``params`` (``cli.<key>.one`` for a count of one: ``messages.singular``)."""
        words = wording(self.lang)
        return words[singular(words, f"cli.{key}", params)].format(**params)

    def word(self, key: str) -> str:
        """A word of the messages catalogue (``unit.GB``, ``list.separator``)."""
        return wording(self.lang)[key]


SPEEDS = {"min_uplink_mbps": "word.uplink", "min_downlink_mbps": "word.downlink", "broadband": "word.broadband"}
"""The needs met by a speed in Mbps, and their words (as the reasons say a speed: "upload speed up to 200 Mbps < 300
Mbps needed")."""


def _need(check: Mapping[str, object], say: Words) -> str:
    """A need met, as the reasons say one unmet: its words, each amount with its unit (found by QA: the English table
    said "uplink_mbps 300 ≥ 300", ids and no unit, where a reason says "uplink 200 Mbps < 300 Mbps needed")."""
    name, provided, required = str(check["need"]), _int(check["provided"]), _int(check["required"])
    est = say.word("word.estimate") if check.get("assumed") else ""
    if name == "roaming":
        return say("need.roaming.met" if check["met"] else "need.roaming.unmet")
    if name.startswith("benefit:"):  # (met or not: no amount to say)
        return say.text(message("need.benefit", benefit=name.removeprefix("benefit:")))
    if name in ("satellite", "broadband") and required <= 1:  # (met on an estimate: said, as a speed's is)
        return f"{say.word(f'word.{name}')}{est}"
    meter = name.rsplit(":", 1)[-1]  # (an extra line's: ``line1:data_mb``)
    if meter.endswith("_mb"):
        have, need = (f"{amount / 1024:g} {say.word('unit.GB')}" for amount in (provided, required))
    elif meter.endswith("_s"):
        have, need = (f"{amount / 60:g} {say.word('unit.min')}" for amount in (provided, required))
    elif meter in ("sms", "satellite_sms"):
        have, need = (quantity(meter, amount, say.lang) for amount in (provided, required))  # ("1 text")
    elif name in SPEEDS:
        have, need = f"{provided} Mbps", f"{required} Mbps"
        return say("need.speed", need=say.word(SPEEDS[name]), have=have + est, required=need)  # (a plan's "up to")
    else:  # (extra lines: a count)
        have, need = str(provided), str(required)
    return say("need", need=need_text(name, say.lang), have=have + est, required=need)


def _packs(packs: object, lang: str | None = None) -> str:
    """The packs bought, by id (× count); with ``lang``, each with the needs it is bought for (a history's month, which
    has no bill lines to say it: ``pack_line_text``)."""
    ids = [(f"{p['id']}×{p['count']}" if p["count"] != 1 else str(p["id"]), p) for p in _objects(packs)]
    return ", ".join(text if lang is None else pack_line_text(text, pack, 0, lang) for text, pack in ids)


def _who(line: int, name: str | None, say: Words) -> str:
    who = say("holder") if line == 0 else say("line", line=line)
    return say("named", who=who, name=_one_line(name)) if name else who


def _one_line(value: str) -> str:
    """A profile's own text (a line's name) as the table shows it: a line break in it written ``\\x0a``, as the
    other control characters are (``CONTROLS``), so that it does not break the table's line."""
    return value.replace("\n", "\\x0a")


def _names_on_one_line(text: Callable[[Message], str]) -> Callable[[Message], str]:
    """``text`` wording a message whose string parameters (a line's name) are ``_one_line``."""
    def words(message: Message) -> str:
        params = message.params
        if any(isinstance(v, str) and "\n" in v for v in params.values()):
            message = Message(message.code, {k: _one_line(v) if isinstance(v, str) else v for k, v in params.items()})
        return text(message)
    return words


def _household(household: Household, currency: str, say: Words) -> list[str]:
    """A household bundle's bill by line, and the shared pools' use."""
    parts = [f"{_who(i, name, say)} {format_money(fen, currency)}"
             for i, (name, fen) in enumerate(zip(household.names, household.per_line_fen, strict=True))]
    parts.append(say("by_line.shared", amount=format_money(household.shared_fen, currency)))
    out = ["      " + say("by_line", parts=" · ".join(parts))]
    for meter, use in household.shared_pool_use.items():
        unit, scale = QUANTITY_SCALE[meter]
        size = use["allowance"]
        used = _int(use["used"])
        pool = dict(meter=need_text(meter, say.lang), used=f"{used / scale:g}", unit=say.word(f"unit.{unit}"))
        app = _int(use.get("app_covered") or 0)  # (app data covers it first: "50 GB used of 20 GB" and no overage
        # read as a bill short of 30 GB's overage; found in review)
        out.append("      " + (say("pool.unlimited", **pool) if size is None else
                               say("pool.app", **pool, allowance=f"{size / scale:g}", app=f"{app / scale:g}") if app
                               else say("pool.over", **pool, allowance=f"{size / scale:g}",
                                        over=f"{(used - size) / scale:g}") if used > size  # (found by the household
                               # user test: "1110 of 500 min used" left the 610 over to work out)
                               else say("pool", **pool, allowance=f"{size / scale:g}")))
    return out


def _separate(answer: Answer, say: Words) -> list[str]:
    """The cheapest set of separate plans, one per line, beside the household ranking."""
    separate = answer.separate_lines
    assert separate is not None
    out = ["", say("separate")]
    for item in separate.lines:
        rec = item.recommendation
        if rec is None:
            out.append("  " + say("separate.none", who=_who(item.line, item.name, say)))
            continue
        packs = f" + {_packs(rec.packs)}" if rec.packs else ""
        out.append("  " + say("separate.line", who=_who(item.line, item.name, say), operator=say.operator(rec.operator),
                              plan_id=rec.plan_id, plan=say.plan(rec.plan_id, rec.plan_name), packs=packs,
                              price=format_money(rec.price_fen, answer.currency)))
        out.extend(_only_if(rec, say, "    "))
    total = separate.effective_monthly_fen
    if total is not None:
        line = "  " + say("separate.together", amount=format_money(total, answer.currency))
        if (gap := answer.household_saves_fen) is not None:  # (the separate plans less the household's best)
            line += _gap(gap, answer.currency, say, separate.only_if)
        if separate.within_budget is False and separate.budget_fen is not None:
            line += say("separate.over_budget", budget=format_money(separate.budget_fen, answer.currency))
        out.append(line)
    if answer.objective == "worst_month" and separate.worst_month_fen is not None:  # (the ranking's measure)
        out.append("  " + say("separate.worst_month", amount=format_money(separate.worst_month_fen, answer.currency)))
    sure = separate.sure  # (on plans each line may surely buy: the lines that changes, as the form lists them)
    if sure is not None and (surely := sure.effective_monthly_fen) is not None:
        gap = sure.saves_fen(answer.best_fen)
        out.append("  " + say("separate.sure", amount=format_money(surely, answer.currency),
                              gap="" if gap is None else _gap(gap, answer.currency, say)))
        for item, was in zip(sure.lines, separate.lines, strict=True):
            rec = item.recommendation
            if rec is not None and (was.recommendation is None or (rec.plan_id, rec.packs) !=
                                    (was.recommendation.plan_id, was.recommendation.packs)):
                out.append("    " + say("separate.line", who=_who(item.line, item.name, say),
                                        operator=say.operator(rec.operator), plan_id=rec.plan_id,
                                        plan=say.plan(rec.plan_id, rec.plan_name),
                                        packs=f" + {_packs(rec.packs)}" if rec.packs else "",
                                        price=format_money(rec.price_fen, answer.currency)))
    return out


def _gap(gap: int, currency: str, say: Words, only_if: bool = False) -> str:
    """Separate plans against the household's best bundle (``gap``: they less it), and, when they cost less only if
    each line meets a condition of sale its answers leave unknown, so said (found by the household user test: "¥80.00
    less" where the plans each line may surely buy cost ¥49.00 more, which the line below now says too)."""
    if gap > 0:
        return say("separate.more", gap=format_money(gap, currency))
    if gap < 0:
        return say("separate.less.only_if" if only_if else "separate.less", gap=format_money(-gap, currency))
    return say("separate.same")


def _only_if(rec: Recommendation, say: Words, indent: str) -> list[str]:
    """The conditions of sale the person did not speak to, as one line, and those of their own plan they need not
    meet to keep it (``kept``: "yours to keep; to sign up anew: …", as the form says; the CLI said nothing of them)."""
    out = []
    for status, key in (("unknown", "only_if"), ("kept", "kept")):
        said = [text + (say.word("word.estimate") if assumed else "") for text, assumed in  # (an assumption's)
                worded_once((say.text(c.message), c.assumed) for c in rec.conditions if c.status == status)]
        if said:
            out.append(indent + say(key, conditions=say("separator").join(said)))
    return out


def _wished(rec: Recommendation, say: Words) -> list[str]:
    """The wished benefits (``benefits``) the bundle has and lacks, as the form says them (none wished: nothing)."""
    words = wording(say.lang)
    name = say.names or (lambda _, b: words.get(f"benefit.{b}", b))  # (a plan file's own too: operator.benefits)
    said = [say(verb, benefits=say.word("list.separator").join(name("benefit", b) for b in ids))
            for verb, ids in (("wished.has", rec.benefits_met), ("wished.lacks", rec.benefits_missing)) if ids]
    return ["      " + say("wished", said=say("separator").join(said))] if said else []


def _savings(savings: Mapping[str, object], money: str, say: Words) -> str:
    fen, code = _int(savings["fen"]), savings["code"]
    if code in ("current_plan", "holders_only"):  # (a plan kept for its holders: no saving to be had by switching)
        return "      " + say(f"savings.{code}")
    if code == "saves":
        return "      " + say("savings.saves", month=format_money(fen, money),
                                year=format_money(_int(savings["per_year_fen"]), money))
    if code == "same_price":
        return "      " + say("savings.same_price")
    return "      " + say("savings.costs_more", month=format_money(-fen, money),  # (with its year, as the form says it:
                            year=format_money(-_int(savings["per_year_fen"]), money))  # localisation review)


def _month(month: Mapping[str, object], say: Words) -> str:
    """One month of a history: its bill and what it billed."""
    billed = _object(month["billed"])
    label = str(month["month"])
    abroad = (_int(billed.get("roaming_data_mb", 0)), _int(billed.get("roaming_voice_s", 0)))
    texts = _int(billed["sms"])  # ("1 text"; GB as every adapter says them, ``messages.number``: "20 GB", not "20.00")
    return ("      " + say("month.one" if texts == 1 else "month", total=month["total_yuan"],
                             label=say("month.dated" if "-" in label else "month.label", month=label),
                             data=number(Decimal(_int(billed["data_mb"])) / 1024, NEED),  # (up, as the form: sje)
                             voice=f"{_int(billed['voice_s']) / 60:g}", sms=texts)
            + (say("month.roaming", data=number(Decimal(abroad[0]) / 1024), voice=f"{abroad[1] / 60:g}")
               if any(abroad) else "")
            + (f"  + {_packs(month['packs'], say.lang)}" if month["packs"] else ""))


JSON_CONTROLS = {code: f"\\u{code:04x}" for code in range(0x7F, 0xA0)}
"""DEL and the C1 controls as JSON escapes (``json`` escapes C0 itself; these it leaves as they are, and a terminal
obeys some of them, U+009B as an escape sequence's start: consumer QA)."""


def render(answer: Answer, text: Callable[[Message], str], lang: str = "en", names: Names | None = None) -> str:
    """The answer as a readable table, best first: ``text`` words the answer's codes, ``lang`` the table's own
    phrases, ``names`` the operators and plans it lists (None: by id and the plan's published name)."""
    text = _names_on_one_line(text)
    say = Words(lang, text, names)
    out = [say("header", version=answer.catalogue_version, engine=answer.engine, status=say(f"status.{answer.status}"))]
    money = answer.currency
    out.extend(text(item) for item in answer.advice)
    if answer.current_fen is not None:
        out.append(say("pay_now", amount=format_money(answer.current_fen, money)))
    for rec in answer.recommendations:
        out.append("")
        history = len(rec.months) > 1
        price = rec.effective_monthly_yuan if history or rec.effective_monthly_fen != rec.total_fen else rec.total_yuan
        out.append(say("rank", rank=rec.rank, price=price, operator=say.operator(rec.operator), plan_id=rec.plan_id,
                       plan=say.plan(rec.plan_id, rec.plan_name),
                       packs=f"  + {_packs(rec.packs)}" if rec.packs and not history else ""))
        if history or rec.effective_monthly_fen != rec.total_fen:
            out.append("      " + say("effective", months=rec.horizon_months,
                                      first=format_money(rec.first_month_fen, rec.currency)))
        if history and rec.horizon_months < len(rec.months):  # (months listed that the price leaves out: a 4-month
            # history over 2 months read ¥122.75 beside months of ¥99.00 to ¥146.50, none of them said out; review)
            out.append("      " + say("past_horizon", months=rec.horizon_months))
        if rec.terms:
            out.append("      " + say("terms", terms=say("separator").join(text(term) for term in rec.terms)))
        if rec.currency != money:  # a plan priced in another currency, ranked at the profile's exchange rate (found in
            # the tariff review: "#1 $50.00/month" above CNY plans, the ¥359.00 it was compared at said nowhere)
            out.append("      " + say("converted", price=format_money(rec.price_fen, money)))
        by_worst = answer.objective == "worst_month"
        if by_worst:  # the ranking's measure, which the price above need not follow; of the horizon's months alone
            # where the history lists more (found by the contract-horizon test: "largest monthly bill ¥130.00" above
            # months of ¥223.00 and ¥220.00, with --horizon 1)
            short = history and rec.horizon_months < len(rec.months)
            out.append("      " + say("worst_month.horizon" if short else "worst_month",
                                      worst=format_money(rec.worst_month_fen, money), months=rec.horizon_months))
        if rec.benefit_value_fen:  # the ranking's measure too: a dearer plan above a cheaper one (hand-check review);
            # by the worst month, what equal largest bills are ranked by (found by the contract-horizon test: two plans
            # at "largest monthly bill ¥199.00" ranked apart by a value said nowhere)
            out.append("      " + say("valued.worst_month" if by_worst else "valued",
                                      value=format_money(rec.benefit_value_fen, money),
                                      ranking=format_money(rec.ranking_fen, money)))
        if history:
            if any(in_price(t.code, t.params) for t in rec.terms):  # (the months' bills are the plan's fee and
                # usage: found by the contract-horizon test, "first month ¥220.00" above "¥189.00 month 1", a promotion
                # and a one-off fee in the price and not in them)
                out.append("      " + say("months.terms"))
            out.extend(_month(month, say) for month in rec.months)
        else:
            amounts = [format_money(line.fen, line.currency) for line in rec.breakdown]
            width = max([10, *map(len, amounts)])  # (one column however large: "¥149,924.85" stood out of it, QA)
            packs = {p["id"]: p for p in rec.packs}
            for line, amount in zip(rec.breakdown, amounts, strict=True):
                mark = say.word("word.estimate") if line.assumed else ""
                item = pack_line_text(text(line.label), packs[line.ref], line.owner, say.lang) \
                    if line.kind == "pack" else text(line.label)
                out.append(f"      {amount:>{width}}  {item}{mark}")
        if rec.assumed_fen:  # a part of total_fen: over a history, of the months' sum (not of the monthly price)
            amount = format_money(rec.assumed_fen, rec.currency)
            out.append("      " + (
                say("assumed.history", amount=amount, months=len(rec.months), total=rec.total_yuan) if history else
                say("assumed.price", amount=amount) if rec.effective_monthly_fen == rec.total_fen else
                say("assumed.bill", amount=amount, bill=rec.total_yuan)))
        out.extend(_only_if(rec, say, "      "))
        if rec.household is not None:
            out.extend(_household(rec.household, rec.currency, say))
        met = [_need(n, say) for n in rec.needs]
        if met:
            out.append("      " + say("needs", needs=say("list").join(met)))
        out.extend(_wished(rec, say))
        if rec.savings is not None:
            out.append(_savings(rec.savings, money, say))
    if not answer.recommendations:
        out.append("\n" + say("nothing.unknown" if answer.status == "unknown" else "nothing"))
        if answer.nothing_fits is not None:
            out.append(say.text(answer.nothing_fits))
    if answer.separate_lines is not None:
        out.extend(_separate(answer, say))
    if answer.best_per_operator:  # (each on a condition left unknown says so, as its card: the eligibility review)
        out.append("\n" + say("best_per_operator", plans=say("list").join(
            f"{say.operator(r.operator)} {r.plan_id} {r.effective_monthly_yuan}"
            + "".join(say("best_per_operator.only_if", only_if=line.strip()) for line in _only_if(r, say, ""))
            for r in answer.best_per_operator)))
        # (the price the ranked line says: ranking_fen is less what benefit_values are worth, in the profile's currency)
    # a pack left out under --strict for a condition only unknown may well be one the person can buy: not "packs you
    # may not buy" then (the form's heading rule: ``present.pack_exclusions``)
    unknown = any(m.params.get("status") == "unknown" for e in answer.excluded_packs for m in e.reasons)
    for heading, left_out in (("excluded", [(e.plan_id, e.reasons) for e in answer.excluded]),
                              ("excluded_packs.unknown" if unknown else "excluded_packs",
                               [(e.pack_id, e.reasons) for e in answer.excluded_packs])):
        if left_out:
            out.append("\n" + say(heading))
            out.extend("  " + say("excluded.item", id=ident, reasons=say("separator").join(map(text, reasons(why))))
                       for ident, why in left_out)
    if answer.suggestions:
        out.append("\n" + say("suggestions"))
        out.extend(f"  - {text(s)}" for s in answer.suggestions)
    return "\n".join(out).translate(CONTROLS)


if __name__ == "__main__":
    main()
