"""``found_once``: :func:`functools.cached_property` without its lock, for values worked out per keystroke.

Python 3.11's ``cached_property`` takes a lock on every first use, which costs
more than most of the findings the checks and counters keep on a line or a
final text (and every keystroke brings new ones). The value is worked out on
first use and kept in the instance's ``__dict__``; two threads working out the
same value at once both get it right, and one of them keeps it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar, overload

T = TypeVar("T")


class found_once(Generic[T]):  # noqa: N801 - used as a decorator, like functools.cached_property
    """Decorate a method of one argument (``self``): its value, worked out on first use and kept."""

    def __init__(self, find: Callable[[Any], T]) -> None:
        self.find = find
        self.name = find.__name__
        self.__doc__ = find.__doc__

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> found_once[T]: ...

    @overload
    def __get__(self, instance: object, owner: type | None = None) -> T: ...

    def __get__(self, instance: object | None, owner: type | None = None) -> T | found_once[T]:
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.find(instance)
        return value
