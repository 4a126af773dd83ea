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

from rjtui.ingest.fold import fold_for_search
from rjtui.ingest.textutil import has_cjk

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W\d_]+)?")
_EN_SUFFIXES = (
    "ational", "ations", "ation", "ically", "ical", "ings", "ing", "edly", "ies", "ied",
    "ity", "ism", "ist", "ists", "ive", "ous", "ness", "ment", "ments", "ers", "er", "ed",
    "ly", "al", "es", "ic", "ics", "s", "e", "y",
)  # fmt: skip
_RU_SUFFIXES = (
    "иями", "ями", "ами", "иях", "ией", "ого", "его", "ему", "ому", "ыми", "ими", "ий", "ый",
    "ой", "ая", "яя", "ое", "ее", "ие", "ые", "ую", "юю", "ом", "ем", "ам", "ям", "ях", "ах",
    "ов", "ев", "ей", "ии", "ия", "ию", "ие", "ь", "а", "я", "о", "е", "ы", "и", "у", "ю", "й",
)  # fmt: skip
_EN_ORDERED = tuple(sorted(set(_EN_SUFFIXES), key=len, reverse=True))
_RU_ORDERED = tuple(sorted(set(_RU_SUFFIXES), key=len, reverse=True))
_MIN_STEM = 3


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude, consistent stem of a lower-cased word (English or Russian)."""
    word = word.replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    suffixes = _RU_ORDERED if "а" <= word[-1:] <= "я" or word[-1:] in "ёй" else _EN_ORDERED
    for suffix in suffixes:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            return word[: -len(suffix)]
    return word


def stems(text: str) -> list[str]:
    return [stem(token) for token in _TOKEN.findall(fold_for_search(text).lower())]


@dataclass(frozen=True)
class Taxonomy:
    """The config's topics, pre-stemmed once per config."""

    words: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...]
    """(topic, stemmed multi-word terms) for Latin/Cyrillic terms."""
    substrings: tuple[tuple[str, tuple[str, ...]], ...]
    """(topic, CJK terms) matched as substrings."""

    def counts(self, text: str) -> Counter[str]:
        """Occurrences of each topic's terms in ``text``."""
        tokens = stems(text)
        unigrams = Counter(tokens)
        found: Counter[str] = Counter()
        for topic, terms in self.words:
            for term in terms:
                found[topic] += (
                    unigrams[term[0]] if len(term) == 1 else _count_phrase(tokens, unigrams, term)
                )
        for topic, terms in self.substrings:
            for term in terms:
                found[topic] += text.count(term)
        return +found


def _count_phrase(tokens: list[str], unigrams: Counter[str], term: tuple[str, ...]) -> int:
    if any(unigrams[t] == 0 for t in term):
        return 0
    n = len(term)
    return sum(1 for i in range(len(tokens) - n + 1) if tuple(tokens[i : i + n]) == term)


def build_taxonomy(topics: Mapping[str, Iterable[str]]) -> Taxonomy:
    return _build(tuple((name, tuple(terms)) for name, terms in topics.items()))


@lru_cache(maxsize=8)
def _build(items: tuple[tuple[str, tuple[str, ...]], ...]) -> Taxonomy:
    words = []
    substrings = []
    for name, terms in items:
        cjk = tuple(t for t in terms if has_cjk(t))
        latin = tuple(dict.fromkeys(tuple(stems(t)) for t in terms if not has_cjk(t) and stems(t)))
        words.append((name, latin))
        substrings.append((name, cjk))
    return Taxonomy(tuple(words), tuple(substrings))


def passage_topics(counts: Counter[str], order: Iterable[str], minimum: int) -> tuple[str, ...]:
    """Topics with at least ``minimum`` hits, in taxonomy order."""
    return tuple(t for t in order if counts[t] >= max(1, minimum))


def article_topics(total: Counter[str], order: Iterable[str], minimum: int) -> tuple[str, ...]:
    """Topics with at least ``minimum`` hits in all, most frequent first."""
    rank = {t: i for i, t in enumerate(order)}
    chosen = [t for t in rank if total[t] >= max(1, minimum)]
    return tuple(sorted(chosen, key=lambda t: (-total[t], rank[t])))
