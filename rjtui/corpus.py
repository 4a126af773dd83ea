"""The data model every part of rjtui shares: an ``Article`` made of ``Passage``s.

Ingest produces these from raw files; the index stores them; search, the TUI
and bookmarks read them. They are plain frozen dataclasses with no behaviour
beyond serialisation, so the model can be pickled, compared and sent across
threads freely.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    pass


@dataclass(frozen=True, slots=True)
class Passage:
    """One paragraph of an article: the unit of search hits and bookmarks."""

    id: str
    """Stable id: the article id, ``:``, and a hash of the normalised text."""
    n: int
    """1-based position in the article (what a person calls 'paragraph 3')."""
    text: str
    """Clean display text (original letters; look-alike folding is for search only)."""
    topics: tuple[str, ...] = ()
    """Taxonomy topics signalled by this passage."""

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "n": self.n, "text": self.text, "topics": list(self.topics)}


@dataclass(frozen=True, slots=True)
class Dropped:
    """A source line that is in no passage, field, note or caption, and why."""

    line: int
    """1-based line number in the source text (for HTML and PDF: the extracted text)."""
    text: str
    reason: str
    """navigation, share, teaser, running head, page number, template (in N files)..."""

    def to_json(self) -> dict[str, Any]:
        return {"line": self.line, "text": self.text, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class ArticleMeta:
    """Article metadata: THE list of metadata fields (``None`` where the text does not say).

    Every representation is derived from these fields, never written out by
    hand: the index sidecar rows and the ``--json`` objects (``to_json`` /
    ``from_json``), the bookmark entries (``rjtui.bookmarks.fileformat``) and
    ``Article`` itself, which extends this class with the text. A new field is
    added here (with a default) plus the ingest code that extracts it.
    """

    id: str
    """Stable, human-typeable id derived from the file name (see ``article_id``)."""
    path: str
    """Absolute path of the raw file."""
    title: str
    """The title; a fallback when the text has none (see ``title_is_fallback``)."""
    title_is_fallback: bool = False
    """True when the text states no title and ``title`` was derived (e.g. first sentence)."""
    subtitle: str | None = None
    authors: tuple[str, ...] = ()
    author_note: str | None = None
    """The bio line under or after a byline ('Professor at ...')."""
    date: str | None = None
    """ISO 8601 date (``YYYY-MM-DD``, or ``YYYY-MM`` / ``YYYY`` when only that is known)."""
    source: str | None = None
    """Publication, e.g. 'New Eastern Outlook'."""
    section: str | None = None
    """Section or rubric, e.g. 'Analysis | Asia-Pacific'."""
    language: str = "en"
    """``en``, ``ru``, ``ja`` or ``other``, detected from the script."""
    topics: tuple[str, ...] = ()
    url: str | None = None
    corrected: tuple[str, ...] = ()
    """The fields the user corrected (``rjtui fix``, ``e`` in the reader), which the
    reader marks with ✎; ``lines`` when lines were kept or dropped by hand."""
    passage_count: int = 0
    words: int = 0
    entities: tuple[str, ...] = ()
    """Gazetteer entity ids its passages mention: tagged by the indexer, not by ingest."""

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date else None

    def to_json(self) -> dict[str, Any]:
        """Every metadata field, tuples as lists: the sidecar row and the ``--json`` object."""
        return {f.name: jsonable(getattr(self, f.name)) for f in METADATA_FIELDS}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ArticleMeta:
        """The inverse of ``to_json``; a missing key (an older row) takes its default."""
        values: dict[str, Any] = {}
        for f in METADATA_FIELDS:
            if f.name in data:
                value = data[f.name]
                values[f.name] = tuple(value) if isinstance(f.default, tuple) else value
        return cls(**values)

    def meta(self) -> ArticleMeta:
        """Just the metadata (an ``Article`` without its text)."""
        return ArticleMeta(**{f.name: getattr(self, f.name) for f in METADATA_FIELDS})


METADATA_FIELDS = fields(ArticleMeta)
"""The metadata fields, in order (``dataclasses.fields`` of ``ArticleMeta``)."""


def jsonable(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _deep_json(value: Any) -> Any:
    """``jsonable``, with records (``Passage``, ``Dropped``) as their ``to_json``."""
    if isinstance(value, tuple):
        return [item.to_json() if hasattr(item, "to_json") else item for item in value]
    return value


@dataclass(frozen=True, slots=True)
class Article(ArticleMeta):
    """A clean article: its metadata and its text as passages.

    ``passage_count`` and ``words`` are computed from ``passages``, so they
    cannot disagree with them.
    """

    passages: tuple[Passage, ...] = ()
    notes: tuple[str, ...] = ()
    """Footnotes and references split off the body (kept, but not passages)."""
    captions: tuple[str, ...] = ()
    """Photo captions and credits (kept apart from the body)."""
    dropped: tuple[Dropped, ...] = ()
    """Every other source line left out of the article, with its reason."""
    content_hash: str = ""
    """Hash of the raw bytes, for incremental indexing."""
    warnings: tuple[str, ...] = ()
    """Ingest problems that did not stop the file (e.g. broken front matter ignored)."""
    passage_count: int = field(init=False, default=0)
    words: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        object.__setattr__(self, "passage_count", len(self.passages))
        object.__setattr__(self, "words", sum(word_count(p.text) for p in self.passages))

    def summary_json(self) -> dict[str, Any]:
        """The ``rjtui articles --json`` object (a stable contract for scripts)."""
        return {**self.to_json(), "passages": self.passage_count}

    def full_json(self) -> dict[str, Any]:
        """The ``rjtui show ID --json`` object: every field, the text ones included
        (a field added to ``Article`` is in it with no other edit)."""
        return {f.name: _deep_json(getattr(self, f.name)) for f in fields(self)}


_CJK_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]")


def word_count(text: str) -> int:
    """Words as a reader counts them: space-separated words, plus one per CJK
    character (Japanese has no spaces; "400 characters" is not "11 words")."""
    cjk = len(_CJK_CHAR.findall(text)) if not text.isascii() else 0
    if not cjk:
        return len(text.split())
    return cjk + len(_CJK_CHAR.sub(" ", text).split())


def text_hash(text: str, length: int = 10) -> str:
    """Short, stable hex digest of ``text`` (used in passage ids)."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()[:length]


def passage_id(article_id: str, normalised_text: str) -> str:
    """Passage ids survive re-ingest of unchanged text and re-ordering of paragraphs."""
    return f"{article_id}:{text_hash(normalised_text)}"


class Templates(Protocol):
    """The templates (site chrome) of a corpus's folders, as ``Loader.templates`` counted
    them: picklable, for the index build's worker processes."""

    def of(self, path: str, keys: Iterable[str]) -> dict[str, int]:
        """The templates of the file ``path`` among its line ``keys``: ``load``'s
        ``templates=``."""
        ...

    def only(self, paths: Iterable[str]) -> Templates:
        """Just what the files ``paths`` need (what a build worker is sent)."""
        ...


@dataclass(frozen=True)
class Loader:
    """How raw files become ``Article``s, as the index builder sees it.

    ``rjtui.ingest`` provides the one instance (``rjtui.ingest.LOADER``) and the
    caller hands it to ``rjtui.search.indexer``, so ``search`` never imports
    ``ingest``. Every field is a module-level name: the builder's spawned
    worker processes receive the loader pickled, i.e. by reference.
    """

    version: int
    """Changes whenever ingest output changes; the index rebuilds when it differs."""
    list_files: Callable[[Iterable[Path]], Iterator[tuple[Path, Path]]]
    """Corpus folders -> ``(file, its corpus folder)`` for every candidate file."""
    load: Callable[..., Article]
    """``load(path, config, root=folder, parsed=p, templates=t)``: one file -> ``Article``,
    or raises ``skip``; ``p`` is what ``parse`` made of the file's one read, ``t``
    its templates (``templates``)."""
    skip: type[Exception]
    """The exception ``load`` raises for a file that is not an article; ``.reason`` says why."""
    stamp: Callable[..., str]
    """``stamp(config, path)``: changes when the user's correction of ``path`` does
    ("" for none), so the index re-ingests that one file without a rebuild."""
    parse: Callable[[Path, Any], Any]
    """``parse(path, raw)``: the file's one read (a ``rjtui.rawfile.RawFile``) parsed for
    ``load``; its ``.keys`` are the keys its lines are counted under."""
    templates: Callable[[Mapping[str, Sequence[str]]], Templates]
    """``{path: keys}`` for every corpus file -> their ``Templates`` (lines repeated
    across a folder); ``load`` takes a file's own (``Templates.of``) as ``templates=``.
    Recounted on every update, so a file whose templates change is ingested again."""
