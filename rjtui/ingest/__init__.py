"""Ingest: raw article files -> clean ``Article`` objects with passages and metadata.

The public API (other parts of rjtui code against these names):
``ingest_file``, ``iter_corpus_files``, ``load_corpus`` (with ``CorpusLoad`` and
``Skipped``), ``SkipFile``, ``fold_for_search`` and ``INGEST_VERSION``.
Everything here is headless and Whoosh-free.
"""

from __future__ import annotations

from rjtui.ingest.errors import SkipFile
from rjtui.ingest.files import (
    CorpusLoad,
    Skipped,
    article_id,
    ingest_file,
    iter_corpus_files,
    load_corpus,
)
from rjtui.ingest.fold import fold_for_search

INGEST_VERSION = 8
"""Bump whenever ingest output changes: the index rebuilds itself when it differs."""

__all__ = [
    "INGEST_VERSION",
    "CorpusLoad",
    "SkipFile",
    "Skipped",
    "article_id",
    "fold_for_search",
    "ingest_file",
    "iter_corpus_files",
    "load_corpus",
]
