"""Opening the index for the explorer, with a progress bar while it is built.

The work runs in a thread worker owned by this widget: open the session's
index (building it first when there is none, with the bar showing), then bring
it up to date with the corpus. The widget only ever changes itself; what the
screen must know arrives as messages (``Opened``, ``Updated``, ``Building``,
``Failed``), so no worker touches any other part of the DOM.
"""

from __future__ import annotations

import contextlib
import gc
import sys
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Label, ProgressBar

from rjtui.display import clean
from rjtui.session import Session
from rjtui.tui.serial import problem

if TYPE_CHECKING:
    from rjtui.search.indexer import IndexReport

T = TypeVar("T")
PROGRESS_EVERY_S = 0.05
"""At most this often a progress update crosses to the UI thread."""
FIRST_RESULTS_WAIT_S = 5.0
"""The background work after opening waits at most this long for the first results."""


def with_real_stderr(call: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run ``call`` with the process's real stderr in ``sys.stderr``.

    Textual swaps ``sys.stderr`` for a capture object whose ``fileno()`` is -1,
    and multiprocessing's resource tracker hands ``sys.stderr``'s descriptor to
    the worker processes a build starts for big corpora: with the capture in
    place the build fails with "bad value(s) in fds_to_keep".
    """
    with contextlib.redirect_stderr(sys.__stderr__ or sys.stderr):
        return call(*args, **kwargs)


class IndexProgress(Vertical):
    """Hidden unless a build runs; ``open_index`` starts the whole sequence."""

    class Building(Message):
        """A build started (first run, or a rebuild); ``title`` says which."""

        def __init__(self, title: str) -> None:
            super().__init__()
            self.title = title

    class Opened(Message):
        """The session's engine is open; ``report`` is the build's, if one ran."""

        def __init__(self, report: IndexReport | None) -> None:
            super().__init__()
            self.report = report

    class Updated(Message):
        """The open index was brought up to date with the corpus."""

        def __init__(self, report: IndexReport) -> None:
            super().__init__()
            self.report = report

    class Failed(Message):
        """One line for the user; ``fatal`` when there is no index to show at all."""

        def __init__(self, message: str, *, fatal: bool) -> None:
            super().__init__()
            self.message = message
            self.fatal = fatal

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown = threading.Event()

    def results_shown(self) -> None:
        """The screen's first search ended: the background work may start (before, it
        took the CPU from the first results, on two cores shared with a search and the
        screen's first render)."""
        self._shown.set()

    def compose(self) -> ComposeResult:
        yield Label(id="index-progress-label")
        yield ProgressBar(show_eta=False, id="index-progress-bar")

    def on_mount(self) -> None:
        self.display = False

    def on_unmount(self) -> None:
        self._shown.set()  # closing: the worker must not keep the app waiting

    @work(thread=True, exclusive=True, group="index")
    def open_index(
        self, session: Session, marks: dict[str, float], *, rebuild: bool = False
    ) -> None:
        """Open (or with ``rebuild``, rebuild) the index, then update it in the background.

        ``marks`` gets the start-up milestones the TUI benchmark reads. What follows the
        opening (the matcher the first query needs, the check against the corpus) waits
        for the screen's first results.
        """
        try:
            marks["imported"] = time.perf_counter()
            report = None
            if rebuild or not session.try_open():
                report = self._build(session, rebuild=rebuild)
            marks["index_open"] = time.perf_counter()
            self._tell(self.Opened(report))
            self._shown.wait(FIRST_RESULTS_WAIT_S)
            marks["checking"] = time.perf_counter()
            with contextlib.suppress(Exception):  # if it fails, the search needing it says why
                session.prepare_queries()
            if report is None:
                self._update(session)
        except Exception as exc:  # a core bug must not take the explorer down with it
            self._tell(self.Failed(problem(exc), fatal=True))
        finally:
            # What start-up built (the index's tables, the DOM) lives as long as the
            # app: taken out of the collector's sight, a full collection no longer
            # walks it, which cost 50-200 ms pauses in the middle of typing at 10k
            # articles (unreachable cycles from start-up, if any, are kept).
            gc.freeze()
            marks["index_checked"] = time.perf_counter()

    def _update(self, session: Session) -> None:
        try:
            report = with_real_stderr(session.update)
        except Exception as exc:
            message = f"The index could not be updated, showing it as it was: {problem(exc)}"
            self._tell(self.Failed(message, fatal=False))
            return
        self._tell(self.Updated(report))

    def _build(self, session: Session, *, rebuild: bool) -> IndexReport:
        title = "Rebuilding the index…" if rebuild else "Building the index (first run)…"
        self._tell(self.Building(title))
        self.app.call_from_thread(self._start, title)
        last = 0.0

        def advance(done: int, total: int, path: str) -> None:
            nonlocal last
            now = time.perf_counter()
            if now - last > PROGRESS_EVERY_S or done >= total:
                last = now
                self.app.call_from_thread(self._advance, done, total, path)

        try:
            return with_real_stderr(session.build, rebuild=rebuild, progress=advance)
        finally:
            self.app.call_from_thread(self._finish)

    def _tell(self, message: Message) -> None:
        """Post ``message`` from the worker and wait until the UI thread has taken it:
        the screen starts its first search before the background update begins."""
        self.app.call_from_thread(self.post_message, message)

    # Run on the UI thread (through call_from_thread): only this widget changes.

    def _start(self, title: str) -> None:
        self.query_one(Label).update(Text(title))
        self.query_one(ProgressBar).update(total=None, progress=0)
        self.display = True

    def _advance(self, done: int, total: int, path: str) -> None:
        name = clean(path.rsplit("/", 1)[-1])
        self.query_one(Label).update(Text(f"Indexing {done}/{total}  {name}"))
        self.query_one(ProgressBar).update(total=max(total, 1), progress=done)

    def _finish(self) -> None:
        self.display = False
