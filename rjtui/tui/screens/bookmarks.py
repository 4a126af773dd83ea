"""The Bookmarks screen behind ``B``: browse, filter, edit, delete, export.

Bookmarks are listed by article (reading order inside each); the filter
takes words (matched in the passage, note, tags, title and authors) and
``#tag`` terms. Every change goes through ``BookmarkStore`` in a worker
thread (a locked, fsynced write must never freeze the UI), then the list is
re-read from the file, so what is shown is always what is saved. When given a
corpus lookup the screen re-anchors bookmarks and shows which ones moved or
lost their passage.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from rjtui.bookmarks import (
    EXPORT_FORMATS,
    Anchored,
    AnchorStatus,
    Bookmark,
    BookmarkDraft,
    BookmarkStore,
    Lookup,
    export_path,
    export_text,
    group_by_article,
)
from rjtui.display import byline, clean
from rjtui.errors import RjtuiError
from rjtui.safefile import atomic_write
from rjtui.tui.palette import PLAIN, Palette, palette_of
from rjtui.tui.render import META, TITLE
from rjtui.tui.widgets.bookmark_dialog import BookmarkDialog

PREVIEW_CHARS = 240


def matches(bookmark: Bookmark, terms: Sequence[str]) -> bool:
    """All ``terms`` match: ``#tag`` a tag exactly, a word anywhere (case-insensitive)."""
    tags = {t.casefold() for t in bookmark.tags}
    haystack = " ".join(
        [
            bookmark.passage.text,
            bookmark.note,
            bookmark.article.title,
            *bookmark.article.authors,
            *bookmark.tags,
        ]
    ).casefold()
    return all(
        term[1:] in tags if term.startswith("#") and len(term) > 1 else term in haystack
        for term in (t.casefold() for t in terms)
    )


def bookmark_line(bookmark: Bookmark, anchored: Anchored | None, palette: Palette = PLAIN) -> Text:
    """``¶n [status] passage…  #tags — note`` for one bookmark."""
    out = Text(end="")
    passage = anchored.passage if anchored is not None else None
    out.append(f"  ¶{passage.n if passage else bookmark.passage.n} ", META)
    if anchored is not None and anchored.status is not AnchorStatus.SAME:
        out.append(f"[{anchored.status.value}] ", palette.bookmark)
    text = " ".join(clean(bookmark.passage.text).split())
    out.append(text if len(text) <= PREVIEW_CHARS else text[: PREVIEW_CHARS - 1] + "…")
    if bookmark.tags:
        out.append("  " + " ".join(f"#{clean(t)}" for t in bookmark.tags), palette.topics)
    if bookmark.note:
        out.append(f"  — {clean(bookmark.note)}", palette.bookmark)
    return out


class ExportFormatDialog(ModalScreen[str | None]):
    """Pick an export format; dismissed with its name or ``None``."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        formats = OptionList(*[Option(Text(f), id=f) for f in EXPORT_FORMATS], id="export-formats")
        formats.border_title = "Export as"
        formats.border_subtitle = "enter chooses · esc cancels"
        yield formats

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class BookmarksScreen(ModalScreen[tuple[str, str] | None]):
    """Dismissed with ``(article_id, passage_id)`` when a bookmark is opened."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("slash", "focus_filter", "Filter"),
        Binding("e", "edit", "Edit"),
        Binding("d", "delete", "Delete"),
        Binding("u", "undo", "Undo"),
        Binding("x", "export", "Export"),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    def __init__(self, store: BookmarkStore, *, lookup: Lookup | None = None) -> None:
        super().__init__()
        self.store = store
        self._lookup = lookup
        self._bookmarks: list[Bookmark] = []
        self._anchors: dict[str, Anchored] = {}
        self._undo: list[Bookmark] = []
        self._busy = False

    def compose(self) -> ComposeResult:
        with Vertical(id="bookmarks") as box:
            box.border_title = "Bookmarks"
            box.border_subtitle = (
                "enter opens · / filter · e edit · d delete · u undo · x export · esc closes"
            )
            yield Input(placeholder="Filter: words or #tag  (/)", id="bookmarks-filter")
            yield OptionList(Option(Text("Loading…", META), disabled=True), id="bookmarks-list")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self._change(None)

    # --------------------------------------------------------------- reading

    @property
    def shown(self) -> list[Bookmark]:
        """The bookmarks the filter lets through, in file order."""
        terms = self.query_one("#bookmarks-filter", Input).value.split()
        return [b for b in self._bookmarks if matches(b, terms)]

    def _show(self, bookmarks: list[Bookmark], anchors: list[Anchored]) -> None:
        self._bookmarks = bookmarks
        self._anchors = {a.bookmark.id: a for a in anchors}
        self._render_list()

    def _render_list(self) -> None:
        listing = self.query_one(OptionList)
        keep = listing.highlighted
        shown = self.shown
        options: list[Option] = []
        palette = palette_of(self.app)
        for meta, items in group_by_article(shown):
            header = Text(clean(meta.title) or meta.id, TITLE)
            header.append(f"  {byline(meta)}", META)
            options.append(Option(header, disabled=True))
            options += [
                Option(bookmark_line(b, self._anchors.get(b.id), palette), id=b.id) for b in items
            ]
        if not options:
            empty = "No bookmarks match the filter." if self._bookmarks else "No bookmarks yet."
            options = [Option(Text(empty, META), disabled=True)]
        listing.set_options(options)
        if keep is not None:
            listing.highlighted = min(keep, listing.option_count - 1)
        current = listing.highlighted_option
        if current is None or current.disabled:
            listing.action_cursor_down()
        box = self.query_one("#bookmarks")
        box.border_title = f"Bookmarks · {len(shown)} of {len(self._bookmarks)}"

    def _selected(self) -> Bookmark | None:
        option = self.query_one(OptionList).highlighted_option
        if option is None or option.id is None:
            return None
        return next((b for b in self._bookmarks if b.id == option.id), None)

    # --------------------------------------------------------------- changes

    @work(thread=True, group="bookmarks-io")
    def _change(self, operation: Callable[[], str] | None) -> None:
        """Run ``operation`` (a store write returning a message) then re-read the file."""
        message = None
        try:
            if operation is not None:
                message = operation()
            bookmarks = self.store.load()
            anchors = self.store.reanchor(self._lookup) if self._lookup else []
        except RjtuiError as exc:
            self.app.call_from_thread(self._failed, str(exc))
            return
        self.app.call_from_thread(self._done, bookmarks, anchors, message)

    def _done(
        self, bookmarks: list[Bookmark], anchors: list[Anchored], message: str | None
    ) -> None:
        self._busy = False
        self._show(bookmarks, anchors)
        if message:
            self.notify(message, timeout=4)

    def _failed(self, error: str) -> None:
        self._busy = False
        self.notify(clean(error), severity="error", timeout=10)
        if not self._bookmarks:
            self.query_one(OptionList).set_options(
                [Option(Text(clean(error), META), disabled=True)]
            )

    def _start(self, operation: Callable[[], str]) -> None:
        if self._busy:
            return
        self._busy = True
        self._change(operation)

    def action_edit(self) -> None:
        bookmark = self._selected()
        if bookmark is None:
            return

        def save(draft: BookmarkDraft | None) -> None:
            if draft is None:
                return

            def update() -> str:
                self.store.update(bookmark.id, note=draft.note, tags=draft.tags)
                return "Bookmark updated."

            self._start(update)

        dialog = BookmarkDialog(
            bookmark.article,
            bookmark.passage,
            bookmark.query,
            note=bookmark.note,
            tags=bookmark.tags,
        )
        self.app.push_screen(dialog, save)

    def action_delete(self) -> None:
        bookmark = self._selected()
        if bookmark is not None:

            def delete() -> str:
                self._undo.append(self.store.remove(bookmark.id))
                return "Bookmark deleted · u to undo"

            self._start(delete)

    def action_undo(self) -> None:
        if not self._undo:
            self.notify("Nothing to undo.", timeout=2)
            return
        bookmark = self._undo.pop()

        def restore() -> str:
            self.store.restore(bookmark)
            return "Bookmark restored."

        self._start(restore)

    def action_export(self) -> None:
        chosen = self.shown

        def write(fmt: str | None) -> None:
            if fmt is None:
                return

            def export() -> str:
                path = export_path(self.store.path, fmt)
                try:
                    atomic_write(path, export_text(chosen, fmt))
                except OSError as exc:
                    raise RjtuiError(f"{path}: cannot write ({exc.strerror or exc})") from None
                return f"Exported {len(chosen)} bookmark{'s' * (len(chosen) != 1)} to {path}"

            self._start(export)

        self.app.push_screen(ExportFormatDialog(), write)

    # ------------------------------------------------------------ navigation

    @on(Input.Changed, "#bookmarks-filter")
    def _filter(self) -> None:
        self._render_list()

    @on(Input.Submitted, "#bookmarks-filter")
    def _filter_done(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected, "#bookmarks-list")
    def _open(self, event: OptionList.OptionSelected) -> None:
        bookmark = next((b for b in self._bookmarks if b.id == event.option.id), None)
        if bookmark is not None:
            anchored = self._anchors.get(bookmark.id)
            passage_id = anchored.passage_id if anchored else bookmark.passage.id
            self.dismiss((bookmark.article.id, passage_id))

    def action_focus_filter(self) -> None:
        self.query_one("#bookmarks-filter", Input).focus()

    def action_cursor_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    def action_close(self) -> None:
        self.dismiss(None)
