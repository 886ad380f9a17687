"""The wire contract of ``api/schemas.py``, pinned field by field (found by sbb's mutation run of the schemas: a
response field made optional or not nullable, or a request bound moved, changed the document or the 422s and no
test saw it).

The response schemas only document what the service sends (the views answer the domain's documents as they are),
so the document is held to what is sent: over answers that between them send every field, a field is required in
the document exactly when every answer sends it, nullable exactly when some answer sends it null, and every
documented field is sent by some answer; the same for the catalogue as served.
"""

import io
import json
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any, get_args

import marshmallow as ma
import pytest
from flask import Flask
from flask.testing import FlaskClient
from marshmallow import fields

from recommender.answer import recommend
from recommender.api.schemas import (
    AnswerSchema,
    ErrorSchema,
    HealthSchema,
    OperatorListSchema,
    PackListSchema,
    PlanListSchema,
    ProfileSchema,
    ReadySchema,
    RecommendOptionsSchema,
    ReloadSchema,
)
from recommender.app import create_app
from recommender.catalogue import DEFAULT_PLANS, Catalogue, load_catalogue
from recommender.catalogue.spec import Billing, Eligibility, PackSpec
from recommender.eligibility import Status
from recommender.profile import Profile
from recommender.serving import SharedCatalogue
from tests.paths import ROOT
from tests.unit.test_per_line_packs import DAYS, PER_LINE

from .conftest import TOKEN

Seen = dict[tuple[str, str], dict[str, int]]


def _walk(schema: ma.Schema, doc: dict[str, Any], seen: Seen, undocumented: list[str]) -> None:
    """Count, per schema field, the objects it could be in, those that send it, and those that send it null."""
    name = type(schema).__name__
    undocumented += [f"{name}.{key}" for key in doc if key not in schema.fields]
    for key, field in schema.fields.items():
        counts = seen[(name, key)]
        counts["objects"] += 1
        if key in doc:
            counts["sent"] += 1
            if doc[key] is None:
                counts["null"] += 1
            else:
                _walk_value(field, doc[key], seen, undocumented)


def _walk_value(field: fields.Field, value: Any, seen: Seen, undocumented: list[str]) -> None:
    if isinstance(field, fields.Nested):
        nested = field.schema
        for item in value if field.many else [value]:
            _walk(nested, item, seen, undocumented)
    elif isinstance(field, fields.List):
        for item in value:
            _walk_value(field.inner, item, seen, undocumented)
    elif isinstance(field, fields.Dict) and field.value_field is not None:
        for item in value.values():
            _walk_value(field.value_field, item, seen, undocumented)


def _contract(seen: Seen, declared: dict[tuple[str, str], fields.Field]) -> list[str]:
    """Each documented field against what was sent: required iff always sent, nullable iff sent null once."""
    wrong = []
    for (name, key), field in sorted(declared.items()):
        counts = seen.get((name, key), {"objects": 0, "sent": 0, "null": 0})
        if counts["sent"] == 0:
            wrong.append(f"{name}.{key}: documented, never sent")
            continue
        always = counts["sent"] == counts["objects"]
        if field.required != always:
            wrong.append(f"{name}.{key}: required={field.required}, sent in {counts['sent']} of {counts['objects']}")
        if field.allow_none != (counts["null"] > 0):
            wrong.append(f"{name}.{key}: allow_none={field.allow_none}, sent null {counts['null']} times")
    return wrong


def _declared(schema: ma.Schema, out: dict[tuple[str, str], fields.Field] | None = None
              ) -> dict[tuple[str, str], fields.Field]:
    """Every field of ``schema`` and of the schemas nested in it, by (schema class name, field name)."""
    out = {} if out is None else out
    for key, field in schema.fields.items():
        if (type(schema).__name__, key) in out:
            continue
        out[(type(schema).__name__, key)] = field
        inner: fields.Field | None = field
        while isinstance(inner, fields.List | fields.Dict):
            inner = inner.inner if isinstance(inner, fields.List) else inner.value_field
        if isinstance(inner, fields.Nested):
            _declared(inner.schema, out)
    return out


def _answer(catalogue: Catalogue, profile: dict[str, Any], top_k: int = 5, detail: tuple[str, ...] = ()
            ) -> dict[str, Any]:
    doc = recommend(catalogue, Profile.model_validate(profile), top_k).document(catalogue, detail=detail)
    return json.loads(json.dumps(doc))  # as sent


def _answers() -> list[dict[str, Any]]:
    """Answers that between them send every field of the document, and every nullable one null: the sample
    profiles, and each at top_k 1 with each month (each operator's best then sent whole, rank null, months and
    all); the sample household at top_k 1, and one whose second line no plan fits (the separate lines' nulls); the
    test household catalogue's families (each line's bill, the shared pools); the per-SIM pack
    (``packs[].lines``); a budget nothing fits; a current plan (savings)."""
    shipped = load_catalogue(DEFAULT_PLANS)
    household = load_catalogue(ROOT / "tests" / "data" / "household")
    docs = []
    for path in sorted((ROOT / "seeds" / "profiles").glob("*.json")):
        profile = json.loads(path.read_text(encoding="utf-8"))
        docs += [_answer(shipped, profile), _answer(shipped, profile, top_k=1, detail=("months",))]
    for path in sorted((ROOT / "seeds" / "households").glob("*.json")):
        docs.append(_answer(shipped, json.loads(path.read_text(encoding="utf-8")), top_k=1))
    docs.append(_answer(shipped, {"lines": [{"data_gb": 5}, {"data_gb": 5, "needs": {"min_uplink_mbps": 5000}}]}))
    docs.append(_answer(shipped, {"data_gb": 30, "budget_fen": 100}))
    docs.append(_answer(shipped, {"data_gb": 20, "current": {"plan_id": "cm-5ga-199"}}, top_k=1))
    docs.append(_answer(household, {"lines": [{"name": "Dad", "data_gb": 100, "voice_minutes": 300},
                                              {"name": "Mum", "data_gb": 40, "voice_minutes": 200},
                                              {"data_gb": 20}, {"data_gb": 5}], "needs": {"broadband_mbps": 500}}))
    docs.append(_answer(household, {"lines": [{"data_gb": 1}, {"data_gb": 1}, {"data_gb": 1}]}, top_k=1))
    docs.append(_answer(PER_LINE, DAYS))
    return docs


def test_the_answer_document_is_required_and_nullable_as_answers_are_sent() -> None:
    """Every field of the answer document: required exactly when every answer sends it (``months`` only with a
    history or ``?detail=months``, ``household`` and ``separate_lines`` only for 2+ lines, a breakdown line's
    ``owner`` and a pack's ``lines`` only in a household...), nullable exactly when some answer sends null
    (``current_fen`` without a current plan, ``nothing_fits`` when something fits, a separate line's plan when
    none fits it...), and no field documented that no answer sends, none sent undocumented.  ``rank`` is nullable
    for the best of an operator sent whole (``BestPerOperator``, the recommendation's fields copied), never in
    ``recommendations``: its null is checked there."""
    seen: Seen = defaultdict(lambda: {"objects": 0, "sent": 0, "null": 0})
    undocumented: list[str] = []
    for doc in _answers():
        _walk(AnswerSchema(), doc, seen, undocumented)
    assert undocumented == []
    declared = _declared(AnswerSchema())
    seen[("RecommendationSchema", "rank")]["null"] += seen[("BestPerOperatorSchema", "rank")]["null"]
    assert _contract(seen, declared) == []
    assert declared[("RecommendationSchema", "rank")].allow_none and seen[("BestPerOperatorSchema", "rank")]["null"]


NULL_IN_A_PLAN_FILE = (("AgeRangeSchema", "min"), ("AgeRangeSchema", "max"), ("DayPassSchema", "zones"),
                      ("ZoneRatesSchema", "data_per_gb"))
"""Nullable in the plan files' model (``catalogue/spec.py``: ``AgeRange.min``/``max``, ``DayPass.zones``,
``ZoneRates.data_per_gb`` are ``... | None``), though none of the catalogues below leaves them null."""


def test_the_catalogue_as_served_is_required_and_nullable_as_it_is_sent() -> None:
    """The plans, packs and operators as ``GET /api/v1/plans``, ``/packs`` and ``/operators`` send them, from the
    shipped catalogue and the test ones (tiers, day passes, zone rates, app data and promotions are only there):
    every field always sent is required, every field documented nullable is sent null by some plan or pack (but
    ``NULL_IN_A_PLAN_FILE``), every documented field is sent, none undocumented."""
    seen: Seen = defaultdict(lambda: {"objects": 0, "sent": 0, "null": 0})
    undocumented: list[str] = []
    declared: dict[tuple[str, str], fields.Field] = {}
    for plans in (DEFAULT_PLANS, *(ROOT / "tests" / "data" / name for name in ("tariffs", "terms", "household"))):
        client = create_app({"TESTING": True, "RECOMMENDER_PLANS": str(plans),
                             "RECOMMENDER_WATCH_INTERVAL_S": 0}).test_client()
        for url, schema in (("/api/v1/plans", PlanListSchema()), ("/api/v1/packs", PackListSchema()),
                            ("/api/v1/operators", OperatorListSchema())):
            response = client.get(url)
            assert response.status_code == 200
            _walk(schema, response.get_json(), seen, undocumented)
            _declared(schema, declared)
    assert undocumented == []
    for key in NULL_IN_A_PLAN_FILE:
        assert seen[key]["null"] == 0 and declared[key].allow_none, key
        seen[key]["null"] = 1
    assert _contract(seen, declared) == []


# -- the request: what is refused, at which path, saying what; what is taken --------------------------------------

NOT_TAG = "is not an id (lower-case letters, digits and hyphens, such as cloud-drive, gotone or student)"
NOT_OPERATOR = "is not an operator id (lower-case letters, digits and hyphens, such as china-mobile)"
NOT_CURRENCY = "is not a currency code (three capital letters, such as CNY or USD)"
URL = "/api/v1/recommendations"
RANGE = "Must be greater than or equal to {} and less than or equal to {}."
"""marshmallow's ``validate.Range`` message; ``Length``'s and ``OneOf``'s are written out below."""
COUNT = RANGE.format(0, 1_000_000)  # profile.MAX_COUNT (and MAX_GB for a GB figure)
DAY_RANGE = RANGE.format(1, 31)  # a speed or trip lasts 1 to MAX_DAYS days
LONG = "a" * 65  # one character over a name's or a plan id's 64


@pytest.mark.parametrize(("body", "path", "reason"), [
    ({"voice_minutes": -1}, "voice_minutes", COUNT),
    ({"sms": 1_000_001}, "sms", COUNT),
    ({"data_gb": -0.5}, "data_gb", COUNT),
    ({"needs": {"roaming": {"days": 0}}}, "needs.roaming.days", DAY_RANGE),
    ({"needs": {"roaming": {"days": 32}}}, "needs.roaming.days", DAY_RANGE),
    ({"needs": {"roaming": [{}, {"data_gb": -1}]}}, "needs.roaming[1].data_gb", COUNT),
    ({"needs": {"roaming": {"voice_minutes": -1}}}, "needs.roaming.voice_minutes", COUNT),
    ({"needs": {"roaming": {"zone": "mars"}}}, "needs.roaming.zone", "Must be one of: hk-mo-tw, asia, europe, "
                                                                     "americas, other."),
    ({"needs": {"uplink_days": 0}}, "needs.uplink_days", DAY_RANGE),
    ({"needs": {"downlink_days": 32}}, "needs.downlink_days", DAY_RANGE),
    ({"needs": {"min_uplink_mbps": -1}}, "needs.min_uplink_mbps", RANGE.format(0, 100_000)),
    ({"needs": {"min_downlink_mbps": 100_001}}, "needs.min_downlink_mbps", RANGE.format(0, 100_000)),
    ({"needs": {"broadband_mbps": -1}}, "needs.broadband_mbps", RANGE.format(0, 100_000)),
    ({"needs": {"satellite_minutes": -1}}, "needs.satellite_minutes", COUNT),
    ({"needs": {"satellite_sms": -1}}, "needs.satellite_sms", COUNT),
    ({"lines": [{"name": "x"}, {"name": LONG}]}, "lines[1].name", "Longer than maximum length 64."),
    ({"lines": [{}, {"sms": -1}]}, "lines[1].sms", COUNT),
    ({"lines": [{"voice_minutes": -1}]}, "lines[0].voice_minutes", COUNT),
    ({"lines": [{"data_gb": -1}]}, "lines[0].data_gb", COUNT),
    ({"lines": [{"app_share": {"video": -1}}]}, "lines[0].app_share.video", COUNT),
    ({"lines": []}, "lines", "Length must be between 1 and 10."),
    ({"lines": [{}] * 11}, "lines", "Length must be between 1 and 10."),
    ({"current": {"plan_id": LONG}}, "current.plan_id", "Longer than maximum length 64."),
    ({"current": {"monthly_bill_fen": -1}}, "current.monthly_bill_fen", RANGE.format(0, 10**9)),
    ({"about": {"age": -1}}, "about.age", RANGE.format(0, 120)),
    ({"about": {"age": 121}}, "about.age", RANGE.format(0, 120)),
    ({"about": {"memberships": ["m"] * 33}}, "about.memberships", "Longer than maximum length 32."),
    ({"about": {"groups": ["g"] * 33}}, "about.groups", "Longer than maximum length 32."),
    # a code not written as one: the profile's own words (profile.Coded), with the code it means where it is only
    # the case that is wrong
    ({"about": {"groups": ["Student"]}}, "about.groups[0]", f"'Student' {NOT_TAG}: write 'student'"),
    ({"about": {"region": "Beijing"}}, "about.region", "'Beijing' is not an ISO 3166-2 region code (upper case, such "
                                                       "as CN-BJ or CN-SH): write 'CN-BJ'"),
    ({"about": {"region": "广州"}}, "about.region", "'广州' is not an ISO 3166-2 region code (upper case, such as "
                                                  "CN-BJ or CN-SH): write 'CN-GD'"),  # (a city: its province's)
    ({"about": {"region": "Fuzhou"}}, "about.region", "'Fuzhou' is not an ISO 3166-2 region code (upper case, such "
                                                      "as CN-BJ or CN-SH)"),  # (福州, Fujian, or 抚州, Jiangxi)
    ({"about": {"region": "Paris"}}, "about.region", "'Paris' is not an ISO 3166-2 region code (upper case, such as "
                                                     "CN-BJ or CN-SH)"),
    ({"about": {"region": "北京"}}, "about.region", "'北京' is not an ISO 3166-2 region code (upper case, such as "
                                                    "CN-BJ or CN-SH): write 'CN-BJ'"),
    ({"about": {"customer_of": "China Mobile"}}, "about.customer_of", f"'China Mobile' {NOT_OPERATOR}"),
    ({"months": []}, "months", "Length must be between 1 and 24."),
    ({"months": [{}] * 25}, "months", "Length must be between 1 and 24."),
    ({"months": [{"voice_minutes": -1}]}, "months[0].voice_minutes", COUNT),
    ({"months": [{"sms": -1}]}, "months[0].sms", COUNT),
    ({"months": [{"data_gb": -1}]}, "months[0].data_gb", COUNT),
    ({"records": []}, "records", "Length must be between 1 and 200000."),
    ({"records": [{"kind": "fax", "date": "2025-01-01"}]}, "records[0].kind", "Must be one of: call, data, sms."),
    ({"records": [{"date": "2025-01-01"}]}, "records[0].kind", "Missing data for required field."),
    ({"records": [{"kind": "sms"}]}, "records[0].date", "Missing data for required field."),
    ({"records": [{"kind": "call", "date": "2025-01-01", "duration_s": -1}]}, "records[0].duration_s", COUNT),
    # (found by the integrator test: a call without its seconds, a session without its MB counted nothing, silently)
    ({"records": [{"kind": "call", "date": "2025-01-01", "mb": 61}]}, "records[0].duration_s",
     "a call gives its duration_s (whole seconds): without it the call would count for nothing"),
    ({"records": [{"kind": "sms", "date": "2025-01-01"}, {"kind": "data", "date": "2025-01-01", "duration_s": 600}]},
     "records[1].mb", "a data session gives its mb: without it the session would count for nothing"),
    # MB of a session: at most MAX_GB × 1024 = 1,024,000,000
    ({"records": [{"kind": "data", "date": "2025-01-01", "mb": -1}]}, "records[0].mb", RANGE.format(0, 1_024_000_000)),
    ({"operators": []}, "operators", "Shorter than minimum length 1."),
    ({"operators": ["China Mobile"]}, "operators[0]", f"'China Mobile' {NOT_OPERATOR}"),
    ({"exclude_operators": ["China-Mobile"]}, "exclude_operators[0]", f"'China-Mobile' {NOT_OPERATOR}: write "
                                                                      "'china-mobile'"),
    ({"budget_fen": -1}, "budget_fen", RANGE.format(0, 10**9)),
    ({"horizon_months": 0}, "horizon_months", RANGE.format(1, 120)),
    ({"horizon_months": 121}, "horizon_months", RANGE.format(1, 120)),
    ({"objective": "best"}, "objective", "Must be one of: total, worst_month."),
    ({"eligibility": "loose"}, "eligibility", "Must be one of: strict, lenient."),
    ({"currency": "cny"}, "currency", f"'cny' {NOT_CURRENCY}: write 'CNY'"),
    ({"benefits": ["b" * 64]}, "benefits[0]", f"'{'b' * 64}' {NOT_TAG}"),
    ({"benefits": ["Cloud-Drive"]}, "benefits[0]", f"'Cloud-Drive' {NOT_TAG}: write 'cloud-drive'"),  # (fuzzing test)
    ({"benefits": ["cloud-drive\u200b"]}, "benefits[0]", f"'cloud-drive\u200b' {NOT_TAG}: write 'cloud-drive'"),
    ({"benefits": ["b"] * 33}, "benefits", "Longer than maximum length 32."),
    ({"benefits_required": ["video"] * 33}, "benefits_required", "Longer than maximum length 32."),
    ({"benefits_required": ["Video"]}, "benefits_required[0]", f"'Video' {NOT_TAG}: write 'video'"),
    ({"exchange_rates": {code: 1 for code in ("AAA", "BBB", "CCC", "DDD", "EEE", "FFF", "GGG", "HHH", "III", "JJJ",
                                              "KKK", "LLL", "MMM", "NNN", "OOO", "PPP", "QQQ")}},
     "exchange_rates", "At most 16 entries."),
    ({"exchange_rates": {"USD": 10_001}}, "exchange_rates.USD", RANGE.format("0.000001", 10_000)),
    ({"benefit_values": {f"b{i}": 1 for i in range(33)}}, "benefit_values", "At most 32 entries."),
    ({"benefit_values": {"video": 100_001}}, "benefit_values.video", RANGE.format(0, 100_000)),
    ({"benefit_values": {"video": 0.001}}, "benefit_values.video", "a whole number of fen (at most 2 decimals) is "
                                                                   "needed"),
])
def test_a_field_out_of_its_range_is_a_422_at_its_path_saying_the_range(client: FlaskClient, body: dict[str, Any],
                                                                         path: str, reason: str) -> None:
    """One bad field: the one error, at its dotted path, in the words of the wire schema's own check (the bounds
    are ``profile.py``'s: MAX_COUNT 1,000,000, MAX_MBPS 100,000, MAX_DAYS 31, MAX_FEN 10^9, MAX_AGE 120, MAX_LINES
    10, MAX_MONTHS 24, MAX_RECORDS 200,000, MAX_HORIZON_MONTHS 120, MAX_BENEFIT_YUAN 100,000, rates 0.000001 to
    10,000; names and plan ids 64 characters, lists of tags 32, rates 16 currencies)."""
    response = client.post(URL, json=body)
    assert response.status_code == 422, response.get_json()
    assert [(e["location"], e["path"], e["reason"]) for e in response.get_json()["errors"]] == [
        ("body", path, reason)]


@pytest.mark.parametrize("body", [
    {"voice_minutes": 0, "sms": 1_000_000, "data_gb": 0},
    {"needs": {"roaming": {"zone": None, "days": None}, "uplink_days": None, "downlink_days": None}},
    {"needs": {"roaming": [{"zone": zone, "days": 1} for zone in ("hk-mo-tw", "asia", "europe", "americas")]}},
    {"needs": {"roaming": {"zone": "other", "days": 31}, "uplink_days": 1, "downlink_days": 31,
               "min_uplink_mbps": 100_000, "broadband_mbps": 0}},
    {"lines": [{"name": None, "needs": None}, {"name": "a" * 64}] + [{}] * 8},
    {"current": None},
    {"current": {"plan_id": None, "monthly_bill_fen": 0}},
    {"current": {"plan_id": "p" * 64, "monthly_bill_fen": None}},
    {"about": {"age": None, "region": None, "customer_of": None, "memberships": None, "groups": None}},
    {"about": {"age": 0, "memberships": ["m"] * 32, "groups": ["g"] * 32}},
    {"about": {"age": 120}},
    {"lines": None, "months": None, "records": None, "operators": None, "budget_fen": None, "as_of": None},
    {"months": [{}] * 24},
    {"records": [{"kind": "call", "date": "2025-01-01", "duration_s": 0}, {"kind": "data", "date": "2025-01-02",
                 "mb": 1_024_000_000}, {"kind": "sms", "date": "2025-01-03"}]},
    {"budget_fen": 0, "horizon_months": 1, "objective": "total", "eligibility": "strict"},
    {"budget_fen": 10**9, "horizon_months": 120, "objective": "worst_month", "eligibility": "lenient"},
    {"benefits": ["b" * 63] * 32, "benefits_required": ["video"] * 32},
    {"exchange_rates": {f"A{chr(65 + i)}A": 10_000 for i in range(16)}},
    {"benefit_values": {f"b{i}": 100_000 for i in range(32)}},
    {"benefit_values": {"video": 0}},
])
def test_a_field_at_the_edge_of_its_range_or_null_where_it_may_be_is_taken(body: dict[str, Any]) -> None:
    """The other side of each bound above (0, the maximum itself, the longest name and list), every value of each
    ``one of``, and null where the profile allows it: the wire schema takes them as given."""
    loaded = ProfileSchema().load(body)
    assert set(loaded) == set(body)
    assert {key for key, value in body.items() if value is None} == {key for key, value in loaded.items()
                                                                    if value is None}


def test_the_options_default_to_five_plans_any_operator_the_auto_engine() -> None:
    """No query: top_k 5 (docs/api.md), per_operator and detail unset, engine auto; the bounds of top_k and
    per_operator are 1 and MAX_TOP_K, 50; ``detail`` is ``months`` or nothing."""
    options = RecommendOptionsSchema()
    assert options.load({}) == {"top_k": 5, "per_operator": None, "engine": "auto", "detail": None}
    assert options.load({"top_k": "1", "per_operator": "50", "detail": "months"}) == {
        "top_k": 1, "per_operator": 50, "engine": "auto", "detail": "months"}
    for query, path in (({"top_k": "51"}, "top_k"), ({"per_operator": "0"}, "per_operator"),
                        ({"detail": "weeks"}, "detail")):
        with pytest.raises(ma.ValidationError) as refused:
            options.load(query)
        assert list(refused.value.messages) == [path]


def test_json_booleans_are_taken_as_the_booleans_they_are() -> None:
    """``true`` and ``false`` (the only booleans the wire takes) load as ``True`` and ``False`` themselves, not a
    number equal to them."""
    loaded = ProfileSchema().load({"allow_throttling": True, "needs": {"satellite": True, "broadband": False}})
    assert json.dumps(loaded, sort_keys=True) == (
        '{"allow_throttling": true, "needs": {"broadband": false, "satellite": true}}')


ONE_WAY = "give usage one way: data_gb/voice_minutes/sms, months, or records (got {})"
SMS = {"kind": "sms", "date": "2025-01-01"}


@pytest.mark.parametrize(("query", "body", "errors"), [
    # a household gives its usage in lines only: each other way given is named, in HOUSEHOLD_EXCLUDES' order
    ("", {"lines": [{}], "data_gb": 1}, [("lines", "give usage one way: lines, or data_gb")]),
    ("", {"lines": [{}], "sms": 0, "months": [{}]}, [("lines", "give usage one way: lines, or sms, months")]),
    ("", {"lines": [{}], "app_share": {"video": 1}}, [("lines", "give usage one way: lines, or app_share")]),
    ("", {"lines": [{}], "records": [SMS]}, [("lines", "give usage one way: lines, or records")]),
    # a history and records, or a history beside a month's totals: at the last way given
    ("", {"months": [{}], "records": [SMS]}, [("records", ONE_WAY.format("months, records"))]),
    ("", {"months": [{}], "data_gb": 5}, [("months", ONE_WAY.format("data_gb, months"))]),
    ("", {"records": [SMS], "sms": 3}, [("records", ONE_WAY.format("sms, records"))]),
    # the app share: of one month at most its data_gb (none given: 0), of a line its own, of a history its largest
    ("", {"data_gb": 5, "app_share": {"video": 3, "music": 3}}, [("app_share", "app_share adds up to more than "
                                                                                "data_gb (5)")]),
    ("", {"app_share": {"video": 1}}, [("app_share", "app_share adds up to more than data_gb (0)")]),
    ("", {"lines": [{"data_gb": 2, "app_share": {"video": 3}}]}, [("lines[0].app_share", "app_share adds up to "
                                                                                          "more than data_gb (2)")]),
    ("", {"months": [{"data_gb": 3}, {"data_gb": 5}], "app_share": {"video": 6}},
     [("app_share", "app_share adds up to more than the largest month's data_gb (5)")]),
    ("", {"months": [{}], "app_share": {"video": 1}},
     [("app_share", "app_share adds up to more than the largest month's data_gb (0)")]),
    ("", {"months": [{}, {"data_gb": 3}], "app_share": {"video": 4}},  # a month without data_gb: 0 GB
     [("app_share", "app_share adds up to more than the largest month's data_gb (3)")]),
    # trips: one (an object) or a list of at most 8, each an object, each trip's errors at its index
    ("", {"needs": {"roaming": "x"}}, [("needs.roaming", "a trip (an object) or a list of trips is needed")]),
    ("", {"months": [{"roaming": 5}]}, [("months[0].roaming", "a trip (an object) or a list of trips is needed")]),
    ("", {"needs": {"roaming": [{}] * 9}}, [("needs.roaming", "at most 8 trips")]),
    ("", {"needs": {"roaming": [{}, 5]}}, [("needs.roaming[1]", "a trip is an object")]),
    ("", {"needs": {"roaming": [{"zone": "x"}, {}, {"days": 0}]}},
     [("needs.roaming[0].zone", "Must be one of: hk-mo-tw, asia, europe, americas, other."),
      ("needs.roaming[2].days", RANGE.format(1, 31))]),
    ("", {"needs": {"roaming": {"zzz": 1}}}, [("needs.roaming.zzz", "Unknown field.")]),
    # each JSON type as the field's own
    ("", {"exchange_rates": {"USD": "7"}}, [("exchange_rates.USD", "Not a valid number.")]),
    ("", {"exchange_rates": {"usd": 7}}, [("exchange_rates.usd", f"'usd' {NOT_CURRENCY}: write 'USD'")]),
    ("", {"as_of": "20250101"}, [("as_of", "Not a valid date: use YYYY-MM-DD.")]),
    ("", {"as_of": 20250101}, [("as_of", "Not a valid date: use YYYY-MM-DD.")]),
    ("", {"as_of": "2025-02-30"}, [("as_of", "Not a valid date.")]),
    ("", {"data_gb": "5"}, [("data_gb", "Not a valid number.")]),
    ("", {"data_gb": True}, [("data_gb", "Not a valid number.")]),
    ("", {"sms": 5.0}, [("sms", "Not a valid integer.")]),
    ("", {"sms": False}, [("sms", "Not a valid integer.")]),
    ("", {"needs": {"satellite": 1}}, [("needs.satellite", "Not a valid boolean: use true or false.")]),
    ("", {"needs": {"broadband": "true"}}, [("needs.broadband", "Not a valid boolean: use true or false.")]),
    ("", {"zzz": 1, "needs": {"zzz": 1}}, [("needs.zzz", "Unknown field."), ("zzz", "Unknown field.")]),
])
def test_usage_one_way_the_app_share_the_trips_and_the_json_types_are_said_at_their_path(
        client: FlaskClient, query: str, body: dict[str, Any], errors: list[tuple[str, str]]) -> None:
    response = client.post(URL + query, json=body)
    assert response.status_code == 422, response.get_json()
    assert [(e["location"], e["path"], e["reason"]) for e in response.get_json()["errors"]] == [
        ("body", path, reason) for path, reason in errors]


@pytest.mark.parametrize(("query", "path", "reason"), [
    ("top_k=1_0", "top_k", "Not a valid integer."),
    ("top_k=0", "top_k", RANGE.format(1, 50)),
    ("top_k=51", "top_k", RANGE.format(1, 50)),
    ("per_operator=51", "per_operator", RANGE.format(1, 50)),
    ("engine=fast", "engine", "Must be one of: auto, cp-sat, enumerate."),
    ("detail=weeks", "detail", "Must be one of: months."),
])
def test_an_option_out_of_its_range_is_a_422_in_the_query(client: FlaskClient, query: str, path: str,
                                                          reason: str) -> None:
    response = client.post(f"{URL}?{query}", json={})
    assert response.status_code == 422, response.get_json()
    assert [(e["location"], e["path"], e["reason"]) for e in response.get_json()["errors"]] == [
        ("query", path, reason)]


@pytest.mark.parametrize("body", [
    {"data_gb": 5, "app_share": {"video": 3, "music": 2}},  # 3 + 2 = 5: all of it, not more
    {"lines": [{"data_gb": 2, "app_share": {"video": 2}}]},
    {"months": [{"data_gb": 3}, {"data_gb": 5}], "app_share": {"video": 5}},  # at most the largest month's
    {"records": [SMS], "app_share": {"video": 100}},  # records: each month's share is checked when priced
    {"months": [{}], "data_gb": 0, "voice_minutes": 0, "sms": 0},  # zero totals beside a history say no usage
    {"needs": {"roaming": [{}] * 8}},
    {"needs": {"roaming": {}}},
])
def test_usage_the_app_share_and_trips_within_their_bounds_are_taken(body: dict[str, Any]) -> None:
    loaded = ProfileSchema().load(body)
    assert set(loaded) == set(body)


def test_a_number_too_large_for_a_float_is_not_a_valid_number(client: FlaskClient) -> None:
    """``1e400`` is valid JSON and reads as an infinite float: the wire says 'Not a valid number.', not that it is out
    of range (it is no number a profile can hold)."""
    for raw, path in ((b'{"data_gb": 1e400}', "data_gb"),
                      (b'{"exchange_rates": {"USD": -1e400}}', "exchange_rates.USD")):
        response = client.post(URL, data=raw, content_type="application/json")
        assert response.status_code == 422, response.get_json()
        assert [(e["location"], e["path"], e["reason"]) for e in response.get_json()["errors"]] == [
            ("body", path, "Not a valid number.")]


def test_an_integer_too_large_for_a_float_is_out_of_range_not_a_crash(client: FlaskClient) -> None:
    """A JSON integer of 310 digits (10^309, beyond a float's 1.8 × 10^308) for a GB figure is out of its range, said
    as any other (``math.isfinite`` of it would overflow: it is only asked of a float)."""
    response = client.post(URL, data=b'{"data_gb": 1' + b"0" * 309 + b"}", content_type="application/json")
    assert response.status_code == 422, response.get_json()
    assert [(e["location"], e["path"], e["reason"]) for e in response.get_json()["errors"]] == [
        ("body", "data_gb", COUNT)]


@pytest.mark.parametrize(("body", "errors"), [
    ({"exchange_rates": 5}, [("exchange_rates", "Not a valid mapping type.")]),
    ({"benefit_values": []}, [("benefit_values", "Not a valid mapping type.")]),
    # an entry whose key and value are both wrong: both said, at the entry (not at .key and .value)
    ({"exchange_rates": {"usd": "x"}}, [("exchange_rates.usd", f"'usd' {NOT_CURRENCY}: write 'USD'"),
                                        ("exchange_rates.usd", "Not a valid number.")]),
    ({"benefit_values": {"Video": -1}}, [("benefit_values.Video", f"'Video' {NOT_TAG}: write 'video'"),
                                         ("benefit_values.Video", RANGE.format(0, 100_000))]),
])
def test_an_object_of_entries_says_each_wrong_entry_at_the_entry(client: FlaskClient, body: dict[str, Any],
                                                                 errors: list[tuple[str, str]]) -> None:
    response = client.post(URL, json=body)
    assert response.status_code == 422, response.get_json()
    assert [(e["location"], e["path"], e["reason"]) for e in response.get_json()["errors"]] == [
        ("body", path, reason) for path, reason in errors]


def test_a_date_loads_as_that_date() -> None:
    assert ProfileSchema().load({"as_of": "2025-01-31"}) == {"as_of": date(2025, 1, 31)}
    assert ProfileSchema().load({"records": [SMS]})["records"] == [{"kind": "sms", "date": date(2025, 1, 1)}]


def _enum(schemas: dict[str, Any], name: str, field: str) -> list[str]:
    return list(schemas[name]["properties"][field]["enum"])


def test_the_documents_enums_are_the_values_the_service_sends(client: FlaskClient) -> None:
    """Each ``enum`` of the document, in order, is the domain's own list of the values (its ``Literal``) where it
    has one, else the values docs/api.md lists (an answer's ``status``, ``savings.code``) or the reload's two
    outcomes: none left out, so a client generated from the document takes every answer."""
    schemas = client.get("/api/openapi.json").get_json()["components"]["schemas"]
    assert _enum(schemas, "Condition", "status") == list(get_args(Status)) == ["met", "not_met", "unknown", "kept"]
    assert _enum(schemas, "Answer", "eligibility") == ["strict", "lenient"]
    assert _enum(schemas, "Profile", "eligibility") == ["strict", "lenient"]
    assert _enum(schemas, "Answer", "status") == ["optimal", "feasible", "infeasible", "unknown"]
    assert _enum(schemas, "Savings", "code") == ["current_plan", "holders_only", "saves", "same_price", "dearer"]
    assert _enum(schemas, "Reload", "outcome") == ["reloaded", "unchanged"]
    billing = Billing.model_fields
    assert _enum(schemas, "Billing", "voice") == list(get_args(billing["voice"].annotation))
    assert _enum(schemas, "Billing", "data_rounding") == list(get_args(billing["data_rounding"].annotation))
    customers = Eligibility.model_fields["customers"].annotation
    assert _enum(schemas, "Eligibility", "customers") == list(get_args(customers))
    assert _enum(schemas, "Pack", "billing") == list(get_args(PackSpec.model_fields["billing"].annotation))
    assert len(_enum(schemas, "Billing", "voice")) == 3 and len(_enum(schemas, "Pack", "billing")) == 3


def test_the_document_says_what_each_object_of_entries_holds(client: FlaskClient) -> None:
    """The objects keyed by a meter say what each entry is: a pool's use (``PoolUse``) or a whole number; a figure's
    value is a decimal string ("21.9") or "unlimited" (found by the integrator test: documented as a decimal)."""
    schemas = client.get("/api/openapi.json").get_json()["components"]["schemas"]
    assert schemas["Household"]["properties"]["shared_pool_use"]["additionalProperties"] == {
        "$ref": "#/components/schemas/PoolUse"}
    for name, field in (("Recommendation", "headroom"), ("MonthAnswer", "billed")):
        assert schemas[name]["properties"][field]["additionalProperties"] == {"type": "integer"}, name
    assert schemas["Figure"]["properties"]["value"] == {  # (no "format: decimal": an allowance may be "unlimited")
        "type": "string", "example": "21.9",
        "description": 'a decimal figure as a JSON string ("21.9"), or "unlimited" for an allowance without limit '
                       '(data, calls, texts)'}


def test_the_service_documents_are_required_and_nullable_as_they_are_sent(admin_app: Flask, plans_copy: Path,
                                                                          tmp_path: Path) -> None:
    """/healthz, /readyz (ready and degraded, in one process and with a shared catalogue as under gunicorn, which
    adds the generations and the versions served), the reload's answers (unchanged, reloaded, and the first
    catalogue of a server started on a broken file: no previous version) and error bodies (a field's 422, a 404, a
    rejected reload's problems, which alone carry ``code`` and ``params``) hold to their documents as the answer
    does."""
    client = admin_app.test_client()
    auth = {"Authorization": f"Bearer {TOKEN}"}
    sent: list[tuple[ma.Schema, Any]] = []

    def ready() -> None:
        sent.append((ReadySchema(), client.get("/readyz").get_json()))

    sent.append((HealthSchema(), client.get("/healthz").get_json()))
    ready()
    sent.append((ReloadSchema(), client.post("/api/v1/admin/reload", headers=auth).get_json()))
    sent.append((ErrorSchema(), client.post(URL, json={"sms": -1}).get_json()))
    sent.append((ErrorSchema(), client.get("/api/v1/plans/no-such-plan").get_json()))
    file = plans_copy / "china-mobile.yaml"
    good = file.read_text(encoding="utf-8")
    file.write_text(good.replace("monthly_fee: {value: 199,", "monthly_fee: {value: -199,", 1), encoding="utf-8")
    rejected = client.post("/api/v1/admin/reload", headers=auth)
    assert rejected.status_code == 422
    sent.append((ErrorSchema(), rejected.get_json()))
    ready()
    admin_app.extensions["recommender.store"].shared = SharedCatalogue(tmp_path)
    ready()
    file.write_text(good.replace("monthly_fee: {value: 199,", "monthly_fee: {value: 189,", 1), encoding="utf-8")
    admin_app.extensions["recommender.store"].shared = None
    sent.append((ReloadSchema(), client.post("/api/v1/admin/reload", headers=auth).get_json()))
    ready()
    # a server started on a broken file serves nothing (its /readyz a 503 with the problems); fixed, its reload has
    # no previous version
    file.write_text(good.replace("monthly_fee: {value: 199,", "monthly_fee: {value: -199,", 1), encoding="utf-8")
    empty = create_app({**admin_app.config, "RECOMMENDER_PLANS": str(plans_copy)}).test_client()
    unready = empty.get("/readyz")
    assert unready.status_code == 503
    sent.append((ErrorSchema(), unready.get_json()))
    file.write_text(good, encoding="utf-8")
    sent.append((ReloadSchema(), empty.post("/api/v1/admin/reload", headers=auth).get_json()))
    seen: Seen = defaultdict(lambda: {"objects": 0, "sent": 0, "null": 0})
    undocumented: list[str] = []
    declared: dict[tuple[str, str], fields.Field] = {}
    for schema, doc in sent:
        _walk(schema, doc, seen, undocumented)
        _declared(schema, declared)
    assert undocumented == []
    assert [(doc["outcome"], doc["previous_version"] is None) for schema, doc in sent
            if isinstance(schema, ReloadSchema)] == [("unchanged", False), ("reloaded", False), ("reloaded", True)]
    wrong = _contract(seen, declared)
    assert wrong == []  # (/readyz's last_reload_error_codes, sent by every answer, was documented optional: fec50e9)


def test_the_uploads_profile_part_is_at_most_16_kib_and_its_csv_part_is_required(client: FlaskClient) -> None:
    """The upload's ``profile`` text is at most 16,384 characters: ``{}`` and 16,382 spaces (16,384) is read, one
    space more is a 422 at the form's ``profile``; without the ``records`` file the 422 is at ``files``/``records``."""
    csv = b"kind,date\nsms,2025-01-01\n"
    for size, status, errors in ((16_384, 200, None),
                                 (16_385, 422, [("form", "profile", "Longer than maximum length 16384.")])):
        response = client.post(f"{URL}/usage?top_k=1", content_type="multipart/form-data",
                               data={"records": (io.BytesIO(csv), "u.csv"), "profile": "{}" + " " * (size - 2)})
        assert response.status_code == status, response.get_json()
        if errors is not None:
            assert [(e["location"], e["path"], e["reason"]) for e in response.get_json()["errors"]] == errors
    missing = client.post(f"{URL}/usage", content_type="multipart/form-data", data={"profile": "{}"})
    assert missing.status_code == 422
    assert [(e["location"], e["path"], e["reason"]) for e in missing.get_json()["errors"]] == [
        ("files", "records", "Missing data for required field.")]
