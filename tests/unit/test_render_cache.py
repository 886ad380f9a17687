"""The answer's remembered wording (``answer._text``) is ``render``'s, whatever was worded before: parameters equal
in value but not in type (``True`` and ``1``, ``2`` and ``2.0``), in lists or not, each get their own."""

from recommender.answer import _text
from recommender.messages import Message, message, render


def _alike() -> list[Message]:
    out = []
    for count in (2, 2.0, True, 1):
        for flag in (True, 1, False, 0):
            out.append(message("line.pack", pack="cm-scene-live", count=count, free=flag, per_use=flag, per_day=False))
    out += [message("keep_current_plan", plan="ct-5g-59", effective_monthly_fen=5900, currency="CNY", packs=packs)
            for packs in (["cm-scene-live"], ("cm-scene-live",), [])]
    return out


def test_the_remembered_wording_is_render_s() -> None:
    for lang in ("en", "zh"):
        text = _text(lang, None)
        for _ in range(2):  # (the second time from the cache)
            for msg in _alike():
                assert text(msg) == render(msg, lang), msg
