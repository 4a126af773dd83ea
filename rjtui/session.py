"""The index and the engine over it, for one configuration: open, build, update, swap.

This is where the layers meet. ``rjtui.search`` may not import ``rjtui.ingest``
(every search module would then load the whole ingest pipeline), so the index
builder is handed ``rjtui.ingest.LOADER`` here. And the engine's lifecycle
lives here rather than in a screen, with no Textual in sight, so the CLI and
the TUI open, update and swap engines the same way and tests can drive it
directly.

A ``Session`` is safe to use from several threads: every engine call runs under
one lock, and a swap (after a rebuild) happens under the same lock, so the old
engine is closed at once and no call can still be running on it.
"""

from __future__ import annotations

import contextlib
import threading
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from rjtui.config import Config
    from rjtui.results import SearchEngine
    from rjtui.search.indexer import IndexReport, Progress


def ensure_index(
    config: Config, *, rebuild: bool = False, progress: Progress | None = None
) -> IndexReport:
    """Build or update ``config``'s index from its corpus (see ``update_index``)."""
    import rjtui.ingest
    from rjtui.search.indexer import update_index

    return update_index(config, rjtui.ingest.LOADER, rebuild=rebuild, progress=progress)


class Session:
    """One configuration's index and its current engine (``engine``, once opened)."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.opened = 0
        """How many engines have been opened (a rebuild opens a new one)."""
        self._current: SearchEngine | None = None
        self._lock = threading.Lock()
        self._proxy = cast("SearchEngine", _Locked(self))

    @property
    def is_open(self) -> bool:
        return self._current is not None

    @property
    def engine(self) -> SearchEngine:
        """The current engine, whichever it is at each call, one call at a time.

        Hold on to it freely: after a rebuild the same object searches the new index.
        """
        if self._current is None:
            raise RuntimeError("Session.engine used before open() or build()")
        return self._proxy

    def try_open(self) -> bool:
        """Open the existing index; False when there is none (or it is unusable)."""
        from rjtui.search import Engine, IndexMissing

        try:
            engine = Engine.open(self.config)
        except IndexMissing:
            return False
        self._swap(engine)
        return True

    def build(self, *, rebuild: bool = False, progress: Progress | None = None) -> IndexReport:
        """Build (or with ``rebuild``, rebuild) or update the index, then open it.

        Raises ``IndexMissing`` when the index still cannot be opened (damage the
        fingerprint does not see): ``build(rebuild=True)`` is then the recovery.
        """
        from rjtui.search import Engine

        report = ensure_index(self.config, rebuild=rebuild, progress=progress)
        self._swap(Engine.open(self.config))
        return report

    def prepare_queries(self) -> None:
        """Make now what the first searches with words need and opening the index does
        not (the gazetteer's matcher, ~90 ms; the index vocabulary, 30-60 ms, for the
        first prefix, fuzzy word or "did you mean"): the explorer calls it in the
        background once its first results are up, so no keystroke pays for them."""
        from rjtui.search.entities import entity_matcher

        entity_matcher(self.config)  # outside the lock: searches go on meanwhile
        if self._current is not None:
            self.engine.prepare_queries()

    def update(self) -> IndexReport:
        """Bring the open index up to date with the corpus; the engine follows."""
        report = ensure_index(self.config)
        if report.added or report.changed or report.removed or report.rebuilt:
            with self._lock:
                current = self._current
                if current is not None:
                    fresh = current.refresh()
                    if fresh is not current:
                        self._replace(fresh)
        return report

    def close(self) -> None:
        with self._lock:
            if self._current is not None:
                self._current.close()
                self._current = None

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _swap(self, engine: SearchEngine) -> None:
        with self._lock:
            self._replace(engine)

    def _replace(self, engine: SearchEngine) -> None:
        """Under the lock: make ``engine`` current and close the one it replaces."""
        old, self._current = self._current, engine
        self.opened += 1
        if old is not None and old is not engine:
            with contextlib.suppress(Exception):  # a broken old index must not stop the swap
                old.close()

    def _get(self, name: str) -> Any:
        with self._lock:
            if self._current is None:
                raise RuntimeError("the session was closed")
            return getattr(self._current, name)

    def _call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        with self._lock:
            if self._current is None:
                raise RuntimeError("the session was closed")
            return getattr(self._current, name)(*args, **kwargs)


class _Locked:
    """Forwards each method call to the session's current engine under its lock
    (a plain attribute or property is read under the lock too)."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def __getattr__(self, name: str) -> Any:
        value = self._session._get(name)
        if not callable(value):
            return value

        def call(*args: Any, **kwargs: Any) -> Any:
            return self._session._call(name, *args, **kwargs)

        call.__name__ = name
        return call
