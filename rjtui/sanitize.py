"""Make untrusted text safe to show in a terminal: no escapes, no control characters.

Article text (and file names) come from arbitrary files. A stray ``ESC [2J`` or
an OSC 52 clipboard write would act on the user's terminal, and bidi overrides
can disguise what is shown, so ingest strips them and every front end strips
them again right before rendering. That second pass runs on every repaint,
hence the single precompiled scan and the fast path for clean text.
"""

from __future__ import annotations

import re

_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI (colours, cursor moves, clear screen)
    r"|\x9b[0-?]*[ -/]*[@-~]"  # one-byte CSI
    r"|(?:\x1b\]|\x9d)[^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?"  # OSC (title, clipboard) to BEL/ST
    r"|(?:\x1b[PX^_]|[\x90\x98\x9e\x9f])[^\x1b\x9c\n]*(?:\x1b\\|\x9c)?"  # DCS, SOS, PM, APC
    r"|\x1b[ -/]*[0-~]"  # other ESC sequences (charset selection, keypad modes...)
    r"|\x1b"  # a lone ESC
)
# C0 except tab and newline, DEL, C1, zero-width space, BOM, bidi embeddings/overrides/isolates.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u202a-\u202e\u2066-\u2069\ufeff]")


def strip_controls(text: str) -> str:
    """``text`` without terminal escape sequences or control characters.

    Whole escape sequences go (not just the ESC byte, which would leave
    ``[31m`` litter); CR LF and lone CR become LF; tab, newline, ZWJ/ZWNJ,
    emoji and every script are kept. Idempotent and cheap on clean text.
    """
    if _CONTROL.search(text) is None:  # also catches ESC, CSI and CR
        return text
    text = _ESCAPE_SEQUENCE.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text)


def escape_controls(text: str) -> str:
    """Controls in ``text`` (JSON, or YAML whose strings holding them are double-quoted)
    as ``\\uXXXX`` escapes: nothing invisible reaches a terminal, nothing is lost."""
    if _CONTROL.search(text) is None:
        return text
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def has_controls(text: str) -> bool:
    return _CONTROL.search(text) is not None
