"""The JSON API's assembly: flask-smorest's Api with the project's error shape, its blueprints (one
resource per module) and the OpenAPI document's corrections; ``register`` is called by
``recommender.app``."""

import copy

import swagger_ui_bundle
from flask import Blueprint, Flask, request
from flask.typing import ResponseReturnValue
from flask_smorest import Api
from werkzeug.exceptions import HTTPException

from ..profile import MAX_TRIPS
from .admin import admin
from .common import ConditionalHeaders
from .errors import RETRY_AFTER, error_response, flatten_marshmallow
from .health import health
from .limits import UNLIMITED_PATHS
from .parsing import LOCATIONS
from .plans import catalogue_blp
from .recommendations import recommendations
from .schemas import HOUSEHOLD_EXCLUDES, ErrorSchema, RoamingNeedSchema

SWAGGER_ASSETS = "/api/docs/static"

DESCRIPTION = """\
Finds the cheapest mobile bundle for a usage profile among the plan files served (as shipped, China
Mobile's, Telecom's and Unicom's 5G-A plans, and two US operators' plans compared in their own currency).

* `POST /api/v1/recommendations` takes the profile as the JSON body and the options as query
  parameters (`top_k`, `per_operator`, `engine`, `detail`: `detail=months` adds `months` to a one-month
  profile's answer); it answers the same document as `recommender recommend --json`.
* Catalogue endpoints serve the plan files with provenance; decimal figures are JSON strings
  (`"21.9"`), exact as written. `ETag` is the catalogue version (If-None-Match gives 304).
* Every response carries `X-Catalogue-Version`.
* Every error is `{code, status, message, errors: [{location, path, reason}]}`.
* Each client address may make `RECOMMENDER_RATE_LIMIT` requests (default 600 a minute); beyond
  it, 429 with `Retry-After`. Bodies nest at most `RECOMMENDER_MAX_JSON_DEPTH` levels (400).
* `X-Request-ID` is echoed (or generated) on every response; Prometheus metrics at `/metrics`.
"""


class RecommenderApi(Api):
    """flask-smorest's Api with the project's error shape (and the headers it would drop, e.g. Allow)."""

    ERROR_SCHEMA = ErrorSchema

    def handle_http_exception(self, error: HTTPException) -> ResponseReturnValue:
        code = error.code or 500
        data = getattr(error, "data", None) or {}
        headers = {name: value for name, value in error.get_headers() if name.lower() != "content-type"}
        headers.update(data.get("headers") or {})
        message = data.get("message") or (error.description if code < 500 else None) or error.name
        errors = data.get("errors")
        if errors is None and isinstance(data.get("messages"), dict):
            errors = [item for location, inner in data["messages"].items()
                      for item in flatten_marshmallow(inner, LOCATIONS.get(location, location))]
        if code == 413 and not data.get("message"):  # werkzeug's own: the body was over the limit
            message = f"request body over the limit of {request.max_content_length} bytes"
        if code >= 500 and code != 503:
            message = "internal server error"
        return error_response(code, str(message), errors or [], headers)


def _swagger_assets() -> Blueprint:
    """Swagger UI's JS/CSS, served from the swagger-ui-bundle package (no CDN)."""
    return Blueprint("swagger-ui-assets", __name__, static_folder=swagger_ui_bundle.swagger_ui_path,
                     static_url_path=SWAGGER_ASSETS)


def _document_one_of_current(api: Api) -> None:
    """OpenAPI cannot be derived from the 'exactly one of' validator: state it as oneOf."""
    current = api.spec.components.schemas.get("Current")
    if current is not None:
        # Each branch is whole (its own properties and additionalProperties): generators that
        # merge a oneOf with its parent schema then still produce only what the server accepts.
        plan_id = {k: v for k, v in current["properties"]["plan_id"].items() if k != "nullable"}
        bill = {k: v for k, v in current["properties"]["monthly_bill_fen"].items() if k != "nullable"}
        current["oneOf"] = [
            {"type": "object", "required": ["plan_id"], "additionalProperties": False,
             "properties": {"plan_id": plan_id, "monthly_bill_fen": {"enum": [None]}}},
            {"type": "object", "required": ["monthly_bill_fen"], "additionalProperties": False,
             "properties": {"monthly_bill_fen": bill, "plan_id": {"enum": [None]}}},
        ]


MONTH_TOTALS = ("data_gb", "voice_minutes", "sms")


def _document_usage_one_way(api: Api) -> None:
    """The profile's usage comes one way (``Profile._one_source_of_usage``), stated as ``not``: no
    ``months`` with ``records``, and neither of them with a non-zero monthly total (null or absent is
    not given; ``0`` totals are the defaults and may accompany either)."""
    profile = api.spec.components.schemas.get("Profile")
    if profile is None:
        return
    nonzero = [{"required": [name], "properties": {name: {"not": {"enum": [0]}}}} for name in MONTH_TOTALS]
    array = {"type": "array"}  # null is "not given"
    household = [{"required": ["lines", name], "properties": {"lines": array, **(
        {name: array} if name in ("months", "records") else {})}} for name in HOUSEHOLD_EXCLUDES]
    profile["not"] = {"anyOf": [
        {"required": ["months", "records"], "properties": {"months": array, "records": array}},
        {"required": ["months"], "properties": {"months": array}, "anyOf": nonzero},
        {"required": ["records"], "properties": {"records": array}, "anyOf": nonzero},
        *household,
    ]}
    profile["description"] = (
        "How a person uses their phone; every field optional, unknown fields rejected. Usage is given one "
        "way: one month (`data_gb`, `voice_minutes`, `sms`), a history (`months`), itemised `records`, or a "
        "household's `lines`; `months` and `records` are not both given (non-null), neither comes with a "
        "non-zero monthly total, and `lines` (non-null) comes with none of data_gb, voice_minutes, sms, "
        "app_share, months, records (the top-level `needs` are the holder's and the household's: a line's own "
        "`needs` add to them, in a household of one line too). "
        "`app_share` (top level, and per line) adds up to at most the `data_gb` it splits (a history's: its largest "
        "month's; in a smaller month, or a month of records, the apps use at most that month's data).")


def _document_usage_upload(api: Api) -> None:
    """The upload's two form fields are one multipart body (flask-smorest documents a ``form`` argument
    next to a ``files`` one as an OpenAPI 2 ``formData`` parameter, which OpenAPI 3 does not have)."""
    operation = api.spec._paths.get("/api/v1/recommendations/usage", {}).get("post")
    if operation is None:
        return
    form = [p for p in operation.get("parameters", []) if p.get("in") == "formData"]
    operation["parameters"] = [p for p in operation.get("parameters", []) if p.get("in") != "formData"]
    properties: dict[str, object] = {
        "records": {"type": "string", "format": "binary",
                    "description": "the CSV (kind,date,duration_s,mb; other columns ignored), text in UTF-8 "
                                   "(a BOM allowed) or GB18030; at most RECOMMENDER_MAX_UPLOAD_ROWS rows"}}
    for parameter in form:
        properties[parameter["name"]] = {**parameter.get("schema", {}), "description": parameter.get("description", "")}
    api.spec.components.schemas.pop("UsageUploadFiles", None)  # replaced by the body below
    operation["requestBody"] = {"required": True, "content": {"multipart/form-data": {"schema": {
        "type": "object", "required": ["records"], "properties": properties, "additionalProperties": False}}}}


API_SETTINGS = {
    "API_TITLE": "5G-A tariff recommender",
    "API_VERSION": "1",
    "OPENAPI_VERSION": "3.0.3",
    "OPENAPI_URL_PREFIX": "/api",
    "OPENAPI_JSON_PATH": "openapi.json",
    "OPENAPI_SWAGGER_UI_PATH": "docs",
    "OPENAPI_SWAGGER_UI_URL": SWAGGER_ASSETS + "/",
    "API_SPEC_OPTIONS": {"info": {"description": DESCRIPTION}},
}


def register(app: Flask) -> Api:
    """The API on ``app``: its blueprints, Swagger UI's assets, the document's corrections.  Other
    adapters (TM Forum) add their blueprints to the returned ``Api``; ``finish`` corrects the document."""
    app.config.update(API_SETTINGS)
    api = RecommenderApi(app, spec_kwargs={"extra_plugins": [ConditionalHeaders()]})
    api.spec.components.security_scheme("adminToken", {"type": "http", "scheme": "bearer"})
    for blueprint in (recommendations, catalogue_blp, health, admin):
        api.register_blueprint(blueprint)
    app.register_blueprint(_swagger_assets())
    return api


def _document_trips(api: Api) -> None:
    """``needs.roaming`` and ``months[].roaming`` are one trip or a list of trips (``schemas.TripsField``): stated
    as oneOf."""
    schemas = api.spec.components.schemas
    if "RoamingNeed" not in schemas:
        api.spec.components.schema("RoamingNeed", schema=RoamingNeedSchema)
    trip = {"$ref": "#/components/schemas/RoamingNeed"}
    for name in ("Needs", "Month"):
        found = schemas.get(name)
        if found is not None:
            found["properties"]["roaming"] = {
                "description": found["properties"]["roaming"].get("description", ""),
                "oneOf": [trip, {"type": "array", "items": trip, "maxItems": MAX_TRIPS}]}


def _document_nullable_refs(api: Api) -> None:
    """A nullable nested object (``allow_none``): ``anyOf: [$ref, null]``, null written as OpenAPI 3.0
    can (``{type: object, nullable: true, enum: [null]}``, which admits null only).  apispec writes the
    second branch without the ``enum``, and so admits any object at all (``lines[i].needs`` with a
    string for ``roaming``, which is a 422); ``allOf`` with ``nullable`` beside it would not admit null
    (3.0.3: ``nullable`` needs a ``type`` in the same schema)."""
    anything = {"type": "object", "nullable": True}
    for schema in api.spec.components.schemas.values():
        for prop in schema.get("properties", {}).values():
            branches = prop.get("anyOf", [])
            if len(branches) == 2 and sum("$ref" in b for b in branches) == 1 and anything in branches:
                prop["anyOf"] = [b if "$ref" in b else {**anything, "enum": [None]} for b in branches]


def _document_error_bodies(api: Api) -> None:
    """Every documented 4xx/5xx has the one error shape as its body.  An ``alt_response`` with a description
    only is written without ``content`` (found by QA: 30 error responses, among them the 422s and 404s, declared
    no body, so client generators typed them bodiless and response checks never read an error)."""
    body = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for operations in api.spec._paths.values():  # apispec has no public way to amend an operation
        for operation in operations.values():
            for code, response in (operation.get("responses") or {}).items() if isinstance(operation, dict) else ():
                if str(code)[0] in "45" and "content" not in response and "$ref" not in response:
                    response["content"] = copy.deepcopy(body)


def _document_rate_limit(api: Api) -> None:
    """Every operation but the probes (``limits.UNLIMITED_PATHS``) may answer 429 with ``Retry-After``
    (``RECOMMENDER_RATE_LIMIT``; found by the API QA: the document said so in its prose only)."""
    for path, operations in api.spec._paths.items():
        if path in UNLIMITED_PATHS:
            continue
        for method, operation in operations.items():
            if method != "parameters" and isinstance(operation, dict):
                operation.setdefault("responses", {}).setdefault("429", {
                    "description": "too many requests from this client address (RECOMMENDER_RATE_LIMIT)",
                    "headers": {"Retry-After": {**RETRY_AFTER, "required": True}}})


def _document_retry_after(api: Api) -> None:
    """Every 503 the service sends says when to try again (``Retry-After``): no catalogue loaded
    (``serving.retry_after``), nothing found within the solver's time limit, a catalogue that cannot be shared.
    Found by the SRE QA: the 503 for no catalogue loaded sent none, and the header was declared on some 503s only,
    not required."""
    for operations in api.spec._paths.values():  # apispec has no public way to amend an operation
        for operation in operations.values():
            response = (operation.get("responses") or {}).get("503") if isinstance(operation, dict) else None
            if response is not None:
                response.setdefault("headers", {})["Retry-After"] = {**RETRY_AFTER, "required": True}


def finish(api: Api) -> None:
    """What the OpenAPI document cannot derive from the schemas, stated once every blueprint is in."""
    _document_rate_limit(api)
    _document_retry_after(api)
    _document_error_bodies(api)
    _document_nullable_refs(api)
    _document_trips(api)
    _document_one_of_current(api)
    _document_usage_one_way(api)
    _document_usage_upload(api)

