"""The reader pane: one article's header and passages, every hit highlighted.

Passages are rows of an option list so the passage cursor (j/k), scrolling and
wrapping come for free; the header is a disabled first row that scrolls away
with the text. ``n``/``N`` walk the hits in reading order and the border shows
``hit 3/12``. The reader knows nothing about searching or bookmarking: the
screen asks it for ``current_passage`` and tells it what is bookmarked.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from rjtui.display import clean
from rjtui.results import ArticleMeta, ArticleView, PassageHit
from rjtui.tui.palette import follow_theme, palette_of
from rjtui.tui.render import META, article_header, passage_entry

HEADER_ROWS = 1
"""Option rows before the first passage (the header)."""


class Reader(OptionList):
    """The open article; j/k move the passage cursor, n/N jump between hits."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "hit(1)", "Next hit"),
        Binding("N", "hit(-1)", "Prev hit", show=False),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g,home", "first", "Top (title)", show=False),
        Binding("G,end", "last", "Bottom", show=False),
    ]

    class HitsEnd(Message):
        """``n`` past the last hit (``N`` before the first): ``again`` once it was said."""

        def __init__(self, step: int, again: bool) -> None:
            super().__init__()
            self.step = step
            self.again = again

    def __init__(self, *, id: str | None = None) -> None:
        # State first: OptionList's constructor already fires watch_highlighted.
        self._view: ArticleView | None = None
        self._bookmarked: set[str] = set()
        self._hits: list[tuple[int, int]] = []
        """Every hit as (passage index, hit index within the passage), reading order."""
        self._hit: int | None = None
        self._at_end = 0
        """The direction of the hits' end the user was last told about (0: none)."""
        super().__init__(Option(Text("Open an article with enter.", META), disabled=True), id=id)
        self.border_title = "Reader"

    def on_mount(self) -> None:
        follow_theme(self, self._restyle)

    def _restyle(self) -> None:
        view = self._view
        if view is not None:
            self.replace_option_prompt_at_index(0, article_header(view.meta, palette_of(self.app)))
            for i in range(len(view.passages)):
                self.replace_option_prompt_at_index(i + HEADER_ROWS, self._passage_prompt(view, i))

    @property
    def article(self) -> ArticleMeta | None:
        return self._view.meta if self._view else None

    @property
    def current_passage(self) -> PassageHit | None:
        """The passage under the cursor."""
        index = self._passage_index
        return self._view.passages[index] if self._view and index is not None else None

    @property
    def _passage_index(self) -> int | None:
        if self._view is None or self.highlighted is None:
            return None
        index = self.highlighted - HEADER_ROWS
        return index if 0 <= index < len(self._view.passages) else None

    def show(
        self, view: ArticleView, bookmarked: set[str], *, passage_id: str | None = None
    ) -> None:
        """Display ``view``; put the cursor on ``passage_id``, else on the first hit."""
        self._view = view
        self._bookmarked = set(bookmarked)
        self._hits = [
            (i, h)
            for i, passage in enumerate(view.passages)
            for h in range(len(passage.highlights))
        ]
        self._hit = None
        self._at_end = 0
        self.border_title = clean(view.meta.title) or "Reader"
        self.set_options(
            [
                Option(article_header(view.meta, palette_of(self.app)), disabled=True),
                *(
                    Option(self._passage_prompt(view, i), id=p.id)
                    for i, p in enumerate(view.passages)
                ),
            ]
        )
        ids = [p.id for p in view.passages]
        if passage_id in ids:
            self.highlighted = ids.index(passage_id) + HEADER_ROWS
        elif self._hits:
            self._go_to_hit(0)
        elif view.passages:
            self.highlighted = HEADER_ROWS
        if self.highlighted == HEADER_ROWS:
            self.scroll_home(animate=False)
        self._update_position()

    def refresh_highlights(self, view: ArticleView) -> None:
        """Same article, new query: re-show it keeping the passage cursor."""
        current = self.current_passage
        self.show(view, self._bookmarked, passage_id=current.id if current else None)

    def mark_bookmarked(self, passage_id: str) -> None:
        """Show the bookmark star on a passage."""
        self._bookmarked.add(passage_id)
        view = self._view
        if view is None:
            return
        for i, passage in enumerate(view.passages):
            if passage.id == passage_id:
                self.replace_option_prompt_at_index(i + HEADER_ROWS, self._passage_prompt(view, i))

    def _passage_prompt(self, view: ArticleView, index: int) -> Text:
        passage = view.passages[index]
        current = None
        if self._hit is not None and self._hits[self._hit][0] == index:
            current = self._hits[self._hit][1]
        return passage_entry(
            passage,
            bookmarked=passage.id in self._bookmarked,
            current_hit=current,
            palette=palette_of(self.app),
        )

    def action_hit(self, step: int) -> None:
        """Jump to the next (``1``) or previous (``-1``) hit, wrapping around."""
        if not self._hits:
            self.notify("No hits in this article for the current query.", timeout=2)
            return
        cursor = self._passage_index
        if self._hit is not None and self._hits[self._hit][0] == cursor:
            target = self._hit + step
            if not 0 <= target < len(self._hits):
                self.post_message(self.HitsEnd(step, again=self._at_end == step))
                self._at_end = step
                return
            self._at_end = 0
        else:
            at = cursor if cursor is not None else -1
            ahead = [i for i, (p, _) in enumerate(self._hits) if (p >= at if step > 0 else p <= at)]
            target = (ahead[0] if step > 0 else ahead[-1]) if ahead else (0 if step > 0 else -1)
            target %= len(self._hits)
        self._go_to_hit(target)
        self._update_position()

    def _go_to_hit(self, target: int) -> None:
        if self._view is None:
            return
        previous, self._hit = self._hit, target
        for hit in {previous, target}:
            if hit is None:
                continue
            index = self._hits[hit][0]
            prompt = self._passage_prompt(self._view, index)
            self.replace_option_prompt_at_index(index + HEADER_ROWS, prompt)
        self.highlighted = self._hits[target][0] + HEADER_ROWS

    def action_first(self) -> None:
        """The top: the first passage, scrolled so the title and byline show."""
        if self._view is not None and self._view.passages:
            self.highlighted = HEADER_ROWS
        self.scroll_home(animate=False, immediate=True)

    def action_cursor_up(self) -> None:
        """Up, stopping at the top (showing the header) instead of wrapping round."""
        if self.highlighted is None or self.highlighted <= HEADER_ROWS:
            self.action_first()
        else:
            super().action_cursor_up()

    def action_cursor_down(self) -> None:
        """Down, stopping at the last passage instead of wrapping round."""
        if self.highlighted is None or self.highlighted < self.option_count - 1:
            super().action_cursor_down()

    def action_page_up(self) -> None:
        super().action_page_up()
        if self.highlighted is not None and self.highlighted <= HEADER_ROWS:
            self.scroll_home(animate=False, immediate=True)

    def on_resize(self) -> None:
        """Re-wrapped lines move the passages: keep the cursor's passage in view."""
        self.call_after_refresh(self.scroll_to_highlight)

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        self._update_position()

    def _update_position(self) -> None:
        if self._view is None:
            return
        index = self._passage_index
        where = f"¶{index + 1}/{len(self._view.passages)}" if index is not None else ""
        hits = f"hit {self._hit + 1}/{len(self._hits)}" if self._hit is not None else ""
        if not hits and self._hits:
            hits = f"{len(self._hits)} hit{'s' * (len(self._hits) != 1)}"
        self.border_subtitle = " · ".join(part for part in (hits, where) if part)
