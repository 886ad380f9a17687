"""The answer's remembered wording (``answer.document.worded``) is ``render``'s, whatever was worded before:
parameters equal in value but not in type (``True`` and ``1``, ``2`` and ``2.0``), in lists or not, each get their
own."""

import pytest

from recommender.answer.document import worded as _text
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


def test_an_invoice_line_s_amount_is_worded_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The amounts of the document's invoice lines are ``format_money``'s, worded once each (answers repeat the same
    fees and prices): a second document of the same answer words none again."""
    from recommender import money
    from recommender.answer import document as answer_module
    from recommender.answer import recommend
    from recommender.catalogue import DEFAULT_PLANS, load_catalogue
    from recommender.profile import Profile

    catalogue = load_catalogue(DEFAULT_PLANS)
    answer = recommend(catalogue, Profile.model_validate({"data_gb": 45, "voice_minutes": 800, "sms": 30}))
    worded: list[int] = []
    real = money.format_yuan

    def counted(fen: int) -> str:
        worded.append(fen)
        return real(fen)

    monkeypatch.setattr(money, "format_yuan", counted)
    answer_module.money_text.cache_clear()
    first = answer.document(catalogue)
    assert worded
    worded.clear()
    assert answer.document(catalogue) == first
    assert worded == []
    lines = [line for r in first["recommendations"] for line in r["breakdown"]]
    assert lines and all(line["yuan"] == money.format_money(line["fen"], r["currency"])
                         for r in first["recommendations"] for line in r["breakdown"])
