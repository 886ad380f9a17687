"""The plan-file format: what a product team writes in ``plans/*.yaml``.

These pydantic models are the schema of the files (and the source of the JSON Schema that
editors use for autocompletion).  Every figure carries its provenance: ``seed:<fact id>`` for a
fact recorded in ``seeds/facts.yaml``, or ``assumption: <short reason>``.  Money is written in
yuan and must be a whole number of fen; data in GB must be a whole number of MB.
"""

import datetime
import difflib
import itertools
import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from ..money import yuan_to_fen
from ..profile import APP_CATEGORIES, ZONES
from .currencies import ISO_4217, NOT_ISO_CURRENCIES, currency_problem
from .problem import Said
from .regions import COUNTRIES, REGION_PATTERN

Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,62}$", description="lower-case id")]
OperatorId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,62}$",
                                  description="an operator id, declared by the operator's own file")]
CURRENCY_PATTERN = r"^[A-Z]{3}$"
CurrencyCode = Annotated[str, Field(pattern=CURRENCY_PATTERN, description="ISO 4217 code, e.g. CNY, USD")]
RegionCode = Annotated[str, Field(pattern=REGION_PATTERN, description="ISO 3166-2 code, e.g. CN-HE, CN-CQ, CN-SH")]
FACT_ID = r"[a-z0-9][a-z0-9-]*"
"""A fact's id in ``seeds/facts.yaml``, as a source cites it (``seed:<fact id>``)."""
SOURCE_PATTERN = rf"^(seed:{FACT_ID}|assumption: \S.*)$"
Source = Annotated[
    str,
    Field(
        pattern=SOURCE_PATTERN,
        description="provenance: 'seed:<fact id>' or 'assumption: <reason>'",
    ),
]
MAX_FIGURE = Decimal(10) ** 7


def _whole(value: object) -> object:
    """A count written in the file is a number: YAML reads yes, no, on and off as true/false, which
    pydantic would take as 1 and 0 (``max_count: yes`` loaded as one pack, ``age: {min: on}`` as 1).  Its digits may
    be an input method's (``max_count: ３``), read as a figure's are (Python's Decimal) and the CLI and the form read
    them: one rule for a number's digits (the review helper; c82f345 told ``３`` to be written in plain digits)."""
    if isinstance(value, bool):
        raise Said("problem.whole_not_bool")
    if isinstance(value, str) and (digits := value.strip()).isdecimal() and len(digits) <= 18:  # (longer: refused
        return int(digits)  # as any text, no int() of 5,000 digits)
    return value


WholeNumber = Annotated[int, BeforeValidator(_whole)]
Flag = Annotated[bool, Strict()]
"""true or false as YAML writes them (yes/no and on/off too): not 1, 0, 2 or the text "true"."""
Age = Annotated[int, Field(ge=0, le=120), BeforeValidator(_whole)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


NUMBER_TEXT_PATTERN = r"^\s*\+?(?:\d+(?:_\d+)*(?:\.(?:\d+(?:_\d+)*)?)?|\.\d+(?:_\d+)*)(?:[eE][+-]?\d+)?\s*$"
"""A figure's value written as text that validate reads as a number, 0 or more (Python's ``Decimal``: ``"59"``,
``" 59 "``, ``"1_000"``, ``".5"``, ``"5e1"``; ``\\d`` is any script's digit in Python, ASCII's in an editor's
JavaScript)."""


def _figure_value_schema(schema: dict[str, Any], model: type[BaseModel]) -> None:
    """A figure's ``value`` in the JSON Schema as validate takes it (found by the product-analyst review: pydantic
    writes a Decimal as a number or *any* text, so an editor took ``value: lots``, ``value: 30GB`` and, on a fee,
    ``value: unlimited``, each of which validate refuses): text only as a number (``NUMBER_TEXT_PATTERN``), and
    ``unlimited`` only on an allowance (``not_unlimited`` None); a ``Count``'s number whole (100.5 minutes)."""
    value = schema.get("properties", {}).get("value", {})
    branches = value.get("anyOf")
    if not isinstance(branches, list):
        return
    kept = []
    for branch in branches:
        if branch.get("const") == "unlimited":
            if getattr(model, "not_unlimited", None) is None:
                kept.append(branch)
        elif branch == {"type": "string"}:
            kept.append({"type": "string", "pattern": NUMBER_TEXT_PATTERN})
        elif branch.get("type") == "number" and issubclass(model, Count):
            kept.append({**branch, "multipleOf": 1})
        else:
            kept.append(branch)
    value["anyOf"] = kept


class Figure(_Strict):
    """A number with the place it came from."""

    model_config = ConfigDict(json_schema_extra=_figure_value_schema)

    value: Annotated[Decimal, Field(ge=0, le=MAX_FIGURE)] | Literal["unlimited"]
    source: Source
    note: str | None = Field(default=None, description="e.g. where the source contradicts itself")
    not_unlimited: ClassVar[str | None] = "problem.not_unlimited"
    """Why this kind of figure cannot be 'unlimited', as a code (None: an allowance, which can)."""

    @field_validator("value", mode="before")
    @classmethod
    def _no_bool(cls, value: object) -> object:
        if isinstance(value, bool):
            raise Said("problem.number_not_bool")
        if value is None:  # ('value: ,': one problem, not one per member of the union; found by the plan-files helper)
            raise Said("problem.value_empty", key="value")
        unlimited = value == "unlimited" or isinstance(value, str) and value.strip().casefold() in UNLIMITED_WORDS
        if unlimited and cls.not_unlimited:
            raise Said(cls.not_unlimited)
        if unlimited and value != "unlimited":  # ('不限量', 'Unlimited': pydantic's "Input should be a valid decimal or
            raise Said("problem.unlimited_word", value=value)  # 'unlimited'"; found by the plan-files helper)
        return _plain_number(value, money=cls in (Figure, Yuan))


UNLIMITED_WORDS = frozenset({"unlimited", "no limit", "infinite", "infinity", "inf", "∞", "无限", "无限量", "不限",
                             "不限量", "无限制", "不限制", "无上限", "无限流量", "不限流量"})
"""What people write for an allowance without a limit, in a figure that says it ``unlimited`` (any case)."""


_LEADING_NUMBER = re.compile(r"\s*(?:[¥￥$€£]\s*)?(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)")
"""A number at the start of a value, its thousands separated by commas or not ('2,000 min', '¥21.9').  The spaces
after a currency sign go with the sign (found by the security QA: an optional sign between two runs of spaces tried
every split of a value's leading spaces, quadratic: a quoted value of 20,000 spaces took 15 s to refuse)."""
_DECIMAL_COMMA = re.compile(r"\s*\d+,\d{1,2}\s*")
"""A decimal comma ('21,9', as much of the world writes it): not a thousands separator, which groups three."""
_COUNTING_UNITS = {"万": 10_000, "千": 1_000}
"""The Chinese words for ten thousand and a thousand written after a number ('1.5万分钟' is 15,000 minutes; but '3千兆'
is 3 Gbps, its unit, converted by the loader as a unit)."""
_POINTED = re.compile(r"\s*\d+[\u3002\uff0e]\d+\s*")
"""A number whose decimals follow a point an input method writes for '.' (an ideographic full stop, 。, or a full-width
one, ．): '21。9'.  Not '59。', a sentence's full stop after the number (a unit's place: 'without its unit')."""


def counted(number: str, rest: str) -> tuple[str, str]:
    """The number a figure's digits and what follows them mean, and what is left after it: ``('1', '万分钟')`` is
    ``('10000', '分钟')`` (found by the plan-files helper: '1万', '2千' were told to write 1 and 2); '3千兆' is 3 of
    its unit (Gbps)."""
    times = None if rest.lower().startswith("千兆") else _COUNTING_UNITS.get(rest[:1])
    if times is None:
        return number, rest
    return f"{(Decimal(number) * times).normalize():f}", rest[1:].strip()


def _plain_number(value: object, *, money: bool) -> object:
    """A figure's value as people write it, before pydantic's own check: a unit or currency sign is named
    and the number suggested ('30GB'); money is not told it could be 'unlimited'."""
    amount = value  # (a number written as text, '1e400' (YAML reads no float without a point), checked as one)
    if isinstance(value, str) and value != "unlimited":
        try:
            if not (amount := Decimal(value)).is_finite():
                raise Said("problem.not_finite", value=value)
        except InvalidOperation:
            number = _LEADING_NUMBER.match(value)
            rest = value[number.end():].strip() if number else ""
            if _DECIMAL_COMMA.fullmatch(value):
                raise Said("problem.decimal_comma", value=value, fixed=value.strip().replace(",", ".")) from None
            if _POINTED.fullmatch(value):  # ('0。15': found by the plan-files helper)
                fixed = value.strip().replace("\u3002", ".").replace("\uff0e", ".")
                raise Said("problem.decimal_comma", value=value, fixed=fixed) from None
            if number and not re.search(r"[\d.,]", rest):  # what follows is a unit or a word, not more digits
                written = number.group(1)
                if rest.startswith(("%", "％")):  # (found by the plan-files helper: '80%' was told to write 80)
                    raise Said("problem.percentage", value=value) from None
                plain, rest = counted(written.replace(",", ""), rest)
                extra = "separator" if "," in written else "unit"  # (what the figure holds beside its number: the
                # code ``load.number_written`` words; ``how``, pydantic's English message)
                how = {"separator": "without its thousands separator", "unit": "alone, without its unit"}[extra]
                # (a custom error: the plan file's loader, which knows the field and so its unit, converts a
                # number written in another unit: '10240MB' in a field of GB is 10, not 10240)
                raise PydanticCustomError(
                    "figure_unit", "'{value}' is not a number: write the number {how} (value: {number})",
                    {"value": value, "how": how, "extra": extra, "number": plain, "unit": rest}) from None
            if money:
                raise Said("problem.not_number", value=value) from None
    if isinstance(amount, int | float | Decimal) and amount < 0:  # (every figure: pydantic's words for an allowance
        # joined "or 'unlimited'" to "greater than or equal to 0": plan-file QA)
        raise Said("problem.below_zero.money" if money else "problem.below_zero", value=str(value))
    if money and isinstance(amount, int | float | Decimal) and amount > MAX_FIGURE:  # ('1e400' too: "… or 'unlimited'"
        raise Said("problem.above", value=str(value), most=str(MAX_FIGURE))  # of a fee, found by the fuzzing test)
    return value


class Yuan(Figure):
    """An amount in yuan, exact to the fen."""

    @field_validator("value")
    @classmethod
    def _whole_fen(cls, value: Decimal) -> Decimal:
        if not isinstance(value, Decimal):
            raise Said("problem.money_not_number")
        try:
            yuan_to_fen(value)  # the one yuan → fen rule: raises unless a whole number of fen
        except ValueError as exc:
            said = Said("problem.not_whole_fen", value=str(value))
            raise said if str(said) == str(exc) else exc from None
        return value


class Gigabytes(Figure):
    """A data volume in GB (1 GB = 1024 MB), exact to the MB."""

    not_unlimited: ClassVar[str | None] = None

    # Exact under the file's own mb_per_gb, checked on load where it is known (load._gigabytes);
    # here: a whole number of MB under 1000 or 1024 MB per GB.

    @field_validator("value")
    @classmethod
    def _whole_mb(cls, value: Decimal | str) -> Decimal | str:
        if isinstance(value, Decimal) and not any(whole_mb(value, mb) for mb in (1000, 1024)):
            raise Said("problem.not_whole_mb", value=str(value))
        return value


def whole_mb(gb: Decimal, mb_per_gb: int) -> bool:
    """Whether ``gb`` GB is a whole number of MB when a GB is ``mb_per_gb`` MB."""
    return gb * mb_per_gb == (gb * mb_per_gb).to_integral_value()


class Count(Figure):
    """A whole number: minutes, messages."""

    not_unlimited: ClassVar[str | None] = None

    @field_validator("value")
    @classmethod
    def _whole(cls, value: Decimal | str) -> Decimal | str:
        if isinstance(value, Decimal) and value != value.to_integral_value():
            raise Said("problem.not_whole", value=str(value))
        return value


class Speed(Count):
    """A speed: a whole number of Mbps (kbps for a throttle), never 'unlimited' (it is no allowance)."""

    value: Annotated[Decimal, Field(ge=0, le=MAX_FIGURE)]
    not_unlimited = "problem.not_unlimited.speed"


Zone = Literal["hk-mo-tw", "asia", "europe", "americas", "other"]
AppCategory = Literal["video", "social", "music", "games", "reading", "navigation", "cloud", "shopping"]
assert set(Zone.__args__) == set(ZONES) and set(AppCategory.__args__) == set(APP_CATEGORIES)  # type: ignore[attr-defined]  # Literal's members, checked against the profile's lists


def _once(values: tuple[str, ...] | None) -> tuple[str, ...] | None:
    """A list says each item once: a repeat is a slip (``shared: [data, data]``), never a weight."""
    items = values or ()
    for i, value in enumerate(items):
        if value in items[:i]:
            raise Said("problem.listed_twice", value=value)
    return values


class Benefits(_Strict):
    """Benefits with where they come from, as a figure is written (``{value: [cloud-drive, ...], source: ...}``);
    a plain list of ids is valid too, and ``validate`` notes that it says no source."""

    value: tuple[Id, ...] = Field(min_length=1, description="benefit ids", json_schema_extra={"uniqueItems": True})
    source: Source
    note: str | None = None

    _once = field_validator("value")(_once)


BenefitList = Annotated[Benefits | Annotated[tuple[Id, ...], Field(json_schema_extra={"uniqueItems": True})], Field(
    description="benefit ids, or {value: [ids], source} saying where they come from")]


def _benefits_once(benefits: Benefits | tuple[str, ...]) -> Benefits | tuple[str, ...]:
    return benefits if isinstance(benefits, Benefits) else _once(benefits) or ()  # (the mapping's are checked)


def benefit_ids(benefits: Benefits | tuple[str, ...]) -> tuple[str, ...]:
    """The ids of a plan's or pack's ``benefits``, in either form."""
    return benefits.value if isinstance(benefits, Benefits) else benefits


class SoldPerLine(_Strict):
    """A pack's ``per_line`` with where it comes from, as a figure is written (``{value: true, source: ...}``); a
    plain ``true`` or ``false`` is valid too."""

    value: Flag
    source: Source
    note: str | None = None


PerLineFlag = Annotated[Flag | SoldPerLine, Field(
    description="sold per SIM: in a household, its speed serves only the line it is bought for (one unit a line, or "
                "a line's days for a per-day pack; max_count is each line's); a speed pack only. true/false, or "
                "{value, source} saying where it comes from")]


def flag_value(flag: bool | SoldPerLine) -> bool:
    """A ``per_line`` in either form."""
    return flag.value if isinstance(flag, SoldPerLine) else flag


class AppData(_Strict):
    """Data that counts only for some app categories (定向流量), used before general data."""

    apps: tuple[AppCategory, ...] = Field(min_length=1)
    gb: Gigabytes

    _once = field_validator("apps")(_once)


class DayPass(_Strict):
    """A roaming day pass: bought for each day of a trip, with its own daily allowance."""

    price: Yuan = Field(description="per day")
    data_gb: Gigabytes = Field(description="data per day at full speed")
    voice_minutes: Count = Field(description="minutes per day")
    zones: tuple[Zone, ...] | None = Field(default=None, description="where it is sold (default: every zone)")

    _once = field_validator("zones")(_once)


class ZoneRates(_Strict):
    """What roaming beyond the allowance costs in one zone (absent: not possible there)."""

    data_per_gb: Yuan | None = None
    voice_per_minute: Yuan | None = None


class Roaming(_Strict):
    """International and Hong Kong/Macau/Taiwan allowance included each month, day passes and rates."""

    data_gb: Gigabytes
    voice_minutes: Count
    day_pass: DayPass | None = None
    zones: dict[Zone, ZoneRates] = Field(default_factory=dict, description="rates beyond the allowance by zone")


class Satellite(_Strict):
    """Direct-to-phone satellite service included each month, and what more of it costs."""

    minutes: Count
    sms: Count
    voice_per_minute: Yuan | None = Field(default=None, description="beyond the minutes (absent: not possible)")
    sms_each: Yuan | None = Field(default=None, description="beyond the messages (absent: not possible)")


class Tier(_Strict):
    """Overage up to ``up_to_gb`` GB beyond the allowance (cumulative; the last may be open) at ``per_gb``."""

    up_to_gb: Gigabytes | None = Field(default=None, description="GB over the allowance this tier ends at (whole GB)")
    per_gb: Yuan

    @field_validator("up_to_gb")
    @classmethod
    def _whole_gb(cls, value: Gigabytes | None) -> Gigabytes | None:
        if value is not None and (not isinstance(value.value, Decimal) or value.value != int(value.value)):
            raise Said("problem.tier_whole_gb")
        return value


class Overage(_Strict):
    """What usage beyond the allowance costs: a charge per started unit (flat or in tiers, perhaps
    capped), throttling, or a charged full-speed stretch and then throttling (达量限速)."""

    data_per_gb: Yuan | None = Field(default=None, description="yuan per started GB over the cap")
    data: tuple[Tier, ...] | None = Field(default=None, min_length=1,
                                         description="data overage in tiers, instead of data_per_gb")
    cap: Yuan | None = Field(default=None, description="data overage never costs more than this a month (封顶)")
    full_speed_extra_gb: Gigabytes | None = Field(
        default=None, description="GB beyond the allowance at full speed (charged at the data rate, if any); "
                                  "then throttled to throttle_kbps")
    throttle_kbps: Speed | None = Field(
        default=None, description="speed after the cap when the plan throttles instead of charging"
    )
    voice_per_minute: Yuan
    sms_each: Yuan

    @field_validator("full_speed_extra_gb")
    @classmethod
    def _whole_gb(cls, value: Gigabytes | None) -> Gigabytes | None:
        if value is not None and isinstance(value.value, Decimal) and value.value != int(value.value):
            raise Said("problem.full_speed_whole_gb")
        return value

    @model_validator(mode="after")
    def _one_data_rule(self) -> "Overage":
        if self.data_per_gb is not None and self.data is not None:
            raise Said("problem.rate_and_tiers")
        charged = self.data_per_gb is not None or self.data is not None
        if self.full_speed_extra_gb is not None:
            if self.throttle_kbps is None:
                raise Said("problem.full_speed_needs_throttle")
        elif charged == (self.throttle_kbps is not None):
            raise Said("problem.rate_or_throttle")
        if self.cap is not None and not charged:
            raise Said("problem.cap_needs_rate")
        if self.data is not None:  # (each said at the tier it is about: found by the user test, at ``overage``)
            if (open_at := next((i for i, t in enumerate(self.data[:-1]) if t.up_to_gb is None), None)) is not None:
                raise Said("problem.tier_open", at=("data", open_at))
            if self.data[-1].up_to_gb is not None:
                raise Said("problem.tier_open", at=("data", len(self.data) - 1, "up_to_gb"))
            ends = [t.up_to_gb.value if t.up_to_gb is not None and isinstance(t.up_to_gb.value, Decimal) else None
                    for t in self.data[:-1]]
            if (over := next((i for i, (a, b) in enumerate(itertools.pairwise(ends), 1)
                              if a is None or b is None or b <= a), None)) is not None:
                raise Said("problem.tiers_overlap", at=("data", over if ends[over - 1] is not None else over - 1,
                                                        "up_to_gb"))
            if ends and ends[0] is not None and ends[0] <= 0:
                raise Said("problem.tier_above_zero", at=("data", 0, "up_to_gb"))
        return self


class Billing(_Strict):
    """How usage is measured before allowances and overage apply (defaults: common Chinese practice)."""

    voice: Literal["per_minute", "per_6_seconds", "per_second"] = Field(
        default="per_minute", description="each call is rounded up to this block")
    data_rounding: Literal["per_session", "per_month"] = Field(
        default="per_month", description="where data is rounded up to data_unit_mb")
    data_unit_mb: Annotated[Literal[1, 1000, 1024], BeforeValidator(_whole)] = Field(
        default=1, description="data is billed in whole units of this many MB")
    mb_per_gb: Annotated[Literal[1000, 1024], BeforeValidator(_whole)] = Field(
        default=1024, description="what a GB in this file means")
    source: Source = "assumption: per-minute calls and per-MB data, as Chinese operators commonly bill"


class Promotion(_Strict):
    """A discounted base fee for the first months of a contract."""

    first_months: WholeNumber = Field(ge=1, le=120)
    monthly_fee: Yuan


class Terms(_Strict):
    """Contract terms: they change what a plan really costs over time, not the bundle chosen."""

    promotions: tuple[Promotion, ...] = ()
    one_off_fee: Yuan | None = Field(default=None, description="paid once, at the start")
    minimum_term_months: WholeNumber = Field(default=0, ge=0, le=120,
                                             description="base fees are owed for at least this long")
    minimum_monthly_spend: Yuan | None = Field(
        default=None, description="a floor on the monthly bill (not an extra charge)")

    @field_validator("promotions")
    @classmethod
    def _each_applies(cls, promotions: tuple[Promotion, ...]) -> tuple[Promotion, ...]:
        """A month pays the first promotion listed that covers it: one listed after a promotion as long or
        longer never applies (a 6-month offer after a 12-month one), which is a mistake, not a choice."""
        for i, later in enumerate(promotions):
            for j, earlier in enumerate(promotions[:i]):
                if earlier.first_months == later.first_months:
                    raise Said("problem.promotion_same", number=i + 1, earlier=j + 1, first=later.first_months)
                if earlier.first_months > later.first_months:
                    raise Said("problem.promotion_shadowed", number=i + 1, first=later.first_months, earlier=j + 1,
                               earlier_first=earlier.first_months)
        return promotions


class AgeRange(_Strict):
    min: Age | None = None
    max: Age | None = None

    @model_validator(mode="after")
    def _ordered(self) -> "AgeRange":
        if self.min is not None and self.max is not None and self.min > self.max:
            raise Said("problem.age_range", low=self.min, high=self.max)
        if self.min is None and self.max is None:
            raise Said("problem.age_empty")
        return self


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATE_LIKE = re.compile(r"(\d{4})\s*(?:[-/.年]\s*)?(\d{1,2})\s*(?:[-/.月]\s*)?(\d{1,2})\s*日?(?:[ T].*)?")
"""(Each separator with the spaces after it: an optional separator between two runs of spaces tried every split of
the spaces, quadratic in their length; found by the security QA, a date of 20,000 spaces took 14 s to refuse.)"""
MAX_DATE_LIKE = 100
"""Longer text is read as no date at all (its time part, ``.*`` after optional spaces, is quadratic still in a run of
spaces followed by a line break: 20,000 of them took 4.5 s)."""


def _iso_date(value: object) -> object:
    """A date as plan files write it, ``"YYYY-MM-DD"`` (a ``datetime.date`` as itself); anything else is told how
    to write it, with the date it most likely means when year, month and day come in that order.  Found by QA:
    pydantic's words reached the file's editor ("invalid date separator, expected `-`", "input is too short"),
    and "20261201" was read as a Unix timestamp ("Datetimes provided to dates should have zero time")."""
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    written = value if isinstance(value, str) else repr(value)
    if isinstance(value, str) and _DATE.fullmatch(value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            raise PydanticCustomError(
                "date_value", "'{written}' is not a day of the calendar (month 1-12, a day the month has): write it "
                '"YYYY-MM-DD", e.g. "2026-12-01"', {"written": written}) from None
    if isinstance(value, str) and len(value) <= MAX_DATE_LIKE and (like := _DATE_LIKE.fullmatch(value.strip())):
        try:
            meant = datetime.date(*(int(part) for part in like.groups()))
        except ValueError:
            pass
        else:
            raise PydanticCustomError("date_format", "'{written}' is not a date: write it \"YYYY-MM-DD\", here "
                                      '"{meant}"', {"written": written, "meant": meant.isoformat()})
    raise PydanticCustomError("date_format", "'{written}' is not a date: write it \"YYYY-MM-DD\" (year, month, day), "
                              'e.g. "2026-12-01"', {"written": written})


Day = Annotated[datetime.date, BeforeValidator(_iso_date)]
"""A day, written ``"YYYY-MM-DD"`` (quoted: the loader takes no YAML timestamps)."""


class Eligibility(_Strict):
    """Who may buy a plan or a pack: every part optional, all given parts must hold."""

    customers: Literal["new", "existing", "any"] = Field(
        default="any", description="new customers only, existing customers only, or anyone")
    existing_of: tuple[OperatorId, ...] = Field(
        default=(), description="with customers: existing, whose customers (default: the file's operator)")
    age: AgeRange | None = None
    regions: tuple[RegionCode, ...] = Field(default=(), description="sold only in these ISO 3166-2 regions")
    members_of: tuple[Id, ...] = Field(
        default=(), description="only for members of one of these memberships (declared in an operator file)")
    groups: tuple[Id, ...] = Field(default=(), description="only for people in one of these groups, e.g. students")
    available_from: Day | None = None
    available_until: Day | None = None
    holders_only: bool = Field(
        default=False, strict=True,
        description="a plan no longer sold: only the people on it now keep it (met when the current plan is this "
                    "plan, not met when it is another); plans only")
    source: Source = Field(description="provenance of the conditions")
    text: str | None = Field(default=None, description="the operator's own wording")

    @model_validator(mode="after")
    def _consistent(self) -> "Eligibility":
        if self.existing_of and self.customers != "existing":
            raise Said("problem.existing_of_needs")
        if self.available_from and self.available_until and self.available_from > self.available_until:
            raise Said("problem.available_order", start=self.available_from.isoformat(),
                       end=self.available_until.isoformat())
        return self

    _once = field_validator("existing_of", "regions", "members_of", "groups")(_once)


class PerLine(_Strict):
    """What each extra line brings: to the shared pool for shared resources, its own otherwise."""

    data_gb: Gigabytes | None = None
    voice_minutes: Count | None = None
    sms: Count | None = None


class ExtraLines(_Strict):
    """Extra lines (副卡) a plan may carry, their fee and what they share."""

    max: WholeNumber = Field(ge=1, le=9, description="extra lines beside the holder's")
    fee: Yuan = Field(description="a month, per extra line")
    source: Source = Field(description="provenance of the terms")
    shared: tuple[Literal["data", "voice", "sms"], ...] = Field(
        default=(), description="resources pooled by every line (the rest: each line has its per_line allowance)")
    per_line: PerLine = PerLine()

    _once = field_validator("shared")(_once)


class PlanSpec(_Strict):
    """A base plan: one per bundle."""

    id: Id
    name: str = Field(min_length=1, description="name as the operator sells it")
    name_en: str = Field(min_length=1)
    monthly_fee: Yuan
    data_gb: Gigabytes
    voice_minutes: Count
    sms: Count
    downlink_mbps: Speed
    uplink_mbps: Speed
    overage: Overage
    roaming: Roaming | None = None
    satellite: Satellite | None = None
    broadband_mbps: Speed | None = None
    app_data_gb: tuple[AppData, ...] = Field(default=(), description="app data (定向流量) each month")
    extra_lines: ExtraLines | None = Field(default=None, description="extra lines (副卡) the plan may carry")
    benefits: BenefitList = ()
    eligibility: Eligibility | None = Field(default=None, description="who may subscribe (anyone if absent)")
    billing: Billing = Billing()
    terms: Terms = Terms()

    _once = field_validator("benefits")(_benefits_once)


class PackAdds(_Strict):
    """Allowance a pack adds to the bundle, per unit bought."""

    data_gb: Gigabytes | None = None
    voice_minutes: Count | None = None
    sms: Count | None = None
    roaming_data_gb: Gigabytes | None = None
    roaming_voice_minutes: Count | None = None
    satellite_minutes: Count | None = None
    satellite_sms: Count | None = None


def _list_if_written(schema: dict[str, Any]) -> None:
    """The JSON Schema of ``requires_plans`` (``plans``): a list where it is written, absent for every plan; null, the
    key with nothing after it, is refused by the loader (``PackSpec._written_out``), and so by the schema editors check
    a file with (it allowed null)."""
    schema.update(next(member for member in schema.pop("anyOf") if member.get("type") == "array"))
    schema.pop("default", None)


class PackSpec(_Strict):
    """An add-on pack bought on top of a base plan."""

    id: Id
    name: str = Field(min_length=1)
    name_en: str = Field(min_length=1)
    kind: Literal["data", "speed", "service", "scene", "roaming", "satellite", "broadband", "app"]
    price: Yuan = Field(description="per month, per day or per use (see billing)")
    billing: Literal["monthly", "per_day", "per_use"] = Field(
        default="monthly", description="bought for a month, for a day, or for one use (a day of use); "
                                       "a speed need of d days needs d days or uses")
    install_fee: Yuan | None = Field(default=None, description="one-off, spread over the horizon (broadband)")
    broadband_mbps: Speed | None = Field(default=None, description="home broadband the pack brings")
    app_data_gb: tuple[AppData, ...] = Field(default=(), description="app data (定向流量) per unit bought")
    subscription: Flag = Field(
        default=False, description="a standing subscription: over a usage history, the same count every month")
    adds: PackAdds = PackAdds()
    downlink_mbps: Speed | None = Field(default=None, description="peak downlink with the pack")
    uplink_mbps: Speed | None = Field(default=None, description="peak uplink with the pack")
    per_line: PerLineFlag = False
    satellite: Flag = False
    benefits: BenefitList = ()
    max_count: WholeNumber = Field(default=1, ge=1, le=31, description="how many may be stacked (per-day and per-use "
                                                                "packs: days or uses a month, default 31)")
    requires_plans: tuple[Id, ...] | None = Field(
        default=None, description="plan ids this pack may be added to; all of the operator's if absent",
        json_schema_extra=_list_if_written)
    plans: tuple[Id, ...] | None = Field(default=None, description="the former name of requires_plans",
                                         json_schema_extra=_list_if_written)
    eligibility: Eligibility | None = Field(default=None, description="who may buy the pack (anyone if absent)")
    free_with: tuple[Id, ...] = Field(default=(), description="plan ids on which the pack is free")
    group: Id | None = Field(default=None, description="at most one pack of a group per bundle")
    excludes: tuple[Id, ...] = Field(default=(), description="packs that cannot be combined with it")

    @model_validator(mode="before")
    @classmethod
    def _daily_count(cls, data: object) -> object:
        if isinstance(data, dict) and data.get("billing") in ("per_day", "per_use") and "max_count" not in data:
            return {**data, "max_count": 31}
        return data

    @field_validator("adds", "app_data_gb")
    @classmethod
    def _daily_allowance(cls, value: PackAdds | tuple[AppData, ...], info: ValidationInfo) -> object:
        """A per-day (per-use) pack adds its allowance once per day (use) bought: an 'unlimited' day would
        count as an unlimited month."""
        billing = info.data.get("billing")
        if isinstance(value, PackAdds):
            unlimited = [name for name, figure in value if figure is not None and figure.value == "unlimited"]
        else:
            unlimited = ["app_data_gb"] if any(app.gb.value == "unlimited" for app in value) else []
        if billing in ("per_day", "per_use") and unlimited:
            unit = "day" if billing == "per_day" else "use"
            raise Said(f"problem.daily_unlimited.{unit}", billing=billing, fields=unlimited)
        return value

    @field_validator("requires_plans", "plans", mode="before")
    @classmethod
    def _written_out(cls, value: object, info: ValidationInfo) -> object:
        """``requires_plans:`` with nothing after it (its items deleted or commented out) is no list: read as absent,
        it sold the pack on every plan of its operator, the opposite of ``[]`` (found by the plan-files helper;
        ``free_with:`` and ``excludes:`` left so are refused as no list)."""
        if value is None:
            raise Said("problem.requires_plans_empty", key=info.field_name)
        return value

    @model_validator(mode="after")
    def _one_name(self) -> "PackSpec":
        if self.plans is not None and self.requires_plans is not None:
            raise Said("problem.plans_former_name")
        return self

    @field_validator("per_line")
    @classmethod
    def _per_line_speed(cls, value: bool | SoldPerLine, info: ValidationInfo) -> bool | SoldPerLine:
        if flag_value(value) and info.data.get("uplink_mbps") is None and info.data.get("downlink_mbps") is None:
            raise Said("problem.per_line_speed_only")
        return value

    @property
    def allowed_plans(self) -> tuple[str, ...] | None:
        return self.requires_plans if self.requires_plans is not None else self.plans

    _once = field_validator("requires_plans", "plans", "free_with", "excludes")(_once)
    _benefits_once = field_validator("benefits")(_benefits_once)


class Membership(_Strict):
    """A membership an operator's plans may require (e.g. China Mobile's 全球通)."""

    id: Id
    name: str = Field(min_length=1)
    name_en: str = Field(min_length=1)


class NamedBenefit(_Strict):
    """A benefit an operator's plans or packs give that ``recommender/messages`` does not name (new to the
    catalogue): its names, as the form, the API and the CLI show it (found by the new-operator user test: a product
    team's own benefit showed as its id, and only a code change named it)."""

    id: Id
    name: str = Field(min_length=1)
    name_en: str = Field(min_length=1)


class OperatorSpec(_Strict):
    id: OperatorId
    name: str = Field(min_length=1)
    name_en: str = Field(min_length=1)
    country: str = Field(default="CN", description="ISO 3166-1 alpha-2 country of the market the file sells in "
                         "(a person known to live elsewhere may not buy its plans)")
    memberships: tuple[Membership, ...] = ()
    benefits: tuple[NamedBenefit, ...] = Field(
        default=(), description="names of benefits its plans or packs give that the recommender does not name "
        "(new to the catalogue): [{id, name, name_en}]")

    @field_validator("country")
    @classmethod
    def _known_country(cls, value: str) -> str:
        if value not in COUNTRIES:
            raise Said("problem.unknown_country", value=value, known=sorted(COUNTRIES))
        return value


def _currency_said(code: str) -> Said:
    """``currencies.currency_problem`` as a code."""
    if code in NOT_ISO_CURRENCIES:
        return Said("problem.currency_not_iso", value=code, currency_name=code, iso=NOT_ISO_CURRENCIES[code][0])
    close = difflib.get_close_matches(code, sorted(ISO_4217), n=1, cutoff=0.6)
    return Said("problem.currency_unknown.near", value=code, near=close[0]) if close else \
        Said("problem.currency_unknown", value=code)


class OperatorFile(_Strict):
    """One operator's catalogue file."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, defer_build=True, title="5G-A tariff recommender plan file",
        json_schema_extra={"anyOf": [  # (``_holds_offers``, for editors: plans or packs, or both)
            {"required": ["plans"], "properties": {"plans": {"minItems": 1}}},
            {"required": ["packs"], "properties": {"packs": {"minItems": 1}}}]},
    )
    operator: OperatorSpec
    currency: CurrencyCode = Field(description="all money in the file is in this currency")
    plans: tuple[PlanSpec, ...] = Field(
        default=(), description="may be left out in a file of packs only: another file of the operator holds its plans")
    packs: tuple[PackSpec, ...] = ()

    @model_validator(mode="after")
    def _holds_offers(self) -> "OperatorFile":
        if not self.plans and not self.packs:
            raise Said("problem.no_offers")
        return self

    @field_validator("currency")
    @classmethod
    def _iso_code(cls, value: str) -> str:
        """A name people write for a currency (``RMB``), or a typo (``CYN``), that is no ISO 4217 code would
        load, and its plans would compare with no plan in yuan: every plan of the file left out of the
        what-if and of answers in CNY."""
        problem = currency_problem(value)
        if problem is not None:
            said = _currency_said(value)
            raise said if str(said) == problem else ValueError(problem)
        return value
