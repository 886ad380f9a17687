"""The form's fields: defaults, presets from the sample profiles, parsing and checks → ``Profile``.

Everything here works on plain strings as typed (so the page can show them again next to their
error) and produces the same ``Profile`` the API takes as JSON.  Errors are message keys with
parameters; the template translates them.
"""

import json
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..catalogue.load import DEFAULT_PLANS
from ..catalogue.spec import UNLIMITED_WORDS
from ..eligibility import home_today
from ..messages import NEED, number
from ..money import YUAN_AFTER, YUAN_SIGNS, YUAN_WORDS, without_yuan_marks, yuan_as_typed, yuan_to_fen
from ..profile import (
    MAX_AGE,
    MAX_COUNT,
    MAX_DAYS,
    MAX_GB,
    MAX_LINES,
    MAX_MBPS,
    MAX_RECORDS,
    SPEED_OF_DAYS,
    ZONES,
    Profile,
    Record,
    field_locs,
)
from ..typed import full_stops
from ..usage import CsvProblem, UsageCsvError, csv_text, parse_csv

MAX_INPUT_CHARS = 100
MAX_YUAN = Decimal(10**7)
LINES_READ = 64
"""Extra lines read from a query: beyond ``MAX_LINES`` - 1 they are shown with an error (``_lines``), not dropped."""
UPLINK_CHOICES = (0, 50, 100, 200, 300, 500)
DOWNLINK_CHOICES = (0, 500, 1000, 2000, 3000)
PRESET_ORDER = ("livestreamer", "business-traveller", "student", "light-user", "outdoor-satellite",
                "family-broadband")

GB_PER_VIDEO_HOUR = Decimal("1.0")
"""Assumption for the data helper: phone-sized HD video streams about 1 GB an hour."""
GB_PER_SOCIAL_HOUR = Decimal("0.3")
"""Assumption for the data helper: social apps, browsing and short clips, about 0.3 GB an hour."""
DAYS_PER_MONTH = 30

TEXT_FIELDS = ("data_gb", "voice_minutes", "sms", "uplink", "downlink", "roaming_data_gb", "roaming_minutes",
               "current_bill", "current_plan", "budget", "video_hours", "social_hours", "age", "region",
               "customer_of", "uplink_days", "downlink_days", "roaming_zone", "roaming_days", "broadband_mbps",
               "satellite_minutes", "satellite_sms", "share_video", "share_social")
LINE_FIELDS = ("line_name", "line_data_gb", "line_voice_minutes", "line_sms")
"""The extra lines of a household (repeated, one value per line; the holder's usage is the main fields)."""
SHARE_FIELDS = {"share_video": "video", "share_social": "social"}
"""The app share the form asks for: GB of the month's data used in video and in social apps."""
BROADBAND_CHOICES = (0, 100, 300, 500, 1000, 2000)
CHECKBOXES = ("satellite", "broadband", "throttling", "strict", "no_membership")
LISTS = ("benefit", "operator", "membership")
CSV_FIELD = "usage_csv"
"""The file input for an itemised bill (``recommender.usage.parse_csv``'s CSV)."""
PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
"""A number as the form reads it: digits with at most one decimal point (no exponent, no comma)."""
GROUPED_NUMBER = re.compile(r"[+-]?[1-9][0-9]{0,2}(?:,[0-9]{3})+(?:\.[0-9]*)?")
"""Digits in groups of three by commas, the only commas the form drops ("1,500", "12,000.5"; not
"0,500", a decimal comma)."""
LISTING_COMMAS = "，、"
"""The commas of a Chinese list (the full-width comma, 、): "128，135" is two bills (found by the consumer test: NFKC
made it "128,135", read as ¥128,135.00 a month, "saves ¥128,059.00"), and "1，500" may be 1,500 typed with a Chinese
input method: not known which, so one number is asked for (``error.number_list``), never a silent guess."""
LISTED_NUMBERS = re.compile(r"[0-9.]+(?:、[0-9.]+)+")
"""Numbers in a list (``LISTING_COMMAS``, kept as 、 through the reading): one number is asked for."""
NUMBER_LIKE = re.compile(r"[0-9.,eE+-]*[0-9][0-9.,eE+-]*")
"""Digits written in some other way ("1,5", "1e3"): the error says how the form reads numbers."""
YUAN_CHARS = "".join(dict.fromkeys("".join(YUAN_WORDS)))
"""The characters of the yuan words after an amount (``money.YUAN_WORDS``: 元, 块, 钱)."""
YUAN_BEFORE_MONTH = "|".join([f"(?<=[0-9.{YUAN_CHARS}])", *(f"(?<={word})" for word in YUAN_AFTER if word.isascii())])
"""What the "/ 月" (or "/ month") after an amount follows: its digits or a yuan mark (``money.YUAN_AFTER``: "100元/月",
"99 RMB / month", "99 yuan/mo")."""
RANGE = re.compile(rf"[0-9][0-9.,]*[^0-9]{{0,8}}?(?:-|~|〜|到|至|—|–)[{''.join(YUAN_SIGNS)}]?(?P<upper>[0-9][0-9.,]*)")
"""A range ("20-30", "20到30", "20G-30G", "100~150元", as left once the units are dropped): not guessed at; the error
suggests its upper end (the lead's decision: one number, never a silent guess)."""
HOURS = "个?小时|h|hrs?|hours?"
"""The data helper's hours as people write them after the number (static/web.js reads the same: ``HOURS_AFTER``)."""
DATA_WORDS = "(?:国内|通用)?流量|data"
CALLS_WORDS = "通话(?:时长)?|语音|calls?"
TEXTS_WORDS = "短信|texts?|sms|messages?|msgs?"
"""Each meter's own words, as a month's use is written beside its figure: before the number ("流量30G", "通话300分钟",
"短信20条", ``METER_BEFORE``) or after its unit ("30G流量", "300 minutes of calls", "20条短信"), as plans describe
their allowances (国内流量, 通用流量, 语音, 通话时长: ``catalogue.load.FIELD_WORDS`` reads them in plan files).  Each
was "请输入数字" / "Enter a number" (found by typing a month's use as plans write it)."""
DATA_WORD = f"(?:(?:of)?(?:{DATA_WORDS}))?"
CALLS_WORD = f"(?:(?:of)?(?:{CALLS_WORDS}))?"
GB = f"(?:个?GB?|gigabytes?|gigs?){DATA_WORD}"
"""Data's unit after the number: "5G", "5GB", and "20个G" as it is said (the measure word 个 before it, as in "2个小时";
"20个G" was "请输入数字"), and "20 gigabytes", "20 gigs"; with the word data after it or not (``DATA_WORD``)."""
MINUTES = f"(?:分钟|分|mins?|minutes?){CALLS_WORD}"
TEXTS = f"条(?:{TEXTS_WORDS})?|{TEXTS_WORDS}"
"""Texts' unit after the number: "20条" as the page writes it, and "20条短信", "20 SMS", "20 messages" as people do."""
_UNITS = {GB: ("data_gb", "roaming_data_gb", *SHARE_FIELDS), MINUTES: (
    "voice_minutes", "roaming_minutes", "satellite_minutes"), TEXTS: ("sms", "satellite_sms"),
    "天|days?": ("uplink_days", "downlink_days", "roaming_days"), "周岁|岁|(?:years?|yrs?)(?:old)?": ("age",),
    HOURS: ("video_hours", "social_hours")}
_MONTHLY = (GB, MINUTES, TEXTS)
"""The units the page writes per month ("GB / 月", "分钟 / 月", "条 / 月"; and money's "元 / 月")."""
PER_MONTH = "/(?:月|month|mo)|(?:per|a|each)month|monthly|每个?月"
"""A month's figure's "/ 月" (or "/ month") after its unit, as the page writes it beside the field, and as people write
it ("/mo", "per month", "a month", "monthly", "每月" after the figure: "20GB a month" and "20G每月" were "Enter a
number", "请输入数字"; spaces are dropped before it is read)."""
PER_DAY = "/(?:天|day)"
"""The data helper's hours' "/ 天" (or "/ day"), as the page writes it beside the field ("小时 / 天")."""
_PER = {**dict.fromkeys(_MONTHLY, PER_MONTH), HOURS: PER_DAY}


def _after(unit: str) -> str:
    """``unit`` typed after a number, with the "/ 月" or "/ 天" the page writes after it (``_PER``), or that alone."""
    return rf"(?:(?:{unit})(?:{_PER[unit]})?|{_PER[unit]})" if unit in _PER else rf"(?:{unit})"


HOURS_AFTER = _after(HOURS)
"""The data helper's hours' unit after the number, as ``UNIT_AFTER`` reads it: given to its script (static/web.js,
``hours``) by the page (form.html's ``data-unit``), so that both read the one pattern."""
UNIT_AFTER = {name: re.compile(rf"(?<=[0-9.]){_after(unit)}$", re.IGNORECASE)
              for unit, names in _UNITS.items() for name in names}
"""Per field, its unit (as the page writes it beside the field, in either language, with its "/ 月" if any) typed after
the number: dropped, as ¥, 元 and "/ 月" are from money ("5GB", "5G" as people say it, "300分钟" or "300分",
"20GB/月", "18岁" or "18周岁"; a household line's fields are read under the holder's names).  Nothing else is:
"500MB" in a GB field stays an error (``IN_MB_OR_TB``), never 500 GB, and "5天/月" in days too.  The data helper's
hours too ("1小时", "2个小时", "1.5h", "1小时/天": "请输入数字" beside a field written "小时 / 天", persona QA): its
script (static/web.js, ``hours``) reads them by the same pattern (``HOURS_AFTER``, given to it by the page)."""


MINUTE_FIELDS = _UNITS[MINUTES]
"""The fields of minutes (a household line's are read under ``voice_minutes``)."""
MINUTES_PER_HOUR = 60
IN_HOURS = (rf"([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:{HOURS})(?:([0-5]?[0-9])(?:分钟|分|mins?|minutes?|m)?)?{CALLS_WORD}"
            rf"(?:{PER_MONTH})?")
"""Minutes said in hours ("5小时", "5个小时", "1.5h", "5小时/月", "5小时通话", written as the data helper's hours are,
``HOURS``), and in hours and minutes ("1小时30分钟", "1小时30分", "1h30", "2 hours 15 minutes": under an hour's
60 minutes): read as minutes (5 h = 300; 1 h 30 = 90) in a minutes field (``MINUTE_FIELDS``), once the words the
field reads are dropped ("5小时" was "请输入数字": a11y review; "1小时30分钟" too, found by typing a month's calls as
a Chinese speaker says them).  The page gives the same pattern to its script (static/web.js), which writes the
minutes in the field when it is left (so one pattern, the hours its first group and the minutes its second, in
either language's regular expressions)."""
HOURS_AS_MINUTES = re.compile(IN_HOURS, re.IGNORECASE)


DAY_FIELDS = _UNITS["天|days?"]
DAYS_PER_WEEK = 7
WEEKS_AS_DAYS = re.compile(r"([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:个?(?:周|星期|礼拜)|weeks?|wks?)", re.IGNORECASE)
"""Days said in weeks ("1周", "2个星期", "1个礼拜", "2 weeks"): read as days (1 week = 7) in a field of days
(``DAY_FIELDS``: a trip's days abroad, the days a month a speed is needed).  A trip is said in weeks as often as in
days: "1周" and "2 weeks" were "请输入数字，例如 30" (found by typing a trip as people say it).  "1.5周" is 10.5
days, which a field of whole days refuses as such."""
IN_OTHER_UNIT = ((MINUTE_FIELDS, HOURS_AS_MINUTES, MINUTES_PER_HOUR), (DAY_FIELDS, WEEKS_AS_DAYS, DAYS_PER_WEEK))
"""Per kind of field, a larger unit it reads, and how many of its own unit one is."""


def _in_field_unit(name: str, raw: str) -> str:
    """``raw`` in the field's own unit when it is said in a larger one (``IN_OTHER_UNIT``: hours in a field of
    minutes, weeks in a field of days); as it was otherwise."""
    for names, larger, per in IN_OTHER_UNIT:
        if name in names and (said := larger.fullmatch(raw)):
            value = Decimal(said[1]) * per + (Decimal(said[2]) if larger.groups > 1 and said[2] else 0)  # (1 h 30)
            return str(int(value)) if value == value.to_integral_value() else str(value)  # ("2.5小时": 150, not 150.0)
    return raw


GB_FIELDS = _UNITS[GB]
"""The fields of GB (a household line's data is read under ``data_gb``)."""
MB_PER_GB = 1024
"""As operators bill data (and ``messages.QUANTITY_SCALE``)."""
GB_PER_TB = MB_PER_GB
"""The same binary multiple, as plan files read a TB (``catalogue.load``'s units)."""
IN_MB_OR_TB = re.compile(rf"(?P<amount>[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:(?P<mb>MB?|兆)|TB?){DATA_WORD}(?:{PER_MONTH})?",
                         re.IGNORECASE)
"""Data said in MB ("500M", "500MB", "800兆": a small use, as bills show it) or TB ("1T", "1.5TB": a heavy one, as
people say it: "1T" was "请输入数字"), once the units and words the field reads are dropped: not read (never 500 GB,
nor guessed at), the error says what it is in GB (form QA; ``_in_gb``)."""


def _in_gb(raw: str) -> tuple[str, dict[str, str]] | None:
    """The error for data said in MB or TB (``IN_MB_OR_TB``), saying what it is in GB: MB rounded up to the hundredth
    of a GB ("约为"), TB exactly (1.5 TB is 1536 GB; a TB of more than two decimals has no GB to the hundredth to
    say, and gets the plain "Enter a number"); None for anything else."""
    said = IN_MB_OR_TB.fullmatch(raw)
    if said is None:
        return None
    amount = Decimal(said["amount"])
    shown = format(amount, "f")  # ("1." is 1, ".5" 0.5)
    if said["mb"]:  # ("约为" of 1024 MB, exactly 1 GB: localisation review)
        gb = amount / MB_PER_GB
        return "error.number_mb" + (".exact" if gb == round(gb, 2) else ""), {"mb": shown, "gb": number(gb, NEED)}
    gb = amount * GB_PER_TB
    return ("error.number_tb", {"tb": shown, "gb": number(gb)}) if gb == round(gb, 2) else None


_ABOUT_BEFORE = (r"大约|大概|差不多|约|最多|至多|顶多|不超过|不到|approximately|approx\.?|about|around|roughly|"
                 r"atmost|upto|under|max\.?|~|〜|≈|≤|<=?")
_A_MONTH = r"(?:平均)?(?:每个?|一个)月|月均"
"""A month said before the number: 每月, 每个月, 一个月 ("一个月300分钟左右" was "请输入数字": a senior's wording,
form QA), 平均每月, 月均."""
ABOUT = re.compile(rf"^(?:(?:{_A_MONTH})(?:{_ABOUT_BEFORE})?|{_ABOUT_BEFORE})(?=[0-9.¥￥])"
                   rf"|(?<=.)(?:左右|上下|以内|之内|以下)(?=(?:{PER_MONTH})?$)", re.IGNORECASE)
"""An estimate's or a bound's word before the number ("约20", "大约20G", "差不多300分钟", "about 20", "~20"; "最多100",
"不超过100", "up to 100", spaces dropped before) or after it ("20G左右", "100以内", and before the "/月" the page
writes beside the field: "20G左右/月", "100元左右/月", review): dropped, the number read (the
form asks for estimates, and a budget is a bound; "约20" and "100以内" were "请输入数字": form QA); so is a month
before them (``_A_MONTH``: "每月20G", "一个月约300分钟", "每月约100元": every field of the form is a month's).
Only around a number: "约" alone stays an error, never a blank read as 0."""
_METER_WORDS = {name: words for unit, words in ((GB, DATA_WORDS), (MINUTES, CALLS_WORDS), (TEXTS, TEXTS_WORDS))
                for name in _UNITS[unit]}
"""Per field of data, minutes or texts, its meter's words (``DATA_WORDS`` ...): what ``METER_BEFORE`` and
``METER_WORD`` drop."""
METER_BEFORE = {name: re.compile(rf"^((?:{_A_MONTH})?(?:{_ABOUT_BEFORE})?)(?:{words}):?(?=(?:{_ABOUT_BEFORE})?[0-9.])",
                                  re.IGNORECASE) for name, words in _METER_WORDS.items()}
"""Per field of data, minutes or texts, its meter's words (``DATA_WORDS`` ...) before the number, as a plan is
described ("流量30G", "流量：30G", "通话300分钟", "语音300分钟", "短信20条", "每月流量约30G", "大概流量30G",
"Data: 30GB"): dropped, and a month or an estimate's word before them kept for ``ABOUT``."""

METER_WORD = {name: re.compile(rf"^(?:{words}):?|(?<=.)(?:{words})$", re.IGNORECASE)
              for name, words in _METER_WORDS.items()}
"""Per field of data, minutes or texts, its meter's words before or after a word ("流量无", "短信没有", "无短信",
"流量不限", "通话不限"): dropped before the words for none and no limit are read (``_said_of``: each was "请输入数字",
found by typing a month's use as plans write it; "无" alone was 0 and "不限" alone said why it is no use)."""


def _said_of(name: str, text: str) -> str:
    """``text`` in the field ``name`` as ``_said`` holds it, without the field's meter's word (``METER_WORD``)."""
    said = _said(text)
    return said if (word := METER_WORD.get(name)) is None else word.sub("", said)


CHINESE_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
                  "九": 9}
CHINESE_UNITS = {"十": 10, "百": 100, "千": 1000}
CHINESE_NUMBER = re.compile(rf"[{''.join(CHINESE_DIGITS)}{''.join(CHINESE_UNITS)}万]+"
                            rf"(?:点[{''.join(CHINESE_DIGITS)}]+)?")
"""A number written in Chinese ("三百", "五十八", "一千五", "一点五"): not read (the form reads digits), the error
writes it in digits for the person to type ("三百分钟" was "请输入数字，例如 30", which it is to its writer:
persona QA)."""


def chinese_number(text: str) -> Decimal | None:
    """The value of a number written in Chinese (``CHINESE_NUMBER``), or None when it is not one as people write
    them: "三百" 300, "十五" 15, "三百零五" 305, "一千五" 1500 (the unit after the last digit left unsaid), "两万"
    20000, "一五八" 158 (digit by digit), "一点五" 1.5."""
    whole, _, fraction = text.partition("点")
    if not whole or not all(c in CHINESE_DIGITS for c in fraction):
        return None
    if all(c in CHINESE_DIGITS for c in whole):  # digit by digit ("一五八"; "一" alone)
        value = Decimal("".join(str(CHINESE_DIGITS[c]) for c in whole))
    else:
        total = section = digit = 0
        unit = 0  # the last unit said (for "一千五": the 五 is of hundreds)
        zero = after_unit = False
        for c in whole:
            if c in CHINESE_DIGITS:
                if digit:  # two digits before a unit: a range said ("一两百", "三五十"), or after one ("三百五六")
                    return None
                digit, zero = CHINESE_DIGITS[c], zero or CHINESE_DIGITS[c] == 0
                after_unit = after_unit and CHINESE_DIGITS[c] != 0
            elif c in CHINESE_UNITS:
                if (c != "十" and not digit) or (unit and CHINESE_UNITS[c] >= unit):  # "百", "三十百"
                    return None
                section += (digit or 1) * CHINESE_UNITS[c]
                digit, unit, zero, after_unit = 0, CHINESE_UNITS[c], False, True
            else:  # 万
                if not section and not digit or total:
                    return None
                total, section, digit, unit, zero, after_unit = (section + digit) * 10000, 0, 0, 10000, False, True
        if digit and after_unit and not zero and unit >= 100:  # "一千五": 1500, "三百五": 350
            digit *= unit // 10
        value = Decimal(total + section + digit)
    if fraction:
        value += Decimal("0." + "".join(str(CHINESE_DIGITS[c]) for c in fraction))
    return value



def _said(text: str) -> str:
    """``text`` as ``UNLIMITED`` and ``NO_BUDGET`` hold it, without the "/ 月" the page writes beside the field
    ("不限/月" was "Enter a number" where "不限" was no budget: found by the review helper)."""
    said = unicodedata.normalize("NFKC", text).replace(" ", "").casefold().rstrip("。.!")
    return re.sub(rf"(?:{PER_MONTH})$", "", said)


UNLIMITED = frozenset(_said(word) for word in UNLIMITED_WORDS)
"""What people type for "no limit" (as the normalised text: NFKC, no spaces, lower case, no end stop): the words a plan
file's figure is told to write ``unlimited`` for (one list: the form's had drifted from it, "无上限" an "Enter a
number"; found by the review helper).  In a usage field it is an error that says why (``error.usage_unlimited``): the
form asks what the person uses, never the plan's allowance, so no number can stand in for it."""
NONE = frozenset({"无", "没有", "none"})
"""What people type for "none" (as ``_said`` holds it): 0 in a usage field (``_usage``: "sms=无" was "请输入数字", form
QA), no limit in the budget (``NO_BUDGET``)."""
NO_BUDGET = UNLIMITED | NONE
"""A budget of "no limit" or "none": the budget's hint says to leave it blank for no limit, and "不限" there was
"Enter a number"; read as a blank.  ("无" and "none" are not "unlimited" in a usage field: there they mean 0.)"""
USAGE = frozenset({"data_gb", "voice_minutes", "sms", "roaming_data_gb", "roaming_minutes"})
"""The month's usage fields (a household line's are read under these names too)."""
BLANK_IS_ZERO = frozenset({"sms", "roaming_data_gb", "roaming_minutes"})
"""The usage fields a blank is 0 in, the holder's and a household line's alike (a line's blanks were 0 and the
holder's "Please fill this in"): none, or no trip abroad, is what most leave them blank for.  Data and minutes stay
required: what a plan is chosen by, where a 0 no one typed would choose the smallest plan."""
MENUS = ("uplink", "downlink")
"""The text fields the form asks as menus (``speed``): never sent empty."""

DEFAULTS = {"data_gb": "20", "voice_minutes": "200", "uplink": "0", "downlink": "0",
            "roaming_data_gb": "0", "roaming_minutes": "0"}
"""A fresh form's answers: data and minutes as an example to change (what a plan is chosen by), texts blank, read as 0
(``BLANK_IS_ZERO``) as a household line's are (a fresh form said 20 texts, which a person who never looked at the
field paid ¥2.00 for on a plan without texts: found by the household user test)."""


@dataclass
class FormData:
    """The form as the person filled it in: raw strings, ticked boxes, and errors per field."""

    values: dict[str, str] = field(default_factory=dict)
    checked: set[str] = field(default_factory=set)
    benefits: list[str] = field(default_factory=list)
    operators: list[str] | None = None
    """The operators ticked (None: every one, as on a fresh form)."""
    memberships: list[str] = field(default_factory=list)
    lines: list[dict[str, str]] = field(default_factory=list)
    """The extra lines as typed (``name``, ``data_gb``, ``voice_minutes``, ``sms``); errors are keyed
    ``line_<field>.<i>`` (i from 1, the holder being line 0)."""
    errors: dict[str, tuple[str, dict[str, object]]] = field(default_factory=dict)
    notes: dict[str, tuple[str, dict[str, object]]] = field(default_factory=dict)
    csv_problems: list[CsvProblem] = field(default_factory=list)
    """The CSV's bad rows (line numbers, the parser's reasons as codes), worded next to the file field."""
    csv_more: int = 0
    """How many more bad rows there are than ``csv_problems`` shows."""
    csv_file: bool = False
    """Whether ``csv_problems`` is one of the whole file (``FILE_PROBLEMS``), said as the file's, not a row's."""
    removed: int | None = None
    """The household line (from 1) its "Remove" button took away, without the script (said on the form again)."""

    def get(self, name: str) -> str:
        return self.values.get(name, "")

    def error(self, name: str, key: str, **params: object) -> None:
        self.errors.setdefault(name, (key, params))


def defaults() -> FormData:
    return FormData(values=dict(DEFAULTS))


def submitted(args: Mapping[str, str]) -> bool:
    """Whether the query holds a filled-in form (rather than a bare visit)."""
    return any(name in args for name in (*TEXT_FIELDS, *CHECKBOXES, *LISTS, *LINE_FIELDS))


def from_args(args: object) -> FormData:
    """The form as sent (``request.args`` or ``request.form``: a werkzeug MultiDict)."""
    get = args.get  # type: ignore[attr-defined]  # a werkzeug MultiDict (request.args or request.form)
    getlist = args.getlist  # type: ignore[attr-defined]  # a werkzeug MultiDict (request.args or request.form)
    form = FormData()
    for name in TEXT_FIELDS:  # a menu always sends its choice: one missing is a link cut short, read as its default
        # (found by the screen-reader user's test: "Upload speed: please fill this in" for a menu set to "not needed")
        default = DEFAULTS[name] if name in MENUS and name not in args else ""  # type: ignore[operator]  # a MultiDict
        form.values[name] = str(get(name, default)).strip()[:MAX_INPUT_CHARS]
    form.checked = {name for name in CHECKBOXES if get(name)}
    form.benefits = [str(b)[:MAX_INPUT_CHARS] for b in getlist("benefit")][:64]
    form.operators = [str(o)[:MAX_INPUT_CHARS] for o in getlist("operator")][:64]
    form.memberships = [str(m)[:MAX_INPUT_CHARS] for m in getlist("membership")][:32]
    columns = [[str(v).strip()[:MAX_INPUT_CHARS] for v in getlist(name)][:LINES_READ] for name in LINE_FIELDS]
    rows = max((len(c) for c in columns), default=0)
    removed = str(get("remove_line") or "")
    adding = bool(get("add_line"))
    for i in range(rows):
        row = {name.removeprefix("line_"): (c[i] if i < len(c) else "") for name, c in zip(LINE_FIELDS, columns,
                                                                                              strict=True)}
        if removed == str(i + 1):  # (its button, without the script: found by the screen-reader user's test, a line
            form.removed = i + 1   # could not be removed but by clearing each of its fields, unsaid)
            continue
        if any(row.values()) or adding:  # a row left blank is no line (but for "+ Add a line", which adds one: with a
            form.lines.append(row)       # blank one there it added none; the same test)
    if adding and len(form.lines) < MAX_LINES - 1:
        form.lines.append({"name": "", "data_gb": "", "voice_minutes": "", "sms": ""})
    return form


def from_profile(data: Mapping[str, object], operator_ids: Iterable[str]) -> FormData:
    """A sample profile (the API's JSON) as filled-in form fields."""
    profile = Profile.model_validate(data)
    needs = profile.needs
    form = defaults()
    holder = profile.lines[0] if profile.lines else profile
    trip = needs.trips[0] if needs.trips else None
    form.values.update({
        "data_gb": str(holder.data_gb), "voice_minutes": str(holder.voice_minutes), "sms": str(holder.sms),
        "uplink": str(needs.min_uplink_mbps), "downlink": str(needs.min_downlink_mbps),
        "roaming_data_gb": str(needs.roaming_data_gb), "roaming_minutes": str(needs.roaming_voice_minutes),
        "budget": yuan_as_typed(profile.budget_fen) if profile.budget_fen is not None else "",
        "uplink_days": _text(needs.uplink_days), "downlink_days": _text(needs.downlink_days),
        "roaming_zone": trip.zone or "" if trip else "", "roaming_days": _text(trip.days if trip else None),
        "broadband_mbps": _text(needs.broadband_mbps or None),
        "satellite_minutes": _text(needs.satellite_minutes or None),
        "satellite_sms": _text(needs.satellite_sms or None),
        **{name: _text(holder.app_share.get(app)) for name, app in SHARE_FIELDS.items()},  # type: ignore[call-overload]  # app is an AppCategory
    })
    form.lines = [{"name": line.name or "", "data_gb": str(line.data_gb), "voice_minutes": str(line.voice_minutes),
                   "sms": str(line.sms)} for line in (profile.lines or ())[1:]]
    if profile.current is not None:
        if profile.current.monthly_bill_fen is not None:
            form.values["current_bill"] = yuan_as_typed(profile.current.monthly_bill_fen)
        else:
            form.values["current_plan"] = profile.current.plan_id or ""
    form.checked = {name for name, on in (("satellite", needs.satellite), ("broadband", needs.broadband),
                                          ("throttling", profile.allow_throttling)) if on}
    form.benefits = list(profile.benefits)
    form.operators = [op for op in operator_ids if profile.wants_operator(op)]
    about = profile.about
    if about is not None:
        form.values.update({"age": "" if about.age is None else str(about.age), "region": about.region or "",
                            "customer_of": about.customer_of or ""})
        form.memberships = list(about.memberships or ())
        if about.memberships == ():
            form.checked.add("no_membership")
    if profile.eligibility == "strict":
        form.checked.add("strict")
    return form


def _text(value: object) -> str:
    return "" if value is None else str(value)


def seeds_beside(plans_path: str | Path) -> Path | None:
    """The ``seeds/`` folder beside a plan folder (or one plan file's folder): the form's sample profiles and bill.
    None where a folder on the way may not be searched (pathlib raises on EACCES): as a sample it may not read, none,
    and the server starts (found by the reliability review: it did not)."""
    plans = Path(plans_path)
    try:
        return (plans if plans.is_dir() else plans.parent).parent / "seeds"
    except OSError:
        return None


def seeds_for(plans_path: str | Path) -> list[Path]:
    """Where the form's samples are looked for, in order: the ``seeds/`` beside the plan folder (``seeds_beside``),
    then the shipped one (beside ``DEFAULT_PLANS``: the checkout's, or the copy installed with the package), as
    ``catalogue.load.facts_for`` finds the facts an edited copy of ``plans/`` elsewhere cites.  Serving such a copy
    (``RECOMMENDER_PLANS=/tmp/edited``, the README's way to try an edit) left the form without its examples, and
    ``/?preset=student`` a 404 (found by the user test)."""
    beside = seeds_beside(plans_path)
    shipped = DEFAULT_PLANS.parent / "seeds"
    return [seeds for seeds in (beside, shipped) if seeds is not None]


def load_presets(plans_path: str | Path) -> dict[str, dict[str, object]]:
    """The sample profiles (``seeds/profiles/*.json``, of the first of ``seeds_for`` that has any), known ones
    first."""
    found: list[Path] = []
    for seeds in seeds_for(plans_path):
        try:
            found = sorted((seeds / "profiles").glob("*.json"))
        except OSError:
            found = []
        if found:
            break
    presets: dict[str, dict[str, object]] = {}
    for path in found:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            Profile.model_validate(data)
        except (OSError, ValueError):
            continue
        presets[path.stem] = data
    known = [name for name in PRESET_ORDER if name in presets]
    return {name: presets[name] for name in (*known, *sorted(set(presets) - set(known)))}


HALF_HOUR = re.compile(r"(?:(?<![0-9.])([0-9]+)个半|(?<![0-9.个])半个?)(?=小时)")
"""Half an hour as it is said: "半小时" and "半个小时" (0.5 h), "1个半小时" (1.5 h, "an hour and a half"),
written as the hours they are, before the field's unit is read: the data helper's hours a day and minutes said in
hours (``IN_HOURS``: "2个半小时" is 150 minutes).  "1个半小时" and "半小时" in the helper's "小时 / 天" were
"请输入数字，例如 30" (found by typing what a Chinese speaker says of a day's video).  The page's script reads them
alike (``plain``)."""


def _half_hours(text: str) -> str:
    return HALF_HOUR.sub(lambda said: f"{said[1] or 0}.5", text)


def _normalise(text: str, money: bool = False, unit: re.Pattern[str] | None = None,
               meter: re.Pattern[str] | None = None) -> str:
    """Full-width digits to ASCII, spaces, the field's ``meter`` word before the number (``METER_BEFORE``), an
    estimate's word (``ABOUT``), real thousands separators ("1,500") and (for money) ¥ and 元, or the field's ``unit``
    after the number (``UNIT_AFTER``) dropped; any other comma stays, so "1,5" is not read as 15.  A Chinese full stop
    ends the text or is a decimal point (``typed.full_stops``); half an hour is 0.5 of one (``HALF_HOUR``)."""
    listed = re.sub(f"[{LISTING_COMMAS}]", "、", text)  # (kept apart from a thousands separator by NFKC)
    text = _half_hours(full_stops(unicodedata.normalize("NFKC", listed).replace(" ", "")))
    if meter is not None:  # (after half an hour is 0.5 of one: "通话半小时")
        text = meter.sub(r"\1", text)
    text = ABOUT.sub("", text)
    if money:
        text = without_yuan_marks(re.sub(rf"(?:{YUAN_BEFORE_MONTH})(?:{PER_MONTH})$", "", text,
                                         flags=re.IGNORECASE))
    if unit is not None:
        text = unit.sub("", text)
    return text.replace(",", "") if GROUPED_NUMBER.fullmatch(text) else text


def _read(typed: str, money: bool, name: str) -> str:
    """What ``typed`` in the field ``name`` says, as the number's text it reads (``_normalise``, with the field's unit
    dropped), in the field's own unit (``_in_field_unit``)."""
    return _in_field_unit(name, _normalise(typed, money, UNIT_AFTER.get(name), METER_BEFORE.get(name)))


MORE_THAN = re.compile(r"(?<=[0-9])(?:多|来|余|\+)|(?<=.)(?:以上|出头|\+)$")
""""More than" said with a number ("300多分钟", "三百来分钟", "20G以上", "300+"): not read (a guess: 300多 may be 350),
the error suggests the number said, for the person to write one (as a range's upper end, ``RANGE``)."""


def _one_number(typed: str, money: bool, name: str) -> tuple[str, str] | None:
    """The number to suggest for what ``typed`` holds, when the field reads it once written so: with its number in
    Chinese (``CHINESE_NUMBER``) in digits ("一个月三百分钟左右" → "300", "五十八块" → "58": ``error.number_digits``),
    or without a "more than" (``MORE_THAN``: "300多分钟", "三百来分钟" → "300": ``error.number_one``); None
    otherwise."""
    for candidate, chinese, more in _rewritten(typed):
        if (chinese or more) and PLAIN_NUMBER.fullmatch(plain := _read(candidate, money, name)):
            return ("error.number_one" if more else "error.number_digits"), plain
    return None


def _rewritten(typed: str) -> Iterator[tuple[str, bool, bool]]:
    """``typed`` as it is, and with a number in Chinese in digits, each with and without a "more than"
    (``MORE_THAN``): each text, whether a Chinese number was rewritten, and whether a "more than" was dropped."""
    rewritten = [(typed, False)] + [(typed[:said.start()] + str(value) + typed[said.end():], True)
                                    for said in CHINESE_NUMBER.finditer(typed)
                                    if (value := chinese_number(said[0])) is not None]
    for text, chinese in rewritten:
        yield text, chinese, False
        yield MORE_THAN.sub("", unicodedata.normalize("NFKC", text).replace(" ", "")), chinese, True


def _in_gb_said(typed: str, name: str) -> tuple[str, dict[str, str]] | None:
    """The error for data said in MB or TB (``_in_gb``), its number in Chinese or with a "more than" too ("一点五T",
    "1T以上", "五百兆": "请输入数字", found by typing a heavy and a light month's use as people say them)."""
    return next((found for text, _, _ in _rewritten(typed) if (found := _in_gb(_read(text, False, name)))), None)


def _decimal(form: FormData, name: str, high: Decimal, money: bool = False, required: bool = True,
             low: int = 0, whole: bool = False) -> Decimal | None:
    typed = form.get(name)
    raw = _read(typed, money, name)
    # (an example the field takes: "for example 30" was out of the hours a day's range, 0 to 24; localisation review)
    example = "30" if high >= 30 else "2" if whole else "1.5"
    if not raw and typed.strip():  # (only a mark the reading drops, "块" or "¥": no number, not a blank; review)
        form.error(name, "error.number", example=example)
        return None
    if not raw:
        if required:
            form.error(name, "error.required")
        return None
    if name in USAGE and _said_of(name, raw) in UNLIMITED:
        form.error(name, "error.usage_unlimited")
        return None
    if not PLAIN_NUMBER.fullmatch(raw):  # "1,5", "1e3", "1.2.3": not read as some other number
        # (a field of whole numbers is not told to write "1.5": QA)
        if LISTED_NUMBERS.fullmatch(raw):
            form.error(name, "error.number_list")
        elif said := RANGE.fullmatch(raw):
            form.error(name, "error.number_range", upper=said["upper"])
        elif name in GB_FIELDS and (in_gb := _in_gb_said(typed, name)) is not None:
            form.error(name, in_gb[0], **in_gb[1])
        elif (suggested := _one_number(typed, money, name)) is not None:
            form.error(name, suggested[0], digits=suggested[1])
        elif NUMBER_LIKE.fullmatch(raw):
            form.error(name, "error.number_format_whole" if whole else "error.number_format")
        else:
            form.error(name, "error.number", example=example)
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        form.error(name, "error.number", example=example)
        return None
    if not value.is_finite() or not low <= value <= high:
        form.error(name, "error.range", low=low, high=f"{high:,}")
        return None
    if money:
        try:
            yuan_to_fen(value)
        except ValueError:  # (a fraction of a fen: money's one rule, as the CLI's --budget)
            form.error(name, "error.fen")
            return None
    return value or Decimal(0)  # "-0" is 0


def _whole(form: FormData, name: str, high: int, low: int = 0) -> int | None:
    value = _decimal(form, name, Decimal(high), low=low, whole=True)
    if value is None:
        return None
    if value != value.to_integral_value():
        form.error(name, "error.whole")
        return None
    return int(value)


YEAR = re.compile(r"(?P<year>[12][0-9]{3})(?:年(?:出生|生)?)?")
"""A year of birth typed for an age ("1990", "1990年", "1990年出生"): not an age of 1990, which was said "Enter a
number from 0 to 120" (found by typing as people fill in a form that asks for age); the field says the age it means,
one of two by the birthday (in China's date, ``eligibility.home_today``)."""


def _about(form: FormData, operators: list[str], regions: set[str], memberships: set[str]) -> dict[str, object]:
    """What the person says of themselves (every part optional; a blank stays unknown)."""
    about: dict[str, object] = {}
    if form.get("age"):
        this_year = home_today().year
        said = YEAR.fullmatch(_read(form.get("age"), False, "age"))
        if said and this_year - MAX_AGE <= int(said["year"]) < this_year:  # (an age of 1 to 120 this year)
            born = int(said["year"])
            form.error("age", "error.age_year", year=born, younger=this_year - born - 1, older=this_year - born)
        else:
            about["age"] = _whole(form, "age", MAX_AGE)
    region = form.get("region")
    if region and region not in regions:
        form.error("region", "error.region")
    elif region:
        about["region"] = region
    customer = form.get("customer_of")
    if customer and customer not in operators:
        form.error("customer_of", "error.invalid")
    elif customer:
        about["customer_of"] = customer
    if any(m not in memberships for m in form.memberships):
        form.error("membership", "error.invalid")
    elif form.memberships and "no_membership" in form.checked:
        form.error("membership", "error.membership_none")
    elif form.memberships:
        about["memberships"] = sorted(set(form.memberships))
    elif "no_membership" in form.checked:  # "none of these": said, unlike no box ticked (unknown, as a blank field)
        about["memberships"] = []
    return about


def estimate_gb(video_hours: Decimal, social_hours: Decimal) -> int:
    """Monthly data for hours a day of video and of social apps (whole GB, rounded up)."""
    daily = video_hours * GB_PER_VIDEO_HOUR + social_hours * GB_PER_SOCIAL_HOUR
    return math.ceil(daily * DAYS_PER_MONTH)


def apply_estimate(form: FormData) -> bool:
    """The data helper: put the estimate into the data field; False (with errors) if the hours are bad."""
    hours = Decimal(24)
    video = _decimal(form, "video_hours", hours, required=False) or Decimal(0)
    social = _decimal(form, "social_hours", hours, required=False) or Decimal(0)
    if "video_hours" in form.errors or "social_hours" in form.errors:
        return False
    if video + social > hours:
        form.error("social_hours", "error.hours_total")
        return False
    if not video + social:  # nothing to estimate from: keep the data as typed
        form.error("video_hours", "error.estimate_hours")
        return False
    gb = estimate_gb(video, social)
    form.values["data_gb"] = str(gb)
    form.values["share_video"] = str(math.floor(video * GB_PER_VIDEO_HOUR * DAYS_PER_MONTH))
    form.values["share_social"] = str(math.floor(social * GB_PER_SOCIAL_HOUR * DAYS_PER_MONTH))
    form.notes["data_gb"] = ("estimate.done", {"gb": gb, "video": video, "social": social})
    return True


def estimate_unused(form: FormData) -> dict[str, object] | None:
    """The data helper's hours, when they estimate other than the data field says: what they estimate and what the
    answer is for (found by the screen-reader user's test: Enter in the helper, without the script, or "Find
    bundles" after the estimate shown while typing, priced the data field's 20 GB, the 69 GB announced dropped
    without a word).  None when they agree, are not given or are not hours (the form's own reading, on a copy)."""
    probe = FormData(values=dict(form.values))
    typed = _decimal(probe, "data_gb", MAX_GB, required=False)  # (read before the estimate puts its own there)
    if not any(probe.get(name).strip() for name in ("video_hours", "social_hours")) or not apply_estimate(probe):
        return None
    estimated = probe.notes["data_gb"][1]  # (the estimate's own reading of the hours: ``apply_estimate``)
    return None if typed is None or typed == estimated["gb"] else {**estimated, "typed": typed}


FILE_PROBLEMS = ("csv.column_twice", "csv.missing_columns", "csv.no_records", "csv.span")
"""The problems of an uploaded bill that are the whole file's: its header, no records, the months it spans."""


def read_csv(form: FormData, content: bytes, max_records: int = MAX_RECORDS) -> tuple[Record, ...] | None:
    """The records of an uploaded itemised bill, at most ``max_records`` (the server's upload limit, as the API's);
    None (with the error and the bad rows) when unusable."""
    text = csv_text(content)
    if text is None:
        form.error(CSV_FIELD, "error.csv_encoding")
        return None
    try:
        return parse_csv(text, max_records)
    except UsageCsvError as exc:
        if [p.code for p in exc.problems] == ["csv.too_many"]:  # the file, not a row: said of it (found by the
            # consumer test: "1 row of the file cannot be used … row 10002: more than 10000 records")
            form.error(CSV_FIELD, "error.csv_too_many", max=f"{max_records:,}")
            return None
        form.csv_problems = exc.shown()
        form.csv_more = len(exc.problems) - len(form.csv_problems)
        form.csv_file = len(exc.problems) == 1 and exc.problems[0].code in FILE_PROBLEMS
        if form.csv_file:  # (the file, not a row: "1 row of the file cannot be used. Row 1: missing column(s)"
            form.error(CSV_FIELD, "error.csv_file")  # of a header in Chinese, found by the bill-upload test)
        else:
            form.error(CSV_FIELD, "error.csv", count=len(exc.problems))
        return None


def _optional(form: FormData, name: str, high: int, low: int = 0) -> int | None:
    """A whole number that may be left blank (None), between ``low`` and ``high``."""
    if not form.get(name):
        return None
    return _whole(form, name, high, low)


def _usage(form: FormData, name: str) -> Decimal | int | None:
    """A month's usage (``USAGE``: GB a decimal, the others whole), the holder's or a household line's by one rule:
    data and minutes are required, a blank texts or roaming field is 0 (``BLANK_IS_ZERO``), and "none" (``NONE``)
    is 0 in any of them."""
    if (not form.get(name) and name in BLANK_IS_ZERO) or _said_of(name, form.get(name)) in NONE:
        return 0
    if name.endswith("data_gb"):
        return _decimal(form, name, MAX_GB)
    return _whole(form, name, MAX_COUNT)


EVERY_DAY = frozenset(_said(word) for word in ("每天", "天天", "每日", "全月", "整月", "every day", "everyday", "daily",
                                               "all month"))
"""What people type for "every day" in a speed's days (as ``_said`` holds it): the placeholder's own word ("每天",
"every day") was "请输入数字" (persona QA); read as the blank it stands for."""


def _speed_days(form: FormData, name: str) -> int | None:
    """The days a month a speed is needed (None: every day, a blank or ``EVERY_DAY``)."""
    return None if _said(form.get(name)) in EVERY_DAY else _optional(form, name, MAX_DAYS, 1)


def _needs(form: FormData) -> dict[str, object]:
    """The hard needs: speeds (and on how many days), satellite, broadband (and its speed), one trip abroad (read
    in the page's order, as the error summary lists them: found by the accessibility QA)."""
    needs: dict[str, object] = {
        "min_uplink_mbps": _whole(form, "uplink", MAX_MBPS), "min_downlink_mbps": _whole(form, "downlink", MAX_MBPS),
        "uplink_days": _speed_days(form, "uplink_days"), "downlink_days": _speed_days(form, "downlink_days"),
        "satellite": "satellite" in form.checked, "broadband": "broadband" in form.checked,
        "broadband_mbps": _optional(form, "broadband_mbps", MAX_MBPS) or 0,
        "satellite_minutes": _optional(form, "satellite_minutes", MAX_COUNT) or 0,
        "satellite_sms": _optional(form, "satellite_sms", MAX_COUNT) or 0}
    for days, speed in SPEED_OF_DAYS.items():
        if needs[days] is not None and needs[speed] == 0:  # (the profile refuses days of no speed: said here at
            # the days, in the page's words, not as the API's field names under "Mobile data")
            form.error(days, f"error.days_without_speed.{days.removesuffix('_days')}")
    trip: dict[str, object] = {"data_gb": _usage(form, "roaming_data_gb"),
                               "voice_minutes": _usage(form, "roaming_minutes")}
    zone = form.get("roaming_zone")  # (after the trip's data and minutes, as on the page: found in review)
    if zone and zone not in ZONES:
        form.error("roaming_zone", "error.invalid")
    needs["roaming"] = {**trip, "zone": zone if zone in ZONES else None,
                        "days": _optional(form, "roaming_days", MAX_DAYS, 1)}
    return needs


def _share(form: FormData, data_gb: Decimal | int | None) -> dict[str, Decimal]:
    """The app share (GB of the month's data in video and social apps), at most the data in all."""
    share = {app: value for name, app in SHARE_FIELDS.items()
             if (value := _decimal(form, name, MAX_GB, required=False)) is not None and value > 0}
    if data_gb is not None and sum(share.values(), Decimal(0)) > data_gb:
        form.error("share_video", "error.share", gb=data_gb)
    return share


MAX_NAME_CHARS = 64
"""The most characters of a household line's name (``LineUsage.name``'s)."""


def _lines(form: FormData) -> list[dict[str, object]]:
    """The household's extra lines (errors keyed ``line_<field>.<i>``); more than a household may have is an error
    on the first line too many (the page shows every line sent, for the person to choose which to remove)."""
    out: list[dict[str, object]] = []
    if len(form.lines) > MAX_LINES - 1:
        form.errors[f"line_name.{MAX_LINES}"] = ("error.too_many_lines", {"max": MAX_LINES - 1})
    for i, row in enumerate(form.lines, 1):
        name = row.get("name", "").strip()  # (spaces alone are no name: "成员1（  ）的副卡月费", the family's test)
        if len(name) > MAX_NAME_CHARS:  # (a longer one was cut at 64 without a word; the API refuses it)
            form.errors[f"line_name.{i}"] = ("error.name_too_long", {"max": MAX_NAME_CHARS})
        line: dict[str, object] = {"name": name[:MAX_NAME_CHARS] or None}
        for key in ("data_gb", "voice_minutes", "sms"):
            sub = FormData(values={key: row.get(key, "")})
            line[key] = _usage(sub, key)
            if key in sub.errors:
                form.errors[f"line_{key}.{i}"] = sub.errors[key]
        out.append(line)
    return out


def _current(form: FormData, plan_ids: Iterable[str]) -> dict[str, object] | None:
    """What the person has now: a monthly bill or a plan of the catalogue (not both)."""
    bill = _decimal(form, "current_bill", MAX_YUAN, money=True, required=False)
    plan = form.get("current_plan")
    if plan and plan not in set(plan_ids):
        form.error("current_plan", "error.plan")
    elif plan and bill is not None:
        form.error("current_plan", "error.one_current")
    if bill is not None:
        return {"monthly_bill_fen": yuan_to_fen(bill)}
    return {"plan_id": plan} if plan else None


def to_profile(form: FormData, plan_ids: Iterable[str], operator_ids: Iterable[str],
               records: tuple[Record, ...] | None = None, from_csv: bool = False,
               regions: Iterable[str] = (), memberships: Iterable[str] = ()) -> Profile | None:
    """Check every field; the ``Profile`` when all are right, else None with ``form.errors`` filled in.

    ``operator_ids`` are the catalogue's operators: ticking all of them means no operator filter.
    With ``records`` (an uploaded bill) the usage is theirs: the monthly usage fields are not read
    (nor when ``from_csv``: a bill was sent but could not be read, and its errors are already set).
    """
    offered = list(operator_ids)
    if records is None and not from_csv:
        data_gb = _usage(form, "data_gb")
        voice = _usage(form, "voice_minutes")
        sms = _usage(form, "sms")
        share = _share(form, data_gb)
        lines = _lines(form)
    needs = _needs(form)  # (the fields read in the page's order: the error summary lists them so)
    ticked = offered if form.operators is None else form.operators
    operators = [op for op in offered if op in ticked]
    if not operators:
        form.error("operator", "error.operator")
    about = _about(form, offered, set(regions), set(memberships))
    current = _current(form, plan_ids)
    budget = None if _said(form.get("budget")) in NO_BUDGET else _decimal(form, "budget", MAX_YUAN, money=True,
                                                                          required=False)
    if form.errors:
        return None
    usage: dict[str, object] = {"records": records} if records is not None else {
        "data_gb": data_gb, "voice_minutes": voice, "sms": sms, "app_share": share}
    if records is None and lines:  # a household: the holder's usage is the first line
        usage = {"lines": [{**usage, "name": None}, *lines]}
    data = {
        **usage,
        "needs": needs,
        "benefits": sorted(set(form.benefits)),
        "operators": None if len(operators) == len(offered) else operators,
        "current": current,
        "budget_fen": yuan_to_fen(budget) if budget is not None else None,
        "allow_throttling": "throttling" in form.checked,
        "about": about,
        "eligibility": "strict" if "strict" in form.checked else "lenient",
    }
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        fields = {"benefits": "benefit", "operators": "operator", "budget_fen": "budget", "current": "current_bill",
                  "records": CSV_FIELD, "app_share": "share_video", "lines": "data_gb"}
        for loc, reason in field_locs(exc):  # (the reason a code: ``translate`` words it in the page's language)
            name = str(loc[0]) if loc else "data_gb"
            form.error(fields.get(name, name if name in TEXT_FIELDS else "data_gb"), "error.reason", reason=reason)
        return None


DROPPED_NEEDS: dict[str, dict[str, str | None]] = {
    "uplink": {"uplink": "0", "uplink_days": ""}, "downlink": {"downlink": "0", "downlink_days": ""},
    "satellite": {"satellite": None, "satellite_minutes": "", "satellite_sms": ""},
    "roaming": {"roaming_data_gb": "0", "roaming_minutes": "0", "roaming_zone": "", "roaming_days": ""},
    "broadband": {"broadband": None, "broadband_mbps": ""}}
"""A need dropped (``drop_need``'s ``need_name``) as the form's fields say it (None: the box unticked)."""
LOWERED_SPEED_FIELDS = {"uplink": "uplink", "downlink": "downlink", "broadband": "broadband_mbps"}
"""A speed lowered (``lower_speed``'s ``direction``) and its field, in Mbps."""
LOWERED_METER_FIELDS = {"satellite_voice_s": ("satellite_minutes", 60), "satellite_sms": ("satellite_sms", 1)}
"""An amount lowered (``lower_need``'s ``meter``), its field and the meter's units in one of the field's."""


Change = dict[str, str | list[str] | None]
"""Form fields and their new values (a list: a repeated field; None: a box unticked)."""


def _change(code: str, params: Mapping[str, Any], operator_ids: Iterable[str]) -> Change | None:
    """The form's fields a suggestion changes, or None when the form cannot say it (a required benefit: the form's
    benefits are wished, never required)."""
    change: Change = {}
    base = code
    if code == "raise_budget" or code.endswith("_raise_budget"):  # (the budget raised, with or without another change)
        change["budget"] = yuan_as_typed(int(params["amount_fen"]))
        base = code.removesuffix("raise_budget").removesuffix("_")
    if base == "drop_need" and params.get("need_name") in DROPPED_NEEDS:
        change.update(DROPPED_NEEDS[params["need_name"]])
    elif base in ("lower_speed", "lower_need"):
        if (lowered := _lowered_field(base, params)) is None:
            return None
        change.update(lowered)
    elif base == "lower_needs":
        for part in params.get("changes", ()):
            if (lowered := _lowered_field(str(part["code"]).removesuffix(".change"), part["params"])) is None:
                return None
            change.update(lowered)
    elif base == "allow_operators":
        change["operator"] = list(operator_ids)
    elif base == "not_strict":
        change["strict"] = None
    elif base:
        return None
    return change


def _lowered_field(code: str, params: Mapping[str, Any]) -> Change | None:
    if code == "lower_speed" and params.get("direction") in LOWERED_SPEED_FIELDS:
        return {LOWERED_SPEED_FIELDS[params["direction"]]: str(params["have"])}
    if code == "lower_need" and params.get("meter") in LOWERED_METER_FIELDS:
        name, unit = LOWERED_METER_FIELDS[params["meter"]]
        return {name: str(int(params["have"]) // unit)}
    return None


def with_suggestion(answers: Iterable[tuple[str, str]], code: str, params: Mapping[str, Any],
                    operator_ids: Iterable[str]) -> list[tuple[str, str]] | None:
    """The form's answers (as sent: name, value pairs) with a nothing-fits suggestion made
    (``answer.suggestions.suggestions_for``:
    "raise the budget to ¥331.90", "drop the uplink need", "lower the uplink need to 200 Mbps", "allow every
    operator" …), for the page to link it (persona QA: a heavy user told three changes had to find and make each by
    hand in the form); None when the form cannot say it."""
    change = _change(code, params, operator_ids)
    if change is None:
        return None
    kept = [(name, value) for name, value in answers if name not in change]
    for name, value in change.items():
        if isinstance(value, list):
            kept += [(name, v) for v in value]
        elif value is not None:
            kept.append((name, value))
    return kept
