"""Finding corpus files, naming articles after them, and loading a whole corpus.

Article ids come from the path relative to its corpus folder, so they are
stable across machines and re-ingest and typeable on a command line. A bad
file is reported with its reason and never stops the rest of the corpus.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from rjtui.config import Config
from rjtui.corpus import Article
from rjtui.corrections.store import current
from rjtui.errors import RjtuiError
from rjtui.ingest.boilerplate import check_extra_rules
from rjtui.ingest.errors import SkipFile
from rjtui.ingest.ledger import Ledger
from rjtui.ingest.pipeline import KINDS, Source, read_source, trace_source
from rjtui.ingest.templates import file_templates, line_keys
from rjtui.rawfile import RawFile, Unreadable, pseudo_devices, read_raw
from rjtui.sanitize import strip_controls

SUFFIXES = frozenset(KINDS)
_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file that is not in the corpus, and why."""

    path: str
    reason: str


@dataclass
class CorpusLoad:
    """Everything ``load_corpus`` read: the articles, the files it skipped and every
    file's line keys (``templates.line_keys``, for its source view)."""

    articles: list[Article] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    line_keys: dict[str, tuple[str, ...]] = field(default_factory=dict)


def display_path(path: Path) -> str:
    """``path`` as safe, printable text (undecodable name bytes become U+FFFD)."""
    raw = os.fsencode(path)
    return strip_controls(raw.decode("utf-8", "replace"))


def article_id(path: Path, root: Path) -> str:
    """``2023/01.txt`` -> ``2023-01``; unsafe characters are replaced and a short hash
    of the real name is added so that two different names never share an id."""
    rel = path.relative_to(root).with_suffix("")
    raw = "-".join(os.fsencode(part).decode("utf-8", "replace") for part in rel.parts)
    slug = _UNSAFE.sub("_", raw).strip("_.-")
    if slug != raw or not slug:
        digest = hashlib.blake2b(os.fsencode(rel), digest_size=4).hexdigest()
        slug = f"{slug}-{digest}" if slug else f"article-{digest}"
    return slug


def iter_corpus_files(dirs: Iterable[Path]) -> Iterator[tuple[Path, Path]]:
    """``(path, root)`` for every article file under ``dirs``, sorted, recursively.

    Hidden files and folders are skipped; a folder reached twice (symlink loop
    or two links to one place) is walked once, and kernel pseudo file systems
    (/proc, /sys...) are not entered. The walk keeps its own stack, so no depth
    of nesting exhausts Python's recursion limit.
    """
    for root in dirs:
        yield from ((path, root) for path in _walk(root))


def _walk(root: Path) -> Iterator[Path]:
    seen: set[tuple[int, int]] = set()
    stack = [_listing(root, seen)]
    while stack:
        entries, names = stack[-1]
        entry = next(entries, None)
        if entry is None:
            stack.pop()
            continue
        if entry.name.startswith(".") or _is_saved_page_folder(entry.name, names):
            continue
        path = Path(entry.path)
        try:
            if entry.is_dir():
                stack.append(_listing(path, seen))
                continue
        except OSError:
            pass  # a link that loops: not a folder; listed below, then skipped with a reason
        if path.suffix.lower() in SUFFIXES:
            yield path  # whatever it is (a FIFO, a broken link): listed, then skipped with a reason


def _entries(folder: Path, seen: set[tuple[int, int]]) -> list[os.DirEntry]:
    """The entries of ``folder`` sorted by name, or none: a folder already walked, one on
    a pseudo file system, or one that cannot be listed."""
    try:
        st = folder.stat()
        key = (st.st_dev, st.st_ino)
        if key in seen or st.st_dev in pseudo_devices():
            return []
        seen.add(key)
        with os.scandir(folder) as it:
            return sorted(it, key=lambda e: os.fsencode(e.name))
    except OSError:
        return []


def _listing(folder: Path, seen: set[tuple[int, int]]) -> tuple[Iterator[os.DirEntry], set[str]]:
    entries = _entries(folder, seen)
    return iter(entries), {entry.name for entry in entries}


def _is_saved_page_folder(name: str, siblings: set[str]) -> bool:
    """``Page_files/``, the images, scripts and frames a browser's "Save page as" keeps
    beside ``Page.html``: never articles, though it holds .html files."""
    stem = name.removesuffix("_files")
    return stem != name and bool({f"{stem}.html", f"{stem}.htm"} & siblings)


@dataclass(frozen=True, slots=True)
class ParsedFile:
    """A corpus file read once and parsed, waiting for its folder's template counts.

    A build counts every file's lines before it ingests any (a line is chrome only
    if other files of its folder have it too), so all the files of a build wait
    at once: the parsed text is kept pickled and compressed (about a third of the
    text, and far less than the raw HTML), never read from disk a second time.
    """

    keys: tuple[str, ...]
    """The keys its lines are counted under (``templates.line_keys``)."""
    digest: str
    packed: bytes = b""
    skip: str = ""
    """Why the file holds no article, found while parsing it (then ``packed`` is empty)."""

    def source(self) -> Source:
        return pickle.loads(zlib.decompress(self.packed))  # our own bytes, never a file's


def parse_file(path: Path, raw: RawFile) -> ParsedFile:
    """The first half of ingest: ``raw`` (the file's one read) as text lines and keys."""
    digest = raw.stamp.digest or hashlib.blake2b(raw.data, digest_size=16).hexdigest()
    try:
        source = read_source(raw.data, KINDS.get(path.suffix.lower(), "text"))
    except SkipFile as exc:
        return ParsedFile((), digest, skip=exc.reason)
    except RjtuiError:
        raise  # a problem that concerns every file
    except Exception as exc:  # a reader's bug must cost one file, not the corpus
        return ParsedFile((), digest, skip=_bug(exc))
    keys = tuple(line_keys(source.text.split("\n")))
    return ParsedFile(keys, digest, zlib.compress(pickle.dumps(source, protocol=5), 1))


def ingest_file(
    path: Path,
    config: Config,
    *,
    root: Path,
    raw: RawFile | None = None,
    parsed: ParsedFile | None = None,
    templates: Mapping[str, int] | None = None,
) -> Article:
    """The article in ``path`` (``SkipFile`` with a reason when there is none).
    ``raw`` is the file already read with ``read_raw`` and ``parsed`` already parsed
    with ``parse_file`` (so it is read once); ``templates`` the line keys that are
    site chrome in its folder."""
    aid = article_id(path, root)
    return trace_file(path, config, aid, raw, parsed=parsed, templates=templates)[0]


def trace_file(
    path: Path,
    config: Config,
    aid: str,
    raw: RawFile | None = None,
    *,
    parsed: ParsedFile | None = None,
    templates: Mapping[str, int] | None = None,
) -> tuple[Article, Ledger]:
    """``ingest_file`` for the article ``aid``, with the ledger of its source lines;
    the user's correction of the file is applied after every heuristic."""
    if parsed is None:
        if raw is None:
            try:
                raw = read_raw(path)
            except Unreadable as exc:
                raise SkipFile(exc.reason) from None
        parsed = parse_file(path, raw)
    if parsed.skip:
        raise SkipFile(parsed.skip)
    shown = display_path(path)
    try:
        return trace_source(
            parsed.source(),
            config,
            article_id=aid,
            path=shown,
            content_hash=parsed.digest,
            templates=templates,
            correction=current(config.corrections_file)[0].get(shown),
        )
    except RjtuiError:
        raise  # SkipFile, or a config problem that concerns every file
    except Exception as exc:  # a heuristic's bug must cost one file, not the corpus
        raise SkipFile(_bug(exc)) from exc


def _bug(exc: Exception) -> str:
    return f"could not be parsed ({type(exc).__name__}: {exc}); please report"


def correction_stamp(config: Config, path: Path) -> str:
    """What the index keeps to notice a changed correction of ``path`` ("" for none)."""
    correction = current(config.corrections_file)[0].get(display_path(path))
    return correction.stamp if correction else ""


def load_corpus(config: Config) -> CorpusLoad:
    """Every article in the configured corpus folders, plus the skipped files. The
    files' lines are counted per folder first (template detection), then ingested."""
    check_extra_rules(config.boilerplate)
    load = CorpusLoad()
    owners: dict[str, str] = {}
    parsed: dict[Path, ParsedFile | Skipped] = {}
    listed = list(iter_corpus_files(config.corpus_dirs))
    for path, _ in listed:
        try:
            parsed[path] = parse_file(path, read_raw(path))
        except Unreadable as exc:
            parsed[path] = Skipped(display_path(path), exc.reason)
    load.line_keys = {str(path): p.keys for path, p in parsed.items() if isinstance(p, ParsedFile)}
    templates = file_templates(load.line_keys)
    for path, root in listed:
        shown = display_path(path)
        done = parsed.pop(path)
        if isinstance(done, Skipped):
            load.skipped.append(done)
            continue
        try:
            chrome = templates[str(path)]
            article = ingest_file(path, config, root=root, parsed=done, templates=chrome)
        except SkipFile as exc:
            load.skipped.append(Skipped(shown, exc.reason))
            continue
        if article.id in owners:
            reason = f"duplicate article id {article.id} (already used by {owners[article.id]})"
            load.skipped.append(Skipped(shown, reason))
            continue
        owners[article.id] = shown
        load.articles.append(article)
    return load
