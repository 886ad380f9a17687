"""A cache on disk of the loaded and prepared catalogue, for short-lived processes (the CLI).

Loading the plan files and compiling the lookup tables takes longer than answering one profile,
so a command that answers one profile and exits keeps the result in the user's cache folder
(``$RECOMMENDER_CACHE_DIR``, else ``$XDG_CACHE_HOME/tariff-recommender``, else
``~/.cache/tariff-recommender``; ``RECOMMENDER_CACHE_DIR=off`` turns it off).

An entry is used only when everything it was made from is unchanged: the plan files and the facts
file, byte for byte (their names too); the package's code (each module's size and modification
time, as Python's own bytecode cache checks); the Python and pydantic versions; and the step that
prepared it.  Anything else is a miss: the catalogue is loaded from the files again, so broken
files are reported as ``file:line`` exactly as without the cache (a broken catalogue is never
stored).  The cache is only ever a shortcut: unreadable, unwritable, corrupt or foreign entries
are ignored, and loading one resolves only the package's own classes (a restricted unpickler).
"""

import copyreg
import gc
import hashlib
import io
import os
import pickle
import sys
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from stat import S_ISREG
from types import MappingProxyType
from typing import BinaryIO

from .load import PlanSources, load_plan_sources, read_plan_sources
from .model import Catalogue

CACHE_ENV = "RECOMMENDER_CACHE_DIR"
OFF = ("", "0", "off", "none")
FORMAT = b"tariff-recommender catalogue cache 2\n"
"""An entry's first line; then its key, then the SHA-256 of the pickle after it (each a line of hex).  A pickle
changed on disk (a bad sector, a flipped bit, a copy cut short) is a miss: most such changes still unpickle, into a
catalogue that is not the files' (a plan's name changed, say) or one that fails later in an answer (found by the
reliability review: of 300 entries with one bit flipped, 297 were used and 3 stopped the CLI with an AttributeError
or an AssertionError)."""
MAX_ENTRIES = 16
"""Entries kept in the folder (the oldest go first): a few plan folders and code versions."""
PACKAGE = Path(__file__).resolve().parents[1]


def cache_dir() -> Path | None:
    """The cache folder, or None when the cache is off (or there is no home folder to put it in)."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen is not None:
        return None if chosen.strip().lower() in OFF else Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME")
    if not base or not os.path.isabs(base):
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:  # no home folder
            return None
    return Path(base) / "tariff-recommender"


def code_version() -> str:
    """The package's code as far as a cache can tell cheaply: every module's path, size and
    modification time (Python's bytecode cache trusts the same), with the interpreter's version."""
    from pydantic.version import VERSION

    digest = hashlib.sha256(f"{sys.implementation.cache_tag} {sys.version} pydantic {VERSION}".encode())
    for folder, dirs, files in os.walk(PACKAGE):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(f for f in files if f.endswith(".py")):
            path = os.path.join(folder, name)
            stat = os.stat(path)
            digest.update(f"{os.path.relpath(path, PACKAGE)} {stat.st_size} {stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def load_prepared(path: str | Path, prepare: Callable[[Catalogue], object],
                  facts_file: Path | None = None) -> Catalogue:
    """``load_catalogue(path, facts_file)`` with ``prepare`` applied (e.g. compiling the tables),
    from the cache when an entry made from the same files and code is there; stored there if not.
    Raises ``CatalogueError`` as ``load_catalogue`` does."""
    sources = read_plan_sources(path, facts_file)
    folder = cache_dir() if not sources.problems else None
    if folder is None:
        catalogue = load_plan_sources(sources)
        prepare(catalogue)
        return catalogue
    key = _key(sources, prepare)
    entry = folder / f"catalogue-{key[:32]}.pickle"
    found = _read(entry, key)
    if found is not None:
        return found
    catalogue = load_plan_sources(sources)
    prepare(catalogue)
    _write(folder, entry, key, catalogue)
    return catalogue


def _key(sources: PlanSources, prepare: Callable[[Catalogue], object]) -> str:
    made_by = f"{getattr(prepare, '__module__', '?')}.{getattr(prepare, '__qualname__', repr(prepare))}"
    return hashlib.sha256(FORMAT + f"{sources.fingerprint()} {code_version()} {made_by}".encode()).hexdigest()


def _read(entry: Path, key: str) -> Catalogue | None:
    header = FORMAT + key.encode() + b"\n"
    try:
        # (O_NONBLOCK: a FIFO by the entry's name opens at once, not when something writes to it; found by the
        # reliability review, the CLI hung there; _private then refuses it)
        fd = os.open(entry, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    if not _private(os.fstat(fd)):
        os.close(fd)
        return None
    with os.fdopen(fd, "rb") as file:
        try:
            if file.read(len(header)) != header:
                return None
            digest = file.read(65)
            body = file.read()
        except OSError:
            return None
        if digest != hashlib.sha256(body).hexdigest().encode() + b"\n":
            return None
        try:
            found = _unpickled(io.BytesIO(body))
        except Exception:  # an incompatible entry is a miss, never an error
            return None
    return found if isinstance(found, Catalogue) else None


def _unpickled(file: BinaryIO) -> object:
    """The entry's catalogue, the collector paused meanwhile: what is unpickled lives as long as the catalogue, so
    its passes over it would free nothing."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _Unpickler(file).load()
    finally:
        if collecting:
            gc.enable()


def _private(stat: os.stat_result) -> bool:
    """An entry is trusted only if it is a file (a folder by its name made ``fdopen`` raise: found by the reliability
    review, the CLI stopped with IsADirectoryError; nor a FIFO), this user owns it and nobody else may write it."""
    owner = os.getuid() if hasattr(os, "getuid") else stat.st_uid
    return S_ISREG(stat.st_mode) and stat.st_uid == owner and not stat.st_mode & 0o022


def _write(folder: Path, entry: Path, key: str, catalogue: Catalogue) -> None:
    """Store an entry (atomically: written aside, then renamed); any failure leaves no trace."""
    buffer = io.BytesIO()
    try:
        _pickle(catalogue, buffer)
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
        return  # something in it cannot be stored: the catalogue is simply not cached
    body = buffer.getvalue()
    import tempfile  # here: only a miss writes

    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=folder, prefix=".catalogue-", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(FORMAT + key.encode() + b"\n" + hashlib.sha256(body).hexdigest().encode() + b"\n")
            file.write(body)
        os.replace(temporary, entry)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
        return
    _prune(folder)


def _pickle(catalogue: Catalogue, file: BinaryIO) -> None:
    """The catalogue as an entry holds it after its header (read back by ``_unpickled``): its read-only mappings as
    ``_proxy`` calls, the one function of this module the unpickler resolves."""
    pickler = pickle.Pickler(file, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = {**copyreg.dispatch_table, MappingProxyType: _reduce_proxy}
    pickler.dump(catalogue)


def _prune(folder: Path) -> None:
    """Keep the newest ``MAX_ENTRIES`` entries."""
    try:
        entries = sorted(folder.glob("catalogue-*.pickle"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in entries[MAX_ENTRIES:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass


def _proxy(mapping: dict[object, object]) -> MappingProxyType[object, object]:
    return MappingProxyType(mapping)


def _reduce_proxy(mapping: MappingProxyType[object, object]) -> tuple[Callable[..., object], tuple[object, ...]]:
    return _proxy, (dict(mapping),)


_ALLOWED: dict[tuple[str, str], object] = {
    ("builtins", "frozenset"): frozenset, ("builtins", "set"): set, ("decimal", "Decimal"): Decimal,
    ("datetime", "date"): date, ("datetime", "datetime"): datetime, (__name__, "_proxy"): _proxy,
}


_MODULES = frozenset({"recommender.catalogue.model", "recommender.catalogue.spec", "recommender.cost",
                      "recommender.messages", "recommender.optimise.tables", "recommender.optimise.flat"})
"""Where the classes of a prepared (and warmed) catalogue live: the model, its plan-file specs, the cost model's
values, the messages its tables keep, the compiled tables and their flat store (found by the security QA: any class
of the package was allowed, so a crafted entry could call, say, the serving store's ``SharedCatalogue`` with a
folder of its choosing, which makes the folder).  A class elsewhere would make every entry a miss, silently:
``tests/unit/catalogue/test_cache.py`` round-trips warmed catalogues to catch it."""


class _Unpickler(pickle.Unpickler):
    """Resolves the classes a prepared catalogue is made of and a few plain value types, nothing else."""

    def find_class(self, module: str, name: str) -> object:
        allowed = _ALLOWED.get((module, name))
        if allowed is not None:
            return allowed
        if module in _MODULES:
            found = super().find_class(module, name)
            if isinstance(found, type) and found.__module__ == module:
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the catalogue cache")
