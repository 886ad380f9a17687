"""Today's answer texts as the form shows them, in both languages (the form QA read them at 390 px and desktop)."""

import io
import re

from flask.testing import FlaskClient

FIELDS = {"voice_minutes": "80", "sms": "0", "uplink": "0", "downlink": "0", "roaming_data_gb": "0",
          "roaming_minutes": "0", "operator": ["china-mobile", "china-telecom", "china-unicom"]}


def text(html: str) -> str:
    """What the page shows (a screen reader's words, visually hidden, left out)."""
    shown = re.sub(r'<span class="visually-hidden">[^<]*</span>', "", html)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", shown))


def results(client: FlaskClient, lang: str, **fields: object) -> str:
    return text(client.get("/results", query_string={**FIELDS, **fields, "lang": lang}).get_data(as_text=True))


def test_the_own_plan_whose_condition_they_no_longer_meet_is_theirs_to_keep(web_client: FlaskClient) -> None:
    """The youth card's holder of 35 read it under "why not the others" ("your current plan, which you may keep,
    though you could not sign up for it today; conditions of sale not met: aged 16 to 30"); it is now ranked for them
    (the what-if user test: conditions of sale bind signing up, not keeping), its card saying the condition is one for
    signing up anew, not one they meet (found in review: "conditions you meet: aged 16 to 30" of a person of 35)."""
    for lang, said in (("en", "This is your current plan. Yours to keep; to sign up anew: aged 16 to 30"),
                       ("zh", "这是您现在的套餐。 您可继续使用；新办理须满足： 仅限16至30岁")):
        page = results(web_client, lang, data_gb="45", age="35", current_plan="cu-5ga-youth")
        assert said in page, (lang, page[page.find("Youth" if lang == "en" else "青春版") - 40:][:300])
        assert ("Conditions you meet" if lang == "en" else "您符合的条件") not in page


def test_a_plan_kept_for_its_holders_is_no_saving_against_a_bill(web_client: FlaskClient) -> None:
    """With a ¥227 bill, Tianyi 5G 59 (kept only by the people on it, 已停止新办) read "比现在每月省 ¥83.00" (the
    eligibility test): whoever may have it pays it now, and no one else may buy it."""
    for lang, said, saves in (
            ("en", "Kept only by the people on it: if it is yours, you pay it now; no one can switch to it.", "Saves"),
            ("zh", "仅限在网老用户续用（已停止新办）：如果您用的就是它，现在付的就是这个价；其他人无法改办。",
             "每月省")):
        page = results(web_client, lang, data_gb="60", voice_minutes="200", current_bill="227")
        assert page.count(said) == 3, (lang, page)  # the cheapest choice above, and the cards of Tianyi 5G 59 and
        # Unicom 5G 59, both kept for their holders
        assert f"{saves} ¥83.00" not in page and f"{saves} ¥39.00" in page, (lang, page)  # (Wojia 188: a saving)


def test_a_suggestion_resting_on_an_unknown_condition_says_so_plainly(web_client: FlaskClient) -> None:
    """", if you may buy it (it has a condition of sale your details leave open)" ("may": allowed, or perhaps?) and
    "（您填写的信息未能确认）", which reads as "what you filled in could not be verified"."""
    for lang, said in (("en", "fits at ¥109.00 a month, if you qualify for it (your answers do not show whether you "
                              "meet its conditions of sale)"),
                       ("zh", "每月¥109.00，前提是您符合其办理条件（根据您填写的信息无法确定）")):
        page = results(web_client, lang, data_gb="30", voice_minutes="300", satellite="1", satellite_minutes="15",
                       satellite_sms="25", budget="300")
        assert said in page, (lang, page)


def test_keeping_the_plan_with_its_pack_does_not_tell_the_person_to_add_it_in_one_language_only(
        web_client: FlaskClient) -> None:
    """English said "keep your plan Tianyi 5G 59 with 5G-A premium pack", Chinese "…并加办5G-A尊享包" (add it),
    though nobody said whether the person has the pack: both say the plan with the pack.  A paragraph of its own on
    the page, its first letter a capital (it began "keep", found by the user test)."""
    for lang, said in (("en", "Keep your plan Tianyi 5G 59 with 5G-A premium pack:"),
                       ("zh", "建议保留您现在的套餐“天翼5G畅享套餐 59元”并搭配5G-A尊享包：")):
        assert said in results(web_client, lang, data_gb="45", current_plan="ct-5g-59"), lang


def test_an_ambiguous_comma_is_said_of_the_comma(web_client: FlaskClient) -> None:
    """"mb: 1,024 may be a decimal comma" (a number is not a comma); the form keeps the other answers."""
    bill = b"kind;date;duration_s;mb\ndata;2025-03-01;;1,024\ncall;2025-03-02;61;\n"
    for lang, said in (("en", "Line 2: mb: the comma in 1,024 may be a decimal comma or a thousands separator"),
                       ("zh", "第 2 行：mb 列的 1,024 中的逗号可能是小数点，也可能是千位分隔符")):
        response = web_client.post(f"/results?lang={lang}", content_type="multipart/form-data",
                                   data={**FIELDS, "data_gb": "45", "age": "35", "upload": "1",
                                         "usage_csv": (io.BytesIO(bill), "bill.csv")})
        html = response.get_data(as_text=True)
        assert said in text(html), lang
        assert 'role="alert"' in html and 'aria-invalid="true"' in html and 'value="35"' in html


def test_the_satellite_use_is_spaced_like_the_other_usage_pills(web_client: FlaskClient) -> None:
    page = results(web_client, "zh", data_gb="30", satellite="1", satellite_minutes="15", satellite_sms="25")
    assert "卫星通话 15 分钟 / 短信 25 条" in page and "通话 80 分钟" in page


def _history(first_gb: int) -> bytes:
    rows = ["kind,date,duration_s,mb"]
    for month, gb, calls in (("2025-01", first_gb, 60), ("2025-02", 100 - first_gb, 20), ("2025-03", 30, 200)):
        rows += [f"data,{month}-{d % 28 + 1:02d},,1024" for d in range(gb)]
        rows += [f"call,{month}-{c % 28 + 1:02d},120," for c in range(calls)]
    return ("\n".join(rows) + "\n").encode()


def test_a_history_whose_months_buy_different_packs_says_so_on_its_card(web_client: FlaskClient) -> None:
    """Tianyi 5G 59 on a history buying the premium pack in one month and the enhanced pack in another read "No
    add-on packs needed" (its first month bought none), or "+ 5G-A premium pack" as if bought every month (its first
    month did), above the month-by-month table."""
    for first_gb in (10, 90):
        for lang, said, wrong in (
                ("en", "+ 5G-A premium pack, 5G-A enhanced pack in some months (see month by month)",
                 ("No add-on packs needed", "+ 5G-A premium pack </p>")),
                ("zh", "+ 部分月份加办5G-A尊享包、5G-A优享包（见逐月明细）", ("不需要附加包", "+ 5G-A尊享包 </p>"))):
            response = web_client.post(f"/results?lang={lang}", content_type="multipart/form-data",
                                       data={**FIELDS, "data_gb": "45", "current_plan": "ct-5g-59", "upload": "1",
                                             "usage_csv": (io.BytesIO(_history(first_gb)), "bill.csv")})
            html = response.get_data(as_text=True)
            card = html[html.index('id="card-1-title"'):html.index('class="total"', html.index('id="card-1-title"'))]
            assert said.replace("+ ", "") in text(card), (first_gb, lang, text(card))
            assert not any(w in text(card) for w in wrong), (first_gb, lang, text(card))


def _bars(html: str, rank: int) -> list[str]:
    """The needs bars of the card ranked ``rank``, each as its text."""
    card = html[html.index(f'id="card-{rank}-title"'):]
    card = card[:card.index("</article>")]
    return [text(li).strip() for li in re.findall(r'<li class="(?:met|short)">(.*?)</li>', card, re.S)]


def test_satellite_minutes_and_messages_are_shown_against_the_needs_as_data_and_calls_are(
        web_client: FlaskClient) -> None:
    """Found by the form QA: a person who asked for 20 satellite minutes and 10 messages read only "卫星通信 ✓ 包含"
    on the card (nothing at all with the minutes but not the box), not what the plan gives against the need."""
    for lang, said, left in (
            ("zh", ["卫星通话 包含 20 分钟 估 · 需要 20 分钟", "卫星短信 包含 20 条 估 · 需要 10 条"], "✓ 包含"),
            ("en", ["Satellite calls 20 min est. included · you need 20 min",
                    "Satellite texts 20 texts est. included · you need 10 texts"], "✓ included")):
        for box in ({"satellite": "1"}, {}):
            html = web_client.get("/results", query_string={
                **FIELDS, **box, "data_gb": "30", "satellite_minutes": "20", "satellite_sms": "10",
                "lang": lang}).get_data(as_text=True)
            bars = _bars(html, 1)
            assert all(bar in bars for bar in said), (lang, box, bars)
            assert not any(left in bar for bar in bars), (lang, box, bars)  # (the service is in its figures)
    # the box alone: the service, as before
    bars = _bars(web_client.get("/results", query_string={**FIELDS, "data_gb": "30", "satellite": "1",
                                                          "lang": "en"}).get_data(as_text=True), 1)
    assert "Satellite service ✓ included est." in bars, bars


def test_one_text_on_a_bar_is_a_text(web_client: FlaskClient) -> None:
    """Found in review: the summary said "satellite 1 text" (6eac1ee) and the card's bar below it "you need 1 texts":
    the bar wrote one unit for both figures, worded for many.  Each figure has its own, one or many."""
    html = web_client.get("/results", query_string={**FIELDS, "data_gb": "30", "sms": "1", "satellite_sms": "1",
                                                    "lang": "en"}).get_data(as_text=True)
    bars = _bars(html, 1)
    needing_one = [bar for bar in bars if "you need 1 text" in bar]
    assert [bar.split()[0] for bar in needing_one] == ["Texts", "Satellite"], bars
    assert not any("1 texts" in bar for bar in bars), bars


def test_a_text_message_is_called_one_thing_on_the_english_page(web_client: FlaskClient) -> None:
    """Found by the form QA: the bill said "Texts beyond the allowance: 20 msg at ¥0.10 per text" below "20 texts" at
    the top, and the plans left out "satellite messages allowance at most 0 msg < 25 msg needed"."""
    page = results(web_client, "en", data_gb="30", voice_minutes="400", sms="20", satellite="1", satellite_sms="25")
    assert "Texts beyond the allowance: 20 texts at ¥0.10 per text" in page, page
    assert "satellite texts allowance at most 10 texts &lt; 25 texts needed" in page, page  # (ct-5ga-199; a plan
    # with no satellite says it has none, not "at most 0 texts": the hand check)
    assert not re.search(r"\bmsg\b|messages\b", page), re.findall(r".{60}(?:\bmsg\b|messages\b)", page)


def test_the_satellite_pill_says_only_the_use_given(web_client: FlaskClient) -> None:
    """Found by the form QA: 25 satellite messages and no minutes read "satellite 0 min / 25 texts" ("卫星通话 0 分钟 /
    短信 25 条"), as if no calls were a need; and one message read "1 message" where the page says texts."""
    def pills(lang: str, **fields: str) -> list[str]:
        html = web_client.get("/results", query_string={**FIELDS, "data_gb": "30", "satellite": "1", **fields,
                                                        "lang": lang}).get_data(as_text=True)
        return re.findall(r'class="pill">([^<]*)<', html)
    for lang, only_texts, only_minutes, one in (
            ("en", "satellite 25 texts", "satellite 20 min", "satellite 20 min / 1 text"),
            ("zh", "卫星短信 25 条", "卫星通话 20 分钟", "卫星通话 20 分钟 / 短信 1 条")):
        assert only_texts in pills(lang, satellite_sms="25"), lang
        assert only_minutes in pills(lang, satellite_minutes="20"), lang
        assert one in pills(lang, satellite_minutes="20", satellite_sms="1"), lang


def test_a_pack_bought_for_a_speed_says_so_on_its_bill_line(web_client: FlaskClient) -> None:
    """A live streamer's unlimited plan bought "5G-A流量包 21.9元", a data pack, and nothing said why (the form QA):
    it is bought for its uplink speed, and the bill line says so; a pack bought for its data says nothing more."""
    for lang, said in (("en", "5G-A data pack 21.9 (for the upload speed)"),
                       ("zh", "5G-A流量包 21.9元（为满足上传速度需求）")):
        page = results(web_client, lang, data_gb="200", uplink="300")
        assert said in page, (lang, page)
    assert "为满足" not in results(web_client, "zh", data_gb="45", current_plan="ct-5g-59")


def test_an_advice_is_a_sentence_and_a_warning_of_how_it_was_reckoned_is_a_caution(web_client: FlaskClient) -> None:
    """The user test: "… or your use in a month" (records of part of two months) ended its paragraph without a full
    stop, and was styled green as good advice.  Each advice ends with its language's full stop; one that warns how
    the answer was reckoned is a caution (``views.CAUTIONS``); "keep your plan" stays advice."""
    bill = b"kind,date,duration_s,mb\ndata,2025-03-15,,10240\ncall,2025-03-20,60,\ndata,2025-04-13,,10240\n"
    for lang, stop in (("en", "."), ("zh", "。")):
        response = web_client.post(f"/results?lang={lang}", content_type="multipart/form-data",
                                   data={**FIELDS, "age": "35", "upload": "1",
                                         "usage_csv": (io.BytesIO(bill), "bill.csv")})
        html = response.get_data(as_text=True)
        cautions = re.findall(r'<p class="advice caution">([^<]*)</p>', html)
        assert len(cautions) == 1 and "2025-03-15" in cautions[0] and cautions[0].endswith(stop), (lang, cautions)
        kept = web_client.get("/results", query_string={**FIELDS, "data_gb": "45", "lang": lang,
                                                                      "current_plan": "ct-5g-59"})
        advice = re.findall(r'<p class="advice">([^<]*)</p>', kept.get_data(as_text=True))
        assert advice and all(a.endswith(stop) for a in advice), (lang, advice)


def test_a_history_counted_unevenly_in_the_average_says_how_many_times_each_month_counts(
        web_client: FlaskClient) -> None:
    """The user test: over 24 months a 5-month history counts its first 4 months 5 times and its last 4 times
    (``cost.weights``), so its average moved with the months' order (¥132.96 with a peak month first, ¥118.17 with it
    last), and the page said only "with your history repeating".  The months' table counts each (×5, ×5, ×5, ×5, ×4,
    24 in all) and the sentence says some count once more; 4 months over 24 count alike: neither."""
    def bill(months: int) -> bytes:
        rows = "".join(f"data,2025-{m:02d}-01,,{10240 * m}\ndata,2025-{m:02d}-28,,1\n" for m in range(1, months + 1))
        return ("kind,date,duration_s,mb\n" + rows).encode()

    for months, counted in ((5, ["×5", "×5", "×5", "×5", "×4"]), (4, [])):
        for lang, said in (("en", "some of your months count once more than others"),
                           ("zh", "有的月份比其他月份多计一次")):
            response = web_client.post(f"/results?lang={lang}", content_type="multipart/form-data",
                                       data={**FIELDS, "age": "35", "upload": "1",
                                             "usage_csv": (io.BytesIO(bill(months)), "bill.csv")})
            html = response.get_data(as_text=True)
            table = html[html.index('<table class="months">'):html.index("</table>")]
            assert re.findall(r'<td class="num">(×\d+)</td>', table) == counted, (months, lang)
            assert (said in text(html)) == bool(counted), (months, lang)
            if counted:
                assert f'<td class="num">{"24 months" if lang == "en" else "共 24 个月"}</td></tr></tfoot>' in table
