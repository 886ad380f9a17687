"""The small plan file the pinned tests (test_spec_pinned, test_yamlsource_pinned, test_cli_pinned,
test_cache_pinned) read or edit, written once."""

from pathlib import Path

ONE_PLAN = """\
operator: {id: op, name: Op, name_en: Op}
currency: CNY
plans:
  - id: p1
    name: plan
    name_en: plan
    monthly_fee: {value: 10, source: "assumption: t"}
    data_gb: {value: 1, source: "assumption: t"}
    voice_minutes: {value: 100, source: "assumption: t"}
    sms: {value: 0, source: "assumption: t"}
    downlink_mbps: {value: 300, source: "assumption: t"}
    uplink_mbps: {value: 50, source: "assumption: t"}
    overage:
      data_per_gb: {value: 3, source: "assumption: t"}
      voice_per_minute: {value: 0.15, source: "assumption: t"}
      sms_each: {value: 0.1, source: "assumption: t"}
"""
"""One operator, one good plan: ``name_en`` at line 6, ``monthly_fee`` 7, ``data_gb`` 8, ``overage`` 13, its
``data_per_gb`` 14; a line added after line 16 is line 17."""


def one_plan_folder(parent: Path) -> Path:
    """A plans folder in ``parent`` holding ``ONE_PLAN`` alone (as ``op.yaml``)."""
    folder = parent / "plans"
    folder.mkdir()
    (folder / "op.yaml").write_text(ONE_PLAN, encoding="utf-8")
    return folder
