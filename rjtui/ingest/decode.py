"""Raw bytes -> text, or a stated reason why the bytes are not an article.

Real corpora mix UTF-8, UTF-16 exports from Word, cp1252 files from old
Windows tools and cp1251 Russian pages. The order is: BOM, known binary
signatures, NUL bytes (BOM-less UTF-16 or binary), strict UTF-8, then one
single-byte code page chosen by whether high bytes look like Cyrillic.
"""

from __future__ import annotations

import codecs
import re

from rjtui.ingest.errors import SkipFile

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_SIGNATURES = (
    (b"%PDF-", "PDF"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"\x7fELF", "executable"),
    (b"\xd0\xcf\x11\xe0", "old Office document"),
)
_BINARY_CONTROLS = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_MAX_CONTROL_SHARE = 0.05


def decode_bytes(data: bytes) -> tuple[str, str]:
    """``(text, encoding)`` for the raw bytes of a file; ``SkipFile`` if not text."""
    if not data.strip():
        raise SkipFile("empty file")
    text, encoding = _decode(data)
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise SkipFile("empty file")
    if len(_BINARY_CONTROLS.findall(text[:20000])) > _MAX_CONTROL_SHARE * min(len(text), 20000):
        raise SkipFile("binary file (control bytes)")
    return text, encoding


def _decode(data: bytes) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), encoding
            except UnicodeDecodeError:
                raise SkipFile(
                    f"invalid {encoding.upper()} text after its byte-order mark"
                ) from None
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            raise SkipFile(f"binary file ({kind})")
    if b"\x00" in data:
        return _decode_with_nuls(data)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    encoding = "cp1251" if _looks_cyrillic(data) else "cp1252"
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError:  # the few bytes cp1252 leaves undefined
        return data.decode("latin-1"), "latin-1"


def _decode_with_nuls(data: bytes) -> tuple[str, str]:
    """BOM-less UTF-16 has a NUL in every other byte of ASCII text; anything else is binary."""
    if len(data) % 2 == 0:
        even, odd = data[0::2], data[1::2]
        for zeros, encoding in ((odd, "utf-16-le"), (even, "utf-16-be")):
            if zeros.count(0) >= 0.6 * len(zeros):
                try:
                    return data.decode(encoding), encoding
                except UnicodeDecodeError:
                    break
    raise SkipFile("binary file (NUL bytes)")


def _looks_cyrillic(data: bytes) -> bool:
    """cp1251 puts А-я at 0xC0-0xFF; in cp1252 those are accented Latin letters,
    which never make up a third of a Western text's letters."""
    high = sum(1 for b in data if b >= 0xC0)
    ascii_letters = sum(1 for b in data if 65 <= b <= 90 or 97 <= b <= 122)
    return high > 0.3 * (high + ascii_letters)
