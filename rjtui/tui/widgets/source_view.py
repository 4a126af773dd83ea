"""The source view behind ``r`` in the reader: the article's source, line by line.

Every line of the file (for HTML and PDF, the extracted text) with a gutter
saying where it went: nothing for body text, the field for a metadata line,
``caption`` / ``note``, and for a dropped line its reason, the line dimmed. The
first row counts what was dropped. The query's hits (the words the reader
highlights) are highlighted here too and ``n``/``N`` walk them. ``k`` and ``x``
ask the screen to keep a dropped line or drop a kept one (``KeepLine`` /
``DropLine``); the view itself never writes anything.

``rjtui.ingest.sourceview`` is imported when a source is shown, not with this
module: importing it loads the whole ingest package, 100+ ms of the explorer's
start-up (its first paint and first results) for a view opened by one key.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from rjtui.display import clean
from rjtui.results import ArticleMeta, Span
from rjtui.tui.palette import follow_theme, palette_of
from rjtui.tui.render import GUTTER, META, highlighted

if TYPE_CHECKING:
    from rjtui.ingest.sourceview import SourceLine

GUTTER_WIDTH = 16
HEADER_ROWS = 1
"""Option rows before the first source line (the count of dropped lines)."""
_LABELLED = Style(bold=True)
_DROPPED = Style(dim=True)


class SourceView(OptionList):
    """The open article's source lines; ``k`` keeps, ``x`` drops, ``n``/``N`` hits."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "hit(1)", "Next hit"),
        Binding("N", "hit(-1)", "Prev hit", show=False),
        Binding("k", "keep", "Keep line"),
        Binding("x", "drop", "Drop line"),
        Binding("e", "screen.correct", "Correct"),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("g,home", "first", "Top", show=False),
        Binding("G,end", "last", "Bottom", show=False),
    ]

    class KeepLine(Message):
        """``k`` on a line that is not body text: keep it as body."""

        def __init__(self, article: ArticleMeta, line: SourceLine) -> None:
            super().__init__()
            self.article = article
            self.line = line

    class DropLine(KeepLine):
        """``x`` on a body, caption or note line: drop it."""

    def __init__(self, *, id: str | None = None) -> None:
        self._source_article: ArticleMeta | None = None
        self._source: list[SourceLine] = []
        self._source_spans: list[tuple[Span, ...]] = []
        self._source_hits: list[tuple[int, int]] = []
        """Every hit as (line index, hit index within the line), reading order."""
        self._source_hit: int | None = None
        super().__init__(id=id)
        self.border_title = "Source"

    def on_mount(self) -> None:
        follow_theme(self, self._render_all)

    @property
    def article(self) -> ArticleMeta | None:
        return self._source_article

    @property
    def current_line(self) -> SourceLine | None:
        index = self._line_index
        return self._source[index] if index is not None else None

    @property
    def summary(self) -> str:
        """The count of dropped lines shown on the first row."""
        from rjtui.ingest.sourceview import dropped_summary

        return dropped_summary(self._source)

    @property
    def _line_index(self) -> int | None:
        if self.highlighted is None:
            return None
        index = self.highlighted - HEADER_ROWS
        return index if 0 <= index < len(self._source) else None

    def show(
        self,
        article: ArticleMeta,
        lines: Sequence[SourceLine],
        hit_words: Iterable[str] = (),
        *,
        at_line: int | None = None,
    ) -> None:
        """Display ``lines``, the query's ``hit_words`` highlighted; the cursor goes to
        source line number ``at_line`` (the same line after a correction), else the
        first hit, else the first line."""
        self._source_article = article
        self._source = list(lines)
        pattern = _words_pattern(hit_words)
        self._source_spans = [_spans(line.text, pattern) for line in self._source]
        self._source_hits = [
            (i, h) for i, spans in enumerate(self._source_spans) for h in range(len(spans))
        ]
        self._source_hit = None
        self.border_title = f"Source · {clean(article.title) or article.id}"
        self._render_all()
        numbers = [line.line for line in self._source]
        if at_line in numbers:
            self.highlighted = numbers.index(at_line) + HEADER_ROWS
        elif self._source_hits:
            self._go_to_hit(0)
        elif self._source:
            self.highlighted = HEADER_ROWS
        self._update_position()

    def _render_all(self) -> None:
        if self._source_article is None:
            return
        highlighted_row = self.highlighted
        self.set_options(
            [
                Option(Text(self.summary, META), disabled=True),
                *(Option(self._prompt(i)) for i in range(len(self._source))),
            ]
        )
        if highlighted_row is not None and highlighted_row < self.option_count:
            self.highlighted = highlighted_row

    def _prompt(self, index: int) -> Table:
        """Gutter (number, where the line went) and the text, wrapped beside the gutter."""
        from rjtui.ingest.sourceview import BLANK, gutter_label

        line = self._source[index]
        current = None
        if self._source_hit is not None and self._source_hits[self._source_hit][0] == index:
            current = self._source_hits[self._source_hit][1]
        label = gutter_label(line)
        labelled = line.status not in ("body", BLANK, "dropped")
        gutter = Text(f"{line.line:>5} {label}", _LABELLED if labelled else GUTTER)
        text = highlighted(
            line.text,
            self._source_spans[index],
            current=current,
            style=_DROPPED if line.status == "dropped" else "",
            palette=palette_of(self.app),
        )
        row = Table.grid(padding=(0, 1), expand=True)
        row.add_column(width=GUTTER_WIDTH + 6, no_wrap=True, overflow="ellipsis")
        row.add_column(ratio=1)
        row.add_row(gutter, text)
        return row

    def action_keep(self) -> None:
        line = self.current_line
        if self._source_article is None or line is None or not line.text:
            return
        if line.status == "body" and not line.reason:
            self.notify("Already body text.", timeout=2)
            return
        self.post_message(self.KeepLine(self._source_article, line))

    def action_drop(self) -> None:
        line = self.current_line
        if self._source_article is None or line is None or not line.text:
            return
        if line.status == "dropped":
            self.notify(f"Already dropped ({line.reason}).", timeout=2)
            return
        if line.status not in ("body", "caption", "note"):
            self.notify("A metadata line: correct the field with e.", timeout=3)
            return
        self.post_message(self.DropLine(self._source_article, line))

    def action_hit(self, step: int) -> None:
        """Next (``1``) or previous (``-1``) hit, wrapping around."""
        if not self._source_hits:
            self.notify("No hits in this source for the current query.", timeout=2)
            return
        cursor = self._line_index if self._line_index is not None else -1
        if self._source_hit is not None and self._source_hits[self._source_hit][0] == cursor:
            target = (self._source_hit + step) % len(self._source_hits)
        else:
            ahead = [
                i
                for i, (n, _) in enumerate(self._source_hits)
                if (n > cursor if step > 0 else n < cursor)
            ]
            target = (ahead[0] if step > 0 else ahead[-1]) if ahead else (0 if step > 0 else -1)
            target %= len(self._source_hits)
        self._go_to_hit(target)
        self._update_position()

    def _go_to_hit(self, target: int) -> None:
        previous, self._source_hit = self._source_hit, target
        for hit in {previous, target}:
            if hit is not None:
                index = self._source_hits[hit][0]
                self.replace_option_prompt_at_index(index + HEADER_ROWS, self._prompt(index))
        self.highlighted = self._source_hits[target][0] + HEADER_ROWS

    def action_first(self) -> None:
        self.highlighted = HEADER_ROWS if self._source else None
        self.scroll_home(animate=False, immediate=True)

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        self._update_position()

    def _update_position(self) -> None:
        line = self.current_line
        where = f"line {line.line}/{self._source[-1].line}" if line and self._source else ""
        count = len(self._source_hits)
        hits = f"hit {self._source_hit + 1}/{count}" if self._source_hit is not None else ""
        if not hits and count:
            hits = f"{count} hit{'s' * (count != 1)}"
        self.border_subtitle = " · ".join(part for part in (hits, where, "r: article") if part)


def hit_words(passages: Iterable[tuple[str, Sequence[Span]]]) -> set[str]:
    """The words the reader highlights (``(text, highlights)`` per passage), folded."""
    return {text[start:end].casefold() for text, spans in passages for start, end in spans}


def _words_pattern(words: Iterable[str]) -> re.Pattern[str] | None:
    """One case-insensitive pattern for ``words``, longest first (phrases before words)."""
    ordered = sorted({w for w in words if w.strip()}, key=len, reverse=True)
    if not ordered:
        return None
    return re.compile("|".join(re.escape(w) for w in ordered), re.IGNORECASE)


def _spans(text: str, pattern: re.Pattern[str] | None) -> tuple[Span, ...]:
    if pattern is None or not text:
        return ()
    return tuple(match.span() for match in pattern.finditer(text))
