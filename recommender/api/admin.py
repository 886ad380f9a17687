"""``POST /api/v1/admin/reload``: reload the plan files, with the admin token."""

import hashlib
import hmac

from flask import Response, current_app, g, jsonify, request
from flask_smorest import abort

from ..serving import retry_after, store
from .common import _HEADERS, split_problems
from .parsing import ApiBlueprint
from .schemas import (
    ReloadSchema,
)

admin = ApiBlueprint("admin", __name__, url_prefix="/api/v1/admin",
                     description="Operations; needs `Authorization: Bearer $RECOMMENDER_ADMIN_TOKEN`.")


def _same_token(sent: str, token: str) -> bool:
    """Constant time, and the same time whatever the length sent (digests are compared, not the tokens)."""
    return hmac.compare_digest(hashlib.sha256(sent.encode("utf-8", "surrogateescape")).digest(),
                               hashlib.sha256(token.encode("utf-8", "surrogateescape")).digest())


@admin.route("/reload", methods=["POST"])
@admin.response(200, ReloadSchema, headers=_HEADERS)
@admin.alt_response(401, description="no bearer token sent (`WWW-Authenticate: Bearer`), whether or not "
                                     "reload is enabled",
                    headers={"WWW-Authenticate": {"description": "Bearer (RFC 6750)", "required": True,
                                                  "schema": {"type": "string"}}})
@admin.alt_response(403, description="a bearer token was sent, but it is wrong or no RECOMMENDER_ADMIN_TOKEN is "
                                     "configured (reload disabled)")
@admin.alt_response(422, description="the plan files are invalid (errors: file:line problems); "
                                     "the last good catalogue keeps serving.  Or a query parameter was sent "
                                     "(it takes none; errors: at each)")
@admin.alt_response(503, description="the files are good but the catalogue cannot be published to the other "
                                     "workers (RECOMMENDER_SHARED_DIR full or read-only): every worker keeps "
                                     "serving the one before (`Retry-After` says when to try again)")
@admin.doc(security=[{"adminToken": []}])
def reload_catalogue() -> Response:
    """Reload the catalogue from the plan files now.

    Under gunicorn the worker that answers loads the files and, if they are good and new, publishes
    the catalogue: every other worker loads it before its next request (or within 0.5 s when idle),
    with or without the file watcher (RECOMMENDER_WATCH_INTERVAL_S).
    """
    token = current_app.config.get("RECOMMENDER_ADMIN_TOKEN")
    scheme, space, sent = request.headers.get("Authorization", "").partition(" ")
    sent = sent.lstrip(" ")  # (RFC 6750 2.1: "Bearer" 1*SP b64token)
    if scheme.lower() != "bearer" or not space:  # no credentials: 401, as documented, whether or not reload is enabled
        # (the scheme's name is case-insensitive, RFC 9110 11.1: found by QA, 'bearer <token>' was a 401)
        abort(401, message="send Authorization: Bearer <token>", headers={"WWW-Authenticate": "Bearer"})
    if not token:
        abort(403, message="admin reload is disabled: RECOMMENDER_ADMIN_TOKEN is not configured")
    if not _same_token(sent, str(token)):
        abort(403, message="wrong admin token")
    if request.args:  # (after the token: 401/403 first.  Found by QA: `?dry_run=1` was ignored, and it reloaded)
        abort(422, message="invalid request: see errors",
              errors=[{"location": "query", "path": name, "reason": "Unknown field."} for name in request.args])
    result = store().reload()
    current = result.snapshot.catalogue
    if current is not None:
        g.catalogue_version = current.version
    if result.outcome == "rejected":
        still = f"still serving catalogue {current.version}" if current is not None else "no catalogue to serve"
        abort(422, message=f"the plan files are invalid; {still}",
              errors=split_problems(result.problems, result.reasons))
    if result.outcome == "unpublished":  # (the other workers cannot follow it: this one serves it neither)
        abort(503, message=f"the catalogue cannot be shared with the other workers; still serving {current.version}"
              if current is not None else "the catalogue cannot be shared with the other workers",
              errors=split_problems(result.problems, result.reasons), headers={"Retry-After": str(retry_after())})
    assert current is not None
    return jsonify({"outcome": result.outcome, "catalogue_version": current.version,
                    "previous_version": result.previous_version})
