"""Article metadata is declared once (``ArticleMeta``); every representation derives from it."""

from __future__ import annotations

import dataclasses
import json

from hypothesis import given
from hypothesis import strategies as st

from rjtui.bookmarks.model import CITED, Bookmark
from rjtui.corpus import METADATA_FIELDS, Article, ArticleMeta, Passage
from rjtui.ingest.metadata import Metadata
from rjtui.results import PassageHit
from rjtui.search.table import meta_to_row

text = st.text(max_size=20)
metas = st.builds(
    ArticleMeta,
    id=text,
    path=text,
    title=text,
    title_is_fallback=st.booleans(),
    subtitle=st.none() | text,
    authors=st.lists(text, max_size=3).map(tuple),
    date=st.none() | text,
    topics=st.lists(text, max_size=3).map(tuple),
    passage_count=st.integers(0, 10**6),
)


@given(metas)
def test_json_and_sidecar_rows_round_trip_every_field(meta: ArticleMeta) -> None:
    row = json.loads(json.dumps(meta_to_row(7, meta)))
    assert row["akey"] == 7
    assert set(row) - {"akey"} == {f.name for f in METADATA_FIELDS}
    assert ArticleMeta.from_json(row) == meta


def test_a_row_written_before_a_field_existed_takes_its_default() -> None:
    row = ArticleMeta(id="a", path="/a", title="T", url="u").to_json()
    del row["url"]
    assert ArticleMeta.from_json(row).url is None


def test_an_article_is_its_metadata_plus_text() -> None:
    passages = (Passage("a:1", 1, "one two three"), Passage("a:2", 2, "four"))
    article = Article(id="a", path="/a", title="T", authors=("X",), passages=passages)
    assert (article.passage_count, article.words) == (2, 4)
    assert article.meta() == ArticleMeta(
        id="a", path="/a", title="T", authors=("X",), passage_count=2, words=4
    )
    assert article.summary_json()["passages"] == 2


def test_every_field_ingest_extracts_reaches_the_article() -> None:
    """``Metadata.stated()`` passes on the fields ``ArticleMeta`` shares with it; a
    field extracted under another name would be dropped silently."""
    # body lines, ledger, Article.captions, dates without a year and update stamps (they
    # become ``date``)
    bookkeeping = {"extra_lines", "placed", "captions", "undated", "updated"}
    extracted = {f.name for f in dataclasses.fields(Metadata)} - bookkeeping
    assert extracted <= {f.name for f in METADATA_FIELDS}
    meta = Metadata(title="T", authors=("A",), url="u", extra_lines=["x"])
    assert meta.stated()["url"] == "u" and "extra_lines" not in meta.stated()


def test_bookmark_entries_keep_the_cited_fields_in_order() -> None:
    meta = ArticleMeta(id="a", path="/a", title="T", authors=("X",), date="2024", topics=("t",))
    entry = Bookmark("bm-1", "2026", meta, PassageHit("a:1", 1, "text")).to_dict()["article"]
    assert list(entry) == list(CITED) == ["id", "title", "authors", "date", "source", "path"]
    assert entry["authors"] == ["X"] and "topics" not in entry
