"""TMF680 (``recommender.tmf.tmf680``) pinned: a request's characteristics read into a profile, each refusal at its
own path.  In process: the mapping's functions, no server.  Each test names the
mutants it kills (mutation testing, helper sac)."""

from decimal import Decimal
from typing import Any

import pytest

from recommender.tmf.tmf680 import (
    CharacteristicError,
    characteristic_path,
    profile_from_characteristics,
)


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
    assert _refused(characteristics) == [(at, "give exactly one of plan_id or monthly_bill_fen")]


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

