"""Calling the search engine from worker threads: one lock, one-line failures.

``Engine`` must be called from one thread at a time, while the explorer runs
searches, article loads, the concordance and index refreshes in separate
thread workers. Wrapping the engine once means no worker can forget the lock.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from rjtui.errors import RjtuiError


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


def problem(exc: Exception) -> str:
    """The one line shown for a failed engine call: an ``RjtuiError`` is already
    worded for the user; anything else is a bug, named so it can be reported."""
    return str(exc) if isinstance(exc, RjtuiError) else f"{type(exc).__name__}: {exc}"
