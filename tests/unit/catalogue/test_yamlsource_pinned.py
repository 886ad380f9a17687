"""Reading plan files (``catalogue.yamlsource``) pinned where a mutation run found it unpinned: each test writes a small
YAML text (or a plan file in ``tmp_path``) and asserts the exact problem (file, line, code and parameters) or what was
read, worked out from the text written."""

import pytest

from recommender.catalogue import CatalogueError, load_sources
from recommender.catalogue.problem import MAX_BYTES, Problem
from recommender.catalogue.yamlsource import ReadWithProblems, parse

from .one_plan import ONE_PLAN


def refused(text: str | bytes, file: str = "plans/x.yaml") -> tuple[str, int, str, dict[str, object]]:
    """The problem ``parse`` raises, as ``(file, line, code, params)``."""
    raw = text.encode() if isinstance(text, str) else text
    with pytest.raises(Problem) as info:
        parse(file, raw)
    problem = info.value
    return problem.file, problem.line, problem.code, dict(problem.params)


def problems(text: str, file: str = "plans/op.yaml") -> list[tuple[str, int, str, dict[str, object]]]:
    """What ``load_sources`` refuses one file with, each problem as ``(file, line, code, params)``."""
    with pytest.raises(CatalogueError) as info:
        load_sources([(file, text.encode())])
    return [(p.file, p.line, p.code, dict(p.params)) for p in info.value.problems]


MERGED = """\
# a header comment
operator: {id: op, name: Op, name_en: Op}
currency: CNY
plans:
  - &p1
    id: p1
    name: plan
    name_en: plan
    monthly_fee: {value: 10, source: "assumption: t"}
    data_gb: {value: 1, source: "assumption: t"}
    voice_minutes: {value: 100, source: "assumption: t"}
    sms: {value: 0, source: "assumption: t"}
    downlink_mbps: {value: 300, source: "assumption: t"}
    uplink_mbps: {value: 50, source: "assumption: t"}
    overage:
      data_per_gb: {value: 3, source: "assumption: t"}
      voice_per_minute: {value: 0.15, source: "assumption: t"}
  - <<: *p1
    id: p2
"""
"""Two plans whose ``overage`` (line 15) lacks ``sms_each``: p1's own, and p2's brought by the merge key at line 18;
the file's first key, ``operator``, at line 2 under a comment."""


def test_a_field_missing_from_a_merged_mapping_is_said_at_the_merge_key_from_the_anchors_line() -> None:
    """A missing field has no line of its own: it is said at its mapping's, p1's ``overage`` at line 15, and for p2
    at the merge key (line 18) that brought that mapping, "(merged from line 15)": the deepest known prefix of
    ``plans[1].overage.sms_each`` is ``plans[1].overage``, one level up, a merged one.  Kills
    yamlsource.Document.from_anchor line 101 'range(len(path), -1, -1)' as 'range(len(path), -1, -2)' (mutant 49:
    the prefix two levels up, plans[1], checked instead) and line 103 'if prefix in self.lines' forced True (mutant
    52: the unknown path itself answered, with nothing); both lose the 'merged from'."""
    assert problems(MERGED) == [
        ("plans/op.yaml", 15, "problem.missing_field", {"key": "sms_each", "field": "plans[0].overage.sms_each"}),
        ("plans/op.yaml", 18, "problem.missing_field",
         {"key": "sms_each", "field": "plans[1].overage.sms_each", "merged_from": 15}),
    ]


def test_a_top_level_field_missing_is_said_at_the_files_first_key_not_line_1() -> None:
    """``currency`` left out: no prefix of ``("currency",)`` but the file itself is known, and the file (its root
    mapping) begins at its first key, ``operator`` at line 2 under a comment line.  Kills yamlsource.Document.line_of
    line 92 'range(len(path), -1, -1)' as 'range(len(path), 0, -1)' (mutant 32: the root never looked up, line 1)."""
    text = MERGED.replace("currency: CNY\n", "").replace("      voice_per_minute", "      sms_each: {value: 0.1, "
                                                            "source: \"assumption: t\"}\n      voice_per_minute")
    assert problems(text) == [("plans/op.yaml", 2, "problem.missing_field", {"key": "currency", "field": "currency"})]


def test_a_file_of_exactly_the_byte_bound_is_read() -> None:
    """``MAX_BYTES`` bytes is the most a file may hold, not one too many: ``note: `` (6 bytes) and 999,994 x's make
    1,000,000 bytes, read whole; one byte more is refused at line 1.  Kills yamlsource.parse line 128
    'len(raw) > MAX_BYTES' as 'len(raw) >= MAX_BYTES' (mutant 91)."""
    text = "note: " + "x" * (MAX_BYTES - 6)
    assert len(text.encode()) == MAX_BYTES == 1_000_000
    doc = parse("plans/x.yaml", text.encode())
    assert doc.data == {"note": "x" * 999_994}
    assert refused(text + "x") == ("plans/x.yaml", 1, "problem.too_large", {"bytes": 1_000_000})


def test_a_bad_last_byte_is_not_utf8_not_a_file_cut_off() -> None:
    """A byte that can start no UTF-8 character as the file's last (``\\xff`` after line 2's ``name: a``) is not a
    character cut off by a save interrupted: its reason is 'invalid start byte', not 'unexpected end of data', though
    it ends the file.  ``\\xff`` is no GB 18030 lead byte either (those are 0x81-0xFE), so no encoding is suggested.
    Kills yamlsource.parse line 134 'exc.end == len(raw) and exc.reason == ...' as '... or ...' (mutant 104)."""
    raw = b"id: x\nname: a\xff"
    assert refused(raw) == ("plans/x.yaml", 2, "problem.not_utf8", {})
    # a character cut off (the first two of the three bytes of '中', E4 B8 AD) at the end of line 2 is
    assert refused(b"id: x\nname: \xe4\xb8") == ("plans/x.yaml", 2, "problem.cut_off", {})


def test_a_file_nested_to_the_depth_bound_is_read() -> None:
    """The file itself is depth 0 and ``MAX_DEPTH`` (32) the deepest a value may be: 33 lists one in another (the
    outermost at depth 0, the innermost, empty, at depth 32) are read; 34 are refused at line 1.  Kills
    yamlsource.parse line 146 'converter.convert(node, (), 0)' as '(node, (), 1)' (mutant 117: the 33 refused)."""
    expected: object = []
    for _ in range(32):
        expected = [expected]
    assert parse("plans/x.yaml", ("[" * 33 + "]" * 33).encode()).data == expected
    assert refused("[" * 34 + "]" * 34) == ("plans/x.yaml", 1, "problem.too_deep", {"depth": 32})


@pytest.mark.parametrize("end", ["\r", "\n"])
def test_a_value_at_a_line_end_is_at_its_own_line_where_lines_are_counted_by_index(end: str) -> None:
    """Lines counted from the marks' index (a CR-only file; a file holding a line separator U+2028 inside quotes): an
    item left empty (``  -`` then the line end) begins at the line end itself, still its own line 2, and ``b``, the
    line's last character, at line 3; the quoted ``"c\\u2028d"`` (one line for an editor) at line 4.  Kills
    yamlsource.line_counter line 52 'bisect_right(starts, mark.index - 1)' as 'mark.index + 1' (mutant 18: the
    empty item at 3, b at 4) and as 'mark.index - 0' (mutant 19: the empty item at 3)."""
    text = end.join(["x:", "  -", "  - b", '  - "c\u2028d"', ""])
    doc = parse("plans/x.yaml", text.encode())
    assert doc.data == {"x": [None, "b", "c\u2028d"]}
    assert doc.lines == {(): 1, ("x",): 1, ("x", 0): 2, ("x", 1): 3, ("x", 2): 4}
    assert doc.line_of(("x", 1, "name")) == 3  # (the deepest known prefix's)


def test_values_are_counted_to_the_bound_with_each_alias_again() -> None:
    """``MAX_NODES`` (100,000) values are read, one more refused where it is, an alias's values counted again each
    time it is used: the list itself (1), ``&a`` (its list and 999 zeros: 1,000), 98 ``*a`` (98 × 1,000 = 98,000) and
    999 zeros: 1 + 1,000 + 98,000 + 999 = 100,000; a zero more, on line 2, is the 100,001st.  (The composer sees some
    2,100 nodes: only the converter's count, from 0, bounds what the aliases expand to.)  Kills
    yamlsource._Converter.__init__ line 621 'self.nodes = 0' as '= 1' (mutant 749: the 100,000 refused)."""
    zeros = ", ".join(["0"] * 999)
    text = "[&a [" + zeros + "], " + ", ".join(["*a"] * 98) + ", " + zeros + "]"
    data = parse("plans/x.yaml", text.encode()).data
    assert isinstance(data, list) and len(data) == 1 + 98 + 999 and data[98] == [0] * 999
    assert refused(text[:-1] + ",\n 0]") == ("plans/x.yaml", 2, "problem.too_many_values",
                                               {"limit": 100_000, "bytes_limit": 1_000_000})


def test_an_alias_cannot_nest_a_value_past_the_depth_bound() -> None:
    """The composer bounds nesting as written; an alias puts its anchor's values as deep as the alias is.  ``a`` is
    20 lists (depths 1-20 under the file's mapping, depth 0); under ``b``, 15 lists (depths 1-15) hold ``*a``, whose
    lists are then at depths 16-35: past 32, refused at the anchor's line 1.  Under 12 lists they are at depths 13-32,
    read.  Kills yamlsource._Converter.convert line 633 'if depth > MAX_DEPTH: raise ...' deleted (mutant 752: read
    at any depth, aliases nesting aliases until Python's stack overflows)."""
    def nested(levels: int) -> str:
        return "a: &a " + "[" * 20 + "]" * 20 + "\nb: " + "[" * levels + "\n  *a" + "]" * levels + "\n"

    assert refused(nested(15)) == ("plans/x.yaml", 1, "problem.too_deep", {"depth": 32})
    inner: object = []
    for _ in range(19):
        inner = [inner]
    read = inner
    for _ in range(12):
        read = [read]
    assert parse("plans/x.yaml", nested(12).encode()).data == {"a": inner, "b": read}


def test_an_alias_of_nested_mappings_cannot_nest_a_value_past_the_depth_bound() -> None:
    """As with lists, through mapping values: ``a`` is 20 mappings ``{k: ...}`` (depths 1-20) around ``1`` (depth
    21); under ``b``, 12 mappings (depths 1-12) the last of which holds ``*a`` at its ``k``: a's mappings at 13-32, its
    ``1`` at 33, past 32, refused at the anchor's line 1.  Under 11 the ``1`` is at 32, read.  Kills
    yamlsource._Converter.convert line 675 'self.convert(value_node, ..., depth + 1)' as 'depth - 1', 'depth + 0'
    (mutants 839, 840: never refused) and 'depth + 2' (mutant 841: the 11 refused)."""
    def nested(levels: int) -> str:
        return "a: &a " + "{k: " * 20 + "1" + "}" * 20 + "\nb: " + "{k: " * levels + "*a" + "}" * levels + "\n"

    assert refused(nested(12)) == ("plans/x.yaml", 1, "problem.too_deep", {"depth": 32})
    inner: object = 1
    for _ in range(20):
        inner = {"k": inner}
    read = inner
    for _ in range(11):
        read = {"k": read}
    assert parse("plans/x.yaml", nested(11).encode()).data == {"a": inner, "b": read}


@pytest.mark.parametrize(("text", "line"), [("id: x\n5: y\n", 2), ("id: x\nb:\n  true: 1\n", 3)])
def test_a_key_that_is_not_text_is_refused_at_its_line_without_a_hint(text: str, line: int) -> None:
    """A key YAML reads as a number (``5``) or a flag (``true``), with no number written before it on its line (no
    '2,000' split at its comma): refused at the key's line, with no hint.  Kills yamlsource._Converter.convert line
    651 '{"hints": [hint.as_dict()]} if hint else {}' with 'if hint' forced True (mutant 804: None.as_dict())."""
    assert refused(text) == ("plans/x.yaml", line, "problem.key_not_text", {})


def test_a_comment_after_quoted_text_is_no_text_cut_short() -> None:
    """A text field written plain with a comment after it (``name: 5G-A plan # tier``) is noted: YAML read
    '5G-A plan', the line holds '5G-A plan # tier'.  Quoted (``name_en: "5G-A plan" # tier``), the text is all of the
    quotes, and nothing is noted.  Kills yamlsource._Converter.convert line 687 'isinstance(node, yaml.ScalarNode)
    and not node.style' as 'or' (mutant 862: the quoted text noted too)."""
    doc = parse("plans/x.yaml", b'name_en: "5G-A plan" # tier\nname: 5G-A plan # tier\n')
    assert doc.data == {"name_en": "5G-A plan", "name": "5G-A plan"}
    assert doc.comments == {("name",): ("5G-A plan", "5G-A plan # tier")}


def test_a_merge_key_takes_a_list_of_mappings_the_earlier_winning() -> None:
    """``<<: [*a, *b]``: ``a`` gives x 1 and y 2, ``b`` y 3 and z 4, and the earlier mapping wins (y 2), the mapping's
    own ``w`` kept; what came in is at the merge key's line 4, from the anchors' lines (x and y from line 1, z from
    2).  A list holding no mapping (``5``) is refused at the list (line 3).  Kills yamlsource._Converter.merged line
    707 'value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]' forced to the else (mutant
    904: the list refused) and line 708 'all(isinstance(source, yaml.MappingNode) ...)' as 'any' (mutant 909: the
    5 converted, an AssertionError)."""
    doc = parse("plans/x.yaml", b"a: &a {x: 1, y: 2}\nb: &b {y: 3, z: 4}\nc:\n  <<: [*a, *b]\n  w: 5\n")
    assert doc.data == {"a": {"x": 1, "y": 2}, "b": {"y": 3, "z": 4}, "c": {"x": 1, "y": 2, "z": 4, "w": 5}}
    assert {path: line for path, line in doc.lines.items() if path[:1] == ("c",)} == {
        ("c",): 3, ("c", "x"): 4, ("c", "y"): 4, ("c", "z"): 4, ("c", "w"): 5}
    assert doc.merged == {("c", "x"): 1, ("c", "y"): 1, ("c", "z"): 2}
    assert refused("a: &a {x: 1, y: 2}\nc:\n  <<: [*a, 5]\n") == ("plans/x.yaml", 3, "problem.merge_not_mapping", {})


def test_what_a_merge_key_brings_is_said_there_and_the_anchor_keeps_its_own_lines() -> None:
    """``c`` merges ``a`` (x: {v: 1}, lines 1-3): c.x and c.x.v are at the merge key's line 6, c.x from line 2; a's
    own x.v stays at line 3, not merged from anywhere (a path longer than c's, but known before the merge).  Kills
    yamlsource._Converter.merged line 717 'p not in known and len(p) > len(path)' as 'or' (mutant 918: a.x.v said at
    line 6, merged from itself)."""
    doc = parse("plans/x.yaml", b"a: &a\n  x:\n    v: 1\nb:\n  c:\n    <<: *a\n")
    assert doc.lines == {(): 1, ("a",): 1, ("a", "x"): 2, ("a", "x", "v"): 3, ("b",): 4, ("b", "c"): 5,
                         ("b", "c", "x"): 6, ("b", "c", "x", "v"): 6}
    assert doc.merged[("b", "c", "x")] == 2
    assert set(doc.merged) == {("b", "c", "x"), ("b", "c", "x", "v")}


def test_a_merged_mapping_cannot_nest_a_value_past_the_depth_bound() -> None:
    """What a merge key brings is one level below the mapping holding it: ``a`` is 20 mappings around ``1``; ``b`` is
    10 lists (depths 1-10) around ``{<<: *a}`` (depth 11), whose source ``a`` is converted at 12, its inner mappings
    at 13-31 and its ``1`` at 32: read; in 11 lists the ``1`` is at 33, refused at the anchor's line 1.  Kills
    yamlsource._Converter.merged line 712 'self.convert(source, path, depth + 1)' as 'depth - 1', 'depth + 0' (mutants
    913, 914: the 11 read) and 'depth + 2' (mutant 915: the 10 refused)."""
    def nested(levels: int) -> str:
        return "a: &a " + "{k: " * 20 + "1" + "}" * 20 + "\nb: " + "[" * levels + "{<<: *a}" + "]" * levels + "\n"

    inner: object = 1
    for _ in range(20):
        inner = {"k": inner}
    read = inner
    for _ in range(10):
        read = [read]
    assert parse("plans/x.yaml", nested(10).encode()).data == {"a": inner, "b": read}
    assert refused(nested(11)) == ("plans/x.yaml", 1, "problem.too_deep", {"depth": 32})


def test_a_whole_number_in_another_base_is_read_as_yaml_reads_it_and_said() -> None:
    """YAML 1.1 reads ``-0b101`` as -5 (binary 101 = 5), ``017`` as 15 (octal: 8 + 7; likely meant 17), ``1:30`` as 90
    (1 × 60 + 30) and ``0x50`` as 80 (5 × 16): each said at its line with what was read, and the file read whole
    with those values, so that what else is wrong is said in the same round.  ``0x_`` has no digits: not_integer at
    line 2.  Kills yamlsource._Converter._int line 747 'return sign * read' as 'return None' (mutant 985: the values
    read as nothing) and line 743's raise deleted (mutant 979: an UnboundLocalError)."""
    with pytest.raises(ReadWithProblems) as info:
        parse("plans/x.yaml", b"id: x\nfee: -0b101\nn: 017\nt: 1:30\nhex: 0x50\n")
    assert [(p.file, p.line, p.code, dict(p.params)) for p in info.value.problems] == [
        ("plans/x.yaml", 2, "problem.int_base.2", {"value": "-0b101", "read": -5}),
        ("plans/x.yaml", 3, "problem.int_base.8", {"value": "017", "read": 15, "plain": "17"}),
        ("plans/x.yaml", 4, "problem.int_base.60", {"value": "1:30", "read": 90}),
        ("plans/x.yaml", 5, "problem.int_base.16", {"value": "0x50", "read": 80}),
    ]
    assert info.value.doc.data == {"id": "x", "fee": -5, "n": 15, "t": 90, "hex": 80}
    assert refused("id: x\nfee: 0x_\n") == ("plans/x.yaml", 2, "problem.not_integer", {"value": "0x_"})


@pytest.mark.parametrize(("text", "code", "params"), [
    ("id: x\nk: {[a, b]: 1}\n", "problem.key_not_text", {}),
    ("id: x\nk: !!binary aGk=\n", "problem.yaml_type", {"tag": "tag:yaml.org,2002:binary"}),
    ("id: x\n.inf: 1\n", "problem.not_finite", {"value": ".inf"}),
    ("id: x\nvalue: .inf\n", "problem.not_finite", {"value": ".inf", "hints": [
        {"code": "problem.hint.unlimited", "params": {}}]}),
], ids=["a list as a key", "binary", "infinite key", "infinite value"])
def test_a_value_of_no_kind_a_plan_file_holds_is_refused_at_its_line(text: str, code: str,
                                                                    params: dict[str, object]) -> None:
    """At line 2: a list as a mapping's key (no text); a value tagged ``!!binary`` (said by its tag, not as a date);
    ``.inf`` as a key (not finite, no hint) and as a figure's ``value`` (where 'unlimited' is likelier meant: hinted).
    Kills yamlsource._Converter.scalar line 752 'if not isinstance(node, yaml.ScalarNode)' deleted or forced False
    and its raise deleted (mutants 986, 1000, 998: a TypeError), line 777 the timestamp check forced True (mutant
    1042: binary said to be a date), line 779's raise deleted (mutant 996: read as None) and line 749 'figure: bool =
    False' as True (mutant 997: the key hinted)."""
    assert refused(text) == ("plans/x.yaml", 2, code, params)


def test_a_two_digit_number_with_a_leading_zero_is_said_to_be_octal() -> None:
    """``07`` is YAML 1.1's octal 7 (two digits, the least a leading zero makes octal: ``0`` alone is zero): said at
    line 1 with 7 read and ``7`` to write.  Kills yamlsource._Converter._int line 738 'len(digits) > 1' as '> 2'
    (mutant 973: read as 7 without a word)."""
    with pytest.raises(ReadWithProblems) as info:
        parse("plans/x.yaml", b"n: 07\nz: 0\n")
    assert [(p.line, p.code, dict(p.params)) for p in info.value.problems] == [
        (1, "problem.int_base.8", {"value": "07", "read": 7, "plain": "7"})]
    assert info.value.doc.data == {"n": 7, "z": 0}


@pytest.mark.parametrize(("written", "code"), [("1_000", "problem.text_not_number"), ("NO", "problem.text_not_bool")])
def test_a_name_yaml_reads_as_a_number_or_a_flag_is_quoted_as_written(written: str, code: str) -> None:
    """``name_en: 1_000`` (read as 1000) and ``name_en: NO`` (read as false) are no text: said at line 6 quoting what
    was written, not what YAML made of it.  Kills yamlsource._Converter.convert line 692 'not isinstance(value, str)
    and value is not None' with its 'not' removed (mutant 876: only texts remembered as written)."""
    text = ONE_PLAN.replace("    name_en: plan\n", f"    name_en: {written}\n")
    assert problems(text) == [("plans/op.yaml", 6, code, {"written": written, "field": "plans[0].name_en"})]


def test_thousands_of_nested_lists_are_refused_while_composing() -> None:
    """3,000 ``[`` (6,000 bytes) would overflow Python's stack in the recursive composer before the converter counts a
    level: the composer refuses the 34th level, at line 1.  Kills yamlsource._Bounds.compose_node line 506
    'self._depth += 1' deleted or as '+= 0' and line 508's check deleted (mutants 646, 648, 650: a RecursionError)."""
    assert refused("[" * 3000 + "]" * 3000) == ("plans/x.yaml", 1, "problem.too_deep", {"depth": 32})


def test_a_control_character_written_raw_is_named_at_its_line() -> None:
    """A raw U+0001 in line 2's value: YAML's reader refuses it; said at line 2 by its code point.  Kills
    yamlsource._node lines 196-198 (the line counted from the reader's position, the character named; mutants 145-150
    and 152, which no test reached)."""
    assert refused(b"id: x\nname: a\x01b\n") == ("plans/x.yaml", 2, "problem.control_character", {"char": "U+0001"})


def test_a_lookalike_is_looked_for_from_the_line_a_bracket_opened_on() -> None:
    """``a: [1，2`` (a full-width comma, U+FF0C, at line 1) leaves the '[' open: PyYAML gives up at line 3's ':'
    (``d: 4``), in the flow sequence opened at line 1.  The lookalike is looked for from line 1 (the bracket's line,
    ``min(1, 3)``) to line 3, and found at line 1; then the open bracket is said.  Kills yamlsource._syntax_problem
    line 212 'min(...)' as 'max' (mutant 251) and its 'if exc.context_mark' forced False (mutant 233), line 213's
    'while parsing a block' check forced True (mutant 220): each looked at line 3 alone, and the hint was lost."""
    lookalike = {"line": 1, "lookalike": "U+FF0C", "char": "U+FF0C", "instead": "U+FF0C"}
    assert refused("a: [1\uff0c 2\n  , 3\nd: 4\n") == ("plans/x.yaml", 3, "problem.yaml_syntax", {
        "yaml": "expected ',' or ']', but got ':'",
        "hints": [{"code": "problem.hint.lookalike", "params": lookalike},
                  {"code": "problem.hint.bracket_open", "params": {"bracket": "'['", "opened": 1, "closing": "']'"}}]})


def _hint(code: str, **params: object) -> dict[str, object]:
    return {"code": f"problem.hint.{code}", "params": params}


SYNTAX = [
    # the quote of line 2 never closed, the file ending on that line (no line end after it): PyYAML's
    # 'while scanning a quoted scalar' opened at line 2 (mutant 851: line 470's return deleted, no hint)
    ("id: x\nname: \"plan", 2, "found unexpected end of stream", [_hint("quote_open", opened=2)]),
    # a ': ' in line 2's value, the line ending in a ',': that comma is no separator between entries here, as
    # PyYAML did not stop at a ',' (mutant 270: line 220's separator hint asked of every problem, said a
    # trailing comma)
    ("a: 1\n c: x,\n", 2, "mapping values are not allowed here", [_hint("colon_in_value")]),
    # a ',' after a flow list in a block mapping: not a ':' PyYAML stopped at, so no ';' before it is looked for
    # (column 0), though the line begins with one (mutant 256: line 216's 'else 0' as 'else 1', its first
    # character looked at, said a semicolon)
    (";a: [1], b: 2\n", 1, "expected <block end>, but found ','", [_hint("indent")]),
    # the anchor the alias at line 2 names is written after it, at line 3 (two line ends before it, the first at the
    # file's very first character: mutant 343, line 248's count from index 1, said line 2, not after the alias)
    ("\na: *x\nb: &x 1\n", 2, "found undefined alias 'x'", [_hint("anchor_after", name="x", at=3)]),
    # an undefined alias given to a merge key: no key to name, '<<' being YAML's (mutant 346: line 252's
    # 'key.group(1)' as 'group(0)', '<<: *' compared, named '<<' as the key)
    ("a:\n  <<: *x\n", 2, "found undefined alias 'x'", [_hint("no_anchor", name="x")]),
    # an entry in braces whose value holds ': ' unquoted: that value, up to the first ',' after it, to be written
    # quoted (mutant 819: line 452's 'min' as 'max', the value taken to the '}', with ', note: x' in it)
    ("a: {value: 59, source: assumption: a guess, note: x}\n", 1, "expected ',' or '}', but got ':'",
     [_hint("colon_quote", fixed='source: "assumption: a guess"')]),
    # the same with neither ',' nor '}' after it on its line: to the line's end (mutant 820: 'min' without its
    # default, a ValueError)
    ("a: {value: 59, source: assumption: a guess\n  }\n", 1, "expected ',' or '}', but got ':'",
     [_hint("colon_quote", fixed='source: "assumption: a guess"')]),
    # the entry right after the '{', no space before its key (mutant 824: line 447's '+ 1' as '+ 2', the key's
    # first letter lost, 'ource')
    ("a: {source: assumption: a guess}\n", 1, "expected ',' or '}', but got ':'",
     [_hint("colon_quote", fixed='source: "assumption: a guess"')]),
    # a value in Chinese is quoted as written, not as \\u escapes (mutants 837, 839: line 454's 'ensure_ascii=False'
    # dropped or True, '"\\u6ce8\\u610f: \\u4f30\\u8ba1"')
    ("a: {value: 59, source: \u6ce8\u610f: \u4f30\u8ba1}\n", 1, "expected ',' or '}', but got ':'",
     [_hint("colon_quote", fixed='source: "\u6ce8\u610f: \u4f30\u8ba1"')]),
    # a comment on the line the '{' opened on, but no '}' after its '#': the '{' is left open, not closed in the
    # comment (mutant 646: line 377's 'closing not in' dropped, said the '}' was in a comment)
    ("a: {value: 5, # tier 1\n  b: 1\nc: 2\n", 3, "expected ',' or '}', but got ':'",
     [_hint("bracket_open", bracket="'{'", opened=1, closing="'}'")]),
    # a list item's '-' with no space after it, on line 1 itself (mutants 766, 770: line 422's 'at >= 1' as '> 1'
    # or '>= 2', line 1 never looked at)
    ("-a: 1 b: 2\n", 1, "mapping values are not allowed here", [_hint("dash_space")]),
    # an error at line 1, and the file's last line (no line end after it) a '-' with no space: no line before line 1
    # is looked at (mutant 769: 'at >= 0', lines[-1], the last line, taken for it)
    ("a: b: c\n-d", 1, "mapping values are not allowed here", [_hint("colon_in_value")]),
    # line 1 indented with full-width spaces (U+3000) is read as more of nothing, and PyYAML stops at line 2: the
    # line before it, 1, is said (mutants 418, 426: line 293's 'first >= 2' as '> 2' or '>= 3', never for line 2)
    ("\u3000\u3000a: 1\n  b: 2\n", 2, "mapping values are not allowed here",
     [_hint("lookalike", line=1, lookalike="U+3000", char="U+3000", instead="U+3000"), _hint("colon_in_value")]),
    # an error at line 1 has no line before it, though the file's last line (no line end after it) is indented with
    # U+3000 (mutants 411, 425: 'first >= 2' dropped or '>= 1', lines[-1] taken for line 0)
    ("a: b: c\n\u3000x", 1, "mapping values are not allowed here", [_hint("colon_in_value")]),
    # a line separator (U+2028) in line 2's comment: YAML reads 'c: d: e' after it as a line, the error said at line
    # 2.  With it a space, the file still fails, but at line 3 ('f: g: h'), after line 2: the separator is said
    # (mutants 381, 393, 395: line 276's check forced True, 'is None' as 'is not None', 'mark.line + 1' as '- 1',
    # each taking the later failure for this one, no hint)
    ("a: 1\nb: 2 # x\u2028c: d: e\nf: g: h\n", 2, "mapping values are not allowed here",
     [_hint("odd_break", line=2, odd_break="U+2028"), _hint("colon_in_value")]),
    # the same under an empty first line: two line ends before the separator, line 3 (mutant 385: line 268's count
    # from index 1, line 2)
    ("\na: 1\nb: 2 # x\u2028c: d: e\n", 3, "mapping values are not allowed here",
     [_hint("odd_break", line=3, odd_break="U+2028"), _hint("colon_in_value")]),
    # a block scalar's text (note: |) beginning with a quote: text, no quote left open (mutants 465-467, 472, 473:
    # lines 329-332, the block's lines not skipped, said 'the quote opened at line 2 is not closed'); the same past
    # an empty line in the text
    ("note: |\n  \"quoted at the start\na: b: c\n", 3, "mapping values are not allowed here",
     [_hint("colon_in_value")]),
    ("note: |\n  \"quoted at the start\n\n  more\na: b: c\n", 5, "mapping values are not allowed here",
     [_hint("colon_in_value")]),
    # a quote opened at line 1 holding an escaped quote (\\" in double quotes, '' in single ones), closed at line 2
    # where PyYAML then stops: the quote opened at line 1 (mutants 512, 513: line 337's escape check forced False or
    # its skip deleted, the quote closed at line 1, told the indentation)
    ("a: \"x \\\" y\n  z\" w: 1\n", 2, "expected <block end>, but found '<scalar>'", [_hint("quote_open", opened=1)]),
    ("a: 'x '' y\n  z' w: 1\n", 2, "expected <block end>, but found '<scalar>'", [_hint("quote_open", opened=1)]),
    # a key in quotes: not one word to quote a value after, but the '{' left open (mutants 817, 827: line 449's
    # quote check dropped, or 'any' as 'all', said to write '"      ": "assumption: a guess"')
    ("a: {value: 59, \"source\": assumption: a guess}\n", 1, "expected ',' or '}', but got ':'",
     [_hint("bracket_open", bracket="'{'", opened=1, closing="'}'")]),
]


@pytest.mark.parametrize(("text", "line", "said", "hints"), SYNTAX)
def test_a_yaml_syntax_error_is_said_at_its_line_with_the_hints_that_fit_it(text: str, line: int, said: str,
                                                                            hints: list[dict[str, object]]) -> None:
    """Each file's syntax error, at the line and in the words PyYAML gives, with exactly the hints worked out for it
    (the comment beside each case says why, and which mutant of yamlsource's hints it kills)."""
    assert refused(text) == ("plans/x.yaml", line, "problem.yaml_syntax", {"yaml": said, "hints": hints})


@pytest.mark.parametrize(("raw", "line", "code"), [
    (b"id: x\nname: " + "\u5957\u9910".encode("gb18030") + b"\n", 2, "problem.not_utf8.gb18030"),
    (b"\xff\xfei\x00d\x00", 1, "problem.not_utf8.utf16"),
    (b"\xff\xfe\x00\x00i\x00\x00\x00", 1, "problem.not_utf8.utf32"),
], ids=["gb18030", "utf16", "utf32"])
def test_a_file_not_in_utf8_is_told_what_it_looks_like(raw: bytes, line: int, code: str) -> None:
    """'套餐' saved in GB18030 (0xCC 0xD7 0xB2 0xCD, no UTF-8) at line 2: the whole file reads as GB18030, said so; a
    UTF-16 byte order mark (FF FE) and a UTF-32 one (FF FE 00 00, checked first: it begins as UTF-16's) at line 1.
    Kills yamlsource._encoding_hint line 123 'return ".gb18030"' deleted (mutant 81: the code
    'problem.not_utf8None')."""
    assert refused(raw) == ("plans/x.yaml", line, code, {})


@pytest.mark.parametrize(("text", "line", "params"), [
    ("a: {value: 21.5,9: x}\n", 1, {}),
    ("a: {value: 1, true: x}\n", 1, {}),
    ("a: {value: 21,\n 9: x}\n", 2, {}),
    ("a: {value: 21, 9: x}\n", 1, {"hints": [{"code": "problem.hint.decimal_comma",
                                              "params": {"number": "21,9", "fixed": "21.9"}}]}),
], ids=["decimals before", "not digits", "next line", "decimal comma"])
def test_a_key_that_is_a_number_is_said_to_be_split_from_the_number_before_only_where_it_was(
        text: str, line: int, params: dict[str, object]) -> None:
    """A number key (9) after a value of digits on its line (21): '21,9' read as two entries, a decimal comma (not three
    digits after it).  Not after '21.5' (no whole number before the comma), not for a key of no digits (``true``), not
    when the key is on the next line.  Kills yamlsource.split_number_hint line 592's check deleted, forced False, 'or'
    as 'and', either operand dropped (mutants 1031, 1036, 1037, 1042-1044: '21.5,9' told to write '21.5.9', or an
    AttributeError for 'true'), _thousands_hint line 602's same-line check dropped (mutant 1065)."""
    assert refused(text) == ("plans/x.yaml", line, "problem.key_not_text", params)
