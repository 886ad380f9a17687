"""From what a person did to what a plan bills: monthly billed quantities under each plan's rules.

A profile's usage is one month of totals, a history of months, or itemised records (calls in
seconds, data sessions in MB, messages).  Each plan declares how it measures usage: calls
rounded up per call to a block (a minute, 6 seconds, a second), data rounded up per session or
per month to a unit (1 MB, 1000 MB, 1024 MB).  ``billed`` applies those rules and returns one
demand per month, in the meters' units (MB, seconds, messages) — rounding happens here, once,
where the plan says; allowances and overage are then computed on these billed quantities.

Monthly totals carry no per-call detail, so on them only the per-month rounding applies.
Itemised records usually come from a CSV: ``recommender.usage.csv`` reads it.
"""

import math
import threading
from collections import Counter, OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal

from ..catalogue.model import MB_PER_GB, METERS, Plan
from ..profile import AppCategory, LineUsage, Profile, Record, RoamingNeed

Demand = dict[str, int]


def _round_up(value: int | Decimal, unit: int) -> int:
    return math.ceil(Decimal(value) / unit) * unit


APP = "app:"
"""Demand keys ``app:<category>``: MB of the month's data used in that app category (before rounding)."""


MB_DIGITS = Decimal("0.000001")


def as_mb(gb: Decimal) -> Decimal:
    """GB as MB, read to a millionth of a MB (before any rounding up): float noise in a number a client sends,
    10.000000000000002 GB, is 10240 MB, not a megabyte more (found by the money QA: ¥3 of overage for 2 bytes,
    where the batch scorer read the same row as 10240 MB); ``optimise.batch.column_mb`` reads a column alike."""
    return (gb * MB_PER_GB).quantize(MB_DIGITS, ROUND_HALF_EVEN)


def trip_use(trip: RoamingNeed) -> tuple[int, int]:
    """A trip's roaming data (MB, rounded up) and voice (s)."""
    return math.ceil(as_mb(trip.data_gb)), trip.voice_minutes * 60


def _month_demand(plan: Plan, profile: Profile, data_mb: int | Decimal, voice_s: int, sms: int,
                  app_share: Mapping[AppCategory, Decimal] | None = None) -> Demand:
    rules = plan.billing
    trips = [trip_use(t) for t in profile.wants.trips]
    demand = {
        "data_mb": _round_up(data_mb, rules.data_unit_mb),
        "voice_s": voice_s,
        "sms": sms,
        "roaming_data_mb": sum(mb for mb, _ in trips),
        "roaming_voice_s": sum(s for _, s in trips),
        "satellite_voice_s": profile.wants.satellite[0] * 60,
        "satellite_sms": profile.wants.satellite[1],
    }
    assert tuple(demand) == METERS
    share = profile.app_share if app_share is None else app_share
    for category, gb in share.items():
        if gb > 0:  # app usage never exceeds the month's data (a history's small months)
            demand[APP + category] = min(math.ceil(as_mb(gb)), demand["data_mb"])
    return demand


def _line_demand(plan: Plan, profile: Profile, line: LineUsage) -> Demand:
    return _month_demand(plan, profile, as_mb(line.data_gb), line.voice_minutes * 60, line.sms, line.app_share)


def _household_demand(plan: Plan, profile: Profile) -> Demand:
    """A household's month on one plan: the holder's usage, and on the meters the plan's extra lines
    share, every line's usage less what the extra lines add to the pool."""
    assert profile.lines is not None
    lines = [_line_demand(plan, profile, line) for line in profile.lines]
    demand = dict(lines[0])
    extra = plan.extra_lines
    if extra is None:
        return demand
    for meter in extra.shared:
        pooled = sum(d[meter] for d in lines) - extra.pooled(meter, len(lines) - 1)
        demand[meter] = max(0, pooled)
    if "data_mb" in extra.shared:  # the whole household's app usage meets the plan's app data
        for key in {k for d in lines for k in d if k.startswith(APP)}:
            demand[key] = min(sum(d.get(key, 0) for d in lines), demand["data_mb"])
    return demand


def extra_demands(profile: Profile, plan: Plan) -> list[Demand]:
    """Each extra line's own month (data, voice, SMS) under ``plan``'s billing rules."""
    return [_line_demand(plan, profile, line) for line in (profile.lines or ())[1:]]


def pooled_use(profile: Profile, plan: Plan) -> dict[str, int]:
    """What the whole household uses of each meter the plan's extra lines share."""
    shared = plan.extra_lines.shared if plan.extra_lines else frozenset()
    lines = [_line_demand(plan, profile, line) for line in profile.lines or ()]
    return {meter: sum(d[meter] for d in lines) for meter in METERS if meter in shared}


def months_of(profile: Profile) -> list[str]:
    """Labels of the profile's usage months: ``YYYY-MM`` for records, ``1``, ``2``… otherwise."""
    if profile.records is not None:
        return sorted(_summary(profile.records))
    if not profile.months:  # (one month, most profiles: asked by every recommendation shown)
        return ["1"]
    return [str(i + 1) for i in range(len(profile.months))]


def billed(profile: Profile, plan: Plan) -> list[Demand]:
    """One demand per usage month, measured under ``plan``'s billing rules (read-only: the demands
    are kept with the profile and shared by the calls with the same billing rules, since one answer
    asks for them many times and plans share a few sets of rules; a household's, which its plan's extra lines
    shape, by plan).  Kept by the plan itself, not its id: the same profile priced on a plan file as it was and as
    edited (a what-if in Python) has the edited plan's rules, where the first plan's demands were returned (found
    by mutation testing: a call of 1 s billed 60 s on a plan of the same id billing by the second)."""
    profile = profile.history_of or profile
    kept = profile.billed_demands
    hit = kept.get(plan.id)  # (a plan asked again: its id's hash is kept by the string, its rules' is computed)
    if hit is not None and hit[0] is plan:
        return hit[1]
    found: list[Demand] | None = None if profile.household else kept.get(plan.billing)
    if found is None:
        found = _billed(profile, plan)
        if not profile.household:
            kept[plan.billing] = found
    kept[plan.id] = (plan, found)
    return found


def _billed(profile: Profile, plan: Plan) -> list[Demand]:
    if profile.household:
        return [_household_demand(plan, profile)]
    if profile.records is not None:
        return _billed_records(profile, plan)
    if profile.months is None:
        return [_month_demand(plan, profile, as_mb(profile.data_gb), profile.voice_minutes * 60, profile.sms)]
    return [_month_demand(plan, profile.in_month(i), as_mb(m.data_gb), m.voice_minutes * 60, m.sms)
            for i, m in enumerate(profile.months)]


@dataclass(frozen=True)
class _MonthRecords:
    """One month of records, summarised: how many calls of each duration, sessions of each size."""

    calls: Counter[int]
    sessions: Counter[Decimal]
    sms: int


_SUMMARIES: OrderedDict[int, tuple[tuple[Record, ...], dict[str, _MonthRecords]]] = OrderedDict()
_SUMMARIES_LOCK = threading.Lock()


def _summary(records: tuple[Record, ...]) -> dict[str, _MonthRecords]:
    """The records by month, computed once per set of records (a few recent sets are kept: one
    request bills the same records under every plan's rules)."""
    with _SUMMARIES_LOCK:
        hit = _SUMMARIES.get(id(records))
        if hit is not None and hit[0] is records:  # the cache holds `records`, so its id is not reused
            _SUMMARIES.move_to_end(id(records))
            return hit[1]
    months: dict[str, _MonthRecords] = {}
    for record in records:
        month = months.setdefault(f"{record.date:%Y-%m}", _MonthRecords(Counter(), Counter(), 0))
        if record.kind == "call":
            month.calls[record.duration_s] += 1
        elif record.kind == "data":  # (read to a millionth of a MB, as a GB figure is: ``as_mb``; a CSV's
            month.sessions[record.mb.quantize(MB_DIGITS, ROUND_HALF_EVEN)] += 1  # 20480.000000000004 MB cost ¥2)
        else:
            months[f"{record.date:%Y-%m}"] = _MonthRecords(month.calls, month.sessions, month.sms + 1)
    with _SUMMARIES_LOCK:
        _SUMMARIES[id(records)] = (records, months)
        while len(_SUMMARIES) > 8:
            _SUMMARIES.popitem(last=False)
    return months


def _billed_records(profile: Profile, plan: Plan) -> list[Demand]:
    rules = plan.billing
    assert profile.records is not None
    summary = _summary(profile.records)
    demands = []
    for label in months_of(profile):
        month = summary[label]
        voice = sum(n * _round_up(seconds, rules.voice_block_s) for seconds, n in month.calls.items())
        if rules.data_per_session:
            data: int | Decimal = sum(n * _round_up(mb, rules.data_unit_mb) for mb, n in month.sessions.items())
        else:
            data = sum((n * mb for mb, n in month.sessions.items()), Decimal(0))
        demands.append(_month_demand(plan, profile, data, voice, month.sms))
    return demands
