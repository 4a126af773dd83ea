"""Footnotes and references: split off the body into ``Article.notes``.

Three shapes: URL notes anywhere ("1 http://..." at a PDF page foot, with
the URL's wrapped tail on the next line), a trailing run of numbered
citations ("1. Mainichi Shimbun, May 26, 2014."), and everything under a
"Notes"/"References"/"Примечания"/"注" heading. Note markers glued to words
("result2", "Russia.”1") are removed once notes are known.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rjtui.ingest.textutil import size

_URL_NOTE = re.compile(r"\[?(?P<n>\d{1,3})\]?[.)]?\s+(?:https?://|www\.)\S+")
_URL_TAIL = re.compile(r"[\w./?&=%#~+:-]{1,60}")
_NUMBERED = re.compile(r"\[?(?P<n>\d{1,3})\]?[.)]?\s+\S.{0,300}")
_NOTES_HEADING = re.compile(
    r"(?:notes?|footnotes|references|sources|endnotes|bibliography|примечания|источники"
    r"|литература|сноски|注|注釈|参考文献|出典)\s*[:：]?",
    re.IGNORECASE,
)
_NOTE_WORDS = 80
_CITATION_CHARS = 200
_CITATION_HINT = re.compile(r"https?://|www\.|\b(?:1[89]|20)\d\d\b|\bp\.\s*\d|\bibid\b", re.I)
# A marker is one or two digits glued to a word ("result2") or to a sentence's end
# ("Russia.”1"). Each pattern starts with the digit and looks back from it, so that the
# regex engine jumps from digit to digit instead of testing a look-behind at every
# character of every passage (5x faster; same matches).
_MARKER_AFTER_WORD = re.compile(r"(\d(?<=[^\W\d_]{3}\d)\d?)(?=[\s.,;:!?)\"”’]|$)")
_MARKER_AFTER_PUNCT = re.compile(
    r"(\d(?:(?<=[^\W\d_][.,;:!?][\"”’»]\d)|(?<=[^\W\d_][.,;:!?]\d))\d?)(?=\s|$)"
)


def is_numbered(line: str) -> bool:
    """A line that starts with a note or list number ("1.", "[2]", "3 ")."""
    return _NUMBERED.fullmatch(line) is not None


def split_url_notes(lines: Sequence[str]) -> tuple[list[str], list[str]]:
    """``(lines without URL notes, notes)``; a wrapped URL tail joins its note."""
    kept: list[str] = []
    notes: list[str] = []
    open_note = blank_after_note = False
    for line in lines:
        if _URL_NOTE.fullmatch(line):
            notes.append(line)
            open_note = True
        elif open_note and not line:
            blank_after_note = True  # the URL's tail may still come after a blank line
        elif open_note and _URL_TAIL.fullmatch(line) and line[0].islower():
            notes[-1] += line
        else:
            if blank_after_note:
                kept.append("")  # keep the paragraph break the note sat in
            open_note = blank_after_note = False
            kept.append(line)
    return kept, notes


def is_citation_block(block: Sequence[str]) -> bool:
    """A page-foot block of a PDF: every line a numbered reference with a year or URL."""
    return all(
        len(line) <= _CITATION_CHARS and is_numbered(line) and _CITATION_HINT.search(line)
        for line in block
    )


def trailing_notes(units: Sequence[str]) -> tuple[int, list[str]]:
    """``(where the body ends, notes)``: what follows a "Notes" heading (if it all looks
    like notes), or a final run of citations numbered 1..n."""
    for i, unit in enumerate(units):
        after = units[i + 1 :]
        if i > 0 and _NOTES_HEADING.fullmatch(unit) and all(size(u) <= _NOTE_WORDS for u in after):
            return i, list(after)
    start = len(units)
    expected = None
    for i in range(len(units) - 1, -1, -1):
        match = _NUMBERED.fullmatch(units[i])
        number = int(match["n"]) if match else None
        if number is None or (expected is not None and number != expected):
            break
        start, expected = i, number - 1
    run = list(units[start:])
    if expected == 0 and (len(run) >= 2 or _CITATION_HINT.search(run[0])):
        return start, run
    return len(units), []


def strip_markers(text: str, highest: int) -> str:
    """Remove note numbers 1..``highest`` glued to the end of a word or sentence."""
    if highest <= 0:
        return text

    def drop(match: re.Match[str]) -> str:
        return "" if 1 <= int(match.group(1)) <= highest else match.group(1)

    return _MARKER_AFTER_PUNCT.sub(drop, _MARKER_AFTER_WORD.sub(drop, text))
