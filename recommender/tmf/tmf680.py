"""TMF680 Recommendation Management (v4): a usage profile in as characteristics, the answer out.

The request's ``productCharacteristic[]`` entries ``{name, value}`` are the profile, one entry per
field (nested fields flattened), every entry optional, each name at most once:

=========================  ===============================  ======================================
characteristic             profile field                    value (JSON)
=========================  ===============================  ======================================
``dataGB``                 ``data_gb``                      number 0 … 1 000 000 (GB a month)
``voiceMinutes``           ``voice_minutes``                integer 0 … 1 000 000
``sms``                    ``sms``                          integer 0 … 1 000 000
``minUplinkMbps``          ``needs.min_uplink_mbps``        integer 0 … 100 000
``minDownlinkMbps``        ``needs.min_downlink_mbps``      integer 0 … 100 000
``satellite``              ``needs.satellite``              boolean
``roamingDataGB``          ``needs.roaming.data_gb``        number 0 … 1 000 000
``roamingVoiceMinutes``    ``needs.roaming.voice_minutes``  integer 0 … 1 000 000
``broadband``              ``needs.broadband``              boolean
``benefits``               ``benefits``                     array of strings (≤ 32, each ≤ 64)
``operators``              ``operators``                    array (≥ 1) of operator ids
``excludeOperators``       ``exclude_operators``            array of operator ids
``currentPlanId``          ``current.plan_id``              string (a plan of the served catalogue)
``currentMonthlyBillFen``  ``current.monthly_bill_fen``     integer fen 0 … 10⁹
``budgetFen``              ``budget_fen``                   integer fen 0 … 10⁹
``allowThrottling``        ``allow_throttling``             boolean
``months``                 ``months``                       array (1 … 24) of ``{dataGB, voiceMinutes,
                                                            sms}`` objects (each key optional, 0 when
                                                            absent; no other keys): a usage history
``objective``              ``objective``                    ``"total"`` (rank by the effective monthly
                                                            price) or ``"worst_month"``
``horizonMonths``          ``horizon_months``               integer 1 … 120 (default 24)
``currency``               ``currency``                     ``"CNY"`` (default) or ``"USD"``: the
                                                            currency plans are ranked in
``exchangeRates``          ``exchange_rates``               object ``{"USD": 7.2}``: units of
                                                            ``currency`` per unit of each other
                                                            currency (number 10⁻⁶ … 10 000)
=========================  ===============================  ======================================

Values are typed JSON (``45``, not ``"45"``; ``true``, not ``1``), as on ``/api/v1``; at most one of
``currentPlanId`` and ``currentMonthlyBillFen``; usage one way, either ``dataGB``/``voiceMinutes``/
``sms`` or ``months``.  The month objects' keys are camelCase like the names; ``objective`` and
``currency`` take the ``/api/v1`` values as they are.  Exchange rates are one object (the profile's
``exchange_rates``) rather than one characteristic per currency, so a new currency needs no new name.
Itemised records (calls, sessions, messages) are not offered over TMF680: upload them as CSV to
``POST /api/v1/recommendations/usage``.

The answer is a ``QueryProductRecommendation`` in state ``done`` (answered synchronously).  Each
``recommendationItem`` has ``priority`` (the rank), ``productOffering`` (a reference to the base
plan's TMF620 offering, with the packs as ``bundledProductOffering`` and their counts in
``bundledProductOfferingOption.numberRelOfferDefault``; for a history, the first month's packs)
and its prices, ``productPrice[]``, all ``priceType: recurring`` with ``recurringChargePeriod: month``
and ``price.taxIncludedAmount {unit, value}`` in the plan's currency (``CNY``: yuan, ``USD``: dollars):

- one month of usage: ``name: "monthly total"``, the month's bill, with one ``priceAlteration`` per
  invoice line of the answer (base fee, each pack, each overage), which add up to the total;
- a history: one price per usage month, ``name: "month <label>"`` (``1``, ``2`` … for ``months``),
  each with that month's invoice lines as ``priceAlteration`` and the month's packs in
  ``description``;
- always last, ``name: "effective monthly"`` (``@type: EffectiveProductPrice``): what the plan costs
  a month on average over the horizon (the history repeating, the plan's promotions, one-off fee,
  minimum term and spend applied), with the extension fields ``horizonMonths``, ``firstMonth`` and
  ``horizonTotal`` (Money), and ``rankingPrice`` (Money in the request's ``currency``: the figure the
  ranking compared, converted at the given exchange rate when the plan is priced in another currency).

Besides ``catalogueVersion``, ``engine``, ``solveStatus`` and ``suggestion``, the document's extension
fields say how it ranked: ``currency``, ``objective`` and ``horizonMonths``.
"""

import math
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from ..answer import Answer, InvoiceLine, Recommendation
from ..messages import Message, render
from ..money import fen_to_yuan
from ..profile import (
    ID_PATTERN,
    MAX_AGE,
    MAX_COUNT,
    MAX_FEN,
    MAX_GB,
    MAX_HORIZON_MONTHS,
    MAX_MBPS,
    MAX_MONTHS,
    REGION_PATTERN,
    Profile,
)
from .tmf620 import CURRENCY, offering_href, price_href

BASE = "/tmf-api/recommendationManagement/v4"
CURRENCY_PATTERN = "^[A-Z]{3}$"
_IDS = {"type": "array", "maxItems": 32, "items": {"type": "string", "pattern": ID_PATTERN}}
MIN_RATE = 0.000001
"""The smallest exchange rate taken (as on ``/api/v1``)."""

# name → (profile path, JSON type, JSON Schema of the value)
CHARACTERISTICS: dict[str, tuple[tuple[str, ...], str, dict[str, Any]]] = {
    "dataGB": (("data_gb",), "number", {"type": "number", "minimum": 0, "maximum": int(MAX_GB)}),
    "voiceMinutes": (("voice_minutes",), "integer", {"type": "integer", "minimum": 0, "maximum": MAX_COUNT}),
    "sms": (("sms",), "integer", {"type": "integer", "minimum": 0, "maximum": MAX_COUNT}),
    "minUplinkMbps": (("needs", "min_uplink_mbps"), "integer", {"type": "integer", "minimum": 0, "maximum": MAX_MBPS}),
    "minDownlinkMbps": (("needs", "min_downlink_mbps"), "integer",
                        {"type": "integer", "minimum": 0, "maximum": MAX_MBPS}),
    "satellite": (("needs", "satellite"), "boolean", {"type": "boolean"}),
    "roamingDataGB": (("needs", "roaming", "data_gb"), "number",
                      {"type": "number", "minimum": 0, "maximum": int(MAX_GB)}),
    "roamingVoiceMinutes": (("needs", "roaming", "voice_minutes"), "integer",
                            {"type": "integer", "minimum": 0, "maximum": MAX_COUNT}),
    "broadband": (("needs", "broadband"), "boolean", {"type": "boolean"}),
    "benefits": (("benefits",), "array", {"type": "array", "maxItems": 32,
                                          "items": {"type": "string", "maxLength": 64}}),
    "operators": (("operators",), "array", {"type": "array", "minItems": 1,
                                            "items": {"type": "string", "pattern": ID_PATTERN}}),
    "excludeOperators": (("exclude_operators",), "array", {"type": "array",
                                                           "items": {"type": "string", "pattern": ID_PATTERN}}),
    "currentPlanId": (("current", "plan_id"), "string", {
        "type": "string", "maxLength": 64,
        "description": "a plan id of the served catalogue (TMF620 productOffering); another is 422"}),
    "currentMonthlyBillFen": (("current", "monthly_bill_fen"), "integer",
                              {"type": "integer", "minimum": 0, "maximum": MAX_FEN}),
    "budgetFen": (("budget_fen",), "integer", {"type": "integer", "minimum": 0, "maximum": MAX_FEN}),
    "allowThrottling": (("allow_throttling",), "boolean", {"type": "boolean"}),
    "months": (("months",), "months", {
        "type": "array", "minItems": 1, "maxItems": MAX_MONTHS,
        "items": {"type": "object", "additionalProperties": False, "properties": {
            "dataGB": {"type": "number", "minimum": 0, "maximum": int(MAX_GB)},
            "voiceMinutes": {"type": "integer", "minimum": 0, "maximum": MAX_COUNT},
            "sms": {"type": "integer", "minimum": 0, "maximum": MAX_COUNT}}}}),
    "objective": (("objective",), "string", {"type": "string", "enum": ["total", "worst_month"]}),
    "horizonMonths": (("horizon_months",), "integer", {"type": "integer", "minimum": 1,
                                                       "maximum": MAX_HORIZON_MONTHS}),
    "currency": (("currency",), "string", {"type": "string", "pattern": CURRENCY_PATTERN}),
    "exchangeRates": (("exchange_rates",), "rates", {
        "type": "object", "maxProperties": 16, "propertyNames": {"pattern": CURRENCY_PATTERN},
        "additionalProperties": {"type": "number", "minimum": MIN_RATE, "maximum": 10_000}}),
    "age": (("about", "age"), "integer", {"type": "integer", "minimum": 0, "maximum": MAX_AGE}),
    "region": (("about", "region"), "string", {"type": "string", "pattern": REGION_PATTERN}),
    "customerOf": (("about", "customer_of"), "string", {"type": "string", "pattern": ID_PATTERN}),
    "memberships": (("about", "memberships"), "array", _IDS),
    "groups": (("about", "groups"), "array", _IDS),
    "eligibility": (("eligibility",), "string", {"type": "string", "enum": ["strict", "lenient"]}),
    "asOf": (("as_of",), "string", {"type": "string", "format": "date"}),
    "benefitsRequired": (("benefits_required",), "array", _IDS),
}
MONTH_KEYS = {"dataGB": ("data_gb", "number"), "voiceMinutes": ("voice_minutes", "integer"),
              "sms": ("sms", "integer")}
"""The keys of a ``months`` entry: profile field and JSON type."""


class CharacteristicError(ValueError):
    """Invalid characteristics: ``errors`` holds ``(path, reason)``, e.g. ``productCharacteristic[2].value``."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{p}: {r}" for p, r in errors))


def _typed(kind: str, value: object) -> str | None:
    """Why ``value`` is not of JSON type ``kind`` (None when it is)."""
    if kind == "number" and (isinstance(value, bool) or not isinstance(value, int | float)
                             or (isinstance(value, float) and not math.isfinite(value))):
        return "a JSON number is needed"
    if kind == "integer" and (isinstance(value, bool) or not isinstance(value, int)):
        return "a JSON integer is needed"
    if kind == "boolean" and not isinstance(value, bool):
        return "true or false is needed"
    if kind == "string" and not isinstance(value, str):
        return "a string is needed"
    if kind == "array" and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
        return "an array of strings is needed"
    if kind == "rates":
        if not isinstance(value, dict):
            return "an object of exchange rates is needed, e.g. {\"USD\": 7.2}"
        for key, rate in value.items():
            if reason := _typed("number", rate):
                return f"{key}: {reason}"
            if 0 < rate < MIN_RATE:
                return f"{key}: an exchange rate is at least {MIN_RATE}"
        return None
    if kind == "months":
        if not isinstance(value, list) or not all(isinstance(m, dict) for m in value):
            return "an array of {dataGB, voiceMinutes, sms} objects is needed"
        for i, month in enumerate(value):
            for key, amount in month.items():
                if key not in MONTH_KEYS:
                    return f"[{i}]: unknown key {key!r}: dataGB, voiceMinutes or sms"
                if reason := _typed(MONTH_KEYS[key][1], amount):
                    return f"[{i}].{key}: {reason}"
    return None


def _converted(kind: str, value: Any) -> Any:
    """A JSON value as the profile takes it: exact decimals for numbers, snake_case month keys."""
    if kind == "number":
        return Decimal(str(value))
    if kind == "rates":
        return {key: Decimal(str(rate)) for key, rate in value.items()}
    if kind == "months":
        return [{MONTH_KEYS[key][0]: Decimal(str(amount)) if MONTH_KEYS[key][1] == "number" else amount
                 for key, amount in month.items()} for month in value]
    return value


def _join(path: str, key: object) -> str:
    return f"{path}[{key}]" if isinstance(key, int) else (f"{path}.{key}" if path else str(key))


def characteristic_path(characteristics: Sequence[Mapping[str, Any]], loc: tuple[str | int, ...]) -> str:
    """Where a profile field (``about.region``, ``operators[0]``) was given among the characteristics."""
    for i, item in enumerate(characteristics):
        path = CHARACTERISTICS.get(str(item.get("name")), ((), "", {}))[0]
        if path and tuple(loc[:len(path)]) == path:
            rest = ""
            for key in loc[len(path):]:
                rest = _join(rest, key) if rest else (f"[{key}]" if isinstance(key, int) else f".{key}")
            return f"productCharacteristic[{i}].value{rest}"
    return "productCharacteristic"


def profile_from_characteristics(characteristics: Sequence[Mapping[str, Any]]) -> Profile:
    """The profile the characteristics describe; ``CharacteristicError`` lists every problem."""
    errors: list[tuple[str, str]] = []
    data: dict[str, Any] = {}
    where: dict[tuple[str, ...], str] = {}
    for i, item in enumerate(characteristics):
        at = f"productCharacteristic[{i}]"
        name, value = item.get("name"), item.get("value")
        if name not in CHARACTERISTICS:
            errors.append((f"{at}.name", f"unknown characteristic {name!r}: one of {', '.join(CHARACTERISTICS)}"))
            continue
        path, kind, _ = CHARACTERISTICS[name]
        if path in where:
            errors.append((f"{at}.name", f"'{name}' is given twice"))
            continue
        if reason := _typed(kind, value):
            errors.append((f"{at}.value", reason))
            continue
        where[path] = f"{at}.value"
        target = data
        for key in path[:-1]:
            target = target.setdefault(key, {})
        target[path[-1]] = _converted(kind, value)
    if errors:
        raise CharacteristicError(errors)
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            errors.append((_locate(tuple(error["loc"]), where), error["msg"].removeprefix("Value error, ")))
        raise CharacteristicError(errors) from None


_CAMEL = {field: key for key, (field, _kind) in MONTH_KEYS.items()}


def _locate(loc: tuple[int | str, ...], where: Mapping[tuple[str, ...], str]) -> str:
    """Where a profile error is in the request: the characteristic's value, then the rest of the path."""
    for path, at in where.items():
        if loc[: len(path)] == path:
            for key in loc[len(path):]:
                if key != "[key]":
                    at = _join(at, _CAMEL.get(key, key) if isinstance(key, str) else key)
            return at
    if loc:  # an error on a group of fields (e.g. current): the first characteristic of the group
        return next((w for p, w in where.items() if p[: len(loc)] == loc), "productCharacteristic")
    return "productCharacteristic"


def characteristics_of(profile_json: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The characteristics for a profile written as ``/api/v1`` JSON (e.g. ``seeds/profiles/*.json``)."""
    out = []
    for name, (path, kind, _schema) in CHARACTERISTICS.items():
        value: Any = profile_json
        for key in path:
            value = value.get(key) if isinstance(value, Mapping) else None
        if kind == "months" and isinstance(value, list):
            value = [{key: month[field] for key, (field, _t) in MONTH_KEYS.items() if field in month}
                     for month in value]
        if value is not None:
            out.append({"name": name, "value": value})
    return out


def _money(fen: int, currency: str) -> dict[str, Any]:
    value = fen_to_yuan(fen)
    return {"unit": currency, "value": value}


def _text(message: Message) -> str:
    return render(message, "en")


def _alterations(lines: Sequence[InvoiceLine], currency: str) -> list[dict[str, Any]]:
    """An invoice's lines as ``PriceAlteration``s (base fee and packs refer to their TMF620 prices)."""
    alterations = []
    for line in lines:
        kind, ref = line.kind, line.ref
        alteration: dict[str, Any] = {
            "name": _text(line.label), "description": kind, "assumed": line.assumed,
            "priceType": "usage" if kind in ("overage", "throttled") else "recurring",
            "recurringChargePeriod": "month",
            "price": {"taxIncludedAmount": _money(line.fen, currency), "@type": "Price"},
            "@type": "PriceAlteration",
        }
        if kind in ("base", "pack"):
            price_id = f"{ref}-fee" if kind == "base" else f"{ref}-price"
            alteration["productOfferingPrice"] = {"id": price_id, "href": price_href(price_id),
                                                  "@referredType": "ProductOfferingPrice"}
        alterations.append(alteration)
    return alterations


def _prices(rec: Recommendation, ranking_currency: str) -> list[dict[str, Any]]:
    """The item's prices: the month's total (or one per usage month), then the effective monthly price."""
    currency = str(getattr(rec, "currency", CURRENCY))
    if len(rec.months) > 1:
        prices: list[dict[str, Any]] = [{"name": f"month {month['month']}",
                   "description": " + ".join(f"{p['id']} × {p['count']}" for p in month["packs"]) or "no packs",
                   "priceType": "recurring", "recurringChargePeriod": "month",
                   "price": {"taxIncludedAmount": _money(int(month["total_fen"]), currency), "@type": "Price"},
                   "priceAlteration": _alterations(month["breakdown"], currency), "@type": "ProductPrice"}
                  for month in rec.months]
    else:
        prices = [{"name": "monthly total", "description": rec.total_yuan, "priceType": "recurring",
                   "recurringChargePeriod": "month",
                   "price": {"taxIncludedAmount": _money(rec.total_fen, currency), "@type": "Price"},
                   "priceAlteration": _alterations(rec.breakdown, currency), "@type": "ProductPrice"}]
    prices.append({
        "name": "effective monthly",
        "description": f"average over {rec.horizon_months} months: {rec.effective_monthly_yuan} a month",
        "priceType": "recurring", "recurringChargePeriod": "month",
        "price": {"taxIncludedAmount": _money(rec.effective_monthly_fen, currency), "@type": "Price"},
        "horizonMonths": rec.horizon_months,
        "firstMonth": _money(rec.first_month_fen, currency),
        "horizonTotal": _money(rec.horizon_total_fen, currency),
        "rankingPrice": _money(rec.ranking_fen, ranking_currency),
        "@type": "EffectiveProductPrice", "@baseType": "ProductPrice",
    })
    return prices


def _item(rec: Recommendation, ranking_currency: str = CURRENCY) -> dict[str, Any]:
    bundled = [{"id": p["id"], "href": offering_href(str(p["id"])), "name": p["name"],
                "bundledProductOfferingOption": {"numberRelOfferDefault": p["count"],
                                                 "numberRelOfferLowerLimit": p["count"],
                                                 "numberRelOfferUpperLimit": p["count"]}}
               for p in rec.packs]
    offering = {"id": rec.plan_id, "href": offering_href(rec.plan_id), "name": rec.plan_name,
                "@referredType": "ProductOffering", "bundledProductOffering": bundled}
    conditions = [{"code": c.code, "params": c.params, "status": c.status, "ref": c.ref, "text": _text(c.message)}
                  for c in rec.conditions]
    return {"id": str(rec.rank), "priority": rec.rank, "productOffering": offering,
            "productPrice": _prices(rec, ranking_currency), "condition": conditions,
            "assumedAmount": _money(rec.assumed_fen, str(rec.currency)), "@type": "RecommendationItem"}


def query_document(query_id: str, request: Mapping[str, Any], answer: Answer) -> dict[str, Any]:
    """The ``QueryProductRecommendation`` answering ``request`` (state ``done``)."""
    echoed = {k: request[k] for k in ("name", "description", "recommendationType", "validFor", "category",
                                      "channel", "place", "relatedParty") if k in request}
    return {
        "id": query_id,
        "href": f"{BASE}/queryProductRecommendation/{query_id}",
        **echoed,
        "instantSyncRecommendation": True,
        "state": "done",
        "productCharacteristic": [{"name": c["name"], "value": c["value"]}
                                  for c in request.get("productCharacteristic", [])],
        "recommendationItem": [_item(r, answer.currency) for r in answer.recommendations],
        "@type": "TariffQueryProductRecommendation",
        "@baseType": "QueryProductRecommendation",
        "catalogueVersion": answer.catalogue_version,
        "engine": answer.engine,
        "solveStatus": answer.status,
        "suggestion": [_text(m) for m in answer.suggestions],
        "currency": answer.currency,
        "objective": answer.objective,
        "horizonMonths": answer.horizon_months,
    }
