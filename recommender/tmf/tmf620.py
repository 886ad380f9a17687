"""TMF620 Product Catalog (v4) documents from the plan files, and back again.

Export (``catalogue_documents``): every base plan and add-on pack becomes a ``ProductOffering``;
every figure that has a price or a quantity becomes a ``ProductOfferingPrice`` (POP):

===================  ==========================================================================
POP id               meaning
===================  ==========================================================================
``<plan>-fee``       ``priceType: recurring``, month: the plan's monthly fee
``<pack>-price``     the pack's price: ``recurring`` a month (billing ``monthly``) or a day (``per_day``), or
                    ``oneTime`` (``per_use``)
``<id>-<m>-allowance`` ``recurring``, price 0, ``unitOfMeasure {amount, units}``: what the plan includes
                     (or one pack adds) each month on meter ``m`` (a pack's: per day or per use, ``oneTime``,
                     as its price); unlimited: no ``unitOfMeasure`` (its amount is a number) but
                     ``unlimited: true`` and ``description: unlimited``
``<plan>-<m>-overage`` ``usage``, ``unitOfMeasure {amount: 1, units}``: the price per started unit beyond it
``<plan>-promotion-<n>`` ``recurring``, month: the fee of promotion n, from contract month ``fromMonth``
                    (where the one before ends) to ``firstMonths``
``<plan>-one-off-charge`` ``oneTime``: the plan's one-off fee
``<plan>-minimum-spend``  ``recurring``, month: the least a month's bill comes to
``<plan>-extra-line-charge`` ``recurring``, month: each extra line's fee (``maxLines``)
``<pack>-installation-charge`` ``oneTime``: the pack's installation fee
===================  ==========================================================================

The last five are informative: they are the plan file's terms, extra lines and installation fee, which
travel back in ``planFileFields`` (an import reads them there, and refuses such a price that says otherwise).

Meters ``m``: ``data``, ``roaming-data`` (units ``GB``); ``voice``, ``roaming-voice``,
``satellite-minutes`` (``minute``); ``sms``, ``satellite-sms`` (``SMS``).

Packs point at offerings with ``productOfferingRelationship``: ``requires`` (the base plans it can be
added to, one of them per bundle), ``freeWith`` (plans on which it costs nothing) and ``excludes``
(packs it cannot be combined with).  Speeds are ``prodSpecCharValueUse`` entries (``downlinkMbps``,
``uplinkMbps``, ``broadbandMbps``, ``throttleKbps``).

The rest travels in TM Forum's polymorphic extension: objects name their subtype in ``@type``, the
TMF type they extend in ``@baseType`` and the subtype's schema in ``@schemaLocation``:

* ``TariffProductOffering`` (a ``ProductOffering``) adds ``offeringKind`` (``basePlan`` | ``addOnPack``),
  ``operator {id, name, nameEn, currency}``, ``benefits`` (with ``benefitsSource`` and ``benefitsNote`` when
  the plan file says where they come from), plans' ``eligibility``, and packs'
  ``packKind``, ``satellite``, ``maxCount``, ``group`` and ``eligibleWithAnyPlan`` (the pack names no
  plans: it fits every plan of its operator, including ones added later).
* ``SourcedProductOfferingPrice`` (a ``ProductOfferingPrice``) adds ``priceRole`` (``fee`` |
  ``packPrice`` | ``allowance`` | ``overage`` | ``promotion`` | ``oneOffFee`` | ``minimumSpend`` |
  ``extraLineFee`` | ``installationFee``), ``meter``, ``unlimited`` (an allowance without limit) and the figure's
  provenance ``source`` (``seed:<fact id>`` or ``assumption: <reason>``) and ``note``.
* ``SourcedCharacteristicValue`` (a characteristic value) adds ``source`` and ``note`` likewise.
* ``planFileFields`` on an offering: any other plan-file field of the plan or pack (e.g. billing
  rules, contract terms, add-on lines, app data, a pack's billing and installation fee), and the
  parts of ``overage``, ``roaming``, ``satellite`` and ``adds`` no price above carries (tiers, caps,
  day passes, zone rates, satellite rates and packs' satellite allowances), as written, so that
  nothing is lost on the way back.

``isSellable`` is false for a pack sold on no plan and for a plan kept for its holders (``holders_only``); every
offering is ``lifecycleStatus: Active``.  ``description`` is the English name.  Money is yuan as a JSON number
(``21.9``), read back exactly.

Import (``operator_files``) reads such documents back into plan-file models, and ``plan_yaml``
writes one as YAML, so that export → import → load gives the same catalogue.
"""

import copy
import datetime
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from ..catalogue import Catalogue
from ..catalogue.load import number_written
from ..catalogue.model import promotion_spans
from ..catalogue.problem import Problem, Said
from ..catalogue.regions import UTC_OFFSETS
from ..catalogue.spec import Benefits, Figure, OperatorFile, PackSpec, PlanSpec, benefit_ids
from ..messages import Message, Refused, message, problem_text, render
from ..messages import catalogue as wording
from ..messages.invalid import as_message
from ..profile import field_path

BASE = "/tmf-api/productCatalogManagement/v4"
SCHEMA_BASE = "https://example.invalid/5g-a-tariff-recommender/tmf"
OFFERING_TYPE = "TariffProductOffering"
PRICE_TYPE = "SourcedProductOfferingPrice"
VALUE_TYPE = "SourcedCharacteristicValue"
LIFECYCLE = "Active"
UNLIMITED = "unlimited"
CURRENCY = "CNY"
NO_SOURCE = "assumption: imported from a TMF620 export that gave no provenance"

# meter slug → (units, the plan-file path of a plan's allowance, of a pack's addition, of an overage rate)
METERS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...] | None, tuple[str, ...] | None]] = {
    "data": ("GB", ("data_gb",), ("adds", "data_gb"), ("overage", "data_per_gb")),
    "voice": ("minute", ("voice_minutes",), ("adds", "voice_minutes"), ("overage", "voice_per_minute")),
    "sms": ("SMS", ("sms",), ("adds", "sms"), ("overage", "sms_each")),
    "roaming-data": ("GB", ("roaming", "data_gb"), ("adds", "roaming_data_gb"), None),
    "roaming-voice": ("minute", ("roaming", "voice_minutes"), ("adds", "roaming_voice_minutes"), None),
    "satellite-minutes": ("minute", ("satellite", "minutes"), None, None),
    "satellite-sms": ("SMS", ("satellite", "sms"), None, None),
}
# characteristic name → (plan-file field, unit); plans have all four, packs the first two
CHARACTERISTICS: dict[str, tuple[tuple[str, ...], str]] = {
    "downlinkMbps": (("downlink_mbps",), "Mbps"),
    "uplinkMbps": (("uplink_mbps",), "Mbps"),
    "broadbandMbps": (("broadband_mbps",), "Mbps"),
    "throttleKbps": (("overage", "throttle_kbps"), "kbps"),
}
PACK_CHARACTERISTICS = ("downlinkMbps", "uplinkMbps")


class TmfImportError(Refused):
    """A TMF620 document that cannot become a plan file, said as a code (``tmf620.refused.*``) and its parameters,
    where first (``at``); ``str`` is its English (found by the integrator QA: ``import tmf620 --lang zh`` said these in
    English after a Chinese "错误：")."""

    def __init__(self, reason: Message | str, **params: Any) -> None:
        super().__init__(reason if isinstance(reason, Message) else Message(reason, params))


def offering_href(offering_id: str) -> str:
    return f"{BASE}/productOffering/{offering_id}"


def price_href(price_id: str) -> str:
    return f"{BASE}/productOfferingPrice/{price_id}"


def number(value: object) -> int | float | str:
    """A decimal figure as a JSON number (exact: ``str`` of the float gives the decimal back).

    A figure that is not a number (an allowance written ``unlimited``) stays a string.
    """
    if not isinstance(value, Decimal):
        return str(value)
    return int(value) if value == value.to_integral_value() else float(value)


def _decimal(value: object, where: str) -> Decimal | str:
    if isinstance(value, str) and any(c.isdigit() and not c.isascii() for c in value):
        # (found by the integrator QA: '１９９' was read as 199, Decimal reading any script's digits; a JSON number is
        # ASCII, so such a figure was typed into the file by hand or by a tool the export is not: said, not guessed)
        shown = unicodedata.normalize("NFKC", value)
        try:
            shown = str(Decimal(shown))
        except InvalidOperation:
            pass
        raise TmfImportError("tmf620.refused.digits", at=where, value=_said(value), number=shown)
    if isinstance(value, str) and not value.removeprefix("-")[:1].isdigit():
        return value  # e.g. 'unlimited': the plan-file model decides whether it is allowed
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise TmfImportError("tmf620.refused.not_number", at=where, value=_said(value))
    try:
        number = Decimal(str(value))
    except InvalidOperation:  # ('199元', '30GB': the plan-file model says why it is no number, as it does in a plan
        return str(value)     # file; found by the plan-files helper: a traceback)
    if number < 0:  # (found by the integrator QA: '-5' was refused in pydantic's words for a union, "…decimal: Input
        # should be greater than or equal to 0; …literal['unlimited']: Input should be 'unlimited'", at the plan-file
        # field, not at the price)
        raise TmfImportError("tmf620.refused.below_zero", at=where, value=_said(value))
    return number


# plan-file fields this mapping places in TMF structures; any other field travels in `planFileFields`
PLAN_MAPPED = frozenset({"id", "name", "name_en", "monthly_fee", "data_gb", "voice_minutes", "sms", "downlink_mbps",
                         "uplink_mbps", "overage", "roaming", "satellite", "broadband_mbps", "benefits", "eligibility"})
PACK_MAPPED = frozenset({"id", "name", "name_en", "kind", "price", "adds", "downlink_mbps", "uplink_mbps",
                         "satellite", "benefits", "max_count", "plans", "requires_plans", "free_with", "group",
                         "excludes", "eligibility"})
# inside the mapped fields, the parts placed in TMF structures (the rest travels in `planFileFields` too)
NESTED_MAPPED = {"overage": {"data_per_gb", "throttle_kbps", "voice_per_minute", "sms_each"},
                 "roaming": {"data_gb", "voice_minutes"}, "satellite": {"minutes", "sms"},
                 "adds": {"data_gb", "voice_minutes", "sms", "roaming_data_gb", "roaming_voice_minutes"}}


def _unmapped(spec: PlanSpec | PackSpec, mapped: frozenset[str]) -> dict[str, Any]:
    out = spec.model_dump(mode="json", exclude=set(mapped), exclude_defaults=True)
    for name, placed in NESTED_MAPPED.items():
        part = getattr(spec, name, None) if name in mapped else None
        if isinstance(part, BaseModel):  # (a pack's `satellite` is a flag)
            rest = part.model_dump(mode="json", exclude=placed, exclude_defaults=True)
            if rest:
                out[name] = rest
    return out


def _get(spec: object, path: Sequence[str]) -> object:
    for key in path:
        spec = getattr(spec, key) if spec is not None else None
    return spec


def _extension(kind: str, base: str) -> dict[str, str]:
    return {"@type": kind, "@baseType": base, "@schemaLocation": f"{SCHEMA_BASE}/{kind}.schema.json"}


def _ref(item_id: str, name: str, href: str, referred: str) -> dict[str, str]:
    return {"id": item_id, "href": href, "name": name, "@referredType": referred}


# -- export ----------------------------------------------------------------------------------------


PRICE_IDS = {"fee": "fee", "packPrice": "price", "allowance": "{meter}-allowance", "overage": "{meter}-overage",
             "oneOffFee": "one-off-charge", "minimumSpend": "minimum-spend", "extraLineFee": "extra-line-charge",
             "installationFee": "installation-charge"}
"""A price's id by its role, after its offering's (``<offering>-fee``; a promotion's are numbered): the export
writes them and the import finds an offering's prices by them (``_one_of_each``, ``_as_exported``)."""


def _price_id(offering: str, role: str, meter: str | None = None) -> str:
    return f"{offering}-{PRICE_IDS.get(role, '?').format(meter=meter)}"


def _price(price_id: str, name: str, role: str, figure: Figure, currency: str, meter: str | None = None,
           price_type: str = "recurring", amount_is_price: bool = True, period: str = "month") -> dict[str, Any]:
    doc: dict[str, Any] = {"id": price_id, "href": price_href(price_id), "name": name, "isBundle": False,
                           "lifecycleStatus": LIFECYCLE, "priceType": price_type}
    if amount_is_price:
        doc["price"] = {"unit": currency, "value": number(figure.value)}
    else:  # an allowance: included in the fee, so free, for `amount` units
        doc["price"] = {"unit": currency, "value": 0}
    if price_type == "recurring":
        doc["recurringChargePeriodType"] = period
        doc["recurringChargePeriodLength"] = 1
    unlimited = not amount_is_price and figure.value == UNLIMITED
    if unlimited:  # (TMF's Quantity.amount is a number: found by the user test, a client generated from the TMF
        # schema failed on amount 'unlimited'; no Quantity, whose amount defaults to 1, but the extension's flag)
        doc["description"] = UNLIMITED
    elif meter is not None:
        units = METERS[meter][0]
        doc["unitOfMeasure"] = {"amount": 1 if amount_is_price else number(figure.value), "units": units}
    doc.update(_extension(PRICE_TYPE, "ProductOfferingPrice"))
    doc.update({"priceRole": role, "meter": meter, **({"unlimited": True} if unlimited else {}),
                "source": figure.source, "note": figure.note})
    return doc


def _characteristics(spec: PlanSpec | PackSpec, names: Iterable[str]) -> list[dict[str, Any]]:
    out = []
    for name in names:
        path, unit = CHARACTERISTICS[name]
        figure = _get(spec, path)
        if figure is None:
            continue
        assert isinstance(figure, Figure)
        value = {"value": number(figure.value), "unitOfMeasure": unit, "valueType": "integer", "isDefault": True,
                 **_extension(VALUE_TYPE, "CharacteristicValueSpecification"),
                 "source": figure.source, "note": figure.note}
        out.append({"name": name, "valueType": "integer", "productSpecCharacteristicValue": [value]})
    return out


def _offering(spec: PlanSpec | PackSpec, operator: OperatorFile, kind: str,
              prices: list[dict[str, Any]], relationships: list[dict[str, str]],
              characteristics: list[dict[str, Any]], extra: Mapping[str, object]) -> dict[str, Any]:
    category = {"basePlan": ("base-plan", "base plan"), "addOnPack": ("add-on-pack", "add-on pack")}[kind]
    sold_on = spec.allowed_plans if isinstance(spec, PackSpec) else None
    window = spec.eligibility
    at = UTC_OFFSETS.get(operator.operator.country, "Z")  # (a TMF DateTime has its offset: found by schemathesis)
    valid = {} if window is None or (window.available_from is None and window.available_until is None) else {
        "validFor": {**({"startDateTime": f"{window.available_from}T00:00:00{at}"} if window.available_from else {}),
                     **({"endDateTime": f"{window.available_until}T23:59:59{at}"} if window.available_until else {})}}
    return {
        "id": spec.id, "href": offering_href(spec.id), "name": spec.name, "description": spec.name_en,
        # (a plan kept for its holders is not sold anew: found by the user test, a BSS offered ct-5g-59 to new
        # customers; still Active, in use by the people on it)
        "isBundle": False, "isSellable": sold_on != () and not (window is not None and window.holders_only),
        "lifecycleStatus": LIFECYCLE, **valid,
        "category": [{"id": category[0], "name": category[1], "@referredType": "Category"}],
        "productOfferingPrice": [_ref(p["id"], p["name"], p["href"], "ProductOfferingPrice") for p in prices],
        "productOfferingRelationship": relationships,
        "prodSpecCharValueUse": characteristics,
        **_extension(OFFERING_TYPE, "ProductOffering"),
        "offeringKind": kind,
        "operator": {"id": operator.operator.id, "name": operator.operator.name,
                     "nameEn": operator.operator.name_en, "currency": operator.currency,
                     "country": operator.operator.country,
                     "memberships": [m.model_dump(mode="json") for m in operator.operator.memberships]},
        "benefits": list(benefit_ids(spec.benefits)),
        **({"benefitsSource": spec.benefits.source, **({"benefitsNote": spec.benefits.note}
                                                        if spec.benefits.note is not None else {})}
           if isinstance(spec.benefits, Benefits) else {}),
        **extra,
        "planFileFields": _unmapped(spec, PLAN_MAPPED if kind == "basePlan" else PACK_MAPPED),
    }


def _plan_documents(operator: OperatorFile, plan: PlanSpec) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    cur = operator.currency
    prices = [_price(_price_id(plan.id, "fee"), f"{plan.name} monthly fee", "fee", plan.monthly_fee, cur)]
    for meter, (_units, path, _adds, _over) in METERS.items():
        figure = _get(plan, path)
        if isinstance(figure, Figure):
            prices.append(_price(_price_id(plan.id, "allowance", meter), f"{plan.name}: {meter} included", "allowance",
                                 figure, cur, meter, amount_is_price=False))
    for meter, (_units, _path, _adds, over) in METERS.items():
        figure = _get(plan, over) if over else None
        if isinstance(figure, Figure):
            prices.append(_price(_price_id(plan.id, "overage", meter), f"{plan.name}: {meter} beyond the allowance",
                                 "overage", figure, cur, meter, price_type="usage"))
    terms = plan.terms
    spans = promotion_spans([promotion.first_months for promotion in terms.promotions])
    for i, (promotion, (start, last)) in enumerate(zip(terms.promotions, spans, strict=True)):
        fee = ("the first month's fee" if last == 1
               else f"the first {last} months' fee" if start == 1
               else f"the fee of month {start}" if start == last
               else f"the fee of months {start} to {last}")
        prices.append({**_price(f"{plan.id}-promotion-{i + 1}", f"{plan.name}: {fee}", "promotion",
                                promotion.monthly_fee, cur),
                       "firstMonths": last, "fromMonth": start})
    if terms.one_off_fee is not None:
        prices.append(_price(_price_id(plan.id, "oneOffFee"), f"{plan.name}: one-off fee", "oneOffFee",
                             terms.one_off_fee, cur, price_type="oneTime"))
    if terms.minimum_monthly_spend is not None:
        prices.append(_price(_price_id(plan.id, "minimumSpend"), f"{plan.name}: minimum monthly spend", "minimumSpend",
                             terms.minimum_monthly_spend, cur))
    if plan.extra_lines is not None:
        prices.append({**_price(_price_id(plan.id, "extraLineFee"), f"{plan.name}: each extra line", "extraLineFee",
                                plan.extra_lines.fee, cur), "maxLines": plan.extra_lines.max})
    term = [] if not terms.minimum_term_months else [{
        "name": "minimum term", "description": f"{plan.name}: a minimum term of {terms.minimum_term_months} months",
        "duration": {"amount": terms.minimum_term_months, "units": "month"}}]
    offering = _offering(plan, operator, "basePlan", prices, [], _characteristics(plan, CHARACTERISTICS),
                         {"eligibility": _eligibility(plan.eligibility), "productOfferingTerm": term})
    return offering, prices


def _eligibility(rule: Any) -> dict[str, Any] | None:
    """Conditions of sale as the plan file writes them (None: anyone may buy)."""
    return rule.model_dump(mode="json", exclude_defaults=True) if rule is not None else None


def _pack_documents(operator: OperatorFile, pack: PackSpec) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    price_type = "oneTime" if pack.billing == "per_use" else "recurring"
    cur = operator.currency
    prices = [_price(_price_id(pack.id, "packPrice"), pack.name, "packPrice", pack.price, cur, price_type=price_type,
                     period="day" if pack.billing == "per_day" else "month")]
    if pack.install_fee is not None:
        prices.append(_price(_price_id(pack.id, "installationFee"), f"{pack.name}: installation fee", "installationFee",
                             pack.install_fee, cur, price_type="oneTime"))
    for meter, (_units, _path, adds, _over) in METERS.items():
        figure = _get(pack, adds) if adds else None
        if isinstance(figure, Figure):
            prices.append(_price(_price_id(pack.id, "allowance", meter), f"{pack.name}: {meter} added", "allowance",
                                 figure, cur, meter, amount_is_price=False, price_type=price_type,
                                 period="day" if pack.billing == "per_day" else "month"))  # (as its price: QA)
    names = {p.id: p.name for p in operator.plans} | {p.id: p.name for p in operator.packs}
    required = pack.allowed_plans if pack.allowed_plans is not None else tuple(p.id for p in operator.plans)
    relationships: list[dict[str, str]] = []
    for relationship, ids in (("requires", required), ("freeWith", pack.free_with), ("excludes", pack.excludes)):
        relationships.extend({**_ref(i, names[i], offering_href(i), "ProductOffering"),
                              "relationshipType": relationship} for i in ids)
    extra = {"packKind": pack.kind, "satellite": pack.satellite, "maxCount": pack.max_count, "group": pack.group,
             "eligibleWithAnyPlan": pack.allowed_plans is None, "eligibility": _eligibility(pack.eligibility)}
    return _offering(pack, operator, "addOnPack", prices, relationships,
                     _characteristics(pack, PACK_CHARACTERISTICS), extra), prices


def catalogue_documents(catalogue: Catalogue) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """``(productOffering[], productOfferingPrice[])`` of a catalogue, operator by operator in file order (an
    operator split over files: all its plans, then all its packs; an import writes it as one file)."""
    offerings: list[dict[str, Any]] = []
    prices: list[dict[str, Any]] = []
    for operator in catalogue.by_operator():
        for plan in operator.plans:
            offering, pops = _plan_documents(operator, plan)
            offerings.append(offering)
            prices.extend(pops)
        for pack in operator.packs:
            offering, pops = _pack_documents(operator, pack)
            offerings.append(offering)
            prices.extend(pops)
    return offerings, prices


# -- import ----------------------------------------------------------------------------------------


def _set(data: dict[str, Any], path: Sequence[str], value: object) -> None:
    for key in path[:-1]:
        data = data.setdefault(key, {})
    data[path[-1]] = value


def _figure(value: object, holder: Mapping[str, Any], where: str) -> dict[str, object]:
    source = holder.get("source") or NO_SOURCE
    figure: dict[str, object] = {"value": _decimal(value, where), "source": source}
    if holder.get("note") is not None:
        figure["note"] = holder["note"]
    return figure


def _pop_figure(pop: Mapping[str, Any], where: str) -> dict[str, object]:
    if pop.get("priceRole") == "allowance" and pop.get("unlimited") is True and "unitOfMeasure" not in pop:
        return _figure(UNLIMITED, pop, f"{where}.unlimited")
    if pop.get("priceRole") == "allowance":
        return _figure((pop.get("unitOfMeasure") or {}).get("amount"), pop, f"{where}.unitOfMeasure.amount")
    return _figure((pop.get("price") or {}).get("value"), pop, f"{where}.price.value")


def _meter(pop: Mapping[str, Any], where: str) -> str:
    meter = pop.get("meter")
    if meter not in METERS:
        raise TmfImportError("tmf620.refused.meter", at=where, value=_said(meter))
    return str(meter)


def _common(offering: Mapping[str, Any], where: str, characteristics: Sequence[str] = tuple(CHARACTERISTICS)
            ) -> dict[str, Any]:
    data: dict[str, Any] = {"id": offering.get("id"), "name": offering.get("name"),
                            "name_en": offering.get("description") or offering.get("name")}
    if offering.get("benefits"):
        if not isinstance(offering["benefits"], list):
            raise TmfImportError("tmf620.refused.benefits", at=f"{where}.benefits", value=_said(offering["benefits"]))
        data["benefits"] = list(offering["benefits"])
        if offering.get("benefitsSource") is not None:  # (where they come from: ``{value, source, note}``)
            data["benefits"] = {"value": data["benefits"], "source": offering["benefitsSource"],
                                **({"note": offering["benefitsNote"]} if offering.get("benefitsNote") else {})}
    # (a copy: the figures read from prices and characteristics are written into its parts, which were the caller's
    # document's, found by the mutation run: an offering whose planFileFields held ``overage`` got Decimals in it)
    data.update(copy.deepcopy(offering.get("planFileFields") or {}))
    for use in offering.get("prodSpecCharValueUse") or []:
        name = use.get("name")
        values = use.get("productSpecCharacteristicValue") or []
        if name in CHARACTERISTICS and name not in characteristics:  # (found by the integrator QA: a pack's
            raise TmfImportError(  # broadbandMbps was refused as "read in None: give the value in None")
                "tmf620.refused.pack_characteristic", at=f"{where}.prodSpecCharValueUse", name=_said(name),
                names=list(characteristics))
        if name not in CHARACTERISTICS or len(values) != 1:
            raise TmfImportError("tmf620.refused.characteristic", at=f"{where}.prodSpecCharValueUse", name=_said(name))
        _set(data, CHARACTERISTICS[name][0], _figure(values[0].get("value"), values[0], f"{where}.{name}"))
    return data


def _eligibility_of(offering: Mapping[str, Any], where: str, data: dict[str, Any]) -> None:
    """An offering's conditions of sale into ``data``: the key is always exported (null: sold to anyone), so one
    missing is refused (found by the TMF integration QA: a BSS dropping it opened a GoTone-only plan to everyone)."""
    if "eligibility" not in offering:
        raise TmfImportError("tmf620.refused.no_eligibility", at=f"{where}.eligibility")
    if offering["eligibility"] is not None:
        data["eligibility"] = offering["eligibility"]


def _plan_data(offering: Mapping[str, Any], pops: list[tuple[Mapping[str, Any], str]], where: str) -> dict[str, Any]:
    data = _common(offering, where)
    _eligibility_of(offering, where, data)
    for pop, at in pops:
        role = pop.get("priceRole")
        if role == "fee":
            data["monthly_fee"] = _pop_figure(pop, at)
        elif role == "allowance":
            _set(data, METERS[_meter(pop, at)][1], _pop_figure(pop, at))
        elif role == "overage" and (overage := METERS[_meter(pop, at)][3]) is not None:
            _set(data, overage, _pop_figure(pop, at))
        elif role in INFORMATIVE:
            _same_as_written(data, pop, at)
        else:
            raise TmfImportError("tmf620.refused.plan_price_role", at=at, value=_said(role))
    _same_term(offering, data, where)
    return data


def _same_term(offering: Mapping[str, Any], data: Mapping[str, Any], where: str) -> None:
    """A plan's ``productOfferingTerm`` must say the minimum term ``planFileFields`` says (absent: not checked, a
    document from before it was written): an edit made to it alone would be lost (found in review)."""
    said = offering.get("productOfferingTerm")
    if said is None:
        return
    terms = data.get("terms")
    written = terms.get("minimum_term_months") if isinstance(terms, Mapping) else None
    amounts = [(t.get("duration") or {}).get("amount") if isinstance(t, Mapping) else t
               for t in (said if isinstance(said, list) else [said])]
    if amounts != ([written] if written else []):
        raise TmfImportError("tmf620.refused.term", at=f"{where}.productOfferingTerm", value=_said(written))


INFORMATIVE: dict[str, tuple[str | int, ...] | None] = {
    "promotion": None, "oneOffFee": ("terms", "one_off_fee"), "minimumSpend": ("terms", "minimum_monthly_spend"),
    "extraLineFee": ("extra_lines", "fee"), "installationFee": ("install_fee",)}
"""Prices an export writes for what travels in ``planFileFields`` (terms, extra lines, installation), and
where each is there (a promotion, ``<plan>-promotion-<n>``: ``terms.promotions[n - 1].monthly_fee``)."""


def _same_as_written(data: Mapping[str, Any], pop: Mapping[str, Any], at: str) -> None:
    """An informative price must say what ``planFileFields`` says: an edit made to it alone would be lost."""
    path = INFORMATIVE[str(pop.get("priceRole"))]
    if path is None:
        n = str(pop.get("id", "")).rsplit("-", 1)[-1]
        path = ("terms", "promotions", int(n) - 1 if n.isdigit() else -1, "monthly_fee")
    written: Any = data
    for key in path:
        if isinstance(key, int):
            written = written[key] if isinstance(written, list) and 0 <= key < len(written) else None
        else:
            written = written.get(key) if isinstance(written, Mapping) else None
    value = written.get("value") if isinstance(written, Mapping) else None
    if value is None or _decimal(value, at) != _decimal((pop.get("price") or {}).get("value"), f"{at}.price.value"):
        raise TmfImportError("tmf620.refused.repeats", at=at, path=field_path(path), value=_said(value))
    if INFORMATIVE[str(pop.get("priceRole"))] is None:  # a promotion's months too (found in review: edits lost)
        k = int(path[2])  # (an index of ``terms.promotions``: the value above is there)
        months: list[Any] = [p.get("first_months") for p in data["terms"]["promotions"]]
        start = months[k - 1] + 1 if k and isinstance(months[k - 1], int) else 1
        for key, expected in (("firstMonths", months[k]), ("fromMonth", start)):
            if key in pop and pop[key] != expected:
                raise TmfImportError("tmf620.refused.repeats", at=f"{at}.{key}",
                                     path=f"terms.promotions[{k}].first_months", value=_said(months[k]))


def _pack_data(offering: Mapping[str, Any], pops: list[tuple[Mapping[str, Any], str]], where: str) -> dict[str, Any]:
    data = _common(offering, where, PACK_CHARACTERISTICS)
    satellite = offering.get("satellite", False)
    if not isinstance(satellite, bool):
        raise TmfImportError("tmf620.refused.satellite", at=f"{where}.satellite", value=_said(satellite))
    data.update({"kind": offering.get("packKind"), "satellite": satellite,
                 "max_count": offering.get("maxCount", 1)})
    if offering.get("group") is not None:
        data["group"] = offering["group"]
    _eligibility_of(offering, where, data)
    for pop, at in pops:
        role = pop.get("priceRole")
        if role == "packPrice":
            data["price"] = _pop_figure(pop, at)
            data.setdefault("billing", "per_use" if pop.get("priceType") == "oneTime" else "monthly")
        elif role == "allowance" and (adds := METERS[_meter(pop, at)][2]) is not None:
            _set(data, adds, _pop_figure(pop, at))
        elif role == "installationFee":
            _same_as_written(data, pop, at)
        else:
            raise TmfImportError("tmf620.refused.pack_price_role", at=at, value=_said(role))
    related: dict[str, list[str]] = {"requires": [], "freeWith": [], "excludes": []}
    for i, relationship in enumerate(offering.get("productOfferingRelationship") or []):
        kind = relationship.get("relationshipType")
        if kind not in related:
            raise TmfImportError("tmf620.refused.relationship", at=f"{where}.productOfferingRelationship[{i}]",
                                 value=_said(kind))
        related[kind].append(relationship.get("id"))
    if not offering.get("eligibleWithAnyPlan", False):
        data["requires_plans"] = related["requires"]
    data["free_with"] = related["freeWith"]
    data["excludes"] = related["excludes"]
    return data


def operator_files(offerings: Sequence[Mapping[str, Any]],
                   prices: Sequence[Mapping[str, Any]]) -> list[OperatorFile]:
    """Plan-file models from TMF620 documents (as ``catalogue_documents`` writes them), one per operator."""
    for what, items in (("productOffering", offerings), ("productOfferingPrice", prices)):
        for i, item in enumerate(items):
            if not isinstance(item, Mapping):
                raise TmfImportError("tmf620.refused.not_object", at=f"{what}[{i}]")
    price_index: dict[object, tuple[Mapping[str, Any], str]] = {}
    for i, p in enumerate(prices):  # (found by QA: a second price of the same id replaced the first unsaid)
        if p.get("id") in price_index:
            raise TmfImportError("tmf620.refused.twice", at=f"productOfferingPrice[{i}]", ident=_said(p.get("id")),
                                 first=price_index[p.get("id")][1])
        price_index[p.get("id")] = (p, f"productOfferingPrice[{i}]")
    first: dict[object, int] = {}
    for i, offering in enumerate(offerings):  # (found by the integrator QA: refused at the first, and at lines of a
        if first.setdefault(offering.get("id"), i) != i:  # plan file not written)
            raise TmfImportError("tmf620.refused.twice", at=f"productOffering[{i}]", ident=_said(offering.get("id")),
                                 first=f"productOffering[{first[offering.get('id')]}]")
    files: dict[str, dict[str, Any]] = {}
    wheres: dict[str, dict[str, list[str]]] = {}  # operator → plans / packs → where each was read
    currencies: dict[str, tuple[object, str]] = {}  # operator → its first offering's currency, and where that is
    for i, offering in enumerate(offerings):
        where = _offering_place(i, offering)
        operator = offering.get("operator")
        if isinstance(operator, Mapping) and operator.get("id"):
            # (found by the integrator QA: an offering in another currency than its operator's first was a note; a
            # plan file has one currency, all its plans' and packs' money in it, and an operator split over files
            # must say the same one in each: its prices would be read in the first one's currency)
            currency = operator.get("currency", CURRENCY)
            first_currency, first_at = currencies.setdefault(str(operator["id"]), (currency, where))
            if currency != first_currency:
                raise TmfImportError("tmf620.refused.currency", at=f"{where}.operator.currency", value=_said(currency),
                                     ident=str(operator["id"]), first=first_at, said=_said(first_currency))
        try:
            _one_offering(offering, where, price_index, files)
            kind = "plans" if offering.get("offeringKind") == "basePlan" else "packs"
            wheres.setdefault(offering["operator"]["id"], {}).setdefault(kind, []).append(where)
        except TmfImportError:
            raise
        except (AttributeError, TypeError, ValueError) as exc:  # a part of another shape than the export writes
            raise TmfImportError("tmf620.refused.shape", at=where, error=str(exc)) from None
    out = []
    for operator_id, data in files.items():
        try:
            out.append(OperatorFile.model_validate(data))
        except ValidationError as exc:
            problems = [_offering_at(wheres.get(operator_id, {}), e).as_dict() for e in exc.errors()]
            raise TmfImportError("tmf620.refused.plan_file", ident=operator_id, problems=problems) from None
    _as_exported(out, offerings, price_index)
    _any_plan_as_related(offerings, files)
    return out


def _any_plan_as_related(offerings: Sequence[Mapping[str, Any]], files: Mapping[str, Mapping[str, Any]]) -> None:
    """A pack ``eligibleWithAnyPlan`` fits every plan of its operator, and the export lists each as ``requires``; a
    list that says otherwise (a plan of it taken off, or one of another operator added) is refused, at the
    relationships, rather than read as every plan (found by the catalogue engineer's test: ``requires`` to cu-5g-59
    removed from cu-5ga-data-219 imported with no word, the pack still recommended on cu-5g-59).  None listed: the
    flag alone says it.  An id of no plan in the document (a plan removed from the export, which such packs still
    list) changes nothing: the pack fits every plan there is."""
    others = {str(p.get("id")): operator for operator, file in files.items() for p in file["plans"]}
    for i, offering in enumerate(offerings):
        if offering.get("offeringKind") != "addOnPack" or offering.get("eligibleWithAnyPlan") is not True:
            continue
        listed = [str(r.get("id")) for r in offering.get("productOfferingRelationship") or []
                  if isinstance(r, Mapping) and r.get("relationshipType") == "requires"]
        operator = str(offering["operator"]["id"])
        missing = [str(p.get("id")) for p in files[operator]["plans"] if str(p.get("id")) not in listed]
        extra = [p for p in dict.fromkeys(listed) if others.get(p, operator) != operator]
        if listed and (missing or extra):
            at = f"{_offering_place(i, offering)}.productOfferingRelationship"
            raise TmfImportError("tmf620.refused.any_plan", at=at, ident=operator, missing=", ".join(missing) or "-",
                                 extra=", ".join(extra) or "-")


def _said(value: object) -> str:
    """A value as a refusal quotes it: as written, but ``null``, ``true`` and ``false`` in JSON's words, as the
    document has them (found by the catalogue engineer's test: "… says None", "'true', but … says True")."""
    return json.dumps(value) if value is None or isinstance(value, bool) else repr(value)


def _offering_place(index: int, offering: Mapping[str, Any]) -> str:
    """Where an offering is in the document: ``productOffering[2] (cm-5ga-199)``, or without an id
    ``productOffering[2]`` (found by the product-analyst review: an offering whose id was left out was said as
    ``productOffering[2] (None)``, Python's word for nothing, in English and Chinese alike)."""
    ident = offering.get("id")
    return f"productOffering[{index}]" if ident is None else f"productOffering[{index}] ({ident})"


def _offering_at(wheres: Mapping[str, list[str]], error: ErrorDetails) -> Message:
    """A plan-file error at its place as the offering it was read from (found by the TMF integration QA:
    ``plans.0.name`` left a reader counting an operator's base plans among 37 offerings), then the plan-file path."""
    loc = error["loc"]
    problem = _pydantic_reason(error).as_dict()
    if len(loc) >= 2 and loc[0] in ("plans", "packs") and isinstance(loc[1], int):
        items = wheres.get(str(loc[0])) or []
        if 0 <= loc[1] < len(items):
            path = field_path(loc[2:])
            return message("tmf620.refused.plan_field" if path else "tmf620.refused.plan_field.offering",
                           at=items[loc[1]], path=path, problem=problem)
    return message("tmf620.refused.at", at=field_path(loc), problem=problem)


PYDANTIC_WORDS = {"missing": "tmf620.refused.missing", "extra_forbidden": "tmf620.refused.extra"}
"""pydantic's errors of a plan-file field the import words as pydantic does in English ("Field required")."""


def _pydantic_reason(error: ErrorDetails) -> Message:
    """pydantic's error as a code: the plan format's own (``Said``) after pydantic's "Value error, " (said in English
    as pydantic says it, and so as the import always said it); else ``messages.invalid``'s, English as pydantic's."""
    ctx = error.get("ctx", {})
    said = ctx.get("error")
    if error["type"] == "value_error" and isinstance(said, Said):
        reason = Message(said.code, said.params)
    elif error["type"] in PYDANTIC_WORDS:
        reason = message(PYDANTIC_WORDS[error["type"]])
    elif error["type"] == "figure_unit":  # ('199元': the plan format's own error, its wording the plan files')
        reason = number_written(error)
    else:
        reason = as_message(error)
    if error["msg"].startswith("Value error, "):
        reason = message("tmf620.refused.value_error", problem=reason.as_dict())
    if render(reason) != error["msg"]:  # (a reason worded otherwise in English: pydantic's words, as they were)
        return message("problem.pydantic", type=error["type"], text=error["msg"])
    return reason


def import_problem(problem: Problem, spec: OperatorFile, offerings: Sequence[Mapping[str, Any]],
                   lang: str = "en") -> str:
    """A problem the plan-file checks found in the operator file an import would write, said at the offering it was
    read from, as ``_offering_at`` says a field's (found by the product-team QA: a pack still requiring a plan removed
    from the export was refused at ``china-telecom.yaml:212``, a line of a file the import never writes; with
    ``--force`` over a plans folder, of the operator's own file there, 163 lines long)."""
    field = str(problem.params.get("field", ""))
    words = wording(lang)
    said = problem_text(Message(problem.code, {k: v for k, v in problem.params.items() if k != "field"}), lang)
    match = re.fullmatch(r"(plans|packs)\[(\d+)\]\.?(.*)", field)
    if match:
        items: Sequence[PlanSpec | PackSpec] = spec.plans if match[1] == "plans" else spec.packs
        if int(match[2]) < len(items):
            item_id = items[int(match[2])].id
            at = next((i for i, o in enumerate(offerings) if o.get("id") == item_id
                       and isinstance(o.get("operator"), Mapping) and o["operator"].get("id") == spec.operator.id),
                      None)
            if at is not None:
                key = "tmf620.refused.plan_field" if match[3] else "tmf620.refused.plan_field.offering"
                return words[key].format(at=f"productOffering[{at}] ({item_id})", path=match[3], problem=said)
    return words["tmf620.refused.line_of"].format(
        ident=spec.operator.id, line=problem.line, problem=problem.message if lang == "en" else problem_text(
            problem.reason, lang))


# TMF fields an import does not read (it reads the figure beside them, or the plan file's own field), that the
# documents must therefore say as the export would write them from what was read: else an edit to one is lost
OFFERING_SAID = ("validFor", "lifecycleStatus", "isSellable", "eligibleWithAnyPlan")
"""(each with its hint, ``tmf620.hint.<field>``, saying where the edit is made)"""
PRICE_SAID = ("priceType", "recurringChargePeriodType", "recurringChargePeriodLength", "unitOfMeasure", "price",
              "maxLines")


def _same(given: object, written: object) -> bool:
    """Whether a field says what the export writes, numbers compared as decimals, a part the input leaves out
    not compared (a price's ``unit``, say, is read as the operator's currency)."""
    if isinstance(given, Mapping) and isinstance(written, Mapping):
        return all(k in written and _same(v, written[k]) for k, v in given.items() if v is not None)
    if isinstance(written, int | float) and not isinstance(written, bool) and not isinstance(given, bool) \
            and isinstance(given, int | float | str):  # (a figure as text, "189.00", is read as the number)
        try:
            return Decimal(str(given)) == Decimal(str(written))
        except ArithmeticError:
            return False
    if isinstance(given, str) and isinstance(written, str) and given != written:
        try:  # a validFor's instant in another offset (``Z``) is the same instant
            return datetime.datetime.fromisoformat(given) == datetime.datetime.fromisoformat(written)
        except ValueError:
            return False
    return given == written


def _copies_as_read(offering: Mapping[str, Any], where: str, spec: PlanSpec | PackSpec) -> None:
    """Refuse a ``planFileFields`` entry the plan file read from the offering does not say: a field its TMF fields
    decide (found in review: exports before this one repeated a pack's ``eligibility`` and ``requires_plans`` there,
    and an edit to that copy was overridden, or to the TMF field, when it was null or ``eligibleWithAnyPlan``,
    ignored: a pack's conditions of sale kept or lost, unsaid)."""
    fields = offering.get("planFileFields") or {}
    said = spec.model_dump(mode="json", exclude_defaults=True)
    if offering.get("eligibility", {}) is None and "eligibility" in fields:  # (sold to anyone, the copy says not)
        raise TmfImportError("tmf620.refused.eligibility_copy", at=f"{where}.eligibility",
                             value=_said(fields["eligibility"]))
    mapped = PLAN_MAPPED if offering.get("offeringKind") == "basePlan" else PACK_MAPPED
    for key, given in fields.items():  # (the others are read from planFileFields alone)
        if key in mapped and key not in NESTED_MAPPED and not _same(given, said.get(key)):
            raise TmfImportError("tmf620.refused.copy", at=f"{where}.planFileFields.{key}", value=_said(given),
                                 said=_said(said.get(key)),
                                 hint=message(f"tmf620.hint.{key}" if key in COPY_HINTS else "tmf620.hint.tmf_field"
                                              ).as_dict())


COPY_HINTS = ("eligibility", "requires_plans")
"""The copies whose hint says where the edit is made (``tmf620.hint.<field>``; any other: ``tmf620.hint.tmf_field``)."""
"""(Either copy may be the one edited: found in review, an edit to the TMF field beside an unedited old copy was told
to be made in the TMF field, where it already was.)"""


def _written(files: Sequence[OperatorFile]) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]],
                                                    dict[str, PlanSpec | PackSpec]]:
    """The offerings and prices an export writes of ``files``, by id, and the plans and packs by id."""
    written_offerings: dict[str, dict[str, Any]] = {}
    written_prices: dict[str, dict[str, Any]] = {}
    read: dict[str, PlanSpec | PackSpec] = {}
    for spec in files:
        for plan in spec.plans:
            doc, pops = _plan_documents(spec, plan)
            written_offerings.setdefault(doc["id"], doc)
            written_prices.update((p["id"], p) for p in pops)
            read.setdefault(plan.id, plan)
        for pack in spec.packs:
            read.setdefault(pack.id, pack)
            try:
                doc, pops = _pack_documents(spec, pack)
            except KeyError:  # a pack naming an offering there is not: the load of the plan files says so
                continue
            written_offerings.setdefault(doc["id"], doc)
            written_prices.update((p["id"], p) for p in pops)
    return written_offerings, written_prices, read


def _as_exported(files: Sequence[OperatorFile], offerings: Sequence[Mapping[str, Any]],
                 price_index: Mapping[object, tuple[Mapping[str, Any], str]]) -> None:
    """Refuse a document whose TMF fields say what the plan files read from it do not (found by QA: an allowance
    given as 61440 MB imported as 61,440 GB, an overage per 10 GB as per GB, a yearly fee as monthly, a sale
    window's ``validFor`` or a ``maxLines`` edited alone, a ``Retired`` offering: each read as before, unsaid)."""
    written_offerings, written_prices, read = _written(files)
    for i, offering in enumerate(offerings):
        written = written_offerings.get(str(offering.get("id")))
        if written is None:
            continue
        where = _offering_place(i, offering)
        for key in OFFERING_SAID:
            if (key in offering or key == "validFor") and not _same(offering.get(key), written.get(key)):
                raise TmfImportError("tmf620.refused.offering_edit", at=f"{where}.{key}",
                                     value=_said(offering.get(key)), said=_said(written.get(key)),
                                     hint=message(f"tmf620.hint.{key}").as_dict())
        _copies_as_read(offering, where, read[str(offering.get("id"))])
        values = {use.get("name"): use for use in written.get("prodSpecCharValueUse") or []}
        for use in offering.get("prodSpecCharValueUse") or []:
            given = (use.get("productSpecCharacteristicValue") or [{}])[0].get("unitOfMeasure")
            unit = (values.get(use.get("name"), {}).get("productSpecCharacteristicValue") or [{}])[0].get(
                "unitOfMeasure")
            if given is not None and given != unit:
                raise TmfImportError("tmf620.refused.characteristic_unit",
                                     at=f"{where}.{use.get('name')}.unitOfMeasure", value=_said(given),
                                     name=str(use.get("name")), unit=str(unit))
        given = {str(ref.get("id")) for ref in offering.get("productOfferingPrice") or []}
        gone = [str(ref["id"]) for ref in written.get("productOfferingPrice") or [] if str(ref["id"]) not in given]
        if gone:  # (found by the TMF integration QA: a promotion's or one-off fee's price removed was read as kept)
            raise TmfImportError("tmf620.refused.price_removed", at=f"{where}.productOfferingPrice", ids=gone)
        for ref in offering.get("productOfferingPrice") or []:
            pop, at = price_index[ref.get("id")]
            expected = written_prices.get(str(ref.get("id")))
            if expected is None:
                continue
            if "unlimited" in pop and pop["unlimited"] != expected.get("unlimited", False):
                raise TmfImportError("tmf620.refused.price_edit", at=f"{at}.unlimited", value=_said(pop["unlimited"]),
                                     role=str(pop.get("priceRole")), said=_said(expected.get("unlimited", False)))
            for key in PRICE_SAID:
                if key == "unitOfMeasure" and expected.get("unlimited") and pop.get(key) == {
                        "amount": UNLIMITED, "units": METERS[str(pop.get("meter"))][0]}:
                    continue  # (as exports before December 2026 wrote an unlimited allowance)
                if key in pop and not _same(pop[key], expected.get(key)):
                    raise TmfImportError("tmf620.refused.price_edit", at=f"{at}.{key}", value=_said(pop[key]),
                                         role=str(pop.get("priceRole")), said=_said(expected.get(key)))


OFFERING_READ = frozenset({"id", "name", "description", "offeringKind", "benefits", "benefitsSource",
                           "benefitsNote", "planFileFields", "prodSpecCharValueUse", "eligibility",
                           "productOfferingPrice", *OFFERING_SAID})
"""An offering's fields the import reads (into the plan file, or compared with what it read: an edit refused); not
its ``operator``, read from the operator's first offering only."""
PLAN_READ = OFFERING_READ | {"productOfferingTerm"}
PACK_READ = OFFERING_READ | {"productOfferingRelationship", "packKind", "satellite", "maxCount", "group"}
PRICE_READ = frozenset({"id", "priceRole", "meter", "unlimited", "source", "note", "firstMonths", "fromMonth",
                        *PRICE_SAID})
CHARACTERISTIC_READ = frozenset({"name", "productSpecCharacteristicValue"})
VALUE_READ = frozenset({"value", "source", "note", "unitOfMeasure"})


def _id_text(value: object) -> str:
    return value if isinstance(value, str) else "" if value is None else str(value)


def not_imported(offerings: Sequence[Mapping[str, Any]], prices: Sequence[Mapping[str, Any]],
                 files: Sequence[OperatorFile]) -> list[Message]:
    """What of documents ``operator_files`` read into ``files`` the plan files carry nothing of, as notes (found by the
    integrator QA: all of it was dropped unsaid): each price no offering refers to, and each price an offering refers
    to that the export would not write of the plan file read (another price says its figure); a field the import does
    not read, by document and field with the ids it is on: given where the export writes none (``priceAlteration``,
    ``bundledProductOffering``, a base plan's ``productOfferingRelationship``, a characteristic's ``validFor`` ...),
    or saying otherwise than the export writes it from the plan file (a price's ``name`` or ``lifecycleStatus``, an
    offering's ``category``, an ``operator`` another offering of the operator named otherwise).  An empty value
    (null, ``[]``, ``{}``) drops nothing and is not said."""
    written_offerings, written_prices, _read = _written(files)
    notes: list[Message] = []
    referred = {ref.get("id") for o in offerings for ref in o.get("productOfferingPrice") or []
                if isinstance(ref, Mapping)}
    for i, pop in enumerate(prices):
        if pop.get("id") not in referred:
            notes.append(message("tmf620.import.price_unused", index=i, id=_id_text(pop.get("id")),
                                 name=_id_text(pop.get("name"))))
        elif str(pop.get("id")) not in written_prices:
            notes.append(message("tmf620.import.price_unread", index=i, id=_id_text(pop.get("id")),
                                 name=_id_text(pop.get("name"))))
    unnamed = [str(o.get("id")) for o in offerings if isinstance(o, Mapping) and not o.get("description")]
    if unnamed:  # (found by the catalogue engineer's test: its name, in Chinese, became the English name, unsaid)
        notes.append(message("tmf620.import.no_description", ids=unnamed, count=len(unnamed)))
    unknown: dict[tuple[str, str], list[str]] = {}
    edited: dict[tuple[str, str], list[str]] = {}

    def compare(document: str, field: str, given: Mapping[str, Any], written: Mapping[str, Any] | None,
                read: frozenset[str], item: str) -> None:
        for key, value in given.items():
            if key in read or value in (None, [], {}):
                continue
            if written is None or key not in written:
                unknown.setdefault((document, f"{field}{key}"), []).append(item)
            elif not _same(value, written[key]):
                edited.setdefault((document, f"{field}{key}"), []).append(item)

    for offering in offerings:
        item = _id_text(offering.get("id"))
        written = written_offerings.get(item)
        compare("productOffering", "", offering, written,
                PLAN_READ if offering.get("offeringKind") == "basePlan" else PACK_READ, item)
        uses = {use.get("name"): use for use in (written or {}).get("prodSpecCharValueUse") or []}
        for use in offering.get("prodSpecCharValueUse") or []:
            said = uses.get(use.get("name"), {})
            compare("productOffering", "prodSpecCharValueUse[].", use, said, CHARACTERISTIC_READ, item)
            for value in use.get("productSpecCharacteristicValue") or []:
                compare("productOffering", "prodSpecCharValueUse[].productSpecCharacteristicValue[].", value,
                        (said.get("productSpecCharacteristicValue") or [{}])[0], VALUE_READ, item)
    for pop in prices:
        if pop.get("id") in referred and str(pop.get("id")) in written_prices:
            compare("productOfferingPrice", "", pop, written_prices[str(pop.get("id"))], PRICE_READ,
                    _id_text(pop.get("id")))
    for code, found in (("tmf620.import.field_unknown", unknown), ("tmf620.import.field_edited", edited)):
        for (document, field), ids in found.items():
            unique = list(dict.fromkeys(ids))
            notes.append(message(code, document=document, field=field, ids=unique, count=len(unique)))
    return notes


def _one_of_each(offering: Mapping[str, Any], pops: list[tuple[Mapping[str, Any], str]]
                 ) -> list[tuple[Mapping[str, Any], str]]:
    """An offering's prices, one of each role (and meter): of two, the one with the export's id is read and the other
    noted as not imported (``not_imported``), whatever their order; two of which neither has it are refused (found
    by the catalogue engineer's test: a second fee of 20 listed after the fee of 199 was refused blaming the fee of
    199, listed before it was dropped with a note)."""
    by: dict[tuple[object, object], list[tuple[Mapping[str, Any], str]]] = {}
    for pop, at in pops:
        role = pop.get("priceRole")
        key = (role, pop.get("meter") if role in ("allowance", "overage") else None)
        by.setdefault(key if role != "promotion" else (role, at), []).append((pop, at))
    out = []
    for (role, meter), same in by.items():
        if len(same) == 1:
            out.extend(same)
            continue
        ident = _price_id(str(offering.get("id")), str(role), str(meter))
        named = [(pop, at) for pop, at in same if pop.get("id") == ident]
        if len(named) != 1:
            raise TmfImportError("tmf620.refused.role_twice", at=same[1][1], ident=_id_text(offering.get("id")),
                                 role=str(role), first=same[0][1], id=ident)
        out.extend(named)
    return out


def _one_offering(offering: Mapping[str, Any], where: str,
                  price_index: Mapping[object, tuple[Mapping[str, Any], str]],
                  files: dict[str, dict[str, Any]]) -> None:
    """One offering into its operator's plan-file data (``operator_files``)."""
    operator = offering.get("operator")
    if not isinstance(operator, Mapping) or not operator.get("id"):
        raise TmfImportError("tmf620.refused.no_operator", at=where, name=OFFERING_TYPE)
    file = files.setdefault(operator["id"], {
        "operator": {"id": operator["id"], "name": operator.get("name"), "name_en": operator.get("nameEn"),
                     "country": operator.get("country", "CN"), "memberships": operator.get("memberships") or []},
        "currency": operator.get("currency", CURRENCY), "plans": [], "packs": []})
    pops = []
    for ref in offering.get("productOfferingPrice") or []:
        if ref.get("id") not in price_index:
            raise TmfImportError("tmf620.refused.price_missing", at=where, ident=str(ref.get("id")))
        pops.append(price_index[ref["id"]])
    pops = _one_of_each(offering, pops)
    currency = file["currency"]
    for pop, at in pops:  # (a plan file has one currency: a price in another would be read as in it)
        unit = (pop.get("price") or {}).get("unit")
        if unit is not None and unit != currency:
            raise TmfImportError("tmf620.refused.price_unit", at=f"{at}.price.unit", value=_said(unit),
                                 ident=str(operator["id"]), said=str(currency))
    kind = offering.get("offeringKind")
    if kind == "basePlan":
        file["plans"].append(_plan_data(offering, pops, where))
    elif kind == "addOnPack":
        file["packs"].append(_pack_data(offering, pops, where))
    else:
        raise TmfImportError("tmf620.refused.kind", at=where, value=_said(kind))


# -- plan YAML ------------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    pass


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    text = format(value, "f")
    whole = value == value.to_integral_value() and "." not in text
    tag = "tag:yaml.org,2002:int" if whole else "tag:yaml.org,2002:float"
    return dumper.represent_scalar(tag, text)


_Dumper.add_representer(Decimal, _represent_decimal)
# Dates are written as quoted strings: the plan-file loader takes no YAML timestamps.
_Dumper.add_representer(datetime.date, lambda dumper, value: dumper.represent_scalar(
    "tag:yaml.org,2002:str", value.isoformat(), style='"'))


def _plain(value: object) -> object:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def plan_yaml(spec: OperatorFile) -> str:
    """One operator's plan file as YAML (defaults left out; figures stay exact decimals)."""
    data = _plain(spec.model_dump(mode="python", exclude_defaults=True))
    header = ("# yaml-language-server: $schema=../schema/plans.schema.json\n"
              f"#\n# {spec.operator.name_en}: imported from a TMF620 product catalogue export.\n")
    return header + yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=120)
