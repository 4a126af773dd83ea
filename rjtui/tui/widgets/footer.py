"""The key footer, rebuilt only when the keys it shows change.

Textual's ``Footer`` recomposes (unmounting and mounting a widget per key, each
styled anew) on every ``refresh_bindings``, and the main screen asks for one
after each search so keys that depend on results can appear or hide. While
typing, the keys shown nearly never change, and the rebuild cost some 10-30 ms
per keystroke at 10k articles (bench/tui_bench.py); here it is skipped when the
shown keys, their state and their tooltips are the same as last time.
"""

from __future__ import annotations

from collections.abc import Hashable

from textual.screen import Screen
from textual.widgets import Footer


class KeysFooter(Footer):
    """A ``Footer`` that ignores binding refreshes which would show the same keys."""

    _keys: Hashable = None
    """What the footer last showed (None: nothing yet)."""

    def bindings_changed(self, screen: Screen) -> None:
        if self.is_attached and screen is self.screen and screen.app.app_focus:
            keys = tuple(
                (binding, enabled, tooltip)
                for _, binding, enabled, tooltip in screen.active_bindings.values()
                if binding.show
            )
            if keys == self._keys:
                return
            self._keys = keys
        super().bindings_changed(screen)
