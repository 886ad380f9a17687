"""``import tmf620``'s refusals are codes worded in ``--lang`` (found by the integrator QA: with ``--lang zh`` they were
English after a Chinese "错误："); in English they are what they were, byte for byte (the strings below are the import's
before it said them as codes)."""

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from recommender.catalogue import DEFAULT_PLANS, load_catalogue
from recommender.cli import main
from recommender.messages import render
from recommender.tmf import tmf620

Documents = list[dict[str, Any]]
OFFERINGS, PRICES = json.loads(json.dumps(tmf620.catalogue_documents(load_catalogue(DEFAULT_PLANS))))
pack_i = next(i for i, o in enumerate(OFFERINGS) if o["offeringKind"] == "addOnPack")


def _b_price_unit(o: Documents, p: Documents) -> None:
    p[0]["price"]["unit"] = "USD"


def _b_satellite(o: Documents, p: Documents) -> None:
    o[pack_i]["satellite"] = "no"


def _b_benefits(o: Documents, p: Documents) -> None:
    o[pack_i]["benefits"] = "gold"


def _b_kind(o: Documents, p: Documents) -> None:
    o[0]["offeringKind"] = "gadget"


def _b_missing_price(o: Documents, p: Documents) -> None:
    del p[0]


def _b_bool(o: Documents, p: Documents) -> None:
    p[0]["price"]["value"] = True


def _b_unit_word(o: Documents, p: Documents) -> None:
    p[0]["price"]["value"] = "199元"


def _b_no_operator(o: Documents, p: Documents) -> None:
    del o[0]["operator"]


def _b_not_object(o: Documents, p: Documents) -> None:
    p[3] = "x"  # type: ignore[call-overload]  # (deliberately not an object: the documents are refused)


def _b_twice_price(o: Documents, p: Documents) -> None:
    p.append(p[0])


def _b_twice_offering(o: Documents, p: Documents) -> None:
    o.append(o[0])


def _b_meter(o: Documents, p: Documents) -> None:
    p[1]["meter"] = "fax"


def _b_role(o: Documents, p: Documents) -> None:
    p[0]["priceRole"] = "gift"


def _b_pack_role(o: Documents, p: Documents) -> None:
    ref = o[pack_i]["productOfferingPrice"][0]["id"]
    next(x for x in p if x["id"] == ref)["priceRole"] = "gift"


def _b_rel(o: Documents, p: Documents) -> None:
    o[pack_i]["productOfferingRelationship"][0]["relationshipType"] = "loves"


def _b_no_elig(o: Documents, p: Documents) -> None:
    del o[0]["eligibility"]


def _b_char(o: Documents, p: Documents) -> None:
    o[0]["prodSpecCharValueUse"][0]["name"] = "colour"


def _b_pack_char(o: Documents, p: Documents) -> None:
    o[pack_i]["prodSpecCharValueUse"].append({**o[0]["prodSpecCharValueUse"][0],
                                              "name": "broadbandMbps"})


def _b_char_unit(o: Documents, p: Documents) -> None:
    value = o[0]["prodSpecCharValueUse"][0]["productSpecCharacteristicValue"][0]
    value["unitOfMeasure"] = "Gbps"


def _b_shape(o: Documents, p: Documents) -> None:
    o[0]["planFileFields"] = [1]


def _b_period(o: Documents, p: Documents) -> None:
    p[0]["recurringChargePeriodType"] = "year"


def _b_lifecycle(o: Documents, p: Documents) -> None:
    o[0]["lifecycleStatus"] = "Retired"


def _b_copy(o: Documents, p: Documents) -> None:
    o[pack_i]["planFileFields"]["free_with"] = ["x"]


def _b_copy_requires(o: Documents, p: Documents) -> None:
    o[pack_i]["planFileFields"]["requires_plans"] = ["x"]
    o[pack_i]["eligibleWithAnyPlan"] = False


def _b_elig_copy(o: Documents, p: Documents) -> None:
    o[0]["eligibility"] = None
    o[0]["planFileFields"]["eligibility"] = {"x": 1}


def _b_whole_fen(o: Documents, p: Documents) -> None:
    p[0]["price"]["value"] = 59.999


def _b_name_missing(o: Documents, p: Documents) -> None:
    del o[pack_i]["name"]


BREAKAGES: dict[str, Callable[[Documents, Documents], None]] = {
    name.removeprefix("_b_"): f for name, f in dict(globals()).items() if name.startswith("_b_")}
ENGLISH = {
    "price_unit": "productOfferingPrice[0].price.unit: 'USD', but china-mobile's prices are in CNY",
    "satellite": "productOffering[3] (cm-scene-live).satellite: true or false, not 'no'",
    "benefits": "productOffering[3] (cm-scene-live).benefits: a list of benefit ids, not 'gold'",
    "kind": "productOffering[0] (cm-5ga-199): offeringKind must be basePlan or addOnPack, not 'gadget'",
    "missing_price": "productOffering[0] (cm-5ga-199): productOfferingPrice 'cm-5ga-199-fee' is not in the export",
    "bool": "productOfferingPrice[0].price.value: a number is needed, not true",
    "unit_word": ("operator china-mobile: productOffering[0] (cm-5ga-199): plan-file field monthly_fee.value: '199元' "
        "is not a number: write the number alone, without its unit (value: 199)"),
    "no_operator": "productOffering[0] (cm-5ga-199): no operator (the TariffProductOffering extension)",
    "not_object": "productOfferingPrice[3]: not a JSON object",
    "twice_price": "productOfferingPrice[167]: id 'cm-5ga-199-fee' is given twice (first at productOfferingPrice[0])",
    "twice_offering": "productOffering[37]: id 'cm-5ga-199' is given twice (first at productOffering[0])",
    "meter": "productOfferingPrice[1]: unknown meter 'fax'",
    "role": ("productOfferingPrice[0]: a base plan's price is a fee, an allowance, an overage or one of its "
        "terms, not 'gift'"),
    "pack_role": ("productOfferingPrice[26]: an add-on pack's price is its price, an allowance or its installation "
        "fee, not 'gift'"),
    "rel": "productOffering[3] (cm-scene-live).productOfferingRelationship[0]: unknown relationshipType 'loves'",
    "no_elig": ("productOffering[0] (cm-5ga-199).eligibility: missing; the export writes it on every offering, "
        "null when it is sold to anyone: an offering without it would be sold to everyone"),
    "char": "productOffering[0] (cm-5ga-199).prodSpecCharValueUse: unknown characteristic 'colour' (or not one value)",
    "pack_char": ("productOffering[3] (cm-scene-live).prodSpecCharValueUse: 'broadbandMbps' is not a characteristic "
        "of an add-on pack (it has downlinkMbps, uplinkMbps)"),
    "char_unit": ("productOffering[0] (cm-5ga-199).downlinkMbps.unitOfMeasure: 'Gbps', but the import reads "
        "downlinkMbps in Mbps: give the value in Mbps"),
    "shape": ("productOffering[0] (cm-5ga-199): a part is not shaped as the export writes it (cannot convert "
        "dictionary update sequence element #0 to a sequence)"),
    "period": ("productOfferingPrice[0].recurringChargePeriodType: 'year', but the import reads this fee as "
        "'month' (it cannot carry this edit: give the figure in those terms)"),
    "lifecycle": ("productOffering[0] (cm-5ga-199).lifecycleStatus: 'Retired', but the plan file read from this "
        "offering says 'Active': the import cannot carry this edit (an offering no longer sold is left out "
        "of the documents, or given an eligibility window)"),
    "copy": ("productOffering[3] (cm-scene-live).planFileFields.free_with: ['x'], but the plan file read from "
        "this offering says null: edit it in its TMF field and remove this copy (an export writes it there "
        "only)"),
    "copy_requires": ("productOffering[3] (cm-scene-live).planFileFields.requires_plans: ['x'], but the plan file read "
        "from this offering says ['cm-5ga-199', 'cm-5ga-299', 'cm-5ga-399']: the plans a pack is sold on "
        "are its productOfferingRelationship 'requires' (all the operator's plans with "
        "eligibleWithAnyPlan): make the edit there and remove this copy (an export writes it there only)"),
    "elig_copy": ("operator china-mobile: productOffering[0] (cm-5ga-199): plan-file field eligibility.source: Field "
        "required; productOffering[0] (cm-5ga-199): plan-file field eligibility.x: Extra inputs are not "
        "permitted"),
    "whole_fen": ("operator china-mobile: productOffering[0] (cm-5ga-199): plan-file field monthly_fee.value: Value "
        "error, 59.999 yuan is not a whole number of fen"),
    "name_missing": ("operator china-mobile: productOffering[3] (cm-scene-live): plan-file field name: Input should be "
        "a valid string"),
}
"""What the import said of each breakage before its refusals were codes (its English then, kept)."""


@pytest.mark.parametrize("breakage", sorted(ENGLISH))
def test_a_refusal_says_in_english_what_it_said_before_and_in_chinese_as_a_code(breakage: str) -> None:
    offerings, prices = copy.deepcopy(OFFERINGS), copy.deepcopy(PRICES)
    BREAKAGES[breakage](offerings, prices)
    with pytest.raises(tmf620.TmfImportError) as raised:
        tmf620.operator_files(offerings, prices)
    assert str(raised.value) == render(raised.value.reason, "en") == ENGLISH[breakage]
    chinese = render(raised.value.reason, "zh")
    assert chinese != ENGLISH[breakage] and "{" not in chinese


def _write(folder: Path, offerings: Documents, prices: Documents) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "productOffering.json").write_text(json.dumps(offerings, ensure_ascii=False), encoding="utf-8")
    (folder / "productOfferingPrice.json").write_text(json.dumps(prices, ensure_ascii=False), encoding="utf-8")


def test_the_commands_refusals_are_in_its_language_and_in_english_as_before(tmp_path: Path) -> None:
    """``--lang zh``: each refusal of the command in Chinese (exit 1, nothing written, as before); English as before."""
    export, plans = tmp_path / "export", tmp_path / "plans"
    offerings, prices = copy.deepcopy(OFFERINGS), copy.deepcopy(PRICES)
    prices[0]["price"]["unit"] = "USD"
    _write(export, offerings, prices)

    def run(*args: str) -> tuple[int, str]:
        result = CliRunner().invoke(main, ["import", "tmf620", str(export), "--out", str(plans), *args])
        return result.exit_code, result.output

    assert run() == (1, f"Error: cannot import {export}: productOfferingPrice[0].price.unit: 'USD', but "
                        "china-mobile's prices are in CNY\n")
    assert run("--lang", "zh") == (1, f"错误：无法导入 {export}：productOfferingPrice[0].price.unit：'USD'，但 "
                                      "china-mobile 的价格以 CNY 计\n")
    assert not plans.exists()
    _write(export, [], [])
    assert run() == (1, f"Error: cannot import {export}: productOffering.json has no offerings (nothing written)\n")
    assert run("--lang", "zh") == (1, f"错误：无法导入 {export}：productOffering.json 中没有商品（未写入任何文件）\n")
    (export / "productOfferingPrice.json").write_text("{", encoding="utf-8")
    assert run("--lang", "zh")[1].startswith(f"错误：{export / 'productOfferingPrice.json'}：不是有效的 JSON（")
    _write(export, OFFERINGS, PRICES)
    assert run()[0] == 0
    written = sorted(str(p) for p in plans.iterdir())
    assert run() == (1, f"Error: would overwrite {', '.join(written)}: pass --force, or --out another folder\n")
    assert run("--lang", "zh") == (1, f"错误：将覆盖 {'、'.join(written)}：请加 --force，或用 --out 指定另一个文件夹\n")


def test_a_path_refused_is_said_in_the_commands_language(tmp_path: Path) -> None:
    """Found by the product-analyst review: ``export tmf620``, ``import tmf620`` and ``schema`` took their paths as
    click's own ``Path``, whose refusals are English: ``--lang zh`` said "错误：FOLDER 的值无效：Directory '/x' does not
    exist."  They take ``cli_lang.PathType`` as the other commands do: Chinese in zh, English as before."""
    missing, file = tmp_path / "missing", tmp_path / "file.json"
    file.write_text("{}", encoding="utf-8")
    cases = [
        (["import", "tmf620", str(missing), "--out", str(tmp_path / "o")],
         f"Error: Invalid value for 'FOLDER': Directory '{missing}' does not exist.",
         f"FOLDER 的值无效：“{missing}”不存在"),
        (["import", "tmf620", str(file), "--out", str(tmp_path / "o")],
         f"Error: Invalid value for 'FOLDER': Directory '{file}' is a file.",
         f"FOLDER 的值无效：“{file}”是文件，这里需要的是文件夹"),
        (["export", "tmf620", "--plans", str(missing), "--out", str(tmp_path / "e")],
         f"Error: Invalid value for '--plans': Path '{missing}' does not exist.",
         f"--plans 的值无效：“{missing}”不存在"),
        (["export", "tmf620", "--out", str(file)],
         f"Error: Invalid value for '--out': Directory '{file}' is a file.",
         f"--out 的值无效：“{file}”是文件，这里需要的是文件夹"),
        (["schema", "--out", str(tmp_path)],
         f"Error: Invalid value for '--out': File '{tmp_path}' is a directory.",
         f"--out 的值无效：“{tmp_path}”是文件夹，这里需要的是文件"),
    ]
    for args, english, chinese in cases:
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 2 and result.output.splitlines()[-1] == english, result.output
        result = CliRunner().invoke(main, [*args, "--lang", "zh"])
        last = result.output.splitlines()[-1]
        assert result.exit_code == 2 and last == f"错误：{chinese}", result.output


def test_an_offering_without_its_id_is_said_at_its_place_without_a_python_none() -> None:
    """Found by the product-analyst review: an offering whose ``id`` was left out was refused as ``productOffering[2]
    (None): plan-file field id: …``, Python's None for the id it does not have, in English and Chinese."""
    offerings, prices = copy.deepcopy(OFFERINGS), copy.deepcopy(PRICES)
    del offerings[2]["id"]
    with pytest.raises(tmf620.TmfImportError) as raised:
        tmf620.operator_files(offerings, prices)
    for lang in ("en", "zh"):
        said = render(raised.value.reason, lang)
        assert "None" not in said and "productOffering[2]" in said, said
    assert "productOffering[2]: plan-file field id: " in str(raised.value)


def test_a_plan_file_problem_of_the_import_is_in_its_language_at_its_offering(tmp_path: Path) -> None:
    """The plan-file checks' problems an import finds (a pack requiring a plan the export no longer has) are said at
    their offering in ``--lang`` too; in English as before."""
    offerings = [o for o in OFFERINGS if o["id"] != "ct-5g-59"]
    _write(tmp_path / "export", offerings, PRICES)
    plus = next(i for i, o in enumerate(offerings) if o["id"] == "ct-5ga-plus")
    said = {}
    for lang in ("en", "zh"):
        result = CliRunner().invoke(main, ["import", "tmf620", str(tmp_path / "export"), "--out",
                                           str(tmp_path / "plans"), "--lang", lang])
        assert result.exit_code == 1 and not (tmp_path / "plans").exists(), result.output
        said[lang] = result.output
    assert said["en"].startswith("Error: the imported catalogue is invalid (nothing written):\n"
                                 f"productOffering[{plus}] (ct-5ga-plus): plan-file field requires_plans[0]: "
                                 "'ct-5g-59' is not a plan of china-telecom"), said["en"]
    assert said["zh"].startswith("错误：导入得到的目录无效（未写入任何文件）：\n"
                                 f"productOffering[{plus}] (ct-5ga-plus)：套餐文件字段 requires_plans[0]："), said["zh"]
    assert "is not a plan" not in said["zh"]
