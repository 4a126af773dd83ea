"""One segment's terms of a field, in order, read straight from its term table.

Prefix, wildcard and range expansion walk a field's terms from what was typed,
and want only each term's document frequency. Whoosh's own iterator reads each
record with three file reads and builds a whole ``TermInfo``, unpickling the
postings of every term it keeps inline (a term in one passage): about 15 us a
term, 6-10 ms for a short prefix of the generated corpus. The records lie one
after another in the table (two lengths, the key, the value), so here they are
read a block at a time and only the document frequency is unpacked.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from typing import Any

from whoosh.codec.whoosh3 import W3TermsReader

BLOCK = 64 << 10
_LENGTHS = struct.Struct("!ii")
"""A record's key and value lengths (``whoosh.filedb.filetables``)."""
_FIELD = struct.Struct("!H")
"""A key starts with its field's number (``W3TermsReader._keycoder``)."""
_DOC_FREQUENCY = struct.Struct("!I")
_DOC_FREQUENCY_AT = 5
"""In a value (``W3TermInfo``): flags (B), weight (f), then the doc frequency (I)."""


def field_terms(
    leaf: Any, fieldname: str, start: bytes, block: int = BLOCK
) -> Iterator[tuple[bytes, int]] | None:
    """``(term, doc frequency)`` of ``fieldname`` in one segment reader, from ``start``
    on, in order; ``None`` for a reader whose term table is not Whoosh 3's (the
    caller then asks Whoosh)."""
    terms = getattr(leaf, "_terms", None)
    if not isinstance(terms, W3TermsReader) or fieldname not in terms._fieldmap:
        return None
    return _records(terms, _FIELD.pack(terms._fieldmap[fieldname]), start, block)


def _records(
    terms: W3TermsReader, head: bytes, start: bytes, block: int
) -> Iterator[tuple[bytes, int]]:
    table = terms._tindex
    pos = table.closest_key_pos(head + start)
    if pos is None:
        return
    end, size = table.endofdata, _LENGTHS.size
    while pos < end:
        chunk = table.dbfile.get(pos, min(block, end - pos))
        at = 0
        while at + size <= len(chunk):
            keylen, valuelen = _LENGTHS.unpack_from(chunk, at)
            key = at + size
            value = key + keylen
            if value + valuelen > len(chunk):
                break
            if chunk[key : key + len(head)] != head:
                return  # the next field's terms
            found = _DOC_FREQUENCY.unpack_from(chunk, value + _DOC_FREQUENCY_AT)[0]
            yield chunk[key + len(head) : value], found
            at = value + valuelen
        if not at:  # one record longer than a block (a long term's inlined postings)
            block *= 2
        pos += at
