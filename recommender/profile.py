"""The usage profile: how a person uses their phone in a month, and what they cannot do without.

This is the one input of a recommendation (the same JSON for the CLI and the API).  Usage is
turned into integer demand per meter (MB, minutes, messages) once, here.
"""

import math
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, model_validator

from .catalogue.model import MB_PER_GB, METERS

MAX_GB = Decimal(1_000_000)
MAX_COUNT = 1_000_000
OperatorId = Literal["china-mobile", "china-telecom", "china-unicom"]
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


class Profile(_Strict):
    data_gb: Gb = Decimal(0)
    voice_minutes: Quantity = 0
    sms: Quantity = 0
    needs: Needs = Needs()
    benefits: tuple[Annotated[str, Field(max_length=64)], ...] = Field(
        default=(), max_length=32, description="benefits wished for (not required)"
    )
    operators: tuple[OperatorId, ...] | None = Field(
        default=None, min_length=1, description="only these operators"
    )
    exclude_operators: tuple[OperatorId, ...] = ()
    current: Current | None = None
    budget_fen: Fen | None = Field(default=None, description="most the person will pay a month")
    allow_throttling: StrictBool = Field(
        default=False, description="accept slower data beyond the cap instead of buying more"
    )

    def demand(self) -> dict[str, int]:
        """Monthly demand per meter in whole units (data rounded up to the MB)."""
        roaming = self.needs.roaming
        demand = {
            "data_mb": math.ceil(self.data_gb * MB_PER_GB),
            "voice_minutes": self.voice_minutes,
            "sms": self.sms,
            "roaming_data_mb": math.ceil(roaming.data_gb * MB_PER_GB),
            "roaming_voice_minutes": roaming.voice_minutes,
        }
        assert tuple(demand) == METERS
        return demand

    def wants_operator(self, operator: str) -> bool:
        return (self.operators is None or operator in self.operators) and (
            operator not in self.exclude_operators
        )
