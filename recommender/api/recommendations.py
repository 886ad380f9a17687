"""``POST /api/v1/recommendations`` (a profile as JSON) and ``/recommendations/usage`` (an itemised
CSV): the answer document.  Views only translate: request in, domain call, answer out; each reads
the served catalogue once, so a reload mid-request never mixes two catalogues."""

from collections.abc import Iterable
from typing import Any

import marshmallow as ma
from flask import Response, current_app, g, jsonify, request
from flask_smorest import abort
from pydantic import ValidationError
from werkzeug.datastructures import FileStorage

from ..answer import UnknownPlan, recommend
from ..eligibility import profile_problems
from ..messages import render
from ..optimise.exhaustive import TooManyCombinations
from ..profile import Profile, field_path
from ..serving import served
from ..strictjson import loads
from ..usage import UsageCsvError, csv_text, parse_csv
from .common import _HEADERS
from .errors import abort_if_out_of_time, error_item, flatten_marshmallow, flatten_pydantic
from .parsing import ApiBlueprint, json_depth
from .schemas import (
    AnswerSchema,
    ProfileSchema,
    RecommendOptionsSchema,
    UsageUploadFilesSchema,
    UsageUploadFormSchema,
)

CONTENT_LANGUAGE_HEADER = {
    "description": "the language of the answer's texts: en, or zh-CN where Accept-Language prefers Chinese (zh, zh-CN "
                   "...); codes, params, ids and figures are the same in each", "required": True,
    "schema": {"type": "string", "enum": ["en", "zh-CN"]}}
"""The OpenAPI of ``Content-Language`` on an answer worded in the request's language (here and TMF680's)."""
_ANSWER_HEADERS = {**_HEADERS, "Content-Language": CONTENT_LANGUAGE_HEADER}

PROFILE_EXAMPLE = {"data_gb": 45, "voice_minutes": 80, "sms": 10, "budget_fen": 12000,
                   "current": {"monthly_bill_fen": 9900}}
"""The README's profile (``seeds/profiles/student.json``): what Swagger UI's "Try it out" sends (found by the API QA:
without an example it filled in every field of the schema at once, a 422)."""

recommendations = ApiBlueprint(
    "recommendations", __name__, url_prefix="/api/v1",
    description="Rank the cheapest fitting bundles for a usage profile (the CLI's `recommend --json`).",
)


PROFILE = ProfileSchema()
"""The JSON body's schema, made once: the body's, and the upload's ``profile`` part read as the body is."""


@recommendations.route("/recommendations", methods=["POST"])
@recommendations.arguments(RecommendOptionsSchema(), location="query", as_kwargs=True)
@recommendations.arguments(PROFILE, location="json", description="the usage profile (every field optional)",
                           example=PROFILE_EXAMPLE)
@recommendations.response(200, AnswerSchema, headers=_ANSWER_HEADERS,
                          description="the answer document, exactly as `recommender recommend --json` prints it")
@recommendations.alt_response(400, description="malformed JSON body")
@recommendations.alt_response(413, description="body over RECOMMENDER_MAX_BODY_BYTES")
@recommendations.alt_response(415, description="body not sent as application/json, or in a content coding")
@recommendations.alt_response(422, description="an invalid field (`errors` holds its dotted path), usage given "
                                                "more than one way, `current.plan_id` naming no plan of the "
                                                "served catalogue, or `engine=enumerate` on a plan with more "
                                                "pack combinations than the enumerator tries")
@recommendations.alt_response(503, description="no catalogue loaded, or no bundle found within the solver's time "
                                                "limit (status `unknown`; `Retry-After` says when to try again)")
def post_recommendations(profile_data: dict[str, Any], top_k: int, per_operator: int | None,
                         engine: str, detail: str | None = None) -> Response:
    """Recommend bundles for a profile.

    Options are query parameters (`?top_k=3&per_operator=1&engine=cp-sat&detail=months`); the body is the
    profile alone, the same JSON as `recommender recommend --profile`.  The answer's texts are in the language
    `Accept-Language` prefers, English or Chinese (`Content-Language` says which); error reasons are English.
    Invalid fields are 422 with each field's dotted path; `current.plan_id` naming a plan the served catalogue does not
    have is 422 too.
    """
    return _answer(profile_data, top_k, per_operator, engine, "body", detail)


def _under(field: str, path: str) -> str:
    """A profile field's path as the request has it: ``budget_fen`` in the body, ``profile.budget_fen`` in a form."""
    return path if not field else f"{field}.{path}" if path else field


def _answer(profile_data: dict[str, Any], top_k: int, per_operator: int | None, engine: str,
            location: str, detail: str | None = None, field: str = "") -> Response:
    """The answer for the profile given at ``location`` (in the form field ``field``, if one)."""
    try:
        profile = Profile.model_validate(profile_data)
    except ValidationError as exc:
        abort(422, message="invalid profile: see errors",
              errors=[{**e, "path": _under(field, e["path"])} for e in flatten_pydantic(exc, location)])
    catalogue = served()
    problems = profile_problems(catalogue, profile)
    if problems:
        abort(422, message="invalid profile: see errors",
              errors=[error_item(location, _under(field, field_path(loc)), render(msg))
                      for loc, msg in problems])
    limit = float(current_app.config["RECOMMENDER_TIME_LIMIT_S"])
    try:
        answer = recommend(catalogue, profile, top_k, engine, limit, per_operator)  # type: ignore[arg-type]  # engine was validated against ENGINES by the query schema
    except UnknownPlan as exc:
        abort(422, message="invalid profile: see errors",
              errors=[error_item(location, _under(field, "current.plan_id"), render(exc.reason))])
    except TooManyCombinations as exc:
        abort(422, message="invalid option: see errors", errors=[error_item("query", "engine", str(exc))])
    g.answer_engine, g.answer_status = answer.engine, answer.status
    abort_if_out_of_time(answer.status, limit)
    lang = answer_language()
    return worded_in(jsonify(answer.document(catalogue, lang, detail=(detail,) if detail else ())), lang)


ANSWER_LANGUAGES = ("en", "zh")
"""The languages an answer's texts are worded in (its codes and params are the same in each)."""
CONTENT_LANGUAGE = {"en": "en", "zh": "zh-CN"}


def answer_language() -> str:
    """The language the request's ``Accept-Language`` prefers among ``ANSWER_LANGUAGES`` (English by default): the
    answer's ``text`` fields and items in it, as the form and the CLI word them (found by the user test: an app had to
    copy messages/zh.json out of the package to show Chinese, while plan and pack names came in Chinese).  The first
    range by quality whose language is one of them decides, a region or script (``zh-CN``, ``zh-Hant-TW``) counting
    as its language; ``*`` is English.  Werkzeug's ``best_match`` ranks an exact tag above a language it matches
    by prefix, whatever their qualities: ``zh-CN,en;q=0.5`` was answered in English (found by the integrator test)."""
    return _preferred(request.accept_languages)


def _preferred(ranges: Iterable[tuple[str, float]]) -> str:
    for tag, quality in sorted(ranges, key=lambda r: -r[1]):  # (werkzeug puts "*" last whatever its quality)
        lang = tag.replace("_", "-").split("-")[0].lower()
        if quality > 0 and lang in ANSWER_LANGUAGES:
            return lang
        if quality > 0 and lang == "*":
            break
    return "en"


def worded_in(response: Response, lang: str) -> Response:
    """``response``, whose texts are in ``lang`` (``answer_language``), saying so: ``Content-Language``, and
    ``Vary: Accept-Language`` for caches (here and on TMF680's answers)."""
    response.headers["Content-Language"] = CONTENT_LANGUAGE[lang]
    response.vary.add("Accept-Language")
    return response


MAX_LISTED_PROBLEMS = 100
"""An error answer lists at most this many bad rows (and says how many there were)."""


@recommendations.route("/recommendations/usage", methods=["POST"])
@recommendations.arguments(RecommendOptionsSchema(), location="query", as_kwargs=True)
@recommendations.arguments(UsageUploadFormSchema(), location="form", as_kwargs=True)
@recommendations.arguments(UsageUploadFilesSchema(), location="files", as_kwargs=True)
@recommendations.response(200, AnswerSchema, headers=_ANSWER_HEADERS, description="the answer document")
@recommendations.alt_response(413, description="body over RECOMMENDER_MAX_UPLOAD_BYTES (default 4 MiB), or a CSV of "
                                                "more than RECOMMENDER_MAX_UPLOAD_ROWS rows (at `records:<line>`)")
@recommendations.alt_response(415, description="body not sent as multipart/form-data, or in a content coding")
@recommendations.alt_response(503, description="no catalogue loaded, or no bundle found within the solver's time "
                                                "limit (`Retry-After` says when to try again)")
def post_usage(records: FileStorage, top_k: int, per_operator: int | None, engine: str,
               profile: str | None = None, detail: str | None = None) -> Response:
    """Recommend bundles from itemised usage: a CSV of calls, data sessions and messages.

    Send `multipart/form-data` with the CSV as the file field `records` (columns `kind` =
    call|data|sms, `date` = YYYY-MM-DD (or 2025/3/18, 2025年3月18日, with the time or not), `duration_s` for
    calls, `mb` for sessions; other columns are ignored) and, optionally, the rest of the profile as JSON text
    in the field `profile` (needs, operators, current plan or bill, budget, ...; not its usage; a bad field of it
    is a 422 at `profile.<its path>`, e.g. `profile.budget_fen`).  Each month of the CSV
    is billed under every plan's own rules.  A bad row is a 422 whose path is `records:<line>`
    (the first 100 bad rows are listed).  The file is text in UTF-8 (a BOM allowed) or GB18030 (what
    Chinese spreadsheet programs save); other bytes are a 422 at `records`.  At most
    RECOMMENDER_MAX_UPLOAD_ROWS rows (default 10,000; reading stops there): more is a 413 at
    `records:<line>`.
    """
    text = csv_text(records.read())
    if text is None:
        abort(422, message="invalid records: see errors",
              errors=[error_item("form", "records", "not CSV text in UTF-8 or GB18030")])
    assert text is not None  # abort() raised above
    cap = int(current_app.config["RECOMMENDER_MAX_UPLOAD_ROWS"])
    try:
        rows = parse_csv(text, max_records=cap)
    except UsageCsvError as exc:
        over = [p for p in exc.problems if p.code == "csv.too_many"]
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
            data = loads(profile)
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
    assert isinstance(data, dict)  # abort() raised above
    usage = [name for name in ("data_gb", "voice_minutes", "sms", "months", "records", "lines") if name in data]
    if usage:
        abort(422, message="invalid profile: see errors",
              errors=[error_item("form", f"profile.{name}", "usage comes from the CSV") for name in usage])
    try:  # read as the JSON body is (found by QA: the domain model alone took a number written as text, "1"), as a
        # profile of records (the CSV's, read above; one stands for them here): an app share is a history's, per month
        loaded: dict[str, Any] = PROFILE.load({**data, "records": [{"kind": "sms", "date": "2025-01-01"}]})
    except ma.ValidationError as exc:
        abort(422, message="invalid profile: see errors", errors=flatten_marshmallow(exc.messages, "form", "profile"))
    return _answer({**loaded, "records": [r.model_dump() for r in rows]}, top_k, per_operator, engine, "form",
                   detail, "profile")
