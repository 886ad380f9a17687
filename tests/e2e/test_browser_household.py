"""A household in a real browser (Debian's chromium via Playwright): lines added with "+ 家庭成员" /
"+ Add a line" (in place with the script, by a round trip without it), the bill by line and the
separate-lines alternative, in zh-CN and en, on the small household catalogue of tests/data/household.

Screenshots go to ``artifacts/screenshots/`` (household-*.png).
"""

import json
import re
import urllib.request
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TypedDict

import pytest
from playwright.sync_api import Browser, Page

from tests.paths import ROOT

from .browsing import DESKTOP, console_errors
from .servers import served

pytestmark = pytest.mark.browser
PLANS = ROOT / "tests" / "data" / "household"


class Family(TypedDict):
    lines: list[dict[str, object]]
    needs: dict[str, int]


class Household(TypedDict):  # the parts of the API's answer the test reads
    per_line_fen: list[int]
    shared_fen: int


class Shown(TypedDict):
    household: Household
    total_yuan: str


class SeparateLines(TypedDict):
    effective_monthly_fen: int


class Answer(TypedDict):
    recommendations: list[Shown]
    separate_lines: SeparateLines


FAMILY: Family = {"lines": [{"data_gb": 100, "voice_minutes": 300, "sms": 0},
                    {"name": "Mum", "data_gb": 40, "voice_minutes": 200, "sms": 0},
                    {"data_gb": 20, "voice_minutes": 0, "sms": 0}, {"data_gb": 5, "voice_minutes": 0, "sms": 0}],
          "needs": {"broadband_mbps": 500}}


@pytest.fixture(scope="module")
def household_server() -> Iterator[str]:
    with served(PLANS) as base:
        yield base


def _api(base: str, profile: Mapping[str, object]) -> Answer:
    request = urllib.request.Request(f"{base}/api/v1/recommendations", data=json.dumps(profile).encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def _fill_lines(page: Page, rows: list[dict[str, object]]) -> None:
    for i, row in enumerate(rows, 1):
        for key in ("name", "data_gb", "voice_minutes"):
            if key in row:
                page.locator(f"#f-line_{key}-{i}").fill(str(row[key]))


def _check_results(page: Page, base: str, lang: str) -> None:
    answer = _api(base, FAMILY)
    best = answer["recommendations"][0]
    split = page.locator("#household-1")
    cells = [c.strip() for c in split.locator("tbody td").all_inner_texts()]
    household = best["household"]
    expected = [f"¥{fen / 100:.2f}" for fen in [*household["per_line_fen"], household["shared_fen"]]]
    assert cells == expected
    assert split.locator("tfoot td").inner_text().strip() == best["total_yuan"]
    separate = page.locator("#separate-lines")
    assert separate.is_visible()
    total = answer["separate_lines"]["effective_monthly_fen"]
    assert separate.locator("tfoot td").inner_text().strip() == f"¥{total / 100:.2f}"
    text = page.locator("main").inner_text()
    if lang == "en":
        assert not re.search(r"[\u4e00-\u9fff]", text.replace("中文", ""))
    else:
        assert "每月费用按成员列出" in text and "每人各办一个套餐" in text


def test_a_family_adds_lines_in_place_in_chinese(browser: Browser, household_server: str, screenshots: Path) -> None:
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = context.new_page()
    errors = console_errors(page)
    page.goto(household_server + "/?lang=zh")
    page.get_by_label("手机流量").fill("100")
    page.locator("#f-voice_minutes").fill("300")
    page.locator("#f-sms").fill("0")
    add = page.get_by_role("button", name="+ 家庭成员")
    for _ in range(3):
        add.click()
    assert page.locator("#lines .line-row").count() == 3 and page.url.endswith("/?lang=zh")  # no round trip
    assert page.locator("#lines .line-row legend").all_inner_texts() == ["成员1", "成员2", "成员3"]
    _fill_lines(page, FAMILY["lines"][1:])
    page.locator("#f-broadband_mbps").select_option("500")
    page.screenshot(path=str(screenshots / "household-form-zh.png"), full_page=True)
    page.get_by_role("button", name="找出最省钱的套餐").click()
    page.wait_for_url(re.compile(r"/results\?"))
    _check_results(page, household_server, "zh")
    page.screenshot(path=str(screenshots / "household-results-zh.png"), full_page=True)
    page.get_by_role("link", name="English").click()
    page.wait_for_load_state()
    _check_results(page, household_server, "en")
    page.screenshot(path=str(screenshots / "household-results-en.png"), full_page=True)
    assert errors == []
    context.close()


def test_a_line_is_removed_and_renumbered(browser: Browser, household_server: str) -> None:
    context = browser.new_context(viewport=DESKTOP, locale="en-US")
    page = context.new_page()
    page.goto(household_server + "/?lang=en")
    add = page.get_by_role("button", name="+ Add a line")
    for _ in range(3):
        add.click()
    page.get_by_role("button", name="Remove this line (Line 1)", exact=True).click()
    assert page.locator("#lines .line-row legend").all_inner_texts() == ["Line 1", "Line 2"]
    # named by their lines anew, the removal said, the focus on "+" (the screen-reader user's test: eight buttons
    # "Remove this line", a removal unsaid)
    assert [b.get_attribute("aria-label") for b in page.locator(".remove-line").all()] == [
        "Remove this line (Line 1)", "Remove this line (Line 2)"]
    assert page.locator("#lines-status").inner_text() == "Line 1 removed; the lines after it are numbered anew."
    assert page.evaluate("document.activeElement.id") == "add-line"
    for _ in range(10):
        if add.is_disabled():
            break
        add.click()
    assert page.locator("#lines .line-row").count() == 9  # the holder and nine more: at most ten lines
    context.close()


def test_without_javascript_a_line_is_added_by_the_server(browser: Browser, household_server: str,
                                                          screenshots: Path) -> None:
    context = browser.new_context(viewport=DESKTOP, locale="en-US", java_script_enabled=False)
    page = context.new_page()
    page.goto(household_server + "/?lang=en")
    page.locator("#f-data_gb").fill("100")
    page.locator("#f-voice_minutes").fill("300")
    page.locator("#f-sms").fill("0")
    for i in range(1, 4):  # each round trip keeps the lines filled in and adds an empty one
        page.get_by_role("button", name="+ Add a line").click()
        page.wait_for_load_state()
        assert page.locator("#lines .line-row").count() == i
        assert page.evaluate("document.activeElement.id") == f"f-line_name-{i}"  # (the line added, focused)
        for key, value in FAMILY["lines"][i].items():
            page.locator(f"#f-line_{key}-{i}").fill(str(value))
    # a line removed by its button, the others kept and the removal said, the focus on "+" (the screen-reader user's
    # test: the buttons were hidden without the script, a line removed only by clearing each of its fields, unsaid)
    page.get_by_role("button", name="+ Add a line").click()
    page.wait_for_load_state()
    page.locator("#f-line_name-4").fill("Gone")
    page.locator("#f-line_data_gb-4").fill("1")
    page.get_by_role("button", name="Remove this line (Line 4)", exact=True).click()
    page.wait_for_load_state()
    assert page.locator("#lines .line-row").count() == 3 and page.locator("#f-line_name-4").count() == 0
    assert page.locator("#lines-status").inner_text() == "Line 4 removed; the lines after it are numbered anew."
    assert page.evaluate("document.activeElement.id") == "add-line"
    assert [page.locator(f"#f-line_data_gb-{i}").input_value() for i in range(1, 4)] == [
        str(FAMILY["lines"][i]["data_gb"]) for i in range(1, 4)]
    page.locator("#f-broadband_mbps").select_option("500")
    page.get_by_role("button", name="Find my cheapest bundle").click()
    page.wait_for_url(re.compile(r"/results\?"))
    _check_results(page, household_server, "en")
    page.screenshot(path=str(screenshots / "household-results-nojs-en.png"), full_page=True)
    context.close()


def test_the_estimate_fills_the_app_share_too(browser: Browser, household_server: str) -> None:
    context = browser.new_context(viewport=DESKTOP, locale="en-US")
    page = context.new_page()
    page.goto(household_server + "/?lang=en")
    page.locator("details.helper summary").first.click()
    page.locator("#f-video_hours").fill("1.5")
    page.locator("#f-social_hours").fill("2")
    page.get_by_role("button", name="Estimate and fill in data").click()
    assert page.locator("#f-data_gb").input_value() == "63"
    assert (page.locator("#f-share_video").input_value(), page.locator("#f-share_social").input_value()) == ("45", "18")
    context.close()
