"""The catalogue a process serves, and the ways it is replaced while the process runs.

``CatalogueStore`` holds one immutable snapshot (catalogue, fingerprint of the files it came
from, last reload failure) behind a single attribute, so a request reads a consistent state
with one reference read and a reload swaps it with one assignment.  A broken edit never
replaces a good catalogue: its ``file:line`` problems are logged and kept for ``/readyz`` and
the reload response, and the last good catalogue keeps serving.

Reload triggers (each process holds its own copy; under gunicorn that is each worker):

* ``CatalogueWatcher``: a daemon thread polling the files' content every N seconds;
* ``install_sighup``: ``SIGHUP`` to the process reloads in a helper thread;
* ``POST /api/v1/admin/reload`` (see ``views``).
"""

import datetime as dt
import hashlib
import logging
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

from ..catalogue import Catalogue, CatalogueError, load_catalogue
from ..catalogue.load import plan_files
from ..catalogue.yamlsource import Problem
from ..optimise import planner

log = logging.getLogger("recommender.api.catalogue")


@dataclass(frozen=True)
class ReloadFailure:
    """Why the last reload was rejected."""

    at: str
    fingerprint: str
    problems: tuple[str, ...]
    """Each ``file:line: message``, file relative to the plans folder's parent."""


@dataclass(frozen=True)
class Snapshot:
    catalogue: Catalogue | None
    fingerprint: str | None = None
    loaded_at: str | None = None
    failure: ReloadFailure | None = None


@dataclass(frozen=True)
class ReloadResult:
    outcome: str  # reloaded | unchanged | rejected
    snapshot: Snapshot
    previous_version: str | None = None
    problems: tuple[str, ...] = field(default_factory=tuple)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class CatalogueStore:
    """The served catalogue of one process; thread-safe, reloads serialised."""

    def __init__(self, plans: str | Path) -> None:
        self.plans = Path(plans)
        self._lock = threading.Lock()
        self._snapshot = Snapshot(None)
        self.listeners: list[Callable[[ReloadResult], None]] = []
        """Called after every reload with its result (metrics); a listener must not raise."""

    @property
    def snapshot(self) -> Snapshot:
        return self._snapshot

    @property
    def catalogue(self) -> Catalogue | None:
        return self._snapshot.catalogue

    def _files(self) -> list[Path]:
        files = plan_files(self.plans) if self.plans.exists() else []
        facts = (self.plans if self.plans.is_dir() else self.plans.parent).resolve().parent / "seeds" / "facts.yaml"
        return files + ([facts] if facts.is_file() else [])

    def fingerprint(self) -> str:
        """A hash of every file a load reads (plan files and the facts file); cheap for a few files."""
        digest = hashlib.sha256()
        for file in self._files():
            digest.update(str(file).encode() + b"\0")
            try:
                digest.update(file.read_bytes())
            except OSError as exc:
                digest.update(f"unreadable: {exc.strerror}".encode())
            digest.update(b"\0")
        return digest.hexdigest()

    def _display(self, problem: Problem) -> str:
        base = (self.plans if self.plans.is_dir() else self.plans.parent).resolve().parent
        try:
            name = str(Path(problem.file).resolve().relative_to(base))
        except ValueError:
            name = problem.file
        return f"{name}:{problem.line}: {problem.message}"

    def reload(self, *, force: bool = True) -> ReloadResult:
        """Load the files; swap them in if valid, else keep serving the last good catalogue.

        Without ``force``, files whose fingerprint was already loaded (or already rejected) are
        not loaded again.
        """
        with self._lock:  # listeners see the reloads in the order they happened
            result = self._reload(force)
            for listener in self.listeners:
                try:
                    listener(result)
                except Exception:
                    log.exception("reload listener failed")
            return result

    def _reload(self, force: bool) -> ReloadResult:
        """The reload itself; the caller holds ``self._lock``."""
        old = self._snapshot
        fingerprint = self.fingerprint()
        previous = old.catalogue.version if old.catalogue else None
        if not force and fingerprint in (old.fingerprint, old.failure and old.failure.fingerprint):
            return ReloadResult("unchanged", old, previous)
        try:
            catalogue = load_catalogue(self.plans)
        except CatalogueError as exc:
            problems = tuple(self._display(p) for p in exc.problems)
            self._snapshot = Snapshot(old.catalogue, old.fingerprint, old.loaded_at,
                                      ReloadFailure(_now(), fingerprint, problems))
            log.error("plan files rejected, still serving catalogue %s:\n%s", previous or "(none)",
                      "\n".join(problems))
            return ReloadResult("rejected", self._snapshot, previous, problems)
        planner.compiled(catalogue)  # build the lookup tables now, not in the first request
        self._snapshot = Snapshot(catalogue, fingerprint, _now())
        outcome = "unchanged" if previous == catalogue.version else "reloaded"
        log.info("catalogue %s loaded from %s (%s; was %s)", catalogue.version, self.plans, outcome,
                 previous or "none")
        return ReloadResult(outcome, self._snapshot, previous)


class CatalogueWatcher(threading.Thread):
    """Polls the plan files every ``interval`` seconds and reloads when their content changed."""

    def __init__(self, store: CatalogueStore, interval: float) -> None:
        super().__init__(name="catalogue-watcher", daemon=True)
        self.store = store
        self.interval = interval
        self._stop_event = threading.Event()

    def poll(self) -> ReloadResult:
        """One check; reloads only if the files differ from what was last loaded or rejected."""
        return self.store.reload(force=False)

    def run(self) -> None:
        while not self._stop_event.wait(self.interval):
            try:
                self.poll()
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
