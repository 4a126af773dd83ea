"""rjtui's on-disk posting blocks: ids, weights and positions as raw arrays, apart.

Whoosh pickles each block as a tuple holding every posting's encoded value, so
reading a term's ids means unpickling its positions too (three quarters of the
bytes a posting costs). Here a block is a small fixed header followed by
contiguous little-endian arrays - ids, then weights, then the value offsets
and the values - so a term query copies ids and weights straight into arrays
and never touches positions, and a phrase decodes positions only for the
documents that contain every word.

Block layout (``_HEAD`` then the arrays, after a 4-byte magic per term)::

    length   i   bytes after this field; negative on a term's last block
    count    I   postings in the block
    maxid    I   last id
    maxw     f   highest weight
    wkind    B   weights: 0 all 1.0 (none stored), 1 uint8, 2 float32
    vkind    B   value ends: 0 no values, 1 uint16, 2 uint32
    ids      count x uint32 (absolute, ascending)
    weights  count x uint8 | float32 (per ``wkind``)
    ends     count x uint16 | uint32: end offset of each value in ``values``
    values   the concatenated encoded values

Whoosh's own matchers still read these blocks (:class:`PackedLeafMatcher`), so
query types rjtui does not evaluate itself, and the differential tests, run
on the same files.
"""

from __future__ import annotations

import struct
import sys
from array import array
from typing import Any

from whoosh.codec.whoosh3 import W3Codec, W3LeafMatcher, W3PostingsWriter
from whoosh.matching import ListMatcher

MAGIC = b"RJP1"
BLOCK_POSTINGS = 1024
"""Postings per block: few blocks (one header each) per list, still bounded in memory."""
_HEAD = struct.Struct("<iIIfBB")
_LITTLE = sys.byteorder == "little"
_WEIGHT_CODES = ("", "B", "f")
_END_CODES = ("", "H", "I")


def le_array(typecode: str, data: bytes | memoryview) -> array:
    out = array(typecode)
    out.frombytes(data)
    if not _LITTLE:
        out.byteswap()
    return out


def le_bytes(values: array) -> bytes:
    if _LITTLE:
        return values.tobytes()
    swapped = array(values.typecode, values)
    swapped.byteswap()
    return swapped.tobytes()


class PackedPostingsWriter(W3PostingsWriter):
    """Writes :data:`MAGIC`-tagged blocks in the layout above (Whoosh keeps the term
    statistics and the block buffering)."""

    def _write_block(self, last: bool = False) -> None:
        if not self._blockcount:
            self._postfile.write(MAGIC)
        self._terminfo.add_block(self)
        ids, weights, values = self._ids, self._weights, self._values
        count = len(ids)
        if all(w == 1.0 for w in weights):
            wkind, wbytes = 0, b""
        elif all(0 <= w < 256 and w == int(w) for w in weights):
            wkind, wbytes = 1, bytes(int(w) for w in weights)
        else:
            wkind, wbytes = 2, le_bytes(weights)
        blob = b"".join(values)
        if not values:
            vkind, vbytes = 0, b""
        else:
            if len(values) != count:
                raise ValueError("a block mixes postings with and without values")
            ends = array("I", [0] * count)
            end = 0
            for i, v in enumerate(values):
                end += len(v)
                ends[i] = end
            vkind = 1 if end < 65536 else 2
            vbytes = le_bytes(array(_END_CODES[vkind], ends)) + blob
        body = le_bytes(array("I", ids)) + wbytes + vbytes
        length = _HEAD.size - 4 + len(body)
        signed = -length if last else length
        self._postfile.write(_HEAD.pack(signed, count, ids[-1], self._maxweight, wkind, vkind))
        self._postfile.write(body)
        self._blockcount += 1
        self._new_block()


class Block:
    """One decoded block: ids and weights as arrays; values kept raw until asked for."""

    __slots__ = ("count", "ends", "ids", "last", "maxid", "maxweight", "next", "values", "weights")

    def __init__(self, data: bytes | memoryview, pos: int, want_values: bool) -> None:
        length, count, self.maxid, self.maxweight, wkind, vkind = _HEAD.unpack_from(data, pos)
        self.last = length < 0
        self.next = pos + 4 + abs(length)
        self.count = count
        at = pos + _HEAD.size
        self.ids = le_array("I", data[at : at + 4 * count])
        at += 4 * count
        if wkind == 0:
            self.weights = array("B", b"\x01" * count)
        else:
            size = count if wkind == 1 else 4 * count
            self.weights = le_array(_WEIGHT_CODES[wkind], data[at : at + size])
            at += size
        self.ends: array | None = None
        self.values: bytes = b""
        if vkind and want_values:
            size = 2 * count if vkind == 1 else 4 * count
            self.ends = le_array(_END_CODES[vkind], data[at : at + size])
            self.values = bytes(data[at + size : self.next])

    def value_list(self) -> list[bytes]:
        if self.ends is None:
            return [b""] * self.count
        values, start, out = self.values, 0, []
        for end in self.ends:
            out.append(values[start:end])
            start = end
        return out


def extent(terminfo: Any) -> tuple[int, int]:
    """Where a term's postings are: Whoosh's term info reads the length back as a
    1-tuple (its own matcher never uses it)."""
    offset, length = terminfo.extent()
    return offset, length[0] if isinstance(length, tuple) else length


def read_blocks(postfile: Any, offset: int, length: int, want_values: bool) -> list[Block]:
    """Every block of one term's postings, from one read of its extent."""
    data = memoryview(postfile.get(offset, length))
    if bytes(data[:4]) != MAGIC:
        raise ValueError("not an rjtui posting list (rebuild the index)")
    blocks, pos = [], 4
    while True:
        block = Block(data, pos, want_values)
        blocks.append(block)
        if block.last:
            return blocks
        pos = block.next


class PackedLeafMatcher(W3LeafMatcher):
    """Whoosh's block matcher over :class:`PackedPostingsWriter` blocks."""

    def _read_header(self) -> None:
        self._data_bytes = memoryview(self._postfile.get(self._startoffset, self._length))
        if bytes(self._data_bytes[:4]) != MAGIC:
            raise ValueError("not an rjtui posting list (rebuild the index)")
        self._baseoffset = 4

    def _goto(self, position: int) -> None:
        self._block = Block(self._data_bytes, position, True)
        self._data = self._block
        self._ids = self._block.ids
        self._weights = self._block.weights
        self._values: list[bytes] | None = None
        self._i = 0
        self._lastblock = self._block.last
        self._nextoffset = self._block.next
        self._blocklength = self._block.count
        self._maxid = self._block.maxid
        self._maxweight = self._block.maxweight
        self._compression = 0
        self._minlength = self._maxlength = None

    def _read_data(self) -> None:
        pass

    def _read_ids(self) -> None:
        self._ids = self._block.ids

    def _read_weights(self) -> None:
        self._weights = self._block.weights

    def _read_values(self) -> None:
        self._values = self._block.value_list()


class PassageCodec(W3Codec):
    """Whoosh's codec with :mod:`rjtui.search.postings` blocks, no per-posting length
    statistics and no zlib.

    rjtui scores without length normalisation (``rjtui.search.evaluate``), and
    reading each document's length back for every posting is a third of the
    build; zlib costs more build and query time than the disk space it saves.
    """

    length_stats = False

    def __init__(self) -> None:
        super().__init__(blocklimit=BLOCK_POSTINGS, compression=0, inlinelimit=1)

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> W3PostingsWriter:
        if byteids:  # term vectors (rjtui's schema has none)
            return super().postings_writer(dbfile, byteids)
        return PackedPostingsWriter(dbfile, blocklimit=self._blocklimit, compression=0)

    def postings_reader(
        self, dbfile: Any, terminfo: Any, format_: Any, term: Any = None, scorer: Any = None
    ) -> Any:
        if terminfo.is_inlined():
            ids, weights, values = terminfo.inlined_postings()
            return ListMatcher(ids, weights, values, format_, scorer=scorer, term=term)
        offset, length = extent(terminfo)
        return PackedLeafMatcher(dbfile, offset, length, format_, term=term, scorer=scorer)
