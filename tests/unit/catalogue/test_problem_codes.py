"""Plan-file problems leave the domain as codes with parameters: the English ``file:line: message`` is their
rendering (unchanged), and an adapter words the same code in Chinese."""

import re
import string
from pathlib import Path

import pytest

from recommender.catalogue import CatalogueError, Problem, load_sources
from recommender.catalogue import load as load_module
from recommender.catalogue.problem import GENERIC
from recommender.messages import Message, catalogue, problem_text
from recommender.messages.invalid import as_message
from tests.unit.catalogue.test_load import GOOD

CATALOGUE = Path(load_module.__file__).parent


def _problems(text: str, name: str = "x.yaml") -> list[Problem]:
    with pytest.raises(CatalogueError) as info:
        load_sources([(name, text.encode())])
    return info.value.problems


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


CASES = [
    # (what is changed in GOOD, the code, params it has, the English, words the Chinese holds)
    (("monthly_fee:", "monthly_fe:"), "problem.unknown_field.near", {"key": "monthly_fe", "near": "monthly_fee"},
     "x.yaml:7: plans[0].monthly_fe: unknown field 'monthly_fe' (a typo of 'monthly_fee'?)",
     "x.yaml:7: plans[0].monthly_fe：未知字段 'monthly_fe'（是否是 'monthly_fee' 的笔误？）"),
    (("    name_en: plan\n", ""), "problem.missing_field", {"key": "name_en"},
     "x.yaml:4: plans[0].name_en: missing field 'name_en'", "x.yaml:4: plans[0].name_en：缺少字段 'name_en'"),
    (("free_with: [p1]", "free_with: [p2]"), "problem.not_plan_of", {"ref": "p2", "operator_id": "china-unicom"},
     "x.yaml:23: packs[0].free_with[0]: 'p2' is not a plan of china-unicom",
     "x.yaml:23: packs[0].free_with[0]：'p2' 不是 china-unicom 的套餐"),
    (("currency: CNY", "currency: CYN"), "problem.currency_unknown.near", {"value": "CYN", "near": "CNY"},
     "x.yaml:2: currency: CYN is not an ISO 4217 currency code (a typo of CNY?)",
     "x.yaml:2: currency：CYN 不是 ISO 4217 币种代码（是否是 CNY 的笔误？）"),
    (("currency: CNY", "currency: CNY\ncurrency: USD"), "problem.duplicate_key", {"key": "currency"},
     "x.yaml:3: duplicate key 'currency'", "x.yaml:3: 键 'currency' 重复"),
    (("    name: plan\n", "\tname: plan\n"), "problem.yaml_syntax", None, None, "请用空格缩进，不要用制表符（Tab）"),
    (("currency: CNY", "currency: CNY\nx: *gone"), "problem.yaml_syntax", None,
     "x.yaml:3: YAML syntax: found undefined alias 'gone' (no &gone is defined in this file (an anchor reaches no "
     "other file): was it on a plan or pack deleted, or is this copied from another file? Write the value out here, "
     "as x: &gone {...}, for the other aliases to reuse)",
     "x.yaml:3: YAML 语法错误：引用了未定义的锚点 'gone'（本文件中没有定义 &gone（锚点不能跨文件引用）"),
    (("data_gb: {value: 0.5,", "data_gb: {value: 512MB,"), "problem.unit_converted.gb", None,
     None, "的单位是 GB（1 GB 为 1024 MB"),
]


@pytest.mark.parametrize(("edit", "code", "params", "english", "chinese"), CASES)
def test_a_problem_has_a_code_and_params_and_reads_in_both_languages(
        edit: tuple[str, str], code: str, params: dict[str, object] | None, english: str | None,
        chinese: str) -> None:
    [problem] = _problems(GOOD.replace(*edit))
    assert problem.code == code
    if params is not None:
        assert {k: v for k, v in problem.params.items() if k != "field"} == params
    if english is not None:
        assert str(problem) == english
    assert str(problem) == problem.text("en") == f"{problem.file}:{problem.line}: {problem_text(problem.reason)}"
    assert chinese in problem.text("zh")
    assert problem.as_dict() == {"file": problem.file, "line": problem.line, "message": problem.message,
                                 "code": code, "params": dict(problem.params)}


@pytest.mark.parametrize(("edit", "chinese"), [
    (("{value: 21.9, source", "{value: 21.9 source"), "应为 ',' 或 '}'，却遇到了 ':'"),  # (a comma left out)
    (("free_with: [p1]", "free_with: [p1\n    group: g"), "应为 ',' 或 ']'，却遇到了 ':'"),
    (('"seed:cu-data-packs"}', '"seed:cu-data-packs"}}'), "缩进不对：此处应结束上一段，却遇到了 '}'"),
    (("    free_with: [p1]\n", "    free_with: [p1]\n   - id: k2\n"),
     "缩进不对：此处应结束上一段，却开始了一个新的列表"),
    (("    name: plan\n", "    name: @plan\n"), "遇到了不能出现在值开头的字符 '@'（以 @ 开头的值须加引号：\"@...\"）"),
    (("    name: plan\n", "    name: | plan\n"), "此处应是注释或换行，却遇到了 'p'"),
    (("    name: plan\n", "    name: **限时**优惠\n"),  # (emphasis copied from marketing copy: read as an alias)
     "此处应为字母或数字，却遇到了 '*'（以 * 开头的值须加引号：\"*...\"）"),
    (("    name: plan\n", "    name: |p\n"), "'|' 或 '>' 之后应为 '-'、'+' 或缩进数字，却遇到了 'p'"),
    (("{value: 21.9,", "{value: 21.9 ["), "应为 ',' 或 '}'，却遇到了 '['"),
])
def test_the_yaml_slips_a_hand_edit_makes_read_in_chinese(edit: tuple[str, str], chinese: str) -> None:
    """Found by the plan-files helper: ``validate --lang zh`` said these in PyYAML's English (a comma left out of a
    flow mapping, a list indented one space too far, a value beginning with '@'), and a value beginning with '@', '`'
    or '%' was not told to be quoted, in either language."""
    [problem] = _problems(GOOD.replace(*edit, 1))
    assert problem.code == "problem.yaml_syntax"
    assert chinese in problem.text("zh"), problem.text("zh")
    assert not re.search(r"expected|found|but got", problem.text("zh")), problem.text("zh")
    if "@" in edit[1]:
        assert str(problem).endswith("(a value that begins with @ is written in quotes: \"@...\")")
    if "**" in edit[1]:
        assert str(problem).endswith("(a value that begins with * is written in quotes: \"*...\")")


def test_an_unknown_field_holding_an_input_methods_colon_says_so() -> None:
    """Found by the plan-files helper: ``{value：21.9, source: ...}`` (a full-width colon) was 'unknown field
    'value：21.9' (a typo?)', nothing naming the colon, beside 'missing field 'value''."""
    found = _problems(GOOD.replace("{value: 21.9,", "{value：21.9,", 1))
    assert [str(p) for p in found] == [
        "x.yaml:7: plans[0].monthly_fee.value: missing field 'value'",
        "x.yaml:7: plans[0].monthly_fee.value：21.9: unknown field 'value：21.9' (a typo?) (this one holds a "
        "full-width colon (U+FF1A))"]
    assert found[1].text("zh").endswith("（这里含有全角冒号（U+FF1A））")


def test_a_problem_made_from_a_sentence_keeps_it_as_its_generic_code() -> None:
    problem = Problem("x.yaml", 3, "something odd")
    assert (problem.code, dict(problem.params), str(problem)) == (GENERIC, {"text": "something odd"},
                                                                   "x.yaml:3: something odd")
    assert problem.text("zh") == "x.yaml:3: something odd"


def test_pydantic_words_not_mapped_keep_their_english_under_a_generic_code() -> None:
    """The error types worded with codes of their own are listed; another one keeps pydantic's English."""
    assert set(load_module.MAPPED) == {
        "figure_unit", "extra_forbidden", "missing", "string_pattern_mismatch", "model_type", "dict_type",
        "too_short", "tuple_type", "list_type", "int_from_float", "int_parsing", "bool_type", "literal_error",
        "value_error", "date_format", "date_value", "greater_than_equal", "greater_than", "less_than_equal",
        "less_than", "decimal_parsing", "decimal_type", "int_type", "string_type", "float_parsing", "bool_parsing",
        "decimal_max_digits", "decimal_max_places", "decimal_whole_digits"}
    said = as_message({"type": "uuid_version", "loc": ("x",), "msg": "UUID version 4 expected",
                                  "input": "x", "ctx": {}})
    assert said == Message("problem.pydantic", {"type": "uuid_version", "text": "UUID version 4 expected"})
    url = as_message({"type": "url_parsing", "loc": ("x",), "msg": "Input should be a valid URL",
                                 "input": "x", "ctx": {}})
    assert url == Message("problem.input", {"options": [
        {"code": "problem.input.said", "params": {"type": "url_parsing", "text": "a valid URL"}}]})
    assert problem_text(url) == "Input should be a valid URL" and problem_text(url, "zh") == "应为a valid URL"
    bound = as_message({"type": "less_than_equal", "loc": ("x",), "msg": "Input should be less than or "
                                   "equal to 120", "input": 130, "ctx": {"le": 120}})
    assert bound.code == "problem.input" and problem_text(bound, "zh") == "应为小于或等于 120"
    said_otherwise = as_message({"type": "less_than_equal", "loc": ("x",), "msg": "Input must be small",
                                            "input": 130, "ctx": {"le": 120}})
    assert said_otherwise.code == "problem.pydantic"  # (a wording pydantic changed: its own words, not ours)


def test_a_literal_and_a_union_read_as_pydantic_said_them() -> None:
    [problem] = _problems(GOOD.replace("kind: data", "kind: dta"))
    assert problem.code == "problem.not_one_of.near" and problem.params["near"] == "data"
    assert str(problem).endswith("(a typo of 'data'?)") and "'data'、" in problem.text("zh")


def test_a_mistyped_plan_or_pack_id_is_told_the_likely_one() -> None:
    """Found by QA: a pack's ``requires_plans`` (``free_with``, ``excludes``) naming a plan or pack with a typo said
    only that it is not one, where a mistyped field name, fact or currency says which it is likely to be.  The likely
    id of the operator's plans (packs: not the pack itself), at its file:line, in both languages; none when no id is
    close (``p2`` beside ``p1``, in ``CASES``)."""
    text = GOOD.replace("id: p1", "id: cu-5ga-youth").replace(
        "    free_with: [p1]\n", "    requires_plans: [cu-5ga-yuoth]\n    free_with: [cu-5ga-youht]\n"
        "  - {id: cu-data-20, name: pack, name_en: pack, kind: data, price: {value: 1, source: \"assumption: test\"},"
        " excludes: [cu-data-02, cu-data-11]}\n").replace("id: k1", "id: cu-data-10")
    found = _problems(text)
    assert [str(p) for p in found] == [
        "x.yaml:23: packs[0].requires_plans[0]: 'cu-5ga-yuoth' is not a plan of china-unicom (a typo of "
        "'cu-5ga-youth'?)",
        "x.yaml:24: packs[0].free_with[0]: 'cu-5ga-youht' is not a plan of china-unicom (a typo of 'cu-5ga-youth'?)",
        "x.yaml:25: packs[1].excludes[0]: 'cu-data-02' is not another pack of china-unicom (a typo of 'cu-data-10'?)",
        "x.yaml:25: packs[1].excludes[1]: 'cu-data-11' is not another pack of china-unicom (a typo of 'cu-data-10'?)"]
    assert [(p.code, p.params["near"]) for p in found] == [
        ("problem.not_plan_of.near", "cu-5ga-youth"), ("problem.not_plan_of.near", "cu-5ga-youth"),
        ("problem.not_pack_of.near", "cu-data-10"), ("problem.not_pack_of.near", "cu-data-10")]
    assert found[0].text("zh") == ("x.yaml:23: packs[0].requires_plans[0]：'cu-5ga-yuoth' 不是 china-unicom 的套餐"
                                   "（是否是 'cu-5ga-youth' 的笔误？）")
    assert found[2].text("zh").endswith("'cu-data-02' 不是 china-unicom 的另一个附加包（是否是 'cu-data-10' 的笔误？）")


def test_every_problem_code_the_loader_says_is_worded_alike_in_both_languages() -> None:
    """Each code under ``problem.`` (and the words its parameters name) is in en.json and zh.json with the same
    parameters, and every code the catalogue's source names is there."""
    en, zh = catalogue("en"), catalogue("zh")
    keys = [k for k in en if k.split(".")[0] in ("problem", "lookalike", "instead", "odd_break", "yaml", "os_error",
                                                 "currency_name", "list")]
    assert len(keys) > 150
    assert sorted(set(keys) - set(zh)) == []  # (a looked-up word is no template: PyYAML's own words hold braces)
    assert [k for k in keys if k.split(".")[0] in ("problem", "list") and _fields(en[k]) != _fields(zh[k])] == []
    assert [k for k in keys if k.startswith("problem.") and not re.search("[\u4e00-\u9fff]", zh[k])
            and _fields(zh[k]) not in ({"text"}, {"choices"}, {"field", "text"}, {"hints"})] == []
    named: set[str] = set()
    for source in CATALOGUE.glob("*.py"):
        text = source.read_text(encoding="utf-8")
        named |= set(re.findall(r'"(problem\.[a-z_.]+[a-z_])"', text))
        prefixes = re.findall(r'f"(problem\.[a-z_]+\.)\{', text)  # (a code chosen by a word: ``.{what}``)
        assert all(any(key.startswith(prefix) for key in en) for prefix in prefixes)
    assert len(named) > 100 and sorted(named - set(en)) == []


def test_every_lookalike_has_its_words_in_both_languages() -> None:
    """The characters are the domain's; what each is and what is needed instead are words (``lookalike.*``,
    ``instead.*``), in every catalogue of messages (the English names kept beside the characters were unused)."""
    import json

    from recommender.catalogue.problem import LOOKALIKES
    from tests.paths import ROOT

    for lang in ("en", "zh"):
        words = json.loads((ROOT / "recommender" / "messages" / f"{lang}.json").read_text(encoding="utf-8"))
        for char in LOOKALIKES:
            code = f"U+{ord(char):04X}"
            assert words.get(f"lookalike.{code}") and words.get(f"instead.{code}"), (lang, code)


def test_a_field_written_as_its_chinese_word_is_told_the_field_to_write() -> None:
    """Found by the plan-files helper: ``月费: {...}``, ``名称: plan`` were 'unknown field '月费' (a typo?)' beside
    'missing field 'monthly_fee'', nothing saying which field the word is.  The field, where it is allowed (a pack's
    价格 is its ``price``, a plan's its ``monthly_fee``), once, in both languages; a word the table lacks stays a
    typo."""
    text = GOOD.replace("    name: plan\n", "    名称: plan\n", 1).replace("monthly_fee:", "月费:").replace(
        "    price:", "    价格:").replace("voice_minutes:", "语音:")
    found = _problems(text)
    assert [str(p) for p in found] == [
        "x.yaml:5: plans[0].名称: unknown field '名称' (write name: the format's fields are named in English)",
        "x.yaml:7: plans[0].月费: unknown field '月费' (write monthly_fee: the format's fields are named in English)",
        "x.yaml:9: plans[0].语音: unknown field '语音' (write voice_minutes: the format's fields are named in "
        "English)",
        "x.yaml:22: packs[0].价格: unknown field '价格' (write price: the format's fields are named in English)"]
    assert found[1].code == "problem.unknown_field.word" and found[1].params["near"] == "monthly_fee"
    assert found[1].text("zh") == "x.yaml:7: plans[0].月费：未知字段 '月费'（请写 monthly_fee：字段名须用英文）"
    missing, other = _problems(GOOD.replace("    name: plan\n", "    名号: plan\n", 1))
    assert (missing.code, other.code) == ("problem.missing_field", "problem.unknown_field")


@pytest.mark.parametrize(("source", "hint", "chinese"), [
    ("官网", '(an assumption is written "assumption: 官网")', '（来源是假设时应写作 "assumption: 官网"）'),
    ('"seed: cu-data-packs"', '(write "seed:cu-data-packs")', '（应写作 "seed:cu-data-packs"）'),
    ('"assumption:test"', '(write "assumption: test")', '（应写作 "assumption: test"）'),
    ('"Assumption: test"', '(write "assumption: test")', '（应写作 "assumption: test"）'),
    ("\u201cseed:cu-data-packs\u201d", '(this one holds a curly quote (U+201C); write "seed:cu-data-packs")',
     '；应写作 "seed:cu-data-packs"）'),
])
def test_a_source_written_otherwise_is_told_how_to_write_it(source: str, hint: str, chinese: str) -> None:
    """Found by the plan-files helper: a source of words alone (``source: 官网``), or a seed or an assumption with its
    space misplaced, was told only the pattern; now the source it likely means, in both languages."""
    [problem] = _problems(GOOD.replace('source: "seed:cu-data-packs"', f"source: {source}", 1))
    assert str(problem) == ("x.yaml:7: plans[0].monthly_fee.source: provenance must be 'seed:<fact id>' or "
                            f"'assumption: <reason>' {hint}")
    assert problem.text("zh").endswith(chinese)


@pytest.mark.parametrize(("source", "fixed"), [
    ("cu-data-packs", 'write "seed:cu-data-packs"'),
    ("CU-Data-Packs", 'write "seed:cu-data-packs"'),
    ('"sead:cu-data-packs"', 'write "seed:cu-data-packs"'),
    ('"Sed: cu-data-packs"', 'write "seed:cu-data-packs"'),
    ('"seed: cu-data-pack"', 'write "seed:cu-data-packs"'),
    ('"assumtion: sga test"', 'write "assumption: sga test"'),
    ('"Asumption:sga test"', 'write "assumption: sga test"'),
    ('"assumptions: sga test"', 'write "assumption: sga test"'),
    ('"need: a guess"', 'an assumption is written "assumption: need: a guess"'),
    ("guess", 'an assumption is written "assumption: guess"'),
])
def test_a_fact_cited_otherwise_is_told_its_seed_not_an_assumption(source: str, fixed: str) -> None:
    """Found by the user test: ``source: "cu-wojia-188"``, a fact's id without ``seed:``, was told 'an assumption is
    written "assumption: cu-wojia-188"', ``sead:cu-wojia-188`` "assumption: sead:cu-wojia-188" and ``assumtion: sga
    test`` "assumption: assumtion: sga test": following the advice marked a sourced figure as an estimate.  A fact's
    id (or one near it) is told its ``seed:``; a prefix misspelt (``seed`` one edit away, ``assumption`` two) is
    corrected, the rest kept; only words are an assumption."""
    facts = frozenset({"cu-data-packs", "ct-tiers"})
    with pytest.raises(CatalogueError) as info:
        load_sources([("x.yaml", GOOD.replace('source: "seed:cu-data-packs"', f"source: {source}", 1).encode())],
                     facts)
    [problem] = info.value.problems
    assert str(problem) == ("x.yaml:7: plans[0].monthly_fee.source: provenance must be 'seed:<fact id>' or "
                            f"'assumption: <reason>' ({fixed})")


def test_a_misspelt_seed_is_corrected_without_the_facts_too() -> None:
    """Found by the user test, as above: without the facts to read (``load_sources`` alone), ``sead:cu-data-packs``
    is still a seed misspelt, not an assumption's words; an id alone cannot be told from a word there."""
    [problem] = _problems(GOOD.replace('source: "seed:cu-data-packs"', 'source: "sead:cu-data-packs"', 1))
    assert problem.params["hints"] == [{"code": "problem.hint.write", "params": {"fixed": "seed:cu-data-packs"}}]


def test_a_value_written_as_its_chinese_word_is_told_the_value_to_write() -> None:
    """Found by the plan-files helper: ``kind: 流量包``, ``billing: 按次``, ``customers: 老用户``, ``apps: [视频]``
    were told only the values allowed.  The value the word means among them (one table, ``load.VALUE_WORDS``), in
    both languages."""
    text = GOOD.replace("kind: data", "kind: 流量包\n    billing: 按次").replace(
        "    overage:\n", "    app_data_gb: [{apps: [视频], gb: {value: 1, source: \"assumption: test\"}}]\n"
        "    eligibility: {customers: 老用户, source: \"assumption: test\"}\n    overage:\n", 1)
    found = _problems(text)
    assert [(p.line, p.code, p.params.get("near")) for p in found] == [
        (13, "problem.not_one_of.word", "video"), (14, "problem.not_one_of.word", "existing"),
        (23, "problem.not_one_of.word", "data"), (24, "problem.not_one_of.word", "per_use")]
    assert str(found[3]) == ("x.yaml:24: packs[0].billing: '按次' is not one of 'monthly', 'per_day' or 'per_use': "
                             "write per_use (the format's values are written in English)")
    assert found[3].text("zh").endswith("'按次' 不是以下取值之一：'monthly'、'per_day' 或 'per_use'；"
                                        "请写 per_use（取值须用英文）")


@pytest.mark.parametrize(("written", "code"), [("人民币", "CNY"), ("¥", "CNY"), ("rmb", "CNY"), ("cny", "CNY"),
                                               ("美元", "USD")])
def test_a_currency_written_otherwise_than_its_code_is_told_the_code(written: str, code: str) -> None:
    """Found by the plan-files helper: ``currency: 人民币`` (or ``¥``, ``rmb``, ``cny``) was told only that a currency
    is an upper-case ISO 4217 code; now which, in both languages."""
    [problem] = _problems(GOOD.replace("currency: CNY", f"currency: {written}"))
    assert str(problem) == ("x.yaml:2: currency: a currency is an upper-case ISO 4217 code, e.g. CNY, USD "
                            f'(write "{code}")')
    assert problem.text("zh").endswith(f'（应写作 "{code}"）')


def test_a_field_whose_colon_has_no_space_after_it_is_told_so() -> None:
    """Found by the plan-files helper: ``{value:21.9, ...}`` was 'unknown field 'value:21.9' (a typo of 'value'?)', and
    ``name_en:plan`` on a line of its own 'could not find expected ':'': YAML reads a ':' with no space after it as part
    of the text.  Said, with the line to write, in both languages (the field's 'missing' not said beside it)."""
    [flow] = _problems(GOOD.replace("{value: 21.9,", "{value:21.9,", 1))
    assert str(flow) == ("x.yaml:7: plans[0].monthly_fee.value:21.9: unknown field 'value:21.9': YAML needs a space "
                         "after a field's ':' (value: 21.9)")
    assert flow.text("zh").endswith("未知字段 'value:21.9'：YAML 要求字段名的 ':' 后面有一个空格（value: 21.9）")
    [block] = _problems(GOOD.replace("    name_en: plan\n", "    name_en:plan\n", 1))
    assert str(block) == ("x.yaml:6: YAML syntax: could not find expected ':' (YAML needs a space after a field's ':': "
                          "name_en: plan)")
    assert block.text("zh").endswith("（YAML 要求字段名的 ':' 后面有一个空格：name_en: plan）")


@pytest.mark.parametrize(("edit", "hint", "chinese"), [
    (("{value: 21.9,", "{value: 21.9;"), "(the entries in braces are separated by ',', not ';')",
     "（花括号中的各项用 ',' 分隔，而不是 ';'）"),
    (("{value: 21.9,", "{value: 21.9；"), "(the entries in braces are separated by ',', not '；')",
     "（花括号中的各项用 ',' 分隔，而不是 '；'）"),
    (('"seed:cu-data-packs"}\n', '"seed:cu-data-packs"},\n'), "(a ',' at the end of a line ends nothing in YAML (its "
     "lines are not separated by commas, as JSON's are): remove it)", "请删去行末的 ','）"),
])
def test_a_separator_written_as_elsewhere_is_named(edit: tuple[str, str], hint: str, chinese: str) -> None:
    """Found by the plan-files helper: ``{value: 21.9; source: ...}`` was told the '{' is not closed, and a line ending
    in ',' (as JSON's do) that its indentation is wrong: neither the slip.  A ';' in a quoted reason is text, not
    this (the brace's hint kept)."""
    [problem] = _problems(GOOD.replace(*edit, 1))
    assert str(problem).endswith(hint) and problem.text("zh").endswith(chinese), str(problem)
    [other] = _problems(GOOD.replace('{value: 21.9, source: "seed:cu-data-packs"}',
                                     '{value: 21.9 source: "assumption: a; b"}', 1))
    assert str(other).endswith("(the '{' opened at line 7 is not closed: a '}' missing?)"), str(other)


def test_a_semicolon_after_the_slip_is_not_taken_for_the_separator() -> None:
    """Found by the review helper: an assumption left unquoted in braces (``source: assumption: list price; no
    discount``: its ': ' is the slip, PyYAML's error at that ':') was told the entries are separated by ',' not ';', for
    the ';' further on in the reason; replaced by ',', the file failed the same.  A ';' counts only before the ':'
    YAML stopped at."""
    unquoted = "source: assumption: list price; no discount}"
    [problem] = _problems(GOOD.replace('source: "seed:cu-data-packs"}', unquoted, 1))
    assert "';'" not in str(problem) and "';'" not in problem.text("zh"), str(problem)
    fixed = 'source: "assumption: list price; no discount"'
    assert str(problem).endswith(f"(a value holding ': ' must be quoted: {fixed})"), str(problem)  # (the slip said:
    # was 'the '{' opened at line 7 is not closed', its '}' written)
    assert problem.text("zh").endswith(f"（含有 ': ' 的值必须加引号：{fixed}）")
    [comma] = _problems(GOOD.replace('"seed:cu-data-packs"}\n', '"seed:cu-data-packs", note: a; b},\n', 1))
    assert str(comma).endswith("remove it)"), str(comma)  # (the ',' ending the line, not the ';' in the note)


REGION_CODE = "a region is an upper-case ISO 3166-2 code, e.g. CN-BJ (or a country, e.g. US)"


@pytest.mark.parametrize(("written", "expected", "chinese"), [
    ("北京", f"{REGION_CODE} (write \"CN-BJ\")", "（应写作 \"CN-BJ\"）"),
    ("广西壮族自治区", f"{REGION_CODE} (write \"CN-GX\")", "（应写作 \"CN-GX\"）"),
    ("SH", "'SH' is not a region code of a loaded market (a typo of 'CN-SH'?)", "（是否是 'CN-SH' 的笔误？）"),
    # (found by the product QA: a code typed in lower case was told what a code looks like, not which one, though a
    # currency's 'cny' is told 'CNY')
    ("cn-gd", f"{REGION_CODE} (write \"CN-GD\")", "（应写作 \"CN-GD\"）"),
    ("us", f"{REGION_CODE} (write \"US\")", "（应写作 \"US\"）"),
    # a city is not told its province's code, as a person's region is: an offer sold in one city is not its
    # province's (``regions.CITIES``)
    ("广州", REGION_CODE, "如 CN-BJ（或国家代码，如 US）"),
])
def test_a_region_written_by_its_name_or_without_its_country_is_told_its_code(written: str, expected: str,
                                                                               chinese: str) -> None:
    """Found by the plan-files helper: ``regions: [北京]`` (a product team's way of writing it) was told only what a
    region code looks like, and ``regions: [SH]`` that it is no region, neither naming the code meant."""
    rule = f'    eligibility: {{regions: [{written}], source: "assumption: test"}}\n'
    [problem] = _problems(GOOD.replace("    name: plan\n", "    name: plan\n" + rule, 1))
    assert str(problem) == f"x.yaml:6: plans[0].eligibility.regions[0]: {expected}"
    assert problem.text("zh").endswith(chinese)


@pytest.mark.parametrize("item", ["p1", "k1"])
def test_a_list_items_dash_without_its_space_is_named(item: str) -> None:
    """Found by the plan-files helper: ``-id: k1`` (the space after '-' left out) was told 'is this line indented as
    the lines around it?' (or, on the list's first item, that a value holding ': ' must be quoted, at the next line)."""
    [problem] = _problems(GOOD.replace(f"  - id: {item}\n", f"  -id: {item}\n", 1))
    assert str(problem).endswith("(a list item's '-' needs a space after it: - id: ...)"), str(problem)
    assert problem.text("zh").endswith("（列表项的 '-' 后面需要一个空格：- id: ...）")


def test_a_full_width_comma_in_a_text_far_above_a_block_mistake_is_not_blamed() -> None:
    """Found by the plan-files helper: a slip in a pack (``-id:``) was said with 'line 113 holds a full-width comma
    (U+FF0C) where YAML needs ','': the comma was in the operator's own wording (eligibility ``text``) 15 lines up,
    inside the block PyYAML was parsing.  A block's mistake looks for such characters on its own line only (a flow
    mapping's, from where it opened, as before)."""
    rule = '    eligibility: {source: "assumption: test", text: 老用户，可选}\n'
    text = GOOD.replace("    name: pack\n", "    name: pack\n" + rule, 1).replace(
        "    free_with: [p1]\n", "    free_with: [p1]\n  -id: k2\n", 1)
    [problem] = _problems(text)
    assert "U+FF0C" not in str(problem) and str(problem).endswith("needs a space after it: - id: ...)"), str(problem)


def test_ids_listed_without_their_commas_are_told_to_be_separated() -> None:
    """Found by the plan-files helper: ``free_with: [p1 p2]`` (a comma left out) was told only what an id looks like."""
    [problem] = _problems(GOOD.replace("free_with: [p1]", "free_with: [p1 p2]"))
    assert str(problem) == ("x.yaml:23: packs[0].free_with[0]: ids are lower-case letters, digits and '-' (ids in a "
                            "list are separated by ',': p1, p2)")
    assert problem.text("zh").endswith("（列表中的各个 id 用 ',' 分隔：p1, p2）")


def test_a_bracket_a_comment_took_is_not_said_to_be_missing() -> None:
    """Found by the plan-files helper: ``{value: 21.9, source: ..., note: tier #1}`` was told 'the '{' opened at line 7
    is not closed: a '}' missing?': the '}' is there, after ' #', which YAML reads as a comment.  Said so, in both
    languages; a '#' inside quotes is text, and a brace really left open keeps its hint."""
    edit = ('"seed:cu-data-packs"}', '"seed:cu-data-packs", note: tier #1}')
    [problem] = _problems(GOOD.replace(*edit, 1))
    assert str(problem).endswith("(on line 7, ' #' begins a YAML comment, which takes the '}' after it: write the text "
                                 "holding '#' in quotes)"), str(problem)
    assert problem.text("zh").endswith("请给含有 '#' 的文字加引号）")
    [apostrophe] = _problems(GOOD.replace(edit[0], edit[1].replace("tier", "the operator's tier"), 1))
    assert str(apostrophe) == str(problem), str(apostrophe)  # (an apostrophe in a plain text is no quote: found by
    # the review helper, the brace's hint said)
    [quoted] = _problems(GOOD.replace('"seed:cu-data-packs"}', '"seed:cu-data-packs #1"', 1))
    assert str(quoted).endswith("(the '{' opened at line 7 is not closed: a '}' missing?)"), str(quoted)
