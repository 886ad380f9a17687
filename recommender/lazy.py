"""``cached``: ``functools.cached_property`` without its lock.

Python 3.11's ``cached_property`` takes a lock on every first read (1.1 µs more than a plain property, measured);
an answer reads some thirty such values for the first time (each priced month's totals, the profile's summaries).
The values cached here are pure functions of immutable objects: two threads computing one at once store equal
values (the last one stays; a dict, such as the billed demands, may be an equal copy, losing only what the other
cached in it), so no lock is needed (Python 3.12 dropped it for the same reason); profiles and costings live in one
request besides.  A subclass of ``cached_property``, so
that type checkers take it as one (pydantic models name it in ``ignored_types``)."""

from functools import cached_property
from typing import Any, Self, TypeVar, overload

T = TypeVar("T")


class cached(cached_property[T]):
    """Computed on first read and kept in the instance's ``__dict__`` (later reads never reach the descriptor)."""

    @overload
    def __get__(self, instance: None, owner: type[Any] | None = None) -> Self: ...

    @overload
    def __get__(self, instance: object, owner: type[Any] | None = None) -> T: ...

    def __get__(self, instance: object, owner: type[Any] | None = None) -> Self | T:
        if instance is None:
            return self
        value: T = self.func(instance)
        instance.__dict__[self.attrname] = value  # type: ignore[index]  # attrname is set by __set_name__
        return value
