"""The served catalogue (``serving.store``) pinned where a mutation run found it unpinned: each test builds its own
small plan folder in ``tmp_path``, reloads a ``CatalogueStore`` on it and asserts what is served, the outcome, the
removals said and each problem's ``file:line``."""

import base64
import datetime as dt
import importlib
import json
import logging
import os
import shutil
import threading
from dataclasses import replace
from pathlib import Path

import pytest

from recommender.catalogue import DEFAULT_PLANS
from recommender.serving import CatalogueStore, CatalogueWatcher, SharedCatalogue
from recommender.serving.store import ReloadFailure, ReloadResult, Removed, Snapshot

PLAN = """\
  - id: {id}
    name: plan
    name_en: plan
    monthly_fee: {{value: {fee}, source: "assumption: t"}}
    data_gb: {{value: 1, source: "assumption: t"}}
    voice_minutes: {{value: 100, source: "assumption: t"}}
    sms: {{value: 0, source: "assumption: t"}}
    downlink_mbps: {{value: 300, source: "assumption: t"}}
    uplink_mbps: {{value: 50, source: "assumption: t"}}
    overage:
      data_per_gb: {{value: 3, source: "assumption: t"}}
      voice_per_minute: {{value: 0.15, source: "assumption: t"}}
      sms_each: {{value: 0.1, source: "assumption: t"}}
"""
"""A plan of 13 lines: its ``monthly_fee`` on its 4th."""

PACK = """\
  - id: {id}
    name: pack
    name_en: pack
    kind: data
    price: {{value: 5, source: "assumption: t"}}
    adds: {{data_gb: {{value: 1, source: "assumption: t"}}}}
    requires_plans: [{plans}]
"""


def head(operator: str) -> str:
    """An operator's first 5 lines (``operator:``, id, name, name_en, currency); ``plans:`` is line 6."""
    return f"operator:\n  id: {operator}\n  name: {operator}\n  name_en: {operator}\ncurrency: CNY\n"


def plans_file(operator: str, ids: list[str], fee: str = "10", packs: dict[str, str] | None = None) -> str:
    """``ids`` as plans from line 7, 13 lines each (plan k's ``monthly_fee`` on line 6 + 13 × (k - 1) + 4)."""
    text = head(operator) + "plans:\n" + "".join(PLAN.format(id=i, fee=fee) for i in ids)
    if packs:
        text += "packs:\n" + "".join(PACK.format(id=k, plans=p) for k, p in packs.items())
    return text


B_IDS = [f"b{n:02d}" for n in range(1, 22)]
"""21 plans: one more than a warning names (``store.SAID_IDS``, 20)."""


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    """plans/a.yaml (op-a: plan a1, pack ka) and plans/b.yaml (op-b: b01 .. b21)."""
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "a.yaml").write_text(plans_file("op-a", ["a1"], packs={"ka": "a1"}), encoding="utf-8")
    (folder / "b.yaml").write_text(plans_file("op-b", B_IDS), encoding="utf-8")
    return folder


def _warnings(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.levelname == "WARNING" and r.name == "recommender.api.catalogue"]


def test_a_deleted_file_of_21_plans_is_said_deleted_with_20_ids_and_1_more(
        plans: Path, caplog: pytest.LogCaptureFixture) -> None:
    """b.yaml deleted: op-b's 21 plans go (21 of the 22 plans, 0 of the 1 pack), the file is said "(deleted)", and
    its ids are named up to 20, then "and 21 - 20 = 1 more"; the removal returned (counted in /metrics) holds all
    21 and ``deleted`` True.  Kills store._ids line 109 'len(ids) > SAID_IDS' forced False (mutant 6) and
    'len(ids) - SAID_IDS' as '+' (mutant 11: "and 41 more"), _warn_of_removals line 141 'r.deleted' forced False
    (mutant 56)."""
    store = CatalogueStore(plans)
    assert store.reload().outcome == "reloaded"
    (plans / "b.yaml").unlink()
    with caplog.at_level("WARNING", logger="recommender.api.catalogue"):
        result = store.reload()
    assert result.outcome == "reloaded"
    assert store.catalogue is not None and [p.id for p in store.catalogue.plans] == ["a1"]
    assert result.removed == (Removed("plans/b.yaml", tuple(B_IDS), (), True),)
    [warned] = _warnings(caplog)
    assert warned.getMessage() == (
        "the edit served leaves out every plan of operator(s) op-b (21 of 22 plans and 0 of 1 packs gone): "
        "plans/b.yaml (deleted): plans " + ", ".join(B_IDS[:20]) + " and 1 more. "
        "Was a plan file deleted, cut short or merged badly?")
    assert getattr(warned, "removed", None) == {"plans/b.yaml": {"plans": B_IDS, "packs": [], "deleted": True}}


def test_a_file_cut_to_lose_exactly_20_plans_names_all_20(plans: Path, caplog: pytest.LogCaptureFixture) -> None:
    """b.yaml cut to its first plan: b02 .. b21 go, 20 ids, as many as a warning names, so all are named and no
    "and 0 more"; op-b keeps b01, so no operator is left out ("removes"), and the file is not "(deleted)".  Kills
    store._ids line 109 'len(ids) > SAID_IDS' as '>=' (mutant 7)."""
    store = CatalogueStore(plans)
    assert store.reload().outcome == "reloaded"
    (plans / "b.yaml").write_text(plans_file("op-b", ["b01"]), encoding="utf-8")
    with caplog.at_level("WARNING", logger="recommender.api.catalogue"):
        result = store.reload()
    assert result.outcome == "reloaded"
    assert result.removed == (Removed("plans/b.yaml", tuple(B_IDS[1:]), (), False),)
    [warned] = _warnings(caplog)
    assert warned.getMessage() == (
        "the edit served removes 20 of 22 plans and 0 of 1 packs: plans/b.yaml: plans " + ", ".join(B_IDS[1:])
        + ". Was a plan file deleted, cut short or merged badly?")


def test_loaded_at_is_when_the_catalogue_served_was_loaded_not_when_the_files_were_last_checked(
        plans: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The store's clock (``store._now``) says T1, T2, ... each time it is asked.  The first load is served from T1;
    an edit of a1's fee (10 -> 12) is a new catalogue, loaded at T2; a check of the same bytes again keeps T2 (the
    catalogue served is the same object: the clock is not asked); a broken edit is rejected at the clock's next, T3,
    and the catalogue of T2 is still what is served, with the previous version said.  Kills CatalogueStore._reload
    line 360 'old.loaded_at if same else _now()' forced True (mutant 313: a new catalogue kept the old one's time,
    the first none) and forced False (mutant 314: an unchanged check said T3)."""
    store_module = importlib.import_module("recommender.serving.store")  # (``serving.store`` is also a function)
    said = iter(f"T{n}" for n in range(1, 10))
    monkeypatch.setattr(store_module, "_now", lambda: next(said))
    store = CatalogueStore(plans)
    first = store.reload()
    assert (first.outcome, first.snapshot.loaded_at, first.previous_version) == ("reloaded", "T1", None)
    (plans / "a.yaml").write_text(plans_file("op-a", ["a1"], fee="12", packs={"ka": "a1"}), encoding="utf-8")
    edited = store.reload()
    assert (edited.outcome, edited.snapshot.loaded_at) == ("reloaded", "T2")
    assert store.catalogue is not None and store.catalogue.plan_index["a1"].fee_fen == 1200  # ¥12 = 1,200 fen
    version = store.catalogue.version
    assert first.snapshot is not None and first.snapshot.catalogue is not None
    assert edited.previous_version == first.snapshot.catalogue.version != version
    again = store.reload()
    assert (again.outcome, store.snapshot.loaded_at, again.previous_version) == ("unchanged", "T2", version)
    assert store.catalogue is edited.snapshot.catalogue
    (plans / "a.yaml").write_text(plans_file("op-a", ["a1"], fee='"abc"'), encoding="utf-8")
    rejected = store.reload()
    assert (rejected.outcome, rejected.previous_version) == ("rejected", version)
    assert store.snapshot.loaded_at == "T2" and store.catalogue is edited.snapshot.catalogue
    assert store.snapshot.failure is not None and store.snapshot.failure.at == "T3"


def test_files_already_rejected_are_not_loaded_again_without_force(
        plans: Path, caplog: pytest.LogCaptureFixture) -> None:
    """``reload(force=False)`` (the watcher's, once files settled) does not load files whose fingerprint was already
    rejected: a broken a.yaml (fee "abc", on line 6 ``plans:`` + 4 = line 10) is rejected once, said once; asked again
    without force, the same bytes are "unchanged", the failure kept as it was and nothing logged.  Forced, they are
    loaded and rejected again.  The rejection is said with the catalogue still served.  Kills
    CatalogueStore._reload line 347 (the check deleted, mutant 282: rejected and logged again; forced False or
    'force' ignored, mutants 291, 301, 311), line 355 'if previous' forced False (mutant 322: "no catalogue to
    serve" said while one is)."""
    store = CatalogueStore(plans)
    assert store.reload().outcome == "reloaded"
    (plans / "a.yaml").write_text(plans_file("op-a", ["a1"], fee='"abc"'), encoding="utf-8")
    with caplog.at_level("INFO", logger="recommender.api.catalogue"):
        rejected = store.reload()
        failure = store.snapshot.failure
        assert rejected.outcome == "rejected" and failure is not None
        assert [p.split(": ", 1)[0] for p in rejected.problems] == ["plans/a.yaml:10"]
        assert [r.levelname for r in caplog.records] == ["ERROR"]
        served = store.catalogue.version if store.catalogue else ""
        assert caplog.records[0].getMessage() == f"plan files rejected, still serving catalogue {served}:\n" + \
            rejected.problems[0]
        caplog.clear()
        assert store.reload(force=False).outcome == "unchanged"
        assert store.snapshot.failure is failure and caplog.records == []
        assert store.reload().outcome == "rejected"
    assert [r.levelname for r in caplog.records] == ["ERROR"]


def test_a_load_is_said_with_the_version_it_replaced_or_none(plans: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Each load is one INFO line: the version, the folder, the outcome and the version it replaced ("none" for the
    first).  Kills CatalogueStore._reload line 365 (the line deleted, mutant 288) and 'previous or "none"' (mutants
    317-319)."""
    store = CatalogueStore(plans)
    with caplog.at_level("INFO", logger="recommender.api.catalogue"):
        first = store.reload().snapshot.catalogue
        assert first is not None
        (plans / "a.yaml").write_text(plans_file("op-a", ["a1"], fee="12", packs={"ka": "a1"}), encoding="utf-8")
        second = store.reload().snapshot.catalogue
        assert second is not None
    assert [r.getMessage() for r in caplog.records if r.levelname == "INFO"] == [
        f"catalogue {first.version} loaded from {plans} (the first served)",
        f"catalogue {second.version} loaded from {plans} (reloaded; was {first.version})"]


def test_a_new_catalogue_that_cannot_be_published_is_not_served_until_it_is(
        plans: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Shared (gunicorn): a good edit (a1's fee 10 -> 12) that cannot be published (the folder's lock made a folder:
    opening it fails for any user) is "unpublished": this process keeps serving the catalogue every other serves
    (a1 at ¥10 = 1,000 fen, generation 1), says why at the shared folder's line 1 with the version it could not
    publish, and the files are loaded again at the next check once settled (their fingerprint is not the served
    one's): published as generation 2, a1 at ¥12 = 1,200 fen.  Kills CatalogueStore._reload line 363 'if same'
    forced True (mutant 294: the unpublished catalogue was served here alone).  The reload's answer is the snapshot
    served, at its generation (mutant 186, reload line 279 deleted: generation 0)."""
    folder = tmp_path / "shared"
    store = CatalogueStore(plans)
    store.shared = SharedCatalogue(folder)
    published = store.reload()
    assert published.outcome == "reloaded" and store.snapshot.generation == 1 == published.snapshot.generation
    served = store.catalogue
    assert served is not None
    (plans / "a.yaml").write_text(plans_file("op-a", ["a1"], fee="12", packs={"ka": "a1"}), encoding="utf-8")
    (folder / "lock").unlink()
    (folder / "lock").mkdir()
    with caplog.at_level("ERROR", logger="recommender.api.catalogue"):
        result = store.reload()
    assert result.outcome == "unpublished"
    assert store.catalogue is served and result.snapshot.catalogue is served and store.snapshot.generation == 1
    assert served.plan_index["a1"].fee_fen == 1000 and result.previous_version == served.version
    [problem] = result.problems
    assert problem.startswith(f"{folder}:1: cannot publish catalogue ") and "every process keeps serving" in problem
    assert [r.getMessage() for r in caplog.records if r.levelname == "ERROR"] == [problem]
    assert [reason["code"] for reason in result.reasons] == ["problem.cannot_publish"]
    (folder / "lock").rmdir()
    assert [store.poll().outcome for _ in range(2)] == ["settling", "reloaded"]
    assert store.catalogue is not None and store.catalogue.plan_index["a1"].fee_fen == 1200
    assert store.snapshot.generation == 2
    assert problem == (f"{folder}:1: cannot publish catalogue {store.catalogue.version} (Is a directory): every "
                       "process keeps serving the one before it until it can be")


def test_a_worker_following_a_new_catalogue_drops_its_own_failure_and_loads_at_its_own_time(
        plans: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A master and a worker share a folder; the clock (``store._now``) says T1, T2, ... each time it is asked.  The
    master loads (T1) and publishes generation 1 (its ``published_at``, T2); the worker follows it, loaded at T3.  An
    admin reload in the worker on a broken a.yaml (fee "abc", plans/a.yaml:10) is rejected there (degraded, at T4).
    The file fixed (fee 12), the master loads (T5) and publishes generation 2 (T6); the worker follows it at T7: a1
    at 1,200 fen, its own failure gone (the files it rejected are not what it serves, and they load now), previous
    version said; nothing newer after that: unchanged.  Kills CatalogueStore.follow line 390 'old.failure if same
    else None' forced True (mutant 371: still degraded), line 389 loaded_at forced True (mutant 369: T3)."""
    store_module = importlib.import_module("recommender.serving.store")
    said = iter(f"T{n}" for n in range(1, 10))
    monkeypatch.setattr(store_module, "_now", lambda: next(said))
    folder = tmp_path / "shared"
    master, worker = CatalogueStore(plans), CatalogueStore(plans)
    master.shared, worker.shared = SharedCatalogue(folder), SharedCatalogue(folder)
    worker_started = worker.follow()  # (nothing published yet)
    assert worker_started.outcome == "unchanged" and worker.catalogue is None
    assert master.reload().outcome == "reloaded" and master.snapshot.generation == 1
    first = worker.follow()
    assert (first.outcome, first.followed, first.previous_version) == ("reloaded", True, None)
    assert worker.snapshot.generation == 1 and worker.snapshot.loaded_at == "T3"
    v1 = worker.catalogue.version if worker.catalogue else None
    (plans / "a.yaml").write_text(plans_file("op-a", ["a1"], fee='"abc"'), encoding="utf-8")
    rejected = worker.reload()
    assert rejected.outcome == "rejected" and rejected.problems[0].startswith("plans/a.yaml:10: ")
    assert worker.snapshot.failure is not None and worker.snapshot.failure.at == "T4"
    (plans / "a.yaml").write_text(plans_file("op-a", ["a1"], fee="12", packs={"ka": "a1"}), encoding="utf-8")
    assert master.reload().outcome == "reloaded" and master.snapshot.generation == 2
    second = worker.follow()
    assert (second.outcome, second.followed, second.previous_version) == ("reloaded", True, v1)
    assert worker.snapshot.failure is None and worker.snapshot.generation == 2 and worker.snapshot.loaded_at == "T7"
    assert worker.catalogue is not None and worker.catalogue.plan_index["a1"].fee_fen == 1200
    assert worker.follow().outcome == "unchanged" and worker.snapshot.generation == 2


def test_a_published_catalogue_that_does_not_load_here_is_rejected_and_the_served_one_kept(
        plans: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """What ``publish`` wrote was validated by its publisher; a generation 5 whose plan file is no YAML (written by
    hand here) does not load in the worker: "rejected", said with a traceback, and the worker serves generation 1
    still.  Kills CatalogueStore.follow line 387 (the return deleted, mutant 366: a crash) and its value as None
    (mutant 368), line 386 the log deleted (mutant 365)."""
    folder = tmp_path / "shared"
    master, worker = CatalogueStore(plans), CatalogueStore(plans)
    master.shared, worker.shared = SharedCatalogue(folder), SharedCatalogue(folder)
    master.reload()
    assert worker.follow().outcome == "reloaded"
    served = worker.catalogue
    (folder / "current.json").write_text(json.dumps({
        "generation": 5, "version": "x", "files": [["plans/a.yaml", base64.b64encode(b"operator: [\n").decode()]],
        "facts": None}), encoding="utf-8")
    with caplog.at_level("ERROR", logger="recommender.api.catalogue"):
        result = worker.follow()
    assert result.outcome == "rejected" and result.previous_version == (served.version if served else "")
    assert worker.catalogue is served and worker.snapshot.generation == 1
    [said] = [r for r in caplog.records if r.levelname == "ERROR"]
    assert said.getMessage() == "published catalogue 5 does not load here" and said.exc_info is not None


def test_a_worker_following_the_catalogue_it_serves_at_a_newer_generation_keeps_it_as_it_is(
        plans: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The worker serves generation 1 (a1 at ¥10) and rejected a broken edit itself (degraded); the master publishes
    a1 at ¥12 (generation 2), then the edit undone, ¥10 again: the same bytes as generation 1, published as 3.  The
    worker, not having followed 2, follows 3: its own catalogue at a newer generation, so "unchanged", the same
    object, its load time and its failure kept (the files it rejected are still not what it serves), generation 3.
    Kills CatalogueStore.follow line 391 "'unchanged' if same" forced False (mutant 374) and its True as False
    (mutant 376), line 389 loaded_at forced False (mutant 370), line 390 the failure forced False (mutant 372).
    (The clock says T1, T2, ... each time it is asked: a time taken again is another.)"""
    store_module = importlib.import_module("recommender.serving.store")
    said = iter(f"T{n}" for n in range(1, 20))
    monkeypatch.setattr(store_module, "_now", lambda: next(said))
    folder = tmp_path / "shared"
    master, worker = CatalogueStore(plans), CatalogueStore(plans)
    master.shared, worker.shared = SharedCatalogue(folder), SharedCatalogue(folder)
    master.reload()
    assert worker.follow().outcome == "reloaded"
    served, loaded_at = worker.catalogue, worker.snapshot.loaded_at
    ten = (plans / "a.yaml").read_text(encoding="utf-8")
    (plans / "a.yaml").write_text(plans_file("op-a", ["a1"], fee='"abc"'), encoding="utf-8")
    assert worker.reload().outcome == "rejected"
    failure = worker.snapshot.failure
    (plans / "a.yaml").write_text(plans_file("op-a", ["a1"], fee="12", packs={"ka": "a1"}), encoding="utf-8")
    assert master.reload().outcome == "reloaded" and master.snapshot.generation == 2
    (plans / "a.yaml").write_text(ten, encoding="utf-8")
    assert master.reload().outcome == "reloaded" and master.snapshot.generation == 3
    result = worker.follow()
    assert (result.outcome, result.followed) == ("unchanged", True)
    assert worker.catalogue is served and worker.snapshot.generation == 3
    assert worker.snapshot.loaded_at == loaded_at and worker.snapshot.failure is failure is not None


def test_a_check_of_unchanged_files_keeps_the_generation_served(plans: Path, tmp_path: Path) -> None:
    """Shared: the first load is published as generation 1; reloading the same bytes is "unchanged" and the store
    still serves generation 1 (at 0, it would take generation 1 for news and load it again at the next follow, and
    ``/readyz`` would say it serves generation 0).  Kills CatalogueStore._reload line 361 'old.generation if same
    else 0' forced False (mutant 316)."""
    store = CatalogueStore(plans)
    store.shared = SharedCatalogue(tmp_path / "shared")
    assert store.reload().outcome == "reloaded" and store.snapshot.generation == 1
    served = store.catalogue
    assert store.reload().outcome == "unchanged"
    assert store.catalogue is served and store.snapshot.generation == 1
    assert store.follow().outcome == "unchanged"


def test_a_plans_path_that_is_one_file_names_it_from_its_folders_parent(plans: Path) -> None:
    """``RECOMMENDER_PLANS`` may be one plan file: its problems are named as the folder's would be, relative to the
    folder's parent: plans/a.yaml:10 (the fee "abc" on line 6 ``plans:`` + 4), not a.yaml:10.  Kills
    CatalogueStore.base line 206 'self.plans.parent if self.plans.is_file()' forced False (mutant 101)."""
    (plans / "a.yaml").write_text(plans_file("op-a", ["a1"], fee='"abc"'), encoding="utf-8")
    result = CatalogueStore(plans / "a.yaml").reload()
    assert result.outcome == "rejected"
    assert [p.split(": ", 1)[0] for p in result.problems] == ["plans/a.yaml:10"]


def test_a_facts_file_outside_the_plans_parent_is_named_by_its_name_alone(plans: Path) -> None:
    """No seeds/ beside this plans folder: its citations are checked against the shipped facts file, outside the
    plans' parent, so a problem names it ``facts.yaml`` alone, never by the server's absolute path; a1's fee cites
    ``seed:no-such-fact`` on line 10.  Kills CatalogueStore._name line 230 'return path.name' as None or deleted
    (mutants 117, 118)."""
    text = plans_file("op-a", ["a1"]).replace('monthly_fee: {value: 10, source: "assumption: t"}',
                                              'monthly_fee: {value: 10, source: "seed:no-such-fact"}')
    (plans / "a.yaml").write_text(text, encoding="utf-8")
    result = CatalogueStore(plans).reload()
    assert result.outcome == "rejected"
    [problem] = result.problems
    assert problem.startswith("plans/a.yaml:10: ") and "no fact 'no-such-fact' in facts.yaml" in problem, problem
    assert str(DEFAULT_PLANS.parent) not in problem


def test_a_broken_edit_is_rejected_with_its_own_problems_when_the_shared_folder_cannot_be_written(
        plans: Path, tmp_path: Path) -> None:
    """Shared, the folder's lock made a folder (nothing can be published): a broken edit (fee "abc", plans/a.yaml:10)
    is "rejected" with that problem, the catalogue served kept; nothing was to be published, so the folder's state
    is no part of the answer.  Kills CatalogueStore.reload line 271 "result.outcome == 'reloaded' and ..." as the
    second operand alone (mutant 182: the rejection was published, failed, and said as 'unpublished' with the
    folder's problem instead of the file's)."""
    folder = tmp_path / "shared"
    store = CatalogueStore(plans)
    store.shared = SharedCatalogue(folder)
    first = store.reload()
    assert first.outcome == "reloaded" and first.snapshot is store.snapshot and first.snapshot.generation == 1
    served = store.catalogue
    (folder / "lock").unlink()
    (folder / "lock").mkdir()
    (plans / "a.yaml").write_text(plans_file("op-a", ["a1"], fee='"abc"'), encoding="utf-8")
    result = store.reload()
    assert result.outcome == "rejected" and store.catalogue is served
    assert [p.split(": ", 1)[0] for p in result.problems] == ["plans/a.yaml:10"]


def test_the_sources_given_are_what_is_loaded_not_the_files_read_again(plans: Path) -> None:
    """``reload(sources=...)`` (the watcher's, with the bytes it fingerprinted and saw settle) loads those bytes: read
    with a1 at ¥12, the file then rewritten at ¥14, the catalogue served has a1 at 1,200 fen and the files' new bytes
    are a change for the next check.  Kills CatalogueStore.reload line 268 'sources if sources is not None' forced
    False (mutant 194: 1,400 fen, bytes never seen to settle)."""
    store = CatalogueStore(plans)
    store.reload()
    (plans / "a.yaml").write_text(plans_file("op-a", ["a1"], fee="12", packs={"ka": "a1"}), encoding="utf-8")
    sources = store.read()
    (plans / "a.yaml").write_text(plans_file("op-a", ["a1"], fee="14", packs={"ka": "a1"}), encoding="utf-8")
    assert store.reload(sources=sources).outcome == "reloaded"
    assert store.catalogue is not None and store.catalogue.plan_index["a1"].fee_fen == 1200
    assert store.poll().outcome == "settling"


def test_a_store_started_on_a_broken_file_polls_until_it_is_fixed(plans: Path) -> None:
    """Started on a broken a.yaml (fee "abc", plans/a.yaml:10): nothing to serve.  The watcher's checks of the same
    bytes are "unchanged" with no previous version (there is none); the file fixed, "settling", then "reloaded", a1
    at ¥10 = 1,000 fen; then "unchanged" with the version served as the previous one.  Kills CatalogueStore.poll
    lines 242 and 245 'old.catalogue.version if old.catalogue' forced True (mutants 139, 141: each check raised
    while nothing was served, a traceback in the watcher's log at every check) and forced False (mutants 140, 142:
    no previous version said while one is served)."""
    good = (plans / "a.yaml").read_text(encoding="utf-8")
    (plans / "a.yaml").write_text(plans_file("op-a", ["a1"], fee='"abc"'), encoding="utf-8")
    store = CatalogueStore(plans)
    rejected = store.reload()
    assert rejected.outcome == "rejected" and store.catalogue is None
    assert [p.split(": ", 1)[0] for p in rejected.problems] == ["plans/a.yaml:10"]
    assert [(r.outcome, r.previous_version) for r in (store.poll(), store.poll())] == [("unchanged", None)] * 2
    (plans / "a.yaml").write_text(good, encoding="utf-8")
    assert [(r.outcome, r.previous_version) for r in (store.poll(), store.poll())] == [
        ("settling", None), ("reloaded", None)]
    assert store.catalogue is not None and store.catalogue.plan_index["a1"].fee_fen == 1000
    assert store.snapshot.failure is None
    version = store.catalogue.version
    (plans / "a.yaml").write_text(plans_file("op-a", ["a1"], fee="12", packs={"ka": "a1"}), encoding="utf-8")
    assert [(r.outcome, r.previous_version) for r in (store.poll(), store.poll(), store.poll())] == [
        ("settling", version), ("reloaded", version), ("unchanged", store.catalogue.version)]


# -- pinned by the mutation run of helper sdb (numbers are its mutants of store.py) --


def test_one_id_is_said_in_the_singular_and_two_in_the_plural(plans: Path, caplog: pytest.LogCaptureFixture) -> None:
    """a.yaml loses its pack ka (1 of the 1 pack) and b.yaml its last two plans, b20 and b21 (2 of 22 plans): the
    warning names b.yaml's "plans b20, b21" (two: plural) before a.yaml's "pack ka" (one: singular; plans are said
    first, each file where its first id is), and no operator is left out ("removes").  Kills store._ids line 110
    "'s' if len(ids) > 1" forced True, '>' as '>=' or '> 0' (mutants 1008, 1010, 1013: "packs ka") and '> 2' (1012:
    "plan b20, b21")."""
    store = CatalogueStore(plans)
    assert store.reload().outcome == "reloaded"
    (plans / "a.yaml").write_text(plans_file("op-a", ["a1"]), encoding="utf-8")
    (plans / "b.yaml").write_text(plans_file("op-b", B_IDS[:19]), encoding="utf-8")
    with caplog.at_level("WARNING", logger="recommender.api.catalogue"):
        result = store.reload()
    assert result.outcome == "reloaded"
    assert result.removed == (Removed("plans/b.yaml", ("b20", "b21"), (), False),
                              Removed("plans/a.yaml", (), ("ka",), False))
    [warned] = _warnings(caplog)
    assert warned.getMessage() == (
        "the edit served removes 2 of 22 plans and 1 of 1 packs: plans/b.yaml: plans b20, b21; plans/a.yaml: pack ka. "
        "Was a plan file deleted, cut short or merged badly?")


def test_an_edit_that_takes_nothing_away_warns_of_nothing(plans: Path, caplog: pytest.LogCaptureFixture) -> None:
    """a.yaml given a second plan, a2 (23 plans now, none gone): the edit goes live with no warning and no removal
    (an empty tuple: nothing counted in /metrics).  Kills store._warn_of_removals line 135 'if not removed: return
    removed' forced False or deleted (mutants 1023, 1024: a warning of "0 of 22 plans and 0 of 1 packs"), its return
    None or deleted (1040, 1041: ``removed`` None)."""
    store = CatalogueStore(plans)
    assert store.reload().outcome == "reloaded"
    (plans / "a.yaml").write_text(plans_file("op-a", ["a1", "a2"], packs={"ka": "a1"}), encoding="utf-8")
    with caplog.at_level("WARNING", logger="recommender.api.catalogue"):
        result = store.reload()
    assert result.outcome == "reloaded" and result.removed == ()
    assert store.catalogue is not None and len(store.catalogue.plans) == 23
    assert _warnings(caplog) == []


def test_when_loaded_and_rejected_are_said_as_utc_instants_to_the_second(plans: Path) -> None:
    """Without a clock stubbed, ``loaded_at`` of a load and ``at`` of a rejection are ISO 8601 instants in UTC
    (offset +00:00), to the second (no fraction): what /readyz and the reload response say.  Nothing is timed: only
    the form.  Kills store._now line 156 its return None or deleted (mutants 1059, 1060: no time said)."""
    store = CatalogueStore(plans)
    assert store.reload().outcome == "reloaded"
    (plans / "a.yaml").write_text(plans_file("op-a", ["a1"], fee='"abc"'), encoding="utf-8")
    assert store.reload().outcome == "rejected"
    assert store.snapshot.failure is not None
    for said in (store.snapshot.loaded_at, store.snapshot.failure.at):
        assert isinstance(said, str)
        instant = dt.datetime.fromisoformat(said)
        assert instant.utcoffset() == dt.timedelta(0) and instant.microsecond == 0
        assert said == instant.isoformat(timespec="seconds") and said.endswith("+00:00")


def test_a_plans_folder_with_no_facts_file_anywhere_loads_and_is_read_with_none(
        plans: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No ``seeds/facts.yaml`` beside the plans folder (``tmp_path`` has none) and none shipped (the shipped plans
    said to be in a folder that is not there): the store reads the two plan files, named from the folder's parent,
    and no facts (None), and loads them (their figures cite no fact: "assumption: t").  Kills
    CatalogueStore.read line 217 'None if sources.facts is None' forced False (mutant 1105: ``None[0]``).  Published,
    it is read back with no facts: kills SharedCatalogue.publish line 436 the facts forced (1410: ``None[0]``)."""
    monkeypatch.setattr(importlib.import_module("recommender.catalogue.load"), "DEFAULT_PLANS",
                        tmp_path / "not-there" / "plans")
    store = CatalogueStore(plans)
    sources = store.read()
    assert sources.facts is None and [name for name, _ in sources.files] == ["plans/a.yaml", "plans/b.yaml"]
    assert store.reload().outcome == "reloaded"
    assert store.catalogue is not None and len(store.catalogue.plans) == 22
    shared = SharedCatalogue(tmp_path / "shared")
    assert shared.publish(store.snapshot) == 1
    generation, read = shared.read()
    assert (generation, read.files, read.facts) == (1, sources.files, None)


def test_a_plans_path_the_system_cannot_look_at_is_named_from_its_parent(tmp_path: Path) -> None:
    """A plans path of 300 characters, longer than a file name may be (ENAMETOOLONG: ``is_file`` raises it, as it
    would "permission denied" for a folder above it, which the tests' root user cannot be refused): its folder is
    taken as the path itself, so names are relative to its parent, ``tmp_path``, and the read says it as a problem
    at line 1 of that name.  Kills CatalogueStore.base line 208 'folder = self.plans' deleted (mutant 1100: an
    UnboundLocalError)."""
    name = "x" * 300
    store = CatalogueStore(tmp_path / name)
    assert store.base == tmp_path.absolute()
    [problem] = store.read().problems
    assert (problem.file, problem.line, problem.code) == (name, 1, "problem.cannot_read")
    assert str(problem) == f"{name}:1: cannot read: File name too long"


def test_publishing_without_a_shared_folder_publishes_nothing(plans: Path) -> None:
    """A single process (``flask run``, tests: ``shared`` None) asked to publish what it serves publishes nothing,
    generation 0, and goes on serving the catalogue it loaded at generation 0.  Kills CatalogueStore.publish line 304
    'if self.shared is not None' forced True (mutant 1211), line 306 'if self.shared is None or ...' forced False,
    deleted, or 'or' as 'and' (1215, 1216, 1223: ``None.publish``)."""
    store = CatalogueStore(plans)
    assert store.reload().outcome == "reloaded"
    served = store.catalogue
    assert store.publish() == 0
    assert store.catalogue is served and store.snapshot.generation == 0


def test_the_masters_failure_is_shared_again_when_the_shared_folder_lost_it(plans: Path, tmp_path: Path) -> None:
    """The master's watcher rejects a broken a.yaml (fee "abc": settling, rejected) and shares why; the failure file
    then goes (the shared folder cleaned under the server).  At its next check the files are as it last checked them
    ("unchanged"), and what it found is shared again, with the same fingerprint: every worker's /readyz says the files
    are broken.  Kills CatalogueStore._share_failure line 257 'snapshot.failure.fingerprint if snapshot.failure'
    forced False (mutant 1158: nothing shared, the workers' /readyz "ok" on broken files)."""
    folder = tmp_path / "shared"
    master = CatalogueStore(plans)
    master.shared = SharedCatalogue(folder)
    assert master.reload().outcome == "reloaded"
    (plans / "a.yaml").write_text(plans_file("op-a", ["a1"], fee='"abc"'), encoding="utf-8")
    assert [master.poll().outcome for _ in range(2)] == ["settling", "rejected"]
    found = master.snapshot.failure
    assert found is not None and master.shared.failure() == found
    (folder / "failure.json").unlink()
    assert master.shared.failure() is None
    assert master.poll().outcome == "unchanged"
    again = master.shared.failure()
    assert again is not None and again.fingerprint == found.fingerprint and again.problems == found.problems
    assert again.problems[0].startswith("plans/a.yaml:10: ")


def test_a_catalogue_that_cannot_be_published_again_is_said_in_full_and_its_return_said_too(
        plans: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """The master serves a1 at ¥10; the shared folder holds no catalogue and its lock is a folder (a publish fails
    for any user: "Is a directory").  ``restore`` says so once, at the folder's line 1, with the version it could not
    publish and the system's words alone, and that it tries again at each check; the lock mended, it publishes
    (generation 1) and says that the folder held no catalogue and has it again.  Kills CatalogueStore.restore line
    324 the line 1 as 2 or 0 (mutants 1259, 1260), line 325 the version forced None (1262), line 326 'exc.strerror
    or exc' as 'and' (1263: "[Errno 21] Is a directory: '…/lock'"), line 331 the INFO line deleted (1235)."""
    folder = tmp_path / "shared"
    master = CatalogueStore(plans)
    assert master.reload().outcome == "reloaded"
    assert master.catalogue is not None
    version = master.catalogue.version
    master.shared = SharedCatalogue(folder)
    (folder / "lock").mkdir()
    with caplog.at_level(logging.INFO, logger="recommender.api.catalogue"):
        assert [master.restore() for _ in range(2)] == [0, 0]
        assert [(r.levelname, r.getMessage()) for r in caplog.records] == [(
            "ERROR", f"{folder}:1: cannot publish catalogue {version} (Is a directory): every process keeps serving "
                     "the one before it until it can be (tried again at each check of the files)")]
        caplog.clear()
        (folder / "lock").rmdir()
        assert master.restore() == 1
    assert [(r.levelname, r.getMessage()) for r in caplog.records] == [
        ("INFO", f"catalogue {version} published as generation 1"),
        ("INFO", f"the shared folder {folder} held no catalogue (removed under the server, unreadable, or not written "
                 "before): catalogue published there again")]


def test_files_put_back_after_a_rejected_edit_clear_the_failure(plans: Path) -> None:
    """a.yaml broken (fee "abc") and rejected: the catalogue of a1 at ¥10 still served, the failure kept; the file put
    back to the bytes served (an editor's undo) and reloaded: "unchanged", the same catalogue object, and no failure
    any more (/readyz "ok" again).  Kills CatalogueStore._reload line 363 'if same' forced False (mutant 1279: the
    failure kept, degraded on good files)."""
    store = CatalogueStore(plans)
    assert store.reload().outcome == "reloaded"
    served = store.catalogue
    good = (plans / "a.yaml").read_bytes()
    (plans / "a.yaml").write_text(plans_file("op-a", ["a1"], fee='"abc"'), encoding="utf-8")
    assert store.reload().outcome == "rejected" and store.snapshot.failure is not None
    (plans / "a.yaml").write_bytes(good)
    again = store.reload()
    assert again.outcome == "unchanged" and again.snapshot.failure is None
    assert store.snapshot.failure is None and store.catalogue is served


def test_a_listener_that_raises_is_logged_and_the_reload_and_the_other_listeners_go_on(
        plans: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Two listeners: the first raises, the second records each outcome.  A reload still answers "reloaded", the
    second listener hears it, and the first's error is logged as "reload listener failed" with its traceback.  Kills
    CatalogueStore._notify line 340 'log.exception' deleted (mutant 1267: the error swallowed unsaid)."""
    heard: list[str] = []

    def broken(_result: ReloadResult) -> None:
        raise RuntimeError("listener broken")

    store = CatalogueStore(plans)
    store.listeners.extend([broken, lambda result: heard.append(result.outcome)])
    with caplog.at_level(logging.ERROR, logger="recommender.api.catalogue"):
        assert store.reload().outcome == "reloaded"
    assert heard == ["reloaded"]
    [record] = caplog.records
    assert record.getMessage() == "reload listener failed" and record.exc_info is not None
    assert str(record.exc_info[1]) == "listener broken"


def test_a_store_started_on_broken_files_says_it_has_nothing_to_serve(
        plans: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A first load of a broken a.yaml (fee "abc", plans/a.yaml:10) is rejected with "no catalogue to serve (503)
    until they are fixed", not "still serving catalogue None".  Kills CatalogueStore._reload line 355 'if previous'
    forced True (mutant 1307)."""
    (plans / "a.yaml").write_text(plans_file("op-a", ["a1"], fee='"abc"'), encoding="utf-8")
    store = CatalogueStore(plans)
    with caplog.at_level(logging.ERROR, logger="recommender.api.catalogue"):
        result = store.reload()
    assert result.outcome == "rejected" and store.catalogue is None and result.previous_version is None
    [record] = caplog.records
    assert record.getMessage() == ("plan files rejected, no catalogue to serve (503) until they are fixed:\n"
                                   + result.problems[0])
    assert result.problems[0].startswith("plans/a.yaml:10: ")


def test_following_without_a_shared_folder_keeps_what_is_served(plans: Path) -> None:
    """A single process (``shared`` None) asked to follow: "unchanged", the snapshot it serves, the catalogue kept.
    Kills CatalogueStore.follow line 372 'if shared is None' forced False or deleted (mutants 1311, 1312:
    ``None.newest``), line 373 its return None (1319)."""
    store = CatalogueStore(plans)
    assert store.reload().outcome == "reloaded"
    snapshot = store.snapshot
    result = store.follow()
    assert result.outcome == "unchanged" and result.snapshot is snapshot and store.snapshot is snapshot


def test_a_catalogue_followed_is_said_and_heard_and_one_followed_meanwhile_is_not_loaded_again(
        plans: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A worker with a listener follows the master's first catalogue (generation 1): it logs "catalogue <v>
    (generation 1) followed; was none" (nothing served before) and its listener hears "reloaded",
    followed.  Then the shared folder says generation 2 is newest (``newest`` stubbed) while its ``current.json``
    still holds generation 1, which the worker serves: as when another thread of the worker followed it between the
    check and the read, it is "unchanged", the previous version said, not loaded again, not logged, not heard.
    Kills CatalogueStore.follow line 392 'if not same' forced either way, deleted or 'not' removed (mutants 1334-1336,
    1348), line 394 the notify deleted (1337), line 381 'if generation <= old.generation' forced False, deleted or '<'
    (1328, 1329, 1344: heard "unchanged" again), line 382 its return None or deleted (1345, 1346)."""
    folder = tmp_path / "shared"
    master, worker = CatalogueStore(plans), CatalogueStore(plans)
    master.shared, worker.shared = SharedCatalogue(folder), SharedCatalogue(folder)
    heard: list[tuple[str, bool]] = []
    worker.listeners.append(lambda result: heard.append((result.outcome, result.followed)))
    assert master.reload().outcome == "reloaded" and master.catalogue is not None
    version = master.catalogue.version
    with caplog.at_level(logging.INFO, logger="recommender.api.catalogue"):
        first = worker.follow()
    assert (first.outcome, first.followed, worker.snapshot.generation) == ("reloaded", True, 1)
    assert [r.getMessage() for r in caplog.records] == [f"catalogue {version} (generation 1) followed; was none"]
    assert heard == [("reloaded", True)]
    caplog.clear()
    served = worker.snapshot
    worker.shared.newest = lambda: (2, "newer")  # type: ignore[method-assign]  # (the check saw a newer generation)
    with caplog.at_level(logging.INFO, logger="recommender.api.catalogue"):
        again = worker.follow()
    assert (again.outcome, again.followed, again.previous_version) == ("unchanged", False, version)
    assert again.snapshot is served and worker.snapshot is served
    assert caplog.records == [] and heard == [("reloaded", True)]


def test_following_the_catalogue_already_served_is_heard_but_not_said(
        plans: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A worker loaded the files itself (generation 0, not shared yet); the master publishes the same bytes as
    generation 1.  The worker follows it: the same catalogue, "unchanged" and followed, generation 1, heard by its
    listener, and no "followed" line logged (nothing new served).  Kills CatalogueStore.follow line 392 'if not
    same' forced True (mutant 1334: "catalogue <v> (generation 1) followed; was <v>")."""
    folder = tmp_path / "shared"
    master, worker = CatalogueStore(plans), CatalogueStore(plans)
    assert worker.reload().outcome == "reloaded" and worker.snapshot.generation == 0
    served = worker.catalogue
    master.shared, worker.shared = SharedCatalogue(folder), SharedCatalogue(folder)
    assert master.reload().outcome == "reloaded" and master.snapshot.generation == 1
    heard: list[tuple[str, bool]] = []
    worker.listeners.append(lambda result: heard.append((result.outcome, result.followed)))
    with caplog.at_level(logging.INFO, logger="recommender.api.catalogue"):
        result = worker.follow()
    assert (result.outcome, result.followed) == ("unchanged", True)
    assert worker.catalogue is served and worker.snapshot.generation == 1
    assert heard == [("unchanged", True)] and caplog.records == []


def test_a_forked_child_starts_with_its_lock_free_and_no_edit_settling(plans: Path) -> None:
    """The store's lock held (another thread of the parent reloading at the fork) and an edit of a1's fee (10 -> 12)
    seen once by the watcher ("settling"): in the forked child (``after_fork``) the lock is free, and the edit is
    seen anew, "settling" again before it is "reloaded" (a1 at 1,200 fen).  Kills CatalogueStore.after_fork line 399
    the new lock deleted (mutant 1362: the child's reloads wait for ever) and line 400 '_pending = None' deleted
    (1363: loaded at the child's first check)."""
    store = CatalogueStore(plans)
    assert store.reload().outcome == "reloaded"
    (plans / "a.yaml").write_text(plans_file("op-a", ["a1"], fee="12", packs={"ka": "a1"}), encoding="utf-8")
    assert store.poll().outcome == "settling"
    held = store._lock
    assert held.acquire(blocking=False)
    try:
        store.after_fork()
        assert store._lock.acquire(blocking=False)
        store._lock.release()
    finally:
        held.release()
    assert [store.poll().outcome for _ in range(2)] == ["settling", "reloaded"]
    assert store.catalogue is not None and store.catalogue.plan_index["a1"].fee_fen == 1200


def test_a_shared_folder_publishes_nothing_without_a_catalogue_and_its_bytes_and_starts_at_generation_1(
        plans: Path, tmp_path: Path) -> None:
    """``SharedCatalogue.publish`` of a snapshot with no catalogue, or with a catalogue and not the bytes it was
    loaded from, publishes nothing (0, no ``current.json``); of a loaded snapshot, with no ``above`` given, in an
    empty folder: generation 0 + 1 = 1.  Kills SharedCatalogue.publish line 423 'if snapshot.catalogue is None or
    snapshot.sources is None' forced False or deleted (mutants 1372, 1373: ``None.version``), 'or' as 'and' (1378),
    line 424 its 'return 0' None or deleted (1379, 1380), line 420 'above' 0 as 1 (1376: generation 2).  The same
    catalogue published again, even above 5, is the newest's generation, 1, not a new one: kills line 429 'if newest
    is not None and newest[1] == snapshot.catalogue.version' forced False (1384: generations 2 and 6 of one
    catalogue, every worker loading it again), line 430 its return None, deleted, or the generation as the version
    (1400, 1401, 1412, 1413), line 429 the version compared with the generation (1417).  What is published is read
    back as it was, the plan files' names and bytes and the facts file's (kills line 436 the facts forced None,
    1411; ``_load`` line 454 the facts forced None or named by their bytes, 1434, 1436); another catalogue (a1 at
    ¥12) published with no ``above`` is generation 1 + 1 = 2 (kills line 431 the newest's generation forced 0,
    1415: generation 1 again, old news to every worker)."""
    store = CatalogueStore(plans)
    assert store.reload().outcome == "reloaded"
    shared = SharedCatalogue(tmp_path / "shared")
    assert shared.publish(Snapshot(None)) == 0
    assert shared.publish(replace(store.snapshot, sources=None)) == 0
    assert not (tmp_path / "shared" / "current.json").exists() and shared.newest() is None
    assert shared.publish(store.snapshot) == 1
    assert store.catalogue is not None and shared.newest() == (1, store.catalogue.version)
    assert shared.publish(store.snapshot) == 1 and shared.publish(store.snapshot, above=5) == 1
    assert shared.newest() == (1, store.catalogue.version)
    sources = store.snapshot.sources
    assert sources is not None and sources.facts is not None
    generation, read = shared.read()
    assert (generation, read.files, read.facts) == (1, sources.files, sources.facts)
    (plans / "a.yaml").write_text(plans_file("op-a", ["a1"], fee="12", packs={"ka": "a1"}), encoding="utf-8")
    edited = CatalogueStore(plans)
    assert edited.reload().outcome == "reloaded" and edited.catalogue is not None
    assert shared.publish(edited.snapshot) == 2 and shared.newest() == (2, edited.catalogue.version)


def test_a_failure_is_shared_into_a_folder_removed_under_the_server_and_read_from_an_older_one(
        tmp_path: Path) -> None:
    """The shared folder and the folder above it removed (a ``/tmp`` cleaner): a failure shared is written into both
    made again, and read back as it was said.  A ``failure.json`` an older server wrote, with no ``reasons``, is read
    with none (not as no failure at all: /readyz says the files are broken).  Kills SharedCatalogue.set_failure line
    482 the folder's mkdir deleted or 'parents=True' as False (mutants 1475, 1482: nothing shared, the OSError
    suppressed), SharedCatalogue.failure line 496 'if isinstance(reasons, list)' forced True (1491: ``None``
    iterated, no failure)."""
    folder = tmp_path / "above" / "shared"
    shared = SharedCatalogue(folder)
    shutil.rmtree(tmp_path / "above")
    said = ReloadFailure("2026-01-02T03:04:05+00:00", "f1", ("plans/a.yaml:10: a problem",),
                         ({"code": "problem.x", "params": {"n": 1}},))
    shared.set_failure(said)
    assert shared.failure() == said
    (folder / "failure.json").write_text(json.dumps(
        {"at": "2026-01-02T03:04:05+00:00", "fingerprint": "f0", "problems": ["plans/a.yaml:9: older"]}),
        encoding="utf-8")
    assert shared.failure() == ReloadFailure("2026-01-02T03:04:05+00:00", "f0", ("plans/a.yaml:9: older",), ())


def test_which_worker_serves_what_is_each_live_workers_generation_and_version(plans: Path, tmp_path: Path) -> None:
    """This process marks what it serves (generation 1 of the master's catalogue): ``served`` says this pid's
    (1, version).  A snapshot with no catalogue is not marked; an entry not named by a pid (a temporary file), one of
    a pid no process has (999999999), and one whose text is not "generation version" are left out; ``forget``
    removes this pid's entry (and of a pid never marked, nothing).  Kills SharedCatalogue.mark_served line 503 'if
    snapshot.catalogue is None: return' forced True, False or deleted (mutants 1493-1495), line 505 its write
    deleted (1496); served/forget mutants (see the commit)."""
    store = CatalogueStore(plans)
    store.shared = SharedCatalogue(tmp_path / "shared")
    assert store.reload().outcome == "reloaded" and store.catalogue is not None
    version = store.catalogue.version
    shared = store.shared
    shared.mark_served(Snapshot(None))
    assert shared.served() == {}
    served = tmp_path / "shared" / "served"
    (served / ".123.tmp").write_text("1 x", encoding="utf-8")
    (served / "999999999").write_text(f"1 {version}", encoding="utf-8")
    shared.mark_served(store.snapshot)
    assert shared.served() == {os.getpid(): (1, version)}
    (served / str(os.getpid())).write_text("not-a-generation", encoding="utf-8")
    assert shared.served() == {}
    shared.mark_served(store.snapshot)
    shared.forget(999999998)
    assert shared.served() == {os.getpid(): (1, version)}
    shared.forget(os.getpid())
    assert shared.served() == {} and not (served / str(os.getpid())).exists()
    assert sorted(p.name for p in served.iterdir()) == [".123.tmp", "999999999"]


class _Once:
    """A stop event whose ``wait`` says "not stopped" once, then "stopped": one turn of a watcher's loop, untimed."""

    def __init__(self) -> None:
        self.waited: list[float] = []

    def wait(self, timeout: float) -> bool:
        self.waited.append(timeout)
        return len(self.waited) > 1


def test_a_watchers_turn_checks_the_files_or_follows_as_it_was_made_to(
        plans: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """One turn of each watcher's loop (its wait stubbed: nothing timed).  The files' watcher (a single process, or
    the master) of an edit of a1's fee to ¥12 polls: "settling" after its turn, loaded at the next poll.  The
    follower (a gunicorn worker: ``files=False, follow=True``, named "catalogue-follower") follows the master's
    newest catalogue (generation 1) and does not read the files; the master's watcher (both) does both.  A check
    that raises is logged ("catalogue watcher check failed") and the loop goes on.  Each waits its interval.  A
    watcher stopped before it runs returns at once, having checked nothing.  Kills CatalogueWatcher mutants (see
    the commit)."""
    folder = tmp_path / "shared"
    store = CatalogueStore(plans)
    assert store.reload().outcome == "reloaded"
    (plans / "a.yaml").write_text(plans_file("op-a", ["a1"], fee="12", packs={"ka": "a1"}), encoding="utf-8")
    files = CatalogueWatcher(store, 2.5)
    assert (files.name, files.daemon, files.files, files.follow) == ("catalogue-watcher", True, True, False)
    turn = _Once()
    files._stop_event = turn  # type: ignore[assignment]  # (one turn, untimed)
    files.run()
    assert turn.waited == [2.5, 2.5]
    assert store.poll().outcome == "reloaded"
    assert store.catalogue is not None and store.catalogue.plan_index["a1"].fee_fen == 1200

    master, worker = CatalogueStore(plans), CatalogueStore(plans)
    master.shared, worker.shared = SharedCatalogue(folder), SharedCatalogue(folder)
    assert master.reload().outcome == "reloaded" and master.snapshot.generation == 1
    follower = CatalogueWatcher(worker, 0.5, files=False, follow=True)
    assert (follower.name, follower.files, follower.follow) == ("catalogue-follower", False, True)
    follower._stop_event = _Once()  # type: ignore[assignment]  # (one turn, untimed)
    (plans / "a.yaml").write_text(plans_file("op-a", ["a1"], fee="13", packs={"ka": "a1"}), encoding="utf-8")
    follower.run()
    assert worker.snapshot.generation == 1 and worker.catalogue is not None
    assert master.catalogue is not None and worker.catalogue.version == master.catalogue.version
    assert worker._pending is None  # (the files, edited to ¥13, were not polled: no "settling")

    (plans / "a.yaml").write_text(plans_file("op-a", ["a1"], fee="14", packs={"ka": "a1"}), encoding="utf-8")
    both = CatalogueWatcher(master, 1.0, follow=True)
    both._stop_event = _Once()  # type: ignore[assignment]  # (one turn, untimed)
    both.run()
    assert master._pending is not None  # (the files were polled: "settling")

    def broken() -> ReloadResult:
        raise RuntimeError("check broken")

    failing = CatalogueWatcher(store, 1.0)
    failing_turn = _Once()
    failing._stop_event = failing_turn  # type: ignore[assignment]  # (one turn, untimed)
    failing.poll = broken  # type: ignore[method-assign]  # (a surprise in a check)
    with caplog.at_level(logging.ERROR, logger="recommender.api.catalogue"):
        failing.run()
    [record] = caplog.records
    assert record.getMessage() == "catalogue watcher check failed" and record.exc_info is not None
    assert failing_turn.waited == [1.0, 1.0]
    stopped = CatalogueWatcher(store, 3600)
    stopped.stop()
    running = threading.Thread(target=stopped.run, daemon=True)  # (returns at once: stopped before its first wait
    running.start()  # is over; in a thread, so that a watcher that does not stop fails here, not hangs the run)
    running.join(60)
    assert not running.is_alive()
    assert store.poll().outcome == "settling"  # (the ¥14 edit: its own run did not poll)


def test_a_published_facts_entry_not_in_base64_is_no_catalogue(plans: Path, tmp_path: Path) -> None:
    """``current.json`` whose facts entry is not base64 ("%%%": a hand edit, a disk's corruption) is none to read
    (``newest`` None, ``read`` generation 0), as a plan file's entry of that kind is; the master then publishes
    again.  Kills SharedCatalogue._load line 454 the facts' 'validate=True' as False (mutant 1440: "%%%" read as
    no bytes, a catalogue with an empty facts file followed)."""
    store = CatalogueStore(plans)
    store.shared = SharedCatalogue(tmp_path / "shared")
    assert store.reload().outcome == "reloaded" and store.snapshot.generation == 1
    current = tmp_path / "shared" / "current.json"
    document = json.loads(current.read_text(encoding="utf-8"))
    document["facts"][1] = "%%%"
    current.write_text(json.dumps(document), encoding="utf-8")
    shared = SharedCatalogue(tmp_path / "shared")
    assert shared.newest() is None and shared.read()[0] == 0
    assert store.restore() == 2
