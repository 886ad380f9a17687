"""The consumer's whole journey checked for accessibility in a real browser (Debian's chromium via Playwright), in
Chinese and English: the empty form, the form with errors, and the results (one line, a household of three, nothing
fits with suggestions, a comparison with a current plan).

axe-core (bundled by ``axe-playwright-python``, no network) runs its WCAG 2.0/2.1/2.2 A and AA rules on each page
with every ``<details>`` open, and any violation fails.  Beside it, what axe does not judge, found by the a11y
review's walk-throughs (a screen reader, the keyboard alone, 200 % zoom and a 390 px phone): each heading sits under
a heading of its own section, each table has a caption and header cells, the page's language is the one shown,
each control's target is 24 × 24 CSS px at least, the page reflows at 390 px, the focus is seen wherever Tab puts it,
and a form with errors puts the focus on its summary.

(The what-if HTML report is a file the CLI writes, not a page the app serves: it is not part of this journey.)"""

from typing import Any

import pytest
from playwright.sync_api import Browser, ViewportSize

from .browsing import DESKTOP, console_errors

pytestmark = pytest.mark.browser

PHONE: ViewportSize = {"width": 390, "height": 844}
OPERATORS = "".join(f"&operator={op}" for op in ("china-mobile", "china-telecom", "china-unicom"))
ONE_LINE = "data_gb=45&voice_minutes=80&sms=0&uplink=0&downlink=0&roaming_data_gb=0&roaming_minutes=0" + OPERATORS
STATES = {
    "form": "/?",
    # the holder's data not a number and the minutes left blank: the form again, with its error summary
    "errors": "/results?data_gb=abc&voice_minutes=&sms=0&uplink=0&downlink=0&roaming_data_gb=0&roaming_minutes=0"
              + OPERATORS,
    "one-line": "/results?" + ONE_LINE,
    "household-of-3": "/results?" + ONE_LINE + "&line_name=Mum&line_data_gb=40&line_voice_minutes=200&line_sms=0"
                      "&line_name=&line_data_gb=20&line_voice_minutes=0&line_sms=0",
    "nothing-fits": "/results?data_gb=20&voice_minutes=100&sms=0&uplink=300&downlink=0&roaming_data_gb=0"
                    "&roaming_minutes=0&satellite=1&budget=50" + OPERATORS,
    "current-plan": "/results?" + ONE_LINE + "&current_plan=cm-5ga-199",
}
HTML_LANG = {"zh": "zh-CN", "en": "en"}
WCAG_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
MIN_TARGET_PX = 24
"""WCAG 2.2's 2.5.8 (AA): a target at least 24 × 24 CSS px."""


@pytest.fixture(scope="module")
def axe() -> Any:
    return pytest.importorskip("axe_playwright_python.sync_playwright",
                               reason="axe-playwright-python is not installed (pip install -e '.[test]')").Axe()


def _open(browser: Browser, live_server: str, state: str, lang: str, viewport: ViewportSize = DESKTOP) -> Any:
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    response = page.goto(f"{live_server}{STATES[state]}&lang={lang}")
    assert response is not None and response.status == (422 if state == "errors" else 200), state
    return page


def _what_is_shown(page: Any, state: str) -> None:
    """The test's premise: the page is the state it names."""
    if state == "errors":
        assert page.locator("#error-summary li").count() >= 2
    elif state == "household-of-3":
        assert page.locator(".household-split").count() >= 1 and page.locator("#separate-lines").count() == 1
    elif state == "nothing-fits":
        assert page.locator(".suggestions a").count() >= 1
    elif state == "current-plan":
        assert page.locator(".savings").count() >= 1
    elif state == "one-line":
        assert page.locator(".cards .card").count() >= 1


def test_axe_says_a_violation_when_there_is_one(browser: Browser, axe: Any) -> None:
    """The check can fail: on a page with an unnamed field and grey on white, axe names both (an empty list below
    is a finding, not a harness that ran nothing)."""
    page = browser.new_page()
    page.set_content('<html lang="en"><title>t</title><main><h1>t</h1><input type="text">'
                     '<p style="color:#aaa">grey</p></main></html>')
    found = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_A_AA}}).response
    assert {v["id"] for v in found["violations"]} >= {"label", "color-contrast"}
    page.close()


@pytest.mark.parametrize("state", list(STATES))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_axe_finds_no_wcag_a_or_aa_violation(browser: Browser, live_server: str, axe: Any, lang: str,
                                             state: str) -> None:
    """axe-core's WCAG 2.x A and AA rules, every ``<details>`` opened (what it holds is checked too)."""
    page = _open(browser, live_server, state, lang)
    errors = console_errors(page)
    _what_is_shown(page, state)
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    found = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_A_AA}}).response
    said = [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:5]]}"
            for v in found["violations"]]
    assert said == [], "\n".join(said)
    assert errors == []
    page.context.close()


@pytest.mark.parametrize("state", list(STATES))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_page_reads_in_order_to_a_screen_reader(browser: Browser, live_server: str, lang: str,
                                                    state: str) -> None:
    """The page's language is the one it is written in; one h1, and each other heading comes under a heading of the
    level above it in a section that holds it too (the household's h3 came under the presets' h2 in their nav, a
    section it is no part of); each table has a caption and a header cell for each row, and column headers when it
    has more than two columns (the separate lines' table had neither: its cells were heard without saying whose
    line or what they were); after errors, the focus is on their summary."""
    page = _open(browser, live_server, state, lang)
    assert page.locator("html").get_attribute("lang") == HTML_LANG[lang]
    misplaced = page.evaluate("""() => {
        const sections = 'nav, section, article, aside';  // (the sectioning elements)
        const heads = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')];
        return heads.map((h, i) => {
            const level = Number(h.tagName[1]);
            if (level === 1) { return null; }
            const parent = heads.slice(0, i).reverse().find(p => Number(p.tagName[1]) < level);
            if (!parent || Number(parent.tagName[1]) !== level - 1) { return [h.textContent.trim(), 'skips a level']; }
            const home = parent.closest(sections);
            return home && !home.contains(h) && Number(parent.tagName[1]) > 1
                ? [h.textContent.trim(), 'under ' + parent.textContent.trim()] : null;
        }).filter(Boolean); }""")
    assert page.locator("h1").count() == 1 and misplaced == [], misplaced
    tables = page.evaluate("""() => [...document.querySelectorAll('table')].map(t => {
        const rows = [...t.querySelectorAll('tbody tr')];
        const columns = Math.max(0, ...rows.map(r => r.children.length));
        return [t.className, (t.caption ? t.caption.textContent.trim() : '') !== '',
                rows.every(r => r.querySelector('th[scope=row]')),
                columns <= 2 || t.querySelectorAll('thead th[scope=col]').length === columns]; })""")
    assert [t for t in tables if not all(t[1:])] == [], tables
    if state == "errors":
        assert page.evaluate("document.activeElement.id") == "error-summary"
    page.context.close()


@pytest.mark.parametrize(("lang", "title"), [("zh", "错误：有 2 处需要修改 · "), ("en", "Error: 2 things to fix · ")])
def test_a_refused_form_is_said_at_once_without_javascript(browser: Browser, live_server: str, lang: str,
                                                           title: str) -> None:
    """Without JavaScript, a screen reader user submitting a form it refuses heard the form's title again and read
    on from the top, not told it was refused (the summary took the focus by script only).  The page's title, the
    first thing said, starts with the error and its count (as GOV.UK's do), and the summary has the focus
    (``autofocus``)."""
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server}/?lang={lang}")
    page.locator("#f-data_gb").fill("")
    page.locator("#f-voice_minutes").fill("")
    page.locator("#f-voice_minutes").press("Enter")
    page.wait_for_load_state()
    assert page.locator("#error-summary li").count() == 2  # (the premise: the form again, refused)
    assert page.title().startswith(title), page.title()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    context.close()


@pytest.mark.parametrize(("lang", "said"), [("zh", "（估算值）"), ("en", "(estimate)")])
@pytest.mark.parametrize("state", ["household-of-3", "one-line"])
def test_a_screen_reader_says_which_figures_are_estimates(browser: Browser, live_server: str, lang: str, said: str,
                                                          state: str) -> None:
    """Each figure marked 估 / est. is read as an estimate: the mark said it in its tooltip (a title attribute) alone,
    which a screen reader may not read (a review by a screen reader user); now words in the page that are hidden
    from sight, and the mark itself hidden from the screen reader (what the accessibility tree says is counted)."""
    page = _open(browser, live_server, state, lang)
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    marks = page.locator("main abbr.est").evaluate_all("""all => all.filter(e => !e.closest('.legend')).map(e =>
        [e.getAttribute('aria-hidden'), e.nextElementSibling ? e.nextElementSibling.textContent.trim() : null])""")
    assert len(marks) >= (1 if state == "household-of-3" else 0)
    assert marks == [["true", said]] * len(marks)
    assert page.locator("main").aria_snapshot().count(said) >= len(marks)  # (read: a row repeats its cells' words)
    page.context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390px", "desktop"])
@pytest.mark.parametrize("state", list(STATES))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_target_is_big_enough_and_the_page_reflows(browser: Browser, live_server: str, lang: str, state: str,
                                                         viewport: ViewportSize) -> None:
    """Each visible control a finger or a pointer aims at (links, buttons, fields, boxes, summaries) is 24 × 24 CSS
    px at least (the suggestions', the error summary's and the sample bill's links were 19 px high, the boxes 22 px);
    and nothing is wider than the page at 390 px (as at 200 % zoom on a small window)."""
    page = _open(browser, live_server, state, lang, viewport)
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    small = page.evaluate("""(least) => [...document.querySelectorAll(
            'a[href], button, input, select, textarea, summary, [tabindex]')].filter(e => {
        const r = e.getBoundingClientRect(), s = getComputedStyle(e);
        return e.tabIndex >= 0 && r.width > 0 && r.height > 0 && s.visibility !== 'hidden'
            && (r.width < least || r.height < least); })
        .map(e => { const r = e.getBoundingClientRect();
            return [e.id || e.className || e.tagName, (e.textContent || '').trim().slice(0, 40),
                    Math.round(r.width * 10) / 10, Math.round(r.height * 10) / 10]; })""", MIN_TARGET_PX)
    assert small == [], small
    if viewport == PHONE:
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.context.close()


@pytest.mark.parametrize("state", ["form", "errors", "nothing-fits", "household-of-3"])
def test_the_focus_is_seen_wherever_tab_puts_it(browser: Browser, live_server: str, state: str) -> None:
    """The keyboard alone, through the whole page: every stop Tab makes is a visible control with a ring (an outline
    or a shadow), and the page's order comes back round to the start."""
    page = _open(browser, live_server, state, "zh")
    stops: list[str] = []
    unseen = []
    for _ in range(200):
        page.keyboard.press("Tab")
        stop = page.evaluate("""() => { const e = document.activeElement, s = getComputedStyle(e),
                                              r = e.getBoundingClientRect();
            return [e === document.body ? 'body' : e.tagName + '#' + e.id + '.' + e.className + ':'
                    + (e.textContent || e.name || '').trim().slice(0, 30),
                    (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none',
                    r.width > 0 && r.height > 0]; }""")
        if stop[0] == "body" or stop[0] in stops:
            break
        stops.append(stop[0])
        if not (stop[1] and stop[2]):
            unseen.append(stop)
    assert len(stops) >= 5 and unseen == [], (len(stops), unseen)
    page.context.close()

