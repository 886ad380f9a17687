"""The catalogue as served: plans and packs with provenance, operators, ETag/304, version header."""

import shutil
from pathlib import Path

from click.testing import CliRunner
from flask.testing import FlaskClient

from recommender.api.schemas import OperatorListSchema, PackListSchema, PackSchema, PlanListSchema, PlanSchema
from recommender.app import create_app
from recommender.catalogue import DEFAULT_PLANS, load_catalogue
from recommender.catalogue.spec import PackSpec, PlanSpec
from recommender.cli import main


def test_plans_with_provenance_as_decimal_strings(client: FlaskClient) -> None:
    catalogue = load_catalogue(DEFAULT_PLANS)
    response = client.get("/api/v1/plans")
    assert response.status_code == 200
    body = PlanListSchema().load(response.get_json())
    assert body["catalogue_version"] == catalogue.version == response.headers["X-Catalogue-Version"]
    assert [p["id"] for p in body["plans"]] == [p.id for p in catalogue.plans]
    first = body["plans"][0]
    assert first["operator"] == "china-mobile"
    assert first["monthly_fee"] == {"value": "199", "source": "seed:cm-tiers", "note": None}
    assert "200 Mbps" in first["uplink_mbps"]["note"]
    assert set(first) - {"operator", "benefits_source", "benefits_note"} == set(PlanSpec.model_fields)
    assert first["benefits"] == ["memberships", "gold-card", "priority-service", "travel-lounge"]  # (ids, as ever)
    assert first["benefits_source"].startswith("assumption: ") and "seed:cm-privileges" in first["benefits_source"]


def test_one_plan_and_one_pack(client: FlaskClient) -> None:
    plan = client.get("/api/v1/plans/cm-5ga-399")
    assert plan.status_code == 200
    assert PlanSchema().load(plan.get_json())["roaming"]["data_gb"]["value"] == "20"
    packs = PackListSchema().load(client.get("/api/v1/packs").get_json())["packs"]
    assert packs and set(packs[0]) - {"operator", "benefits_source", "benefits_note", "per_line_source",
                                      "per_line_note"} == set(PackSpec.model_fields)
    pack = client.get(f"/api/v1/packs/{packs[0]['id']}")
    assert pack.status_code == 200
    assert PackSchema().load(pack.get_json()) == packs[0]
    by_id = {p["id"]: p for p in packs}  # per_line a Boolean with its source beside it, as benefits are
    assert by_id["cm-scene-live"]["per_line"] is True
    assert by_id["cm-scene-live"]["per_line_source"].startswith("assumption: ")
    assert (by_id["cu-5ga-data-219"]["per_line"], by_id["cu-5ga-data-219"]["per_line_source"]) == (False, None)


def test_operators(client: FlaskClient) -> None:
    body = OperatorListSchema().load(client.get("/api/v1/operators").get_json())
    assert [o["id"] for o in body["operators"]] == ["china-mobile", "china-telecom", "china-unicom",
                                                    "t-mobile-us", "verizon"]
    assert "cm-5ga-199" in body["operators"][0]["plans"]
    assert [o["currency"] for o in body["operators"]] == ["CNY", "CNY", "CNY", "USD", "USD"]


TMF620 = "/tmf-api/productCatalogManagement/v4"
CONDITIONAL = ("/api/v1/plans", "/api/v1/plans/cm-5ga-199", "/api/v1/packs", "/api/v1/operators",
               f"{TMF620}/productOffering", f"{TMF620}/productOffering?offset=2&limit=3",
               f"{TMF620}/productOffering/cm-5ga-199", f"{TMF620}/productOfferingPrice",
               f"{TMF620}/productOfferingPrice/cm-5ga-199-fee")
"""The catalogue's documents, conditional on its version (TMF620's too: an operator's system polling the offerings
had no ETag to ask "changed?" with; each poll downloaded every offering again)."""


def test_etag_is_the_catalogue_version_and_if_none_match_gives_304(client: FlaskClient) -> None:
    version = load_catalogue(DEFAULT_PLANS).version
    for url in CONDITIONAL:
        response = client.get(url)
        assert response.headers["ETag"] == f'"{version}"'
        again = client.get(url, headers={"If-None-Match": response.headers["ETag"]})
        assert again.status_code == 304
        assert again.get_data() == b""
        assert again.headers["X-Catalogue-Version"] == version
        assert client.get(url, headers={"If-None-Match": '"other"'}).status_code == 200


def test_a_failed_if_match_is_a_412_in_the_error_shape(client: FlaskClient) -> None:
    """Found by QA: werkzeug's 412 for an If-Match naming another version carried the whole document."""
    for url in CONDITIONAL:
        response = client.get(url, headers={"If-Match": '"other"'})
        assert response.status_code == 412
        body = response.get_json()
        assert set(body) == {"code", "status", "message", "errors"} and body["code"] == 412
        assert response.headers["ETag"] == client.get(url).headers["ETag"]
        assert client.get(url, headers={"If-Match": response.headers["ETag"]}).status_code == 200
        assert client.get(url, headers={"If-Match": "*"}).status_code == 200  # (any version: review, it was a 412)
        weak = client.get(url, headers={"If-Match": "W/" + response.headers["ETag"]})  # (never a strong match)
        assert weak.status_code == 412 and weak.get_json()["errors"][0]["reason"] == \
            "a weak tag (W/) never matches If-Match"
        both = client.get(url, headers={"If-Match": "*", "If-None-Match": response.headers["ETag"]})
        assert both.status_code == 304
    document = client.get("/api/openapi.json").get_json()
    declared = [op["responses"]["412"] for path in document["paths"].values() for op in path.values()
                if isinstance(op, dict) and "412" in op.get("responses", {})]
    assert len(declared) == 9 and all("ETag" in r.get("headers", {}) for r in declared)  # (review: undeclared)


def test_every_response_names_the_catalogue_version(client: FlaskClient) -> None:
    version = load_catalogue(DEFAULT_PLANS).version
    for response in (client.get("/healthz"), client.get("/readyz"), client.get("/nope"),
                     client.post("/api/v1/recommendations", json={"sms": -1})):
        assert response.headers["X-Catalogue-Version"] == version


def test_an_operator_split_over_files_is_one_operator_everywhere(tmp_path: Path) -> None:
    """An operator whose offers are in several files (tests/unit/catalogue/test_load.py) is one operator in
    ``/api/v1/operators`` with every file's plans and packs, and in TMF620, whose export imports back to the same
    answers."""
    from tests.unit.catalogue.test_load import _PACKS_ONLY, _PROVINCE

    plans = tmp_path / "plans"
    shutil.copytree(DEFAULT_PLANS, plans)
    (plans / "cm-beijing.yaml").write_text(_PROVINCE, encoding="utf-8")
    (plans / "cu-hebei.yaml").write_text(  # (a file of packs only)
        _PACKS_ONLY.replace("requires_plans: [p1]", "requires_plans: [cu-5ga-cloud]"), encoding="utf-8")
    client = create_app({"TESTING": True, "RECOMMENDER_PLANS": str(plans),
                         "RECOMMENDER_WATCH_INTERVAL_S": 0}).test_client()
    body = OperatorListSchema().load(client.get("/api/v1/operators").get_json())
    assert [o["id"] for o in body["operators"]] == ["china-mobile", "china-telecom", "china-unicom",
                                                    "t-mobile-us", "verizon"]
    mobile, unicom = body["operators"][0], body["operators"][2]
    assert mobile["plans"][-1] == "cm-bj-99" and mobile["packs"][-1] == "cm-bj-gb" and "cm-5ga-199" in mobile["plans"]
    assert unicom["packs"][-1] == "k-hebei" and "cu-5ga-cloud" in unicom["plans"]
    runner = CliRunner()
    exported = runner.invoke(main, ["export", "tmf620", "--plans", str(plans), "--out", str(tmp_path / "tmf")])
    imported = runner.invoke(main, ["import", "tmf620", str(tmp_path / "tmf"), "--out", str(tmp_path / "back")])
    assert exported.exit_code == imported.exit_code == 0, exported.output + imported.output
    split, merged = load_catalogue(plans), load_catalogue(tmp_path / "back")  # (one file per operator)
    assert len(merged.specs) == len(split.specs) - 2 and merged.operators == split.operators
    assert sorted(merged.plans, key=str) == sorted(split.plans, key=str)
    assert sorted(merged.packs, key=str) == sorted(split.packs, key=str)
