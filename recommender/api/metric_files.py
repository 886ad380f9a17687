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


def reserve() -> None:
    """Make prometheus_client reserve its metric files' blocks before it maps them (once per process)."""
    if isinstance(getattr(prometheus_client.mmap_dict.mmap, "mmap", None), types.FunctionType):
        return
    shim = types.ModuleType("mmap", "the mmap module, its files' blocks reserved before they are mapped")
    shim.__dict__.update({k: v for k, v in vars(mmap).items() if not k.startswith("__")})
    shim.mmap = _reserving_mmap  # type: ignore[attr-defined]  # (a module made here)
    prometheus_client.mmap_dict.mmap = shim  # (the module prometheus_client maps with)
