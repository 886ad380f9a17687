"""TMF620: the export validates against the TM Forum required fields, and survives the round trip."""

import datetime
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient

from recommender.answer import recommend
from recommender.catalogue import DEFAULT_PLANS, load_catalogue, load_sources
from recommender.catalogue.spec import Eligibility
from recommender.cli import main
from recommender.profile import Profile
from recommender.tmf import tmf620
from tests.paths import ROOT

from .conftest import PROFILES, TMF620

SCHEMA = json.loads((Path(__file__).parent / "tmf620-minimal.schema.json").read_text(encoding="utf-8"))


def _validate(offerings: list[dict[str, Any]], prices: list[dict[str, Any]]) -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.validate({"productOffering": offerings, "productOfferingPrice": prices}, SCHEMA,
                        cls=jsonschema.Draft202012Validator)


def test_served_documents_validate_and_hang_together(client: FlaskClient) -> None:
    offerings_response = client.get(f"{TMF620}/productOffering")
    offerings, prices = offerings_response.get_json(), client.get(f"{TMF620}/productOfferingPrice").get_json()
    assert offerings_response.headers["X-Total-Count"] == str(len(offerings))
    _validate(offerings, prices)
    catalogue = load_catalogue(DEFAULT_PLANS)
    assert [o["id"] for o in offerings] == [p.id for f in catalogue.specs for p in f.plans + f.packs]
    price_ids = {p["id"] for p in prices}
    offering_ids = {o["id"] for o in offerings}
    for offering in offerings:
        assert {r["id"] for r in offering["productOfferingPrice"]} <= price_ids
        assert {r["id"] for r in offering["productOfferingRelationship"]} <= offering_ids
        assert client.get(offering["href"]).get_json() == offering
    for price in prices[:5]:
        assert client.get(price["href"]).get_json() == price
    assert client.get(f"{TMF620}/productOffering/nope").status_code == 404
    assert client.get(f"{TMF620}/productOfferingPrice/nope").get_json()["code"] == 404


def test_figures_prices_and_rules_are_where_documented(client: FlaskClient) -> None:
    def offering(i: str) -> Any:
        return client.get(f"{TMF620}/productOffering/{i}").get_json()

    def price(i: str) -> Any:
        return client.get(f"{TMF620}/productOfferingPrice/{i}").get_json()

    fee = price("cu-5g-59-fee")
    assert (fee["priceType"], fee["recurringChargePeriodType"], fee["price"]) == (
        "recurring", "month", {"unit": "CNY", "value": 59})
    assert fee["source"].startswith("assumption:") and fee["@baseType"] == "ProductOfferingPrice"
    overage = price("cu-5g-59-data-overage")
    assert (overage["priceType"], overage["unitOfMeasure"], overage["price"]["value"]) == (
        "usage", {"amount": 1, "units": "GB"}, 3)
    allowance = price("cu-5g-59-data-allowance")
    assert (allowance["price"]["value"], allowance["unitOfMeasure"]) == (0, {"amount": 20, "units": "GB"})
    packs = [o for o in client.get(f"{TMF620}/productOffering").get_json() if o["offeringKind"] == "addOnPack"]
    free = next(o for o in packs if any(r["relationshipType"] == "freeWith" for r in o["productOfferingRelationship"]))
    required = [r["id"] for r in free["productOfferingRelationship"] if r["relationshipType"] == "requires"]
    assert required and all(offering(i)["offeringKind"] == "basePlan" for i in required)
    assert any(r["relationshipType"] == "excludes" for o in packs for r in o["productOfferingRelationship"])


def _recommendations(plans: Path) -> list[dict[str, object]]:
    catalogue = load_catalogue(plans)
    out = []
    for profile_file in PROFILES:
        answer = recommend(catalogue, Profile.model_validate_json(profile_file.read_bytes())).document(catalogue)
        answer.pop("catalogue_version")
        out.append(answer)
    return out


def test_export_import_round_trip(tmp_path: Path, client: FlaskClient) -> None:
    runner = CliRunner()
    exported = runner.invoke(main, ["export", "tmf620", "--out", str(tmp_path / "export")])
    assert exported.exit_code == 0, exported.output
    offerings = json.loads((tmp_path / "export" / "productOffering.json").read_text(encoding="utf-8"))
    prices = json.loads((tmp_path / "export" / "productOfferingPrice.json").read_text(encoding="utf-8"))
    _validate(offerings, prices)
    assert offerings == client.get(f"{TMF620}/productOffering").get_json()
    assert prices == client.get(f"{TMF620}/productOfferingPrice").get_json()

    imported = runner.invoke(main, ["import", "tmf620", str(tmp_path / "export"), "--out", str(tmp_path / "plans")])
    assert imported.exit_code == 0, imported.output
    original, back = load_catalogue(DEFAULT_PLANS), load_catalogue(tmp_path / "plans")
    assert back.specs == original.specs  # every figure, provenance, note and rule
    assert (back.plans, back.packs) == (original.plans, original.packs)  # the compiled catalogue
    assert _recommendations(tmp_path / "plans") == _recommendations(DEFAULT_PLANS)

    again = runner.invoke(main, ["import", "tmf620", str(tmp_path / "export"), "--out", str(tmp_path / "plans")])
    assert again.exit_code != 0 and "--force" in again.output


def test_edge_rules_survive(tmp_path: Path) -> None:
    """A pack that fits no plan (``requires_plans: []``) differs from one that names none (any plan)."""
    catalogue = load_catalogue(DEFAULT_PLANS)
    spec = catalogue.specs[0]
    packs = (spec.packs[0].model_copy(update={"requires_plans": ()}), *spec.packs[1:])
    files = [spec.model_copy(update={"packs": packs}), *catalogue.specs[1:]]
    edited = type(catalogue)(catalogue.plans, catalogue.packs, "x", tuple(files))
    offerings, prices = json.loads(json.dumps(tmf620.catalogue_documents(edited)))
    assert tmf620.operator_files(offerings, prices) == files
    sellable = {o["id"]: o["isSellable"] for o in offerings}  # (found by QA: a pack sold on no plan was sellable)
    assert sellable[packs[0].id] is False and sellable[packs[1].id] is True


def test_a_plan_kept_for_its_holders_is_not_sellable_and_travels_back() -> None:
    """Found by the user test: a plan kept only for the people on it (``eligibility.holders_only``: ct-5g-59,
    cu-5g-59, "no longer on sale" in /api/v1) was exported ``isSellable: true``, so a BSS would offer it to new
    customers; it is ``isSellable: false`` now, still ``Active`` (in use by its holders), and imports back as kept
    for its holders; ``isSellable: true`` edited alone is refused, its hint naming ``holders_only``."""
    catalogue = load_catalogue(DEFAULT_PLANS)
    offerings, prices = json.loads(json.dumps(tmf620.catalogue_documents(catalogue)))
    kept = {p.id for f in catalogue.specs for p in f.plans if p.eligibility and p.eligibility.holders_only}
    assert {"ct-5g-59", "cu-5g-59"} <= kept
    for offering in offerings:
        assert (offering["isSellable"], offering["lifecycleStatus"]) == (offering["id"] not in kept, "Active"), \
            offering["id"]
    assert tmf620.operator_files(offerings, prices) == list(catalogue.specs)
    next(o for o in offerings if o["id"] == "ct-5g-59")["isSellable"] = True
    with pytest.raises(tmf620.TmfImportError, match=r"\(ct-5g-59\)\.isSellable: true.*holders_only"):
        tmf620.operator_files(offerings, prices)


def test_an_unlimited_allowance_is_no_quantity_but_says_unlimited_and_travels_back() -> None:
    """Found by the user test: an unlimited allowance was ``unitOfMeasure: {"amount": "unlimited", "units": "GB"}``,
    where TMF's ``Quantity.amount`` is a number (a client generated from the TMF schema failed to parse it); it has
    no ``unitOfMeasure`` now (whose amount would default to 1) but ``unlimited: true`` (the extension's) and
    ``description: unlimited``, and imports back exactly; an export written before, with the text amount, still
    imports, and ``unlimited`` edited alone is refused."""
    catalogue = load_catalogue(DEFAULT_PLANS)
    exported = tmf620.catalogue_documents(catalogue)
    offerings, prices = json.loads(json.dumps(exported))
    _validate(offerings, prices)
    unlimited = [p for p in prices if p.get("unlimited")]
    assert {p["id"] for p in unlimited} >= {"cu-wojia-188-data-allowance",
                                            "tmo-go5g-next-first-responder-voice-allowance"}
    for price in unlimited:
        assert (price["priceRole"], price["price"]["value"], price["description"], "unitOfMeasure" in price) == (
            "allowance", 0, "unlimited", False)
    assert all(isinstance(p["unitOfMeasure"]["amount"], int | float) for p in prices if "unitOfMeasure" in p)
    assert tmf620.operator_files(offerings, prices) == list(catalogue.specs)
    old = json.loads(json.dumps(exported))  # (as exports before December 2026 wrote it)
    for price in old[1]:
        if price.pop("unlimited", False):
            del price["description"]
            price["unitOfMeasure"] = {"amount": "unlimited", "units": tmf620.METERS[price["meter"]][0]}
    assert tmf620.operator_files(*old) == list(catalogue.specs)
    bounded = next(p for p in prices if p["id"] == "cu-5g-59-data-allowance")
    bounded["unlimited"] = True
    with pytest.raises(tmf620.TmfImportError, match=r"\.unlimited: true, but the import reads this allowance as false"):
        tmf620.operator_files(offerings, prices)


def test_a_sale_window_is_the_offerings_valid_for() -> None:
    """Found by QA: a plan on sale only in the first half of 2024 was exported with no ``validFor``."""
    catalogue = load_catalogue(DEFAULT_PLANS)
    spec = catalogue.specs[0]
    window = Eligibility(available_from=datetime.date(2024, 1, 1), available_until=datetime.date(2024, 6, 30),
                         source="assumption: test")
    plans = (spec.plans[0].model_copy(update={"eligibility": window}), *spec.plans[1:])
    files = [spec.model_copy(update={"plans": plans}), *catalogue.specs[1:]]
    edited = type(catalogue)(catalogue.plans, catalogue.packs, "x", tuple(files))
    offerings, prices = json.loads(json.dumps(tmf620.catalogue_documents(edited)))
    found = {o["id"]: o.get("validFor") for o in offerings}
    assert found[plans[0].id] == {"startDateTime": "2024-01-01T00:00:00+08:00",  # (China Standard Time)
                                  "endDateTime": "2024-06-30T23:59:59+08:00"}
    assert found[plans[1].id] is None
    assert tmf620.operator_files(offerings, prices) == files


@pytest.mark.parametrize("breakage", ["missing price", "unknown kind", "bad number", "number with its unit"])
def test_import_says_what_is_wrong(breakage: str) -> None:
    offerings, prices = json.loads(json.dumps(tmf620.catalogue_documents(load_catalogue(DEFAULT_PLANS))))
    if breakage == "missing price":
        prices = prices[1:]
    elif breakage == "unknown kind":
        offerings[0]["offeringKind"] = "gadget"
    elif breakage == "number with its unit":  # (found by the plan-files helper: a traceback, InvalidOperation)
        prices[0]["price"]["value"] = "199元"
    else:
        prices[0]["price"]["value"] = True
    with pytest.raises(tmf620.TmfImportError, match=r"productOffering(Price)?\[0\]") as raised:
        tmf620.operator_files(offerings, prices)
    if breakage == "number with its unit":
        assert "'199元' is not a number: write the number alone, without its unit (value: 199)" in str(raised.value)


def test_every_tariff_field_survives_the_round_trip() -> None:
    """Households, app data, per-day packs, day passes, zone rates, tiers, caps, installation fees."""
    text = (ROOT / "tests" / "data" / "tariffs" / "china-unicom.yaml").read_bytes()
    catalogue = load_sources([("china-unicom.yaml", text)])
    offerings, prices = tmf620.catalogue_documents(catalogue)
    assert tmf620.operator_files(offerings, prices) == list(catalogue.specs)


@pytest.mark.parametrize("resource", ["productOffering", "productOfferingPrice"])
def test_lists_page_with_offset_and_limit(client: FlaskClient, resource: str) -> None:
    """TMF630 pagination: ``offset``/``limit`` select a page; X-Total-Count counts all, X-Result-Count the page."""
    everything = client.get(f"{TMF620}/{resource}").get_json()
    page = client.get(f"{TMF620}/{resource}?offset=2&limit=3")
    assert page.status_code == 200
    assert page.get_json() == everything[2:5]
    assert (page.headers["X-Total-Count"], page.headers["X-Result-Count"]) == (str(len(everything)), "3")
    pages = [client.get(f"{TMF620}/{resource}?offset={start}&limit=10").get_json()
             for start in range(0, len(everything), 10)]
    assert [item for chunk in pages for item in chunk] == everything  # paging through gives each item once
    past = client.get(f"{TMF620}/{resource}?offset={len(everything)}")
    assert past.get_json() == [] and past.headers["X-Result-Count"] == "0"
    assert past.headers["X-Total-Count"] == str(len(everything))
    counted = client.get(f"{TMF620}/{resource}?limit=0")  # (the counts alone, as docs/tmf.md says)
    assert counted.get_json() == [] and counted.headers["X-Result-Count"] == "0"
    assert counted.headers["X-Total-Count"] == str(len(everything))


@pytest.mark.parametrize("query", ["limit=abc", "offset=-1", "limit=-1", "lifecycleStatus=Active",
                                   "limit=1_0", "offset=%EF%BC%91"])  # (QA: int() read 10 and full-width 1)
def test_list_options_not_understood_are_422(client: FlaskClient, query: str) -> None:
    """A malformed page or an unsupported filter is a 422 at its parameter, never silently ignored."""
    response = client.get(f"{TMF620}/productOffering?{query}")
    assert response.status_code == 422, response.get_data(as_text=True)
    assert [(e["location"], e["path"]) for e in response.get_json()["errors"]] == [("query", query.split("=")[0])]


@pytest.mark.parametrize("breakage", ["price refs as strings", "plan file fields a list", "a price not an object",
                                      "a price's value as text"])
def test_a_malformed_document_is_a_clear_import_error(breakage: str) -> None:
    """Found by QA: parts of another shape than the export writes crashed the import with a Python traceback
    (AttributeError, TypeError) instead of saying where."""
    offerings, prices = json.loads(json.dumps(tmf620.catalogue_documents(load_catalogue(DEFAULT_PLANS))))
    if breakage == "price refs as strings":
        offerings[0]["productOfferingPrice"] = [ref["id"] for ref in offerings[0]["productOfferingPrice"]]
    elif breakage == "plan file fields a list":
        offerings[0]["planFileFields"] = [1]
    elif breakage == "a price not an object":
        prices[0] = "199"
    else:
        prices[0]["price"] = "199"
    with pytest.raises(tmf620.TmfImportError, match=r"productOffering(Price)?\[0\]"):
        tmf620.operator_files(offerings, prices)


@pytest.mark.parametrize(("written", "said"), [
    ("NaN", "NaN is not a JSON number"), ("-Infinity", "-Infinity is not a JSON number"),
    ("199, \"value\": 299", 'the key "value" is given twice in the object at [0].price')])
def test_an_export_is_read_as_strict_json(tmp_path: Path, written: str, said: str) -> None:
    """Found by the plan-files helper: a price of ``NaN`` (Python's ``json`` writes and reads it; JSON has none) was a
    traceback (decimal.InvalidOperation), and a key given twice was read as its last: an export is read as a profile
    is (``strictjson``), refused with the file named and nothing written."""
    folder = tmp_path / "export"
    CliRunner().invoke(main, ["export", "tmf620", "--out", str(folder)])
    prices = folder / "productOfferingPrice.json"
    text = prices.read_text(encoding="utf-8")
    assert '"value": 199\n' in text
    prices.write_text(text.replace('"value": 199\n', f'"value": {written}\n', 1), encoding="utf-8")
    result = CliRunner().invoke(main, ["import", "tmf620", str(folder), "--out", str(tmp_path / "plans")])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    assert f"productOfferingPrice.json: not valid JSON ({said})" in result.output, result.output
    assert not (tmp_path / "plans").exists()


def test_a_document_nested_too_deeply_is_a_clear_import_error(tmp_path: Path) -> None:
    """Found by the security QA: an export of some thousands of nested ``[`` (a hostile or broken file) was Python's
    RecursionError traceback, not an error naming the file."""
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "productOffering.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    (folder / "productOfferingPrice.json").write_text("[]", encoding="utf-8")
    result = CliRunner().invoke(main, ["import", "tmf620", str(folder), "--out", str(tmp_path / "plans")])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    assert "productOffering.json: arrays and objects nested too deeply" in result.output, result.output
    assert not (tmp_path / "plans").exists()


def test_an_id_that_would_share_tmf620_price_ids_is_refused() -> None:
    """Found by QA: a plan ``cu-intl`` with roaming and a pack ``cu-intl-roaming`` adding data both gave a price
    ``cu-intl-roaming-data-allowance``: the lookup by id found the plan's, the import failed or took the last."""
    from recommender.catalogue import CatalogueError
    from recommender.catalogue.load import TMF_METER_WORDS

    assert {m.split("-")[0] for m in tmf620.METERS if "-" in m} == set(TMF_METER_WORDS)
    text = (ROOT / "plans" / "china-unicom.yaml").read_text(encoding="utf-8")
    first = text.index("  - id: ", text.index("packs:"))
    pack_id = text[first + 8:text.index("\n", first)]
    plan_id = text[text.index("  - id: ") + 8:text.index("\n", text.index("  - id: "))]
    clash = text.replace(f"  - id: {pack_id}\n", f"  - id: {plan_id}-roaming\n", 1)
    with pytest.raises(CatalogueError) as raised:
        load_sources([("china-unicom.yaml", clash.encode())])
    assert [p.message for p in raised.value.problems] == [
        f"packs[0].id: '{plan_id}-roaming' is '{plan_id}' and '-roaming': in TMF620 their prices would share ids "
        f"(e.g. {plan_id}-roaming-data-allowance); choose another id"]


@pytest.mark.parametrize(("breakage", "said"), [
    ("a fee in another currency",
     r"productOfferingPrice\[0\]\.price\.unit: 'USD', but china-mobile's prices are in CNY"),
    ("satellite as text", r"\.satellite: true or false, not 'no'"),
    ("benefits as text", r"\.benefits: a list of benefit ids, not 'gold'"),
])
def test_what_the_import_would_misread_is_refused(breakage: str, said: str) -> None:
    """Found by QA: a CNY plan's fee edited to USD imported as CNY without a word, a pack's ``satellite: "no"``
    became true, and ``benefits: "gold"`` four benefits g, o, l, d."""
    offerings, prices = json.loads(json.dumps(tmf620.catalogue_documents(load_catalogue(DEFAULT_PLANS))))
    pack = next(o for o in offerings if o["offeringKind"] == "addOnPack")
    if breakage == "a fee in another currency":
        assert prices[0]["id"] == f"{offerings[0]['id']}-fee" and offerings[0]["operator"]["id"] == "china-mobile"
        prices[0]["price"]["unit"] = "USD"
    elif breakage == "satellite as text":
        pack["satellite"] = "no"
    else:
        pack["benefits"] = "gold"
    with pytest.raises(tmf620.TmfImportError, match=said):
        tmf620.operator_files(offerings, prices)


def test_a_pack_sold_per_sim_travels() -> None:
    """``per_line`` (a speed pack sold per SIM) goes out in ``planFileFields`` and comes back."""
    catalogue = load_catalogue(DEFAULT_PLANS)
    spec = catalogue.specs[0]
    speed = next(i for i, p in enumerate(spec.packs) if p.uplink_mbps or p.downlink_mbps)
    packs = list(spec.packs)
    packs[speed] = packs[speed].model_copy(update={"per_line": not packs[speed].per_line})
    files = [spec.model_copy(update={"packs": tuple(packs)}), *catalogue.specs[1:]]
    edited = type(catalogue)(catalogue.plans, catalogue.packs, "x", tuple(files))
    offerings, prices = json.loads(json.dumps(tmf620.catalogue_documents(edited)))
    assert tmf620.operator_files(offerings, prices) == files
    assert tmf620.operator_files(offerings, prices)[0].packs[speed].per_line is packs[speed].per_line


def test_a_per_day_pack_is_priced_by_the_day() -> None:
    """Found by QA: a per-day pack's price was ``oneTime``, like a per-use one, with no day in it."""
    text = (ROOT / "tests" / "data" / "tariffs" / "china-unicom.yaml").read_bytes()
    catalogue = load_sources([("china-unicom.yaml", text)])
    offerings, prices = tmf620.catalogue_documents(catalogue)
    daily = {p.id for spec in catalogue.specs for p in spec.packs if p.billing == "per_day"}
    assert daily
    for price in prices:
        if price["id"] in {f"{pid}-price" for pid in daily}:
            assert (price["priceType"], price["recurringChargePeriodType"]) == ("recurring", "day")
    assert tmf620.operator_files(offerings, prices) == list(catalogue.specs)


def test_a_read_by_id_refuses_query_parameters_as_the_lists_do(client: FlaskClient) -> None:
    """Found by QA: ``/productOffering/cm-5ga-199?fields=id`` answered 200 with every field, where the lists
    answer 422 (``fields`` and filters are not supported)."""
    for path in ("/productOffering/cm-5ga-199", "/productOfferingPrice/cm-5ga-199-fee"):
        assert client.get(f"{tmf620.BASE}{path}").status_code == 200
        response = client.get(f"{tmf620.BASE}{path}?fields=id")
        assert response.status_code == 422 and response.get_json()["errors"][0]["path"] == "fields"


def test_terms_extra_lines_and_installation_fees_are_prices_too() -> None:
    """Found by QA: a plan's promotions, one-off fee, minimum spend and extra-line fee, and a pack's installation
    fee, were no prices (only strings in ``planFileFields``): an integrator saw 129 where the plan costs 131.02
    a month.  They are informative prices now; an import refuses one edited alone (it would be lost)."""
    text = (ROOT / "tests" / "data" / "tariffs" / "china-unicom.yaml").read_bytes()
    catalogue = load_sources([("china-unicom.yaml", text)])
    terms = load_catalogue(ROOT / "tests" / "data" / "terms")
    offerings, prices = json.loads(json.dumps(tmf620.catalogue_documents(terms)))
    roles = {p["id"]: (p["priceRole"], p["priceType"], p["price"]["value"]) for p in prices}
    assert roles["t-term-promotion-1"] == ("promotion", "recurring", 20)
    assert roles["t-term-one-off-charge"] == ("oneOffFee", "oneTime", 50)
    assert roles["t-term-minimum-spend"] == ("minimumSpend", "recurring", 100)
    (back,), (spec,) = tmf620.operator_files(offerings, prices), terms.specs
    assert back.plans == spec.plans  # (its pack's legacy ``plans:`` comes back as ``requires_plans:``)
    edited = [{**p, "price": {**p["price"], "value": 45}} if p["id"] == "t-term-one-off-charge" else p for p in prices]
    with pytest.raises(tmf620.TmfImportError,
                       match=r"differs from planFileFields\.terms\.one_off_fee .*: edit it there"):
        tmf620.operator_files(offerings, edited)
    offerings, prices = json.loads(json.dumps(tmf620.catalogue_documents(catalogue)))
    found = {p["priceRole"] for p in prices}
    assert {"extraLineFee", "installationFee"} <= found, found
    assert tmf620.operator_files(offerings, prices) == list(catalogue.specs)


def test_a_later_promotion_is_named_by_its_months_and_the_minimum_term_is_a_term() -> None:
    """Found by QA: with promotions for 3 months at ¥99 then 6 at ¥149, the second was named "the first 6
    months' fee" (it is months 4 to 6, as ``/api/v1``'s terms say), and a 24-month minimum term was only a string
    in ``planFileFields``: now ``fromMonth`` and a ``productOfferingTerm``; an import still reads the file."""
    text = (ROOT / "tests" / "data" / "terms" / "china-unicom.yaml").read_text(encoding="utf-8").replace(
        '- {first_months: 12, monthly_fee: {value: 20, source: "assumption: test"}}',
        '- {first_months: 3, monthly_fee: {value: 20, source: "assumption: test"}}\n'
        '        - {first_months: 12, monthly_fee: {value: 30, source: "assumption: test"}}', 1)
    catalogue = load_sources([("china-unicom.yaml", text.encode())])
    offerings, prices = json.loads(json.dumps(tmf620.catalogue_documents(catalogue)))
    by_id = {p["id"]: p for p in prices}
    first, later = by_id["t-term-promotion-1"], by_id["t-term-promotion-2"]
    assert (first["fromMonth"], first["firstMonths"], later["fromMonth"], later["firstMonths"]) == (1, 3, 4, 12)
    assert first["name"].endswith("the first 3 months' fee") and later["name"].endswith("the fee of months 4 to 12")
    for written, names in ((("1", "2"), ("the first month's fee", "the fee of month 2")),
                           (("1", "3"), ("the first month's fee", "the fee of months 2 to 3"))):
        one = load_sources([("china-unicom.yaml", text.replace("first_months: 3,", f"first_months: {written[0]},")
                             .replace("first_months: 12, monthly_fee: {value: 30", f"first_months: {written[1]}, "
                                      "monthly_fee: {value: 30").encode())])
        said = {p["id"]: p["name"] for p in tmf620.catalogue_documents(one)[1]}
        assert (said["t-term-promotion-1"].split(": ", 1)[1], said["t-term-promotion-2"].split(": ", 1)[1]) == names
    plan = next(o for o in offerings if o["id"] == "t-term")
    assert plan["productOfferingTerm"] == [{"name": "minimum term", "description": f"{plan['name']}: a minimum "
                                            "term of 24 months", "duration": {"amount": 24, "units": "month"}}]
    assert next(o for o in offerings if o["id"] == "t-promo")["productOfferingTerm"][0]["duration"]["amount"] == 24
    assert all(o["productOfferingTerm"] == [] for o in offerings if o["offeringKind"] == "basePlan"
               and o["id"] not in ("t-term", "t-promo"))
    (back,), (spec,) = tmf620.operator_files(offerings, prices), catalogue.specs
    assert back.plans == spec.plans  # (its pack's legacy ``plans:`` comes back as ``requires_plans:``)


@pytest.mark.parametrize("edit", ["minimum term", "promotion's last month", "promotion's first month"])
def test_a_term_or_a_promotions_months_edited_alone_is_refused_not_lost(edit: str) -> None:
    """Found in review: ``productOfferingTerm`` (the minimum term) and a promotion's ``firstMonths`` / ``fromMonth``
    repeat ``planFileFields`` as the informative prices do, but an edit to them alone was imported without a word
    and lost (a 24-month term edited to 12 came back 24); the import refuses it, as it does an edited price."""
    text = (ROOT / "tests" / "data" / "terms" / "china-unicom.yaml").read_text(encoding="utf-8")
    catalogue = load_sources([("china-unicom.yaml", text.encode())])
    offerings, prices = json.loads(json.dumps(tmf620.catalogue_documents(catalogue)))
    (back,), (spec,) = tmf620.operator_files(offerings, prices), catalogue.specs
    assert back.plans == spec.plans  # (unedited: read back unchanged)
    if edit == "minimum term":
        next(o for o in offerings if o["id"] == "t-term")["productOfferingTerm"][0]["duration"]["amount"] = 12
        said = r"productOfferingTerm: this term differs from planFileFields\.terms\.minimum_term_months \(24\)"
    else:
        promotion = next(p for p in prices if p.get("priceRole") == "promotion")
        promotion["firstMonths" if edit == "promotion's last month" else "fromMonth"] = 6
        said = r"(firstMonths|fromMonth): this price differs from planFileFields\.terms\.promotions\[0\]\.first_months"
    with pytest.raises(tmf620.TmfImportError, match=said):
        tmf620.operator_files(offerings, prices)


@pytest.mark.parametrize("role", ["promotion", "oneOffFee"])
def test_a_terms_price_removed_alone_is_refused_not_lost(role: str) -> None:
    """Found by the TMF integration QA: a promotion's or one-off fee's price removed from its offering (as a BSS
    withdrawing the promotion would) imported with the promotion kept, read from ``planFileFields``."""
    text = (ROOT / "tests" / "data" / "terms" / "china-unicom.yaml").read_text(encoding="utf-8")
    offerings, prices = json.loads(json.dumps(tmf620.catalogue_documents(
        load_sources([("china-unicom.yaml", text.encode())]))))
    price = next(p for p in prices if p.get("priceRole") == role)
    offering = next(o for o in offerings if any(r["id"] == price["id"] for r in o["productOfferingPrice"]))
    offering["productOfferingPrice"] = [r for r in offering["productOfferingPrice"] if r["id"] != price["id"]]
    with pytest.raises(tmf620.TmfImportError, match=rf"productOfferingPrice: no price with id {price['id']}: .*so a "
                                                    "price or an offering renamed reads as a price removed"):
        tmf620.operator_files(offerings, prices)


def test_a_per_use_or_per_day_packs_allowance_is_priced_as_its_price() -> None:
    """Found by the histories QA: a per-use pack had a ``oneTime`` price beside a monthly ``recurring`` allowance,
    though both are per use (only ``planFileFields.billing`` said so).  Its allowance is ``oneTime`` too, a per-day
    pack's recurring by the day, a monthly one's by the month."""
    offerings, prices = tmf620.catalogue_documents(load_catalogue(DEFAULT_PLANS))
    billing = {o["id"]: o["planFileFields"].get("billing", "monthly") for o in offerings
               if o["offeringKind"] == "addOnPack"}
    assert "per_use" in billing.values()
    for price in prices:
        pack = price["id"].split("-data-allowance")[0]
        if price["priceRole"] == "allowance" and pack in billing:
            own = next(p for p in prices if p["id"] == f"{pack}-price")
            assert (price["priceType"], price.get("recurringChargePeriodType")) == (
                own["priceType"], own.get("recurringChargePeriodType")), price["id"]


def _terms_with_a_window() -> Any:
    text = (ROOT / "tests" / "data" / "terms" / "china-unicom.yaml").read_text(encoding="utf-8")
    marker = "  - id: t-promo\n"
    window = ('    eligibility: {available_from: "2025-01-01", available_until: "2026-12-31",'
              ' source: "assumption: test"}\n')
    text = text.replace(marker, marker + window, 1)
    return load_sources([("china-unicom.yaml", text.encode())])


@pytest.mark.parametrize(("edit", "said"), [
    ("allowance in MB", r"productOfferingPrice\[1\]\.unitOfMeasure: .*'MB'.*'GB'"),
    ("overage per 10 GB", r"\.unitOfMeasure: \{'amount': 10, 'units': 'GB'\}"),
    ("a yearly fee", r"productOfferingPrice\[0\]\.recurringChargePeriodType: 'year'"),
    ("an allowance that costs", r"productOfferingPrice\[1\]\.price: "),
    ("a speed in Gbps", r"downlinkMbps\.unitOfMeasure: 'Gbps'"),
    ("maxLines alone", r"\.maxLines: 5"),
    ("retired", r"\(cm-5ga-199\)\.lifecycleStatus: 'Retired'"),
    ("not sellable", r"\(cm-5ga-199\)\.isSellable: false"),
    ("a price given twice", r"productOfferingPrice\[\d+\]: id 'cm-5ga-199-fee' is given twice"),
    ("no eligibility", r"productOffering\[0\] \(cm-5ga-199\)\.eligibility: missing"),
    ("a pack without eligibility", r"\(cm-scene-live\)\.eligibility: missing"),
])
def test_an_edit_the_import_would_misread_or_lose_is_refused(edit: str, said: str) -> None:
    """Found by the TMF integration QA: the import read a figure and ignored the TMF fields beside it, so an
    allowance a BSS gave as 61440 MB became 61,440 GB, a ¥3-per-10-GB overage ¥3 per GB, a yearly fee a monthly one,
    and an offering set ``Retired``, ``isSellable: false`` or given another ``maxLines`` imported as before, unsaid;
    an offering without its ``eligibility`` was sold to anyone."""
    offerings, prices = json.loads(json.dumps(tmf620.catalogue_documents(load_catalogue(DEFAULT_PLANS))))
    price = {p["id"]: p for p in prices}
    plan = offerings[0]
    assert plan["id"] == "cm-5ga-199" and prices[1]["id"] == "cm-5ga-199-data-allowance"
    if edit == "allowance in MB":
        prices[1]["unitOfMeasure"] = {"amount": prices[1]["unitOfMeasure"]["amount"] * 1024, "units": "MB"}
    elif edit == "overage per 10 GB":
        price["cm-5ga-199-data-overage"]["unitOfMeasure"]["amount"] = 10
    elif edit == "a yearly fee":
        prices[0]["recurringChargePeriodType"] = "year"
    elif edit == "an allowance that costs":
        prices[1]["price"]["value"] = 10
    elif edit == "a speed in Gbps":
        plan["prodSpecCharValueUse"][0]["productSpecCharacteristicValue"][0].update(value=3, unitOfMeasure="Gbps")
    elif edit == "maxLines alone":
        next(p for p in prices if p["priceRole"] == "extraLineFee")["maxLines"] = 5
    elif edit == "retired":
        plan["lifecycleStatus"] = "Retired"
    elif edit == "not sellable":
        plan["isSellable"] = False
    elif edit == "no eligibility":  # (found by the TMF integration QA: GoTone's plan was then sold to anyone)
        assert plan["eligibility"] is not None
        del plan["eligibility"]
    elif edit == "a pack without eligibility":
        del next(o for o in offerings if o["id"] == "cm-scene-live")["eligibility"]
    else:
        prices.append({**prices[0], "price": {"unit": "CNY", "value": 1}})
    with pytest.raises(tmf620.TmfImportError, match=said):
        tmf620.operator_files(offerings, prices)


@pytest.mark.parametrize("edit", ["ends sooner", "no window"])
def test_a_sale_window_edited_in_valid_for_alone_is_refused(edit: str) -> None:
    """Found by the TMF integration QA: an import ignored ``validFor``, so a BSS ending a sale there (or removing
    the window) imported the plan still on sale until the old date."""
    catalogue = _terms_with_a_window()
    offerings, prices = json.loads(json.dumps(tmf620.catalogue_documents(catalogue)))
    read = tmf620.operator_files(offerings, prices)
    assert any(p.eligibility and p.eligibility.available_until for f in read for p in f.plans)
    promo = next(o for o in offerings if o["id"] == "t-promo")
    same_instant = {"startDateTime": "2024-12-31T16:00:00Z", "endDateTime": "2026-12-31T15:59:59Z"}
    promo["validFor"] = same_instant  # the same window in UTC is the same window
    assert tmf620.operator_files(offerings, prices) == read
    if edit == "ends sooner":
        promo["validFor"] = {**same_instant, "endDateTime": "2025-06-30T23:59:59+08:00"}
    else:
        del promo["validFor"]
    with pytest.raises(tmf620.TmfImportError, match=r"\(t-promo\)\.validFor: .*available_until"):
        tmf620.operator_files(offerings, prices)


def test_figures_written_as_the_export_would_still_import() -> None:
    """What a BSS may write that the import reads the same: a fee as text, a price without its unit, extra fields."""
    catalogue = load_catalogue(DEFAULT_PLANS)
    offerings, prices = json.loads(json.dumps(tmf620.catalogue_documents(catalogue)))
    prices[0]["price"] = {"value": f"{prices[0]['price']['value']}.00"}
    offerings[0]["lastUpdate"] = "2026-01-01T00:00:00Z"
    assert tmf620.operator_files(offerings, prices) == list(catalogue.by_operator())


def test_an_import_over_an_operator_split_over_files_is_refused(tmp_path: Path) -> None:
    """Found by the TMF integration QA: ``import tmf620 --force`` over a plans folder whose operator is split over
    files (its packs in a province's file, as docs/plan-files.md allows) wrote the operator's one file beside it,
    said nothing, and left every pack defined twice: a catalogue the service refuses to load."""
    plans = tmp_path / "plans"
    plans.mkdir()
    for source in sorted(DEFAULT_PLANS.glob("*.yaml")):
        (plans / source.name).write_bytes(source.read_bytes())
    text = (plans / "china-mobile.yaml").read_text(encoding="utf-8")
    packs = text.index("\npacks:")
    (plans / "china-mobile.yaml").write_text(text[:packs] + "\n", encoding="utf-8")
    (plans / "cm-shanghai.yaml").write_text(text[:text.index("\nplans:")] + "\n" + text[packs:], encoding="utf-8")
    load_catalogue(plans)  # a valid split
    before = {p.name: p.read_bytes() for p in plans.iterdir()}
    runner = CliRunner()
    exported = runner.invoke(main, ["export", "tmf620", "--plans", str(plans), "--out", str(tmp_path / "export")])
    assert exported.exit_code == 0, exported.output
    imported = runner.invoke(main, ["import", "tmf620", str(tmp_path / "export"), "--out", str(plans), "--force"])
    assert imported.exit_code != 0 and "cm-shanghai.yaml" in imported.output and "defined twice" in imported.output
    assert {p.name: p.read_bytes() for p in plans.iterdir()} == before  # nothing written
    load_catalogue(plans)


def test_a_plan_file_error_names_the_offering_it_comes_from() -> None:
    """Found by the TMF integration QA: a fee below 0 (now refused at its price) or a pack's name left out was said as
    ``plans.2.monthly_fee`` or ``packs.5.name``, the place in the operator's plan file, which a BSS's document does not
    have."""
    offerings, prices = json.loads(json.dumps(tmf620.catalogue_documents(load_catalogue(DEFAULT_PLANS))))
    ct_plans = [i for i, o in enumerate(offerings) if o["operator"]["id"] == "china-telecom"
                and o["offeringKind"] == "basePlan"]
    cu_packs = [i for i, o in enumerate(offerings) if o["operator"]["id"] == "china-unicom"
                and o["offeringKind"] == "addOnPack"]
    plan, pack = offerings[ct_plans[-1]], offerings[cu_packs[2]]
    next(p for p in prices if p["id"] == f"{plan['id']}-fee")["price"]["value"] = 59.999  # (not whole fen; a fee
    del pack["name"]  # below 0, as this test had, is refused at its price: a figure's sign is the import's to say)
    with pytest.raises(tmf620.TmfImportError) as raised:
        tmf620.operator_files(offerings, prices)
    assert f"productOffering[{ct_plans[-1]}] ({plan['id']}): plan-file field monthly_fee.value" in str(raised.value)
    del offerings[ct_plans[-1]]
    with pytest.raises(tmf620.TmfImportError) as raised:
        tmf620.operator_files(offerings, prices)
    assert f"productOffering[{cu_packs[2] - 1}] ({pack['id']}): plan-file field name" in str(raised.value)


def test_an_import_says_which_plan_files_it_left_in_place(tmp_path: Path) -> None:
    """Found by the TMF integration QA: an export without an operator's offerings (withdrawn in the BSS), imported
    with ``--force`` over the plans folder, left that operator's file and said nothing: it went on being served."""
    plans = tmp_path / "plans"
    plans.mkdir()
    for source in sorted(DEFAULT_PLANS.glob("*.yaml")):
        (plans / source.name).write_bytes(source.read_bytes())
    offerings, prices = tmf620.catalogue_documents(load_catalogue(DEFAULT_PLANS))
    kept = [o for o in offerings if o["operator"]["id"] != "verizon"]
    used = {ref["id"] for o in kept for ref in o["productOfferingPrice"]}
    (tmp_path / "export").mkdir()
    (tmp_path / "export" / "productOffering.json").write_text(json.dumps(kept), encoding="utf-8")
    (tmp_path / "export" / "productOfferingPrice.json").write_text(
        json.dumps([p for p in prices if p["id"] in used]), encoding="utf-8")
    imported = CliRunner().invoke(main, ["import", "tmf620", str(tmp_path / "export"), "--out", str(plans), "--force"])
    assert imported.exit_code == 0, imported.output
    assert f"kept {plans / 'verizon.yaml'}: the export has no offerings of it" in imported.output


def _with_old_copies(offerings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The offerings as exports before this version wrote them: a pack's conditions of sale and the plans it is
    sold on repeated in ``planFileFields``."""
    out = json.loads(json.dumps(offerings))
    for o in out:
        if o["offeringKind"] == "addOnPack":
            if o["eligibility"] is not None:
                o["planFileFields"]["eligibility"] = json.loads(json.dumps(o["eligibility"]))
            if not o["eligibleWithAnyPlan"]:
                o["planFileFields"]["requires_plans"] = [r["id"] for r in o["productOfferingRelationship"]
                                                         if r["relationshipType"] == "requires"]
    return out


def test_a_packs_conditions_of_sale_travel_once() -> None:
    """Found in review: a pack's ``eligibility`` and ``requires_plans`` travelled in its TMF fields and again in
    ``planFileFields``; an edit to one copy was lost to the other.  The export writes them once; an earlier export
    (with the copies, unedited) still imports to the same plan files."""
    catalogue = load_catalogue(DEFAULT_PLANS)
    offerings, prices = json.loads(json.dumps(tmf620.catalogue_documents(catalogue)))
    packs = [o for o in offerings if o["offeringKind"] == "addOnPack"]
    assert any(o["eligibility"] for o in packs) and any(not o["eligibleWithAnyPlan"] for o in packs)
    assert not [o["id"] for o in packs if {"eligibility", "requires_plans"} & set(o["planFileFields"])]
    assert tmf620.operator_files(_with_old_copies(offerings), prices) == tmf620.operator_files(offerings, prices)


@pytest.mark.parametrize("edit", ["copy's regions", "eligibility made null", "copy's plans", "sold with any plan"])
def test_an_edit_to_one_copy_of_a_packs_conditions_is_refused_not_lost(edit: str) -> None:
    """An earlier export's copies edited, or the TMF field beside them: each was imported as the other said (the
    Shanghai-only scene pack kept Shanghai-only when its eligibility was made null, or sold on the 199 plan when
    its copy said so, read as the 59 plan only); now refused, naming the field."""
    offerings, prices = json.loads(json.dumps(tmf620.catalogue_documents(load_catalogue(DEFAULT_PLANS))))
    offerings = _with_old_copies(offerings)
    scene = next(o for o in offerings if o["id"] == "cm-scene-live")
    plus = next(o for o in offerings if o["id"] == "ct-5ga-plus")
    if edit == "copy's regions":
        scene["planFileFields"]["eligibility"]["regions"] = ["CN-BJ"]
        said = r"\(cm-scene-live\)\.planFileFields\.eligibility: .*'CN-BJ'.* says .*'CN-SH'.*: a pack's conditions"
    elif edit == "eligibility made null":
        scene["eligibility"] = None
        said = r"\(cm-scene-live\)\.eligibility: null \(sold to anyone\), but its planFileFields\.eligibility says"
    elif edit == "copy's plans":
        plus["planFileFields"]["requires_plans"] = ["ct-5ga-199"]
        said = r"\(ct-5ga-plus\)\.planFileFields\.requires_plans: \['ct-5ga-199'\], but the plan file read from this"
    else:
        plus["eligibleWithAnyPlan"] = True
        said = r"\(ct-5ga-plus\)\.eligibleWithAnyPlan: true, but the plan file .* repeats requires_plans"
    with pytest.raises(tmf620.TmfImportError, match=said):
        tmf620.operator_files(offerings, prices)


@pytest.mark.parametrize("before", [True, False])
def test_a_second_price_of_a_role_is_read_as_the_export_s_whatever_its_place(before: bool) -> None:
    """Found by the catalogue engineer's test: a second fee of 20 (cm-5ga-199-fee2) listed after the fee of 199 was
    refused blaming the fee of 199, listed before it was dropped with a note.  Either way the export's own
    (cm-5ga-199-fee) is read and the other noted; two of which neither is the export's are refused, naming both."""
    offerings, prices = json.loads(json.dumps(tmf620.catalogue_documents(load_catalogue(DEFAULT_PLANS))))
    plan = next(o for o in offerings if o["id"] == "cm-5ga-199")
    fee = next(p for p in prices if p["id"] == "cm-5ga-199-fee")
    second = {**fee, "id": "cm-5ga-199-fee2", "price": {**fee["price"], "value": 20}}
    prices.append(second)
    ref = {**plan["productOfferingPrice"][0], "id": "cm-5ga-199-fee2"}
    plan["productOfferingPrice"].insert(0 if before else len(plan["productOfferingPrice"]), ref)
    files = tmf620.operator_files(offerings, prices)
    (mobile,) = [f for f in files if f.operator.id == "china-mobile"]
    assert next(p for p in mobile.plans if p.id == "cm-5ga-199").monthly_fee.value == 199
    notes = [n.as_dict() for n in tmf620.not_imported(offerings, prices, files)]
    assert {"code": "tmf620.import.price_unread", "params": {"index": len(prices) - 1, "id": "cm-5ga-199-fee2",
                                                              "name": second["name"]}} in notes, notes
    fee["id"] = "POP-1"
    plan["productOfferingPrice"] = [r if r["id"] != "cm-5ga-199-fee" else {**r, "id": "POP-1"}
                                    for r in plan["productOfferingPrice"]]
    with pytest.raises(tmf620.TmfImportError, match=r"a second fee price of cm-5ga-199 \(the first is "
                                                    r"productOfferingPrice\[\d+\]\), and neither has the export's id "
                                                    r"cm-5ga-199-fee"):
        tmf620.operator_files(offerings, prices)


@pytest.mark.parametrize(("edit", "missing", "extra"), [
    ("a plan taken off", "cu-5g-59", "-"), ("another operator's plan", "-", "ct-5ga-199"),
    ("both", "cu-5g-59", "ct-5ga-199")])
def test_requires_that_say_other_than_any_plan_are_refused_not_dropped(edit: str, missing: str, extra: str) -> None:
    """Found by the catalogue engineer's test: with ``eligibleWithAnyPlan: true`` (every plan of its operator, each
    listed as ``requires`` by the export), a ``requires`` removed, or one added to another operator's plan, imported
    with no word as every plan: cu-5ga-data-219 was still recommended on cu-5g-59 it had been taken off.  Refused at
    the relationships, naming what differs; the same edit with the flag false is read.  (A plan removed from the
    export, still listed, changes nothing: ``test_a_cross_reference_broken_by_an_import…``.)"""
    offerings, prices = json.loads(json.dumps(tmf620.catalogue_documents(load_catalogue(DEFAULT_PLANS))))
    at, pack = next((i, o) for i, o in enumerate(offerings) if o["id"] == "cu-5ga-data-219")
    assert pack["eligibleWithAnyPlan"] is True
    related = pack["productOfferingRelationship"]
    if missing != "-":
        related[:] = [r for r in related if r["id"] != missing]
    if extra != "-":
        related.append({**related[0], "id": extra})
    said = (f"productOffering[{at}] (cu-5ga-data-219).productOfferingRelationship: eligibleWithAnyPlan is true, so "
            f"the pack fits every plan of china-unicom, but its requires relationships say otherwise (not listed: "
            f"{missing}; not a plan of china-unicom: {extra}): set eligibleWithAnyPlan to false")
    with pytest.raises(tmf620.TmfImportError) as refused:
        tmf620.operator_files(offerings, prices)
    assert str(refused.value).startswith(said), str(refused.value)
    if edit == "a plan taken off":  # (the flag false: sold with the plans listed)
        pack["eligibleWithAnyPlan"] = False
        (unicom,) = [f for f in tmf620.operator_files(offerings, prices) if f.operator.id == "china-unicom"]
        data = next(p for p in unicom.packs if p.id == "cu-5ga-data-219")
        assert data.requires_plans is not None and "cu-5g-59" not in data.requires_plans
    pack["productOfferingRelationship"] = []  # (none listed: the flag alone says every plan)
    pack["eligibleWithAnyPlan"] = True
    tmf620.operator_files(offerings, prices)


@pytest.mark.parametrize("edit", ["eligibility", "requires"])
def test_an_edit_to_the_tmf_field_beside_an_old_copy_says_to_remove_the_copy(edit: str) -> None:
    """Found in review: an earlier export's TMF field edited (the regions of ``eligibility``, a plan of a
    ``requires`` relationship) with its old copy left in ``planFileFields`` was refused telling the person to make the
    edit in the TMF field, where it already was; the copy is what must go."""
    offerings, prices = json.loads(json.dumps(tmf620.catalogue_documents(load_catalogue(DEFAULT_PLANS))))
    offerings = _with_old_copies(offerings)
    if edit == "eligibility":
        next(o for o in offerings if o["id"] == "cm-scene-live")["eligibility"]["regions"] = ["CN-BJ"]
    else:
        next(o for o in offerings if o["id"] == "ct-5ga-plus")["productOfferingRelationship"][0]["id"] = "ct-5ga-199"
    with pytest.raises(tmf620.TmfImportError, match=r"planFileFields\.\w+: .*remove this copy"):
        tmf620.operator_files(offerings, prices)


def test_a_cross_reference_broken_by_an_import_names_the_offering_not_an_unwritten_line(tmp_path: Path) -> None:
    """Found by the product-team QA: an export with a base plan removed that packs still require was refused as
    ``plans/china-telecom.yaml:212: packs[0].requires_plans[0]: ...``, the line of a file the import never wrote;
    with ``--force`` over a plans folder that path was the operator's own file there, 163 lines long."""
    plans = tmp_path / "plans"
    plans.mkdir()
    for source in sorted(DEFAULT_PLANS.glob("*.yaml")):
        (plans / source.name).write_bytes(source.read_bytes())
    offerings, prices = json.loads(json.dumps(tmf620.catalogue_documents(load_catalogue(DEFAULT_PLANS))))
    kept = [o for o in offerings if o["id"] != "ct-5g-59"]
    (tmp_path / "export").mkdir()
    (tmp_path / "export" / "productOffering.json").write_text(json.dumps(kept), encoding="utf-8")
    (tmp_path / "export" / "productOfferingPrice.json").write_text(json.dumps(prices), encoding="utf-8")
    before = {p.name: p.read_bytes() for p in plans.iterdir()}
    imported = CliRunner().invoke(main, ["import", "tmf620", str(tmp_path / "export"), "--out", str(plans), "--force"])
    assert imported.exit_code != 0
    plus = next(i for i, o in enumerate(kept) if o["id"] == "ct-5ga-plus")
    assert (f"productOffering[{plus}] (ct-5ga-plus): plan-file field requires_plans[0]: 'ct-5g-59' is not a plan "
            "of china-telecom") in imported.output, imported.output
    assert "china-telecom.yaml:" not in imported.output  # no line of a file not written
    assert "nothing written" in imported.output
    assert {p.name: p.read_bytes() for p in plans.iterdir()} == before


def test_an_empty_export_is_refused_with_why_and_nothing_written(tmp_path: Path) -> None:
    """An export with no offerings imported with exit 0, wrote nothing and said nothing (integrator QA)."""
    export = tmp_path / "export"
    export.mkdir()
    for name in ("productOffering.json", "productOfferingPrice.json"):
        (export / name).write_text("[]", encoding="utf-8")
    result = CliRunner().invoke(main, ["import", "tmf620", str(export), "--out", str(tmp_path / "plans")])
    assert result.exit_code == 1 and "productOffering.json has no offerings (nothing written)" in result.output
    assert not (tmp_path / "plans").exists()


def _export_with_what_the_import_drops(folder: Path) -> None:
    """The shipped catalogue's export, with parts no plan file carries: prices no offering refers to, another price
    for a figure a price already gives, fields the import does not read (given where the export writes none, or
    otherwise than it writes them)."""
    offerings, prices = json.loads(json.dumps(tmf620.catalogue_documents(load_catalogue(DEFAULT_PLANS))))
    plan, second, pack = offerings[0], offerings[1], next(o for o in offerings if o["offeringKind"] == "addOnPack")
    fee = next(p for p in prices if p["id"] == f"{plan['id']}-fee")
    prices.append({**fee, "id": "cm-old-99-fee", "name": "旧套餐 99元 monthly fee"})
    prices.append({"id": "orphan-x"})
    prices.insert(0, {**fee, "id": f"{plan['id']}-fee-bss", "name": "BSS fee"})  # (the same figure)
    plan["productOfferingPrice"].append({"id": f"{plan['id']}-fee-bss"})
    fee["priceAlteration"] = [{"priceType": "recurring", "price": {"percentage": 50}}]
    next(p for p in prices if p["id"] == f"{plan['id']}-data-allowance")["lifecycleStatus"] = "Retired"
    plan["productOfferingRelationship"] = [{"id": pack["id"], "relationshipType": "excludes"}]
    for offering in (plan, second):
        offering["lastUpdate"] = "2026-01-01T00:00:00Z"
    pack["productOfferingTerm"] = [{"name": "minimum term", "duration": {"amount": 12, "units": "month"}}]
    plan["prodSpecCharValueUse"][0]["productSpecCharacteristicValue"][0]["validFor"] = {"endDateTime": "2026-01-01"}
    second["operator"]["name"] = "中国移动（另一个名字）"
    folder.mkdir()
    (folder / "productOffering.json").write_text(json.dumps(offerings, ensure_ascii=False), encoding="utf-8")
    (folder / "productOfferingPrice.json").write_text(json.dumps(prices, ensure_ascii=False), encoding="utf-8")


def test_an_import_says_what_of_the_export_it_did_not_carry(tmp_path: Path) -> None:
    """Found by the integrator QA: a price no offering referred to, a second price for a fee, a price's discount
    (``priceAlteration``) or ``lifecycleStatus``, a base plan's ``excludes``, an offering's operator named otherwise
    ... were dropped unsaid.  Each is a note on stderr (the exit status and the plan files as before)."""
    _export_with_what_the_import_drops(tmp_path / "export")
    result = CliRunner().invoke(main, ["import", "tmf620", str(tmp_path / "export"), "--out", str(tmp_path / "plans")])
    assert result.exit_code == 0, result.output
    assert load_catalogue(tmp_path / "plans").specs == load_catalogue(DEFAULT_PLANS).specs  # nothing else changed
    assert "note:" not in result.stdout
    assert result.stderr.splitlines() == [
        "note: productOfferingPrice[0] cm-5ga-199-fee-bss ('BSS fee'): the plan file read has no figure of it "
        "(another price of its offering gives that figure): not imported",
        "note: productOfferingPrice[168] cm-old-99-fee ('旧套餐 99元 monthly fee'): no offering refers to it: "
        "not imported",
        "note: productOfferingPrice[169] orphan-x (''): no offering refers to it: not imported",
        "note: productOffering field lastUpdate (on cm-5ga-199, cm-5ga-299): not imported (a plan file has no place "
        "for it)",
        "note: productOffering field prodSpecCharValueUse[].productSpecCharacteristicValue[].validFor (on cm-5ga-199):"
        " not imported (a plan file has no place for it)",
        "note: productOffering field productOfferingTerm (on cm-scene-live): not imported (a plan file has no place for"
        " it)",
        "note: productOfferingPrice field priceAlteration (on cm-5ga-199-fee): not imported (a plan file has no place "
        "for it)",
        "note: productOffering field productOfferingRelationship (on cm-5ga-199): says otherwise than the export writes"
        " it from the plan file read: not imported (the import does not read it)",
        "note: productOffering field operator (on cm-5ga-299): says otherwise than the export writes it from the plan "
        "file read: not imported (the import does not read it)",
        "note: productOfferingPrice field lifecycleStatus (on cm-5ga-199-data-allowance): says otherwise than the "
        "export writes it from the plan file read: not imported (the import does not read it)"]
    chinese = CliRunner().invoke(main, ["import", "tmf620", str(tmp_path / "export"), "--out",
                                        str(tmp_path / "plans"), "--force", "--lang", "zh"])
    assert chinese.exit_code == 0, chinese.output
    said = chinese.stderr.splitlines()
    assert len(said) == 10 and all(line.startswith("注意：") for line in said)
    assert said[1] == ("注意：productOfferingPrice[168] cm-old-99-fee（“旧套餐 99元 monthly fee”）："
                       "没有商品引用它，未导入")


def test_an_export_imported_as_written_says_no_note(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["export", "tmf620", "--out", str(tmp_path / "export")]).exit_code == 0
    result = runner.invoke(main, ["import", "tmf620", str(tmp_path / "export"), "--out", str(tmp_path / "plans")])
    assert result.exit_code == 0 and result.stderr == ""


def test_a_characteristic_a_pack_has_not_is_refused_by_name() -> None:
    """Found by the integrator QA: a pack's ``broadbandMbps`` was refused as "the import reads broadbandMbps in None:
    give the value in None"."""
    offerings, prices = json.loads(json.dumps(tmf620.catalogue_documents(load_catalogue(DEFAULT_PLANS))))
    plan = offerings[0]
    pack = next(o for o in offerings if o["offeringKind"] == "addOnPack")
    pack["prodSpecCharValueUse"].append({**plan["prodSpecCharValueUse"][0], "name": "broadbandMbps"})
    with pytest.raises(tmf620.TmfImportError, match=r"\(cm-scene-live\)\.prodSpecCharValueUse: 'broadbandMbps' is not "
                                                    r"a characteristic of an add-on pack \(it has downlinkMbps, "
                                                    r"uplinkMbps\)"):
        tmf620.operator_files(offerings, prices)


def test_an_offering_given_twice_is_refused_at_the_second(tmp_path: Path) -> None:
    """Found by the integrator QA: an offering given twice was refused at the first, ``productOffering[0]``, as "id
    'cm-5ga-199' is defined twice: at plans/china-mobile.yaml:14 and at plans/china-mobile.yaml:186", lines of a file
    the import did not write."""
    offerings, prices = json.loads(json.dumps(tmf620.catalogue_documents(load_catalogue(DEFAULT_PLANS))))
    offerings.append(offerings[0])
    (tmp_path / "export").mkdir()
    (tmp_path / "export" / "productOffering.json").write_text(json.dumps(offerings), encoding="utf-8")
    (tmp_path / "export" / "productOfferingPrice.json").write_text(json.dumps(prices), encoding="utf-8")
    result = CliRunner().invoke(main, ["import", "tmf620", str(tmp_path / "export"), "--out", str(tmp_path / "plans")])
    assert result.exit_code == 1 and not (tmp_path / "plans").exists()
    assert (f"productOffering[{len(offerings) - 1}]: id 'cm-5ga-199' is given twice (first at productOffering[0])"
            in result.output), result.output


def test_an_export_written_with_a_byte_order_mark_imports(tmp_path: Path) -> None:
    """Found by the integrator QA: an export whose files begin with UTF-8's byte-order mark (Excel and many Windows
    tools write one) was refused as not valid JSON; it imports as the same export without it."""
    runner = CliRunner()
    assert runner.invoke(main, ["export", "tmf620", "--out", str(tmp_path / "export")]).exit_code == 0
    for name in ("productOffering.json", "productOfferingPrice.json"):
        path = tmp_path / "export" / name
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    result = runner.invoke(main, ["import", "tmf620", str(tmp_path / "export"), "--out", str(tmp_path / "plans")])
    assert result.exit_code == 0 and result.stderr == "", result.output
    assert load_catalogue(tmp_path / "plans").specs == load_catalogue(DEFAULT_PLANS).specs


@pytest.mark.parametrize(("edit", "said"), [
    ("price", "productOfferingPrice[0].price.value: -5 is below 0: an export's prices and figures are 0 or more"),
    ("price as text",
     "productOfferingPrice[0].price.value: '-5' is below 0: an export's prices and figures are 0 or more"),
    ("allowance",
     "productOfferingPrice[1].unitOfMeasure.amount: -5 is below 0: an export's prices and figures are 0 or more")])
def test_a_negative_figure_is_refused_at_its_place_in_one_clear_message(edit: str, said: str) -> None:
    """Found by the integrator QA: a price of '-5' was refused at the plan-file field in pydantic's words for each
    member of a union ("monthly_fee.value.decimal: Input should be greater than or equal to 0; …
    monthly_fee.value.literal['unlimited']: Input should be 'unlimited'"), and -5 as "Value error, -5 is below 0"."""
    offerings, prices = json.loads(json.dumps(tmf620.catalogue_documents(load_catalogue(DEFAULT_PLANS))))
    assert prices[1]["priceRole"] == "allowance"
    if edit == "allowance":
        prices[1]["unitOfMeasure"]["amount"] = -5
    else:
        prices[0]["price"]["value"] = -5 if edit == "price" else "-5"
    with pytest.raises(tmf620.TmfImportError) as raised:
        tmf620.operator_files(offerings, prices)
    assert str(raised.value) == said


@pytest.mark.parametrize("written", ["１９９", "١٩٩"])
def test_a_figure_in_full_width_digits_is_refused_not_read(written: str) -> None:
    """Found by the integrator QA: a price given as the text '１９９' was read as 199 (Python's Decimal reads any
    script's digits).  A JSON number is ASCII and the export writes one; such a text was typed by hand or by another
    tool, as a person types into the form (which reads full-width digits): the import says so, with the number."""
    offerings, prices = json.loads(json.dumps(tmf620.catalogue_documents(load_catalogue(DEFAULT_PLANS))))
    prices[0]["price"]["value"] = written
    with pytest.raises(tmf620.TmfImportError) as raised:
        tmf620.operator_files(offerings, prices)
    assert str(raised.value) == (f"productOfferingPrice[0].price.value: '{written}' is written in non-ASCII (e.g. "
                                 f"full-width) digits: an export writes a figure as a JSON number (199)")


@pytest.mark.parametrize("prices_too", [False, True])
def test_an_offering_in_another_currency_than_its_operators_first_is_refused(prices_too: bool) -> None:
    """Found by the integrator QA: an offering whose ``operator.currency`` differed from its operator's first
    offering's was only a note (its prices read in the first one's currency); with its prices' units changed too, it
    was refused at a price as "… but china-mobile's prices are in CNY".  A plan file has one currency (an operator split
    over files must say the same in each: the loader's problem.differs), so it is refused at the offering, with both."""
    offerings, prices = json.loads(json.dumps(tmf620.catalogue_documents(load_catalogue(DEFAULT_PLANS))))
    second = offerings[1]
    assert offerings[0]["operator"]["id"] == second["operator"]["id"] == "china-mobile"
    second["operator"]["currency"] = "USD"
    if prices_too:
        refs = {ref["id"] for ref in second["productOfferingPrice"]}
        for pop in prices:
            if pop["id"] in refs:
                pop["price"]["unit"] = "USD"
    with pytest.raises(tmf620.TmfImportError) as raised:
        tmf620.operator_files(offerings, prices)
    assert str(raised.value) == (f"productOffering[1] ({second['id']}).operator.currency: 'USD', but china-mobile's "
                                 f"first offering, productOffering[0] ({offerings[0]['id']}), says 'CNY': an "
                                 "operator's plans and packs are priced in one currency")
