"""Pure functions turning article data into ``rich.text.Text`` for the widgets.

Article text is data, never markup: everything here builds ``Text`` by
appending plain strings with styles, so ``[bold]`` or ``[@click=...]`` in an
article shows up literally and can never run an action. Every piece of
article text passes through ``strip_controls`` again at render time (ingest
already cleaned it, but an index built by an older version, or a bug, must not
be able to put an escape sequence on the user's terminal). Sanitising is done
per piece *between* highlight boundaries, so highlight offsets stay aligned
even when sanitising removes characters.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.style import Style
from rich.text import Text

from rjtui.results import ArticleHit, ArticleMeta, PassageHit, Span
from rjtui.sanitize import strip_controls

HIT = Style(bold=True, color="#1b1b1b", bgcolor="#f0c75e")
CURRENT_HIT = Style(bold=True, color="#1b1b1b", bgcolor="#ff7f50", underline=True)
TITLE = Style(bold=True)
META = Style(dim=True)
TOPICS = Style(italic=True, color="#6fa8a0")
GUTTER = Style(dim=True)
BOOKMARK = Style(bold=True, color="#e0a030")
ELLIPSIS = "…"


def clean(text: str | None) -> str:
    """Article text made safe for a terminal: control characters removed."""
    return strip_controls(text) if text else ""


def highlighted(
    text: str,
    highlights: Sequence[Span] = (),
    *,
    current: int | None = None,
    style: Style | str = "",
) -> Text:
    """``text`` with each highlight span styled as a hit (``current`` indexes the
    hit shown as the reader's current one); overlapping or out-of-range spans
    are clipped rather than trusted."""
    out = Text(style=style, end="")
    pos = 0
    for index, (start, end) in enumerate(sorted(highlights)):
        start, end = max(start, pos), min(end, len(text))
        if start >= end:
            continue
        out.append(clean(text[pos:start]))
        out.append(clean(text[start:end]), CURRENT_HIT if index == current else HIT)
        pos = end
    out.append(clean(text[pos:]))
    return out


def window(text: str, highlights: Sequence[Span], width: int) -> tuple[str, tuple[Span, ...]]:
    """A ``width``-character excerpt of ``text`` around its first hit, cut at word
    boundaries with ellipses, and the hit spans shifted to match."""
    if len(text) <= width:
        return text, tuple(highlights)
    first = min((s for s, _ in highlights), default=0)
    start = max(0, first - width // 3)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start + width // 2 else end
    prefix = ELLIPSIS if start else ""
    suffix = ELLIPSIS if end < len(text) else ""
    shift = len(prefix) - start
    spans = tuple(
        (max(s, start) + shift, min(e, end) + shift) for s, e in highlights if e > start and s < end
    )
    return prefix + text[start:end] + suffix, spans


def join(parts: Iterable[str | None], sep: str = " · ") -> str:
    """Non-empty, cleaned parts joined (metadata lines skip what an article lacks)."""
    return sep.join(clean(p) for p in parts if p)


def meta_line(meta: ArticleMeta) -> str:
    """Authors · date · source: the line under a title."""
    return join([", ".join(meta.authors), meta.date, meta.source])


TOPICS_IN_RESULT = 3
"""Topics listed per result (the rest as ``+N``): the reader header has them all."""


def result_entry(hit: ArticleHit, *, snippet_width: int = 160) -> Text:
    """One result: title, metadata with the match count, topics, 1-3 snippets."""
    meta = hit.meta
    out = Text(end="")
    out.append(clean(meta.title) or meta.id, TITLE)
    line = meta_line(meta)
    matches = f"{hit.matched_passages} matching passage{'s' * (hit.matched_passages != 1)}"
    out.append("\n" + join([line, matches] if hit.matched_passages else [line]), META)
    if meta.topics:
        more = len(meta.topics) - TOPICS_IN_RESULT
        topics = join(meta.topics[:TOPICS_IN_RESULT], ", ") + (f" +{more}" if more > 0 else "")
        out.append("\n" + topics, TOPICS)
    for passage in hit.passages[:3]:
        text, spans = window(passage.text, passage.highlights, snippet_width)
        out.append("\n  ")
        out.append_text(highlighted(text, spans))
    return out


def article_header(meta: ArticleMeta) -> Text:
    """The reader's header: title, subtitle, authors (with note), date, source, topics."""
    out = Text(end="")
    out.append(clean(meta.title) or meta.id, Style(bold=True, underline=True))
    if meta.subtitle:
        out.append("\n" + clean(meta.subtitle), Style(italic=True))
    if meta.authors:
        out.append("\n" + ", ".join(clean(a) for a in meta.authors), Style(bold=True))
    if meta.author_note:
        out.append("\n" + clean(meta.author_note), META)
    details = join([meta.date, meta.source, meta.section])
    if details:
        out.append("\n" + details, META)
    if meta.topics:
        out.append("\n" + join(meta.topics, ", "), TOPICS)
    return out


def passage_entry(
    passage: PassageHit, *, bookmarked: bool = False, current_hit: int | None = None
) -> Text:
    """A reader passage: ``¶n`` gutter, bookmark star, text with every hit styled,
    and a blank line after it, as between paragraphs on a page."""
    out = Text(end="")
    out.append("★ " if bookmarked else "  ", BOOKMARK)
    out.append(f"¶{passage.n} ", GUTTER)
    out.append_text(highlighted(passage.text, passage.highlights, current=current_hit))
    out.append("\n")
    return out
