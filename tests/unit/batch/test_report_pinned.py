"""The what-if report's figures, as the product team reads them, on the six people of ``test_whatif_pinned`` (two
operators, three plans, a-30 raised ¥30 → ¥35 and b-45 cut ¥45 → ¥40; its docstrings work out every figure of the
document by hand).  Here: that the terminal summary and the HTML page say those figures, each in its row and column,
with its sign, its share of the right whole and its mean over the right profiles.

From the document (pinned there): best plans before a-30 R1 R5, a-50 R6, b-45 R2 R3, none R4; after a-30 R1, a-50
R6, b-45 R2 R3 R5.  Revenue a-30 ¥30 + ¥36 = ¥66 → ¥35, a-50 ¥50 → ¥50, b-45 2 × ¥45 = ¥90 → 3 × ¥40 = ¥120, total
¥206 → ¥205.  One best-plan move (R5 a-30 → b-45); one move from the current plan (R2 a-50 → b-45, which it makes
without the edit too), two without the edit (R2, and R5 b-45 → a-30); R3 and R4 name no current plan.
"""

import re
from html.parser import HTMLParser

import pytest

from recommender.batch import report, summary, whatif
from recommender.batch.document import CandidateInfo, OperatorCustomers, SegmentRow, Summary, Switches
from recommender.catalogue import load_sources
from recommender.catalogue.model import UNLIMITED
from tests.unit.batch.test_whatif_pinned import BASELINE, CANDIDATE, DAY, ROWS, _batch, _file, _plan


@pytest.fixture(scope="module")
def doc() -> Summary:
    return summary.summarise(whatif.partial(whatif.Scorer(BASELINE, CANDIDATE, DAY), _batch()), BASELINE, CANDIDATE,
                             DAY)


class _Tables(HTMLParser):
    """Each ``<table>``'s rows by its caption, a cell's text with its ``<br>`` as " | " and its tags dropped."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._caption: str | None = None
        self._in_caption = False
        self._cell: list[str] | None = None
        self._row: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "caption":
            self._in_caption, self._caption = True, ""
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append(" | ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "caption":
            self._in_caption = False
            assert self._caption is not None
            self.tables[self._caption] = []
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(re.sub(r"\s+", " ", "".join(self._cell)).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None and self._caption is not None:
            self.tables[self._caption].append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._in_caption:
            self._caption = (self._caption or "") + data
        elif self._cell is not None:
            self._cell.append(data)


def tables(page: str) -> dict[str, list[list[str]]]:
    parser = _Tables()
    parser.feed(page)
    return parser.tables


def test_the_terminal_summary_says_each_figure_in_its_place(doc: Summary) -> None:
    """Shares of the 6 profiles: a-30 2/6 = 33.33 % → 1/6 = 16.67 %, a-50 1/6 both, b-45 2/6 → 3/6 = 50.00 %; revenue
    changes ¥35 − ¥66 = −¥31.00, ¥0.00 (no sign), ¥120 − ¥90 = +¥30.00, total ¥205 − ¥206 = −¥1.00.  op-a: 3/6 = 50 %
    → 2/6, ¥66 + ¥50 = ¥116 → ¥85; op-b: 2/6 → 3/6, ¥90 → ¥120.  Customers: op-a has 3 (R1 ¥30, R2 and R6 ¥50 each:
    ¥130), keeps 2 → 2 so loses 3 − 2 = 1 → 1, wins R5 → none, ¥116 → ¥85 (−¥31); op-b has 1 (R5, ¥45), keeps 0 → 1
    (loses 1 → 0), wins R2 both times, ¥45 → 2 × ¥40 = ¥80 (+¥35).  Best plan changes for 1 of 6 = 16.67 %; 2 of 6 =
    33.33 % name no plan the baseline has.  Pay (5 fitting): before (30 + 45 + 45 + 36 + 50) / 5 = ¥41.20, median
    ¥45, p90 ¥50; after 205 / 5 = ¥41.00, ¥40, ¥50; on the current plan (4) 175 / 4 = ¥43.75, ¥45, ¥50; saves 1 / 5 =
    ¥0.20, ¥0, ¥5; against current 10 / 4 = ¥2.50, ¥0, ¥10; without the edit 14 / 4 = ¥3.50, ¥0, ¥9.  Of the 5: 2
    save (40 %), 2 pay more (40 %), 1 the same (20 %).  Data bands: 5-10 (R1, R4) 2 profiles, R1 pays ¥5 more;
    10-20 (R5) 1, its best plan changes (1 of 1 = 100 %), ¥4 more; 20-40 (R2 R3 R6) 3, R2 and R3 save ¥5 each."""
    base, cand = doc["baseline"]["version"], doc["candidate"]["version"]
    assert report.terminal(doc).splitlines() == [
        f"what-if: 6 profiles · baseline {base} → candidate {cand} · changed plans: a-30 (fee ¥30.00 → ¥35.00), "
        "b-45 (fee ¥45.00 → ¥40.00)",
        "no plan fits: 1 → 1",
        "",
        "plan               operator       share before     after   revenue before            after         change",
        "a-30 *             op-a                33.33 %   16.67 %           ¥66.00           ¥35.00        -¥31.00",
        "a-50               op-a                16.67 %   16.67 %           ¥50.00           ¥50.00          ¥0.00",
        "b-45 *             op-b                33.33 %   50.00 %           ¥90.00          ¥120.00        +¥30.00",
        "total                                                             ¥206.00          ¥205.00         -¥1.00",
        "(* changed, + added, - removed, ~ in another currency on the other side; revenue: what the profiles choosing "
        "the plan pay a month, effective)",
        "  a-30 *: fee ¥30.00 → ¥35.00",
        "  b-45 *: fee ¥45.00 → ¥40.00",
        "  op-a           share 50.00 % → 33.33 %, revenue ¥116.00 → ¥85.00 (-¥31.00)",
        "  op-b           share 33.33 % → 50.00 %, revenue ¥90.00 → ¥120.00 (+¥30.00)",
        "customers, without the edit → with it (an operator's customers: the profiles on one of its plans now; a "
        "person leaves their plan only for one that costs less, as recommend advises, and leaves one that does not "
        "meet their needs, lost to all when no plan does; revenue: what the people on its plans pay it a month where "
        "they go, of the profiles with a known current plan):",
        "  op-a           3 now paying ¥130.00; keeps 2 → 2 (loses 1 → 1), wins 1 → 0; revenue ¥116.00 → ¥85.00 "
        "(-¥31.00)",
        "  op-b           1 now paying ¥45.00; keeps 0 → 1 (loses 1 → 0), wins 1 → 1; revenue ¥45.00 → ¥80.00 "
        "(+¥35.00)",
        "",
        "best plan changes for 1 profile (16.67 %):",
        "                a-30 → b-45                          1",
        "current plan → best after the edit: 1 would move (2 without the edit); top moves:",
        "                a-50 → b-45                          1  (1 without the edit)",
        "2 profiles (33.33 %) give no current plan of the baseline (none, or an id it does not have): left out of "
        "'pays on current plan'",
        "",
        "a month (effective price)            mean       median          p90",
        "pays on best, before               ¥41.20       ¥45.00       ¥50.00",
        "pays on best, after                ¥41.00       ¥40.00       ¥50.00",
        "pays on current plan               ¥43.75       ¥45.00       ¥50.00",
        "saves (before − after)              ¥0.20        ¥0.00        ¥5.00",
        "saves against current               ¥2.50        ¥0.00       ¥10.00",
        "  without the edit                  ¥3.50        ¥0.00        ¥9.00",
        "of the 5 profiles some plan fits before and after, 40.00 % pay less with the edit, 40.00 % pay more, 20.00 % "
        "pay the same",
        "",
        "by segment, scored as the whole (save / pay more: the profiles some plan fits before and after who pay less / "
        "more with the edit; mean: a person among them):",
        "no breakdown by region: the population has no region column",
        "no breakdown by age: the population has no age column",
        "  data a month         profiles    best plan changes       save       mean   pay more       mean  most common "
        "move",
        "  5–10 GB                     2           0 (0.00 %)          0          —          1      ¥5.00",
        "  10–20 GB                    1         1 (100.00 %)          0          —          1      ¥4.00  "
        "a-30 → b-45 (1)",
        "  20–40 GB                    3           0 (0.00 %)          2      ¥5.00          0          —"]


def test_the_html_tables_say_each_figure_in_its_row(doc: Summary) -> None:
    """The page's tables (the same figures as the terminal's, see there), each row by its plan, operator, move or
    figure; the savings histogram's bins: −5 (R1) and −4 (R5) in "-¥5 to ¥0", R6's 0 in "¥0", R2's and R3's +5 in
    "¥0 to ¥5" (a positive bin holds its high edge); a move's share is of all 6 profiles: 1/6 = 16.67 %."""
    found = tables(report.html(doc))
    assert found["Plans"] == [
        ["plan", "fee before", "fee after", "share before", "share after", "revenue before", "revenue after", "change"],
        ["a-30 a-30 · changed · fee ¥30.00 → ¥35.00", "¥30.00", "¥35.00", "33.33 %", "16.67 %", "¥66.00", "¥35.00",
         "-¥31.00"],
        ["a-50 a-50 · unchanged", "¥50.00", "¥50.00", "16.67 %", "16.67 %", "¥50.00", "¥50.00", "¥0.00"],
        ["b-45 b-45 · changed · fee ¥45.00 → ¥40.00", "¥45.00", "¥40.00", "33.33 %", "50.00 %", "¥90.00", "¥120.00",
         "+¥30.00"],
        ["total", "", "", "", "", "¥206.00", "¥205.00", "-¥1.00"]]
    assert found["Operators, if everyone took their best bundle"][1:] == [
        ["op-a", "50.00 %", "33.33 %", "¥116.00", "¥85.00", "-¥31.00"],
        ["op-b", "33.33 %", "50.00 %", "¥90.00", "¥120.00", "+¥30.00"]]
    assert found["Customers of each operator: who stays, who leaves, revenue where they go (yuan a month)"][1:] == [
        ["op-a", "3 | ¥130.00", "2 → 2", "1 → 0", "¥116.00 → | ¥85.00", "-¥31.00"],
        ["op-b", "1 | ¥45.00", "0 → 1", "1 → 1", "¥45.00 → | ¥80.00", "+¥35.00"]]
    assert found["Who switches: best plan before → after"][1:] == [["a-30", "b-45", "1", "16.67 %"]]
    assert found["Current plan → best plan after the edit"][1:] == [["a-50", "b-45", "1", "1", "16.67 %"]]
    assert found["What customers pay a month (effective price: over the horizon, with each plan's terms)"][1:] == [
        ["pays on best bundle, before", "5", "¥41.20", "¥45.00", "¥50.00"],
        ["pays on best bundle, after", "5", "¥41.00", "¥40.00", "¥50.00"],
        ["pays on current plan", "4", "¥43.75", "¥45.00", "¥50.00"],
        ["saves: before − after", "5", "¥0.20", "¥0.00", "¥5.00"],
        ["saves: current − after", "4", "¥2.50", "¥0.00", "¥10.00"],
        ["saves: current − where they go without the edit", "4", "¥3.50", "¥0.00", "¥9.00"]]
    assert found["Who: by region, age and data a month: by data a month"][1:] == [
        ["5–10 GB", "2", "0 | 0.00 %", "0 | —", "1 | ¥5.00", ""],
        ["10–20 GB", "1", "1 | 100.00 %", "0 | —", "1 | ¥4.00", "a-30 → b-45 (1)"],
        ["20–40 GB", "3", "0 | 0.00 %", "2 | ¥5.00", "0 | —", ""]]
    shares = "Share of profiles whose best bundle is each plan: the figures"
    assert found[shares][1:] == [["a-30", "33.33 %", "16.67 %"], ["a-50", "16.67 %", "16.67 %"],
                                 ["b-45", "33.33 %", "50.00 %"]]
    assert found["Revenue per plan (yuan a month): the figures"][1:] == [["a-30", "¥66", "¥35"], ["a-50", "¥50", "¥50"],
                                                                       ["b-45", "¥90", "¥120"]]
    bins = found["Savings: what each profile pays before minus after: the figures"][1:]
    assert [count for _, count in bins] == ["0", "0", "0", "0", "0", "2", "1", "2", "0", "0", "0", "0", "0"]
    assert [label for label, _ in bins][5:8] == ["-¥5 to ¥0", "¥0", "¥0 to ¥5"]


def test_the_html_cards_and_notes_say_the_whole(doc: Summary) -> None:
    """The cards: revenue ¥206.00 → ¥205.00, down ¥1.00 (coloured as a fall); best plan changes for 1 profile, 1 would
    move from their current plan (2 without the edit); 2 of 5 pay less and 2 of 5 more (40.00 % each); the mean
    saving (−5 + 5 + 5 − 4 + 0) / 5 = ¥0.20.  Each change coloured by its sign: a fall 'down', a rise 'up', none
    neither.  Under the moves: 2 of 6 (33.33 %) name no current plan; under the pay: no plan fits 1 before, 1 after."""
    page = report.html(doc)
    assert "<div class=\"card\">revenue a month, all operators<b>¥206.00 →\n¥205.00</b>" \
        "<span class='down'>-¥1.00</span>" in page
    assert "<div class=\"card\">best plan changes<b>1</b>profile; from their current plan 1 would move " \
        "(2 without the edit)</div>" in page
    assert "<b>40.00 % · 40.00 %</b>of the 5 profiles some plan fits before and after</div>" in page
    assert "<div class=\"card\">mean saving<b>¥0.20</b>a month per profile, of the same</div>" in page
    assert page.count("<span class='down'>-¥31.00</span>") == 3  # (a-30, op-a, op-a's customers)
    assert page.count("<span class='up'>+¥30.00</span>") == 2 and "<span class='up'>+¥35.00</span>" in page
    assert "<span class=''>¥0.00</span>" in page and "<span class='down'>-¥1.00</span></td></tr></tfoot>" in page
    assert "<p class=\"muted\">2 profiles (33.33 %) give no current plan of the baseline (none, or an id it does not " \
        "have): left out of &#x27;pays on current plan&#x27;.</p>" in page
    assert "No plan fits 1 profile before and 1 after; they are left out of pay and savings.</p>" in page
    assert "<p class=\"muted\">6 profiles · baseline catalogue " in page
    legend = '<p class="legend muted"><span style="background:#9aa5b1"></span>baseline<span ' \
        'style="background:#1f6feb"></span>candidate</p>'
    assert page.count(legend) == 2  # (under the shares' heading and the revenue's)
    assert '<p class="muted"></p>' not in page  # (one move each: no note of moves left out)
    assert page.count("<svg ") == page.count("</svg>") == 6  # (each chart drawn twice, fixed and narrow, and closed)


def test_the_charts_draw_each_figure_to_the_scale_of_the_largest(doc: Summary) -> None:
    """Share bars (900 px wide, 170 px of labels, 110 px for the value: 620 px for the longest): the largest share
    is b-45's 0.5 after, so a-30 before 0.333333 is 620 × 0.333333 / 0.5 = 413.3 px and after 0.166667 206.7 px; b-45
    after 620.0; on a narrow page the longest is 68 % of the width, a-30 before 68 × 0.333333 / 0.5 = 45.33 %.
    Revenue: the largest ¥120, a-30's ¥66 is 620 × 66 / 120 = 341.0 px.  The savings histogram (190 px for the
    tallest bar): 2 profiles in "-¥5 to ¥0" and in "¥0 to ¥5" 190 px tall, R6 in "¥0" 95 px; the bins before "¥0"
    red (paying more), "¥0" grey, after it green."""
    page = report.html(doc)
    shares, revenue, savings = (chart.split("</svg>")[0] for chart in page.split('<svg class="fixed"')[1:4])
    widths = re.findall(r'<rect x="170" y="\d+" width="([\d.]+)"', shares)
    assert widths == ["413.3", "206.7", "206.7", "206.7", "413.3", "620.0"]
    assert re.findall(r'<rect x="170" y="\d+" width="([\d.]+)"', revenue) == ["341.0", "180.8", "258.3", "258.3",
                                                                            "465.0", "620.0"]
    bars = re.findall(r'height="([\d.]+)" fill="(#[0-9a-f]+)"><title>([^<]*)</title>', savings)
    assert [(h, title) for h, _, title in bars][5:8] == [("190.0", "-¥5 to ¥0: 2"), ("95.0", "¥0: 1"),
                                                         ("190.0", "¥0 to ¥5: 2")]
    assert [colour for _, colour, _ in bars] == ["#cf222e"] * 6 + ["#8c959f"] + ["#1a7f37"] * 6
    narrow_shares = page.split('<svg class="narrow"')[1].split("</svg>")[0]
    assert re.findall(r'<rect x="0" y="\d+" width="([\d.]+)%"', narrow_shares) == [
        "45.33", "22.67", "22.67", "22.67", "45.33", "68.00"]
    narrow = page.split('<svg class="narrow"')[3].split("</svg>")[0]
    assert re.findall(r'fill="(#[0-9a-f]+)"><title>', narrow) == ["#cf222e"] * 6 + ["#8c959f"] + ["#1a7f37"] * 6


def test_the_page_says_what_ran_and_how_long_it_took(doc: Summary) -> None:
    """The CLI adds the engine and the day: the page's subtitle says them, with the seconds the run took (1.5 s), as
    the terminal's header says the day."""
    run: Summary = {**doc, "engine": {"name": "local", "workers": 2, "busy_workers": 1, "seconds": 1.5,
                                      "profiles_per_second": 4},
                    "inputs": {"baseline": "b", "candidate": "c", "population": "p", "as_of": "2026-03-01"}}
    assert " · conditions of sale as of 2026-03-01 · local, 2 workers, only 1 had rows to score, 1.5 s</p>" in \
        report.html(run)
    assert report.terminal(run).splitlines()[0].endswith(" · conditions of sale as of 2026-03-01")


def test_a_document_without_an_engine_says_no_seconds(doc: Summary) -> None:
    """A summary no CLI ran (``whatif.compare`` called as a library) has no engine: the page names the local engine
    and no time, not "local, None s"."""
    assert "engine" not in doc
    page = report.html(doc)
    assert " · local</p>" in page and "None" not in page
    assert "None" not in report.html(doc, report.Wording("zh"))


@pytest.mark.parametrize(("mean_fen", "said"), [(-1.0, "mean extra cost<b>¥0.01</b>"),
                                                (-0.4, "mean saving<b>¥0.00</b>"), (0.0, "mean saving<b>¥0.00</b>"),
                                                (1.0, "mean saving<b>¥0.01</b>"), (None, "mean saving<b>—</b>")])
def test_the_mean_card_says_a_mean_of_one_fen_more_as_an_extra_cost(mean_fen: float | None, said: str) -> None:
    """The mean change rounded to the fen first: −1 fen (a mean of −¥0.01) is paying more, ¥0.01; −0.4 fen rounds to
    0 and is no extra cost; no profile fitting both: a dash."""
    assert f'<div class="card">{said}a month per profile, of the same</div>' == report._mean_card(mean_fen, report.EN)


def _region(code: str | None, profiles: int, changed: int) -> SegmentRow:
    """A region's row with the figures the reports list (its other figures 0)."""
    return {"segment": code, "profiles": profiles, "no_fit_before": 0, "no_fit_after": 0, "changed_best_plan": changed,
            "share_changed_best_plan": round(changed / profiles, 6), "profiles_fitting_both": profiles,
            "savings_fen": 0, "mean_savings_fen": None, "profiles_saving": 0, "saved_fen": 0, "mean_saved_fen": None,
            "profiles_paying_more": 0, "extra_cost_fen": 0, "mean_extra_cost_fen": None, "revenue_fen_before": 0,
            "revenue_fen_after": 0, "changed_plan": 0, "changed_plan_before": 0, "top": [], "pairs": 0}


def test_the_terminal_lists_ten_regions_most_changed_first_and_counts_the_rest(doc: Summary) -> None:
    """Thirteen regions, each by (changes, share): CN-AH … CN-HB (by code) 9, 8, … 1 of 20 profiles; CN-BJ 5 of 20
    (25 %), CN-HE 5 of 10 (50 %), the rows that say no region (None) 5 of 10, CN-HI 1 of 20.  Most changes first,
    then the larger share, then the code ("None" after the codes): CN-AH 9, CN-CQ 8, CN-FJ 7, CN-GD 6, CN-HE and None
    5 at 50 %, CN-BJ and CN-GS 5 at 25 %, CN-GX 4, CN-GZ 3 (ten listed); left out CN-HA 2, CN-HB 1, CN-HI 1: "… 3 more
    regions: 4 profiles whose best plan changes"."""
    codes = ["CN-AH", "CN-CQ", "CN-FJ", "CN-GD", "CN-GS", "CN-GX", "CN-GZ", "CN-HA", "CN-HB"]
    rows = [_region(code, 20, changed) for code, changed in zip(codes, (9, 8, 7, 6, 5, 4, 3, 2, 1), strict=True)]
    rows += [_region("CN-BJ", 20, 5), _region("CN-HE", 10, 5), _region(None, 10, 5), _region("CN-HI", 20, 1)]
    with_regions: Summary = {**doc, "segments": [{"column": "region", "in_population": True, "segments": rows}]}
    lines = report.segment_lines(with_regions)
    assert [line.split()[0] for line in lines[3:14]] == [
        "CN-AH", "CN-CQ", "CN-FJ", "CN-GD", "CN-HE", "not", "CN-BJ", "CN-GS", "CN-GX", "CN-GZ", "…"]
    assert lines[13:] == ["  … 3 more regions: 4 profiles whose best plan changes"]


def test_a_list_of_names_says_twelve_and_counts_the_rest() -> None:
    """Twelve names are said whole; of thirteen, the first twelve and "and 1 more"; of 1,012, "and 1,000 more"."""
    names = [f"p{i}" for i in range(1012)]
    assert report.EN.some(names[:12]) == ", ".join(names[:12])
    assert report.EN.some(names[:13]) == ", ".join(names[:12]) + " and 1 more"
    assert report.EN.some(names) == ", ".join(names[:12]) + " and 1,000 more"
    assert report.EN.some([]) == ""


def test_a_document_from_before_the_breakdown_has_no_segment_section(doc: Summary) -> None:
    """A document written before ``segments`` (none there, or an empty list): the page ends after its pay table, with
    no heading for a breakdown it does not have."""
    older: Summary = {**doc}
    del older["segments"]
    for page in (report.html(older), report.html({**doc, "segments": []})):
        assert "Who: by region" not in page and page.endswith("</table></div>\n<p class=\"muted\">exact, nearest rank "
                                                              "over all profiles (median = lower median), from merged "
                                                              "sparse counters. No plan fits 1 profile before and 1 "
                                                              "after; they are left out of pay and savings.</p>\n"
                                                              "</body></html>\n")


def test_moves_from_or_to_nothing_and_an_operator_with_no_customers_are_listed(doc: Summary) -> None:
    """A best-plan move from nothing (a profile no plan fits before, b-45 after) is said "(nothing fits)" on either
    report, as is one to nothing; an operator none of whose customers is counted (op-c, 0 now) is still a row of the
    customers' table beside those that have some (op-a 3, op-b 1)."""
    switches: Switches = {"changed_best_plan": 3, "pairs": 2, "top": [{"from": None, "to": "b-45", "profiles": 2},
                                                                      {"from": "a-30", "to": None, "profiles": 1}]}
    op_c: OperatorCustomers = {"operator": "op-c", "customers_now": 0, "revenue_fen_now": 0, "customers_fitting_now": 0,
                               "kept_before": 0,
                               "kept_after": 0, "won_before": 0, "won_after": 1, "revenue_fen_before": 0,
                               "revenue_fen_after": 4000}
    edited: Summary = {**doc, "switches": switches, "customers": [*doc["customers"], op_c]}
    found = tables(report.html(edited))
    assert found["Who switches: best plan before → after"][1:] == [["(nothing fits)", "b-45", "2", "33.33 %"],
                                                                 ["a-30", "(nothing fits)", "1", "16.67 %"]]
    customers = found["Customers of each operator: who stays, who leaves, revenue where they go (yuan a month)"][1:]
    assert [row[0] for row in customers] == ["op-a", "op-b", "op-c"]
    assert customers[2] == ["op-c", "0 | ¥0.00", "0 → 0", "0 → 1", "¥0.00 → | ¥40.00", "+¥40.00"]
    text = report.terminal(edited)
    assert "\n      (nothing fits) → b-45                          2\n" in text
    assert "\n  op-c           0 now paying ¥0.00; keeps 0 → 0 (loses 0 → 0), wins 0 → 1; revenue ¥0.00 → ¥40.00 " \
        "(+¥40.00)\n" in text


def test_a_pack_s_new_price_and_amount_and_a_plan_not_yet_on_sale_are_said_on_both_reports(doc: Summary) -> None:
    """A pack pk cut from ¥40 to ¥35 adding 15 GB for 10 GB (10,240 → 15,360 MB), and a plan a-new of the candidate
    on sale from 2027-01-01, after the day scored: each said, with its amounts and its day, in the header and on the
    page."""
    candidate: CandidateInfo = {
        **doc["candidate"], "changed_packs": ["pk"],
        "pack_changes": [{"pack_id": "pk", "changes": ["price_fen", "adds"], "price_fen_before": 4000,
                          "price_fen_after": 3500, "adds": [{"meter": "data_mb", "before": 10240, "after": 15360}]}],
        "not_on_sale": [{"id": "a-new", "kind": "plan", "available_from": "2027-01-01", "available_until": None}]}
    edited: Summary = {**doc, "candidate": candidate}
    packs = "changed packs: pk (price ¥40.00 → ¥35.00, what it adds: data 10 GB → 15 GB)"
    off_sale = ("not on sale on the day scored (--as-of), so chosen by no one anew (a plan whose sale has ended is "
                "kept by the people on it): a-new (from 2027-01-01, in the candidate)")
    lines = report.terminal(edited).splitlines()
    assert lines[0].endswith(" · " + packs) and lines[2] == off_sale
    page = report.html(edited)
    assert f" · {packs} · " in page and f'<p class="muted">{off_sale}.</p>' in page


def test_customers_on_a_plan_that_does_not_fit_are_said_to_be_counted_but_not_in_what_they_pay_now() -> None:
    """Found by a user test: "china-mobile 11,212 now paying ¥2,717,713.40" was paid by 10,307 of them, the other 905
    on a plan that does not meet their needs counted as paying ¥0 (the counts added up to every profile, the sums to
    those on a plan that fits).  A seventh person, R7, as R3 (150 Mbps up) but on a-30 (100 Mbps up: no bundle of it
    fits): op-a has 4 customers, still paying ¥130 (R1 ¥30, R2 and R6 ¥50 each); the lines say that what is paid is
    that of those on a plan that meets their needs, and that 1 of the 5 customers pays nothing in it (the other 4
    pay it), on both reports, in English and Chinese."""
    rows = {"data_gb": [*ROWS["data_gb"], 30.0], "voice_minutes": [*ROWS["voice_minutes"], 200],
            "min_uplink_mbps": [*ROWS["min_uplink_mbps"], 150], "current_plan": [*ROWS["current_plan"], "a-30"]}
    doc = summary.summarise(whatif.partial(whatif.Scorer(BASELINE, CANDIDATE, DAY), _batch(rows)), BASELINE,
                            CANDIDATE, DAY)
    assert doc["pay"]["current"]["current_plan_does_not_fit"] == 1
    assert [(c["customers_now"], c["customers_fitting_now"], c["revenue_fen_now"]) for c in doc["customers"]] == [
        (4, 3, 13_000), (1, 1, 4_500)]  # (op-a: R1, R2 and R6 on plans that fit, R7 not)
    lines = report.customers_lines(doc)
    assert [line.split(";")[0] for line in lines[1:3]] == [
        "  op-a           4 now, 3 of them on a plan that meets their needs paying ¥130.00",
        "  op-b           1 now, 1 of them on a plan that meets their needs paying ¥45.00"]
    assert lines[3:] == [
        "  of these 5 customers, 1 is on a current plan no bundle of which meets its needs: counted among the "
        "customers (and as leaving that plan), not in what they pay now, which is what the other 4 pay"]
    zh = report.customers_lines(doc, report.Wording("zh"))
    assert zh[1].startswith("  op-a           现有 4 个，其中当前套餐能满足需求的 3 个每月支付 ¥130.00；")
    assert zh[-1] == ("  这 5 个客户中，有 1 个的当前套餐加任何附加包都不能满足其需求：计入客户数（并计为离开该套餐），"
                      "不计入目前每月支付，目前每月支付是其余 4 个客户支付的金额")
    page = report.html(doc)
    caption = "Customers of each operator: who stays, who leaves, revenue where they go (yuan a month)"
    assert tables(page)[caption][0][1] == "customers now | (what those on a plan that fits pay now)"
    assert "of the profiles with a known current plan. of these 5 customers, 1 is on a current plan no bundle of " \
        "which meets its needs: counted among the customers (and as leaving that plan), not in what they pay now, " \
        "which is what the other 4 pay.</p>" in page
    assert "（其中当前套餐满足需求者目前每月支付）" in report.html(doc, report.Wording("zh"))
    # (all on a plan that fits: the line as before, no count of those who are not)
    assert report.customers_lines(summary.summarise(whatif.partial(whatif.Scorer(BASELINE, CANDIDATE, DAY), _batch()),
                                                    BASELINE, CANDIDATE, DAY))[1].startswith(
        "  op-a           3 now paying ¥130.00; keeps")


def test_a_plan_s_allowances_edited_are_said_with_their_amounts_and_its_overage_by_meter() -> None:
    """Found by a user test: a plan's allowance edit read "ct-5ga-299 *: allowances or rates; the fee as before" (JSON
    ``changes: ['tariffs']`` alone), where a pack's says "what it adds: data 10 GB → 15 GB".  Here a-30 gives 15 GB
    for 10 (10,240 → 15,360 MB) and 100 texts more (100 → 200), and its voice overage goes from ¥0.10 to ¥0.20 a
    minute; a-50 gives unlimited data for 40 GB (``model.UNLIMITED``, said "unlimited", not as 1,073,741,824 GB).  The
    JSON rows say each allowance before and after and the meters whose overage changed; the terminal, the HTML page
    and the header say them, in English and Chinese."""
    a_30 = _plan("a-30", "30", 15, 100, 100)
    a_30["sms"] = {"value": 200, "source": "assumption: test"}
    a_30["overage"] = {name: {"value": value, "source": "assumption: test"}
                       for name, value in (("data_per_gb", 3), ("voice_per_minute", "0.2"), ("sms_each", "0.1"))}
    a_50 = _plan("a-50", "50", 40, 1000, 100)
    a_50["data_gb"] = {"value": "unlimited", "source": "assumption: test"}
    edited = load_sources([_file("op-a", [a_30, a_50]), _file("op-b", [_plan("b-45", "45", 40, 300, 200)])])
    doc = summary.summarise(whatif.partial(whatif.Scorer(BASELINE, edited, DAY), _batch()), BASELINE, edited, DAY)
    rows = {p["plan_id"]: p for p in doc["plans"]}
    assert rows["a-30"]["changes"] == rows["a-50"]["changes"] == ["tariffs"]
    assert rows["a-30"]["allowances"] == [{"meter": "data_mb", "before": 10_240, "after": 15_360},
                                          {"meter": "sms", "before": 100, "after": 200}]
    assert rows["a-30"]["overage"] == ["voice_s"]
    assert rows["a-50"]["allowances"] == [{"meter": "data_mb", "before": 40_960, "after": UNLIMITED}]
    assert rows["a-50"]["overage"] == []
    assert "allowances" not in rows["b-45"]
    lines = report.terminal(doc).splitlines()
    said = ["  a-30 *: allowances: data 10 GB → 15 GB; SMS 100 texts → 200 texts; overage beyond the allowance: voice; "
            "the plan's fee as before", "  a-50 *: allowances: data 40 GB → unlimited; the plan's fee as before"]
    assert [line for line in lines if line.startswith("  a-")] == said
    assert "changed plans: a-30 (allowances: data 10 GB → 15 GB; SMS 100 texts → 200 texts; overage beyond the " \
        "allowance: voice; the plan's fee as before), a-50 (allowances: data 40 GB → unlimited; the plan's fee as " \
        "before)" in lines[0]
    page = report.html(doc).replace("</span>", "").replace("<br>", " ")
    assert "a-30 · changed · allowances: data 10 GB → 15 GB; SMS 100 texts → 200 texts; overage beyond the " \
        "allowance: voice; the plan&#x27;s fee as before" in page
    zh = report.terminal(doc, report.Wording("zh")).splitlines()
    assert [line for line in zh if line.startswith("  a-")] == [
        "  a-30 *: 套餐内用量：流量 10 GB → 15 GB；短信 100 条 → 200 条；超出套餐后的资费：通话，套餐月费不变",
        "  a-50 *: 套餐内用量：流量 40 GB → 不限量，套餐月费不变"]
