"""The command line's ``validate`` and its tables pinned on catalogues of their own, so that every figure below is
worked out by hand: ``ONE_PLAN`` (p1: ¥10 a month with 1 GB and 100 minutes, overage ¥3.00 a GB) and, beside it,
``FAMILY``'s plan fam (¥15 a month with 1 GB and 100 minutes, one extra line at ¥5 a month adding 1 GB to a shared
data pool).  Each test runs the CLI in process (click's runner on ``main``) and asserts the exit code and what it
printed, on stdout or stderr; found by scc's mutation run of ``recommender/cli.py``."""

import json
import re
from pathlib import Path

from click.testing import CliRunner

from recommender.cli import main
from tests.unit.catalogue.one_plan import ONE_PLAN, one_plan_folder

FAMILY = """\
  - id: fam
    name: family
    name_en: family
    monthly_fee: {value: 15, source: "assumption: t"}
    data_gb: {value: 1, source: "assumption: t"}
    voice_minutes: {value: 100, source: "assumption: t"}
    sms: {value: 0, source: "assumption: t"}
    downlink_mbps: {value: 300, source: "assumption: t"}
    uplink_mbps: {value: 50, source: "assumption: t"}
    overage:
      data_per_gb: {value: 3, source: "assumption: t"}
      voice_per_minute: {value: 0.15, source: "assumption: t"}
      sms_each: {value: 0.1, source: "assumption: t"}
    extra_lines:
      max: 1
      fee: {value: 5, source: "assumption: t"}
      source: "assumption: t"
      shared: [data]
      per_line: {data_gb: {value: 1, source: "assumption: t"}, voice_minutes: {value: 100, source: "assumption: t"}}
"""
"""A family plan, to follow ``ONE_PLAN``'s plans."""

YOUTH = """\
    eligibility:
      age: {min: 16, max: 30}
      source: "assumption: t"
      text: youth
"""
"""A condition of sale (aged 16 to 30), put before a plan's ``monthly_fee``."""

TWO_LINES = ("--line", "name=A,data_gb=1", "--line", "name=B,data_gb=1")


def folder(parent: Path, text: str) -> Path:
    """A plans folder in ``parent`` holding ``text`` as ``op.yaml``."""
    plans = parent / "plans"
    plans.mkdir(parents=True)
    (plans / "op.yaml").write_text(text, encoding="utf-8")
    return plans


def run(*args: str) -> tuple[int, str, str]:
    """The exit code, stdout and stderr of the command."""
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def version_of(out: str) -> str:
    """The catalogue version the table's first line says (12 hex digits: a hash of the files)."""
    found = re.match(r"catalogue ([0-9a-f]{12}) · ", out)
    assert found is not None, out
    return found.group(1)


# -- the whole table, line by line ---------------------------------------------------------------------------------

def test_the_table_of_one_bundle_line_by_line(tmp_path: Path) -> None:
    """2 GB on p1 (1 GB), paying ¥14.50 now: the header, what is paid now, then #1 at ¥10.00 + 1 GB × ¥3.00 =
    ¥13.00 with its two bill lines (each an assumption's figure, "(est.)"), the part resting on estimates (all of
    it), what it saves (¥14.50 − ¥13.00 = ¥1.50 a month, × 12 = ¥18.00 a year), and the best per operator; no
    "nothing fits", nothing left out, no suggestion."""
    code, out, err = run("recommend", "--plans", str(one_plan_folder(tmp_path)), "--data-gb", "2",
                         "--current-bill", "14.5")
    assert (code, err) == (0, ""), out + err
    assert out == f"catalogue {version_of(out)} · engine tables · optimal\nyou pay now: ¥14.50 a month\n\n" \
        "#1      ¥13.00/month  op  p1  plan\n          ¥10.00  plan monthly fee (est.)\n" \
        "           ¥3.00  data overage: 1 GB at ¥3.00/GB (est.)\n      ¥13.00 of this price rests on estimates\n" \
        "      saves ¥1.50 a month (¥18.00 a year) compared with now\n\nbest per operator: op p1 ¥13.00\n", out


def test_a_bill_of_cited_figures_says_no_estimate(tmp_path: Path) -> None:
    """``ONE_PLAN`` with every figure cited (``seed:cm-tiers``, a fact of the shipped ``seeds/facts.yaml``) instead
    of assumed: the same ¥13.00 for 2 GB, its bill lines without "(est.)" and no line of what rests on estimates."""
    plans = folder(tmp_path, ONE_PLAN.replace('"assumption: t"', '"seed:cm-tiers"'))
    code, out, err = run("recommend", "--plans", str(plans), "--data-gb", "2")
    assert (code, err) == (0, ""), out + err
    assert out == f"catalogue {version_of(out)} · engine tables · optimal\n\n#1      ¥13.00/month  op  p1  plan\n" \
        "          ¥10.00  plan monthly fee\n           ¥3.00  data overage: 1 GB at ¥3.00/GB\n\n" \
        "best per operator: op p1 ¥13.00\n", out

def test_a_one_off_fee_is_spread_over_the_horizon_and_said_as_a_term(tmp_path: Path) -> None:
    """p1 with a one-off fee of ¥24: over 24 months (¥10.00 × 24 + ¥24.00) / 24 = ¥11.00 a month is the rank's price,
    the first month ¥10.00 + ¥24.00 = ¥34.00, the fee said as a term; the month's bill is the fee alone, ¥10.00,
    all of it on estimates ("of the ¥10.00 your usage comes to a month", not of the price)."""
    plans = folder(tmp_path, ONE_PLAN.replace(
        "    overage:", '    terms:\n      one_off_fee: {value: 24, source: "assumption: t"}\n    overage:'))
    code, out, err = run("recommend", "--plans", str(plans), "--data-gb", "1")
    assert (code, err) == (0, ""), out + err
    assert out == f"catalogue {version_of(out)} · engine tables · optimal\n\n#1      ¥11.00/month  op  p1  plan\n" \
        "      on average over 24 months (first month ¥34.00)\n      terms: ¥24.00 once, at the start\n" \
        "          ¥10.00  plan monthly fee (est.)\n" \
        "      ¥10.00 of the ¥10.00 your usage comes to a month at this plan's rates rests on estimates\n\n" \
        "best per operator: op p1 ¥11.00\n", out

def test_a_pack_bought_for_a_need_says_so_on_its_bill_line(tmp_path: Path) -> None:
    """p1 (50 Mbps up) and a speed pack of 100 Mbps up for ¥5: ``--uplink 100`` buys it, ¥10.00 + ¥5.00 = ¥15.00, its
    bill line "up pack (for the upload speed)", the needs line the speed it gives against the 100 needed."""
    plans = folder(tmp_path, ONE_PLAN + """\
packs:
  - id: up
    name: up pack
    name_en: up pack
    kind: speed
    price: {value: 5, source: "assumption: t"}
    uplink_mbps: {value: 100, source: "assumption: t"}
""")
    code, out, err = run("recommend", "--plans", str(plans), "--data-gb", "1", "--uplink", "100")
    assert (code, err) == (0, ""), out + err
    assert out == f"catalogue {version_of(out)} · engine tables · optimal\n\n" \
        "#1      ¥15.00/month  op  p1  plan  + up\n          ¥10.00  plan monthly fee (est.)\n" \
        "           ¥5.00  up pack (for the upload speed) (est.)\n      ¥15.00 of this price rests on estimates\n" \
        "      needs: upload speed up to 100 Mbps (est.) ≥ 100 Mbps needed\n\nbest per operator: op p1 ¥15.00\n", out

def test_the_table_says_the_advice_and_what_was_left_out_line_by_line(tmp_path: Path) -> None:
    """Both plans for ages 16 to 30, no age said, 1 GB, one bundle asked for: the advice under the header (every
    bundle shown rests on a condition not settled), p1 at ¥10.00 "only if", the best per operator saying it too,
    and fam left out, ¥15.00 − ¥10.00 = ¥5.00 more than the best."""
    plans = folder(tmp_path, (ONE_PLAN + FAMILY).replace("    monthly_fee:", YOUTH + "    monthly_fee:"))
    code, out, err = run("recommend", "--plans", str(plans), "--data-gb", "1", "--top-k", "1")
    assert (code, err) == (0, ""), out + err
    assert out == f"catalogue {version_of(out)} · engine tables · optimal\nevery bundle shown has a condition of " \
        "sale your answers do not settle: tell us more about yourself, or ask only for plans you are sure to qualify " \
        "for\n\n#1      ¥10.00/month  op  p1  plan\n          ¥10.00  plan monthly fee (est.)\n" \
        "      ¥10.00 of this price rests on estimates\n      only if: aged 16 to 30 (est.)\n\n" \
        "best per operator: op p1 ¥10.00 (only if: aged 16 to 30 (est.))\n\nnot recommended:\n" \
        "  fam: its cheapest fitting bundle costs ¥15.00 a month, ¥5.00 more than the best\n", out


# -- households: the separate plans beside the household's bundle ---------------------------------------------------

def test_separate_plans_costing_what_the_household_bundle_costs_are_said_to_cost_the_same(tmp_path: Path) -> None:
    """Two lines of 1 GB each: fam takes both, ¥15.00 + ¥5.00 for the extra line = ¥20.00 (the pool 1 + 1 = 2 GB, all
    used); alone each line is p1 at ¥10.00, together ¥20.00: ¥20.00 − ¥20.00 = 0, "the same" (not "more" or
    "less"), in both languages."""
    plans = folder(tmp_path, ONE_PLAN + FAMILY)
    code, out, err = run("recommend", "--plans", str(plans), *TWO_LINES)
    assert (code, err) == (0, ""), out + err
    assert "#1      ¥20.00/month  op  fam  family\n" in out, out
    assert "\n      by line: holder (A) ¥15.00 · line 1 (B) ¥5.00 · shared ¥0.00\n" in out, out
    assert "\n      shared data: 2 GB used of 2 GB\n" in out, out
    assert "\n\nseparate plans, one per line:\n  holder (A): op p1 plan  ¥10.00/month\n" \
        "  line 1 (B): op p1 plan  ¥10.00/month\n" \
        "  together: ¥20.00/month (the same as the best household bundle)\n" in out, out
    code, out, err = run("recommend", "--plans", str(plans), *TWO_LINES, "--lang", "zh")
    assert (code, err) == (0, ""), out + err
    assert "\n  合计：¥20.00/月（与最佳家庭方案价格相同）\n" in out, out


def test_ranked_by_the_worst_month_the_table_says_the_largest_bill_it_compared(tmp_path: Path) -> None:
    """``--objective worst_month``: a one-month profile's every month is its one bill, so fam's largest monthly bill
    is its ¥20.00 (¥15.00 + ¥5.00), said under its rank, and the separate plans' together ¥10.00 + ¥10.00 = ¥20.00,
    said under theirs."""
    plans = folder(tmp_path, ONE_PLAN + FAMILY)
    code, out, _ = run("recommend", "--plans", str(plans), *TWO_LINES, "--objective", "worst_month")
    assert code == 0, out
    assert "#1      ¥20.00/month  op  fam  family\n      largest monthly bill ¥20.00 (what the ranking compared)\n" \
        in out, out
    assert "  together: ¥20.00/month (the same as the best household bundle)\n" \
        "  largest monthly bill together: ¥20.00 (what the ranking compared)\n" in out, out
    code, out, _ = run("recommend", "--plans", str(plans), *TWO_LINES, "--objective", "worst_month", "--lang", "zh")
    assert code == 0 and "      最高单月账单¥20.00（排名按此比较）\n" in out and \
        "  合计最高单月账单：¥20.00（排名按此比较）\n" in out, out
    code, out, _ = run("recommend", "--plans", str(plans), *TWO_LINES)  # (by the total: neither line)
    assert code == 0 and "largest monthly bill" not in out, out


def test_separate_plans_over_the_budget_are_said_to_be(tmp_path: Path) -> None:
    """``--budget 19``: fam at ¥20.00 is over it (nothing ranked, no best per operator, no household bundle to
    compare with); the separate plans together are ¥10.00 + ¥10.00 = ¥20.00, "over the budget of ¥19.00"; at
    ``--budget 20`` they are not."""
    plans = folder(tmp_path, ONE_PLAN + FAMILY)
    code, out, _ = run("recommend", "--plans", str(plans), *TWO_LINES, "--budget", "19")
    assert code == 0 and "\n  together: ¥20.00/month, over the budget of ¥19.00\n" in out, out
    assert "\n\nno bundle fits this profile\n" in out and "best per operator" not in out, out  # (none ranked)
    assert out.endswith("\n\nsuggestions:\n  - raise the budget to ¥20.00 (family)\n"), out  # (fam's ¥20.00)
    assert "\nno bundle fits this profile\nThe bundles that meet your needs all cost more than your budget.\n" in out
    code, out, _ = run("recommend", "--plans", str(plans), *TWO_LINES, "--budget", "20")
    assert code == 0 and "\n  together: ¥20.00/month (the same as the best household bundle)\n" in out, out


def test_a_line_no_plan_takes_alone_is_said_so(tmp_path: Path) -> None:
    """Both plans are for ages 16 to 30; ``--age 20 --strict``: the holder is 20, so fam takes the household
    (¥20.00) and p1 the holder alone (¥10.00); line 1's age is not said (``about`` is the holder's), so under
    --strict no plan is sold to it alone: "no plan fits this line alone", and no "together" (the set is not
    whole)."""
    plans = folder(tmp_path, (ONE_PLAN + FAMILY).replace("    monthly_fee:", YOUTH + "    monthly_fee:"))
    code, out, _ = run("recommend", "--plans", str(plans), *TWO_LINES, "--age", "20", "--strict")
    assert code == 0 and "#1      ¥20.00/month  op  fam  family\n" in out, out
    assert "\nseparate plans, one per line:\n  holder (A): op p1 plan  ¥10.00/month\n" \
        "  line 1 (B): no plan fits this line alone\n\n" in out, out
    assert "together" not in out, out
    code, out, _ = run("recommend", "--plans", str(plans), *TWO_LINES, "--age", "20", "--strict", "--lang", "zh")
    assert code == 0 and "\n  成员1（B）：没有适合该成员单独办理的套餐\n" in out, out


def test_the_shared_pool_says_what_app_data_covered(tmp_path: Path) -> None:
    """fam with 2 GB of video app data: A's 3 GB all video, B's 1 GB general.  The app data covers 2 GB of A's
    video, the pool (1 + 1 = 2 GB) the 1 GB left and B's 1 GB: ¥20.00, no overage; the pool's line says 3 + 1 = 4 GB
    used of 2 GB, "2 GB of it on app data" (not an overage of 2 GB short)."""
    video = '    app_data_gb: [{apps: [video], gb: {value: 2, source: "assumption: t"}}]\n'
    plans = folder(tmp_path, ONE_PLAN + FAMILY.replace("    extra_lines:", video + "    extra_lines:"))
    code, out, _ = run("recommend", "--plans", str(plans), "--line", "name=A,data_gb=3,video=3", "--line",
                       "name=B,data_gb=1")
    assert code == 0 and "#1      ¥20.00/month  op  fam  family\n" in out, out
    assert "\n      shared data: 4 GB used of 2 GB, 2 GB of it on app data\n" in out, out
    code, out, _ = run("recommend", "--plans", str(plans), "--line", "name=A,data_gb=3,video=3", "--line",
                       "name=B,data_gb=1", "--lang", "zh")
    assert code == 0 and "\n      共享流量：已用 4 GB（其中定向流量 2 GB），共 2 GB\n" in out, out


def test_separate_plans_say_how_much_more_or_less_they_cost_than_the_household_bundle(tmp_path: Path) -> None:
    """fam's fee ¥15.01 instead of ¥15: the household ¥15.01 + ¥5.00 = ¥20.01, the separate plans ¥20.00, a fen
    less; at ¥14.99: ¥19.99 against ¥20.00, a fen more (not "the same").  With d1 (1 GB for ¥2) and B using 3 GB, B
    alone is p1 with two d1, ¥10.00 + 2 × ¥2.00 = ¥14.00, its line saying its packs ("+ d1×2"); the household fam
    with two d1 for the 4 GB (pool 1 + 1 + 2 GB), ¥15.00 + ¥5.00 + ¥4.00 = ¥24.00, as the separate plans' ¥10.00 +
    ¥14.00."""
    for fee, said in (("15.01", "(¥0.01 less than the best household bundle)"),
                      ("14.99", "(¥0.01 more than the best household bundle)")):
        family = FAMILY.replace("monthly_fee: {value: 15", f"monthly_fee: {{value: {fee}")
        plans = folder(tmp_path / fee, ONE_PLAN + family)
        code, out, _ = run("recommend", "--plans", str(plans), *TWO_LINES)
        assert code == 0 and f"\n  together: ¥20.00/month {said}\n" in out, out
    plans = folder(tmp_path / "packs", ONE_PLAN + FAMILY + PACK)
    code, out, _ = run("recommend", "--plans", str(plans), "--line", "name=A,data_gb=1", "--line", "name=B,data_gb=3")
    assert code == 0 and "#1      ¥24.00/month  op  fam  family  + d1×2\n" in out, out
    assert "\n  holder (A): op p1 plan  ¥10.00/month\n  line 1 (B): op p1 plan + d1×2  ¥14.00/month\n" \
        "  together: ¥24.00/month (the same as the best household bundle)\n" in out, out


def test_only_the_conditions_of_sale_left_unknown_are_said(tmp_path: Path) -> None:
    """Both plans for ages 16 to 30.  One line of 1 GB, no age said: p1 at ¥10.00 "only if: aged 16 to 30"; --age 20:
    the condition is met, nothing said.  Two lines and --age 20: the holder's age is said, so the household's fam
    and the holder's p1 say nothing; line 1's is not, so its p1 says "only if" under it (indented by four)."""
    plans = folder(tmp_path, (ONE_PLAN + FAMILY).replace("    monthly_fee:", YOUTH + "    monthly_fee:"))
    code, out, _ = run("recommend", "--plans", str(plans), "--data-gb", "1")
    assert code == 0 and "#1      ¥10.00/month  op  p1  plan\n" in out
    assert "\n      only if: aged 16 to 30 (est.)\n" in out
    code, out, _ = run("recommend", "--plans", str(plans), "--data-gb", "1", "--age", "20")
    assert code == 0 and "#1      ¥10.00/month  op  p1  plan\n" in out and "only if" not in out, out
    code, out, _ = run("recommend", "--plans", str(plans), *TWO_LINES, "--age", "20")
    assert code == 0 and out.count("only if") == 1, out
    assert "\n  holder (A): op p1 plan  ¥10.00/month\n  line 1 (B): op p1 plan  ¥10.00/month\n" \
        "    only if: aged 16 to 30 (est.)\n  together: ¥20.00/month" in out, out


# -- the needs line: trips ----------------------------------------------------------------------------------------

def test_trips_all_covered_are_said_in_the_needs_line(tmp_path: Path) -> None:
    """p1 with 2 GB of roaming data and a day pass (priced trip by trip): two trips of 1 GB each use the 2 GB, no
    pass bought, ¥10.00; the needs line says every trip is covered, in both languages."""
    plans = folder(tmp_path, ONE_PLAN + """\
    roaming:
      data_gb: {value: 2, source: "assumption: t"}
      voice_minutes: {value: 0, source: "assumption: t"}
      day_pass: {price: {value: 5, source: "assumption: t"}, data_gb: {value: 1, source: "assumption: t"},
                 voice_minutes: {value: 0, source: "assumption: t"}}
""")
    profile = tmp_path / "trips.json"
    profile.write_text(json.dumps({"data_gb": 1, "voice_minutes": 0, "sms": 0, "needs": {"roaming": [
        {"data_gb": 1, "zone": "asia"}, {"data_gb": 1, "zone": "europe"}]}}), encoding="utf-8")
    code, out, _ = run("recommend", "--plans", str(plans), "--profile", str(profile))
    assert code == 0 and "#1      ¥10.00/month  op  p1  plan\n" in out, out
    assert "\n      needs: roaming: every trip covered\n" in out, out
    code, out, _ = run("recommend", "--plans", str(plans), "--profile", str(profile), "--lang", "zh")
    assert code == 0 and "\n      需求：出行漫游：每次出行都已覆盖\n" in out, out


def test_a_need_for_home_broadband_of_two_mbps_is_said_with_its_speeds(tmp_path: Path) -> None:
    """p1 with 1000 Mbps of home broadband (an assumption: "(est.)"): ``--broadband-mbps 2`` is a speed, said with
    both speeds, "home broadband 1000 Mbps (est.) ≥ 2 Mbps needed"; ``--broadband`` alone (a need of 1: yes or no)
    is the word alone."""
    plans = folder(tmp_path, ONE_PLAN.replace(
        "    overage:", '    broadband_mbps: {value: 1000, source: "assumption: t"}\n    overage:'))
    code, out, _ = run("recommend", "--plans", str(plans), "--data-gb", "1", "--broadband-mbps", "2")
    assert code == 0 and "\n      needs: home broadband up to 1000 Mbps (est.) ≥ 2 Mbps needed\n" in out, out
    code, out, _ = run("recommend", "--plans", str(plans), "--data-gb", "1", "--broadband")
    assert code == 0 and "\n      needs: home broadband (est.)\n" in out, out


PACK = """\
packs:
  - id: d1
    name: data one
    name_en: data one
    kind: data
    price: {value: 2, source: "assumption: t"}
    max_count: 3
    adds: {data_gb: {value: 1, source: "assumption: t"}}
"""
"""A data pack for ``ONE_PLAN``'s p1: 1 GB for ¥2, up to three a month."""


def test_a_pack_bought_twice_is_listed_with_its_count(tmp_path: Path) -> None:
    """3 GB on p1 (1 GB): the 2 GB short cost 2 × ¥3.00 = ¥6.00 of overage or two d1 at 2 × ¥2.00 = ¥4.00, so two d1:
    ¥10.00 + ¥4.00 = ¥14.00, the rank's line ending "+ d1×2"; 2 GB: one d1, ¥12.00, "+ d1" without a count; with a
    100 Mbps speed pack at ¥5 and --uplink 100 too, both, "+ d1, up", ¥10.00 + ¥2.00 + ¥5.00 = ¥17.00."""
    plans = folder(tmp_path, ONE_PLAN + PACK)
    code, out, _ = run("recommend", "--plans", str(plans), "--data-gb", "3")
    assert code == 0 and "#1      ¥14.00/month  op  p1  plan  + d1×2\n" in out, out
    assert "\n           ¥4.00  data one × 2 (est.)\n" in out, out
    code, out, _ = run("recommend", "--plans", str(plans), "--data-gb", "2")
    assert code == 0 and "#1      ¥12.00/month  op  p1  plan  + d1\n" in out, out
    speed = '  - id: up\n    name: up pack\n    name_en: up pack\n    kind: speed\n' \
        '    price: {value: 5, source: "assumption: t"}\n    uplink_mbps: {value: 100, source: "assumption: t"}\n'
    (plans / "op.yaml").write_text(ONE_PLAN + PACK + speed, encoding="utf-8")  # (two packs: "d1, up")
    code, out, _ = run("recommend", "--plans", str(plans), "--data-gb", "2", "--uplink", "100")
    assert code == 0 and "#1      ¥17.00/month  op  p1  plan  + d1, up\n" in out, out  # ¥10.00 + ¥2.00 + ¥5.00


def test_a_historys_months_say_their_roaming_and_only_theirs(tmp_path: Path) -> None:
    """p1 with 10 GB and 30 minutes of roaming; three months of 1 GB: the first with a trip of 10 GB and 30 min, the
    second of 0 GB and 15 min, the third none but a text.  Each month's line says its own roaming (the second's 0 GB
    beside its 15 min), the third none: ¥10.00, ¥10.00, ¥10.00 + 1 × ¥0.10 = ¥10.10; over 24 months the history
    repeats 8 times, (¥10.00 + ¥10.00 + ¥10.10) × 8 / 24 = ¥10.0333…, ¥10.03."""
    plans = folder(tmp_path, ONE_PLAN + """\
    roaming:
      data_gb: {value: 10, source: "assumption: t"}
      voice_minutes: {value: 30, source: "assumption: t"}
""")
    month = {"data_gb": 1, "voice_minutes": 0, "sms": 0}
    profile = tmp_path / "history.json"
    profile.write_text(json.dumps({"months": [{**month, "roaming": {"data_gb": 10, "voice_minutes": 30}},
                                              {**month, "roaming": {"data_gb": 0, "voice_minutes": 15}},
                                              {**month, "sms": 1}]}), encoding="utf-8")
    code, out, _ = run("recommend", "--plans", str(plans), "--profile", str(profile))
    assert code == 0 and "#1      ¥10.03/month  op  p1  plan\n      on average over 24 months (first month ¥10.00)\n" \
        "          ¥10.00  month 1: billed 1 GB, 0 min, 0 texts, roaming 10 GB, 30 min\n" \
        "          ¥10.00  month 2: billed 1 GB, 0 min, 0 texts, roaming 0 GB, 15 min\n" \
        "          ¥10.10  month 3: billed 1 GB, 0 min, 1 text\n" in out, out
    code, out, _ = run("recommend", "--plans", str(plans), "--profile", str(profile), "--lang", "zh")
    assert code == 0 and "          ¥10.00  第2个月：计费流量 1 GB，通话 0 分钟，短信 0 条，" \
        "漫游流量 0 GB，漫游通话 15 分钟\n" \
        "          ¥10.10  第3个月：计费流量 1 GB，通话 0 分钟，短信 1 条\n" in out, out


def test_the_months_of_a_bill_are_named_by_their_dates(tmp_path: Path) -> None:
    """Itemised records of May (1 GB) and June (a text) are two months named by their dates, "2026-05", in Chinese
    without 第…个月 (which numbers a history's months): ¥10.00 and ¥10.00 + ¥0.10 = ¥10.10, over 24 months
    (¥20.10 × 12) / 24 = ¥10.05."""
    plans = one_plan_folder(tmp_path)
    profile = tmp_path / "records.json"
    profile.write_text(json.dumps({"records": [{"kind": "data", "date": "2026-05-01", "mb": 1024},
                                               {"kind": "sms", "date": "2026-06-03"}]}), encoding="utf-8")
    code, out, _ = run("recommend", "--plans", str(plans), "--profile", str(profile), "--lang", "zh")
    assert code == 0 and "#1      ¥10.05/月  Op  p1  plan\n" in out, out
    assert "\n          ¥10.00  2026-05：计费流量 1 GB，通话 0 分钟，短信 0 条\n" \
        "          ¥10.10  2026-06：计费流量 0 GB，通话 0 分钟，短信 1 条\n" in out, out
    code, out, _ = run("recommend", "--plans", str(plans), "--profile", str(profile))
    assert code == 0 and "\n          ¥10.00  month 2026-05: billed 1 GB, 0 min, 0 texts\n" in out, out


def test_a_historys_months_past_the_horizon_are_said_out_of_the_price_under_the_rank(tmp_path: Path) -> None:
    """Three months of 1 GB on p1 (the third with a text, ¥10.10) and ``--horizon 2``: the price is the first two
    months', (¥10.00 + ¥10.00) / 2 = ¥10.00, and the line under the rank says the months after the second are not
    in it; all three months are still listed."""
    month = {"data_gb": 1, "voice_minutes": 0, "sms": 0}
    profile = tmp_path / "history.json"
    profile.write_text(json.dumps({"months": [month, month, {**month, "sms": 1}]}), encoding="utf-8")
    code, out, _ = run("recommend", "--plans", str(one_plan_folder(tmp_path)), "--profile", str(profile),
                       "--horizon", "2")
    assert code == 0 and "#1      ¥10.00/month  op  p1  plan\n      on average over 2 months (first month ¥10.00)\n" \
        "      the usage of the months after the first 2 is past the horizon: not in the price above\n" \
        "          ¥10.00  month 1: billed 1 GB, 0 min, 0 texts\n" in out, out
    assert "\n          ¥10.10  month 3: billed 1 GB, 0 min, 1 text\n" in out, out


# -- validate -----------------------------------------------------------------------------------------------------

def test_validate_says_its_problems_on_stderr_and_its_ok_on_stdout(tmp_path: Path) -> None:
    """A plan file with two slips (``valeu`` at line 7, ``1GB`` at line 8): each ``file:line: message`` and then "2
    problems found" on stderr, nothing on stdout, exit 1 (a script piping stdout reads no "ok"); in Chinese too.
    ``ONE_PLAN`` itself: "ok: 1 plan and 0 packs from 1 operator file" on stdout, nothing on stderr, exit 0."""
    plans = folder(tmp_path, ONE_PLAN.replace("monthly_fee: {value: 10,", "monthly_fee: {valeu: 10,")
                   .replace("data_gb: {value: 1,", "data_gb: {value: 1GB,"))
    file = plans / "op.yaml"
    assert run("validate", str(plans)) == (1, "", (
        f"{file}:7: plans[0].monthly_fee.valeu: unknown field 'valeu' (a typo of 'value'?)\n"
        f"{file}:8: plans[0].data_gb.value: '1GB' is not a number: write the number alone, without its unit "
        "(value: 1)\n2 problems found\n"))
    assert run("validate", str(plans), "--lang", "zh") == (1, "", (
        f"{file}:7: plans[0].monthly_fee.valeu：未知字段 'valeu'（是否是 'value' 的笔误？）\n"
        f"{file}:8: plans[0].data_gb.value：'1GB' 不是数字：请只写数字，不带单位（value: 1）\n发现 2 个问题\n"))
    file.write_text(ONE_PLAN, encoding="utf-8")
    code, out, err = run("validate", str(plans))
    assert (code, err) == (0, "") and out.startswith("ok: 1 plan and 0 packs from 1 operator file, version "), out
    assert out.count("\n") == 1, out  # (one line: no note on this plan)


def test_validate_takes_the_same_folder_given_as_path_and_as_plans(tmp_path: Path) -> None:
    """``validate P --plans P`` names one folder twice: validated (exit 0), not refused as two; ``validate P --plans
    Q`` is (exit 2, a usage error naming both)."""
    plans = one_plan_folder(tmp_path)
    code, out, err = run("validate", str(plans), "--plans", str(plans))
    assert (code, err) == (0, "") and out.startswith("ok: 1 plan and 0 packs from 1 operator file, version "), out
    other = tmp_path / "other"
    other.mkdir()
    code, out, err = run("validate", str(plans), "--plans", str(other))
    assert code == 2 and out == "" and err.endswith(f"Error: two plans folders: {plans} and --plans {other}\n"), err


def test_schema_writes_its_file_and_says_so_on_stderr(tmp_path: Path) -> None:
    """``schema --out FILE`` writes the schema to FILE (the same text stdout gets without --out) and says "wrote
    FILE" on stderr, nothing on stdout; "已写出 FILE" with --lang zh."""
    out_file = tmp_path / "schema.json"
    printed = run("schema")[1]
    assert run("schema", "--out", str(out_file)) == (0, "", f"wrote {out_file}\n")
    assert out_file.read_text(encoding="utf-8") == printed and printed.startswith('{\n  "$schema": ')
    assert run("schema", "--out", str(out_file), "--lang", "zh") == (0, "", f"已写出 {out_file}\n")


def test_a_bills_problems_past_the_twenty_shown_are_counted(tmp_path: Path) -> None:
    """A usage CSV of 21 rows, each with a date that is not one (rows at lines 2 to 22, the header line 1): the first
    20 are said, lines 2 to 21, then "(and 1 more)" for line 22's (21 − 20 = 1), exit 1; 20 such rows: all said,
    nothing more."""
    bill = tmp_path / "bill.csv"
    bill.write_text("kind,date,duration_s,mb\n" + "call,x,60,\n" * 21, encoding="utf-8")
    each = "date: not a date (YYYY-MM-DD) ('x')"
    said = "; ".join(f"line {n}: {each}" for n in range(2, 22))
    assert run("recommend", "--usage-csv", str(bill)) == (1, "", f"Error: {bill}: {said} (and 1 more)\n")
    code, _, err = run("recommend", "--usage-csv", str(bill), "--lang", "zh")
    assert code == 1 and err.endswith("；第 21 行：date 列应为日期（YYYY-MM-DD），此处为“x”（另有 1 处）\n"), err
    bill.write_text("kind,date,duration_s,mb\n" + "call,x,60,\n" * 20, encoding="utf-8")
    assert run("recommend", "--usage-csv", str(bill)) == (1, "", f"Error: {bill}: {said}\n")
