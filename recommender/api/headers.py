"""Security headers on every response, and no server version.

* JSON and everything else the API serves: ``Content-Security-Policy: default-src 'none';
  frame-ancestors 'none'; ...`` (a JSON document needs nothing, and may not be framed).
* Swagger UI (``/api/docs``): its own assets from ``'self'``, and its one inline script allowed
  by its SHA-256 hash (no ``'unsafe-inline'``); the hash is taken from the page as rendered.
* The web form's pages set their own CSP (``recommender/web``); it is left as is.
* The answers to a person's profile (``/api/v1/recommendations``, TMF680's queries and the results kept for
  ``GET`` by id, errors included): ``Cache-Control: no-store``, as the web form's pages (``PERSONAL``).
* Everywhere: ``X-Content-Type-Options: nosniff``, ``X-Frame-Options: DENY``,
  ``Referrer-Policy: no-referrer`` (unless a blueprint chose one), ``Cross-Origin-Opener-Policy``.
* ``Server``: gunicorn's is set in ``gunicorn.conf.py``; Werkzeug's development server would
  send ``Werkzeug/x Python/y``, so under it the app sends ``Server: tariff-recommender``.
"""

import base64
import hashlib
import re

from flask import Flask, Response, request

SERVER_NAME = "tariff-recommender"
API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
DOCS_CSP = ("default-src 'none'; script-src 'self' {hashes}; style-src 'self'; img-src 'self' data:; "
            "connect-src 'self'; font-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
_INLINE_SCRIPT = re.compile(rb"<script>(.*?)</script>", re.S)


def docs_csp(html: bytes) -> str:
    """The docs page's CSP: each inline script allowed by its hash, nothing else inline."""
    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(s).digest()).decode()}'"
                      for s in _INLINE_SCRIPT.findall(html))
    return DOCS_CSP.format(hashes=hashes).replace("  ", " ")


DEFAULT_HEADERS = (("X-Content-Type-Options", "nosniff"), ("X-Frame-Options", "DENY"),
                   ("Referrer-Policy", "no-referrer"), ("Cross-Origin-Opener-Policy", "same-origin"))
"""Added, in this order, to every response that has not set them itself."""
PERSONAL = ("/api/v1/recommendations", "/tmf-api/recommendationManagement/")
"""The paths whose answers hold what a person sent (usage, age, region, household lines' names): kept by no cache
(found by the security review: they had no ``Cache-Control``, so a shared cache in front, or the browser's, could keep
a TMF680 result read by its id, or an answer, where the web form's pages say ``no-store``).  By path: the request's
blueprint, through werkzeug's proxy, cost about 1.5 µs a request more."""


def init_headers(app: Flask, docs_path: str) -> None:
    @app.after_request
    def _security_headers(response: Response) -> Response:
        headers = response.headers
        req = request._get_current_object()  # type: ignore[attr-defined]  # (werkzeug's LocalProxy: one lookup)
        # The names the response has, read once: each ``in`` or ``setdefault`` on werkzeug's Headers scans the list
        # and raises an exception when the name is missing (five of those a request, about 10 µs).
        present = {name.lower() for name in headers.keys()}
        if "content-security-policy" not in present:
            if req.path == docs_path and response.mimetype == "text/html" and not response.is_streamed:
                headers.add("Content-Security-Policy", docs_csp(response.get_data()))
            else:
                headers.add("Content-Security-Policy", API_CSP)
        for name, value in DEFAULT_HEADERS:
            if name.lower() not in present:
                headers.add(name, value)
        if "cache-control" not in present and req.path.startswith(PERSONAL):
            headers.add("Cache-Control", "no-store")
        if req.environ.get("SERVER_SOFTWARE", "").startswith("Werkzeug"):
            headers["Server"] = SERVER_NAME
        return response
