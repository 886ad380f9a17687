"""The page's wording of an answer (``web.present``) pinned where a mutation run found nothing that would notice a
change: which figure an estimate mark's reason names, the bars' figures and shares, the notes under them, a
household's rows, the separate lines, the chart's layout.  Each test builds a small catalogue of its own (or takes
the shipped one) and asserts the text or figure the page shows, worked out by hand."""

import json
from typing import Any

import pytest

from recommender.answer import recommend
from recommender.catalogue import Catalogue, load_sources
from recommender.profile import Profile
from recommender.web.present import Page, _over, isolated

GUESS = "assumption: fee guessed"
KNOWN = "seed:cm-tiers"


def fig(value: object, source: str = KNOWN) -> dict[str, object]:
    return {"value": value, "source": source}


def plan(**more: object) -> dict[str, object]:
    """¥10 a month (an assumed fee) for 10 GB, 100 minutes and 100 texts; data over at ¥3 a GB, calls at ¥0.10 a
    minute, texts at ¥0.10 each (published); ``more`` replaces or adds fields."""
    doc: dict[str, object] = {
        "id": "op-a-p0", "name": "零号", "name_en": "p0", "monthly_fee": fig(10, GUESS), "data_gb": fig(10),
        "voice_minutes": fig(100), "sms": fig(100), "downlink_mbps": fig(1000), "uplink_mbps": fig(100),
        "overage": {"data_per_gb": fig(3), "voice_per_minute": fig("0.1"), "sms_each": fig("0.1")}}
    doc.update(more)
    return doc


def catalogue(*plans: dict[str, object], packs: tuple[dict[str, object], ...] = ()) -> Catalogue:
    doc = {"operator": {"id": "op-a", "name": "甲", "name_en": "op-a"}, "currency": "CNY", "plans": list(plans),
           "packs": list(packs)}
    return load_sources([("op-a.yaml", json.dumps(doc).encode())])


def answer(cat: Catalogue, lang: str = "en", **fields: Any) -> tuple[Page, Profile, dict[str, Any]]:
    """The page in ``lang``, the profile of ``fields`` and the answer document."""
    profile = Profile.model_validate(fields)
    return Page(cat, lang), profile, recommend(cat, profile).document(cat, lang)


def first_card(cat: Catalogue, lang: str = "en", **fields: Any) -> dict[str, Any]:
    page, profile, doc = answer(cat, lang, **fields)
    return page.card(doc["recommendations"][0], profile)


# -- bill lines: what an estimate mark says ----------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "label"), [("en", "p0 monthly fee"), ("zh", "零号 月费")])
def test_the_monthly_fee_line_names_its_own_assumption(lang: str, label: str) -> None:
    """The fee line's mark gives the fee figure's reason ("fee guessed"), not a bare "assumed" (the English page shows
    ``source.reason`` as the mark's title), and the line is the page's own wording (zh "零号 月费", where the answer's
    item reads "零号月费").  Kills present line 408 ``kind == 'base'`` forced False, line 409's label deleted and
    line 410's ``source.add(monthly_fee)`` deleted (the cost model's ``assumed`` alone left the reason empty)."""
    card = first_card(catalogue(plan()), lang, data_gb=5)
    (base,) = card["lines"]
    assert (base["kind"], base["label"], base["yuan"]) == ("base", label, "¥10.00")
    assert (base["source"].assumed, base["source"].reason) == (True, "fee guessed")


def test_a_line_the_cost_model_calls_assumed_is_marked_though_no_figure_the_page_reads_is() -> None:
    """Tiered data overage on assumed tiers (¥3 a GB to 2 GB, then ¥5): 15 GB on 10 is 5 GB over, 2 × ¥3 + 3 × ¥5 =
    ¥21.00.  The page reads no figure for a tiered line (its code is ``line.overage.tiered``), so its mark is the cost
    model's word.  Kills present line 453 ``line.get('assumed') and not source.assumed`` forced False."""
    tiers = {"voice_per_minute": fig("0.1"), "sms_each": fig("0.1"),
             "data": [{"up_to_gb": fig(2, GUESS), "per_gb": fig(3, GUESS)}, {"per_gb": fig(5, GUESS)}]}
    card = first_card(catalogue(plan(monthly_fee=fig(10), overage=tiers)), data_gb=15)
    _, overage = card["lines"]
    assert (overage["kind"], overage["yuan"]) == ("overage", "¥21.00")
    assert overage["source"].assumed is True
    assert card["total_assumed"] is True


# -- the chart ----------------------------------------------------------------------------------------------------


def chart_card(rank: int, fen: int, yuan: str) -> dict[str, Any]:
    return {"rank": rank, "operator": "op-a", "plan": f"p{rank}", "amount_fen": fen, "amount_yuan": yuan}


def test_the_chart_lays_out_two_bars_and_the_current_bill() -> None:
    """Two bars, ¥50.00 and ¥100.00, and a current bill of ¥80.00, in SVG units worked out by hand:
    the longest price is 7 characters, 8 + 9 × 7 = 71 < 84, so the bars span 420 − 84 = 336; the longest bar is the
    dearest (¥100.00 ≥ ¥80.00): 336 × 5000 / 10000 = 168 and 336.  Rows are 52 apart: names at 15 and 67, bars at 22
    and 74, prices 8 right of a bar (176, 344) and 16 below its top (38, 90), their boxes 4 left of the price, 9 a
    character + 2 × 4 wide (62, 71) and 20 + 2 high.  The chart is 2 × 52 + 24 = 128 high; the bill's line at
    round(336 × 0.8) = 269, past the middle (210), so its label ends 4 left of it; its dashes run from 2 above each
    bar (20, 72) to 22 − 2 above the next bar's top (52) and, the last, to 128 − 20 = 108; its label at 128 − 6."""
    page = Page(catalogue(plan()), "en")
    chart = page.chart([chart_card(1, 5000, "¥50.00"), chart_card(2, 10000, "¥100.00")], 8000)
    assert (chart["width"], chart["height"], chart["bar_h"]) == (420, 128, 20)
    assert chart["rows"] == [
        {"y_label": 15, "y_bar": 22, "width": 168, "rank": 1, "label": "#1 op-a · p1", "value": "¥50.00", "best": True,
         "x_value": 176, "y_value": 38, "value_box": {"x": 172, "y": 22, "width": 62, "height": 22}},
        {"y_label": 67, "y_bar": 74, "width": 336, "rank": 2, "label": "#2 op-a · p2", "value": "¥100.00",
         "best": False, "x_value": 344, "y_value": 90, "value_box": {"x": 340, "y": 74, "width": 71, "height": 22}}]
    assert chart["current"] == {"x": 269, "label": "now ¥80.00", "segments": [{"y1": 20, "y2": 52},
                                                                             {"y1": 72, "y2": 108}],
                                "y_text": 122, "anchor": "end", "x_text": 265}


def test_a_long_price_narrows_the_bars_and_a_bill_above_them_sets_their_scale() -> None:
    """A price of 9 characters (¥1,234.56) needs 8 + 9 × 9 = 89 > 84: the bars span 420 − 89 = 331.  The current
    bill, ¥2,469.12, is the longest line: 331 × 123456 / 246912 = 165.5, rounded to even 166; the bill's line at 331,
    past the middle: anchored at its end, 327.  A price of ¥0.01 draws the narrowest bar, 2 (331 / 246912 rounds to
    0).  One row: 52 + 24 = 76 high, its dashes 20 to 56."""
    page = Page(catalogue(plan()), "en")
    chart = page.chart([chart_card(1, 123456, "¥1,234.56")], 246912)
    (row,) = chart["rows"]
    assert (row["width"], row["x_value"], row["value_box"]["width"]) == (166, 174, 89)
    assert chart["current"] == {"x": 331, "label": "now ¥2,469.12", "segments": [{"y1": 20, "y2": 56}],
                                "y_text": 70, "anchor": "end", "x_text": 327}
    (tiny,) = page.chart([chart_card(1, 1, "¥0.01")], 246912)["rows"]
    assert tiny["width"] == 2


def test_a_bill_left_of_the_middle_is_labelled_from_its_start() -> None:
    """¥100.00 spans the 336 (420 − 84); a bill of ¥50.00 is drawn at 168, left of the middle (210): its label starts
    4 right of it, 172.  No bill: no line.  No cards at all: one row's height, 52 + 24 = 76."""
    page = Page(catalogue(plan()), "zh")
    chart = page.chart([chart_card(1, 10000, "¥100.00")], 5000)
    assert chart["current"] is not None
    assert (chart["current"]["x"], chart["current"]["anchor"], chart["current"]["x_text"]) == (168, "start", 172)
    assert chart["current"]["label"] == "现在 ¥50.00"
    assert page.chart([chart_card(1, 10000, "¥100.00")], None)["current"] is None
    empty = page.chart([], None)
    assert (empty["rows"], empty["height"]) == ([], 76)


# -- the allowance bars -------------------------------------------------------------------------------------------

D5: dict[str, object] = {"id": "op-a-d5", "name": "五G", "name_en": "d5", "kind": "data",
      "price": fig(5, "assumption: pack price guessed"), "adds": {"data_gb": fig(5, "assumption: pack size guessed")},
      "max_count": 3}
"""5 GB for ¥5 (price and size assumed), up to three a month."""


def test_the_bars_count_each_pack_bought_and_say_their_shares() -> None:
    """19 GB on a 10 GB plan: two 5 GB packs (¥10) beat 9 GB at ¥3 (¥27) and one pack with 4 GB over (¥5 + ¥12).
    Data: 10 + 2 × 5 = 20 GB included against 19 needed, met; the need is 19 / 20 = 95.0 % of the bar, the allowance
    100.0 %; its mark names the packs' assumed size once.  Calls: 150 against 100, not met, the allowance 100 / 150 =
    66.7 % of the bar, the rest charged.  Texts: 1 against 100, "1 text" of 1.0 %.  The bill: ¥10 + 2 × ¥5 +
    50 min × ¥0.10 = ¥25.00, the pack's line "d5 × 2" of ¥10.00 marked with the pack price's reason."""
    card = first_card(catalogue(plan(), packs=(D5,)), data_gb=19, voice_minutes=150, sms=1)
    assert card["total_yuan"] == "¥25.00"
    assert card["packs"] == [{"name": "d5", "count": 2}]
    data, calls, texts = card["bars"]
    assert {k: data[k] for k in ("label", "need", "included", "unit", "need_unit", "need_pct", "included_pct", "met",
                                 "over", "boolean", "unlimited")} == {
        "label": "Data", "need": "19", "included": "20", "unit": "GB", "need_unit": "GB", "need_pct": 95.0,
        "included_pct": 100.0, "met": True, "over": [], "boolean": False, "unlimited": False}
    assert (data["source"].assumed, data["source"].reason) == (True, "pack size guessed")
    assert (calls["label"], calls["need"], calls["included"], calls["need_pct"], calls["included_pct"],
            calls["met"], calls["over"]) == ("Calls", "150", "100", 100.0, 66.7, False, ["bar.overage"])
    assert (calls["source"].assumed, texts["source"].assumed) == (False, False)
    assert (texts["need"], texts["need_unit"], texts["unit"], texts["need_pct"], texts["included_pct"],
            texts["met"]) == ("1", "text", "texts", 1.0, 100.0, True)
    assert card["over_notes"] == ["bar.overage"]
    pack = next(line for line in card["lines"] if line["kind"] == "pack")
    assert (pack["label"], pack["yuan"], pack["source"].reason) == ("d5\u00a0×\u00a02", "¥10.00", "pack price guessed")
    calls_line = card["lines"][-1]
    assert (calls_line["label"], calls_line["yuan"]) == ("Calls beyond the allowance: 50 min at ¥0.10 per minute",
                                                         "¥5.00")


# -- a household --------------------------------------------------------------------------------------------------

EXTRA = {"max": 2, "fee": fig(5, "assumption: line fee guessed"), "source": "assumption: terms guessed",
         "shared": ["data", "voice"]}
"""Up to two extra lines at ¥5 (an assumed fee, on assumed terms) sharing the plan's data and calls."""
FAMILY = [{"data_gb": 8, "voice_minutes": 60}, {"name": "Mum", "data_gb": 6, "voice_minutes": 60}]


def test_a_households_card_says_each_lines_part_and_the_shared_part() -> None:
    """The holder's 8 GB and Mum's 6 GB on the shared 10 GB: 4 GB over at ¥3 = ¥12.00; 60 + 60 = 120 min on the
    shared 100: 20 min at ¥0.10 = ¥2.00.  The bill: ¥10 + ¥12 + ¥2 + Mum's line ¥5 = ¥29.00; by line the holder's
    ¥10.00 (the fee), Mum's ¥5.00, and the shared ¥14.00, which holds overage only.  The pools: 14 of 10 GB, 120 of
    100 min.  A household's allowances are its pools: no bars.  Kills present line 456 ``owner and kind in
    ('overage', 'throttled')`` as ``owner`` (the extra line's fee read "Line 1 · Mum: Line 1 · Mum monthly fee")."""
    cat = catalogue(plan(extra_lines=EXTRA))
    page, profile, doc = answer(cat, "en", lines=FAMILY)
    card = page.card(doc["recommendations"][0], profile)
    assert card["total_yuan"] == "¥29.00"
    assert [(line["kind"], line["label"], line["yuan"]) for line in card["lines"]] == [
        ("base", "p0 monthly fee", "¥10.00"),
        ("overage", "Data beyond the allowance: 4 GB at ¥3.00 per GB", "¥12.00"),
        ("overage", "Calls beyond the allowance: 20 min at ¥0.10 per minute", "¥2.00"),
        ("line", "Line 1 · Mum monthly fee", "¥5.00")]
    assert card["lines"][-1]["source"].reason == "line fee guessed; terms guessed"
    assert card["lines"][-1]["kind_label"] == "Extra line"
    assert card["bars"] == []
    assert card["household"] == {
        "rows": [{"who": "You (main line)", "yuan": "¥10.00"}, {"who": "Line 1 · Mum", "yuan": "¥5.00"}],
        "shared": {"label": "Shared (overage on shared pools)", "yuan": "¥14.00"},
        "pools": [{"meter": "Data", "used": "14", "allowance": "10", "app": None, "over": "4", "unit": "GB"},
                  {"meter": "Calls", "used": "120", "allowance": "100", "app": None, "over": "20", "unit": "min"}],
        "one_off": None, "months": 24}


def test_the_separate_lines_say_each_lines_plan_and_what_they_save() -> None:
    """Each line on p0 alone: the holder's 8 GB and 60 min and Mum's 6 GB and 60 min are within 10 GB and 100 min,
    ¥10.00 each, ¥20.00 for the two: ¥9.00 a month less than the household's ¥29.00, said as the separate plans'
    saving.  With a budget of ¥15.00 the ¥20.00 is over it: the page says by the budget's ¥15.00."""
    cat = catalogue(plan(extra_lines=EXTRA))
    page, _, doc = answer(cat, "en", lines=FAMILY)
    row = {"operator": "op-a", "plan": "p0", "packs": [], "yuan": "¥10.00", "only_if": [], "kept": []}
    assert page.separate(doc["separate_lines"], None) == {
        "rows": [{"who": "You (main line)", **row}, {"who": "Line 1 · Mum", **row}], "total": "¥20.00",
        "over_budget": None, "saves": {"kind": "separate", "yuan": "¥9.00"}, "sure": None}
    page, profile, doc = answer(cat, "en", lines=FAMILY, budget_fen=1500)
    shown = page.separate(doc["separate_lines"], profile.budget_fen)
    assert (shown["total"], shown["over_budget"], shown["saves"]) == ("¥20.00", "¥15.00", None)


# -- how a pack is charged ----------------------------------------------------------------------------------------

USES: dict[str, object] = {"id": "op-a-u1", "name": "次", "name_en": "u1", "kind": "data", "billing": "per_use",
                           "price": fig(1), "adds": {"data_gb": fig(1)}}
DAYS: dict[str, object] = {"id": "op-a-v1", "name": "日", "name_en": "v1", "kind": "service", "billing": "per_day",
                           "price": fig("0.5"), "adds": {"voice_minutes": fig(10)}}
FREE: dict[str, object] = {"id": "op-a-k", "name": "k", "name_en": "k", "kind": "service",
                           "price": fig(9, "assumption: k guessed"), "free_with": ["op-a-p0"],
                           "adds": {"sms": fig(200)}}


@pytest.mark.parametrize(("lang", "uses", "days", "free"), [
    ("en", "u1\u00a0×\u00a02 (charged per use)", "v1\u00a0×\u00a02\u00a0days (charged per day)",
     "k (free with this plan)"),
    ("zh", "次\u00a0×\u00a02（按次收费）", "日\u00a0×\u00a02\u00a0天（按天收费）", "k（本套餐免费）")])
def test_a_packs_line_says_how_it_is_charged(lang: str, uses: str, days: str, free: str) -> None:
    """12 GB on 10: two uses of 1 GB at ¥1 (¥2.00) beat 2 GB at ¥3 (¥6); 120 min on 100: two days of 10 min at
    ¥0.50 (¥1.00) beat 20 min at ¥0.10 (¥2); 250 texts on 100: the 200-text pack, free on p0 (¥0.00).  ¥10 + ¥2 +
    ¥1 + ¥0 = ¥13.00.  The free pack's line is no estimate though its ¥9 price elsewhere is assumed.  The per-day
    line counts days, as the answer's item does ("× 2 days"; the page said "× 2", as if two packs: sca's run)."""
    card = first_card(catalogue(plan(), packs=(USES, DAYS, FREE)), lang, data_gb=12, voice_minutes=120, sms=250)
    assert card["total_yuan"] == "¥13.00"
    _, per_use, per_day, free_line = card["lines"]
    assert (per_use["label"], per_use["yuan"]) == (uses, "¥2.00")
    assert (per_day["label"], per_day["yuan"]) == (days, "¥1.00")
    assert (free_line["label"], free_line["yuan"], free_line["source"].assumed) == (free, "¥0.00", False)


SLOWS = {"throttle_kbps": fig(128, "assumption: speed guessed"),
         "voice_per_minute": fig("0.15", "assumption: rate guessed"), "sms_each": fig("0.1")}
"""No data rate: data over the allowance is slowed to 128 kbps (assumed); calls over at ¥0.15 a minute (assumed)."""


@pytest.mark.parametrize(("lang", "slowed", "calls"), [
    ("en", "Data beyond the allowance (2 GB) slowed to 128 kbps, no charge",
     "Calls beyond the allowance: 20 min at ¥0.15 per minute"),
    ("zh", "超出套餐的流量（2 GB）限速至 128 kbps，不另收费", "套餐外通话：20 分钟，¥0.15\u00a0/\u00a0分钟")])
def test_a_slowed_and_a_charged_line_name_their_own_figures_reasons(lang: str, slowed: str, calls: str) -> None:
    """12 GB on 10 slowed (¥0.00), 120 min on 100: 20 × ¥0.15 = ¥3.00; ¥10 + ¥0 + ¥3 = ¥13.00.  Each line's mark
    gives the figure it rests on: the speed's reason, the rate's.  Under the bars: slowed, then charged."""
    card = first_card(catalogue(plan(overage=SLOWS)), lang, data_gb=12, voice_minutes=120, allow_throttling=True)
    assert card["total_yuan"] == "¥13.00"
    _, throttled, overage = card["lines"]
    assert (throttled["kind"], throttled["label"], throttled["yuan"]) == ("throttled", slowed, "¥0.00")
    assert throttled["source"].reason == "speed guessed"
    assert (overage["kind"], overage["label"], overage["yuan"]) == ("overage", calls, "¥3.00")
    assert overage["source"].reason == "rate guessed"
    assert card["over_notes"] == ["bar.throttled", "bar.overage"]


def bars_of(card: dict[str, Any]) -> list[tuple[object, ...]]:
    return [(b["label"], b["need"], b["included"], b["need_pct"], b["included_pct"], b["met"], b["unlimited"],
             b["over"]) for b in card["bars"]]


def test_a_bar_is_shown_for_what_is_needed_or_included_and_a_trip_only_when_one_is_taken() -> None:
    """Unlimited calls, no texts, 2 GB of roaming data (assumed) and 30 roaming minutes.  5 GB and 500 min, no texts,
    no trip: data 5 of 10 (50.0 % of the bar, the allowance 100.0 %), calls against "unlimited" (the need the whole
    bar, met); no texts bar (none included, none needed), no roaming bars (no trip).  3 texts and a 1 GB trip: the
    texts bar, 0 included of 3 (0.0 %), over and charged (3 × ¥0.10 = ¥0.30); the roaming data bar, 1 of 2 GB (50.0 %,
    met), its mark the roaming allowance's reason; still no roaming calls bar (none needed)."""
    cat = catalogue(plan(voice_minutes=fig("unlimited"), sms=fig(0),
                         roaming={"data_gb": fig(2, "assumption: roam guessed"), "voice_minutes": fig(30)}))
    home = first_card(cat, data_gb=5, voice_minutes=500)
    assert bars_of(home) == [("Data", "5", "10", 50.0, 100.0, True, False, []),
                             ("Calls", "500", "unlimited", 100.0, 100.0, True, True, [])]
    away = first_card(cat, data_gb=5, voice_minutes=500, sms=3, needs={"roaming": {"data_gb": 1, "days": 1}})
    assert bars_of(away) == [("Data", "5", "10", 50.0, 100.0, True, False, []),
                             ("Calls", "500", "unlimited", 100.0, 100.0, True, True, []),
                             ("Texts", "3", "0", 100.0, 0.0, False, False, ["bar.overage"]),
                             ("Roaming data", "1", "2", 50.0, 100.0, True, False, [])]
    assert away["bars"][-1]["source"].reason == "roam guessed"
    assert away["total_yuan"] == "¥10.30"


def test_an_allowance_used_to_the_last_gb_says_nothing_of_the_rest_and_one_unused_is_still_drawn() -> None:
    """10 GB on the 10 GB plan is met with nothing over: no note under the bars (not "the rest is app data"); no
    calls or texts needed, yet their 100 included are drawn (0 of 100: 0.0 % and 100.0 %)."""
    card = first_card(catalogue(plan()), data_gb=10)
    assert bars_of(card) == [("Data", "10", "10", 100.0, 100.0, True, False, []),
                             ("Calls", "0", "100", 0.0, 100.0, True, False, []),
                             ("Texts", "0", "100", 0.0, 100.0, True, False, [])]
    assert card["over_notes"] == []


# -- savings, the effective price ---------------------------------------------------------------------------------

TWO = (plan(), plan(id="op-a-p1", name="一号", name_en="p1", monthly_fee=fig(30), data_gb=fig(20)))
"""p0 at ¥10 and p1 at ¥30 a month."""


def savings(current: dict[str, object]) -> list[dict[str, Any] | None]:
    page, profile, doc = answer(catalogue(*TWO), data_gb=5, current=current)
    return [page.card(rec, profile)["savings"] for rec in doc["recommendations"]]


def test_each_card_says_what_it_saves_or_costs_against_now_in_amounts_without_a_sign() -> None:
    """A bill of ¥20.00 now: p0 (¥10) saves ¥10.00 a month, ¥120.00 a year; p1 (¥30) costs ¥10.00 more, ¥120.00 a
    year, said without a minus.  A bill of ¥10.00: p0 the same, p1 ¥20.00 (¥240.00 a year) more.  On p0 now: p0 is
    the person's own plan."""
    assert savings({"monthly_bill_fen": 2000}) == [
        {"fen": 1000, "month": "¥10.00", "year": "¥120.00", "kind": "save"},
        {"fen": -1000, "month": "¥10.00", "year": "¥120.00", "kind": "more"}]
    assert savings({"monthly_bill_fen": 1000}) == [
        {"fen": 0, "month": "¥0.00", "year": "¥0.00", "kind": "same"},
        {"fen": -2000, "month": "¥20.00", "year": "¥240.00", "kind": "more"}]
    assert [s["kind"] if s else None for s in savings({"plan_id": "op-a-p0"})] == ["yours", "more"]


@pytest.mark.parametrize(("fee", "total", "mum", "saves"), [
    (5, "¥21.00", "¥11.00", {"kind": "household", "yuan": "¥5.00"}),
    (10, "¥26.00", "¥16.00", {"kind": "same", "yuan": "¥0.00"})])
def test_lines_of_their_own_have_no_shared_row_and_the_cheaper_way_is_said(fee: int, total: str, mum: str,
                                                                           saves: dict[str, str]) -> None:
    """Extra lines with 10 GB of their own, calls shared.  The holder's 8 GB on the plan's 10; Mum's 12 GB on her own
    10: 2 GB × ¥3 = ¥6.00, her own overage ("Line 1 · Mum: ..."); 60 + 20 = 80 of the shared 100 minutes.  Nothing
    shared is charged: no shared row (Mum's overage is hers, not the pool's).  At a ¥5 line: ¥10 + ¥5 + ¥6 = ¥21.00,
    Mum's ¥11.00; apart, ¥10 + (¥10 + ¥6) = ¥26.00: the household saves ¥5.00.  At a ¥10 line: ¥26.00 either way,
    the same.  A budget of ¥30.00 holds the ¥26.00: nothing said of it."""
    extra = {"max": 2, "fee": fig(fee), "source": KNOWN, "shared": ["voice"], "per_line": {"data_gb": fig(10)}}
    cat = catalogue(plan(extra_lines=extra))
    family = [{"data_gb": 8, "voice_minutes": 60}, {"name": "Mum", "data_gb": 12, "voice_minutes": 20}]
    page, profile, doc = answer(cat, lines=family, budget_fen=3000)
    card = page.card(doc["recommendations"][0], profile)
    assert card["total_yuan"] == total
    assert card["lines"][-1]["label"] == "Line 1 · Mum: Data beyond the allowance: 2 GB at ¥3.00 per GB"
    assert card["household"]["rows"] == [{"who": "You (main line)", "yuan": "¥10.00"},
                                         {"who": "Line 1 · Mum", "yuan": mum}]
    assert card["household"]["shared"] is None
    assert card["household"]["pools"] == [{"meter": "Calls", "used": "80", "allowance": "100", "app": None,
                                           "over": None, "unit": "min"}]
    separate = page.separate(doc["separate_lines"], profile.budget_fen)
    assert [row["yuan"] for row in separate["rows"]] == ["¥10.00", "¥16.00"]
    assert (separate["total"], separate["over_budget"], separate["saves"]) == ("¥26.00", None, saves)


def test_a_saving_of_one_fen_is_a_saving() -> None:
    """A bill of ¥10.01 now: p0 at ¥10.00 saves ¥0.01 a month, ¥0.12 a year."""
    assert savings({"monthly_bill_fen": 1001})[0] == {"fen": 1, "month": "¥0.01", "year": "¥0.12", "kind": "save"}


@pytest.mark.parametrize(("data", "total", "shared"), [((4, 4), "¥15.00", "¥0.00"), ((10, 9), "¥25.00", "¥10.00")])
def test_a_households_shared_packs_are_its_shared_row_even_at_no_charge(data: tuple[int, int], total: str,
                                                                        shared: str) -> None:
    """Data, calls and texts shared.  150 + 100 = 250 texts on the shared 100: the 200-text pack free on p0.  With
    4 + 4 GB, nothing else: ¥10 + ¥5 = ¥15.00, and the shared row is the free pack's, "Shared (packs)" ¥0.00 (shown:
    a pack the household has).  With 10 + 9 = 19 GB on 10: two 5 GB packs (¥10) as well, ¥25.00, shared ¥10.00."""
    extra = {"max": 2, "fee": fig(5), "source": KNOWN, "shared": ["data", "voice", "sms"]}
    cat = catalogue(plan(extra_lines=extra), packs=(D5, FREE))
    page, profile, doc = answer(cat, lines=[{"data_gb": data[0], "sms": 150}, {"data_gb": data[1], "sms": 100}])
    card = page.card(doc["recommendations"][0], profile)
    assert card["total_yuan"] == total
    assert card["household"]["shared"] == {"label": "Shared (packs)", "yuan": shared}
    assert card["household"]["rows"] == [{"who": "You (main line)", "yuan": "¥10.00"},
                                         {"who": "Line 1", "yuan": "¥5.00"}]


def test_a_speed_written_with_a_decimal_point_is_said_as_a_number() -> None:
    """A plan file's ``throttle_kbps: "128.0"`` reads "128 kbps" as the answer's item does, not "128.0 kbps"."""
    slows = {**SLOWS, "throttle_kbps": fig("128.0", "assumption: speed guessed")}
    card = first_card(catalogue(plan(overage=slows)), data_gb=12, allow_throttling=True)
    assert card["lines"][1]["label"] == "Data beyond the allowance (2 GB) slowed to 128 kbps, no charge"


# -- a history ----------------------------------------------------------------------------------------------------


def test_a_historys_data_bar_is_its_busiest_months_and_so_are_its_notes() -> None:
    """30 GB of video app data; 3 GB of each month on video.  Months of 15, 14, 14 and 14 GB on the 10 GB plan: the
    first is the busiest, 5 GB over, 3 GB of it app data, 2 GB charged (¥6.00, ¥16.00 that month); the others 1 GB
    charged (¥13.00).  The bar is the first month's, 15 against 10 (66.7 %), and its notes are its own bill's: charged,
    and app data for the rest (2 GB charged < 5 GB over), not the four months' lines together (2 + 1 + 1 + 1 = 5 GB
    charged, as if nothing were app data)."""
    cat = catalogue(plan(app_data_gb=[{"apps": ["video"], "gb": fig(30)}]))
    card = first_card(cat, app_share={"video": 3}, months=[{"data_gb": 15}, {"data_gb": 14}, {"data_gb": 14},
                                                           {"data_gb": 14}])
    assert [row["total_yuan"] for row in card["months"]] == ["¥16.00", "¥13.00", "¥13.00", "¥13.00"]
    assert bars_of(card)[0] == ("Data", "15", "10", 100.0, 66.7, False, False, ["bar.overage", "bar.app_data"])
    assert card["over_notes"] == ["bar.overage", "bar.app_data"]


def test_a_plan_of_1000_mb_gbs_measures_only_data_in_its_own_gb() -> None:
    """A plan counting 1,000 MB a GB: 12 GB used is 12 × 1024 / 1000 = 12.288 of its GB (shown "12.29"); 150 minutes
    stay 150 (no GB in a minute)."""
    cat = catalogue(plan(billing={"mb_per_gb": 1000}))
    card = first_card(cat, data_gb=12, voice_minutes=150)
    data, calls, _ = card["bars"]
    assert (data["need"], calls["need"], calls["included"]) == ("12.29", "150", "100")


def test_a_historys_card_averages_its_months_and_says_their_packs_apart() -> None:
    """Month 1: 12 GB (one 5 GB pack, ¥5, beats 2 GB at ¥3), 90 min, 3 texts: ¥15.00.  Month 2: 19 GB (two packs,
    ¥10): ¥20.00.  ¥35.00 for the two, ¥17.50 a month on average, the price ranked: over 24 months ¥420.00, the first
    month ¥15.00.  The months buy different packs: no card-wide packs, "d5" said as the months' packs.  Each bar is
    its busiest month with that month's packs: data 19 of 10 + 2 × 5 = 20 (95.0 %), calls 90 of 100 (90.0 %), texts 3
    of 100 (3.0 %)."""
    card = first_card(catalogue(plan(), packs=(D5,)), months=[{"data_gb": 12, "voice_minutes": 90, "sms": 3},
                                                              {"data_gb": 19, "voice_minutes": 30}])
    assert card["history"] is True
    assert (card["total_yuan"], card["amount_yuan"], card["amount_fen"]) == ("¥35.00", "¥17.50", 1750)
    assert card["effective"] == {"yuan": "¥17.50", "months": 24, "bill": "¥35.00", "first": "¥15.00",
                                 "horizon_total": "¥420.00"}
    assert (card["packs"], card["month_packs"]) == ([], "d5")
    assert [{k: v for k, v in row.items() if k != "lines"} for row in card["months"]] == [
        {"label": "Month 1", "data_gb": "12", "minutes": "90", "sms": 3, "packs": [{"name": "d5", "count": 1}],
         "total_yuan": "¥15.00"},
        {"label": "Month 2", "data_gb": "19", "minutes": "30", "sms": 0, "packs": [{"name": "d5", "count": 2}],
         "total_yuan": "¥20.00"}]
    assert bars_of(card) == [("Data", "19", "20", 95.0, 100.0, True, False, []),
                             ("Calls", "90", "100", 90.0, 100.0, True, False, []),
                             ("Texts", "3", "100", 3.0, 100.0, True, False, [])]
    assert card["total_assumed"] is True


def test_a_months_card_has_no_average_and_says_what_rests_on_estimates() -> None:
    """5 GB in one month (no history): ¥10.00, nothing averaged (no "on average" line), no month table; the ¥10.00
    fee is assumed: "¥10.00 of this price rests on estimates".  On a plan whose every figure is published: nothing
    said of estimates."""
    card = first_card(catalogue(plan()), data_gb=5)
    assert (card["history"], card["effective"], card["months"], card["month_packs"]) == (False, None, [], "")
    assert (card["total_yuan"], card["amount_yuan"], card["assumed_yuan"], card["total_assumed"]) == (
        "¥10.00", "¥10.00", "¥10.00", True)
    published = first_card(catalogue(plan(monthly_fee=fig(10))), data_gb=5)
    assert (published["assumed_yuan"], published["total_assumed"]) == (None, False)


def test_a_one_month_history_says_its_average_and_months_buying_the_same_packs_say_them_once() -> None:
    """A history of one month of 5 GB: ¥10.00, its average the same ¥10.00, over 24 months ¥240.00.  Two months of
    12 and 13 GB each buy one 5 GB pack (¥5 beats 2 or 3 GB at ¥3): ¥15.00 a month, the card's packs "d5" once, no
    "by month" packs."""
    one = first_card(catalogue(plan()), months=[{"data_gb": 5}])
    assert one["history"] is True
    assert one["effective"] == {"yuan": "¥10.00", "months": 24, "bill": "¥10.00", "first": "¥10.00",
                                "horizon_total": "¥240.00"}
    same = first_card(catalogue(plan(), packs=(D5,)), months=[{"data_gb": 12}, {"data_gb": 13}])
    assert [row["total_yuan"] for row in same["months"]] == ["¥15.00", "¥15.00"]
    assert (same["packs"], same["month_packs"]) == ([{"name": "d5", "count": 1}], "")


# -- what is said of the use over an allowance (``_over``, on bill lines as the answer writes them) ---------------


def bill_line(kind: str, ref: str, fen: int, quantity: int = 0) -> dict[str, Any]:
    return {"kind": kind, "ref": ref, "fen": fen, "label": {"code": "x", "params": {"quantity": quantity}}}


@pytest.mark.parametrize(("meter", "bill", "beyond", "notes"), [
    # 2 GB over, 2 GB charged: charged only
    ("data_mb", [bill_line("overage", "data_mb", 600, 2048)], 2048, ["bar.overage"]),
    # 3 GB over, 1 GB charged: app data covered the other 2
    ("data_mb", [bill_line("overage", "data_mb", 300, 1024)], 3072, ["bar.overage", "bar.app_data"]),
    # a calls overage's quantity is no data counted
    ("data_mb", [bill_line("overage", "data_mb", 300, 1024), bill_line("overage", "voice_s", 900, 9000)], 2048,
     ["bar.overage", "bar.app_data"]),
    # a data overage line of ¥0.00: free at full speed; on calls (voice_s, the answer's ref): no charge
    ("data_mb", [bill_line("overage", "data_mb", 0, 2048)], 2048, ["bar.free"]),
    ("voice_minutes", [bill_line("overage", "voice_s", 0, 3000)], 0, ["bar.no_charge"]),
    ("voice_minutes", [bill_line("overage", "voice_s", 500, 3000)], 0, ["bar.overage"]),
    # slowed, then in the notes' own order (charged before slowed) whatever the bill's
    ("data_mb", [bill_line("throttled", "data_mb", 0, 2048)], 2048, ["bar.throttled"]),
    ("data_mb", [bill_line("throttled", "data_mb", 0, 1024), bill_line("overage", "data_mb", 300, 1024)], 2048,
     ["bar.overage", "bar.throttled"]),
    # nothing on the bill: data was app data; calls say nothing
    ("data_mb", [bill_line("overage", "voice_s", 500, 3000)], 1024, ["bar.app_data"]),
    ("voice_minutes", [], 0, []),
    # a trip's day passes are its roaming meters' (any of them), never a home meter's
    ("roaming_voice_minutes", [bill_line("day_pass", "day_pass", 1000)], 0, ["bar.day_pass"]),
    ("voice_minutes", [bill_line("day_pass", "day_pass", 1000)], 0, []),
    # nor is a home meter's overage a trip's
    ("roaming_data_mb", [bill_line("overage", "data_mb", 600, 2048)], 0, []),
])
def test_the_notes_under_a_bar_say_what_the_bill_did_with_the_use_over(
        meter: str, bill: list[dict[str, Any]], beyond: int, notes: list[str]) -> None:
    assert _over(meter, bill, beyond) == notes


# -- speeds, services, names --------------------------------------------------------------------------------------

UP: dict[str, object] = {"id": "op-a-up", "name": "上", "name_en": "up", "kind": "speed", "price": fig(5),
                         "uplink_mbps": fig(300, "assumption: up guessed")}
BROADBAND: dict[str, object] = {"id": "op-a-bb", "name": "宽", "name_en": "bb", "kind": "broadband", "price": fig(30),
                                "broadband_mbps": fig(500)}


def test_speed_and_service_bars_say_what_gives_them() -> None:
    """Upload 200 Mbps: the plan's 100 is short, the 300 Mbps pack (¥5) gives it: 200 of 300 (66.7 %), its mark the
    pack's figure's reason.  Download 100 of the plan's 1000 (10.0 %).  Satellite (the plan's) and home broadband
    (the ¥30 pack) as yes/no bars.  ¥10 + ¥5 + ¥30 = ¥45.00.  Broadband of 300 Mbps: a speed bar, 300 of 500 (60.0 %),
    ¥40.00."""
    cat = catalogue(plan(satellite={"minutes": fig(10), "sms": fig(5)}), packs=(UP, BROADBAND))
    card = first_card(cat, data_gb=5, needs={"min_uplink_mbps": 200, "min_downlink_mbps": 100, "broadband": True,
                                             "satellite": True})
    assert card["total_yuan"] == "¥45.00"
    shown = [(b["label"], b["need"], b["included"], b["unit"], b["need_unit"], b["need_pct"], b["included_pct"],
              b["met"], b["boolean"]) for b in card["bars"][3:]]
    assert shown == [("Upload speed", "200", "300", "Mbps", "Mbps", 66.7, 100.0, True, False),
                     ("Download speed", "100", "1000", "Mbps", "Mbps", 10.0, 100.0, True, False),
                     ("Satellite service", "✓ included", "✓ included", "", "", 100.0, 100.0, True, True),
                     ("Home broadband", "✓ included", "✓ included", "", "", 100.0, 100.0, True, True)]
    assert (card["bars"][3]["source"].reason, card["bars"][4]["source"].assumed) == ("up guessed", False)
    speed = first_card(cat, data_gb=5, needs={"broadband_mbps": 300})
    assert speed["total_yuan"] == "¥40.00"
    assert [(b["label"], b["need"], b["included"], b["unit"], b["need_pct"]) for b in speed["bars"][3:]] == [
        ("Home broadband speed", "300", "500", "Mbps", 60.0)]


def test_a_need_short_of_the_allowance_is_its_share_to_a_tenth() -> None:
    """14 GB: one 5 GB pack (¥5 beats 4 GB at ¥3): 14 of 15 GB, the need 14 / 15 = 93.3 % of the bar."""
    (data, *_) = first_card(catalogue(plan(), packs=(D5,)), data_gb=14)["bars"]
    assert (data["need"], data["included"], data["need_pct"], data["included_pct"]) == ("14", "15", 93.3, 100.0)


@pytest.mark.parametrize(("name", "shown"), [
    ("Mum", "Mum"),
    ("‮", ""),  # a control alone: no name
    ("Mum‮", "⁨Mum⁩"),  # its control dropped, the rest set apart
    ("ئەنۋەر", "⁨ئەنۋەر⁩"),  # right-to-left letters set apart
    ("Ali علي", "⁨Ali علي⁩"),  # some right-to-left letters: set apart too
])
def test_a_name_is_set_apart_from_the_sentence_only_when_it_could_reorder_it(name: str, shown: str) -> None:
    assert isolated(name) == shown


def test_each_service_bars_mark_is_its_own_figures() -> None:
    """A plan whose download speed (1000 Mbps), satellite minutes and home broadband (1000 Mbps) are assumed: the
    download bar's mark is the speed's reason, the satellite bar's the satellite minutes', the broadband bar's the
    broadband speed's, each alone.  ¥10.00, nothing bought."""
    cat = catalogue(plan(downlink_mbps=fig(1000, "assumption: down guessed"),
                         satellite={"minutes": fig(10, "assumption: sat guessed"), "sms": fig(5)},
                         broadband_mbps=fig(1000, "assumption: bb guessed")))
    card = first_card(cat, data_gb=5, needs={"min_downlink_mbps": 100, "satellite": True, "broadband": True})
    assert card["total_yuan"] == "¥10.00"
    assert [(b["label"], b["source"].reason) for b in card["bars"][3:]] == [
        ("Download speed", "down guessed"), ("Satellite service", "sat guessed"), ("Home broadband", "bb guessed")]


def test_the_longest_price_sets_the_room_and_a_bill_on_the_middle_is_labelled_from_its_start() -> None:
    """¥1,234.56 and ¥5.00: the longer (9 characters) sets the room, 8 + 9 × 9 = 89, the bars span 420 − 89 = 331:
    331 × 500 / 123456 = 1.34, the narrowest 2; 331.  ¥100.00 alone spans 336; a bill of ¥62.50 is drawn at
    336 × 6250 / 10000 = 210, the middle itself, not past it: labelled from its start, 214."""
    page = Page(catalogue(plan()), "en")
    rows = page.chart([chart_card(1, 500, "¥5.00"), chart_card(2, 123456, "¥1,234.56")], None)["rows"]
    assert [row["width"] for row in rows] == [2, 331]
    current = page.chart([chart_card(1, 10000, "¥100.00")], 6250)["current"]
    assert current is not None
    assert (current["x"], current["anchor"], current["x_text"]) == (210, "start", 214)


def test_the_broadband_bars_mark_is_the_figure_that_gives_it() -> None:
    """Home broadband from a pack whose 500 Mbps is assumed: the bar's mark is the pack's reason (it took the plan's
    figure alone, so it had none).  A plan's assumed 300 Mbps beside a sure 500 Mbps pack, 400 Mbps needed: the pack
    gives it, 400 of 500 (80.0 %), no mark.  ¥10 + ¥30 = ¥40.00 both."""
    guessed = {**BROADBAND, "broadband_mbps": fig(500, "assumption: bb pack guessed")}
    card = first_card(catalogue(plan(), packs=(guessed,)), data_gb=5, needs={"broadband": True})
    assert card["total_yuan"] == "¥40.00"
    (bar,) = card["bars"][3:]
    assert (bar["label"], bar["source"].assumed, bar["source"].reason) == ("Home broadband", True, "bb pack guessed")
    cat = catalogue(plan(broadband_mbps=fig(300, "assumption: bb plan guessed")), packs=(BROADBAND,))
    card = first_card(cat, data_gb=5, needs={"broadband_mbps": 400})
    assert card["total_yuan"] == "¥40.00"
    (bar,) = card["bars"][3:]
    assert (bar["need"], bar["included"], bar["need_pct"], bar["source"].assumed) == ("400", "500", 80.0, False)
