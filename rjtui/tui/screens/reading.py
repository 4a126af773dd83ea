"""The main screen's reading: opening, previewing and stepping through articles.

The base class of ``MainScreen`` (on top of ``Correcting``), kept in its own
module so that screen stays about searching. An article is fetched in a thread
worker, which hands it to the UI thread with ``call_from_thread``. Previews wait
until the results cursor rests, and the open article's hits follow a new query
once results rest, so holding ``j`` or typing never pays for re-showing it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.timer import Timer

from rjtui.errors import RjtuiError
from rjtui.tui.screens.correcting import Correcting
from rjtui.tui.serial import problem
from rjtui.tui.widgets.reader import Reader
from rjtui.tui.widgets.results_list import ResultsList
from rjtui.tui.widgets.source_view import SourceView

if TYPE_CHECKING:
    from rjtui.bookmarks import BookmarkStore
    from rjtui.results import ArticleView, SearchEngine

REST_DELAY = 0.15
"""Seconds the results cursor must rest before the reader previews the article
(holding j stays smooth, a pause shows the text), and results must rest before
the open article's hits follow the new query (while typing, re-showing the whole
article on every keystroke cost ~35 ms of each key's time at 10k articles)."""


class Reading(Correcting):
    """Enter opens, a resting cursor previews, ``]``/``[`` step through the results,
    and ``n``/``N`` past the last/first hit go on to the next/previous result."""

    _preview: Timer | None = None
    """The pending preview (restarted by every cursor move)."""
    _follow: Timer | None = None
    """The pending update of the open article's hits (restarted by every result)."""
    _article_asked = 0
    """How many articles were asked for: only the newest one asked is shown."""

    def follow_query_later(self) -> None:
        """A new result is shown: the open article's hits follow once results rest."""
        if self.query_one(Reader).article is not None:
            if self._follow is not None:
                self._follow.stop()
            self._follow = self.set_timer(REST_DELAY, self._follow_query)

    def _follow_query(self) -> None:
        """Highlight the current query's hits in the open article, cursor kept."""
        self._follow = None
        article = self.query_one(Reader).article
        if article is not None:
            self._load_article(article.id, keep_cursor=True)

    @on(ResultsList.Selected)
    def _open_selected(self, event: ResultsList.Selected) -> None:
        if self._preview is not None:
            self._preview.stop()
        self._load_article(event.article_id, focus=True)

    @on(ResultsList.Previewed)
    def _cursor_rests(self, event: ResultsList.Previewed) -> None:
        """Preview the article under the results cursor once it stops moving."""
        if self._preview is not None:
            self._preview.stop()
        article_id = event.article_id
        self._preview = self.set_timer(REST_DELAY, lambda: self._show_preview(article_id))

    def _show_preview(self, article_id: str) -> None:
        self._preview = None
        reader = self.query_one(Reader)
        if reader.article is not None and reader.article.id == article_id:
            return
        if self.query_one(ResultsList).current is None or isinstance(
            self.focused, (Reader, SourceView)
        ):
            return
        self._load_article(article_id, passage_id=self.query_one(ResultsList).best_passage)

    def _load_article(
        self,
        article_id: str,
        *,
        passage_id: str | None = None,
        focus: bool = False,
        keep_cursor: bool = False,
    ) -> None:
        if self.engine is not None:
            # a new article asked for makes older ones stale; following the query in
            # the open article does not (it is dropped if another article opens)
            self._article_asked += not keep_cursor
            query, expand = self.state.text, self.state.expand()
            asked = (self._article_asked, passage_id, focus, keep_cursor)
            self._run_article(self.engine, article_id, query, expand, asked)

    @work(thread=True, exclusive=True, group="article")
    def _run_article(
        self,
        engine: SearchEngine,
        article_id: str,
        query: str,
        expand: bool | None,
        asked: tuple[int, str | None, bool, bool],
    ) -> None:
        try:
            view = engine.article(article_id, query, expand=expand)
        except KeyError:
            message = f"Article {article_id} is no longer in the corpus."
            self.app.call_from_thread(self.notify, message, severity="warning")
            return
        except Exception as exc:
            self.app.call_from_thread(self.notify, problem(exc), severity="error")
            return
        bookmarked = self._bookmarked_ids()
        self.app.call_from_thread(self._show_article, view, bookmarked, *asked)

    def _bookmarked_ids(self) -> set[str]:
        """Bookmarked passage ids for the star marker (none if the file is unreadable:
        the reader still works, and opening bookmarks reports the problem)."""
        try:
            return self._store().passage_ids()
        except (RjtuiError, ImportError):
            return set()

    def _show_article(
        self,
        view: ArticleView,
        bookmarked: set[str],
        request: int,
        passage_id: str | None,
        focus: bool,
        keep_cursor: bool,
    ) -> None:
        if not self.query(Reader):
            return  # the app closed while the article loaded (a preview timer's worker)
        if request != self._article_asked:
            # an older request (a preview) that a newer one (enter) overtook: a thread
            # worker runs on when replaced, and its article must not cover the newer
            return
        reader = self.query_one(Reader)
        if keep_cursor:
            if reader.article is None or reader.article.id != view.meta.id:
                return  # the user opened another article meanwhile
            reader.refresh_highlights(view)
        else:
            reader.show(view, bookmarked, passage_id=passage_id)
            self.source_follows(view.meta)
        if focus:
            self.add_class("-reading")
            self.reading_pane().focus()
        self.refresh_bindings()

    def action_step_result(self, delta: int) -> None:
        """Next/previous result into the reader without leaving it."""
        results = self.query_one(ResultsList)
        article_id = results.step(delta)
        if article_id is not None:
            self._load_article(article_id, passage_id=results.best_passage)
        elif not results.articles:
            self.say("no results to step through")
        else:
            self.say("already at the last result" if delta > 0 else "already at the first result")

    @on(Reader.HitsEnd)
    def _hits_end(self, event: Reader.HitsEnd) -> None:
        """``n`` after the last hit says so once; pressed again it opens the next
        result at its first hit (``N`` before the first: the previous result)."""
        if not event.again:
            where = "last" if event.step > 0 else "first"
            key = "n" if event.step > 0 else "N"
            other = "next" if event.step > 0 else "previous"
            self.say(f"{where} hit in this article: {key} again goes to the {other} result")
            return
        results = self.query_one(ResultsList)
        article_id = results.step(event.step)
        if article_id is None:
            self.say("no more results: that was the " + ("last" if event.step > 0 else "first"))
            return
        self._load_article(article_id, focus=True)

    def _open_passage(self, target: tuple[str, str] | None) -> None:
        if target is not None:
            article_id, passage_id = target
            self._load_article(article_id, passage_id=passage_id, focus=True)

    def _store(self) -> BookmarkStore:
        from rjtui.bookmarks import BookmarkStore

        return BookmarkStore(self.config.bookmarks_file)
