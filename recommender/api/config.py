"""Service configuration: environment variables with documented defaults, overridable per app.

Every setting has the same name in the environment and in ``create_app(config={...})``:

======================================  =================  ==============================================
name                                    default            meaning
======================================  =================  ==============================================
``RECOMMENDER_PLANS``                   the repo's plans/  plan files folder (or one file)
``RECOMMENDER_ADMIN_TOKEN``             unset (disabled)   bearer token for ``POST /api/v1/admin/reload``:
                                                           at least 16 characters of A-Z a-z 0-9 - . _ ~ + /
``RECOMMENDER_MAX_BODY_BYTES``          65536              largest request body; larger is 413
``RECOMMENDER_MAX_UPLOAD_BYTES``        4194304            largest multipart upload (a usage CSV); larger is 413
``RECOMMENDER_MAX_UPLOAD_ROWS``         10000              most rows of an uploaded usage CSV; more is 413
                                                           (reading stops there)
``RECOMMENDER_TMF680_RESULT_BYTES``     33554432           TMF680 results kept for GET by id (JSON bytes, in
                                                           all; oldest out first; shared by the workers)
``RECOMMENDER_TIME_LIMIT_S``            5.0                solver time limit per request, seconds
``RECOMMENDER_WATCH_INTERVAL_S``        10                 plan-file polling period in the gunicorn master;
                                                           0 turns the watcher off
``RECOMMENDER_MAX_JSON_DEPTH``          32                 deepest JSON nesting in a body; deeper is 400
``RECOMMENDER_RATE_LIMIT``              600/minute         per client address (``off`` disables; any
                                                           ``limits`` string, e.g. ``10/second;600/hour``);
                                                           off by default when ``TESTING`` is set
``RECOMMENDER_RATE_LIMIT_STORAGE``      memory://          where counts live: ``memory://`` is per worker
                                                           process (a client gets up to workers x the
                                                           limit); ``redis://host:6379`` shares them
                                                           between workers and hosts
``RECOMMENDER_PROXY_FIX``               0                  how many reverse proxies are in front (1 behind
                                                           deploy/nginx.conf): the client address, scheme
                                                           and host come from their X-Forwarded-* headers
======================================  =================  ==============================================
"""

import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ..catalogue import DEFAULT_PLANS
from ..profile import MAX_RECORDS

DEFAULTS: dict[str, object] = {
    "RECOMMENDER_PLANS": str(DEFAULT_PLANS),
    "RECOMMENDER_ADMIN_TOKEN": None,
    "RECOMMENDER_MAX_BODY_BYTES": 64 * 1024,
    "RECOMMENDER_MAX_UPLOAD_BYTES": 4 * 1024 * 1024,
    "RECOMMENDER_MAX_UPLOAD_ROWS": 10_000,
    "RECOMMENDER_TMF680_RESULT_BYTES": 32 * 1024 * 1024,
    "RECOMMENDER_TIME_LIMIT_S": 5.0,
    "RECOMMENDER_WATCH_INTERVAL_S": 10.0,
    "RECOMMENDER_MAX_JSON_DEPTH": 32,
    "RECOMMENDER_RATE_LIMIT": "600/minute",
    "RECOMMENDER_RATE_LIMIT_STORAGE": "memory://",
    "RECOMMENDER_PROXY_FIX": 0,
}

# a value is an environment string or whatever ``create_app(config=...)`` was given; a converter
# raises TypeError or ValueError on one it cannot use
_CONVERT: dict[str, Callable[[Any], object]] = {
    "RECOMMENDER_PLANS": str,
    "RECOMMENDER_ADMIN_TOKEN": lambda v: str(v) or None,
    "RECOMMENDER_MAX_BODY_BYTES": int,
    "RECOMMENDER_MAX_UPLOAD_BYTES": int,
    "RECOMMENDER_MAX_UPLOAD_ROWS": int,
    "RECOMMENDER_TMF680_RESULT_BYTES": int,
    "RECOMMENDER_TIME_LIMIT_S": float,
    "RECOMMENDER_WATCH_INTERVAL_S": float,
    "RECOMMENDER_MAX_JSON_DEPTH": int,
    "RECOMMENDER_RATE_LIMIT": lambda v: None if str(v).strip().lower() in ("", "off", "none", "0") else str(v),
    "RECOMMENDER_RATE_LIMIT_STORAGE": str,
    "RECOMMENDER_PROXY_FIX": int,
}


MIN_ADMIN_TOKEN = 16
_TOKEN = re.compile(r"[A-Za-z0-9._~+/-]+=*")
"""RFC 6750's b64token: what a bearer token can be in an ``Authorization`` header."""


class ConfigError(ValueError):
    """A setting has a value the service cannot use."""


def settings(overrides: Mapping[str, object] | None = None,
             environ: Mapping[str, str] | None = None) -> dict[str, object]:
    """Defaults, then the environment, then ``overrides``; each value converted and checked."""
    environ = os.environ if environ is None else environ
    out = dict(DEFAULTS)
    for name in DEFAULTS:
        if environ.get(name) not in (None, ""):
            out[name] = environ[name]
    out.update({k: v for k, v in (overrides or {}).items() if k in DEFAULTS})
    for name, convert in _CONVERT.items():
        if out[name] is None:
            continue
        try:
            out[name] = convert(out[name])
        except (TypeError, ValueError):
            raise ConfigError(f"{name}: cannot use {out[name]!r}") from None
    if _number(out, "RECOMMENDER_MAX_BODY_BYTES") < 1:
        raise ConfigError("RECOMMENDER_MAX_BODY_BYTES must be at least 1")
    if not 1 <= _number(out, "RECOMMENDER_MAX_UPLOAD_ROWS") <= MAX_RECORDS:
        raise ConfigError(f"RECOMMENDER_MAX_UPLOAD_ROWS must be between 1 and {MAX_RECORDS}")
    if _number(out, "RECOMMENDER_TMF680_RESULT_BYTES") < 0:
        raise ConfigError("RECOMMENDER_TMF680_RESULT_BYTES must be 0 (keep none) or more")
    if not 0.01 <= _number(out, "RECOMMENDER_TIME_LIMIT_S") <= 600:
        raise ConfigError("RECOMMENDER_TIME_LIMIT_S must be between 0.01 and 600")
    if _number(out, "RECOMMENDER_WATCH_INTERVAL_S") < 0:
        raise ConfigError("RECOMMENDER_WATCH_INTERVAL_S must be 0 (off) or more")
    if not 1 <= _number(out, "RECOMMENDER_MAX_JSON_DEPTH") <= 512:
        raise ConfigError("RECOMMENDER_MAX_JSON_DEPTH must be between 1 and 512")
    if not 0 <= _number(out, "RECOMMENDER_PROXY_FIX") <= 5:
        raise ConfigError("RECOMMENDER_PROXY_FIX must be between 0 (no proxy) and 5")
    token = out["RECOMMENDER_ADMIN_TOKEN"]
    if token is not None and (len(str(token)) < MIN_ADMIN_TOKEN or not _TOKEN.fullmatch(str(token))):
        # (found by the security QA: one character was accepted, and a token with a space could never be sent)
        raise ConfigError(f"RECOMMENDER_ADMIN_TOKEN must be at least {MIN_ADMIN_TOKEN} characters of A-Z a-z 0-9 "
                          "- . _ ~ + / (e.g. python -c 'import secrets; print(secrets.token_urlsafe(32))')")
    if out["RECOMMENDER_RATE_LIMIT"] is not None:
        from limits import parse_many

        try:
            rates = parse_many(str(out["RECOMMENDER_RATE_LIMIT"]))
        except ValueError:
            raise ConfigError(f"RECOMMENDER_RATE_LIMIT: cannot use {out['RECOMMENDER_RATE_LIMIT']!r} "
                              "(e.g. 600/minute, or off)") from None
        if any(rate.amount < 1 for rate in rates):  # (found by the serving mutation run: "0/minute" was taken, and
            # every request but the health checks was a 429, where "0" alone turns the limit off)
            raise ConfigError(f"RECOMMENDER_RATE_LIMIT: {out['RECOMMENDER_RATE_LIMIT']!r} would refuse every "
                              "request: at least 1 a period (e.g. 600/minute), or off (0) for no limit")
        _storage(str(out["RECOMMENDER_RATE_LIMIT_STORAGE"]))
    out["RECOMMENDER_PLANS"] = str(Path(str(out["RECOMMENDER_PLANS"])))
    return out


def _storage(uri: str) -> None:
    """A rate-limit storage the ``limits`` library has (not its ``async+`` ones: the limiter is synchronous), said
    by its scheme alone: the rest of the URI may hold a password (found by the security review: a mistyped
    ``reddis://:password@redis:6379`` stopped the server with the ``limits`` library's traceback, which repeats the
    URI whole, password and all, into gunicorn's log)."""
    from limits.storage import SCHEMES

    scheme, separator, _ = uri.partition("://")
    if (separator and scheme in SCHEMES and not scheme.startswith("async+")) or uri.rstrip("/") == "memory:":
        return  # (``memory:`` as the limiter reads it: ``RateLimiter``)
    said = f"no rate-limit storage is called {scheme}://" if separator and scheme.isascii() and \
        re.fullmatch(r"[a-z0-9+.-]{1,40}", scheme) else "not a storage URI (scheme://...)"
    raise ConfigError(f"RECOMMENDER_RATE_LIMIT_STORAGE: {said} (memory://, or redis://host:6379 and the like)")


def _number(out: Mapping[str, object], name: str) -> int | float:
    """A numeric setting after conversion (``None`` was skipped by the conversion: not a number)."""
    value = out[name]
    if not isinstance(value, int | float):
        raise ConfigError(f"{name}: cannot use {value!r}")
    return value
