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
``uplinkDays``             ``needs.uplink_days``            integer 1 … 31 (default: the month; with minUplinkMbps)
``downlinkDays``           ``needs.downlink_days``          integer 1 … 31 (with minDownlinkMbps)
``satelliteMinutes``       ``needs.satellite_minutes``      integer 0 … 1 000 000
``satelliteSms``           ``needs.satellite_sms``          integer 0 … 1 000 000
``broadbandMbps``          ``needs.broadband_mbps``         integer 0 … 100 000
``roamingZone``            ``needs.roaming.zone``           ``"hk-mo-tw"``, ``"asia"``, ``"europe"``,
                                                            ``"americas"`` or ``"other"``
``roamingDays``            ``needs.roaming.days``           integer 1 … 31 (days of the trip)
``appShare``               ``app_share``                    object ``{"video": 30}``: GB of ``dataGB``
                                                            per app category (sum ≤ ``dataGB``)
``lines``                  ``lines``                        array (1 … 10) of ``{name, dataGB,
                                                            voiceMinutes, sms, appShare}`` objects
                                                            (each key optional): a household, the
                                                            holder first
=========================  ===============================  ======================================

Values are typed JSON (``45``, not ``"45"``; ``true``, not ``1``), as on ``/api/v1``; at most one of
``currentPlanId`` and ``currentMonthlyBillFen``; usage one way, either ``dataGB``/``voiceMinutes``/
``sms`` or ``months``.  The month objects' keys are camelCase like the names; ``objective`` and
``currency`` take the ``/api/v1`` values as they are.  Exchange rates are one object (the profile's
``exchange_rates``) rather than one characteristic per currency, so a new currency needs no new name.
Itemised records (calls, sessions, messages) are not offered over TMF680: upload them as CSV to
``POST /api/v1/recommendations/usage``.

Households: ``lines`` gives each line's usage (instead of ``dataGB``/``voiceMinutes``/``sms``/
``appShare``/``months``); the other characteristics are the household's (its needs are the holder's and the
whole household's, e.g. ``broadbandMbps``). A line's own needs, several trips abroad and a month's own trips
are not offered as characteristics (they are ``/api/v1``'s ``lines[].needs``, ``needs.roaming`` as a list and
``months[].roaming``): a flat list of name/value pairs cannot say which line or trip a value belongs to
without inventing a naming scheme that no TMF client knows. A household's answer carries, on each item, the
extension ``household {perLine[] {line, name, amount}, shared, oneOff, sharedPoolUse}`` (each
``priceAlteration`` of a household also says its ``line``: 0 the holder, i the i-th extra line, absent
when shared), and on the document ``separateLines {item[] {line, name, productOffering, amount,
rankingPrice, condition}, complete, total, worstMonth, householdSaves, withinBudget}``: the cheapest
one-plan-per-line set (``total`` in the request's currency, effective monthly; ``worstMonth`` the largest month of
its bills side by side; ``householdSaves`` what the household's best bundle saves a month against it, negative when
the separate plans cost less; ``withinBudget`` beside a budget), always beside the household ranking.

The answer is a ``QueryProductRecommendation`` in state ``done`` (answered synchronously).  Each
``recommendationItem`` has ``priority`` (the rank), ``productOffering`` (a reference to the base
plan's TMF620 offering, with the packs as ``bundledProductOffering`` and their counts in
``bundledProductOfferingOption.numberRelOfferDefault``; for a history, every pack bought in any month, its
count in the first month as the default and the fewest and most of the months as the lower and upper limits)
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
  ``horizonTotal`` (Money), ``rankingPrice`` (Money in the request's ``currency``: the figure the
  ranking compared, converted at the given exchange rate when the plan is priced in another currency) and
  ``worstMonth`` (Money in the request's ``currency``: the largest monthly bill over the horizon, what
  ``objective: worst_month`` ranks by before ``rankingPrice``; ``/api/v1``'s ``worst_month_fen``).

Each item also carries, as extensions, ``condition`` (the conditions of sale, as ``/api/v1``'s
``conditions``) and ``term`` (the contract terms, as ``/api/v1``'s ``terms``: those the effective price includes,
and on a plan kept what binds it still and its installation fees taken as paid:
``{code, params, text}``, e.g. ``term.minimum_term``; empty without any).

Besides ``catalogueVersion``, ``engine``, ``solveStatus``, ``suggestion`` (texts) and ``suggestionDetail`` (the same
suggestions as ``/api/v1``'s ``suggestions``, ``{code, params, text}``), the document's extension fields say how it
ranked: ``currency``, ``objective`` and ``horizonMonths``.  Texts are worded in the request's language (``en`` or
``zh``); price names, codes, params and figures are the same in each.
"""

import math
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from ..answer import Answer, Household, InvoiceLine, Recommendation, SeparateLines, condition_doc, message_doc
from ..messages import Message, Names, catalogue, render
from ..money import fen_to_yuan
from ..profile import (
    APP_CATEGORIES,
    ID_PATTERN,
    MAX_AGE,
    MAX_COUNT,
    MAX_DAYS,
    MAX_FEN,
    MAX_GB,
    MAX_HORIZON_MONTHS,
    MAX_LINES,
    MAX_MBPS,
    MAX_MONTHS,
    MAX_RATE,
    MIN_RATE,
    REGION_PATTERN,
    ZONES,
    Profile,
    field_locs,
)
from .tmf620 import CURRENCY, offering_href, price_href

BASE = "/tmf-api/recommendationManagement/v4"
CURRENCY_PATTERN = "^[A-Z]{3}$"
_IDS = {"type": "array", "maxItems": 32, "items": {"type": "string", "pattern": ID_PATTERN}}

_GB = {"type": "number", "minimum": 0, "maximum": int(MAX_GB)}
_DAYS = {"type": "integer", "minimum": 1, "maximum": MAX_DAYS}
_COUNT = {"type": "integer", "minimum": 0, "maximum": MAX_COUNT}
_SHARE = {"type": "object", "additionalProperties": False, "properties": {c: _GB for c in APP_CATEGORIES},
          "description": "GB of the data per app category; at most the data in all"}
MAX_NAME = 64
"""A line's name, at most this long (as ``LineUsage.name``)."""
LINE_KEYS = {"name": ("name", "string"), "dataGB": ("data_gb", "number"), "voiceMinutes": ("voice_minutes", "integer"),
             "sms": ("sms", "integer"), "appShare": ("app_share", "share")}
"""The keys of a ``lines`` entry: profile field and JSON type."""

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
    "benefits": (("benefits",), "array", _IDS),
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
        "additionalProperties": {"type": "number", "minimum": float(MIN_RATE), "maximum": float(MAX_RATE)}}),
    "age": (("about", "age"), "integer", {"type": "integer", "minimum": 0, "maximum": MAX_AGE}),
    "region": (("about", "region"), "string", {"type": "string", "pattern": REGION_PATTERN}),
    "customerOf": (("about", "customer_of"), "string", {"type": "string", "pattern": ID_PATTERN}),
    "memberships": (("about", "memberships"), "array", _IDS),
    "groups": (("about", "groups"), "array", _IDS),
    "eligibility": (("eligibility",), "string", {"type": "string", "enum": ["strict", "lenient"]}),
    "asOf": (("as_of",), "string", {"type": "string", "format": "date"}),
    "benefitsRequired": (("benefits_required",), "array", _IDS),
    "uplinkDays": (("needs", "uplink_days"), "integer", _DAYS),
    "downlinkDays": (("needs", "downlink_days"), "integer", _DAYS),
    "satelliteMinutes": (("needs", "satellite_minutes"), "integer", _COUNT),
    "satelliteSms": (("needs", "satellite_sms"), "integer", _COUNT),
    "broadbandMbps": (("needs", "broadband_mbps"), "integer", {"type": "integer", "minimum": 0, "maximum": MAX_MBPS}),
    "roamingZone": (("needs", "roaming", "zone"), "string", {"type": "string", "enum": list(ZONES)}),
    "roamingDays": (("needs", "roaming", "days"), "integer", _DAYS),
    "appShare": (("app_share",), "share", _SHARE),
    "lines": (("lines",), "lines", {
        "type": "array", "minItems": 1, "maxItems": MAX_LINES,
        "items": {"type": "object", "additionalProperties": False, "properties": {
            "name": {"type": "string", "maxLength": MAX_NAME}, "dataGB": _GB, "voiceMinutes": _COUNT, "sms": _COUNT,
            "appShare": _SHARE}}}),
}
MONTH_KEYS = {"dataGB": ("data_gb", "number"), "voiceMinutes": ("voice_minutes", "integer"),
              "sms": ("sms", "integer")}
"""The keys of a ``months`` entry: profile field and JSON type."""


class CharacteristicError(ValueError):
    """Invalid characteristics: ``errors`` holds ``(path, reason)``, e.g. ``productCharacteristic[2].value``."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{p}: {r}" for p, r in errors))


def _typed(kind: str, value: object) -> tuple[str, str] | None:
    """Where in ``value`` (``""``, ``[1].dataGB``, ``.USD``) and why it is not of JSON type ``kind`` (None: it is)."""
    if kind in _SCALARS:
        return None if _SCALARS[kind][0](value) else ("", _SCALARS[kind][1])
    if kind == "array":
        if not isinstance(value, list):
            return "", "an array of strings is needed"
        return next(((f"[{i}]", "a string is needed") for i, item in enumerate(value) if not isinstance(item, str)),
                    None)
    if kind == "rates":
        if found := _numbers(value, "exchange rates", '{"USD": 7.2}'):
            return found
        assert isinstance(value, dict)
        return next(((f".{key}", f"an exchange rate is at least {MIN_RATE}") for key, rate in value.items()
                     if 0 < rate < float(MIN_RATE)), None)
    if kind == "months":
        return _typed_items(value, MONTH_KEYS)
    if kind == "lines":
        found = _typed_items(value, LINE_KEYS)
        long = next((i for i, line in enumerate(value) if len(line.get("name") or "") > MAX_NAME), None) \
            if found is None and isinstance(value, list) else None
        return found or (None if long is None else (f"[{long}].name", f"at most {MAX_NAME} characters"))
    if kind == "share":
        return _numbers(value, "GB per app category", '{"video": 30}')
    return None


def _is_number(value: object) -> bool:
    finite = isinstance(value, int) or (isinstance(value, float) and math.isfinite(value))
    return finite and not isinstance(value, bool)


_SCALARS: dict[str, tuple[Callable[[object], bool], str]] = {
    "number": (_is_number, "a JSON number is needed"),
    "integer": (lambda v: isinstance(v, int) and not isinstance(v, bool), "a JSON integer is needed"),
    "boolean": (lambda v: isinstance(v, bool), "true or false is needed"),
    "string": (lambda v: isinstance(v, str), "a string is needed"),
}
"""The JSON types of single values: what holds, and what is said when it does not."""


def _numbers(value: object, what: str, example: str) -> tuple[str, str] | None:
    """Where and why ``value`` is not an object of JSON numbers (None when it is)."""
    if not isinstance(value, dict):
        return "", f"an object of {what} is needed, e.g. {example}"
    return next(((f".{key}", found[1]) for key, number in value.items() if (found := _typed("number", number))), None)


def _typed_items(value: object, keys: Mapping[str, tuple[str, str]]) -> tuple[str, str] | None:
    """Where and why ``value`` is not an array of objects with these keys, each of its type."""
    if not isinstance(value, list):
        return "", f"an array of {{{', '.join(keys)}}} objects is needed"
    for i, item in enumerate(value):
        if not isinstance(item, dict):
            return f"[{i}]", f"an object {{{', '.join(keys)}}} is needed"
        for key, amount in item.items():
            if key not in keys:
                return f"[{i}].{key}", f"unknown key (known: {', '.join(keys)})"
            if found := _typed(keys[key][1], amount):
                return f"[{i}].{key}{found[0]}", found[1]
    return None


def _converted(kind: str, value: Any) -> Any:
    """A JSON value as the profile takes it: exact decimals for numbers, snake_case month keys."""
    if kind == "number":
        return Decimal(str(value))
    if kind == "rates":
        return {key: Decimal(str(rate)) for key, rate in value.items()}
    if kind == "share":
        return {key: Decimal(str(gb)) for key, gb in value.items()}
    if kind in ("months", "lines"):
        keys = MONTH_KEYS if kind == "months" else LINE_KEYS
        return [{keys[key][0]: _converted(keys[key][1], amount) for key, amount in item.items()} for item in value]
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
        if found := _typed(kind, value):
            errors.append((f"{at}.value{found[0]}", found[1]))
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
        errors.extend((_locate(loc, where), render(_in_characteristics(reason))) for loc, reason in field_locs(exc))
        raise CharacteristicError(errors) from None


NAMED_FIELDS = ("days", "speed", "key")
"""The params of a profile's reasons that name one of its fields (``profile.days_without_speed``, ``top_and_line``)."""


def _in_characteristics(reason: Message) -> Message:
    """A profile's reason as a TMF680 query says it: its own wording where the profile's names ``/api/v1``'s fields
    (``tmf680.profile.*``: "give exactly one of currentPlanId or currentMonthlyBillFen"), and a field it names as the
    characteristic (``uplinkDays``, not ``uplink_days``).  Found by the integrator test: "give exactly one of plan_id or
    monthly_bill_fen" of currentPlanId and currentMonthlyBillFen, fields the query has none of."""
    params = {key: _CHARACTERISTIC_OF.get(value, value) if key in NAMED_FIELDS and isinstance(value, str) else value
              for key, value in reason.params.items()}
    own = f"tmf680.{reason.code}"
    return Message(own if own in catalogue("en") else reason.code, params)


_CAMEL = {field: key for key, (field, _kind) in (MONTH_KEYS | LINE_KEYS).items()}
_CHARACTERISTIC_OF = {path[-1]: name for name, (path, _kind, _schema) in sorted(
    CHARACTERISTICS.items(), key=lambda item: -len(item[1][0]))}
"""A profile field's characteristic (the one nearest the top where two end alike: ``data_gb`` is ``dataGB``)."""


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
        if kind in ("months", "lines") and isinstance(value, list):
            keys = MONTH_KEYS if kind == "months" else LINE_KEYS
            value = [{key: item[field] for key, (field, _t) in keys.items() if field in item} for item in value]
        if value is not None:
            out.append({"name": name, "value": value})
    return out


def _money(fen: int, currency: str) -> dict[str, Any]:
    value = fen_to_yuan(fen)
    return {"unit": currency, "value": value}


Text = Callable[[Message], str]


def _text(message: Message, names: Names | None = None) -> str:
    return render(message, "en", names)


def _alterations(lines: Sequence[InvoiceLine], currency: str, household: bool = False,
                 text: Text = _text) -> list[dict[str, Any]]:
    """An invoice's lines as ``PriceAlteration``s (base fee and packs refer to their TMF620 prices; in a
    household, each says whose ``line`` it is, absent when shared)."""
    alterations = []
    for line in lines:
        kind, ref = line.kind, line.ref
        alteration: dict[str, Any] = {
            "name": text(line.label), "description": kind, "assumed": line.assumed,
            "priceType": "usage" if kind in ("overage", "throttled") else "recurring",
            "recurringChargePeriod": "month",
            "price": {"taxIncludedAmount": _money(line.fen, currency), "@type": "Price"},
            "@type": "PriceAlteration",
        }
        if household and line.owner is not None:
            alteration["line"] = line.owner
        if kind in ("base", "pack"):
            price_id = f"{ref}-fee" if kind == "base" else f"{ref}-price"
            alteration["productOfferingPrice"] = {"id": price_id, "href": price_href(price_id),
                                                  "@referredType": "ProductOfferingPrice"}
        alterations.append(alteration)
    return alterations


def _prices(rec: Recommendation, ranking_currency: str, history: bool, text: Text = _text) -> list[dict[str, Any]]:
    """The item's prices: the month's total (or one per usage month of a history, even of one month, as
    ``/api/v1`` sends ``months``), then the effective monthly price.  Their names are the same in each language
    (what a client finds a price by); their descriptions are worded."""
    currency = str(getattr(rec, "currency", CURRENCY))
    if history:
        prices: list[dict[str, Any]] = [{"name": f"month {month['month']}",
                   "description": " + ".join(f"{p['id']} × {p['count']}" for p in month["packs"])
                   or text(Message("tmf680.no_packs", {})),
                   "priceType": "recurring", "recurringChargePeriod": "month",
                   "price": {"taxIncludedAmount": _money(int(month["total_fen"]), currency), "@type": "Price"},
                   "priceAlteration": _alterations(month["breakdown"], currency, text=text), "@type": "ProductPrice"}
                  for month in rec.months]
    else:
        prices = [{"name": "monthly total", "description": rec.total_yuan, "priceType": "recurring",
                   "recurringChargePeriod": "month",
                   "price": {"taxIncludedAmount": _money(rec.total_fen, currency), "@type": "Price"},
                   "priceAlteration": _alterations(rec.breakdown, currency, rec.household is not None, text),
                   "@type": "ProductPrice"}]
    prices.append({
        "name": "effective monthly",
        "description": text(Message("tmf680.effective", {"months": rec.horizon_months, "currency": currency,
                                                          "amount_fen": rec.effective_monthly_fen})),
        "priceType": "recurring", "recurringChargePeriod": "month",
        "price": {"taxIncludedAmount": _money(rec.effective_monthly_fen, currency), "@type": "Price"},
        "horizonMonths": rec.horizon_months,
        "firstMonth": _money(rec.first_month_fen, currency),
        "horizonTotal": _money(rec.horizon_total_fen, currency),
        "rankingPrice": _money(rec.ranking_fen, ranking_currency),
        "worstMonth": _money(rec.worst_month_fen, ranking_currency),
        "@type": "EffectiveProductPrice", "@baseType": "ProductPrice",
    })
    return prices


def _offering(rec: Recommendation) -> dict[str, Any]:
    """The plan's offering with the packs bought: in any month of a history, each with its count in the first
    month (``numberRelOfferDefault``, 0 if it is bought later only) and the fewest and most of the months
    (found in review: a pack bought from February on was missing, its price in the total)."""
    months = [m["packs"] for m in rec.months] or [rec.packs]
    named = {str(p["id"]): p["name"] for packs in months for p in packs}
    counts = [{str(p["id"]): int(p["count"]) for p in packs} for packs in months]
    bundled = [{"id": pid, "href": offering_href(pid), "name": name,
                "bundledProductOfferingOption": {"numberRelOfferDefault": counts[0].get(pid, 0),
                                                 "numberRelOfferLowerLimit": min(c.get(pid, 0) for c in counts),
                                                 "numberRelOfferUpperLimit": max(c.get(pid, 0) for c in counts)}}
               for pid, name in named.items()]
    return {"id": rec.plan_id, "href": offering_href(rec.plan_id), "name": rec.plan_name,
            "@referredType": "ProductOffering", "bundledProductOffering": bundled}


def _conditions(rec: Recommendation, text: Text) -> list[dict[str, Any]]:
    return [condition_doc(c, text) for c in rec.conditions]


def _item(rec: Recommendation, ranking_currency: str = CURRENCY, history: bool = False,
          text: Text = _text) -> dict[str, Any]:
    conditions = _conditions(rec, text)
    item: dict[str, Any] = {
        "id": str(rec.rank), "priority": rec.rank, "productOffering": _offering(rec),
        "productPrice": _prices(rec, ranking_currency, history, text), "condition": conditions,
        "term": [message_doc(m, text) for m in rec.terms],
        "assumedAmount": _money(rec.assumed_fen, str(rec.currency)), "@type": "RecommendationItem"}
    if rec.benefits_met or rec.benefits_missing:  # (the benefits wished for: said of each bundle, as /api/v1 and
        # the form say them; found by the benefits user test, they went in and nothing came out)
        item["benefitsMet"], item["benefitsMissing"] = list(rec.benefits_met), list(rec.benefits_missing)
    if rec.household is not None:
        item["household"] = _household(rec.household, str(rec.currency))
    if rec.savings is not None:  # (in the request's currency, as the current price)
        item["savings"] = {"code": rec.savings["code"], "amount": _money(rec.savings["fen"], ranking_currency),
                           "perYear": _money(rec.savings["per_year_fen"], ranking_currency)}
    return item


def _household(household: Household, currency: str) -> dict[str, Any]:
    return {"perLine": [{"line": i, "name": name, "amount": _money(fen, currency)}
                        for i, (name, fen) in enumerate(zip(household.names, household.per_line_fen, strict=True))],
            "shared": _money(household.shared_fen, currency), "oneOff": _money(household.one_off_fen, currency),
            "sharedPoolUse": {meter: dict(use) for meter, use in household.shared_pool_use.items()}}


def _separate(separate: SeparateLines, best_fen: int | None, text: Text) -> dict[str, Any]:
    items = []
    for line in separate.lines:
        rec = line.recommendation
        entry: dict[str, Any] = {"line": line.line, "name": line.name, "solveStatus": line.status}
        if rec is not None:
            entry.update({"productOffering": _offering(rec), "amount": _money(rec.total_fen, str(rec.currency)),
                          "rankingPrice": _money(rec.price_fen, separate.currency),
                          "condition": _conditions(rec, text)})
        items.append(entry)
    total, worst, sure, saves = (separate.effective_monthly_fen, separate.worst_month_fen, separate.sure,
                                 separate.saves_fen(best_fen))
    return {"item": items, "complete": separate.complete,
            **({"sure": _separate(sure, best_fen, text)} if sure is not None else {}),
            **({"total": _money(total, separate.currency)} if total is not None else {}),
            **({"worstMonth": _money(worst, separate.currency)} if worst is not None else {}),
            **({"householdSaves": _money(saves, separate.currency)} if saves is not None else {}),
            **({"withinBudget": separate.within_budget} if separate.within_budget is not None else {})}


def query_document(query_id: str, request: Mapping[str, Any], answer: Answer,
                   names: Names | None = None, lang: str = "en") -> dict[str, Any]:
    """The ``QueryProductRecommendation`` answering ``request`` (state ``done``), its texts in ``lang`` (``en`` or
    ``zh``, as ``/api/v1`` words them: found by the user test, TMF680 answered English to ``Accept-Language: zh-CN``);
    ``names`` (the served catalogue's, in ``lang``) word operators, plans and packs in the texts as ``/api/v1`` does."""

    def text(message: Message) -> str:
        return render(message, lang, names)
    echoed = {k: request[k] for k in ("name", "description", "recommendationType", "validFor", "category",
                                      "channel", "place", "relatedParty") if k in request}
    document = {
        "id": query_id,
        "href": f"{BASE}/queryProductRecommendation/{query_id}",
        **echoed,
        "instantSyncRecommendation": True,
        "state": "done",
        "productCharacteristic": [{"name": c["name"], "value": c["value"]}
                                  for c in request.get("productCharacteristic", [])],
        "recommendationItem": [_item(r, answer.currency, answer.history, text) for r in answer.recommendations],
        "@type": "TariffQueryProductRecommendation",
        "@baseType": "QueryProductRecommendation",
        "catalogueVersion": answer.catalogue_version,
        "engine": answer.engine,
        "solveStatus": answer.status,
        "suggestion": [text(m) for m in answer.suggestions],
        # (as /api/v1's suggestions, beside the texts clients read: found by the user test, a client had to parse
        # "raise the budget to ¥188.00 (…)" back, where advice and nothingFits carry codes)
        "suggestionDetail": [message_doc(m, text) for m in answer.suggestions],
        "currency": answer.currency,
        "objective": answer.objective,
        "horizonMonths": answer.horizon_months,
        "advice": [message_doc(m, text) for m in answer.advice],
    }
    if answer.nothing_fits is not None:
        said = answer.nothing_fits
        document["nothingFits"] = message_doc(said, text)
    if answer.current_fen is not None:
        document["currentPrice"] = _money(answer.current_fen, answer.currency)
    if answer.separate_lines is not None:
        document["separateLines"] = _separate(answer.separate_lines, answer.best_fen, text)
    return document
