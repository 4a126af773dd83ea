"""Bookmarks as something to paste into one's own writing, with citations.

Markdown groups passages by article under a citation line; BibTeX gives one
entry per cited article; YAML and JSON carry the full records for scripts.
Article text is escaped for the target format (Markdown emphasis, BibTeX
special characters) so quoted evidence is reproduced literally, and terminal
control sequences are dropped from these two (they are often printed to a
terminal); YAML and JSON escape them (C1 and bidi controls included) and keep
every character.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import re
import string
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from rjtui.bookmarks.fileformat import FORMAT_VERSION, dumps
from rjtui.bookmarks.model import Bookmark, group_by_article
from rjtui.results import ArticleMeta
from rjtui.sanitize import escape_controls, strip_controls

EXTENSIONS = {"markdown": "md", "yaml": "yaml", "json": "json", "bibtex": "bib"}
EXPORT_FORMATS = tuple(EXTENSIONS)

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_SKIP_TITLE_WORDS = {"a", "an", "the"}


def export_path(bookmarks_file: Path, fmt: str) -> Path:
    """Where the TUI writes an export: next to the bookmarks file, never over it."""
    return bookmarks_file.with_name(f"{bookmarks_file.stem}-export.{EXTENSIONS[fmt]}")


def export_text(
    bookmarks: Sequence[Bookmark],
    fmt: str,
    cite: Callable[[ArticleMeta], ArticleMeta] | None = None,
) -> str:
    """``bookmarks`` rendered in ``fmt`` (one of ``EXPORT_FORMATS``); ``cite`` gives the
    article fields to cite (the user's corrections applied) for a bookmark's saved ones."""
    if cite is not None:
        bookmarks = [dataclasses.replace(b, article=cite(b.article)) for b in bookmarks]
    renderers: dict[str, Callable[[Sequence[Bookmark]], str]] = {
        "markdown": to_markdown,
        "yaml": lambda bs: dumps(list(bs)),
        "json": to_json,
        "bibtex": to_bibtex,
    }
    return renderers[fmt](bookmarks)


def citation(meta: ArticleMeta) -> str:
    """``Authors, “Title”, Source, Date.`` with missing parts left out."""
    parts = [_join_names(meta.authors), f"“{meta.title}”", meta.source or "", meta.date or ""]
    return ", ".join(p for p in parts if p) + "."


def _join_names(names: Sequence[str]) -> str:
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")
_MD_LINE_START = re.compile(r"^(\s*)([#+\-=]|\d+\.)", re.MULTILINE)


def _md_escape(text: str) -> str:
    """Literal text in Markdown: no accidental emphasis, links, HTML or headings."""
    text = _MD_SPECIAL.sub(r"\\\1", strip_controls(text))
    return _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def to_markdown(bookmarks: Sequence[Bookmark]) -> str:
    """Per article: a heading, its citation, then each passage as a blockquote."""
    out = ["# Bookmarks", ""]
    for meta, items in group_by_article(bookmarks):
        out += [f"## {_md_escape(meta.title)}", "", _md_escape(citation(meta)), ""]
        for bookmark in items:
            quote = _md_escape(bookmark.passage.text).splitlines() or [""]
            out += [f"> {line}".rstrip() for line in quote]
            out.append(f"> (¶{bookmark.passage.n})")
            out.append("")
            if bookmark.note:
                out += [f"**Note:** {_md_escape(bookmark.note)}", ""]
            if bookmark.tags:
                out += ["**Tags:** " + ", ".join(_md_escape(t) for t in bookmark.tags), ""]
    return "\n".join(out).rstrip("\n") + "\n"


def to_json(bookmarks: Sequence[Bookmark]) -> str:
    """The full records; C1 and bidi controls escaped as ``\\uXXXX`` (JSON leaves them
    raw, and raw they act on a terminal or disguise text), so they still round-trip."""
    document = {"version": FORMAT_VERSION, "bookmarks": [b.to_dict() for b in bookmarks]}
    return escape_controls(json.dumps(document, ensure_ascii=False, indent=2)) + "\n"


_BIB_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}


def _bib_escape(text: str) -> str:
    return "".join(_BIB_SPECIAL.get(ch, ch) for ch in strip_controls(text))


def _ascii_word(text: str) -> str:
    """Lower-case ASCII letters and digits only (BibTeX keys must be plain)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", folded.lower())


def bibtex_key(meta: ArticleMeta) -> str:
    """First author's surname + year + first significant title word."""
    surname = _ascii_word(meta.authors[0].split()[-1]) if meta.authors else ""
    year = meta.date[:4] if meta.date and meta.date[:4].isdigit() else ""
    words = [_ascii_word(w) for w in meta.title.split()]
    first = next((w for w in words if w and w not in _SKIP_TITLE_WORDS), "")
    return (surname or "anon") + year + first


def _bib_author(name: str) -> str:
    """``Given Surname`` as ``Surname, Given`` so BibTeX sorts and abbreviates right."""
    parts = name.split()
    if len(parts) < 2:
        return _bib_escape(name)
    return _bib_escape(f"{parts[-1]}, {' '.join(parts[:-1])}")


def _key_suffixes() -> Iterator[str]:
    """``"", b, c, ... z, aa, ab, ...``: endless, so a free key is always found."""
    yield ""
    yield from "bcdefghijklmnopqrstuvwxyz"
    for length in itertools.count(2):
        for letters in itertools.product(string.ascii_lowercase, repeat=length):
            yield "".join(letters)


def to_bibtex(bookmarks: Sequence[Bookmark]) -> str:
    """One ``@article`` (``@misc`` without a source) per cited article; keys unique by
    construction, every field escaped and free of controls."""
    entries, used = [], set[str]()
    for meta, _items in group_by_article(bookmarks):
        base = bibtex_key(meta)
        key = next(base + s for s in _key_suffixes() if base + s not in used)
        used.add(key)
        fields = [("title", "{" + _bib_escape(meta.title) + "}")]
        if meta.authors:
            fields.append(("author", " and ".join(_bib_author(a) for a in meta.authors)))
        if meta.source:
            fields.append(("journal", _bib_escape(meta.source)))
        if meta.date:
            fields.append(("year", _bib_escape(meta.date[:4])))
            if len(meta.date) >= 7 and meta.date[5:7].isdigit():
                month = int(meta.date[5:7])
                if 1 <= month <= 12:
                    fields.append(("month", _MONTHS[month - 1]))
            fields.append(("date", _bib_escape(meta.date)))
        fields.append(("note", _bib_escape(f"rjtui article {meta.id}")))
        kind = "article" if meta.source else "misc"
        body = ",\n".join(
            f"  {name} = {value}" if name == "month" else f"  {name} = {{{value}}}"
            for name, value in fields
        )
        entries.append(f"@{kind}{{{key},\n{body}\n}}")
    return "\n\n".join(entries) + ("\n" if entries else "")
