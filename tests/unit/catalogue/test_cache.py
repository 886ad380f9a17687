"""The CLI's catalogue cache: a hit is the catalogue the files make, and anything that changes what
they make (plan files, facts, code) or any trouble with the folder means loading from the files."""

import gc
import io
import os
import pickle
import subprocess
import threading
import weakref
from pathlib import Path

import numpy as np
import pytest

from recommender.answer import recommend
from recommender.catalogue import DEFAULT_PLANS, Catalogue, CatalogueError, cache, load_catalogue
from recommender.optimise import planner, tables
from recommender.optimise.tables import Compiled
from recommender.profile import Profile
from tests.paths import PROFILES


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh cache folder for one test, and no compiled catalogue of an earlier test left to share with.

    Plans priced alike share their tables across catalogues while one of them lives (``tables.Kin``), so
    what is pickled, and which tables are built, depend on what the process still holds: a catalogue
    dropped but not yet collected made these tests pass or fail with the collector's timing."""
    gc.collect()
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The plan folders loaded from their files (not from the cache), in order."""
    seen: list[Path] = []
    original = cache.load_plan_sources

    def counting(sources: cache.PlanSources) -> Catalogue:
        seen.append(Path(sources.files[0][0]).parent if sources.files else Path())
        return original(sources)

    monkeypatch.setattr(cache, "load_plan_sources", counting)
    return seen


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("catalogue-*.pickle"))


def test_a_hit_is_the_catalogue_and_gives_the_same_answers(folder: Path, loads: list[Path]) -> None:
    first = cache.load_prepared(DEFAULT_PLANS, planner.compiled_all)
    assert len(entries(folder)) == 1 and len(loads) == 1
    cached = cache.load_prepared(DEFAULT_PLANS, planner.compiled_all)
    assert len(loads) == 1, "the second load came from the files, not the cache"
    assert cached is not first and cached == first and cached.version == first.version
    assert isinstance(cached.__dict__["_compiled"], Compiled)
    fresh = load_catalogue(DEFAULT_PLANS)
    for path in PROFILES:
        profile = Profile.model_validate_json(path.read_text(encoding="utf-8"))
        expected = recommend(fresh, profile, 10).document(fresh)
        assert recommend(cached, profile, 10).document(cached) == expected, path.name


def test_cached_tables_are_the_compiled_tables(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The tables are stored as lists; their arrays (for scoring many rows) are made again equal.  Each catalogue
    builds its own tables: a plan whose structure another catalogue of the process built first takes that one's
    (``tables.Kin``: the cached one, alive here) and makes none, so this test failed when run alone."""
    monkeypatch.setattr(tables, "_KIN", weakref.WeakValueDictionary())
    cache.load_prepared(DEFAULT_PLANS, planner.compiled_all)
    cached = cache.load_prepared(DEFAULT_PLANS, planner.compiled_all).__dict__["_compiled"]
    monkeypatch.setattr(tables, "_KIN", weakref.WeakValueDictionary())
    fresh = planner.compiled(load_catalogue(DEFAULT_PLANS))
    assert cached.plans.keys() == fresh.plans.keys()
    checked = 0
    for plan_id, plan in fresh.plans.items():
        again = cached.plans[plan_id]
        assert [t.scalar() for t in again._tables.values()] == [t.scalar() for t in plan._tables.values()]
        for key, partitions in plan._structures.items():
            for before, after in zip(partitions, again._structures[key], strict=True):
                assert after._data is None  # made from the lists on first use
                assert np.array_equal(after.data, before.data) and np.array_equal(after.choice, before.choice)
                assert after.data.dtype == before.data.dtype and after.choice.dtype == before.choice.dtype
                checked += 1
        for built, kept in zip(plan._tables.values(), again._tables.values(), strict=True):
            assert np.array_equal(kept.values, built.values) and kept.values.dtype == built.values.dtype
            assert all(np.array_equal(a, b) and a.dtype == b.dtype
                       for a, b in zip(kept.choices, built.choices, strict=True))
            shorts = np.arange(-3, built.capacity + 3 * built.period + 3)
            assert np.array_equal(kept.value_many(shorts), built.value_many(shorts))
    assert checked > 10


def _fee(catalogue: Catalogue, plan_id: str) -> int:
    return catalogue.plan_index[plan_id].fee_fen


def test_an_edited_plan_file_is_loaded_again(folder: Path, loads: list[Path], plans_copy: Path) -> None:
    before = cache.load_prepared(plans_copy, planner.compiled_all)
    telecom = plans_copy / "china-telecom.yaml"
    text = telecom.read_text(encoding="utf-8")
    old = 'monthly_fee: {value: 59, source: "assumption: a common entry 5G plan price"}'
    assert text.count(old) == 1
    telecom.write_text(text.replace(old, old.replace("59", "58", 1)), encoding="utf-8")
    after = cache.load_prepared(plans_copy, planner.compiled_all)
    assert (_fee(before, "ct-5g-59"), _fee(after, "ct-5g-59")) == (5900, 5800)
    assert after.version != before.version and len(loads) == 2
    assert planner.compiled(after).plans["ct-5g-59"].plan.fee_fen == 5800  # the tables were compiled anew too
    telecom.write_text(text, encoding="utf-8")  # back as it was: the first entry again
    assert _fee(cache.load_prepared(plans_copy, planner.compiled_all), "ct-5g-59") == 5900 and len(loads) == 2


def test_an_edited_facts_file_is_read_again(folder: Path, plans_copy: Path) -> None:
    cache.load_prepared(plans_copy, planner.compiled_all)
    facts = plans_copy.parent / "seeds" / "facts.yaml"
    text = facts.read_text(encoding="utf-8")
    assert text.count("  - id: ct-tiers\n") == 1
    facts.write_text(text.replace("  - id: ct-tiers\n", "  - id: ct-tiers-renamed\n"), encoding="utf-8")
    with pytest.raises(CatalogueError) as raised:
        cache.load_prepared(plans_copy, planner.compiled_all)
    assert any(p.file.endswith("china-telecom.yaml") and p.line > 1 and "no fact 'ct-tiers'" in p.message
               for p in raised.value.problems)


def test_a_broken_plan_file_is_reported_by_line_and_not_stored(folder: Path, plans_copy: Path) -> None:
    cache.load_prepared(plans_copy, planner.compiled_all)
    telecom = plans_copy / "china-telecom.yaml"
    text = telecom.read_text(encoding="utf-8")
    telecom.write_text(text.replace("    monthly_fee: {value: 199,", "    monthly_fees: {value: 199,", 1),
                       encoding="utf-8")
    with pytest.raises(CatalogueError) as without_cache:
        load_catalogue(plans_copy)
    expected = [str(p) for p in without_cache.value.problems]
    line = text.splitlines().index('    monthly_fee: {value: 199, source: "seed:ct-tiers"}') + 1
    typo = "unknown field 'monthly_fees' (a typo of 'monthly_fee'?)"
    assert f"{telecom}:{line}: plans[1].monthly_fees: {typo}" in expected
    for _ in range(2):
        with pytest.raises(CatalogueError) as raised:
            cache.load_prepared(plans_copy, planner.compiled_all)
        assert [str(p) for p in raised.value.problems] == expected
    assert len(entries(folder)) == 1


@pytest.mark.parametrize("how", ["under a file", "read-only folder"])
def test_an_unwritable_cache_folder_still_answers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    if how == "under a file":
        (tmp_path / "file").write_text("not a folder")
        place = tmp_path / "file" / "cache"
    else:
        if os.geteuid() == 0:
            pytest.skip("root writes into read-only folders")
        place = tmp_path / "read-only"
        place.mkdir(mode=0o500)
    monkeypatch.setenv(cache.CACHE_ENV, str(place))
    for _ in range(2):
        catalogue = cache.load_prepared(DEFAULT_PLANS, planner.compiled_all)
        assert catalogue == load_catalogue(DEFAULT_PLANS) and "_compiled" in catalogue.__dict__
    assert not place.is_dir() or not list(place.iterdir())


def test_a_corrupt_entry_is_a_miss_and_is_replaced(folder: Path, loads: list[Path]) -> None:
    cache.load_prepared(DEFAULT_PLANS, planner.compiled_all)
    (entry,) = entries(folder)
    raw = entry.read_bytes()
    entry.write_bytes(raw[: len(raw) // 2])
    gc.collect()
    assert cache.load_prepared(DEFAULT_PLANS, planner.compiled_all) == load_catalogue(DEFAULT_PLANS)
    assert len(loads) == 2 and entry.read_bytes() == raw
    cache.load_prepared(DEFAULT_PLANS, planner.compiled_all)
    assert len(loads) == 2


def test_an_entry_changed_on_disk_is_a_miss_not_another_catalogue(folder: Path, loads: list[Path]) -> None:
    """Found by the reliability review: an entry whose bytes changed on disk (a flipped bit, a bad sector) mostly
    still unpickled, and was used: a plan named otherwise, say, or a catalogue that failed later in an
    answer (of 300 entries with one bit flipped, 297 used, 3 stopping the CLI with an AttributeError or an
    AssertionError).  The entry holds its pickle's SHA-256: one changed is a miss, and is replaced."""
    fresh = load_catalogue(DEFAULT_PLANS)
    cache.load_prepared(DEFAULT_PLANS, planner.compiled_all)
    (entry,) = entries(folder)
    raw = entry.read_bytes()
    name = fresh.plan_index["vz-unlimited-ultimate"].name.encode()
    assert raw.count(name) >= 1
    changed = [raw.replace(name, name[:-1] + b"X"), *(raw[:i] + bytes([raw[i] ^ 4]) + raw[i + 1:]
                                                     for i in range(len(raw) // 3, len(raw), len(raw) // 8))]
    for i, corrupt in enumerate(changed, start=1):
        entry.write_bytes(corrupt)
        assert cache.load_prepared(DEFAULT_PLANS, planner.compiled_all) == fresh
        assert len(loads) == 1 + i  # (loaded from the files, and the entry made again: a hit next)
        assert cache.load_prepared(DEFAULT_PLANS, planner.compiled_all) == fresh and len(loads) == 1 + i


def test_a_folder_by_an_entrys_name_is_a_miss(folder: Path, loads: list[Path]) -> None:
    """Found by the reliability review: a folder where an entry belongs (``mkdir`` by hand, a restore gone wrong) was
    opened and handed to ``fdopen``, which raised IsADirectoryError: the CLI stopped with a traceback."""
    cache.load_prepared(DEFAULT_PLANS, planner.compiled_all)
    (entry,) = entries(folder)
    entry.unlink()
    entry.mkdir()
    (entry / "inside").write_text("x", encoding="utf-8")
    assert cache.load_prepared(DEFAULT_PLANS, planner.compiled_all) == load_catalogue(DEFAULT_PLANS)
    assert len(loads) == 2 and entry.is_dir()  # (loaded from the files; the folder is left as it is)


def test_a_fifo_by_an_entrys_name_is_a_miss_not_a_hang(folder: Path, loads: list[Path]) -> None:
    """Found by the reliability review: a FIFO where an entry belongs was opened for reading, which waits for a
    writer: the CLI hung for good.  It is opened without waiting, is no file, and is a miss (replaced by the entry)."""
    cache.load_prepared(DEFAULT_PLANS, planner.compiled_all)
    (entry,) = entries(folder)
    entry.unlink()
    os.mkfifo(entry, 0o600)
    found: list[Catalogue] = []
    loading = threading.Thread(target=lambda: found.append(cache.load_prepared(DEFAULT_PLANS, planner.compiled_all)),
                               daemon=True)
    loading.start()
    loading.join(timeout=120)
    hung = loading.is_alive()
    if hung:  # (let the thread go: a writer opens the FIFO, the reader then reads nothing)
        with open(os.open(entry, os.O_WRONLY | os.O_NONBLOCK), "wb"):
            pass
        loading.join(timeout=120)
    assert not hung, "hung opening the FIFO"
    assert found == [load_catalogue(DEFAULT_PLANS)]
    assert len(loads) == 2 and entry.is_file()


def test_an_entry_others_may_write_is_not_trusted(folder: Path, loads: list[Path]) -> None:
    cache.load_prepared(DEFAULT_PLANS, planner.compiled_all)
    (entry,) = entries(folder)
    entry.chmod(0o666)
    cache.load_prepared(DEFAULT_PLANS, planner.compiled_all)
    assert len(loads) == 2
    assert entry.stat().st_mode & 0o077 == 0  # replaced by a private entry


def test_only_the_classes_of_a_catalogue_are_unpickled() -> None:
    """Found by the security QA: every class of the package was allowed, the serving store's too (a crafted entry
    could make a folder of its choosing by calling ``SharedCatalogue``); only the model's, the specs', the cost
    model's and the compiled tables' are."""
    from recommender.optimise.tables import Compiled
    from recommender.serving.store import SharedCatalogue

    for foreign in (os.getcwd, subprocess.Popen, io.BytesIO, SharedCatalogue, cache.load_prepared):
        with pytest.raises(pickle.UnpicklingError):
            cache._Unpickler(io.BytesIO(pickle.dumps(foreign))).load()
    for own in (Catalogue, Compiled):
        assert cache._Unpickler(io.BytesIO(pickle.dumps(own))).load() is own


def test_warmed_catalogues_come_back_from_the_cache(tmp_path: Path) -> None:
    """Every class a prepared catalogue holds once it has answered (the tables, their flat store, the messages and
    cost values they keep) is one the unpickler resolves: else every entry is a miss, silently (found by CI: the
    allow-list first left out the flat store of a catalogue of two provinces' copies)."""
    from recommender.answer import recommend
    from recommender.catalogue import load_catalogue
    from recommender.profile import Profile
    from tests.paths import ROOT
    from tests.unit.optimise.test_flat import provinces

    data = ROOT / "tests" / "data"
    for i, catalogue in enumerate([load_catalogue(DEFAULT_PLANS), provinces(2),
                                   *(load_catalogue(data / name) for name in ("household", "tariffs", "terms"))]):
        planner.warm(catalogue)
        for usage in ({"data_gb": 30}, {"data_gb": 300, "voice_minutes": 3000, "needs": {"min_uplink_mbps": 300}}):
            recommend(catalogue, Profile.model_validate(usage), top_k=10)
        entry = tmp_path / f"entry-{i}.pickle"
        cache._write(tmp_path, entry, "key", catalogue)
        back = cache._read(entry, "key")
        assert back is not None and back.version == catalogue.version


def test_a_changed_module_changes_the_code_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "PACKAGE", tmp_path)
    module = tmp_path / "sub" / "module.py"
    module.parent.mkdir()
    module.write_text("A = 1\n")
    first = cache.code_version()
    assert cache.code_version() == first
    module.write_text("A = 22\n")
    second = cache.code_version()
    os.utime(module, ns=(module.stat().st_atime_ns, module.stat().st_mtime_ns + 1_000_000_000))
    third = cache.code_version()
    (tmp_path / "new.py").write_text("")
    assert len({first, second, third, cache.code_version()}) == 4


@pytest.mark.parametrize("value", ["off", ""])
def test_the_cache_can_be_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv(cache.CACHE_ENV, value)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.cache_dir() is None
    assert cache.load_prepared(DEFAULT_PLANS, planner.compiled_all) == load_catalogue(DEFAULT_PLANS)
    assert not list(tmp_path.iterdir())


def test_the_default_folder_is_the_users_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cache.CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.cache_dir() == tmp_path / "tariff-recommender"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # the XDG spec: ignored unless absolute
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.cache_dir() == tmp_path / "home" / ".cache" / "tariff-recommender"


def test_old_entries_are_pruned(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "MAX_ENTRIES", 2)
    folder.mkdir()
    for i in range(3):
        stale = folder / f"catalogue-{i}.pickle"
        stale.write_bytes(b"old")
        os.utime(stale, ns=(i, i))
    cache.load_prepared(DEFAULT_PLANS, planner.compiled_all)
    kept = {p.name for p in entries(folder)}
    assert len(kept) == 2 and "catalogue-2.pickle" in kept
    assert not list(folder.glob(".catalogue-*"))  # no temporary file left behind


def test_a_cached_catalogue_keeps_every_plan_compiled(folder: Path) -> None:
    """Plans are compiled on first use (``tables.CompiledPlans``); what the cache keeps has them all, so a warm
    ``recommender recommend`` compiles none."""
    cache.load_prepared(DEFAULT_PLANS, planner.compiled_all)
    cached = cache.load_prepared(DEFAULT_PLANS, planner.compiled_all)
    kept = cached.__dict__["_compiled"].plans._found
    assert set(kept) == {plan.id for plan in cached.plans}
