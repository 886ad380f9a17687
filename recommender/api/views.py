"""The HTTP endpoints: recommendations, the catalogue as served, health, admin reload.

Views only translate: request in, domain call, answer document out.  Each reads the store's
snapshot once, so a reload in the middle of a request never mixes two catalogues.
"""

import hashlib
import hmac
import json
import math
import re

from flask import Response, current_app, g, jsonify, request
from flask_smorest import abort
from pydantic import ValidationError
from werkzeug.datastructures import FileStorage

from ..answer import UnknownPlan, recommend
from ..catalogue import Catalogue
from ..eligibility import profile_problems
from ..profile import Profile
from ..serving import Snapshot, served, store
from ..usage import CSV_ENCODINGS, UsageCsvError, parse_csv
from .errors import dotted, error_item, error_response, flatten_pydantic
from .parsing import ApiBlueprint, json_depth
from .schemas import (
    AnswerSchema,
    HealthSchema,
    OperatorListSchema,
    PackListSchema,
    PackSchema,
    PlanListSchema,
    PlanSchema,
    ProfileSchema,
    ReadySchema,
    RecommendOptionsSchema,
    ReloadSchema,
    UsageUploadFilesSchema,
    UsageUploadFormSchema,
)

VERSION_HEADER = "X-Catalogue-Version"
_HEADERS = {VERSION_HEADER: {"description": "content hash of the catalogue that answered",
                             "schema": {"type": "string"}}}
_ETAG_HEADERS = {**_HEADERS, "ETag": {"description": "the catalogue version, quoted", "schema": {"type": "string"}}}


def split_problem(problem: str) -> dict[str, str]:
    match = re.match(r"^(.*?:\d+): (.*)$", problem, re.S)
    where, reason = match.groups() if match else ("", problem)
    return error_item("plans", where, reason)


# -- recommendations -----------------------------------------------------------------------------

recommendations = ApiBlueprint(
    "recommendations", __name__, url_prefix="/api/v1",
    description="Rank the cheapest fitting bundles for a usage profile (the CLI's `recommend --json`).",
)


@recommendations.route("/recommendations", methods=["POST"])
@recommendations.arguments(RecommendOptionsSchema(), location="query", as_kwargs=True)
@recommendations.arguments(ProfileSchema(), location="json", description="the usage profile (every field optional)")
@recommendations.response(200, AnswerSchema, headers=_HEADERS,
                          description="the answer document, exactly as `recommender recommend --json` prints it")
@recommendations.alt_response(400, description="malformed JSON body")
@recommendations.alt_response(413, description="body over RECOMMENDER_MAX_BODY_BYTES")
@recommendations.alt_response(415, description="body not sent as application/json")
@recommendations.alt_response(422, description="an invalid field (`errors` holds its dotted path), usage given "
                                                "more than one way, or `current.plan_id` naming no plan of the "
                                                "served catalogue")
@recommendations.alt_response(503, description="no catalogue loaded, or no bundle found within the solver's time "
                                                "limit (status `unknown`; `Retry-After` says when to try again)")
def post_recommendations(profile_data: dict[str, object], top_k: int, per_operator: int | None,
                         engine: str, detail: str | None = None) -> Response:
    """Recommend bundles for a profile.

    Options are query parameters (`?top_k=3&per_operator=1&engine=cp-sat&detail=months`); the body is the
    profile alone, the same JSON as `recommender recommend --profile`.  Invalid fields are 422
    with each field's dotted path; `current.plan_id` naming a plan the served catalogue does not
    have is 422 too.
    """
    return _answer(profile_data, top_k, per_operator, engine, "body", detail)


def _answer(profile_data: dict[str, object], top_k: int, per_operator: int | None, engine: str,
            location: str, detail: str | None = None) -> Response:
    try:
        profile = Profile.model_validate(profile_data)
    except ValidationError as exc:
        abort(422, message="invalid profile: see errors", errors=flatten_pydantic(exc, location))
    catalogue = served()
    problems = profile_problems(catalogue, profile)
    if problems:
        abort(422, message="invalid profile: see errors",
              errors=[error_item(location, dotted(loc), msg) for loc, msg in problems])
    limit = float(current_app.config["RECOMMENDER_TIME_LIMIT_S"])
    try:
        answer = recommend(catalogue, profile, top_k, engine, limit, per_operator)  # type: ignore[arg-type]
    except UnknownPlan as exc:
        abort(422, message="invalid profile: see errors",
              errors=[error_item(location, "current.plan_id", str(exc).removeprefix("current.plan_id: "))])
    g.answer_engine, g.answer_status = answer.engine, answer.status
    if answer.status == "unknown":  # the solver's time ran out before any fitting bundle was found
        abort(503, message=f"no bundle found within the solver's time limit of {limit:g} s; try again later",
              headers={"Retry-After": str(max(1, math.ceil(limit)))})
    return jsonify(answer.document(catalogue, detail=(detail,) if detail else ()))


MAX_LISTED_PROBLEMS = 100
"""An error answer lists at most this many bad rows (and says how many there were)."""


def _csv_text(content: bytes) -> str | None:
    """The upload as text: UTF-8 (a BOM allowed), else GB18030 (as the form reads it); None for other bytes."""
    for encoding in CSV_ENCODINGS:
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        return None if "\x00" in text else text
    return None


@recommendations.route("/recommendations/usage", methods=["POST"])
@recommendations.arguments(RecommendOptionsSchema(), location="query", as_kwargs=True)
@recommendations.arguments(UsageUploadFormSchema(), location="form", as_kwargs=True)
@recommendations.arguments(UsageUploadFilesSchema(), location="files", as_kwargs=True)
@recommendations.response(200, AnswerSchema, headers=_HEADERS, description="the answer document")
@recommendations.alt_response(413, description="body over RECOMMENDER_MAX_BODY_BYTES")
@recommendations.alt_response(503, description="no catalogue loaded, or no bundle found within the solver's time "
                                                "limit (`Retry-After` says when to try again)")
def post_usage(records: FileStorage, top_k: int, per_operator: int | None, engine: str,
               profile: str | None = None, detail: str | None = None) -> Response:
    """Recommend bundles from itemised usage: a CSV of calls, data sessions and messages.

    Send `multipart/form-data` with the CSV as the file field `records` (columns `kind` =
    call|data|sms, `date` = YYYY-MM-DD, `duration_s` for calls, `mb` for sessions; other columns
    are ignored) and, optionally, the rest of the profile as JSON text in the field `profile`
    (needs, operators, current plan or bill, budget, ...; not its usage).  Each month of the CSV
    is billed under every plan's own rules.  A bad row is a 422 whose path is `records:<line>`
    (the first 100 bad rows are listed).  The file is text in UTF-8 (a BOM allowed) or GB18030 (what
    Chinese spreadsheet programs save); other bytes are a 422 at `records`.  At most
    RECOMMENDER_MAX_UPLOAD_ROWS rows (default 10,000; reading stops there): more is a 413 at
    `records:<line>`.
    """
    text = _csv_text(records.read())
    if text is None:
        abort(422, message="invalid records: see errors",
              errors=[error_item("form", "records", "not CSV text in UTF-8 or GB18030")])
    cap = int(current_app.config["RECOMMENDER_MAX_UPLOAD_ROWS"])
    try:
        rows = parse_csv(text, max_records=cap)
    except UsageCsvError as exc:
        over = [p for p in exc.problems if p.message == f"more than {cap} records"]
        if over:
            abort(413, message=f"the CSV has more than {cap} rows (RECOMMENDER_MAX_UPLOAD_ROWS)",
                  errors=[error_item("form", f"records:{over[0].line}", f"more than {cap} records")])
        shown = exc.problems[:MAX_LISTED_PROBLEMS]
        more = len(exc.problems) - len(shown)
        abort(422, message="invalid records: see errors" + (f" (the first {len(shown)} of {len(exc.problems)})"
                                                            if more else ""),
              errors=[error_item("form", f"records:{p.line}", p.message) for p in shown])
    data: object = {}
    if profile:
        depth = int(current_app.config["RECOMMENDER_MAX_JSON_DEPTH"])
        too_deep = False
        try:
            data = json.loads(profile)
        except ValueError as exc:
            abort(422, message="invalid profile: see errors",
                  errors=[error_item("form", "profile", f"not JSON: {exc}"[:200])])
        except RecursionError:
            too_deep = True
        if too_deep or json_depth(data) > depth:
            abort(422, message="invalid profile: see errors",
                  errors=[error_item("form", "profile", f"nested deeper than {depth} levels")])
    if not isinstance(data, dict):
        abort(422, message="invalid profile: see errors", errors=[error_item("form", "profile", "not a JSON object")])
    usage = [name for name in ("data_gb", "voice_minutes", "sms", "months", "records") if name in data]
    if usage:
        abort(422, message="invalid profile: see errors",
              errors=[error_item("form", f"profile.{name}", "usage comes from the CSV") for name in usage])
    return _answer({**data, "records": [r.model_dump() for r in rows]}, top_k, per_operator, engine, "form",
                   detail)


# -- the catalogue ---------------------------------------------------------------------------------

catalogue_blp = ApiBlueprint(
    "catalogue", __name__, url_prefix="/api/v1",
    description="The plans, packs and operators as served, every figure with its provenance "
                "(`{value, source, note}`; `value` is a decimal string, exact as in the plan file). "
                "ETag is the catalogue version; send If-None-Match to get 304.",
)


def _cached(payload: object, catalogue: Catalogue) -> Response:
    response = jsonify(payload)
    response.set_etag(catalogue.version)
    return response.make_conditional(request)


def _plan(catalogue: Catalogue, spec: object) -> dict[str, object]:
    plan = catalogue.plan_index[spec.id]  # type: ignore[attr-defined]
    return {"operator": plan.operator, **spec.model_dump(mode="json")}  # type: ignore[attr-defined]


def _pack(catalogue: Catalogue, spec: object) -> dict[str, object]:
    pack = catalogue.pack_index[spec.id]  # type: ignore[attr-defined]
    return {"operator": pack.operator, **spec.model_dump(mode="json")}  # type: ignore[attr-defined]


_NOT_MODIFIED = "not modified: If-None-Match holds the current catalogue version"


@catalogue_blp.route("/plans", methods=["GET"])
@catalogue_blp.response(200, PlanListSchema, headers=_ETAG_HEADERS)
@catalogue_blp.alt_response(304, description=_NOT_MODIFIED)
@catalogue_blp.alt_response(503, description="no catalogue loaded")
def list_plans() -> Response:
    """Every base plan, in file order."""
    catalogue = served()
    plans = [_plan(catalogue, p) for f in catalogue.specs for p in f.plans]
    return _cached({"catalogue_version": catalogue.version, "plans": plans}, catalogue)


@catalogue_blp.route("/plans/<plan_id>", methods=["GET"])
@catalogue_blp.response(200, PlanSchema, headers=_ETAG_HEADERS)
@catalogue_blp.alt_response(304, description=_NOT_MODIFIED)
@catalogue_blp.alt_response(404, description="no such plan")
@catalogue_blp.alt_response(503, description="no catalogue loaded")
def get_plan(plan_id: str) -> Response:
    """One base plan."""
    catalogue = served()
    spec = catalogue.plan_spec(plan_id)
    if spec is None:
        abort(404, message=f"no plan '{plan_id}' in catalogue {catalogue.version}",
              errors=[error_item("path", "plan_id", "unknown plan")])
    return _cached(_plan(catalogue, spec), catalogue)


@catalogue_blp.route("/packs", methods=["GET"])
@catalogue_blp.response(200, PackListSchema, headers=_ETAG_HEADERS)
@catalogue_blp.alt_response(304, description=_NOT_MODIFIED)
@catalogue_blp.alt_response(503, description="no catalogue loaded")
def list_packs() -> Response:
    """Every add-on pack, in file order."""
    catalogue = served()
    packs = [_pack(catalogue, p) for f in catalogue.specs for p in f.packs]
    return _cached({"catalogue_version": catalogue.version, "packs": packs}, catalogue)


@catalogue_blp.route("/packs/<pack_id>", methods=["GET"])
@catalogue_blp.response(200, PackSchema, headers=_ETAG_HEADERS)
@catalogue_blp.alt_response(304, description=_NOT_MODIFIED)
@catalogue_blp.alt_response(404, description="no such pack")
@catalogue_blp.alt_response(503, description="no catalogue loaded")
def get_pack(pack_id: str) -> Response:
    """One add-on pack."""
    catalogue = served()
    spec = catalogue.pack_spec(pack_id)
    if spec is None:
        abort(404, message=f"no pack '{pack_id}' in catalogue {catalogue.version}",
              errors=[error_item("path", "pack_id", "unknown pack")])
    return _cached(_pack(catalogue, spec), catalogue)


@catalogue_blp.route("/operators", methods=["GET"])
@catalogue_blp.response(200, OperatorListSchema, headers=_ETAG_HEADERS)
@catalogue_blp.alt_response(304, description=_NOT_MODIFIED)
@catalogue_blp.alt_response(503, description="no catalogue loaded")
def list_operators() -> Response:
    """The operators, with the ids of their plans and packs."""
    catalogue = served()
    operators = [{**f.operator.model_dump(mode="json"), "currency": f.currency,
                  "plans": [p.id for p in f.plans], "packs": [p.id for p in f.packs]} for f in catalogue.specs]
    return _cached({"catalogue_version": catalogue.version, "operators": operators}, catalogue)


# -- health ----------------------------------------------------------------------------------------

health = ApiBlueprint("health", __name__, url_prefix="", description="Liveness and readiness probes.")


@health.route("/healthz", methods=["GET"])
@health.response(200, HealthSchema)
def healthz() -> Response:
    """The process is up (says nothing about the catalogue)."""
    return jsonify({"status": "ok"})


def _readiness(snapshot: Snapshot) -> Response:
    shared = store().shared
    failure = shared.failure() if shared is not None else snapshot.failure
    if snapshot.catalogue is None:
        problems = failure.problems if failure else ()
        return error_response(503, "no catalogue loaded: the plan files are invalid",
                              [split_problem(p) for p in problems])
    catalogue = snapshot.catalogue
    skew: dict[str, object] = {}
    if shared is not None:
        newest = shared.newest()
        skew = {"generation": snapshot.generation, "newest_generation": newest[0] if newest else 0,
                "newest_version": newest[1] if newest else None,
                "versions_served": sorted({v for _, v in shared.served().values()} | {catalogue.version})}
    return jsonify({
        "status": "degraded" if failure else "ready",
        "catalogue_version": catalogue.version,
        "loaded_at": snapshot.loaded_at,
        "plans": len(catalogue.plans),
        "packs": len(catalogue.packs),
        "last_reload_error": list(failure.problems) if failure else None,
        "last_reload_error_at": failure.at if failure else None,
        **skew,
    })


@health.route("/readyz", methods=["GET"])
@health.response(200, ReadySchema, headers=_HEADERS,
                 description="a catalogue is served; `degraded` when the last reload was rejected "
                             "(its file:line problems are in `last_reload_error`)")
@health.alt_response(503, description="no catalogue loaded; `errors` lists the file:line problems")
def readyz() -> Response:
    """Ready when a catalogue is loaded."""
    snapshot = store().snapshot
    if snapshot.catalogue is not None:
        g.catalogue_version = snapshot.catalogue.version
    return _readiness(snapshot)


# -- admin -----------------------------------------------------------------------------------------

admin = ApiBlueprint("admin", __name__, url_prefix="/api/v1/admin",
                     description="Operations; needs `Authorization: Bearer $RECOMMENDER_ADMIN_TOKEN`.")


def _same_token(sent: str, token: str) -> bool:
    """Constant time, and the same time whatever the length sent (digests are compared, not the tokens)."""
    return hmac.compare_digest(hashlib.sha256(sent.encode("utf-8", "surrogateescape")).digest(),
                               hashlib.sha256(token.encode("utf-8", "surrogateescape")).digest())


@admin.route("/reload", methods=["POST"])
@admin.response(200, ReloadSchema, headers=_HEADERS)
@admin.alt_response(401, description="no bearer token sent (`WWW-Authenticate: Bearer`), whether or not "
                                     "reload is enabled")
@admin.alt_response(403, description="a bearer token was sent, but it is wrong or no RECOMMENDER_ADMIN_TOKEN is "
                                     "configured (reload disabled)")
@admin.alt_response(422, description="the plan files are invalid (errors: file:line problems); "
                                     "the last good catalogue keeps serving")
@admin.doc(security=[{"adminToken": []}])
def reload_catalogue() -> Response:
    """Reload this process's catalogue from the plan files now.

    Under gunicorn each worker holds its own catalogue: this reloads the worker that answered
    (the file watcher reloads the others within RECOMMENDER_WATCH_INTERVAL_S).
    """
    token = current_app.config.get("RECOMMENDER_ADMIN_TOKEN")
    sent = request.headers.get("Authorization", "")
    if not sent.startswith("Bearer "):  # no credentials: 401, as documented, whether or not reload is enabled
        abort(401, message="send Authorization: Bearer <token>", headers={"WWW-Authenticate": "Bearer"})
    if not token:
        abort(403, message="admin reload is disabled: RECOMMENDER_ADMIN_TOKEN is not configured")
    if not _same_token(sent.removeprefix("Bearer "), str(token)):
        abort(403, message="wrong admin token")
    result = store().reload()
    current = result.snapshot.catalogue
    if current is not None:
        g.catalogue_version = current.version
    if result.outcome == "rejected":
        still = current.version if current is not None else "none"
        abort(422, message=f"the plan files are invalid; still serving catalogue {still}",
              errors=[split_problem(p) for p in result.problems])
    assert current is not None
    return jsonify({"outcome": result.outcome, "catalogue_version": current.version,
                    "previous_version": result.previous_version})
