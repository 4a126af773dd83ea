"""Taxonomy topics for passages and articles: stemmed term counts over a threshold.

Kept free of Whoosh so ingest stays a pure function of text and config. The
stemmer only strips common English and Russian endings; it need not produce
real stems, only map a term and its inflections to the same key
("sanction"/"sanctions"/"sanctioned"). CJK terms are matched as substrings.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from rjtui.fold import fold_for_search
from rjtui.ingest.textutil import has_cjk

_TOKEN_REST = r"[^\W_]*(?:['’][^\W\d_]+)?"
"""A token after its first letter: the rest of the word and an "'s"/"’s"-like ending."""
_TOKEN = re.compile(r"[^\W_]" + _TOKEN_REST)
_EN_SUFFIXES = (
    "ational", "ations", "ation", "ically", "ical", "ings", "ing", "edly", "ies", "ied",
    "ity", "ism", "ist", "ists", "ive", "ous", "ness", "ment", "ments", "ers", "er", "ed",
    "ly", "al", "es", "ic", "ics", "s", "e", "y",
)  # fmt: skip
_RU_SUFFIXES = (
    "иями", "ями", "ами", "иях", "ией", "их", "ых", "ого", "его", "ему", "ому", "ыми", "ими",
    "ий", "ый", "ой", "ая", "яя", "ое", "ее", "ие", "ые", "ую", "юю", "ом", "ем", "ам", "ям",
    "ях", "ах", "ов", "ев", "ей", "ии", "ия", "ию", "ие", "ь", "а", "я", "о", "е", "ы", "и",
    "у", "ю", "й",
)  # fmt: skip
_EN_ORDERED = tuple(sorted(set(_EN_SUFFIXES), key=len, reverse=True))
_RU_ORDERED = tuple(sorted(set(_RU_SUFFIXES), key=len, reverse=True))
_MIN_STEM = 3


@lru_cache(maxsize=65536)
def topic_stem(word: str) -> str:
    """A crude, consistent stem of a lower-cased word (English or Russian) for topic
    matching; not the index's Snowball stemmer (``rjtui.search.analysis.stem``), which
    ingest may not import."""
    word = word.replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    suffixes = _RU_ORDERED if "а" <= word[-1:] <= "я" or word[-1:] in "ёй" else _EN_ORDERED
    for suffix in suffixes:
        if word.endswith(suffix) and len(word) - len(suffix) >= _min_stem(suffix):
            return word[: -len(suffix)]
    return word


def _min_stem(suffix: str) -> int:
    """Russian "-ов/-ев" is a plural ending only on long words ("островов"), while
    short nouns end in it ("остров", "Петров")."""
    return 6 if suffix in ("ов", "ев") else _MIN_STEM


def topic_stems(text: str) -> list[str]:
    return [topic_stem(token) for token in _TOKEN.findall(fold_for_search(text).lower())]


@dataclass(frozen=True)
class Taxonomy:
    """The config's topics, pre-stemmed once per config and indexed by first stem."""

    by_first: dict[str, tuple[tuple[str, tuple[str, ...]], ...]]
    """first stem -> (topic, whole stemmed term) for Latin/Cyrillic terms."""
    starts: re.Pattern[str] | None
    """The tokens that can begin a term, as group 1 of a match at their start: words
    that start with the first letters of a first stem (stems only lose endings, so
    other words are never even stemmed). One scan finds and tokenises them."""
    substrings: tuple[tuple[str, str], ...]
    """(topic, CJK term) pairs, matched as substrings."""

    def counts(self, text: str, folded: str | None = None) -> Counter[str]:
        """Occurrences of each topic's terms in ``text``; ``folded`` is
        ``fold_for_search(text)`` when the caller has it already (the passage id needs it
        too, and folding is the dearest step on non-ASCII text)."""
        found: Counter[str] = Counter()
        if self.starts is not None:
            folded = (fold_for_search(text) if folded is None else folded).lower()
            for token in self.starts.finditer(folded):
                for topic, term in self.by_first.get(topic_stem(token.group(1)), ()):
                    if (
                        len(term) == 1
                        or _next_stems(folded, token.end(1), len(term) - 1) == term[1:]
                    ):
                        found[topic] += 1
        for topic, cjk in self.substrings:
            if cjk in text:
                found[topic] += text.count(cjk)
        return found


def _next_stems(text: str, pos: int, n: int) -> tuple[str, ...]:
    """Stems of the ``n`` tokens after ``pos`` (for multi-word terms)."""
    out = []
    for _ in range(n):
        token = _TOKEN.search(text, pos)
        if token is None:
            break
        out.append(topic_stem(token.group()))
        pos = token.end()
    return tuple(out)


def build_taxonomy(topics: Mapping[str, Iterable[str]]) -> Taxonomy:
    return _build(tuple((name, tuple(terms)) for name, terms in topics.items()))


@lru_cache(maxsize=8)
def _build(items: tuple[tuple[str, tuple[str, ...]], ...]) -> Taxonomy:
    by_first: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    substrings = []
    for name, terms in items:
        for term in dict.fromkeys(terms):
            if has_cjk(term):
                substrings.append((name, term))
            elif stemmed := tuple(topic_stems(term)):
                entry = (name, stemmed)
                if entry not in by_first.setdefault(stemmed[0], []):
                    by_first[stemmed[0]].append(entry)
    prefixes = {s[:_MIN_STEM] for s in by_first}
    starts = (
        re.compile(r"(?<![^\W_])(?=(" + _alternation(prefixes) + _TOKEN_REST + "))")
        if prefixes
        else None
    )
    return Taxonomy({k: tuple(v) for k, v in by_first.items()}, starts, tuple(substrings))


def _alternation(words: set[str]) -> str:
    """A regex matching any of ``words``, its branches grouped by first letter
    ("k(?:ur|un)|s(?:ak|ov)"): at each word start the engine tries the one branch of
    that letter, not every word (this scan is most of topic counting)."""
    by_letter: dict[str, list[str]] = {}
    for word in sorted(words):
        by_letter.setdefault(word[0], []).append(re.escape(word[1:]))
    return (
        "(?:"
        + "|".join(
            re.escape(letter) + "(?:" + "|".join(rests) + ")" for letter, rests in by_letter.items()
        )
        + ")"
    )


def passage_topics(counts: Counter[str], order: Iterable[str], minimum: int) -> tuple[str, ...]:
    """Topics with at least ``minimum`` hits, in taxonomy order (most passages have
    none: the taxonomy is walked only for those that have some)."""
    chosen = {t for t, n in counts.items() if n >= max(1, minimum)}
    return tuple(t for t in order if t in chosen) if chosen else ()


def article_topics(total: Counter[str], order: Iterable[str], minimum: int) -> tuple[str, ...]:
    """Topics with at least ``minimum`` hits in all, most frequent first."""
    rank = {t: i for i, t in enumerate(order)}
    chosen = [t for t in rank if total[t] >= max(1, minimum)]
    return tuple(sorted(chosen, key=lambda t: (-total[t], rank[t])))
