"""The catalogue a process serves, and the ways it is replaced while the process runs.

``CatalogueStore`` holds one immutable snapshot (catalogue, fingerprint of the files it came
from, last reload failure, generation) behind a single attribute, so a request reads a consistent
state with one reference read and a reload swaps it with one assignment.  A broken edit never
replaces a good catalogue: its ``file:line`` problems are logged and kept for ``/readyz`` and
the reload response, and the last good catalogue keeps serving.  The files are read once per
load: what is validated is exactly what was fingerprinted.

**A file is loaded only once it is unchanged across two polls** (``poll``): an editor that saves
in place, or a copy cut mid-list, is not published half-written.

**One catalogue across processes** (gunicorn; see ``gunicorn.conf.py``): ``SharedCatalogue`` is a
folder all processes of one server share.  The master polls the plan files (settle check); a good
new catalogue is *published* there (the exact file bytes it validated, with a generation number
that only grows).  ``POST /api/v1/admin/reload`` and ``SIGHUP`` publish too.  Each worker *follows*
the folder: at start, before serving, before every request (one ``stat``; the load, when there is
a newer generation, happens in the thread about to answer) and every ``FOLLOW_INTERVAL_S`` when
idle, it loads the newest generation if it is not serving it.  (Following only from a background
thread was not enough: in a worker kept busy answering, that thread got too little of the GIL and
a load took up to 4 s.)  So a worker that replaces a killed one never serves a
catalogue older than the newest good one, and an edit reaches every worker within
``2 x RECOMMENDER_WATCH_INTERVAL_S + FOLLOW_INTERVAL_S`` plus two loads (about 0.25 s each when
idle; the README's bound allows 3.5 s for them on a busy 2-core machine) of the moment the file was
last written.

Single process (tests, ``flask run``): ``CatalogueWatcher`` polls the files in a daemon thread.
"""

import base64
import contextlib
import datetime as dt
import fcntl
import json
import logging
import os
import signal
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import FrameType
from typing import Any

from ..catalogue import Catalogue, CatalogueError, Problem
from ..catalogue.load import PlanSources, load_plan_sources, read_plan_sources
from ..optimise import planner

log = logging.getLogger("recommender.api.catalogue")


@dataclass(frozen=True)
class ReloadFailure:
    """Why the last reload was rejected."""

    at: str
    fingerprint: str
    problems: tuple[str, ...]
    """Each ``file:line: message``, file relative to the plans folder's parent."""
    reasons: tuple[dict[str, Any], ...] = ()
    """Each problem's ``{code, params}`` (``catalogue.Problem``), in the same order (none kept by an older server)."""


@dataclass(frozen=True)
class Snapshot:
    catalogue: Catalogue | None
    fingerprint: str | None = None
    loaded_at: str | None = None
    failure: ReloadFailure | None = None
    sources: PlanSources | None = None
    """The bytes ``catalogue`` was loaded from (what is published to the other processes)."""
    generation: int = 0
    """The shared generation this catalogue came from or was published as (0: not shared)."""


@dataclass(frozen=True)
class Removed:
    """The plans and packs of one plan file that an edit served took away."""

    file: str
    """As problems name it (relative to the plans folder's parent)."""
    plans: tuple[str, ...]
    packs: tuple[str, ...]
    deleted: bool
    """The file itself is gone (else it lost these and is still there: cut short, merged badly, edited)."""


@dataclass(frozen=True)
class ReloadResult:
    outcome: str  # reloaded | unchanged | rejected | settling | unpublished (``RECOMMENDER_SHARED_DIR`` not writable)
    snapshot: Snapshot
    previous_version: str | None = None
    problems: tuple[str, ...] = field(default_factory=tuple)
    reasons: tuple[dict[str, Any], ...] = field(default_factory=tuple)
    """Each problem's ``{code, params}``, in the same order (``ReloadFailure.reasons``)."""
    removed: tuple[Removed, ...] = ()
    """The plans and packs a catalogue served from the files took out of them (``_warn_of_removals``); none when
    followed from another process (the one that loaded it said it)."""
    followed: bool = False
    """Followed from the shared folder, where another process published it (``follow``): not a load of the files,
    which that process counted (found by the SRE QA: each worker counted each edit again in the reloads' metric)."""


SAID_IDS = 20
"""How many ids of each kind a file's part of the warning names (the log record's ``removed`` holds them all)."""


def _ids(kind: str, ids: tuple[str, ...]) -> str:
    named = ", ".join(ids[:SAID_IDS]) + (f" and {len(ids) - SAID_IDS} more" if len(ids) > SAID_IDS else "")
    return f"{kind}{'s' if len(ids) > 1 else ''} {named}"


def _warn_of_removals(old: Snapshot, new: Snapshot) -> tuple[Removed, ...]:
    """A valid edit that takes plans or packs away (a file deleted, cut short at a line and still valid, merged
    badly) goes live like any other: removing a plan is an edit.  It is said as one warning naming each file that
    lost some and their ids (and the operators left out altogether), with the same as the record's ``removed``;
    the removals are returned to be counted (``/metrics``).  Found by QA: a file cut before its packs went live with
    one INFO line, and a plan removed was said without its file."""
    assert old.catalogue is not None and new.catalogue is not None
    before, after = old.catalogue, new.catalogue
    plans = [p.id for p in before.plans if p.id not in after.plan_index]
    packs = [p.id for p in before.packs if p.id not in after.pack_index]
    # each id's file: a catalogue that loaded has one spec per file, in file order (and always its sources)
    files = old.sources.files if old.sources else ()
    held = {item: name for (name, _), spec in zip(files, before.specs, strict=False)
            for item in [p.id for p in spec.plans] + [p.id for p in spec.packs]}

    def file_of(item: str) -> str:
        return held.get(item, "(a plan file)")

    kept = {name for name, _ in new.sources.files} if new.sources else set()
    removed = tuple(Removed(file, tuple(i for i in plans if file_of(i) == file),
                            tuple(i for i in packs if file_of(i) == file), file not in kept)
                    for file in dict.fromkeys(file_of(i) for i in (*plans, *packs)))
    if not removed:
        return removed
    counts = f"{len(plans)} of {len(before.plans)} plans and {len(packs)} of {len(before.packs)} packs"
    operators = sorted({p.operator for p in before.plans} - {p.operator for p in after.plans})
    lead = (f"leaves out every plan of operator(s) {', '.join(operators)} ({counts} gone)" if operators
            else f"removes {counts}")
    said = "; ".join(f"{r.file}{' (deleted)' if r.deleted else ''}: "
                     + ", ".join(_ids(kind, ids) for kind, ids in (("plan", r.plans), ("pack", r.packs)) if ids)
                     for r in removed)
    log.warning("the edit served %s: %s. Was a plan file deleted, cut short or merged badly?", lead, said,
                extra={"removed": {r.file: {"plans": list(r.plans), "packs": list(r.packs), "deleted": r.deleted}
                                   for r in removed}})
    return removed


def _reason(problem: Problem) -> dict[str, Any]:
    """A problem's code and parameters, as JSON (what the API adds beside its ``file:line: message``)."""
    return {"code": problem.code, "params": dict(problem.params)}


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _settled(fingerprint: str, snapshot: Snapshot) -> bool:
    """Whether files with this fingerprint were last checked already: the rejected ones, or (when the
    last check did not fail) the ones served.  Files put back to the served bytes after a rejected
    edit (an editor's undo) are checked again, so that the failure is cleared."""
    return fingerprint == (snapshot.failure.fingerprint if snapshot.failure else snapshot.fingerprint)


def _kept(old: Snapshot, loaded: Catalogue) -> tuple[Catalogue, bool]:
    """The catalogue to serve after a load, and whether it is the one served already: the same version
    (the same files, byte for byte) keeps the served object — its tables built, and in a server frozen
    out of the collector (``serving.heap``), which a replaced twin would stay frozen in — else the new
    one, built now as the server builds the catalogue it starts with (``planner.warm``: every plan's tables, those of a
    speed need and the view of someone who says nothing of themselves) rather than in the first requests."""
    if old.catalogue is not None and old.catalogue.version == loaded.version:
        return old.catalogue, True
    planner.warm(loaded)
    return loaded, False


class CatalogueStore:
    """The served catalogue of one process; thread-safe, reloads serialised."""

    def __init__(self, plans: str | Path) -> None:
        self.plans = Path(plans)
        self._lock = threading.Lock()
        self._snapshot = Snapshot(None)
        self._pending: str | None = None
        self._unrestored = False
        """``restore`` failed at its last try (said once until it succeeds)."""
        self.shared: SharedCatalogue | None = None
        """Set under gunicorn: where the newest good catalogue is published and followed."""
        self.listeners: list[Callable[[ReloadResult], None]] = []
        """Called after every reload with its result (metrics); a listener must not raise."""

    @property
    def snapshot(self) -> Snapshot:
        return self._snapshot

    @property
    def catalogue(self) -> Catalogue | None:
        return self._snapshot.catalogue

    @property
    def base(self) -> Path:
        """The folder that file names in problems are relative to: the plans folder's parent (one plan file's
        folder's parent; a path that is not there, its own parent: a missing ``/srv/x/plans`` is ``plans``)."""
        try:
            folder = self.plans.parent if self.plans.is_file() else self.plans
        except OSError:  # (a folder above it this process may not search: ``read`` says so as a problem)
            folder = self.plans
        return folder.absolute().parent

    def read(self) -> PlanSources:
        """The files' bytes, each named relative to the plans' parent (``_name``): every problem, log line and
        ``/readyz`` names them so, in its message too (a duplicate id names the other file, a bad citation
        the facts file), never by the server's absolute path."""
        sources = read_plan_sources(self.plans)
        return replace(sources, files=tuple((self._name(name), raw) for name, raw in sources.files),
                       facts=None if sources.facts is None else (self._name(sources.facts[0]), sources.facts[1]),
                       problems=tuple(replace(p, file=self._name(p.file)) for p in sources.problems))

    _UNREADABLE = frozenset({"problem.cannot_read", "problem.cannot_list"})

    def _logged(self, problems: Sequence[Problem]) -> list[str]:
        """The problems as the log says them: the plans folder (or file) itself unreadable by the path the operator
        set, and no line (found by the SRE's user test, shb: ``RECOMMENDER_PLANS=/nonexistent`` was logged as
        "nonexistent:1: cannot read: ...", named as ``/readyz`` names files, never by the server's own paths)."""
        itself = self._name(str(self.plans))
        return [f"{self.plans}: {p.message}" if p.file == itself and p.code in self._UNREADABLE else str(p)
                for p in problems]

    def _name(self, file: str) -> str:
        """A file as problems name it: relative to the plans' parent (else its name alone)."""
        path = Path(file)
        try:
            return str(path.absolute().relative_to(self.base))
        except ValueError:
            return path.name


    def poll(self) -> ReloadResult:
        """The watcher's check: load the files only when they changed and then stayed unchanged
        since the previous poll (a file being written is not loaded half-way)."""
        sources = self.read()
        fingerprint = sources.fingerprint()
        old = self._snapshot
        if _settled(fingerprint, old):
            self._pending = None
            self._share_failure(old)
            return ReloadResult("unchanged", old, old.catalogue.version if old.catalogue else None)
        if self._pending != fingerprint:
            self._pending = fingerprint
            return ReloadResult("settling", old, old.catalogue.version if old.catalogue else None)
        self._pending = None
        return self.reload(force=False, sources=sources)

    def _share_failure(self, snapshot: Snapshot) -> None:
        """The files are as this process last checked them: the shared folder says what that check found.  Another
        process's check (an admin reload or ``kill -HUP <worker>`` while a file was broken) left its failure there,
        and the file mended back to the bytes served is no change to this process's watcher: every worker's
        ``/readyz`` said ``degraded`` with the mended problem until the next edit (found by the reliability review)."""
        if self.shared is None:
            return
        said = self.shared.failure()
        if (said.fingerprint if said else None) != (snapshot.failure.fingerprint if snapshot.failure else None):
            self.shared.set_failure(snapshot.failure)

    def reload(self, *, force: bool = True, sources: PlanSources | None = None) -> ReloadResult:
        """Load the files (or ``sources``); swap them in if valid, else keep serving the last good catalogue.

        Without ``force``, files whose fingerprint was already loaded (or already rejected) are
        not loaded again.  A new catalogue is published to ``shared`` when there is one.
        """
        with self._lock:  # listeners see the reloads in the order they happened
            old = self._snapshot
            result = self._reload(force, sources if sources is not None else self.read())
            if self.shared is not None:  # every process's /readyz says whether the files' last check failed
                self.shared.set_failure(result.snapshot.failure)
            if result.outcome == "reloaded" and self.shared is not None:
                try:
                    generation = self.shared.publish(result.snapshot, above=old.generation)
                except OSError as exc:  # (its disk full or read-only: found by QA, ``kill -HUP <master>`` then
                    # stopped gunicorn, and an admin reload was a 500 in a worker left serving what no other did)
                    result = self._unpublished(old, result, exc)
                else:
                    self._snapshot = replace(result.snapshot, generation=generation)
                    result = replace(result, snapshot=self._snapshot)
            elif result.outcome == "reloaded":
                self._snapshot = result.snapshot
            if result.outcome == "reloaded" and old.catalogue is not None:  # (served now: published, or no sharing)
                result = replace(result, removed=_warn_of_removals(old, result.snapshot))
            del old  # (a listener frees the catalogue replaced: ``heap.after_reload``)
            self._notify(result)
            return result

    def _unpublished(self, old: Snapshot, result: ReloadResult, exc: OSError) -> ReloadResult:
        """A good new catalogue that cannot be published (``RECOMMENDER_SHARED_DIR`` full, read-only): this
        process goes on serving ``old``, as every other does (none could follow it), and the files are loaded
        again at the next check (their fingerprint is not the served one's)."""
        assert self.shared is not None and result.snapshot.catalogue is not None
        said = Problem.of(str(self.shared.folder), 1, "problem.cannot_publish",
                          version=result.snapshot.catalogue.version, os_error=str(exc.strerror or exc))
        problem = str(said)
        log.error("%s", problem)
        return ReloadResult("unpublished", old, result.previous_version, (problem,), (_reason(said),))

    def publish(self) -> int:
        """Publish the catalogue served now to ``shared`` (unless the newest there is the same), and whether the
        files' last check failed (a server started on broken files says why in every worker's ``/readyz``; a
        failure left in the folder by an earlier server is cleared); the generation published."""
        with self._lock:
            if self.shared is not None:
                self.shared.set_failure(self._snapshot.failure)
            if self.shared is None or self._snapshot.catalogue is None:
                return 0
            generation = self.shared.publish(self._snapshot, above=self._snapshot.generation)
            self._snapshot = replace(self._snapshot, generation=generation)
            return generation

    def restore(self) -> int:
        """Publish the catalogue served here again if ``shared`` lost it (its folder removed under the
        server); the generation published, or 0.  The master's call, each time it checks the files (its
        catalogue is the newest good one): a worker that had not yet followed the last catalogue when the
        folder went would serve the one before it until the next edit.  With no catalogue served (started on
        broken files, none loaded since) there is nothing to publish, and nothing is said: it logged at every check
        that a catalogue was "published there again", burying the files' one error (found by a user test)."""
        if self.shared is None or self.shared.newest() is not None:
            return 0
        if self._snapshot.catalogue is None:  # (the files' failure is still shared, as ``publish`` shares it)
            self._share_failure(self._snapshot)
            return 0
        try:
            generation = self.publish()
        except OSError as exc:  # (its disk full, read-only: said once, not at every check; found by the SRE QA)
            if not self._unrestored:
                self._unrestored = True
                said = Problem.of(str(self.shared.folder), 1, "problem.cannot_publish",
                                  version=self._snapshot.catalogue.version if self._snapshot.catalogue else None,
                                  os_error=str(exc.strerror or exc))
                log.error("%s (tried again at each check of the files)", said)
            return 0
        self._unrestored = False
        # (found by the SRE QA: nothing said why)
        log.info("the shared folder %s held no catalogue (removed under the server, unreadable, or not written "
                 "before): catalogue published there again", self.shared.folder)
        return generation

    def _notify(self, result: ReloadResult) -> None:
        for listener in self.listeners:
            try:
                listener(result)
            except Exception:
                log.exception("reload listener failed")

    def _reload(self, force: bool, sources: PlanSources) -> ReloadResult:
        """The reload itself; the caller holds ``self._lock``."""
        old = self._snapshot
        fingerprint = sources.fingerprint()
        previous = old.catalogue.version if old.catalogue else None
        if not force and _settled(fingerprint, old):
            return ReloadResult("unchanged", old, previous)
        try:
            catalogue = load_plan_sources(sources)
        except CatalogueError as exc:
            problems = tuple(str(p) for p in exc.problems)  # (``file:line: message``, named as ``read`` names them)
            reasons = tuple(_reason(p) for p in exc.problems)
            self._snapshot = replace(old, failure=ReloadFailure(_now(), fingerprint, problems, reasons))
            log.error("plan files rejected, %s:\n%s", f"still serving catalogue {previous}" if previous else
                      "no catalogue to serve (503) until they are fixed", "\n".join(self._logged(exc.problems)),
                      extra={"problems": list(problems), "codes": [reason["code"] for reason in reasons]})
            return ReloadResult("rejected", self._snapshot, previous, problems, reasons)
        catalogue, same = _kept(old, catalogue)
        snapshot = Snapshot(catalogue, fingerprint, old.loaded_at if same else _now(), None, sources,
                            old.generation if same else 0)
        outcome = "unchanged" if same else "reloaded"
        if same:
            self._snapshot = snapshot
        if previous:
            log.info("catalogue %s loaded from %s (%s; was %s)", catalogue.version, self.plans, outcome, previous)
        else:  # (the first catalogue served: no reload to speak of, its counter's outcome "reloaded" as documented;
            # found by the SRE's test, shb: "(reloaded; was none)" at start)
            log.info("catalogue %s loaded from %s (the first served)", catalogue.version, self.plans)
        return ReloadResult(outcome, snapshot, previous)  # (a new one is served once published: ``reload``)

    def follow(self) -> ReloadResult:
        """Serve the newest catalogue published in ``shared`` if this process does not yet."""
        shared = self.shared
        if shared is None:
            return ReloadResult("unchanged", self._snapshot)
        newest = shared.newest()
        if newest is None or newest[0] <= self._snapshot.generation:
            return ReloadResult("unchanged", self._snapshot)
        with self._lock:
            old = self._snapshot
            previous = old.catalogue.version if old.catalogue else None
            generation, sources = shared.read()
            if generation <= old.generation:
                return ReloadResult("unchanged", old, previous)
            try:
                catalogue = load_plan_sources(sources)  # validated by whoever published it; cannot fail
            except CatalogueError:
                log.exception("published catalogue %d does not load here", generation)
                return ReloadResult("rejected", old, previous)
            catalogue, same = _kept(old, catalogue)
            self._snapshot = Snapshot(catalogue, sources.fingerprint(), old.loaded_at if same else _now(),
                                      old.failure if same else None, sources, generation)
            result = ReloadResult("unchanged" if same else "reloaded", self._snapshot, previous, followed=True)
            if not same:
                log.info("catalogue %s (generation %d) followed; was %s", catalogue.version, generation,
                         previous or "none")  # (as ``_reload`` says it: "was None" in the workers' lines)
            self._notify(result)
            return result

    def after_fork(self) -> None:
        """In a forked child: a lock another thread of the parent held at the fork would never be released."""
        self._lock = threading.Lock()
        self._pending = None


class SharedCatalogue:
    """The newest good catalogue of one server, in a folder its processes share.

    ``current.json`` holds ``{generation, version, files: [[name, base64]], facts}``, replaced
    atomically (write, then rename); ``served/<pid>`` holds each worker's ``generation version``
    (for ``/readyz`` and ``/metrics``).  Publishing takes an ``flock`` so generations only grow, and
    above the publisher's own: if the folder is removed under a running server (a ``/tmp`` cleaner,
    an operator), it is made again and the next catalogue published is still newer than every worker's.
    """

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        (self.folder / "served").mkdir(parents=True, exist_ok=True)
        self._current = self.folder / "current.json"
        self._seen: tuple[int, int, int] | None = None
        self._newest: tuple[int, str] | None = None

    def publish(self, snapshot: Snapshot, above: int = 0) -> int:
        """Publish ``snapshot`` as the newest good catalogue, at a generation over the newest one and over
        ``above`` (the publisher's own); returns its generation (the newest's if it is the same catalogue)."""
        if snapshot.catalogue is None or snapshot.sources is None:
            return 0
        (self.folder / "served").mkdir(parents=True, exist_ok=True)
        with open(self.folder / "lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            newest = self.newest()
            if newest is not None and newest[1] == snapshot.catalogue.version:
                return newest[0]
            generation = max(newest[0] if newest else 0, above) + 1
            sources = snapshot.sources
            document = {
                "generation": generation, "version": snapshot.catalogue.version, "published_at": _now(),
                "files": [[name, base64.b64encode(raw).decode()] for name, raw in sources.files],
                "facts": [sources.facts[0], base64.b64encode(sources.facts[1]).decode()] if sources.facts else None,
            }
            temporary = self.folder / f".current.{os.getpid()}.tmp"
            temporary.write_text(json.dumps(document), encoding="utf-8")
            os.replace(temporary, self._current)
            log.info("catalogue %s published as generation %d", snapshot.catalogue.version, generation)
            return generation

    def _load(self) -> tuple[int, str, PlanSources] | None:
        """The published catalogue's generation, version and files, or None: none there, or none ``publish`` wrote (not
        JSON, or not of its shape: a hand edit, a disk's corruption; found by the reliability review, ``{}`` made every
        request of every worker a 500, ``/healthz`` too, and the master's watcher failed at each check, so it never
        published again)."""
        try:
            document = json.loads(self._current.read_text(encoding="utf-8"))
            files = tuple((str(name), base64.b64decode(raw, validate=True)) for name, raw in document["files"])
            facts = document.get("facts")
            return int(document["generation"]), str(document["version"]), PlanSources(
                files, (str(facts[0]), base64.b64decode(facts[1], validate=True)) if facts else None)
        except (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError):
            return None

    def newest(self) -> tuple[int, str] | None:
        """(generation, version) of the newest published catalogue, None when there is none to read (then the master
        publishes its catalogue again: ``CatalogueStore.restore``); a ``stat`` when nothing changed."""
        try:
            stat = self._current.stat()
        except OSError:
            return None
        key = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
        if key != self._seen:
            found = self._load()
            self._seen, self._newest = key, None if found is None else found[:2]
        return self._newest

    def read(self) -> tuple[int, PlanSources]:
        """The newest published catalogue's generation and files; (0, no files) when there is none to read."""
        found = self._load()
        return (0, PlanSources(())) if found is None else (found[0], found[2])

    def set_failure(self, failure: ReloadFailure | None) -> None:
        file = self.folder / "failure.json"
        with contextlib.suppress(OSError):
            if failure is None:
                file.unlink(missing_ok=True)
                return
            self.folder.mkdir(parents=True, exist_ok=True)
            temporary = self.folder / f".failure.{os.getpid()}.tmp"
            temporary.write_text(json.dumps({"at": failure.at, "fingerprint": failure.fingerprint,
                                             "problems": list(failure.problems),
                                             "reasons": list(failure.reasons)}), encoding="utf-8")
            os.replace(temporary, file)

    def failure(self) -> ReloadFailure | None:
        """Why the plan files' last check failed (by whichever process checked), if it did."""
        try:
            document = json.loads((self.folder / "failure.json").read_text(encoding="utf-8"))
            reasons = document.get("reasons")
            return ReloadFailure(str(document["at"]), str(document["fingerprint"]),
                                 tuple(str(p) for p in document["problems"]),
                                 tuple(dict(r) for r in reasons) if isinstance(reasons, list) else ())
        except (OSError, ValueError, KeyError, TypeError):
            return None

    # -- which worker serves what --

    def mark_served(self, snapshot: Snapshot) -> None:
        if snapshot.catalogue is None:
            return
        with contextlib.suppress(OSError):
            temporary = self.folder / "served" / f".{os.getpid()}.tmp"
            temporary.write_text(f"{snapshot.generation} {snapshot.catalogue.version}", encoding="utf-8")
            os.replace(temporary, self.folder / "served" / str(os.getpid()))

    def forget(self, pid: int) -> None:
        with contextlib.suppress(OSError):
            (self.folder / "served" / str(pid)).unlink()

    def served(self) -> dict[int, tuple[int, str]]:
        """Each live worker's (generation, version)."""
        out: dict[int, tuple[int, str]] = {}
        try:
            entries = list((self.folder / "served").iterdir())
        except OSError:  # the folder was removed: no worker has said what it serves since
            return out
        for entry in entries:
            if not entry.name.isdigit():
                continue
            pid = int(entry.name)
            try:
                os.kill(pid, 0)
                generation, version = entry.read_text(encoding="utf-8").split()
            except (OSError, ValueError):
                continue
            out[pid] = (int(generation), version)
        return out


FOLLOW_INTERVAL_S = 0.5
"""How often a gunicorn worker checks the shared folder for a newer catalogue (a ``stat``)."""


class CatalogueWatcher(threading.Thread):
    """Polls the plan files every ``interval`` seconds and reloads when their content changed and settled.

    With ``follow``, it checks the shared folder instead (a gunicorn worker; ``FOLLOW_INTERVAL_S``);
    the master does both.
    """

    def __init__(self, store: CatalogueStore, interval: float, *, files: bool = True, follow: bool = False) -> None:
        super().__init__(name="catalogue-watcher" if files else "catalogue-follower", daemon=True)
        self.store = store
        self.interval = interval
        self.files = files
        self.follow = follow
        self._stop_event = threading.Event()

    def poll(self) -> ReloadResult:
        """One check; reloads only if the files differ from what was last loaded or rejected, and
        stayed the same since the previous check."""
        return self.store.poll()

    def run(self) -> None:
        while not self._stop_event.wait(self.interval):
            try:
                if self.files:
                    self.poll()
                if self.follow:
                    self.store.follow()
            except Exception:  # the watcher must outlive any surprise
                log.exception("catalogue watcher check failed")

    def stop(self) -> None:
        self._stop_event.set()


def install_sighup(store: CatalogueStore) -> bool:
    """Make ``SIGHUP`` reload ``store`` (in a helper thread: never take the lock in a signal handler).

    Only possible from the main thread; returns whether the handler was installed.
    """
    if threading.current_thread() is not threading.main_thread():
        return False

    def on_hup(signum: int, frame: FrameType | None) -> None:
        threading.Thread(target=store.reload, name="catalogue-sighup-reload", daemon=True).start()

    signal.signal(signal.SIGHUP, on_hup)
    return True
