"""The what-if HTML report (``recommender whatif --html``) read in a real browser (Debian's chromium via Playwright),
on a phone (390 and 320 CSS px wide, 3 device pixels a CSS px) and on a desktop (1280 px).

Found by the phone QA: at 390 px the fixed 900 px charts shrank to the page with their type, the plan names and
values to 4.4 px; and scrolled to a table's change column, the rows had lost their operator or plan.
Screenshots go to ``artifacts/screenshots/whatif-*.png``."""

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from playwright.sync_api import Browser, ViewportSize

from recommender.catalogue import DEFAULT_PLANS
from recommender.cli import main

pytestmark = pytest.mark.browser

PHONE: ViewportSize = {"width": 390, "height": 844}
SMALL_PHONE: ViewportSize = {"width": 320, "height": 568}
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
READABLE_PX = 11


def _edit(folder: Path, file: str, plan: str, old: str, new: str) -> None:
    """``old`` replaced by ``new`` once, within plan ``plan`` of ``file``."""
    path = folder / file
    head, tail = path.read_text(encoding="utf-8").split(f"  - id: {plan}\n")
    assert old in tail
    path.write_text(f"{head}  - id: {plan}\n{tail.replace(old, new, 1)}", encoding="utf-8")


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A report of the shipped plans with two edits (ct-5ga-199's fee 199 → 229 yuan; cm-5ga-199 kept only by the
    people on it) on 400 generated profiles: its file URL."""
    folder = tmp_path_factory.mktemp("whatif-report")
    candidate = folder / "candidate"
    shutil.copytree(DEFAULT_PLANS, candidate)
    _edit(candidate, "china-telecom.yaml", "ct-5ga-199", "monthly_fee: {value: 199,", "monthly_fee: {value: 229,")
    _edit(candidate, "china-mobile.yaml", "cm-5ga-199", "members_of: [gotone]\n",
          "members_of: [gotone]\n      holders_only: true\n")
    runner = CliRunner()
    population, page = folder / "p.csv", folder / "report.html"
    result = runner.invoke(main, ["population", "--size", "400", "--seed", "7", "--out", str(population)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["whatif", "--candidate", str(candidate), "--population", str(population),
                                  "--workers", "1", "--html", str(page)])
    assert result.exit_code == 0, result.output
    assert "ct-5ga-199 *: fee ¥199.00 → ¥229.00" in result.output and "cm-5ga-199 *" in result.output
    yield page.as_uri()


def _open(browser: Browser, url: str, viewport: ViewportSize, scale: int) -> tuple[Any, Any]:
    context = browser.new_context(viewport=viewport, device_scale_factor=scale)
    page = context.new_page()
    page.goto(url)
    return context, page


CHART_TEXT = """() => [...document.querySelectorAll('svg')].filter(svg => svg.getBoundingClientRect().width > 0)
  .map(svg => { const box = svg.getBoundingClientRect();
    return {width: box.width, texts: [...svg.querySelectorAll('text')].map(t => { const r = t.getBoundingClientRect();
      return {text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a,
              height: r.height, inside: r.left >= box.left - 0.5 && r.right <= box.right + 0.5}; })}; })"""

OVERFLOW = """() => { const width = document.documentElement.clientWidth;
  return {scroll: document.documentElement.scrollWidth, width,
          out: [...document.body.querySelectorAll('*')].filter(e => !e.closest('.wide'))
                 .filter(e => e.getBoundingClientRect().right > width + 0.5).map(e => e.outerHTML.slice(0, 80))}; }"""


@pytest.mark.parametrize("viewport", [PHONE, SMALL_PHONE], ids=["390px", "320px"])
def test_chart_labels_are_readable_on_a_phone(browser: Browser, report: str, screenshots: Path,
                                              viewport: ViewportSize) -> None:
    """Every chart's plan names, values and bin ranges render at 11 CSS px or more, whole inside their chart, and
    nothing but a table in its scrolling box is wider than the page."""
    context, page = _open(browser, report, viewport, 3)
    charts = page.evaluate(CHART_TEXT)
    assert len(charts) == 3  # share, revenue, savings: one drawing of each shown
    small = [(t["text"], round(t["px"], 1)) for chart in charts for t in chart["texts"]
             if t["px"] < READABLE_PX or t["height"] < READABLE_PX]
    assert not small, f"chart labels under {READABLE_PX} px at {viewport['width']} px: {small[:8]}"
    cut = [t["text"] for chart in charts for t in chart["texts"] if not t["inside"]]
    assert not cut, f"chart labels cut off at the chart's edge: {cut}"
    overflow = page.evaluate(OVERFLOW)
    assert overflow["scroll"] <= overflow["width"] and not overflow["out"], overflow
    page.screenshot(path=str(screenshots / f"whatif-phone-{viewport['width']}.png"), full_page=True)
    context.close()


def test_desktop_shows_the_fixed_charts_at_full_size(browser: Browser, report: str, screenshots: Path) -> None:
    """At 1280 px the 900 px charts are drawn as they were (one unit a CSS px: labels at 11 and 13 px)."""
    context, page = _open(browser, report, DESKTOP, 1)
    charts = page.evaluate(CHART_TEXT)
    assert [chart["width"] for chart in charts] == [900, 900, 900]
    assert {round(t["px"], 3) for chart in charts for t in chart["texts"]} == {11, 13}
    assert page.locator(".narrow").evaluate_all("all => all.filter(e => e.getClientRects().length).length") == 0
    page.screenshot(path=str(screenshots / "whatif-desktop.png"), full_page=True)
    context.close()


def test_a_scrolled_table_keeps_its_row_names_in_view_on_a_phone(browser: Browser, report: str) -> None:
    """Scrolled to its last column (the revenue change), each table still shows each row's operator, plan or
    label: at 390 px the customers', operators', plans' and moves' tables are wider than the page."""
    context, page = _open(browser, report, PHONE, 3)
    hidden = page.evaluate("""() => [...document.querySelectorAll('.wide')].filter(w => w.scrollWidth > w.clientWidth)
      .map(w => { w.scrollLeft = w.scrollWidth; const left = w.getBoundingClientRect().left;
        return [...w.querySelectorAll('tr > :first-child')].filter(c => c.getBoundingClientRect().left < left - 0.5)
          .map(c => c.textContent); })""")
    assert len(hidden) >= 3, "the report's tables should be wider than a 390 px page (the test's premise)"
    assert not any(hidden), f"row names scrolled out of view: {hidden}"
    context.close()


@pytest.fixture(scope="module")
def chinese_report(tmp_path_factory: pytest.TempPathFactory) -> str:
    """``whatif --lang zh --html`` of the shipped plans against themselves on 100 generated profiles: its file URL."""
    folder = tmp_path_factory.mktemp("whatif-zh")
    population, page = folder / "p.csv", folder / "report.html"
    runner = CliRunner()
    assert runner.invoke(main, ["population", "--size", "100", "--seed", "7", "--out", str(population)]).exit_code == 0
    result = runner.invoke(main, ["whatif", "--candidate", str(DEFAULT_PLANS), "--population", str(population),
                                  "--workers", "1", "--html", str(page), "--lang", "zh"])
    assert result.exit_code == 0, result.output
    return page.as_uri()


def test_chinese_names_in_a_narrow_column_stay_on_one_line_on_a_phone(browser: Browser, chinese_report: str,
                                                                     screenshots: Path) -> None:
    """At 390 px the Chinese report's operator column broke its names a character a line (中/国/移/动), and its
    heading (运/营/商): a table's headings and first column break Chinese where English breaks, at spaces."""
    context, page = _open(browser, chinese_report, PHONE, 3)
    lines = page.evaluate("""() => [...document.querySelectorAll('.wide tr > :first-child')]
      .filter(c => c.getClientRects().length)  // (shown: not in a closed <details>)
      .filter(c => /^[\\u4e00-\\u9fff]{2,4}$/.test(c.textContent.trim()))
      .map(c => { const r = document.createRange(); r.selectNodeContents(c);
        return [c.textContent.trim(), new Set([...r.getClientRects()].map(b => Math.round(b.top))).size]; })""")
    assert {name for name, _ in lines} >= {"运营商", "中国移动", "中国电信", "中国联通"}, lines
    assert [(name, n) for name, n in lines if n != 1] == []
    page.screenshot(path=str(screenshots / "whatif-zh-phone-390.png"), full_page=True)
    context.close()


@pytest.mark.parametrize("which", ["report", "chinese_report"])
def test_a_regions_code_and_name_stay_on_one_line_on_a_phone(browser: Browser, which: str,
                                                             request: pytest.FixtureRequest) -> None:
    """At 390 px the region column broke "CN-HE 河北" after its code (a11y review, the low-vision walk-through): a
    region's code and name are one line, in either language."""
    context, page = _open(browser, request.getfixturevalue(which), PHONE, 3)
    lines = page.evaluate("""() => [...document.querySelectorAll('.wide tbody th')]
      .filter(c => /^CN-[A-Z]{2} /.test(c.textContent.trim()))
      .map(c => { const r = document.createRange(); r.selectNodeContents(c);
        return [c.textContent.trim(), new Set([...r.getClientRects()].map(b => Math.round(b.top))).size]; })""")
    assert len(lines) >= 3, lines
    assert [(name, n) for name, n in lines if n != 1] == []
    context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "390px"])
@pytest.mark.parametrize("which", ["report", "chinese_report"])
def test_axe_finds_no_wcag_a_or_aa_violation_in_the_report(browser: Browser, which: str, viewport: ViewportSize,
                                                           request: pytest.FixtureRequest) -> None:
    """axe-core's WCAG 2.x A and AA rules on the report (a11y review): its charts were images with no name (role=img,
    nothing said), and on a phone its tables' boxes scrolled sideways but the keyboard could not reach them."""
    axe = pytest.importorskip("axe_playwright_python.sync_playwright",
                              reason="axe-playwright-python is not installed (pip install -e '.[test]')").Axe()
    context, page = _open(browser, request.getfixturevalue(which), viewport, 1)
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")  # (the charts' tables)
    found = axe.run(page, options={"runOnly": {"type": "tag", "values": [
        "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]}}).response
    said = [f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes'][:3]]}" for v in found["violations"]]
    assert said == [], "\n".join(said)
    names = page.evaluate("() => [...document.querySelectorAll('svg[role=img]')]"
                          ".map(s => s.getAttribute('aria-label'))")
    assert names and all(names), names
    context.close()


TABLES = """() => [...document.querySelectorAll('table')].map(t => {
    const rows = [...t.querySelectorAll('tbody tr')];
    const columns = Math.max(0, ...rows.map(r => r.children.length));
    return [t.caption ? t.caption.textContent.trim() : '', rows.length,  // (no moves: no rows)
            rows.filter(r => !(r.firstElementChild.matches('th[scope=row]'))).length,
            t.querySelectorAll('thead th[scope=col]').length
              === (columns || t.querySelectorAll('thead th').length)]; })"""


@pytest.mark.parametrize("which", ["report", "chinese_report"])
def test_each_table_has_a_caption_and_headers_a_screen_reader_reads(browser: Browser, which: str,
                                                                    request: pytest.FixtureRequest) -> None:
    """A screen reader user (a review): the report's tables had no caption, and their header cells no scope, so a
    cell was read as a bare number ("12.50 %") without its plan or column.  Each table is named by its section's
    words and each cell has a row header (its operator, plan or move) and a column header."""
    context, page = _open(browser, request.getfixturevalue(which), DESKTOP, 1)
    tables = page.evaluate(TABLES)
    assert len(tables) >= 9  # customers, operators, plans, two of moves, pay, the three charts' figures
    headings = page.evaluate("() => [...document.querySelectorAll('h2')].map(h => h.textContent.trim())")
    assert [t for t in tables if not (t[0] and t[2] == 0 and t[3])] == [], tables
    assert sum(t[1] for t in tables) > 30  # (rows to read: the premise)
    assert all(any(t[0].startswith(h) for h in headings) for t in tables), (tables, headings)
    context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "390px"])
@pytest.mark.parametrize("which", ["report", "chinese_report"])
def test_each_chart_has_its_figures_in_a_table(browser: Browser, which: str, viewport: ViewportSize,
                                               request: pytest.FixtureRequest) -> None:
    """A screen reader user (a review): a chart was heard as its name alone, and the savings histogram's counts were
    in no table.  Each chart is followed by a table of what it draws (in a ``<details>``), named by the chart's
    name: its rows the chart's labels and values, in the chart's order and as the chart writes them."""
    context, page = _open(browser, request.getfixturevalue(which), viewport, 1)
    charts = page.evaluate("""() => [...document.querySelectorAll('svg.narrow')].map(svg => {
        let next = svg.nextElementSibling;
        while (next && next.tagName !== 'DETAILS') { next = next.nextElementSibling; }
        const table = next.querySelector('table');
        const rows = [...table.querySelectorAll('tbody tr')];
        return {name: svg.getAttribute('aria-label'), caption: table.caption.textContent,
                drawn: [...svg.querySelectorAll('text')].map(t => t.textContent.trim()),
                columns: rows.length ? rows[0].children.length : 0,
                table: rows.flatMap(r => [...r.children].map(c => c.textContent.trim()))}; })""")
    assert len(charts) == 3, charts
    for chart in charts:
        assert chart["name"] and chart["caption"].startswith(chart["name"]), chart
        assert chart["columns"] >= 2 and chart["table"] == chart["drawn"], chart
    page.locator("details.figures summary").first.click()
    assert page.locator("details.figures table").first.is_visible()
    context.close()
