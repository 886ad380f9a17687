"""The page's language: one message catalogue per locale (``translations/<lang>.json``), no mixing.

The language comes from ``?lang=`` (which also sets the ``lang`` cookie), then the cookie, then
the default, Simplified Chinese.  A missing key is a bug: tests check both catalogues have the
same keys, and ``translate`` falls back to the key itself rather than to the other language.
"""

import json
from functools import cache
from pathlib import Path

from flask import request

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"
COOKIE = "lang"
HTML_LANG = {"zh": "zh-CN", "en": "en"}
_FOLDER = Path(__file__).resolve().parent / "translations"


@cache
def catalogue(lang: str) -> dict[str, str]:
    """The messages of one language (read once per process)."""
    with open(_FOLDER / f"{lang}.json", encoding="utf-8") as handle:
        return json.load(handle)


def requested_language() -> tuple[str, bool]:
    """``(language, chosen now)``: chosen now means ``?lang=`` named it and the cookie should be set."""
    asked = request.args.get("lang", "")
    if asked in LANGUAGES:
        return asked, True
    cookie = request.cookies.get(COOKIE, "")
    return (cookie if cookie in LANGUAGES else DEFAULT_LANGUAGE), False


PLURAL_PARAMS = ("count", "days", "months")
"""The parameters that choose a message's singular: the first of them the message has."""


def translate(lang: str, key: str, **params: object) -> str:
    """The message ``key`` in ``lang`` with ``{name}`` placeholders filled in.

    A message worded differently for one (English "1 day", "2 days") has a ``<key>.one`` too, used when
    its count (the first of ``PLURAL_PARAMS`` it has) is 1; Chinese gives both keys the same words.
    """
    words = catalogue(lang)
    count = next((params[name] for name in PLURAL_PARAMS if name in params), None)
    if count == 1 and f"{key}.one" in words:
        key = f"{key}.one"
    text = words.get(key, key)
    return text.format(**params) if params else text
