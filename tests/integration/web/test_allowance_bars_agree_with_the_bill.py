"""Property: on random plan FILES (loaded by the real loader) and one-line profiles, every allowance bar of every
card the form shows agrees with the cost model that priced the card's bill.

``Page._bars`` reads what a bundle includes from the plan files (the plan's figure plus each pack's ``adds`` times its
count), so that each figure can cite its source; the bill is ``cost.price``'s.  For each meter a card shows a bar for,
in the month the bar stands for (one month's profile: its month; a history: the month that bills most of that meter,
the first of equals, with that month's packs, as the page picks it; satellite, whose need is every month's: the
first), with ``plan``, ``chosen`` that month's bundle and ``demand`` its billed use (``usage.billed``):

- the bar's need, in base units, is the billed use ``demand[meter]`` (data: before app data; a history's
  ``months[].billed``), exactly; but a one-month profile's roaming, which the page draws as the trips' GB as given,
  where the bill rounds each trip up to the MB: at most a MB a trip less (it cannot change "met": an allowance is
  whole MB), and its data, drawn as the GB typed where the bill rounds it up to the MB alone: less than a MB less;

- the bar's ``included``, in the bar's unit (a GB as the plan counts it, ``billing.mb_per_gb``, the need shown in it
  too, as the bill's lines count data; a minute: 60 s), is the
  cost model's allowance, ``cost.allowance(plan, chosen, meter)`` (unlimited: ``UNLIMITED`` or more), whether the
  bar says the need is met or not: it is what the bill charges against.  Exact, in integer base units (MB, s,
  messages): the plan files' figures are whole units (the loader refuses others), so nothing is rounded;
- when the bar says the need is met, the bill charges nothing on that meter: the billed need (general data: what app
  data leaves, ``cost.general_data``) is within the allowance, and the bill's ``headroom`` of that meter is exactly
  the allowance less that need (-1: unlimited).  This is how ``price`` defines ``headroom`` (``included - need``,
  never below 0), so "included = billed need + headroom" holds exactly when the need is met and says the bar's
  "met" is the bill's.  Two allowances: roaming priced trip by trip (a day pass or a zone's rate,
  ``cost.roaming_priced``) leaves in ``headroom`` what the pool has left once the day passes have covered their days
  first, so there it is at least the allowance less the need and at most the allowance (a day pass bought for the
  trip's data covers some of its minutes too); and on a one-month profile the headroom read is the answer's own
  (``rec["headroom"]``, which is that month's costing's); on a history the answer's is the least over the months,
  so the busiest month's costing is priced again here (``cost.price`` on that month's bundle and demand, as
  ``price_history`` prices it);
- when the bar says the need is not met, the month's bill has a line for that meter that charges it (an overage
  line, or for roaming a day pass) or slows it (a throttled line), or, on data, none, and what is over is taken by
  the bundle's app data (general data less than the billed use) or by the plan's full-speed stretch without a data
  rate, which ``cost._meter_lines`` bills as a line of ¥0.00 (``line.full_speed``); and the notes under the bars say
  just that (``present._over``: charged, covered by day passes, at full speed at no charge, slowed; and app data
  where the data lines count less than is over the allowance, app data having taken the rest).

What is left out, and why: households (their allowances are the pools, ``household``, not bars); the capability
bars (speeds, satellite service, broadband), which are the answer's own ``needs`` checks, not a reading of the plan
files; and how much a note says is over (the bill lines' own quantities, which the page words as they are).

``PROPERTY_EXAMPLES`` raises the example count for a long run (the default 150: ~8 s); each bar checked is counted
as a hypothesis event (``--hypothesis-show-statistics``): met or not, and what the notes of one not met say.
"""

import json
import os
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, event, given, note, settings
from hypothesis import strategies as st

from recommender.answer import recommend
from recommender.catalogue import Catalogue
from recommender.catalogue.model import UNLIMITED
from recommender.cost import ROAMING, Bundle, allowance, general_data, price, resolve, roaming_priced
from recommender.profile import Profile
from recommender.usage import billed
from recommender.web.present import METER_ALLOWANCE, Page
from tests.plan_file_strategies import Doc, file_cases

EXAMPLES = int(os.environ.get("PROPERTY_EXAMPLES", "150"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                                 HealthCheck.filter_too_much])

BASE = {  # the page's meter: the cost model's meter, and its base units (MB, s, messages) per unit of the bar (data:
    # 0, the plan's GB, ``Plan.mb_per_gb``)
    "data_mb": ("data_mb", 0), "voice_minutes": ("voice_s", 60), "sms": ("sms", 1),
    "roaming_data_mb": ("roaming_data_mb", 0), "roaming_voice_minutes": ("roaming_voice_s", 60),
    "satellite_voice_minutes": ("satellite_voice_s", 60), "satellite_sms": ("satellite_sms", 1),
}
BUSIEST_BY = {"data_mb": "data_mb", "voice_minutes": "voice_s", "sms": "sms", "roaming_data_mb": "roaming_data_mb",
              "roaming_voice_minutes": "roaming_voice_s"}
"""The meters whose bar stands for a history's month that bills most of it (``months[].billed``; satellite: every
month's need, the first month's packs)."""
CHARGES = {"overage": "bar.overage", "day_pass": "bar.day_pass", "free": "bar.free", "no_charge": "bar.no_charge",
           "throttled": "bar.throttled"}
"""What a bill line of a meter over its allowance is said to be, by its kind (``free``: a data overage line of
¥0.00; ``no_charge``: another meter's, a rate of nothing), in the order the notes say them."""


class Recording(Page):
    """The page, keeping each bar's figures as drawn (its need and included, before they are worded)."""

    drawn: list[tuple[str, Decimal, Decimal | int | None]]

    def _bar(self, label: str, need: Decimal | int, included: Decimal | int | None, unit: str, *args: Any,
             **kwargs: Any) -> dict[str, Any]:
        self.drawn.append((label, Decimal(need), included))
        return super()._bar(label, need, included, unit, *args, **kwargs)


one_line = file_cases().filter(lambda case: not case[2].household)


@SETTINGS
@given(one_line, st.sampled_from(["en", "zh"]))
def test_every_allowance_bar_is_what_the_bill_charges_against(case: tuple[list[Doc], Catalogue, Profile],
                                                              lang: str) -> None:
    docs, catalogue, profile = case
    note(f"plan files: {json.dumps(docs)}")
    note(f"profile: {profile.model_dump_json(exclude_defaults=True)}")
    page = Recording(catalogue, lang)
    meters = {page.meter(meter): meter for meter in METER_ALLOWANCE}
    for rec in recommend(catalogue, profile).document(catalogue, lang)["recommendations"]:
        page.drawn = []
        card = page.card(rec, profile)
        shown = {bar["label"]: bar for bar in card["bars"]}
        for label, need, included in page.drawn:
            if label in meters:
                agrees(catalogue, profile, rec, card["history"], meters[label], need, included, shown[label])


def agrees(catalogue: Catalogue, profile: Profile, rec: dict[str, Any], history: bool, meter: str, need: Decimal,
           included: Decimal | int | None, bar: dict[str, Any]) -> None:
    """One bar against the cost model's bill of the month it stands for (the module's docstring)."""
    base, scale = BASE[meter]
    plan_id = str(rec["plan_id"])
    months = rec["months"] if history else [{"packs": rec["packs"], "breakdown": rec["breakdown"]}]
    i = 0
    if history and meter in BUSIEST_BY:
        use = [int(m["billed"][BUSIEST_BY[meter]]) for m in months]
        i = use.index(max(use))
    bundle = Bundle(plan_id, tuple((str(p["id"]), int(p["count"])) for p in months[i]["packs"]))
    plan, chosen = resolve(catalogue, bundle)
    scale = scale or plan.billing.mb_per_gb
    demand = billed(profile, plan)[i]
    costing = price(catalogue, profile.in_month(i), bundle, demand)
    allowed = allowance(plan, chosen, base)
    wanted = general_data(plan, chosen, demand) if base == "data_mb" else demand[base]
    where = f"{meter} on {plan_id} {bundle.packs} (month {i + 1}): the page's {included} against {allowed} units " \
            f"a {scale}, needing {need} ({wanted} billed)"
    if base in ROAMING and not history:
        trips = len(profile.in_month(i).wants.trips)
        assert need * scale <= demand[base] < need * scale + max(trips, 1), where
    elif base == "data_mb" and not history and need * scale != demand[base]:  # (the GB typed: billed up to the MB)
        event("a month's data bar drawn at the GB typed")
        assert need * scale == profile.data_gb * 1024 < demand[base] < need * scale + 1, where  # (1 GB: 1024 MB)
    else:  # (as the page divides: 61 s are 61/60 minutes, to Decimal's precision)
        assert need == Decimal(demand[base]) / scale, where
    if included is None:
        assert allowed >= UNLIMITED, where
    else:
        assert Decimal(included) * scale == allowed, where
    if not history and base in rec["headroom"]:  # (the answer's own, that month's; satellite: not in it)
        assert rec["headroom"][base] == costing.headroom[base], where
    met = included is None or included >= need
    assert met == bar["met"]
    lines = [line for line in months[i]["breakdown"] if line["ref"] == base or
             (base.startswith("roaming") and line["kind"] == "day_pass")]
    event(f"a {'history' if history else 'month'}'s {meter} bar {'met' if met else 'not met'}")
    if met:
        assert wanted <= allowed, where
        room = costing.headroom[base]
        if allowed >= UNLIMITED:
            assert room == -1, where
        elif base in ROAMING and roaming_priced(plan, profile.in_month(i)):
            event("a roaming bar met, priced trip by trip")
            assert allowed - wanted <= room <= allowed, where  # (day passes bought for the other meter cover first)
        else:
            assert room == allowed - wanted, where
        assert not [line for line in lines if line["kind"] in ("overage", "throttled")], where
        return
    kinds = {("free" if base == "data_mb" else "no_charge") if line["kind"] == "overage" and not line["fen"]
             else line["kind"] for line in lines}
    said = [note for kind, note in CHARGES.items() if kind in kinds]
    if not said:  # data taken by app data
        assert base == "data_mb" and wanted <= allowed < demand[base], f"nothing on the bill: {where}"
        said = ["bar.app_data"]
    elif base == "data_mb":  # the data lines count less than is over: app data took the rest
        counted = sum(int(line["label"]["params"]["quantity"]) for line in lines
                      if line["kind"] in ("overage", "throttled"))
        if counted < demand[base] - allowed:
            assert wanted < demand[base], where
            said.append("bar.app_data")
    event(f"not met, said: {' and '.join(said)}")
    assert bar["over"] == list(dict.fromkeys(said)), where
