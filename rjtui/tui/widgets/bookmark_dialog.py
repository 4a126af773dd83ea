"""The small dialog behind ``b``: a note and tags for the passage being saved.

It shows the passage itself (as ``Text``, never markup) so the user sees
exactly what will be kept, and only returns a ``BookmarkDraft``: saving is the
caller's job, off the UI thread. The Bookmarks screen reuses it to edit.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, Static

from rjtui.bookmarks import BookmarkDraft, parse_tags
from rjtui.display import byline, clean
from rjtui.results import ArticleMeta, PassageHit
from rjtui.tui.palette import palette_of
from rjtui.tui.render import META, TITLE, highlighted
from rjtui.tui.typeahead import TypeAheadModal


class BookmarkDialog(TypeAheadModal[BookmarkDraft | None]):
    """Dismissed with a ``BookmarkDraft`` on enter, ``None`` on escape.

    Tab moves to the next field the moment it is read (a priority binding):
    left to Textual it would first bubble up through the note field, and the
    letters typed after it would already be on their way into the note.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("tab", "field(1)", "Next field", show=False, priority=True),
        Binding("shift+tab", "field(-1)", "Previous field", show=False, priority=True),
    ]
    FIRST_FOCUS = "#bookmark-note"
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]  # noqa: RUF012 (Textual types it)
    """Below 32 rows the passage gives up its fixed cap and takes what the fields
    leave, so the note and tags always show (app.tcss)."""
    FIELDS = ("#bookmark-note", "#bookmark-tags")

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
            # No select-all on focus: a key typed when editing adds to the note
            # and tags rather than wiping them.
            yield Input(
                self._note,
                placeholder="Note (optional)",
                id="bookmark-note",
                select_on_focus=False,
            )
            yield Input(
                ", ".join(self._tags),
                placeholder="Tags, comma-separated (optional)",
                id="bookmark-tags",
                select_on_focus=False,
            )

    def action_field(self, step: int) -> None:
        """Focus the next (``1``) or previous (``-1``) field at once."""
        if self.typing_ahead:
            self.queue_key("tab" if step > 0 else "shift+tab")
            return
        fields = [self.query_one(name, Input) for name in self.FIELDS]
        current = fields.index(self.focused) if self.focused in fields else -1
        self.set_focus(fields[(current + step) % len(fields)])

    def replay_key(self, key: events.Key) -> None:
        if key.key in ("tab", "shift+tab"):
            self.action_field(1 if key.key == "tab" else -1)
        else:
            super().replay_key(key)

    @on(Input.Submitted)
    def _save(self) -> None:
        note = self.query_one("#bookmark-note", Input).value.strip()
        tags = parse_tags(self.query_one("#bookmark-tags", Input).value)
        self.dismiss(BookmarkDraft(note=note, tags=tags))

    def action_cancel(self) -> None:
        self.dismiss(None)
