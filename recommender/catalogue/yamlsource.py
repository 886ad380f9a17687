"""YAML to plain data, remembering the line of every value.

Plan files are edited by hand, so every problem must point at a line.  We compose the YAML
node graph ourselves (PyYAML's safe composer) and convert it, recording ``path → line``.
Numbers with a fraction become ``Decimal`` (never binary floats), duplicate keys are errors,
and size and nesting are bounded so that a hostile file cannot hang or exhaust the loader.
"""

import json
import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import yaml

from ..messages import BIDI_CONTROLS, Message, message, problem_text
from .problem import LOOKALIKES, MAX_BYTES, Problem, dotted

Path = tuple[str | int, ...]
MAX_DEPTH = 32
MAX_NODES = 100_000
"""Values (nodes) in one file, aliases expanded.  The shipped files hold 110-612, and a file of plain plans
at the ``MAX_BYTES`` bound about 35,000 (some 340 plans and 750 packs: an operator's provincial offers), so
the byte bound binds first for real catalogues; this one stops alias bombs and huge lists, counted while
composing: a hostile file stops after this many (1.5-3 s of PyYAML), not after building its whole graph."""


TOO_MANY = {"limit": MAX_NODES, "bytes_limit": MAX_BYTES}
"""The parameters of ``problem.too_many_values``."""
TOO_MANY_VALUES = problem_text(message("problem.too_many_values", **TOO_MANY))
"""Its English."""


_ODD_BREAK = re.compile("\r(?!\n)|[\x85\u2028\u2029]")
"""What YAML's parsers also take for a line break (a lone CR, NEL, LS, PS), unlike editors and ``grep -n``."""

LineOf = Callable[[yaml.Mark], int]


def line_counter(text: str) -> LineOf:
    """The 1-based line of a parser's mark, lines ending at each ``\\n`` (as an editor and ``grep -n``
    count them, and as a UTF-8 error is located).  The marks' own line counts a lone CR, NEL, LS or PS
    as a break too, so a file holding one is counted from the mark's index instead; but a file with no ``\n``
    at all, saved with old Mac line ends (CR alone), has its lines end at each CR, as editors show them (found by
    the product QA: its every problem was said at line 1)."""
    if _ODD_BREAK.search(text) is None:
        return lambda mark: mark.line + 1
    end = line_end(text)
    starts = [i for i, char in enumerate(text) if char == end]
    return lambda mark: bisect_right(starts, mark.index - 1) + 1


def line_end(text: str) -> str:
    """What a line ends at, as editors count them: LF, but CR in a file with no LF at all (old Mac line ends).
    Every place that counts or quotes a file's lines reads them so (``line_counter``, the hints: a CR-only file's
    undefined alias at line 2 or later raised IndexError, its lines split at LF)."""
    return "\r" if "\n" not in text and "\r" in text else "\n"


MERGE = "tag:yaml.org,2002:merge"
"""The tag of a YAML merge key (``<<``)."""


@dataclass
class Document:
    """A parsed file: its data and the line of each path in it."""

    file: str
    data: object
    lines: dict[Path, int] = field(default_factory=dict)
    merged: dict[Path, int] = field(default_factory=dict)
    """Paths a YAML merge key (``<<: *anchor``) brought in: their line in ``lines`` is the merge key's, and here
    the anchor's, where the value is written."""
    comments: dict[Path, tuple[str, str]] = field(default_factory=dict)
    """Text fields written plain (unquoted) with a comment after them on their line (``name_en: 5G-A plan #1``, read
    as ``5G-A plan``): what YAML read, and the line as written from the value on (``validate`` notes them:
    ``load.comment_notes``)."""
    written: dict[Path, str] = field(default_factory=dict)
    """Values YAML read as something other than text (true/false, a number), as they are written (``NO``, ``1_000``):
    what a problem about them quotes."""
    said: set[Path] = field(default_factory=set)
    """Values whose reading is a problem said already (``0x50``): the schema's problem with them is not said again."""
    aliased: dict[Path, int] = field(default_factory=dict)
    """Paths inside a value given by an alias (``overage: *ct-overage``), the same way: their line is the alias's
    key's (where a wrong anchor is named), and here the anchor's (found by QA: said at the anchor's lines alone,
    in another plan)."""

    def line_of(self, path: Path) -> int:
        """The line of the deepest known prefix of ``path`` (1 for the file itself)."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return 1

    def from_anchor(self, path: Path) -> dict[str, int]:
        """``{"merged_from": N}`` when ``path`` came in by a merge key (its line is the merge key's), ``{"aliased_from":
        N}`` by an alias, else ``{}``: a problem's parameters (said "(merged from line N)")."""
        for end in range(len(path), -1, -1):
            prefix = tuple(path[:end])
            if prefix in self.lines:
                if (anchor := self.merged.get(prefix)) is not None:
                    return {"merged_from": anchor}
                if (anchor := self.aliased.get(prefix)) is not None:
                    return {"aliased_from": anchor}
                return {}
        return {}


def _encoding_hint(raw: bytes) -> str:
    """What the bytes look like instead, as the code's suffix (found by QA: the bare "not valid UTF-8" left the fix
    to guess)."""
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return ".utf32"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return ".utf16"
    try:
        raw.decode("gb18030")
    except UnicodeDecodeError:
        return ""
    return ".gb18030"


def parse(file: str, raw: bytes) -> Document:
    """Parse one YAML document; raise ``Problem`` with a line number on any failure."""
    if len(raw) > MAX_BYTES:
        raise Problem.of(file, 1, "problem.too_large", bytes=MAX_BYTES)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        if exc.end == len(raw) and exc.reason == "unexpected end of data":  # (the rest is valid UTF-8)
            raise Problem.of(file, line, "problem.cut_off") from None  # (found by QA: it was told to save it as UTF-8)
        raise Problem.of(file, line, f"problem.not_utf8{_encoding_hint(raw)}") from None
    text = text.removeprefix("\ufeff")  # a byte-order mark: libyaml's marks skip it, PyYAML's count it
    line_of = line_counter(text)
    node = _fast_node(file, text, line_of)
    if node is None:
        node = _node(file, text, line_of)
    doc = Document(file, None)
    if node is None:
        raise Problem.of(file, 1, "problem.empty")
    converter = _Converter(doc, line_of, text)
    doc.data = converter.convert(node, (), 0)
    if converter.problems:
        first, *more = sorted(converter.problems, key=lambda p: p.line)
        raise ReadWithProblems(first.file, first.line, first.message, first.code, first.params, tuple(more), doc)
    return doc


@dataclass
class ReadWithProblems(Problem):
    """A file read whole with problems that leave it readable: keys given twice in one mapping (the first value
    kept, each later one a problem), a whole number YAML reads in a base other than ten (``0x50``, read as it is).
    ``more``: the problems after this one; ``doc``: the file as read, so that what else is wrong in it and in the other
    files is said in the same round (found by the what-if QA: a duplicate key kept every reference in every other file
    unchecked until it was fixed)."""

    more: tuple[Problem, ...] = ()
    doc: Document = field(default_factory=lambda: Document("", None))

    @property
    def problems(self) -> tuple[Problem, ...]:
        """Every problem found, this one first (plain ``Problem``s, as the other files' are reported)."""
        return (Problem(self.file, self.line, self.message, self.code, self.params), *self.more)


def _fast_node(file: str, text: str, line_of: LineOf) -> yaml.Node | None:
    """The node graph composed (by the same bounded Python composer) from libyaml's events, when
    libyaml is there and the file parses; None otherwise, and then ``_node`` parses it again in
    Python, so that every problem is reported exactly as PyYAML's parser finds it.  Events come
    from C about five times faster than from PyYAML's own parser (most of a cold CLI start)."""
    if _BoundedCLoader is None or "\t" in text:  # libyaml takes tabs where PyYAML's parser refuses them
        return None
    loader = None
    try:
        loader = _BoundedCLoader(file, text, line_of)
        return loader.get_single_node()
    except Exception:  # any problem (or an empty file): the Python parser says what and where
        return None
    finally:
        if loader is not None:
            loader.dispose()


def _node(file: str, text: str, line_of: LineOf) -> yaml.Node | None:
    loader = None
    try:
        loader = _BoundedLoader(file, text, line_of)
        return loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        raise _syntax_problem(file, text, exc, line_of) from None
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count(line_end(text)) + 1
        char = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        raise Problem.of(file, line, "problem.control_character", char=char) from None
    except yaml.YAMLError as exc:
        raise Problem.of(file, 1, "problem.yaml", text=str(exc)) from None
    finally:
        if loader is not None:
            loader.dispose()


def _syntax_problem(file: str, text: str, exc: yaml.MarkedYAMLError, line_of: LineOf) -> Problem:
    """PyYAML's error at its line (a key lacking its ':' at the key's line, not the next one), with hints."""
    mark = exc.problem_mark or exc.context_mark
    line = line_of(mark) if mark else 1
    if exc.context == "while scanning a simple key" and exc.context_mark is not None:
        line = line_of(exc.context_mark)
    first = min(line_of(exc.context_mark), line) if exc.context_mark else line
    if (exc.context or "").startswith("while parsing a block"):  # (the block began at its first key, maybe 100 lines
        first = line  # up: a full-width comma in a text there is text; found by the plan-files helper)
    problem = exc.problem or ""
    column = mark.column if mark and problem.endswith("':'") else 0  # (where a ';' for a ',' may be)
    quote = _dash_hint(text, line) or _comment_closes_hint(exc, text, line_of) or _spanning_quote_hint(text, line) or (
        _inner_quote_hint(text, line) if problem.endswith(("but found '<scalar>'", "but got '<scalar>'")) else
        _colon_space_hint(text, line) if problem == "could not find expected ':'" else
        _separator_hint(text, line, column) if problem in ("expected ',' or '}', but got ':'",
                                                   "expected <block end>, but found ','") else None)
    hints = [hint.as_dict() for hint in (_lookalike_hint(text, first, line), _odd_break_hint(text, line), quote,
                                         None if quote else _syntax_hint(exc, line_of), _alias_hint(exc, text, line))
             if hint]
    said = exc.context if (exc.context or "").startswith("found duplicate anchor") else exc.problem or exc.context
    return Problem.of(file, line, "problem.yaml_syntax", yaml=(said or "").removesuffix("; first occurrence"),
                      **({"hints": hints} if hints else {}))


_UNDEFINED_ALIAS = re.compile(r"found undefined alias '(.+)'")
_KEY_OF_ALIAS = re.compile(r"\s*(?:-\s+)?([^\s:#](?:[^:#]*[^\s:#])?)\s*:\s*\*")
"""The key an alias is the value of (``  - overage: *ct-overage``), up to its last character that is no space: a
lazy key followed by optional spaces tried every split of a run of spaces, quadratic (found by the security QA: an
undefined alias after 80,000 spaces on its line took 24 s to report; a plan file may hold a line of 1 MB)."""


def _alias_hint(exc: yaml.MarkedYAMLError, text: str, line: int) -> Message | None:
    """Where the anchor an alias names is, if anywhere: later in the file, or gone (found by QA: a plan retired by
    deleting it, as docs/plan-files.md says, took the anchor the plans after it reused, ``overage: &ct-overage``,
    and PyYAML's bare "found undefined alias" did not say why; the product QA's, a plan copied from another file
    with its alias, whose anchor stayed behind)."""
    named = _UNDEFINED_ALIAS.fullmatch(exc.problem or "")
    if named is None:
        return None
    name = named.group(1)
    anchor = re.search(rf"&{re.escape(name)}(?![^\s,\]}}])", text)
    if anchor is not None:
        at = text.count(line_end(text), 0, anchor.start()) + 1
        if at > line:
            return message("problem.hint.anchor_after", name=name, at=at)
    key = _KEY_OF_ALIAS.match(text.split(line_end(text))[line - 1])
    if key and key.group(1) != "<<":
        return message("problem.hint.no_anchor.key", name=name, key=key.group(1))
    return message("problem.hint.no_anchor", name=name)




def _odd_break_hint(text: str, line: int) -> Message | None:
    """The line of a break YAML 1.1 sees and an editor does not (a line separator pasted from a web page or a chat,
    in a comment or a value), when it is where the file goes wrong: at or before ``line``, and the file parses
    past ``line`` with every such break a space (found by QA: a comment's U+2028 made the rest of its line YAML,
    and the error named a later line, with nothing to see there)."""
    end = line_end(text)
    found = next((m for m in _ODD_BREAK.finditer(text) if m.group() != end), None)  # (a CR-only file's
    if found is None:  # CRs are its line ends)
        return None
    at = text.count(end, 0, found.start()) + 1
    if at > line:
        return None
    try:
        for _ in yaml.parse(_ODD_BREAK.sub(" ", text), Loader=yaml.SafeLoader):
            pass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if mark is None or mark.line + 1 <= line:
            return None
    except yaml.YAMLError:
        return None
    return message("problem.hint.odd_break", line=at, odd_break=f"U+{ord(found.group()):04X}")


def _lookalike_hint(text: str, first: int, last: int) -> Message | None:
    """A character an input method or a paste slipped into lines ``first``..``last`` (1-based), if any; or into the
    indentation of the line before them (found by the plan-files helper: a line indented with full-width spaces is
    read as the end of the line before, and PyYAML says the line after it is wrong)."""
    lines = text.split(line_end(text))
    for number, line in enumerate(lines[first - 1:last], first):
        for char in line:
            if char in LOOKALIKES:
                code = f"U+{ord(char):04X}"
                return message("problem.hint.lookalike", line=number, lookalike=code, char=code, instead=code)
    if first >= 2 and (indent := _LOOKALIKE_INDENT.match(lines[first - 2])):
        code = f"U+{ord(next(c for c in indent.group() if c in LOOKALIKES)):04X}"
        return message("problem.hint.lookalike", line=first - 1, lookalike=code, char=code, instead=code)
    return None


_LOOKALIKE_INDENT = re.compile("[ \u3000\u00a0]*[\u3000\u00a0]")
"""A line's indentation holding a full-width or no-break space."""


_INNER_QUOTE = re.compile(r"""(?:^|[\s:\[{,])(['"])(?:(?!\1).)*\1(?=[^\s,\]}#])""")
"""A value in quotes whose closing quote is followed by more of it: a quote inside it ended it early (``'Tianyi's
plan'``).  (Linear: each quote begins at most one try, which stops at the next quote of its kind.)"""


def _inner_quote_hint(text: str, line: int) -> Message | None:
    """A quote inside a value in the same quotes, on ``line``: YAML ended the value there, and PyYAML says the
    indentation is wrong (found by the plan-files helper: ``name_en: 'Tianyi's plan'``), or in braces that a '{' is
    not closed, its '}' written (found by review: ``{value: 65, source: "the "best" plan"}``)."""
    found = _INNER_QUOTE.search(text.split(line_end(text))[line - 1])
    if found is None:
        return None
    return message("problem.hint.inner_quote.single" if found.group(1) == "'" else "problem.hint.inner_quote.double")


_BLOCK_SCALAR = re.compile(r"(?:^|[\s:-])[|>][+-]?\d?[+-]?\s*(?:#.*)?$")
"""A line whose value is a block scalar's header (``note: >-``, ``- |``): the lines more indented after it are text."""


def _spanning_quote_hint(text: str, line: int) -> Message | None:
    """A quote left open on the line it opened on (``name: "Unlimited Ultimate``), which YAML reads on to the next
    quote, lines later, where it then stops (``line``): PyYAML said that line's indentation (found by review: four
    lines after the slip).  Quotes are followed from the top as YAML reads them: one begins where a value may
    (``_unquoted``), outside a comment; ``\\"`` and ``''`` are inside."""
    quote, opened, block = "", 0, -1
    for number, written in enumerate(text.split(line_end(text))[:line], 1):
        indent = len(written) - len(written.lstrip(" "))
        if block >= 0 and (indent > block or not written.strip()):
            continue  # (a block scalar's text, ``note: >-``: its quotes are text)
        block = indent if not quote and _BLOCK_SCALAR.search(_unquoted(written)) else -1
        at = 0
        while at < len(written):
            char = written[at]
            if quote:
                if char == "\\" and quote == '"':
                    at += 1
                elif char == quote == "'" and written[at + 1:at + 2] == "'":
                    at += 1
                elif char == quote:
                    if number == line and opened < line:
                        return message("problem.hint.quote_open", opened=opened)
                    quote = ""
            elif char == "#" and (at == 0 or written[at - 1] in " \t"):
                break  # (a comment, to the line's end)
            elif char in "\"'" and (written[:at].rstrip()[-1:] or ",") in _SCALAR_STARTS:
                quote, opened = char, number
            at += 1
    return message("problem.hint.quote_open", opened=opened) if quote and opened < line else None


_KEY_NO_SPACE = re.compile(r"\s*(?:-\s+)?([a-z_]+):(\S.*)")
"""A line whose key is followed by its value with no space after the ':' (``name_en:5G-A plan``)."""


def _colon_space_hint(text: str, line: int) -> Message | None:
    """A key whose ':' has no space after it, on ``line``: YAML reads ``name_en:5G-A plan`` as one text, and then looks
    for its ':' (found by the plan-files helper: 'could not find expected ':'')."""
    found = _KEY_NO_SPACE.fullmatch(text.split(line_end(text))[line - 1].rstrip())
    if found is None:
        return None
    return message("problem.hint.colon_space", fixed=f"{found.group(1)}: {found.group(2)}")


def _comment_closes_hint(exc: yaml.MarkedYAMLError, text: str, line_of: LineOf) -> Message | None:
    """A bracket left open because a ' #' before its closing one, on the line it opened on, began a comment (``{value:
    5, source: ..., note: tier #1}``): the closing bracket is written, and PyYAML's hint said one is missing (found by
    the plan-files helper).  A '#' inside quotes is text (the quotes before it counted)."""
    brackets = _OPENERS.get(exc.context or "")
    if brackets is None or exc.context_mark is None:
        return None
    opened = line_of(exc.context_mark)
    written = text.split(line_end(text))[opened - 1]
    closing = brackets[1].strip("'")
    comment = re.search(r"[ \t]#", _unquoted(written))  # (the first '#' out of quotes begins the comment)
    if comment is None or closing not in written[comment.end():]:
        return None
    return message("problem.hint.comment_closes", opened=opened, closing=brackets[1])


_SCALAR_STARTS = "{[,:-?"
"""What a quoted scalar follows on its line (spaces between): an apostrophe after a letter is text (``operator's``)."""


def _unquoted(written: str) -> str:
    """A line with what its quoted scalars hold blanked out (its length kept): a '#' or a ';' there is text.  A quote
    begins one only where a value may begin (at the line's start, after ``{ [ , : - ?``); ``''`` in single quotes and
    a backslash's escape in double ones are inside it (found by the review helper: ``note: the operator's tier #1``
    took its apostrophe for a quote)."""
    out = list(written)
    quote, at = "", 0
    while at < len(written):
        char = written[at]
        if quote:
            if char == "\\" and quote == '"':
                out[at] = " "
                at += 1
                if at < len(written):
                    out[at] = " "
            elif char == quote and quote == "'" and written[at + 1:at + 2] == "'":
                out[at] = out[at + 1] = " "
                at += 1
            elif char == quote:
                quote = ""
            else:
                out[at] = " "
        elif char in "\"'" and (written[:at].rstrip()[-1:] or ",") in _SCALAR_STARTS:
            quote = char
        at += 1
    return "".join(out)


_DASH_NO_SPACE = re.compile(r"\s*-[^\s-]")


def _dash_hint(text: str, line: int) -> Message | None:
    """A list item's '-' with no space after it (``-id: ct-5g-59``), on ``line`` or the line before (where the first
    item's is: its next line is read as more of its value): YAML reads the '-' as part of the text, and PyYAML's words
    (an unexpected '?', a ':' not allowed) said the indentation (found by the plan-files helper)."""
    lines = text.split(line_end(text))
    if not any(_DASH_NO_SPACE.match(lines[at - 1]) for at in (line - 1, line) if at >= 1):
        return None
    return message("problem.hint.dash_space")


def _separator_hint(text: str, line: int, column: int | None = None) -> Message | None:
    """A flow mapping's entries separated by a semicolon (``{value: 199; source: ...}``), or a comma ending a line as
    JSON's do (``monthly_fee: {...},``), on ``line``: PyYAML says a ':' or the ',' is unexpected, and its hint (a brace
    left open, the indentation) sent the editor elsewhere (found by the plan-files helper).  The ';' is one before
    ``column``, the ':' YAML stopped at (one after it is in a text: ``source: assumption: a; b`` unquoted, its ': ' the
    slip; found by the review helper); none for the ',' ending a line (``column`` 0)."""
    written = text.split(line_end(text))[line - 1]
    unquoted = _unquoted(written)[:column]  # (a ';' in a quoted reason is text)
    if (semicolon := next((c for c in ";\uff1b" if c in unquoted), None)) is not None:
        return message("problem.hint.semicolon", char=semicolon)
    if written.rstrip().endswith(","):
        return message("problem.hint.trailing_comma")
    return _colon_in_entry(written, unquoted) if column else None


def _colon_in_entry(written: str, before: str) -> Message | None:
    """An entry in braces whose value holds ': ' unquoted (``{value: 59, source: assumption: a guess}``), ``before``
    the line up to the ':' YAML stopped at, quoted scalars blanked: the value to write quoted (found by the review
    helper: 'the '{' opened at line 7 is not closed', its '}' written).  Only where one word is before that ':'
    (``assumption``, ``注意``): after more (``{value: 21.9 source: ...}``) a ',' is likelier missing."""
    start = max(before.rfind(","), before.rfind("{")) + 1
    key, colon, head = before[start:].partition(": ")
    if not colon or not key.strip() or any(c in key for c in "\"'") or len(head.split()) != 1:
        return None  # (a value of words before the ':', '21.9 source': likelier a ',' missing before a key)
    rest = _unquoted(written)[start:]
    end = min((at for at in (rest.find(","), rest.find("}")) if at >= 0), default=len(rest))
    value = written[start:start + end].partition(": ")[2]
    return message("problem.hint.colon_quote", fixed=f"{key.strip()}: {json.dumps(value.strip(), ensure_ascii=False)}")


_MARKS = {"while scanning an alias": "*", "while scanning an anchor": "&"}
"""What begins a value PyYAML read as an alias or an anchor."""
_OPENERS = {"while parsing a flow mapping": ("'{'", "'}'"), "while parsing a flow sequence": ("'['", "']'")}


def _syntax_hint(exc: yaml.MarkedYAMLError, line_of: LineOf) -> Message | None:
    """What to do about a PyYAML syntax error (or ""): the line a bracket or quote
    left open was opened on (PyYAML names only where it gave up, often lines later), tabs, indentation."""
    problem, context = exc.problem or "", exc.context or ""
    opened = line_of(exc.context_mark) if exc.context_mark else None
    if context in _OPENERS and opened is not None:
        bracket, closing = _OPENERS[context]
        return message("problem.hint.bracket_open", bracket=bracket, opened=opened, closing=closing)
    if context == "while scanning a quoted scalar" and opened is not None:
        return message("problem.hint.quote_open", opened=opened)
    if context == "expected a single document in the stream":
        return message("problem.hint.one_document")
    if context.startswith("found duplicate anchor") and opened is not None:  # (a copied block: found by QA)
        name = context.removeprefix("found duplicate anchor ").removesuffix("; first occurrence").strip("'")
        return message("problem.hint.duplicate_anchor", name=name, opened=opened)
    if problem.startswith("found character '\\t'"):
        return message("problem.hint.tabs")
    if problem.startswith("found character '") and problem.endswith("' that cannot start any token"):
        # ('@5G-A', '`x`', '%': YAML keeps them; found by the plan-files helper: said no more than that)
        first = problem.removeprefix("found character '").removesuffix("' that cannot start any token")
        return message("problem.hint.quote_value", first=first)
    if context in _MARKS:  # ('**限时**优惠', emphasis copied from marketing copy, read as an alias: likewise)
        return message("problem.hint.quote_value", first=_MARKS[context])
    if problem == "mapping values are not allowed here":
        return message("problem.hint.colon_in_value")
    if problem.startswith("expected <block end>"):
        return message("problem.hint.indent")
    return None


class _Bounds:
    """A composer refusing to nest deeper than ``MAX_DEPTH`` or to build more than ``MAX_NODES``
    nodes while it composes.

    The composer is recursive: without this bound a file of a few thousand ``[`` overflows
    Python's stack (``RecursionError``) before the converter could count the levels.
    """

    _file: str
    _line_of: LineOf
    _depth: int
    _nodes: int

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH + 1:
                line = self._line_of(self.peek_event().start_mark)  # type: ignore[attr-defined]  # the loader it mixes into has it
                raise Problem.of(self._file, line, "problem.too_deep", depth=MAX_DEPTH)
            self._nodes += 1
            if self._nodes > MAX_NODES:  # counted while composing: a huge flow list stops here, not after
                line = self._line_of(self.peek_event().start_mark)  # type: ignore[attr-defined]  # the loader it mixes into has it
                raise Problem.of(self._file, line, "problem.too_many_values", **TOO_MANY)
            # PyYAML passes a sequence position, a mapping's key node or None as ``index``
            return super().compose_node(parent, index)  # type: ignore[misc]  # a mixin: the loader it mixes into composes
        finally:
            self._depth -= 1


class _BoundedLoader(_Bounds, yaml.SafeLoader):
    """PyYAML's safe composer and parser, bounded (``_Bounds``)."""

    def __init__(self, file: str, text: str, line_of: LineOf) -> None:
        super().__init__(text)
        self._file = file
        self._line_of = line_of
        self._depth = 0
        self._nodes = 0


_BoundedCLoader: type | None = None
if getattr(yaml, "__with_libyaml__", False):
    from yaml._yaml import CParser

    class _CLoader(_Bounds, yaml.composer.Composer, CParser, yaml.constructor.SafeConstructor,
                   yaml.resolver.Resolver):
        """The same bounded composer over libyaml's parser (``yaml._yaml.CParser``)."""

        def __init__(self, file: str, text: str, line_of: LineOf) -> None:
            CParser.__init__(self, text)
            yaml.composer.Composer.__init__(self)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)
            self._file = file
            self._line_of = line_of
            self._depth = 0
            self._nodes = 0

        def dispose(self) -> None:
            self.anchors = {}

    _BoundedCLoader = _CLoader


TEXT_FIELDS = frozenset({"name", "name_en", "note", "text"})
"""The fields of free text (names, notes, an operator's own wording), where a '#' may be meant as part of the text."""
_COMMENT = re.compile("[ \t]+#[^\r\n\x85\u2028\u2029]*")
"""A comment after a value on its line (YAML's needs a space before its '#')."""


_HIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f" + "".join(map(chr, BIDI_CONTROLS)) + "]")
"""What a value may not hold, though a double-quoted scalar can write it as an escape (``"\\e[2J"``, ``"\\x00"``,
``"\\u202e"``) that the reader's own refusal of control characters never sees (found by the security QA): control
characters (all but tab and line feed), which drive the terminal ``recommend`` and ``whatif`` print names to (clear
it, retitle it, overwrite a line with CR or backspaces), and the bidirectional embeddings, overrides and isolates,
which show the text after them reversed on the form, the results page and the what-if report (a price or a name
that reads otherwise than it is written)."""


def _hidden_problem(char: str) -> tuple[str, str]:
    """The code of a hidden character's problem, and the character's code point."""
    code = f"U+{ord(char):04X}"
    if "\u202a" <= char <= "\u202e" or "\u2066" <= char <= "\u2069":
        return "problem.hidden_bidi", code
    return "problem.hidden_control", code


def _shown(value: str) -> str:
    """A scalar as quoted in a message: long values cut (a message must stay one readable line)."""
    return value if len(value) <= 40 else value[:37] + "..."


_DIGITS = re.compile(r"\d+")


def split_number_hint(before: str, key: str) -> Message | None:
    """Why a key is the digits after a comma, ``before`` the value written before it: ``{value: 2,000, ...}`` is
    ``value: 2`` and a key ``000`` in a flow mapping (PyYAML reads a comma there as the next entry), ``{value: 1,299元,
    ...}`` ``value: 1`` and a key ``299元`` (found by the plan-files helper: 'unknown field '299元' (a typo?)')."""
    digits = _DIGITS.match(key)
    if digits is None or not _DIGITS.fullmatch(before):
        return None
    number = f"{before},{key}"
    if len(digits.group()) != 3:  # '21,9': a decimal comma, not a thousands separator (which groups three)
        return message("problem.hint.decimal_comma", number=number, fixed=f"{before}.{digits.group()}")
    return message("problem.hint.thousands", number=number, fixed=f"{before}{digits.group()}")


def _thousands_hint(before: yaml.Node | None, key: yaml.Node) -> Message | None:
    """``split_number_hint`` of a key that is a number."""
    if (isinstance(before, yaml.ScalarNode) and isinstance(key, yaml.ScalarNode)
            and before.end_mark.line == key.start_mark.line):
        return split_number_hint(before.value, key.value)
    return None


def _inner_paths(value: object, path: Path) -> Iterator[Path]:
    """The paths inside a converted value (its keys and indices, all the way down)."""
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        yield (*path, key)
        yield from _inner_paths(item, (*path, key))


class _Converter:
    def __init__(self, doc: Document, line_of: LineOf, text: str = "") -> None:
        self.doc = doc
        self.line_of = line_of
        self.text = text
        self.nodes = 0
        self.seen: set[int] = set()
        """The mappings and lists converted (by identity): one met again is an alias's."""
        self.problems: list[Problem] = []
        """What leaves the file readable: keys given again in a mapping (the first value is the one read), whole
        numbers YAML 1.1 reads in another base (``_int``)."""
        self.unmarked: set[int] = set()
        """The mappings (by identity) of a list's item that holds the next item too, its '- ' missing."""

    def convert(self, node: yaml.Node, path: Path, depth: int) -> object:
        line = self.line_of(node.start_mark)
        self.nodes += 1
        if depth > MAX_DEPTH:
            raise Problem.of(self.doc.file, line, "problem.too_deep", depth=MAX_DEPTH)
        if self.nodes > MAX_NODES:
            raise Problem.of(self.doc.file, line, "problem.too_many_values", **TOO_MANY)
        self.doc.lines.setdefault(path, line)
        if isinstance(node, yaml.MappingNode | yaml.SequenceNode):
            self.seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            out: dict[str, object] = self.merged(node, path, depth)
            explicit: set[str] = set()
            before: yaml.Node | None = None
            for key_node, value_node in node.value:
                if key_node.tag == MERGE:
                    continue
                key = self.scalar(key_node)
                if not isinstance(key, str):
                    hint = _thousands_hint(before, key_node)
                    raise Problem.of(self.doc.file, self.line_of(key_node.start_mark), "problem.key_not_text",
                                     **({"hints": [hint.as_dict()]} if hint else {}))
                before = value_node
                if key in explicit and id(node) in self.unmarked:  # (the keys of an item whose '-' is missing, given
                    continue  # again: said once, at its id; the keys after its id read, were it only an id pasted)
                if key in explicit:  # (the first value kept: ``ReadWithProblems``)
                    # an item of a list given its id again is likelier the next item, its '- ' missing: said so, and
                    # its other keys, each given again too, not said one by one (found by the plan-files helper: 13
                    # problems for one slip, none naming it)
                    unmarked = key == "id" and bool(path) and isinstance(path[-1], int)
                    dash = {"hints": [message("problem.hint.item_dash").as_dict()]} if unmarked else {}
                    where = {"field": dotted((*path, key))} if path else {}  # (whose key: found by the user test,
                    self.problems.append(Problem.of(self.doc.file, self.line_of(key_node.start_mark),  # a plan's
                                                      "problem.duplicate_key", key=key, **dash, **where))  # said not)
                    if unmarked:
                        self.unmarked.add(id(node))
                    continue
                explicit.add(key)
                if key in out:  # a merged key given again: its own lines, not the anchor's (``merged``), nor
                    prefix = (*path, key)  # said to come from it (``aliased``: the anchor's own figures, met again)
                    for stale in [p for p in self.doc.lines if p[:len(prefix)] == prefix]:
                        del self.doc.lines[stale]
                        self.doc.merged.pop(stale, None)
                        self.doc.aliased.pop(stale, None)
                self.doc.lines[(*path, key)] = self.line_of(key_node.start_mark)
                again = id(value_node) in self.seen  # (an alias of a mapping or list converted before)
                out[key] = self.convert(value_node, (*path, key), depth + 1)
                if again:  # said at the alias's key, from the anchor's lines (as a merge key's values are)
                    here = self.line_of(key_node.start_mark)
                    for inside in _inner_paths(out[key], (*path, key)):
                        if inside in self.doc.lines:
                            self.doc.aliased.setdefault(inside, self.doc.lines[inside])
                            self.doc.lines[inside] = here
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        said = len(self.problems)
        value = self.scalar(node, figure=path[-1:] == ("value",), at=path)
        plain = isinstance(node, yaml.ScalarNode) and not node.style  # (libyaml: '', PyYAML: None)
        if isinstance(value, str) and path and path[-1] in TEXT_FIELDS and plain \
                and node.start_mark.line == node.end_mark.line \
                and (comment := _COMMENT.match(self.text, node.end_mark.index)):
            self.doc.comments[path] = (value, self.text[node.start_mark.index:comment.end()])
        if not isinstance(value, str) and value is not None:
            self.doc.written[path] = _shown(node.value)
        if len(self.problems) > said:
            self.doc.said.add(path)
        return value

    def merged(self, node: yaml.MappingNode, path: Path, depth: int) -> dict[str, object]:
        """The keys a mapping takes from YAML merge keys (``<<: *anchor`` or ``<<: [*a, *b]``): an earlier
        mapping's keys win over a later one's, and the mapping's own keys over both (YAML's merge rule).
        Converted before the mapping's own keys, whose lines then replace the anchor's."""
        out: dict[str, object] = {}
        merges = [(key_node, value_node) for key_node, value_node in node.value if key_node.tag == MERGE]
        if len(merges) > 1:
            raise Problem.of(self.doc.file, self.line_of(merges[1][0].start_mark), "problem.duplicate_merge")
        for key_node, value_node in merges:
            sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
            if not all(isinstance(source, yaml.MappingNode) for source in sources):
                raise Problem.of(self.doc.file, self.line_of(value_node.start_mark), "problem.merge_not_mapping")
            known = set(self.doc.lines)
            for source in reversed(sources):
                found = self.convert(source, path, depth + 1)
                assert isinstance(found, dict)
                out.update(found)
            # what came in is said at the merge key (where a wrong anchor is named), from the anchor's line
            here = self.line_of(key_node.start_mark)
            for inside in [p for p in self.doc.lines if p not in known and len(p) > len(path)]:
                self.doc.merged.setdefault(inside, self.doc.lines[inside])
                self.doc.lines[inside] = here
        return out

    def _int(self, value: str, line: int) -> int:
        """A whole number as YAML 1.1 reads it; one it reads in a base other than ten (``0x50`` is 80, ``0b101`` 5,
        ``017`` 15, ``1:30`` 90), which a person rarely means in a plan file, is a problem saying what was read and
        what to write (found by the plan-files helper: ``value: 0x50`` priced at 80 yuan without a word; ``017`` was
        'not a plain integer')."""
        digits = value.replace("_", "")
        sign = -1 if digits.startswith("-") else 1
        digits = digits.lstrip("+-")
        try:
            if ":" in digits:
                base, read = 60, 0
                for part in digits.split(":"):
                    read = read * 60 + int(part)
            elif digits[:2].lower() in ("0x", "0b"):
                base = 16 if digits[1] in "xX" else 2
                read = int(digits[2:], base)
            elif len(digits) > 1 and digits.startswith("0"):
                base, read = 8, int(digits, 8)
            else:
                return sign * int(digits)
        except ValueError:  # ('0x_', or more digits than Python reads)
            raise Problem.of(self.doc.file, line, "problem.not_integer", value=_shown(value)) from None
        plain = {"plain": str(sign * int(digits))} if base == 8 else {}  # (what a leading 0 was likely written with)
        self.problems.append(Problem.of(self.doc.file, line, f"problem.int_base.{base}", value=_shown(value),
                                        read=sign * read, **plain))
        return sign * read

    def scalar(self, node: yaml.Node, figure: bool = False, at: Path = ()) -> object:
        """A scalar's value as the loader reads it; ``figure``: it is a figure's ``value`` (where '.inf' is likelier
        meant as unlimited: said so there, not in a name or a count; found by the review helper); ``at``: a value's
        path, a date's problem's ``field`` (found by the user test: ``available_from: 2027-01-01`` was said at its
        line alone; a key, none)."""
        if not isinstance(node, yaml.ScalarNode):
            raise Problem.of(self.doc.file, self.line_of(node.start_mark), "problem.key_not_text")
        tag, value = node.tag, node.value
        line = self.line_of(node.start_mark)
        if (hidden := _HIDDEN.search(value)) is not None:
            code, char = _hidden_problem(hidden.group())
            raise Problem.of(self.doc.file, line, code, char=char)
        if tag == "tag:yaml.org,2002:null":
            return None
        if tag == "tag:yaml.org,2002:bool":
            return value.lower() in ("true", "yes", "on")
        if tag == "tag:yaml.org,2002:int":
            return self._int(value, line)
        if tag == "tag:yaml.org,2002:float":
            try:
                number = Decimal(value.replace("_", ""))
            except InvalidOperation:
                number = Decimal("NaN")
            if not number.is_finite():  # ('.inf' in an allowance: likelier meant as unlimited)
                infinite = figure and value.lstrip("+").lower() == ".inf"
                hint = {"hints": [message("problem.hint.unlimited").as_dict()]} if infinite else {}
                raise Problem.of(self.doc.file, line, "problem.not_finite", value=_shown(value), **hint)
            return number
        if tag == "tag:yaml.org,2002:str":
            return value
        if tag == "tag:yaml.org,2002:timestamp":
            raise Problem.of(self.doc.file, line, "problem.date_unquoted", value=_shown(value),
                             **({"field": dotted(at)} if at else {}))
        raise Problem.of(self.doc.file, line, "problem.yaml_type", tag=_shown(tag))
