"""Service configuration: environment variables with documented defaults, overridable per app.

Every setting has the same name in the environment and in ``create_app(config={...})``; one set empty in the
environment is unset.  A value the service cannot use is a ``ConfigError`` saying ``NAME: problem (value given)``
(the admin token and the storage URI are not repeated: they are secrets, or may hold one):

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
                                                           0 turns the watcher off; else at least 0.1 s
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

import math
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
MIN_WATCH_INTERVAL_S = 0.1
"""The shortest plan-file polling period (but 0, off): at 0.001 s the idle gunicorn master used about half a core
(found by the SRE's user test, shb)."""
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
    given = dict(out)  # (as given, for the error: "-1", not -1.0)
    for name, convert in _CONVERT.items():
        if out[name] is None:
            continue
        try:
            out[name] = convert(out[name])
        except (TypeError, ValueError):
            kind = "a whole number" if convert is int else "a number" if convert is float else "usable"
            raise ConfigError(f"{name}: not {kind} ({out[name]!r} given)") from None
    _within(out, given, "RECOMMENDER_MAX_BODY_BYTES", "must be at least 1", 1)
    _within(out, given, "RECOMMENDER_MAX_UPLOAD_BYTES", "must be at least 1", 1)
    _within(out, given, "RECOMMENDER_MAX_UPLOAD_ROWS", f"must be between 1 and {MAX_RECORDS}", 1, MAX_RECORDS)
    _within(out, given, "RECOMMENDER_TMF680_RESULT_BYTES", "must be 0 (keep none) or more", 0)
    _within(out, given, "RECOMMENDER_TIME_LIMIT_S", "must be between 0.01 and 600 (seconds)", 0.01, 600)
    if _number(out, "RECOMMENDER_WATCH_INTERVAL_S") != 0:
        _within(out, given, "RECOMMENDER_WATCH_INTERVAL_S",
                f"must be 0 (off) or at least {MIN_WATCH_INTERVAL_S:g} (seconds)", MIN_WATCH_INTERVAL_S)
    _within(out, given, "RECOMMENDER_MAX_JSON_DEPTH", "must be between 1 and 512", 1, 512)
    _within(out, given, "RECOMMENDER_PROXY_FIX", "must be between 0 (no proxy) and 5", 0, 5)
    token = out["RECOMMENDER_ADMIN_TOKEN"]
    if token is not None and (len(str(token)) < MIN_ADMIN_TOKEN or not _TOKEN.fullmatch(str(token))):
        # (found by the security QA: one character was accepted, and a token with a space could never be sent; the
        # token given is not repeated: it is a secret, and the log is read by others)
        raise ConfigError(f"RECOMMENDER_ADMIN_TOKEN: must be at least {MIN_ADMIN_TOKEN} characters of A-Z a-z 0-9 "
                          "- . _ ~ + / (e.g. python -c 'import secrets; print(secrets.token_urlsafe(32))') "
                          f"({len(str(token))} characters given, not shown)")
    if out["RECOMMENDER_RATE_LIMIT"] is not None:
        from limits import parse_many

        try:
            rates = parse_many(str(out["RECOMMENDER_RATE_LIMIT"]))
        except ValueError:
            raise ConfigError("RECOMMENDER_RATE_LIMIT: not a rate such as 600/minute, or off "
                              f"({out['RECOMMENDER_RATE_LIMIT']!r} given)") from None
        if any(rate.amount < 1 for rate in rates):  # (found by the serving mutation run: "0/minute" was taken, and
            # every request but the health checks was a 429, where "0" alone turns the limit off)
            raise ConfigError("RECOMMENDER_RATE_LIMIT: would refuse every request: at least 1 a period (e.g. "
                              f"600/minute), or off (0) for no limit ({out['RECOMMENDER_RATE_LIMIT']!r} given)")
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
    if not isinstance(value, int | float) or math.isnan(value):
        raise ConfigError(f"{name}: not a number ({value!r} given)")
    return value


def _within(out: Mapping[str, object], given: Mapping[str, object], name: str, problem: str, least: float,
            most: float = math.inf) -> None:
    """A ``ConfigError`` saying ``problem`` unless the numeric setting ``name`` is between ``least`` and ``most``."""
    if not least <= _number(out, name) <= most:
        raise ConfigError(f"{name}: {problem} ({given[name]!r} given)")
