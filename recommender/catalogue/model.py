"""The catalogue as the domain uses it: immutable, in integer fen, MB, minutes and messages.

``load`` builds these from the plan files; tests build them directly.  A meter is one metered
resource (data, voice, ...): a plan includes some of it, packs add to it, and usage beyond the
allowance is charged per started billing unit, or is not allowed at all (``rate_fen`` is None).
"""

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

from ..lazy import cached
from ..money import yuan_to_fen
from .regions import regions_of, share_a_place
from .spec import AppData, Eligibility, Figure, OperatorFile, PackSpec, PlanSpec, benefit_ids, flag_value

MB_PER_GB = 1024
"""What a GB means in a usage profile (phones count 1 GB = 1024 MB); a plan file may say otherwise."""
METERS: tuple[str, ...] = ("data_mb", "voice_s", "sms", "roaming_data_mb", "roaming_voice_s",
                           "satellite_voice_s", "satellite_sms")
"""Every metered resource, in invoice order: data in MB, voice in seconds, messages, roaming
(all zones together), satellite calls and messages."""
SHARED_METERS = {"data": "data_mb", "voice": "voice_s", "sms": "sms"}
"""The resources an extra line may share (plan files' names → meters)."""
UNLIMITED = 1 << 40
"""An 'unlimited' allowance: more than any profile can use (profiles are capped far below)."""



@dataclass(frozen=True)
class SaleConditions:
    """Who may buy a plan or pack (see ``recommender.eligibility``); empty parts do not restrict."""

    customers: str = "any"  # new | existing | any
    existing_of: frozenset[str] = frozenset()
    age_min: int | None = None
    age_max: int | None = None
    regions: frozenset[str] = frozenset()
    members_of: frozenset[str] = frozenset()
    groups: frozenset[str] = frozenset()
    available_from: datetime.date | None = None
    available_until: datetime.date | None = None
    holders_only: bool = False
    """A plan no longer sold, kept only by the people on it now (met when the current plan is the item itself)."""
    assumed: bool = False
    """Whether the conditions rest on an assumption rather than on the source."""

    @property
    def membership(self) -> str:
        """The one membership the item is sold to, which the people on it hold ("" for none, or several: a plan
        naming several does not say which; ``eligibility.about_of``, the batch's ``plan_membership``)."""
        return next(iter(self.members_of)) if len(self.members_of) == 1 else ""

    def on_sale(self, day: datetime.date) -> bool:
        """Whether ``day`` is in the sale window (``available_from`` to ``available_until``, both days in it): the one
        reading of it, by an answer's conditions of sale (``eligibility``, an end at a time), the batch scorer
        (``optimise.eligible``), the what-if's report (``not_on_sale``, ``sale_ends_later``) and ``validate``'s
        notes (``no_longer_sold``)."""
        return self.sale_begun(day) and not self.sale_over(day)

    def sale_begun(self, day: datetime.date) -> bool:
        """Whether the sale has begun by ``day`` (none set, or ``available_from`` is that day or before)."""
        return self.available_from is None or self.available_from <= day

    def sale_over(self, day: datetime.date) -> bool:
        """Whether the sale ended before ``day`` (``available_until`` is its last day)."""
        return self.available_until is not None and self.available_until < day


ANYONE = SaleConditions()
MAX_VIEWS = 64
MAX_SETS = 256
"""The most sets of packs a catalogue keeps what it found of (``Catalogue.plans_sold``): all are forgotten past it."""


class Unpickled(dict[Any, Any]):
    """What a catalogue keeps of the people who asked it (``eligibility.assess``), pickled empty: ``catalogue.cache``
    keeps the catalogue, not who asked it, and resolves none of its classes."""

    def __reduce__(self) -> tuple[type["Unpickled"], tuple[()]]:
        return Unpickled, ()


def one_person_may_meet(a: SaleConditions, b: SaleConditions, operator: str) -> bool:
    """Whether one person could meet the conditions of sale of two items of ``operator`` at once: they live in
    one region and are of one age (found by QA: a bundle that needed its buyer to live in Hebei and in Chongqing was
    recommended, each pack's region 'unknown' on its own), and are not both new to the operator and its customer.
    Memberships and groups a person may hold several of, and operators too: the ``customer_of`` they give and the
    operator of the plan they are on (``eligibility``: two SIMs), so items for existing customers of different
    operators may go together (found by the eligibility review: a China Unicom customer on ct-5g-59 meeting both
    was never offered a pack for China Unicom's customers on it); dates are read at one day, item by item."""
    if a.regions and b.regions and not share_a_place(a.regions, b.regions):
        return False
    if max(a.age_min or 0, b.age_min or 0) > min(200 if a.age_max is None else a.age_max,
                                                  200 if b.age_max is None else b.age_max):
        return False
    customers = {a.customers, b.customers}
    if customers == {"new", "existing"}:  # (new to this operator, a customer of another it names)
        return bool((a.existing_of | b.existing_of) - {operator})
    return True


@dataclass(frozen=True)
class Tariff:
    """How one meter is billed on a plan beyond its allowance.

    Overage costs ``ceil(ceil(over / unit) * rate_fen / per)`` fen: whole started units at a
    rate quoted for ``per`` units, rounded up to the fen once per invoice line.
    """

    included: int
    unit: int = 1
    """Size of a started unit (1024 MB for 'per started GB'; 1 s for calls priced by the second)."""
    rate_fen: int | None = None
    """Fen per ``per`` units; None means usage beyond the allowance is not possible."""
    per: int = 1
    """How many units the rate is quoted for (60 when a per-minute rate is charged by the second)."""
    tiers: tuple[tuple[int | None, int], ...] = ()
    """Data in tiers instead of one rate: ``(up to this many started units over the allowance, fen per
    unit)``; the last is open (None)."""
    cap_fen: int | None = None
    """The overage never costs more than this a month (封顶)."""
    full_speed: int | None = None
    """Units beyond the allowance at full speed (charged); beyond them the plan throttles (达量限速)."""


@dataclass(frozen=True)
class DayPass:
    """A roaming day pass: per day of a trip, its price and daily allowance."""

    price_fen: int
    data_mb: int
    voice_s: int
    zones: frozenset[str] | None = None
    """Where it is sold; None: every zone (and trips whose zone is not given)."""

    def covers(self, zone: str | None) -> bool:
        return self.zones is None or zone in self.zones


@dataclass(frozen=True)
class ExtraLines:
    """Extra lines (副卡) a plan may carry."""

    max: int
    fee_fen: int
    shared: frozenset[str]
    """Meters pooled by every line; the others: each extra line has its ``per_line`` allowance."""
    per_line: Mapping[str, int]
    """Per extra line and meter: added to the pool (shared meters) or the line's own allowance."""
    assumed: bool = False

    def pooled(self, meter: str, extra_lines: int) -> int:
        """What ``extra_lines`` extra lines add to the household's pool of a shared ``meter``."""
        return extra_lines * self.per_line.get(meter, 0) if meter in self.shared else 0


@dataclass(frozen=True)
class BillingRules:
    """How raw usage becomes billed quantities on a plan (see ``recommender.usage``)."""

    voice_block_s: int = 60
    """Each call is rounded up to a whole number of these (60, 6 or 1 seconds)."""
    data_per_session: bool = False
    """Round each data session up (True) or the month's total (False)."""
    data_unit_mb: int = 1
    mb_per_gb: int = MB_PER_GB


def promotion_spans(ends: Sequence[int]) -> list[tuple[int, int]]:
    """The contract months (first and last, from 1) each promotion covers, given the last month of each
    (``first_months``, in the order written): a month pays the first promotion covering it, so each runs from where
    the one before ends (the plan files refuse one that would never apply)."""
    spans, start = [], 1
    for end in ends:
        spans.append((start, end))
        start = end + 1
    return spans


@dataclass(frozen=True)
class Terms:
    """Contract terms in fen: they change the price over time, not the bundle chosen."""

    promotions: tuple[tuple[int, int], ...] = ()
    """``(first_months, monthly_fee_fen)``, applied in order: the first that covers a month wins."""
    one_off_fen: int = 0
    minimum_term_months: int = 0
    minimum_monthly_spend_fen: int = 0

    @cached
    def none(self) -> bool:
        """No terms at all (equal to ``Terms()``, ``cost.NO_TERMS``): read, not compared field by field, by
        ``cost.contract``, which every plan of every answer asks."""
        return self == Terms()


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
    app_data: tuple[tuple[frozenset[str], int], ...] = ()
    """App data (定向流量): ``(app categories, MB)`` each month, used before general data."""
    extra_lines: ExtraLines | None = None
    day_pass: DayPass | None = None
    zone_rates: Mapping[str, tuple[int | None, int | None]] = field(default_factory=dict)
    """Roaming beyond the allowance by zone: ``(fen per started GB, fen per started minute)``, None: not possible."""
    name_en: str = ""
    currency: str = "CNY"
    billing: BillingRules = BillingRules()
    terms: Terms = Terms()
    rule: SaleConditions = ANYONE
    assumed: frozenset[str] = frozenset()
    """Figures resting on an assumption: 'fee', 'throttle', and per meter '<meter>' (allowance) and
    'rate:<meter>' (overage rate); 'day_pass' (its price) and 'zone:<zone>:<meter>' (a zone's roaming rate);
    'level:<need>' (a speed or broadband speed: ``min_uplink_mbps``, ``min_downlink_mbps``, ``broadband``; or
    ``satellite``, the service)."""

    def __post_init__(self) -> None:
        missing = [m for m in METERS if m not in self.tariffs]
        if missing:  # a meter the plan says nothing of: none included, none possible beyond
            object.__setattr__(self, "tariffs", MappingProxyType(
                {**self.tariffs, **{m: Tariff(0, 60 if m.endswith("_s") else 1, None) for m in missing}}))


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
    broadband_mbps: int = 0
    install_fen: int = 0
    """A one-off fee (broadband installation), paid once over the horizon whatever the months."""
    app_data: tuple[tuple[frozenset[str], int], ...] = ()
    benefits: frozenset[str] = frozenset()
    max_count: int = 1
    plans: frozenset[str] | None = None
    """Plans the pack may be added to; None means any plan of its operator."""
    free_with: frozenset[str] = frozenset()
    group: str | None = None
    excludes: frozenset[str] = frozenset()
    billing: str = "monthly"
    """monthly | per_day | per_use: a per-day (or per-use) pack's speed lasts one day per unit bought."""
    name_en: str = ""
    subscription: bool = False
    """Over a usage history, bought in the same count every month."""
    per_line: bool = False
    """Sold per SIM: in a household its speed serves only the line it is bought for, one unit a line (a per-day
    pack: that line's days); its allowances add to the bundle as any pack's (``cost.per_line_plan``)."""
    rule: SaleConditions = ANYONE
    assumed: frozenset[str] = frozenset()
    """Figures resting on an assumption: 'price', per meter '<meter>' (what the pack adds), and 'level:<need>' (a
    speed or broadband speed it gives, as a plan's)."""

    @property
    def daily(self) -> bool:
        """Bought per day or per use: each unit gives its speed for one day."""
        return self.billing != "monthly"

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
    operators: tuple[str, ...] = field(init=False, repr=False, compare=False)
    """The operator ids the plan files declare, in file order: nothing else lists operators."""
    currencies: frozenset[str] = field(init=False, repr=False, compare=False)
    memberships: frozenset[str] = field(init=False, repr=False, compare=False)
    benefits: frozenset[str] = field(init=False, repr=False, compare=False)
    """The benefit ids the plans and packs bring (what a profile may require or value)."""
    groups: frozenset[str] = field(init=False, repr=False, compare=False)
    """The groups the plans' and packs' conditions of sale name (``about.groups`` a profile may say)."""
    regions: frozenset[str] = field(init=False, repr=False, compare=False)
    """Region codes of the loaded markets (what ``about.region`` may say)."""
    plan_index: Mapping[str, Plan] = field(init=False, repr=False, compare=False)
    position: Mapping[str, int] = field(init=False, repr=False, compare=False)
    """A plan's place in the catalogue (ties in the ranking go to the earlier plan)."""
    pack_index: Mapping[str, Pack] = field(init=False, repr=False, compare=False)
    _fitting: tuple[Mapping[str, tuple[int, ...]], Mapping[str, tuple[int, ...]]] = field(
        init=False, repr=False, compare=False)
    """Positions of the packs for any plan of an operator, and of those naming a plan (``packs_for``)."""

    def __post_init__(self) -> None:
        # in the order of their first file that holds plans (a province's packs-only file sorting first does not
        # move its operator ahead of the others), then any other
        operators = [f.operator.id for f in self.specs if f.plans] + [f.operator.id for f in self.specs] \
            or [p.operator for p in self.plans]
        object.__setattr__(self, "operators", tuple(dict.fromkeys(operators)))
        object.__setattr__(self, "currencies", frozenset(p.currency for p in self.plans))
        object.__setattr__(self, "memberships", frozenset(m.id for f in self.specs for m in f.operator.memberships))
        object.__setattr__(self, "benefits", frozenset().union(*(p.benefits for p in self.plans),
                                                                 *(p.benefits for p in self.packs)))
        object.__setattr__(self, "groups", frozenset().union(*(p.rule.groups for p in self.plans),
                                                               *(p.rule.groups for p in self.packs)))
        object.__setattr__(self, "regions", regions_of({f.operator.country for f in self.specs}))
        object.__setattr__(self, "plan_index", MappingProxyType({p.id: p for p in self.plans}))
        object.__setattr__(self, "position", MappingProxyType({p.id: i for i, p in enumerate(self.plans)}))
        object.__setattr__(self, "pack_index", MappingProxyType({p.id: p for p in self.packs}))
        wide: dict[str, list[int]] = {}
        named: dict[str, list[int]] = {}
        for i, pack in enumerate(self.packs):
            for key, index in ((pack.operator, wide),) if pack.plans is None else ((p, named) for p in pack.plans):
                index.setdefault(key, []).append(i)
        object.__setattr__(self, "_fitting", ({k: tuple(v) for k, v in wide.items()},
                                              {k: tuple(v) for k, v in named.items()}))

    def without_packs(self, dropped: frozenset[str]) -> "Catalogue":
        """The same catalogue less some packs (those a person may not buy), kept for reuse: the few
        distinct sets of dropped packs each get their own compiled tables once."""
        if not dropped:
            return self
        views: dict[frozenset[str], Catalogue] = self.__dict__.setdefault("_views", {})
        view = views.get(dropped)
        if view is None:
            view = Catalogue(self.plans, tuple(p for p in self.packs if p.id not in dropped), self.version, self.specs)
            view.__dict__["_shared"] = self.__dict__.setdefault("_shared", {})
            if len(views) >= MAX_VIEWS:
                views.pop(next(iter(views)))
            views[dropped] = view
        return view

    def shared(self, name: str) -> dict[Any, Any]:
        """A cache kept once for this catalogue and all its ``without_packs`` views: for what depends only
        on the plans and packs a view has (a view's plans and packs are the catalogue's own objects)."""
        family: dict[str, dict[Any, Any]] | None = self.__dict__.get("_shared")
        if family is None:
            family = self.__dict__.setdefault("_shared", {})
        found = family.get(name)  # (no new dict made to be thrown away: asked of every bundle priced, ``cost.fixed``)
        return family.setdefault(name, {}) if found is None else found

    def packs_for(self, plan: Plan) -> tuple[Pack, ...]:
        """The packs that fit ``plan`` (``Pack.fits``), in file order, found by index (a catalogue of
        provincial offers has thousands of packs)."""
        wide, named = self._fitting
        found = [*wide.get(plan.operator, ()), *(i for i in named.get(plan.id, ())
                                                  if self.packs[i].operator == plan.operator)]
        return tuple(self.packs[i] for i in sorted(found))

    def plans_sold(self, packs: frozenset[str]) -> frozenset[str]:
        """The ids of the plans some pack of ``packs`` fits (``packs_for``), kept per set: what every answer asks of
        its packs on a condition of sale the person leaves unknown (``planner._sure_first``), a set of few kinds
        (who the person says they are), once per answer rather than once per plan."""
        kept: dict[frozenset[str], frozenset[str]] = self.__dict__.setdefault("_plans_sold", {})
        found = kept.get(packs)
        if found is None:
            if len(kept) >= MAX_SETS:
                kept.clear()
            found = kept[packs] = frozenset(plan.id for plan in self.plans
                                            if any(pack.id in packs for pack in self.packs_for(plan)))
        return found

    def plan_spec(self, plan_id: str) -> PlanSpec | None:
        return next((p for f in self.specs for p in f.plans if p.id == plan_id), None)

    def by_operator(self) -> tuple[OperatorFile, ...]:
        """One plan-file model per operator, in file order: the plans and packs of all its files (an operator may
        be split over files, each saying the same operator and currency: ``load``)."""
        merged: dict[str, OperatorFile] = {}
        for spec in self.specs:
            found = merged.get(spec.operator.id)
            merged[spec.operator.id] = spec if found is None else found.model_copy(
                update={"plans": found.plans + spec.plans, "packs": found.packs + spec.packs})
        return tuple(merged.values())

    def pack_spec(self, pack_id: str) -> PackSpec | None:
        return next((p for f in self.specs for p in f.packs if p.id == pack_id), None)


def _value(figure: Figure | None, scale: int = 1) -> int:
    if figure is None:
        return 0
    value = figure.value
    if value == "unlimited":
        return UNLIMITED
    scaled = value * scale
    if scaled != scaled.to_integral_value():  # never truncate: the loader reports it with file:line
        raise ValueError(f"{value} is not a whole number of units at {scale} per unit")
    return int(scaled)


def _fen(figure: Figure | None) -> int:
    return yuan_to_fen(figure.value) if figure is not None else 0


VOICE_BLOCKS = {"per_minute": 60, "per_6_seconds": 6, "per_second": 1}


def _assumed(figure: Figure | None) -> bool:
    return figure is not None and figure.source.startswith("assumption:")


def compile_rule(operator: str, spec: Eligibility | None) -> SaleConditions:
    if spec is None:
        return ANYONE
    return SaleConditions(
        customers=spec.customers,
        existing_of=frozenset(spec.existing_of or (operator,)) if spec.customers == "existing" else frozenset(),
        age_min=spec.age.min if spec.age else None,
        age_max=spec.age.max if spec.age else None,
        regions=frozenset(spec.regions),
        members_of=frozenset(spec.members_of),
        groups=frozenset(spec.groups),
        available_from=spec.available_from,
        available_until=spec.available_until,
        holders_only=spec.holders_only,
        assumed=spec.source.startswith("assumption:"),
    )


def _level_figures(spec: PlanSpec | PackSpec) -> dict[str, Figure | None]:
    """The speeds a plan or pack gives, by the need each meets ('level:<need>' among its assumed figures:
    ``cost.level_assumed``), and the figure its satellite service rests on (``_satellite_figure``)."""
    return {"level:min_uplink_mbps": spec.uplink_mbps, "level:min_downlink_mbps": spec.downlink_mbps,
            "level:broadband": spec.broadband_mbps, "level:satellite": _satellite_figure(spec)}


def _satellite_figure(spec: PlanSpec | PackSpec) -> Figure | None:
    """A figure the satellite service of a plan or pack is given by: a sourced one when any is (the service is
    then the source's), else an assumed one, else None (none, or a pack's bare ``satellite: true``).  Found by
    the provenance audit: Telecom's 199 and 299 tiers have satellite only by assumption (the source gives
    30 min + 30 SMS among the richest tier's figures), yet a satellite need met on them read as a fact."""
    if isinstance(spec, PlanSpec):
        sat = spec.satellite
        found = [] if sat is None else [sat.minutes, sat.sms, sat.voice_per_minute, sat.sms_each]
    else:
        found = [spec.adds.satellite_minutes, spec.adds.satellite_sms]
    found = [f for f in found if f is not None]
    return next((f for f in found if not _assumed(f)), found[0] if found else None)


def compile_plan(operator: str, spec: PlanSpec, currency: str = "CNY") -> Plan:
    over, roaming, rules = spec.overage, spec.roaming, spec.billing
    figures: dict[str, Figure | None] = {
        "fee": spec.monthly_fee, "throttle": over.throttle_kbps,
        "data_mb": spec.data_gb, "voice_s": spec.voice_minutes, "sms": spec.sms,
        "roaming_data_mb": roaming.data_gb if roaming else None,
        "roaming_voice_s": roaming.voice_minutes if roaming else None,
        "rate:data_mb": over.data_per_gb, "rate:voice_s": over.voice_per_minute, "rate:sms": over.sms_each,
    }
    mb_per_gb = rules.mb_per_gb
    block = VOICE_BLOCKS[rules.voice]
    voice_rate = _fen(over.voice_per_minute)
    terms = spec.terms
    sat = spec.satellite
    figures |= {"satellite_voice_s": sat.minutes if sat else None, "satellite_sms": sat.sms if sat else None,
                "rate:satellite_voice_s": sat.voice_per_minute if sat else None,
                "rate:satellite_sms": sat.sms_each if sat else None, "cap": over.cap,
                "full_speed": over.full_speed_extra_gb}
    figures |= _level_figures(spec)
    if roaming is not None:  # the day pass's price, and each zone's rates (what its lines rest on)
        figures["day_pass"] = roaming.day_pass.price if roaming.day_pass is not None else None
        for zone, rates in roaming.zones.items():
            figures[f"zone:{zone}:roaming_data_mb"] = rates.data_per_gb
            figures[f"zone:{zone}:roaming_voice_s"] = rates.voice_per_minute
    if over.data is not None:
        figures["rate:data_mb"] = next((t.per_gb for t in over.data if _assumed(t.per_gb)), over.data[0].per_gb)
    lines = spec.extra_lines
    return Plan(
        id=spec.id,
        operator=operator,
        name=spec.name,
        name_en=spec.name_en,
        fee_fen=_fen(spec.monthly_fee),
        tariffs=MappingProxyType({
            "data_mb": _data_tariff(spec, mb_per_gb),
            # Calls billed per minute are whole minutes: charge per started minute.  Finer blocks
            # are charged pro rata, one rounding to the fen per month (rate per minute = per 60 s).
            "voice_s": Tariff(_value(spec.voice_minutes, 60), 60, voice_rate) if block == 60
            else Tariff(_value(spec.voice_minutes, 60), 1, voice_rate, 60),
            "sms": Tariff(_value(spec.sms), 1, _fen(over.sms_each)),
            "roaming_data_mb": Tariff(_value(roaming.data_gb, mb_per_gb) if roaming else 0, mb_per_gb, None),
            "roaming_voice_s": Tariff(_value(roaming.voice_minutes, 60) if roaming else 0, 60, None),
            "satellite_voice_s": Tariff(_value(sat.minutes, 60) if sat else 0, 60,
                                        _fen(sat.voice_per_minute) if sat and sat.voice_per_minute else None),
            "satellite_sms": Tariff(_value(sat.sms) if sat else 0, 1,
                                    _fen(sat.sms_each) if sat and sat.sms_each else None),
        }),
        app_data=_app_data(spec.app_data_gb, mb_per_gb),
        extra_lines=None if lines is None else ExtraLines(
            max=lines.max, fee_fen=_fen(lines.fee), shared=frozenset(SHARED_METERS[r] for r in lines.shared),
            per_line=MappingProxyType({m: v for m, v in (
                ("data_mb", _value(lines.per_line.data_gb, mb_per_gb)),
                ("voice_s", _value(lines.per_line.voice_minutes, 60)),
                ("sms", _value(lines.per_line.sms))) if v}),
            assumed=lines.source.startswith("assumption:") or _assumed(lines.fee)),
        day_pass=None if roaming is None or roaming.day_pass is None else DayPass(
            _fen(roaming.day_pass.price), _value(roaming.day_pass.data_gb, mb_per_gb),
            _value(roaming.day_pass.voice_minutes, 60),
            None if roaming.day_pass.zones is None else frozenset(roaming.day_pass.zones)),
        zone_rates=MappingProxyType({} if roaming is None else {
            zone: (_fen(r.data_per_gb) if r.data_per_gb else None,
                   _fen(r.voice_per_minute) if r.voice_per_minute else None) for zone, r in roaming.zones.items()}),
        downlink_mbps=_value(spec.downlink_mbps),
        uplink_mbps=_value(spec.uplink_mbps),
        satellite=spec.satellite is not None,
        broadband_mbps=_value(spec.broadband_mbps),
        throttle_kbps=_value(over.throttle_kbps) if over.throttle_kbps else None,
        benefits=frozenset(benefit_ids(spec.benefits)),
        currency=currency,
        billing=BillingRules(block, rules.data_rounding == "per_session", rules.data_unit_mb, mb_per_gb),
        terms=Terms(
            promotions=tuple((p.first_months, _fen(p.monthly_fee)) for p in terms.promotions),
            one_off_fen=_fen(terms.one_off_fee),
            minimum_term_months=terms.minimum_term_months,
            minimum_monthly_spend_fen=_fen(terms.minimum_monthly_spend),
        ),
        rule=compile_rule(operator, spec.eligibility),
        assumed=frozenset(k for k, f in figures.items() if _assumed(f)),
    )


def _data_tariff(spec: PlanSpec, mb_per_gb: int) -> Tariff:
    over = spec.overage
    included = _value(spec.data_gb, mb_per_gb)
    full = _value(over.full_speed_extra_gb, mb_per_gb) if over.full_speed_extra_gb is not None else None
    cap = _fen(over.cap) if over.cap is not None else None
    if over.data is not None:
        tiers = tuple((_value(t.up_to_gb) if t.up_to_gb is not None else None, _fen(t.per_gb)) for t in over.data)
        return Tariff(included, mb_per_gb, tiers[0][1], 1, tiers, cap, full)
    if over.data_per_gb is not None:
        return Tariff(included, mb_per_gb, _fen(over.data_per_gb), 1, (), cap, full)
    # Throttling only; a free full-speed stretch first when full_speed_extra_gb is given.
    return Tariff(included, mb_per_gb, 0 if full is not None else None, 1, (), None, full)


def _app_data(specs: tuple[AppData, ...], mb_per_gb: int) -> tuple[tuple[frozenset[str], int], ...]:
    return tuple((frozenset(a.apps), _value(a.gb, mb_per_gb)) for a in specs)


def compile_pack(operator: str, spec: PackSpec, mb_per_gb: int = MB_PER_GB) -> Pack:
    adds = {
        "data_mb": _value(spec.adds.data_gb, mb_per_gb),
        "voice_s": _value(spec.adds.voice_minutes, 60),
        "sms": _value(spec.adds.sms),
        "roaming_data_mb": _value(spec.adds.roaming_data_gb, mb_per_gb),
        "roaming_voice_s": _value(spec.adds.roaming_voice_minutes, 60),
        "satellite_voice_s": _value(spec.adds.satellite_minutes, 60),
        "satellite_sms": _value(spec.adds.satellite_sms),
    }
    add_figures = {"data_mb": spec.adds.data_gb, "voice_s": spec.adds.voice_minutes, "sms": spec.adds.sms,
                   "roaming_data_mb": spec.adds.roaming_data_gb, "roaming_voice_s": spec.adds.roaming_voice_minutes,
                   "satellite_voice_s": spec.adds.satellite_minutes, "satellite_sms": spec.adds.satellite_sms}
    return Pack(
        id=spec.id,
        operator=operator,
        name=spec.name,
        name_en=spec.name_en,
        price_fen=_fen(spec.price),
        adds=MappingProxyType({k: v for k, v in adds.items() if v}),
        downlink_mbps=_value(spec.downlink_mbps),
        uplink_mbps=_value(spec.uplink_mbps),
        satellite=spec.satellite or bool(adds["satellite_voice_s"] or adds["satellite_sms"]),  # (adding satellite
        # minutes or messages brings the service: found by QA, such a pack met satellite_minutes, not `satellite`)
        broadband_mbps=_value(spec.broadband_mbps),
        install_fen=_fen(spec.install_fee),
        app_data=_app_data(spec.app_data_gb, mb_per_gb),
        benefits=frozenset(benefit_ids(spec.benefits)),
        max_count=spec.max_count,
        plans=frozenset(spec.allowed_plans) if spec.allowed_plans is not None else None,
        free_with=frozenset(spec.free_with),
        group=spec.group,
        excludes=frozenset(spec.excludes),
        billing=spec.billing,
        subscription=spec.subscription,
        per_line=flag_value(spec.per_line),
        rule=compile_rule(operator, spec.eligibility),
        assumed=frozenset({"price"} if _assumed(spec.price) or _assumed(spec.install_fee) else ())
        | {m for m, f in add_figures.items() if _assumed(f)}
        | {key for key, f in _level_figures(spec).items() if _assumed(f)},
    )


def sold_together(plans: Sequence[Plan], packs: Sequence[Pack]) -> tuple[Pack, ...]:
    """The packs, each kept off the plans and packs whose conditions of sale no one buying it could also meet
    (``one_person_may_meet``): such a bundle is not for sale to anyone, whoever the person says they are."""
    plan_rules: dict[str, dict[SaleConditions, list[str]]] = {}  # by operator, the ids under each distinct rule
    pack_rules: dict[str, dict[SaleConditions, list[str]]] = {}
    for items, by in ((plans, plan_rules), (packs, pack_rules)):
        for item in items:
            by.setdefault(item.operator, {}).setdefault(item.rule, []).append(item.id)
    out = []
    for pack in packs:
        op = pack.operator
        if set(plan_rules.get(op, {})) | set(pack_rules[op]) == {ANYONE}:  # (no condition of sale: most files)
            out.append(pack)
            continue
        apart_plans = {pid for rule, ids in plan_rules.get(op, {}).items()
                       if not one_person_may_meet(rule, pack.rule, op) for pid in ids}
        apart = {qid for rule, ids in pack_rules[op].items()
                 if not one_person_may_meet(rule, pack.rule, op) for qid in ids if qid != pack.id}
        if not apart_plans and not apart:
            out.append(pack)
            continue
        fits = pack.plans if not apart_plans else frozenset(
            p.id for p in plans if p.operator == op and p.id not in apart_plans and (pack.plans is None or
                                                                                      p.id in pack.plans))
        out.append(replace(pack, plans=fits, excludes=pack.excludes | apart))
    return tuple(out)
