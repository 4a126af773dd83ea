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

from collections.abc import Sequence

from rich.style import Style
from rich.text import Text

from rjtui.display import byline, clean, join, styled_hits, window
from rjtui.results import ArticleHit, ArticleMeta, PassageHit, Span
from rjtui.tui.palette import PLAIN, Palette

TITLE = Style(bold=True)
META = Style(dim=True)
GUTTER = Style(dim=True)


def highlighted(
    text: str,
    highlights: Sequence[Span] = (),
    *,
    current: int | None = None,
    style: Style | str = "",
    palette: Palette = PLAIN,
) -> Text:
    """``text`` with its hits styled as the explorer shows them (see ``styled_hits``)."""
    hit, current_hit = palette.hit, palette.current_hit
    return styled_hits(text, highlights, hit, current=current, current_hit=current_hit, style=style)


TOPICS_IN_RESULT = 3
"""Topics listed per result (the rest as ``+N``): the reader header has them all."""


def result_entry(hit: ArticleHit, *, snippet_width: int = 160, palette: Palette = PLAIN) -> Text:
    """One result: title, metadata with the match count, topics, 1-3 snippets."""
    meta = hit.meta
    out = Text(end="")
    out.append(clean(meta.title) or meta.id, TITLE)
    line = byline(meta)
    matches = f"{hit.matched_passages} matching passage{'s' * (hit.matched_passages != 1)}"
    out.append("\n" + join([line, matches] if hit.matched_passages else [line]), META)
    if meta.topics:
        more = len(meta.topics) - TOPICS_IN_RESULT
        topics = join(meta.topics[:TOPICS_IN_RESULT], ", ") + (f" +{more}" if more > 0 else "")
        out.append("\n" + topics, palette.topics)
    for passage in hit.passages[:3]:
        text, spans = window(passage.text, passage.highlights, snippet_width)
        out.append("\n  ")
        out.append_text(highlighted(text, spans, palette=palette))
    return out


def article_header(meta: ArticleMeta, palette: Palette = PLAIN) -> Text:
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
        out.append("\n" + join(meta.topics, ", "), palette.topics)
    return out


def passage_entry(
    passage: PassageHit,
    *,
    bookmarked: bool = False,
    current_hit: int | None = None,
    palette: Palette = PLAIN,
) -> Text:
    """A reader passage: ``¶n`` gutter, bookmark star, text with every hit styled,
    and a blank line after it, as between paragraphs on a page."""
    out = Text(end="")
    out.append("★ " if bookmarked else "  ", palette.bookmark)
    out.append(f"¶{passage.n} ", GUTTER)
    out.append_text(
        highlighted(passage.text, passage.highlights, current=current_hit, palette=palette)
    )
    out.append("\n")
    return out
