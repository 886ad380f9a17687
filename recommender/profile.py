"""The usage profile: how a person uses their phone, and what they cannot do without.

This is the one input of a recommendation (the same JSON for the CLI and the API).  Usage comes
as one month (``data_gb``, ``voice_minutes``, ``sms``), as a history (``months``), or as itemised
records (``records``, e.g. from a CSV of calls and sessions); ``recommender.usage`` turns it into
billed quantities under each plan's own billing rules.
"""

import datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, model_validator

MAX_GB = Decimal(1_000_000)
MAX_COUNT = 1_000_000
MAX_MONTHS = 24
MAX_RECORDS = 200_000
MAX_AGE = 120
MAX_MBPS = 100_000
MAX_FEN = 10**9
MAX_HORIZON_MONTHS = 120
MAX_BENEFIT_YUAN = 100_000
MAX_LIST = 32
"""Every limit of a profile, defined here once: the wire schemas (API, TMF680, form, CLI) read them."""
REGION_PATTERN = r"^[A-Z]{2}-[A-Z0-9]{1,3}$"
ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,62}$"
OperatorId = Annotated[str, Field(pattern=ID_PATTERN, description="an operator id of the served catalogue")]
Currency = Annotated[str, Field(pattern=r"^[A-Z]{3}$", description="a currency of the served catalogue")]
TagId = Annotated[str, Field(pattern=ID_PATTERN)]
RegionCode = Annotated[str, Field(pattern=REGION_PATTERN, description="ISO 3166-2, e.g. CN-BJ")]
Gb = Annotated[Decimal, Field(ge=0, le=MAX_GB, allow_inf_nan=False)]
Quantity = Annotated[int, Field(ge=0, le=MAX_COUNT, strict=True)]
Mbps = Annotated[int, Field(ge=0, le=MAX_MBPS, strict=True)]
Fen = Annotated[int, Field(ge=0, le=MAX_FEN, strict=True)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RoamingNeed(_Strict):
    data_gb: Gb = Decimal(0)
    voice_minutes: Quantity = 0


class Needs(_Strict):
    """Hard needs: a bundle that misses one of them does not fit."""

    min_uplink_mbps: Mbps = 0
    min_downlink_mbps: Mbps = 0
    satellite: StrictBool = False
    roaming: RoamingNeed = RoamingNeed()
    broadband: StrictBool = False


class Current(_Strict):
    """What the person has today, to compute savings: a plan id or a monthly bill."""

    plan_id: str | None = Field(default=None, max_length=64)
    monthly_bill_fen: Fen | None = None

    @model_validator(mode="after")
    def _one(self) -> "Current":
        if (self.plan_id is None) == (self.monthly_bill_fen is None):
            raise ValueError("give exactly one of plan_id or monthly_bill_fen")
        return self


class Month(_Strict):
    """One month of usage."""

    data_gb: Gb = Decimal(0)
    voice_minutes: Quantity = 0
    sms: Quantity = 0


class Record(_Strict):
    """One itemised record: a call (seconds), a data session (MB) or a message."""

    kind: Literal["call", "data", "sms"]
    date: datetime.date
    duration_s: Quantity = 0
    mb: Annotated[Decimal, Field(ge=0, le=MAX_GB * 1024, allow_inf_nan=False)] = Decimal(0)


class About(_Strict):
    """Who the person is, as far as conditions of sale go; every part optional (unknown when absent)."""

    age: int | None = Field(default=None, ge=0, le=MAX_AGE, strict=True)
    region: RegionCode | None = None
    customer_of: OperatorId | None = Field(default=None, description="the operator the person is a customer of now")
    memberships: tuple[TagId, ...] | None = Field(
        default=None, max_length=32, description="memberships held (e.g. gotone for 全球通); [] = none")
    groups: tuple[TagId, ...] | None = Field(
        default=None, max_length=32, description="groups the person belongs to (e.g. student); [] = none")


class Profile(_Strict):
    data_gb: Gb = Decimal(0)
    voice_minutes: Quantity = 0
    sms: Quantity = 0
    months: tuple[Month, ...] | None = Field(
        default=None, min_length=1, max_length=MAX_MONTHS, description="a usage history instead of one month")
    records: tuple[Record, ...] | None = Field(
        default=None, min_length=1, max_length=MAX_RECORDS,
        description="itemised calls, sessions and messages instead of monthly totals")
    needs: Needs = Needs()
    benefits: tuple[Annotated[str, Field(max_length=64)], ...] = Field(
        default=(), max_length=32, description="benefits wished for (not required)"
    )
    benefits_required: tuple[TagId, ...] = Field(
        default=(), max_length=32, description="benefits a bundle must include to fit")
    benefit_values: dict[TagId, Annotated[Decimal, Field(ge=0, le=MAX_BENEFIT_YUAN, allow_inf_nan=False,
                                                         decimal_places=2)]] = Field(
        default_factory=dict, max_length=32,
        description="what a benefit is worth to the person a month, in `currency`: subtracted for ranking only")
    about: "About | None" = None
    eligibility: Literal["strict", "lenient"] = Field(
        default="lenient", description="lenient: plans whose conditions are unknown are ranked, with the "
                                       "conditions listed; strict: they are left out")
    as_of: datetime.date | None = Field(default=None, description="the date conditions of sale are read at (today)")
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
                                description="the contract horizon for the effective monthly price")
    currency: Currency = Field(default="CNY", description="the currency answers are ranked in")
    exchange_rates: dict[Currency, Annotated[Decimal, Field(gt=0, le=10_000, allow_inf_nan=False)]] = Field(
        default_factory=dict, description="units of `currency` per unit of another currency; without one, "
                                          "plans priced in that currency are not ranked")

    @model_validator(mode="after")
    def _one_source_of_usage(self) -> "Profile":
        given = [name for name in ("months", "records") if getattr(self, name) is not None]
        totals = bool(self.data_gb or self.voice_minutes or self.sms)
        if len(given) > 1 or (given and totals):
            raise ValueError("give usage one way: data_gb/voice_minutes/sms, months, or records")
        return self

    def wants_operator(self, operator: str) -> bool:
        return (self.operators is None or operator in self.operators) and (
            operator not in self.exclude_operators
        )
