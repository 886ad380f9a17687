"""TMF620 under ``/tmf-api/productCatalogManagement/v4``: the served catalogue as product offerings and
prices (figures with their provenance), read-only.
"""

from typing import Any

from flask import Response, current_app, g, jsonify
from flask_smorest import Api, abort

from ..api.common import _ETAG, conditional, documents_conditional
from ..api.errors import error_item, shown_id
from ..api.parsing import ApiBlueprint
from ..api.schemas import NoQuerySchema
from ..catalogue import Catalogue
from ..serving import served
from . import tmf620
from .schemas import ListOptionsSchema, ProductOfferingPriceSchema, ProductOfferingSchema

_COUNT_HEADERS = {
    "X-Total-Count": {"description": "how many items there are (in all pages)", "required": True,
                      "schema": {"type": "integer", "minimum": 0}},
    "X-Result-Count": {"description": "how many items this response holds", "required": True,
                       "schema": {"type": "integer", "minimum": 0}},
}
_LIST_HEADERS = {**_COUNT_HEADERS, "ETag": _ETAG}


tmf620_blp = ApiBlueprint(
    "tmf620", __name__, url_prefix=tmf620.BASE,
    description="TM Forum TMF620 Product Catalog Management v4 (read-only), generated from the plan files: "
                "plans and packs as ProductOffering, fees, allowances and overage rates as ProductOfferingPrice, "
                "provenance in the SourcedProductOfferingPrice / SourcedCharacteristicValue extensions. "
                "ETag is the catalogue version; send If-None-Match to get 304.",
)


def _documents(catalogue: Catalogue) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    cache = current_app.extensions.setdefault("recommender.tmf620", {})
    if catalogue.version not in cache:
        cache.clear()
        cache[catalogue.version] = tmf620.catalogue_documents(catalogue)
    return cache[catalogue.version]


def _listed(catalogue: Catalogue, items: list[dict[str, Any]], offset: int, limit: int | None) -> Response:
    """One page of ``items`` (TMF630 ``offset``/``limit``), with the counts of all and of the page; the catalogue
    version its ETag (``conditional``: an operator's system polling the catalogue gets 304 until it changes)."""
    page = items[offset:] if limit is None else items[offset:offset + limit]

    def respond() -> Response:
        response = jsonify(page)
        response.headers["X-Total-Count"] = str(len(items))
        response.headers["X-Result-Count"] = str(len(page))
        return response

    return conditional(catalogue.version, respond)


def _one(catalogue: Catalogue, items: list[dict[str, Any]], item_id: str, what: str, parameter: str) -> Response:
    """The item of id ``item_id``, or a 404 naming the path parameter as the OpenAPI document does (``offering_id``,
    ``price_id``; it said ``id``, which the document has no parameter of: found by the integrator review)."""
    found = next((i for i in items if i["id"] == item_id), None)
    if found is None:
        abort(404, message=f"no {what} '{shown_id(item_id)}' in catalogue {g.catalogue_version}",
              errors=[error_item("path", parameter, f"unknown {what}")])
    return conditional(catalogue.version, lambda: jsonify(found))


@tmf620_blp.route("/productOffering", methods=["GET"])
@tmf620_blp.arguments(ListOptionsSchema(), location="query", as_kwargs=True)
@tmf620_blp.response(200, ProductOfferingSchema(many=True), headers=_LIST_HEADERS)
@documents_conditional(tmf620_blp)
@tmf620_blp.alt_response(503, description="no catalogue loaded")
def list_offerings(offset: int, limit: int | None = None) -> Response:
    """Every base plan and add-on pack, in plan-file order; `offset` and `limit` select a page."""
    catalogue = served()
    return _listed(catalogue, _documents(catalogue)[0], offset, limit)


@tmf620_blp.route("/productOffering/<offering_id>", methods=["GET"])
@tmf620_blp.arguments(NoQuerySchema(), location="query", as_kwargs=True)
@tmf620_blp.response(200, ProductOfferingSchema, headers={"ETag": _ETAG})
@documents_conditional(tmf620_blp)
@tmf620_blp.alt_response(404, description="no such offering")
@tmf620_blp.alt_response(503, description="no catalogue loaded")
def get_offering(offering_id: str) -> Response:
    """One offering (a plan or pack id)."""
    catalogue = served()
    return _one(catalogue, _documents(catalogue)[0], offering_id, "productOffering", "offering_id")


@tmf620_blp.route("/productOfferingPrice", methods=["GET"])
@tmf620_blp.arguments(ListOptionsSchema(), location="query", as_kwargs=True)
@tmf620_blp.response(200, ProductOfferingPriceSchema(many=True), headers=_LIST_HEADERS)
@documents_conditional(tmf620_blp)
@tmf620_blp.alt_response(503, description="no catalogue loaded")
def list_prices(offset: int, limit: int | None = None) -> Response:
    """Every fee, pack price, allowance and overage rate, in plan-file order; `offset` and `limit` select a page."""
    catalogue = served()
    return _listed(catalogue, _documents(catalogue)[1], offset, limit)


@tmf620_blp.route("/productOfferingPrice/<price_id>", methods=["GET"])
@tmf620_blp.arguments(NoQuerySchema(), location="query", as_kwargs=True)
@tmf620_blp.response(200, ProductOfferingPriceSchema, headers={"ETag": _ETAG})
@documents_conditional(tmf620_blp)
@tmf620_blp.alt_response(404, description="no such price")
@tmf620_blp.alt_response(503, description="no catalogue loaded")
def get_price(price_id: str) -> Response:
    """One ProductOfferingPrice."""
    catalogue = served()
    return _one(catalogue, _documents(catalogue)[1], price_id, "productOfferingPrice", "price_id")


def register(api: Api) -> None:
    api.register_blueprint(tmf620_blp)
