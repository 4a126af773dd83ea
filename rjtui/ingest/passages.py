"""Passages with stable ids and topics: the unit of search hits and bookmarks."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from rjtui.config import Config
from rjtui.corpus import Passage, passage_id, word_count
from rjtui.fold import fold_for_search
from rjtui.ingest.textutil import squash
from rjtui.ingest.topics import article_topics, build_taxonomy, passage_topics

_SHORT_MIN_HITS = 2
_WORDS_PER_HIT = 300


def normalise_for_id(text: str) -> str:
    """What a passage id hashes: folded, case-folded, whitespace-squashed text, so
    that re-ingest with cosmetic changes (spacing, a look-alike letter) keeps the id."""
    return _id_text(fold_for_search(text))


def _id_text(folded: str) -> str:
    return squash(folded.casefold())


def build_passages(
    article_id: str, texts: Sequence[str], config: Config
) -> tuple[tuple[Passage, ...], tuple[str, ...]]:
    """``(passages, article topics)``; a repeated text gets ``-2``, ``-3`` ids."""
    taxonomy = build_taxonomy(config.topics)
    order = list(config.topics)
    total: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    passages = []
    for n, text in enumerate(texts, start=1):
        folded = fold_for_search(text)  # once, for the id and the topics
        pid = passage_id(article_id, _id_text(folded))
        seen[pid] += 1
        if seen[pid] > 1:
            pid = f"{pid}-{seen[pid]}"
        counts = taxonomy.counts(text, folded)
        total.update(counts)
        passages.append(Passage(pid, n, text, passage_topics(counts, order, config.topic_min_hits)))
    words = sum(word_count(t) for t in texts)
    return tuple(passages), article_topics(total, order, article_threshold(config, words))


def article_threshold(config: Config, words: int) -> int:
    """Hits an article needs for a topic: the configured number for a long article, fewer
    for a short one (a 200-word news item naming the Kurils twice is about them)."""
    return min(config.topic_min_article_hits, max(_SHORT_MIN_HITS, words // _WORDS_PER_HIT))
