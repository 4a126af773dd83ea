"""Where every source line went: body, metadata, notes, captions or dropped (with why).

Ingest steps work on line texts, not positions, so a step reports the text it
took and the ledger gives it the first unclaimed line with that text (identical
lines are interchangeable). Lines no step claimed are settled at the end: into
the body or a metadata field when their words are there, otherwise dropped as
"unaccounted", which the accounting property test forbids.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rjtui.corpus import Dropped
from rjtui.ingest.textutil import squash

BODY, METADATA, NOTES, CAPTIONS, DROPPED = "body", "metadata", "notes", "captions", "dropped"
UNACCOUNTED = "unaccounted"


@dataclass(frozen=True, slots=True)
class Entry:
    place: str
    reason: str = ""


class Ledger:
    """The source lines of one article (stripped) and the place each one went."""

    def __init__(self, lines: Sequence[str], first_line: int = 1) -> None:
        self.lines = [line.strip() for line in lines]
        self.first_line = first_line
        self.places: dict[int, Entry] = {}
        self._free: dict[str, deque[int]] = {}
        for i, line in enumerate(self.lines):
            if line:
                self._free.setdefault(line, deque()).append(i)

    def put(self, text: str, place: str, reason: str = "") -> None:
        """The first unclaimed line reading ``text`` went to ``place``."""
        free = self._free.get(text.strip())
        if free:
            self.places[free.popleft()] = Entry(place, reason)

    def put_all(self, texts: Iterable[str], place: str, reason: str = "") -> None:
        for text in texts:
            self.put(text, place, reason)

    def put_index(self, index: int, place: str, reason: str = "") -> None:
        """Line ``index`` (0-based) went to ``place`` (steps that know positions)."""
        text = self.lines[index]
        free = self._free.get(text)
        if free and index in free:
            free.remove(index)
            self.places[index] = Entry(place, reason)

    def settle(self, body: Sequence[str], fields: Sequence[str]) -> None:
        """Place the lines no step claimed: words found in the body or a field, else
        unaccounted (a bug: the property test checks there are none)."""
        body_text = squash(" ".join(body)).casefold()
        field_text = squash(" ".join(fields)).casefold()
        for free in self._free.values():
            while free:
                i = free.popleft()
                text = squash(self.lines[i]).casefold()
                if text in body_text:
                    self.places[i] = Entry(BODY)
                elif text in field_text:
                    self.places[i] = Entry(METADATA)
                else:
                    self.places[i] = Entry(DROPPED, UNACCOUNTED)

    def dropped(self) -> tuple[Dropped, ...]:
        return tuple(
            Dropped(i + self.first_line, self.lines[i], entry.reason)
            for i, entry in sorted(self.places.items())
            if entry.place == DROPPED
        )
