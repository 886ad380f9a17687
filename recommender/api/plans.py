"""The catalogue as served: ``/api/v1/plans``, ``/packs``, ``/operators`` (figures with their provenance;
``ETag`` is the catalogue version)."""

from typing import TypeVar

from flask import Response, jsonify
from flask_smorest import abort

from ..catalogue import Catalogue
from ..catalogue.spec import Benefits, PackSpec, PlanSpec, SoldPerLine, benefit_ids, flag_value
from ..serving import served
from .common import _ETAG_HEADERS, conditional, documents_conditional
from .errors import error_item, shown_id
from .parsing import ApiBlueprint
from .schemas import (
    NoQuerySchema,
    OperatorListSchema,
    PackListSchema,
    PackSchema,
    PlanListSchema,
    PlanSchema,
)

catalogue_blp = ApiBlueprint(
    "catalogue", __name__, url_prefix="/api/v1",
    description="The plans, packs and operators as served, every figure with its provenance "
                "(`{value, source, note}`; `value` is a decimal string, exact as in the plan file). "
                "ETag is the catalogue version; send If-None-Match to get 304.",
)


Spec = TypeVar("Spec", PlanSpec, PackSpec)


def _cached(payload: object, catalogue: Catalogue) -> Response:
    return conditional(catalogue.version, lambda: jsonify(payload))


def _found(spec: Spec | None, kind: str, item_id: str, catalogue: Catalogue) -> Spec:
    """The plan or pack a path names, or a 404 naming its path field (``plan_id``, ``pack_id``)."""
    if spec is None:
        abort(404, message=f"no {kind} '{shown_id(item_id)}' in catalogue {catalogue.version}",
              errors=[error_item("path", f"{kind}_id", f"unknown {kind}")])
    assert spec is not None  # abort() raised above
    return spec


def _plan(catalogue: Catalogue, spec: PlanSpec) -> dict[str, object]:
    return {"operator": catalogue.plan_index[spec.id].operator, **_document(spec)}


def _pack(catalogue: Catalogue, spec: PackSpec) -> dict[str, object]:
    """A pack's document, its ``per_line`` a Boolean with its source beside it (``per_line_source``,
    ``per_line_note``; null for a plain true/false), as its benefits are."""
    sourced = spec.per_line if isinstance(spec.per_line, SoldPerLine) else None
    return {"operator": catalogue.pack_index[spec.id].operator, **_document(spec),
            "per_line": flag_value(spec.per_line), "per_line_source": sourced and sourced.source,
            "per_line_note": sourced and sourced.note}


def _document(spec: PlanSpec | PackSpec) -> dict[str, object]:
    """The plan file's fields, the benefits as ids with their source beside them (``benefits_source``,
    ``benefits_note``; null for a plain list), whichever way the file wrote them."""
    doc = spec.model_dump(mode="json")
    sourced = spec.benefits if isinstance(spec.benefits, Benefits) else None
    doc.update(benefits=list(benefit_ids(spec.benefits)), benefits_source=sourced and sourced.source,
               benefits_note=sourced and sourced.note)
    return doc


@catalogue_blp.route("/plans", methods=["GET"])
@catalogue_blp.arguments(NoQuerySchema(), location="query", as_kwargs=True)
@catalogue_blp.response(200, PlanListSchema, headers=_ETAG_HEADERS)
@documents_conditional(catalogue_blp)
@catalogue_blp.alt_response(503, description="no catalogue loaded")
def list_plans() -> Response:
    """Every base plan, in file order."""
    catalogue = served()
    plans = [_plan(catalogue, p) for f in catalogue.specs for p in f.plans]
    return _cached({"catalogue_version": catalogue.version, "plans": plans}, catalogue)


@catalogue_blp.route("/plans/<plan_id>", methods=["GET"])
@catalogue_blp.arguments(NoQuerySchema(), location="query", as_kwargs=True)
@catalogue_blp.response(200, PlanSchema, headers=_ETAG_HEADERS)
@documents_conditional(catalogue_blp)
@catalogue_blp.alt_response(404, description="no such plan")
@catalogue_blp.alt_response(503, description="no catalogue loaded")
def get_plan(plan_id: str) -> Response:
    """One base plan."""
    catalogue = served()
    return _cached(_plan(catalogue, _found(catalogue.plan_spec(plan_id), "plan", plan_id, catalogue)), catalogue)


@catalogue_blp.route("/packs", methods=["GET"])
@catalogue_blp.arguments(NoQuerySchema(), location="query", as_kwargs=True)
@catalogue_blp.response(200, PackListSchema, headers=_ETAG_HEADERS)
@documents_conditional(catalogue_blp)
@catalogue_blp.alt_response(503, description="no catalogue loaded")
def list_packs() -> Response:
    """Every add-on pack, in file order."""
    catalogue = served()
    packs = [_pack(catalogue, p) for f in catalogue.specs for p in f.packs]
    return _cached({"catalogue_version": catalogue.version, "packs": packs}, catalogue)


@catalogue_blp.route("/packs/<pack_id>", methods=["GET"])
@catalogue_blp.arguments(NoQuerySchema(), location="query", as_kwargs=True)
@catalogue_blp.response(200, PackSchema, headers=_ETAG_HEADERS)
@documents_conditional(catalogue_blp)
@catalogue_blp.alt_response(404, description="no such pack")
@catalogue_blp.alt_response(503, description="no catalogue loaded")
def get_pack(pack_id: str) -> Response:
    """One add-on pack."""
    catalogue = served()
    return _cached(_pack(catalogue, _found(catalogue.pack_spec(pack_id), "pack", pack_id, catalogue)), catalogue)


@catalogue_blp.route("/operators", methods=["GET"])
@catalogue_blp.arguments(NoQuerySchema(), location="query", as_kwargs=True)
@catalogue_blp.response(200, OperatorListSchema, headers=_ETAG_HEADERS)
@documents_conditional(catalogue_blp)
@catalogue_blp.alt_response(503, description="no catalogue loaded")
def list_operators() -> Response:
    """The operators, with the ids of their plans and packs."""
    catalogue = served()
    operators = [{**f.operator.model_dump(mode="json"), "currency": f.currency,
                  "plans": [p.id for p in f.plans], "packs": [p.id for p in f.packs]} for f in catalogue.by_operator()]
    return _cached({"catalogue_version": catalogue.version, "operators": operators}, catalogue)
