"""The command line pinned on a catalogue of its own: one operator, one plan (``ONE_PLAN``: ¥10 a month with 1 GB,
100 minutes and no texts; overage ¥3.00 a GB, ¥0.15 a minute, ¥0.10 a text), so that every figure below is worked
out by hand.  Each test runs the CLI in process (click's runner on ``main``) and asserts the exit code and the
figures, refusals or files it says; found by sbd's mutation run of ``recommender/cli.py``."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from recommender.cli import main
from tests.unit.catalogue.one_plan import ONE_PLAN, one_plan_folder


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    """A plans folder holding ``ONE_PLAN`` alone."""
    return one_plan_folder(tmp_path)


def run(*args: str) -> tuple[int, str]:
    """The exit code and everything the command printed (stdout and stderr)."""
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def recommend(plans: Path, *args: str) -> tuple[int, str]:
    return run("recommend", "--plans", str(plans), *args)


def answer(plans: Path, *args: str) -> dict[str, object]:
    """The answer document of a recommend that must succeed."""
    code, out = recommend(plans, *args, "--json")
    assert code == 0, out
    doc = json.loads(out)
    assert isinstance(doc, dict)
    return doc


def plan_ids(doc: dict[str, object]) -> list[str]:
    """The plans ranked, best first."""
    ranked = doc["recommendations"]
    assert isinstance(ranked, list)
    return [str(r["plan_id"]) for r in ranked]


# -- every numeric option's range: its ends taken, a step past either refused as out of range (exit 2) --------------

RANGES = {  # option: (lowest, highest) as the help and the profile's limits say them; the step past each end
    "--top-k": ("1", "50", "1"), "--per-operator": ("1", "50", "1"), "--time-limit": ("0.01", "600", "0.001"),
    "--data-gb": ("0", "1000000", "0.001"), "--voice-minutes": ("0", "1000000", "1"), "--sms": ("0", "1000000", "1"),
    "--uplink": ("0", "100000", "1"), "--downlink": ("0", "100000", "1"), "--roaming-gb": ("0", "1000000", "0.001"),
    "--roaming-minutes": ("0", "1000000", "1"), "--roaming-days": ("1", "31", "1"),
    "--uplink-days": ("1", "31", "1"), "--downlink-days": ("1", "31", "1"), "--broadband-mbps": ("0", "100000", "1"),
    "--satellite-minutes": ("0", "1000000", "1"), "--satellite-sms": ("0", "1000000", "1"),
    "--horizon": ("1", "120", "1"), "--age": ("0", "120", "1"),
}


def test_every_numeric_option_takes_both_ends_of_its_range(plans: Path) -> None:
    """All of them at their lowest in one command, all at their highest in another: both answered (exit 0).  At the
    highest: 1,000,000 GB on a 1 GB plan is 999,999 GB × ¥3.00 = ¥2,999,997.00 of overage, 1,000,000 minutes
    999,900 × ¥0.15 = ¥149,985.00, 1,000,000 texts × ¥0.10 = ¥100,000.00, with the ¥10.00 fee ¥3,249,992.00 (the
    plan's 300 Mbps down and 50 up are short of 100,000: infeasible, but answered, a month of the bill listed).
    The days of a speed need a speed (``cli.days_without_speed``): at the lowest, each speed is 1 Mbps, which the plan
    gives (the lowest days alone, without their speed at 0, are refused: tested in test_cli)."""
    lows = [text for option, (low, _, _) in RANGES.items()
            for text in (option, "1" if option in ("--uplink", "--downlink") else low)]
    code, out = recommend(plans, *lows)
    assert code == 0 and "#1      ¥10.00/month  op  p1  plan" in out, out
    assert recommend(plans, "--uplink", "0", "--uplink-days", "1")[0] == 2
    highs = [text for option, (_, high, _) in RANGES.items() for text in (option, high)]
    code, out = recommend(plans, *highs, "--json")
    assert code == 0, out
    assert json.loads(out)["status"] == "infeasible"
    code, out = recommend(plans, "--data-gb", "1000000", "--voice-minutes", "1000000", "--sms", "1000000")
    assert code == 0 and "#1  ¥3,249,992.00/month  op  p1  plan" in out, out
    assert "¥2,999,997.00  data overage: 999999 GB at ¥3.00/GB" in out, out
    assert "¥149,985.00  voice overage: 999900 min at ¥0.15/min" in out, out


@pytest.mark.parametrize("option", sorted(RANGES))
def test_a_step_past_either_end_of_a_numeric_options_range_is_refused(plans: Path, option: str) -> None:
    """One step below the lowest (a whole number's 1, a decimal's 0.001; below 0 a negative, told its range all the
    same) and one above the highest: exit 2, "<value> is not in the range <low> to <high>"."""
    low, high, step = RANGES[option]
    below = f"{float(low) - float(step):g}" if "." in step + low else str(int(low) - int(step))
    above = f"{high}.001" if "." in step else str(int(high) + 1)
    for value in (below, above):
        code, out = recommend(plans, option, value, "--json")
        assert code == 2, (option, value, out)
        assert out.endswith(f"Error: Invalid value for '{option}': {value} is not in the range {low} to {high}\n"), out


def six_plans(folder: Path) -> Path:
    """``ONE_PLAN``'s plan six times, p1 to p6 at ¥10 to ¥15 a month (otherwise alike), in ``folder``."""
    head, plan = ONE_PLAN.split("plans:\n")
    blocks = [plan.replace("id: p1", f"id: p{i}").replace("monthly_fee: {value: 10,", f"monthly_fee: {{value: {9 + i},")
              for i in range(1, 7)]
    folder.mkdir()
    (folder / "op.yaml").write_text(head + "plans:\n" + "".join(blocks), encoding="utf-8")
    return folder


def test_five_bundles_are_ranked_unless_top_k_says_otherwise(tmp_path: Path) -> None:
    """Six plans fit 1 GB, ¥10 to ¥15: five ranked by default (p1 to p5, cheapest first), six with --top-k 6, two with
    --top-k 2; --per-operator 3 keeps three of the one operator's."""
    plans = six_plans(tmp_path / "plans")
    ranked = [plan_ids(answer(plans, "--data-gb", "1", *args))
              for args in ((), ("--top-k", "6"), ("--top-k", "2"), ("--per-operator", "3"))]
    assert ranked == [["p1", "p2", "p3", "p4", "p5"], ["p1", "p2", "p3", "p4", "p5", "p6"], ["p1", "p2"],
                      ["p1", "p2", "p3"]]


@pytest.mark.parametrize("option", ["--budget", "--current-bill"])
def test_an_amount_of_ten_million_yuan_is_taken_and_a_fen_more_refused(plans: Path, option: str) -> None:
    """The money options' ceiling: ¥10,000,000 is read (10,000,000 × 100 = 1,000,000,000 fen), ¥10,000,000.01 is
    "above 10,000,000" (exit 2)."""
    doc = answer(plans, "--data-gb", "1", option, "10000000")
    if option == "--current-bill":
        assert doc["current_fen"] == 1_000_000_000
    else:
        assert plan_ids(doc) == ["p1"]
    code, out = recommend(plans, "--data-gb", "1", option, "10000000.01")
    assert code == 2 and out.endswith(f"Error: Invalid value for '{option}': 10000000.01 is above 10,000,000\n"), out


def test_data_gb_is_read_exactly_not_through_a_float(plans: Path) -> None:
    """``--data-gb 1.000000000488281250000001``: × 1024 = 1024.000000500000000000001024 MB, to a millionth of a MB
    (``usage.billing.as_mb``) 1024.000001, rounded up 1025 MB: 1 MB over the plan's 1 GB, billed as 1 GB of overage
    at ¥3.00, ¥13.00 a month.  Through a float it would be 1.0000000004882812 GB, 1024.000000 MB, no overage, ¥10.00."""
    code, out = recommend(plans, "--data-gb", "1.000000000488281250000001")
    assert code == 0 and "#1      ¥13.00/month  op  p1  plan" in out, out
    assert "¥3.00  data overage: 1 GB at ¥3.00/GB" in out, out


# -- what the table says beside a current plan or bill ---------------------------------------------------------------

@pytest.mark.parametrize(("current", "said"), [
    (("--current-plan", "p1"), "your current plan"),  # p1 is the plan ranked
    (("--current-bill", "13"), "costs the same as now"),  # ¥13.00 = ¥13.00
    (("--current-bill", "12"), "costs ¥1.00 a month more than now (¥12.00 a year)"),  # ¥13.00 − ¥12.00, × 12
    (("--current-bill", "14.5"), "saves ¥1.50 a month (¥18.00 a year) compared with now"),  # ¥14.50 − ¥13.00, × 12
])
def test_the_table_says_what_the_bundle_saves_against_what_is_paid_now(plans: Path, current: tuple[str, str],
                                                                       said: str) -> None:
    """2 GB on the 1 GB plan: ¥10.00 + 1 GB × ¥3.00 = ¥13.00 a month; the line below the bundle's needs compares it
    with the current plan or bill."""
    code, out = recommend(plans, "--data-gb", "2", *current)
    assert code == 0 and "#1      ¥13.00/month  op  p1  plan" in out, out
    assert f"\n      {said}\n" in out, out
    assert f"you pay now: ¥{'13.00' if current[1] == 'p1' else f'{float(current[1]):.2f}'} a month" in out, out


def test_a_plan_kept_for_its_holders_is_no_saving_against_a_bill(plans: Path) -> None:
    """p1 kept only by the people on it (``holders_only``), beside a ¥14.50 bill: its ¥13.00 is no saving to be had by
    switching, whatever the difference (found by the eligibility test: "saves ¥83.00 a month compared with now" of
    Tianyi 5G 59, which no one may switch to)."""
    file = plans / "op.yaml"
    file.write_text(file.read_text(encoding="utf-8").replace(
        "    name_en: plan\n", "    name_en: plan\n    eligibility: {holders_only: true, source: \"assumption: t\"}\n"),
        encoding="utf-8")
    code, out = recommend(plans, "--data-gb", "2", "--current-bill", "14.5")
    assert code == 0 and "#1      ¥13.00/month  op  p1  plan" in out, out
    said = "kept only by the people on it: if it is yours, you pay it now; no one can switch to it"
    assert f"\n      {said}\n" in out, out
    assert "saves" not in out, out


# -- a usage flag replacing a profile file's itemised records names the meters the records use ------------------------

def test_flags_replacing_a_files_records_must_give_every_meter_the_records_use(plans: Path, tmp_path: Path) -> None:
    """A record's kind is its meter (call: voice_minutes, data: data_gb, sms: sms): --data-gb over records of a call
    is refused naming voice_minutes (exit 1; an item that is not a record is passed over); --voice-minutes over data
    and sms records names data_gb and sms; given every meter they use, the flags replace the records: 1 GB, ¥10.00."""
    profile = tmp_path / "records.json"
    call = {"kind": "call", "date": "2026-05-02", "duration_s": 600}
    profile.write_text(json.dumps({"records": ["x", call]}), encoding="utf-8")
    code, out = recommend(plans, "--profile", str(profile), "--data-gb", "1")
    assert code == 1 and out.endswith("Error: --data-gb replaces the profile file's records, which use voice_minutes: "
                                      "give --voice-minutes too (else read as 0), or edit the file\n"), out
    data, sms = {"kind": "data", "date": "2026-05-01", "mb": 2048}, {"kind": "sms", "date": "2026-05-03"}
    profile.write_text(json.dumps({"records": [data, sms]}), encoding="utf-8")
    code, out = recommend(plans, "--profile", str(profile), "--voice-minutes", "100")
    assert code == 1 and out.endswith("Error: --voice-minutes replaces the profile file's records, which use data_gb, "
                                      "sms: give --data-gb, --sms too (else read as 0), or edit the file\n"), out
    profile.write_text(json.dumps({"months": 5}), encoding="utf-8")  # (no list of months: nothing it uses; replaced)
    code, out = recommend(plans, "--profile", str(profile), "--data-gb", "1")
    assert code == 0 and "#1      ¥10.00/month  op  p1  plan" in out, out
    profile.write_text(json.dumps({"records": [data, call, sms]}), encoding="utf-8")
    code, out = recommend(plans, "--profile", str(profile), "--data-gb", "1", "--voice-minutes", "5", "--sms", "0")
    assert code == 0 and "#1      ¥10.00/month  op  p1  plan" in out, out


def test_schema_prints_the_plan_files_json_schema_to_stdout() -> None:
    """Without --out the schema is printed, once, indented by two, ending in one line break, its Chinese words as
    they are (定向流量, not \\u5b9a…)."""
    code, out = run("schema")
    assert code == 0 and out.startswith('{\n  "$schema": ') and out.endswith("\n}\n") and not out.endswith("\n\n")
    assert "(定向流量)" in out and "\\u" not in out
    schema = json.loads(out)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"] == "5G-A tariff recommender plan file" and "plans" in schema["properties"]


def test_the_help_names_each_numbers_kind_and_the_defaults() -> None:
    """``recommend --help``: a whole number's option says INTEGER, a decimal's NUMBER, money AMOUNT; the defaults
    shown are --top-k 5, --time-limit 5.0, --lang en, --engine auto and the plans folder."""
    code, out = run("recommend", "--help")
    said = " ".join(out.split())
    assert code == 0
    for text in ("--top-k INTEGER how many bundles to rank, 1 to 50 [default: 5]",
                 "--time-limit NUMBER seconds [default: 5.0]", "--data-gb NUMBER domestic data",
                 "--voice-minutes INTEGER domestic call minutes", "--roaming-gb NUMBER", "--horizon INTEGER",
                 "--age INTEGER", "--budget AMOUNT", "--current-bill AMOUNT",
                 "--plans PATH plan files folder [default: (plans/)]", "--profile FILE", "--usage-csv FILE",
                 "[default: en]", "[default: auto]"):
        assert text in said, (text, said)
    for command in ("validate", "schema"):  # (their --lang's default too)
        code, out = run(command, "--help")
        assert code == 0 and "[default: en]" in " ".join(out.split()), out


def test_a_path_that_is_not_there_is_refused_before_anything_is_read(tmp_path: Path) -> None:
    """Each path option (and validate's PATH) names a file or folder that must be there: exit 2, "does not exist"; a
    folder given as the profile, or as the file schema writes, "is a directory"."""
    missing, folder = tmp_path / "nowhere.json", str(tmp_path)
    gone = f"'{missing}' does not exist."
    for args, said in ((("recommend", "--profile", str(missing)), f"'--profile': File {gone}"),
                       (("recommend", "--plans", str(missing)), f"'--plans': Path {gone}"),
                       (("recommend", "--usage-csv", str(missing)), f"'--usage-csv': File {gone}"),
                       (("validate", str(missing)), f"'[PATH]': Path {gone}"),
                       (("validate", "--plans", str(missing)), f"'--plans': Path {gone}"),
                       (("recommend", "--profile", folder), f"'--profile': File '{folder}' is a directory."),
                       (("schema", "--out", folder), f"'--out': File '{folder}' is a directory.")):
        code, out = run(*args)
        assert code == 2 and out.endswith(f"Error: Invalid value for {said}\n"), (args, out)


def test_a_line_reads_its_keys_and_values_with_spaces_around_them(plans: Path) -> None:
    """``--line "name = Mum , data_gb = 2 , voice_minutes = 120 , sms = 5"`` is the line name=Mum,data_gb=2,…: one line
    (the holder alone) on the 1 GB, 100-minute plan: ¥10.00 + 1 GB × ¥3.00 + 20 min × ¥0.15 + 5 × ¥0.10 = ¥16.50."""
    code, out = recommend(plans, "--line", "name = Mum , data_gb = 2 , voice_minutes = 120 , sms = 5")
    assert code == 0 and "#1      ¥16.50/month  op  p1  plan" in out, out
    assert "¥3.00  voice overage: 20 min at ¥0.15/min" in out and "¥0.50  SMS overage: 5 texts at ¥0.10/text" in out


def test_a_lines_app_categories_are_its_app_share(plans: Path) -> None:
    """``--line data_gb=1,video=5``: 5 GB of video in a line of 1 GB is refused by the profile's own check (exit 1,
    naming lines[0].app_share); ``data_gb=5,video=5`` is taken: 4 GB over the 1 GB plan, ¥10.00 + 4 × ¥3.00 = ¥22.00."""
    code, out = recommend(plans, "--line", "data_gb=1,video=5")
    assert code == 1 and out.endswith(
        "Error: invalid profile:\n  lines[0].app_share: app_share adds up to more than the line's data_gb (1)\n"), out
    code, out = recommend(plans, "--line", "data_gb=5,video=5")
    assert code == 0 and "#1      ¥22.00/month  op  p1  plan" in out, out


def test_the_json_answer_is_indented_by_two(plans: Path) -> None:
    """``--json`` prints the answer document indented by two spaces, one key a line."""
    code, out = recommend(plans, "--data-gb", "1", "--json")
    assert code == 0 and out.startswith('{\n  "catalogue_version": "'), out
    assert '\n  "recommendations": [\n    {\n' in out, out
