"""Per-process memos of what is costly to make and the same for every request
with the same key: drawn HTML, narrowed querysets.

Each is bounded: when it is full it starts afresh, so the hot path has no
bookkeeping of what was used when. The key must hold everything the value
depends on; the callers say what that is.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")


class Kept(Generic[T]):
    def __init__(self, limit: int):
        self.limit = limit
        self._values: dict[Hashable, T] = {}

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        """The value kept under `key`, made (and kept) if there is none. A
        `make` that gives None is called again next time: keep no None."""
        value = self._values.get(key)
        if value is None:
            if len(self._values) >= self.limit:
                self._values.clear()
            value = self._values[key] = make()
        return value

    def clear(self) -> None:
        self._values.clear()

    def __len__(self) -> int:
        return len(self._values)
