"""Saved web pages -> main text lines and the page's own metadata.

trafilatura finds the article in the page (dropping navigation, footers and
comment threads by the page's structure, which no line rule can see) and reads
title, author, date (through htmldate), and site name from ``<meta>``, Open
Graph and JSON-LD. Its text then goes through the same cleaning as a .txt file:
the header heuristics still see what the page printed above the article.
"""

from __future__ import annotations

import functools
import html
import logging
import re
from typing import Any, NamedTuple

from rjtui.ingest.dates import copyright_year, parse_date, update_date
from rjtui.ingest.errors import SkipFile
from rjtui.ingest.htmlnotes import PageExtras, take_extras
from rjtui.ingest.metadata import Metadata
from rjtui.ingest.names import normalise_name, parse_names
from rjtui.ingest.textutil import squash
from rjtui.sanitize import strip_controls

_MAX_AUTHOR_CHARS = 120
_MAX_SITE_WORDS = 8
_HEAD_BYTES = 20_000
_SHORT_ARTICLE_CHARS = 60
_STAMP_CHARS = 200
_DIGITS = "0123456789０１２３４５６７８９"
_SHORT_TEXTS_WITH_DIGITS = (
    f"//text()[string-length() <= {_STAMP_CHARS} and translate(., '{_DIGITS}', '') != .]"
)
"""The page's short text nodes that hold a digit, as a stamp's date does: the filter
runs in libxml2, so the page's many other nodes cost nothing."""
_TITLE_TAG = re.compile(rb"<title[^>]*>([^<]{1,300})</title>", re.IGNORECASE)
_TITLE_SEP = re.compile(r"\s[|–—-]\s|｜|\s::\s")


class WebPage(NamedTuple):
    text: str
    """The article, one block (paragraph, heading, list item) per line, blank lines between."""
    meta: Metadata
    site: str | None
    """The site's own name: the source only when the text credits no agency."""
    year: int | None
    """The year of the page's copyright line (for a date printed without one)."""
    extras: PageExtras
    """Captions and footnotes, which trafilatura drops (``htmlnotes``)."""


def extract_html(data: bytes) -> WebPage:
    """The article text of a saved page and what the page says about it (meta tags,
    Open Graph, JSON-LD, the title tag); ``SkipFile`` if it has no article text."""
    from trafilatura.utils import load_html

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    logging.getLogger("htmldate").setLevel(logging.CRITICAL)
    try:
        tree = load_html(data)  # parsed once: the extras are read (and cut) from it first
        if tree is None:
            raise ValueError
        extras = take_extras(tree)
        stamps = _stamp_dates(tree)
        doc = _extract(tree)
    except (ValueError, TypeError, RecursionError) as exc:
        raise SkipFile(f"unreadable web page ({type(exc).__name__})") from None
    if doc is None or not (doc.text or "").strip():
        raise SkipFile("no article text in the web page")
    text = strip_controls(doc.text).replace("\\|", "|")  # trafilatura escapes table pipes
    date = parse_date(doc.date or "")
    meta = Metadata(
        title=_clean(doc.title),
        authors=_authors(doc.author),
        date=None if date in stamps else date,  # the page's edit stamp: a last resort
        updated=stamps[0] if stamps else None,
        url=_clean(doc.url),
        section=_clean(", ".join(doc.categories or ())) or None,
    )
    return WebPage(
        "\n\n".join(line.strip() for line in text.split("\n")),
        meta,
        _clean(doc.sitename) or _site_from_title(data, doc.title),
        copyright_year(data.decode("utf-8", "replace")) if not meta.date else None,
        PageExtras(
            [strip_controls(c) for c in extras.captions], [strip_controls(n) for n in extras.notes]
        ),
    )


def _stamp_dates(tree: Any) -> list[str]:
    """The dates of the update or edit stamps anywhere on the page ("This page was last
    edited on …" in a wiki's footer, which the article text leaves out but the page's
    date finder may take for the date), in page order."""
    texts = tree.xpath(_SHORT_TEXTS_WITH_DIGITS, smart_strings=False)
    return [date for date in map(update_date, map(str.strip, texts)) if date]


def _extract(tree: Any) -> Any:
    """trafilatura's ``Document`` for the page (it copies ``tree`` before changing it)."""
    import trafilatura

    return trafilatura.bare_extraction(
        tree,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        deduplicate=False,
        fast=True,  # no readability/jusText second opinion: 35% of the time, same text here
        date_extraction_params={"extensive_search": False, "original_date": True},
        config=_config(),
    )


@functools.cache
def _config() -> Any:
    """trafilatura's settings, but a short article is taken as extracted: below 250
    characters trafilatura falls back to its "baseline", the page's text glued on one
    line (or adds stray page text), and a short news story (a Japanese one above all:
    250 characters is a whole story) lost its paragraphs, byline and captions."""
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", str(_SHORT_ARTICLE_CHARS))
    return config


def _site_from_title(data: bytes, title: str | None) -> str | None:
    """The site in a title tag "Headline | Site" (or " - ", " – ", "｜"), when the page
    names itself nowhere else: the part that is not the headline."""
    match = _TITLE_TAG.search(data[:_HEAD_BYTES])
    if not match or not title:
        return None
    raw = html.unescape(match.group(1).decode("utf-8", "replace"))
    parts = [squash(p) for p in _TITLE_SEP.split(raw) if p.strip()]
    if len(parts) < 2 or title.casefold() not in " ".join(parts[:-1]).casefold():
        return None
    site = parts[-1]
    return site if 1 <= len(site.split()) <= _MAX_SITE_WORDS and site != title else None


def _clean(value: str | None) -> str | None:
    return squash(strip_controls(value)) or None if value else None


def _authors(value: str | None) -> tuple[str, ...]:
    """trafilatura joins several authors with "; "; anything that is not names is dropped
    (some sites put their own name or a job title in the author tag)."""
    if not value or len(value) > _MAX_AUTHOR_CHARS:
        return ()
    names = [normalise_name(squash(part)) for part in strip_controls(value).split(";")]
    return tuple(n for n in names if n and parse_names(n))
