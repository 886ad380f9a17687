"""A benefit new to the catalogue, named by its operator's file (``operator.benefits``): shown by its name on the
form and in the CLI's table (both through ``messages.names_for``, as the API's texts), in both languages, not as its
id; ``validate`` no longer notes it; an operator's files name it alike (found by the new-operator user test: China
Broadnet's own benefit showed as ``cable-tv-channels``, and only a code change named it)."""

import datetime
from pathlib import Path

from click.testing import CliRunner

from recommender.app import create_app
from recommender.catalogue import load_catalogue
from recommender.catalogue.load import CatalogueError
from recommender.catalogue.notes import notes
from recommender.cli import main
from recommender.messages import message, names_for, render

OPERATOR = """\
operator:
  id: test-op
  name: 测试运营商
  name_en: Test Operator
  country: CN
{benefits}currency: CNY
plans:
  - id: {plan}
    name: 测试套餐
    name_en: Test plan
    monthly_fee: {{value: 50, source: "assumption: test"}}
    data_gb: {{value: 30, source: "assumption: test"}}
    voice_minutes: {{value: 300, source: "assumption: test"}}
    sms: {{value: 0, source: "assumption: test"}}
    downlink_mbps: {{value: 1000, source: "assumption: test"}}
    uplink_mbps: {{value: 100, source: "assumption: test"}}
    overage:
      data_per_gb: {{value: 3, source: "assumption: test"}}
      voice_per_minute: {{value: 0.15, source: "assumption: test"}}
      sms_each: {{value: 0.1, source: "assumption: test"}}
    benefits: {{value: [tv-channels], source: "assumption: test"}}
"""
NAMED = "  benefits:\n    - {id: tv-channels, name: 有线电视频道, name_en: Cable TV channels}\n"


def folder(tmp_path: Path, *files: tuple[str, str, str]) -> Path:
    plans = tmp_path / "plans"
    plans.mkdir()
    for name, benefits, plan in files:
        (plans / name).write_text(OPERATOR.format(benefits=benefits, plan=plan), encoding="utf-8")
    return plans


def test_a_benefit_named_by_its_operators_file_is_said_by_its_name_everywhere(tmp_path: Path) -> None:
    plans = folder(tmp_path, ("test-op.yaml", NAMED, "t-50"))
    catalogue = load_catalogue(plans)
    assert names_for(catalogue, "zh")("benefit", "tv-channels") == "有线电视频道"
    assert names_for(catalogue, "en")("benefit", "tv-channels") == "Cable TV channels"
    assert render(message("need.benefit", benefit="cloud-drive"), "en", names_for(catalogue, "en")) == render(
        message("need.benefit", benefit="cloud-drive"), "en")  # (the shipped names stay)
    assert not [n for n in notes(catalogue, datetime.date(2025, 7, 1)) if n.message.code.startswith(
        "catalogue.benefit_unnamed")]
    app = create_app({"TESTING": True, "RECOMMENDER_PLANS": str(plans), "RECOMMENDER_WATCH_INTERVAL_S": 0})
    for lang, said in (("zh", "有线电视频道"), ("en", "Cable TV channels")):
        form = app.test_client().get("/", query_string={"lang": lang}).get_data(as_text=True)
        assert said in form and ">tv-channels<" not in form
        page = app.test_client().get("/results", query_string={
            "lang": lang, "data_gb": "10", "voice_minutes": "100", "benefit": "tv-channels"}).get_data(as_text=True)
        assert said in page
    for lang, said in (("en", 'benefit "Cable TV channels"'), ("zh", "有线电视频道")):
        result = CliRunner().invoke(main, ["recommend", "--plans", str(plans), "--data-gb", "10", "--lang", lang,
                                           "--require-benefit", "tv-channels", "--benefit", "tv-channels"])
        assert result.exit_code == 0 and said in result.output and "tv-channels" not in result.output.replace(
            "--require-benefit tv-channels", ""), result.output


def test_an_operators_files_name_its_benefits_alike_and_one_left_out_is_told_so(tmp_path: Path) -> None:
    """A third file of the operator without the names the other two give: "not said here (so []), but [...] in …" (it
    said "[] here", a value the file never wrote), at the file's operator."""
    plans = folder(tmp_path, ("test-op.yaml", NAMED, "t-50"), ("test-op-bj.yaml", NAMED, "t-bj"),
                   ("test-op-gd.yaml", "", "t-gd"))
    try:
        load_catalogue(plans)
    except CatalogueError as exc:
        said = str(exc)
    else:
        raise AssertionError("loaded")
    assert "test-op-gd.yaml:1: operator.benefits: not said here (so []), but [{" in said, said
    assert "the files of one operator say it alike (copy it here)" in said
