"""``--lang zh`` on the command line: every error a person sees, click's own checks too, and ``population``'s lines
in Chinese (worded from messages/zh.json by code); in English every error and line as it was."""

import json
import re
import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from recommender.cli import NumberType, YuanType, main
from recommender.cli_lang import LangCommand, LangGroup, _Coded
from tests.paths import ROOT

COMMANDS = ("recommender", "recommend", "validate", "whatif", "population")
"""The commands' own names, as the usage line and the help hint say them."""


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), prog_name="recommender")
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def english_words(out: str, *allowed: str) -> list[str]:
    """The Latin words of four letters or more in ``out``, but options (``--top-k``), the commands' names, and the
    ids and paths ``allowed``."""
    for text in sorted(allowed, key=len, reverse=True):
        out = out.replace(text, " ")
    out = re.sub(r"--[a-z][a-z-]*", " ", out)
    return [word for word in re.findall(r"[A-Za-z]{4,}", out) if word not in COMMANDS]


def usage(command: str) -> str:
    return f"用法：recommender {command} [选项]\n查看帮助：recommender {command} --help --lang zh\n\n"


def test_a_value_out_of_range_is_refused_in_chinese() -> None:
    code, out = run("recommend", "--top-k", "0", "--lang", "zh")
    assert code == 2 and out == usage("recommend") + "错误：--top-k 的值无效：0 不在 1 到 50 的范围内\n", out
    assert english_words(out) == []
    code, out = run("recommend", "--top-k", "0")  # (click's words, as always)
    assert code == 2 and out == ("Usage: recommender recommend [OPTIONS]\nTry 'recommender recommend --help' for help."
                                 "\n\nError: Invalid value for '--top-k': 0 is not in the range 1 to 50\n"), out


def test_a_missing_option_is_said_in_chinese(tmp_path: Path) -> None:
    code, out = run("whatif", "--population", str(ROOT / "plans"), "--lang", "zh")
    assert code == 2 and out == usage("whatif") + "错误：缺少选项 --candidate\n", out
    assert english_words(out) == []


def test_an_unknown_option_is_said_in_chinese_wherever_lang_is() -> None:
    code, out = run("recommend", "--data-gbx", "5", "--lang=zh")
    assert code == 2 and out == usage("recommend") + "错误：没有 --data-gbx 这个选项（您是否想用 --data-gb？）\n", out
    assert english_words(out) == []
    code, out = run("recommend", "--lang", "zh", "--top-k")  # (the option's value missing, at the end)
    assert code == 2 and out == "错误：选项 --top-k 后面需要一个值\n", out
    code, out = run("recommend", "--region", "--lang", "--top-k", "0")  # (a region called "--lang": English)
    assert code == 2 and "Error: Invalid value for '--top-k'" in out, out


def test_a_command_there_is_not_is_said_in_chinese_with_the_lang_after_it() -> None:
    code, out = run("recomend", "--data-gb", "5", "--lang", "zh")
    assert code == 2 and out == ("用法：recommender [选项] 命令 [参数]...\n查看帮助：recommender --help --lang zh\n\n"
                                 "错误：没有 recomend 这个命令（您是否想用 recommend？）\n"), out
    assert english_words(out, "recomend") == []
    code, out = run("recomend", "--data-gb", "5")
    assert code == 2 and out.startswith("Usage: recommender [OPTIONS] COMMAND [ARGS]...\n"), out


def test_an_amount_that_is_not_one_is_refused_in_chinese() -> None:
    code, out = run("recommend", "--lang", "zh", "--budget", "12元5")
    assert code == 2 and out.endswith("错误：--budget 的值无效：“12元5”不是金额：只能写数字，最多一个小数点，"
                                      "如 59.90\n"), out
    assert english_words(out) == []
    code, out = run("recommend", "--lang", "zh", "--current-bill", "59.999")
    assert code == 2 and out.endswith("错误：--current-bill 的值无效：59.999 元不能精确到分（最多两位小数）\n"), out


def test_an_operator_or_membership_given_by_its_name_is_read_as_its_id() -> None:
    """The names the Chinese table shows, typed where an id is asked (found by using the CLI as a product team
    would: pydantic's "String should match pattern '^[a-z0-9][a-z0-9-]{0,62}$'", in English; then a refusal in
    Chinese; now they are read as the ids they name, in either language, whatever --lang)."""
    by_id = run("recommend", "--lang", "zh", "--data-gb", "20", "--operator", "china-mobile", "--membership",
                "gotone", "--customer-of", "china-telecom", "--json")
    assert by_id[0] == 0 and '"china-mobile"' in by_id[1], by_id
    for names in (("中国移动", "全球通", "中国电信"), (" china  MOBILE ", "GoTone (Global Pass)", "China Telecom")):
        named = run("recommend", "--lang", "zh", "--data-gb", "20", "--operator", names[0], "--membership",
                    names[1], "--customer-of", names[2], "--json")
        assert named == by_id, names
    by_id = run("recommend", "--data-gb", "20", "--current-plan", "cm-5ga-199", "--json")
    for name in ("全球通5G-A尊享套餐 199元", "global pass 5G-A premium  199"):  # (its zh and en names)
        assert run("recommend", "--data-gb", "20", "--current-plan", name, "--json") == by_id, name
    assert by_id[0] == 0 and json.loads(by_id[1])["current_fen"] == 19900, by_id  # (cm-5ga-199's fee, ¥199)
    # the table: China Mobile's plans only, the member's price, no condition left unknown
    code, out = run("recommend", "--lang", "zh", "--data-gb", "20", "--operator", "中国移动", "--membership", "全球通")
    ranked = [line for line in out.splitlines() if line.startswith("#")]
    assert code == 0 and ranked[0].startswith("#1     ¥199.00/月  中国移动  cm-5ga-199"), out
    assert all("  中国移动  cm-" in line for line in ranked), ranked


def test_an_operator_membership_or_currency_not_written_as_one_is_refused_in_chinese() -> None:
    """A name the catalogue does not have, where an id is asked, is refused in the profile's words (the names it
    has are read: the test above)."""
    code, out = run("recommend", "--lang", "zh", "--data-gb", "20", "--operator", "中国广电")
    assert code == 1 and out == ("错误：用量画像有误：\n  operators[0]: '中国广电' 不是运营商代码"
                                 "（小写字母、数字和连字符，如 china-mobile）\n"), out
    code, out = run("recommend", "--lang", "zh", "--data-gb", "20", "--membership", "金卡会员")
    assert code == 1 and out.endswith("  about.memberships[0]: '金卡会员' 不是代码"
                                      "（小写字母、数字和连字符，如 cloud-drive、gotone、student）\n"), out
    assert english_words(out, "about.memberships", "gotone", "cloud-drive", "student") == []
    code, out = run("recommend", "--lang", "zh", "--data-gb", "20", "--currency", "usd")
    assert code == 1 and out.endswith("  currency: 'usd' 不是货币代码（三个大写字母，如 CNY、USD）："
                                      "应写作 'USD'\n"), out
    code, out = run("recommend", "--data-gb", "20", "--customer-of", "China Broadnet")
    assert code == 1 and out.endswith("  about.customer_of: 'China Broadnet' is not an operator id (lower-case "
                                      "letters, digits and hyphens, such as china-mobile)\n"), out


def test_part_of_a_name_is_refused_naming_what_it_may_mean() -> None:
    """A short name ("移动", "联通"), a name cut short ("中国移", "China Mobil"), one with a word more ("全球通会员")
    or a word of names ("Mobile"): refused at its option, naming in --lang the operators, memberships or plans whose
    name or id has it in it (or is in it), and their ids (each was "'移动' 不是运营商代码", "is not an operator id",
    found by using the CLI as a Chinese-speaking product team).  Never read as one of them: "Mobile" is two.  A value
    written as an id ("mobile", "china-mobil") is the profile's to check (the test beside: every problem at once)."""
    code, out = run("recommend", "--lang", "zh", "--data-gb", "20", "--operator", "移动")
    assert code == 2 and out.endswith("错误：--operator 的值无效：“移动” 在此处既不是编号，也不是名称：是指中国移动吗？"
                                      "请写编号 'china-mobile'，或写出名称全称\n"), out
    code, out = run("recommend", "--data-gb", "20", "--customer-of", "China Mobil")
    assert code == 2 and out.endswith("Error: Invalid value for --customer-of: 'China Mobil' is neither an id nor a "
                                      "name here: did you mean China Mobile? Write the id, 'china-mobile', or the "
                                      "name in full\n"), out
    code, out = run("recommend", "--data-gb", "20", "--operator", "Mobile")
    assert code == 2 and out.endswith("'Mobile' is neither an id nor a name here: did you mean China Mobile or "
                                      "T-Mobile US? Write the id, 'china-mobile' or 't-mobile-us', or the name in "
                                      "full\n"), out  # (one of them: "or", found in review)
    code, out = run("recommend", "--lang", "zh", "--data-gb", "20", "--membership", "全球通会员")
    assert code == 2 and out.endswith("--membership 的值无效：“全球通会员” 在此处既不是编号，也不是名称：是指全球通吗？"
                                      "请写编号 'gotone'，或写出名称全称\n"), out
    code, out = run("recommend", "--lang", "zh", "--data-gb", "20", "--current-plan", "全球通")  # (3 plans)
    assert code == 2 and ("是指全球通5G-A尊享套餐 199元、全球通5G-A尊享套餐 299元或全球通5G-A尊享套餐 399元吗？"
                          "请写编号 'cm-5ga-199'、'cm-5ga-299' 或 'cm-5ga-399'") in out, out
    code, out = run("recommend", "--data-gb", "20", "--current-plan", "5G")  # (part of more than five plans' names)
    assert code == 1 and "Error: current.plan_id: " in out and "did you mean" not in out, out


def test_whatif_refuses_one_file_for_both_reports_in_chinese(tmp_path: Path) -> None:
    population = tmp_path / "p.csv"
    population.write_text("data_gb\n1\n", encoding="utf-8")
    report = tmp_path / "report.out"
    code, out = run("whatif", "--candidate", str(ROOT / "plans"), "--population", str(population),
                    "--json", str(report), "--html", str(report), "--lang", "zh")
    assert code == 1 and out == f"错误：--json 和 --html 指向同一个文件（{report}）：请各用一个文件\n", out
    assert english_words(out, str(report)) == []


def test_recommend_refuses_a_line_that_drops_a_files_usage_in_chinese(tmp_path: Path) -> None:
    profile = tmp_path / "p.json"
    profile.write_text('{"months": [{"data_gb": 5, "voice_minutes": 100}, {"data_gb": 6, "voice_minutes": 90}]}',
                       encoding="utf-8")
    code, out = run("recommend", "--profile", str(profile), "--line", "data_gb=5", "--lang", "zh")
    assert code == 1 and out == ("错误：--line 会替换用量画像文件中的 months，其中用到 voice_minutes："
                                 "请在 --line 中也给出 voice_minutes=…（否则按 0 计），或直接修改文件\n"), out
    assert english_words(out, "months", "voice_minutes") == []
    code, out = run("recommend", "--profile", str(profile), "--line", "data_gb=5")
    assert code == 1 and out == ("Error: --line replaces the profile file's months, which use voice_minutes: give "
                                 "voice_minutes=… in a --line too (else read as 0), or edit the file\n"), out


def test_population_says_what_it_wrote_in_chinese(tmp_path: Path) -> None:
    out_file = tmp_path / "p.csv"
    code, out = run("population", "--size", "3", "--out", str(out_file), "--lang", "zh")
    assert code == 0 and re.search(rf"^已将 3 个用量画像写入 {re.escape(str(out_file))}，用时 [0-9.]+ 秒（随机种子 1，"
                                   r"套餐数据版本 [0-9a-f]+）$", out, re.MULTILINE), out
    assert "生成中" in out and english_words(out, str(out_file)) == []
    code, out = run("population", "--out", str(out_file), "--lang", "zh")
    assert code == 2 and out == usage("population") + "错误：缺少选项 --size\n", out
    nowhere = tmp_path / "missing" / "p.csv"
    code, out = run("population", "--size", "3", "--out", str(nowhere), "--lang", "zh")
    assert code == 1 and out == f"错误：--out {nowhere}：文件夹 {nowhere.parent} 不存在或不可写\n", out
    code, out = run("population", "--size", "3", "--out", str(out_file))
    assert code == 0 and re.search(rf"^wrote 3 profiles to {re.escape(str(out_file))} in [0-9.]+ s \(seed 1, catalogue "
                                   r"[0-9a-f]+\)$", out, re.MULTILINE), out


def test_english_refusals_worded_from_codes_read_as_they_did(tmp_path: Path) -> None:
    """The refusals now said as codes that no other test pins, word for word in English as before."""
    cases = [(["--data-gb", "x"], "Invalid value for '--data-gb': 'x' is not a number: digits with at most one "
              "decimal point, e.g. 2.5"),
             (["--voice-minutes", "2.5"], "Invalid value for '--voice-minutes': '2.5' is not a whole number"),
             (["--budget", "20000000"], "Invalid value for '--budget': 20000000 is above 10,000,000"),
             (["--exchange-rate", "USD=7_18"], "Invalid value for --exchange-rate: '7_18' is not a number "
              "(e.g. USD=7.18)"),
             (["--line", "cars=2"], "Invalid value for --line: 'cars=2': use KEY=VALUE with KEY one of name, data_gb, "
              "voice_minutes, sms or an app category (video, social, music, games, reading, navigation, cloud, "
              "shopping)")]
    for args, said in cases:
        code, out = run("recommend", *args)
        assert code == 2 and out.endswith(f"\nError: {said}\n"), out
    profile = tmp_path / "p.json"
    profile.write_text('{"needs": 3}', encoding="utf-8")
    code, out = run("recommend", "--profile", str(profile), "--uplink", "5")
    assert code == 1 and out == "Error: the profile's 'needs' is not an object\n", out
    # a list where the needs are, given a trip's flag: the needs are no object (not "the trips in needs.roaming",
    # which is said only of a list of trips at needs.roaming itself)
    profile.write_text('{"needs": []}', encoding="utf-8")
    code, out = run("recommend", "--profile", str(profile), "--data-gb", "5", "--roaming-gb", "1")
    assert code == 1 and out == "Error: the profile's 'needs' is not an object\n", out
    profile.write_text('{"needs": {"roaming": [{"zone": "asia"}, {"zone": "europe"}]}}', encoding="utf-8")
    code, out = run("recommend", "--profile", str(profile), "--data-gb", "5", "--roaming-gb", "1")
    assert code == 1 and out == ("Error: the profile file lists 2 trips in needs.roaming; --roaming-* set one trip: "
                                 "edit the trips in the file instead\n"), out
    profile.write_text('{"needs": {"roaming": 5}}', encoding="utf-8")
    code, out = run("recommend", "--profile", str(profile), "--data-gb", "5", "--roaming-gb", "1")
    assert code == 1 and out == "Error: the profile's 'needs.roaming' is not an object\n", out


def test_every_value_a_command_with_lang_reads_is_refused_with_a_code() -> None:
    """A click type's refusal is in click's English: each option of a command with --lang has a type that refuses
    with a code (or none to refuse: text, flags)."""
    ctx = click.Context(main)
    for name in ("validate", "recommend", "whatif", "population"):
        command = main.get_command(ctx, name)
        assert isinstance(command, LangCommand), name
        assert [param.name for param in command.params
                if not isinstance(param.type, _Coded | NumberType | YuanType) and param.type is not click.STRING
                and not (isinstance(param, click.Option) and param.is_flag)] == [], name


def test_the_batch_commands_whole_numbers_are_read_as_recommend_reads_them(tmp_path: Path) -> None:
    """``population --size 1_000``, ``--seed 1_0`` and ``whatif --workers 1_0`` were taken (Python's ``int`` reads
    digit groupings and other scripts' digits) where ``recommend --top-k 1_0`` is refused: each is refused with the
    same code, in Chinese too; full-width digits and spaces around them are read, as ``recommend`` reads them."""
    out = str(tmp_path / "p.csv")
    (tmp_path / "people.csv").write_text("data_gb,voice_minutes\n1,1\n", encoding="utf-8")
    for args, option, value in ((("population", "--size", "1_000", "--out", out), "--size", "1_000"),
                                (("population", "--size", "1,000", "--out", out), "--size", "1,000"),
                                (("population", "--size", "١٠", "--out", out), "--size", "١٠"),
                                (("population", "--size", "10", "--seed", "1_0", "--out", out), "--seed", "1_0"),
                                (("whatif", "--candidate", str(ROOT / "plans"), "--population",
                                  str(tmp_path / "people.csv"), "--workers", "1_0"), "--workers", "1_0")):
        code, said = run(*args, "--lang", "zh")
        assert code == 2 and said.endswith(f"错误：{option} 的值无效：“{value}”不是整数\n"), said
        code, said = run(*args)
        assert code == 2 and said.endswith(f"Error: Invalid value for '{option}': '{value}' is not a valid "
                                           "integer.\n"), said
    code, said = run("population", "--size", " １０ ", "--seed", "0", "--out", out)
    assert code == 0 and f"wrote 10 profiles to {out}" in said, said


def test_a_negative_seed_is_refused_not_a_traceback(tmp_path: Path) -> None:
    """``population --seed -3`` ended in numpy's traceback ("expected non-negative integer"; found while trying the
    batch commands' numbers): a seed is 0 or more, refused at the option otherwise."""
    code, said = run("population", "--size", "10", "--seed", "-3", "--out", str(tmp_path / "p.csv"), "--lang", "zh")
    assert code == 2 and said.endswith("错误：--seed 的值无效：-3 不在 0 到 1000000000000000000 的范围内\n"), said


def test_a_negative_number_is_told_its_range_not_that_it_is_no_number() -> None:
    """Found by the product QA: ``--age -3`` was told "'-3' is not a number: digits with at most one decimal point,
    e.g. 2.5"; it is a number, below the option's range (a line's, which has none here, below 0)."""
    code, out = run("recommend", "--data-gb", "5", "--age", "-3")
    assert code == 2 and out.endswith("\nError: Invalid value for '--age': -3 is not in the range 0 to 120\n"), out
    code, out = run("recommend", "--line", "data_gb=-5", "--line", "data_gb=1")
    assert code == 2 and out.endswith("\nError: Invalid value for --line: -5 is below 0\n"), out
    code, out = run("recommend", "--data-gb", "5", "--age", "-3", "--lang", "zh")
    assert code == 2 and out.endswith("-3 不在 0 到 120 的范围内\n"), out


def _commands() -> dict[str, click.Command]:
    """Every command and group of the CLI by its names below the program's (``""``: the program, ``export
    tmf620``): each takes ``--lang`` (a group among its own options, ``LangGroup``; found by the CLI helper:
    ``recommender --help``, ``schema``, ``export`` and ``import`` were English only)."""
    found: dict[str, click.Command] = {}

    def walk(path: str, command: click.Command) -> None:
        found[path] = command
        if isinstance(command, click.Group):
            ctx = click.Context(command)
            for name in command.list_commands(ctx):
                sub = command.get_command(ctx, name)
                assert sub is not None
                walk(f"{path} {name}".strip(), sub)

    walk("", main)
    assert sorted(found) == ["", "export", "export tmf620", "import", "import tmf620", "population", "recommend",
                             "schema", "validate", "whatif"]
    for command in found.values():
        assert isinstance(command, LangGroup) or (isinstance(command, LangCommand)
                                                  and any(p.name == "lang" for p in command.params)), command.name
    return found


def _one_line(text: str) -> str:
    return " ".join(text.split())


def test_every_command_and_option_has_its_help_in_chinese() -> None:
    """Fails when a command or an option is added without its words: each command's text and each option's are in
    zh.json (``cli.help.<command>[.<option>]``, ``cli.help.recommender`` the program's), saying the options and
    figures the English says; en.json's are the decorators' and docstrings' own (the English help shown is click's,
    from them), and no key is left over."""
    import inspect

    from recommender.messages import catalogue as words

    en, zh = words("en"), words("zh")
    expected: set[str] = set()
    for path, command in _commands().items():
        key = f"cli.help.{'.'.join(path.split()) or 'recommender'}"
        assert zh.get(key) and en.get(key) == _one_line(inspect.cleandoc(command.help or "")), key
        expected.add(key)
        for param in command.params:
            if not isinstance(param, click.Option):
                continue
            option = f"{key}.{param.name}"
            expected.add(option)
            assert zh.get(option), f"{' / '.join(param.opts)} of {path} has no help in messages/zh.json ({option})"
            assert en.get(option) == _one_line(param.help or ""), option
            said = set(re.findall(r"--[a-z-]+|\d+(?:\.\d+)?", en[option]))
            assert {token for token in said if token not in zh[option]} == set(), option
    clicks = {f"cli.help.{word}" for word in ("options", "commands", "help", "default", "required", "envvar", "extra")}
    assert sorted(key for key in zh if key.startswith("cli.help.") and key not in clicks) == sorted(expected)
    from recommender.profile import APP_CATEGORIES

    assert all(app in zh["cli.help.recommend.app_share"] for app in APP_CATEGORIES)


def test_every_option_has_its_help_in_english_too() -> None:
    """Found by the English review: recommend's --voice-minutes and --sms, population's --seed and whatif's --engine
    had no help in English (a blank beside the option) while the Chinese said what each is (每月国内通话，分钟 ...)."""
    blank = sorted(f"{path or 'recommender'} {param.opts[0]}" for path, command in _commands().items()
                   for param in command.params if isinstance(param, click.Option) and not (param.help or "").strip()
                   and param.name != "help")
    assert blank == []


def test_help_follows_lang() -> None:
    """``--help`` in the language of the ``--lang`` beside it, wherever it is (a group's among its own options, or
    before the command, which takes it), and a usage error in Chinese points to it (it pointed to ``--help`` alone:
    English); in English click's help, as it was."""
    from recommender.cli_lang import columns
    from recommender.messages import catalogue as words

    zh = words("zh")
    for path, command in _commands().items():
        names = path.split()
        key = f"cli.help.{'.'.join(names) or 'recommender'}"
        for args in ([*names, "--lang", "zh", "--help"], [*names, "--help", "--lang=zh"],
                     [*names, "-h", "--lang", "zh"], ["--lang", "zh", *names, "--help"]):
            code, out = run(*args)
            assert code == 0 and out.startswith(f"用法：{' '.join(['recommender', *names])} [选项]"), (args, out)
            assert "\n选项：\n" in out and "  -h, --help  " in out and out.count("显示此帮助并退出\n") == 1, out
            assert not re.search(r"Usage|Options|Commands|default|required|Show this", out), out
            flat = "".join(out.split())
            assert "".join(zh[key].split()) in flat, (path, out)
            for param in command.params:
                if isinstance(param, click.Option):
                    assert "".join(zh[f"{key}.{param.name}"].split()) in flat, (path, param.name)
            if isinstance(command, click.Group):  # (each command by the first sentence of its text, as click says it)
                listed = out.split("\n命令：\n")[1].splitlines()
                assert [line.split()[0] for line in listed] == command.list_commands(click.Context(command)), out
                assert all("".join(line.split()[1:]).rstrip("…") in flat for line in listed), out
            else:
                assert out.endswith("显示此帮助并退出\n"), out
            # (a Chinese character takes two columns: lines no wider than click's widest, 80, but a KEY=VALUE example)
            assert [line for line in out.splitlines() if columns(line) > 80 and "=" not in line] == [], out
        code, english = run(*names, "--help")
        assert code == 0 and english == run(*names, "--help", "--lang", "en")[1]
        assert english.startswith(f"Usage: {' '.join(['recommender', *names])} [OPTIONS]"), english
        assert "Show this message and exit." in english
        assert re.findall(r"[\u4e00-\u9fff]", english) == [], english
        if isinstance(command, click.Group):  # (--lang is no option of a group's: its English help does not say it)
            assert "lang" not in english, english
    code, out = run("whatif", "--lang", "zh-CN", "--workers", "0")
    assert code == 2 and "\n查看帮助：recommender whatif --help --lang zh\n" in out, out
    code, out = run("whatif", "--lang", "zh", "--help")
    assert "  --candidate PATH         修改后的套餐文件  [必填]\n" in out, out
    assert "  --engine [local|spark]   在本机（local）还是在 Spark 上计算  [默认：local]\n" in out, out
    code, out = run("--lang", "zh", "--help")
    assert "  recommend   为一个用量画像列出最便宜的合适套餐组合\n" in out, out
    code, out = run("--lang", "zh", "recommend", "--top-k", "0")  # (before the command: the command's --lang)
    assert code == 2 and out.endswith("错误：--top-k 的值无效：0 不在 1 到 50 的范围内\n"), out
    code, out = run("--lang", "zh", "recommend", "--top-k", "0", "--lang", "en")  # (the last given, as click takes it)
    assert code == 2 and out.endswith("Error: Invalid value for '--top-k': 0 is not in the range 1 to 50\n"), out
    code, out = run("--lang", "fr", "--help")  # (not 'No such option', as before: refused as a command refuses it)
    assert code == 2 and out.endswith("Error: Invalid value for '--lang': 'fr' is not one of 'en', 'zh'.\n"), out
    code, out = run("--lang", "zh")  # (no command: the help, as without --lang)
    assert out.startswith("用法：recommender [选项] 命令 [参数]...\n"), out


def test_lang_takes_the_language_s_tag_too() -> None:
    """Found by the product team: ``--lang zh-CN`` (the tag the what-if's HTML report gives its page) was refused,
    in English; it is Chinese, as ``zh_CN`` (a locale's spelling) is, errors and help too."""
    for tag in ("zh-CN", "zh_CN", "zh-cn"):
        code, out = run("validate", "--lang", tag)
        assert code == 0 and out.startswith("通过："), out
        code, out = run("recommend", "--top-k", "0", "--lang", tag)
        assert code == 2 and out == usage("recommend") + "错误：--top-k 的值无效：0 不在 1 到 50 的范围内\n", out
        code, out = run("whatif", "--help", "--lang", tag)
        assert code == 0 and out.startswith("用法：recommender whatif [选项]"), out
    code, out = run("validate", "--lang", "fr")
    assert code == 2 and out.endswith("Error: Invalid value for '--lang': 'fr' is not one of 'en', 'zh'.\n"), out


def test_schema_and_export_say_what_they_wrote_in_chinese(tmp_path: Path) -> None:
    """Found by the CLI helper: ``schema`` and ``export tmf620`` had no ``--lang``; the line saying what they wrote
    (and export's refusal of invalid plan files) were English only.  The schema and the documents are the same."""
    code, out = run("schema", "--out", str(tmp_path / "s.json"), "--lang", "zh")
    assert code == 0 and out == f"已写出 {tmp_path / 's.json'}\n", out
    code, out = run("schema", "--out", str(tmp_path / "e.json"))
    assert code == 0 and out == f"wrote {tmp_path / 'e.json'}\n", out
    assert (tmp_path / "s.json").read_bytes() == (tmp_path / "e.json").read_bytes()
    code, out = run("--lang", "zh", "export", "tmf620", "--out", str(tmp_path / "zh"))
    wrote = rf"已把目录 \S+ 的 \d+ 个商品和 \d+ 个价格写到 {re.escape(str(tmp_path / 'zh'))}\n"
    assert code == 0 and re.fullmatch(wrote, out), out
    code, out = run("export", "tmf620", "--out", str(tmp_path / "en"))
    assert code == 0 and re.fullmatch(r"wrote \d+ offerings and \d+ prices of catalogue \S+ to \S+\n", out), out
    for name in ("productOffering.json", "productOfferingPrice.json"):
        assert (tmp_path / "zh" / name).read_bytes() == (tmp_path / "en" / name).read_bytes()
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "x.yaml").write_text("operator: [\n", encoding="utf-8")
    code, out = run("export", "tmf620", "--plans", str(broken), "--out", str(tmp_path / "no"), "--lang", "zh")
    assert code == 1 and out.startswith("错误：套餐文件有误：\n"), out


def test_import_says_its_own_lines_in_chinese(tmp_path: Path) -> None:
    """Found by the CLI helper: ``import tmf620 --lang zh`` gave its notes in Chinese but the lines it wrote and its
    refusals ('wrote …', 'would overwrite …', 'cannot import …') in English.  A TMF document's own problems stay as
    they are said (English)."""
    code, out = run("export", "tmf620", "--out", str(tmp_path / "export"))
    assert code == 0, out
    code, out = run("--lang", "zh", "import", "tmf620", str(tmp_path / "export"), "--out", str(tmp_path / "plans"))
    assert code == 0 and out.startswith(f"已写出 {tmp_path / 'plans'}"), out
    assert english_words(re.sub(r"/\S+", " ", out)) == [], out
    code, out = run("import", "tmf620", str(tmp_path / "export"), "--out", str(tmp_path / "plans"), "--lang", "zh")
    assert code == 1 and out.startswith(f"错误：将覆盖 {tmp_path / 'plans'}") and "请加 --force" in out, out
    code, out = run("import", "tmf620", str(tmp_path / "export"), "--out", str(tmp_path / "plans"))
    assert code == 1 and out.startswith(f"Error: would overwrite {tmp_path / 'plans'}"), out
    empty = tmp_path / "empty"
    empty.mkdir()
    for name in ("productOffering.json", "productOfferingPrice.json"):
        (empty / name).write_text("[]", encoding="utf-8")
    code, out = run("import", "tmf620", str(empty), "--out", str(tmp_path / "none"), "--lang", "zh")
    assert code == 1 and out == f"错误：无法导入 {empty}：productOffering.json 中没有商品（未写入任何文件）\n", out
    (empty / "productOffering.json").write_text("{}", encoding="utf-8")
    code, out = run("import", "tmf620", str(empty), "--lang", "zh")
    assert code == 1 and out == f"错误：{empty / 'productOffering.json'}：需要一个由对象组成的 JSON 数组\n", out


def test_a_name_two_share_is_refused_naming_both_and_an_id_is_always_itself(tmp_path: Path) -> None:
    """A catalogue where China Telecom's membership ``vip`` is named 全球通 as China Mobile's ``gotone`` is, and
    ``GoTone`` in English: ``--membership 全球通`` would be one of them by file order, and was then said to be no
    id; it is refused, naming both ids.  ``--membership gotone`` is the id gotone, not the membership named GoTone
    (an id is read before a name), and a full-width name is read as the name (the review)."""
    plans = tmp_path / "plans"
    shutil.copytree(ROOT / "plans", plans)
    telecom = plans / "china-telecom.yaml"
    text = telecom.read_text(encoding="utf-8")
    telecom.write_text(text.replace("  name_en: China Telecom\n", "  name_en: China Telecom\n  memberships:\n"
                                    "    - {id: vip, name: 全球通, name_en: gotone}\n", 1), encoding="utf-8")
    code, out = run("recommend", "--plans", str(plans), "--data-gb", "20", "--membership", "全球通", "--lang", "zh")
    assert code == 2 and out.endswith("错误：--membership 的值无效：“全球通” 同时是几项的名称："
                                      "请写编号 'gotone' 或 'vip'\n"), out
    code, out = run("recommend", "--plans", str(plans), "--data-gb", "20", "--membership", "全球通")
    assert code == 2 and out.endswith("Error: Invalid value for --membership: '全球通' is the name of more than one: "
                                      "write the id, 'gotone' or 'vip'\n"), out
    as_id = run("recommend", "--plans", str(plans), "--data-gb", "20", "--membership", "gotone", "--json")
    assert as_id[0] == 0 and as_id != run("recommend", "--plans", str(plans), "--data-gb", "20", "--membership", "vip",
                                          "--json")  # (vip may not buy China Mobile's 全球通 plans)
    by_name = run("recommend", "--plans", str(plans), "--data-gb", "20", "--membership", "GoTone (Global Pass)",
                  "--json")
    assert by_name == as_id
    assert run("recommend", "--data-gb", "20", "--operator", "Ｃｈｉｎａ　Ｍｏｂｉｌｅ", "--json") == \
        run("recommend", "--data-gb", "20", "--operator", "china-mobile", "--json")


def test_packs_left_out_for_an_unknown_condition_beside_unmet_ones_are_not_all_said_unbuyable() -> None:
    """--strict, a China Unicom customer of 40 whose region is not said: Shanghai's and Chongqing's packs are left out
    only for the unknown region, China Telecom's for its customers not met.  One pack left out on an unknown
    condition makes the heading "packs left out:" (they may well be buyable), not "packs you may not buy:", which a
    known region (CN-BJ: every condition settled) keeps (scc's mutant 595: ``any`` as ``all``)."""
    code, out = run("recommend", "--data-gb", "30", "--strict", "--customer-of", "china-unicom", "--age", "40")
    assert code == 0 and "\npacks left out:\n" in out and "packs you may not buy" not in out, out
    assert "  ct-5ga-plus: conditions of sale not met: existing customers of China Telecom\n" in out
    assert "  cm-scene-live: left out (strict eligibility), unknown whether: living in Shanghai\n" in out
    code, out = run("recommend", "--data-gb", "30", "--customer-of", "china-unicom", "--age", "40", "--region",
                    "CN-BJ")
    assert code == 0 and "\npacks you may not buy:\n" in out and "packs left out" not in out, out


def test_whatif_refuses_a_spark_master_given_without_the_spark_engine(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Found by a user test: ``whatif --spark-master yarn`` without ``--engine spark`` ran locally without a word.  It
    is a usage error naming both options, in English and Chinese, before any work; from RECOMMENDER_SPARK_MASTER (the
    environment of every run) it is not: that run goes on (here to its next check, --json's missing folder)."""
    population = tmp_path / "p.csv"
    population.write_text("data_gb\n1\n", encoding="utf-8")
    args = ("whatif", "--candidate", str(ROOT / "plans"), "--population", str(population))
    code, out = run(*args, "--spark-master", "yarn")
    assert code == 2 and out == (
        "Usage: recommender whatif [OPTIONS]\nTry 'recommender whatif --help' for help.\n\nError: --spark-master is "
        "for the Spark engine, and this run's engine is local: give --engine spark too, or leave --spark-master "
        "out\n"), out
    code, out = run(*args, "--engine", "local", "--spark-master", "local[2]", "--lang", "zh")
    assert code == 2 and out == usage("whatif") + (
        "错误：--spark-master 只用于 Spark 引擎，而本次运行的引擎是 local：请同时给出 --engine spark，或去掉 "
        "--spark-master\n"), out
    assert english_words(out, "--engine spark", "Spark", "local") == []  # (a name, and the engines' values)
    monkeypatch.setenv("RECOMMENDER_SPARK_MASTER", "yarn")
    missing = tmp_path / "none"
    code, out = run(*args, "--json", str(missing / "r.json"))
    assert code == 1 and out == f"Error: --json {missing / 'r.json'}: no writable folder {missing}\n", out
