"""Posting blocks written straight from each term's arrays are the bytes Whoosh's
per-posting path writes.

``PassageWriter._flush_segment`` hands each buffered term to
``PackedPostingsWriter.write_postings`` whole; Whoosh's own
``SegmentWriter._flush_segment`` feeds the same postings one at a time through
``FieldWriter.add_postings`` and ``add_posting``. Built over the same real
articles (three languages, repeated words, metadata fields) with blocks of 3
postings, both indexes must be byte-identical: same posting file, same term
table with its statistics.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from whoosh.writing import SegmentWriter

from rjtui.config import Config
from rjtui.search import postings
from rjtui.search.writer import PassageWriter
from rjtui.session import ensure_index
from tests.conftest import SEEDS
from tests.unit.test_search_languages import ARTICLES


def _segment_files(data: Path) -> dict[str, bytes]:
    """The posting and term files of the one segment built, by extension."""
    files = {p.suffix: p.read_bytes() for p in data.rglob("*") if p.suffix in (".pst", ".trm")}
    assert set(files) == {".pst", ".trm"}
    return files


def _build(folder: Path, corpus: Path) -> dict[str, bytes]:
    ensure_index(Config(corpus=(corpus,), data_dir=folder))
    return _segment_files(folder)


def test_blocks_from_term_arrays_equal_whoosh_per_posting_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    for name, text in ARTICLES.items():
        (corpus / name).write_text(text + "\n\nJapan, Japan and again japan.\n", "utf-8")
    monkeypatch.setattr(postings, "BLOCK_POSTINGS", 3)
    written: list[int] = []
    original = postings.PackedPostingsWriter.write_postings

    def spy(self, ids, *rest):
        written.append(len(ids))
        return original(self, ids, *rest)

    monkeypatch.setattr(postings.PackedPostingsWriter, "write_postings", spy)
    direct = _build(tmp_path / "direct", corpus)
    assert max(written) > 3  # terms of several blocks went the direct way
    written.clear()
    monkeypatch.setattr(PassageWriter, "_flush_segment", SegmentWriter._flush_segment)
    per_posting = _build(tmp_path / "per-posting", corpus)
    assert not written  # and this build went Whoosh's way
    assert direct == per_posting
