"""An article's source, line by line, with where each line went: the source view.

``show ID --source`` and the reader's ``r`` show the same lines: the text
ingest read (for HTML and PDF, the extracted text before cleaning), each with
a status (body, a metadata field, caption, note, dropped) and a reason. A
metadata line is labelled with the field it fed, found by comparing it with the
article's fields, since the header parser records only that it was metadata.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rjtui.config import Config
from rjtui.corpus import Article, ArticleMeta
from rjtui.ingest.dates import search_date
from rjtui.ingest.ledger import BODY, CAPTIONS, DROPPED, METADATA, NOTES, Ledger
from rjtui.ingest.templates import templates_of
from rjtui.ingest.textutil import squash

BLANK = "blank"
STATUSES = ("body", "title", "author", "date", "source", "caption", "note", "dropped")
"""What ``--source --json`` calls a line (a metadata line matching no field: metadata)."""
_PLACE_STATUS = {BODY: "body", CAPTIONS: "caption", NOTES: "note", DROPPED: "dropped"}


@dataclass(frozen=True, slots=True)
class SourceLine:
    line: int
    """1-based number in the source text (for HTML and PDF: the extracted text)."""
    text: str
    status: str
    """One of ``STATUSES``, ``metadata`` or ``blank``."""
    reason: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"line": self.line, "text": self.text, "status": self.status, "reason": self.reason}


def source_lines(article: Article, ledger: Ledger) -> list[SourceLine]:
    """Every line of the source, blank ones included, with its status and reason."""
    out = []
    for i, text in enumerate(ledger.lines):
        number = i + ledger.first_line
        entry = ledger.places.get(i)
        if not text or entry is None:
            out.append(SourceLine(number, text, BLANK))
        elif entry.place == METADATA:
            status, reason = metadata_label(text, article)
            out.append(SourceLine(number, text, status, reason))
        else:
            out.append(SourceLine(number, text, _PLACE_STATUS[entry.place], entry.reason))
    return out


def metadata_label(line: str, meta: ArticleMeta) -> tuple[str, str]:
    """``(status, reason)`` for a header line: the field it fed; the others it also
    fed go in the reason ("author · date" for "By A. Panov, 12 May 2015")."""
    flat = squash(line).casefold()
    labels: list[tuple[str, str]] = []

    def holds(value: str | None) -> bool:
        value = squash(value or "").casefold()
        return bool(value) and (value in flat or flat in value)

    if holds(meta.title):
        labels.append(("title", "title"))
    if holds(meta.subtitle):
        labels.append(("title", "subtitle"))
    if any(holds(name) for name in meta.authors):
        labels.append(("author", "author"))
    if holds(meta.author_note):
        labels.append(("author", "author note"))
    if search_date(line):
        labels.append(("date", "date"))
    if holds(meta.source):
        labels.append(("source", "source"))
    if holds(meta.section):
        labels.append(("source", "section"))
    if holds(meta.url):
        labels.append(("source", "url"))
    if not labels:
        return METADATA, ""
    names = list(dict.fromkeys(name for _, name in labels))
    status = labels[0][0]
    return status, " · ".join(names) if names != [status] else ""


def dropped_summary(lines: list[SourceLine]) -> str:
    """ "31 lines dropped: 12 navigation, 9 teaser, …" (or "no line dropped")."""
    reasons = Counter(line.reason or "dropped" for line in lines if line.status == "dropped")
    total = sum(reasons.values())
    if not total:
        return "no line dropped"
    parts = ", ".join(f"{n} {reason}" for reason, n in reasons.most_common())
    return f"{total} line{'s' * (total != 1)} dropped: {parts}"


def trace_article(
    meta: ArticleMeta, config: Config, line_keys: Mapping[str, Sequence[str]]
) -> tuple[Article, list[SourceLine]]:
    """Ingest ``meta``'s file again (with its correction) and list its source lines.
    ``line_keys`` are its folder's files' line keys as the index (``SearchEngine.line_keys``)
    or ``load_corpus`` counted them: its templates, and the number of files each is in,
    are those of the corpus as it is now, not as it was when the file was ingested."""
    from rjtui.ingest.files import trace_file

    templates = templates_of(meta.path, line_keys)
    article, ledger = trace_file(Path(meta.path), config, meta.id, templates=templates)
    return article, source_lines(article, ledger)


def gutter_label(line: SourceLine) -> str:
    """What the gutter says of a line: nothing for plain body, else why it is where it is."""
    if line.status == "dropped":
        return line.reason or "dropped"
    if line.status in ("body", BLANK):
        return line.reason
    return line.reason or line.status
