"""Where TMF680 results are kept for ``GET .../queryProductRecommendation/{id}``: bounded in bytes.

Under gunicorn the results live in the server's shared folder (``RECOMMENDER_SHARED_DIR/tmf680``),
one file per result, so a result created by one worker is read by any other (and survives a worker
being replaced).  Single process (tests, ``flask run``): in memory.  Either way the documents kept
add up to at most ``max_bytes`` (their JSON size; ``RECOMMENDER_TMF680_RESULT_BYTES``): the oldest
go first.  Ids are random (128 bits, hex): they name a file only after they match ``ID_PATTERN``.

A result holds the characteristics sent (a person's usage, age, region, household lines' names): the folder
is the service user's alone (``0700``) and each file too (``0600``), whatever the umask or whoever may read the
folder it is in (an operator's ``RECOMMENDER_SHARED_DIR``, or one made again after a ``/tmp`` cleaner).
"""

import contextlib
import json
import os
import re
import threading
import uuid
from collections import OrderedDict
from pathlib import Path
from typing import Any, Protocol

ID_PATTERN = re.compile(r"^[0-9a-f]{32}$")
FOLDER_MODE = 0o700
FILE_MODE = 0o600


def new_id() -> str:
    return uuid.uuid4().hex


def encode(document: dict[str, Any]) -> bytes:
    return json.dumps(document, ensure_ascii=True, separators=(",", ":")).encode("ascii")


class ResultStore(Protocol):
    max_bytes: int

    def put(self, key: str, document: dict[str, Any]) -> None: ...

    def get(self, key: str) -> dict[str, Any] | None: ...


class MemoryResults:
    """One process's results, least recently used first out, at most ``max_bytes`` of JSON."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._items: OrderedDict[str, bytes] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def put(self, key: str, document: dict[str, Any]) -> None:
        raw = encode(document)
        with self._lock:
            old = self._items.pop(key, None)
            self._size -= len(old) if old is not None else 0
            if len(raw) > self.max_bytes:
                return
            self._items[key] = raw
            self._size += len(raw)
            while self._size > self.max_bytes:
                _, dropped = self._items.popitem(last=False)
                self._size -= len(dropped)

    def get(self, key: str) -> dict[str, Any] | None:
        with self._lock:
            raw = self._items.get(key)
            if raw is None:
                return None
            self._items.move_to_end(key)
        return json.loads(raw)

    def __len__(self) -> int:
        return len(self._items)

    @property
    def size(self) -> int:
        return self._size


class SharedResults:
    """Results in a folder every worker of one server shares; the oldest files go first.

    A result is written to a temporary file and renamed (a reader never sees half of one).  After
    each write the folder is listed and the oldest files are removed until the total is within
    ``max_bytes`` (a few thousand files at most: about a millisecond).
    """

    def __init__(self, folder: str | Path, max_bytes: int) -> None:
        self.folder = Path(folder)
        with contextlib.suppress(OSError):  # (made at each ``put`` too: one that cannot be made now is said there)
            self._make_folder()
        self.max_bytes = max_bytes

    def _make_folder(self) -> None:
        """The folder, private (found by the security QA: made with the umask, 0755 and each result 0644, so any
        local user could read every person's profile kept there)."""
        self.folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
        stat = self.folder.stat()
        if stat.st_mode & 0o077 and stat.st_uid == os.geteuid():  # (another's folder: the files are private still)
            os.chmod(self.folder, FOLDER_MODE)

    def _path(self, key: str) -> Path | None:
        return self.folder / f"{key}.json" if ID_PATTERN.match(key) else None

    def put(self, key: str, document: dict[str, Any]) -> None:
        path = self._path(key)
        raw = encode(document)
        if path is None or len(raw) > self.max_bytes:
            return
        self._make_folder()  # (removed under a running server: every POST was a 500)
        temporary = self.folder / f".{key}.{os.getpid()}.tmp"
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), FILE_MODE)
        try:
            with os.fdopen(fd, "wb") as file:
                os.fchmod(fd, FILE_MODE)  # (a temporary file left by a crashed write keeps its mode otherwise)
                file.write(raw)
            os.replace(temporary, path)
        except BaseException:  # (its disk full: found in review, each query's own temporary file was left, never
            # evicted (not a result), holding what room the write took after the disk was cleared)
            with contextlib.suppress(OSError):
                temporary.unlink()
            raise
        self._evict()

    def _evict(self) -> None:
        entries = []
        with os.scandir(self.folder) as listing:
            for entry in listing:
                if entry.name.endswith(".json"):
                    with contextlib.suppress(OSError):
                        stat = entry.stat()
                        entries.append((stat.st_mtime_ns, entry.name, stat.st_size))
        total = sum(size for _, _, size in entries)
        if total <= self.max_bytes:
            return
        for _, name, size in sorted(entries):
            with contextlib.suppress(OSError):
                (self.folder / name).unlink()
            total -= size
            if total <= self.max_bytes:
                return

    def get(self, key: str) -> dict[str, Any] | None:
        path = self._path(key)
        if path is None:
            return None
        try:
            document = json.loads(path.read_bytes())
        except (OSError, ValueError):
            return None
        # (JSON that is no result, a hand edit or a disk's corruption: as one no longer kept, a 404; found by the
        # reliability review, a file holding [1] made its GET a 500)
        return document if isinstance(document, dict) else None

    @property
    def size(self) -> int:
        return sum(p.stat().st_size for p in self.folder.glob("*.json"))
