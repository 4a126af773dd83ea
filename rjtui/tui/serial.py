"""One lock in front of the search engine.

``Engine`` must be called from one thread at a time, while the explorer runs
searches, article loads, the concordance and index refreshes in separate
thread workers. Wrapping the engine once means no worker can forget the lock.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any


class Serialized:
    """Proxy calling every method of ``target`` under a single lock."""

    def __init__(self, target: Any) -> None:
        self._target = target
        self._lock = threading.Lock()

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._target, name)
        if not callable(attribute):
            return attribute
        return self._locked(attribute)

    def _locked(self, method: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            with self._lock:
                return method(*args, **kwargs)

        return call
