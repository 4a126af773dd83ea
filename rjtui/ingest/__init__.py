"""Ingest: raw article files -> clean ``Article`` objects with passages and metadata.

The public API (other parts of rjtui code against these names):
``ingest_file``, ``iter_corpus_files``, ``load_corpus`` (with ``CorpusLoad`` and
``Skipped``), ``SkipFile``, ``INGEST_VERSION`` and ``LOADER`` (what the index
builder is handed).
Everything here is headless and Whoosh-free.
"""

from __future__ import annotations

from rjtui.corpus import Loader
from rjtui.ingest.errors import SkipFile
from rjtui.ingest.files import (
    CorpusLoad,
    Skipped,
    article_id,
    correction_stamp,
    ingest_file,
    iter_corpus_files,
    load_corpus,
    parse_file,
)
from rjtui.ingest.templates import count_templates

INGEST_VERSION = 16
"""Bump whenever ingest output changes: the index rebuilds itself when it differs."""

LOADER = Loader(
    INGEST_VERSION,
    iter_corpus_files,
    ingest_file,
    SkipFile,
    correction_stamp,
    parse_file,
    count_templates,
)

__all__ = [
    "INGEST_VERSION",
    "LOADER",
    "CorpusLoad",
    "SkipFile",
    "Skipped",
    "article_id",
    "correction_stamp",
    "ingest_file",
    "iter_corpus_files",
    "load_corpus",
]
