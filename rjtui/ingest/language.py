"""An article's language from its script: ``en``, ``ru``, ``ja`` or ``other``.

Script counts are enough for this corpus (English, Russian, Japanese) and
cost one pass; a Latin text without common English words is ``other``.
"""

from __future__ import annotations

import re

_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]+")  # runs: far fewer matches than letters
_CYRILLIC = re.compile(r"[\u0400-\u04ff]+")
_UKRAINIAN_ONLY = re.compile(r"[іїєґІЇЄҐ]")
_KANA = re.compile(r"[\u3040-\u30ff]+")
_HAN = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]+")
_ENGLISH = re.compile(r"\b(?:the|and|of|to|in|is|that|for|with|was)\b", re.IGNORECASE)
_SAMPLE = 2500


def _letters(script: re.Pattern[str], text: str) -> int:
    return sum(map(len, script.findall(text)))


def detect_language(text: str) -> str:
    """Dominant script of ``text`` (a sample of it), mapped to a language code."""
    sample = text[:_SAMPLE]
    latin = _letters(_LATIN, sample)
    cyrillic = _letters(_CYRILLIC, sample)
    kana = _letters(_KANA, sample)
    cjk = kana + _letters(_HAN, sample)
    top = max(latin, cyrillic, cjk)
    if top == 0:
        return "other"
    if cjk == top:
        return "ja" if kana >= 0.05 * cjk else "other"
    if cyrillic == top:
        return "other" if len(_UKRAINIAN_ONLY.findall(sample)) > 0.01 * cyrillic else "ru"
    words = max(1, len(sample.split()))
    return "en" if len(_ENGLISH.findall(sample)) >= 0.08 * words else "other"
