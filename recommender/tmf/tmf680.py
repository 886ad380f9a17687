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
=========================  ===============================  ======================================

Values are typed JSON (``45``, not ``"45"``; ``true``, not ``1``), as on ``/api/v1``; at most one of
``currentPlanId`` and ``currentMonthlyBillFen``.

The answer is a ``QueryProductRecommendation`` in state ``done`` (answered synchronously).  Each
``recommendationItem`` has ``priority`` (the rank), ``productOffering`` (a reference to the base
plan's TMF620 offering, with the packs as ``bundledProductOffering`` and their counts in
``bundledProductOfferingOption.numberRelOfferDefault``) and one ``productPrice``: the monthly total
(``priceType: recurring``, ``recurringChargePeriod: month``, ``price.taxIncludedAmount {unit: CNY,
value}`` in yuan) with one ``priceAlteration`` per invoice line of the answer (base fee, each pack,
each overage), which add up to the total.
"""

import math
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from ..answer import Answer, Recommendation
from ..catalogue import OPERATORS
from ..profile import MAX_COUNT, MAX_GB, Profile
from .tmf620 import CURRENCY, offering_href, price_href

BASE = "/tmf-api/recommendationManagement/v4"
MAX_MBPS = 100_000
MAX_FEN = 10**9

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
                                            "items": {"type": "string", "enum": list(OPERATORS)}}),
    "excludeOperators": (("exclude_operators",), "array", {"type": "array",
                                                           "items": {"type": "string", "enum": list(OPERATORS)}}),
    "currentPlanId": (("current", "plan_id"), "string", {"type": "string", "maxLength": 64}),
    "currentMonthlyBillFen": (("current", "monthly_bill_fen"), "integer",
                              {"type": "integer", "minimum": 0, "maximum": MAX_FEN}),
    "budgetFen": (("budget_fen",), "integer", {"type": "integer", "minimum": 0, "maximum": MAX_FEN}),
    "allowThrottling": (("allow_throttling",), "boolean", {"type": "boolean"}),
}


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
    return None


def _join(path: str, key: object) -> str:
    return f"{path}[{key}]" if isinstance(key, int) else (f"{path}.{key}" if path else str(key))


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
        target[path[-1]] = Decimal(str(value)) if kind == "number" else value
    if errors:
        raise CharacteristicError(errors)
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            loc = tuple(str(k) for k in error["loc"] if not isinstance(k, int))
            index = [k for k in error["loc"] if isinstance(k, int)]
            at = where.get(loc) or next((w for p, w in where.items() if p[: len(loc)] == loc), "productCharacteristic")
            for k in index:
                at = _join(at, k)
            errors.append((at, error["msg"].removeprefix("Value error, ")))
        raise CharacteristicError(errors) from None


def characteristics_of(profile_json: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The characteristics for a profile written as ``/api/v1`` JSON (e.g. ``seeds/profiles/*.json``)."""
    out = []
    for name, (path, _kind, _schema) in CHARACTERISTICS.items():
        value: Any = profile_json
        for key in path:
            value = value.get(key) if isinstance(value, Mapping) else None
        if value is not None:
            out.append({"name": name, "value": value})
    return out


def _money(fen: int, currency: str) -> dict[str, Any]:
    value = fen // 100 if fen % 100 == 0 else fen / 100
    return {"unit": currency, "value": value}


def _item(rec: Recommendation) -> dict[str, Any]:
    bundled = [{"id": p["id"], "href": offering_href(str(p["id"])), "name": p["name"],
                "bundledProductOfferingOption": {"numberRelOfferDefault": p["count"],
                                                 "numberRelOfferLowerLimit": p["count"],
                                                 "numberRelOfferUpperLimit": p["count"]}}
               for p in rec.packs]
    offering = {"id": rec.plan_id, "href": offering_href(rec.plan_id), "name": rec.plan_name,
                "@referredType": "ProductOffering", "bundledProductOffering": bundled}
    currency = str(getattr(rec, "currency", CURRENCY))
    alterations = []
    for line in rec.breakdown:
        kind, ref = str(line["kind"]), str(line["ref"])
        alteration: dict[str, Any] = {
            "name": line["item"], "description": kind,
            "priceType": "usage" if kind in ("overage", "throttled") else "recurring",
            "recurringChargePeriod": "month",
            "price": {"taxIncludedAmount": _money(int(line["fen"]), currency), "@type": "Price"},
            "@type": "PriceAlteration",
        }
        if kind == "base":
            alteration["productOfferingPrice"] = {"id": f"{ref}-fee", "href": price_href(f"{ref}-fee"),
                                                  "@referredType": "ProductOfferingPrice"}
        elif kind == "pack":
            alteration["productOfferingPrice"] = {"id": f"{ref}-price", "href": price_href(f"{ref}-price"),
                                                  "@referredType": "ProductOfferingPrice"}
        alterations.append(alteration)
    price = {"name": "monthly total", "description": rec.total_yuan, "priceType": "recurring",
             "recurringChargePeriod": "month",
             "price": {"taxIncludedAmount": _money(rec.total_fen, currency), "@type": "Price"},
             "priceAlteration": alterations, "@type": "ProductPrice"}
    return {"id": str(rec.rank), "priority": rec.rank, "productOffering": offering, "productPrice": [price],
            "@type": "RecommendationItem"}


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
        "recommendationItem": [_item(r) for r in answer.recommendations],
        "@type": "TariffQueryProductRecommendation",
        "@baseType": "QueryProductRecommendation",
        "catalogueVersion": answer.catalogue_version,
        "engine": answer.engine,
        "solveStatus": answer.status,
        "suggestion": list(answer.suggestions),
    }
