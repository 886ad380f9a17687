"""The catalogue cache pinned on a one-plan catalogue (``ONE_PLAN``): which entries on disk it trusts.  Found by sbd's
mutation run of ``recommender/catalogue/cache.py``."""

import os
from pathlib import Path

import pytest

from recommender.catalogue import Catalogue, cache
from recommender.optimise import planner
from tests.unit.catalogue.one_plan import one_plan_folder


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    """A plans folder holding ``ONE_PLAN`` alone."""
    return one_plan_folder(tmp_path)


@pytest.fixture
def loads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A fresh cache folder (``tmp_path / "cache"``); each load from the files (a miss) appends to the list."""
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cache"))
    seen: list[int] = []
    original = cache.load_plan_sources

    def counting(sources: cache.PlanSources) -> Catalogue:
        seen.append(1)
        return original(sources)

    monkeypatch.setattr(cache, "load_plan_sources", counting)
    return seen


@pytest.mark.parametrize(("mode", "trusted"), [(0o600, True), (0o644, True), (0o755, True), (0o640, True),
                                               (0o620, False), (0o602, False), (0o622, False)])
def test_an_entry_is_trusted_unless_the_group_or_others_may_write_it(plans: Path, tmp_path: Path, loads: list[int],
                                                                      mode: int, trusted: bool) -> None:
    """Read or run by others (0o644, 0o755) an entry is still this user's alone to change: a hit (no second load).
    Writable by the group (0o620) or by others (0o602) it is a miss, loaded from the files again and replaced by a
    private entry (0o600)."""
    first = cache.load_prepared(plans, planner.compiled_all)
    (entry,) = (tmp_path / "cache").glob("catalogue-*.pickle")
    entry.chmod(mode)
    again = cache.load_prepared(plans, planner.compiled_all)
    assert again == first and [p.plan.id for p in planner.compiled(again).plans.values()] == ["p1"]
    assert len(loads) == (1 if trusted else 2)
    assert entry.stat().st_mode & 0o777 == (mode if trusted else 0o600)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="only root gives a file to another user")
def test_an_entry_another_user_owns_is_not_trusted(plans: Path, tmp_path: Path, loads: list[int]) -> None:
    """An entry given to another user (uid 65534, ``nobody``), private as it is (0o600), is theirs to change: a miss,
    loaded from the files again and replaced by this user's own."""
    first = cache.load_prepared(plans, planner.compiled_all)
    (entry,) = (tmp_path / "cache").glob("catalogue-*.pickle")
    os.chown(entry, 65534, 65534)
    assert cache.load_prepared(plans, planner.compiled_all) == first
    assert len(loads) == 2 and entry.stat().st_uid == os.geteuid()


def test_the_cache_folder_is_made_private_with_its_parents_and_written_again_when_there(
        plans: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, loads: list[int]) -> None:
    """A cache folder two levels below anything that exists is made, parents too, readable by this user alone (0o700
    under a umask of 0o022); an entry deleted from the folder, which is there now, is written again on the next miss."""
    folder = tmp_path / "a" / "b" / "cache"
    monkeypatch.setenv(cache.CACHE_ENV, str(folder))
    umask = os.umask(0o022)
    try:
        cache.load_prepared(plans, planner.compiled_all)
    finally:
        os.umask(umask)
    assert folder.stat().st_mode & 0o777 == 0o700
    (entry,) = folder.glob("catalogue-*.pickle")
    entry.unlink()
    cache.load_prepared(plans, planner.compiled_all)
    assert len(loads) == 2 and entry.is_file()


def test_the_newest_sixteen_entries_are_kept(plans: Path, tmp_path: Path, loads: list[int]) -> None:
    """17 older entries (modified at 1 to 17 ns) and the one written now: the 15 newest old ones (3 to 17) are kept
    beside it, 16 in all (``MAX_ENTRIES``)."""
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    for i in range(1, 18):
        old = folder / f"catalogue-old{i:02d}.pickle"
        old.write_bytes(b"old")
        os.utime(old, ns=(i, i))
    cache.load_prepared(plans, planner.compiled_all)
    kept = sorted(p.name for p in folder.glob("catalogue-*.pickle"))
    assert len(kept) == 16 and [n for n in kept if "old" in n] == [f"catalogue-old{i:02d}.pickle" for i in range(3, 18)]
