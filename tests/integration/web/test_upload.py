"""The form's itemised bill: a CSV uploaded from the form gives the API's answer, bad rows by line."""

import io
import math
import re
from html import unescape

import pytest
from flask.testing import FlaskClient

from recommender.money import format_yuan
from recommender.web.i18n import translate
from tests.paths import ROOT

SAMPLE = ROOT / "seeds" / "usage" / "three-months.csv"
FIELDS = {"data_gb": "20", "voice_minutes": "200", "sms": "20", "uplink": "0", "downlink": "0",
          "roaming_data_gb": "0", "roaming_minutes": "0",
          "operator": ["china-mobile", "china-telecom", "china-unicom"]}
HEADER = "kind,date,duration_s,mb\n"


def upload(client: FlaskClient, content: bytes, lang: str = "en", name: str = "bill.csv",
           **fields: object) -> tuple[int, str]:
    data: dict[str, object] = {**FIELDS, **fields, "upload": "1", "usage_csv": (io.BytesIO(content), name)}
    response = client.post(f"/results?lang={lang}", data=data, content_type="multipart/form-data")
    return response.status_code, response.get_data(as_text=True)


def cells(html: str, table_class: str) -> list[list[str]]:
    """The body rows of the first ``<table class="table_class">`` of each card, as text."""
    out = []
    for table in re.findall(rf'<table class="{table_class}">(.*?)</table>', html, re.S):
        body = re.search(r"<tbody>(.*?)</tbody>", table, re.S)
        assert body is not None
        for row in re.findall(r"<tr>(.*?)</tr>", body.group(1), re.S):
            out.append([re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)])
    return out


def test_the_sample_bill_gives_the_api_answer_month_by_month(web_client: FlaskClient) -> None:
    content = SAMPLE.read_bytes()
    status, html = upload(web_client, content, name="three-months.csv")
    assert status == 200
    api = web_client.post("/api/v1/recommendations/usage", data={"records": (io.BytesIO(content), "x.csv")},
                          content_type="multipart/form-data").get_json()
    recs = api["recommendations"]
    shown = re.findall(r'<p class="total"><span class="amount">([^<]+)</span>', html)
    assert shown == [r["effective_monthly_yuan"] for r in recs]
    assert "/ month on average" in html and "Average over 24 months" in html
    assert f"first month {recs[0]['months'][0]['total_yuan']}" in html
    rows = cells(html, "months")
    assert len(rows) == 3 * len(recs)
    for i, rec in enumerate(recs):
        card = rows[3 * i: 3 * i + 3]
        assert [r[0] for r in card] == ["2025-03", "2025-04", "2025-05"]
        assert [r[-1] for r in card] == [m["total_yuan"] for m in rec["months"]]
        for row, month in zip(card, rec["months"], strict=True):
            billed = month["billed"]
            # (rounded up to the hundredth, never below what was billed: the bill-upload test read 25,601 MB as "25")
            assert float(row[1]) == math.ceil(billed["data_mb"] / 1024 * 100) / 100
            assert float(row[2]) == round(billed["voice_s"] / 60, 2)
            assert int(row[3]) == billed["sms"]
    totals = re.findall(r'<tfoot><tr><th scope="row" colspan="5">Your 3 months</th><td class="num">([^<]+)</td>',
                        html)
    assert totals == [r["total_yuan"] for r in recs]
    assert "163 records from your bill" in html and "2025-03 to 2025-05" in html
    assert "three-months.csv" in html
    assert "Included vs your busiest month of each" in html  # (data, calls, texts: each its own month)


def test_the_bill_keeps_the_rest_of_the_form(web_client: FlaskClient) -> None:
    content = SAMPLE.read_bytes()
    status, html = upload(web_client, content, lang="zh", uplink="300", operator=["china-unicom"])
    assert status == 200 and "个月合计" in html
    api = web_client.post("/api/v1/recommendations/usage", data={
        "records": (io.BytesIO(content), "x.csv"),
        "profile": '{"needs": {"min_uplink_mbps": 300}, "operators": ["china-unicom"]}'},
        content_type="multipart/form-data").get_json()
    shown = re.findall(r'<p class="total"><span class="amount">([^<]+)</span>', html)
    assert shown == [r["effective_monthly_yuan"] for r in api["recommendations"]] and shown


def test_a_bad_row_is_reported_by_line_next_to_the_file_field(web_client: FlaskClient) -> None:
    bad = (HEADER + "call,2025-03-01,61,\nphone,2025-03-02,5,\ndata,2025-03-40,,5\n").encode()
    status, html = upload(web_client, bad, lang="en", budget="120", voice_minutes="lots")
    assert status == 422
    field = html[html.index('id="f-usage_csv"'):html.index('id="upload-button"')]
    assert 'aria-invalid="true"' in html[html.index('<input id="f-usage_csv"'):][:300]
    assert 'id="e-usage_csv"' in field and "2 rows of the file cannot be used" in field
    assert "Line 3: kind:" in field and "Line 4: date:" in field
    assert 'href="#f-usage_csv"' in html  # in the error summary
    assert 'id="f-budget" name="budget" type="text" inputmode="decimal" autocomplete="off" value="120"' in html
    assert 'id="e-voice_minutes"' not in html  # the usage comes from the bill: the monthly fields are not read
    status, zh = upload(web_client, bad, lang="zh")
    assert status == 422 and "第 3 行：kind 列应为 call、data 或 sms" in zh and "文件中有 2 行无法使用" in zh


def test_a_hostile_value_is_said_escaped_in_an_error(web_client: FlaskClient) -> None:
    attack = "<script>alert(1)</script>"
    status, html = upload(web_client, (HEADER + f"call,2025-03-01,{attack},\n").encode())
    assert status == 422
    assert attack not in html
    assert "Line 2: duration_s: not a whole number of seconds (&#39;&lt;script&gt;alert(1)&lt;/script&gt;&#39;)" in html
    # (the value said, escaped as every text of the page is: which figure of the row is meant)
    status, named = upload(web_client, SAMPLE.read_bytes(), name=f"{attack}.csv")
    assert status == 200 and attack not in named and "&lt;script&gt;" in named


def test_unusable_files_are_explained_not_crashed_on(web_client: FlaskClient) -> None:
    status, html = upload(web_client, b"")
    assert status == 422 and "The file is empty." in html
    status, html = upload(web_client, b"date,mb\n2025-03-01,5\n")
    # (the file's, not a row's: "1 row of the file cannot be used. Row 1: missing column(s)", the bill-upload test)
    assert status == 422 and "The file cannot be used as it is." in html and (
        "Missing column(s): kind (the header row has: date, mb; name the columns kind, date, duration_s and "
        "mb).") in html
    assert "1 row of the file" not in html and "Line 1:" not in html
    status, html = upload(web_client, HEADER.encode())
    assert status == 422 and "The file cannot be used as it is." in html and "No records below the header." in html
    status, html = upload(web_client, b"\x00\x01\x02\xff\xfe\x00")
    assert status == 422 and 'id="e-usage_csv"' in html
    many = (HEADER + "".join(f"call,2025-03-01,x{i},\n" for i in range(30))).encode()
    status, html = upload(web_client, many)
    assert status == 422 and html.count("<li>Line ") == 20 and "… and 10 more." in html
    no_file = web_client.post("/results?lang=en", data={**FIELDS, "upload": "1",
                                                        "usage_csv": (io.BytesIO(b""), "")},
                              content_type="multipart/form-data")
    assert no_file.status_code == 422 and "Choose a CSV file first." in no_file.get_data(as_text=True)
    as_get = web_client.get("/results", query_string={**FIELDS, "usage_csv": "bill.csv", "lang": "en"})
    assert as_get.status_code == 422 and "The file was not sent" in as_get.get_data(as_text=True)


def test_a_gb18030_bill_is_read(web_client: FlaskClient) -> None:
    text = SAMPLE.read_text(encoding="utf-8").replace("number,note", "号码,备注")
    status, html = upload(web_client, text.encode("gb18030"))
    assert status == 200 and "163 records from your bill" in html


def test_the_form_offers_the_upload_and_the_sample(web_client: FlaskClient) -> None:
    html = web_client.get("/?lang=en").get_data(as_text=True)
    assert '<input id="f-usage_csv" name="usage_csv" type="file" accept=".csv,text/csv"' in html
    assert 'formmethod="post" formenctype="multipart/form-data"' in html
    assert '<form class="panel" method="get"' in html  # the plain form stays bookmarkable
    assert 'href="/sample-usage.csv" download' in html
    assert "<code>duration_s</code>" in html
    sample = web_client.get("/sample-usage.csv")
    assert sample.status_code == 200 and sample.mimetype == "text/csv"
    assert sample.get_data() == SAMPLE.read_bytes()
    assert "attachment" in sample.headers["Content-Disposition"]


def test_conditions_of_sale_are_shown_in_the_page_language(web_client: FlaskClient) -> None:
    query = {**FIELDS, "data_gb": "120", "voice_minutes": "300", "uplink": "300", "lang": "en",
             "operator": ["china-unicom"]}
    html = web_client.get("/results", query_string=query).get_data(as_text=True)
    assert '<span class="eligibility-label">Only if:</span> aged 16 to 30' in html
    zh = web_client.get("/results", query_string={**query, "lang": "zh"}).get_data(as_text=True)
    assert '<span class="eligibility-label">办理条件：</span>仅限16至30岁' in zh
    older = web_client.get("/results", query_string={**query, "lang": "zh", "age": "40"}).get_data(as_text=True)
    assert "仅限16至30岁" in older and "不符合办理条件：仅限16至30岁" in older  # left out, with the reason


BAD_ROWS = (HEADER + "call,2025-04-02,abc,\ndata,2025-13-03,,100\nvideo,2025-04-05,,\ndata,2025-04-06,,-5\n"
            "call,04/07/2025,60,\ndata,2025-04-08,,lots\ncall,2025-04-09,-10,\ndata,2025-04-10,,2000000000\n"
            ",2025-04-11,,\n")
INTERNALS = re.compile(r"Input should|invalid literal|int\(\)|base 10|pydantic|Decimal|[A-Za-z]{3,} [A-Za-z]{3,}")
COLUMNS = re.compile(r"\b(kind|date|duration_s|mb)\b")


def problems(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", p) for p in re.findall(r'<ul class="csv-problems">(.*?)</ul>', html, re.S)
            for p in re.findall(r"<li>(.*?)</li>", p, re.S)] + \
        [re.sub(r"<[^>]+>", "", p) for p in re.findall(r'<div class="error" id="e-usage_csv">\s*<p>(.*?)</p>', html,
                                                       re.S)]


def test_bad_rows_are_worded_in_the_page_language_by_column(web_client: FlaskClient) -> None:
    """The parser's reasons are codes the page words: no Python or pydantic text, the column named."""
    status, html = upload(web_client, BAD_ROWS.encode(), lang="zh")
    assert status == 422
    shown = problems(html)
    rows = [p for p in shown if p.startswith("第 ")]
    assert len(rows) == 9, shown
    for text in rows:
        assert not INTERNALS.search(text), text
        assert COLUMNS.search(text), text
    assert "第 2 行：duration_s 列应为整秒数" in rows[0]
    for content, words in ((b"date,mb\n2025-03-01,5\n", "缺少列：kind"), (HEADER.encode(), "文件中没有记录"),
                           (b"kind,mb\nsms,1\n", "缺少列：date")):
        status, html = upload(web_client, content, lang="zh")
        assert status == 422 and any(words in p for p in problems(html)), problems(html)
        assert not any(INTERNALS.search(p) for p in problems(html))
    status, html = upload(web_client, BAD_ROWS.encode(), lang="en")
    rows = [p for p in problems(html) if p.startswith("Line ")]
    assert len(rows) == 9 and not any(re.search(r"Input should|invalid literal|int\(\)", p) for p in rows), rows
    assert "Line 2: duration_s: not a whole number of seconds" in rows[0]


def _edit_href(html: str) -> str:
    found = re.search(r'<p class="edit"><a class="button secondary" href="([^"]+)"', html)
    assert found is not None
    return found.group(1).replace("&amp;", "&")


def _switch_href(html: str) -> str:
    found = re.search(r'<a class="lang-switch" href="([^"]+)"', html)
    assert found is not None
    return found.group(1).replace("&amp;", "&")


@pytest.mark.parametrize(("content", "expected"), [(SAMPLE.read_bytes(), 200),
                                                   (HEADER.encode() + b"call,2025-13-01,61,\n", 422)],
                         ids=["good", "bad"])
def test_switching_language_after_an_upload_keeps_the_other_answers(web_client: FlaskClient, content: bytes,
                                                                     expected: int) -> None:
    """On the results and on the form again with the bill's errors ("your other answers are kept"), the
    language link opens the form with the answers (a browser cannot refill the file)."""
    status, html = upload(web_client, content, lang="zh", data_gb="66", budget="222", broadband="1")
    assert status == expected
    if expected == 422:
        assert translate("zh", "upload.again") in html
    href = _switch_href(html)
    assert href.startswith("/?") and "lang=en" in href and "upload" not in href and "usage_csv" not in href
    assert "bill=1" in href and (expected == 422 or "bill=1" in _edit_href(html))  # (choose it again)
    assert "bill.csv" not in href  # (the page says no text a link brings: found in review)
    switched = web_client.get(href)
    page = switched.get_data(as_text=True)
    assert switched.status_code == 200 and '<html lang="en">' in page
    assert 'name="data_gb" type="text" inputmode="decimal" autocomplete="off" value="66"' in page
    assert 'name="budget" type="text" inputmode="decimal" autocomplete="off" value="222"' in page
    assert re.search(r'id="f-broadband" name="broadband" value="1" checked', page)
    # (form QA: the form came in the other language with no word of the bill, as if the results were lost)
    assert translate("en", "upload.choose_again") in unescape(page)
    spoofed = web_client.get("/?data_gb=66&lang=en&bill=Your+account+is+locked:+call+000").get_data(as_text=True)
    assert translate("en", "upload.choose_again") in unescape(spoofed) and "call 000" not in spoofed



@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_estimated_part_of_a_history_is_said_of_the_months_sum(web_client: FlaskClient, lang: str) -> None:
    """assumed_fen is a part of the months' sum (total_fen): said of the monthly average it read
    "¥118.10 of this price rests on estimates" beside a price of ¥59.05."""
    content = SAMPLE.read_bytes()
    status, html = upload(web_client, content, lang=lang)
    assert status == 200
    api = web_client.post("/api/v1/recommendations/usage", data={"records": (io.BytesIO(content), "x.csv")},
                          content_type="multipart/form-data").get_json()
    shares = [unescape(s) for s in re.findall(r'<p class="assumed-share">([^<]+)</p>', html)]
    estimated = [r for r in api["recommendations"] if r["assumed_fen"]]
    assert estimated
    assert shares == [translate(lang, "assumed.share_history", amount=format_yuan(r["assumed_fen"]),
                                months=len(r["months"]), total=r["total_yuan"]) for r in estimated]


def test_the_form_holds_an_upload_to_the_servers_row_limit_as_the_api_does(web_client: FlaskClient) -> None:
    """Found by QA: the form read up to 200,000 records where the API stops at RECOMMENDER_MAX_UPLOAD_ROWS
    (10,000 by default): a worker spent seconds on what the API refuses."""
    cap = int(web_client.application.config["RECOMMENDER_MAX_UPLOAD_ROWS"])
    content = (HEADER + "sms,2025-03-01,,\n" * (cap + 1)).encode()
    status, html = upload(web_client, content)
    # (said of the file, not as a bad row: "1 row of the file cannot be used … Row 10002: more than 10000 records",
    # found by the consumer test)
    said = re.sub(r"<[^>]+>", "", unescape(html))
    assert status == 422 and f"The file has more than {cap:,} records: upload at most {cap:,}" in said
    assert "cannot be used" not in said
    api = web_client.post("/api/v1/recommendations/usage", data={"records": (io.BytesIO(content), "x.csv")},
                          content_type="multipart/form-data")
    assert api.status_code == 413
    assert upload(web_client, (HEADER + "sms,2025-03-01,,\n" * cap).encode())[0] == 200


def test_the_busiest_month_is_shown_with_that_months_packs(web_client: FlaskClient) -> None:
    """Found by QA: over a history the bars set the busiest month's need against the first month's packs:
    Tianyi 5G 59 read "30 GB included · you need 90 GB" (20 GB + the 10 GB pack of month 1) where the
    bundle of that 90 GB month has the 30 GB premium pack: 50 GB."""
    rows = [HEADER.strip()]
    for month, gb in (("2025-01", 30), ("2025-02", 90), ("2025-03", 10)):
        rows += [f"data,{month}-{day + 1:02d},,10240" for day in range(gb // 10)]
    status, html = upload(web_client, ("\n".join(rows) + "\n").encode(), operator=["china-telecom"])
    assert status == 200
    first = html[html.index("Cheapest"):]  # the first card: Tianyi 5G 59, its packs by month, then its bars
    assert "Tianyi 5G 59" in first and "5G-A premium pack" in first[:first.index("Included vs your busiest month")]
    values = [re.sub(r' <abbr class="est"[^>]*>[^<]*</abbr>', "", v)  # (the estimate mark, by the allowance)
              for v in re.findall(r'<span class="bar-values">(.*?)</span>', re.sub(
                  r'<span class="visually-hidden">[^<]*</span>', "", first), re.S)]  # (a screen reader's words: out)
    assert values[0].startswith("50 GB included · you need 90 GB"), values


def test_a_posted_bill_is_answered_in_the_forms_language(web_client: FlaskClient) -> None:
    """Found by QA: an uploaded bill posts the form (multipart) with its hidden ``lang`` in the body, which was
    ignored: without a cookie (a browser refusing them) the English form's bill was answered in Chinese."""
    content = SAMPLE.read_bytes()
    for lang in ("en", "zh"):
        words = translate(lang, "answer.title")
        web_client.delete_cookie("lang")
        data: dict[str, object] = {**FIELDS, "lang": lang, "upload": "1", "usage_csv": (io.BytesIO(content), "b.csv")}
        html = web_client.post("/results", data=data, content_type="multipart/form-data").get_data(as_text=True)
        assert f'<html lang="{"zh-CN" if lang == "zh" else "en"}"' in html and words in html, lang


def test_a_bill_over_the_upload_limit_is_the_413_page_not_a_crash(web_client: FlaskClient) -> None:
    """Found by the consumer review: the form posts its ``lang`` in the body (not the query), and the 413 page asked
    the refused body for it, which raised the 413 again: a 500 in JSON.  The page is the 413, in the cookie's
    language, naming the bill and the limit."""
    limit = int(web_client.application.config["RECOMMENDER_MAX_UPLOAD_BYTES"])
    row = b"sms,2025-03-01,,\n"
    content = HEADER.encode() + row * (limit // len(row) + 1)
    web_client.set_cookie("lang", "en")
    data = {**FIELDS, "lang": "en", "upload": "1", "usage_csv": (io.BytesIO(content), "bill.csv")}
    response = web_client.post("/results", data=data, content_type="multipart/form-data")
    html = unescape(response.get_data(as_text=True))
    assert response.status_code == 413 and response.mimetype == "text/html"
    assert "The bill file is too large" in html and f"over {limit // (1024 * 1024)} MB" in html
    # (the answers are the browser's to give back, by its Back button; the link opens the form afresh and says so:
    # found by the consumer test, its "Back to the form" came back blank)
    assert "browser's Back button, which keeps your answers" in html and ">Start a new form<" in html
    assert "Back to the form" not in html


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_good_bill_sent_with_another_error_is_asked_for_again(web_client: FlaskClient, lang: str) -> None:
    """Found by the consumer review: the form came back with the other field's error and nothing of the bill, which
    the browser no longer holds; once that field was put right, the form answered for the monthly usage. The bill's
    errors (a bad row) say to choose it again already, and are not said twice."""
    again = translate(lang, "upload.choose_again")
    status, html = upload(web_client, SAMPLE.read_bytes(), lang=lang, budget="abc")
    assert status == 422 and unescape(html).count(again) == 2, html  # the error summary's and the file field's
    assert 'id="n-usage_csv"' in html and 'id="e-budget"' in html
    status, html = upload(web_client, (HEADER + "fax,2025-03-01,,\n").encode(), lang=lang, budget="abc")
    assert status == 422 and again not in unescape(html) and 'id="e-usage_csv"' in html


def test_each_cards_month_tables_are_named_after_its_plan(web_client: FlaskClient) -> None:
    """Found by the consumer review: a bill's cards each have a table a month under "Invoice lines by month", named
    "2025-03", "2025-04" … alone: a screen reader's list of tables said fifteen such names, five of each, told apart by
    nothing (as the breakdowns' captions were, test_pages). Each carries its card's plan, out of sight."""
    status, html = upload(web_client, SAMPLE.read_bytes())
    assert status == 200
    captions = re.findall(r"<caption[^>]*>(.*?)</caption>", html, re.S)
    months = [c for c in captions if re.match(r"\d{4}-\d{2}", c)]
    assert len(months) >= 6 and len(set(months)) == len(months), months
    assert all(re.fullmatch(r'\d{4}-\d{2}<span class="visually-hidden"> — .+</span>', c) for c in months), months
