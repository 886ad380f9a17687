"""Every error a command with ``--lang`` shows, in that language: click's own checks of the command line too.

click checks the command line (an unknown option, a missing one, each value against its type) while it makes the
command's context, before any value reaches the command, so a command cannot word those errors from its ``--lang``:
click says them in English ("Error: Invalid value for '--top-k': …", "Try '… --help' for help.").  ``LangCommand``
reads ``--lang`` from the raw arguments first (``lang_in``), and words each error in that language from what it is
(``worded``): click's exception classes and their structured attributes (the parameter, the option's name), or the
reason's code (``Said``, ``SaidUsage``, ``SaidParameter``, and the option types below), from
``messages/<lang>.json`` — never from click's English; a command the group does not have is refused likewise, in the
language of the ``--lang`` after its name (``no_such_command``).  In English every error is shown as click always
showed it (``en.json`` words click's own checks too, for the catalogues to match: click's words are the ones shown).

``--help`` follows ``--lang`` too (``_LangHelp.format_help``, of commands and groups): the command's text and each
option's are ``cli.help.<command>`` and ``cli.help.<command>.<option's name>``, click's own words (``[default: …]``,
``[required]``, the help option's) ``cli.help.*`` as well.  In English the help is click's, from the decorators and
the docstrings, as it always was (``en.json`` has the same texts, for the catalogues to match; a test keeps them
alike).  The program and its groups (``LangGroup``) read ``--lang`` among their own options, for their help and
errors, and hand it to the command after them (``_group_lang``); their help's keys are ``help_key``'s.
"""

import difflib
import os
import re
from collections.abc import Sequence
from pathlib import Path as FsPath
from typing import IO, TYPE_CHECKING, Any

import click

from .messages import BIDI_CONTROLS, HTML_LANG, LANGUAGES, Message, Names, columns, message, render
from .messages import catalogue as wording

if TYPE_CHECKING:
    from .catalogue import CatalogueError

LANG = "recommender.lang"
"""``ctx.meta``'s key for the language read from the command line (``LangCommand``)."""


CONTROLS = {**{code: f"\\x{code:02x}" for code in (*range(0x20), *range(0x7F, 0xA0)) if code != 0x0A},
            **{code: f"\\u{code:04x}" for code in BIDI_CONTROLS}}
"""Control characters (C0 but the line break, DEL, C1) written as ``\\xNN``: the text a profile brings into the table
(a line's name) stays text (QA: a name holding ESC sequences coloured the table, and could have erased or rewritten
the prices shown); so do the errors of every command (``shown``).  The bidirectional embeddings, overrides and
isolates (U+202A-U+202E, U+2066-U+2069, which the plan files refuse: ``yamlsource._HIDDEN``) are written ``\\uNNNN``:
a name ending in U+202E showed the rest of its line reversed in a terminal that lays out bidirectional text, its
prices with it ("¥21.00" read "00.12¥"; households review)."""


def shown(exc: click.ClickException) -> click.ClickException:
    """``exc`` with its message's control characters written as ``CONTROLS`` writes them.  An error repeats what it
    refuses, and what it refuses may come from a file made elsewhere: found by the security review, a population's
    region ``"\\x1b]0;…\\x07"`` (a what-if's error, as its column names in its note, and pyarrow's words on a cell it
    cannot read) or a profile's unknown field, plan id or region (``recommend --profile``) reached the terminal as
    escape sequences, which set its title (and could have coloured, erased or rewritten the lines before them)."""
    if exc.message != (visible := exc.message.translate(CONTROLS)):
        vars(exc)["message"] = visible  # (click types it Final: it is a plain attribute, set in __init__)
    return exc


class Said(click.ClickException):
    """A command's error said as a code (``reason``): its message is the English wording."""

    def __init__(self, reason: Message) -> None:
        super().__init__(render(reason))
        self.reason = reason


class SaidUsage(click.UsageError):
    """A usage error (exit 2, shown with the usage line) said as a code (``reason``)."""

    def __init__(self, reason: Message, ctx: click.Context | None = None) -> None:
        super().__init__(render(reason), ctx)
        self.reason = reason


class SaidParameter(click.BadParameter):
    """A value refused for a reason said as a code (``reason``); ``english``: click's own words for it, kept as the
    English message (a click type's refusal: English as it always was); ``names``: the catalogue's names of the ids
    the reason gives, in the language the error is said in (``messages.names_for``)."""

    def __init__(self, reason: Message, ctx: click.Context | None = None, param: click.Parameter | None = None,
                 param_hint: str | None = None, english: str | None = None, names: Names | None = None) -> None:
        super().__init__(render(reason, names=names) if english is None else english, ctx, param, param_hint)
        self.reason = reason
        self.names = names


class _Coded(click.ParamType):
    """A click type whose refusals carry a code (``reason``): the value is checked by click, as before."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return super().convert(value, param, ctx)
        except SaidParameter:
            raise
        except click.BadParameter as exc:
            raise SaidParameter(self.reason(value), ctx, param, english=exc.message) from None

    def reason(self, value: Any) -> Message:
        raise NotImplementedError


class Choice(_Coded, click.Choice):
    """``click.Choice``, refusing with ``cli.bad.choice``."""

    def reason(self, value: Any) -> Message:
        return message("cli.bad.choice", value=str(value), choices=[str(choice) for choice in self.choices])


def language(value: str) -> str:
    """The language ``value`` names: one of ``LANGUAGES``, or its tag (``zh-CN``, as a page's ``<html lang>`` says
    it, ``zh_CN`` as a locale does, in any case); else ``value`` as it is."""
    tags = {tag.lower(): lang for lang, tag in HTML_LANG.items()}
    return tags.get(value.lower().replace("_", "-"), value)


class Language(Choice):
    """``--lang``: one of ``LANGUAGES``, or its tag (``language``; found by the product team: ``--lang zh-CN``, the
    tag of the what-if's HTML report, was refused)."""

    def __init__(self) -> None:
        super().__init__(LANGUAGES)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        return super().convert(language(value) if isinstance(value, str) else value, param, ctx)


class PathType(_Coded, click.Path):
    """``click.Path``, refusing with a code for what the path is: missing, a folder, a file, or unreadable."""

    def reason(self, value: Any) -> Message:
        path = FsPath(os.fsdecode(value))
        code = ("missing" if not path.exists() else
                "folder" if path.is_dir() and not self.dir_okay else
                "file" if not path.is_dir() and not self.file_okay else "unreadable")
        return message(f"cli.bad.path.{code}", path=str(path))


def plans_invalid(exc: "CatalogueError", lang: str, key: str = "cli.plans_invalid") -> click.ClickException:
    """Plan files refused: ``key``'s words, then each problem as ``file:line: message`` in ``lang`` (in English
    ``str(exc)``, byte for byte)."""
    problems = "\n".join(problem.text(lang) for problem in exc.problems)
    return click.ClickException(f"{wording(lang)[key]}\n{problems}")


def _whole_or_range(value: Any, low: object, high: object) -> Message:
    """A whole number refused: not one (``cli.number.not_whole``), or not within ``low`` and ``high``."""
    try:
        int(str(value).strip())
    except ValueError:
        return message("cli.number.not_whole", value=str(value))
    return message("cli.number.range", value=str(value).strip(), low=low, high=high)


WHOLE_TEXT = re.compile(r"\s*[+-]?[0-9０-９]+\s*")
"""A whole number as the command line's numbers read one (``cli.NumberType``): digits, full-width too; not Python's
``int``, which also reads ``1_000`` and other scripts' digits (found by trying the batch commands as a product team:
``population --size 1_000_000`` and ``whatif --workers 1_0`` were taken where ``recommend --top-k 1_0`` is refused)."""


class _Whole(_Coded):
    """A whole-number type that reads only ``WHOLE_TEXT`` before click's ``int`` does (its one use: ``IntRange``)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and not WHOLE_TEXT.fullmatch(value):
            raise SaidParameter(message("cli.number.not_whole", value=value), ctx, param,
                                english=f"{value!r} is not a valid integer.")
        return super().convert(value, param, ctx)


class IntRange(_Whole, click.IntRange):
    """``click.IntRange``, refusing with ``NumberType``'s codes."""

    def reason(self, value: Any) -> Message:
        return _whole_or_range(value, self.min, self.max)


class DateTime(_Coded, click.DateTime):
    """``click.DateTime``, refusing with ``cli.bad.date``."""

    def reason(self, value: Any) -> Message:
        return message("cli.bad.date", value=str(value))


def lang_in(command: click.Command, args: Sequence[str]) -> str:
    """The ``--lang`` of ``args`` (the last given, as click takes it; ``en`` if none, or not a language), read as
    click's parser reads them: after an option that takes a value comes its value (``--region --lang`` is a region),
    and ``--`` ends the options.  Unknown options are stepped over, as the error about them is to be worded."""
    takes_value = {"--lang", *(name for param in command.params if isinstance(param, click.Option)
                                and not param.is_flag and not param.count for name in param.opts)}
    lang, at = "en", 0
    while at < len(args):
        arg = args[at]
        if arg == "--":
            break
        name, equals, value = arg.partition("=")
        if not equals and arg in takes_value:
            value = args[at + 1] if at + 1 < len(args) else ""
            at += 1
        if name == "--lang" and language(value) in LANGUAGES:
            lang = language(value)
        at += 1
    return lang


def _hint(param: click.Parameter | None, param_hint: object) -> str | None:
    """The parameter an error is about, by its names (``--top-k``, ``--satellite / --no-satellite``, ``PATH``)."""
    if isinstance(param_hint, str):
        return param_hint
    if isinstance(param_hint, Sequence):
        return " / ".join(map(str, param_hint))
    if isinstance(param, click.Option):
        return " / ".join(param.opts)
    return None if param is None else param.human_readable_name


def _text(exc: click.ClickException, lang: str, command: click.Command | None) -> str:
    """The error's words in ``lang``: from its class and attributes (``command``: the command whose arguments it is
    about), or its reason's code; else its message (the commands' own errors, worded in ``lang`` already)."""
    words = wording(lang)
    reason = getattr(exc, "reason", None)
    said = render(reason, lang, getattr(exc, "names", None)) if isinstance(reason, Message) else None
    if isinstance(exc, click.MissingParameter):
        kind = exc.param_type or (exc.param.param_type_name if exc.param is not None else "parameter")
        return words[f"cli.error.missing.{kind}"].format(param=_hint(exc.param, exc.param_hint))
    if isinstance(exc, click.NoSuchOption):
        text = words["cli.error.no_such_option"].format(option=exc.option_name)
        if exc.possibilities:
            text += words["cli.error.did_you_mean"].format(options=words["list.separator"].join(exc.possibilities))
        return text
    if isinstance(exc, click.BadOptionUsage):  # (click's parser gives it no context: ``command`` says which option)
        options = [] if command is None else command.params
        option = next((p for p in options if isinstance(p, click.Option)
                       and exc.option_name in (*p.opts, *p.secondary_opts)), None)
        flag = option is not None and option.is_flag
        return words["cli.error.no_value" if flag else "cli.error.needs_value"].format(option=exc.option_name)
    if isinstance(exc, click.BadParameter):
        hint = _hint(exc.param, exc.param_hint)
        text = said if said is not None else exc.message
        return text if hint is None else words["cli.error.bad_value"].format(param=hint, text=text)
    return said if said is not None else exc.message


class _InLang(click.ClickException):
    """An error said in ``lang``, shown as click shows one, in that language's words."""

    def __init__(self, text: str, lang: str) -> None:
        super().__init__(text)
        self.lang = lang

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(wording(self.lang)["cli.error"].format(message=self.message), file=file, err=file is None)


class _UsageInLang(click.UsageError):
    """A usage error said in ``lang``: the usage line and where help is, then the error, as click shows one."""

    def __init__(self, text: str, lang: str, ctx: click.Context | None) -> None:
        super().__init__(text, ctx)
        self.lang = lang

    def show(self, file: IO[Any] | None = None) -> None:
        words = wording(self.lang)
        ctx = self.ctx
        if ctx is not None:
            command = ctx.command
            text = _usage(ctx, words)
            if command.get_help_option(ctx) is not None:  # (the help in this language: --help follows --lang)
                option = max(command.get_help_option_names(ctx), key=len)
                if isinstance(command, LangCommand | LangGroup):
                    option += f" --lang {self.lang}"
                text += "\n" + words["cli.usage.help"].format(command=ctx.command_path, option=option)
            click.echo(text + "\n", file=file, err=file is None)
        click.echo(words["cli.error"].format(message=self.message), file=file, err=file is None)


def _usage(ctx: click.Context, words: dict[str, str]) -> str:
    """The command's usage line in ``words``' language (``[选项]`` for click's ``[OPTIONS]``)."""
    command = ctx.command
    ours = {command.options_metavar: words["cli.usage.options"]}
    if isinstance(command, click.Group):
        ours[command.subcommand_metavar] = words["cli.usage.command"]
    pieces = [ours.get(piece, piece) for piece in command.collect_usage_pieces(ctx)]
    return words["cli.usage"].format(command=ctx.command_path, args=" ".join(pieces))


def worded(exc: click.ClickException, lang: str, command: click.Command) -> click.ClickException:
    """``exc``, an error of ``command``, as it is shown in ``lang`` (in English: itself)."""
    if lang == "en" or isinstance(exc, _InLang | _UsageInLang | click.exceptions.NoArgsIsHelpError):
        return exc  # (a group given no command shows its help: in the language, ``format_help``)
    if isinstance(exc, click.UsageError):
        return _UsageInLang(_text(exc, lang, command), lang, exc.ctx)
    return _InLang(_text(exc, lang, command), lang)


def no_such_command(group: click.Group, ctx: click.Context, args: list[str]) -> None:
    """Refuse a command ``group`` does not have in the language of the ``--lang`` after it (click says it in English
    before the command, which would have read ``--lang``, is known); nothing when it has the command, or in English."""
    name = args[0] if args else ""
    lang = lang_in(group, args[1:])
    if lang == "en" or name.startswith("-") or ctx.resilient_parsing or group.get_command(ctx, name) is not None:
        return
    words = wording(lang)
    text = words["cli.error.no_such_command"].format(command=name)
    if near := difflib.get_close_matches(name, group.list_commands(ctx)):
        text += words["cli.error.did_you_mean"].format(options=words["list.separator"].join(near))
    raise _UsageInLang(text, lang, ctx)


_PIECES = re.compile(r"\s+|[!-~]+|.")
_CLOSING, _OPENING = set("，。、；：？！）》」』】”’,.;:!?)]}"), set("（《「『【“‘([{")


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` columns (``columns``), broken at a space or between two Chinese
    characters, never before a closing mark or after an opening one, nor within ``KEY=VALUE``; a word wider than
    ``width`` stands on a line of its own.  (click wraps by characters, at spaces only: a Chinese help text would run
    on twice as wide as the terminal.)"""
    pieces: list[str] = []
    for piece in (piece for chunk in re.findall(r"\s+|\S+", text)  # (KEY=VALUE,… unbroken: an example to type)
                  for piece in ([chunk] if "=" in chunk else _PIECES.findall(chunk))):
        if piece.isspace():
            pieces.append(" " * len(piece.replace("\n", " ")))
        elif pieces and not pieces[-1].isspace() and (piece[0] in _CLOSING or pieces[-1][-1] in _OPENING):
            pieces[-1] += piece
        else:
            pieces.append(piece)
    lines, line = [], ""
    for piece in pieces:
        if piece.isspace():
            line += piece if line else ""
        elif line.strip() and columns(line + piece) > width:
            lines.append(line.rstrip())
            line = piece
        else:
            line += piece
    return [*lines, line.rstrip()] if line.strip() else lines


def help_key(ctx: click.Context) -> str:
    """``cli.help.<command>``: the names of the command and of the groups above it (``cli.help.export.tmf620``), but
    the program's (a group with a ``help_name``: ``cli.help.recommender``, its own key)."""
    names: list[str] = []
    root: str | None = None
    at: click.Context | None = ctx
    while at is not None:
        root = getattr(at.command, "help_name", None) if at.parent is None else None
        if root is None:
            names.append(at.command.name or "")
        at = at.parent
    return "cli.help." + (".".join(reversed(names)) or str(root))


def _short(text: str, limit: int) -> str:
    """A command's line in its group's list: ``text``'s first sentence (to 。, ；or ：), cut to ``limit`` columns with
    … (click's: the first sentence, cut with ...)."""
    first = re.split(r"[。；：]", text, maxsplit=1)[0]
    if columns(first) <= limit:
        return first
    cut = first
    while columns(cut + "…") > limit:
        cut = cut[:-1]
    if re.match(r"[!-~]", first[len(cut)]):  # (not within a Latin word: click cuts at a space)
        cut = re.sub(r"[!-~]*$", "", cut)
    return cut.rstrip().rstrip("".join(_OPENING)) + "…"


def _rows(rows: list[tuple[str, str, str]], width: int) -> list[str]:
    """``rows`` (a name, its text, what click adds in brackets) as click lays out a definition list: the texts in a
    column after the names (at most 30 wide), wrapped (``wrap``); a longer name on its own line."""
    out: list[str] = []
    first = min(max(len(spec) for spec, _, _ in rows), 30) + 2
    for spec, text, bracket in rows:
        room = max(width - first - 2, 10)
        lines = wrap(text, room)
        if bracket and lines and columns(f"{lines[-1]}  {bracket}") <= room:  # (click's two spaces, the brackets
            lines[-1] += f"  {bracket}"  # kept whole: "[默认：auto]" was broken in two)
        elif bracket:
            lines += wrap(bracket, room)
        lines = lines or [""]
        if len(spec) + 2 <= first:
            out.append(f"  {spec:<{first}}{lines[0]}".rstrip())
        else:
            out += [f"  {spec}", " " * (first + 2) + lines[0]]
        out += [" " * (first + 2) + line for line in lines[1:]]
    return out


def _help(command: click.Command, ctx: click.Context, lang: str, width: int) -> str:
    """``command``'s help in ``lang`` (not English): laid out as click lays it out (usage, text, options with what
    click adds to them in brackets, a group's commands by the first sentence of theirs), each text from
    ``cli.help.*`` (``help_key``) and wrapped by ``wrap``."""
    words = wording(lang)
    key = help_key(ctx)
    out = [_usage(ctx, words), "", *("  " + line for line in wrap(words[key], width - 2))]
    rows: list[tuple[str, str, str]] = []
    helps = command.get_help_option(ctx)
    for param in command.get_params(ctx):
        if not isinstance(param, click.Option) or param.hidden:
            continue
        extra = param.get_help_extra(ctx)
        said = [words["cli.help.envvar"].format(var=", ".join(extra["envvars"]))] if "envvars" in extra else []
        said += [words["cli.help.default"].format(default=extra["default"])] if "default" in extra else []
        said += [extra["range"]] if "range" in extra else []
        said += [words["cli.help.required"]] if "required" in extra else []
        text = words["cli.help.help" if param is helps else f"{key}.{param.name}"]
        rows.append((param.get_help_spec(ctx) or "", text, words["cli.help.extra"].format(
            extra=words["cli.separator"].join(said)) if said else ""))
    if rows:
        out += ["", words["cli.help.options"], *_rows(rows, width)]
    if isinstance(command, click.Group):
        commands = [(name, sub) for name in command.list_commands(ctx)
                    if (sub := command.get_command(ctx, name)) is not None and not sub.hidden]
        if commands:
            limit = width - 6 - max(len(name) for name, _ in commands)
            out += ["", words["cli.help.commands"], *_rows([
                (name, _short(words[help_key(click.Context(sub, ctx, name))], limit), "") for name, sub in commands
            ], width)]
    return "\n".join(out) + "\n"


class _LangHelp(click.Command):
    """The help of a ``LangCommand`` or a ``LangGroup`` in the ``--lang`` read (``ctx.meta``): click's in English, else
    ``_help``'s."""

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        lang = ctx.meta.get(LANG, "en")
        if lang == "en":
            super().format_help(ctx, formatter)
        else:
            formatter.write(_help(self, ctx, lang, formatter.width))


class LangCommand(_LangHelp):
    """A command with ``--lang`` whose every error is said in that language (the module's docstring says why the
    language is read from the raw arguments: click checks them before the command has any value)."""

    def make_context(self, info_name: str | None, args: list[str], parent: click.Context | None = None,
                     **extra: Any) -> click.Context:
        lang = lang_in(self, args)
        try:
            ctx = super().make_context(info_name, args, parent, **extra)
        except click.ClickException as exc:
            raise shown(worded(exc, lang, self)) from None
        ctx.meta[LANG] = lang
        return ctx

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """click's parsing, the arguments left over refused with a code (click refuses them in its own words); the
        language read first, for ``--help``, which click answers as it parses."""
        ctx.meta[LANG] = lang_in(self, args)
        allowed, ctx.allow_extra_args = ctx.allow_extra_args, True
        try:
            rest = super().parse_args(ctx, args)
        finally:
            ctx.allow_extra_args = allowed
        if rest and not allowed and not ctx.resilient_parsing:
            raise SaidUsage(message("cli.error.extra", args=" ".join(rest), count=len(rest)), ctx)
        return rest

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.ClickException as exc:
            raise shown(worded(exc, ctx.meta.get(LANG, "en"), self)) from None


def _group_lang(args: list[str]) -> tuple[list[str], str | None]:
    """A group's arguments without the ``--lang`` among its own options (before the command's name), moved after the
    name when there is one (``recommender --lang zh validate`` is ``recommender validate --lang zh``, the command's
    own ``--lang`` after it still the last given); and the value given, when no command follows it."""
    at, own, value = 0, [], None
    while at < len(args) and args[at].startswith("-") and args[at] not in ("-", "--"):
        name, equals, given = args[at].partition("=")
        if name == "--lang" and (equals or at + 1 < len(args)):
            value = given if equals else args[at + 1]
            at += 1 if equals else 2
        else:
            own.append(args[at])
            at += 1
    if value is None:
        return args, None
    if at < len(args) and args[at] != "--":
        return [*own, args[at], "--lang", value, *args[at + 1:]], None
    return own, value


class LangGroup(_LangHelp, click.Group):
    """A group whose help (``recommender --help --lang zh``, ``recommender export --lang zh --help``) and errors are in
    the ``--lang`` given among its own options; given before a command, the command takes it (``_group_lang``).  Not
    an option of the group's: the English help is click's, as it always was."""

    def make_context(self, info_name: str | None, args: list[str], parent: click.Context | None = None,
                     **extra: Any) -> click.Context:
        _, value = _group_lang(args)
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.ClickException as exc:
            raise worded(exc, language(value) if value is not None and language(value) in LANGUAGES else "en",
                         self) from None

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        args, value = _group_lang(args)
        ctx.meta[LANG] = "en"
        if value is not None:
            try:
                ctx.meta[LANG] = Language().convert(value, None, ctx)
            except click.BadParameter as exc:  # (refused as a command refuses it: 'fr' is not one of 'en', 'zh')
                exc.param_hint = "'--lang'"
                raise
        return super().parse_args(ctx, args)
