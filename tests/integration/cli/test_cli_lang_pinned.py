"""The command line's errors in zh and en (``recommender/cli_lang.py``) pinned word for word: what click refuses
before a command runs, and the commands' own refusals, each in the language of the ``--lang`` given.  Each test
runs the CLI in process (click's runner on ``main``) and asserts the exit code and every line printed, on stdout
or stderr; found by scc's mutation run of ``recommender/cli_lang.py``."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from recommender.cli import main
from recommender.cli_lang import _rows, _short, wrap
from tests.unit.catalogue.one_plan import one_plan_folder

VALIDATE_ZH = "用法：main validate [选项] [PATH]\n查看帮助：main validate --help --lang zh\n\n"
"""The lines a usage error of ``validate --lang zh`` starts with."""

RECOMMEND_ZH = "用法：main recommend [选项]\n查看帮助：main recommend --help --lang zh\n\n"
"""The lines a usage error of ``recommend --lang zh`` starts with: its usage, where its help is, a blank line."""


def run(*args: str) -> tuple[int, str, str]:
    """The exit code, stdout and stderr of the command."""
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_arguments_left_over_are_refused_naming_them(tmp_path: Path) -> None:
    """validate takes one PATH: a second (and a third) is left over, a usage error (exit 2) naming it, "argument"
    for one and "arguments" for two in English, as click says it; in Chinese 多余的参数 either way, the usage line
    and the help's command with --lang zh."""
    plans = str(one_plan_folder(tmp_path))
    assert run("validate", plans, "extra") == (2, "", "Usage: main validate [OPTIONS] [PATH]\nTry 'main validate "
                                                     "--help' for help.\n\nError: Got unexpected extra argument "
                                                     "(extra)\n")
    assert run("validate", plans, "one", "two")[2].endswith("\nError: Got unexpected extra arguments (one two)\n")
    assert run("validate", plans, "one", "two", "--lang", "zh") == (
        2, "", VALIDATE_ZH + "错误：多余的参数（one two）\n")
    code, out, _ = run("validate", plans)  # (the path alone: no more)
    assert code == 0 and out.startswith("ok: 1 plan and 0 packs from 1 operator file, version "), out


def test_a_date_that_is_not_one_is_refused_in_the_language(tmp_path: Path) -> None:
    """``--as-of 2026-13-01`` (no 13th month): exit 2, "is not a date in the format YYYY-MM-DD", as --as-of's value,
    in Chinese (写作年-月-日) with --lang zh; click's own words in English."""
    plans = str(one_plan_folder(tmp_path))
    assert run("recommend", "--plans", plans, "--as-of", "2026-13-01", "--lang", "zh") == (
        2, "", RECOMMEND_ZH + "错误：--as-of 的值无效：“2026-13-01”不是日期：写作年-月-日，如 2026-06-01\n")
    code, _, err = run("recommend", "--plans", plans, "--as-of", "2026-13-01")
    assert code == 2 and err.endswith(
        "Error: Invalid value for '--as-of': '2026-13-01' does not match the format '%Y-%m-%d'.\n"), err


def test_a_key_value_options_refusal_names_the_option_in_the_language(tmp_path: Path) -> None:
    """--exchange-rate, --app-share and --line are read by the command, not by click: their refusals name the option
    they are about (``param_hint``) as click's checks do, ``--exchange-rate 的值无效：…`` (exit 2)."""
    plans = str(one_plan_folder(tmp_path))
    assert run("recommend", "--plans", plans, "--exchange-rate", "USD=x", "--lang", "zh") == (
        2, "", RECOMMEND_ZH + "错误：--exchange-rate 的值无效：“x”不是数字（例如 USD=7.18）\n")
    code, _, err = run("recommend", "--plans", plans, "--exchange-rate", "USD=x")
    assert code == 2 and err.endswith("\nError: Invalid value for --exchange-rate: 'x' is not a number (e.g. "
                                      "USD=7.18)\n"), err


def test_after_a_double_dash_lang_is_an_argument_not_the_language() -> None:
    """``--`` ends the options, as click reads them: ``validate -- --lang zh`` gives PATH "--lang" (there is none:
    exit 2) and leaves "zh" over, said in English, as no --lang was given; ``recommend -- --lang zh`` leaves both
    over.  Before the ``--`` it is the language: ``validate --lang zh -- x`` says PATH's "x" is not there in Chinese,
    naming the argument PATH."""
    assert run("validate", "--", "--lang", "zh") == (2, "", "Usage: main validate [OPTIONS] [PATH]\nTry 'main "
                                                           "validate --help' for help.\n\nError: Invalid value for "
                                                           "'[PATH]': Path '--lang' does not exist.\n")
    assert run("recommend", "--", "--lang", "zh")[2].endswith("\nError: Got unexpected extra arguments (--lang zh)\n")
    assert run("validate", "--lang", "zh", "--", "x") == (
        2, "", VALIDATE_ZH + "错误：PATH 的值无效：“x”不存在\n")


def test_a_choice_or_a_path_refused_is_said_in_the_language(tmp_path: Path) -> None:
    """A value not among an option's choices (``--engine foo``): 不是可选的值, the choices listed; a path that is not
    there: 不存在; a folder where a file is wanted (``--profile DIR``, ``schema --out DIR``):
    是文件夹，这里需要的是文件; each exit 2, under the command's Chinese usage line."""
    missing = tmp_path / "none.json"
    assert run("recommend", "--engine", "foo", "--lang", "zh") == (
        2, "", RECOMMEND_ZH + "错误：--engine 的值无效：“foo”不是可选的值：只能是 'auto'、'cp-sat' 或 'enumerate'\n")
    assert run("recommend", "--profile", str(missing), "--lang", "zh") == (
        2, "", RECOMMEND_ZH + f"错误：--profile 的值无效：“{missing}”不存在\n")
    assert run("recommend", "--profile", str(tmp_path), "--lang", "zh") == (
        2, "", RECOMMEND_ZH + f"错误：--profile 的值无效：“{tmp_path}”是文件夹，这里需要的是文件\n")
    assert run("schema", "--out", str(tmp_path), "--lang", "zh") == (
        2, "", "用法：main schema [选项]\n查看帮助：main schema --help --lang zh\n\n"
        f"错误：--out 的值无效：“{tmp_path}”是文件夹，这里需要的是文件\n")


@pytest.mark.parametrize(("text", "width", "lines"), [
    ("ab cd", 5, ["ab cd"]),  # 2 + 1 + 2 = 5 columns: fits a width of 5 exactly
    ("ab cd", 4, ["ab", "cd"]),
    ("ab\ncd", 10, ["ab cd"]),  # a line break in the text is a space
    ("  ab", 10, ["ab"]),  # no line starts with a space
    ("", 10, []), ("   ", 10, []),
    ("中文，好", 4, ["中", "文，", "好"]),  # a Chinese character is 2 columns; never a line starting with "，"
    ("中（文", 4, ["中", "（文"]),  # nor one ending with "（"
    (" 中，", 2, ["中，"]),  # "中，" (4 columns) wider than 2 stands on a line of its own, unbroken
    ("中 a(文", 3, ["中", "a(文"]),  # an ASCII word ending in "(" stays with what follows it
    ("a=中文中文", 4, ["a=中文中文"]),  # KEY=VALUE unbroken, however wide
])
def test_the_chinese_help_is_wrapped_by_columns_and_marks(text: str, width: int, lines: list[str]) -> None:
    """``cli_lang.wrap``, which lays out the Chinese help: ``text`` in lines of at most ``width`` columns (a Chinese
    character two), broken at a space or between two Chinese characters, never before a closing mark nor after an
    opening one, nor within KEY=VALUE; each case worked out by counting columns."""
    assert wrap(text, width) == lines


@pytest.mark.parametrize(("text", "limit", "short"), [
    ("检查套餐文件。其余", 100, "检查套餐文件"),  # the first sentence, to its 。
    ("中文中文", 8, "中文中文"),  # 4 × 2 = 8 columns: fits a limit of 8 exactly, uncut
    ("abc defgh ijk", 9, "abc…"),  # "abc defg…" is 9 columns, but a Latin word is not cut: to the space before it
    ("ab中文", 4, "ab…"),  # "ab…" is 3 columns, "ab中…" 5; cut before 中, the Latin word "ab" whole is kept
    ("中文中文中", 9, "中文中文…"),  # 10 columns cut to 4 × 2 + 1 = 9, the limit exactly
])
def test_a_commands_line_in_its_groups_chinese_list_is_its_first_sentence_cut_to_fit(text: str, limit: int,
                                                                                      short: str) -> None:
    """``cli_lang._short``: a command's line in the Chinese list of its group's commands, its help's first sentence
    cut to ``limit`` columns with … (one column; a Chinese character two), as click cuts the English."""
    assert _short(text, limit) == short


@pytest.mark.parametrize(("rows", "width", "out"), [
    ([("-x", "one two", "[默认：1]")], 40, ["  -x  one two  [默认：1]"]),  # 4 + 7 + 2 + 9 columns: room of 34
    ([("-x", "one two", "[默认：1]")], 20, ["  -x  one two", "      [默认：1]"]),  # room 20 − 4 − 2 = 14 < 18
    ([("-x", "one two", "[默认：1]")], 24, ["  -x  one two  [默认：1]"]),  # room 24 − 6 = 18 = 7 + 2 + 9: fits
    ([("-x", "a bbbbbbbbbbbbb", "[x]")], 20, ["  -x  a", "      bbbbbbbbbbbbb", "      [x]"]),  # 13 + 2 + 3 > 14
    ([("-x", "", "")], 40, ["  -x"]),  # no text: the name alone
    ([("a" * 30, "t", "")], 80, ["  " + "a" * 30 + "  t"]),  # a name of 30 still has its text beside it
    ([("a" * 31, "t", "")], 80, ["  " + "a" * 31, " " * 34 + "t"]),  # 31: its own line, the text at 30 + 2 + 2
    ([("-x", "aaaaa bbbbb", "")], 10, ["  -x  aaaaa", "      bbbbb"]),  # never less room than 10: 11 columns wrap
    ([("-x", "aaaa bbbbb", "")], 10, ["  -x  aaaa bbbbb"]),  # and 10 fit
])
def test_the_chinese_helps_options_are_laid_out_as_click_lays_them_out(rows: list[tuple[str, str, str]], width: int,
                                                                      out: list[str]) -> None:
    """``cli_lang._rows``: each option's name, then its text in a column two after the longest name (at most 30),
    wrapped to the room left (at least 10), what click adds in brackets after two spaces when it fits, else on a
    line of its own; a name longer than 30 on its own line.  Counted by hand: "[默认：1]" is 9 columns."""
    assert _rows(rows, width) == out


def test_an_options_value_that_looks_like_lang_is_its_value() -> None:
    """``recommend --region --lang zh``: "--lang" is --region's value (click reads it so), not the language, and "zh"
    is left over: said in English (exit 2)."""
    assert run("recommend", "--region", "--lang", "zh") == (
        2, "", "Usage: main recommend [OPTIONS]\nTry 'main recommend --help' for help.\n\n"
        "Error: Got unexpected extra argument (zh)\n")


def test_the_programs_chinese_help_lists_every_command_cut_to_the_terminal() -> None:
    """``--help --lang zh`` on a terminal of 61 columns: the usage, the program's text wrapped to 61 − 2 = 59 columns
    (indented by two; its first line 57), the help option, and every command, those loaded only when named (export,
    import, population, whatif) too, sorted; the names in a column of the longest, "population" (10), + 2; each text
    its first sentence cut to 61 − 6 − 10 = 45 columns: population's 22 Chinese characters and … are exactly 45, as
    schema's 14 + 12 + 18 columns and … (its whole sentence, with 出）, would be 46).  At 59 columns the text's first
    line, 57 columns, still fits the 57 left."""
    result = CliRunner().invoke(main, ["--help", "--lang", "zh"], terminal_width=61)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == """\
用法：main [选项] 命令 [参数]...

  5G-A 资费推荐：为一个用量画像找出最便宜的合适 5G-A 套餐组
  合。

选项：
  -h, --help  显示此帮助并退出

命令：
  export      把套餐目录写成另一种格式
  import      把另一种格式的套餐目录转成套餐文件
  population  生成一份按工信部统计数据校准的合成用量画像人…
  recommend   为一个用量画像列出最便宜的合适套餐组合
  schema      写出套餐文件的 JSON Schema（默认写到标准输出…
  validate    检查套餐文件（PATH，否则 --plans，否则随附的…
  whatif      用基准套餐和候选套餐分别为一个人群计算最佳组…
"""
    result = CliRunner().invoke(main, ["--help", "--lang", "zh"], terminal_width=59)
    assert "\n\n  5G-A 资费推荐：为一个用量画像找出最便宜的合适 5G-A 套餐组\n  合。\n\n" in result.stdout, result.stdout


def test_a_batch_commands_chinese_help_says_its_ranges_and_defaults() -> None:
    """``population --help --lang zh``: each option's brackets say what click adds, in Chinese: --size's range and
    必填, --seed's default 1 and its range 0 to 10^18."""
    result = CliRunner().invoke(main, ["population", "--help", "--lang", "zh"], terminal_width=100)
    assert (result.exit_code, result.stderr) == (0, "")
    said = " ".join(result.stdout.split())  # (the options' column is as wide as --operator-share's: lines wrap)
    assert "--size INTEGER RANGE 用量画像的个数 [1<=x<=10000000000；必填] " \
        "--seed INTEGER RANGE 随机种子（同一种子生成同样的人群） [默认：1；0<=x<=1000000000000000000] " \
        in said, result.stdout


def test_the_english_help_is_clicks_own() -> None:
    """``validate --help`` in English is click's layout of the docstring and the options (80 columns), as it always
    was, not the Chinese help's layout with English words."""
    result = CliRunner().invoke(main, ["validate", "--help"], terminal_width=80)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == """\
Usage: main validate [OPTIONS] [PATH]

  Check plan files (PATH, else --plans, else the shipped plans); print every
  problem as file:line: message, then notes (valid, but more often a slip; each
  plan that only CP-SAT answers), each ending with the file:line it is about.

Options:
  --plans PATH    the plans folder or file, as the other commands take it (or
                  give it as PATH)
  --lang [en|zh]  the language of the problems, the ok line and the notes
                  [default: en]
  -h, --help      Show this message and exit.
"""


def test_lang_after_a_flag_is_the_language() -> None:
    """A flag takes no value: ``recommend --json --lang zh --top-k 0`` (and ``--satellite``, a flag with its
    --no-satellite) reads --lang zh, so the refused --top-k is said in Chinese (exit 2)."""
    for flag in ("--json", "--satellite"):
        assert run("recommend", flag, "--lang", "zh", "--top-k", "0") == (
            2, "", RECOMMEND_ZH + "错误：--top-k 的值无效：0 不在 1 到 50 的范围内\n")


def test_a_command_there_is_not_is_refused_in_the_language_right_after_it() -> None:
    """``valdate --lang zh``: the --lang straight after the unknown name is read (exit 2, in Chinese, the near name
    suggested)."""
    assert run("valdate", "--lang", "zh") == (
        2, "", "用法：main [选项] 命令 [参数]...\n查看帮助：main --help --lang zh\n\n"
        "错误：没有 valdate 这个命令（您是否想用 validate？）\n")


def test_an_option_given_without_its_value_or_with_one_it_does_not_take_is_said_in_chinese() -> None:
    """``--top-k`` last, without its value: 选项 --top-k 后面需要一个值; ``--json=1``, a flag given a value: 选项 --json
    不接受值; an unknown option nothing is near: no "did you mean" (exit 2 each)."""
    assert run("recommend", "--lang", "zh", "--top-k") == (2, "", "错误：选项 --top-k 后面需要一个值\n")
    assert run("recommend", "--json=1", "--lang", "zh") == (2, "", "错误：选项 --json 不接受值\n")
    assert run("recommend", "--zzz", "--lang", "zh") == (2, "", RECOMMEND_ZH + "错误：没有 --zzz 这个选项\n")


def test_the_programs_own_lang_is_read_before_the_command() -> None:
    """``--lang=zh valdate``: the program's --lang (written with =) words the unknown command in Chinese; ``--lang``
    alone with no value after it is no option of the program's: click's English (exit 2 each)."""
    program_zh = "用法：main [选项] 命令 [参数]...\n查看帮助：main --help --lang zh\n\n"
    assert run("--lang=zh", "valdate") == (2, "", program_zh + "错误：没有 valdate 这个命令（您是否想用 validate？）\n")
    assert run("--lang") == (2, "", "Usage: main [OPTIONS] COMMAND [ARGS]...\nTry 'main --help' for help.\n\n"
                                    "Error: No such option '--lang'.\n")
    assert run("--lang", "zh", "--bogus") == (2, "", program_zh + "错误：没有 --bogus 这个选项\n")
