"""Wiki pages (Wikipedia and its kin) copied or saved as text: their own furniture.

A wiki article copied from a browser carries the sidebar above the title, the
tagline "From Wikipedia, the free encyclopedia" under it, "[edit]" links on its
headings, and a footer ("Retrieved from", "Categories:", the licence, "Privacy
policy"...). Generic rules cannot tell these apart from a subtitle or a
sentence of prose, but the tagline or the footer makes the page a wiki page,
and then its layout is known: the line above the tagline is the title,
everything above that is navigation, and everything from the first footer line
on is footer (the "last edited" stamp aside, which fills ``updated``).
The tagline names the publisher, which is what a citation of a wiki article
gives as its source ("Wikipedia"), so it becomes the source when the text
names none, and is dropped from the text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from rjtui.ingest.dates import update_date

_TAGLINES = (
    re.compile(r"from (?P<site>wikipedia|[\w'’ .-]{1,40}? wiki),? the free encyclopedia\.?", re.I),
    re.compile(
        r"материал из (?P<site>википедии|[\w'’ .-]{1,40}? вики)\s*[—–-]+\s*свободной"
        r" энциклопедии\.?",
        re.I,
    ),
    re.compile(
        r"出典\s*[:：]\s*フリー百科事典\s*『(?P<site>[^『』（(]{1,30})\s*[（(][^）)]*[）)]』"
    ),
)
_SITE_NAMES = {"википедии": "Википедия", "wikipedia": "Wikipedia"}
"""The tagline's inflected name -> the site's own name."""
_FOOTER_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (reason, re.compile(src, re.I))
    for reason, src in (
        (
            "retrieved from",
            r"retrieved from\s*[\"“«]?https?://\S+"
            r"|источник\s*[—–:-]\s*[\"“«]?https?://\S+|「?https?://\S+?」?から取得",
        ),
        (
            "categories",
            r"(hidden )?categories\s*:.*|(скрытые )?категории\s*:.*"
            r"|(隠し)?カテゴリ\s*[:：].*",
        ),
        (
            "licence",
            r"text is available under the creative commons.*"
            r"|текст доступен по лицензии creative commons.*|テキストはクリエイティブ・コモンズ.*"
            r"|content is available under .{1,60} unless otherwise noted\.?",
        ),
    )
)
_WIKI_SIGNS = {"retrieved from", "licence"}
"""Footer lines only a wiki prints ("Categories:" ends many blogs too)."""
_LINE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (reason, re.compile(src, re.I))
    for reason, src in (
        (
            "wiki notice",
            r"(текущая|эта) версия страницы (пока )?не проверялась.{0,120}"
            r"|this article (needs additional citations|has multiple issues).{0,200}",
        ),
        (
            "hatnote",
            r"for (the )?[^.]{1,80}, see [^.]{1,120}\.?|[^.]{1,80} redirects here\..{0,200}"
            r"|not to be confused with [^.]{1,120}\.?|«?[^.]{1,80}»? перенаправляется сюда.{0,200}"
            r"|「[^」]{1,40}」はこの項目へ転送されています。.{0,200}",
        ),
    )
)
_EDIT_LINK = re.compile(
    r"\s*\[\s*(edit( source)?|править( \| править код)?|править код|編集( \| ソースを編集)?"
    r"|ソースを編集)\s*\]\s*$",
    re.I,
)


@dataclass
class WikiPage:
    """What the wiki layout tells about a text's lines."""

    site: str | None = None
    dropped: dict[int, str] = field(default_factory=dict)
    """Line index -> reason, for the wiki's furniture."""
    lines: list[str] = field(default_factory=list)
    """The lines with the "[edit]" links taken off the headings: markup, like a Markdown
    "#", so the heading is kept and the link is not listed as dropped."""


def read_wiki(lines: Sequence[str]) -> WikiPage | None:
    """The wiki furniture of ``lines``, or ``None`` when they are not a wiki page (no
    tagline, no "Retrieved from" or licence line, no "[edit]" link: a saved page that
    trafilatura has already cut down to the article keeps only the links)."""
    tagline = next((i for i, line in enumerate(lines) if _tagline(line.strip())), None)
    footer = next((i for i, line in enumerate(lines) if _footer(line.strip())), None)
    unlinked = [_EDIT_LINK.sub("", line) for line in lines]
    signed = tagline is not None or any(
        _footer(line.strip()) in _WIKI_SIGNS for line in lines[footer or 0 :]
    )
    if not signed and unlinked == list(lines):
        return None
    page = WikiPage(lines=unlinked)
    if tagline is not None:
        page.site = _tagline(lines[tagline].strip())
        page.dropped[tagline] = "wiki tagline"
        title = next((i for i in range(tagline - 1, -1, -1) if lines[i].strip()), None)
        for i in range(title or 0):
            if lines[i].strip():
                page.dropped[i] = "wiki navigation"
    for i, line in enumerate(lines):
        reason = _line_reason(line.strip(), footer is not None and i >= footer)
        if reason and i not in page.dropped:
            page.dropped[i] = reason
    return page


def _tagline(line: str) -> str | None:
    """The site a wiki tagline names ("Wikipedia"), or ``None`` for another line."""
    for rule in _TAGLINES:
        found = rule.fullmatch(line)
        if found:
            site = found["site"].strip()
            return _SITE_NAMES.get(site.casefold(), site)
    return None


def _footer(line: str) -> str | None:
    return next((reason for reason, rule in _FOOTER_RULES if rule.fullmatch(line)), None)


def _line_reason(line: str, in_footer: bool) -> str | None:
    """Why a line of a wiki page is furniture; lines of its footer all are, except
    the edit stamp (the ``updated`` date)."""
    if not line:
        return None
    reason = _footer(line) or next(
        (reason for reason, rule in _LINE_RULES if rule.fullmatch(line)), None
    )
    if reason or not in_footer:
        return reason
    return None if update_date(line) else "wiki footer"
