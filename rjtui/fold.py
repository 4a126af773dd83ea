"""Look-alike letter folding, shared by ingest (passage ids, topics) and search (analysis).

It lives beside ``sanitize`` rather than in ``ingest`` so ``search`` never imports ingest.

PDF extraction and careless typing put Cyrillic or Greek letters that look
Latin into English words ("Сold War" with a Cyrillic С), which makes them
unsearchable. Folding is one character for one character, so offsets found
on the folded text are valid on the display text, and it only touches words
that also contain real Latin letters: Russian words stay Russian. Compatibility
forms (full-width ``ＳＡＫＨＡＬＩＮ`` from a Japanese input method) fold to the
plain letters first, for the same reason.
"""

from __future__ import annotations

import re
import unicodedata

_LOOKALIKES = {
    # Cyrillic
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
    "С": "C", "Т": "T", "Х": "X", "У": "Y", "І": "I", "Ј": "J", "Ѕ": "S", "Ԛ": "Q", "Ԝ": "W",
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i",
    "ј": "j", "ѕ": "s", "һ": "h", "ԁ": "d", "ԛ": "q", "ԝ": "w",
    # Greek
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M",
    "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "ο": "o", "ν": "v",
}  # fmt: skip
_TABLE = str.maketrans(_LOOKALIKES)
_ANY_LOOKALIKE = re.compile("[" + "".join(_LOOKALIKES) + "]")
_MIXED_WORD = re.compile(
    r"\b(?=[^\W\d_]*[A-Za-z])(?=[^\W\d_]*[" + "".join(_LOOKALIKES) + r"])[^\W\d_]+"
)


def _fold_word(match: re.Match[str]) -> str:
    return match.group().translate(_TABLE)


class _Compatibility(dict):
    """``str.translate`` table: a character -> its NFKC form when that is ONE other
    character (full-width ``Ｓ`` -> ``S``, ``ſ`` -> ``s``, half-width katakana -> katakana),
    computed once per character seen. Forms that expand (``ﬁ`` -> ``fi``) are left alone
    so folding stays one character for one."""

    def __missing__(self, code: int) -> int:
        folded = unicodedata.normalize("NFKC", chr(code))
        self[code] = ord(folded) if len(folded) == 1 else code
        return self[code]


_COMPATIBILITY = _Compatibility()


def fold_for_search(text: str) -> str:
    """``text`` with compatibility forms (NFKC, one character for one) and look-alike
    letters inside Latin words replaced by plain Latin ones.

    Length-preserving and idempotent; ASCII text is returned as is.
    """
    if text.isascii():
        return text
    if not unicodedata.is_normalized("NFKC", text):  # (a C quick check: 1 us, not 30)
        text = text.translate(_COMPATIBILITY)  # text in NFKC has nothing to fold here
    if _ANY_LOOKALIKE.search(text) is None:
        return text
    return _MIXED_WORD.sub(_fold_word, text)
