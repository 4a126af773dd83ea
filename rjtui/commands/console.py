"""The Rich console that commands print results on.

Rich answers a closed pipe (``rjtui search ... | head -1``) with
``SystemExit(1)``; rjtui treats a reader that has seen enough as success, so
this console hands the ``BrokenPipeError`` to ``rjtui.cli.main``, which exits 0
quietly.
"""

from __future__ import annotations

from typing import Any


def stdout_console(**kwargs: Any) -> Any:
    """A ``rich.console.Console`` on stdout whose closed pipe raises ``BrokenPipeError``."""
    from rich.console import Console

    class _PipeConsole(Console):
        def on_broken_pipe(self) -> None:
            raise BrokenPipeError

    return _PipeConsole(**kwargs)
