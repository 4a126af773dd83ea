"""The one line a failed engine call shows in the explorer.

Engine calls run in thread workers, serialised by ``rjtui.session.Session``;
whatever they raise must reach the screen as one readable line.
"""

from __future__ import annotations

from rjtui.errors import RjtuiError


def problem(exc: Exception) -> str:
    """The one line shown for a failed engine call: an ``RjtuiError`` is already
    worded for the user; anything else is a bug, named so it can be reported."""
    return str(exc) if isinstance(exc, RjtuiError) else f"{type(exc).__name__}: {exc}"
