"""The main screen's corrections: ``r`` source view, ``e`` form, ``k``/``x`` on lines.

The base class of ``MainScreen``, kept in its own module so that screen stays
about searching and reading. Every file read and write runs in a thread worker: the
source is traced by ingest again (with the current corrections), a change goes
through ``CorrectionStore`` (the same locked, atomic writes as bookmarks), the
session re-ingests that one article, and then the screen searches again, so
the results, the facets and the reader show the correction at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.binding import Binding, BindingType
from textual.screen import Screen

from rjtui.errors import RjtuiError
from rjtui.results import ArticleMeta
from rjtui.tui.serial import problem
from rjtui.tui.widgets.reader import Reader
from rjtui.tui.widgets.source_view import SourceView, hit_words

if TYPE_CHECKING:
    from rjtui.config import Config
    from rjtui.corpus import Article
    from rjtui.ingest.sourceview import SourceLine
    from rjtui.results import SearchEngine
    from rjtui.session import Session
    from rjtui.tui.query_state import QueryState

SOURCE = "-source"
"""The screen class under which the source view stands in for the reader."""


class Correcting(Screen[None]):
    """``r``, ``e``, and the source view's ``k``/``x`` (``MainScreen`` builds on it)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("r", "toggle_source", "Source")]
    """``e`` (correct) is bound on the reader and the source view themselves, where it
    wins over the screen's ``e`` (the Mentions filter) while they have focus."""

    config: Config
    session: Session
    state: QueryState

    @property
    def engine(self) -> SearchEngine | None:
        raise NotImplementedError

    def say(self, reason: str) -> None:
        raise NotImplementedError

    def _search(self) -> None:
        raise NotImplementedError

    def check_corrections_file(self) -> None:
        """A broken corrections file: say so once, in one line; everything else works."""
        from rjtui.corrections.store import current

        _, error = current(self.config.corrections_file)
        if error:
            self.notify(error, severity="warning", timeout=12)

    def correcting_enabled(self, action: str) -> bool | None:
        """``check_action`` for ``r`` and ``e``: only with an article open in the reader
        or the source view, and that pane focused; ``None`` for other actions."""
        if action not in ("toggle_source", "correct"):
            return None
        pane = self.focused
        return isinstance(pane, (Reader, SourceView)) and pane.article is not None

    def reading_pane(self) -> Reader | SourceView:
        """The pane showing the open article: the reader, or its source after ``r``."""
        return self.query_one(SourceView) if self.has_class(SOURCE) else self.query_one(Reader)

    def _open_article(self) -> ArticleMeta | None:
        if self.has_class(SOURCE):
            return self.query_one(SourceView).article
        return self.query_one(Reader).article

    # ------------------------------------------------------------ source view

    def action_toggle_source(self) -> None:
        """Show the source of the article in the reader, or go back to the article."""
        if self.has_class(SOURCE):
            self.remove_class(SOURCE)
            self._keep_zoom(self.query_one(Reader))
            self.query_one(Reader).focus()
            return
        article = self.query_one(Reader).article
        if article is None:
            self.say("nothing to read yet: open an article with enter")
            return
        self._run_source(self.engine, article, self.state.text, None, True)

    @work(thread=True, exclusive=True, group="source")
    def _run_source(
        self,
        engine: SearchEngine | None,
        meta: ArticleMeta,
        query: str,
        at_line: int | None,
        focus: bool,
    ) -> None:
        try:
            article, lines = self._trace(engine, meta)
            view = engine.article(meta.id, query) if engine and query.strip() else None
        except Exception as exc:
            self.app.call_from_thread(self.notify, problem(exc), severity="error")
            return
        words = hit_words((p.text, p.highlights) for p in view.passages) if view else set()
        self.app.call_from_thread(self._show_source, article, lines, words, at_line, focus)

    def _show_source(
        self,
        article: Article,
        lines: list[SourceLine],
        words: set[str],
        at_line: int | None,
        focus: bool,
    ) -> None:
        if not self.query(SourceView):
            return  # the app closed while the source was read
        source = self.query_one(SourceView)
        if not focus and not self.has_class(SOURCE):
            return  # the user went back to the article meanwhile
        source.show(article, lines, words, at_line=at_line)
        if focus:
            self.add_class(SOURCE)
            self._keep_zoom(source)
            source.focus()

    def _keep_zoom(self, pane: Reader | SourceView) -> None:
        """With the reading pane zoomed (``z``), ``r`` zooms the pane taking its place:
        the hidden one would otherwise stay maximized, over an empty screen."""
        if self.maximized is not None and self.maximized is not pane:
            self.maximize(pane)

    def source_follows(self, meta: ArticleMeta) -> None:
        """Another article opened in the reader (``]``, a hit's end): its source too."""
        shown = self.query_one(SourceView).article
        if self.has_class(SOURCE) and (shown is None or shown.id != meta.id):
            self._run_source(self.engine, meta, self.state.text, None, False)

    def on_source_view_keep_line(self, event: SourceView.KeepLine) -> None:
        self._save_line(event.article, event.line.line, event.line.text, True)

    def on_source_view_drop_line(self, event: SourceView.DropLine) -> None:
        self._save_line(event.article, event.line.line, event.line.text, False)

    @work(thread=True, group="corrections")
    def _save_line(self, meta: ArticleMeta, number: int, text: str, keep: bool) -> None:
        from rjtui.corrections.model import LineRef

        def change(store: Any, article: Article) -> str:
            ref = LineRef(number, text)
            if keep:
                store.keep_line(article, article.content_hash, ref)
            else:
                store.drop_line(article, article.content_hash, ref)
            return f"Line {number} {'kept as body' if keep else 'dropped'}."

        self._correct(meta, change, number)

    # ------------------------------------------------------------------ form

    def action_correct(self) -> None:
        """The metadata form; enter saves, esc cancels."""
        from rjtui.tui.widgets.correction_form import CorrectionForm

        article = self._open_article()
        if article is None:
            return
        at_line = self._source_line()

        def save(values: dict[str, Any] | None) -> None:
            if values == {}:
                self.notify("Nothing changed.", timeout=2)
            elif values is not None:
                self._save_fields(article, values, at_line)

        self.app.push_screen(CorrectionForm(article), save)

    def _source_line(self) -> int | None:
        line = self.query_one(SourceView).current_line if self.has_class(SOURCE) else None
        return line.line if line else None

    @work(thread=True, group="corrections")
    def _save_fields(self, meta: ArticleMeta, values: dict[str, Any], at_line: int | None) -> None:
        def change(store: Any, article: Article) -> str:
            store.set_fields(article, article.content_hash, values)
            return f"Corrected {', '.join(values)}."

        self._correct(meta, change, at_line)

    # ---------------------------------------------------------------- shared

    def _correct(self, meta: ArticleMeta, change: Any, at_line: int | None) -> None:
        """In a worker: apply ``change(store, article)``, re-index the article, then
        search again and re-show the source (the message ``change`` returns is shown)."""
        from rjtui.corrections.store import CorrectionStore

        try:
            article, _ = self._trace(self.engine, meta)
            said = change(CorrectionStore(self.config.corrections_file), article)
            self.session.update()
        except (RjtuiError, OSError) as exc:
            self.app.call_from_thread(self.notify, problem(exc), severity="error", timeout=10)
            return
        self.app.call_from_thread(self._corrected, meta, said, at_line)

    def _trace(
        self, engine: SearchEngine | None, meta: ArticleMeta
    ) -> tuple[Article, list[SourceLine]]:
        """``meta``'s file ingested again with its line accounting, its folder's site
        chrome counted as the index counts it now (what ``r``, ``k`` and ``x`` act on)."""
        from rjtui.ingest.sourceview import trace_article

        keys = engine.line_keys(meta.path) if engine else {}
        return trace_article(meta, self.config, keys)

    def _corrected(self, meta: ArticleMeta, said: str, at_line: int | None) -> None:
        self.notify(said, timeout=3)
        self._search()  # results, facets and the reader (its header marked ✎) follow
        if self.has_class(SOURCE):
            self._run_source(self.engine, meta, self.state.text, at_line, False)
