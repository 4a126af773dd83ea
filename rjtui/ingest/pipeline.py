"""One raw file -> one ``Article``: the ingest steps in order.

decode -> NFC + control stripping -> front matter -> line furniture removed
-> blocks/units (reflowed if hard-wrapped) -> header metadata | body ->
teasers cut, sign-off and notes split off -> passages with ids and topics.
Pure: the result depends on the file bytes, its relative path and the config.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from rjtui.config import Config
from rjtui.corpus import Article
from rjtui.corrections.model import Correction
from rjtui.ingest.boilerplate import boilerplate_reason, is_running_head, running_heads
from rjtui.ingest.corrected import apply_fields, apply_lines
from rjtui.ingest.dates import copyright_year, update_date, url_year, with_year
from rjtui.ingest.decode import decode_bytes
from rjtui.ingest.errors import SkipFile
from rjtui.ingest.html import extract_html
from rjtui.ingest.language import detect_language
from rjtui.ingest.ledger import CAPTIONS, DROPPED, METADATA, NOTES, Ledger
from rjtui.ingest.markdown import split_front_matter, strip_markup
from rjtui.ingest.metadata import (
    Metadata,
    dateline_agency,
    is_metadata_line,
    parse_header,
    parse_signoff,
    parse_trailer,
)
from rjtui.ingest.notes import (
    is_citation_block,
    split_url_notes,
    strip_markers,
    trailing_notes,
)
from rjtui.ingest.passages import build_passages
from rjtui.ingest.pdf import extract_pdf
from rjtui.ingest.reflow import Lexicon, is_wrapped
from rjtui.ingest.structure import (
    Unit,
    body_start,
    body_texts,
    cut_teasers,
    make_units,
    merge_page_breaks,
    split_blocks,
)
from rjtui.ingest.templates import template_count
from rjtui.ingest.textutil import size, squash
from rjtui.ingest.wiki import read_wiki
from rjtui.sanitize import strip_controls

KINDS = {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html",
         ".htm": "html", ".pdf": "pdf"}  # fmt: skip
"""File suffix -> how it is read."""
_FALLBACK_TITLE_CHARS = 80
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’»)]*\s|(?<=[。！？])")
_TYPOGRAPHY = (
    ("\u00a0", " "),  # no-break space
    ("\u2028", "\n"),  # line separator
    ("\u2029", "\n"),  # paragraph separator
    ("\u00ad\n", ""),  # soft hyphen at a line end: one word split by the typesetter
    ("\u00ad", ""),  # other soft hyphens: invisible, but they split words for search
    ("\ufb00", "ff"),  # PDF ligatures, so that "ﬁnancial" is found as "financial"
    ("\ufb01", "fi"),
    ("\ufb02", "fl"),
    ("\ufb03", "ffi"),
    ("\ufb04", "ffl"),
    ("\ufb05", "st"),
    ("\ufb06", "st"),
)
_SIGNOFF_WINDOW = 2
_SITE_WORDS = 6
_SITE_SEPARATOR = re.compile(r"[|–—\-:｜/·•]")


@dataclass
class Source:
    """The text to ingest, one source line per line, and what the format reader knows."""

    text: str
    meta: Metadata = field(default_factory=Metadata)
    warnings: tuple[str, ...] = ()
    wrapped: bool | None = None
    """Hard-wrapped (PDF); ``None``: decided from the text."""
    dropped: dict[int, str] = field(default_factory=dict)
    """Line index -> reason, for lines the reader already knows are furniture."""
    notes: dict[int, str] = field(default_factory=dict)
    """Line index -> footnote text ("" for a continuation line joined to its note)."""
    first_line: int = 1
    """Number of the text's first line in the file (after front matter)."""
    site: str | None = None
    """The publishing site's own name (a web page's meta tags): the source only when
    nothing in the text names one (a "Source:" line, an agency credit or dateline)."""
    year: int | None = None
    """The year the page's copyright line gives, for a date printed without one."""
    captions: dict[int, str] = field(default_factory=dict)
    """Line index -> caption, for lines the reader knows are captions (``<figcaption>``)."""


def read_source(data: bytes, kind: str) -> Source:
    """The lines of a raw file as ingest sees them: ``kind`` is text, markdown, html or pdf."""
    if kind == "html":
        page = extract_html(data)
        lines = _clean_text(page.text).split("\n")
        captions = _appended(lines, page.extras.captions)
        notes = _appended(lines, page.extras.notes)
        text = "\n".join(lines)
        return _wiki_layout(
            Source(text, page.meta, (), False, {}, notes, 1, page.site, page.year, captions)
        )
    if kind == "pdf":
        pdf = extract_pdf(data)
        lines = [_clean_text(line).replace("\n", " ") for line in pdf.lines]
        meta = Metadata(title=pdf.title, authors=pdf.authors)
        return Source("\n".join(lines), meta, (), True, pdf.dropped, pdf.notes)
    text, warnings = _decode(data)
    meta, body, front_warnings = split_front_matter(text)
    if kind == "markdown":
        body = strip_markup(body)
    first = text[: len(text) - len(body)].count("\n") + 1
    return _wiki_layout(Source(body, meta, warnings + front_warnings, first_line=first))


def _wiki_layout(source: Source) -> Source:
    """``source`` with a wiki page's furniture marked and "[edit]" links taken off its
    headings (a web or text layout; a PDF has none)."""
    page = read_wiki(source.text.split("\n"))
    if page is None:
        return source
    dropped = {**page.dropped, **source.dropped}
    return dataclasses.replace(
        source, text="\n".join(page.lines), dropped=dropped, site=source.site or page.site
    )


def _appended(lines: list[str], extra: list[str]) -> dict[int, str]:
    """Add ``extra`` (captions, notes the page reader took apart) as lines after the
    text: ``{line index: text}``, so that the ledger accounts for them like any line."""
    found = {}
    for text in extra:
        lines += ["", _clean_text(text).replace("\n", " ")]
        found[len(lines) - 1] = lines[-1]
    return found


def ingest_bytes(
    data: bytes,
    config: Config,
    *,
    article_id: str,
    path: str,
    kind: str,
    content_hash: str | None = None,
    templates: Mapping[str, int] | None = None,
) -> Article:
    """The article in ``data``; ``SkipFile`` when it holds none. ``content_hash`` is
    the hash of ``data`` when the caller already computed it while reading;
    ``templates`` the line keys that are site chrome in its folder (``templates.py``)."""
    return trace_bytes(
        data,
        config,
        article_id=article_id,
        path=path,
        kind=kind,
        content_hash=content_hash,
        templates=templates,
    )[0]


def trace_bytes(
    data: bytes,
    config: Config,
    *,
    article_id: str,
    path: str,
    kind: str,
    content_hash: str | None = None,
    templates: Mapping[str, int] | None = None,
    correction: Correction | None = None,
) -> tuple[Article, Ledger]:
    """The article and the ledger of where each of its source lines went;
    ``correction`` is the user's, applied after every heuristic."""
    return trace_source(
        read_source(data, kind),
        config,
        article_id=article_id,
        path=path,
        content_hash=content_hash or hashlib.blake2b(data, digest_size=16).hexdigest(),
        templates=templates,
        correction=correction,
    )


def trace_source(
    source: Source,
    config: Config,
    *,
    article_id: str,
    path: str,
    content_hash: str,
    templates: Mapping[str, int] | None = None,
    correction: Correction | None = None,
) -> tuple[Article, Ledger]:
    """``trace_bytes`` for a file already read with ``read_source`` (the index builder
    reads every file once, counts its lines for template detection, then ingests it)."""
    meta = source.meta
    lexicon = Lexicon(source.text)
    ledger = Ledger(source.text.split("\n"), source.first_line)
    units, notes, wrapped = _units(source, config, lexicon, ledger, templates or {})
    start = body_start(units)
    known = dataclasses.replace(meta, source=meta.source or source.site)
    header = parse_header([line for u in units[:start] for line in u.source], lexicon, known)
    for line, place, reason in header.placed:
        ledger.put(line, place, reason)
    meta.merge(header)  # front matter and the page's own metadata, where present, win
    if header.title and meta.title and _site_added(meta.title, header.title):
        meta.title = header.title  # the page title "Headline - Site", the headline printed
    body_units = [Unit(line, [line], -1 - i, True) for i, line in enumerate(header.extra_lines)]
    article_units = cut_teasers(units[start:], meta.section)
    for unit in units[start + len(article_units) :]:
        ledger.put_all(unit.source, DROPPED, "teaser")
    body_units += merge_page_breaks(article_units, lexicon) if wrapped else article_units
    body_units = _take_signoff(_take_stamps(body_units, meta, ledger), meta, ledger)
    end, trailing = trailing_notes([u.text for u in body_units])
    for k, unit in enumerate(body_units[end:]):
        heading = k == 0 and len(body_units) - end > len(trailing)  # "Notes", "Источники"
        ledger.put_all(unit.source, DROPPED if heading else NOTES, "notes heading" * heading)
    notes += trailing
    texts, captions = body_texts(body_units[:end], meta, lexicon, ledger)
    texts = [strip_markers(t, len(notes)) for t in texts]
    if not texts:
        raise SkipFile("no paragraphs")
    meta.fill(source=dateline_agency(texts[0]))
    meta.fill(source=source.site)  # the site's own name, when the text names no source
    _date_without_year(header.undated, meta, source, ledger)
    meta.fill(date=meta.updated)  # an update or edit stamp: the date of last resort
    ledger.settle(texts, [str(v) for v in vars(meta).values() if v and not isinstance(v, list)])
    captions = list(dict.fromkeys([*header.captions, *captions, *source.captions.values()]))
    warnings = list(source.warnings)
    if correction is not None:
        warnings += apply_lines(correction, ledger, texts, captions, notes)
        if not texts:
            raise SkipFile("no paragraphs left after your corrections (rjtui fix ID --clear)")
    passages, topics = build_passages(article_id, texts, config)
    values = {
        **meta.stated(),
        "language": meta.language or detect_language(" ".join(texts)),
        "title": meta.title or fallback_title(texts[0]),
        "title_is_fallback": not meta.title,
        "topics": tuple(dict.fromkeys(meta.topics + topics)),
    }
    if correction is not None:
        values = apply_fields(values, correction)
    article = Article(
        **values,
        id=article_id,
        path=path,
        passages=passages,
        notes=tuple(squash(n) for n in notes),
        captions=tuple(captions),
        dropped=ledger.dropped(),
        content_hash=content_hash,
        warnings=tuple(warnings),
    )
    return article, ledger


def _decode(data: bytes) -> tuple[str, tuple[str, ...]]:
    """Clean text (NFC, no controls, plain spaces) and a warning if it was not UTF."""
    text, encoding = decode_bytes(data)
    warnings = () if encoding.startswith("utf") else (f"not UTF-8: decoded as {encoding}",)
    return _clean_text(text), warnings


def _clean_text(text: str) -> str:
    return _normalise_typography(strip_controls(unicodedata.normalize("NFC", text)))


def _units(
    source: Source, config: Config, lexicon: Lexicon, ledger: Ledger, templates: Mapping[str, int]
) -> tuple[list[Unit], list[str], bool]:
    """Candidate passages (reflowed when hard-wrapped), the footnotes found on the way,
    and whether the text is hard-wrapped (only there can a page break split a paragraph)."""
    lines = list(ledger.lines)
    notes: list[str] = []
    for i, reason in source.dropped.items():
        ledger.put_index(i, DROPPED, reason)
        lines[i] = ""
    for i, note in source.notes.items():
        ledger.put_index(i, NOTES)
        lines[i] = ""
        notes += [note] if note else []
    for i in source.captions:
        ledger.put_index(i, CAPTIONS)
        lines[i] = ""
    for i, line in enumerate(lines):
        why = boilerplate_reason(line, config.boilerplate) or _template(line, templates)
        if why:
            ledger.put_index(i, DROPPED, why)
            lines[i] = ""
    kept, url_notes = split_url_notes(lines)
    ledger.put_all((Counter(filter(None, lines)) - Counter(filter(None, kept))).elements(), NOTES)
    notes += url_notes
    lines = kept
    blocks = split_blocks(lines)
    wrapped = source.wrapped if source.wrapped is not None else is_wrapped(blocks)
    if wrapped:
        heads = running_heads(lines)
        for i, line in enumerate(lines):
            if line and is_running_head(line, heads):
                ledger.put(line, DROPPED, "running head")
                lines[i] = ""
        blocks = split_blocks(lines)  # again, without the running heads
        for block in blocks:  # footnotes at the foot of each page
            if is_citation_block(block):
                notes += block
                ledger.put_all(block, NOTES)
        blocks = [block for block in blocks if not is_citation_block(block)]
    return make_units(blocks, wrapped, lexicon), notes, wrapped


def _template(line: str, templates: Mapping[str, int]) -> str | None:
    """ "template (in N files)" for a line repeated across the folder (never metadata)."""
    if not templates or not line:
        return None
    n = template_count(line, templates)
    return f"template (in {n} files)" if n and not is_metadata_line(line) else None


def _normalise_typography(text: str) -> str:
    """Plain spaces and newlines, no soft hyphens, ligatures spelled out."""
    for char, replacement in _TYPOGRAPHY:
        if char in text:
            text = text.replace(char, replacement)
    return text


def _date_without_year(
    undated: list[tuple[str, str]], meta: Metadata, source: Source, ledger: Ledger
) -> None:
    """A date printed without a year ("12月4日") takes the year of the page's other
    evidence: a dated URL, else its copyright line. With none, the date stays empty
    and the line is kept in ``dropped``, so the reader sees what the page said."""
    for line, month_day in undated:
        if not meta.date:
            year = url_year(meta.url) or source.year or copyright_year(source.text)
            meta.date = with_year(year, month_day) if year else None
        if meta.date:
            ledger.put(line, METADATA)
        else:
            ledger.put(line, DROPPED, f"date without a year ({month_day})")


def _site_added(page_title: str, printed: str) -> bool:
    """Is ``page_title`` the printed headline with the site's name added ("Treaty of
    Shimoda - History Wiki", "Site | Headline")?"""
    rest = page_title.removeprefix(printed) if page_title.startswith(printed) else None
    if rest is None and page_title.endswith(printed):
        rest = page_title.removesuffix(printed)[::-1]
    if not rest or size(rest) > _SITE_WORDS:
        return False
    return _SITE_SEPARATOR.match(rest.strip()[:1]) is not None


def _take_stamps(units: list[Unit], meta: Metadata, ledger: Ledger) -> list[Unit]:
    """Remove the update or edit stamps printed with the text ("This page was last
    edited on …" under a wiki page, "Обновлено: …" over a story); they fill ``updated``."""
    kept = []
    for unit in units:
        stamp = update_date(unit.text) if len(unit.source) == 1 else None
        if stamp:
            meta.fill(updated=stamp)
            ledger.put_all(unit.source, METADATA)
        else:
            kept.append(unit)
    return kept


def _take_signoff(units: list[Unit], meta: Metadata, ledger: Ledger) -> list[Unit]:
    """Remove the author's sign-off line near the end; it fills author note and source.
    Credit and field lines under the last paragraph ("(共同通信)", "— ТАСС", "Источник: X")
    are metadata too."""
    while units and len(units[-1].source) == 1 and parse_trailer(units[-1].text, meta):
        ledger.put_all(units[-1].source, METADATA)
        units = units[:-1]
    for i in range(len(units) - 1, max(-1, len(units) - 1 - _SIGNOFF_WINDOW), -1):
        signoff = parse_signoff(units[i].text)
        if signoff:
            meta.fill(
                authors=signoff.authors, source=signoff.source, author_note=signoff.author_note
            )
            ledger.put_all(units[i].source, METADATA)
            return units[:i] + units[i + 1 :]
    return units


def fallback_title(first_passage: str) -> str:
    """The first sentence, cut at a word boundary to at most 80 characters with "…"."""
    sentence = _SENTENCE_END.split(first_passage, maxsplit=1)[0].strip()
    if len(sentence) <= _FALLBACK_TITLE_CHARS:
        return sentence
    cut = sentence[: _FALLBACK_TITLE_CHARS - 1].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:–—-") + "…"
