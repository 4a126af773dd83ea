"""Small text predicates shared by the ingest steps (sentence ends, sizes, scripts)."""

from __future__ import annotations

import re

_TERMINAL = re.compile(r"[.!?:;。！？…][\"'”’»)\]」』）]*$|[\"”»」』]$")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]")
_BULLET = re.compile(r"^(?:[•·▪◦‣●■□–—*-]\s+|\(?\d{1,2}[.)]\s+|[a-z][.)]\s+)")


def ends_sentence(text: str) -> bool:
    """True when ``text`` ends like a sentence (., !, ?, :, ;, 。, a closing quote)."""
    return _TERMINAL.search(text[-8:]) is not None  # the tail only: texts can be long


def size(text: str) -> int:
    """Words, counting two CJK characters as one word (CJK text has no spaces)."""
    words = len(text.split())
    return words if text.isascii() else words + len(_CJK.findall(text)) // 2


def has_cjk(text: str) -> bool:
    return _CJK.search(text) is not None


def is_cjk_char(char: str) -> bool:
    return _CJK.match(char) is not None


def is_bullet(text: str) -> bool:
    """A list item: a bullet mark or a short enumerator at the start."""
    return _BULLET.match(text) is not None


def squash(text: str) -> str:
    """Runs of whitespace -> one space (the display form of a passage or field)."""
    return " ".join(text.split())
