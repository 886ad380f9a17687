"""What the profile names that a catalogue built by hand does not have (``eligibility.profile_problems``), and a
population's columns as the conditions of sale read them (``optimise.eligible.about_columns``, ``pack_groups``),
pinned row by row and problem by problem, each figure worked out by hand.  Found by mutation testing of the two
modules: each test names the mutants it kills."""

import datetime
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pytest

from recommender import eligibility
from recommender.catalogue import Catalogue, Pack, Plan, SaleConditions, Tariff, regions
from recommender.catalogue.load import load_catalogue
from recommender.catalogue.model import ANYONE
from recommender.eligibility import profile_problems
from recommender.optimise import eligible
from recommender.profile import Profile

DAY = datetime.date(2026, 3, 1)
Problems = list[tuple[tuple[str | int, ...], str, dict[str, object]]]


def plan(plan_id: str, operator: str, currency: str = "CNY", benefits: frozenset[str] = frozenset(),
         rule: SaleConditions = ANYONE) -> Plan:
    """A plan of ¥50 a month, 10 GB, 100 minutes and no SMS."""
    return Plan(plan_id, operator, plan_id, 5000, {"data_mb": Tariff(10 * 1024, 1024, 500),
                                                   "voice_s": Tariff(6000, 60, 10), "sms": Tariff(0, 1, 10)},
                1000, 100, benefits=benefits, currency=currency, rule=rule)


def problems(catalogue: Catalogue, **fields: object) -> Problems:
    found = profile_problems(catalogue, Profile.model_validate({"data_gb": 1, **fields}))
    return [(path, said.code, dict(said.params)) for path, said in found]


# -- profile_problems ----------------------------------------------------------------------------------------------

TWO_OPERATORS = Catalogue((plan("a1", "op-a", "CNY", frozenset({"video", "cloud"})), plan("b1", "op-b", "USD")),
                          (Pack("k", "op-b", "k", 500, {"data_mb": 1024}, benefits=frozenset({"music"})),), "hand")
"""Operators op-a, op-b (in plan order); currencies CNY, USD; benefits cloud, music (a pack's), video; no
memberships (no plan files); the regions those of China, the home market, alone."""


def test_each_name_the_catalogue_lacks_is_a_problem_with_its_code_and_params_in_profile_order() -> None:
    """Every list is looked at item by item, each unknown one at its own index; each message names the ids the
    catalogue has, sorted (operators in catalogue order).  ``op-b``, ``op-a``, CNY, USD, ``video``, ``cloud`` and
    ``CN-SH`` are known and make no problem.  With no memberships at all the membership code says none is known.
    Kills profile_problems: the operators loop over 'exclude_operators' alone or 'operators' alone, 'op not in' as
    'in', the index 'i' off, 'currency not in' as 'in', the exchange-rate loop deleted, the 'unknown_benefit' code
    swapped, 'known' unsorted, the about block forced off, 'customer_of is not None and not in' as 'or', the region
    check as 'in', the memberships loop deleted (mutants listed in the commit)."""
    assert problems(TWO_OPERATORS, operators=["op-b", "op-x"], exclude_operators=["op-y", "op-a"], currency="EUR",
                    exchange_rates={"USD": 7, "GBP": 9}, benefits_required=["video", "vidoe"],
                    benefit_values={"cloud": 5, "netflx": 3},
                    about={"customer_of": "op-z", "region": "US-CA", "memberships": ["gold", "x"]}) == [
        (("operators", 1), "profile.unknown_operator", {"value": "op-x", "known": ["op-a", "op-b"]}),
        (("exclude_operators", 0), "profile.unknown_operator", {"value": "op-y", "known": ["op-a", "op-b"]}),
        (("currency",), "profile.no_currency", {"value": "EUR", "known": ["CNY", "USD"]}),
        (("exchange_rates", "GBP"), "profile.no_currency", {"value": "GBP", "known": ["CNY", "USD"]}),
        (("benefits_required", 1), "profile.unknown_benefit", {"value": "vidoe", "known": ["cloud", "music", "video"]}),
        (("benefit_values", "netflx"), "profile.unknown_benefit",
         {"value": "netflx", "known": ["cloud", "music", "video"]}),
        (("about", "customer_of"), "profile.unknown_operator", {"value": "op-z", "known": ["op-a", "op-b"]}),
        (("about", "region"), "profile.not_region", {"value": "US-CA"}),
        (("about", "memberships", 0), "profile.unknown_membership.none_known", {"value": "gold", "known": []}),
        (("about", "memberships", 1), "profile.unknown_membership.none_known", {"value": "x", "known": []})]


def test_a_profile_naming_only_what_the_catalogue_has_has_no_problem() -> None:
    """Operators, currency, rates, benefits, customer and region all known (no membership said): no problem; and
    with no benefit in the catalogue an unknown benefit says none is known; ``about`` saying a membership alone makes
    no customer or region problem.  Kills profile_problems: the exchange-rate, benefit-value, customer and region
    checks forced True, 'customer_of is not None and ...' or 'region is not None and ...' reduced to either side,
    'getattr(profile, field) or ()' and 'about.memberships or ()' without '()', the none-known codes changed."""
    assert problems(TWO_OPERATORS, operators=["op-a"], exclude_operators=["op-b"], currency="USD",
                    exchange_rates={"CNY": 0.14}, benefits_required=["music"], benefit_values={"video": 2},
                    about={"customer_of": "op-b", "region": "CN-SH"}) == []
    bare = Catalogue((plan("a1", "op-a"),), (), "hand")
    assert problems(bare, benefits_required=["video"], benefit_values={"cloud": 1}) == [
        (("benefits_required", 0), "profile.unknown_benefit.none_known", {"value": "video", "known": []}),
        (("benefit_values", "cloud"), "profile.unknown_benefit.none_known", {"value": "cloud", "known": []})]
    # (about saying memberships alone: no customer or region problem; with none known, each one said is unknown)
    assert problems(TWO_OPERATORS, about={"memberships": ["gold"]}) == [
        (("about", "memberships", 0), "profile.unknown_membership.none_known", {"value": "gold", "known": []})]


def test_a_group_close_to_one_the_conditions_of_sale_name_is_a_likely_typo() -> None:
    """Found by the fuzzing test: ``about.groups: ["first-respondr"]`` was taken, and the plan sold to first responders
    left out as "conditions of sale not met", where a mistyped membership is a 422.  A group is the person's whatever
    the catalogue sells: one no condition names is taken (a student, with no plan for students); one close to a
    group a plan's or a pack's conditions name is refused at its index, naming it."""
    responders = SaleConditions(groups=frozenset({"first-responder"}))
    students = SaleConditions(groups=frozenset({"student"}))
    sold = Catalogue((plan("a1", "op-a", rule=responders),),
                     (Pack("k", "op-a", "k", 500, {"data_mb": 1024}, rule=students),), "hand")
    assert problems(sold, about={"groups": ["first-responder", "student", "senior"]}) == []
    assert problems(sold, about={"groups": ["senior", "first-respondr", "studnt"]}) == [
        (("about", "groups", 1), "profile.unknown_group.near",
         {"value": "first-respondr", "near": "first-responder", "known": ["first-responder", "student"]}),
        (("about", "groups", 2), "profile.unknown_group.near",
         {"value": "studnt", "near": "student", "known": ["first-responder", "student"]})]
    assert problems(TWO_OPERATORS, about={"groups": ["student"]}) == []  # (no group named: nothing to be close to)


MEMBERS_FILE = """\
operator:
  id: op-m
  name: m
  name_en: m
  memberships:
    - {id: silver, name: silver, name_en: silver}
    - {id: gold, name: gold, name_en: gold}
currency: CNY
plans:
  - id: m1
    name: plan
    name_en: plan
    monthly_fee: {value: 10, source: "assumption: t"}
    data_gb: {value: 10, source: "assumption: t"}
    voice_minutes: {value: 100, source: "assumption: t"}
    sms: {value: 0, source: "assumption: t"}
    downlink_mbps: {value: 300, source: "assumption: t"}
    uplink_mbps: {value: 50, source: "assumption: t"}
    overage:
      data_per_gb: {value: 3, source: "assumption: t"}
      voice_per_minute: {value: 0.15, source: "assumption: t"}
      sms_each: {value: 0.1, source: "assumption: t"}
"""
"""One operator, op-m, whose memberships are silver and gold (in that order in its file)."""


def test_a_membership_the_catalogue_has_is_no_problem_and_one_it_lacks_names_those_it_has(tmp_path: Path) -> None:
    """Memberships said gold, platinum, silver: platinum alone (index 1) is unknown, its message naming gold and
    silver, sorted.  Kills profile_problems line 373 'm not in catalogue.memberships' forced True (every
    membership said a problem) and 'known' unsorted."""
    (tmp_path / "op-m.yaml").write_text(MEMBERS_FILE, encoding="utf-8")
    catalogue = load_catalogue(tmp_path / "op-m.yaml")
    assert problems(catalogue, about={"memberships": ["gold", "platinum", "silver"]}) == [
        (("about", "memberships", 1), "profile.unknown_membership", {"value": "platinum", "known": ["gold", "silver"]})]


# -- about_columns -------------------------------------------------------------------------------------------------

CURRENT = Catalogue((plan("a-gold", "op-a", rule=SaleConditions(members_of=frozenset({"gold"}))),
                     plan("b-open", "op-b")), (), "hand")
"""``a-gold`` (op-a's, sold to gold members alone: who is on it holds gold), ``b-open`` (op-b's, to anyone)."""


def arrays(rows: Mapping[str, Sequence[object]]) -> dict[str, np.ndarray]:
    """A population's columns as given: each a row's cell."""
    return {name: np.array(column) for name, column in rows.items()}


def as_lists(columns: dict[str, np.ndarray]) -> dict[str, list[object]]:
    return {name: column.tolist() for name, column in columns.items()}


def test_a_populations_columns_read_as_the_conditions_of_sale_read_them() -> None:
    """Three rows: ages unsaid, 25, 70; regions Shanghai, unsaid, Beijing; ``current_operator`` (standing for
    ``customer_of``, absent) unsaid, op-b, op-a; current plans ``a-gold``, unsaid, ``gone`` (not in the catalogue).
    So the current plan's operator is op-a, unknown, unknown, and its one membership gold, unknown, unknown.  Each
    text column is also coded as its sorted distinct values and each row's index into them: regions '', CN-BJ,
    CN-SH (rows 2, 0, 1); customers '', op-a, op-b (rows 0, 2, 1); plans '', a-gold, gone (rows 1, 0, 2); plan
    operators '', op-a (rows 1, 0, 0); memberships '', gold (rows 1, 0, 0).  Without the catalogue no current plan's
    operator or membership is known: those columns are not there.  Kills about_columns: the age column deleted, the
    'current_operator' source skipped or read ahead of 'customer_of', the derived columns forced off, their codes
    deleted (mutants listed in the commit)."""
    rows = arrays({"age": [-1, 25, 70], "region": ["CN-SH", "", "CN-BJ"], "current_operator": ["", "op-b", "op-a"],
                   "current_plan": ["a-gold", "", "gone"]})
    coded = {"region": ["CN-SH", "", "CN-BJ"], "region:values": ["", "CN-BJ", "CN-SH"], "region:index": [2, 0, 1],
             "customer_of": ["", "op-b", "op-a"], "customer_of:values": ["", "op-a", "op-b"],
             "customer_of:index": [0, 2, 1], "current_plan": ["a-gold", "", "gone"],
             "current_plan:values": ["", "a-gold", "gone"], "current_plan:index": [1, 0, 2]}
    assert as_lists(eligible.about_columns(rows, CURRENT)) == {
        "age": [-1, 25, 70], **coded, "plan_operator": ["op-a", "", ""], "plan_operator:values": ["", "op-a"],
        "plan_operator:index": [1, 0, 0], "plan_membership": ["gold", "", ""], "plan_membership:values": ["", "gold"],
        "plan_membership:index": [1, 0, 0]}
    assert as_lists(eligible.about_columns(rows)) == {"age": [-1, 25, 70], **coded}


def test_customer_of_and_a_given_plan_operator_are_read_before_what_stands_for_them() -> None:
    """Rows saying both ``customer_of`` (op-a, unsaid) and ``current_operator`` (op-b, op-b): the customer is read
    from ``customer_of`` alone.  A given ``plan_operator`` (the what-if's: op-b, op-b) is kept, not the catalogue's
    (op-a for ``a-gold``), and the membership still read from the catalogue: gold on ``a-gold``, none on ``b-open``.
    So a plan for new customers of op-a is not for row 0 (op-a's customer) and is for row 1 (op-b's customer, through
    its plan); one for existing customers of op-a is not for row 1 (op-b's alone) and is for row 0.  A given
    ``plan_membership`` is kept the same way.  Kills about_columns: 'name not in out and source in columns' as
    'source in columns' (current_operator over customer_of), the given plan columns skipped or misnamed, the
    derived ones written over the given ('if True')."""
    rows = arrays({"customer_of": ["op-a", ""], "current_operator": ["op-b", "op-b"],
                   "current_plan": ["a-gold", "b-open"], "plan_operator": ["op-b", "op-b"]})
    columns = eligible.about_columns(rows, CURRENT)
    assert {name: as_lists(columns)[name] for name in ("customer_of", "plan_operator", "plan_membership")} == {
        "customer_of": ["op-a", ""], "plan_operator": ["op-b", "op-b"], "plan_membership": ["gold", ""]}
    assert eligible.not_met(SaleConditions(customers="new"), "op-a", columns, 2, DAY).tolist() == [True, False]
    assert eligible.not_met(SaleConditions(customers="existing", existing_of=frozenset({"op-a"})), "op-b", columns,
                            2, DAY).tolist() == [False, True]
    # (gold members: row 0 holds gold, row 1 no membership known)
    assert eligible.not_met(SaleConditions(members_of=frozenset({"gold"})), "op-a", columns, 2, DAY).tolist() == [
        False, False]
    # a given membership (silver on a-gold, the what-if's) is kept, and the operators read from the catalogue: gold
    # members are known not to be row 0 (silver), row 1 unknown
    rows = arrays({"current_plan": ["a-gold", "b-open"], "plan_membership": ["silver", ""]})
    columns = eligible.about_columns(rows, CURRENT)
    assert {name: as_lists(columns)[name] for name in ("plan_operator", "plan_membership")} == {
        "plan_operator": ["op-a", "op-b"], "plan_membership": ["silver", ""]}
    assert eligible.not_met(SaleConditions(members_of=frozenset({"gold"})), "op-a", columns, 2, DAY).tolist() == [
        True, False]


# -- pack_groups ---------------------------------------------------------------------------------------------------

def pack(pack_id: str, operator: str, rule: SaleConditions = ANYONE) -> Pack:
    return Pack(pack_id, operator, pack_id, 500, {"data_mb": 1024}, rule=rule)


PACKS = Catalogue((plan("p", "op-a"), plan("q", "op-b")), (
    pack("free", "op-a"), pack("old-k", "op-a", SaleConditions(available_until=DAY - datetime.timedelta(days=1))),
    pack("young", "op-a", SaleConditions(age_max=24)), pack("young-2", "op-a", SaleConditions(age_max=24)),
    pack("sh", "op-b", SaleConditions(regions=frozenset({"CN-SH"})))), "hand")
"""``free`` for anyone; ``old-k`` on sale until the day before ``DAY``: no one may buy it; ``young`` and its copy
``young-2`` to people aged 24 at most; ``sh`` to people living in Shanghai."""


def groups(catalogue: Catalogue, rows: Mapping[str, Sequence[object]],
           n: int) -> list[tuple[list[int] | str, list[str]]]:
    """Each group's rows (or "all" for every row at once) and its dropped packs, sorted."""
    return [("all" if isinstance(where, slice) else where.tolist(), sorted(dropped))
            for where, dropped in eligible.pack_groups(catalogue, eligible.about_columns(arrays(rows)), n, DAY)]


def test_rows_are_grouped_by_the_packs_they_may_not_buy_worked_out_by_hand() -> None:
    """Four rows aged unsaid, 20, 30, 40, living unsaid, in Shanghai, Beijing, Beijing.  ``old-k`` is dropped for
    everyone; rows 0 (age and region unknown: kept) and 1 (20, Shanghai: met) may buy the rest; rows 2 and 3 (over 24,
    outside Shanghai) may not buy ``young``, ``young-2`` or ``sh``.  Two groups, the one dropping fewer first (its row
    pattern over the two varying rules, 0b00, before 0b11).  One row alone (30, Beijing) is one group of all rows
    dropping all four; a population saying nothing of who they are (three rows) drops ``old-k`` alone; a catalogue
    whose packs have no condition drops nothing.  Kills pack_groups: 'if not ruled' forced False or its return
    changed, 'same.all()' forced False or True, the first row's pattern 'matrix[0]' as 'matrix[1]' (mutants listed
    in the commit)."""
    rows: dict[str, Sequence[object]] = {"age": [-1, 20, 30, 40], "region": ["", "CN-SH", "CN-BJ", "CN-BJ"]}
    assert groups(PACKS, rows, 4) == [([0, 1], ["old-k"]), ([2, 3], ["old-k", "sh", "young", "young-2"])]
    assert groups(PACKS, {"age": [30], "region": ["CN-BJ"]}, 1) == [("all", ["old-k", "sh", "young", "young-2"])]
    assert groups(PACKS, {}, 3) == [("all", ["old-k"])]
    open_only = Catalogue(PACKS.plans, (pack("free", "op-a"),), "hand")
    assert groups(open_only, rows, 4) == [("all", [])]


# -- a market's time zone ------------------------------------------------------------------------------------------

def test_a_markets_time_zone_is_its_one_utc_offset_else_utc(monkeypatch: pytest.MonkeyPatch) -> None:
    """China keeps +08:00: a sale window's day there begins 8 hours before UTC's; the United States (several zones,
    no one offset) reads UTC; an offset of -03:30 is 3 h 30 min behind UTC (sign, hours and minutes each read).
    Kills _zone: the sign's branches swapped, 'startswith("-")' as '+', hours or minutes dropped, the UTC fallback
    replaced (mutants listed in the commit)."""
    assert eligibility._zone("CN") == datetime.timezone(datetime.timedelta(hours=8))
    assert eligibility._zone("US") is datetime.UTC
    monkeypatch.setitem(regions.UTC_OFFSETS, "XX", "-03:30")
    assert eligibility._zone.__wrapped__("XX") == datetime.timezone(-datetime.timedelta(hours=3, minutes=30))
    monkeypatch.setitem(regions.UTC_OFFSETS, "XX", "+05:45")
    assert eligibility._zone.__wrapped__("XX") == datetime.timezone(datetime.timedelta(hours=5, minutes=45))


def test_rows_differing_only_past_the_62nd_varying_rule_are_grouped_apart() -> None:
    """65 packs, ``a0`` to ``a64``, ``ak`` sold to people aged 20 + k at most (65 distinct rules, each varying
    over the rows: more than one int64 pattern holds).  Rows aged 0 and unsaid may buy every pack; aged 84 may not buy
    ``a0`` to ``a63`` (20 to 83 at most) but may buy ``a64`` (84 at most); aged 100 may buy none.  The rows aged 84 and
    100 differ in the 65th rule alone and are grouped apart (groups compared in any order).  Kills pack_groups line
    112 'len(varying) <= 62' forced True (bit 64 of an int64 pattern is lost: the two rows merged)."""
    catalogue = Catalogue((plan("p", "op-a"),), tuple(pack(f"a{k}", "op-a", SaleConditions(age_max=20 + k))
                                                      for k in range(65)), "hand")
    found = sorted(groups(catalogue, {"age": [0, 84, 100, -1]}, 4), key=str)
    assert found == sorted([([0, 3], []), ([1], sorted(f"a{k}" for k in range(64))),
                            ([2], sorted(f"a{k}" for k in range(65)))], key=str)
