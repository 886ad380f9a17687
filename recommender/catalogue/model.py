"""The catalogue as the domain uses it: immutable, in integer fen, MB, minutes and messages.

``load`` builds these from the plan files; tests build them directly.  A meter is one metered
resource (data, voice, ...): a plan includes some of it, packs add to it, and usage beyond the
allowance is charged per started billing unit, or is not allowed at all (``rate_fen`` is None).
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from .spec import OperatorFile, PackSpec, PlanSpec

MB_PER_GB = 1024
METERS: tuple[str, ...] = ("data_mb", "voice_minutes", "sms", "roaming_data_mb", "roaming_voice_minutes")
"""Every metered resource, in invoice order."""

OPERATORS: tuple[str, ...] = ("china-mobile", "china-telecom", "china-unicom")


@dataclass(frozen=True)
class Tariff:
    """How one meter is billed on a plan beyond its allowance."""

    included: int
    unit: int = 1
    """Size of a billing unit (1024 MB for 'per started GB', 1 for minutes and messages)."""
    rate_fen: int | None = None
    """Fen per started unit; None means usage beyond the allowance is not possible."""


@dataclass(frozen=True)
class Plan:
    id: str
    operator: str
    name: str
    fee_fen: int
    tariffs: Mapping[str, Tariff]
    downlink_mbps: int
    uplink_mbps: int
    satellite: bool = False
    broadband_mbps: int = 0
    throttle_kbps: int | None = None
    """Data beyond the cap is throttled to this speed instead of charged (data rate is None)."""
    benefits: frozenset[str] = frozenset()
    name_en: str = ""


@dataclass(frozen=True)
class Pack:
    id: str
    operator: str
    name: str
    price_fen: int
    adds: Mapping[str, int] = field(default_factory=dict)
    downlink_mbps: int = 0
    uplink_mbps: int = 0
    satellite: bool = False
    benefits: frozenset[str] = frozenset()
    max_count: int = 1
    plans: frozenset[str] | None = None
    """Plans the pack may be added to; None means any plan of its operator."""
    free_with: frozenset[str] = frozenset()
    group: str | None = None
    excludes: frozenset[str] = frozenset()
    billing: str = "monthly"
    name_en: str = ""

    def fits(self, plan: Plan) -> bool:
        return plan.operator == self.operator and (self.plans is None or plan.id in self.plans)


@dataclass(frozen=True)
class Catalogue:
    """All operators' plans and packs, in file order, with a content version."""

    plans: tuple[Plan, ...]
    packs: tuple[Pack, ...]
    version: str = "unversioned"
    specs: tuple[OperatorFile, ...] = ()
    """The plan files as written (with provenance), for the adapters that show them."""
    plan_index: Mapping[str, Plan] = field(init=False, repr=False, compare=False)
    pack_index: Mapping[str, Pack] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "plan_index", MappingProxyType({p.id: p for p in self.plans}))
        object.__setattr__(self, "pack_index", MappingProxyType({p.id: p for p in self.packs}))

    def packs_for(self, plan: Plan) -> tuple[Pack, ...]:
        return tuple(pack for pack in self.packs if pack.fits(plan))

    def plan_spec(self, plan_id: str) -> PlanSpec | None:
        return next((p for f in self.specs for p in f.plans if p.id == plan_id), None)

    def pack_spec(self, pack_id: str) -> PackSpec | None:
        return next((p for f in self.specs for p in f.packs if p.id == pack_id), None)


def _mb(gb: object) -> int:
    return int(gb.value * MB_PER_GB) if gb is not None else 0


def _n(figure: object) -> int:
    return int(figure.value) if figure is not None else 0


def _fen(figure: object) -> int:
    return int(figure.value * 100)


def compile_plan(operator: str, spec: PlanSpec) -> Plan:
    over = spec.overage
    roaming = spec.roaming
    return Plan(
        id=spec.id,
        operator=operator,
        name=spec.name,
        name_en=spec.name_en,
        fee_fen=_fen(spec.monthly_fee),
        tariffs=MappingProxyType({
            "data_mb": Tariff(
                _mb(spec.data_gb), MB_PER_GB, _fen(over.data_per_gb) if over.data_per_gb else None
            ),
            "voice_minutes": Tariff(_n(spec.voice_minutes), 1, _fen(over.voice_per_minute)),
            "sms": Tariff(_n(spec.sms), 1, _fen(over.sms_each)),
            "roaming_data_mb": Tariff(_mb(roaming.data_gb) if roaming else 0, MB_PER_GB, None),
            "roaming_voice_minutes": Tariff(_n(roaming.voice_minutes) if roaming else 0, 1, None),
        }),
        downlink_mbps=_n(spec.downlink_mbps),
        uplink_mbps=_n(spec.uplink_mbps),
        satellite=spec.satellite is not None,
        broadband_mbps=_n(spec.broadband_mbps),
        throttle_kbps=_n(over.throttle_kbps) if over.throttle_kbps else None,
        benefits=frozenset(spec.benefits),
    )


def compile_pack(operator: str, spec: PackSpec) -> Pack:
    adds = {
        "data_mb": _mb(spec.adds.data_gb),
        "voice_minutes": _n(spec.adds.voice_minutes),
        "sms": _n(spec.adds.sms),
        "roaming_data_mb": _mb(spec.adds.roaming_data_gb),
        "roaming_voice_minutes": _n(spec.adds.roaming_voice_minutes),
    }
    return Pack(
        id=spec.id,
        operator=operator,
        name=spec.name,
        name_en=spec.name_en,
        price_fen=_fen(spec.price),
        adds=MappingProxyType({k: v for k, v in adds.items() if v}),
        downlink_mbps=_n(spec.downlink_mbps),
        uplink_mbps=_n(spec.uplink_mbps),
        satellite=spec.satellite,
        benefits=frozenset(spec.benefits),
        max_count=spec.max_count,
        plans=frozenset(spec.plans) if spec.plans is not None else None,
        free_with=frozenset(spec.free_with),
        group=spec.group,
        excludes=frozenset(spec.excludes),
        billing=spec.billing,
    )
