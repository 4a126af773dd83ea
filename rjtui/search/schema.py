"""The Whoosh schema and how an ``Article`` becomes index documents.

One document per passage, each carrying its article's metadata: a hit then
points at the exact paragraph, snippets and highlights work on short texts,
and every field query (``title:``, ``author:`` ...) combines with body words
inside one document. Articles are ranked as wholes by grouping passage hits.
Stored fields keep what snippets and the reader need (passage text, number,
topics), so a search never re-reads raw files; article metadata lives in the
sidecar table (see ``rjtui.search.store``).
"""

from __future__ import annotations

from typing import Any

from whoosh import columns
from whoosh.codec.whoosh3 import W3Codec
from whoosh.fields import COLUMN, ID, STORED, TEXT, Schema

from rjtui.corpus import Article
from rjtui.search.analysis import VALUE_SEPARATOR, MultiScriptAnalyzer

SCHEMA_VERSION = 2
"""Bump when the schema, the analyzer or the document layout changes: forces a rebuild."""

QUERY_FIELDS: dict[str, str] = {
    "title": "title",
    "author": "author",
    "topic": "topic",
    "source": "source",
    "section": "section",
    "year": "year",
    "language": "language",
}
"""Field names a user may write in a query, mapped to schema fields."""

DEFAULT_FIELD = "body"


class PassageCodec(W3Codec):
    """Whoosh's codec minus the per-posting length statistics and zlib.

    rjtui scores without length normalisation (``rjtui.search.evaluate``), and
    reading each document's length back for every posting is a third of the
    build; zlib costs more build and query time than the disk space it saves.
    """

    length_stats = False


def make_codec() -> PassageCodec:
    return PassageCodec(compression=0)


def make_schema() -> Schema:
    analyzer = MultiScriptAnalyzer()

    def text(boost: float = 1.0) -> TEXT:
        field = TEXT(analyzer=analyzer, phrase=True, multitoken_query="phrase", field_boost=boost)
        field.scorable = False  # no per-document lengths (see PassageCodec)
        return field

    return Schema(
        pid=ID(stored=True, unique=True),
        aid=ID,
        path=ID,
        akey=COLUMN(columns.NumericColumn("I")),
        n=STORED,
        text=STORED,
        ptopics=STORED,
        body=text(),
        title=text(2.0),
        author=text(),
        topic=text(),
        source=text(),
        section=text(),
        year=ID,
        language=ID,
    )


def passage_documents(article: Article, akey: int) -> list[dict[str, Any]]:
    """The index documents for ``article`` (one per passage); ``akey`` keys the sidecar row."""
    shared = {
        "aid": article.id,
        "path": article.path,
        "akey": akey,
        "title": " ".join(filter(None, (article.title, article.subtitle))),
        "author": VALUE_SEPARATOR.join(article.authors),
        "topic": VALUE_SEPARATOR.join(article.topics),
        "source": article.source or "",
        "section": article.section or "",
        "language": article.language,
    }
    if article.year is not None:
        shared["year"] = str(article.year)
    return [
        {
            **shared,
            "pid": p.id,
            "n": p.n,
            "text": p.text,
            "ptopics": list(p.topics),
            "body": p.text,
        }
        for p in article.passages
    ]
