"""Plans whose packs differ only in ids, names, prices and where they are sold (provincial copies, a
catalogue's views) share their variants' templates (``tables._templates``) and whether those fit the
tables; every other field of a pack is its shape.  Whatever is kept, each plan gets the variants it would
get alone, and a catalogue finds the packs that fit a plan by index (``Catalogue.packs_for``) as
``Pack.fits`` says."""

import dataclasses
import os
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recommender.catalogue import DEFAULT_PLANS, Catalogue, load_catalogue
from recommender.cost import CAPABILITIES
from recommender.optimise import tables
from recommender.optimise.tables import ALL_CAPS, MONTHLY, NO_CAPS, Compiled, CompiledPlan
from tests.provinces import SHAPE_CHANGES, province
from tests.strategies import catalogues

EXAMPLES = int(os.environ.get("PROPERTY_EXAMPLES", "150"))  # raise it for a long run (30 and 80 by default)


def _variants(compiled: CompiledPlan) -> list[object]:
    """The plan's variants with no speed need, every speed needed, and needs lasting 2 and 30 days, as
    plain data."""
    out: list[object] = []
    asks = [(MONTHLY, NO_CAPS), (MONTHLY, ALL_CAPS)] + [
        (tuple(days if cap.name in compiled.daily_caps else None for cap in CAPABILITIES), ALL_CAPS)
        for days in (2, 30)]
    for days, needed in asks:
        made = compiled.variants_for(days, needed) if compiled.within(days, needed) else None
        out.append(None if made is None else [
            (v.fixed, v.fixed_value, v.one_off, dict(v.fixed_adds), v.unlimited, dict(v.levels),
             {m: [(p.id, most) for p, most in free] for m, free in v.free.items()}) for v in made])
    return out


def _forget() -> None:
    """Drop what plans of a shape share: templates, and whether their variants fit (``CompiledPlan.within``)."""
    tables._TEMPLATES.clear()
    tables._FITTING.clear()


_MADE_ALONE: dict[str, list[object]] = {}
"""Variants made alone, by the plan and its packs written out in full (their reprs: every field, the
mapping proxies' contents too): the shipped Unicom plans and their first copy are the same in every
``test_a_pack_changed_…`` case, and made alone they took two thirds of each case's time."""


def _alone(catalogue: Catalogue) -> dict[str, list[object]]:
    """Each plan's variants made with no template kept from another plan."""
    out = {}
    for plan in catalogue.plans:
        packs = catalogue.packs_for(plan)
        key = repr((plan, packs))
        if key not in _MADE_ALONE:
            _forget()
            _MADE_ALONE[key] = _variants(CompiledPlan(plan, packs))
        out[plan.id] = _MADE_ALONE[key]
    return out


def _check(catalogue: Catalogue, change: str | None, which: int) -> None:
    """A catalogue with two provincial copies, the second with ``change``: whatever templates are kept, every
    plan's variants are those it gets alone."""
    catalogue = province(catalogue, "", 0, None, 0)  # (its packs sold with its plans only)
    copies = [province(catalogue, "-p1", 100, None, 0), province(catalogue, "-p2", 300, change, which)]
    every = Catalogue(catalogue.plans + tuple(p for c in copies for p in c.plans),
                      catalogue.packs + tuple(p for c in copies for p in c.packs), "every")
    expected = _alone(every)
    _forget()
    for plan in reversed(every.plans):  # (templates made from a copy first)
        assert _variants(CompiledPlan(plan, every.packs_for(plan))) == expected[plan.id], (plan.id, change, which)
    if change is None and catalogue.packs:
        assert len(tables._TEMPLATES) < len(every.plans) * 2 ** len(CAPABILITIES)  # some were shared


@settings(max_examples=max(1, EXAMPLES // 5), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogue=catalogues(), change=st.sampled_from([None, *SHAPE_CHANGES]), which=st.integers(0, 7))
def test_alike_plans_share_templates_and_each_gets_its_own_variants(
        catalogue: Catalogue, change: str | None, which: int) -> None:
    _check(catalogue, change if catalogue.packs else None, which)


@pytest.mark.parametrize("change", SHAPE_CHANGES)
@pytest.mark.parametrize("pack", ["cu-speed-pack", "cu-service-live"])
def test_a_pack_changed_in_what_the_variants_read_is_another_shape(change: str, pack: str) -> None:
    """Each change to a shipped Unicom pack: its speed pack (no allowance), and a service pack (a group, a
    speed and data).  Leaving any of these fields out of the shape fails this test."""
    unicom = _unicom()
    _check(unicom, change, [p.id for p in unicom.packs].index(pack))


def _unicom() -> Catalogue:
    shipped = load_catalogue(DEFAULT_PLANS)
    return Catalogue(tuple(p for p in shipped.plans if p.operator == "china-unicom"),
                     tuple(p for p in shipped.packs if p.operator == "china-unicom"), "unicom")


def test_provincial_copies_make_their_templates_once(monkeypatch: pytest.MonkeyPatch) -> None:
    unicom = _unicom()
    made: list[object] = []
    make = tables._make_templates

    def counted(*args: Any) -> Any:
        made.append(args)
        return make(*args)

    monkeypatch.setattr(tables, "_make_templates", counted)
    _forget()
    Compiled(unicom).every_plan()
    assert made  # (the shipped Unicom plans have packs)
    alone = len(made)
    for i in range(1, 4):
        Compiled(province(unicom, f"-p{i}", 100 * i, None, 0)).every_plan()
    assert len(made) == alone
    Compiled(province(unicom, "-p9", 900, "max_count", 0)).every_plan()  # a pack bought more often: another shape
    assert len(made) > alone


@settings(max_examples=max(1, EXAMPLES * 8 // 15), deadline=None)
@given(catalogue=catalogues())
def test_packs_for_is_pack_fits_in_file_order(catalogue: Catalogue) -> None:
    odd = dataclasses.replace(catalogue.plans[0], id="not-listed")  # (a plan the catalogue does not hold)
    for plan in (*catalogue.plans, odd):
        assert catalogue.packs_for(plan) == tuple(p for p in catalogue.packs if p.fits(plan))
