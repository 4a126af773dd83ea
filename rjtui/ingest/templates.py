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
    articles share, and a duplicate's own title is not chrome."""
    article = _same_article(keys_by_file)
    counts: dict[str, dict[str, set[str]]] = {}
    articles: dict[str, set[str]] = {}
    for path, keys in keys_by_file.items():
        folder = str(Path(path).parent)
        articles.setdefault(folder, set()).add(article[path])
        holders = counts.setdefault(folder, {})
        for key in keys:
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
    sentences of the shorter one are copies of one article (union-find)."""
    parent = {path: path for path in keys_by_file}

    def find(path: str) -> str:
        while parent[path] != path:
            parent[path] = parent[parent[path]]
            path = parent[path]
        return path

    holders: dict[str, list[str]] = {}
    sentences: Counter[str] = Counter()
    for path, keys in keys_by_file.items():
        for key in keys:
            if key[0] == "s":
                holders.setdefault(key, []).append(path)
                sentences[path] += 1
    shared: Counter[tuple[str, str]] = Counter()
    for paths in holders.values():
        if 1 < len(paths) <= _MAX_COPIES:  # in many files: a template, not a copy
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
    folders = folder_templates(keys_by_file)
    out = {}
    for path, keys in keys_by_file.items():
        found = folders.get(str(Path(path).parent), {})
        out[path] = {key: found[key] for key in keys if key in found}
    return out
