"""Finding corpus files, naming articles after them, and loading a whole corpus.

Article ids come from the path relative to its corpus folder, so they are
stable across machines and re-ingest and typeable on a command line. A bad
file is reported with its reason and never stops the rest of the corpus.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from rjtui.config import Config
from rjtui.corpus import Article
from rjtui.errors import RjtuiError
from rjtui.ingest.boilerplate import check_extra_rules
from rjtui.ingest.errors import SkipFile
from rjtui.ingest.pipeline import KINDS, ingest_bytes, read_source
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
    """Everything ``load_corpus`` read: the articles and the files it skipped."""

    articles: list[Article] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


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


def ingest_file(
    path: Path,
    config: Config,
    *,
    root: Path,
    raw: RawFile | None = None,
    templates: Mapping[str, int] | None = None,
) -> Article:
    """The article in ``path`` (``SkipFile`` with a reason when there is none);
    ``raw`` is the file already read with ``read_raw``, so it is read once;
    ``templates`` the line keys that are site chrome in its folder."""
    if raw is None:
        try:
            raw = read_raw(path)
        except Unreadable as exc:
            raise SkipFile(exc.reason) from None
    aid = article_id(path, root)
    kind = KINDS.get(path.suffix.lower(), "text")
    try:
        return ingest_bytes(
            raw.data,
            config,
            article_id=aid,
            path=display_path(path),
            kind=kind,
            content_hash=raw.stamp.digest,
            templates=templates,
        )
    except RjtuiError:
        raise  # SkipFile, or a config problem that concerns every file
    except Exception as exc:  # a heuristic's bug must cost one file, not the corpus
        raise SkipFile(f"could not be parsed ({type(exc).__name__}: {exc}); please report") from exc


def line_keys_of(path: Path) -> list[str]:
    """The template keys of a file's source lines (none for a file that is skipped)."""
    try:
        source = read_source(read_raw(path).data, KINDS.get(path.suffix.lower(), "text"))
    except (Unreadable, RjtuiError):
        return []
    except Exception:  # a reader's bug: ingest_file reports it for this file
        return []
    return line_keys(source.text.split("\n"))


def load_corpus(config: Config) -> CorpusLoad:
    """Every article in the configured corpus folders, plus the skipped files. The
    files' lines are counted per folder first (template detection), then ingested."""
    check_extra_rules(config.boilerplate)
    load = CorpusLoad()
    owners: dict[str, str] = {}
    listed = list(iter_corpus_files(config.corpus_dirs))
    templates = file_templates({str(path): line_keys_of(path) for path, _ in listed})
    for path, root in listed:
        shown = display_path(path)
        try:
            article = ingest_file(path, config, root=root, templates=templates[str(path)])
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
