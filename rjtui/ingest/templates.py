"""Corpus-level template detection: a line repeated across a folder's files is site chrome.

This is how crawlers remove templates, and it catches what no word list knows (a
blog's name, a site's own slogan, "Posted in Analysis"). Lines are counted per
folder by a short hash of their normalised text; a line found in 3 or more files
of the same folder (copies of one article count once) is a template there, except
a full sentence (12+ words), which must be in most of the folder's files. Lines
that read as metadata (a byline, a date, "Author: X") are never removed: a
columnist's byline recurs and is still the author. The index keeps each file's
hashes so that an update recounts without re-reading unchanged files, and
re-ingests a file whose templates changed.
"""

from __future__ import annotations

import hashlib
import itertools
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from rjtui.ingest.textutil import ends_sentence, size, squash

MIN_FILES = 3
_SENTENCE_WORDS = 12
_MAX_CHARS = 300
_MAX_COPIES = 20


def line_key(line: str) -> str | None:
    """The hash a line is counted under, or ``None`` for a line never counted."""
    text = squash(line).casefold()
    if not text or len(text) > _MAX_CHARS:
        return None
    marker = "s" if _is_sentence(text) else "l"  # sentences need most of the folder
    return marker + _digest(text)


def template_count(line: str, templates: Mapping[str, int]) -> int:
    """In how many files of its folder ``line`` is a template (0: it is not one). Looks
    the line up under both markers: the hash alone is cheaper than telling whether the
    line is a sentence, and a line has only one of the two keys."""
    text = squash(line).casefold()
    if not text or len(text) > _MAX_CHARS:
        return 0
    digest = _digest(text)
    return templates.get("l" + digest) or templates.get("s" + digest) or 0


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=5).hexdigest()


def line_keys(lines: Iterable[str]) -> list[str]:
    """The distinct keys of a file's source lines (what the index stores per file)."""
    return sorted({key for line in lines if (key := line_key(line))})


def _is_sentence(text: str) -> bool:
    return size(text) >= _SENTENCE_WORDS and ends_sentence(text)


def folder_templates(keys_by_file: Mapping[str, Sequence[str]]) -> dict[str, dict[str, int]]:
    """folder -> {key: number of articles} for the keys that are templates there. Copies
    of one article (saved twice, in two encodings) count once: chrome is what different
    articles share, and a duplicate's own title is not chrome.

    Counted in two passes: how often each key occurs in its folder first (no more
    articles than that can have it), then the articles of the few keys that occur in
    ``MIN_FILES`` files or more. A set of articles for every key of a 50k-file folder
    (most keys are in one file) took the build's parent 250 MB."""
    article = _same_article(keys_by_file)
    folder_of = {path: str(Path(path).parent) for path in keys_by_file}
    seen: dict[str, Counter[str]] = {}
    articles: dict[str, set[str]] = {}
    for path, keys in keys_by_file.items():
        seen.setdefault(folder_of[path], Counter()).update(keys)
        articles.setdefault(folder_of[path], set()).add(article[path])
    wanted = {folder: {k for k, n in c.items() if n >= MIN_FILES} for folder, c in seen.items()}
    del seen
    counts: dict[str, dict[str, set[str]]] = {folder: {} for folder in wanted}
    for path, keys in keys_by_file.items():
        holders = counts[folder_of[path]]
        for key in wanted[folder_of[path]].intersection(keys):
            holders.setdefault(key, set()).add(article[path])
    out: dict[str, dict[str, int]] = {}
    for folder, holders in counts.items():
        most = len(articles[folder]) // 2 + 1
        out[folder] = {
            key: len(found)
            for key, found in holders.items()
            if len(found) >= MIN_FILES and (key[0] != "s" or len(found) >= max(MIN_FILES, most))
        }
    return out


def _same_article(keys_by_file: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """path -> one path standing for its article: files sharing more than half of the
    sentences of the shorter one are copies of one article (union-find). Only a
    sentence in 2 to ``_MAX_COPIES`` files can tell copies apart, so only those keep
    the list of their files."""
    parent = {path: path for path in keys_by_file}

    def find(path: str) -> str:
        while parent[path] != path:
            parent[path] = parent[parent[path]]
            path = parent[path]
        return path

    found = Counter(key for keys in keys_by_file.values() for key in keys if key[0] == "s")
    holders: dict[str, list[str]] = {}
    sentences: Counter[str] = Counter()
    for path, keys in keys_by_file.items():
        for key in keys:
            if key[0] == "s":
                sentences[path] += 1
                if 1 < found[key] <= _MAX_COPIES:  # in many files: a template, not a copy
                    holders.setdefault(key, []).append(path)
    shared: Counter[tuple[str, str]] = Counter()
    for paths in holders.values():
        shared.update(itertools.combinations(paths, 2))
    for (a, b), n in shared.items():
        if 2 * n > min(sentences[a], sentences[b]):
            parent[find(a)] = find(b)
    return {path: find(path) for path in keys_by_file}


def templates_of(path: str, keys_by_file: Mapping[str, Sequence[str]]) -> dict[str, int]:
    """The templates of the one file ``path``, counted over the files of its folder in
    ``keys_by_file`` (what the index or ``load_corpus`` counted), the others ignored."""
    folder = str(Path(path).parent)
    same = {p: keys for p, keys in keys_by_file.items() if str(Path(p).parent) == folder}
    return file_templates(same).get(path, {})


def file_templates(keys_by_file: Mapping[str, Sequence[str]]) -> dict[str, dict[str, int]]:
    """path -> the templates that concern that file: its own keys that are templates in
    its folder, with the number of files each is in."""
    counted = count_templates(keys_by_file)
    return {path: counted.of(path, keys) for path, keys in keys_by_file.items()}


@dataclass(frozen=True, slots=True)
class Templates:
    """The templates of every folder, as counted; a file's own are picked out of its
    folder's when it is ingested (``of``). A dict of its own for each of 50k files
    (and its pickle to a build worker) took 100 MB and more in the build's parent
    and in a worker holding files with site chrome."""

    folders: dict[str, dict[str, int]]

    def of(self, path: str, keys: Iterable[str]) -> dict[str, int]:
        """The templates among ``keys``, the line keys of the file ``path``."""
        found = self.folders.get(str(Path(path).parent), {})
        return {key: found[key] for key in keys if key in found}

    def only(self, paths: Iterable[str]) -> Templates:
        """The templates of the folders of ``paths`` (what a build worker needs)."""
        folders = {str(Path(path).parent) for path in paths}
        return Templates({f: found for f, found in self.folders.items() if found and f in folders})


def count_templates(keys_by_file: Mapping[str, Sequence[str]]) -> Templates:
    """The templates of the files' folders, counted over ``keys_by_file`` (every file's
    line keys)."""
    return Templates(folder_templates(keys_by_file))
