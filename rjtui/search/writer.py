"""The index writer: Whoosh's ``SegmentWriter`` with postings grouped by term in memory.

Whoosh buffers every posting as a tuple, sorts the buffer, pickles it to a
temporary run file whenever ``limitmb`` is reached and heap-merges the runs
back at commit: for passage documents that sort, pickle and merge were a
third of a full build. Postings arrive in document order, so grouping them by
term and sorting only the (far fewer) terms gives the same sorted stream
without any of that. The buffer stays bounded: past ``limitmb`` the groups are
written out as one sorted run and merged at commit exactly as Whoosh does.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from typing import Any

from whoosh.writing import PostingPool, SegmentWriter

from rjtui.search.schema import BODY_POSITIONS, DEFAULT_FIELD, PackedPositions

_TERM_OVERHEAD = 400
"""Approximate bytes held per distinct term (key tuple, arrays, dict slot)."""
_POSTING_BYTES = 12
"""Bytes per posting besides its value: a docnum, a weight and a value end offset."""
_POSITION_POSTING_BYTES = 8
"""The same for a position field's posting (no weight is kept, see below)."""

Posting = tuple[str, bytes, int, float, bytes]


class GroupedPostingPool(PostingPool):
    """A ``PostingPool`` that keeps postings compactly, grouped by (field, term).

    Relies on what ``SegmentWriter`` guarantees: documents, including those of
    segments merged in, are numbered in the order their postings are added, so
    each term's postings are already in document order. A position field's
    weight is its value's frequency times the field boost, so it is derived on
    the way out instead of being buffered (10 bytes a typical posting, not 14).
    """

    def __init__(self, tempstore: Any, segment: Any, limitmb: int) -> None:
        super().__init__(tempstore, segment, limitmb=limitmb)
        self._terms: dict[tuple[str, bytes], tuple[array, array | None, bytearray, array]] = {}
        self._formats: dict[str, PackedPositions] = {}

    def add(self, item: Posting) -> None:
        self._add(*item)
        if self.currentsize > self.limit:
            self.save()

    def add_positions(
        self, fieldname: str, docnum: int, fmt: PackedPositions, positions: dict[str, list[int]]
    ) -> None:
        """Add one document's postings for a :class:`PackedPositions` field, from its
        analysed ``positions`` (see ``PackedPositions.positions``)."""
        self._formats[fieldname] = fmt
        group_of = self._terms.get
        encode = fmt.encode
        size = 0
        for term, found in positions.items():
            key = (fieldname, term.encode("utf-8"))
            group = group_of(key)
            if group is None:
                group = self._terms[key] = (array("I"), None, bytearray(), array("I"))
                self.fieldnames.add(fieldname)
                size += _TERM_OVERHEAD + len(key[1])
            docnums, weights, values, ends = group
            docnums.append(docnum)
            if weights is not None:  # a group begun by _add (postings of a merged segment)
                weights.append(len(found) * fmt.field_boost)
            vbytes = encode(found)
            values += vbytes
            ends.append(len(values))
            size += _POSITION_POSTING_BYTES + len(vbytes)
        self.currentsize += size
        if self.currentsize > self.limit:
            self.save()

    def _add(
        self, fieldname: str, tbytes: bytes, docnum: int, weight: float, vbytes: bytes
    ) -> None:
        group = self._terms.get((fieldname, tbytes))
        if group is None:
            group = self._terms[fieldname, tbytes] = (
                array("I"),
                array("f"),
                bytearray(),
                array("I"),
            )
            self.fieldnames.add(fieldname)
            self.currentsize += _TERM_OVERHEAD + len(tbytes)
        docnums, weights, values, ends = group
        docnums.append(docnum)
        if weights is not None:  # else a position group: the weight follows from the value
            weights.append(weight)
        if vbytes:
            values += vbytes
            self.currentsize += len(vbytes)
        ends.append(len(values))
        self.currentsize += _POSTING_BYTES

    def _sorted_items(self) -> Iterator[Posting]:
        terms, self._terms = self._terms, {}
        for key in sorted(terms):
            fieldname, tbytes = key
            docnums, weights, values, ends = terms.pop(key)
            start = 0
            if weights is None:
                fmt = self._formats[fieldname]
                freq, boost = fmt.decode_frequency, fmt.field_boost
                for docnum, end in zip(docnums, ends, strict=True):
                    value = bytes(values[start:end])
                    yield fieldname, tbytes, docnum, freq(value) * boost, value
                    start = end
                continue
            for docnum, weight, end in zip(docnums, weights, ends, strict=True):
                yield fieldname, tbytes, docnum, weight, bytes(values[start:end])
                start = end

    def save(self) -> None:
        if self._terms:
            path, f = self._new_run()
            self._write_run(f, self._sorted_items())
            self._add_run(path)
        self.currentsize = 0

    def items(self, maxfiles: int = 128) -> Iterator[Posting]:
        if not self.runs:
            return self._sorted_items()
        return super().items(maxfiles)


class PassageWriter(SegmentWriter):
    """``SegmentWriter`` using :class:`GroupedPostingPool`, with a leaner ``add_document``.

    Whoosh's ``add_document`` hands every posting through three generators and
    a tuple; here a :class:`PackedPositions` field goes from term positions
    straight into the pool. rjtui's schema has no term vectors, spelling
    fields, scorable lengths or per-document boosts, so those are not handled.
    """

    def __init__(self, ix: Any, *, limitmb: int, **kwargs: Any) -> None:
        super().__init__(ix, limitmb=limitmb, **kwargs)
        self.pool = GroupedPostingPool(self._tempstorage, self.newsegment, limitmb)
        self.vocabulary: dict[str, str] = {}
        """Every term this writer indexed -> the shortest word it came from (the
        "did you mean" vocabulary: what was indexed, nothing a query typed)."""

    def buffered_mb(self) -> float:
        """How much the posting buffer holds (what ``limitmb`` bounds)."""
        return self.pool.currentsize / (1 << 20)

    def add_document(self, **fields: Any) -> None:
        self._check_state()
        schema, pool, perdoc, docnum = self.schema, self.pool, self.perdocwriter, self.docnum
        names = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, names)
        perdoc.start_doc(docnum)
        try:
            for name in names:
                value = fields[name]
                if value is None:
                    continue
                field = schema[name]
                if isinstance(field.format, PackedPositions):
                    positions = fields.get(BODY_POSITIONS) if name == DEFAULT_FIELD else None
                    if positions is None:
                        positions = field.format.positions(value, self.vocabulary)
                    pool.add_positions(name, docnum, field.format, positions)
                elif field.indexed:
                    for tbytes, _freq, weight, vbytes in field.index(value):
                        pool.add((name, tbytes, docnum, weight, vbytes))
                perdoc.add_field(name, field, value if field.stored else None, 0)
                if field.column_type:
                    perdoc.add_column_value(name, field.column_type, field.to_column_value(value))
        except Exception:
            perdoc.cancel_doc()
            raise
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1
