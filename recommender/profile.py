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
OperatorId = Literal["china-mobile", "china-telecom", "china-unicom", "t-mobile-us", "verizon"]
Currency = Literal["CNY", "USD"]
Gb = Annotated[Decimal, Field(ge=0, le=MAX_GB, allow_inf_nan=False)]
Quantity = Annotated[int, Field(ge=0, le=MAX_COUNT, strict=True)]
Mbps = Annotated[int, Field(ge=0, le=100_000, strict=True)]
Fen = Annotated[int, Field(ge=0, le=10**9, strict=True)]


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
    horizon_months: int = Field(default=24, ge=1, le=120, strict=True,
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
