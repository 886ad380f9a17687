"""Fuzzed plan files never crash or hang the loader: a catalogue, or ``CatalogueError`` with ``file:line``.

Mutated (byte flips, inserts, deletes of the real plan files), truncated, huge, deeply nested,
wrong-typed and non-UTF-8 files.  ``PLAN_FUZZ_EXAMPLES`` sets the examples per property (default
40 in CI; ``PLAN_FUZZ_EXAMPLES=2000 pytest tests/unit/catalogue/test_plan_files_fuzz.py`` for a long run).
"""

import copy
import os

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from recommender.catalogue import Catalogue, CatalogueError, yamlsource
from recommender.catalogue.yamlsource import MAX_BYTES, MAX_DEPTH, MAX_NODES, TOO_MANY_VALUES

from .plan_fuzz import REAL, check

EXAMPLES = int(os.environ.get("PLAN_FUZZ_EXAMPLES", "40"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=False)
NAMES = sorted(REAL)

real_name = st.sampled_from(NAMES)


def _problems(result: Catalogue | CatalogueError) -> list[str]:
    return [] if isinstance(result, Catalogue) else [str(p) for p in result.problems]


def test_the_real_files_load() -> None:
    assert isinstance(check(sorted(REAL.items())), Catalogue)


# -- byte-level mutations ----------------------------------------------------------------------------

@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, bytes]:
    name = draw(real_name)
    raw = bytearray(REAL[name])
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["flip", "insert", "delete", "duplicate"]))
        at = draw(st.integers(0, len(raw)))
        if kind == "flip" and raw:
            at = min(at, len(raw) - 1)
            raw[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "insert":
            raw[at:at] = draw(st.one_of(st.binary(min_size=1, max_size=16),
                                        st.sampled_from([b"[", b"{", b":", b"- ", b"\n  ", b"&a ", b"*a", b"!!", b"\t",
                                                         b"'", b'"', b"#", b"---\n", b"\x00", b"\xff", b"\xe5\x8c"])))
        elif kind == "delete":
            del raw[at:at + draw(st.integers(1, 64))]
        elif raw:
            end = min(len(raw), at + draw(st.integers(1, 200)))
            raw[at:at] = raw[at:end]
    if draw(st.booleans()):  # a byte-order mark, as some editors save
        raw[0:0] = "\ufeff".encode()
    return name, bytes(raw)


@FUZZ
@given(mutated())
def test_mutated_files(source: tuple[str, bytes]) -> None:
    check([source])


@FUZZ
@given(mutated())
def test_one_mutated_file_among_the_real_ones(source: tuple[str, bytes]) -> None:
    check([(n, source[1] if n == source[0] else raw) for n, raw in sorted(REAL.items())])


@FUZZ
@given(real_name, st.integers(0, 10**6))
def test_truncated_files(name: str, cut: int) -> None:
    raw = REAL[name]
    check([(name, raw[: cut % (len(raw) + 1)])])


# -- wrong types -----------------------------------------------------------------------------------------

def _paths(value: object, path: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    out = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            out += _paths(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            out += _paths(item, (*path, i))
    return out


def _replace(value: object, path: tuple[object, ...], new: object) -> object:
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        return {k: (_replace(v, rest, new) if k == head else v) for k, v in value.items()}
    assert isinstance(value, list)
    return [(_replace(v, rest, new) if i == head else v) for i, v in enumerate(value)]


PARSED = {name: yaml.safe_load(raw) for name, raw in REAL.items()}
scalars = st.one_of(st.none(), st.booleans(), st.integers(-(10**30), 10**30), st.floats(allow_nan=True),
                    st.text(max_size=40), st.sampled_from(["", "seed:", "seed:nope", "assumption:", "21.9", "1e9999"]))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                                          max_size=4), max_leaves=12)


@FUZZ
@given(real_name, st.data())
def test_wrong_typed_values(name: str, data: st.DataObject) -> None:
    tree = PARSED[name]
    paths = _paths(tree)
    changed = tree
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(paths))
        changed = _replace(changed, path, data.draw(values))
        paths = _paths(changed)
    raw = yaml.safe_dump(changed, allow_unicode=True, sort_keys=False).encode()
    check([(name, raw)])


# -- encodings ---------------------------------------------------------------------------------------------

@FUZZ
@given(real_name, st.integers(0, 10**6), st.sampled_from([b"\xff", b"\xc3", b"\xe5\x8c", b"\xed\xa0\x80", b"\x80\x80",
                                                         b"\xf8\x88\x80\x80\x80"]))
def test_invalid_utf8_is_located(name: str, at: int, bad: bytes) -> None:
    raw = REAL[name]
    at %= len(raw) + 1
    result = check([(name, raw[:at] + bad + raw[at:])])
    assert isinstance(result, CatalogueError)
    line = raw[:at].count(b"\n") + 1
    [problem] = _problems(result)
    if at == len(raw) and bad in (b"\xc3", b"\xe5\x8c"):  # the start of a character the file ends before
        assert problem.startswith(f"{name}:{line}: file ends part-way through a character"), problem
        return
    assert problem.startswith(f"{name}:{line}: file is not valid UTF-8") and problem.endswith(": save it as UTF-8")


@pytest.mark.parametrize("encoding", ["gbk", "utf-16", "utf-32", "big5"])
def test_other_encodings_are_rejected_with_a_line(encoding: str) -> None:
    for name, raw in REAL.items():
        if raw.isascii():
            continue  # ASCII is the same bytes in GBK and Big5
        text = raw.decode()
        try:
            encoded = text.encode(encoding)
        except UnicodeEncodeError:
            encoded = text.encode(encoding, errors="replace")
        result = check([(name, encoded)])
        assert isinstance(result, CatalogueError)
        assert _problems(result)[0].endswith({  # (found by QA: said only "not valid UTF-8")
            "gbk": "file is not valid UTF-8 (perhaps GBK / GB 18030, as Chinese Windows saves text, or another "
                   "legacy encoding): save it as UTF-8",
            "big5": "file is not valid UTF-8 (perhaps GBK / GB 18030, as Chinese Windows saves text, or another "
                    "legacy encoding): save it as UTF-8",
            "utf-16": "file is not valid UTF-8 (it is UTF-16: Windows Notepad's \"Unicode\"): save it as UTF-8",
            "utf-32": "file is not valid UTF-8 (it is UTF-32): save it as UTF-8"}[encoding]), _problems(result)


# -- size and nesting ----------------------------------------------------------------------------------------

def test_a_file_over_the_size_bound_is_one_problem_at_line_1() -> None:
    name = NAMES[0]
    result = check([(name, REAL[name] + b"#" * MAX_BYTES)])
    assert _problems(result) == [f"{name}:1: file is larger than {MAX_BYTES} bytes"]


def test_too_many_values_and_alias_bombs_are_bounded() -> None:
    many = b"x: [" + b"1," * (MAX_NODES + 10) + b"1]\n"
    assert len(many) < MAX_BYTES
    assert _problems(check([("plans/x.yaml", many)])) == [f"plans/x.yaml:1: {TOO_MANY_VALUES}"]
    bomb = b"a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for level in "bcdefghi":
        bomb += f"{level}: &{level} [".encode() + b", ".join([f"*{chr(ord(level) - 1)}".encode()] * 10) + b"]\n"
    result = check([("plans/bomb.yaml", bomb)])
    assert any(TOO_MANY_VALUES in p for p in _problems(result))


@pytest.mark.parametrize("depth", [MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1, MAX_DEPTH + 2, 1000, 100_000])
@pytest.mark.parametrize("style", ["flow-list", "flow-map", "block"])
def test_deep_nesting_is_bounded(depth: int, style: str) -> None:
    if style == "flow-list":
        raw = b"[" * depth + b"]" * depth
    elif style == "flow-map":
        raw = b"{a: " * depth + b"1" + b"}" * depth
    else:  # indentation grows with depth: 1400 levels is about the size bound
        depth = min(depth, 1400)
        raw = b"".join(b" " * i + b"a:\n" for i in range(depth)) + b" " * depth + b"1\n"
    assert len(raw) <= MAX_BYTES
    result = check([("plans/deep.yaml", raw)])
    assert isinstance(result, CatalogueError)
    deep = any(f"nesting deeper than {MAX_DEPTH} levels" in p for p in _problems(result))
    if depth > MAX_DEPTH + 1:
        assert deep
    if depth < MAX_DEPTH:
        assert not deep


@FUZZ
@given(st.integers(1, 5000), st.sampled_from(["[", "{a: ", "- ", "{? "]))
def test_nesting_of_any_depth(depth: int, opener: str) -> None:
    check([("plans/deep.yaml", (opener * depth).encode())])


def test_a_huge_valid_looking_file_loads_or_is_rejected_by_line() -> None:
    """The largest real file with its packs repeated (new ids) to most of the size bound."""
    name = max(NAMES, key=lambda n: len(REAL[n]))
    tree = PARSED[name]
    packs = list(tree["packs"])
    once = len(yaml.safe_dump({"packs": packs}, allow_unicode=True, sort_keys=False).encode())
    copies = [{**copy.deepcopy(pack), "id": f"{pack['id']}-copy-{i}"}  # deep: no YAML aliases
              for i in range(int(0.8 * MAX_BYTES // once)) for pack in packs]
    raw = yaml.safe_dump({**tree, "packs": packs + copies}, allow_unicode=True, sort_keys=False).encode()
    assert MAX_BYTES // 2 < len(raw) <= MAX_BYTES
    check([(name, raw)])


def _parsed(name: str, text: str, node: yaml.Node | None) -> tuple[object, dict[yamlsource.Path, int]]:
    assert node is not None
    doc = yamlsource.Document(name, None)
    doc.data = yamlsource._Converter(doc, yamlsource.line_counter(text)).convert(node, (), 0)
    return doc.data, doc.lines


@pytest.mark.skipif(yamlsource._BoundedCLoader is None, reason="PyYAML without libyaml")
@FUZZ
@given(mutated())
@example(("bom.yaml", b"\xef\xbb\xbf# a\r# b\nkey: 1\nother: 2\n"))  # a byte-order mark and a lone CR: found in CI
def test_libyaml_events_compose_what_pyyaml_composes(source: tuple[str, bytes]) -> None:
    """The fast path (libyaml's events, our bounded composer) gives the same data and lines as
    PyYAML's parser, and gives up on every file PyYAML's parser rejects (which then reports it)."""
    name, raw = source
    try:  # (a byte-order mark is dropped first, as ``parse`` drops it: one parser's marks count it, one's not)
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        return  # refused before any parser runs
    line_of = yamlsource.line_counter(text)
    fast = yamlsource._fast_node(name, text, line_of)
    try:
        slow = yamlsource._node(name, text, line_of)
    except yamlsource.Problem:
        assert fast is None
        return
    if fast is not None and slow is not None:
        try:
            expected = _parsed(name, text, slow)
        except yamlsource.Problem:
            return  # the converter refuses both the same way
        assert _parsed(name, text, fast) == expected


def test_libyaml_path_on_the_real_files() -> None:
    for name, raw in REAL.items():
        text = raw.decode("utf-8")
        line_of = yamlsource.line_counter(text)
        fast = yamlsource._fast_node(name, text, line_of)
        assert fast is not None or yamlsource._BoundedCLoader is None
        if fast is not None:
            assert _parsed(name, text, fast) == _parsed(name, text, yamlsource._node(name, text, line_of))


@pytest.mark.parametrize("bad", [b"\xc3", b"\xe5\x8c"])
def test_a_character_cut_at_the_end_is_said_cut_off(bad: bytes) -> None:
    """The fuzz test above met it once in CI's hypothesis draws: the start of a character at the very end of a file
    is a file cut off, not one in another encoding."""
    name, raw = next(iter(REAL.items()))
    [problem] = _problems(check([(name, raw + bad)]))
    line = raw.count(b"\n") + 1
    assert problem.startswith(f"{name}:{line}: file ends part-way through a character"), problem
