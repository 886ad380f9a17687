"""prometheus_client's per-process metric files, made to survive a full disk.

In multiprocess mode prometheus_client keeps each worker's metrics in files it grows sparsely (``truncate``)
and writes through a memory map.  On a full file system the first write to a page with no block behind it
kills the process with SIGBUS, and so each worker replacing it: found by QA with a 2 MB tmpfs, 7,926 SIGBUS
in a minute and nothing answered, ``/healthz`` included.  ``reserve`` makes the files' blocks reserved
(``posix_fallocate``) before they are mapped for writing, so that a full disk is an ``OSError`` where the
metric is updated, which ``observability`` survives (the update is dropped, and said in the log).
"""

import errno
import mmap
import os
import types

import prometheus_client.mmap_dict
import prometheus_client.values

_CANNOT_RESERVE = frozenset({errno.EOPNOTSUPP, errno.EINVAL, errno.ENOSYS})
"""A file system that cannot reserve blocks: mapped as before."""


def _reserving_mmap(fileno: int, length: int, *args: object, **kwargs: object) -> mmap.mmap:
    if kwargs.get("access", mmap.ACCESS_WRITE) != mmap.ACCESS_READ and length > 0:
        try:
            os.posix_fallocate(fileno, 0, length)
        except OSError as exc:
            if exc.errno not in _CANNOT_RESERVE:
                raise
    return mmap.mmap(fileno, length, *args, **kwargs)  # type: ignore[arg-type]  # (mmap's own arguments)


class _Deferred:
    """A metric's value whose file could not be opened when the metric was made: the file is opened at each
    update until it opens (an update before that raises the ``OSError``, which ``observability.updating``
    drops and logs); the value reads 0 until then."""

    _multiprocess = True

    def __init__(self, make: object, *args: object, **kwargs: object) -> None:
        self._make, self._args, self._kwargs = make, args, kwargs
        self._value: object = None

    def _opened(self) -> object:
        if self._value is None:
            self._value = self._make(*self._args, **self._kwargs)  # type: ignore[operator]  # (the value class)
        return self._value

    def inc(self, amount: float) -> None:
        self._opened().inc(amount)  # type: ignore[attr-defined]  # (a prometheus_client value)

    def set(self, value: float, timestamp: float | None = None) -> None:
        self._opened().set(value, timestamp)  # type: ignore[attr-defined]  # (a prometheus_client value)

    def set_exemplar(self, exemplar: object) -> None:
        return None

    def get(self) -> float:
        try:
            return float(self._opened().get())  # type: ignore[attr-defined]  # (a prometheus_client value)
        except OSError:
            return 0.0

    def get_exemplar(self) -> None:
        return None


def _deferring(make: object) -> object:
    def value(*args: object, **kwargs: object) -> object:
        try:
            return make(*args, **kwargs)  # type: ignore[operator]  # (the value class)
        except OSError:
            return _Deferred(make, *args, **kwargs)

    value.deferring = True  # type: ignore[attr-defined]  # (so that it is wrapped once)
    return value


def reserve() -> None:
    """Make prometheus_client reserve its metric files' blocks before it maps them, and make a metric whose file
    cannot be opened yet (``_Deferred``) (once per process; before any metric is made)."""
    if not getattr(prometheus_client.values.ValueClass, "deferring", False):
        prometheus_client.values.ValueClass = _deferring(prometheus_client.values.ValueClass)
    if isinstance(getattr(prometheus_client.mmap_dict.mmap, "mmap", None), types.FunctionType):
        return
    shim = types.ModuleType("mmap", "the mmap module, its files' blocks reserved before they are mapped")
    shim.__dict__.update({k: v for k, v in vars(mmap).items() if not k.startswith("__")})
    shim.mmap = _reserving_mmap  # type: ignore[attr-defined]  # (a module made here)
    prometheus_client.mmap_dict.mmap = shim  # (the module prometheus_client maps with)
