"""The results pane: ranked articles with metadata, match counts and snippets.

It shows whatever ``SearchResult`` the screen hands it, a page at a time, and
reports the user's intent by message: ``Selected`` (enter on an article) and
``NeedMore`` (more exist and the loaded rows run out within a screen below the
view, or the cursor is on the last one). Pages are small (one result with its
snippets can fill the list), so the list keeps a screen of rows loaded ahead
of the view: scrolling or paging down never shows the end of what is loaded.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from rjtui.results import ArticleHit, ArticleMeta, SearchResult
from rjtui.tui.palette import follow_theme, palette_of
from rjtui.tui.render import META, result_entry


class ResultsList(OptionList):
    """Article hits; enter opens one, j/k move."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Open article"),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    class Selected(Message):
        """Open this article in the reader."""

        def __init__(self, article_id: str) -> None:
            super().__init__()
            self.article_id = article_id

    class Previewed(Message):
        """The cursor rests on this article: preview it in the reader."""

        def __init__(self, article_id: str) -> None:
            super().__init__()
            self.article_id = article_id

    class NeedMore(Message):
        """Load the next page, starting at ``offset``."""

        def __init__(self, offset: int) -> None:
            super().__init__()
            self.offset = offset

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = "Results"
        self._hits: dict[str, ArticleHit] = {}
        self._total = 0
        self._asked_for = -1

    def on_mount(self) -> None:
        follow_theme(self, self._restyle)

    def _entry(self, hit: ArticleHit) -> Text:
        return result_entry(hit, palette=palette_of(self.app))

    def _restyle(self) -> None:
        for article_id, hit in self._hits.items():
            self.replace_option_prompt(article_id, self._entry(hit))

    def show(self, result: SearchResult, *, append: bool = False, empty: str = "") -> None:
        """Display ``result``; with ``append`` add it below the loaded rows (next page)."""
        if not append:
            self._hits = {}
            self._asked_for = -1
            self.clear_options()
        new = [hit for hit in result.articles if hit.meta.id not in self._hits]
        self._hits.update((hit.meta.id, hit) for hit in new)
        self._total = result.total_articles
        # A divider (None) after each article keeps multi-line entries apart.
        self.add_options(
            item for hit in new for item in (Option(self._entry(hit), id=hit.meta.id), None)
        )
        if not self._hits:
            self.add_option(Option(Text(empty or "No articles match.", META), disabled=True))
        elif not append:
            self.highlighted = 0
        self._update_position()
        self._load_ahead()

    def _load_ahead(self) -> None:
        """Ask for the next page when more exist and the loaded rows end less than a
        screen below the view, or the cursor is on the last loaded article."""
        loaded = len(self._hits)
        if not loaded or loaded >= self._total or self._asked_for >= loaded:
            return
        height = self.scrollable_content_region.height
        short = self.virtual_size.height < self.scroll_offset.y + 2 * height
        if short or self.position == loaded - 1:
            self._asked_for = loaded
            self.post_message(self.NeedMore(loaded))

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._load_ahead()

    def on_resize(self) -> None:
        self._load_ahead()

    def _update_position(self) -> None:
        """``3/17``: the cursor's article among all that match (not just those loaded)."""
        position = self.position
        self.border_subtitle = f"{position + 1}/{self._total}" if position is not None else ""

    @property
    def position(self) -> int | None:
        """The cursor's article index (dividers between entries are not counted)."""
        current = self.current
        return list(self._hits).index(current.id) if current is not None else None

    @property
    def articles(self) -> list[ArticleMeta]:
        """The loaded articles, in display order."""
        return [hit.meta for hit in self._hits.values()]

    @property
    def current(self) -> ArticleMeta | None:
        """The article under the cursor."""
        option = self.highlighted_option
        hit = self._hits.get(option.id) if option and option.id else None
        return hit.meta if hit else None

    @property
    def best_passage(self) -> str | None:
        """The id of the cursor's best-matching passage (where a preview opens)."""
        option = self.highlighted_option
        hit = self._hits.get(option.id) if option and option.id else None
        return hit.passages[0].id if hit and hit.passages else None

    def step(self, delta: int) -> str | None:
        """Move the cursor ``delta`` articles (``]``/``[``) and return the article id
        there, or None at either end (the screen says why)."""
        position = self.position
        target = (0 if delta > 0 else len(self._hits) - 1) if position is None else position + delta
        if not 0 <= target < len(self._hits):
            return None
        article_id = list(self._hits)[target]
        self.highlighted = self.get_option_index(article_id)
        return article_id

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.Selected(event.option.id))

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._update_position()
        if event.option.id is not None:
            self.post_message(self.Previewed(event.option.id))
        self._load_ahead()
