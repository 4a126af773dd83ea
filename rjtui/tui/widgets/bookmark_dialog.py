"""The small dialog behind ``b``: a note and tags for the passage being saved.

It shows the passage itself (as ``Text``, never markup) so the user sees
exactly what will be kept, and only returns a ``BookmarkDraft``: saving is the
caller's job, off the UI thread. The Bookmarks screen reuses it to edit.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from rjtui.bookmarks import BookmarkDraft, parse_tags
from rjtui.display import byline, clean
from rjtui.results import ArticleMeta, PassageHit
from rjtui.tui.palette import palette_of
from rjtui.tui.render import META, TITLE, highlighted


class BookmarkDialog(ModalScreen[BookmarkDraft | None]):
    """Dismissed with a ``BookmarkDraft`` on enter, ``None`` on escape."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        article: ArticleMeta,
        passage: PassageHit,
        query: str,
        *,
        note: str = "",
        tags: Sequence[str] = (),
    ) -> None:
        super().__init__()
        self.article = article
        self.passage = passage
        self.search_query = query
        self._note = note
        self._tags = tags

    def compose(self) -> ComposeResult:
        heading = Text(end="")
        heading.append(clean(self.article.title) or self.article.id, TITLE)
        heading.append(f"  ¶{self.passage.n}\n", META)
        heading.append(byline(self.article), META)
        if self.search_query.strip():
            heading.append(f"\nfound with: {clean(self.search_query)}", META)
        with Vertical(id="bookmark-dialog") as box:
            box.border_title = "Bookmark" if not self._note and not self._tags else "Edit bookmark"
            box.border_subtitle = "enter saves · tab next field · esc cancels"
            yield Static(heading, id="bookmark-heading")
            with VerticalScroll(id="bookmark-passage"):
                passage = self.passage
                palette = palette_of(self.app)
                yield Static(highlighted(passage.text, passage.highlights, palette=palette))
            yield Input(self._note, placeholder="Note (optional)", id="bookmark-note")
            yield Input(
                ", ".join(self._tags),
                placeholder="Tags, comma-separated (optional)",
                id="bookmark-tags",
            )

    def on_mount(self) -> None:
        self.query_one("#bookmark-note", Input).focus()

    @on(Input.Submitted)
    def _save(self) -> None:
        note = self.query_one("#bookmark-note", Input).value.strip()
        tags = parse_tags(self.query_one("#bookmark-tags", Input).value)
        self.dismiss(BookmarkDraft(note=note, tags=tags))

    def action_cancel(self) -> None:
        self.dismiss(None)
