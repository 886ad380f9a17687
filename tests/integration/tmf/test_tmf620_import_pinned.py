"""TMF620's import (``tmf620.operator_files`` and the checks beside it) pinned where a mutation run (helper sdb) found
it unpinned: the small catalogue of ``test_tmf620_pinned`` (``UNICOM``: plans u-39 and u-family, packs u-data-10,
u-day-up, u-voice-once and u-fibre) exported, one thing edited the way a BSS might, and imported: what it reads, or
where and why it refuses.  Prices are counted in the export's order (u-39's 0-10, u-family's 11-22, u-data-10's
23-24, u-day-up's 25-26, u-voice-once's 27-30, u-fibre's 31-32), so a price appended is ``productOfferingPrice[33]``.
In process, no server."""

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest

from recommender.catalogue import Catalogue, Problem, load_sources
from recommender.tmf import tmf620

from .test_tmf620_pinned import UNICOM

Documents = tuple[list[dict[str, Any]], list[dict[str, Any]]]


def _catalogue(text: str = UNICOM) -> Catalogue:
    return load_sources([("china-unicom.yaml", text.encode())])


def _documents(catalogue: Catalogue | None = None) -> Documents:
    """The export as JSON would carry it."""
    offerings, prices = json.loads(json.dumps(tmf620.catalogue_documents(catalogue or _catalogue())))
    return offerings, prices


def _by_id(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {item["id"]: item for item in items}


def _imported(edit: Callable[[list[dict[str, Any]], list[dict[str, Any]]], None]) -> list[Any]:
    offerings, prices = _documents()
    edit(offerings, prices)
    return list(tmf620.operator_files(offerings, prices))


def _refused(edit: Callable[[list[dict[str, Any]], list[dict[str, Any]]], None]) -> str:
    offerings, prices = _documents()
    edit(offerings, prices)
    with pytest.raises(tmf620.TmfImportError) as raised:
        tmf620.operator_files(offerings, prices)
    return str(raised.value)


def _another_price(offerings: list[dict[str, Any]], prices: list[dict[str, Any]], like: str, ident: str,
                   offering: str) -> None:
    """A copy of price ``like`` as ``ident``, appended to the prices (``productOfferingPrice[33]``) and referred to
    by ``offering``."""
    price = copy.deepcopy(_by_id(prices)[like])
    price["id"] = ident
    prices.append(price)
    _by_id(offerings)[offering]["productOfferingPrice"].append({"id": ident})


@pytest.mark.parametrize(("ident", "path"), [
    ("u-39-promotion-x", "terms.promotions[-1].monthly_fee"),
    ("u-39-promotion-3", "terms.promotions[2].monthly_fee"),
])
def test_a_promotion_price_naming_no_promotion_of_the_plan_is_refused(ident: str, path: str) -> None:
    """A copy of u-39's second promotion price (¥29.00, months 4 to 6: ``firstMonths`` 6, ``fromMonth`` 4) under an
    id whose last part is no number (``-x``) or names a third promotion u-39 has not (``-3``: index 3 - 1 = 2 of a
    list of two): what it repeats is not in planFileFields (None), and it is refused at its own place, 33, not read
    as the last promotion (whose ¥29.00 and months it happens to say).  Kills tmf620 ``_same_as_written`` line 469
    'int(n) - 1 if n.isdigit() else -1' forced True (mutant 190: a shape error) and -1 as -2 / 0 (216, 217: another
    path, ``promotions[0]``'s '19.9'); line 473 'isinstance(written, list) and 0 <= key < len(written)' forced True,
    'and' as 'or', '0 <=' as '-1 <=' (192, 207, 222: ``promotions[-1]`` read, the price accepted; or an IndexError),
    '<' as '<=' (219: an IndexError); line 476 'written.get("value") if isinstance(written, Mapping)' forced True
    (172: a shape error)."""
    said = _refused(lambda offerings, prices: _another_price(offerings, prices, "u-39-promotion-2", ident, "u-39"))
    assert said == (f"productOfferingPrice[33]: this price differs from planFileFields.{path} (null), where the import "
                    "reads the figure: edit it there")


def test_an_extra_line_fee_on_a_plan_without_extra_lines_is_refused_as_repeating_nothing() -> None:
    """u-family's ¥10.00 extra-line fee copied onto u-39, which has no ``extra_lines``: planFileFields.extra_lines is
    not there, so the fee repeats nothing (None) and is refused at price 33.  Kills tmf620 ``_same_as_written`` line
    475 'written.get(key) if isinstance(written, Mapping)' forced True (mutant 194: ``None.get``, a shape error)."""
    said = _refused(lambda offerings, prices: _another_price(
        offerings, prices, "u-family-extra-line-charge", "u-39-extra-line-charge", "u-39"))
    assert said == ("productOfferingPrice[33]: this price differs from planFileFields.extra_lines.fee (null), where "
                    "the import reads the figure: edit it there")


@pytest.mark.parametrize(("months", "said"), [
    (12, None),
    (24, "productOffering[0] (u-39).productOfferingTerm: this term differs from "
         "planFileFields.terms.minimum_term_months (12), where the import reads it: edit it there"),
])
def test_a_term_given_as_a_bare_number_of_months_is_read_as_that_term(months: int, said: str | None) -> None:
    """u-39's ``productOfferingTerm`` written ``[12]`` (a number of months, not ``{duration: {amount: 12}}``) is the
    12-month minimum term planFileFields says: the same plan file; ``[24]`` is an edit of it alone, refused.  Kills
    tmf620 ``_same_term`` line 451 '(t.get("duration") or {}).get("amount") if isinstance(t, Mapping) else t'
    forced True (mutant 146: ``int.get``, a shape error)."""
    def edit(offerings: list[dict[str, Any]], _prices: list[dict[str, Any]]) -> None:
        offerings[0]["productOfferingTerm"] = [months]

    if said is None:
        assert _imported(edit) == list(_catalogue().specs)
    else:
        assert _refused(edit) == said


def test_figures_without_a_note_key_and_packs_without_their_default_fields_import_as_before() -> None:
    """A BSS may drop what says nothing: every price's and characteristic value's ``"note": null``; each pack's
    ``"satellite": false``; ``"maxCount": 1`` of the data and fibre packs; ``"eligibleWithAnyPlan": false`` of the
    data pack and the voice pack (they require plans: u-39 and u-family, u-39); ``billing: per_use`` in the voice
    pack's planFileFields (its price's ``priceType`` ``oneTime`` says it).  The same plan file is read: no note, no
    satellite pack, the data and fibre packs one at most, the plans required (None: any plan, as the day and fibre
    packs are sold), the voice pack per use.  Kills tmf620 ``_figure`` line 370 'if holder.get("note") is not None'
    forced True (mutant 10: a KeyError); ``_pack_data`` line 491 'satellite' default True (264), line 495 'maxCount'
    default 1 as 2 or 0 (280, 281), line 503 the billing read from ``priceType`` deleted or forced 'monthly' (267,
    283: monthly, the price's ``oneTime`` then refused), line 517 'eligibleWithAnyPlan' default True (279: the data
    pack sold with any plan)."""
    def edit(offerings: list[dict[str, Any]], prices: list[dict[str, Any]]) -> None:
        for price in prices:
            if price["id"] != "u-39-fee":  # (u-39's fee has a note, "list price")
                assert price.pop("note") is None
        for offering in offerings:
            for use in offering["prodSpecCharValueUse"]:
                for value in use["productSpecCharacteristicValue"]:
                    assert value.pop("note") is None
        by_id = _by_id(offerings)
        for pack in ("u-data-10", "u-day-up", "u-voice-once", "u-fibre"):
            assert by_id[pack].pop("satellite") is False
        for pack in ("u-data-10", "u-fibre"):
            assert by_id[pack].pop("maxCount") == 1
        for pack in ("u-data-10", "u-voice-once"):
            assert by_id[pack].pop("eligibleWithAnyPlan") is False
        assert by_id["u-voice-once"]["planFileFields"].pop("billing") == "per_use"

    catalogue = _catalogue()
    assert _imported(edit) == list(catalogue.specs)
    packs = {p.id: (p.satellite, p.max_count, p.requires_plans, p.billing) for p in catalogue.specs[0].packs}
    assert packs == {"u-data-10": (False, 1, ("u-39", "u-family"), "monthly"),
                     "u-day-up": (False, 31, None, "per_day"),
                     "u-voice-once": (False, 3, ("u-39",), "per_use"),
                     "u-fibre": (False, 1, None, "monthly")}


def test_a_plan_file_error_of_a_whole_pack_or_of_the_operator_is_said_at_its_place() -> None:
    """Two errors the plan-file model finds that are at no field of a plan or pack: the voice pack (offering 4) given
    ``plans: [u-39]`` in planFileFields beside the ``requires_plans`` its relationships say (``PackSpec._one_name``:
    an error of the whole pack, pydantic's place ``packs.2``, two parts) is said at the offering, "(the offering)";
    the operator's country "XX" (pydantic's ``operator.country``: no plan or pack) at that plan-file path.  Kills
    tmf620 ``_offering_at`` line 589 'len(loc) >= 2 and loc[0] in ("plans", "packs") and ...' forced True, 'and' as
    'or' (mutants 359, 364: ``0 <= "country"``, a TypeError), '>= 2' as '> 2' or '>= 3' (369, 377: the pack said
    as ``packs[2]``), line 593 'plan_field if path' forced True (387), line 595 its last return None or deleted
    (362, 363).  The country's problem travels as its code, ``problem.unknown_country`` with its value and the
    countries known, after pydantic's "Value error, " (for each language to word): kills ``_pydantic_reason`` line
    607 'error["type"] == "value_error" and isinstance(said, Said)' forced False (398: pydantic's English text), line
    615 'if error["msg"].startswith("Value error, ")' forced False or deleted (401, 402).  A problem the messages word
    otherwise than pydantic (the fibre pack's group "Home Group!", no id: pydantic's pattern) is said in pydantic's
    words, as ``problem.pydantic`` with its type and text; u-39's name null as the messages' own
    ``problem.input.string`` (its English is pydantic's, "Input should be a valid string", with no "Value error, "):
    kills line 615 forced True (400: said as ``problem.pydantic``), line 617 'if render(reason) != error["msg"]'
    forced True (403: the country's code lost).  A field the plan format has not (u-39's planFileFields ``colour``)
    is pydantic's "Extra inputs are not permitted" as the import's own ``tmf620.refused.extra``: kills line 609
    'elif error["type"] in PYDANTIC_WORDS' forced False (411: ``problem.extra_forbidden``)."""
    def former_name(offerings: list[dict[str, Any]], _prices: list[dict[str, Any]]) -> None:
        _by_id(offerings)["u-voice-once"]["planFileFields"]["plans"] = ["u-39"]

    def country(offerings: list[dict[str, Any]], _prices: list[dict[str, Any]]) -> None:
        for offering in offerings:
            offering["operator"]["country"] = "XX"

    assert _refused(former_name) == ("operator china-unicom: productOffering[4] (u-voice-once): plan-file field (the "
                                     "offering): Value error, give requires_plans only (plans is its former name)")
    assert _refused(country) == ("operator china-unicom: operator.country: Value error, unknown country 'XX' (known: "
                                 "CN, US)")
    offerings, prices = _documents()
    country(offerings, prices)
    with pytest.raises(tmf620.TmfImportError) as raised:
        tmf620.operator_files(offerings, prices)
    assert raised.value.reason.as_dict() == {"code": "tmf620.refused.plan_file", "params": {
        "ident": "china-unicom", "problems": [{"code": "tmf620.refused.at", "params": {
            "at": "operator.country", "problem": {"code": "tmf620.refused.value_error", "params": {"problem": {
                "code": "problem.unknown_country", "params": {"value": "XX", "known": ["CN", "US"]}}}}}}]}}

    def group(offerings: list[dict[str, Any]], _prices: list[dict[str, Any]]) -> None:
        _by_id(offerings)["u-fibre"]["group"] = "Home Group!"

    pattern = "String should match pattern '^[a-z0-9][a-z0-9-]{0,62}$'"
    assert _refused(group) == f"operator china-unicom: productOffering[5] (u-fibre): plan-file field group: {pattern}"
    offerings, prices = _documents()
    group(offerings, prices)
    with pytest.raises(tmf620.TmfImportError) as raised:
        tmf620.operator_files(offerings, prices)
    assert raised.value.reason.params["problems"] == [{"code": "tmf620.refused.plan_field", "params": {
        "at": "productOffering[5] (u-fibre)", "path": "group", "problem": {
            "code": "problem.pydantic", "params": {"type": "string_pattern_mismatch", "text": pattern}}}}]
    offerings, prices = _documents()
    offerings[0]["name"] = None
    with pytest.raises(tmf620.TmfImportError) as raised:
        tmf620.operator_files(offerings, prices)
    assert str(raised.value) == ("operator china-unicom: productOffering[0] (u-39): plan-file field name: Input should "
                                 "be a valid string")
    assert raised.value.reason.params["problems"] == [{"code": "tmf620.refused.plan_field", "params": {
        "at": "productOffering[0] (u-39)", "path": "name", "problem": {"code": "problem.input", "params": {
            "options": [{"code": "problem.input.string", "params": {}}]}}}}]
    offerings, prices = _documents()
    offerings[0]["planFileFields"]["colour"] = "red"
    with pytest.raises(tmf620.TmfImportError) as raised:
        tmf620.operator_files(offerings, prices)
    assert str(raised.value) == ("operator china-unicom: productOffering[0] (u-39): plan-file field colour: Extra "
                                 "inputs are not permitted")
    assert raised.value.reason.params["problems"] == [{"code": "tmf620.refused.plan_field", "params": {
        "at": "productOffering[0] (u-39)", "path": "colour",
        "problem": {"code": "tmf620.refused.extra", "params": {}}}}]


@pytest.mark.parametrize(("field", "said"), [
    ("plans[1].monthly_fee", "productOffering[1] (u-family): plan-file field monthly_fee: unknown country 'XX' "
                             "(known: CN, US)"),
    ("packs[0].requires_plans[0]", "productOffering[2] (u-data-10): plan-file field requires_plans[0]: unknown "
                                   "country 'XX' (known: CN, US)"),
    ("packs[3]", "productOffering[5] (u-fibre): plan-file field (the offering): unknown country 'XX' (known: CN, US)"),
    ("plans[2].name", "operator china-unicom (line 7 of the plan file it would be): plans[2].name: unknown country "
                      "'XX' (known: CN, US)"),
    (None, "operator china-unicom (line 7 of the plan file it would be): unknown country 'XX' (known: CN, US)"),
])
def test_a_problem_of_the_file_an_import_would_write_is_said_at_its_offering(field: str | None, said: str) -> None:
    """A problem the plan-file checks find (here any problem's words: "unknown country 'XX'") at line 7 of the
    operator file the import would write of the small catalogue, said as ``import_problem`` says it: at the offering
    the plan or pack was read from, counted among all the offerings (u-family is plan 1, offering 1; u-data-10 is
    pack 0, offering 2; u-fibre pack 3, offering 5: "(the offering)" when the field is the pack itself); a plan the
    file has not (plans[2] of two) or no field at all: at the file's line, the problem's own words then naming the
    field in the plan file.  Kills tmf620 ``import_problem`` line 632
    'if match' forced True (mutant 430: ``None[1]``), 633 the plans forced to be packs (440), 634 'int(match[2]) <
    len(items)' forced True or '<=' (436, 441: an IndexError), 639 'if at is not None' forced True (444), 642 its
    last return None or deleted (433, 434)."""
    spec = _catalogue().specs[0]
    offerings, _prices = _documents()
    params: dict[str, Any] = {"value": "XX", "known": ["CN", "US"]}
    if field is not None:
        params["field"] = field
    problem = Problem.of("china-unicom.yaml", 7, "problem.unknown_country", **params)
    assert tmf620.import_problem(problem, spec, offerings) == said


def test_a_problem_at_an_offering_of_another_operator_is_said_at_the_files_line() -> None:
    """The same offerings, each said to be another operator's: the plan the problem names (plans[0], u-39) is no
    offering of china-unicom's, so it is said at the line of the file (7), with its field there.  Kills tmf620
    ``import_problem`` line 639 'if at is not None' forced True (mutant 444: "productOffering[None]")."""
    spec = _catalogue().specs[0]
    offerings, _prices = _documents()
    for offering in offerings:
        offering["operator"] = {"id": "china-mobile"}
    problem = Problem.of("china-unicom.yaml", 7, "problem.unknown_country", value="XX", known=["CN", "US"],
                         field="plans[0].name")
    assert tmf620.import_problem(problem, spec, offerings) == (
        "operator china-unicom (line 7 of the plan file it would be): plans[0].name: unknown country 'XX' (known: CN, "
        "US)")


def test_a_problem_said_at_the_files_line_is_said_in_the_language_asked() -> None:
    """The line-7 problem of no field, asked in Chinese: the line's words (``tmf620.refused.line_of``, zh) and the
    problem's (``problem.unknown_country``, zh: "未知国家 '{value}'（已知：{known}）", the countries joined by "、"),
    not its English; in English, its English.  Kills tmf620 ``import_problem`` line 643 'problem.message if lang ==
    "en"' forced True or '!=' (mutants 452, 456)."""
    spec = _catalogue().specs[0]
    offerings, _prices = _documents()
    problem = Problem.of("china-unicom.yaml", 7, "problem.unknown_country", value="XX", known=["CN", "US"])
    assert tmf620.import_problem(problem, spec, offerings, "zh") == (
        "运营商 china-unicom（将写出的套餐文件第 7 行）：未知国家 'XX'（已知：CN、US）")
    assert tmf620.import_problem(problem, spec, offerings, "en") == (
        "operator china-unicom (line 7 of the plan file it would be): unknown country 'XX' (known: CN, US)")


def test_a_price_period_as_text_or_a_plans_copied_allowance_edited_is_refused() -> None:
    """u-39's fee's ``recurringChargePeriodLength`` written "abc" (no number: not the 1 month the import reads) is an
    edit it cannot carry, refused at that price field; u-39's planFileFields given a ``data_gb`` of 99 GB beside its
    data allowance price (30 GB, which the plan file is read from) is a copy edited, refused at the copy (a base
    plan's copies are checked against the plan's fields, ``data_gb`` among them; a pack has no ``data_gb``).  Kills
    tmf620 ``_same`` line 665 the non-number's 'return False' as True (mutant 505: "abc" accepted as 1),
    ``_copies_as_read`` line 684 'PLAN_MAPPED if offeringKind == "basePlan"' forced False (520: the 99 GB copy
    ignored, the edit lost)."""
    def period(_offerings: list[dict[str, Any]], prices: list[dict[str, Any]]) -> None:
        _by_id(prices)["u-39-fee"]["recurringChargePeriodLength"] = "abc"

    def copy_edited(offerings: list[dict[str, Any]], _prices: list[dict[str, Any]]) -> None:
        offerings[0]["planFileFields"]["data_gb"] = {"value": 99, "source": "assumption: test"}

    assert _refused(period) == ("productOfferingPrice[0].recurringChargePeriodLength: 'abc', but the import reads "
                                "this fee as 1 (it cannot carry this edit: give the figure in those terms)")
    assert _refused(copy_edited) == (
        "productOffering[0] (u-39).planFileFields.data_gb: {'value': 99, 'source': 'assumption: test'}, but the plan "
        "file read from this offering says {'value': '30', 'source': 'assumption: test'}: edit it in its TMF field "
        "and remove this copy (an export writes it there only)")


def test_prices_no_offering_refers_to_are_noted_with_their_id_and_name_as_text() -> None:
    """Two prices appended that no offering refers to (33 and 34): one whose id is the number 7 and which has no
    name, one with no id (null) named "loose".  The import reads the same plan file and notes each as not imported,
    its id and name as text: "7" and "" (no name), "" (no id) and "loose".  Kills tmf620 ``_id_text`` line 775
    'value if isinstance(value, str)' forced True (mutant 621: the number 7 and None said as they are) and '"" if
    value is None' forced True (623: 7 said as "")."""
    offerings, prices = _documents()
    prices.extend([{"id": 7}, {"id": None, "name": "loose"}])
    files = tmf620.operator_files(offerings, prices)
    assert files == list(_catalogue().specs)
    notes = [note.as_dict() for note in tmf620.not_imported(offerings, prices, files)]
    assert notes == [
        {"code": "tmf620.import.price_unused", "params": {"index": 33, "id": "7", "name": ""}},
        {"code": "tmf620.import.price_unused", "params": {"index": 34, "id": "", "name": "loose"}}]


def test_an_offering_without_a_description_is_noted_as_named_in_english_by_its_name() -> None:
    """Found by the catalogue engineer's test: ct-5ga-199's ``description`` deleted imported with no word, its name
    (5G-A套餐 199元) its English name then, said in every English answer.  Noted, with the ids, counted; an empty
    description alike."""
    offerings, prices = _documents()
    del offerings[0]["description"]
    offerings[1]["description"] = ""
    files = tmf620.operator_files(offerings, prices)
    assert [p.name_en for p in files[0].plans[:2]] == [offerings[0]["name"], offerings[1]["name"]]
    assert [note.as_dict() for note in tmf620.not_imported(offerings, prices, files)] == [
        {"code": "tmf620.import.no_description", "params": {"ids": ["u-39", "u-family"], "count": 2}}]


def test_a_characteristics_own_field_the_import_does_not_carry_is_noted_by_offering() -> None:
    """u-39's downlink speed characteristic given a ``validFor`` (the export writes none), and the ``valueType`` of
    u-39's and u-family's uplink speed said "number" (the export writes "integer"): the same plan file is read, and
    the notes say the field unknown on u-39 and the field edited on the two offerings (ids in order, counted: 2).
    Kills tmf620 ``not_imported`` line 820 the compare of a characteristic's own fields deleted (mutant 663: nothing
    said)."""
    offerings, prices = _documents()
    offerings[0]["prodSpecCharValueUse"][0]["validFor"] = {"startDateTime": "2025-01-01T00:00:00+08:00"}
    offerings[0]["prodSpecCharValueUse"][1]["valueType"] = "number"
    offerings[1]["prodSpecCharValueUse"][1]["valueType"] = "number"
    files = tmf620.operator_files(offerings, prices)
    assert files == list(_catalogue().specs)
    assert [note.as_dict() for note in tmf620.not_imported(offerings, prices, files)] == [
        {"code": "tmf620.import.field_unknown", "params": {
            "document": "productOffering", "field": "prodSpecCharValueUse[].validFor", "ids": ["u-39"], "count": 1}},
        {"code": "tmf620.import.field_edited", "params": {
            "document": "productOffering", "field": "prodSpecCharValueUse[].valueType", "ids": ["u-39", "u-family"],
            "count": 2}}]


def test_a_plan_file_figure_written_with_its_unit_is_said_as_the_number_it_holds() -> None:
    """u-family's full-speed extra GB (travelling in planFileFields) written "10GB": refused at that field in the
    plan format's own words, "'10GB' is not a number: write the number alone, without its unit (value: 10)", as its
    code ``problem.number_with_unit`` with the value and the number 10 (for each language to word).  Kills tmf620
    ``_pydantic_reason`` line 611 'elif error["type"] == "figure_unit"' forced False (mutant 421: pydantic's English
    alone, ``problem.pydantic``)."""
    offerings, prices = _documents()
    offerings[1]["planFileFields"]["overage"]["full_speed_extra_gb"]["value"] = "10GB"
    with pytest.raises(tmf620.TmfImportError) as raised:
        tmf620.operator_files(offerings, prices)
    assert str(raised.value) == (
        "operator china-unicom: productOffering[1] (u-family): plan-file field overage.full_speed_extra_gb.value: "
        "'10GB' is not a number: write the number alone, without its unit (value: 10)")
    assert raised.value.reason.params["problems"] == [{"code": "tmf620.refused.plan_field", "params": {
        "at": "productOffering[1] (u-family)", "path": "overage.full_speed_extra_gb.value", "problem": {
            "code": "problem.number_with_unit", "params": {"value": "10GB", "number": "10"}}}}]
