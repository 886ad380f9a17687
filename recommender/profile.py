"""The usage profile: how a person uses their phone, and what they cannot do without.

This is the one input of a recommendation (the same JSON for the CLI and the API).  Usage comes
as one month (``data_gb``, ``voice_minutes``, ``sms``), as a history (``months``), or as itemised
records (``records``, e.g. from a CSV of calls and sessions); ``recommender.usage`` turns it into
billed quantities under each plan's own billing rules.
"""

import datetime
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    StrictBool,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from .lazy import cached
from .messages import Message, render
from .messages.invalid import add, as_message, refused

MAX_GB = Decimal(1_000_000)
MAX_COUNT = 1_000_000
MAX_MONTHS = 24
MAX_RECORDS = 200_000
MAX_AGE = 120
MAX_MBPS = 100_000
MAX_FEN = 10**9
MAX_HORIZON_MONTHS = 120
MAX_BENEFIT_YUAN = 100_000
MIN_RATE, MAX_RATE = Decimal("0.000001"), 10_000
"""The exchange rates a profile may give (the API's, TMF680's and the CLI's alike)."""
MAX_LIST = 32
"""Every limit of a profile, defined here once: the wire schemas (API, TMF680, form, CLI) read them."""
MAX_LINES = 10
"""A household: the holder and up to nine more lines."""
MAX_TRIPS = 8
DAYS_IN_MONTH = 30
"""A month-long need lasts this many days (what a per-day pack costs for it)."""
MAX_DAYS = 31
APP_CATEGORIES = ("video", "social", "music", "games", "reading", "navigation", "cloud", "shopping")
"""The app categories that app data (定向流量) and ``app_share`` name."""
ZONES = ("hk-mo-tw", "asia", "europe", "americas", "other")
"""Roaming destinations as operators price them."""
REGION_PATTERN = r"^[A-Z]{2}-[A-Z0-9]{1,3}$"
ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,62}$"


@dataclass(frozen=True)
class Coded:
    """A code (an id, a currency, a region) as the profile holds it: written to ``pattern``, else refused by
    ``code``, with the code ``near`` says it means where there is one (``code.near``: ``China-Mobile``:
    china-mobile; ``usd``: USD; ``广东``, ``cn-gd``: CN-GD).  Found by the product QA for regions (``recommend
    --region cn-gd`` said pydantic's "String should match pattern ...", in English under --lang zh), and for the rest
    by using the CLI as a Chinese-speaking product team would (``--membership 全球通``, ``--currency usd``).  The one
    rule of the profile (``_coded``), the API's schema (its reason, in English) and the what-if's population."""

    pattern: str
    code: str
    near: Callable[[str], str | None]

    def problem(self, value: str) -> Message | None:
        """None for a value written as a code, else what is wrong with it."""
        if re.fullmatch(self.pattern, value):
            return None
        meant = self.near(value)
        if meant is not None and re.fullmatch(self.pattern, meant):
            return Message(f"{self.code}.near", {"value": value, "near": meant})
        return Message(self.code, {"value": value})


def _coded(coded: Coded) -> BeforeValidator:
    """``coded``'s rule as the profile's check of a field (text only: another type is pydantic's to refuse)."""

    def check(value: object) -> object:
        if isinstance(value, str) and (problem := coded.problem(value)) is not None:
            raise refused(problem.code, **problem.params)
        return value

    return BeforeValidator(check)


def _region_named(written: str) -> str | None:
    """The region code a Chinese name or a code in lower case means (``catalogue.regions.code_of_name``), or, for a
    city, its province's (``province_of_city``: where the person lives)."""
    from .catalogue.regions import code_of_name, province_of_city  # (they read REGION_PATTERN from here)

    return code_of_name(written) or province_of_city(written)


CURRENCY_PATTERN = r"^[A-Z]{3}$"
def plain_written(written: str) -> str:
    """A code as it was most likely meant: its full-width letters as ASCII (NFKC), invisible characters (a zero-width
    space, a byte-order mark) left out, spaces around it too (ids here, region codes in ``regions.code_of_name``)."""
    plain = unicodedata.normalize("NFKC", written)
    return "".join(char for char in plain if unicodedata.category(char) != "Cf").strip()


def _id_written(written: str) -> str:
    """The id a code written otherwise most likely is: ``plain_written``, in lower case (``China-Mobile``,
    ``cloud-drive\u200b``: found by the fuzzing test, a benefit so written was taken, and reported missing of the plan
    that has it)."""
    return plain_written(written).lower()


AN_OPERATOR_ID = Coded(ID_PATTERN, "profile.operator_id", _id_written)
A_CURRENCY = Coded(CURRENCY_PATTERN, "profile.currency_code", str.upper)
A_TAG_ID = Coded(ID_PATTERN, "profile.tag_id", _id_written)
A_REGION = Coded(REGION_PATTERN, "profile.region_code", _region_named)
OperatorId = Annotated[str, Field(pattern=ID_PATTERN, description="an operator id of the served catalogue"),
                       _coded(AN_OPERATOR_ID)]
Currency = Annotated[str, Field(pattern=CURRENCY_PATTERN, description="a currency of the served catalogue"),
                     _coded(A_CURRENCY)]
TagId = Annotated[str, Field(pattern=ID_PATTERN), _coded(A_TAG_ID)]
RegionCode = Annotated[str, Field(pattern=REGION_PATTERN, description="ISO 3166-2, e.g. CN-BJ"), _coded(A_REGION)]
NUMBER_TEXT = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def _number_text(value: object) -> object:
    """A number given as text (a profile file's ``"5.5"``) is written as JSON writes one: not Python's ``"5_0"``,
    which ``Decimal`` reads as 50 (found by the money QA: a CLI profile file's ``"exchange_rates": {"USD": "7_18"}``
    ranked dollar plans at 718, where the API refuses any number as text)."""
    if isinstance(value, str) and not NUMBER_TEXT.fullmatch(value):
        raise PydanticCustomError("decimal_parsing", "Input should be a valid decimal")
    return value


Number = BeforeValidator(_number_text)


def _rate(value: Decimal) -> Decimal:
    """An exchange rate is at least ``MIN_RATE``, as the API and TMF680 take it (the money QA: the CLI took 1e-7)."""
    if value < MIN_RATE:
        raise refused("profile.rate_at_least", min=str(MIN_RATE))
    return value


Gb = Annotated[Decimal, Field(ge=0, le=MAX_GB, allow_inf_nan=False), Number]
Quantity = Annotated[int, Field(ge=0, le=MAX_COUNT, strict=True)]
Mbps = Annotated[int, Field(ge=0, le=MAX_MBPS, strict=True)]
Fen = Annotated[int, Field(ge=0, le=MAX_FEN, strict=True)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True, ignored_types=(cached,))


AppCategory = Literal["video", "social", "music", "games", "reading", "navigation", "cloud", "shopping"]
Zone = Literal["hk-mo-tw", "asia", "europe", "americas", "other"]
Days = Annotated[int, Field(ge=1, le=MAX_DAYS, strict=True)]
AppShare = dict[AppCategory, Gb]


class RoamingNeed(_Strict):
    """One trip outside the Chinese mainland (or, without ``zone``, roaming usage wherever it happens)."""

    data_gb: Gb = Decimal(0)
    voice_minutes: Quantity = 0
    zone: Zone | None = Field(default=None, description="where: prices per zone apply only when it is given")
    days: Days | None = Field(default=None, description="days outside the Chinese mainland (what day passes are bought "
                                                        "for); default 1")

    @property
    def trip_days(self) -> int:
        return self.days or 1


Trips = RoamingNeed | Annotated[tuple[RoamingNeed, ...], Field(max_length=MAX_TRIPS)]
"""A trip, or a list of trips in the order they happen (``needs.roaming``, ``months[].roaming``)."""


def trips_of(roaming: Trips) -> tuple[RoamingNeed, ...]:
    """Roaming as a list of trips (empty when there is no roaming)."""
    trips = roaming if isinstance(roaming, tuple) else (roaming,)
    return tuple(t for t in trips if t.data_gb or t.voice_minutes)


SPEED_OF_DAYS = {"uplink_days": "min_uplink_mbps", "downlink_days": "min_downlink_mbps"}
"""The speed need each count of days belongs to."""


class Needs(_Strict):
    """Hard needs: a bundle that misses one of them does not fit."""

    min_uplink_mbps: Mbps = 0
    min_downlink_mbps: Mbps = 0
    uplink_days: Days | None = Field(default=None, description="days a month the uplink speed is needed "
                                                               f"(default: the whole month, {DAYS_IN_MONTH} days)")
    downlink_days: Days | None = Field(default=None, description="days a month the downlink speed is needed")
    satellite: StrictBool = False
    satellite_minutes: Quantity = Field(default=0, description="satellite call minutes a month")
    satellite_sms: Quantity = Field(default=0, description="satellite texts a month")
    roaming: Trips = Field(default=RoamingNeed(), description="a trip, or a list of trips in the order they happen: "
                                                             "every month's (a history's month: also its own)")
    broadband: StrictBool = False
    broadband_mbps: Mbps = Field(default=0, description="home broadband at least this fast (broadband: true = any)")

    @model_validator(mode="after")
    def _days_of_a_speed(self) -> "Needs":
        """Days a month given for a speed with no speed given: refused at the days (``needs.uplink_days``), not
        dropped without a word (a 5-day need with its speed left blank was answered as no need at all)."""
        for days, speed in SPEED_OF_DAYS.items():
            if getattr(self, days) is not None and not getattr(self, speed):
                raise refused_at((days,), getattr(self, days), "profile.days_without_speed", days=days, speed=speed)
        return self

    @property
    def trips(self) -> tuple[RoamingNeed, ...]:
        """The roaming needs as a list of trips (empty when there is no roaming)."""
        return trips_of(self.roaming)

    @property
    def roaming_data_gb(self) -> Decimal:
        return sum((t.data_gb for t in self.trips), Decimal(0))

    @property
    def roaming_voice_minutes(self) -> int:
        return sum(t.voice_minutes for t in self.trips)

    @property
    def broadband_level(self) -> int:
        """The broadband speed needed (1 for 'any broadband', 0 for none)."""
        return max(self.broadband_mbps, int(self.broadband))

    def merged(self, other: "Needs | None") -> "Needs":
        """Both needs at once (a household's and its holder's line's): the higher speed, level and count,
        any flag, the longer days, every trip."""
        if other is None:
            return self
        if len(self.trips) + len(other.trips) > MAX_TRIPS:
            raise refused("profile.household_trips", count=len(self.trips) + len(other.trips), most=MAX_TRIPS)
        values: dict[str, Any] = {}
        for name in Needs.model_fields:
            a, b = getattr(self, name), getattr(other, name)
            if name == "roaming":
                values[name] = self.trips + other.trips
            elif name.endswith("_days"):  # the days of the needs that ask for that speed (a side without one
                # says no days: its default, a month, is no need's; found by QA: a holder's 2-day need was a month)
                speed = SPEED_OF_DAYS[name]
                days = [d for n, d in ((self, a), (other, b)) if getattr(n, speed) > 0]
                values[name] = None if not days or None in days else max(d for d in days if d is not None)
            else:
                values[name] = max(a, b)
        return Needs.model_validate(values)


def refused_at(loc: tuple[int | str, ...], value: object, code: str, **params: Any) -> ValidationError:
    """A rule across fields refused at the field the API names for it (``app_share``, ``lines``, ``months`` ...), not
    at the whole profile: a TMF680 query's error then names the characteristic, the form the field, the CLI the field
    (found by the integrator review: they said ``productCharacteristic``, the whole list, and ``(profile)``)."""
    return ValidationError.from_exception_data("Profile", [InitErrorDetails(type=refused(code, **params), loc=loc,
                                                                           input=value)])


def _holder_trips_fit(household: Needs, holder: Needs) -> None:
    """The household's trips and the holder's line's own, priced together (``Needs.merged``), are held to the bound of
    one profile: an error at ``lines[0].needs.roaming``, as a month's own trips are at ``months[i].roaming`` (it was
    at the whole profile, the path said in its text; found by the integrator review)."""
    count = len(household.trips) + len(holder.trips)
    if count > MAX_TRIPS:
        raise refused_at(("lines", 0, "needs", "roaming"), holder.roaming, "profile.household_trips", count=count,
                         most=MAX_TRIPS)


def _share_fits(share: AppShare, data_gb: Decimal, code: str) -> None:
    if sum(share.values(), Decimal(0)) > data_gb:
        raise refused_at(("app_share",), share, code, data_gb=str(data_gb))


def _name(value: object) -> object:
    """A line's name as people mean it: spaces around it dropped, spaces alone no name (the family's user test:
    "成员1（  ）的副卡月费")."""
    return (value.strip() or None) if isinstance(value, str) else value


class LineUsage(_Strict):
    """One line of a household (the first is the holder's)."""

    name: Annotated[str | None, BeforeValidator(_name)] = Field(default=None, max_length=64)
    data_gb: Gb = Decimal(0)
    voice_minutes: Quantity = 0
    sms: Quantity = 0
    needs: Needs | None = None
    app_share: AppShare = Field(default_factory=dict, description="GB of data_gb used in these app categories")

    @model_validator(mode="after")
    def _share(self) -> "LineUsage":
        _share_fits(self.app_share, self.data_gb, "profile.app_share_over.line")
        return self


class Current(_Strict):
    """What the person has today, to compute savings: a plan id or a monthly bill."""

    plan_id: str | None = Field(default=None, max_length=64)
    monthly_bill_fen: Fen | None = None

    @model_validator(mode="after")
    def _one(self) -> "Current":
        if (self.plan_id is None) == (self.monthly_bill_fen is None):
            raise refused("profile.current_one_of")
        return self


class Month(_Strict):
    """One month of usage, with the trips outside the Chinese mainland made in it."""

    data_gb: Gb = Decimal(0)
    voice_minutes: Quantity = 0
    sms: Quantity = 0
    roaming: Trips = Field(default=RoamingNeed(), description="trips made in this month only, besides every "
                                                             "month's (``needs.roaming``)")

    @property
    def trips(self) -> tuple[RoamingNeed, ...]:
        return trips_of(self.roaming)


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date(value: object) -> object:
    """A date as text is YYYY-MM-DD, as the API documents (``format: date``): not a date-time at midnight,
    which pydantic would otherwise take."""
    if isinstance(value, str) and not ISO_DATE.fullmatch(value):
        raise PydanticCustomError("date_parsing", "Input should be a valid date in the format YYYY-MM-DD")
    return value


IsoDate = Annotated[datetime.date, BeforeValidator(_iso_date)]


class Record(_Strict):
    """One itemised record: a call (seconds), a data session (MB) or a message."""

    kind: Literal["call", "data", "sms"]
    date: IsoDate
    duration_s: Quantity = Field(default=None, validate_default=True, description="seconds, a call's (required)")
    mb: Annotated[Decimal, Field(ge=0, le=MAX_GB * 1024, allow_inf_nan=False)] = Field(
        default=None, validate_default=True, description="MB, a data session's (required)")

    @field_validator("duration_s", "mb", mode="before")
    @classmethod
    def _its_figure(cls, value: object, info: ValidationInfo) -> object:
        """A call's seconds and a data session's MB are given, as a bill's CSV row gives them (``csv.required``);
        the other kinds' are 0 (found by the integrator test: a call given ``mb`` instead, or no figure, counted
        nothing and said nothing, where the same row in a CSV upload was refused)."""
        if value is not None:
            return value
        if RECORD_FIGURE.get(info.data.get("kind", "")) == info.field_name:
            raise refused(f"profile.record_figure.{info.data['kind']}")
        return 0 if info.field_name == "duration_s" else Decimal(0)


RECORD_FIGURE = {"call": "duration_s", "data": "mb"}
"""The figure each kind of record is billed by, which it must give (an SMS is one message)."""


@dataclass(frozen=True)
class Span:
    """The calendar months itemised records cover, from the earliest record's to the latest's."""

    first: int
    """The index of the earliest record (the first of them)."""
    last: int
    """The index of the latest record (the first of them)."""
    months: int


def span(records: Sequence[Record]) -> Span:
    """The months ``records`` span.  A history of records covers at most ``MAX_MONTHS``, as ``months``
    does: a record years away from the others is a mistyped date, not a month of use."""
    def month(i: int) -> int:
        return records[i].date.year * 12 + records[i].date.month

    first = min(range(len(records)), key=lambda i: records[i].date)
    last = max(range(len(records)), key=lambda i: (records[i].date, -i))
    return Span(first, last, month(last) - month(first) + 1)


class About(_Strict):
    """Who the person is, as far as conditions of sale go; every part optional (unknown when absent)."""

    age: int | None = Field(default=None, ge=0, le=MAX_AGE, strict=True)
    region: RegionCode | None = None
    customer_of: OperatorId | None = Field(default=None, description="the operator the person is a customer of now")
    memberships: tuple[TagId, ...] | None = Field(
        default=None, max_length=32, description="memberships held (e.g. gotone for 全球通); [] = none")
    groups: tuple[TagId, ...] | None = Field(
        default=None, max_length=32, description="groups the person belongs to (e.g. student); [] = none")


@dataclass(frozen=True)
class Wants:
    """A profile's hard needs across its lines: the most any line needs, for how many days, and every trip."""

    line_needs: tuple[Needs, ...]
    levels: tuple[int, int, int, int]
    """Uplink Mbps, downlink Mbps, satellite (0/1), broadband Mbps (1: any)."""
    trips: tuple[RoamingNeed, ...]
    satellite: tuple[int, int] = (0, 0)
    """The satellite minutes and messages a month of everyone on the lines (the holder's once, said at the top
    and in the first line or not: found by QA, they were added, charging overage ``separate_lines`` did not)."""
    sims: tuple[tuple[Needs, ...], ...] = ()
    """Per line of a household (the holder first, with the household's top-level needs), the needs said for it:
    what a pack sold per SIM (``Pack.per_line``) serves.  One entry, every need, for a one-line profile."""

    def by_line(self, plan_levels: Sequence[int]) -> tuple[tuple[tuple[int, int, int], ...], ...]:
        """Per line (as ``sims``), its speed needs a plan giving ``plan_levels`` does not serve, as ``(capability
        index, level, days)``, less those of the same line and capability another covers (``unserved``, line by
        line): a pack sold per SIM serves one line, so one line's need never covers another's."""
        out = []
        for needs in self.sims:
            line: list[tuple[int, int, int]] = []
            for i, (level, days) in enumerate(_NEED_OF[:2]):  # (the speeds)
                pairs = {(level(n), days(n) or DAYS_IN_MONTH) for n in needs if level(n) > plan_levels[i]}
                line += sorted(((i, *p) for p in pairs if not any(q != p and q[0] >= p[0] and q[1] >= p[1]
                                                                   for q in pairs)), reverse=True)
            out.append(tuple(line))
        return tuple(out)

    def days_on(self, plan_levels: Sequence[int]) -> tuple[int, int, int, int]:
        """Days a month each need lasts on a plan giving ``plan_levels`` (as ``levels``): the longest of
        the lines that need more than the plan gives (a month when not given).  A line the plan already
        serves needs no pack however long its need: a household whose line needs 300 Mbps for 2 days,
        and another 200 Mbps all month on a 200 Mbps plan, needs 300 Mbps for 2 days."""
        up, down = (max((days(n) or DAYS_IN_MONTH for n in self.line_needs if level(n) > plan_levels[i]),
                        default=DAYS_IN_MONTH) for i, (level, days) in enumerate(_NEED_OF[:2]))  # (the speeds)
        return up, down, DAYS_IN_MONTH, DAYS_IN_MONTH

    def unserved(self, plan_levels: Sequence[int]) -> tuple[tuple[tuple[int, int], ...], ...]:
        """Per capability (as ``levels``), the needs a plan giving ``plan_levels`` does not serve, as ``(level,
        days)``, each line's own (a month when not given), less those another covers (as fast or faster, for as
        many days or more), the highest first: a bundle meets the lines' needs when it meets each.  Found by the
        differential QA: a line needing 250 Mbps all month and another 300 Mbps on 2 days were priced as 300 Mbps
        for the month (``days_on``'s summary), ¥45 where a monthly 250 Mbps pack and two 300 Mbps day passes,
        ¥18, meet both.  One pair each but in a household whose lines need different speeds on different days.
        Kept per ``plan_levels`` (the wants are immutable, a profile's made once: ``Profile.wants``; every shown plan's
        ``cost.price`` asks, and plans give a few distinct levels; some 10-25 µs each)."""
        levels = tuple(plan_levels)
        kept: dict[tuple[int, ...], tuple[tuple[tuple[int, int], ...], ...]] = self.__dict__.setdefault("_unserved", {})
        found = kept.get(levels)
        if found is None:
            out = []
            for i, (level, days) in enumerate(_NEED_OF):
                pairs = {(level(n), days(n) or DAYS_IN_MONTH) for n in self.line_needs if level(n) > levels[i]}
                out.append(tuple(sorted((p for p in pairs if not any(q != p and q[0] >= p[0] and q[1] >= p[1]
                                                                        for q in pairs)), reverse=True)))
            found = kept[levels] = tuple(out)
        return found


_NEED_OF: tuple[tuple[Callable[[Needs], int], Callable[[Needs], int | None]], ...] = (
    (lambda n: n.min_uplink_mbps, lambda n: n.uplink_days), (lambda n: n.min_downlink_mbps, lambda n: n.downlink_days),
    (lambda n: int(n.satellite), lambda n: None), (lambda n: n.broadband_level, lambda n: None))
"""Per capability (as ``Wants.levels``), a line's need of it and the days it lasts (None: the month)."""


class Profile(_Strict):
    data_gb: Gb = Decimal(0)
    voice_minutes: Quantity = 0
    sms: Quantity = 0
    months: tuple[Month, ...] | None = Field(
        default=None, min_length=1, max_length=MAX_MONTHS, description="a usage history instead of one month")
    records: tuple[Record, ...] | None = Field(
        default=None, min_length=1, max_length=MAX_RECORDS,
        description="itemised calls, sessions and messages instead of monthly totals")
    lines: tuple[LineUsage, ...] | None = Field(
        default=None, min_length=1, max_length=MAX_LINES,
        description="a household: one entry per line, the holder first (instead of data_gb/voice_minutes/sms)")
    app_share: AppShare = Field(
        default_factory=dict, description="GB of data_gb (of each month) used in these app categories")
    needs: Needs = Needs()
    benefits: tuple[TagId, ...] = Field(  # (an id, as benefits_required's: "Cloud-Drive" was wished for and reported
        # missing on the plan that has cloud-drive; found by the fuzzing test)
        default=(), max_length=32, description="benefits wished for (not required): said of each bundle "
        "(benefits_met, benefits_missing), and between bundles of one plan at the same price the one having most is "
        "chosen (a pack free with the plan that brings one)")
    benefits_required: tuple[TagId, ...] = Field(
        default=(), max_length=32, description="benefits a bundle must include to fit")
    benefit_values: dict[TagId, Annotated[Decimal, Field(ge=0, le=MAX_BENEFIT_YUAN, allow_inf_nan=False,
                                                         decimal_places=2), Number]] = Field(
        default_factory=dict, max_length=32,
        description="what a benefit is worth to the person a month, in `currency`: subtracted for ranking only")
    about: "About | None" = None
    eligibility: Literal["strict", "lenient"] = Field(
        default="lenient", description="lenient: plans whose conditions are unknown are ranked, with the "
                                       "conditions listed; strict: they are left out")
    as_of: IsoDate | None = Field(default=None, description="the date conditions of sale are read at (today)")
    operators: tuple[OperatorId, ...] | None = Field(
        default=None, min_length=1, description="only these operators"
    )
    exclude_operators: tuple[OperatorId, ...] = ()
    current: Current | None = None
    budget_fen: Fen | None = Field(default=None, description="most the person will pay a month (effective price)")
    allow_throttling: StrictBool = Field(
        default=False, description="accept slower data beyond the cap instead of buying more"
    )
    objective: Literal["total", "worst_month"] = Field(
        default="total", description="rank by the effective monthly price, or by the most expensive month")
    horizon_months: int = Field(default=24, ge=1, le=MAX_HORIZON_MONTHS, strict=True,
                                description="the months the effective monthly price is averaged over")
    currency: Currency = Field(default="CNY", description="the currency answers are ranked in")
    exchange_rates: dict[Currency, Annotated[Decimal, Field(gt=0, le=MAX_RATE, allow_inf_nan=False), Number,
                                             AfterValidator(_rate)]] = Field(
        default_factory=dict, description="units of `currency` per unit of another currency; without one, "
                                          "plans priced in that currency are not ranked")

    @field_validator("records")
    @classmethod
    def _records_span(cls, records: tuple[Record, ...] | None) -> tuple[Record, ...] | None:
        if records:
            covered = span(records)
            if covered.months > MAX_MONTHS:
                raise refused("profile.records_span", months=covered.months, first=str(records[covered.first].date),
                              last=str(records[covered.last].date), most=MAX_MONTHS)
            data: dict[str, Decimal] = {}  # (a month of records is a month of usage: no more than one may say,
            for record in records:          # else past what an unlimited allowance holds, and charged overage on
                data[f"{record.date:%Y-%m}"] = data.get(f"{record.date:%Y-%m}", Decimal(0)) + record.mb  # it: sje)
            over = next((month for month, mb in sorted(data.items()) if mb > MAX_GB * 1024), None)
            if over is not None:
                raise refused("profile.records_month_data", month=over, most=str(MAX_GB))
        return records

    @model_validator(mode="wrap")
    @classmethod
    def _one_line(cls, data: object, handler: ModelWrapValidatorHandler["Profile"]) -> "Profile":
        """A household of one line is a one-line profile: its usage, app share and needs move up (a line
        that is itself invalid stays where it is, so that its errors are reported at ``lines[0]``); needs said
        at the top and in the line are both met, each for its own days (``need_parts``, as ``of_needs``)."""
        parts: tuple[Needs, ...] = ()
        if isinstance(data, dict) and isinstance(data.get("lines"), list | tuple) and len(data["lines"]) == 1 \
                and isinstance(data["lines"][0], dict):
            try:
                LineUsage.model_validate(data["lines"][0])
            except ValidationError:
                return handler(data)
            line, data = dict(data["lines"][0]), {k: v for k, v in data.items() if k != "lines"}
            line.pop("name", None)
            needs = line.pop("needs", None)
            if needs is not None and "needs" not in data:
                data["needs"] = needs
            elif needs is not None:  # both: they add up, as the holder's line's and the household's do
                try:
                    household = Needs.model_validate(data["needs"])
                except ValidationError:
                    household = None  # (invalid: reported at ``needs``, the line's left out of the message)
                if household is not None:
                    parts = (household, Needs.model_validate(needs))  # (the line is valid: above)
                    _holder_trips_fit(household, parts[1])
                    data["needs"] = household.merged(parts[1])
            for key, value in line.items():
                if key in data:
                    raise refused_at(("lines",), value, "profile.top_and_line", key=key)
                data[key] = value
        profile = handler(data)
        if parts:
            profile.__dict__["need_parts"] = parts
        return profile

    @model_validator(mode="after")
    def _holder_trips(self) -> "Profile":
        """The holder's line alone is priced with the household's needs added (``separate_lines``): their trips
        together are held to the bound one profile has."""
        if self.lines and self.lines[0].needs is not None:
            _holder_trips_fit(self.needs, self.lines[0].needs)
        return self

    @model_validator(mode="after")
    def _month_trips(self) -> "Profile":
        """A month's own trips and every month's are that month's: together held to the bound of one profile."""
        too_many = [InitErrorDetails(type=refused("profile.month_trips", count=len(self.needs.trips) + len(month.trips),
                                                  most=MAX_TRIPS),
            loc=("months", i, "roaming"), input=month.roaming)
            for i, month in enumerate(self.months or ())
            if month.trips and len(self.needs.trips) + len(month.trips) > MAX_TRIPS]
        if too_many:  # (at the month's field, as the API reports a field's errors)
            raise ValidationError.from_exception_data(type(self).__name__, too_many)
        return self

    @model_validator(mode="after")
    def _one_source_of_usage(self) -> "Profile":
        given = [name for name in ("months", "records") if getattr(self, name) is not None]
        totals = bool(self.data_gb or self.voice_minutes or self.sms)
        one_line = {"data_gb", "voice_minutes", "sms", "app_share"}
        if self.lines is not None and (given or self.model_fields_set & one_line):
            raise refused_at(("lines",), self.lines, "profile.usage_one_way.lines")
        if len(given) > 1 or (given and totals):
            raise refused_at((given[-1],), getattr(self, given[-1]), "profile.usage_one_way")
        if self.months is not None:  # each month's apps use at most its data (``billing``); none could use more
            # than the largest month's (found by the SRE QA: any share was taken, and cut to every month's data)
            _share_fits(self.app_share, max(m.data_gb for m in self.months), "profile.app_share_over.months")
        elif self.records is None:  # (records: each month's share is cut to its data, as a history's smaller months)
            _share_fits(self.app_share, self.data_gb, "profile.app_share_over")
        return self

    @cached
    def household(self) -> bool:
        """Two or more lines: the answer prices them together (a plan with extra lines).  Kept (read some ninety
        times an answer: pricing, the tables, billing)."""
        return self.lines is not None and len(self.lines) > 1

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> "Profile":
        """A copy (``update`` changes fields): the summary of needs is computed again for it."""
        copy = super().model_copy(update=update, deep=deep)
        if update and "needs" in update:
            copy.__dict__.pop("need_parts", None)  # (new needs: made of none the copy knows)
        copy.__dict__.pop("wants", None)
        copy.__dict__.pop("billed_demands", None)
        copy.__dict__.pop("month_views", None)
        copy.__dict__.pop("travels", None)
        copy.__dict__.pop("history_of", None)
        if update and "lines" in update:
            copy.__dict__.pop("household", None)
        return copy

    @cached
    def travels(self) -> bool:
        """Whether the profile makes a trip abroad in any month (``needs.roaming`` or a month's own)."""
        return bool(self.wants.trips) or any(month.trips for month in self.months or ())

    @cached
    def month_views(self) -> dict[int, "Profile"]:
        """``in_month``'s profiles, made once each (read on every plan of an answer)."""
        return {}

    def in_month(self, i: int) -> "Profile":
        """The profile as usage month ``i`` prices it: travelling as ``needs.roaming`` says every month does, and
        on the month's own trips (``months[i].roaming``) after them; the profile itself for a month without
        trips of its own.  Only a month's trips differ: every engine prices month ``i`` (its demand given) on
        this view, its usage still the history's."""
        if self.history_of is not None:  # (a month's view: its history's month, one without trips of its own too)
            return self.history_of.in_month(i)
        months = self.months
        if months is None or not months[i].trips:
            return self
        found = self.month_views.get(i)
        if found is None:  # (the month's trips after the last of its needs' parts: ``of_needs`` keeps each part's days)
            *parts, last = self.need_parts
            found = self.month_views[i] = self.of_needs(
                *parts, last.model_copy(update={"roaming": last.trips + months[i].trips}))
            found.__dict__["history_of"] = self
        return found

    @cached
    def history_of(self) -> "Profile | None":
        """For a month's view (``in_month``), the whole profile whose usage it is (its months billed each with its
        own trips: ``usage.billed``); None for a profile itself (a cached attribute: read on every billing)."""
        return None

    @cached
    def billed_demands(self) -> dict[object, Any]:
        """``usage.billed``'s demands for this profile, by billing rules (kept with the profile, which
        is immutable: one answer asks for them on every plan)."""
        return {}

    @property
    def extra_line_of(self) -> str | None:
        """The plan this profile's one line is on as an extra line of a household's plan, not as its holder
        (``as_extra_line_of``; None for any profile the API, the form or the CLI reads)."""
        return self.__dict__.get("extra_line_of")

    def as_extra_line_of(self, plan_id: str) -> "Profile":
        """The profile of a household's other line, which is on ``plan_id`` (the household's current plan) as an
        extra line: no plan kept for its holders is theirs, ``plan_id`` neither (``eligibility``), and ``plan_id`` is
        not theirs to keep or to price as now (``current`` stays the holder's line's).  Found by the user test: on
        ct-5ga-399, each other line was put alone on ct-5g-59 "only if: people already on Tianyi 5G 59", which they
        are known not to be."""
        copy = self.model_copy()
        copy.__dict__["extra_line_of"] = plan_id
        return copy

    @cached
    def need_parts(self) -> tuple[Needs, ...]:
        """The needs ``needs`` is made of, each for its own days: ``needs`` itself, but for a profile made by
        ``of_needs`` (a household's holder's line alone) the needs it was given, which ``needs`` sums up as one
        (``Needs.merged``: the faster for the longer days)."""
        return (self.needs,)

    def of_needs(self, *parts: Needs, **update: Any) -> "Profile":
        """The profile with ``parts`` as its needs (and ``update`` made, as ``model_copy``'s): ``needs`` says them
        together (``Needs.merged``), the engines meet each for its own days (``wants``).  Found by the household
        engine hunt: the holder's line alone (``answer.separate_lines``), needing 250 Mbps all month for itself and
        300 Mbps on 2 days for the household, bought 300 Mbps for the month, ¥40 of day passes where a monthly pack
        and two passes, ¥13, meet both, as the household's own reading of the same needs does."""
        merged = parts[0]
        for part in parts[1:]:
            merged = merged.merged(part)
        copy = self.model_copy(update={**update, "needs": merged})
        copy.__dict__["need_parts"] = parts
        return copy

    @cached
    def wants(self) -> "Wants":
        """The hard needs of everyone on the profile's lines, summarised once (read on every plan)."""
        lines = self.lines or ()
        needs = (*self.need_parts, *(line.needs for line in lines if line.needs is not None))
        trips = tuple(t for n in needs for t in n.trips)
        # the holder's satellite use said at the top and in the first line counts once, the larger (as ``merged``)
        first = lines[0].needs if lines and lines[0].needs is not None else Needs()
        others = [line.needs for line in lines[1:] if line.needs is not None]
        sims = ((*self.need_parts, *(() if lines[0].needs is None else (lines[0].needs,))),
                *((() if line.needs is None else (line.needs,)) for line in lines[1:])) if self.household else (needs,)
        return Wants(
            line_needs=needs,
            sims=sims,
            levels=(max(n.min_uplink_mbps for n in needs), max(n.min_downlink_mbps for n in needs),
                    max(int(n.satellite) for n in needs), max(n.broadband_level for n in needs)),
            trips=trips,
            satellite=(max(self.needs.satellite_minutes, first.satellite_minutes)
                       + sum(n.satellite_minutes for n in others),
                       max(self.needs.satellite_sms, first.satellite_sms) + sum(n.satellite_sms for n in others)),
        )

    def wants_operator(self, operator: str) -> bool:
        return (self.operators is None or operator in self.operators) and (
            operator not in self.exclude_operators
        )



_MODEL_NAMES = frozenset(model.__name__ for model in (RoamingNeed, Needs, LineUsage, Current, Month, Record, About,
                                                      Profile))
_MAPPINGS = frozenset({"exchange_rates", "benefit_values", "app_share"})
"""The profile's mappings: a key of theirs is the person's data, never a union member's tag."""
_TYPE_TAGS = ("tuple[", "list[", "dict[", "function-", "literal[", "union[", "nullable[", "json-or-python[")


def _member(loc: Sequence[int | str], i: int, unknown: bool = False) -> bool:
    """Whether ``loc[i]`` is pydantic's tag for the member of a union it tried (``RoamingNeed``,
    ``tuple[RoamingNeed, ...]``), not a field or a mapping's key; ``unknown``: ``loc`` ends in a key the model does
    not have (``extra_forbidden``), which is the person's, whatever its spelling (found by mutation testing:
    ``{"Month": 1}`` was reported at the profile itself, ``{"needs": {"Needs": 1}}`` at ``needs``)."""
    key = loc[i]
    if not isinstance(key, str) or (i and loc[i - 1] in _MAPPINGS) or (unknown and i == len(loc) - 1):
        return False
    return key in _MODEL_NAMES or key.startswith(_TYPE_TAGS)


def field_locs(exc: ValidationError) -> list[tuple[tuple[int | str, ...], Message]]:
    """``(location, reason)`` per error of an invalid profile (``messages.invalid``: codes, in pydantic's English
    when rendered in English), the location without pydantic's tags for union members and mapping keys
    (``[key]``), and without a list's "too short" when its items' own errors say why.  Of the members of a union,
    only the errors of the member that got furthest into the input are kept (a list of trips is not also reported
    as "not a valid dictionary", the one-trip form); members that got equally far at one place are one error
    ("Input should be a valid dictionary or a valid tuple")."""
    errors = exc.errors(include_url=False)
    locs = [tuple(error["loc"]) for error in errors]
    unknown = [error["type"] == "extra_forbidden" for error in errors]
    branches = [next((i for i in range(len(loc)) if _member(loc, i, extra)), None)
                for loc, extra in zip(locs, unknown, strict=True)]
    depth: dict[tuple[tuple[int | str, ...], int | str], int] = {}  # (where the union is, member): how far
    for loc, b in zip(locs, branches, strict=True):
        if b is not None:
            depth[(loc[:b], loc[b])] = max(depth.get((loc[:b], loc[b]), 0), len(loc) - b)
    furthest: dict[tuple[int | str, ...], int] = {}
    for (prefix, _), deepest in depth.items():
        furthest[prefix] = max(furthest.get(prefix, 0), deepest)
    out: list[tuple[tuple[int | str, ...], Message]] = []
    for error, loc, b, extra in zip(errors, locs, branches, unknown, strict=True):
        if error["type"] == "too_short" and any(len(other) > len(loc) and other[:len(loc)] == loc for other in locs):
            continue  # a list left short by its items' own errors, which are reported
        if b is not None and depth[(loc[:b], loc[b])] < furthest[loc[:b]]:
            continue  # a union member that got less far into the input than another
        add(out, tuple(k for i, k in enumerate(loc) if not _member(loc, i, extra) and k != "[key]"), as_message(error))
    return out


def field_path(loc: Sequence[int | str]) -> str:
    """A location as a field path, as the API's errors show it: ``needs.roaming[0].zone``."""
    path = ""
    for key in loc:
        path = f"{path}[{key}]" if isinstance(key, int) else f"{path}.{key}" if path else key
    return path


def field_messages(exc: ValidationError) -> list[tuple[str, Message]]:
    """``(field path, reason)`` per error of an invalid profile (``field_locs``), for an adapter to word."""
    return [(field_path(loc), reason) for loc, reason in field_locs(exc)]


def field_errors(exc: ValidationError) -> list[tuple[str, str]]:
    """``field_messages`` in English (the API's words: pydantic's, and the profile's own)."""
    return [(path, render(reason)) for path, reason in field_messages(exc)]
