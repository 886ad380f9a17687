"""The service, assembled: settings, the catalogue store, and each adapter's routes (the JSON API,
TM Forum, the form) with the cross-cutting HTTP layers (request ids, logs and metrics, limits,
security headers).  ``create_app`` is the WSGI factory (``wsgi.py``)."""

from collections.abc import Callable, Mapping
from typing import Any, NoReturn
from urllib.parse import urlsplit, urlunsplit

from flask import Flask, Request, Response, g, request
from werkzeug.exceptions import MethodNotAllowed
from werkzeug.middleware.proxy_fix import ProxyFix

from . import api as json_api
from . import tmf, web
from .api.common import VERSION_HEADER
from .api.config import settings
from .api.headers import init_headers
from .api.limits import init_limits
from .api.observability import init_observability, observe_reloads
from .api.wire import GuardedInput, SafeJSONProvider
from .serving import STORE, CatalogueStore, start_watcher

__all__ = ["create_app", "start_watcher"]


class App(Flask):
    """Flask, with ``OPTIONS`` answered 204 with ``Allow`` and nothing else (Flask's own answer is an empty 200 in
    text/html): the one place Flask makes that answer, not a hook on every request."""

    def make_default_options_response(self) -> Response:
        response = super().make_default_options_response()
        response.status_code = 204
        response.headers.remove("Content-Type")
        response.headers["Allow"] = ", ".join(sorted(response.allow))  # (one order: ``raise_routing_exception``)
        return response

    def raise_routing_exception(self, request: Request) -> NoReturn:
        """Flask's, a 405's methods in one order: werkzeug lists them from a set, so the ``Allow`` header changed
        its order with each process's hash seed ("POST, OPTIONS" from one worker, "OPTIONS, POST" from the next)."""
        error = request.routing_exception
        if isinstance(error, MethodNotAllowed) and error.valid_methods:
            error.valid_methods = sorted(error.valid_methods)
        super().raise_routing_exception(request)

    SYNC_KEPT = 4096
    """At most this many functions are known to be plain ``def`` (a function made anew per request is asked anew)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._sync: set[Callable[..., Any]] = set()

    def ensure_sync(self, func: Callable[..., Any]) -> Callable[..., Any]:
        """Flask's, its answer kept per function.  Flask and flask-smorest ask it of every hook, view and decorator
        layer on every request (18 times a POST /api/v1/recommendations), and each asking is
        ``inspect.iscoroutinefunction``: about 2 µs of a request's CPU each, found by the HTTP QA."""
        try:
            if func in self._sync:
                return func
        except TypeError:  # (an unhashable callable: asked each time)
            return super().ensure_sync(func)
        result = super().ensure_sync(func)
        if result is func and len(self._sync) < self.SYNC_KEPT:
            self._sync.add(func)
        return result


def create_app(config: Mapping[str, object] | None = None) -> Flask:
    """Build the app: settings (environment, then ``config``), the catalogue loaded once, the API.

    ``config`` may hold any ``RECOMMENDER_*`` setting (see ``config.py``) and plain Flask settings.
    No thread is started and no signal handler installed here: see ``start_watcher`` and
    ``gunicorn.conf.py``.
    """
    app = App(__name__)
    app.config.update({k: v for k, v in (config or {}).items() if not k.startswith("RECOMMENDER_")})
    app.config.update(settings(config))
    app.config["MAX_CONTENT_LENGTH"] = app.config["RECOMMENDER_MAX_BODY_BYTES"]
    app.json = SafeJSONProvider(app)  # readable UTF-8; lone surrogates escaped, never a 500
    # body read errors are a 400 (Flask's documented way to wrap the WSGI app):
    app.wsgi_app = GuardedInput(app.wsgi_app)  # type: ignore[method-assign]  # see above
    proxies = int(str(app.config["RECOMMENDER_PROXY_FIX"]))
    if proxies:
        # Behind N reverse proxies (deploy/nginx.conf is one): the client address, scheme and host
        # are the ones the proxies saw, so per-client limits count real clients.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]  # Flask's documented way to wrap the WSGI app
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_port=proxies)

    store = CatalogueStore(app.config["RECOMMENDER_PLANS"])
    observe_reloads(store)  # (before the first load: it is counted as every other)
    store.reload()
    app.extensions[STORE] = store

    api = json_api.register(app)  # each adapter registers its own routes
    tmf.register(api)
    json_api.finish(api)
    web.register(app)
    init_observability(app, store)  # first: the request id exists before any other hook answers
    init_limits(app, config)
    init_headers(app, docs_path=f"{app.config['OPENAPI_URL_PREFIX']}/{app.config['OPENAPI_SWAGGER_UI_PATH']}")

    _install_hooks(app, store)
    return app


def _install_hooks(app: Flask, store: CatalogueStore) -> None:
    """The request hooks every adapter shares: the newest catalogue first, the upload limit, the
    catalogue version on every response, and redirects that never name another host."""

    @app.before_request
    def _newest_catalogue() -> None:
        """Under gunicorn, a worker checks (one ``stat``) for a newer published catalogue before every
        request and loads it first, in the thread that answers.  Its follower thread alone was not
        enough: in a worker kept busy answering it got too little of the GIL, and loads took up to 4 s
        (a 20-edit run saw answers 4-6 s stale); here the load has the worker to itself."""
        if store.shared is not None:
            store.follow()

    @app.before_request
    def _upload_limit() -> None:
        """Uploads (multipart: a usage CSV) may be larger than JSON bodies."""
        if request.mimetype == "multipart/form-data":
            request.max_content_length = int(app.config["RECOMMENDER_MAX_UPLOAD_BYTES"])

    @app.after_request
    def _version_header(response: Response) -> Response:
        version = g.get("catalogue_version")
        if version is None and store.catalogue is not None:
            version = store.catalogue.version
        if version is not None:
            response.headers[VERSION_HEADER] = version
        return response

    @app.after_request
    def _relative_location(response: Response) -> Response:
        """Redirects never name the Host the client sent (it may be anyone's): a path only."""
        location = response.headers.get("Location")
        if location:
            parts = urlsplit(location)
            if parts.scheme or parts.netloc:
                if parts.netloc.lower() != request.host.lower():
                    return response  # a link elsewhere that the app chose itself: kept
                path = "/" + (parts.path or "/").lstrip("/")  # never "//host": that is another site
                response.headers["Location"] = urlunsplit(("", "", path, parts.query, parts.fragment))
        return response

