"""One raw file -> one ``Article``: the ingest steps in order.

decode -> NFC + control stripping -> front matter -> line furniture removed
-> blocks/units (reflowed if hard-wrapped) -> header metadata | body ->
teasers cut, sign-off and notes split off -> passages with ids and topics.
Pure: the result depends on the file bytes, its relative path and the config.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

from rjtui.config import Config
from rjtui.corpus import Article
from rjtui.ingest.boilerplate import is_boilerplate, is_running_head, running_heads
from rjtui.ingest.decode import decode_bytes
from rjtui.ingest.errors import SkipFile
from rjtui.ingest.language import detect_language
from rjtui.ingest.markdown import split_front_matter, strip_markup
from rjtui.ingest.metadata import Metadata, parse_header, parse_signoff
from rjtui.ingest.notes import (
    is_citation_block,
    split_url_notes,
    strip_markers,
    trailing_notes,
)
from rjtui.ingest.passages import build_passages
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
from rjtui.ingest.textutil import squash
from rjtui.sanitize import strip_controls

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
_MAX_BYTES = 20_000_000
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


def read_file(path: Path) -> bytes:
    """The raw bytes, or ``SkipFile`` with a human reason (permissions, size...)."""
    try:
        size = path.stat().st_size
        if size > _MAX_BYTES:
            raise SkipFile(f"too large for an article ({size / 1e6:.0f} MB)")
        return path.read_bytes()
    except PermissionError:
        raise SkipFile("unreadable: permission denied") from None
    except IsADirectoryError:
        raise SkipFile("unreadable: a directory") from None
    except OSError as exc:
        raise SkipFile(f"unreadable: {(exc.strerror or str(exc)).lower()}") from None


def ingest_bytes(
    data: bytes, config: Config, *, article_id: str, path: str, markdown: bool
) -> Article:
    """The article in ``data``; ``SkipFile`` when it holds none."""
    text, warnings = _decode(data)
    meta, body, front_warnings = split_front_matter(text)
    if markdown:
        body = strip_markup(body)
    lexicon = Lexicon(body)
    units, notes, wrapped = _units(body, config, lexicon)
    start = body_start(units)
    header = parse_header([line for u in units[:start] for line in u.source], lexicon)
    meta.merge(header)  # front matter, where present, wins
    body_units = [Unit(line, [line], -1 - i, True) for i, line in enumerate(header.extra_lines)]
    article_units = cut_teasers(units[start:], meta.section)
    body_units += merge_page_breaks(article_units, lexicon) if wrapped else article_units
    body_units = _take_signoff(body_units, meta)
    end, trailing = trailing_notes([u.text for u in body_units])
    notes += trailing
    texts = [strip_markers(t, len(notes)) for t in body_texts(body_units[:end], meta, lexicon)]
    if not texts:
        raise SkipFile("no paragraphs")
    passages, topics = build_passages(article_id, texts, config)
    return Article(
        **{
            **meta.stated(),
            "language": meta.language or detect_language(" ".join(texts)),
            "title": meta.title or fallback_title(texts[0]),
            "title_is_fallback": not meta.title,
            "topics": tuple(dict.fromkeys(meta.topics + topics)),
        },
        id=article_id,
        path=path,
        passages=passages,
        notes=tuple(squash(n) for n in notes),
        content_hash=hashlib.blake2b(data, digest_size=16).hexdigest(),
        warnings=warnings + front_warnings,
    )


def _decode(data: bytes) -> tuple[str, tuple[str, ...]]:
    """Clean text (NFC, no controls, plain spaces) and a warning if it was not UTF."""
    text, encoding = decode_bytes(data)
    text = _normalise_typography(strip_controls(unicodedata.normalize("NFC", text)))
    warnings = () if encoding.startswith("utf") else (f"not UTF-8: decoded as {encoding}",)
    return text, warnings


def _units(body: str, config: Config, lexicon: Lexicon) -> tuple[list[Unit], list[str], bool]:
    """Candidate passages (reflowed when hard-wrapped), the footnotes found on the way,
    and whether the text is hard-wrapped (only there can a page break split a paragraph)."""
    lines = [line.strip() for line in body.split("\n")]
    lines = ["" if is_boilerplate(line, config.boilerplate) else line for line in lines]
    lines, notes = split_url_notes(lines)
    wrapped = is_wrapped(split_blocks(lines))
    if wrapped:
        lines = _drop_running_heads(lines)
    blocks = split_blocks(lines)
    if wrapped:  # footnotes at the foot of each page
        notes += [line for block in blocks if is_citation_block(block) for line in block]
        blocks = [block for block in blocks if not is_citation_block(block)]
    return make_units(blocks, wrapped, lexicon), notes, wrapped


def _normalise_typography(text: str) -> str:
    """Plain spaces and newlines, no soft hyphens, ligatures spelled out."""
    for char, replacement in _TYPOGRAPHY:
        if char in text:
            text = text.replace(char, replacement)
    return text


def _drop_running_heads(lines: list[str]) -> list[str]:
    """Page heads and feet of hard-wrapped (PDF) text; web pages have none, and there a
    line seen three times is a real title (headline, page title, teaser)."""
    heads = running_heads(lines)
    return ["" if is_running_head(line, heads) else line for line in lines]


def _take_signoff(units: list[Unit], meta: Metadata) -> list[Unit]:
    """Remove the author's sign-off line near the end; it fills author note and source."""
    for i in range(len(units) - 1, max(-1, len(units) - 1 - _SIGNOFF_WINDOW), -1):
        signoff = parse_signoff(units[i].text)
        if signoff:
            meta.fill(
                authors=signoff.authors, source=signoff.source, author_note=signoff.author_note
            )
            return units[:i] + units[i + 1 :]
    return units


def fallback_title(first_passage: str) -> str:
    """The first sentence, cut at a word boundary to at most 80 characters with "…"."""
    sentence = _SENTENCE_END.split(first_passage, maxsplit=1)[0].strip()
    if len(sentence) <= _FALLBACK_TITLE_CHARS:
        return sentence
    cut = sentence[: _FALLBACK_TITLE_CHARS - 1].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:–—-") + "…"
