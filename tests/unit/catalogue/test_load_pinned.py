"""Plan-file checks of ``catalogue.load`` pinned where a mutation run found them unpinned: each test builds small
plan files and asserts the exact problem (file, line, code and params) or the figure read."""

from collections.abc import Sequence

import pytest

from recommender.catalogue import CatalogueError, Problem, load_sources
from recommender.catalogue.model import Catalogue

PLAN = """\
  - id: {id}
    name: plan
    name_en: plan
    monthly_fee: {{value: 10, source: "assumption: t"}}
    data_gb: {{value: {gb}, source: "assumption: t"}}
    voice_minutes: {{value: 100, source: "assumption: t"}}
    sms: {{value: 0, source: "assumption: t"}}
    downlink_mbps: {{value: 300, source: "assumption: t"}}
    uplink_mbps: {{value: 50, source: "assumption: t"}}
    overage:
      data_per_gb: {{value: 3, source: "assumption: t"}}
      voice_per_minute: {{value: 0.15, source: "assumption: t"}}
      sms_each: {{value: 0.1, source: "assumption: t"}}
    billing: {{mb_per_gb: {mb}}}
"""
"""A plan of 14 lines: its ``data_gb`` on its 5th, ``billing`` on its 14th."""

PACK = """\
  - id: {id}
    name: pack
    name_en: pack
    kind: data
    price: {{value: 5, source: "assumption: t"}}
    adds: {{data_gb: {{value: {gb}, source: "assumption: t"}}}}
    requires_plans: [{plans}]
"""
"""A data pack of 7 lines: its ``adds`` on its 6th."""


def head(operator: str, name: str, memberships: Sequence[str] = ()) -> str:
    """An operator's first lines: ``id`` on line 2; each membership on a line of its own from line 6; then
    ``currency``."""
    said = "".join(f"    - {{id: {m}, name: {m}, name_en: {m}}}\n" for m in memberships)
    return (f"operator:\n  id: {operator}\n  name: {name}\n  name_en: {name}\n"
            + (f"  memberships:\n{said}" if memberships else "") + "currency: CNY\n")


def plan(plan_id: str, gb: str = "1", mb_per_gb: int = 1024) -> str:
    return PLAN.format(id=plan_id, gb=gb, mb=mb_per_gb)


def pack(pack_id: str, gb: str, plans: str) -> str:
    return PACK.format(id=pack_id, gb=gb, plans=plans)


def line_of(text: str, fragment: str) -> int:
    """The line (from 1) of the one line of ``text`` holding ``fragment``."""
    [found] = [n for n, line in enumerate(text.splitlines(), 1) if fragment in line]
    return found


def load(*files: tuple[str, str]) -> Catalogue:
    return load_sources([(name, text.encode()) for name, text in files])


def refused(*files: tuple[str, str]) -> list[tuple[str, int, str, dict[str, object]]]:
    """Each problem as ``(file, line, code, params)``."""
    with pytest.raises(CatalogueError) as info:
        load(*files)
    problems: list[Problem] = info.value.problems
    return [(p.file, p.line, p.code, dict(p.params)) for p in problems]


def test_a_file_failing_the_schema_after_one_that_is_not_yaml_is_still_reported() -> None:
    """A file that is not YAML stops the reading of what broken files declare (``declared`` None); a later file
    that fails the schema, its operator readable, is reported at its own line, not a crash (``_declares`` into
    nothing).  Kills load.py line 296 'if declared is not None' as 'if True' (mutant 257)."""
    broken = head("op-b", "B") + "plans:\n" + plan("b1").replace("    name_en: plan\n", "    name_en: plan\n"
                                                                  "    colour: red\n")
    assert line_of(broken, "colour") == 10  # (the operator 4 lines, currency, plans:, the plan's id, name, name_en)
    assert refused(("a.yaml", "operator: [\n"), ("b.yaml", broken)) == [
        ("a.yaml", 2, "problem.yaml_syntax", {"yaml": "expected the node content, but found '<stream end>'"}),
        ("b.yaml", 10, "problem.unknown_field", {"key": "colour", "field": "plans[0].colour"})]


def test_a_membership_defined_by_two_operators_is_said_at_the_second() -> None:
    """Membership ids are one namespace over every operator: ``vip`` declared by op-a (a.yaml line 6) and again by
    op-b (b.yaml line 6) is refused at the second.  Kills load.py line 842 (the membership check deleted,
    mutant 1038) and line 841 'operator = spec.operator.id' deleted (mutant 1037: every file taken as the last
    operator's, so op-b's first file was not seen as its first)."""
    a = head("op-a", "A", ["vip"]) + "plans:\n" + plan("a1")
    b = head("op-b", "B", ["vip"]) + "plans:\n" + plan("b1")
    assert line_of(b, "id: vip") == 6
    assert refused(("a.yaml", a), ("b.yaml", b)) == [
        ("b.yaml", 6, "problem.defined_twice.membership",
         {"id": "vip", "first": "a.yaml:6", "here": "b.yaml:6", "field": "operator.memberships[0].id"})]


def test_a_packs_gigabytes_are_its_own_operators() -> None:
    """op-a's plans bill 1000 MB to the GB, op-b's (read after) 1024: op-a's 0.3 GB pack is 0.3 × 1000 = 300 MB,
    a whole number, and loads as 300 MB (at op-b's GB it would be 0.3 × 1024 = 307.2 MB, refused).  Kills load.py
    line 841 'operator = spec.operator.id' deleted (mutant 1037)."""
    a = head("op-a", "A") + "plans:\n" + plan("a1", mb_per_gb=1000) + "packs:\n" + pack("ka", "0.3", "a1")
    b = head("op-b", "B") + "plans:\n" + plan("b1", mb_per_gb=1024)
    catalogue = load(("a.yaml", a), ("b.yaml", b))
    assert dict(catalogue.pack_index["ka"].adds) == {"data_mb": 300}


def test_a_pack_of_no_whole_mb_in_its_operators_gb_is_refused_at_the_value() -> None:
    """A pack's GB is its operator's (its plans' ``mb_per_gb``, 1024 here): 0.3 GB is 0.3 × 1024 = 307.2 MB, no
    whole number of MB, refused at the pack's ``adds`` line: the operator lines 1-4, currency 5, ``plans:`` 6, the
    plan 7-20, ``packs:`` 21, the pack 22-28, its ``adds`` its 6th line, 27.
    Kills load.py line 851 (the whole-MB check deleted, mutant 1041)."""
    text = head("op-c", "C") + "plans:\n" + plan("c1") + "packs:\n" + pack("kc", "0.3", "c1")
    assert line_of(text, "adds:") == 27
    assert refused(("c.yaml", text)) == [
        ("c.yaml", 27, "problem.not_whole_mb_at",
         {"gb": "0.3", "mb": "307.2", "mb_per_gb": 1024, "field": "packs[0].adds.data_gb.value"})]


def test_a_broken_files_conditions_of_sale_are_not_checked_beside_a_file_that_is_not_yaml() -> None:
    """A file failing the schema whose plan is sold to existing customers of ``op-x``: alone, op-x is no operator
    loaded (b.yaml:11); beside a file that is not YAML (which may be op-x's), only the two files' own problems are
    said.  Kills load.py line 855 'broken if declared is not None else ()' as 'broken if True' (mutant 1068)."""
    eligibility = '    eligibility: {customers: existing, existing_of: [op-x], source: "assumption: t"}\n'
    broken = head("op-b", "B") + "plans:\n" + plan("b1").replace(
        "    name_en: plan\n", "    name_en: plan\n    colour: red\n" + eligibility)
    assert (line_of(broken, "colour"), line_of(broken, "existing_of")) == (10, 11)
    colour = ("b.yaml", 10, "problem.unknown_field", {"key": "colour", "field": "plans[0].colour"})
    assert refused(("b.yaml", broken)) == [
        colour, ("b.yaml", 11, "problem.unknown_ref.operator",
                 {"ref": "op-x", "field": "plans[0].eligibility.existing_of[0]"})]
    assert refused(("a.yaml", "operator: [\n"), ("b.yaml", broken)) == [
        ("a.yaml", 2, "problem.yaml_syntax", {"yaml": "expected the node content, but found '<stream end>'"}), colour]


def test_a_membership_declared_in_a_file_failing_the_schema_counts_for_the_others() -> None:
    """a.yaml's plan is sold to members of ``vip`` (line 10: the operator 1-4, currency 5, ``plans:`` 6, id, name,
    name_en 7-9); alone, vip is no membership loaded.  b.yaml, failing the schema (``colour``, line 12: its
    membership on line 6 puts the rest two lines down), declares vip: then only b.yaml's own problem is said.
    Kills load.py line 798 'set(others[1])' as 'set(others[0])' and as 'set(others[2])' (mutants 1115, 1116:
    the memberships broken files declare read from their operators or countries)."""
    a = head("op-a", "A") + "plans:\n" + plan("a1").replace(
        "    name_en: plan\n", '    name_en: plan\n    eligibility: {members_of: [vip], source: "assumption: t"}\n')
    b = head("op-b", "B", ["vip"]) + "plans:\n" + plan("b1").replace("    name_en: plan\n",
                                                                     "    name_en: plan\n    colour: red\n")
    assert (line_of(a, "members_of"), line_of(b, "colour")) == (10, 12)
    assert refused(("a.yaml", a)) == [
        ("a.yaml", 10, "problem.unknown_ref.membership", {"ref": "vip", "field": "plans[0].eligibility.members_of[0]"})]
    assert refused(("a.yaml", a), ("b.yaml", b)) == [
        ("b.yaml", 12, "problem.unknown_field", {"key": "colour", "field": "plans[0].colour"})]


def test_a_plan_written_as_text_in_a_file_failing_the_schema_is_one_problem_at_its_line() -> None:
    """``plans: [just text]``, the item no mapping (line 7): said so, and the conditions of sale of the file's other
    items still checked without reading one from the text.  Kills load.py line 860 'if isinstance(item, dict)' as
    'if True' (mutant 1121: 'str' object has no attribute 'get')."""
    text = head("op-c", "C") + "plans:\n  - just text\n"
    assert refused(("c.yaml", text)) == [("c.yaml", 7, "problem.shape.mapping", {"field": "plans[0]"})]


def test_a_market_declared_in_a_file_failing_the_schema_counts_for_the_others() -> None:
    """a.yaml's plan is sold in US-CA (line 10); alone, no file's market is the US.  b.yaml, failing the schema
    (``colour``, line 11: ``country: US`` on line 5 puts the rest a line down), says its market is the US: then
    only b.yaml's own problem is said.  Kills load.py line 799 'set(others[2])' as 'set(others[1])' (mutant 1137:
    the countries broken files declare read from their memberships)."""
    a = head("op-a", "A") + "plans:\n" + plan("a1").replace(
        "    name_en: plan\n", '    name_en: plan\n    eligibility: {regions: [US-CA], source: "assumption: t"}\n')
    b = head("op-b", "B").replace("currency:", "  country: US\ncurrency:") + "plans:\n" + plan("b1").replace(
        "    name_en: plan\n", "    name_en: plan\n    colour: red\n")
    assert (line_of(a, "regions"), line_of(b, "colour")) == (10, 11)
    assert refused(("a.yaml", a)) == [
        ("a.yaml", 10, "problem.unknown_ref.region", {"ref": "US-CA", "field": "plans[0].eligibility.regions[0]"})]
    assert refused(("a.yaml", a), ("b.yaml", b)) == [
        ("b.yaml", 11, "problem.unknown_field", {"key": "colour", "field": "plans[0].colour"})]


def test_a_plan_reference_is_not_checked_beside_plans_of_an_operator_that_cannot_be_read() -> None:
    """b.yaml's pack requires plans b1 and b2 (line 28: the operator 1-5, ``plans:`` 6, the plan 7-20, ``packs:``
    21, the pack 22-28); alone, b2 is no plan of op-b.  Beside a.yaml, whose operator has no id and which holds a
    plan b2 (it may be op-b's), the reference is not checked: only a.yaml's missing id is said (a.yaml:1).
    Kills load.py line 1065 (a broken file of no readable operator not counted as holding plans, mutant 1321)."""
    b = head("op-b", "B") + "plans:\n" + plan("b1") + "packs:\n" + pack("kb", "1", "b1, b2")
    no_id = "operator: {name: X, name_en: X}\ncurrency: CNY\nplans:\n" + plan("b2")
    assert line_of(b, "requires_plans") == 28
    assert refused(("b.yaml", b)) == [
        ("b.yaml", 28, "problem.not_plan_of",
         {"ref": "b2", "operator_id": "op-b", "field": "packs[0].requires_plans[1]"})]
    assert refused(("a.yaml", no_id), ("b.yaml", b)) == [
        ("a.yaml", 1, "problem.missing_field", {"key": "id", "field": "operator.id"})]


def test_a_pack_exclusion_is_not_checked_beside_packs_of_an_operator_that_cannot_be_read() -> None:
    """b.yaml's pack excludes kx (line 29, after the pack's 7 lines from 22); alone, kx is no other pack of op-b.
    Beside a.yaml, whose operator has no id and which holds only a pack kx (it may be op-b's), the exclusion is not
    checked, nor is a.yaml's pack checked as a pack of some operator: only a.yaml's missing id is said (a.yaml:1).
    Kills load.py line 1067 'unknown_operator[1] |= ...' deleted (mutant 1333), line 1068 'continue' deleted
    (mutant 1334: a.yaml's pack checked as one of operator None) and line 1079 'pack_ids = None if ...' deleted
    (mutant 1327)."""
    b = head("op-b", "B") + "plans:\n" + plan("b1") + "packs:\n" + pack("kb", "1", "b1") + "    excludes: [kx]\n"
    no_id = "operator: {name: X, name_en: X}\ncurrency: CNY\npacks:\n" + pack("kx", "1", "b1")
    assert line_of(b, "excludes") == 29
    assert refused(("b.yaml", b)) == [
        ("b.yaml", 29, "problem.not_pack_of", {"ref": "kx", "operator_id": "op-b", "field": "packs[0].excludes[0]"})]
    assert refused(("a.yaml", no_id), ("b.yaml", b)) == [
        ("a.yaml", 1, "problem.missing_field", {"key": "id", "field": "operator.id"})]


def test_a_pack_free_with_a_plan_it_is_not_sold_with_is_refused_at_that_entry() -> None:
    """A pack sold with b1 only, free with b1 and b2: b2 is a plan of op-b but not among the pack's plans, refused
    at free_with[1] (line 43: the operator 1-5, ``plans:`` 6, b1 7-20, b2 21-34, ``packs:`` 35, the pack 36-42).
    Kills load.py line 1091 (the free_with check deleted, mutant 1339)."""
    text = (head("op-b", "B") + "plans:\n" + plan("b1") + plan("b2") + "packs:\n" + pack("kb", "1", "b1")
            + "    free_with: [b1, b2]\n")
    assert line_of(text, "free_with") == 43
    assert refused(("b.yaml", text)) == [
        ("b.yaml", 43, "problem.free_not_among", {"ref": "b2", "field": "packs[0].free_with[1]"})]


def test_a_pack_exclusion_is_not_checked_beside_a_pack_of_its_operator_whose_id_cannot_be_read() -> None:
    """b.yaml's pack excludes kx, no pack of op-b (b.yaml:29, refused so alone); c.yaml, another file of op-b,
    holds a pack whose id ``KX`` is no id (c.yaml:7: the operator 1-5, ``packs:`` 6): it may be the pack meant, so
    only its own problem is said.  Kills load.py line 1055 'had_packs is None or packs is None' as 'and' and as
    'False' (mutants 1372, 1365: op-b's packs taken as known, a TypeError)."""
    b = head("op-b", "B") + "plans:\n" + plan("b1") + "packs:\n" + pack("kb", "1", "b1") + "    excludes: [kx]\n"
    c = head("op-b", "B") + "packs:\n" + pack("KX", "1", "b1")
    assert line_of(c, "id: KX") == 7
    assert [problem[:3] for problem in refused(("b.yaml", b))] == [("b.yaml", 29, "problem.not_pack_of")]
    assert refused(("b.yaml", b), ("c.yaml", c)) == [("c.yaml", 7, "problem.pattern.id", {"field": "packs[0].id"})]


def test_a_pack_written_as_text_is_one_problem_at_its_line() -> None:
    """``packs: [just text]`` after a valid plan (line 22: the operator 1-5, ``plans:`` 6, the plan 7-20, ``packs:``
    21): said to need a mapping, its references not read from the text.  Kills load.py line 1073 'if isinstance(p,
    dict)' removed from the broken file's packs (mutant 1390: 'str' object has no attribute 'get')."""
    text = head("op-b", "B") + "plans:\n" + plan("b1") + "packs:\n  - just text\n"
    assert refused(("b.yaml", text)) == [("b.yaml", 22, "problem.shape.mapping", {"field": "packs[0]"})]


def test_every_plan_of_an_operator_selling_packs_uses_one_gb_even_in_a_file_of_no_pack() -> None:
    """op-a sells a pack (in a.yaml, beside its plan of 1000 MB to the GB); a2.yaml, another file of op-a without
    packs, has a plan of 1024: refused at that plan's ``billing`` (line 20, the plan's 14th line from 7), held to
    the first of the two equally weighted plans (a.yaml:20).  Kills load.py line 911 'any(spec.packs ...)' as
    'all' (mutant 1174: checked only when every file of the operator holds packs)."""
    a = head("op-a", "A") + "plans:\n" + plan("a1", mb_per_gb=1000) + "packs:\n" + pack("ka", "1", "a1")
    a2 = head("op-a", "A") + "plans:\n" + plan("a2", mb_per_gb=1024)
    assert line_of(a2, "billing") == line_of(a, "billing") == 20
    assert refused(("a.yaml", a), ("a2.yaml", a2)) == [
        ("a2.yaml", 20, "problem.differs.mb_per_gb", {"value": "1024", "said": "1000", "where": "a.yaml:20",
                                                      "operator_id": "op-a", "field": "plans[0].billing.mb_per_gb"})]


def test_an_operator_named_otherwise_in_one_of_its_files_is_told_both_names_as_written() -> None:
    """op-a is 甲 in a.yaml (two plans) and 乙 in b.yaml (one plan): the name of more offers stands, and b.yaml is
    refused at its ``name`` and ``name_en`` (lines 3 and 4), both names quoted as written, not escaped
    ("\\u4e59").  Kills load.py line 921 'value=json.dumps(value, ensure_ascii=False)' and line 922 'said=...' as
    'ensure_ascii=True' (mutants 1187, 1188)."""
    a = head("op-a", "甲") + "plans:\n" + plan("a1") + plan("a2")
    b = head("op-a", "乙") + "plans:\n" + plan("a3")
    assert refused(("a.yaml", a), ("b.yaml", b)) == [
        ("b.yaml", 3, "problem.differs", {"value": '"乙"', "said": '"甲"', "where": "a.yaml:3", "operator_id": "op-a",
                                           "field": "operator.name"}),
        ("b.yaml", 4, "problem.differs", {"value": '"乙"', "said": '"甲"', "where": "a.yaml:4", "operator_id": "op-a",
                                           "field": "operator.name_en"})]
