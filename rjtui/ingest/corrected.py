"""The user's corrections applied to an article, after every heuristic.

Lines are found by their text (among identical lines, the one nearest the line
number the correction recorded), so a correction survives an edit of the file
around its line. One whose line is gone, or that cannot be applied, is reported
in the article's warnings and kept in the file: never dropped silently.
"""

from __future__ import annotations

from typing import Any

from rjtui.corrections.model import DROPPED_REASON, KEPT_REASON, LINES, Correction, LineRef
from rjtui.ingest.ledger import BODY, CAPTIONS, DROPPED, METADATA, NOTES, Entry, Ledger
from rjtui.ingest.textutil import squash

_KEEPABLE = frozenset({DROPPED, NOTES, CAPTIONS, METADATA})
_DROPPABLE = frozenset({BODY, NOTES, CAPTIONS})


def apply_lines(
    correction: Correction,
    ledger: Ledger,
    texts: list[str],
    captions: list[str],
    notes: list[str],
) -> list[str]:
    """Keep and drop the correction's lines in ``texts`` (the body paragraphs),
    ``captions`` and ``notes``, in place, and in the ledger; returns a warning for
    each line that could not be applied."""
    problems: list[str] = []
    parts = {CAPTIONS: captions, NOTES: notes}
    for ref in correction.keep:
        i = _locate(ledger, ref, _KEEPABLE, BODY, problems)
        if i is None:
            continue
        place = ledger.places[i].place
        if place in parts:
            _remove(parts[place], ledger.lines[i])
        texts.insert(_after_previous_body(ledger, i, texts), squash(ledger.lines[i]))
        ledger.places[i] = Entry(BODY, KEPT_REASON)
    for ref in correction.drop:
        i = _locate(ledger, ref, _DROPPABLE, DROPPED, problems)
        if i is None:
            continue
        if not _remove(parts.get(ledger.places[i].place, texts), ledger.lines[i]):
            problems.append(_joined(ref))
            continue
        ledger.places[i] = Entry(DROPPED, DROPPED_REASON)
    return problems


def apply_fields(values: dict[str, Any], correction: Correction) -> dict[str, Any]:
    """The ``Article`` keyword arguments with the corrected fields set and named in
    ``corrected`` (a corrected title is no fallback)."""
    values = {**values, **correction.fields}
    if "title" in correction.fields:
        values["title_is_fallback"] = False
    lines = (LINES,) if correction.keep or correction.drop else ()
    values["corrected"] = (*correction.fields, *lines)
    return values


def _locate(
    ledger: Ledger, ref: LineRef, movable: frozenset[str], target: str, problems: list[str]
) -> int | None:
    """The line to move to ``target``; ``None`` when it is there already (cleaning
    changed) or gone (then reported in ``problems``)."""
    i = _find(ledger, ref, movable)
    if i is None and _find(ledger, ref, frozenset({target})) is None:
        problems.append(_gone(ref, "keep" if target == BODY else "drop"))
    return i


def _find(ledger: Ledger, ref: LineRef, places: frozenset[str]) -> int | None:
    """The line reading ``ref.text`` now in one of ``places``, nearest ``ref.line``."""
    wanted = squash(ref.text)
    found = [
        i
        for i, entry in ledger.places.items()
        if entry.place in places and squash(ledger.lines[i]) == wanted
    ]
    return min(found, key=lambda i: abs(i + ledger.first_line - ref.line), default=None)


def _after_previous_body(ledger: Ledger, line: int, texts: list[str]) -> int:
    """Where a kept line goes in ``texts``: after the paragraph holding the nearest
    body line above it (first, when there is none)."""
    for j in range(line - 1, -1, -1):
        entry = ledger.places.get(j)
        if entry is None or entry.place != BODY:
            continue
        for k in range(len(texts) - 1, -1, -1):
            if _holds(texts[k], ledger.lines[j]):
                return k + 1
    return 0


_ANCHOR_CHARS = 40


def _holds(paragraph: str, line: str) -> bool:
    """Whether ``line`` went into ``paragraph``: whole, or by its beginning or end
    (cleaning may have taken a footnote marker or a hyphen out of the middle)."""
    flat, line = squash(paragraph), squash(line)
    return line in flat or line[:_ANCHOR_CHARS] in flat or line[-_ANCHOR_CHARS:] in flat


def _remove(texts: list[str], line: str) -> bool:
    """Take ``line`` out of the first of ``texts`` that holds it (the whole entry when
    nothing else is left of it); False when none does."""
    wanted = squash(line)
    for k, text in enumerate(texts):
        flat = squash(text)
        if wanted in flat:
            rest = squash(flat.replace(wanted, " ", 1))
            if rest:
                texts[k] = rest
            else:
                del texts[k]
            return True
    return False


def _gone(ref: LineRef, what: str) -> str:
    return (
        f"correction not applied: the line to {what} (line {ref.line} “{_short(ref.text)}”) "
        "is no longer in the file"
    )


def _joined(ref: LineRef) -> str:
    return (
        f"correction not applied: line {ref.line} “{_short(ref.text)}” is joined to its "
        "neighbours in the text and cannot be dropped alone"
    )


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
