"""TMF620 (``recommender.tmf.tmf620``) pinned: a small catalogue built here exported as product offerings and
prices, every price, unit, characteristic and reference worked out by hand from its plan file, imported back into
the same plan file, and export → import → export the same documents.  In process, no server.  Each test names the
mutants it kills (mutation testing, helper sac)."""

import json
from typing import Any

import pytest

from recommender.catalogue import Catalogue, load_sources
from recommender.tmf import tmf620

UNICOM = """\
operator: {id: china-unicom, name: 中国联通, name_en: China Unicom}
currency: CNY

plans:
  - id: u-39
    name: 联通 39
    name_en: Unicom 39
    monthly_fee: {value: 39.5, source: "assumption: fee", note: "list price"}
    data_gb: {value: 30, source: "assumption: test"}
    voice_minutes: {value: 200, source: "assumption: test"}
    sms: {value: 50, source: "assumption: test"}
    downlink_mbps: {value: 500, source: "assumption: test"}
    uplink_mbps: {value: 50, source: "assumption: test"}
    overage:
      data_per_gb: {value: 3, source: "assumption: test"}
      voice_per_minute: {value: 0.15, source: "assumption: test"}
      sms_each: {value: 0.1, source: "assumption: test"}
    terms:
      promotions:
        - {first_months: 3, monthly_fee: {value: 19.9, source: "assumption: test"}}
        - {first_months: 6, monthly_fee: {value: 29, source: "assumption: test"}}
      one_off_fee: {value: 50, source: "assumption: test"}
      minimum_term_months: 12
      minimum_monthly_spend: {value: 45, source: "assumption: test"}
  - id: u-family
    name: 联通 家庭
    name_en: Unicom family
    monthly_fee: {value: 188, source: "assumption: test"}
    data_gb: {value: 150, source: "assumption: test"}
    voice_minutes: {value: 1000, source: "assumption: test"}
    sms: {value: 0, source: "assumption: test"}
    downlink_mbps: {value: 1000, source: "assumption: test"}
    uplink_mbps: {value: 100, source: "assumption: test"}
    broadband_mbps: {value: 300, source: "assumption: test"}
    extra_lines:
      max: 3
      fee: {value: 10, source: "assumption: test"}
      source: "assumption: test"
    satellite:
      minutes: {value: 10, source: "assumption: test"}
      sms: {value: 5, source: "assumption: test"}
    roaming:
      data_gb: {value: 2, source: "assumption: test"}
      voice_minutes: {value: 60, source: "assumption: test"}
    overage:
      data_per_gb: {value: 5, source: "assumption: test"}
      full_speed_extra_gb: {value: 10, source: "assumption: test"}
      throttle_kbps: {value: 1000, source: "assumption: test"}
      voice_per_minute: {value: 0.2, source: "assumption: test"}
      sms_each: {value: 0.1, source: "assumption: test"}

packs:
  - id: u-data-10
    name: 流量包 10GB
    name_en: data 10 GB
    kind: data
    price: {value: 20, source: "assumption: test"}
    adds:
      data_gb: {value: 10, source: "assumption: test"}
    requires_plans: [u-39, u-family]
    free_with: [u-family]
    excludes: [u-day-up]
  - id: u-day-up
    name: 上行日包
    name_en: uplink day pack
    kind: speed
    billing: per_day
    price: {value: 5, source: "assumption: test"}
    uplink_mbps: {value: 300, source: "assumption: test"}
    downlink_mbps: {value: 1000, source: "assumption: test"}
    adds:
      roaming_data_gb: {value: 1, source: "assumption: test"}
  - id: u-voice-once
    name: 语音 100分钟
    name_en: voice 100 min
    kind: service
    billing: per_use
    price: {value: 9.9, source: "assumption: test"}
    max_count: 3
    adds:
      voice_minutes: {value: 100, source: "assumption: test"}
      sms: {value: 20, source: "assumption: test"}
      roaming_voice_minutes: {value: 30, source: "assumption: test"}
    requires_plans: [u-39]
  - id: u-fibre
    name: 宽带
    name_en: fibre
    kind: broadband
    price: {value: 40, source: "assumption: test"}
    install_fee: {value: 120, source: "assumption: test"}
    broadband_mbps: {value: 1000, source: "assumption: test"}
    group: home
"""
"""Two plans and four packs of one operator, every figure made up: ``u-39`` (¥39.50, promotions, a one-off fee, a
minimum term and spend), ``u-family`` (extra lines, roaming and satellite allowances, broadband, a throttle), a
monthly data pack, a per-day speed pack with a roaming allowance, a per-use voice pack and a broadband pack with an
installation fee."""
PRICES = "/tmf-api/productCatalogManagement/v4/productOfferingPrice"
OFFERINGS = "/tmf-api/productCatalogManagement/v4/productOffering"


def _catalogue(text: str = UNICOM) -> Catalogue:
    return load_sources([("china-unicom.yaml", text.encode())])


def _documents(catalogue: Catalogue) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The export as JSON would carry it."""
    offerings, prices = json.loads(json.dumps(tmf620.catalogue_documents(catalogue)))
    return offerings, prices


T = "assumption: test"
MONTHLY, DAILY, ONCE, USAGE = ("recurring", "month", 1), ("recurring", "day", 1), ("oneTime", None, None), (
    "usage", None, None)
EXPECTED_PRICES = [
    # id, name, priceRole, (priceType, period, its length), price (CNY), unitOfMeasure, meter, source, note
    ("u-39-fee", "联通 39 monthly fee", "fee", MONTHLY, 39.5, None, None, "assumption: fee", "list price"),
    ("u-39-data-allowance", "联通 39: data included", "allowance", MONTHLY, 0, (30, "GB"), "data", T, None),
    ("u-39-voice-allowance", "联通 39: voice included", "allowance", MONTHLY, 0, (200, "minute"), "voice", T, None),
    ("u-39-sms-allowance", "联通 39: sms included", "allowance", MONTHLY, 0, (50, "SMS"), "sms", T, None),
    ("u-39-data-overage", "联通 39: data beyond the allowance", "overage", USAGE, 3, (1, "GB"), "data", T, None),
    ("u-39-voice-overage", "联通 39: voice beyond the allowance", "overage", USAGE, 0.15, (1, "minute"), "voice", T,
     None),
    ("u-39-sms-overage", "联通 39: sms beyond the allowance", "overage", USAGE, 0.1, (1, "SMS"), "sms", T, None),
    ("u-39-promotion-1", "联通 39: the first 3 months' fee", "promotion", MONTHLY, 19.9, None, None, T, None),
    ("u-39-promotion-2", "联通 39: the fee of months 4 to 6", "promotion", MONTHLY, 29, None, None, T, None),
    ("u-39-one-off-charge", "联通 39: one-off fee", "oneOffFee", ONCE, 50, None, None, T, None),
    ("u-39-minimum-spend", "联通 39: minimum monthly spend", "minimumSpend", MONTHLY, 45, None, None, T, None),
    ("u-family-fee", "联通 家庭 monthly fee", "fee", MONTHLY, 188, None, None, T, None),
    ("u-family-data-allowance", "联通 家庭: data included", "allowance", MONTHLY, 0, (150, "GB"), "data", T, None),
    ("u-family-voice-allowance", "联通 家庭: voice included", "allowance", MONTHLY, 0, (1000, "minute"), "voice", T,
     None),
    ("u-family-sms-allowance", "联通 家庭: sms included", "allowance", MONTHLY, 0, (0, "SMS"), "sms", T, None),
    ("u-family-roaming-data-allowance", "联通 家庭: roaming-data included", "allowance", MONTHLY, 0, (2, "GB"),
     "roaming-data", T, None),
    ("u-family-roaming-voice-allowance", "联通 家庭: roaming-voice included", "allowance", MONTHLY, 0, (60, "minute"),
     "roaming-voice", T, None),
    ("u-family-satellite-minutes-allowance", "联通 家庭: satellite-minutes included", "allowance", MONTHLY, 0,
     (10, "minute"), "satellite-minutes", T, None),
    ("u-family-satellite-sms-allowance", "联通 家庭: satellite-sms included", "allowance", MONTHLY, 0, (5, "SMS"),
     "satellite-sms", T, None),
    ("u-family-data-overage", "联通 家庭: data beyond the allowance", "overage", USAGE, 5, (1, "GB"), "data", T, None),
    ("u-family-voice-overage", "联通 家庭: voice beyond the allowance", "overage", USAGE, 0.2, (1, "minute"), "voice",
     T, None),
    ("u-family-sms-overage", "联通 家庭: sms beyond the allowance", "overage", USAGE, 0.1, (1, "SMS"), "sms", T, None),
    ("u-family-extra-line-charge", "联通 家庭: each extra line", "extraLineFee", MONTHLY, 10, None, None, T, None),
    ("u-data-10-price", "流量包 10GB", "packPrice", MONTHLY, 20, None, None, T, None),
    ("u-data-10-data-allowance", "流量包 10GB: data added", "allowance", MONTHLY, 0, (10, "GB"), "data", T, None),
    ("u-day-up-price", "上行日包", "packPrice", DAILY, 5, None, None, T, None),
    ("u-day-up-roaming-data-allowance", "上行日包: roaming-data added", "allowance", DAILY, 0, (1, "GB"),
     "roaming-data", T, None),
    ("u-voice-once-price", "语音 100分钟", "packPrice", ONCE, 9.9, None, None, T, None),
    ("u-voice-once-voice-allowance", "语音 100分钟: voice added", "allowance", ONCE, 0, (100, "minute"), "voice", T,
     None),
    ("u-voice-once-sms-allowance", "语音 100分钟: sms added", "allowance", ONCE, 0, (20, "SMS"), "sms", T, None),
    ("u-voice-once-roaming-voice-allowance", "语音 100分钟: roaming-voice added", "allowance", ONCE, 0,
     (30, "minute"), "roaming-voice", T, None),
    ("u-fibre-price", "宽带", "packPrice", MONTHLY, 40, None, None, T, None),
    ("u-fibre-installation-charge", "宽带: installation fee", "installationFee", ONCE, 120, None, None, T, None),
]
"""Every figure of the plan file with a price or a quantity, in its order: an allowance is free (price 0) for its
``unitOfMeasure`` amount, an overage is the price of 1 unit, a pack's allowance is billed as its price (a day, or
once); the terms', extra lines' and installation fee's prices are informative."""


def _price_row(price: dict[str, Any]) -> tuple[Any, ...]:
    unit = price.get("unitOfMeasure")
    return (price["id"], price["name"], price["priceRole"], (price["priceType"], price.get("recurringChargePeriodType"),
            price.get("recurringChargePeriodLength")), price["price"]["value"],
            None if unit is None else (unit["amount"], unit["units"]), price["meter"], price["source"], price["note"])


def test_every_figure_is_a_price_of_its_role_type_unit_and_amount() -> None:
    """The prices of the small catalogue, each worked out from the plan file above (``EXPECTED_PRICES``): money in
    CNY as JSON numbers (¥39.50 is 39.5), every price ``Active``, no bundle, its own href, ``@type``
    ``SourcedProductOfferingPrice``; the promotions run months 1-3 (``fromMonth`` 1, ``firstMonths`` 3) then 4-6;
    the extra-line fee says its ``maxLines``, 3.  Kills tmf620 ``_price`` / ``_plan_documents`` /
    ``_pack_documents`` / ``number`` mutants (see the commit)."""
    _offerings, prices = _documents(_catalogue())
    assert [_price_row(p) for p in prices] == [(*row[:5], None if row[5] is None else tuple(row[5]), *row[6:])
                                               for row in EXPECTED_PRICES]
    for price in prices:
        assert (price["href"], price["isBundle"], price["lifecycleStatus"], price["price"]["unit"]) == (
            f"{PRICES}/{price['id']}", False, "Active", "CNY"), price["id"]
        assert (price["@type"], price["@baseType"], price["@schemaLocation"]) == (
            "SourcedProductOfferingPrice", "ProductOfferingPrice",
            "https://example.invalid/5g-a-tariff-recommender/tmf/SourcedProductOfferingPrice.schema.json")
    extra = {p["id"]: {k: p[k] for k in ("firstMonths", "fromMonth", "maxLines") if k in p} for p in prices}
    assert {k: v for k, v in extra.items() if v} == {
        "u-39-promotion-1": {"firstMonths": 3, "fromMonth": 1}, "u-39-promotion-2": {"firstMonths": 6, "fromMonth": 4},
        "u-family-extra-line-charge": {"maxLines": 3}}
    assert isinstance(next(p for p in prices if p["id"] == "u-39-fee")["price"]["value"], float)
    assert isinstance(next(p for p in prices if p["id"] == "u-family-fee")["price"]["value"], int)


def _ref(kind: str, ident: str, name: str) -> dict[str, str]:
    base = OFFERINGS if kind == "ProductOffering" else PRICES
    return {"id": ident, "href": f"{base}/{ident}", "name": name, "@referredType": kind}


def _speed(name: str, value: int, unit: str = "Mbps", source: str = T) -> dict[str, Any]:
    return {"name": name, "valueType": "integer", "productSpecCharacteristicValue": [{
        "value": value, "unitOfMeasure": unit, "valueType": "integer", "isDefault": True,
        "@type": "SourcedCharacteristicValue", "@baseType": "CharacteristicValueSpecification",
        "@schemaLocation": "https://example.invalid/5g-a-tariff-recommender/tmf/SourcedCharacteristicValue.schema.json",
        "source": source, "note": None}]}


def test_every_offering_says_its_kind_prices_speeds_rules_and_the_rest_of_its_plan_file() -> None:
    """The offerings, worked out from the plan file: each plan and pack in file order, its prices referred to by id
    and name, its speeds as characteristics (a plan's broadband speed and throttle too, 300 Mbps and 1000 kbps; a
    pack's broadband speed is no characteristic of packs, so it travels in ``planFileFields``), a pack's rules as
    relationships (the data pack requires both plans, is free with ``u-family`` and excludes the day pack; a pack
    naming no plans requires every plan, ``eligibleWithAnyPlan``), its kind, count and group; the minimum term of
    12 months as a ``productOfferingTerm``; the plan-file fields no TMF field carries (terms, extra lines, the
    throttled plan's full-speed extra GB, billing, installation fee) as written.  Kills tmf620 ``_offering`` /
    ``_characteristics`` / ``_pack_documents`` / ``_unmapped`` mutants (see the commit)."""
    offerings, prices = _documents(_catalogue())
    names = {p["id"]: p["name"] for p in prices}
    plan_names = {"u-39": "联通 39", "u-family": "联通 家庭"}
    assert [(o["id"], o["href"], o["name"], o["description"], o["offeringKind"], o["isSellable"], o["category"])
            for o in offerings] == [
        ("u-39", f"{OFFERINGS}/u-39", "联通 39", "Unicom 39", "basePlan", True,
         [{"id": "base-plan", "name": "base plan", "@referredType": "Category"}]),
        ("u-family", f"{OFFERINGS}/u-family", "联通 家庭", "Unicom family", "basePlan", True,
         [{"id": "base-plan", "name": "base plan", "@referredType": "Category"}]),
        *[(i, f"{OFFERINGS}/{i}", n, e, "addOnPack", True,
           [{"id": "add-on-pack", "name": "add-on pack", "@referredType": "Category"}])
          for i, n, e in (("u-data-10", "流量包 10GB", "data 10 GB"), ("u-day-up", "上行日包", "uplink day pack"),
                          ("u-voice-once", "语音 100分钟", "voice 100 min"), ("u-fibre", "宽带", "fibre"))]]
    by_id = {o["id"]: o for o in offerings}
    for offering in offerings:
        own = [row[0] for row in EXPECTED_PRICES if row[0].rsplit("-", 2)[0] == offering["id"]
               or row[0].rsplit("-", 1)[0] == offering["id"] or row[0].rsplit("-", 3)[0] == offering["id"]]
        assert offering["productOfferingPrice"] == [_ref("ProductOfferingPrice", i, names[i]) for i in own]
        assert (offering["lifecycleStatus"], offering["isBundle"], offering["benefits"], "validFor" in offering) == (
            "Active", False, [], False)
        assert (offering["@type"], offering["@baseType"]) == ("TariffProductOffering", "ProductOffering")
        assert offering["operator"] == {"id": "china-unicom", "name": "中国联通", "nameEn": "China Unicom",
                                        "currency": "CNY", "country": "CN", "memberships": []}
        assert offering["eligibility"] is None
    assert [len(o["productOfferingPrice"]) for o in offerings] == [11, 12, 2, 2, 4, 2]
    assert by_id["u-39"]["prodSpecCharValueUse"] == [_speed("downlinkMbps", 500), _speed("uplinkMbps", 50)]
    assert by_id["u-family"]["prodSpecCharValueUse"] == [
        _speed("downlinkMbps", 1000), _speed("uplinkMbps", 100), _speed("broadbandMbps", 300),
        _speed("throttleKbps", 1000, "kbps")]
    assert by_id["u-day-up"]["prodSpecCharValueUse"] == [_speed("downlinkMbps", 1000), _speed("uplinkMbps", 300)]
    assert by_id["u-fibre"]["prodSpecCharValueUse"] == by_id["u-data-10"]["prodSpecCharValueUse"] == []
    assert (by_id["u-39"]["productOfferingRelationship"], by_id["u-family"]["productOfferingRelationship"]) == ([], [])
    assert by_id["u-39"]["productOfferingTerm"] == [{
        "name": "minimum term", "description": "联通 39: a minimum term of 12 months",
        "duration": {"amount": 12, "units": "month"}}]
    assert by_id["u-family"]["productOfferingTerm"] == []
    assert by_id["u-39"]["planFileFields"] == {"terms": {
        "promotions": [{"first_months": 3, "monthly_fee": {"value": "19.9", "source": T}},
                       {"first_months": 6, "monthly_fee": {"value": "29", "source": T}}],
        "one_off_fee": {"value": "50", "source": T}, "minimum_term_months": 12,
        "minimum_monthly_spend": {"value": "45", "source": T}}}
    assert by_id["u-family"]["planFileFields"] == {
        "extra_lines": {"max": 3, "fee": {"value": "10", "source": T}, "source": T},
        "overage": {"full_speed_extra_gb": {"value": "10", "source": T}}}

    def related(pack: str) -> list[tuple[str, str, str]]:
        return [(r["id"], r["relationshipType"], r["name"]) for r in by_id[pack]["productOfferingRelationship"]
                if r == {**_ref("ProductOffering", r["id"], r["name"]), "relationshipType": r["relationshipType"]}]

    both = [("u-39", "requires", plan_names["u-39"]), ("u-family", "requires", plan_names["u-family"])]
    assert related("u-data-10") == [*both, ("u-family", "freeWith", "联通 家庭"), ("u-day-up", "excludes", "上行日包")]
    assert related("u-day-up") == related("u-fibre") == both
    assert related("u-voice-once") == [("u-39", "requires", "联通 39")]
    packs = {i: {k: by_id[i][k] for k in ("packKind", "satellite", "maxCount", "group", "eligibleWithAnyPlan",
                                           "planFileFields")} for i in ("u-data-10", "u-day-up", "u-voice-once",
                                                                       "u-fibre")}
    assert packs == {
        "u-data-10": {"packKind": "data", "satellite": False, "maxCount": 1, "group": None,
                      "eligibleWithAnyPlan": False, "planFileFields": {}},
        # (a per-day pack may be bought each day of a month: up to 31, the plan file's default for per_day)
        "u-day-up": {"packKind": "speed", "satellite": False, "maxCount": 31, "group": None,
                     "eligibleWithAnyPlan": True, "planFileFields": {"billing": "per_day"}},
        "u-voice-once": {"packKind": "service", "satellite": False, "maxCount": 3, "group": None,
                         "eligibleWithAnyPlan": False, "planFileFields": {"billing": "per_use"}},
        "u-fibre": {"packKind": "broadband", "satellite": False, "maxCount": 1, "group": "home",
                    "eligibleWithAnyPlan": True, "planFileFields": {"install_fee": {"value": "120", "source": T},
                                                                    "broadband_mbps": {"value": "1000", "source": T}}}}


def test_export_import_export_gives_the_same_plan_file_and_documents() -> None:
    """The documents import back into the plan file they came from (every figure, provenance and rule), written as
    YAML it loads as the same catalogue, whose export is the same documents, with nothing the import did not carry.
    The documents it is given are left as they were (it wrote the figures it read into their nested
    ``planFileFields`` parts, ``overage`` here, Decimals a JSON encoder then refuses).  Kills tmf620 import mutants
    (see the commit)."""
    catalogue = _catalogue()
    offerings, prices = _documents(catalogue)
    files = tmf620.operator_files(offerings, prices)
    assert (offerings, prices) == _documents(catalogue)
    assert files == list(catalogue.specs)
    again = _catalogue(tmf620.plan_yaml(files[0]))
    assert again.specs == catalogue.specs and (again.plans, again.packs) == (catalogue.plans, catalogue.packs)
    assert _documents(again) == _documents(catalogue)
    assert tmf620.not_imported(*_documents(catalogue), files) == []


def _refusal(edit: str) -> str:
    """What the import says of the small catalogue's export with one edit."""
    offerings, prices = _documents(_catalogue())
    offering = {o["id"]: o for o in offerings}
    price = {p["id"]: p for p in prices}
    if edit == "meter":
        price["u-39-data-allowance"]["meter"] = "video"
    elif edit == "plan price role":
        price["u-39-one-off-charge"]["priceRole"] = "packPrice"
    elif edit == "pack price role":
        price["u-data-10-price"]["priceRole"] = "fee"
    elif edit == "relationship":
        offering["u-data-10"]["productOfferingRelationship"][3]["relationshipType"] = "replaces"
    elif edit == "no operator":
        del offering["u-day-up"]["operator"]
    elif edit == "offering kind":
        offering["u-fibre"]["offeringKind"] = "gadget"
    elif edit == "promotion edited":
        price["u-39-promotion-2"]["price"]["value"] = 25
    elif edit == "promotion's months":
        price["u-39-promotion-2"]["fromMonth"] = 5
    elif edit == "installation fee":
        price["u-fibre-installation-charge"]["price"]["value"] = 100
    elif edit == "allowance below zero":
        price["u-family-roaming-data-allowance"]["unitOfMeasure"]["amount"] = -2
    elif edit == "digits mixed":
        price["u-fibre-price"]["price"]["value"] = "4０"
    elif edit == "a figure true":
        price["u-39-fee"]["price"]["value"] = True
    elif edit == "a figure a list":
        price["u-39-data-overage"]["price"]["value"] = [3]
    elif edit == "half below zero":
        price["u-39-sms-overage"]["price"]["value"] = -0.5
    elif edit == "unknown characteristic":
        offering["u-39"]["prodSpecCharValueUse"][1]["name"] = "colourDepth"
    elif edit == "two speeds":
        values = offering["u-day-up"]["prodSpecCharValueUse"][1]["productSpecCharacteristicValue"]
        values.append({**values[0], "value": 500})
    elif edit == "plan-file field in a list":
        offering["u-39"]["planFileFields"]["terms"]["promotions"][0]["monthly_fee"]["source"] = 7
    elif edit == "minimum term":
        offering["u-39"]["productOfferingTerm"][0]["duration"]["amount"] = 24
    with pytest.raises(tmf620.TmfImportError) as raised:
        tmf620.operator_files(offerings, prices)
    return str(raised.value)


@pytest.mark.parametrize(("edit", "said"), [
    ("meter", "productOfferingPrice[1]: unknown meter 'video'"),
    ("plan price role", "productOfferingPrice[9]: a base plan's price is a fee, an allowance, an overage or one of "
                        "its terms, not 'packPrice'"),
    ("pack price role", "productOfferingPrice[23]: an add-on pack's price is its price, an allowance or its "
                        "installation fee, not 'fee'"),
    ("relationship", "productOffering[2] (u-data-10).productOfferingRelationship[3]: unknown relationshipType "
                     "'replaces'"),
    ("no operator", "productOffering[3] (u-day-up): no operator (the TariffProductOffering extension)"),
    ("offering kind", "productOffering[5] (u-fibre): offeringKind must be basePlan or addOnPack, not 'gadget'"),
    ("promotion edited", "productOfferingPrice[8]: this price differs from "
                         "planFileFields.terms.promotions[1].monthly_fee ('29'), where the import reads the figure: "
                         "edit it there"),
    ("promotion's months", "productOfferingPrice[8].fromMonth: this price differs from "
                           "planFileFields.terms.promotions[1].first_months (6), where the import reads the figure: "
                           "edit it there"),
    ("installation fee", "productOfferingPrice[32]: this price differs from planFileFields.install_fee ('120'), where "
                         "the import reads the figure: edit it there"),
    ("allowance below zero", "productOfferingPrice[15].unitOfMeasure.amount: -2 is below 0: an export's prices and "
                             "figures are 0 or more"),
    ("digits mixed", "productOfferingPrice[31].price.value: '4０' is written in non-ASCII (e.g. full-width) digits: "
                     "an export writes a figure as a JSON number (40)"),
    ("a figure true", "productOfferingPrice[0].price.value: a number is needed, not true"),
    ("a figure a list", "productOfferingPrice[4].price.value: a number is needed, not [3]"),
    ("half below zero", "productOfferingPrice[6].price.value: -0.5 is below 0: an export's prices and figures are 0 "
                        "or more"),
    ("unknown characteristic", "productOffering[0] (u-39).prodSpecCharValueUse: unknown characteristic "
                               "'colourDepth' (or not one value)"),
    ("two speeds", "productOffering[3] (u-day-up).prodSpecCharValueUse: unknown characteristic 'uplinkMbps' (or not "
                   "one value)"),
    ("minimum term", "productOffering[0] (u-39).productOfferingTerm: this term differs from "
                     "planFileFields.terms.minimum_term_months (12), where the import reads it: edit it there"),
    ("plan-file field in a list", "operator china-unicom: productOffering[0] (u-39): plan-file field "
                                  "terms.promotions[0].monthly_fee.source: Input should be a valid string"),
])
def test_an_edit_the_import_cannot_carry_is_refused_at_its_place(edit: str, said: str) -> None:
    """Each refused at the price or offering edited, counted in the export above (prices: u-39's 0-10, u-family's
    11-22, the data pack's 23-24, the day pack's 25-26, the voice pack's 27-30, the fibre pack's 31-32; offerings:
    u-39, u-family, then the packs 2-5): a meter no plan file has, a role a plan's or pack's price cannot have, a
    relationship type, an offering without its operator or of another kind, an informative price (the second
    promotion's ¥29.00 and its months 4-6, the installation fee ¥120.00, the 12-month term) edited alone, a negative
    allowance, a figure in digits some of which are full-width ("4０"), a figure that is ``true`` or a list, one of
    -0.5, a characteristic unknown or with two values; a plan-file field in a list at its index in brackets, as the
    other paths are (``promotions[0]``, not ``promotions.0``).  Kills tmf620 import mutants (see the commit)."""
    assert _refusal(edit) == said


def test_a_sale_window_open_at_one_end_and_benefits_with_their_provenance_travel() -> None:
    """``u-family`` on sale from 2025-03-01 on (no end), the fibre pack until 2026-06-30 (no start): each
    ``validFor`` has only its own end, in China's offset (+08:00), the start at 00:00:00 and the end at 23:59:59.
    ``u-39``'s benefits [gold-card, video] with a source and a note say both; the data pack's [cloud-drive] with a
    source alone says no note; a list alone says neither.  All come back on import.  Kills tmf620 ``_offering`` line
    243 'available_from is None and available_until is None' as 'or' (mutant 156: no validFor), lines 244-245 'if
    available_from/until' forced True (mutants 159, 161: "NoneT00:00:00+08:00"), lines 260-261 the benefits note
    (mutants 173-175)."""
    text = UNICOM.replace("    name_en: Unicom family\n", "    name_en: Unicom family\n    eligibility: "
                          '{available_from: "2025-03-01", source: "assumption: test"}\n', 1)
    text = text.replace("    name_en: fibre\n", "    name_en: fibre\n    eligibility: "
                        '{available_until: "2026-06-30", source: "assumption: test"}\n', 1)
    text = text.replace("    name_en: Unicom 39\n", "    name_en: Unicom 39\n    benefits: {value: [gold-card, video], "
                        'source: "assumption: benefits", note: "as advertised"}\n', 1)
    text = text.replace("    name_en: data 10 GB\n", "    name_en: data 10 GB\n    benefits: {value: [cloud-drive], "
                        'source: "assumption: benefits"}\n', 1)
    text = text.replace("    name_en: uplink day pack\n", "    name_en: uplink day pack\n    benefits: [video]\n", 1)
    catalogue = _catalogue(text)
    offerings, prices = _documents(catalogue)
    said = {o["id"]: (o.get("validFor"), o["benefits"], o.get("benefitsSource"), o.get("benefitsNote"))
            for o in offerings}
    assert said == {
        "u-39": (None, ["gold-card", "video"], "assumption: benefits", "as advertised"),
        "u-family": ({"startDateTime": "2025-03-01T00:00:00+08:00"}, [], None, None),
        "u-data-10": (None, ["cloud-drive"], "assumption: benefits", None),
        "u-day-up": (None, ["video"], None, None),
        "u-voice-once": (None, [], None, None),
        "u-fibre": ({"endDateTime": "2026-06-30T23:59:59+08:00"}, [], None, None)}
    assert "benefitsNote" not in next(o for o in offerings if o["id"] == "u-data-10")
    assert tmf620.operator_files(offerings, prices) == list(catalogue.specs)


def test_the_plan_file_an_import_writes_is_plain_yaml_in_the_plan_files_order() -> None:
    """The YAML ``plan_yaml`` writes of the imported file: the header, then the operator and each plan's fields in
    the plan files' order (``id``, ``name``, ``name_en``, ``monthly_fee``), Chinese written as it is, figures as
    plain numbers: ¥39.50 as ``39.5``, 30 GB as ``30``, and a figure a BSS wrote as ``30.0`` (read as the decimal
    30.0) as ``30.0`` with no YAML tag (``!!int``/``!!float``).  Kills tmf620 ``_represent_decimal`` line 871-872
    (mutants 1068, 1069, 1070, 1073: ``!!float '30'`` or ``!!int '30.0'``), ``plan_yaml`` line 895
    ``allow_unicode=True``/``sort_keys=False`` flipped (mutants 1095, 1096)."""
    offerings, prices = _documents(_catalogue())
    next(p for p in prices if p["id"] == "u-family-data-allowance")["unitOfMeasure"]["amount"] = 150.0
    (spec,) = tmf620.operator_files(offerings, prices)
    text = tmf620.plan_yaml(spec)
    assert text.startswith("# yaml-language-server: $schema=../schema/plans.schema.json\n#\n# China Unicom: imported "
                           "from a TMF620 product catalogue export.\noperator:\n  id: china-unicom\n  name: 中国联通\n"
                           "  name_en: China Unicom\ncurrency: CNY\nplans:\n- id: u-39\n  name: 联通 39\n"
                           "  name_en: Unicom 39\n  monthly_fee:\n    value: 39.5\n    source: 'assumption: fee'\n"
                           "    note: list price\n  data_gb:\n    value: 30\n"), text[:600]
    assert "  data_gb:\n    value: 150.0\n" in text and "!!" not in text
    assert _catalogue(text).specs == _catalogue().specs


def test_an_offering_without_the_empty_fields_imports_as_it_did() -> None:
    """A BSS may drop what is empty: ``u-39`` without ``benefits``, ``prodSpecCharValueUse`` of the fibre pack and
    ``planFileFields`` of the data pack: the import reads the same plan file (no benefits, no speeds, no other
    field).  A document from before ``productOfferingTerm`` was written (none on ``u-family``) is not checked for
    it, and one term given as an object, not a list (``u-39``'s 12 months), is read as that term.  Kills tmf620
    ``_common`` line 390 'if offering.get("benefits")' forced True (mutant 336: a KeyError), ``_same_term`` line 443
    'if said is None: return' forced False or deleted (mutants 430, 431, 433: refused), line 448 'said if
    isinstance(said, list) else [said]' forced True (mutant 442: refused)."""
    catalogue = _catalogue()
    offerings, prices = _documents(catalogue)
    by_id = {o["id"]: o for o in offerings}
    del by_id["u-39"]["benefits"], by_id["u-fibre"]["prodSpecCharValueUse"], by_id["u-data-10"]["planFileFields"]
    del by_id["u-family"]["productOfferingTerm"]
    by_id["u-39"]["productOfferingTerm"] = by_id["u-39"]["productOfferingTerm"][0]
    assert tmf620.operator_files(offerings, prices) == list(catalogue.specs)
