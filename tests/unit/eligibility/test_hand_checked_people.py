"""Seventeen people, what each may buy worked out by hand from the shipped plan files' ``eligibility`` blocks and
docs/eligibility.md (this session's eligibility review), and compared with the answer: every plan's own conditions
of sale and their status, shown ("only if" for the unknown ones) or left out with exactly the conditions that keep
the person out, and the packs they may not buy with theirs.  30 GB and 200 minutes a month fit every plan (with its
packs), with a rate for the dollar plans, so no plan is left out for anything else.  A change to a plan file's
conditions changes the table below: redo it by hand, do not copy the new answer."""

from typing import Any

import pytest

from recommender.answer import recommend
from recommender.catalogue import DEFAULT_PLANS, load_catalogue
from recommender.catalogue.model import Catalogue
from recommender.profile import Profile

Conditions = dict[str, str]
"""A plan's or pack's own conditions of sale by code, each ``met``, ``not_met`` or ``unknown``."""

CM = ("cm-5ga-199", "cm-5ga-299", "cm-5ga-399")  # members_of: [gotone]
ANYONE = ("ct-5ga-199", "ct-5ga-299", "ct-5ga-399", "cu-5ga-cloud", "cu-wojia-188", "cu-5ga-business")
SH = ("cm-scene-live", "cm-scene-game", "cm-scene-business", "cm-scene-show", "cm-scene-travel", "cm-scene-sports",
      "cm-shenhua-fan")  # regions: [CN-SH]
CQ = ("cu-service-live", "cu-service-game", "cu-service-cloud", "cu-scene-campus", "cu-scene-venue", "cu-scene-metro")
CT_PACKS = ("ct-5ga-plus", "ct-5ga-premium", "ct-5ga-scene")  # customers: existing (of China Telecom)
U, M, N = "unknown", "met", "not_met"


def plans(cm: str = U, ct59: tuple[str, str] = (U, U), cu59: tuple[str, str] = (U, U), youth: str = U,
          tmo: Conditions | None = None, vz: Conditions | None = None, cn: str | None = None) -> dict[str, Conditions]:
    """Each plan's conditions: ``ct59``/``cu59`` (holders_only, existing_customers); ``cn``: the market's region
    condition on every Chinese plan (only when the person's region is known and outside China: not met)."""
    market = {} if cn is None else {"region": cn}
    out: dict[str, Conditions] = {p: {"membership": cm, **market} for p in CM}
    out |= {p: dict(market) for p in ANYONE}
    out["ct-5g-59"] = {"holders_only": ct59[0], "existing_customers": ct59[1], **market}
    out["cu-5g-59"] = {"holders_only": cu59[0], "existing_customers": cu59[1], **market}
    out["cu-5ga-youth"] = {"age": youth, **market}
    out["tmo-go5g-next-first-responder"] = tmo if tmo is not None else {"region": U, "group": U}
    out["vz-unlimited-ultimate"] = vz if vz is not None else {"region": U}
    return out


def packs(**status: Conditions) -> dict[str, Conditions]:
    """The packs the person may not buy (``excluded_packs``), each with the conditions that keep them out."""
    return status


OUT_OF_SH = {p: {"region": N} for p in SH}
OUT_OF_CQ = {p: {"region": N} for p in CQ}
OUT_OF_HE = {"cu-speed-pack": {"region": N}}
NOT_CT = {p: {"existing_customers": N} for p in CT_PACKS}

PEOPLE: list[tuple[str, dict[str, Any], dict[str, Conditions], dict[str, Conditions]]] = [
    ("nothing said", {}, plans(), packs()),
    ("aged 15, one below the youth card", {"age": 15}, plans(youth=N), packs()),
    ("aged 16, its first year", {"age": 16}, plans(youth=M), packs()),
    ("aged 30, its last year", {"age": 30}, plans(youth=M), packs()),
    ("aged 31, one past it", {"age": 31}, plans(youth=N), packs()),
    ("in Shanghai", {"region": "CN-SH"},
     plans(tmo={"region": N, "group": U}, vz={"region": N}), packs(**OUT_OF_HE, **OUT_OF_CQ)),
    ("in California", {"region": "US-CA"},
     plans(cn=N, tmo={"region": M, "group": U}, vz={"region": M}), packs(**OUT_OF_SH, **OUT_OF_HE, **OUT_OF_CQ)),
    ("a China Telecom customer", {"customer_of": "china-telecom"}, plans(ct59=(U, M), cu59=(U, N)), packs()),
    ("a China Unicom customer", {"customer_of": "china-unicom"}, plans(ct59=(U, N), cu59=(U, M)), packs(**NOT_CT)),
    ("a China Mobile customer", {"customer_of": "china-mobile"}, plans(ct59=(U, N), cu59=(U, N)), packs(**NOT_CT)),
    ("on Tianyi 5G 59 (no longer sold)", {"current": "ct-5g-59"}, plans(ct59=(M, M), cu59=(N, N)), packs()),
    ("on Global Pass 299 (全球通 members')", {"current": "cm-5ga-299"},
     plans(cm=M, ct59=(N, N), cu59=(N, N)), packs(**NOT_CT)),
    ("two SIMs: on Tianyi 5G 59, a China Unicom customer", {"current": "ct-5g-59", "customer_of": "china-unicom"},
     plans(ct59=(M, M), cu59=(N, M)), packs()),
    ("no membership", {"memberships": []}, plans(cm=N), packs()),
    ("a first responder in New York", {"groups": ["first-responder"], "region": "US-NY"},
     plans(cn=N, tmo={"region": M, "group": M}, vz={"region": M}), packs(**OUT_OF_SH, **OUT_OF_HE, **OUT_OF_CQ)),
    ("a student in New York", {"groups": ["student"], "region": "US-NY"},
     plans(cn=N, tmo={"region": M, "group": N}, vz={"region": M}), packs(**OUT_OF_SH, **OUT_OF_HE, **OUT_OF_CQ)),
    ("in Hebei the day before its speed pack's sale", {"region": "CN-HE", "as_of": "2025-06-30"},
     plans(tmo={"region": N, "group": U}, vz={"region": N}),
     packs(**OUT_OF_SH, **OUT_OF_CQ, **{"cu-speed-pack": {"available_from": N}})),
]


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(DEFAULT_PLANS)


@pytest.mark.parametrize(("who", "said", "expected", "refused"), PEOPLE, ids=[p[0] for p in PEOPLE])
@pytest.mark.parametrize("strict", [False, True], ids=["lenient", "strict"])
def test_each_plan_and_pack_is_shown_or_left_out_as_worked_out_by_hand(
        catalogue: Catalogue, who: str, said: dict[str, Any], expected: dict[str, Conditions],
        refused: dict[str, Conditions], strict: bool) -> None:
    about = {k: v for k, v in said.items() if k not in ("current", "as_of")}
    profile = Profile.model_validate({
        "data_gb": 30, "voice_minutes": 200, "about": about, "as_of": said.get("as_of", "2025-08-01"),
        "exchange_rates": {"USD": 7.18}, "eligibility": "strict" if strict else "lenient",
        **({"current": {"plan_id": said["current"]}} if "current" in said else {})})
    answer = recommend(catalogue, profile, top_k=50)
    keeps = {N, U} if strict else {N}
    shown = {r.plan_id: {c.code: c.status for c in r.conditions if c.ref == r.plan_id} for r in answer.recommendations}
    out = {e.plan_id: {m.params["condition"]: m.params["status"] for m in e.reasons if m.code == "ineligible"}
           for e in answer.excluded}
    for plan, conditions in expected.items():
        keeping = {code: status for code, status in conditions.items() if status in keeps}
        if keeping:
            assert plan not in shown and out.get(plan) == keeping, (who, plan, out.get(plan), keeping)
        else:
            assert shown.get(plan) == conditions, (who, plan, shown.get(plan), conditions)
    for best in answer.best_per_operator:
        assert not any(status in keeps for status in expected[best.plan_id].values()), (who, best.plan_id)
    if strict:  # (each pack sold on a condition: unknown ones keep the person out too)
        unsaid = {p: {"region": U} for p in (*SH, *CQ, "cu-speed-pack")} | {p: {"existing_customers": U}
                                                                             for p in CT_PACKS}
        refused = {p: refused.get(p, {c: s for c, s in conditions.items() if not _met_by(said, p)})
                   for p, conditions in unsaid.items()}
        refused = {p: c for p, c in refused.items() if c}
    got = {e.pack_id: {m.params["condition"]: m.params["status"] for m in e.reasons} for e in answer.excluded_packs}
    assert got == refused, (who, got, refused)


def _met_by(said: dict[str, Any], pack: str) -> bool:
    """Whether what the person said meets ``pack``'s one condition (for the strict table: the rest are unknown)."""
    region = said.get("region")
    if pack in SH:
        return region == "CN-SH"
    if pack in CQ:
        return region == "CN-CQ"
    if pack == "cu-speed-pack":
        return region == "CN-HE" and said.get("as_of", "2025-08-01") >= "2025-07-01"
    return "china-telecom" in {said.get("customer_of"), "china-telecom" if said.get("current") == "ct-5g-59" else None}
