"""Hard-wrapped (PDF) text back into paragraphs, and PDF small-caps headings fixed.

A line ending in "-" is either a word split by the typesetter ("bi-/lateral")
or a real hyphen that fell at the line end ("anti-/Western", "long-/term").
The document itself is the dictionary: if it spells the joined word or the
hyphenated word elsewhere, that wins; a capital or digit after the break
keeps the hyphen; a few compound-forming prefixes keep it; else join.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable, Sequence
from functools import cached_property

from rjtui.ingest.textutil import ends_sentence, is_cjk_char

# Compound-forming words: "long-/term" keeps its hyphen unless the text spells "longterm".
_KEEP_PREFIXES = frozenset({"self", "well", "long", "short", "half", "non", "anti", "full", "vice"})
_MIN_WRAPPED_LINES = 4
_MEDIAN_WRAPPED_CHARS = 110
_MAX_WRAPPED_CHARS = 160
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_LAST_WORD = re.compile(r"([^\W\d_]+)-$")
_FIRST_WORD = re.compile(r"[^\W\d_]+")
_ALPHA_RUN = re.compile(r"[^\W\d_]+")
_MINOR_WORDS = frozenset(
    {"a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "nor", "of", "on",
     "or", "per", "the", "to", "vs", "via", "with"}
)  # fmt: skip


class Lexicon:
    """The words a document itself uses, worked out on first need (most files never
    need them: only hyphen decisions and garbled headings consult them)."""

    def __init__(self, text: str) -> None:
        self._text = text

    @cached_property
    def words(self) -> frozenset[str]:
        """Lower-cased words and hyphenated compounds written somewhere in the text."""
        return frozenset(_WORD.findall(self._text.lower()))

    @cached_property
    def acronyms(self) -> frozenset[str]:
        """All-caps words (2+ letters) in mixed-case lines, e.g. USSR, DPRK, LNG (in an
        all-caps heading every word is capitals, which says nothing). Each distinct word
        is tested once: a text repeats most of its words."""
        mixed = "\n".join(line for line in self._text.split("\n") if not line.isupper())
        return frozenset(w for w in set(_ALPHA_RUN.findall(mixed)) if len(w) >= 2 and w.isupper())


def join_lines(lines: Sequence[str], lexicon: Lexicon) -> str:
    """One paragraph from its wrapped lines, line-end hyphenation resolved."""
    pieces = [lines[0]]
    for line in lines[1:]:
        previous = pieces[-1]
        match = _LAST_WORD.search(previous[-40:]) if previous.endswith("-") else None
        if match and line[:1].isalnum():
            if _joins(match.group(1), line, lexicon):
                pieces[-1] = previous[:-1]
            pieces.append(line)  # directly after the hyphen (kept or removed)
        elif previous and line and (is_cjk_char(previous[-1]) or is_cjk_char(line[0])):
            pieces.append(line)
        else:
            pieces.append(" " + line)
    return "".join(pieces)


def _joins(head: str, line: str, lexicon: Lexicon) -> bool:
    """Should ``head-`` + the first word of ``line`` be one word without the hyphen?"""
    first = _FIRST_WORD.match(line)
    tail = first.group().lower() if first else ""
    if not tail or line[0].isupper():
        return False  # anti-/Western, Russo-/Japanese
    head = head.lower()
    if head + tail in lexicon.words:
        return True
    if f"{head}-{tail}" in lexicon.words:
        return False
    return head not in _KEEP_PREFIXES


def is_wrapped(blocks: Sequence[Sequence[str]]) -> bool:
    """Is this hard-wrapped text (PDF export) rather than one paragraph per line?

    Wrapped text has multi-line blocks of modest, similar line lengths whose lines
    mostly end mid-sentence; web text has long lines (a few short ones), each a
    paragraph that ends with a full stop.
    """
    inner = [line for block in blocks if len(block) >= 3 for line in block[:-1]]
    if len(inner) < _MIN_WRAPPED_LINES:
        return False
    lengths = [len(line) for block in blocks for line in block]
    long_lines = sum(1 for n in lengths if n > _MAX_WRAPPED_CHARS)
    sentence_ends = sum(1 for line in inner if ends_sentence(line))
    return (
        statistics.median(len(line) for line in inner) <= _MEDIAN_WRAPPED_CHARS
        and long_lines <= 0.1 * len(lengths)
        and sentence_ends <= 0.5 * len(inner)
    )


def needs_case_restore(line: str) -> bool:
    """ALL CAPS, or PDF small caps extracted as "ruSSo-JaPaneSe relatIonS"."""
    words = _ALPHA_RUN.findall(line)
    letters = sum(len(w) for w in words)
    if letters < 4:
        return False
    if line.isupper():
        return len(words) >= 2  # a lone "NATO" is an acronym, not a shouted heading
    odd = sum(1 for w in words if len(w) >= 3 and not w[1:].islower() and not w.isupper())
    return odd * 2 >= len(words)


def restore_case(line: str, acronyms: Iterable[str] = ()) -> str:
    """Title case for a garbled heading; words the body writes in capitals stay so."""
    keep = {a.lower(): a for a in acronyms}
    out: list[str] = []
    first = True
    after_colon = False
    for token in re.split(r"([^\W\d_]+)", line):
        if not token or not token[0].isalpha():
            out.append(token)
            after_colon = token.rstrip().endswith((":", "—", "–", ".")) or (
                after_colon and not token.strip()
            )
            continue
        lower = token.lower()
        if lower in keep:
            out.append(keep[lower])
        elif lower in _MINOR_WORDS and not first and not after_colon:
            out.append(lower)
        else:
            out.append(lower.capitalize())
        first = False
    return "".join(out)
