"""The shared folder a server's processes publish and follow catalogues through (``SharedCatalogue``),
driven in one process: a "master" store that reads the files and a "worker" store that follows."""

import logging
import shutil
from pathlib import Path

import pytest
from prometheus_client import REGISTRY

from recommender.api.observability import observe_reloads
from recommender.catalogue import Catalogue, load_catalogue
from recommender.catalogue.load import PlanSources
from recommender.eligibility import assess
from recommender.optimise import planner, tables
from recommender.profile import Profile
from recommender.serving import CatalogueStore, SharedCatalogue

FEE = "monthly_fee: {value: 199,"


def _edit(plans: Path, fee: int) -> None:
    file = plans / "china-mobile.yaml"
    text = file.read_text(encoding="utf-8")
    file.write_text(text.replace(FEE, f"monthly_fee: {{value: {fee},", 1), encoding="utf-8")


def _master_and_worker(plans: Path, folder: Path) -> tuple[CatalogueStore, CatalogueStore]:
    """A "master" and a "worker" store of the same files sharing ``folder``, the master's catalogue published."""
    master, worker = CatalogueStore(plans), CatalogueStore(plans)
    master.reload()
    worker.reload()
    master.shared, worker.shared = SharedCatalogue(folder), SharedCatalogue(folder)
    master.publish()
    return master, worker


def test_a_removed_folder_is_made_again_and_the_next_catalogue_still_reaches_the_workers(
        plans_copy: Path, tmp_path: Path) -> None:
    """A ``/tmp`` cleaner (or an operator) removes the folder under a running server: the workers keep serving,
    and the next good edit is published at a generation above theirs (it was published as 1 again, which a
    worker at 2 took for old news and never loaded; or not at all, the folder being gone)."""
    folder = tmp_path / "shared"
    master, worker = CatalogueStore(plans_copy), CatalogueStore(plans_copy)
    master.reload()
    master.shared, worker.shared = SharedCatalogue(folder), SharedCatalogue(folder)
    master.publish()
    _edit(plans_copy, 200)
    assert master.reload().outcome == "reloaded"
    assert worker.follow().outcome == "reloaded" and worker.snapshot.generation == 2
    shutil.rmtree(folder)
    assert worker.shared.served() == {}  # (/readyz and /metrics read it: they were 500s)
    plan_file = plans_copy / "china-mobile.yaml"
    plan_file.write_text(plan_file.read_text(encoding="utf-8").replace("value: 200,", "value: 201,", 1),
                         encoding="utf-8")
    assert master.reload().outcome == "reloaded"
    assert worker.follow().outcome == "reloaded"
    assert worker.catalogue is not None and master.catalogue is not None
    assert worker.catalogue.version == master.catalogue.version
    assert worker.catalogue.plan_index["cm-5ga-199"].fee_fen == 20100


def test_the_first_publish_shares_why_the_files_failed_and_clears_an_old_failure(
        plans_copy: Path, tmp_path: Path) -> None:
    """The server loads the files before the folder is shared (the app is preloaded): started on a broken file,
    ``/readyz`` said 'the plan files are invalid' with no problem listed; on good files, a failure left in
    a configured folder by an earlier server said 'degraded'."""
    folder = tmp_path / "shared"
    good = (plans_copy / "china-mobile.yaml").read_text(encoding="utf-8")
    (plans_copy / "china-mobile.yaml").write_text("operator: [\n", encoding="utf-8")
    broken = CatalogueStore(plans_copy)
    assert broken.reload().outcome == "rejected"
    broken.shared = SharedCatalogue(folder)
    assert broken.publish() == 0
    failure = broken.shared.failure()
    assert failure is not None and broken.snapshot.failure is not None
    assert failure.problems == broken.snapshot.failure.problems
    assert failure.problems[0].startswith("plans/china-mobile.yaml:2: YAML syntax")
    (plans_copy / "china-mobile.yaml").write_text(good, encoding="utf-8")
    restarted = CatalogueStore(plans_copy)
    assert restarted.reload().outcome == "reloaded"
    restarted.shared = SharedCatalogue(folder)
    assert restarted.publish() == 1
    assert restarted.shared.failure() is None


def test_a_worker_that_had_not_followed_when_the_folder_went_gets_the_catalogue_again(
        plans_copy: Path, tmp_path: Path) -> None:
    """The folder removed between a publish and a worker's follow: that worker found nothing to follow and
    served the catalogue before the edit until the next one (found by the e2e test under load).  The master
    publishes what it serves again when the folder has lost it (``restore``, each time it checks the files)."""
    folder = tmp_path / "shared"
    master, worker = _master_and_worker(plans_copy, folder)
    assert worker.follow().outcome == "unchanged"  # (the same files: generation 1)
    _edit(plans_copy, 200)
    assert master.reload().outcome == "reloaded"
    shutil.rmtree(folder)  # before the worker followed
    assert worker.follow().outcome == "unchanged"
    assert master.restore() > worker.snapshot.generation
    assert master.restore() == 0  # (the folder has it again)
    assert worker.follow().outcome == "reloaded"
    assert worker.catalogue is not None and worker.catalogue.plan_index["cm-5ga-199"].fee_fen == 20000


def test_a_catalogue_that_cannot_be_published_again_is_said_once_not_at_every_check(
        plans_copy: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Found by the SRE QA: with ``RECOMMENDER_SHARED_DIR`` full or read-only (the master could not publish at start),
    ``restore`` raised at every check of the master's watcher, logged as 'master catalogue watcher check failed' with
    a traceback each time (every 10 s by default, every second at RECOMMENDER_WATCH_INTERVAL_S=1).  Now it says once
    that it cannot publish, in one line, tries again at each check, and publishes once it can (and says it again if
    it fails again after that).  The folder's lock is made a folder here: a publish then fails for any user."""
    folder = tmp_path / "shared"
    master = CatalogueStore(plans_copy)
    master.reload()
    master.shared = SharedCatalogue(folder)
    (folder / "lock").mkdir()
    with caplog.at_level(logging.INFO, logger="recommender.api.catalogue"):
        assert [master.restore() for _ in range(3)] == [0, 0, 0]
        said = [r for r in caplog.records if r.levelno >= logging.WARNING]
        (folder / "lock").rmdir()
        assert master.restore() == 1 and master.restore() == 0
        (folder / "current.json").unlink()
        (folder / "lock").unlink()
        (folder / "lock").mkdir()
        assert master.restore() == 0
    assert len(said) == 1 and said[0].exc_info is None, said
    assert "cannot publish catalogue" in said[0].getMessage()
    assert len([r for r in caplog.records if r.levelno >= logging.WARNING]) == 2


def test_a_catalogue_followed_is_not_counted_as_a_load_of_the_files(plans_copy: Path, tmp_path: Path) -> None:
    """Found by the SRE QA: every worker that followed a published catalogue counted it in
    ``recommender_catalogue_reloads_total{outcome="reloaded"}``, so one edit read 3 with 2 workers (N + 1 with N), and
    the share of rejected loads shrank with the number of workers.  A load of the files is counted where the files
    were read (the master, an admin reload's worker); a worker following it reports the version it serves only."""
    folder = tmp_path / "shared"
    master, worker = _master_and_worker(plans_copy, folder)
    observe_reloads(master)
    observe_reloads(worker)
    counted = {outcome: REGISTRY.get_sample_value("recommender_catalogue_reloads_total", {"outcome": outcome}) or 0
               for outcome in ("reloaded", "unchanged")}
    _edit(plans_copy, 200)
    assert master.reload().outcome == "reloaded"
    assert worker.follow().outcome == "reloaded"
    assert {outcome: (REGISTRY.get_sample_value("recommender_catalogue_reloads_total", {"outcome": outcome}) or 0)
            - before for outcome, before in counted.items()} == {"reloaded": 1, "unchanged": 0}
    assert worker.catalogue is not None
    assert REGISTRY.get_sample_value("recommender_catalogue_info", {"version": worker.catalogue.version}) == 1


def test_a_failure_another_process_found_is_cleared_when_the_master_finds_the_files_mended(
        plans_copy: Path, tmp_path: Path) -> None:
    """An admin reload (or ``kill -HUP <worker>``) found a broken file and said so in the shared folder; the file was
    mended back to the bytes served before the master's watcher loaded the broken one (it waits for two polls to
    agree).  To the master nothing had changed, so the failure stayed: every worker's ``/readyz`` said ``degraded``
    with the mended problem until the next edit (found by the reliability review, under gunicorn)."""
    folder = tmp_path / "shared"
    master, worker = _master_and_worker(plans_copy, folder)
    plan_file = plans_copy / "china-mobile.yaml"
    good = plan_file.read_text(encoding="utf-8")
    assert master.poll().outcome == "unchanged"
    plan_file.write_text(good.replace(FEE, 'monthly_fee: {value: "abc",', 1), encoding="utf-8")
    assert master.poll().outcome == "settling"
    assert worker.reload().outcome == "rejected"  # (the admin reload's worker)
    assert master.shared is not None and master.shared.failure() is not None
    plan_file.write_text(good, encoding="utf-8")
    assert master.poll().outcome == "unchanged"
    assert master.shared.failure() is None
    assert master.poll().outcome == "unchanged" and master.shared.failure() is None
    # a failure the master found itself is still shared while the files stay broken
    plan_file.write_text(good.replace(FEE, 'monthly_fee: {value: "abc",', 1), encoding="utf-8")
    assert [master.poll().outcome for _ in range(3)] == ["settling", "rejected", "unchanged"]
    failure = master.shared.failure()
    assert failure is not None and master.snapshot.failure is not None
    assert failure.fingerprint == master.snapshot.failure.fingerprint


@pytest.mark.parametrize("written", ["{}", "[]", "null", '{"generation": 1}', "not json",
                                     '{"generation": 9, "version": "x", "files": "abc"}',
                                     '{"generation": 9, "version": "x", "files": [["plans/a.yaml", "%%%"]]}'])
def test_a_published_catalogue_not_as_written_is_none_and_the_master_publishes_again(
        plans_copy: Path, tmp_path: Path, written: str) -> None:
    """Found by the reliability review: ``current.json`` as JSON of another shape (``{}``: a hand edit, a disk's
    corruption) raised in ``newest``, which every request of every worker calls first: every answer a 500,
    ``/healthz`` and ``/readyz`` too; and the master's watcher failed at each check before ``restore``, so nothing
    mended it.  Such a file is none: the workers serve on, and the master publishes its catalogue again."""
    folder = tmp_path / "shared"
    master, worker = _master_and_worker(plans_copy, folder)
    assert worker.follow().outcome == "unchanged" and worker.snapshot.generation == 1
    temporary = folder / "written.tmp"
    temporary.write_text(written, encoding="utf-8")
    temporary.replace(folder / "current.json")
    assert worker.shared is not None and worker.shared.newest() is None
    assert worker.shared.read() == (0, PlanSources(()))
    assert worker.follow().outcome == "unchanged" and worker.catalogue is not None
    assert master.restore() == 2
    assert worker.shared.newest() == (2, worker.catalogue.version)
    assert worker.follow().outcome == "unchanged" and worker.snapshot.generation == 2


def _edited_and_reloaded(plans_copy: Path) -> Catalogue:
    """The catalogue a store serves after an edit of the plans (one fee) and a reload."""
    store = CatalogueStore(plans_copy)
    store.reload()
    _edit(plans_copy, 200)
    assert store.reload().outcome == "reloaded"
    assert store.catalogue is not None
    return store.catalogue


def test_a_catalogue_loaded_again_has_its_tables_built_before_it_is_served(
        plans_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``store._kept`` builds a new catalogue's tables when it is loaded, not in the first request (found in review:
    since plans are compiled on first use, ``planner.compiled`` built none of them, and every worker following
    an edit compiled each plan in a request)."""
    catalogue = _edited_and_reloaded(plans_copy)

    def compiling(*args: object) -> None:
        raise AssertionError("a plan compiled in a request")

    monkeypatch.setattr(tables, "_compiled_plan", compiling)
    for plan in catalogue.plans:
        assert planner.compiled(catalogue).plans[plan.id].plan is plan


def test_a_catalogue_loaded_again_is_as_warm_as_the_one_a_server_starts_with(plans_copy: Path) -> None:
    """A reloaded catalogue gets what ``planner.warm`` gives the one loaded at start (found in the last session's
    review, left alone then): a speed need's tables and the view without the packs sold on a condition someone
    leaves unknown, which otherwise each worker built in a request after every edit."""
    reloaded = _edited_and_reloaded(plans_copy)
    started = load_catalogue(plans_copy)
    planner.warm(started)

    def built(catalogue: Catalogue) -> dict[str, set[object]]:
        return {pid: set(table._structures) for pid, table in planner.compiled(catalogue).plans.items()}

    said = assess(reloaded, Profile())
    assert said.unsure_packs
    view = planner.sure_view(reloaded.without_packs(said.dropped_packs), said.unsure_packs)
    assert set(planner.compiled(view).plans._found) == {plan.id for plan in reloaded.plans}
    assert built(reloaded) == built(started)


def test_a_master_started_on_broken_files_says_their_error_once_and_publishes_nothing(
        plans_copy: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Found by a user test: a server started on a plan file with ``value: -5`` logged the file's error once, then at
    every check of the master's watcher (poll, follow, restore, as ``gunicorn.conf._master_watch`` runs them) 'the
    shared folder … held no catalogue …: catalogue published there again', though no catalogue had been loaded or
    published.  Now the unchanged files' checks say nothing, nothing is published, and the failure stays shared; the
    file mended, its catalogue is published once (generation 1) and said once."""
    plan_file = plans_copy / "china-mobile.yaml"
    good = plan_file.read_text(encoding="utf-8")
    plan_file.write_text(good.replace(FEE, "monthly_fee: {value: -5,", 1), encoding="utf-8")
    folder = tmp_path / "shared"
    master = CatalogueStore(plans_copy)
    with caplog.at_level(logging.INFO, logger="recommender.api.catalogue"):
        assert master.reload().outcome == "rejected"
        master.shared = SharedCatalogue(folder)
        assert master.publish() == 0
        for _ in range(3):
            assert master.poll().outcome == "unchanged"
            assert master.follow().outcome == "unchanged"
            assert master.restore() == 0
        said = [r.getMessage() for r in caplog.records]
        assert len(said) == 1 and said[0].startswith("plan files rejected, no catalogue to serve (503)"), said
        assert master.shared.newest() is None
        failure = master.shared.failure()
        assert failure is not None and failure.problems[0].startswith("plans/china-mobile.yaml:")
        (folder / "failure.json").unlink()  # (the folder emptied under the server: its failure shared again)
        assert master.restore() == 0 and master.shared.failure() == failure
        caplog.clear()
        plan_file.write_text(good, encoding="utf-8")
        assert [master.poll().outcome for _ in range(2)] == ["settling", "reloaded"]
        assert master.restore() == 0 and master.shared.newest() is not None
        assert master.shared.failure() is None
    assert not [r for r in caplog.records if "published there again" in r.getMessage()]
    assert len([r for r in caplog.records if "published as generation 1" in r.getMessage()]) == 1


def test_a_worker_with_no_catalogue_says_it_followed_one_where_there_was_none(
        plans_copy: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Found by a user test: a worker started with no catalogue (the files broken at start) logged "followed; was None"
    when the files were mended, where the master's line said "was none".  Both say "none"."""
    folder = tmp_path / "shared"
    master, worker = CatalogueStore(plans_copy), CatalogueStore(plans_copy)
    master.shared, worker.shared = SharedCatalogue(folder), SharedCatalogue(folder)
    with caplog.at_level(logging.INFO, logger="recommender.api.catalogue"):
        assert master.reload().outcome == "reloaded"
        assert worker.follow().outcome == "reloaded"
    assert master.catalogue is not None
    version = master.catalogue.version
    assert [r.getMessage() for r in caplog.records] == [
        f"catalogue {version} loaded from {plans_copy} (the first served)",
        f"catalogue {version} published as generation 1",
        f"catalogue {version} (generation 1) followed; was none"]
