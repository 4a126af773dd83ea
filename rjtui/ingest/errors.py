"""Why a file was left out of the corpus: one short reason a person can act on."""

from __future__ import annotations

from rjtui.errors import RjtuiError


class SkipFile(RjtuiError):
    """This file cannot become an article; ``reason`` says why in a few words.

    Raised for expected problems (empty, binary, unreadable, no text) so that
    the caller can report the file and go on with the rest of the corpus.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
