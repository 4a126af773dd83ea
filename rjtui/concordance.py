"""Keyword in context, one line per hit: the concordance the TUI shows and
``rjtui concordance`` prints.

A hit is one highlighted span of a matching passage (a phrase is one span), so
a passage with three hits gives three lines. Each line keeps ``width``
characters of context either side, with newlines and tabs folded to spaces and
controls stripped, so columns line up and the TSV/CSV export stays one record
a line. Sorting by the left context reads it backwards from the keyword (the
first word to the left first), by the right context forwards, as AntConc does.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from rjtui.results import PassageResult
from rjtui.sanitize import strip_controls

Sort = Literal["rank", "left", "right"]
SORTS: tuple[Sort, ...] = ("rank", "left", "right")
DEFAULT_WIDTH = 40
COLUMNS = ("article", "title", "n", "left", "keyword", "right")
"""The fields of a line, in export order (the ``--json`` keys)."""

_SPACE = re.compile(r"\s")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class ConcordanceLine:
    """One hit: its article, passage and the text around it."""

    article: str
    title: str
    passage: str
    n: int
    left: str
    keyword: str
    """The matched text as it stands in the passage."""
    right: str

    def to_json(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in COLUMNS}


def _flat(text: str) -> str:
    return _SPACE.sub(" ", strip_controls(text))


def concordance_lines(result: PassageResult, width: int = DEFAULT_WIDTH) -> list[ConcordanceLine]:
    """Every hit of every passage in ``result``, in the passages' rank order."""
    lines = []
    for match in result.passages:
        passage = match.passage
        text = passage.text
        for start, end in passage.highlights:
            lines.append(
                ConcordanceLine(
                    article=match.article.id,
                    title=_flat(match.article.title),
                    passage=passage.id,
                    n=passage.n,
                    left=_flat(text[max(0, start - width) : start]),
                    keyword=_flat(text[start:end]),
                    right=_flat(text[end : end + width]),
                )
            )
    return lines


def sort_lines(lines: Iterable[ConcordanceLine], by: Sort) -> list[ConcordanceLine]:
    """Lines in rank order, or by the words left of the keyword (nearest first) or right
    of it; ties keep rank order."""
    lines = list(lines)
    if by == "left":
        return sorted(lines, key=lambda line: _words(line.left)[::-1])
    if by == "right":
        return sorted(lines, key=lambda line: _words(line.right))
    return lines


def _words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def delimited(lines: Iterable[ConcordanceLine], dialect: Literal["tsv", "csv"]) -> str:
    """The lines as TSV or CSV with a header row (context already has no tabs/newlines)."""
    out = io.StringIO()
    writer = csv.writer(
        out,
        delimiter="\t" if dialect == "tsv" else ",",
        lineterminator="\n",
        quoting=csv.QUOTE_MINIMAL,
    )
    writer.writerow(COLUMNS)
    for line in lines:
        writer.writerow([getattr(line, name) for name in COLUMNS])
    return out.getvalue()
