"""The profile with its needs changed: lowered, dropped or relaxed in each of its parts and its household lines'
own (what the suggestions try, and what a current plan that cannot meet the needs is priced for)."""

from collections.abc import Callable, Mapping
from typing import Any

from ..profile import Needs, Profile, RoamingNeed


def usage_only(profile: Profile) -> list[Profile]:
    """The profile without the needs a current plan may not meet: first its capabilities (speeds, broadband,
    satellite service, required benefits), keeping the usage it pays for (trips, satellite minutes); then the
    satellite minutes and messages too (a plan without satellite service carries none: found in review, they
    dropped the trips with them, and a European trip's ¥60 from what is paid now); then every need.  What the
    person pays now for that usage is the plan's cheapest bundle for it."""
    capabilities = {"min_uplink_mbps": 0, "min_downlink_mbps": 0, "uplink_days": None, "downlink_days": None,
                    "satellite": False, "broadband": False, "broadband_mbps": 0}
    return [with_needs(profile, change, benefits_required=(), budget_fen=None)
            for change in (capabilities, {**capabilities, "satellite_minutes": 0, "satellite_sms": 0}, None)]


def with_needs(profile: Profile, change: Mapping[str, Any] | None, **update: Any) -> Profile:
    """``profile`` with ``change`` made to its needs and to each household line's own (None: no need at all; a
    household's lines' needs too, found by QA: only the top was relaxed), and ``update`` to its other fields.
    Dropping the roaming need (or every need) drops a history's months' own trips too (found by the trips QA:
    a current plan that cannot roam, with a trip in one month only, was priced without its packs, as the
    relaxed profile still travelled in that month)."""
    if profile.months is not None and (change is None or "roaming" in change) and "months" not in update:
        update = {**update, "months": tuple(m.model_copy(update={"roaming": RoamingNeed()}) if m.trips else m
                                            for m in profile.months)}
    return each_need(profile, lambda needs: needs.model_copy(update=change) if change is not None else Needs(),
                     **update)


def each_need(profile: Profile, relax: Callable[[Needs], Needs], **update: Any) -> Profile:
    """``profile`` with each of its needs made ``relax(needs)``: each part (a holder's line alone's two:
    ``Profile.of_needs``) and each household line's own; ``update`` made to its other fields."""
    lines = tuple(line if line.needs is None else line.model_copy(update={"needs": relax(line.needs)})
                  for line in profile.lines or ())
    return profile.of_needs(*map(relax, profile.need_parts), **({"lines": lines} if lines else {}), **update)


def at_most(profile: Profile, name: str, level: int) -> Profile:
    """``profile`` with need ``name`` at most ``level`` in each of its needs and its lines' own."""
    return each_need(profile, lambda needs: needs.model_copy(update={name: level}) if getattr(needs, name) > level
                     else needs)


def without_benefits(profile: Profile, tags: set[str]) -> Profile:
    return profile.model_copy(update={"benefits_required": tuple(t for t in profile.benefits_required
                                                                 if t not in tags)})
