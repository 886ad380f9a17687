"""Hypothesis strategies for plan FILES (the documents product teams write) and profiles that fit them.

``tests/strategies.py`` builds compiled model objects directly; these build the plan-file documents
(dicts dumped as JSON, a subset of YAML) and load them through the real loader (``load_sources``), so
the step from file to model (unit scaling, ``billing``, the ``plans`` alias, per-day packs, day passes
and zones, extra lines, app data, eligibility, terms, a second currency) is under the property tests.

Every field of ``recommender/catalogue/spec.py`` is drawn now and then:

- plans: fee, data (``unlimited`` too, half GBs), voice, SMS, speeds, ``overage`` (flat rate, tiers,
  throttle only, full-speed stretch then throttle charged or free, ``cap``), ``billing`` (``voice``
  blocks, ``data_rounding``, ``data_unit_mb``, ``mb_per_gb`` 1000 or 1024), ``roaming`` (pool, day pass
  with or without zones, rates for all five zones), ``satellite`` (with and without rates),
  ``broadband_mbps``, ``app_data_gb`` (all eight categories), ``extra_lines`` (1 to 9, shared and
  per-line), ``benefits`` (a list, or with their source), ``eligibility`` (every condition, ``holders_only``
  too), ``terms`` (promotions, one-off fee, minimum term, minimum spend);
- packs: all eight kinds, ``billing`` monthly / per day / per use (31 a month by default),
  ``install_fee``, ``broadband_mbps``, ``app_data_gb``, ``subscription``, every ``adds`` field,
  speeds (sold per SIM, ``per_line``, or not), ``satellite``, ``benefits`` (both ways), ``max_count``,
  ``requires_plans`` or its former name ``plans``, ``eligibility``, ``free_with``, ``group``, ``excludes``;
- households: sometimes two or three lines needing a speed each (for packs sold per SIM);
- files: one or two operators (with memberships), the second sometimes in USD or selling in another market
  (``operator.country: US``, a person sometimes living there); an operator's packs sometimes in a file of packs
  only, read before or after its plans.

Fields left at their defaults, as they price nothing: every ``note``, ``source`` and ``text`` (an
eligibility's wording), the operators' and memberships' ``name``/``name_en``, a figure's provenance.

Sizes are kept small (few plans and packs, small counts) so that every engine, the enumerator and
the brute force (``tests/brute_force.py``) answer quickly.
"""

import datetime
import json
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from recommender.catalogue import Catalogue, load_sources
from recommender.optimise import exhaustive
from recommender.profile import APP_CATEGORIES, ZONES, Profile

SOURCE = "assumption: property test"
OPERATORS = ("op-a", "op-b")
REGIONS = ("CN-BJ", "CN-SH")
"""The regions a person may live in (``about.region``), and a plan's or pack's conditions name."""
US_REGION = "US-CA"
"""A person's region in the second market (``operator.country: US``), where one of the files sells there."""
CONDITION_REGIONS = (*REGIONS, "CN", "US")
"""What conditions of sale name: a region, or a whole country (which holds its regions)."""
DAY = datetime.date(2025, 7, 1)
MONEY = ("0", "0.01", "1", "2.99", "3", "5", "9.9", "15", "30", "58")
BENEFITS = ("video-vip", "cloud-100")

Doc = dict[str, Any]


def fig(value: object) -> Doc:
    return {"value": value, "source": SOURCE}


def money(draw: st.DrawFn) -> Doc:
    return fig(draw(st.sampled_from(MONEY)))


@st.composite
def overages(draw: st.DrawFn) -> Doc:
    """Every data rule of ``Overage``: flat, tiers, throttle, charged or free full-speed stretch; a cap."""
    out: Doc = {"voice_per_minute": money(draw), "sms_each": money(draw)}
    kind = draw(st.sampled_from(["flat", "flat", "tiers", "tiers", "throttle", "stretch-charged", "stretch-free"]))
    if kind in ("flat", "stretch-charged"):
        out["data_per_gb"] = money(draw)
    if kind == "tiers":
        ends = sorted(draw(st.sets(st.integers(1, 6), min_size=1, max_size=2)))
        out["data"] = [{"up_to_gb": fig(end), "per_gb": money(draw)} for end in ends] + [{"per_gb": money(draw)}]
    if kind.startswith("stretch"):
        out["full_speed_extra_gb"] = fig(draw(st.integers(0, 4)))
    if kind != "flat" and kind != "tiers":
        out["throttle_kbps"] = fig(draw(st.sampled_from([128, 1000, 3000])))
    if ("data_per_gb" in out or "data" in out) and draw(st.integers(0, 3)) == 0:
        out["cap"] = fig(draw(st.sampled_from(["0", "5", "20"])))
    return out


@st.composite
def eligibilities(draw: st.DrawFn, plan: bool = False, operator: str = OPERATORS[0]) -> Doc | None:
    """Conditions of sale using every part of ``Eligibility`` (most plans and packs: none; ``holders_only``, a
    plan kept by the people on it, on plans only); ``existing_of`` names the first operator (whose file is always
    loaded) or ``operator``, the file's own."""
    if draw(st.integers(0, 2)):
        return None
    customers = draw(st.sampled_from(["any", "new", "existing"]))
    out: Doc = {"customers": customers, "source": SOURCE}
    if customers == "existing" and draw(st.booleans()):
        out["existing_of"] = sorted(draw(st.sets(st.sampled_from(sorted({OPERATORS[0], operator})), min_size=1)))
    if draw(st.booleans()):
        out["age"] = draw(st.sampled_from([{"min": 16}, {"max": 30}, {"min": 18, "max": 60}]))
    for key, values in (("regions", CONDITION_REGIONS), ("members_of", ("m1",)), ("groups", ("student", "g1"))):
        if draw(st.booleans()):
            out[key] = sorted(draw(st.sets(st.sampled_from(values), min_size=1)))
    if draw(st.booleans()):
        out["available_from"] = DAY.isoformat()
    if draw(st.booleans()):
        out["available_until"] = (DAY + datetime.timedelta(days=30)).isoformat()
    if plan and draw(st.booleans()):
        out["holders_only"] = True
    return out


def app_data(draw: st.DrawFn, unlimited: bool = True) -> list[Doc]:
    """App data of one to three categories (``unlimited`` too, but where a day's or a use's would be)."""
    gbs = ["0.5", "1", "5", "20", *(["unlimited"] if unlimited else [])]
    return [{"apps": sorted(draw(st.sets(st.sampled_from(APP_CATEGORIES), min_size=1, max_size=3))),
             "gb": fig(draw(st.sampled_from(gbs)))}
            for _ in range(draw(st.integers(1, 2)))]


@st.composite
def roamings(draw: st.DrawFn) -> Doc:
    out: Doc = {"data_gb": fig(draw(st.sampled_from(["0", "0.5", "1", "unlimited"]))),
                "voice_minutes": fig(draw(st.sampled_from([0, 30, "unlimited"])))}
    if draw(st.booleans()):
        out["day_pass"] = {"price": money(draw), "data_gb": fig(draw(st.sampled_from(["0.5", "1", "unlimited"]))),
                           "voice_minutes": fig(draw(st.sampled_from([0, 10, "unlimited"])))}
        if draw(st.booleans()):
            out["day_pass"]["zones"] = sorted(draw(st.sets(st.sampled_from(ZONES), min_size=1, max_size=3)))
    if draw(st.booleans()):
        zones = draw(st.sets(st.sampled_from(ZONES), min_size=1, max_size=5))
        out["zones"] = {zone: {key: money(draw) for key in ("data_per_gb", "voice_per_minute")
                               if draw(st.integers(0, 3))} for zone in sorted(zones)}
    return out


@st.composite
def extra_lines(draw: st.DrawFn) -> Doc:
    per_line = {key: fig(draw(st.sampled_from(values))) for key, values in
                (("data_gb", ["1", "5", "unlimited"]), ("voice_minutes", [0, 50, "unlimited"]),
                 ("sms", [0, 10, "unlimited"])) if draw(st.booleans())}
    return {"max": draw(st.sampled_from([1, 2, 3, 9])), "fee": money(draw), "source": SOURCE,
            "shared": sorted(draw(st.sets(st.sampled_from(["data", "voice", "sms"])))), "per_line": per_line}


@st.composite
def terms(draw: st.DrawFn) -> Doc:
    out: Doc = {}
    if draw(st.booleans()):  # one or two, the shorter first (a month pays the first listed that covers it)
        lengths = sorted(draw(st.sets(st.integers(1, 6), min_size=1, max_size=2)))
        out["promotions"] = [{"first_months": n, "monthly_fee": money(draw)} for n in lengths]
    if draw(st.booleans()):
        out["one_off_fee"] = money(draw)
    if draw(st.booleans()):
        out["minimum_term_months"] = draw(st.sampled_from([0, 6, 12, 36]))
    if draw(st.booleans()):
        out["minimum_monthly_spend"] = fig(draw(st.sampled_from(["10", "60"])))
    return out


def benefit_lists() -> st.SearchStrategy[Any]:
    """Benefit ids as a plain list, or as a figure is written, with their source (``{value: [ids], source}``)."""
    ids = st.sets(st.sampled_from(BENEFITS), min_size=1).map(sorted)
    return st.one_of(ids, ids.map(lambda found: {"value": found, "source": SOURCE}))


def sometimes(draw: st.DrawFn, out: Doc, key: str, strategy: st.SearchStrategy[Any], odds: int = 3) -> None:
    """Set ``out[key]`` from ``strategy`` about once in ``odds`` draws."""
    if draw(st.integers(0, odds - 1)) == 0:
        value = draw(strategy)
        if value is not None:
            out[key] = value


@st.composite
def plan_docs(draw: st.DrawFn, plan_id: str, mb_per_gb: int, operator: str = OPERATORS[0]) -> Doc:
    allowance = st.sampled_from(["0", "0.5", "1", "2", "5", "10", "unlimited"])
    out: Doc = {"id": plan_id, "name": plan_id, "name_en": plan_id,
                "monthly_fee": fig(draw(st.sampled_from(["0", "9.9", "20", "39", "58", "99"]))),
                "data_gb": fig(draw(allowance)), "voice_minutes": fig(draw(st.sampled_from([0, 50, 100, "unlimited"]))),
                "sms": fig(draw(st.sampled_from([0, 10, "unlimited"]))),
                "downlink_mbps": fig(draw(st.sampled_from([500, 1000, 3000]))),
                "uplink_mbps": fig(draw(st.sampled_from([100, 300]))), "overage": draw(overages())}
    billing = {"voice": draw(st.sampled_from(["per_minute", "per_6_seconds", "per_second"])),
               "data_rounding": draw(st.sampled_from(["per_month", "per_session"])),
               "data_unit_mb": draw(st.sampled_from([1, 1, 1000, 1024])),
               "mb_per_gb": mb_per_gb, "source": SOURCE}
    if mb_per_gb != 1024 or draw(st.booleans()):  # one mb_per_gb a file (its packs are in its GB)
        out["billing"] = billing
    sometimes(draw, out, "roaming", roamings(), odds=2)
    sometimes(draw, out, "satellite", st.builds(
        lambda m, s, v, e: {"minutes": fig(m), "sms": fig(s), **v, **e}, st.sampled_from([0, 10, "unlimited"]),
        st.sampled_from([0, 5, "unlimited"]), st.sampled_from([{}, {"voice_per_minute": fig("1")}]),
        st.sampled_from([{}, {"sms_each": fig("0.5")}])))
    sometimes(draw, out, "broadband_mbps", st.sampled_from([100, 1000]).map(fig))
    if draw(st.integers(0, 2)) == 0:
        out["app_data_gb"] = app_data(draw)
    sometimes(draw, out, "extra_lines", extra_lines())
    sometimes(draw, out, "benefits", benefit_lists(), odds=4)
    sometimes(draw, out, "eligibility", eligibilities(plan=True, operator=operator))
    sometimes(draw, out, "terms", terms())
    return out


@st.composite
def pack_docs(draw: st.DrawFn, pack_id: str, plan_ids: list[str], pack_ids: list[str],
              operator: str = OPERATORS[0]) -> Doc:
    kinds = ["data", "speed", "service", "scene", "roaming", "satellite", "broadband", "app"]
    out: Doc = {"id": pack_id, "name": pack_id, "name_en": pack_id, "kind": draw(st.sampled_from(kinds)),
                "price": money(draw)}
    adds_keys = ["data_gb", "voice_minutes", "sms", "roaming_data_gb", "roaming_voice_minutes",
                 "satellite_minutes", "satellite_sms"]
    amounts: list[object] = ["0.5", "1", "2", "unlimited"]
    adds = {key: fig(draw(st.sampled_from(amounts if key.endswith("gb") else [5, 60, "unlimited"])))
            for key in draw(st.sets(st.sampled_from(adds_keys), max_size=3))}
    if adds:
        out["adds"] = adds
    billing = draw(st.sampled_from(["monthly", "monthly", "per_day", "per_use"]))
    if billing != "monthly":
        out["billing"] = billing
        for key, figure in adds.items():  # a day's (use's) allowance is never 'unlimited' (the loader refuses it)
            if figure["value"] == "unlimited":
                adds[key] = fig("2")
    if draw(st.booleans()):  # per-day and per-use packs without it: 31 a month
        out["max_count"] = draw(st.integers(1, 3))
    sometimes(draw, out, "uplink_mbps", st.sampled_from([200, 300]).map(fig))
    sometimes(draw, out, "downlink_mbps", st.just(fig(3000)), odds=4)
    if "uplink_mbps" in out or "downlink_mbps" in out:
        sometimes(draw, out, "per_line", st.sampled_from([True, fig(True), fig(False)]), odds=2)  # sold per SIM
    sometimes(draw, out, "broadband_mbps", st.sampled_from([100, 500]).map(fig), odds=4)
    if "broadband_mbps" in out and draw(st.booleans()):
        out["install_fee"] = money(draw)
    sometimes(draw, out, "satellite", st.just(True), odds=5)
    if draw(st.integers(0, 3)) == 0:
        out["app_data_gb"] = app_data(draw, unlimited=billing == "monthly")
    sometimes(draw, out, "subscription", st.just(True), odds=4)
    sometimes(draw, out, "benefits", benefit_lists(), odds=5)
    allowed = st.lists(st.sampled_from(plan_ids), min_size=1, max_size=2, unique=True)
    sometimes(draw, out, draw(st.sampled_from(["requires_plans", "plans"])), allowed)
    within: list[str] = out.get("requires_plans") or out.get("plans") or plan_ids
    sometimes(draw, out, "free_with", st.lists(st.sampled_from(within), min_size=1, max_size=2, unique=True), odds=4)
    sometimes(draw, out, "group", st.just("g"), odds=4)
    if pack_ids:
        sometimes(draw, out, "excludes", st.lists(st.sampled_from(pack_ids), min_size=1, max_size=1), odds=4)
    sometimes(draw, out, "eligibility", eligibilities(operator=operator), odds=4)
    return out


@st.composite
def operator_docs(draw: st.DrawFn, operator: str, currency: str, country: str = "CN") -> Doc:
    plan_ids = [f"{operator}-p{i}" for i in range(draw(st.integers(1, 3)))]
    mb_per_gb = draw(st.sampled_from([1024, 1024, 1000]))
    plans = [draw(plan_docs(plan_id, mb_per_gb, operator)) for plan_id in plan_ids]
    packs: list[Doc] = []
    for i in range(draw(st.integers(0, 3))):
        packs.append(draw(pack_docs(f"{operator}-k{i}", plan_ids, [p["id"] for p in packs], operator)))
    memberships = [{"id": "m1", "name": "m1", "name_en": "m1"}] if operator == OPERATORS[0] else []
    said: Doc = {"id": operator, "name": operator, "name_en": operator, "memberships": memberships}
    if country != "CN" or draw(st.booleans()):  # (CN: the default, written or not)
        said["country"] = country
    return {"operator": said, "currency": currency, "plans": plans, "packs": packs}


@st.composite
def plan_files(draw: st.DrawFn) -> list[Doc]:
    """One or two operators' plan-file documents (the second sometimes priced in USD, sometimes selling in another
    market, ``operator.country``); now and then an operator's packs are written in a file of their own, a file of
    packs only (``plans`` left out), read before or after the others."""
    docs = [draw(operator_docs(OPERATORS[0], "CNY"))]
    if draw(st.booleans()):
        docs.append(draw(operator_docs(OPERATORS[1], draw(st.sampled_from(["CNY", "USD"])),
                                       draw(st.sampled_from(["CN", "CN", "US"])))))
    if draw(st.integers(0, 3)) == 0:
        with_packs: list[Doc | None] = [d for d in docs if d["packs"]] or [None]
        doc = draw(st.sampled_from(with_packs))
        if doc is not None:
            packs_only = {"operator": doc["operator"], "currency": doc["currency"], "packs": doc["packs"]}
            docs[docs.index(doc)] = {**doc, "packs": []}
            docs.insert(draw(st.integers(0, len(docs))), packs_only)
    return docs


def load(docs: list[Doc]) -> Catalogue:
    """The catalogue the real loader makes of the documents (as files, in their order: JSON is YAML)."""
    return load_sources([(f"{i}-{doc['operator']['id']}.yaml", json.dumps(doc, indent=1).encode())
                         for i, doc in enumerate(docs)])


def plans_of(docs: list[Doc]) -> list[tuple[Doc, Doc]]:
    """Each plan document with its file's."""
    return [(doc, plan) for doc in docs for plan in doc.get("plans", ())]


GB = st.sampled_from(["10", "0.5", "1", "2", "5", "5.001", "9.999", "10.5", "20", "0"])


def edges(docs: list[Doc]) -> st.SearchStrategy[str]:
    """Data use at the plans' edges: an allowance (and what packs add) in the file's GB, a MB either side."""
    out: set[str] = set()
    for doc in docs:
        adds = {Decimal(k["adds"]["data_gb"]["value"]) for d in docs if d["operator"]["id"] == doc["operator"]["id"]
                for k in d["packs"] if "data_gb" in k.get("adds", {}) and k["adds"]["data_gb"]["value"] != "unlimited"}
        for plan in doc.get("plans", ()):
            if plan["data_gb"]["value"] == "unlimited":
                continue
            per = plan.get("billing", {}).get("mb_per_gb", 1024)
            for gb in {Decimal(plan["data_gb"]["value"]) + a for a in adds | {Decimal(0)}}:
                mb = gb * per
                out |= {str(max(mb + d, Decimal(0)) / 1024) for d in (-1, 0, 1, 1024)}
    return st.sampled_from(sorted(out)) if out else GB


def roaming_volumes(plan: Doc) -> list[object]:
    roaming = plan.get("roaming", {})
    return [roaming.get("data_gb", {}).get("value"), roaming.get("day_pass", {}).get("data_gb", {}).get("value")]


def app_volumes(plan: Doc) -> list[object]:
    return [a["gb"]["value"] for a in plan.get("app_data_gb", ())]


def mb_edges(docs: list[Doc], volumes: Any) -> list[str]:
    """GB (of 1024 MB, as profiles mean it) a MB either side of the plans' ``volumes`` in their file's GB."""
    out: set[str] = set()
    for _, plan in plans_of(docs):
        per = plan.get("billing", {}).get("mb_per_gb", 1024)
        for value in volumes(plan):
            if value is not None and value != "unlimited" and Decimal(value) > 0:
                out |= {str((Decimal(value) * per + d) / 1024) for d in (-1, 1)}
    return sorted(out)


@st.composite
def app_shares(draw: st.DrawFn, data_gb: str, app_gbs: st.SearchStrategy[str]) -> dict[str, str]:
    """App use of some categories: half the data, or at an app-data allowance's edge (within the data)."""
    if Decimal(data_gb) == 0 or draw(st.booleans()):
        return {}
    cats = sorted(draw(st.sets(st.sampled_from(APP_CATEGORIES), min_size=1, max_size=2)))
    most = Decimal(data_gb) / len(cats)
    return {c: str(min(Decimal(draw(st.one_of(st.just(str(most / 2)), app_gbs))), most)) for c in cats}


@st.composite
def records(draw: st.DrawFn) -> list[Doc]:
    """Itemised calls, sessions and messages over at most three calendar months (within 24)."""
    out = []
    for _ in range(draw(st.integers(1, 6))):
        date = (DAY + datetime.timedelta(days=draw(st.integers(0, 80)))).isoformat()
        kind = draw(st.sampled_from(["call", "data", "sms"]))
        record: Doc = {"kind": kind, "date": date}
        if kind == "call":
            record["duration_s"] = draw(st.sampled_from([1, 59, 61, 600, 3601]))
        if kind == "data":
            record["mb"] = draw(st.sampled_from(["0.5", "1", "999", "1500", "4096.5"]))
        out.append(record)
    return out


def roaming(trip_gbs: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Any]:
    """A trip, or a list of one or two (``needs.roaming``, ``months[].roaming``)."""
    edge = st.nothing() if trip_gbs is None else trip_gbs
    trip = st.fixed_dictionaries({"data_gb": st.one_of(st.sampled_from(["0.5", "1", "3"]), edge),
                                  "voice_minutes": st.sampled_from([0, 20])},
                                 optional={"zone": st.sampled_from(ZONES), "days": st.integers(1, 3)})
    return st.one_of(trip, st.lists(trip, min_size=1, max_size=2))


@st.composite
def needs(draw: st.DrawFn, trip_gbs: st.SearchStrategy[str] | None = None) -> Doc:
    out: Doc = {}
    sometimes(draw, out, "roaming", roaming(trip_gbs))
    if draw(st.integers(0, 2)):
        return out  # most profiles: no other hard need
    sometimes(draw, out, "min_uplink_mbps", st.sampled_from([200, 300]))
    if "min_uplink_mbps" in out:
        sometimes(draw, out, "uplink_days", st.integers(1, 4), odds=2)
    sometimes(draw, out, "min_downlink_mbps", st.sampled_from([1, 3000]), odds=4)
    if "min_downlink_mbps" in out:
        sometimes(draw, out, "downlink_days", st.integers(1, 4), odds=2)
    sometimes(draw, out, "satellite", st.just(True), odds=6)
    sometimes(draw, out, "satellite_minutes", st.sampled_from([5, 20]), odds=6)
    sometimes(draw, out, "satellite_sms", st.sampled_from([3, 10]), odds=6)
    sometimes(draw, out, "broadband", st.just(True), odds=6)
    sometimes(draw, out, "broadband_mbps", st.sampled_from([100, 500]), odds=6)
    return out


@st.composite
def usages(draw: st.DrawFn, gbs: st.SearchStrategy[str], app_gbs: st.SearchStrategy[str]) -> Doc:
    """One month, a history of months, itemised records, or a household's lines."""
    kind = draw(st.sampled_from(["month", "month", "months", "records", "lines"]))
    if kind == "months":
        return {"months": [{"data_gb": draw(gbs), "voice_minutes": draw(st.sampled_from([0, 60, 120])),
                            "sms": draw(st.sampled_from([0, 20]))} for _ in range(draw(st.integers(2, 3)))]}
    if kind == "records":
        return {"records": draw(records())}
    if kind == "lines":
        lines = []
        for _ in range(draw(st.sampled_from([2, 2, 3, 10]))):
            gb = draw(gbs)
            line: Doc = {"data_gb": gb, "voice_minutes": draw(st.sampled_from([0, 60])),
                         "sms": draw(st.sampled_from([0, 20])), "app_share": draw(app_shares(gb, app_gbs))}
            sometimes(draw, line, "needs", needs(), odds=4)
            lines.append(line)
        if draw(st.booleans()):  # several lines needing a speed (packs sold per SIM: each its own)
            for line in lines[:draw(st.integers(2, min(3, len(lines))))]:
                speed = {"min_uplink_mbps": draw(st.sampled_from([200, 300]))}
                sometimes(draw, speed, "uplink_days", st.integers(1, 4), odds=2)
                line["needs"] = {**line.get("needs", {}), **speed}
        return {"lines": lines}
    gb = draw(gbs)
    return {"data_gb": gb, "voice_minutes": draw(st.sampled_from([0, 60, 120])), "sms": draw(st.sampled_from([0, 20])),
            "app_share": draw(app_shares(gb, app_gbs))}


def regions_of(docs: list[Doc]) -> tuple[str, ...]:
    """Where a person may live: China's two regions, and one of the second market's where a file sells there."""
    markets = {doc["operator"].get("country", "CN") for doc in docs}
    return (*REGIONS, US_REGION) if "US" in markets else REGIONS


@st.composite
def file_profiles(draw: st.DrawFn, docs: list[Doc]) -> Profile:
    """A profile using every field that matters for cost, with ids from ``docs``."""
    trip_gbs = st.sampled_from(mb_edges(docs, roaming_volumes)) if mb_edges(docs, roaming_volumes) else st.nothing()
    app_gbs = st.sampled_from(mb_edges(docs, app_volumes)) if mb_edges(docs, app_volumes) else st.nothing()
    usage = draw(usages(st.one_of(edges(docs), GB), app_gbs))
    for month in usage.get("months", ()):  # a trip of one month only
        sometimes(draw, month, "roaming", roaming(trip_gbs), odds=3)
    out: Doc = {**usage, "needs": draw(needs(trip_gbs)),
                "allow_throttling": draw(st.sampled_from([True, True, False])),
                "horizon_months": draw(st.sampled_from([1, 3, 24, 36])),
                "objective": draw(st.sampled_from(["total", "total", "worst_month"])),
                "eligibility": draw(st.sampled_from(["lenient", "strict"]))}
    sometimes(draw, out, "about", st.fixed_dictionaries({}, optional={
        "age": st.sampled_from([17, 40]), "region": st.sampled_from(regions_of(docs)),
        "customer_of": st.sampled_from(OPERATORS), "memberships": st.just(["m1"]), "groups": st.just(["student"])}))
    sometimes(draw, out, "as_of", st.sampled_from([DAY, DAY + datetime.timedelta(days=60)]).map(str), odds=2)
    sometimes(draw, out, "operators", st.sampled_from([[OPERATORS[0]], list(OPERATORS)]), odds=5)
    sometimes(draw, out, "exclude_operators", st.just([OPERATORS[1]]), odds=5)
    sometimes(draw, out, "benefits_required", st.sampled_from(BENEFITS).map(lambda b: [b]), odds=6)
    sometimes(draw, out, "benefit_values", st.sampled_from(BENEFITS).map(lambda b: {b: "5"}), odds=6)
    sometimes(draw, out, "budget_fen", st.sampled_from([3000, 10000]), odds=6)
    if draw(st.integers(0, 2)) == 0:
        out["currency"] = draw(st.sampled_from(["CNY", "CNY", "USD"]))
        rate = draw(st.sampled_from(["7.1", "0.14"]))
        other = "USD" if out["currency"] == "CNY" else "CNY"
        out["exchange_rates"] = {other: rate} if draw(st.integers(0, 3)) else {}
    priced = {out.get("currency", "CNY"), *out.get("exchange_rates", {})}  # a current plan must be priced
    plan_ids = [p["id"] for doc, p in plans_of(docs) if doc["currency"] in priced]
    current = st.sampled_from(plan_ids).map(lambda p: {"plan_id": p}) if plan_ids else st.nothing()
    sometimes(draw, out, "current", st.one_of(current, st.sampled_from([2000, 9000]).map(
        lambda fen: {"monthly_bill_fen": fen})))
    sometimes(draw, out, "benefits", st.sampled_from(BENEFITS).map(lambda b: [b]), odds=6)
    return Profile.model_validate(out)


@st.composite
def file_cases(draw: st.DrawFn) -> tuple[list[Doc], Catalogue, Profile]:
    """Plan-file documents, the catalogue the loader makes of them, and a profile for them."""
    docs = draw(plan_files())
    return docs, load(docs), draw(file_profiles(docs))


@st.composite
def file_rows(draw: st.DrawFn, docs: list[Doc]) -> Doc:
    """One population row for the batch scorer (``optimise.batch.COLUMNS``, ``MORE_COLUMNS`` and who the person is,
    ``eligible.SOURCES``): a month's usage at the plans' edges, one trip, the needs a column says, and an age, region,
    operator and current plan (each sometimes unknown)."""
    trip_gbs = mb_edges(docs, roaming_volumes)
    plan_ids = [p["id"] for doc, p in plans_of(docs) if doc["currency"] == "CNY"]  # (a plan in yuan: the rows')
    needs = {"roaming_data_gb": "0", "roaming_voice_minutes": 0, "min_uplink_mbps": 0, "min_downlink_mbps": 0,
             "satellite": False, "broadband": False, "satellite_minutes": 0, "satellite_sms": 0, "broadband_mbps": 0}
    for key, values in (("roaming_data_gb", ["0.5", "3", *trip_gbs]), ("roaming_voice_minutes", [20]),
                        ("min_uplink_mbps", [200, 300]), ("min_downlink_mbps", [1, 3000]), ("satellite", [True]),
                        ("broadband", [True]), ("satellite_minutes", [5, 20]), ("satellite_sms", [3, 10]),
                        ("broadband_mbps", [100, 500])):
        sometimes(draw, needs, key, st.sampled_from(values), odds=6)  # (most rows: a need or two, or none)
    return {"data_gb": draw(st.one_of(edges(docs), GB)), "voice_minutes": draw(st.sampled_from([0, 60, 120])),
            "sms": draw(st.sampled_from([0, 20])), **needs, "allow_throttling": draw(st.booleans()),
            "age": draw(st.sampled_from([-1, -1, 17, 40])),
            "region": draw(st.sampled_from(["", "", *regions_of(docs)])),
            "customer_of": draw(st.sampled_from(["", "", *OPERATORS[:len({d["operator"]["id"] for d in docs})]])),
            "current_plan": draw(st.sampled_from(["", "", *plan_ids]))}


ENUMERATED = 20_000
"""The most pack combinations of a plan the enumerator tries on a drawn case (``exhaustive.MAX_COMBINATIONS``,
2,000,000, is the service's): a household priced bundle by bundle over a few hundred thousand of them took minutes
(found timing test_budget_bundle: 406 s on one seed, against 43-51 s before the generator drew more variants); a
case beyond it is one the enumerator refuses (``TooManyCombinations``), which the tests skip as before."""


@contextmanager
def enumerating_at_most(combinations: int = ENUMERATED) -> Iterator[None]:
    kept = exhaustive.MAX_COMBINATIONS
    exhaustive.MAX_COMBINATIONS = combinations
    try:
        yield
    finally:
        exhaustive.MAX_COMBINATIONS = kept
