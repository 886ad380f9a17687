"""The served catalogue is frozen out of the collector, and a reload frees the catalogue it replaces."""

import gc
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest

from recommender.serving import CatalogueStore, heap

FEE = 'monthly_fee: {{value: {}, source: "seed:cm-tiers"}}'


@pytest.fixture
def frozen() -> Iterator[None]:
    """The test's freezes are undone afterwards (the rest of the suite runs with the collector as usual)."""
    yield
    gc.unfreeze()
    gc.collect()


def _fee(plans: Path, old: int, new: int) -> None:
    """China Mobile's 199 plan's monthly fee, edited in the plan file."""
    file = plans / "china-mobile.yaml"
    text, was = file.read_text(encoding="utf-8"), FEE.format(old)
    assert was in text
    file.write_text(text.replace(was, FEE.format(new), 1), encoding="utf-8")


def test_a_reload_frees_the_frozen_catalogue_it_replaces(plans_copy: Path, frozen: None) -> None:
    store = CatalogueStore(plans_copy)
    store.listeners.append(heap.after_reload)
    assert store.reload().outcome == "reloaded"
    old = store.catalogue
    assert old is not None
    gone = weakref.ref(old)
    del old
    heap.freeze()
    assert gc.get_freeze_count() > 1000  # the catalogue and its tables among them

    _fee(plans_copy, 199, 189)
    assert store.reload().outcome == "reloaded"
    assert gone() is None  # a frozen cycle would keep it for the life of the worker
    assert store.catalogue is not None and gc.get_freeze_count() > 1000  # the new one frozen in its turn
    assert store.catalogue.plan_index  # and served


def test_a_rejected_or_unchanged_reload_pays_no_collection(plans_copy: Path, frozen: None,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    store = CatalogueStore(plans_copy)
    store.listeners.append(heap.after_reload)
    store.reload()
    collections: list[int] = []

    def collect(generation: int = 2) -> int:
        collections.append(generation)
        return 0

    monkeypatch.setattr(heap.gc, "collect", collect)
    assert store.reload().outcome == "unchanged"
    _fee(plans_copy, 199, -1)
    assert store.reload().outcome == "rejected"
    assert collections == []
    _fee(plans_copy, -1, 189)
    assert store.reload().outcome == "reloaded"
    assert collections == [2]


def test_a_forced_reload_of_the_same_files_keeps_the_catalogue_served(plans_copy: Path, frozen: None) -> None:
    """Found by review: a forced reload (SIGHUP, the admin endpoint) of unchanged files swapped in an
    identical new catalogue; the frozen one it replaced kept its cycles for the life of the process, and
    the new one was never frozen.  The same version now keeps the object served."""
    store = CatalogueStore(plans_copy)
    store.listeners.append(heap.after_reload)
    store.reload()
    served = store.catalogue
    heap.freeze()
    assert store.reload(force=True).outcome == "unchanged"
    assert store.catalogue is served
