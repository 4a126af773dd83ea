"""Article metadata from the lines above the first paragraph and the sign-off below it.

Each header line is classified by its shape alone (field "Title: ...",
byline "By NAME | DATE", "NAME, DATE", "DATE NAME", a date line, a rubric
"A | B", a chapter label, a name followed by a bio line); what is left is
title, then subtitle. Nothing is guessed from file names or known sites: a
field the text does not state stays ``None``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from rjtui.corpus import METADATA_FIELDS
from rjtui.ingest.boilerplate import is_rubric
from rjtui.ingest.dates import DATE, parse_date
from rjtui.ingest.names import is_person_name, normalise_name, parse_names
from rjtui.ingest.reflow import Lexicon, needs_case_restore, restore_case
from rjtui.ingest.textutil import size, squash

_FIELD_KEYS = {
    "title": "title", "headline": "title", "заголовок": "title", "タイトル": "title",
    "見出し": "title", "subtitle": "subtitle", "подзаголовок": "subtitle",
    "author": "authors", "authors": "authors", "by": "authors", "byline": "authors",
    "автор": "authors", "авторы": "authors", "著者": "authors", "筆者": "authors",
    "文": "authors", "執筆": "authors", "date": "date", "published": "date", "posted": "date",
    "updated": "date", "дата": "date", "опубликовано": "date", "日付": "date",
    "公開日": "date", "掲載日": "date", "source": "source", "publication": "source",
    "publisher": "source", "источник": "source", "出典": "source", "section": "section",
    "category": "section", "rubric": "section", "рубрика": "section", "カテゴリ": "section",
    "カテゴリー": "section", "url": "url", "link": "url",
}  # fmt: skip
_FIELD = re.compile(
    r"(?P<key>" + "|".join(sorted(map(re.escape, _FIELD_KEYS), key=len, reverse=True)) + r")"
    r"\s*[:：]\s*(?P<value>\S.*)",
    re.IGNORECASE,
)
_BY = re.compile(r"(?i:by|written by|от|text by)\s+(?P<rest>\S.*)")
_SEP = re.compile(r"\s*(?:\||·|•|–|—|\s-\s|,)\s*")
_DATE_FIRST = re.compile(rf"(?P<date>{DATE})[\s\u3000]*[,|–—]?[\s\u3000]*(?P<rest>\S.*)", re.I)
_CHAPTER = re.compile(
    r"(?i:chapter|part|глава|часть)\s+(?P<n>\d+|[ivxlc]+)\.?|第\s*(?P<ja>\d+)\s*章", re.I
)
_BIO = re.compile(
    r"\b(?:professor|fellow|director|researcher|research|analyst|journalist|editor|correspondent"
    r"|lecturer|scholar|expert|ph\.?d|candidate of|associate|member|head of|chair|ambassador"
    r"|student|trainee|university|institute|department|centre|center|academy|observer|writer"
    r"|профессор|научный|сотрудник|эксперт|директор|журналист|кандидат|доктор|университет"
    r"|институт|обозреватель)\b|教授|研究員|記者|大学|研究所",
    re.IGNORECASE,
)
_SIGNOFF = re.compile(
    r"\b(?:especially|exclusively|specially|written|prepared)\s+for\s+(?:the\s+)?"
    r"(?:(?:online|web|news)\s+)?(?:(?:magazine|journal|newspaper|website|site|portal|edition"
    r"|publication|outlet|agency)\s+)?(?P<source>\S.*)$"
    r"|специально для\s+(?:(?:интернет-)?(?:журнала|издания|сайта|газеты|портала)\s+)?"
    r"(?P<source_ru>\S.*)$",
    re.IGNORECASE,
)
_QUOTES = "\"'“”„«»「」『』"
_MAX_SIGNOFF_WORDS = 80
_TITLE_WORDS = 25  # longer: an unpunctuated first paragraph, not a headline
_SUBTITLE_WORDS = 30
_BIO_WORDS = 60
_SENTENCE_BREAK = re.compile(r"[.!?]\s+[A-ZА-ЯЁ]")
_ARTICLE_FIELDS = frozenset(f.name for f in METADATA_FIELDS)


@dataclass
class Metadata:
    """What the text says about itself; ``None``/empty for what it does not say."""

    title: str | None = None
    subtitle: str | None = None
    authors: tuple[str, ...] = ()
    author_note: str | None = None
    date: str | None = None
    source: str | None = None
    section: str | None = None
    url: str | None = None
    language: str | None = None
    topics: tuple[str, ...] = ()
    extra_lines: list[str] = field(default_factory=list)
    """Header lines that are none of the above (given back to the body)."""

    def fill(self, **values: object) -> None:
        """Set each field that is still unset (earlier, more explicit sources win)."""
        for name, value in values.items():
            if value and not getattr(self, name):
                setattr(self, name, value)

    def merge(self, other: Metadata) -> None:
        """Fill the unset fields from ``other`` (a less explicit source)."""
        self.fill(**{f.name: getattr(other, f.name) for f in fields(other)})

    def stated(self) -> dict[str, Any]:
        """The fields that are also ``ArticleMeta`` fields, for building the ``Article``:
        a field added to both reaches the index, the JSON and the CLI with no other edit."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name in _ARTICLE_FIELDS}


def parse_header(lines: Sequence[str], lexicon: Lexicon) -> Metadata:
    """Metadata from the non-blank lines above the first paragraph."""
    meta = Metadata()
    candidates: list[str] = []
    skip_next = False
    for i, line in enumerate(lines):
        if skip_next:
            skip_next = False
            continue
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if _classify(line, meta):
            continue
        if is_person_name(line) and (candidates or _BIO.search(following)):
            meta.fill(authors=(normalise_name(line),))
            if _BIO.search(following) and size(following) <= _BIO_WORDS:
                meta.fill(author_note=squash(following))
                skip_next = True
            continue
        if _BIO.search(line) and meta.authors and not meta.author_note and size(line) <= _BIO_WORDS:
            meta.author_note = squash(line)
            continue
        candidates.append(line)
    _pick_titles(meta, candidates, lexicon)
    return meta


def _pick_titles(meta: Metadata, candidates: list[str], lexicon: Lexicon) -> None:
    seen: set[str] = set()
    for line in candidates:
        key = line.casefold()
        if key in seen:
            continue  # the title printed twice (page head + headline)
        seen.add(key)
        text = restore_case(line, lexicon.acronyms) if needs_case_restore(line) else line
        if meta.title is None and size(line) <= _TITLE_WORDS:
            meta.title = squash(text)
        elif (
            meta.title
            and meta.subtitle is None
            and size(line) <= _SUBTITLE_WORDS
            and not meta.extra_lines
        ):
            meta.subtitle = squash(text)
        else:
            meta.extra_lines.append(line)


def _classify(line: str, meta: Metadata) -> bool:
    """Fill ``meta`` from a metadata line; False when the line is something else."""
    match = _FIELD.fullmatch(line)
    if match:
        return _apply_field(_FIELD_KEYS[match["key"].lower()], match["value"].strip(), meta)
    date = parse_date(line)
    if date:
        meta.fill(date=date)
        return True
    match = _BY.fullmatch(line)
    if match and _byline(match["rest"], meta):
        return True
    match = _DATE_FIRST.fullmatch(line)
    if match and parse_date(match["date"]):
        rest = match["rest"]
        if _classify(rest, meta) or _names_then_date(rest, meta) or _short_names(rest, meta):
            meta.fill(date=parse_date(match["date"]))
            return True
    if _names_then_date(line, meta):
        return True
    if is_rubric(line):
        meta.fill(section=squash(line))
        return True
    match = _CHAPTER.fullmatch(line.strip(" .").lower())
    if match:
        meta.fill(section=f"Chapter {(match['n'] or match['ja']).upper()}")
        return True
    return False


def _apply_field(key: str, value: str, meta: Metadata) -> bool:
    if key == "authors":
        single = len(value.split()) == 1 and value[:1].isupper()  # "Author: Reuters"
        names = parse_names(value) or ((value,) if single else None)
        meta.fill(authors=names)
        return names is not None
    if key == "date":
        date = parse_date(value)
        meta.fill(date=date)
        return date is not None
    meta.fill(**{key: squash(value)})
    return True


def _byline(rest: str, meta: Metadata) -> bool:
    """ "NAME", "NAME | DATE", "A and B, 12 May 2023" after "By"."""
    parts = _SEP.split(rest)
    for cut in range(len(parts), 0, -1):
        names = parse_names(", ".join(parts[:cut]))
        if names:
            dates = [parse_date(p) for p in parts[cut:]]
            meta.fill(authors=names, date=next((d for d in dates if d), None))
            return True
    return False


def _names_then_date(line: str, meta: Metadata) -> bool:
    """ "Petr Konovalov, March 10 2022", "Иван Петров, 15 марта 2023"."""
    for separator in (",", "|", "–", "—", " - "):
        head, sep, tail = line.partition(separator)
        if not sep:
            continue
        date = parse_date(tail)
        names = parse_names(head) if date else None
        if names:
            meta.fill(authors=names, date=date)
            return True
    return False


def _short_names(text: str, meta: Metadata) -> bool:
    """Unlabelled names after a date ("2024年2月20日　山田太郎"): short ones only, since a
    title could follow a date too."""
    names = parse_names(text)
    if names and all(len(n.split()) <= 3 for n in names):
        meta.fill(authors=names)
        return True
    return False


def parse_signoff(text: str) -> Metadata | None:
    """ "NAME, role, especially for the online magazine “X”." -> author, note, source."""
    match = _SIGNOFF.search(text)
    if not match or size(text) > _MAX_SIGNOFF_WORDS or _SENTENCE_BREAK.search(text):
        return None  # a sign-off is one sentence; in a paragraph the phrase is just quoted
    source = (match["source"] or match["source_ru"]).strip().rstrip(".,;").strip(_QUOTES)
    meta = Metadata(author_note=squash(text), source=squash(source.rstrip(".")) or None)
    head = text.split(",", 1)[0]
    names = parse_names(head) if head != text else None
    if names:
        meta.authors = names
    return meta
