"""TM Forum wire schemas (marshmallow): TMF680 queries and answers, TMF620 offerings and prices.

Field names follow TM Forum's camelCase (``/api/v1`` keeps its snake_case).
"""


import datetime
import re

import marshmallow as ma
from marshmallow import fields, validate

from ..answer import MAX_TOP_K
from ..api.schemas import ConditionSchema, MessageSchema, QueryInteger, StrictBoolean
from . import tmf680


def _extension_fields() -> dict[str, fields.Field]:
    return {"type": fields.String(data_key="@type"), "base_type": fields.String(data_key="@baseType"),
            "schema_location": fields.String(data_key="@schemaLocation")}


VALUE_TYPES = ("integer", "number", "decimal", "float", "boolean", "string", "array", "object")
"""A characteristic's ``valueType``, if given (found by the TMF integration QA: "banana" was taken unread)."""


class _Strict(ma.Schema):
    class Meta:
        unknown = ma.RAISE


CharacteristicSchema = _Strict.from_dict({
    "name": fields.String(required=True, validate=validate.OneOf(list(tmf680.CHARACTERISTICS))),
    "value": fields.Raw(required=True, metadata={"description": "typed JSON; see the name"}),
    "valueType": fields.String(validate=validate.OneOf(VALUE_TYPES), metadata={
        "description": "optional: a JSON type (the value is read as the name says)"}),
    "id": fields.String(),
    "characteristicRelationship": fields.List(fields.Dict(), validate=validate.Length(max=0), metadata={
        "description": "none relate: empty if given (as a generated TMF client may send it)"}),
    **_extension_fields(),
}, name="ProductCharacteristic")

RefSchema = ma.Schema.from_dict({
    "id": fields.String(required=True), "href": fields.String(), "name": fields.String(),
    "@referredType": fields.String(data_key="@referredType", attribute="referred_type"),
}, name="TmfRef")

_RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})")


def _date_time(value: str) -> None:
    """An RFC 3339 date-time with its offset (``2025-07-01T00:00:00+08:00``, or ``Z``): TMF's ``DateTime``
    (found by QA: "not a date" was echoed back in a 201)."""
    try:
        parsed = datetime.datetime.fromisoformat(value)
    except ValueError:
        parsed = None
    if parsed is None or not _RFC3339.fullmatch(value):  # (fromisoformat takes 20250701T000000+0800 too: review)
        raise ma.ValidationError("not a date-time with an offset, e.g. 2025-07-01T00:00:00+08:00")


TimePeriodSchema = _Strict.from_dict({
    "startDateTime": fields.String(validate=_date_time, metadata={"format": "date-time"}),
    "endDateTime": fields.String(validate=_date_time, metadata={"format": "date-time"}),
}, name="TimePeriod")


class QueryRequestSchema(_Strict):
    """A ``QueryProductRecommendation`` to create: the profile as ``productCharacteristic`` entries."""

    name = fields.String(validate=validate.Length(max=200))
    description = fields.String(validate=validate.Length(max=1000))
    recommendationType = fields.String(validate=validate.Length(max=200))
    instantSyncRecommendation = StrictBoolean(
        validate=validate.Equal(True),
        metadata={"enum": [True], "description": "only synchronous answers (true) are offered"})
    validFor = fields.Nested(TimePeriodSchema)
    productCharacteristic = fields.List(fields.Nested(CharacteristicSchema),
                                        validate=validate.Length(max=len(tmf680.CHARACTERISTICS)),
                                        metadata={"description": "the usage profile, one entry per field"})
    type = fields.String(data_key="@type")
    base_type = fields.String(data_key="@baseType")
    schema_location = fields.String(data_key="@schemaLocation")


class QueryOptionsSchema(ma.Schema):
    limit = QueryInteger(load_default=5, validate=validate.Range(1, MAX_TOP_K),
                         metadata={"description": f"how many recommendation items (our top_k): 1 … {MAX_TOP_K}"})


class ListOptionsSchema(ma.Schema):
    """TMF620 lists: a page (TMF630 ``offset``/``limit``); other query parameters (filters, ``fields``) are 422."""

    offset = QueryInteger(load_default=0, validate=validate.Range(min=0),
                            metadata={"description": "how many items to skip (0: from the first)"})
    limit = QueryInteger(validate=validate.Range(min=0),
                           metadata={"description": "at most this many items (absent: all the rest)"})


MoneySchema = ma.Schema.from_dict({"unit": fields.String(required=True), "value": fields.Float(required=True)},
                                  name="Money")
PriceSchema = ma.Schema.from_dict({"taxIncludedAmount": fields.Nested(MoneySchema, required=True),
                                   "@type": fields.String(data_key="@type", attribute="type")}, name="Price")
PriceAlterationSchema = ma.Schema.from_dict({
    "name": fields.String(required=True), "description": fields.String(),
    "priceType": fields.String(required=True), "recurringChargePeriod": fields.String(),
    "price": fields.Nested(PriceSchema, required=True),
    "productOfferingPrice": fields.Nested(RefSchema),
    "assumed": fields.Boolean(metadata={"description": "the amount rests on an assumed figure, not the source"}),
    "line": fields.Integer(metadata={"description": "households: whose line (0 the holder, i the i-th extra line); "
                                                    "absent when shared"}),
    "@type": fields.String(data_key="@type", attribute="type"),
}, name="PriceAlteration")
ProductPriceSchema = ma.Schema.from_dict({
    "name": fields.String(metadata={"description": "'monthly total' (one month of usage), 'month <label>' (one "
                                                   "per month of a history), or 'effective monthly' (last)"}),
    "description": fields.String(),
    "priceType": fields.String(required=True), "recurringChargePeriod": fields.String(),
    "price": fields.Nested(PriceSchema, required=True),
    "priceAlteration": fields.List(fields.Nested(PriceAlterationSchema)),
    "horizonMonths": fields.Integer(metadata={"description": "EffectiveProductPrice: the months averaged over"}),
    "firstMonth": fields.Nested(MoneySchema, metadata={"description": "EffectiveProductPrice: the first month's "
                                                                      "charge (one-off fee included)"}),
    "horizonTotal": fields.Nested(MoneySchema, metadata={"description": "EffectiveProductPrice: all of the "
                                                                        "horizon's charges"}),
    "rankingPrice": fields.Nested(MoneySchema, metadata={
        "description": "EffectiveProductPrice: the effective monthly price in the request's currency, as ranked "
                       "(after worstMonth with objective worst_month)"}),
    "worstMonth": fields.Nested(MoneySchema, metadata={
        "description": "EffectiveProductPrice: the largest monthly bill over the horizon (terms and one-off fees "
                       "included) in the request's currency: what objective worst_month ranks by first"}),
    "@type": fields.String(data_key="@type", attribute="type",
                           metadata={"description": "ProductPrice, or EffectiveProductPrice (the extension fields)"}),
    "@baseType": fields.String(data_key="@baseType", attribute="base_type"),
}, name="ProductPrice")
BundledOptionSchema = ma.Schema.from_dict({
    "numberRelOfferDefault": fields.Integer(), "numberRelOfferLowerLimit": fields.Integer(),
    "numberRelOfferUpperLimit": fields.Integer()}, name="BundledProductOfferingOption")
BundledOfferingSchema = ma.Schema.from_dict({
    "id": fields.String(required=True), "href": fields.String(), "name": fields.String(),
    "bundledProductOfferingOption": fields.Nested(BundledOptionSchema)}, name="BundledProductOffering")
OfferingRefSchema = ma.Schema.from_dict({
    "id": fields.String(required=True), "href": fields.String(), "name": fields.String(),
    "@referredType": fields.String(data_key="@referredType", attribute="referred_type"),
    "bundledProductOffering": fields.List(fields.Nested(BundledOfferingSchema)),
}, name="ProductOfferingRef")
LineAmountSchema = ma.Schema.from_dict({
    "line": fields.Integer(required=True), "name": fields.String(required=True, allow_none=True),
    "amount": fields.Nested(MoneySchema, required=True)}, name="HouseholdLineAmount")
PoolUseSchema = ma.Schema.from_dict({
    "used": fields.Integer(required=True), "allowance": fields.Integer(required=True, allow_none=True),
    "app_covered": fields.Integer()}, name="HouseholdPoolUse")
HouseholdSchema = ma.Schema.from_dict({
    "perLine": fields.List(fields.Nested(LineAmountSchema), required=True),
    "shared": fields.Nested(MoneySchema, required=True), "oneOff": fields.Nested(MoneySchema, required=True),
    "sharedPoolUse": fields.Dict(keys=fields.String(), values=fields.Nested(PoolUseSchema), required=True),
}, name="HouseholdSplit")
SeparateLineSchema = ma.Schema.from_dict({
    "line": fields.Integer(required=True), "name": fields.String(required=True, allow_none=True),
    "solveStatus": fields.String(required=True),
    "productOffering": fields.Nested(OfferingRefSchema, metadata={"description": "absent: no plan fits the line"}),
    "amount": fields.Nested(MoneySchema, metadata={"description": "the line's month"}),
    "rankingPrice": fields.Nested(MoneySchema, metadata={"description": "effective monthly, request's currency"}),
    "condition": fields.List(fields.Nested(ConditionSchema()), metadata={
        "description": "the line's plan's and packs' conditions of sale, as an item's `condition`"}),
}, name="TmfSeparateLine")
SeparateLinesSchema: type[ma.Schema] = ma.Schema.from_dict({
    "item": fields.List(fields.Nested(SeparateLineSchema), required=True),
    "complete": fields.Boolean(required=True),
    "total": fields.Nested(MoneySchema, metadata={"description": "the lines' effective monthly prices summed"}),
    "worstMonth": fields.Nested(MoneySchema, metadata={
        "description": "the largest month of the lines' bills paid side by side (what objective worst_month "
                       "compares)"}),
    "householdSaves": fields.Nested(MoneySchema, metadata={
        "description": "what the household's best bundle saves a month against the separate plans (effective "
                       "monthly; negative: they cost less); absent without either"}),
    "withinBudget": fields.Boolean(metadata={
        "description": "whether the separate plans together keep to budgetFen; absent without a budget"}),
    "sure": fields.Nested(lambda: SeparateLinesSchema(exclude=("sure",)), metadata={
        "description": "present when a line's plan rests on a condition of sale the query leaves unknown: the set "
                       "on plans each line may surely buy, in the same form (as /api/v1's separate_lines.sure)"}),
}, name="TmfSeparateLines")
RecommendationItemSchema = ma.Schema.from_dict({
    "id": fields.String(), "priority": fields.Integer(required=True),
    "productOffering": fields.Nested(OfferingRefSchema, required=True),
    "productPrice": fields.List(fields.Nested(ProductPriceSchema), required=True),
    "condition": fields.List(fields.Nested(ConditionSchema()), metadata={
        "description": "conditions of sale of the plan and its packs: met, unknown (ranked 'only if'), or kept "
                       "(one of the person's own plan they do not meet anew: they keep it)"}),
    "term": fields.List(fields.Nested(MessageSchema()), metadata={
        "description": "extension: the plan's contract terms (promotions, one-off and installation fees, minimum "
                       "term and spend), as /api/v1's `terms`: those the effective monthly price includes, and on a "
                       "plan kept its installation fees taken as paid (`paid`) and its minimum term, which it does "
                       "not"}),
    "assumedAmount": fields.Nested(MoneySchema, metadata={
        "description": "the part of the month's total resting on assumed figures"}),
    "benefitsMet": fields.List(fields.String(), metadata={
        "description": "extension, when the query wishes for benefits (`benefits`): those the bundle has, as "
                       "/api/v1's `benefits_met`"}),
    "benefitsMissing": fields.List(fields.String(), metadata={
        "description": "extension, when the query wishes for benefits: those the bundle lacks, as /api/v1's "
                       "`benefits_missing`"}),
    "household": fields.Nested(HouseholdSchema, metadata={
        "description": "extension, households only: the month's total by line and shared"}),
    "savings": fields.Nested(ma.Schema.from_dict({
        "code": fields.String(required=True, validate=validate.OneOf(["current_plan", "holders_only", "saves",
                                                                      "same_price", "dearer"])),
        "amount": fields.Nested(MoneySchema, required=True, metadata={
            "description": "a month, in the request's currency: current effective price − this one's"}),
        "perYear": fields.Nested(MoneySchema, required=True)}, name="TmfSavings"), metadata={
        "description": "extension, with a current plan or bill: against it (`dearer`: a negative amount; "
                       "`holders_only`: a plan kept for the people on it, no saving to be had by switching)"}),
    "@type": fields.String(data_key="@type", attribute="type"),
}, name="RecommendationItem")


class QueryProductRecommendationSchema(ma.Schema):
    """The answer: state ``done``, one item per ranked bundle (extension ``TariffQueryProductRecommendation``)."""

    id = fields.String(required=True)
    href = fields.String(required=True)
    name = fields.String()
    description = fields.String()
    recommendationType = fields.String()
    validFor = fields.Nested(TimePeriodSchema)
    instantSyncRecommendation = fields.Boolean(required=True)
    state = fields.String(required=True, validate=validate.OneOf(["done"]))
    productCharacteristic = fields.List(fields.Nested(ma.Schema.from_dict(
        {"name": fields.String(required=True), "value": fields.Raw(required=True)}, name="CharacteristicValue")),
        required=True)
    recommendationItem = fields.List(fields.Nested(RecommendationItemSchema), required=True)
    type = fields.String(data_key="@type", required=True)
    base_type = fields.String(data_key="@baseType")
    catalogueVersion = fields.String(required=True, metadata={"description": "extension"})
    engine = fields.String(required=True, metadata={"description": "extension: the engine(s) that answered"})
    solveStatus = fields.String(required=True, metadata={"description": "extension: optimal | feasible | "
                                                                        "infeasible | unknown"})
    suggestion = fields.List(fields.String(), required=True,
                             metadata={"description": "extension: what to change when nothing fits, as texts (in "
                                                      "the language of Content-Language)"})
    suggestionDetail = fields.List(fields.Nested(MessageSchema()), required=True, metadata={
        "description": "extension: the same suggestions, in the same order, as /api/v1's suggestions {code, params, "
                       "text} (e.g. raise_budget with amount_fen)"})
    nothingFits = fields.Nested(MessageSchema(), metadata={
        "description": "extension, solveStatus infeasible: why nothing fits, as /api/v1's nothing_fits "
                       "(nothing_fits.over_budget, .too_many_lines, .ineligible, .needs or .none_compared)"})
    currency = fields.String(required=True, metadata={"description": "extension: the currency plans were ranked "
                                                                     "in (each price is in its plan's currency)"})
    objective = fields.String(required=True, validate=validate.OneOf(["total", "worst_month"]),
                              metadata={"description": "extension: what the ranking minimised"})
    horizonMonths = fields.Integer(required=True, metadata={"description": "extension: the horizon of the "
                                                                          "effective monthly prices"})
    separateLines = fields.Nested(SeparateLinesSchema, metadata={
        "description": "extension, households only: the cheapest one-plan-per-line set"})
    currentPrice = fields.Nested(MoneySchema, metadata={
        "description": "extension, with currentPlanId or currentMonthlyBillFen: what the person pays now, as an "
                       "effective monthly price in the request's currency (what savings compare with)"})
    advice = fields.List(fields.Nested(MessageSchema()), required=True, metadata={
        "description": "extension: said first, e.g. keep_current_plan when no bundle costs less than the current"})


RelationshipSchema = ma.Schema.from_dict({
    "id": fields.String(required=True), "href": fields.String(), "name": fields.String(),
    "relationshipType": fields.String(required=True, validate=validate.OneOf(["requires", "freeWith", "excludes"])),
    "@referredType": fields.String(data_key="@referredType", attribute="referred_type"),
}, name="ProductOfferingRelationship")
CharValueSchema = ma.Schema.from_dict({
    "value": fields.Raw(required=True, metadata={"description": "a number"}),
    "unitOfMeasure": fields.String(), "valueType": fields.String(),
    "isDefault": fields.Boolean(), **_extension_fields(),
    "source": fields.String(required=True), "note": fields.String(allow_none=True),
}, name="SourcedCharacteristicValue")
CharValueUseSchema = ma.Schema.from_dict({
    "name": fields.String(required=True), "valueType": fields.String(),
    "productSpecCharacteristicValue": fields.List(fields.Nested(CharValueSchema)),
}, name="ProductSpecificationCharacteristicValueUse")
OperatorSchema = ma.Schema.from_dict({"id": fields.String(required=True), "name": fields.String(required=True),
                                      "nameEn": fields.String(required=True), "currency": fields.String(required=True),
                                      "country": fields.String(required=True),
                                      "memberships": fields.List(fields.Dict(), required=True)},
                                     name="TariffOperator")
CategoryRefSchema = ma.Schema.from_dict({"id": fields.String(required=True), "name": fields.String(),
                                         "@referredType": fields.String(data_key="@referredType",
                                                                        attribute="referred_type")},
                                        name="CategoryRef")


class ProductOfferingSchema(ma.Schema):
    """A base plan or an add-on pack (extension ``TariffProductOffering``: see the API description)."""

    id = fields.String(required=True)
    href = fields.String(required=True)
    name = fields.String(required=True)
    description = fields.String()
    isBundle = fields.Boolean(required=True)
    isSellable = fields.Boolean(required=True, metadata={
        "description": "false for a pack sold on no plan (requires_plans: []) and for a plan kept only for the "
                       "people on it now (eligibility.holders_only: not sold anew)"})
    lifecycleStatus = fields.String(required=True, metadata={
        "description": "Active: every offering exported is in use, a plan kept for its holders too"})
    validFor = fields.Nested(TimePeriodSchema, metadata={
        "description": "the sale window of its eligibility (available_from / available_until), when it has one: "
                       "from the first day's start to the last day's end, in the operator's local time"})
    category = fields.List(fields.Nested(CategoryRefSchema))
    productOfferingPrice = fields.List(fields.Nested(RefSchema), required=True)
    productOfferingRelationship = fields.List(fields.Nested(RelationshipSchema), required=True)
    prodSpecCharValueUse = fields.List(fields.Nested(CharValueUseSchema), required=True)
    type = fields.String(data_key="@type", required=True)
    base_type = fields.String(data_key="@baseType")
    schema_location = fields.String(data_key="@schemaLocation")
    offeringKind = fields.String(required=True, validate=validate.OneOf(["basePlan", "addOnPack"]))
    operator = fields.Nested(OperatorSchema, required=True)
    benefits = fields.List(fields.String(), required=True)
    benefitsSource = fields.String(metadata={"description": "where the benefits come from (seed:<fact id> or "
                                                            "assumption: <reason>), when the plan file says"})
    benefitsNote = fields.String(metadata={"description": "a note on the benefits' source"})
    eligibility = fields.Dict(allow_none=True, metadata={
        "description": "who may buy: the plan file's eligibility object (customers, existing_of, age, regions, "
                       "members_of, groups, available_from, available_until, source, text); null: anyone"})
    packKind = fields.String(metadata={"description": "packs: data, speed, service, scene, roaming, satellite"})
    satellite = fields.Boolean(metadata={"description": "packs: adds satellite service"})
    maxCount = fields.Integer(metadata={"description": "packs: how many may be stacked"})
    group = fields.String(allow_none=True, metadata={"description": "packs: at most one pack of a group"})
    eligibleWithAnyPlan = fields.Boolean(
        metadata={"description": "packs: names no plans, fits every plan of its operator"})
    productOfferingTerm = fields.List(fields.Nested(ma.Schema.from_dict({
        "name": fields.String(required=True), "description": fields.String(),
        "duration": fields.Nested(ma.Schema.from_dict({"amount": fields.Integer(required=True),
                                                       "units": fields.String(required=True)}, name="Duration"))},
        name="ProductOfferingTerm")), metadata={
        "description": "base plans: the minimum term (terms.minimum_term_months; informative, it travels back in "
                       "planFileFields); empty without one"})
    planFileFields = fields.Dict(required=True, metadata={"description": "other plan-file fields, as written"})


class ProductOfferingPriceSchema(ma.Schema):
    """A fee, pack price, allowance or overage rate (extension ``SourcedProductOfferingPrice``)."""

    id = fields.String(required=True)
    href = fields.String(required=True)
    name = fields.String(required=True)
    description = fields.String(metadata={"description": "an unlimited allowance: 'unlimited'"})
    isBundle = fields.Boolean(required=True)
    lifecycleStatus = fields.String(required=True)
    priceType = fields.String(required=True, validate=validate.OneOf(["recurring", "oneTime", "usage"]))
    price = fields.Nested(MoneySchema, required=True)
    recurringChargePeriodType = fields.String()
    recurringChargePeriodLength = fields.Integer()
    unitOfMeasure = fields.Nested(ma.Schema.from_dict(
        {"amount": fields.Float(required=True), "units": fields.String(required=True)}, name="Quantity"),
        metadata={"description": "an allowance's amount, an overage's unit (amount 1); none on an unlimited "
                                 "allowance (unlimited: true)"})
    type = fields.String(data_key="@type", required=True)
    base_type = fields.String(data_key="@baseType")
    schema_location = fields.String(data_key="@schemaLocation")
    priceRole = fields.String(required=True, validate=validate.OneOf(
        ["fee", "packPrice", "allowance", "overage", "promotion", "oneOffFee", "minimumSpend", "extraLineFee",
         "installationFee"]), metadata={"description": "the last five repeat, for reading, what planFileFields "
                                                       "carries (terms, extra lines, installation)"})
    firstMonths = fields.Integer(metadata={"description": "promotion: the last contract month it covers"})
    fromMonth = fields.Integer(metadata={"description": "promotion: the first contract month it covers (1, or the "
                                                        "month after the promotion before it ends)"})
    maxLines = fields.Integer(metadata={"description": "extraLineFee: how many extra lines the plan takes"})
    meter = fields.String(required=True, allow_none=True)
    unlimited = fields.Boolean(metadata={"description": "allowance: true when it has no limit (then no unitOfMeasure, "
                                                        "description 'unlimited'); absent otherwise"})
    source = fields.String(required=True, metadata={"description": "'seed:<fact id>' or 'assumption: <reason>'"})
    note = fields.String(required=True, allow_none=True)
