"""TMF680 under ``/tmf-api/recommendationManagement/v4``: a query answered synchronously, kept for GET
by id (from any worker).  Invalid characteristics are 422 with paths like
``productCharacteristic[2].value``; errors keep the service's one error shape (a TMF client finds
``code``, ``status`` and ``message`` where TMF puts them, ``code`` the HTTP status as an integer).
"""

import logging
import math
import time
from typing import Any

from flask import Response, current_app, g, jsonify
from flask_smorest import Api, abort

from ..answer import UnknownPlan, recommend
from ..api.errors import abort_if_out_of_time, error_item, shown_id
from ..api.observability import TMF680_UNKEPT, updating
from ..api.parsing import ApiBlueprint
from ..api.recommendations import CONTENT_LANGUAGE, CONTENT_LANGUAGE_HEADER, answer_language, worded_in
from ..api.schemas import NoQuerySchema
from ..eligibility import profile_problems
from ..messages import names_for, render
from ..serving import served
from . import tmf680
from .results import MemoryResults, ResultStore, SharedResults, new_id
from .schemas import QueryOptionsSchema, QueryProductRecommendationSchema, QueryRequestSchema


def results() -> ResultStore:
    """This server's TMF680 results: in the shared folder under gunicorn (any worker reads them), else in memory."""
    kept = current_app.extensions.get("recommender.tmf680")
    if kept is None:
        limit = int(current_app.config["RECOMMENDER_TMF680_RESULT_BYTES"])
        shared = current_app.extensions["recommender.store"].shared
        kept = SharedResults(shared.folder / "tmf680", limit) if shared is not None else MemoryResults(limit)
        current_app.extensions["recommender.tmf680"] = kept
    return kept


UNKEPT_WARN_EVERY_S = 10.0
_log = logging.getLogger(__name__)
_warned_at = -math.inf


KEPT_LANGUAGE = "_contentLanguage"
"""Where a kept result says the language its texts are in (taken out again when it is read: not a field of it)."""


def _keep(query_id: str, document: dict[str, Any]) -> None:
    """Keep a result for GET by id.  One that cannot be written (the shared folder's file system full or read-only:
    found by the SRE QA, every TMF680 POST was then a 500 after its answer was found) is answered all the same: its
    GET by id is a 404, as for a result no longer kept; counted, and said in the log at most every
    ``UNKEPT_WARN_EVERY_S`` a process."""
    global _warned_at
    try:
        results().put(query_id, document)
    except OSError as exc:
        with updating:
            TMF680_UNKEPT.inc()
        now = time.monotonic()
        if now - _warned_at >= UNKEPT_WARN_EVERY_S:
            _warned_at = now
            _log.warning("TMF680 result not kept for GET by id (%s: %s): queries are answered, their GET is a 404",
                         type(exc).__name__, exc)


tmf680_blp = ApiBlueprint(
    "tmf680", __name__, url_prefix=tmf680.BASE,
    description="TM Forum TMF680 Recommendation Management v4: the profile as `productCharacteristic` "
                "entries, the ranked bundles as `recommendationItem` (same engine and numbers as "
                "`POST /api/v1/recommendations`).",
)


_CONTENT_LANGUAGE = {**CONTENT_LANGUAGE_HEADER, "description": "the language of the texts: en, or zh-CN where "
                     "Accept-Language prefers Chinese (zh, zh-CN ...), as on /api/v1; codes, params, ids, names of "
                     "prices and figures are the same in each"}

QUERY_EXAMPLE = {"productCharacteristic": [{"name": "dataGB", "value": 45}, {"name": "voiceMinutes", "value": 80},
                                         {"name": "sms", "value": 10}, {"name": "budgetFen", "value": 12000}]}
"""docs/tmf.md's query: what Swagger UI's "Try it out" sends (without it, every field of the schema: a 422)."""


@tmf680_blp.route("/queryProductRecommendation", methods=["POST"])
@tmf680_blp.arguments(QueryOptionsSchema(), location="query", as_kwargs=True)
@tmf680_blp.arguments(QueryRequestSchema(), location="json",
                      description="a QueryProductRecommendation; the usage profile as productCharacteristic",
                      example=QUERY_EXAMPLE)
@tmf680_blp.response(201, QueryProductRecommendationSchema,
                     description="answered synchronously: state done; also kept for GET by id",
                     headers={"Location": {"description": "the result's href, for GET by id",
                                           "required": True, "schema": {"type": "string"}},
                              "Content-Language": _CONTENT_LANGUAGE})
@tmf680_blp.alt_response(400, description="malformed JSON body")
@tmf680_blp.alt_response(413, description="body over RECOMMENDER_MAX_BODY_BYTES")
@tmf680_blp.alt_response(415, description="body not sent as application/json, or in a content coding")
@tmf680_blp.alt_response(422, description="an invalid characteristic (`errors` holds `productCharacteristic[i]."
                                          "value`), a name given twice, usage given both ways, both "
                                          "`currentPlanId` and `currentMonthlyBillFen`, or a `currentPlanId` "
                                          "naming no plan of the served catalogue (see `GET "
                                          "/tmf-api/productCatalogManagement/v4/productOffering`)")
@tmf680_blp.alt_response(503, description="no catalogue loaded, or no bundle found within the solver's time limit "
                                          "(`Retry-After` says when to try again)")
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
    `firstMonth`, `horizonTotal`, `rankingPrice`, the figure ranked, and `worstMonth`, the largest monthly bill,
    ranked by first with `objective: worst_month`, both in the request's currency).

    The texts (each `text`, `suggestion`, a `priceAlteration`'s `name`, a price's `description`) are in the language
    `Accept-Language` prefers, English or Chinese (`Content-Language` says which), as on `/api/v1`; error reasons
    are English.
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
              errors=[error_item("body", tmf680.characteristic_path(query.get("productCharacteristic", []), loc),
                                 render(msg)) for loc, msg in problems])
    time_limit = float(current_app.config["RECOMMENDER_TIME_LIMIT_S"])
    try:
        answer = recommend(catalogue, profile, limit, "auto", time_limit)
    except UnknownPlan as exc:  # (said as /api/v1 says it: it was "unknown plan" for a plan priced in another
        # currency too, and without the id a typo likely meant; found by the integrator review)
        index = next(i for i, c in enumerate(query["productCharacteristic"]) if c["name"] == "currentPlanId")
        abort(422, message="invalid productCharacteristic: see errors",
              errors=[error_item("body", f"productCharacteristic[{index}].value", render(exc.reason))])
    abort_if_out_of_time(answer.status, time_limit)
    query_id = new_id()
    lang = answer_language()  # (found by the user test: English to Accept-Language: zh-CN, where /api/v1 said Chinese)
    document = tmf680.query_document(query_id, query, answer, names_for(catalogue, lang), lang)
    _keep(query_id, {**document, KEPT_LANGUAGE: CONTENT_LANGUAGE[lang]})
    response = jsonify(document)
    response.status_code = 201
    response.headers["Location"] = document["href"]
    return worded_in(response, lang)


@tmf680_blp.route("/queryProductRecommendation/<query_id>", methods=["GET"])
@tmf680_blp.arguments(NoQuerySchema(), location="query", as_kwargs=True)
@tmf680_blp.response(200, QueryProductRecommendationSchema, headers={"Content-Language": {
    **_CONTENT_LANGUAGE, "description": "the language the query's texts were answered in (by its POST's "
                                        "Accept-Language): a result is kept as answered"}})
@tmf680_blp.alt_response(404, description="unknown id, or no longer kept (the most recent results are kept, "
                                          "RECOMMENDER_TMF680_RESULT_BYTES of them in all)")
def get_query(query_id: str) -> Response:
    """A recent query's result, by id, from whichever worker answers (they share the results)."""
    document = results().get(query_id)
    if document is None:
        abort(404, message=f"no queryProductRecommendation '{shown_id(query_id)}' (the most recent results are kept, "
                           f"{results().max_bytes} bytes of them)",
              errors=[error_item("path", "query_id", "unknown id")])  # (the document's parameter: it said "id")
    assert document is not None  # abort() raised above
    g.catalogue_version = document.get("catalogueVersion")  # the catalogue that answered, not the one served now
    said = document.pop(KEPT_LANGUAGE, "en")  # (a result kept before its language was kept: English, as then)
    response = jsonify(document)
    response.headers["Content-Language"] = said
    return response


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
        "description": "the result, from any worker, while it is among the most recent results kept "
                       "(RECOMMENDER_TMF680_RESULT_BYTES of them in all)"}}


def register(api: Api) -> None:
    api.register_blueprint(tmf680_blp)
    _document_characteristics(api)
    _document_result_link(api)
