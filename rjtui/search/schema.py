"""The Whoosh schema and how an ``Article`` becomes index documents.

One document per passage, each carrying its article's metadata: a hit then
points at the exact paragraph, snippets and highlights work on short texts,
and every field query (``title:``, ``author:`` ...) combines with body words
inside one document. Articles are ranked as wholes by grouping passage hits.
Stored fields keep what snippets and the reader need (passage text, number,
topics), so a search never re-reads raw files; article metadata lives in the
sidecar table (see ``rjtui.search.layout``).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from typing import Any

from whoosh import columns
from whoosh.fields import COLUMN, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.formats import Positions

from rjtui.corpus import Article
from rjtui.entities import EntityMatcher
from rjtui.search.analysis import VALUE_SEPARATOR, MultiScriptAnalyzer, analyze
from rjtui.search.postings import PassageCodec, le_array, le_bytes

SCHEMA_VERSION = 8
"""Bump when the schema, the analyzer or the document layout changes: forces a rebuild."""

QUERY_FIELDS: dict[str, str] = {
    "title": "title",
    "author": "author",
    "topic": "topic",
    "source": "source",
    "section": "section",
    "year": "year",
    "language": "language",
    "entity": "entity",
}
"""Field names a user may write in a query, mapped to schema fields."""

DEFAULT_FIELD = "body"
ENTITY_FIELD = "entity"
"""Gazetteer entity ids of a passage (``entity:kuril-islands``), tagged at index time."""
META_FIELDS = frozenset(QUERY_FIELDS.values()) - {ENTITY_FIELD}
"""Article-level fields: indexed once per article, on its first passage."""


def make_codec() -> PassageCodec:
    return PassageCodec()


BODY_POSITIONS = "_body_positions"
"""A document key (ignored as a field) with the body's positions, analysed once."""


class PackedPositions(Positions):
    """Whoosh's position postings, built without its per-token machinery.

    Positions come straight from :func:`analyze` (no ``Token`` objects, no
    generator chain) and are stored as a raw array instead of a pickle: this is
    the hottest loop of a build. A value is the positions themselves as
    little-endian uint16 (passages are short: even length), or ``b"I"`` and
    uint32s past 65535 (odd length), so decoding is one array copy and a
    single-position value is two bytes.
    """

    def word_values(self, value: str, analyzer: object, **kwargs: object) -> Iterator[tuple]:
        for term, found in self.positions(value).items():
            yield term, len(found), len(found) * self.field_boost, self.encode(found)

    @staticmethod
    def positions(value: str, words: dict[str, str] | None = None) -> dict[str, list[int]]:
        """Each term of ``value`` with its positions (what ``PassageWriter`` indexes);
        ``words`` collects the vocabulary (see ``analyze``)."""
        positions: dict[str, list[int]] = {}
        for term, pos, _start, _end in analyze(value, words):
            found = positions.get(term)
            if found is None:
                positions[term] = [pos]
            else:
                found.append(pos)
        return positions

    @staticmethod
    def encode(poslist: list[int]) -> bytes:
        if poslist[-1] < 65536:
            if len(poslist) == 1:  # most terms occur once in a passage
                return poslist[0].to_bytes(2, "little")
            return le_bytes(array("H", poslist))
        return b"I" + le_bytes(array("I", poslist))

    @staticmethod
    def decode_positions(valuestring: bytes) -> list[int]:
        if len(valuestring) == 2:
            return [int.from_bytes(valuestring, "little")]
        if len(valuestring) % 2:
            return le_array("I", valuestring[1:]).tolist()
        return le_array("H", valuestring).tolist()

    def decode_frequency(self, valuestring: bytes) -> int:
        return len(valuestring) // 4 if len(valuestring) % 2 else len(valuestring) // 2

    def decode_weight(self, valuestring: bytes) -> float:
        return self.decode_frequency(valuestring) * self.field_boost


def make_schema() -> Schema:
    analyzer = MultiScriptAnalyzer()

    def text(boost: float = 1.0) -> TEXT:
        field = TEXT(analyzer=analyzer, phrase=True, multitoken_query="phrase", field_boost=boost)
        field.scorable = False  # no per-document lengths (see PassageCodec)
        field.format = PackedPositions(field_boost=boost)
        return field

    return Schema(
        pid=STORED,
        path=ID,
        akey=COLUMN(columns.NumericColumn("I")),
        n=STORED,
        text=STORED,
        ptopics=STORED,
        pentities=STORED,
        entity=KEYWORD(scorable=False),
        body=text(),
        title=text(2.0),
        author=text(),
        topic=text(),
        source=text(),
        section=text(),
        year=ID,
        language=ID,
    )


def passage_documents(
    article: Article, akey: int, matcher: EntityMatcher, words: dict[str, str] | None = None
) -> tuple[list[dict[str, Any]], tuple[str, ...]]:
    """The index documents for ``article``, one per passage (``akey`` keys the sidecar
    row), and the entities the article mentions.

    Article metadata is indexed on the first passage only (the evaluator spreads
    a metadata match to every passage of the article): repeating it on each
    passage made a quarter of all postings. Each passage's body is analysed
    once: the same term positions are indexed and matched against the gazetteer
    (``words`` collects the vocabulary, as the writer would).
    """
    meta: dict[str, Any] = {
        "title": " ".join(filter(None, (article.title, article.subtitle))),
        "author": VALUE_SEPARATOR.join(article.authors),
        "topic": VALUE_SEPARATOR.join(article.topics),
        "source": article.source or "",
        "section": article.section or "",
        "language": article.language,
    }
    if article.year is not None:
        meta["year"] = str(article.year)
    docs = []
    mentioned: set[str] = set()
    for p in article.passages:
        positions = PackedPositions.positions(p.text, words)
        entities = matcher.tag(p.text, positions)
        mentioned.update(entities)
        docs.append(
            {
                "path": article.path,
                "akey": akey,
                "pid": p.id,
                "n": p.n,
                "text": p.text,
                "ptopics": list(p.topics),
                "pentities": list(entities),
                "entity": " ".join(entities) or None,
                "body": p.text,
                BODY_POSITIONS: positions,
            }
        )
    docs[0].update(meta)
    return docs, matcher.ordered(mentioned)
