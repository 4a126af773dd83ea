"""Clean lines -> header lines + body passages (paragraphs, headings, list items).

Web text has one paragraph per line; PDF text is hard-wrapped into blocks.
Either way the body starts at the first real paragraph; what is above it is
the header (metadata). In the body, short lines without final punctuation are
headings when a paragraph follows, and otherwise captions, photo credits,
pull-quotes or widgets, which are dropped. On web pages the article ends where
teasers for other stories begin (a tail marker, the rubric line again, or a
teaser card that repeats its headline).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rjtui.ingest.boilerplate import is_tail_marker
from rjtui.ingest.ledger import BODY, CAPTIONS, DROPPED, Ledger
from rjtui.ingest.metadata import Metadata
from rjtui.ingest.notes import is_numbered
from rjtui.ingest.reflow import Lexicon, join_lines, needs_case_restore, restore_case
from rjtui.ingest.textutil import ends_sentence, is_bullet, size, squash

_PROSE_WORDS = 12
_LONG_WORDS = 40
_PARAGRAPH_WORDS = 21  # longer than any heading: kept even without a full stop
_HEADING_WORDS = 20
_CARD_WINDOW = 3
_CREDIT = re.compile(
    r"shutterstock|getty ?images|reuters|\bafp\b|\bap photo\b|associated press|photo(?:graph)?"
    r"\s*(?:by|:)|image\s*:|credit\s*:|via reuters|фото\s*:|写真\s*[:：]|\S/\s|/\s*$|©",
    re.IGNORECASE,
)
_GLUED_CREDIT = re.compile(r"(?<=[.!?])([\"”’)\]]*)\s+[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2}$")


@dataclass
class Unit:
    """A candidate passage and where it came from."""

    text: str
    source: list[str]
    """The raw lines (the header needs them one by one)."""
    block: int
    first: bool
    """First unit of its block (blank line before it)."""


def split_blocks(lines: Sequence[str]) -> list[list[str]]:
    """Runs of non-blank lines."""
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def make_units(blocks: list[list[str]], wrapped: bool, lexicon: Lexicon) -> list[Unit]:
    """One unit per line of web text; one per block of hard-wrapped text (reflowed),
    except a block of numbered lines (notes, a list), which stays one per line."""
    units: list[Unit] = []
    for b, block in enumerate(blocks):
        one_per_line = not wrapped or all(is_numbered(line) for line in block)
        if one_per_line:
            units.extend(Unit(line, [line], b, i == 0) for i, line in enumerate(block))
        else:
            units.append(Unit(join_lines(block, lexicon), list(block), b, True))
    return units


def is_prose(text: str) -> bool:
    """Surely a paragraph (the body starts at the first one)."""
    words = size(text)
    return (words >= _PROSE_WORDS and ends_sentence(text)) or words >= _LONG_WORDS


def body_start(units: Sequence[Unit]) -> int:
    """Index of the first paragraph; in a very short text, of the first sentence."""
    for test in (is_prose, lambda text: ends_sentence(text) and size(text) >= 2):
        start = next((i for i, u in enumerate(units) if test(u.text)), None)
        if start is not None:
            return start
    return len(units)


def cut_teasers(units: list[Unit], section: str | None) -> list[Unit]:
    """The article without what follows it on a web page (other stories, polls): from a
    tail marker, the article's own rubric line printed again over a teaser, or a teaser
    card (a headline repeated within a few lines)."""
    for i, unit in enumerate(units):
        text = unit.text
        if is_tail_marker(text) or (section and text == section):
            return units[:i]
        if not ends_sentence(text) and size(text) <= _HEADING_WORDS:
            later = [u.text.casefold() for u in units[i + 1 : i + 1 + _CARD_WINDOW]]
            if text.casefold() in later:
                return units[:i]
    return units


def merge_page_breaks(units: list[Unit], lexicon: Lexicon) -> list[Unit]:
    """Join a paragraph split by a page break (or a removed running head)."""
    merged: list[Unit] = []
    for unit in units:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and not ends_sentence(previous.text)
            and size(previous.text) >= _PROSE_WORDS
            and unit.text[:1].islower()
        ):
            previous.text = join_lines([previous.text, unit.text], lexicon)
            previous.source += unit.source
        else:
            merged.append(unit)
    return merged


def body_texts(
    units: Sequence[Unit], meta: Metadata, lexicon: Lexicon, ledger: Ledger
) -> tuple[list[str], list[str]]:
    """``(passage texts, captions)``: paragraphs, list items and headings are passages;
    captions and credits go apart; pull-quotes and repeats of the title are dropped."""
    titles = {(meta.title or "").casefold(), (meta.subtitle or "").casefold()}
    kinds = [_kind(u) for u in units]
    texts: list[str] = []
    captions: list[str] = []
    for i, unit in enumerate(units):
        kind = kinds[i]
        text = unit.text
        if kind == "label":
            kind = _label_kind(units, kinds, i)
            if kind == "pull-quote" and texts:
                texts[-1] = _GLUED_CREDIT.sub(r"\1", texts[-1])
        if kind == "heading" and needs_case_restore(text):
            text = restore_case(text, lexicon.acronyms)
        if kind in ("caption", "credit"):
            captions.append(squash(text))
            ledger.put_all(unit.source, CAPTIONS)
        elif kind == "pull-quote":
            ledger.put_all(unit.source, DROPPED, "pull-quote")
        elif text.casefold() in titles:
            ledger.put_all(unit.source, DROPPED, "title repeated")
        else:
            texts.append(squash(text))
            ledger.put_all(unit.source, BODY)
    return texts, captions


def _kind(unit: Unit) -> str:
    """bullet, credit, paragraph or label (decided later by its neighbours)."""
    text = unit.text
    if is_bullet(text):
        return "bullet"
    if size(text) <= _PARAGRAPH_WORDS and _CREDIT.search(text):
        return "credit"
    if ends_sentence(text) or size(text) >= _PARAGRAPH_WORDS:
        return "paragraph"
    return "label"


def _label_kind(units: Sequence[Unit], kinds: Sequence[str], i: int) -> str:
    """What a short unpunctuated line is, from its neighbours: a line glued under a
    paragraph is a pull-quote, several together a caption, one before a paragraph a
    heading; anything else (trailing links, widgets) a caption too."""
    unit = units[i]
    if not unit.first and kinds[i - 1] == "paragraph" and units[i - 1].block == unit.block:
        return "pull-quote"
    if len(unit.source) > 1 or _shares_block_with_label(units, kinds, i):
        return "caption"
    following = next((k for k in kinds[i + 1 :] if k != "credit"), None)
    if following in ("paragraph", "bullet") and size(unit.text) <= _HEADING_WORDS:
        return "heading"
    return "caption"


def _shares_block_with_label(units: Sequence[Unit], kinds: Sequence[str], i: int) -> bool:
    block = units[i].block
    return any(
        units[j].block == block and kinds[j] in ("label", "credit")
        for j in (i - 1, i + 1)
        if 0 <= j < len(units)
    )
