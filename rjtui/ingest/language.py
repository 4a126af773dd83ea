"""An article's language from its script: ``en``, ``ru``, ``ja`` or ``other``.

Script counts are enough for this corpus (English, Russian, Japanese) and
cost one pass; a Latin text without common English words is ``other``.
The ASCII part is counted with bytes operations and only the (usually small)
non-ASCII rest goes through the script regexes, since this runs per article.
"""

from __future__ import annotations

import re

_ASCII_RUNS = re.compile(r"[\x00-\x7f]+")
_NOT_LETTERS = bytes(b for b in range(128) if not chr(b).isalpha())
_ACCENTED = re.compile(r"[\u00c0-\u024f]+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]+")
_UKRAINIAN_ONLY = re.compile(r"[іїєґІЇЄҐ]")
_KANA = re.compile(r"[\u3040-\u30ff]+")
_HAN = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]+")
_ENGLISH = frozenset(["the", "and", "of", "to", "in", "is", "that", "for", "with", "was"])
_SAMPLE = 2500


def _letters(script: re.Pattern[str], text: str) -> int:
    return sum(map(len, script.findall(text)))


def detect_language(text: str) -> str:
    """Dominant script of ``text`` (a sample of it), mapped to a language code."""
    sample = text[:_SAMPLE]
    rest = _ASCII_RUNS.sub("", sample)
    latin = len(sample.encode("ascii", "ignore").translate(None, _NOT_LETTERS))
    latin += _letters(_ACCENTED, rest)
    cyrillic = _letters(_CYRILLIC, rest)
    kana = _letters(_KANA, rest)
    cjk = kana + _letters(_HAN, rest)
    top = max(latin, cyrillic, cjk)
    if top == 0:
        return "other"
    if cjk == top:
        return "ja" if kana >= 0.05 * cjk else "other"
    if cyrillic == top:
        return "other" if len(_UKRAINIAN_ONLY.findall(rest)) > 0.01 * cyrillic else "ru"
    words = sample.lower().split()
    english = sum(1 for w in words if w in _ENGLISH)
    return "en" if english >= 0.08 * max(1, len(words)) else "other"
