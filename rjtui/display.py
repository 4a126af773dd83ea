"""Article data as shown to a person, the same in the CLI and the TUI.

Strings, offsets and ``rich.text.Text`` (never Textual): each front end picks
the styles. Article text is data, never markup: ``Text`` is built by appending
plain strings. Every piece of article text passes through ``strip_controls``
here, on the way out, whatever ingest did on the way in; sanitising is done
per piece *between* highlight boundaries, so offsets stay aligned even when it
removes characters.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from rich.style import Style
from rich.text import Text

from rjtui.corpus import ArticleMeta
from rjtui.results import Span
from rjtui.sanitize import strip_controls

ELLIPSIS = "…"


def clean(text: str | None) -> str:
    """Article text made safe for a terminal: control characters removed."""
    return strip_controls(text) if text else ""


def join(parts: Iterable[str | None], sep: str = " · ") -> str:
    """Non-empty, cleaned parts joined (metadata lines skip what an article lacks)."""
    return sep.join(clean(p) for p in parts if p)


def corpus_name(path: str, corpus_dirs: Iterable[Path]) -> str:
    """A file named from its corpus folder (``sub/page.html``), cleaned for a terminal.

    A notice has a few dozen columns: the absolute path of a temp or home folder
    would fill them and push the one part a person recognises, the file's own
    name, off the end of a wrapped toast. A file outside every folder keeps its
    full path.
    """
    for folder in corpus_dirs:
        try:
            return clean(str(Path(path).relative_to(folder)))
        except ValueError:
            continue
    return clean(path)


def byline(meta: ArticleMeta) -> str:
    """Authors · date · source: the line under a title, in results and ``rjtui search``."""
    return join([", ".join(meta.authors), meta.date, meta.source])


def window(text: str, highlights: Sequence[Span], width: int) -> tuple[str, tuple[Span, ...]]:
    """A ``width``-character excerpt of ``text`` around its first hit, cut at word
    boundaries with ellipses, and the hit spans shifted to match (the snippet of
    a result, in the CLI and the TUI)."""
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


def styled_hits(
    text: str,
    highlights: Sequence[Span],
    hit: Style | str,
    *,
    current: int | None = None,
    current_hit: Style | str = "",
    style: Style | str = "",
) -> Text:
    """``text`` with each highlight span styled ``hit`` (the ``current``-th one
    ``current_hit``); overlapping or out-of-range spans are clipped, not trusted."""
    out = Text(style=style, end="")
    pos = 0
    for index, (start, end) in enumerate(sorted(highlights)):
        start, end = max(start, pos), min(end, len(text))
        if start >= end:
            continue
        out.append(clean(text[pos:start]))
        out.append(clean(text[start:end]), current_hit if index == current else hit)
        pos = end
    out.append(clean(text[pos:]))
    return out
