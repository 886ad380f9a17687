"""TMF680 (``recommender.tmf.tmf680``) pinned: a request's characteristics read into a profile, each refusal at its
own path, and an answer written as a ``QueryProductRecommendation`` with the figures, units and references worked
out by hand on small catalogues built here.  In process: the mapping's functions, no server.  Each test names the
mutants it kills (mutation testing, helper sac)."""

from decimal import Decimal
from typing import Any

import pytest

from recommender.answer import Answer, recommend
from recommender.catalogue import Catalogue, load_sources
from recommender.messages import names_for
from recommender.profile import Profile
from recommender.tmf.tmf680 import (
    CharacteristicError,
    characteristic_path,
    profile_from_characteristics,
    query_document,
)

UNICOM = """\
operator: {id: china-unicom, name: 中国联通, name_en: China Unicom}
currency: CNY
plans:
  - id: u-39
    name: 联通 39
    name_en: Unicom 39
    monthly_fee: {value: 39, source: "assumption: test"}
    data_gb: {value: 10, source: "assumption: test"}
    voice_minutes: {value: 100, source: "assumption: test"}
    sms: {value: 0, source: "assumption: test"}
    downlink_mbps: {value: 500, source: "assumption: test"}
    uplink_mbps: {value: 50, source: "assumption: test"}
    overage:
      data_per_gb: {value: 3, source: "assumption: test"}
      voice_per_minute: {value: 0.1, source: "assumption: test"}
      sms_each: {value: 0.1, source: "assumption: test"}
  - id: u-family
    name: 联通 家庭
    name_en: Unicom family
    monthly_fee: {value: 100, source: "assumption: test"}
    data_gb: {value: 30, source: "assumption: test"}
    voice_minutes: {value: 300, source: "assumption: test"}
    sms: {value: 0, source: "assumption: test"}
    downlink_mbps: {value: 500, source: "assumption: test"}
    uplink_mbps: {value: 50, source: "assumption: test"}
    extra_lines:
      max: 2
      fee: {value: 20, source: "assumption: test"}
      source: "assumption: test"
      shared: [data, voice]
    overage:
      data_per_gb: {value: 3, source: "assumption: test"}
      voice_per_minute: {value: 0.1, source: "assumption: test"}
      sms_each: {value: 0.1, source: "assumption: test"}
packs:
  - id: u-data-5
    name: 流量包 5GB
    name_en: data 5 GB
    kind: data
    price: {value: 10, source: "assumption: test"}
    max_count: 3
    adds:
      data_gb: {value: 5, source: "assumption: test"}
    requires_plans: [u-39]
"""
"""``u-39``, ¥39.00 a month for 10 GB and 100 minutes (¥3.00 a GB and ¥0.10 a minute beyond), a 5 GB pack for it
at ¥10.00 (up to three a month), and ``u-family``, ¥100.00 for 30 GB and 300 minutes shared by up to two extra lines
at ¥20.00 each (same rates beyond)."""
PLAN_PRICES = "/tmf-api/productCatalogManagement/v4/productOfferingPrice"
OFFERINGS = "/tmf-api/productCatalogManagement/v4/productOffering"


def _catalogue() -> Catalogue:
    return load_sources([("china-unicom.yaml", UNICOM.encode())])


def _answered(profile: dict[str, Any], request: dict[str, Any] | None = None) -> tuple[dict[str, Any], Answer]:
    catalogue = _catalogue()
    answer = recommend(catalogue, Profile.model_validate(profile))
    return query_document("q-1", request or {}, answer, names_for(catalogue, "en")), answer


def _fen(money: dict[str, Any], unit: str) -> int:
    """A TMF ``Money`` in fen, its unit checked."""
    assert money["unit"] == unit, money
    return round(money["value"] * 100)


def _refused(characteristics: list[dict[str, Any]]) -> list[tuple[str, str]]:
    with pytest.raises(CharacteristicError) as raised:
        profile_from_characteristics(characteristics)
    return raised.value.errors


# -- reading the characteristics -------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["video", {"video": True}, 5])
def test_benefits_not_an_array_are_refused_as_such(value: object) -> None:
    """``benefits`` is an array of strings: a string, an object or a number is refused at the value as "an array of
    strings is needed" (not iterated as characters or keys, nor left to the profile's words).  Kills
    tmf680 ``_typed`` line 229 'if not isinstance(value, list)' forced False or deleted, and its return made None or
    deleted (mutants 19, 20, 22, 23)."""
    assert _refused([{"name": "benefits", "value": value}]) == [
        ("productCharacteristic[0].value", "an array of strings is needed")]


def test_the_error_says_every_problem_as_path_and_reason() -> None:
    """``str`` of the error is its problems, "path: reason", joined by "; " (what a log of it shows).  Kills tmf680
    ``CharacteristicError.__init__`` line 221 (the message) deleted (mutant 1)."""
    with pytest.raises(CharacteristicError) as raised:
        profile_from_characteristics([{"name": "sms", "value": 1.5}, {"name": "dataGB", "value": "45"}])
    assert str(raised.value) == ("productCharacteristic[0].value: a JSON integer is needed; "
                                 "productCharacteristic[1].value: a JSON number is needed")


def test_an_exchange_rate_of_exactly_the_least_is_taken() -> None:
    """The least exchange rate is 0.000001 (``MIN_RATE``): 0.000001 itself is taken, 0.0000009 is refused at the
    rate's own key.  Kills tmf680 ``_typed`` line 238 '0 < rate < float(MIN_RATE)' as '0 < rate <= ...'
    (mutant 42: 0.000001 refused)."""
    profile = profile_from_characteristics([{"name": "exchangeRates", "value": {"USD": 0.000001}}])
    assert profile.exchange_rates == {"USD": Decimal("0.000001")}
    assert _refused([{"name": "exchangeRates", "value": {"USD": 0.0000009}}]) == [
        ("productCharacteristic[0].value.USD", "an exchange rate is at least 0.000001")]


def test_a_line_that_is_no_object_is_refused_at_its_index() -> None:
    """``lines: [5]``: the first line is no object, refused at ``value[0]`` (the name's length is not looked at, as
    it would be on ``5.get``: a 500).  Kills tmf680 ``_typed`` line 243's 'if found is None and isinstance(value,
    list)' forced True or made 'or' (mutants 57, 59: AttributeError)."""
    assert _refused([{"name": "lines", "value": [5]}]) == [
        ("productCharacteristic[0].value[0]", "an object {name, dataGB, voiceMinutes, sms, appShare} is needed")]


def test_a_line_name_of_exactly_64_characters_is_taken() -> None:
    """A line's name is at most 64 characters: 64 are taken, 65 refused at ``value[1].name``.  Kills tmf680
    ``_typed`` line 243 'len(...) > MAX_NAME' as '>=' (mutant 62: 64 refused)."""
    profile = profile_from_characteristics([{"name": "lines", "value": [{"name": "a", "dataGB": 1},
                                                                         {"name": "x" * 64, "dataGB": 2}]}])
    assert profile.lines is not None and [line.name for line in profile.lines] == ["a", "x" * 64]
    assert _refused([{"name": "lines", "value": [{"name": "a"}, {"name": "x" * 65}]}]) == [
        ("productCharacteristic[0].value[1].name", "at most 64 characters")]


@pytest.mark.parametrize(("name", "value", "said"), [
    ("exchangeRates", 7.2, 'an object of exchange rates is needed, e.g. {"USD": 7.2}'),
    ("exchangeRates", [{"USD": 7.2}], 'an object of exchange rates is needed, e.g. {"USD": 7.2}'),
    ("appShare", [30], 'an object of GB per app category is needed, e.g. {"video": 30}'),
])
def test_rates_or_an_app_share_not_an_object_are_refused_as_such(name: str, value: object, said: str) -> None:
    """``exchangeRates`` and ``appShare`` are objects of numbers: a number or an array is refused at the value, with
    an example (not a 500 on ``.items()``).  Kills tmf680 ``_numbers`` line 267 'if not isinstance(value, dict)'
    forced False or deleted, and its return made None or deleted (mutants 86, 87, 89, 90)."""
    assert _refused([{"name": name, "value": value}]) == [("productCharacteristic[0].value", said)]


@pytest.mark.parametrize(("name", "value", "at", "said"), [
    ("months", {"dataGB": 1}, "", "an array of {dataGB, voiceMinutes, sms} objects is needed"),
    ("months", [{"dataGB": 1}, 5], "[1]", "an object {dataGB, voiceMinutes, sms} is needed"),
    ("lines", "Dad", "", "an array of {name, dataGB, voiceMinutes, sms, appShare} objects is needed"),
])
def test_a_history_or_lines_of_another_shape_are_refused_where_they_are_wrong(name: str, value: object, at: str,
                                                                             said: str) -> None:
    """``months`` and ``lines`` are arrays of objects: an object instead of the array, or a number instead of the
    second month, is refused there, naming the keys (not a 500, nor pydantic's words).  Kills tmf680
    ``_typed_items`` line 274 'if not isinstance(value, list)' forced False or deleted, its return None or deleted
    (mutants 98, 99, 101, 102), line 277 'if not isinstance(item, dict)' likewise (mutants 105, 106, 108, 109)."""
    assert _refused([{"name": name, "value": value}]) == [(f"productCharacteristic[0].value{at}", said)]



def test_every_problem_of_the_characteristics_is_said_at_once() -> None:
    """An unknown name, a name given twice and a value of the wrong type are three problems, each at its own
    characteristic, said together (the unknown one and the repeat skipped, not read: the repeat's value, "two", is
    not also said to be no integer).  Kills tmf680 ``profile_from_characteristics`` line 325 'if name not in
    CHARACTERISTICS' forced False or deleted, its append or ``continue`` deleted (mutants 198, 199, 201, 202: a
    KeyError or the problem unsaid), line 331's ``continue`` after "given twice" deleted (mutant 209)."""
    errors = _refused([{"name": "dataMB", "value": 1}, {"name": "sms", "value": 1}, {"name": "sms", "value": "two"},
                       {"name": "dataGB", "value": "x"}])
    assert [path for path, _reason in errors] == [
        "productCharacteristic[0].name", "productCharacteristic[2].name", "productCharacteristic[3].value"]
    assert errors[0][1].startswith("unknown characteristic 'dataMB': one of dataGB, voiceMinutes, sms, ")
    assert errors[1:] == [("productCharacteristic[2].name", "'sms' is given twice"),
                          ("productCharacteristic[3].value", "a JSON number is needed")]


@pytest.mark.parametrize(("characteristics", "at"), [
    ([{"name": "currentPlanId", "value": "p"}, {"name": "currentMonthlyBillFen", "value": 1}],
     "productCharacteristic[0].value"),
    ([{"name": "sms", "value": 1}, {"name": "currentMonthlyBillFen", "value": 1}, {"name": "currentPlanId",
                                                                                   "value": "p"}],
     "productCharacteristic[1].value"),
])
def test_a_rule_over_a_group_of_fields_is_at_the_groups_first_characteristic(characteristics: list[dict[str, Any]],
                                                                            at: str) -> None:
    """"Exactly one of plan_id or monthly_bill_fen" is the profile's error on ``current`` (the group, no field of
    it): said at the first of the group's characteristics given, ``currentPlanId`` at 0, or ``currentMonthlyBillFen``
    at 1 (not at the whole list).  Kills tmf680 ``_locate`` line 360 'if loc' forced False or deleted (mutants 254,
    255: "productCharacteristic")."""
    assert _refused(characteristics) == [(at, "give exactly one of currentPlanId or currentMonthlyBillFen")]


def test_a_problem_of_the_served_catalogue_is_located_among_the_characteristics() -> None:
    """``characteristic_path`` (where an unknown operator, currency or membership the catalogue refuses was given):
    ``operators[1]`` given second is ``productCharacteristic[1].value[1]``, a membership
    ``productCharacteristic[0].value[0]``, a deeper place keeps every step (``[1].data_gb``), and a field no
    characteristic gives (``benefit_values``) is the whole list.  Kills tmf680 ``characteristic_path`` line 314's
    return made None or deleted (mutants 189, 190), line 312 '_join(rest, key) if rest else ...' forced False
    (mutant 184: "value.data_gb", the index lost)."""
    given: list[dict[str, Any]] = [{"name": "sms", "value": 1}, {"name": "operators", "value": ["a", "b"]}]
    assert characteristic_path(given, ("operators", 1)) == "productCharacteristic[1].value[1]"
    assert characteristic_path([{"name": "memberships", "value": ["x"]}], ("about", "memberships", 0)) == \
        "productCharacteristic[0].value[0]"
    assert characteristic_path([{"name": "months", "value": []}], ("months", 1, "data_gb")) == \
        "productCharacteristic[0].value[1].data_gb"
    assert characteristic_path(given, ("benefit_values", "x")) == "productCharacteristic"


# -- the answer -----------------------------------------------------------------------------------------------------


def test_a_months_bill_is_its_invoice_lines_each_referring_to_its_tmf620_price() -> None:
    """14 GB and 120 minutes on ``u-39``: one 5 GB pack (¥39 + ¥10 = ¥49 for 15 GB; two packs ¥59; none ¥39 + 4 GB
    × ¥3 = ¥51) and 20 minutes beyond at ¥0.10 = ¥2.00: ¥51.00 a month, every month of the 24 (¥1,224.00).  The
    fee and the pack are ``recurring`` and refer to their TMF620 prices (``u-39-fee``, ``u-data-5-price``); the
    voice overage is ``usage`` and refers to none; the item refers to the plan's offering with the pack bundled once.
    Kills tmf680 ``_alterations``/``_prices``/``_offering``/``_item`` mutants (see the commit)."""
    document, _answer = _answered({"data_gb": 14, "voice_minutes": 120, "sms": 0},
                                  {"name": "mine", "category": [{"id": "c"}], "unknown": 1})
    assert (document["id"], document["href"], document["state"], document["instantSyncRecommendation"]) == (
        "q-1", "/tmf-api/recommendationManagement/v4/queryProductRecommendation/q-1", "done", True)
    assert (document["name"], document["category"], "unknown" in document) == ("mine", [{"id": "c"}], False)
    assert (document["currency"], document["objective"], document["horizonMonths"]) == ("CNY", "total", 24)
    item, family = document["recommendationItem"]  # (``u-family``, ¥100.00 with all of it included, second)
    assert [(i["id"], i["priority"], i["productOffering"]["id"]) for i in (item, family)] == [
        ("1", 1, "u-39"), ("2", 2, "u-family")]
    assert _fen(family["productPrice"][0]["price"]["taxIncludedAmount"], "CNY") == 10000
    assert family["productOffering"]["bundledProductOffering"] == []
    offering = item["productOffering"]
    assert (offering["id"], offering["href"], offering["name"], offering["@referredType"]) == (
        "u-39", f"{OFFERINGS}/u-39", "联通 39", "ProductOffering")
    assert offering["bundledProductOffering"] == [{
        "id": "u-data-5", "href": f"{OFFERINGS}/u-data-5", "name": "流量包 5GB",
        "bundledProductOfferingOption": {"numberRelOfferDefault": 1, "numberRelOfferLowerLimit": 1,
                                         "numberRelOfferUpperLimit": 1}}]
    month, effective = item["productPrice"]
    assert (month["name"], month["priceType"], month["recurringChargePeriod"]) == ("monthly total", "recurring",
                                                                                   "month")
    assert _fen(month["price"]["taxIncludedAmount"], "CNY") == 5100
    assert [(a["name"], a["description"], a["priceType"], a["recurringChargePeriod"],
             _fen(a["price"]["taxIncludedAmount"], "CNY"), a.get("productOfferingPrice"), "line" in a)
            for a in month["priceAlteration"]] == [
        ("Unicom 39 monthly fee", "base", "recurring", "month", 3900,
         {"id": "u-39-fee", "href": f"{PLAN_PRICES}/u-39-fee", "@referredType": "ProductOfferingPrice"}, False),
        ("data 5 GB", "pack", "recurring", "month", 1000,
         {"id": "u-data-5-price", "href": f"{PLAN_PRICES}/u-data-5-price", "@referredType": "ProductOfferingPrice"},
         False),
        ("voice overage: 20 min at ¥0.10/min", "overage", "usage", "month", 200, None, False)]
    assert (effective["name"], effective["@type"], effective["horizonMonths"]) == (
        "effective monthly", "EffectiveProductPrice", 24)
    assert [_fen(effective[k], "CNY") for k in ("firstMonth", "horizonTotal", "rankingPrice", "worstMonth")] == [
        5100, 122400, 5100, 5100]
    assert _fen(effective["price"]["taxIncludedAmount"], "CNY") == 5100
    assert _fen(item["assumedAmount"], "CNY") == 5100  # (every figure of the file is an assumption)
    assert (item["condition"], item["term"], "household" in item, "savings" in item) == ([], [], False, False)
    assert ("nothingFits" in document, "currentPrice" in document, "separateLines" in document) == (
        False, False, False)


def test_a_history_names_each_month_and_ranks_in_the_requests_currency() -> None:
    """Three months, 14, 4 and 24 GB: month 1 one pack, ¥49.00; month 2 none, ¥39.00; month 3 three packs (15 GB
    over 10 included: ¥39 + 3 × ¥10 = ¥69; two packs and 4 GB × ¥3 = ¥71), ¥69.00.  Over 12 months the history
    runs 4 times: 4 × (49 + 39 + 69) = ¥628.00, ¥52.33 a month.  Ranked in USD at ¥1 = $0.14: 52.333 × 0.14 =
    $7.33, the worst month 69 × 0.14 = $9.66.  The pack is bundled with its first month's count, 1, the fewest, 0,
    and the most, 3.  Kills tmf680 ``_offering`` and ``_prices`` mutants (see the commit)."""
    document, _answer = _answered({"months": [{"data_gb": 14}, {"data_gb": 4}, {"data_gb": 24}], "currency": "USD",
                                   "exchange_rates": {"CNY": 0.14}, "horizon_months": 12})
    assert (document["currency"], document["horizonMonths"]) == ("USD", 12)
    item, family = document["recommendationItem"]  # (``u-family``, ¥100.00 every month, second)
    assert (item["productOffering"]["id"], family["productOffering"]["id"]) == ("u-39", "u-family")
    assert [(b["id"], b["bundledProductOfferingOption"]) for b in item["productOffering"]["bundledProductOffering"]] \
        == [("u-data-5", {"numberRelOfferDefault": 1, "numberRelOfferLowerLimit": 0, "numberRelOfferUpperLimit": 3})]
    *months, effective = item["productPrice"]
    assert [(m["name"], m["description"], _fen(m["price"]["taxIncludedAmount"], "CNY"),
             [_fen(a["price"]["taxIncludedAmount"], "CNY") for a in m["priceAlteration"]]) for m in months] == [
        ("month 1", "u-data-5 × 1", 4900, [3900, 1000]), ("month 2", "no packs", 3900, [3900]),
        ("month 3", "u-data-5 × 3", 6900, [3900, 3000])]
    assert [_fen(effective[k], "CNY") for k in ("firstMonth", "horizonTotal")] == [4900, 62800]
    assert _fen(effective["price"]["taxIncludedAmount"], "CNY") == 5233
    assert (_fen(effective["rankingPrice"], "USD"), _fen(effective["worstMonth"], "USD")) == (733, 966)


def test_a_household_says_each_lines_share_and_the_separate_plans_beside_it() -> None:
    """Dad 20 GB and Kid 5 GB.  Together on ``u-family``: ¥100.00 (Dad's, line 0) + one extra line ¥20.00 (Kid's,
    line 1) = ¥120.00, the 25 GB (25,600 MB) within the 30 GB (30,720 MB) shared; nothing shared or one-off to pay.
    ``u-39`` carries no extra line: not a household plan.  Separately: Dad on ``u-39`` with two packs (¥39 + 2 ×
    ¥10 = ¥59; one pack and 5 GB × ¥3 = ¥64; none ¥69), Kid on ``u-39`` alone, ¥39: ¥98.00 a month, so the
    household's bundle "saves" 98 - 120 = -¥22.00.  The household pays ¥150.00 now: currentPrice ¥150.00, saving
    ¥30.00 a month, ¥360.00 a year; within a ¥150.00 budget both ways.  Kills tmf680 ``_alterations``,
    ``_household``, ``_separate``, ``_item`` and ``query_document`` mutants (see the commit)."""
    document, _answer = _answered({"lines": [{"name": "Dad", "data_gb": 20}, {"name": "Kid", "data_gb": 5}],
                                   "current": {"monthly_bill_fen": 15000}, "budget_fen": 15000})
    (item,) = document["recommendationItem"]
    assert item["productOffering"]["id"] == "u-family"
    month, _effective = item["productPrice"]
    assert [(a["name"], a["description"], a.get("line"), _fen(a["price"]["taxIncludedAmount"], "CNY"),
             a.get("productOfferingPrice", {}).get("id")) for a in month["priceAlteration"]] == [
        ("Unicom family monthly fee", "base", 0, 10000, "u-family-fee"),
        ("extra line 1 (Kid) monthly fee", "line", 1, 2000, None)]
    household = item["household"]
    assert [(line["line"], line["name"], _fen(line["amount"], "CNY")) for line in household["perLine"]] == [
        (0, "Dad", 10000), (1, "Kid", 2000)]
    assert (_fen(household["shared"], "CNY"), _fen(household["oneOff"], "CNY")) == (0, 0)
    assert household["sharedPoolUse"]["data_mb"] == {"used": 25600, "allowance": 30720, "app_covered": 0}
    assert item["savings"]["code"] == "saves"
    assert (_fen(item["savings"]["amount"], "CNY"), _fen(item["savings"]["perYear"], "CNY")) == (3000, 36000)
    assert _fen(document["currentPrice"], "CNY") == 15000
    separate = document["separateLines"]
    assert [(line["line"], line["name"], line["solveStatus"], line["productOffering"]["id"],
             [(b["id"], b["bundledProductOfferingOption"]["numberRelOfferDefault"])
              for b in line["productOffering"]["bundledProductOffering"]],
             _fen(line["amount"], "CNY"), _fen(line["rankingPrice"], "CNY"), line["condition"])
            for line in separate["item"]] == [
        (0, "Dad", "optimal", "u-39", [("u-data-5", 2)], 5900, 5900, []),
        (1, "Kid", "optimal", "u-39", [], 3900, 3900, [])]
    assert separate["complete"] is True and separate["withinBudget"] is True
    assert [_fen(separate[k], "CNY") for k in ("total", "worstMonth", "householdSaves")] == [9800, 9800, -2200]


def test_nothing_within_the_budget_says_why_and_the_separate_plans_over_it() -> None:
    """The same household with a ¥90.00 budget: the bundle (¥120.00) is over it, so no item and ``nothingFits``
    ``nothing_fits.over_budget``; the separate plans, ¥98.00, are over it too (``withinBudget`` false), and without
    a household bundle nothing is saved against it (no ``householdSaves``).  Kills tmf680 ``query_document`` and
    ``_separate`` mutants (see the commit)."""
    document, _answer = _answered({"lines": [{"name": "Dad", "data_gb": 20}, {"name": "Kid", "data_gb": 5}],
                                   "budget_fen": 9000})
    assert document["recommendationItem"] == [] and document["solveStatus"] == "infeasible"
    assert (document["nothingFits"]["code"], document["nothingFits"]["params"]) == ("nothing_fits.over_budget", {})
    assert document["nothingFits"]["text"] == "The bundles that meet your needs all cost more than your budget."
    separate = document["separateLines"]
    assert (separate["complete"], separate["withinBudget"], "householdSaves" in separate) == (True, False, False)
    assert _fen(separate["total"], "CNY") == 9800


def test_a_line_no_plan_fits_has_no_offering_and_the_separate_plans_no_total() -> None:
    """Kid needs 150 Mbps up, more than either plan's 50: no household bundle (``nothing_fits.needs``, no item), and
    separately Dad on ``u-39`` with two packs at ¥59.00 while Kid's line has no plan ("infeasible": no
    ``productOffering``, no amount); the set is incomplete, so it has no total, no worst month, no saving and (no
    budget) no ``withinBudget``.  Kills tmf680 ``_separate`` line 495 'if rec is not None' forced True (mutant 373:
    an offering of None), lines 502-503 'if total/worst is not None' forced True (mutants 382, 385: a total of
    None)."""
    document, _answer = _answered({"lines": [{"name": "Dad", "data_gb": 20},
                                             {"name": "Kid", "data_gb": 5, "needs": {"min_uplink_mbps": 150}}]})
    assert (document["recommendationItem"], document["solveStatus"], document["nothingFits"]["code"]) == (
        [], "infeasible", "nothing_fits.needs")
    dad, kid = document["separateLines"]["item"]
    assert (dad["productOffering"]["id"], _fen(dad["amount"], "CNY")) == ("u-39", 5900)
    assert kid == {"line": 1, "name": "Kid", "solveStatus": "infeasible"}
    assert {k: v for k, v in document["separateLines"].items() if k != "item"} == {"complete": False}
