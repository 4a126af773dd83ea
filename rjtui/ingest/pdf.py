"""PDF reports -> text lines with page furniture marked, and the document's own metadata.

pypdf reads the text layer; its text visitor gives each run's position and font
size, from which the layout is rebuilt: lines by baseline, columns by where lines
start, paragraph breaks by vertical gaps, footnotes by small type at the page
foot, running heads and feet by lines repeated at page tops and bottoms, page
numbers by shape. pdfminer.six does the same layout analysis itself but was
6-7x slower on the same reports (9 vs 58 pages/s on one core) for no better
paragraphs on typeset text, so it is not used.
"""

from __future__ import annotations

import io
import itertools
import logging
import re
from collections import Counter
from dataclasses import dataclass, field

from rjtui.ingest.errors import SkipFile
from rjtui.ingest.names import parse_names
from rjtui.ingest.textutil import squash

_SAME_LINE = 2.0  # points: runs on one baseline
_GAP = 1.45  # a vertical gap this many times the usual leading ends a paragraph
_SMALL = 0.88  # type this much smaller than the body is a note, head or foot
_COLUMN_SHARE = 0.25  # this share of lines starting right of the middle: two columns
_EDGE_LINES = 2  # lines at a page top or bottom that can be running heads or feet
_PAGE_NUMBER = re.compile(
    r"[-–—]?\s*\d{1,4}\s*[-–—]?|(?:page|p\.|стр\.?|страница)\s*\d{1,4}(?:\s*(?:of|из|/)\s*\d+)?"
    r"|\d{1,4}\s*/\s*\d{1,4}|[ivxlc]{1,6}",
    re.IGNORECASE,
)
_FOOTNOTE = re.compile(r"\d{1,3}[.)]?\s+\S|[*†‡]\s*\S")
_NOTE_NUMBER = re.compile(r"(?:注|※|\*)?\s*[\[(（]?(?P<n>\d{1,3})[\])）.]?\s+\S")
_NOTE_HINT = re.compile(
    r"\b(?:1[89]|20)\d\d\b|[12][0-9０-９]{3}|\bp{1,2}\.\s*\d|\bс(?:тр)?\.\s*\d|頁|ページ"
    r"|https?://|www\.|\bibid\b|там же|同上|前掲",
    re.IGNORECASE,
)
_SHORT_LINE = 0.6  # a line this much shorter than the page's full lines ends its paragraph
_MAX_NOTE_LINES = 12
_JUNK_TITLE = re.compile(
    r"^(?:microsoft (?:word|powerpoint)|untitled)|\.(?:docx?|pdf|indd|tex)$", re.I
)


@dataclass
class _Line:
    page: int
    x: float
    y: float
    size: float
    text: str


@dataclass
class PdfText:
    """The extracted lines (blank between paragraphs) and what they are not."""

    lines: list[str] = field(default_factory=list)
    dropped: dict[int, str] = field(default_factory=dict)
    """Line index -> reason (running head, page number)."""
    notes: dict[int, str] = field(default_factory=dict)
    """Line index -> footnote text (a note's continuation lines are joined to it)."""
    title: str | None = None
    authors: tuple[str, ...] = ()
    pages: int = 0


def extract_pdf(data: bytes) -> PdfText:
    """The text of a PDF, or ``SkipFile`` (encrypted, no text layer, broken)."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # warnings about sloppy files
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise SkipFile("encrypted PDF (a password is needed to read it)")
        pages = [_page_lines(n, page) for n, page in enumerate(reader.pages)]
        info = reader.metadata
    except SkipFile:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError) as exc:
        message = str(exc).split("\n")[0][:120] or type(exc).__name__
        raise SkipFile(f"broken PDF ({message})") from None
    except NotImplementedError as exc:
        raise SkipFile(f"PDF not supported ({exc})") from None
    if not any(line.text.strip() for page in pages for line in page):
        raise SkipFile("no text layer (scanned?)")
    out = _layout(pages)
    out.pages = len(pages)
    doc_title = squash(str(info.title)) if info and info.title else ""
    if not out.title and doc_title and not _JUNK_TITLE.search(doc_title):
        out.title = doc_title
    doc_author = squash(str(info.author)) if info and info.author else ""
    out.authors = parse_names(doc_author) or () if doc_author else ()
    return out


def _page_lines(number: int, page: object) -> list[_Line]:
    """The runs of one page grouped into lines by baseline, in reading order."""
    runs: list[tuple[float, float, float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if not text.strip("\n"):
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        scale = abs(tm[3] * cm[3]) or 1.0
        runs.append((x, y, size * scale, text.replace("\n", " ")))

    page.extract_text(visitor_text=visit)  # type: ignore[attr-defined]
    lines: list[_Line] = []
    for x, y, size, text in runs:
        last = lines[-1] if lines else None
        if last is not None and abs(last.y - y) <= _SAME_LINE and x >= last.x:
            glue = "" if last.text.endswith(" ") or text.startswith(" ") else " "
            last.text += glue + text
            last.size = max(last.size, size)
        else:
            lines.append(_Line(number, x, y, size, text))
    for line in lines:
        line.text = squash(line.text)
    return [line for line in lines if line.text]


def _layout(pages: list[list[_Line]]) -> PdfText:
    sizes: Counter[float] = Counter()
    for page in pages:
        for line in page:
            sizes[round(line.size, 1)] += len(line.text)
    body = sizes.most_common(1)[0][0]
    heads = _repeated_edges(pages)
    out = PdfText()
    first = pages[0] if pages else []
    big = [line for line in first[:6] if line.size >= body * 1.2]
    if big:
        top = max(line.size for line in big)
        out.title = squash(" ".join(line.text for line in big if line.size == top))
    noted = 0
    orders = [_reading_order(page) for page in pages]
    # measured over the whole document: a first page may hold a title block and two lines
    leading = _leading([line for ordered in orders for line in ordered], body)
    full = _full_line([line for ordered in orders for line in ordered], body)
    for ordered in orders:
        foot = _foot_notes(ordered, leading, heads, noted + 1)
        previous: _Line | None = None
        open_note: int | None = None
        for i, line in enumerate(ordered):
            edge = i < _EDGE_LINES or i >= len(ordered) - _EDGE_LINES
            key = _edge_key(line.text)
            reason = None
            if edge and _PAGE_NUMBER.fullmatch(line.text):
                reason = "page number"
            elif edge and key in heads:
                reason = "running head"
            if previous is not None and (
                abs(previous.y - line.y) > leading * _GAP
                or previous.x != line.x
                or len(previous.text) < full * _SHORT_LINE  # the last line of a paragraph
            ):
                out.lines.append("")
            if reason:
                out.dropped[len(out.lines)] = reason
                out.lines.append(line.text)
                previous = None
                continue
            is_small = line.size <= body * _SMALL
            below = previous is not None and line.y < previous.y
            if i in foot or (
                is_small and below and _FOOTNOTE.match(line.text) and i > len(ordered) // 2
            ):
                open_note = len(out.lines)
                out.notes[open_note] = line.text
                noted += 1
            elif (is_small or i > min(foot, default=len(ordered))) and open_note is not None:
                out.notes[open_note] += " " + line.text
                out.notes[len(out.lines)] = ""  # a continuation: joined to its note
            else:
                open_note = None
            out.lines.append(line.text)
            previous = line
        out.lines.append("")
    return out


def _full_line(lines: list[_Line], body: float) -> float:
    """The length, in characters, of a full line of body text on the page."""
    lengths = sorted(len(line.text) for line in lines if abs(line.size - body) < 0.5)
    return float(lengths[len(lengths) * 3 // 4]) if len(lengths) >= 4 else 0.0


def _foot_notes(lines: list[_Line], leading: float, heads: set[str], first: int) -> set[int]:
    """Where the notes at the page foot start, when they are set in the body's own type
    (small type is found line by line): the block under the page's last gap, each note
    numbered on from the document's last one (``first``) and reading like a reference
    (a year, a page, a URL). A last paragraph that opens with a number is not one."""
    end = len(lines)
    while end and (
        _PAGE_NUMBER.fullmatch(lines[end - 1].text) or _edge_key(lines[end - 1].text) in heads
    ):
        end -= 1
    start = end - 1
    while start > 0 and end - start <= _MAX_NOTE_LINES:
        if lines[start - 1].y - lines[start].y > leading * _GAP:
            break
        start -= 1
    if start <= 0 or end - start > _MAX_NOTE_LINES:
        return set()
    starts: set[int] = set()
    expected = first
    for i in range(start, end):
        match = _NOTE_NUMBER.match(lines[i].text)
        if match and int(match["n"]) == expected:
            starts.add(i)
            expected += 1
        elif i == start:
            return set()
    block = " ".join(line.text for line in lines[start:end])
    return starts if len(_NOTE_HINT.findall(block)) >= len(starts) else set()


def _reading_order(page: list[_Line]) -> list[_Line]:
    """Top to bottom; on a two-column page, the left column before the right one
    (full-width lines above the columns stay first)."""
    if not page:
        return []
    right = max(line.x for line in page)
    left = min(line.x for line in page)
    middle = left + (right - left) / 2 if right > left else left
    starts_right = [line for line in page if line.x >= middle and right - left > 100]
    by_height = sorted(page, key=lambda line: (-line.y, line.x))
    if len(starts_right) < _COLUMN_SHARE * len(page):
        return by_height
    column_top = max(line.y for line in starts_right)
    above = [line for line in by_height if line.y > column_top + _SAME_LINE]
    rest = [line for line in by_height if line.y <= column_top + _SAME_LINE]
    return (
        above
        + [line for line in rest if line.x < middle]
        + [line for line in rest if line.x >= middle]
    )


def _leading(lines: list[_Line], body: float) -> float:
    """The usual distance between consecutive lines of body text."""
    gaps = Counter(
        round(a.y - b.y)
        for a, b in itertools.pairwise(lines)
        if 0 < a.y - b.y < body * 3 and a.x == b.x
    )
    return float(gaps.most_common(1)[0][0]) if gaps else body * 1.2


def _edge_key(text: str) -> str:
    return re.sub(r"\d+", "#", text.casefold()).strip()


def _repeated_edges(pages: list[list[_Line]]) -> set[str]:
    """Lines seen at the top or bottom of at least two pages (and half of them)."""
    if len(pages) < 2:
        return set()
    counts: Counter[str] = Counter()
    for page in pages:
        ordered = sorted(page, key=lambda line: -line.y)
        edges = ordered[:_EDGE_LINES] + ordered[-_EDGE_LINES:]
        counts.update({_edge_key(line.text) for line in edges})
    need = max(2, len(pages) // 2)
    return {key for key, n in counts.items() if n >= need and key}
