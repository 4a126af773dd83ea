"""Person names in bylines: recognising them and writing them "Given Family".

A byline's name part is checked token by token (capitalised words, initials,
particles such as "van"), never by a list of known people, so any corpus
works; Japanese names are short kanji runs or katakana names joined by "・". All-caps surnames from
sign-offs ("Nazar KURBANOV") are re-capitalised.
"""

from __future__ import annotations

import re

_PARTICLES = frozenset(
    {"van", "von", "de", "da", "der", "del", "della", "la", "le", "du", "dos", "bin", "ibn",
     "al", "el", "ten", "ter"}
)  # fmt: skip
_NOT_NAMES = frozenset(
    {"the", "and", "of", "in", "on", "for", "to", "a", "an", "with", "at", "by", "from", "is",
     "are", "news", "analysis", "article", "relations", "policy", "war", "russia", "japan",
     "china", "ukraine", "moscow", "tokyo", "japanese", "russian", "chapter", "part",
     "section", "home", "opinion", "comment", "editorial", "staff"}
)  # fmt: skip
_INITIAL = re.compile(r"(?:[^\W\d_]\.){1,3}")
_JA_NAME = (
    re.compile(  # 山田太郎, 山田 さくら, ウラジーミル・プーチン (never a phrase with の, は...)
        r"[\u4e00-\u9fff々]{1,3}[ \u3000]?[\u4e00-\u9fff々\u3041-\u3093]{1,4}"
        r"|[\u30a1-\u30fa\u30fc]{2,}(?:[・=＝][\u30a1-\u30fa\u30fc]{2,})+"
    )
)
_SEPARATORS = re.compile(r"\s*(?:,|;|&|\band\b|\bи\b|、|，)\s*")
_ROLE_SUFFIX = re.compile(r"\s*(?:記者|特派員|氏|教授)$")


def _is_name_token(token: str) -> bool:
    if token.lower() in _PARTICLES or _INITIAL.fullmatch(token):
        return True
    parts = re.split(r"[-'’]", token)
    return (
        all(part.isalpha() for part in parts if part)
        and parts[-1] != ""
        and token[0].isupper()
        and token.lower() not in _NOT_NAMES
    )


def is_person_name(text: str) -> bool:
    """One person's name: 2-5 capitalised tokens (Latin or Cyrillic) or a Japanese name."""
    text = text.strip()
    if _JA_NAME.fullmatch(text):
        return True
    tokens = text.split()
    if not 2 <= len(tokens) <= 5 or not all(_is_name_token(t) for t in tokens):
        return False
    return tokens[0].lower() not in _PARTICLES and not _INITIAL.fullmatch(tokens[-1])


def parse_names(text: str) -> tuple[str, ...] | None:
    """The people in "A, B and C"; ``None`` unless every part is a plausible name."""
    parts = [p for p in _SEPARATORS.split(text.strip().rstrip(".")) if p]
    names = tuple(normalise_name(_ROLE_SUFFIX.sub("", p)) for p in parts)
    if not names or not all(is_person_name(n) for n in names):
        return None
    return names


def normalise_name(name: str) -> str:
    """ "Nazar KURBANOV" -> "Nazar Kurbanov"; mixed case (McDermid) is kept as written."""
    return " ".join(_fix_caps(token) for token in name.split())


def _fix_caps(token: str) -> str:
    if _INITIAL.fullmatch(token) or not token.isupper():
        return token
    return "-".join(part.capitalize() for part in token.split("-"))
