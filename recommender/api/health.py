"""Liveness and readiness: ``/healthz``, ``/readyz`` (the catalogue served, its version skew, the last
failed reload)."""


from flask import Response, g, jsonify

from ..serving import Snapshot, retry_after, store
from .common import _HEADERS, split_problems
from .errors import error_response
from .parsing import ApiBlueprint
from .schemas import (
    HealthSchema,
    ReadySchema,
)

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
        return error_response(503, "no catalogue loaded: the plan files are invalid",
                              split_problems(failure.problems, failure.reasons) if failure else [],
                              {"Retry-After": str(retry_after())})
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
        "operators": sorted({p.operator for p in catalogue.plans}),
        "packs": len(catalogue.packs),
        "last_reload_error": list(failure.problems) if failure else None,
        "last_reload_error_codes": [{"code": e["code"], "params": e["params"]}
                                    for e in split_problems(failure.problems, failure.reasons)] if failure else None,
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
