"""Property-based: every operation in the OpenAPI document, positive and negative data, every check
schemathesis has (``--checks all``: no 5xx, status codes, content types, response schemas, headers,
data acceptance/rejection, ignored auth, unsupported methods, ...), every 4xx in the one error shape,
and the stateful phase (links between operations: a TMF680 result created, then read by its id).

``FUZZ_EXAMPLES`` sets the examples per operation (50 by default, CI) and ``FUZZ_STATEFUL`` the
stateful scenarios (default: FUZZ_EXAMPLES); the long profile is
``FUZZ_EXAMPLES=300 python -m pytest tests/integration/api/test_schemathesis.py -p no:randomly -s`` (it prints the
figures).
"""

import atexit
import os
from collections import Counter
from typing import Any, cast

import schemathesis
from hypothesis import HealthCheck, assume, settings
from schemathesis.checks import CHECKS, CheckFunction, load_all_checks

from recommender.api.schemas import LineUsageSchema, NeedsSchema, RoamingNeedSchema
from recommender.app import create_app
from recommender.catalogue import DEFAULT_PLANS
from recommender.profile import MAX_TRIPS, RECORD_FIGURE

ADMIN_TOKEN = "fuzz-admin-token"
app = create_app({"TESTING": True, "RECOMMENDER_PLANS": str(DEFAULT_PLANS), "RECOMMENDER_WATCH_INTERVAL_S": 0,
                  "RECOMMENDER_TIME_LIMIT_S": 2, "RECOMMENDER_ADMIN_TOKEN": ADMIN_TOKEN})
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
_accepting = schema.config.checks.positive_data_acceptance
_accepting.expected_statuses = [*_accepting.expected_statuses, "304", "412"]
"""A schema-valid ``If-Match`` that is not the catalogue version fails its precondition (412, documented), and an
``If-None-Match`` of ``*`` or of the version is answered 304 (documented): the document cannot say which string the
version is (a new list: the default one is schemathesis's own; 304 found by the API QA's run with every phase, where
``*`` was drawn and counted as a valid request rejected)."""
load_all_checks()
ALL_CHECKS = cast(list[CheckFunction], CHECKS.get_all())  # (functions all: no check class is registered)
"""``--checks all``: every check schemathesis registers (stateful ones act in the stateful phase)."""
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "50"))
STATEFUL = int(os.environ.get("FUZZ_STATEFUL", str(EXAMPLES)))
KNOWN_PLAN = "cm-5ga-199"
ERROR_KEYS = {"code", "status", "message", "errors"}
TRIED: Counter[str] = Counter()
STATUSES: Counter[int] = Counter()
STEPS: Counter[str] = Counter()


def _report() -> None:
    if EXAMPLES > 50 and TRIED:
        print(f"\nFUZZ cases={sum(TRIED.values())} operations={len(TRIED)} statuses={dict(sorted(STATUSES.items()))}")
        for label, count in sorted(TRIED.items()):
            print(f"FUZZ {label}: {count}")
    if STATEFUL > 50 and STEPS:
        print(f"FUZZ stateful steps={sum(STEPS.values())}: {dict(sorted(STEPS.items()))}")


atexit.register(_report)
KNOWN_USD_PLAN = "vz-unlimited-ultimate"


def _headers(case: schemathesis.Case) -> dict[str, str] | None:
    """The admin token (the ignored-auth check sends the same request without it, and wants a 401)."""
    return {"Authorization": f"Bearer {ADMIN_TOKEN}"} if case.path.endswith("/admin/reload") else None


def _adapt(case: schemathesis.Case) -> None:
    """What the document cannot say: a current plan id must exist in the served catalogue (the document
    says an unknown one is a 422, but it cannot list the ids: the catalogue is reloaded while serving);
    and the exhaustive engine is slow (about 1.5 s), so it runs in the unit tests only."""
    body = case.body
    current = body.get("current") if isinstance(body, dict) else None
    if isinstance(body, dict) and isinstance(current, dict):
        plan_id = current.get("plan_id")
        if isinstance(plan_id, str) and len(plan_id) <= 64:
            current["plan_id"] = KNOWN_PLAN
        positive = case.meta is not None and case.meta.generation.mode.is_positive
        if positive:
            # schemathesis' stateful phase does not always honour `additionalProperties: false` nor the
            # oneOf on `current` when it generates positive data (the parametrized phase does)
            for key in set(current) - {"plan_id", "monthly_bill_fen"}:
                del current[key]
        if positive and (current.get("plan_id") is None) == (current.get("monthly_bill_fen") is None):
            body["current"] = {"plan_id": KNOWN_PLAN}
    positive = case.meta is not None and case.meta.generation.mode.is_positive
    if isinstance(case.query, dict) and case.query.get("engine") == "enumerate":
        case.query["engine"] = "auto"
    if positive:  # a negative case must stay negative: only valid data is adapted
        _adapt_tmf680(body)
        _app_share_fits(body)
        _records_within_a_history(body)
        _known_fields(body)
        _trips_within_the_limit(body)
        _days_with_their_speed(body)
        if isinstance(body, dict) and "productCharacteristic" not in body:
            _known_market(body)
        usd_current = body.get("current") if isinstance(body, dict) and body.get("currency") == "USD" else None
        if isinstance(usd_current, dict) and usd_current.get("plan_id") is not None:
            usd_current["plan_id"] = KNOWN_USD_PLAN  # a current plan is priced in the ranking's currency
        if case.path.endswith("/recommendations/usage") and isinstance(body, dict):
            # The CSV's content, and the profile field's JSON, are beyond what the document can say.
            form = cast(dict[str, object], body)  # (a multipart form's values: a file's may be bytes)
            form["records"] = b"kind,date,duration_s,mb\ncall,2025-01-02,61,\ndata,2025-01-03,,12.5\n"
            body.pop("profile", None)


def _app_share_fits(body: object) -> None:
    """An app share adds up to at most the data it splits (a sum OpenAPI cannot state): one that does
    not is dropped, at the top and in each line."""
    if not isinstance(body, dict):
        return
    for part in [body, *(line for line in body.get("lines") or () if isinstance(line, dict))]:
        share, data = part.get("app_share"), part.get("data_gb", 0)
        if isinstance(share, dict) and all(isinstance(v, int | float) for v in share.values()) \
                and isinstance(data, int | float) and sum(share.values()) > data:
            del part["app_share"]


def _records_within_a_history(body: object) -> None:
    """Records' dates span at most 24 calendar months (a rule across items that OpenAPI cannot state):
    each date is moved into 2025, keeping its month and, up to the 28th, its day.  A call gives its seconds, a data
    session its MB (OpenAPI 3.0 has no if/then to state it): one drawn without is given 0."""
    records = body.get("records") if isinstance(body, dict) else None
    for record in records if isinstance(records, list) else ():
        date = record.get("date") if isinstance(record, dict) else None
        if isinstance(date, str) and len(date) == 10 and date[4] == "-":
            record["date"] = f"2025-{date[5:7]}-{min(int(date[8:10]), 28):02d}"
        figure = RECORD_FIGURE.get(str(record.get("kind"))) if isinstance(record, dict) else None
        if figure is not None and record.get(figure) is None:
            record[figure] = 0


def _trips(needs: object) -> int:
    trips = needs.get("roaming") if isinstance(needs, dict) else None
    return len(trips) if isinstance(trips, list) else int(isinstance(trips, dict))


def _at_most(needs: object, most: int) -> None:
    if isinstance(needs, dict) and _trips(needs) > most:
        trips = needs["roaming"]
        needs["roaming"] = trips[:max(most, 0)] if isinstance(trips, list) else []


def _trips_within_the_limit(body: object) -> None:
    """At most ``MAX_TRIPS`` trips in one month however they are given (a rule across fields OpenAPI cannot state):
    a month's own trips with every month's (``needs.roaming``), and the holder's line's with the household's, are
    cut to the limit (found in a full run: 2 every month and 8 in one month, a 422 the stateful phase counted as a
    valid request refused)."""
    if not isinstance(body, dict):
        return
    needs = body.get("needs")
    every = _trips(needs)
    lines = body.get("lines")
    holder = lines[0].get("needs") if isinstance(lines, list) and lines and isinstance(lines[0], dict) else None
    _at_most(holder, MAX_TRIPS - every)
    every += _trips(holder)
    for month in body.get("months") or ():
        _at_most(month, MAX_TRIPS - every)


SPEED_OF_DAYS = {"uplink_days": "min_uplink_mbps", "downlink_days": "min_downlink_mbps",
                 "uplinkDays": "minUplinkMbps", "downlinkDays": "minDownlinkMbps"}


def _days_with_their_speed(body: object) -> None:
    """Days of a speed need only with that speed above 0 (a rule across fields OpenAPI cannot state): days given
    without it are dropped, in the needs at the top, in each line's, and among TMF680's characteristics."""
    if not isinstance(body, dict):
        return
    lines = body.get("lines")
    for needs in [body.get("needs"), *(line.get("needs") for line in lines if isinstance(line, dict))] \
            if isinstance(lines, list) else [body.get("needs")]:
        if isinstance(needs, dict):
            for days in [d for d, speed in SPEED_OF_DAYS.items() if needs.get(d) is not None and not needs.get(speed)]:
                del needs[days]
    items = body.get("productCharacteristic")
    if isinstance(items, list):
        given = {i.get("name"): i.get("value") for i in items if isinstance(i, dict)}
        body["productCharacteristic"] = [i for i in items if not (
            isinstance(i, dict) and i.get("name") in SPEED_OF_DAYS and i.get("value") is not None
            and not given.get(SPEED_OF_DAYS[i["name"]]))]


def _strip(node: object, schema: type) -> None:
    if isinstance(node, dict):
        for key in set(node) - set(schema().fields):
            del node[key]


def _known_fields(body: object) -> None:
    """schemathesis' stateful phase does not always honour `additionalProperties: false` in nested objects
    (see `current` above): a positive case's lines and needs keep only their fields."""
    if not isinstance(body, dict):
        return
    needs = [body.get("needs")]
    for line in body.get("lines") or ():
        _strip(line, LineUsageSchema)
        if isinstance(line, dict):
            needs.append(line.get("needs"))
    for item in needs:
        _strip(item, NeedsSchema)
        trips = item.get("roaming") if isinstance(item, dict) else None
        for trip in trips if isinstance(trips, list) else [trips]:
            _strip(trip, RoamingNeedSchema)


OPERATORS = ("china-mobile", "china-telecom", "china-unicom")
BENEFITS = ("cloud-drive", "netflix", "video-ringback", "assured-uplink")


def _known(value: object, choices: tuple[str, ...]) -> object:
    """A catalogue id in place of a generated one (keeping its type, so a negative case stays negative)."""
    if isinstance(value, str):
        return choices[len(value) % len(choices)]
    if isinstance(value, list):
        return [_known(v, choices) for v in value]
    return value


def _known_market(body: dict[str, Any]) -> None:
    """Operators, currencies, regions, memberships and benefits exist only in the served catalogue (it is reloaded
    while serving, so the document cannot list them): generated ids are replaced by real ones."""
    for name in ("operators", "exclude_operators"):
        body[name] = _known(body.get(name), OPERATORS) if name in body else None
        if body[name] is None:
            del body[name]
    if isinstance(body.get("currency"), str):
        body["currency"] = _known(body["currency"], ("CNY", "USD"))
    if isinstance(body.get("exchange_rates"), dict):
        body["exchange_rates"] = {_known(k, ("CNY", "USD")): v for k, v in body["exchange_rates"].items()}
    if "benefits_required" in body:
        body["benefits_required"] = _known(body["benefits_required"], BENEFITS)
    if isinstance(body.get("benefit_values"), dict):  # (OpenAPI 3.0 cannot state a pattern for an object's keys)
        values = list(body["benefit_values"].values())
        body["benefit_values"] = {BENEFITS[i % len(BENEFITS)]: v for i, v in enumerate(values[:len(BENEFITS)])}
    about = body.get("about")
    if isinstance(about, dict):
        for name, choices in (("customer_of", OPERATORS), ("region", ("CN-BJ", "CN-SH", "CN-HE")),
                              ("memberships", ("gotone",))):
            if name in about:
                about[name] = _known(about[name], choices)


def _adapt_tmf680(body: object) -> None:
    """TMF680 characteristics: the same current-plan rule, and what OpenAPI 3.0 cannot say about an array
    (each name at most once; at most one of currentPlanId and currentMonthlyBillFen)."""
    items = body.get("productCharacteristic") if isinstance(body, dict) else None
    if not isinstance(body, dict) or not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        return
    seen: set[str] = set()
    kept = []
    for item in items:
        name = item.get("name")
        if name == "currentPlanId" and isinstance(item.get("value"), str) and len(item["value"]) <= 64:
            item["value"] = KNOWN_PLAN
        if not isinstance(name, str) or name not in seen:
            kept.append(item)
        if isinstance(name, str):
            seen.add(name)
    if "currentPlanId" in seen:
        kept = [i for i in kept if i.get("name") != "currentMonthlyBillFen"]
    names = {"operators": "operators", "excludeOperators": "exclude_operators", "currency": "currency",
             "exchangeRates": "exchange_rates", "benefitsRequired": "benefits_required",
             "benefitValues": "benefit_values"}
    about = {"customerOf": "customer_of", "region": "region", "memberships": "memberships"}
    for item in kept:
        name = item.get("name")
        if name in names:
            fields = {names[name]: item.get("value")}
            _known_market(fields)
            item["value"] = fields.get(names[name], item.get("value"))
        elif name in about:
            fields = {"about": {about[name]: item.get("value")}}
            _known_market(fields)
            item["value"] = fields["about"][about[name]]
    if "months" in seen:  # usage one way: a history, or one month
        kept = [i for i in kept if i.get("name") not in ("dataGB", "voiceMinutes", "sms")]
    if "lines" in seen:  # a household: usage per line only
        kept = [i for i in kept if i.get("name") not in ("dataGB", "voiceMinutes", "sms", "months", "appShare")]
    values = {i.get("name"): i.get("value") for i in kept}
    months = values.get("months")
    largest = values.get("dataGB", 0)
    if isinstance(months, list):
        largest = max((m.get("dataGB", 0) for m in months
                       if isinstance(m, dict) and isinstance(m.get("dataGB", 0), int | float)), default=0)
    for item in kept:  # an app share adds up to at most the data it splits (of a history: its largest month's)
        if item.get("name") == "appShare":
            fields = {"data_gb": largest, "app_share": item.get("value")}
            _app_share_fits(fields)
            if "app_share" not in fields:
                item["value"] = {}
        if item.get("name") == "lines" and isinstance(item.get("value"), list):
            for line in item["value"]:
                if isinstance(line, dict):
                    fields = {"data_gb": line.get("dataGB", 0), "app_share": line.get("appShare")}
                    _app_share_fits(fields)
                    if "app_share" not in fields:
                        line.pop("appShare", None)
    if any(i.get("name") == "currency" and i.get("value") == "USD" for i in kept):
        for item in kept:  # a current plan is priced in the ranking's currency
            if item.get("name") == "currentPlanId":
                item["value"] = KNOWN_USD_PLAN
    body["productCharacteristic"] = kept


def _assert_error_shape(response: schemathesis.Response) -> None:
    status = response.status_code
    STATUSES[status] += 1
    if not 400 <= status < 500:
        return
    body = response.json()
    assert set(body) == ERROR_KEYS, body
    assert body["code"] == status and isinstance(body["status"], str) and isinstance(body["message"], str)
    for item in body["errors"]:
        assert set(item) == {"location", "path", "reason"} and all(isinstance(v, str) for v in item.values()), item


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_openapi_document(case: schemathesis.Case) -> None:
    positive = case.meta is not None and case.meta.generation.mode.is_positive
    # Negative multipart cases can serialise back into valid forms (schemathesis cannot tell); the
    # upload's rejections are unit-tested in test_recommendations.py.
    assume(positive or not case.path.endswith("/recommendations/usage"))
    _adapt(case)
    TRIED[case.operation.label] += 1
    response = case.call_and_validate(headers=_headers(case), checks=ALL_CHECKS)
    _assert_error_shape(response)


class Workflow(schema.as_state_machine()):  # type: ignore[misc]  # a class the schema makes at run time
    """The stateful phase: sequences of calls following the document's links, every check after each."""

    def before_call(self, case: schemathesis.Case) -> None:
        _adapt(case)

    def get_call_kwargs(self, case: schemathesis.Case) -> dict[str, object]:
        headers = _headers(case)
        return {"headers": headers} if headers else {}

    def validate_response(self, response: schemathesis.Response, case: schemathesis.Case,
                          additional_checks: object = None, **kwargs: object) -> None:
        STEPS[f"{case.method.upper()} {case.path} {response.status_code}"] += 1
        case.validate_response(response, checks=ALL_CHECKS, transport_kwargs=kwargs)
        _assert_error_shape(response)


def test_stateful_sequences_conform() -> None:
    Workflow.run(settings=settings(max_examples=STATEFUL, stateful_step_count=6, deadline=None,
                                   suppress_health_check=list(HealthCheck)))
    assert STEPS  # scenarios ran (which links they follow is random; tests/e2e/test_shared_results.py reads a
    # created result back by its id, on another app instance)


def test_an_adapted_tmf680_history_with_an_app_share_is_accepted() -> None:
    """The positive case schemathesis drew (FUZZ_EXAMPLES=200) that the adaptation let through as a 422: an app share
    beside a history is held to the largest month's data, as the API holds it (it was left unadapted)."""
    body = {"productCharacteristic": [{"name": "appShare", "value": {"social": 0.99999}},
                                      {"name": "months", "value": [{"dataGB": 0.0}, {"dataGB": 0.5}]}]}
    _adapt_tmf680(body)
    response = app.test_client().post("/tmf-api/recommendationManagement/v4/queryProductRecommendation", json=body)
    assert response.status_code == 201, response.get_json()
