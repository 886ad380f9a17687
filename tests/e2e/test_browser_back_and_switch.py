"""The browser's Back button and the data helper's script in a real browser (Debian's chromium via
Playwright): Back from the results lands on the form as it was sent, and the script reads hours as
the server does."""

import re

import pytest
from playwright.sync_api import Browser, Page

from tests.paths import ROOT

from .browsing import DESKTOP, console_errors

pytestmark = pytest.mark.browser

GOOD_CSV = ROOT / "seeds" / "usage" / "three-months.csv"


def _fill(page: Page) -> None:
    page.locator("#f-data_gb").fill("77")
    page.locator("#f-voice_minutes").fill("321")
    page.locator("#f-budget").fill("250")
    page.get_by_role("button", name="+ Add a line").click()
    page.locator("#f-line_name-1").fill("Mum")
    page.locator("#f-line_data_gb-1").fill("12")
    page.locator("#f-line_voice_minutes-1").fill("30")
    page.locator("#f-satellite").check()


def _answers(page: Page) -> dict[str, object]:
    return page.evaluate("""() => ({
        data: document.getElementById('f-data_gb').value,
        voice: document.getElementById('f-voice_minutes').value,
        budget: document.getElementById('f-budget').value,
        satellite: document.getElementById('f-satellite').checked,
        names: Array.from(document.querySelectorAll('#lines input[name=line_name]')).map(e => e.value),
        gb: Array.from(document.querySelectorAll('#lines input[name=line_data_gb]')).map(e => e.value)})""")


EXPECTED = {"data": "77", "voice": "321", "budget": "250", "satellite": True, "names": ["Mum"], "gb": ["12"]}


def test_back_from_the_results_restores_every_answer(browser: Browser, live_server: str) -> None:
    """Back lands on the form as sent (as "Change my answers" does): typed numbers, a line added in place."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    errors = console_errors(page)
    page.goto(live_server + "/?lang=en")
    _fill(page)
    page.get_by_role("button", name="Find my cheapest bundle").click()
    page.wait_for_url(re.compile(r"/results\?"))
    assert "77 GB" in page.locator(".usage").inner_text()
    page.go_back()
    page.wait_for_load_state()
    assert _answers(page) == EXPECTED
    assert page.locator("html").get_attribute("lang") == "en"
    assert errors == []
    context.close()


def test_back_from_an_uploaded_bill_restores_the_other_answers(browser: Browser, live_server: str) -> None:
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    errors = console_errors(page)
    page.goto(live_server + "/?lang=en")
    _fill(page)
    page.locator("#f-usage_csv").set_input_files(str(GOOD_CSV))
    page.locator("#upload-button").click()
    page.wait_for_url(re.compile(r"/results$"))
    assert page.locator(".from-file").is_visible()
    page.go_back()
    page.wait_for_load_state()
    assert _answers(page) == EXPECTED
    assert errors == []
    context.close()


@pytest.mark.parametrize("typed", ["1e1", "0x2", "1,5"])
def test_the_estimate_script_reads_hours_as_the_server_does(browser: Browser, live_server: str, typed: str) -> None:
    """Hours the server would not read ("1e1" is not 10) are not estimated in place: the server says why."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(live_server + "/?lang=en")
    page.locator("#f-data_gb").fill("45")
    page.get_by_text("Don't know your data use? Estimate it").click()
    page.locator("#f-video_hours").fill(typed)
    assert page.locator("#estimate-output").inner_text() == ""
    page.get_by_role("button", name="Estimate and fill in data").click()
    page.wait_for_load_state()
    assert page.locator("#f-data_gb").input_value() == "45"
    assert page.locator("#f-video_hours").input_value() == typed
    assert page.locator("#e-video_hours").is_visible()
    context.close()


def test_back_without_javascript_gives_a_form_of_one_piece(browser: Browser, live_server: str) -> None:
    """Without the script, Back came to the form with the typed numbers gone (``autocomplete=off``, a no-store
    page) but the boxes as ticked, a form the person never filled in, which searched for needs they never gave
    (QA).  The form is restored whole or not at all: here not at all ("Change my answers" brings it back)."""
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server + "/?lang=en")
    defaults = _answers_without_lines(page)
    page.locator("#f-data_gb").fill("33")
    page.locator("#f-satellite").check()
    page.locator("#f-operator-china-mobile").uncheck()
    page.locator("#f-region").select_option(index=1)
    page.locator("#f-budget").press("Enter")
    page.wait_for_url(re.compile(r"/results\?"))
    page.go_back()
    page.wait_for_load_state()
    assert _answers_without_lines(page) == defaults
    context.close()


def _answers_without_lines(page: Page) -> dict[str, object]:
    return page.evaluate("""() => Object.fromEntries(Array.from(document.querySelectorAll(
        '#profile-form input:not([type=file]), #profile-form select')).map(e => [e.id,
        e.type === 'checkbox' ? e.checked : e.value]))""")


@pytest.mark.parametrize("way_back", ["the link", "Back"])
def test_the_language_switch_keeps_the_answers_typed(browser: Browser, live_server: str, way_back: str) -> None:
    """Switching language half-way through the form keeps what was typed (QA: the link went to "/?lang=zh" and the
    page came back with the default answers, the numbers, the ticked box and the added line gone), and so does
    coming back from it with Back (form QA: the first language's history entry was the page as it came, only a
    submit put the answers in it, and Back came to the default answers)."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    errors = console_errors(page)
    page.goto(live_server + "/?lang=en")
    _fill(page)
    page.locator(".lang-switch").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    assert _answers(page) == EXPECTED
    if way_back == "Back":
        page.go_back()
    else:  # the link again, now without an edit: the link as the server wrote it
        page.locator(".lang-switch").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert _answers(page) == EXPECTED
    assert errors == []
    context.close()


def test_the_language_switch_after_editing_keeps_the_bill_to_choose_again(browser: Browser, live_server: str) -> None:
    """Found in review: the form reached from a posted bill's results (``?bill=``) says to choose the bill again;
    an answer edited, the switch went to the answers typed alone, and the other language said nothing of the bill
    (the unedited link keeps it, as the server writes it)."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    errors = console_errors(page)
    page.goto(live_server + "/?data_gb=66&bill=1&lang=en")
    assert "choose it again" in page.locator("#n-usage_csv").inner_text()
    page.locator("#f-data_gb").fill("77")
    page.locator(".lang-switch").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    assert page.locator("#f-data_gb").input_value() == "77"
    assert page.locator("#n-usage_csv").count() == 1 and "详单" in page.locator("#n-usage_csv").inner_text()
    assert errors == []
    context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_back_from_the_results_says_the_language_once(browser: Browser, live_server: str, lang: str) -> None:
    """The address Back came to said ``lang`` twice ("?lang=en&data_gb=…&lang=en": the form's own field, then the
    page's address's again; a11y review). It says it once, the page's language."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(f"{live_server}/?lang={lang}")
    page.locator("#f-data_gb").fill("77")
    page.locator("#f-data_gb").press("Enter")
    page.wait_for_url(re.compile(r"/results\?"))
    page.go_back()
    page.wait_for_load_state()
    assert re.findall(r"[?&]lang=([^&]*)", page.url) == [lang], page.url
    assert page.locator("#f-data_gb").input_value() == "77"
    context.close()


@pytest.mark.parametrize(("typed", "shown"), [("5小时", "300"), ("1.5h", "90"), ("２个小时", "120"),
                                              ("5天", "5天"), ("1e1h", "1e1h")])
def test_minutes_said_in_hours_are_written_as_minutes(browser: Browser, live_server: str, typed: str,
                                                      shown: str) -> None:
    """The script writes hours typed in a field of minutes as the minutes the server reads them as (form.IN_HOURS,
    given by the page: 5 h is 300), on leaving the field, a household line's added in place too; anything else is
    left as typed for the server to explain."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    errors = console_errors(page)
    page.goto(live_server + "/?lang=zh")
    page.get_by_role("button", name="+ 家庭成员").click()
    for field in ("#f-voice_minutes", "#f-roaming_minutes", "#f-line_voice_minutes-1"):
        page.locator(field).fill(typed)
        page.locator(field).press("Tab")
        assert page.locator(field).input_value() == shown, field
    assert errors == []
    context.close()


def test_the_language_switch_after_a_posted_bills_error_keeps_the_bill_to_choose_again(browser: Browser,
                                                                                      live_server: str) -> None:
    """Found by the consumer review: a bill sent with another field's error comes back as the form at /results (a
    POST: no ``?bill=``) saying to choose the bill again; that field put right, the switch went to the answers typed
    alone, and the other language said nothing of the bill."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    errors = console_errors(page)
    page.goto(live_server + "/?lang=en")
    page.locator("#f-budget").fill("abc")
    page.locator("#f-usage_csv").set_input_files(str(GOOD_CSV))
    page.locator("#upload-button").click()
    page.wait_for_url(re.compile(r"/results$"))
    assert "choose it again" in page.locator("#n-usage_csv").inner_text()
    page.locator("#f-budget").fill("120")
    page.locator(".lang-switch").click()
    page.wait_for_url(re.compile(r"lang=zh"))
    assert page.locator("#f-budget").input_value() == "120"
    assert page.locator("#n-usage_csv").count() == 1 and "详单" in page.locator("#n-usage_csv").inner_text()
    assert [e for e in errors if "422" not in e] == []
    context.close()
