"""Plans whose structures would be built alike (provincial copies with packs at the same prices:
``tables.Kin``) take the first plan's partitions with their own variants and packs.  Whatever is shared,
each plan's structures are those it builds alone: the same arrays, and its own packs in every variant and
table, so that its bundles name its own packs."""

import itertools
import os
import threading
import weakref
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recommender.answer import recommend
from recommender.catalogue import DEFAULT_PLANS, Catalogue, load_catalogue
from recommender.cost import CAPABILITIES
from recommender.optimise import tables
from recommender.optimise.tables import MONTHLY, NO_NEED, NO_NEEDS, CompiledPlan, MeterTable
from recommender.profile import Profile
from tests.provinces import SHAPE_CHANGES, province
from tests.strategies import catalogues

EXAMPLES = int(os.environ.get("PROPERTY_EXAMPLES", "150"))  # raise it for a long run (30 by default)


def _table(t: MeterTable) -> tuple[object, ...]:
    return (t.meter, [(p.id, most) for p, most in t.packs], sorted(t.adds.items()), t.values.tolist(),
            [c.tolist() for c in t.choices], t.capacity, t.period, t.rate_fen, t.rule)


def _structures(compiled: CompiledPlan) -> list[object]:
    """Every structure the plan's tables hold (each need key of its pack levels, with and without
    throttling), as plain data: arrays, variants, and each table with its packs."""
    if compiled.variants is None:
        return []
    out: list[object] = []
    levels = [compiled.pack_levels[cap.name][:1] or [NO_NEED] for cap in CAPABILITIES]
    for key in dict.fromkeys(itertools.product(*[[NO_NEED, *lv] for lv in levels])):
        if not compiled.fits(key, MONTHLY):
            out.append((key, None))
            continue
        for throttled in (False, True):
            out.append((key, throttled, [
                (p.capacity, p.unit, p.rate_w, p.one_off, p.data.tolist(), p.choice.tolist(),
                 [(v.fixed, v.fixed_value, v.one_off) for v in p.variants], [_table(t) for t in p.data_tables],
                 [(m, _table(t), fixed) for m, t, fixed in p.others])
                for p in compiled.structure(key, throttled)]))
    return out


@contextmanager
def _nothing_kept() -> Iterator[None]:
    """No structure of an earlier plan to take (``tables._KIN`` empty, and forgotten afterwards)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tables, "_KIN", weakref.WeakValueDictionary())
        yield


@contextmanager
def _built() -> Iterator[list[object]]:
    """The structures built (not taken from a plan alike), counted."""
    made: list[object] = []
    build = CompiledPlan._partitions

    def counted(self: CompiledPlan, *args: Any) -> Any:
        made.append(args)
        return build(self, *args)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(CompiledPlan, "_partitions", counted)
        yield made


def _copies(catalogue: Catalogue, change: str | None, which: int) -> Catalogue:
    """The catalogue; a copy at other fees with its packs at the same prices; one with ``change`` too;
    one with its packs dearer."""
    catalogue = province(catalogue, "", 0, None, 0)
    copies = [province(catalogue, "-p1", 100, None, 0, pack_price=0),
              province(catalogue, "-p2", 300, change, which, pack_price=0),
              province(catalogue, "-p3", 0, None, 0, pack_price=50)]
    return Catalogue(catalogue.plans + tuple(p for c in copies for p in c.plans),
                     catalogue.packs + tuple(p for c in copies for p in c.packs), "every")


def _check(every: Catalogue) -> tuple[int, int]:
    """Each plan's structures, built after the others (kept alive, so that they may be taken), are those
    it builds alone; the structures built with and without taking."""
    alone = {}
    with _built() as made_alone:
        for plan in every.plans:
            with _nothing_kept():
                alone[plan.id] = _structures(CompiledPlan(plan, every.packs_for(plan)))
    with _nothing_kept(), _built() as made:
        kept = []
        for plan in reversed(every.plans):  # (a copy's structures first)
            compiled = CompiledPlan(plan, every.packs_for(plan))
            kept.append(compiled)
            assert _structures(compiled) == alone[plan.id], plan.id
    return len(made), len(made_alone)


@settings(max_examples=max(1, EXAMPLES // 5), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogue=catalogues(), change=st.sampled_from([None, *SHAPE_CHANGES]), which=st.integers(0, 7))
def test_plans_alike_take_structures_and_each_gets_its_own(catalogue: Catalogue, change: str | None,
                                                           which: int) -> None:
    _check(_copies(catalogue, change if catalogue.packs else None, which))


def test_provincial_copies_build_their_structures_once_and_name_their_own_packs() -> None:
    shipped = load_catalogue(DEFAULT_PLANS)
    unicom = Catalogue(tuple(p for p in shipped.plans if p.operator == "china-unicom"),
                       tuple(p for p in shipped.packs if p.operator == "china-unicom"), "unicom")
    alike = [province(unicom, f"-p{i}", 100 * i, None, 0, pack_price=0) for i in range(4)]
    every = Catalogue(tuple(p for c in alike for p in c.plans), tuple(p for c in alike for p in c.packs), "alike")
    made, alone = _check(every)
    assert made * 4 <= alone  # (built once for the four copies; plans of one copy may share too)
    dearer = [province(unicom, f"-p{i}", 100 * i, None, 0, pack_price=10 * i) for i in range(4)]
    made_dearer, _ = _check(Catalogue(tuple(p for c in dearer for p in c.plans),
                                      tuple(p for c in dearer for p in c.packs), "dearer"))
    assert made_dearer == 4 * made  # (packs at other prices: each copy builds its own)
    profile = Profile.model_validate({"data_gb": 120, "voice_minutes": 900, "needs": {"min_uplink_mbps": 300}})
    answer = recommend(every, profile, top_k=20)
    bought = [(r.plan_id, pack["id"]) for r in answer.recommendations for pack in r.packs]
    assert bought and all(pack.endswith(plan[plan.rindex("-p"):]) for plan, pack in bought)


def test_threads_asking_for_one_structure_build_it_once() -> None:
    """Found in review: two threads asking a plan for the same structure both built it, and the second's
    tables replaced the first's, whose ids the batch's lookups still held."""
    shipped = load_catalogue(DEFAULT_PLANS)
    plan = next(p for p in shipped.plans if p.id == "cu-5g-59")
    key = tuple(NO_NEED if cap.name != "min_uplink_mbps" else 300 for cap in CAPABILITIES)
    with _nothing_kept(), _built() as made:
        compiled = CompiledPlan(plan, shipped.packs_for(plan))
        start = threading.Barrier(6)

        def ask() -> object:
            start.wait()
            return compiled.structure(key, True)

        with ThreadPoolExecutor(6) as pool:
            found = list(pool.map(lambda _: ask(), range(6)))
    assert all(f is found[0] for f in found)
    assert len(made) == 2  # (the structure without needs, built at compile time, and this one)


def test_a_plan_that_builds_its_own_structure_keeps_its_own_kin() -> None:
    """Found in review: where a plan alike had another number of variants (a key missing something), the
    plan built its own partitions but kept the other plan's ``Kin``, whose classes the batch would score."""
    shipped = load_catalogue(DEFAULT_PLANS)
    unicom = Catalogue(tuple(p for p in shipped.plans if p.operator == "china-unicom"),
                       tuple(p for p in shipped.packs if p.operator == "china-unicom"), "unicom")
    copy = province(unicom, "-p1", 100, None, 0, pack_price=0)
    with _nothing_kept():
        first = CompiledPlan(unicom.plans[0], unicom.packs_for(unicom.plans[0]))
        kin = first.kin(NO_NEEDS, False)
        assert kin is not None
        kin.variants = kin.variants[:-1]  # (as if the key had let a plan of other variants in)
        other = CompiledPlan(copy.plans[0], copy.packs_for(copy.plans[0]))
        mine = other.kin(NO_NEEDS, False)
        assert mine is not None and mine is not kin and mine.partitions is other.structure(NO_NEEDS, False)
