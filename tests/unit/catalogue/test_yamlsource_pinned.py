"""Reading plan files (``catalogue.yamlsource``) pinned where a mutation run found it unpinned: each test writes a small
YAML text (or a plan file in ``tmp_path``) and asserts the exact problem (file, line, code and parameters) or what was
read, worked out from the text written."""

import pytest

from recommender.catalogue.problem import MAX_BYTES, Problem
from recommender.catalogue.yamlsource import parse


def refused(text: str | bytes, file: str = "plans/x.yaml") -> tuple[str, int, str, dict[str, object]]:
    """The problem ``parse`` raises, as ``(file, line, code, params)``."""
    raw = text.encode() if isinstance(text, str) else text
    with pytest.raises(Problem) as info:
        parse(file, raw)
    problem = info.value
    return problem.file, problem.line, problem.code, dict(problem.params)


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
