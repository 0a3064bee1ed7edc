"""The one way a solve is asked to stop early (suites, roster, joint rounds, LNS).

``stop`` is None (never), anything with ``is_set()`` (a ``threading.Event``), or a callable
returning True to stop; the search then ends at its next check and returns the best plan found
so far.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, runtime_checkable


@runtime_checkable
class Flag(Protocol):
    def is_set(self) -> bool: ...


Stop = Flag | Callable[[], bool] | None


def stopped(stop: Stop) -> bool:
    """Has ``stop`` asked the search to end?"""
    if stop is None:
        return False
    if isinstance(stop, Flag):
        return bool(stop.is_set())
    return bool(stop())
