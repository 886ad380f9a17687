"""The TM Forum endpoints: TMF680 recommendations and the TMF620 catalogue, under ``/tmf-api``.

Field names follow TM Forum's camelCase (``/api/v1`` keeps its snake_case).  Errors keep the
service's one error shape ``{code, status, message, errors: [{location, path, reason}]}`` (not
TMF's ``Error``): a TMF client finds ``code``, ``status`` and ``message`` where TMF puts them, with
``code`` the HTTP status as an integer.  Invalid characteristics are 422 with paths like
``productCharacteristic[2].value``.
"""

from typing import Any

import marshmallow as ma
from flask import Response, current_app, g, jsonify
from flask_smorest import Api, abort
from marshmallow import fields, validate

from ..answer import UnknownPlan, recommend
from ..api.errors import error_item
from ..api.parsing import ApiBlueprint
from ..api.schemas import ConditionSchema, StrictBoolean
from ..catalogue import Catalogue
from ..eligibility import profile_problems
from ..serving import served
from . import tmf620, tmf680
from .results import MemoryResults, ResultStore, SharedResults, new_id

_COUNT_HEADERS = {
    "X-Total-Count": {"description": "how many items there are", "schema": {"type": "integer"}},
    "X-Result-Count": {"description": "how many items this response holds", "schema": {"type": "integer"}},
}


def results() -> ResultStore:
    """This server's TMF680 results: in the shared folder under gunicorn (any worker reads them), else in memory."""
    kept = current_app.extensions.get("recommender.tmf680")
    if kept is None:
        limit = int(current_app.config["RECOMMENDER_TMF680_RESULT_BYTES"])
        shared = current_app.extensions["recommender.store"].shared
        kept = SharedResults(shared.folder / "tmf680", limit) if shared is not None else MemoryResults(limit)
        current_app.extensions["recommender.tmf680"] = kept
    return kept


# -- schemas ---------------------------------------------------------------------------------------


def _extension_fields() -> dict[str, fields.Field]:
    return {"type": fields.String(data_key="@type"), "base_type": fields.String(data_key="@baseType"),
            "schema_location": fields.String(data_key="@schemaLocation")}


class _Strict(ma.Schema):
    class Meta:
        unknown = ma.RAISE


CharacteristicSchema = _Strict.from_dict({
    "name": fields.String(required=True, validate=validate.OneOf(list(tmf680.CHARACTERISTICS))),
    "value": fields.Raw(required=True, metadata={"description": "typed JSON; see the name"}),
    "valueType": fields.String(),
    "id": fields.String(),
    **_extension_fields(),
}, name="ProductCharacteristic")

RefSchema = ma.Schema.from_dict({
    "id": fields.String(required=True), "href": fields.String(), "name": fields.String(),
    "@referredType": fields.String(data_key="@referredType", attribute="referred_type"),
}, name="TmfRef")

TimePeriodSchema = _Strict.from_dict({"startDateTime": fields.String(), "endDateTime": fields.String()},
                                     name="TimePeriod")


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
    limit = fields.Integer(load_default=5, validate=validate.Range(1, 50),
                           metadata={"description": "how many recommendation items (our top_k)"})


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
        "description": "EffectiveProductPrice: the effective monthly price in the request's currency, as ranked"}),
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
RecommendationItemSchema = ma.Schema.from_dict({
    "id": fields.String(), "priority": fields.Integer(required=True),
    "productOffering": fields.Nested(OfferingRefSchema, required=True),
    "productPrice": fields.List(fields.Nested(ProductPriceSchema), required=True),
    "condition": fields.List(fields.Nested(ConditionSchema()), metadata={
        "description": "conditions of sale of the plan and its packs: met, or unknown (ranked 'only if')"}),
    "assumedAmount": fields.Nested(MoneySchema, metadata={
        "description": "the part of the month's total resting on assumed figures"}),
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
                             metadata={"description": "extension: what to change when nothing fits"})
    currency = fields.String(required=True, metadata={"description": "extension: the currency plans were ranked "
                                                                     "in (each price is in its plan's currency)"})
    objective = fields.String(required=True, validate=validate.OneOf(["total", "worst_month"]),
                              metadata={"description": "extension: what the ranking minimised"})
    horizonMonths = fields.Integer(required=True, metadata={"description": "extension: the horizon of the "
                                                                          "effective monthly prices"})


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
    isSellable = fields.Boolean(required=True)
    lifecycleStatus = fields.String(required=True)
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
    eligibility = fields.Dict(allow_none=True, metadata={
        "description": "who may buy: the plan file's eligibility object (customers, existing_of, age, regions, "
                       "members_of, groups, available_from, available_until, source, text); null: anyone"})
    packKind = fields.String(metadata={"description": "packs: data, speed, service, scene, roaming, satellite"})
    satellite = fields.Boolean(metadata={"description": "packs: adds satellite service"})
    maxCount = fields.Integer(metadata={"description": "packs: how many may be stacked"})
    group = fields.String(allow_none=True, metadata={"description": "packs: at most one pack of a group"})
    eligibleWithAnyPlan = fields.Boolean(
        metadata={"description": "packs: names no plans, fits every plan of its operator"})
    planFileFields = fields.Dict(required=True, metadata={"description": "other plan-file fields, as written"})


class ProductOfferingPriceSchema(ma.Schema):
    """A fee, pack price, allowance or overage rate (extension ``SourcedProductOfferingPrice``)."""

    id = fields.String(required=True)
    href = fields.String(required=True)
    name = fields.String(required=True)
    isBundle = fields.Boolean(required=True)
    lifecycleStatus = fields.String(required=True)
    priceType = fields.String(required=True, validate=validate.OneOf(["recurring", "oneTime", "usage"]))
    price = fields.Nested(MoneySchema, required=True)
    recurringChargePeriodType = fields.String()
    recurringChargePeriodLength = fields.Integer()
    unitOfMeasure = fields.Nested(ma.Schema.from_dict(
        {"amount": fields.Raw(required=True, metadata={"description": "a number, or 'unlimited'"}),
         "units": fields.String(required=True)}, name="Quantity"))
    type = fields.String(data_key="@type", required=True)
    base_type = fields.String(data_key="@baseType")
    schema_location = fields.String(data_key="@schemaLocation")
    priceRole = fields.String(required=True,
                              validate=validate.OneOf(["fee", "packPrice", "allowance", "overage"]))
    meter = fields.String(required=True, allow_none=True)
    source = fields.String(required=True, metadata={"description": "'seed:<fact id>' or 'assumption: <reason>'"})
    note = fields.String(required=True, allow_none=True)


# -- TMF680 ----------------------------------------------------------------------------------------

tmf680_blp = ApiBlueprint(
    "tmf680", __name__, url_prefix=tmf680.BASE,
    description="TM Forum TMF680 Recommendation Management v4: the profile as `productCharacteristic` "
                "entries, the ranked bundles as `recommendationItem` (same engine and numbers as "
                "`POST /api/v1/recommendations`).",
)


@tmf680_blp.route("/queryProductRecommendation", methods=["POST"])
@tmf680_blp.arguments(QueryOptionsSchema(), location="query", as_kwargs=True)
@tmf680_blp.arguments(QueryRequestSchema(), location="json",
                      description="a QueryProductRecommendation; the usage profile as productCharacteristic")
@tmf680_blp.response(201, QueryProductRecommendationSchema,
                     description="answered synchronously: state done; also kept for GET by id")
@tmf680_blp.alt_response(400, description="malformed JSON body")
@tmf680_blp.alt_response(413, description="body over RECOMMENDER_MAX_BODY_BYTES")
@tmf680_blp.alt_response(415, description="body not sent as application/json")
@tmf680_blp.alt_response(422, description="an invalid characteristic (`errors` holds `productCharacteristic[i]."
                                          "value`), a name given twice, usage given both ways, both "
                                          "`currentPlanId` and `currentMonthlyBillFen`, or a `currentPlanId` "
                                          "naming no plan of the served catalogue (see `GET "
                                          "/tmf-api/productCatalogManagement/v4/productOffering`)")
@tmf680_blp.alt_response(503, description="no catalogue loaded")
def create_query(query: dict[str, Any], limit: int) -> Response:
    """Recommend bundles for the usage profile in `productCharacteristic`.

    Characteristics (each optional, each at most once; typed JSON values): `dataGB`, `voiceMinutes`,
    `sms`, `minUplinkMbps`, `minDownlinkMbps`, `satellite`, `roamingDataGB`, `roamingVoiceMinutes`,
    `broadband`, `benefits`, `operators`, `excludeOperators`, `currentPlanId` or
    `currentMonthlyBillFen`, `budgetFen`, `allowThrottling`, `objective` (`total` | `worst_month`),
    `horizonMonths`, `currency` (a currency of the catalogue, e.g. `CNY`), `exchangeRates` (an object,
    e.g. `{"CNY": 0.14}` when ranking in USD), who the person is for conditions of sale (`age`,
    `region`, `customerOf`, `memberships`, `groups`, `eligibility` = `strict` | `lenient`, `asOf`),
    `benefitsRequired` — the `/api/v1` profile fields in camelCase, nested `needs` and `about`
    flattened — and
    `months`, a usage history: an array of `{dataGB, voiceMinutes, sms}` objects instead of
    `dataGB`/`voiceMinutes`/`sms`.  Itemised records are not taken here (upload them as CSV to
    `POST /api/v1/recommendations/usage`).  `?limit=` is how many items (default 5).

    Each item's `productPrice` holds the month's total (`monthly total`) or, for a history, one
    price per month (`month <label>`), each with its invoice lines as `priceAlteration`; and last
    the `effective monthly` price (`@type: EffectiveProductPrice`, with `horizonMonths`,
    `firstMonth`, `horizonTotal` and `rankingPrice`, the figure ranked, in the request's currency).
    """
    try:
        profile = tmf680.profile_from_characteristics(query.get("productCharacteristic", []))
    except tmf680.CharacteristicError as exc:
        abort(422, message="invalid productCharacteristic: see errors",
              errors=[error_item("body", path, reason) for path, reason in exc.errors])
    catalogue = served()
    problems = profile_problems(catalogue, profile)
    if problems:
        abort(422, message="invalid productCharacteristic: see errors",
              errors=[error_item("body", tmf680.characteristic_path(query.get("productCharacteristic", []), loc), msg)
                      for loc, msg in problems])
    try:
        answer = recommend(catalogue, profile, limit, "auto", float(current_app.config["RECOMMENDER_TIME_LIMIT_S"]))
    except UnknownPlan:
        index = next(i for i, c in enumerate(query["productCharacteristic"]) if c["name"] == "currentPlanId")
        abort(422, message="invalid productCharacteristic: see errors",
              errors=[error_item("body", f"productCharacteristic[{index}].value", "unknown plan")])
    query_id = new_id()
    document = tmf680.query_document(query_id, query, answer)
    results().put(query_id, document)
    response = jsonify(document)
    response.status_code = 201
    response.headers["Location"] = document["href"]
    return response


@tmf680_blp.route("/queryProductRecommendation/<query_id>", methods=["GET"])
@tmf680_blp.response(200, QueryProductRecommendationSchema)
@tmf680_blp.alt_response(404, description="unknown id, or no longer kept (the most recent results are kept, "
                                          "RECOMMENDER_TMF680_RESULT_BYTES of them in all)")
def get_query(query_id: str) -> Response:
    """A recent query's result, by id, from whichever worker answers (they share the results)."""
    document = results().get(query_id)
    if document is None:
        abort(404, message=f"no queryProductRecommendation '{query_id}' (the most recent results are kept, "
                           f"{results().max_bytes} bytes of them)", errors=[error_item("path", "id", "unknown id")])
    return jsonify(document)


# -- TMF620 ----------------------------------------------------------------------------------------

tmf620_blp = ApiBlueprint(
    "tmf620", __name__, url_prefix=tmf620.BASE,
    description="TM Forum TMF620 Product Catalog Management v4 (read-only), generated from the plan files: "
                "plans and packs as ProductOffering, fees, allowances and overage rates as ProductOfferingPrice, "
                "provenance in the SourcedProductOfferingPrice / SourcedCharacteristicValue extensions.",
)


def _documents(catalogue: Catalogue) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    cache = current_app.extensions.setdefault("recommender.tmf620", {})
    if catalogue.version not in cache:
        cache.clear()
        cache[catalogue.version] = tmf620.catalogue_documents(catalogue)
    return cache[catalogue.version]


def _listed(items: list[dict[str, Any]]) -> Response:
    response = jsonify(items)
    response.headers["X-Total-Count"] = str(len(items))
    response.headers["X-Result-Count"] = str(len(items))
    return response


def _one(items: list[dict[str, Any]], item_id: str, what: str) -> Response:
    found = next((i for i in items if i["id"] == item_id), None)
    if found is None:
        abort(404, message=f"no {what} '{item_id}' in catalogue {g.catalogue_version}",
              errors=[error_item("path", "id", f"unknown {what}")])
    return jsonify(found)


@tmf620_blp.route("/productOffering", methods=["GET"])
@tmf620_blp.response(200, ProductOfferingSchema(many=True), headers=_COUNT_HEADERS)
@tmf620_blp.alt_response(503, description="no catalogue loaded")
def list_offerings() -> Response:
    """Every base plan and add-on pack, in plan-file order."""
    return _listed(_documents(served())[0])


@tmf620_blp.route("/productOffering/<offering_id>", methods=["GET"])
@tmf620_blp.response(200, ProductOfferingSchema)
@tmf620_blp.alt_response(404, description="no such offering")
@tmf620_blp.alt_response(503, description="no catalogue loaded")
def get_offering(offering_id: str) -> Response:
    """One offering (a plan or pack id)."""
    return _one(_documents(served())[0], offering_id, "productOffering")


@tmf620_blp.route("/productOfferingPrice", methods=["GET"])
@tmf620_blp.response(200, ProductOfferingPriceSchema(many=True), headers=_COUNT_HEADERS)
@tmf620_blp.alt_response(503, description="no catalogue loaded")
def list_prices() -> Response:
    """Every fee, pack price, allowance and overage rate, in plan-file order."""
    return _listed(_documents(served())[1])


@tmf620_blp.route("/productOfferingPrice/<price_id>", methods=["GET"])
@tmf620_blp.response(200, ProductOfferingPriceSchema)
@tmf620_blp.alt_response(404, description="no such price")
@tmf620_blp.alt_response(503, description="no catalogue loaded")
def get_price(price_id: str) -> Response:
    """One ProductOfferingPrice."""
    return _one(_documents(served())[1], price_id, "productOfferingPrice")


# -- registration -----------------------------------------------------------------------------------


def _document_characteristics(api: Api) -> None:
    """OpenAPI: the type of a characteristic's value depends on its name (one branch per name)."""
    schema = api.spec.components.schemas.get("ProductCharacteristic")
    if schema is not None:
        schema["oneOf"] = [{"properties": {"name": {"type": "string", "enum": [name]}, "value": value_schema}}
                           for name, (_path, _kind, value_schema) in tmf680.CHARACTERISTICS.items()]


def _document_result_link(api: Api) -> None:
    """OpenAPI link: the id a POST answers is what GET by id takes (schemathesis' stateful phase follows it)."""
    paths = api.spec._paths  # apispec has no public way to amend an operation
    created = paths.get(f"{tmf680.BASE}/queryProductRecommendation", {}).get("post")
    target = f"{tmf680.BASE}/queryProductRecommendation/{{query_id}}"
    if created is None or target not in paths:
        return
    reference = "#/paths/" + target.replace("~", "~0").replace("/", "~1") + "/get"
    created["responses"]["201"]["links"] = {"GetQueryProductRecommendation": {
        "operationRef": reference, "parameters": {"query_id": "$response.body#/id"},
        "description": "the result, from any worker, while the catalogue that answered is served"}}


def register(api: Api) -> None:
    """Add the TMF blueprints to the API (and their OpenAPI details)."""
    api.register_blueprint(tmf680_blp)
    api.register_blueprint(tmf620_blp)
    _document_characteristics(api)
    _document_result_link(api)
