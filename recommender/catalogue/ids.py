"""Which id a mistyped reference likely meant: the one rule for every id a person types (a plan file's references
to plans, packs, operators, memberships and regions; a profile's current plan)."""

import difflib
from collections.abc import Iterable


def near_id(ref: str, known: Iterable[str]) -> str | None:
    """The id among ``known`` that ``ref`` is likely a typo of, if one is close.  None when two are as close: the
    guess would be a coin's (found by the plan-files helper: ``regions: [CN-HEN]``, after Henan's pinyin, was told
    'CN-HN', which is Hunan, though 'CN-HE' is as close; Henan is CN-HA)."""
    ids = sorted(known)
    if (folded := ref.strip().lower()) != ref and folded in ids:  # (an id upper-cased or with a space: that id,
        return folded  # found by the user test, "CU-WOJIA-188" was told nothing, its letters too unlike)
    close = difflib.get_close_matches(ref, ids, n=2, cutoff=0.8)
    if len(close) == 2 and difflib.SequenceMatcher(None, ref, close[0]).ratio() == \
            difflib.SequenceMatcher(None, ref, close[1]).ratio():
        return None
    return close[0] if close else None
